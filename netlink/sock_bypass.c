/* Per-socket IPsec bypass: IKE's own packets must never be caught by the policies
 * IKE installs (a host-to-host tunnel covers UDP 500 too), so the daemon's
 * sockets get "allow" policies in both directions, as every Linux IKE daemon does.
 * Only the kernel's UAPI headers are included here: musl's <netinet/in.h> and
 * <linux/in6.h> cannot be mixed. */
#include <errno.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/xfrm.h>
#include <sys/socket.h>

#include "netlink/kernel.h"

int kernel_socket_bypass(int fd, int family)
{
	struct xfrm_userpolicy_info pol = {
		.action = XFRM_POLICY_ALLOW,
		.sel.family = (__u16)family,
		.lft = {
			.soft_byte_limit = XFRM_INF,
			.hard_byte_limit = XFRM_INF,
			.soft_packet_limit = XFRM_INF,
			.hard_packet_limit = XFRM_INF,
		},
	};
	int level = family == AF_INET ? IPPROTO_IP : IPPROTO_IPV6;
	int opt = family == AF_INET ? IP_XFRM_POLICY : IPV6_XFRM_POLICY;

	pol.dir = XFRM_POLICY_IN;
	if (setsockopt(fd, level, opt, &pol, sizeof(pol)) < 0)
		return -errno;
	pol.dir = XFRM_POLICY_OUT;
	if (setsockopt(fd, level, opt, &pol, sizeof(pol)) < 0)
		return -errno;
	return 0;
}
