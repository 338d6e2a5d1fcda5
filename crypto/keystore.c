/* The key store: Libreswan keeps keys in NSS; we keep them in plain files.
 *
 *   DIR/                     --nssdir, default /etc/ipsec.d
 *     private/               mode 0700
 *       <ckaid>.key          one private key: PEM "PRIVATE KEY" (PKCS#8), or
 *                            "ENCRYPTED PRIVATE KEY" (PBES2, PBKDF2-HMAC-SHA256,
 *                            AES-256-CBC) when a password is known; mode 0600.
 *                            <ckaid> is 40 lowercase hex digits (REFERENCE.md);
 *                            other files in private/ are ignored.
 *     certs/<nick>.pem       end-entity certificates ("leftcert=nick")
 *     cacerts/<nick>.pem     CA certificates: the trust anchors
 *     nsspassword            optional "token:password" (seed section 3.9)
 *
 * A nickname (PKCS#12 friendly name) becomes a file name by keeping letters,
 * digits, space and ._@+=,- and writing every other byte (and a leading '.') as
 * %XX. Every write goes to a temporary file in the same directory, is fsync'ed,
 * renamed over the target, and the directory is fsync'ed: a crash leaves the old
 * file or the new one, never half of one. */
#include "crypto/keystore.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto/chunk.h"
#include "crypto/pem.h"

enum { MAX_FILE = 1 << 20, MAX_CAS = 256 };

static int path_join(char *out, size_t cap, const char *dir, const char *sub, const char *name)
{
	int n = snprintf(out, cap, "%s/%s%s%s", dir, sub, name ? "/" : "", name ? name : "");
	return n < 0 || (size_t)n >= cap ? -ENAMETOOLONG : 0;
}

/* Reads a whole (small) file; the buffer is NUL-terminated and wiped on free. */
static int read_file(const char *path, char **buf, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), err = 0;
	struct stat st;
	size_t got = 0;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || st.st_size < 0 || st.st_size > MAX_FILE) {
		err = errno ? -errno : -EFBIG;
		goto out;
	}
	*buf = malloc((size_t)st.st_size + 1);
	if (!*buf) {
		err = -ENOMEM;
		goto out;
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, *buf + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n < 0 ? -errno : -EIO;
			free(*buf);
			goto out;
		}
		got += (size_t)n;
	}
	(*buf)[got] = '\0';
	*len = got;
out:
	close(fd);
	return err;
}

static void free_file(char *buf, size_t len)
{
	if (buf) {
		wipe(buf, len);
		free(buf);
	}
}

static int ensure_dir(const char *path, mode_t mode)
{
	if (mkdir(path, mode) == 0 || errno == EEXIST)
		return 0;
	return -errno;
}

/* Atomic replace of dir/name with data. */
static int write_atomic(const char *dir, const char *name, const void *data, size_t len,
			mode_t mode)
{
	char tmp[4096], dst[4096];
	int fd, dfd, err = 0;
	size_t done = 0;

	if (snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, name) >= (int)sizeof(tmp) ||
	    path_join(dst, sizeof(dst), dir, name, NULL))
		return -ENAMETOOLONG;
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fchmod(fd, mode)) {
		err = -errno;
		goto fail;
	}
	while (done < len) {
		ssize_t n = write(fd, (const char *)data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			goto fail;
		}
		done += (size_t)n;
	}
	if (fsync(fd) || close(fd)) {
		fd = -1;
		err = -errno;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, dst)) {
		err = -errno;
		goto fail;
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return err;
}

int keystore_write_atomic(const char *path, const void *data, size_t len, unsigned mode)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	size_t dlen = slash ? (size_t)(slash - path) : 1;

	if (dlen >= sizeof(dir))
		return -ENAMETOOLONG;
	if (slash) {
		memcpy(dir, path, dlen);
		dir[dlen ? dlen : 1] = '\0';
		if (dlen == 0)
			dir[0] = '/';
	} else {
		strcpy(dir, ".");
	}
	return write_atomic(dir, slash ? slash + 1 : path, data, len, (mode_t)mode);
}

int keystore_password(const char *dir, char **out)
{
	char path[4096], *buf, *line, *best = NULL;
	size_t len;
	int err;

	if ((err = path_join(path, sizeof(path), dir, "nsspassword", NULL)) ||
	    (err = read_file(path, &buf, &len)))
		return err;
	/* One "token:password" per line; NSS's software token first. */
	for (line = buf; line && *line;) {
		char *next = strchr(line, '\n'), *colon;
		if (next)
			*next++ = '\0';
		line[strcspn(line, "\r")] = '\0';
		colon = strchr(line, ':');
		if (colon && (!best || strncmp(line, "NSS Certificate DB:", 19) == 0 ||
			      strncmp(line, "NSS FIPS 140-2 Certificate DB:", 30) == 0))
			best = colon + 1;
		line = next;
	}
	err = -EINVAL;
	if (best) {
		*out = strdup(best);
		err = *out ? 0 : -ENOMEM;
	}
	free_file(buf, len);
	return err;
}

/* password as given, or from DIR/nsspassword (*owned then holds the copy). */
static int effective_password(const char *dir, const char *password, char **owned,
			      const char **pw)
{
	int err;

	*owned = NULL;
	*pw = password;
	if (password)
		return 0;
	err = keystore_password(dir, owned);
	if (err == -ENOENT)
		return 0;
	if (err)
		return err;
	*pw = *owned;
	return 0;
}

static void free_password(char *owned)
{
	if (owned) {
		wipe(owned, strlen(owned));
		free(owned);
	}
}

static void ckaid_hex(const uint8_t *ckaid, char out[2 * CKAID_LEN + 1])
{
	for (size_t i = 0; i < CKAID_LEN; i++)
		sprintf(out + 2 * i, "%02x", ckaid[i]);
}

int keystore_save_privkey(const char *dir, const char *password, const struct privkey *key)
{
	char sub[4096], name[2 * CKAID_LEN + 5], *text, *owned;
	const char *pw;
	uint8_t *der;
	size_t len;
	int err;

	if ((err = effective_password(dir, password, &owned, &pw)))
		return err;
	if ((err = path_join(sub, sizeof(sub), dir, "private", NULL)) ||
	    (err = ensure_dir(dir, 0755)) || (err = ensure_dir(sub, 0700)))
		goto out;
	err = pw ? privkey_to_encrypted_pkcs8(key, pw, &der, &len) : privkey_to_pkcs8(key, &der, &len);
	if (err)
		goto out;
	text = pem_encode(pw ? "ENCRYPTED PRIVATE KEY" : "PRIVATE KEY", der, len);
	wipe(der, len);
	free(der);
	if (!text) {
		err = -ENOMEM;
		goto out;
	}
	ckaid_hex(pubkey_ckaid(privkey_pub(key)), name);
	strcat(name, ".key");
	err = write_atomic(sub, name, text, strlen(text), 0600);
	free_file(text, strlen(text));
out:
	free_password(owned);
	return err;
}

/* Reads a private key file (PEM PKCS#8, encrypted or not, or PKCS#1/SEC 1). */
static int load_key_file(const char *path, const char *password, struct privkey **out)
{
	struct pem_block pem;
	char *buf;
	size_t len, pos = 0;
	int err = read_file(path, &buf, &len);

	if (err)
		return err;
	err = pem_next(buf, len, &pos, &pem);
	free_file(buf, len);
	if (err)
		return err == -ENOMEM ? err : -EINVAL;
	if (strcmp(pem.label, "ENCRYPTED PRIVATE KEY") == 0)
		err = password ? privkey_from_encrypted_der(pem.der, pem.len, password, out) : -EACCES;
	else if (strcmp(pem.label, "PRIVATE KEY") == 0 || strcmp(pem.label, "RSA PRIVATE KEY") == 0 ||
		 strcmp(pem.label, "EC PRIVATE KEY") == 0)
		err = privkey_from_der(pem.der, pem.len, out);
	else
		err = -EINVAL;
	pem_block_free(&pem);
	return err;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Whether name is "<40 lowercase hex>.key"; fills ckaid. */
static bool key_file_name(const char *name, uint8_t ckaid[CKAID_LEN])
{
	if (strlen(name) != 2 * CKAID_LEN + 4 || strcmp(name + 2 * CKAID_LEN, ".key"))
		return false;
	for (size_t i = 0; i < CKAID_LEN; i++) {
		int hi = hex_digit(name[2 * i]), lo = hex_digit(name[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		ckaid[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

static int by_bytes(const void *a, const void *b)
{
	return memcmp(a, b, CKAID_LEN);
}

int keystore_list(const char *dir, uint8_t (**ckaids)[CKAID_LEN], size_t *n)
{
	char sub[4096];
	DIR *d;
	struct dirent *e;
	uint8_t(*list)[CKAID_LEN] = NULL;
	size_t count = 0;
	int err;

	if ((err = path_join(sub, sizeof(sub), dir, "private", NULL)))
		return err;
	d = opendir(sub);
	if (!d) {
		*ckaids = NULL;
		*n = 0;
		return errno == ENOENT ? 0 : -errno;
	}
	while ((e = readdir(d)) != NULL) {
		uint8_t id[CKAID_LEN], (*grown)[CKAID_LEN];
		if (!key_file_name(e->d_name, id))
			continue;
		grown = realloc(list, (count + 1) * sizeof(*list));
		if (!grown) {
			err = -ENOMEM;
			break;
		}
		list = grown;
		memcpy(list[count++], id, CKAID_LEN);
	}
	closedir(d);
	if (err) {
		free(list);
		return err;
	}
	qsort(list, count, CKAID_LEN, by_bytes);
	*ckaids = list;
	*n = count;
	return 0;
}

int keystore_load_privkey_pw(const char *dir, const char *password, const uint8_t *ckaid,
			     size_t ckaid_len, struct privkey **out)
{
	uint8_t(*list)[CKAID_LEN];
	size_t n, found = 0, which = 0;
	char path[4096], name[2 * CKAID_LEN + 5], *owned;
	const char *pw;
	int err;

	if (ckaid_len > CKAID_LEN)
		return -ENOENT;
	if ((err = keystore_list(dir, &list, &n)))
		return err;
	for (size_t i = 0; i < n; i++)
		if (memcmp(list[i], ckaid, ckaid_len) == 0) {
			found++;
			which = i;
		}
	if (found != 1) {
		free(list);
		return found ? -ENOTUNIQ : -ENOENT;
	}
	ckaid_hex(list[which], name);
	strcat(name, ".key");
	err = path_join(path, sizeof(path), dir, "private", name);
	if (!err)
		err = effective_password(dir, password, &owned, &pw);
	if (!err) {
		err = load_key_file(path, pw, out);
		free_password(owned);
	}
	/* The name must agree with the content, or the file was damaged or moved. */
	if (!err && memcmp(pubkey_ckaid(privkey_pub(*out)), list[which], CKAID_LEN)) {
		privkey_free(*out);
		err = -EINVAL;
	}
	free(list);
	return err;
}

int keystore_load_privkey(const char *nssdir, const uint8_t *ckaid, size_t ckaid_len,
			  struct privkey **out)
{
	return keystore_load_privkey_pw(nssdir, NULL, ckaid, ckaid_len, out);
}

int keystore_find_privkey(const char *dir, const char *password, const struct pubkey *pub,
			  struct privkey **out)
{
	int err = keystore_load_privkey_pw(dir, password, pubkey_ckaid(pub), CKAID_LEN, out);

	if (!err && !pubkey_equal(privkey_pub(*out), pub)) {
		privkey_free(*out);
		return -ENOENT;
	}
	return err;
}

static int nick_to_file(const char *nick, char *out, size_t cap)
{
	size_t n = 0;

	if (!*nick)
		return -EINVAL;
	for (const unsigned char *p = (const unsigned char *)nick; *p; p++) {
		bool keep = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			    (*p >= '0' && *p <= '9') || strchr(" _@+=,-", *p) ||
			    (*p == '.' && p != (const unsigned char *)nick);
		if (n + 4 + 5 > cap)
			return -ENAMETOOLONG;
		n += (size_t)(keep ? sprintf(out + n, "%c", *p) : sprintf(out + n, "%%%02X", *p));
	}
	strcpy(out + n, ".pem");
	return 0;
}

int keystore_save_cert(const char *dir, const char *nick, bool ca, const uint8_t *der,
		       size_t len)
{
	char sub[4096], name[256], *text;
	int err;

	if ((err = nick_to_file(nick, name, sizeof(name))) ||
	    (err = path_join(sub, sizeof(sub), dir, ca ? "cacerts" : "certs", NULL)) ||
	    (err = ensure_dir(dir, 0755)) || (err = ensure_dir(sub, 0755)))
		return err;
	text = pem_encode("CERTIFICATE", der, len);
	if (!text)
		return -ENOMEM;
	err = write_atomic(sub, name, text, strlen(text), 0644);
	free(text);
	return err;
}

static int load_cert_file(const char *path, struct cert **out)
{
	struct pem_block pem;
	char *buf;
	size_t len, pos = 0;
	int err = read_file(path, &buf, &len);

	if (err)
		return err;
	err = pem_next(buf, len, &pos, &pem);
	if (err == -ENOENT) /* a DER file */
		err = cert_from_der((const uint8_t *)buf, len, out);
	else if (!err) {
		err = strcmp(pem.label, "CERTIFICATE") ? -EINVAL : cert_from_der(pem.der, pem.len, out);
		pem_block_free(&pem);
	}
	free_file(buf, len);
	return err;
}

int keystore_load_cert(const char *dir, const char *nick, struct cert **out)
{
	char path[4096], name[256];
	int err;

	if ((err = nick_to_file(nick, name, sizeof(name))) ||
	    (err = path_join(path, sizeof(path), dir, "certs", name)))
		return err;
	err = load_cert_file(path, out);
	if (err != -ENOENT)
		return err;
	if ((err = path_join(path, sizeof(path), dir, "cacerts", name)))
		return err;
	return load_cert_file(path, out);
}

int keystore_load_cert_key(const char *dir, const char *password, const char *nick,
			   struct cert **cert, struct privkey **key)
{
	int err = keystore_load_cert(dir, nick, cert);

	if (err)
		return err;
	err = cert_pubkey(*cert) ? keystore_find_privkey(dir, password, cert_pubkey(*cert), key)
				 : -ENOTSUP;
	if (err) {
		cert_free(*cert);
		*cert = NULL;
	}
	return err;
}

void keystore_free_certs(struct cert **certs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cert_free(certs[i]);
	free(certs);
}

int keystore_load_cas(const char *dir, struct cert ***cas, size_t *n)
{
	char sub[4096], path[4096];
	struct cert **list = NULL;
	size_t count = 0;
	struct dirent *e;
	DIR *d;
	int err;

	*cas = NULL;
	*n = 0;
	if ((err = path_join(sub, sizeof(sub), dir, "cacerts", NULL)))
		return err;
	d = opendir(sub);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	list = calloc(MAX_CAS, sizeof(*list));
	if (!list) {
		closedir(d);
		return -ENOMEM;
	}
	while ((e = readdir(d)) != NULL && count < MAX_CAS) {
		size_t nl = strlen(e->d_name);
		struct cert *c;
		if (e->d_name[0] == '.' || nl < 5 ||
		    (strcmp(e->d_name + nl - 4, ".pem") && strcmp(e->d_name + nl - 4, ".crt") &&
		     strcmp(e->d_name + nl - 4, ".der")))
			continue;
		if (path_join(path, sizeof(path), dir, "cacerts", e->d_name))
			continue;
		/* One unreadable file must not take every other CA down with it. */
		if (load_cert_file(path, &c) == 0)
			list[count++] = c;
	}
	closedir(d);
	*cas = list;
	*n = count;
	return 0;
}

int keystore_verify_chain(const char *dir, const uint8_t *const *ders, const size_t *lens,
			  size_t n, time_t now, struct cert **ee, const char **why)
{
	struct cert **chain, **cas;
	size_t ncas, parsed = 0;
	int err;

	*why = "empty certificate chain";
	if (n == 0)
		return -EACCES;
	chain = calloc(n, sizeof(*chain));
	if (!chain)
		return -ENOMEM;
	for (; parsed < n; parsed++)
		if ((err = cert_from_der(ders[parsed], lens[parsed], &chain[parsed])))
			goto out;
	if ((err = keystore_load_cas(dir, &cas, &ncas)))
		goto out;
	err = x509_verify_chain((const struct cert *const *)chain, n,
				(const struct cert *const *)cas, ncas, now, why);
	keystore_free_certs(cas, ncas);
	if (!err) {
		*ee = chain[0];
		chain[0] = NULL;
	}
out:
	keystore_free_certs(chain, parsed);
	return err;
}
