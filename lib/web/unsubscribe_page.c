#include "autoconfig.h"

#include "unsubscribe_page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "buffer.h"
#include "clock.h"
#include "consent.h"
#include "html.h"
#include "log.h"
#include "unsubscribe_link.h"

#define HTML_TYPE "text/html; charset=utf-8"

enum page {
	PAGE_CONFIRM,       /* GET: a button that POSTs */
	PAGE_DONE,          /* POST: opted out now */
	PAGE_ALREADY,       /* opted out before */
	PAGE_NOT_FOUND,     /* not our link */
	PAGE_BAD_REQUEST,   /* POST without List-Unsubscribe=One-Click */
	PAGE_FAILED,        /* the store failed: try again */
};

static const struct {
	const char *title_th, *title_en, *text_th, *text_en;
} texts[] = {
	[PAGE_CONFIRM] = { "ยกเลิกการรับแบบสอบถาม", "Stop surveys",
	    "กดปุ่มด้านล่างเพื่อยืนยันว่าท่านไม่ประสงค์รับแบบสอบถามความพึงพอใจจากเราอีก "
	    "ท่านยังได้รับอีเมลข้อมูลที่ท่านขอจากเจ้าหน้าที่ตามปกติ",
	    "Press the button below to confirm that you want no more "
	    "satisfaction surveys from us. You will still receive the "
	    "information you ask our officers for." },
	[PAGE_DONE] = { "ยกเลิกเรียบร้อยแล้ว", "Done",
	    "เราจะไม่ส่งแบบสอบถามความพึงพอใจถึงท่านอีก ขอบคุณ",
	    "We will send you no more satisfaction surveys. Thank you." },
	[PAGE_ALREADY] = { "ยกเลิกไว้แล้ว", "Already done",
	    "ท่านได้ยกเลิกการรับแบบสอบถามไว้แล้ว เราจะไม่ส่งแบบสอบถามถึงท่านอีก",
	    "You asked for no more surveys before; we will send you none." },
	[PAGE_NOT_FOUND] = { "ไม่พบลิงก์นี้", "Link not found",
	    "ลิงก์นี้ไม่ถูกต้อง โปรดเปิดลิงก์จากอีเมลของเราอีกครั้ง "
	    "หรือตอบกลับอีเมลด้วยคำว่า unsubscribe",
	    "This link is not valid. Please open the link from our email "
	    "again, or reply to the email with the word unsubscribe." },
	[PAGE_BAD_REQUEST] = { "คำขอไม่สมบูรณ์", "Incomplete request",
	    "โปรดกดปุ่มยืนยันในหน้าที่เปิดจากลิงก์",
	    "Please press the confirm button on the page the link opens." },
	[PAGE_FAILED] = { "ขออภัย", "Sorry",
	    "ระบบไม่สามารถดำเนินการได้ในขณะนี้ โปรดลองใหม่ภายหลัง",
	    "This cannot be done right now. Please try again later." },
};

static int
reply_page(const struct cks_api_env *env, struct cks_api_response *response,
	   int status, enum page page, const char *token)
{
	struct cks_buffer b = { 0 };
	char *html;

	cks_buffer_add_string(&b, "<!DOCTYPE html>\n<html lang=\"th\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n"
	    "<meta name=\"referrer\" content=\"no-referrer\">\n"
	    "<meta name=\"robots\" content=\"noindex\">\n<title>");
	cks_html_escape(&b, texts[page].title_th, strlen(texts[page].title_th));
	cks_buffer_add_string(&b, " / ");
	cks_html_escape(&b, texts[page].title_en, strlen(texts[page].title_en));
	cks_buffer_add_string(&b, "</title>\n</head>\n<body>\n<p>");
	{
		const char *name = cks_config_department_name(env->config, "th");

		cks_html_escape(&b, name, strlen(name));
	}
	cks_buffer_add_string(&b, "</p>\n<h1>");
	cks_html_escape(&b, texts[page].title_th, strlen(texts[page].title_th));
	cks_buffer_add_string(&b, "</h1>\n<p>");
	cks_html_escape(&b, texts[page].text_th, strlen(texts[page].text_th));
	cks_buffer_add_string(&b, "</p>\n<h2 lang=\"en\">");
	cks_html_escape(&b, texts[page].title_en, strlen(texts[page].title_en));
	cks_buffer_add_string(&b, "</h2>\n<p lang=\"en\">");
	cks_html_escape(&b, texts[page].text_en, strlen(texts[page].text_en));
	cks_buffer_add_string(&b, "</p>\n");
	if (page == PAGE_CONFIRM && token != NULL) {
		/* Absolute, as the rating pages' forms are: public_url holds any
		 * prefix a proxy adds. */
		cks_buffer_add_string(&b, "<form method=\"post\" action=\"");
		cks_html_escape(&b, env->config->http_public_url,
		    strlen(env->config->http_public_url));
		cks_buffer_add_string(&b, "/u/");
		cks_html_escape(&b, token, strlen(token));
		cks_buffer_add_string(&b, "\">\n<input type=\"hidden\" "
		    "name=\"List-Unsubscribe\" value=\"One-Click\">\n"
		    "<button type=\"submit\">ยืนยัน / Confirm</button>\n"
		    "</form>\n");
	}
	cks_buffer_add_string(&b, "</body>\n</html>\n");
	html = cks_buffer_finish(&b);
	if (html == NULL) {
		cks_api_reply_text(response, 500, "text/plain; charset=utf-8",
		    "out of memory\n", 14);
	} else {
		cks_api_reply_text(response, status, HTML_TYPE, html, strlen(html));
		free(html);
	}
	response->cache_control = "no-store";
	return response->status < 400 ? 0 : -1;
}

static int
reply_failed(const struct cks_api_env *env, struct cks_api_response *response,
	     const struct cks_error *err)
{
	char value[512];
	int status = CKS_ERROR_IS_TEMPORARY(err->kind) ? 503 : 500;

	cks_log(CKS_LOG_WARNING, "unsubscribe.failed", "error=%s",
	    cks_log_value(err->message, value, sizeof(value)));
	reply_page(env, response, status, PAGE_FAILED, NULL);
	if (status == 503)
		response->retry_after = 1;
	return -1;
}

/* 1 with *client_id (and *consent loaded) for a valid link to a client
 * we hold, 0 after a 404 page, -1 after a failure page. */
static int
resolve(const struct cks_api_env *env, const char *token,
	struct cks_api_response *response, int64_t *client_id,
	struct cks_consent *consent)
{
	struct cks_error err;
	int rc = cks_unsubscribe_token_verify(env->config, token, client_id,
	    &err);

	if (rc < 0)
		return reply_failed(env, response, &err);
	if (rc == 0) {
		reply_page(env, response, 404, PAGE_NOT_FOUND, NULL);
		return 0;
	}
	if (cks_consent_get(env->store, *client_id, consent, &err) < 0) {
		if (err.kind != CKS_ERROR_NOT_FOUND)
			return reply_failed(env, response, &err);
		reply_page(env, response, 404, PAGE_NOT_FOUND, NULL);
		return 0;
	}
	return 1;
}

static int
get_page(const struct cks_api_env *env, const struct cks_api_request *request,
	 const char *const *params, struct cks_api_response *response)
{
	struct cks_consent consent;
	int64_t client_id;
	int rc = resolve(env, params[0], response, &client_id, &consent);

	(void)request;
	if (rc <= 0)
		return -1;
	rc = reply_page(env, response, 200, consent.opted_out_ms != 0
	    ? PAGE_ALREADY : PAGE_CONFIRM, params[0]);
	cks_consent_clear(&consent);
	return rc;
}

/* RFC 8058: the body holds List-Unsubscribe=One-Click, urlencoded (read
 * as a form field) or as multipart/form-data (looked for in the body). */
static int
one_click(const struct cks_api_request *request)
{
	const char *value = request->argument != NULL
	    ? request->argument(request->argument_context, "List-Unsubscribe")
	    : NULL;

	if (value != NULL)
		return strcmp(value, "One-Click") == 0;
	return request->content_type != NULL && request->body != NULL &&
	    strncmp(request->content_type, "multipart/form-data", 19) == 0 &&
	    strstr(request->body, "name=\"List-Unsubscribe\"") != NULL &&
	    strstr(request->body, "One-Click") != NULL;
}

static int
post_page(const struct cks_api_env *env, const struct cks_api_request *request,
	  const char *const *params, struct cks_api_response *response)
{
	struct cks_consent consent;
	struct cks_error err;
	int64_t client_id;
	int changed, rc = resolve(env, params[0], response, &client_id, &consent);

	if (rc <= 0)
		return -1;
	cks_consent_clear(&consent);
	if (!one_click(request))
		return reply_page(env, response, 400, PAGE_BAD_REQUEST, NULL);
	if (cks_consent_opt_out(env->store, client_id, "link", &changed,
				&err) < 0)
		return reply_failed(env, response, &err);
	if (changed)
		cks_log(CKS_LOG_INFO, "client.opt_out", "client=%lld via=link",
		    (long long)client_id);
	return reply_page(env, response, 200, changed ? PAGE_DONE : PAGE_ALREADY,
	    NULL);
}

const struct cks_api_route cks_api_unsubscribe_routes[] = {
	{ "GET", "/u/:token", get_page },
	{ "POST", "/u/:token", post_page },
	{ NULL, NULL, NULL },
};
