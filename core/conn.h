/* Loading, orienting, finding and deleting connections; template instances. */
#ifndef CORE_CONN_H
#define CORE_CONN_H
#include <stdbool.h>

#include "core/connection.h"
#include "core/pluto.h"

/* Takes ownership of cfg (from conn_clone()). Replaces a connection of the
 * same name. Logs "added connection description" to whack. 0 or -errno. */
int conn_add(struct pluto *p, struct conn *cfg, uint32_t whack, struct connection **out);
/* Tears down its SAs and policies, then forgets it (and its instances). */
void conn_delete(struct pluto *p, struct connection *c, uint32_t whack);
struct connection *conn_by_name(struct pluto *p, const char *name);
/* Works out which end is us, our address and the peer's; false when neither end
 * is this host (logged to whack with RC_ORIENT). */
bool conn_orient(struct pluto *p, struct connection *c);
/* An instance of a template for a peer that turned up. */
struct connection *conn_instantiate(struct pluto *p, struct connection *tmpl,
				    const struct ip_addr *peer);
/* Frees an instance nobody uses any more. */
void conn_release_instance(struct pluto *p, struct connection *c);
/* Responder: the connections a peer at `remote` talking to `local` may mean, best
 * first: exact peer address, then templates (%any). Calls fn until it returns
 * true; returns the connection it accepted or NULL. */
struct connection *conn_find_for_peer(struct pluto *p, const struct ip_addr *local,
				      const struct ip_addr *remote,
				      bool (*fn)(struct connection *c, void *arg), void *arg);
/* Loads the keys a connection authenticates with (raw RSA: the peer's from
 * rightrsasigkey=, ours from the key store by CKAID). */
int conn_load_keys(struct pluto *p, struct connection *c, uint32_t whack);
enum auth_method conn_local_auth(const struct connection *c);
enum auth_method conn_remote_auth(const struct connection *c);
uint16_t conn_ike_port(const struct pluto *p, const struct conn_end *e);

#endif
