#include "core/net.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/ikev2.h"
#include "core/pluto.h"


static void socket_event(struct watch *w, uint32_t events, void *ctx);

static int open_one(struct pluto *p, int family, const struct ip_addr *bind_addr,
		    uint16_t port, bool encap)
{
	struct endpoint ep = { .port = port };
	struct sockaddr_storage ss;
	socklen_t sl;
	int one = 1, fd, err;
	struct ike_socket *s;

	if (bind_addr && bind_addr->family)
		ep.addr = *bind_addr;
	else
		ep.addr.family = (uint8_t)family;
	sl = endpoint_to_sockaddr(&ep, &ss);
	fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_UDP);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (family == AF_INET) {
		setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one));
	} else {
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
		setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one, sizeof(one));
	}
	net_enable_errors(fd, family);
	err = kernel_socket_bypass(fd, family);
	if (err < 0 && err != -ENOPROTOOPT && err != -EOPNOTSUPP)
		plog(p, "cannot set IPsec bypass policy on IKE socket: %s", strerror(-err));
	if (encap) {
		int type = UDP_ENCAP_ESPINUDP;
		if (setsockopt(fd, IPPROTO_UDP, UDP_ENCAP, &type, sizeof(type)) < 0)
			plog(p, "cannot enable ESP-in-UDP on port %u: %s", port, strerror(errno));
	}
	if (bind(fd, (struct sockaddr *)&ss, sl) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		close(fd);
		return -ENOMEM;
	}
	s->fd = fd;
	s->family = family;
	s->port = port;
	s->encap = encap;
	err = evloop_add(&p->loop, &s->w, fd, EPOLLIN, socket_event);
	if (err < 0) {
		close(fd);
		free(s);
		return err;
	}
	s->next = p->sockets;
	p->sockets = s;
	{
		char buf[ENDPOINT_STR_MAX];
		plog(p, "adding UDP interface %s", endpoint_str(&ep, buf, sizeof(buf)));
	}
	return 0;
}

int net_open(struct pluto *p)
{
	struct ip_addr listen = { 0 };
	int opened = 0, err = 0;
	static const int families[] = { AF_INET, AF_INET6 };

	if (p->setup.listen && ip_addr_parse(p->setup.listen, &listen) < 0) {
		plog(p, "listen=%s is not an IP address", p->setup.listen);
		return -EINVAL;
	}
	for (unsigned i = 0; i < 2; i++) {
		int fam = families[i];
		if (listen.family && listen.family != fam)
			continue;
		err = open_one(p, fam, &listen, p->opt.ikeport, false);
		if (err == 0)
			err = open_one(p, fam, &listen, p->opt.nat_ikeport, true);
		if (err == 0)
			opened++;
		else if (fam == AF_INET || listen.family)
			return err;
		/* No IPv6 on this host is not an error. */
	}
	return opened ? 0 : err;
}

void net_close(struct pluto *p)
{
	while (p->sockets) {
		struct ike_socket *s = p->sockets;
		p->sockets = s->next;
		evloop_del(&p->loop, &s->w);
		close(s->fd);
		free(s);
	}
}

struct ike_socket *net_socket(struct pluto *p, int family, uint16_t port)
{
	for (struct ike_socket *s = p->sockets; s; s = s->next)
		if (s->family == family && s->port == port)
			return s;
	return NULL;
}

static int send_from(struct ike_socket *s, const struct endpoint *local,
		     const struct endpoint *remote, const struct iovec *iov, int iovcnt)
{
	struct sockaddr_storage to;
	socklen_t tl = endpoint_to_sockaddr(remote, &to);
	union {
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
		struct cmsghdr align;
	} cbuf;
	struct msghdr mh = {
		.msg_name = &to,
		.msg_namelen = tl,
		.msg_iov = (struct iovec *)iov,
		.msg_iovlen = (size_t)iovcnt,
	};
	struct cmsghdr *cm;

	memset(&cbuf, 0, sizeof(cbuf));
	/* Leave from the address the peer knows us by, when we know it. */
	if (local->addr.family == AF_INET) {
		struct in_pktinfo pi = { 0 };
		memcpy(&pi.ipi_spec_dst, local->addr.bytes, 4);
		mh.msg_control = cbuf.buf;
		mh.msg_controllen = CMSG_SPACE(sizeof(pi));
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = IPPROTO_IP;
		cm->cmsg_type = IP_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
	} else if (local->addr.family == AF_INET6) {
		struct in6_pktinfo pi = { 0 };
		memcpy(&pi.ipi6_addr, local->addr.bytes, 16);
		mh.msg_control = cbuf.buf;
		mh.msg_controllen = CMSG_SPACE(sizeof(pi));
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = IPPROTO_IPV6;
		cm->cmsg_type = IPV6_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
	}
	for (;;) {
		if (sendmsg(s->fd, &mh, MSG_DONTWAIT) >= 0)
			return 0;
		if (errno != EINTR)
			return -errno;
	}
}

int net_send(struct pluto *p, const struct endpoint *local, const struct endpoint *remote,
	     const uint8_t *msg, size_t len)
{
	struct ike_socket *s = net_socket(p, remote->addr.family, local->port);
	static const uint8_t marker[NON_ESP_MARKER_LEN] = { 0 };
	struct iovec iov[2];
	int n = 0;

	if (!s)
		return -ENOTCONN;
	if (s->encap)
		iov[n++] = (struct iovec){ (void *)marker, sizeof(marker) };
	iov[n++] = (struct iovec){ (void *)msg, len };
	return send_from(s, local, remote, iov, n);
}

int net_send_keepalive(struct pluto *p, const struct endpoint *local,
		       const struct endpoint *remote)
{
	struct ike_socket *s = net_socket(p, remote->addr.family, local->port);
	static const uint8_t ka = 0xff;
	struct iovec iov = { (void *)&ka, 1 };
	if (!s || !s->encap)
		return -ENOTCONN;
	return send_from(s, local, remote, &iov, 1);
}

static void socket_event(struct watch *w, uint32_t events, void *ctx)
{
	struct pluto *p = ctx;
	struct ike_socket *s = container_of(w, struct ike_socket, w);
	uint8_t buf[IKE_MAX_MSG + NON_ESP_MARKER_LEN];

	if (events & EPOLLERR)
		net_read_errors(p, s);

	/* Drain a bounded batch, then let other sockets and timers run. */
	for (int batch = 0; batch < 64; batch++) {
		struct sockaddr_storage from;
		union {
			char buf[CMSG_SPACE(sizeof(struct in6_pktinfo)) + 64];
			struct cmsghdr align;
		} cbuf;
		struct iovec iov = { buf, sizeof(buf) };
		struct msghdr mh = {
			.msg_name = &from,
			.msg_namelen = sizeof(from),
			.msg_iov = &iov,
			.msg_iovlen = 1,
			.msg_control = cbuf.buf,
			.msg_controllen = sizeof(cbuf.buf),
		};
		struct endpoint local = { .port = s->port }, remote;
		ssize_t n = recvmsg(s->fd, &mh, MSG_DONTWAIT);
		const uint8_t *msg = buf;
		size_t len;

		if (n < 0)
			return;
		len = (size_t)n;
		if (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC))
			continue;
		if (endpoint_from_sockaddr((struct sockaddr *)&from, &remote) < 0)
			continue;
		for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
			if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_PKTINFO) {
				struct in_pktinfo pi;
				memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
				local.addr.family = AF_INET;
				memcpy(local.addr.bytes, &pi.ipi_addr, 4);
			} else if (cm->cmsg_level == IPPROTO_IPV6 &&
				   cm->cmsg_type == IPV6_PKTINFO) {
				struct in6_pktinfo pi;
				memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
				local.addr.family = AF_INET6;
				memcpy(local.addr.bytes, &pi.ipi6_addr, 16);
			}
		}
		if (s->encap) {
			/* RFC 3948: a lone 0xff is a keepalive; IKE starts with 4 zero bytes;
			 * anything else is ESP the kernel should have taken. */
			if (len < NON_ESP_MARKER_LEN || memcmp(msg, "\0\0\0\0", 4) != 0)
				continue;
			msg += NON_ESP_MARKER_LEN;
			len -= NON_ESP_MARKER_LEN;
		}
		ike_receive(p, msg, len, &local, &remote);
	}
	(void)events;
}
