#!/bin/sh
# Runs each libFuzzer target for a bounded time over its seed corpus.
# Usage: tests/run-fuzz.sh SECONDS FUZZER...
secs=$1; shift
pass=0; fail=0
for f in "$@"; do
	name=$(basename "$f")
	seeds=tests/fuzz/corpus/${name#fuzz_}
	work=$(dirname "$f")/corpus-$name
	mkdir -p "$work"
	set -- "$work"
	[ -d "$seeds" ] && set -- "$work" "$seeds"
	if "$f" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=0 \
		"$@" >"$(dirname "$f")/$name.log" 2>&1; then
		echo "ok - fuzz $name for ${secs}s: no crash, leak or timeout"
		pass=$((pass + 1))
	else
		tail -n 40 "$(dirname "$f")/$name.log"
		echo "not ok - fuzz $name: see $(dirname "$f")/$name.log"
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
