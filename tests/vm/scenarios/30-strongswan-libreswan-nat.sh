#!/bin/bash
# West sits behind a NAT router (masquerading 198.51.100.1 as 192.0.2.254). strongSwan
# and Libreswan notice the NAT (RFC 7296 NAT_DETECTION), float to port 4500 and
# encapsulate ESP in UDP (RFC 3948). West's LAN and east's LAN talk through the tunnel.
. "$(dirname "$0")/../lib.sh"

# pair WEST_IMPL EAST_IMPL: west, behind the NAT, initiates.
pair() {
	local w=$1 e=$2 what="$1 -> $2 through NAT, PSK"
	topo_nat || { not_ok "$what: topology"; return; }
	if check "$what: $e starts on east" tunnel_start east "$e" auth=psk &&
		check "$what: $w starts on west" tunnel_start west "$w" auth=psk &&
		check "$what: IKE_SA_INIT and IKE_AUTH complete" ike_up west; then
		check_tunnel "$what" west
	fi
	stop_all
}

pair libreswan strongswan
pair strongswan libreswan
finish
