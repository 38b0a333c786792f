#include "autoconfig.h"

#include "download_link.h"
#include "secret.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base64.h"
#include "clock.h"
#include "hmac.h"
#include "random.h"
#include "log.h"

#define SECRET_NEW_BYTES 32
#define SECRET_MIN_BYTES 16
#define SIGNATURE_BYTES 16                     /* of the 32 of SHA-256 */
#define SIGNATURE_LENGTH 22                    /* base64url of 16 bytes */

/* --- the key ---------------------------------------------------------------- */

static int
write_all(int fd, const unsigned char *data, size_t size)
{
	while (size > 0) {
		ssize_t n = write(fd, data, size);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		size -= (size_t)n;
	}
	return 0;
}

/* The directory entry is made durable too: a key lost in a crash would
 * silently invalidate every link mailed with it. */
static void
sync_directory(const char *path)
{
	char *copy = strdup(path);
	int fd;

	if (copy == NULL)
		return;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(copy);
}

/* Writes a new key to a temporary file and links it into place.  link(2)
 * never replaces an existing file, so when two processes race, the first
 * link wins and both then read the winner's key; a reader never sees a
 * half-written file. */
static int
create_secret(const char *path, struct cks_error *err)
{
	unsigned char key[SECRET_NEW_BYTES];
	size_t len = strlen(path) + sizeof(".new-XXXXXX");
	char *temporary = malloc(len);
	int fd, e, rc = -1;

	if (temporary == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	snprintf(temporary, len, "%s.new-XXXXXX", path);
	fd = mkstemp(temporary);                   /* mode 0600, O_EXCL */
	if (fd >= 0)
		(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	if (fd < 0) {
		e = errno;
		cks_error_set(err, CKS_ERROR_INTERNAL, "%s: cannot create: %s",
		    path, strerror(e));
		free(temporary);
		return -1;
	}
	if (cks_random_bytes(key, sizeof(key), err) < 0)
		goto out;
	if (fchmod(fd, 0600) < 0 || write_all(fd, key, sizeof(key)) < 0 ||
	    fsync(fd) < 0) {
		e = errno;
		cks_error_set(err, CKS_ERROR_INTERNAL, "%s: cannot write: %s",
		    temporary, strerror(e));
		goto out;
	}
	if (link(temporary, path) < 0 && errno != EEXIST) {
		e = errno;
		cks_error_set(err, CKS_ERROR_INTERNAL, "%s: cannot create: %s",
		    path, strerror(e));
		goto out;
	}
	sync_directory(path);
	rc = 0;
out:
	explicit_bzero(key, sizeof(key));
	close(fd);
	unlink(temporary);
	free(temporary);
	return rc;
}

/* Reads an existing key; 1 when the file does not exist. */
static int
read_secret(const char *path, unsigned char *key, size_t *size_out,
	    struct cks_error *err)
{
	if (cks_secret_read_file(path, key, CKS_LINK_SECRET_MAX, size_out,
	    err) < 0)
		return err->kind == CKS_ERROR_NOT_FOUND ? 1 : -1;
	if (*size_out < SECRET_MIN_BYTES) {
		explicit_bzero(key, CKS_LINK_SECRET_MAX);
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: the link signing key holds %zu bytes, fewer than %d",
		    path, *size_out, SECRET_MIN_BYTES);
	}
	return 0;
}

int
cks_download_link_secret(const char *path, unsigned char *key,
			 size_t *size_out, struct cks_error *err)
{
	int rc;

	if (path == NULL)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "http.link_secret_file is not set");
	rc = read_secret(path, key, size_out, err);
	if (rc != 1)
		return rc;
	if (create_secret(path, err) < 0)
		return -1;
	rc = read_secret(path, key, size_out, err);
	return rc == 1 ? cks_error_set(err, CKS_ERROR_INTERNAL,
	    "%s: vanished right after it was created", path) : rc;
}

/* --- signing ---------------------------------------------------------------- */

/* The key from http.link_secret_file; the caller wipes it after use. */
static int
load_key(const struct cks_config *config, unsigned char *key, size_t *key_size,
	 struct cks_error *err)
{
	if (cks_download_link_secret(config->http_link_secret_file, key,
	    key_size, err) < 0)
		return cks_error_prefix(err, "http.link_secret_file");
	return 0;
}

/* base64url without padding of SIGNATURE_BYTES of
 * HMAC-SHA256(key, "ID.EXPIRES"). */
static int
sign(const unsigned char *key, size_t key_size, const char *id,
     const char *expires, char out[SIGNATURE_LENGTH + 1], struct cks_error *err)
{
	const char *parts[] = { id, ".", expires };
	unsigned char digest[CKS_HMAC_SHA256_SIZE];
	char encoded[CKS_BASE64_LENGTH(SIGNATURE_BYTES) + 1];

	if (cks_hmac_sha256(key, key_size, parts, 3, digest, err) < 0)
		return -1;
	cks_base64url_encode(encoded, digest, SIGNATURE_BYTES);
	memcpy(out, encoded, SIGNATURE_LENGTH + 1);
	explicit_bzero(digest, sizeof(digest));
	return 0;
}

/* A positive decimal in its one canonical spelling (no sign, no leading
 * zero), so that each link has exactly one signed form. */
static int
parse_canonical(const char *text, int64_t *out)
{
	int64_t n = 0;
	size_t len = strlen(text);

	if (len == 0 || len > 18 || text[0] == '0')
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (text[i] < '0' || text[i] > '9')
			return -1;
		n = n * 10 + (text[i] - '0');
	}
	*out = n;
	return 0;
}

int64_t
cks_download_link_expiry(const struct cks_config *config, int64_t now_ms)
{
	return (now_ms + config->download_ttl_ms) / 1000;
}

/* Every byte but RFC 3986's unreserved ones as %XX: safe in a path
 * segment and, being a subset of RFC 5987's attr-char, in filename*. */
static char *
percent_encode(const char *text)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t len = strlen(text);
	char *out = malloc(len * 3 + 1), *p = out;

	if (out == NULL)
		return NULL;
	for (const unsigned char *s = (const unsigned char *)text; *s; s++) {
		if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9') || strchr("-._~", *s) != NULL) {
			*p++ = (char)*s;
		} else {
			*p++ = '%';
			*p++ = hex[*s >> 4];
			*p++ = hex[*s & 15];
		}
	}
	*p = '\0';
	return out;
}

static int
make_one(const struct cks_config *config, const unsigned char *key,
	 size_t key_size, int64_t attachment_id, const char *filename,
	 int64_t now_ms, char **url_out, struct cks_error *err)
{
	char id[24], expires[24], signature[SIGNATURE_LENGTH + 1];
	const char *base = config->http_public_url;
	size_t len;
	char *name, *url;

	*url_out = NULL;
	/* config.c's default for an unset http.public_url when http.port is
	 * 0: a link there would reach nothing. */
	len = strlen(base);
	if (config->http_port == 0 && len >= 2 &&
	    strcmp(base + len - 2, ":0") == 0)
		return cks_error_set(err, CKS_ERROR_CONFLICT,
		    "download links need the daemon's HTTP API: set http.port "
		    "(and http.public_url, the address clients reach it at)");
	if (attachment_id <= 0)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "attachment id %lld is not positive", (long long)attachment_id);
	snprintf(id, sizeof(id), "%lld", (long long)attachment_id);
	snprintf(expires, sizeof(expires), "%lld",
	    (long long)cks_download_link_expiry(config, now_ms));
	if (sign(key, key_size, id, expires, signature, err) < 0)
		return -1;
	name = percent_encode(filename != NULL && filename[0] != '\0' ?
	    filename : "download");
	if (name == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	len = strlen(base) + strlen(id) + strlen(expires) + strlen(signature) +
	    strlen(name) + sizeof("/d////");
	url = malloc(len);
	if (url == NULL) {
		free(name);
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	}
	snprintf(url, len, "%s/d/%s/%s/%s/%s", base, id, expires, signature,
	    name);
	free(name);
	*url_out = url;
	return 0;
}

int
cks_download_links_make(const struct cks_config *config, size_t count,
			const int64_t *attachment_ids,
			const char *const *filenames, int64_t now_ms,
			char **urls_out, struct cks_error *err)
{
	unsigned char key[CKS_LINK_SECRET_MAX];
	size_t key_size = 0, i;
	int rc = 0;

	for (i = 0; i < count; i++)
		urls_out[i] = NULL;
	if (load_key(config, key, &key_size, err) < 0)
		return -1;
	for (i = 0; i < count && rc == 0; i++)
		if (attachment_ids[i] != 0)
			rc = make_one(config, key, key_size, attachment_ids[i],
			    filenames[i], now_ms, &urls_out[i], err);
	explicit_bzero(key, sizeof(key));
	if (rc < 0)
		for (i = 0; i < count; i++) {
			free(urls_out[i]);
			urls_out[i] = NULL;
		}
	return rc;
}

void
cks_download_link_redact(char *url)
{
	char *name = strrchr(url, '/'), *signature;

	if (name == NULL)
		return;
	*name = '\0';
	signature = strrchr(url, '/');
	*name = '/';
	if (signature != NULL)
		memset(signature + 1, 'x', (size_t)(name - signature - 1));
}

int
cks_download_link_make(const struct cks_config *config, int64_t attachment_id,
		       const char *filename, int64_t now_ms, char **url_out,
		       struct cks_error *err)
{
	if (attachment_id == 0)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "attachment id 0 is not positive");
	return cks_download_links_make(config, 1, &attachment_id, &filename,
	    now_ms, url_out, err);
}

int
cks_download_link_verify(const struct cks_config *config, const char *id,
			 const char *expires, const char *signature,
			 int64_t now_ms, int64_t *attachment_id_out,
			 enum cks_download_link_state *state_out,
			 struct cks_error *err)
{
	char expected[SIGNATURE_LENGTH + 1];
	int64_t attachment_id, expires_s;

	*state_out = CKS_DOWNLOAD_LINK_FORGED;
	if (parse_canonical(id, &attachment_id) < 0 ||
	    parse_canonical(expires, &expires_s) < 0 ||
	    strlen(signature) != SIGNATURE_LENGTH)
		return 0;
	{
		unsigned char key[CKS_LINK_SECRET_MAX];
		size_t key_size = 0;
		int rc;

		if (load_key(config, key, &key_size, err) < 0)
			return -1;
		rc = sign(key, key_size, id, expires, expected, err);
		explicit_bzero(key, sizeof(key));
		if (rc < 0)
			return -1;
	}
	if (CRYPTO_memcmp(expected, signature, SIGNATURE_LENGTH) != 0)
		return 0;
	if (now_ms / 1000 >= expires_s) {
		*state_out = CKS_DOWNLOAD_LINK_EXPIRED;
		return 0;
	}
	*state_out = CKS_DOWNLOAD_LINK_VALID;
	*attachment_id_out = attachment_id;
	return 0;
}

char *
cks_download_link_disposition(const char *filename)
{
	char *name = percent_encode(filename), *value;
	size_t len;

	if (name == NULL)
		return NULL;
	len = strlen(name) + sizeof("attachment; filename*=UTF-8''");
	value = malloc(len);
	if (value != NULL)
		snprintf(value, len, "attachment; filename*=UTF-8''%s", name);
	free(name);
	return value;
}
