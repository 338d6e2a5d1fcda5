#include "core/terminate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/child.h"
#include "core/conn.h"
#include "core/connection.h"
#include "core/ike_init.h"
#include "core/ike_sa.h"
#include "core/xmit.h"

static void aged(const struct pluto *p, uint64_t since_ms, char *buf, size_t len)
{
	uint64_t ms = since_ms ? p->loop.now_ms - since_ms : 0;
	snprintf(buf, len, "%llu.%03llu", (unsigned long long)(ms / 1000),
		 (unsigned long long)(ms % 1000));
}

static void send_delete_once(struct pluto *p, struct ike_sa *sa)
{
	uint8_t buf[64];
	struct msg_out mo;
	struct wire *w;

	mo_begin_chain(&mo, buf, sizeof(buf));
	mo_delete(&mo, PROTO_IKE, NULL, 0);
	/* Sent as a request with the next ID; nobody waits for the answer. */
	w = ike_seal(p, sa, INFORMATIONAL, false, sa->next_msgid, &mo);
	if (w) {
		ike_send_wire(p, sa, w);
		free(w);
	}
}

void ike_sa_delete(struct pluto *p, struct ike_sa *sa, bool send_delete)
{
	char age[32];
	bool established = sa->state == IKE_ESTABLISHED || sa->state == IKE_DELETING;

	send_delete = send_delete && established;
	aged(p, sa->established_at_ms ? sa->established_at_ms : sa->req_started, age, sizeof(age));
	ike_log(p, sa, RC_LOG, "deleting state (%s) aged %ss and %ssending notification",
		ike_state_name(sa), age, send_delete ? "" : "NOT ");
	if (send_delete)
		send_delete_once(p, sa);
	ike_sa_remove(p, sa);
}

void ike_sa_remove(struct pluto *p, struct ike_sa *sa)
{
	struct connection *c = sa->c;

	while (sa->children) {
		struct child_sa *ch = sa->children;
		if (ch->state == CHILD_ESTABLISHED)
			child_log(p, ch, RC_LOG, "deleting other state #%u (%s)", ch->serial,
				  ch->initiator ? "STATE_V2_IPSEC_I" : "STATE_V2_IPSEC_R");
		child_uninstall(p, ch, false);
		child_sa_free(p, ch);
	}
	ike_sa_release_whack(p, sa);
	ike_sa_free(p, sa);
	conn_release_instance(p, c);
}

void ike_sa_fatal(struct pluto *p, struct ike_sa *sa)
{
	ike_log(p, sa, RC_FATAL, "encountered fatal error in state %s", ike_state_name(sa));
	ike_sa_delete(p, sa, false);
}

/* Deletes the SA and keeps its connection: the last SA of an instance would
 * otherwise take the instance with it before the caller is done with it. The
 * caller ends with conn_release_instance. */
static void delete_keeping_conn(struct pluto *p, struct ike_sa *sa)
{
	struct connection *c = sa->c;
	c->refs++;
	ike_sa_delete(p, sa, false);
	c->refs--;
}

/* dpdaction=: an established SA whose peer stopped answering goes, with
 * Libreswan's words for what becomes of its connection. */
static void dead_peer(struct pluto *p, struct ike_sa *sa)
{
	struct connection *c = sa->c;
	enum dpd_action action = c->cfg->dpdaction;

	switch (action) {
	case DPD_RESTART:
		ike_log(p, sa, RC_LOG,
			"liveness action - restarting all connections that share this peer");
		break;
	case DPD_HOLD:
		ike_log(p, sa, RC_LOG, "liveness action - putting connection into hold");
		break;
	default:
		ike_log(p, sa, RC_LOG, "liveness action - clearing connection kind %s",
			c->template_of ? "CK_INSTANCE" : "CK_PERMANENT");
		break;
	}
	delete_keeping_conn(p, sa);
	if (!c->deleting && action == DPD_RESTART)
		ike_init_start(p, c, 0);
	else if (!c->deleting && action == DPD_HOLD)
		child_route(p, c, 0); /* trap the traffic until a packet asks again */
	conn_release_instance(p, c);
}

void ike_sa_timed_out(struct pluto *p, struct ike_sa *sa)
{
	struct connection *c = sa->c;
	uint32_t whack = ike_sa_whack(p, sa);
	bool handshake = sa->state == IKE_I_INIT || sa->state == IKE_I_AUTH;

	if (handshake) {
		uint32_t limit = c->cfg->keyingtries;
		c->tries++;
		if (limit == 0 || c->tries < limit) {
			char story[96];
			if (limit == 0)
				snprintf(story, sizeof(story),
					 "starting keying attempt %u of an unlimited number", c->tries + 1);
			else
				snprintf(story, sizeof(story),
					 "starting keying attempt %u of at most %u", c->tries + 1, limit);
			if (whack)
				ike_log(p, sa, RC_COMMENT, "%s, but releasing whack", story);
			else
				ike_log(p, sa, RC_LOG, "%s", story);
			delete_keeping_conn(p, sa);
			if (!c->deleting)
				ike_init_start(p, c, 0);
			conn_release_instance(p, c);
			return;
		}
		c->tries = 0;
		ike_sa_delete(p, sa, false);
		return;
	}
	/* Our Delete went unanswered: the SA was going anyway. */
	if (sa->state == IKE_DELETING) {
		ike_sa_delete(p, sa, false);
		return;
	}
	dead_peer(p, sa);
}

/* Deleting an SA can free others (the half-made SA of its rekey), so every
 * search starts again from the head of the list. */
static struct ike_sa *first_of(struct pluto *p, const struct connection *c)
{
	for (struct ike_sa *sa = p->ikes; sa; sa = sa->next)
		if (sa->state != IKE_REKEY_LARVAL && (sa->c == c || (sa->c && sa->c->template_of == c)))
			return sa;
	return NULL;
}

void terminate_connection(struct pluto *p, struct connection *c, uint32_t whack, bool quiet)
{
	struct ike_sa *sa;
	bool any = false;

	/* Every Child SA belongs to an IKE SA of its own connection (or of an
	 * instance of it): deleting those IKE SAs deletes them all. */
	while ((sa = first_of(p, c)) != NULL) {
		if (!any && !quiet)
			conn_log(p, c, whack, RC_LOG, "terminating SAs using this connection");
		any = true;
		ike_sa_delete(p, sa, true);
	}
}

/* The oldest other established SA of this peer, through the index of peer IDs
 * (a walk over every SA per IKE_AUTH was quadratic). */
static struct ike_sa *older_of_peer(struct pluto *p, const struct ike_sa *keep)
{
	struct ike_sa *found = NULL;

	if (!keep->peer_id)
		return NULL;
	for (struct ike_sa *sa = ike_sa_first_by_peer_id(p, keep->peer_id); sa;
	     sa = ike_sa_next_by_peer_id(sa))
		if (sa != keep && sa->state == IKE_ESTABLISHED &&
		    (sa->c == keep->c ||
		     (sa->c->template_of && sa->c->template_of == keep->c->template_of)) &&
		    (!found || sa->serial < found->serial))
			found = sa;
	return found;
}

void terminate_peer_others(struct pluto *p, struct ike_sa *keep)
{
	struct ike_sa *sa;
	while ((sa = older_of_peer(p, keep)) != NULL) {
		ike_log(p, sa, RC_LOG, "the peer sent INITIAL_CONTACT: deleting its old IKE SA");
		ike_sa_delete(p, sa, false);
	}
}

static void half_open_expired(struct timer *t, void *ctx)
{
	struct pluto *p = ctx;
	struct ike_sa *sa = container_of(t, struct ike_sa, expire_timer);
	if (sa->state == IKE_R_INIT) {
		ike_log(p, sa, RC_LOG, "no IKE_AUTH request arrived; discarding the half-open IKE SA");
		ike_sa_delete(p, sa, false);
	}
}

void ike_sa_arm_half_open_timeout(struct pluto *p, struct ike_sa *sa)
{
	uint32_t ms = sa->c->cfg->retransmit_timeout_ms ? sa->c->cfg->retransmit_timeout_ms : 60000;
	evloop_after(&p->loop, &sa->expire_timer, ms, half_open_expired);
}
