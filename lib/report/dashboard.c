#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "clock.h"
#include "dashboard.h"
#include "html.h"
#include "report_format.h"
#include "utf8.h"

/* The words of the page in one language. */
struct words {
	const char *lang;
	const char *title;
	const char *satisfied_share;
	const char *response_rate;
	const char *target;
	const char *met;
	const char *not_met;
	const char *no_answers;
	const char *invited_answered;
	const char *compliance;
	const char *chart_months;
	const char *chart_steps;
	const char *month;
	const char *sessions;
	const char *sessions_counted;   /* "4 of 5 sessions" */
	const char *invited;
	const char *answers;
	const char *satisfied;
	const char *share;
	const char *met_head;
	const char *total;
	const char *step;
	const char *standard;
	const char *started;
	const char *timed;
	const char *median;
	const char *within;
	const char *no_standard;
	const char *not_counted;
	const char *not_in_procedure;
	const char *plugin_not_loaded;
	const char *no_data;
	const char *by_medium;
	const char *all_satisfied_note;
	const char *notes;
	const char *as_of;
	const char *no_channels;
	const char *of;
};

static const struct words thai = {
	.lang = "th",
	.title = "รายงานความพึงพอใจและเวลาให้บริการ",
	.satisfied_share = "ร้อยละความพึงพอใจ",
	.response_rate = "อัตราการตอบแบบสอบถาม",
	.target = "เป้าหมาย",
	.met = "ผ่านเป้าหมาย",
	.not_met = "ต่ำกว่าเป้าหมาย",
	.no_answers = "ยังไม่มีคำตอบ",
	.invited_answered = "ส่งแบบสอบถาม / ตอบ",
	.compliance = "ขั้นตอนที่อยู่ในเวลามาตรฐาน",
	.chart_months = "ร้อยละความพึงพอใจและอัตราการตอบรายเดือน",
	.chart_steps = "ร้อยละของขั้นตอนที่อยู่ในเวลามาตรฐาน",
	.month = "เดือน",
	.sessions = "ครั้งบริการ",
	.sessions_counted = "ครั้งบริการ",
	.invited = "ส่งแบบสอบถาม",
	.answers = "ตอบ",
	.satisfied = "พึงพอใจ",
	.share = "ร้อยละพึงพอใจ",
	.met_head = "ผ่านเป้า",
	.total = "รวม",
	.step = "ขั้นตอน",
	.standard = "เวลามาตรฐาน",
	.started = "เริ่ม",
	.timed = "จับเวลาได้",
	.median = "มัธยฐาน",
	.within = "ภายในมาตรฐาน",
	.no_standard = "ไม่มีเวลามาตรฐาน",
	.not_counted = "ไม่นับเวลา",
	.not_in_procedure = "ไม่อยู่ในขั้นตอนมาตรฐาน",
	.plugin_not_loaded = "ไม่ได้โหลดปลั๊กอินของช่องทาง",
	.no_data = "ยังไม่มีข้อมูล",
	.by_medium = "คำตอบแยกตามช่องทางการตอบ",
	.all_satisfied_note = "แบบประเมินของช่องทางนี้ไม่มีตัวเลือก "
	    "\"ไม่พึงพอใจ\" จึงควรดูอัตราการตอบประกอบ",
	.notes = "นับแต่ละครั้งบริการ (พร้อมคำตอบและเวลาของขั้นตอน) ตามวันที่เปิดบริการ; "
	    "อัตราการตอบ = จำนวนคำตอบ ÷ จำนวนครั้งบริการ; "
	    "มัธยฐานและ P90 คำนวณแบบ nearest rank",
	.as_of = "ข้อมูล ณ",
	.no_channels = "ไม่มีช่องทางให้บริการในรายงาน",
	.of = "จาก",
};

static const struct words english = {
	.lang = "en",
	.title = "Satisfaction and service-time report",
	.satisfied_share = "Satisfied share",
	.response_rate = "Response rate",
	.target = "target",
	.met = "target met",
	.not_met = "below target",
	.no_answers = "no answers yet",
	.invited_answered = "Invited / answered",
	.compliance = "Steps within the standard time",
	.chart_months = "Satisfied share and response rate by month",
	.chart_steps = "Share of steps within the standard time",
	.month = "Month",
	.sessions = "Sessions",
	.sessions_counted = "sessions",
	.invited = "Invited",
	.answers = "Answers",
	.satisfied = "Satisfied",
	.share = "Satisfied share",
	.met_head = "Met",
	.total = "Total",
	.step = "Step",
	.standard = "Standard",
	.started = "Started",
	.timed = "Timed",
	.median = "Median",
	.within = "Within standard",
	.no_standard = "no standard time",
	.not_counted = "not counted",
	.not_in_procedure = "not in the procedure",
	.plugin_not_loaded = "channel plugin not loaded",
	.no_data = "no data yet",
	.by_medium = "Answers by medium",
	.all_satisfied_note = "This channel's scale has no \"not satisfied\" "
	    "option: read the share beside the response rate.",
	.notes = "Each session (with its answer and step times) counts in the "
	    "month it was opened; response rate = answers / sessions; median "
	    "and P90 by nearest rank.",
	.as_of = "As of",
	.no_channels = "No channel in this report.",
	.of = "of",
};

static const char page_style[] =
	"body{font-family:\"Sarabun\",\"TH Sarabun New\",\"Loma\",\"Garuda\","
	"\"Noto Sans Thai\",sans-serif;margin:0;padding:24px 32px;"
	"background:#f5f6f8;color:#1f2328;line-height:1.5}"
	"h1{font-size:1.6rem;margin:0 0 4px}"
	"h2{font-size:1.3rem;margin:0 0 12px}"
	"h2 .id{font-size:.9rem;color:#57606a;font-weight:normal;margin-left:8px}"
	".period{color:#57606a;margin:0 0 20px}"
	".channel{background:#fff;border:1px solid #d0d7de;border-radius:8px;"
	"padding:20px 24px;margin:0 0 24px;max-width:1100px}"
	".cards{display:flex;flex-wrap:wrap;gap:12px;margin:0 0 16px}"
	".card{border:1px solid #d0d7de;border-radius:6px;padding:10px 14px;"
	"min-width:180px}"
	".card .label{font-size:.85rem;color:#57606a}"
	".card .value{font-size:1.5rem;font-weight:bold}"
	".card .note{font-size:.85rem}"
	".met{color:#1a7f37}.below{color:#c4432b}.muted{color:#6e7781}"
	"figure{margin:16px 0}"
	"figcaption{font-weight:bold;margin:0 0 6px}"
	"svg{max-width:100%;height:auto;font-family:inherit}"
	".legend{list-style:none;padding:0;margin:4px 0 0;display:flex;gap:18px;"
	"font-size:.85rem;color:#57606a}"
	".swatch{display:inline-block;width:18px;height:10px;margin-right:6px;"
	"vertical-align:middle}"
	"table{border-collapse:collapse;margin:8px 0 4px;font-size:.9rem}"
	"th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:right;"
	"white-space:nowrap}"
	"th{background:#f0f2f5}"
	"td.text,th.text{text-align:left;white-space:normal}"
	"td.standard{text-align:left}"
	"tr.total td{font-weight:bold;background:#fafbfc}"
	".note{font-size:.85rem;color:#57606a}"
	"footer{color:#57606a;font-size:.85rem;max-width:1100px}";

/* Bars and lines. */
#define COLOR_MET "#2e7d32"
#define COLOR_BELOW "#e65100"
#define COLOR_RATE "#1565c0"
#define COLOR_TARGET "#b71c1c"
#define COLOR_GRID "#d8dee4"
#define COLOR_MUTED "#8c959f"

/* Text into HTML (NULL is empty). */
static void
escape(struct cks_buffer *b, const char *s)
{
	if (s != NULL)
		cks_html_escape(b, s, strlen(s));
}

/* Text between two pieces of markup: "<th>", text, "</th>". */
static void
escape_between(struct cks_buffer *b, const char *before, const char *text,
	       const char *after)
{
	cks_buffer_add_string(b, before);
	escape(b, text);
	cks_buffer_add_string(b, after);
}

static const char *
text_of(const json_t *object, const char *key)
{
	const char *s = json_string_value(json_object_get(object, key));

	return s != NULL ? s : "";
}

static const char *
lang_text(const json_t *object, const char *key, const struct words *w)
{
	return text_of(json_object_get(object, key), w->lang);
}

static long long
count_of(const json_t *object, const char *key)
{
	return (long long)json_integer_value(json_object_get(object, key));
}

/* --- the monthly chart --------------------------------------------------- */

#define CHART_WIDTH 720
#define CHART_HEIGHT 300
#define PLOT_LEFT 52.0
#define PLOT_RIGHT 630.0     /* the target's label goes to the right */
#define PLOT_TOP 24.0
#define PLOT_BOTTOM 240.0

static double
y_of(double percent)
{
	return PLOT_BOTTOM - percent * (PLOT_BOTTOM - PLOT_TOP) / 100.0;
}

/* A chart's <svg> and its title, for screen readers as well. */
static void
svg_open(struct cks_buffer *b, const char *chart_class, double height,
	 const char *title)
{
	cks_buffer_printf(b,
	    "<svg class=\"chart %s\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %.0f\" width=\"%d\" height=\"%.0f\" role=\"img\" "
	    "aria-label=\"", chart_class, CHART_WIDTH, height, CHART_WIDTH,
	    height);
	escape(b, title);
	cks_buffer_printf(b, "\"><title>");
	escape(b, title);
	cks_buffer_printf(b, "</title>\n");
}

static void
month_chart(struct cks_buffer *b, const json_t *channel, const struct words *w)
{
	const json_t *groups = json_object_get(channel, "groups");
	long long target = count_of(channel, "target_percent");
	size_t n = json_array_size(groups), i;
	double slot = n > 0 ? (PLOT_RIGHT - PLOT_LEFT) / (double)n : 0;
	double bar = slot * 0.56;
	int in_line = 0;
	json_t *g;

	svg_open(b, "months", CHART_HEIGHT, w->chart_months);
	for (int p = 0; p <= 100; p += 20) {
		cks_buffer_printf(b,
		    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
		    "stroke=\"%s\" stroke-width=\"1\"/>", PLOT_LEFT, y_of(p),
		    PLOT_RIGHT, y_of(p), COLOR_GRID);
		cks_buffer_printf(b,
		    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" "
		    "text-anchor=\"end\" fill=\"#57606a\">%d%%</text>\n",
		    PLOT_LEFT - 6, y_of(p) + 4, p);
	}
	json_array_foreach(groups, i, g) {
		const json_t *share = json_object_get(g, "satisfied_percent");
		const char *label = lang_text(g, "label", w);
		const char *space = strrchr(label, ' ');
		double x = PLOT_LEFT + slot * (double)i + slot / 2;

		if (json_is_number(share)) {
			double v = json_number_value(share);
			int met = json_is_true(json_object_get(g, "met"));

			cks_buffer_printf(b,
			    "<rect class=\"bar %s\" x=\"%.1f\" y=\"%.1f\" "
			    "width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>",
			    met ? "met" : "below", x - bar / 2, y_of(v), bar,
			    PLOT_BOTTOM - y_of(v), met ? COLOR_MET : COLOR_BELOW);
			escape(b, label);
			cks_buffer_printf(b, ": %.1f %%</title></rect>", v);
			cks_buffer_printf(b,
			    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" "
			    "text-anchor=\"middle\" fill=\"#1f2328\">%.1f</text>\n",
			    x, y_of(v) - 4, v);
		} else {
			cks_buffer_printf(b,
			    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" "
			    "text-anchor=\"middle\" fill=\"%s\">–</text>\n", x,
			    PLOT_BOTTOM - 4, COLOR_MUTED);
		}
		/* Month and year on two lines: "ต.ค." over "2568". */
		cks_buffer_printf(b,
		    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" "
		    "text-anchor=\"middle\" fill=\"#1f2328\"><tspan x=\"%.1f\">",
		    x, PLOT_BOTTOM + 18, x);
		if (space != NULL) {
			char month[64];

			snprintf(month, sizeof(month), "%.*s", (int)(space - label),
			    label);
			escape(b, month);
			cks_buffer_printf(b,
			    "</tspan><tspan x=\"%.1f\" dy=\"15\">", x);
			escape(b, space + 1);
		} else {
			escape(b, label);
		}
		cks_buffer_printf(b, "</tspan></text>\n");
	}
	/* The response rate as a line, broken where a month had no session. */
	json_array_foreach(groups, i, g) {
		const json_t *rate = json_object_get(g, "response_rate_percent");
		double x = PLOT_LEFT + slot * (double)i + slot / 2;

		if (!json_is_number(rate)) {
			if (in_line)
				cks_buffer_printf(b, "\"/>\n");
			in_line = 0;
			continue;
		}
		if (!in_line)
			cks_buffer_printf(b,
			    "<polyline class=\"rate\" fill=\"none\" stroke=\"%s\" "
			    "stroke-width=\"2\" points=\"", COLOR_RATE);
		cks_buffer_printf(b, "%s%.1f,%.1f", in_line ? " " : "", x,
		    y_of(json_number_value(rate)));
		in_line = 1;
	}
	if (in_line)
		cks_buffer_printf(b, "\"/>\n");
	json_array_foreach(groups, i, g) {
		const json_t *rate = json_object_get(g, "response_rate_percent");
		double x = PLOT_LEFT + slot * (double)i + slot / 2;

		if (!json_is_number(rate))
			continue;
		cks_buffer_printf(b,
		    "<circle class=\"rate\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" "
		    "fill=\"%s\"><title>", x, y_of(json_number_value(rate)),
		    COLOR_RATE);
		escape(b, w->response_rate);
		cks_buffer_printf(b,
		    ": %.1f %%</title></circle>\n", json_number_value(rate));
	}
	cks_buffer_printf(b,
	    "<line class=\"target\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
	    "y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\" "
	    "stroke-dasharray=\"6 4\"/>", PLOT_LEFT, y_of((double)target),
	    PLOT_RIGHT, y_of((double)target), COLOR_TARGET);
	cks_buffer_printf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" "
	    "fill=\"%s\">", PLOT_RIGHT + 6, y_of((double)target) + 4, COLOR_TARGET);
	escape(b, w->target);
	cks_buffer_printf(b, " %lld%%</text>\n</svg>\n", target);
	cks_buffer_printf(b, "<ul class=\"legend\"><li><span class=\"swatch\" "
	    "style=\"background:%s\"></span>", COLOR_MET);
	escape(b, w->satisfied_share);
	cks_buffer_printf(b, " (");
	escape(b, w->met);
	cks_buffer_printf(b,
	    ")</li><li><span class=\"swatch\" style=\"background:%s\"></span>",
	    COLOR_BELOW);
	escape(b, w->not_met);
	cks_buffer_printf(b,
	    "</li><li><span class=\"swatch\" style=\"background:%s;"
	    "height:3px\"></span>", COLOR_RATE);
	escape(b, w->response_rate);
	cks_buffer_printf(b,
	    "</li><li><span class=\"swatch\" style=\"border-top:2px dashed %s;"
	    "height:0\"></span>", COLOR_TARGET);
	escape(b, w->target);
	cks_buffer_printf(b, " %lld%%</li></ul>\n", target);
}

/* --- the step chart ------------------------------------------------------ */

#define STEP_ROW 28.0
#define STEP_LABEL_RIGHT 284.0
#define STEP_BAR_LEFT 292.0
#define STEP_BAR_WIDTH 300.0

static const char *
status_words(const char *status, const struct words *w)
{
	if (strcmp(status, "no standard") == 0)
		return w->no_standard;
	if (strcmp(status, "not counted") == 0)
		return w->not_counted;
	if (strcmp(status, "not in procedure") == 0)
		return w->not_in_procedure;
	if (strcmp(status, "plugin not loaded") == 0)
		return w->plugin_not_loaded;
	return status;
}

static void
step_label(const json_t *step, const struct words *w, size_t max, char *buf,
	   size_t size)
{
	const char *text = lang_text(step, "text", w);
	char cut[512];

	cks_utf8_truncate_width(text[0] != '\0' ? text : text_of(step, "id"), max, cut,
	    sizeof(cut));
	if (json_is_integer(json_object_get(step, "number")))
		snprintf(buf, size, "%lld. %s", count_of(step, "number"), cut);
	else
		snprintf(buf, size, "%s", cut);
}

static void
step_chart(struct cks_buffer *b, const json_t *steps, const struct words *w)
{
	size_t n = json_array_size(steps), i;
	double height = STEP_ROW * (double)n + 34;
	json_t *step;

	svg_open(b, "steps", height, w->chart_steps);
	for (int p = 0; p <= 100; p += 25) {
		double x = STEP_BAR_LEFT + STEP_BAR_WIDTH * p / 100.0;

		cks_buffer_printf(b,
		    "<line x1=\"%.1f\" y1=\"4\" x2=\"%.1f\" y2=\"%.1f\" "
		    "stroke=\"%s\" stroke-width=\"1\"/><text x=\"%.1f\" y=\"%.1f\" "
		    "font-size=\"11\" text-anchor=\"middle\" fill=\"#57606a\">"
		    "%d%%</text>\n", x, x, height - 22, COLOR_GRID, x, height - 8, p);
	}
	json_array_foreach(steps, i, step) {
		const char *status = text_of(step, "status");
		const json_t *share = json_object_get(step, "within_percent");
		double y = 4 + STEP_ROW * (double)i;
		char label[600];

		/* About 8 px a column at 12 px: 30 columns fit the 284 px. */
		step_label(step, w, 30, label, sizeof(label));
		cks_buffer_printf(b,
		    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" "
		    "text-anchor=\"end\" fill=\"#1f2328\">", STEP_LABEL_RIGHT,
		    y + 18);
		escape(b, label);
		cks_buffer_printf(b, "</text>");
		if (strcmp(status, "counted") != 0 || !json_is_number(share)) {
			/* Not 0 %: the standard does not time this step, or
			 * nothing was timed yet. */
			cks_buffer_printf(b,
			    "<text class=\"status\" x=\"%.1f\" y=\"%.1f\" "
			    "font-size=\"12\" font-style=\"italic\" fill=\"%s\">",
			    STEP_BAR_LEFT + 4, y + 18, COLOR_MUTED);
			escape(b, strcmp(status, "counted") != 0
			    ? status_words(status, w) : w->no_data);
			cks_buffer_printf(b, "</text>\n");
		} else {
			double v = json_number_value(share);
			double width = STEP_BAR_WIDTH * v / 100.0;

			cks_buffer_printf(b,
			    "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			    "height=\"18\" fill=\"%s\"><title>", STEP_BAR_LEFT, y + 5,
			    width, COLOR_RATE);
			escape(b, label);
			cks_buffer_printf(b,
			    ": %.1f %%</title></rect><text x=\"%.1f\" y=\"%.1f\" "
			    "font-size=\"12\" fill=\"#1f2328\">%.1f %% (%lld/%lld)"
			    "</text>\n", v, STEP_BAR_LEFT + width + 6, y + 18, v,
			    count_of(step, "within"), count_of(step, "timed"));
		}
	}
	cks_buffer_printf(b, "</svg>\n");
}

/* --- tables --------------------------------------------------------------- */

struct column_head {
	const char *text;
	int is_text;          /* left-aligned, as text columns are */
};

/* "<table class=...><thead>...</thead><tbody>". */
static void
table_head(struct cks_buffer *b, const char *table_class,
	   const struct column_head *heads, size_t count)
{
	cks_buffer_printf(b, "<table class=\"%s\"><thead><tr>", table_class);
	for (size_t i = 0; i < count; i++)
		escape_between(b, heads[i].is_text ? "<th class=\"text\">"
		    : "<th>", heads[i].text, "</th>");
	cks_buffer_printf(b, "</tr></thead>\n<tbody>\n");
}

/* The class and the words for a row's "met": true, false or null (no
 * answers). */
static const char *
met_class(const json_t *met)
{
	return json_is_true(met) ? "met" : json_is_false(met) ? "below"
	    : "muted";
}

static const char *
met_words(const json_t *met, const char *if_null, const struct words *w)
{
	return json_is_true(met) ? w->met : json_is_false(met) ? w->not_met
	    : if_null;
}

static void
cell_count(struct cks_buffer *b, const json_t *row, const char *key)
{
	cks_buffer_printf(b, "<td>%lld</td>", count_of(row, key));
}

static void
cell_percent(struct cks_buffer *b, const json_t *row, const char *key)
{
	char text[32];

	cks_report_format_percent(json_object_get(row, key), text,
	    sizeof(text));
	cks_buffer_printf(b, "<td>%s</td>", text);
}

static void
month_row(struct cks_buffer *b, const json_t *row, const char *label,
	  const struct words *w, int total)
{
	const json_t *met = json_object_get(row, "met");

	cks_buffer_printf(b,
	    "<tr%s><td class=\"text\">", total ? " class=\"total\"" : "");
	escape(b, label);
	cks_buffer_printf(b, "</td>");
	cell_count(b, row, "sessions");
	cell_count(b, row, "invitations_sent");
	cell_count(b, row, "answers");
	cell_percent(b, row, "response_rate_percent");
	cell_count(b, row, "satisfied");
	cell_percent(b, row, "satisfied_percent");
	cks_buffer_printf(b, "<td class=\"text %s\">", met_class(met));
	escape(b, met_words(met, "-", w));
	cks_buffer_printf(b, "</td></tr>\n");
}

static void
month_table(struct cks_buffer *b, const json_t *kpi, const json_t *channel,
	    const struct words *w)
{
	const struct column_head heads[] = {
		{ w->month, 1 }, { w->sessions, 0 }, { w->invited, 0 },
		{ w->answers, 0 }, { w->response_rate, 0 }, { w->satisfied, 0 },
		{ w->share, 0 }, { w->met_head, 1 },
	};
	const json_t *total = json_object_get(channel, "total");
	const json_t *media = json_object_get(kpi, "media");
	size_t i;
	json_t *g, *m;

	table_head(b, "months", heads, sizeof(heads) / sizeof(heads[0]));
	json_array_foreach(json_object_get(channel, "groups"), i, g)
		month_row(b, g, lang_text(g, "label", w), w, 0);
	month_row(b, total, w->total, w, 1);
	cks_buffer_printf(b, "</tbody></table>\n<p class=\"note\">");
	escape(b, w->by_medium);
	cks_buffer_printf(b, ":");
	json_array_foreach(media, i, m) {
		cks_buffer_printf(b, "%s ", i ? "," : "");
		escape(b, json_string_value(m));
		cks_buffer_printf(b,
		    " %lld", count_of(json_object_get(json_object_get(total,
		    "by_medium"), json_string_value(m)), "answers"));
	}
	cks_buffer_printf(b, "</p>\n");
}

/* A duration in ms, or "-" for null. */
static void
cell_duration(struct cks_buffer *b, const json_t *ms, const struct words *w)
{
	char text[96] = "-";

	if (json_is_integer(ms))
		cks_report_format_duration(json_integer_value(ms), w->lang, text,
		    sizeof(text));
	escape_between(b, "<td>", text, "</td>");
}

static void
step_table(struct cks_buffer *b, const json_t *steps, const struct words *w)
{
	const struct column_head heads[] = {
		{ "#", 0 }, { w->step, 1 }, { w->standard, 1 }, { w->started, 0 },
		{ w->timed, 0 }, { w->median, 0 }, { "P90", 0 }, { w->within, 0 },
	};
	size_t i;
	json_t *step;

	table_head(b, "steps", heads, sizeof(heads) / sizeof(heads[0]));
	json_array_foreach(steps, i, step) {
		const json_t *standard = json_object_get(step, "standard");
		const json_t *within = json_object_get(step, "within_percent");
		const char *status = text_of(step, "status");
		const char *text = lang_text(step, "text", w);
		char buf[96] = "-";

		if (json_is_integer(json_object_get(step, "number")))
			cks_buffer_printf(b,
			    "<tr><td>%lld</td>", count_of(step, "number"));
		else
			cks_buffer_printf(b, "<tr><td>-</td>");
		escape_between(b, "<td class=\"text\">", text[0] != '\0' ? text
		    : text_of(step, "id"), "</td>");
		if (json_is_object(standard))
			cks_report_format_standard((int)count_of(standard,
			    "min_seconds"), (int)count_of(standard, "max_seconds"),
			    w->lang, buf, sizeof(buf));
		escape_between(b, "<td class=\"standard\">", buf, "</td>");
		cell_count(b, step, "started");
		cell_count(b, step, "timed");
		cell_duration(b, json_object_get(step, "median_ms"), w);
		cell_duration(b, json_object_get(step, "p90_ms"), w);
		if (strcmp(status, "counted") == 0 && json_is_number(within)) {
			cks_report_format_percent(within, buf, sizeof(buf));
			cks_buffer_printf(b,
			    "<td>%s (%lld/%lld)</td>", buf, count_of(step, "within"),
			    count_of(step, "timed"));
		} else {
			escape_between(b, "<td class=\"muted\">",
			    strcmp(status, "counted") != 0 ? status_words(status, w)
			    : w->no_data, "</td>");
		}
		cks_buffer_printf(b, "</tr>\n");
	}
	cks_buffer_printf(b, "</tbody></table>\n");
}

/* --- the page ------------------------------------------------------------- */

static void
card(struct cks_buffer *b, const char *label, const char *value,
     const char *note, const char *note_class)
{
	cks_buffer_printf(b, "<div class=\"card\"><div class=\"label\">");
	escape(b, label);
	cks_buffer_printf(b, "</div><div class=\"value\">");
	escape(b, value);
	cks_buffer_printf(b, "</div><div class=\"note %s\">", note_class);
	escape(b, note);
	cks_buffer_printf(b, "</div></div>\n");
}

static const json_t *
steps_of(const json_t *steps_report, const char *channel)
{
	size_t i;
	json_t *c;

	json_array_foreach(json_object_get(steps_report, "channels"), i, c)
		if (strcmp(text_of(c, "channel"), channel) == 0)
			return c;
	return NULL;
}

static void
channel_section(struct cks_buffer *b, const json_t *kpi, const json_t *channel,
		const json_t *steps, const struct words *w)
{
	const json_t *total = json_object_get(channel, "total");
	const json_t *met = json_object_get(total, "met");
	const json_t *overall = json_object_get(steps, "overall");
	const char *name = lang_text(channel, "name", w);
	long long target = count_of(channel, "target_percent");
	char value[64], note[160];

	cks_buffer_printf(b, "<section class=\"channel\" id=\"channel-");
	escape(b, text_of(channel, "channel"));
	cks_buffer_printf(b, "\">\n<h2>");
	escape(b, name[0] != '\0' ? name : text_of(channel, "channel"));
	cks_buffer_printf(b, "<span class=\"id\">");
	escape(b, text_of(channel, "channel"));
	cks_buffer_printf(b, "</span></h2>\n<div class=\"cards\">\n");
	cks_report_format_percent(json_object_get(total, "satisfied_percent"),
	    value, sizeof(value));
	snprintf(note, sizeof(note), "%s %lld %% · %s", w->target, target,
	    met_words(met, w->no_answers, w));
	card(b, w->satisfied_share, value, note, met_class(met));
	cks_report_format_percent(json_object_get(total,
	    "response_rate_percent"), value, sizeof(value));
	snprintf(note, sizeof(note), "%lld %s %lld %s", count_of(total, "answers"),
	    w->of, count_of(total, "sessions"), w->sessions_counted);
	card(b, w->response_rate, value, note, "muted");
	snprintf(value, sizeof(value), "%lld / %lld",
	    count_of(total, "invitations_sent"), count_of(total, "answers"));
	card(b, w->invited_answered, value, "", "muted");
	cks_report_format_percent(json_object_get(overall, "within_percent"),
	    value, sizeof(value));
	snprintf(note, sizeof(note), "%lld %s %lld", count_of(overall, "within"),
	    w->of, count_of(overall, "timed"));
	card(b, w->compliance, value, note, "muted");
	cks_buffer_printf(b, "</div>\n");
	if (json_is_true(json_object_get(channel, "every_option_satisfied"))) {
		cks_buffer_printf(b, "<p class=\"note\">");
		escape(b, w->all_satisfied_note);
		cks_buffer_printf(b, "</p>\n");
	}
	escape_between(b, "<figure><figcaption>", w->chart_months,
	    "</figcaption>\n");
	month_chart(b, channel, w);
	cks_buffer_printf(b, "</figure>\n");
	month_table(b, kpi, channel, w);
	if (steps != NULL) {
		escape_between(b, "<figure><figcaption>", w->chart_steps,
		    "</figcaption>\n");
		step_chart(b, json_object_get(steps, "steps"), w);
		cks_buffer_printf(b, "</figure>\n");
		step_table(b, json_object_get(steps, "steps"), w);
	}
	cks_buffer_printf(b, "</section>\n");
}

int
cks_dashboard_render(const json_t *kpi, const json_t *steps, const char *lang,
		     int64_t generated_ms, char **html_out, struct cks_error *err)
{
	const struct words *w = lang != NULL && strcmp(lang, "en") == 0
	    ? &english : &thai;
	const json_t *channels = json_object_get(kpi, "channels");
	struct cks_buffer b = { 0 };
	char when[64];
	size_t i;
	json_t *channel;

	*html_out = NULL;
	if (lang != NULL && strcmp(lang, "th") != 0 && strcmp(lang, "en") != 0)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "lang: '%s' is not th or en", lang);
	if (strcmp(text_of(kpi, "report"), "kpi") != 0 ||
	    strcmp(text_of(kpi, "group_by"), "month") != 0)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "dashboard: needs the KPI report grouped by month");
	if (steps != NULL && strcmp(text_of(steps, "report"), "steps") != 0)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "dashboard: the second report is not a step report");
	cks_time_format_long(generated_ms != 0 ? generated_ms : cks_now_ms(),
	    w->lang, when, sizeof(when));
	cks_buffer_printf(&b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>", w->lang);
	escape(&b, w->title);
	cks_buffer_printf(&b, " – ");
	escape(&b, lang_text(json_object_get(kpi, "period"), "label", w));
	cks_buffer_printf(&b,
	    "</title>\n<style>%s</style>\n</head>\n<body>\n<header>\n<h1>",
	    page_style);
	escape(&b, w->title);
	cks_buffer_printf(&b, "</h1>\n<p class=\"period\">");
	escape(&b, lang_text(json_object_get(kpi, "period"), "label", w));
	cks_buffer_printf(&b, "</p>\n</header>\n<main>\n");
	json_array_foreach(channels, i, channel)
		channel_section(&b, kpi, channel, steps_of(steps,
		    text_of(channel, "channel")), w);
	if (json_array_size(channels) == 0) {
		cks_buffer_printf(&b, "<p>");
		escape(&b, w->no_channels);
		cks_buffer_printf(&b, "</p>\n");
	}
	cks_buffer_printf(&b, "</main>\n<footer>\n<p>");
	escape(&b, w->notes);
	cks_buffer_printf(&b, "</p>\n<p>");
	escape(&b, w->as_of);
	cks_buffer_printf(&b, " ");
	escape(&b, when);
	cks_buffer_printf(&b, "</p>\n</footer>\n</body>\n</html>\n");
	*html_out = cks_buffer_finish(&b);
	return *html_out != NULL ? 0
	    : cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
}
