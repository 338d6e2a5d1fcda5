#!/bin/sh
# Runs each unit-test program; each prints "ok - ..." / "not ok - ..." lines and
# ends with "N passed, N failed". Prints the sum as the last line.
build=$1; shift
pass=0; fail=0
for t in "$@"; do
	out=$("$t" 2>&1); rc=$?
	last=$(printf '%s\n' "$out" | tail -n 1)
	p=$(printf '%s' "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(printf '%s' "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	if [ -z "$p" ]; then
		printf '%s\n' "$out" | tail -n 20
		echo "not ok - $t: crashed or printed no summary (exit $rc)"
		p=0; f=1
	elif [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		echo "not ok - $t: exit status $rc"
		f=1
	fi
	[ "$f" != 0 ] && printf '%s\n' "$out" | grep '^not ok' | sed "s|^|$(basename "$(dirname "$t")")/$(basename "$t"): |"
	echo "unit $(basename "$(dirname "$t")")/$(basename "$t"): $p passed, $f failed"
	pass=$((pass + p)); fail=$((fail + f))
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
