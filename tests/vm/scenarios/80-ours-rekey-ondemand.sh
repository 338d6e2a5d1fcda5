#!/bin/bash
# Rekeying while traffic flows, and tunnels brought up by traffic:
# - a Child SA rekey (and an IKE SA rekey) during a steady ping loses at most one
#   packet, against ourselves, strongSwan and Libreswan;
# - auto=route: the kernel's trap policy turns the first packet into an ACQUIRE,
#   the daemon negotiates, and the ping gets through.
. "$(dirname "$0")/../lib.sh"

# Child SA rekey after 8 s, IKE SA rekey after 12 s, nothing more before 16 s.
SHORT=$'salifetime=16s\nikelifetime=20s\nrekeymargin=8s\nrekeyfuzz=0%'

# rekey_under_ping PEER: west (ours) initiates with short lifetimes; a ping every
# 0.1 s for 13 s spans both rekeys, and every echo crosses as ESP.
rekey_under_ping() {
	local peer=$1 what="rekey under a steady ping, ours <-> $1" out sent recv clear
	topo_direct || { not_ok "$what: topology"; return 1; }
	# pfs=yes (the default) puts a key exchange in the rekey: strongSwan must be
	# configured for PFS as well, or it answers NO_PROPOSAL_CHOSEN.
	local peer_args=(auth=psk)
	[ "$peer" = strongswan ] && peer_args+=(esp_proposals=aes256gcm16-aes128gcm16-x25519-modp2048)
	if ! check "$what: $peer starts on east" tunnel_start east "$peer" "${peer_args[@]}" ||
		! check "$what: ours starts on west" tunnel_start west ours auth=psk "extra=$SHORT" ||
		! check "$what: tunnel up" ike_up west; then
		stop_all
		return 1
	fi
	local spi_before spi_after
	spi_before=$(on west ip xfrm state | awk '/^src 192.0.2.1 dst 192.0.2.2/ { getline; print $4 }')
	capture_start "$WIRE_HOST" "$WIRE_IF"
	out=$(on west ping -n -q -i 0.1 -c 130 -w 30 "$EAST_IP" 2>&1)
	capture_stop "$WIRE_HOST" "$WIRE_IF"
	clear=$(capture_count "$WIRE_HOST" "$WIRE_IF" icmp)
	check "$what: no echo crossed the wire in clear ($clear)" [ "$clear" = 0 ]
	sent=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received.*/\1/p')
	recv=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received.*/\2/p')
	if [ -n "$sent" ] && [ -n "$recv" ] && [ $((sent - recv)) -le 1 ]; then
		ok "$what: $recv of $sent pings answered (at most one lost)"
	else
		not_ok "$what: pings lost across the rekey ($recv of $sent)"
		printf '%s\n' "$out" | sed 's/^/#   /'
	fi
	spi_after=$(on west ip xfrm state | awk '/^src 192.0.2.1 dst 192.0.2.2/ { getline; print $4 }')
	if [ -n "$spi_after" ] && [ "$spi_after" != "$spi_before" ]; then
		ok "$what: the kernel uses a new outbound SPI ($spi_before -> $spi_after)"
	else
		not_ok "$what: outbound SPI unchanged ($spi_before -> $spi_after)"
		diag
	fi
	check "$what: the Child SA was rekeyed" grep -q 'sent IPsec Child rekey request' "$LOGS/west-pluto.log"
	check "$what: the IKE SA was rekeyed" grep -q 'IKE SA rekeyed; replaces' "$LOGS/west-pluto.log"
	check "$what: one SA pair left in the kernel" [ "$(xfrm_sa_count west)" = 2 ]
	ping_from west "$EAST_IP" >/dev/null
	check_trafficstatus "$what" west
	stop_all
}

rekey_under_ping ours
rekey_under_ping strongswan
rekey_under_ping libreswan

# On demand: nothing is up until a packet wants the tunnel (ipsec auto --route,
# as auto=route does at start-up).
what="on demand, ours <-> ours"
topo_direct
if check "$what: ours starts on east" tunnel_start east ours auth=psk &&
	check "$what: ours starts on west" tunnel_start west ours auth=psk &&
	check "$what: ipsec auto --route" ours_auto west --route tun; then
	on west ip xfrm policy | grep -q 'dir out' && ok "$what: a trap policy is installed" ||
		not_ok "$what: no trap policy"
	check "$what: no SA before traffic" [ "$(xfrm_sa_count west)" = 0 ]
	out=$(on west ping -n -q -i 0.2 -c 20 -w 20 "$EAST_IP" 2>&1)
	recv=$(printf '%s\n' "$out" | sed -n 's/^[0-9]* packets transmitted, \([0-9]*\) received.*/\1/p')
	if [ "${recv:-0}" -ge 10 ] && [ "$(xfrm_sa_count west)" = 2 ]; then
		ok "$what: the first packet brought the tunnel up ($recv of 20 answered)"
	else
		not_ok "$what: traffic did not bring the tunnel up ($recv of 20)"
		diag
	fi
	check "$what: the daemon says why it initiated" grep -q 'initiating on demand' "$LOGS/west-pluto.log"
	check_trafficstatus "$what" west
fi
stop_all
finish
