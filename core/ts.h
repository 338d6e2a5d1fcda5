/* Traffic selectors (RFC 7296 2.9, 3.13): what a connection's subnets and
 * protoport become on the wire, narrowing, and back to kernel selectors. */
#ifndef CORE_TS_H
#define CORE_TS_H
#include <stdbool.h>
#include <stddef.h>

#include "config/ip.h"
#include "core/msg.h"

struct connection;

void ts_from_subnet(struct ts *t, const struct ip_subnet *s, uint8_t proto, uint16_t port);
/* The connection's selectors for one end (local or remote), from leftsubnet(s)=
 * or the host address, with leftprotoport=. */
int ts_of_conn(const struct connection *c, bool local, struct ts_list *out);
bool ts_intersect(const struct ts *a, const struct ts *b, struct ts *out);
bool ts_within(const struct ts *inner, const struct ts *outer);
bool ts_equal(const struct ts *a, const struct ts *b);
/* The range as a subnet, when it is one. */
bool ts_to_subnet(const struct ts *t, struct ip_subnet *out);
/* Libreswan's form: "192.0.1.0-192.0.1.255:0-65535 0" */
void ts_describe(const struct ts *t, char *buf, size_t len);

/* Narrows the peer's proposal `theirs` to `ours` (RFC 7296 2.9). With narrowing
 * off (Libreswan's default), every selector of ours must be covered by the
 * proposal and the result is ours; with it on, any non-empty intersection is
 * taken. Returns the number of selectors written to out (0: TS_UNACCEPTABLE). */
unsigned ts_narrow(const struct ts_list *theirs, const struct ts_list *ours, bool narrowing,
		   struct ts *out, unsigned max);
/* Initiator: is what the responder returned within what we proposed, and (no
 * narrowing) all of it? */
bool ts_acceptable(const struct ts_list *got, const struct ts_list *proposed, bool narrowing);

#endif
