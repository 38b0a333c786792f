/* The desk console, part three: the supervisor's pages.  The quarantine
 * with the reader's suggestion, the raw mail a click away, accept the
 * suggestion or give the code in one step; the not-satisfied ratings
 * with their comments, marked "contacted" with a note; and the KPI
 * dashboard (lib/report/dashboard.c) for everyone signed in. */
#include "autoconfig.h"

#include "api.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dashboard.h"
#include "desk_page.h"
#include "followup.h"
#include "reply_store.h"
#include "report.h"

static const char *
jstr(const json_t *object, const char *key)
{
	return json_string_value(json_object_get(object, key));
}

static void
quarantined(struct desk *d, const json_t *m)
{
	json_int_t id = json_integer_value(json_object_get(m, "id"));
	const json_t *label = json_object_get(m, "suggestion_label");
	char href[96];

	desk_printf(d, "<li id=\"inbound-%lld\"><b>", (long long)id);
	desk_esc(d, jstr(m, "sender"));
	desk_raw(d, "</b> <span class=\"muted\">");
	desk_esc(d, jstr(m, "received"));
	desk_raw(d, " · ");
	desk_esc(d, jstr(m, "reason"));
	desk_raw(d, "</span><br>“");
	desk_esc(d, jstr(m, "first_line"));
	desk_raw(d, "”<br>");
	snprintf(href, sizeof(href), "/desk/inbound/%lld/raw", (long long)id);
	desk_raw(d, "<a href=\"");
	desk_esc(d, href);
	desk_raw(d, "\">อีเมลต้นฉบับ · Raw mail</a>");
	snprintf(href, sizeof(href), "/desk/inbound/%lld/resolve", (long long)id);
	if (json_is_object(label)) {
		desk_form(d, href);
		desk_raw(d, "<input type=\"hidden\" name=\"accept\" value=\"1\">"
		    "<button type=\"submit\" class=\"done\">รับคำแนะนำ · Accept: ");
		desk_printf(d, "%lld ", (long long)json_integer_value(
		    json_object_get(m, "suggestion")));
		desk_esc(d, jstr(label, "th"));
		desk_raw(d, " · ");
		desk_esc(d, jstr(label, "en"));
		desk_raw(d, "</button></form>");
	}
	desk_form(d, href);
	desk_raw(d, "<div class=\"row\"><div><label>บริการ · Session"
	    "<input name=\"session\" inputmode=\"numeric\" value=\"");
	if (json_is_integer(json_object_get(m, "session")))
		desk_printf(d, "%lld", (long long)json_integer_value(
		    json_object_get(m, "session")));
	desk_raw(d, "\"></label></div><div><label>รหัส · Code<input name=\"code\" "
	    "inputmode=\"numeric\" required></label></div><div><button "
	    "type=\"submit\">บันทึก · Resolve</button></div></div></form></li>");
}

static int
get_quarantine(const struct cks_api_env *env,
	       const struct cks_api_request *request, const char *const *params,
	       struct cks_api_response *response)
{
	struct cks_error err;
	struct desk d;
	json_t *list;
	size_t i;
	json_t *m;

	(void)params;
	if (desk_begin(&d, env, request, response, CKS_DESK_SUPERVISOR, 0) < 0)
		return -1;
	if (cks_reply_store_list(env->store, env->channels, "quarantined", 200,
				 &list, &err) < 0)
		return desk_fail_error(&d, &err);
	desk_head(&d, "คัดแยก", "Quarantine", 0);
	desk_raw(&d, "<h1>คำตอบที่ต้องตรวจ · Quarantine</h1>");
	if (desk_arg(&d, "done") != NULL)
		desk_raw(&d, "<p class=\"notice\">บันทึกแล้ว · Recorded</p>");
	desk_raw(&d, "<section><ul class=\"list\">");
	json_array_foreach(list, i, m)
		quarantined(&d, m);
	if (json_array_size(list) == 0)
		desk_raw(&d, "<li class=\"muted\">ว่าง · Nothing waits</li>");
	desk_raw(&d, "</ul></section>");
	json_decref(list);
	return desk_finish(&d, 200);
}

/* The stored bytes as plain text: never rendered as HTML. */
static int
get_raw(const struct cks_api_env *env, const struct cks_api_request *request,
	const char *const *params, struct cks_api_response *response)
{
	struct cks_error err;
	struct desk d;
	size_t size;
	char *raw;

	if (desk_begin(&d, env, request, response, CKS_DESK_SUPERVISOR, 0) < 0)
		return -1;
	if (cks_reply_store_raw(env->store, desk_id(params[0]), &raw, &size,
				&err) < 0)
		return desk_fail_error(&d, &err);
	free(response->body);
	response->status = 200;
	response->content_type = "text/plain; charset=utf-8";
	response->body = raw;
	response->body_size = size;
	return 0;
}

static int
post_resolve(const struct cks_api_env *env,
	     const struct cks_api_request *request, const char *const *params,
	     struct cks_api_response *response)
{
	struct cks_reply_store in = { env->config, env->store, env->channels,
	    NULL };
	struct cks_reply_store_result r = { 0 };
	struct cks_error err;
	struct desk d;
	int64_t id, code;
	const char *code_text;
	int rc;

	if (desk_begin(&d, env, request, response, CKS_DESK_SUPERVISOR, 1) < 0)
		return -1;
	id = desk_id(params[0]);
	code_text = desk_arg(&d, "code");
	if (desk_arg(&d, "accept") != NULL) {
		rc = cks_reply_store_accept_suggestion(&in, id, &r, &err);
	} else {
		code = code_text != NULL && strcmp(code_text, "0") == 0 ? 0
		    : desk_id(code_text);
		if (desk_id(desk_arg(&d, "session")) == 0 || code_text == NULL ||
		    (code == 0 && strcmp(code_text, "0") != 0) || code > INT_MAX)
			return desk_fail(&d, 400, "session and code are required");
		rc = cks_reply_store_resolve(&in, id, desk_id(desk_arg(&d,
		    "session")), (int)code, &r, &err);
	}
	if (rc == 0 && r.changed && env->wake != NULL)
		env->wake(env->wake_context);
	cks_reply_store_result_clear(&r);
	if (rc < 0)
		return desk_fail_error(&d, &err);
	return desk_redirect(response, "/desk/quarantine?done=1");
}

static void
followup(struct desk *d, const json_t *f)
{
	json_int_t session = json_integer_value(json_object_get(f, "session"));
	const json_t *client = json_object_get(f, "client");
	const json_t *contacted = json_object_get(f, "contacted");
	char href[96];

	desk_printf(d, "<li id=\"rating-%lld\"><a href=\"/desk/sessions/%lld\">"
	    "#%lld</a> <b>", (long long)session, (long long)session,
	    (long long)session);
	desk_esc(d, jstr(client, "name"));
	desk_raw(d, "</b> <span class=\"muted\">");
	desk_esc(d, jstr(client, "phone"));
	desk_raw(d, " ");
	desk_esc(d, jstr(client, "email"));
	desk_raw(d, " · ");
	desk_esc(d, jstr(f, "agent"));
	desk_raw(d, " · ");
	desk_esc(d, jstr(f, "recorded_at"));
	desk_raw(d, "</span><br>");
	desk_esc(d, jstr(f, "label_th"));
	desk_raw(d, " · ");
	desk_esc(d, jstr(f, "label_en"));
	if (jstr(f, "comment") != NULL) {
		desk_raw(d, "<br>“");
		desk_esc(d, jstr(f, "comment"));
		desk_raw(d, "”");
	}
	if (json_is_object(contacted)) {
		desk_raw(d, "<br><span class=\"ok\">✔ ติดต่อแล้ว · Contacted ");
		desk_esc(d, jstr(contacted, "at"));
		desk_raw(d, " · ");
		desk_esc(d, jstr(contacted, "by"));
		desk_raw(d, "</span>");
		if (jstr(contacted, "note") != NULL) {
			desk_raw(d, "<pre>");
			desk_esc(d, jstr(contacted, "note"));
			desk_raw(d, "</pre>");
		}
	}
	if (d->user.role >= CKS_DESK_SUPERVISOR) {
		snprintf(href, sizeof(href), "/desk/ratings/%lld/contacted",
		    (long long)session);
		desk_form(d, href);
		desk_raw(d, "<label>บันทึก · Note<textarea name=\"note\"></textarea>"
		    "</label><button type=\"submit\">ติดต่อแล้ว · Contacted"
		    "</button></form>");
	}
	desk_raw(d, "</li>");
}

static int
get_ratings(const struct cks_api_env *env, const struct cks_api_request *request,
	    const char *const *params, struct cks_api_response *response)
{
	struct cks_error err;
	struct desk d;
	json_t *list, *f;
	size_t i;

	(void)params;
	if (desk_begin(&d, env, request, response, CKS_DESK_SUPERVISOR, 0) < 0)
		return -1;
	if (cks_followup_list(env->store, 200, &list, &err) < 0)
		return desk_fail_error(&d, &err);
	desk_head(&d, "ไม่พอใจ", "Not satisfied", 0);
	desk_raw(&d, "<h1>ผู้รับบริการที่ไม่พอใจ · Not-satisfied ratings</h1>"
	    "<section><ul class=\"list\">");
	json_array_foreach(list, i, f)
		followup(&d, f);
	if (json_array_size(list) == 0)
		desk_raw(&d, "<li class=\"muted\">ไม่มี · None</li>");
	desk_raw(&d, "</ul></section>");
	json_decref(list);
	return desk_finish(&d, 200);
}

static int
post_contacted(const struct cks_api_env *env,
	       const struct cks_api_request *request, const char *const *params,
	       struct cks_api_response *response)
{
	struct cks_error err;
	struct desk d;
	char location[64];

	if (desk_begin(&d, env, request, response, CKS_DESK_SUPERVISOR, 1) < 0)
		return -1;
	if (cks_followup_contacted(env->store, desk_id(params[0]), d.user.login,
				   desk_arg(&d, "note"), &err) < 0)
		return desk_fail_error(&d, &err);
	snprintf(location, sizeof(location), "/desk/ratings#rating-%lld",
	    (long long)desk_id(params[0]));
	return desk_redirect(response, location);
}

/* The dashboard of GET /dashboard, for the current fiscal year, behind
 * the console's sign-in instead of a token. */
static int
get_kpi(const struct cks_api_env *env, const struct cks_api_request *request,
	const char *const *params, struct cks_api_response *response)
{
	static const char *const names[4] = { "fiscal_year", "from", "to", "by" };
	struct cks_report_period_text period = { 0 };
	struct cks_report_filter filter = { 0 };
	struct cks_error err;
	struct desk d;
	json_t *kpi = NULL, *steps = NULL;
	const char *lang;
	char *html = NULL;
	int which = 0, rc;

	(void)params;
	if (desk_begin(&d, env, request, response, CKS_DESK_VIEWER, 0) < 0)
		return -1;
	lang = desk_arg(&d, "lang");
	if (lang == NULL || strcmp(lang, "en") != 0)
		lang = "th";
	period.fiscal_year = desk_arg(&d, "fiscal_year");
	if (cks_report_filter_from_text(&filter, &period, names, &which,
					&err) < 0)
		return desk_fail_error(&d, &err);
	filter.group = CKS_REPORT_BY_MONTH;
	rc = cks_report_kpi(env->store, env->channels, &filter, &kpi, &err);
	if (rc == 0)
		rc = cks_report_steps(env->store, env->channels, &filter, &steps,
		    &err);
	if (rc == 0)
		rc = cks_dashboard_render(kpi, steps, lang, 0, &html, &err);
	json_decref(kpi);
	json_decref(steps);
	if (rc < 0)
		return desk_fail_error(&d, &err);
	return cks_api_reply_page(response, html);
}

/* Per-agent figures of the current fiscal year: sessions, answers and
 * the satisfied share, per channel (report kpi --by agent). */
static int
get_agents(const struct cks_api_env *env, const struct cks_api_request *request,
	   const char *const *params, struct cks_api_response *response)
{
	static const char *const names[4] = { "fiscal_year", "from", "to", "by" };
	struct cks_report_period_text period = { .by = "agent" };
	struct cks_report_filter filter = { 0 };
	struct cks_error err;
	struct desk d;
	json_t *kpi = NULL, *channel, *group;
	size_t i, j;
	int which = 0;

	(void)params;
	if (desk_begin(&d, env, request, response, CKS_DESK_VIEWER, 0) < 0)
		return -1;
	period.fiscal_year = desk_arg(&d, "fiscal_year");
	if (cks_report_filter_from_text(&filter, &period, names, &which,
					&err) < 0 ||
	    cks_report_kpi(env->store, env->channels, &filter, &kpi, &err) < 0)
		return desk_fail_error(&d, &err);
	desk_head(&d, "ผลงานรายบุคคล", "Per agent", 0);
	desk_raw(&d, "<h1>ผลงานรายบุคคล · Per-agent figures</h1>"
	    "<p><a href=\"/desk/kpi\">แดชบอร์ด · Dashboard</a></p>");
	json_array_foreach(json_object_get(kpi, "channels"), i, channel) {
		const json_t *name = json_object_get(channel, "name");

		desk_raw(&d, "<section><h2>");
		desk_esc(&d, json_is_object(name) ? jstr(name, "th")
		    : jstr(channel, "channel"));
		desk_raw(&d, "</h2><ul class=\"list\">");
		json_array_foreach(json_object_get(channel, "groups"), j, group) {
			const json_t *pct = json_object_get(group,
			    "satisfied_percent");

			desk_raw(&d, "<li><b>");
			desk_esc(&d, jstr(group, "key"));
			desk_printf(&d, "</b> · บริการ · sessions %lld · ตอบ · "
			    "answers %lld · พอใจ · satisfied ",
			    (long long)json_integer_value(json_object_get(group,
			    "sessions")), (long long)json_integer_value(
			    json_object_get(group, "answers")));
			if (json_is_number(pct))
				desk_printf(&d, "%.1f %%", json_number_value(pct));
			else
				desk_raw(&d, "–");
			desk_raw(&d, "</li>");
		}
		desk_raw(&d, "</ul></section>");
	}
	json_decref(kpi);
	return desk_finish(&d, 200);
}

const struct cks_api_route cks_api_desk_supervisor_routes[] = {
	{ "GET", "/desk/agents", get_agents },
	{ "GET", "/desk/quarantine", get_quarantine },
	{ "GET", "/desk/inbound/:id/raw", get_raw },
	{ "POST", "/desk/inbound/:id/resolve", post_resolve },
	{ "GET", "/desk/ratings", get_ratings },
	{ "POST", "/desk/ratings/:id/contacted", post_contacted },
	{ "GET", "/desk/kpi", get_kpi },
	{ NULL, NULL, NULL },
};
