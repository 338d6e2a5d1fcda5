/* The libmnl API as netlink/ uses it. Uses nothing but <libmnl/libmnl.h>, so
 * tests/host/xfrm_mnl_compat.sh also builds it against Debian's real libmnl:
 * both implementations must pass the same checks. */
#include "tests/unit/check.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

static _Alignas(8) uint8_t buf[1024];
/* Dump datagrams can be up to 32 KiB. */
static _Alignas(8) uint8_t dump[32768];

static void test_header(void)
{
	struct nlmsghdr *nlh;
	uint8_t *extra, zero[8] = { 0 };

	memset(buf, 0xaa, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	CHECK(nlh == (void *)buf && nlh->nlmsg_len == 16 && nlh->nlmsg_type == 0 &&
		      nlh->nlmsg_flags == 0 && nlh->nlmsg_seq == 0 && nlh->nlmsg_pid == 0,
	      "put_header: 16 bytes, all fields zero");
	extra = mnl_nlmsg_put_extra_header(nlh, 6);
	CHECK(extra == buf + 16 && nlh->nlmsg_len == 24,
	      "put_extra_header(6): at offset 16, length rounds up to 24");
	CHECK_BYTES(extra, 8, zero, 8, "extra header and its padding zeroed");
	CHECK(mnl_nlmsg_get_payload(nlh) == buf + 16 && mnl_nlmsg_get_payload_len(nlh) == 8 &&
		      mnl_nlmsg_get_payload_offset(nlh, 6) == buf + 24 &&
		      mnl_nlmsg_get_payload_tail(nlh) == buf + 24,
	      "payload, payload_len 8, payload_offset(6) and tail at 24");
	CHECK(mnl_nlmsg_size(20) == 36, "nlmsg_size(20) = 36");
}

static void test_attr_put(void)
{
	struct nlmsghdr *nlh;
	const uint8_t want[] = {
		0x07, 0x00, 0x01, 0x00, 'a', 'b', 'c', 0x00, /* len 7, type 1, 1 pad byte */
		0x08, 0x00, 0x02, 0x00, 0x78, 0x56, 0x34, 0x12, /* u32 0x12345678 */
		0x04, 0x00, 0x03, 0x00, /* empty */
	};

	memset(buf, 0xaa, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	mnl_attr_put(nlh, 1, 3, "abc");
	CHECK(nlh->nlmsg_len == 24, "3-byte attribute: 7 bytes, aligned to 8");
	CHECK(mnl_attr_put_u32_check(nlh, sizeof(buf), 2, 0x12345678), "put_u32_check fits");
	CHECK(mnl_attr_put_check(nlh, sizeof(buf), 3, 0, NULL), "an empty attribute fits");
#ifdef TEST_REAL_LIBMNL
	/* libmnl 1.0.4 leaves padding as it was; 1.0.5 and ours zero it. */
	buf[23] = 0;
#endif
	CHECK_BYTES(buf + 16, nlh->nlmsg_len - 16, want, sizeof(want),
		    "attributes laid out with zeroed padding");

	CHECK(!mnl_attr_put_check(nlh, nlh->nlmsg_len + 7, 4, 4, "wxyz") && nlh->nlmsg_len == 36,
	      "put_check refuses an attribute one byte too big, length unchanged");
	CHECK(mnl_attr_put_check(nlh, nlh->nlmsg_len + 8, 4, 4, "wxyz") && nlh->nlmsg_len == 44,
	      "put_check accepts one that fits exactly");
	CHECK(!mnl_attr_put_u32_check(nlh, 46, 5, 1) && nlh->nlmsg_len == 44,
	      "put_u32_check refuses when the buffer ends");
}

struct seen {
	int n;
	uint16_t types[8];
	uint16_t lens[8];
};

static int collect(const struct nlattr *attr, void *data)
{
	struct seen *s = data;
	if (s->n < 8) {
		s->types[s->n] = mnl_attr_get_type(attr);
		s->lens[s->n] = mnl_attr_get_payload_len(attr);
	}
	s->n++;
	return MNL_CB_OK;
}

static int stop_at_2(const struct nlattr *attr, void *data)
{
	collect(attr, data);
	return mnl_attr_get_type(attr) == 2 ? MNL_CB_STOP : MNL_CB_OK;
}

static void test_nesting(void)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest, *attr;
	struct seen s = { 0 };
	uint32_t len_before;
	int count = 0;

	nlh = mnl_nlmsg_put_header(buf);
	mnl_attr_put_u32_check(nlh, sizeof(buf), 1, 7);
	nest = mnl_attr_nest_start_check(nlh, sizeof(buf), 9);
	CHECK(nest != NULL, "nest_start_check fits");
	mnl_attr_put_u32_check(nlh, sizeof(buf), 2, 100);
	mnl_attr_put_check(nlh, sizeof(buf), 3, 5, "hello");
	mnl_attr_nest_end(nlh, nest);
	CHECK(nest->nla_len == 4 + 8 + 12, "nest length covers its header and both children (24)");
	CHECK(mnl_attr_get_type(nest) == 9 && (nest->nla_type & NLA_F_NESTED),
	      "nest carries NLA_F_NESTED; get_type masks it off (9)");
	CHECK(mnl_attr_validate(nest, MNL_TYPE_NESTED) == 0, "validate NESTED accepts it");
	mnl_attr_parse_nested(nest, collect, &s);
	CHECK(s.n == 2 && s.types[0] == 2 && s.lens[0] == 4 && s.types[1] == 3 && s.lens[1] == 5,
	      "parse_nested visits the two children (2: 4 bytes, 3: 5 bytes)");
	mnl_attr_for_each_nested(attr, nest) count++;
	CHECK(count == 2, "for_each_nested visits 2");

	memset(&s, 0, sizeof(s));
	CHECK(mnl_attr_parse(nlh, 0, collect, &s) == MNL_CB_OK && s.n == 2 && s.types[0] == 1 &&
		      s.types[1] == 9,
	      "parse at top level sees 1 and the nest 9");

	len_before = nlh->nlmsg_len;
	nest = mnl_attr_nest_start(nlh, 10);
	mnl_attr_put_u32_check(nlh, sizeof(buf), 2, 1);
	mnl_attr_nest_cancel(nlh, nest);
	CHECK(nlh->nlmsg_len == len_before, "nest_cancel drops the nest and its children");
	CHECK(mnl_attr_nest_start_check(nlh, nlh->nlmsg_len + 3, 11) == NULL &&
		      nlh->nlmsg_len == len_before,
	      "nest_start_check refuses without room for a header");

	memset(&s, 0, sizeof(s));
	nlh = mnl_nlmsg_put_header(buf);
	mnl_attr_put_u32_check(nlh, sizeof(buf), 1, 1);
	mnl_attr_put_u32_check(nlh, sizeof(buf), 2, 2);
	mnl_attr_put_u32_check(nlh, sizeof(buf), 3, 3);
	CHECK(mnl_attr_parse(nlh, 0, stop_at_2, &s) == MNL_CB_STOP && s.n == 2,
	      "a callback returning STOP ends the walk (2 of 3 visited)");
}

static void test_attr_bounds(void)
{
	struct nlmsghdr *nlh;
	struct nlattr *a, *b;
	struct seen s = { 0 };

	nlh = mnl_nlmsg_put_header(buf);
	a = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32_check(nlh, sizeof(buf), 1, 0x01020304);
	b = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32_check(nlh, sizeof(buf), 2, 2);
	mnl_attr_put_u32_check(nlh, sizeof(buf), 3, 3);

	CHECK(mnl_attr_ok(a, 8) && !mnl_attr_ok(a, 7) && !mnl_attr_ok(a, 3),
	      "attr_ok: 8-byte attribute needs 8 bytes left");
	b->nla_len = 2000;
	CHECK(mnl_attr_parse(nlh, 0, collect, &s) == MNL_CB_OK && s.n == 1,
	      "an attribute longer than the message ends parsing before it");
	b->nla_len = 3;
	s.n = 0;
	mnl_attr_parse(nlh, 0, collect, &s);
	CHECK(s.n == 1 && !mnl_attr_ok(b, 100), "an attribute shorter than its header ends parsing");
	b->nla_len = 8;
	CHECK(mnl_attr_next(a) == b, "attr_next steps by the aligned length");

	CHECK(mnl_attr_validate(a, MNL_TYPE_U32) == 0, "validate U32 on 4 bytes");
	errno = 0;
	CHECK(mnl_attr_validate(a, MNL_TYPE_U64) < 0 && errno == ERANGE,
	      "validate U64 on 4 bytes: ERANGE");
	errno = 0;
	CHECK(mnl_attr_validate(a, MNL_TYPE_U16) < 0 && errno == ERANGE,
	      "validate U16 on 4 bytes: ERANGE (longer than expected)");
	CHECK(mnl_attr_validate2(a, MNL_TYPE_BINARY, 4) == 0, "validate2 BINARY 4 on 4 bytes");
	errno = 0;
	CHECK(mnl_attr_validate2(a, MNL_TYPE_BINARY, 5) < 0 && errno == ERANGE,
	      "validate2 BINARY 5 on 4 bytes: ERANGE");
	errno = 0;
	CHECK(mnl_attr_validate(a, MNL_TYPE_FLAG) < 0 && errno == ERANGE,
	      "validate FLAG with a payload: ERANGE");
	errno = 0;
	CHECK(mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0 && errno == EINVAL,
	      "validate NUL_STRING not ending in NUL: EINVAL");
	errno = 0;
	CHECK(mnl_attr_validate(a, MNL_TYPE_MAX) < 0 && errno == EINVAL,
	      "validate with an unknown type: EINVAL");
	CHECK(mnl_attr_type_valid(a, 1) == 1, "type_valid 1 <= max 1");
	errno = 0;
	CHECK(mnl_attr_type_valid(b, 1) < 0 && errno == EOPNOTSUPP,
	      "type_valid 2 > max 1: EOPNOTSUPP");
	CHECK(mnl_attr_get_u32(b) == 2 && mnl_attr_get_len(b) == 8, "get_u32 and get_len");
	b->nla_len = 5; /* payload 01 (byte order aside): one byte, not NUL */
	CHECK(mnl_attr_validate(b, MNL_TYPE_NUL_STRING) == -1, "a 1-byte string without NUL");
	b->nla_len = 8;
	CHECK(mnl_attr_validate(b, MNL_TYPE_NUL_STRING) == 0, "02 00 00 00 ends in NUL: a string");
}

static struct nlmsghdr *put_msg(uint8_t *out, size_t *off, uint16_t type, uint16_t flags,
				uint32_t seq, uint32_t pid, size_t payload)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(out + *off);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = pid;
	mnl_nlmsg_put_extra_header(nlh, payload);
	*off += MNL_ALIGN(nlh->nlmsg_len);
	return nlh;
}

static void put_err(uint8_t *out, size_t *off, uint32_t seq, int error)
{
	struct nlmsghdr *nlh = put_msg(out, off, NLMSG_ERROR, 0, seq, 9, sizeof(struct nlmsgerr));
	struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	e->error = error;
}

static int count_data(const struct nlmsghdr *nlh, void *data)
{
	(*(int *)data)++;
	return MNL_CB_OK;
}

static int fail_data(const struct nlmsghdr *nlh, void *data)
{
	(*(int *)data)++;
	errno = EBADMSG;
	return MNL_CB_ERROR;
}

static int my_error(const struct nlmsghdr *nlh, void *data)
{
	((int *)data)[1]++;
	return MNL_CB_OK;
}

static void test_messages(void)
{
	size_t off = 0;
	int n = 0, len;
	struct nlmsghdr *nlh, *next;
	int counts[2] = { 0, 0 };
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = { [NLMSG_ERROR] = my_error };

	nlh = put_msg(buf, &off, 100, 0, 3, 9, 5);
	CHECK(nlh->nlmsg_len == 24, "put_extra_header(5) pads the message to 24");
	nlh->nlmsg_len = 21;
	put_msg(buf, &off, 101, 0, 3, 9, 8);
	len = (int)off;
	CHECK(mnl_nlmsg_ok(nlh, len), "nlmsg_ok on the first");
	next = mnl_nlmsg_next(nlh, &len);
	CHECK(next == (void *)(buf + 24) && len == 24 && next->nlmsg_type == 101 &&
		      mnl_nlmsg_ok(next, len),
	      "nlmsg_next: second at offset 24, 24 bytes left");
	next = mnl_nlmsg_next(next, &len);
	CHECK(len == 0 && !mnl_nlmsg_ok(next, len), "then nothing left");
	CHECK(!mnl_nlmsg_ok(nlh, 15), "nlmsg_ok: fewer bytes than a header");
	CHECK(!mnl_nlmsg_ok(nlh, 20), "nlmsg_ok: fewer bytes than nlmsg_len (21)");
	nlh->nlmsg_len = 12;
	CHECK(!mnl_nlmsg_ok(nlh, 48), "nlmsg_ok: nlmsg_len below the header size");
	nlh->nlmsg_len = 21;

	CHECK(mnl_nlmsg_seq_ok(nlh, 3) && !mnl_nlmsg_seq_ok(nlh, 4) && mnl_nlmsg_seq_ok(nlh, 0),
	      "seq_ok: equal, different, untracked (0)");
	nlh->nlmsg_seq = 0;
	CHECK(mnl_nlmsg_seq_ok(nlh, 4), "seq_ok: a notification (seq 0) passes");
	CHECK(mnl_nlmsg_portid_ok(nlh, 9) && !mnl_nlmsg_portid_ok(nlh, 8) &&
		      mnl_nlmsg_portid_ok(nlh, 0),
	      "portid_ok: equal, different, untracked (0)");

	/* A multi-part answer: two data messages, then NLMSG_DONE. */
	off = 0;
	put_msg(buf, &off, 100, NLM_F_MULTI, 3, 9, 4);
	put_msg(buf, &off, 100, NLM_F_MULTI, 3, 9, 4);
	put_msg(buf, &off, NLMSG_DONE, NLM_F_MULTI, 3, 9, 4);
	CHECK(mnl_cb_run(buf, off, 3, 9, count_data, &n) == MNL_CB_STOP && n == 2,
	      "multi-part: 2 data callbacks, NLMSG_DONE stops (0)");
	n = 0;
	CHECK(mnl_cb_run(buf, off - 20, 3, 9, count_data, &n) == MNL_CB_OK && n == 2,
	      "without NLMSG_DONE yet: OK (1), keep reading");

	off = 0;
	put_msg(buf, &off, 100, 0, 3, 9, 4);
	put_err(buf, &off, 3, 0);
	n = 0;
	CHECK(mnl_cb_run(buf, off, 3, 9, count_data, &n) == MNL_CB_STOP && n == 1,
	      "reply then ACK (error 0): STOP");

	off = 0;
	put_err(buf, &off, 3, -EEXIST);
	errno = 0;
	CHECK(mnl_cb_run(buf, off, 3, 9, NULL, NULL) == MNL_CB_ERROR && errno == EEXIST,
	      "NLMSG_ERROR -EEXIST: ERROR with errno EEXIST");
	off = 0;
	put_err(buf, &off, 3, ENOENT);
	errno = 0;
	CHECK(mnl_cb_run(buf, off, 3, 9, NULL, NULL) == MNL_CB_ERROR && errno == ENOENT,
	      "a positive error is taken as its errno too");
	off = 0;
	put_msg(buf, &off, NLMSG_ERROR, 0, 3, 9, 12);
	errno = 0;
	CHECK(mnl_cb_run(buf, off, 3, 9, NULL, NULL) == MNL_CB_ERROR && errno == EBADMSG,
	      "NLMSG_ERROR shorter than struct nlmsgerr: EBADMSG");

	off = 0;
	put_err(buf, &off, 4, 0);
	errno = 0;
	CHECK(mnl_cb_run(buf, off, 3, 9, NULL, NULL) == MNL_CB_ERROR && errno == EPROTO,
	      "sequence 4 while expecting 3: EPROTO");
	errno = 0;
	CHECK(mnl_cb_run(buf, off, 3, 8, NULL, NULL) == MNL_CB_ERROR && errno == ESRCH,
	      "port ID 9 while expecting 8: ESRCH");
	CHECK(mnl_cb_run(buf, off, 0, 0, NULL, NULL) == MNL_CB_STOP,
	      "seq 0 and port 0 turn both checks off");

	off = 0;
	put_msg(buf, &off, 100, NLM_F_MULTI | NLM_F_DUMP_INTR, 3, 9, 4);
	errno = 0;
	CHECK(mnl_cb_run(buf, off, 3, 9, count_data, &n) == MNL_CB_ERROR && errno == EINTR,
	      "NLM_F_DUMP_INTR: EINTR (the dump must be redone)");

	off = 0;
	put_msg(buf, &off, 100, 0, 3, 9, 4);
	put_msg(buf, &off, 100, 0, 3, 9, 4);
	n = 0;
	errno = 0;
	CHECK(mnl_cb_run(buf, off, 3, 9, fail_data, &n) == MNL_CB_ERROR && n == 1 &&
		      errno == EBADMSG,
	      "a data callback's ERROR ends the run at the first message");

	off = 0;
	put_msg(buf, &off, 100, 0, 3, 9, 4);
	put_err(buf, &off, 3, -EPERM);
	CHECK(mnl_cb_run2(buf, off, 3, 9, count_data, counts, ctl, NLMSG_MIN_TYPE) == MNL_CB_OK &&
		      counts[0] == 1 && counts[1] == 1,
	      "cb_run2: a caller's NLMSG_ERROR handler replaces the default");

	/* A message cut short at the end is not handed to the callback. */
	off = 0;
	put_msg(buf, &off, 100, 0, 3, 9, 4);
	nlh = put_msg(buf, &off, 100, 0, 3, 9, 40);
	n = 0;
	CHECK(mnl_cb_run(buf, off - 8, 3, 9, count_data, &n) == MNL_CB_OK && n == 1,
	      "a truncated trailing message is not delivered");
}

/* A real round trip with the kernel over NETLINK_ROUTE, which needs no privilege. */
static void test_socket(void)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_ROUTE);
	struct nlmsghdr *nlh;
	struct rtgenmsg *gen;
	unsigned portid, seq = (unsigned)time(NULL);
	int n = 0, ret;
	ssize_t got;
	char tiny[8];

	CHECK(nl != NULL, "mnl_socket_open(NETLINK_ROUTE)");
	if (!nl)
		return;
	CHECK(mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) == 0, "bind with an automatic port ID");
	portid = mnl_socket_get_portid(nl);
	CHECK(portid != 0 && mnl_socket_get_fd(nl) >= 0, "the kernel assigned port ID %u", portid);

	/* Message type 0x7fff is beyond RTM_MAX: the kernel answers EOPNOTSUPP. */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = 0x7fff;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct rtgenmsg));
	CHECK(mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) == (ssize_t)nlh->nlmsg_len, "sendto");
	got = mnl_socket_recvfrom(nl, buf, sizeof(buf));
	errno = 0;
	ret = mnl_cb_run(buf, got > 0 ? (size_t)got : 0, seq, portid, NULL, NULL);
	CHECK(got > 0 && ret == MNL_CB_ERROR && errno == EOPNOTSUPP,
	      "unknown request type: the kernel's error arrives as errno EOPNOTSUPP");

	/* Too small a buffer: the datagram is cut, which must not pass for a message. */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = 0x7fff;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++seq;
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct rtgenmsg));
	mnl_socket_sendto(nl, nlh, nlh->nlmsg_len);
	errno = 0;
	CHECK(mnl_socket_recvfrom(nl, tiny, sizeof(tiny)) < 0 && errno == ENOSPC,
	      "recvfrom into 8 bytes: -1 with ENOSPC (truncated)");

	/* A dump is multi-part: read until NLMSG_DONE. */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = ++seq;
	gen = mnl_nlmsg_put_extra_header(nlh, sizeof(*gen));
	gen->rtgen_family = AF_UNSPEC;
	mnl_socket_sendto(nl, nlh, nlh->nlmsg_len);
	do {
		got = mnl_socket_recvfrom(nl, dump, sizeof(dump));
		ret = got > 0 ? mnl_cb_run(dump, (size_t)got, seq, portid, count_data, &n) : -1;
	} while (ret > 0);
	CHECK(ret == MNL_CB_STOP && n >= 1, "link dump: %d link(s), ended by NLMSG_DONE", n);
	CHECK(mnl_socket_close(nl) == 0, "close");
}

int main(void)
{
	test_header();
	test_attr_put();
	test_nesting();
	test_attr_bounds();
	test_messages();
	test_socket();
	return check_done();
}
