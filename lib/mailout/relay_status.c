#include "autoconfig.h"

#include "relay_status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"

static int
upsert(struct cks_store *store, const char *relay, int ok, const char *setting,
       const char *reason, long size_limit, struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store,
	    "INSERT INTO relay_status (relay, checked_at, ok, setting, reason,"
	    " size_limit) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	    " ON CONFLICT (relay) DO UPDATE SET checked_at = ?2, ok = ?3,"
	    " setting = ?4, reason = ?5,"
	    " size_limit = coalesce(?6, relay_status.size_limit)", err);
	int rc;

	if (stmt == NULL)
		return -1;
	cks_stmt_bind_text(stmt, 1, relay, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(stmt, 2, cks_now_ms());
	cks_stmt_bind_int(stmt, 3, ok ? 1 : 0);
	if (setting != NULL)
		cks_stmt_bind_text(stmt, 4, setting, -1, CKS_STMT_STATIC);
	if (reason != NULL && reason[0] != '\0')
		cks_stmt_bind_text(stmt, 5, reason, -1, CKS_STMT_STATIC);
	if (size_limit >= 0)
		cks_stmt_bind_int64(stmt, 6, size_limit);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE)
		return cks_store_fail(store, "record relay status", err);
	return 0;
}

int
cks_relay_status_record(struct cks_store *store, const char *relay, int ok,
			const char *setting, const char *reason,
			long size_limit, struct cks_error *err)
{
	if (cks_store_begin(store, err) < 0)
		return -1;
	if (upsert(store, relay, ok, setting, reason, size_limit, err) < 0) {
		cks_store_rollback(store);
		return -1;
	}
	return cks_store_commit(store, err);
}

static void
copy_column(struct cks_stmt *stmt, int column, char *dst, size_t size)
{
	const unsigned char *text = cks_stmt_column_text(stmt, column);

	snprintf(dst, size, "%s", text != NULL ? (const char *)text : "");
}

/* One row of COLUMNS; a NULL size_limit is -1, a NULL setting "". */
static void
fill_row(struct cks_stmt *stmt, struct cks_relay_status *status)
{
	memset(status, 0, sizeof(*status));
	copy_column(stmt, 0, status->relay, sizeof(status->relay));
	status->checked_ms = cks_stmt_column_int64(stmt, 1);
	status->ok = cks_stmt_column_int(stmt, 2);
	copy_column(stmt, 3, status->setting, sizeof(status->setting));
	copy_column(stmt, 4, status->reason, sizeof(status->reason));
	status->size_limit = !cks_stmt_column_is_null(stmt, 5)
	    ? (long)cks_stmt_column_int64(stmt, 5) : -1;
}

static int
read_row(struct cks_store *store, struct cks_stmt *stmt,
	 struct cks_relay_status *status, int *found, struct cks_error *err)
{
	int rc = cks_stmt_step(stmt);

	memset(status, 0, sizeof(*status));
	status->size_limit = -1;
	*found = 0;
	if (rc == CKS_STMT_ROW) {
		fill_row(stmt, status);
		*found = 1;
		rc = CKS_STMT_DONE;
	}
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE)
		return cks_store_fail(store, "read relay status", err);
	return 0;
}

#define COLUMNS "relay, checked_at, ok, setting, reason, size_limit"

int
cks_relay_status_get(struct cks_store *store, const char *relay,
		     struct cks_relay_status *status, int *found,
		     struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store,
	    "SELECT " COLUMNS " FROM relay_status WHERE relay = ?", err);

	if (stmt == NULL)
		return -1;
	cks_stmt_bind_text(stmt, 1, relay, -1, CKS_STMT_STATIC);
	return read_row(store, stmt, status, found, err);
}

int
cks_relay_status_first_fault(struct cks_store *store,
			     struct cks_relay_status *status, int *found,
			     struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store,
	    "SELECT " COLUMNS " FROM relay_status WHERE ok = 0"
	    " ORDER BY checked_at DESC LIMIT 1", err);

	if (stmt == NULL)
		return -1;
	return read_row(store, stmt, status, found, err);
}

int
cks_relay_status_list(struct cks_store *store,
		      struct cks_relay_status **list_out, size_t *count_out,
		      struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store,
	    "SELECT " COLUMNS " FROM relay_status ORDER BY relay", err);
	struct cks_relay_status *list = NULL;
	size_t count = 0;
	int rc;

	*list_out = NULL;
	*count_out = 0;
	if (stmt == NULL)
		return -1;
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW) {
		struct cks_relay_status *grown = realloc(list,
		    (count + 1) * sizeof(*list));

		if (grown == NULL) {
			cks_stmt_finalize(stmt);
			free(list);
			return cks_error_set(err, CKS_ERROR_INTERNAL,
			    "out of memory");
		}
		list = grown;
		fill_row(stmt, &list[count++]);
	}
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		free(list);
		return cks_store_fail(store, "read relay status", err);
	}
	*list_out = list;
	*count_out = count;
	return 0;
}
