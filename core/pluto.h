/* The daemon's one context: everything mutable lives here (no globals). */
#ifndef CORE_PLUTO_H
#define CORE_PLUTO_H
#include <stdbool.h>
#include <stdint.h>

#include "config/conn.h"
#include "core/evloop.h"
#include "core/hash.h"
#include "core/ifaddr.h"
#include "core/log.h"
#include "netlink/kernel.h"

struct connection;
struct ike_sa;
struct child_sa;
struct secrets;
struct ctl_client;
struct config;

struct pluto_options {
	const char *config_file;   /* --config, default /etc/ipsec.conf */
	const char *secrets_file;  /* --secretsfile, default /etc/ipsec.secrets */
	const char *nssdir;        /* --nssdir, default /etc/ipsec.d */
	const char *ipsecdir;      /* --ipsecdir, default /etc/ipsec.d */
	const char *rundir;        /* --rundir, default /run/pluto */
	const char *ctlsocket;     /* derived: RUNDIR/pluto.ctl */
	const char *logfile;       /* --logfile */
	bool stderrlog;            /* --stderrlog */
	bool nofork;
	const char *kernel;        /* --kernel xfrm|none (our addition), default xfrm */
	uint16_t ikeport, nat_ikeport;
	bool impair_suppress_retransmits; /* tests: --impair suppress-retransmits */
};

struct ike_socket {
	struct watch w;
	int fd;
	int family;
	uint16_t port;
	bool encap;                /* the NAT-T port: non-ESP marker, UDP_ENCAP */
	struct ike_socket *next;
};

struct pluto {
	struct pluto_options opt;
	struct setup setup;        /* config setup, copied at start */
	struct log_config log;
	struct evloop loop;

	const struct kernel_ops *kops;
	struct kernel *kernel;
	struct watch kernel_watch;

	struct ike_socket *sockets;
	struct watch ctl_watch;
	int ctl_fd;
	struct ctl_client *clients;
	bool ctl_pending;          /* a client has output or is done: ctl_flush_pending */
	uint32_t next_client_id;

	struct config *config;     /* ipsec.conf as read at start-up, until its conns are loaded */
	struct setup *setup_strings; /* owns the strings p->setup points to */
	char *ctl_path;            /* owned RUNDIR/pluto.ctl when derived */
	struct secrets *secrets;

	struct ifaddr_snapshot ifaddrs;  /* for orienting connections */
	uint8_t *scratch;                /* core/xmit.h xmit_scratch */

	struct htable conns_by_name;
	struct htable conns_by_peer;     /* core/conn.c conn_find_for_peer */
	uint64_t next_conn_seq;
	struct connection *conns, *conns_tail;

	struct htable ike_by_spi;
	struct htable ike_by_init;
	struct htable ike_by_peer_id;
	struct ike_sa *ikes, *ikes_tail;
	struct htable child_by_spi;
	uint32_t next_serial;
	uint32_t next_reqid;
	unsigned n_half_open;
	struct htable half_open_by_peer; /* struct peer_count, for the per-peer limit */

	uint8_t cookie_secret[32], cookie_secret_prev[32];
	uint8_t cookie_version;
	uint64_t cookie_secret_born_ms;
	bool fips;
	bool shutting_down;
	uint64_t hash_seed;
};

#endif
