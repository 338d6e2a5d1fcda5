#!/bin/bash
# What this host's kernel allows without ESP: our daemon with the real XFRM
# interface routes connections (trap policies), removes them again, refuses a
# conflicting policy clearly, and leaves nothing behind when it stops.
. "$(dirname "$0")/lib.sh"
need_root
make_pair west east 192.0.2.1 192.0.2.2
add_addr west 198.51.100.1/24
add_addr east 203.0.113.1/24
d=$(host_dir west)
cat >$d/ipsec.conf <<EOC
config setup
	logfile=$d/pluto.log

conn routed
	left=192.0.2.1
	leftsubnet=198.51.100.0/24
	right=192.0.2.2
	rightsubnet=203.0.113.0/24
	authby=null
	leftid=%null
	rightid=%null
	auto=route

conn manual
	left=192.0.2.1
	leftsubnet=198.51.100.0/25
	right=192.0.2.2
	rightsubnet=203.0.113.0/25
	authby=null
	leftid=%null
	rightid=%null
EOC
policies() { in_ns west ip xfrm policy list; }
start_pluto west --kernel xfrm
check_grep "the real kernel interface is used" 'using kernel interface: xfrm' $d/pluto.log
sleep 0.3
policies >$TMP/pol.txt
check_grep "auto=route installed the trap policy" 'src 198.51.100.0/24 dst 203.0.113.0/24' $TMP/pol.txt
check_grep "for ESP in tunnel mode to the peer" 'tmpl src 192.0.2.1 dst 192.0.2.2' $TMP/pol.txt
auto_on west --add manual >/dev/null
auto_on west --route manual >$TMP/route.out
policies >$TMP/pol.txt
check_grep "ipsec auto --route adds another" 'src 198.51.100.0/25 dst 203.0.113.0/25' $TMP/pol.txt
auto_on west --unroute manual >/dev/null
policies >$TMP/pol.txt
check_no_grep "--unroute removes it" 'src 198.51.100.0/25 dst 203.0.113.0/25' $TMP/pol.txt
# A policy somebody else put there first: our route must fail, saying why.
in_ns west ip xfrm policy add src 198.51.100.0/25 dst 203.0.113.0/25 dir out action block priority 2097152
auto_on west --route manual >$TMP/conflict.out 2>&1
check_grep "conflicting policy reported" 'conflicting kernel policy' $TMP/conflict.out
in_ns west ip xfrm policy delete src 198.51.100.0/25 dst 203.0.113.0/25 dir out
stop_pluto west
policies >$TMP/pol.txt
check "after shutdown no policy of ours remains" [ ! -s $TMP/pol.txt ]
in_ns west ip xfrm state list >$TMP/st.txt
check "and no state" [ ! -s $TMP/st.txt ]
finish
