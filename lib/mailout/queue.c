#include "autoconfig.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "json_value.h"
#include "lease.h"
#include "queue.h"
#include "bounce.h"
#include "smtp.h"

const char *const cks_queue_states[] = {
	"queued", "sending", "sent", "deferred", "failed", "cancelled", NULL,
};

int
cks_queue_state_known(const char *state)
{
	for (size_t i = 0; cks_queue_states[i] != NULL; i++)
		if (strcmp(cks_queue_states[i], state) == 0)
			return 1;
	return 0;
}

static int
insert_message(struct cks_store *store, const struct cks_queue_new *m,
	       int64_t *id_out, struct cks_error *err)
{
	int64_t now = cks_now_ms();
	struct cks_stmt *stmt = cks_store_prepare(store,
	    "INSERT INTO messages (kind, session_id, sender, recipient, message_id,"
	    " subject, size, state, created_at, next_attempt_at,"
	    " unconfirmed_reason, bounce_override, medium, sms_parts)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?)",
	    err);
	int rc;

	if (stmt == NULL)
		return -1;
	cks_stmt_bind_text(stmt, 1, m->kind, -1, CKS_STMT_STATIC);
	if (m->session_id > 0)
		cks_stmt_bind_int64(stmt, 2, m->session_id);
	cks_stmt_bind_text(stmt, 3, m->sender, -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(stmt, 4, m->recipient, -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(stmt, 5, m->message_id, -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(stmt, 6, m->subject, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(stmt, 7, (int64_t)m->size);
	cks_stmt_bind_int64(stmt, 8, now);
	cks_stmt_bind_int64(stmt, 9, now);
	cks_stmt_bind_text(stmt, 10, m->unconfirmed_reason, -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(stmt, 11, m->bounce_override, -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(stmt, 12, m->medium ? m->medium : "email", -1,
	    CKS_STMT_STATIC);
	if (m->sms_parts > 0)
		cks_stmt_bind_int(stmt, 13, m->sms_parts);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE)
		return cks_store_fail(store, "queue message", err);
	*id_out = cks_store_last_insert_id(store);
	stmt = cks_store_prepare(store,
	    "INSERT INTO message_bodies (message, body) VALUES (?, ?)", err);
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, *id_out);
	cks_stmt_bind_blob(stmt, 2, m->body, m->size, CKS_STMT_STATIC);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE)
		return cks_store_fail(store, "queue message body", err);
	return 0;
}

int
cks_queue_add(struct cks_store *store, const struct cks_queue_new *m,
	      int64_t *id_out, struct cks_error *err)
{
	/* The message and its body, both or neither. */
	if (cks_store_begin(store, err) < 0)
		return -1;
	if (insert_message(store, m, id_out, err) < 0 ||
	    cks_store_notify(store, "queue", err) < 0) {
		cks_store_rollback(store);
		return -1;
	}
	return cks_store_commit(store, err);
}

#define ENTRY_COLUMNS \
	"id, kind, coalesce(session_id, 0), sender, recipient, message_id," \
	" subject, state, created_at, next_attempt_at, coalesce(sent_at, 0)," \
	" attempts, coalesce(last_code, 0), last_reply, unconfirmed_reason," \
	" size, bounce, bounce_override, medium, coalesce(sms_parts, 0)," \
	" dlr_status, coalesce(dlr_at, 0), sent_by, claimed_by"

static struct cks_queue_entry *
entry_from_row(struct cks_stmt *stmt)
{
	struct cks_queue_entry *e = calloc(1, sizeof(*e));

	if (e == NULL)
		return NULL;
	e->id = cks_stmt_column_int64(stmt, 0);
	e->kind = cks_store_column_strdup(stmt, 1);
	e->session_id = cks_stmt_column_int64(stmt, 2);
	e->sender = cks_store_column_strdup(stmt, 3);
	e->recipient = cks_store_column_strdup(stmt, 4);
	e->message_id = cks_store_column_strdup(stmt, 5);
	e->subject = cks_store_column_strdup(stmt, 6);
	e->state = cks_store_column_strdup(stmt, 7);
	e->created_ms = cks_stmt_column_int64(stmt, 8);
	e->next_attempt_ms = cks_stmt_column_int64(stmt, 9);
	e->sent_ms = cks_stmt_column_int64(stmt, 10);
	e->attempts = cks_stmt_column_int(stmt, 11);
	e->last_code = cks_stmt_column_int(stmt, 12);
	e->last_reply = cks_store_column_strdup(stmt, 13);
	e->unconfirmed_reason = cks_store_column_strdup(stmt, 14);
	e->size = (size_t)cks_stmt_column_int64(stmt, 15);
	e->bounce = cks_store_column_strdup(stmt, 16);
	e->bounce_override = cks_store_column_strdup(stmt, 17);
	e->medium = cks_store_column_strdup(stmt, 18);
	e->sms_parts = cks_stmt_column_int(stmt, 19);
	e->dlr_status = cks_store_column_strdup(stmt, 20);
	e->dlr_ms = cks_stmt_column_int64(stmt, 21);
	e->sent_by = cks_store_column_strdup(stmt, 22);
	e->claimed_by = cks_store_column_strdup(stmt, 23);
	if (!e->medium || !e->kind || !e->sender || !e->recipient || !e->message_id ||
	    !e->subject || !e->state)
		cks_queue_entry_free(&e);
	return e;
}

static int
load_history(struct cks_store *store, struct cks_queue_entry *e,
	     struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store,
	    "SELECT at, relay, result, coalesce(code, 0), reply, claimant"
	    " FROM message_attempts WHERE message = ? ORDER BY id", err);
	int rc;

	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, e->id);
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW) {
		struct cks_queue_attempt *grown = realloc(e->history,
		    (e->history_count + 1) * sizeof(*grown));

		if (grown == NULL) {
			rc = CKS_STMT_NOMEM;
			break;
		}
		e->history = grown;
		grown[e->history_count].at_ms = cks_stmt_column_int64(stmt, 0);
		grown[e->history_count].relay = cks_store_column_strdup(stmt, 1);
		grown[e->history_count].result = cks_store_column_strdup(stmt, 2);
		grown[e->history_count].code = cks_stmt_column_int(stmt, 3);
		grown[e->history_count].reply = cks_store_column_strdup(stmt, 4);
		grown[e->history_count].claimant = cks_store_column_strdup(stmt, 5);
		e->history_count++;
	}
	cks_stmt_finalize(stmt);
	if (rc == CKS_STMT_NOMEM)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	return rc == CKS_STMT_DONE ? 0 : cks_store_fail(store, "read attempts", err);
}

int
cks_queue_get(struct cks_store *store, int64_t id, int with_body,
	      struct cks_queue_entry **entry_out, struct cks_error *err)
{
	struct cks_queue_entry *e = NULL;
	struct cks_stmt *stmt;
	int rc;

	*entry_out = NULL;
	stmt = cks_store_prepare(store, "SELECT " ENTRY_COLUMNS ", (SELECT body"
	    " FROM message_bodies WHERE message = messages.id)"
	    " FROM messages WHERE id = ?", err);
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, id);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW && (e = entry_from_row(stmt)) != NULL && with_body) {
		size_t stored = (size_t)cks_stmt_column_bytes(stmt, 24);

		e->size = stored;
		e->body = malloc(stored + 1);
		if (e->body != NULL) {
			if (stored > 0)
				memcpy(e->body, cks_stmt_column_blob(stmt, 24), stored);
			e->body[stored] = '\0';
		} else {
			cks_queue_entry_free(&e);
		}
	}
	cks_stmt_finalize(stmt);
	if (rc == CKS_STMT_DONE)
		return cks_error_set(err, CKS_ERROR_NOT_FOUND,
		    "no queued message with id %lld", (long long)id);
	if (rc != CKS_STMT_ROW)
		return cks_store_fail(store, "read message", err);
	if (e == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	if (load_history(store, e, err) < 0) {
		cks_queue_entry_free(&e);
		return -1;
	}
	{
		struct cks_bounce b;
		int found = cks_bounce_get(store, e->recipient, &b, err);

		if (found < 0 || (found > 0 &&
		    (e->address_bounce = malloc(sizeof(b))) == NULL)) {
			cks_queue_entry_free(&e);
			return found < 0 ? -1 : cks_error_set(err,
			    CKS_ERROR_INTERNAL, "out of memory");
		}
		if (found > 0)
			*e->address_bounce = b;
	}
	*entry_out = e;
	return 0;
}

int
cks_queue_list(struct cks_store *store, const char *state, size_t limit,
	       struct cks_queue_entry ***entries_out, size_t *count_out,
	       struct cks_error *err)
{
	struct cks_queue_entry **list = NULL;
	size_t count = 0;
	struct cks_stmt *stmt;
	int rc;

	*entries_out = NULL;
	*count_out = 0;
	stmt = cks_store_prepare(store, "SELECT " ENTRY_COLUMNS " FROM messages"
	    " WHERE ?1 IS NULL OR state = ?1 ORDER BY id DESC LIMIT ?2", err);
	if (stmt == NULL)
		return -1;
	if (state != NULL)
		cks_stmt_bind_text(stmt, 1, state, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(stmt, 2, limit ? (int64_t)limit : 100);
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW) {
		struct cks_queue_entry **grown = realloc(list, (count + 1) * sizeof(*list));

		if (grown == NULL || (grown[count] = entry_from_row(stmt)) == NULL) {
			list = grown ? grown : list;
			rc = CKS_STMT_NOMEM;
			break;
		}
		list = grown;
		count++;
	}
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		cks_queue_list_free(&list, count);
		if (rc == CKS_STMT_NOMEM)
			return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		return cks_store_fail(store, "list queue", err);
	}
	*entries_out = list;
	*count_out = count;
	return 0;
}

/* Moves a message from one of the allowed states to a new one. */
static int
change_state(struct cks_store *store, int64_t id, const char *allowed,
	     const char *new_state, const char *verb, struct cks_error *err)
{
	struct cks_queue_entry *e = NULL;
	struct cks_stmt *stmt;
	int rc;

	if (cks_store_begin(store, err) < 0)
		return -1;
	if (cks_queue_get(store, id, 0, &e, err) < 0)
		goto fail;
	if (strcmp(new_state, "queued") == 0 &&
	    strcmp(e->recipient, "(erased)") == 0) {
		cks_error_set(err, CKS_ERROR_CONFLICT, "message %lld belongs to "
		    "an erased client: it has no body or recipient any more",
		    (long long)id);
		goto fail;
	}
	if (strstr(allowed, e->state) == NULL) {
		cks_error_set(err, CKS_ERROR_CONFLICT,
		    "message %lld is %s: only a %s message can be %s",
		    (long long)id, e->state, allowed, verb);
		goto fail;
	}
	stmt = cks_store_prepare(store, "UPDATE messages SET state = ?,"
	    " next_attempt_at = ? WHERE id = ?", err);
	if (stmt == NULL)
		goto fail;
	cks_stmt_bind_text(stmt, 1, new_state, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(stmt, 2, cks_now_ms());
	cks_stmt_bind_int64(stmt, 3, id);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(store, "update message", err);
		goto fail;
	}
	cks_queue_entry_free(&e);
	return cks_store_commit(store, err);
fail:
	cks_queue_entry_free(&e);
	cks_store_rollback(store);
	return -1;
}

int
cks_queue_retry(struct cks_store *store, int64_t id, struct cks_error *err)
{
	return change_state(store, id, "deferred or failed", "queued", "retried",
	    err);
}

int
cks_queue_cancel(struct cks_store *store, int64_t id, struct cks_error *err)
{
	return change_state(store, id, "queued or deferred", "cancelled",
	    "cancelled", err);
}

json_t *
cks_queue_entry_to_json(const struct cks_queue_entry *e)
{
	json_t *history = json_array();

	for (size_t i = 0; i < e->history_count; i++)
		json_array_append_new(history, json_pack("{so ss ss so so so}",
		    "at", cks_json_time_or_null(e->history[i].at_ms),
		    "relay", e->history[i].relay ? e->history[i].relay : "",
		    "result", e->history[i].result ? e->history[i].result : "",
		    "code", e->history[i].code ? json_integer(e->history[i].code)
			: json_null(),
		    "reply", cks_json_string_or_null(e->history[i].reply),
		    "claimant", cks_json_string_or_null(e->history[i].claimant)));
	return json_pack("{sI ss so ss ss ss ss ss so so so si so so so so so so"
	    " sI so ss so so so so so}",
	    "id", (json_int_t)e->id,
	    "kind", e->kind,
	    "session", e->session_id ? json_integer(e->session_id) : json_null(),
	    "sender", e->sender,
	    "recipient", e->recipient,
	    "message_id", e->message_id,
	    "subject", e->subject,
	    "state", e->state,
	    "created", cks_json_time_or_null(e->created_ms),
	    "next_attempt", strcmp(e->state, "queued") == 0 ||
		strcmp(e->state, "deferred") == 0
		? cks_json_time_or_null(e->next_attempt_ms) : json_null(),
	    "sent", cks_json_time_or_null(e->sent_ms),
	    "attempts", e->attempts,
	    "last_code", e->last_code ? json_integer(e->last_code) : json_null(),
	    "last_reply", cks_json_string_or_null(e->last_reply),
	    "unconfirmed_reason", cks_json_string_or_null(e->unconfirmed_reason),
	    "bounce", cks_json_string_or_null(e->bounce),
	    "bounce_override", cks_json_string_or_null(e->bounce_override),
	    "address_bounce", e->address_bounce ?
		cks_bounce_to_json(e->address_bounce) : json_null(),
	    "size", (json_int_t)e->size,
	    "history", history,
	    "medium", e->medium,
	    "sms_parts", e->sms_parts ? json_integer(e->sms_parts) : json_null(),
	    "dlr", cks_json_string_or_null(e->dlr_status),
	    "dlr_at", cks_json_time_or_null(e->dlr_ms),
	    "sent_by", cks_json_string_or_null(e->sent_by),
	    "claimed_by", strcmp(e->state, "sending") == 0
		? cks_json_string_or_null(e->claimed_by) : json_null());
}

void
cks_queue_entry_free(struct cks_queue_entry **entry)
{
	struct cks_queue_entry *e = *entry;

	if (e == NULL)
		return;
	for (size_t i = 0; i < e->history_count; i++) {
		free(e->history[i].relay);
		free(e->history[i].result);
		free(e->history[i].reply);
		free(e->history[i].claimant);
	}
	free(e->history);
	free(e->kind);
	free(e->sender);
	free(e->recipient);
	free(e->message_id);
	free(e->subject);
	free(e->state);
	free(e->last_reply);
	free(e->unconfirmed_reason);
	free(e->bounce);
	free(e->bounce_override);
	free(e->medium);
	free(e->dlr_status);
	free(e->sent_by);
	free(e->claimed_by);
	free(e->address_bounce);
	free(e->body);
	free(e);
	*entry = NULL;
}

void
cks_queue_list_free(struct cks_queue_entry ***entries, size_t count)
{
	if (*entries == NULL)
		return;
	for (size_t i = 0; i < count; i++)
		cks_queue_entry_free(&(*entries)[i]);
	free(*entries);
	*entries = NULL;
}

int
cks_queue_tally_states(struct cks_store *store,
		       struct cks_tally tally[CKS_QUEUE_STATES],
		       struct cks_error *err)
{
	for (size_t i = 0; i < CKS_QUEUE_STATES; i++)
		tally[i].label = cks_queue_states[i];
	return cks_store_tally(store, "SELECT state, count(*) FROM messages"
	    " GROUP BY state", tally, CKS_QUEUE_STATES, err);
}

int
cks_queue_tally_attempts(struct cks_store *store,
			 struct cks_tally tally[CKS_QUEUE_RESULTS],
			 struct cks_error *err)
{
	static const char *const results[CKS_QUEUE_RESULTS] = {
		"sent", "deferred", "failed",
	};

	for (size_t i = 0; i < CKS_QUEUE_RESULTS; i++)
		tally[i].label = results[i];
	return cks_store_tally(store, "SELECT result, count(*)"
	    " FROM message_attempts GROUP BY result", tally, CKS_QUEUE_RESULTS,
	    err);
}
