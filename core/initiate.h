/* ipsec auto --up: starting (or reusing an IKE SA for) a connection's tunnel. */
#ifndef CORE_INITIATE_H
#define CORE_INITIATE_H
#include <stdbool.h>
#include <stdint.h>

struct pluto;
struct connection;

/* Returns 1 when whack stays attached to the negotiation until its outcome, 0 when
 * there is nothing more to wait for, or a negative errno after telling whack why
 * not. `background` (--asynchronous) never attaches. */
int initiate_connection(struct pluto *p, struct connection *c, uint32_t whack, bool background);

#endif
