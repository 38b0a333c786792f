/* Unit tests for lib/desk/timing: classifying a step's duration against its
 * standard and formatting the standard. */
#include "autoconfig.h"

#include <stdint.h>
#include <string.h>

#include "testhelp.h"
#include "timing.h"

#define T0 INT64_C(1795835100000)       /* any start time */
#define SEC INT64_C(1000)

static const struct cks_step up_to_30s = {
	.id = "greet", .actor = CKS_ACTOR_AGENT,
	.text = { .th = "ทักทาย", .en = "Greet" },
	.min_seconds = 0, .max_seconds = 30, .timed = 1,
};

static const struct cks_step range_5_20min = {
	.id = "questions", .actor = CKS_ACTOR_AGENT,
	.text = { .th = "สอบถาม", .en = "Ask" },
	.min_seconds = 300, .max_seconds = 1200, .timed = 1,
};

static const struct cks_step no_standard = {
	.id = "welcome", .actor = CKS_ACTOR_AGENT,
	.text = { .th = "ต้อนรับ", .en = "Welcome" },
	.min_seconds = CKS_DURATION_NONE, .max_seconds = CKS_DURATION_NONE,
	.timed = 1,
};

static const struct cks_step not_timed = {
	.id = "client_check", .actor = CKS_ACTOR_CLIENT,
	.text = { .th = "ตรวจสอบ", .en = "Check" },
	.min_seconds = 0, .max_seconds = 300, .timed = 0,
};

static const struct cks_step untimed_no_standard = {
	.id = "print_summary", .actor = CKS_ACTOR_AGENT,
	.text = { .th = "พิมพ์", .en = "Print" },
	.min_seconds = CKS_DURATION_NONE, .max_seconds = CKS_DURATION_NONE,
	.timed = 0,
};

static enum cks_timing
after(const struct cks_step *step, int64_t ms)
{
	return cks_timing_classify(step, T0, T0 + ms);
}

static void
test_up_to_boundaries(void **state)
{
	assert_int_equal(after(&up_to_30s, 0), CKS_TIMING_WITHIN);
	assert_int_equal(after(&up_to_30s, 1 * SEC), CKS_TIMING_WITHIN);
	assert_int_equal(after(&up_to_30s, 30 * SEC), CKS_TIMING_WITHIN);
	/* 30.9 s shows as 30 s on a stopwatch: still within. */
	assert_int_equal(after(&up_to_30s, 30 * SEC + 900), CKS_TIMING_WITHIN);
	assert_int_equal(after(&up_to_30s, 30 * SEC + 999), CKS_TIMING_WITHIN);
	assert_int_equal(after(&up_to_30s, 31 * SEC), CKS_TIMING_OVER);
	assert_int_equal(after(&up_to_30s, 3600 * SEC), CKS_TIMING_OVER);
}

static void
test_range_boundaries(void **state)
{
	assert_int_equal(after(&range_5_20min, 0), CKS_TIMING_UNDER);
	assert_int_equal(after(&range_5_20min, 299 * SEC), CKS_TIMING_UNDER);
	/* 299.9 s is 299 whole seconds: under. */
	assert_int_equal(after(&range_5_20min, 299 * SEC + 900), CKS_TIMING_UNDER);
	assert_int_equal(after(&range_5_20min, 300 * SEC), CKS_TIMING_WITHIN);
	assert_int_equal(after(&range_5_20min, 600 * SEC), CKS_TIMING_WITHIN);
	assert_int_equal(after(&range_5_20min, 1200 * SEC), CKS_TIMING_WITHIN);
	assert_int_equal(after(&range_5_20min, 1200 * SEC + 999), CKS_TIMING_WITHIN);
	assert_int_equal(after(&range_5_20min, 1201 * SEC), CKS_TIMING_OVER);
}

static void
test_not_started_and_running(void **state)
{
	assert_int_equal(cks_timing_classify(&up_to_30s, 0, 0),
	    CKS_TIMING_NOT_STARTED);
	assert_int_equal(cks_timing_classify(&up_to_30s, T0, 0),
	    CKS_TIMING_RUNNING);
	/* These do not depend on the standard. */
	assert_int_equal(cks_timing_classify(&no_standard, 0, 0),
	    CKS_TIMING_NOT_STARTED);
	assert_int_equal(cks_timing_classify(&not_timed, 0, 0),
	    CKS_TIMING_NOT_STARTED);
	assert_int_equal(cks_timing_classify(&not_timed, T0, 0),
	    CKS_TIMING_RUNNING);
	assert_int_equal(cks_timing_classify(&untimed_no_standard, T0, 0),
	    CKS_TIMING_RUNNING);
}

static void
test_no_standard_and_not_counted(void **state)
{
	assert_int_equal(after(&no_standard, 5 * SEC), CKS_TIMING_NO_STANDARD);
	assert_int_equal(after(&no_standard, 99999 * SEC), CKS_TIMING_NO_STANDARD);
	/* Not timed wins, even though a guide exists and is exceeded. */
	assert_int_equal(after(&not_timed, 10 * SEC), CKS_TIMING_NOT_COUNTED);
	assert_int_equal(after(&not_timed, 3600 * SEC), CKS_TIMING_NOT_COUNTED);
	assert_int_equal(after(&untimed_no_standard, 10 * SEC),
	    CKS_TIMING_NOT_COUNTED);
}

static void
test_names(void **state)
{
	assert_string_equal(cks_timing_name(CKS_TIMING_NOT_STARTED), "not started");
	assert_string_equal(cks_timing_name(CKS_TIMING_RUNNING), "running");
	assert_string_equal(cks_timing_name(CKS_TIMING_WITHIN), "within");
	assert_string_equal(cks_timing_name(CKS_TIMING_UNDER), "under");
	assert_string_equal(cks_timing_name(CKS_TIMING_OVER), "over");
	assert_string_equal(cks_timing_name(CKS_TIMING_NO_STANDARD), "no standard");
	assert_string_equal(cks_timing_name(CKS_TIMING_NOT_COUNTED), "not counted");
	assert_string_equal(cks_timing_name((enum cks_timing)99), "unknown");
}

static void
standard_is(int min, int max, const char *expected)
{
	struct cks_step step = up_to_30s;
	char buf[64];

	step.min_seconds = min;
	step.max_seconds = max;
	memset(buf, 'X', sizeof(buf));
	cks_timing_format_standard(&step, buf, sizeof(buf));
	assert_string_equal(buf, expected);
}

static void
test_format_standard(void **state)
{
	char buf[64];

	cks_timing_format_standard(&up_to_30s, buf, sizeof(buf));
	assert_string_equal(buf, "up to 30 s");
	cks_timing_format_standard(&range_5_20min, buf, sizeof(buf));
	assert_string_equal(buf, "5-20 min");
	cks_timing_format_standard(&no_standard, buf, sizeof(buf));
	assert_string_equal(buf, "-");
	/* The plugins' other standards. */
	standard_is(0, 300, "up to 5 min");
	standard_is(600, 8400, "10-140 min");
	standard_is(300, 600, "5-10 min");
	/* Mixed units are given in seconds; so are amounts under a minute. */
	standard_is(30, 90, "30-90 s");
	standard_is(30, 120, "30-120 s");
	standard_is(0, 45, "up to 45 s");
	standard_is(0, 90, "up to 90 s");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_up_to_boundaries),
		cmocka_unit_test(test_range_boundaries),
		cmocka_unit_test(test_not_started_and_running),
		cmocka_unit_test(test_no_standard_and_not_counted),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_format_standard),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
