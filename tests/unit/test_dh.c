/* Known answers for crypto/dh.h: ECP groups 19-21 (RFC 5903), Curve25519
 * (RFC 7748), the MODP groups of RFC 3526 against an independent computation,
 * and the checks on peer values and private halves. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/dh.h"
#include "crypto/dh_modp.h"
#include "crypto/digest.h"
#include "tests/unit/check.h"

/* Hex: i, g^i (X | Y), r, g^r, g^ir (X), as printed in the RFC. */
struct ecp_kat {
	const char *source;
	uint16_t group;
	const char *i, *gi, *r, *gr, *gir;
};

/* SHA-256 of: the prime; g^a, g^b and g^ab for the fixed exponents below. */
struct modp_kat {
	uint16_t group;
	const char *prime_sha256;
	const char *ga_sha256, *gb_sha256, *gab_sha256;
};

static const struct ecp_kat ecp_kats[] = {
	{ "RFC 5903 section 8.1", 19,
	  "814264145f2f56f2e96a8e337a1284993faf432a5abce59e867b7291d507a3af",
	  "2af502f3be8952f2c9b5a8d4160d09e97165be50bc42ae4a5e8d3b4ba83aeb15"
	  "eb0faf4ca986c4d38681a0f9872d79d56795bd4bff6e6de3c0f5015ece5efd85",
	  "2ce1788ec197e096db95a200cc0ab26a19ce6bccad562b8eee1b593761cf7f41",
	  "b120de4aa36492795346e8de6c2c8646ae06aaea279fa775b3ab0715f6ce51b0"
	  "9f1b7eece20d7b5ed8ec685fa3f071d83727027092a8411385c34dde5708b2b6",
	  "dd0f5396219d1ea393310412d19a08f1f5811e9dc8ec8eea7f80d21c820c2788" },
	{ "RFC 5903 section 8.2", 20,
	  "d27335ea71664af244dd14e9fd1260715dfd8a7965571c48d709ee7a7962a156"
	  "d706a90cbcb5df2986f05feadb9376f1",
	  "793148f1787634d5da4c6d9074417d05e057ab62f82054d10ee6b0403d627954"
	  "7e6a8ea9d1fd77427d016fe27a8b8c66c6c41294331d23e6f480f4fb4cd40504"
	  "c947392e94f4c3f06b8f398bb29e42368f7a685923de3b67baced214a1a1d128",
	  "52d1791fdb4b70f89c0f00d456c2f7023b6125262c36a7df1f80231121cce3d3"
	  "9be52e00c194a4132c4a6c768bcd94d2",
	  "5cd42ab9c41b5347f74b8d4efb708b3d5b36db65915359b44abc17647b6b9999"
	  "789d72a84865ae2f223f12b5a1abc120e171458feaa939aaa3a8bfac46b404bd"
	  "8f6d5b348c0fa4d80ceca16356ca933240bde8723415a8ece035b0edf36755de",
	  "5ea1fc4af7256d2055981b110575e0a8cae53160137d904c59d926eb1b8456e4"
	  "27aa8a4540884c37de159a58028abc0e" },
	{ "RFC 5903 section 8.3", 21,
	  "0113f82da825735e3d97276683b2b74277bad27335ea71664af2430cc4f33459"
	  "b9669ee78b3ffb9b8683015d344dcbfef6fb9af4c6c470be254516cd3c1a1fb4"
	  "7362",
	  "01ebb34dd75721abf8adc9dbed17889cbb9765d90a7c60f2cef007bb0f2b26e1"
	  "4881fd4442e689d61cb2dd046ee30e3ffd20f9a45bbdf6413d583a2dbf59924f"
	  "d35c00f6b632d194c0388e22d8437e558c552ae195adfd153f92d74908351b2f"
	  "8c4eda94edb0916d1b53c020b5eecaed1a5fc38a233e4830587bb2ee3489b3b4"
	  "2a5a86a4",
	  "00cee3480d8645a17d249f2776d28bae616952d1791fdb4b70f7c3378732aa1b"
	  "22928448bcd1dc2496d435b01048066ebe4f72903c361b1a9dc1193dc2c9d089"
	  "1b96",
	  "010ebfafc6e85e08d24bfffcc1a4511db0e634beeb1b6dec8c5939ae44766201"
	  "af6200430ba97c8ac6a0e9f08b33ce7e9feeb5ba4ee5e0d81510c24295b8a08d"
	  "023500a4a6ec300df9e257b0372b5e7abfef093436719a77887ebb0b18cf8099"
	  "b9f4212b6e30a1419c18e029d36863cc9d448f4dba4d2a0e60711be572915fbd"
	  "4fef2695",
	  "00cdea89621cfa46b132f9e4cfe2261cde2d4368eb5656634c7cc98c7a00cde5"
	  "4ed1866a0dd3e6126c9d2f845daff82ceb1da08f5d87521bb0ebeca77911169c"
	  "20cc" },
};

/* Primes: each hash was computed from the RFC's own text, e.g. for section 3
 *   sed -n '/^3.  2048-bit MODP Group/,/generator is/p' rfc3526.txt |
 *   grep -o '[0-9A-F]\{8\}' | tr -d '\n' | python3 -c 'import sys,hashlib;
 *   print(hashlib.sha256(bytes.fromhex(sys.stdin.read())).hexdigest())'
 * (sections 2-7 for groups 5, 14-18); the same primes are OpenSSL 3's
 * group:modp_1536 ... modp_8192. g^a, g^b and g^ab come from Python's pow():
 *   L = bits // 8; A = pow(2, a, p); B = pow(2, b, p); Z = pow(B, a, p)
 *   hashlib.sha256(X.to_bytes(L, "big")).hexdigest() for X in A, B, Z
 * with a = MODP_A and b = MODP_B as big-endian integers. */
#define MODP_A "1112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738"
#define MODP_B                                                                           \
	"c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9" \
	"eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e"

static const struct modp_kat modp_kats[] = {
	{ 5, "64fcc83ec403930bf18393dbc883ccaa1fbb08ac876f77f7aa99748ca945019b",
	  "63529038ffe38733a906c7e8d03a874e0bfe17de59974c38039f2e467a010252",
	  "242350980018a4e8e7292502ee22d54d1fe9468788630c3fdf037f5305697134",
	  "161b1890bf89cd4c678732d75b9c4e3a2de8e1a74fdee3648a3d20b66f4a2472" },
	{ 14, "d66436f79bbd6b2e38c0ffbd079be904d2641415e2e67140e09448be9a60890e",
	  "519152f306350a09e3e5390a48dacc48fd356d8449b50933cacaa1cbb0911aa1",
	  "d12df3129c7b150022dad1118b9d821c7ce489ac88471967d232bb45c7576916",
	  "4ef29b495c9b4cf4d758198e1b3e1abd8d6472d80fccfcfc637534f0b7c912be" },
	{ 15, "48cf8b092fbce4359d9871abf74f98e25b6163379eaa15cd9087e800c6d1c55c",
	  "0904d29f6f408c48e6978d0d3e944b661d7ede7b111df5717dd47db09e50e08a",
	  "a703dfc68706d8bb8423f63efc074fb2e966a49a76406ba4d58c8e59b59abe97",
	  "f2381e25a789d5b7c925a23dcee2c128a4f267076e565479a9a919adca1252e6" },
	{ 16, "4ee95187682bcb230ad26a95205f6920e84708f6251b3894329b09ec23919e33",
	  "4377b6fc40c90b99aa8f4c093fe128c73298cf08c7d3b8017d05e813dd91e02c",
	  "034bf4127cd6022f60757311881bebdbea3be34f1d7112a9af856e7a23d600b8",
	  "56afa2e06386cb99a64b447a4a3029778032d63d3d9ac47dc94698622df6d12b" },
	{ 17, "d1bfe6d0925ce7e4da262b62861514a7755e35831e429f343e7b864848657efd",
	  "9097d628419c551e72d3a80ae02781eee67e3c53e0c434edfe50dfe03c5e0223",
	  "4777e421e3f81778ccb63ae5eb0e2276e8724ba690a48beb1483d67f921cb95d",
	  "f8f42968b030f9e47cb5cf5e4df9d5751b438a3f3b640a58e3335131985ff48f" },
	{ 18, "39ab4feab950a3128fb71accb9fc3965d857012e081998a85996e3ea8b3c3bcf",
	  "37b975110fee404fbe785a056f814b7fd4d466e667c1ee195eeba94bc68f5f6b",
	  "f40d2e9ee86775b38a10408eadff6c1e4b0abac59f89dced7e349580fc62b957",
	  "0ab312d0e47a4c9eb3b831568edc2584ed15e9646227842cf78da54767c96a27" },
};


static struct dh_secret secret_from_hex(uint16_t group, const char *hex)
{
	struct dh_secret s = { .desc = dh_lookup(group) };
	uint8_t *b = check_unhex(hex, &s.priv_len);

	if (s.priv_len > sizeof(s.priv))
		abort();
	memcpy(s.priv, b, s.priv_len);
	free(b);
	return s;
}

static void check_sha256(const uint8_t *p, size_t len, const char *want_hex, const char *what)
{
	uint8_t got[SHA256_LEN];
	size_t wlen;
	uint8_t *want = check_unhex(want_hex, &wlen);
	struct chunk c = CHUNK(p, len);

	sha256_parts(&c, 1, got);
	CHECK_BYTES(got, sizeof(got), want, wlen, what);
	free(want);
}

static void run_ecp(const struct ecp_kat *k)
{
	struct dh_secret si = secret_from_hex(k->group, k->i);
	struct dh_secret sr = secret_from_hex(k->group, k->r);
	size_t gil, grl, girl;
	uint8_t *gi = check_unhex(k->gi, &gil), *gr = check_unhex(k->gr, &grl);
	uint8_t *gir = check_unhex(k->gir, &girl);
	uint8_t pub[DH_MAX_PUB], shared[DH_MAX_SHARED];
	const struct dh_desc *d = si.desc;

	CHECK(d && d->pub_len == gil && d->shared_len == girl, "%s: %s sizes", k->source,
	      d ? d->name : "?");
	CHECK(dh_public(&si, pub) == 0, "%s: g^i", k->source);
	CHECK_BYTES(pub, d->pub_len, gi, gil, k->source);
	CHECK(dh_public(&sr, pub) == 0, "%s: g^r", k->source);
	CHECK_BYTES(pub, d->pub_len, gr, grl, k->source);
	CHECK(dh_compute(&si, gr, grl, shared) == 0, "%s: i * g^r", k->source);
	CHECK_BYTES(shared, d->shared_len, gir, girl, k->source);
	CHECK(dh_compute(&sr, gi, gil, shared) == 0, "%s: r * g^i", k->source);
	CHECK_BYTES(shared, d->shared_len, gir, girl, k->source);

	/* RFC 5903 section 7 / RFC 7296: a point off the curve is refused. */
	gr[grl - 1] ^= 0x01;
	CHECK(dh_compute(&si, gr, grl, shared) == -EINVAL, "%s: g^r with Y changed refused",
	      k->source);
	memset(gr, 0, grl);
	CHECK(dh_compute(&si, gr, grl, shared) == -EINVAL, "%s: (0, 0) refused", k->source);
	memset(gr, 0xff, grl);
	CHECK(dh_compute(&si, gr, grl, shared) == -EINVAL, "%s: coordinates >= p refused",
	      k->source);
	CHECK(dh_compute(&si, gi, gil - 1, shared) == -EINVAL, "%s: short value refused",
	      k->source);
	free(gi);
	free(gr);
	free(gir);
}

/* The order n of each curve (SEC 2 / FIPS 186-4 D.1.2), to test the scalar range. */
static void test_ecp_scalar_range(void)
{
	static const struct {
		uint16_t group;
		const char *n;
	} orders[] = {
		{ 19, "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551" },
		{ 20, "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf"
		      "581a0db248b0a77aecec196accc52973" },
		{ 21, "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
		      "fffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409" },
	};
	uint8_t pub[DH_MAX_PUB];

	for (size_t i = 0; i < sizeof(orders) / sizeof(orders[0]); i++) {
		struct dh_secret s = secret_from_hex(orders[i].group, orders[i].n);
		const char *name = s.desc->name;

		CHECK(dh_public(&s, pub) == -EINVAL, "%s: scalar n refused", name);
		s.priv[s.priv_len - 1] -= 1;
		CHECK(dh_public(&s, pub) == 0, "%s: scalar n - 1 accepted", name);
		memset(s.priv, 0, s.priv_len);
		CHECK(dh_public(&s, pub) == -EINVAL, "%s: scalar 0 refused", name);
		s.priv[s.priv_len - 1] = 1;
		s.priv_len -= 1;
		CHECK(dh_public(&s, pub) == -EINVAL, "%s: short scalar refused", name);
	}
}

static void x25519_case(const char *source, const char *k, const char *u, const char *out)
{
	struct dh_secret s = secret_from_hex(31, k);
	size_t ul, ol;
	uint8_t *ub = check_unhex(u, &ul), *want = check_unhex(out, &ol);
	uint8_t shared[32];

	CHECK(dh_compute(&s, ub, ul, shared) == 0, "%s: X25519", source);
	CHECK_BYTES(shared, sizeof(shared), want, ol, source);
	free(ub);
	free(want);
}

static void test_x25519(void)
{
	uint8_t k[32], u[32], r[32], pub[32];
	struct dh_secret s = { .desc = dh_lookup(31), .priv_len = 32 };
	size_t wlen;
	uint8_t *want;

	/* RFC 7748 section 5.2: the second u has its top bit set, which must be
	 * ignored. */
	x25519_case("RFC 7748 section 5.2 vector 1",
		    "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
		    "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
		    "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
	x25519_case("RFC 7748 section 5.2 vector 2",
		    "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
		    "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
		    "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");

	/* RFC 7748 section 5.2, iterated: k = u = 9; k, u = X25519(k, u), k. */
	memset(k, 0, sizeof(k));
	k[0] = 9;
	memcpy(u, k, sizeof(u));
	for (int i = 1; i <= 1000; i++) {
		memcpy(s.priv, k, 32);
		if (dh_compute(&s, u, 32, r) != 0)
			break;
		memcpy(u, k, 32);
		memcpy(k, r, 32);
		if (i == 1) {
			want = check_unhex("422c8e7a6227d7bca1350b3e2bb7279f"
					   "7897b87bb6854b783c60e80311ae3079", &wlen);
			CHECK_BYTES(k, 32, want, wlen, "RFC 7748 section 5.2, 1 iteration");
			free(want);
		}
	}
	want = check_unhex("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51",
			   &wlen);
	CHECK_BYTES(k, 32, want, wlen, "RFC 7748 section 5.2, 1000 iterations");
	free(want);

	/* RFC 7748 section 6.1: Alice and Bob. */
	{
		struct dh_secret a = secret_from_hex(
			31, "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
		struct dh_secret b = secret_from_hex(
			31, "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
		uint8_t *apub = check_unhex(
			"8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", &wlen);
		uint8_t *bpub = check_unhex(
			"de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", &wlen);
		uint8_t *kab = check_unhex(
			"4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", &wlen);

		CHECK(dh_public(&a, pub) == 0, "RFC 7748 section 6.1: Alice's public key");
		CHECK_BYTES(pub, 32, apub, 32, "RFC 7748 section 6.1: Alice's public key");
		CHECK(dh_public(&b, pub) == 0, "RFC 7748 section 6.1: Bob's public key");
		CHECK_BYTES(pub, 32, bpub, 32, "RFC 7748 section 6.1: Bob's public key");
		CHECK(dh_compute(&a, bpub, 32, r) == 0, "RFC 7748 section 6.1: Alice's K");
		CHECK_BYTES(r, 32, kab, 32, "RFC 7748 section 6.1: Alice's K");
		CHECK(dh_compute(&b, apub, 32, r) == 0, "RFC 7748 section 6.1: Bob's K");
		CHECK_BYTES(r, 32, kab, 32, "RFC 7748 section 6.1: Bob's K");

		/* RFC 8031 section 2.3 / RFC 7748 section 6.1: small-order points give
		 * an all-zero secret, which is refused; u = p is u = 0 unreduced. */
		memset(u, 0, sizeof(u));
		CHECK(dh_compute(&a, u, 32, r) == -EINVAL, "X25519: u = 0 refused");
		u[0] = 1;
		CHECK(dh_compute(&a, u, 32, r) == -EINVAL, "X25519: u = 1 refused");
		memset(u, 0xff, sizeof(u));
		u[0] = 0xed;
		u[31] = 0x7f;
		CHECK(dh_compute(&a, u, 32, r) == -EINVAL, "X25519: u = 2^255 - 19 refused");
		CHECK(dh_compute(&a, bpub, 31, r) == -EINVAL, "X25519: 31-byte value refused");
		free(apub);
		free(bpub);
		free(kab);
	}
}

static void run_modp(const struct modp_kat *k)
{
	struct dh_secret a = secret_from_hex(k->group, MODP_A);
	struct dh_secret b = secret_from_hex(k->group, MODP_B);
	const struct dh_desc *d = a.desc;
	static uint8_t ga[DH_MAX_PUB], gb[DH_MAX_PUB], z1[DH_MAX_SHARED], z2[DH_MAX_SHARED];
	size_t plen = 0;
	const uint8_t *p = modp_prime(k->group, &plen);
	char what[96];

	CHECK(d && p && plen == d->pub_len && d->shared_len == plen, "MODP group %u sizes",
	      k->group);
	if (!d || !p)
		return;
	snprintf(what, sizeof(what), "%s prime = RFC 3526 text (SHA-256)", d->name);
	check_sha256(p, plen, k->prime_sha256, what);

	CHECK(dh_public(&a, ga) == 0 && dh_public(&b, gb) == 0, "%s: g^a, g^b", d->name);
	snprintf(what, sizeof(what), "%s g^a = python3 pow() (SHA-256)", d->name);
	check_sha256(ga, plen, k->ga_sha256, what);
	snprintf(what, sizeof(what), "%s g^b = python3 pow() (SHA-256)", d->name);
	check_sha256(gb, plen, k->gb_sha256, what);
	CHECK(dh_compute(&a, gb, plen, z1) == 0 && dh_compute(&b, ga, plen, z2) == 0,
	      "%s: (g^b)^a, (g^a)^b", d->name);
	snprintf(what, sizeof(what), "%s g^ab = python3 pow() (SHA-256)", d->name);
	check_sha256(z1, plen, k->gab_sha256, what);
	CHECK(memcmp(z1, z2, plen) == 0, "%s: both sides agree", d->name);
}

/* RFC 7296 section 5 / NIST SP 800-56A 5.6.2.3.1: 1 < y < p - 1. */
static void test_modp_peer_range(void)
{
	struct dh_secret a = secret_from_hex(14, MODP_A);
	size_t plen;
	const uint8_t *p = modp_prime(14, &plen);
	uint8_t y[256], z[256];

	memset(y, 0, sizeof(y));
	CHECK(dh_compute(&a, y, plen, z) == -EINVAL, "MODP2048: y = 0 refused");
	y[255] = 1;
	CHECK(dh_compute(&a, y, plen, z) == -EINVAL, "MODP2048: y = 1 refused");
	y[255] = 2;
	CHECK(dh_compute(&a, y, plen, z) == 0, "MODP2048: y = 2 accepted");
	memcpy(y, p, plen);
	y[255] -= 2;
	CHECK(dh_compute(&a, y, plen, z) == 0, "MODP2048: y = p - 2 accepted");
	y[255] += 1;
	CHECK(dh_compute(&a, y, plen, z) == -EINVAL, "MODP2048: y = p - 1 refused");
	y[255] += 1;
	CHECK(dh_compute(&a, y, plen, z) == -EINVAL, "MODP2048: y = p refused");
	memset(y, 0xff, sizeof(y));
	CHECK(dh_compute(&a, y, plen, z) == -EINVAL, "MODP2048: y = 2^2048 - 1 refused");
	CHECK(dh_compute(&a, y, plen - 1, z) == -EINVAL, "MODP2048: 255-byte value refused");
	memset(a.priv, 0, a.priv_len);
	CHECK(dh_public(&a, z) == -EINVAL, "MODP2048: zero exponent refused");
}

/* Fresh key pairs on both sides agree, for every group; private halves have the
 * documented sizes (MODP: RFC 3526 section 8 exponent sizes). */
static void test_keygen(void)
{
	static const struct {
		uint16_t group;
		size_t priv_len;
	} sizes[] = {
		{ 5, 30 }, { 14, 40 }, { 15, 53 }, { 16, 60 }, { 17, 68 }, { 18, 78 },
		{ 19, 32 }, { 20, 48 }, { 21, 66 }, { 31, 32 },
	};
	static uint8_t pa[DH_MAX_PUB], pb[DH_MAX_PUB], za[DH_MAX_SHARED], zb[DH_MAX_SHARED];

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		const struct dh_desc *d = dh_lookup(sizes[i].group);
		struct dh_secret a, b;

		CHECK(d != NULL, "group %u known", sizes[i].group);
		if (!d)
			continue;
		CHECK(dh_keygen(d, &a, pa) == 0 && dh_keygen(d, &b, pb) == 0, "%s: keygen",
		      d->name);
		CHECK(a.priv_len == sizes[i].priv_len, "%s: private half is %zu bytes (got %zu)",
		      d->name, sizes[i].priv_len, a.priv_len);
		CHECK(memcmp(pa, pb, d->pub_len) != 0, "%s: two key pairs differ", d->name);
		CHECK(dh_compute(&a, pb, d->pub_len, za) == 0 &&
			      dh_compute(&b, pa, d->pub_len, zb) == 0 &&
			      memcmp(za, zb, d->shared_len) == 0,
		      "%s: both sides compute the same secret", d->name);
		dh_secret_wipe(&a);
		dh_secret_wipe(&b);
		CHECK(a.desc == NULL && a.priv_len == 0 && a.priv[0] == 0,
		      "%s: dh_secret_wipe clears the secret", d->name);
	}
}

static void test_table(void)
{
	static const struct {
		uint16_t id;
		const char *name;
		size_t pub, shared;
		bool fips;
	} want[] = {
		{ 5, "MODP1536", 192, 192, false },   { 14, "MODP2048", 256, 256, true },
		{ 15, "MODP3072", 384, 384, true },   { 16, "MODP4096", 512, 512, true },
		{ 17, "MODP6144", 768, 768, true },   { 18, "MODP8192", 1024, 1024, true },
		{ 19, "DH19", 64, 32, true },         { 20, "DH20", 96, 48, true },
		{ 21, "DH21", 132, 66, true },        { 31, "DH31", 32, 32, false },
	};
	size_t n = 0;

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct dh_desc *d = dh_lookup(want[i].id);

		CHECK(d && strcmp(d->name, want[i].name) == 0 && d->pub_len == want[i].pub &&
			      d->shared_len == want[i].shared && d->fips == want[i].fips,
		      "dh_lookup(%u) is %s, %zu/%zu bytes, fips %d", want[i].id, want[i].name,
		      want[i].pub, want[i].shared, want[i].fips);
	}
	while (dh_at(n))
		n++;
	CHECK(n == 10, "dh_at lists 10 groups (got %zu)", n);
	CHECK(dh_lookup(2) == NULL, "MODP1024 (2) is not offered");
}

int main(void)
{
	for (size_t i = 0; i < sizeof(ecp_kats) / sizeof(ecp_kats[0]); i++)
		run_ecp(&ecp_kats[i]);
	test_ecp_scalar_range();
	test_x25519();
	for (size_t i = 0; i < sizeof(modp_kats) / sizeof(modp_kats[0]); i++)
		run_modp(&modp_kats[i]);
	test_modp_peer_range();
	test_keygen();
	test_table();
	return check_done();
}
