/* Known answers for crypto/cipher.h: the SK-payload / ESP encryption transforms,
 * the integrity transforms, and the descriptor tables. Keys are keymat as
 * IKEv2 derives it (key, then the 4-byte salt or nonce where the transform has
 * one); GCM and ChaCha20 nonces are salt | 8-byte IV (RFC 4106, RFC 7634), CTR
 * counter blocks nonce | IV | counter from 1 (RFC 3686). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/cipher.h"
#include "tests/unit/check.h"

enum {
	ENCR_3DES = 3,
	ENCR_NULL = 11,
	ENCR_AES_CBC = 12,
	ENCR_AES_CTR = 13,
	ENCR_AES_GCM_8 = 18,
	ENCR_AES_GCM_12 = 19,
	ENCR_AES_GCM_16 = 20,
	ENCR_CHACHA20_POLY1305 = 28,
	INTEG_HMAC_SHA1_96 = 2,
	INTEG_AES_XCBC_96 = 5,
	INTEG_HMAC_SHA2_256_128 = 12,
	INTEG_HMAC_SHA2_384_192 = 13,
	INTEG_HMAC_SHA2_512_256 = 14,
};

/* All fields hex. */
struct block_kat {
	const char *source;
	uint16_t encr;
	const char *key, *iv, *plain, *cipher;
};

struct aead_kat {
	const char *source;
	uint16_t encr;
	const char *key, *iv, *aad, *plain, *cipher, *tag;
};

struct integ_kat {
	const char *source;
	uint16_t integ;
	const char *key, *data, *icv;
};

static const struct block_kat block_kats[] = {
	{ "RFC 3602 section 4 case #1", ENCR_AES_CBC,
	  "06a9214036b8a15b512e03d534120006",
	  "3dafba429d9eb430b422da802c9fac41",
	  "53696e676c6520626c6f636b206d7367",
	  "e353779c1079aeb82708942dbe77181a" },
	{ "RFC 3602 section 4 case #2", ENCR_AES_CBC,
	  "c286696d887c9aa0611bbb3e2025a45a",
	  "562e17996d093d28ddb3ba695a2e6f58",
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
	  "d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266bea6d61ab1" },
	{ "RFC 3602 section 4 case #3", ENCR_AES_CBC,
	  "6c3ea0477630ce21a2ce334aa746c2cd",
	  "c782dc4c098c66cbd9cd27d825682c81",
	  "5468697320697320612034382d62797465206d65737361676520286578616374"
	  "6c7920332041455320626c6f636b7329",
	  "d0a02b3836451753d493665d33f0e8862dea54cdb293abc7506939276772f8d5"
	  "021c19216bad525c8579695d83ba2684" },
	{ "RFC 3602 section 4 case #4", ENCR_AES_CBC,
	  "56e47a38c5598974bc46903dba290349",
	  "8ce82eefbea0da3c44699ed7db51b7d9",
	  "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
	  "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf",
	  "c30e32ffedc0774e6aff6af0869f71aa0f3af07a9a31a9c684db207eb0ef8e4e"
	  "35907aa632c3ffdf868bb7b29d3d46ad83ce9f9a102ee99d49a53e87f4c3da55" },
	{ "NIST SP 800-38A F.2.3 (CBC-AES192.Encrypt)", ENCR_AES_CBC,
	  "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
	  "000102030405060708090a0b0c0d0e0f",
	  "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
	  "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710",
	  "4f021db243bc633d7178183a9fa071e8b4d9ada9ad7dedf4e5e738763f69145a"
	  "571b242012fb7ae07fa9baac3df102e008b0e27988598881d920a9e64f5615cd" },
	{ "NIST SP 800-38A F.2.5 (CBC-AES256.Encrypt)", ENCR_AES_CBC,
	  "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
	  "000102030405060708090a0b0c0d0e0f",
	  "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
	  "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710",
	  "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
	  "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b" },
	{ "RFC 3686 section 6 test vector #1", ENCR_AES_CTR,
	  "ae6852f8121067cc4bf7a5765577f39e00000030",
	  "0000000000000000",
	  "53696e676c6520626c6f636b206d7367",
	  "e4095d4fb7a7b3792d6175a3261311b8" },
	{ "RFC 3686 section 6 test vector #2", ENCR_AES_CTR,
	  "7e24067817fae0d743d6ce1f32539163006cb6db",
	  "c0543b59da48d90b",
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
	  "5104a106168a72d9790d41ee8edad388eb2e1efc46da57c8fce630df9141be28" },
	{ "RFC 3686 section 6 test vector #3", ENCR_AES_CTR,
	  "7691be035e5020a8ac6e618529f9a0dc00e0017b",
	  "27777f3f4a1786f0",
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	  "20212223",
	  "c1cf48a89f2ffdd9cf4652e9efdb72d74540a42bde6d7836d59a5ceaaef31053"
	  "25b2072f" },
	{ "RFC 3686 section 6 test vector #4", ENCR_AES_CTR,
	  "16af5b145fc9f579c175f93e3bfb0eed863d06ccfdb7851500000048",
	  "36733c147d6d93cb",
	  "53696e676c6520626c6f636b206d7367",
	  "4b55384fe259c9c84e7935a003cbe928" },
	{ "RFC 3686 section 6 test vector #5", ENCR_AES_CTR,
	  "7c5cb2401b3dc33c19e7340819e0f69c678c3db8e6f6a91a0096b03b",
	  "020c6eadc2cb500d",
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
	  "453243fc609b23327edfaafa7131cd9f8490701c5ad4a79cfc1fe0ff42f4fb00" },
	{ "RFC 3686 section 6 test vector #6", ENCR_AES_CTR,
	  "02bf391ee8ecb159b959617b0965279bf59b60a786d3e0fe0007bdfd",
	  "5cbd60278dcc0912",
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	  "20212223",
	  "96893fc55e5c722f540b7dd1ddf7e758d288bc95c69165884536c811662f2188"
	  "abee0935" },
	{ "RFC 3686 section 6 test vector #7", ENCR_AES_CTR,
	  "776beff2851db06f4c8a0542c8696f6c6a81af1eec96b4d37fc1d689e6c1c104"
	  "00000060",
	  "db5672c97aa8f0b2",
	  "53696e676c6520626c6f636b206d7367",
	  "145ad01dbf824ec7560863dc71e3e0c0" },
	{ "RFC 3686 section 6 test vector #8", ENCR_AES_CTR,
	  "f6d66d6bd52d59bb0796365879eff886c66dd51a5b6a99744b50590c87a23884"
	  "00faac24",
	  "c1585ef15a43d875",
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
	  "f05e231b3894612c49ee000b804eb2a9b8306b508f839d6a5530831d9344af1c" },
	{ "RFC 3686 section 6 test vector #9", ENCR_AES_CTR,
	  "ff7a617ce69148e4f1726e2f43581de2aa62d9f805532edff1eed687fb54153d"
	  "001cc5b7",
	  "51a51d70a1c11148",
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	  "20212223",
	  "eb6c52821d0bbbf7ce7594462aca4faab407df866569fd07f48cc0b583d6071f"
	  "1ec0e6b8" },
};

static const struct aead_kat aead_kats[] = {
	{ "McGrew-Viega GCM spec test case 1", ENCR_AES_GCM_16,
	  "0000000000000000000000000000000000000000",
	  "0000000000000000",
	  "",
	  "",
	  "",
	  "58e2fccefa7e3061367f1d57a4e7455a" },
	{ "McGrew-Viega GCM spec test case 2", ENCR_AES_GCM_16,
	  "0000000000000000000000000000000000000000",
	  "0000000000000000",
	  "",
	  "00000000000000000000000000000000",
	  "0388dace60b6a392f328c2b971b2fe78",
	  "ab6e47d42cec13bdf53a67b21257bddf" },
	{ "McGrew-Viega GCM spec test case 3", ENCR_AES_GCM_16,
	  "feffe9928665731c6d6a8f9467308308cafebabe",
	  "facedbaddecaf888",
	  "",
	  "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
	  "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
	  "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
	  "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
	  "4d5c2af327cd64a62cf35abd2ba6fab4" },
	{ "McGrew-Viega GCM spec test case 4", ENCR_AES_GCM_16,
	  "feffe9928665731c6d6a8f9467308308cafebabe",
	  "facedbaddecaf888",
	  "feedfacedeadbeeffeedfacedeadbeefabaddad2",
	  "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
	  "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
	  "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
	  "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
	  "5bc94fbc3221a5db94fae95ae7121a47" },
	{ "McGrew-Viega GCM spec test case 7", ENCR_AES_GCM_16,
	  "00000000000000000000000000000000000000000000000000000000",
	  "0000000000000000",
	  "",
	  "",
	  "",
	  "cd33b28ac773f74ba00ed1f312572435" },
	{ "McGrew-Viega GCM spec test case 8", ENCR_AES_GCM_16,
	  "00000000000000000000000000000000000000000000000000000000",
	  "0000000000000000",
	  "",
	  "00000000000000000000000000000000",
	  "98e7247c07f0fe411c267e4384b0f600",
	  "2ff58d80033927ab8ef4d4587514f0fb" },
	{ "McGrew-Viega GCM spec test case 9", ENCR_AES_GCM_16,
	  "feffe9928665731c6d6a8f9467308308feffe9928665731ccafebabe",
	  "facedbaddecaf888",
	  "",
	  "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
	  "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
	  "3980ca0b3c00e841eb06fac4872a2757859e1ceaa6efd984628593b40ca1e19c"
	  "7d773d00c144c525ac619d18c84a3f4718e2448b2fe324d9ccda2710acade256",
	  "9924a7c8587336bfb118024db8674a14" },
	{ "McGrew-Viega GCM spec test case 10", ENCR_AES_GCM_16,
	  "feffe9928665731c6d6a8f9467308308feffe9928665731ccafebabe",
	  "facedbaddecaf888",
	  "feedfacedeadbeeffeedfacedeadbeefabaddad2",
	  "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
	  "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
	  "3980ca0b3c00e841eb06fac4872a2757859e1ceaa6efd984628593b40ca1e19c"
	  "7d773d00c144c525ac619d18c84a3f4718e2448b2fe324d9ccda2710",
	  "2519498e80f1478f37ba55bd6d27618c" },
	{ "McGrew-Viega GCM spec test case 13", ENCR_AES_GCM_16,
	  "0000000000000000000000000000000000000000000000000000000000000000"
	  "00000000",
	  "0000000000000000",
	  "",
	  "",
	  "",
	  "530f8afbc74536b9a963b4f1c4cb738b" },
	{ "McGrew-Viega GCM spec test case 14", ENCR_AES_GCM_16,
	  "0000000000000000000000000000000000000000000000000000000000000000"
	  "00000000",
	  "0000000000000000",
	  "",
	  "00000000000000000000000000000000",
	  "cea7403d4d606b6e074ec5d3baf39d18",
	  "d0d1c8a799996bf0265b98b5d48ab919" },
	{ "McGrew-Viega GCM spec test case 15", ENCR_AES_GCM_16,
	  "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"
	  "cafebabe",
	  "facedbaddecaf888",
	  "",
	  "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
	  "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
	  "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
	  "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
	  "b094dac5d93471bdec1a502270e3cc6c" },
	{ "McGrew-Viega GCM spec test case 16", ENCR_AES_GCM_16,
	  "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"
	  "cafebabe",
	  "facedbaddecaf888",
	  "feedfacedeadbeeffeedfacedeadbeefabaddad2",
	  "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
	  "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
	  "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
	  "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
	  "76fc6ece0f4e1768cddf8853bb2d551b" },
	{ "McGrew-Viega GCM spec test case 4, tag truncated to 8 bytes (RFC 4106 section 5)", ENCR_AES_GCM_8,
	  "feffe9928665731c6d6a8f9467308308cafebabe",
	  "facedbaddecaf888",
	  "feedfacedeadbeeffeedfacedeadbeefabaddad2",
	  "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
	  "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
	  "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
	  "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
	  "5bc94fbc3221a5db" },
	{ "McGrew-Viega GCM spec test case 4, tag truncated to 12 bytes (RFC 4106 section 5)", ENCR_AES_GCM_12,
	  "feffe9928665731c6d6a8f9467308308cafebabe",
	  "facedbaddecaf888",
	  "feedfacedeadbeeffeedfacedeadbeefabaddad2",
	  "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
	  "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
	  "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
	  "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
	  "5bc94fbc3221a5db94fae95a" },
	{ "McGrew-Viega GCM spec test case 10, tag truncated to 8 bytes (RFC 4106 section 5)", ENCR_AES_GCM_8,
	  "feffe9928665731c6d6a8f9467308308feffe9928665731ccafebabe",
	  "facedbaddecaf888",
	  "feedfacedeadbeeffeedfacedeadbeefabaddad2",
	  "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
	  "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
	  "3980ca0b3c00e841eb06fac4872a2757859e1ceaa6efd984628593b40ca1e19c"
	  "7d773d00c144c525ac619d18c84a3f4718e2448b2fe324d9ccda2710",
	  "2519498e80f1478f" },
	{ "McGrew-Viega GCM spec test case 10, tag truncated to 12 bytes (RFC 4106 section 5)", ENCR_AES_GCM_12,
	  "feffe9928665731c6d6a8f9467308308feffe9928665731ccafebabe",
	  "facedbaddecaf888",
	  "feedfacedeadbeeffeedfacedeadbeefabaddad2",
	  "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
	  "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
	  "3980ca0b3c00e841eb06fac4872a2757859e1ceaa6efd984628593b40ca1e19c"
	  "7d773d00c144c525ac619d18c84a3f4718e2448b2fe324d9ccda2710",
	  "2519498e80f1478f37ba55bd" },
	{ "McGrew-Viega GCM spec test case 16, tag truncated to 8 bytes (RFC 4106 section 5)", ENCR_AES_GCM_8,
	  "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"
	  "cafebabe",
	  "facedbaddecaf888",
	  "feedfacedeadbeeffeedfacedeadbeefabaddad2",
	  "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
	  "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
	  "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
	  "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
	  "76fc6ece0f4e1768" },
	{ "McGrew-Viega GCM spec test case 16, tag truncated to 12 bytes (RFC 4106 section 5)", ENCR_AES_GCM_12,
	  "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"
	  "cafebabe",
	  "facedbaddecaf888",
	  "feedfacedeadbeeffeedfacedeadbeefabaddad2",
	  "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
	  "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
	  "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
	  "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
	  "76fc6ece0f4e1768cddf8853" },
	{ "RFC 7539 section 2.8.2", ENCR_CHACHA20_POLY1305,
	  "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
	  "07000000",
	  "4041424344454647",
	  "50515253c0c1c2c3c4c5c6c7",
	  "4c616469657320616e642047656e746c656d656e206f662074686520636c6173"
	  "73206f66202739393a204966204920636f756c64206f6666657220796f75206f"
	  "6e6c79206f6e652074697020666f7220746865206675747572652c2073756e73"
	  "637265656e20776f756c642062652069742e",
	  "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
	  "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
	  "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
	  "3ff4def08e4b7a9de576d26586cec64b6116",
	  "1ae10b594f09e26a7e902ecbd0600691" },
	{ "RFC 7539 appendix A.5", ENCR_CHACHA20_POLY1305,
	  "1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0"
	  "00000000",
	  "0102030405060708",
	  "f33388860000000000004e91",
	  "496e7465726e65742d4472616674732061726520647261667420646f63756d65"
	  "6e74732076616c696420666f722061206d6178696d756d206f6620736978206d"
	  "6f6e74687320616e64206d617920626520757064617465642c207265706c6163"
	  "65642c206f72206f62736f6c65746564206279206f7468657220646f63756d65"
	  "6e747320617420616e792074696d652e20497420697320696e617070726f7072"
	  "6961746520746f2075736520496e7465726e65742d4472616674732061732072"
	  "65666572656e6365206d6174657269616c206f7220746f206369746520746865"
	  "6d206f74686572207468616e206173202fe2809c776f726b20696e2070726f67"
	  "726573732e2fe2809d",
	  "64a0861575861af460f062c79be643bd5e805cfd345cf389f108670ac76c8cb2"
	  "4c6cfc18755d43eea09ee94e382d26b0bdb7b73c321b0100d4f03b7f355894cf"
	  "332f830e710b97ce98c8a84abd0b948114ad176e008d33bd60f982b1ff37c855"
	  "9797a06ef4f0ef61c186324e2b3506383606907b6a7c02b0f9f6157b53c867e4"
	  "b9166c767b804d46a59b5216cde7a4e99040c5a40433225ee282a1b0a06c523e"
	  "af4534d7f83fa1155b0047718cbc546a0d072b04b3564eea1b422273f548271a"
	  "0bb2316053fa76991955ebd63159434ecebb4e466dae5a1073a6727627097a10"
	  "49e617d91d361094fa68f0ff77987130305beaba2eda04df997b714d6c6f2c29"
	  "a6ad5cb4022b02709b",
	  "eead9d67890cbb22392336fea1851f38" },
	{ "RFC 7634 appendix A (ESP example)", ENCR_CHACHA20_POLY1305,
	  "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
	  "a0a1a2a3",
	  "1011121314151617",
	  "0102030400000005",
	  "45000054a6f200004001e778c6336405c000020508005b7a3a080000553bec10"
	  "0007362708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223"
	  "2425262728292a2b2c2d2e2f303132333435363701020204",
	  "24039428b97f417e3c13753a4f05087b67c352e6a7fab1b982d466ef407ae5c6"
	  "14ee8099d52844eb61aa95dfab4c02f72aa71e7c4c4f64c9befe2facc638e8f3"
	  "cbec163fac469b502773f6fb94e664da9165b82829f641e0",
	  "76aaa8266b7fb0f7b11b369907e1ad43" },
	{ "RFC 7634 appendix B (IKEv2 example)", ENCR_CHACHA20_POLY1305,
	  "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
	  "a0a1a2a3",
	  "1011121314151617",
	  "c0c1c2c3c4c5c6c7d0d1d2d3d4d5d6d72e202500000000090000004529000029",
	  "0000000c000040010000000a00",
	  "610394701f8d017f7c12924889",
	  "6b71bfe25236efd7cdc67066906315b2" },
};

static const struct integ_kat integ_kats[] = {
	{ "RFC 2202 section 3 test case 1, first 96 bits (RFC 2404)", INTEG_HMAC_SHA1_96,
	  "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
	  "4869205468657265",
	  "b617318655057264e28bc0b6" },
	{ "RFC 2202 section 3 test case 3, first 96 bits (RFC 2404)", INTEG_HMAC_SHA1_96,
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	  "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
	  "dddddddddddddddddddddddddddddddddddd",
	  "125d7342b9ac11cd91a39af4" },
	{ "RFC 2202 section 3 test case 5, first 96 bits (RFC 2404)", INTEG_HMAC_SHA1_96,
	  "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c",
	  "546573742057697468205472756e636174696f6e",
	  "4c1a03424b55e07fe7f27be1" },
	{ "RFC 4868 section 2.7.2, test case AUTH256-1", INTEG_HMAC_SHA2_256_128,
	  "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
	  "4869205468657265",
	  "198a607eb44bfbc69903a0f1cf2bbdc5" },
	{ "RFC 4868 section 2.7.2, test case AUTH384-1", INTEG_HMAC_SHA2_384_192,
	  "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"
	  "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
	  "4869205468657265",
	  "b6a8d5636f5c6a7224f9977dcf7ee6c7fb6d0c48cbdee973" },
	{ "RFC 4868 section 2.7.2, test case AUTH512-1", INTEG_HMAC_SHA2_512_256,
	  "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"
	  "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
	  "4869205468657265",
	  "637edc6e01dce7e6742a99451aae82df23da3e92439e590e43e761b33e910fb8" },
	{ "RFC 4868 section 2.7.2, test case AUTH256-2", INTEG_HMAC_SHA2_256_128,
	  "4a6566654a6566654a6566654a6566654a6566654a6566654a6566654a656665",
	  "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
	  "167f928588c5cc2eef8e3093caa0e87c" },
	{ "RFC 4868 section 2.7.2, test case AUTH384-2", INTEG_HMAC_SHA2_384_192,
	  "4a6566654a6566654a6566654a6566654a6566654a6566654a6566654a656665"
	  "4a6566654a6566654a6566654a656665",
	  "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
	  "2c7353974f1842fd66d53c452ca42122b28c0b594cfb184d" },
	{ "RFC 4868 section 2.7.2, test case AUTH512-2", INTEG_HMAC_SHA2_512_256,
	  "4a6566654a6566654a6566654a6566654a6566654a6566654a6566654a656665"
	  "4a6566654a6566654a6566654a6566654a6566654a6566654a6566654a656665",
	  "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
	  "cb370917ae8a7ce28cfd1d8f4705d6141c173b2a9362c15df235dfb251b15454" },
	{ "RFC 4868 section 2.7.2, test case AUTH256-3", INTEG_HMAC_SHA2_256_128,
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	  "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
	  "dddddddddddddddddddddddddddddddddddd",
	  "cdcb1220d1ecccea91e53aba3092f962" },
	{ "RFC 4868 section 2.7.2, test case AUTH384-3", INTEG_HMAC_SHA2_384_192,
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	  "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
	  "dddddddddddddddddddddddddddddddddddd",
	  "809f439be00274321d4a538652164b53554a508184a0c316" },
	{ "RFC 4868 section 2.7.2, test case AUTH512-3", INTEG_HMAC_SHA2_512_256,
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	  "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
	  "dddddddddddddddddddddddddddddddddddd",
	  "2ee7acd783624ca9398710f3ee05ae41b9f9b0510c87e49e586cc9bf961733d8" },
	{ "RFC 4868 section 2.7.2, test case AUTH256-4", INTEG_HMAC_SHA2_256_128,
	  "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20",
	  "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd"
	  "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd",
	  "372efcf9b40b35c2115b1346903d2ef4" },
	{ "RFC 3566 section 4.6 test case 1", INTEG_AES_XCBC_96,
	  "000102030405060708090a0b0c0d0e0f",
	  "",
	  "75f0251d528ac01c4573dfd5" },
	{ "RFC 3566 section 4.6 test case 2", INTEG_AES_XCBC_96,
	  "000102030405060708090a0b0c0d0e0f",
	  "000102",
	  "5b376580ae2f19afe7219cee" },
	{ "RFC 3566 section 4.6 test case 3", INTEG_AES_XCBC_96,
	  "000102030405060708090a0b0c0d0e0f",
	  "000102030405060708090a0b0c0d0e0f",
	  "d2a246fa349b68a79998a439" },
	{ "RFC 3566 section 4.6 test case 4", INTEG_AES_XCBC_96,
	  "000102030405060708090a0b0c0d0e0f",
	  "000102030405060708090a0b0c0d0e0f10111213",
	  "47f51b4564966215b8985c63" },
	{ "RFC 3566 section 4.6 test case 5", INTEG_AES_XCBC_96,
	  "000102030405060708090a0b0c0d0e0f",
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
	  "f54f0ec8d2b9f3d36807734b" },
	{ "RFC 3566 section 4.6 test case 6", INTEG_AES_XCBC_96,
	  "000102030405060708090a0b0c0d0e0f",
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	  "2021",
	  "becbb3bccdb518a30677d548" },
};

struct bytes {
	uint8_t *p;
	size_t n;
};

static struct bytes unhex(const char *hex)
{
	struct bytes b;

	b.p = check_unhex(hex, &b.n);
	return b;
}

static void run_block(const struct block_kat *k)
{
	const struct encr_desc *d = encr_lookup(k->encr);
	struct bytes key = unhex(k->key), iv = unhex(k->iv), plain = unhex(k->plain),
		     cipher = unhex(k->cipher);
	uint8_t buf[64];

	CHECK(d && iv.n == d->iv_len && plain.n <= sizeof(buf), "%s: %s layout", k->source,
	      d ? d->name : "?");
	memcpy(buf, plain.p, plain.n);
	CHECK(encr_encrypt(d, key.p, key.n, iv.p, NULL, 0, buf, plain.n, NULL) == 0,
	      "%s: encrypt", k->source);
	CHECK_BYTES(buf, plain.n, cipher.p, cipher.n, k->source);
	CHECK(encr_decrypt(d, key.p, key.n, iv.p, NULL, 0, buf, plain.n, NULL) == 0,
	      "%s: decrypt", k->source);
	CHECK_BYTES(buf, plain.n, plain.p, plain.n, k->source);
	free(key.p);
	free(iv.p);
	free(plain.p);
	free(cipher.p);
}

static void run_aead(const struct aead_kat *k)
{
	const struct encr_desc *d = encr_lookup(k->encr);
	struct bytes key = unhex(k->key), iv = unhex(k->iv), aad = unhex(k->aad),
		     plain = unhex(k->plain), cipher = unhex(k->cipher), tag = unhex(k->tag);
	uint8_t buf[300], icv[16], bad[16];
	size_t n = plain.n;

	CHECK(d && d->aead && iv.n == d->iv_len && tag.n == d->icv_len && n <= sizeof(buf),
	      "%s: %s layout", k->source, d ? d->name : "?");
	memcpy(buf, plain.p, n);
	CHECK(encr_encrypt(d, key.p, key.n, iv.p, aad.p, aad.n, buf, n, icv) == 0,
	      "%s: encrypt", k->source);
	CHECK_BYTES(buf, n, cipher.p, cipher.n, k->source);
	CHECK_BYTES(icv, d->icv_len, tag.p, tag.n, k->source);

	CHECK(encr_decrypt(d, key.p, key.n, iv.p, aad.p, aad.n, buf, n, tag.p) == 0,
	      "%s: decrypt", k->source);
	CHECK_BYTES(buf, n, plain.p, n, k->source);

	/* A forged tag, ciphertext or AAD is refused and the data is left as it was. */
	memcpy(buf, cipher.p, n);
	memcpy(bad, tag.p, tag.n);
	bad[tag.n - 1] ^= 0x01;
	CHECK(encr_decrypt(d, key.p, key.n, iv.p, aad.p, aad.n, buf, n, bad) == -EBADMSG &&
		      memcmp(buf, cipher.p, n) == 0,
	      "%s: wrong tag refused, ciphertext untouched", k->source);
	if (n > 0) {
		buf[0] ^= 0x80;
		CHECK(encr_decrypt(d, key.p, key.n, iv.p, aad.p, aad.n, buf, n, tag.p) == -EBADMSG,
		      "%s: altered ciphertext refused", k->source);
		buf[0] ^= 0x80;
	}
	if (aad.n > 0) {
		aad.p[aad.n - 1] ^= 0x01;
		CHECK(encr_decrypt(d, key.p, key.n, iv.p, aad.p, aad.n, buf, n, tag.p) == -EBADMSG,
		      "%s: altered AAD refused", k->source);
	}
	free(key.p);
	free(iv.p);
	free(aad.p);
	free(plain.p);
	free(cipher.p);
	free(tag.p);
}

static void run_integ(const struct integ_kat *k)
{
	const struct integ_desc *d = integ_lookup(k->integ);
	struct bytes key = unhex(k->key), data = unhex(k->data), icv = unhex(k->icv);
	uint8_t out[INTEG_MAX_ICV];
	struct chunk parts[2];

	CHECK(d && key.n == d->key_len && icv.n == d->icv_len, "%s: %s layout", k->source,
	      d ? d->name : "?");
	parts[0] = CHUNK(data.p, data.n);
	integ_compute(d, key.p, parts, 1, out);
	CHECK_BYTES(out, d->icv_len, icv.p, icv.n, k->source);
	/* The SK payload MACs header and body as separate pieces. */
	parts[0] = CHUNK(data.p, data.n / 3);
	parts[1] = CHUNK(data.p + data.n / 3, data.n - data.n / 3);
	integ_compute(d, key.p, parts, 2, out);
	CHECK_BYTES(out, d->icv_len, icv.p, icv.n, k->source);
	free(key.p);
	free(data.p);
	free(icv.p);
}

static void test_bad_input(void)
{
	uint8_t key[36] = { 0 }, iv[16] = { 0 }, data[32] = { 0 }, icv[16];

	CHECK(encr_encrypt(encr_lookup(ENCR_AES_CBC), key, 16, iv, NULL, 0, data, 31, NULL) ==
		      -EINVAL,
	      "AES_CBC refuses a length that is not a multiple of 16");
	CHECK(encr_encrypt(encr_lookup(ENCR_AES_CBC), key, 20, iv, NULL, 0, data, 32, NULL) ==
		      -EINVAL,
	      "AES_CBC refuses a 20-byte key");
	CHECK(encr_encrypt(encr_lookup(ENCR_AES_GCM_16), key, 16, iv, NULL, 0, data, 32, icv) ==
		      -EINVAL,
	      "AES_GCM_16 refuses keymat without its salt");
	CHECK(encr_encrypt(encr_lookup(ENCR_CHACHA20_POLY1305), key, 32, iv, NULL, 0, data, 32,
			   icv) == -EINVAL,
	      "CHACHA20_POLY1305 refuses keymat without its salt");
	CHECK(encr_encrypt(encr_lookup(ENCR_3DES), key, 24, iv, NULL, 0, data, 32, NULL) == -EINVAL,
	      "3DES_CBC is ESP-only: refused for the SK payload");
	CHECK(encr_encrypt(encr_lookup(ENCR_NULL), key, 0, iv, NULL, 0, data, 32, NULL) == -EINVAL,
	      "NULL is ESP-only: refused for the SK payload");
}

static void test_tables(void)
{
	static const struct {
		uint16_t id;
		const char *name;
		bool ike, aead, fips;
		size_t keymat_default, iv, icv;
	} encrs[] = {
		{ ENCR_AES_CBC, "AES_CBC", true, false, true, 16, 16, 0 },
		{ ENCR_AES_CTR, "AES_CTR", true, false, true, 20, 8, 0 },
		{ ENCR_AES_GCM_8, "AES_GCM_8", true, true, true, 20, 8, 8 },
		{ ENCR_AES_GCM_12, "AES_GCM_12", true, true, true, 20, 8, 12 },
		{ ENCR_AES_GCM_16, "AES_GCM_16", true, true, true, 20, 8, 16 },
		{ ENCR_CHACHA20_POLY1305, "CHACHA20_POLY1305", true, true, false, 36, 8, 16 },
		{ ENCR_3DES, "3DES_CBC", false, false, true, 24, 8, 0 },
		{ ENCR_NULL, "NULL", false, false, false, 0, 0, 0 },
	};
	static const struct {
		uint16_t id;
		const char *name;
		size_t key, icv;
		bool fips;
	} integs[] = {
		{ INTEG_HMAC_SHA1_96, "HMAC_SHA1_96", 20, 12, true },
		{ INTEG_AES_XCBC_96, "AES_XCBC_96", 16, 12, false },
		{ INTEG_HMAC_SHA2_256_128, "HMAC_SHA2_256_128", 32, 16, true },
		{ INTEG_HMAC_SHA2_384_192, "HMAC_SHA2_384_192", 48, 24, true },
		{ INTEG_HMAC_SHA2_512_256, "HMAC_SHA2_512_256", 64, 32, true },
	};
	size_t n;

	for (size_t i = 0; i < sizeof(encrs) / sizeof(encrs[0]); i++) {
		const struct encr_desc *d = encr_lookup(encrs[i].id);

		CHECK(d && strcmp(d->name, encrs[i].name) == 0 && d->ike == encrs[i].ike &&
			      d->aead == encrs[i].aead && d->fips == encrs[i].fips &&
			      encr_keymat_len(d, 0) == encrs[i].keymat_default &&
			      d->iv_len == encrs[i].iv && d->icv_len == encrs[i].icv,
		      "encr_lookup(%u) is %s (ike %d, aead %d, fips %d, keymat %zu)", encrs[i].id,
		      encrs[i].name, encrs[i].ike, encrs[i].aead, encrs[i].fips,
		      encrs[i].keymat_default);
	}
	CHECK(encr_keymat_len(encr_lookup(ENCR_AES_GCM_16), 256) == 36,
	      "AES_GCM_16 256: 32-byte key + 4-byte salt");
	CHECK(encr_keymat_len(encr_lookup(ENCR_AES_CTR), 192) == 28,
	      "AES_CTR 192: 24-byte key + 4-byte nonce");
	for (size_t i = 0; i < sizeof(integs) / sizeof(integs[0]); i++) {
		const struct integ_desc *d = integ_lookup(integs[i].id);

		CHECK(d && strcmp(d->name, integs[i].name) == 0 && d->key_len == integs[i].key &&
			      d->icv_len == integs[i].icv && d->fips == integs[i].fips,
		      "integ_lookup(%u) is %s", integs[i].id, integs[i].name);
	}
	for (n = 0; encr_at(n); n++)
		;
	CHECK(n == 8, "encr_at lists 8 transforms (got %zu)", n);
	for (n = 0; integ_at(n); n++)
		;
	CHECK(n == 5, "integ_at lists 5 transforms (got %zu)", n);
	CHECK(encr_lookup(ENCR_AES_GCM_16 + 1) == NULL, "unknown ENCR id 21 not found");
	CHECK(integ_lookup(1) == NULL, "HMAC_MD5_96 (1) is not offered");
}

static void test_ct_equal(void)
{
	uint8_t a[32], b[32];

	for (size_t i = 0; i < sizeof(a); i++)
		a[i] = b[i] = (uint8_t)i;
	CHECK(ct_equal(a, b, sizeof(a)), "ct_equal: equal buffers");
	CHECK(ct_equal(a, b, 0), "ct_equal: empty buffers");
	b[0] ^= 1;
	CHECK(!ct_equal(a, b, sizeof(a)), "ct_equal: first byte differs");
	b[0] ^= 1;
	b[31] ^= 0x80;
	CHECK(!ct_equal(a, b, sizeof(a)), "ct_equal: last bit differs");
}

int main(void)
{
	for (size_t i = 0; i < sizeof(block_kats) / sizeof(block_kats[0]); i++)
		run_block(&block_kats[i]);
	for (size_t i = 0; i < sizeof(aead_kats) / sizeof(aead_kats[0]); i++)
		run_aead(&aead_kats[i]);
	for (size_t i = 0; i < sizeof(integ_kats) / sizeof(integ_kats[0]); i++)
		run_integ(&integ_kats[i]);
	test_bad_input();
	test_tables();
	test_ct_equal();
	return check_done();
}
