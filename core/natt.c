#include "core/natt.h"

#include <string.h>

#include "core/connection.h"
#include "core/ike_sa.h"
#include "core/net.h"
#include "core/pluto.h"
#include "crypto/digest.h"
#include "crypto/random.h"

void natd_hash(const uint8_t spi_i[8], const uint8_t spi_r[8], const struct endpoint *e,
	       uint8_t out[20])
{
	uint8_t port[2] = { (uint8_t)(e->port >> 8), (uint8_t)e->port };
	struct chunk parts[] = { CHUNK(spi_i, 8), CHUNK(spi_r, 8),
				 CHUNK(e->addr.bytes, ip_addr_len(&e->addr)), CHUNK(port, 2) };
	sha1_parts(parts, 4, out);
}

void natd_emit(struct msg_out *mo, const uint8_t spi_i[8], const uint8_t spi_r[8],
	       const struct endpoint *local, const struct endpoint *remote, bool fake_source)
{
	uint8_t h[20];
	if (fake_source)
		random_bytes(h, sizeof(h));
	else
		natd_hash(spi_i, spi_r, local, h);
	mo_notify(mo, PROTO_NONE, NULL, 0, N_NAT_DETECTION_SOURCE_IP, h, sizeof(h));
	natd_hash(spi_i, spi_r, remote, h);
	mo_notify(mo, PROTO_NONE, NULL, 0, N_NAT_DETECTION_DESTINATION_IP, h, sizeof(h));
}

bool natd_check(struct ike_sa *sa, const struct msg_in *m, const uint8_t spi_i[8],
		const uint8_t spi_r[8])
{
	uint8_t h_local[20], h_remote[20];
	bool seen_src = false, seen_dst = false, src_match = false, dst_match = false;

	natd_hash(spi_i, spi_r, &m->local, h_local);
	natd_hash(spi_i, spi_r, &m->remote, h_remote);
	for (unsigned i = 0; i < m->pl.n; i++) {
		struct notify_view nv;
		if (m->pl.p[i].type != PL_NOTIFY || pl_notify(&m->pl.p[i], &nv) < 0)
			continue;
		if (nv.len != 20)
			continue;
		if (nv.type == N_NAT_DETECTION_SOURCE_IP) {
			seen_src = true;
			src_match |= memcmp(nv.data, h_remote, 20) == 0;
		} else if (nv.type == N_NAT_DETECTION_DESTINATION_IP) {
			seen_dst = true;
			dst_match |= memcmp(nv.data, h_local, 20) == 0;
		}
	}
	if (!seen_src || !seen_dst)
		return false;
	sa->nat_remote = !src_match;
	sa->nat_local = !dst_match;
	return true;
}

void natt_float(struct pluto *p, struct ike_sa *sa)
{
	bool forced = sa->c->cfg->encapsulation == YNA_YES;
	if (sa->c->cfg->encapsulation == YNA_NO)
		return;
	if (!sa->nat_local && !sa->nat_remote && !forced)
		return;
	/* RFC 7296 2.23: from IKE_AUTH on, both ends use 4500 with the marker. */
	if (sa->local.port == p->opt.ikeport)
		sa->local.port = p->opt.nat_ikeport;
	if (sa->remote.port == 500)
		sa->remote.port = 4500;
	sa->encap = true;
}

static void keepalive_fired(struct timer *t, void *ctx);

void natt_start_keepalive(struct pluto *p, struct ike_sa *sa)
{
	uint32_t period = p->setup.keep_alive_s ? p->setup.keep_alive_s : 20;
	if (!sa->encap || !sa->nat_local || !sa->c->cfg->nat_keepalive)
		return;
	evloop_after(&p->loop, &sa->keepalive_timer, (uint64_t)period * 1000, keepalive_fired);
}

static void keepalive_fired(struct timer *t, void *ctx)
{
	struct pluto *p = ctx;
	struct ike_sa *sa = container_of(t, struct ike_sa, keepalive_timer);
	net_send_keepalive(p, &sa->local, &sa->remote);
	natt_start_keepalive(p, sa);
}
