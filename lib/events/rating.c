#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "channels.h"
#include "client.h"
#include "clock.h"
#include "json_value.h"
#include "rating.h"
#include "session.h"
#include "webhook.h"

static const char *const media[] = { "email", "sms", "ivr", "chat", "counter",
				      "web", NULL };

int
cks_rating_medium_valid(const char *medium)
{
	for (size_t i = 0; media[i] != NULL; i++)
		if (strcmp(media[i], medium) == 0)
			return 1;
	return 0;
}

static void
scale_text(const struct cks_channel_plugin *p, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < p->scale_count && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%d",
		    i ? ", " : "", p->scale[i].code);
}

static int
add_revision(struct cks_store *store, int64_t session_id, int code,
	     const char *medium, const char *comment, int64_t inbound_id,
	     int64_t at_ms, struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store,
	    "INSERT INTO rating_revisions (session_id, code, medium, comment,"
	    " inbound_id, at) VALUES (?, ?, ?, ?, ?, ?)", err);
	int rc;

	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, session_id);
	cks_stmt_bind_int(stmt, 2, code);
	cks_stmt_bind_text(stmt, 3, medium, -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(stmt, 4, comment, -1, CKS_STMT_STATIC);
	if (inbound_id > 0)
		cks_stmt_bind_int64(stmt, 5, inbound_id);
	cks_stmt_bind_int64(stmt, 6, at_ms);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	return rc == CKS_STMT_DONE ? 0 : cks_store_fail(store, "record rating", err);
}

/* ISO 8601 in Bangkok time, whatever the server's TZ: receivers get one
 * fixed offset.  Thailand has kept +07:00, without summer time, since
 * 1920. */
static void
format_bangkok(int64_t ms, char *buf, size_t size)
{
	time_t t = (time_t)(ms / 1000) + 7 * 3600;
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d+07:00",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	    tm.tm_sec);
}

/* The webhook events of a changed rating, in the caller's transaction:
 * "rating.recorded" always, "rating.unsatisfied" as well for an option
 * that does not count as satisfied. */
static int
add_events(struct cks_store *store, const struct cks_session *session,
	   const struct cks_rating_option *option, const char *medium,
	   const char *comment, int64_t at_ms, struct cks_error *err)
{
	char recorded[40];
	json_t *fields;
	int rc;

	format_bangkok(at_ms, recorded, sizeof(recorded));
	fields = json_pack("{sI ss ss sI si s{ss ss} sb ss so ss}",
	    "session_id", (json_int_t)session->id,
	    "channel", session->channel,
	    "agent", session->agent,
	    "client_id", (json_int_t)session->client_id,
	    "code", option->code,
	    "label", "th", option->label.th, "en", option->label.en,
	    "satisfied", option->satisfied != 0,
	    "medium", medium,
	    "comment", cks_json_string_or_null(comment),
	    "recorded_at", recorded);
	if (fields == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL,
		    "rating event: cannot build its JSON");
	rc = cks_webhook_add_event(store, CKS_EVENT_RATING_RECORDED, session->id,
	    fields, NULL, err);
	if (rc == 0 && !option->satisfied)
		rc = cks_webhook_add_event(store, CKS_EVENT_RATING_UNSATISFIED,
		    session->id, fields, NULL, err);
	json_decref(fields);
	return rc;
}

int
cks_rating_record(struct cks_store *store, const struct cks_channel_plugin *p,
		  int64_t session_id, int code, const char *medium,
		  const char *comment, int64_t inbound_id, int64_t at_ms,
		  int *changed_out, struct cks_error *err)
{
	const struct cks_rating_option *option = cks_channel_find_option(p, code);
	struct cks_session *session = NULL;
	struct cks_rating *old = NULL;
	struct cks_stmt *stmt;
	char codes[64];
	int rc;

	*changed_out = 0;
	if (!cks_rating_medium_valid(medium))
		return cks_error_set_field(err, CKS_ERROR_INVALID, "medium",
		    "medium: '%s' is not email, sms, ivr, chat, counter or web",
		    medium);
	if (option == NULL) {
		scale_text(p, codes, sizeof(codes));
		return cks_error_set_field(err, CKS_ERROR_INVALID, "code",
		    "code: %d is not on channel '%s''s scale (%s)", code, p->id, codes);
	}
	if (comment != NULL && comment[0] != '\0' &&
	    cks_check_text(comment, "comment", 8000, err) < 0)
		return -1;
	if (comment != NULL && comment[0] == '\0')
		comment = NULL;
	if (at_ms == 0)
		at_ms = cks_now_ms();
	if (cks_store_begin(store, err) < 0)
		return -1;
	if (cks_session_get(store, session_id, &session, err) < 0)
		goto fail;
	if (strcmp(session->channel, p->id) != 0) {
		cks_error_set(err, CKS_ERROR_INVALID,
		    "session %lld is on channel '%s', not '%s'",
		    (long long)session_id, session->channel, p->id);
		goto fail;
	}
	if (cks_rating_get(store, session_id, &old, err) < 0 &&
	    err->kind != CKS_ERROR_NOT_FOUND)
		goto fail;
	if (old != NULL && old->code == code &&
	    ((old->comment == NULL && comment == NULL) ||
	     (old->comment != NULL && comment != NULL &&
	      strcmp(old->comment, comment) == 0))) {
		cks_rating_free(&old);
		cks_session_free(&session);
		return cks_store_commit(store, err);     /* the same answer */
	}
	stmt = cks_store_prepare(store, old == NULL
	    ? "INSERT INTO ratings (code, label_th, label_en, satisfied, medium,"
	      " comment, inbound_id, recorded_at, session_id)"
	      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
	    : "UPDATE ratings SET code = ?1, label_th = ?2, label_en = ?3,"
	      " satisfied = ?4, medium = ?5, comment = ?6, inbound_id = ?7,"
	      " recorded_at = ?8, revisions = revisions + 1 WHERE session_id = ?9",
	    err);
	if (stmt == NULL)
		goto fail;
	cks_stmt_bind_int(stmt, 1, code);
	cks_stmt_bind_text(stmt, 2, option->label.th, -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(stmt, 3, option->label.en, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int(stmt, 4, option->satisfied != 0);
	cks_stmt_bind_text(stmt, 5, medium, -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(stmt, 6, comment, -1, CKS_STMT_STATIC);
	if (inbound_id > 0)
		cks_stmt_bind_int64(stmt, 7, inbound_id);
	cks_stmt_bind_int64(stmt, 8, at_ms);
	cks_stmt_bind_int64(stmt, 9, session_id);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(store, "record rating", err);
		goto fail;
	}
	if (add_revision(store, session_id, code, medium, comment, inbound_id,
			 at_ms, err) < 0 ||
	    add_events(store, session, option, medium, comment, at_ms, err) < 0)
		goto fail;
	*changed_out = 1;
	cks_rating_free(&old);
	cks_session_free(&session);
	return cks_store_commit(store, err);
fail:
	cks_rating_free(&old);
	cks_session_free(&session);
	cks_store_rollback(store);
	return -1;
}

int
cks_rating_get(struct cks_store *store, int64_t session_id,
	       struct cks_rating **rating_out, struct cks_error *err)
{
	struct cks_rating *r = NULL;
	struct cks_stmt *stmt;
	int rc;

	*rating_out = NULL;
	stmt = cks_store_prepare(store,
	    "SELECT code, label_th, label_en, satisfied, medium, comment,"
	    " coalesce(inbound_id, 0), recorded_at, revisions FROM ratings"
	    " WHERE session_id = ?", err);
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, session_id);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW && (r = calloc(1, sizeof(*r))) != NULL) {
		r->session_id = session_id;
		r->code = cks_stmt_column_int(stmt, 0);
		r->label_th = cks_store_column_strdup(stmt, 1);
		r->label_en = cks_store_column_strdup(stmt, 2);
		r->satisfied = cks_stmt_column_int(stmt, 3);
		r->medium = cks_store_column_strdup(stmt, 4);
		r->comment = cks_store_column_strdup(stmt, 5);
		r->inbound_id = cks_stmt_column_int64(stmt, 6);
		r->recorded_ms = cks_stmt_column_int64(stmt, 7);
		r->revisions = cks_stmt_column_int(stmt, 8);
		if (!r->label_th || !r->label_en || !r->medium)
			cks_rating_free(&r);
	}
	cks_stmt_finalize(stmt);
	if (rc == CKS_STMT_DONE)
		return cks_error_set(err, CKS_ERROR_NOT_FOUND,
		    "session %lld has no rating", (long long)session_id);
	if (rc != CKS_STMT_ROW)
		return cks_store_fail(store, "read rating", err);
	if (r == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	*rating_out = r;
	return 0;
}

json_t *
cks_rating_to_json(const struct cks_rating *r)
{
	return json_pack("{si s{ss ss} sb ss so so si so}",
	    "code", r->code,
	    "label", "th", r->label_th, "en", r->label_en,
	    "satisfied", r->satisfied != 0,
	    "medium", r->medium,
	    "comment", cks_json_string_or_null(r->comment),
	    "when", cks_json_time_or_null(r->recorded_ms),
	    "revisions", r->revisions,
	    "inbound", r->inbound_id ? json_integer(r->inbound_id) : json_null());
}

int
cks_rating_history(struct cks_store *store, int64_t session_id,
		   json_t **history_out, struct cks_error *err)
{
	struct cks_session *s = NULL;
	struct cks_stmt *stmt;
	json_t *revisions, *from = json_null();
	int rc, n = 0;

	*history_out = NULL;
	if (cks_session_get(store, session_id, &s, err) < 0)
		return -1;
	cks_session_free(&s);
	stmt = cks_store_prepare(store,
	    "SELECT r.code, r.medium, r.comment, r.inbound_id, r.at,"
	    " m.outcome, m.message_id FROM rating_revisions r"
	    " LEFT JOIN inbound_messages m ON m.id = r.inbound_id"
	    " WHERE r.session_id = ? ORDER BY r.at, r.id", err);
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, session_id);
	revisions = json_array();
	while (revisions != NULL && (rc = cks_stmt_step(stmt)) == CKS_STMT_ROW) {
		int code = cks_stmt_column_int(stmt, 0);
		int64_t inbound = cks_stmt_column_int64(stmt, 3);
		const char *outcome = (const char *)cks_stmt_column_text(stmt, 5);
		int resolved = outcome != NULL && strcmp(outcome, "resolved") == 0;
		json_t *rev = json_pack("{si so ss sb so so so so si so}",
		    "revision", ++n,
		    "when", cks_json_time_or_null(cks_stmt_column_int64(stmt, 4)),
		    "medium", (const char *)cks_stmt_column_text(stmt, 1),
		    "resolved", resolved,
		    "inbound", inbound ? json_integer(inbound) : json_null(),
		    "message_id", cks_json_string_or_null(
			(const char *)cks_stmt_column_text(stmt, 6)),
		    "quarantine", resolved ? json_integer(inbound) : json_null(),
		    "from", from,
		    "to", code,
		    "comment", cks_json_string_or_null(
			(const char *)cks_stmt_column_text(stmt, 2)));

		from = NULL;              /* taken by json_pack, even on failure */
		if (rev == NULL || json_array_append_new(revisions, rev) < 0) {
			json_decref(revisions);
			revisions = NULL;
			break;
		}
		from = json_integer(code);
	}
	json_decref(from);
	cks_stmt_finalize(stmt);
	if (revisions == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	if (rc != CKS_STMT_DONE) {
		json_decref(revisions);
		return cks_store_fail(store, "rating history", err);
	}
	*history_out = json_pack("{sI so}", "session", (json_int_t)session_id,
	    "revisions", revisions);
	if (*history_out == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	return 0;
}

int
cks_rating_attach_json(struct cks_store *store, int64_t session_id,
		       json_t *session_json, struct cks_error *err)
{
	struct cks_rating *r = NULL;

	if (cks_rating_get(store, session_id, &r, err) < 0) {
		if (err->kind != CKS_ERROR_NOT_FOUND)
			return -1;
		json_object_set_new(session_json, "rating", json_null());
		return 0;
	}
	json_object_set_new(session_json, "rating", cks_rating_to_json(r));
	cks_rating_free(&r);
	return 0;
}

void
cks_rating_free(struct cks_rating **rating)
{
	struct cks_rating *r = *rating;

	if (r == NULL)
		return;
	free(r->label_th);
	free(r->label_en);
	free(r->medium);
	free(r->comment);
	free(r);
	*rating = NULL;
}

int
cks_rating_tally(struct cks_store *store, struct cks_rating_tally **rows_out,
		 size_t *count_out, struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store,
	    "SELECT s.channel, r.medium, r.satisfied, count(*)"
	    " FROM ratings r JOIN sessions s ON s.id = r.session_id"
	    " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3", err);
	struct cks_rating_tally *rows = NULL;
	size_t count = 0;
	int rc;

	*rows_out = NULL;
	*count_out = 0;
	if (stmt == NULL)
		return -1;
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW) {
		struct cks_rating_tally *grown = realloc(rows,
		    (count + 1) * sizeof(*rows));
		const unsigned char *channel = cks_stmt_column_text(stmt, 0);
		const unsigned char *medium = cks_stmt_column_text(stmt, 1);

		if (grown == NULL) {
			cks_stmt_finalize(stmt);
			free(rows);
			return cks_error_set(err, CKS_ERROR_INTERNAL,
			    "out of memory");
		}
		rows = grown;
		snprintf(rows[count].channel, sizeof(rows[count].channel), "%s",
		    channel != NULL ? (const char *)channel : "");
		snprintf(rows[count].medium, sizeof(rows[count].medium), "%s",
		    medium != NULL ? (const char *)medium : "");
		rows[count].satisfied = cks_stmt_column_int(stmt, 2);
		rows[count].count = cks_stmt_column_int64(stmt, 3);
		count++;
	}
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		free(rows);
		return cks_store_fail(store, "count ratings", err);
	}
	*rows_out = rows;
	*count_out = count;
	return 0;
}
