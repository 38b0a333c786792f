/* Month names and years as people here read them: Thai output uses Thai
 * month names and the Buddhist Era (2569 = 2026), English the Gregorian
 * calendar.  The one copy of the month tables; clock.c and the reports
 * format dates through it. */
#ifndef CKS_CALENDAR_H
#define CKS_CALENDAR_H

#include <stddef.h>
#include <time.h>

#define CKS_BUDDHIST_ERA_OFFSET 543

enum cks_month_style {
	CKS_MONTH_SHORT,       /* "ต.ค.", "Oct" */
	CKS_MONTH_FULL,        /* "ตุลาคม", "October" */
};

/* 1 when lang is "th"; any other language, or none, is English. */
int cks_lang_is_thai(const char *lang);

/* The name of month 0..11 (struct tm's tm_mon); "?" out of range. */
const char *cks_month_name(int month, const char *lang,
			   enum cks_month_style style);

/* A year as people type it, in either era, as a Gregorian year: one above
 * 2400 is taken as Buddhist Era (no date we handle is near either end). */
int cks_year_ce(int year);

/* A Gregorian year as written in lang: the Buddhist Era for Thai. */
int cks_year_in(int year_ce, const char *lang);

/* "1 ต.ค. 2568" or "1 Oct 2025" (CKS_MONTH_FULL: "1 ตุลาคม 2568"). */
void cks_date_format(const struct tm *tm, const char *lang,
		     enum cks_month_style style, char *buf, size_t size);

#endif
