#!/bin/bash
# Rekeys started by the peer (strongSwan, Libreswan), and both ends rekeying the same SA at the same moment (RFC 7296 2.8.1 for a Child SA,
# 2.8.2 for the IKE SA), against strongSwan, which settles such collisions by the
# same rule: the SA whose exchange carried the lowest nonce is redundant and is
# deleted by the side that asked for it. A 400 ms delay each way on the wire
# (netem) makes the two requests cross. Afterwards: the two daemons agree on the
# verdict, one SA pair is left in each kernel, and pings cross it.
. "$(dirname "$0")/../lib.sh"

# collide WHAT OUR_WHACK_OPTION SWANCTL_REKEY_OPTION KIND(Child|IKE)
collide() {
	local what="rekey collision with strongSwan: $1" ours=$2 theirs=$3 kind=$4 lost ss_log w
	topo_direct || { not_ok "$what: topology"; return 1; }
	# Rekeys carry a key exchange (pfs=yes, ours by default): strongSwan too.
	if ! check "$what: strongSwan starts on east" tunnel_start east strongswan auth=psk \
		esp_proposals=aes256gcm16-aes128gcm16-x25519-modp2048 ||
		! check "$what: ours starts on west" tunnel_start west ours auth=psk \
			"extra=retransmit-timeout=10s" ||
		! check "$what: tunnel up" ike_up west; then
		stop_all
		return 1
	fi
	ping_from west "$EAST_IP" >/dev/null
	on wire tc qdisc add dev to-east root netem delay 400ms
	on wire tc qdisc add dev to-west root netem delay 400ms
	# Both ask within a few ms of each other, long before either request lands.
	ours_whack west --name tun "$ours" >/dev/null &
	w=$!
	strongswan_swanctl east --rekey "$theirs" tun >/dev/null &
	wait "$w" $!
	ss_log=$LOGS/east-charon.log
	check "$what: ours saw the collision" wait_until 20 grep -q "$kind SA rekey collision with #" \
		"$LOGS/west-pluto.log"
	check "$what: strongSwan saw it and gave its verdict" wait_until 20 \
		grep -qiE "rekey collision (won|lost)" "$ss_log"
	if grep -q "$kind SA rekey collision.*this exchange had the lowest nonce" "$LOGS/west-pluto.log"; then
		lost=ours
		check "$what: ours lost, so strongSwan won" grep -qi "rekey collision won" "$ss_log"
	else
		lost=strongswan
		check "$what: ours won, so strongSwan lost" grep -qi "rekey collision lost" "$ss_log"
	fi
	note "$what: the redundant SA was made by $lost"
	# Back to no delay; deleting the qdisc would drop what it holds.
	on wire tc qdisc change dev to-east root netem delay 0ms
	on wire tc qdisc change dev to-west root netem delay 0ms
	# The redundant and the old SAs go; one pair is left in each kernel.
	check "$what: one SA pair left in our kernel" wait_until 30 \
		sh -c "[ \$(ip netns exec west ip xfrm state | grep -c '^src ') = 2 ]"
	check "$what: one SA pair left in strongSwan's kernel" wait_until 30 \
		sh -c "[ \$(ip netns exec east ip xfrm state | grep -c '^src ') = 2 ]"
	if [ "$kind" = IKE ]; then
		# The retransmit time-out (10 s) retires a peer's redundant IKE SA that
		# the peer did not delete; strongSwan does delete it.
		check "$what: one IKE SA left on our side" wait_until 20 \
			sh -c "[ \$(\"$IPSEC\" whack --ctlsocket \"$STATE/west/run/pluto.ctl\" --status | grep -c '(PARENT SA established)') = 1 ]"
		check "$what: and on strongSwan's" wait_until 20 \
			sh -c "[ \$(ip netns exec east env STRONGSWAN_CONF=\"$STATE/east/strongswan.conf\" swanctl --list-sas --uri \"unix://$STATE/east/charon.vici\" | grep -c '^tun: #') = 1 ]"
	fi
	check_tunnel "$what" west
	check_trafficstatus "$what" west
	stop_all
}

# The peer rekeys the IKE SA (strongSwan offers its whole proposal list, where
# the algorithms in use are not its first choice), then each side rekeys the
# Child SA over the new IKE SA: its keys must agree on both sides.
peer_rekeys_ike() {
	local peer=$1 what="$1 rekeys the IKE SA" wl=$LOGS/west-pluto.log plog
	local args=(auth=psk)
	[ "$peer" = strongswan ] && args+=(esp_proposals=aes256gcm16-aes128gcm16-x25519-modp2048)
	topo_direct || { not_ok "$what: topology"; return 1; }
	if ! check "$what: $peer starts on east" tunnel_start east "$peer" "${args[@]}" ||
		! check "$what: ours starts on west" tunnel_start west ours auth=psk ||
		! check "$what: tunnel up" ike_up west; then
		stop_all
		return 1
	fi
	case "$peer" in
	strongswan) strongswan_swanctl east --rekey --ike tun >/dev/null; plog=$LOGS/east-charon.log ;;
	libreswan) libreswan_whack east --name tun --rekey-ike >/dev/null; plog=$LOGS/east-libreswan.log ;;
	esac
	check "$what: ours answered it" wait_until 20 grep -q 'STATE_PARENT_R2: IKE SA rekeyed; replaces #1' "$wl"
	case "$peer" in
	strongswan) strongswan_swanctl east --rekey --child tun >/dev/null ;;
	libreswan) libreswan_whack east --name tun --rekey-ipsec >/dev/null ;;
	esac
	check "$what: $peer's Child SA rekey over the new IKE SA" wait_until 20 \
		grep -q '#4: STATE_V2_IPSEC_R: IPsec SA established' "$wl"
	ours_whack west --name tun --rekey-ipsec >/dev/null
	check "$what: ours over it too" wait_until 20 grep -q '#5: STATE_V2_IPSEC_I: IPsec SA established' "$wl"
	check "$what: no message failed its integrity check, here" \
		sh -c "! grep -q 'integrity check failed' '$wl'"
	check "$what: or there" sh -c "[ -s '$plog' ] && ! grep -qiE 'integrity check failed|seems to be corrupt|failed to match authenticator' '$plog'"
	check_tunnel "$what" west
	check_trafficstatus "$what" west
	stop_all
}

peer_rekeys_ike strongswan
peer_rekeys_ike libreswan
collide "Child SA" --rekey-ipsec --child Child
collide "IKE SA" --rekey-ike --ike IKE
finish
