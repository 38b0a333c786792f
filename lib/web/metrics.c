#include "autoconfig.h"

#include "metrics.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "buffer.h"
#include "queue.h"
#include "rating.h"
#include "relay_status.h"
#include "reply_store.h"

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

static void
family_head(struct cks_buffer *out, const char *name, const char *type,
	    const char *help)
{
	cks_buffer_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help,
	    name, type);
}

/* One sample: name{label="value",...} count; labels and values end at
 * NULL. */
static void
sample(struct cks_buffer *out, const char *name, const char *const *labels,
       const char *const *values, long long count)
{
	int n = 0;

	cks_buffer_printf(out, "%s", name);
	for (; labels[n] != NULL; n++) {
		cks_buffer_printf(out, "%s%s=\"", n == 0 ? "{" : ",", labels[n]);
		append_label(out, values[n]);
		cks_buffer_add(out, "\"", 1);
	}
	cks_buffer_printf(out, "%s %lld\n", n > 0 ? "}" : "", count);
}

/* A family of fixed categories, each listed even at zero, so a
 * dashboard's series does not vanish when a queue empties. */
static void
tally_family(struct cks_buffer *out, const char *name, const char *type,
	     const char *help, const char *label, const struct cks_tally *tally,
	     size_t n)
{
	const char *const labels[] = { label, NULL };

	family_head(out, name, type, help);
	for (size_t i = 0; i < n; i++) {
		const char *const values[] = { tally[i].label, NULL };

		sample(out, name, labels, values, (long long)tally[i].count);
	}
}

/* 1 while the last session with a relay failed as a whole; the setting
 * label names the key to change when the fault is ours.  The reason text
 * stays in `cksctl queue list`. */
static int
relay_families(struct cks_buffer *out, struct cks_store *store,
	       struct cks_error *err)
{
	static const char *const relay_setting[] = { "relay", "setting", NULL };
	static const char *const relay_only[] = { "relay", NULL };
	struct cks_relay_status *list;
	size_t count;

	if (cks_relay_status_list(store, &list, &count, err) < 0)
		return -1;
	family_head(out, "cksgate_relay_fault", "gauge",
	    "1 if the last SMTP session with the relay failed as a whole "
	    "(setting: the configuration key to change, or none).");
	for (size_t i = 0; i < count; i++) {
		const char *const values[] = { list[i].relay,
			list[i].setting[0] != '\0' ? list[i].setting : "none",
			NULL };

		sample(out, "cksgate_relay_fault", relay_setting, values,
		    list[i].ok ? 0 : 1);
	}
	family_head(out, "cksgate_relay_size_limit_bytes", "gauge",
	    "The message size the relay announced (EHLO SIZE; 0: none).");
	for (size_t i = 0; i < count; i++) {
		const char *const values[] = { list[i].relay, NULL };

		if (list[i].size_limit >= 0)
			sample(out, "cksgate_relay_size_limit_bytes", relay_only,
			    values, list[i].size_limit);
	}
	free(list);
	return 0;
}

static int
rating_family(struct cks_buffer *out, struct cks_store *store,
	      struct cks_error *err)
{
	static const char *const labels[] = { "channel", "medium", "satisfied",
					      NULL };
	struct cks_rating_tally *rows;
	size_t count;

	if (cks_rating_tally(store, &rows, &count, err) < 0)
		return -1;
	family_head(out, "cksgate_ratings", "gauge",
	    "Current ratings by channel, medium and satisfied (1/0).");
	for (size_t i = 0; i < count; i++) {
		const char *const values[] = { rows[i].channel, rows[i].medium,
			rows[i].satisfied ? "1" : "0", NULL };

		sample(out, "cksgate_ratings", labels, values,
		    (long long)rows[i].count);
	}
	free(rows);
	return 0;
}

/* Every count is read by the module that owns its table. */
static int
store_families(struct cks_buffer *out, struct cks_store *store,
	       struct cks_error *err)
{
	struct cks_tally states[CKS_QUEUE_STATES];
	struct cks_tally results[CKS_QUEUE_RESULTS];
	struct cks_tally outcomes[CKS_REPLY_STORE_OUTCOMES];

	if (cks_queue_tally_states(store, states, err) < 0)
		return -1;
	tally_family(out, "cksgate_queue_messages", "gauge",
	    "Outbound messages by state.", "state", states, CKS_QUEUE_STATES);
	if (cks_queue_tally_attempts(store, results, err) < 0)
		return -1;
	tally_family(out, "cksgate_delivery_attempts_total", "counter",
	    "Delivery attempts by result (sent, deferred, failed).", "result",
	    results, CKS_QUEUE_RESULTS);
	if (relay_families(out, store, err) < 0 ||
	    rating_family(out, store, err) < 0 ||
	    cks_reply_store_tally_outcomes(store, outcomes, err) < 0)
		return -1;
	tally_family(out, "cksgate_inbound_messages_total", "counter",
	    "Inbound replies and SMS by outcome.", "outcome", outcomes,
	    CKS_REPLY_STORE_OUTCOMES);
	return 0;
}

int
cks_metrics_render(struct cks_metrics *metrics, struct cks_store *store,
		   char **text_out, struct cks_error *err)
{
	struct cks_buffer out = { 0 };

	*text_out = NULL;
	if (store_families(&out, store, err) < 0) {
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

	int rc;

	if (cks_metrics_render(env->metrics, env->store, &text, &err) < 0)
		return cks_api_reply_failure(response, &err);
	rc = cks_api_reply_text(response, 200,
	    "text/plain; version=0.0.4; charset=utf-8", text, strlen(text));
	free(text);
	return rc;
}

const struct cks_api_route cks_api_metrics_routes[] = {
	{ "GET", "/metrics", get_metrics },
	{ NULL, NULL, NULL },
};
