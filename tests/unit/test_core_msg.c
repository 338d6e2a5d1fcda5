/* The IKE codec: building and parsing messages, rejecting malformed ones, the
 * SK payload (whole and as RFC 7383 fragments), proposals and traffic selectors. */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "core/msg.h"
#include "core/proposals.h"
#include "core/sk.h"
#include "core/ts.h"
#include "core/keymat.h"
#include "tests/unit/check.h"

static size_t build_sample(uint8_t *buf, size_t cap)
{
	struct ike_hdr hdr = { .exchange = IKE_SA_INIT, .flags = IKE_FLAG_INITIATOR };
	struct msg_out mo;
	static const uint8_t nonce[32] = { 1, 2, 3 };
	static const uint8_t pub[32] = { 9 };
	memset(hdr.spi_i, 0xaa, 8);
	mo_begin(&mo, buf, cap, &hdr);
	mo_ke(&mo, 31, pub, sizeof(pub));
	mo_nonce(&mo, nonce, sizeof(nonce));
	mo_notify(&mo, PROTO_NONE, NULL, 0, N_IKEV2_FRAGMENTATION_SUPPORTED, NULL, 0);
	return mo_finish(&mo);
}

static void test_build_parse(void)
{
	uint8_t buf[512];
	size_t len = build_sample(buf, sizeof(buf));
	struct ike_hdr hdr;
	struct payload_list l;
	struct ke_view ke;
	struct notify_view nv;
	uint8_t bad;

	CHECK(len == 28 + 4 + 4 + 32 + 4 + 32 + 8, "built message has the expected length (%zu)", len);
	CHECK(msg_parse_header(buf, len, &hdr) == MSG_OK && hdr.exchange == IKE_SA_INIT &&
		      hdr.next_payload == PL_KE && hdr.length == len,
	      "header parses back");
	CHECK(msg_parse_chain(hdr.next_payload, buf + 28, len - 28, &l, &bad) == MSG_OK && l.n == 3,
	      "three payloads in the chain");
	CHECK(pl_ke(pl_find(&l, PL_KE), &ke) == 0 && ke.group == 31 && ke.len == 32, "KE payload");
	CHECK(pl_find_notify(&l, N_IKEV2_FRAGMENTATION_SUPPORTED, &nv) && nv.len == 0,
	      "notify payload found by type");
	CHECK(msg_parse_header(buf, len - 1, &hdr) == MSG_BAD_LENGTH, "datagram shorter than header length: rejected");
	CHECK(msg_parse_header(buf, 27, &hdr) == MSG_TRUNCATED, "27 bytes: truncated");
	buf[17] = 0x10;
	CHECK(msg_parse_header(buf, len, &hdr) == MSG_BAD_VERSION, "IKEv1 version: rejected");
	buf[17] = 0x20;
	/* A payload length that overruns the message. */
	buf[28 + 3] = 200;
	CHECK(msg_parse_chain(PL_KE, buf + 28, len - 28, &l, &bad) == MSG_BAD_CHAIN,
	      "payload length past the end: rejected");
	buf[28 + 3] = 3;
	CHECK(msg_parse_chain(PL_KE, buf + 28, len - 28, &l, &bad) == MSG_BAD_CHAIN,
	      "payload length below 4: rejected");
	buf[28 + 3] = 40;
	/* An unknown critical payload type. */
	buf[28] = 99;
	buf[28 + 4 + 4 + 32 + 1] = 0x80;
	CHECK(msg_parse_chain(PL_KE, buf + 28, len - 28, &l, &bad) == MSG_UNSUPPORTED_CRITICAL &&
		      bad == 99,
	      "unknown critical payload: UNSUPPORTED_CRITICAL_PAYLOAD");
	buf[28 + 4 + 4 + 32 + 1] = 0;
	CHECK(msg_parse_chain(PL_KE, buf + 28, len - 28, &l, &bad) == MSG_OK && l.n == 2 &&
		      l.p[1].type == PL_NOTIFY,
	      "unknown non-critical payload: skipped, chain continues after it");
}

static void test_bad_payloads(void)
{
	struct payload p = { .type = PL_NONCE };
	uint8_t body[300] = { 0 };
	const uint8_t *n;
	size_t nl;
	struct ts_list ts;
	struct delete_view dv;

	p.body = body;
	p.body_len = 15;
	CHECK(pl_nonce(&p, &n, &nl) < 0, "15-byte nonce rejected (RFC 7296 2.10)");
	p.body_len = 257;
	CHECK(pl_nonce(&p, &n, &nl) < 0, "257-byte nonce rejected");
	p.body_len = 16;
	CHECK(pl_nonce(&p, &n, &nl) == 0, "16-byte nonce accepted");
	/* TS payload claiming one IPv4 selector of the wrong length. */
	uint8_t tsb[] = { 1, 0, 0, 0, 7, 0, 0, 20, 0, 0, 255, 255, 192, 0, 2, 0, 192, 0, 2, 255 };
	p.type = PL_TSI;
	p.body = tsb;
	p.body_len = sizeof(tsb);
	CHECK(pl_ts(&p, &ts) < 0, "IPv4 selector with length 20: rejected");
	tsb[7] = 16;
	p.body_len = 16 + 4;
	CHECK(pl_ts(&p, &ts) == 0 && ts.n == 1 && ts.ts[0].eport == 65535, "IPv4 selector parses");
	uint8_t db[] = { 3, 4, 0, 2, 1, 2, 3, 4, 5, 6, 7 };
	p.type = PL_DELETE;
	p.body = db;
	p.body_len = sizeof(db);
	CHECK(pl_delete(&p, &dv) < 0, "Delete with 2 SPIs but 7 bytes: rejected");
	uint8_t sab[] = { 0, 0, 0, 8, 1, 1, 0, 5 };
	p.type = PL_SA;
	p.body = sab;
	p.body_len = sizeof(sab);
	struct sa_payload *sa = malloc(sizeof(*sa));
	CHECK(pl_sa(&p, sa) < 0, "proposal announcing 5 transforms with none present: rejected");
	free(sa);
}

static void fill_keys(struct ike_keys *k, uint16_t encr, uint16_t bits, uint16_t integ)
{
	memset(k, 0, sizeof(*k));
	k->prf = prf_lookup(IKEV2_PRF_HMAC_SHA2_256);
	k->encr = encr_lookup(encr);
	k->encr_bits = bits;
	k->integ = integ ? integ_lookup(integ) : NULL;
	keymat_sizes(k);
	for (size_t i = 0; i < sizeof(k->sk_ei); i++) {
		k->sk_ei[i] = (uint8_t)i;
		k->sk_er[i] = (uint8_t)(i + 100);
	}
	for (size_t i = 0; i < sizeof(k->sk_ai); i++) {
		k->sk_ai[i] = (uint8_t)(i * 3);
		k->sk_ar[i] = (uint8_t)(i * 5);
	}
}

static void seal_open(uint16_t encr, uint16_t bits, uint16_t integ, size_t plain_len,
		      size_t frag_max, const char *what)
{
	struct ike_keys k;
	struct ike_hdr hdr = { .exchange = IKE_AUTH, .flags = IKE_FLAG_INITIATOR, .msgid = 1 };
	uint8_t *plain = malloc(plain_len), *got = malloc(plain_len + 4096), *out = malloc(65536);
	size_t got_len = 0, n;
	struct wire *w;
	bool ok = true;

	fill_keys(&k, encr, bits, integ);
	for (size_t i = 0; i < plain_len; i++)
		plain[i] = (uint8_t)(i * 7);
	w = sk_seal(&k, true, &hdr, PL_IDI, plain, plain_len, frag_max);
	if (!w) {
		CHECK(0, "%s: sealed", what);
		goto out;
	}
	for (unsigned f = 0; f < w->n && ok; f++) {
		const uint8_t *pkt = wire_packet(w, f);
		struct ike_hdr h;
		struct payload_list l;
		uint8_t bad;
		ok = frag_max == 0 || w->len[f] <= frag_max;
		ok = ok && msg_parse_header(pkt, w->len[f], &h) == MSG_OK &&
		     msg_parse_chain(h.next_payload, pkt + 28, w->len[f] - 28, &l, &bad) == MSG_OK &&
		     l.n == 1;
		ok = ok && sk_open(&k, true, pkt, w->len[f], &l.p[0], out, &n) == 0;
		if (ok) {
			memcpy(got + got_len, out, n);
			got_len += n;
		}
		/* Responder keys must not open an initiator's message. */
		if (ok && f == 0)
			ok = sk_open(&k, false, pkt, w->len[f], &l.p[0], out, &n) == -EBADMSG;
	}
	CHECK(ok && got_len == plain_len && memcmp(got, plain, plain_len) == 0,
	      "%s: %u packet(s) decrypt to the plaintext; wrong direction's keys fail", what, w->n);
	/* One flipped bit anywhere in the first packet: integrity fails. */
	{
		uint8_t *pkt = (uint8_t *)wire_packet(w, 0);
		struct ike_hdr h;
		struct payload_list l;
		uint8_t bad;
		pkt[w->len[0] - 20] ^= 1;
		msg_parse_header(pkt, w->len[0], &h);
		msg_parse_chain(h.next_payload, pkt + 28, w->len[0] - 28, &l, &bad);
		CHECK(sk_open(&k, true, pkt, w->len[0], &l.p[0], out, &n) == -EBADMSG,
		      "%s: a flipped bit fails the integrity check", what);
	}
	free(w);
out:
	free(plain);
	free(got);
	free(out);
}

static void test_sk(void)
{
	seal_open(IKEV2_ENCR_AES_GCM_16, 256, 0, 300, 0, "AES_GCM_16_256");
	seal_open(IKEV2_ENCR_AES_CBC, 128, IKEV2_INTEG_HMAC_SHA2_256_128, 301, 0,
		  "AES_CBC_128 + HMAC_SHA2_256_128");
	seal_open(IKEV2_ENCR_CHACHA20_POLY1305, 0, 0, 17, 0, "CHACHA20_POLY1305");
	seal_open(IKEV2_ENCR_AES_CTR, 256, IKEV2_INTEG_HMAC_SHA2_512_256, 100, 0,
		  "AES_CTR_256 + HMAC_SHA2_512_256");
	seal_open(IKEV2_ENCR_AES_GCM_16, 128, 0, 5000, FRAG_MAX_IPV4, "AES_GCM_16_128, 548-byte fragments");
	seal_open(IKEV2_ENCR_AES_CBC, 256, IKEV2_INTEG_HMAC_SHA1_96, 3000, FRAG_MAX_IPV6,
		  "AES_CBC_256 + HMAC_SHA1_96, 1232-byte fragments");
}

static struct proposal_list one_prop(uint16_t encr, uint16_t bits, uint16_t prf, uint16_t dh)
{
	struct proposal_list l = { .count = 1 };
	l.p[0].n_encr = 1;
	l.p[0].encr[0] = (struct proposal_encr){ encr, bits };
	l.p[0].n_prf = 1;
	l.p[0].prf[0] = prf;
	l.p[0].n_dh = 1;
	l.p[0].dh[0] = dh;
	return l;
}

static void test_proposals(void)
{
	uint8_t buf[1024];
	struct msg_out mo;
	struct offer_opts o = { .proto = PROTO_IKE, .with_dh = true };
	struct proposal_list ours = one_prop(IKEV2_ENCR_AES_GCM_16, 0, IKEV2_PRF_HMAC_SHA2_256,
					     IKEV2_DH_CURVE25519);
	struct proposal_list theirs = one_prop(IKEV2_ENCR_AES_GCM_16, 128, IKEV2_PRF_HMAC_SHA2_256,
					       IKEV2_DH_CURVE25519);
	struct proposal_list other = one_prop(IKEV2_ENCR_AES_CBC, 256, IKEV2_PRF_HMAC_SHA2_512,
					      IKEV2_DH_ECP384);
	struct payload_list l;
	struct sa_payload *sa = malloc(sizeof(*sa));
	struct chosen c;
	uint8_t bad;

	mo_begin_chain(&mo, buf, sizeof(buf));
	CHECK(sa_emit_offer(NULL, &mo, &ours, &o) == 0, "offer written");
	msg_parse_chain(mo_first_type(&mo), buf, mo.w.len, &l, &bad);
	CHECK(pl_sa(&l.p[0], sa) == 0 && sa->n_props == 1 && sa->props[0].n_trans == 4,
	      "aes_gcm without a size is offered as 256 and 128 (Libreswan's IKE order)");
	CHECK(sa->props[0].trans[0].key_bits == 256 && sa->props[0].trans[1].key_bits == 128,
	      "256 first, then 128");
	CHECK(sa_select(NULL, sa, &theirs, &o, true, &c) == 0 && c.encr_bits == 128 &&
		      c.dh == IKEV2_DH_CURVE25519 && c.integ == 0,
	      "responder configured for 128 picks AES_GCM_16_128 with no integrity");
	CHECK(sa_select(NULL, sa, &other, &o, true, &c) == -ENOENT,
	      "no overlap: NO_PROPOSAL_CHOSEN");
	mo_begin_chain(&mo, buf, sizeof(buf));
	sa_emit_chosen(&mo, &c);
	msg_parse_chain(mo_first_type(&mo), buf, mo.w.len, &l, &bad);
	CHECK(pl_sa(&l.p[0], sa) == 0 && sa_accept(NULL, sa, &ours, &o, &c) == 0,
	      "initiator accepts the chosen proposal it offered");
	CHECK(sa_accept(NULL, sa, &other, &o, &c) < 0, "initiator rejects a choice it never offered");
	free(sa);
}

static void test_ts(void)
{
	struct ip_subnet s24, s16, host;
	struct ts a, b, x;
	struct ts_list theirs = { .n = 1 }, ours = { .n = 1 };
	struct ts out[4];

	ip_subnet_parse("192.0.2.0/24", &s24);
	ip_subnet_parse("192.0.0.0/16", &s16);
	ip_subnet_parse("192.0.2.7/32", &host);
	ts_from_subnet(&a, &s24, 0, 0);
	ts_from_subnet(&b, &s16, 0, 0);
	CHECK(ts_within(&a, &b) && !ts_within(&b, &a), "/24 within /16, not the reverse");
	CHECK(ts_intersect(&a, &b, &x) && ts_equal(&x, &a), "intersection of /24 and /16 is the /24");
	struct ip_subnet back;
	CHECK(ts_to_subnet(&x, &back) && back.prefix == 24, "range back to 192.0.2.0/24");
	char d[100];
	ts_describe(&a, d, sizeof(d));
	CHECK_STR(d, "192.0.2.0-192.0.2.255:0-65535 0", "Libreswan's selector text");
	theirs.ts[0] = b;
	ours.ts[0] = a;
	CHECK(ts_narrow(&theirs, &ours, false, out, 4) == 1 && ts_equal(&out[0], &a),
	      "peer's /16 covers our /24: answer with our /24");
	theirs.ts[0] = a;
	ts_from_subnet(&ours.ts[0], &s16, 0, 0);
	CHECK(ts_narrow(&theirs, &ours, false, out, 4) == 0,
	      "peer's /24 does not cover our /16: TS_UNACCEPTABLE without narrowing");
	CHECK(ts_narrow(&theirs, &ours, true, out, 4) == 1 && ts_equal(&out[0], &a),
	      "with narrowing=yes: narrowed to the /24");
	ts_from_subnet(&theirs.ts[0], &host, 17, 1701);
	ts_from_subnet(&ours.ts[0], &s24, 17, 0);
	CHECK(ts_narrow(&theirs, &ours, true, out, 4) == 1 && out[0].sport == 1701 &&
		      out[0].proto == 17,
	      "protocol and port narrow too");
}

int main(void)
{
	test_build_parse();
	test_bad_payloads();
	test_sk();
	test_proposals();
	test_ts();
	return check_done();
}
