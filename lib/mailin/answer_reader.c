/* The answer reader's ground work (see answer_reader.h): phrases matched
 * on word boundaries, the words that say nothing, the greeting, and
 * where an answer may open the reply. */
#include "autoconfig.h"

#include "answer_reader.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "answer_words.h"
#include "token.h"
#include "utf8.h"

const char *const cks_reader_role_cue[] = {
	"mentioned in running text", "opens the reply, but reads as a count",
	"opens the reply", "alone on its line", "cued", "next to the number",
};

/* Where a phrase says a degree in one way and the text in another of
 * the same strength: "very" after "not" ("not so/too/that satisfied"),
 * and Thai "อย่างมาก" written "อย่างยิ่ง" (very much).  The bytes of text
 * (low 8 bits) and of phrase (above) that agree, or 0. */
static size_t
same_degree(const char *p, const char *phrase, const char *t, const char *end)
{
	static const char *const not_very[] = { "so ", "too ", "that ", NULL };

	/* most mismatches are none of these: out on the first byte */
	if (*p != 'v' && (*p | 0x20) != 'd' &&
	    !((unsigned char)*p == 0xa1 && t < end && (unsigned char)*t == 0xa2) &&
	    !((unsigned char)*p == 0xb8 && t < end && (unsigned char)*t == 0xb9))
		return 0;
	/* "พึงพอใจเป็นอย่างมาก" is "พึงพอใจอย่างมาก": the text's "เป็น" is
	 * skipped (one byte of its first letter agreed with "อ" already) */
	if ((unsigned char)*p == 0xb8 && p > phrase &&
	    strncmp(p - 1, "อย่าง", strlen("อย่าง")) == 0 &&
	    (size_t)(end - t) > strlen("เป็นอย่าง") &&
	    strncmp(t - 1, "เป็นอย่าง", strlen("เป็นอย่าง")) == 0)
		return strlen("เป็น");

	if (strncmp(p, "very ", 5) == 0 && p - phrase >= 4 &&
	    strncasecmp(p - 4, "not ", 4) == 0)
		for (const char *const *v = not_very; *v != NULL; v++) {
			size_t k = strlen(*v);

			if ((size_t)(end - t) > k && strncasecmp(t, *v, k) == 0)
				return (5 << 8) | k;
		}
	/* "unsatisfied" is "dissatisfied" */
	if (strncasecmp(p, "dis", 3) == 0 && (size_t)(end - t) > 2 &&
	    strncasecmp(t, "un", 2) == 0 && strncasecmp(p + 3, t + 2, 6) == 0)
		return (3 << 8) | 2;
	/* the bytes of "อย่าง" agree already, and the first two of "ม" and
	 * "ย": the two differ from inside that letter on */
	if ((size_t)(p - phrase) >= strlen("อย่าง") + 2 &&
	    strncmp(p - 2, "มาก", strlen("มาก")) == 0 &&
	    strncmp(p - 2 - strlen("อย่าง"), "อย่าง", strlen("อย่าง")) == 0 &&
	    (size_t)(end - t) >= strlen("ยิ่ง") - 2 &&
	    strncmp(t - 2, "ยิ่ง", strlen("ยิ่ง")) == 0)
		return ((strlen("มาก") - 2) << 8) | (strlen("ยิ่ง") - 2);
	return 0;
}

/* If phrase starts at word i and ends where a word ends, the index after
 * its last word; else 0. */
size_t
cks_reader_match_at(const struct reader *r, size_t i, const char *phrase)
{
	/* "very" said more strongly is still "very": "Totally dissatisfied"
	 * is "very dissatisfied", not a word of its own to be listed */
	static const char *const very[] = {
		"extremely", "highly", "completely", "totally", "absolutely",
		"fully", "super", "incredibly", "exceptionally", "thoroughly", NULL
	};
	const char *t, *end, *p = phrase;
	size_t q, j, k;

	if (i >= r->n || r->w.word[i].kind == CKS_WORD_NEWLINE)
		return 0;
	t = r->text + r->w.word[i].start;
	end = r->text + r->w.word[r->n - 1].end;
	/* most phrases fail on the first byte: leave before anything else */
	if ((phrase[0] | 0x20) != 'v' && !((phrase[0] | 0x20) == 'd' && (*t | 0x20) == 'u') &&
	    cks_reader_lower((unsigned char)*t) != cks_reader_lower((unsigned char)*phrase))
		return 0;
	if ((phrase[0] | 0x20) == 'v' && strncasecmp(phrase, "very ", 5) == 0)
		for (const char *const *v = very; *v != NULL; v++) {
			size_t m = strlen(*v);

			if (r->w.word[i].end - r->w.word[i].start == m &&
			    strncasecmp(t, *v, m) == 0) {
				t += m;
				p += 4;         /* the blank after "very" */
				break;
			}
		}
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
		} else if (t < end && cks_reader_lower((unsigned char)*t) ==
				      cks_reader_lower((unsigned char)*p)) {
			t++;
			p++;
		} else if ((k = same_degree(p, phrase, t, end)) != 0) {
			/* "not so satisfied" is "not very satisfied",
			 * "ไม่พอใจอย่างยิ่ง" is "ไม่พอใจอย่างมาก" */
			t += k & 0xff;
			p += k >> 8;
		} else {
			return 0;
		}
	}
	/* "ดีมากกก": a Thai letter drawn out is the same word (when the word
	 * ends there: "พอใจ|จ้า" is two) */
	if (p - phrase >= 3 && (unsigned char)p[-3] == 0xe0) {
		const char *u = t;

		while (end - u >= 3 && memcmp(u, p - 3, 3) == 0)
			u += 3;
		for (j = i; u > t && j < r->n && r->text + r->w.word[j].end <= u; j++)
			if (r->text + r->w.word[j].end == u)
				t = u;
	}
	/* "ดีมากๆ" says "ดีมาก" again, not "ดี" and more: the repetition mark
	 * goes with the phrase */
	if (p - phrase < 3 || strncmp(p - 3, "ๆ", 3) != 0) {
		const char *u = t;

		while (u < end && (*u == ' ' || *u == '\t'))
			u++;
		if (end - u >= 3 && strncmp(u, "ๆ", 3) == 0)
			t = u + 3;
	}
	q = (size_t)(t - r->text);
	for (j = i; j < r->n && r->w.word[j].end < q; j++)
		;
	return j < r->n && r->w.word[j].end == q ? j + 1 : 0;
}

/* The longest phrase of list at word i: the index after it, or 0.  The
 * first byte is compared here, since most phrases fail on it. */
size_t
cks_reader_match_any(const struct reader *r, size_t i, const char *const *list)
{
	size_t best = 0, e;
	const unsigned char *t;
	int c;

	if (i >= r->n)
		return 0;
	t = (const unsigned char *)r->text + r->w.word[i].start;
	c = cks_reader_lower(t[0]);
	for (; *list != NULL; list++) {
		const unsigned char *p = (const unsigned char *)*list;

		/* the first character whole: every Thai one starts 0xE0 */
		if (cks_reader_lower(p[0]) != c || (c >= 0x80 &&
		    (r->w.word[i].end - r->w.word[i].start < 3 ||
		     p[1] != t[1] || p[2] != t[2])))
			continue;
		if ((e = cks_reader_match_at(r, i, *list)) > best)
			best = e;
	}
	return best;
}

size_t
cks_reader_line_first(const struct reader *r, size_t i)
{
	while (i > 0 && cks_reader_kind(r, i - 1) != CKS_WORD_NEWLINE)
		i--;
	return i;
}

size_t
cks_reader_line_end(const struct reader *r, size_t i)
{
	while (i < r->n && cks_reader_kind(r, i) != CKS_WORD_NEWLINE)
		i++;
	return i;
}

/* Whether a Thai word follows at e with no space: then what came before
 * is part of a compound ("ค่า|ธรรมเนียม" is a fee, not a slip of "ค่ะ"). */
static int
glued_on(const struct reader *r, size_t e)
{
	size_t a;

	/* the one addressed, alone after it, is no compound ("ค่ะพี่", "ค่ะๆ") */
	if (e < r->n && (a = cks_reader_match_any(r, e, cks_answer_addressed)) != 0 &&
	    (a >= r->n || cks_reader_kind(r, a) == CKS_WORD_NEWLINE ||
	     cks_reader_kind(r, a) == CKS_WORD_PUNCT || r->w.word[a].space_before))
		return 0;
	return e < r->n && cks_reader_kind(r, e) == CKS_WORD_THAI &&
	       !r->w.word[e].space_before && !cks_reader_match_any(r, e, cks_answer_particles);
}

/* Marks the words that say nothing in a short answer: cks_answer_particles,
 * cks_answer_thanks, cks_answer_pronouns, and marks other than a question mark. */
/* The Thai letters of words [i, j) glued together, tone marks, doubled
 * letters and a ร/ล after the first consonant taken away, into core;
 * -1 when they do not fit. */
static int
core_of(const struct reader *r, size_t i, size_t j, char *core, size_t size)
{
	size_t n = 0;
	int32_t prev = 0, c;
	int k = 0;

	for (size_t w = i; w < j; w++) {
		const char *p = r->text + r->w.word[w].start;
		const char *end = r->text + r->w.word[w].end;

		while (p < end) {
			const char *at = p;

			if ((c = cks_utf8_next(&p, end)) < 0)
				return -1;
			/* (the ร of "คร" also inside a run: "นะคร๊าบ") */
			if ((c >= 0x0e48 && c <= 0x0e4b) || c == prev ||
			    ((k == 1 || prev == 0x0e04) && (c == 0x0e23 || c == 0x0e25))) {
				k++;
				continue;
			}
			k = (c == 0x0e1c && prev != 0) ? 0 : k + 1;   /* ...ผม */
			prev = c;
			if (n + (size_t)(p - at) >= size)
				return -1;
			memcpy(core + n, at, (size_t)(p - at));
			n += (size_t)(p - at);
		}
	}
	core[n] = '\0';
	return 0;
}

/* Whether core is one or more particle cores in a row ("คาบผม", "ฮาบ",
 * "คะจา"): how a Thai speaker closes, however it is spelled. */
static int
particle_cores(const char *core)
{
	static const char *const cores[] = {
		"คับ", "คาบ", "คัฟ", "คะ", "คา", "จา", "จะ", "นะ", "นา", "ฮะ",
		"ฮา", "งับ", "ฮับ", "ฮาบ", "คัช", "เดอ", "เนอ", "ละ", "เคอ", "ผม",
		NULL
	};
	int first = 1;

	while (*core != '\0') {
		size_t best = 0;

		for (const char *const *k = cores; *k; k++) {
			size_t len = strlen(*k);

			if (len > best && strncmp(core, *k, len) == 0 &&
			    !(first && strcmp(*k, "ผม") == 0))
				best = len;
		}
		if (best == 0)
			return 0;
		core += best;
		first = 0;
	}
	return !first;
}

/* Whether the Thai word at i is a polite particle however it is spelled:
 * tone marks dropped, a doubled last letter and the ร or ล after the
 * first consonant taken away, it is one of the few particles' cores
 * ("คร้าบบ", "ค่าาา", "คั้บ", "งับ", "จ้าา" are all particles).  Lists
 * of slips are always one spelling short. */
static int
particle_slip(const struct reader *r, size_t i)
{
	char core[64];

	return cks_reader_kind(r, i) == CKS_WORD_THAI &&
	    r->w.word[i].end - r->w.word[i].start <= 30 &&
	    core_of(r, i, i + 1, core, sizeof(core)) == 0 && particle_cores(core);
}

/* A run of Thai words glued together from i that is all particles
 * ("คร้าบผม", "ค้าบบ", "งับบ" however libthai cut them): where it ends,
 * or 0. */
static size_t
particle_run(const struct reader *r, size_t i)
{
	char core[96];
	size_t j = i + 1;
	const unsigned char *c = (const unsigned char *)r->text + r->w.word[i].start;

	/* every particle core begins with ค จ น ฮ ง ล or เ: most words
	 * are out at their first letter */
	if (cks_reader_kind(r, i) != CKS_WORD_THAI || c[0] != 0xe0 ||
	    (c[1] == 0xb8 && memchr("\x84\x88\x99\xae\x87\xa5", c[2], 6) == NULL) ||
	    (c[1] == 0xb9 && c[2] != 0x80))
		return 0;
	while (j < r->n && cks_reader_kind(r, j) == CKS_WORD_THAI &&
	       !r->w.word[j].space_before && j - i < 6)
		j++;
	if (r->w.word[j - 1].end - r->w.word[i].start > 60)
		return 0;
	for (; j > i; j--) {
		/* the run must end where a word does not go on in Thai */
		if (j < r->n && cks_reader_kind(r, j) == CKS_WORD_THAI &&
		    !r->w.word[j].space_before)
			continue;
		if (core_of(r, i, j, core, sizeof(core)) == 0 && particle_cores(core))
			return j;
	}
	return 0;
}

/* "555", "5555+": laughter (ห้า sounds like "ha"), not a number. */
static int
laughter(const struct reader *r, size_t i)
{
	const struct cks_word *w = &r->w.word[i];

	if (w->kind != CKS_WORD_NUMBER || w->digits < 3)
		return 0;
	for (size_t k = w->start; k < w->end; k++)
		if (r->text[k] != '5')
			return 0;
	return 1;
}

/* Laughter and faces typed in Latin letters: "lol", "haha", "XD", and
 * ":D", ":P", "=D" (a mark, then the letter glued to it); and "<3". */
static const char *const latin_laughs[] = {
	"lol", "lolol", "haha", "hahaha", "hehe", "hihi", "xd", "xdd", NULL
};

static int
latin_laugh(const struct reader *r, size_t i)
{
	const struct cks_word *w = &r->w.word[i];

	/* "<3", a heart drawn in text */
	if (w->kind == CKS_WORD_NUMBER && w->end - w->start == 1 &&
	    r->text[w->start] == '3' && i > 0 && cks_reader_is_mark(r, i - 1, "<") &&
	    r->w.word[i - 1].end == w->start &&
	    !(i + 1 < r->n && cks_reader_is_mark(r, i + 1, ">") &&
	      r->w.word[i + 1].start == w->end))
		return 1;
	if (w->kind != CKS_WORD_LATIN)
		return 0;
	if (w->end - w->start == 1 && i > 0 && strchr("DPdp", r->text[w->start]) &&
	    cks_reader_is_mark(r, i - 1, ":;=") && r->w.word[i - 1].end == w->start)
		return 1;
	return cks_reader_match_any(r, i, latin_laughs) == i + 1;
}

/* Saying one has not decided ("ยังไม่แน่ใจ", "not sure yet"). */
static const char *const unsure_words[] = {
	"ไม่แน่ใจ", "ยังไม่แน่ใจ", "ไม่ค่อยแน่ใจ", "ยังไม่ได้ตัดสินใจ",
	"ยังตัดสินใจไม่ได้", "ขอคิดดูก่อน", "ขอคิดก่อน", "not sure", "unsure",
	"undecided", "not certain", "can't decide", "cannot decide",
	"haven't decided", "have not decided", "will confirm later", NULL
};
/* ... about something named after it ("ไม่แน่ใจว่า...", "not sure
 * whether ..."): a remark, not about the answer. */
static const char *const unsure_about[] = {
	"ว่า", "เรื่อง", "about", "whether", "if", "that", "of", "how", "what",
	"when", "where", "why", "who", "ระหว่าง", NULL
};
/* What may stand before it on its line: the speaker, "still", "but". */
static const char *const unsure_lead[] = {
	"i'm", "i am", "im", "i", "still", "but", "honestly", "แต่", "ผม",
	"ดิฉัน", "หนู", "เรา", "ก็", "ตอนนี้", "sorry", "ขอโทษ", NULL
};

void
cks_reader_find_unsure(struct reader *r)
{
	for (size_t i = 0; i < r->n && !r->unsure; i++) {
		const unsigned char *w = (const unsigned char *)r->text + r->w.word[i].start;
		size_t e, s, k;

		/* the first letters first: ไ, ย, ข, or n, u, c, h, w */
		if (w[0] == 0xe0 ? !(w[1] == 0xb9 && w[2] == 0x84) &&
		    !(w[1] == 0xb8 && (w[2] == 0xa2 || w[2] == 0x82)) :
		    strchr("nuchwNUCHW", w[0]) == NULL || w[0] == '\0')
			continue;
		if ((e = cks_reader_match_any(r, i, unsure_words)) == 0)
			continue;
		for (k = e; k < r->n && r->ign[k] &&
		     cks_reader_kind(r, k) != CKS_WORD_NEWLINE &&
		     cks_reader_kind(r, k) != CKS_WORD_PUNCT; k++)
			;
		if (k < r->n && cks_reader_match_any(r, k, unsure_about) != 0)
			continue;
		/* it opens its line, after the speaker at most: a remark
		 * whose subject comes first ("เรื่องพิกัด ... ยังไม่แน่ใจ") is
		 * about that */
		for (s = cks_reader_line_first(r, i); s < i;) {
			size_t x = cks_reader_match_any(r, s, unsure_lead);

			if (x > s)
				s = x;
			else if (r->ign[s])
				s++;
			else
				break;
		}
		r->unsure = s == i;
	}
}

void
cks_reader_mark_fillers(struct reader *r)
{
	for (size_t i = 0; i < r->n;) {
		size_t e;

		if (cks_reader_kind(r, i) == CKS_WORD_PUNCT && !cks_reader_is_mark(r, i, "?")) {
			/* "<3", a heart drawn in text: says nothing */
			if (cks_reader_is_mark(r, i, "<") && i + 1 < r->n &&
			    !r->w.word[i + 1].space_before &&
			    cks_reader_kind(r, i + 1) == CKS_WORD_NUMBER &&
			    r->w.word[i + 1].value == 3 && r->w.word[i + 1].digits == 1 &&
			    !(i + 2 < r->n && !r->w.word[i + 2].space_before &&
			      cks_reader_kind(r, i + 2) != CKS_WORD_NEWLINE))
				r->ign[i + 1] = 1;
			r->ign[i++] = 1;
			continue;
		}
		if (particle_slip(r, i) && !glued_on(r, i + 1)) {
			r->ign[i++] = 1;
			continue;
		}
		/* a particle run stands after a particle, a blank, a number
		 * or at the start, never inside a Thai word */
		if ((i == 0 || r->ign[i - 1] || r->w.word[i].space_before ||
		     cks_reader_kind(r, i - 1) == CKS_WORD_NUMBER) &&
		    (e = particle_run(r, i)) != 0) {
			while (i < e)
				r->ign[i++] = 1;
			continue;
		}
		/* after a particle, the one addressed ("ค่ะพี่ๆ", "ครับคุณ")
		 * and a repeat mark; "555", Thai laughter */
		e = 0;
		if ((i > 0 && r->ign[i - 1] && cks_reader_kind(r, i - 1) != CKS_WORD_PUNCT &&
		     (e = cks_reader_match_any(r, i, cks_answer_addressed)) != 0 &&
		     (e >= r->n || cks_reader_kind(r, e) == CKS_WORD_NEWLINE ||
		      cks_reader_kind(r, e) == CKS_WORD_PUNCT || r->w.word[e].space_before)) ||
		    laughter(r, i) || latin_laugh(r, i)) {
			e = e > i ? e : i + 1;
			while (i < e)
				r->ign[i++] = 1;
			continue;
		}
		if (((e = cks_reader_match_any(r, i, cks_answer_particles)) == 0 || glued_on(r, e)) &&
		    (e = cks_reader_match_any(r, i, cks_answer_thanks)) == 0 &&
		    (e = cks_reader_match_any(r, i, cks_answer_pronouns)) == 0 &&
		    (e = cks_reader_match_any(r, i, cks_answer_interjections)) == 0) {
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
	    cks_reader_lower((unsigned char)r->text[w->start]) != 'r' || i + 1 >= r->n ||
	    !r->w.word[i + 1].space_before)
		return 0;
	s = r->w.word[i + 1].start;
	for (j = i + 2; j < r->n && !r->w.word[j].space_before &&
	     cks_reader_kind(r, j) != CKS_WORD_NEWLINE; j++)
		;
	e = r->w.word[j - 1].end;
	return cks_token_parse(r->text + s, e - s, token) == 0 ? j : 0;
}

static int
number_on_line(const struct reader *r, size_t i)
{
	for (size_t k = cks_reader_line_first(r, i), e = cks_reader_line_end(r, i); k < e; k++)
		if (cks_reader_kind(r, k) == CKS_WORD_NUMBER && r->w.word[k].digits == 1)
			return 1;   /* "สวัสดีค่ะ ทีมงาน 1169" names a desk */
	return 0;
}

/* Whether a word of the scale stands on the line after i ("สวัสดีค่ะ
 * ประทับใจมากค่ะ"): then only the greeting itself is set aside.  Not an
 * everyday word: "Hi. I am fine." greets. */
static int
scale_word_on_line(const struct reader *r, size_t i)
{
	for (size_t k = i, e = cks_reader_line_end(r, i); k < e; k++) {
		const unsigned char *t = (const unsigned char *)r->text + r->w.word[k].start;

		if (r->ign[k] || cks_reader_kind(r, k) == CKS_WORD_PUNCT)
			continue;
		for (size_t p = 0; p < r->nph; p++) {
			const unsigned char *q = (const unsigned char *)r->ph[p].text;

			/* the first character whole, as in match_any */
			if (cks_reader_lower(q[0]) != cks_reader_lower(t[0]) ||
			    (t[0] >= 0x80 && (q[1] != t[1] || q[2] != t[2])))
				continue;
			if (r->ph[p].code >= 0 && !r->ph[p].weak &&
			    cks_reader_match_at(r, k, r->ph[p].text))
				return 1;
		}
	}
	return 0;
}

/* Greeting lines (and a greeting opening a line) are set aside; the
 * first word after them is where an answer may open the reply. */
void
cks_reader_find_opening(struct reader *r)
{
	size_t i = 0, e;

	for (;;) {
		while (i < r->n && (cks_reader_kind(r, i) == CKS_WORD_NEWLINE || r->ign[i]))
			i++;
		if (i >= r->n)
			break;
		if ((e = cks_reader_match_any(r, i, cks_answer_greetings)) == 0) {
			if ((e = sms_prefix(r, i)) == 0)
				break;
			while (i < e)
				r->used[i++] = 1;
			continue;
		}
		/* "Dear ...", "เรียน ..." and a greeting line without a number
		 * ("สวัสดีค่ะ เจ้าหน้าที่ทุกท่าน") are set aside whole; one that
		 * goes on after the one greeted and a comma ("Hi team, my
		 * answer is 2", "Dear DITP, I'd pick 1. ...") up to the comma */
		{
			size_t le = cks_reader_line_end(r, i), m = e, words = 0;

			while (m < le && words <= 3 && !cks_reader_is_mark(r, m, ",!") &&
			       cks_reader_kind(r, m) != CKS_WORD_NUMBER)
				words += !r->ign[m++];
			if (m < le && cks_reader_is_mark(r, m, ",!") &&
			    (number_on_line(r, m) || scale_word_on_line(r, m)))
				e = m + 1;
			else if (cks_reader_match_at(r, i, "dear") || cks_reader_match_at(r, i, "เรียน") ||
				 cks_reader_match_at(r, i, "ถึง") ||
				 (!number_on_line(r, i) && !scale_word_on_line(r, e)))
				e = le;
		}
		while (i < e)
			r->used[i++] = 1;
	}
	r->open_word = i;
}

struct cand *
cks_reader_add_cand(struct reader *r, int code, int word, enum role role, size_t first,
	 size_t last, const char *cue)
{
	struct cand *c;

	if (r->nc >= MAX_CANDS)
		return NULL;
	c = &r->c[r->nc++];
	memset(c, 0, sizeof(*c));
	c->code = code;
	c->word = word;
	c->role = role;
	c->first = first;
	c->last = last;
	c->line = r->w.word[first].line;
	snprintf(c->cue, sizeof(c->cue), "%s", cue ? cue : cks_reader_role_cue[role]);
	return c;
}

/* Whether words [from, to) on the line hold only fillers.  With frames,
 * the words that frame a scale word count as fillers too, and a number's
 * answer does not: a scale word after it is the customer's comment. */
int
cks_reader_only_fillers(const struct reader *r, size_t from, size_t to, int frames)
{
	for (size_t i = from; i < to;) {
		size_t e;

		if (frames && r->used[i] == 2)
			return 0;
		/* (a frame may open with a word that says nothing alone: "I
		 * think") */
		if (frames && (e = cks_reader_match_any(r, i, cks_answer_frame_words)) != 0) {
			i = e;
			continue;
		}
		if (r->ign[i] || r->used[i]) {
			i++;
			continue;
		}
		if (frames && !r->graded && (e = cks_reader_match_any(r, i, cks_answer_grades)) != 0) {
			i = e;
			continue;
		}
		return 0;
	}
	return 1;
}

/* The scale's top code. */
int
cks_reader_scale_max(const struct cks_channel_plugin *ch)
{
	int hi = 0;

	for (size_t i = 0; i < ch->scale_count; i++)
		hi = ch->scale[i].code > hi ? ch->scale[i].code : hi;
	return hi;
}

int
cks_reader_lowest_best(const struct cks_channel_plugin *ch)
{
	const struct cks_rating_option *lo = NULL, *hi = NULL;

	for (size_t i = 0; i < ch->scale_count; i++) {
		if (lo == NULL || ch->scale[i].code < lo->code)
			lo = &ch->scale[i];
		if (hi == NULL || ch->scale[i].code > hi->code)
			hi = &ch->scale[i];
	}
	return lo != NULL && lo->satisfied && !hi->satisfied;
}

int
cks_reader_on_scale(const struct cks_channel_plugin *ch, int code)
{
	for (size_t i = 0; i < ch->scale_count; i++)
		if (ch->scale[i].code == code)
			return 1;
	return 0;
}

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

/* The phrases of the last scales seen by this thread, sorted: each reply
 * would otherwise sort the same sixty phrases again (a few scales, since
 * replies of the desk's channels come in mixed).  Valid while the
 * plugin's strings are the same pointers with the same bytes (a plugin
 * reloaded at the same address with other words has another hash). */
struct phrase_cache {
	const char *texts[MAX_PHRASES];
	size_t count;
	uint64_t hash;
	struct phrase ph[MAX_PHRASES];
	size_t nph;
	int graded;
};

/* Scales kept per thread: one per channel of a usual desk. */
#define CACHED_SCALES 4

struct phrase_caches {
	struct phrase_cache slot[CACHED_SCALES];
	size_t next;            /* the slot to fill next */
};

static pthread_once_t cache_once = PTHREAD_ONCE_INIT;
static pthread_key_t cache_key;
static int cache_ok;

static void
cache_init(void)
{
	/* freed with its thread */
	cache_ok = pthread_key_create(&cache_key, free) == 0;
}

static void
collect(const struct cks_channel_plugin *ch, const char **texts, size_t *n,
	uint64_t *hash)
{
	uint64_t h = 14695981039346656037ULL;

#define TAKE(t, code) do { \
		if ((t) != NULL && *n < MAX_PHRASES) { \
			texts[(*n)++] = (t); \
			h = (h ^ (uint64_t)(code)) * 1099511628211ULL; \
			for (const char *c_ = (t); *c_; c_++) \
				h = (h ^ (unsigned char)*c_) * 1099511628211ULL; \
		} \
	} while (0)
	*n = 0;
	for (size_t i = 0; i < ch->scale_count; i++) {
		const struct cks_rating_option *o = &ch->scale[i];

		TAKE(o->label.th, o->code);
		TAKE(o->label.en, o->code);
		for (size_t j = 0; o->words_th && o->words_th[j]; j++)
			TAKE(o->words_th[j], o->code);
		for (size_t j = 0; o->words_en && o->words_en[j]; j++)
			TAKE(o->words_en[j], o->code + 1000);
	}
#undef TAKE
	*hash = h;
}

static void
build_phrases(struct reader *r)
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

void
cks_reader_scale_phrases(struct reader *r)
{
	const char *texts[MAX_PHRASES];
	struct phrase_caches *all;
	struct phrase_cache *c;
	size_t n;
	uint64_t hash;

	pthread_once(&cache_once, cache_init);
	all = cache_ok ? pthread_getspecific(cache_key) : NULL;

	collect(r->channel, texts, &n, &hash);
	for (size_t k = 0; all != NULL && k < CACHED_SCALES; k++) {
		c = &all->slot[k];
		if (c->count == n && c->hash == hash &&
		    memcmp(c->texts, texts, n * sizeof(*texts)) == 0) {
			memcpy(r->ph, c->ph, c->nph * sizeof(*r->ph));
			r->nph = c->nph;
			r->graded = c->graded;
			return;
		}
	}
	build_phrases(r);
	if (!cache_ok)
		return;
	if (all == NULL) {
		if ((all = calloc(1, sizeof(*all))) == NULL ||
		    pthread_setspecific(cache_key, all) != 0) {
			free(all);
			return; /* no cache: the next reply builds them again */
		}
	}
	c = &all->slot[all->next];
	all->next = (all->next + 1) % CACHED_SCALES;
	memcpy(c->texts, texts, n * sizeof(*texts));
	c->count = n;
	c->hash = hash;
	memcpy(c->ph, r->ph, r->nph * sizeof(*r->ph));
	c->nph = r->nph;
	c->graded = r->graded;
}
