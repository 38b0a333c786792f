#include "autoconfig.h"

#include "consent.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client.h"
#include "clock.h"
#include "json_value.h"

static const char *const sources[] = {
	"counter", "phone", "web", "mail", "sms", NULL,
};
static const char *const ways[] = { "link", "mail", "sms", "agent", NULL };

static int
one_of(const char *value, const char *const *list)
{
	for (size_t i = 0; value != NULL && list[i] != NULL; i++)
		if (strcmp(value, list[i]) == 0)
			return 1;
	return 0;
}

void
cks_consent_clear(struct cks_consent *c)
{
	free(c->consent_note);
	memset(c, 0, sizeof(*c));
}

int
cks_consent_get(struct cks_store *store, int64_t client_id,
		struct cks_consent *out, struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store,
	    "SELECT coalesce(consent_at, 0), consent_source, consent_note,"
	    " coalesce(opted_out_at, 0), opted_out_via, coalesce(anonymised_at, 0)"
	    " FROM clients WHERE id = ?", err);
	int rc;

	memset(out, 0, sizeof(*out));
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, client_id);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW) {
		const unsigned char *source = cks_stmt_column_text(stmt, 1);
		const unsigned char *via = cks_stmt_column_text(stmt, 4);

		out->client_id = client_id;
		out->consent_ms = cks_stmt_column_int64(stmt, 0);
		snprintf(out->consent_source, sizeof(out->consent_source), "%s",
		    source ? (const char *)source : "");
		out->consent_note = cks_store_column_strdup(stmt, 2);
		out->opted_out_ms = cks_stmt_column_int64(stmt, 3);
		snprintf(out->opted_out_via, sizeof(out->opted_out_via), "%s",
		    via ? (const char *)via : "");
		out->anonymised_ms = cks_stmt_column_int64(stmt, 5);
	}
	cks_stmt_finalize(stmt);
	if (rc == CKS_STMT_DONE)
		return cks_error_set(err, CKS_ERROR_NOT_FOUND, "no client %lld",
		    (long long)client_id);
	if (rc != CKS_STMT_ROW)
		return cks_store_fail(store, "read consent", err);
	return 0;
}

/* One UPDATE of clients by id, in its own transaction; NOT_FOUND when no
 * row is there. */
static int
update_client(struct cks_store *store, int64_t client_id, const char *sql,
	      const char *text1, const char *text2, int64_t at_ms,
	      int64_t *changes_out, struct cks_error *err)
{
	struct cks_stmt *stmt;
	struct cks_consent exists;
	int rc;

	if (cks_store_begin(store, err) < 0)
		return -1;
	if (cks_consent_get(store, client_id, &exists, err) < 0) {
		cks_store_rollback(store);
		return -1;
	}
	cks_consent_clear(&exists);
	stmt = cks_store_prepare(store, sql, err);
	if (stmt == NULL) {
		cks_store_rollback(store);
		return -1;
	}
	/* ?1 the client, ?2 the time, ?3 and ?4 the texts the SQL uses. */
	cks_stmt_bind_int64(stmt, 1, client_id);
	cks_stmt_bind_int64(stmt, 2, at_ms);
	for (int i = 0; i < 2 && 3 + i <= cks_stmt_param_count(stmt); i++) {
		const char *text = i == 0 ? text1 : text2;

		if (text != NULL)
			cks_stmt_bind_text(stmt, 3 + i, text, -1, CKS_STMT_STATIC);
		else
			cks_stmt_bind_null(stmt, 3 + i);
	}
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(store, "record consent", err);
		cks_store_rollback(store);
		return -1;
	}
	if (changes_out != NULL)
		*changes_out = cks_store_changes(store);
	return cks_store_commit(store, err);
}

int
cks_consent_record(struct cks_store *store, int64_t client_id,
		   const char *source, const char *note, int64_t at_ms,
		   struct cks_error *err)
{
	int64_t changes = 0;

	if (!one_of(source, sources))
		return cks_error_set_field(err, CKS_ERROR_INVALID, "source",
		    "source: '%s' is not counter, phone, web, mail or sms",
		    source != NULL ? source : "");
	if (note != NULL && cks_check_line(note, "note", 600, err) < 0)
		return -1;
	if (update_client(store, client_id,
	    "UPDATE clients SET consent_at = ?2, consent_source = ?3,"
	    " consent_note = ?4, opted_out_at = NULL, opted_out_via = NULL,"
	    " updated_at = ?2 WHERE id = ?1 AND anonymised_at IS NULL",
	    source, note, at_ms > 0 ? at_ms : cks_now_ms(), &changes, err) < 0)
		return -1;
	if (changes == 0)
		return cks_error_set(err, CKS_ERROR_CONFLICT, "client %lld was "
		    "erased: there is nobody to record consent for",
		    (long long)client_id);
	return 0;
}

int
cks_consent_opt_out(struct cks_store *store, int64_t client_id,
		    const char *via, int *changed_out, struct cks_error *err)
{
	int64_t changes = 0;

	if (changed_out != NULL)
		*changed_out = 0;
	if (!one_of(via, ways))
		return cks_error_set_field(err, CKS_ERROR_INVALID, "via",
		    "via: '%s' is not link, mail, sms or agent",
		    via != NULL ? via : "");
	if (update_client(store, client_id,
	    "UPDATE clients SET opted_out_at = ?2, opted_out_via = ?3,"
	    " updated_at = ?2 WHERE id = ?1 AND opted_out_at IS NULL",
	    via, NULL, cks_now_ms(), &changes, err) < 0)
		return -1;
	if (changed_out != NULL)
		*changed_out = changes > 0;
	return 0;
}

int
cks_consent_opt_out_phone(struct cks_store *store, const char *e164,
			  const char *via, int *count_out, int *matched_out,
			  struct cks_error *err)
{
	struct cks_stmt *stmt;
	int64_t ids[64];
	size_t n = 0;
	int rc, changed;

	*count_out = 0;
	*matched_out = 0;
	if (cks_store_begin(store, err) < 0)
		return -1;
	/* A number is one household's or one company's: a few clients at
	 * most; 64 bounds the array. */
	stmt = cks_store_prepare(store, "SELECT id FROM clients"
	    " WHERE phone_e164 = ? AND anonymised_at IS NULL ORDER BY id LIMIT 64",
	    err);
	if (stmt == NULL)
		goto fail;
	cks_stmt_bind_text(stmt, 1, e164, -1, CKS_STMT_STATIC);
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW)
		ids[n++] = cks_stmt_column_int64(stmt, 0);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(store, "find clients by phone", err);
		goto fail;
	}
	for (size_t i = 0; i < n; i++) {
		if (cks_consent_opt_out(store, ids[i], via, &changed, err) < 0)
			goto fail;
		*count_out += changed;
	}
	*matched_out = (int)n;
	return cks_store_commit(store, err);
fail:
	cks_store_rollback(store);
	return -1;
}

int
cks_consent_survey_check(struct cks_store *store, int64_t client_id,
			 int require_consent, struct cks_error *err)
{
	struct cks_consent c;
	char when[64];

	if (cks_consent_get(store, client_id, &c, err) < 0)
		return -1;
	if (c.anonymised_ms != 0) {
		cks_consent_clear(&c);
		return cks_error_set(err, CKS_ERROR_CONFLICT, "client %lld was "
		    "anonymised: no survey", (long long)client_id);
	}
	if (c.opted_out_ms != 0) {
		cks_time_format_iso(c.opted_out_ms, when, sizeof(when));
		cks_error_set(err, CKS_ERROR_CONFLICT, "client %lld opted out of "
		    "surveys on %s (via %s): no survey sent", (long long)client_id,
		    when, c.opted_out_via);
		cks_consent_clear(&c);
		return -1;
	}
	if (require_consent && c.consent_ms == 0) {
		cks_consent_clear(&c);
		return cks_error_set(err, CKS_ERROR_CONFLICT, "client %lld has given "
		    "no consent to surveys, which survey.require_consent = yes "
		    "needs: record it with 'cksctl client consent %lld --source "
		    "counter|phone|web'", (long long)client_id,
		    (long long)client_id);
	}
	cks_consent_clear(&c);
	return 0;
}

json_t *
cks_consent_to_json(const struct cks_consent *c)
{
	return json_pack("{so so so}",
	    "consent", c->consent_ms == 0 ? json_null() : json_pack("{so ss so}",
		"at", cks_json_time_or_null(c->consent_ms),
		"source", c->consent_source,
		"note", cks_json_string_or_null(c->consent_note)),
	    "opt_out", c->opted_out_ms == 0 ? json_null() : json_pack("{so ss}",
		"at", cks_json_time_or_null(c->opted_out_ms),
		"via", c->opted_out_via),
	    "anonymised_at", c->anonymised_ms == 0 ? json_null()
		: cks_json_time_or_null(c->anonymised_ms));
}

int
cks_consent_is_stop_word(const char *text)
{
	static const char *const words[] = {
		"stop", "unsubscribe", "หยุด", "ยกเลิก", NULL,
	};
	size_t len;

	if (text == NULL)
		return 0;
	while (*text == ' ' || *text == '\t' || *text == '\r' || *text == '\n')
		text++;
	len = strlen(text);
	while (len > 0 && strchr(" \t\r\n.!", text[len - 1]) != NULL)
		len--;
	for (size_t i = 0; words[i] != NULL; i++)
		if (strlen(words[i]) == len && strncasecmp(text, words[i], len) == 0)
			return 1;
	return 0;
}
