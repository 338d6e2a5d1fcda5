/* A Child SA in the kernel: its two SAs and its policies, routing (trap
 * policies for auto=route / ondemand), counters. */
#ifndef CORE_CHILD_H
#define CORE_CHILD_H
#include <stdint.h>

#include "core/pluto.h"
#include "core/sa.h"

/* Reserves our inbound SPI for the Child SA. 0 or -errno. */
int child_alloc_spi(struct pluto *p, struct child_sa *ch);
/* Installs both SAs from ch->keymat and (or updates) the policies, then wipes the
 * keys. On failure nothing stays installed. 0 or -errno (logged). */
int child_install(struct pluto *p, struct child_sa *ch);
/* Removes the SAs; the policies too unless `keep_policies` (a replacement takes
 * them over, or the connection stays routed). */
void child_uninstall(struct pluto *p, struct child_sa *ch, bool keep_policies);
/* Installs the trap (or pass/drop) policies; problems go to whack too. */
int child_route(struct pluto *p, struct connection *c, uint32_t whack);
void child_unroute(struct pluto *p, struct connection *c);
/* Bytes in and out, and when the kernel added the SAs. */
int child_counters(struct pluto *p, const struct child_sa *ch, uint64_t *in_bytes,
		   uint64_t *out_bytes, uint64_t *add_time);
/* Keying material length for the negotiated algorithms (both directions). */
size_t child_keymat_len(const struct child_sa *ch);
/* "{ESP=>0x... <0x... xfrm=AES_GCM_16_256-NONE NATOA=none NATD=none DPD=passive}" */
void child_describe(const struct child_sa *ch, char *buf, size_t len);
/* Logs "negotiated connection [...] -> [...]" and the established line, and
 * tells whack (RC_SUCCESS). */
void child_log_established(struct pluto *p, struct child_sa *ch);

#endif
