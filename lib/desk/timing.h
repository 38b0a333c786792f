/* Step timing against the channel's standard: the measured duration of a
 * step and whether it falls within the standard range. */
#ifndef CKS_TIMING_H
#define CKS_TIMING_H

#include <stdint.h>

#include <cksgate/plugin.h>

enum cks_timing {
	CKS_TIMING_NOT_STARTED,
	CKS_TIMING_RUNNING,      /* started, not done */
	CKS_TIMING_WITHIN,
	CKS_TIMING_UNDER,        /* shorter than the standard's minimum */
	CKS_TIMING_OVER,         /* longer than the standard's maximum */
	CKS_TIMING_NO_STANDARD,  /* counted, but the standard gives no time */
	CKS_TIMING_NOT_COUNTED,  /* the standard leaves it out of timing */
};

/* started_ms / done_ms are 0 when the event has not happened. */
enum cks_timing cks_timing_classify(const struct cks_step *step,
				    int64_t started_ms, int64_t done_ms);

/* "within", "under", "over", "no standard", "not counted", ... */
const char *cks_timing_name(enum cks_timing timing);

/* The standard as people read it: "up to 30 s", "5–20 min", "–". */
void cks_timing_format_standard(const struct cks_step *step, char *buf,
				size_t size);

#endif
