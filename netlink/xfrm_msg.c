/* netinet/in.h before linux/xfrm.h: the UAPI headers then leave in6_addr to libc. */
#include <netinet/in.h>

#include "netlink/xfrm_msg.h"

#include "netlink/xfrm_alg.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/udp.h>
#include <linux/xfrm.h>
#include <string.h>
#include <sys/socket.h>

/* --- descriptions to kernel structures --- */

static size_t addr_len(uint8_t family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

static int put_addr(xfrm_address_t *out, const struct kaddr *a)
{
	size_t n = addr_len(a->family);
	if (!n)
		return -EINVAL;
	memcpy(out, a->bytes, n);
	return 0;
}

/* Same family for both, or -EINVAL. */
static int pair_family(const struct kaddr *a, const struct kaddr *b)
{
	if (!addr_len(a->family) || a->family != b->family)
		return -EINVAL;
	return a->family;
}

/* A selector with host bits cleared: the kernel compares selectors bytewise
 * when it looks a policy up, so 10.0.0.1/24 and 10.0.0.0/24 must be one. */
static void put_prefix(xfrm_address_t *out, const uint8_t *bytes, size_t n, uint8_t plen)
{
	uint8_t *o = (uint8_t *)out;
	for (size_t i = 0; i < n; i++) {
		unsigned bits = plen > i * 8 ? plen - i * 8 : 0;
		o[i] = bits >= 8 ? bytes[i] : (uint8_t)(bytes[i] & (0xff00u >> bits));
	}
}

/* family AF_UNSPEC (0) on both addresses means "any" (allowed for SAs only). */
static int put_selector(struct xfrm_selector *out, const struct kselector *sel)
{
	uint8_t family = sel->src.family ? sel->src.family : sel->dst.family;
	size_t n = addr_len(family);

	memset(out, 0, sizeof(*out));
	if (!family)
		return 0;
	if (!n || (sel->src.family && sel->src.family != family) ||
	    (sel->dst.family && sel->dst.family != family))
		return -EINVAL;
	if (sel->src_prefix > n * 8 || sel->dst_prefix > n * 8)
		return -EINVAL;
	out->family = family;
	put_prefix(&out->saddr, sel->src.bytes, n, sel->src_prefix);
	put_prefix(&out->daddr, sel->dst.bytes, n, sel->dst_prefix);
	out->prefixlen_s = sel->src_prefix;
	out->prefixlen_d = sel->dst_prefix;
	out->proto = sel->proto;
	out->sport = htons(sel->sport);
	out->sport_mask = sel->sport ? 0xffff : 0;
	out->dport = htons(sel->dport);
	out->dport_mask = sel->dport ? 0xffff : 0;
	return 0;
}

/* 0 means "no limit" to us; to the kernel a byte or packet limit of 0 is 0. */
static uint64_t limit(uint64_t v)
{
	return v ? v : XFRM_INF;
}

static void no_limits(struct xfrm_lifetime_cfg *lft)
{
	lft->soft_byte_limit = lft->hard_byte_limit = XFRM_INF;
	lft->soft_packet_limit = lft->hard_packet_limit = XFRM_INF;
}

static struct nlmsghdr *start(void *buf, size_t size, uint16_t type, uint16_t flags,
			      size_t fixed, void **fixed_out)
{
	struct nlmsghdr *nlh;
	if (size < MNL_NLMSG_HDRLEN + MNL_ALIGN(fixed))
		return NULL;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = (uint16_t)(NLM_F_REQUEST | flags);
	*fixed_out = mnl_nlmsg_put_extra_header(nlh, fixed);
	return nlh;
}

static int put_mark(struct nlmsghdr *nlh, size_t size, uint32_t mark, uint32_t mask)
{
	struct xfrm_mark m = { .v = mark, .m = mask };
	if (!mark && !mask)
		return 0;
	return mnl_attr_put_check(nlh, size, XFRMA_MARK, sizeof(m), &m) ? 0 : -EMSGSIZE;
}

static int put_if_id(struct nlmsghdr *nlh, size_t size, uint32_t if_id)
{
	if (!if_id)
		return 0;
	return mnl_attr_put_u32_check(nlh, size, XFRMA_IF_ID, if_id) ? 0 : -EMSGSIZE;
}

int xfrm_build_allocspi(void *buf, size_t size, const struct kaddr *src,
			const struct kaddr *dst, uint8_t proto, uint32_t reqid,
			uint32_t min_spi, uint32_t max_spi)
{
	struct xfrm_userspi_info *req;
	struct nlmsghdr *nlh;
	int family = pair_family(src, dst);

	if (family < 0 || (proto != IPPROTO_ESP && proto != IPPROTO_AH) || min_spi > max_spi)
		return -EINVAL;
	nlh = start(buf, size, XFRM_MSG_ALLOCSPI, 0, sizeof(*req), (void **)&req);
	if (!nlh)
		return -EMSGSIZE;
	put_addr(&req->info.id.daddr, dst);
	put_addr(&req->info.saddr, src);
	req->info.id.proto = proto;
	req->info.family = (uint16_t)family;
	req->info.reqid = reqid;
	/* Host order here; the kernel converts. */
	req->min = min_spi;
	req->max = max_spi;
	return (int)nlh->nlmsg_len;
}

static int put_algs(struct nlmsghdr *nlh, size_t size, const struct ksa *sa)
{
	const struct xfrm_encr_alg *encr = NULL;
	const struct xfrm_integ_alg *integ = NULL;
	union {
		struct {
			struct xfrm_algo_aead hdr;
			uint8_t key[sizeof(sa->encr_key)];
		} aead;
		struct {
			struct xfrm_algo hdr;
			uint8_t key[sizeof(sa->encr_key)];
		} crypt;
		struct {
			struct xfrm_algo_auth hdr;
			uint8_t key[sizeof(sa->integ_key)];
		} auth;
	} alg;
	int key_len, ret = -EMSGSIZE;

	if (!xfrm_alg_supported(sa->encr_id, sa->integ_id))
		return -EOPNOTSUPP;
	if ((sa->proto == IPPROTO_AH) != (sa->encr_id == 0))
		return -EINVAL;
	if (sa->encr_id) {
		encr = xfrm_encr_alg(sa->encr_id);
		key_len = xfrm_encr_key_len(encr, sa->encr_key_bits);
		if (key_len < 0 || key_len != sa->encr_key_len)
			return -EINVAL;
	}
	if (sa->integ_id) {
		integ = xfrm_integ_alg(sa->integ_id);
		if (sa->integ_key_len != integ->key_bits / 8)
			return -EINVAL;
	}

	memset(&alg, 0, sizeof(alg));
	if (encr && encr->aead) {
		strcpy(alg.aead.hdr.alg_name, encr->name);
		alg.aead.hdr.alg_key_len = sa->encr_key_len * 8u;
		alg.aead.hdr.alg_icv_len = encr->icv_bits;
		memcpy(alg.aead.key, sa->encr_key, sa->encr_key_len);
		if (!mnl_attr_put_check(nlh, size, XFRMA_ALG_AEAD,
					sizeof(alg.aead.hdr) + sa->encr_key_len, &alg.aead))
			goto out;
	} else if (encr) {
		strcpy(alg.crypt.hdr.alg_name, encr->name);
		alg.crypt.hdr.alg_key_len = sa->encr_key_len * 8u;
		memcpy(alg.crypt.key, sa->encr_key, sa->encr_key_len);
		if (!mnl_attr_put_check(nlh, size, XFRMA_ALG_CRYPT,
					sizeof(alg.crypt.hdr) + sa->encr_key_len, &alg.crypt))
			goto out;
	}
	if (integ) {
		memset(&alg, 0, sizeof(alg));
		strcpy(alg.auth.hdr.alg_name, integ->name);
		alg.auth.hdr.alg_key_len = integ->key_bits;
		alg.auth.hdr.alg_trunc_len = integ->trunc_bits;
		memcpy(alg.auth.key, sa->integ_key, sa->integ_key_len);
		if (!mnl_attr_put_check(nlh, size, XFRMA_ALG_AUTH_TRUNC,
					sizeof(alg.auth.hdr) + sa->integ_key_len, &alg.auth))
			goto out;
	}
	ret = 0;
out:
	explicit_bzero(&alg, sizeof(alg));
	return ret;
}

/* Windows above the legacy 32-bit bitmap, and ESN, need the ESN-format
 * attribute; the kernel then wants the legacy field at 0. ESN also needs a
 * window on every state, though only inbound ones check it. */
static int put_replay(struct nlmsghdr *nlh, size_t size, struct xfrm_usersa_info *info,
		      const struct ksa *sa)
{
	struct xfrm_replay_state_esn esn;
	uint32_t window = sa->replay_window;

	if (sa->esn && !window && !sa->inbound)
		window = 32;
	if (!sa->esn && window <= 32) {
		info->replay_window = (uint8_t)window;
		return 0;
	}
	if (window > XFRMA_REPLAY_ESN_MAX)
		return -EINVAL;
	memset(&esn, 0, sizeof(esn));
	esn.replay_window = window;
	esn.bmp_len = (window + 31) / 32;
	if (sa->esn)
		info->flags |= XFRM_STATE_ESN;
	/* The header alone: the kernel allocates and zeroes the bitmap. */
	return mnl_attr_put_check(nlh, size, XFRMA_REPLAY_ESN_VAL, sizeof(esn), &esn)
		       ? 0
		       : -EMSGSIZE;
}

static int put_encap(struct nlmsghdr *nlh, size_t size, const struct ksa *sa)
{
	struct xfrm_encap_tmpl encap;

	if (!sa->encap_sport && !sa->encap_dport)
		return 0;
	if (!sa->encap_sport || !sa->encap_dport || sa->proto != IPPROTO_ESP)
		return -EINVAL;
	memset(&encap, 0, sizeof(encap));
	encap.encap_type = sa->encap_tcp ? TCP_ENCAP_ESPINTCP : UDP_ENCAP_ESPINUDP;
	encap.encap_sport = htons(sa->encap_sport);
	encap.encap_dport = htons(sa->encap_dport);
	if (sa->encap_oa.family && put_addr(&encap.encap_oa, &sa->encap_oa) < 0)
		return -EINVAL;
	return mnl_attr_put_check(nlh, size, XFRMA_ENCAP, sizeof(encap), &encap) ? 0
										     : -EMSGSIZE;
}

static int put_offload(struct nlmsghdr *nlh, size_t size, const struct ksa *sa,
		       int ifindex)
{
	struct xfrm_user_offload off;

	if (!sa->offload_dev)
		return 0;
	if (ifindex <= 0)
		return -ENODEV;
	memset(&off, 0, sizeof(off));
	off.ifindex = ifindex;
	off.flags = sa->inbound ? XFRM_OFFLOAD_INBOUND : 0;
	return mnl_attr_put_check(nlh, size, XFRMA_OFFLOAD_DEV, sizeof(off), &off)
		       ? 0
		       : -EMSGSIZE;
}

int xfrm_build_sa(void *buf, size_t size, uint16_t type, const struct ksa *sa,
		  int offload_ifindex)
{
	struct xfrm_usersa_info *info;
	struct nlmsghdr *nlh;
	int family = pair_family(&sa->src, &sa->dst);
	int ret;

	if (family < 0 || (sa->proto != IPPROTO_ESP && sa->proto != IPPROTO_AH) ||
	    (sa->mode != KMODE_TRANSPORT && sa->mode != KMODE_TUNNEL) || !sa->spi ||
	    (type != XFRM_MSG_NEWSA && type != XFRM_MSG_UPDSA))
		return -EINVAL;
	nlh = start(buf, size, type, 0, sizeof(*info), (void **)&info);
	if (!nlh)
		return -EMSGSIZE;
	ret = put_selector(&info->sel, &sa->sel);
	if (ret < 0)
		goto fail;
	/* Tunnel mode without a selector carries either inner family (4in6, 6in4). */
	if (!info->sel.family && sa->mode == KMODE_TUNNEL)
		info->flags |= XFRM_STATE_AF_UNSPEC;
	put_addr(&info->id.daddr, &sa->dst);
	put_addr(&info->saddr, &sa->src);
	info->id.spi = sa->spi;
	info->id.proto = sa->proto;
	info->family = (uint16_t)family;
	info->mode = sa->mode == KMODE_TUNNEL ? XFRM_MODE_TUNNEL : XFRM_MODE_TRANSPORT;
	info->reqid = sa->reqid;
	info->lft.soft_byte_limit = limit(sa->soft_bytes);
	info->lft.hard_byte_limit = limit(sa->hard_bytes);
	info->lft.soft_packet_limit = limit(sa->soft_packets);
	info->lft.hard_packet_limit = limit(sa->hard_packets);
	info->lft.soft_add_expires_seconds = sa->soft_add_seconds;
	info->lft.hard_add_expires_seconds = sa->hard_add_seconds;

	if ((ret = put_algs(nlh, size, sa)) < 0 || (ret = put_replay(nlh, size, info, sa)) < 0 ||
	    (ret = put_encap(nlh, size, sa)) < 0 ||
	    (ret = put_mark(nlh, size, sa->mark, sa->mark_mask)) < 0 ||
	    (ret = put_if_id(nlh, size, sa->if_id)) < 0 ||
	    (ret = put_offload(nlh, size, sa, offload_ifindex)) < 0)
		goto fail;
	return (int)nlh->nlmsg_len;
fail:
	/* Keys may already be in the buffer. */
	explicit_bzero(buf, nlh->nlmsg_len);
	return ret;
}

static int put_said(struct xfrm_usersa_id *id, const struct kaddr *dst, uint32_t spi_net,
		    uint8_t proto)
{
	if (put_addr(&id->daddr, dst) < 0 || (proto != IPPROTO_ESP && proto != IPPROTO_AH))
		return -EINVAL;
	id->spi = spi_net;
	id->family = dst->family;
	id->proto = proto;
	return 0;
}

int xfrm_build_delsa(void *buf, size_t size, const struct kaddr *dst, uint32_t spi_net,
		     uint8_t proto, uint32_t mark, uint32_t mark_mask)
{
	struct xfrm_usersa_id *id;
	struct nlmsghdr *nlh = start(buf, size, XFRM_MSG_DELSA, 0, sizeof(*id), (void **)&id);
	int ret;

	if (!nlh)
		return -EMSGSIZE;
	if ((ret = put_said(id, dst, spi_net, proto)) < 0 ||
	    (ret = put_mark(nlh, size, mark, mark_mask)) < 0)
		return ret;
	return (int)nlh->nlmsg_len;
}

int xfrm_build_getae(void *buf, size_t size, const struct kaddr *dst, uint32_t spi_net,
		     uint8_t proto, uint32_t mark, uint32_t mark_mask)
{
	struct xfrm_aevent_id *ae;
	struct nlmsghdr *nlh = start(buf, size, XFRM_MSG_GETAE, 0, sizeof(*ae), (void **)&ae);
	int ret;

	if (!nlh)
		return -EMSGSIZE;
	if ((ret = put_said(&ae->sa_id, dst, spi_net, proto)) < 0 ||
	    (ret = put_mark(nlh, size, mark, mark_mask)) < 0)
		return ret;
	return (int)nlh->nlmsg_len;
}

static const uint8_t kdir_to_xfrm[] = {
	[KDIR_IN] = XFRM_POLICY_IN,
	[KDIR_OUT] = XFRM_POLICY_OUT,
	[KDIR_FWD] = XFRM_POLICY_FWD,
};

static int put_tmpl(struct nlmsghdr *nlh, size_t size, const struct kpolicy *pol,
		    uint16_t sel_family)
{
	struct xfrm_user_tmpl tmpl;
	uint8_t family = pol->tmpl_dst.family ? pol->tmpl_dst.family : pol->tmpl_src.family;

	memset(&tmpl, 0, sizeof(tmpl));
	if (pol->tmpl_proto != IPPROTO_ESP && pol->tmpl_proto != IPPROTO_AH)
		return -EINVAL;
	if (pol->tmpl_mode == KMODE_TUNNEL) {
		/* The outer addresses are what a tunnel template is about. */
		if (pair_family(&pol->tmpl_src, &pol->tmpl_dst) < 0)
			return -EINVAL;
		tmpl.mode = XFRM_MODE_TUNNEL;
	} else if (pol->tmpl_mode == KMODE_TRANSPORT) {
		if (family && family != sel_family)
			return -EINVAL;
		family = (uint8_t)sel_family;
		tmpl.mode = XFRM_MODE_TRANSPORT;
	} else {
		return -EINVAL;
	}
	if (pol->tmpl_dst.family)
		put_addr(&tmpl.id.daddr, &pol->tmpl_dst);
	if (pol->tmpl_src.family)
		put_addr(&tmpl.saddr, &pol->tmpl_src);
	tmpl.id.proto = pol->tmpl_proto;
	tmpl.family = family;
	tmpl.reqid = pol->reqid;
	tmpl.share = XFRM_SHARE_ANY;
	tmpl.aalgos = tmpl.ealgos = tmpl.calgos = ~0u;
	return mnl_attr_put_check(nlh, size, XFRMA_TMPL, sizeof(tmpl), &tmpl) ? 0 : -EMSGSIZE;
}

int xfrm_build_policy(void *buf, size_t size, uint16_t type, const struct kpolicy *pol)
{
	struct xfrm_userpolicy_info *info;
	struct nlmsghdr *nlh;
	int ret;

	if ((unsigned)pol->dir > KDIR_FWD ||
	    (type != XFRM_MSG_NEWPOLICY && type != XFRM_MSG_UPDPOLICY))
		return -EINVAL;
	nlh = start(buf, size, type, 0, sizeof(*info), (void **)&info);
	if (!nlh)
		return -EMSGSIZE;
	ret = put_selector(&info->sel, &pol->sel);
	if (ret < 0 || !info->sel.family)
		return -EINVAL;
	no_limits(&info->lft);
	info->priority = pol->priority;
	info->dir = kdir_to_xfrm[pol->dir];
	info->share = XFRM_SHARE_ANY;
	switch (pol->action) {
	case KPOL_IPSEC:
	case KPOL_TRAP:
		/* A trap is an IPsec policy whose state does not exist yet: the
		 * first packet makes the kernel send an ACQUIRE. */
		info->action = XFRM_POLICY_ALLOW;
		ret = put_tmpl(nlh, size, pol, info->sel.family);
		break;
	case KPOL_ALLOW:
		info->action = XFRM_POLICY_ALLOW;
		break;
	case KPOL_BLOCK:
		info->action = XFRM_POLICY_BLOCK;
		break;
	default:
		ret = -EINVAL;
	}
	if (ret < 0 || (ret = put_mark(nlh, size, pol->mark, pol->mark_mask)) < 0 ||
	    (ret = put_if_id(nlh, size, pol->if_id)) < 0)
		return ret;
	return (int)nlh->nlmsg_len;
}

int xfrm_build_delpolicy(void *buf, size_t size, const struct kselector *sel,
			 enum kdir dir, uint32_t mark, uint32_t mark_mask, uint32_t if_id)
{
	struct xfrm_userpolicy_id *id;
	struct nlmsghdr *nlh;
	int ret;

	if ((unsigned)dir > KDIR_FWD)
		return -EINVAL;
	nlh = start(buf, size, XFRM_MSG_DELPOLICY, 0, sizeof(*id), (void **)&id);
	if (!nlh)
		return -EMSGSIZE;
	ret = put_selector(&id->sel, sel);
	if (ret < 0 || !id->sel.family)
		return -EINVAL;
	id->dir = kdir_to_xfrm[dir];
	if ((ret = put_mark(nlh, size, mark, mark_mask)) < 0 ||
	    (ret = put_if_id(nlh, size, if_id)) < 0)
		return ret;
	return (int)nlh->nlmsg_len;
}

/* --- kernel structures to descriptions --- */

static void get_addr(struct kaddr *out, const xfrm_address_t *a, uint16_t family)
{
	size_t n = addr_len((uint8_t)family);
	memset(out, 0, sizeof(*out));
	if (!n || family > UINT8_MAX)
		return;
	out->family = (uint8_t)family;
	memcpy(out->bytes, a, n);
}

static void get_selector(struct kselector *out, const struct xfrm_selector *sel)
{
	memset(out, 0, sizeof(*out));
	get_addr(&out->src, &sel->saddr, sel->family);
	get_addr(&out->dst, &sel->daddr, sel->family);
	if (!out->src.family)
		return;
	out->src_prefix = sel->prefixlen_s;
	out->dst_prefix = sel->prefixlen_d;
	out->proto = sel->proto;
	out->sport = ntohs(sel->sport);
	out->dport = ntohs(sel->dport);
}

/* Copies the fixed part of a message of this type out (a message after
 * another in one datagram is only 4-byte aligned); false when it is short. */
static bool get_fixed(const struct nlmsghdr *nlh, uint16_t type, void *out, size_t fixed)
{
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN || nlh->nlmsg_type != type ||
	    mnl_nlmsg_get_payload_len(nlh) < fixed)
		return false;
	memcpy(out, mnl_nlmsg_get_payload(nlh), fixed);
	return true;
}

struct attrs {
	const struct nlattr *a[XFRMA_MAX + 1];
};

static int collect_attr(const struct nlattr *attr, void *data)
{
	struct attrs *t = data;
	/* Newer kernels add attributes: skip what we do not know. */
	if (mnl_attr_type_valid(attr, XFRMA_MAX) > 0)
		t->a[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

/* The attributes after a fixed part: NULL where absent or shorter than min_len. */
static void get_attrs(const struct nlmsghdr *nlh, size_t fixed, struct attrs *t)
{
	memset(t, 0, sizeof(*t));
	if (mnl_nlmsg_get_payload_len(nlh) >= MNL_ALIGN(fixed))
		mnl_attr_parse(nlh, (unsigned)fixed, collect_attr, t);
}

static const void *attr_payload(const struct attrs *t, uint16_t type, size_t min_len)
{
	const struct nlattr *a = t->a[type];
	if (!a || mnl_attr_get_payload_len(a) < min_len)
		return NULL;
	return mnl_attr_get_payload(a);
}

int xfrm_parse_spi(const struct nlmsghdr *nlh, uint32_t *spi_net)
{
	struct xfrm_usersa_info info;
	if (!get_fixed(nlh, XFRM_MSG_NEWSA, &info, sizeof(info)) || !info.id.spi)
		return -EBADMSG;
	*spi_net = info.id.spi;
	return 0;
}

int xfrm_parse_counters(const struct nlmsghdr *nlh, struct kcounters *out)
{
	struct xfrm_lifetime_cur cur;
	const void *payload;
	struct attrs t;

	struct xfrm_aevent_id ae;

	if (!get_fixed(nlh, XFRM_MSG_NEWAE, &ae, sizeof(ae)))
		return -EBADMSG;
	get_attrs(nlh, sizeof(struct xfrm_aevent_id), &t);
	payload = attr_payload(&t, XFRMA_LTIME_VAL, sizeof(cur));
	if (!payload)
		return -EBADMSG;
	/* An attribute payload is only 4-byte aligned. */
	memcpy(&cur, payload, sizeof(cur));
	out->bytes = cur.bytes;
	out->packets = cur.packets;
	out->add_time = cur.add_time;
	out->use_time = cur.use_time;
	return 0;
}

static enum kdir xfrm_to_kdir(uint8_t dir)
{
	return dir == XFRM_POLICY_IN ? KDIR_IN : dir == XFRM_POLICY_FWD ? KDIR_FWD : KDIR_OUT;
}

static int parse_acquire(const struct nlmsghdr *nlh, struct kevent *ev)
{
	struct xfrm_user_acquire ua;
	const void *tmpl;
	uint16_t family;
	struct attrs t;

	if (!get_fixed(nlh, XFRM_MSG_ACQUIRE, &ua, sizeof(ua)))
		return -EBADMSG;
	get_attrs(nlh, sizeof(ua), &t);
	ev->type = KEV_ACQUIRE;
	get_selector(&ev->sel, &ua.policy.sel);
	get_selector(&ev->packet, &ua.sel);
	ev->dir = xfrm_to_kdir(ua.policy.dir);
	ev->proto = ua.id.proto;
	/* The outer family and the reqid live only in the policy's template. */
	tmpl = attr_payload(&t, XFRMA_TMPL, sizeof(struct xfrm_user_tmpl));
	family = ua.sel.family;
	if (tmpl) {
		struct xfrm_user_tmpl first;
		memcpy(&first, tmpl, sizeof(first));
		ev->reqid = first.reqid;
		if (first.family)
			family = first.family;
	}
	get_addr(&ev->dst, &ua.id.daddr, family);
	get_addr(&ev->src, &ua.saddr, family);
	return 1;
}

static int parse_expire(const struct nlmsghdr *nlh, struct kevent *ev)
{
	struct xfrm_user_expire ue;
	if (!get_fixed(nlh, XFRM_MSG_EXPIRE, &ue, sizeof(ue)))
		return -EBADMSG;
	ev->type = ue.hard ? KEV_EXPIRE_HARD : KEV_EXPIRE_SOFT;
	get_selector(&ev->sel, &ue.state.sel);
	get_addr(&ev->dst, &ue.state.id.daddr, ue.state.family);
	get_addr(&ev->src, &ue.state.saddr, ue.state.family);
	ev->spi = ue.state.id.spi;
	ev->proto = ue.state.id.proto;
	ev->reqid = ue.state.reqid;
	return 1;
}

static int parse_polexpire(const struct nlmsghdr *nlh, struct kevent *ev)
{
	struct xfrm_user_polexpire up;
	if (!get_fixed(nlh, XFRM_MSG_POLEXPIRE, &up, sizeof(up)))
		return -EBADMSG;
	ev->type = KEV_POLICY_EXPIRE;
	get_selector(&ev->sel, &up.pol.sel);
	ev->dir = xfrm_to_kdir(up.pol.dir);
	return 1;
}

int xfrm_parse_event(const struct nlmsghdr *nlh, struct kevent *ev)
{
	memset(ev, 0, sizeof(*ev));
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN)
		return -EBADMSG;
	switch (nlh->nlmsg_type) {
	case XFRM_MSG_ACQUIRE:
		return parse_acquire(nlh, ev);
	case XFRM_MSG_EXPIRE:
		return parse_expire(nlh, ev);
	case XFRM_MSG_POLEXPIRE:
		return parse_polexpire(nlh, ev);
	default:
		return 0;
	}
}

/* --- replies --- */

static int reply_data(const struct nlmsghdr *nlh, void *data)
{
	struct xfrm_reply *r = data;
	/* Left over from an earlier request that gave up waiting. */
	if (nlh->nlmsg_seq != r->seq || nlh->nlmsg_type != r->type || !r->parse)
		return MNL_CB_OK;
	if (r->parse(nlh, r->out) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	r->got = true;
	return MNL_CB_OK;
}

static int reply_error(const struct nlmsghdr *nlh, void *data)
{
	const struct xfrm_reply *r = data;
	struct nlmsgerr err;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(err)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
	if (nlh->nlmsg_seq != r->seq)
		return MNL_CB_OK;
	if (err.error == 0)
		return MNL_CB_STOP;
	errno = err.error < 0 ? -err.error : err.error;
	return MNL_CB_ERROR;
}

int xfrm_reply_run(struct xfrm_reply *r, const void *buf, size_t len, uint32_t portid)
{
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = { [NLMSG_ERROR] = reply_error };
	int ret = mnl_cb_run2(buf, len, 0, portid, reply_data, r, ctl, NLMSG_MIN_TYPE);

	if (ret == MNL_CB_ERROR)
		return errno ? -errno : -EBADMSG;
	if (ret == MNL_CB_OK)
		return 1;
	return r->type && r->parse && !r->got ? -EBADMSG : 0;
}
