#!/bin/sh
# Installs the Debian packages a build or test step needs, only when missing.
# Usage: release/deps.sh build|test|vm|fuzz ...  (idempotent; needs root to install)
set -e
want=""
for set in "$@"; do
	case "$set" in
	build) want="$want make gcc musl-tools libbearssl-dev libmnl-dev file binutils" ;;
	test)  want="$want iproute2 openssl libnss3-tools strongswan-charon strongswan-swanctl tcpdump nftables" ;;
	fuzz)  want="$want clang libclang-rt-14-dev" ;;
	vm)    want="$want qemu-system-x86 busybox-static cpio kmod iproute2 tcpdump strongswan-charon strongswan-swanctl" ;;
	*) echo "deps.sh: unknown set '$set'" >&2; exit 2 ;;
	esac
done
missing=""
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "deps.sh: missing packages:$missing (run as root, or install them)" >&2
	exit 1
fi
echo "deps.sh: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends $missing >/dev/null
