#include "autoconfig.h"

#include <stdio.h>

#include "timing.h"

enum cks_timing
cks_timing_classify(const struct cks_step *step, int64_t started_ms,
		    int64_t done_ms)
{
	int64_t seconds;

	if (started_ms == 0)
		return CKS_TIMING_NOT_STARTED;
	if (done_ms == 0)
		return CKS_TIMING_RUNNING;
	if (!step->timed)
		return CKS_TIMING_NOT_COUNTED;
	if (step->min_seconds == CKS_DURATION_NONE)
		return CKS_TIMING_NO_STANDARD;
	/* Whole seconds, as a stopwatch shows them: 30.4 s is within 30 s. */
	seconds = (done_ms - started_ms) / 1000;
	if (seconds < step->min_seconds)
		return CKS_TIMING_UNDER;
	if (seconds > step->max_seconds)
		return CKS_TIMING_OVER;
	return CKS_TIMING_WITHIN;
}

const char *
cks_timing_name(enum cks_timing timing)
{
	switch (timing) {
	case CKS_TIMING_NOT_STARTED: return "not started";
	case CKS_TIMING_RUNNING: return "running";
	case CKS_TIMING_WITHIN: return "within";
	case CKS_TIMING_UNDER: return "under";
	case CKS_TIMING_OVER: return "over";
	case CKS_TIMING_NO_STANDARD: return "no standard";
	case CKS_TIMING_NOT_COUNTED: return "not counted";
	}
	return "unknown";
}

static void
format_amount(int seconds, char *buf, size_t size)
{
	if (seconds % 60 == 0 && seconds >= 60)
		snprintf(buf, size, "%d min", seconds / 60);
	else
		snprintf(buf, size, "%d s", seconds);
}

void
cks_timing_format_standard(const struct cks_step *step, char *buf, size_t size)
{
	char high[24];
	int min = step->min_seconds, max = step->max_seconds;

	if (min == CKS_DURATION_NONE) {
		snprintf(buf, size, "-");
		return;
	}
	format_amount(max, high, sizeof(high));
	if (min == 0) {
		snprintf(buf, size, "up to %s", high);
	} else if (min % 60 == 0 && max % 60 == 0) {
		snprintf(buf, size, "%d-%d min", min / 60, max / 60);
	} else {
		/* Mixed units read badly ("1 min-90 s"): use seconds. */
		snprintf(buf, size, "%d-%d s", min, max);
	}
}
