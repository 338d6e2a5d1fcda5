#!/bin/sh
# netlink/'s XFRM interface against this machine's kernel: SPI allocation,
# policies, ACQUIRE and EXPIRE events (no ESP needed), run in a network
# namespace made for it and deleted afterwards (the program checks that it is
# not the host's namespace; run alone, it makes its own).
# Usage: tests/host/xfrm_kernel.sh BUILD
build=${1:-build}
case "$build" in /*) ;; *) build=$(pwd)/$build ;; esac
pass=0; fail=0
ns=ipsec-xfrm-$$

note() { echo "$1"; case "$1" in ok*) pass=$((pass + 1)) ;; *) fail=$((fail + 1)) ;; esac; }

if ! ip netns add "$ns"; then
	note "not ok - ip netns add $ns (needs root)"
	echo "$pass passed, $fail failed"
	exit 1
fi
trap 'ip netns del "$ns" 2>/dev/null' EXIT INT TERM

for flavour in unit-musl unit-san; do
	bin=$build/$flavour/test_xfrm_kernel
	[ -x "$bin" ] || make -s BUILD="$build" "$bin" >/dev/null
	if [ ! -x "$bin" ]; then
		note "not ok - $flavour/test_xfrm_kernel could not be built"
		continue
	fi
	out=$(IPSEC_TEST_NETNS=1 ip netns exec "$ns" "$bin" 2>&1); rc=$?
	printf '%s\n' "$out" | grep -E '^(not )?ok - |^#' | sed "s|^\(not ok\|ok\) - |\1 - $flavour: |"
	last=$(printf '%s\n' "$out" | tail -n 1)
	p=$(printf '%s' "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(printf '%s' "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	if [ -z "$p" ]; then
		printf '%s\n' "$out" | tail -n 20
		note "not ok - $flavour/test_xfrm_kernel ended without a summary (exit $rc)"
		continue
	fi
	pass=$((pass + p)); fail=$((fail + f))
	[ "$rc" = 0 ] || [ "$f" != 0 ] || note "not ok - $flavour/test_xfrm_kernel exit status $rc"
done

# Everything the tests installed, they removed.
left=$(ip netns exec "$ns" ip xfrm state; ip netns exec "$ns" ip xfrm policy)
[ -z "$left" ] && note "ok - the namespace's XFRM tables are empty" ||
	note "not ok - XFRM entries left in $ns: $left"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
