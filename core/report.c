#include "autoconfig.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buffer.h"
#include "clock.h"
#include "json_value.h"
#include "report.h"
#include "timing.h"
#include "utf8.h"

/* The media a rating can arrive by (core/rating.c); reports list all of
 * them, with zeros, so that CSV columns do not depend on the data.  A
 * medium found in the store beyond these is appended. */
static const char *const known_media[] = {
	"email", "sms", "ivr", "chat", "counter", "web",
};
#define KNOWN_MEDIA (sizeof(known_media) / sizeof(known_media[0]))
#define MEDIA_MAX 16

static const char *const thai_months[] = {
	"ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
	"ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
};
static const char *const english_months[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

static void __attribute__((format(printf, 2, 3)))
buffer_printf(struct cks_buffer *b, const char *format, ...)
{
	char small[512];
	va_list ap;
	int n;

	va_start(ap, format);
	n = vsnprintf(small, sizeof(small), format, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = 1;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		cks_buffer_add(b, small, (size_t)n);
		return;
	}
	{
		char *big = malloc((size_t)n + 1);

		if (big == NULL) {
			b->failed = 1;
			return;
		}
		va_start(ap, format);
		vsnprintf(big, (size_t)n + 1, format, ap);
		va_end(ap);
		cks_buffer_add(b, big, (size_t)n);
		free(big);
	}
}

static int
is_thai(const char *lang)
{
	return lang != NULL && strcmp(lang, "th") == 0;
}

/* --- time ------------------------------------------------------------------ */

/* Local midnight of a calendar day; month may run past 12 (mktime
 * normalises it). */
static int64_t
local_day_ms(int year, int month, int day)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = year - 1900;
	tm.tm_mon = month - 1;
	tm.tm_mday = day;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm) * 1000;
}

static void
local_tm(int64_t ms, struct tm *tm)
{
	time_t t = (time_t)(ms / 1000);

	localtime_r(&t, tm);
}

static int
is_local_midnight(int64_t ms)
{
	struct tm tm;

	local_tm(ms, &tm);
	return ms % 1000 == 0 && tm.tm_hour == 0 && tm.tm_min == 0 &&
	       tm.tm_sec == 0;
}

/* "1 ต.ค. 2568" or "1 Oct 2025". */
static void
format_day(int64_t ms, const char *lang, char *buf, size_t size)
{
	struct tm tm;

	local_tm(ms, &tm);
	if (is_thai(lang))
		snprintf(buf, size, "%d %s %d", tm.tm_mday, thai_months[tm.tm_mon],
		    tm.tm_year + 1900 + CKS_BUDDHIST_ERA_OFFSET);
	else
		snprintf(buf, size, "%d %s %d", tm.tm_mday,
		    english_months[tm.tm_mon], tm.tm_year + 1900);
}

int
cks_report_fiscal_year_of(int64_t ms)
{
	struct tm tm;

	local_tm(ms, &tm);
	return tm.tm_year + 1900 + CKS_BUDDHIST_ERA_OFFSET + (tm.tm_mon >= 9);
}

int
cks_report_fiscal_year(struct cks_report_filter *filter, int year,
		       struct cks_error *err)
{
	int ce = year >= 2400 ? year - CKS_BUDDHIST_ERA_OFFSET : year;

	/* The range cks_time_parse() accepts for dates. */
	if (ce < 2000 || ce > 2200)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "fiscal year: %d is not a year like 2569 (Buddhist Era) "
		    "or 2026", year);
	filter->from_ms = local_day_ms(ce - 1, 10, 1);
	filter->to_ms = local_day_ms(ce, 10, 1);
	filter->fiscal_year = ce + CKS_BUDDHIST_ERA_OFFSET;
	return 0;
}

static const char *const group_names[] = {
	[CKS_REPORT_BY_NONE] = "none",
	[CKS_REPORT_BY_MONTH] = "month",
	[CKS_REPORT_BY_QUARTER] = "quarter",
	[CKS_REPORT_BY_AGENT] = "agent",
};

int
cks_report_group_parse(const char *name, enum cks_report_group *group_out)
{
	for (size_t i = 0; i < sizeof(group_names) / sizeof(group_names[0]); i++)
		if (strcmp(group_names[i], name) == 0) {
			*group_out = (enum cks_report_group)i;
			return 0;
		}
	return -1;
}

const char *
cks_report_group_name(enum cks_report_group group)
{
	if ((size_t)group < sizeof(group_names) / sizeof(group_names[0]))
		return group_names[group];
	return "none";
}

/* --- formatting helpers shared with the dashboard --------------------------- */

static void
format_amount(int seconds, const char *lang, char *buf, size_t size)
{
	if (seconds >= 60 && seconds % 60 == 0)
		snprintf(buf, size, "%d %s", seconds / 60,
		    is_thai(lang) ? "นาที" : "min");
	else
		snprintf(buf, size, "%d %s", seconds,
		    is_thai(lang) ? "วินาที" : "s");
}

void
cks_report_format_standard(int min_seconds, int max_seconds, const char *lang,
			   char *buf, size_t size)
{
	char high[48];

	if (min_seconds == CKS_DURATION_NONE) {
		snprintf(buf, size, "-");
		return;
	}
	format_amount(max_seconds, lang, high, sizeof(high));
	if (min_seconds == 0)
		snprintf(buf, size, "%s %s", is_thai(lang) ? "ไม่เกิน" : "up to",
		    high);
	else if (min_seconds % 60 == 0 && max_seconds % 60 == 0)
		snprintf(buf, size, "%d-%d %s", min_seconds / 60, max_seconds / 60,
		    is_thai(lang) ? "นาที" : "min");
	else
		snprintf(buf, size, "%d-%d %s", min_seconds, max_seconds,
		    is_thai(lang) ? "วินาที" : "s");
}

void
cks_report_format_duration(int64_t ms, const char *lang, char *buf, size_t size)
{
	long long s = ms < 0 ? 0 : (long long)(ms / 1000);

	if (!is_thai(lang))
		cks_duration_format(s, buf, size);
	else if (s < 60)
		snprintf(buf, size, "%lld วินาที", s);
	else if (s < 3600)
		snprintf(buf, size, "%lld นาที %02lld วินาที", s / 60, s % 60);
	else
		snprintf(buf, size, "%lld ชม. %02lld นาที", s / 3600, s % 3600 / 60);
}

/* A share in percent, rounded half up to one decimal, or null. */
static json_t *
percent_or_null(long long part, long long whole)
{
	if (whole <= 0)
		return json_null();
	return json_real((double)((part * 1000 + whole / 2) / whole) / 10.0);
}

/* --- the period and the channels -------------------------------------------- */

static json_t *
period_to_json(const struct cks_report_filter *f)
{
	char th[200], en[200], a[64], b[64];

	if (is_local_midnight(f->from_ms) && is_local_midnight(f->to_ms)) {
		/* Whole days: name the last day included, as people say it. */
		format_day(f->from_ms, "th", a, sizeof(a));
		format_day(f->to_ms - 1, "th", b, sizeof(b));
		if (f->fiscal_year != 0)
			snprintf(th, sizeof(th), "ปีงบประมาณ %d (%s – %s)",
			    f->fiscal_year, a, b);
		else
			snprintf(th, sizeof(th), "%s – %s", a, b);
		format_day(f->from_ms, "en", a, sizeof(a));
		format_day(f->to_ms - 1, "en", b, sizeof(b));
		if (f->fiscal_year != 0)
			snprintf(en, sizeof(en), "fiscal year %d (%s – %s)",
			    f->fiscal_year, a, b);
		else
			snprintf(en, sizeof(en), "%s – %s", a, b);
	} else {
		cks_time_format_long(f->from_ms, "th", a, sizeof(a));
		cks_time_format_long(f->to_ms, "th", b, sizeof(b));
		snprintf(th, sizeof(th), "%s – %s (ไม่รวมเวลาสิ้นสุด)", a, b);
		cks_time_format_long(f->from_ms, "en", a, sizeof(a));
		cks_time_format_long(f->to_ms, "en", b, sizeof(b));
		snprintf(en, sizeof(en), "%s – %s (end excluded)", a, b);
	}
	return json_pack("{so so so s{ss ss}}",
	    "from", cks_json_time_or_null(f->from_ms),
	    "to", cks_json_time_or_null(f->to_ms),
	    "fiscal_year", f->fiscal_year ? json_integer(f->fiscal_year)
					  : json_null(),
	    "label", "th", th, "en", en);
}

/* A channel in a report: a loaded plugin, or an id found in the store
 * whose plugin is not loaded (history outlives a removed plugin). */
struct report_channel {
	char *id;
	const struct cks_channel_plugin *plugin;   /* NULL: not loaded */
};

static void
channels_free(struct report_channel *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(list[i].id);
	free(list);
}

static int
channels_add(struct report_channel **list, size_t *count, const char *id,
	     const struct cks_channel_plugin *plugin, struct cks_error *err)
{
	struct report_channel *grown = realloc(*list, (*count + 1) *
	    sizeof(*grown));

	if (grown == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	*list = grown;
	grown[*count].id = strdup(id);
	grown[*count].plugin = plugin;
	if (grown[*count].id == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	(*count)++;
	return 0;
}

static int
check_filter(const struct cks_report_filter *f, struct cks_error *err)
{
	char a[40], b[40];

	if (f->from_ms < f->to_ms)
		return 0;
	cks_time_format_iso(f->from_ms, a, sizeof(a));
	cks_time_format_iso(f->to_ms, b, sizeof(b));
	return cks_error_set(err, CKS_ERROR_INVALID,
	    "period: the start %s is not before the end %s", a, b);
}

static void
bind_period(sqlite3_stmt *stmt, const struct cks_report_filter *f)
{
	sqlite3_bind_int64(stmt, 1, f->from_ms);
	sqlite3_bind_int64(stmt, 2, f->to_ms);
	if (f->channel != NULL)
		sqlite3_bind_text(stmt, 3, f->channel, -1, SQLITE_STATIC);
}

/* The channels to report: the one asked for, or every loaded one in load
 * order followed by the others that have sessions in the period. */
static int
collect_channels(struct cks_store *store, const struct cks_channels *channels,
		 const struct cks_report_filter *f, struct report_channel **out,
		 size_t *count, struct cks_error *err)
{
	sqlite3_stmt *stmt;
	int rc;

	*out = NULL;
	*count = 0;
	if (f->channel != NULL &&
	    channels != NULL && cks_channels_find(channels, f->channel) != NULL)
		return channels_add(out, count, f->channel,
		    cks_channels_find(channels, f->channel), err);
	if (f->channel == NULL && channels != NULL)
		for (size_t i = 0; i < channels->count; i++)
			if (channels_add(out, count, channels->channels[i].plugin->id,
			    channels->channels[i].plugin, err) < 0)
				goto fail;
	/* A channel asked for by name must at least have a session, ever. */
	stmt = cks_store_prepare(store, f->channel != NULL
	    ? "SELECT DISTINCT channel FROM sessions WHERE channel = ?3"
	      " AND ?1 IS NOT NULL AND ?2 IS NOT NULL"
	    : "SELECT DISTINCT channel FROM sessions WHERE opened_at >= ?1"
	      " AND opened_at < ?2 AND ?3 IS NULL ORDER BY channel", err);
	if (stmt == NULL)
		goto fail;
	bind_period(stmt, f);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(stmt, 0);

		if (channels != NULL && cks_channels_find(channels, id) != NULL)
			continue;
		if (channels_add(out, count, id, NULL, err) < 0) {
			sqlite3_finalize(stmt);
			goto fail;
		}
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		cks_store_fail(store, "report: channels", err);
		goto fail;
	}
	if (f->channel != NULL && *count == 0) {
		cks_error_set(err, CKS_ERROR_INVALID, "channel: '%s' is not a "
		    "loaded channel and has no sessions", f->channel);
		goto fail;
	}
	return 0;
fail:
	channels_free(*out, *count);
	*out = NULL;
	*count = 0;
	return -1;
}

static json_t *
channel_head_json(const struct report_channel *c)
{
	return json_pack("{ss so sb}", "channel", c->id,
	    "name", c->plugin != NULL
		? json_pack("{ss ss}", "th", c->plugin->name.th,
		    "en", c->plugin->name.en)
		: json_null(),
	    "loaded", c->plugin != NULL);
}

/* A read snapshot for the several queries of one report, nested in the
 * caller's transaction if there is one. */
static int
snapshot_begin(struct cks_store *store, struct cks_error *err)
{
	if (sqlite3_exec(cks_store_db(store), "SAVEPOINT cks_report", NULL, NULL,
			 NULL) != SQLITE_OK)
		return cks_store_fail(store, "report: begin", err);
	return 0;
}

static void
snapshot_end(struct cks_store *store)
{
	sqlite3_exec(cks_store_db(store), "RELEASE cks_report", NULL, NULL, NULL);
}

/* --- the KPI report --------------------------------------------------------- */

struct counts {
	long long sessions;
	long long invited;             /* invitations sent */
	long long bounced;             /* of those, bounced later */
	long long answers;
	long long answered_invited;    /* answers of invited sessions */
	long long satisfied;
	long long medium_answers[MEDIA_MAX];
	long long medium_satisfied[MEDIA_MAX];
};

struct group_row {
	char *key;
	char *label_th;
	char *label_en;
	struct counts counts;
};

struct kpi_channel {
	struct counts total;
	struct group_row *groups;
	size_t group_count;
};

struct kpi {
	const char *media[MEDIA_MAX];      /* known_media or owned copies */
	char *owned_media[MEDIA_MAX];
	size_t media_count;
	struct report_channel *channels;
	struct kpi_channel *data;          /* parallel to channels */
	size_t count;
};

static void
kpi_free(struct kpi *k)
{
	for (size_t i = 0; i < MEDIA_MAX; i++)
		free(k->owned_media[i]);
	for (size_t c = 0; k->data != NULL && c < k->count; c++) {
		for (size_t g = 0; g < k->data[c].group_count; g++) {
			free(k->data[c].groups[g].key);
			free(k->data[c].groups[g].label_th);
			free(k->data[c].groups[g].label_en);
		}
		free(k->data[c].groups);
	}
	free(k->data);
	channels_free(k->channels, k->count);
}

static struct group_row *
group_add(struct kpi_channel *c, const char *key, const char *label_th,
	  const char *label_en)
{
	struct group_row *grown = realloc(c->groups, (c->group_count + 1) *
	    sizeof(*grown));
	struct group_row *row;

	if (grown == NULL)
		return NULL;
	c->groups = grown;
	row = &grown[c->group_count];
	memset(row, 0, sizeof(*row));
	row->key = strdup(key);
	row->label_th = strdup(label_th);
	row->label_en = strdup(label_en);
	if (row->key == NULL || row->label_th == NULL || row->label_en == NULL) {
		free(row->key);
		free(row->label_th);
		free(row->label_en);
		return NULL;
	}
	c->group_count++;
	return row;
}

/* Every month or fiscal quarter of the period, so that charts and tables
 * show the empty ones too. */
static int
add_calendar_groups(struct kpi_channel *c, const struct cks_report_filter *f,
		    struct cks_error *err)
{
	struct tm tm;
	int year, month;
	char key[32], th[64], en[64], last[32] = "";

	local_tm(f->from_ms, &tm);
	year = tm.tm_year + 1900;
	month = tm.tm_mon + 1;
	while (local_day_ms(year, month, 1) < f->to_ms) {
		if (f->group == CKS_REPORT_BY_MONTH) {
			snprintf(key, sizeof(key), "%04d-%02d", year, month);
			snprintf(th, sizeof(th), "%s %d", thai_months[month - 1],
			    year + CKS_BUDDHIST_ERA_OFFSET);
			snprintf(en, sizeof(en), "%s %d", english_months[month - 1],
			    year);
		} else {
			int fy = year + CKS_BUDDHIST_ERA_OFFSET + (month >= 10);
			int q = (month + 2) % 12 / 3 + 1;

			snprintf(key, sizeof(key), "%d-Q%d", fy, q);
			snprintf(th, sizeof(th), "ไตรมาส %d/%d", q, fy);
			snprintf(en, sizeof(en), "Q%d FY%d", q, fy);
		}
		if (strcmp(key, last) != 0 && group_add(c, key, th, en) == NULL)
			return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		snprintf(last, sizeof(last), "%s", key);
		if (++month > 12) {
			month = 1;
			year++;
		}
	}
	return 0;
}

static int
kpi_media(struct cks_store *store, struct kpi *k, struct cks_error *err)
{
	sqlite3_stmt *stmt = cks_store_prepare(store,
	    "SELECT DISTINCT medium FROM ratings ORDER BY medium", err);
	int rc;

	for (size_t i = 0; i < KNOWN_MEDIA; i++)
		k->media[k->media_count++] = known_media[i];
	if (stmt == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *m = (const char *)sqlite3_column_text(stmt, 0);
		size_t i;

		for (i = 0; i < k->media_count; i++)
			if (strcmp(k->media[i], m) == 0)
				break;
		if (i < k->media_count || k->media_count == MEDIA_MAX)
			continue;
		k->owned_media[k->media_count] = strdup(m);
		if (k->owned_media[k->media_count] == NULL) {
			sqlite3_finalize(stmt);
			return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		}
		k->media[k->media_count] = k->owned_media[k->media_count];
		k->media_count++;
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : cks_store_fail(store, "report: media", err);
}

/* The sessions of the period with their group key (?4: 0 none, 1 month,
 * 2 fiscal quarter, 3 agent), computed in local time by SQLite. */
#define PERIOD_SESSIONS \
	"WITH p AS (SELECT s.id, s.channel, s.agent," \
	"   strftime('%Y-%m', s.opened_at / 1000, 'unixepoch', 'localtime') AS ym" \
	"   FROM sessions s WHERE s.opened_at >= ?1 AND s.opened_at < ?2" \
	"   AND (?3 IS NULL OR s.channel = ?3))," \
	" g AS (SELECT p.*, CASE ?4" \
	"   WHEN 1 THEN ym" \
	"   WHEN 2 THEN (CAST(substr(ym, 1, 4) AS INTEGER) + 543" \
	"     + (CAST(substr(ym, 6, 2) AS INTEGER) >= 10)) || '-Q'" \
	"     || ((CAST(substr(ym, 6, 2) AS INTEGER) + 2) % 12 / 3 + 1)" \
	"   WHEN 3 THEN agent ELSE '' END AS key FROM p) "

static const char kpi_counts_sql[] = PERIOD_SESSIONS
	"SELECT g.channel, g.key, count(*), count(m.id), count(m.bounce),"
	" count(r.session_id),"
	" sum(m.id IS NOT NULL AND r.session_id IS NOT NULL),"
	" coalesce(sum(r.satisfied), 0)"
	" FROM g LEFT JOIN survey_invitations i ON i.session_id = g.id"
	" LEFT JOIN messages m ON m.id = i.message AND m.state = 'sent'"
	" LEFT JOIN ratings r ON r.session_id = g.id"
	" GROUP BY g.channel, g.key ORDER BY g.channel, g.key";

static const char kpi_media_sql[] = PERIOD_SESSIONS
	"SELECT g.channel, g.key, r.medium, count(*), sum(r.satisfied)"
	" FROM g JOIN ratings r ON r.session_id = g.id"
	" GROUP BY g.channel, g.key, r.medium";

/* The counts a row of the result goes into; a group is added when it was
 * not listed beforehand (agents). */
static struct counts *
kpi_slot(struct kpi *k, const char *channel, const char *key, int grouped)
{
	struct kpi_channel *c = NULL;

	for (size_t i = 0; i < k->count; i++)
		if (strcmp(k->channels[i].id, channel) == 0)
			c = &k->data[i];
	if (c == NULL)
		return NULL;
	if (!grouped)
		return &c->total;
	for (size_t g = 0; g < c->group_count; g++)
		if (strcmp(c->groups[g].key, key) == 0)
			return &c->groups[g].counts;
	{
		struct group_row *row = group_add(c, key, key, key);

		return row != NULL ? &row->counts : NULL;
	}
}

static int
kpi_fill(struct cks_store *store, const struct cks_report_filter *f,
	 int mode, struct kpi *k, struct cks_error *err)
{
	sqlite3_stmt *stmt = cks_store_prepare(store, kpi_counts_sql, err);
	int rc;

	if (stmt == NULL)
		return -1;
	bind_period(stmt, f);
	sqlite3_bind_int(stmt, 4, mode);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct counts *c = kpi_slot(k,
		    (const char *)sqlite3_column_text(stmt, 0),
		    (const char *)sqlite3_column_text(stmt, 1), mode != 0);

		if (c == NULL)
			continue;
		c->sessions = sqlite3_column_int64(stmt, 2);
		c->invited = sqlite3_column_int64(stmt, 3);
		c->bounced = sqlite3_column_int64(stmt, 4);
		c->answers = sqlite3_column_int64(stmt, 5);
		c->answered_invited = sqlite3_column_int64(stmt, 6);
		c->satisfied = sqlite3_column_int64(stmt, 7);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return cks_store_fail(store, "report: counts", err);
	stmt = cks_store_prepare(store, kpi_media_sql, err);
	if (stmt == NULL)
		return -1;
	bind_period(stmt, f);
	sqlite3_bind_int(stmt, 4, mode);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct counts *c = kpi_slot(k,
		    (const char *)sqlite3_column_text(stmt, 0),
		    (const char *)sqlite3_column_text(stmt, 1), mode != 0);
		const char *medium = (const char *)sqlite3_column_text(stmt, 2);

		if (c == NULL)
			continue;
		for (size_t m = 0; m < k->media_count; m++)
			if (strcmp(k->media[m], medium) == 0) {
				c->medium_answers[m] = sqlite3_column_int64(stmt, 3);
				c->medium_satisfied[m] = sqlite3_column_int64(stmt, 4);
			}
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : cks_store_fail(store, "report: media", err);
}

static json_t *
counts_to_json(const struct counts *c, const struct kpi *k, unsigned target)
{
	json_t *media = json_object();

	for (size_t m = 0; m < k->media_count; m++)
		json_object_set_new(media, k->media[m], json_pack("{sI sI}",
		    "answers", (json_int_t)c->medium_answers[m],
		    "satisfied", (json_int_t)c->medium_satisfied[m]));
	return json_pack("{sI sI sI sI sI so so sI so so so}",
	    "sessions", (json_int_t)c->sessions,
	    "invitations_sent", (json_int_t)c->invited,
	    "invitations_bounced", (json_int_t)c->bounced,
	    "answers", (json_int_t)c->answers,
	    "answers_to_invitations", (json_int_t)c->answered_invited,
	    "response_rate_percent", percent_or_null(c->answers, c->sessions),
	    "invitation_response_rate_percent",
		percent_or_null(c->answered_invited, c->invited),
	    "satisfied", (json_int_t)c->satisfied,
	    "satisfied_percent", percent_or_null(c->satisfied, c->answers),
	    /* Exact, before rounding: 84.96 % does not meet 85 %. */
	    "met", c->answers > 0
		? json_boolean(c->satisfied * 100 >= (long long)target * c->answers)
		: json_null(),
	    "by_medium", media);
}

static int
all_satisfied(const struct cks_channel_plugin *plugin)
{
	for (size_t i = 0; i < plugin->scale_count; i++)
		if (!plugin->scale[i].satisfied)
			return 0;
	return 1;
}

static json_t *
kpi_to_json(const struct kpi *k, const struct cks_report_filter *f)
{
	json_t *report, *list = json_array(), *media = json_array();

	for (size_t m = 0; m < k->media_count; m++)
		json_array_append_new(media, json_string(k->media[m]));
	for (size_t i = 0; i < k->count; i++) {
		const struct report_channel *rc = &k->channels[i];
		const struct kpi_channel *c = &k->data[i];
		unsigned target = rc->plugin != NULL ? rc->plugin->target_percent
						     : CKS_REPORT_DEFAULT_TARGET;
		json_t *channel = channel_head_json(rc);

		json_object_set_new(channel, "target_percent", json_integer(target));
		json_object_set_new(channel, "target_source",
		    json_string(rc->plugin != NULL ? "plugin" : "default"));
		/* The chat scale has no "not satisfied" option: say so, so
		 * that a reader weighs the share by the response rate. */
		json_object_set_new(channel, "every_option_satisfied",
		    rc->plugin != NULL ? json_boolean(all_satisfied(rc->plugin))
				       : json_null());
		json_object_set_new(channel, "total",
		    counts_to_json(&c->total, k, target));
		if (f->group != CKS_REPORT_BY_NONE) {
			json_t *groups = json_array();

			for (size_t g = 0; g < c->group_count; g++) {
				json_t *row = json_pack("{ss s{ss ss}}",
				    "key", c->groups[g].key,
				    "label", "th", c->groups[g].label_th,
				    "en", c->groups[g].label_en);
				json_t *counts = counts_to_json(&c->groups[g].counts,
				    k, target);

				json_object_update(row, counts);
				json_decref(counts);
				json_array_append_new(groups, row);
			}
			json_object_set_new(channel, "groups", groups);
		}
		json_array_append_new(list, channel);
	}
	report = json_pack("{ss so ss so so so}", "report", "kpi",
	    "period", period_to_json(f),
	    "date_basis", "session opened",
	    "group_by", f->group != CKS_REPORT_BY_NONE
		? json_string(cks_report_group_name(f->group)) : json_null(),
	    "media", media, "channels", list);
	return report;
}

int
cks_report_kpi(struct cks_store *store, const struct cks_channels *channels,
	       const struct cks_report_filter *filter, json_t **report_out,
	       struct cks_error *err)
{
	struct kpi k;
	int rc = -1;

	*report_out = NULL;
	memset(&k, 0, sizeof(k));
	if (check_filter(filter, err) < 0 || snapshot_begin(store, err) < 0)
		return -1;
	if (collect_channels(store, channels, filter, &k.channels, &k.count,
			     err) < 0)
		goto done;
	k.data = calloc(k.count + 1, sizeof(*k.data));
	if (k.data == NULL) {
		cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		goto done;
	}
	if (filter->group == CKS_REPORT_BY_MONTH ||
	    filter->group == CKS_REPORT_BY_QUARTER)
		for (size_t i = 0; i < k.count; i++)
			if (add_calendar_groups(&k.data[i], filter, err) < 0)
				goto done;
	if (kpi_media(store, &k, err) < 0 || kpi_fill(store, filter, 0, &k, err) < 0)
		goto done;
	if (filter->group != CKS_REPORT_BY_NONE &&
	    kpi_fill(store, filter, (int)filter->group, &k, err) < 0)
		goto done;
	*report_out = kpi_to_json(&k, filter);
	if (*report_out == NULL)
		cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	else
		rc = 0;
done:
	snapshot_end(store);
	kpi_free(&k);
	return rc;
}

/* --- the step report -------------------------------------------------------- */

struct step_stats {
	char *channel;
	char *step_id;
	int64_t first_index;       /* for channels without a plugin */
	long long started;
	long long timed;           /* started and done */
	long long within, under, over;
	int64_t median_ms;
	int64_t p90_ms;
	int used;                  /* placed in the output */
};

struct step_collect {
	struct step_stats *stats;
	size_t count;
	int64_t *durations;        /* of the step being read, ascending */
	size_t duration_count;
	size_t duration_cap;
};

/* Nearest rank: the value at rank ceil(p/100 x n), 1-based. */
static int64_t
nearest_rank(const int64_t *sorted, size_t n, int percent)
{
	size_t rank = ((size_t)percent * n + 99) / 100;

	if (rank < 1)
		rank = 1;
	return sorted[rank - 1];
}

static const struct cks_step *
find_step(const struct cks_channel_plugin *plugin, const char *id)
{
	if (plugin == NULL)
		return NULL;
	for (size_t i = 0; i < plugin->step_count; i++)
		if (strcmp(plugin->steps[i].id, id) == 0)
			return &plugin->steps[i];
	return NULL;
}

static void
steps_finish_one(struct step_collect *sc)
{
	struct step_stats *s;

	if (sc->count == 0)
		return;
	s = &sc->stats[sc->count - 1];
	if (sc->duration_count > 0) {
		s->median_ms = nearest_rank(sc->durations, sc->duration_count, 50);
		s->p90_ms = nearest_rank(sc->durations, sc->duration_count, 90);
	}
	sc->duration_count = 0;
}

static void
steps_collect_free(struct step_collect *sc)
{
	for (size_t i = 0; i < sc->count; i++) {
		free(sc->stats[i].channel);
		free(sc->stats[i].step_id);
	}
	free(sc->stats);
	free(sc->durations);
}

/* Reads every recorded step of the period, sorted by SQLite so that each
 * step's durations arrive in ascending order, and counts them. */
static int
steps_read(struct cks_store *store, const struct cks_channels *channels,
	   const struct cks_report_filter *f, struct step_collect *sc,
	   struct cks_error *err)
{
	sqlite3_stmt *stmt = cks_store_prepare(store,
	    "SELECT s.channel, st.step_id, st.step_index, st.started_at,"
	    " st.done_at FROM session_steps st"
	    " JOIN sessions s ON s.id = st.session_id"
	    " WHERE s.opened_at >= ?1 AND s.opened_at < ?2"
	    " AND (?3 IS NULL OR s.channel = ?3)"
	    " ORDER BY s.channel, st.step_id, st.done_at IS NULL,"
	    " st.done_at - st.started_at", err);
	int rc;

	if (stmt == NULL)
		return -1;
	bind_period(stmt, f);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *channel = (const char *)sqlite3_column_text(stmt, 0);
		const char *step_id = (const char *)sqlite3_column_text(stmt, 1);
		int64_t started = sqlite3_column_int64(stmt, 3);
		int64_t done = sqlite3_column_type(stmt, 4) == SQLITE_NULL ? 0
		    : sqlite3_column_int64(stmt, 4);
		struct step_stats *s = sc->count > 0 ? &sc->stats[sc->count - 1]
						     : NULL;
		const struct cks_step *step;

		if (s == NULL || strcmp(s->channel, channel) != 0 ||
		    strcmp(s->step_id, step_id) != 0) {
			struct step_stats *grown;

			steps_finish_one(sc);
			grown = realloc(sc->stats, (sc->count + 1) * sizeof(*grown));
			if (grown == NULL)
				goto oom;
			sc->stats = grown;
			s = &grown[sc->count];
			memset(s, 0, sizeof(*s));
			sc->count++;
			s->channel = strdup(channel);
			s->step_id = strdup(step_id);
			s->first_index = sqlite3_column_int64(stmt, 2);
			if (s->channel == NULL || s->step_id == NULL)
				goto oom;
		}
		if (sqlite3_column_int64(stmt, 2) < s->first_index)
			s->first_index = sqlite3_column_int64(stmt, 2);
		s->started++;
		if (done == 0)
			continue;
		s->timed++;
		if (sc->duration_count == sc->duration_cap) {
			size_t cap = sc->duration_cap ? sc->duration_cap * 2 : 64;
			int64_t *grown = realloc(sc->durations, cap * sizeof(*grown));

			if (grown == NULL)
				goto oom;
			sc->durations = grown;
			sc->duration_cap = cap;
		}
		sc->durations[sc->duration_count++] = done - started;
		step = find_step(channels != NULL
		    ? cks_channels_find(channels, channel) : NULL, step_id);
		if (step == NULL)
			continue;
		switch (cks_timing_classify(step, started, done)) {
		case CKS_TIMING_WITHIN: s->within++; break;
		case CKS_TIMING_UNDER: s->under++; break;
		case CKS_TIMING_OVER: s->over++; break;
		default: break;
		}
	}
	sqlite3_finalize(stmt);
	steps_finish_one(sc);
	return rc == SQLITE_DONE ? 0 : cks_store_fail(store, "report: steps", err);
oom:
	sqlite3_finalize(stmt);
	return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
}

static struct step_stats *
stats_find(struct step_collect *sc, const char *channel, const char *step_id)
{
	for (size_t i = 0; i < sc->count; i++)
		if (strcmp(sc->stats[i].channel, channel) == 0 &&
		    strcmp(sc->stats[i].step_id, step_id) == 0)
			return &sc->stats[i];
	return NULL;
}

static const char *
step_status(const struct cks_step *step)
{
	if (!step->timed)
		return "not counted";
	if (step->min_seconds == CKS_DURATION_NONE)
		return "no standard";
	return "counted";
}

static json_t *
step_to_json(json_t *number, const char *id, const struct cks_step *step,
	     const char *status, const struct step_stats *s)
{
	static const struct step_stats none;
	int counted = strcmp(status, "counted") == 0;
	json_t *standard = json_null();
	char text[64];

	if (s == NULL)
		s = &none;
	if (step != NULL && step->min_seconds != CKS_DURATION_NONE) {
		cks_timing_format_standard(step, text, sizeof(text));
		standard = json_pack("{si si ss}", "min_seconds", step->min_seconds,
		    "max_seconds", step->max_seconds, "text", text);
	}
	return json_pack("{so ss so so so ss sI sI so so so so so so}",
	    "number", number, "id", id,
	    "actor", step == NULL ? json_null() : json_string(
		step->actor == CKS_ACTOR_CLIENT ? "client" : "agent"),
	    "text", step == NULL ? json_null()
		: json_pack("{ss ss}", "th", step->text.th, "en", step->text.en),
	    "standard", standard, "status", status,
	    "started", (json_int_t)s->started, "timed", (json_int_t)s->timed,
	    "median_ms", s->timed ? json_integer(s->median_ms) : json_null(),
	    "p90_ms", s->timed ? json_integer(s->p90_ms) : json_null(),
	    "within", counted ? json_integer(s->within) : json_null(),
	    "under", counted ? json_integer(s->under) : json_null(),
	    "over", counted ? json_integer(s->over) : json_null(),
	    "within_percent", counted ? percent_or_null(s->within, s->timed)
				      : json_null());
}

static int
compare_first_index(const void *a, const void *b)
{
	const struct step_stats *x = *(const struct step_stats *const *)a;
	const struct step_stats *y = *(const struct step_stats *const *)b;

	if (x->first_index != y->first_index)
		return x->first_index < y->first_index ? -1 : 1;
	return strcmp(x->step_id, y->step_id);
}

static json_t *
steps_channel_json(const struct report_channel *c, struct step_collect *sc)
{
	json_t *channel = channel_head_json(c), *list = json_array();
	long long timed = 0, within = 0;
	struct step_stats **rest;
	size_t rest_count = 0;

	for (size_t i = 0; c->plugin != NULL && i < c->plugin->step_count; i++) {
		const struct cks_step *step = &c->plugin->steps[i];
		struct step_stats *s = stats_find(sc, c->id, step->id);
		const char *status = step_status(step);

		if (s != NULL)
			s->used = 1;
		if (s != NULL && strcmp(status, "counted") == 0) {
			timed += s->timed;
			within += s->within;
		}
		json_array_append_new(list, step_to_json(json_integer((json_int_t)i + 1),
		    step->id, step, status, s));
	}
	/* Steps recorded under ids this plugin does not have (or every step
	 * when the plugin is not loaded), in the order they were recorded. */
	rest = calloc(sc->count + 1, sizeof(*rest));
	for (size_t i = 0; rest != NULL && i < sc->count; i++)
		if (!sc->stats[i].used && strcmp(sc->stats[i].channel, c->id) == 0)
			rest[rest_count++] = &sc->stats[i];
	if (rest != NULL)
		qsort(rest, rest_count, sizeof(*rest), compare_first_index);
	for (size_t i = 0; i < rest_count; i++) {
		rest[i]->used = 1;
		json_array_append_new(list, step_to_json(c->plugin != NULL
		    ? json_null() : json_integer(rest[i]->first_index + 1),
		    rest[i]->step_id, NULL, c->plugin != NULL
		    ? "not in procedure" : "plugin not loaded", rest[i]));
	}
	free(rest);
	json_object_set_new(channel, "steps", list);
	json_object_set_new(channel, "overall", json_pack("{sI sI so}",
	    "timed", (json_int_t)timed, "within", (json_int_t)within,
	    "within_percent", percent_or_null(within, timed)));
	return channel;
}

int
cks_report_steps(struct cks_store *store, const struct cks_channels *channels,
		 const struct cks_report_filter *filter, json_t **report_out,
		 struct cks_error *err)
{
	struct report_channel *list = NULL;
	struct step_collect sc;
	size_t count = 0;
	json_t *array;
	int rc = -1;

	*report_out = NULL;
	memset(&sc, 0, sizeof(sc));
	if (check_filter(filter, err) < 0 || snapshot_begin(store, err) < 0)
		return -1;
	if (collect_channels(store, channels, filter, &list, &count, err) < 0 ||
	    steps_read(store, channels, filter, &sc, err) < 0)
		goto done;
	array = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(array, steps_channel_json(&list[i], &sc));
	*report_out = json_pack("{ss so ss ss so}", "report", "steps",
	    "period", period_to_json(filter),
	    "date_basis", "session opened",
	    "percentile_method", "nearest rank",
	    "channels", array);
	if (*report_out == NULL)
		cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	else
		rc = 0;
done:
	snapshot_end(store);
	steps_collect_free(&sc);
	channels_free(list, count);
	return rc;
}

/* --- reading the report JSON back ------------------------------------------- */

static const char *
text_of(const json_t *object, const char *key)
{
	const char *s = json_string_value(json_object_get(object, key));

	return s != NULL ? s : "";
}

/* A name or label in lang, from {"th": ..., "en": ...}. */
static const char *
lang_text(const json_t *object, const char *key, const char *lang)
{
	const json_t *pair = json_object_get(object, key);

	return text_of(pair, is_thai(lang) ? "th" : "en");
}

/* A count, a percentage ("66.7") or a yes/no, or "" for null. */
static void
value_text(const json_t *value, char *buf, size_t size)
{
	if (json_is_integer(value))
		snprintf(buf, size, "%lld", (long long)json_integer_value(value));
	else if (json_is_real(value))
		snprintf(buf, size, "%.1f", json_real_value(value));
	else if (json_is_true(value))
		snprintf(buf, size, "yes");
	else if (json_is_false(value))
		snprintf(buf, size, "no");
	else if (json_is_string(value))
		snprintf(buf, size, "%s", json_string_value(value));
	else
		buf[0] = '\0';
}

/* --- CSV -------------------------------------------------------------------- */

/* One field.  RFC 4180: quoted when it holds a comma, a quote or a line
 * break, quotes doubled.  A text field that a spreadsheet would run as a
 * formula (= + - @ at the start) gets a leading apostrophe. */
static void
csv_field(struct cks_buffer *b, const char *s, int text, int first)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL;

	if (!first)
		cks_buffer_add(b, ",", 1);
	if (quote)
		cks_buffer_add(b, "\"", 1);
	if (text && s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL)
		cks_buffer_add(b, "'", 1);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			cks_buffer_add(b, "\"", 1);
		cks_buffer_add(b, s, 1);
	}
	if (quote)
		cks_buffer_add(b, "\"", 1);
}

static void
csv_value(struct cks_buffer *b, const json_t *value)
{
	char text[64];

	value_text(value, text, sizeof(text));
	csv_field(b, text, 0, 0);
}

static const char *const kpi_csv_counts[] = {
	"sessions", "invitations_sent", "invitations_bounced", "answers",
	"answers_to_invitations", "response_rate_percent",
	"invitation_response_rate_percent", "satisfied", "satisfied_percent",
};

static void
kpi_csv_row(struct cks_buffer *b, const json_t *channel, const json_t *row,
	    const json_t *media, int total)
{
	const json_t *name = json_object_get(channel, "name");
	size_t i;
	json_t *m;

	csv_field(b, text_of(channel, "channel"), 1, 1);
	csv_field(b, text_of(name, "th"), 1, 0);
	csv_field(b, text_of(name, "en"), 1, 0);
	csv_field(b, total ? "" : text_of(row, "key"), 1, 0);
	csv_field(b, total ? "รวม" : lang_text(row, "label", "th"), 1, 0);
	csv_field(b, total ? "total" : lang_text(row, "label", "en"), 1, 0);
	for (i = 0; i < sizeof(kpi_csv_counts) / sizeof(kpi_csv_counts[0]); i++)
		csv_value(b, json_object_get(row, kpi_csv_counts[i]));
	csv_value(b, json_object_get(channel, "target_percent"));
	csv_value(b, json_object_get(row, "met"));
	json_array_foreach(media, i, m)
		csv_value(b, json_object_get(json_object_get(json_object_get(row,
		    "by_medium"), json_string_value(m)), "answers"));
	cks_buffer_add(b, "\r\n", 2);
}

static void
kpi_csv(struct cks_buffer *b, const json_t *report)
{
	const json_t *media = json_object_get(report, "media");
	size_t i, g;
	json_t *channel, *m, *row;

	cks_buffer_add_string(b, "channel,channel_name_th,channel_name_en,"
	    "group,group_label_th,group_label_en");
	for (i = 0; i < sizeof(kpi_csv_counts) / sizeof(kpi_csv_counts[0]); i++)
		buffer_printf(b, ",%s", kpi_csv_counts[i]);
	cks_buffer_add_string(b, ",target_percent,met");
	json_array_foreach(media, i, m)
		buffer_printf(b, ",answers_%s", json_string_value(m));
	cks_buffer_add(b, "\r\n", 2);
	json_array_foreach(json_object_get(report, "channels"), i, channel) {
		json_array_foreach(json_object_get(channel, "groups"), g, row)
			kpi_csv_row(b, channel, row, media, 0);
		kpi_csv_row(b, channel, json_object_get(channel, "total"), media, 1);
	}
}

static void
steps_csv(struct cks_buffer *b, const json_t *report)
{
	static const char *const columns[] = {
		"started", "timed", "median_ms", "p90_ms", "within", "under",
		"over", "within_percent",
	};
	size_t i, s, k;
	json_t *channel, *step;

	cks_buffer_add_string(b, "channel,channel_name_th,channel_name_en,"
	    "step_number,step_id,actor,step_th,step_en,standard_min_seconds,"
	    "standard_max_seconds,status,started,timed,median_ms,p90_ms,within,"
	    "under,over,within_percent\r\n");
	json_array_foreach(json_object_get(report, "channels"), i, channel) {
		const json_t *name = json_object_get(channel, "name");

		json_array_foreach(json_object_get(channel, "steps"), s, step) {
			const json_t *standard = json_object_get(step, "standard");

			csv_field(b, text_of(channel, "channel"), 1, 1);
			csv_field(b, text_of(name, "th"), 1, 0);
			csv_field(b, text_of(name, "en"), 1, 0);
			csv_value(b, json_object_get(step, "number"));
			csv_field(b, text_of(step, "id"), 1, 0);
			csv_field(b, text_of(step, "actor"), 1, 0);
			csv_field(b, lang_text(step, "text", "th"), 1, 0);
			csv_field(b, lang_text(step, "text", "en"), 1, 0);
			csv_value(b, json_object_get(standard, "min_seconds"));
			csv_value(b, json_object_get(standard, "max_seconds"));
			csv_field(b, text_of(step, "status"), 1, 0);
			for (k = 0; k < sizeof(columns) / sizeof(columns[0]); k++)
				csv_value(b, json_object_get(step, columns[k]));
			cks_buffer_add(b, "\r\n", 2);
		}
	}
}

static int
report_kind(const json_t *report, struct cks_error *err)
{
	const char *kind = json_string_value(json_object_get(report, "report"));

	if (kind != NULL && strcmp(kind, "kpi") == 0)
		return 1;
	if (kind != NULL && strcmp(kind, "steps") == 0)
		return 2;
	return cks_error_set(err, CKS_ERROR_INVALID,
	    "report: not a report made by cks_report_kpi() or cks_report_steps()");
}

static int
finish(struct cks_buffer *b, char **out, struct cks_error *err)
{
	*out = cks_buffer_finish(b);
	return *out != NULL ? 0
			    : cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
}

int
cks_report_csv(const json_t *report, char **csv_out, struct cks_error *err)
{
	struct cks_buffer b = { 0 };
	int kind = report_kind(report, err);

	*csv_out = NULL;
	if (kind < 0)
		return -1;
	cks_buffer_add_string(&b, "\xef\xbb\xbf");     /* the BOM */
	if (kind == 1)
		kpi_csv(&b, report);
	else
		steps_csv(&b, report);
	return finish(&b, csv_out, err);
}

/* --- text tables ------------------------------------------------------------ */

#define TABLE_COLUMNS_MAX 16

struct text_table {
	int columns;
	int right[TABLE_COLUMNS_MAX];   /* non-zero: right-aligned (numbers) */
	char **cells;
	size_t rows;
	int failed;
};

static void
table_row(struct text_table *t, const char *const *cells)
{
	char **grown;

	if (t->failed)
		return;
	grown = realloc(t->cells, (t->rows + 1) * (size_t)t->columns *
	    sizeof(*grown));
	if (grown == NULL) {
		t->failed = 1;
		return;
	}
	t->cells = grown;
	for (int c = 0; c < t->columns; c++) {
		char *copy = strdup(cells[c] != NULL ? cells[c] : "");

		if (copy == NULL)
			t->failed = 1;
		grown[t->rows * (size_t)t->columns + (size_t)c] = copy;
	}
	t->rows++;
}

static void
table_pad(struct cks_buffer *b, size_t count)
{
	while (count-- > 0)
		cks_buffer_add(b, " ", 1);
}

/* Writes the table and frees it; columns padded by display width. */
static void
table_print(struct cks_buffer *b, struct text_table *t)
{
	size_t width[TABLE_COLUMNS_MAX] = { 0 };

	if (t->failed)
		b->failed = 1;
	for (size_t r = 0; !t->failed && r < t->rows; r++)
		for (int c = 0; c < t->columns; c++) {
			const char *s = t->cells[r * (size_t)t->columns + (size_t)c];
			size_t w = s != NULL ? cks_utf8_width(s) : 0;

			if (w > width[c])
				width[c] = w;
		}
	for (size_t r = 0; !t->failed && r < t->rows; r++) {
		for (int c = 0; c < t->columns; c++) {
			const char *s = t->cells[r * (size_t)t->columns + (size_t)c];
			size_t w = cks_utf8_width(s);

			if (t->right[c])
				table_pad(b, width[c] - w);
			cks_buffer_add_string(b, s);
			if (!t->right[c] && c + 1 < t->columns)
				table_pad(b, width[c] - w);
			if (c + 1 < t->columns)
				cks_buffer_add(b, "  ", 2);
		}
		cks_buffer_add(b, "\n", 1);
	}
	for (size_t i = 0; t->cells != NULL && i < t->rows * (size_t)t->columns;
	     i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

static void
percent_text(const json_t *value, char *buf, size_t size)
{
	if (json_is_number(value))
		snprintf(buf, size, "%.1f %%", json_number_value(value));
	else
		snprintf(buf, size, "-");
}

static void
kpi_text_row(struct text_table *t, const char *label, const json_t *row,
	     const char *lang)
{
	char n[5][32], share[2][32];
	const json_t *met = json_object_get(row, "met");
	const char *cells[8];

	value_text(json_object_get(row, "sessions"), n[0], sizeof(n[0]));
	value_text(json_object_get(row, "invitations_sent"), n[1], sizeof(n[1]));
	value_text(json_object_get(row, "answers"), n[2], sizeof(n[2]));
	value_text(json_object_get(row, "satisfied"), n[3], sizeof(n[3]));
	percent_text(json_object_get(row, "response_rate_percent"), share[0],
	    sizeof(share[0]));
	percent_text(json_object_get(row, "satisfied_percent"), share[1],
	    sizeof(share[1]));
	cells[0] = label;
	cells[1] = n[0];
	cells[2] = n[1];
	cells[3] = n[2];
	cells[4] = share[0];
	cells[5] = n[3];
	cells[6] = share[1];
	cells[7] = json_is_true(met) ? (is_thai(lang) ? "ผ่าน" : "yes")
	    : json_is_false(met) ? (is_thai(lang) ? "ไม่ผ่าน" : "no") : "-";
	table_row(t, cells);
}

static void
kpi_text(struct cks_buffer *b, const json_t *report, const char *lang)
{
	const char *by = json_string_value(json_object_get(report, "group_by"));
	const int th = is_thai(lang);
	const char *group_head = by == NULL ? (th ? "ช่วง" : "PERIOD")
	    : strcmp(by, "month") == 0 ? (th ? "เดือน" : "MONTH")
	    : strcmp(by, "quarter") == 0 ? (th ? "ไตรมาส" : "QUARTER")
	    : (th ? "เจ้าหน้าที่" : "AGENT");
	const char *heads_th[] = { group_head, "ครั้งบริการ", "ส่งแบบสอบถาม",
	    "ตอบ", "อัตราตอบ", "พึงพอใจ", "ร้อยละพึงพอใจ", "ผ่านเป้า" };
	const char *heads_en[] = { group_head, "SESSIONS", "INVITED", "ANSWERS",
	    "RESPONSE", "SATISFIED", "SHARE", "MET" };
	size_t i, g;
	json_t *channel, *row, *m;

	buffer_printf(b, "%s: %s", th ? "ตัวชี้วัดความพึงพอใจ"
	    : "Satisfaction KPI", lang_text(json_object_get(report, "period"),
	    "label", lang));
	if (by != NULL)
		buffer_printf(b, th ? ", แยกตาม%s" : ", by %s", th ? group_head : by);
	buffer_printf(b, "\n%s\n", th
	    ? "นับแต่ละครั้งบริการตามวันที่เปิดบริการ"
	    : "Each session counts in the period it was opened.");
	json_array_foreach(json_object_get(report, "channels"), i, channel) {
		struct text_table t = { .columns = 8,
		    .right = { 0, 1, 1, 1, 1, 1, 1, 0 } };
		const json_t *total = json_object_get(channel, "total");
		const char *name = lang_text(channel, "name", lang);

		buffer_printf(b, "\n%s%s%s  (%s %lld %%)\n",
		    text_of(channel, "channel"), name[0] ? " - " : "", name,
		    th ? "เป้าหมาย" : "target", (long long)json_integer_value(
		    json_object_get(channel, "target_percent")));
		table_row(&t, th ? heads_th : heads_en);
		json_array_foreach(json_object_get(channel, "groups"), g, row)
			kpi_text_row(&t, lang_text(row, "label", lang), row, lang);
		kpi_text_row(&t, th ? "รวม" : "total", total, lang);
		table_print(b, &t);
		buffer_printf(b, "%s:", th ? "คำตอบแยกตามช่องทาง" : "answers by medium");
		json_array_foreach(json_object_get(report, "media"), g, m)
			buffer_printf(b, "%s %s %lld", g ? "," : "",
			    json_string_value(m), (long long)json_integer_value(
			    json_object_get(json_object_get(json_object_get(total,
			    "by_medium"), json_string_value(m)), "answers")));
		cks_buffer_add(b, "\n", 1);
	}
}

static const char *
status_text(const char *status, const char *lang)
{
	static const char *const names[][3] = {
		{ "counted", "นับเวลา", "counted" },
		{ "no standard", "ไม่มีเวลามาตรฐาน", "no standard" },
		{ "not counted", "ไม่นับเวลา", "not counted" },
		{ "not in procedure", "ไม่อยู่ในขั้นตอน", "not in procedure" },
		{ "plugin not loaded", "ไม่ได้โหลดปลั๊กอิน", "plugin not loaded" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i][0], status) == 0)
			return names[i][is_thai(lang) ? 1 : 2];
	return status;
}

static void
steps_text(struct cks_buffer *b, const json_t *report, const char *lang)
{
	const int th = is_thai(lang);
	const char *heads_th[] = { "#", "ขั้นตอน", "มาตรฐาน", "เริ่ม",
	    "จับเวลาได้", "มัธยฐาน", "P90", "ภายในมาตรฐาน" };
	const char *heads_en[] = { "#", "STEP", "STANDARD", "STARTED", "TIMED",
	    "MEDIAN", "P90", "WITHIN" };
	size_t i, s;
	json_t *channel, *step;

	buffer_printf(b, "%s: %s\n%s\n", th ? "การปฏิบัติตามเวลามาตรฐาน"
	    : "Step-time compliance", lang_text(json_object_get(report, "period"),
	    "label", lang), th
	    ? "มัธยฐานและ P90 แบบ nearest rank; นับตามวันที่เปิดบริการ"
	    : "Median and P90 by nearest rank; sessions count by the day opened.");
	json_array_foreach(json_object_get(report, "channels"), i, channel) {
		struct text_table t = { .columns = 8,
		    .right = { 1, 0, 0, 1, 1, 1, 1, 0 } };
		const json_t *overall = json_object_get(channel, "overall");
		const char *name = lang_text(channel, "name", lang);
		char share[32];

		buffer_printf(b, "\n%s%s%s\n", text_of(channel, "channel"),
		    name[0] ? " - " : "", name);
		table_row(&t, th ? heads_th : heads_en);
		json_array_foreach(json_object_get(channel, "steps"), s, step) {
			const json_t *standard = json_object_get(step, "standard");
			const json_t *median = json_object_get(step, "median_ms");
			const json_t *p90 = json_object_get(step, "p90_ms");
			const char *status = text_of(step, "status");
			char number[16], std[64], started[24], timed[24];
			char med[48] = "-", p[48] = "-", within[80];
			const char *cells[8];

			value_text(json_object_get(step, "number"), number,
			    sizeof(number));
			if (standard != NULL && json_is_object(standard))
				cks_report_format_standard((int)json_integer_value(
				    json_object_get(standard, "min_seconds")),
				    (int)json_integer_value(json_object_get(standard,
				    "max_seconds")), lang, std, sizeof(std));
			else
				snprintf(std, sizeof(std), "-");
			value_text(json_object_get(step, "started"), started,
			    sizeof(started));
			value_text(json_object_get(step, "timed"), timed,
			    sizeof(timed));
			if (json_is_integer(median))
				cks_report_format_duration(json_integer_value(median),
				    lang, med, sizeof(med));
			if (json_is_integer(p90))
				cks_report_format_duration(json_integer_value(p90),
				    lang, p, sizeof(p));
			if (strcmp(status, "counted") != 0)
				snprintf(within, sizeof(within), "%s",
				    status_text(status, lang));
			else if (json_is_number(json_object_get(step,
				 "within_percent")))
				snprintf(within, sizeof(within), "%.1f %% (%lld/%lld)",
				    json_number_value(json_object_get(step,
				    "within_percent")), (long long)json_integer_value(
				    json_object_get(step, "within")),
				    (long long)json_integer_value(json_object_get(step,
				    "timed")));
			else
				snprintf(within, sizeof(within), "-");
			cells[0] = number;
			cells[1] = text_of(step, "id");
			cells[2] = std;
			cells[3] = started;
			cells[4] = timed;
			cells[5] = med;
			cells[6] = p;
			cells[7] = within;
			table_row(&t, cells);
		}
		table_print(b, &t);
		percent_text(json_object_get(overall, "within_percent"), share,
		    sizeof(share));
		buffer_printf(b, th ? "รวมขั้นตอนที่นับเวลา: ภายในมาตรฐาน %lld จาก %lld"
		    " = %s\n" : "counted steps overall: %lld of %lld within = %s\n",
		    (long long)json_integer_value(json_object_get(overall, "within")),
		    (long long)json_integer_value(json_object_get(overall, "timed")),
		    share);
	}
}

int
cks_report_text(const json_t *report, const char *lang, char **text_out,
		struct cks_error *err)
{
	struct cks_buffer b = { 0 };
	int kind = report_kind(report, err);

	*text_out = NULL;
	if (kind < 0)
		return -1;
	if (kind == 1)
		kpi_text(&b, report, lang);
	else
		steps_text(&b, report, lang);
	return finish(&b, text_out, err);
}
