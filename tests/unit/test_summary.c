/* Unit tests for lib/report/summary: the counter's printable service summary
 * page, rendered with the shipped templates from a real store, in Thai
 * and in English, and the check `templates check` runs on its templates. */
#include "autoconfig.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "testhelp.h"
#include "basket.h"
#include "client.h"
#include "clock.h"
#include "session.h"
#include "summary.h"
#include "template.h"

#define THAI_NAME "สมชาย <b>ใจดี</b> & ลูก"
#define THAI_NAME_HTML "สมชาย &lt;b&gt;ใจดี&lt;/b&gt; &amp; ลูก"
#define COMPANY "บริษัท ทุเรียน \"ไทย\" จำกัด"
#define COMPANY_HTML "บริษัท ทุเรียน &quot;ไทย&quot; จำกัด"
#define LINK_HTML "https://example.invalid/kb/1?a=1&amp;b=2"

struct fixture {
	struct cks_store *store;
	struct cks_channels *channels;
	struct cks_templates *templates;
	int64_t session;        /* Thai client, closed, three items */
	int64_t open_session;   /* English client, open, empty basket */
};

static int64_t
at(const char *text)
{
	struct cks_error err;
	int64_t ms;

	if (cks_time_parse(text, "time", &ms, &err) < 0)
		fail_msg("cks_time_parse(%s): %s", text, err.message);
	return ms;
}

static void
add_item(struct fixture *f, const char *th, const char *en, const char *url,
	 const char *file)
{
	struct cks_basket_item_input in = {
		.title_th = th, .title_en = en, .url = url, .file_path = file,
	};
	struct cks_basket_limits limits = { 20, 1024 * 1024, 2 * 1024 * 1024, NULL };
	struct cks_error err;
	int64_t id;

	if (cks_basket_add(f->store, f->session, &in, &limits, &id, &err) < 0)
		fail_msg("cks_basket_add: %s", err.message);
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct cks_client_input thai = {
		.name = THAI_NAME, .company = COMPANY,
		.email = "somchai@example.co.th", .lang = "th",
	};
	struct cks_client_input english = { .name = "John Smith", .lang = "en" };
	struct cks_error err;
	int64_t thai_id, english_id;
	char *dir, *file;

	setenv("TZ", "Asia/Bangkok", 1);
	tzset();
	if (f == NULL)
		return -1;
	*state = f;
	f->store = test_store_new();
	f->channels = test_channels_load();
	dir = malloc(strlen(CKS_SRCDIR) + 16);
	assert_non_null(dir);
	sprintf(dir, "%s/templates", CKS_SRCDIR);
	if (cks_templates_load(dir, &f->templates, &err) < 0)
		fail_msg("cks_templates_load(%s): %s", dir, err.message);
	free(dir);
	if (cks_client_add(f->store, &thai, &thai_id, &err) < 0 ||
	    cks_client_add(f->store, &english, &english_id, &err) < 0 ||
	    cks_session_open(f->store, f->channels, "counter", thai_id, "นภา ศรีสุข",
			     at("2026-12-02T10:05"), &f->session, &err) < 0 ||
	    cks_session_open(f->store, f->channels, "counter", english_id,
			     "Napa", at("2026-12-02T11:00"), &f->open_session,
			     &err) < 0)
		fail_msg("fixture: %s", err.message);
	file = test_path("durian-guide.pdf");
	test_write_file(file, "%PDF-1.4 a small guide\n");
	add_item(f, "ตลาดทุเรียนจีน", NULL, "https://example.invalid/kb/1?a=1&b=2",
	    NULL);
	add_item(f, NULL, "China fruit import rules",
	    "https://example.invalid/kb/2", NULL);
	add_item(f, "คู่มือการส่งออกทุเรียน", "Durian export guide", NULL, file);
	free(file);
	if (cks_session_close(f->store, f->session,
	    "ตลาดทุเรียนจีน\nการขนส่งห้องเย็น", "พร้อมส่งออก",
	    at("2026-12-02T10:50"), &err) < 0)
		fail_msg("cks_session_close: %s", err.message);
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	cks_templates_free(&f->templates);
	cks_channels_free(&f->channels);
	cks_store_close(&f->store);
	free(f);
	return 0;
}

static char *
render_ok(struct fixture *f, int64_t session, const char *lang)
{
	struct cks_error err;
	char *html = NULL;

	cks_error_clear(&err);
	if (cks_summary_render(f->store, f->channels, f->templates, session, lang,
	    &html, &err) < 0)
		fail_msg("cks_summary_render: %s", err.message);
	assert_non_null(html);
	return html;
}

/* Fails unless every text is in html, each after the one before. */
static void
has_in_order(const char *html, const char *const *texts, size_t count)
{
	const char *from = html;

	for (size_t i = 0; i < count; i++) {
		const char *found = strstr(from, texts[i]);

		if (found == NULL)
			fail_msg("'%s' missing (or out of order) in the page",
			    texts[i]);
		from = found + strlen(texts[i]);
	}
}

static void
has(const char *html, const char *text)
{
	if (strstr(html, text) == NULL)
		fail_msg("'%s' missing in the page", text);
}

static void
test_thai_page(void **state)
{
	struct fixture *f = *state;
	char *html = render_ok(f, f->session, NULL);
	static const char *const page[] = {
		"<html lang=\"th\">",
		"@page { size: A4; margin: 15mm; }",
		"\"Sarabun\", \"TH Sarabun New\", \"Loma\", \"Garuda\", \"Noto Sans Thai\", sans-serif",
		"กรมส่งเสริมการค้าระหว่างประเทศ",
		"Department of International Trade Promotion",
		"การให้บริการข้อมูล/คำปรึกษาด้านการค้าระหว่างประเทศ",
		"หน้าสรุปการให้บริการข้อมูล/คำปรึกษา",
		"2 ธันวาคม 2569 เวลา 10:05–10:50 น.",
		THAI_NAME_HTML,
		COMPANY_HTML,
		"เคาน์เตอร์ให้คำปรึกษา",
		"นภา ศรีสุข",
		"พร้อมส่งออก",
		"ตลาดทุเรียนจีน\nการขนส่งห้องเย็น",
		"somchai@example.co.th",
		/* The items in the order they were added, each with its link;
		 * a Thai page shows the English title when there is no Thai. */
		"ตลาดทุเรียนจีน</span>",
		"href=\"" LINK_HTML "\">" LINK_HTML "</a>",
		"China fruit import rules</span>",
		"href=\"https://example.invalid/kb/2\"",
		"คู่มือการส่งออกทุเรียน</span>",
		"ไฟล์แนบ: durian-guide.pdf (1 KB)",
		"แนะนำบริการ Mobile Application : DITP Connect",
		"(" THAI_NAME_HTML ")<br>ผู้ขอรับบริการ",
		"(นภา ศรีสุข)<br>เจ้าหน้าที่ผู้ให้บริการ",
	};

	has_in_order(html, page, sizeof(page) / sizeof(page[0]));
	/* The name's markup and the raw ampersand never reach the page. */
	assert_null(strstr(html, "<b>ใจดี</b>"));
	assert_null(strstr(html, "& ลูก"));
	assert_null(strstr(html, "\"ไทย\""));
	assert_null(strstr(html, "Durian export guide"));
	assert_null(strstr(html, "{{"));
	free(html);
}

static void
test_english_page(void **state)
{
	struct fixture *f = *state;
	char *html = render_ok(f, f->session, "en");
	static const char *const page[] = {
		"<html lang=\"en\">",
		"@page { size: A4; margin: 15mm; }",
		"Department of International Trade Promotion",
		"กรมส่งเสริมการค้าระหว่างประเทศ",
		"Service summary",
		"2 December 2026, 10:05–10:50",
		THAI_NAME_HTML,
		COMPANY_HTML,
		"Counter (walk-in advisory)",
		/* An English page shows the Thai title when there is no English. */
		"ตลาดทุเรียนจีน</span>",
		"href=\"" LINK_HTML "\"",
		"China fruit import rules</span>",
		"Durian export guide</span>",
		"Attached: durian-guide.pdf (1 KB)",
		"DITP Connect",
		"(นภา ศรีสุข)<br>Service officer",
	};

	has_in_order(html, page, sizeof(page) / sizeof(page[0]));
	assert_null(strstr(html, "ธันวาคม"));
	assert_null(strstr(html, "คู่มือการส่งออกทุเรียน"));
	free(html);
}

/* Without a language the page is in the client's; an open session with
 * no summary, level or items still prints, with room to write. */
static void
test_default_language_and_open_session(void **state)
{
	struct fixture *f = *state;
	char *html = render_ok(f, f->open_session, NULL);

	has(html, "<html lang=\"en\">");
	has(html, "2 December 2026, 11:00</td>");
	has(html, "<th>Readiness level</th><td>-</td>");
	has(html, "<div class=\"topics\"></div>");
	has(html, "<p>- none -</p>");
	assert_null(strstr(html, "<ol class=\"items\">"));
	free(html);
	html = render_ok(f, f->open_session, "th");
	has(html, "2 ธันวาคม 2569 เวลา 11:00 น.");
	has(html, "- ไม่มีรายการ -");
	free(html);
}

static void
test_data(void **state)
{
	struct fixture *f = *state;
	struct cks_error err;
	json_t *data = NULL, *item;

	assert_int_equal(cks_summary_data(f->store, f->channels, f->session, NULL,
	    &data, &err), 0);
	assert_string_equal(json_string_value(json_object_get(data, "lang")), "th");
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(data, "session"), "date")), "2 ธันวาคม 2569");
	assert_int_equal(json_array_size(json_object_get(data, "items")), 3);
	item = json_array_get(json_object_get(data, "items"), 2);
	assert_int_equal(json_integer_value(json_object_get(item, "number")), 3);
	assert_true(json_is_null(json_object_get(item, "url")));
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(item, "attachment"), "filename")), "durian-guide.pdf");
	json_decref(data);

	/* A channel whose plugin is not loaded is named by its id. */
	assert_int_equal(cks_summary_data(f->store, NULL, f->open_session, NULL,
	    &data, &err), 0);
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(data, "channel"), "name")), "counter");
	assert_true(json_is_null(json_object_get(
	    json_object_get(data, "session"), "end_time")));
	assert_true(json_is_false(json_object_get(data, "has_items")));
	json_decref(data);
}

static void
test_refused(void **state)
{
	struct fixture *f = *state;
	struct cks_error err;
	char *html = (char *)"not touched";

	cks_error_clear(&err);
	assert_int_equal(cks_summary_render(f->store, f->channels, f->templates,
	    9999, NULL, &html, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_NOT_FOUND);
	assert_non_null(strstr(err.message, "9999"));
	assert_null(html);

	cks_error_clear(&err);
	assert_int_equal(cks_summary_render(f->store, f->channels, f->templates,
	    f->session, "fr", &html, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, "'fr'"));
	assert_null(html);
}

/* A template set without the page's files: the check names each, and a
 * render says which is missing rather than "not found". */
static void
test_templates_check(void **state)
{
	struct fixture *f = *state;
	struct cks_templates *set = NULL;
	struct cks_error err;
	char *dir = test_path("summary-templates");
	char *path;
	char *html = NULL;

	assert_int_equal(cks_summary_check_templates(f->templates, &err), 0);

	assert_int_equal(mkdir(dir, 0700), 0);
	path = test_path("summary-templates/summary.en.html");
	test_write_file(path, "<p>{{client.name}}</p>\n{{#items}}\n"
	    "<p>{{titel}}</p>\n{{/items}}\n");
	free(path);
	if (cks_templates_load(dir, &set, &err) < 0)
		fail_msg("cks_templates_load: %s", err.message);
	cks_error_clear(&err);
	assert_int_equal(cks_summary_check_templates(set, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, "missing template summary.th.html"));
	assert_non_null(strstr(err.message,
	    "summary.en.html:3: unknown variable 'titel'"));

	cks_error_clear(&err);
	assert_int_equal(cks_summary_render(f->store, f->channels, set,
	    f->session, "th", &html, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INTERNAL);
	assert_non_null(strstr(err.message, "missing template summary.th.html"));
	assert_null(html);
	cks_templates_free(&set);
	free(dir);
}

static void
test_format_date(void **state)
{
	char buf[64];

	(void)state;
	cks_summary_format_date(at("2026-12-02T10:05"), "th", buf, sizeof(buf));
	assert_string_equal(buf, "2 ธันวาคม 2569");
	cks_summary_format_date(at("2026-12-02T10:05"), "en", buf, sizeof(buf));
	assert_string_equal(buf, "2 December 2026");
	/* Local time decides the day: 17:30 UTC on 31 December is already
	 * 1 January in Bangkok. */
	cks_summary_format_date(at("2026-12-31T17:30Z"), "th", buf, sizeof(buf));
	assert_string_equal(buf, "1 มกราคม 2570");
	cks_summary_format_date(at("2027-02-28T09:00"), "th", buf, sizeof(buf));
	assert_string_equal(buf, "28 กุมภาพันธ์ 2570");
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_thai_page),
		T(test_english_page),
		T(test_default_language_and_open_session),
		T(test_data),
		T(test_refused),
		T(test_templates_check),
		T(test_format_date),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
