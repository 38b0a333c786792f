/* Recognising the one answer in a reply (see answer.h).
 *
 * Digits come first.  A number counts only where people put an answer:
 * alone on its line ("2", "ข้อ 2", "R <token> 2"), after "กด"/"press" or
 * before "คะแนน"/"stars" anywhere, or opening the reply ("2 ครับ", "5 -
 * ดีมาก"), a greeting line aside.  Digits anywhere else ("waited 2
 * hours") and numbers that belong to something else (081-234-5678,
 * 28/11/2569, 10:30, 1,500, 1169, addresses, links) are just text.  When
 * a number answers, the only words that count with it are the ones right
 * after it, which is how people copy an option from the invitation ("2
 * พึงพอใจ"); the rest is the customer's comment and may say anything.
 *
 * Without a number, the scale's labels and extra words are looked for in
 * the whole reply, longest first, so that "ไม่พึงพอใจ" is found before the
 * "พึงพอใจ" inside it and hides it.  English matches whole words ignoring
 * case; Thai, written without spaces, matches inside words, except that
 * short words (ดี, มาก, น้อย) must begin one, or "สวัสดี" would read as
 * "ดี".  A word after a negation ("ไม่", "not", "un-") is not its option:
 * unless the negated phrase is itself an option's word, it answers
 * nothing. */
#include "autoconfig.h"

#include "answer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "token.h"

#define MAX_CODES 32
#define MAX_PHRASES 160
#define MAX_MATCHES 64
/* An answer sits near the top; nothing is looked for further down. */
#define SCAN_LIMIT (64 * 1024)
/* A Thai word this short (in code points) must begin a word. */
#define SHORT_THAI 4
/* How far around a number to look for an address or link it is part of. */
#define WORD_LOOK 256

#define IS_BLANK(c) ((c) == ' ' || (c) == '\t' || (c) == '\r')
#define IS_SPACE(c) (IS_BLANK(c) || (c) == '\n')
#define IS_ALPHA(c) (((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z'))
#define IS_ALNUM(c) (IS_ALPHA(c) || ((c) >= '0' && (c) <= '9'))
#define LOWER(c) ((c) >= 'A' && (c) <= 'Z' ? (c) + ('a' - 'A') : (c))
#define EN_DASH "\xe2\x80\x93"

/* A number, range or list typed as an answer: "2", "1-3", "1 หรือ 3". */
struct token {
	const char *start, *end;
	int values[2];
	int count;               /* 0: not a candidate */
	int range;
};

struct phrase {
	const char *text;
	size_t len;
	int code;                /* -1: only hides the words inside it */
	int label;               /* the option's own label */
};

struct match {
	const char *start, *end;
	int code;
	int negated;
	int label;
};

/* What was found, before it is judged. */
struct verdict {
	int codes[MAX_CODES];    /* distinct, in order of appearance */
	size_t count;
	const struct token *range;
	int negated;             /* a negated option word was seen */
	const char *after;       /* where the comment starts */
};

/* Words around a number that make it an answer wherever it stands:
 * "กด 2", "press 2"; "5 คะแนน", "5 stars". */
static const char *const press_words[] = { "กด", "กต", "เลือก", "press",
	"option", "choose", "select", NULL };
static const char *const point_words[] = { "คะแนน", "ดาว", "points", "point",
	"stars", "star", NULL };
/* Words that may precede a number alone on its line or opening the
 * reply.  Longer first where one starts another. */
static const char *const prefix_words[] = {
	"กด", "กต", "ตอบ", "เลือก", "ข้อ", "ให้คะแนน", "คะแนน", "ระดับ",
	"press", "answer is", "answer", "choose", "select", "option", "number",
	"no", "score", "rating", "rate", NULL
};
/* "1-3" and "1 ถึง 3" are ranges; "1, 3" and "1 หรือ 3" are two answers. */
static const char *const range_words[] = { "-", EN_DASH, "~", "to", "ถึง", NULL };
static const char *const list_words[] = { ",", "/", "&", "and", "or", "และ",
	"หรือ", NULL };
/* A number followed by one of these is an amount, a time, a duration or
 * a date ("1 ธ.ค.", "3 Dec"). */
static const char *const units[] = {
	"บาท", "นาที", "ชั่วโมง", "ชม.", "วัน", "เดือน", "ปี", "ครั้ง", "คน",
	"โมง", "น.", "%", "baht", "minute", "minutes", "min", "mins", "hour",
	"hours", "hr", "hrs", "day", "days", "week", "weeks", "month", "months",
	"year", "years", "times", "people", "am", "pm",
	"ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.",
	"ต.ค.", "พ.ย.", "ธ.ค.", "มกรา", "กุมภา", "มีนา", "เมษา", "พฤษภา",
	"มิถุนา", "กรกฎา", "สิงหา", "กันยา", "ตุลา", "พฤศจิกา", "ธันวา",
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept",
	"oct", "nov", "dec", "january", "february", "march", "april", "june",
	"july", "august", "september", "october", "november", "december", NULL
};
/* A first line that is only a greeting; the answer may open the next. */
static const char *const greetings[] = {
	"สวัสดี", "เรียน", "ถึง", "dear", "hi", "hello", "good morning",
	"good afternoon", NULL
};
static const char *const negators_th[] = { "ไม่ค่อย", "ไม่ได้", "ไม่", NULL };
static const char *const negators_en[] = { "not", "never", "hardly", "no", NULL };
static const char *const softeners_en[] = { "very", "really", "so", "too",
	"that", "quite", NULL };
/* Common words holding an option's word that mean something else. */
static const char *const hiders[] = {
	"สวัสดี", "ขอบคุณมาก", "ขอบพระคุณมาก", "ดีใจ", "ดีกว่า", "ดีขึ้น",
	"มากกว่า", "มากขึ้น", "มากมาย", "ไม่มาก", "น้อยกว่า", "น้อยลง",
	"อย่างน้อย", "เล็กน้อย", "good morning", "good afternoon",
	"good evening", "good day", "good bye", NULL
};

/* If word starts at p (ASCII case ignored, a space matching any run of
 * blanks), where it ends there; else NULL.  English words must end one. */
static const char *
word_at(const char *p, const char *end, const char *word)
{
	const char *w = word;

	while (*w != '\0') {
		if (*w == ' ') {
			if (p >= end || !IS_BLANK(*p))
				return NULL;
			while (p < end && IS_BLANK(*p))
				p++;
			w++;
		} else if (p < end && LOWER((unsigned char)*p) ==
				      LOWER((unsigned char)*w)) {
			p++;
			w++;
		} else {
			return NULL;
		}
	}
	if (IS_ALPHA(w[-1]) && p < end && IS_ALPHA(*p))
		return NULL;
	return p;
}

static const char *
any_word_at(const char *p, const char *end, const char *const *words)
{
	const char *e;

	for (; *words != NULL; words++)
		if ((e = word_at(p, end, *words)) != NULL)
			return e;
	return NULL;
}

/* Where s starts if the text before p ends with it (case ignored); as a
 * whole word when whole is set and s is English. */
static const char *
ends_with(const char *start, const char *p, const char *s, int whole)
{
	size_t n = strlen(s);

	if ((size_t)(p - start) < n)
		return NULL;
	p -= n;
	for (size_t i = 0; i < n; i++)
		if (LOWER((unsigned char)p[i]) != LOWER((unsigned char)s[i]))
			return NULL;
	if (whole && IS_ALPHA(s[0]) && p > start && IS_ALPHA(p[-1]))
		return NULL;
	return p;
}

static const char *
any_word_before(const char *start, const char *p, const char *const *words)
{
	const char *s;

	for (; *words != NULL; words++)
		if ((s = ends_with(start, p, *words, 1)) != NULL)
			return s;
	return NULL;
}

static const char *
skip_blanks(const char *p, const char *end)
{
	while (p < end && IS_BLANK(*p))
		p++;
	return p;
}

static const char *
skip_blanks_back(const char *start, const char *p)
{
	while (p > start && IS_BLANK(p[-1]))
		p--;
	return p;
}

static const char *
line_start(const char *start, const char *p)
{
	while (p > start && p[-1] != '\n')
		p--;
	return p;
}

static const char *
line_end(const char *p, const char *end)
{
	const char *nl = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;

	return nl != NULL ? nl : end;
}

/* Non-zero if the character before p is a Thai letter, vowel or mark
 * (U+0E01..U+0E4F; the Thai digits come after). */
static int
thai_before(const char *start, const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	if (p - start < 3 || u[-3] != 0xe0)
		return 0;
	return (u[-2] == 0xb8 && u[-1] >= 0x81) || (u[-2] == 0xb9 && u[-1] < 0x90);
}

/* Non-zero if a negation ends right before p: "ไม่", "ไม่ค่อย", "not",
 * "not very", "wasn't", "never". */
static int
negated_before(const char *start, const char *p)
{
	const char *q = skip_blanks_back(start, p), *w;

	for (size_t i = 0; negators_th[i] != NULL; i++)
		if (ends_with(start, q, negators_th[i], 0) != NULL)
			return 1;
	/* English: a negation, or one and a softener ("not very"). */
	for (int pass = 0;; pass++) {
		if (ends_with(start, q, "n't", 0) != NULL ||
		    ends_with(start, q, "n\xe2\x80\x99t", 0) != NULL ||
		    any_word_before(start, q, negators_en) != NULL)
			return 1;
		w = pass == 0 ? any_word_before(start, q, softeners_en) : NULL;
		if (w == NULL)
			return 0;
		q = skip_blanks_back(start, w);
	}
}

/* --- numbers --------------------------------------------------------------- */

/* Bytes of the digit at p (ASCII, Thai ๐-๙ or full-width ０-９) with its
 * value in *value; 0 if there is none. */
static size_t
digit_at(const char *p, const char *end, int *value)
{
	const unsigned char *u = (const unsigned char *)p;

	if (p < end && u[0] >= '0' && u[0] <= '9') {
		*value = u[0] - '0';
		return 1;
	}
	if (end - p >= 3 && ((u[0] == 0xe0 && u[1] == 0xb9) ||
			     (u[0] == 0xef && u[1] == 0xbc)) &&
	    u[2] >= 0x90 && u[2] <= 0x99) {
		*value = u[2] - 0x90;
		return 3;
	}
	return 0;
}

/* Reads the digits at p (a phone's keycap "2️⃣" included); returns their
 * end and sets the value and the number of digits. */
static const char *
read_number(const char *p, const char *end, int *value, int *digits)
{
	size_t n;
	int d;

	*value = *digits = 0;
	while ((n = digit_at(p, end, &d)) > 0) {
		if (++*digits < 6)
			*value = *value * 10 + d;
		p += n;
		if (end - p >= 3 && memcmp(p, "\xef\xb8\x8f", 3) == 0)
			p += 3;
		if (end - p >= 3 && memcmp(p, "\xe2\x83\xa3", 3) == 0)
			p += 3;
	}
	return p;
}

/* Non-zero if punctuation and a digit follow p: "081-", "28/", "10:". */
static int
glued(const char *p, const char *end)
{
	int d;

	return p + 1 < end && strchr("-/.:,", *p) != NULL &&
	       digit_at(p + 1, end, &d) > 0;
}

/* Reads the number group at p into k and returns its end.  k->count is 0
 * for a longer number, or digits joined into a phone number, date, time,
 * decimal or amount. */
static const char *
read_group(const char *p, const char *end, struct token *k)
{
	const char *e, *q, *r;
	int v, digits, v2 = 0, d2, parts = 1, single, d, bare = 0;
	char sep = 0;

	memset(k, 0, sizeof(*k));
	k->start = p;
	e = read_number(p, end, &v, &digits);
	single = digits == 1;
	while (glued(e, end)) {
		sep = *e;
		e = read_number(e + 1, end, &v2, &d2);
		single = single && d2 == 1;
		parts++;
	}
	k->end = e;
	if (!single || parts > 2 || (parts == 2 && strchr("-,/", sep) == NULL))
		return e;
	k->values[0] = v;
	k->values[1] = v2;
	k->count = parts;
	k->range = sep == '-';
	if (parts == 2)
		return e;
	/* Spaced forms: "1 - 3", "1 ถึง 3" (ranges); "1 or 3", "1 2" (two
	 * answers); but "0 2507 7999" is a phone number. */
	q = skip_blanks(e, end);
	if ((r = any_word_at(q, end, range_words)) != NULL)
		k->range = 1;
	else if ((r = any_word_at(q, end, list_words)) == NULL && q > e)
		r = q, bare = 1;
	if (r == NULL || digit_at(r = skip_blanks(r, end), end, &d) == 0) {
		k->range = 0;
		return e;
	}
	q = read_number(r, end, &v2, &d2);
	if (d2 != 1 || glued(q, end)) {
		k->range = 0;
		k->count = !bare;
		return e;
	}
	k->values[1] = v2;
	k->count = 2;
	return k->end = q;
}

/* Non-zero if the group sits inside a word, an amount, an address or a
 * link: "A1", "2nd", "+66", "5%", "฿5", "a1@b.c", "http://x/2". */
static int
embedded(const char *start, const char *end, const struct token *k)
{
	int before = k->start > start ? (unsigned char)k->start[-1] : ' ';
	int after = k->end < end ? (unsigned char)*k->end : ' ';
	const char *a = k->start, *b = k->end;

	if (IS_ALPHA(before) || IS_ALPHA(after) || strchr("+$@", before) ||
	    strchr("%@", after) || ends_with(start, k->start, "฿", 0) != NULL)
		return 1;
	while (a > start && k->start - a < WORD_LOOK && !IS_SPACE(a[-1]))
		a--;
	while (b < end && b - k->end < WORD_LOOK && !IS_SPACE(*b))
		b++;
	for (const char *s = a; s < b; s++)
		if (*s == '@' || (*s == ':' && b - s > 2 && s[1] == '/' &&
				   s[2] == '/'))
			return 1;
	return 0;
}

/* "R <token> " as an SMS answer starts; where it ends, or NULL. */
static const char *
sms_prefix(const char *p, const char *end)
{
	const char *w;
	char token[CKS_TOKEN_SIZE];

	if (end - p < 2 || (*p != 'R' && *p != 'r') || !IS_BLANK(p[1]))
		return NULL;
	for (w = p = skip_blanks(p + 1, end); w < end && !IS_SPACE(*w); w++)
		;
	return cks_token_parse(p, (size_t)(w - p), token) == 0 ? w : NULL;
}

/* Past what a line may put before its answer: "กด", "ข้อ", "No.", "#",
 * "(", "R <token>". */
static const char *
skip_prefix(const char *p, const char *end)
{
	const char *q;

	for (;;) {
		while (p < end && (IS_BLANK(*p) || strchr("([*#", *p) != NULL))
			p++;
		if ((q = any_word_at(p, end, prefix_words)) == NULL &&
		    (q = sms_prefix(p, end)) == NULL)
			return p;
		while (q < end && (IS_BLANK(*q) || strchr(":=.", *q) != NULL))
			q++;
		p = q;
	}
}

/* The lines an answer may open: the first with text, and the next one
 * when the first is a greeting. */
static void
answer_lines(const char *start, const char *end, const char *lines[2])
{
	const char *p = start;

	lines[0] = lines[1] = NULL;
	while (p < end && IS_SPACE(*p))
		p++;
	if (p >= end)
		return;
	lines[0] = line_start(start, p);
	if (any_word_at(p, end, greetings) == NULL)
		return;
	for (p = line_end(p, end); p < end && IS_SPACE(*p); p++)
		;
	if (p < end)
		lines[1] = line_start(start, p);
}

/* Whether a group on the line [ls, le) stands where an answer stands; a
 * "คะแนน" or "stars" after it joins the token. */
static int
answers(const char *start, const char *ls, const char *le, struct token *k,
	const char *const lines[2])
{
	const char *p = skip_blanks_back(start, k->start), *q;

	while (p > start && (p[-1] == ':' || p[-1] == '='))
		p = skip_blanks_back(start, p - 1);
	if (any_word_before(start, p, press_words) != NULL)
		return 1;
	if ((q = any_word_at(skip_blanks(k->end, le), le, point_words)) != NULL) {
		k->end = q;
		return 1;
	}
	if (skip_prefix(ls, le) != k->start)
		return 0;
	for (p = k->end; p < le && (IS_BLANK(*p) || strchr(".)]!", *p)); p++)
		;
	if (p == le)
		return 1;                       /* alone on its line */
	return (ls == lines[0] || ls == lines[1]) &&
	       any_word_at(skip_blanks(k->end, le), le, units) == NULL;
}

/* --- words ------------------------------------------------------------------- */

static void
add_phrase(struct phrase *ph, size_t *n, const char *text, int code, int label)
{
	if (text == NULL || text[0] == '\0' || *n >= MAX_PHRASES)
		return;
	ph[*n] = (struct phrase){ text, strlen(text), code, label };
	++*n;
}

static int
longer_first(const void *a, const void *b)
{
	const struct phrase *x = a, *y = b;

	return x->len < y->len ? 1 : x->len > y->len ? -1 : 0;
}

static size_t
scale_phrases(const struct cks_channel_plugin *channel, struct phrase *ph)
{
	size_t n = 0;

	for (size_t i = 0; i < channel->scale_count; i++) {
		const struct cks_rating_option *o = &channel->scale[i];

		add_phrase(ph, &n, o->label.th, o->code, 1);
		add_phrase(ph, &n, o->label.en, o->code, 1);
		for (size_t j = 0; o->words_th && o->words_th[j]; j++)
			add_phrase(ph, &n, o->words_th[j], o->code, 0);
		for (size_t j = 0; o->words_en && o->words_en[j]; j++)
			add_phrase(ph, &n, o->words_en[j], o->code, 0);
	}
	for (size_t i = 0; hiders[i] != NULL; i++)
		add_phrase(ph, &n, hiders[i], -1, 0);
	qsort(ph, n, sizeof(*ph), longer_first);
	return n;
}

static int
earlier_first(const void *a, const void *b)
{
	const struct match *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start ? 1 : 0;
}

/* Where an "un"/"dis" (or "un-") glued before p starts, or NULL. */
static const char *
negative_prefix(const char *start, const char *p)
{
	const char *q = p > start && p[-1] == '-' ? p - 1 : p, *s;

	if ((s = ends_with(start, q, "un", 1)) == NULL)
		s = ends_with(start, q, "dis", 1);
	return s;
}

/* Every phrase in the text, none overlapping another: longer ones are
 * looked for first.  Sorted by position. */
static size_t
find_words(const char *start, const char *end, const struct phrase *ph,
	   size_t nph, struct match *m)
{
	size_t n = 0, cps;
	int ascii;

	for (size_t i = 0; i < nph; i++) {
		ascii = 1;
		cps = 0;
		for (const char *s = ph[i].text; *s != '\0'; s++) {
			ascii = ascii && (unsigned char)*s < 0x80;
			cps += ((unsigned char)*s & 0xc0) != 0x80;
		}
		for (const char *p = start; p < end && n < MAX_MATCHES; p++) {
			const char *e = word_at(p, end, ph[i].text), *s = p;
			int negated = 0, overlap = 0;

			for (size_t j = 0; e != NULL && j < n; j++)
				overlap |= p < m[j].end && e > m[j].start;
			if (e == NULL || overlap)
				continue;
			if (ascii && p > start &&
			    (IS_ALNUM(p[-1]) || p[-1] == '-')) {
				/* "unsatisfied", "dis-satisfied"; else it is
				 * inside another word */
				if ((s = negative_prefix(start, p)) != NULL)
					negated = 1;
				else if (p[-1] == '-')
					s = p;
				else
					continue;
			} else if (!ascii && cps <= SHORT_THAI &&
				   ph[i].code >= 0 && thai_before(start, p) &&
				   !negated_before(start, p)) {
				continue;
			}
			if (ph[i].code >= 0 && !negated)
				negated = negated_before(start, s);
			m[n++] = (struct match){ s, e, ph[i].code, negated,
						 ph[i].label };
			p = e - 1;
		}
	}
	qsort(m, n, sizeof(*m), earlier_first);
	return n;
}

/* The option word right after a number ("2 พึงพอใจ", "5 - ดีมาก"). */
static const struct match *
word_after(const char *p, const char *end, const struct match *m, size_t n)
{
	for (;;) {
		while (p < end && (IS_BLANK(*p) || strchr("-:.)=,", *p) != NULL))
			p++;
		if (end - p < 3 || memcmp(p, EN_DASH, 3) != 0)
			break;
		p += 3;
	}
	for (size_t i = 0; i < n; i++)
		if (m[i].start == p && m[i].code >= 0 && !m[i].negated)
			return &m[i];
	return NULL;
}

/* --- the outcome ------------------------------------------------------------- */

static void
add_code(struct verdict *v, int code)
{
	for (size_t i = 0; i < v->count; i++)
		if (v->codes[i] == code)
			return;
	if (v->count < MAX_CODES)
		v->codes[v->count++] = code;
}

/* Numbers that answer, with the option words right after them. */
static void
from_numbers(struct verdict *v, const struct token *tok, size_t ntok,
	     const struct match *m, size_t nm, const char *end)
{
	const struct match *w;

	for (size_t i = 0; i < ntok; i++) {
		if (tok[i].range && v->range == NULL)
			v->range = &tok[i];
		for (int j = 0; j < tok[i].count; j++)
			add_code(v, tok[i].values[j]);
		w = word_after(tok[i].end, end, m, nm);
		if (w != NULL)
			add_code(v, w->code);
		/* The label copied from the invitation is part of the answer. */
		if (i == 0)
			v->after = w != NULL && w->label ? w->end : tok[i].end;
	}
}

/* The scale's words anywhere in the reply. */
static void
from_words(struct verdict *v, const struct match *m, size_t nm)
{
	for (size_t i = 0; i < nm; i++) {
		if (m[i].code < 0)
			continue;
		if (m[i].negated) {
			v->negated = 1;
			continue;
		}
		if (v->count == 0)
			v->after = m[i].end;
		add_code(v, m[i].code);
	}
}

/* What follows the answer, trimmed; NULL when nothing does. */
static int
take_comment(struct cks_answer *a, const char *p, const char *end)
{
	for (;;) {
		while (p < end && (IS_SPACE(*p) || strchr("-:.)=,!", *p) != NULL))
			p++;
		if (end - p < 3 || memcmp(p, EN_DASH, 3) != 0)
			break;
		p += 3;
	}
	while (end > p && IS_SPACE(end[-1]))
		end--;
	if (p == end)
		return 0;
	if ((a->comment = malloc((size_t)(end - p) + 1)) == NULL)
		return -1;
	memcpy(a->comment, p, (size_t)(end - p));
	a->comment[end - p] = '\0';
	return 0;
}

/* Judges what was found. */
static int
settle(const struct cks_channel_plugin *channel, const struct verdict *v,
       const char *end, struct cks_answer *a)
{
	int lo = CKS_RATING_CODE_MAX, hi = 0, negative = 0, known = 0;
	size_t used;

	for (size_t i = 0; i < channel->scale_count; i++) {
		const struct cks_rating_option *o = &channel->scale[i];

		lo = o->code < lo ? o->code : lo;
		hi = o->code > hi ? o->code : hi;
		negative |= !o->satisfied;
		known |= v->count == 1 && o->code == v->codes[0];
	}
	if (v->range != NULL) {
		a->kind = CKS_ANSWER_RANGE;
		snprintf(a->reason, sizeof(a->reason), "a range (%d-%d), not one "
		    "answer", v->range->values[0], v->range->values[1]);
	} else if (v->count > 1) {
		a->kind = CKS_ANSWER_CONFLICTING;
		used = (size_t)snprintf(a->reason, sizeof(a->reason), "answers");
		for (size_t i = 0; i < v->count && used < sizeof(a->reason); i++)
			used += (size_t)snprintf(a->reason + used,
			    sizeof(a->reason) - used, "%s%d", i == 0 ? " " :
			    i + 1 == v->count ? " and " : ", ", v->codes[i]);
	} else if (v->count == 0) {
		a->kind = CKS_ANSWER_NONE;
		snprintf(a->reason, sizeof(a->reason), "%s", !v->negated ?
		    "no answer found" : negative ?
		    "a negated option word names no option" :
		    "negative answer not on the scale");
	} else if (!known) {
		a->kind = CKS_ANSWER_OUT_OF_SCALE;
		snprintf(a->reason, sizeof(a->reason), "%d is not on the scale "
		    "%d-%d", v->codes[0], lo, hi);
	} else {
		a->kind = CKS_ANSWER_FOUND;
		a->code = v->codes[0];
		return take_comment(a, v->after, end);
	}
	return 0;
}

/* A reply that is nothing but one longer number: "10" is off the scale,
 * "1169" and longer are not ratings at all. */
static int
whole_number(const char *start, const char *end, struct verdict *v)
{
	const char *p = start, *e;
	int value, digits;

	while (p < end && IS_SPACE(*p))
		p++;
	p = skip_prefix(p, line_end(p, end));
	e = read_number(p, end, &value, &digits);
	if (digits < 2)
		return 0;
	while (e < end && (IS_SPACE(*e) || *e == '.' || *e == '!'))
		e++;
	if (e != end)
		return 0;
	if (digits == 2)
		add_code(v, value);
	v->after = end;
	return 1;
}

int
cks_answer_find(const struct cks_channel_plugin *channel, const char *reply,
		struct cks_answer *answer)
{
	struct phrase phrases[MAX_PHRASES];
	struct match matches[MAX_MATCHES];
	struct token tokens[MAX_CODES], k;
	struct verdict v = { .count = 0 };
	const char *start = reply != NULL ? reply : "", *end, *scan, *p, *ls, *le;
	const char *lines[2];
	size_t nm, ntok = 0;
	int d;

	memset(answer, 0, sizeof(*answer));
	answer->code = -1;
	answer->suggestion = -1;
	end = start + strlen(start);
	scan = end - start > SCAN_LIMIT ? start + SCAN_LIMIT : end;
	while (scan < end && ((unsigned char)*scan & 0xc0) == 0x80)
		scan--;                 /* not inside a character */
	if (whole_number(start, end, &v))
		return settle(channel, &v, end, answer);

	answer_lines(start, scan, lines);
	/* The line is followed as p moves, so that a long line of digits
	 * is not walked again for each of them. */
	ls = start;
	le = line_end(start, scan);
	for (p = start; p < scan && ntok < MAX_CODES;) {
		if (p > le) {
			ls = le + 1;
			le = line_end(ls, scan);
		}
		if (digit_at(p, scan, &d) == 0) {
			p++;
			continue;
		}
		p = read_group(p, le, &k);
		if (k.count > 0 && !embedded(start, scan, &k) &&
		    answers(start, ls, le, &k, lines))
			tokens[ntok++] = k;
	}
	nm = find_words(start, scan, phrases, scale_phrases(channel, phrases),
	    matches);
	if (ntok > 0)
		from_numbers(&v, tokens, ntok, matches, nm, end);
	else
		from_words(&v, matches, nm);
	return settle(channel, &v, end, answer);
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
