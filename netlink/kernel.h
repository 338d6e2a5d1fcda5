/* The kernel interface: one small struct of functions with two implementations,
 * XFRM over netlink (the product) and "none", which only records what would be
 * installed (IKE-level benchmarks and tests on kernels without ESP). The daemon
 * picks one explicitly and logs it; "none" is never the default.
 *
 * Everything here is a plain description: core/ fills it from the negotiated
 * Child SA and never sees a netlink message. */
#ifndef NETLINK_KERNEL_H
#define NETLINK_KERNEL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kaddr {
	uint8_t family; /* AF_INET or AF_INET6; 0 = unset */
	uint8_t bytes[16];
};

struct kselector {
	struct kaddr src, dst;
	uint8_t src_prefix, dst_prefix;
	uint8_t proto;           /* 0 = any */
	uint16_t sport, dport;   /* host order; 0 = any */
};

enum kmode { KMODE_TRANSPORT = 0, KMODE_TUNNEL = 1 };

struct ksa {
	struct kaddr src, dst;   /* outer addresses */
	uint32_t spi;            /* network order, as on the wire */
	uint8_t proto;           /* IPPROTO_ESP (50) or IPPROTO_AH (51) */
	enum kmode mode;
	uint32_t reqid;
	/* IANA IKEv2 transform IDs; netlink/ maps them to kernel algorithm names. */
	uint16_t encr_id;        /* 0 with AH */
	uint16_t encr_key_bits;
	uint16_t integ_id;       /* 0 with AEAD */
	uint8_t encr_key_len;    /* key plus salt bytes */
	uint8_t integ_key_len;
	uint8_t encr_key[36];
	uint8_t integ_key[64];
	bool esn;
	uint32_t replay_window;  /* packets; 0 = off */
	/* ESP-in-UDP (RFC 3948): both ports non-zero when encapsulated. */
	uint16_t encap_sport, encap_dport;
	struct kaddr encap_oa;   /* original address, for transport mode NAT-T */
	bool encap_tcp;          /* RFC 8229 (espintcp) instead of UDP */
	/* Lifetimes: 0 = unlimited. Soft triggers a rekey, hard deletes. */
	uint64_t soft_bytes, hard_bytes, soft_packets, hard_packets;
	uint64_t soft_add_seconds, hard_add_seconds;
	struct kselector sel;    /* transport mode: the traffic selector */
	uint32_t mark, mark_mask;
	uint32_t if_id;          /* XFRM interface ID; 0 = none */
	bool inbound;
	const char *offload_dev; /* nic-offload: device name, NULL for none */
};

enum kdir { KDIR_IN = 0, KDIR_OUT = 1, KDIR_FWD = 2 };

enum kpolicy_action {
	KPOL_IPSEC,   /* protect with the template below */
	KPOL_ALLOW,   /* clear (passthrough) */
	KPOL_BLOCK,   /* drop / reject */
	KPOL_TRAP,    /* on-demand: traffic triggers an ACQUIRE */
};

struct kpolicy {
	struct kselector sel;
	enum kdir dir;
	enum kpolicy_action action;
	uint32_t priority;
	/* Template for KPOL_IPSEC and KPOL_TRAP. */
	struct kaddr tmpl_src, tmpl_dst;
	uint8_t tmpl_proto;
	enum kmode tmpl_mode;
	uint32_t reqid;
	uint32_t mark, mark_mask;
	uint32_t if_id;
};

struct kcounters {
	uint64_t bytes, packets;
	uint64_t add_time;       /* unix seconds the kernel installed the state */
	uint64_t use_time;       /* unix seconds of last use; 0 = never */
};

enum kevent_type { KEV_ACQUIRE, KEV_EXPIRE_SOFT, KEV_EXPIRE_HARD, KEV_POLICY_EXPIRE };

struct kevent {
	enum kevent_type type;
	/* ACQUIRE: the policy selector that matched, and its reqid.
	 * POLICY_EXPIRE: the expired policy's selector. */
	struct kselector sel;
	uint32_t reqid;
	/* EXPIRE: which state. ACQUIRE: the template's outer addresses and protocol
	 * (spi 0), i.e. the peer to negotiate with. */
	struct kaddr dst;
	uint32_t spi;
	uint8_t proto;
	struct kaddr src;
	/* ACQUIRE: the packet that triggered it (host prefixes, its protocol and
	 * ports), for narrowing and opportunistic connections. */
	struct kselector packet;
	/* ACQUIRE and POLICY_EXPIRE: the policy's direction. */
	enum kdir dir;
};

struct kernel;

/* Every call returns 0 or -errno, the kernel's own error where it gave one:
 * -EINVAL (a description netlink/ or the kernel refuses), -EOPNOTSUPP (a
 * transform with no kernel mapping), -EPERM (not CAP_NET_ADMIN), and on a
 * kernel without the ESP/AH modules or an algorithm -EPROTONOSUPPORT or
 * -ENOSYS. The kernel's keys are wiped from netlink/'s buffers once sent. */
struct kernel_ops {
	const char *name; /* "xfrm" or "none" */
	/* Returns the kernel handle or NULL with errno set (EPERM for a daemon
	 * without CAP_NET_ADMIN: joining the event groups needs it). */
	struct kernel *(*open)(void);
	void (*close)(struct kernel *k);
	/* Reserves an inbound SPI for the given addresses (XFRM_MSG_ALLOCSPI):
	 * src is the peer, dst is us. The kernel keeps a larval state there
	 * (net.core.xfrm_acq_expires, 30 s by default; then a hard EXPIRE for it)
	 * until update_sa completes it or del_sa drops it. */
	int (*get_spi)(struct kernel *k, const struct kaddr *src, const struct kaddr *dst,
		       uint8_t proto, uint32_t reqid, uint32_t *spi_net);
	/* A state whose SPI the peer chose (outbound): -EEXIST if it exists,
	 * including a larval state from get_spi. */
	int (*add_sa)(struct kernel *k, const struct ksa *sa);
	/* Replaces a larval state from get_spi (XFRM_MSG_UPDSA): -ESRCH when no
	 * state has that (dst, spi, proto). ESN needs replay_window > 0 on
	 * inbound states (-EINVAL otherwise); windows above 32 and ESN use the
	 * kernel's ESN-format replay state, up to 4096. */
	int (*update_sa)(struct kernel *k, const struct ksa *sa);
	/* A state with a mark is only found with that mark: pass the ksa's
	 * mark and mark_mask (0, 0 for none). Missing state: -ESRCH. */
	int (*del_sa)(struct kernel *k, const struct kaddr *dst, uint32_t spi_net,
		      uint8_t proto, uint32_t mark, uint32_t mark_mask);
	int (*get_counters)(struct kernel *k, const struct kaddr *dst, uint32_t spi_net,
			    uint8_t proto, uint32_t mark, uint32_t mark_mask,
			    struct kcounters *out);
	/* add_policy fails with -EEXIST when a conflicting policy is installed:
	 * same selector, direction, mark and if_id, whatever the priority.
	 * update_policy installs or replaces; del_policy: -ENOENT when missing.
	 * Host bits in selector addresses are cleared (10.0.0.1/24 = 10.0.0.0/24). */
	int (*add_policy)(struct kernel *k, const struct kpolicy *pol);
	int (*update_policy)(struct kernel *k, const struct kpolicy *pol);
	int (*del_policy)(struct kernel *k, const struct kselector *sel, enum kdir dir,
			  uint32_t mark, uint32_t mark_mask, uint32_t if_id);
	/* A descriptor that becomes readable when events arrive (-1: none), and the
	 * call that reads them all, without blocking, calling cb once per event.
	 * cb may call back into the handle. Returns how many it delivered, or
	 * -ENOBUFS when the kernel dropped some (after delivering the rest:
	 * resynchronise, e.g. check lifetimes yourself), -EBADMSG when a malformed
	 * one was skipped. Expires come for every state that expires, including
	 * get_spi states never completed: ignore unknown SPIs. */
	int (*event_fd)(struct kernel *k);
	int (*read_events)(struct kernel *k,
			   void (*cb)(void *arg, const struct kevent *ev), void *arg);
	/* Does netlink/ map this transform to kernel algorithms? ESP: an AEAD
	 * alone or a cipher with integrity; AH: encr_id 0. Key sizes are checked
	 * by add_sa/update_sa. */
	bool (*supports)(struct kernel *k, uint16_t encr_id, uint16_t integ_id);
};

extern const struct kernel_ops kernel_xfrm_ops;
extern const struct kernel_ops kernel_none_ops;

/* get_spi hands out SPIs in this range (host order). */
#define KERNEL_SPI_MIN 0x00001000u
#define KERNEL_SPI_MAX 0xffffffffu

/* For "none": what it recorded, so tests and benchmarks can inspect it. */
size_t kernel_none_sa_count(const struct kernel *k);
size_t kernel_none_policy_count(const struct kernel *k);
/* Heap bytes it holds, for the memory-per-SA benchmark. */
size_t kernel_none_bytes(const struct kernel *k);

/* What "none" keeps of a state: no keys. */
struct knone_sa {
	struct kaddr src, dst;
	uint32_t spi;            /* network order */
	uint8_t proto;
	bool larval;             /* from get_spi, not yet update_sa'd */
	bool inbound, esn, encap_tcp;
	enum kmode mode;
	uint32_t reqid, replay_window;
	uint16_t encr_id, encr_key_bits, integ_id;
	uint16_t encap_sport, encap_dport;
	uint32_t mark, mark_mask, if_id;
	uint64_t soft_add_seconds, hard_add_seconds;
	struct kcounters counters;
};
/* 0 or -ESRCH, like get_counters. */
int kernel_none_get_sa(const struct kernel *k, const struct kaddr *dst, uint32_t spi_net,
		       uint8_t proto, struct knone_sa *out);
/* Lets tests make counters rise; 0 or -ESRCH. */
int kernel_none_set_counters(struct kernel *k, const struct kaddr *dst, uint32_t spi_net,
			     uint8_t proto, const struct kcounters *c);
/* 0 or -ENOENT, looked up like del_policy. */
int kernel_none_get_policy(const struct kernel *k, const struct kselector *sel,
			   enum kdir dir, uint32_t mark, uint32_t mark_mask, uint32_t if_id,
			   struct kpolicy *out);

/* Gives an IKE socket "allow" policies both ways so that the tunnels it negotiates
 * never capture IKE itself (netlink/sock_bypass.c). 0 or -errno. */
int kernel_socket_bypass(int fd, int family);

#endif
