#!/bin/bash
# Exchanges that cross (RFC 7296 2.8.1, 2.8.2, 2.25) between two of our daemons:
# both rekey the same Child SA, both rekey the IKE SA, or one rekeys the IKE SA
# while the other rekeys a Child SA. To make "at the same time" certain, east's
# firewall drops IKE from west while both requests go out; once it lets them
# through, the retransmissions cross.
. "$(dirname "$0")/lib.sh"
need_root
make_pair west east 192.0.2.1 192.0.2.2

conf() {
	d=$(host_dir "$1")
	printf 'config setup\n\tlogfile=%s/pluto.log\n\nconn %%default\n\tretransmit-interval=300\n\tretransmit-timeout=5s\n\n%s\n' \
		"$d" "$2" >"$d/ipsec.conf"
}
T='conn t
	left=192.0.2.1
	right=192.0.2.2
	authby=null
	leftid=%null
	rightid=%null'
conf west "$T"
conf east "$T"
WL=$TMP/west/pluto.log EL=$TMP/east/pluto.log

restart() {
	stop_pluto west; stop_pluto east
	cat "$WL" >>"$WL.old" 2>/dev/null; cat "$EL" >>"$EL.old" 2>/dev/null
	: >"$WL"; : >"$EL"
	start_pluto west --kernel none && start_pluto east --kernel none
	auto_on east --add t >/dev/null; auto_on west --add t >/dev/null
	auto_on west --up t >/dev/null
}
# East stops hearing west (IKE only), then hears it again.
deaf() {
	in_ns east nft -f - <<'NFT'
table inet collide {
	chain input { type filter hook input priority 0; udp sport 500 drop; }
}
NFT
}
hear() { in_ns east nft delete table inet collide; }
# Established Child SAs and IKE SAs in a daemon's status.
n_child() { whack_on "$1" --status | grep -c 'STATE_V2_IPSEC_[IR] (IPsec SA established)'; }
n_ike() { whack_on "$1" --status | grep -c '(PARENT SA established)'; }
# cross WHAT_WEST WHAT_EAST: west's and east's requests cross on the wire.
cross() {
	deaf
	whack_on west --name t "$1" >/dev/null
	wait_for "$WL" "$3" 5 || echo "# west sent nothing"
	whack_on east --name t "$2" >/dev/null
	wait_for "$EL" "$4" 5 || echo "# east sent nothing"
	# West has answered east by now (the answer is dropped too).
	sleep 0.5
	hear
}
# settled: one IKE SA and one Child SA on each side, for a few seconds.
settled() {
	for _ in $(seq 1 80); do
		[ "$(n_child west)$(n_child east)$(n_ike west)$(n_ike east)" = 1111 ] && break
		sleep 0.25
	done
	sleep 1
	[ "$(n_child west)$(n_child east)$(n_ike west)$(n_ike east)" = 1111 ]
}

# --- both rekey the same Child SA (2.8.1)
restart
check "tunnel up" wait_for "$EL" 'STATE_V2_IPSEC_R: IPsec SA established' 5
cross --rekey-ipsec --rekey-ipsec 'sent IPsec Child rekey request' 'sent IPsec Child rekey request'
# West hears east's request before its own answer comes, so it always sees the
# collision; east sees it too unless west's Delete of the redundant SA beats
# west's (dropped, then resent) answer to east: either way the verdicts agree.
check "west saw the Child SA collision" wait_for "$WL" 'Child SA rekey collision with #' 10
if grep -q 'Child SA rekey collision.*this exchange had the lowest nonce' "$WL"; then
	check_no_grep "west lost: east does not say it lost too" 'Child SA rekey collision with #4: this exchange' "$EL"
else
	check "west won: east lost" wait_for "$EL" 'Child SA rekey collision with #4: this exchange had the lowest nonce; deleting redundant Child SA #3' 10
fi
check "one Child SA left on each side, one IKE SA" settled
whack_on west --trafficstatus >$TMP/ts.out
check "trafficstatus lists one Child SA" [ "$(grep -c '^006 #' $TMP/ts.out)" = 1 ]
# The survivors are the two halves of one SA: west's outbound is east's inbound.
spis() { whack_on "$1" --status | sed -n 's/.*(IPsec SA established).* esp\.\([0-9a-f]*\)@[^ ]* esp\.\([0-9a-f]*\)@.*/\1 \2/p'; }
read -r w_out w_in <<<"$(spis west)"
read -r e_out e_in <<<"$(spis east)"
check "the surviving Child SA is the same one on both sides ($w_out/$w_in, $e_in/$e_out)" \
	[ -n "$w_out" -a "$w_out" = "$e_in" -a "$w_in" = "$e_out" ]
check_no_grep "no fatal errors on west" 'encountered fatal error' "$WL"
check_no_grep "no fatal errors on east" 'encountered fatal error' "$EL"

# --- both rekey the IKE SA (2.8.2)
restart
check "tunnel up again" wait_for "$EL" 'STATE_V2_IPSEC_R: IPsec SA established' 5
cross --rekey-ike --rekey-ike 'sent IKE SA rekey request' 'sent IKE SA rekey request'
# As with the Child SAs: west always sees the collision, east when west's
# answer to it (dropped, then resent) comes before west's Delete. Should west
# win, it deletes the old IKE SA, and east forgets its own rekey (RFC 7296
# 2.25.2) while its Child SAs move to west's new IKE SA.
check "west saw the IKE SA collision" wait_for "$WL" 'IKE SA rekey collision with #' 10
if grep -q 'IKE SA rekey collision.*this exchange had the lowest nonce' "$WL"; then
	check "west lost: it deleted its redundant IKE SA" wait_for "$EL" 'received Delete SA payload: deleting IKE SA' 5
	check_no_grep "east does not say it lost too" 'IKE SA rekey collision with #4: this exchange' "$EL"
else
	check "west won: it deleted the old IKE SA" wait_for "$EL" '"t" #1: received Delete SA payload: deleting IKE SA' 10
	check_no_grep "east does not say it won too" "the peer's exchange had the lowest nonce" "$EL"
fi
check "one IKE SA and its Child SA left on each side" settled
# The Child SA moved to the surviving IKE SA: a Child SA rekey works over it.
whack_on west --name t --rekey-ipsec >/dev/null
check "a Child SA rekey over the surviving IKE SA" wait_for "$EL" 'received Delete SA payload: delete IPsec State' 10
check "still one Child SA each" settled
check_no_grep "no fatal errors on west" 'encountered fatal error' "$WL"
check_no_grep "no fatal errors on east" 'encountered fatal error' "$EL"

# --- west rekeys the IKE SA while east rekeys the Child SA (2.25): each answers
# TEMPORARY_FAILURE, and both try again a little later.
restart
check "tunnel up a third time" wait_for "$EL" 'STATE_V2_IPSEC_R: IPsec SA established' 5
cross --rekey-ike --rekey-ipsec 'sent IKE SA rekey request' 'sent IPsec Child rekey request'
check_grep "west refused the Child SA rekey during its IKE SA rekey" \
	'CREATE_CHILD_SA request refused with TEMPORARY_FAILURE: rekeying the IKE SA' "$WL"
check "east refused the IKE SA rekey during its Child SA rekey" wait_for "$EL" \
	'IKE SA rekey request refused with TEMPORARY_FAILURE: a Child SA exchange of ours is in progress' 5
check "west will try its IKE SA rekey again" wait_for "$WL" 'will retry the rekey in' 5
check "east will try its Child SA rekey again" wait_for "$EL" 'will retry the rekey in' 5
check "then west's IKE SA rekey succeeds" wait_for "$WL" 'IKE SA rekeyed; replaces #1' 10
check "and east's Child SA rekey" wait_for "$WL" 'received Delete SA payload: delete IPsec State #2 now' 10
check "one IKE SA and one Child SA each in the end" settled

finish
