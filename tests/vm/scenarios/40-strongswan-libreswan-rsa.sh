#!/bin/bash
# strongSwan and Libreswan authenticate with raw RSA public keys (Libreswan's
# leftrsasigkey=0s..., strongSwan's pubkeys=), keys made once by rsa_key: the same
# plumbing our daemon's raw-RSA scenarios use.
. "$(dirname "$0")/../lib.sh"

pair() {
	local w=$1 e=$2 what="$1 -> $2, raw RSA"
	topo_direct || { not_ok "$what: topology"; return; }
	if check "$what: $e starts on east" tunnel_start east "$e" auth=rsa &&
		check "$what: $w starts on west" tunnel_start west "$w" auth=rsa &&
		check "$what: IKE_SA_INIT and IKE_AUTH complete" ike_up west; then
		check_tunnel "$what" west
	fi
	# The CKAID rsa-key computes (SHA-1 of the modulus) is the one Libreswan uses.
	local h
	for h in west east; do
		[ "${IMPL[$h]:-}" = libreswan ] || continue
		check_grep "$what: Libreswan on $h found its key by the CKAID rsa-key computed" \
			"loaded private key matching leftrsasigkey CKAID $(cat "$KEYS/$h.ckaid")" \
			"$LOGS/$h-libreswan.log"
	done
	stop_all
}

pair libreswan strongswan
pair strongswan libreswan
finish
