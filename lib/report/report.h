/* Reports over a period, per channel: the satisfaction KPI (invitations
 * sent, answers, response rate, satisfied share against the channel's
 * target) and step-time compliance (per step of the procedure: how many
 * were timed, median and 90th percentile, share within the standard), as
 * JSON.  The CSV and text forms people read are in lib/report/report_format.h.
 *
 * Rules, decided here once so that every front end agrees:
 * - A session belongs to the period, month, quarter and agent of the
 *   moment it was opened (local time, Asia/Bangkok on the desk's
 *   machines), with everything that followed from it: its steps, its
 *   invitation and its rating, even when they came later.  A late answer
 *   therefore still counts for the month the client was served.
 * - The Thai fiscal year runs from 1 October to 30 September and is
 *   numbered in the Buddhist Era by the year it ends in: FY 2569 is
 *   2025-10-01 00:00 to 2026-10-01 00:00.  A year >= 2400 is read as
 *   Buddhist Era, a smaller one as CE (2569 and 2026 are the same year).
 *   Fiscal quarters: Q1 = Oct-Dec, Q2 = Jan-Mar, Q3 = Apr-Jun, Q4 = Jul-Sep.
 * - invitations_sent: survey invitations whose message the relay (or the
 *   spool) accepted (state "sent"); a later bounce is counted apart.
 *   answers: sessions with a rating, by any medium.  response_rate:
 *   answers / sessions; invitation_response_rate: answers of invited
 *   sessions / invitations_sent.  satisfied_percent: satisfied / answers.
 *   met: satisfied_percent >= the plugin's target_percent (compared
 *   exactly, before rounding).  A share with nothing to divide is null.
 * - Percentages are rounded half up to one decimal (66.7); print them
 *   with JSON_REAL_PRECISION(10) or less to read "66.7", not
 *   "66.700000000000003".
 * - Step durations are done - started in milliseconds; the median and the
 *   90th percentile use the nearest-rank method (the value at rank
 *   ceil(p/100 x n) of the sorted durations: always a measured duration,
 *   the lower middle one for an even count).  within / under / over are
 *   cks_timing_classify()'s verdicts; steps the standard leaves out of
 *   timing ("not counted") or gives no time ("no standard") carry null
 *   shares, never 0 %. */
#ifndef CKS_REPORT_H
#define CKS_REPORT_H

#include <jansson.h>
#include <stdint.h>

#include "channels.h"
#include "error.h"
#include "store.h"

/* The target used for a channel whose plugin is not loaded: the 85 %
 * every channel of the published standard aims at. */
#define CKS_REPORT_DEFAULT_TARGET 85

enum cks_report_group {
	CKS_REPORT_BY_NONE,
	CKS_REPORT_BY_MONTH,
	CKS_REPORT_BY_QUARTER,     /* fiscal quarters */
	CKS_REPORT_BY_AGENT,
};

struct cks_report_filter {
	const char *channel;       /* NULL: every channel */
	int64_t from_ms;           /* the period is [from_ms, to_ms) */
	int64_t to_ms;
	int fiscal_year;           /* Buddhist Era when the period is one, else 0 */
	enum cks_report_group group;  /* cks_report_kpi() only */
};

/* Sets the filter's period to the fiscal year, given in either era. */
int cks_report_fiscal_year(struct cks_report_filter *filter, int year,
			   struct cks_error *err);

/* The period and grouping as people give them: each text NULL when
 * absent.  A fiscal year in either era, or from and to (either era, the
 * period [from, to)); neither: the current fiscal year.  by is month,
 * quarter or agent.  names[] are what the front end calls the four
 * (fiscal year, from, to, by: "--from" or "from"), used in the messages;
 * *which_out is set to the one at fault.  Sets the period, group and
 * fiscal year of filter. */
struct cks_report_period_text {
	const char *fiscal_year;
	const char *from;
	const char *to;
	const char *by;
};

int cks_report_filter_from_text(struct cks_report_filter *filter,
				const struct cks_report_period_text *text,
				const char *const names[4], int *which_out,
				struct cks_error *err);

/* The fiscal year (Buddhist Era) that ms falls in. */
int cks_report_fiscal_year_of(int64_t ms);

/* "none", "month", "quarter", "agent" and back; -1 for an unknown name. */
int cks_report_group_parse(const char *name, enum cks_report_group *group_out);
const char *cks_report_group_name(enum cks_report_group group);

/* The KPI per channel (every loaded one, then any other found in the
 * period), with "total" and, when grouped, "groups".  The caller owns
 * *report_out (json_decref). */
int cks_report_kpi(struct cks_store *store, const struct cks_channels *channels,
		   const struct cks_report_filter *filter, json_t **report_out,
		   struct cks_error *err);

/* Step-time compliance per channel and step, the procedure's steps in
 * order (a channel whose plugin is not loaded lists the step ids it has
 * recorded).  filter->group is ignored.  The caller owns *report_out. */
int cks_report_steps(struct cks_store *store,
		     const struct cks_channels *channels,
		     const struct cks_report_filter *filter, json_t **report_out,
		     struct cks_error *err);

#endif
