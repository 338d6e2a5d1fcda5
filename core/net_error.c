/* ICMP errors for the datagrams we sent (IP_RECVERR): the kernel queues them on
 * the socket with the offending packet; the IKE SA that sent it gets Libreswan's
 * "ERROR: asynchronous network error report ..." line, which the seed's section
 * 3.13 shows for a peer that does not run IKE. */
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <time.h> /* linux/errqueue.h needs struct timespec */
#include <linux/errqueue.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "core/ike_sa.h"
#include "core/ikev2.h"
#include "core/net.h"
#include "core/pluto.h"

void net_enable_errors(int fd, int family)
{
	int one = 1;
	if (family == AF_INET)
		setsockopt(fd, IPPROTO_IP, IP_RECVERR, &one, sizeof(one));
	else
		setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &one, sizeof(one));
}

/* The interface that holds a local address, for the report's "on DEV". */
static void dev_of(const struct ip_addr *a, char *name, size_t len)
{
	struct ifaddrs *ifa, *i;
	snprintf(name, len, "%s", "?");
	if (getifaddrs(&ifa) < 0)
		return;
	for (i = ifa; i; i = i->ifa_next) {
		if (!i->ifa_addr || i->ifa_addr->sa_family != a->family)
			continue;
		const void *b = a->family == AF_INET
					? (const void *)&((struct sockaddr_in *)i->ifa_addr)->sin_addr
					: (const void *)&((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr;
		if (memcmp(b, a->bytes, ip_addr_len(a)) == 0) {
			snprintf(name, len, "%s", i->ifa_name);
			break;
		}
	}
	freeifaddrs(ifa);
}

static void origin_str(const struct sock_extended_err *ee, char *buf, size_t len)
{
	switch (ee->ee_origin) {
	case SO_EE_ORIGIN_NONE:
		snprintf(buf, len, "none");
		break;
	case SO_EE_ORIGIN_LOCAL:
		snprintf(buf, len, "local");
		break;
	case SO_EE_ORIGIN_ICMP:
		snprintf(buf, len, "ICMP type %d code %d (not authenticated)", ee->ee_type, ee->ee_code);
		break;
	case SO_EE_ORIGIN_ICMP6:
		snprintf(buf, len, "ICMP6 type %d code %d (not authenticated)", ee->ee_type,
			 ee->ee_code);
		break;
	default:
		snprintf(buf, len, "invalid origin %u", ee->ee_origin);
	}
}

void net_read_errors(struct pluto *p, struct ike_socket *s)
{
	for (int batch = 0; batch < 16; batch++) {
		uint8_t pkt[64];
		struct sockaddr_storage to;
		union {
			char buf[512];
			struct cmsghdr align;
		} cbuf;
		struct iovec iov = { pkt, sizeof(pkt) };
		struct msghdr mh = {
			.msg_name = &to,
			.msg_namelen = sizeof(to),
			.msg_iov = &iov,
			.msg_iovlen = 1,
			.msg_control = cbuf.buf,
			.msg_controllen = sizeof(cbuf.buf),
		};
		ssize_t n = recvmsg(s->fd, &mh, MSG_ERRQUEUE | MSG_DONTWAIT);
		const uint8_t *ike = pkt;
		size_t len;
		struct endpoint peer;
		struct ike_sa *sa;

		if (n < 0)
			return;
		len = (size_t)n;
		/* Only the start of the returned datagram matters: the IKE header. */
		if (s->encap) {
			if (len < NON_ESP_MARKER_LEN + IKE_HDR_LEN)
				continue; /* a keepalive, or ESP: nothing of ours to blame */
			ike += NON_ESP_MARKER_LEN;
			len -= NON_ESP_MARKER_LEN;
		}
		if (len < IKE_HDR_LEN || endpoint_from_sockaddr((struct sockaddr *)&to, &peer) < 0)
			continue;
		/* We sent it: with the I flag we began the SA and our SPI is SPIi. */
		sa = ike_sa_by_spi(p, ike[19] & IKE_FLAG_INITIATOR ? ike : ike + 8);
		if (!sa)
			continue;
		for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
			const struct sock_extended_err *ee;
			char dev[IF_NAMESIZE + 1], local[ENDPOINT_STR_MAX], origin[64];
			char offender[IP_STR_MAX] = "unspecified", to_ip[IP_STR_MAX];

			if (!((cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_RECVERR) ||
			      (cm->cmsg_level == IPPROTO_IPV6 && cm->cmsg_type == IPV6_RECVERR)))
				continue;
			if (cm->cmsg_len < CMSG_LEN(sizeof(*ee)))
				continue;
			ee = (const struct sock_extended_err *)CMSG_DATA(cm);
			if (cm->cmsg_len >= CMSG_LEN(sizeof(*ee) + sizeof(struct sockaddr_in))) {
				struct endpoint off;
				if (endpoint_from_sockaddr(SO_EE_OFFENDER(ee), &off) == 0)
					ip_addr_str(&off.addr, offender, sizeof(offender));
			}
			dev_of(&sa->local.addr, dev, sizeof(dev));
			endpoint_str(&sa->local, local, sizeof(local));
			origin_str(ee, origin, sizeof(origin));
			ike_log(p, sa, RC_COMMENT,
				"ERROR: asynchronous network error report on %s (%s) for message to %s "
				"port %u, complainant %s: %s [errno %u, origin %s]",
				dev, local, ip_addr_str(&peer.addr, to_ip, sizeof(to_ip)), peer.port,
				offender, strerror((int)ee->ee_errno), ee->ee_errno, origin);
		}
	}
}
