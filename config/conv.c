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
		if (!kw_enum_value(kw_table[kv->kw].values, v, &e))
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

	if (kw_enum_value(kw_table[kv->kw].values, v, out))
		return true;
	for (const struct kw_value *x = kw_table[kv->kw].values; x->name; x++) {
		size_t l = strlen(msg);
		snprintf(msg + l, sizeof(msg) - l, " %s", x->name);
	}
	return bad(cv, kv, v, msg);
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
	int e;

	switch (kv->kw) {
	case KW_LOGFILE: return (s->logfile = dup(cv, v)) != NULL;
	case KW_LOGTIME: return boolean(cv, kv, v, &s->logtime);
	case KW_LOGAPPEND: return boolean(cv, kv, v, &s->logappend);
	case KW_LOGIP: return boolean(cv, kv, v, &s->logip);
	case KW_AUDIT_LOG: return boolean(cv, kv, v, &s->audit_log);
	case KW_PLUTODEBUG:
		return val_plutodebug(v, &s->plutodebug, &why) == 0 || bad(cv, kv, v, why);
	case KW_LISTEN: {
		struct ip_addr a;
		if (ip_addr_parse(v, &a))
			return bad(cv, kv, v, "expected an IP address");
		return (s->listen = dup(cv, v)) != NULL;
	}
	case KW_LISTEN_TCP: return boolean(cv, kv, v, &s->listen_tcp);
	case KW_LISTEN_UDP: return boolean(cv, kv, v, &s->listen_udp);
	case KW_KEEP_ALIVE: return seconds(cv, kv, v, false, &s->keep_alive_s);
	case KW_VIRTUAL_PRIVATE: return (s->virtual_private = dup(cv, v)) != NULL;
	case KW_IPSECDIR: return (s->ipsecdir = dup(cv, v)) != NULL;
	case KW_SECRETSFILE: return (s->secretsfile = dup(cv, v)) != NULL;
	case KW_NSSDIR: return (s->nssdir = dup(cv, v)) != NULL;
	case KW_DUMPDIR: return (s->dumpdir = dup(cv, v)) != NULL;
	case KW_UNIQUEIDS: return boolean(cv, kv, v, &s->uniqueids);
	case KW_DNSSEC_ENABLE: return boolean(cv, kv, v, &s->dnssec_enable);
	case KW_DNSSEC_ROOTKEY_FILE: return (s->dnssec_rootkey_file = dup(cv, v)) != NULL;
	case KW_DNSSEC_ANCHORS: return (s->dnssec_anchors = dup(cv, v)) != NULL;
	case KW_DDOS_IKE_THRESHOLD: return number(cv, kv, v, &s->ddos_ike_threshold);
	case KW_MAX_HALFOPEN_IKE: return number(cv, kv, v, &s->max_halfopen_ike);
	case KW_DDOS_MODE: CHOICE(s->ddos_mode); return true;
	case KW_PROTOSTACK:
		if (strcmp(v, "xfrm") && strcmp(v, "netkey") && strcmp(v, "native"))
			return bad(cv, kv, v, "only the Linux XFRM stack is supported (xfrm, netkey)");
		return (s->protostack = dup(cv, v)) != NULL;
	case KW_SEEDBITS: return number(cv, kv, v, &s->seedbits);
	case KW_NHELPERS: return number(cv, kv, v, &s->nhelpers);
	case KW_FIPS: return boolean(cv, kv, v, &s->fips);
	case KW_IKE_SOCKET_ERRQUEUE: return boolean(cv, kv, v, &s->ike_socket_errqueue);
	case KW_IKE_SOCKET_BUFSIZE: return number(cv, kv, v, &s->ike_socket_bufsize);
	case KW_DROP_OPPO_NULL: return boolean(cv, kv, v, &s->drop_oppo_null);
	case KW_CRL_STRICT: return boolean(cv, kv, v, &s->crl_strict);
	case KW_OCSP_STRICT: return boolean(cv, kv, v, &s->ocsp_strict);
	case KW_OCSP_ENABLE: return boolean(cv, kv, v, &s->ocsp_enable);
	case KW_OCSP_URI: return (s->ocsp_uri = dup(cv, v)) != NULL;
	case KW_OCSP_TRUSTNAME: return (s->ocsp_trustname = dup(cv, v)) != NULL;
	case KW_OCSP_TIMEOUT: return seconds(cv, kv, v, false, &s->ocsp_timeout_s);
	case KW_OCSP_CACHE_SIZE: return number(cv, kv, v, &s->ocsp_cache_size);
	case KW_OCSP_CACHE_MIN_AGE: return seconds(cv, kv, v, false, &s->ocsp_cache_min_age_s);
	case KW_OCSP_CACHE_MAX_AGE: return seconds(cv, kv, v, false, &s->ocsp_cache_max_age_s);
	case KW_OCSP_METHOD:
		if (!choice(cv, kv, v, &e))
			return false;
		s->ocsp_method_post = e == 1;
		return true;
	case KW_CRLCHECKINTERVAL: return seconds(cv, kv, v, false, &s->crlcheckinterval_s);
	case KW_CURL_TIMEOUT: return seconds(cv, kv, v, false, &s->curl_timeout_s);
	case KW_CURL_IFACE: return (s->curl_iface = dup(cv, v)) != NULL;
	case KW_MYVENDORID: return (s->myvendorid = dup(cv, v)) != NULL;
	case KW_STATSBIN: return (s->statsbin = dup(cv, v)) != NULL;
	case KW_GLOBAL_REDIRECT: CHOICE(s->global_redirect); return true;
	case KW_GLOBAL_REDIRECT_TO: return (s->global_redirect_to = dup(cv, v)) != NULL;
	case KW_IKEV1_POLICY: CHOICE(s->ikev1_policy); return true;
	case KW_SHUNTLIFETIME: return seconds(cv, kv, v, false, &s->shuntlifetime_s);
	case KW_NFLOG_ALL: return number(cv, kv, v, &s->nflog_all);
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
	case KW_IKEPORT:
		return val_port(v, &e->ikeport, &why) == 0 || bad(cv, kv, v, why);
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
	case KW_UPDOWN: return (e->updown = dup(cv, v)) != NULL;
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
	case KW_SENDCERT: CHOICE(e->sendcert); return true;
	case KW_CA: return (e->ca = dup(cv, v)) != NULL;
	case KW_XAUTHSERVER: return boolean(cv, kv, v, &e->xauthserver);
	case KW_XAUTHCLIENT: return boolean(cv, kv, v, &e->xauthclient);
	case KW_MODECFGSERVER: return boolean(cv, kv, v, &e->modecfgserver);
	case KW_MODECFGCLIENT: return boolean(cv, kv, v, &e->modecfgclient);
	case KW_USERNAME: return (e->username = dup(cv, v)) != NULL;
	case KW_ADDRESSPOOL:
		cv->addresspool[s] = kv;
		if (val_range(v, &e->pool_start, &e->pool_end, &why))
			return bad(cv, kv, v, why);
		return (e->addresspool = dup(cv, v)) != NULL;
	case KW_AUTH: CHOICE(e->auth); return true;
	case KW_CAT: return boolean(cv, kv, v, &e->cat);
	case KW_PROTOPORT:
		return val_protoport(v, &e->protocol, &e->port, &e->port_any, &why) == 0 ||
		       bad(cv, kv, v, why);
	case KW_AUTHEAP: CHOICE(e->autheap); return true;
	case KW_GROUNDHOG: return (e->groundhog = dup(cv, v)) != NULL;
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
	switch (kv->kw) {
	case KW_AUTO: CHOICE(c->autostart); return true;
	case KW_CONNALIAS: return (c->connalias = dup(cv, v)) != NULL;
	case KW_IKE: cv->ike = kv; return true;
	case KW_ESP: cv->esp = kv; return true;
	case KW_PHASE2:
		if (!choice(cv, kv, v, &e))
			return false;
		c->ah = cv->phase2_ah = e == 1;
		return true;
	case KW_HOSTADDRFAMILY: CHOICE(c->hostaddrfamily); return true;
	case KW_CLIENTADDRFAMILY: CHOICE(c->clientaddrfamily); return true;
	case KW_TYPE: CHOICE(c->type); return true;
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
	case KW_PPK_IDS: return (c->ppk_ids = dup(cv, v)) != NULL;
	case KW_INTERMEDIATE: return boolean(cv, kv, v, &c->intermediate);
	case KW_ESN: CHOICE(c->esn_mode); return true;
	case KW_DECAP_DSCP: return boolean(cv, kv, v, &c->decap_dscp);
	case KW_ENCAP_DSCP: return boolean(cv, kv, v, &c->encap_dscp);
	case KW_NOPMTUDISC: return boolean(cv, kv, v, &c->nopmtudisc);
	case KW_FRAGMENTATION:
		if (!choice(cv, kv, v, &e))
			return false;
		c->fragmentation = e == YNA_NO ? YNA_NO : YNA_YES;
		c->fragmentation_force = e == YNA_AUTO;
		return true;
	case KW_MOBIKE: return boolean(cv, kv, v, &c->mobike);
	case KW_NARROWING: return boolean(cv, kv, v, &c->narrowing);
	case KW_PAM_AUTHORIZE: return boolean(cv, kv, v, &c->pam_authorize);
	case KW_SEND_REDIRECT: CHOICE(c->send_redirect); return true;
	case KW_REDIRECT_TO: return (c->redirect_to = dup(cv, v)) != NULL;
	case KW_ACCEPT_REDIRECT: CHOICE(c->accept_redirect); return true;
	case KW_ACCEPT_REDIRECT_TO: return (c->accept_redirect_to = dup(cv, v)) != NULL;
	case KW_PFS: return boolean(cv, kv, v, &c->pfs);
	case KW_NAT_KEEPALIVE: return boolean(cv, kv, v, &c->nat_keepalive);
	case KW_INITIAL_CONTACT: return boolean(cv, kv, v, &c->initial_contact);
	case KW_CISCO_UNITY: return boolean(cv, kv, v, &c->cisco_unity);
	case KW_SEND_NO_ESP_TFC: return boolean(cv, kv, v, &c->send_no_esp_tfc);
	case KW_FAKE_STRONGSWAN: return boolean(cv, kv, v, &c->fake_strongswan);
	case KW_SEND_VENDORID: return boolean(cv, kv, v, &c->send_vendorid);
	case KW_SHA2_TRUNCBUG: return boolean(cv, kv, v, &c->sha2_truncbug);
	case KW_MS_DH_DOWNGRADE: return boolean(cv, kv, v, &c->ms_dh_downgrade);
	case KW_REQUIRE_ID_ON_CERTIFICATE: return boolean(cv, kv, v, &c->require_id_on_certificate);
	case KW_DNS_MATCH_ID: return boolean(cv, kv, v, &c->dns_match_id);
	case KW_IPSEC_MAX_BYTES:
		return val_iec(v, true, &c->sa_ipsec_max_bytes, &why) == 0 || bad(cv, kv, v, why);
	case KW_IPSEC_MAX_PACKETS:
		return val_iec(v, false, &c->sa_ipsec_max_packets, &why) == 0 || bad(cv, kv, v, why);
	case KW_IPSEC_LIFETIME: return seconds(cv, kv, v, false, &c->salifetime_s);
	case KW_RETRANSMIT_TIMEOUT: return millis(cv, kv, v, false, &c->retransmit_timeout_ms);
	case KW_RETRANSMIT_INTERVAL: return millis(cv, kv, v, true, &c->retransmit_interval_ms);
	case KW_IKEPAD: return boolean(cv, kv, v, &c->ikepad);
	case KW_NAT_IKEV1_METHOD: CHOICE(c->nat_ikev1_method); return true;
	case KW_SEC_LABEL: return (c->policy_label = dup(cv, v)) != NULL;
	case KW_REMOTE_PEER_TYPE:
		if (!choice(cv, kv, v, &e))
			return false;
		c->remote_peer_cisco = true;
		return true;
	case KW_NM_CONFIGURED: return boolean(cv, kv, v, &c->nm_configured);
	case KW_XAUTHBY: CHOICE(c->xauthby); return true;
	case KW_XAUTHFAIL: CHOICE(c->xauthfail); return true;
	case KW_MODECFGPULL: return boolean(cv, kv, v, &c->modecfgpull);
	case KW_MODECFGDNS: return (c->modecfgdns = dup(cv, v)) != NULL;
	case KW_MODECFGDOMAINS: return (c->modecfgdomains = dup(cv, v)) != NULL;
	case KW_MODECFGBANNER: return (c->modecfgbanner = dup(cv, v)) != NULL;
	case KW_IGNORE_PEER_DNS: return boolean(cv, kv, v, &c->ignore_peer_dns);
	case KW_MARK: return mark(cv, kv, v, &c->mark, &c->mark_mask, &c->mark_unique);
	case KW_MARK_IN: return mark(cv, kv, v, &c->mark_in, &c->mark_in_mask, &c->mark_in_unique);
	case KW_MARK_OUT:
		return mark(cv, kv, v, &c->mark_out, &c->mark_out_mask, &c->mark_out_unique);
	case KW_VTI_INTERFACE: return (c->vti_interface = dup(cv, v)) != NULL;
	case KW_VTI_ROUTING: return boolean(cv, kv, v, &c->vti_routing);
	case KW_VTI_SHARED: return boolean(cv, kv, v, &c->vti_shared);
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
	case KW_ENCAPSULATION: CHOICE(c->encapsulation); return true;
	case KW_OVERLAPIP: return boolean(cv, kv, v, &c->overlapip);
	case KW_REAUTH: return boolean(cv, kv, v, &c->reauth);
	case KW_REKEY: return boolean(cv, kv, v, &c->rekey);
	case KW_REKEYMARGIN: return seconds(cv, kv, v, false, &c->rekeymargin_s);
	case KW_REKEYFUZZ:
		return val_percent(v, &c->rekeyfuzz_pct, &why) == 0 || bad(cv, kv, v, why);
	case KW_KEYINGTRIES: return number(cv, kv, v, &c->keyingtries);
	case KW_REPLAY_WINDOW: return number(cv, kv, v, &c->replay_window);
	case KW_IKELIFETIME: return seconds(cv, kv, v, false, &c->ikelifetime_s);
	case KW_FAILURESHUNT: CHOICE(c->failureshunt); return true;
	case KW_NEGOTIATIONSHUNT: CHOICE(c->negotiationshunt); return true;
	case KW_ENABLE_TCP: CHOICE(c->enable_tcp); return true;
	case KW_TCP_REMOTEPORT:
		return val_port(v, &c->tcp_remoteport, &why) == 0 || bad(cv, kv, v, why);
	case KW_COMPRESS: return boolean(cv, kv, v, &c->compress);
	case KW_METRIC: return number(cv, kv, v, &c->metric);
	case KW_DPDDELAY: return seconds(cv, kv, v, false, &c->dpddelay_s);
	case KW_DPDTIMEOUT: return seconds(cv, kv, v, false, &c->dpdtimeout_s);
	case KW_DPDACTION: CHOICE(c->dpdaction); return true;
	case KW_SENDCA: CHOICE(c->sendca); return true;
	case KW_MTU: return number(cv, kv, v, &c->mtu);
	case KW_PRIORITY: return number(cv, kv, v, &c->priority);
	case KW_TFC: return number(cv, kv, v, &c->tfc);
	case KW_REQID: return number(cv, kv, v, &c->reqid);
	case KW_NFLOG_GROUP: return number(cv, kv, v, &c->nflog_group);
	case KW_AGGRESSIVE: return boolean(cv, kv, v, &c->aggressive);
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
