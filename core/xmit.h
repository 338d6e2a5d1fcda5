/* Sending IKE messages: requests with retransmission (window size 1, RFC 7296
 * 2.1 and 2.3), responses kept for answering retransmitted requests. */
#ifndef CORE_XMIT_H
#define CORE_XMIT_H
#include <stdbool.h>
#include <stdint.h>

#include "core/msg.h"
#include "core/pluto.h"
#include "core/sa.h"

#define XMIT_BUF 65536

/* The XMIT_BUF bytes a message is built in before it is sealed or copied out:
 * one buffer for the daemon's life, because a 64 KiB allocation per message
 * costs a map, an unmap and page faults in every exchange. A builder uses it
 * only until it returns and never while another message is being built.
 * NULL when out of memory. */
uint8_t *xmit_scratch(struct pluto *p);

/* The header for a message of this SA. */
void ike_hdr_for(const struct ike_sa *sa, uint8_t exchange, bool response, uint32_t msgid,
		 struct ike_hdr *hdr);
/* Encrypts an inner payload chain into a message (fragmenting when the peer
 * supports it and it is too big). NULL on failure (logged). */
struct wire *ike_seal(struct pluto *p, struct ike_sa *sa, uint8_t exchange, bool response,
		      uint32_t msgid, const struct msg_out *inner);
/* Sends every packet of w from the SA's endpoints. */
void ike_send_wire(struct pluto *p, const struct ike_sa *sa, const struct wire *w);
/* Sends a request (takes ownership of w), remembers what it was for, and retransmits
 * until answered or timed out. The message ID must be sa->next_msgid. */
void ike_send_request(struct pluto *p, struct ike_sa *sa, enum req_kind kind, struct wire *w);
/* The outstanding request was answered: stop retransmitting, advance the window,
 * and start whatever work was waiting for it. */
void ike_request_done(struct pluto *p, struct ike_sa *sa);
/* Sends a response and keeps it for retransmitted requests (takes ownership). */
void ike_send_response(struct pluto *p, struct ike_sa *sa, struct wire *w);
/* Answers request `msgid`: encrypts the inner chain, moves the peer's window on,
 * sends and keeps the answer. 0, or -EINVAL when it could not be built (logged). */
int ike_respond(struct pluto *p, struct ike_sa *sa, uint8_t exchange, uint32_t msgid,
		const struct msg_out *inner);
/* Can a new request be sent now (no request outstanding)? */
static inline bool ike_window_open(const struct ike_sa *sa)
{
	return sa->req == REQ_NONE;
}
/* Runs the work that waited for the window: rekey, liveness, delete. */
void ike_run_pending(struct pluto *p, struct ike_sa *sa);

#endif
