#include "autoconfig.h"

#include "desk_page.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "html.h"

/* One style for every page.  Buttons, fields and menu links are at least
 * 44 px high (touch targets); nothing is wider than the screen (long
 * words and links break); the client's screen (.client) is large. */
static const char style[] =
	"*{box-sizing:border-box}"
	"body{margin:0;font:17px/1.5 'Noto Sans Thai','Loma',"
	"'Garuda',sans-serif;color:#1b1b1b;background:#f4f5f7;"
	"overflow-wrap:anywhere}"
	"header{background:#1d3b6e;color:#fff;padding:4px 12px}"
	"header a,header button{color:#fff}"
	"nav{display:flex;flex-wrap:wrap;gap:4px;align-items:center}"
	"nav a{display:inline-block;min-height:44px;padding:10px 10px;"
	"text-decoration:none}"
	"nav form{margin:0 0 0 auto}"
	"main{max-width:960px;margin:0 auto;padding:12px}"
	"h1{font-size:1.4em;margin:.4em 0}h2{font-size:1.15em;margin:1em 0 .4em}"
	"section,.card{background:#fff;border:1px solid #d5d9e0;"
	"border-radius:6px;padding:12px;margin:0 0 12px}"
	"ul.list{list-style:none;padding:0;margin:0}"
	"ul.list li{border-top:1px solid #e3e6ea;padding:8px 0}"
	"ul.list li:first-child{border-top:0}"
	"a{color:#1d4ed8}"
	"label{display:block;margin:6px 0 2px}"
	"input,select,textarea{font:inherit;width:100%;max-width:100%;"
	"min-height:44px;padding:8px;border:1px solid #9aa3af;border-radius:4px}"
	"textarea{min-height:88px}"
	"button,.button{font:inherit;display:inline-block;min-height:44px;"
	"min-width:44px;padding:8px 16px;margin:4px 4px 4px 0;border:0;"
	"border-radius:4px;background:#1d4ed8;color:#fff;cursor:pointer;"
	"text-decoration:none}"
	"button.secondary{background:#e5e7eb;color:#111}"
	"button.done{background:#15803d}button.warn{background:#b45309}"
	"form.inline{display:inline}"
	".muted{color:#5b6470;font-size:.9em}"
	".over{color:#b91c1c;font-weight:bold}.ok{color:#15803d}"
	".notice{background:#fef9c3;border:1px solid #e5d47a;padding:8px;"
	"border-radius:4px;margin:0 0 12px}"
	".row{display:flex;flex-wrap:wrap;gap:8px;align-items:center}"
	".row>*{flex:1 1 200px}"
	"pre{white-space:pre-wrap}"
	"main.client{max-width:1100px;font-size:24px}"
	".client h1{font-size:1.6em}"
	".client li{padding:14px 0}"
	".client button{font-size:1.2em;min-height:72px;padding:12px 28px}"
	"@media print{header,nav,form{display:none}body{background:#fff}}";

int64_t
desk_id(const char *text)
{
	int64_t v = 0;

	if (text == NULL || text[0] < '1' || text[0] > '9')
		return 0;
	for (const char *p = text; *p != '\0'; p++) {
		if (*p < '0' || *p > '9' || v > (INT64_MAX - 9) / 10)
			return 0;
		v = v * 10 + (*p - '0');
	}
	return v;
}

const char *
desk_arg(const struct desk *d, const char *name)
{
	if (d->request->argument == NULL)
		return NULL;
	return d->request->argument(d->request->argument_context, name);
}

void
desk_raw(struct desk *d, const char *html)
{
	cks_buffer_add_string(&d->page, html);
}

void
desk_printf(struct desk *d, const char *format, ...)
{
	char text[1024];
	va_list ap;

	va_start(ap, format);
	vsnprintf(text, sizeof(text), format, ap);
	va_end(ap);
	cks_buffer_add_string(&d->page, text);
}

void
desk_esc(struct desk *d, const char *text)
{
	if (text != NULL)
		cks_html_escape(&d->page, text, strlen(text));
}

void
desk_form(struct desk *d, const char *action)
{
	desk_raw(d, "<form method=\"post\" action=\"");
	desk_esc(d, action);
	desk_raw(d, "\"><input type=\"hidden\" name=\"csrf\" value=\"");
	desk_esc(d, d->user.csrf);
	desk_raw(d, "\">");
}

void
desk_time(struct desk *d, int64_t ms)
{
	struct tm tm;

	if (ms == 0) {
		desk_raw(d, "–");
		return;
	}
	cks_time_local(ms, &tm);
	desk_printf(d, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
}

void
desk_head(struct desk *d, const char *title_th, const char *title_en,
	  int plain)
{
	desk_raw(d, "<!DOCTYPE html><html lang=\"th\"><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\"><title>");
	desk_esc(d, title_th);
	desk_raw(d, " · ");
	desk_esc(d, title_en);
	desk_raw(d, " – cksgate</title><style>");
	desk_raw(d, style);
	desk_raw(d, "</style></head><body>");
	if (!plain) {
		desk_raw(d, "<header><nav>"
		    "<a href=\"/desk/today\">วันนี้ · Today</a>"
		    "<a href=\"/desk/clients\">ผู้รับบริการ · Clients</a>"
		    "<a href=\"/desk/kb\">คลังความรู้ · Catalogue</a>");
		if (d->user.role >= CKS_DESK_SUPERVISOR)
			desk_raw(d, "<a href=\"/desk/quarantine\">"
			    "คัดแยก · Quarantine</a>"
			    "<a href=\"/desk/ratings\">ไม่พอใจ · Not satisfied</a>");
		desk_raw(d, "<a href=\"/desk/kpi\">ตัวชี้วัด · KPI</a>"
		    "<a href=\"/desk/agents\">รายบุคคล · Per agent</a>");
		desk_form(d, "/desk/signout");
		desk_raw(d, "<span class=\"muted\" style=\"color:#dbe4f5\">");
		desk_esc(d, d->user.name);
		desk_printf(d, " (%s)</span> <button class=\"secondary\" "
		    "type=\"submit\">ออก · Sign out</button></form></nav></header>",
		    cks_desk_role_name(d->user.role));
	}
	desk_raw(d, plain ? "<main class=\"client\">" : "<main>");
}

int
desk_finish(struct desk *d, int status)
{
	char *html;

	desk_raw(d, "</main></body></html>");
	html = cks_buffer_finish(&d->page);
	memset(&d->page, 0, sizeof(d->page));
	if (html == NULL)
		return cks_api_reply_error(d->response, 500, NULL, "out of memory");
	free(d->response->body);
	d->response->status = status;
	d->response->content_type = "text/html; charset=utf-8";
	d->response->body = html;
	d->response->body_size = strlen(html);
	return 0;
}

int
desk_redirect(struct cks_api_response *response, const char *location)
{
	free(response->location);
	response->location = strdup(location);
	return cks_api_reply_text(response, 303, "text/plain; charset=utf-8",
	    "See Other\n", 10);
}

int
desk_fail(struct desk *d, int status, const char *message)
{
	free(d->page.data);
	memset(&d->page, 0, sizeof(d->page));
	desk_head(d, "ทำไม่ได้", "Not done", d->user.agent_id == 0);
	desk_raw(d, "<section><h1>ทำไม่ได้ · Not done</h1><p>");
	desk_esc(d, message);
	desk_raw(d, "</p><p><a href=\"/desk/today\">กลับ · Back</a></p></section>");
	desk_finish(d, status);
	return -1;
}

int
desk_fail_error(struct desk *d, const struct cks_error *err)
{
	int status = 500;

	switch (err->kind) {
	case CKS_ERROR_INVALID: status = 400; break;
	case CKS_ERROR_NOT_FOUND: status = 404; break;
	case CKS_ERROR_CONFLICT: status = 409; break;
	case CKS_ERROR_TEMPORARY:
	case CKS_ERROR_BUSY:
		status = 503;
		d->response->retry_after = 2;
		break;
	default: break;
	}
	return desk_fail(d, status, err->message);
}

int
desk_begin(struct desk *d, const struct cks_api_env *env,
	   const struct cks_api_request *request,
	   struct cks_api_response *response, enum cks_desk_role role,
	   int write)
{
	struct cks_error err;

	memset(d, 0, sizeof(*d));
	d->env = env;
	d->request = request;
	d->response = response;
	/* A form's session was looked up from its header (httpd.c). */
	if (request->desk_user != NULL)
		d->user = *request->desk_user;
	else if (cks_desk_session(env->store, request->desk_cookie, &d->user,
				  &err) < 0) {
		memset(&d->user, 0, sizeof(d->user));
		if (err.kind != CKS_ERROR_NOT_FOUND)
			return desk_fail_error(d, &err);
		/* A page asked for goes to the sign-in; a form posted
		 * without a session is refused outright. */
		if (write)
			return desk_fail(d, 401, "ยังไม่ได้เข้าสู่ระบบ · Not "
			    "signed in");
		desk_redirect(response, "/desk/signin");
		return -1;
	}
	if (write && !cks_desk_csrf_ok(&d->user, desk_arg(d, "csrf")))
		return desk_fail(d, 403, "แบบฟอร์มหมดอายุหรือไม่ถูกต้อง "
		    "(CSRF) · The form is stale or not ours (CSRF): reload the "
		    "page and try again");
	if (d->user.role < role)
		return desk_fail(d, 403, "สิทธิ์ไม่พอ · Your role may not do "
		    "this");
	return 0;
}

void
desk_clear(struct desk *d)
{
	free(d->page.data);
	memset(&d->page, 0, sizeof(d->page));
}
