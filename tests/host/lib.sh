# Shared by the host tests: results, network namespaces, daemons.
# Source it with BUILD set (tests/host/run passes the build directory as $1).

BUILD=${BUILD:-${1:-build}}
case "$BUILD" in /*) ;; *) BUILD=$(pwd)/$BUILD ;; esac
IPSEC=$BUILD/ipsec
PASS=0
FAIL=0
TMP=$(mktemp -d /tmp/ipsec-host.XXXXXX)
NS_LIST=""
PIDS=""

ok() { PASS=$((PASS + 1)); echo "ok - $*"; }
not_ok() { FAIL=$((FAIL + 1)); echo "not ok - $*"; }
# check "what" command...: ok when the command succeeds.
check() {
	what=$1; shift
	if "$@"; then ok "$what"; else not_ok "$what"; fi
}
# check_grep "what" PATTERN FILE: the file contains the (fixed) string.
check_grep() {
	if grep -qF -- "$2" "$3"; then ok "$1"; else
		not_ok "$1"; echo "# expected in $3: $2"; sed 's/^/#   /' "$3" | tail -n 20
	fi
}
check_no_grep() {
	if grep -qF -- "$2" "$3"; then not_ok "$1"; echo "# unexpected in $3: $2"; else ok "$1"; fi
}

finish() {
	cleanup
	echo "$PASS passed, $FAIL failed"
	[ "$FAIL" = 0 ]
	exit $?
}

cleanup() {
	for pid in $PIDS; do kill "$pid" 2>/dev/null; done
	for pid in $PIDS; do
		for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$pid" 2>/dev/null
	done
	PIDS=""
	for ns in $NS_LIST; do ip netns del "$ns" 2>/dev/null; rm -rf "/etc/netns/$ns"; done
	NS_LIST=""
	[ -n "${KEEP_TMP:-}" ] || rm -rf "$TMP"
}
trap 'cleanup; exit 1' INT TERM

need_root() {
	if [ "$(id -u)" != 0 ]; then
		not_ok "these tests need root (network namespaces)"
		finish
	fi
}

# ns NAME: a namespace name unique to this run.
ns() { echo "ipsec-$$-$1"; }

# make_pair A B ADDR_A ADDR_B [PREFIX]: two namespaces joined by a veth pair.
make_pair() {
	a=$(ns "$1"); b=$(ns "$2"); pfx=${5:-24}
	ip netns add "$a" && ip netns add "$b" || return 1
	NS_LIST="$NS_LIST $a $b"
	ip link add "v-$1" netns "$a" type veth peer name "v-$2" netns "$b" || return 1
	ip -n "$a" link set lo up; ip -n "$b" link set lo up
	ip -n "$a" link set "v-$1" up; ip -n "$b" link set "v-$2" up
	case "$3" in
	*:*) ip -n "$a" addr add "$3/${5:-64}" dev "v-$1" nodad
	     ip -n "$b" addr add "$4/${5:-64}" dev "v-$2" nodad ;;
	*)   ip -n "$a" addr add "$3/$pfx" dev "v-$1"
	     ip -n "$b" addr add "$4/$pfx" dev "v-$2" ;;
	esac
}

# add_addr HOST ADDR/PREFIX: another address (a "subnet" behind the host) on lo.
add_addr() { ip -n "$(ns "$1")" addr add "$2" dev lo; }

in_ns() { h=$1; shift; ip netns exec "$(ns "$h")" "$@"; }

# etc_file HOST NAME: standard input becomes the host's /etc/NAME (hosts,
# resolv.conf) for programs started in its namespace from now on (ip netns exec
# lays /etc/netns/NS/NAME over /etc/NAME).
etc_file() { mkdir -p "/etc/netns/$(ns "$1")" && cat >"/etc/netns/$(ns "$1")/$2"; }

# Each host has a directory: ipsec.conf, ipsec.secrets, nss/, run/, pluto.log.
host_dir() { d=$TMP/$1; mkdir -p "$d/nss" "$d/run"; chmod 700 "$d/run"; echo "$d"; }

# start_pluto HOST [pluto options...]: runs our daemon in the host's namespace.
start_pluto() {
	h=$1; shift
	d=$(host_dir "$h")
	touch "$d/ipsec.secrets"; chmod 600 "$d/ipsec.secrets"
	rm -f "$d/run/pluto.ctl" # a killed daemon's socket must not look alive
	# Not through in_ns: $! must be the daemon itself, not a subshell.
	ip netns exec "$(ns "$h")" "$IPSEC" pluto --nofork --stderrlog --config "$d/ipsec.conf" \
		--secretsfile "$d/ipsec.secrets" --nssdir "$d/nss" --rundir "$d/run" "$@" \
		>>"$d/pluto.log" 2>&1 &
	PIDS="$PIDS $!"
	eval "PLUTO_PID_$h=$!"
	for _ in $(seq 1 100); do
		[ -S "$d/run/pluto.ctl" ] && return 0
		kill -0 $! 2>/dev/null || break
		sleep 0.05
	done
	echo "# pluto on $h did not start:"; sed 's/^/#   /' "$d/pluto.log" | tail -n 20
	return 1
}

stop_pluto() {
	h=$1
	eval "pid=\${PLUTO_PID_$h:-}"
	[ -n "$pid" ] || return 0
	kill "$pid" 2>/dev/null
	for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
	kill -9 "$pid" 2>/dev/null
}

# ipsec_on HOST ARGS...: "ipsec ARGS" against that host's daemon and files.
auto_on() {
	h=$1; shift
	d=$TMP/$h
	in_ns "$h" "$IPSEC" auto --config "$d/ipsec.conf" --ctlsocket "$d/run/pluto.ctl" "$@"
}
whack_on() {
	h=$1; shift
	in_ns "$h" "$IPSEC" whack --ctlsocket "$TMP/$h/run/pluto.ctl" "$@"
}

# wait_for FILE STRING [SECONDS]: until the string shows up in the file.
wait_for() {
	for _ in $(seq 1 $((${3:-10} * 10))); do
		grep -qF -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
