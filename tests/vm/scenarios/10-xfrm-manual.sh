#!/bin/bash
# ESP keyed by hand with `ip xfrm` (no IKE): each algorithm the kernel must carry for
# us, and ESP in UDP, between west and east. Proves the guest kernel's data plane
# before any daemon is involved.
. "$(dirname "$0")/../lib.sh"

topo_direct || { not_ok "topology"; finish; }

# Test keys, not secrets: AEAD keys end with the 4-byte salt (RFC 4106, RFC 7634).
GCM_KEY=0x00112233445566778899aabbccddeeff01020304
CBC_KEY=0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
SHA256_KEY=0xfedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210
CHACHA_KEY=0x808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f07000000

# manual WHAT MODE ENCAP ALGO...: one pair of SAs, traffic through it, then gone.
manual() {
	local what=$1 mode=$2 encap=$3 src dst
	shift 3
	if ! check "$what: SAs and policies installed" xfrm_manual "$mode" "$encap" 0x1001 0x1002 "$@"; then
		xfrm_flush
		return
	fi
	if [ "$mode" = tunnel ]; then src=$WEST_LAN_IP dst=$EAST_LAN_IP; else src=$WEST_IP dst=$EAST_IP; fi
	check_traffic "$what" west "$src" "$dst" "$WEST_IP" "$EAST_IP" "$encap" "$mode"
	xfrm_flush
}

manual "AES-GCM-128 tunnel" tunnel esp aead 'rfc4106(gcm(aes))' "$GCM_KEY" 128
manual "AES-CBC-256 + HMAC-SHA2-256 transport" transport esp \
	enc 'cbc(aes)' "$CBC_KEY" auth-trunc 'hmac(sha256)' "$SHA256_KEY" 128
manual "ChaCha20-Poly1305 tunnel" tunnel esp aead 'rfc7539esp(chacha20,poly1305)' "$CHACHA_KEY" 128

# ESP in UDP (RFC 3948): a receiver needs a UDP_ENCAP socket on 4500.
udp_encap_listen west && udp_encap_listen east ||
	not_ok "UDP_ENCAP_ESPINUDP sockets on 4500"
manual "AES-GCM-128 in UDP 4500" tunnel udp aead 'rfc4106(gcm(aes))' "$GCM_KEY" 128

finish
