/* Typed ipsec.conf values. Each parser returns 0, or -EINVAL with *why set to
 * a static explanation. Internal to config/. */
#ifndef CONFIG_VALUES_H
#define CONFIG_VALUES_H
#include <stdbool.h>
#include <stdint.h>

#include "config/conn.h"

int val_bool(const char *s, bool *out, const char **why);
/* decimal; %forever means 0 */
int val_u32(const char *s, uint32_t *out, const char **why);
/* <n>[ms|s|m|h|d|w]; a bare number is seconds, or milliseconds when
 * plain_ms; %forever means 0. Result in milliseconds. */
int val_duration_ms(const char *s, bool plain_ms, uint64_t *out, const char **why);
int val_percent(const char *s, uint32_t *out, const char **why);
/* <n>[Ki|Mi|Gi|Ti|Pi|Ei], with a trailing B when bytes */
int val_iec(const char *s, bool bytes, uint64_t *out, const char **why);
/* 17/1701, udp/l2tp, tcp/%any, tcp, %any */
int val_protoport(const char *s, uint8_t *proto, uint16_t *port, bool *port_any,
		  const char **why);
int val_port(const char *s, uint16_t *out, const char **why);
/* mark=value[/mask]; -1 asks for a unique mark per instance */
int val_mark(const char *s, uint32_t *value, uint32_t *mask, bool *unique, const char **why);
/* a-b range, or a subnet */
int val_range(const char *s, struct ip_addr *start, struct ip_addr *end, const char **why);
int val_plutodebug(const char *s, unsigned *out, const char **why);
/* authby= list: AUTHBY_BIT_*, SIGHASH_*, and the first method named */
int val_authby(const char *s, unsigned *bits, unsigned *sighash, enum auth_method *first,
	       const char **why);
/* a subnet list separated by blanks or commas; host bits are cleared and
 * counted in *host_bits */
int val_subnets(const char *s, struct ip_subnet *out, unsigned max, unsigned *n,
		unsigned *host_bits, const char **why);
/* address/prefix of an interface (host bits allowed) */
int val_cidr(const char *s, struct ip_subnet *out, const char **why);

#endif
