#!/bin/bash
# netlink/'s kernel interface on a kernel with ESP: tests/unit/test_xfrm_kernel
# with IPSEC_TEST_ESP=1 installs states for every algorithm netlink/ maps (checked
# against `ip xfrm state`), ESP-in-UDP, ESN and replay windows, lifetimes that
# give soft and hard EXPIREs, and tunnels between two namespaces of its own that
# pass ICMP echo with the kernel's counters rising (IPv4 and IPv6, tunnel and
# transport, in UDP 4500). It makes and removes its own namespaces.
repo=$(cd "$(dirname "$0")/../../.." && pwd)
build=${BUILD:-build}
case "$build" in /*) ;; *) build=$repo/$build ;; esac
bin=$build/unit-musl/test_xfrm_kernel
cd "$repo" || exit 1

# make vm-tests builds the binary, not the unit tests: link it here (the library
# objects are already built; the guest's writes go to its throw-away overlay).
if [ ! -x "$bin" ]; then
	if ! out=$(make -s BUILD="$build" "$bin" 2>&1); then
		printf '%s\n' "$out" | tail -n 20 | sed 's/^/# /'
		echo "not ok - build $bin (make unit builds it on the host)"
		echo "0 passed, 1 failed"
		exit 1
	fi
fi
IPSEC_TEST_ESP=1 "$bin"
