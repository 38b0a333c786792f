/* Unit tests for lib/report/report and lib/report/dashboard: a store filled through
 * the core API (sessions at fixed Bangkok times, steps, survey invitations
 * queued, cancelled and delivered into the spool, ratings by every medium),
 * then exact counts, shares, medians and 90th percentiles, the fiscal-year
 * boundaries, grouping, and the CSV, text and HTML forms. */
#include "autoconfig.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#include "testhelp.h"
#include "client.h"
#include "clock.h"
#include "compose.h"
#include "config.h"
#include "dashboard.h"
#include "delivery.h"
#include "queue.h"
#include "rating.h"
#include "report.h"
#include "report_format.h"
#include "session.h"
#include "template.h"
#include "utf8.h"

#define AGENT_NOK "นก"
/* A name with a comma and a quote, for the CSV quoting. */
#define AGENT_QUOTED "สมศรี \"แอน\", ทดสอบ"

struct fixture {
	struct cks_config *config;
	struct cks_store *store;
	struct cks_channels *channels;
	struct cks_templates *templates;
	int64_t client;
};

static struct fixture fx;

static int64_t
at(const char *text)
{
	struct cks_error err;
	int64_t ms = 0;

	if (cks_time_parse(text, "test", &ms, &err) < 0)
		fail_msg("%s", err.message);
	return ms;
}

static int64_t
open_at(const char *channel, const char *agent, const char *when)
{
	struct cks_error err;
	int64_t id = 0;

	if (cks_session_open(fx.store, fx.channels, channel, fx.client, agent,
	    at(when), &id, &err) < 0)
		fail_msg("open %s at %s: %s", channel, when, err.message);
	return id;
}

/* Step STEP of session from start to start + ms. */
static void
step_for(int64_t session, const char *step, const char *start, int64_t ms)
{
	struct cks_error err;

	if (cks_session_record_step(fx.store, fx.channels, session, step,
	    CKS_STEP_START, at(start), &err) < 0 ||
	    (ms >= 0 && cks_session_record_step(fx.store, fx.channels, session,
	    step, CKS_STEP_DONE, at(start) + ms, &err) < 0))
		fail_msg("step %s of %lld: %s", step, (long long)session, err.message);
}

static void
close_at(int64_t session, const char *when)
{
	struct cks_error err;

	if (cks_session_close(fx.store, session, "สรุปการให้บริการ", NULL,
	    at(when), &err) < 0)
		fail_msg("close %lld: %s", (long long)session, err.message);
}

static void
rate(int64_t session, int code, const char *medium)
{
	struct cks_session *s = NULL;
	struct cks_error err;
	int changed;

	if (cks_session_get(fx.store, session, &s, &err) < 0 ||
	    cks_rating_record(fx.store, cks_channels_find(fx.channels, s->channel),
	    session, code, medium, NULL, 0, 0, &changed, &err) < 0)
		fail_msg("rate %lld: %s", (long long)session, err.message);
	cks_session_free(&s);
}

/* Queues the session's survey invitation; returns its queue id. */
static int64_t
invite(int64_t session)
{
	struct cks_outbound out = {
		.config = fx.config, .store = fx.store,
		.channels = fx.channels, .templates = fx.templates,
	};
	struct cks_error err;
	char token[32];
	int64_t queue_id = 0;
	int existing;

	if (cks_compose_survey_send(&out, session, &queue_id, token,
	    sizeof(token), &existing, &err) < 0)
		fail_msg("survey %lld: %s", (long long)session, err.message);
	return queue_id;
}

/*
 * The counter in FY 2569 (2025-10-01 .. 2026-09-30 Bangkok):
 *   s2 2025-10-01 00:00  นก      invited+sent  5 email   greet 10 s, prelim 4 min
 *   s3 2025-10-15 10:00  นก      invited+sent  3 sms     greet 30.9 s, prelim 10 min
 *   s4 2025-11-02 09:00  สมศรี   invited, cancelled  4 counter   greet 31 s, prelim 25 min
 *   s5 2026-01-10 14:00  นก      invited+sent  -         greet 45 s
 *   s6 2026-09-30 23:59:59 นก    -             4 counter greet started only
 * and beside it s1 on 2025-09-30 23:59 (FY 2568) and s7 on 2026-10-01
 * 00:00 (FY 2570); hotline and chat sessions; and 21 counter sessions in
 * November 2027 (FY 2571) for the 85 % boundary and a longer percentile.
 */
static int
setup(void **state)
{
	struct cks_error err;
	struct cks_delivery_stats stats;
	struct cks_client_input somchai = {
		.name = "สมชาย ใจดี", .email = "somchai@example.co.th",
	};
	char *conf = test_path("cksgate.conf");
	char *database = test_database_new();
	char text[4096];
	int64_t s1, s2, s3, s4, s5, s6, s7, h1, h2, c1, cancelled;

	(void)state;
	setenv("TZ", "Asia/Bangkok", 1);
	tzset();
	snprintf(text, sizeof(text),
	    "state_dir = %s/state\nplugin_dir = %s\ntemplate_dir = %s/templates\n"
	    "mail.from = ditp@example.invalid\n"
	    "mail.reply_address = survey@reply.example.invalid\n"
	    "database = %s\n",
	    test_scratch_dir(), CKS_TEST_PLUGIN_DIR, CKS_SRCDIR, database);
	test_write_file(conf, text);
	/* A PostgreSQL store does not make the state directory that the
	 * survey link's secret goes in (a SQLite one's file does). */
	snprintf(text, sizeof(text), "%s/state", test_scratch_dir());
	(void)mkdir(text, 0700);
	if (cks_config_load(conf, &fx.config, &err) < 0 ||
	    cks_store_open(fx.config->database, 5000, &fx.store, &err) < 0 ||
	    cks_templates_load(fx.config->template_dir, &fx.templates, &err) < 0)
		fail_msg("setup: %s", err.message);
	free(conf);
	free(database);
	fx.channels = test_channels_load();
	if (cks_client_add(fx.store, &somchai, &fx.client, &err) < 0)
		fail_msg("client: %s", err.message);

	s1 = open_at("counter", AGENT_NOK, "2025-09-30T23:59");
	step_for(s1, "greet", "2025-09-30T23:59", 5000);
	rate(s1, 5, "counter");

	s2 = open_at("counter", AGENT_NOK, "2025-10-01T00:00");
	step_for(s2, "greet", "2025-10-01T00:00", 10000);
	step_for(s2, "preliminary_questions", "2025-10-01T00:01", 4 * 60000);
	step_for(s2, "client_check", "2025-10-01T00:10", 2 * 60000);
	step_for(s2, "print_summary", "2025-10-01T00:20", 60000);
	close_at(s2, "2025-10-01T00:30");
	invite(s2);
	rate(s2, 5, "email");

	s3 = open_at("counter", AGENT_NOK, "2025-10-15T10:00");
	step_for(s3, "greet", "2025-10-15T10:00", 30900);
	step_for(s3, "preliminary_questions", "2025-10-15T10:01", 10 * 60000);
	close_at(s3, "2025-10-15T11:00");
	invite(s3);
	rate(s3, 3, "sms");

	s4 = open_at("counter", AGENT_QUOTED, "2025-11-02T09:00");
	step_for(s4, "greet", "2025-11-02T09:00", 31000);
	step_for(s4, "preliminary_questions", "2025-11-02T09:01", 25 * 60000);
	close_at(s4, "2025-11-02T10:00");
	cancelled = invite(s4);
	rate(s4, 4, "counter");

	s5 = open_at("counter", AGENT_NOK, "2026-01-10T14:00");
	step_for(s5, "greet", "2026-01-10T14:00", 45000);
	close_at(s5, "2026-01-10T15:00");
	invite(s5);

	s6 = open_at("counter", AGENT_NOK, "2026-09-30T23:59:59");
	step_for(s6, "greet", "2026-09-30T23:59:59", -1);
	rate(s6, 4, "counter");

	s7 = open_at("counter", AGENT_NOK, "2026-10-01T00:00");
	step_for(s7, "greet", "2026-10-01T00:00", 100000);
	rate(s7, 1, "counter");

	h1 = open_at("hotline1169", "ต้น", "2025-12-01T10:00");
	step_for(h1, "1", "2025-12-01T10:00", 20000);
	rate(h1, 3, "ivr");
	h2 = open_at("hotline1169", "ต้น", "2025-12-05T10:00");
	rate(h2, 1, "ivr");
	c1 = open_at("chat", "ต้น", "2026-02-01T08:00");
	rate(c1, 1, "chat");

	/* FY 2571: 17 of 20 satisfied is exactly 85 % (met), the 21st answer
	 * brings it under; greet takes 1, 2, ... 21 s. */
	for (int i = 1; i <= 21; i++) {
		char when[32];
		int64_t s;

		snprintf(when, sizeof(when), "2027-11-%02dT09:00", i);
		s = open_at("counter", AGENT_NOK, when);
		step_for(s, "greet", when, (int64_t)i * 1000);
		rate(s, i <= 17 ? 5 : 2, "counter");
	}

	if (cks_queue_cancel(fx.store, cancelled, &err) < 0 ||
	    cks_delivery_run(fx.config, NULL, &stats, &err) < 0)
		fail_msg("deliver: %s", err.message);
	assert_int_equal(stats.sent, 3);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	cks_templates_free(&fx.templates);
	cks_channels_free(&fx.channels);
	cks_store_close(&fx.store);
	cks_config_free(&fx.config);
	return 0;
}

/* --- helpers over the report JSON ----------------------------------------- */

static json_t *
kpi(const char *channel, int year, enum cks_report_group group)
{
	struct cks_report_filter f = { .channel = channel, .group = group };
	struct cks_error err;
	json_t *report = NULL;

	if (cks_report_fiscal_year(&f, year, &err) < 0 ||
	    cks_report_kpi(fx.store, fx.channels, &f, &report, &err) < 0)
		fail_msg("kpi: %s", err.message);
	return report;
}

static json_t *
steps(const char *channel, int year)
{
	struct cks_report_filter f = { .channel = channel };
	struct cks_error err;
	json_t *report = NULL;

	if (cks_report_fiscal_year(&f, year, &err) < 0 ||
	    cks_report_steps(fx.store, fx.channels, &f, &report, &err) < 0)
		fail_msg("steps: %s", err.message);
	return report;
}

static json_t *
channel_of(const json_t *report, const char *id)
{
	size_t i;
	json_t *c;

	json_array_foreach(json_object_get(report, "channels"), i, c)
		if (strcmp(json_string_value(json_object_get(c, "channel")), id) == 0)
			return c;
	fail_msg("no channel %s in the report", id);
	return NULL;
}

static json_t *
item_of(const json_t *list, const char *field, const char *value)
{
	size_t i;
	json_t *g;

	json_array_foreach(list, i, g)
		if (strcmp(json_string_value(json_object_get(g, field)), value) == 0)
			return g;
	fail_msg("no %s '%s'", field, value);
	return NULL;
}

static long long
integer(const json_t *object, const char *key)
{
	const json_t *v = json_object_get(object, key);

	if (!json_is_integer(v))
		fail_msg("'%s' is not an integer", key);
	return (long long)json_integer_value(v);
}

static void
percent_is(const json_t *object, const char *key, double want)
{
	const json_t *v = json_object_get(object, key);

	if (!json_is_real(v))
		fail_msg("'%s' is not a number", key);
	if (json_real_value(v) - want > 1e-9 || want - json_real_value(v) > 1e-9)
		fail_msg("'%s' is %.6f, want %.1f", key, json_real_value(v), want);
}

static void
null_is(const json_t *object, const char *key)
{
	if (!json_is_null(json_object_get(object, key)))
		fail_msg("'%s' is not null", key);
}

/* sessions, invited, answers, answered invitations, satisfied. */
static void
counts_are(const json_t *row, long long sessions, long long invited,
	   long long answers, long long answered_invited, long long satisfied)
{
	assert_int_equal(integer(row, "sessions"), sessions);
	assert_int_equal(integer(row, "invitations_sent"), invited);
	assert_int_equal(integer(row, "answers"), answers);
	assert_int_equal(integer(row, "answers_to_invitations"), answered_invited);
	assert_int_equal(integer(row, "satisfied"), satisfied);
}

static long long
medium(const json_t *row, const char *name, const char *what)
{
	return integer(json_object_get(json_object_get(row, "by_medium"), name),
	    what);
}

/* --- the fiscal year -------------------------------------------------------- */

static void
test_fiscal_year_range(void **state)
{
	struct cks_report_filter be = { 0 }, ce = { 0 };
	struct cks_error err;

	(void)state;
	assert_int_equal(cks_report_fiscal_year(&be, 2569, &err), 0);
	assert_int_equal(cks_report_fiscal_year(&ce, 2026, &err), 0);
	assert_int_equal(be.from_ms, at("2025-10-01T00:00+07:00"));
	assert_int_equal(be.to_ms, at("2026-10-01T00:00+07:00"));
	assert_int_equal(be.fiscal_year, 2569);
	/* Either era gives the same year. */
	assert_int_equal(ce.from_ms, be.from_ms);
	assert_int_equal(ce.to_ms, be.to_ms);
	assert_int_equal(ce.fiscal_year, 2569);
	assert_int_equal(cks_report_fiscal_year_of(at("2025-09-30T23:59:59")), 2568);
	assert_int_equal(cks_report_fiscal_year_of(at("2025-10-01T00:00")), 2569);
	assert_int_equal(cks_report_fiscal_year_of(at("2026-09-30T23:59:59")), 2569);
	assert_int_equal(cks_report_fiscal_year_of(at("2026-10-01T00:00")), 2570);
	assert_int_equal(cks_report_fiscal_year(&be, 1999, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, "1999"));
	assert_int_equal(cks_report_fiscal_year(&be, 2300, &err), -1);
}

static void
test_group_names(void **state)
{
	enum cks_report_group g = CKS_REPORT_BY_NONE;

	(void)state;
	assert_int_equal(cks_report_group_parse("quarter", &g), 0);
	assert_int_equal(g, CKS_REPORT_BY_QUARTER);
	assert_int_equal(cks_report_group_parse("week", &g), -1);
	assert_string_equal(cks_report_group_name(CKS_REPORT_BY_AGENT), "agent");
}

/* 30 Sep 23:59 belongs to the old year, 1 Oct 00:00 to the new one. */
static void
test_fiscal_year_boundaries(void **state)
{
	json_t *r2568 = kpi("counter", 2568, CKS_REPORT_BY_NONE);
	json_t *r2569 = kpi("counter", 2026, CKS_REPORT_BY_NONE);
	json_t *r2570 = kpi("counter", 2570, CKS_REPORT_BY_NONE);

	(void)state;
	counts_are(json_object_get(channel_of(r2568, "counter"), "total"),
	    1, 0, 1, 0, 1);
	counts_are(json_object_get(channel_of(r2569, "counter"), "total"),
	    5, 3, 4, 2, 3);
	counts_are(json_object_get(channel_of(r2570, "counter"), "total"),
	    1, 0, 1, 0, 0);
	assert_int_equal(integer(json_object_get(r2569, "period"), "fiscal_year"),
	    2569);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    r2569, "period"), "from")), "2025-10-01T00:00:00+07:00");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    r2569, "period"), "to")), "2026-10-01T00:00:00+07:00");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    json_object_get(r2569, "period"), "label"), "th")),
	    "ปีงบประมาณ 2569 (1 ต.ค. 2568 – 30 ก.ย. 2569)");
	json_decref(r2568);
	json_decref(r2569);
	json_decref(r2570);
}

/* The process's TZ, which the reports must ignore (issue 14). */
static int
tz_utc(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	return 0;
}

static int
tz_new_york(void **state)
{
	(void)state;
	setenv("TZ", "America/New_York", 1);
	tzset();
	return 0;
}

static int
tz_bangkok(void **state)
{
	(void)state;
	setenv("TZ", "Asia/Bangkok", 1);
	tzset();
	return 0;
}

static char *
kpi_text(int year, enum cks_report_group group)
{
	json_t *r = kpi("counter", year, group);
	char *text = json_dumps(r, JSON_SORT_KEYS);

	json_decref(r);
	assert_non_null(text);
	return text;
}

/* The same reports, byte for byte, whatever TZ says: the fiscal year from
 * 1 October and the months are Bangkok's. */
static void
test_reports_ignore_process_tz(void **state)
{
	static const enum cks_report_group groups[] = {
		CKS_REPORT_BY_NONE, CKS_REPORT_BY_MONTH, CKS_REPORT_BY_QUARTER,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		char *bangkok, *utc, *new_york;

		tz_bangkok(NULL);
		bangkok = kpi_text(2569, groups[i]);
		tz_utc(NULL);
		utc = kpi_text(2569, groups[i]);
		tz_new_york(NULL);
		new_york = kpi_text(2569, groups[i]);
		assert_string_equal(utc, bangkok);
		assert_string_equal(new_york, bangkok);
		free(bangkok);
		free(utc);
		free(new_york);
	}
	/* 23:59 Bangkok on 30 September is 16:59 UTC, 12:59 in New York:
	 * FY 2568 under every TZ. */
	tz_new_york(NULL);
	assert_int_equal(cks_report_fiscal_year_of(at("2025-09-30T23:59")), 2568);
	assert_int_equal(cks_report_fiscal_year_of(at("2025-10-01T00:00")), 2569);
	tz_bangkok(NULL);
}

static void
test_kpi_total(void **state)
{
	json_t *r = kpi(NULL, 2569, CKS_REPORT_BY_NONE);
	json_t *counter = channel_of(r, "counter");
	json_t *total = json_object_get(counter, "total");
	json_t *hotline = json_object_get(channel_of(r, "hotline1169"), "total");
	json_t *chat = channel_of(r, "chat");

	(void)state;
	/* Every loaded channel, in load order. */
	assert_int_equal(json_array_size(json_object_get(r, "channels")), 3);
	assert_true(json_is_null(json_object_get(r, "group_by")));
	assert_null(json_object_get(counter, "groups"));
	assert_int_equal(integer(counter, "target_percent"), 85);
	assert_string_equal(json_string_value(json_object_get(counter,
	    "target_source")), "plugin");
	assert_true(json_is_false(json_object_get(counter,
	    "every_option_satisfied")));
	assert_true(json_is_true(json_object_get(chat, "every_option_satisfied")));
	counts_are(total, 5, 3, 4, 2, 3);
	/* The cancelled invitation was never sent; none bounced. */
	assert_int_equal(integer(total, "invitations_bounced"), 0);
	percent_is(total, "response_rate_percent", 80.0);
	percent_is(total, "invitation_response_rate_percent", 66.7);
	percent_is(total, "satisfied_percent", 75.0);
	assert_true(json_is_false(json_object_get(total, "met")));
	/* Answers by medium, every medium listed. */
	assert_int_equal(medium(total, "email", "answers"), 1);
	assert_int_equal(medium(total, "email", "satisfied"), 1);
	assert_int_equal(medium(total, "sms", "answers"), 1);
	assert_int_equal(medium(total, "sms", "satisfied"), 0);
	assert_int_equal(medium(total, "counter", "answers"), 2);
	assert_int_equal(medium(total, "ivr", "answers"), 0);
	assert_int_equal(medium(total, "chat", "answers"), 0);
	assert_int_equal(medium(total, "web", "answers"), 0);
	assert_int_equal(json_array_size(json_object_get(r, "media")), 6);
	/* hotline: 3 (not satisfied) and 1 (impressed); no invitation. */
	counts_are(hotline, 2, 0, 2, 0, 1);
	percent_is(hotline, "satisfied_percent", 50.0);
	null_is(hotline, "invitation_response_rate_percent");
	assert_int_equal(medium(hotline, "ivr", "answers"), 2);
	json_decref(r);
}

static void
test_kpi_by_month(void **state)
{
	json_t *r = kpi("counter", 2569, CKS_REPORT_BY_MONTH);
	json_t *groups = json_object_get(channel_of(r, "counter"), "groups");
	json_t *october = item_of(groups, "key", "2025-10");
	json_t *november = item_of(groups, "key", "2025-11");
	json_t *january = item_of(groups, "key", "2026-01");
	json_t *march = item_of(groups, "key", "2026-03");
	json_t *september = item_of(groups, "key", "2026-09");

	(void)state;
	assert_int_equal(json_array_size(json_object_get(r, "channels")), 1);
	assert_string_equal(json_string_value(json_object_get(r, "group_by")),
	    "month");
	/* All twelve months, October first, the empty ones too. */
	assert_int_equal(json_array_size(groups), 12);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    groups, 0), "key")), "2025-10");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    groups, 11), "key")), "2026-09");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    october, "label"), "th")), "ต.ค. 2568");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    october, "label"), "en")), "Oct 2025");
	counts_are(october, 2, 2, 2, 2, 1);
	percent_is(october, "satisfied_percent", 50.0);
	assert_true(json_is_false(json_object_get(october, "met")));
	counts_are(november, 1, 0, 1, 0, 1);
	percent_is(november, "satisfied_percent", 100.0);
	assert_true(json_is_true(json_object_get(november, "met")));
	null_is(november, "invitation_response_rate_percent");
	/* Invited, no answer: no share, and no verdict rather than a fail. */
	counts_are(january, 1, 1, 0, 0, 0);
	null_is(january, "satisfied_percent");
	null_is(january, "met");
	percent_is(january, "response_rate_percent", 0.0);
	counts_are(march, 0, 0, 0, 0, 0);
	null_is(march, "response_rate_percent");
	/* The last second of the fiscal year is in September. */
	counts_are(september, 1, 0, 1, 0, 1);
	json_decref(r);
}

static void
test_kpi_by_quarter(void **state)
{
	json_t *r = kpi("counter", 2569, CKS_REPORT_BY_QUARTER);
	json_t *groups = json_object_get(channel_of(r, "counter"), "groups");

	(void)state;
	assert_int_equal(json_array_size(groups), 4);
	/* Fiscal quarters: Q1 is October to December. */
	counts_are(item_of(groups, "key", "2569-Q1"), 3, 2, 3, 2, 2);
	counts_are(item_of(groups, "key", "2569-Q2"), 1, 1, 0, 0, 0);
	counts_are(item_of(groups, "key", "2569-Q3"), 0, 0, 0, 0, 0);
	counts_are(item_of(groups, "key", "2569-Q4"), 1, 0, 1, 0, 1);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    json_array_get(groups, 0), "label"), "th")), "ไตรมาส 1/2569");
	json_decref(r);
}

static void
test_kpi_by_agent(void **state)
{
	json_t *r = kpi("counter", 2569, CKS_REPORT_BY_AGENT);
	json_t *groups = json_object_get(channel_of(r, "counter"), "groups");

	(void)state;
	assert_int_equal(json_array_size(groups), 2);
	counts_are(item_of(groups, "key", AGENT_NOK), 4, 3, 3, 2, 2);
	counts_are(item_of(groups, "key", AGENT_QUOTED), 1, 0, 1, 0, 1);
	json_decref(r);
}

/* 17 of 20 is 85.0 %: met.  17 of 21 is 80.95 %: not met. */
static void
test_kpi_target_boundary(void **state)
{
	struct cks_report_filter f = { .channel = "counter" };
	struct cks_error err;
	json_t *r = NULL;

	(void)state;
	f.from_ms = at("2027-11-01");
	f.to_ms = at("2027-11-21");
	if (cks_report_kpi(fx.store, fx.channels, &f, &r, &err) < 0)
		fail_msg("%s", err.message);
	counts_are(json_object_get(channel_of(r, "counter"), "total"),
	    20, 0, 20, 0, 17);
	percent_is(json_object_get(channel_of(r, "counter"), "total"),
	    "satisfied_percent", 85.0);
	assert_true(json_is_true(json_object_get(json_object_get(
	    channel_of(r, "counter"), "total"), "met")));
	null_is(json_object_get(r, "period"), "fiscal_year");
	json_decref(r);
	f.to_ms = at("2027-11-22");
	if (cks_report_kpi(fx.store, fx.channels, &f, &r, &err) < 0)
		fail_msg("%s", err.message);
	percent_is(json_object_get(channel_of(r, "counter"), "total"),
	    "satisfied_percent", 81.0);
	assert_true(json_is_false(json_object_get(json_object_get(
	    channel_of(r, "counter"), "total"), "met")));
	json_decref(r);
}

static void
test_filter_errors(void **state)
{
	struct cks_report_filter f = { .channel = "fax" };
	struct cks_error err;
	json_t *r = NULL;

	(void)state;
	cks_report_fiscal_year(&f, 2569, NULL);
	assert_int_equal(cks_report_kpi(fx.store, fx.channels, &f, &r, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, "'fax'"));
	assert_null(r);
	f.channel = NULL;
	f.to_ms = f.from_ms;
	assert_int_equal(cks_report_steps(fx.store, fx.channels, &f, &r, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, "period"));
}

/* --- steps ------------------------------------------------------------------ */

static void
test_steps(void **state)
{
	json_t *r = steps("counter", 2569);
	json_t *counter = channel_of(r, "counter");
	json_t *list = json_object_get(counter, "steps");
	json_t *greet = json_array_get(list, 0);
	json_t *prelim = json_array_get(list, 1);
	json_t *advice = json_array_get(list, 2);
	json_t *check = item_of(list, "id", "client_check");
	json_t *print = item_of(list, "id", "print_summary");

	(void)state;
	/* All eight steps, in the procedure's order. */
	assert_int_equal(json_array_size(list), 8);
	assert_string_equal(json_string_value(json_object_get(greet, "id")),
	    "greet");
	assert_int_equal(integer(greet, "number"), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(list,
	    7), "id")), "thank");
	/* greet: 10, 30.9, 31, 45 s timed, one still running. */
	assert_string_equal(json_string_value(json_object_get(greet, "status")),
	    "counted");
	assert_int_equal(integer(greet, "started"), 5);
	assert_int_equal(integer(greet, "timed"), 4);
	assert_int_equal(integer(greet, "median_ms"), 30900);   /* rank 2 of 4 */
	assert_int_equal(integer(greet, "p90_ms"), 45000);      /* rank 4 of 4 */
	assert_int_equal(integer(greet, "within"), 2);          /* 30.9 s is 30 s */
	assert_int_equal(integer(greet, "over"), 2);
	assert_int_equal(integer(greet, "under"), 0);
	percent_is(greet, "within_percent", 50.0);
	/* ABI 1.1: each step against its own target; a counted step's
	 * compliance is its share within the standard time. */
	assert_int_equal(integer(greet, "target_percent"), 85);
	percent_is(greet, "compliance_percent", 50.0);
	assert_true(json_is_false(json_object_get(greet, "met")));
	assert_int_equal(integer(json_object_get(greet, "standard"),
	    "max_seconds"), 30);
	/* preliminary questions, 5-20 min: 4 min under, 10 within, 25 over. */
	assert_int_equal(integer(prelim, "median_ms"), 600000);
	assert_int_equal(integer(prelim, "p90_ms"), 1500000);
	assert_int_equal(integer(prelim, "under"), 1);
	assert_int_equal(integer(prelim, "within"), 1);
	assert_int_equal(integer(prelim, "over"), 1);
	percent_is(prelim, "within_percent", 33.3);
	/* Counted but never recorded: no share, not 0 %. */
	assert_int_equal(integer(advice, "timed"), 0);
	null_is(advice, "within_percent");
	null_is(advice, "median_ms");
	assert_int_equal(integer(advice, "within"), 0);
	/* Left out of timing by the standard: durations kept, no verdict. */
	assert_string_equal(json_string_value(json_object_get(check, "status")),
	    "not counted");
	assert_int_equal(integer(check, "median_ms"), 120000);
	null_is(check, "within_percent");
	null_is(check, "within");
	/* Its own target, 100 %: the checks started that were done. */
	assert_int_equal(integer(check, "target_percent"), 100);
	percent_is(check, "compliance_percent", 100.0);
	assert_true(json_is_true(json_object_get(check, "met")));
	/* The standard gives the summary page no target. */
	null_is(print, "target_percent");
	null_is(print, "compliance_percent");
	null_is(print, "met");
	/* Counted, with a target, but nothing recorded: no verdict. */
	assert_int_equal(integer(advice, "target_percent"), 85);
	null_is(advice, "met");
	assert_string_equal(json_string_value(json_object_get(print, "status")),
	    "not counted");
	null_is(print, "standard");
	/* Overall: greet 2 of 4 and preliminary 1 of 3. */
	assert_int_equal(integer(json_object_get(counter, "overall"), "timed"), 7);
	assert_int_equal(integer(json_object_get(counter, "overall"), "within"), 3);
	percent_is(json_object_get(counter, "overall"), "within_percent", 42.9);
	assert_string_equal(json_string_value(json_object_get(r,
	    "percentile_method")), "nearest rank");
	json_decref(r);
}

static void
test_steps_no_standard(void **state)
{
	json_t *r = steps(NULL, 2569);
	json_t *hotline = json_object_get(channel_of(r, "hotline1169"), "steps");
	json_t *welcome = json_array_get(hotline, 0);

	(void)state;
	assert_int_equal(json_array_size(hotline), 8);
	assert_string_equal(json_string_value(json_object_get(welcome, "status")),
	    "no standard");
	assert_int_equal(integer(welcome, "timed"), 1);
	assert_int_equal(integer(welcome, "median_ms"), 20000);
	null_is(welcome, "within_percent");
	null_is(json_object_get(channel_of(r, "hotline1169"), "overall"),
	    "within_percent");
	json_decref(r);
}

/* 1..21 s: the median is rank 11 (11 s), the 90th percentile rank 19. */
static void
test_steps_percentiles(void **state)
{
	struct cks_report_filter f = { .channel = "counter" };
	struct cks_error err;
	json_t *r = NULL, *greet;

	(void)state;
	f.from_ms = at("2027-11-01");
	f.to_ms = at("2027-12-01");
	if (cks_report_steps(fx.store, fx.channels, &f, &r, &err) < 0)
		fail_msg("%s", err.message);
	greet = json_array_get(json_object_get(channel_of(r, "counter"), "steps"),
	    0);
	assert_int_equal(integer(greet, "timed"), 21);
	assert_int_equal(integer(greet, "median_ms"), 11000);
	assert_int_equal(integer(greet, "p90_ms"), 19000);
	percent_is(greet, "within_percent", 100.0);
	json_decref(r);
}

/* History outlives a plugin: without the plugins, the channels found in
 * the store are reported with the default target and their recorded step
 * ids, in the order of the procedure they were recorded under. */
static void
test_without_plugins(void **state)
{
	struct cks_report_filter f = { .group = CKS_REPORT_BY_NONE };
	struct cks_error err;
	json_t *r = NULL, *counter, *list;

	(void)state;
	cks_report_fiscal_year(&f, 2569, NULL);
	if (cks_report_kpi(fx.store, NULL, &f, &r, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(json_array_size(json_object_get(r, "channels")), 3);
	counter = channel_of(r, "counter");
	assert_true(json_is_false(json_object_get(counter, "loaded")));
	assert_true(json_is_null(json_object_get(counter, "name")));
	assert_int_equal(integer(counter, "target_percent"),
	    CKS_REPORT_DEFAULT_TARGET);
	assert_string_equal(json_string_value(json_object_get(counter,
	    "target_source")), "default");
	counts_are(json_object_get(counter, "total"), 5, 3, 4, 2, 3);
	json_decref(r);
	if (cks_report_steps(fx.store, NULL, &f, &r, &err) < 0)
		fail_msg("%s", err.message);
	list = json_object_get(channel_of(r, "counter"), "steps");
	assert_int_equal(json_array_size(list), 4);
	assert_string_equal(json_string_value(json_object_get(json_array_get(list,
	    0), "id")), "greet");
	assert_string_equal(json_string_value(json_object_get(json_array_get(list,
	    3), "id")), "print_summary");
	assert_int_equal(integer(json_array_get(list, 3), "number"), 6);
	assert_string_equal(json_string_value(json_object_get(json_array_get(list,
	    0), "status")), "plugin not loaded");
	assert_int_equal(integer(json_array_get(list, 0), "median_ms"), 30900);
	null_is(json_array_get(list, 0), "within_percent");
	json_decref(r);
	/* A channel asked for by name that never had a session. */
	f.channel = "fax";
	assert_int_equal(cks_report_kpi(fx.store, NULL, &f, &r, &err), -1);
	/* One that had sessions, though its plugin is gone. */
	f.channel = "chat";
	assert_int_equal(cks_report_kpi(fx.store, NULL, &f, &r, &err), 0);
	counts_are(json_object_get(channel_of(r, "chat"), "total"), 1, 0, 1, 0, 1);
	json_decref(r);
}

/* --- CSV and text ----------------------------------------------------------- */

static char *
csv_of(json_t *report)
{
	struct cks_error err;
	char *csv = NULL;

	if (cks_report_csv(report, &csv, &err) < 0)
		fail_msg("csv: %s", err.message);
	json_decref(report);
	return csv;
}

static void
test_csv_kpi(void **state)
{
	char *csv = csv_of(kpi("counter", 2569, CKS_REPORT_BY_AGENT));
	const char *header =
	    "\xef\xbb\xbf" "channel,channel_name_th,channel_name_en,group,"
	    "group_label_th,group_label_en,sessions,invitations_sent,"
	    "invitations_bounced,answers,answers_to_invitations,"
	    "response_rate_percent,invitation_response_rate_percent,satisfied,"
	    "satisfied_percent,reminders_sent,answered_after_reminder,"
	    "answered_after_reminder_percent,target_percent,met,answers_email,"
	    "answers_sms,"
	    "answers_ivr,answers_chat,answers_counter,answers_web\r\n";

	(void)state;
	/* The byte-order mark, then the header, CRLF. */
	assert_memory_equal(csv, header, strlen(header));
	/* RFC 4180: the name with a comma and quotes is quoted, quotes doubled. */
	assert_non_null(strstr(csv, "\r\ncounter,เคาน์เตอร์ให้คำปรึกษา,"
	    "Counter (walk-in advisory),\"สมศรี \"\"แอน\"\", ทดสอบ\","
	    "\"สมศรี \"\"แอน\"\", ทดสอบ\",\"สมศรี \"\"แอน\"\", ทดสอบ\","
	    "1,0,0,1,0,100.0,,1,100.0,0,0,,85,yes,0,0,0,0,1,0\r\n"));
	/* The channel's total: empty group key, empty field for nothing. */
	assert_non_null(strstr(csv, "\r\ncounter,เคาน์เตอร์ให้คำปรึกษา,"
	    "Counter (walk-in advisory),,รวม,total,5,3,0,4,2,80.0,66.7,3,75.0,0,0,,"
	    "85,no,1,1,0,0,2,0\r\n"));
	/* No bare LF anywhere. */
	for (const char *p = csv; (p = strchr(p, '\n')) != NULL; p++)
		assert_int_equal(p[-1], '\r');
	free(csv);
}

static void
test_csv_steps(void **state)
{
	char *csv = csv_of(steps("counter", 2569));

	(void)state;
	assert_memory_equal(csv, "\xef\xbb\xbf" "channel,", 11);
	assert_non_null(strstr(csv, ",1,greet,agent,"));
	assert_non_null(strstr(csv, "within_percent,target_percent,"
	    "compliance_percent,met\r\n"));
	assert_non_null(strstr(csv, ",0,30,counted,5,4,30900,45000,2,0,2,50.0,"
	    "85,50.0,no\r\n"));
	/* Not counted: empty, not 0; no target either. */
	assert_non_null(strstr(csv, ",,,not counted,1,1,60000,60000,,,,,,,\r\n"));
	free(csv);
}

/* The display column where the cell holding needle ends on line. */
static size_t
column_end(const char *line, const char *needle)
{
	const char *hit = strstr(line, needle);
	char prefix[1024];

	assert_non_null(hit);
	snprintf(prefix, sizeof(prefix), "%.*s",
	    (int)(hit - line + (ptrdiff_t)strlen(needle)), line);
	return cks_utf8_width(prefix);
}

static const char *
line_with(const char *text, const char *needle, char *buf, size_t size)
{
	const char *hit = strstr(text, needle), *start, *end;

	assert_non_null(hit);
	for (start = hit; start > text && start[-1] != '\n'; start--)
		;
	end = strchr(hit, '\n');
	snprintf(buf, size, "%.*s", (int)(end - start), start);
	return buf;
}

static void
test_text_kpi(void **state)
{
	json_t *r = kpi("counter", 2569, CKS_REPORT_BY_AGENT);
	struct cks_error err;
	char *text = NULL, head[512], nok[512], quoted[512];

	(void)state;
	assert_int_equal(cks_report_text(r, "en", &text, &err), 0);
	assert_non_null(strstr(text, "Satisfaction KPI: fiscal year 2569 "
	    "(1 Oct 2025 – 30 Sep 2026), by agent\n"));
	line_with(text, "AGENT", head, sizeof(head));
	line_with(text, AGENT_NOK " ", nok, sizeof(nok));
	line_with(text, AGENT_QUOTED, quoted, sizeof(quoted));
	/* Right-aligned counts line up under their header, whatever Thai
	 * vowel and tone marks the names before them hold. */
	assert_int_equal(column_end(nok, " 4  "), column_end(head, "SESSIONS") + 2);
	assert_int_equal(column_end(quoted, " 1  "),
	    column_end(head, "SESSIONS") + 2);
	assert_non_null(strstr(text, "75.0 %"));
	assert_non_null(strstr(text, "answers by medium: email 1, sms 1, ivr 0, "
	    "chat 0, counter 2, web 0\n"));
	free(text);
	assert_int_equal(cks_report_text(r, "th", &text, &err), 0);
	assert_non_null(strstr(text, "ปีงบประมาณ 2569"));
	assert_non_null(strstr(text, "ไม่ผ่าน"));
	free(text);
	json_decref(r);
}

static void
test_text_steps(void **state)
{
	json_t *r = steps("counter", 2569);
	struct cks_error err;
	char *text = NULL, line[512];

	(void)state;
	assert_int_equal(cks_report_text(r, "en", &text, &err), 0);
	line_with(text, "greet", line, sizeof(line));
	assert_non_null(strstr(line, "up to 30 s"));
	assert_non_null(strstr(line, "30 s"));
	assert_non_null(strstr(line, "50.0 % (2/4)"));
	line_with(text, "print_summary", line, sizeof(line));
	assert_non_null(strstr(line, "not counted"));
	assert_non_null(strstr(text, "counted steps overall: 3 of 7 within = "
	    "42.9 %"));
	free(text);
	assert_int_equal(cks_report_text(r, "th", &text, &err), 0);
	line_with(text, "preliminary_questions", line, sizeof(line));
	assert_non_null(strstr(line, "5-20 นาที"));
	assert_non_null(strstr(line, "10 นาที 00 วินาที"));
	free(text);
	json_decref(r);
}

static void
test_format_helpers(void **state)
{
	char buf[64];

	(void)state;
	cks_report_format_standard(0, 30, "th", buf, sizeof(buf));
	assert_string_equal(buf, "ไม่เกิน 30 วินาที");
	cks_report_format_standard(600, 8400, "en", buf, sizeof(buf));
	assert_string_equal(buf, "10-140 min");
	cks_report_format_standard(CKS_DURATION_NONE, CKS_DURATION_NONE, "en",
	    buf, sizeof(buf));
	assert_string_equal(buf, "-");
	cks_report_format_duration(30900, "en", buf, sizeof(buf));
	assert_string_equal(buf, "30 s");
	cks_report_format_duration(7500000, "th", buf, sizeof(buf));
	assert_string_equal(buf, "2 ชม. 05 นาที");
}

/* --- the dashboard ---------------------------------------------------------- */

static void
test_dashboard(void **state)
{
	json_t *k = kpi(NULL, 2569, CKS_REPORT_BY_MONTH);
	json_t *s = steps(NULL, 2569);
	json_t *name = json_object_get(channel_of(k, "counter"), "name");
	struct cks_error err;
	char *html = NULL;

	(void)state;
	/* Text from outside the page must come out as text. */
	json_object_set_new(name, "th", json_string("<b>เคาน์เตอร์ & \"x\"</b>"));
	assert_int_equal(cks_dashboard_render(k, s, "th", at("2026-11-28T10:05"),
	    &html, &err), 0);
	assert_memory_equal(html, "<!DOCTYPE html>\n<html lang=\"th\">", 31);
	assert_non_null(strstr(html, "&lt;b&gt;เคาน์เตอร์ &amp; &quot;x&quot;"
	    "&lt;/b&gt;"));
	assert_null(strstr(html, "<b>"));
	assert_null(strstr(html, "<script"));
	assert_non_null(strstr(html, "\"Sarabun\",\"TH Sarabun New\",\"Loma\","
	    "\"Garuda\",\"Noto Sans Thai\",sans-serif"));
	/* Buddhist-Era months on two lines, the 85 % line at y = 240 - 0.85 x
	 * 216, the share bars, the response line, the step chart. */
	assert_non_null(strstr(html, ">ต.ค.</tspan><tspan"));
	assert_non_null(strstr(html, "dy=\"15\">2568</tspan>"));
	assert_non_null(strstr(html, "<line class=\"target\" x1=\"52.0\" "
	    "y1=\"56.4\" x2=\"630.0\" y2=\"56.4\""));
	assert_non_null(strstr(html, "<rect class=\"bar below\""));
	assert_non_null(strstr(html, "<polyline class=\"rate\""));
	assert_non_null(strstr(html, "<svg class=\"chart steps\""));
	assert_non_null(strstr(html, ">ไม่นับเวลา</text>"));
	assert_non_null(strstr(html, "ข้อมูล ณ 28 พ.ย. 2569 10:05"));
	assert_non_null(strstr(html, "id=\"channel-hotline1169\""));
	free(html);
	assert_int_equal(cks_dashboard_render(k, s, "en", 1, &html, &err), 0);
	assert_non_null(strstr(html, "<html lang=\"en\">"));
	assert_non_null(strstr(html, "dy=\"15\">2025</tspan>"));
	assert_non_null(strstr(html, "no standard time"));
	free(html);
	json_decref(k);
	/* Only the monthly KPI fits the chart. */
	k = kpi(NULL, 2569, CKS_REPORT_BY_AGENT);
	assert_int_equal(cks_dashboard_render(k, s, "th", 0, &html, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_null(html);
	json_decref(k);
	json_decref(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fiscal_year_range),
		cmocka_unit_test(test_group_names),
		cmocka_unit_test(test_fiscal_year_boundaries),
		cmocka_unit_test_setup_teardown(test_fiscal_year_boundaries,
		    tz_utc, tz_bangkok),
		cmocka_unit_test_setup_teardown(test_fiscal_year_boundaries,
		    tz_new_york, tz_bangkok),
		cmocka_unit_test_setup_teardown(test_kpi_by_month, tz_utc,
		    tz_bangkok),
		cmocka_unit_test_setup_teardown(test_kpi_by_month, tz_new_york,
		    tz_bangkok),
		cmocka_unit_test(test_reports_ignore_process_tz),
		cmocka_unit_test(test_kpi_total),
		cmocka_unit_test(test_kpi_by_month),
		cmocka_unit_test(test_kpi_by_quarter),
		cmocka_unit_test(test_kpi_by_agent),
		cmocka_unit_test(test_kpi_target_boundary),
		cmocka_unit_test(test_filter_errors),
		cmocka_unit_test(test_steps),
		cmocka_unit_test(test_steps_no_standard),
		cmocka_unit_test(test_steps_percentiles),
		cmocka_unit_test(test_without_plugins),
		cmocka_unit_test(test_csv_kpi),
		cmocka_unit_test(test_csv_steps),
		cmocka_unit_test(test_text_kpi),
		cmocka_unit_test(test_text_steps),
		cmocka_unit_test(test_format_helpers),
		cmocka_unit_test(test_dashboard),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
