/* Ending SAs: deletes with or without telling the peer, fatal errors, time-outs
 * and what a dead peer's connection does next (dpdaction=, keyingtries=). */
#ifndef CORE_TERMINATE_H
#define CORE_TERMINATE_H
#include <stdbool.h>
#include <stdint.h>

struct pluto;
struct ike_sa;
struct connection;

/* Removes the IKE SA, its Child SAs and their kernel state. With send_delete the
 * peer gets an INFORMATIONAL Delete first (sent once, not retransmitted).
 * Logs "deleting state (...) aged Ns and [NOT ]sending notification". */
void ike_sa_delete(struct pluto *p, struct ike_sa *sa, bool send_delete);
/* Removes the SA, its Child SAs and kernel state, quietly (its Delete exchange is
 * done). */
void ike_sa_remove(struct pluto *p, struct ike_sa *sa);
/* "encountered fatal error in state ..." (RC_FATAL to whack), then delete. */
void ike_sa_fatal(struct pluto *p, struct ike_sa *sa);
/* The outstanding request got no answer: retry (keyingtries) or act on a dead
 * peer (dpdaction). */
void ike_sa_timed_out(struct pluto *p, struct ike_sa *sa);
/* ipsec auto --down / --delete: every SA of the connection (and its instances). */
void terminate_connection(struct pluto *p, struct connection *c, uint32_t whack, bool quiet);
/* INITIAL_CONTACT: the peer restarted; forget its older IKE SAs. */
void terminate_peer_others(struct pluto *p, struct ike_sa *keep);
/* Arms the time-out that removes a responder's SA if IKE_AUTH never comes. */
void ike_sa_arm_half_open_timeout(struct pluto *p, struct ike_sa *sa);

#endif
