#include "core/initiate.h"

#include <errno.h>
#include <stdio.h>

#include "core/conn.h"
#include "core/connection.h"
#include "core/create_child.h"
#include "core/ctl.h"
#include "core/ike_init.h"
#include "core/ike_sa.h"
#include "core/xmit.h"

static struct ike_sa *ike_for(struct connection *c)
{
	struct ike_sa *found = NULL;
	for (struct ike_sa *sa = c->ikes; sa; sa = sa->c_next)
		if (sa->state != IKE_DELETING && sa->state != IKE_REKEY_LARVAL)
			if (!found || sa->state == IKE_ESTABLISHED)
				found = sa;
	return found;
}

/* A Child SA always belongs to an IKE SA of its own connection (see
 * terminate_connection), so only those need looking at. */
static bool child_up(struct connection *c)
{
	for (struct ike_sa *sa = c->ikes; sa; sa = sa->c_next)
		for (struct child_sa *ch = sa->children; ch; ch = ch->next_in_ike)
			if (ch->c == c && ch->state == CHILD_ESTABLISHED)
				return true;
	return false;
}

int initiate_connection(struct pluto *p, struct connection *c, uint32_t whack, bool background)
{
	uint32_t attach = background ? 0 : whack;
	struct ike_sa *sa;

	if (!c->local && !conn_orient(p, c)) {
		char a[IP_STR_MAX], b[IP_STR_MAX];
		conn_log(p, c, whack, RC_ORIENT,
			 "we cannot identify ourselves with either end of this connection.  %s or %s "
			 "are not usable",
			 c->cfg->left.host_kind == HOST_ADDR
				 ? ip_addr_str(&c->cfg->left.host, a, sizeof(a))
				 : "%any",
			 c->cfg->right.host_kind == HOST_ADDR
				 ? ip_addr_str(&c->cfg->right.host, b, sizeof(b))
				 : "%any");
		return -EINVAL;
	}
	if (c->cfg->authby == AUTH_NEVER || c->cfg->type == CONN_PASSTHROUGH ||
	    c->cfg->type == CONN_DROP || c->cfg->type == CONN_REJECT) {
		conn_log(p, c, whack, RC_INITSHUNT, "cannot initiate an authby=never connection");
		return -EINVAL;
	}
	if (c->cfg->ikev2 == IKEV2_NEVER) {
		conn_log(p, c, whack, RC_FATAL, "cannot initiate: IKEv1 (ikev2=never) is not supported");
		return -EINVAL;
	}
	if (!c->remote_addr.family) {
		conn_log(p, c, whack, RC_NOPEERIP,
			 "cannot initiate connection without knowing peer IP address (kind=CK_TEMPLATE)");
		return -EINVAL;
	}
	if (!c->local_addr.family) {
		conn_log(p, c, whack, RC_ORIENT, "cannot find our own address for this connection");
		return -EINVAL;
	}
	c->tries = 0;
	sa = ike_for(c);
	if (sa && sa->state == IKE_ESTABLISHED) {
		if (child_up(c)) {
			conn_log(p, c, whack, RC_SUCCESS, "IPsec SA already established");
			return 0;
		}
		if (create_child_new(p, sa, c, attach) < 0)
			return -EINVAL;
		return attach ? 1 : 0;
	}
	if (sa) {
		/* Already negotiating: follow that attempt. */
		if (attach && !sa->whack) {
			sa->whack = attach;
			return 1;
		}
		return 0;
	}
	if (!ike_init_start(p, c, attach))
		return -EINVAL;
	return attach ? 1 : 0;
}
