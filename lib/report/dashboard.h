/* The dashboard: one self-contained HTML page (no JavaScript, no external
 * file, CSS in the page, charts as server-rendered SVG) in Thai or
 * English.  Per channel: the satisfied share by month as bars against a
 * horizontal target line, the response rate as a line beside it, the
 * step-time compliance as bars, and tables with the same numbers.  It is
 * rendered from the two reports' JSON, so the page, the CSV and the JSON
 * never disagree.  Every text from the store is HTML-escaped. */
#ifndef CKS_DASHBOARD_H
#define CKS_DASHBOARD_H

#include <jansson.h>
#include <stdint.h>

#include "error.h"

/* kpi: cks_report_kpi() grouped by month; steps: cks_report_steps() over
 * the same period.  lang: "th" (Buddhist-Era months, "ต.ค. 2568") or
 * "en".  generated_ms: the time shown as "as of" (0: now).  The caller
 * frees *html_out. */
int cks_dashboard_render(const json_t *kpi, const json_t *steps,
			 const char *lang, int64_t generated_ms,
			 char **html_out, struct cks_error *err);

#endif
