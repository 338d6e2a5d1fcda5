#!/bin/bash
# Rekeying, dead peer detection, COOKIEs, forced NAT-T, fragmentation, IPv6 and
# hostile input, between two of our daemons (kernel interface "none").
. "$(dirname "$0")/lib.sh"
need_root
make_pair west east 192.0.2.1 192.0.2.2

conf() {
	d=$(host_dir "$1")
	printf 'config setup\n\tlogfile=%s/pluto.log\n%s\n\nconn %%default\n\tretransmit-interval=200\n\tretransmit-timeout=3s\n\n%s\n' \
		"$d" "${3:-}" "$2" >"$d/ipsec.conf"
}
restart() {
	stop_pluto west; stop_pluto east
	: >$TMP/west/pluto.log; : >$TMP/east/pluto.log
	start_pluto west --kernel none && start_pluto east --kernel none
	auto_on east --add t >/dev/null; auto_on west --add t >/dev/null
}
T='conn t
	left=192.0.2.1
	right=192.0.2.2
	authby=null
	leftid=%null
	rightid=%null'

# --- Child SA and IKE SA rekey with short lifetimes
conf west "$T
	salifetime=6s
	ikelifetime=9s
	rekeymargin=3s
	rekeyfuzz=0%"
conf east "$T"
restart
auto_on west --up t >/dev/null
check "up before rekeying" wait_for $TMP/east/pluto.log 'STATE_V2_IPSEC_R' 2
check "Child SA rekeyed by the initiator" wait_for $TMP/west/pluto.log '"t" #3: STATE_V2_IPSEC_I: IPsec SA established' 6
check_grep "the rekey request named the SA it replaces" 'sent IPsec Child rekey request for #2' $TMP/west/pluto.log
check "the old Child SA was deleted on the responder" wait_for $TMP/east/pluto.log 'received Delete SA payload: delete IPsec State #2 now' 3
check "IKE SA rekeyed" wait_for $TMP/west/pluto.log 'IKE SA rekeyed; replaces #1' 6
check "responder moved to the new IKE SA" wait_for $TMP/east/pluto.log 'IKE SA rekeyed; replaces #1' 3
check "old IKE SA deleted after the rekey" wait_for $TMP/east/pluto.log 'received Delete SA payload: deleting IKE SA' 3
whack_on west --trafficstatus >$TMP/ts.out
check "exactly one Child SA listed after the rekeys" [ "$(grep -c '^006 #' $TMP/ts.out)" = 1 ]
auto_on west --down t >/dev/null

# peer_dies ACTION: west brings the tunnel up with dpdaction=ACTION (liveness
# checks every second, 3 s without an answer), then east's daemon is killed.
peer_dies() {
	conf west "$T
	dpddelay=1
	dpdtimeout=3
	dpdaction=$1"
	conf east "$T"
	restart
	auto_on west --up t >/dev/null
	kill -9 "$PLUTO_PID_east"; wait "$PLUTO_PID_east" 2>/dev/null
}

# --- dead peer detection: the peer dies, the SA goes
peer_dies clear
check "DPD notices the dead peer" wait_for $TMP/west/pluto.log 'deleting state (STATE_PARENT_I3)' 10
whack_on west --trafficstatus >$TMP/ts.out
check "nothing left after dpdaction=clear" [ ! -s $TMP/ts.out ]
check_grep "Libreswan's words for dpdaction=clear" 'liveness action - clearing connection kind CK_PERMANENT' $TMP/west/pluto.log

# --- dpdaction=hold: the SA goes, the connection stays routed for on-demand
peer_dies hold
check "hold: DPD notices the dead peer" wait_for $TMP/west/pluto.log 'liveness action - putting connection into hold' 10
whack_on west --status >$TMP/st.out
check_grep "hold: the connection is routed, waiting for traffic" '"t": 192.0.2.1' $TMP/st.out
check "hold: as a prospective (trap) route" grep -q '"t":.*prospective erouted' $TMP/st.out
check_no_grep "hold: no IKE SA is started by itself" 'initiating IKEv2 IKE SA' <(sed -n '/putting connection into hold/,$p' $TMP/west/pluto.log)

# --- dpdaction=restart: the peer dies and comes back; the tunnel comes back too
peer_dies restart
check "restart: DPD notices the dead peer" wait_for $TMP/west/pluto.log \
	'liveness action - restarting all connections that share this peer' 10
sed -n '/liveness action - restarting/,$p' $TMP/west/pluto.log >$TMP/after.log
check_grep "restart: and starts again at once" 'initiating IKEv2 IKE SA' $TMP/after.log
: >$TMP/east/pluto.log
start_pluto east --kernel none && auto_on east --add t >/dev/null
check "restart: the tunnel is back once the peer is" wait_for $TMP/east/pluto.log 'STATE_V2_IPSEC_R: IPsec SA established' 20

# --- COOKIEs: a responder under (forced) load answers with a COOKIE first
conf west "$T"
conf east "$T" "	ddos-mode=busy"
restart
auto_on west --up t >$TMP/ck.out; rc=$?
check "COOKIE round trip, then the tunnel" [ "$rc" = 0 ]
check_grep "initiator resent with the cookie" 'Received anti-DDOS COOKIE, resending I1 with cookie payload' $TMP/ck.out
auto_on west --down t >/dev/null

# --- the half-open limit: an initiator that never sends IKE_AUTH (no PSK here)
# leaves a half-open SA; with max-halfopen-ike=1 the next one is refused.
conf west "conn t
	left=192.0.2.1
	right=192.0.2.2
	authby=secret"
conf east "$T" "	max-halfopen-ike=1"
restart
auto_on west --up t >/dev/null
auto_on west --up t >/dev/null
check_grep "second half-open SA refused, with the reason" 'dropped: too many half-open IKE SAs in total (max-halfopen-ike)' $TMP/east/pluto.log

# --- two site-to-site conns between the same two hosts: the responder picks the
# one whose selectors the initiator asked for, not just the first by address
TWO='conn a
	left=192.0.2.1
	leftsubnet=198.51.100.0/25
	right=192.0.2.2
	rightsubnet=203.0.113.0/25
	authby=null
	leftid=%null
	rightid=%null

conn b
	left=192.0.2.1
	leftsubnet=198.51.100.128/25
	right=192.0.2.2
	rightsubnet=203.0.113.128/25
	authby=null
	leftid=%null
	rightid=%null'
conf west "$TWO"
conf east "$TWO"
stop_pluto west; stop_pluto east
start_pluto west --kernel none && start_pluto east --kernel none
auto_on east --add a >/dev/null; auto_on east --add b >/dev/null; auto_on west --add b >/dev/null
auto_on west --up b >$TMP/two.out; rc=$?
check "second conn between the same hosts: up" [ "$rc" = 0 ]
check_grep "responder moved the Child SA to the conn the selectors name" 'selectors belong to "b"' $TMP/east/pluto.log
whack_on east --trafficstatus >$TMP/ts.out
check_grep "responder lists it under that name" '"b", type=ESP' $TMP/ts.out

# --- forced NAT-T (encapsulation=yes): both float to 4500, ESP in UDP
conf west "$T
	encapsulation=yes"
conf east "$T
	encapsulation=yes"
restart
auto_on west --up t >$TMP/nat.out
check_grep "ESP-in-UDP negotiated" 'IPsec SA established tunnel mode {ESP/NAT=>0x' $TMP/nat.out
check_grep "peer's NAT-T port" 'NATD=192.0.2.2:4500' $TMP/nat.out
auto_on west --down t >/dev/null

# --- fragmentation: an IKE_AUTH bigger than 576 bytes goes in RFC 7383 fragments
LONG=$(printf 'a%.0s' $(seq 1 400)).example.net
BIG="conn t
	left=192.0.2.1
	right=192.0.2.2
	authby=null
	leftid=@west.$LONG
	rightid=@east.$LONG"
conf west "$BIG"
conf east "$BIG"
restart
# --immediate-mode: without it this kernel's TPACKET_V3 ring may hold packets
# back until tcpdump exits, and they are lost.
in_ns west tcpdump --immediate-mode -l -i v-west -nn 'udp and src host 192.0.2.1' >$TMP/frag.txt 2>/dev/null &
TCPDUMP=$!
PIDS="$PIDS $TCPDUMP"
sleep 1
auto_on west --up t >$TMP/frag.out; rc=$?
sleep 0.5
kill "$TCPDUMP"; wait "$TCPDUMP" 2>/dev/null
n=$(grep -c ' > 192.0.2.2' $TMP/frag.txt)
check "fragmented IKE_AUTH: tunnel up" [ "$rc" = 0 ]
check "more than two packets from the initiator ($n)" [ "$n" -gt 2 ]
auto_on west --down t >/dev/null
stop_pluto west; stop_pluto east

# --- hostile input: garbage datagrams change nothing
conf west "$T"
conf east "$T"
restart
in_ns west bash -c 'printf "garbage" >/dev/udp/192.0.2.2/500;
	printf "\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x21\x20\x22\x08\x00\x00\x00\x00\x00\x00\x01\x00" >/dev/udp/192.0.2.2/500;
	printf "\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x21\x10\x22\x08\x00\x00\x00\x00\x00\x00\x00\x1c" >/dev/udp/192.0.2.2/500;
	printf "\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x21\x20\x22\x08\x00\x00\x00\x00\x00\x00\x00\x24\x00\x80\x00\x02\x01\x02\x03\x04" >/dev/udp/192.0.2.2/500'
sleep 0.5
check_grep "short datagram dropped with a reason" 'malformed IKE header (truncated)' $TMP/east/pluto.log
check_grep "length mismatch dropped" 'malformed IKE header (length mismatch)' $TMP/east/pluto.log
check_grep "IKEv1 dropped" 'IKEv1 is not supported' $TMP/east/pluto.log
check_grep "bad payload chain dropped" 'has malformed payloads; dropped' $TMP/east/pluto.log
auto_on west --up t >/dev/null
check "the daemon still works afterwards" [ $? = 0 ]
stop_pluto west; stop_pluto east

# --- a broken ipsec.conf: the daemon refuses to start and says where
conf west "$T
	nosuchkeyword=1"
start_pluto west --kernel none 2>/dev/null
check_grep "error names file and line" "$TMP/west/ipsec.conf:" $TMP/west/pluto.log
check_grep "and the keyword" 'nosuchkeyword' $TMP/west/pluto.log

# --- IPv6
make_pair west6 east6 2001:db8::1 2001:db8::2
T6='conn t
	left=2001:db8::1
	right=2001:db8::2
	authby=null
	leftid=%null
	rightid=%null'
d=$(host_dir west6); printf 'config setup\n\tlogfile=%s/pluto.log\n\n%s\n' "$d" "$T6" >$d/ipsec.conf
d=$(host_dir east6); printf 'config setup\n\tlogfile=%s/pluto.log\n\n%s\n' "$d" "$T6" >$d/ipsec.conf
start_pluto west6 --kernel none && start_pluto east6 --kernel none
auto_on east6 --add t >/dev/null; auto_on west6 --add t >/dev/null
auto_on west6 --up t >$TMP/v6.out; rc=$?
check "IPv6 tunnel up" [ "$rc" = 0 ]
check_grep "IPv6 selectors" 'negotiated connection [2001:db8::1-2001:db8::1:0-65535 0] -> [2001:db8::2-2001:db8::2:0-65535 0]' $TMP/v6.out
finish
