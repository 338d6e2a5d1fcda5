#!/bin/sh
# Regenerates the key, certificate, signature and PKCS#12 fixtures in this folder
# with OpenSSL and NSS (libnss3-tools); the unit tests compare our code with them.
# The password of every encrypted fixture is "foobar" (as in Libreswan's tests).
# Usage: tests/data/keys/make-fixtures.sh   (from anywhere; writes next to itself)
set -e
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pw=foobar

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa2048.pem 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec256.pem
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out ec384.pem
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -out ec521.pem
openssl pkcs8 -topk8 -in rsa2048.pem -passout pass:$pw -out rsa2048-pbes2.pem
openssl pkcs8 -topk8 -in ec256.pem -v1 PBE-SHA1-3DES -passout pass:$pw -out ec256-3des.pem
openssl rsa -in rsa2048.pem -traditional -out rsa2048-pkcs1.pem 2>/dev/null
openssl ec -in ec384.pem -out ec384-sec1.pem 2>/dev/null

# CA (P-384) -> node (RSA 2048), valid for 100 years from now.
openssl req -x509 -new -key ec384.pem -subj "/C=CA/ST=Ontario/O=Libreswan/CN=Test CA" \
	-days 36500 -addext basicConstraints=critical,CA:TRUE -out ca.pem
openssl req -new -key rsa2048.pem -subj "/C=CA/O=Libreswan/OU=Test, Dept/CN=node.example.org" \
	-out "$tmp/node.csr"
printf 'subjectAltName=DNS:node.example.org,IP:192.0.2.1,email:node@example.org\n' >"$tmp/ext"
openssl x509 -req -in "$tmp/node.csr" -CA ca.pem -CAkey ec384.pem -set_serial 2 -days 36500 \
	-extfile "$tmp/ext" -out node.pem 2>/dev/null

# PKCS#12: OpenSSL 3 defaults, -legacy, and NSS pk12util (default and legacy ciphers).
openssl pkcs12 -export -inkey rsa2048.pem -in node.pem -certfile ca.pem -name node \
	-passout pass:$pw -out node-openssl.p12
openssl pkcs12 -export -legacy -inkey rsa2048.pem -in node.pem -certfile ca.pem -name node \
	-passout pass:$pw -out node-legacy.p12
certutil -N -d "sql:$tmp" --empty-password
pk12util -i node-openssl.p12 -d "sql:$tmp" -W $pw >/dev/null
pk12util -o node-nss.p12 -n node -d "sql:$tmp" -W $pw >/dev/null
pk12util -o node-nss-legacy.p12 -n node -d "sql:$tmp" -W $pw \
	-c "PKCS #12 V2 PBE With SHA-1 And 40 Bit RC2 CBC" \
	-C "PKCS #12 V2 PBE With SHA-1 And 3KEY Triple DES-CBC" >/dev/null

# Signatures by OpenSSL over message.txt.
printf 'IKEv2 signed octets stand-in\n' >message.txt
for h in sha256 sha384 sha512; do
	openssl dgst -$h -sign rsa2048.pem -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest \
		-out "sig-rsa-pss-$h.bin" message.txt
done
openssl dgst -sha1 -sign rsa2048.pem -out sig-rsa-pkcs1-sha1.bin message.txt
openssl dgst -sha256 -sign rsa2048.pem -out sig-rsa-pkcs1-sha256.bin message.txt
openssl dgst -sha256 -sign ec256.pem -out sig-ecdsa-p256-sha256.der message.txt
openssl dgst -sha384 -sign ec384.pem -out sig-ecdsa-p384-sha384.der message.txt
openssl dgst -sha512 -sign ec521.pem -out sig-ecdsa-p521-sha512.der message.txt

# What OpenSSL says, for the tests to compare with: CKAID = SHA-1 of the modulus
# (RSA) or of the uncompressed point (EC).
{
	printf 'rsa2048 %s\n' "$(openssl rsa -in rsa2048.pem -noout -modulus | cut -d= -f2 | perl -e 'local $/; $_ = <STDIN>; s/\s//g; print pack("H*", $_)' | sha1sum | cut -c1-40)"
	for k in ec256 ec384 ec521; do
		pt=$(openssl ec -in $k.pem -text -noout 2>/dev/null | sed -n '/^pub:/,/^ASN1/p' |
			grep -v -e pub: -e ASN1 | tr -d ' :\n')
		printf '%s %s\n' $k "$(printf '%s' "$pt" | perl -e 'local $/; $_ = <STDIN>; s/\s//g; print pack("H*", $_)' | sha1sum | cut -c1-40)"
	done
} >ckaids.txt
rm -f ca.srl
