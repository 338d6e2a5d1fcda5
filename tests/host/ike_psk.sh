#!/bin/bash
# Pre-shared keys from ipsec.secrets: by FQDN ids and by addresses, a wrong key
# (the seed's AUTHENTICATION_FAILED), --rereadsecrets.
. "$(dirname "$0")/lib.sh"
need_root
make_pair west east 192.0.2.1 192.0.2.2

conf() {
	d=$(host_dir "$1")
	printf 'config setup\n\tlogfile=%s/pluto.log\n\nconn %%default\n\tretransmit-interval=200\n\tretransmit-timeout=3s\n\n%s\n' \
		"$d" "$2" >"$d/ipsec.conf"
}
secrets() { d=$(host_dir "$1"); printf '%s\n' "$2" >"$d/ipsec.secrets"; chmod 600 "$d/ipsec.secrets"; }

FQDN='conn psk
	left=192.0.2.1
	leftid=@west
	right=192.0.2.2
	rightid=@east
	authby=secret'
conf west "$FQDN"; conf east "$FQDN"
secrets west '@west @east : PSK "a long enough pre-shared key for the test"'
secrets east '@east @west : PSK "a long enough pre-shared key for the test"'
start_pluto west --kernel none && start_pluto east --kernel none
check_grep "secrets loaded" 'loaded 1 secret from' $TMP/west/pluto.log
auto_on east --add psk >/dev/null; auto_on west --add psk >/dev/null
auto_on west --up psk >$TMP/up.out; rc=$?
check "PSK with FQDN ids: up" [ "$rc" = 0 ]
check_grep "PSK authentication logged" '003 "psk" #1: Authenticated using authby=secret' $TMP/up.out
check_grep "responder too" '"psk" #1: Authenticated using authby=secret' $TMP/east/pluto.log
auto_on west --down psk >/dev/null

# Wrong key on the responder: AUTHENTICATION_FAILED, nothing established.
secrets east '@east @west : PSK "a different pre-shared key on the other side"'
auto_on east --rereadsecrets >$TMP/rr.out
check_grep "rereadsecrets reports what it loaded" 'loaded 1 secret from' $TMP/rr.out
auto_on west --up psk >$TMP/bad.out; rc=$?
if grep -Eq '^002 "psk" #[0-9]+: IKE SA authentication request rejected by peer: AUTHENTICATION_FAILED$' $TMP/bad.out; then
	ok "initiator: the seed's line"
else
	not_ok "initiator: the seed's line"; sed 's/^/#   /' $TMP/bad.out
fi
check_grep "responder: AUTH mismatch" 'PSK authentication failed: AUTH mismatch!' $TMP/east/pluto.log
check "whack exit status 36" [ "$rc" = 36 ]
whack_on east --trafficstatus >$TMP/ts.out
check "no Child SA on the responder" [ ! -s $TMP/ts.out ]
stop_pluto west; stop_pluto east

# Ids left out: the addresses are the ids (Libreswan's default), secrets by address.
IP='conn psk
	left=192.0.2.1
	right=192.0.2.2
	authby=secret'
conf west "$IP"; conf east "$IP"
secrets west '192.0.2.1 192.0.2.2 : PSK 0sYWRkcmVzcy1iYXNlZCBwcmUtc2hhcmVkIGtleQ=='
secrets east '192.0.2.2 192.0.2.1 : PSK "address-based pre-shared key"'
start_pluto west --kernel none && start_pluto east --kernel none
chmod 644 $TMP/east/ipsec.secrets
auto_on east --rereadsecrets >$TMP/rr2.out
check_grep "a world-readable secrets file is a loud warning" 'SECRETS FILE IS READABLE BY EVERYONE' $TMP/rr2.out
auto_on east --add psk >/dev/null; auto_on west --add psk >/dev/null
auto_on west --up psk >$TMP/ip.out; rc=$?
check "address ids, base64 secret on one side, text on the other: up" [ "$rc" = 0 ]
check_grep "peer ID is its address" "IKEv2 mode peer ID is ID_IPV4_ADDR: '192.0.2.2'" $TMP/ip.out
auto_on west --down ip >/dev/null

# An id written as a plain name (no '@'): as Libreswan, the name is looked up and
# its address is the ID (ID_IPV4_ADDR). Each namespace has its own hosts file,
# and a resolver on its own loopback, where nothing answers.
for h in west east; do
	printf '192.0.2.2 east-gw\n' | etc_file $h hosts
	printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' | etc_file $h resolv.conf
done
NAMED='conn named
	left=192.0.2.1
	right=192.0.2.2
	rightid=east-gw
	authby=secret'
conf west "$NAMED"; conf east "$NAMED"
secrets west '192.0.2.1 192.0.2.2 : PSK "a long enough pre-shared key for the test"'
secrets east '192.0.2.2 192.0.2.1 : PSK "a long enough pre-shared key for the test"'
stop_pluto west; stop_pluto east
start_pluto west --kernel none && start_pluto east --kernel none
auto_on east --add named >/dev/null; auto_on west --add named >/dev/null
auto_on west --up named >$TMP/named.out; rc=$?
check "rightid=NAME: up" [ "$rc" = 0 ]
check_grep "rightid=NAME: the ID is the name's address" \
	"IKEv2 mode peer ID is ID_IPV4_ADDR: '192.0.2.2'" $TMP/named.out
auto_on west --down named >/dev/null
conf west "conn lost
	left=192.0.2.1
	right=192.0.2.2
	rightid=nowhere.invalid
	authby=secret"
auto_on west --add lost >$TMP/lost.out 2>&1
check_grep "a name that does not resolve is reported, and the default ID used" \
	'"lost": rightid=nowhere.invalid is not a numeric IPv4 address and name lookup failed; using the default ID' $TMP/lost.out
finish
