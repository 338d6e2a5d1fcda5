/* The "none" kernel: answers as XFRM would (same errors), records what would be
 * installed, scales to the benchmark's 10,000 SAs in little memory. */
#include "netlink/kernel.h"
#include "tests/unit/check.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

static struct kaddr addr(const char *text)
{
	struct kaddr a = { 0 };
	if (inet_pton(AF_INET, text, a.bytes) == 1)
		a.family = AF_INET;
	else if (inet_pton(AF_INET6, text, a.bytes) == 1)
		a.family = AF_INET6;
	else
		abort();
	return a;
}

static struct kaddr addr4(uint32_t host_order)
{
	struct kaddr a = { .family = AF_INET };
	uint32_t n = htonl(host_order);
	memcpy(a.bytes, &n, 4);
	return a;
}

static struct ksa gcm_sa(struct kaddr src, struct kaddr dst, uint32_t spi_net)
{
	struct ksa sa = { 0 };
	sa.src = src;
	sa.dst = dst;
	sa.spi = spi_net;
	sa.proto = IPPROTO_ESP;
	sa.mode = KMODE_TUNNEL;
	sa.reqid = 7;
	sa.encr_id = 20;
	sa.encr_key_bits = 256;
	sa.encr_key_len = 36;
	sa.replay_window = 64;
	return sa;
}

static void test_sas(const struct kernel_ops *ops, struct kernel *k)
{
	struct kaddr me = addr("192.0.2.1"), peer = addr("192.0.2.2");
	struct knone_sa rec;
	struct kcounters c;
	struct ksa sa;
	uint32_t spi1 = 0, spi2 = 0;
	time_t now = time(NULL);

	CHECK(ops->get_spi(k, &peer, &me, IPPROTO_ESP, 7, &spi1) == 0 &&
		      ops->get_spi(k, &peer, &me, IPPROTO_ESP, 7, &spi2) == 0 && spi1 != spi2,
	      "get_spi twice: two different SPIs (%#x, %#x)", ntohl(spi1), ntohl(spi2));
	CHECK(ntohl(spi1) >= KERNEL_SPI_MIN && ntohl(spi2) >= KERNEL_SPI_MIN,
	      "SPIs in range, network order");
	CHECK(kernel_none_get_sa(k, &me, spi1, IPPROTO_ESP, &rec) == 0 && rec.larval &&
		      rec.reqid == 7,
	      "get_spi leaves a larval state with its reqid");
	CHECK(kernel_none_sa_count(k) == 2, "2 states recorded");

	sa = gcm_sa(peer, me, spi1);
	sa.inbound = true;
	sa.encap_sport = 4500;
	sa.encap_dport = 4501;
	sa.esn = true;
	sa.soft_add_seconds = 3000;
	sa.hard_add_seconds = 3600;
	CHECK(ops->add_sa(k, &sa) == -EEXIST,
	      "add_sa on a get_spi SPI is -EEXIST (XFRM wants update_sa there)");
	CHECK(ops->update_sa(k, &sa) == 0, "update_sa replaces the larval state");
	CHECK(kernel_none_get_sa(k, &me, spi1, IPPROTO_ESP, &rec) == 0 && !rec.larval &&
		      rec.inbound && rec.esn && rec.mode == KMODE_TUNNEL && rec.encr_id == 20 &&
		      rec.encr_key_bits == 256 && rec.encap_sport == 4500 &&
		      rec.encap_dport == 4501 && rec.replay_window == 64 &&
		      rec.soft_add_seconds == 3000 && rec.hard_add_seconds == 3600 &&
		      rec.src.family == AF_INET && memcmp(rec.src.bytes, peer.bytes, 4) == 0,
	      "recorded: inbound ESN tunnel, AES-GCM-256, encap 4500->4501, window 64, "
	      "lifetimes, source");
	CHECK(rec.counters.bytes == 0 && rec.counters.packets == 0 &&
		      rec.counters.add_time >= (uint64_t)now && rec.counters.add_time <= (uint64_t)now + 2,
	      "counters start at zero with add_time now");

	sa = gcm_sa(me, peer, htonl(0xc0000001));
	CHECK(ops->update_sa(k, &sa) == -ESRCH, "update_sa of an unknown SPI is -ESRCH");
	CHECK(ops->add_sa(k, &sa) == 0, "add_sa outbound");
	CHECK(ops->add_sa(k, &sa) == -EEXIST, "add_sa twice is -EEXIST");
	sa.spi = htonl(0xc0000002);
	sa.encr_key_len = 32;
	CHECK(ops->add_sa(k, &sa) == -EINVAL, "a GCM key without its salt is -EINVAL, like XFRM");
	sa.encr_key_len = 36;
	sa.encr_id = 23;
	CHECK(ops->add_sa(k, &sa) == -EOPNOTSUPP, "Camellia is -EOPNOTSUPP, like XFRM");
	CHECK(kernel_none_sa_count(k) == 3, "refused states are not recorded");

	c = (struct kcounters){ .bytes = 840, .packets = 10, .add_time = 5, .use_time = 6 };
	CHECK(kernel_none_set_counters(k, &peer, htonl(0xc0000001), IPPROTO_ESP, &c) == 0,
	      "set_counters");
	memset(&c, 0, sizeof(c));
	CHECK(ops->get_counters(k, &peer, htonl(0xc0000001), IPPROTO_ESP, 0, 0, &c) == 0 &&
		      c.bytes == 840 && c.packets == 10 && c.add_time == 5 && c.use_time == 6,
	      "get_counters returns what the test set");
	CHECK(ops->get_counters(k, &peer, htonl(0xc0000001), IPPROTO_AH, 0, 0, &c) == -ESRCH,
	      "get_counters on another protocol is -ESRCH");

	CHECK(ops->del_sa(k, &peer, htonl(0xc0000001), IPPROTO_ESP, 0, 0) == 0, "del_sa");
	CHECK(ops->del_sa(k, &peer, htonl(0xc0000001), IPPROTO_ESP, 0, 0) == -ESRCH,
	      "del_sa again is -ESRCH");
	CHECK(ops->del_sa(k, &me, spi2, IPPROTO_ESP, 0, 0) == 0,
	      "del_sa of a larval state (a failed negotiation)");

	/* A marked state is found only with its mark, as in the kernel. */
	sa = gcm_sa(me, peer, htonl(0xc0000003));
	sa.mark = 5;
	sa.mark_mask = 0xff;
	CHECK(ops->add_sa(k, &sa) == 0, "add_sa with mark 5/0xff");
	CHECK(ops->del_sa(k, &peer, sa.spi, IPPROTO_ESP, 0, 0) == -ESRCH,
	      "del_sa without the mark is -ESRCH");
	CHECK(ops->get_counters(k, &peer, sa.spi, IPPROTO_ESP, 5, 0xff, &c) == 0,
	      "get_counters with the mark finds it");
	CHECK(ops->del_sa(k, &peer, sa.spi, IPPROTO_ESP, 5, 0xff) == 0,
	      "del_sa with the mark removes it");
	CHECK(ops->del_sa(k, &me, spi1, IPPROTO_ESP, 0, 0) == 0 && kernel_none_sa_count(k) == 0,
	      "all states gone");
}

static void test_policies(const struct kernel_ops *ops, struct kernel *k)
{
	struct kpolicy pol = { 0 }, got;
	struct kselector sel;

	pol.sel.src = addr("10.1.0.0");
	pol.sel.src_prefix = 16;
	pol.sel.dst = addr("10.2.0.0");
	pol.sel.dst_prefix = 16;
	pol.dir = KDIR_OUT;
	pol.action = KPOL_IPSEC;
	pol.priority = 100;
	pol.tmpl_src = addr("192.0.2.1");
	pol.tmpl_dst = addr("192.0.2.2");
	pol.tmpl_proto = IPPROTO_ESP;
	pol.tmpl_mode = KMODE_TUNNEL;
	pol.reqid = 7;
	CHECK(ops->add_policy(k, &pol) == 0, "add_policy out");
	pol.priority = 200;
	CHECK(ops->add_policy(k, &pol) == -EEXIST,
	      "same selector and direction at another priority: -EEXIST (as the kernel)");
	CHECK(ops->update_policy(k, &pol) == 0, "update_policy replaces it");
	sel = pol.sel;
	sel.src = addr("10.1.2.3"); /* host bits do not make another selector */
	CHECK(kernel_none_get_policy(k, &sel, KDIR_OUT, 0, 0, 0, &got) == 0 &&
		      got.priority == 200 && got.reqid == 7 && got.action == KPOL_IPSEC &&
		      got.tmpl_mode == KMODE_TUNNEL && got.tmpl_proto == IPPROTO_ESP &&
		      memcmp(got.tmpl_dst.bytes, pol.tmpl_dst.bytes, 4) == 0 &&
		      memcmp(got.sel.src.bytes, "\x0a\x01\x00\x00", 4) == 0,
	      "recorded: priority 200, reqid 7, tunnel template to 192.0.2.2");

	pol.dir = KDIR_IN;
	CHECK(ops->add_policy(k, &pol) == 0, "the same selector inbound is another policy");
	pol.dir = KDIR_FWD;
	pol.mark = 1;
	pol.mark_mask = 0xf;
	CHECK(ops->add_policy(k, &pol) == 0, "fwd with a mark");
	CHECK(kernel_none_policy_count(k) == 3, "3 policies");
	CHECK(ops->del_policy(k, &pol.sel, KDIR_FWD, 0, 0, 0) == -ENOENT,
	      "del_policy without the mark is -ENOENT");
	CHECK(ops->del_policy(k, &pol.sel, KDIR_FWD, 1, 0xf, 0) == 0, "del_policy with the mark");
	CHECK(ops->del_policy(k, &sel, KDIR_IN, 0, 0, 0) == 0,
	      "del_policy finds 10.1.2.3/16 as 10.1.0.0/16");
	CHECK(ops->del_policy(k, &pol.sel, KDIR_OUT, 0, 0, 0) == 0 &&
		      kernel_none_policy_count(k) == 0,
	      "all policies gone");

	memset(&pol.sel, 0, sizeof(pol.sel));
	CHECK(ops->add_policy(k, &pol) == -EINVAL, "a selector without a family is -EINVAL");
	pol.sel.src = addr("10.1.0.0");
	pol.sel.src_prefix = 33;
	CHECK(ops->add_policy(k, &pol) == -EINVAL, "prefix /33 is -EINVAL");
}

/* The benchmark's load: 10,000 child SAs (an inbound and an outbound state each). */
static void test_scale(const struct kernel_ops *ops, struct kernel *k)
{
	enum { N = 10000 };
	static uint32_t in_spi[N];
	struct kaddr me = addr("198.51.100.1");
	struct kcounters c;
	size_t bytes;
	int fails = 0;

	for (uint32_t i = 0; i < N; i++) {
		struct kaddr peer = addr4(0xcb007100u + (i & 0xff) + ((i >> 8) << 16));
		struct ksa sa;
		if (ops->get_spi(k, &peer, &me, IPPROTO_ESP, i, &in_spi[i]) < 0)
			fails++;
		sa = gcm_sa(peer, me, in_spi[i]);
		sa.inbound = true;
		if (ops->update_sa(k, &sa) < 0)
			fails++;
		sa = gcm_sa(me, peer, htonl(0x80000000u + i));
		if (ops->add_sa(k, &sa) < 0)
			fails++;
	}
	CHECK(fails == 0 && kernel_none_sa_count(k) == 2 * N, "20,000 states installed");
	bytes = kernel_none_bytes(k);
	printf("# none: %zu bytes for %d states (%zu per state)\n", bytes, 2 * N, bytes / (2 * N));
	CHECK(bytes / (2 * N) <= 160, "at most 160 bytes per state (%zu)", bytes / (2 * N));

	/* Delete every other SA, then every survivor must still be found. */
	for (uint32_t i = 0; i < N; i += 2) {
		struct kaddr peer = addr4(0xcb007100u + (i & 0xff) + ((i >> 8) << 16));
		if (ops->del_sa(k, &me, in_spi[i], IPPROTO_ESP, 0, 0) < 0 ||
		    ops->del_sa(k, &peer, htonl(0x80000000u + i), IPPROTO_ESP, 0, 0) < 0)
			fails++;
	}
	for (uint32_t i = 0; i < N; i++) {
		struct kaddr peer = addr4(0xcb007100u + (i & 0xff) + ((i >> 8) << 16));
		int want = i % 2 ? 0 : -ESRCH;
		if (ops->get_counters(k, &me, in_spi[i], IPPROTO_ESP, 0, 0, &c) != want ||
		    ops->get_counters(k, &peer, htonl(0x80000000u + i), IPPROTO_ESP, 0, 0, &c) !=
			    want)
			fails++;
	}
	CHECK(fails == 0 && kernel_none_sa_count(k) == N,
	      "after deleting half: the other 10,000 found, the deleted not");
	for (uint32_t i = 1; i < N; i += 2) {
		struct kaddr peer = addr4(0xcb007100u + (i & 0xff) + ((i >> 8) << 16));
		if (ops->del_sa(k, &me, in_spi[i], IPPROTO_ESP, 0, 0) < 0 ||
		    ops->del_sa(k, &peer, htonl(0x80000000u + i), IPPROTO_ESP, 0, 0) < 0)
			fails++;
	}
	CHECK(fails == 0 && kernel_none_sa_count(k) == 0, "then all deleted");
}

static void no_event(void *arg, const struct kevent *ev)
{
	(*(int *)arg)++;
}

int main(void)
{
	const struct kernel_ops *ops = &kernel_none_ops;
	struct kernel *k = ops->open();
	int calls = 0;

	CHECK_STR(ops->name, "none", "name");
	CHECK(k != NULL, "open");
	if (!k)
		return check_done();
	test_sas(ops, k);
	test_policies(ops, k);
	test_scale(ops, k);
	CHECK(ops->event_fd(k) == -1 && ops->read_events(k, no_event, &calls) == 0 && calls == 0,
	      "no event descriptor, no events");
	CHECK(ops->supports(k, 20, 0) && ops->supports(k, 12, 12) && !ops->supports(k, 12, 0) &&
		      !ops->supports(k, 23, 12),
	      "supports: the same table as XFRM");
	ops->close(k);
	return check_done();
}
