/* IKEv2 key derivation (RFC 7296 2.14, 2.17, 2.18). */
#ifndef CORE_KEYMAT_H
#define CORE_KEYMAT_H
#include <stddef.h>
#include <stdint.h>

#include "core/sa.h"

/* k->prf, k->encr, k->encr_bits, k->integ must be set. Fills SK_d .. SK_pr from
 * SKEYSEED = prf(Ni | Nr, g^ir). Returns 0 or -EINVAL. */
int keymat_ike(struct ike_keys *k, const uint8_t *ni, size_t ni_len, const uint8_t *nr,
	       size_t nr_len, const uint8_t *gir, size_t gir_len, const uint8_t spi_i[8],
	       const uint8_t spi_r[8]);
/* IKE SA rekey: SKEYSEED = prf(SK_d(old), g^ir(new) | Ni | Nr), old->prf. */
int keymat_ike_rekey(struct ike_keys *k, const struct ike_keys *old, const uint8_t *ni,
		     size_t ni_len, const uint8_t *nr, size_t nr_len, const uint8_t *gir,
		     size_t gir_len, const uint8_t spi_i[8], const uint8_t spi_r[8]);
/* Child SA: KEYMAT = prf+(SK_d, [g^ir |] Ni | Nr); gir may be NULL. */
int keymat_child(const struct ike_keys *k, const uint8_t *gir, size_t gir_len,
		 const uint8_t *ni, size_t ni_len, const uint8_t *nr, size_t nr_len,
		 uint8_t *out, size_t out_len);
/* The IKE SA's algorithms from the chosen proposal (lookups by IANA ID). */
void keymat_set_algs(struct ike_keys *k, const struct chosen *c);
/* Sizes the keys from the negotiated algorithms. */
void keymat_sizes(struct ike_keys *k);

#endif
