/* XFRM netlink messages: built from and parsed into netlink/kernel.h's plain
 * descriptions, with no socket involved, so every byte can be unit-tested.
 *
 * Builders write one complete request (header, fixed part, attributes) at buf
 * and return its length, or -errno: -EINVAL for an inconsistent description,
 * -EOPNOTSUPP for a transform with no kernel mapping, -EMSGSIZE when size is
 * too small. The caller sets nlmsg_seq and flags. Parsers take a message whose
 * nlmsg_len mnl_nlmsg_ok() has checked against what was received; they check
 * every other length first and return -EBADMSG for anything short or
 * malformed. */
#ifndef NETLINK_XFRM_MSG_H
#define NETLINK_XFRM_MSG_H
#include "netlink/kernel.h"

#include <linux/netlink.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Big enough for any request built here (an SA with every attribute is < 1 KiB). */
#define XFRM_REQ_SIZE 2048

int xfrm_build_allocspi(void *buf, size_t size, const struct kaddr *src,
			const struct kaddr *dst, uint8_t proto, uint32_t reqid,
			uint32_t min_spi, uint32_t max_spi);
/* type XFRM_MSG_NEWSA or XFRM_MSG_UPDSA; offload_ifindex 0 unless sa->offload_dev
 * (which names that interface). The result holds keys: wipe it after use. */
int xfrm_build_sa(void *buf, size_t size, uint16_t type, const struct ksa *sa,
		  int offload_ifindex);
int xfrm_build_delsa(void *buf, size_t size, const struct kaddr *dst, uint32_t spi_net,
		     uint8_t proto, uint32_t mark, uint32_t mark_mask);
/* Asks for the state's current lifetime (XFRM_MSG_GETAE): the counters without
 * the keys that XFRM_MSG_GETSA would echo back. */
int xfrm_build_getae(void *buf, size_t size, const struct kaddr *dst, uint32_t spi_net,
		     uint8_t proto, uint32_t mark, uint32_t mark_mask);
/* type XFRM_MSG_NEWPOLICY or XFRM_MSG_UPDPOLICY. */
int xfrm_build_policy(void *buf, size_t size, uint16_t type, const struct kpolicy *pol);
int xfrm_build_delpolicy(void *buf, size_t size, const struct kselector *sel,
			 enum kdir dir, uint32_t mark, uint32_t mark_mask, uint32_t if_id);

/* The reply to ALLOCSPI (an XFRM_MSG_NEWSA): the SPI, network order. */
int xfrm_parse_spi(const struct nlmsghdr *nlh, uint32_t *spi_net);
/* The reply to GETAE (an XFRM_MSG_NEWAE). */
int xfrm_parse_counters(const struct nlmsghdr *nlh, struct kcounters *out);
/* A multicast notification: 1 with *ev filled for ACQUIRE, EXPIRE and
 * POLEXPIRE, 0 for any other message type, -EBADMSG. */
int xfrm_parse_event(const struct nlmsghdr *nlh, struct kevent *ev);

/* The answer to one request: the kernel sends the reply message (if any), then
 * the acknowledgement, maybe in separate datagrams. */
struct xfrm_reply {
	uint32_t seq;            /* the request's */
	uint16_t type;           /* the reply's message type; 0 when only acknowledged */
	int (*parse)(const struct nlmsghdr *nlh, void *out);
	void *out;
	bool got;                /* the reply was parsed into out */
};
/* Feeds one received datagram: 1 while the acknowledgement is still to come,
 * 0 once it came (and the reply, when one was expected), or -errno: the
 * kernel's error for the request, -EBADMSG for a malformed answer. Messages
 * with another sequence number are stale and skipped. */
int xfrm_reply_run(struct xfrm_reply *r, const void *buf, size_t len, uint32_t portid);

#endif
