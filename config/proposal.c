/* ike= / esp= proposal strings in Libreswan's grammar (lib/libswan/v2_proposals.c
 * and proposals.c of Libreswan 4.x, read for behaviour):
 *
 *   proposals := proposal { "," proposal }
 *   IKE:  encr{+encr} [ "-" prf{+prf} | "-" integ{+integ} "-" prf{+prf} ] [ ("-"|";") dh{+dh} ]
 *   ESP:  encr{+encr} [ "-" integ{+integ} ] [ ("-"|";") dh{+dh} ]
 *
 * encr is a name with an optional key length: aes, aes128, aes_128, aes-128,
 * aes_gcm_16_256. Missing parts come from Libreswan's defaults; non-AEAD IKE
 * integrity follows the PRFs; AEAD integrity is none. */
#include "config/proposal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum alg_type { ALG_ENCR, ALG_PRF, ALG_INTEG, ALG_DH };
static const char *const alg_type_name[] = { "encryption", "PRF", "integrity", "DH" };

enum {
	F_IKE = 1 << 0,     /* usable for the IKE SA */
	F_ESP = 1 << 1,     /* usable for ESP */
	F_AEAD = 1 << 2,
	F_FIXED = 1 << 3,   /* one key size: no key length may be given */
	F_NO_V1 = 1 << 4,   /* no IKEv1 number */
	F_UNSUPPORTED = 1 << 5, /* known to Libreswan, not built by default */
};

struct alg {
	const char *names; /* comma separated, matched case-insensitively */
	const char *fqn;   /* the canonical (printed) name */
	uint16_t id;
	uint16_t default_bits;
	uint16_t key_bits[3]; /* valid sizes, descending; 0 ends */
	uint8_t flags;
	uint16_t prf; /* integrity: the PRF it is derived from, for non-AEAD IKE */
};

static const struct alg encr_algs[] = {
	{ "aes,aes_cbc", "AES_CBC", IKEV2_ENCR_AES_CBC, 128, { 256, 192, 128 }, F_IKE | F_ESP, 0 },
	{ "aesctr,aes_ctr", "AES_CTR", IKEV2_ENCR_AES_CTR, 128, { 256, 192, 128 }, F_IKE | F_ESP, 0 },
	{ "aes_gcm_8,aes_gcm_a", "AES_GCM_8", IKEV2_ENCR_AES_GCM_8, 128, { 256, 192, 128 },
	  F_IKE | F_ESP | F_AEAD, 0 },
	{ "aes_gcm_12,aes_gcm_b", "AES_GCM_12", IKEV2_ENCR_AES_GCM_12, 128, { 256, 192, 128 },
	  F_IKE | F_ESP | F_AEAD, 0 },
	{ "aes_gcm,aes_gcm_16,aes_gcm_c", "AES_GCM_16", IKEV2_ENCR_AES_GCM_16, 128,
	  { 256, 192, 128 }, F_IKE | F_ESP | F_AEAD, 0 },
	{ "aes_ccm_8,aes_ccm_a", "AES_CCM_8", IKEV2_ENCR_AES_CCM_8, 128, { 256, 192, 128 },
	  F_ESP | F_AEAD, 0 },
	{ "aes_ccm_12,aes_ccm_b", "AES_CCM_12", IKEV2_ENCR_AES_CCM_12, 128, { 256, 192, 128 },
	  F_ESP | F_AEAD, 0 },
	{ "aes_ccm,aes_ccm_16,aes_ccm_c", "AES_CCM_16", IKEV2_ENCR_AES_CCM_16, 128,
	  { 256, 192, 128 }, F_ESP | F_AEAD, 0 },
	{ "null_auth_aes_gmac,aes_gmac", "NULL_AUTH_AES_GMAC", IKEV2_ENCR_NULL_AUTH_AES_GMAC, 128,
	  { 256, 192, 128 }, F_ESP | F_AEAD, 0 },
	{ "3des,3des_cbc", "3DES_CBC", IKEV2_ENCR_3DES, 192, { 192 }, F_IKE | F_ESP | F_FIXED, 0 },
	{ "camellia,camellia_cbc", "CAMELLIA_CBC", IKEV2_ENCR_CAMELLIA_CBC, 128, { 256, 192, 128 },
	  F_IKE | F_ESP, 0 },
	{ "camellia_ctr", "CAMELLIA_CTR", IKEV2_ENCR_CAMELLIA_CTR, 128, { 256, 192, 128 },
	  F_ESP | F_NO_V1, 0 },
	{ "chacha20_poly1305,chacha20poly1305", "CHACHA20_POLY1305", IKEV2_ENCR_CHACHA20_POLY1305,
	  256, { 256 }, F_IKE | F_ESP | F_AEAD | F_FIXED | F_NO_V1, 0 },
	{ "null", "NULL", IKEV2_ENCR_NULL, 0, { 0 }, F_ESP | F_FIXED, 0 },
	{ NULL, NULL, 0, 0, { 0 }, 0, 0 },
};

static const struct alg prf_algs[] = {
	{ "md5,hmac_md5", "HMAC_MD5", IKEV2_PRF_HMAC_MD5, 0, { 0 }, F_IKE, 0 },
	{ "sha,sha1,hmac_sha1", "HMAC_SHA1", IKEV2_PRF_HMAC_SHA1, 0, { 0 }, F_IKE, 0 },
	{ "aes128_xcbc,aes_xcbc", "AES_XCBC", IKEV2_PRF_AES128_XCBC, 0, { 0 }, F_IKE | F_NO_V1, 0 },
	{ "sha2,sha256,sha2_256,hmac_sha2_256", "HMAC_SHA2_256", IKEV2_PRF_HMAC_SHA2_256, 0, { 0 },
	  F_IKE, 0 },
	{ "sha384,sha2_384,hmac_sha2_384", "HMAC_SHA2_384", IKEV2_PRF_HMAC_SHA2_384, 0, { 0 },
	  F_IKE, 0 },
	{ "sha512,sha2_512,hmac_sha2_512", "HMAC_SHA2_512", IKEV2_PRF_HMAC_SHA2_512, 0, { 0 },
	  F_IKE, 0 },
	{ NULL, NULL, 0, 0, { 0 }, 0, 0 },
};

static const struct alg integ_algs[] = {
	{ "md5,hmac_md5,hmac_md5_96", "HMAC_MD5_96", IKEV2_INTEG_HMAC_MD5_96, 0, { 0 },
	  F_IKE | F_ESP, IKEV2_PRF_HMAC_MD5 },
	{ "sha,sha1,sha1_96,hmac_sha1,hmac_sha1_96", "HMAC_SHA1_96", IKEV2_INTEG_HMAC_SHA1_96, 0,
	  { 0 }, F_IKE | F_ESP, IKEV2_PRF_HMAC_SHA1 },
	{ "aes_xcbc,aes128_xcbc,aes_xcbc_96,aes128_xcbc_96", "AES_XCBC_96",
	  IKEV2_INTEG_AES_XCBC_96, 0, { 0 }, F_IKE | F_ESP, IKEV2_PRF_AES128_XCBC },
	{ "aes_cmac,aes_cmac_96", "AES_CMAC_96", IKEV2_INTEG_AES_CMAC_96, 0, { 0 }, F_ESP, 0 },
	{ "sha2,sha256,sha2_256,sha2_256_128,hmac_sha2_256,hmac_sha2_256_128", "HMAC_SHA2_256_128",
	  IKEV2_INTEG_HMAC_SHA2_256_128, 0, { 0 }, F_IKE | F_ESP, IKEV2_PRF_HMAC_SHA2_256 },
	{ "sha384,sha2_384,sha2_384_192,hmac_sha2_384,hmac_sha2_384_192", "HMAC_SHA2_384_192",
	  IKEV2_INTEG_HMAC_SHA2_384_192, 0, { 0 }, F_IKE | F_ESP, IKEV2_PRF_HMAC_SHA2_384 },
	{ "sha512,sha2_512,sha2_512_256,hmac_sha2_512,hmac_sha2_512_256", "HMAC_SHA2_512_256",
	  IKEV2_INTEG_HMAC_SHA2_512_256, 0, { 0 }, F_IKE | F_ESP, IKEV2_PRF_HMAC_SHA2_512 },
	{ "none,null", "NONE", IKEV2_INTEG_NONE, 0, { 0 }, F_IKE | F_ESP, 0 },
	{ NULL, NULL, 0, 0, { 0 }, 0, 0 },
};

static const struct alg dh_algs[] = {
	{ "modp1024,dh2", "MODP1024", IKEV2_DH_MODP1024, 0, { 0 }, F_IKE | F_ESP | F_UNSUPPORTED, 0 },
	{ "modp1536,dh5", "MODP1536", IKEV2_DH_MODP1536, 0, { 0 }, F_IKE | F_ESP, 0 },
	{ "modp2048,dh14", "MODP2048", IKEV2_DH_MODP2048, 0, { 0 }, F_IKE | F_ESP, 0 },
	{ "modp3072,dh15", "MODP3072", IKEV2_DH_MODP3072, 0, { 0 }, F_IKE | F_ESP, 0 },
	{ "modp4096,dh16", "MODP4096", IKEV2_DH_MODP4096, 0, { 0 }, F_IKE | F_ESP, 0 },
	{ "modp6144,dh17", "MODP6144", IKEV2_DH_MODP6144, 0, { 0 }, F_IKE | F_ESP, 0 },
	{ "modp8192,dh18", "MODP8192", IKEV2_DH_MODP8192, 0, { 0 }, F_IKE | F_ESP, 0 },
	{ "dh19,ecp_256,ecp256", "DH19", IKEV2_DH_ECP256, 0, { 0 }, F_IKE | F_ESP, 0 },
	{ "dh20,ecp_384,ecp384", "DH20", IKEV2_DH_ECP384, 0, { 0 }, F_IKE | F_ESP, 0 },
	{ "dh21,ecp_521,ecp521", "DH21", IKEV2_DH_ECP521, 0, { 0 }, F_IKE | F_ESP, 0 },
	{ "dh22", "DH22", 22, 0, { 0 }, F_IKE | F_ESP | F_UNSUPPORTED, 0 },
	{ "dh23", "DH23", 23, 0, { 0 }, F_IKE | F_ESP | F_UNSUPPORTED, 0 },
	{ "dh24", "DH24", 24, 0, { 0 }, F_IKE | F_ESP | F_UNSUPPORTED, 0 },
	{ "dh31,curve25519", "DH31", IKEV2_DH_CURVE25519, 0, { 0 }, F_IKE | F_ESP, 0 },
	{ "none,null,dh0", "NONE", IKEV2_DH_NONE, 0, { 0 }, F_IKE | F_ESP, 0 },
	{ NULL, NULL, 0, 0, { 0 }, 0, 0 },
};

static const struct alg *const alg_tables[] = { encr_algs, prf_algs, integ_algs, dh_algs };

struct parser {
	bool esp, ikev1, ah;
	char *err;
	size_t errlen;
	bool failed;
};

static void fail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return;
	p->failed = true;
	if (!p->err || !p->errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(p->err, p->errlen, fmt, ap);
	va_end(ap);
}

static const char *proto_name(const struct parser *p)
{
	return p->ah ? "AH" : p->esp ? "ESP" : "IKE";
}

static bool names_match(const char *names, const char *s, size_t n)
{
	while (*names) {
		const char *comma = strchr(names, ',');
		size_t len = comma ? (size_t)(comma - names) : strlen(names);
		if (len == n && strncasecmp(names, s, n) == 0)
			return true;
		if (!comma)
			break;
		names = comma + 1;
	}
	return false;
}

static const struct alg *find(enum alg_type type, const char *s, size_t n)
{
	for (const struct alg *a = alg_tables[type]; a->names; a++)
		if (names_match(a->names, s, n))
			return a;
	return NULL;
}

static const struct alg *find_by_id(enum alg_type type, uint16_t id)
{
	for (const struct alg *a = alg_tables[type]; a->names; a++)
		if (a->id == id)
			return a;
	return NULL;
}

/* Looks a name up and checks it may be used here; fails with Libreswan's wording. */
static const struct alg *lookup(struct parser *p, enum alg_type type, const char *s, size_t n,
				bool quiet)
{
	const struct alg *a = find(type, s, n);
	int w = (int)(n > 64 ? 64 : n);

	if (!a) {
		if (!quiet)
			fail(p, "%s %s algorithm '%.*s' is not recognized", proto_name(p),
			     alg_type_name[type], w, s);
		return NULL;
	}
	if ((a->flags & F_UNSUPPORTED) || !(a->flags & (p->esp ? F_ESP : F_IKE))) {
		if (!quiet)
			fail(p, "%s %s algorithm '%.*s' is not supported", proto_name(p),
			     alg_type_name[type], w, s);
		return NULL;
	}
	if (p->ikev1 && ((a->flags & F_NO_V1) || (!p->esp && (a->flags & F_AEAD)))) {
		if (!quiet)
			fail(p, "%s %s algorithm '%.*s' is not supported by IKEv1", proto_name(p),
			     alg_type_name[type], w, s);
		return NULL;
	}
	return a;
}

struct token {
	const char *s;
	size_t n;
	char term; /* the separator after it, '\0' at the end */
};

/* Splits one proposal at '-', ';' and '+'. */
static size_t tokenize(const char *s, size_t n, struct token *t, size_t max)
{
	size_t count = 0, start = 0;

	for (size_t i = 0; i <= n; i++) {
		char c = i < n ? s[i] : '\0';
		if (c != '\0' && c != '-' && c != ';' && c != '+')
			continue;
		if (count == max)
			return max + 1;
		t[count].s = s + start;
		t[count].n = i - start;
		t[count].term = c;
		count++;
		start = i + 1;
	}
	return count;
}

static bool all_digits(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool add_encr(struct parser *p, struct proposal *pr, const struct alg *a, unsigned bits,
		     const char *print, size_t pn)
{
	int w = (int)(pn > 64 ? 64 : pn);

	if (bits) {
		bool ok = false;
		if (a->flags & F_FIXED) {
			fail(p, "%s encryption algorithm %s does not allow a key lengths",
			     proto_name(p), a->fqn);
			return false;
		}
		for (unsigned i = 0; i < 3; i++)
			ok |= a->key_bits[i] == bits;
		if (!ok) {
			char valid[32] = "";
			for (int i = 2; i >= 0; i--)
				if (a->key_bits[i]) {
					size_t l = strlen(valid);
					snprintf(valid + l, sizeof(valid) - l, "%s%u", l ? ", " : " ",
						 a->key_bits[i]);
				}
			fail(p, "%s encryption algorithm %s with key length %u invalid; valid key lengths:%s",
			     proto_name(p), a->fqn, bits, valid);
			return false;
		}
	}
	/* a later duplicate adds nothing (key length 0 covers every size) */
	for (unsigned i = 0; i < pr->n_encr; i++)
		if (pr->encr[i].id == a->id && (pr->encr[i].key_bits == 0 || pr->encr[i].key_bits == bits))
			return true;
	if (pr->n_encr == PROPOSAL_MAX_ALGS) {
		fail(p, "%s proposal has too many encryption algorithms at '%.*s' (at most %d)",
		     proto_name(p), w, print, PROPOSAL_MAX_ALGS);
		return false;
	}
	pr->encr[pr->n_encr].id = a->id;
	pr->encr[pr->n_encr].key_bits = (uint16_t)bits;
	pr->n_encr++;
	return true;
}

static bool add_id(struct parser *p, uint16_t *list, uint8_t *n, uint16_t id, const char *what)
{
	for (unsigned i = 0; i < *n; i++)
		if (list[i] == id)
			return true;
	if (*n == PROPOSAL_MAX_ALGS) {
		fail(p, "%s proposal has too many %s algorithms (at most %d)", proto_name(p), what,
		     PROPOSAL_MAX_ALGS);
		return false;
	}
	list[(*n)++] = id;
	return true;
}

/* <ealg>, <ealg><bits>, <ealg>_<bits> or <ealg>-<bits>; consumes 1 or 2 tokens. */
static int parse_encr(struct parser *p, struct proposal *pr, const struct token *t, size_t nt)
{
	const struct alg *a;

	if (t[0].n == 0) {
		fail(p, "%s encryption algorithm is empty", proto_name(p));
		return -1;
	}
	if (t[0].term == '-' && nt > 1 && t[1].n > 0 && t[1].s[0] >= '0' && t[1].s[0] <= '9') {
		size_t pn = (size_t)(t[1].s + t[1].n - t[0].s);
		unsigned long bits;
		if (!all_digits(t[1].s, t[1].n)) {
			fail(p, "%s encryption algorithm '%.*s' key length contains a non-numeric character",
			     proto_name(p), (int)(pn > 64 ? 64 : pn), t[0].s);
			return -1;
		}
		bits = t[1].n > 6 ? 1000000 : strtoul(t[1].s, NULL, 10);
		if (bits == 0) {
			fail(p, "%s encryption key length is zero", proto_name(p));
			return -1;
		}
		a = lookup(p, ALG_ENCR, t[0].s, t[0].n, false);
		if (!a || !add_encr(p, pr, a, (unsigned)bits, t[0].s, pn))
			return -1;
		return 2;
	}
	a = lookup(p, ALG_ENCR, t[0].s, t[0].n, true);
	if (a)
		return add_encr(p, pr, a, 0, t[0].s, t[0].n) ? 1 : -1;
	/* trailing digits are the key length */
	size_t end = t[0].n;
	while (end > 0 && t[0].s[end - 1] >= '0' && t[0].s[end - 1] <= '9')
		end--;
	if (end == t[0].n || end == 0) {
		lookup(p, ALG_ENCR, t[0].s, t[0].n, false);
		return -1;
	}
	size_t nlen = end;
	unsigned long bits = t[0].n - end > 6 ? 1000000 : strtoul(t[0].s + end, NULL, 10);
	if (t[0].s[nlen - 1] == '_')
		nlen--;
	if (bits == 0) {
		fail(p, "%s encryption key length is zero", proto_name(p));
		return -1;
	}
	a = lookup(p, ALG_ENCR, t[0].s, nlen, true);
	if (!a) {
		lookup(p, ALG_ENCR, t[0].s, t[0].n, false);
		return -1;
	}
	return add_encr(p, pr, a, (unsigned)bits, t[0].s, t[0].n) ? 1 : -1;
}

/* Parses a '+' joined run of one algorithm type starting at t[*i]. With quiet
 * set, an unknown name is not an error message (the caller tries another type). */
static bool parse_list(struct parser *p, struct proposal *pr, enum alg_type type,
		       const struct token *t, size_t nt, size_t *i, bool quiet)
{
	for (;;) {
		const struct alg *a;
		if (t[*i].n == 0) {
			if (!quiet)
				fail(p, "%s %s algorithm is empty", proto_name(p), alg_type_name[type]);
			return false;
		}
		a = lookup(p, type, t[*i].s, t[*i].n, quiet);
		if (!a)
			return false;
		switch (type) {
		case ALG_PRF:
			if (!add_id(p, pr->prf, &pr->n_prf, a->id, "PRF"))
				return false;
			break;
		case ALG_INTEG:
			if (!add_id(p, pr->integ, &pr->n_integ, a->id, "integrity"))
				return false;
			break;
		case ALG_DH:
			if (!p->esp && a->id == IKEV2_DH_NONE) {
				fail(p, "IKE DH algorithm 'none' not permitted");
				return false;
			}
			if (!add_id(p, pr->dh, &pr->n_dh, a->id, "DH"))
				return false;
			break;
		case ALG_ENCR:
			return false;
		}
		char term = t[*i].term;
		(*i)++;
		if (term != '+' || *i >= nt)
			return true;
	}
}

struct defaults {
	const char *const *encr; /* proposals, each "name" or "name_bits" */
	const uint16_t *prf, *integ, *dh; /* 0-terminated except dh (0xffff) */
};

static const char *const v2_default_encr[] = { "AES_GCM_16_256", "AES_GCM_16_128",
					       "AES_CBC_256", "AES_CBC_128", NULL };
static const uint16_t v2_ike_prf[] = { IKEV2_PRF_HMAC_SHA2_512, IKEV2_PRF_HMAC_SHA2_256, 0 };
static const uint16_t v2_ike_dh[] = { IKEV2_DH_MODP2048, IKEV2_DH_MODP3072, IKEV2_DH_MODP4096,
				      IKEV2_DH_MODP8192, IKEV2_DH_ECP256, IKEV2_DH_ECP384,
				      IKEV2_DH_ECP521, IKEV2_DH_CURVE25519, 0xffff };
static const uint16_t v2_esp_integ[] = { IKEV2_INTEG_HMAC_SHA2_512_256,
					 IKEV2_INTEG_HMAC_SHA2_256_128, 0 };

/* IKEv1 defaults changed within 4.x; these are 4.10's (Debian 12) */
static const char *const v1_ike_encr[] = { "AES_CBC", "3DES", NULL };
static const uint16_t v1_ike_prf[] = { IKEV2_PRF_HMAC_SHA2_256, IKEV2_PRF_HMAC_SHA2_512,
				       IKEV2_PRF_HMAC_SHA1, 0 };
static const uint16_t v1_ike_dh[] = { IKEV2_DH_MODP2048, IKEV2_DH_MODP1536, 0xffff };
static const char *const v1_esp_encr[] = { "AES_CBC", NULL };
static const uint16_t v1_esp_integ[] = { IKEV2_INTEG_HMAC_SHA1_96, 0 };

/* Libreswan 4.x lib/libswan/ike_info.c and esp_info.c */
static const struct defaults v2_ike = { v2_default_encr, v2_ike_prf, NULL, v2_ike_dh };
static const struct defaults v2_esp = { v2_default_encr, NULL, v2_esp_integ, NULL };
static const struct defaults v1_ike = { v1_ike_encr, v1_ike_prf, NULL, v1_ike_dh };
static const struct defaults v1_esp = { v1_esp_encr, NULL, v1_esp_integ, NULL };

static bool encr_aead(const struct proposal *pr, bool *norm)
{
	bool aead = false;

	*norm = false;
	for (unsigned i = 0; i < pr->n_encr; i++) {
		const struct alg *a = find_by_id(ALG_ENCR, pr->encr[i].id);
		if (a && (a->flags & F_AEAD))
			aead = true;
		else
			*norm = true;
	}
	return aead;
}

/* Fills what the text left out, then checks AEAD against integrity. */
static bool finish(struct parser *p, struct proposal *pr, const struct defaults *d)
{
	bool norm, aead = encr_aead(pr, &norm);

	if (!p->esp && pr->n_prf == 0)
		for (const uint16_t *x = d->prf; *x; x++)
			pr->prf[pr->n_prf++] = *x;
	if (pr->n_integ == 0) {
		if (aead) {
			pr->integ[pr->n_integ++] = IKEV2_INTEG_NONE;
		} else if (d->integ) {
			for (const uint16_t *x = d->integ; *x; x++)
				pr->integ[pr->n_integ++] = *x;
		} else if (pr->n_prf && norm) {
			for (unsigned i = 0; i < pr->n_prf; i++) {
				const struct alg *integ = NULL;
				for (const struct alg *a = integ_algs; a->names; a++)
					if (a->prf == pr->prf[i])
						integ = a;
				if (!integ) {
					fail(p, "%s integrity derived from PRF %s is not supported",
					     proto_name(p), find_by_id(ALG_PRF, pr->prf[i])->fqn);
					return false;
				}
				pr->integ[pr->n_integ++] = integ->id;
			}
		}
	}
	if (pr->n_dh == 0 && d->dh)
		for (const uint16_t *x = d->dh; *x != 0xffff; x++)
			pr->dh[pr->n_dh++] = *x;

	if (aead && norm) {
		fail(p, "AEAD and non-AEAD %s encryption algorithm cannot be combined", proto_name(p));
		return false;
	}
	bool none = false;
	for (unsigned i = 0; i < pr->n_integ; i++)
		none |= pr->integ[i] == IKEV2_INTEG_NONE;
	const char *first = find_by_id(ALG_ENCR, pr->encr[0].id)->fqn;
	if (aead && (!none || pr->n_integ > 1)) {
		fail(p, "AEAD %s encryption algorithm %s must have 'NONE' as the integrity algorithm",
		     proto_name(p), first);
		return false;
	}
	if (norm && none) {
		fail(p, "non-AEAD %s encryption algorithm %s cannot have 'NONE' as the integrity algorithm",
		     proto_name(p), first);
		return false;
	}
	return true;
}

static bool parse_one(struct parser *p, const char *s, size_t n, struct proposal *pr,
		      const struct defaults *d)
{
	struct token t[4 * PROPOSAL_MAX_ALGS + 4];
	size_t max = sizeof(t) / sizeof(t[0]);
	size_t nt = tokenize(s, n, t, max), i = 0;
	int used;

	memset(pr, 0, sizeof(*pr));
	if (nt > max) {
		fail(p, "%s proposal '%.*s' has too many algorithms", proto_name(p),
		     (int)(n > 64 ? 64 : n), s);
		return false;
	}
	if (p->ah) {
		if (!parse_list(p, pr, ALG_INTEG, t, nt, &i, false))
			return false;
		if (i < nt && !parse_list(p, pr, ALG_DH, t, nt, &i, false))
			return false;
		if (i < nt) {
			fail(p, "AH proposal contains unexpected '%.*s'",
			     (int)(t[i].n > 64 ? 64 : t[i].n), t[i].s);
			return false;
		}
		for (unsigned k = 0; k < pr->n_integ; k++)
			if (pr->integ[k] == IKEV2_INTEG_NONE) {
				fail(p, "AH cannot have 'none' as the integrity algorithm");
				return false;
			}
		return true;
	}
	used = parse_encr(p, pr, t, nt);
	if (used < 0)
		return false;
	i = (size_t)used;
	while (i < nt && t[i - 1].term == '+') {
		used = parse_encr(p, pr, t + i, nt - i);
		if (used < 0)
			return false;
		i += (size_t)used;
	}
	/* IKE: <encr>-<prf> first; if that fails, <encr>-<integ>-<prf> */
	if (!p->esp && i < nt && t[i - 1].term != ';') {
		size_t j = i;
		if (parse_list(p, pr, ALG_PRF, t, nt, &j, true)) {
			i = j;
		} else {
			if (p->failed)
				return false;
			pr->n_prf = 0;
			if (!parse_list(p, pr, ALG_INTEG, t, nt, &i, true)) {
				/* report why <encr>-<prf> failed, as Libreswan does */
				if (!p->failed && t[j].n == 0)
					fail(p, "IKE PRF algorithm is empty");
				if (!p->failed)
					lookup(p, ALG_PRF, t[j].s, t[j].n, false);
				return false;
			}
			if (i < nt && t[i - 1].term != ';' &&
			    !parse_list(p, pr, ALG_PRF, t, nt, &i, false))
				return false;
		}
	} else if (p->esp && i < nt && t[i - 1].term != ';') {
		if (!parse_list(p, pr, ALG_INTEG, t, nt, &i, false))
			return false;
	}
	if (i < nt && !parse_list(p, pr, ALG_DH, t, nt, &i, false))
		return false;
	if (i < nt) {
		fail(p, "%s proposal contains unexpected '%.*s'", proto_name(p),
		     (int)(t[i].n > 64 ? 64 : t[i].n), t[i].s);
		return false;
	}
	return finish(p, pr, d);
}

static int parse(const char *text, bool is_esp, bool ikev1, bool ah, struct proposal_list *out,
		 char *err, size_t errlen)
{
	struct parser p = { .esp = is_esp, .ikev1 = ikev1, .ah = ah, .err = err, .errlen = errlen };
	const struct defaults *d = ikev1 ? (is_esp ? &v1_esp : &v1_ike)
					 : (is_esp ? &v2_esp : &v2_ike);
	struct proposal_list list = { 0 };
	const char *s = text;

	if (err && errlen)
		err[0] = '\0';
	if (!text || !*text) {
		fail(&p, "%s proposal is empty", proto_name(&p));
		return -EINVAL;
	}
	for (;;) {
		const char *comma = strchr(s, ',');
		size_t n = comma ? (size_t)(comma - s) : strlen(s);
		struct proposal pr;
		bool dup = false;
		if (!parse_one(&p, s, n, &pr, d))
			return -EINVAL;
		/* a repeated proposal adds nothing (RHEL bug 1645137 had 113 copies) */
		for (unsigned i = 0; i < list.count && !dup; i++)
			dup = memcmp(&list.p[i], &pr, sizeof(pr)) == 0;
		if (!dup) {
			if (list.count == PROPOSAL_MAX) {
				fail(&p, "too many %s proposals (at most %d)", proto_name(&p),
				     PROPOSAL_MAX);
				return -EINVAL;
			}
			list.p[list.count++] = pr;
		}
		if (!comma)
			break;
		s = comma + 1;
	}
	*out = list;
	return 0;
}

int proposal_parse(const char *text, bool is_esp, struct proposal_list *out, char *err,
		   size_t errlen)
{
	return parse(text, is_esp, false, false, out, err, errlen);
}

int proposal_parse_ikev1(const char *text, bool is_esp, struct proposal_list *out, char *err,
			 size_t errlen)
{
	return parse(text, is_esp, true, false, out, err, errlen);
}

int proposal_parse_ah(const char *text, struct proposal_list *out, char *err, size_t errlen)
{
	return parse(text, true, false, true, out, err, errlen);
}

void proposal_defaults_ah(struct proposal_list *out)
{
	/* Libreswan 4.x ah_info.c */
	parse("sha2_512_256,sha2_256_128,sha1_96", true, false, true, out, NULL, 0);
	out->is_default = true;
}

static void defaults(const struct defaults *d, bool is_esp, bool ikev1,
		     struct proposal_list *out)
{
	char text[128] = "";

	for (const char *const *e = d->encr; *e; e++) {
		size_t l = strlen(text);
		snprintf(text + l, sizeof(text) - l, "%s%s", l ? "," : "", *e);
	}
	parse(text, is_esp, ikev1, false, out, NULL, 0);
	out->is_default = true;
}

void proposal_defaults(bool is_esp, struct proposal_list *out)
{
	defaults(is_esp ? &v2_esp : &v2_ike, is_esp, false, out);
}

void proposal_defaults_ikev1(bool is_esp, struct proposal_list *out)
{
	defaults(is_esp ? &v1_esp : &v1_ike, is_esp, true, out);
}

struct out {
	char *buf;
	size_t len, used;
	bool overflow;
};

static void emit(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void emit(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->used < o->len ? o->buf + o->used : NULL,
		      o->used < o->len ? o->len - o->used : 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	o->used += (size_t)n;
	if (o->used >= o->len)
		o->overflow = true;
}

static const char *fqn(enum alg_type type, uint16_t id)
{
	const struct alg *a = find_by_id(type, id);
	return a ? a->fqn : "?";
}

/* Libreswan's jam_proposal(): integrity is printed only when it does not
 * follow from the PRFs. */
static void format_one(struct out *o, const struct proposal *pr)
{
	bool norm, aead = encr_aead(pr, &norm), print_integ = pr->n_prf == 0;
	size_t start = o->used;

	/* the first group starts the line, the others follow a '-' */
#define GROUP(i) ((i) ? "+" : o->used > start ? "-" : "")
	for (unsigned i = 0; i < pr->n_encr; i++) {
		emit(o, "%s%s", GROUP(i), fqn(ALG_ENCR, pr->encr[i].id));
		if (pr->encr[i].key_bits)
			emit(o, "_%u", pr->encr[i].key_bits);
	}
	if (aead && !print_integ)
		for (unsigned i = 0; i < pr->n_integ; i++)
			print_integ |= pr->integ[i] != IKEV2_INTEG_NONE;
	if (!print_integ && norm) {
		unsigned n = pr->n_integ > pr->n_prf ? pr->n_integ : pr->n_prf;
		for (unsigned i = 0; i < n && !print_integ; i++) {
			const struct alg *integ = i < pr->n_integ ? find_by_id(ALG_INTEG, pr->integ[i]) : NULL;
			print_integ = !integ || i >= pr->n_prf || integ->prf != pr->prf[i];
		}
	}
	if (print_integ)
		for (unsigned i = 0; i < pr->n_integ; i++)
			emit(o, "%s%s", GROUP(i), fqn(ALG_INTEG, pr->integ[i]));
	for (unsigned i = 0; i < pr->n_prf; i++)
		emit(o, "%s%s", GROUP(i), fqn(ALG_PRF, pr->prf[i]));
	for (unsigned i = 0; i < pr->n_dh; i++)
		emit(o, "%s%s", GROUP(i), fqn(ALG_DH, pr->dh[i]));
#undef GROUP
}

int proposal_format(const struct proposal_list *list, bool is_esp, char *buf, size_t len)
{
	struct out o = { buf, len, 0, false };

	(void)is_esp;
	if (len)
		buf[0] = '\0';
	for (unsigned i = 0; i < list->count && i < PROPOSAL_MAX; i++) {
		if (i)
			emit(&o, ", ");
		format_one(&o, &list->p[i]);
	}
	if (o.overflow || len == 0)
		return -ENOSPC;
	return (int)o.used;
}
