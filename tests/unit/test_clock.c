/* Unit tests for lib/base/clock: parsing dates in either era, ISO and long
 * formatting, durations. */
#include "autoconfig.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testhelp.h"
#include "clock.h"

/* 2026-11-28T10:05:00+07:00, i.e. 03:05 UTC. */
#define NOV28_1005 INT64_C(1795835100000)

static int
setup_bangkok(void **state)
{
	setenv("TZ", "Asia/Bangkok", 1);
	tzset();
	return 0;
}

static int64_t
parse_ok(const char *text)
{
	struct cks_error err;
	int64_t ms = -1;

	cks_error_clear(&err);
	if (cks_time_parse(text, "--at", &ms, &err) != 0)
		fail_msg("'%s' refused: %s", text, err.message);
	return ms;
}

static void
parse_refused(const char *text)
{
	struct cks_error err;
	int64_t ms = 42;

	cks_error_clear(&err);
	if (cks_time_parse(text, "--since", &ms, &err) != -1)
		fail_msg("'%s' accepted as %lld", text, (long long)ms);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_int_equal(strncmp(err.message, "--since: ", 9), 0);
	assert_non_null(strstr(err.message, text));
	assert_int_equal(ms, 42);      /* nothing written on failure */
}

static void
test_parse_utc_and_offsets(void **state)
{
	assert_int_equal(parse_ok("2026-11-28T03:05:00Z"), NOV28_1005);
	assert_int_equal(parse_ok("2026-11-28T03:05Z"), NOV28_1005);
	assert_int_equal(parse_ok("2026-11-28T10:05:00+07:00"), NOV28_1005);
	assert_int_equal(parse_ok("2026-11-28 10:05+07:00"), NOV28_1005);
	assert_int_equal(parse_ok("2026-11-27T22:05:00-05:00"), NOV28_1005);
	assert_int_equal(parse_ok("2026-11-28T08:35:00+05:30"), NOV28_1005);
	assert_int_equal(parse_ok("2026-11-28T03:05:00+00:00"), NOV28_1005);
	/* 2000-01-01T00:00:00Z is 946684800 s after the epoch. */
	assert_int_equal(parse_ok("2000-01-01T00:00:00Z"), INT64_C(946684800000));
	assert_int_equal(parse_ok("2000-01-01T07:00:01+07:00"),
	    INT64_C(946684801000));
}

static void
test_parse_local_bangkok(void **state)
{
	assert_int_equal(parse_ok("2026-11-28T10:05:00"), NOV28_1005);
	assert_int_equal(parse_ok("2026-11-28T10:05"), NOV28_1005);
	assert_int_equal(parse_ok("2026-11-28 10:05"), NOV28_1005);
	/* A date alone is local midnight: 2026-11-27T17:00Z. */
	assert_int_equal(parse_ok("2026-11-28"),
	    NOV28_1005 - (10 * 3600 + 5 * 60) * INT64_C(1000));
	assert_int_equal(parse_ok("2026-11-28T10:05:59"), NOV28_1005 + 59000);
}

/* Makes name the desk's zone, failing the test if it cannot. */
static void
zone(const char *name)
{
	struct cks_error err;

	cks_error_clear(&err);
	if (cks_clock_set_zone(name, &err) != 0)
		fail_msg("zone %s: %s", name, err.message);
	assert_string_equal(cks_clock_zone_name(), name);
}

static void
test_parse_local_follows_desk_zone(void **state)
{
	/* The desk's zone, not the process's TZ. */
	setenv("TZ", "UTC", 1);
	tzset();
	zone("America/New_York");
	/* New York is on EST (UTC-5) in late November. */
	assert_int_equal(parse_ok("2026-11-27T22:05"), NOV28_1005);
	/* ...and on EDT (UTC-4) in July. */
	assert_int_equal(parse_ok("2026-07-01T00:00"),
	    parse_ok("2026-07-01T04:00:00Z"));
	/* 02:30 on 8 March 2026 does not exist there: the offset before. */
	assert_int_equal(parse_ok("2026-03-08T02:30"),
	    parse_ok("2026-03-08T07:30:00Z"));
	zone("Asia/Bangkok");
	setenv("TZ", "America/New_York", 1);
	tzset();
	assert_int_equal(parse_ok("2026-11-28T10:05"), NOV28_1005);
	setenv("TZ", "Asia/Bangkok", 1);
	tzset();
}

static void
test_zone_offsets_and_check(void **state)
{
	struct cks_error err;
	struct tm tm;

	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(cks_zone_offset(NOV28_1005), 7 * 3600);
	/* 06:30 Bangkok on 1 October 2026 is 23:30 UTC on 30 September. */
	cks_time_local(parse_ok("2026-09-30T23:30:00Z"), &tm);
	assert_int_equal(tm.tm_mon, 9);
	assert_int_equal(tm.tm_mday, 1);
	assert_int_equal(tm.tm_hour, 6);
	zone("America/New_York");
	assert_int_equal(cks_zone_offset(NOV28_1005), -5 * 3600);
	assert_int_equal(cks_zone_offset(parse_ok("2026-07-01T12:00:00Z")),
	    -4 * 3600);
	/* Past the file's transitions (2037), its footer's rule: summer
	 * time from the 2nd Sunday of March, 02:00, to the 1st of November. */
	assert_int_equal(cks_zone_offset(parse_ok("2040-01-15T12:00:00Z")),
	    -5 * 3600);
	assert_int_equal(cks_zone_offset(parse_ok("2040-03-11T06:59:59Z")),
	    -5 * 3600);
	assert_int_equal(cks_zone_offset(parse_ok("2040-03-11T07:00:00Z")),
	    -4 * 3600);
	assert_int_equal(cks_zone_offset(parse_ok("2040-11-04T05:59:59Z")),
	    -4 * 3600);
	assert_int_equal(cks_zone_offset(parse_ok("2040-11-04T06:00:00Z")),
	    -5 * 3600);
	/* The southern hemisphere: summer time across the new year. */
	zone("Australia/Sydney");
	assert_int_equal(cks_zone_offset(parse_ok("2040-01-15T00:00:00Z")),
	    11 * 3600);
	assert_int_equal(cks_zone_offset(parse_ok("2040-07-01T00:00:00Z")),
	    10 * 3600);
	zone("Asia/Bangkok");
	assert_int_equal(cks_zone_offset(parse_ok("2040-07-01T00:00:00Z")),
	    7 * 3600);
	cks_error_clear(&err);
	assert_int_equal(cks_zone_check("Asia/Bangkok", "timezone", &err), 0);
	assert_int_equal(cks_zone_check("Mars/Olympus", "timezone", &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, "Mars/Olympus"));
	assert_int_equal(cks_zone_check("../../etc/passwd", "timezone", &err),
	    -1);
	assert_int_equal(cks_clock_set_zone("Nowhere/Town", &err), -1);
	assert_string_equal(cks_clock_zone_name(), "Asia/Bangkok");
	setenv("TZ", "Asia/Bangkok", 1);
	tzset();
}

static void
test_parse_buddhist_era(void **state)
{
	assert_int_equal(parse_ok("2569-11-28T10:05"), NOV28_1005);
	assert_int_equal(parse_ok("2569-11-28T03:05:00Z"), NOV28_1005);
	assert_int_equal(parse_ok("2569-11-28"), parse_ok("2026-11-28"));
	assert_int_equal(parse_ok("2569-01-01"), parse_ok("2026-01-01"));
	/* 2571 BE = 2028, a leap year; 2569 BE = 2026 is not. */
	assert_int_equal(parse_ok("2571-02-29"), parse_ok("2028-02-29"));
	parse_refused("2569-02-29");
}

static void
test_parse_refused(void **state)
{
	parse_refused("2026-02-30");
	parse_refused("2026-02-29");
	parse_refused("2026-04-31");
	parse_refused("2026-13-01");
	parse_refused("2026-00-10");
	parse_refused("2026-11-00");
	parse_refused("2026-11-32");
	parse_refused("yesterday");
	parse_refused("");
	parse_refused("2026-11-28T10:05junk");
	parse_refused("2026-11-28 10:05:00 ");
	parse_refused("2026-11-28Z junk");
	parse_refused("2026-11-28T10:05:00+07:00:00");
	parse_refused("2026-11-28T10:05+0700");
	parse_refused("2026-11-28T24:00");
	parse_refused("2026-11-28T10:60");
	parse_refused("2026-11-28T10");
	parse_refused("2026-11-28T10:05:");
	parse_refused("2026/11/28");
	parse_refused("26-11-28");
	parse_refused("2026-1-28");
	parse_refused("1969-12-31");
	parse_refused("0000-01-01");
	parse_refused("2512-12-31");             /* BE for 1969 */
	parse_refused("28-11-2026");
}

static void
test_parse_error_null(void **state)
{
	int64_t ms = 7;

	assert_int_equal(cks_time_parse("nope", "x", &ms, NULL), -1);
	assert_int_equal(ms, 7);
}

static void
test_format_iso(void **state)
{
	char buf[64];

	cks_time_format_iso(NOV28_1005, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-28T10:05:00+07:00");
	/* Milliseconds are dropped, not rounded. */
	cks_time_format_iso(NOV28_1005 + 999, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-28T10:05:00+07:00");
	cks_time_format_iso(0, buf, sizeof(buf));
	assert_string_equal(buf, "1970-01-01T07:00:00+07:00");
}

static void
test_format_iso_negative_offset(void **state)
{
	char buf[64];

	setenv("TZ", "UTC", 1);
	tzset();
	zone("America/New_York");
	cks_time_format_iso(NOV28_1005, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-27T22:05:00-05:00");
	zone("Asia/Kolkata");
	cks_time_format_iso(NOV28_1005, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-28T08:35:00+05:30");
	zone("Asia/Bangkok");
	cks_time_format_iso(NOV28_1005, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-28T10:05:00+07:00");
	setenv("TZ", "Asia/Bangkok", 1);
	tzset();
}

static void
test_format_iso_round_trip(void **state)
{
	static const int64_t samples[] = {
		NOV28_1005, INT64_C(946684800000), INT64_C(1767225600000),
		INT64_C(1798761599000),
		INT64_C(951782400000) /* 2000-02-29 */, INT64_C(4102444800000),
	};
	char buf[64];

	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		cks_time_format_iso(samples[i], buf, sizeof(buf));
		assert_int_equal(parse_ok(buf), samples[i]);
	}
	/* And the other way round. */
	cks_time_format_iso(parse_ok("2569-12-31T23:59:59"), buf, sizeof(buf));
	assert_string_equal(buf, "2026-12-31T23:59:59+07:00");
}

static void
test_format_long(void **state)
{
	char buf[128];

	cks_time_format_long(NOV28_1005, "th", buf, sizeof(buf));
	assert_string_equal(buf, "28 พ.ย. 2569 10:05");
	assert_non_null(strstr(buf, "พ.ย. 2569"));
	cks_time_format_long(NOV28_1005, "en", buf, sizeof(buf));
	assert_string_equal(buf, "28 Nov 2026 10:05");
	assert_non_null(strstr(buf, "Nov 2026"));
	/* No language, or one we do not know: English. */
	cks_time_format_long(NOV28_1005, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "28 Nov 2026 10:05");
	cks_time_format_long(NOV28_1005, "fr", buf, sizeof(buf));
	assert_string_equal(buf, "28 Nov 2026 10:05");
	/* First and last month names. */
	cks_time_format_long(parse_ok("2026-01-05T08:00"), "th", buf, sizeof(buf));
	assert_string_equal(buf, "5 ม.ค. 2569 08:00");
	cks_time_format_long(parse_ok("2026-12-31T23:59"), "th", buf, sizeof(buf));
	assert_string_equal(buf, "31 ธ.ค. 2569 23:59");
	cks_time_format_long(parse_ok("2026-12-31T23:59"), "en", buf, sizeof(buf));
	assert_string_equal(buf, "31 Dec 2026 23:59");
}

static void
test_format_truncates_safely(void **state)
{
	char buf[8];

	memset(buf, 'X', sizeof(buf));
	cks_time_format_iso(NOV28_1005, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11");
	cks_duration_format(7500, buf, 4);
	assert_string_equal(buf, "2 h");
}

static void
test_duration_format(void **state)
{
	static const struct {
		int64_t seconds;
		const char *text;
	} cases[] = {
		{ 0, "0 s" },
		{ 45, "45 s" },
		{ 59, "59 s" },
		{ 60, "1 min 00 s" },
		{ 725, "12 min 05 s" },
		{ 3599, "59 min 59 s" },
		{ 3600, "1 h 00 min" },
		{ 7500, "2 h 05 min" },
		{ 7559, "2 h 05 min" },
		{ 90000, "25 h 00 min" },
		{ -5, "0 s" },
	};
	char buf[32];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cks_duration_format(cases[i].seconds, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].text);
	}
}

static void
test_now_ms(void **state)
{
	/* Bracketed by clock_gettime, not time(): glibc's time() reads the
	 * coarse clock, which lags the precise one by up to a tick, so a
	 * "now" just past a second's start was later than time() + 1 s. */
	struct timespec ts;
	int64_t before, now, after;

	clock_gettime(CLOCK_REALTIME, &ts);
	before = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	now = cks_now_ms();
	clock_gettime(CLOCK_REALTIME, &ts);
	after = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;

	assert_true(now >= before);
	assert_true(now <= after);
}

/* The injected clock: both times come from the source until it is taken
 * away; a NULL member keeps the system's time for that clock. */
struct fixed { int64_t wall_ms, mono_us; };

static int64_t
fixed_wall(void *ctx)
{
	return ((struct fixed *)ctx)->wall_ms;
}

static int64_t
fixed_mono(void *ctx)
{
	return ((struct fixed *)ctx)->mono_us;
}

static void
test_clock_source_injected(void **state)
{
	struct fixed t = { 1764299100000LL, 5000000 };
	const struct cks_clock_source both = { fixed_wall, fixed_mono };
	const struct cks_clock_source wall_only = { fixed_wall, NULL };
	int64_t real;

	(void)state;
	cks_clock_set_source(&both, &t);
	assert_int_equal(cks_now_ms(), 1764299100000LL);
	assert_int_equal(cks_monotonic_us(), 5000000);
	assert_int_equal(cks_monotonic_ms(), 5000);
	t.wall_ms += 1500;
	t.mono_us += 1500000;
	assert_int_equal(cks_now_ms(), 1764299101500LL);
	assert_int_equal(cks_monotonic_ms(), 6500);
	cks_clock_set_source(&wall_only, &t);
	assert_int_equal(cks_now_ms(), 1764299101500LL);
	assert_true(cks_monotonic_ms() != 6500);
	cks_clock_set_source(NULL, NULL);
	real = (int64_t)time(NULL) * 1000;
	assert_true(cks_now_ms() >= real - 1000 && cks_now_ms() <= real + 2000);
}

/* The tests' fake clock moves both times together, only when told. */
static void
test_fake_clock_advances(void **state)
{
	int64_t wall, mono;

	(void)state;
	test_clock_fake();
	wall = cks_now_ms();
	mono = cks_monotonic_us();
	assert_int_equal(cks_now_ms(), wall);
	test_clock_advance(250);
	assert_int_equal(cks_now_ms(), wall + 250);
	assert_int_equal(cks_monotonic_us(), mono + 250000);
	test_clock_real();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_parse_utc_and_offsets, setup_bangkok),
		cmocka_unit_test_setup(test_parse_local_bangkok, setup_bangkok),
		cmocka_unit_test_setup(test_parse_local_follows_desk_zone, setup_bangkok),
		cmocka_unit_test_setup(test_zone_offsets_and_check, setup_bangkok),
		cmocka_unit_test_setup(test_parse_buddhist_era, setup_bangkok),
		cmocka_unit_test_setup(test_parse_refused, setup_bangkok),
		cmocka_unit_test_setup(test_parse_error_null, setup_bangkok),
		cmocka_unit_test_setup(test_format_iso, setup_bangkok),
		cmocka_unit_test_setup(test_format_iso_negative_offset, setup_bangkok),
		cmocka_unit_test_setup(test_format_iso_round_trip, setup_bangkok),
		cmocka_unit_test_setup(test_format_long, setup_bangkok),
		cmocka_unit_test_setup(test_format_truncates_safely, setup_bangkok),
		cmocka_unit_test_setup(test_duration_format, setup_bangkok),
		cmocka_unit_test_setup(test_now_ms, setup_bangkok),
		cmocka_unit_test(test_clock_source_injected),
		cmocka_unit_test(test_fake_clock_advances),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
