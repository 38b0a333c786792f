#include "autoconfig.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
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


/* --- the desk's time zone ------------------------------------------------- */

/* Why a TZif reader of our own: glibc converts only in the zone of the
 * process-wide TZ, and changing TZ (setenv + tzset) while the daemon's
 * threads format times is a data race.  TZif (RFC 8536) is small and fixed:
 * we read the version 2+ block (64-bit times): transition times, the type
 * index of each, and the types' UTC offsets; beyond the last transition,
 * the footer's POSIX TZ rule ("EST5EDT,M3.2.0,M11.1.0": summer time from
 * the 2nd Sunday of March to the 1st of November), as "slim" files need
 * it from the last rule change on.  A zone is immutable
 * once loaded; cks_clock_set_zone() swaps a pointer and keeps the old zone
 * alive (a reader may still hold it). */

#define ZONE_MAX_TRANSITIONS 2000
#define ZONE_MAX_TYPES 256

/* A POSIX TZ rule's date: Jn (1-365, no 29 Feb), n (0-365) or Mm.w.d. */
struct rule_date {
	char kind;             /* 'J', 'n' or 'M' */
	int n, m, w, d;
	long time;             /* seconds after local midnight */
};

struct cks_zone {
	char name[64];
	int has_rule;          /* the footer gave offsets for after the end */
	long rule_std, rule_dst;   /* UTC offsets, seconds east */
	int rule_has_dst;
	struct rule_date rule_start, rule_end;
	size_t count;          /* transitions */
	int64_t *at;           /* their instants, seconds, ascending */
	long *offset_after;    /* UTC offset from each transition on */
	long offset_before;    /* before the first (or with none) */
	struct cks_zone *previous;  /* kept alive, see above */
};

static struct cks_zone bangkok_fixed = {
	.name = "Asia/Bangkok", .offset_before = 7 * 3600,
};
static struct cks_zone *desk_zone;   /* NULL: Asia/Bangkok, loaded lazily */
static pthread_mutex_t zone_lock = PTHREAD_MUTEX_INITIALIZER;

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static int64_t
be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/* [+-]hh[:mm[:ss]] in seconds; NULL when malformed. */
static const char *
parse_hms(const char *p, long *out)
{
	long sign = 1, part[3] = { 0, 0, 0 };

	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	for (int i = 0; i < 3; i++) {
		if (i > 0 && *p != ':')
			break;
		if (i > 0)
			p++;
		if (*p < '0' || *p > '9')
			return NULL;
		while (*p >= '0' && *p <= '9')
			part[i] = part[i] * 10 + (*p++ - '0');
		if (part[i] > 167)
			return NULL;
	}
	*out = sign * (part[0] * 3600 + part[1] * 60 + part[2]);
	return p;
}

/* A zone abbreviation: letters, or anything between < and >. */
static const char *
skip_abbr(const char *p)
{
	const char *start = p;

	if (*p == '<') {
		p = strchr(p, '>');
		return p == NULL ? NULL : p + 1;
	}
	while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
		p++;
	return p - start >= 3 ? p : NULL;
}

static const char *
parse_rule_date(const char *p, struct rule_date *r)
{
	r->time = 7200;
	if (*p == 'M') {
		r->kind = 'M';
		if (sscanf(p + 1, "%d.%d.%d", &r->m, &r->w, &r->d) != 3 ||
		    r->m < 1 || r->m > 12 || r->w < 1 || r->w > 5 ||
		    r->d < 0 || r->d > 6)
			return NULL;
		p++;
		while ((*p >= '0' && *p <= '9') || *p == '.')
			p++;
	} else {
		r->kind = *p == 'J' ? 'J' : 'n';
		if (*p == 'J')
			p++;
		if (*p < '0' || *p > '9')
			return NULL;
		for (r->n = 0; *p >= '0' && *p <= '9'; p++)
			r->n = r->n * 10 + (*p - '0');
		if (r->n > 365)
			return NULL;
	}
	if (*p == '/')
		p = parse_hms(p + 1, &r->time);
	return p;
}

/* The footer's rule ("<+07>-7", "EST5EDT,M3.2.0,M11.1.0"); 0 when it is
 * empty or not understood (then the last transition's offset holds). */
static int
parse_footer(struct cks_zone *z, const char *p)
{
	long posix;

	if ((p = skip_abbr(p)) == NULL || (p = parse_hms(p, &posix)) == NULL)
		return 0;
	z->rule_std = z->rule_dst = -posix;
	if (*p != '\0') {
		if ((p = skip_abbr(p)) == NULL)
			return 0;
		z->rule_dst = z->rule_std + 3600;
		if (*p != ',' && *p != '\0') {
			if ((p = parse_hms(p, &posix)) == NULL)
				return 0;
			z->rule_dst = -posix;
		}
		if (*p++ != ',' ||
		    (p = parse_rule_date(p, &z->rule_start)) == NULL ||
		    *p++ != ',' ||
		    (p = parse_rule_date(p, &z->rule_end)) == NULL || *p != '\0')
			return 0;
		z->rule_has_dst = 1;
	}
	return *p == '\0';
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* The instant (seconds) a rule date falls on in year, its time being
 * local time at UTC offset utoff. */
static int64_t
rule_instant(const struct rule_date *r, int64_t year, long utoff)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				     30, 31 };
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	int64_t day;

	if (r->kind == 'J')
		day = days_from_civil(year, 1, 1) + r->n - 1 +
		    (leap && r->n >= 60);
	else if (r->kind == 'n')
		day = days_from_civil(year, 1, 1) + r->n;
	else {
		int64_t first = days_from_civil(year, r->m, 1);
		int wday = (int)(((first + 4) % 7 + 7) % 7);
		int mday = 1 + (r->d - wday + 7) % 7 + (r->w - 1) * 7;
		int len = mdays[r->m - 1] + (r->m == 2 && leap);

		while (mday > len)
			mday -= 7;
		day = first + mday - 1;
	}
	return day * 86400 + r->time - utoff;
}

static long
rule_offset(const struct cks_zone *z, int64_t sec)
{
	int64_t local = sec + z->rule_std, year, start, end;
	time_t t = (time_t)local;
	struct tm tm;

	if (!z->rule_has_dst)
		return z->rule_std;
	gmtime_r(&t, &tm);
	year = (int64_t)tm.tm_year + 1900;
	start = rule_instant(&z->rule_start, year, z->rule_std);
	end = rule_instant(&z->rule_end, year, z->rule_dst);
	if (start < end)
		return sec >= start && sec < end ? z->rule_dst : z->rule_std;
	return sec >= end && sec < start ? z->rule_std : z->rule_dst;
}

static int
zone_name_ok(const char *name)
{
	size_t n = strlen(name);

	return n > 0 && n < sizeof(bangkok_fixed.name) && name[0] != '/' &&
	       strstr(name, "..") == NULL &&
	       strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		   "0123456789/_+-") == n;
}

/* Reads the TZif file of name; NULL when there is none or it is not
 * TZif version 2 or later. */
static struct cks_zone *
zone_load(const char *name)
{
	const char *dir = getenv("TZDIR");
	char path[4096];
	unsigned char *buf = NULL, *p;
	size_t len = 0, cap = 0, n;
	struct cks_zone *z = NULL;
	FILE *f;
	uint32_t cnt[6], utoff_first = 0;
	int have_std = 0;

	if (!zone_name_ok(name))
		return NULL;
	snprintf(path, sizeof(path), "%s/%s",
	    dir != NULL && dir[0] == '/' ? dir : "/usr/share/zoneinfo", name);
	f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	do {
		if (len == cap) {
			unsigned char *more = cap > (1u << 20) ? NULL :
			    realloc(buf, cap = cap ? cap * 2 : 8192);

			if (more == NULL)
				goto out;
			buf = more;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	/* Skip the version 1 block to the version 2 header. */
	if (len < 44 || memcmp(buf, "TZif", 4) != 0 || buf[4] < '2')
		goto out;
	for (int i = 0; i < 6; i++)
		cnt[i] = be32(buf + 20 + 4 * i);
	n = 44 + (size_t)cnt[3] * 5 + (size_t)cnt[4] * 6 + cnt[5] +
	    (size_t)cnt[2] * 8 + cnt[1] + cnt[0];
	if (len < n + 44 || memcmp(buf + n, "TZif", 4) != 0)
		goto out;
	p = buf + n;
	for (int i = 0; i < 6; i++)
		cnt[i] = be32(p + 20 + 4 * i);
	/* isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt */
	if (cnt[3] > ZONE_MAX_TRANSITIONS || cnt[4] == 0 ||
	    cnt[4] > ZONE_MAX_TYPES ||
	    len < (size_t)(p - buf) + 44 + (size_t)cnt[3] * 9 + cnt[4] * 6)
		goto out;
	p += 44;
	z = calloc(1, sizeof(*z));
	if (z == NULL)
		goto out;
	snprintf(z->name, sizeof(z->name), "%s", name);
	z->count = cnt[3];
	z->at = calloc(z->count + 1, sizeof(*z->at));
	z->offset_after = calloc(z->count + 1, sizeof(*z->offset_after));
	if (z->at == NULL || z->offset_after == NULL)
		goto fail;
	{
		const unsigned char *idx = p + (size_t)cnt[3] * 8;
		const unsigned char *types = idx + cnt[3];
		const unsigned char *footer = types + (size_t)cnt[4] * 6 +
		    cnt[5] + (size_t)cnt[2] * 12 + cnt[1] + cnt[0];
		const unsigned char *end = buf + len;

		if (footer < end && *footer == '\n') {
			const unsigned char *nl = memchr(footer + 1, '\n',
			    (size_t)(end - footer - 1));
			char rule[128];

			if (nl != NULL && nl - footer - 1 < (long)sizeof(rule)) {
				memcpy(rule, footer + 1, (size_t)(nl - footer - 1));
				rule[nl - footer - 1] = '\0';
				z->has_rule = parse_footer(z, rule);
			}
		}

		for (uint32_t t = 0; t < cnt[4]; t++)
			if (types[t * 6 + 4] == 0 && !have_std) {
				utoff_first = be32(types + t * 6);
				have_std = 1;
			}
		if (!have_std)
			utoff_first = be32(types);
		z->offset_before = (int32_t)utoff_first;
		for (uint32_t i = 0; i < cnt[3]; i++) {
			if (idx[i] >= cnt[4])
				goto fail;
			z->at[i] = be64(p + (size_t)i * 8);
			z->offset_after[i] = (int32_t)be32(types + idx[i] * 6);
		}
	}
	goto out;
fail:
	free(z->at);
	free(z->offset_after);
	free(z);
	z = NULL;
out:
	fclose(f);
	free(buf);
	return z;
}

static struct cks_zone *
current_zone(void)
{
	struct cks_zone *z = __atomic_load_n(&desk_zone, __ATOMIC_ACQUIRE);

	if (z != NULL)
		return z;
	pthread_mutex_lock(&zone_lock);
	if (desk_zone == NULL) {
		z = zone_load("Asia/Bangkok");
		/* No tz database: Bangkok has been UTC+7 since 1920. */
		__atomic_store_n(&desk_zone, z != NULL ? z : &bangkok_fixed,
		    __ATOMIC_RELEASE);
	}
	z = desk_zone;
	pthread_mutex_unlock(&zone_lock);
	return z;
}

static long
zone_offset_at(const struct cks_zone *z, int64_t sec)
{
	size_t lo = 0, hi = z->count;

	if (z->has_rule && (z->count == 0 || sec >= z->at[z->count - 1]))
		return rule_offset(z, sec);
	if (z->count == 0 || sec < z->at[0])
		return z->offset_before;
	while (hi - lo > 1) {      /* the last transition at or before sec */
		size_t mid = lo + (hi - lo) / 2;

		if (z->at[mid] <= sec)
			lo = mid;
		else
			hi = mid;
	}
	return z->offset_after[lo];
}

int
cks_zone_check(const char *name, const char *what, struct cks_error *err)
{
	struct cks_zone *z = zone_load(name);

	if (z == NULL)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: '%s' is not a time zone of the tz database "
		    "(like Asia/Bangkok)", what, name);
	free(z->at);
	free(z->offset_after);
	free(z);
	return 0;
}

int
cks_clock_set_zone(const char *name, struct cks_error *err)
{
	struct cks_zone *z, *old;

	if (strcmp(cks_clock_zone_name(), name) == 0)
		return 0;
	z = zone_load(name);
	if (z == NULL)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "timezone: '%s' is not a time zone of the tz database "
		    "(like Asia/Bangkok)", name);
	pthread_mutex_lock(&zone_lock);
	old = desk_zone;
	z->previous = old;
	__atomic_store_n(&desk_zone, z, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&zone_lock);
	return 0;
}

const char *
cks_clock_zone_name(void)
{
	return current_zone()->name;
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

long
cks_zone_offset(int64_t ms)
{
	return zone_offset_at(current_zone(), floor_div(ms, 1000));
}

void
cks_time_local(int64_t ms, struct tm *tm)
{
	int64_t sec = floor_div(ms, 1000);
	long off = zone_offset_at(current_zone(), sec);
	time_t t = (time_t)(sec + off);

	gmtime_r(&t, tm);
	tm->tm_isdst = 0;
	tm->tm_gmtoff = off;
	tm->tm_zone = NULL;
}

int64_t
cks_time_from_local(const struct tm *local)
{
	const struct cks_zone *z = current_zone();
	struct tm tm = *local;
	int64_t naive, t;

	tm.tm_isdst = 0;
	naive = (int64_t)timegm(&tm);
	/* Two rounds: the offset at naive - offset is the one in force. */
	t = naive - zone_offset_at(z, naive - zone_offset_at(z, naive));
	if (naive - zone_offset_at(z, t) != t)  /* a gap: the offset before */
		t = naive - zone_offset_at(z, t - 86400);
	return t * 1000;
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
	{
		struct tm check = tm;

		t = timegm(&check);
		if (t == (time_t)-1 || check.tm_mday != day)  /* 31 Feb */
			goto bad;
	}
	*ms_out = has_zone ? ((int64_t)t - (int64_t)zone_minutes * 60) * 1000 :
	    cks_time_from_local(&tm);
	return 0;
bad:
	return cks_error_set(err, CKS_ERROR_INVALID,
	    "%s: '%s' is not a date and time like 2026-11-28T10:05 "
	    "(or 2569-11-28 in the Buddhist Era)", what, text);
}

void
cks_time_format_iso(int64_t ms, char *buf, size_t size)
{
	struct tm tm;
	char zone[40];
	long off;

	cks_time_local(ms, &tm);
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
	struct tm tm;
	char date[64];

	cks_time_local(ms, &tm);
	cks_date_format(&tm, lang, CKS_MONTH_SHORT, date, sizeof(date));
	snprintf(buf, size, "%s %02d:%02d", date, tm.tm_hour, tm.tm_min);
}

void
cks_time_format_date_full(int64_t ms, const char *lang, char *buf,
			  size_t size)
{
	struct tm tm;

	cks_time_local(ms, &tm);
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
