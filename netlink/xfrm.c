/* kernel_xfrm_ops: XFRM over netlink. One socket for requests, answered
 * synchronously (request, reply, acknowledgement, matched by sequence number),
 * and one non-blocking socket subscribed to ACQUIRE and EXPIRE notifications.
 * All buffers live in the handle: no allocation per call. */
#include <netinet/in.h>

#include "netlink/kernel.h"

#include "netlink/xfrm_alg.h"
#include "netlink/xfrm_msg.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/xfrm.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

/* Big enough for any single notification or reply we ask for (an ACQUIRE
 * with a template and a security context is well under 1 KiB). */
#define RX_SIZE 8192
/* Notifications can come in bursts (thousands of SAs expiring together). */
#define EVENT_RCVBUF (1 << 20)
/* The kernel answers XFRM requests before sendto() returns; this only guards
 * against waiting forever on a lost acknowledgement. */
#define REPLY_TIMEOUT_SECONDS 10

struct kernel {
	struct mnl_socket *req, *ev;
	uint32_t seq;
	_Alignas(8) uint8_t req_buf[XFRM_REQ_SIZE];
	_Alignas(8) uint8_t rx_buf[RX_SIZE];
	/* Separate from rx_buf: an event callback may call back into the handle. */
	_Alignas(8) uint8_t ev_buf[RX_SIZE];
};

static void xfrm_close(struct kernel *k)
{
	if (!k)
		return;
	if (k->req)
		mnl_socket_close(k->req);
	if (k->ev)
		mnl_socket_close(k->ev);
	free(k);
}

static struct kernel *xfrm_open(void)
{
	struct kernel *k = calloc(1, sizeof(*k));
	struct timeval tv = { .tv_sec = REPLY_TIMEOUT_SECONDS };
	int one = 1, rcvbuf = EVENT_RCVBUF, saved;

	if (!k)
		return NULL;
	k->req = mnl_socket_open2(NETLINK_XFRM, SOCK_CLOEXEC);
	if (!k->req || mnl_socket_bind(k->req, 0, MNL_SOCKET_AUTOPID) < 0)
		goto fail;
	/* Errors then echo only the request's header, not the keys it carried. */
	if (mnl_socket_setsockopt(k->req, NETLINK_CAP_ACK, &one, sizeof(one)) < 0 ||
	    setsockopt(mnl_socket_get_fd(k->req), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0)
		goto fail;

	k->ev = mnl_socket_open2(NETLINK_XFRM, SOCK_CLOEXEC | SOCK_NONBLOCK);
	/* Joining XFRM groups needs CAP_NET_ADMIN: this is where a non-root
	 * daemon learns it with EPERM. */
	if (!k->ev || mnl_socket_bind(k->ev, (1u << (XFRMNLGRP_ACQUIRE - 1)) |
						     (1u << (XFRMNLGRP_EXPIRE - 1)),
				      MNL_SOCKET_AUTOPID) < 0)
		goto fail;
	if (setsockopt(mnl_socket_get_fd(k->ev), SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
		       sizeof(rcvbuf)) < 0)
		setsockopt(mnl_socket_get_fd(k->ev), SOL_SOCKET, SO_RCVBUF, &rcvbuf,
			   sizeof(rcvbuf));
	return k;
fail:
	saved = errno;
	xfrm_close(k);
	errno = saved;
	return NULL;
}

/* Sends the len-byte request in req_buf and waits for its acknowledgement.
 * The request is wiped once sent: it may hold keys. */
static int transact(struct kernel *k, int len, struct xfrm_reply *r)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)k->req_buf;
	uint32_t portid = mnl_socket_get_portid(k->req);
	ssize_t n;
	int ret;

	if (len < 0)
		return len;
	if (++k->seq == 0)
		++k->seq;
	nlh->nlmsg_seq = r->seq = k->seq;
	nlh->nlmsg_flags |= NLM_F_ACK;
	n = mnl_socket_sendto(k->req, k->req_buf, (size_t)len);
	ret = n < 0 ? -errno : 0;
	explicit_bzero(k->req_buf, (size_t)len);
	while (ret == 0) {
		n = mnl_socket_recvfrom(k->req, k->rx_buf, sizeof(k->rx_buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = errno == EAGAIN || errno == EWOULDBLOCK ? -ETIMEDOUT : -errno;
			break;
		}
		ret = xfrm_reply_run(r, k->rx_buf, (size_t)n, portid);
		/* Without NETLINK_CAP_ACK an error would have echoed the keys. */
		explicit_bzero(k->rx_buf, (size_t)n);
		if (ret == 1)
			ret = 0;
		else if (ret == 0)
			break;
	}
	return ret;
}

static int parse_spi(const struct nlmsghdr *nlh, void *out)
{
	return xfrm_parse_spi(nlh, out);
}

static int parse_counters(const struct nlmsghdr *nlh, void *out)
{
	return xfrm_parse_counters(nlh, out);
}

static int xfrm_get_spi(struct kernel *k, const struct kaddr *src, const struct kaddr *dst,
			uint8_t proto, uint32_t reqid, uint32_t *spi_net)
{
	struct xfrm_reply r = { .type = XFRM_MSG_NEWSA, .parse = parse_spi, .out = spi_net };
	return transact(k,
			xfrm_build_allocspi(k->req_buf, sizeof(k->req_buf), src, dst, proto,
					    reqid, KERNEL_SPI_MIN, KERNEL_SPI_MAX),
			&r);
}

static int send_sa(struct kernel *k, uint16_t type, const struct ksa *sa)
{
	struct xfrm_reply r = { 0 };
	int ifindex = 0;

	if (sa->offload_dev) {
		ifindex = (int)if_nametoindex(sa->offload_dev);
		if (!ifindex)
			return -ENODEV;
	}
	return transact(k, xfrm_build_sa(k->req_buf, sizeof(k->req_buf), type, sa, ifindex),
			&r);
}

static int xfrm_add_sa(struct kernel *k, const struct ksa *sa)
{
	return send_sa(k, XFRM_MSG_NEWSA, sa);
}

static int xfrm_update_sa(struct kernel *k, const struct ksa *sa)
{
	return send_sa(k, XFRM_MSG_UPDSA, sa);
}

static int xfrm_del_sa(struct kernel *k, const struct kaddr *dst, uint32_t spi_net,
		       uint8_t proto, uint32_t mark, uint32_t mark_mask)
{
	struct xfrm_reply r = { 0 };
	return transact(k,
			xfrm_build_delsa(k->req_buf, sizeof(k->req_buf), dst, spi_net, proto,
					 mark, mark_mask),
			&r);
}

static int xfrm_get_counters(struct kernel *k, const struct kaddr *dst, uint32_t spi_net,
			     uint8_t proto, uint32_t mark, uint32_t mark_mask,
			     struct kcounters *out)
{
	struct xfrm_reply r = { .type = XFRM_MSG_NEWAE, .parse = parse_counters, .out = out };
	return transact(k,
			xfrm_build_getae(k->req_buf, sizeof(k->req_buf), dst, spi_net, proto,
					 mark, mark_mask),
			&r);
}

static int xfrm_add_policy(struct kernel *k, const struct kpolicy *pol)
{
	struct xfrm_reply r = { 0 };
	return transact(k,
			xfrm_build_policy(k->req_buf, sizeof(k->req_buf), XFRM_MSG_NEWPOLICY,
					  pol),
			&r);
}

static int xfrm_update_policy(struct kernel *k, const struct kpolicy *pol)
{
	struct xfrm_reply r = { 0 };
	return transact(k,
			xfrm_build_policy(k->req_buf, sizeof(k->req_buf), XFRM_MSG_UPDPOLICY,
					  pol),
			&r);
}

static int xfrm_del_policy(struct kernel *k, const struct kselector *sel, enum kdir dir,
			   uint32_t mark, uint32_t mark_mask, uint32_t if_id)
{
	struct xfrm_reply r = { 0 };
	return transact(k,
			xfrm_build_delpolicy(k->req_buf, sizeof(k->req_buf), sel, dir, mark,
					     mark_mask, if_id),
			&r);
}

static int xfrm_event_fd(struct kernel *k)
{
	return mnl_socket_get_fd(k->ev);
}

struct event_ctx {
	void (*cb)(void *arg, const struct kevent *ev);
	void *arg;
	int delivered;
	bool malformed;
};

static int on_event(const struct nlmsghdr *nlh, void *data)
{
	struct event_ctx *ctx = data;
	struct kevent ev;
	int ret = xfrm_parse_event(nlh, &ev);

	if (ret < 0)
		ctx->malformed = true;
	if (ret > 0) {
		ctx->cb(ctx->arg, &ev);
		ctx->delivered++;
	}
	return MNL_CB_OK;
}

/* Returns how many events it delivered, or -ENOBUFS when the kernel dropped
 * some (the socket buffer overflowed; what was still queued is delivered), or
 * -EBADMSG when a notification was malformed and skipped. */
static int xfrm_read_events(struct kernel *k, void (*cb)(void *arg, const struct kevent *ev),
			    void *arg)
{
	struct event_ctx ctx = { .cb = cb, .arg = arg };
	bool lost = false;

	for (;;) {
		ssize_t n = mnl_socket_recvfrom(k->ev, k->ev_buf, sizeof(k->ev_buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				lost = true;
				continue;
			}
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			return -errno;
		}
		/* Notifications carry no sequence number and no port ID to check. */
		mnl_cb_run(k->ev_buf, (size_t)n, 0, 0, on_event, &ctx);
	}
	if (lost)
		return -ENOBUFS;
	if (ctx.malformed)
		return -EBADMSG;
	return ctx.delivered;
}

static bool xfrm_supports(struct kernel *k, uint16_t encr_id, uint16_t integ_id)
{
	return xfrm_alg_supported(encr_id, integ_id);
}

const struct kernel_ops kernel_xfrm_ops = {
	.name = "xfrm",
	.open = xfrm_open,
	.close = xfrm_close,
	.get_spi = xfrm_get_spi,
	.add_sa = xfrm_add_sa,
	.update_sa = xfrm_update_sa,
	.del_sa = xfrm_del_sa,
	.get_counters = xfrm_get_counters,
	.add_policy = xfrm_add_policy,
	.update_policy = xfrm_update_policy,
	.del_policy = xfrm_del_policy,
	.event_fd = xfrm_event_fd,
	.read_events = xfrm_read_events,
	.supports = xfrm_supports,
};
