# The scenario library for tests/vm: hosts as network namespaces inside the guest,
# IKE daemons (ours, strongSwan, Libreswan) on them, tunnels, pings, kernel counters
# and captures, results as "ok - ..." / "not ok - ...". tests/vm/README.md lists the
# functions; tests/vm/scenarios/*.sh use them. Source it from bash:
#
#   . "$(dirname "$0")/../lib.sh"
#   topo_direct
#   tunnel_start east strongswan auth=psk
#   tunnel_start west libreswan auth=psk
#   check "Libreswan initiates to strongSwan" ike_up west
#   check_tunnel "Libreswan -> strongSwan" west
#   finish
#
# Everything runs inside the guest (tests/vm/run); only namespaces and veth pairs this
# library creates are touched, with documentation addresses only.

VM_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$VM_LIB/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD=$REPO/$BUILD ;; esac
IPSEC=$BUILD/ipsec
LIBRESWAN=${VM_LIBRESWAN:-$REPO/build/vm/libreswan}/usr/libexec/ipsec
# Libreswan's _updown only execs /usr/libexec/ipsec/_updown.xfrm, absent here.
LIBRESWAN_UPDOWN=$LIBRESWAN/_updown.xfrm
CHARON=/usr/lib/ipsec/charon

SCENARIO=${SCENARIO:-$(basename "$0" .sh)}
# Logs and captures land on the output share (the host's OUTDIR); sockets, NSS
# databases and configurations stay on the guest's own files.
LOGS=${VM_OUT:-/tmp/vm-out}/scenarios/$SCENARIO
STATE=/tmp/vmtest/$SCENARIO
KEYS=/tmp/vmtest/keys
rm -rf "$LOGS" "$STATE"
mkdir -p "$LOGS" "$STATE" "$KEYS"

PASS=0
FAIL=0
DIAGS=0
DIAG_ROUND=
ROUND=1
HOSTS=""
declare -A PID IMPL TUN
declare -a SPAWNED

# Addresses (documentation ranges only). topo_direct and topo_nat set WEST_IP etc.;
# PEER_IP_<host> is how the other side sees a host (the NAT's address for west
# behind it). Each host has a LAN on a dummy interface "lan0" for subnet tunnels.
WEST_LAN=203.0.113.0/25
WEST_LAN_IP=203.0.113.1
EAST_LAN=203.0.113.128/25
EAST_LAN_IP=203.0.113.129
WEST_LAN6=2001:db8:a::/64
WEST_LAN_IP6=2001:db8:a::1
EAST_LAN6=2001:db8:b::/64
EAST_LAN_IP6=2001:db8:b::1

# ---------------------------------------------------------------- results

ok() { PASS=$((PASS + 1)); echo "ok - $*"; }

# not_ok WHAT: a failure; the first in a round is followed by the state of every
# host (diag), for at most VM_DIAG_MAX (3) rounds of a scenario.
not_ok() {
	FAIL=$((FAIL + 1))
	echo "not ok - $*"
	if [ "$DIAG_ROUND" != "$ROUND" ] && [ "$DIAGS" -lt "${VM_DIAG_MAX:-3}" ]; then
		DIAGS=$((DIAGS + 1)) DIAG_ROUND=$ROUND
		diag
	elif [ "$DIAG_ROUND" = "$ROUND" ]; then
		echo "# (the hosts' state is shown after this round's first failure above)"
	fi
}

# check WHAT COMMAND...: ok when COMMAND succeeds; its output is shown on failure.
# COMMAND runs in this shell, so what it starts and sets stays.
check() {
	local what=$1 out=$STATE/check.out rc
	shift
	"$@" >"$out" 2>&1
	rc=$?
	if [ "$rc" = 0 ]; then
		ok "$what"
	else
		echo "# $* exited $rc:"
		tail -n 30 "$out" | sed 's/^/#   /'
		not_ok "$what"
	fi
	return "$rc"
}

# check_eq WHAT GOT WANT
check_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else
		echo "# got '$2', expected '$3'"
		not_ok "$1"
	fi
}

# check_grep WHAT PATTERN FILE: FILE contains the extended regular expression.
check_grep() {
	if grep -qE -- "$2" "$3"; then ok "$1"; else
		echo "# expected /$2/ in $3"
		not_ok "$1"
	fi
}

note() { echo "# $*"; }

# skip WHAT REASON: a check that could not run here; the suite counts it apart.
skip() { echo "ok - $1 # SKIP $2"; }

# run_program WHAT PROGRAM [ARGS...]: a test program that prints its own "ok - " /
# "not ok - " lines (tests/unit/check.h), e.g. build/unit-musl/test_xfrm_kernel,
# run here where the kernel has ESP (IPSEC_TEST_ESP=1). Its lines count as this
# scenario's; a crash or a non-zero exit without a "not ok" line is one failure.
# Skipped when PROGRAM has not been built.
run_program() {
	local what=$1 prog=$2 out=$STATE/program.out rc p n
	shift 2
	if [ ! -x "$prog" ]; then
		skip "$what" "$prog not built"
		return 0
	fi
	IPSEC_TEST_ESP=1 "$prog" "$@" >"$out" 2>&1
	rc=$?
	sed -E 's/^([0-9]+ passed, [0-9]+ failed)$/# \1/' "$out"
	p=$(grep -c '^ok - ' "$out")
	n=$(grep -c '^not ok - ' "$out")
	PASS=$((PASS + p)) FAIL=$((FAIL + n))
	if [ "$rc" != 0 ] && [ "$n" = 0 ]; then
		not_ok "$what: $prog exited with status $rc"
	elif [ $((p + n)) = 0 ]; then
		not_ok "$what: $prog reported no result"
	fi
	[ "$rc" = 0 ]
}

# diag [HOST...]: what a failure needs to be understood from CI output alone: the
# daemons' logs, the kernel's SAs and policies with counters, the routes, and a
# summary of every capture.
diag() {
	local h f hosts=${*:-$HOSTS}
	for h in $hosts; do
		ip netns pids "$h" >/dev/null 2>&1 || continue
		echo "# ---- $h: ip -s xfrm state"
		on "$h" ip -s xfrm state 2>&1 | sed 's/^/#   /'
		echo "# ---- $h: ip xfrm policy (without per-socket bypasses)"
		on "$h" ip xfrm policy 2>&1 | awk '
			/^src / { if (rec != "" && rec !~ /socket (in|out)/) print rec; rec = $0; next }
			{ rec = rec "\n" $0 }
			END { if (rec != "" && rec !~ /socket (in|out)/) print rec }' | sed 's/^/#   /'
		echo "# ---- $h: addresses and routes"
		on "$h" ip -brief addr 2>&1 | sed 's/^/#   /'
		on "$h" ip route show table all 2>&1 | grep -v -E '^(local|broadcast|multicast|anycast|fe80)' |
			sed 's/^/#   /'
	done
	for f in "$LOGS"/*.log; do
		[ -f "$f" ] || continue
		echo "# ---- $(basename "$f") (last 40 lines)"
		tail -n 40 "$f" | sed 's/^/#   /'
	done
	for f in "$LOGS"/*.pcap; do
		[ -f "$f" ] || continue
		echo "# ---- capture $(basename "$f") (first 20 packets)"
		tcpdump -r "$f" -n -c 20 2>/dev/null | sed 's/^/#   /'
	done
}

# finish: stops everything, prints "N passed, N failed", exits non-zero on failure.
finish() {
	stop_all
	echo "$PASS passed, $FAIL failed"
	[ "$FAIL" = 0 ]
	exit
}
trap 'stop_all' EXIT
trap 'stop_all; exit 1' INT TERM

# ---------------------------------------------------------------- hosts

# on HOST COMMAND...: runs COMMAND in the host's network namespace. `ip` itself
# switches namespace (ip -n), which saves an exec and a mount under emulation.
on() {
	local h=$1
	shift
	if [ "$1" = ip ]; then
		shift
		ip -n "$h" "$@"
	else
		ip netns exec "$h" "$@"
	fi
}

# host_add NAME: a namespace with loopback up and a state folder.
host_add() {
	ip netns add "$1" || return 1
	HOSTS="$HOSTS $1"
	on "$1" ip link set lo up
	mkdir -p "$STATE/$1"
}

# router HOST: forwards IPv4 and IPv6.
router() { on "$1" sysctl -q -w net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1; }

# link_add HOST_A IF_A HOST_B IF_B: a veth pair between two hosts, both ends up.
link_add() {
	ip link add "$2" netns "$1" type veth peer name "$4" netns "$3" || return 1
	on "$1" ip link set "$2" up
	on "$3" ip link set "$4" up
}

# addr_add HOST IF ADDR/PREFIX...: addresses on an interface (IPv6 without DAD).
addr_add() {
	local h=$1 dev=$2 a
	shift 2
	for a in "$@"; do
		case "$a" in
		*:*) on "$h" ip addr add "$a" dev "$dev" nodad ;;
		*) on "$h" ip addr add "$a" dev "$dev" ;;
		esac
	done
}

# lan_add HOST LAN_IP/PREFIX LAN_IP6/PREFIX: the subnet behind a host, on lan0.
lan_add() {
	on "$1" ip link add lan0 type dummy &&
		on "$1" ip link set lan0 up &&
		addr_add "$1" lan0 "$2" "$3"
}

# ip_batch [HOST]: `ip` commands from standard input, one process (in HOST's
# namespace when given): a topology costs a few execs instead of dozens, which
# counts under emulation.
ip_batch() {
	if [ -n "${1:-}" ]; then ip -n "$1" -batch -; else ip -batch -; fi
}

# topo_direct: west and east on one link (192.0.2.0/24, 2001:db8:1::/64). The link
# runs through a bridge in the namespace "wire", where captures see the packets as
# they travel (on an endpoint, tcpdump also sees what the kernel decrypted).
topo_direct() {
	TOPO=direct WIRE_HOST=wire WIRE_IF=to-east
	WEST_IP=192.0.2.1 EAST_IP=192.0.2.2
	WEST_IP6=2001:db8:1::1 EAST_IP6=2001:db8:1::2
	PEER_IP_west=$WEST_IP PEER_IP_east=$EAST_IP
	host_add west && host_add wire && host_add east || return 1
	ip_batch <<-EOF || return 1
	link add eth0 netns west type veth peer name to-west netns wire
	link add eth0 netns east type veth peer name to-east netns wire
	EOF
	ip_batch wire <<-EOF || return 1
	link add br0 type bridge
	link set br0 up
	link set to-west master br0 up
	link set to-east master br0 up
	EOF
	host_batch west "$WEST_IP/24" "$WEST_IP6/64" "$EAST_IP" "$EAST_IP6" \
		"$WEST_LAN_IP/25" "$WEST_LAN_IP6/64" &&
		host_batch east "$EAST_IP/24" "$EAST_IP6/64" "$WEST_IP" "$WEST_IP6" \
			"$EAST_LAN_IP/25" "$EAST_LAN_IP6/64"
}

# host_batch HOST IP4/LEN IP6/LEN GW4 GW6 LAN4/LEN LAN6/LEN: an end host's eth0
# addresses, default routes (IPv6 ones when given) and its LAN on lan0.
host_batch() {
	{
		echo "link set eth0 up"
		echo "addr add $2 dev eth0"
		[ -n "$3" ] && echo "addr add $3 dev eth0 nodad"
		echo "route add default via $4"
		[ -n "$5" ] && echo "route add default via $5"
		echo "link add lan0 type dummy"
		echo "link set lan0 up"
		echo "addr add $6 dev lan0"
		echo "addr add $7 dev lan0 nodad"
	} | ip_batch "$1"
}

# topo_nat: west (198.51.100.1) behind the router "nat", which masquerades it as
# 192.0.2.254 towards east (192.0.2.2). IPv4 only. Captures run on nat's outside.
topo_nat() {
	TOPO=nat WIRE_HOST=nat WIRE_IF=outside
	WEST_IP=198.51.100.1 EAST_IP=192.0.2.2 NAT_IP=192.0.2.254 NAT_INSIDE_IP=198.51.100.254
	WEST_IP6= EAST_IP6=
	PEER_IP_west=$NAT_IP PEER_IP_east=$EAST_IP
	host_add west && host_add nat && host_add east && router nat || return 1
	ip_batch <<-EOF || return 1
	link add eth0 netns west type veth peer name inside netns nat
	link add eth0 netns east type veth peer name outside netns nat
	EOF
	ip_batch nat <<-EOF || return 1
	link set inside up
	link set outside up
	addr add $NAT_INSIDE_IP/24 dev inside
	addr add $NAT_IP/24 dev outside
	EOF
	host_batch west "$WEST_IP/24" "" "$NAT_INSIDE_IP" "" "$WEST_LAN_IP/25" "$WEST_LAN_IP6/64" &&
		host_batch east "$EAST_IP/24" "" "$NAT_IP" "" "$EAST_LAN_IP/25" "$EAST_LAN_IP6/64" &&
		on nat iptables -t nat -A POSTROUTING -o outside -j MASQUERADE
}

# peer_of HOST: the other end of the tunnel (west <-> east).
peer_of() { case "$1" in west) echo east ;; *) echo west ;; esac; }

# ip_of HOST [4|6]: the host's own wire address.
ip_of() {
	case "$1-${2:-4}" in
	west-4) echo "$WEST_IP" ;; east-4) echo "$EAST_IP" ;;
	west-6) echo "$WEST_IP6" ;; east-6) echo "$EAST_IP6" ;;
	esac
}

# lan_of HOST [4|6] / lan_ip_of HOST [4|6]: the host's LAN and its address there.
lan_of() {
	case "$1-${2:-4}" in
	west-4) echo "$WEST_LAN" ;; east-4) echo "$EAST_LAN" ;;
	west-6) echo "$WEST_LAN6" ;; east-6) echo "$EAST_LAN6" ;;
	esac
}
lan_ip_of() {
	case "$1-${2:-4}" in
	west-4) echo "$WEST_LAN_IP" ;; east-4) echo "$EAST_LAN_IP" ;;
	west-6) echo "$WEST_LAN_IP6" ;; east-6) echo "$EAST_LAN_IP6" ;;
	esac
}

# ---------------------------------------------------------------- processes

# spawn HOST NAME COMMAND...: starts COMMAND in the host's namespace in the
# background, output to $LOGS/HOST-NAME.log; stop HOST NAME ends it.
spawn() {
	local h=$1 name=$2
	shift 2
	ip netns exec "$h" "$@" </dev/null >>"$LOGS/$h-$name.log" 2>&1 &
	PID[$h-$name]=$!
	SPAWNED+=("$h-$name")
}

# pid_of HOST NAME
pid_of() { echo "${PID[$1-$2]:-}"; }

# stop HOST NAME: SIGTERM, then SIGKILL after 5 s, by PID.
stop() {
	local key=$1-$2 pid i
	pid=${PID[$key]:-}
	[ -n "$pid" ] || return 0
	kill "$pid" 2>/dev/null
	for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	unset "PID[$key]"
}

# stop_all: every process this scenario started, then its namespaces and the hosts'
# state. The round's logs, configurations and captures move to $LOGS/round-N, so a
# scenario can run several rounds (topology, daemons, checks, stop_all) in a row.
stop_all() {
	local key h f moved= pids=() pid i
	# Everything is asked to stop at once, then given 5 s together.
	for key in "${SPAWNED[@]}"; do
		pid=${PID[$key]:-}
		[ -n "$pid" ] && kill "$pid" 2>/dev/null && pids+=("$pid")
	done
	for i in $(seq 50); do
		for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && break; pid=; done
		[ -z "${pid:-}" ] && break
		sleep 0.1
	done
	for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
	for key in "${SPAWNED[@]}"; do unset "PID[$key]"; done
	SPAWNED=()
	for h in $HOSTS; do
		ip netns del "$h" 2>/dev/null
		rm -rf "${STATE:?}/$h"
	done
	HOSTS=""
	IMPL=()
	for f in "$LOGS"/*; do
		[ -f "$f" ] || continue
		mkdir -p "$LOGS/round-$ROUND" && mv "$f" "$LOGS/round-$ROUND/" && moved=1
	done
	[ -n "$moved" ] && ROUND=$((ROUND + 1))
	return 0
}

# wait_until SECONDS COMMAND...: polls COMMAND every 0.2 s until it succeeds.
wait_until() {
	local limit=$1 end
	shift
	end=$((SECONDS + limit))
	until "$@" >/dev/null 2>&1; do
		[ "$SECONDS" -lt "$end" ] || return 1
		sleep 0.2
	done
}

# ---------------------------------------------------------------- captures

# capture_start HOST IF: tcpdump on the host's interface into $LOGS/HOST-IF.pcap;
# returns once it listens. The topologies name their wire: $WIRE_HOST $WIRE_IF.
capture_start() {
	local h=$1 dev=$2
	rm -f "$LOGS/$h-$dev.pcap" "$LOGS/$h-tcpdump-$dev.log"
	spawn "$h" "tcpdump-$dev" tcpdump -i "$dev" -n -U --immediate-mode -Z root \
		-w "$LOGS/$h-$dev.pcap"
	wait_until 30 grep -q 'listening on' "$LOGS/$h-tcpdump-$dev.log"
}

# capture_stop HOST IF
capture_stop() {
	local pid
	pid=$(pid_of "$1" "tcpdump-$2")
	[ -n "$pid" ] || return 0
	# The last replies may still be on their way through a slow emulated CPU.
	sleep 0.5
	kill -INT "$pid" 2>/dev/null
	wait_until 10 eval "! kill -0 $pid"
	stop "$1" "tcpdump-$2"
}

# capture_count HOST IF FILTER: packets in the capture matching a pcap filter.
capture_count() {
	tcpdump -r "$LOGS/$1-$2.pcap" -n "$3" 2>/dev/null | wc -l
}

# ---------------------------------------------------------------- kernel state

# xfrm_counters HOST SRC DST: what the kernel counted on HOST's SAs, as four numbers:
# packets SRC->DST, packets DST->SRC, bytes SRC->DST, bytes DST->SRC (summed over
# SAs, e.g. after a rekey). Bytes are of the inner packet in tunnel mode, of the IP
# payload in transport mode.
xfrm_counters() {
	on "$1" ip -s xfrm state 2>/dev/null | awk -v src="$2" -v dst="$3" '
		/^src / { dir = ($2 == src && $4 == dst) ? "out" : ($2 == dst && $4 == src) ? "in" : ""; next }
		dir != "" && /lifetime current:/ { want = 1; next }
		want { want = 0; gsub(/[^0-9]+/, " "); bytes[dir] += $1; packets[dir] += $2 }
		END { printf "%d %d %d %d\n", packets["out"], packets["in"], bytes["out"], bytes["in"] }'
}

# xfrm_sa_count HOST: how many SAs the kernel holds.
xfrm_sa_count() { on "$1" ip xfrm state 2>/dev/null | grep -c '^src '; }

# xfrm_manual MODE ENCAP SPI_OUT SPI_IN ALGO...: keyed-by-hand SAs and policies on
# west and east with `ip xfrm` (no IKE): ESP in MODE (tunnel: west's LAN <-> east's
# LAN; transport: west <-> east), ENCAP esp or udp (ESP in UDP 4500 both ways),
# ALGO the `ip xfrm state` algorithm words, e.g. aead 'rfc4106(gcm(aes))' 0x... 128.
# xfrm_flush removes them.
xfrm_manual() {
	local mode=$1 encap=$2 spi_w=$3 spi_e=$4 h l r lsel rsel spi_out spi_in
	shift 4
	local enc=()
	[ "$encap" = udp ] && enc=(encap espinudp 4500 4500 0.0.0.0)
	for h in west east; do
		l=$(ip_of "$h") r=$(ip_of "$(peer_of "$h")")
		if [ "$mode" = tunnel ]; then
			lsel=$(lan_of "$h") rsel=$(lan_of "$(peer_of "$h")")
		else
			lsel=$l/32 rsel=$r/32
		fi
		if [ "$h" = west ]; then spi_out=$spi_w spi_in=$spi_e; else spi_out=$spi_e spi_in=$spi_w; fi
		on "$h" ip xfrm state add src "$l" dst "$r" proto esp spi "$spi_out" reqid 1 \
			mode "$mode" "$@" "${enc[@]}" &&
			on "$h" ip xfrm state add src "$r" dst "$l" proto esp spi "$spi_in" reqid 1 \
				mode "$mode" "$@" "${enc[@]}" &&
			on "$h" ip xfrm policy add src "$lsel" dst "$rsel" dir out \
				tmpl src "$l" dst "$r" proto esp reqid 1 mode "$mode" &&
			on "$h" ip xfrm policy add src "$rsel" dst "$lsel" dir in \
				tmpl src "$r" dst "$l" proto esp reqid 1 mode "$mode" || return 1
	done
}
xfrm_flush() {
	local h hosts=${*:-west east}
	for h in $hosts; do
		on "$h" ip xfrm policy flush
		on "$h" ip xfrm state flush
	done
}

# ---------------------------------------------------------------- traffic

# ping_from HOST DEST [SRC] [COUNT]: COUNT (5) echo requests, all answered within
# 15 s; SRC picks the source address (a LAN address for subnet tunnels).
ping_from() {
	local h=$1 dst=$2 src=${3:-} count=${4:-5}
	on "$h" ping -n -q -c "$count" -i 0.2 -w 15 ${src:+-I "$src"} "$dst"
}

# check_traffic WHAT FROM SRC DST OUTER_SRC OUTER_DST ENCAP MODE [COUNT]: pings DST
# from SRC on FROM and checks that every ping came back, that the kernel's SAs on
# FROM between OUTER_SRC and OUTER_DST counted exactly those packets (COUNT each
# way, and their bytes: a ping of 56 bytes is 84 bytes of IPv4 or 104 of IPv6 in
# tunnel mode, 64 bytes of payload in transport mode), and that the capture on the
# wire saw them as ESP (ENCAP=esp) or ESP in UDP 4500 (ENCAP=udp) and never as clear
# ICMP echoes.
check_traffic() {
	local what=$1 from=$2 src=$3 dst=$4 osrc=$5 odst=$6 encap=$7 mode=$8 count=${9:-5}
	local wire=$WIRE_HOST dev=$WIRE_IF before after ping_out ping_rc esp clear size kind
	before=$(xfrm_counters "$from" "$osrc" "$odst")
	capture_start "$wire" "$dev" || { not_ok "$what: tcpdump did not start on $wire"; return 1; }
	ping_out=$(ping_from "$from" "$dst" "$src" "$count" 2>&1)
	ping_rc=$?
	capture_stop "$wire" "$dev"
	after=$(xfrm_counters "$from" "$osrc" "$odst")
	if [ "$ping_rc" = 0 ]; then
		ok "$what: $count pings $src -> $dst answered"
	else
		printf '%s\n' "$ping_out" | sed 's/^/#   /'
		not_ok "$what: $count pings $src -> $dst answered"
	fi
	size=84
	case "$dst" in *:*) size=104 ;; esac
	[ "$mode" = transport ] && size=64
	local b a
	read -r -a b <<<"$before"
	read -r -a a <<<"$after"
	local got="$((a[0] - b[0]))/$((a[1] - b[1]))/$((a[2] - b[2]))/$((a[3] - b[3]))"
	if [ "$got" = "$count/$count/$((count * size))/$((count * size))" ]; then
		ok "$what: kernel counted $count packets of $size bytes each way"
	else
		echo "# packets out/in, bytes out/in on $from for $osrc <-> $odst: before ${b[*]}, after ${a[*]}"
		on "$from" ip -s xfrm state 2>&1 | sed 's/^/#   /'
		not_ok "$what: kernel counted $count packets of $size bytes each way"
	fi
	if [ "$encap" = udp ]; then
		kind=ESP-in-UDP
		esp=$(capture_count "$wire" "$dev" "udp port 4500 and udp[8:4] != 0 and greater 60")
	else
		kind=ESP
		esp=$(capture_count "$wire" "$dev" "esp")
	fi
	clear=$(capture_count "$wire" "$dev" "icmp or (icmp6 and (ip6[40] == 128 or ip6[40] == 129))")
	if [ "$esp" -ge $((2 * count)) ] && [ "$clear" = 0 ]; then
		ok "$what: the wire carried $esp $kind packets, no clear ICMP"
	else
		echo "# capture on $wire $dev:"
		tcpdump -r "$LOGS/$wire-$dev.pcap" -n -c 30 2>/dev/null | sed 's/^/#   /'
		not_ok "$what: the wire carried $esp $kind packets (want $((2 * count))), $clear clear ICMP (want 0)"
	fi
}

# udp_encap_listen HOST [PORT]: a UDP socket on PORT (4500) with UDP_ENCAP_ESPINUDP,
# which a host needs to receive ESP-in-UDP when no IKE daemon holds that port.
udp_encap_listen() {
	local h=$1 port=${2:-4500}
	# SOL_UDP 17, UDP_ENCAP 100, UDP_ENCAP_ESPINUDP 2 (linux/udp.h).
	spawn "$h" "udp-encap-$port" perl -MSocket -e '
		socket(my $s, PF_INET, SOCK_DGRAM, 0) or die "socket: $!";
		setsockopt($s, 17, 100, pack("i", 2)) or die "UDP_ENCAP: $!";
		bind($s, pack_sockaddr_in($ARGV[0], INADDR_ANY)) or die "bind: $!";
		$| = 1; print "listening\n"; sleep;' "$port"
	wait_until 20 grep -q listening "$LOGS/$h-udp-encap-$port.log"
}

# ---------------------------------------------------------------- keys

# rsa_key NAME: an RSA key pair in $KEYS (see tests/vm/rsa-key for the files:
# NAME.key .pub .p12 .rsasigkey .ckaid), copied from the ones tests/vm/setup made on
# the host when there are, else made here (slowly, under emulation).
rsa_key() {
	[ -s "$KEYS/$1.ckaid" ] && return 0
	if [ -s "${VM_DIR:-$REPO/build/vm}/keys/$1.ckaid" ]; then
		cp "${VM_DIR:-$REPO/build/vm}/keys/$1".* "$KEYS/"
	else
		"$VM_LIB/rsa-key" "$KEYS" "$1"
	fi
}

# ---------------------------------------------------------------- daemons: files

# conf_write HOST FILE: standard input into the host's FILE (ipsec.conf,
# ipsec.secrets, swanctl.conf); secrets files get mode 0600.
conf_write() {
	mkdir -p "$STATE/$1"
	cat >"$STATE/$1/$2"
	case "$2" in *secrets*) chmod 600 "$STATE/$1/$2" ;; esac
	cp "$STATE/$1/$2" "$LOGS/$1-$2"
}
ipsec_conf() { conf_write "$1" ipsec.conf; }
ipsec_secrets() { conf_write "$1" ipsec.secrets; }
swanctl_conf() { conf_write "$1" swanctl.conf; }

# host_state HOST: the host's folder (configurations, NSS database, run directory).
host_state() { echo "$STATE/$1"; }

# nss_init HOST: an empty NSS database for Libreswan (our key store shares the path).
nss_init() {
	local d=$STATE/$1/nss
	[ -f "$d/cert9.db" ] && return 0
	mkdir -p "$d"
	certutil -N -d "sql:$d" --empty-password
}

# ---------------------------------------------------------------- daemons: ours

# ours_start HOST [PLUTO OPTIONS...]: build/ipsec pluto with the host's files,
# Libreswan's command line; returns once its control socket answers.
ours_start() {
	local h=$1 d=$STATE/$1
	shift
	mkdir -p "$d/run" "$d/nss" && chmod 700 "$d/run"
	[ -f "$d/ipsec.secrets" ] || : | ipsec_secrets "$h"
	rm -f "$d/run/pluto.ctl"
	spawn "$h" pluto "$IPSEC" pluto --nofork --config "$d/ipsec.conf" --rundir "$d/run" \
		--nssdir "$d/nss" --secretsfile "$d/ipsec.secrets" --ipsecdir "$d" --stderrlog "$@"
	IMPL[$h]=ours
	wait_until 30 test -S "$d/run/pluto.ctl" || { echo "# our pluto did not start on $h"; return 1; }
}
ours_auto() {
	local h=$1 d=$STATE/$1
	shift
	on "$h" "$IPSEC" auto --ctlsocket "$d/run/pluto.ctl" --config "$d/ipsec.conf" "$@"
}
ours_whack() {
	local h=$1
	shift
	on "$h" "$IPSEC" whack --ctlsocket "$STATE/$h/run/pluto.ctl" "$@"
}
ours_add() { ours_auto "$1" --add "$2"; }
ours_up() { ours_auto "$1" --up "$2"; }
ours_down() { ours_auto "$1" --down "$2"; }
ours_status() { ours_whack "$1" --trafficstatus; }
# ours_import HOST P12: a PKCS#12 file into the host's key store.
ours_import() { "$IPSEC" import --nssdir "$STATE/$1/nss" --password foobar "$2"; }

# ---------------------------------------------------------------- daemons: Libreswan

# libreswan_start HOST: Libreswan's pluto (unpacked in build/vm) with the host's files.
libreswan_start() {
	local h=$1 d=$STATE/$1
	# pluto runs /usr/libexec/ipsec/addconn itself, a path built in. In the guest the
	# root file system is a throw-away overlay: lay the unpacked tree there.
	if [ ! -e /usr/libexec/ipsec ] && [ -n "${VM_GUEST:-}" ]; then
		ln -s "$LIBRESWAN" /usr/libexec/ipsec
	fi
	mkdir -p "$d/run" && chmod 700 "$d/run"
	[ -f "$d/ipsec.secrets" ] || : | ipsec_secrets "$h"
	nss_init "$h" || return 1
	rm -f "$d/run/pluto.ctl"
	spawn "$h" libreswan "$LIBRESWAN/pluto" --nofork --config "$d/ipsec.conf" --rundir "$d/run" \
		--nssdir "$d/nss" --secretsfile "$d/ipsec.secrets" --ipsecdir "$d" --dumpdir "$d/run" \
		--stderrlog
	IMPL[$h]=libreswan
	wait_until 60 test -S "$d/run/pluto.ctl" || { echo "# Libreswan did not start on $h"; return 1; }
}
libreswan_whack() {
	local h=$1
	shift
	on "$h" "$LIBRESWAN/whack" --ctlsocket "$STATE/$h/run/pluto.ctl" "$@"
}
libreswan_add() {
	on "$1" "$LIBRESWAN/addconn" --ctlsocket "$STATE/$1/run/pluto.ctl" \
		--config "$STATE/$1/ipsec.conf" "$2"
}
libreswan_up() { libreswan_whack "$1" --name "$2" --initiate; }
libreswan_down() { libreswan_whack "$1" --name "$2" --terminate; }
libreswan_status() { libreswan_whack "$1" --trafficstatus; }
# libreswan_import HOST P12: a PKCS#12 file into the host's NSS database.
libreswan_import() {
	nss_init "$1" && pk12util -i "$2" -d "sql:$STATE/$1/nss" -W foobar >/dev/null
}

# ---------------------------------------------------------------- daemons: strongSwan

# strongswan_start HOST: charon with the host's swanctl.conf, its own /run (the pid
# file path is fixed), its own vici socket, only the plugins named here; swanctl
# loads the connections and the keys in the host's swanctl folder.
strongswan_start() {
	local h=$1 d=$STATE/$1 sub
	for sub in x509 x509ca x509ocsp x509aa x509ac x509crl pubkey private rsa ecdsa bliss pkcs8 pkcs12; do
		mkdir -p "$d/swanctl/$sub"
	done
	cp "$d/swanctl.conf" "$d/swanctl/swanctl.conf" || return 1
	rm -f "$d/charon.vici"
	cat >"$d/strongswan.conf" <<-EOF
	charon {
		load_modular = no
		load = random nonce openssl aes sha1 sha2 hmac gcm kdf pem pkcs1 pkcs8 pubkey x509 kernel-netlink socket-default vici
		install_virtual_ip = no
		filelog {
			stderr {
				default = 1
				ike = 2
				time_format = %H:%M:%S
				flush_line = yes
			}
		}
		syslog {
			daemon {
				default = -1
			}
		}
		plugins {
			vici {
				socket = unix://$d/charon.vici
			}
		}
	}
	swanctl {
		load = random nonce openssl pem pkcs1 pkcs8 pubkey x509
		socket = unix://$d/charon.vici
	}
	EOF
	spawn "$h" charon env STRONGSWAN_CONF="$d/strongswan.conf" \
		sh -c 'mount -t tmpfs tmpfs /run && exec "$0"' "$CHARON"
	IMPL[$h]=strongswan
	wait_until 60 test -S "$d/charon.vici" || { echo "# charon did not start on $h"; return 1; }
	strongswan_swanctl "$h" --load-all
}
# strongswan_swanctl HOST COMMAND [OPTIONS...]: swanctl against the host's charon;
# credentials come from the host's swanctl folder (SWANCTL_DIR).
strongswan_swanctl() {
	local h=$1 cmd=$2
	shift 2
	on "$h" env STRONGSWAN_CONF="$STATE/$h/strongswan.conf" SWANCTL_DIR="$STATE/$h/swanctl" \
		swanctl "$cmd" --uri "unix://$STATE/$h/charon.vici" "$@"
}
# strongswan_private HOST KEY_FILE: a private key for swanctl to load (its private/).
strongswan_private() {
	mkdir -p "$STATE/$1/swanctl/private" && cp "$2" "$STATE/$1/swanctl/private/"
}
# strongswan_add HOST NAME: swanctl loads every connection at start.
strongswan_add() { :; }
strongswan_up() { strongswan_swanctl "$1" --initiate --child "$2" --timeout 60; }
strongswan_down() { strongswan_swanctl "$1" --terminate --ike "$2"; }
strongswan_status() { strongswan_swanctl "$1" --list-sas; }

# ---------------------------------------------------------------- any daemon

# ike_start HOST IMPL [ARGS]: starts ours, libreswan or strongswan on HOST with the
# configuration written before; ike_add/up/down/status act on whichever runs there.
ike_start() { local h=$1 impl=$2; shift 2; "${impl}_start" "$h" "$@"; }
ike_add() { "${IMPL[$1]}_add" "$1" "${2:-${TUN[name]:-tun}}"; }
ike_up() { "${IMPL[$1]}_up" "$1" "${2:-${TUN[name]:-tun}}"; }
ike_down() { "${IMPL[$1]}_down" "$1" "${2:-${TUN[name]:-tun}}"; }
ike_status() { "${IMPL[$1]}_status" "$1"; }
ike_stop() { stop "$1" "$(impl_process "${IMPL[$1]}")"; unset "IMPL[$1]"; }
impl_process() { case "$1" in ours) echo pluto ;; strongswan) echo charon ;; *) echo "$1" ;; esac; }

# ---------------------------------------------------------------- tunnels

# tunnel_conf HOST IMPL [key=value...]: writes HOST's configuration for a tunnel to
# the other of west/east, in IMPL's own format (ipsec.conf + ipsec.secrets for ours
# and libreswan, swanctl.conf for strongswan), from one description:
#   name=tun            connection (and strongSwan child) name
#   auth=psk|rsa|null   PSK "@west @east", raw RSA keys from rsa_key, or NULL
#   psk=SECRET          the pre-shared key
#   subnets=no|yes      host-to-host, or west's LAN <-> east's LAN (forced by topo_nat)
#   family=4|6          IPv4 or IPv6 (addresses and LANs)
#   mode=tunnel|transport
#   ike= esp=           Libreswan proposal syntax (ours, libreswan)
#   proposals= esp_proposals=   strongSwan proposal syntax (strongswan)
#   extra=LINES         more ipsec.conf conn lines, or swanctl child lines
tunnel_conf() {
	local h=$1 impl=$2 kv
	shift 2
	TUN=([name]=tun [auth]=psk [psk]=this-is-a-test-key-and-no-secret-0123456789 [subnets]=no [family]=4
		[mode]=tunnel [ike]= [esp]= [proposals]= [esp_proposals]= [extra]=)
	for kv in "$@"; do
		case "$kv" in
		*=*) TUN[${kv%%=*}]=${kv#*=} ;;
		*) echo "# tunnel_conf: '$kv' is not key=value" >&2; return 2 ;;
		esac
	done
	[ "$TOPO" = nat ] && TUN[subnets]=yes
	local peer f=${TUN[family]}
	peer=$(peer_of "$h")
	if [ "${TUN[auth]}" = rsa ]; then
		rsa_key "$h" && rsa_key "$peer" || return 1
	fi
	case "$impl" in
	strongswan) tunnel_swanctl "$h" "$peer" "$f" ;;
	ours|libreswan) tunnel_ipsec_conf "$h" "$peer" "$f" "$impl" ;;
	*) echo "# tunnel_conf: unknown implementation '$impl'" >&2; return 2 ;;
	esac
}

# The peer's address as this host must address it (the NAT's for west behind it).
tunnel_remote_ip() {
	local peer=$2 f=$3
	if [ "$f" = 6 ]; then ip_of "$peer" 6; else eval "echo \$PEER_IP_$peer"; fi
}

tunnel_ipsec_conf() {
	local h=$1 peer=$2 f=$3 impl=$4 n=${TUN[name]}
	{
		printf 'config setup\n'
		[ "$impl" = libreswan ] && printf '\tdnssec-enable=no\n'
		printf '\nconn %s\n\tikev2=insist\n' "$n"
		printf '\tleft=%s\n\tleftid=@%s\n' "$(ip_of "$h" "$f")" "$h"
		printf '\tright=%s\n\trightid=@%s\n' "$(tunnel_remote_ip "$h" "$peer" "$f")" "$peer"
		if [ "${TUN[subnets]}" = yes ]; then
			printf '\tleftsubnet=%s\n\trightsubnet=%s\n' "$(lan_of "$h" "$f")" "$(lan_of "$peer" "$f")"
		fi
		printf '\ttype=%s\n' "${TUN[mode]}"
		case "${TUN[auth]}" in
		psk) printf '\tauthby=secret\n' ;;
		null) printf '\tauthby=null\n' ;;
		rsa) printf '\tauthby=rsasig\n\tleftrsasigkey=%s\n\trightrsasigkey=%s\n' \
			"$(cat "$KEYS/$h.rsasigkey")" "$(cat "$KEYS/$peer.rsasigkey")" ;;
		esac
		[ -n "${TUN[ike]}" ] && printf '\tike=%s\n' "${TUN[ike]}"
		[ -n "${TUN[esp]}" ] && printf '\tesp=%s\n' "${TUN[esp]}"
		[ "$impl" = libreswan ] && printf '\tleftupdown=%s\n' "$LIBRESWAN_UPDOWN"
		[ -n "${TUN[extra]}" ] && printf '%s\n' "${TUN[extra]}" | sed 's/^[[:space:]]*/\t/'
	} | ipsec_conf "$h"
	if [ "${TUN[auth]}" = psk ]; then
		printf '@%s @%s : PSK "%s"\n' "$h" "$peer" "${TUN[psk]}" | ipsec_secrets "$h"
	else
		: | ipsec_secrets "$h"
	fi
	if [ "${TUN[auth]}" = rsa ]; then
		if [ "$impl" = libreswan ]; then
			libreswan_import "$h" "$KEYS/$h.p12"
		else
			mkdir -p "$STATE/$h/nss" && ours_import "$h" "$KEYS/$h.p12"
		fi
	fi
}

tunnel_swanctl() {
	local h=$1 peer=$2 f=$3 n=${TUN[name]} lts=dynamic rts=dynamic auth
	if [ "${TUN[subnets]}" = yes ]; then lts=$(lan_of "$h" "$f") rts=$(lan_of "$peer" "$f"); fi
	case "${TUN[auth]}" in psk) auth=psk ;; rsa) auth=pubkey ;; null) auth=null ;; esac
	{
		printf 'connections {\n\t%s {\n\t\tversion = 2\n' "$n"
		printf '\t\tlocal_addrs = %s\n\t\tremote_addrs = %s\n' \
			"$(ip_of "$h" "$f")" "$(tunnel_remote_ip "$h" "$peer" "$f")"
		[ -n "${TUN[proposals]}" ] && printf '\t\tproposals = %s\n' "${TUN[proposals]}"
		printf '\t\tlocal {\n\t\t\tauth = %s\n\t\t\tid = @%s\n' "$auth" "$h"
		[ "$auth" = pubkey ] && printf '\t\t\tpubkeys = %s\n' "$KEYS/$h.pub"
		printf '\t\t}\n\t\tremote {\n\t\t\tauth = %s\n\t\t\tid = @%s\n' "$auth" "$peer"
		[ "$auth" = pubkey ] && printf '\t\t\tpubkeys = %s\n' "$KEYS/$peer.pub"
		printf '\t\t}\n\t\tchildren {\n\t\t\t%s {\n' "$n"
		printf '\t\t\t\tlocal_ts = %s\n\t\t\t\tremote_ts = %s\n\t\t\t\tmode = %s\n' \
			"$lts" "$rts" "${TUN[mode]}"
		[ -n "${TUN[esp_proposals]}" ] && printf '\t\t\t\tesp_proposals = %s\n' "${TUN[esp_proposals]}"
		[ -n "${TUN[extra]}" ] && printf '%s\n' "${TUN[extra]}" | sed 's/^[[:space:]]*/\t\t\t\t/'
		printf '\t\t\t}\n\t\t}\n\t}\n}\nsecrets {\n'
		case "${TUN[auth]}" in
		psk) printf '\tike-%s {\n\t\tid-1 = @%s\n\t\tid-2 = @%s\n\t\tsecret = "%s"\n\t}\n' \
			"$n" "$h" "$peer" "${TUN[psk]}" ;;
		esac
		printf '}\n'
	} | swanctl_conf "$h"
	if [ "${TUN[auth]}" = rsa ]; then strongswan_private "$h" "$KEYS/$h.key"; fi
}

# check_trafficstatus WHAT HOST: `whack --trafficstatus` on HOST (ours or Libreswan)
# reports the byte counts the kernel holds for the tunnel's SAs (inBytes/outBytes
# summed over its lines, against xfrm_counters between HOST and its peer).
check_trafficstatus() {
	local what=$1 h=$2 peer f=${TUN[family]} status got k
	peer=$(peer_of "$h")
	status=$(ike_status "$h" 2>&1)
	got=$(printf '%s\n' "$status" | awk '
		/type=ESP/ { for (i = 1; i <= NF; i++) {
			if ($i ~ /^inBytes=/) { v = $i; sub(/^inBytes=/, "", v); sub(/,$/, "", v); in_b += v }
			if ($i ~ /^outBytes=/) { v = $i; sub(/^outBytes=/, "", v); sub(/,$/, "", v); out_b += v } } }
		END { printf "in %d out %d\n", in_b, out_b }')
	read -r -a k <<<"$(xfrm_counters "$h" "$(ip_of "$h" "$f")" "$(tunnel_remote_ip "$h" "$peer" "$f")")"
	if [ "$got" = "in ${k[3]} out ${k[2]}" ] && [ "${k[2]}" != 0 ]; then
		ok "$what: trafficstatus on $h shows the kernel's byte counts ($got)"
	else
		printf '%s\n' "$status" | sed 's/^/#   /'
		echo "# trafficstatus: $got; kernel: in ${k[3]} out ${k[2]}"
		not_ok "$what: trafficstatus on $h shows the kernel's byte counts"
	fi
}

# tunnel_start HOST IMPL [key=value...]: tunnel_conf, then start IMPL there and add
# the connection.
tunnel_start() {
	local h=$1 impl=$2
	tunnel_conf "$@" || return 1
	ike_start "$h" "$impl" || return 1
	ike_add "$h" "${TUN[name]}"
}

# check_tunnel WHAT FROM [COUNT]: traffic from FROM to the other side through the
# tunnel described by the last tunnel_conf: pings answered, the kernel's counters on
# FROM, and ESP (ESP-in-UDP through the NAT) on the wire.
check_tunnel() {
	local what=$1 from=$2 count=${3:-5} peer f=${TUN[family]} src dst osrc odst encap=esp
	peer=$(peer_of "$from")
	if [ "${TUN[subnets]}" = yes ]; then
		src=$(lan_ip_of "$from" "$f") dst=$(lan_ip_of "$peer" "$f")
	else
		src=$(ip_of "$from" "$f") dst=$(ip_of "$peer" "$f")
	fi
	osrc=$(ip_of "$from" "$f")
	odst=$(tunnel_remote_ip "$from" "$peer" "$f")
	[ "$TOPO" = nat ] && encap=udp
	check_traffic "$what" "$from" "$src" "$dst" "$osrc" "$odst" "$encap" "${TUN[mode]}" "$count"
}

# check_pair WEST_IMPL EAST_IMPL [key=value...]: one whole interoperability check,
# from a fresh network to a stopped one: topo_direct (topo_nat with nat=yes), each
# implementation started with tunnel_start and the same key=value description,
# the side named by initiator=west|east (west) brings the tunnel up, check_tunnel
# from there, check_trafficstatus on every side running ours or libreswan, then
# stop_all. Behind the NAT only west can initiate.
#   check_pair ours strongswan auth=rsa initiator=east
check_pair() {
	local w=$1 e=$2 kv init=west nat=no h
	shift 2
	for kv in "$@"; do
		case "$kv" in
		initiator=*) init=${kv#*=} ;;
		nat=*) nat=${kv#*=} ;;
		esac
	done
	local what="$w (west) <-> $e (east), $(printf '%s ' "$@" | sed 's/ $//')"
	if [ "$nat" = yes ]; then topo_nat; else topo_direct; fi || { not_ok "$what: topology"; stop_all; return 1; }
	if check "$what: $e starts on east" tunnel_start east "$e" "$@" &&
		check "$what: $w starts on west" tunnel_start west "$w" "$@" &&
		check "$what: $init brings the tunnel up" ike_up "$init"; then
		check_tunnel "$what" "$init"
		for h in west east; do
			case "${IMPL[$h]}" in ours|libreswan) check_trafficstatus "$what" "$h" ;; esac
		done
	fi
	stop_all
}
