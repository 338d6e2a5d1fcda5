#!/bin/sh
# Prints the stripped binary's size against the 400 KiB budget.
f=$1
bytes=$(stat -c %s "$f")
budget=$((400 * 1024))
echo "$f: $bytes bytes ($((bytes / 1024)) KiB stripped), budget $budget bytes (400 KiB)"
if [ "$bytes" -gt "$budget" ]; then
	echo "over budget by $((bytes - budget)) bytes"
	exit 1
fi
