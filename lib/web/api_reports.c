#include "autoconfig.h"

#include "api.h"

#include <stdlib.h>
#include <string.h>

#include "dashboard.h"
#include "report.h"
#include "report_format.h"
#include "summary.h"

/* The period and grouping from the query: ?fiscal_year=2569 (either era)
 * or ?from=DATE&to=DATE; nothing: the current fiscal year.  Replies 400
 * naming the argument and returns -1 when one is wrong. */
static int
read_filter(const struct cks_api_request *request, int grouping,
	    struct cks_report_filter *filter, struct cks_api_response *response)
{
	static const char *const names[4] = { "fiscal_year", "from", "to", "by" };
	const char *channel = request->argument(request->argument_context,
	    "channel");
	struct cks_report_period_text text;
	struct cks_error err;
	int which;

	memset(filter, 0, sizeof(*filter));
	filter->channel = channel != NULL && channel[0] != '\0' ? channel : NULL;
	text.fiscal_year = request->argument(request->argument_context,
	    "fiscal_year");
	text.from = request->argument(request->argument_context, "from");
	text.to = request->argument(request->argument_context, "to");
	text.by = grouping ? request->argument(request->argument_context,
	    "by") : NULL;
	if (cks_report_filter_from_text(filter, &text, names, &which, &err) < 0)
		return cks_api_reply_error(response, 400, names[which], "%s",
		    err.message);
	return 0;
}

/* Sends report as JSON, or as CSV with ?format=csv. */
static int
reply_report(const struct cks_api_request *request, json_t *report,
	     const char *name, struct cks_api_response *response)
{
	const char *format = request->argument(request->argument_context,
	    "format");
	struct cks_error err;
	char *csv, disposition[96];

	if (format == NULL || strcmp(format, "json") == 0)
		return cks_api_reply_json(response, 200, report);
	if (strcmp(format, "csv") != 0) {
		json_decref(report);
		return cks_api_reply_error(response, 400, "format",
		    "format must be json or csv, not '%.20s'", format);
	}
	if (cks_report_csv(report, &csv, &err) < 0) {
		json_decref(report);
		return cks_api_reply_failure(response, &err);
	}
	json_decref(report);
	free(response->body);
	response->status = 200;
	response->content_type = "text/csv; charset=utf-8";
	response->body = csv;
	response->body_size = strlen(csv);
	snprintf(disposition, sizeof(disposition),
	    "attachment; filename=\"cksgate-%s.csv\"", name);
	response->content_disposition = strdup(disposition);
	return 0;
}

static int
get_kpi(const struct cks_api_env *env, const struct cks_api_request *request,
	const char *const *params, struct cks_api_response *response)
{
	struct cks_report_filter filter;
	struct cks_error err;
	json_t *report;

	if (read_filter(request, 1, &filter, response) < 0)
		return -1;
	if (cks_report_kpi(env->store, env->channels, &filter, &report, &err) < 0)
		return cks_api_reply_failure(response, &err);
	return reply_report(request, report, "kpi", response);
}

static int
get_steps(const struct cks_api_env *env, const struct cks_api_request *request,
	  const char *const *params, struct cks_api_response *response)
{
	struct cks_report_filter filter;
	struct cks_error err;
	json_t *report;

	if (read_filter(request, 0, &filter, response) < 0)
		return -1;
	if (cks_report_steps(env->store, env->channels, &filter, &report,
	    &err) < 0)
		return cks_api_reply_failure(response, &err);
	return reply_report(request, report, "steps", response);
}

static int
get_dashboard(const struct cks_api_env *env,
	      const struct cks_api_request *request, const char *const *params,
	      struct cks_api_response *response)
{
	const char *lang = request->argument(request->argument_context, "lang");
	struct cks_report_filter filter;
	struct cks_error err;
	json_t *kpi = NULL, *steps = NULL;
	char *html;
	int rc;

	if (lang == NULL)
		lang = "th";
	if (strcmp(lang, "th") != 0 && strcmp(lang, "en") != 0)
		return cks_api_reply_error(response, 400, "lang",
		    "lang must be th or en");
	if (read_filter(request, 0, &filter, response) < 0)
		return -1;
	filter.group = CKS_REPORT_BY_MONTH;
	if (cks_report_kpi(env->store, env->channels, &filter, &kpi, &err) < 0 ||
	    cks_report_steps(env->store, env->channels, &filter, &steps,
	    &err) < 0 ||
	    cks_dashboard_render(kpi, steps, lang, 0, &html, &err) < 0)
		rc = cks_api_reply_failure(response, &err);
	else
		rc = cks_api_reply_page(response, html);
	json_decref(kpi);
	json_decref(steps);
	return rc;
}

/* The counter's printable summary page of a session (A4, HTML). */
static int
get_summary(const struct cks_api_env *env, const struct cks_api_request *request,
	    const char *const *params, struct cks_api_response *response)
{
	const char *lang = request->argument(request->argument_context, "lang");
	struct cks_error err;
	int64_t id;
	char *html;

	if (cks_api_param_id(params[0], "session", &id, response) < 0)
		return -1;
	if (lang != NULL && strcmp(lang, "th") != 0 && strcmp(lang, "en") != 0)
		return cks_api_reply_error(response, 400, "lang",
		    "lang must be th or en");
	if (cks_summary_render(env->store, env->channels, env->templates, id,
	    lang, &html, &err) < 0)
		return cks_api_reply_failure(response, &err);
	return cks_api_reply_page(response, html);
}

const struct cks_api_route cks_api_report_routes[] = {
	{ "GET", "/v1/sessions/:id/summary", get_summary },
	{ "GET", "/v1/reports/kpi", get_kpi },
	{ "GET", "/v1/reports/steps", get_steps },
	{ "GET", "/dashboard", get_dashboard },
	{ NULL, NULL, NULL },
};
