/* SA payloads: our offer built from ike=/esp= (config/proposal.h), the
 * responder's choice from a peer's offer, and the initiator's check of the reply.
 * Key lengths follow Libreswan: an algorithm named without a length is offered
 * as both its largest and its default size (IKE high-to-low, ESP low-to-high). */
#ifndef CORE_PROPOSALS_H
#define CORE_PROPOSALS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/proposal.h"
#include "core/msg.h"

struct pluto;

struct chosen {
	uint8_t num;        /* the peer's proposal number */
	uint8_t proto;      /* PROTO_IKE, PROTO_ESP, PROTO_AH */
	uint8_t spi_len;
	uint8_t spi[8];     /* the SPI the proposal carried */
	uint16_t encr, encr_bits, prf, integ, dh;
	bool esn;
};

struct offer_opts {
	uint8_t proto;              /* PROTO_IKE or PROTO_ESP / PROTO_AH */
	const uint8_t *spi;         /* our SPI for it (none in IKE_SA_INIT) */
	uint8_t spi_len;
	bool with_dh;               /* include DH transforms (not in IKE_AUTH) */
	uint16_t default_dh;        /* esp= without a group, PFS: use this one */
	bool esn;                   /* offer ESN (esn=yes) */
	bool fips;                  /* only FIPS-allowed algorithms */
	uint16_t prefer_dh;         /* responder: the group of the KE that came, when
				       acceptable, saves an INVALID_KE round trip */
};

/* Writes an SA payload with our proposals. Returns 0 or -EINVAL when nothing
 * usable remains (e.g. every algorithm unsupported). */
int sa_emit_offer(struct pluto *p, struct msg_out *m, const struct proposal_list *pl,
		  const struct offer_opts *o);
/* Writes an SA payload with one chosen proposal. */
void sa_emit_chosen(struct msg_out *m, const struct chosen *c);
/* Responder: picks from the peer's offer by our preference. need_dh: the
 * exchange carries a KE (IKE_SA_INIT, CREATE_CHILD_SA with PFS). Returns 0 or
 * -ENOENT (NO_PROPOSAL_CHOSEN). */
int sa_select(struct pluto *p, const struct sa_payload *offer, const struct proposal_list *pl,
	      const struct offer_opts *o, bool need_dh, struct chosen *out);
/* Initiator: checks the responder's single proposal was one we offered. */
int sa_accept(struct pluto *p, const struct sa_payload *reply, const struct proposal_list *pl,
	      const struct offer_opts *o, struct chosen *out);
/* "cipher=AES_GCM_16_256 integ=n/a prf=HMAC_SHA2_512 group=MODP2048" */
void chosen_describe_ike(const struct chosen *c, char *buf, size_t len);
/* "AES_GCM_16_256-NONE" (and "-MODP2048" with PFS) as in "xfrm=" */
void chosen_describe_esp(const struct chosen *c, char *buf, size_t len);
/* The DH group our first proposal would use (for the KE we send first). */
uint16_t proposal_first_dh(struct pluto *p, const struct proposal_list *pl, uint16_t dflt,
			   bool fips);
/* Is the group in any of our proposals? (INVALID_KE_PAYLOAD handling) */
bool proposal_has_dh(const struct proposal_list *pl, uint16_t group, uint16_t dflt);

#endif
