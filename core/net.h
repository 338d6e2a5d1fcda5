/* IKE's UDP sockets: 500 and 4500 (NAT-T, RFC 3948 non-ESP marker), IPv4 and
 * IPv6, with the local address of each datagram learnt from PKTINFO so replies
 * leave from the address the peer used. */
#ifndef CORE_NET_H
#define CORE_NET_H
#include <stddef.h>
#include <stdint.h>

#include "core/endpoint.h"

struct pluto;
struct ike_socket;

/* Opens the sockets for listen= (or all addresses). Logs each one. */
int net_open(struct pluto *p);
void net_close(struct pluto *p);
/* The socket for the family and port, or NULL. */
struct ike_socket *net_socket(struct pluto *p, int family, uint16_t port);
/* Sends one IKE message (adds the non-ESP marker on 4500). 0 or -errno. */
int net_send(struct pluto *p, const struct endpoint *local, const struct endpoint *remote,
	     const uint8_t *msg, size_t len);
/* A NAT-T keepalive (one 0xff byte, RFC 3948 2.3) from local:4500. */
int net_send_keepalive(struct pluto *p, const struct endpoint *local,
		       const struct endpoint *remote);

/* ICMP errors for what we sent (core/net_error.c). */
void net_enable_errors(int fd, int family);
void net_read_errors(struct pluto *p, struct ike_socket *s);

/* Handed every IKE message received (core/receive.c). */
void ike_receive(struct pluto *p, const uint8_t *msg, size_t len,
		 const struct endpoint *local, const struct endpoint *remote);

#endif
