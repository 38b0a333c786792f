#include "autoconfig.h"

#include "clock.h"
#include "fetch_seen.h"

int
cks_fetch_seen(struct cks_store *store, const char *source, const char *ref,
		int *seen, struct cks_error *err)
{
	struct cks_stmt *st = cks_store_prepare(store,
	    "SELECT 1 FROM intake_seen WHERE source = ?1 AND ref = ?2", err);
	int r;

	if (st == NULL)
		return -1;
	cks_stmt_bind_text(st, 1, source, -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(st, 2, ref, -1, CKS_STMT_STATIC);
	r = cks_stmt_step(st);
	cks_stmt_finalize(st);
	if (r != CKS_STMT_ROW && r != CKS_STMT_DONE)
		return cks_store_fail(store, "intake_seen", err);
	*seen = r == CKS_STMT_ROW;
	return 0;
}

/* sql with ?1 = source, ?2 = text and ?3 (if used) = now, in a
 * transaction of its own. */
static int
change(struct cks_store *store, const char *sql, const char *source,
       const char *text, struct cks_error *err)
{
	struct cks_stmt *st;
	int r;

	if (cks_store_begin(store, err) < 0)
		return -1;
	st = cks_store_prepare(store, sql, err);
	if (st == NULL) {
		cks_store_rollback(store);
		return -1;
	}
	cks_stmt_bind_text(st, 1, source, -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(st, 2, text, -1, CKS_STMT_STATIC);
	if (cks_stmt_param_count(st) >= 3)
		cks_stmt_bind_int64(st, 3, cks_now_ms());
	r = cks_stmt_step(st);
	cks_stmt_finalize(st);
	if (r != CKS_STMT_DONE) {
		cks_store_fail(store, "intake_seen", err);
		cks_store_rollback(store);
		return -1;
	}
	return cks_store_commit(store, err);
}

int
cks_fetch_remember(struct cks_store *store, const char *source,
		    const char *ref, struct cks_error *err)
{
	return change(store, "INSERT INTO intake_seen (source, ref, at)"
	    " VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING", source, ref, err);
}

int
cks_fetch_forget_except(struct cks_store *store, const char *source,
			 const char *prefix, struct cks_error *err)
{
	return change(store, "DELETE FROM intake_seen WHERE source = ?1 AND"
	    " substr(ref, 1, length(?2)) <> ?2", source, prefix, err);
}
