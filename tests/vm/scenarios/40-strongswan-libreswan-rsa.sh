#!/bin/bash
# strongSwan and Libreswan authenticate with raw RSA public keys (Libreswan's
# leftrsasigkey=0s..., strongSwan's pubkeys=), keys from rsa_key: the same plumbing
# our daemon's raw-RSA scenarios use. Libreswan must find its private key by the
# CKAID rsa-key computed (SHA-1 of the modulus).
. "$(dirname "$0")/../lib.sh"

# The CKAID check reads Libreswan's log while the pair is still up: check_pair's
# steps, with one more check before stop_all.
rsa_pair() {
	local w=$1 e=$2 what="$1 (west) <-> $2 (east), raw RSA" h
	topo_direct || { not_ok "$what: topology"; stop_all; return; }
	if check "$what: $e starts on east" tunnel_start east "$e" auth=rsa &&
		check "$what: $w starts on west" tunnel_start west "$w" auth=rsa &&
		check "$what: west brings the tunnel up" ike_up west; then
		check_tunnel "$what" west
		for h in west east; do
			[ "${IMPL[$h]}" = libreswan ] || continue
			check_trafficstatus "$what" "$h"
			check_grep "$what: Libreswan on $h found its key by the CKAID rsa-key computed" \
				"loaded private key matching leftrsasigkey CKAID $(cat "$KEYS/$h.ckaid")" \
				"$LOGS/$h-libreswan.log"
		done
	fi
	stop_all
}

rsa_pair libreswan strongswan
rsa_pair strongswan libreswan
finish
