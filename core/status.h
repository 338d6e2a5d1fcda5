/* What whack --status, --trafficstatus, --globalstatus and --fipsstatus print,
 * in Libreswan 4.x's formats (REFERENCE.md). */
#ifndef CORE_STATUS_H
#define CORE_STATUS_H
#include <stdint.h>

struct pluto;

void status_traffic(struct pluto *p, uint32_t whack);
void status_all(struct pluto *p, uint32_t whack);
void status_global(struct pluto *p, uint32_t whack);
void status_fips(struct pluto *p, uint32_t whack);

#endif
