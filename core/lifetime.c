#include "core/lifetime.h"

#include "core/child.h"
#include "core/connection.h"
#include "core/ike_sa.h"
#include "core/informational.h"
#include "core/terminate.h"
#include "core/xmit.h"
#include "crypto/random.h"

/* Libreswan: rekey at lifetime - margin - random(margin * fuzz%). */
static uint64_t rekey_after_ms(const struct conn *cfg, uint32_t lifetime_s)
{
	uint64_t margin = (uint64_t)cfg->rekeymargin_s * 1000;
	uint64_t life = (uint64_t)lifetime_s * 1000;
	uint64_t fuzz_max = margin * cfg->rekeyfuzz_pct / 100, fuzz = 0;

	if (fuzz_max) {
		uint32_t r;
		random_bytes(&r, sizeof(r));
		fuzz = r % (fuzz_max + 1);
	}
	/* A lifetime shorter than the margin (tests): rekey halfway. */
	if (margin + fuzz >= life)
		return life / 2;
	return life - margin - fuzz;
}

static void ike_rekey_fired(struct timer *t, void *ctx)
{
	struct pluto *p = ctx;
	struct ike_sa *sa = container_of(t, struct ike_sa, rekey_timer);
	if (sa->state != IKE_ESTABLISHED)
		return;
	sa->want_rekey_ike = true;
	ike_run_pending(p, sa);
}

static void ike_expire_fired(struct timer *t, void *ctx)
{
	struct pluto *p = ctx;
	struct ike_sa *sa = container_of(t, struct ike_sa, expire_timer);
	ike_log(p, sa, RC_LOG, "IKE SA expired (lifetime %us)", sa->c->cfg->ikelifetime_s);
	ike_sa_delete(p, sa, true);
}

static void dpd_fired(struct timer *t, void *ctx)
{
	struct pluto *p = ctx;
	struct ike_sa *sa = container_of(t, struct ike_sa, dpd_timer);
	const struct conn *cfg = sa->c->cfg;
	uint64_t delay = (uint64_t)cfg->dpddelay_s * 1000;
	uint64_t timeout = (uint64_t)(cfg->dpdtimeout_s ? cfg->dpdtimeout_s : 120) * 1000;
	uint64_t quiet = p->loop.now_ms - sa->last_peer_msg_ms;

	if (sa->state != IKE_ESTABLISHED)
		return;
	if (quiet >= timeout && sa->req == REQ_LIVENESS) {
		char a[IP_STR_MAX];
		ike_log(p, sa, RC_LOG,
			"liveness_check - peer %s has not responded in %llu seconds, with a timeout "
			"of %u, taking action",
			ip_addr_str(&sa->remote.addr, a, sizeof(a)),
			(unsigned long long)(quiet / 1000), cfg->dpdtimeout_s);
		ike_sa_timed_out(p, sa);
		return;
	}
	if (quiet >= delay) {
		sa->want_liveness = true;
		ike_run_pending(p, sa);
	}
	evloop_after(&p->loop, &sa->dpd_timer, delay, dpd_fired);
}

void lifetime_ike_established(struct pluto *p, struct ike_sa *sa)
{
	const struct conn *cfg = sa->c->cfg;
	uint32_t life = cfg->ikelifetime_s ? cfg->ikelifetime_s : 28800;

	timer_cancel(&p->loop.timers, &sa->retransmit);
	sa->last_peer_msg_ms = p->loop.now_ms;
	/* The side that began the SA rekeys it; the other only lets it expire. */
	if (cfg->rekey && sa->original_initiator)
		evloop_after(&p->loop, &sa->rekey_timer, rekey_after_ms(cfg, life), ike_rekey_fired);
	evloop_after(&p->loop, &sa->expire_timer, (uint64_t)life * 1000, ike_expire_fired);
	if (cfg->dpddelay_s)
		evloop_after(&p->loop, &sa->dpd_timer, (uint64_t)cfg->dpddelay_s * 1000, dpd_fired);
}

void lifetime_ike_retire(struct pluto *p, struct ike_sa *sa)
{
	uint32_t ms = sa->c->cfg->retransmit_timeout_ms ? sa->c->cfg->retransmit_timeout_ms : 60000;
	timer_cancel(&p->loop.timers, &sa->rekey_timer);
	timer_cancel(&p->loop.timers, &sa->dpd_timer);
	evloop_after(&p->loop, &sa->expire_timer, ms, ike_expire_fired);
}

static void child_rekey_fired(struct timer *t, void *ctx)
{
	struct pluto *p = ctx;
	struct child_sa *ch = container_of(t, struct child_sa, rekey_timer);
	if (ch->state != CHILD_ESTABLISHED || !ch->ike || ch->superseded)
		return;
	ch->want_rekey = true;
	ike_run_pending(p, ch->ike);
}

static void child_expire_fired(struct timer *t, void *ctx)
{
	struct pluto *p = ctx;
	struct child_sa *ch = container_of(t, struct child_sa, expire_timer);
	if (ch->state != CHILD_ESTABLISHED)
		return;
	if (ch->superseded)
		child_log(p, ch, RC_LOG, "the peer did not delete this replaced IPsec SA; deleting it");
	else
		child_log(p, ch, RC_LOG, "IPsec SA expired (lifetime %us)", ch->c->cfg->salifetime_s);
	ch->state = CHILD_DELETING;
	/* Its rekey failed (or never ran): the tunnel should stay, so after the
	 * Delete a fresh Child SA is negotiated, as Libreswan replaces it. */
	ch->replace_after_delete = ch->initiator && ch->c->cfg->rekey && !ch->superseded;
	ike_run_pending(p, ch->ike);
}

void lifetime_child_established(struct pluto *p, struct child_sa *ch)
{
	const struct conn *cfg = ch->c->cfg;
	uint32_t life = cfg->salifetime_s ? cfg->salifetime_s : 28800;

	if (cfg->rekey && ch->initiator)
		evloop_after(&p->loop, &ch->rekey_timer, rekey_after_ms(cfg, life), child_rekey_fired);
	evloop_after(&p->loop, &ch->expire_timer, (uint64_t)life * 1000, child_expire_fired);
}

void lifetime_child_expire_event(struct pluto *p, struct child_sa *ch, int hard)
{
	if (ch->state != CHILD_ESTABLISHED || !ch->ike)
		return;
	if (hard) {
		child_log(p, ch, RC_LOG, "kernel hard limit reached; deleting IPsec SA");
		ch->sa_in_installed = ch->sa_out_installed = false;
		ch->state = CHILD_DELETING;
	} else if (ch->c->cfg->rekey) {
		ch->want_rekey = true;
	}
	ike_run_pending(p, ch->ike);
}

/* RFC 7296 2.25: a peer busy with a conflicting exchange answers TEMPORARY_FAILURE
 * and the request is tried again later; a random delay keeps two peers that
 * collided from colliding again. */
static uint32_t retry_delay_ms(void)
{
	uint32_t r;
	random_bytes(&r, sizeof(r));
	return 1000 + r % 4000;
}

uint32_t lifetime_ike_retry_rekey(struct pluto *p, struct ike_sa *sa)
{
	uint32_t ms = retry_delay_ms();
	/* Not an SA the peer has already replaced. */
	if (sa->state != IKE_ESTABLISHED || sa->c->newest_ike != sa->serial)
		return 0;
	evloop_after(&p->loop, &sa->rekey_timer, ms, ike_rekey_fired);
	return ms;
}

uint32_t lifetime_child_retry_rekey(struct pluto *p, struct child_sa *ch)
{
	uint32_t ms = retry_delay_ms();
	if (ch->state != CHILD_ESTABLISHED || ch->superseded)
		return 0;
	evloop_after(&p->loop, &ch->rekey_timer, ms, child_rekey_fired);
	return ms;
}

void lifetime_child_retire(struct pluto *p, struct child_sa *ch)
{
	uint32_t ms = ch->c->cfg->retransmit_timeout_ms ? ch->c->cfg->retransmit_timeout_ms : 60000;
	ch->superseded = true;
	timer_cancel(&p->loop.timers, &ch->rekey_timer);
	evloop_after(&p->loop, &ch->expire_timer, ms, child_expire_fired);
}
