/* Reading the one answer in a reply (see answer.h and doc/answers.md).
 *
 * The words come from wordbreak.h.  Every phrase below is compared with
 * the text byte for byte (ASCII case ignored, a space matching any run of
 * blanks) and must begin and end where words do, so "ดี" never matches
 * inside "สวัสดี" and "good" never inside "goodness".  Each number and
 * each scale word becomes a candidate with a role (cued, alone on its
 * line, opening the reply, next to a number, or merely mentioned); the
 * roles decide what is recorded, and the candidates travel with the
 * answer so that a quarantined reply shows what was weighed. */
#include "autoconfig.h"

#include "answer.h"
#include "answer_words.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "signature.h"
#include "token.h"
#include "wordbreak.h"

/* An answer sits near the top; nothing is looked for further down. */
#define SCAN_LIMIT (16 * 1024)
#define MAX_CANDS 64
#define MAX_PHRASES 160
/* cue_before: no cue; the number names a thing ("เอกสารข้อ 3"). */
#define NO_CUE ((size_t)-1)
#define THING ((size_t)-2)
/* How many filler words may stand between a cue and its number. */
#define CUE_GAP 3

enum role {
	R_MENTION,       /* in running text: not an answer */
	R_WEAK_OPENING,  /* opens the reply, but reads like a count */
	R_OPENING,       /* opens the reply */
	R_ALONE,         /* alone on its line */
	R_CUED,          /* a cue before or after it */
	R_ADJACENT,      /* a scale word right after a number answer */
};

static const int role_weight[2][6] = {
	/* number */ { 10, 40, 80, 85, 90, 90 },
	/* word */   { 20, 30, 55, 70, 75, 80 },
};
static const char *const role_cue[] = {
	"mentioned in running text", "opens the reply, but reads as a count",
	"opens the reply", "alone on its line", "cued", "next to the number",
};

struct cand {
	int code;
	int word;              /* 0: a number, 1: a scale word */
	enum role role;
	int negated;
	size_t first, last;    /* word indexes of the whole expression */
	size_t line;
	char cue[48];
};

struct phrase {
	const char *text;
	int code;              /* -1: only hides the words inside it */
	int weak;              /* an everyday word ("good", "ดี") */
	int label;             /* the option's own label */
	size_t len;
};

struct reader {
	const struct cks_channel_plugin *channel;
	const char *text;
	struct cks_words w;
	size_t n;              /* words before the signature */
	unsigned char *ign;    /* per word: says nothing (particle, mark...) */
	unsigned char *used;   /* per word: part of an answer or a greeting */
	size_t open_word;      /* the first word an answer may open with */
	struct phrase ph[MAX_PHRASES];
	size_t nph;
	struct cand c[MAX_CANDS];
	size_t nc;
	int has_range, range_lo, range_hi;
	int negated;           /* a negated scale word was seen */
	int graded;            /* the scale has "very ..." options */
};

/* --- word lists -------------------------------------------------------- */

/* --- matching words ---------------------------------------------------- */

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

/* If phrase starts at word i and ends where a word ends, the index after
 * its last word; else 0. */
static size_t
match_at(const struct reader *r, size_t i, const char *phrase)
{
	const char *t, *end, *p = phrase;
	size_t q, j;

	if (i >= r->n || r->w.word[i].kind == CKS_WORD_NEWLINE)
		return 0;
	t = r->text + r->w.word[i].start;
	end = r->text + r->w.word[r->n - 1].end;
	while (*p != '\0') {
		/* "เฉยๆ" is also written "เฉย ๆ" */
		if (strncmp(p, "ๆ", 3) == 0)
			while (t < end && (*t == ' ' || *t == '\t'))
				t++;
		if (*p == ' ') {
			if (t >= end || (*t != ' ' && *t != '\t'))
				return 0;
			while (t < end && (*t == ' ' || *t == '\t'))
				t++;
			p++;
		} else if (t < end && lower((unsigned char)*t) ==
				      lower((unsigned char)*p)) {
			t++;
			p++;
		} else {
			return 0;
		}
	}
	q = (size_t)(t - r->text);
	for (j = i; j < r->n && r->w.word[j].end < q; j++)
		;
	return j < r->n && r->w.word[j].end == q ? j + 1 : 0;
}

/* The longest phrase of list at word i: the index after it, or 0. */
static size_t
match_any(const struct reader *r, size_t i, const char *const *list)
{
	size_t best = 0, e;

	for (; *list != NULL; list++)
		if ((e = match_at(r, i, *list)) > best)
			best = e;
	return best;
}

static enum cks_word_kind
kind(const struct reader *r, size_t i)
{
	return r->w.word[i].kind;
}

static int
is_mark(const struct reader *r, size_t i, const char *marks)
{
	const struct cks_word *w = &r->w.word[i];

	return w->kind == CKS_WORD_PUNCT && w->end - w->start == 1 &&
	       strchr(marks, r->text[w->start]) != NULL;
}

static size_t
line_first(const struct reader *r, size_t i)
{
	while (i > 0 && kind(r, i - 1) != CKS_WORD_NEWLINE)
		i--;
	return i;
}

static size_t
line_end(const struct reader *r, size_t i)
{
	while (i < r->n && kind(r, i) != CKS_WORD_NEWLINE)
		i++;
	return i;
}

/* Whether a Thai word follows at e with no space: then what came before
 * is part of a compound ("ค่า|ธรรมเนียม" is a fee, not a slip of "ค่ะ"). */
static int
glued_on(const struct reader *r, size_t e)
{
	return e < r->n && kind(r, e) == CKS_WORD_THAI &&
	       !r->w.word[e].space_before && !match_any(r, e, cks_answer_particles);
}

/* Marks the words that say nothing in a short answer: cks_answer_particles,
 * cks_answer_thanks, cks_answer_pronouns, and marks other than a question mark. */
static void
mark_fillers(struct reader *r)
{
	for (size_t i = 0; i < r->n;) {
		size_t e;

		if (kind(r, i) == CKS_WORD_PUNCT && !is_mark(r, i, "?")) {
			r->ign[i++] = 1;
			continue;
		}
		if (((e = match_any(r, i, cks_answer_particles)) == 0 || glued_on(r, e)) &&
		    (e = match_any(r, i, cks_answer_thanks)) == 0 &&
		    (e = match_any(r, i, cks_answer_pronouns)) == 0) {
			i++;
			continue;
		}
		while (i < e)
			r->ign[i++] = 1;
	}
}

/* "R <token>" as the SMS form prints it: the index after it, or 0. */
static size_t
sms_prefix(const struct reader *r, size_t i)
{
	const struct cks_word *w = &r->w.word[i];
	char token[CKS_TOKEN_SIZE];
	size_t j, s, e;

	if (w->kind != CKS_WORD_LATIN || w->end - w->start != 1 ||
	    lower((unsigned char)r->text[w->start]) != 'r' || i + 1 >= r->n ||
	    !r->w.word[i + 1].space_before)
		return 0;
	s = r->w.word[i + 1].start;
	for (j = i + 2; j < r->n && !r->w.word[j].space_before &&
	     kind(r, j) != CKS_WORD_NEWLINE; j++)
		;
	e = r->w.word[j - 1].end;
	return cks_token_parse(r->text + s, e - s, token) == 0 ? j : 0;
}

static int
number_on_line(const struct reader *r, size_t i)
{
	for (size_t k = line_first(r, i), e = line_end(r, i); k < e; k++)
		if (kind(r, k) == CKS_WORD_NUMBER)
			return 1;
	return 0;
}

/* Greeting lines (and a greeting opening a line) are set aside; the
 * first word after them is where an answer may open the reply. */
static void
find_opening(struct reader *r)
{
	size_t i = 0, e;

	for (;;) {
		while (i < r->n && (kind(r, i) == CKS_WORD_NEWLINE || r->ign[i]))
			i++;
		if (i >= r->n)
			break;
		if ((e = match_any(r, i, cks_answer_greetings)) == 0) {
			if ((e = sms_prefix(r, i)) == 0)
				break;
			while (i < e)
				r->used[i++] = 1;
			continue;
		}
		/* "Dear ...", "เรียน ..." and a greeting line without a number
		 * ("สวัสดีค่ะ เจ้าหน้าที่ทุกท่าน") are set aside whole. */
		if (match_at(r, i, "dear") || match_at(r, i, "เรียน") ||
		    match_at(r, i, "ถึง") || !number_on_line(r, i))
			e = line_end(r, i);
		while (i < e)
			r->used[i++] = 1;
	}
	r->open_word = i;
}

/* --- candidates -------------------------------------------------------- */

static void
add_cand(struct reader *r, int code, int word, enum role role, size_t first,
	 size_t last, const char *cue)
{
	struct cand *c;

	if (r->nc >= MAX_CANDS)
		return;
	c = &r->c[r->nc++];
	memset(c, 0, sizeof(*c));
	c->code = code;
	c->word = word;
	c->role = role;
	c->first = first;
	c->last = last;
	c->line = r->w.word[first].line;
	snprintf(c->cue, sizeof(c->cue), "%s", cue ? cue : role_cue[role]);
}

static int only_fillers(const struct reader *r, size_t from, size_t to,
			int frames);

/* Whether some cue ends right at word s ("ตอบ|ข้อ 2"). */
static int
ends_cue(const struct reader *r, size_t s)
{
	for (size_t t = s > 3 ? s - 3 : 0; t < s; t++)
		if (match_any(r, t, cks_answer_cues_before) == s)
			return 1;
	return 0;
}

/* The cue that ends right before word k (fillers between skipped):
 * where it starts, or (size_t)-1. */
static size_t
cue_before(const struct reader *r, size_t k, const char **which)
{
	size_t j = k, gap = 0;

	for (;;) {
		for (size_t s = j > 4 ? j - 4 : 0; s < j; s++) {
			for (const char *const *c = cks_answer_cues_before; *c; c++) {
				if (match_at(r, s, *c) != j)
					continue;
				/* "ลิงก์ในข้อ 2", "the link in item 2" */
				if (s > 0 && match_any(r, s - 1, cks_answer_prepositions) == s)
					return THING;
				if (match_any(r, s, cks_answer_line_cues) == j &&
				    !only_fillers(r, line_first(r, s), s, 0) &&
				    !ends_cue(r, s))
					return THING;
				*which = *c;
				return s;
			}
		}
		if (j == 0 || gap++ >= CUE_GAP)
			return (size_t)-1;
		/* step back over one filler word */
		{
			size_t s, found = (size_t)-1;

			for (s = j > 3 ? j - 3 : 0; s < j; s++)
				if (match_any(r, s, cks_answer_cue_gap) == j) {
					found = s;
					break;
				}
			if (found == (size_t)-1)
				return (size_t)-1;
			j = found;
		}
	}
}

/* A number at k is glued to punctuation and another number ("081-2",
 * "28/11", "10:30", "2.5"): the index after the chain; parts, separator
 * and the second value are reported. */
static size_t
chain(const struct reader *r, size_t k, int *parts, char *sep, int *second,
      int *long_part)
{
	size_t i = k + 1;

	*parts = 1;
	*sep = 0;
	*long_part = r->w.word[k].digits > 1;
	while (i + 1 < r->n && is_mark(r, i, "-/.:,") &&
	       !r->w.word[i].space_before && kind(r, i + 1) == CKS_WORD_NUMBER &&
	       !r->w.word[i + 1].space_before) {
		*sep = r->text[r->w.word[i].start];
		if (*parts == 1)
			*second = r->w.word[i + 1].value;
		*long_part |= r->w.word[i + 1].digits > 1;
		++*parts;
		i += 2;
	}
	return i;
}

/* The scale's top code. */
static int
scale_max(const struct cks_channel_plugin *ch)
{
	int hi = 0;

	for (size_t i = 0; i < ch->scale_count; i++)
		hi = ch->scale[i].code > hi ? ch->scale[i].code : hi;
	return hi;
}

/* A cue after the number at k ("คะแนน", "stars", "out of 5", "/5"):
 * the index after it, or 0.  *bad set when "out of N" names another
 * scale. */
static size_t
cue_after(const struct reader *r, size_t k, int *bad)
{
	size_t e, i = k + 1;

	*bad = 0;
	if ((e = match_any(r, i, cks_answer_cues_after)) != 0) {
		size_t o = match_any(r, e, cks_answer_out_of);

		/* "๔ คะแนนเต็ม ๕", "4 points out of 5" */
		if (o == 0 && e < r->n && kind(r, e) == CKS_WORD_NUMBER &&
		    match_at(r, i, "คะแนนเต็ม") == e)
			o = e;
		if (o != 0 && o < r->n && kind(r, o) == CKS_WORD_NUMBER) {
			*bad = r->w.word[o].value != scale_max(r->channel);
			return o + 1;
		}
		return e;
	}
	while (i < r->n && is_mark(r, i, ",-:"))
		i++;
	if ((e = match_any(r, i, cks_answer_answer_after)) != 0)
		return e;
	i = k + 1;
	if ((e = match_any(r, i, cks_answer_out_of)) != 0 && e < r->n &&
	    kind(r, e) == CKS_WORD_NUMBER) {
		/* "2 / 3" on a three-option scale may be two answers */
		if (is_mark(r, i, "/") && scale_max(r->channel) < 4)
			return 0;
		*bad = r->w.word[e].value != scale_max(r->channel);
		return e + 1;
	}
	return 0;
}

/* Non-zero if the number at k is part of a word, an amount, an address or
 * a link: "A1", "2nd", "+66", "฿5", "a1@b.c", "http://x/2". */
static int
embedded(const struct reader *r, size_t k)
{
	const struct cks_word *w = &r->w.word[k];
	const char *a = r->text + w->start, *b = r->text + w->end;
	const char *lo = r->text, *hi = r->text + r->w.word[r->n - 1].end;

	if (k > 0 && !w->space_before && (kind(r, k - 1) == CKS_WORD_LATIN ||
	    is_mark(r, k - 1, "+$@") || match_at(r, k - 1, "฿") == k))
		return 1;
	if (k + 1 < r->n && !r->w.word[k + 1].space_before &&
	    (kind(r, k + 1) == CKS_WORD_LATIN || is_mark(r, k + 1, "%@")))
		return 1;
	while (a > lo && a[-1] != ' ' && a[-1] != '\n' && a[-1] != '\t')
		a--;
	while (b < hi && *b != ' ' && *b != '\n' && *b != '\t')
		b++;
	for (const char *s = a; s < b; s++)
		if (*s == '@' || (*s == ':' && b - s > 2 && s[1] == '/' &&
				   s[2] == '/') || (b - s > 4 &&
				   strncmp(s, "www.", 4) == 0))
			return 1;
	return 0;
}

/* What follows a number answer and goes with it: the index after the
 * scale word right after it ("2 พึงพอใจ", "5 - ดีมาก"), or 0; its phrase in
 * *ph. */
static size_t
label_after(const struct reader *r, size_t i, const struct phrase **ph)
{
	while (i < r->n && kind(r, i) == CKS_WORD_PUNCT &&
	       is_mark(r, i, "-:.)=,(") )
		i++;
	if (i < r->n && match_at(r, i, "–"))
		i++;
	for (size_t p = 0; p < r->nph; p++) {
		size_t e = match_at(r, i, r->ph[p].text);

		if (e == 0 || r->ph[p].code < 0)
			continue;
		/* "5. ไม่ค่อยพอใจเรื่องเวลารอสาย", "4 good advice but...": a
		 * clause, the comment */
		if (!r->ph[p].label && e < r->n && ((kind(r, e) == CKS_WORD_THAI &&
		    !r->w.word[e].space_before && !r->ign[e]) ||
		    (kind(r, e) == CKS_WORD_LATIN && !r->ign[e] &&
		     kind(r, i) == CKS_WORD_LATIN)))
			return 0;
		*ph = &r->ph[p];
		return e;
	}
	return 0;
}

/* Where a scale word ends right before the number at k ("ไม่พึงพอใจ - 3"),
 * marks between: its first word, or NO_CUE. */
static size_t
label_before(const struct reader *r, size_t k)
{
	size_t j = k;

	while (j > 0 && is_mark(r, j - 1, "-:=(.,") )
		j--;
	for (size_t s = j > 6 ? j - 6 : 0; s < j; s++)
		for (size_t p = 0; p < r->nph; p++)
			if (r->ph[p].code == r->w.word[k].value &&
			    match_at(r, s, r->ph[p].text) == j)
				return s;
	return NO_CUE;
}

/* Whether words [from, to) on the line hold only fillers.  With frames,
 * the words that frame a scale word count as fillers too, and a number's
 * answer does not: a scale word after it is the customer's comment. */
static int
only_fillers(const struct reader *r, size_t from, size_t to, int frames)
{
	for (size_t i = from; i < to;) {
		size_t e;

		if (frames && r->used[i] == 2)
			return 0;
		if (r->ign[i] || r->used[i]) {
			i++;
			continue;
		}
		if (frames && (e = match_any(r, i, cks_answer_frame_words)) != 0) {
			i = e;
			continue;
		}
		if (frames && !r->graded && (e = match_any(r, i, cks_answer_grades)) != 0) {
			i = e;
			continue;
		}
		return 0;
	}
	return 1;
}

/* Whether the word at i, right after a number, makes it a count or an
 * amount ("2 documents", "3 วัน"). */
static int
counts_something(const struct reader *r, size_t i)
{
	if (i >= r->n || kind(r, i) == CKS_WORD_NEWLINE)
		return 0;
	if (match_any(r, i, cks_answer_units))
		return 1;
	return 0;
}

static void
read_number(struct reader *r, size_t k, size_t *next)
{
	const struct cks_word *w = &r->w.word[k];
	size_t first = k, last = k, e, s, after;
	const struct phrase *ph = NULL;
	const char *cue = NULL, *which = NULL;
	int parts, second = 0, long_part, bad = 0, value = w->value, counted = 0;
	char sep;
	enum role role = R_MENTION;

	*next = chain(r, k, &parts, &sep, &second, &long_part);
	if (embedded(r, k))
		return;
	if (parts > 2 || (parts == 2 && (long_part || strchr("-,/", sep) == NULL)))
		return;         /* a phone number, a date, a time, a decimal */
	if (parts == 2 && sep == '-') {
		r->has_range = 1;
		r->range_lo = value;
		r->range_hi = second;
		return;
	}
	if (parts == 2 && sep == '/' && second == scale_max(r->channel) &&
	    second >= 4) {
		parts = 1;      /* "4/5": four out of five */
		role = R_CUED;
		cue = "written as a score (N/max)";
		last = k + 2;
	} else if (parts == 2 && sep == '/' && second == 10 && w->digits == 1) {
		return;
	}
	after = last + 1;
	if (parts == 1 && role != R_CUED && (e = cue_after(r, k, &bad)) != 0) {
		if (bad)
			return;
		role = R_CUED;
		cue = "a score word after it";
		/* "2 out of 5 stars" */
		e = match_any(r, e, cks_answer_cues_after) ? match_any(r, e, cks_answer_cues_after) : e;
		last = e - 1;
		after = e;
		*next = e;
	}
	s = cue_before(r, k, role == R_CUED ? &which : &cue);
	if (s == THING && role != R_CUED)
		return;         /* "เอกสารข้อ 3 เปิดไม่ได้": the third document */
	if (s != NO_CUE && s != THING) {
		role = R_CUED;
		first = s;
		/* "I select 2", "ผลการประเมิน 3": the words leading to the
		 * cue go with it */
		for (int more = 1; more;) {
			more = 0;
			for (size_t t = first > 3 ? first - 3 : 0; t < first; t++)
				if (r->w.word[t].line == r->w.word[first].line &&
				    (match_any(r, t, cks_answer_pronouns) == first ||
				     match_any(r, t, cks_answer_lead_ins) == first ||
				     match_any(r, t, cks_answer_cues_before) == first)) {
					first = t;
					more = 1;
					break;
				}
		}
	}
	/* What comes right after: a unit makes it an amount or a count
	 * ("ให้ 2 วัน", "3 Dec"); an English word, a count if not cued. */
	if (after < r->n && match_any(r, after, cks_answer_units) &&
	    !match_any(r, after, cks_answer_not_units))
		return;
	if (role != R_CUED && after < r->n && kind(r, after) == CKS_WORD_LATIN &&
	    counts_something(r, after))
		counted = 1;
	/* "0 2 4 6": a sequence of numbers, not "1 2" (two answers) */
	if (role != R_CUED && after < r->n && kind(r, after) == CKS_WORD_NUMBER &&
	    !only_fillers(r, after + 1, line_end(r, after), 0))
		counted = 1;
	/* The scale word copied with the number belongs to the answer; one
	 * that names another option is a conflict if it is that option's
	 * label ("2 ไม่พึงพอใจ"), else the start of the comment ("5 - good
	 * service"). */
	if ((e = label_after(r, after, &ph)) != 0) {
		if (ph->code != value && !ph->label)
			ph = NULL;
		else
			last = e - 1, after = e;
	}
	if (w->digits > 2 || (w->digits == 2 && role != R_CUED &&
	    !(only_fillers(r, line_first(r, k), k, 0) &&
	      only_fillers(r, k + 1, line_end(r, k), 0))))
		return;
	if (role != R_CUED) {
		size_t ls = line_first(r, k), le = line_end(r, k);

		if (only_fillers(r, ls, first, 0) && only_fillers(r, after, le, 0))
			role = R_ALONE;
		else if (label_before(r, k) == r->open_word)
			role = R_OPENING, cue = "after its label";
		else if (first == r->open_word)
			role = counted ? R_WEAK_OPENING : R_OPENING;
		else if (w->digits == 2 || counted)
			return;
	}
	add_cand(r, value, 0, role, first, last, cue);
	if (ph != NULL)
		add_cand(r, ph->code, 1, R_ADJACENT, k, last, NULL);
	/* Two answers: "1 หรือ 3", "1, 3", "1 2"; a range: "1 ถึง 3". */
	if (parts == 2 && sep == ',') {
		add_cand(r, second, 0, role, k, k + 2, "one of two answers");
		return;
	}
	{
		size_t j = after, ee;
		int range = 0;

		if ((ee = match_any(r, j, cks_answer_range_words)) != 0)
			range = 1;
		else if ((ee = match_any(r, j, cks_answer_list_words)) == 0 &&
			 j < r->n && kind(r, j) == CKS_WORD_NUMBER &&
			 r->w.word[j].space_before)
			ee = j;
		if (ee != 0 && ee < r->n && kind(r, ee) == CKS_WORD_NUMBER &&
		    r->w.word[ee].digits == 1 && !embedded(r, ee) &&
		    !(ee + 1 < r->n && kind(r, ee + 1) == CKS_WORD_NUMBER)) {
			int p2, s2, l2;
			char sp2;

			if (chain(r, ee, &p2, &sp2, &s2, &l2) != ee + 1)
				return;
			if (range) {
				r->has_range = 1;
				r->range_lo = value;
				r->range_hi = r->w.word[ee].value;
			} else if (role >= R_OPENING) {
				add_cand(r, r->w.word[ee].value, 0, role, ee, ee,
				    "one of two answers");
			}
			*next = ee + 1;
		}
	}
}

/* --- scale words ------------------------------------------------------- */

static void
add_phrase(struct reader *r, const char *text, int code, int label)
{
	int weak = 0;

	if (text == NULL || text[0] == '\0' || r->nph >= MAX_PHRASES)
		return;
	if (strlen(text) <= 12)
		for (const char *const *e = cks_answer_everyday; *e; e++)
			if (strcasecmp(*e, text) == 0)
				weak = 1;
	r->ph[r->nph++] = (struct phrase){ text, code, weak, label,
		strlen(text) };
}

static int
longer_first(const void *a, const void *b)
{
	size_t x = ((const struct phrase *)a)->len;
	size_t y = ((const struct phrase *)b)->len;

	return x < y ? 1 : x > y ? -1 : 0;
}

static void
scale_phrases(struct reader *r)
{
	const struct cks_channel_plugin *ch = r->channel;

	for (size_t i = 0; i < ch->scale_count; i++) {
		const struct cks_rating_option *o = &ch->scale[i];

		add_phrase(r, o->label.th, o->code, 1);
		add_phrase(r, o->label.en, o->code, 1);
		for (size_t j = 0; o->words_th && o->words_th[j]; j++)
			add_phrase(r, o->words_th[j], o->code, 0);
		for (size_t j = 0; o->words_en && o->words_en[j]; j++)
			add_phrase(r, o->words_en[j], o->code, 0);
	}
	for (size_t i = 0; cks_answer_hiders[i] != NULL; i++)
		add_phrase(r, cks_answer_hiders[i], -1, 0);
	for (size_t i = 0; i < r->nph; i++)
		for (const char *const *g = cks_answer_grades;
		     *g && strchr(r->ph[i].text, ' ') != NULL; g++)
			if (strncasecmp(r->ph[i].text, *g, strlen(*g)) == 0 &&
			    r->ph[i].text[strlen(*g)] == ' ')
				r->graded = 1;
	qsort(r->ph, r->nph, sizeof(r->ph[0]), longer_first);
}

/* A negation right before word i ("ไม่", "not very", "wasn't"). */
static int
negated_before(const struct reader *r, size_t i)
{
	for (int pass = 0; pass < 2; pass++) {
		size_t s, found = (size_t)-1;

		for (s = i > 3 ? i - 3 : 0; s < i; s++)
			if (match_any(r, s, cks_answer_negators) == i)
				return 1;
		for (s = i > 2 ? i - 2 : 0; s < i; s++)
			if (match_any(r, s, cks_answer_softeners) == i) {
				found = s;
				break;
			}
		if (found == (size_t)-1)
			return 0;
		i = found;
	}
	return 0;
}

/* "un-"/"dis-" glued before a scale word inside one English word. */
static int
negative_prefix(const struct reader *r, size_t i, const char *phrase,
		size_t *end)
{
	const struct cks_word *w = &r->w.word[i];
	size_t n = w->end - w->start, m, pre;

	if (w->kind != CKS_WORD_LATIN || n < 4 ||
	    (strncasecmp(r->text + w->start, "un", 2) != 0 &&
	     strncasecmp(r->text + w->start, "dis", 3) != 0))
		return 0;
	if ((m = strlen(phrase)) >= n)
		return 0;
	pre = n - m;
	if (strncasecmp(r->text + w->start + pre, phrase, m) != 0)
		return 0;
	if ((pre == 2 && strncasecmp(r->text + w->start, "un", 2) == 0) ||
	    (pre == 3 && strncasecmp(r->text + w->start, "dis", 3) == 0)) {
		*end = i + 1;
		return 1;
	}
	return 0;
}

/* Whether an everyday scale word opening the reply stands apart from what
 * follows ("Poor - waited too long"), and the line asks nothing ("Good,
 * but when is the seminar?"); "ok" never does: it acknowledges. */
static int
separated(const struct reader *r, size_t e)
{
	size_t le = line_end(r, e);

	if (e >= r->n || !is_mark(r, e, "-:,.!") ||
	    match_at(r, e - 1, "ok") || match_at(r, e - 1, "okay"))
		return 0;
	for (size_t i = e; i < le; i++)
		if (is_mark(r, i, "?"))
			return 0;
	return 1;
}

static int
label_cued(const struct reader *r, size_t i)
{
	for (size_t s = i > 6 ? i - 6 : 0; s < i; s++) {
		size_t e = match_any(r, s, cks_answer_label_cues);

		int number = 0;

		for (size_t k = s; k < i; k++)
			number |= kind(r, k) == CKS_WORD_NUMBER || r->used[k] == 2;
		if (e != 0 && e <= i && !number && only_fillers(r, e, i, 1) &&
		    r->w.word[s].line == r->w.word[i].line)
			return 1;
	}
	return 0;
}

static void
read_words(struct reader *r)
{
	unsigned char *taken = r->used;   /* borrowed: words of numbers */

	for (size_t i = 0; i < r->n;) {
		size_t e = 0, ls, le;
		const struct phrase *ph = NULL;
		int neg = 0;
		enum role role = R_MENTION;
		const char *cue = NULL;

		for (size_t p = 0; p < r->nph && e == 0; p++) {
			if ((e = match_at(r, i, r->ph[p].text)) != 0)
				ph = &r->ph[p];
			else if (r->ph[p].code >= 0 &&
				 negative_prefix(r, i, r->ph[p].text, &e))
				ph = &r->ph[p], neg = 1;
		}
		if (ph == NULL || ph->code < 0 || taken[i]) {
			i = e ? e : i + 1;
			continue;
		}
		neg = neg || negated_before(r, i);
		if (neg) {
			r->negated = 1;
			i = e;
			continue;
		}
		/* "แย่มาก", "ประทับใจสุดๆ": an intensifier goes with the word */
		while (e < r->n && !r->w.word[e].space_before &&
		       match_any(r, e, cks_answer_intensifiers))
			e = match_any(r, e, cks_answer_intensifiers);
		ls = line_first(r, i);
		le = line_end(r, i);
		if (only_fillers(r, ls, i, 1) && only_fillers(r, e, le, 1))
			role = R_ALONE;
		else if (label_cued(r, i))
			role = R_CUED, cue = "cued";
		else if (i == r->open_word || (r->open_word < i &&
			 only_fillers(r, r->open_word, i, 1) &&
			 r->w.word[i].line == r->w.word[r->open_word].line))
			role = ph->weak && !separated(r, e) ? R_WEAK_OPENING :
			    R_OPENING;
		add_cand(r, ph->code, 1, role, role == R_ALONE ? ls :
		    role == R_OPENING ? r->open_word : i,
		    role == R_ALONE ? le - 1 : e - 1, cue);
		i = e;
	}
}

/* --- the outcome ------------------------------------------------------- */

static int
on_scale(const struct cks_channel_plugin *ch, int code)
{
	for (size_t i = 0; i < ch->scale_count; i++)
		if (ch->scale[i].code == code)
			return 1;
	return 0;
}

static int
has_negative(const struct cks_channel_plugin *ch)
{
	for (size_t i = 0; i < ch->scale_count; i++)
		if (!ch->scale[i].satisfied)
			return 1;
	return 0;
}

static int on_scale(const struct cks_channel_plugin *ch, int code);

/* Whether a number answer stands on the line. */
static int
answer_line(const struct reader *r, size_t line)
{
	for (size_t i = 0; i < r->nc; i++)
		if (!r->c[i].word && r->c[i].role >= R_OPENING &&
		    r->c[i].line == line)
			return 1;
	return 0;
}

static void
add_code(int *codes, size_t *n, int code)
{
	for (size_t j = 0; j < *n; j++)
		if (codes[j] == code)
			return;
	if (*n < MAX_CANDS)
		codes[(*n)++] = code;
}

/* The codes given as answers.  Numbers given as answers count with the
 * scale words given as answers (next to them, on a line of their own,
 * cued, or opening the reply); scale words merely mentioned do not.
 * Without a number, scale words are the weaker source: then any other
 * scale word in the reply that names another option is a conflict too. */
static size_t
answer_codes(const struct reader *r, int *codes)
{
	size_t n = 0;
	int numbers = 0;

	for (size_t i = 0; i < r->nc; i++) {
		if (r->c[i].role < R_OPENING)
			continue;
		numbers |= !r->c[i].word;
		add_code(codes, &n, r->c[i].code);
	}
	/* Another number merely mentioned that could be an answer ("5 ...
	 * actually 4") makes a number answer unclear. */
	if (numbers) {
		for (size_t i = 0; i < r->nc; i++)
			if (!r->c[i].word && r->c[i].role == R_MENTION &&
			    on_scale(r->channel, r->c[i].code) &&
			    answer_line(r, r->c[i].line))
				add_code(codes, &n, r->c[i].code);
		return n;
	}
	if (n == 0)
		return n;
	/* Scale words in the comment below a line that is only the answer
	 * do not disagree with it; on its own line or before, they do. */
	for (size_t i = 0; i < r->nc; i++) {
		size_t line = r->c[i].line;
		int below = 0;

		for (size_t j = 0; j < r->nc; j++)
			below |= r->c[j].word && r->c[j].role == R_ALONE &&
			    r->c[j].line < line;
		if (r->c[i].word && !below)
			add_code(codes, &n, r->c[i].code);
	}
	return n;
}

/* Marks the words of the candidates that make the answer. */
static void
use_answer(struct reader *r, int code)
{
	for (size_t i = 0; i < r->nc; i++) {
		const struct cand *c = &r->c[i];

		size_t k;

		if (c->code != code || c->role < R_OPENING)
			continue;
		for (k = c->first; k <= c->last && k < r->n; k++)
			r->used[k] = 1;
		/* the particles and marks that close the answer ("ครับผม :") */
		while (k < r->n && r->ign[k] && kind(r, k) != CKS_WORD_NEWLINE &&
		       !match_any(r, k, cks_answer_thanks))
			r->used[k++] = 1;
	}
}

/* The comment: every run of words not used by the answer or a greeting,
 * trimmed of fillers at its edges, runs that say nothing dropped. */
static int
take_comment(struct reader *r, struct cks_answer *a)
{
	size_t cap = r->n ? r->w.word[r->n - 1].end + 2 : 1, len = 0;
	char *out = malloc(cap);
	size_t i = 0;
	size_t prev_line = (size_t)-1;

	if (out == NULL)
		return -1;
	while (i < r->n) {
		size_t s, e, k;
		int content = 0;

		if (r->used[i] || kind(r, i) == CKS_WORD_NEWLINE) {
			i++;
			continue;
		}
		for (e = i; e < r->n && !r->used[e] &&
		     kind(r, e) != CKS_WORD_NEWLINE; e++)
			content |= !r->ign[e];
		s = i;
		i = e;
		if (!content)
			continue;
		/* the edges: particles and separators left by the answer */
		while (s < e && r->ign[s] && !match_any(r, s, cks_answer_pronouns) &&
		       !match_any(r, s, cks_answer_thanks) && !is_mark(r, s, "(\"'"))
			s++;
		while (e > s && is_mark(r, e - 1, "-:,=(–"))
			e--;
		if (s >= e)
			continue;
		k = r->w.word[s].line;
		if (len > 0)
			out[len++] = k != prev_line ? '\n' : ' ';
		prev_line = k;
		memcpy(out + len, r->text + r->w.word[s].start,
		    r->w.word[e - 1].end - r->w.word[s].start);
		len += r->w.word[e - 1].end - r->w.word[s].start;
	}
	if (len == 0) {
		free(out);
		return 0;
	}
	out[len] = '\0';
	a->comment = out;
	return 0;
}

static int
by_weight(const void *x, const void *y)
{
	const struct cks_answer_candidate *a = x, *b = y;

	return b->weight - a->weight;
}

/* The candidates for the record, strongest first, one per code and
 * source; and the suggestion: the strongest, if it stands out. */
static void
report_candidates(const struct reader *r, struct cks_answer *a)
{
	struct cks_answer_candidate *out = a->candidates;
	size_t n = 0;

	for (size_t i = 0; i < r->nc; i++) {
		const struct cand *c = &r->c[i];
		int weight = role_weight[c->word][c->role];
		size_t j, from, to;

		for (j = 0; j < n; j++)
			if (out[j].code == c->code &&
			    !strcmp(out[j].source, c->word ? "word" : "number"))
				break;
		if (j < n) {
			if (weight > out[j].weight)
				out[j].weight = weight;
			continue;
		}
		if (n == CKS_ANSWER_MAX_CANDIDATES)
			continue;
		out[n].code = c->code;
		out[n].weight = weight;
		snprintf(out[n].source, sizeof(out[n].source), "%s",
		    c->word ? "word" : "number");
		snprintf(out[n].cue, sizeof(out[n].cue), "%s", c->cue);
		from = r->w.word[c->first].start;
		to = r->w.word[c->last].end;
		if (to - from >= sizeof(out[n].text))
			to = from + sizeof(out[n].text) - 1;
		while (to > from && ((unsigned char)r->text[to] & 0xc0) == 0x80)
			to--;       /* not inside a character */
		memcpy(out[n].text, r->text + from, to - from);
		out[n].text[to - from] = '\0';
		n++;
	}
	qsort(out, n, sizeof(*out), by_weight);
	a->candidate_count = n;
	if (a->kind != CKS_ANSWER_FOUND && a->kind != CKS_ANSWER_RANGE && n > 0 &&
	    out[0].weight >= 30 && (n == 1 || out[1].weight < out[0].weight ||
	    out[1].code == out[0].code) && on_scale(r->channel, out[0].code))
		a->suggestion = out[0].code;
}

static void
list_codes(char *buf, size_t size, const int *codes, size_t n)
{
	size_t used = (size_t)snprintf(buf, size, "answers");

	for (size_t i = 0; i < n && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%d",
		    i == 0 ? " " : i + 1 == n ? " and " : ", ", codes[i]);
}

static int
settle(struct reader *r, struct cks_answer *a)
{
	int codes[MAX_CANDS], lo = 1000, hi = -1;
	size_t n;

	for (size_t i = 0; i < r->channel->scale_count; i++) {
		lo = r->channel->scale[i].code < lo ? r->channel->scale[i].code : lo;
		hi = r->channel->scale[i].code > hi ? r->channel->scale[i].code : hi;
	}
	n = answer_codes(r, codes);
	if (r->has_range) {
		a->kind = CKS_ANSWER_RANGE;
		snprintf(a->reason, sizeof(a->reason), "a range (%d-%d), not one "
		    "answer", r->range_lo, r->range_hi);
	} else if (n > 1) {
		a->kind = CKS_ANSWER_CONFLICTING;
		list_codes(a->reason, sizeof(a->reason), codes, n);
	} else if (n == 0) {
		a->kind = CKS_ANSWER_NONE;
		snprintf(a->reason, sizeof(a->reason), "%s", !r->negated ?
		    "no answer found" : has_negative(r->channel) ?
		    "a negated option word names no option" :
		    "negative answer not on the scale");
	} else if (!on_scale(r->channel, codes[0])) {
		a->kind = CKS_ANSWER_OUT_OF_SCALE;
		snprintf(a->reason, sizeof(a->reason), "%d is not on the scale "
		    "%d-%d", codes[0], lo, hi);
	} else {
		a->kind = CKS_ANSWER_FOUND;
		a->code = codes[0];
		use_answer(r, codes[0]);
		report_candidates(r, a);
		return take_comment(r, a);
	}
	report_candidates(r, a);
	return 0;
}

/* Whether a line taken for a lone name is rather the answer: a digit, or
 * a scale word in it ("High", "ปานกลาง"). */
static int
names_answer(const struct cks_channel_plugin *ch, const char *s, size_t n)
{
	for (size_t i = 0; i < ch->scale_count; i++) {
		const struct cks_rating_option *o = &ch->scale[i];
		const char *w[2] = { o->label.th, o->label.en };

		for (int k = 0; k < 2; k++)
			for (size_t j = 0; w[k] && j + strlen(w[k]) <= n; j++)
				if (strncasecmp(s + j, w[k], strlen(w[k])) == 0)
					return 1;
		for (size_t j = 0; o->words_th && o->words_th[j]; j++)
			for (size_t q = 0; q + strlen(o->words_th[j]) <= n; q++)
				if (!strncmp(s + q, o->words_th[j], strlen(o->words_th[j])))
					return 1;
		for (size_t j = 0; o->words_en && o->words_en[j]; j++)
			for (size_t q = 0; q + strlen(o->words_en[j]) <= n; q++)
				if (!strncasecmp(s + q, o->words_en[j], strlen(o->words_en[j])))
					return 1;
	}
	for (size_t i = 0; i < n; i++)
		if ((s[i] >= '0' && s[i] <= '9') || ((unsigned char)s[i] == 0xe0 &&
		    i + 2 < n && (unsigned char)s[i + 1] == 0xb9 &&
		    (unsigned char)s[i + 2] >= 0x90 && (unsigned char)s[i + 2] <= 0x99))
			return 1;
	return 0;
}

int
cks_answer_find(const struct cks_channel_plugin *channel, const char *reply,
		struct cks_answer *answer)
{
	struct reader r = { .channel = channel };
	size_t len, scan, sig;
	int rc;

	memset(answer, 0, sizeof(*answer));
	answer->code = -1;
	answer->suggestion = -1;
	r.text = reply != NULL ? reply : "";
	len = strlen(r.text);
	scan = len > SCAN_LIMIT ? SCAN_LIMIT : len;
	while (scan < len && scan > 0 && ((unsigned char)r.text[scan] & 0xc0) == 0x80)
		scan--;             /* not inside a character */
	sig = cks_signature_start(r.text, scan, 0, 1);
	if (sig < scan && names_answer(channel, r.text + sig, scan - sig))
		sig = cks_signature_start(r.text, scan, 0, 0);
	if (cks_words_split(r.text, sig, &r.w) < 0)
		return -1;
	r.n = r.w.count;
	r.ign = calloc(r.n + 1, 1);
	r.used = calloc(r.n + 1, 1);
	if (r.ign == NULL || r.used == NULL) {
		rc = -1;
		goto out;
	}
	scale_phrases(&r);
	mark_fillers(&r);
	find_opening(&r);
	for (size_t i = 0; i < r.n;) {
		size_t next = i + 1;

		if (kind(&r, i) == CKS_WORD_NUMBER)
			read_number(&r, i, &next);
		i = next > i ? next : i + 1;
	}
	/* Words inside a number's answer are not read again as words. */
	for (size_t i = 0; i < r.nc; i++)
		for (size_t k = r.c[i].first; k <= r.c[i].last && k < r.n; k++)
			r.used[k] = 2;
	read_words(&r);
	memset(r.used, 0, r.n);
	find_opening(&r);
	rc = settle(&r, answer);
out:
	free(r.ign);
	free(r.used);
	cks_words_clear(&r.w);
	return rc;
}

void
cks_answer_clear(struct cks_answer *answer)
{
	if (answer == NULL)
		return;
	free(answer->comment);
	answer->comment = NULL;
}

const char *
cks_answer_kind_name(enum cks_answer_kind kind)
{
	static const char *const names[] = {
		[CKS_ANSWER_FOUND] = "found",
		[CKS_ANSWER_NONE] = "none",
		[CKS_ANSWER_CONFLICTING] = "conflicting",
		[CKS_ANSWER_RANGE] = "range",
		[CKS_ANSWER_OUT_OF_SCALE] = "out_of_scale",
	};

	if ((unsigned)kind < sizeof(names) / sizeof(names[0]))
		return names[kind];
	return "unknown";
}
