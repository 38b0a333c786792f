#include "autoconfig.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "clock.h"

static struct cks_clock_source clock_source;
static void *clock_ctx;

void
cks_clock_set_source(const struct cks_clock_source *source, void *ctx)
{
	if (source == NULL) {
		memset(&clock_source, 0, sizeof(clock_source));
		clock_ctx = NULL;
		return;
	}
	clock_source = *source;
	clock_ctx = ctx;
}

int64_t
cks_now_ms(void)
{
	struct timespec ts;

	if (clock_source.wall_ms != NULL)
		return clock_source.wall_ms(clock_ctx);
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
cks_monotonic_us(void)
{
	struct timespec ts;

	if (clock_source.monotonic_us != NULL)
		return clock_source.monotonic_us(clock_ctx);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t
cks_monotonic_ms(void)
{
	return cks_monotonic_us() / 1000;
}

static int
parse_digits(const char **p, int count, int *value)
{
	int v = 0;

	for (int i = 0; i < count; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += count;
	*value = v;
	return 0;
}

int
cks_time_parse(const char *text, const char *what, int64_t *ms_out,
	       struct cks_error *err)
{
	struct tm tm;
	const char *p = text;
	int year, month, day, hour = 0, minute = 0, second = 0;
	int has_zone = 0, zone_minutes = 0;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	if (parse_digits(&p, 4, &year) < 0 || *p++ != '-' ||
	    parse_digits(&p, 2, &month) < 0 || *p++ != '-' ||
	    parse_digits(&p, 2, &day) < 0)
		goto bad;
	if (*p == 'T' || *p == ' ') {
		p++;
		if (parse_digits(&p, 2, &hour) < 0 || *p++ != ':' ||
		    parse_digits(&p, 2, &minute) < 0)
			goto bad;
		if (*p == ':' && (p++, parse_digits(&p, 2, &second) < 0))
			goto bad;
	}
	if (*p == 'Z') {
		has_zone = 1;
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1, zh, zm;

		if (parse_digits(&p, 2, &zh) < 0 || *p++ != ':' ||
		    parse_digits(&p, 2, &zm) < 0)
			goto bad;
		has_zone = 1;
		zone_minutes = sign * (zh * 60 + zm);
	}
	if (*p != '\0')
		goto bad;
	year = cks_year_ce(year);
	if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 ||
	    minute > 59 || second > 60 || year < 2000 || year > 2200)
		goto bad;
	tm.tm_year = year - 1900;
	tm.tm_mon = month - 1;
	tm.tm_mday = day;
	tm.tm_hour = hour;
	tm.tm_min = minute;
	tm.tm_sec = second;
	tm.tm_isdst = -1;
	t = has_zone ? timegm(&tm) - (time_t)zone_minutes * 60 : mktime(&tm);
	if (t == (time_t)-1 || tm.tm_mday != day)  /* 31 Feb normalises away */
		goto bad;
	*ms_out = (int64_t)t * 1000;
	return 0;
bad:
	return cks_error_set(err, CKS_ERROR_INVALID,
	    "%s: '%s' is not a date and time like 2026-11-28T10:05 "
	    "(or 2569-11-28 in the Buddhist Era)", what, text);
}

void
cks_time_format_iso(int64_t ms, char *buf, size_t size)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	char zone[40];
	long off;

	localtime_r(&t, &tm);
	off = tm.tm_gmtoff / 60;
	snprintf(zone, sizeof(zone), "%c%02ld:%02ld", off < 0 ? '-' : '+',
	    (off < 0 ? -off : off) / 60, (off < 0 ? -off : off) % 60);
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d%s",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, zone);
}

void
cks_time_format_long(int64_t ms, const char *lang, char *buf, size_t size)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	char date[64];

	localtime_r(&t, &tm);
	cks_date_format(&tm, lang, CKS_MONTH_SHORT, date, sizeof(date));
	snprintf(buf, size, "%s %02d:%02d", date, tm.tm_hour, tm.tm_min);
}

void
cks_time_format_date_full(int64_t ms, const char *lang, char *buf,
			  size_t size)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	localtime_r(&t, &tm);
	cks_date_format(&tm, lang, CKS_MONTH_FULL, buf, size);
}

void
cks_duration_format(int64_t seconds, char *buf, size_t size)
{
	if (seconds < 0)
		seconds = 0;
	if (seconds < 60)
		snprintf(buf, size, "%lld s", (long long)seconds);
	else if (seconds < 3600)
		snprintf(buf, size, "%lld min %02lld s", (long long)seconds / 60,
		    (long long)seconds % 60);
	else
		snprintf(buf, size, "%lld h %02lld min", (long long)seconds / 3600,
		    (long long)seconds % 3600 / 60);
}
