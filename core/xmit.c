#include "core/xmit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/connection.h"
#include "core/create_child.h"
#include "core/ike_sa.h"
#include "core/informational.h"
#include "core/initiate.h"
#include "core/net.h"
#include "core/sk.h"
#include "core/terminate.h"

/* Libreswan's MAXIMUM_RETRANSMITS_PER_EXCHANGE. */
#define MAX_RETRANSMITS 12

uint8_t *xmit_scratch(struct pluto *p)
{
	if (!p->scratch)
		p->scratch = malloc(XMIT_BUF);
	return p->scratch;
}

void ike_hdr_for(const struct ike_sa *sa, uint8_t exchange, bool response, uint32_t msgid,
		 struct ike_hdr *hdr)
{
	memset(hdr, 0, sizeof(*hdr));
	memcpy(hdr->spi_i, sa->spi_i, 8);
	memcpy(hdr->spi_r, sa->spi_r, 8);
	hdr->version = IKE_VERSION_2;
	hdr->exchange = exchange;
	hdr->flags = (uint8_t)((sa->original_initiator ? IKE_FLAG_INITIATOR : 0) |
			       (response ? IKE_FLAG_RESPONSE : 0));
	hdr->msgid = msgid;
}

struct wire *ike_seal(struct pluto *p, struct ike_sa *sa, uint8_t exchange, bool response,
		      uint32_t msgid, const struct msg_out *inner)
{
	struct ike_hdr hdr;
	size_t frag_max = 0;
	struct wire *w;

	if (inner->w.bad) {
		ike_log(p, sa, RC_LOG_SERIOUS, "message too large to build");
		return NULL;
	}
	ike_hdr_for(sa, exchange, response, msgid, &hdr);
	if (sa->frag_ok)
		frag_max = sa->remote.addr.family == AF_INET6 ? FRAG_MAX_IPV6 : FRAG_MAX_IPV4;
	w = sk_seal(&sa->k, sa->original_initiator, &hdr, mo_first_type(inner), inner->w.p,
		    inner->w.len, frag_max);
	if (!w)
		ike_log(p, sa, RC_LOG_SERIOUS, "cannot encrypt %s message",
			ike_exchange_name(exchange));
	return w;
}

void ike_send_wire(struct pluto *p, const struct ike_sa *sa, const struct wire *w)
{
	for (unsigned i = 0; i < w->n; i++) {
		int err = net_send(p, &sa->local, &sa->remote, wire_packet(w, i), w->len[i]);
		if (err < 0)
			dbg(p, DBG_BASE, "sendmsg to peer failed: %s", strerror(-err));
	}
}

static void retransmit_fired(struct timer *t, void *ctx);

void ike_send_request(struct pluto *p, struct ike_sa *sa, enum req_kind kind, struct wire *w)
{
	const struct conn *cfg = sa->c->cfg;

	free(sa->req_wire);
	sa->req_wire = w;
	sa->req = kind;
	sa->req_msgid = sa->next_msgid;
	sa->req_tries = 0;
	sa->req_started = p->loop.now_ms;
	sa->req_delay_ms = cfg->retransmit_interval_ms ? cfg->retransmit_interval_ms : 500;
	ike_send_wire(p, sa, w);
	if (p->opt.impair_suppress_retransmits)
		/* Tests: no resends, just the time-out at the end. */
		sa->req_delay_ms = cfg->retransmit_timeout_ms ? cfg->retransmit_timeout_ms : 60000;
	evloop_after(&p->loop, &sa->retransmit, sa->req_delay_ms, retransmit_fired);
}

void ike_request_done(struct pluto *p, struct ike_sa *sa)
{
	timer_cancel(&p->loop.timers, &sa->retransmit);
	free(sa->req_wire);
	sa->req_wire = NULL;
	sa->req = REQ_NONE;
	sa->req_child = NULL;
	sa->next_msgid = sa->req_msgid + 1;
}

void ike_send_response(struct pluto *p, struct ike_sa *sa, struct wire *w)
{
	free(sa->last_resp);
	sa->last_resp = w;
	ike_send_wire(p, sa, w);
}

int ike_respond(struct pluto *p, struct ike_sa *sa, uint8_t exchange, uint32_t msgid,
		const struct msg_out *inner)
{
	struct wire *w = ike_seal(p, sa, exchange, true, msgid, inner);
	/* The request was handled either way: the window moves on. */
	sa->peer_msgid = msgid + 1;
	sa->last_resp_msgid = msgid;
	if (!w)
		return -EINVAL;
	ike_send_response(p, sa, w);
	return 0;
}

/* "0.5", "1", "2", as Libreswan prints delays. */
static void fmt_seconds(uint32_t ms, char *buf, size_t len)
{
	if (ms % 1000)
		snprintf(buf, len, "%u.%u", ms / 1000, (ms % 1000) / 100);
	else
		snprintf(buf, len, "%u", ms / 1000);
}

static const char *state_for_log(const struct ike_sa *sa)
{
	return ike_state_name(sa);
}

static void timed_out(struct pluto *p, struct ike_sa *sa)
{
	uint32_t waited = (uint32_t)(p->loop.now_ms - sa->req_started);
	char secs[16];
	const char *why;

	fmt_seconds(sa->c->cfg->retransmit_timeout_ms ? sa->c->cfg->retransmit_timeout_ms
						       : 60000,
		    secs, sizeof(secs));
	switch (sa->state) {
	case IKE_I_INIT:
		why = ".  No response (or no acceptable response) to our first IKEv2 message";
		break;
	case IKE_I_AUTH:
		why = ".  Possible authentication failure: no acceptable response to our first "
		      "encrypted message";
		break;
	default:
		why = ".  No response (or no acceptable response) to our IKEv2 message";
	}
	if (sa->req_tries >= MAX_RETRANSMITS) {
		char w[16];
		fmt_seconds(waited, w, sizeof(w));
		ike_log(p, sa, RC_NORETRANSMISSION,
			"%s: max number of retransmissions (%u) reached after %s seconds%s",
			state_for_log(sa), sa->req_tries, w, why);
	} else {
		ike_log(p, sa, RC_NORETRANSMISSION, "%s: %s second timeout exceeded after %u retransmits%s",
			state_for_log(sa), secs, sa->req_tries, why);
	}
	ike_sa_timed_out(p, sa);
}

static void retransmit_fired(struct timer *t, void *ctx)
{
	struct pluto *p = ctx;
	struct ike_sa *sa = container_of(t, struct ike_sa, retransmit);
	const struct conn *cfg = sa->c->cfg;
	uint32_t timeout = cfg->retransmit_timeout_ms ? cfg->retransmit_timeout_ms : 60000;
	uint64_t waited = p->loop.now_ms - sa->req_started;
	char secs[16];

	if (!sa->req_wire)
		return;
	if (p->opt.impair_suppress_retransmits || sa->req_tries >= MAX_RETRANSMITS ||
	    waited >= timeout) {
		timed_out(p, sa);
		return;
	}
	/* Libreswan: the first resend waits as long as the first send, then doubling
	 * for as long as the total stays under the time-out. */
	if (sa->req_tries > 0 && (uint64_t)sa->req_delay_ms * 2 < timeout)
		sa->req_delay_ms *= 2;
	sa->req_tries++;
	ike_send_wire(p, sa, sa->req_wire);
	fmt_seconds(sa->req_delay_ms, secs, sizeof(secs));
	ike_log(p, sa, RC_RETRANSMISSION, "%s: retransmission; will wait %s seconds for response",
		state_for_log(sa), secs);
	evloop_after(&p->loop, &sa->retransmit, sa->req_delay_ms, retransmit_fired);
}

void ike_run_pending(struct pluto *p, struct ike_sa *sa)
{
	if (!ike_window_open(sa) || sa->state != IKE_ESTABLISHED)
		return;
	if (sa->want_delete) {
		sa->want_delete = false;
		informational_send_delete_ike(p, sa);
		return;
	}
	if (sa->want_rekey_ike) {
		sa->want_rekey_ike = false;
		create_child_rekey_ike(p, sa);
		return;
	}
	for (struct child_sa *ch = sa->children; ch; ch = ch->next_in_ike) {
		if (ch->state == CHILD_DELETING && !ch->delete_sent) {
			informational_send_delete_child(p, sa, ch);
			return;
		}
	}
	for (struct child_sa *ch = sa->children; ch; ch = ch->next_in_ike) {
		if (ch->want_rekey) {
			ch->want_rekey = false;
			create_child_rekey(p, sa, ch);
			return;
		}
	}
	if (sa->want_liveness) {
		sa->want_liveness = false;
		informational_send_liveness(p, sa);
	}
}
