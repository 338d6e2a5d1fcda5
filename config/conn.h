/* What the configuration reader produces: plain, typed, immutable data.
 * One struct conn per "conn" section after include, %default and also= are
 * resolved; one struct setup for "config setup". core/ reads these and never
 * re-parses text. Owned by config/; core may add fields here when a feature needs
 * one, with the keyword's parser beside it in config/. */
#ifndef CONFIG_CONN_H
#define CONFIG_CONN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/ip.h"
#include "config/proposal.h"

enum end_host_kind {
	HOST_UNSET = 0,
	HOST_ADDR,          /* a literal address (or a resolved DNS name) */
	HOST_ANY,           /* %any / %any6: a template's peer */
	HOST_DEFAULTROUTE,  /* %defaultroute: the address of the default route */
	HOST_OPPORTUNISTIC, /* %opportunistic / %opportunisticgroup */
	HOST_GROUP,         /* %group: a policy-group template */
	HOST_DNS,           /* a name left to resolve at load time (host_dns holds it) */
	HOST_IFACE,         /* left=%eth0: that interface's address (host_dns holds "eth0") */
};

enum id_kind {
	ID_NONE = 0,      /* not set: defaults to the host address */
	ID_IPV4_ADDR = 1, /* IKEv2 ID types (RFC 7296 3.5) */
	ID_FQDN = 2,      /* @name */
	ID_RFC822 = 3,    /* user@name */
	ID_IPV6_ADDR = 5,
	ID_DER_ASN1_DN = 9,
	ID_KEY_ID = 11,   /* @#hex */
	ID_NULL = 13,     /* RFC 7619 */
	ID_FROMCERT = 256,/* %fromcert: the certificate's subject */
	ID_ANY = 257,     /* %any: whatever the peer says */
	ID_DNS = 258,     /* a name without '@': the daemon resolves it to an address */
};

struct conn_id {
	enum id_kind kind;
	const char *text; /* as written, e.g. "@east"; the value for FQDN/RFC822/DN */
	/* The ID payload's data: the address bytes, the name without '@', the
	 * KEY_ID bytes (@#hex, @[text]), or a binary DN (@~hex); NULL for a text DN
	 * (the daemon encodes "C=.., O=.." itself) and for the %-forms. */
	const uint8_t *value;
	size_t value_len;
};

/* authby= as a set (Libreswan allows lists such as "rsasig,null"). */
enum {
	AUTHBY_BIT_PSK = 1 << 0,
	AUTHBY_BIT_RSASIG = 1 << 1,      /* RSA-PSS / RFC 7427 */
	AUTHBY_BIT_RSASIG_V1_5 = 1 << 2, /* classic RSA (rsa-sha1) */
	AUTHBY_BIT_ECDSA = 1 << 3,
	AUTHBY_BIT_NULL = 1 << 4,
	AUTHBY_BIT_NEVER = 1 << 5,
	AUTHBY_BIT_EAPONLY = 1 << 6,
};
/* RFC 7427 hash algorithms allowed by authby= */
enum { SIGHASH_SHA2_256 = 1 << 0, SIGHASH_SHA2_384 = 1 << 1, SIGHASH_SHA2_512 = 1 << 2 };

enum auth_method {
	AUTH_UNSET = 0,
	AUTH_RSASIG,
	AUTH_ECDSA,
	AUTH_PSK,
	AUTH_NULL,
	AUTH_EAPONLY,
	AUTH_NEVER,
};

enum yna { YNA_UNSET = 0, YNA_NO, YNA_YES, YNA_AUTO };

#define CONN_MAX_SUBNETS 16

struct conn_end {
	enum end_host_kind host_kind;
	struct ip_addr host;          /* HOST_ADDR */
	const char *host_dns;         /* HOST_DNS */
	struct ip_addr nexthop;
	struct conn_id id;
	uint8_t id_addr[16];          /* id= a DNS name: the address it resolved to (daemon) */
	/* leftsubnet= or leftsubnets={...}; none given: the host itself (/32, /128). */
	unsigned n_subnets;
	struct ip_subnet subnets[CONN_MAX_SUBNETS];
	uint8_t protocol;             /* leftprotoport= protocol, 0 = any */
	uint16_t port;                /* leftprotoport= port, 0 = any */
	struct ip_addr sourceip;
	struct ip_addr vti_ip;        /* leftvti= (prefix in vti_prefix) */
	uint8_t vti_prefix;
	enum auth_method auth;        /* leftauth=; AUTH_UNSET follows authby= */
	/* Raw key: leftrsasigkey=0s... decoded to its RFC 3110 bytes. */
	const uint8_t *rsasigkey;
	size_t rsasigkey_len;
	bool rsasigkey_from_cert;     /* %cert */
	const uint8_t *ckaid;         /* leftckaid= */
	size_t ckaid_len;
	const uint8_t *pubkey;        /* leftpubkey= (SPKI DER) */
	size_t pubkey_len;
	const char *cert;             /* leftcert= nickname */
	const char *ca;               /* leftca= */
	enum { SENDCERT_UNSET, SENDCERT_ALWAYS, SENDCERT_IFASKED, SENDCERT_NEVER } sendcert;
	const char *updown;           /* leftupdown= (NULL: default; "%disabled") */
	uint16_t ikeport;             /* leftikeport=, 0 = default */
	bool modecfgserver, modecfgclient, xauthserver, xauthclient;
	const char *addresspool;      /* leftaddresspool= as written */
	const char *groundhog;

	/* Added by the configuration reader (Libreswan keywords with typed values). */
	bool nexthop_defaultroute;    /* leftnexthop=%defaultroute (or left=%defaultroute) */
	bool group;                   /* %group / %opportunisticgroup: a policy-group template */
	uint8_t host_family;          /* AF_INET/AF_INET6 for %any4/%any6/%defaultroute, else 0 */
	bool port_any;                /* leftprotoport=tcp/%any */
	bool key_from_dns;            /* leftrsasigkey=%dns / %dnsondemand */
	const uint8_t *ecdsakey;      /* leftecdsakey= raw key bytes */
	size_t ecdsakey_len;
	struct ip_addr pool_start, pool_end; /* leftaddresspool= range (subnet: first/last) */
	const char *virt;             /* leftsubnet=vhost:... / vnet:... (IKEv1) */
	const char *username;         /* leftusername= / leftxauthusername= */
	struct ip_subnet interface_ip;/* leftinterface-ip= */
	enum { EAP_NONE = 0, EAP_TLS } autheap; /* leftautheap= */
	bool cat;                     /* leftcat= */
};

enum conn_type {
	CONN_TUNNEL = 0,
	CONN_TRANSPORT,
	CONN_PASSTHROUGH,
	CONN_DROP,
	CONN_REJECT,
};

enum conn_auto {
	AUTO_IGNORE = 0,
	AUTO_ADD,
	AUTO_ONDEMAND, /* "route" is the same */
	AUTO_START,
	AUTO_KEEP,
};

enum ike_version_policy {
	IKEV2_UNSET = 0,
	IKEV2_NEVER,   /* ikev2=never / keyexchange=ikev1: IKEv1 only */
	IKEV2_PERMIT,  /* accept either */
	IKEV2_PROPOSE, /* initiate IKEv2, accept IKEv1 */
	IKEV2_INSIST,  /* IKEv2 only (default) */
};

enum dpd_action { DPD_UNSET = 0, DPD_HOLD, DPD_CLEAR, DPD_RESTART };
enum ppk_policy { PPK_NO = 0, PPK_PROPOSE, PPK_INSIST }; /* yes == propose */
enum shunt { SHUNT_UNSET = 0, SHUNT_NONE, SHUNT_PASS, SHUNT_DROP, SHUNT_REJECT, SHUNT_HOLD };
enum esn_mode { ESN_EITHER = 0, ESN_NO, ESN_YES }; /* esn=, default either */
enum nic_offload_mode { NIC_OFFLOAD_AUTO = 0, NIC_OFFLOAD_NO, NIC_OFFLOAD_CRYPTO, NIC_OFFLOAD_PACKET };

/* Where a conn's value for a keyword came from (conn_key_origin()). */
enum conn_origin {
	ORIGIN_BUILTIN = 0, /* not written: Libreswan's default */
	ORIGIN_DEFAULT,     /* from a "conn %default" section */
	ORIGIN_CONN,        /* written in the conn or a section it pulls in with also= */
};
/* One bit per (keyword, side): see config/config.h conn_key_origin(). */
#define CONN_KEY_SLOTS 512

struct conn {
	const char *name;
	const char *file; /* where the conn section started, for messages */
	unsigned line;

	struct conn_end left, right;
	enum conn_type type;
	enum conn_auto autostart;
	enum auth_method authby;      /* authby=; rsasig|secret|null|... */
	bool authby_rsa_sha1;         /* authby=rsa-sha1: allow the classic method */
	enum ike_version_policy ikev2;

	struct proposal_list ike;     /* ike= (or Libreswan's defaults) */
	struct proposal_list esp;     /* esp= / phase2alg= */
	bool ah;                      /* phase2=ah */
	bool pfs;                     /* pfs= (default yes) */
	bool esn;                     /* esn=yes */
	bool compress;

	uint32_t ikelifetime_s;       /* default 8h */
	uint32_t salifetime_s;        /* ipsec-lifetime= / salifetime=, default 8h */
	uint64_t sa_ipsec_max_bytes, sa_ipsec_max_packets;
	uint32_t rekeymargin_s;       /* default 9m */
	uint32_t rekeyfuzz_pct;       /* default 100 */
	bool rekey;                   /* default yes */
	bool reauth;
	uint32_t keyingtries;         /* 0 = forever; default 0 */
	uint32_t retransmit_interval_ms; /* default 500 */
	uint32_t retransmit_timeout_ms;  /* default 60 s */
	uint32_t replay_window;       /* default 128 (Libreswan 4.10 and later; 4.0-4.9 had 32) */

	uint32_t dpddelay_s, dpdtimeout_s; /* 0 = off */
	enum dpd_action dpdaction;

	enum yna encapsulation;       /* NAT-T: yes forces, no never, auto detects */
	uint32_t nat_keepalive_s;     /* config setup keep-alive=, default 20 */
	bool nat_keepalive;           /* nat-keepalive=, default yes */
	enum yna fragmentation;       /* yes (default), no, force */
	bool fragmentation_force;
	bool narrowing;
	bool mobike;
	enum ppk_policy ppk;
	const char *ppk_ids;
	bool nic_offload;             /* nic-offload=yes */
	enum yna enable_tcp;          /* enable-tcp=no|yes|fallback (auto = fallback) */
	uint16_t tcp_remoteport;
	uint32_t mtu;
	uint32_t mark, mark_mask;     /* mark=value/mask, both sides */
	uint32_t mark_in, mark_in_mask, mark_out, mark_out_mask;
	uint32_t ipsec_interface;     /* ipsec-interface=, 0 = none */
	bool sha2_truncbug;
	bool decap_dscp, nopmtudisc;
	uint32_t priority;            /* 0 = computed */
	uint32_t reqid;               /* 0 = allocated */
	bool aggressive;              /* IKEv1 only */
	bool send_no_esp_tfc;
	bool initial_contact;         /* default yes for IKEv2 */
	bool childless;               /* childless=yes (RFC 6023) */
	const char *policy_label;
	const char *modecfgdns, *modecfgdomains, *modecfgbanner;

	/* Added by the configuration reader. */
	uint8_t ike_version;          /* 2, or 1 for ikev2=no|never|permit / keyexchange=ikev1 */
	unsigned authby_bits;         /* AUTHBY_BIT_* from authby= (defaults: rsasig, rsa v1.5, ecdsa) */
	unsigned sighash_bits;        /* SIGHASH_* allowed by authby= */
	enum esn_mode esn_mode;       /* esn= (esn above is esn_mode == ESN_YES) */
	enum nic_offload_mode nic_offload_mode;
	enum shunt failureshunt, negotiationshunt;
	enum yna send_redirect, accept_redirect;
	const char *redirect_to, *accept_redirect_to;
	const char *connalias;        /* connalias= names, space separated */
	const char *vti_interface;
	bool vti_routing, vti_shared;
	bool intermediate, pam_authorize, cisco_unity, fake_strongswan, send_vendorid;
	bool ms_dh_downgrade, require_id_on_certificate, dns_match_id, ignore_peer_dns;
	bool ikepad, modecfgpull, overlapip, encap_dscp, remote_peer_cisco, nm_configured;
	bool mark_unique, mark_in_unique, mark_out_unique; /* mark=-1: a new mark per instance */
	uint8_t hostaddrfamily, clientaddrfamily; /* AF_INET/AF_INET6, 0 = from the addresses */
	enum { XAUTHBY_FILE = 0, XAUTHBY_PAM, XAUTHBY_ALWAYSOK } xauthby;
	enum { XAUTHFAIL_HARD = 0, XAUTHFAIL_SOFT } xauthfail;
	enum { SENDCA_NONE = 0, SENDCA_ISSUER, SENDCA_ALL } sendca; /* default none */
	enum { NATT_BOTH = 0, NATT_RFC, NATT_DRAFTS, NATT_NONE } nat_ikev1_method;
	uint32_t metric;              /* route metric, default 1 */
	uint32_t tfc;                 /* tfc= padding, 0 = off */
	uint32_t nflog_group;
	/* Bit (slot) set when the keyword was written in the conn / came from %default. */
	uint8_t key_written[CONN_KEY_SLOTS / 8], key_defaulted[CONN_KEY_SLOTS / 8];
};

/* config setup */
struct setup {
	const char *logfile;          /* NULL: syslog */
	bool logtime, logappend, logip;
	unsigned plutodebug;          /* bit set of debug categories (DBG_*) */
	const char *listen;           /* listen= address, NULL: all */
	uint16_t ikeport, nat_ikeport;/* 500, 4500 */
	bool listen_tcp, listen_udp;
	uint32_t keep_alive_s;        /* NAT keepalive period, default 20 */
	const char *virtual_private;
	const char *ipsecdir, *secretsfile, *nssdir, *dumpdir, *rundir;
	bool uniqueids;               /* default yes */
	bool dnssec_enable;
	uint32_t ddos_ike_threshold;  /* half-open SAs before COOKIEs, default 25000 */
	uint32_t max_halfopen_ike;    /* default 50000 */
	enum { DDOS_AUTO, DDOS_BUSY, DDOS_UNLIMITED } ddos_mode;
	const char *protostack;       /* "xfrm" (netkey) */
	bool seedbits_set;
	uint32_t nhelpers;
	bool fips;                    /* forced FIPS policy (our addition: fips=yes) */

	/* Added by the configuration reader. */
	bool audit_log, ike_socket_errqueue, drop_oppo_null, crl_strict, ocsp_strict, ocsp_enable;
	const char *myvendorid, *statsbin, *global_redirect_to, *ocsp_uri, *ocsp_trustname;
	const char *curl_iface, *dnssec_rootkey_file, *dnssec_anchors;
	enum yna global_redirect;
	enum { IKEV1_POLICY_ACCEPT = 0, IKEV1_POLICY_REJECT, IKEV1_POLICY_DROP } ikev1_policy;
	uint32_t shuntlifetime_s;     /* default 15m */
	uint32_t crlcheckinterval_s, curl_timeout_s, ocsp_timeout_s;
	uint32_t ocsp_cache_size, ocsp_cache_min_age_s, ocsp_cache_max_age_s;
	bool ocsp_method_post;
	uint32_t ike_socket_bufsize;  /* 0 = the kernel's */
	uint32_t seedbits;
	uint32_t nflog_all;
};

/* plutodebug= categories, the same bit values as core/log.h's DBG_*. */
enum {
	PLUTODEBUG_BASE = 1 << 0,
	PLUTODEBUG_CPU_USAGE = 1 << 1,
	PLUTODEBUG_CRYPT = 1 << 2,
	PLUTODEBUG_PRIVATE = 1 << 3,
	PLUTODEBUG_WHACKWATCH = 1 << 4,
	PLUTODEBUG_TMI = 1 << 5,
	PLUTODEBUG_REFCNT = 1 << 6,
	PLUTODEBUG_ADD_PREFIX = 1 << 7,
	/* Libreswan's "all": base, cpu-usage, refcnt */
	PLUTODEBUG_ALL = PLUTODEBUG_BASE | PLUTODEBUG_CPU_USAGE | PLUTODEBUG_REFCNT,
};

#endif
