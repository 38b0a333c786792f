#include "autoconfig.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "clock.h"
#include "download_link.h"
#include "hmac.h"
#include "sms_dlr.h"
#include "stmt.h"

#define SIG_BYTES 16
#define SIG_LENGTH 22                      /* base64url of 16 bytes */

static int
sign(const struct cks_config *config, const char *id,
     char out[SIG_LENGTH + 1], struct cks_error *err)
{
	const char *parts[] = { "sms-dlr.", id };
	unsigned char key[CKS_LINK_SECRET_MAX];
	unsigned char digest[CKS_HMAC_SHA256_SIZE];
	char encoded[CKS_BASE64_LENGTH(SIG_BYTES) + 1];
	size_t key_size = 0;
	int rc;

	if (cks_download_link_secret(config->http_link_secret_file, key,
	    &key_size, err) < 0)
		return cks_error_prefix(err, "http.link_secret_file");
	rc = cks_hmac_sha256(key, key_size, parts, 2, digest, err);
	explicit_bzero(key, sizeof(key));
	if (rc < 0)
		return -1;
	cks_base64url_encode(encoded, digest, SIG_BYTES);
	explicit_bzero(digest, sizeof(digest));
	memcpy(out, encoded, SIG_LENGTH);
	out[SIG_LENGTH] = '\0';
	return 0;
}

int
cks_sms_dlr_url(const struct cks_config *config, int64_t id, char **url_out,
		struct cks_error *err)
{
	char text[24], sig[SIG_LENGTH + 1];
	size_t len;

	*url_out = NULL;
	snprintf(text, sizeof(text), "%lld", (long long)id);
	if (sign(config, text, sig, err) < 0)
		return -1;
	len = strlen(config->sms_dlr_url) + 64 + sizeof(sig);
	if ((*url_out = malloc(len)) == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	snprintf(*url_out, len, "%s/v1/sms/dlr?msg=%s&sig=%s&status=%%d",
	    config->sms_dlr_url, text, sig);
	return 0;
}

int
cks_sms_dlr_verify(const struct cks_config *config, const char *msg,
		   const char *sig, int64_t *id_out, struct cks_error *err)
{
	char expected[SIG_LENGTH + 1];
	size_t len = msg != NULL ? strlen(msg) : 0;
	int64_t id = 0;

	if (len == 0 || len > 18 || msg[0] == '0' || sig == NULL ||
	    strlen(sig) != SIG_LENGTH)
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (msg[i] < '0' || msg[i] > '9')
			return 0;
		id = id * 10 + (msg[i] - '0');
	}
	if (sign(config, msg, expected, err) < 0)
		return -1;
	if (CRYPTO_memcmp(expected, sig, SIG_LENGTH) != 0)
		return 0;
	*id_out = id;
	return 1;
}

static const struct {
	const char *type, *name;
	int final;
} types[] = {
	{ "1", "delivered", 1 },
	{ "2", "failed", 1 },
	{ "4", "buffered", 0 },
	{ "8", "smsc_accepted", 0 },
	{ "16", "smsc_rejected", 1 },
};

const char *
cks_sms_dlr_status(const char *type)
{
	for (size_t i = 0; type != NULL && i < sizeof(types) / sizeof(types[0]);
	     i++)
		if (strcmp(types[i].type, type) == 0)
			return types[i].name;
	return NULL;
}

static int
is_final(const char *name)
{
	for (size_t i = 0; name != NULL && i < sizeof(types) / sizeof(types[0]);
	     i++)
		if (strcmp(types[i].name, name) == 0)
			return types[i].final;
	return 0;
}

int
cks_sms_dlr_record(struct cks_store *store, int64_t id, const char *status,
		   struct cks_error *err)
{
	struct cks_stmt *stmt;
	char *current = NULL;
	int rc, recorded = 0;

	if (cks_store_begin(store, err) < 0)
		return -1;
	stmt = cks_store_prepare(store, "SELECT dlr_status FROM messages"
	    " WHERE id = ? AND medium = 'sms'", err);
	if (stmt == NULL)
		goto fail;
	cks_stmt_bind_int64(stmt, 1, id);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW)
		current = cks_store_column_strdup(stmt, 0);
	cks_stmt_finalize(stmt);
	if (rc == CKS_STMT_DONE) {
		cks_error_set(err, CKS_ERROR_NOT_FOUND, "no SMS with id %lld",
		    (long long)id);
		goto fail;
	}
	if (rc != CKS_STMT_ROW) {
		cks_store_fail(store, "read message", err);
		goto fail;
	}
	if (!is_final(current) || is_final(status)) {
		stmt = cks_store_prepare(store, "UPDATE messages SET dlr_status = ?,"
		    " dlr_at = ? WHERE id = ?", err);
		if (stmt == NULL)
			goto fail;
		cks_stmt_bind_text(stmt, 1, status, -1, CKS_STMT_STATIC);
		cks_stmt_bind_int64(stmt, 2, cks_now_ms());
		cks_stmt_bind_int64(stmt, 3, id);
		rc = cks_stmt_step(stmt);
		cks_stmt_finalize(stmt);
		if (rc != CKS_STMT_DONE) {
			cks_store_fail(store, "record delivery report", err);
			goto fail;
		}
		recorded = 1;
	}
	free(current);
	if (cks_store_commit(store, err) < 0)
		return -1;
	return recorded;
fail:
	free(current);
	cks_store_rollback(store);
	return -1;
}
