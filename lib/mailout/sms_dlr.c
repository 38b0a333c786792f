#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "link_sign.h"
#include "sms_dlr.h"
#include "stmt.h"

int
cks_sms_dlr_url(const struct cks_config *config, int64_t id, char **url_out,
		struct cks_error *err)
{
	char text[24], sig[CKS_LINK_SIGNATURE_LENGTH + 1];
	size_t len;

	*url_out = NULL;
	snprintf(text, sizeof(text), "%lld", (long long)id);
	if (cks_link_sign(config, "sms-dlr.", text, sig, err) < 0)
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
	return cks_link_verify_id(config, "sms-dlr.", msg,
	    msg != NULL ? strlen(msg) : 0, sig, id_out, err);
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
