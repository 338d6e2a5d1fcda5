/* libFuzzer target: the parsers of what the kernel sends over XFRM netlink
 * (acknowledgements, replies and ACQUIRE/EXPIRE events). The kernel is trusted, but a parser that
 * reads past a length it was given is a bug wherever the bytes come from. */
#include <stdint.h>
#include <string.h>

#include <linux/netlink.h>

#include "netlink/xfrm_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The parsers take a netlink message whose nlmsg_len the caller checked
	 * against what was received, as mnl_cb_run does. */
	uint8_t buf[65536] __attribute__((aligned(8)));
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct kcounters c;
	struct kevent ev;
	uint32_t spi;

	if (size < sizeof(*nlh) || size > sizeof(buf))
		return 0;
	{
		/* A whole datagram as the request socket receives it. */
		uint32_t out_spi;
		struct xfrm_reply r = { .type = 16 /* XFRM_MSG_NEWSA */,
					.parse = (int (*)(const struct nlmsghdr *, void *))xfrm_parse_spi,
					.out = &out_spi };
		memcpy(&r.seq, data + 8, sizeof(r.seq));
		xfrm_reply_run(&r, data, size, 0);
	}
	memcpy(buf, data, size);
	if (nlh->nlmsg_len < sizeof(*nlh) || nlh->nlmsg_len > size)
		return 0;
	xfrm_parse_spi(nlh, &spi);
	xfrm_parse_counters(nlh, &c);
	xfrm_parse_event(nlh, &ev);
	return 0;
}
