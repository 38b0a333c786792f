/* The dashboard page as a manager reads it: rendered from the reports of
 * a real store, in Thai (Buddhist Era) or English, with the "as of" time
 * given, nothing from the data left unescaped, and the wrong report
 * refused. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <cmocka.h>

#include "channels.h"
#include "client.h"
#include "clock.h"
#include "dashboard.h"
#include "rating.h"
#include "report.h"
#include "session.h"
#include "store.h"
#include "testhelp.h"

static struct cks_channels *channels;
static json_t *kpi, *steps;

/* 2025-11-20 10:00 +07:00, in fiscal year 2569. */
#define NOV_2025 1763607600000LL
/* 2025-11-28 10:05 +07:00: "as of". */
#define AS_OF 1764299100000LL

static void
rated_session(struct cks_store *store, int code, int64_t at)
{
	struct cks_client_input client = { .name = "สมชาย ใจดี", .lang = "th" };
	const struct cks_channel_plugin *counter =
	    cks_channels_find(channels, "counter");
	struct cks_error err;
	int64_t client_id, session;
	int changed;

	if (cks_client_add(store, &client, &client_id, &err) < 0 ||
	    cks_session_open(store, channels, "counter", client_id, "Napa", at,
	    &session, &err) < 0 ||
	    cks_session_close(store, session, "done", NULL, at + 600000, &err) < 0 ||
	    cks_rating_record(store, counter, session, code, "counter", NULL, 0,
	    at + 3600000, &changed, &err) < 0)
		fail_msg("%s", err.message);
}

static int
setup_group(void **state)
{
	struct cks_report_filter f;
	struct cks_store *store;
	struct cks_error err;

	(void)state;
	setenv("TZ", "Asia/Bangkok", 1);
	channels = test_channels_load();
	store = test_store_new();
	rated_session(store, 5, NOV_2025);
	rated_session(store, 4, NOV_2025 + 86400000);
	rated_session(store, 2, NOV_2025 + 2 * 86400000);
	memset(&f, 0, sizeof(f));
	if (cks_report_fiscal_year(&f, 2569, &err) < 0)
		fail_msg("%s", err.message);
	f.group = CKS_REPORT_BY_MONTH;
	if (cks_report_kpi(store, channels, &f, &kpi, &err) < 0 ||
	    cks_report_steps(store, channels, &f, &steps, &err) < 0)
		fail_msg("%s", err.message);
	cks_store_close(&store);
	return 0;
}

static int
teardown_group(void **state)
{
	(void)state;
	json_decref(kpi);
	json_decref(steps);
	cks_channels_free(&channels);
	return 0;
}

static char *
render(const json_t *k, const json_t *s, const char *lang, int64_t at)
{
	struct cks_error err;
	char *html = NULL;

	if (cks_dashboard_render(k, s, lang, at, &html, &err) < 0)
		fail_msg("cks_dashboard_render: %s", err.message);
	assert_non_null(html);
	return html;
}

static void
contains(const char *html, const char *text)
{
	if (strstr(html, text) == NULL)
		fail_msg("the page lacks '%s'", text);
}

static void
test_thai_page(void **state)
{
	char *html = render(kpi, steps, "th", AS_OF), when[64];

	(void)state;
	contains(html, "<!DOCTYPE html>");
	contains(html, "<html lang=\"th\">");
	cks_time_format_long(AS_OF, "th", when, sizeof(when));
	contains(html, when);                  /* 28 พ.ย. 2568 10:05 */
	contains(html, "2569");                /* the fiscal year */
	contains(html, "พ.ย.");                /* the month with the answers */
	/* Two of three satisfied. */
	contains(html, "66.7");
	contains(html, "<svg");
	/* Self-contained: no script, nothing fetched. */
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "src=\"http"));
	free(html);
}

static void
test_english_page(void **state)
{
	char *html = render(kpi, steps, "en", AS_OF), when[64];

	(void)state;
	contains(html, "<html lang=\"en\">");
	cks_time_format_long(AS_OF, "en", when, sizeof(when));
	contains(html, when);                  /* 28 Nov 2025 10:05 */
	contains(html, "Nov");
	contains(html, "66.7");
	free(html);
}

static void
test_as_of_now_by_default(void **state)
{
	char *html, when[64];

	(void)state;
	test_clock_fake();
	cks_time_format_long(cks_now_ms(), "en", when, sizeof(when));
	html = render(kpi, NULL, "en", 0);
	contains(html, when);
	free(html);
	test_clock_real();
}

static void
test_text_from_the_data_is_escaped(void **state)
{
	json_t *copy = json_deep_copy(kpi), *channel;
	char *html;

	(void)state;
	channel = json_array_get(json_object_get(copy, "channels"), 0);
	assert_non_null(channel);
	json_object_set_new(channel, "channel",
	    json_string("<script>alert(1)</script>"));
	html = render(copy, NULL, "en", AS_OF);
	assert_null(strstr(html, "<script>alert(1)"));
	contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;");
	free(html);
	json_decref(copy);
}

static void
test_wrong_reports_refused(void **state)
{
	struct cks_error err;
	char *html = NULL;

	(void)state;
	assert_int_equal(cks_dashboard_render(steps, NULL, "en", AS_OF, &html,
	    &err), -1);
	assert_null(html);
	assert_int_equal(cks_dashboard_render(kpi, kpi, "en", AS_OF, &html,
	    &err), -1);
	assert_non_null(strstr(err.message, "not a step report"));
	assert_null(html);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thai_page),
		cmocka_unit_test(test_english_page),
		cmocka_unit_test(test_as_of_now_by_default),
		cmocka_unit_test(test_text_from_the_data_is_escaped),
		cmocka_unit_test(test_wrong_reports_refused),
	};

	return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
