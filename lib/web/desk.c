/* The desk console, part one: signing in and out, today's sessions,
 * finding and adding a client, opening a session on a channel, and the
 * catalogue.  The pages of one session are desk_session.c; the
 * supervisor's, desk_supervisor.c.  Which routes exist is here; who may
 * use them is the console's own sign-in (desk_page.c), so cks_api_rules
 * lists them as public, with form bodies. */
#include "autoconfig.h"

#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "clock.h"
#include "desk_page.h"
#include "kb.h"
#include "random.h"
#include "session.h"

/* The cookie: the session's token, for /desk only, never readable by a
 * script, never sent by another site's page, Secure over TLS. */
static int
set_cookie(const struct cks_api_request *request,
	   struct cks_api_response *response, const char *value, long max_age)
{
	char text[256];

	snprintf(text, sizeof(text), "cks_desk=%s; Path=/desk; HttpOnly; "
	    "SameSite=Strict; Max-Age=%ld%s", value, max_age,
	    request->tls ? "; Secure" : "");
	free(response->set_cookie);
	response->set_cookie = strdup(text);
	return response->set_cookie != NULL ? 0 : -1;
}

static void
channel_select(struct desk *d)
{
	const struct cks_channels *ch = d->env->channels;

	desk_raw(d, "<label for=\"channel\">ช่องทาง · Channel</label>"
	    "<select id=\"channel\" name=\"channel\">");
	for (size_t i = 0; i < ch->count; i++) {
		const struct cks_channel_plugin *p = ch->channels[i].plugin;

		desk_raw(d, "<option value=\"");
		desk_esc(d, p->id);
		desk_raw(d, "\">");
		desk_esc(d, p->name.th);
		desk_raw(d, " · ");
		desk_esc(d, p->name.en);
		desk_raw(d, "</option>");
	}
	desk_raw(d, "</select>");
}

/* --- signing in ---------------------------------------------------------- */

/* Before there is a session, the sign-in form's CSRF token is a random
 * cookie of its own ("pre" and 64 hex digits) that the form repeats
 * (double submit), so another site cannot sign a browser in. */
static int
get_signin(const struct cks_api_env *env, const struct cks_api_request *request,
	   const char *const *params, struct cks_api_response *response)
{
	struct desk d = { .env = env, .request = request, .response = response };
	char pre[3 + CKS_DESK_TOKEN_HEX + 1] = "pre";
	const char *cookie = request->desk_cookie;
	struct cks_error err;

	(void)params;
	/* Signed in already: the form would replace the session's cookie. */
	if (cks_desk_session(env->store, cookie, &d.user, &err) == 0)
		return desk_redirect(response, "/desk/today");
	memset(&d.user, 0, sizeof(d.user));
	if (cookie != NULL && strncmp(cookie, "pre", 3) == 0 &&
	    strlen(cookie) == sizeof(pre) - 1)
		snprintf(pre, sizeof(pre), "%s", cookie);
	else if (cks_random_hex(pre + 3, 32, &err) < 0 ||
		 set_cookie(request, response, pre, 1800) < 0)
		return cks_api_reply_error(response, 500, NULL, "no random bytes");
	desk_head(&d, "เข้าสู่ระบบ", "Sign in", 1);
	desk_raw(&d, "<section style=\"max-width:420px;margin:auto;font-size:17px\">"
	    "<h1>เข้าสู่ระบบ · Sign in</h1>");
	if (desk_arg(&d, "failed") != NULL)
		desk_raw(&d, "<p class=\"notice\">ชื่อหรือรหัสผ่านไม่ถูกต้อง · "
		    "Wrong login or password</p>");
	desk_raw(&d, "<form method=\"post\" action=\"/desk/signin\">"
	    "<input type=\"hidden\" name=\"csrf\" value=\"");
	desk_esc(&d, pre);
	desk_raw(&d, "\"><label for=\"login\">ชื่อผู้ใช้ · Login</label>"
	    "<input id=\"login\" name=\"login\" autocomplete=\"username\" "
	    "required autofocus>"
	    "<label for=\"password\">รหัสผ่าน · Password</label>"
	    "<input id=\"password\" name=\"password\" type=\"password\" "
	    "autocomplete=\"current-password\" required>"
	    "<p><button type=\"submit\">เข้าสู่ระบบ · Sign in</button></p>"
	    "</form></section>");
	return desk_finish(&d, 200);
}

static int
post_signin(const struct cks_api_env *env, const struct cks_api_request *request,
	    const char *const *params, struct cks_api_response *response)
{
	struct desk d = { .env = env, .request = request, .response = response };
	const char *login = desk_arg(&d, "login"), *password = desk_arg(&d,
	    "password"), *csrf = desk_arg(&d, "csrf"), *pre = request->desk_cookie;
	char token[CKS_DESK_TOKEN_HEX + 1];
	struct cks_desk_user user;
	struct cks_error err;
	long retry = 0;

	(void)params;
	if (pre == NULL || csrf == NULL || strncmp(pre, "pre", 3) != 0 ||
	    strcmp(pre, csrf) != 0)
		return desk_fail(&d, 403, "แบบฟอร์มหมดอายุ (CSRF) · The sign-in "
		    "form is stale or not ours (CSRF): open it again");
	if (login == NULL || password == NULL)
		return desk_fail(&d, 400, "login and password are required");
	if (cks_desk_sign_in(env->store, login, password, request->peer, token,
			     &user, &retry, &err) < 0) {
		if (err.kind == CKS_ERROR_BUSY && retry > 0) {
			response->retry_after = (int)retry;
			return desk_fail(&d, 429, err.message);
		}
		if (err.kind == CKS_ERROR_INVALID)
			return desk_redirect(response, "/desk/signin?failed=1");
		return desk_fail_error(&d, &err);
	}
	set_cookie(request, response, token, CKS_DESK_SESSION_MS / 1000);
	explicit_bzero(token, sizeof(token));
	return desk_redirect(response, "/desk/today");
}

static int
post_signout(const struct cks_api_env *env,
	     const struct cks_api_request *request, const char *const *params,
	     struct cks_api_response *response)
{
	struct desk d;
	struct cks_error err;

	(void)params;
	if (desk_begin(&d, env, request, response, CKS_DESK_VIEWER, 1) < 0)
		return -1;
	if (cks_desk_sign_out(env->store, request->desk_cookie, &err) < 0)
		return desk_fail_error(&d, &err);
	set_cookie(request, response, "", 0);
	return desk_redirect(response, "/desk/signin");
}

static int
get_root(const struct cks_api_env *env, const struct cks_api_request *request,
	 const char *const *params, struct cks_api_response *response)
{
	struct desk d;

	(void)params;
	if (desk_begin(&d, env, request, response, CKS_DESK_VIEWER, 0) < 0)
		return -1;
	return desk_redirect(response, "/desk/today");
}

/* --- today --------------------------------------------------------------- */

static int64_t
local_midnight(void)
{
	struct tm tm;

	cks_time_local(cks_now_ms(), &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	return cks_time_from_local(&tm);
}

static void
session_line(struct desk *d, const struct cks_session *s)
{
	char href[64];

	snprintf(href, sizeof(href), "/desk/sessions/%lld", (long long)s->id);
	desk_raw(d, "<li><a href=\"");
	desk_esc(d, href);
	desk_printf(d, "\">#%lld ", (long long)s->id);
	desk_esc(d, s->client_name);
	desk_raw(d, "</a> <span class=\"muted\">");
	desk_esc(d, s->channel);
	desk_raw(d, " · ");
	desk_esc(d, s->agent);
	desk_raw(d, " · ");
	desk_time(d, s->opened_ms);
	desk_raw(d, s->closed_ms ? " · ปิดแล้ว · closed" : " · <b>เปิดอยู่ · open</b>");
	desk_raw(d, "</span></li>");
}

static int
get_today(const struct cks_api_env *env, const struct cks_api_request *request,
	  const char *const *params, struct cks_api_response *response)
{
	struct cks_session_filter filter = { .limit = 500 };
	struct cks_session **list;
	struct cks_error err;
	struct desk d;
	size_t count, shown = 0;
	int64_t since = local_midnight();
	int mine_only = 0;

	(void)params;
	if (desk_begin(&d, env, request, response, CKS_DESK_VIEWER, 0) < 0)
		return -1;
	if (desk_arg(&d, "mine") != NULL) {
		filter.agent = d.user.login;
		mine_only = 1;
	}
	if (cks_session_list(env->store, &filter, &list, &count, &err) < 0)
		return desk_fail_error(&d, &err);
	desk_head(&d, "วันนี้", "Today", 0);
	desk_raw(&d, "<h1>บริการวันนี้ · Today's sessions</h1><p>");
	desk_raw(&d, mine_only ? "<a href=\"/desk/today\">ทั้งหมด · Everyone's</a>"
	    : "<a href=\"/desk/today?mine=1\">ของฉัน · Mine</a>");
	desk_raw(&d, "</p><section><ul class=\"list\">");
	for (size_t i = 0; i < count; i++)
		if (list[i]->opened_ms >= since) {
			session_line(&d, list[i]);
			shown++;
		}
	if (shown == 0)
		desk_raw(&d, "<li class=\"muted\">ยังไม่มี · None yet</li>");
	desk_raw(&d, "</ul></section>");
	cks_session_list_free(&list, count);
	if (d.user.role >= CKS_DESK_AGENT)
		desk_raw(&d, "<p><a class=\"button\" href=\"/desk/clients\">"
		    "ให้บริการผู้รับบริการ · Serve a client</a></p>");
	return desk_finish(&d, 200);
}

/* --- clients --------------------------------------------------------------- */

static void
client_card(struct desk *d, const struct cks_client *c, int open_form)
{
	char action[64];

	desk_raw(d, "<li><b>");
	desk_esc(d, c->name);
	desk_raw(d, "</b> <span class=\"muted\">");
	desk_esc(d, c->company);
	desk_raw(d, " ");
	desk_esc(d, c->email);
	desk_raw(d, " ");
	desk_esc(d, c->phone);
	desk_printf(d, " · %s</span>", strcmp(c->lang, "en") == 0 ?
	    "English" : "ไทย");
	if (open_form && d->user.role >= CKS_DESK_AGENT) {
		snprintf(action, sizeof(action), "/desk/sessions");
		desk_form(d, action);
		desk_printf(d, "<input type=\"hidden\" name=\"client\" "
		    "value=\"%lld\"><div class=\"row\"><div>", (long long)c->id);
		channel_select(d);
		desk_raw(d, "</div><div><button type=\"submit\">เปิดบริการ · "
		    "Open a session</button></div></div></form>");
	}
	desk_raw(d, "</li>");
}

static int
get_clients(const struct cks_api_env *env, const struct cks_api_request *request,
	    const char *const *params, struct cks_api_response *response)
{
	struct cks_client **list = NULL;
	struct cks_error err;
	struct desk d;
	size_t count = 0;
	const char *q;

	(void)params;
	if (desk_begin(&d, env, request, response, CKS_DESK_VIEWER, 0) < 0)
		return -1;
	q = desk_arg(&d, "q");
	if (q != NULL && q[0] != '\0' &&
	    cks_client_find(env->store, q, 20, &list, &count, &err) < 0)
		return desk_fail_error(&d, &err);
	desk_head(&d, "ผู้รับบริการ", "Clients", 0);
	desk_raw(&d, "<h1>ค้นหาผู้รับบริการ · Find a client</h1>"
	    "<form method=\"get\" action=\"/desk/clients\" class=\"row\"><div>"
	    "<label for=\"q\">ชื่อ อีเมล หรือโทรศัพท์ · Name, email or phone"
	    "</label><input id=\"q\" name=\"q\" value=\"");
	desk_esc(&d, q);
	desk_raw(&d, "\"></div><div><button type=\"submit\">ค้นหา · Find</button>"
	    "</div></form>");
	if (q != NULL && q[0] != '\0') {
		desk_raw(&d, "<section><ul class=\"list\">");
		for (size_t i = 0; i < count; i++)
			client_card(&d, list[i], 1);
		if (count == 0)
			desk_raw(&d, "<li class=\"muted\">ไม่พบ · No client found</li>");
		desk_raw(&d, "</ul></section>");
	}
	cks_client_list_free(&list, count);
	if (d.user.role >= CKS_DESK_AGENT) {
		desk_raw(&d, "<section><h2>เพิ่มผู้รับบริการ · Add a client</h2>");
		desk_form(&d, "/desk/clients");
		desk_raw(&d, "<label for=\"name\">ชื่อ · Name</label>"
		    "<input id=\"name\" name=\"name\" required>"
		    "<label for=\"company\">บริษัท · Company</label>"
		    "<input id=\"company\" name=\"company\">"
		    "<label for=\"email\">อีเมล · Email</label>"
		    "<input id=\"email\" name=\"email\" type=\"email\">"
		    "<label for=\"phone\">โทรศัพท์ · Phone</label>"
		    "<input id=\"phone\" name=\"phone\" type=\"tel\">"
		    "<label for=\"lang\">ภาษา · Language</label>"
		    "<select id=\"lang\" name=\"lang\"><option value=\"th\">ไทย"
		    "</option><option value=\"en\">English</option></select>"
		    "<p><button type=\"submit\">เพิ่ม · Add</button></p>"
		    "</form></section>");
	}
	return desk_finish(&d, 200);
}

static const char *
given(const char *text)
{
	return text != NULL && text[0] != '\0' ? text : NULL;
}

static int
post_client(const struct cks_api_env *env, const struct cks_api_request *request,
	    const char *const *params, struct cks_api_response *response)
{
	struct cks_client_input in = { 0 };
	struct cks_client *c;
	struct cks_error err;
	struct desk d;
	int64_t id;

	(void)params;
	if (desk_begin(&d, env, request, response, CKS_DESK_AGENT, 1) < 0)
		return -1;
	in.name = desk_arg(&d, "name");
	in.company = given(desk_arg(&d, "company"));
	in.email = given(desk_arg(&d, "email"));
	in.phone = given(desk_arg(&d, "phone"));
	in.lang = given(desk_arg(&d, "lang"));
	in.levels = env->config->client_levels;
	if (in.name == NULL)
		return desk_fail(&d, 400, "name: required");
	if (cks_client_add(env->store, &in, &id, &err) < 0)
		return desk_fail_error(&d, &err);
	if (cks_client_get(env->store, id, &c, &err) < 0)
		return desk_fail_error(&d, &err);
	desk_head(&d, "เพิ่มแล้ว", "Added", 0);
	desk_raw(&d, "<h1>เพิ่มผู้รับบริการแล้ว · Client added</h1>"
	    "<section><ul class=\"list\">");
	client_card(&d, c, 1);
	desk_raw(&d, "</ul></section>");
	cks_client_free(&c);
	return desk_finish(&d, 201);
}

static int
post_session(const struct cks_api_env *env,
	     const struct cks_api_request *request, const char *const *params,
	     struct cks_api_response *response)
{
	struct cks_error err;
	struct desk d;
	int64_t client, id;
	char location[64];

	(void)params;
	if (desk_begin(&d, env, request, response, CKS_DESK_AGENT, 1) < 0)
		return -1;
	client = desk_id(desk_arg(&d, "client"));
	if (client == 0 || desk_arg(&d, "channel") == NULL)
		return desk_fail(&d, 400, "client and channel are required");
	if (cks_session_open(env->store, env->channels, desk_arg(&d, "channel"),
			     client, d.user.login, 0, &id, &err) < 0)
		return desk_fail_error(&d, &err);
	snprintf(location, sizeof(location), "/desk/sessions/%lld", (long long)id);
	return desk_redirect(response, location);
}

/* --- the catalogue ------------------------------------------------------- */

void
desk_kb_search(struct desk *d, int64_t session_id)
{
	struct cks_kb_item **items = NULL;
	struct cks_error err;
	size_t count = 0;
	const char *q = desk_arg(d, "q");
	char action[80];

	desk_raw(d, "<form method=\"get\" class=\"row\" action=\"");
	if (session_id)
		desk_printf(d, "/desk/sessions/%lld#kb", (long long)session_id);
	else
		desk_raw(d, "/desk/kb");
	desk_raw(d, "\"><div><label for=\"q\">ค้นหาในคลังความรู้ · Search the "
	    "catalogue</label><input id=\"q\" name=\"q\" value=\"");
	desk_esc(d, q);
	desk_raw(d, "\"></div><div><button type=\"submit\">ค้นหา · Search"
	    "</button></div></form>");
	if (q == NULL || q[0] == '\0')
		return;
	if (cks_kb_search(d->env->store, q, 0, 20, &items, &count, &err) < 0) {
		desk_raw(d, "<p class=\"notice\">");
		desk_esc(d, err.message);
		desk_raw(d, "</p>");
		return;
	}
	desk_raw(d, "<ul class=\"list\" id=\"kb-results\">");
	for (size_t i = 0; i < count; i++) {
		const struct cks_kb_item *it = items[i];

		desk_raw(d, "<li><b>");
		desk_esc(d, it->title_th ? it->title_th : it->title_en);
		desk_raw(d, "</b><br><span class=\"muted\">");
		desk_esc(d, it->title_en);
		if (it->url) {
			desk_raw(d, " · ");
			desk_esc(d, it->url);
		}
		if (it->attachment_id) {
			desk_raw(d, " · ไฟล์ · file ");
			desk_esc(d, it->filename);
		}
		desk_printf(d, " · rev %lld</span>", (long long)it->revision);
		if (session_id && d->user.role >= CKS_DESK_AGENT) {
			snprintf(action, sizeof(action), "/desk/sessions/%lld/items",
			    (long long)session_id);
			desk_form(d, action);
			desk_printf(d, "<input type=\"hidden\" name=\"kb_item\" "
			    "value=\"%lld\"><button type=\"submit\">"
			    "ใส่ตะกร้า · Add to basket</button></form>",
			    (long long)it->id);
		}
		desk_raw(d, "</li>");
	}
	if (count == 0)
		desk_raw(d, "<li class=\"muted\">ไม่พบ · Nothing found</li>");
	desk_raw(d, "</ul>");
	cks_kb_list_free(&items, count);
}

static int
get_kb(const struct cks_api_env *env, const struct cks_api_request *request,
       const char *const *params, struct cks_api_response *response)
{
	struct desk d;

	(void)params;
	if (desk_begin(&d, env, request, response, CKS_DESK_VIEWER, 0) < 0)
		return -1;
	desk_head(&d, "คลังความรู้", "Catalogue", 0);
	desk_raw(&d, "<h1>คลังความรู้ · Catalogue</h1><section>");
	desk_kb_search(&d, 0);
	desk_raw(&d, "</section>");
	return desk_finish(&d, 200);
}

const struct cks_api_route cks_api_desk_routes[] = {
	{ "GET", "/desk", get_root },
	{ "GET", "/desk/signin", get_signin },
	{ "POST", "/desk/signin", post_signin },
	{ "POST", "/desk/signout", post_signout },
	{ "GET", "/desk/today", get_today },
	{ "GET", "/desk/clients", get_clients },
	{ "POST", "/desk/clients", post_client },
	{ "POST", "/desk/sessions", post_session },
	{ "GET", "/desk/kb", get_kb },
	{ NULL, NULL, NULL },
};
