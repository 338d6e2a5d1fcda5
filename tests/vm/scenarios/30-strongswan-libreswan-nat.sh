#!/bin/bash
# West sits behind a NAT router (masquerading 198.51.100.1 as 192.0.2.254). strongSwan
# and Libreswan notice the NAT (RFC 7296 NAT_DETECTION), float to port 4500 and
# encapsulate ESP in UDP (RFC 3948). West's LAN and east's LAN talk through the tunnel.
. "$(dirname "$0")/../lib.sh"

check_pair libreswan strongswan auth=psk nat=yes
check_pair strongswan libreswan auth=psk nat=yes
finish
