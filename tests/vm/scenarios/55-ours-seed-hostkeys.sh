#!/bin/bash
# The seed's section 3.3, word for word on both hosts: ipsec newhostkey --output,
# ipsec showhostkey --left/--right --ckaid with the CKAID it printed, the two
# rsasigkey lines pasted into conn mytunnel, ipsec auto --add and --up; then pings
# cross the tunnel as ESP and trafficstatus matches the kernel.
. "$(dirname "$0")/../lib.sh"

what="seed 3.3 host-to-host with newhostkey/showhostkey keys"
topo_direct || { not_ok "$what: topology"; finish; }
# The tunnel description check_tunnel reads (tunnel_conf is not used: the
# configuration below is written as the seed writes it).
TUN=([name]=mytunnel [family]=4 [mode]=tunnel [subnets]=no)
for h in west east; do
	d=$STATE/$h
	mkdir -p "$d/nss"
	"$IPSEC" newhostkey --nssdir "$d/nss" --output "$d/hostkey.secrets" 2>"$LOGS/$h-newhostkey.log"
	sed -n 's/^Generated RSA key pair with CKAID \([0-9a-f]*\) was stored in the NSS database$/\1/p' \
		"$LOGS/$h-newhostkey.log" >"$d/ckaid"
	check "$what: newhostkey on $h printed its CKAID" [ -s "$d/ckaid" ]
done
"$IPSEC" showhostkey --nssdir "$STATE/west/nss" --left --ckaid "$(cat "$STATE/west/ckaid")" \
	>"$LOGS/left.txt"
"$IPSEC" showhostkey --nssdir "$STATE/east/nss" --right --ckaid "$(cat "$STATE/east/ckaid")" \
	>"$LOGS/right.txt"
check "$what: showhostkey --left gives leftrsasigkey=" grep -q $'^\tleftrsasigkey=0sAwEAA' "$LOGS/left.txt"
check "$what: showhostkey --right gives rightrsasigkey=" grep -q $'^\trightrsasigkey=0sAwEAA' "$LOGS/right.txt"
for h in west east; do
	{
		printf 'config setup\n\nconn mytunnel\n\tleftid=@west\n\tleft=%s\n' "$WEST_IP"
		grep rsasigkey "$LOGS/left.txt"
		printf '\trightid=@east\n\tright=%s\n' "$EAST_IP"
		grep rsasigkey "$LOGS/right.txt"
		printf '\tauthby=rsasig\n'
	} | ipsec_conf "$h"
	: | ipsec_secrets "$h"
done
if check "$what: ours starts on east" ours_start east &&
	check "$what: ours starts on west" ours_start west &&
	check "$what: ipsec auto --add mytunnel (east)" ours_add east mytunnel &&
	check "$what: ipsec auto --add mytunnel (west)" ours_add west mytunnel &&
	check "$what: ipsec auto --up mytunnel" ours_up west mytunnel; then
	check_tunnel "$what" west
	check_trafficstatus "$what" west
	check_trafficstatus "$what" east
fi
stop_all
finish
