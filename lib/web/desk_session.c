/* The desk console, part two: one session.  The agent's page (the
 * channel's steps in the plugin's order with start/done buttons and the
 * time against the standard, the basket, the catalogue, send, survey,
 * close), the client's screen (what will be sent, in the client's
 * language, confirmed as `basket confirm` does, with the revision the
 * client saw), and the printable summary. */
#include "autoconfig.h"

#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "basket.h"
#include "client.h"
#include "clock.h"
#include "compose.h"
#include "desk_page.h"
#include "kb.h"
#include "session.h"
#include "summary.h"
#include "timing.h"

/* What a session page needs loaded; free with unload(). */
struct loaded {
	struct cks_session *session;
	struct cks_basket *basket;
	struct cks_client *client;
	const struct cks_channel_plugin *plugin;   /* NULL: not loaded */
};

static void
unload(struct loaded *l)
{
	cks_session_free(&l->session);
	cks_basket_free(&l->basket);
	cks_client_free(&l->client);
}

static int
load(struct desk *d, const char *param, struct loaded *l)
{
	struct cks_error err;
	int64_t id = desk_id(param);

	memset(l, 0, sizeof(*l));
	if (id == 0)
		return desk_fail(d, 404, "no such session");
	if (cks_session_get(d->env->store, id, &l->session, &err) < 0 ||
	    cks_basket_get(d->env->store, id, &l->basket, &err) < 0 ||
	    cks_client_get(d->env->store, l->session->client_id, &l->client,
	    &err) < 0) {
		unload(l);
		return desk_fail_error(d, &err);
	}
	l->plugin = cks_channels_find(d->env->channels, l->session->channel);
	return 0;
}

static void
path(char *out, size_t size, const struct cks_session *s, const char *rest)
{
	snprintf(out, size, "/desk/sessions/%lld%s", (long long)s->id, rest);
}

static void
duration(struct desk *d, int64_t ms)
{
	int64_t s = ms / 1000;

	desk_printf(d, "%lld:%02lld", (long long)(s / 60), (long long)(s % 60));
}

/* The channel's steps in the plugin's order. */
static void
steps(struct desk *d, const struct loaded *l)
{
	const struct cks_session *s = l->session;
	char action[96], standard[64];
	int64_t now = cks_now_ms();

	desk_raw(d, "<section id=\"steps\"><h2>ขั้นตอน · Steps</h2>");
	if (l->plugin == NULL) {
		desk_raw(d, "<p class=\"notice\">channel plugin not loaded</p>"
		    "</section>");
		return;
	}
	desk_raw(d, "<ul class=\"list\">");
	for (size_t i = 0; i < l->plugin->step_count; i++) {
		const struct cks_step *step = &l->plugin->steps[i];
		const struct cks_session_step *r = cks_session_find_step(s, i);
		int64_t started = r ? r->started_ms : 0, done = r ? r->done_ms : 0;
		enum cks_timing t = cks_timing_classify(step, started, done);

		cks_timing_format_standard(step, standard, sizeof(standard));
		desk_printf(d, "<li id=\"step-%zu\"><b>%zu. ", i + 1, i + 1);
		desk_esc(d, step->text.th);
		desk_raw(d, "</b> · ");
		desk_esc(d, step->text.en);
		desk_raw(d, "<br><span class=\"muted\">มาตรฐาน · standard ");
		desk_esc(d, standard);
		desk_raw(d, "</span> ");
		if (started) {
			desk_raw(d, t == CKS_TIMING_OVER ? "<span class=\"timer over\">" :
			    t == CKS_TIMING_WITHIN ? "<span class=\"timer ok\">" :
			    "<span class=\"timer\">");
			desk_raw(d, "เวลา · time ");
			duration(d, (done ? done : now) - started);
			desk_printf(d, " (%s)</span>", cks_timing_name(t));
		}
		if (!s->closed_ms && d->user.role >= CKS_DESK_AGENT &&
		    (!started || !done)) {
			path(action, sizeof(action), s, "/steps");
			desk_form(d, action);
			desk_printf(d, "<input type=\"hidden\" name=\"step\" "
			    "value=\"%zu\"><input type=\"hidden\" name=\"event\" "
			    "value=\"%s\"><button type=\"submit\" class=\"%s\">%s"
			    "</button></form>", i + 1, started ? "done" : "start",
			    started ? "done" : "", started ?
			    "เสร็จ · Done" : "เริ่ม · Start");
		}
		desk_raw(d, "</li>");
	}
	desk_raw(d, "</ul><p><a href=\"");
	path(action, sizeof(action), s, "#steps");
	desk_esc(d, action);
	desk_raw(d, "\">↻ เวลาล่าสุด · Refresh the times</a></p></section>");
}

static void
basket(struct desk *d, const struct loaded *l)
{
	const struct cks_basket *b = l->basket;
	const struct cks_session *s = l->session;
	char action[128];

	desk_printf(d, "<section id=\"basket\"><h2>ตะกร้า · Basket "
	    "<span class=\"muted\">(revision %lld)</span></h2>",
	    (long long)b->revision);
	desk_raw(d, "<ul class=\"list\">");
	for (size_t i = 0; i < b->count; i++) {
		const struct cks_basket_item *it = &b->items[i];

		desk_raw(d, "<li class=\"basket-item\"><b>");
		desk_esc(d, it->title_th ? it->title_th : it->title_en);
		desk_raw(d, "</b> <span class=\"muted\">");
		desk_esc(d, it->title_en);
		if (it->url) {
			desk_raw(d, " · ");
			desk_esc(d, it->url);
		}
		if (it->attachment_id) {
			desk_raw(d, " · ไฟล์ · file ");
			desk_esc(d, it->filename);
		}
		if (it->kb_item_id)
			desk_printf(d, " · kb #%lld rev %lld",
			    (long long)it->kb_item_id, (long long)it->kb_revision);
		desk_raw(d, "</span>");
		if (!s->closed_ms && d->user.role >= CKS_DESK_AGENT) {
			char rest[64];

			snprintf(rest, sizeof(rest), "/items/%lld/remove",
			    (long long)it->id);
			path(action, sizeof(action), s, rest);
			desk_form(d, action);
			desk_raw(d, "<button class=\"secondary\" type=\"submit\">"
			    "เอาออก · Remove</button></form>");
		}
		desk_raw(d, "</li>");
	}
	if (b->count == 0)
		desk_raw(d, "<li class=\"muted\">ว่าง · Empty</li>");
	desk_raw(d, "</ul><p>");
	if (cks_basket_is_confirmed(b)) {
		desk_raw(d, "<span class=\"ok\" id=\"confirmed\">✔ ผู้รับบริการยืนยันแล้ว · "
		    "Confirmed by the client ");
		desk_time(d, b->confirmed_ms);
		desk_raw(d, "</span>");
	} else if (b->count > 0) {
		desk_raw(d, "<span class=\"over\">ยังไม่ได้ยืนยัน · Not confirmed yet"
		    "</span>");
	}
	if (b->sent_message)
		desk_printf(d, " · ส่งแล้ว · sent (message %lld)",
		    (long long)b->sent_message);
	desk_raw(d, "</p>");
	if (b->count > 0) {
		path(action, sizeof(action), s, "/screen");
		desk_raw(d, "<p><a class=\"button\" id=\"show-client\" href=\"");
		desk_esc(d, action);
		desk_raw(d, "\">แสดงให้ผู้รับบริการตรวจ · Show the client</a></p>");
	}
	if (!s->closed_ms && d->user.role >= CKS_DESK_AGENT) {
		desk_raw(d, "<details><summary>เพิ่มรายการอื่น · Add a free item"
		    "</summary>");
		path(action, sizeof(action), s, "/items");
		desk_form(d, action);
		desk_raw(d, "<label for=\"title_th\">ชื่อ (ไทย) · Title (Thai)</label>"
		    "<input id=\"title_th\" name=\"title_th\">"
		    "<label for=\"title_en\">ชื่อ (อังกฤษ) · Title (English)</label>"
		    "<input id=\"title_en\" name=\"title_en\">"
		    "<label for=\"url\">ลิงก์ · Link</label>"
		    "<input id=\"url\" name=\"url\" type=\"url\">"
		    "<p><button type=\"submit\">เพิ่ม · Add</button></p></form>"
		    "</details>");
	}
	desk_raw(d, "</section>");
	if (!s->closed_ms && d->user.role >= CKS_DESK_AGENT) {
		desk_raw(d, "<section id=\"kb\"><h2>คลังความรู้ · Catalogue</h2>");
		desk_kb_search(d, s->id);
		desk_raw(d, "</section>");
	}
}

static void
actions(struct desk *d, const struct loaded *l)
{
	const struct cks_session *s = l->session;
	char action[96];

	if (d->user.role < CKS_DESK_AGENT)
		return;
	desk_raw(d, "<section id=\"send\"><h2>ส่งและปิด · Send and close</h2>"
	    "<div class=\"row\">");
	if (l->basket->count > 0) {
		path(action, sizeof(action), s, "/send");
		desk_form(d, action);
		desk_raw(d, "<button type=\"submit\" id=\"send-basket\">ส่งตะกร้า · "
		    "Send the basket</button></form>");
	}
	/* The survey asks about a service that is over. */
	if (s->closed_ms) {
		path(action, sizeof(action), s, "/survey");
		desk_form(d, action);
		desk_raw(d, "<button type=\"submit\" id=\"send-survey\">"
		    "ส่งแบบสำรวจ · Send the survey</button></form>");
	}
	desk_raw(d, "</div>");
	if (!s->closed_ms) {
		path(action, sizeof(action), s, "/close");
		desk_form(d, action);
		desk_raw(d, "<label for=\"summary\">สรุป · Summary</label>"
		    "<textarea id=\"summary\" name=\"summary\" required></textarea>"
		    "<p><button type=\"submit\" id=\"close\" class=\"warn\">ปิดบริการ"
		    " · Close the session</button></p></form>");
	}
	desk_raw(d, "</section>");
}

static int
get_session(const struct cks_api_env *env, const struct cks_api_request *request,
	    const char *const *params, struct cks_api_response *response)
{
	struct loaded l;
	struct desk d;
	char href[96];
	const char *notice;

	if (desk_begin(&d, env, request, response, CKS_DESK_VIEWER, 0) < 0 ||
	    load(&d, params[0], &l) < 0)
		return -1;
	desk_head(&d, "บริการ", "Session", 0);
	desk_printf(&d, "<h1>บริการ · Session #%lld: ", (long long)l.session->id);
	desk_esc(&d, l.client->name);
	desk_raw(&d, "</h1><p class=\"muted\">");
	desk_esc(&d, l.plugin ? l.plugin->name.th : l.session->channel);
	desk_raw(&d, " · ");
	desk_esc(&d, l.client->email);
	desk_raw(&d, " · ");
	desk_esc(&d, l.session->agent);
	desk_raw(&d, " · ");
	desk_time(&d, l.session->opened_ms);
	if (l.session->closed_ms) {
		desk_raw(&d, " · ปิดแล้ว · closed ");
		desk_time(&d, l.session->closed_ms);
	}
	desk_raw(&d, "</p>");
	if ((notice = desk_arg(&d, "notice")) != NULL) {
		desk_raw(&d, "<p class=\"notice\" id=\"notice\">");
		if (strcmp(notice, "change") == 0)
			desk_raw(&d, "ผู้รับบริการขอแก้ไข · The client asked for a "
			    "change");
		else if (strcmp(notice, "confirmed") == 0)
			desk_raw(&d, "ผู้รับบริการยืนยันแล้ว · The client confirmed");
		else if (strcmp(notice, "sent") == 0)
			desk_raw(&d, "ส่งแล้ว · Queued for sending");
		else if (strcmp(notice, "survey") == 0)
			desk_raw(&d, "ส่งแบบสำรวจแล้ว · Survey queued");
		else
			desk_raw(&d, "OK");
		desk_raw(&d, "</p>");
	}
	steps(&d, &l);
	basket(&d, &l);
	actions(&d, &l);
	path(href, sizeof(href), l.session, "/summary");
	desk_raw(&d, "<p><a id=\"summary-link\" href=\"");
	desk_esc(&d, href);
	desk_raw(&d, "\">หน้าสรุปสำหรับพิมพ์ · Printable summary</a></p>");
	if (l.session->summary) {
		desk_raw(&d, "<section><h2>สรุป · Summary</h2><pre>");
		desk_esc(&d, l.session->summary);
		desk_raw(&d, "</pre></section>");
	}
	unload(&l);
	return desk_finish(&d, 200);
}

/* A POST that changes the session: its page again, with a notice. */
static int
back(struct cks_api_response *response, const char *param, const char *rest)
{
	char location[128];

	snprintf(location, sizeof(location), "/desk/sessions/%lld%s",
	    (long long)desk_id(param), rest);
	return desk_redirect(response, location);
}

static int
post_step(const struct cks_api_env *env, const struct cks_api_request *request,
	  const char *const *params, struct cks_api_response *response)
{
	struct cks_error err;
	struct desk d;
	const char *event;

	if (desk_begin(&d, env, request, response, CKS_DESK_AGENT, 1) < 0)
		return -1;
	event = desk_arg(&d, "event");
	if (desk_arg(&d, "step") == NULL || event == NULL ||
	    (strcmp(event, "start") != 0 && strcmp(event, "done") != 0))
		return desk_fail(&d, 400, "step and event (start or done) are "
		    "required");
	if (cks_session_record_step(env->store, env->channels,
	    desk_id(params[0]), desk_arg(&d, "step"), strcmp(event, "start") == 0 ?
	    CKS_STEP_START : CKS_STEP_DONE, 0, &err) < 0)
		return desk_fail_error(&d, &err);
	return back(response, params[0], "#steps");
}

static void
limits_of(const struct cks_api_env *env, struct cks_basket_limits *limits)
{
	memset(limits, 0, sizeof(*limits));
	limits->max_items = env->config->basket_max_items;
	limits->max_file_bytes = env->config->basket_max_file_bytes;
	limits->max_total_bytes = env->config->basket_max_total_bytes;
}

static const char *
given(const char *text)
{
	return text != NULL && text[0] != '\0' ? text : NULL;
}

static int
post_item(const struct cks_api_env *env, const struct cks_api_request *request,
	  const char *const *params, struct cks_api_response *response)
{
	struct cks_basket_item_input in = { 0 };
	struct cks_basket_limits limits;
	struct cks_error err;
	struct desk d;
	int64_t item, kb;

	if (desk_begin(&d, env, request, response, CKS_DESK_AGENT, 1) < 0)
		return -1;
	limits_of(env, &limits);
	kb = desk_id(desk_arg(&d, "kb_item"));
	in.title_th = given(desk_arg(&d, "title_th"));
	in.title_en = given(desk_arg(&d, "title_en"));
	in.url = given(desk_arg(&d, "url"));
	if ((kb ? cks_kb_to_basket(env->store, desk_id(params[0]), kb, &limits,
	     &item, &err) : cks_basket_add(env->store, desk_id(params[0]), &in,
	     &limits, &item, &err)) < 0)
		return desk_fail_error(&d, &err);
	return back(response, params[0], "#basket");
}

static int
post_remove(const struct cks_api_env *env, const struct cks_api_request *request,
	    const char *const *params, struct cks_api_response *response)
{
	struct cks_error err;
	struct desk d;

	if (desk_begin(&d, env, request, response, CKS_DESK_AGENT, 1) < 0)
		return -1;
	if (cks_basket_remove(env->store, desk_id(params[0]), desk_id(params[1]),
			      &err) < 0)
		return desk_fail_error(&d, &err);
	return back(response, params[0], "#basket");
}

/* --- the client's screen --------------------------------------------------- */

static int
get_screen(const struct cks_api_env *env, const struct cks_api_request *request,
	   const char *const *params, struct cks_api_response *response)
{
	struct cks_outbound out = { .config = env->config, .store = env->store,
	    .channels = env->channels, .templates = env->templates,
	    .redact_links = 1 };
	struct cks_rendered r = { 0 };
	struct cks_error err;
	struct loaded l;
	struct desk d;
	char action[96];
	int en;

	if (desk_begin(&d, env, request, response, CKS_DESK_VIEWER, 0) < 0 ||
	    load(&d, params[0], &l) < 0)
		return -1;
	en = strcmp(l.client->lang, "en") == 0;
	if (cks_compose_basket_preview(&out, l.session->id, NULL, &r, &err) < 0) {
		unload(&l);
		return desk_fail_error(&d, &err);
	}
	desk_head(&d, "ตรวจสอบข้อมูล", "Please check", 1);
	desk_raw(&d, en ? "<h1>Please check what we will send you</h1>"
	    : "<h1>โปรดตรวจสอบข้อมูลที่จะส่งให้ท่าน</h1>");
	desk_raw(&d, "<p>");
	desk_raw(&d, en ? "To: " : "ส่งถึง: ");
	desk_raw(&d, "<b id=\"address\">");
	desk_esc(&d, l.client->email ? l.client->email : "–");
	desk_raw(&d, "</b><br>");
	desk_raw(&d, en ? "Subject: " : "เรื่อง: ");
	desk_esc(&d, r.subject);
	desk_raw(&d, "</p><ol id=\"items\">");
	for (size_t i = 0; i < l.basket->count; i++) {
		const struct cks_basket_item *it = &l.basket->items[i];
		const char *title = en ? (it->title_en ? it->title_en : it->title_th)
		    : (it->title_th ? it->title_th : it->title_en);

		desk_raw(&d, "<li><b>");
		desk_esc(&d, title);
		desk_raw(&d, "</b>");
		if (it->url) {
			desk_raw(&d, "<br>");
			desk_esc(&d, it->url);
		}
		if (it->attachment_id) {
			desk_raw(&d, en ? "<br>Attached file: " : "<br>ไฟล์แนบ: ");
			desk_esc(&d, it->filename);
		}
		desk_raw(&d, "</li>");
	}
	desk_raw(&d, "</ol>");
	if (cks_basket_is_confirmed(l.basket))
		desk_raw(&d, en ? "<p class=\"ok\" id=\"thanks\">✔ Thank you, "
		    "confirmed.</p>" : "<p class=\"ok\" id=\"thanks\">✔ ขอบคุณ "
		    "ยืนยันแล้ว</p>");
	if (d.user.role >= CKS_DESK_AGENT && l.basket->count > 0 &&
	    !cks_basket_is_confirmed(l.basket)) {
		path(action, sizeof(action), l.session, "/screen");
		desk_form(&d, action);
		desk_printf(&d, "<input type=\"hidden\" name=\"revision\" "
		    "value=\"%lld\">", (long long)l.basket->revision);
		desk_raw(&d, "<button type=\"submit\" name=\"answer\" value=\"correct\" "
		    "id=\"correct\" class=\"done\">ถูกต้อง / Correct</button> "
		    "<button type=\"submit\" name=\"answer\" value=\"change\" "
		    "id=\"change\" class=\"warn\">แก้ไข / Needs a change</button>"
		    "</form>");
	}
	path(action, sizeof(action), l.session, "");
	desk_raw(&d, "<p style=\"font-size:14px\"><a href=\"");
	desk_esc(&d, action);
	desk_raw(&d, "\">← เจ้าหน้าที่ · Agent</a></p>");
	cks_rendered_free(&r);
	unload(&l);
	return desk_finish(&d, 200);
}

static int
post_screen(const struct cks_api_env *env, const struct cks_api_request *request,
	    const char *const *params, struct cks_api_response *response)
{
	struct cks_error err;
	struct desk d;
	const char *answer;
	int64_t revision;

	if (desk_begin(&d, env, request, response, CKS_DESK_AGENT, 1) < 0)
		return -1;
	answer = desk_arg(&d, "answer");
	revision = desk_id(desk_arg(&d, "revision"));
	if (answer != NULL && strcmp(answer, "change") == 0)
		return back(response, params[0], "?notice=change#basket");
	if (answer == NULL || strcmp(answer, "correct") != 0 || revision == 0)
		return desk_fail(&d, 400, "answer (correct or change) and "
		    "revision are required");
	/* The revision the client saw: a basket changed since is refused. */
	if (cks_basket_confirm_revision(env->store, desk_id(params[0]), revision,
					0, &err) < 0)
		return desk_fail_error(&d, &err);
	return back(response, params[0], "/screen");
}

static int
post_send(const struct cks_api_env *env, const struct cks_api_request *request,
	  const char *const *params, struct cks_api_response *response)
{
	struct cks_outbound out = { .config = env->config, .store = env->store,
	    .channels = env->channels, .templates = env->templates };
	struct cks_error err;
	struct desk d;
	int64_t queue_id;
	int existing;

	if (desk_begin(&d, env, request, response, CKS_DESK_AGENT, 1) < 0)
		return -1;
	if (cks_compose_basket_send(&out, desk_id(params[0]), NULL, &queue_id,
				    &existing, &err) < 0)
		return desk_fail_error(&d, &err);
	if (env->wake != NULL)
		env->wake(env->wake_context);
	return back(response, params[0], "?notice=sent#send");
}

static int
post_survey(const struct cks_api_env *env, const struct cks_api_request *request,
	    const char *const *params, struct cks_api_response *response)
{
	struct cks_outbound out = { .config = env->config, .store = env->store,
	    .channels = env->channels, .templates = env->templates };
	struct cks_error err;
	struct desk d;
	int64_t queue_id;
	char token[32];
	int existing;

	if (desk_begin(&d, env, request, response, CKS_DESK_AGENT, 1) < 0)
		return -1;
	if (cks_compose_survey_send(&out, desk_id(params[0]), &queue_id, token,
				    sizeof(token), &existing, &err) < 0)
		return desk_fail_error(&d, &err);
	explicit_bzero(token, sizeof(token));
	if (env->wake != NULL)
		env->wake(env->wake_context);
	return back(response, params[0], "?notice=survey#send");
}

static int
post_close(const struct cks_api_env *env, const struct cks_api_request *request,
	   const char *const *params, struct cks_api_response *response)
{
	struct cks_error err;
	struct desk d;
	const char *summary;

	if (desk_begin(&d, env, request, response, CKS_DESK_AGENT, 1) < 0)
		return -1;
	summary = desk_arg(&d, "summary");
	if (summary == NULL || summary[0] == '\0')
		return desk_fail(&d, 400, "summary: required to close a session");
	if (cks_session_close(env->store, desk_id(params[0]), summary, NULL, 0,
			      &err) < 0)
		return desk_fail_error(&d, &err);
	return back(response, params[0], "?notice=closed");
}

/* The summary page of summary.LANG.html, as `cksctl summary --html`
 * prints it: one A4 page, ready to print. */
static int
get_summary(const struct cks_api_env *env, const struct cks_api_request *request,
	    const char *const *params, struct cks_api_response *response)
{
	struct cks_error err;
	struct desk d;
	const char *lang;
	char *html;

	if (desk_begin(&d, env, request, response, CKS_DESK_VIEWER, 0) < 0)
		return -1;
	lang = desk_arg(&d, "lang");
	if (cks_summary_render(env->store, env->channels, env->templates,
	    desk_id(params[0]), lang, &html, &err) < 0)
		return desk_fail_error(&d, &err);
	return cks_api_reply_page(response, html);
}

const struct cks_api_route cks_api_desk_session_routes[] = {
	{ "GET", "/desk/sessions/:id", get_session },
	{ "POST", "/desk/sessions/:id/steps", post_step },
	{ "POST", "/desk/sessions/:id/items", post_item },
	{ "POST", "/desk/sessions/:id/items/:item/remove", post_remove },
	{ "GET", "/desk/sessions/:id/screen", get_screen },
	{ "POST", "/desk/sessions/:id/screen", post_screen },
	{ "POST", "/desk/sessions/:id/send", post_send },
	{ "POST", "/desk/sessions/:id/survey", post_survey },
	{ "POST", "/desk/sessions/:id/close", post_close },
	{ "GET", "/desk/sessions/:id/summary", get_summary },
	{ NULL, NULL, NULL },
};
