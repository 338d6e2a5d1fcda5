#!/bin/sh
# netlink/mnl.c claims libmnl's semantics: the same test program, built against
# Debian's real libmnl (shared library), must pass too.
# Usage: tests/host/xfrm_mnl_compat.sh BUILD
build=${1:-build}
case "$build" in /*) ;; *) build=$(pwd)/$build ;; esac
mkdir -p "$build/host"
bin=$build/host/test_mnl_libmnl
if ! gcc -std=c11 -D_GNU_SOURCE -DTEST_REAL_LIBMNL -Wall -Wextra -Wno-unused-parameter -I. \
	-o "$bin" tests/unit/test_mnl.c tests/unit/check.c -lmnl; then
	echo "not ok - tests/unit/test_mnl.c builds against libmnl (libmnl-dev)"
	echo "0 passed, 1 failed"
	exit 1
fi
out=$("$bin" 2>&1); rc=$?
printf '%s\n' "$out" | sed 's/^\(not ok\|ok\) - /\1 - real libmnl: /'
[ "$rc" = 0 ]
