#include "core/informational.h"

#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "core/child.h"
#include "core/create_child.h"
#include "core/connection.h"
#include "core/exchange.h"
#include "core/ike_sa.h"
#include "core/rekey_collision.h"
#include "core/terminate.h"
#include "core/xmit.h"

static void send_request(struct pluto *p, struct ike_sa *sa, enum req_kind kind,
			 struct msg_out *mo, struct child_sa *ch)
{
	struct wire *w = ike_seal(p, sa, INFORMATIONAL, false, sa->next_msgid, mo);
	if (!w)
		return;
	ike_send_request(p, sa, kind, w);
	sa->req_child = ch;
}

void informational_send_delete_ike(struct pluto *p, struct ike_sa *sa)
{
	uint8_t buf[64];
	struct msg_out mo;

	mo_begin_chain(&mo, buf, sizeof(buf));
	mo_delete(&mo, PROTO_IKE, NULL, 0);
	ike_log(p, sa, RC_LOG, "deleting state (%s) and sending notification", ike_state_name(sa));
	sa->state = IKE_DELETING;
	send_request(p, sa, REQ_DELETE_IKE, &mo, NULL);
}

void informational_send_delete_child(struct pluto *p, struct ike_sa *sa, struct child_sa *ch)
{
	uint8_t buf[64];
	struct msg_out mo;

	mo_begin_chain(&mo, buf, sizeof(buf));
	mo_delete(&mo, ch->proto, &ch->spi_in, 1);
	ch->state = CHILD_DELETING;
	ch->delete_sent = true;
	send_request(p, sa, REQ_DELETE_CHILD, &mo, ch);
}

void informational_send_liveness(struct pluto *p, struct ike_sa *sa)
{
	uint8_t buf[8];
	struct msg_out mo;
	mo_begin_chain(&mo, buf, sizeof(buf));
	send_request(p, sa, REQ_LIVENESS, &mo, NULL);
}

/* Finds our Child SA by the SPI the peer uses for it (our outbound SPI). */
static struct child_sa *child_by_peer_spi(struct ike_sa *sa, uint8_t proto, uint32_t spi)
{
	for (struct child_sa *ch = sa->children; ch; ch = ch->next_in_ike)
		if (ch->proto == proto && ch->spi_out == spi)
			return ch;
	return NULL;
}

void informational_responder(struct pluto *p, struct ike_sa *sa, const struct msg_in *m)
{
	uint8_t buf[1024];
	struct msg_out mo;
	bool delete_ike = false;
	uint32_t msgid = m->hdr.msgid;
	/* Children the peer deleted: ours go back in one Delete (RFC 7296 1.4.1). */
	uint32_t ours[64];
	uint8_t our_proto = PROTO_ESP;
	unsigned n_ours = 0;

	for (unsigned i = 0; i < m->pl.n; i++) {
		struct delete_view dv;
		const struct payload *pl = &m->pl.p[i];
		if (pl->type == PL_NOTIFY) {
			struct notify_view nv;
			if (pl_notify(pl, &nv) == 0 && nv.type < N_ERROR_MAX) {
				const char *nn = ike_notify_name(nv.type);
				ike_log(p, sa, RC_LOG, "received INFORMATIONAL notification %s",
					nn ? nn : "UNKNOWN");
			}
			continue;
		}
		if (pl->type != PL_DELETE || pl_delete(pl, &dv) < 0)
			continue;
		if (dv.proto == PROTO_IKE) {
			delete_ike = true;
			continue;
		}
		for (unsigned j = 0; j < dv.n_spi; j++) {
			uint32_t spi;
			struct child_sa *ch;
			memcpy(&spi, dv.spis + 4 * j, 4);
			ch = child_by_peer_spi(sa, dv.proto, spi);
			if (!ch)
				continue;
			child_log(p, ch, RC_LOG_SERIOUS, "received Delete SA payload: delete IPsec State #%u now",
				  ch->serial);
			if (ch->state != CHILD_DELETING && n_ours < 64) {
				ours[n_ours++] = ch->spi_in;
				our_proto = ch->proto;
			}
			child_uninstall(p, ch, false);
			if (sa->req_child == ch)
				sa->req_child = NULL;
			child_sa_free(p, ch);
		}
	}
	mo_begin_chain(&mo, buf, sizeof(buf));
	if (n_ours && !delete_ike) {
		mo_delete(&mo, our_proto, ours, (uint16_t)n_ours);
	}
	ike_respond(p, sa, INFORMATIONAL, msgid, &mo);
	if (delete_ike) {
		struct ike_sa *twin = collision_ike_twin(sa);
		ike_log(p, sa, RC_LOG, "received Delete SA payload: deleting IKE SA");
		/* The peer won a rekey collision (RFC 7296 2.8.2) before our own
		 * rekey finished, which is forgotten (2.25.2): its new SA keeps on. */
		if (twin) {
			ike_log(p, sa, RC_LOG, "its Child SAs move to the peer's new IKE SA #%u",
				twin->serial);
			collision_ike_hand_over(sa, twin);
		}
		ike_sa_delete(p, sa, false);
	}
}

void informational_response(struct pluto *p, struct ike_sa *sa, const struct msg_in *m)
{
	enum req_kind kind = sa->req;
	struct child_sa *ch = sa->req_child;

	(void)m;
	if (kind != REQ_DELETE_IKE && kind != REQ_DELETE_CHILD && kind != REQ_LIVENESS)
		return;
	ike_request_done(p, sa);
	switch (kind) {
	case REQ_DELETE_IKE:
		ike_sa_remove(p, sa);
		return;
	case REQ_DELETE_CHILD:
		if (ch) {
			struct connection *c = ch->c;
			bool replace = ch->replace_after_delete;
			child_uninstall(p, ch, false);
			child_sa_free(p, ch);
			if (replace && !c->deleting && c->policy_users == 0 && ike_window_open(sa)) {
				conn_log(p, c, 0, RC_LOG, "replacing the expired IPsec SA");
				create_child_new(p, sa, c, 0);
				return;
			}
		}
		break;
	default:
		break;
	}
	ike_run_pending(p, sa);
}
