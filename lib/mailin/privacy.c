#include "autoconfig.h"

#include "privacy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "buffer.h"
#include "client.h"
#include "clock.h"
#include "json_value.h"
#include "utf8.h"

/* --- export ------------------------------------------------------------------ */

/* One column of a listing: its JSON name and how to read it: 'i' integer,
 * 't' text, 'T' a time in ms (ISO 8601 in the desk's zone), 'r' bytes
 * (text when UTF-8, else {"base64": ...}). */
struct column {
	const char *name;
	char type;
};

static json_t *
bytes_json(const void *data, size_t size)
{
	struct cks_buffer b = { 0 };
	char *text;
	json_t *j;

	if (data == NULL)
		return json_null();
	if (cks_utf8_valid(data, size) && memchr(data, '\0', size) == NULL)
		return json_stringn(data, size);
	cks_base64_add(&b, data, size);
	text = cks_buffer_finish(&b);
	j = text != NULL ? json_pack("{ss}", "base64", text) : NULL;
	free(text);
	return j;
}

static json_t *
column_json(struct cks_stmt *stmt, int i, char type)
{
	if (cks_stmt_column_is_null(stmt, i))
		return json_null();
	switch (type) {
	case 'i':
		return json_integer(cks_stmt_column_int64(stmt, i));
	case 'T':
		return cks_json_time_or_null(cks_stmt_column_int64(stmt, i));
	case 'r':
		return bytes_json(cks_stmt_column_blob(stmt, i),
		    (size_t)cks_stmt_column_bytes(stmt, i));
	default:
		return json_string((const char *)cks_stmt_column_text(stmt, i));
	}
}

/* Runs sql with the client's id as ?1 and lists its rows as objects. */
static int
listing(struct cks_store *store, const char *sql, int64_t client_id,
	const struct column *columns, size_t count, json_t **out,
	struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store, sql, err);
	json_t *list;
	int rc;

	*out = NULL;
	if (stmt == NULL)
		return -1;
	list = json_array();
	cks_stmt_bind_int64(stmt, 1, client_id);
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW) {
		json_t *row = json_object();

		for (size_t i = 0; i < count; i++)
			json_object_set_new(row, columns[i].name,
			    column_json(stmt, (int)i, columns[i].type));
		json_array_append_new(list, row);
	}
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		json_decref(list);
		return cks_store_fail(store, "export", err);
	}
	*out = list;
	return 0;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The client's sessions, as a subquery of ?1. */
#define SESSIONS "(SELECT id FROM sessions WHERE client_id = ?1)"

/* Inbound mail that is the client's: matched to one of their sessions,
 * or sent from their address or number. */
#define INBOUND_OF_CLIENT \
	" (session_id IN " SESSIONS \
	"  OR (sender IS NOT NULL AND lower(sender) =" \
	"      (SELECT lower(email) FROM clients WHERE id = ?1))" \
	"  OR source = (SELECT 'sms:' || phone_e164 FROM clients WHERE id = ?1))"

static const struct column history_columns[] = {
	{ "at", 'T' }, { "actor", 't' }, { "field", 't' }, { "old_value", 't' },
	{ "new_value", 't' },
};
static const struct column session_columns[] = {
	{ "id", 'i' }, { "channel", 't' }, { "agent", 't' }, { "opened_at", 'T' },
	{ "closed_at", 'T' }, { "level", 't' }, { "summary", 't' },
};
static const struct column step_columns[] = {
	{ "session_id", 'i' }, { "step_index", 'i' }, { "step_id", 't' },
	{ "started_at", 'T' }, { "done_at", 'T' },
};
static const struct column basket_columns[] = {
	{ "session_id", 'i' }, { "revision", 'i' }, { "confirmed_revision", 'i' },
	{ "confirmed_at", 'T' }, { "sent_revision", 'i' }, { "sent_message", 'i' },
};
static const struct column item_columns[] = {
	{ "id", 'i' }, { "session_id", 'i' }, { "title_th", 't' },
	{ "title_en", 't' }, { "url", 't' }, { "added_at", 'T' },
	{ "filename", 't' }, { "content_type", 't' }, { "size", 'i' },
	{ "sha256", 't' },
};
static const struct column message_columns[] = {
	{ "id", 'i' }, { "kind", 't' }, { "session_id", 'i' },
	{ "recipient", 't' }, { "subject", 't' }, { "state", 't' },
	{ "created_at", 'T' }, { "sent_at", 'T' }, { "attempts", 'i' },
	{ "last_reply", 't' }, { "bounce", 't' }, { "body", 'r' },
};
static const struct column invitation_columns[] = {
	{ "session_id", 'i' }, { "message", 'i' }, { "created_at", 'T' },
	{ "reminder_message", 'i' }, { "reminded_at", 'T' },
};
static const struct column rating_columns[] = {
	{ "session_id", 'i' }, { "code", 'i' }, { "label_th", 't' },
	{ "label_en", 't' }, { "satisfied", 'i' }, { "medium", 't' },
	{ "comment", 't' }, { "recorded_at", 'T' }, { "revisions", 'i' },
};
static const struct column revision_columns[] = {
	{ "session_id", 'i' }, { "code", 'i' }, { "medium", 't' },
	{ "comment", 't' }, { "at", 'T' },
};
static const struct column inbound_columns[] = {
	{ "id", 'i' }, { "received_at", 'T' }, { "source", 't' },
	{ "message_id", 't' }, { "outcome", 't' }, { "reason", 't' },
	{ "session_id", 'i' }, { "sender", 't' }, { "first_line", 't' },
	{ "code", 'i' }, { "comment", 't' }, { "raw_purged_at", 'T' },
	{ "raw", 'r' },
};
static const struct column bounce_columns[] = {
	{ "email", 't' }, { "kind", 't' }, { "at", 'T' }, { "status", 't' },
	{ "diagnostic", 't' },
};

static const struct section {
	const char *name;
	const char *sql;
	const struct column *columns;
	size_t count;
} sections[] = {
	{ "history", "SELECT at, actor, field, old_value, new_value"
	  " FROM client_history WHERE client_id = ?1 ORDER BY id",
	  history_columns, COUNT(history_columns) },
	{ "sessions", "SELECT id, channel, agent, opened_at, closed_at, level,"
	  " summary FROM sessions WHERE client_id = ?1 ORDER BY id",
	  session_columns, COUNT(session_columns) },
	{ "steps", "SELECT session_id, step_index, step_id, started_at, done_at"
	  " FROM session_steps WHERE session_id IN " SESSIONS
	  " ORDER BY session_id, step_index", step_columns, COUNT(step_columns) },
	{ "baskets", "SELECT session_id, revision, confirmed_revision,"
	  " confirmed_at, sent_revision, sent_message FROM baskets"
	  " WHERE session_id IN " SESSIONS " ORDER BY session_id",
	  basket_columns, COUNT(basket_columns) },
	{ "basket_items", "SELECT i.id, i.session_id, i.title_th, i.title_en,"
	  " i.url, i.added_at, a.filename, a.content_type, a.size, a.sha256"
	  " FROM basket_items i LEFT JOIN attachments a ON a.id = i.attachment_id"
	  " WHERE i.session_id IN " SESSIONS " ORDER BY i.id",
	  item_columns, COUNT(item_columns) },
	{ "messages", "SELECT m.id, m.kind, m.session_id, m.recipient, m.subject,"
	  " m.state, m.created_at, m.sent_at, m.attempts, m.last_reply, m.bounce,"
	  " b.body FROM messages m LEFT JOIN message_bodies b ON b.message = m.id"
	  " WHERE m.session_id IN " SESSIONS " ORDER BY m.id",
	  message_columns, COUNT(message_columns) },
	/* Without the token: it is the key to the survey, not data about
	 * the client. */
	{ "invitations", "SELECT session_id, message, created_at,"
	  " reminder_message, reminded_at FROM survey_invitations"
	  " WHERE session_id IN " SESSIONS " ORDER BY session_id",
	  invitation_columns, COUNT(invitation_columns) },
	{ "ratings", "SELECT session_id, code, label_th, label_en, satisfied,"
	  " medium, comment, recorded_at, revisions FROM ratings"
	  " WHERE session_id IN " SESSIONS " ORDER BY session_id",
	  rating_columns, COUNT(rating_columns) },
	{ "rating_revisions", "SELECT session_id, code, medium, comment, at"
	  " FROM rating_revisions WHERE session_id IN " SESSIONS " ORDER BY id",
	  revision_columns, COUNT(revision_columns) },
	{ "inbound", "SELECT id, received_at, source, message_id, outcome, reason,"
	  " session_id, sender, first_line, code, comment, raw_purged_at, raw"
	  " FROM inbound_messages WHERE" INBOUND_OF_CLIENT " ORDER BY id",
	  inbound_columns, COUNT(inbound_columns) },
	{ "bounce", "SELECT email, kind, at, status, diagnostic"
	  " FROM address_bounces WHERE email ="
	  " (SELECT lower(trim(email)) FROM clients WHERE id = ?1)",
	  bounce_columns, COUNT(bounce_columns) },
};

int
cks_privacy_export(struct cks_store *store, const struct cks_config *config,
		   int64_t client_id, json_t **json_out, struct cks_error *err)
{
	struct cks_client *client = NULL;
	json_t *out, *profile = NULL;
	char now[40];

	*json_out = NULL;
	if (cks_client_get(store, client_id, &client, err) < 0)
		return -1;
	if (cks_client_describe(store, client, config->client_levels, &profile,
				err) < 0) {
		cks_client_free(&client);
		return -1;
	}
	cks_client_free(&client);
	cks_time_format_iso(cks_now_ms(), now, sizeof(now));
	out = json_pack("{ss so}", "exported_at", now, "client", profile);
	if (out == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	for (size_t i = 0; i < COUNT(sections); i++) {
		json_t *list;

		if (listing(store, sections[i].sql, client_id, sections[i].columns,
		    sections[i].count, &list, err) < 0) {
			json_decref(out);
			return -1;
		}
		json_object_set_new(out, sections[i].name, list);
	}
	*json_out = out;
	return 0;
}

/* --- erasure ----------------------------------------------------------------- */

/* Runs one statement with the client's id as ?1, the time as ?2 and, as
 * ?3, the empty blob an erased body becomes (a parameter: SQLite writes
 * it X'', PostgreSQL '\x'); *changes (may be NULL) gets the rows it
 * changed. */
static int
run(struct cks_store *store, const char *sql, int64_t client_id, int64_t now,
    int64_t *changes, struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store, sql, err);
	int rc;

	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, client_id);
	if (cks_stmt_param_count(stmt) >= 2)
		cks_stmt_bind_int64(stmt, 2, now);
	if (cks_stmt_param_count(stmt) >= 3)
		cks_stmt_bind_blob(stmt, 3, "", 0, CKS_STMT_STATIC);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE)
		return cks_store_fail(store, "erase", err);
	if (changes != NULL)
		*changes = cks_store_changes(store);
	return 0;
}

/* Runs one statement without parameters. */
static int
run_plain(struct cks_store *store, const char *sql, int64_t *changes,
	  struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store, sql, err);
	int rc;

	if (stmt == NULL)
		return -1;
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE)
		return cks_store_fail(store, "erase", err);
	*changes = cks_store_changes(store);
	return 0;
}

/* The comment taken out of each webhook payload of the client's sessions
 * (a delivery not yet made would POST it); the JSON is edited in C, not
 * with an SQL JSON function, so that both backends run it. */
static int
scrub_events(struct cks_store *store, int64_t client_id,
	     struct cks_error *err)
{
	struct cks_stmt *read = cks_store_prepare(store, "SELECT id, payload"
	    " FROM events WHERE session_id IN " SESSIONS, err);
	struct cks_stmt *write;
	int rc;

	if (read == NULL)
		return -1;
	write = cks_store_prepare(store, "UPDATE events SET payload = ?"
	    " WHERE id = ?", err);
	if (write == NULL) {
		cks_stmt_finalize(read);
		return -1;
	}
	cks_stmt_bind_int64(read, 1, client_id);
	while ((rc = cks_stmt_step(read)) == CKS_STMT_ROW) {
		const char *payload = (const char *)cks_stmt_column_text(read, 1);
		json_t *j = payload ? json_loads(payload, 0, NULL) : NULL;
		char *text;

		if (j == NULL)
			continue;
		if (json_object_get(j, "comment") != NULL)
			json_object_set_new(j, "comment", json_null());
		text = json_dumps(j, JSON_COMPACT);
		json_decref(j);
		if (text == NULL) {
			rc = CKS_STMT_ERROR;
			break;
		}
		cks_stmt_bind_text(write, 1, text, -1, CKS_STMT_TRANSIENT);
		cks_stmt_bind_int64(write, 2, cks_stmt_column_int64(read, 0));
		free(text);
		if (cks_stmt_step(write) != CKS_STMT_DONE) {
			rc = CKS_STMT_ERROR;
			break;
		}
		cks_stmt_reset(write);
	}
	cks_stmt_finalize(read);
	cks_stmt_finalize(write);
	if (rc != CKS_STMT_DONE)
		return cks_store_fail(store, "erase rating events", err);
	return 0;
}

int
cks_privacy_erase(struct cks_store *store, int64_t client_id,
		  struct cks_privacy_counts *c, struct cks_error *err)
{
	struct cks_client *client = NULL;
	struct cks_privacy_counts counts = { 0 };
	int64_t now = cks_now_ms(), ignored;
	struct cks_stmt *stmt;
	int erased;

	if (c != NULL)
		memset(c, 0, sizeof(*c));
	if (cks_store_begin(store, err) < 0)
		return -1;
	if (cks_client_get(store, client_id, &client, err) < 0)
		goto fail;
	cks_client_free(&client);
	stmt = cks_store_prepare(store, "SELECT anonymised_at IS NOT NULL"
	    " FROM clients WHERE id = ?", err);
	if (stmt == NULL)
		goto fail;
	cks_stmt_bind_int64(stmt, 1, client_id);
	erased = cks_stmt_step(stmt) == CKS_STMT_ROW && cks_stmt_column_int(stmt, 0);
	cks_stmt_finalize(stmt);
	if (erased) {
		cks_error_set(err, CKS_ERROR_CONFLICT, "client %lld was erased "
		    "already", (long long)client_id);
		goto fail;
	}
	/* The order matters: inbound mail and bounces are found by the
	 * address and number, so they go before the profile. */
	if (run(store, "UPDATE inbound_messages SET raw = ?3, raw_purged_at ="
	    " coalesce(raw_purged_at, ?2), sender = NULL, first_line = NULL,"
	    " comment = NULL, detail = NULL, candidates = NULL, message_id = NULL,"
	    " source = CASE WHEN source LIKE 'sms:%' THEN 'sms:' ELSE source END,"
	    " source_ref = NULL WHERE" INBOUND_OF_CLIENT,
	    client_id, now, &counts.inbound, err) < 0 ||
	    run(store, "DELETE FROM address_bounces WHERE email ="
	    " (SELECT lower(trim(email)) FROM clients WHERE id = ?1)",
	    client_id, now, &ignored, err) < 0 ||
	    run(store, "DELETE FROM client_history WHERE client_id = ?1",
	    client_id, now, &counts.history, err) < 0 ||
	    run(store, "UPDATE sessions SET summary = NULL WHERE client_id = ?1",
	    client_id, now, &counts.sessions, err) < 0 ||
	    /* The client's files are emptied and marked, their items
	     * deleted, then the marked files no item refers to. */
	    run(store, "UPDATE attachments SET data = ?3, sha256 = 'erased'"
	    " WHERE id IN (SELECT attachment_id FROM basket_items"
	    " WHERE session_id IN " SESSIONS ")",
	    client_id, now, &ignored, err) < 0 ||
	    run(store, "DELETE FROM basket_items WHERE session_id IN " SESSIONS,
	    client_id, now, &counts.basket_items, err) < 0 ||
	    run_plain(store, "DELETE FROM attachments WHERE sha256 = 'erased'"
	    " AND NOT EXISTS (SELECT 1 FROM basket_items i"
	    " WHERE i.attachment_id = attachments.id)",
	    &counts.attachments, err) < 0 ||
	    run(store, "UPDATE messages SET state = 'cancelled' WHERE session_id IN "
	    SESSIONS " AND state IN ('queued', 'deferred')",
	    client_id, now, &counts.cancelled, err) < 0 ||
	    run(store, "UPDATE message_bodies SET body = ?3 WHERE message IN"
	    " (SELECT id FROM messages WHERE session_id IN " SESSIONS ")",
	    client_id, now, &counts.messages, err) < 0 ||
	    run(store, "UPDATE message_attempts SET reply = NULL WHERE message IN"
	    " (SELECT id FROM messages WHERE session_id IN " SESSIONS ")",
	    client_id, now, &ignored, err) < 0 ||
	    /* bounce stays set where it was: the report counts bounces. */
	    run(store, "UPDATE messages SET recipient = '(erased)',"
	    " subject = '(erased)', last_reply = NULL, bounce_override = NULL,"
	    " unconfirmed_reason = NULL, bounce = CASE WHEN bounce IS NULL"
	    " THEN NULL ELSE '(erased)' END WHERE session_id IN " SESSIONS,
	    client_id, now, &ignored, err) < 0 ||
	    run(store, "UPDATE ratings SET comment = NULL WHERE session_id IN "
	    SESSIONS, client_id, now, &counts.ratings, err) < 0 ||
	    run(store, "UPDATE rating_revisions SET comment = NULL WHERE"
	    " session_id IN " SESSIONS, client_id, now, &ignored, err) < 0 ||
	    scrub_events(store, client_id, err) < 0 ||
	    run(store, "UPDATE clients SET name = '(erased)', company = NULL,"
	    " email = NULL, phone = NULL, phone_e164 = NULL, level = NULL,"
	    " consent_note = NULL, undeliverable = NULL, anonymised_at = ?2,"
	    " updated_at = ?2 WHERE id = ?1", client_id, now, &ignored, err) < 0)
		goto fail;
	if (cks_store_commit(store, err) < 0)
		return -1;
	if (c != NULL)
		*c = counts;
	return 0;
fail:
	cks_store_rollback(store);
	return -1;
}
