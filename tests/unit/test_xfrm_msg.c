/* XFRM messages without a kernel: requests byte for byte against what iproute2
 * sends for the same command, replies and notifications parsed with every
 * length checked, and the IKEv2-to-kernel algorithm table. */
#include <netinet/in.h>

#include "netlink/kernel.h"
#include "netlink/xfrm_alg.h"
#include "netlink/xfrm_msg.h"
#include "tests/unit/check.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/xfrm.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static _Alignas(8) uint8_t buf[XFRM_REQ_SIZE];

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

static void hexkey(uint8_t *out, const char *hex, size_t want)
{
	size_t n;
	uint8_t *b = check_unhex(hex, &n);
	if (n != want)
		abort();
	memcpy(out, b, n);
	free(b);
}

#define K20 "000102030405060708090a0b0c0d0e0f10111213"
#define K32 "101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f"

/* Compares a built request with the payload iproute2 6.1 sent for `what`,
 * captured with `strace -xx -e sendmsg ip ...`. */
static void check_request(int len, uint16_t type, const char *payload_hex, const char *what)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	size_t want_len;
	uint8_t *want = check_unhex(payload_hex, &want_len);

	CHECK(len == (int)(MNL_NLMSG_HDRLEN + want_len), "%s: length %d, iproute2 %zu", what,
	      len, MNL_NLMSG_HDRLEN + want_len);
	CHECK(len > 0 && nlh->nlmsg_len == (uint32_t)len && nlh->nlmsg_type == type &&
		      nlh->nlmsg_flags == NLM_F_REQUEST,
	      "%s: header (type %u, flags %#x)", what, (unsigned)nlh->nlmsg_type,
	      (unsigned)nlh->nlmsg_flags);
	if (len > 0)
		CHECK_BYTES(buf + MNL_NLMSG_HDRLEN, (size_t)len - MNL_NLMSG_HDRLEN, want, want_len,
			    what);
	free(want);
}

static struct ksa gcm_tunnel(void)
{
	struct ksa sa = { 0 };
	sa.src = addr("192.0.2.1");
	sa.dst = addr("192.0.2.2");
	sa.spi = htonl(0x12345678);
	sa.proto = IPPROTO_ESP;
	sa.mode = KMODE_TUNNEL;
	sa.reqid = 7;
	sa.encr_id = 20; /* ENCR_AES_GCM_16 */
	sa.encr_key_bits = 128;
	sa.encr_key_len = 20;
	hexkey(sa.encr_key, K20, 20);
	sa.replay_window = 32;
	sa.encap_sport = 4500;
	sa.encap_dport = 4500;
	return sa;
}

static void test_sa_requests(void)
{
	struct ksa sa = gcm_tunnel();
	int len;

	/* ip xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x12345678 reqid 7
	 *   mode tunnel replay-window 32 flag af-unspec
	 *   aead 'rfc4106(gcm(aes))' 0x000102...13 128 encap espinudp 4500 4500 0.0.0.0 */
	len = xfrm_build_sa(buf, sizeof(buf), XFRM_MSG_NEWSA, &sa, 0);
	check_request(len, XFRM_MSG_NEWSA,
		      "0000000000000000000000000000000000000000000000000000000000000000"
		      "000000000000000000000000000000000000000000000000c000020200000000"
		      "00000000000000001234567832000000c0000201000000000000000000000000"
		      "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
		      "0000000000000000000000000000000000000000000000000000000000000000"
		      "0000000000000000000000000000000000000000000000000000000000000000"
		      "0000000000000000000000000000000007000000020001202000000000000000"
		      "60001200726663343130362867636d2861657329290000000000000000000000"
		      "0000000000000000000000000000000000000000000000000000000000000000"
		      "00000000a000000080000000000102030405060708090a0b0c0d0e0f10111213"
		      "1c000400020011941194000000000000000000000000000000000000",
		      "ESP tunnel, AES-GCM-16/128, ESP-in-UDP 4500, window 32 = iproute2");

	len = xfrm_build_sa(buf, sizeof(buf), XFRM_MSG_UPDSA, &sa, 0);
	CHECK(len > 0 && ((struct nlmsghdr *)buf)->nlmsg_type == XFRM_MSG_UPDSA,
	      "update_sa builds XFRM_MSG_UPDSA");

	/* ip xfrm state add src 2001:db8::1 dst 2001:db8::2 proto esp spi 0x1001 reqid 9
	 *   mode transport replay-window 128 flag esn enc 'cbc(aes)' 0x<K32>
	 *   auth-trunc 'hmac(sha256)' 0x<K32> 128
	 *   sel src 2001:db8::1/128 dst 2001:db8::2/128 proto udp sport 500 dport 4500
	 *   limit byte-soft 1000000 limit byte-hard 2000000 limit packet-soft 1000
	 *   limit packet-hard 2000 limit time-soft 3000 limit time-hard 3600
	 *   mark 0x10 mask 0xff if_id 5 */
	memset(&sa, 0, sizeof(sa));
	sa.src = addr("2001:db8::1");
	sa.dst = addr("2001:db8::2");
	sa.spi = htonl(0x1001);
	sa.proto = IPPROTO_ESP;
	sa.mode = KMODE_TRANSPORT;
	sa.reqid = 9;
	sa.encr_id = 12; /* ENCR_AES_CBC */
	sa.encr_key_bits = 256;
	sa.encr_key_len = 32;
	hexkey(sa.encr_key, K32, 32);
	sa.integ_id = 12; /* AUTH_HMAC_SHA2_256_128 */
	sa.integ_key_len = 32;
	hexkey(sa.integ_key, K32, 32);
	sa.esn = true;
	sa.replay_window = 128;
	sa.sel.src = sa.src;
	sa.sel.dst = sa.dst;
	sa.sel.src_prefix = sa.sel.dst_prefix = 128;
	sa.sel.proto = IPPROTO_UDP;
	sa.sel.sport = 500;
	sa.sel.dport = 4500;
	sa.soft_bytes = 1000000;
	sa.hard_bytes = 2000000;
	sa.soft_packets = 1000;
	sa.hard_packets = 2000;
	sa.soft_add_seconds = 3000;
	sa.hard_add_seconds = 3600;
	sa.mark = 0x10;
	sa.mark_mask = 0xff;
	sa.if_id = 5;
	len = xfrm_build_sa(buf, sizeof(buf), XFRM_MSG_NEWSA, &sa, 0);
	check_request(len, XFRM_MSG_NEWSA,
		      "20010db800000000000000000000000220010db8000000000000000000000001"
		      "1194ffff01f4ffff0a00808011000000000000000000000020010db800000000"
		      "0000000000000002000010013200000020010db8000000000000000000000001"
		      "40420f000000000080841e0000000000e803000000000000d007000000000000"
		      "b80b000000000000100e00000000000000000000000000000000000000000000"
		      "0000000000000000000000000000000000000000000000000000000000000000"
		      "00000000000000000000000000000000090000000a0000008000000000000000"
		      "6800020063626328616573290000000000000000000000000000000000000000"
		      "0000000000000000000000000000000000000000000000000000000000000000"
		      "0000000000010000101112131415161718191a1b1c1d1e1f2021222324252627"
		      "28292a2b2c2d2e2f6c001400686d616328736861323536290000000000000000"
		      "0000000000000000000000000000000000000000000000000000000000000000"
		      "0000000000000000000000000001000080000000101112131415161718191a1b"
		      "1c1d1e1f202122232425262728292a2b2c2d2e2f1c0017000400000000000000"
		      "000000000000000000000000800000000c00150010000000ff00000008001f00"
		      "05000000",
		      "ESP transport IPv6, AES-CBC-256 + HMAC-SHA2-256, ESN window 128, "
		      "selector, lifetimes, mark, if_id = iproute2");

	/* ip xfrm state add src 192.0.2.1 dst 192.0.2.2 proto ah spi 0x2000 reqid 3
	 *   mode tunnel flag af-unspec auth-trunc 'hmac(sha1)' 0x<K20> 96 */
	memset(&sa, 0, sizeof(sa));
	sa.src = addr("192.0.2.1");
	sa.dst = addr("192.0.2.2");
	sa.spi = htonl(0x2000);
	sa.proto = IPPROTO_AH;
	sa.mode = KMODE_TUNNEL;
	sa.reqid = 3;
	sa.integ_id = 2; /* AUTH_HMAC_SHA1_96 */
	sa.integ_key_len = 20;
	hexkey(sa.integ_key, K20, 20);
	len = xfrm_build_sa(buf, sizeof(buf), XFRM_MSG_NEWSA, &sa, 0);
	check_request(len, XFRM_MSG_NEWSA,
		      "0000000000000000000000000000000000000000000000000000000000000000"
		      "000000000000000000000000000000000000000000000000c000020200000000"
		      "00000000000000000000200033000000c0000201000000000000000000000000"
		      "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
		      "0000000000000000000000000000000000000000000000000000000000000000"
		      "0000000000000000000000000000000000000000000000000000000000000000"
		      "0000000000000000000000000000000003000000020001002000000000000000"
		      "60001400686d6163287368613129000000000000000000000000000000000000"
		      "0000000000000000000000000000000000000000000000000000000000000000"
		      "00000000a000000060000000000102030405060708090a0b0c0d0e0f10111213",
		      "AH tunnel, HMAC-SHA1-96 = iproute2");

	/* ip xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x3000 reqid 4
	 *   mode tunnel flag af-unspec aead 'rfc7539esp(chacha20,poly1305)' 0x<K32>a0a1a2a3 128 */
	memset(&sa, 0, sizeof(sa));
	sa.src = addr("192.0.2.1");
	sa.dst = addr("192.0.2.2");
	sa.spi = htonl(0x3000);
	sa.proto = IPPROTO_ESP;
	sa.mode = KMODE_TUNNEL;
	sa.reqid = 4;
	sa.encr_id = 28; /* ENCR_CHACHA20_POLY1305 */
	sa.encr_key_len = 36;
	hexkey(sa.encr_key, K32 "a0a1a2a3", 36);
	len = xfrm_build_sa(buf, sizeof(buf), XFRM_MSG_NEWSA, &sa, 0);
	check_request(len, XFRM_MSG_NEWSA,
		      "0000000000000000000000000000000000000000000000000000000000000000"
		      "000000000000000000000000000000000000000000000000c000020200000000"
		      "00000000000000000000300032000000c0000201000000000000000000000000"
		      "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
		      "0000000000000000000000000000000000000000000000000000000000000000"
		      "0000000000000000000000000000000000000000000000000000000000000000"
		      "0000000000000000000000000000000004000000020001002000000000000000"
		      "70001200726663373533396573702863686163686132302c706f6c7931333035"
		      "2900000000000000000000000000000000000000000000000000000000000000"
		      "000000002001000080000000101112131415161718191a1b1c1d1e1f20212223"
		      "2425262728292a2b2c2d2e2fa0a1a2a3",
		      "ESP tunnel, ChaCha20-Poly1305 = iproute2");
}

static void test_espintcp_request(void)
{
	struct ksa sa = gcm_tunnel();
	int len;

	/* ip xfrm state add ... (as the first case) ... encap espintcp 4500 4501 198.51.100.9 */
	sa.encap_tcp = true;
	sa.encap_dport = 4501;
	sa.encap_oa = addr("198.51.100.9");
	len = xfrm_build_sa(buf, sizeof(buf), XFRM_MSG_NEWSA, &sa, 0);
	check_request(len, XFRM_MSG_NEWSA,
		      "0000000000000000000000000000000000000000000000000000000000000000"
		      "000000000000000000000000000000000000000000000000c000020200000000"
		      "00000000000000001234567832000000c0000201000000000000000000000000"
		      "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
		      "0000000000000000000000000000000000000000000000000000000000000000"
		      "0000000000000000000000000000000000000000000000000000000000000000"
		      "0000000000000000000000000000000007000000020001202000000000000000"
		      "60001200726663343130362867636d2861657329290000000000000000000000"
		      "0000000000000000000000000000000000000000000000000000000000000000"
		      "00000000a000000080000000000102030405060708090a0b0c0d0e0f10111213"
		      "1c0004000700119411950000c6336409000000000000000000000000",
		      "espintcp 4500 -> 4501, original address 198.51.100.9 = iproute2");
}

static void test_sa_attrs(void)
{
	struct ksa sa = gcm_tunnel();
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	const struct nlattr *attr;
	struct xfrm_encap_tmpl encap;
	struct xfrm_user_offload off;
	bool seen_encap = false, seen_off = false;
	int len;

	sa.encap_tcp = true;
	sa.encap_sport = 4500;
	sa.encap_dport = 4501;
	sa.encap_oa = addr("198.51.100.9");
	sa.offload_dev = "eth0";
	sa.inbound = true;
	len = xfrm_build_sa(buf, sizeof(buf), XFRM_MSG_NEWSA, &sa, 42);
	CHECK(len > 0, "SA with espintcp and offload builds (%d)", len);
	mnl_attr_for_each(attr, nlh, sizeof(struct xfrm_usersa_info))
	{
		if (mnl_attr_get_type(attr) == XFRMA_ENCAP &&
		    mnl_attr_get_payload_len(attr) == sizeof(encap)) {
			memcpy(&encap, mnl_attr_get_payload(attr), sizeof(encap));
			seen_encap = encap.encap_type == 7 /* TCP_ENCAP_ESPINTCP */ &&
				     encap.encap_sport == htons(4500) &&
				     encap.encap_dport == htons(4501) &&
				     memcmp(&encap.encap_oa, "\xc6\x33\x64\x09", 4) == 0;
		}
		if (mnl_attr_get_type(attr) == XFRMA_OFFLOAD_DEV &&
		    mnl_attr_get_payload_len(attr) == sizeof(off)) {
			memcpy(&off, mnl_attr_get_payload(attr), sizeof(off));
			seen_off = off.ifindex == 42 && off.flags == XFRM_OFFLOAD_INBOUND;
		}
	}
	CHECK(seen_encap, "XFRMA_ENCAP: type 7 (espintcp), ports 4500/4501, oa 198.51.100.9");
	CHECK(seen_off, "XFRMA_OFFLOAD_DEV: ifindex 42, inbound flag");

	/* ESN on an outbound state without a window: the kernel still wants one. */
	sa = gcm_tunnel();
	sa.esn = true;
	sa.replay_window = 0;
	len = xfrm_build_sa(buf, sizeof(buf), XFRM_MSG_NEWSA, &sa, 0);
	{
		struct xfrm_usersa_info info;
		struct xfrm_replay_state_esn esn = { 0 };
		memcpy(&info, mnl_nlmsg_get_payload(nlh), sizeof(info));
		mnl_attr_for_each(attr, nlh, sizeof(info))
		{
			if (mnl_attr_get_type(attr) == XFRMA_REPLAY_ESN_VAL &&
			    mnl_attr_get_payload_len(attr) == sizeof(esn))
				memcpy(&esn, mnl_attr_get_payload(attr), sizeof(esn));
		}
		CHECK(len > 0 && info.replay_window == 0 && (info.flags & XFRM_STATE_ESN) &&
			      esn.replay_window == 32 && esn.bmp_len == 1,
		      "outbound ESN state gets window 32 in XFRMA_REPLAY_ESN_VAL, legacy field 0");
	}
	/* Windows beyond the legacy 32-bit bitmap go to the ESN-format attribute. */
	sa = gcm_tunnel();
	sa.replay_window = 4096;
	len = xfrm_build_sa(buf, sizeof(buf), XFRM_MSG_NEWSA, &sa, 0);
	{
		struct xfrm_usersa_info info;
		struct xfrm_replay_state_esn esn = { 0 };
		memcpy(&info, mnl_nlmsg_get_payload(nlh), sizeof(info));
		mnl_attr_for_each(attr, nlh, sizeof(info))
		{
			if (mnl_attr_get_type(attr) == XFRMA_REPLAY_ESN_VAL)
				memcpy(&esn, mnl_attr_get_payload(attr), sizeof(esn));
		}
		CHECK(len > 0 && info.replay_window == 0 && !(info.flags & XFRM_STATE_ESN) &&
			      esn.replay_window == 4096 && esn.bmp_len == 128,
		      "window 4096 without ESN: bmp_len 128, no ESN flag");
	}
	sa.replay_window = 4097;
	CHECK(xfrm_build_sa(buf, sizeof(buf), XFRM_MSG_NEWSA, &sa, 0) == -EINVAL,
	      "window 4097 (above XFRMA_REPLAY_ESN_MAX) is -EINVAL");
}

static void test_sa_rejects(void)
{
	struct ksa sa;
	uint8_t canary[XFRM_REQ_SIZE];

#define REJECT(mutation, err, what)                                                    \
	do {                                                                           \
		sa = gcm_tunnel();                                                     \
		mutation;                                                              \
		CHECK(xfrm_build_sa(buf, sizeof(buf), XFRM_MSG_NEWSA, &sa, 0) == (err), \
		      "rejects %s", what);                                             \
	} while (0)

	REJECT(sa.encr_key_len = 16, -EINVAL, "AES-GCM-128 key without its 4-byte salt");
	REJECT(sa.encr_key_bits = 100, -EINVAL, "AES key of 100 bits");
	REJECT(sa.encr_id = 23, -EOPNOTSUPP, "Camellia (no kernel mapping)");
	REJECT((sa.integ_id = 12, sa.integ_key_len = 32), -EOPNOTSUPP,
	       "an AEAD with an integrity algorithm");
	REJECT((sa.encr_id = 12, sa.encr_key_len = 16), -EOPNOTSUPP,
	       "AES-CBC without integrity");
	REJECT(sa.proto = IPPROTO_AH, -EINVAL, "AH with an encryption algorithm");
	REJECT(sa.proto = 17, -EINVAL, "protocol UDP");
	REJECT(sa.dst = addr("2001:db8::2"), -EINVAL, "mixed address families");
	REJECT(sa.src.family = 0, -EINVAL, "no source address");
	REJECT(sa.spi = 0, -EINVAL, "SPI 0");
	REJECT(sa.encap_dport = 0, -EINVAL, "half an encapsulation");
	REJECT(sa.mode = (enum kmode)7, -EINVAL, "mode 7");
	REJECT((sa.sel.src = addr("10.0.0.0"), sa.sel.src_prefix = 33), -EINVAL,
	       "selector prefix /33");
	REJECT(sa.offload_dev = "eth9", -ENODEV, "offload to a device with no ifindex");
#undef REJECT

	sa = gcm_tunnel();
	CHECK(xfrm_build_sa(buf, 300, XFRM_MSG_NEWSA, &sa, 0) == -EMSGSIZE,
	      "too small a buffer is -EMSGSIZE");
	/* The offload check comes after the key is in the message. */
	memset(buf, 0, sizeof(buf));
	memset(canary, 0, sizeof(canary));
	sa.offload_dev = "eth9";
	CHECK(xfrm_build_sa(buf, sizeof(buf), XFRM_MSG_NEWSA, &sa, 0) == -ENODEV &&
		      memcmp(buf, canary, sizeof(buf)) == 0,
	      "a build failing after the key was written leaves the buffer zeroed");
}

static void test_spi_and_del_requests(void)
{
	struct kaddr src = addr("192.0.2.1"), dst = addr("192.0.2.2");
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	struct xfrm_usersa_id id;
	const struct nlattr *attr;
	bool mark_ok = false;
	int len;

	/* ip xfrm state allocspi src 192.0.2.1 dst 192.0.2.2 proto esp reqid 7
	 *   min 0x1000 max 0xffffffff */
	len = xfrm_build_allocspi(buf, sizeof(buf), &src, &dst, IPPROTO_ESP, 7, 0x1000,
				  0xffffffff);
	check_request(len, XFRM_MSG_ALLOCSPI,
		      "0000000000000000000000000000000000000000000000000000000000000000"
		      "000000000000000000000000000000000000000000000000c000020200000000"
		      "00000000000000000000000032000000c0000201000000000000000000000000"
		      "0000000000000000000000000000000000000000000000000000000000000000"
		      "0000000000000000000000000000000000000000000000000000000000000000"
		      "0000000000000000000000000000000000000000000000000000000000000000"
		      "0000000000000000000000000000000007000000020000000000000000000000"
		      "00100000ffffffff",
		      "ALLOCSPI range 0x1000-0xffffffff = iproute2");
	CHECK(xfrm_build_allocspi(buf, sizeof(buf), &src, &dst, IPPROTO_ESP, 7, 5, 4) ==
		      -EINVAL,
	      "ALLOCSPI with min > max is -EINVAL");

	/* ip xfrm state delete src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x12345678
	 *   mark 5 mask 0xff -- iproute2 also sends XFRMA_SRCADDR, which the kernel
	 *   reads only for protocols without an SPI; the rest must match. */
	len = xfrm_build_delsa(buf, sizeof(buf), &dst, htonl(0x12345678), IPPROTO_ESP, 5, 0xff);
	memcpy(&id, mnl_nlmsg_get_payload(nlh), sizeof(id));
	CHECK(len > 0 && nlh->nlmsg_type == XFRM_MSG_DELSA, "DELSA built");
	{
		size_t n;
		uint8_t *want = check_unhex(
			"c0000202000000000000000000000000123456780200320000", &n);
		CHECK_BYTES(mnl_nlmsg_get_payload(nlh), sizeof(id), want, sizeof(id),
			    "DELSA xfrm_usersa_id = iproute2");
		free(want);
	}
	mnl_attr_for_each(attr, nlh, sizeof(id))
	{
		if (mnl_attr_get_type(attr) == XFRMA_MARK)
			mark_ok = mnl_attr_get_len(attr) == 12 &&
				  memcmp(mnl_attr_get_payload(attr),
					 "\x05\x00\x00\x00\xff\x00\x00\x00", 8) == 0;
	}
	CHECK(mark_ok, "DELSA XFRMA_MARK 5/0xff = iproute2 (0c001500 05000000 ff000000)");

	len = xfrm_build_getae(buf, sizeof(buf), &dst, htonl(0x12345678), IPPROTO_ESP, 0, 0);
	{
		struct xfrm_aevent_id ae;
		memcpy(&ae, mnl_nlmsg_get_payload(nlh), sizeof(ae));
		CHECK(len == (int)(MNL_NLMSG_HDRLEN + sizeof(ae)) &&
			      nlh->nlmsg_type == XFRM_MSG_GETAE &&
			      ae.sa_id.spi == htonl(0x12345678) && ae.sa_id.family == AF_INET &&
			      ae.sa_id.proto == IPPROTO_ESP &&
			      memcmp(&ae.sa_id.daddr, dst.bytes, 4) == 0,
		      "GETAE names (dst, spi, proto), no mark attribute when unmarked");
	}
	CHECK(xfrm_build_delsa(buf, sizeof(buf), &dst, 1, IPPROTO_UDP, 0, 0) == -EINVAL,
	      "DELSA for protocol UDP is -EINVAL");
}

static void test_policy_requests(void)
{
	struct kpolicy pol = { 0 };
	int len;

	/* ip xfrm policy add src 10.1.0.0/16 dst 10.2.0.0/16 dir out priority 1000
	 *   tmpl src 192.0.2.1 dst 192.0.2.2 proto esp mode tunnel reqid 7
	 * (host bits given here are cleared, as the kernel compares selectors bytewise) */
	pol.sel.src = addr("10.1.2.3");
	pol.sel.src_prefix = 16;
	pol.sel.dst = addr("10.2.0.0");
	pol.sel.dst_prefix = 16;
	pol.dir = KDIR_OUT;
	pol.action = KPOL_IPSEC;
	pol.priority = 1000;
	pol.tmpl_src = addr("192.0.2.1");
	pol.tmpl_dst = addr("192.0.2.2");
	pol.tmpl_proto = IPPROTO_ESP;
	pol.tmpl_mode = KMODE_TUNNEL;
	pol.reqid = 7;
	len = xfrm_build_policy(buf, sizeof(buf), XFRM_MSG_NEWPOLICY, &pol);
	check_request(len, XFRM_MSG_NEWPOLICY,
		      "0a0200000000000000000000000000000a010000000000000000000000000000"
		      "000000000000000002001010000000000000000000000000ffffffffffffffff"
		      "ffffffffffffffffffffffffffffffffffffffffffffffff0000000000000000"
		      "0000000000000000000000000000000000000000000000000000000000000000"
		      "000000000000000000000000000000000000000000000000e803000000000000"
		      "010000000000000044000500c000020200000000000000000000000000000000"
		      "3200000002000000c00002010000000000000000000000000700000001000000"
		      "ffffffffffffffffffffffff",
		      "out policy, tunnel template = iproute2");
	pol.action = KPOL_TRAP;
	CHECK(xfrm_build_policy(buf, sizeof(buf), XFRM_MSG_UPDPOLICY, &pol) == len &&
		      ((struct nlmsghdr *)buf)->nlmsg_type == XFRM_MSG_UPDPOLICY,
	      "a trap policy is the same IPsec policy (UPDPOLICY)");

	/* ip xfrm policy delete src 10.1.0.0/16 dst 10.2.0.0/16 dir out */
	len = xfrm_build_delpolicy(buf, sizeof(buf), &pol.sel, KDIR_OUT, 0, 0, 0);
	check_request(len, XFRM_MSG_DELPOLICY,
		      "0a0200000000000000000000000000000a010000000000000000000000000000"
		      "0000000000000000020010100000000000000000000000000000000001000000",
		      "DELPOLICY = iproute2");

	/* ip xfrm policy add src 2001:db8:1::/48 dst 2001:db8:2::/48 proto tcp dport 443
	 *   dir fwd action block priority 5 mark 0x1 mask 0xf if_id 9 */
	memset(&pol, 0, sizeof(pol));
	pol.sel.src = addr("2001:db8:1::");
	pol.sel.src_prefix = 48;
	pol.sel.dst = addr("2001:db8:2::");
	pol.sel.dst_prefix = 48;
	pol.sel.proto = IPPROTO_TCP;
	pol.sel.dport = 443;
	pol.dir = KDIR_FWD;
	pol.action = KPOL_BLOCK;
	pol.priority = 5;
	pol.mark = 1;
	pol.mark_mask = 0xf;
	pol.if_id = 9;
	len = xfrm_build_policy(buf, sizeof(buf), XFRM_MSG_NEWPOLICY, &pol);
	check_request(len, XFRM_MSG_NEWPOLICY,
		      "20010db800020000000000000000000020010db8000100000000000000000000"
		      "01bbffff000000000a003030060000000000000000000000ffffffffffffffff"
		      "ffffffffffffffffffffffffffffffffffffffffffffffff0000000000000000"
		      "0000000000000000000000000000000000000000000000000000000000000000"
		      "0000000000000000000000000000000000000000000000000500000000000000"
		      "02010000000000000c001500010000000f00000008001f0009000000",
		      "fwd block policy, IPv6, TCP port 443, mark, if_id = iproute2");

	/* ip xfrm policy add src 192.0.2.1/32 dst 192.0.2.2/32 proto udp dir in
	 *   tmpl proto esp mode transport reqid 4 */
	memset(&pol, 0, sizeof(pol));
	pol.sel.src = addr("192.0.2.1");
	pol.sel.src_prefix = 32;
	pol.sel.dst = addr("192.0.2.2");
	pol.sel.dst_prefix = 32;
	pol.sel.proto = IPPROTO_UDP;
	pol.dir = KDIR_IN;
	pol.action = KPOL_IPSEC;
	pol.tmpl_proto = IPPROTO_ESP;
	pol.tmpl_mode = KMODE_TRANSPORT;
	pol.reqid = 4;
	len = xfrm_build_policy(buf, sizeof(buf), XFRM_MSG_NEWPOLICY, &pol);
	check_request(len, XFRM_MSG_NEWPOLICY,
		      "c0000202000000000000000000000000c0000201000000000000000000000000"
		      "000000000000000002002020110000000000000000000000ffffffffffffffff"
		      "ffffffffffffffffffffffffffffffffffffffffffffffff0000000000000000"
		      "0000000000000000000000000000000000000000000000000000000000000000"
		      "0000000000000000000000000000000000000000000000000000000000000000"
		      "0000000000000000440005000000000000000000000000000000000000000000"
		      "3200000002000000000000000000000000000000000000000400000000000000"
		      "ffffffffffffffffffffffff",
		      "in policy, transport template without addresses = iproute2");

	pol.tmpl_mode = KMODE_TUNNEL;
	CHECK(xfrm_build_policy(buf, sizeof(buf), XFRM_MSG_NEWPOLICY, &pol) == -EINVAL,
	      "a tunnel template without outer addresses is -EINVAL");
	pol.tmpl_mode = KMODE_TRANSPORT;
	pol.tmpl_proto = 0;
	CHECK(xfrm_build_policy(buf, sizeof(buf), XFRM_MSG_NEWPOLICY, &pol) == -EINVAL,
	      "a template without a protocol is -EINVAL");
	memset(&pol.sel, 0, sizeof(pol.sel));
	pol.tmpl_proto = IPPROTO_ESP;
	CHECK(xfrm_build_policy(buf, sizeof(buf), XFRM_MSG_NEWPOLICY, &pol) == -EINVAL,
	      "a policy selector without a family is -EINVAL");
	CHECK(xfrm_build_delpolicy(buf, sizeof(buf), &pol.sel, KDIR_IN, 0, 0, 0) == -EINVAL,
	      "DELPOLICY with a selector without a family is -EINVAL");
}

/* Appends a message to out at *off and returns it. */
static struct nlmsghdr *put_msg(uint8_t *out, size_t *off, uint16_t type, uint32_t seq,
				size_t payload)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(out + *off);
	nlh->nlmsg_type = type;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = 77;
	mnl_nlmsg_put_extra_header(nlh, payload);
	*off += nlh->nlmsg_len;
	return nlh;
}

static void put_error(uint8_t *out, size_t *off, uint32_t seq, int error)
{
	struct nlmsghdr *nlh = put_msg(out, off, NLMSG_ERROR, seq, sizeof(struct nlmsgerr));
	struct nlmsgerr err = { .error = error };
	memcpy(mnl_nlmsg_get_payload(nlh), &err, sizeof(err));
}

static int parse_spi_cb(const struct nlmsghdr *nlh, void *out)
{
	return xfrm_parse_spi(nlh, out);
}

static void test_replies(void)
{
	static _Alignas(8) uint8_t rx[4096];
	struct xfrm_reply r;
	struct xfrm_usersa_info info = { 0 };
	struct nlmsghdr *nlh;
	uint32_t spi = 0;
	size_t off;

#define REPLY(expect_type) \
	(r = (struct xfrm_reply){ .seq = 5, .type = (expect_type), .parse = parse_spi_cb, .out = &spi })

	/* ALLOCSPI: the new larval state, then the acknowledgement. */
	REPLY(XFRM_MSG_NEWSA);
	off = 0;
	nlh = put_msg(rx, &off, XFRM_MSG_NEWSA, 5, sizeof(info));
	info.id.spi = htonl(0xc0ffee01);
	memcpy(mnl_nlmsg_get_payload(nlh), &info, sizeof(info));
	put_error(rx, &off, 5, 0);
	CHECK(xfrm_reply_run(&r, rx, off, 77) == 0 && spi == htonl(0xc0ffee01),
	      "reply then ACK in one datagram: done, SPI 0xc0ffee01");

	REPLY(XFRM_MSG_NEWSA);
	spi = 0;
	off = 0;
	nlh = put_msg(rx, &off, XFRM_MSG_NEWSA, 5, sizeof(info));
	memcpy(mnl_nlmsg_get_payload(nlh), &info, sizeof(info));
	CHECK(xfrm_reply_run(&r, rx, off, 77) == 1 && spi == htonl(0xc0ffee01),
	      "reply alone: parsed, waiting for the ACK");
	off = 0;
	put_error(rx, &off, 5, 0);
	CHECK(xfrm_reply_run(&r, rx, off, 77) == 0, "then the ACK: done");

	REPLY(XFRM_MSG_NEWSA);
	off = 0;
	put_error(rx, &off, 5, 0);
	CHECK(xfrm_reply_run(&r, rx, off, 77) == -EBADMSG,
	      "an ACK without the expected reply is -EBADMSG");

	REPLY(0);
	off = 0;
	put_error(rx, &off, 5, -EEXIST);
	CHECK(xfrm_reply_run(&r, rx, off, 77) == -EEXIST, "NLMSG_ERROR -EEXIST is -EEXIST");

	REPLY(0);
	off = 0;
	put_error(rx, &off, 4, 0);
	put_msg(rx, &off, XFRM_MSG_NEWSA, 4, sizeof(info));
	put_error(rx, &off, 5, -ESRCH);
	CHECK(xfrm_reply_run(&r, rx, off, 77) == -ESRCH,
	      "a stale ACK and reply (seq 4) are skipped; seq 5's -ESRCH counts");

	REPLY(0);
	off = 0;
	put_error(rx, &off, 4, -ENOENT);
	CHECK(xfrm_reply_run(&r, rx, off, 77) == 1, "a stale error alone changes nothing");

	REPLY(0);
	off = 0;
	put_msg(rx, &off, NLMSG_ERROR, 5, 8);
	CHECK(xfrm_reply_run(&r, rx, off, 77) == -EBADMSG, "a short NLMSG_ERROR is -EBADMSG");

	REPLY(0);
	off = 0;
	put_error(rx, &off, 5, 0);
	CHECK(xfrm_reply_run(&r, rx, off, 78) == -ESRCH,
	      "a message for another port ID is -ESRCH");

	REPLY(XFRM_MSG_NEWSA);
	off = 0;
	put_msg(rx, &off, XFRM_MSG_NEWSA, 5, 100);
	put_error(rx, &off, 5, 0);
	CHECK(xfrm_reply_run(&r, rx, off, 77) == -EBADMSG,
	      "a NEWSA reply shorter than xfrm_usersa_info is -EBADMSG");
#undef REPLY
}

static void test_counters_parse(void)
{
	static _Alignas(8) uint8_t rx[512];
	struct xfrm_aevent_id ae = { 0 };
	struct xfrm_lifetime_cur cur = { .bytes = 840, .packets = 10, .add_time = 1700000000,
					 .use_time = 1700000005 };
	struct kcounters c = { 0 };
	struct nlmsghdr *nlh;
	size_t off = 0;

	nlh = put_msg(rx, &off, XFRM_MSG_NEWAE, 1, sizeof(ae));
	mnl_attr_put_u32_check(nlh, sizeof(rx), XFRMA_IF_ID, 3);
	/* As the kernel lays it out: only 4-byte aligned after the u32 attribute. */
	mnl_attr_put_check(nlh, sizeof(rx), XFRMA_LTIME_VAL, sizeof(cur), &cur);
	CHECK(xfrm_parse_counters(nlh, &c) == 0 && c.bytes == 840 && c.packets == 10 &&
		      c.add_time == 1700000000 && c.use_time == 1700000005,
	      "NEWAE: counters from XFRMA_LTIME_VAL (840 bytes, 10 packets, times)");

	off = 0;
	nlh = put_msg(rx, &off, XFRM_MSG_NEWAE, 1, sizeof(ae));
	mnl_attr_put_check(nlh, sizeof(rx), XFRMA_LTIME_VAL, sizeof(cur) - 8, &cur);
	CHECK(xfrm_parse_counters(nlh, &c) == -EBADMSG, "a short XFRMA_LTIME_VAL is -EBADMSG");

	off = 0;
	nlh = put_msg(rx, &off, XFRM_MSG_NEWAE, 1, sizeof(ae));
	CHECK(xfrm_parse_counters(nlh, &c) == -EBADMSG, "no XFRMA_LTIME_VAL is -EBADMSG");
}

static void test_events(void)
{
	static _Alignas(8) uint8_t rx[1024];
	struct xfrm_user_acquire ua = { 0 };
	struct xfrm_user_expire ue = { 0 };
	struct xfrm_user_polexpire upe = { 0 };
	struct xfrm_user_tmpl tmpl = { 0 };
	struct kaddr peer = addr("192.0.2.2"), me = addr("192.0.2.1");
	struct nlmsghdr *nlh;
	struct kevent ev;
	size_t off = 0, full;
	int bad = 0;

	ua.id.proto = IPPROTO_ESP;
	memcpy(&ua.id.daddr, peer.bytes, 4);
	memcpy(&ua.saddr, me.bytes, 4);
	ua.sel.family = AF_INET;
	memcpy(&ua.sel.saddr, "\x0a\x01\x00\x05", 4);
	memcpy(&ua.sel.daddr, "\x0a\x02\x00\x09", 4);
	ua.sel.prefixlen_s = ua.sel.prefixlen_d = 32;
	ua.sel.proto = IPPROTO_UDP;
	ua.sel.sport = htons(1234);
	ua.sel.dport = htons(53);
	ua.policy.sel.family = AF_INET;
	memcpy(&ua.policy.sel.saddr, "\x0a\x01\x00\x00", 4);
	memcpy(&ua.policy.sel.daddr, "\x0a\x02\x00\x00", 4);
	ua.policy.sel.prefixlen_s = ua.policy.sel.prefixlen_d = 16;
	ua.policy.dir = XFRM_POLICY_OUT;
	tmpl.family = AF_INET;
	tmpl.reqid = 42;
	nlh = put_msg(rx, &off, XFRM_MSG_ACQUIRE, 0, sizeof(ua));
	memcpy(mnl_nlmsg_get_payload(nlh), &ua, sizeof(ua));
	mnl_attr_put_check(nlh, sizeof(rx), XFRMA_TMPL, sizeof(tmpl), &tmpl);
	full = nlh->nlmsg_len;
	CHECK(xfrm_parse_event(nlh, &ev) == 1 && ev.type == KEV_ACQUIRE && ev.reqid == 42 &&
		      ev.proto == IPPROTO_ESP && ev.dir == KDIR_OUT &&
		      ev.dst.family == AF_INET && memcmp(ev.dst.bytes, peer.bytes, 4) == 0 &&
		      memcmp(ev.src.bytes, me.bytes, 4) == 0,
	      "ACQUIRE: reqid 42 from the template, peer 192.0.2.2, ESP, out");
	CHECK(ev.sel.src.family == AF_INET && ev.sel.src_prefix == 16 &&
		      memcmp(ev.sel.dst.bytes, "\x0a\x02\x00\x00", 4) == 0 &&
		      ev.packet.src_prefix == 32 && ev.packet.proto == IPPROTO_UDP &&
		      ev.packet.sport == 1234 && ev.packet.dport == 53 &&
		      memcmp(ev.packet.dst.bytes, "\x0a\x02\x00\x09", 4) == 0,
	      "ACQUIRE: policy selector 10.1/16 -> 10.2/16, packet 10.1.0.5:1234 -> "
	      "10.2.0.9:53 UDP");
	/* Every truncation of the fixed part must be refused, never read past. */
	for (size_t len = 0; len < MNL_NLMSG_HDRLEN + sizeof(ua); len++) {
		nlh->nlmsg_len = (uint32_t)len;
		if (xfrm_parse_event(nlh, &ev) != -EBADMSG)
			bad++;
	}
	CHECK(bad == 0, "ACQUIRE truncated to each length below its fixed part: -EBADMSG");
	/* Without the template, the reqid is unknown (0) but the rest is there. */
	nlh->nlmsg_len = (uint32_t)(full - 8);
	CHECK(xfrm_parse_event(nlh, &ev) == 1 && ev.reqid == 0 && ev.dst.family == AF_INET,
	      "ACQUIRE with a cut template: reqid 0, addresses by the selector family");

	off = 0;
	ue.state.family = AF_INET;
	memcpy(&ue.state.id.daddr, peer.bytes, 4);
	ue.state.id.spi = htonl(0xcafe0001);
	ue.state.id.proto = IPPROTO_ESP;
	ue.state.reqid = 42;
	ue.hard = 0;
	nlh = put_msg(rx, &off, XFRM_MSG_EXPIRE, 0, sizeof(ue));
	memcpy(mnl_nlmsg_get_payload(nlh), &ue, sizeof(ue));
	CHECK(xfrm_parse_event(nlh, &ev) == 1 && ev.type == KEV_EXPIRE_SOFT &&
		      ev.spi == htonl(0xcafe0001) && ev.proto == IPPROTO_ESP &&
		      ev.reqid == 42 && memcmp(ev.dst.bytes, peer.bytes, 4) == 0,
	      "soft EXPIRE: SPI 0xcafe0001 at 192.0.2.2");
	ue.hard = 1;
	memcpy(mnl_nlmsg_get_payload(nlh), &ue, sizeof(ue));
	CHECK(xfrm_parse_event(nlh, &ev) == 1 && ev.type == KEV_EXPIRE_HARD, "hard EXPIRE");
	/* A second message in a datagram may start 4 bytes off 8-byte alignment. */
	memmove(rx + 4, rx, nlh->nlmsg_len);
	CHECK(xfrm_parse_event((struct nlmsghdr *)(rx + 4), &ev) == 1 &&
		      ev.spi == htonl(0xcafe0001),
	      "EXPIRE at a 4-byte-aligned offset parses (no aligned access assumed)");
	memmove(rx, rx + 4, nlh->nlmsg_len);
	nlh->nlmsg_len -= 8;
	CHECK(xfrm_parse_event(nlh, &ev) == -EBADMSG, "short EXPIRE is -EBADMSG");

	off = 0;
	upe.pol.sel.family = AF_INET6;
	upe.pol.sel.prefixlen_s = 64;
	upe.pol.dir = XFRM_POLICY_FWD;
	nlh = put_msg(rx, &off, XFRM_MSG_POLEXPIRE, 0, sizeof(upe));
	memcpy(mnl_nlmsg_get_payload(nlh), &upe, sizeof(upe));
	CHECK(xfrm_parse_event(nlh, &ev) == 1 && ev.type == KEV_POLICY_EXPIRE &&
		      ev.dir == KDIR_FWD && ev.sel.src.family == AF_INET6 &&
		      ev.sel.src_prefix == 64,
	      "POLEXPIRE: fwd, IPv6 /64");

	off = 0;
	nlh = put_msg(rx, &off, XFRM_MSG_NEWSA, 0, sizeof(struct xfrm_usersa_info));
	CHECK(xfrm_parse_event(nlh, &ev) == 0, "other notifications are ignored (0)");
}

static void test_algs(void)
{
	const struct xfrm_encr_alg *gcm8 = xfrm_encr_alg(18), *ctr = xfrm_encr_alg(13),
				   *tdes = xfrm_encr_alg(3), *null = xfrm_encr_alg(11),
				   *chacha = xfrm_encr_alg(28), *ccm = xfrm_encr_alg(16);
	const struct xfrm_integ_alg *sha384 = xfrm_integ_alg(13), *sha512 = xfrm_integ_alg(14),
				    *xcbc = xfrm_integ_alg(5), *sha1 = xfrm_integ_alg(2);

	CHECK(gcm8 && gcm8->aead && gcm8->icv_bits == 64 &&
		      strcmp(gcm8->name, "rfc4106(gcm(aes))") == 0,
	      "ENCR_AES_GCM_8 (18) = rfc4106(gcm(aes)), ICV 64");
	CHECK(xfrm_encr_alg(19)->icv_bits == 96 && xfrm_encr_alg(20)->icv_bits == 128,
	      "ENCR_AES_GCM_12/16 (19/20): ICV 96/128");
	CHECK(ctr && !ctr->aead && strcmp(ctr->name, "rfc3686(ctr(aes))") == 0 &&
		      xfrm_encr_key_len(ctr, 192) == 28,
	      "ENCR_AES_CTR (13) = rfc3686(ctr(aes)), 192-bit key + 4-byte nonce = 28");
	CHECK(tdes && strcmp(tdes->name, "cbc(des3_ede)") == 0 && xfrm_encr_key_len(tdes, 0) == 24 &&
		      xfrm_encr_key_len(tdes, 192) == 24 && xfrm_encr_key_len(tdes, 128) == -EINVAL,
	      "ENCR_3DES (3) = cbc(des3_ede), 24 bytes only");
	CHECK(null && strcmp(null->name, "ecb(cipher_null)") == 0 && xfrm_encr_key_len(null, 0) == 0,
	      "ENCR_NULL (11) = ecb(cipher_null), no key");
	CHECK(chacha && strcmp(chacha->name, "rfc7539esp(chacha20,poly1305)") == 0 &&
		      xfrm_encr_key_len(chacha, 0) == 36 && chacha->icv_bits == 128,
	      "ENCR_CHACHA20_POLY1305 (28): 32-byte key + 4-byte salt, ICV 128");
	CHECK(ccm && strcmp(ccm->name, "rfc4309(ccm(aes))") == 0 && xfrm_encr_key_len(ccm, 256) == 35,
	      "ENCR_AES_CCM_16 (16) = rfc4309(ccm(aes)), 256-bit key + 3-byte salt");
	CHECK(xfrm_encr_key_len(xfrm_encr_alg(12), 192) == 24 &&
		      xfrm_encr_key_len(xfrm_encr_alg(12), 0) == -EINVAL,
	      "AES-CBC needs a key length: 192 -> 24 bytes, 0 refused");
	CHECK(sha1 && sha1->key_bits == 160 && sha1->trunc_bits == 96 &&
		      strcmp(sha1->name, "hmac(sha1)") == 0,
	      "AUTH_HMAC_SHA1_96 (2) = hmac(sha1) 160/96");
	CHECK(sha384 && sha384->trunc_bits == 192 && sha384->key_bits == 384 &&
		      strcmp(sha384->name, "hmac(sha384)") == 0,
	      "AUTH_HMAC_SHA2_384_192 (13) = hmac(sha384) 384/192");
	CHECK(sha512 && sha512->trunc_bits == 256 && sha512->key_bits == 512,
	      "AUTH_HMAC_SHA2_512_256 (14) = hmac(sha512) 512/256");
	CHECK(xcbc && strcmp(xcbc->name, "xcbc(aes)") == 0 && xcbc->trunc_bits == 96,
	      "AUTH_AES_XCBC_96 (5) = xcbc(aes) 96");
	CHECK(xfrm_alg_supported(20, 0) && xfrm_alg_supported(12, 12) && xfrm_alg_supported(0, 2) &&
		      xfrm_alg_supported(11, 14),
	      "supported: GCM alone, CBC+SHA256, AH SHA1, NULL+SHA512");
	CHECK(!xfrm_alg_supported(20, 12) && !xfrm_alg_supported(12, 0) &&
		      !xfrm_alg_supported(0, 0) && !xfrm_alg_supported(23, 12) &&
		      !xfrm_alg_supported(12, 1),
	      "unsupported: GCM+integ, CBC alone, nothing, Camellia, HMAC-MD5");
}

int main(void)
{
	test_sa_requests();
	test_espintcp_request();
	test_sa_attrs();
	test_sa_rejects();
	test_spi_and_del_requests();
	test_policy_requests();
	test_replies();
	test_counters_parse();
	test_events();
	test_algs();
	return check_done();
}
