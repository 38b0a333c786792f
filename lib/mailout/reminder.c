#include "autoconfig.h"

#include "reminder.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "log.h"

#define DEFAULT_LIMIT 500

/* Due: delivered between 2 x after and after ago, not bounced (an SMS:
 * its delivery report not failed or rejected), not reminded, not answered
 * (ratings are read as the reports read them), the client still reachable
 * (by mail or by phone: the reminder takes the invitation's media) and not
 * opted out.  The rest is checked again at send time, in the send's
 * transaction. */
static const char due_sql[] =
	"SELECT i.session_id FROM survey_invitations i"
	" JOIN messages m ON m.id = i.message"
	" JOIN sessions s ON s.id = i.session_id"
	" JOIN clients c ON c.id = s.client_id"
	" WHERE i.reminded_at IS NULL AND m.state = 'sent' AND m.bounce IS NULL"
	" AND coalesce(m.dlr_status, '') NOT IN ('failed', 'smsc_rejected')"
	" AND m.sent_at <= ? AND m.sent_at > ?"
	" AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.session_id = i.session_id)"
	" AND c.opted_out_at IS NULL AND c.anonymised_at IS NULL"
	" AND (c.email IS NOT NULL OR c.phone_e164 IS NOT NULL)"
	" ORDER BY m.sent_at, i.session_id LIMIT ?";

static int
due_sessions(const struct cks_outbound *out, size_t limit, int64_t **ids_out,
	     size_t *count_out, struct cks_error *err)
{
	int64_t now = cks_now_ms(), after = out->config->survey_reminder_after_ms;
	struct cks_stmt *stmt = cks_store_prepare(out->store, due_sql, err);
	int64_t *ids;
	size_t n = 0;
	int rc;

	*ids_out = NULL;
	*count_out = 0;
	if (stmt == NULL)
		return -1;
	ids = calloc(limit, sizeof(*ids));
	if (ids == NULL) {
		cks_stmt_finalize(stmt);
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	}
	cks_stmt_bind_int64(stmt, 1, now - after);
	cks_stmt_bind_int64(stmt, 2, now - 2 * after);
	cks_stmt_bind_int64(stmt, 3, (int64_t)limit);
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW && n < limit)
		ids[n++] = cks_stmt_column_int64(stmt, 0);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE && rc != CKS_STMT_ROW) {
		free(ids);
		return cks_store_fail(out->store, "find due reminders", err);
	}
	*ids_out = ids;
	*count_out = n;
	return 0;
}

int
cks_reminder_run(const struct cks_outbound *out, size_t limit, int dry_run,
		 struct cks_reminder_result *result, struct cks_error *err)
{
	int64_t *ids = NULL;
	size_t count = 0;

	memset(result, 0, sizeof(*result));
	if (out->config->survey_reminder_after_ms <= 0)
		return 0;
	if (due_sessions(out, limit ? limit : DEFAULT_LIMIT, &ids, &count,
	    err) < 0)
		return -1;
	result->due = count;
	for (size_t i = 0; !dry_run && i < count; i++) {
		struct cks_error one;
		char value[512];
		int64_t queue_id;

		if (cks_compose_survey_remind(out, ids[i], &queue_id, &one) == 0) {
			result->sent++;
			cks_log(CKS_LOG_INFO, "survey.reminder", "session=%lld "
			    "queue=%lld", (long long)ids[i], (long long)queue_id);
			continue;
		}
		if (CKS_ERROR_IS_TEMPORARY(one.kind) ||
		    one.kind == CKS_ERROR_INTERNAL) {
			free(ids);
			*err = one;
			return -1;
		}
		result->skipped++;
		cks_log(CKS_LOG_NOTICE, "survey.reminder_skipped",
		    "session=%lld reason=%s", (long long)ids[i],
		    cks_log_value(one.message, value, sizeof(value)));
	}
	free(ids);
	return 0;
}
