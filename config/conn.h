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
};

struct conn_id {
	enum id_kind kind;
	const char *text; /* as written, e.g. "@east"; the value for FQDN/RFC822/DN */
};

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
	uint32_t replay_window;       /* default 32 (Libreswan: 128 in 5.x) */

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
};

#endif
