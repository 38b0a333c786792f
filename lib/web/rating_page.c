/* The one-click rating pages (see rating_page.h).  GET and HEAD only read
 * the store; the POST records through cks_rating_record(), so a web answer
 * is kept in the revisions like any other.  Every reply, a refusal
 * included, is an HTML page for a person, never JSON. */
#include "autoconfig.h"

#include "rating_page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "channels.h"
#include "clock.h"
#include "compose.h"
#include "log.h"
#include "rating.h"
#include "token.h"
#include "utf8.h"

/* The medium of an answer given on the pages (schema v5 allows it). */
#define PAGE_MEDIUM "web"

#define HTML_TYPE "text/html; charset=utf-8"

/* The longest comment taken from the page, in characters (newlines count
 * one); a longer one is refused, never cut. */
#define COMMENT_MAX 1000

enum page_state {
	PAGE_CONFIRM,       /* GET: the answer and a button to confirm it */
	PAGE_RECORDED,      /* POST: recorded, or changed from another answer */
	PAGE_ALREADY,       /* POST: that very answer was recorded before */
	PAGE_NOT_FOUND,     /* no such invitation or option */
	PAGE_FAILED,        /* the store failed: try again later */
};

/* The template's flags, one per state, in enum order. */
static const char *const state_names[] = {
	"confirm", "recorded", "already", "not_found", "failed",
};

static const char *const page_langs[] = { "th", "en" };

/* Shown when a page template cannot be rendered (a broken edit): the
 * customer still gets a page, and a way to answer. */
static const char fallback_page[] =
	"<!DOCTYPE html>\n<html lang=\"th\">\n<head>\n<meta charset=\"utf-8\">\n"
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	"<meta name=\"referrer\" content=\"no-referrer\">\n"
	"<title>ขออภัย / Sorry</title>\n</head>\n<body>\n"
	"<p>ขออภัย ระบบแสดงหน้านี้ไม่ได้ในขณะนี้ "
	"โปรดตอบกลับอีเมลเชิญด้วยหมายเลขของคำตอบแทน</p>\n"
	"<p lang=\"en\">Sorry, this page cannot be shown now. Please reply to "
	"the invitation email with the number of your answer instead.</p>\n"
	"</body>\n</html>\n";

/* What a link points at. */
struct invitation {
	int64_t session_id;
	const struct cks_channel_plugin *plugin;
	int64_t opened_ms;
	char lang[3];           /* the client's: "th" or "en" */
	/* For the page's own links: http.public_url (borrowed) and the
	 * link's token as cks_token_parse() wrote it (the page shows it in
	 * its links, as the URL bar does; it is never logged). */
	const char *public_url;
	char token[CKS_TOKEN_SIZE];
};

/* The code segment of a link: one digit, as plugins' codes are 0..9. */
static int
parse_code(const char *text, int *code)
{
	if (text[0] < '0' || text[0] > '9' || text[1] != '\0')
		return -1;
	*code = text[0] - '0';
	return 0;
}

/* 1 with *inv filled, 0 when no invitation has token, -1 on a store error
 * or when the session's channel is not loaded. */
static int
find_invitation(const struct cks_api_env *env, const char *token,
		struct invitation *inv, struct cks_error *err)
{
	struct cks_survey_invitation found;
	int rc = cks_compose_invitation_find(env->store, token, &found, err);

	memset(inv, 0, sizeof(*inv));
	if (rc <= 0)
		return rc;
	inv->session_id = found.session_id;
	inv->opened_ms = found.opened_ms;
	memcpy(inv->lang, found.lang, sizeof(inv->lang));
	inv->plugin = cks_channels_find(env->channels, found.channel);
	if (inv->plugin == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL,
		    "session %lld is on channel '%s', whose plugin is not loaded",
		    (long long)inv->session_id, found.channel);
	return 1;
}

/* ?lang= (or the form's lang field) when it is th or en, else fallback
 * (the client's language), else Thai.  Borrowed from the request. */
static const char *
page_lang(const struct cks_api_request *request, const char *fallback)
{
	const char *asked = request->argument != NULL
	    ? request->argument(request->argument_context, "lang") : NULL;

	for (size_t i = 0; asked != NULL && i < CKS_COUNT_OF(page_langs); i++)
		if (strcmp(asked, page_langs[i]) == 0)
			return page_langs[i];
	return fallback != NULL && strcmp(fallback, "en") == 0 ? "en" : "th";
}

static json_t *
option_json(const struct cks_rating_option *o, const char *lang)
{
	return json_pack("{si ss ss ss sb}",
	    "code", o->code,
	    "label", cks_template_in_lang(lang, o->label.th, o->label.en),
	    "label_th", o->label.th,
	    "label_en", o->label.en,
	    "satisfied", o->satisfied != 0);
}

/* The optional comment of a POST, as the page shows it back. */
struct comment {
	char *text;             /* cleaned (malloc'ed), or NULL: none */
	size_t length;          /* in characters */
	int too_long;           /* over COMMENT_MAX: refused */
	int invalid;            /* not UTF-8, or a NUL in it: refused */
};

static void
comment_clear(struct comment *c)
{
	free(c->text);
	memset(c, 0, sizeof(*c));
}

/* The form's comment field as sent in the POST body (borrowed), or NULL:
 * a comment in the query string is not one.  *has_nul is set when its
 * encoded value holds %00, which the decoded C string would hide. */
static const char *
form_comment(const struct cks_api_request *request, int *has_nul)
{
	const char *p = request->body;

	*has_nul = 0;
	if (p == NULL || request->content_type == NULL ||
	    strncmp(request->content_type, "application/x-www-form-urlencoded",
	    33) != 0 || request->argument == NULL)
		return NULL;
	while (p != NULL) {
		if (strncmp(p, "comment=", 8) == 0) {
			size_t n = strcspn(p + 8, "&");

			for (size_t i = 0; i + 2 < n; i++)
				if (p[8 + i] == '%' && p[9 + i] == '0' &&
				    p[10 + i] == '0')
					*has_nul = 1;
			return request->argument(request->argument_context,
			    "comment");
		}
		p = strchr(p, '&');
		if (p != NULL)
			p++;
	}
	return NULL;
}

/* Cleans what the customer typed into printable text: CR LF and a lone
 * CR become LF, a tab a space, other control characters are dropped, and
 * blank space around it is trimmed.  Blank: no comment.  Returns -1 on
 * out of memory. */
static int
comment_clean(const char *raw, int has_nul, struct comment *c)
{
	const char *p = raw, *end = raw + strlen(raw), *next;
	char *out, *start, *last;
	int32_t cp;

	memset(c, 0, sizeof(*c));
	if (has_nul || !cks_utf8_valid(raw, strlen(raw))) {
		c->invalid = 1;
		return 0;
	}
	c->text = out = malloc(strlen(raw) + 1);
	if (out == NULL)
		return -1;
	while (p < end) {
		next = p;
		cp = cks_utf8_next(&next, end);
		if (cp == '\r') {
			*out++ = '\n';
			if (*next == '\n')
				next++;
		} else if (cp == '\t') {
			*out++ = ' ';
		} else if (cp == '\n' || !(cp < 0x20 || (cp >= 0x7f && cp < 0xa0))) {
			memcpy(out, p, (size_t)(next - p));
			out += next - p;
		}
		p = next;
	}
	*out = '\0';
	for (start = c->text; *start == ' ' || *start == '\n'; start++)
		;
	for (last = out; last > start && (last[-1] == ' ' || last[-1] == '\n');
	     last--)
		;
	*last = '\0';
	memmove(c->text, start, (size_t)(last - start) + 1);
	if (c->text[0] == '\0') {
		free(c->text);
		c->text = NULL;
		return 0;
	}
	for (p = c->text; *p != '\0'; p++)
		if (((unsigned char)*p & 0xc0) != 0x80)
			c->length++;
	c->too_long = c->length > COMMENT_MAX;
	return 0;
}

static json_t *
comment_json(const struct comment *c, int saved)
{
	return json_pack("{si ss si sb sb sb}",
	    "max", COMMENT_MAX,
	    "text", c != NULL && c->text != NULL ? c->text : "",
	    "length", c != NULL ? (int)c->length : 0,
	    "too_long", c != NULL && c->too_long,
	    "invalid", c != NULL && c->invalid,
	    "saved", saved);
}

/* The data every page gets (doc/templates.md lists it).  inv and choice
 * are NULL on a page about a link that leads nowhere; current is the
 * rating recorded now, or NULL.  NULL on out of memory. */
static json_t *
page_data(const char *department, enum page_state state, const char *lang,
	  const struct invitation *inv, const struct cks_rating_option *choice,
	  const struct cks_rating *current, const struct comment *comment,
	  int comment_saved)
{
	json_t *data = json_pack("{ss s{ss}}", "lang", lang,
	    "department", "name", department);
	json_t *others, *choice_json;
	char date[64], link[CKS_RATING_PAGE_LINK_MAX], href[sizeof(link) + 16];

	if (data == NULL)
		return NULL;
	for (size_t i = 0; i < CKS_COUNT_OF(state_names); i++)
		json_object_set_new(data, state_names[i], json_boolean(i == state));
	if (inv == NULL || choice == NULL) {
		json_object_set_new(data, "channel", json_null());
		json_object_set_new(data, "session", json_null());
		json_object_set_new(data, "choice", json_null());
		json_object_set_new(data, "current", json_null());
		json_object_set_new(data, "others", json_array());
		json_object_set_new(data, "comment", json_null());
		json_object_set_new(data, "switch_href", json_null());
		return data;
	}
	json_object_set_new(data, "comment", comment_json(comment, comment_saved));
	cks_time_format_long(inv->opened_ms, lang, date, sizeof(date));
	json_object_set_new(data, "channel", json_pack("{ss ss ss ss}",
	    "id", inv->plugin->id,
	    "name", cks_template_in_lang(lang, inv->plugin->name.th,
		inv->plugin->name.en),
	    "name_th", inv->plugin->name.th,
	    "name_en", inv->plugin->name.en));
	json_object_set_new(data, "session", json_pack("{ss}", "date", date));
	/* Absolute links, the very ones the invitation carries: a relative
	 * "5" resolved against "/r/TOKEN/5/" (a trailing slash a mail client
	 * or a customer added) would post to "/r/TOKEN/5/5".  public_url
	 * holds any prefix a proxy adds, so the page works behind one too. */
	if (cks_rating_page_link(inv->public_url, inv->token, choice->code, link,
				 sizeof(link)) < 0) {
		json_decref(data);
		return NULL;
	}
	choice_json = option_json(choice, lang);
	json_object_set_new(choice_json, "href", json_string(link));
	json_object_set_new(data, "choice", choice_json);
	snprintf(href, sizeof(href), "%s?lang=%s", link,
	    strcmp(lang, "th") == 0 ? "en" : "th");
	json_object_set_new(data, "switch_href", json_string(href));
	json_object_set_new(data, "current", current == NULL ? json_null()
	    : json_pack("{si ss ss ss sb}",
		"code", current->code,
		"label", cks_template_in_lang(lang, current->label_th,
		    current->label_en),
		"label_th", current->label_th,
		"label_en", current->label_en,
		"same", current->code == choice->code));
	others = json_array();
	for (size_t i = 0; i < inv->plugin->scale_count; i++) {
		const struct cks_rating_option *o = &inv->plugin->scale[i];
		json_t *other;

		if (o == choice)
			continue;
		if (cks_rating_page_link(inv->public_url, inv->token, o->code,
					 link, sizeof(link)) < 0) {
			json_decref(others);
			json_decref(data);
			return NULL;
		}
		snprintf(href, sizeof(href), "%s?lang=%s", link, lang);
		other = option_json(o, lang);
		json_object_set_new(other, "href", json_string(href));
		json_array_append_new(others, other);
	}
	json_object_set_new(data, "others", others);
	return data;
}

/* Renders the page of lang with data (stolen) and replies with status. */
static int
reply_page(const struct cks_api_env *env, struct cks_api_response *response,
	   int status, const char *lang, json_t *data)
{
	char name[64], value[512];
	char *html = NULL;
	struct cks_error err;

	snprintf(name, sizeof(name), "rating_page.%s.html", lang);
	if (data == NULL)
		cks_error_set(&err, CKS_ERROR_INTERNAL, "out of memory");
	if (data == NULL || cks_templates_render(env->templates, name, data,
	    &html, &err) < 0) {
		cks_log(CKS_LOG_ERROR, "rating_page.template", "error=%s",
		    cks_log_value(err.message, value, sizeof(value)));
		cks_api_reply_text(response, 500, HTML_TYPE, fallback_page,
		    strlen(fallback_page));
	} else {
		cks_api_reply_text(response, status, HTML_TYPE, html,
		    strlen(html));
	}
	json_decref(data);
	free(html);
	response->cache_control = "no-store";
	return response->status < 400 ? 0 : -1;
}

static int
reply_not_found(const struct cks_api_env *env,
		const struct cks_api_request *request,
		struct cks_api_response *response)
{
	const char *lang = page_lang(request, NULL);

	return reply_page(env, response, 404, lang, page_data(
	    cks_config_department_name(env->config, lang),
	    PAGE_NOT_FOUND, lang, NULL, NULL,
	    NULL, NULL, 0));
}

static int
reply_failed(const struct cks_api_env *env,
	     const struct cks_api_request *request,
	     struct cks_api_response *response, const struct cks_error *err)
{
	const char *lang = page_lang(request, NULL);
	char value[512];
	int status = CKS_ERROR_IS_TEMPORARY(err->kind) ? 503 : 500;

	cks_log(CKS_LOG_WARNING, "rating_page.failed", "error=%s",
	    cks_log_value(err->message, value, sizeof(value)));
	reply_page(env, response, status, lang, page_data(
	    cks_config_department_name(env->config, lang),
	    PAGE_FAILED, lang, NULL, NULL, NULL,
	    NULL, 0));
	if (status == 503)
		response->retry_after = 1;
	return -1;
}

/* Finds what the link points at; 0, or -1 after replying with a page. */
static int
resolve(const struct cks_api_env *env, const struct cks_api_request *request,
	const char *const *params, struct cks_api_response *response,
	struct invitation *inv, const struct cks_rating_option **choice)
{
	char token[CKS_TOKEN_SIZE];
	struct cks_error err;
	int code, found;

	if (cks_token_parse(params[0], strlen(params[0]), token) < 0 ||
	    parse_code(params[1], &code) < 0)
		return reply_not_found(env, request, response);
	found = find_invitation(env, token, inv, &err);
	if (found < 0)
		return reply_failed(env, request, response, &err);
	inv->public_url = env->config->http_public_url;
	memcpy(inv->token, token, sizeof(inv->token));
	if (found == 0 ||
	    (*choice = cks_channel_find_option(inv->plugin, code)) == NULL)
		return reply_not_found(env, request, response);
	return 0;
}

/* GET and HEAD: reads only, whoever follows the link. */
static int
get_page(const struct cks_api_env *env, const struct cks_api_request *request,
	 const char *const *params, struct cks_api_response *response)
{
	const struct cks_rating_option *choice = NULL;
	struct cks_rating *current = NULL;
	struct invitation inv;
	struct cks_error err;
	const char *lang;
	int rc;

	if (resolve(env, request, params, response, &inv, &choice) < 0)
		return -1;
	if (cks_rating_get(env->store, inv.session_id, &current, &err) < 0 &&
	    err.kind != CKS_ERROR_NOT_FOUND)
		return reply_failed(env, request, response, &err);
	lang = page_lang(request, inv.lang);
	rc = reply_page(env, response, 200, lang, page_data(
	    cks_config_department_name(env->config, lang),
	    PAGE_CONFIRM, lang, &inv, choice,
	    current, NULL, 0));
	cks_rating_free(&current);
	return rc;
}

/* POST, from the page's form: records the answer, with the comment if
 * one was typed.  The same answer without a comment changes nothing (a
 * comment given by email stays); another answer, or a comment, replaces
 * it, as cks_rating_record() does.  A comment that is too long or not
 * text is refused with the confirm page again (HTTP 400), the text kept
 * in its box, and nothing recorded. */
static int
post_page(const struct cks_api_env *env, const struct cks_api_request *request,
	  const char *const *params, struct cks_api_response *response)
{
	const struct cks_rating_option *choice = NULL;
	struct cks_rating *current = NULL;
	struct comment comment = { 0 };
	struct invitation inv;
	struct cks_error err;
	enum page_state state = PAGE_ALREADY;
	const char *lang, *typed;
	int changed = 0, has_nul, rc;

	if (resolve(env, request, params, response, &inv, &choice) < 0)
		return -1;
	lang = page_lang(request, inv.lang);
	typed = form_comment(request, &has_nul);
	if (typed != NULL && comment_clean(typed, has_nul, &comment) < 0) {
		cks_error_set(&err, CKS_ERROR_INTERNAL, "out of memory");
		return reply_failed(env, request, response, &err);
	}
	if (comment.too_long || comment.invalid) {
		if (cks_rating_get(env->store, inv.session_id, &current, &err) < 0 &&
		    err.kind != CKS_ERROR_NOT_FOUND) {
			comment_clear(&comment);
			return reply_failed(env, request, response, &err);
		}
		rc = reply_page(env, response, 400, lang, page_data(
		    cks_config_department_name(env->config, lang),
		    PAGE_CONFIRM, lang, &inv, choice,
		    current, &comment, 0));
		cks_rating_free(&current);
		comment_clear(&comment);
		return rc;
	}
	/* Two calls, one unit: the rating read is the one the choice is
	 * compared with (a click without a comment keeps the comment
	 * recorded).  cks_rating_record's own transaction nests in it. */
	if (cks_store_begin(env->store, &err) < 0) {
		comment_clear(&comment);
		return reply_failed(env, request, response, &err);
	}
	if (cks_rating_get(env->store, inv.session_id, &current, &err) < 0 &&
	    err.kind != CKS_ERROR_NOT_FOUND)
		goto fail;
	if (current == NULL || current->code != choice->code ||
	    comment.text != NULL) {
		if (cks_rating_record(env->store, inv.plugin, inv.session_id,
		    choice->code, PAGE_MEDIUM, comment.text, 0, 0, &changed,
		    &err) < 0)
			goto fail;
		if (changed)
			state = PAGE_RECORDED;
	}
	cks_rating_free(&current);
	if (cks_store_commit(env->store, &err) < 0) {
		comment_clear(&comment);
		return reply_failed(env, request, response, &err);
	}
	if (changed && env->wake != NULL)
		env->wake(env->wake_context);      /* webhook events to send */
	rc = reply_page(env, response, 200, lang, page_data(
	    cks_config_department_name(env->config, lang),
	    state, lang, &inv, choice, NULL, NULL,
	    changed && comment.text != NULL));
	comment_clear(&comment);
	return rc;
fail:
	cks_store_rollback(env->store);
	cks_rating_free(&current);
	comment_clear(&comment);
	return reply_failed(env, request, response, &err);
}

const struct cks_api_route cks_api_rating_page_routes[] = {
	{ "GET", "/r/:token/:code", get_page },
	{ "POST", "/r/:token/:code", post_page },
	{ NULL, NULL, NULL },
};

/* --- checking the templates ------------------------------------------------ */

static const struct cks_rating_option sample_scale[] = {
	{ 5, { "มากที่สุด", "Highest" }, 1, NULL, NULL },
	{ 4, { "มาก", "High" }, 1, NULL, NULL },
};

static const struct cks_channel_plugin sample_plugin = {
	CKS_PLUGIN_HEADER,
	.id = "counter",
	.name = { "เคาน์เตอร์ให้คำปรึกษา", "Counter (walk-in advisory)" },
	.scale = sample_scale,
	.scale_count = CKS_COUNT_OF(sample_scale),
	.target_percent = 85,
};

int
cks_rating_page_check_templates(const struct cks_templates *templates,
				struct cks_error *err)
{
	struct cks_rating current = {
		.code = 4, .label_th = (char *)"มาก", .label_en = (char *)"High",
		.satisfied = 1, .medium = (char *)"email",
	};
	struct invitation inv = {
		.session_id = 1, .plugin = &sample_plugin,
		.opened_ms = INT64_C(1795834800000), .lang = "th",
		.public_url = "https://survey.example", .token = "0123456789abc",
	};
	struct comment sample_comment = {
		.text = (char *)"เจ้าหน้าที่ให้ข้อมูลดีมาก", .length = 25,
		.too_long = 1, .invalid = 1,
	};
	char problems[sizeof(err->message)] = "", name[64];
	struct cks_error one;

	for (size_t l = 0; l < CKS_COUNT_OF(page_langs); l++) {
		/* Every flag set, so the check enters every page's sections. */
		json_t *sample = page_data("DITP", PAGE_CONFIRM, page_langs[l],
		    &inv, &sample_scale[0], &current, &sample_comment, 1);

		for (size_t i = 0; sample != NULL && i < CKS_COUNT_OF(state_names);
		     i++)
			json_object_set_new(sample, state_names[i], json_true());
		snprintf(name, sizeof(name), "rating_page.%s.html", page_langs[l]);
		if (!cks_templates_has(templates, name)) {
			snprintf(one.message, sizeof(one.message),
			    "missing template %s", name);
			cks_template_append_problem(problems, sizeof(problems), one.message);
		} else if (sample == NULL) {
			cks_template_append_problem(problems, sizeof(problems), "out of memory");
		} else if (cks_templates_check(templates, name, sample, &one) < 0) {
			cks_template_append_problem(problems, sizeof(problems), one.message);
		}
		json_decref(sample);
	}
	if (problems[0] != '\0')
		return cks_error_set(err, CKS_ERROR_INVALID, "%s", problems);
	return 0;
}
