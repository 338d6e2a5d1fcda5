/* X.509 certificates: parsing (subject, issuer, public key, subjectAltNames, CA
 * flag), Libreswan's text form of a DN, and chain validation with BearSSL's
 * x509_minimal engine. */
#ifndef CRYPTO_X509_H
#define CRYPTO_X509_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "crypto/keys.h"

struct cert;

/* Parses one DER certificate (copied). Returns 0, -EINVAL or -ENOMEM. A key of a
 * type other than RSA or EC P-256/384/521 leaves cert_pubkey NULL. */
int cert_from_der(const uint8_t *der, size_t len, struct cert **out);
void cert_free(struct cert *cert);

const uint8_t *cert_der(const struct cert *cert, size_t *len);
const struct pubkey *cert_pubkey(const struct cert *cert);
/* basicConstraints cA = TRUE */
bool cert_is_ca(const struct cert *cert);
/* DER Name (SEQUENCE with header), as IKEv2 ID_DER_ASN1_DN carries it. */
const uint8_t *cert_subject(const struct cert *cert, size_t *len);
const uint8_t *cert_issuer(const struct cert *cert, size_t *len);

/* GeneralName kinds (RFC 5280 tag numbers). */
enum san_type {
	SAN_EMAIL = 1,
	SAN_DNS = 2,
	SAN_DN = 4,
	SAN_URI = 6,
	SAN_IP = 7,
};
/* The i-th subjectAltName: its kind and contents (IP: 4 or 16 bytes; DN: DER
 * Name). Returns 0 or -ENOENT after the last. Other kinds are skipped. */
int cert_san(const struct cert *cert, size_t i, enum san_type *type, const uint8_t **val,
	     size_t *len);

/* Libreswan's text form of a DER Name: "C=CA, O=Libreswan, CN=east", RDNs in
 * the order of the encoding, RFC 4514 escapes, unknown attributes as OID=#hex.
 * Writes at most cap bytes including the NUL; returns the full length or -EINVAL
 * when the Name is malformed (-ENOSPC when it does not fit). */
int dn_to_text(const uint8_t *dn, size_t len, char *buf, size_t cap);

/* Validates chain[0] (the end entity) through chain[1..n-1] up to one of the
 * trust anchors, at time now. Returns 0, or -EACCES with a short reason in
 * *why (static text) when the chain does not validate. */
int x509_verify_chain(const struct cert *const *chain, size_t n,
		      const struct cert *const *anchors, size_t n_anchors, time_t now,
		      const char **why);

#endif
