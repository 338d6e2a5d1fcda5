/* libFuzzer target: the IKE message decoder. Every byte string goes through the
 * header check, the payload chain walk, and each payload's own parser, exactly as
 * core/receive.c applies them to network input. */
#include <stddef.h>
#include <stdint.h>

#include "core/msg.h"

static void parse_payloads(const struct payload_list *l)
{
	for (unsigned i = 0; i < l->n; i++) {
		const struct payload *pl = &l->p[i];
		union {
			struct sa_payload sa;
			struct ke_view ke;
			struct id_view id;
			struct auth_view auth;
			struct notify_view n;
			struct delete_view d;
			struct ts_list ts;
			struct skf_view skf;
		} u;
		const uint8_t *nonce;
		size_t len;

		switch (pl->type) {
		case PL_SA:
			pl_sa(pl, &u.sa);
			break;
		case PL_KE:
			pl_ke(pl, &u.ke);
			break;
		case PL_IDI:
		case PL_IDR:
			pl_id(pl, &u.id);
			break;
		case PL_AUTH:
			pl_auth(pl, &u.auth);
			break;
		case PL_NONCE:
			pl_nonce(pl, &nonce, &len);
			break;
		case PL_NOTIFY:
			pl_notify(pl, &u.n);
			break;
		case PL_DELETE:
			pl_delete(pl, &u.d);
			break;
		case PL_TSI:
		case PL_TSR:
			pl_ts(pl, &u.ts);
			break;
		case PL_SKF:
			pl_skf(pl, &u.skf);
			break;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ike_hdr hdr;
	struct payload_list l;
	uint8_t bad;

	/* As a whole message... */
	if (msg_parse_header(data, size, &hdr) == MSG_OK &&
	    msg_parse_chain(hdr.next_payload, data + IKE_HDR_LEN, size - IKE_HDR_LEN, &l, &bad) ==
		    MSG_OK)
		parse_payloads(&l);
	/* ...and as a decrypted inner chain whose first type is the first byte. */
	if (size > 1 && msg_parse_chain(data[0], data + 1, size - 1, &l, &bad) == MSG_OK)
		parse_payloads(&l);
	return 0;
}
