/* The Encrypted payload (RFC 7296 3.14, RFC 5282 for AEAD) and its fragmented
 * form, Encrypted Fragment (RFC 7383). */
#ifndef CORE_SK_H
#define CORE_SK_H
#include <stddef.h>
#include <stdint.h>

#include "core/msg.h"
#include "core/sa.h"

/* RFC 7383 2.5.1: what fits an unfragmented path without knowing its MTU. */
#define FRAG_MAX_IPV4 (576 - 20 - 8)
#define FRAG_MAX_IPV6 (1280 - 40 - 8)

/* Encrypts the inner payload chain `plain` (first payload type `first`) into a
 * message with header `hdr` (length is filled in). With frag_max non-zero and the
 * message larger, emits RFC 7383 fragments of at most frag_max bytes each.
 * Returns the message(s), or NULL (no memory, or more than WIRE_MAX_FRAGS). */
struct wire *sk_seal(const struct ike_keys *k, bool we_are_original_initiator,
		     const struct ike_hdr *hdr, uint8_t first, const uint8_t *plain,
		     size_t plain_len, size_t frag_max);

/* Checks the ICV of an SK or SKF payload in message msg (as received) and
 * decrypts its contents into out (at least payload body length bytes).
 * *out_len receives the plaintext length without padding.
 * Returns 0, -EBADMSG (integrity failed) or -EINVAL (malformed). */
int sk_open(const struct ike_keys *k, bool sender_is_original_initiator,
	    const uint8_t *msg, size_t msg_len, const struct payload *sk, uint8_t *out,
	    size_t *out_len);

#endif
