#include "autoconfig.h"

#include "survey_bulk.h"

#include <string.h>

/* The next page of sessions closed in [?1, ?2) without an invitation,
 * after (closed_at, id) = (?3, ?4), by the sessions_closed index. */
static const char page_sql[] =
	"SELECT s.id, s.closed_at FROM sessions s"
	" WHERE s.closed_at >= ?1 AND s.closed_at < ?2"
	" AND (s.closed_at > ?3 OR (s.closed_at = ?3 AND s.id > ?4))"
	" AND NOT EXISTS (SELECT 1 FROM survey_invitations i"
	"  WHERE i.session_id = s.id)"
	" ORDER BY s.closed_at, s.id LIMIT ?5";

struct cursor {
	int64_t closed_ms;
	int64_t id;
};

static int
next_page(const struct cks_outbound *out, int64_t from_ms, int64_t to_ms,
	  struct cursor *after, int64_t *ids, size_t *n_out,
	  struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(out->store, page_sql, err);
	size_t n = 0;
	int rc;

	*n_out = 0;
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, from_ms);
	cks_stmt_bind_int64(stmt, 2, to_ms);
	cks_stmt_bind_int64(stmt, 3, after->closed_ms);
	cks_stmt_bind_int64(stmt, 4, after->id);
	cks_stmt_bind_int64(stmt, 5, CKS_SURVEY_BULK_PAGE);
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW &&
	    n < CKS_SURVEY_BULK_PAGE) {
		ids[n++] = cks_stmt_column_int64(stmt, 0);
		after->id = ids[n - 1];
		after->closed_ms = cks_stmt_column_int64(stmt, 1);
	}
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE && rc != CKS_STMT_ROW)
		return cks_store_fail(out->store, "find closed sessions", err);
	*n_out = n;
	return 0;
}

/* One page in one transaction: each invitation nested in it (a refused
 * one rolls back alone), one durable commit for the page. */
static int
invite_page(const struct cks_outbound *out, const int64_t *ids, size_t n,
	    cks_survey_bulk_skip_fn on_skip, void *arg,
	    struct cks_survey_bulk_result *page, struct cks_error *err)
{
	memset(page, 0, sizeof(*page));
	if (cks_store_begin(out->store, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct cks_error one;
		char token[32];
		int64_t queue_id;
		int existing;

		if (cks_compose_survey_send(out, ids[i], &queue_id, token,
		    sizeof(token), &existing, &one) == 0) {
			/* (existing: another process invited it since the
			 * page was read; nothing new was queued.) */
			page->found++;
			page->queued += !existing;
			continue;
		}
		if (CKS_ERROR_IS_TEMPORARY(one.kind) ||
		    one.kind == CKS_ERROR_INTERNAL) {
			cks_store_rollback(out->store);
			*err = one;
			return -1;
		}
		page->found++;
		page->skipped++;
		if (on_skip != NULL)
			on_skip(ids[i], &one, arg);
	}
	return cks_store_commit(out->store, err);
}

int
cks_survey_invite_closed(const struct cks_outbound *out, int64_t from_ms,
			 int64_t to_ms, int dry_run,
			 cks_survey_bulk_skip_fn on_skip, void *arg,
			 struct cks_survey_bulk_result *result,
			 struct cks_error *err)
{
	int64_t ids[CKS_SURVEY_BULK_PAGE];
	struct cursor after = { INT64_MIN, 0 };
	size_t n;

	memset(result, 0, sizeof(*result));
	if (from_ms >= to_ms)
		return cks_error_set_field(err, CKS_ERROR_INVALID, "closed_from",
		    "the period is empty: its start must come before its end");
	for (;;) {
		struct cks_survey_bulk_result page;

		if (next_page(out, from_ms, to_ms, &after, ids, &n, err) < 0)
			return -1;
		if (n == 0)
			return 0;
		if (dry_run) {
			result->found += n;
			continue;
		}
		if (invite_page(out, ids, n, on_skip, arg, &page, err) < 0)
			return -1;
		result->found += page.found;
		result->queued += page.queued;
		result->skipped += page.skipped;
	}
}
