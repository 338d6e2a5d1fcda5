/* kernel_none_ops: records what would be installed and never touches the
 * kernel. It answers like XFRM does (the same -EEXIST, -ESRCH, -ENOENT, and
 * the same -EINVAL for a description the XFRM builder would refuse), so the
 * daemon behaves the same on both. Keys are checked, never kept. */
#include <netinet/in.h>

#include "netlink/kernel.h"

#include "netlink/none_table.h"
#include "netlink/xfrm_alg.h"
#include "netlink/xfrm_msg.h"

#include <errno.h>
#include <linux/xfrm.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

enum { SA_LARVAL = 1, SA_INBOUND = 2, SA_ESN = 4, SA_ENCAP_TCP = 8 };

/* The key (dst, spi, family, proto) comes first; see none_table.h. */
struct sa_rec {
	uint8_t dst[16];
	uint32_t spi;
	uint8_t family, proto, mode, flags;
	uint8_t src[16];
	uint32_t reqid, replay_window;
	uint32_t mark, mark_mask, if_id;
	uint16_t encr_id, encr_key_bits, integ_id, encap_sport, encap_dport;
	uint64_t soft_add_seconds, hard_add_seconds;
	uint64_t bytes, packets, add_time, use_time;
};
#define SA_KEY_SIZE offsetof(struct sa_rec, mode)

/* A selector with host bits cleared, as the kernel compares it. */
struct sel_key {
	uint8_t family, src_prefix, dst_prefix, proto;
	uint16_t sport, dport;
	uint8_t src[16], dst[16];
};

struct pol_rec {
	struct sel_key sel;
	uint32_t mark, mark_mask, if_id;
	uint8_t dir;
	uint8_t action, tmpl_proto, tmpl_mode;
	uint8_t tmpl_src_family, tmpl_dst_family;
	uint32_t priority, reqid;
	uint8_t tmpl_src[16], tmpl_dst[16];
};
#define POL_KEY_SIZE offsetof(struct pol_rec, action)

struct kernel {
	struct none_table sas, policies;
	uint32_t next_spi;
};

static size_t family_len(uint8_t family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

static struct kernel *none_open(void)
{
	struct kernel *k = calloc(1, sizeof(*k));
	if (!k)
		return NULL;
	none_table_init(&k->sas, sizeof(struct sa_rec), SA_KEY_SIZE);
	none_table_init(&k->policies, sizeof(struct pol_rec), POL_KEY_SIZE);
	k->next_spi = KERNEL_SPI_MIN;
	return k;
}

static void none_close(struct kernel *k)
{
	if (!k)
		return;
	none_table_free(&k->sas);
	none_table_free(&k->policies);
	free(k);
}

static int sa_key(struct sa_rec *rec, const struct kaddr *dst, uint32_t spi_net, uint8_t proto)
{
	size_t n = family_len(dst->family);
	memset(rec, 0, sizeof(*rec));
	if (!n || (proto != IPPROTO_ESP && proto != IPPROTO_AH))
		return -EINVAL;
	memcpy(rec->dst, dst->bytes, n);
	rec->spi = spi_net;
	rec->family = dst->family;
	rec->proto = proto;
	return 0;
}

/* Finds a state the way the kernel does: by (dst, spi, proto), then the mark. */
static struct sa_rec *find_sa(const struct kernel *k, const struct kaddr *dst,
			      uint32_t spi_net, uint8_t proto, uint32_t mark,
			      uint32_t mark_mask, int *err)
{
	struct sa_rec key, *rec;

	*err = sa_key(&key, dst, spi_net, proto);
	if (*err < 0)
		return NULL;
	rec = none_table_find(&k->sas, &key);
	if (!rec || ((mark & mark_mask) & rec->mark_mask) != rec->mark) {
		*err = -ESRCH;
		return NULL;
	}
	return rec;
}

static int none_get_spi(struct kernel *k, const struct kaddr *src, const struct kaddr *dst,
			uint8_t proto, uint32_t reqid, uint32_t *spi_net)
{
	struct sa_rec rec;
	int ret;

	if (src->family != dst->family || !family_len(src->family))
		return -EINVAL;
	for (uint64_t tries = 0; tries <= (uint64_t)KERNEL_SPI_MAX - KERNEL_SPI_MIN; tries++) {
		uint32_t spi = k->next_spi;
		k->next_spi = spi == KERNEL_SPI_MAX ? KERNEL_SPI_MIN : spi + 1;
		ret = sa_key(&rec, dst, htonl(spi), proto);
		if (ret < 0)
			return ret;
		memcpy(rec.src, src->bytes, family_len(src->family));
		rec.reqid = reqid;
		rec.flags = SA_LARVAL;
		rec.add_time = (uint64_t)time(NULL);
		ret = none_table_insert(&k->sas, &rec);
		if (ret != -EEXIST) {
			if (ret == 0)
				*spi_net = rec.spi;
			return ret;
		}
	}
	return -ENOSPC;
}

/* Refuses exactly what the XFRM builder refuses; the keys it copies are wiped. */
static int validate_sa(const struct ksa *sa)
{
	_Alignas(8) uint8_t scratch[XFRM_REQ_SIZE];
	int ret = xfrm_build_sa(scratch, sizeof(scratch), XFRM_MSG_NEWSA, sa,
				sa->offload_dev ? 1 : 0);
	explicit_bzero(scratch, sizeof(scratch));
	return ret < 0 ? ret : 0;
}

static void fill_sa(struct sa_rec *rec, const struct ksa *sa)
{
	memcpy(rec->src, sa->src.bytes, family_len(sa->src.family));
	rec->mode = (uint8_t)sa->mode;
	rec->flags = (uint8_t)((sa->inbound ? SA_INBOUND : 0) | (sa->esn ? SA_ESN : 0) |
			       (sa->encap_tcp ? SA_ENCAP_TCP : 0));
	rec->reqid = sa->reqid;
	rec->replay_window = sa->replay_window;
	rec->mark = sa->mark & sa->mark_mask;
	rec->mark_mask = sa->mark_mask;
	rec->if_id = sa->if_id;
	rec->encr_id = sa->encr_id;
	rec->encr_key_bits = sa->encr_key_bits;
	rec->integ_id = sa->integ_id;
	rec->encap_sport = sa->encap_sport;
	rec->encap_dport = sa->encap_dport;
	rec->soft_add_seconds = sa->soft_add_seconds;
	rec->hard_add_seconds = sa->hard_add_seconds;
}

static int none_add_sa(struct kernel *k, const struct ksa *sa)
{
	struct sa_rec rec;
	int ret = validate_sa(sa);

	if (ret < 0)
		return ret;
	sa_key(&rec, &sa->dst, sa->spi, sa->proto);
	fill_sa(&rec, sa);
	rec.add_time = (uint64_t)time(NULL);
	return none_table_insert(&k->sas, &rec);
}

static int none_update_sa(struct kernel *k, const struct ksa *sa)
{
	struct sa_rec *rec;
	int ret = validate_sa(sa);

	if (ret < 0)
		return ret;
	rec = find_sa(k, &sa->dst, sa->spi, sa->proto, sa->mark, sa->mark_mask, &ret);
	if (!rec)
		return ret;
	/* A larval state is replaced by a new one; a full one keeps its age. */
	if (rec->flags & SA_LARVAL)
		rec->add_time = (uint64_t)time(NULL);
	fill_sa(rec, sa);
	return 0;
}

static int none_del_sa(struct kernel *k, const struct kaddr *dst, uint32_t spi_net,
		       uint8_t proto, uint32_t mark, uint32_t mark_mask)
{
	struct sa_rec key;
	int ret;
	const struct sa_rec *rec = find_sa(k, dst, spi_net, proto, mark, mark_mask, &ret);

	if (!rec)
		return ret;
	/* rec points into the table, which the removal rearranges. */
	memcpy(&key, rec, sizeof(key));
	return none_table_remove(&k->sas, &key);
}

static void get_counters(const struct sa_rec *rec, struct kcounters *out)
{
	out->bytes = rec->bytes;
	out->packets = rec->packets;
	out->add_time = rec->add_time;
	out->use_time = rec->use_time;
}

static int none_get_counters(struct kernel *k, const struct kaddr *dst, uint32_t spi_net,
			     uint8_t proto, uint32_t mark, uint32_t mark_mask,
			     struct kcounters *out)
{
	int ret;
	const struct sa_rec *rec = find_sa(k, dst, spi_net, proto, mark, mark_mask, &ret);
	if (!rec)
		return ret;
	get_counters(rec, out);
	return 0;
}

static void prefix_copy(uint8_t *out, const uint8_t *in, size_t n, uint8_t plen)
{
	for (size_t i = 0; i < n; i++) {
		unsigned bits = plen > i * 8 ? plen - i * 8 : 0;
		out[i] = bits >= 8 ? in[i] : (uint8_t)(in[i] & (0xff00u >> bits));
	}
}

static int pol_key(struct pol_rec *rec, const struct kselector *sel, enum kdir dir,
		   uint32_t mark, uint32_t mark_mask, uint32_t if_id)
{
	uint8_t family = sel->src.family ? sel->src.family : sel->dst.family;
	size_t n = family_len(family);

	memset(rec, 0, sizeof(*rec));
	if (!n || (sel->src.family && sel->src.family != family) ||
	    (sel->dst.family && sel->dst.family != family) || sel->src_prefix > n * 8 ||
	    sel->dst_prefix > n * 8 || (unsigned)dir > KDIR_FWD)
		return -EINVAL;
	rec->sel.family = family;
	rec->sel.src_prefix = sel->src_prefix;
	rec->sel.dst_prefix = sel->dst_prefix;
	rec->sel.proto = sel->proto;
	rec->sel.sport = sel->sport;
	rec->sel.dport = sel->dport;
	prefix_copy(rec->sel.src, sel->src.bytes, n, sel->src_prefix);
	prefix_copy(rec->sel.dst, sel->dst.bytes, n, sel->dst_prefix);
	/* The kernel keeps the mark's value masked. */
	rec->mark = mark & mark_mask;
	rec->mark_mask = mark_mask;
	rec->if_id = if_id;
	rec->dir = (uint8_t)dir;
	return 0;
}

static int set_policy(struct kernel *k, const struct kpolicy *pol, bool replace)
{
	_Alignas(8) uint8_t scratch[XFRM_REQ_SIZE];
	struct pol_rec rec, *old;
	int ret = xfrm_build_policy(scratch, sizeof(scratch), XFRM_MSG_NEWPOLICY, pol);

	if (ret < 0)
		return ret;
	ret = pol_key(&rec, &pol->sel, pol->dir, pol->mark, pol->mark_mask, pol->if_id);
	if (ret < 0)
		return ret;
	rec.action = (uint8_t)pol->action;
	rec.tmpl_proto = pol->tmpl_proto;
	rec.tmpl_mode = (uint8_t)pol->tmpl_mode;
	rec.tmpl_src_family = pol->tmpl_src.family;
	rec.tmpl_dst_family = pol->tmpl_dst.family;
	memcpy(rec.tmpl_src, pol->tmpl_src.bytes, family_len(pol->tmpl_src.family));
	memcpy(rec.tmpl_dst, pol->tmpl_dst.bytes, family_len(pol->tmpl_dst.family));
	rec.priority = pol->priority;
	rec.reqid = pol->reqid;
	old = none_table_find(&k->policies, &rec);
	if (old && !replace)
		return -EEXIST;
	if (old) {
		memcpy(old, &rec, sizeof(rec));
		return 0;
	}
	return none_table_insert(&k->policies, &rec);
}

static int none_add_policy(struct kernel *k, const struct kpolicy *pol)
{
	return set_policy(k, pol, false);
}

static int none_update_policy(struct kernel *k, const struct kpolicy *pol)
{
	return set_policy(k, pol, true);
}

static int none_del_policy(struct kernel *k, const struct kselector *sel, enum kdir dir,
			   uint32_t mark, uint32_t mark_mask, uint32_t if_id)
{
	struct pol_rec key;
	int ret = pol_key(&key, sel, dir, mark, mark_mask, if_id);
	return ret < 0 ? ret : none_table_remove(&k->policies, &key);
}

static int none_event_fd(struct kernel *k)
{
	return -1;
}

/* Nothing is installed, so nothing expires and no packet is trapped: the
 * daemon's own timers drive rekeying. */
static int none_read_events(struct kernel *k, void (*cb)(void *arg, const struct kevent *ev),
			    void *arg)
{
	return 0;
}

static bool none_supports(struct kernel *k, uint16_t encr_id, uint16_t integ_id)
{
	return xfrm_alg_supported(encr_id, integ_id);
}

const struct kernel_ops kernel_none_ops = {
	.name = "none",
	.open = none_open,
	.close = none_close,
	.get_spi = none_get_spi,
	.add_sa = none_add_sa,
	.update_sa = none_update_sa,
	.del_sa = none_del_sa,
	.get_counters = none_get_counters,
	.add_policy = none_add_policy,
	.update_policy = none_update_policy,
	.del_policy = none_del_policy,
	.event_fd = none_event_fd,
	.read_events = none_read_events,
	.supports = none_supports,
};

size_t kernel_none_sa_count(const struct kernel *k)
{
	return k->sas.count;
}

size_t kernel_none_policy_count(const struct kernel *k)
{
	return k->policies.count;
}

size_t kernel_none_bytes(const struct kernel *k)
{
	return sizeof(*k) + none_table_bytes(&k->sas) + none_table_bytes(&k->policies);
}

static void get_addr(struct kaddr *out, uint8_t family, const uint8_t *bytes)
{
	memset(out, 0, sizeof(*out));
	out->family = family;
	memcpy(out->bytes, bytes, family_len(family));
}

int kernel_none_get_sa(const struct kernel *k, const struct kaddr *dst, uint32_t spi_net,
		       uint8_t proto, struct knone_sa *out)
{
	struct sa_rec key;
	const struct sa_rec *rec;
	int ret = sa_key(&key, dst, spi_net, proto);

	if (ret < 0)
		return ret;
	rec = none_table_find(&k->sas, &key);
	if (!rec)
		return -ESRCH;
	memset(out, 0, sizeof(*out));
	get_addr(&out->src, rec->family, rec->src);
	get_addr(&out->dst, rec->family, rec->dst);
	out->spi = rec->spi;
	out->proto = rec->proto;
	out->larval = rec->flags & SA_LARVAL;
	out->inbound = rec->flags & SA_INBOUND;
	out->esn = rec->flags & SA_ESN;
	out->encap_tcp = rec->flags & SA_ENCAP_TCP;
	out->mode = rec->mode == KMODE_TUNNEL ? KMODE_TUNNEL : KMODE_TRANSPORT;
	out->reqid = rec->reqid;
	out->replay_window = rec->replay_window;
	out->encr_id = rec->encr_id;
	out->encr_key_bits = rec->encr_key_bits;
	out->integ_id = rec->integ_id;
	out->encap_sport = rec->encap_sport;
	out->encap_dport = rec->encap_dport;
	out->mark = rec->mark;
	out->mark_mask = rec->mark_mask;
	out->if_id = rec->if_id;
	out->soft_add_seconds = rec->soft_add_seconds;
	out->hard_add_seconds = rec->hard_add_seconds;
	get_counters(rec, &out->counters);
	return 0;
}

int kernel_none_set_counters(struct kernel *k, const struct kaddr *dst, uint32_t spi_net,
			     uint8_t proto, const struct kcounters *c)
{
	struct sa_rec key, *rec;
	int ret = sa_key(&key, dst, spi_net, proto);

	if (ret < 0)
		return ret;
	rec = none_table_find(&k->sas, &key);
	if (!rec)
		return -ESRCH;
	rec->bytes = c->bytes;
	rec->packets = c->packets;
	rec->add_time = c->add_time;
	rec->use_time = c->use_time;
	return 0;
}

int kernel_none_get_policy(const struct kernel *k, const struct kselector *sel,
			   enum kdir dir, uint32_t mark, uint32_t mark_mask, uint32_t if_id,
			   struct kpolicy *out)
{
	struct pol_rec key;
	const struct pol_rec *rec;
	int ret = pol_key(&key, sel, dir, mark, mark_mask, if_id);

	if (ret < 0)
		return ret;
	rec = none_table_find(&k->policies, &key);
	if (!rec)
		return -ENOENT;
	memset(out, 0, sizeof(*out));
	get_addr(&out->sel.src, rec->sel.family, rec->sel.src);
	get_addr(&out->sel.dst, rec->sel.family, rec->sel.dst);
	out->sel.src_prefix = rec->sel.src_prefix;
	out->sel.dst_prefix = rec->sel.dst_prefix;
	out->sel.proto = rec->sel.proto;
	out->sel.sport = rec->sel.sport;
	out->sel.dport = rec->sel.dport;
	out->dir = (enum kdir)rec->dir;
	out->action = (enum kpolicy_action)rec->action;
	out->priority = rec->priority;
	get_addr(&out->tmpl_src, rec->tmpl_src_family, rec->tmpl_src);
	get_addr(&out->tmpl_dst, rec->tmpl_dst_family, rec->tmpl_dst);
	out->tmpl_proto = rec->tmpl_proto;
	out->tmpl_mode = (enum kmode)rec->tmpl_mode;
	out->reqid = rec->reqid;
	out->mark = rec->mark;
	out->mark_mask = rec->mark_mask;
	out->if_id = rec->if_id;
	return 0;
}
