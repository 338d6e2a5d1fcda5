/* Typed values for config setup and conn keywords, Libreswan 4.x defaults
 * (lib/libipsecconf/confread.c ipsecconf_default_values(), pluto_constants.h)
 * and the whole-conn checks pluto makes when a conn is added. */
#include "config/conv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "config/encoding.h"
#include "config/id.h"
#include "config/values.h"

#define IKE_LIFETIME_MAX_S 86400   /* IKE_SA_LIFETIME_MAXIMUM */
#define IPSEC_LIFETIME_MAX_S 86400 /* IPSEC_SA_LIFETIME_MAXIMUM */

const char *conv_key_name(char *buf, size_t len, unsigned kw, unsigned side)
{
	if (kw >= KW_COUNT)
		return "x-";
	snprintf(buf, len, "%s%s", side == 1 ? "left" : side == 2 ? "right" : "",
		 kw_table[kw].name);
	return buf;
}

static bool bad(struct conv *cv, struct kv *kv, const char *value, const char *why)
{
	char key[64];

	cv->failed = true;
	if (!kv->reported)
		diag_error(cv->d, kv->file, kv->line, "invalid %s=%s: %s",
			   conv_key_name(key, sizeof(key), kv->kw, kv->side), value, why);
	kv->reported = true;
	return false;
}

static bool oom(struct conv *cv)
{
	cv->failed = true;
	diag_error(cv->d, NULL, 0, "out of memory");
	return false;
}

/* Checks a value of a keyword we keep only as text. */
static bool check_type(struct conv *cv, struct kv *kv, const char *v)
{
	const char *why = NULL;
	bool b;
	uint32_t u;
	uint64_t x;
	int e;

	switch (kw_table[kv->kw].type) {
	case KT_BOOL:
		if (val_bool(v, &b, &why))
			return bad(cv, kv, v, why);
		break;
	case KT_NUMBER:
		if (val_u32(v, &u, &why))
			return bad(cv, kv, v, why);
		break;
	case KT_TIME:
	case KT_TIME_MS:
		if (val_duration_ms(v, kw_table[kv->kw].type == KT_TIME_MS, &x, &why))
			return bad(cv, kv, v, why);
		break;
	case KT_BYTES:
	case KT_BINARY:
		if (val_iec(v, kw_table[kv->kw].type == KT_BYTES, &x, &why))
			return bad(cv, kv, v, why);
		break;
	case KT_PERCENT:
		if (val_percent(v, &u, &why))
			return bad(cv, kv, v, why);
		break;
	case KT_ENUM:
		if (!kw_enum_value(kw_values(kv->kw), v, &e))
			return bad(cv, kv, v, "not one of the accepted values");
		break;
	default:
		break;
	}
	return true;
}

static const char *dup(struct conv *cv, const char *v)
{
	const char *s = arena_strdup(cv->a, v);
	if (!s)
		oom(cv);
	return s;
}

void conv_setup_defaults(struct setup *s)
{
	memset(s, 0, sizeof(*s));
	s->logtime = s->logappend = s->logip = true;
	s->audit_log = true;
	s->uniqueids = true;
	s->listen_udp = true;
	s->dnssec_enable = true;
	s->ike_socket_errqueue = true;
	s->ikeport = 500;
	s->nat_ikeport = 4500;
	s->keep_alive_s = 20;        /* pluto's DEFAULT_KEEP_ALIVE_SECS */
	s->ddos_ike_threshold = 25000;
	s->max_halfopen_ike = 50000;
	s->ddos_mode = DDOS_AUTO;
	s->shuntlifetime_s = 900;
	s->ocsp_cache_size = 1000;
	s->ocsp_cache_min_age_s = 3600;
	s->ocsp_cache_max_age_s = 86400;
	s->ocsp_timeout_s = 2;
	s->curl_timeout_s = 5;
	s->ipsecdir = "/etc/ipsec.d";
	s->nssdir = "/etc/ipsec.d";
	s->secretsfile = "/etc/ipsec.secrets";
	s->dumpdir = "/run/pluto";
	s->rundir = "/run/pluto";
	s->protostack = "xfrm";
}

static bool seconds(struct conv *cv, struct kv *kv, const char *v, bool plain_ms, uint32_t *out)
{
	const char *why;
	uint64_t ms;

	if (val_duration_ms(v, plain_ms, &ms, &why))
		return bad(cv, kv, v, why);
	if (ms / 1000 > UINT32_MAX)
		return bad(cv, kv, v, "duration too large");
	*out = (uint32_t)(ms / 1000);
	return true;
}

static bool millis(struct conv *cv, struct kv *kv, const char *v, bool plain_ms, uint32_t *out)
{
	const char *why;
	uint64_t ms;

	if (val_duration_ms(v, plain_ms, &ms, &why))
		return bad(cv, kv, v, why);
	if (ms > UINT32_MAX)
		return bad(cv, kv, v, "duration too large");
	*out = (uint32_t)ms;
	return true;
}

static bool boolean(struct conv *cv, struct kv *kv, const char *v, bool *out)
{
	const char *why;
	return val_bool(v, out, &why) == 0 || bad(cv, kv, v, why);
}

static bool number(struct conv *cv, struct kv *kv, const char *v, uint32_t *out)
{
	const char *why;
	return val_u32(v, out, &why) == 0 || bad(cv, kv, v, why);
}

static bool choice(struct conv *cv, struct kv *kv, const char *v, int *out)
{
	char msg[200] = "expected one of:";

	if (kw_enum_value(kw_values(kv->kw), v, out))
		return true;
	for (const struct kw_value *x = kw_values(kv->kw); x->name; x++) {
		size_t l = strlen(msg);
		snprintf(msg + l, sizeof(msg) - l, " %s", x->name);
	}
	return bad(cv, kv, v, msg);
}

/* Where a keyword with a plain typed value goes: H_* says how to read it,
 * off where in the struct (setup, conn or conn_end) to store it. */
enum how { H_NONE = 0, H_BOOL, H_U32, H_SECONDS, H_MILLIS, H_MILLIS_PLAIN, H_ENUM, H_STR,
	   H_PORT, H_BYTES, H_COUNT };
struct place {
	uint8_t how;
	uint8_t where; /* P_SETUP, P_CONN or P_END */
	uint16_t off;
};
enum { P_SETUP = 1, P_CONN, P_END };

#define S(kw, how, f) [kw] = { how, P_SETUP, offsetof(struct setup, f) }
#define E(kw, how, f) [kw] = { how, P_END, offsetof(struct conn_end, f) }
#define C(kw, how, f) [kw] = { how, P_CONN, offsetof(struct conn, f) }
static const struct place places[KW_COUNT] = {
	S(KW_LOGFILE, H_STR, logfile), S(KW_LOGTIME, H_BOOL, logtime),
	S(KW_LOGAPPEND, H_BOOL, logappend), S(KW_LOGIP, H_BOOL, logip),
	S(KW_AUDIT_LOG, H_BOOL, audit_log), S(KW_LISTEN_TCP, H_BOOL, listen_tcp),
	S(KW_LISTEN_UDP, H_BOOL, listen_udp), S(KW_KEEP_ALIVE, H_SECONDS, keep_alive_s),
	S(KW_VIRTUAL_PRIVATE, H_STR, virtual_private), S(KW_IPSECDIR, H_STR, ipsecdir),
	S(KW_SECRETSFILE, H_STR, secretsfile), S(KW_NSSDIR, H_STR, nssdir),
	S(KW_DUMPDIR, H_STR, dumpdir), S(KW_UNIQUEIDS, H_BOOL, uniqueids),
	S(KW_DNSSEC_ENABLE, H_BOOL, dnssec_enable),
	S(KW_DNSSEC_ROOTKEY_FILE, H_STR, dnssec_rootkey_file),
	S(KW_DNSSEC_ANCHORS, H_STR, dnssec_anchors),
	S(KW_DDOS_IKE_THRESHOLD, H_U32, ddos_ike_threshold),
	S(KW_MAX_HALFOPEN_IKE, H_U32, max_halfopen_ike), S(KW_DDOS_MODE, H_ENUM, ddos_mode),
	S(KW_SEEDBITS, H_U32, seedbits), S(KW_NHELPERS, H_U32, nhelpers), S(KW_FIPS, H_BOOL, fips),
	S(KW_IKE_SOCKET_ERRQUEUE, H_BOOL, ike_socket_errqueue),
	S(KW_IKE_SOCKET_BUFSIZE, H_U32, ike_socket_bufsize),
	S(KW_DROP_OPPO_NULL, H_BOOL, drop_oppo_null), S(KW_CRL_STRICT, H_BOOL, crl_strict),
	S(KW_OCSP_STRICT, H_BOOL, ocsp_strict), S(KW_OCSP_ENABLE, H_BOOL, ocsp_enable),
	S(KW_OCSP_URI, H_STR, ocsp_uri), S(KW_OCSP_TRUSTNAME, H_STR, ocsp_trustname),
	S(KW_OCSP_TIMEOUT, H_SECONDS, ocsp_timeout_s), S(KW_OCSP_CACHE_SIZE, H_U32, ocsp_cache_size),
	S(KW_OCSP_CACHE_MIN_AGE, H_SECONDS, ocsp_cache_min_age_s),
	S(KW_OCSP_CACHE_MAX_AGE, H_SECONDS, ocsp_cache_max_age_s),
	S(KW_CRLCHECKINTERVAL, H_SECONDS, crlcheckinterval_s),
	S(KW_CURL_TIMEOUT, H_SECONDS, curl_timeout_s), S(KW_CURL_IFACE, H_STR, curl_iface),
	S(KW_MYVENDORID, H_STR, myvendorid), S(KW_STATSBIN, H_STR, statsbin),
	S(KW_GLOBAL_REDIRECT, H_ENUM, global_redirect),
	S(KW_GLOBAL_REDIRECT_TO, H_STR, global_redirect_to),
	S(KW_IKEV1_POLICY, H_ENUM, ikev1_policy), S(KW_SHUNTLIFETIME, H_SECONDS, shuntlifetime_s),
	S(KW_NFLOG_ALL, H_U32, nflog_all),

	E(KW_IKEPORT, H_PORT, ikeport), E(KW_UPDOWN, H_STR, updown),
	E(KW_SENDCERT, H_ENUM, sendcert), E(KW_CA, H_STR, ca),
	E(KW_XAUTHSERVER, H_BOOL, xauthserver), E(KW_XAUTHCLIENT, H_BOOL, xauthclient),
	E(KW_MODECFGSERVER, H_BOOL, modecfgserver), E(KW_MODECFGCLIENT, H_BOOL, modecfgclient),
	E(KW_USERNAME, H_STR, username), E(KW_AUTH, H_ENUM, auth), E(KW_CAT, H_BOOL, cat),
	E(KW_AUTHEAP, H_ENUM, autheap), E(KW_GROUNDHOG, H_STR, groundhog),

	C(KW_AUTO, H_ENUM, autostart), C(KW_CONNALIAS, H_STR, connalias),
	C(KW_HOSTADDRFAMILY, H_ENUM, hostaddrfamily),
	C(KW_CLIENTADDRFAMILY, H_ENUM, clientaddrfamily), C(KW_TYPE, H_ENUM, type),
	C(KW_PPK_IDS, H_STR, ppk_ids), C(KW_INTERMEDIATE, H_BOOL, intermediate),
	C(KW_ESN, H_ENUM, esn_mode), C(KW_DECAP_DSCP, H_BOOL, decap_dscp),
	C(KW_ENCAP_DSCP, H_BOOL, encap_dscp), C(KW_NOPMTUDISC, H_BOOL, nopmtudisc),
	C(KW_MOBIKE, H_BOOL, mobike), C(KW_NARROWING, H_BOOL, narrowing),
	C(KW_PAM_AUTHORIZE, H_BOOL, pam_authorize), C(KW_SEND_REDIRECT, H_ENUM, send_redirect),
	C(KW_REDIRECT_TO, H_STR, redirect_to), C(KW_ACCEPT_REDIRECT, H_ENUM, accept_redirect),
	C(KW_ACCEPT_REDIRECT_TO, H_STR, accept_redirect_to), C(KW_PFS, H_BOOL, pfs),
	C(KW_NAT_KEEPALIVE, H_BOOL, nat_keepalive), C(KW_INITIAL_CONTACT, H_BOOL, initial_contact),
	C(KW_CISCO_UNITY, H_BOOL, cisco_unity), C(KW_SEND_NO_ESP_TFC, H_BOOL, send_no_esp_tfc),
	C(KW_FAKE_STRONGSWAN, H_BOOL, fake_strongswan), C(KW_SEND_VENDORID, H_BOOL, send_vendorid),
	C(KW_SHA2_TRUNCBUG, H_BOOL, sha2_truncbug), C(KW_MS_DH_DOWNGRADE, H_BOOL, ms_dh_downgrade),
	C(KW_REQUIRE_ID_ON_CERTIFICATE, H_BOOL, require_id_on_certificate),
	C(KW_DNS_MATCH_ID, H_BOOL, dns_match_id), C(KW_IPSEC_MAX_BYTES, H_BYTES, sa_ipsec_max_bytes),
	C(KW_IPSEC_MAX_PACKETS, H_COUNT, sa_ipsec_max_packets),
	C(KW_IPSEC_LIFETIME, H_SECONDS, salifetime_s),
	C(KW_RETRANSMIT_TIMEOUT, H_MILLIS, retransmit_timeout_ms),
	C(KW_RETRANSMIT_INTERVAL, H_MILLIS_PLAIN, retransmit_interval_ms),
	C(KW_IKEPAD, H_BOOL, ikepad), C(KW_NAT_IKEV1_METHOD, H_ENUM, nat_ikev1_method),
	C(KW_SEC_LABEL, H_STR, policy_label), C(KW_NM_CONFIGURED, H_BOOL, nm_configured),
	C(KW_XAUTHBY, H_ENUM, xauthby), C(KW_XAUTHFAIL, H_ENUM, xauthfail),
	C(KW_MODECFGPULL, H_BOOL, modecfgpull), C(KW_MODECFGDNS, H_STR, modecfgdns),
	C(KW_MODECFGDOMAINS, H_STR, modecfgdomains), C(KW_MODECFGBANNER, H_STR, modecfgbanner),
	C(KW_IGNORE_PEER_DNS, H_BOOL, ignore_peer_dns), C(KW_VTI_INTERFACE, H_STR, vti_interface),
	C(KW_VTI_ROUTING, H_BOOL, vti_routing), C(KW_VTI_SHARED, H_BOOL, vti_shared),
	C(KW_ENCAPSULATION, H_ENUM, encapsulation), C(KW_OVERLAPIP, H_BOOL, overlapip),
	C(KW_REAUTH, H_BOOL, reauth), C(KW_REKEY, H_BOOL, rekey),
	C(KW_REKEYMARGIN, H_SECONDS, rekeymargin_s), C(KW_KEYINGTRIES, H_U32, keyingtries),
	C(KW_REPLAY_WINDOW, H_U32, replay_window), C(KW_IKELIFETIME, H_SECONDS, ikelifetime_s),
	C(KW_FAILURESHUNT, H_ENUM, failureshunt), C(KW_NEGOTIATIONSHUNT, H_ENUM, negotiationshunt),
	C(KW_ENABLE_TCP, H_ENUM, enable_tcp), C(KW_TCP_REMOTEPORT, H_PORT, tcp_remoteport),
	C(KW_COMPRESS, H_BOOL, compress), C(KW_METRIC, H_U32, metric),
	C(KW_DPDDELAY, H_SECONDS, dpddelay_s), C(KW_DPDTIMEOUT, H_SECONDS, dpdtimeout_s),
	C(KW_DPDACTION, H_ENUM, dpdaction), C(KW_SENDCA, H_ENUM, sendca), C(KW_MTU, H_U32, mtu),
	C(KW_PRIORITY, H_U32, priority), C(KW_TFC, H_U32, tfc), C(KW_REQID, H_U32, reqid),
	C(KW_NFLOG_GROUP, H_U32, nflog_group), C(KW_AGGRESSIVE, H_BOOL, aggressive),
};
#undef S
#undef E
#undef C

/* Enum fields are stored as int (C enums here are int-sized). */
_Static_assert(sizeof(enum conn_type) == sizeof(int) && sizeof(enum yna) == sizeof(int),
	       "enum fields are int-sized");

static bool store(struct conv *cv, struct kv *kv, const char *v, void *base, struct place pl)
{
	char *field = (char *)base + pl.off;
	const char *why, *s;
	uint64_t x;
	uint16_t port;
	int e;

	switch (pl.how) {
	case H_BOOL:
		return boolean(cv, kv, v, (bool *)field);
	case H_U32:
		return number(cv, kv, v, (uint32_t *)field);
	case H_SECONDS:
		return seconds(cv, kv, v, false, (uint32_t *)field);
	case H_MILLIS:
	case H_MILLIS_PLAIN:
		return millis(cv, kv, v, pl.how == H_MILLIS_PLAIN, (uint32_t *)field);
	case H_ENUM:
		if (!choice(cv, kv, v, &e))
			return false;
		memcpy(field, &e, sizeof(e));
		return true;
	case H_STR:
		s = dup(cv, v);
		memcpy(field, &s, sizeof(s));
		return s != NULL;
	case H_PORT:
		if (val_port(v, &port, &why))
			return bad(cv, kv, v, why);
		memcpy(field, &port, sizeof(port));
		return true;
	case H_BYTES:
	case H_COUNT:
		if (val_iec(v, pl.how == H_BYTES, &x, &why))
			return bad(cv, kv, v, why);
		memcpy(field, &x, sizeof(x));
		return true;
	default:
		return check_type(cv, kv, v);
	}
}

#define CHOICE(field)                                  \
	do {                                           \
		int e_;                                \
		if (!choice(cv, kv, v, &e_))           \
			return false;                  \
		field = e_;                            \
	} while (0)

bool conv_setup_kv(struct conv *cv, struct setup *s, struct kv *kv)
{
	const char *v = kv->value, *why;
	struct ip_addr a;
	int e;

	if (places[kv->kw].where == P_SETUP)
		return store(cv, kv, v, s, places[kv->kw]);
	switch (kv->kw) {
	case KW_PLUTODEBUG:
		return val_plutodebug(v, &s->plutodebug, &why) == 0 || bad(cv, kv, v, why);
	case KW_LISTEN:
		if (ip_addr_parse(v, &a))
			return bad(cv, kv, v, "expected an IP address");
		return (s->listen = dup(cv, v)) != NULL;
	case KW_PROTOSTACK:
		if (strcmp(v, "xfrm") && strcmp(v, "netkey") && strcmp(v, "native"))
			return bad(cv, kv, v, "only the Linux XFRM stack is supported (xfrm, netkey)");
		return (s->protostack = dup(cv, v)) != NULL;
	case KW_OCSP_METHOD:
		if (!choice(cv, kv, v, &e))
			return false;
		s->ocsp_method_post = e == 1;
		return true;
	default:
		return check_type(cv, kv, v);
	}
}

void conv_conn_defaults(struct conn *c, const struct setup *s)
{
	memset(c, 0, sizeof(*c));
	c->type = CONN_TUNNEL;
	c->autostart = AUTO_IGNORE;
	c->ike_version = 2;
	c->pfs = true;
	c->esn_mode = ESN_EITHER;
	c->ikelifetime_s = 8 * 3600;
	c->salifetime_s = 8 * 3600;
	c->sa_ipsec_max_bytes = c->sa_ipsec_max_packets = UINT64_C(1) << 63;
	c->rekeymargin_s = 9 * 60;
	c->rekeyfuzz_pct = 100;
	c->rekey = true;
	c->keyingtries = 0;
	c->retransmit_interval_ms = 500;
	c->retransmit_timeout_ms = 60000;
	c->replay_window = 128;
	c->dpdaction = DPD_HOLD;
	c->encapsulation = YNA_AUTO;
	c->nat_keepalive_s = s->keep_alive_s;
	c->nat_keepalive = true;
	c->fragmentation = YNA_YES;
	c->ppk = PPK_NO;
	c->nic_offload_mode = NIC_OFFLOAD_AUTO;
	c->enable_tcp = YNA_NO;
	c->tcp_remoteport = 4500;
	c->initial_contact = true;
	c->ikepad = true;
	c->metric = 1;
	c->left.sendcert = c->right.sendcert = SENDCERT_IFASKED;
}

static int host(struct conn_end *e, const char *v, struct arena *a, const char **why)
{
	static const struct {
		const char *name;
		enum end_host_kind kind;
		uint8_t family;
		bool group;
	} specials[] = {
		{ "%defaultroute", HOST_DEFAULTROUTE, 0, false },
		{ "%defaultroute6", HOST_DEFAULTROUTE, AF_INET6, false },
		{ "%any", HOST_ANY, 0, false },
		{ "%any4", HOST_ANY, AF_INET, false },
		{ "%any6", HOST_ANY, AF_INET6, false },
		{ "%opportunistic", HOST_OPPORTUNISTIC, 0, false },
		{ "%oppo", HOST_OPPORTUNISTIC, 0, false },
		{ "%opportunisticgroup", HOST_OPPORTUNISTIC, 0, true },
		{ "%oppogroup", HOST_OPPORTUNISTIC, 0, true },
		{ "%group", HOST_GROUP, 0, true },
	};

	for (unsigned i = 0; i < sizeof(specials) / sizeof(specials[0]); i++)
		if (strcasecmp(v, specials[i].name) == 0) {
			e->host_kind = specials[i].kind;
			e->host_family = specials[i].family;
			e->group = specials[i].group;
			return 0;
		}
	if (v[0] == '%') {
		/* %eth0: that interface's address */
		if (!v[1] || strpbrk(v + 1, "%/ ")) {
			*why = "expected an address, a DNS name, %defaultroute, %any, %any4, %any6, %group, %opportunistic, %opportunisticgroup or %INTERFACE";
			return -EINVAL;
		}
		e->host_kind = HOST_IFACE;
		e->host_dns = arena_strdup(a, v + 1);
		return e->host_dns ? 0 : -ENOMEM;
	}
	if (ip_addr_parse(v, &e->host) == 0) {
		e->host_kind = HOST_ADDR;
		return 0;
	}
	if (strspn(v, "0123456789.") == strlen(v) || strchr(v, ':')) {
		*why = "not a valid IP address";
		return -EINVAL;
	}
	for (const char *p = v; *p; p++)
		if (!(*p >= 'a' && *p <= 'z') && !(*p >= 'A' && *p <= 'Z') &&
		    !(*p >= '0' && *p <= '9') && *p != '-' && *p != '.' && *p != '_') {
			*why = "not an IP address or DNS name";
			return -EINVAL;
		}
	e->host_kind = HOST_DNS;
	e->host_dns = arena_strdup(a, v);
	return e->host_dns ? 0 : -ENOMEM;
}

_Static_assert(KW_ECDSAKEY == KW_RSASIGKEY + 1 && KW_EDDSAKEY == KW_RSASIGKEY + 2 &&
		       KW_PUBKEY == KW_RSASIGKEY + 3, "public key keywords: conv.pubkey[][] order");

/* An RFC 3110 RSA key: exponent length, exponent, modulus. */
static bool rfc3110_ok(const uint8_t *k, size_t n)
{
	size_t elen, off;

	if (n < 3)
		return false;
	if (k[0]) {
		elen = k[0];
		off = 1;
	} else {
		elen = (size_t)k[1] << 8 | k[2];
		off = 3;
	}
	return elen > 0 && off + elen < n;
}

static bool pubkey(struct conv *cv, struct kv *kv, struct conn_end *e, const char *v)
{
	uint8_t *bytes;
	size_t n;
	const char *why;
	int r;

	if (strcmp(v, "%cert") == 0) {
		e->rsasigkey_from_cert = true;
		return true;
	}
	if (strcmp(v, "%dns") == 0 || strcmp(v, "%dnsondemand") == 0) {
		e->key_from_dns = true;
		return true;
	}
	if (v[0] != '0' || (v[1] != 's' && v[1] != 'S' && v[1] != 'x' && v[1] != 'X'))
		return bad(cv, kv, v, "expected %cert, %dnsondemand, or a key as 0s<base64> or 0x<hex>");
	n = strlen(v);
	if (data_decode(v, n, DATA_AUTO, NULL, 0, &n, &why))
		return bad(cv, kv, v, why);
	bytes = arena_alloc(cv->a, n);
	if (!bytes)
		return oom(cv);
	r = data_decode(v, strlen(v), DATA_AUTO, bytes, n, &n, &why);
	if (r)
		return bad(cv, kv, v, why);
	switch (kv->kw) {
	case KW_RSASIGKEY:
		if (!rfc3110_ok(bytes, n))
			return bad(cv, kv, v, "not an RFC 3110 RSA public key");
		e->rsasigkey = bytes;
		e->rsasigkey_len = n;
		break;
	case KW_ECDSAKEY:
		e->ecdsakey = bytes;
		e->ecdsakey_len = n;
		break;
	case KW_PUBKEY:
		e->pubkey = bytes;
		e->pubkey_len = n;
		break;
	default:
		break; /* eddsakey: checked, not used */
	}
	return true;
}

static bool conn_end_kv(struct conv *cv, struct conn *c, struct kv *kv, const char *v)
{
	struct conn_end *e = kv->side == 2 ? &c->right : &c->left;
	int s = kv->side == 2 ? 1 : 0;
	const char *why;
	uint8_t *bytes;
	size_t n;
	unsigned hb;
	int r;

	if (places[kv->kw].where == P_END)
		return store(cv, kv, v, e, places[kv->kw]);
	switch (kv->kw) {
	case KW_HOST:
		r = host(e, v, cv->a, &why);
		return r == 0 || (r == -ENOMEM ? oom(cv) : bad(cv, kv, v, why));
	case KW_SUBNET:
		cv->subnet[s] = kv;
		if (strncmp(v, "vhost:", 6) == 0 || strncmp(v, "vnet:", 5) == 0)
			return (e->virt = dup(cv, v)) != NULL;
		e->n_subnets = 0;
		/* fall through */
	case KW_SUBNETS:
		if (!cv->subnet[s])
			cv->subnet[s] = kv;
		if (val_subnets(v, e->subnets, CONN_MAX_SUBNETS, &e->n_subnets, &hb, &why))
			return bad(cv, kv, v, why);
		if (hb && !kv->reported) {
			char key[64];
			diag_warning(cv->d, kv->file, kv->line,
				     "%s=%s has host bits set; using the network address",
				     conv_key_name(key, sizeof(key), kv->kw, kv->side), v);
			kv->reported = true;
		}
		return true;
	case KW_SOURCEIP:
		if (ip_addr_parse(v, &e->sourceip))
			return bad(cv, kv, v, "expected an IP address");
		return true;
	case KW_NEXTHOP:
		if (strcmp(v, "%defaultroute") == 0) {
			e->nexthop_defaultroute = true;
			return true;
		}
		if (strcmp(v, "%direct") == 0)
			return true;
		if (ip_addr_parse(v, &e->nexthop))
			return bad(cv, kv, v, "expected an IP address, %defaultroute or %direct");
		return true;
	case KW_INTERFACE_IP:
		return val_cidr(v, &e->interface_ip, &why) == 0 || bad(cv, kv, v, why);
	case KW_VTI: {
		struct ip_subnet sn;
		if (val_cidr(v, &sn, &why))
			return bad(cv, kv, v, why);
		e->vti_ip = sn.addr;
		e->vti_prefix = sn.prefix;
		return true;
	}
	case KW_ID: {
		char *text = arena_strdup(cv->a, v), *cc;
		if (!text)
			return oom(cv);
		/* Libreswan: ",," in a DN is an escaped comma */
		if (text[0] != '@' && strchr(text, '='))
			while ((cc = strstr(text, ",,")))
				cc[0] = '\\';
		r = id_parse(text, &e->id, cv->a, &why);
		return r == 0 || (r == -ENOMEM ? oom(cv) : bad(cv, kv, v, why));
	}
	case KW_RSASIGKEY:
	case KW_ECDSAKEY:
	case KW_EDDSAKEY:
	case KW_PUBKEY:
		cv->pubkey[s][kv->kw - KW_RSASIGKEY] = kv;
		return pubkey(cv, kv, e, v);
	case KW_CERT:
		cv->cert[s] = kv;
		return (e->cert = dup(cv, v)) != NULL;
	case KW_CKAID:
		cv->ckaid[s] = kv;
		n = strlen(v);
		if (data_decode(v, n, DATA_HEX, NULL, 0, &n, &why))
			return bad(cv, kv, v, why);
		bytes = arena_alloc(cv->a, n);
		if (!bytes)
			return oom(cv);
		data_decode(v, strlen(v), DATA_HEX, bytes, n, &n, &why);
		e->ckaid = bytes;
		e->ckaid_len = n;
		return true;
	case KW_ADDRESSPOOL:
		cv->addresspool[s] = kv;
		if (val_range(v, &e->pool_start, &e->pool_end, &why))
			return bad(cv, kv, v, why);
		return (e->addresspool = dup(cv, v)) != NULL;
	case KW_PROTOPORT:
		return val_protoport(v, &e->protocol, &e->port, &e->port_any, &why) == 0 ||
		       bad(cv, kv, v, why);
	default:
		return check_type(cv, kv, v);
	}
}

static bool mark(struct conv *cv, struct kv *kv, const char *v, uint32_t *value,
		 uint32_t *mask, bool *unique)
{
	const char *why;
	return val_mark(v, value, mask, unique, &why) == 0 || bad(cv, kv, v, why);
}

bool conv_conn_kv(struct conv *cv, struct conn *c, struct kv *kv, const char *v)
{
	const char *why;
	uint32_t u;
	bool b;
	int e;

	if (kw_table[kv->kw].flags & KWF_LR)
		return conn_end_kv(cv, c, kv, v);
	if (places[kv->kw].where == P_CONN)
		return store(cv, kv, v, c, places[kv->kw]);
	switch (kv->kw) {
	case KW_IKE: cv->ike = kv; return true;
	case KW_ESP: cv->esp = kv; return true;
	case KW_PHASE2:
		if (!choice(cv, kv, v, &e))
			return false;
		c->ah = cv->phase2_ah = e == 1;
		return true;
	case KW_AUTHBY:
		cv->authby = kv;
		return val_authby(v, &c->authby_bits, &c->sighash_bits, &c->authby, &why) == 0 ||
		       bad(cv, kv, v, why);
	case KW_KEYEXCHANGE:
		cv->keyexchange = kv;
		return choice(cv, kv, v, &cv->keyexchange_value);
	case KW_IKEV2:
		cv->ikev2 = kv;
		CHOICE(c->ikev2);
		return true;
	case KW_PPK:
		if (!choice(cv, kv, v, &e))
			return false;
		c->ppk = e == IKEV2_INSIST ? PPK_INSIST : e == IKEV2_NEVER ? PPK_NO : PPK_PROPOSE;
		return true;
	case KW_FRAGMENTATION:
		if (!choice(cv, kv, v, &e))
			return false;
		c->fragmentation = e == YNA_NO ? YNA_NO : YNA_YES;
		c->fragmentation_force = e == YNA_AUTO;
		return true;
	case KW_REMOTE_PEER_TYPE:
		if (!choice(cv, kv, v, &e))
			return false;
		c->remote_peer_cisco = true;
		return true;
	case KW_MARK: return mark(cv, kv, v, &c->mark, &c->mark_mask, &c->mark_unique);
	case KW_MARK_IN: return mark(cv, kv, v, &c->mark_in, &c->mark_in_mask, &c->mark_in_unique);
	case KW_MARK_OUT:
		return mark(cv, kv, v, &c->mark_out, &c->mark_out_mask, &c->mark_out_unique);
	case KW_IPSEC_INTERFACE:
		if (val_bool(v, &b, &why) == 0) {
			c->ipsec_interface = b ? 1 : 0;
			return true;
		}
		if (val_u32(v, &u, &why) || u == 0 || u == UINT32_MAX)
			return bad(cv, kv, v, "expected yes, no or an interface number from 1");
		c->ipsec_interface = u;
		return true;
	case KW_NIC_OFFLOAD: {
		static const struct kw_value modes[] = {
			{ "no", NIC_OFFLOAD_NO }, { "yes", NIC_OFFLOAD_CRYPTO },
			{ "auto", NIC_OFFLOAD_AUTO }, { "crypto", NIC_OFFLOAD_CRYPTO },
			{ "packet", NIC_OFFLOAD_PACKET }, { NULL, 0 },
		};
		if (!kw_enum_value(modes, v, &e))
			return bad(cv, kv, v, "expected one of: yes no auto crypto packet");
		c->nic_offload_mode = e;
		return true;
	}
	case KW_REKEYFUZZ:
		return val_percent(v, &c->rekeyfuzz_pct, &why) == 0 || bad(cv, kv, v, why);
	default:
		return check_type(cv, kv, v);
	}
}

static bool conn_error(struct conv *cv, const struct conn *c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static bool conn_error(struct conv *cv, const struct conn *c, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_error(cv->d, c->file, c->line, "conn '%s': %s", c->name, msg);
	cv->failed = true;
	return false;
}

static const char *family_name(uint8_t af)
{
	return af == AF_INET ? "IPv4" : af == AF_INET6 ? "IPv6" : "?";
}

static bool proposals(struct conv *cv, struct conn *c)
{
	char err[256];
	int r;

	if (cv->ike) {
		r = c->ike_version == 1 ? proposal_parse_ikev1(cv->ike->value, false, &c->ike, err, sizeof(err))
					: proposal_parse(cv->ike->value, false, &c->ike, err, sizeof(err));
		if (r)
			bad(cv, cv->ike, cv->ike->value, err);
	} else if (c->ike_version == 1) {
		proposal_defaults_ikev1(false, &c->ike);
	} else {
		proposal_defaults(false, &c->ike);
	}
	if (cv->esp) {
		if (cv->phase2_ah)
			r = proposal_parse_ah(cv->esp->value, &c->esp, err, sizeof(err));
		else if (c->ike_version == 1)
			r = proposal_parse_ikev1(cv->esp->value, true, &c->esp, err, sizeof(err));
		else
			r = proposal_parse(cv->esp->value, true, &c->esp, err, sizeof(err));
		if (r)
			bad(cv, cv->esp, cv->esp->value, err);
	} else if (cv->phase2_ah) {
		proposal_defaults_ah(&c->esp);
	} else if (c->ike_version == 1) {
		proposal_defaults_ikev1(true, &c->esp);
	} else {
		proposal_defaults(true, &c->esp);
	}
	return !cv->failed;
}

static bool end_checks(struct conv *cv, struct conn *c, int s)
{
	struct conn_end *e = s ? &c->right : &c->left;
	const char *lr = s ? "right" : "left";
	const char *keys[4] = { "rsasigkey", "ecdsakey", "eddsakey", "pubkey" };
	int first = -1;

	for (int k = 0; k < 4; k++) {
		if (!cv->pubkey[s][k])
			continue;
		if (first >= 0)
			return conn_error(cv, c, "duplicate public key (%s%s= and %s%s=)", lr,
					  keys[first], lr, keys[k]);
		first = k;
	}
	if (cv->cert[s] && cv->ckaid[s])
		return conn_error(cv, c, "only one of %scert and %sckaid can be specified", lr, lr);
	if ((e->n_subnets || e->virt) && cv->addresspool[s])
		return conn_error(cv, c, "cannot specify both %ssubnet= and %saddresspool=", lr, lr);
	if (e->virt && c->ike_version != 1)
		return conn_error(cv, c, "the vnet: and vhost: forms of %ssubnet= are only valid for IKEv1 connections", lr);
	for (unsigned i = 1; i < e->n_subnets; i++)
		if (e->subnets[i].addr.family != e->subnets[0].addr.family)
			return conn_error(cv, c, "%ssubnets mix IPv4 and IPv6", lr);
	if (e->host_kind == HOST_DEFAULTROUTE && !e->nexthop.family)
		e->nexthop_defaultroute = true;
	return true;
}

/* Checks Libreswan makes when a conn is added (connections.c), so that
 * "ipsec addconn --checkconfig" reports them. */
static bool family_checks(struct conv *cv, struct conn *c)
{
	const struct conn_end *l = &c->left, *r = &c->right;
	char a[IP_STR_MAX], b[IP_STR_MAX];

	if (l->host_kind == HOST_ADDR && r->host_kind == HOST_ADDR &&
	    l->host.family != r->host.family)
		return conn_error(cv, c, "host address family %s of left=%s conflicts with right=%s",
				  family_name(l->host.family), ip_addr_str(&l->host, a, sizeof(a)),
				  ip_addr_str(&r->host, b, sizeof(b)));
	for (int s = 0; s < 2; s++) {
		const struct conn_end *e = s ? r : l;
		if (c->hostaddrfamily && e->host_kind == HOST_ADDR && e->host.family != c->hostaddrfamily)
			return conn_error(cv, c, "hostaddrfamily=%s conflicts with %s=%s",
					  family_name(c->hostaddrfamily), s ? "right" : "left",
					  ip_addr_str(&e->host, a, sizeof(a)));
	}
	if (l->n_subnets && r->n_subnets &&
	    l->subnets[0].addr.family != r->subnets[0].addr.family)
		return conn_error(cv, c,
				  "client address family %s from leftsubnet=%s conflicts with rightsubnet=%s",
				  family_name(l->subnets[0].addr.family),
				  ip_subnet_str(&l->subnets[0], a, sizeof(a)),
				  ip_subnet_str(&r->subnets[0], b, sizeof(b)));
	for (int s = 0; s < 2; s++) {
		const struct conn_end *with = s ? r : l, *without = s ? l : r;
		if (with->n_subnets && !without->n_subnets && without->host_kind == HOST_ADDR &&
		    without->host.family != with->subnets[0].addr.family)
			return conn_error(cv, c, "host protocol %s conflicts with client protocol %s",
					  family_name(without->host.family),
					  family_name(with->subnets[0].addr.family));
	}
	return true;
}

static bool lifetimes(struct conv *cv, struct conn *c)
{
	if (c->type == CONN_PASSTHROUGH || c->type == CONN_DROP || c->type == CONN_REJECT)
		return true;
	if (c->ikelifetime_s == 0 || c->ikelifetime_s > IKE_LIFETIME_MAX_S) {
		diag_warning(cv->d, c->file, c->line,
			     "conn '%s': IKE lifetime set to the maximum allowed %ds", c->name,
			     IKE_LIFETIME_MAX_S);
		c->ikelifetime_s = IKE_LIFETIME_MAX_S;
	}
	if (c->salifetime_s == 0 || c->salifetime_s > IPSEC_LIFETIME_MAX_S) {
		diag_warning(cv->d, c->file, c->line,
			     "conn '%s': IPsec lifetime set to the maximum allowed %ds", c->name,
			     IPSEC_LIFETIME_MAX_S);
		c->salifetime_s = IPSEC_LIFETIME_MAX_S;
	}
	if (c->rekeymargin_s >= c->salifetime_s) {
		uint32_t half = c->salifetime_s / 2;
		diag_warning(cv->d, c->file, c->line,
			     "conn '%s': rekeymargin (%us) >= salifetime (%us); reducing rekeymargin to %u seconds",
			     c->name, c->rekeymargin_s, c->salifetime_s, half);
		c->rekeymargin_s = half;
	}
	return true;
}

bool conv_conn_finish(struct conv *cv, struct conn *c)
{
	bool v1_by_ikev2 = cv->ikev2 && (c->ikev2 == IKEV2_NEVER || c->ikev2 == IKEV2_PERMIT);
	bool never_negotiate = c->type == CONN_PASSTHROUGH || c->type == CONN_DROP ||
			       c->type == CONN_REJECT;

	if (cv->keyexchange && cv->ikev2 && ((cv->keyexchange_value == 1 && !v1_by_ikev2) ||
					     (cv->keyexchange_value == 2 && v1_by_ikev2)))
		return conn_error(cv, c, "keyexchange=%s conflicts with ikev2=%s",
				  cv->keyexchange->value, cv->ikev2->value);
	c->ike_version = v1_by_ikev2 || (cv->keyexchange && cv->keyexchange_value == 1) ? 1 : 2;
	if (!cv->ikev2)
		c->ikev2 = c->ike_version == 1 ? IKEV2_NEVER : IKEV2_INSIST;

	if (never_negotiate) {
		c->authby = AUTH_NEVER;
		c->authby_bits = AUTHBY_BIT_NEVER;
		c->sighash_bits = 0;
	} else if (!cv->authby) {
		/* Libreswan's AUTHBY_DEFAULTS */
		c->authby = AUTH_RSASIG;
		c->authby_bits = AUTHBY_BIT_RSASIG | AUTHBY_BIT_RSASIG_V1_5 | AUTHBY_BIT_ECDSA;
		c->sighash_bits = SIGHASH_SHA2_256 | SIGHASH_SHA2_384 | SIGHASH_SHA2_512;
	} else if (c->ike_version == 1 &&
		   (c->authby_bits & ~(unsigned)(AUTHBY_BIT_PSK | AUTHBY_BIT_RSASIG |
						 AUTHBY_BIT_RSASIG_V1_5 | AUTHBY_BIT_NEVER))) {
		bad(cv, cv->authby, cv->authby->value,
		    "an IKEv1 connection must use authby= of rsasig, secret or never");
	}
	c->authby_rsa_sha1 = (c->authby_bits & AUTHBY_BIT_RSASIG_V1_5) != 0;
	c->esn = c->esn_mode == ESN_YES;
	c->nic_offload = c->nic_offload_mode == NIC_OFFLOAD_CRYPTO ||
			 c->nic_offload_mode == NIC_OFFLOAD_PACKET;

	if (!proposals(cv, c))
		return false;
	for (int s = 0; s < 2; s++)
		if (!end_checks(cv, c, s))
			return false;
	if (!family_checks(cv, c))
		return false;
	return lifetimes(cv, c) && !cv->failed;
}
