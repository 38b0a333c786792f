/* The reply-corpus evaluator (issue 10): runs every labelled reply that
 * tests/replies/generate.py wrote through the same store-free judgement the
 * pipeline uses (cks_mail_parse + cks_reply_store_judge, with the plugin of the
 * reply's labelled channel) and says how the recogniser did, per class and
 * overall:
 *
 *   right      recorded with the labelled code, of the replies that carry one
 *   wrong      recorded with another code: the worst outcome
 *   neg rec    recorded although the label says not_recorded
 *   missed     an answer not recorded (quarantined: safe, but work for staff)
 *   comment    of the rightly recorded answers, the share whose comment is
 *              the labelled one after whitespace is collapsed
 *
 * It also runs the public real-client corpora (tests/corpus: talon,
 * email_reply_parser, zapier, crisp), none of which holds a rating, under
 * each channel: every one must come out not recorded.
 *
 *   eval_replies [--failures] [--verbose] [--by KEY,...] [--only PREFIX]
 *                [--public DIR] [--tap[=FIRST]] [--plugins DIR] CORPUS_DIR
 *
 * --by groups the figures by any label keys (default: class); --only keeps
 * the replies whose class starts with PREFIX ("answer/cued", "neg/").
 * --failures lists each failure (file, expected, got, reason, comment, the
 * candidates the recogniser weighed); --verbose lists every reply.  --tap
 * prints the targets as TAP test points numbered from FIRST
 * (without a plan: the calling script owns it) and the tables as "# "
 * lines.  Without --tap the exit status is 0 when every target is met,
 * 1 when one is not, 2 on a usage or input error. */
/* nftw() is XSI. */
#define _XOPEN_SOURCE 700
#include "autoconfig.h"

#include <ftw.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "channels.h"
#include "reply_store.h"
#include "mailparse.h"

#ifndef CKS_TEST_PLUGIN_DIR
#define CKS_TEST_PLUGIN_DIR "plugins/.libs"
#endif

/* The targets, on the held-out split. */
#define TARGET_RIGHT 99.5
#define TARGET_COMMENT 95.0

struct stats {
	long answers, right, wrong, missed;
	long negatives, neg_recorded;
	long comments, comments_ok;
};

struct group {
	char *name;
	struct stats s;
};

static struct group *groups;
static size_t group_count, group_cap;
static struct stats total;

/* Why the answers that were not recorded were not: the reason up to its
 * first ':' or '(' ("none", "conflicting", "empty reply", ...). */
static struct {
	char reason[64];
	long count;
} missed_reasons[32];
static size_t missed_reason_count;

static void
count_missed(const char *reason)
{
	size_t n = strcspn(reason, ":(");
	char key[64];
	size_t i;

	while (n > 0 && reason[n - 1] == ' ')
		n--;
	snprintf(key, sizeof(key), "%.*s", (int)n, reason);
	for (i = 0; i < missed_reason_count; i++)
		if (strcmp(missed_reasons[i].reason, key) == 0)
			break;
	if (i == missed_reason_count) {
		if (i == sizeof(missed_reasons) / sizeof(missed_reasons[0]))
			i--;           /* the last slot takes the rest */
		else
			missed_reason_count++;
		snprintf(missed_reasons[i].reason, sizeof(missed_reasons[i].reason),
		    "%s", key);
	}
	missed_reasons[i].count++;
}
static const char *by_keys[16];
static size_t by_count;
static int show_failures, show_all;
static const char *only_class;
static int tap_first;             /* 0: no TAP */
static const char *tap_todo;      /* --todo: why unmet targets are TODO */
/* --floor=RIGHT,WRONG,NEGATIVES,COMMENT: the figures reached, which may
 * not get worse; points of their own, never excused by --todo, so that
 * a regression fails even while a target is still TODO. */
static int have_floor;
static double floor_right, floor_comment;
static long floor_wrong, floor_negatives;
static long tap_n;

/* "# " before every report line in TAP mode, so that the driver keeps it
 * as a comment. */
static void
out(const char *format, ...) __attribute__((format(printf, 1, 2)));

static void
out(const char *format, ...)
{
	char buf[4096];
	va_list ap;

	va_start(ap, format);
	vsnprintf(buf, sizeof(buf), format, ap);
	va_end(ap);
	if (!tap_first) {
		fputs(buf, stdout);
		return;
	}
	for (char *line = buf, *end; *line; line = end) {
		end = strchr(line, '\n');
		end = end ? end + 1 : line + strlen(line);
		printf("# %.*s", (int)(end - line), line);
	}
}

static struct stats *
group(const char *key, const char *value)
{
	char name[256];

	snprintf(name, sizeof(name), "%s=%s", key, value);
	for (size_t i = 0; i < group_count; i++)
		if (strcmp(groups[i].name, name) == 0)
			return &groups[i].s;
	if (group_count == group_cap) {
		group_cap = group_cap ? group_cap * 2 : 64;
		groups = realloc(groups, group_cap * sizeof(*groups));
		if (groups == NULL) {
			perror("realloc");
			exit(2);
		}
	}
	groups[group_count].name = strdup(name);
	memset(&groups[group_count].s, 0, sizeof(struct stats));
	return &groups[group_count++].s;
}

static char *
slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (data = malloc((size_t)n + 1)) != NULL) {
		*size = fread(data, 1, (size_t)n, f);
		data[*size] = '\0';
	}
	fclose(f);
	return data;
}

/* Whitespace runs (ASCII, NBSP, the ideographic space) become one space;
 * leading and trailing ones go.  The comparison the issue asks for. */
static char *
collapse(const char *s)
{
	char *r = malloc(strlen(s ? s : "") + 1), *w = r;
	int space = 0;

	if (r == NULL)
		exit(2);
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		size_t skip = 0;

		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
		    *p == '\f' || *p == '\v')
			skip = 1;
		else if (p[0] == 0xc2 && p[1] == 0xa0)
			skip = 2;
		else if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80)
			skip = 3;
		if (skip) {
			space = 1;
			p += skip - 1;
			continue;
		}
		if (space && w != r)
			*w++ = ' ';
		space = 0;
		*w++ = (char)*p;
	}
	*w = '\0';
	return r;
}

/* Runs one mail through the judgement; 0, or -1 when it would not parse
 * (which the pipeline quarantines: never recorded). */
static int
judge(const struct cks_channel_plugin *plugin, const char *raw, size_t size,
      struct cks_reply_store_result *r)
{
	struct cks_parsed_mail *m = NULL;
	struct cks_error err;

	cks_reply_store_result_clear(r);
	if (cks_mail_parse(raw, size, &m, &err) < 0) {
		snprintf(r->reason, sizeof(r->reason), "refused by the parser: %s",
		    err.message);
		return -1;
	}
	if (cks_reply_store_judge(plugin, m, r) < 0) {
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	cks_parsed_mail_free(&m);
	return 0;
}

static void
print_candidates(const struct cks_reply_store_result *r)
{
	for (size_t i = 0; i < r->candidate_count; i++)
		printf("%s%d(%s w%d \"%s\" %s)", i ? " " : "      candidates: ",
		    r->candidates[i].code, r->candidates[i].source,
		    r->candidates[i].weight, r->candidates[i].text,
		    r->candidates[i].cue);
	if (r->candidate_count)
		printf("\n");
}

static const char *
label_string(json_t *label, const char *key)
{
	json_t *v = json_object_get(label, key);

	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_true(v))
		return "yes";
	if (json_is_false(v))
		return "no";
	return "-";
}

static void
add(struct stats *s, int expect, int recorded, int code, int has_comment_check,
    int comment_ok)
{
	if (expect < 0) {
		s->negatives++;
		s->neg_recorded += recorded;
		return;
	}
	s->answers++;
	if (!recorded) {
		s->missed++;
		return;
	}
	if (code != expect) {
		s->wrong++;
		return;
	}
	s->right++;
	if (has_comment_check) {
		s->comments++;
		s->comments_ok += comment_ok;
	}
}

/* One labelled reply. */
static void
evaluate(const struct cks_channels *channels, const char *dir, json_t *label)
{
	const char *file = json_string_value(json_object_get(label, "file"));
	const char *channel = json_string_value(json_object_get(label, "channel"));
	json_t *jexpect = json_object_get(label, "expect");
	const char *expected_comment = json_string_value(json_object_get(label, "comment"));
	const struct cks_channel_plugin *plugin;
	struct cks_reply_store_result r = { 0 };
	char path[4096], *raw, *want, *got;
	int expect, recorded, comment_ok;
	const char *verdict = "ok";
	size_t size = 0;

	if (file == NULL || channel == NULL ||
	    !(json_is_integer(jexpect) || json_is_string(jexpect))) {
		fprintf(stderr, "%s: a label without file, channel or expect\n", dir);
		exit(2);
	}
	expect = json_is_integer(jexpect) ? (int)json_integer_value(jexpect) : -1;
	if (expect < 0 && strcmp(json_string_value(jexpect), "not_recorded") != 0) {
		fprintf(stderr, "%s: expect must be a code or \"not_recorded\"\n", file);
		exit(2);
	}
	plugin = cks_channels_find(channels, channel);
	if (plugin == NULL) {
		fprintf(stderr, "%s: channel %s is not loaded\n", file, channel);
		exit(2);
	}
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if ((raw = slurp(path, &size)) == NULL) {
		perror(path);
		exit(2);
	}
	judge(plugin, raw, size, &r);
	free(raw);
	recorded = r.outcome == CKS_REPLY_STORE_RECORDED;
	want = collapse(expected_comment);
	got = collapse(r.comment);
	comment_ok = strcmp(want, got) == 0;

	add(&total, expect, recorded, r.code, 1, comment_ok);
	if (expect >= 0 && !recorded)
		count_missed(r.reason);
	for (size_t i = 0; i < by_count; i++)
		add(group(by_keys[i], label_string(label, by_keys[i])), expect,
		    recorded, r.code, 1, comment_ok);

	if (expect < 0 && recorded)
		verdict = "NEGATIVE-RECORDED";
	else if (expect >= 0 && recorded && r.code != expect)
		verdict = "WRONG";
	else if (expect >= 0 && !recorded)
		verdict = "MISSED";
	else if (expect >= 0 && !comment_ok)
		verdict = "COMMENT";
	if (show_all || (show_failures && strcmp(verdict, "ok") != 0)) {
		char exp[32];

		if (expect < 0)
			snprintf(exp, sizeof(exp), "not_recorded");
		else
			snprintf(exp, sizeof(exp), "%d", expect);
		printf("%-17s %s/%s  %s  %s  expected %s, got %s %d (%s)\n",
		    verdict, dir, file, label_string(label, "class"), channel, exp,
		    cks_reply_store_outcome_name(r.outcome), r.code, r.reason);
		printf("      shape=%s quote=%s format=%s charset=%s cte=%s lang=%s"
		    " digits=%s signature=%s comment_pos=%s\n",
		    label_string(label, "shape"), label_string(label, "quote"),
		    label_string(label, "format"), label_string(label, "charset"),
		    label_string(label, "cte"), label_string(label, "lang"),
		    label_string(label, "digits"), label_string(label, "signature"),
		    label_string(label, "comment_pos"));
		printf("      answer: \"");
		for (const char *c = label_string(label, "answer_text"); *c; c++)
			if (*c == '\n')
				fputs("\\n", stdout);
			else
				putchar(*c);
		printf("\"\n");
		if (expect >= 0)
			printf("      comment: expected \"%s\", got \"%s\"\n", want, got);
		print_candidates(&r);
	}
	free(want);
	free(got);
	cks_reply_store_result_clear(&r);
}

static double
pct(long n, long d)
{
	return d ? 100.0 * (double)n / (double)d : 0.0;
}

static void
row(const char *name, const struct stats *s)
{
	char right[32] = "", comment[32] = "", neg[32] = "";

	if (s->answers)
		snprintf(right, sizeof(right), "%5ld %6.2f%%", s->right,
		    pct(s->right, s->answers));
	if (s->comments)
		snprintf(comment, sizeof(comment), "%6.2f%%",
		    pct(s->comments_ok, s->comments));
	if (s->negatives)
		snprintf(neg, sizeof(neg), "%5ld/%-5ld", s->neg_recorded,
		    s->negatives);
	out("%-36s %6ld %13s %6ld %6ld %11s %8s\n", name, s->answers, right,
	    s->wrong, s->missed, neg, comment);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct group *)a)->name,
	    ((const struct group *)b)->name);
}

static void
report(const char *dir, double seconds, long replies)
{
	const char *last = "";

	out("\n%s: %ld replies in %.2f s\n", dir, replies, seconds);
	out("%-36s %6s %13s %6s %6s %11s %8s\n", "group", "answrs", "right",
	    "wrong", "missed", "neg rec/n", "comment");
	qsort(groups, group_count, sizeof(*groups), by_name);
	for (size_t i = 0; i < group_count; i++) {
		size_t klen = strcspn(groups[i].name, "=");

		if (strncmp(last, groups[i].name, klen) != 0 || last[klen] != '=')
			out("\n");
		last = groups[i].name;
		row(groups[i].name, &groups[i].s);
	}
	out("\n");
	row("TOTAL", &total);
	if (missed_reason_count) {
		out("\nanswers not recorded, by reason:");
		for (size_t i = 0; i < missed_reason_count; i++)
			out(" %s %ld%s", missed_reasons[i].reason,
			    missed_reasons[i].count,
			    i + 1 < missed_reason_count ? "," : "");
		out("\n");
	}
}

/* --- the public corpora ------------------------------------------------------ */

static const struct cks_channels *public_channels;
static long public_mails, public_runs, public_recorded;

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Each data file of the public corpora as a mail: .eml files as they are,
 * the bodies (.txt, .html, talon's extensionless ones) under a minimal
 * header.  Licences, READMEs, our expected.json and the upstream files
 * that hold an expected result rather than a mail are skipped. */
static int
public_file(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	const char *name = path + ftw->base;
	char *raw, *mail;
	size_t size = 0, hsize;
	int html;

	(void)st;
	if (type != FTW_F)
		return 0;
	if (strncmp(name, "LICENSE", 7) == 0 || ends_with(name, ".json") ||
	    ends_with(name, ".md") || ends_with(name, "_reply_text") ||
	    ends_with(name, "_sender") || ends_with(name, "_signature"))
		return 0;
	if ((raw = slurp(path, &size)) == NULL) {
		perror(path);
		exit(2);
	}
	html = ends_with(name, ".html");
	if (ends_with(name, ".eml")) {
		mail = raw;
	} else {
		char head[512];

		hsize = (size_t)snprintf(head, sizeof(head),
		    "From: someone@example.invalid\r\nTo: survey@ditp.go.th\r\n"
		    "Subject: Re: survey\r\nMessage-ID: <public@example.invalid>\r\n"
		    "MIME-Version: 1.0\r\nContent-Type: text/%s; charset=utf-8\r\n\r\n",
		    html ? "html" : "plain");
		mail = malloc(hsize + size + 1);
		if (mail == NULL)
			exit(2);
		memcpy(mail, head, hsize);
		memcpy(mail + hsize, raw, size);
		size += hsize;
		mail[size] = '\0';
		free(raw);
	}
	public_mails++;
	for (size_t i = 0; i < public_channels->count; i++) {
		const struct cks_channel_plugin *plugin = public_channels->channels[i].plugin;
		struct cks_reply_store_result r = { 0 };

		judge(plugin, mail, size, &r);
		public_runs++;
		if (r.outcome == CKS_REPLY_STORE_RECORDED) {
			public_recorded++;
			if (show_failures || show_all) {
				char *c = collapse(r.comment);

				printf("PUBLIC-RECORDED   %s  %s  got %d (%s), comment \"%s\"\n",
				    path, plugin->id, r.code, r.reason, c);
				print_candidates(&r);
				free(c);
			}
		} else if (show_all) {
			printf("ok                %s  %s  %s (%s)\n", path, plugin->id,
			    cks_reply_store_outcome_name(r.outcome), r.reason);
		}
		cks_reply_store_result_clear(&r);
	}
	free(mail);
	return 0;
}

static void
tap(int ok, const char *format, ...) __attribute__((format(printf, 2, 3)));

static void
tap(int ok, const char *format, ...)
{
	va_list ap;

	printf("%sok %ld - ", ok ? "" : "not ", tap_first + tap_n++);
	va_start(ap, format);
	vprintf(format, ap);
	va_end(ap);
	/* A target not met yet is reported as TAP TODO (an expected
	 * failure): the figure stays visible in every run, and the day it
	 * is met the point passes unexpectedly, so the TODO must go. */
	if (!ok && tap_todo != NULL)
		printf(" # TODO %s", tap_todo);
	printf("\n");
}

static void
usage(void)
{
	fprintf(stderr, "usage: eval_replies [--failures] [--verbose] [--by KEY,...]"
	    " [--only PREFIX] [--public DIR] [--tap[=FIRST]] [--todo=WHY]\n"
	    "       [--floor=RIGHT,WRONG,NEGATIVES,COMMENT] [--plugins DIR]"
	    " CORPUS_DIR\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	const char *plugin_dir = CKS_TEST_PLUGIN_DIR, *public_dir = NULL;
	const char *dir = NULL;
	char by[512] = "class", *save = NULL, *path, *line = NULL;
	struct cks_channels *channels = NULL;
	struct timespec t0, t1;
	struct cks_error err;
	size_t cap = 0;
	long replies = 0;
	int met = 1;
	FILE *labels;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--failures") == 0)
			show_failures = 1;
		else if (strcmp(argv[i], "--verbose") == 0)
			show_all = show_failures = 1;
		else if (strcmp(argv[i], "--by") == 0 && i + 1 < argc)
			snprintf(by, sizeof(by), "%s", argv[++i]);
		else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc)
			only_class = argv[++i];
		else if (strcmp(argv[i], "--public") == 0 && i + 1 < argc)
			public_dir = argv[++i];
		else if (strcmp(argv[i], "--plugins") == 0 && i + 1 < argc)
			plugin_dir = argv[++i];
		else if (strncmp(argv[i], "--todo=", 7) == 0)
			tap_todo = argv[i] + 7;
		else if (strncmp(argv[i], "--floor=", 8) == 0) {
			if (sscanf(argv[i] + 8, "%lf,%ld,%ld,%lf", &floor_right,
			    &floor_wrong, &floor_negatives, &floor_comment) != 4)
				usage();
			have_floor = 1;
		}
		else if (strcmp(argv[i], "--tap") == 0)
			tap_first = 1;
		else if (strncmp(argv[i], "--tap=", 6) == 0)
			tap_first = atoi(argv[i] + 6) > 0 ? atoi(argv[i] + 6) : 1;
		else if (argv[i][0] == '-' || dir != NULL)
			usage();
		else
			dir = argv[i];
	}
	if (dir == NULL)
		usage();
	for (char *k = strtok_r(by, ",", &save); k && by_count < 16;
	     k = strtok_r(NULL, ",", &save))
		by_keys[by_count++] = k;
	if (cks_channels_load(plugin_dir, &channels, &err) < 0) {
		fprintf(stderr, "loading the plugins from %s: %s\n", plugin_dir,
		    err.message);
		return 2;
	}

	path = malloc(strlen(dir) + 16);
	sprintf(path, "%s/labels.jsonl", dir);
	if ((labels = fopen(path, "r")) == NULL) {
		perror(path);
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (getline(&line, &cap, labels) > 0) {
		json_error_t jerr;
		json_t *label;

		if (line[strspn(line, " \t\r\n")] == '\0')
			continue;
		if ((label = json_loads(line, 0, &jerr)) == NULL) {
			fprintf(stderr, "%s:%d: %s\n", path, jerr.line, jerr.text);
			return 2;
		}
		if (only_class == NULL || strncmp(label_string(label, "class"),
		    only_class, strlen(only_class)) == 0) {
			evaluate(channels, dir, label);
			replies++;
		}
		json_decref(label);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fclose(labels);
	free(line);
	free(path);
	report(dir, (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, replies);

	if (public_dir != NULL) {
		public_channels = channels;
		if (nftw(public_dir, public_file, 16, FTW_PHYS) != 0) {
			perror(public_dir);
			return 2;
		}
		out("\npublic corpora %s: %ld mails x %zu channels: %ld recorded"
		    " (must be 0)\n", public_dir, public_mails, channels->count,
		    public_recorded);
	}

	{
		double right = pct(total.right, total.answers);
		double comment = pct(total.comments_ok, total.comments);
		/* An empty corpus proves nothing: it fails every target. */
		int have = total.answers > 0 && total.negatives > 0;

		out("\nanswers right %.2f%% (target >= %.1f%%), wrong ratings %ld (target 0),"
		    " negatives recorded %ld of %ld (target 0), comment exact %.2f%%"
		    " (target >= %.1f%%)\n", right, TARGET_RIGHT, total.wrong,
		    total.neg_recorded, total.negatives, comment, TARGET_COMMENT);
		if (tap_first) {
			tap(have && right >= TARGET_RIGHT,
			    "answers right: %ld of %ld (%.2f%%, target >= %.1f%%)",
			    total.right, total.answers, right, TARGET_RIGHT);
			tap(have && total.wrong == 0, "wrong ratings: %ld (target 0)",
			    total.wrong);
			tap(have && total.neg_recorded == 0,
			    "negatives recorded: %ld of %ld (target 0)",
			    total.neg_recorded, total.negatives);
			tap(have && total.comments > 0 && comment >= TARGET_COMMENT,
			    "comment exact: %ld of %ld (%.2f%%, target >= %.1f%%)",
			    total.comments_ok, total.comments, comment, TARGET_COMMENT);
			tap_todo = NULL;  /* the floors and the public corpora:
					   * never excused */
			if (have_floor) {
				tap(have && right >= floor_right, "answers right "
				    "not below the floor: %.2f%% (floor %.2f%%)",
				    right, floor_right);
				tap(have && total.wrong <= floor_wrong, "wrong "
				    "ratings not above the floor: %ld (floor %ld)",
				    total.wrong, floor_wrong);
				tap(have && total.neg_recorded <= floor_negatives,
				    "negatives recorded not above the floor: %ld "
				    "(floor %ld)", total.neg_recorded,
				    floor_negatives);
				tap(have && total.comments > 0 &&
				    comment >= floor_comment, "comment exact not "
				    "below the floor: %.2f%% (floor %.2f%%)", comment,
				    floor_comment);
			}
			if (public_dir != NULL)
				tap(public_mails > 0 && public_recorded == 0,
				    "public corpora: %ld of %ld judgements recorded"
				    " (target 0)", public_recorded, public_runs);
		}
		met = have && right >= TARGET_RIGHT && total.wrong == 0 &&
		    total.neg_recorded == 0 && comment >= TARGET_COMMENT &&
		    (public_dir == NULL || (public_mails > 0 && public_recorded == 0));
	}
	cks_channels_free(&channels);
	return tap_first ? 0 : !met;
}
