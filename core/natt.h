/* NAT detection (RFC 7296 2.23): the NAT_DETECTION_*_IP hashes, what they tell,
 * moving to port 4500, and keepalives (RFC 3948). */
#ifndef CORE_NATT_H
#define CORE_NATT_H
#include <stdbool.h>
#include <stdint.h>

#include "core/exchange.h"
#include "core/msg.h"
#include "core/sa.h"

/* SHA-1(SPIi | SPIr | IP | port). */
void natd_hash(const uint8_t spi_i[8], const uint8_t spi_r[8], const struct endpoint *e,
	       uint8_t out[20]);
/* Adds both NAT_DETECTION notifies for a message from local to remote. With
 * `fake_source` (encapsulation=yes) the source hash is random, so that both
 * ends believe there is a NAT and use ESP-in-UDP. */
void natd_emit(struct msg_out *mo, const uint8_t spi_i[8], const uint8_t spi_r[8],
	       const struct endpoint *local, const struct endpoint *remote, bool fake_source);
/* Reads the peer's NAT_DETECTION notifies in m (hashes with the given SPIs) and
 * sets sa->nat_local / sa->nat_remote. Returns false when the peer sent none. */
bool natd_check(struct ike_sa *sa, const struct msg_in *m, const uint8_t spi_i[8],
		const uint8_t spi_r[8]);
/* Initiator after IKE_SA_INIT: float both ports to 4500 when NAT was found (or
 * forced). */
void natt_float(struct pluto *p, struct ike_sa *sa);
/* Starts keepalives when we are behind a NAT. */
void natt_start_keepalive(struct pluto *p, struct ike_sa *sa);

#endif
