/* Connections as the daemon holds them: a loaded `struct conn` (immutable, from
 * config/), oriented (which end is us), plus runtime state. A template (right=%any)
 * spawns instances, one per peer, named "name"[N] as Libreswan names them. */
#ifndef CORE_CONNECTION_H
#define CORE_CONNECTION_H
#include <stdbool.h>
#include <stdint.h>

#include "config/conn.h"
#include "core/endpoint.h"
#include "core/hash.h"

struct pluto;
struct pubkey;
struct privkey;

enum routing {
	RT_UNROUTED = 0,
	RT_ROUTED_PROSPECTIVE, /* trap policies installed (auto=route / ondemand) */
	RT_ROUTED_TUNNEL,      /* an established Child SA's policies are installed */
};

struct connection {
	struct hnode by_name;
	struct hnode by_peer;           /* remote_addr, or "any" for a template */
	bool in_by_peer;
	bool listed;                    /* in the daemon's lists */
	uint64_t seq;                   /* order added: the first match wins */
	struct connection *prev, *next; /* all connections, in the order added */
	struct conn *cfg;               /* owned; an instance shares its template's */
	const struct conn_end *local, *remote;
	bool local_is_left;

	struct connection *template_of; /* for an instance: its template */
	unsigned instance_no;           /* [N] for an instance, 0 otherwise */
	unsigned next_instance_no;      /* for a template */
	unsigned refs;                  /* SAs that point here */
	struct ike_sa *ikes, *ikes_tail; /* IKE SAs with sa->c here, by serial */

	struct ip_addr local_addr;      /* resolved this end's address */
	struct ip_addr remote_addr;     /* peer address; unset for a template */
	uint16_t remote_port;

	uint32_t reqid;
	enum routing routing;
	unsigned policy_users;          /* Child SAs whose policies are installed */
	uint32_t newest_ike, newest_child; /* serials, 0 = none */
	uint32_t whack_waiting;         /* client attached by --up until a result */
	unsigned tries;                 /* keyingtries used */

	struct pubkey *peer_key;        /* from rightrsasigkey= (raw RSA) */
	struct privkey *my_key;         /* from the key store (by CKAID) */
	bool deleting;
};

/* "\"name\"" or "\"name\"[1] 192.0.2.2" for log prefixes; returns buf. */
char *connection_name(const struct connection *c, char *buf, size_t len);

#endif
