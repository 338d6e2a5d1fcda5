/* A received message on its way to the exchange that handles it. */
#ifndef CORE_EXCHANGE_H
#define CORE_EXCHANGE_H
#include <stdbool.h>
#include <stdint.h>

#include "core/endpoint.h"
#include "core/msg.h"

struct pluto;
struct ike_sa;

struct msg_in {
	struct ike_hdr hdr;
	const uint8_t *raw;         /* the whole datagram (IKE_SA_INIT: what AUTH signs) */
	size_t raw_len;
	struct endpoint local, remote;
	struct payload_list pl;     /* IKE_SA_INIT: the payloads; later: the decrypted ones */
};

/* IKE_SA_INIT (core/ike_init.c) */
void ike_init_responder(struct pluto *p, const struct msg_in *m);
void ike_init_response(struct pluto *p, struct ike_sa *sa, const struct msg_in *m);
/* IKE_AUTH (core/ike_auth.c) */
void ike_auth_responder(struct pluto *p, struct ike_sa *sa, const struct msg_in *m);
void ike_auth_response(struct pluto *p, struct ike_sa *sa, const struct msg_in *m);
/* CREATE_CHILD_SA (core/create_child.c) */
void create_child_responder(struct pluto *p, struct ike_sa *sa, const struct msg_in *m);
void create_child_response(struct pluto *p, struct ike_sa *sa, const struct msg_in *m);
/* INFORMATIONAL (core/informational.c) */
void informational_responder(struct pluto *p, struct ike_sa *sa, const struct msg_in *m);
void informational_response(struct pluto *p, struct ike_sa *sa, const struct msg_in *m);

/* Logs Libreswan's "dropping unexpected EXCH message containing N notification;
 * message payloads: ...; missing payloads: ..." line. missing: a payload-type bit
 * set (bit = type - 32). */
void log_unexpected(struct pluto *p, struct ike_sa *sa, const struct msg_in *m,
		    uint64_t missing);

#endif
