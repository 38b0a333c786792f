#include "autoconfig.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar.h"
#include "clock.h"
#include "json_value.h"
#include "report.h"
#include "timing.h"

/* The media a rating can arrive by (lib/events/rating.c); reports list all of
 * them, with zeros, so that CSV columns do not depend on the data.  A
 * medium found in the store beyond these is appended. */
static const char *const known_media[] = {
	"email", "sms", "ivr", "chat", "counter", "web",
};
#define KNOWN_MEDIA (sizeof(known_media) / sizeof(known_media[0]))
#define MEDIA_MAX 16

/* --- time ------------------------------------------------------------------ */

/* Midnight of a calendar day in the desk's zone; month may run past 12
 * (normalised). */
static int64_t
local_day_ms(int year, int month, int day)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = year - 1900;
	tm.tm_mon = month - 1;
	tm.tm_mday = day;
	return cks_time_from_local(&tm);
}

static void
local_tm(int64_t ms, struct tm *tm)
{
	cks_time_local(ms, tm);
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
	cks_date_format(&tm, lang, CKS_MONTH_SHORT, buf, size);
}

int
cks_report_filter_from_text(struct cks_report_filter *filter,
			    const struct cks_report_period_text *text,
			    const char *const names[4], int *which_out,
			    struct cks_error *err)
{
	*which_out = 0;
	if (text->fiscal_year != NULL && (text->from != NULL || text->to != NULL))
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s and %s/%s cannot be combined", names[0], names[1],
		    names[2]);
	if ((text->from == NULL) != (text->to == NULL)) {
		*which_out = text->from != NULL ? 1 : 2;
		return cks_error_set(err, CKS_ERROR_INVALID, "%s needs %s as well",
		    names[*which_out], names[text->from != NULL ? 2 : 1]);
	}
	if (text->fiscal_year != NULL) {
		char *end;
		long year;

		errno = 0;
		year = strtol(text->fiscal_year, &end, 10);
		if (errno != 0 || end == text->fiscal_year || *end != '\0' ||
		    year <= 0 || year > 9999 ||
		    cks_report_fiscal_year(filter, (int)year, err) < 0)
			return cks_error_set(err, CKS_ERROR_INVALID,
			    "%s: '%s' is not a fiscal year like 2569 (Buddhist "
			    "Era) or 2026", names[0], text->fiscal_year);
	} else if (text->from != NULL) {
		*which_out = 1;
		if (cks_time_parse(text->from, names[1], &filter->from_ms, err) < 0)
			return -1;
		*which_out = 2;
		if (cks_time_parse(text->to, names[2], &filter->to_ms, err) < 0)
			return -1;
		if (filter->to_ms <= filter->from_ms)
			return cks_error_set(err, CKS_ERROR_INVALID,
			    "%s '%s' is not after %s '%s' (the period is from "
			    "<= time < to)", names[2], text->to, names[1],
			    text->from);
		filter->fiscal_year = 0;
	} else {
		cks_report_fiscal_year(filter,
		    cks_report_fiscal_year_of(cks_now_ms()), NULL);
	}
	*which_out = 3;
	if (text->by != NULL && (cks_report_group_parse(text->by,
	    &filter->group) < 0 || filter->group == CKS_REPORT_BY_NONE))
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s must be month, quarter or agent, not '%s'", names[3],
		    text->by);
	*which_out = 0;
	return 0;
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
	int ce = cks_year_ce(year);

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

/* A share in percent, rounded half up to one decimal, or null. */
static json_t *
percent_or_null(long long part, long long whole)
{
	if (whole <= 0)
		return json_null();
	return json_real((double)((part * 1000 + whole / 2) / whole) / 10.0);
}

/* --- the period and the channels -------------------------------------------- */

/* The period's label in lang ("th" or "en"), as people say it. */
static void
period_label(const struct cks_report_filter *f, const char *lang, char *buf,
	     size_t size)
{
	const int th = cks_lang_is_thai(lang);
	char a[64], b[64];

	if (is_local_midnight(f->from_ms) && is_local_midnight(f->to_ms)) {
		/* Whole days: name the last day included, as people say it. */
		format_day(f->from_ms, lang, a, sizeof(a));
		format_day(f->to_ms - 1, lang, b, sizeof(b));
		if (f->fiscal_year != 0)
			snprintf(buf, size, "%s %d (%s – %s)",
			    th ? "ปีงบประมาณ" : "fiscal year", f->fiscal_year, a, b);
		else
			snprintf(buf, size, "%s – %s", a, b);
	} else {
		cks_time_format_long(f->from_ms, lang, a, sizeof(a));
		cks_time_format_long(f->to_ms, lang, b, sizeof(b));
		snprintf(buf, size, "%s – %s (%s)", a, b,
		    th ? "ไม่รวมเวลาสิ้นสุด" : "end excluded");
	}
}

static json_t *
period_to_json(const struct cks_report_filter *f)
{
	char th[200], en[200];

	period_label(f, "th", th, sizeof(th));
	period_label(f, "en", en, sizeof(en));
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
bind_period(struct cks_stmt *stmt, const struct cks_report_filter *f)
{
	cks_stmt_bind_int64(stmt, 1, f->from_ms);
	cks_stmt_bind_int64(stmt, 2, f->to_ms);
	if (f->channel != NULL)
		cks_stmt_bind_text(stmt, 3, f->channel, -1, CKS_STMT_STATIC);
}

/* The channels to report: the one asked for, or every loaded one in load
 * order followed by the others that have sessions in the period. */
static int
collect_channels(struct cks_store *store, const struct cks_channels *channels,
		 const struct cks_report_filter *f, struct report_channel **out,
		 size_t *count, struct cks_error *err)
{
	struct cks_stmt *stmt;
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
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW) {
		const char *id = (const char *)cks_stmt_column_text(stmt, 0);

		if (channels != NULL && cks_channels_find(channels, id) != NULL)
			continue;
		if (channels_add(out, count, id, NULL, err) < 0) {
			cks_stmt_finalize(stmt);
			goto fail;
		}
	}
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
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
	if (cks_store_exec(store, "SAVEPOINT cks_report") != CKS_STMT_OK)
		return cks_store_fail(store, "report: begin", err);
	return 0;
}

static void
snapshot_end(struct cks_store *store)
{
	cks_store_exec(store, "RELEASE cks_report");
}

/* --- the KPI report --------------------------------------------------------- */

struct counts {
	long long sessions;
	long long invited;             /* invitations sent */
	long long bounced;             /* of those, bounced later */
	long long answers;
	long long answered_invited;    /* answers of invited sessions */
	long long satisfied;
	long long reminded;            /* invitations with their reminder */
	long long after_reminder;      /* first answered after the reminder */
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
			snprintf(th, sizeof(th), "%s %d",
			    cks_month_name(month - 1, "th", CKS_MONTH_SHORT),
			    cks_year_in(year, "th"));
			snprintf(en, sizeof(en), "%s %d",
			    cks_month_name(month - 1, "en", CKS_MONTH_SHORT), year);
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
	struct cks_stmt *stmt = cks_store_prepare(store,
	    "SELECT DISTINCT medium FROM ratings ORDER BY medium", err);
	int rc;

	for (size_t i = 0; i < KNOWN_MEDIA; i++)
		k->media[k->media_count++] = known_media[i];
	if (stmt == NULL)
		return -1;
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW) {
		const char *m = (const char *)cks_stmt_column_text(stmt, 0);
		size_t i;

		for (i = 0; i < k->media_count; i++)
			if (strcmp(k->media[i], m) == 0)
				break;
		if (i < k->media_count || k->media_count == MEDIA_MAX)
			continue;
		k->owned_media[k->media_count] = strdup(m);
		if (k->owned_media[k->media_count] == NULL) {
			cks_stmt_finalize(stmt);
			return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		}
		k->media[k->media_count] = k->owned_media[k->media_count];
		k->media_count++;
	}
	cks_stmt_finalize(stmt);
	return rc == CKS_STMT_DONE ? 0 : cks_store_fail(store, "report: media", err);
}

/* The sessions of the period with their group key (?4: 0 none, 1 month,
 * 2 fiscal quarter, 3 agent: the agent record's login, so every spelling
 * of one agent is one group), computed in the desk's zone.  The month
 * ("2026-11") is the one dialect difference: SQLite's strftime, or
 * PostgreSQL's to_char (doc/internals.md, "The store interface"). */
#define YM_SQLITE \
	"strftime('%Y-%m', s.opened_at / 1000 + cks_zone_offset(s.opened_at)," \
	"  'unixepoch')"
#define YM_POSTGRESQL \
	"to_char(to_timestamp(s.opened_at / 1000 + cks_zone_offset(s.opened_at))" \
	"  AT TIME ZONE 'UTC', 'YYYY-MM')"
#define PERIOD_SESSIONS(ym) \
	"WITH p AS (SELECT s.id, s.channel," \
	"   CAST(coalesce(a.login, s.agent) AS TEXT) AS agent, " ym " AS ym" \
	"   FROM sessions s LEFT JOIN agents a ON a.id = s.agent_id" \
	"   WHERE s.opened_at >= ?1 AND s.opened_at < ?2" \
	"   AND (?3 IS NULL OR s.channel = ?3))," \
	" g AS (SELECT p.*, CASE ?4" \
	"   WHEN 1 THEN ym" \
	"   WHEN 2 THEN (CAST(substr(ym, 1, 4) AS INTEGER) + 543" \
	"     + CASE WHEN CAST(substr(ym, 6, 2) AS INTEGER) >= 10" \
	"       THEN 1 ELSE 0 END) || '-Q'" \
	"     || ((CAST(substr(ym, 6, 2) AS INTEGER) + 2) % 12 / 3 + 1)" \
	"   WHEN 3 THEN agent ELSE '' END AS key FROM p) "

#define KPI_COUNTS \
	"SELECT g.channel, g.key, count(*), count(m.id), count(m.bounce)," \
	" count(r.session_id)," \
	" sum(CASE WHEN m.id IS NOT NULL AND r.session_id IS NOT NULL" \
	"   THEN 1 ELSE 0 END)," \
	" coalesce(sum(r.satisfied), 0)," \
	" count(i.reminded_at)," \
	" coalesce(sum(CASE WHEN i.reminded_at IS NOT NULL" \
	"   AND r.session_id IS NOT NULL" \
	"   AND (SELECT min(v.at) FROM rating_revisions v" \
	"        WHERE v.session_id = g.id) >= i.reminded_at THEN 1 ELSE 0 END), 0)" \
	" FROM g LEFT JOIN survey_invitations i ON i.session_id = g.id" \
	" LEFT JOIN messages m ON m.id = i.message AND m.state = 'sent'" \
	" LEFT JOIN ratings r ON r.session_id = g.id" \
	" GROUP BY g.channel, g.key ORDER BY g.channel, g.key"
#define KPI_MEDIA \
	"SELECT g.channel, g.key, r.medium, count(*), sum(r.satisfied)" \
	" FROM g JOIN ratings r ON r.session_id = g.id" \
	" GROUP BY g.channel, g.key, r.medium"

/* By dialect (enum cks_store_dialect). */
static const char *const kpi_counts_sql[] = {
	PERIOD_SESSIONS(YM_SQLITE) KPI_COUNTS,
	PERIOD_SESSIONS(YM_POSTGRESQL) KPI_COUNTS,
};
static const char *const kpi_media_sql[] = {
	PERIOD_SESSIONS(YM_SQLITE) KPI_MEDIA,
	PERIOD_SESSIONS(YM_POSTGRESQL) KPI_MEDIA,
};

/* One of the two queries above for the period, grouped by mode (?4). */
static struct cks_stmt *
kpi_query(struct cks_store *store, const char *sql,
	  const struct cks_report_filter *f, int mode, struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store, sql, err);

	if (stmt != NULL) {
		bind_period(stmt, f);
		cks_stmt_bind_int(stmt, 4, mode);
	}
	return stmt;
}

/* The counts a row of the result (channel, key, ...) goes into (NULL: a
 * channel not in the report); a group is added when it was not listed
 * beforehand (agents).  -1 when that fails: the report must not quietly
 * lose the row. */
static int
kpi_slot(struct kpi *k, struct cks_stmt *stmt, int grouped,
	 struct counts **slot_out, struct cks_error *err)
{
	const char *channel = (const char *)cks_stmt_column_text(stmt, 0);
	const char *key = (const char *)cks_stmt_column_text(stmt, 1);
	struct kpi_channel *c = NULL;
	struct group_row *row;

	*slot_out = NULL;
	for (size_t i = 0; i < k->count; i++)
		if (strcmp(k->channels[i].id, channel) == 0)
			c = &k->data[i];
	if (c == NULL)
		return 0;
	if (!grouped) {
		*slot_out = &c->total;
		return 0;
	}
	for (size_t g = 0; g < c->group_count; g++)
		if (strcmp(c->groups[g].key, key) == 0) {
			*slot_out = &c->groups[g].counts;
			return 0;
		}
	row = group_add(c, key, key, key);
	if (row == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	*slot_out = &row->counts;
	return 0;
}

static int
kpi_fill(struct cks_store *store, const struct cks_report_filter *f,
	 int mode, struct kpi *k, struct cks_error *err)
{
	struct cks_stmt *stmt = kpi_query(store,
	    kpi_counts_sql[cks_store_dialect(store)], f, mode, err);
	int rc;

	if (stmt == NULL)
		return -1;
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW) {
		struct counts *c;

		if (kpi_slot(k, stmt, mode != 0, &c, err) < 0) {
			cks_stmt_finalize(stmt);
			return -1;
		}
		if (c == NULL)
			continue;
		c->sessions = cks_stmt_column_int64(stmt, 2);
		c->invited = cks_stmt_column_int64(stmt, 3);
		c->bounced = cks_stmt_column_int64(stmt, 4);
		c->answers = cks_stmt_column_int64(stmt, 5);
		c->answered_invited = cks_stmt_column_int64(stmt, 6);
		c->satisfied = cks_stmt_column_int64(stmt, 7);
		c->reminded = cks_stmt_column_int64(stmt, 8);
		c->after_reminder = cks_stmt_column_int64(stmt, 9);
	}
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE)
		return cks_store_fail(store, "report: counts", err);
	stmt = kpi_query(store, kpi_media_sql[cks_store_dialect(store)], f, mode,
	    err);
	if (stmt == NULL)
		return -1;
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW) {
		const char *medium = (const char *)cks_stmt_column_text(stmt, 2);
		struct counts *c;

		if (kpi_slot(k, stmt, mode != 0, &c, err) < 0) {
			cks_stmt_finalize(stmt);
			return -1;
		}
		if (c == NULL)
			continue;
		for (size_t m = 0; m < k->media_count; m++)
			if (strcmp(k->media[m], medium) == 0) {
				c->medium_answers[m] = cks_stmt_column_int64(stmt, 3);
				c->medium_satisfied[m] = cks_stmt_column_int64(stmt, 4);
			}
	}
	cks_stmt_finalize(stmt);
	return rc == CKS_STMT_DONE ? 0 : cks_store_fail(store, "report: media", err);
}

static json_t *
counts_to_json(const struct counts *c, const struct kpi *k, unsigned target)
{
	json_t *media = json_object(), *j;

	for (size_t m = 0; m < k->media_count; m++)
		json_object_set_new(media, k->media[m], json_pack("{sI sI}",
		    "answers", (json_int_t)c->medium_answers[m],
		    "satisfied", (json_int_t)c->medium_satisfied[m]));
	j = json_pack("{sI sI sI sI sI so so sI so so so}",
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
	/* Issue 17: how much the one reminder adds to the answers. */
	if (j != NULL) {
		json_object_set_new(j, "reminders_sent", json_integer(c->reminded));
		json_object_set_new(j, "answered_after_reminder",
		    json_integer(c->after_reminder));
		json_object_set_new(j, "answered_after_reminder_percent",
		    percent_or_null(c->after_reminder, c->reminded));
	}
	return j;
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
	struct cks_stmt *stmt = cks_store_prepare(store,
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
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW) {
		const char *channel = (const char *)cks_stmt_column_text(stmt, 0);
		const char *step_id = (const char *)cks_stmt_column_text(stmt, 1);
		int64_t started = cks_stmt_column_int64(stmt, 3);
		int64_t done = cks_stmt_column_is_null(stmt, 4) ? 0
		    : cks_stmt_column_int64(stmt, 4);
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
			s->first_index = cks_stmt_column_int64(stmt, 2);
			if (s->channel == NULL || s->step_id == NULL)
				goto oom;
		}
		if (cks_stmt_column_int64(stmt, 2) < s->first_index)
			s->first_index = cks_stmt_column_int64(stmt, 2);
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
	cks_stmt_finalize(stmt);
	steps_finish_one(sc);
	return rc == CKS_STMT_DONE ? 0 : cks_store_fail(store, "report: steps", err);
oom:
	cks_stmt_finalize(stmt);
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

/* The step's own target (ABI 1.1), where the standard gives one: a
 * counted step complies when it was within its standard time, any other
 * step when it was done at all (the counter's client check: 100 % of the
 * checks started are finished).  met compares exactly, before rounding. */
static void
step_target_json(json_t *j, const struct cks_step *step, int counted,
		 const struct step_stats *s)
{
	long long part = counted ? s->within : s->timed;
	long long whole = counted ? s->timed : s->started;

	if (step == NULL || step->target_percent == 0) {
		json_object_set_new(j, "target_percent", json_null());
		json_object_set_new(j, "compliance_percent", json_null());
		json_object_set_new(j, "met", json_null());
		return;
	}
	json_object_set_new(j, "target_percent",
	    json_integer((json_int_t)step->target_percent));
	json_object_set_new(j, "compliance_percent", percent_or_null(part, whole));
	json_object_set_new(j, "met", whole <= 0 ? json_null()
	    : json_boolean(part * 100 >= (long long)step->target_percent * whole));
}

static json_t *
step_to_json(json_t *number, const char *id, const struct cks_step *step,
	     const char *status, const struct step_stats *s)
{
	static const struct step_stats none;
	int counted = strcmp(status, "counted") == 0;
	json_t *standard = json_null(), *j;
	char text[64];

	if (s == NULL)
		s = &none;
	if (step != NULL && step->min_seconds != CKS_DURATION_NONE) {
		cks_timing_format_standard(step, text, sizeof(text));
		standard = json_pack("{si si ss}", "min_seconds", step->min_seconds,
		    "max_seconds", step->max_seconds, "text", text);
	}
	j = json_pack("{so ss so so so ss sI sI so so so so so so}",
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

	step_target_json(j, step, counted, s);
	return j;
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
