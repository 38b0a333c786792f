/* The reports of lib/report/report.h turned into text for people: CSV for
 * spreadsheets, text tables for a terminal, and the small formatters the
 * dashboard shares with them, so that every form words a standard, a
 * duration or a share the same way.  They read only the report JSON, never
 * the store. */
#ifndef CKS_REPORT_FORMAT_H
#define CKS_REPORT_FORMAT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Either report as CSV for spreadsheets: UTF-8 with a byte-order mark (so
 * that Excel shows Thai), RFC 4180 quoting, CRLF line ends, English
 * column names, empty fields for null.  The caller frees *csv_out. */
int cks_report_csv(const json_t *report, char **csv_out, struct cks_error *err);

/* A step's standard as people read it in lang ("th" or "en"):
 * "up to 30 s" / "ไม่เกิน 30 วินาที", "5-20 min" / "5-20 นาที", "-". */
void cks_report_format_standard(int min_seconds, int max_seconds,
				const char *lang, char *buf, size_t size);

/* A duration in whole seconds, cut down: "12 min 05 s" / "12 นาที 05 วินาที". */
void cks_report_format_duration(int64_t ms, const char *lang, char *buf,
				size_t size);

/* A share from a report ("satisfied_percent" and the like): "87.5 %", or
 * "-" for null. */
void cks_report_format_percent(const json_t *value, char *buf, size_t size);

/* Either report as text tables for a terminal, in "th" or "en"; columns
 * padded by display width.  The caller frees *text_out. */
int cks_report_text(const json_t *report, const char *lang, char **text_out,
		    struct cks_error *err);

#endif
