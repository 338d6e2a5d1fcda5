#include "core/sk.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/ike_sa.h"
#include "crypto/random.h"

struct sk_dir {
	const uint8_t *ekey, *akey;
};

static struct sk_dir keys_for(const struct ike_keys *k, bool from_initiator)
{
	return from_initiator ? (struct sk_dir){ k->sk_ei, k->sk_ai }
			      : (struct sk_dir){ k->sk_er, k->sk_ar };
}

static size_t icv_len(const struct ike_keys *k)
{
	return k->encr->aead ? k->encr->icv_len : k->integ->icv_len;
}

/* Writes one complete message: header, SK or SKF payload with `chunk` inside.
 * Returns its length or 0. */
static size_t seal_one(const struct ike_keys *k, struct sk_dir d, const struct ike_hdr *hdr,
		       uint8_t np, bool fragment, uint16_t frag_no, uint16_t frag_total,
		       const uint8_t *chunk, size_t chunk_len, uint8_t *out, size_t cap)
{
	const struct encr_desc *e = k->encr;
	size_t bs = e->block_size > 1 ? e->block_size : 1;
	size_t pad = bs - (chunk_len + 1) % bs;
	size_t ct_len, icv = icv_len(k), msg_len;
	struct msg_out m;
	uint8_t *iv, *ct, *mac;

	if (pad == bs)
		pad = 0;
	ct_len = chunk_len + pad + 1;
	mo_begin(&m, out, cap, hdr);
	mo_open(&m, fragment ? PL_SKF : PL_SK, false);
	m.w.p[m.open] = np; /* the inner chain's first type (first fragment only) */
	if (fragment) {
		wr_u16(&m.w, frag_no);
		wr_u16(&m.w, frag_total);
	}
	size_t aad_len = m.w.len; /* RFC 5282 5.1 / RFC 7383 2.5: through the payload header */
	iv = wr_reserve(&m.w, e->iv_len);
	ct = wr_reserve(&m.w, ct_len);
	mac = wr_reserve(&m.w, icv);
	msg_len = mo_finish(&m);
	if (!msg_len || !iv || !ct || !mac)
		return 0;
	random_bytes(iv, e->iv_len);
	memcpy(ct, chunk, chunk_len);
	/* RFC 7296 3.14: padding content is arbitrary; zeros, then the pad length. */
	memset(ct + chunk_len, 0, pad);
	ct[chunk_len + pad] = (uint8_t)pad;
	if (e->aead) {
		if (encr_encrypt(e, d.ekey, k->ekey_len, iv, out, aad_len, ct, ct_len, mac) < 0)
			return 0;
	} else {
		struct chunk whole = CHUNK(out, msg_len - icv);
		if (encr_encrypt(e, d.ekey, k->ekey_len, iv, NULL, 0, ct, ct_len, NULL) < 0)
			return 0;
		integ_compute(k->integ, d.akey, &whole, 1, mac);
	}
	return msg_len;
}

struct wire *sk_seal(const struct ike_keys *k, bool we_are_original_initiator,
		     const struct ike_hdr *hdr, uint8_t first, const uint8_t *plain,
		     size_t plain_len, size_t frag_max)
{
	struct sk_dir d = keys_for(k, we_are_original_initiator);
	const struct encr_desc *e = k->encr;
	size_t bs = e->block_size > 1 ? e->block_size : 1;
	size_t overhead = IKE_HDR_LEN + IKE_PAYLOAD_HDR_LEN + e->iv_len + icv_len(k) + bs;
	size_t whole = overhead + plain_len;
	struct wire *w;

	if (frag_max == 0 || whole <= frag_max) {
		w = wire_alloc(whole);
		if (!w)
			return NULL;
		size_t n = seal_one(k, d, hdr, first, false, 0, 0, plain, plain_len, w->data, whole);
		if (!n) {
			free(w);
			return NULL;
		}
		w->n = 1;
		w->len[0] = (uint16_t)n;
		return w;
	}

	/* RFC 7383: equal-sized pieces, each sealed on its own; only the first
	 * carries the inner chain's first payload type. */
	size_t frag_overhead = overhead + 4;
	if (frag_max <= frag_overhead + bs)
		return NULL;
	size_t room = frag_max - frag_overhead;
	room -= room % bs; /* keep the padding inside the limit */
	size_t total = (plain_len + room - 1) / room;
	if (total > WIRE_MAX_FRAGS)
		return NULL;
	w = wire_alloc(total * frag_max);
	if (!w)
		return NULL;
	size_t off = 0, used = 0;
	for (size_t i = 0; i < total; i++) {
		size_t len = plain_len - off < room ? plain_len - off : room;
		size_t n = seal_one(k, d, hdr, i == 0 ? first : PL_NONE, true, (uint16_t)(i + 1),
				    (uint16_t)total, plain + off, len, w->data + used,
				    w->total - used);
		if (!n) {
			free(w);
			return NULL;
		}
		w->len[i] = (uint16_t)n;
		used += n;
		off += len;
	}
	w->n = (uint16_t)total;
	return w;
}

int sk_open(const struct ike_keys *k, bool sender_is_original_initiator,
	    const uint8_t *msg, size_t msg_len, const struct payload *sk, uint8_t *out,
	    size_t *out_len)
{
	struct sk_dir d = keys_for(k, sender_is_original_initiator);
	const struct encr_desc *e = k->encr;
	size_t icv = icv_len(k);
	size_t skip = sk->type == PL_SKF ? 4 : 0; /* fragment number and total */
	const uint8_t *body = sk->body + skip;
	size_t body_len = sk->body_len - skip;
	size_t aad_len = (size_t)(sk->body - msg) + skip;
	size_t ct_len;
	uint8_t pad;
	int err;

	if (sk->body_len < skip || body_len < e->iv_len + icv + 1)
		return -EINVAL;
	/* The encrypted payload must end the message (checked by the parser). */
	if ((size_t)(body + body_len - msg) != msg_len)
		return -EINVAL;
	ct_len = body_len - e->iv_len - icv;
	if (e->block_size > 1 && ct_len % e->block_size)
		return -EINVAL;
	memcpy(out, body + e->iv_len, ct_len);
	if (e->aead) {
		err = encr_decrypt(e, d.ekey, k->ekey_len, body, msg, aad_len, out, ct_len,
				   body + e->iv_len + ct_len);
	} else {
		uint8_t mac[INTEG_MAX_ICV];
		struct chunk whole = CHUNK(msg, msg_len - icv);
		integ_compute(k->integ, d.akey, &whole, 1, mac);
		if (!ct_equal(mac, msg + msg_len - icv, icv))
			return -EBADMSG;
		err = encr_decrypt(e, d.ekey, k->ekey_len, body, NULL, 0, out, ct_len, NULL);
	}
	if (err < 0) {
		wipe(out, ct_len);
		return err == -EBADMSG ? -EBADMSG : -EINVAL;
	}
	pad = out[ct_len - 1];
	if ((size_t)pad + 1 > ct_len) {
		wipe(out, ct_len);
		return -EINVAL;
	}
	*out_len = ct_len - pad - 1;
	return 0;
}
