/* The entry for every IKE message: header checks, finding the SA, message-ID
 * rules, retransmitted requests, decryption and fragment reassembly, then the
 * exchange's handler. Anything malformed is dropped here with a log line and
 * changes no state. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/connection.h"
#include "core/exchange.h"
#include "core/ike_sa.h"
#include "core/net.h"
#include "core/pluto.h"
#include "core/sk.h"
#include "core/xmit.h"

static void peer_str(const struct endpoint *e, char *buf, size_t len)
{
	endpoint_str(e, buf, len);
}

void log_unexpected(struct pluto *p, struct ike_sa *sa, const struct msg_in *m,
		    uint64_t missing)
{
	char line[512], pls[200];
	const char *xn = ike_exchange_name(m->hdr.exchange);
	int n = snprintf(line, sizeof(line), "dropping unexpected %s message", xn ? xn : "?");
	struct notify_view nv;

	for (unsigned i = 0; i < m->pl.n; i++) {
		if (m->pl.p[i].type == PL_NOTIFY && pl_notify(&m->pl.p[i], &nv) == 0) {
			const char *nn = ike_notify_name(nv.type);
			bool more = pl_find_nth(&m->pl, PL_NOTIFY, 1) != NULL;
			n += snprintf(line + n, sizeof(line) - (size_t)n, " containing %s%s notification",
				      nn ? nn : "UNKNOWN", more ? "..." : "");
			break;
		}
	}
	pl_describe(&m->pl, pls, sizeof(pls));
	n += snprintf(line + n, sizeof(line) - (size_t)n, "; message payloads: %s", pls);
	if (missing) {
		struct payload_list miss = { 0 };
		for (unsigned t = 32; t < 64 && miss.n < MSG_MAX_PAYLOADS; t++)
			if (missing & (1ULL << (t - 32)))
				miss.p[miss.n++].type = (uint8_t)t;
		pl_describe(&miss, pls, sizeof(pls));
		snprintf(line + n, sizeof(line) - (size_t)n, "; missing payloads: %s", pls);
	}
	if (sa)
		ike_log(p, sa, RC_LOG_SERIOUS, "%s", line);
	else
		plog(p, "%s", line);
}

/* Adds one decrypted fragment; returns 1 when the message is complete (its
 * plaintext assembled into *out), 0 to wait for more, <0 to drop. */
static int add_fragment(struct ike_sa *sa, const struct msg_in *m, const struct skf_view *f,
			uint8_t np, uint8_t *plain, size_t plain_len, uint8_t **out,
			size_t *out_len, uint8_t *first_np)
{
	struct frag_rx *r = sa->frags;
	bool response = (m->hdr.flags & IKE_FLAG_RESPONSE) != 0;

	if (f->total > WIRE_MAX_FRAGS)
		return -E2BIG;
	if (r && (r->msgid != m->hdr.msgid || r->response != response || r->total != f->total)) {
		/* A new message, or a sender that changed its mind (RFC 7383 2.6.1). */
		frag_rx_free(r);
		sa->frags = r = NULL;
	}
	if (!r) {
		r = calloc(1, sizeof(*r));
		if (!r)
			return -ENOMEM;
		r->msgid = m->hdr.msgid;
		r->response = response;
		r->total = f->total;
		sa->frags = r;
	}
	unsigned i = f->number - 1u;
	if (r->part[i])
		return 0; /* a duplicate fragment */
	if (r->bytes + plain_len > IKE_MAX_MSG)
		return -E2BIG;
	r->part[i] = malloc(plain_len ? plain_len : 1);
	if (!r->part[i])
		return -ENOMEM;
	memcpy(r->part[i], plain, plain_len);
	r->len[i] = (uint16_t)plain_len;
	r->bytes += plain_len;
	r->have++;
	if (f->number == 1)
		r->first_np = np;
	if (r->have < r->total)
		return 0;
	uint8_t *all = malloc(r->bytes ? r->bytes : 1);
	if (!all)
		return -ENOMEM;
	size_t off = 0;
	for (unsigned j = 0; j < r->total; j++) {
		memcpy(all + off, r->part[j], r->len[j]);
		off += r->len[j];
	}
	*out = all;
	*out_len = off;
	*first_np = r->first_np;
	frag_rx_free(r);
	sa->frags = NULL;
	return 1;
}

static void dispatch(struct pluto *p, struct ike_sa *sa, const struct msg_in *m)
{
	bool response = (m->hdr.flags & IKE_FLAG_RESPONSE) != 0;

	if (response) {
		switch (m->hdr.exchange) {
		case IKE_AUTH:
			if (sa->req == REQ_IKE_AUTH)
				ike_auth_response(p, sa, m);
			return;
		case CREATE_CHILD_SA:
			if (sa->req == REQ_CREATE_CHILD || sa->req == REQ_REKEY_CHILD ||
			    sa->req == REQ_REKEY_IKE)
				create_child_response(p, sa, m);
			return;
		case INFORMATIONAL:
			informational_response(p, sa, m);
			return;
		}
		dbg(p, DBG_BASE, "response to an exchange we did not start; dropped");
		return;
	}
	switch (m->hdr.exchange) {
	case IKE_AUTH:
		if (sa->state == IKE_R_INIT) {
			ike_auth_responder(p, sa, m);
			return;
		}
		break;
	case CREATE_CHILD_SA:
		if (sa->state == IKE_ESTABLISHED) {
			create_child_responder(p, sa, m);
			return;
		}
		break;
	case INFORMATIONAL:
		if (sa->state == IKE_ESTABLISHED || sa->state == IKE_DELETING ||
		    sa->state == IKE_R_INIT) {
			informational_responder(p, sa, m);
			return;
		}
		break;
	}
	log_unexpected(p, sa, m, 0);
}

/* Decrypts an encrypted message (SK or a complete set of SKF) into m->pl. */
static void decrypt_and_dispatch(struct pluto *p, struct ike_sa *sa, struct msg_in *m,
				 const struct payload *sk)
{
	uint8_t *plain = malloc(sk->body_len ? sk->body_len : 1);
	uint8_t *whole = NULL;
	size_t plain_len = 0, whole_len;
	uint8_t first = sk->next, bad;
	bool from_init = (m->hdr.flags & IKE_FLAG_INITIATOR) != 0;
	int err;

	if (!plain)
		return;
	err = sk_open(&sa->k, from_init, m->raw, m->raw_len, sk, plain, &plain_len);
	if (err < 0) {
		/* Integrity failures are dropped without a word to the peer (RFC 7296 2.21.2). */
		ike_log(p, sa, RC_LOG, "dropping %s message: %s",
			ike_exchange_name(m->hdr.exchange) ? ike_exchange_name(m->hdr.exchange) : "?",
			err == -EBADMSG ? "integrity check failed" : "malformed encrypted payload");
		goto out;
	}
	if (sk->type == PL_SKF) {
		struct skf_view f;
		if (!sa->frag_ok || pl_skf(sk, &f) < 0)
			goto out;
		err = add_fragment(sa, m, &f, sk->next, plain, plain_len, &whole, &whole_len, &first);
		if (err <= 0)
			goto out;
		wipe(plain, plain_len);
		free(plain);
		plain = whole;
		plain_len = whole_len;
	}
	err = msg_parse_chain(first, plain, plain_len, &m->pl, &bad);
	if (err < 0) {
		if (err == MSG_UNSUPPORTED_CRITICAL)
			ike_log(p, sa, RC_LOG_SERIOUS,
				"message has unsupported critical payload %u; dropped", bad);
		else
			ike_log(p, sa, RC_LOG_SERIOUS, "malformed payloads inside encrypted %s message",
				ike_exchange_name(m->hdr.exchange) ? ike_exchange_name(m->hdr.exchange)
								   : "?");
		goto out;
	}
	sa->last_peer_msg_ms = p->loop.now_ms;
	dispatch(p, sa, m);
out:
	if (plain) {
		wipe(plain, plain_len);
		free(plain);
	}
}

void ike_receive(struct pluto *p, const uint8_t *raw, size_t len,
		 const struct endpoint *local, const struct endpoint *remote)
{
	struct msg_in m = { .raw = raw, .raw_len = len, .local = *local, .remote = *remote };
	char peer[ENDPOINT_STR_MAX];
	struct ike_sa *sa;
	bool response, from_init;
	const uint8_t *ours;
	uint8_t bad;
	int err;

	err = msg_parse_header(raw, len, &m.hdr);
	if (err < 0) {
		peer_str(remote, peer, sizeof(peer));
		if (err == MSG_BAD_VERSION && len >= IKE_HDR_LEN && raw[17] >> 4 == 1)
			plog(p, "packet from %s: IKEv1 is not supported; dropped", peer);
		else
			plog(p, "packet from %s: malformed IKE header (%s); dropped", peer,
			     err == MSG_TRUNCATED ? "truncated" : err == MSG_BAD_LENGTH ? "length mismatch"
											 : "bad version");
		return;
	}
	response = (m.hdr.flags & IKE_FLAG_RESPONSE) != 0;
	from_init = (m.hdr.flags & IKE_FLAG_INITIATOR) != 0;

	if (m.hdr.exchange == IKE_SA_INIT && !response) {
		static const uint8_t zero[8];
		if (!from_init || m.hdr.msgid != 0 || memcmp(m.hdr.spi_r, zero, 8) != 0 ||
		    memcmp(m.hdr.spi_i, zero, 8) == 0)
			return;
		sa = ike_sa_by_init(p, m.hdr.spi_i, remote);
		if (sa) {
			/* A resent request: resend our answer, nothing more. */
			if (sa->last_resp && sa->last_resp_msgid == 0 && sa->state == IKE_R_INIT)
				ike_send_wire(p, sa, sa->last_resp);
			return;
		}
		err = msg_parse_chain(m.hdr.next_payload, raw + IKE_HDR_LEN, len - IKE_HDR_LEN, &m.pl,
				      &bad);
		if (err < 0) {
			peer_str(remote, peer, sizeof(peer));
			plog(p, "IKE_SA_INIT request from %s has malformed payloads; dropped", peer);
			return;
		}
		ike_init_responder(p, &m);
		return;
	}

	/* Our SPI is the responder's when the sender began the SA, else the initiator's. */
	ours = from_init ? m.hdr.spi_r : m.hdr.spi_i;
	sa = ike_sa_by_spi(p, ours);
	if (!sa || sa->original_initiator == from_init) {
		peer_str(remote, peer, sizeof(peer));
		dbg(p, DBG_BASE, "%s message from %s for an unknown IKE SA; dropped",
		    ike_exchange_name(m.hdr.exchange) ? ike_exchange_name(m.hdr.exchange) : "?", peer);
		return;
	}
	/* The peer's SPI must be the one we know (learnt from its IKE_SA_INIT answer). */
	if (!(m.hdr.exchange == IKE_SA_INIT && response) &&
	    memcmp(from_init ? m.hdr.spi_i : m.hdr.spi_r, from_init ? sa->spi_i : sa->spi_r, 8))
		return;

	if (response) {
		if (sa->req == REQ_NONE || m.hdr.msgid != sa->req_msgid)
			return; /* a late or forged answer to nothing outstanding */
	} else if (m.hdr.msgid != sa->peer_msgid) {
		if (sa->last_resp && m.hdr.msgid == sa->last_resp_msgid &&
		    m.hdr.msgid + 1 == sa->peer_msgid) {
			dbg(p, DBG_BASE, "retransmitted request; resending our response");
			ike_send_wire(p, sa, sa->last_resp);
		}
		return;
	}

	err = msg_parse_chain(m.hdr.next_payload, raw + IKE_HDR_LEN, len - IKE_HDR_LEN, &m.pl, &bad);
	if (err < 0) {
		ike_log(p, sa, RC_LOG_SERIOUS, "malformed %s message; dropped",
			ike_exchange_name(m.hdr.exchange) ? ike_exchange_name(m.hdr.exchange) : "?");
		return;
	}
	if (m.hdr.exchange == IKE_SA_INIT) {
		if (sa->state == IKE_I_INIT && sa->req == REQ_IKE_SA_INIT)
			ike_init_response(p, sa, &m);
		return;
	}
	const struct payload *sk = m.pl.n ? &m.pl.p[m.pl.n - 1] : NULL;
	if (!sk || (sk->type != PL_SK && sk->type != PL_SKF)) {
		log_unexpected(p, sa, &m, 1ULL << (PL_SK - 32));
		return;
	}
	decrypt_and_dispatch(p, sa, &m, sk);
}
