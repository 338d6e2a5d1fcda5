/* ike= / esp= parsing, Libreswan's defaults and canonical formatting.
 * Expected strings are Libreswan 4.x's own output: "ipsec status" lines recorded
 * in libreswan testing/pluto/libipsecconf-08-system-crypto-policies and
 * libipsecconf-05-empty_option (west.console.txt), and the default lists in
 * lib/libswan/ike_info.c / esp_info.c. */
#include "config/proposal.h"
#include "tests/unit/check.h"
#include "tests/unit/algparse_cases.h"

#include <stdio.h>
#include <string.h>

static void check_format(const char *text, bool esp, const char *want)
{
	struct proposal_list l;
	char err[200], buf[2048];
	int r = proposal_parse(text, esp, &l, err, sizeof(err));

	CHECK(r == 0, "%s=%s parses (%s)", esp ? "esp" : "ike", text, r ? err : "ok");
	if (r)
		return;
	CHECK(proposal_format(&l, esp, buf, sizeof(buf)) > 0, "%s formats", text);
	CHECK_STR(buf, want, text);
}

static void check_error(const char *text, bool esp, const char *want)
{
	struct proposal_list l;
	char err[200];
	int r = proposal_parse(text, esp, &l, err, sizeof(err));

	CHECK(r != 0, "%s=%s is rejected", esp ? "esp" : "ike", text);
	CHECK_STR(err, want, text);
}

/* Differential check against Libreswan's parser (algparse_cases.h). */
static void check_algparse(void)
{
	for (size_t i = 0; i < sizeof(algparse_cases) / sizeof(algparse_cases[0]); i++) {
		struct proposal_list l;
		char err[256] = "", buf[2048] = "";
		bool esp = strcmp(algparse_cases[i].proto, "ike") != 0;
		int r;

		if (strcmp(algparse_cases[i].proto, "ah") == 0)
			r = proposal_parse_ah(algparse_cases[i].text, &l, err, sizeof(err));
		else if (algparse_cases[i].version == 1)
			r = proposal_parse_ikev1(algparse_cases[i].text, esp, &l, err, sizeof(err));
		else
			r = proposal_parse(algparse_cases[i].text, esp, &l, err, sizeof(err));
		if (r == 0)
			proposal_format(&l, esp, buf, sizeof(buf));
		if (algparse_cases[i].want) {
			CHECK(r == 0 && strcmp(buf, algparse_cases[i].want) == 0,
			      "algparse -v%d '%s=%s' = %s", algparse_cases[i].version,
			      algparse_cases[i].proto, algparse_cases[i].text, algparse_cases[i].want);
			if (r || strcmp(buf, algparse_cases[i].want))
				printf("#   got: %s\n", r ? err : buf);
		} else {
			CHECK(r != 0 && strcmp(err, algparse_cases[i].error) == 0,
			      "algparse -v%d '%s=%s': ERROR: %s", algparse_cases[i].version,
			      algparse_cases[i].proto, algparse_cases[i].text, algparse_cases[i].error);
			if (r == 0 || strcmp(err, algparse_cases[i].error))
				printf("#   got: %s\n", r ? err : buf);
		}
	}
}

int main(void)
{
	struct proposal_list l;
	char buf[2048];

	check_algparse();

	/* Libreswan 4.x IKEv2 defaults (ike_info.c): AES_GCM_16_256, AES_GCM_16_128,
	 * AES_CBC_256, AES_CBC_128; PRF SHA2_512, SHA2_256; DH 14,15,16,18,19,20,21,31 */
	proposal_defaults(false, &l);
	CHECK(l.is_default && l.count == 4, "IKE defaults: 4 proposals, marked default");
	proposal_format(&l, false, buf, sizeof(buf));
	CHECK_STR(buf,
		  "AES_GCM_16_256-HMAC_SHA2_512+HMAC_SHA2_256-MODP2048+MODP3072+MODP4096+MODP8192+DH19+DH20+DH21+DH31, "
		  "AES_GCM_16_128-HMAC_SHA2_512+HMAC_SHA2_256-MODP2048+MODP3072+MODP4096+MODP8192+DH19+DH20+DH21+DH31, "
		  "AES_CBC_256-HMAC_SHA2_512+HMAC_SHA2_256-MODP2048+MODP3072+MODP4096+MODP8192+DH19+DH20+DH21+DH31, "
		  "AES_CBC_128-HMAC_SHA2_512+HMAC_SHA2_256-MODP2048+MODP3072+MODP4096+MODP8192+DH19+DH20+DH21+DH31",
		  "IKE defaults, Libreswan 4.x spelling");
	CHECK(l.p[0].encr[0].id == IKEV2_ENCR_AES_GCM_16 && l.p[0].encr[0].key_bits == 256 &&
		      l.p[0].n_integ == 1 && l.p[0].integ[0] == IKEV2_INTEG_NONE,
	      "IKE default 1: AES-GCM-16 256 with integrity none");
	CHECK(l.p[2].n_integ == 2 && l.p[2].integ[0] == IKEV2_INTEG_HMAC_SHA2_512_256 &&
		      l.p[2].integ[1] == IKEV2_INTEG_HMAC_SHA2_256_128,
	      "IKE default 3: AES-CBC integrity follows the PRFs (SHA2-512-256, SHA2-256-128)");
	CHECK(l.p[3].n_dh == 8 && l.p[3].dh[0] == IKEV2_DH_MODP2048 && l.p[3].dh[7] == IKEV2_DH_CURVE25519,
	      "IKE default DH list: 8 groups from MODP2048 to Curve25519");

	proposal_defaults(true, &l);
	proposal_format(&l, true, buf, sizeof(buf));
	CHECK_STR(buf,
		  "AES_GCM_16_256-NONE, AES_GCM_16_128-NONE, AES_CBC_256-HMAC_SHA2_512_256+HMAC_SHA2_256_128, "
		  "AES_CBC_128-HMAC_SHA2_512_256+HMAC_SHA2_256_128",
		  "ESP defaults");
	CHECK(l.p[0].n_dh == 0, "ESP defaults: no PFS group (the IKE SA's is used)");

	/* RHEL's DEFAULT crypto policy, recorded output of Libreswan 4.x */
	check_format("aes_gcm256-sha2_512+sha2_256-dh19+modp2048+dh31+dh20+dh21+modp3072+modp4096+modp8192,"
		     "chacha20_poly1305-sha2_512+sha2_256-dh19+modp2048+dh31+dh20+dh21+modp3072+modp4096+modp8192,"
		     "aes256-sha2_512+sha2_256-dh19+modp2048+dh31+dh20+dh21+modp3072+modp4096+modp8192,"
		     "aes_gcm128-sha2_512+sha2_256-dh19+modp2048+dh31+dh20+dh21+modp3072+modp4096+modp8192,"
		     "aes128-sha2_256-dh19+modp2048+dh31+dh20+dh21+modp3072+modp4096+modp8192",
		     false,
		     "AES_GCM_16_256-HMAC_SHA2_512+HMAC_SHA2_256-DH19+MODP2048+DH31+DH20+DH21+MODP3072+MODP4096+MODP8192, "
		     "CHACHA20_POLY1305-HMAC_SHA2_512+HMAC_SHA2_256-DH19+MODP2048+DH31+DH20+DH21+MODP3072+MODP4096+MODP8192, "
		     "AES_CBC_256-HMAC_SHA2_512+HMAC_SHA2_256-DH19+MODP2048+DH31+DH20+DH21+MODP3072+MODP4096+MODP8192, "
		     "AES_GCM_16_128-HMAC_SHA2_512+HMAC_SHA2_256-DH19+MODP2048+DH31+DH20+DH21+MODP3072+MODP4096+MODP8192, "
		     "AES_CBC_128-HMAC_SHA2_256-DH19+MODP2048+DH31+DH20+DH21+MODP3072+MODP4096+MODP8192");
	check_format("aes_gcm256,chacha20_poly1305,aes256-sha2_512+sha1+sha2_256,aes_gcm128,aes128-sha1+sha2_256",
		     true,
		     "AES_GCM_16_256-NONE, CHACHA20_POLY1305-NONE, AES_CBC_256-HMAC_SHA2_512_256+HMAC_SHA1_96+HMAC_SHA2_256_128, "
		     "AES_GCM_16_128-NONE, AES_CBC_128-HMAC_SHA1_96+HMAC_SHA2_256_128");
	/* LEGACY policy: nine DH groups in one proposal */
	check_format("aes256-sha2_512+sha2_256-dh19+modp2048+dh31+dh20+dh21+modp3072+modp4096+modp8192+modp1536",
		     false,
		     "AES_CBC_256-HMAC_SHA2_512+HMAC_SHA2_256-DH19+MODP2048+DH31+DH20+DH21+MODP3072+MODP4096+MODP8192+MODP1536");
	/* libipsecconf-05-empty_option: ike=aes-sha2, esp=aes-sha2, ike=3des-sha1 */
	check_format("aes-sha2", false,
		     "AES_CBC-HMAC_SHA2_256-MODP2048+MODP3072+MODP4096+MODP8192+DH19+DH20+DH21+DH31");
	check_format("aes-sha2", true, "AES_CBC-HMAC_SHA2_256_128");
	check_format("3des-sha1", false,
		     "3DES_CBC-HMAC_SHA1-MODP2048+MODP3072+MODP4096+MODP8192+DH19+DH20+DH21+DH31");
	check_format("3des-sha1", true, "3DES_CBC-HMAC_SHA1_96");

	/* spellings of the key length and separators */
	check_format("aes128-sha1;modp2048", false, "AES_CBC_128-HMAC_SHA1-MODP2048");
	check_format("aes_128-sha1-modp2048", false, "AES_CBC_128-HMAC_SHA1-MODP2048");
	check_format("aes-128-sha1-dh14", false, "AES_CBC_128-HMAC_SHA1-MODP2048");
	check_format("AES_GCM_16_256-SHA2_512", false,
		     "AES_GCM_16_256-HMAC_SHA2_512-MODP2048+MODP3072+MODP4096+MODP8192+DH19+DH20+DH21+DH31");
	check_format("aes_gcm_c-256", true, "AES_GCM_16_256-NONE");
	check_format("aes-sha1;none", true, "AES_CBC-HMAC_SHA1_96-NONE");
	check_format("aes256-sha2_512;dh19", true, "AES_CBC_256-HMAC_SHA2_512_256-DH19");
	check_format("aes+3des-sha1", true, "AES_CBC+3DES_CBC-HMAC_SHA1_96");
	check_format("aes-sha1_96-sha2", false, "AES_CBC-HMAC_SHA1_96-HMAC_SHA2_256-MODP2048+MODP3072+MODP4096+MODP8192+DH19+DH20+DH21+DH31");
	check_format("chacha20poly1305", true, "CHACHA20_POLY1305-NONE");
	check_format("null-sha1", true, "NULL-HMAC_SHA1_96");
	check_format("aes_gcm", true, "AES_GCM_16-NONE");
	/* seed section 3.12 */
	check_format("aes_gcm,aes-sha2,aes-sha1", true,
		     "AES_GCM_16-NONE, AES_CBC-HMAC_SHA2_256_128, AES_CBC-HMAC_SHA1_96");

	CHECK(proposal_parse("aes256-sha2_256-modp2048", false, &l, NULL, 0) == 0 &&
		      l.count == 1 && l.p[0].encr[0].id == IKEV2_ENCR_AES_CBC &&
		      l.p[0].encr[0].key_bits == 256 && l.p[0].n_prf == 1 &&
		      l.p[0].prf[0] == IKEV2_PRF_HMAC_SHA2_256 && l.p[0].n_integ == 1 &&
		      l.p[0].integ[0] == IKEV2_INTEG_HMAC_SHA2_256_128 && l.p[0].n_dh == 1 &&
		      l.p[0].dh[0] == IKEV2_DH_MODP2048 && !l.is_default,
	      "aes256-sha2_256-modp2048: the IANA transform IDs 12/256, 5, 12, 14");

	/* IKEv1: the seed's ikev2=never example, and IKEv1's own defaults */
	CHECK(proposal_parse_ikev1("aes-sha2,aes-sha1;modp2048", false, &l, NULL, 0) == 0, "IKEv1 ike=aes-sha2,aes-sha1;modp2048");
	proposal_format(&l, false, buf, sizeof(buf));
	CHECK_STR(buf, "AES_CBC-HMAC_SHA2_256-MODP2048+MODP1536, AES_CBC-HMAC_SHA1-MODP2048",
		  "IKEv1 (4.10) DH defaults fill the first proposal");
	CHECK(proposal_parse_ikev1("aes_gcm", false, &l, buf, sizeof(buf)) != 0, "IKEv1 IKE has no AES-GCM");
	CHECK_STR(buf, "IKE encryption algorithm 'aes_gcm' is not supported by IKEv1", "IKEv1 AEAD message");
	CHECK(proposal_parse_ikev1("aes_gcm", true, &l, NULL, 0) == 0, "IKEv1 ESP may use AES-GCM");

	/* errors, in Libreswan's words */
	check_error("aes257", false,
		    "IKE encryption algorithm AES_CBC with key length 257 invalid; valid key lengths: 128, 192, 256");
	check_error("blowfish", false, "IKE encryption algorithm 'blowfish' is not recognized");
	check_error("aes-sha3", false, "IKE PRF algorithm 'sha3' is not recognized");
	check_error("aes_gcm-sha1", true,
		    "AEAD ESP encryption algorithm AES_GCM_16 must have 'NONE' as the integrity algorithm");
	check_error("aes-none", true,
		    "non-AEAD ESP encryption algorithm AES_CBC cannot have 'NONE' as the integrity algorithm");
	check_error("aes_gcm+aes-sha1", true, "AEAD and non-AEAD ESP encryption algorithm cannot be combined");
	check_error("aes-sha1;none", false, "IKE DH algorithm 'none' not permitted");
	check_error("aes-sha1;modp1024", false, "IKE DH algorithm 'modp1024' is not supported");
	check_error("aes100", true, "ESP encryption algorithm AES_CBC with key length 100 invalid; valid key lengths: 128, 192, 256");
	check_error("3des168", true, "ESP encryption algorithm 3DES_CBC does not allow a key lengths");
	check_error("aes_ccm", false, "IKE encryption algorithm 'aes_ccm' is not supported");
	check_error("", false, "IKE proposal is empty");
	check_error("aes,,3des", true, "ESP encryption algorithm is empty");
	check_error("aes-sha1-modp2048-x", false, "IKE proposal contains unexpected 'x'");
	check_error("aes-0", true, "ESP encryption key length is zero");
	check_error("a,b,c,d,e,f,g,h,i", true, "ESP encryption algorithm 'a' is not recognized");
	check_error("aes,3des,aes_gcm,aes_ctr,camellia,chacha20_poly1305,aes_ccm,null-sha1,aes128", true,
		    "too many ESP proposals (at most 8)");
	{
		char many[1200] = "aes-sha1";
		for (int i = 0; i < 112; i++)
			strcat(many, ",aes-sha1");
		CHECK(proposal_parse(many, false, &l, NULL, 0) == 0 && l.count == 1,
		      "113 copies of aes-sha1 (libreswan addconn-04 longike) collapse to one proposal");
	}

	/* formatting into a short buffer */
	proposal_defaults(true, &l);
	CHECK(proposal_format(&l, true, buf, 10) < 0 && strlen(buf) == 9,
	      "proposal_format reports a short buffer and stays terminated");
	return check_done();
}
