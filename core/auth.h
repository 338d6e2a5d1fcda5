/* The AUTH payload (RFC 7296 2.15): the octets each side signs, shared-key
 * authentication (PSK, and NULL per RFC 7619), and signatures: RFC 7427 digital
 * signatures (RSA-PSS, PKCS#1 v1.5, ECDSA), the classic RSA method (1) and the
 * RFC 4754 ECDSA methods (9-11). */
#ifndef CORE_AUTH_H
#define CORE_AUTH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/msg.h"
#include "core/sa.h"
#include "crypto/sign.h"

/* Bits for SIGNATURE_HASH_ALGORITHMS (1 << hash number). */
#define SIGHASH_BIT(h) (1u << (h))

/* <msg> | <peer's nonce> | prf(SK_px, <ID payload body>); malloc'ed. */
int auth_octets(const struct ike_keys *k, bool for_initiator, const uint8_t *msg,
		size_t msg_len, const uint8_t *nonce, size_t nonce_len, const uint8_t *id_body,
		size_t id_len, uint8_t **out, size_t *out_len);

/* prf(prf(secret, "Key Pad for IKEv2"), octets) -> out (prf->out_len bytes). */
void auth_psk(const struct prf_desc *prf, const uint8_t *secret, size_t secret_len,
	      const uint8_t *octets, size_t octets_len, uint8_t *out);

struct sig_choice {
	uint8_t method;       /* IKE_AUTH_RSA, IKE_AUTH_DIGSIG, IKE_AUTH_ECDSA_* */
	enum sig_scheme scheme;
	enum sig_hash hash;
};

/* Chooses how to sign for a peer that advertised `peer_hashes` (bit set; 0 when it
 * sent no SIGNATURE_HASH_ALGORITHMS). Returns false when no acceptable method
 * exists (e.g. SHA-1 needed but not allowed). */
bool auth_choose_sig(enum key_type type, unsigned key_bits, uint8_t peer_hashes,
		     bool allow_rsa_sha1, struct sig_choice *out);
/* Signs octets and writes the AUTH payload's data (after the method byte):
 * for DIGSIG the AlgorithmIdentifier then the signature. */
int auth_sign(const struct privkey *key, const struct sig_choice *sc, const uint8_t *octets,
	      size_t octets_len, uint8_t *out, size_t *out_len);
/* Verifies an AUTH payload's signature. On success writes e.g. "RSA with
 * IKEv2_AUTH_HASH_SHA2_512" into desc, as Libreswan logs it. Returns 0, -EBADMSG (bad signature), -EPERM (method not
 * allowed, e.g. SHA-1), -EINVAL (malformed). */
int auth_verify(const struct pubkey *key, const struct auth_view *a, const uint8_t *octets,
		size_t octets_len, bool allow_sha1, char *desc, size_t desc_len);
const char *sig_hash_name(enum sig_hash h);

#endif
