#!/bin/bash
# strongSwan and Libreswan negotiate an IKEv2 tunnel with a pre-shared key, each side
# initiating once, and carry pings as ESP. Proves both peers work in the guest
# before our daemon meets them.
. "$(dirname "$0")/../lib.sh"

# pair WEST_IMPL EAST_IMPL: west initiates.
pair() {
	local w=$1 e=$2 what="$1 -> $2, PSK"
	topo_direct || { not_ok "$what: topology"; return; }
	if check "$what: $e starts on east" tunnel_start east "$e" auth=psk &&
		check "$what: $w starts on west" tunnel_start west "$w" auth=psk &&
		check "$what: IKE_SA_INIT and IKE_AUTH complete" ike_up west; then
		check_tunnel "$what" west
		local h
		for h in west east; do
			[ "${IMPL[$h]}" = libreswan ] && check_trafficstatus "$what" "$h"
		done
	fi
	stop_all
}

pair libreswan strongswan
pair strongswan libreswan
finish
