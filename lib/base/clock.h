/* Time: integer milliseconds since the epoch inside, local time outside.
 * People here write years in the Buddhist Era (2569 = 2026), so every date
 * we read accepts either era, and Thai output uses it. */
#ifndef CKS_CLOCK_H
#define CKS_CLOCK_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "calendar.h"
#include "error.h"

/* Every time read in the library goes through these two, so a test can
 * put a clock of its own in place of the system's and let time pass
 * without waiting for it. */

/* Milliseconds since the epoch (CLOCK_REALTIME unless a source is set). */
int64_t cks_now_ms(void);

/* Microseconds on CLOCK_MONOTONIC: for deadlines, which must not move
 * when the wall clock is set. */
int64_t cks_monotonic_us(void);

/* Milliseconds on the same monotonic clock. */
int64_t cks_monotonic_ms(void);

/* A clock: each member reads one of the two times; NULL members keep the
 * system's clock for that time. */
struct cks_clock_source {
	int64_t (*wall_ms)(void *ctx);
	int64_t (*monotonic_us)(void *ctx);
};

/* Puts source (copied) in place of the system clock for the whole process;
 * NULL puts the system clock back.  For tests: call it before starting
 * threads that read the time, not while they run. */
void cks_clock_set_source(const struct cks_clock_source *source, void *ctx);

/* The desk's time zone (the "timezone" key, default Asia/Bangkok): every
 * time shown and every period boundary (day, month, quarter, fiscal year)
 * is in it, whatever the process's TZ.  Instants stay UTC milliseconds.
 * Read from the tz database (TZif files under /usr/share/zoneinfo, or
 * $TZDIR) by this module, never through TZ/localtime, so threads share it
 * safely. */

/* Checks that name is a zone of the tz database ("Asia/Bangkok"); what
 * names the value in errors (e.g. "cksgate.conf: key 'timezone'"). */
int cks_zone_check(const char *name, const char *what, struct cks_error *err);

/* Makes name the desk's zone for the whole process (safe while other
 * threads read the time: the zone it replaces is kept). */
int cks_clock_set_zone(const char *name, struct cks_error *err);

/* The desk's zone's name. */
const char *cks_clock_zone_name(void);

/* The desk's zone's offset from UTC, in seconds, at an instant. */
long cks_zone_offset(int64_t ms);

/* The instant's calendar fields in the desk's zone (tm_gmtoff set). */
void cks_time_local(int64_t ms, struct tm *tm);

/* The instant of the desk's local date and time in tm (year, mon, mday,
 * hour, min, sec; out-of-range fields normalise as with timegm).  In a
 * gap (DST starts) the time is taken with the offset before it. */
int64_t cks_time_from_local(const struct tm *tm);

/* Parses "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS]" or "YYYY-MM-DDTHH:MM[:SS]"
 * with an optional "Z" or "+HH:MM"; without a zone it is the desk's zone.  A year
 * above 2400 is taken as Buddhist Era.  what names the value in errors. */
int cks_time_parse(const char *text, const char *what, int64_t *ms_out,
		   struct cks_error *err);

/* "2026-11-28T10:05:00+07:00" (the desk's zone, ISO 8601). */
void cks_time_format_iso(int64_t ms, char *buf, size_t size);

/* "28 พ.ย. 2569 10:05" (Buddhist Era, Thai month) or "28 Nov 2026 10:05". */
void cks_time_format_long(int64_t ms, const char *lang, char *buf, size_t size);

/* "2 ธันวาคม 2569" (Buddhist Era, the month in full, as on a signed Thai
 * document) or "2 December 2026": the date alone, local time. */
void cks_time_format_date_full(int64_t ms, const char *lang, char *buf,
			       size_t size);

/* "45 s", "12 min 05 s", "2 h 05 min". */
void cks_duration_format(int64_t seconds, char *buf, size_t size);

#endif
