#!/bin/bash
# Raw RSA host-to-host exactly as the seed's section 3.3 does it: newhostkey,
# showhostkey --left/--right --ckaid, the keys pasted into a conn.
. "$(dirname "$0")/lib.sh"
need_root
make_pair west east 192.0.2.1 192.0.2.2

for h in west east; do
	d=$(host_dir "$h")
	"$IPSEC" newhostkey --nssdir "$d/nss" --bits 2192 --output "$d/hostkey.secrets" 2>"$d/newhostkey.err"
	sed -n 's/^Generated RSA key pair with CKAID \([0-9a-f]*\) was stored in the NSS database$/\1/p' \
		"$d/newhostkey.err" >"$d/ckaid"
done
check "newhostkey printed a CKAID on each host" [ -s $TMP/west/ckaid -a -s $TMP/east/ckaid ]
"$IPSEC" showhostkey --nssdir $TMP/west/nss --left --ckaid "$(cat $TMP/west/ckaid)" >$TMP/left.txt
"$IPSEC" showhostkey --nssdir $TMP/east/nss --right --ckaid "$(cat $TMP/east/ckaid)" >$TMP/right.txt
check_grep "showhostkey --left gives a leftrsasigkey line" '	leftrsasigkey=0sAwEAA' $TMP/left.txt
check_grep "showhostkey --right gives a rightrsasigkey line" '	rightrsasigkey=0sAwEAA' $TMP/right.txt

# write_conf HOST LEFTKEYFILE: the seed's conn, with the left key from the file.
write_conf() {
	d=$TMP/$1
	{
		printf 'config setup\n\tlogfile=%s/pluto.log\n\n' "$d"
		printf 'conn mytunnel\n\tleftid=@west\n\tleft=192.0.2.1\n'
		grep rsasigkey "$2"
		printf '\trightid=@east\n\tright=192.0.2.2\n'
		grep rsasigkey $TMP/right.txt
		printf '\tauthby=rsasig\n'
	} >"$d/ipsec.conf"
}
write_conf west $TMP/left.txt
write_conf east $TMP/left.txt
start_pluto west --kernel none && start_pluto east --kernel none
auto_on east --add mytunnel >/dev/null
auto_on west --add mytunnel >/dev/null
auto_on west --up mytunnel >$TMP/up.out; rc=$?
check "raw RSA: tunnel up" [ "$rc" = 0 ]
check_grep "peer identity" "002 \"mytunnel\" #2: IKEv2 mode peer ID is ID_FQDN: '@east'" $TMP/up.out
check_grep "RSA with RFC 7427 SHA2-512 (RSA-PSS)" '003 "mytunnel" #1: Authenticated using RSA with IKEv2_AUTH_HASH_SHA2_512' $TMP/up.out
check_grep "responder checked the initiator's key" 'Authenticated using RSA with IKEv2_AUTH_HASH_SHA2_512' $TMP/east/pluto.log
whack_on east --trafficstatus >$TMP/ts.out
check_grep "trafficstatus names the peer's ID" "id='@west'" $TMP/ts.out
auto_on west --down mytunnel >/dev/null
stop_pluto west; stop_pluto east

# A wrong public key for the peer: AUTHENTICATION_FAILED, as in the seed's 3.13.
mkdir -p $TMP/other
"$IPSEC" newhostkey --nssdir $TMP/other --bits 2192 2>$TMP/other.err
ck=$(sed -n 's/.*CKAID \([0-9a-f]*\) was.*/\1/p' $TMP/other.err)
"$IPSEC" showhostkey --nssdir $TMP/other --left --ckaid "$ck" | grep rsasigkey >$TMP/wrong.txt
write_conf east $TMP/wrong.txt
start_pluto west --kernel none && start_pluto east --kernel none
auto_on east --add mytunnel >/dev/null; auto_on west --add mytunnel >/dev/null
auto_on west --up mytunnel >$TMP/bad.out; rc=$?
check_grep "responder rejects the signature" 'Signature check failed' $TMP/east/pluto.log
check_grep "initiator hears AUTHENTICATION_FAILED" '002 "mytunnel" #1: IKE SA authentication request rejected by peer: AUTHENTICATION_FAILED' $TMP/bad.out
check_grep "and gives up" '036 "mytunnel" #1: encountered fatal error in state STATE_PARENT_I2' $TMP/bad.out
check "whack exit status 36" [ "$rc" = 36 ]
whack_on east --trafficstatus >$TMP/ts.out
check "nothing half-installed on the responder" [ ! -s $TMP/ts.out ]
finish
