#!/bin/bash
# Our daemon and Libreswan 4.10: each side initiating, with PSK, raw RSA and NULL
# authentication; IPv6 site-to-site and NAT-T.
. "$(dirname "$0")/../lib.sh"

check_pair ours libreswan auth=psk initiator=west
check_pair ours libreswan auth=psk initiator=east
check_pair ours libreswan auth=rsa initiator=west
check_pair ours libreswan auth=rsa initiator=east
check_pair ours libreswan auth=null initiator=west
check_pair ours libreswan auth=null initiator=east
check_pair ours libreswan auth=psk subnets=yes family=6 initiator=east
check_pair ours libreswan auth=psk nat=yes
finish
