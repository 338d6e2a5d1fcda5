#!/bin/sh
# Installs the init files beside the binary: a systemd unit and an OpenWrt procd script.
set -e
destdir=$1; prefix=$2
here=$(dirname "$0")
if [ -f "$here/ipsec.service" ]; then
	install -d "$destdir/lib/systemd/system"
	install -m 0644 "$here/ipsec.service" "$destdir/lib/systemd/system/ipsec.service"
fi
if [ -f "$here/openwrt-ipsec.init" ]; then
	install -d "$destdir/etc/init.d"
	install -m 0755 "$here/openwrt-ipsec.init" "$destdir/etc/init.d/ipsec"
fi
