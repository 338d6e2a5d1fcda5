#!/bin/bash
# 4-in-6 and 6-in-4: IPv4 subnets over an IPv6 tunnel between our daemons, and
# IPv6 subnets over IPv4; pings between the LANs cross as ESP, counted by the
# kernel's SAs between the outer addresses.
. "$(dirname "$0")/../lib.sh"

mixed() {
	local what=$1 outer=$2 inner=$3 lw le wsrc edst
	topo_direct || { not_ok "$what: topology"; return 1; }
	lw=$(lan_of west "$inner") le=$(lan_of east "$inner")
	for h in west east; do
		local peer l r ls rs
		peer=$(peer_of "$h")
		l=$(ip_of "$h" "$outer") r=$(ip_of "$peer" "$outer")
		ls=$(lan_of "$h" "$inner") rs=$(lan_of "$peer" "$inner")
		printf 'config setup\n\nconn mixed\n\tleft=%s\n\tleftsubnet=%s\n\tleftid=@%s\n\tright=%s\n\trightsubnet=%s\n\trightid=@%s\n\tauthby=secret\n' \
			"$l" "$ls" "$h" "$r" "$rs" "$peer" | ipsec_conf "$h"
		printf '@%s @%s : PSK "mixed-family test key, long enough"\n' "$h" "$peer" | ipsec_secrets "$h"
	done
	if check "$what: ours starts on east" ours_start east && check "$what: ours starts on west" ours_start west &&
		check "$what: conns added" ours_add east mixed && ours_add west mixed &&
		check "$what: tunnel up" ours_up west mixed; then
		wsrc=$(lan_ip_of west "$inner") edst=$(lan_ip_of east "$inner")
		capture_start "$WIRE_HOST" "$WIRE_IF"
		check "$what: 5 pings $wsrc -> $edst answered" ping_from west "$edst" "$wsrc"
		capture_stop "$WIRE_HOST" "$WIRE_IF"
		local k esp clear
		read -r -a k <<<"$(xfrm_counters west "$(ip_of west "$outer")" "$(ip_of east "$outer")")"
		check "$what: the kernel's SAs between the outer addresses counted 5 packets each way (${k[0]}/${k[1]})" \
			[ "${k[0]}" = 5 -a "${k[1]}" = 5 ]
		esp=$(capture_count "$WIRE_HOST" "$WIRE_IF" esp)
		clear=$(capture_count "$WIRE_HOST" "$WIRE_IF" 'icmp or icmp6 and ip6[40] == 128')
		check "$what: the wire carried ESP ($esp) and no clear echo" [ "$esp" -ge 10 -a "$clear" = 0 ]
	fi
	stop_all
}

mixed "4-in-6" 6 4
mixed "6-in-4" 4 6
finish
