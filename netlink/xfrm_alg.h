/* IANA IKEv2 transform IDs (RFC 7296 section 3.3.2, IANA "Transform Type 1/3")
 * and the Linux crypto API names XFRM knows them by. */
#ifndef NETLINK_XFRM_ALG_H
#define NETLINK_XFRM_ALG_H
#include <stdbool.h>
#include <stdint.h>

struct xfrm_encr_alg {
	uint16_t id;
	bool aead;
	uint8_t salt_bytes;     /* appended to the key: nonce (CTR) or salt (GCM, CCM) */
	uint16_t key_bits;      /* 0: AES, 128/192/256 from the Key Length attribute */
	uint16_t icv_bits;      /* AEAD only */
	const char *name;
};

struct xfrm_integ_alg {
	uint16_t id;
	uint16_t key_bits;
	uint16_t trunc_bits;
	const char *name;
};

/* NULL when the ID has no kernel mapping. */
const struct xfrm_encr_alg *xfrm_encr_alg(uint16_t encr_id);
const struct xfrm_integ_alg *xfrm_integ_alg(uint16_t integ_id);

/* Key bytes (key plus salt) the kernel expects for encr_id at encr_key_bits,
 * or -EINVAL when the size is not valid for it. key_bits 0 means "the only
 * size" for fixed-size ciphers. */
int xfrm_encr_key_len(const struct xfrm_encr_alg *alg, uint16_t key_bits);

/* ESP: an AEAD alone, or a cipher with an integrity algorithm. AH: encr_id 0
 * with an integrity algorithm. */
bool xfrm_alg_supported(uint16_t encr_id, uint16_t integ_id);

#endif
