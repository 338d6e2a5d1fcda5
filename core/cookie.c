#include "core/cookie.h"

#include <string.h>

#include "core/net.h"
#include "core/pluto.h"
#include "crypto/digest.h"
#include "crypto/random.h"

/* Secrets live ten minutes; the previous one still validates cookies handed out
 * just before a change. */
#define COOKIE_SECRET_LIFE_MS (10 * 60 * 1000)

static void refresh_secret(struct pluto *p)
{
	if (p->cookie_secret_born_ms && p->loop.now_ms - p->cookie_secret_born_ms < COOKIE_SECRET_LIFE_MS)
		return;
	memcpy(p->cookie_secret_prev, p->cookie_secret, sizeof(p->cookie_secret));
	random_bytes(p->cookie_secret, sizeof(p->cookie_secret));
	p->cookie_version++;
	p->cookie_secret_born_ms = p->loop.now_ms;
}

bool cookie_required(struct pluto *p)
{
	uint32_t threshold = p->setup.ddos_ike_threshold ? p->setup.ddos_ike_threshold : 25000;
	if (p->setup.ddos_mode == DDOS_BUSY)
		return true;
	if (p->setup.ddos_mode == DDOS_UNLIMITED)
		return false;
	return p->n_half_open >= threshold;
}

void cookie_make(struct pluto *p, uint8_t version, const uint8_t *ni, size_t ni_len,
		 const struct endpoint *peer, const uint8_t spi_i[8], uint8_t out[COOKIE_LEN])
{
	const uint8_t *secret = version == p->cookie_version ? p->cookie_secret
							     : p->cookie_secret_prev;
	struct chunk parts[] = { CHUNK(ni, ni_len), CHUNK(peer->addr.bytes, ip_addr_len(&peer->addr)),
				 CHUNK(spi_i, 8), CHUNK(secret, sizeof(p->cookie_secret)) };
	out[0] = version;
	sha256_parts(parts, 4, out + 1);
}

bool cookie_valid(struct pluto *p, const struct msg_in *m, const uint8_t *ni, size_t ni_len)
{
	struct notify_view nv;
	uint8_t want[COOKIE_LEN];

	refresh_secret(p);
	/* RFC 7296 2.6: the COOKIE notify is the first payload. */
	if (m->pl.n == 0 || m->pl.p[0].type != PL_NOTIFY || pl_notify(&m->pl.p[0], &nv) < 0 ||
	    nv.type != N_COOKIE || nv.len != COOKIE_LEN)
		return false;
	if (nv.data[0] != p->cookie_version && nv.data[0] != (uint8_t)(p->cookie_version - 1))
		return false;
	cookie_make(p, nv.data[0], ni, ni_len, &m->remote, m->hdr.spi_i, want);
	return memcmp(want, nv.data, COOKIE_LEN) == 0;
}

void cookie_send(struct pluto *p, const struct msg_in *m, const uint8_t *ni, size_t ni_len)
{
	uint8_t cookie[COOKIE_LEN], buf[256];
	struct ike_hdr hdr = m->hdr;
	struct msg_out mo;
	size_t len;

	refresh_secret(p);
	cookie_make(p, p->cookie_version, ni, ni_len, &m->remote, m->hdr.spi_i, cookie);
	memset(hdr.spi_r, 0, 8);
	hdr.flags = IKE_FLAG_RESPONSE;
	mo_begin(&mo, buf, sizeof(buf), &hdr);
	mo_notify(&mo, PROTO_NONE, NULL, 0, N_COOKIE, cookie, sizeof(cookie));
	len = mo_finish(&mo);
	if (len)
		net_send(p, &m->local, &m->remote, buf, len);
}
