/* IKE SAs and Child SAs. An IKE SA is found by our own SPI (SPIi when we began it,
 * SPIr otherwise), so one hash lookup routes every message after IKE_SA_INIT;
 * a responder's half-open SAs are also found by (SPIi, peer) to answer
 * retransmitted IKE_SA_INIT requests. Child SAs hang off their IKE SA and are
 * also hashed by inbound SPI for kernel expire events.
 *
 * What only the handshake needs (DH secret, nonces, the IKE_SA_INIT messages)
 * lives in struct ike_handshake and is wiped and freed once IKE_AUTH is done, so
 * an established SA stays small. */
#ifndef CORE_SA_H
#define CORE_SA_H
#include <stdbool.h>
#include <stdint.h>

#include "core/endpoint.h"
#include "core/hash.h"
#include "core/msg.h"
#include "core/proposals.h"
#include "core/timer.h"
#include "crypto/cipher.h"
#include "crypto/dh.h"
#include "crypto/prf.h"

struct connection;
struct ike_socket;

enum ike_state {
	IKE_I_INIT,        /* STATE_PARENT_I1: sent IKE_SA_INIT request */
	IKE_I_AUTH,        /* STATE_PARENT_I2: sent IKE_AUTH request */
	IKE_R_INIT,        /* STATE_PARENT_R1: answered IKE_SA_INIT */
	IKE_ESTABLISHED,   /* STATE_PARENT_I3 / STATE_PARENT_R2 */
	IKE_DELETING,      /* sent or received a Delete */
	IKE_REKEY_LARVAL,  /* STATE_V2_REKEY_IKE_I: the new SA of a rekey we asked for */
};

/* One message ready for the wire, possibly as several RFC 7383 fragments: one
 * allocation, the packets back to back in data[]. */
#define WIRE_MAX_FRAGS 32
struct wire {
	uint16_t n;
	uint16_t len[WIRE_MAX_FRAGS];
	size_t total;
	uint8_t data[];
};
/* Makes a one-packet wire holding a copy of buf. */
struct wire *wire_single(const uint8_t *buf, size_t len);
/* The i-th packet. */
const uint8_t *wire_packet(const struct wire *w, unsigned i);

struct ike_keys {
	const struct prf_desc *prf;
	const struct encr_desc *encr;
	const struct integ_desc *integ; /* NULL with AEAD */
	uint16_t encr_bits;
	uint16_t dh;                    /* IANA group of the IKE SA */
	size_t ekey_len, akey_len, pkey_len;
	uint8_t sk_d[PRF_MAX_OUT];
	uint8_t sk_ai[INTEG_MAX_KEY], sk_ar[INTEG_MAX_KEY];
	uint8_t sk_ei[ENCR_MAX_KEY], sk_er[ENCR_MAX_KEY];
	uint8_t sk_pi[PRF_MAX_OUT], sk_pr[PRF_MAX_OUT];
};

struct ike_handshake {
	struct dh_secret dh;
	uint16_t dh_group;
	uint8_t ni[256], nr[256];
	uint16_t ni_len, nr_len;
	uint8_t *init_i, *init_r;       /* the IKE_SA_INIT request and response */
	size_t init_i_len, init_r_len;
	uint8_t *ke_pub;                /* our KE payload's value */
	size_t ke_len;
	uint8_t cookie[64];
	uint8_t cookie_len, cookie_rounds;
	uint8_t invalid_ke_retries;
	struct chosen chosen_ike;       /* for the "sent v2I2 {...}" line */
	/* The peer's supported signature hashes (RFC 7427 notify), as a bit set. */
	uint8_t peer_sig_hashes;
	bool peer_frag_supported;
	bool nat_checked;
};

/* What the outstanding request was, so its response can be handled. */
enum req_kind {
	REQ_NONE = 0,
	REQ_IKE_SA_INIT,
	REQ_IKE_AUTH,
	REQ_CREATE_CHILD,
	REQ_REKEY_CHILD,
	REQ_REKEY_IKE,
	REQ_DELETE_CHILD,
	REQ_DELETE_IKE,
	REQ_LIVENESS,
};

struct ike_sa {
	struct hnode by_spi;            /* our SPI */
	struct hnode by_init;           /* responder: (SPIi, peer), for resent IKE_SA_INITs */
	bool in_init_index;
	bool half_open;                 /* counted in n_half_open (responder, not yet authenticated) */
	struct ip_addr half_open_peer;  /* the address it was counted under */
	struct ike_sa *prev, *next;     /* all IKE SAs, oldest first */
	uint32_t serial;
	struct connection *c;
	struct ike_sa *c_prev, *c_next; /* c's IKE SAs, oldest (lowest serial) first */
	enum ike_state state;
	bool original_initiator;        /* we sent the first IKE_SA_INIT */
	uint8_t spi_i[8], spi_r[8];
	struct endpoint local, remote;
	struct ike_socket *sock;
	bool nat_local, nat_remote;     /* NAT detected in front of us / the peer */
	bool encap;                     /* floated to 4500 (non-ESP marker) */
	bool frag_ok;                   /* both sides support RFC 7383 */
	bool peer_initial_contact;

	struct ike_keys k;
	struct ike_handshake *hs;       /* NULL once established */

	/* Our requests: window size 1. */
	uint32_t next_msgid;
	enum req_kind req;
	struct wire *req_wire;
	uint32_t req_msgid;
	unsigned req_tries;
	uint32_t req_delay_ms;
	uint64_t req_started;
	struct child_sa *req_child;     /* the Child SA the request is about */
	struct ike_sa *req_new_ike;     /* REQ_REKEY_IKE: the SA being made */
	struct timer retransmit;

	/* Peer's requests: the next expected ID and the last response, for resends. */
	uint32_t peer_msgid;            /* next request ID we expect */
	struct wire *last_resp;
	uint32_t last_resp_msgid;
	struct frag_rx *frags;          /* RFC 7383 reassembly in progress */

	/* Work waiting for the window to open. */
	bool want_rekey_ike, want_liveness, want_delete;

	struct timer rekey_timer;       /* IKE SA rekey (margin before expiry) */
	struct timer expire_timer;      /* IKE SA hard expiry */
	struct timer dpd_timer;         /* liveness */
	struct timer keepalive_timer;   /* NAT-T keepalives when we are behind a NAT */
	uint64_t last_peer_msg_ms;      /* for DPD: any valid message from the peer */
	uint64_t established_at_ms;

	struct child_sa *children;
	uint32_t whack;                 /* attached whack client, 0 = none */
	uint8_t peer_id_type;           /* the authenticated peer ID, for status */
	char *peer_id;                  /* its text ("@east"); set with ike_sa_set_peer_id */
	struct hnode by_peer_id;        /* INITIAL_CONTACT finds the peer's other SAs */
	bool in_peer_id_index;
	uint8_t *peer_id_raw;           /* its bytes, for secrets lookups */
	size_t peer_id_raw_len;
	char *auth_desc;                /* "RSA with SHA2_512", "PSK", for logs */

	/* The peer rekeyed this SA while our own rekey of it was out (RFC 7296
	 * 2.8.2): its new SA and the lower nonce of its exchange, to decide which
	 * new SA is redundant when our response arrives. */
	uint32_t rekeyed_by;
	uint8_t *rekeyed_nonce;         /* 32 bytes, only while that is pending */
	uint8_t rekeyed_nonce_len;
};

/* Decrypted fragments of one message being reassembled. */
struct frag_rx {
	uint32_t msgid;
	bool response;
	uint16_t total, have;
	uint8_t first_np;
	size_t bytes;
	uint8_t *part[WIRE_MAX_FRAGS];
	uint16_t len[WIRE_MAX_FRAGS];
};
void frag_rx_free(struct frag_rx *f);

enum child_state {
	CHILD_LARVAL,       /* negotiating */
	CHILD_ESTABLISHED,  /* installed in the kernel */
	CHILD_DELETING,
};

#define CHILD_MAX_TS 4

struct child_sa {
	struct hnode by_spi;            /* inbound SPI */
	bool indexed;                   /* in child_by_spi */
	struct child_sa *next_in_ike;
	uint32_t serial;
	struct ike_sa *ike;
	struct connection *c;
	enum child_state state;
	uint8_t proto;                  /* PROTO_ESP or PROTO_AH */
	uint32_t spi_in, spi_out;       /* network byte order */
	uint32_t reqid;
	uint16_t encr, encr_bits, integ, dh;
	bool esn, transport, initiator; /* initiator: of the exchange that made it */
	uint8_t n_ts_local, n_ts_remote;
	struct ts ts_local[CHILD_MAX_TS], ts_remote[CHILD_MAX_TS]; /* negotiated */
	uint64_t add_time;              /* unix seconds */
	bool sa_in_installed, sa_out_installed, policies_installed;
	struct child_sa *replaces;      /* rekey: the SA this one replaces */
	uint32_t rekey_of;              /* ... by serial, kept once established */
	bool superseded;                /* a peer's rekey replaced it: no rekey, no revival */
	bool want_rekey;                /* rekey once the IKE SA's window opens */
	bool delete_sent;
	bool replace_after_delete;      /* expired unreplaced: negotiate a new one */
	struct timer rekey_timer, expire_timer;
	uint32_t whack;
	/* Keying material lives only between negotiation and installation. */
	uint8_t *keymat;
	size_t keymat_len;
	/* Initiator's CREATE_CHILD_SA state. Once keyed, nonce holds the lower of
	 * the exchange's two nonces (first 32 bytes) for rekey collisions. */
	struct dh_secret *dh_secret;
	uint8_t nonce[32];
	uint8_t nonce_len;
	uint16_t proposed_dh;
};

#endif
