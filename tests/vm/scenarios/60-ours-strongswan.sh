#!/bin/bash
# Our daemon and strongSwan: each side initiating, with PSK and raw RSA; a
# site-to-site tunnel, transport mode, and NAT-T with us behind the NAT.
. "$(dirname "$0")/../lib.sh"

check_pair ours strongswan auth=psk initiator=west
check_pair ours strongswan auth=psk initiator=east
check_pair ours strongswan auth=rsa initiator=west
check_pair ours strongswan auth=rsa initiator=east
check_pair ours strongswan auth=psk subnets=yes initiator=east
check_pair ours strongswan auth=psk mode=transport initiator=east
check_pair ours strongswan auth=psk nat=yes
finish
