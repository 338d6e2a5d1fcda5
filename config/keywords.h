/* The ipsec.conf keyword tables: every keyword of Libreswan 4.x ipsec.conf(5)
 * (lib/libipsecconf/keywords.c in 4.15), the 5.x additions, their aliases and
 * the obsolete names that are still accepted. Internal to config/. */
#ifndef CONFIG_KEYWORDS_H
#define CONFIG_KEYWORDS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum kw_type {
	KT_STRING,     /* free text */
	KT_BOOL,       /* yes/no (y, true, on / n, false, off) */
	KT_ENUM,       /* one name from kw->values */
	KT_NUMBER,     /* decimal, 32 bits */
	KT_TIME,       /* duration: 8h, 1d, 60m, 3600s, 500ms, plain seconds */
	KT_TIME_MS,    /* duration whose plain number means milliseconds */
	KT_PERCENT,    /* 100% */
	KT_BINARY,     /* count with an IEC suffix: 1Ki, 2Mi, ... */
	KT_BYTES,      /* bytes with an IEC suffix: 1KiB, 2MiB, ... */
	KT_HOST,       /* left= */
	KT_SUBNET,     /* leftsubnet= */
	KT_SUBNETS,    /* leftsubnets={a b} (appends) */
	KT_ADDR,       /* leftsourceip= */
	KT_NEXTHOP,    /* leftnexthop= (address or %defaultroute) */
	KT_CIDR,       /* leftvti=, leftinterface-ip= */
	KT_ID,         /* leftid= */
	KT_PUBKEY,     /* leftrsasigkey=, leftecdsakey=, leftpubkey= */
	KT_CKAID,      /* hex */
	KT_PROTOPORT,  /* 17/1701, tcp/%any */
	KT_RANGE,      /* leftaddresspool= range or subnet */
	KT_PORT,       /* 1..65535 */
	KT_PROPOSAL,   /* ike=, esp=: checked once the IKE version is known */
	KT_AUTHBY,     /* authby= list */
	KT_MARK,       /* value[/mask] */
	KT_PLUTODEBUG, /* list of debug categories */
	KT_IFACE_ID,   /* ipsec-interface= yes|no|number */
	KT_ALSO,       /* also= names (appends) */
	KT_APPEND,     /* connalias= (appends) */
	KT_NIC_OFFLOAD,/* yes|no|auto|crypto|packet */
	KT_OBSOLETE,   /* accepted and ignored with a warning */
};

enum {
	KWF_SETUP = 1 << 0,   /* valid in config setup */
	KWF_CONN = 1 << 1,    /* valid in a conn */
	KWF_LR = 1 << 2,      /* needs a left/right prefix */
	KWF_ALIAS = 1 << 3,   /* another name for kw->alias_of */
	KWF_QUIET = 1 << 4,   /* obsolete without a warning */
	KWF_OPTARG = 1 << 5,  /* Libreswan 5: a command line option only */
};

struct kw_value {
	const char *name;
	int value;
};

/* The value lists of KT_ENUM keywords (kw_values()). */
enum kw_values {
	KV_none,
	KV_addrfamily,
	KV_auth,
	KV_autheap,
	KV_auto,
	KV_ddos_mode,
	KV_dpdaction,
	KV_esn,
	KV_failureshunt,
	KV_fourvalued,
	KV_fragmentation,
	KV_ikev1_policy,
	KV_keyexchange,
	KV_natt,
	KV_negotiationshunt,
	KV_ocsp_method,
	KV_phase2,
	KV_remote_peer_type,
	KV_seccomp,
	KV_sendca,
	KV_sendcert,
	KV_tcp,
	KV_type,
	KV_xauthby,
	KV_xauthfail,
	KV_yna,
};

struct kwdef {
	const char *name;
	uint8_t type;   /* enum kw_type */
	uint8_t flags;
	uint8_t values; /* KT_ENUM: enum kw_values */
	uint16_t alias_of; /* KWF_ALIAS: the real keyword's id */
};

/* Keyword ids (index into kw_table). */
enum kw_id {
#define KW(id, name, type, flags, values) id,
#define KA(id, name, target, flags) id,
#include "config/keywords_def.h"
#undef KA
#undef KW
	KW_COUNT
};

extern const struct kwdef kw_table[KW_COUNT];

/* The slot of (keyword, side) in a conn's resolved table: left and plain
 * keywords use slot 2*id, right uses 2*id+1. */
#define KW_SLOTS (2 * KW_COUNT)

/* A name lookup index built once per load (no global mutable state). */
struct kw_index {
	const struct kwdef *sorted[KW_COUNT];
	size_t n;
};
void kw_index_init(struct kw_index *ix);
/* Finds "leftsubnet", "right-id", "ike", ... (case-insensitive). side gets 0
 * (none), 1 (left) or 2 (right). Returns the id, or -1 when unknown, or -2
 * when a left/right keyword was given without its prefix. */
int kw_lookup(const struct kw_index *ix, const char *name, size_t len, int *side);
/* The same without an index (linear; for rare lookups). */
int kw_lookup_slow(const char *name, size_t len, int *side);

/* The accepted values of a KT_ENUM keyword. */
const struct kw_value *kw_values(unsigned kw);
/* Finds value in an enum table, case-insensitively; returns false if absent. */
bool kw_enum_value(const struct kw_value *values, const char *text, int *out);
/* The canonical name of a value (first entry with it) */
const char *kw_enum_name(const struct kw_value *values, int value);

#endif
