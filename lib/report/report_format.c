#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cksgate/plugin.h>

#include "buffer.h"
#include "calendar.h"
#include "clock.h"
#include "report_format.h"
#include "utf8.h"

/* --- standards, durations and shares ---------------------------------------- */

static void
format_amount(int seconds, const char *lang, char *buf, size_t size)
{
	if (seconds >= 60 && seconds % 60 == 0)
		snprintf(buf, size, "%d %s", seconds / 60,
		    cks_lang_is_thai(lang) ? "นาที" : "min");
	else
		snprintf(buf, size, "%d %s", seconds,
		    cks_lang_is_thai(lang) ? "วินาที" : "s");
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
		snprintf(buf, size, "%s %s", cks_lang_is_thai(lang) ? "ไม่เกิน" : "up to",
		    high);
	else if (min_seconds % 60 == 0 && max_seconds % 60 == 0)
		snprintf(buf, size, "%d-%d %s", min_seconds / 60, max_seconds / 60,
		    cks_lang_is_thai(lang) ? "นาที" : "min");
	else
		snprintf(buf, size, "%d-%d %s", min_seconds, max_seconds,
		    cks_lang_is_thai(lang) ? "วินาที" : "s");
}

void
cks_report_format_duration(int64_t ms, const char *lang, char *buf, size_t size)
{
	long long s = ms < 0 ? 0 : (long long)(ms / 1000);

	if (!cks_lang_is_thai(lang))
		cks_duration_format(s, buf, size);
	else if (s < 60)
		snprintf(buf, size, "%lld วินาที", s);
	else if (s < 3600)
		snprintf(buf, size, "%lld นาที %02lld วินาที", s / 60, s % 60);
	else
		snprintf(buf, size, "%lld ชม. %02lld นาที", s / 3600, s % 3600 / 60);
}

void
cks_report_format_percent(const json_t *value, char *buf, size_t size)
{
	if (json_is_number(value))
		snprintf(buf, size, "%.1f %%", json_number_value(value));
	else
		snprintf(buf, size, "-");
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

	return text_of(pair, cks_lang_is_thai(lang) ? "th" : "en");
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

/* The first three fields of every row: the channel's id and names. */
static void
csv_channel(struct cks_buffer *b, const json_t *channel)
{
	const json_t *name = json_object_get(channel, "name");

	csv_field(b, text_of(channel, "channel"), 1, 1);
	csv_field(b, text_of(name, "th"), 1, 0);
	csv_field(b, text_of(name, "en"), 1, 0);
}

static const char *const kpi_csv_counts[] = {
	"sessions", "invitations_sent", "invitations_bounced", "answers",
	"answers_to_invitations", "response_rate_percent",
	"invitation_response_rate_percent", "satisfied", "satisfied_percent",
	"reminders_sent", "answered_after_reminder",
	"answered_after_reminder_percent",
};

static void
kpi_csv_row(struct cks_buffer *b, const json_t *channel, const json_t *row,
	    const json_t *media, int total)
{
	size_t i;
	json_t *m;

	csv_channel(b, channel);
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
		cks_buffer_printf(b, ",%s", kpi_csv_counts[i]);
	cks_buffer_add_string(b, ",target_percent,met");
	json_array_foreach(media, i, m)
		cks_buffer_printf(b, ",answers_%s", json_string_value(m));
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
		"over", "within_percent", "target_percent", "compliance_percent",
		"met",
	};
	size_t i, s, k;
	json_t *channel, *step;

	cks_buffer_add_string(b, "channel,channel_name_th,channel_name_en,"
	    "step_number,step_id,actor,step_th,step_en,standard_min_seconds,"
	    "standard_max_seconds,status,started,timed,median_ms,p90_ms,within,"
	    "under,over,within_percent,target_percent,compliance_percent,met"
	    "\r\n");
	json_array_foreach(json_object_get(report, "channels"), i, channel) {
		json_array_foreach(json_object_get(channel, "steps"), s, step) {
			const json_t *standard = json_object_get(step, "standard");

			csv_channel(b, channel);
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
			size_t w = cks_utf8_width(s);

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
	cks_report_format_percent(json_object_get(row, "response_rate_percent"),
	    share[0], sizeof(share[0]));
	cks_report_format_percent(json_object_get(row, "satisfied_percent"),
	    share[1], sizeof(share[1]));
	cells[0] = label;
	cells[1] = n[0];
	cells[2] = n[1];
	cells[3] = n[2];
	cells[4] = share[0];
	cells[5] = n[3];
	cells[6] = share[1];
	cells[7] = json_is_true(met) ? (cks_lang_is_thai(lang) ? "ผ่าน" : "yes")
	    : json_is_false(met) ? (cks_lang_is_thai(lang) ? "ไม่ผ่าน" : "no") : "-";
	table_row(t, cells);
}

static void
kpi_text(struct cks_buffer *b, const json_t *report, const char *lang)
{
	const char *by = json_string_value(json_object_get(report, "group_by"));
	const int th = cks_lang_is_thai(lang);
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

	cks_buffer_printf(b, "%s: %s", th ? "ตัวชี้วัดความพึงพอใจ"
	    : "Satisfaction KPI", lang_text(json_object_get(report, "period"),
	    "label", lang));
	if (by != NULL)
		cks_buffer_printf(b,
		    th ? ", แยกตาม%s" : ", by %s", th ? group_head : by);
	cks_buffer_printf(b, "\n%s\n", th
	    ? "นับแต่ละครั้งบริการตามวันที่เปิดบริการ"
	    : "Each session counts in the period it was opened.");
	json_array_foreach(json_object_get(report, "channels"), i, channel) {
		struct text_table t = { .columns = 8,
		    .right = { 0, 1, 1, 1, 1, 1, 1, 0 } };
		const json_t *total = json_object_get(channel, "total");
		const char *name = lang_text(channel, "name", lang);

		cks_buffer_printf(b, "\n%s%s%s  (%s %lld %%)\n",
		    text_of(channel, "channel"), name[0] ? " - " : "", name,
		    th ? "เป้าหมาย" : "target", (long long)json_integer_value(
		    json_object_get(channel, "target_percent")));
		table_row(&t, th ? heads_th : heads_en);
		json_array_foreach(json_object_get(channel, "groups"), g, row)
			kpi_text_row(&t, lang_text(row, "label", lang), row, lang);
		kpi_text_row(&t, th ? "รวม" : "total", total, lang);
		table_print(b, &t);
		cks_buffer_printf(b, "%s:", th ? "คำตอบแยกตามช่องทาง"
		    : "answers by medium");
		json_array_foreach(json_object_get(report, "media"), g, m)
			cks_buffer_printf(b, "%s %s %lld", g ? "," : "",
			    json_string_value(m), (long long)json_integer_value(
			    json_object_get(json_object_get(json_object_get(total,
			    "by_medium"), json_string_value(m)), "answers")));
		cks_buffer_add(b, "\n", 1);
		if (json_integer_value(json_object_get(total, "reminders_sent")) > 0) {
			char share[32];

			cks_report_format_percent(json_object_get(total,
			    "answered_after_reminder_percent"), share, sizeof(share));
			cks_buffer_printf(b, th
			    ? "เตือนความจำ %lld ราย, ตอบหลังการเตือน %lld ราย (%s)\n"
			    : "reminders sent %lld, answered after reminder %lld (%s)\n",
			    (long long)json_integer_value(json_object_get(total,
			    "reminders_sent")), (long long)json_integer_value(
			    json_object_get(total, "answered_after_reminder")), share);
		}
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
			return names[i][cks_lang_is_thai(lang) ? 1 : 2];
	return status;
}

/* A step's own target and whether it was met: "100 %: 97.5 % no". */
static void
step_target_text(const json_t *step, const char *lang, char *buf, size_t size)
{
	const json_t *target = json_object_get(step, "target_percent");
	const json_t *met = json_object_get(step, "met");
	char share[32];

	if (!json_is_integer(target)) {
		snprintf(buf, size, "-");
		return;
	}
	if (!json_is_boolean(met)) {
		snprintf(buf, size, "%lld %%", (long long)json_integer_value(target));
		return;
	}
	cks_report_format_percent(json_object_get(step, "compliance_percent"),
	    share, sizeof(share));
	snprintf(buf, size, "%lld %%: %s %s",
	    (long long)json_integer_value(target), share, json_is_true(met)
	    ? (cks_lang_is_thai(lang) ? "ผ่าน" : "met")
	    : (cks_lang_is_thai(lang) ? "ไม่ผ่าน" : "not met"));
}

static void
steps_text(struct cks_buffer *b, const json_t *report, const char *lang)
{
	const int th = cks_lang_is_thai(lang);
	const char *heads_th[] = { "#", "ขั้นตอน", "มาตรฐาน", "เริ่ม",
	    "จับเวลาได้", "มัธยฐาน", "P90", "ภายในมาตรฐาน", "เป้าหมาย" };
	const char *heads_en[] = { "#", "STEP", "STANDARD", "STARTED", "TIMED",
	    "MEDIAN", "P90", "WITHIN", "TARGET" };
	size_t i, s;
	json_t *channel, *step;

	cks_buffer_printf(b, "%s: %s\n%s\n", th ? "การปฏิบัติตามเวลามาตรฐาน"
	    : "Step-time compliance", lang_text(json_object_get(report, "period"),
	    "label", lang), th
	    ? "มัธยฐานและ P90 แบบ nearest rank; นับตามวันที่เปิดบริการ"
	    : "Median and P90 by nearest rank; sessions count by the day opened.");
	json_array_foreach(json_object_get(report, "channels"), i, channel) {
		struct text_table t = { .columns = 9,
		    .right = { 1, 0, 0, 1, 1, 1, 1, 0, 0 } };
		const json_t *overall = json_object_get(channel, "overall");
		const char *name = lang_text(channel, "name", lang);
		char share[32];

		cks_buffer_printf(b, "\n%s%s%s\n", text_of(channel, "channel"),
		    name[0] ? " - " : "", name);
		table_row(&t, th ? heads_th : heads_en);
		json_array_foreach(json_object_get(channel, "steps"), s, step) {
			const json_t *standard = json_object_get(step, "standard");
			const json_t *median = json_object_get(step, "median_ms");
			const json_t *p90 = json_object_get(step, "p90_ms");
			const json_t *share_value = json_object_get(step,
			    "within_percent");
			const char *status = text_of(step, "status");
			char number[16], std[64], started[24], timed[24];
			char med[48] = "-", p[48] = "-", within[80];
			char target[96];
			const char *cells[9];

			value_text(json_object_get(step, "number"), number,
			    sizeof(number));
			if (json_is_object(standard))
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
			else if (json_is_number(share_value)) {
				cks_report_format_percent(share_value, share,
				    sizeof(share));
				snprintf(within, sizeof(within), "%s (%lld/%lld)", share,
				    (long long)json_integer_value(json_object_get(step,
				    "within")), (long long)json_integer_value(
				    json_object_get(step, "timed")));
			} else {
				snprintf(within, sizeof(within), "-");
			}
			cells[0] = number;
			cells[1] = text_of(step, "id");
			cells[2] = std;
			cells[3] = started;
			cells[4] = timed;
			cells[5] = med;
			cells[6] = p;
			cells[7] = within;
			step_target_text(step, lang, target, sizeof(target));
			cells[8] = target;
			table_row(&t, cells);
		}
		table_print(b, &t);
		cks_report_format_percent(json_object_get(overall, "within_percent"),
		    share, sizeof(share));
		cks_buffer_printf(b,
		    th ? "รวมขั้นตอนที่นับเวลา: ภายในมาตรฐาน %lld จาก %lld"
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
