/* Negotiating a Child SA inside IKE_AUTH or CREATE_CHILD_SA: the SA, TSi and TSr
 * payloads on both sides (RFC 7296 1.3, 2.9), and its keys (2.17). */
#ifndef CORE_CHILD_NEG_H
#define CORE_CHILD_NEG_H
#include <stdbool.h>
#include <stdint.h>

#include "core/exchange.h"
#include "core/proposals.h"
#include "core/sa.h"

struct pluto;

/* Initiator: the child's proposed selectors, mode and protocol from its
 * connection. */
int child_neg_prepare(struct child_sa *ch);
/* Initiator: USE_TRANSPORT_MODE (and ESP_TFC_PADDING_NOT_SUPPORTED) and the SA
 * payload with our ESP offer and inbound SPI. pfs_dh: the group for a
 * CREATE_CHILD_SA KE (0: none, as in IKE_AUTH). */
int child_neg_emit_sa(struct pluto *p, struct ike_sa *sa, struct child_sa *ch,
		      struct msg_out *mo, uint16_t pfs_dh);
/* Initiator: TSi and TSr from the prepared selectors. */
void child_neg_emit_ts(struct msg_out *mo, const struct child_sa *ch);
/* Responder: chooses a proposal and narrows the selectors for ch (whose
 * connection is set). need_dh: a KE came with the request (PFS). Returns 0, or
 * the notify to answer with (N_NO_PROPOSAL_CHOSEN, N_TS_UNACCEPTABLE,
 * N_INVALID_SYNTAX). */
int child_neg_respond(struct pluto *p, struct ike_sa *sa, struct child_sa *ch,
		      const struct msg_in *m, bool need_dh, struct chosen *out);
/* The same, and when the peer's selectors or proposal do not fit ch's connection,
 * another connection between the same hosts for the same peer identity that they
 * do fit (ch is moved to it). */
int child_neg_respond_any(struct pluto *p, struct ike_sa *sa, struct child_sa *ch,
			  const struct msg_in *m, bool need_dh, struct chosen *out);
/* Responder: writes the chosen SA (with our inbound SPI), TSi and TSr. */
void child_neg_emit_response(struct msg_out *mo, const struct child_sa *ch,
			     const struct chosen *c);
/* Initiator: checks the response's SA, TSi, TSr against what was offered and
 * fills ch. Returns 0 or the notify that describes the problem. */
int child_neg_accept(struct pluto *p, struct ike_sa *sa, struct child_sa *ch,
		     const struct msg_in *m);
/* Derives the child's keys from SK_d, the nonces and (PFS) g^ir. */
int child_neg_keys(struct ike_sa *sa, struct child_sa *ch, const uint8_t *gir, size_t gir_len,
		   const uint8_t *ni, size_t ni_len, const uint8_t *nr, size_t nr_len);
/* The ESP offer options for a connection. */
void child_offer_opts(struct pluto *p, const struct ike_sa *sa, const struct child_sa *ch,
		      uint16_t pfs_dh, struct offer_opts *o);

#endif
