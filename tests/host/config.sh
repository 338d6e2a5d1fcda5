#!/bin/sh
# ipsec addconn --checkconfig / --list* and ipsec readwriteconf on the seed
# configurations (tests/data/config/seed). The listings expected below were
# recorded from Libreswan 4.10's own addconn (Debian 12 package
# libreswan 4.10-2+deb12u1, /usr/libexec/ipsec/addconn) on the same files,
# byte for byte (each name followed by a space; --listall and --listignore
# end with a newline, the others do not). tests/data/config/expected/
# site-to-site.readwriteconf equals Libreswan 4.10's readwriteconf output for
# that file except three lines per conn Libreswan gets wrong: an empty
# "auto=", a repeated "authby=", and "authby=RSASIG+RSASIG_v1_5", which does
# not parse (we print "authby=rsasig").
# Usage: tests/host/config.sh BUILD_DIR
build=${1:-build}
ipsec=$build/ipsec
seed=tests/data/config/seed
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { echo "ok - $*"; pass=$((pass + 1)); }
notok() { echo "not ok - $*"; fail=$((fail + 1)); }

# expect_list FILE OPTION 'expected output' (printf format)
expect_list() {
	printf "$3" >"$tmp/want"
	"$ipsec" addconn "--$2" --config "$seed/$1" >"$tmp/got" 2>"$tmp/err"
	if cmp -s "$tmp/got" "$tmp/want" && [ ! -s "$tmp/err" ]; then
		ok "addconn --$2 $1: as Libreswan 4.10 prints it"
	else
		notok "addconn --$2 $1: got '$(od -An -c "$tmp/got" | tr -s ' ')' $(cat "$tmp/err")"
	fi
}

for f in host-to-host.conf site-to-site.conf roadwarrior-server.conf roadwarrior-client.conf \
	mesh/mesh.conf ppk.conf tcp.conf nic-offload.conf nat.conf crypto-policy/ipsec.conf; do
	if "$ipsec" addconn --checkconfig --config "$seed/$f" >"$tmp/out" 2>&1 && [ ! -s "$tmp/out" ]; then
		ok "addconn --checkconfig $f: exit 0, nothing printed"
	else
		notok "addconn --checkconfig $f: $(cat "$tmp/out")"
	fi
done

expect_list host-to-host.conf listall 'mytunnel \n'
expect_list host-to-host.conf listadd ''
expect_list host-to-host.conf listroute 'mytunnel '
expect_list host-to-host.conf liststart 'mytunnel '
expect_list host-to-host.conf listignore '\n'
expect_list site-to-site.conf listall 'mysubnet mysubnet6 mytunnel \n'
expect_list site-to-site.conf listroute 'mysubnet mysubnet6 '
expect_list site-to-site.conf listignore 'mytunnel \n'
expect_list roadwarrior-server.conf listadd 'roadwarriors '
expect_list roadwarrior-client.conf liststart 'to-vpn-server '
expect_list mesh/mesh.conf listall 'clear private private-or-clear \n'
expect_list mesh/mesh.conf listroute 'clear private private-or-clear '
expect_list mesh/mesh.conf liststart ''
expect_list ppk.conf listadd 'west-east-ppk '
expect_list ppk.conf listignore 'west-east west-east-ppk-optional \n'
expect_list tcp.conf listadd 'tcp-fallback tcp-only '
expect_list crypto-policy/ipsec.conf listall 'follows-policy MyExample \n'
expect_list crypto-policy/ipsec.conf listadd 'follows-policy MyExample '

# the same through the applet's own name (a link, as make install lays them)
if [ -x "$build/addconn" ] &&
	[ "$("$build/addconn" --listall --config "$seed/nat.conf")" = "myvpn " ]; then
	ok "addconn called through its link"
else
	notok "addconn called through its link"
fi

# problems: FILE:LINE: message, exit 1
cat >"$tmp/bad.conf" <<'EOF'
conn bad
	left=192.0.2.1
	leftsubnet=192.0.2.0/33
	nosuchkey=1
	ike=aes-sha3
EOF
cat >"$tmp/want" <<EOF
$tmp/bad.conf:4: unknown keyword 'nosuchkey'
$tmp/bad.conf:3: invalid leftsubnet=192.0.2.0/33: not a subnet (expected an address or address/prefix)
$tmp/bad.conf:5: invalid ike=aes-sha3: IKE PRF algorithm 'sha3' is not recognized
EOF
"$ipsec" addconn --checkconfig --config "$tmp/bad.conf" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc = 1 ] && cmp -s "$tmp/err" "$tmp/want" && [ ! -s "$tmp/out" ]; then
	ok "addconn --checkconfig on a bad file: exit 1, each problem as FILE:LINE: message"
else
	notok "addconn --checkconfig on a bad file: exit $rc, stderr: $(cat "$tmp/err")"
fi
"$ipsec" addconn --checkconfig --config "$tmp/missing.conf" 2>"$tmp/err"
rc=$?
if [ $rc = 1 ] && grep -qx "$tmp/missing.conf: cannot open: No such file or directory" "$tmp/err"; then
	ok "addconn --checkconfig on a missing file: exit 1 and why"
else
	notok "addconn --checkconfig on a missing file: exit $rc $(cat "$tmp/err")"
fi

# modes that need the daemon, with no daemon behind the socket (ike_basic.sh
# loads into a running one), and usage errors
"$ipsec" addconn --config "$seed/nat.conf" --ctlsocket "$tmp/none.ctl" myvpn >"$tmp/err" 2>&1
rc=$?
if [ $rc = 1 ] && grep -q "is Pluto running?" "$tmp/err"; then
	ok "addconn NAME without a daemon: says so, exit 1"
else
	notok "addconn NAME without a daemon: exit $rc $(cat "$tmp/err")"
fi
"$ipsec" addconn --autoall --config "$seed/nat.conf" --ctlsocket "$tmp/none.ctl" >/dev/null 2>&1
rc=$?
[ $rc = 1 ] && ok "addconn --autoall without a daemon: exit 1" || notok "addconn --autoall: exit $rc"
"$ipsec" addconn --bogus 2>/dev/null
rc=$?
[ $rc = 2 ] && ok "addconn --bogus: usage error, exit 2" || notok "addconn --bogus: exit $rc"
"$ipsec" addconn 2>/dev/null
rc=$?
[ $rc = 2 ] && ok "addconn without arguments: exit 2" || notok "addconn without arguments: exit $rc"
if "$ipsec" addconn --help | grep -q -- '--checkconfig' && "$ipsec" readwriteconf --help | grep -q -- '--config'; then
	ok "addconn --help and readwriteconf --help"
else
	notok "addconn --help and readwriteconf --help"
fi

# readwriteconf
if "$ipsec" readwriteconf --config "$seed/site-to-site.conf" >"$tmp/rw" 2>"$tmp/err" &&
	cmp -s "$tmp/rw" tests/data/config/expected/site-to-site.readwriteconf && [ ! -s "$tmp/err" ]; then
	ok "readwriteconf site-to-site.conf: Libreswan's layout, also= resolved"
else
	notok "readwriteconf site-to-site.conf: $(diff "$tmp/rw" tests/data/config/expected/site-to-site.readwriteconf | head -5)"
fi
"$ipsec" readwriteconf --config "$seed/site-to-site.conf" --conn mysubnet6 --nosetup >"$tmp/one"
if [ "$(head -n 1 "$tmp/one")" = "conn mysubnet6" ] && [ "$(grep -c '^conn ' "$tmp/one")" = 1 ]; then
	ok "readwriteconf --conn NAME --nosetup: that conn only"
else
	notok "readwriteconf --conn NAME --nosetup"
fi
# Its output is a configuration that reads back to the same conns.
for f in host-to-host.conf site-to-site.conf roadwarrior-server.conf roadwarrior-client.conf \
	mesh/mesh.conf ppk.conf tcp.conf nic-offload.conf nat.conf crypto-policy/ipsec.conf; do
	"$ipsec" readwriteconf --config "$seed/$f" | grep -v '#also =' >"$tmp/a.conf"
	"$ipsec" readwriteconf --config "$tmp/a.conf" >"$tmp/b.conf" 2>"$tmp/err"
	if cmp -s "$tmp/a.conf" "$tmp/b.conf" && [ ! -s "$tmp/err" ]; then
		ok "readwriteconf $f: its output reads back to the same configuration"
	else
		notok "readwriteconf $f: round trip differs: $(diff "$tmp/a.conf" "$tmp/b.conf" | head -4) $(cat "$tmp/err")"
	fi
done
"$ipsec" readwriteconf --config "$tmp/bad.conf" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 1 ] && grep -q "bad.conf:4: unknown keyword 'nosuchkey'" "$tmp/err" &&
	ok "readwriteconf on a bad file: exit 1, FILE:LINE: message" ||
	notok "readwriteconf on a bad file: exit $rc"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
