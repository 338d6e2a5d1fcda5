#!/bin/bash
# Our daemon with itself on a real kernel: the seed's host-to-host with raw RSA
# keys (section 3.3), site-to-site with subnets in IPv4 and IPv6 (3.4), transport
# mode, NULL authentication, and NAT-T through a NAT namespace. Every check pings
# through the tunnel, reads the kernel's counters, looks at the wire, and compares
# `ipsec trafficstatus` with the kernel.
. "$(dirname "$0")/../lib.sh"

check_pair ours ours auth=rsa
check_pair ours ours auth=psk subnets=yes
check_pair ours ours auth=psk subnets=yes family=6
check_pair ours ours auth=psk mode=transport
check_pair ours ours auth=null initiator=east
check_pair ours ours auth=psk nat=yes
finish
