/* ike= and esp= proposals in Libreswan's syntax ("aes_gcm256-sha2_512;dh19",
 * "aes256-sha2_256-modp2048", lists separated by commas), as IANA IKEv2 transform
 * IDs. The numbers are the IANA registry's; crypto/ implements them. */
#ifndef CONFIG_PROPOSAL_H
#define CONFIG_PROPOSAL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* IANA "IKEv2 Transform Type 1 - Encryption Algorithm Transform IDs" (subset). */
enum {
	IKEV2_ENCR_3DES = 3,
	IKEV2_ENCR_NULL = 11,
	IKEV2_ENCR_AES_CBC = 12,
	IKEV2_ENCR_AES_CTR = 13,
	IKEV2_ENCR_AES_CCM_8 = 14,
	IKEV2_ENCR_AES_CCM_12 = 15,
	IKEV2_ENCR_AES_CCM_16 = 16,
	IKEV2_ENCR_AES_GCM_8 = 18,
	IKEV2_ENCR_AES_GCM_12 = 19,
	IKEV2_ENCR_AES_GCM_16 = 20,
	IKEV2_ENCR_NULL_AUTH_AES_GMAC = 21,
	IKEV2_ENCR_CAMELLIA_CBC = 23,
	IKEV2_ENCR_CAMELLIA_CTR = 24,
	IKEV2_ENCR_CHACHA20_POLY1305 = 28,
};
/* Type 2 - Pseudorandom Function */
enum {
	IKEV2_PRF_HMAC_MD5 = 1,
	IKEV2_PRF_HMAC_SHA1 = 2,
	IKEV2_PRF_AES128_XCBC = 4,
	IKEV2_PRF_HMAC_SHA2_256 = 5,
	IKEV2_PRF_HMAC_SHA2_384 = 6,
	IKEV2_PRF_HMAC_SHA2_512 = 7,
};
/* Type 3 - Integrity Algorithm */
enum {
	IKEV2_INTEG_NONE = 0,
	IKEV2_INTEG_HMAC_MD5_96 = 1,
	IKEV2_INTEG_HMAC_SHA1_96 = 2,
	IKEV2_INTEG_AES_XCBC_96 = 5,
	IKEV2_INTEG_AES_CMAC_96 = 8,
	IKEV2_INTEG_HMAC_SHA2_256_128 = 12,
	IKEV2_INTEG_HMAC_SHA2_384_192 = 13,
	IKEV2_INTEG_HMAC_SHA2_512_256 = 14,
};
/* Type 4 - Key Exchange Method (Diffie-Hellman groups) */
enum {
	IKEV2_DH_NONE = 0,
	IKEV2_DH_MODP1024 = 2,
	IKEV2_DH_MODP1536 = 5,
	IKEV2_DH_MODP2048 = 14,
	IKEV2_DH_MODP3072 = 15,
	IKEV2_DH_MODP4096 = 16,
	IKEV2_DH_MODP6144 = 17,
	IKEV2_DH_MODP8192 = 18,
	IKEV2_DH_ECP256 = 19,
	IKEV2_DH_ECP384 = 20,
	IKEV2_DH_ECP521 = 21,
	IKEV2_DH_CURVE25519 = 31,
};

/* 12 algorithms: RHEL's LEGACY crypto policy lists 9 DH groups per proposal. */
#define PROPOSAL_MAX_ALGS 12
#define PROPOSAL_MAX 8

struct proposal_encr {
	uint16_t id;
	/* 0: not given. For a fixed-size algorithm (3DES, ChaCha20) no key-length
	 * attribute is sent; otherwise Libreswan proposes two sizes: the largest
	 * then the default for IKE (AES: 256, 128), the other way round for ESP. */
	uint16_t key_bits;
};

/* One proposal: each list holds alternatives, in preference order. */
struct proposal {
	uint8_t n_encr, n_prf, n_integ, n_dh;
	struct proposal_encr encr[PROPOSAL_MAX_ALGS];
	uint16_t prf[PROPOSAL_MAX_ALGS];
	uint16_t integ[PROPOSAL_MAX_ALGS];
	uint16_t dh[PROPOSAL_MAX_ALGS]; /* esp=: PFS group(s); empty = the IKE SA's */
};

struct proposal_list {
	uint8_t count;
	bool is_default; /* not written in the file: Libreswan's defaults */
	struct proposal p[PROPOSAL_MAX];
};

/* Parses an ike= (is_esp false) or esp= string into out; on error returns -EINVAL
 * and writes a message such as "unknown encryption algorithm 'aes257'" to err. */
int proposal_parse(const char *text, bool is_esp, struct proposal_list *out,
		   char *err, size_t errlen);
/* Libreswan 4.x defaults for IKEv2 (ike= and esp=). */
void proposal_defaults(bool is_esp, struct proposal_list *out);
/* Writes the list back in Libreswan's canonical spelling, as "ipsec status"
 * prints it: "AES_GCM_16_256-HMAC_SHA2_512+HMAC_SHA2_256-DH19+MODP2048, ...".
 * Returns the length written, or -ENOSPC (buf then holds a truncated string). */
int proposal_format(const struct proposal_list *list, bool is_esp, char *buf, size_t len);

/* The same for IKEv1 connections (ikev2=no): Libreswan 4.10's IKEv1 defaults
 * fill what the text leaves out, and IKEv1 has no AEAD for IKE. IKEv1 sends
 * one algorithm of each kind per proposal: Libreswan expands each proposal
 * here into encr x prf x dh combinations, DH varying slowest. */
int proposal_parse_ikev1(const char *text, bool is_esp, struct proposal_list *out,
			 char *err, size_t errlen);
void proposal_defaults_ikev1(bool is_esp, struct proposal_list *out);

/* esp= of a phase2=ah conn: integrity only ("sha2_512;dh19"); n_encr is 0. */
int proposal_parse_ah(const char *text, struct proposal_list *out, char *err, size_t errlen);
void proposal_defaults_ah(struct proposal_list *out);

#endif
