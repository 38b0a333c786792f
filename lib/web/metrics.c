#include "autoconfig.h"

#include "metrics.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "buffer.h"

/* Statuses 100..599 by their exact code. */
struct cks_metrics {
	atomic_ulong requests[600];
};

struct cks_metrics *
cks_metrics_new(void)
{
	return calloc(1, sizeof(struct cks_metrics));
}

void
cks_metrics_free(struct cks_metrics **metrics)
{
	free(*metrics);
	*metrics = NULL;
}

void
cks_metrics_count_request(struct cks_metrics *metrics, int status)
{
	if (metrics != NULL && status >= 100 && status < 600)
		atomic_fetch_add(&metrics->requests[status], 1);
}

/* Label values come from our own CHECKed columns and plugin ids, but a
 * plugin id is an integrator's text: escape as the format requires. */
static void
append_label(struct cks_buffer *out, const char *value)
{
	for (const char *p = value != NULL ? value : ""; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			cks_buffer_add(out, "\\", 1);
		if (*p == '\n')
			cks_buffer_add(out, "\\n", 2);
		else
			cks_buffer_add(out, p, 1);
	}
}

/* One metric family from a query whose rows are (label values..., value). */
static int
family(struct cks_buffer *out, struct cks_store *store, const char *name,
       const char *type, const char *help, const char *const *labels,
       const char *sql, struct cks_error *err)
{
	sqlite3_stmt *stmt = cks_store_prepare(store, sql, err);
	int rc;

	if (stmt == NULL)
		return -1;
	cks_buffer_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name,
	    type);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int n = 0;

		cks_buffer_printf(out, "%s", name);
		for (; labels[n] != NULL; n++) {
			cks_buffer_printf(out, "%s%s=\"", n == 0 ? "{" : ",",
			    labels[n]);
			append_label(out, (const char *)sqlite3_column_text(stmt,
			    n));
			cks_buffer_add(out, "\"", 1);
		}
		cks_buffer_printf(out, "%s %lld\n", n > 0 ? "}" : "",
		    (long long)sqlite3_column_int64(stmt, n));
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return cks_store_fail(store, name, err);
	return 0;
}

int
cks_metrics_render(struct cks_metrics *metrics, struct cks_store *store,
		   char **text_out, struct cks_error *err)
{
	static const char *const state[] = { "state", NULL };
	static const char *const result[] = { "result", NULL };
	static const char *const channel_medium[] = { "channel", "medium",
						      "satisfied", NULL };
	static const char *const outcome[] = { "outcome", NULL };
	static const char *const relay_setting[] = { "relay", "setting", NULL };
	static const char *const relay_only[] = { "relay", NULL };
	struct cks_buffer out = { 0 };
	int rc;

	*text_out = NULL;
	/* Every state is listed, a zero included, so a dashboard's series
	 * does not vanish when a queue empties. */
	rc = family(&out, store, "cksgate_queue_messages", "gauge",
	    "Outbound messages by state.", state,
	    "WITH s(state) AS (VALUES ('queued'), ('sending'), ('sent'),"
	    " ('deferred'), ('failed'), ('cancelled'))"
	    " SELECT s.state, (SELECT count(*) FROM messages m"
	    "  WHERE m.state = s.state) FROM s", err);
	if (rc == 0)
		rc = family(&out, store, "cksgate_delivery_attempts_total",
		    "counter", "Delivery attempts by result (sent, deferred, "
		    "failed).", result,
		    "WITH r(result) AS (VALUES ('sent'), ('deferred'), ('failed'))"
		    " SELECT r.result, (SELECT count(*) FROM message_attempts a"
		    "  WHERE a.result = r.result) FROM r", err);
	/* 1 while the last session with a relay failed as a whole; the
	 * setting label names the key to change when the fault is ours.
	 * The reason text stays in `cksctl queue list`. */
	if (rc == 0)
		rc = family(&out, store, "cksgate_relay_fault", "gauge",
		    "1 if the last SMTP session with the relay failed as a whole "
		    "(setting: the configuration key to change, or none).",
		    relay_setting,
		    "SELECT relay, coalesce(setting, 'none'), 1 - ok FROM relay_status"
		    " ORDER BY relay", err);
	if (rc == 0)
		rc = family(&out, store, "cksgate_relay_size_limit_bytes", "gauge",
		    "The message size the relay announced (EHLO SIZE; 0: none).",
		    relay_only,
		    "SELECT relay, size_limit FROM relay_status"
		    " WHERE size_limit IS NOT NULL ORDER BY relay", err);
	if (rc == 0)
		rc = family(&out, store, "cksgate_ratings", "gauge",
		    "Current ratings by channel, medium and satisfied (1/0).",
		    channel_medium,
		    "SELECT s.channel, r.medium, r.satisfied, count(*)"
		    " FROM ratings r JOIN sessions s ON s.id = r.session_id"
		    " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3", err);
	if (rc == 0)
		rc = family(&out, store, "cksgate_inbound_messages_total",
		    "counter", "Inbound replies and SMS by outcome.", outcome,
		    "WITH o(outcome) AS (VALUES ('recorded'), ('duplicate'),"
		    " ('ignored'), ('quarantined'), ('bounce'), ('resolved'))"
		    " SELECT o.outcome, (SELECT count(*) FROM inbound_messages i"
		    "  WHERE i.outcome = o.outcome) FROM o", err);
	if (rc < 0) {
		free(cks_buffer_finish(&out));
		return -1;
	}
	cks_buffer_printf(&out, "# HELP cksgate_http_requests_total HTTP "
	    "requests answered, by status.\n"
	    "# TYPE cksgate_http_requests_total counter\n");
	for (int status = 100; metrics != NULL && status < 600; status++) {
		unsigned long n = atomic_load(&metrics->requests[status]);

		if (n > 0)
			cks_buffer_printf(&out, "cksgate_http_requests_total"
			    "{status=\"%d\"} %lu\n", status, n);
	}
	*text_out = cks_buffer_finish(&out);
	if (*text_out == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	return 0;
}

static int
get_metrics(const struct cks_api_env *env, const struct cks_api_request *request,
	    const char *const *params, struct cks_api_response *response)
{
	struct cks_error err;
	char *text;

	if (cks_metrics_render(env->metrics, env->store, &text, &err) < 0)
		return cks_api_reply_failure(response, &err);
	free(response->body);
	response->status = 200;
	response->content_type = "text/plain; version=0.0.4; charset=utf-8";
	response->body = text;
	response->body_size = strlen(text);
	return 0;
}

const struct cks_api_route cks_api_metrics_routes[] = {
	{ "GET", "/metrics", get_metrics },
	{ NULL, NULL, NULL },
};
