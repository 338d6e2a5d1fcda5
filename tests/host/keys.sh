#!/bin/sh
# Host keys and PKCS#12 import against independent tools: OpenSSL computes the
# CKAIDs, blobs and SPKIs; NSS (certutil, pk12util) writes PKCS#12 files and lists
# its own CKAIDs; a published Libreswan key must print as Libreswan printed it.
# Usage: tests/host/keys.sh BUILD_DIR
build=${1:-build}
case "$build" in /*) ;; *) build=$(pwd)/$build ;; esac
ipsec=$build/ipsec
data=$(cd "$(dirname "$0")/../data/keys" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { echo "ok - $1"; pass=$((pass + 1)); }
nok() { echo "not ok - $1"; fail=$((fail + 1)); }
check() { desc=$1; shift; if "$@"; then ok "$desc"; else nok "$desc"; fi; }
unhex() { perl -e 'local $/; $_ = <STDIN>; s/\s//g; print pack("H*", $_)'; }
tohex() { od -An -v -tx1 | tr -d ' \n'; }
sha1_of_hex() { unhex | sha1sum | cut -c1-40; }
tab=$(printf '\t')

# --- newhostkey (RSA, default size) and the seed's --output form
store=$tmp/ipsec.d; mkdir -p "$store"
"$ipsec" newhostkey --nssdir "$store" --output "$store/hostkey.secrets" 2>"$tmp/err"; rc=$?
check "newhostkey exits 0" [ "$rc" = 0 ]
ckaid=$(sed -n 's/^Generated RSA key pair with CKAID \([0-9a-f]\{40\}\) was stored in the NSS database$/\1/p' "$tmp/err")
check "newhostkey: first stderr line is Libreswan's" [ -n "$ckaid" ]
check "newhostkey: second line names the showhostkey command" \
	[ "$(sed -n 2p "$tmp/err")" = "The public key can be displayed using: ipsec showhostkey --left --ckaid $ckaid" ]
check "newhostkey: nothing else on stderr" [ "$(wc -l <"$tmp/err")" = 2 ]
key=$store/private/$ckaid.key
check "private key file is mode 0600" [ "$(stat -c %a "$key")" = 600 ]
check "private/ is mode 0700" [ "$(stat -c %a "$store/private")" = 700 ]
modulus=$(openssl rsa -in "$key" -noout -modulus 2>/dev/null | cut -d= -f2)
check "CKAID = SHA-1 of the modulus as openssl rsa -modulus prints it" \
	[ "$(printf '%s' "$modulus" | sha1_of_hex)" = "$ckaid" ]
bits=$(openssl rsa -in "$key" -noout -text 2>/dev/null | sed -n 's/.*Private-Key: (\([0-9]*\) bit.*/\1/p')
check "default RSA size $bits is in 3072..3824, a multiple of 16" \
	[ "$bits" -ge 3072 ] && [ "$bits" -le 3824 ] && [ $((bits % 16)) = 0 ]
check "openssl accepts the key as consistent (rsa -check)" \
	sh -c "openssl rsa -in '$key' -check -noout 2>/dev/null | grep -q 'RSA key ok'"
check "--output file records the CKAID, as comments only" \
	sh -c "grep -q '^# ckaid=$ckaid\$' '$store/hostkey.secrets' && ! grep -qv '^#' '$store/hostkey.secrets'"

# --- showhostkey formats
"$ipsec" showhostkey --nssdir "$store" --left --ckaid "$(echo "$ckaid" | cut -c1-10)" >"$tmp/left"; rc=$?
blob=$(sed -n "s/^${tab}leftrsasigkey=0s//p" "$tmp/left")
keyid=$(printf '%s' "$blob" | cut -c1-9)
check "showhostkey --left: exit 0 with a CKAID prefix" [ "$rc" = 0 ]
check "showhostkey --left: '\\t# rsakey KEYID' then '\\tleftrsasigkey=0s...'" \
	[ "$(sed -n 1p "$tmp/left")" = "$tab# rsakey $keyid" ] && [ "$(wc -l <"$tmp/left")" = 2 ]
check "RFC 3110 blob = 03 010001 | modulus (openssl)" \
	[ "$(printf '%s' "$blob" | base64 -d | tohex)" = "03010001$(echo "$modulus" | tr A-F a-f)" ]
check "blob starts 0sAwEAA (e = 65537)" [ "$(echo "$blob" | cut -c1-5)" = AwEAA ]
"$ipsec" showhostkey --nssdir "$store" --right --ckaid "$ckaid" | sed -n 2p >"$tmp/right"
check "showhostkey --right prints rightrsasigkey" [ "$(cat "$tmp/right")" = "${tab}rightrsasigkey=0s$blob" ]
check "showhostkey --list: '< 1> RSA keyid: K ckaid: C'" \
	[ "$("$ipsec" showhostkey --nssdir "$store" --list)" = "< 1> RSA keyid: $keyid ckaid: $ckaid" ]
check "showhostkey --dump lists the same" \
	[ "$("$ipsec" showhostkey --nssdir "$store" --dump)" = "< 1> RSA keyid: $keyid ckaid: $ckaid" ]
spki=$(openssl pkey -in "$key" -pubout -outform DER 2>/dev/null | base64 -w0)
check "showhostkey --left --pubkey: base64 SPKI equal to openssl's" \
	[ "$("$ipsec" showhostkey --nssdir "$store" --left --pubkey --ckaid "$ckaid")" = "${tab}leftpubkey=$spki" ]
"$ipsec" showhostkey --nssdir "$store" --pem --ckaid "$ckaid" >"$tmp/pem"
check "showhostkey --pem: the same PEM as openssl pkey -pubout" \
	sh -c "openssl pkey -in '$key' -pubout 2>/dev/null | cmp -s - '$tmp/pem'"
check "showhostkey --rsaid KEYID picks the key" \
	sh -c "'$ipsec' showhostkey --nssdir '$store' --left --rsaid '$keyid' | cmp -s - '$tmp/left'"
"$ipsec" showhostkey --nssdir "$store" --left --ckaid 0000 >/dev/null 2>"$tmp/err"; rc=$?
check "unknown CKAID: 'No keys found', exit 20" [ "$rc" = 20 ] && grep -q "No keys found" "$tmp/err"
"$ipsec" showhostkey --nssdir "$store" >/dev/null 2>"$tmp/err"; rc=$?
check "no operation: usage error, exit 2" [ "$rc" = 2 ] && grep -q "You must specify an operation" "$tmp/err"
"$ipsec" showhostkey --nssdir "$store" --list --ckaid "$ckaid" >/dev/null 2>&1
check "--list with --ckaid: usage error" [ $? = 2 ]
"$ipsec" showhostkey --bogus >/dev/null 2>&1
check "unknown option: exit 2" [ $? = 2 ]

# --- a published Libreswan key (testing/baseconfigs/east/etc/east.key) prints as
# Libreswan printed it in that file's #pubkey= line.
field() { sed -n "s/^[[:space:]]*$1: 0x//p" "$data/libreswan-east.key"; }
cat >"$tmp/east.conf" <<EOC
asn1=SEQUENCE:key
[key]
version=INTEGER:0
n=INTEGER:0x$(field Modulus)
e=INTEGER:0x$(field PublicExponent)
d=INTEGER:0x$(field PrivateExponent)
p=INTEGER:0x$(field Prime1)
q=INTEGER:0x$(field Prime2)
dp=INTEGER:0x$(field Exponent1)
dq=INTEGER:0x$(field Exponent2)
iq=INTEGER:0x$(field Coefficient)
EOC
east=$tmp/east; mkdir -p "$east/private"
openssl asn1parse -genconf "$tmp/east.conf" -out "$tmp/east.der" >/dev/null
east_ckaid=$(field Modulus | sha1_of_hex)
openssl pkey -inform DER -in "$tmp/east.der" -out "$east/private/$east_ckaid.key" 2>/dev/null
published=$(sed -n 's/^[[:space:]]*#pubkey=//p' "$data/libreswan-east.key")
"$ipsec" showhostkey --nssdir "$east" --right --ckaid "$east_ckaid" >"$tmp/east.out"
check "Libreswan east key: rightrsasigkey equals its published #pubkey" \
	[ "$(sed -n 2p "$tmp/east.out")" = "${tab}rightrsasigkey=$published" ]
check "Libreswan east key: '# rsakey AQN3cn11F'" [ "$(sed -n 1p "$tmp/east.out")" = "$tab# rsakey AQN3cn11F" ]

# --- ECDSA
"$ipsec" newhostkey --nssdir "$store" --keytype ecdsa 2>"$tmp/err"
eckaid=$(sed -n 's/^Generated ECDSA key pair with CKAID \([0-9a-f]*\) was stored in the NSS database$/\1/p' "$tmp/err")
check "newhostkey --keytype ecdsa: Libreswan's message" [ -n "$eckaid" ]
point=$(openssl ec -in "$store/private/$eckaid.key" -text -noout 2>/dev/null | sed -n '/^pub:/,/^ASN1/p' | grep -v -e pub: -e ASN1 | tr -d ' :\n')
check "ECDSA CKAID = SHA-1 of 04|X|Y (openssl)" [ "$(printf '%s' "$point" | sha1_of_hex)" = "$eckaid" ]
"$ipsec" showhostkey --nssdir "$store" --left --ckaid "$eckaid" >"$tmp/ec"
ecblob=$(sed -n "s/^${tab}leftecdsakey=0s//p" "$tmp/ec")
check "showhostkey --left (ECDSA): leftecdsakey=0s X|Y" \
	[ "04$(printf '%s' "$ecblob" | base64 -d | tohex)" = "$point" ]
check "ECDSA keyid: first 9 base64 characters of the CKAID" \
	[ "$(sed -n 1p "$tmp/ec")" = "$tab# ecdsakey $(printf '%s' "$eckaid" | unhex | base64 | cut -c1-9)" ]
check "--list shows both keys" [ "$("$ipsec" showhostkey --nssdir "$store" --list | wc -l)" = 2 ]

# --- size limits as Libreswan words them
"$ipsec" newhostkey --nssdir "$store" --bits 2048 2>"$tmp/err"; rc=$?
check "--bits 2048: too small (Libreswan's minimum 2192), exit 1" \
	[ "$rc" = 1 ] && grep -q "requested RSA key size (2048) is too small - use 2192 or more" "$tmp/err"
"$ipsec" newhostkey --nssdir "$store" --bits 3000 2>"$tmp/err"
check "--bits 3000: not a multiple of 16" grep -q "is not a multiple of 16" "$tmp/err"
"$ipsec" newhostkey --nssdir "$tmp/missing" 2>"$tmp/err"; rc=$?
check "missing --nssdir directory is an error" [ "$rc" != 0 ]

# --- nsspassword: keys stored encrypted, readable by openssl with that password
pwstore=$tmp/pw; mkdir -p "$pwstore"
printf 'NSS Certificate DB:MyStrongPasswordHere\n' >"$pwstore/nsspassword"
"$ipsec" newhostkey --nssdir "$pwstore" --keytype ecdsa 2>"$tmp/err"
pckaid=$(sed -n 's/.*with CKAID \([0-9a-f]*\) was.*/\1/p' "$tmp/err")
check "with nsspassword the key file is ENCRYPTED PRIVATE KEY" \
	grep -q "BEGIN ENCRYPTED PRIVATE KEY" "$pwstore/private/$pckaid.key"
check "openssl decrypts it with the nsspassword password" \
	sh -c "openssl pkey -in '$pwstore/private/$pckaid.key' -passin pass:MyStrongPasswordHere -noout 2>/dev/null"
check "showhostkey reads it through nsspassword" \
	sh -c "'$ipsec' showhostkey --nssdir '$pwstore' --list | grep -q '$pckaid'"
check "a wrong --password fails" \
	sh -c "! '$ipsec' showhostkey --nssdir '$pwstore' --list --password nope >/dev/null 2>&1"

# --- ipsec import: OpenSSL (3 defaults, -legacy) and NSS pk12util (default, -c/-C)
pw=foobar
nssdb=$tmp/nssdb; mkdir -p "$nssdb"
certutil -N -d "sql:$nssdb" --empty-password
openssl pkcs12 -export -inkey "$data/rsa2048.pem" -in "$data/node.pem" -certfile "$data/ca.pem" \
	-name node -passout pass:$pw -out "$tmp/openssl.p12"
openssl pkcs12 -export -legacy -inkey "$data/rsa2048.pem" -in "$data/node.pem" -certfile "$data/ca.pem" \
	-name node -passout pass:$pw -out "$tmp/legacy.p12"
pk12util -i "$tmp/openssl.p12" -d "sql:$nssdb" -W $pw >/dev/null
pk12util -o "$tmp/nss.p12" -n node -d "sql:$nssdb" -W $pw >/dev/null
pk12util -o "$tmp/nss-c.p12" -n node -d "sql:$nssdb" -W $pw \
	-c "PKCS #12 V2 PBE With SHA-1 And 3KEY Triple DES-CBC" -C "PKCS #12 V2 PBE With SHA-1 And 40 Bit RC2 CBC" >/dev/null
pk12util -o "$tmp/nss-aes.p12" -n node -d "sql:$nssdb" -W $pw -c AES-128-CBC -C AES-256-CBC -M SHA-512 >/dev/null 2>&1 ||
	pk12util -o "$tmp/nss-aes.p12" -n node -d "sql:$nssdb" -W $pw -c AES-128-CBC -C AES-256-CBC >/dev/null
nss_ckaid=$(certutil -K -d "sql:$nssdb" | sed -n 's/^<[ 0-9]*> rsa *\([0-9a-f]*\) .*/\1/p')
node_der=$(openssl x509 -in "$data/node.pem" -outform DER | sha1sum)
ca_der=$(openssl x509 -in "$data/ca.pem" -outform DER | sha1sum)
for f in openssl legacy nss nss-c nss-aes; do
	dir=$tmp/import-$f; mkdir -p "$dir"
	"$ipsec" import --nssdir "$dir" --password $pw "$tmp/$f.p12" >"$tmp/out" 2>&1; rc=$?
	check "import $f.p12: exit 0, PKCS12 IMPORT SUCCESSFUL" [ "$rc" = 0 ] && grep -q "PKCS12 IMPORT SUCCESSFUL" "$tmp/out"
	check "import $f.p12: key stored under NSS's own CKAID ($nss_ckaid)" [ -f "$dir/private/$nss_ckaid.key" ]
	check "import $f.p12: certs/node.pem is the node certificate" \
		[ "$(openssl x509 -in "$dir/certs/node.pem" -outform DER 2>/dev/null | sha1sum)" = "$node_der" ]
	check "import $f.p12: the CA certificate is in cacerts/" \
		sh -c "for c in '$dir'/cacerts/*.pem; do openssl x509 -in \"\$c\" -outform DER; done 2>/dev/null | sha1sum | grep -q '${ca_der%% *}'"
done
check "showhostkey --list after import shows NSS's CKAID" \
	sh -c "'$ipsec' showhostkey --nssdir '$tmp/import-nss' --list | grep -q 'ckaid: $nss_ckaid\$'"
dir=$tmp/import-stdin; mkdir -p "$dir"
echo $pw | "$ipsec" import --nssdir "$dir" "$tmp/nss.p12" >/dev/null 2>&1
check "import reads the password from standard input" [ -f "$dir/private/$nss_ckaid.key" ]
dir=$tmp/import-bad; mkdir -p "$dir"
"$ipsec" import --nssdir "$dir" --password wrong "$tmp/nss.p12" >"$tmp/out" 2>&1; rc=$?
check "wrong password: exit 1, clear message" [ "$rc" = 1 ] && grep -q "incorrect password" "$tmp/out"
check "wrong password: nothing stored" [ -z "$(find "$dir" -type f)" ]
head -c 1500 "$tmp/openssl.p12" >"$tmp/trunc.p12"
"$ipsec" import --nssdir "$dir" --password $pw "$tmp/trunc.p12" >"$tmp/out" 2>&1; rc=$?
check "truncated file: exit 1, nothing stored" [ "$rc" = 1 ] && [ -z "$(find "$dir" -type f)" ]
head -c 4000 /dev/urandom >"$tmp/garbage.p12"
"$ipsec" import --nssdir "$dir" --password $pw "$tmp/garbage.p12" >/dev/null 2>&1; rc=$?
check "garbage file: exit 1, nothing stored" [ "$rc" = 1 ] && [ -z "$(find "$dir" -type f)" ]

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
