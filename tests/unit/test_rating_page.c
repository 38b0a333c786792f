/* Unit tests for lib/web/rating_page: the one-click rating links of survey
 * invitations, through cks_api_dispatch as the daemon calls it.  A GET (or
 * HEAD), however often, records nothing; only the POST does, once; a link
 * that leads nowhere is an HTML 404 page; and the invitation composed by
 * lib/mailout/compose.c carries one link per option in its text and HTML parts. */
#include "autoconfig.h"

#include <jansson.h>
#include <libetpan/libetpan.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "testhelp.h"
#include "api.h"
#include "client.h"
#include "clock.h"
#include "compose.h"
#include "config.h"
#include "queue.h"
#include "rating.h"
#include "rating_page.h"
#include "session.h"
#include "template.h"

#define BASE "https://ditp.example.invalid/cks"
#define PAGE_MEDIUM "web"
#define HOUR_MS INT64_C(3600000)

struct fixture {
	struct cks_config *config;
	struct cks_store *store;
	struct cks_channels *channels;
	struct cks_templates *templates;
	struct cks_outbound out;
	struct cks_api_env env;
	int wakes;                  /* calls of env.wake */
	int64_t th_session;         /* counter, Thai client */
	int64_t en_session;         /* chat, English client */
	int64_t th_queue_id;
	char th_token[32];
	char en_token[32];
};

static void
wake(void *context)
{
	struct fixture *f = context;

	f->wakes++;
}

static int64_t
closed_session(struct fixture *f, const char *channel, int64_t client)
{
	struct cks_error err;
	int64_t now = cks_now_ms(), id = 0;

	if (cks_session_open(f->store, f->channels, channel, client, "Napa",
	    now - 2 * HOUR_MS, &id, &err) < 0 ||
	    cks_session_close(f->store, id, "ให้ข้อมูลแล้ว", NULL, now - HOUR_MS,
	    &err) < 0)
		fail_msg("session: %s", err.message);
	return id;
}

static int64_t
send_survey(struct fixture *f, int64_t session, char *token, size_t size)
{
	struct cks_error err;
	int64_t queue_id = 0;
	int existing = 0;

	if (cks_compose_survey_send(&f->out, session, &queue_id, token, size,
	    &existing, &err) < 0)
		fail_msg("cks_compose_survey_send: %s", err.message);
	assert_int_equal(existing, 0);
	return queue_id;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct cks_client_input somchai = {
		.name = "สมชาย ใจดี", .email = "somchai@example.co.th", .lang = "th",
	};
	struct cks_client_input john = {
		.name = "John Smith", .email = "john@example.invalid", .lang = "en",
	};
	struct cks_error err;
	int64_t th_client, en_client;

	setenv("TZ", "Asia/Bangkok", 1);
	tzset();
	if (f == NULL)
		return -1;
	*state = f;
	if (cks_config_load(NULL, &f->config, &err) < 0)
		fail_msg("cks_config_load: %s", err.message);
	/* Every mail carries a signed opt-out link: the key in the test's
	 * own directory, not the installed state_dir (which may not exist). */
	free(f->config->http_link_secret_file);
	f->config->http_link_secret_file = test_path("link-secret");
	free(f->config->http_public_url);
	f->config->http_public_url = strdup(BASE);
	free(f->config->template_dir);
	f->config->template_dir = strdup(CKS_SRCDIR "/templates");
	assert_non_null(f->config->http_public_url);
	assert_non_null(f->config->template_dir);
	f->store = test_store_new();
	f->channels = test_channels_load();
	if (cks_templates_load(f->config->template_dir, &f->templates, &err) < 0)
		fail_msg("cks_templates_load: %s", err.message);
	f->out = (struct cks_outbound){ f->config, f->store, f->channels,
	    f->templates, 0, NULL };
	f->env = (struct cks_api_env){ .config = f->config, .store = f->store,
	    .channels = f->channels, .templates = f->templates, .wake = wake,
	    .wake_context = f };
	if (cks_client_add(f->store, &somchai, &th_client, &err) < 0 ||
	    cks_client_add(f->store, &john, &en_client, &err) < 0)
		fail_msg("cks_client_add: %s", err.message);
	f->th_session = closed_session(f, "counter", th_client);
	f->en_session = closed_session(f, "chat", en_client);
	f->th_queue_id = send_survey(f, f->th_session, f->th_token,
	    sizeof(f->th_token));
	send_survey(f, f->en_session, f->en_token, sizeof(f->en_token));
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	cks_templates_free(&f->templates);
	cks_channels_free(&f->channels);
	cks_store_close(&f->store);
	cks_config_free(&f->config);
	free(f);
	return 0;
}

/* --- requests -------------------------------------------------------------- */

/* The one argument a page reads: ?lang= or the form's lang field. */
static const char *
lang_argument(void *context, const char *name)
{
	return strcmp(name, "lang") == 0 ? context : NULL;
}

/* method on path, with lang as its argument (NULL: none); the caller
 * clears response. */
static void
request(struct fixture *f, const char *method, const char *path,
	const char *lang, struct cks_api_response *response)
{
	static const char form[] = "lang=th";
	struct cks_api_request r = {
		.method = method,
		.path = path,
		.role = CKS_API_PUBLIC,
		.argument = lang_argument,
		.argument_context = (void *)lang,
	};

	if (strcmp(method, "POST") == 0) {
		r.body = form;
		r.body_size = strlen(form);
		r.content_type = "application/x-www-form-urlencoded";
	}
	cks_api_dispatch(&f->env, &r, response);
}

static void
link_path(char *buf, size_t size, const char *token, const char *code)
{
	snprintf(buf, size, "/r/%s/%s", token, code);
}

/* The page for token and code answered with status; checks it is a page
 * for a person that nothing may cache.  The caller clears response. */
static void
page(struct fixture *f, const char *method, const char *token,
     const char *code, const char *lang, int status,
     struct cks_api_response *response)
{
	char path[128];

	link_path(path, sizeof(path), token, code);
	request(f, method, path, lang, response);
	if (response->status != status)
		fail_msg("%s %s: status %d, want %d: %.300s", method, path,
		    response->status, status, response->body);
	assert_string_equal(response->content_type, "text/html; charset=utf-8");
	assert_string_equal(response->cache_control, "no-store");
	assert_non_null(response->body);
	assert_memory_equal(response->body, "<!DOCTYPE html>", 15);
	assert_null(strstr(response->body, "<script"));
	assert_non_null(strstr(response->body,
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">"));
	assert_non_null(strstr(response->body,
	    "<meta name=\"referrer\" content=\"no-referrer\">"));
}

static int
has(const struct cks_api_response *response, const char *text)
{
	return strstr(response->body, text) != NULL;
}

/* 1 when the page has attribute="BASE/r/TOKEN/CODE" + tail: the page's
 * own links are absolute, the very links of the invitation. */
static int
has_link(const struct cks_api_response *response, const char *attribute,
	 const char *token, const char *code, const char *tail)
{
	char text[256];

	snprintf(text, sizeof(text), "%s=\"" BASE "/r/%s/%s%s", attribute,
	    token, code, tail);
	return has(response, text);
}

static long long
count(struct fixture *f, const char *sql)
{
	struct cks_stmt *stmt = NULL;
	long long n;

	stmt = cks_store_prepare(f->store,
	    sql, NULL);
	assert_non_null(stmt);
	assert_int_equal(cks_stmt_step(stmt), CKS_STMT_ROW);
	n = cks_stmt_column_int64(stmt, 0);
	cks_stmt_finalize(stmt);
	return n;
}

static void
assert_no_rating(struct fixture *f, int64_t session)
{
	struct cks_rating *rating = NULL;
	struct cks_error err;

	assert_int_equal(cks_rating_get(f->store, session, &rating, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_NOT_FOUND);
	assert_null(rating);
}

/* The session's rating: code, medium and how many answers it took. */
static void
assert_rating(struct fixture *f, int64_t session, int code, int revisions)
{
	struct cks_rating *rating = NULL;
	struct cks_error err;

	if (cks_rating_get(f->store, session, &rating, &err) < 0)
		fail_msg("cks_rating_get: %s", err.message);
	assert_int_equal(rating->code, code);
	assert_string_equal(rating->medium, PAGE_MEDIUM);
	assert_int_equal(rating->revisions, revisions);
	cks_rating_free(&rating);
}

static void
upper(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

/* --- GET never writes -------------------------------------------------------- */

static void
test_get_asks_and_records_nothing(void **state)
{
	struct fixture *f = *state;
	struct cks_api_response response;
	static const char *const codes[] = { "1", "2", "3", "4", "5" };
	char token[32];

	page(f, "GET", f->th_token, "5", NULL, 200, &response);
	/* In the client's language: the channel's question, the answer in
	 * Thai and English, and a form that posts back to this link. */
	assert_true(has(&response, "<html lang=\"th\">"));
	assert_true(has(&response,
	    "<h1>ท่านพึงพอใจต่อบริการ เคาน์เตอร์ให้คำปรึกษา มากน้อยเพียงใด</h1>"));
	assert_true(has(&response, "<span class=\"label\">มากที่สุด</span>"));
	assert_true(has(&response, "<span class=\"other\" lang=\"en\">Highest</span>"));
	assert_true(has(&response, "<form method=\"post\" action="));
	assert_true(has_link(&response, "action", f->th_token, "5", "\">"));
	assert_true(has(&response, "<button type=\"submit\">ยืนยันคำตอบนี้</button>"));
	assert_true(has(&response, "<input type=\"hidden\" name=\"lang\" value=\"th\">"));
	assert_true(has(&response, "\"Sarabun\", \"Loma\", \"Garuda\", "
	    "\"Noto Sans Thai\", sans-serif"));
	/* The other answers, each a link to its own page; the switch. */
	assert_true(has_link(&response, "<a class=\"option\" href", f->th_token,
	    "4", "?lang=th\">มาก</a>"));
	assert_true(has_link(&response, "<a class=\"option\" href", f->th_token,
	    "1", "?lang=th\">น้อยที่สุด</a>"));
	assert_false(has_link(&response, "href", f->th_token, "5", "?lang=th\""));
	assert_true(has_link(&response, "<a class=\"switch\" href", f->th_token,
	    "5", "?lang=en\""));
	/* No relative link: against "/r/TOKEN/5/" it would leave the page. */
	assert_false(has(&response, "href=\"?"));
	assert_false(has(&response, "action=\"5\""));
	cks_api_response_clear(&response);

	/* Scanners and previews: many GETs and HEADs of every link. */
	for (int round = 0; round < 3; round++)
		for (size_t i = 0; i < 5; i++) {
			page(f, "GET", f->th_token, codes[i], NULL, 200, &response);
			cks_api_response_clear(&response);
			page(f, "HEAD", f->th_token, codes[i], "en", 200, &response);
			cks_api_response_clear(&response);
		}
	/* Mail systems change case; the token still matches. */
	snprintf(token, sizeof(token), "%s", f->th_token);
	upper(token);
	page(f, "GET", token, "3", NULL, 200, &response);
	assert_true(has(&response, "<span class=\"label\">ปานกลาง</span>"));
	cks_api_response_clear(&response);

	assert_no_rating(f, f->th_session);
	assert_int_equal(count(f, "SELECT count(*) FROM rating_revisions"), 0);
	assert_int_equal(f->wakes, 0);
}

static void
test_page_language(void **state)
{
	struct fixture *f = *state;
	struct cks_api_response response;

	/* ?lang=en on a Thai client's link. */
	page(f, "GET", f->th_token, "4", "en", 200, &response);
	assert_true(has(&response, "<html lang=\"en\">"));
	assert_true(has(&response, "How satisfied were you with our Counter "
	    "(walk-in advisory) service?"));
	assert_true(has(&response, "<span class=\"label\">High</span>"));
	assert_true(has(&response, "<span class=\"other\" lang=\"th\">มาก</span>"));
	assert_true(has(&response, "<button type=\"submit\">Confirm this answer</button>"));
	assert_true(has_link(&response, "href", f->th_token, "5",
	    "?lang=en\">Highest</a>"));
	assert_true(has_link(&response, "<a class=\"switch\" href", f->th_token,
	    "4", "?lang=th\""));
	cks_api_response_clear(&response);

	/* An English client's link is English without asking; ?lang=th and
	 * a language we do not have. */
	page(f, "GET", f->en_token, "1", NULL, 200, &response);
	assert_true(has(&response, "<html lang=\"en\">"));
	assert_true(has(&response, "DITP Touch live chat"));
	assert_true(has(&response, "<span class=\"label\">Impressed</span>"));
	assert_true(has(&response, "<span class=\"other\" lang=\"th\">ประทับใจ</span>"));
	cks_api_response_clear(&response);
	page(f, "GET", f->en_token, "1", "th", 200, &response);
	assert_true(has(&response, "<html lang=\"th\">"));
	assert_true(has(&response, "<span class=\"label\">ประทับใจ</span>"));
	cks_api_response_clear(&response);
	page(f, "GET", f->en_token, "1", "fr", 200, &response);
	assert_true(has(&response, "<html lang=\"en\">"));
	cks_api_response_clear(&response);
	assert_no_rating(f, f->en_session);
}

/* --- POST records, once ------------------------------------------------------ */

static void
test_post_records_once(void **state)
{
	struct fixture *f = *state;
	struct cks_api_response response;

	page(f, "POST", f->th_token, "5", "th", 200, &response);
	assert_true(has(&response, "<h1>ขอบคุณที่ร่วมประเมิน</h1>"));
	assert_true(has(&response, "<span class=\"label\">มากที่สุด</span>"));
	/* A way back for a wrong click: the other answers' pages. */
	assert_true(has_link(&response, "href", f->th_token, "4", "?lang=th\""));
	assert_false(has(&response, "<form"));
	cks_api_response_clear(&response);
	assert_rating(f, f->th_session, 5, 1);
	assert_int_equal(f->wakes, 1);

	/* The same answer again: said, not recorded again. */
	page(f, "POST", f->th_token, "5", "th", 200, &response);
	assert_true(has(&response, "<h1>บันทึกคำตอบนี้ไว้แล้ว</h1>"));
	cks_api_response_clear(&response);
	assert_rating(f, f->th_session, 5, 1);
	assert_int_equal(count(f, "SELECT count(*) FROM rating_revisions"), 1);
	assert_int_equal(f->wakes, 1);

	/* The page of that link now says so. */
	page(f, "GET", f->th_token, "5", NULL, 200, &response);
	assert_true(has(&response, "บันทึกคำตอบนี้ไว้แล้ว ไม่ต้องยืนยันอีก"));
	cks_api_response_clear(&response);
	/* Another answer's page names the one on record... */
	page(f, "GET", f->th_token, "2", NULL, 200, &response);
	assert_true(has(&response, "ขณะนี้บันทึกไว้ว่า “มากที่สุด”"));
	cks_api_response_clear(&response);
	assert_rating(f, f->th_session, 5, 1);

	/* ...and its POST changes it, keeping both in the revisions. */
	page(f, "POST", f->th_token, "2", "en", 200, &response);
	assert_true(has(&response, "<h1>Thank you for your answer</h1>"));
	assert_true(has(&response, "<span class=\"label\">Low</span>"));
	cks_api_response_clear(&response);
	assert_rating(f, f->th_session, 2, 2);
	assert_int_equal(count(f, "SELECT count(*) FROM rating_revisions"), 2);
	assert_int_equal(f->wakes, 2);

	/* The other session is untouched. */
	assert_no_rating(f, f->en_session);
}

/* A link with a trailing slash ("/r/TOKEN/5/", as some mail clients and
 * customers leave it) is the same link: its page posts to the link
 * itself, not to "/r/TOKEN/5/5", and its POST records once. */
static void
test_trailing_slash_is_the_same_link(void **state)
{
	struct fixture *f = *state;
	struct cks_api_response response;
	char path[128];

	snprintf(path, sizeof(path), "/r/%s/5/", f->th_token);
	request(f, "GET", path, NULL, &response);
	assert_int_equal(response.status, 200);
	assert_true(has_link(&response, "<form method=\"post\" action",
	    f->th_token, "5", "\">"));
	assert_true(has_link(&response, "<a class=\"option\" href", f->th_token,
	    "4", "?lang=th\""));
	cks_api_response_clear(&response);
	assert_no_rating(f, f->th_session);

	request(f, "POST", path, "th", &response);
	assert_int_equal(response.status, 200);
	assert_true(has(&response, "<h1>ขอบคุณที่ร่วมประเมิน</h1>"));
	cks_api_response_clear(&response);
	assert_rating(f, f->th_session, 5, 1);

	/* The form's action, posted to as a browser would: already there. */
	page(f, "POST", f->th_token, "5", "th", 200, &response);
	assert_true(has(&response, "<h1>บันทึกคำตอบนี้ไว้แล้ว</h1>"));
	cks_api_response_clear(&response);
	assert_rating(f, f->th_session, 5, 1);
	assert_int_equal(count(f, "SELECT count(*) FROM rating_revisions"), 1);
}

static void
test_post_keeps_an_emailed_comment(void **state)
{
	struct fixture *f = *state;
	const struct cks_channel_plugin *chat = cks_channels_find(f->channels,
	    "chat");
	struct cks_api_response response;
	struct cks_rating *rating = NULL;
	struct cks_error err;
	int changed = 0;

	/* The customer answered by email with a comment, then clicks the
	 * same answer in the invitation. */
	if (cks_rating_record(f->store, chat, f->en_session, 1, "email",
	    "เจ้าหน้าที่ตอบเร็วมาก", 0, 0, &changed, &err) < 0)
		fail_msg("cks_rating_record: %s", err.message);
	page(f, "POST", f->en_token, "1", NULL, 200, &response);
	assert_true(has(&response, "<h1>This answer is already recorded</h1>"));
	cks_api_response_clear(&response);
	if (cks_rating_get(f->store, f->en_session, &rating, &err) < 0)
		fail_msg("cks_rating_get: %s", err.message);
	assert_int_equal(rating->code, 1);
	assert_string_equal(rating->comment, "เจ้าหน้าที่ตอบเร็วมาก");
	assert_int_equal(rating->revisions, 1);
	cks_rating_free(&rating);
	assert_int_equal(f->wakes, 0);
}

/* --- the comment box --------------------------------------------------------- */

/* A form field of the urlencoded body in context, decoded into a buffer
 * of its own (as lib/web/httpd.c does), then the query string's (none). */
static const char *
form_argument(void *context, const char *name)
{
	static char value[16384];
	const char *p = context;
	size_t n = strlen(name);

	while (p != NULL) {
		if (strncmp(p, name, n) == 0 && p[n] == '=') {
			char *out = value;

			for (p += n + 1; *p != '\0' && *p != '&'; p++) {
				unsigned int byte;

				if (*p == '+') {
					*out++ = ' ';
				} else if (*p == '%' && sscanf(p + 1, "%2x", &byte) == 1) {
					*out++ = (char)byte;
					p += 2;
				} else {
					*out++ = *p;
				}
			}
			*out = '\0';
			return value;
		}
		p = strchr(p, '&');
		if (p != NULL)
			p++;
	}
	return NULL;
}

/* POSTs form (urlencoded) to token/code and checks the status. */
static void
post_form(struct fixture *f, const char *token, const char *code,
	  const char *form, int status, struct cks_api_response *response)
{
	char path[128];
	struct cks_api_request r = {
		.method = "POST",
		.path = path,
		.role = CKS_API_PUBLIC,
		.body = form,
		.body_size = strlen(form),
		.content_type = "application/x-www-form-urlencoded",
		.argument = form_argument,
		.argument_context = (void *)form,
	};

	link_path(path, sizeof(path), token, code);
	cks_api_dispatch(&f->env, &r, response);
	if (response->status != status)
		fail_msg("POST %s: status %d, want %d: %.300s", path,
		    response->status, status, response->body);
	assert_string_equal(response->content_type, "text/html; charset=utf-8");
	assert_non_null(response->body);
	assert_null(strstr(response->body, "<script"));
}

/* The session's comment (NULL: none); the caller frees it. */
static char *
comment_of(struct fixture *f, int64_t session)
{
	struct cks_rating *rating = NULL;
	struct cks_error err;
	char *comment;

	if (cks_rating_get(f->store, session, &rating, &err) < 0)
		fail_msg("cks_rating_get: %s", err.message);
	comment = rating->comment ? strdup(rating->comment) : NULL;
	cks_rating_free(&rating);
	return comment;
}

/* "lang=th&comment=" and text percent-encoded, in buf. */
static void
comment_form(char *buf, size_t size, const char *lang, const char *text)
{
	size_t n = (size_t)snprintf(buf, size, "lang=%s&comment=", lang);

	for (const unsigned char *p = (const unsigned char *)text; *p != '\0' &&
	     n + 4 < size; p++)
		n += (size_t)snprintf(buf + n, size - n, "%%%02X", *p);
	assert_true(n + 4 < size);
}

static void
test_comment_box_on_the_page(void **state)
{
	struct fixture *f = *state;
	struct cks_api_response response;

	page(f, "GET", f->th_token, "5", NULL, 200, &response);
	/* Labelled, inside the form, without script; the limit is shown. */
	assert_true(has(&response, "<label for=\"comment\">ความคิดเห็นเพิ่มเติม "
	    "(ไม่บังคับ)</label>"));
	assert_true(has(&response, "<textarea id=\"comment\" name=\"comment\" "
	    "rows=\"4\" maxlength=\"1000\" aria-describedby=\"comment-hint\">"
	    "</textarea>"));
	assert_true(has(&response, "id=\"comment-hint\">ไม่เกิน 1000 ตัวอักษร"));
	assert_true(strstr(response.body, "<textarea") <
	    strstr(response.body, "</form>"));
	assert_false(has(&response, "role=\"alert\""));
	cks_api_response_clear(&response);
	page(f, "GET", f->en_token, "1", NULL, 200, &response);
	assert_true(has(&response, "<label for=\"comment\">Comment (optional)"
	    "</label>"));
	assert_true(has(&response, "Up to 1000 characters."));
	cks_api_response_clear(&response);
}

static void
test_comment_is_recorded_clean(void **state)
{
	struct fixture *f = *state;
	struct cks_api_response response;
	char form[4096], *comment;

	/* CR LF and a lone CR become newlines, a tab a space; other control
	 * characters go; blank space around it is trimmed. */
	comment_form(form, sizeof(form), "th", "  \r\nเจ้าหน้าที่\tให้ข้อมูลดีมาก\r\n"
	    "รอไม่นาน\rขอบคุณ\x01\x1b\x7f ครับ \r\n\r\n");
	post_form(f, f->th_token, "4", form, 200, &response);
	assert_true(has(&response, "<h1>ขอบคุณที่ร่วมประเมิน</h1>"));
	assert_true(has(&response, "ได้รับความคิดเห็นของท่านแล้ว"));
	cks_api_response_clear(&response);
	assert_rating(f, f->th_session, 4, 1);
	comment = comment_of(f, f->th_session);
	assert_string_equal(comment, "เจ้าหน้าที่ ให้ข้อมูลดีมาก\nรอไม่นาน\n"
	    "ขอบคุณ ครับ");
	free(comment);
	assert_int_equal(f->wakes, 1);

	/* The same answer and comment again: nothing changes. */
	post_form(f, f->th_token, "4", form, 200, &response);
	assert_true(has(&response, "<h1>บันทึกคำตอบนี้ไว้แล้ว</h1>"));
	cks_api_response_clear(&response);
	assert_rating(f, f->th_session, 4, 1);

	/* The same answer with another comment: the comment is replaced. */
	comment_form(form, sizeof(form), "th", "แก้ไข: รอนานนิดหน่อย");
	post_form(f, f->th_token, "4", form, 200, &response);
	assert_true(has(&response, "<h1>ขอบคุณที่ร่วมประเมิน</h1>"));
	cks_api_response_clear(&response);
	assert_rating(f, f->th_session, 4, 2);
	comment = comment_of(f, f->th_session);
	assert_string_equal(comment, "แก้ไข: รอนานนิดหน่อย");
	free(comment);

	/* A blank comment is none: the answer alone, which is on record. */
	post_form(f, f->th_token, "4", "lang=th&comment=+%0D%0A+", 200, &response);
	assert_true(has(&response, "<h1>บันทึกคำตอบนี้ไว้แล้ว</h1>"));
	cks_api_response_clear(&response);
	comment = comment_of(f, f->th_session);
	assert_string_equal(comment, "แก้ไข: รอนานนิดหน่อย");
	free(comment);
	assert_int_equal(f->wakes, 2);
}

/* 1000 characters are taken whole; 1001 are refused, not cut. */
static void
test_comment_limit(void **state)
{
	struct fixture *f = *state;
	struct cks_api_response response;
	static char text[4000], form[40000];
	char *comment;
	size_t n = 0;

	for (int i = 0; i < 1001; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "ก");
	comment_form(form, sizeof(form), "en", text);
	post_form(f, f->en_token, "2", form, 400, &response);
	/* The confirm page again, saying why, with every character kept. */
	assert_true(has(&response, "role=\"alert\">Your comment is 1001 "
	    "characters long, over the limit of 1000."));
	assert_true(has(&response, "has not been recorded"));
	assert_true(has_link(&response, "<form method=\"post\" action",
	    f->en_token, "2", "\">"));
	assert_true(has(&response, text));
	cks_api_response_clear(&response);
	assert_no_rating(f, f->en_session);
	assert_int_equal(f->wakes, 0);

	text[strlen(text) - strlen("ก")] = '\0';
	comment_form(form, sizeof(form), "en", text);
	post_form(f, f->en_token, "2", form, 200, &response);
	assert_true(has(&response, "We have your comment too."));
	cks_api_response_clear(&response);
	comment = comment_of(f, f->en_session);
	assert_string_equal(comment, text);
	free(comment);
}

static void
test_comment_refusals(void **state)
{
	struct fixture *f = *state;
	struct cks_api_response response;
	static char form[40000], text[3100];
	size_t n = 0;

	/* Not UTF-8 (TIS-620 bytes), and a NUL that would hide the rest. */
	post_form(f, f->th_token, "5", "lang=th&comment=%A1%D2%C3", 400,
	    &response);
	assert_true(has(&response, "ความคิดเห็นมีอักขระที่ระบบอ่านไม่ได้"));
	assert_true(has(&response, "<textarea id=\"comment\" name=\"comment\" "
	    "rows=\"4\" maxlength=\"1000\" aria-describedby=\"comment-hint\">"
	    "</textarea>"));
	cks_api_response_clear(&response);
	post_form(f, f->th_token, "5", "lang=th&comment=ok%00hidden", 400,
	    &response);
	assert_true(has(&response, "role=\"alert\""));
	cks_api_response_clear(&response);
	assert_no_rating(f, f->th_session);

	/* Shown back escaped, never as markup. */
	for (int i = 0; i < 1001; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "%s",
		    i == 0 ? "<b>" : "x");
	comment_form(form, sizeof(form), "th", text);
	post_form(f, f->th_token, "5", form, 400, &response);
	assert_true(has(&response, ">&lt;b&gt;xxx"));
	assert_false(has(&response, "<b>"));
	cks_api_response_clear(&response);
	assert_no_rating(f, f->th_session);
	assert_int_equal(f->wakes, 0);
}

/* Only the POSTed form carries a comment; GET and the query string do
 * not. */
static void
test_comment_only_from_the_form(void **state)
{
	struct fixture *f = *state;
	struct cks_api_response response;
	char *comment;

	post_form(f, f->th_token, "3", "lang=th", 200, &response);
	cks_api_response_clear(&response);
	comment = comment_of(f, f->th_session);
	assert_null(comment);
	/* A form that names "comment" only as another field's value. */
	post_form(f, f->th_token, "2", "lang=th&x=comment=a", 200, &response);
	cks_api_response_clear(&response);
	comment = comment_of(f, f->th_session);
	assert_null(comment);
	assert_rating(f, f->th_session, 2, 2);
}

/* --- links that lead nowhere ----------------------------------------------- */

static void
assert_not_found_page(struct fixture *f, const char *method, const char *token,
		      const char *code)
{
	struct cks_api_response response;

	page(f, method, token, code, NULL, 404, &response);
	assert_true(has(&response, "ไม่พบแบบประเมินนี้"));
	assert_true(has(&response, "This survey link was not found"));
	assert_false(has(&response, "<form"));
	cks_api_response_clear(&response);
}

static void
test_unknown_links_are_404_pages(void **state)
{
	struct fixture *f = *state;
	static const char *const bad_tokens[] = {
		"0000000000000",          /* well formed, never issued */
		"short",
		"abcdefghjkmnpq",         /* 14 characters */
		"abcdefghjkmn!",
		"abcdefghjkmnu",          /* u is not in the alphabet */
	};
	static const char *const bad_codes[] = {
		"6", "0", "05", "10", "-1", "x", "5x", "%35",
	};
	struct cks_api_response response;

	for (size_t i = 0; i < sizeof(bad_tokens) / sizeof(bad_tokens[0]); i++) {
		assert_not_found_page(f, "GET", bad_tokens[i], "5");
		assert_not_found_page(f, "POST", bad_tokens[i], "5");
	}
	for (size_t i = 0; i < sizeof(bad_codes) / sizeof(bad_codes[0]); i++) {
		assert_not_found_page(f, "GET", f->th_token, bad_codes[i]);
		assert_not_found_page(f, "POST", f->th_token, bad_codes[i]);
	}
	/* A code of another channel's scale: chat has 1 and 2 only. */
	assert_not_found_page(f, "GET", f->en_token, "3");
	assert_not_found_page(f, "POST", f->en_token, "3");

	/* The 404 page is in the language asked for, and in both. */
	page(f, "GET", "0000000000000", "5", "en", 404, &response);
	assert_true(has(&response, "<html lang=\"en\">"));
	assert_true(has(&response, "ไม่พบแบบประเมินนี้"));
	cks_api_response_clear(&response);

	assert_no_rating(f, f->th_session);
	assert_no_rating(f, f->en_session);
	assert_int_equal(count(f, "SELECT count(*) FROM rating_revisions"), 0);

	/* Public: no token is needed, for the page or its form. */
	assert_int_equal(cks_api_route_role("GET", "/r/0000000000000/5"),
	    CKS_API_PUBLIC);
	assert_int_equal(cks_api_route_role("POST", "/r/0000000000000/5"),
	    CKS_API_PUBLIC);
}

/* --- templates ----------------------------------------------------------------- */

static char *
scratch_templates(const char *name)
{
	char *dir = test_path(name);
	char command[8192];

	snprintf(command, sizeof(command), "rm -rf '%s' && cp -R '%s' '%s'",
	    dir, CKS_SRCDIR "/templates", dir);
	assert_int_equal(system(command), 0);
	return dir;
}

static void
test_templates_check(void **state)
{
	struct fixture *f = *state;
	struct cks_templates *broken = NULL;
	struct cks_api_response response;
	struct cks_error err;
	char *dir = scratch_templates("broken-pages");
	char *path, *text, *at, want[128];
	const struct cks_templates *shipped = f->templates;
	FILE *file;
	long size;
	int line = 1;

	if (cks_rating_page_check_templates(shipped, &err) < 0)
		fail_msg("shipped page templates: %s", err.message);
	if (cks_compose_check_templates(&f->out, &err) < 0)
		fail_msg("shipped message templates: %s", err.message);

	/* A misspelt variable in a section no GET renders, and a missing
	 * language. */
	path = malloc(strlen(dir) + 64);
	assert_non_null(path);
	sprintf(path, "%s/rating_page.en.html", dir);
	file = fopen(path, "r");
	assert_non_null(file);
	assert_int_equal(fseek(file, 0, SEEK_END), 0);
	size = ftell(file);
	rewind(file);
	text = calloc(1, (size_t)size + 16);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)size, file), (size_t)size);
	fclose(file);
	at = strstr(text, "improve our {{channel.name}}");
	assert_non_null(at);
	memcpy(at + strlen("improve our {{channel."), "nmae", 4);
	for (const char *p = text; p < at; p++)
		line += *p == '\n';
	snprintf(want, sizeof(want),
	    "rating_page.en.html:%d: unknown variable 'channel.nmae'", line);
	test_write_file(path, text);
	sprintf(path, "%s/rating_page.th.html", dir);
	assert_int_equal(remove(path), 0);
	if (cks_templates_load(dir, &broken, &err) < 0)
		fail_msg("cks_templates_load: %s", err.message);
	assert_int_equal(cks_rating_page_check_templates(broken, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, "missing template rating_page.th.html"));
	if (strstr(err.message, want) == NULL)
		fail_msg("no '%s' in: %s", want, err.message);

	/* Pages from a set without them: still a page, never JSON. */
	f->env.templates = broken;
	page(f, "GET", f->th_token, "5", NULL, 500, &response);
	assert_true(has(&response, "ขออภัย"));
	assert_true(has(&response, "reply to the invitation email"));
	cks_api_response_clear(&response);
	f->env.templates = f->templates;

	free(text);
	free(path);
	free(dir);
	cks_templates_free(&broken);
}

/* --- the invitation ---------------------------------------------------------- */

/* The decoded text/plain and text/html parts of a queued message. */
static void
mail_parts(const char *message, size_t size, char **text, char **html)
{
	struct mailmime *root = NULL, *body;
	size_t index = 0;

	*text = *html = NULL;
	assert_int_equal(mailmime_parse(message, size, &index, &root),
	    MAILIMF_NO_ERROR);
	assert_int_equal(root->mm_type, MAILMIME_MESSAGE);
	body = root->mm_data.mm_message.mm_msg_mime;
	assert_non_null(body);
	assert_int_equal(body->mm_type, MAILMIME_MULTIPLE);
	for (clistiter *c = clist_begin(body->mm_data.mm_multipart.mm_mp_list);
	     c != NULL; c = clist_next(c)) {
		struct mailmime *part = clist_content(c);
		const struct mailmime_data *d = part->mm_data.mm_single;
		const char *subtype = part->mm_content_type->ct_subtype;
		char *decoded = NULL;
		size_t at = 0, length = 0;
		char **slot = strcmp(subtype, "plain") == 0 ? text
		    : strcmp(subtype, "html") == 0 ? html : NULL;

		assert_non_null(slot);
		assert_int_equal(part->mm_type, MAILMIME_SINGLE);
		assert_int_equal(mailmime_part_parse(d->dt_data.dt_text.dt_data,
		    d->dt_data.dt_text.dt_length, &at, d->dt_encoding, &decoded,
		    &length), MAILIMF_NO_ERROR);
		*slot = strndup(decoded, length);
		mmap_string_unref(decoded);
		assert_non_null(*slot);
		/* CRLF on the wire; compare lines as the templates write them. */
		for (char *from = *slot, *to = *slot;; from++) {
			if (*from != '\r')
				*to++ = *from;
			if (*from == '\0')
				break;
		}
	}
	mailmime_free(root);
	assert_non_null(*text);
	assert_non_null(*html);
}

static int
occurrences(const char *haystack, const char *needle)
{
	int n = 0;

	for (const char *p = strstr(haystack, needle); p != NULL;
	     p = strstr(p + 1, needle))
		n++;
	return n;
}

static void
assert_invitation_links(struct fixture *f, int64_t queue_id,
			const char *token, const char *channel)
{
	const struct cks_channel_plugin *plugin = cks_channels_find(f->channels,
	    channel);
	struct cks_queue_entry *queued = NULL;
	struct cks_error err;
	char *text, *html, url[256], line[512];

	if (cks_queue_get(f->store, queue_id, 1, &queued, &err) < 0)
		fail_msg("cks_queue_get: %s", err.message);
	mail_parts(queued->body, strlen(queued->body), &text, &html);
	cks_queue_entry_free(&queued);
	assert_int_equal(occurrences(text, BASE "/r/"), (int)plugin->scale_count);
	assert_int_equal(occurrences(html, BASE "/r/"), (int)plugin->scale_count);
	for (size_t i = 0; i < plugin->scale_count; i++) {
		const struct cks_rating_option *o = &plugin->scale[i];

		snprintf(url, sizeof(url), BASE "/r/%s/%d", token, o->code);
		/* In text: the option's line as before, its link under it. */
		snprintf(line, sizeof(line), "  %d  %s\n      %s\n", o->code,
		    strcmp(channel, "chat") == 0 ? o->label.en : o->label.th,
		    url);
		if (strstr(text, line) == NULL)
			fail_msg("no '%s' in the text part:\n%s", line, text);
		snprintf(line, sizeof(line), "href=\"%s\"", url);
		assert_int_equal(occurrences(html, line), 1);
	}
	free(text);
	free(html);
}

static void
test_invitation_has_one_link_per_option(void **state)
{
	struct fixture *f = *state;
	int64_t en_queue_id = 0;
	struct cks_stmt *stmt = NULL;

	assert_invitation_links(f, f->th_queue_id, f->th_token, "counter");
	stmt = cks_store_prepare(f->store,
	    "SELECT message FROM survey_invitations WHERE session_id = ?", NULL);
	assert_non_null(stmt);
	cks_stmt_bind_int64(stmt, 1, f->en_session);
	assert_int_equal(cks_stmt_step(stmt), CKS_STMT_ROW);
	en_queue_id = cks_stmt_column_int64(stmt, 0);
	cks_stmt_finalize(stmt);
	assert_invitation_links(f, en_queue_id, f->en_token, "chat");

	/* Each link leads to its own option's page. */
	{
		struct cks_api_response response;

		page(f, "GET", f->en_token, "2", NULL, 200, &response);
		assert_true(has(&response, "<span class=\"label\">Satisfied</span>"));
		cks_api_response_clear(&response);
	}
	{
		char exact[sizeof(BASE "/r/abc/5")], small[sizeof(exact) - 1];

		assert_int_equal(cks_rating_page_link(BASE, "abc", 5, exact,
		    sizeof(exact)), 0);
		assert_string_equal(exact, BASE "/r/abc/5");
		assert_int_equal(cks_rating_page_link(BASE, "abc", 5, small,
		    sizeof(small)), -1);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_get_asks_and_records_nothing,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_page_language, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_post_records_once, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_trailing_slash_is_the_same_link,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_post_keeps_an_emailed_comment,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_comment_box_on_the_page, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_comment_is_recorded_clean, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_comment_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_comment_refusals, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_comment_only_from_the_form,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_links_are_404_pages,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_templates_check, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_invitation_has_one_link_per_option, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
