#include "autoconfig.h"

#include <stdio.h>
#include <string.h>

#include "client.h"
#include "clock.h"
#include "followup.h"
#include "json_value.h"

static const char *
text(struct cks_stmt *stmt, int column)
{
	return (const char *)cks_stmt_column_text(stmt, column);
}

int
cks_followup_list(struct cks_store *store, size_t limit, json_t **list_out,
		  struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store,
	    "SELECT r.session_id, s.channel, c.id, c.name, c.email, c.phone,"
	    " s.agent, r.code, r.label_th, r.label_en, r.comment, r.recorded_at,"
	    " r.contacted_at, r.contacted_by, r.contact_note"
	    " FROM ratings r JOIN sessions s ON s.id = r.session_id"
	    " JOIN clients c ON c.id = s.client_id"
	    " WHERE r.satisfied = 0 ORDER BY r.recorded_at DESC, r.session_id DESC"
	    " LIMIT ?", err);
	json_t *list;
	int rc;

	*list_out = NULL;
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, (int64_t)(limit ? limit : 200));
	list = json_array();
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW)
		json_array_append_new(list, json_pack(
		    "{sI ss s{sI ss so so} ss si ss ss so so so}",
		    "session", (json_int_t)cks_stmt_column_int64(stmt, 0),
		    "channel", text(stmt, 1),
		    "client", "id", (json_int_t)cks_stmt_column_int64(stmt, 2),
		    "name", text(stmt, 3),
		    "email", cks_json_string_or_null(text(stmt, 4)),
		    "phone", cks_json_string_or_null(text(stmt, 5)),
		    "agent", text(stmt, 6),
		    "code", cks_stmt_column_int(stmt, 7),
		    "label_th", text(stmt, 8),
		    "label_en", text(stmt, 9),
		    "comment", cks_json_string_or_null(text(stmt, 10)),
		    "recorded_at", cks_json_time_or_null(
			cks_stmt_column_int64(stmt, 11)),
		    "contacted", cks_stmt_column_is_null(stmt, 12) ? json_null()
			: json_pack("{so ss so}", "at", cks_json_time_or_null(
			    cks_stmt_column_int64(stmt, 12)),
			    "by", text(stmt, 13) ? text(stmt, 13) : "",
			    "note", cks_json_string_or_null(text(stmt, 14)))));
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		json_decref(list);
		return cks_store_fail(store, "list not-satisfied ratings", err);
	}
	*list_out = list;
	return 0;
}

int
cks_followup_contacted(struct cks_store *store, int64_t session_id,
		       const char *by, const char *note, struct cks_error *err)
{
	struct cks_stmt *stmt;
	int rc, satisfied = -1;

	if (note != NULL && note[0] != '\0' &&
	    cks_check_text(note, "note", 2000, err) < 0)
		return -1;
	if (cks_store_begin(store, err) < 0)
		return -1;
	stmt = cks_store_prepare(store,
	    "SELECT satisfied FROM ratings WHERE session_id = ?", err);
	if (stmt == NULL)
		goto fail;
	cks_stmt_bind_int64(stmt, 1, session_id);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW)
		satisfied = cks_stmt_column_int(stmt, 0);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_ROW && rc != CKS_STMT_DONE) {
		cks_store_fail(store, "read rating", err);
		goto fail;
	}
	if (satisfied < 0) {
		cks_error_set(err, CKS_ERROR_NOT_FOUND, "session %lld has no "
		    "rating", (long long)session_id);
		goto fail;
	}
	if (satisfied) {
		cks_error_set(err, CKS_ERROR_CONFLICT, "session %lld was rated "
		    "satisfied: nothing to follow up", (long long)session_id);
		goto fail;
	}
	stmt = cks_store_prepare(store, "UPDATE ratings SET contacted_at = ?,"
	    " contacted_by = ?, contact_note = ? WHERE session_id = ?", err);
	if (stmt == NULL)
		goto fail;
	cks_stmt_bind_int64(stmt, 1, cks_now_ms());
	cks_stmt_bind_text(stmt, 2, by, -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(stmt, 3, note != NULL && note[0] ? note : NULL, -1,
	    CKS_STMT_STATIC);
	cks_stmt_bind_int64(stmt, 4, session_id);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(store, "record the follow-up", err);
		goto fail;
	}
	return cks_store_commit(store, err);
fail:
	cks_store_rollback(store);
	return -1;
}
