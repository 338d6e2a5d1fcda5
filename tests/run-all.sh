#!/bin/sh
# make test: unit tests (musl and sanitizers), fuzzers briefly, host tests, then the
# VM suite in one boot. Each stage ends with "N passed, N failed"; this sums them.
build=${1:-build}
pass=0; fail=0
stage() {
	name=$1; shift
	echo "=== $name"
	log=$build/test-$name.log
	"$@" 2>&1 | tee "$log"
	# The stage's own summary, not make's complaint printed after it.
	last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
	p=$(printf '%s' "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(printf '%s' "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	if [ -z "$p" ]; then
		echo "not ok - stage $name ended without a summary line"
		p=0; f=1
	fi
	pass=$((pass + p)); fail=$((fail + f))
}
mkdir -p "$build"
stage unit make -s unit
stage fuzz make -s fuzz-short
stage host make -s host-tests
stage vm make -s vm-tests
echo "=== total"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
