#!/bin/bash
# Two of our daemons in two network namespaces (kernel interface "none": this
# kernel has no ESP): handshakes, the lines users grep for, teardown.
. "$(dirname "$0")/lib.sh"
need_root

make_pair west east 192.0.2.1 192.0.2.2

# conf HOST CONN-BODY [SETUP-LINES]: writes HOST's ipsec.conf.
conf() {
	d=$(host_dir "$1")
	printf 'config setup\n\tlogfile=%s/pluto.log\n%s\n\nconn %%default\n\tretransmit-interval=200\n\tretransmit-timeout=3s\n\n%s\n' \
		"$d" "${3:-}" "$2" >"$d/ipsec.conf"
}

NULL_CONN='conn nulltest
	left=192.0.2.1
	right=192.0.2.2
	authby=null
	leftid=%null
	rightid=%null'

# --- NULL authentication, up, status, down on both sides
conf west "$NULL_CONN"
conf east "$NULL_CONN"
start_pluto west --kernel none && start_pluto east --kernel none
auto_on west --add nulltest >$TMP/add.out
check_grep "auto --add prints Libreswan's line" '002 added connection description "nulltest"' $TMP/add.out
in_ns east "$IPSEC" addconn --config $TMP/east/ipsec.conf --ctlsocket $TMP/east/run/pluto.ctl nulltest >$TMP/addconn.out
check_grep "ipsec addconn NAME loads into the daemon too" '002 added connection description "nulltest"' $TMP/addconn.out
auto_on west --up nulltest >$TMP/up.out; rc=$?
check "auto --up exits 0 once the tunnel is up" [ "$rc" = 0 ]
check_grep "initiator says initiating IKEv2 IKE SA" '181 "nulltest" #1: initiating IKEv2 IKE SA' $TMP/up.out
check_grep "sent v2I1, expected v2R1" '181 "nulltest" #1: STATE_PARENT_I1: sent v2I1, expected v2R1' $TMP/up.out
check_grep "sent v2I2 with the negotiated algorithms" '182 "nulltest" #2: STATE_PARENT_I2: sent v2I2, expected v2R2 {auth=IKEv2 cipher=AES_GCM_16_256 integ=n/a prf=HMAC_SHA2_512 group=' $TMP/up.out
check_grep "NULL authentication" '"nulltest" #1: Authenticated using authby=null' $TMP/up.out
check_grep "negotiated selectors" '002 "nulltest" #2: negotiated connection [192.0.2.1-192.0.2.1:0-65535 0] -> [192.0.2.2-192.0.2.2:0-65535 0]' $TMP/up.out
check_grep "IPsec SA established (RC_SUCCESS)" '004 "nulltest" #2: STATE_V2_IPSEC_I: IPsec SA established tunnel mode {ESP=>0x' $TMP/up.out
whack_on west --trafficstatus >$TMP/ts.out
if grep -Eq "^006 #2: \"nulltest\", type=ESP, add_time=[0-9]+, inBytes=0, outBytes=0, maxBytes=2\^63B, id='ID_NULL'$" $TMP/ts.out; then
	ok "trafficstatus line in Libreswan 4.x form"
else
	not_ok "trafficstatus line in Libreswan 4.x form"; sed 's/^/#   /' $TMP/ts.out
fi
whack_on east --trafficstatus >$TMP/ts.out
check_grep "responder lists its Child SA too" '006 #2: "nulltest", type=ESP' $TMP/ts.out
auto_on west --up nulltest >$TMP/up2.out
check_grep "a second --up reports the tunnel is already up" 'IPsec SA already established' $TMP/up2.out
auto_on west --down nulltest >$TMP/down.out
check "auto --down exits 0" [ $? = 0 ]
wait_for $TMP/east/pluto.log 'received Delete SA payload: deleting IKE SA' 5
check_grep "responder deletes on the peer's Delete" 'received Delete SA payload: deleting IKE SA' $TMP/east/pluto.log
whack_on west --trafficstatus >$TMP/ts.out; whack_on east --trafficstatus >>$TMP/ts.out
check "no Child SA left on either side" [ ! -s $TMP/ts.out ]
whack_on west --status >$TMP/st.out
check_grep "status shows the kernel interface" '000 using kernel interface: none' $TMP/st.out
check_grep "status counts connections" '000 Total IPsec connections: loaded 1, active 0' $TMP/st.out
whack_on west --fipsstatus >$TMP/fips.out
check_grep "fipsstatus" '000 FIPS mode disabled' $TMP/fips.out

# --- unknown connection name
auto_on west --up nosuchconn >$TMP/unk.out; rc=$?
check_grep "unknown connection: Libreswan's message" '021 no connection named "nosuchconn"' $TMP/unk.out
check "unknown connection: exit status 21" [ "$rc" = 21 ]
auto_on west --add nosuchconn >$TMP/unk.out 2>&1
check_grep "adding a conn missing from ipsec.conf says so" "conn 'nosuchconn': not found" $TMP/unk.out

stop_pluto west; stop_pluto east

# --- mismatched IKE algorithms: NO_PROPOSAL_CHOSEN, as the seed's section 3.13 shows
conf west "$NULL_CONN
	ike=aes256-sha2_256-dh19"
conf east "$NULL_CONN
	ike=aes128-sha1-modp2048"
start_pluto west --kernel none && start_pluto east --kernel none
auto_on east --add nulltest >/dev/null; auto_on west --add nulltest >/dev/null
auto_on west --up nulltest >$TMP/np.out; rc=$?
check_grep "NO_PROPOSAL_CHOSEN logged as Libreswan does" '"nulltest" #1: dropping unexpected IKE_SA_INIT message containing NO_PROPOSAL_CHOSEN notification; message payloads: N; missing payloads: SA,KE,Ni' $TMP/np.out
check_grep "retries while the time-out runs" 'STATE_PARENT_I1: retransmission; will wait 0.2 seconds for response' $TMP/np.out
check_grep "then gives up" '031 "nulltest" #1: STATE_PARENT_I1: ' $TMP/np.out
check "whack exits with the failure" [ "$rc" != 0 ]
check_grep "responder says why" 'no local proposal matches' $TMP/east/pluto.log
stop_pluto west; stop_pluto east

# --- INVALID_KE_PAYLOAD: initiator guesses DH19, responder wants DH31
conf west "$NULL_CONN
	ike=aes_gcm256-sha2_512-dh19,aes_gcm256-sha2_512-dh31"
conf east "$NULL_CONN
	ike=aes_gcm256-sha2_512-dh31"
start_pluto west --kernel none && start_pluto east --kernel none
auto_on east --add nulltest >/dev/null; auto_on west --add nulltest >/dev/null
auto_on west --up nulltest >$TMP/ike.out; rc=$?
check "INVALID_KE: the tunnel comes up" [ "$rc" = 0 ]
check_grep "initiator resends with the group asked for" 'Received unauthenticated INVALID_KE_PAYLOAD response to DH DH19; resending with suggested DH DH31' $TMP/ike.out
check_grep "responder asked for DH31" 'initiator guessed wrong keying material group (DH19); responding with INVALID_KE_PAYLOAD requesting DH31' $TMP/east/pluto.log
check_grep "the IKE SA uses DH31" 'group=DH31}' $TMP/ike.out
stop_pluto west; stop_pluto east

# --- a silent peer: the retransmission lines of the seed's section 3.13
conf west "$NULL_CONN
	retransmit-interval=500
	retransmit-timeout=4s"
start_pluto west --kernel none
auto_on west --add nulltest >/dev/null
auto_on west --up nulltest >$TMP/rt.out; rc=$?
check_grep "first resend waits 0.5 s" '010 "nulltest" #1: STATE_PARENT_I1: retransmission; will wait 0.5 seconds for response' $TMP/rt.out
check_grep "then 1 s" '010 "nulltest" #1: STATE_PARENT_I1: retransmission; will wait 1 seconds for response' $TMP/rt.out
check_grep "then 2 s" '010 "nulltest" #1: STATE_PARENT_I1: retransmission; will wait 2 seconds for response' $TMP/rt.out
check_grep "time-out line" '031 "nulltest" #1: STATE_PARENT_I1: 4 second timeout exceeded after 3 retransmits.  No response (or no acceptable response) to our first IKEv2 message' $TMP/rt.out
check_grep "keyingtries=0 keeps trying, releasing whack" 'starting keying attempt 2 of an unlimited number, but releasing whack' $TMP/rt.out
check "whack exits non-zero" [ "$rc" != 0 ]
check_grep "ICMP port unreachable from the peer is reported" 'ERROR: asynchronous network error report on v-west (192.0.2.1:500) for message to 192.0.2.2 port 500, complainant 192.0.2.2: Connection refused [errno 111, origin ICMP type 3 code 3 (not authenticated)]' $TMP/rt.out
stop_pluto west

# --- ipsec start / status / stop: the daemon in the background, as the seed runs it
d=$TMP/west
in_ns west "$IPSEC" start --config $d/ipsec.conf --secretsfile $d/ipsec.secrets --nssdir $d/nss \
	--rundir $d/run --kernel none >$TMP/start.out 2>&1
check "ipsec start returns once the daemon is ready" [ $? = 0 -a -S $d/run/pluto.ctl ]
check "it wrote a pid file" [ -s $d/run/pluto.pid ]
in_ns west "$IPSEC" status --rundir $d/run >$TMP/status.out
check_grep "ipsec status talks to it" '000 using kernel interface: none' $TMP/status.out
in_ns west "$IPSEC" start --config $d/ipsec.conf --rundir $d/run --kernel none >$TMP/start2.out 2>&1
check_grep "a second start notices the running daemon" 'already running' $TMP/start2.out
pid=$(cat $d/run/pluto.pid)
in_ns west "$IPSEC" stop --rundir $d/run >/dev/null 2>&1
check "ipsec stop ends it" [ $? = 0 ]
sleep 0.2
gone() { ! kill -0 "$1" 2>/dev/null; }
check "the process is gone" gone "$pid"
check "and its pid file and socket too" [ ! -e $d/run/pluto.pid -a ! -e $d/run/pluto.ctl ]

finish
