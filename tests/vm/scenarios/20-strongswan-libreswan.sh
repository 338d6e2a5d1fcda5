#!/bin/bash
# strongSwan and Libreswan negotiate an IKEv2 tunnel with a pre-shared key, each
# side initiating once, and carry pings as ESP; Libreswan's trafficstatus matches
# the kernel's counters. Proves both peers work in the guest before our daemon
# meets them.
. "$(dirname "$0")/../lib.sh"

check_pair libreswan strongswan auth=psk initiator=west
check_pair libreswan strongswan auth=psk initiator=east
finish
