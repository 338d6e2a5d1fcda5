#!/bin/bash
# The product itself: one static binary that runs alone in an empty root, answers
# to every applet name, and installs where Libreswan users look for it.
. "$(dirname "$0")/lib.sh"
need_root

file "$IPSEC" >$TMP/file.txt
check_grep "file(1) says statically linked" 'statically linked' $TMP/file.txt
mkdir -p $TMP/root
cp "$IPSEC" $TMP/root/ipsec
chroot $TMP/root /ipsec --help >$TMP/chroot.txt 2>&1
check "runs alone in an empty chroot" [ $? = 0 ]
check_grep "and lists its commands there" 'showhostkey' $TMP/chroot.txt
chroot $TMP/root /ipsec pluto --selftest >$TMP/selftest.txt 2>&1
check "pluto --selftest passes in the chroot" [ $? = 0 ]
check_grep "selftest prints the FIPS lines" 'FIPS Mode: ' $TMP/selftest.txt
check_grep "and the algorithm tables" 'Encryption algorithms:' $TMP/selftest.txt

for a in pluto whack addconn auto newhostkey showhostkey import trafficstatus readwriteconf; do
	ln -sf "$IPSEC" $TMP/$a
	$TMP/$a --help >$TMP/h1.txt 2>&1; r1=$?
	"$IPSEC" $a --help >$TMP/h2.txt 2>&1; r2=$?
	check "$a: the link and 'ipsec $a' behave the same (--help exits 0)" \
		[ "$r1" = 0 -a "$r2" = 0 ] && cmp -s $TMP/h1.txt $TMP/h2.txt
	"$IPSEC" $a --no-such-option >/dev/null 2>&1
	check "$a: an unknown option exits 2" [ $? = 2 ]
done
"$IPSEC" no-such-applet >/dev/null 2>&1
check "an unknown applet exits 2" [ $? = 2 ]
"$IPSEC" >/dev/null 2>&1
check "no command exits 2" [ $? = 2 ]

make -s -C "$(dirname "$0")/../.." BUILD="$BUILD" DESTDIR=$TMP/dest install >/dev/null 2>&1
check "make install puts ipsec in /usr/sbin" [ -x $TMP/dest/usr/sbin/ipsec ]
for a in pluto whack addconn auto newhostkey showhostkey readwriteconf; do
	check "make install links /usr/libexec/ipsec/$a" [ -L $TMP/dest/usr/libexec/ipsec/$a -a -x $TMP/dest/usr/libexec/ipsec/$a ]
done
check "make install adds the systemd unit" [ -f $TMP/dest/lib/systemd/system/ipsec.service ]
check "and the OpenWrt procd script" [ -x $TMP/dest/etc/init.d/ipsec ]
$TMP/dest/usr/libexec/ipsec/whack --help >/dev/null 2>&1
check "an installed link runs" [ $? = 0 ]
finish
