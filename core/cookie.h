/* COOKIEs against IKE_SA_INIT floods (RFC 7296 2.6): once the half-open IKE SAs
 * pass a threshold, a responder answers with a stateless cookie and keeps nothing
 * until the initiator comes back with it. */
#ifndef CORE_COOKIE_H
#define CORE_COOKIE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/exchange.h"

#define COOKIE_LEN 33 /* a secret version byte, then SHA-256 */

struct pluto;

bool cookie_required(struct pluto *p);
/* Cookie = version | SHA-256(Ni | IPi | SPIi | secret). */
void cookie_make(struct pluto *p, uint8_t version, const uint8_t *ni, size_t ni_len,
		 const struct endpoint *peer, const uint8_t spi_i[8], uint8_t out[COOKIE_LEN]);
/* Checks the first payload of m is a COOKIE notify made from our current or
 * previous secret. */
bool cookie_valid(struct pluto *p, const struct msg_in *m, const uint8_t *ni, size_t ni_len);
/* Answers m with a COOKIE notify (no state kept). */
void cookie_send(struct pluto *p, const struct msg_in *m, const uint8_t *ni, size_t ni_len);

#endif
