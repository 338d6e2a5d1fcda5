/* Creating, finding and freeing IKE and Child SAs, and logging with their
 * Libreswan-style prefix ("\"name\"[1] 192.0.2.2 #3: "). */
#ifndef CORE_IKE_SA_H
#define CORE_IKE_SA_H
#include "core/pluto.h"
#include "core/sa.h"

struct ike_sa *ike_sa_new(struct pluto *p, struct connection *c, bool initiator);
/* Finds by our SPI: SPIi for SAs we began, SPIr for the others. */
struct ike_sa *ike_sa_by_spi(struct pluto *p, const uint8_t spi[8]);
/* A responder's half-open SA for a retransmitted IKE_SA_INIT. */
/* Sets the text of the authenticated peer ID (takes ownership; NULL clears) and
 * indexes the SA by it. */
void ike_sa_set_peer_id(struct pluto *p, struct ike_sa *sa, char *id);
/* The IKE SAs with this peer ID text: the first, then the next after `from`. */
struct ike_sa *ike_sa_first_by_peer_id(struct pluto *p, const char *id);
struct ike_sa *ike_sa_next_by_peer_id(const struct ike_sa *from);
struct ike_sa *ike_sa_by_init(struct pluto *p, const uint8_t spi_i[8],
			      const struct endpoint *remote);
void ike_sa_index_init(struct pluto *p, struct ike_sa *sa);
void ike_sa_unindex_init(struct pluto *p, struct ike_sa *sa);
/* May another half-open SA be created for this peer? Otherwise why not. */
bool ike_half_open_allowed(struct pluto *p, const struct ip_addr *peer, const char **why);
/* The responder's SA is authenticated: it no longer counts as half-open. */
void ike_sa_not_half_open(struct pluto *p, struct ike_sa *sa);
/* Frees the SA and its Child SAs (which must have left the kernel already). */
void ike_sa_free(struct pluto *p, struct ike_sa *sa);
void ike_sa_set_connection(struct pluto *p, struct ike_sa *sa, struct connection *c);
void ike_handshake_free(struct ike_sa *sa);
/* Our SPI in this SA. */
const uint8_t *ike_sa_our_spi(const struct ike_sa *sa);
const char *ike_state_name(const struct ike_sa *sa);

struct child_sa *child_sa_new(struct pluto *p, struct ike_sa *ike, struct connection *c);
void child_sa_index(struct pluto *p, struct child_sa *ch);   /* by inbound SPI */
struct child_sa *child_sa_by_spi(struct pluto *p, uint32_t spi_in);
/* Unlinks from its IKE SA and frees; kernel state must be gone already. */
void child_sa_free(struct pluto *p, struct child_sa *ch);
/* Moves a Child SA to another IKE SA (IKE SA rekey). */
void child_sa_move(struct child_sa *ch, struct ike_sa *to);
struct child_sa *child_sa_by_serial(struct ike_sa *ike, uint32_t serial);

void ike_log(struct pluto *p, const struct ike_sa *sa, enum rc rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void child_log(struct pluto *p, const struct child_sa *ch, enum rc rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Logs with the Child SA's prefix when there is one, else the IKE SA's. */
void child_or_ike_log(struct pluto *p, const struct ike_sa *sa, const struct child_sa *ch,
		      enum rc rc, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void conn_log(struct pluto *p, const struct connection *c, uint32_t whack, enum rc rc,
	      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* The whack client to tell about this SA: its own, or its connection's. */
uint32_t ike_sa_whack(struct pluto *p, const struct ike_sa *sa);
/* Tells the attached whack client the outcome and lets it go. */
void ike_sa_release_whack(struct pluto *p, struct ike_sa *sa);

struct wire *wire_alloc(size_t total);

#endif
