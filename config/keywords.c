/* Keyword and value tables (Libreswan 4.15 lib/libipsecconf/keywords.c and
 * 5.x lib/libswan/ipsecconf/, read for the names; values are our enums). */
#include "config/keywords.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "config/conn.h"

/* Values shared by several keywords: yes/no/auto. */
static const struct kw_value kv_yna[] = {
	{ "yes", YNA_YES }, { "no", YNA_NO }, { "auto", YNA_AUTO }, { NULL, 0 },
};
static const struct kw_value kv_ikev1_policy[] = {
	{ "accept", IKEV1_POLICY_ACCEPT }, { "reject", IKEV1_POLICY_REJECT },
	{ "drop", IKEV1_POLICY_DROP }, { NULL, 0 },
};
static const struct kw_value kv_ocsp_method[] = { { "get", 0 }, { "post", 1 }, { NULL, 0 } };
static const struct kw_value kv_ddos_mode[] = {
	{ "auto", DDOS_AUTO }, { "busy", DDOS_BUSY }, { "unlimited", DDOS_UNLIMITED }, { NULL, 0 },
};
static const struct kw_value kv_seccomp[] = {
	{ "enabled", 1 }, { "disabled", 0 }, { "tolerant", 2 }, { NULL, 0 },
};
static const struct kw_value kv_sendcert[] = {
	{ "always", SENDCERT_ALWAYS }, { "alwayssend", SENDCERT_ALWAYS }, { "yes", SENDCERT_ALWAYS },
	{ "no", SENDCERT_NEVER },
	{ "sendifasked", SENDCERT_IFASKED }, { "ifasked", SENDCERT_IFASKED },
	{ "never", SENDCERT_NEVER }, { NULL, 0 },
};
static const struct kw_value kv_auth[] = {
	{ "never", AUTH_NEVER }, { "secret", AUTH_PSK }, { "rsasig", AUTH_RSASIG },
	{ "rsa", AUTH_RSASIG }, { "ecdsa", AUTH_ECDSA }, { "null", AUTH_NULL },
	{ "eaponly", AUTH_EAPONLY }, { NULL, 0 },
};
static const struct kw_value kv_autheap[] = { { "none", EAP_NONE }, { "tls", EAP_TLS }, { NULL, 0 } };
static const struct kw_value kv_auto[] = {
	{ "ignore", AUTO_IGNORE }, { "add", AUTO_ADD }, { "ondemand", AUTO_ONDEMAND },
	{ "route", AUTO_ONDEMAND }, { "start", AUTO_START }, { "up", AUTO_START },
	{ "keep", AUTO_KEEP }, { NULL, 0 },
};
static const struct kw_value kv_phase2[] = {
	{ "esp", 0 }, { "ah", 1 }, { "default", 0 }, { NULL, 0 },
};
static const struct kw_value kv_addrfamily[] = {
	{ "ipv4", AF_INET }, { "ipv6", AF_INET6 }, { "v4", AF_INET }, { "inet", AF_INET },
	{ "v6", AF_INET6 }, { "inet6", AF_INET6 }, { NULL, 0 },
};
static const struct kw_value kv_type[] = {
	{ "tunnel", CONN_TUNNEL }, { "transport", CONN_TRANSPORT },
	{ "passthrough", CONN_PASSTHROUGH }, { "pass", CONN_PASSTHROUGH },
	{ "reject", CONN_REJECT }, { "drop", CONN_DROP }, { NULL, 0 },
};
/* 4.x accepts only "ike"; 5.x adds the versions */
static const struct kw_value kv_keyexchange[] = {
	{ "ike", 0 }, { "ikev1", 1 }, { "ikev2", 2 }, { NULL, 0 },
};
static const struct kw_value kv_fourvalued[] = {
	{ "never", IKEV2_NEVER }, { "permit", IKEV2_PERMIT }, { "propose", IKEV2_PROPOSE },
	{ "insist", IKEV2_INSIST }, { "yes", IKEV2_PROPOSE }, { "always", IKEV2_INSIST },
	{ "no", IKEV2_NEVER }, { NULL, 0 },
};
static const struct kw_value kv_esn[] = {
	{ "either", ESN_EITHER }, { "yes", ESN_YES }, { "no", ESN_NO }, { NULL, 0 },
};
/* fragmentation=force is YNA_AUTO here (see conn.fragmentation_force) */
static const struct kw_value kv_fragmentation[] = {
	{ "yes", YNA_YES }, { "no", YNA_NO }, { "never", YNA_NO }, { "force", YNA_AUTO },
	{ "insist", YNA_AUTO }, { NULL, 0 },
};
static const struct kw_value kv_natt[] = {
	{ "both", NATT_BOTH }, { "rfc", NATT_RFC }, { "drafts", NATT_DRAFTS },
	{ "none", NATT_NONE }, { NULL, 0 },
};
static const struct kw_value kv_remote_peer_type[] = { { "cisco", 1 }, { NULL, 0 } };
static const struct kw_value kv_xauthby[] = {
	{ "file", XAUTHBY_FILE }, { "pam", XAUTHBY_PAM }, { "alwaysok", XAUTHBY_ALWAYSOK },
	{ NULL, 0 },
};
static const struct kw_value kv_xauthfail[] = {
	{ "hard", XAUTHFAIL_HARD }, { "soft", XAUTHFAIL_SOFT }, { NULL, 0 },
};
static const struct kw_value kv_failureshunt[] = {
	{ "none", SHUNT_NONE }, { "passthrough", SHUNT_PASS }, { "drop", SHUNT_DROP },
	{ "hold", SHUNT_DROP }, { "reject", SHUNT_REJECT }, { NULL, 0 },
};
static const struct kw_value kv_negotiationshunt[] = {
	{ "passthrough", SHUNT_PASS }, { "drop", SHUNT_HOLD }, { "hold", SHUNT_HOLD }, { NULL, 0 },
};
/* enable-tcp=fallback is YNA_AUTO */
static const struct kw_value kv_tcp[] = {
	{ "no", YNA_NO }, { "yes", YNA_YES }, { "fallback", YNA_AUTO }, { NULL, 0 },
};
static const struct kw_value kv_dpdaction[] = {
	{ "hold", DPD_HOLD }, { "clear", DPD_CLEAR }, { "restart", DPD_RESTART },
	{ "restart_by_peer", DPD_RESTART }, { NULL, 0 },
};
static const struct kw_value kv_sendca[] = {
	{ "issuer", SENDCA_ISSUER }, { "none", SENDCA_NONE }, { "all", SENDCA_ALL }, { NULL, 0 },
};

static const struct kw_value *const value_lists[] = {
	[KV_none] = NULL,
	[KV_addrfamily] = kv_addrfamily,
	[KV_auth] = kv_auth,
	[KV_autheap] = kv_autheap,
	[KV_auto] = kv_auto,
	[KV_ddos_mode] = kv_ddos_mode,
	[KV_dpdaction] = kv_dpdaction,
	[KV_esn] = kv_esn,
	[KV_failureshunt] = kv_failureshunt,
	[KV_fourvalued] = kv_fourvalued,
	[KV_fragmentation] = kv_fragmentation,
	[KV_ikev1_policy] = kv_ikev1_policy,
	[KV_keyexchange] = kv_keyexchange,
	[KV_natt] = kv_natt,
	[KV_negotiationshunt] = kv_negotiationshunt,
	[KV_ocsp_method] = kv_ocsp_method,
	[KV_phase2] = kv_phase2,
	[KV_remote_peer_type] = kv_remote_peer_type,
	[KV_seccomp] = kv_seccomp,
	[KV_sendca] = kv_sendca,
	[KV_sendcert] = kv_sendcert,
	[KV_tcp] = kv_tcp,
	[KV_type] = kv_type,
	[KV_xauthby] = kv_xauthby,
	[KV_xauthfail] = kv_xauthfail,
	[KV_yna] = kv_yna,
};

const struct kw_value *kw_values(unsigned kw)
{
	return value_lists[kw_table[kw].values];
}

const struct kwdef kw_table[KW_COUNT] = {
#define KW(id, name, type, flags, values) [id] = { name, type, flags, KV_##values, 0 },
#define KA(id, name, target, flags) [id] = { name, 0, (flags) | KWF_ALIAS, KV_none, target },
#include "config/keywords_def.h"
#undef KA
#undef KW
};

_Static_assert(KW_SLOTS <= CONN_KEY_SLOTS, "conn.h CONN_KEY_SLOTS too small for the keywords");

static int by_name(const void *a, const void *b)
{
	return strcasecmp((*(const struct kwdef *const *)a)->name,
			  (*(const struct kwdef *const *)b)->name);
}

void kw_index_init(struct kw_index *ix)
{
	ix->n = 0;
	for (unsigned i = 0; i < KW_COUNT; i++)
		ix->sorted[ix->n++] = &kw_table[i];
	qsort(ix->sorted, ix->n, sizeof(ix->sorted[0]), by_name);
}

/* strncasecmp against a NUL-terminated table name, for a non-terminated key */
static int cmp_key(const char *key, size_t len, const char *name)
{
	int r = strncasecmp(key, name, len);
	if (r)
		return r;
	return name[len] ? -1 : 0;
}

static int find_exact(const struct kw_index *ix, const char *key, size_t len)
{
	size_t lo = 0, hi = ix->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = cmp_key(key, len, ix->sorted[mid]->name);
		if (r == 0)
			return (int)(ix->sorted[mid] - kw_table);
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

static int find_linear(const struct kw_index *ix, const char *key, size_t len)
{
	(void)ix;
	for (unsigned i = 0; i < KW_COUNT; i++)
		if (cmp_key(key, len, kw_table[i].name) == 0)
			return (int)i;
	return -1;
}

static int lookup(const struct kw_index *ix, const char *name, size_t len, int *side,
		  int (*find)(const struct kw_index *, const char *, size_t))
{
	static const char *const prefix[] = { "left", "right" };
	int id;

	*side = 0;
	if (len == 0)
		return -1;
	id = find(ix, name, len);
	if (id >= 0) {
		if (kw_table[id].flags & KWF_LR)
			return -2;
		return kw_table[id].flags & KWF_ALIAS ? kw_table[id].alias_of : id;
	}
	for (int s = 0; s < 2; s++) {
		size_t pl = strlen(prefix[s]);
		if (len < pl || strncasecmp(name, prefix[s], pl) != 0)
			continue;
		const char *rest = name + pl;
		size_t rlen = len - pl;
		/* Libreswan 5 also takes left-subnet= */
		if (rlen > 1 && rest[0] == '-') {
			rest++;
			rlen--;
		}
		id = rlen ? find(ix, rest, rlen) : (int)KW_HOST;
		if (id >= 0 && (kw_table[id].flags & KWF_LR)) {
			*side = s + 1;
			return kw_table[id].flags & KWF_ALIAS ? kw_table[id].alias_of : id;
		}
	}
	return -1;
}

int kw_lookup(const struct kw_index *ix, const char *name, size_t len, int *side)
{
	return lookup(ix, name, len, side, find_exact);
}

int kw_lookup_slow(const char *name, size_t len, int *side)
{
	return lookup(NULL, name, len, side, find_linear);
}

bool kw_enum_value(const struct kw_value *values, const char *text, int *out)
{
	for (const struct kw_value *v = values; v && v->name; v++)
		if (strcasecmp(v->name, text) == 0) {
			*out = v->value;
			return true;
		}
	return false;
}

const char *kw_enum_name(const struct kw_value *values, int value)
{
	for (const struct kw_value *v = values; v && v->name; v++)
		if (v->value == value)
			return v->name;
	return "?";
}
