/* Numbers as answers (see answer.h): cues before and after, the units,
 * classifiers and glued punctuation that make a number something else,
 * ranges and lists, and the scale word copied next to a number. */
#include "autoconfig.h"

#include "answer_reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer_words.h"

/* Whether some cue ends right at word s ("ตอบ|ข้อ 2"), or one gap word
 * before it ("ตอบ|เป็น|ข้อ 2", "answer|is|option 2"): where that cue
 * starts, or (size_t)-1. */
static size_t
ends_cue(const struct reader *r, size_t s)
{
	for (int gap = 0; gap < 2; gap++) {
		size_t g = (size_t)-1;

		for (size_t t = s > 3 ? s - 3 : 0; t < s; t++)
			if (cks_reader_match_any(r, t, cks_answer_cues_before) == s)
				return t;
		for (size_t t = s > 3 ? s - 3 : 0; t < s && g == (size_t)-1; t++)
			if (cks_reader_match_any(r, t, cks_answer_cue_gap) == s &&
			    r->w.word[t].line == r->w.word[s].line)
				g = t;
		if (g == (size_t)-1)
			return (size_t)-1;
		s = g;
	}
	return (size_t)-1;
}

/* "ข้าพเจ้าขอประเมินในระดับ 5": "ในระดับ" is how Thai puts a rating on
 * its scale, no level of a thing (English "on level 5" may be a floor). */
static int
in_level(const struct reader *r, size_t s)
{
	return s > 0 && cks_reader_match_at(r, s - 1, "ใน") == s &&
	    cks_reader_match_at(r, s, "ระดับ") > s;
}

/* The cue that ends right before word k (fillers between skipped):
 * where it starts, or (size_t)-1. */
static size_t
cue_before(const struct reader *r, size_t k, const char **which)
{
	size_t j = k, gap = 0, thing = NO_CUE;

	for (;;) {
		for (size_t s = j > 4 ? j - 4 : 0; s < j; s++) {
			for (const char *const *c = cks_answer_cues_before; *c; c++) {
				if (cks_reader_match_at(r, s, *c) != j)
					continue;
				/* "going with option 2": a cue before the cue */
				if (ends_cue(r, s) != (size_t)-1) {
					*which = *c;
					return ends_cue(r, s);
				}
				/* "ลิงก์ในข้อ 2", "the link in item 2"; a verb
				 * after "to" is no place ("I'd like to choose 2") */
				if (cks_reader_match_any(r, s, cks_answer_line_cues) == j &&
				    !in_level(r, s) &&
				    ((s > 0 && cks_reader_match_any(r, s - 1,
				      cks_answer_prepositions) == s) ||
				     (!cks_reader_only_fillers(r, cks_reader_line_first(r, s), s, 0) &&
				      !cks_reader_led_in(r, s) && !cks_reader_after_list(r, s)))) {
					thing = THING;
					continue;
				}
				*which = *c;
				return s;
			}
		}
		if (thing == THING)
			return THING;
		if (j == 0 || gap++ >= CUE_GAP)
			return (size_t)-1;
		/* step back over one filler word */
		{
			size_t s, found = (size_t)-1;

			for (s = j > 3 ? j - 3 : 0; s < j; s++)
				if (cks_reader_match_any(r, s, cks_answer_cue_gap) == j) {
					found = s;
					break;
				}
			if (found == (size_t)-1 && r->ign[j - 1] &&
			    cks_reader_kind(r, j - 1) != CKS_WORD_NEWLINE)
				found = j - 1;  /* a particle, an emoji */
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
	while (i + 1 < r->n && cks_reader_is_mark(r, i, "-/.:,") &&
	       !r->w.word[i].space_before && cks_reader_kind(r, i + 1) == CKS_WORD_NUMBER &&
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

/* "I select 2", "ผลการประเมิน 3", "ได้สามคะแนน": the words leading to an
 * answer go with it; where they start. */
static size_t
lead_in(const struct reader *r, size_t first)
{
	for (int more = 1; more;) {
		more = 0;
		/* (five words back: "I would like to|give 4") */
		for (size_t t = first > 5 ? first - 5 : 0; t < first; t++)
			if (r->w.word[t].line == r->w.word[first].line &&
			    (cks_reader_match_any(r, t, cks_answer_pronouns) == first ||
			     cks_reader_match_any(r, t, cks_answer_lead_ins) == first ||
			     cks_reader_match_any(r, t, cks_answer_cues_before) == first)) {
				first = t;
				more = 1;
				break;
			}
	}
	return first;
}

/* The value of a number spelled out at word i, or 0. */
static int
spelled_at(const struct reader *r, size_t i)
{
	if (cks_reader_match_any(r, i, cks_answer_spelled) != i + 1)
		return 0;       /* most words: the first character differs */
	for (size_t v = 0; cks_answer_spelled[v] != NULL; v++)
		if (cks_reader_match_at(r, i, cks_answer_spelled[v]) == i + 1)
			return (int)(v % 5) + 1;
	return 0;
}

/* A cue after the number at k ("คะแนน", "stars", "out of 5", "/5"):
 * the index after it, or 0.  *bad set when "out of N" names another
 * scale. */
static size_t
cue_after(const struct reader *r, size_t k, int *bad)
{
	size_t e, i = k + 1;

	*bad = 0;
	if ((e = cks_reader_match_any(r, i, cks_answer_cues_after)) != 0) {
		size_t o = cks_reader_match_any(r, e, cks_answer_out_of), t;

		/* "Three stars from me", "3 star rating"; not "1 star please
		 * call me", where the words begin the comment */
		if (o == 0 && (t = cks_reader_match_any(r, e,
		    cks_answer_answer_after)) != 0 && (t >= r->n || r->ign[t] ||
		    cks_reader_kind(r, t) == CKS_WORD_NEWLINE ||
		    cks_reader_kind(r, t) == CKS_WORD_PUNCT))
			return t;

		/* "๔ คะแนนเต็ม ๕", "4 points out of 5" */
		if (o == 0 && e < r->n && cks_reader_kind(r, e) == CKS_WORD_NUMBER &&
		    cks_reader_match_at(r, i, "คะแนนเต็ม") == e)
			o = e;
		if (o != 0 && o < r->n && cks_reader_kind(r, o) == CKS_WORD_NUMBER) {
			*bad = r->w.word[o].value != cks_reader_scale_max(r->channel);
			return o + 1;
		}
		return e;
	}
	while (i < r->n && r->ign[i] && !cks_reader_is_mark(r, i, "(") &&
	       cks_reader_kind(r, i) != CKS_WORD_NEWLINE)
		i++;
	/* not glued to a Thai word that goes on: "โดยรวม|พอใจ แต่..." is the
	 * comment's sentence */
	if ((e = cks_reader_match_any(r, i, cks_answer_answer_after)) != 0 &&
	    !(i > k + 1 && cks_reader_sentence_start(r, i) && !r->ign[i]) &&
	    !(i == k + 1 && cks_reader_sentence_start(r, i) && e < r->n &&
	      cks_reader_kind(r, e) == CKS_WORD_LATIN && !r->ign[e]) &&
	    (e >= r->n || r->ign[e] || cks_reader_kind(r, e) != CKS_WORD_THAI ||
	     r->w.word[e].space_before))
		return e;
	i = k + 1;
	if ((e = cks_reader_match_any(r, i, cks_answer_out_of)) != 0 && e < r->n &&
	    cks_reader_kind(r, e) != CKS_WORD_NUMBER && spelled_at(r, e) > 0) {
		/* "four out of five" */
		*bad = spelled_at(r, e) != cks_reader_scale_max(r->channel);
		return e + 1;
	}
	if ((e = cks_reader_match_any(r, i, cks_answer_out_of)) != 0 && e < r->n &&
	    cks_reader_kind(r, e) == CKS_WORD_NUMBER) {
		/* "2 / 3" on a three-option scale may be two answers */
		if (cks_reader_is_mark(r, i, "/") && cks_reader_scale_max(r->channel) < 4)
			return 0;
		*bad = r->w.word[e].value != cks_reader_scale_max(r->channel);
		return e + 1;
	}
	return 0;
}

/* A number deep in a sentence of the comment names a thing ("'2',
 * ขอบคุณน้องที่เคาน์เตอร์ 3 ที่ช่วยกรอกแบบฟอร์ม"): at least three words
 * before it since the line's start or its last number, none a cue, a
 * hedge or a scale word, and the sentence going on after it.  Merely
 * mentioned, it is no second answer; "1 หรือไม่ก็ 2", "3 - maybe 1" stay
 * two answers. */
static int
names_a_thing(const struct reader *r, size_t k)
{
	size_t words = 0, j = k, le = cks_reader_line_end(r, k);
	int goes_on = 0;

	while (j > 0 && r->w.word[j - 1].line == r->w.word[k].line &&
	       cks_reader_kind(r, j - 1) != CKS_WORD_NUMBER) {
		j--;
		if (r->ign[j] || cks_reader_kind(r, j) == CKS_WORD_PUNCT)
			continue;
		if (cks_reader_match_any(r, j, cks_answer_cues_before) ||
		    cks_reader_match_any(r, j, cks_answer_list_words) ||
		    cks_reader_match_any(r, j, cks_answer_range_words))
			return 0;
		for (size_t p = 0; p < r->nph; p++)
			if (cks_reader_match_at(r, j, r->ph[p].text) != 0)
				return 0;
		words++;
	}
	for (size_t e = k + 1; e < le; e++)
		goes_on |= !r->ign[e] && (cks_reader_kind(r, e) == CKS_WORD_THAI ||
		    cks_reader_kind(r, e) == CKS_WORD_LATIN);
	return words >= 3 && goes_on;
}

/* A keycap ("2️⃣"): a choice on a keypad, never a count. */
static int
keycap(const struct reader *r, size_t k)
{
	const struct cks_word *w = &r->w.word[k];

	return w->end - w->start >= 4 &&
	    memcmp(r->text + w->end - 3, "\xe2\x83\xa3", 3) == 0;
}

/* "วันที่ 28": the word for a date's day, with its day after it. */
static int
starts_date(const struct reader *r, size_t i)
{
	size_t e = cks_reader_match_at(r, i, "วันที่");

	return e != 0 && e < r->n && cks_reader_kind(r, e) == CKS_WORD_NUMBER;
}

/* Whether the line above the one starting at ls ends in the middle of a
 * sentence, on a word that wants a number after it ("ก่อนวันที่", "queue
 * no.", "room", "at", "ภายใน"): a line wrapped before its number. */
static int
wrapped_from_above(const struct reader *r, size_t ls)
{
	static const char *const wants_number[] = { "วันที่", "ที่", "เลขที่", "ก่อน",
		"ถึง", "ภายใน", "ประมาณ", "เวลา", "ตอน", "no.", "no", "number", "#",
		"at", "on", "before", "until", "by", "about", "around", "than", NULL };
	size_t j = ls;

	if (j < 2 || cks_reader_kind(r, j - 1) != CKS_WORD_NEWLINE ||
	    cks_reader_kind(r, j - 2) == CKS_WORD_NEWLINE)
		return 0;
	j -= 1;
	for (size_t s = j > 3 ? j - 3 : 0; s < j; s++)
		if (r->w.word[s].line == r->w.word[j - 1].line &&
		    (cks_reader_match_any(r, s, wants_number) == j ||
		     cks_reader_match_any(r, s, cks_answer_thing_nouns) == j))
			return 1;
	return 0;
}

/* A number that starts its line and is set off as the answer: a comma,
 * dash or colon right after it ("2, final answer", "4 - the agent was
 * kind"), or a word for the answer later on its line ("1 would be my
 * score", "1 ข้อนี้ค่ะ"), and no other number on the line.  A full stop
 * is not enough: "1. ..." numbers the points of a comment. */
static int
starts_line(const struct reader *r, size_t ls, size_t first, size_t after,
	    size_t le)
{
	int set_off = 0;

	if (!cks_reader_only_fillers(r, ls, first, 0))
		return 0;
	if (after < le && (cks_reader_is_mark(r, after, ",:") ||
	    (cks_reader_is_mark(r, after, "-") && after + 1 < le &&
	     r->w.word[after + 1].space_before)))
		set_off = 1;
	for (size_t i = after; i < le; i++)
		if (cks_reader_kind(r, i) == CKS_WORD_NUMBER)
			return 0;
	for (size_t i = after; i < le && i < after + 8 && !set_off; i++)
		if (cks_reader_match_any(r, i, cks_answer_answer_nouns) > i)
			set_off = 1;
	/* "1 ยืนยันค่ะ", "2 ตามนั้นเลย", "3 confirmed": the number confirmed */
	if (!set_off && after < le) {
		static const char *const confirming[] = { "ยืนยัน", "ตามนั้น", "จบ",
			"แค่นี้", "confirmed", "confirm", "final", "that's it",
			"that’s it", NULL };
		/* ("3 is final", "1 ตอบไว้แค่นี้ครับ") */
		static const char *const between[] = { "is", "my", "คือ", "เป็น",
			"ตอบ", "ตอบไว้", "ไว้", NULL };
		size_t b = after, e;

		for (int n = 0; n < 2 && (e = cks_reader_match_any(r, b, between)) > b; n++)
			b = e;
		e = cks_reader_match_any(r, b, confirming);
		set_off = e > b && cks_reader_only_fillers(r, e, le, 0);
	}
	return set_off;
}

/* Non-zero if the number at k is part of a word, an amount, an address or
 * a link: "A1", "2nd", "+66", "฿5", "a1@b.c", "http://x/2". */
static int
embedded(const struct reader *r, size_t k)
{
	const struct cks_word *w = &r->w.word[k];
	const char *a = r->text + w->start, *b = r->text + w->end;
	const char *lo = r->text, *hi = r->text + r->w.word[r->n - 1].end;

	/* "<3", a heart drawn in text */
	if (k > 0 && !w->space_before && w->value == 3 && cks_reader_is_mark(r, k - 1, "<") &&
	    !(k + 1 < r->n && !r->w.word[k + 1].space_before && cks_reader_is_mark(r, k + 1, ">")))
		return 1;
	if (k > 0 && !w->space_before && (cks_reader_kind(r, k - 1) == CKS_WORD_LATIN ||
	    cks_reader_is_mark(r, k - 1, "+$@") || cks_reader_match_at(r, k - 1, "฿") == k))
		return 1;
	if (k + 1 < r->n && !r->w.word[k + 1].space_before &&
	    (cks_reader_kind(r, k + 1) == CKS_WORD_LATIN || cks_reader_is_mark(r, k + 1, "%@")))
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
	while (i < r->n && cks_reader_kind(r, i) == CKS_WORD_PUNCT &&
	       (cks_reader_is_mark(r, i, "-:.)]}=,(|>/") ||
		cks_reader_match_at(r, i, "—") || cks_reader_match_at(r, i, "→")))
		i++;
	if (i < r->n && cks_reader_match_at(r, i, "–"))
		i++;
	/* "1 คือ ประทับใจ", "2 = Satisfied": the option named */
	if (i < r->n && cks_reader_match_at(r, i, "คือ") > i)
		i = cks_reader_match_at(r, i, "คือ");
	for (size_t p = 0; p < r->nph; p++) {
		size_t e = cks_reader_match_at(r, i, r->ph[p].text);

		if (e == 0 || r->ph[p].code < 0)
			continue;
		/* "ไม่พอใจ|มาก", "แย่|สุดๆ": an intensifier goes with the word */
		while (e < r->n && !r->w.word[e].space_before &&
		       cks_reader_match_any(r, e, cks_answer_intensifiers) > e)
			e = cks_reader_match_any(r, e, cks_answer_intensifiers);
		/* "5. ไม่ค่อยพอใจเรื่องเวลารอสาย", "4 good advice but...": a
		 * clause, the comment */
		if (!r->ph[p].label && e < r->n && ((cks_reader_kind(r, e) == CKS_WORD_THAI &&
		    !r->w.word[e].space_before && !r->ign[e]) ||
		    (cks_reader_kind(r, e) == CKS_WORD_LATIN && !r->ign[e] &&
		     cks_reader_kind(r, i) == CKS_WORD_LATIN)))
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

	while (j > 0 && cks_reader_is_mark(r, j - 1, "-:=(.,[") )
		j--;
	/* "ไม่พึงพอใจ (ข้อ 3)", "Impressed (option 1)" */
	for (size_t s = j > 2 ? j - 2 : 0; s < j; s++)
		if (cks_reader_match_any(r, s, cks_answer_line_cues) == j) {
			j = s;
			while (j > 0 && cks_reader_is_mark(r, j - 1, "-:=(.,["))
				j--;
			break;
		}
	for (size_t s = j > 6 ? j - 6 : 0; s < j; s++)
		for (size_t p = 0; p < r->nph; p++)
			if (r->ph[p].code == r->w.word[k].value &&
			    cks_reader_match_at(r, s, r->ph[p].text) == j)
				return s;
	return NO_CUE;
}

/* Whether the word at i, right after a number, makes it a count or an
 * amount ("2 documents", "3 วัน"). */
static int
counts_something(const struct reader *r, size_t i)
{
	if (i >= r->n || cks_reader_kind(r, i) == CKS_WORD_NEWLINE)
		return 0;
	/* "4 of our 5 shipments", "2 of the forms": a part of a whole
	 * ("4 of 5" is a score: cks_answer_out_of) */
	static const char *const partitive[] = { "of our", "of the", "of my",
		"of your", "of their", "of them", "of these", "of those", "of us",
		"of all", NULL };

	if (cks_reader_match_any(r, i, cks_answer_units) ||
	    cks_reader_match_any(r, i, partitive))
		return 1;
	return 0;
}

/* Whether a contrast ("แต่", "but") stands in words [from, to): what
 * came before it is half of a mixed remark ("3.. พอใช้ได้ แต่น่าจะเร็ว
 * กว่านี้"), not an answer of its own. */
static int
contrast_in(const struct reader *r, size_t from, size_t to)
{
	static const char *const contrast[] = { "แต่", "แต่ว่า", "but", "though",
		"although", "however", NULL };

	for (size_t i = from; i < to; i++)
		if (cks_reader_match_any(r, i, contrast) > i)
			return 1;
	return 0;
}

/* How many lines start with a number and a full stop ("1. ...", "2.
 * ..."): two or more number the points of a list. */
static size_t
numbered_points(const struct reader *r)
{
	size_t count = 0;

	for (size_t i = 0; i + 1 < r->n; i++)
		if (cks_reader_kind(r, i) == CKS_WORD_NUMBER &&
		    (i == 0 || cks_reader_kind(r, i - 1) == CKS_WORD_NEWLINE) &&
		    cks_reader_is_mark(r, i + 1, ".") && !r->w.word[i + 1].space_before)
			count++;
	return count;
}

/* Whether the clause that goes on after a number asks something before
 * any mark, pause or particle sets it off: "ข้อ 1 กับข้อ 2 ในแบบฟอร์มต่าง
 * กันยังไงคะ", "option 2 is still open?".  A number inside a question is
 * no answer ("ให้ 5 ค่ะ มีสัมมนาอีกไหม" is: the particle ends it). */
static int
asked_after(const struct reader *r, size_t t, size_t le)
{
	static const char *const asking[] = { "ไหม", "มั้ย", "หรือเปล่า", "หรือไม่",
		"ยังไง", "อย่างไร", "อะไร", "เท่าไหร่", "เท่าไร", "ไหน", "ทำไม", "กี่",
		"เมื่อไหร่", "เมื่อไร", "หรือยัง", "ได้ไหม", NULL };

	size_t e;

	for (; t < le; t++) {
		if (cks_reader_is_mark(r, t, "?"))
			return 1;
		/* (a capital begins another sentence: "1 Could you send...?") */
		if (cks_reader_is_mark(r, t, ",.!;:-") || r->w.word[t].space_before > 1 ||
		    (r->ign[t] && t + 1 < le && r->w.word[t + 1].space_before &&
		     cks_reader_kind(r, t) == CKS_WORD_THAI) ||
		    (cks_reader_kind(r, t) == CKS_WORD_LATIN && r->w.word[t].space_before &&
		     r->text[r->w.word[t].start] >= 'A' && r->text[r->w.word[t].start] <= 'Z' &&
		     !cks_reader_match_any(r, t, cks_answer_pronouns)))
			return 0;
		/* a question word ends the clause it asks ("...ต่างกันยังไงคะ");
		 * inside one it is an indefinite ("ไม่มีอะไรเพิ่มเติม") */
		if ((e = cks_reader_match_any(r, t, asking)) > t) {
			while (e < le && r->ign[e] && !r->w.word[e].space_before)
				e++;
			if (e >= le || r->w.word[e].space_before ||
			    cks_reader_kind(r, e) == CKS_WORD_PUNCT)
				return 1;
		}
	}
	return 0;
}

/* Whether code is one of the channel's satisfied options (-1: off the
 * scale). */
static int
satisfied_code(const struct reader *r, int code)
{
	for (size_t i = 0; i < r->channel->scale_count; i++)
		if (r->channel->scale[i].code == code)
			return r->channel->scale[i].satisfied != 0;
	return -1;
}

/* Whether the number at i could be read as an answer at all: on the
 * scale, of one or two digits, not inside a word, an amount, a time
 * ("10.30", "1,500") or a count ("3 more", "1 hour"). */
static int
could_answer(const struct reader *r, size_t i)
{
	const struct cks_word *w = &r->w.word[i];

	if (w->digits > 2 || !cks_reader_on_scale(r->channel, w->value) ||
	    embedded(r, i) || counts_something(r, i + 1))
		return 0;
	if (i + 2 < r->n && !r->w.word[i + 1].space_before &&
	    cks_reader_kind(r, i + 1) == CKS_WORD_PUNCT &&
	    !r->w.word[i + 2].space_before && cks_reader_kind(r, i + 2) == CKS_WORD_NUMBER)
		return 0;
	if (i >= 2 && !w->space_before && cks_reader_kind(r, i - 1) == CKS_WORD_PUNCT &&
	    !r->w.word[i - 1].space_before && cks_reader_kind(r, i - 2) == CKS_WORD_NUMBER)
		return 0;
	return 1;
}

/* "Selection: 4", "ความพึงพอใจ: 4": a few words, a colon, the number. */
static int
after_heading(const struct reader *r, size_t ls, size_t k)
{
	size_t j = k, words = 0;
	int named = 0;

	while (j > ls && r->ign[j - 1] && !cks_reader_is_mark(r, j - 1, ":="))
		j--;
	if (j == ls || !cks_reader_is_mark(r, j - 1, ":="))
		return 0;
	for (size_t i = ls; i + 1 < j; i++) {
		if (cks_reader_kind(r, i) == CKS_WORD_NUMBER)
			return 0;
		/* (a greeting before it on the line is no part of it) */
		words += !r->ign[i] && !r->used[i];
		named |= cks_reader_match_any(r, i, cks_answer_answer_nouns) > i ||
		    cks_reader_match_any(r, i, cks_answer_frame_words) > i ||
		    cks_reader_match_any(r, i, cks_answer_sentiment) > i;
	}
	/* "ความพึงพอใจต่อบริการ: 1": longer when it names what is rated */
	return words >= 1 && (words <= 3 || (named && words <= 6));
}

/* Whether words [ls, k) name what is rated ("Overall", "Satisfaction",
 * "ความพึงพอใจโดยรวม"). */
static int
names_rating(const struct reader *r, size_t ls, size_t k)
{
	for (size_t i = ls; i < k; i++)
		if (cks_reader_match_any(r, i, cks_answer_answer_nouns) > i ||
		    cks_reader_match_any(r, i, cks_answer_frame_words) > i ||
		    cks_reader_match_any(r, i, cks_answer_sentiment) > i)
			return 1;
	return 0;
}

/* The number that ends a short first line ("คิดว่า 4", "Mark me as 4"):
 * a survey reply's first sentence, unless a word before it makes it a
 * time or a place ("at 4", "ตอน 4"). */
static int
ends_opening(const struct reader *r, size_t ls, size_t k, size_t after,
	     size_t le)
{
	static const char *const not_before[] = {
		"at", "in", "on", "by", "to", "until", "before", "after",
		"around", "about", "from", "with", "ที่", "ใน", "เมื่อ", "ตอน",
		"เวลา", "ก่อน", "หลัง", "ถึง", "กับ", "ประมาณ", "ราว", "อีก",
		"เกือบ", "แค่", /* verbs of quantity: "We need 3", "ต้องการ 2" */
		"need", "needs", "want", "wants", "have", "has", "had", "order",
		"ordered", "buy", "bought", "require", "missing", "got", "received",
		"ต้องการ", "อยากได้", "ขอเพิ่ม", "เพิ่ม", "สั่ง", "ซื้อ", "มี", "เหลือ", "ขาด",
		"ได้รับ", "อีก", NULL
	};
	size_t words = 0, j = k;

	/* the reply's first line, or its last below a remark ("รอนาน\n
	 * คิดว่า 3 ค่ะ") */
	if (cks_reader_line_first(r, r->open_word) != ls &&
	    !cks_reader_only_fillers(r, le, r->n, 0))
		return 0;
	if (!cks_reader_only_fillers(r, after, le, 0)) {
		/* "คิดว่า 3 ค่ะ! รอนาน", "Honestly, 1 - the line dropped": set
		 * off from the remark by particles and a mark, or a particle
		 * and a blank */
		size_t t = after;
		int particle = 0;

		while (t < le && r->ign[t] && cks_reader_kind(r, t) != CKS_WORD_PUNCT)
			t++, particle = 1;
		/* "1. What is the fee?\n2. How many days?": a full stop
		 * after a number that starts its line numbers a point when
		 * another line is numbered so too */
		if (t < le && cks_reader_is_mark(r, t, ".") &&
		    cks_reader_only_fillers(r, ls, k, 0) && numbered_points(r) >= 2)
			return 0;
		/* (a spaced colon too, and a comma before a capital: "4 : Keep
		 * up...", "Please register 1, Please add me...") */
		if (t >= le || !((cks_reader_is_mark(r, t, ".!-") && t + 1 < le &&
		    r->w.word[t + 1].space_before) || r->w.word[t].space_before > 1 ||
		    (cks_reader_is_mark(r, t, ":") && r->w.word[t].space_before && t + 1 < le &&
		     r->w.word[t + 1].space_before) ||
		    (cks_reader_is_mark(r, t, ",") && cks_reader_sentence_start(r, t + 1)) ||
		    /* "Overall 4, the queue was long": a comma after what
		     * names the rating */
		    (cks_reader_is_mark(r, t, ",") && t + 1 < le &&
		     r->w.word[t + 1].space_before && names_rating(r, ls, k)) ||
		    cks_reader_sentence_start(r, t) ||
		    (particle && r->w.word[t].space_before &&
		     cks_reader_kind(r, t) == CKS_WORD_THAI) ||
		    /* "Please log 2 สายหลุด...", "Please log 2, สายหลุด...": an
		     * English line goes on in Thai, another sentence */
		    (k > ls && cks_reader_kind(r, k - 1) == CKS_WORD_LATIN &&
		     (cks_reader_kind(r, t) == CKS_WORD_THAI ||
		      (cks_reader_is_mark(r, t, ",") && t + 1 < le &&
		       cks_reader_kind(r, t + 1) == CKS_WORD_THAI)))))
			return 0;
		/* a remark may count things ("200 ตัน", "1 hour") */
		for (size_t i = t; i < le; i++)
			if (cks_reader_kind(r, i) == CKS_WORD_NUMBER && could_answer(r, i))
				return 0;
	}
	while (j > ls && r->ign[j - 1])
		j--;
	for (size_t s = j > 2 ? j - 2 : 0; s < j; s++)
		if (cks_reader_match_any(r, s, not_before) == j)
			return 0;
	if (cks_reader_cue_object(r, ls, j))
		return 0;               /* "เลือกแพ็กเกจ 2": package 2 */
	for (size_t i = ls; i < k; i++) {
		/* "Not satisfied, unfortunately. Item 2": a second sentence
		 * is no longer the reply's opening; the question answered is
		 * ("How satisfied were you? 1", its line break lost in HTML) */
		if (cks_reader_kind(r, i) == CKS_WORD_NUMBER ||
		    (cks_reader_is_mark(r, i, ".!?") && i + 1 < k &&
		     r->w.word[i + 1].space_before &&
		     !(cks_reader_is_mark(r, i, "?") && names_rating(r, ls, i))))
			return 0;
		words += !r->ign[i];
	}
	return words <= 5;
}

void
cks_reader_read_number(struct reader *r, size_t k, size_t *next)
{
	const struct cks_word *w = &r->w.word[k];
	size_t first = k, last = k, e, s, after, direct;
	const struct phrase *ph = NULL;
	struct cand *c;
	const char *cue = NULL, *which = NULL;
	int parts, second = 0, long_part, bad = 0, value = w->value, counted = 0;
	char sep;
	enum role role = R_MENTION;

	*next = chain(r, k, &parts, &sep, &second, &long_part);
	if (r->listed[k] || embedded(r, k))
		return;
	if (parts == 1 && w->digits == 1 && (e = cks_reader_sequence_from(r, k)) != 0) {
		*next = e;      /* "press 1, then 3, then 2" */
		return;
	}
	/* "วันที่ 5-8 มี.ค.", "1-3 pm": a span of days or hours (its unit
	 * maybe wrapped onto the next line) */
	if (parts == 2) {
		size_t u = *next;

		if (u < r->n && cks_reader_kind(r, u) == CKS_WORD_NEWLINE)
			u++;
		if ((u < r->n && cks_reader_match_any(r, u, cks_answer_units) &&
		     !cks_reader_match_any(r, u, cks_answer_not_units)) ||
		    (k > 0 && cks_reader_match_any(r, k - 1, cks_answer_units) == k &&
		     cks_reader_match_at(r, k - 1, "วันที่") == k))
			return;
	}
	if (parts > 2 || (parts == 2 && (long_part || strchr("-,/", sep) == NULL)))
		return;         /* a phone number, a date, a time, a decimal */
	if (parts == 2 && sep == '-') {
		r->has_range = 1;
		r->range_lo = value;
		r->range_hi = second;
		return;
	}
	/* A score counts up ("3 stars", "3/3"): on a scale whose best
	 * answer is 1 it reads backwards, and which was meant is not clear */
	if (parts == 2 && sep == '/' && second == cks_reader_scale_max(r->channel) &&
	    cks_reader_lowest_best(r->channel)) {
		r->score_reversed = 1;
		return;
	}
	if (parts == 2 && sep == '/' && second == cks_reader_scale_max(r->channel) &&
	    second >= 4) {
		parts = 1;      /* "4/5": four out of five */
		role = R_CUED;
		cue = "written as a score (N/max)";
		last = k + 2;
	} else if (parts == 2 && sep == '/' && second == 10 && w->digits == 1) {
		return;
	}
	after = last + 1;
	direct = after;     /* what follows the number itself */
	if (parts == 1 && role != R_CUED && (e = cue_after(r, k, &bad)) != 0) {
		if (bad)
			return;
		if (cks_reader_lowest_best(r->channel) &&
		    (cks_reader_match_any(r, k + 1, cks_answer_cues_after) > k + 1 ||
		     cks_reader_match_any(r, k + 1, cks_answer_out_of) > k + 1)) {
			r->score_reversed = 1;
			return;
		}
		role = R_CUED;
		cue = "a score word after it";
		/* "2 out of 5 stars" */
		e = cks_reader_match_any(r, e, cks_answer_cues_after) ? cks_reader_match_any(r, e, cks_answer_cues_after) : e;
		last = e - 1;
		after = e;
		*next = e;
	}
	/* "ข้อ 2 ในรายการ", "item 2 on the checklist": the number names a
	 * thing inside another ("on the survey" says where the answer is) */
	if (direct == after && after < r->n &&
	    (e = cks_reader_match_any(r, after, cks_answer_place_words)) > after &&
	    !cks_reader_match_any(r, after, cks_answer_answer_after) &&
	    !(e < r->n && cks_reader_kind(r, e) == CKS_WORD_NUMBER))
		return;
	s = cue_before(r, k, role == R_CUED ? &which : &cue);
	/* (one digit only: two are an answer only alone on their line) */
	if (s == NO_CUE && w->digits == 1)
		s = cks_reader_copula_cue(r, k, role == R_CUED ? &which : &cue);
	if (s == NO_CUE && w->digits == 1)
		s = cks_reader_object_cue(r, k, role == R_CUED ? &which : &cue);
	/* (not the points of a numbered list below a heading: "ขอตอบ" /
	 * "1. ..." / "2. ...") */
	if (s == NO_CUE && w->digits == 1 && role != R_CUED &&
	    !(k + 1 < r->n && cks_reader_is_mark(r, k + 1, ".") && numbered_points(r) >= 2) &&
	    (s = cks_reader_cue_above(r, k)) != NO_CUE)
		cue = "a cue on the line above";
	if (s == THING && role != R_CUED && label_before(r, k) == NO_CUE)
		return;         /* "เอกสารข้อ 3 เปิดไม่ได้": the third document */
	if (s != NO_CUE && s != THING) {
		/* "number 32", "ข้อ 12": a noun cue before two digits names
		 * a thing, no option of a one-digit scale */
		if (w->digits == 2 && role != R_CUED && cue != NULL &&
		    cks_reader_match_any(r, s, cks_answer_line_cues) > s)
			return;
		if (cks_reader_menu_entry(r, s, k))
			return;         /* "Press 1 for Thai" */
		role = R_CUED;
		first = s;
	}
	if (cks_reader_referred_to(r, first))
		return;                 /* "Re point 5", "เกี่ยวกับข้อ 3" */
	/* What comes right after: a unit makes it an amount or a count
	 * ("ให้ 2 วัน", "3 Dec"); an English word, a count if not cued.  A
	 * keycap is never a count, and "วันที่ 28" after it begins a date. */
	if (direct == after && after < r->n && cks_reader_match_any(r, after, cks_answer_units) &&
	    !cks_reader_match_any(r, after, cks_answer_not_units) && !keycap(r, k) &&
	    !starts_date(r, after) && !((role == R_CUED || label_before(r, k) != NO_CUE) &&
	    r->w.word[after].space_before > 1))
		return;
	/* "สายตัดไป 1\nครั้ง": a line wrapped between a number and its unit
	 * (a cued number ends its line on purpose: "คำตอบ: ๒\nสายหลุด...") */
	if (role != R_CUED && after + 1 < r->n && cks_reader_kind(r, after) == CKS_WORD_NEWLINE &&
	    cks_reader_match_any(r, after + 1, cks_answer_units) &&
	    !cks_reader_only_fillers(r, cks_reader_line_first(r, k), first, 0))
		return;
	if (role != R_CUED && after < r->n && cks_reader_kind(r, after) == CKS_WORD_LATIN &&
	    (counts_something(r, after) || (direct == after && cks_reader_english_count(r, after))))
		counted = 1;
	/* "Register 3 participants", "I choose 2 samples": a plural noun
	 * right after a cued number makes the cue count things (a remark
	 * would be set off: "4 - services were quick") */
	if (role == R_CUED && direct == after && r->w.word[after].space_before == 1 &&
	    cks_reader_english_count(r, after))
		return;
	/* "กด 1 แล้วไม่มีคนรับสาย", "pressed 2 and then waited": a step of a
	 * story told on ("5 แล้วค่ะ", already 5, is not) */
	if (direct == after && after < r->n &&
	    (e = cks_reader_match_any(r, after, cks_answer_sequence_words)) > after &&
	    e < r->n && !r->ign[e] && r->w.word[e].line == w->line &&
	    (cks_reader_kind(r, e) == CKS_WORD_THAI || cks_reader_kind(r, e) == CKS_WORD_LATIN))
		return;
	/* "แบบฟอร์มหน้า 4", "room 305": the number names a thing */
	if (role != R_CUED && w->digits == 1 && cks_reader_thing_before(r, k))
		return;
	/* "0 2 4 6": a sequence of numbers, not "1 2" (two answers) */
	if (role != R_CUED && after < r->n && cks_reader_kind(r, after) == CKS_WORD_NUMBER &&
	    !cks_reader_only_fillers(r, after + 1, cks_reader_line_end(r, after), 0))
		counted = 1;
	/* The scale word copied with the number belongs to the answer; one
	 * that names another option is a conflict if it is that option's
	 * label ("2 ไม่พึงพอใจ"), else the start of the comment ("5 - good
	 * service"). */
	if ((e = label_after(r, after, &ph)) != 0) {
		/* ... unless it says the other side of the scale outright
		 * ("5 ไม่พอใจ", "1 แย่มาก" where 1 is the best) */
		if (ph->code != value && !ph->label &&
		    (ph->weak || satisfied_code(r, ph->code) == satisfied_code(r, value) ||
		     contrast_in(r, e, cks_reader_line_end(r, e))))
			ph = NULL;
		else
			last = e - 1, after = e;
	}
	if (w->digits > 2 || (w->digits == 2 && role != R_CUED &&
	    !(cks_reader_only_fillers(r, cks_reader_line_first(r, k), k, 0) &&
	      cks_reader_only_fillers(r, k + 1, cks_reader_line_end(r, k), 0))))
		return;
	if (role != R_CUED) {
		size_t ls = cks_reader_line_first(r, k), le = cks_reader_line_end(r, k);

		if (cks_reader_only_fillers(r, ls, first, 0) && cks_reader_only_fillers(r, after, le, 0) &&
		    wrapped_from_above(r, ls))
			return;         /* "...หมดอายุก่อนวันที่\n30": the line above goes on */
		if (cks_reader_only_fillers(r, ls, first, 0) && cks_reader_only_fillers(r, after, le, 0))
			role = R_ALONE;
		else if (label_before(r, k) != NO_CUE &&
			 cks_reader_only_fillers(r, ls, label_before(r, k), 0) &&
			 cks_reader_only_fillers(r, after, le, 0))
			role = R_ALONE, cue = "after its label, alone on its line",
			first = label_before(r, k);
		else if (label_before(r, k) == r->open_word)
			role = R_OPENING, cue = "after its label";
		else if (first == r->open_word)
			role = counted ? R_WEAK_OPENING : R_OPENING;
		else if (w->digits == 1 && !counted && after_heading(r, ls, k))
			role = R_CUED, first = ls,
			cue = "after a heading and a colon";
		else if (w->digits == 1 && ends_opening(r, ls, k, after, le))
			role = R_OPENING, first = ls,
			cue = "ends the opening line";
		else if (w->digits == 1 && !counted && starts_line(r, ls, first, after, le))
			role = R_OPENING, cue = "starts a line as the answer";
		else if (w->digits == 2 || counted)
			return;
	}
	if (role >= R_OPENING)
		first = lead_in(r, first);
	/* what the score is for goes with it: "4 stars for the service",
	 * "4 คะแนนสำหรับวันนี้" */
	if (role >= R_OPENING) {
		size_t t = after;

		while (t < r->n && r->ign[t] &&
		       cks_reader_kind(r, t) != CKS_WORD_NEWLINE)
			t++;
		e = cks_reader_match_any(r, t, cks_answer_answer_after);
		/* only as the end of the answer's sentence: "โดยรวมดี" after
		 * it is the comment */
		if (e > t && (e >= r->n || cks_reader_kind(r, e) == CKS_WORD_NEWLINE ||
		    r->ign[e] ||
		    /* or when a new sentence follows: "3 is my final answer
		     * Very good explanation", "1 as my rating พอใจกับ..." */
		    cks_reader_sentence_start(r, e) ||
		    (r->w.word[e].space_before && cks_reader_kind(r, e - 1) == CKS_WORD_LATIN &&
		     cks_reader_kind(r, e) == CKS_WORD_THAI)))
			last = e - 1, after = e;
	}
	if (role == R_MENTION && names_a_thing(r, k))
		return;         /* "ขอบคุณน้องที่เคาน์เตอร์ 3": a place, not a second answer */
	if (role >= R_OPENING && asked_after(r, after, cks_reader_line_end(r, k)))
		role = R_MENTION, cue = NULL;
	cks_reader_add_cand(r, value, 0, role, first, last, cue);
	if (ph != NULL && (c = cks_reader_add_cand(r, ph->code, 1, R_ADJACENT, k, last,
	    NULL)) != NULL)
		c->label = ph->label;

/* Two answers: "1 หรือ 3", "1, 3", "1 2"; a range: "1 ถึง 3". */
	if (parts == 2 && sep == ',') {
		cks_reader_add_cand(r, second, 0, role, k, k + 2, "one of two answers");
		return;
	}
	{
		size_t j = after, ee;
		int range = 0;

		if ((ee = cks_reader_match_any(r, j, cks_answer_range_words)) != 0)
			range = 1;
		else if ((ee = cks_reader_match_any(r, j, cks_answer_list_words)) == 0 &&
			 j < r->n && cks_reader_kind(r, j) == CKS_WORD_NUMBER &&
			 r->w.word[j].space_before)
			ee = j;
		if (ee != 0 && ee < r->n && cks_reader_kind(r, ee) == CKS_WORD_NUMBER &&
		    r->w.word[ee].digits == 1 && !embedded(r, ee) &&
		    !(ee + 1 < r->n && cks_reader_kind(r, ee + 1) == CKS_WORD_NUMBER)) {
			int p2, s2, l2;
			char sp2;

			if (chain(r, ee, &p2, &sp2, &s2, &l2) != ee + 1)
				return;
			if (range) {
				r->has_range = 1;
				r->range_lo = value;
				r->range_hi = r->w.word[ee].value;
			} else if (role >= R_OPENING) {
				cks_reader_add_cand(r, r->w.word[ee].value, 0, role, ee, ee,
				    "one of two answers");
			}
			*next = ee + 1;
		}
	}
}

/* How a spelled number is set off from what follows at e: 2 by a comma
 * or "!" ("Four, please") or by particles and then any mark ("หนึ่งครับ
 * 🙏 : ..."); 1 by a full stop (enough when it opens the reply: "One.
 * The line dropped..."); 0 when not.  "One: the first point" lists. */
static int
set_off(const struct reader *r, size_t e, size_t le)
{
	size_t k = e;
	int particle = 0;

	while (k < le && r->ign[k] && cks_reader_kind(r, k) != CKS_WORD_PUNCT) {
		particle = 1;
		k++;
	}
	while (k < le && cks_reader_kind(r, k) == CKS_WORD_PUNCT &&
	       !cks_reader_is_mark(r, k, ",.:;!-?"))
		k++;        /* an emoji */
	if (k >= le)
		return 0;
	/* a Thai particle and a blank end a clause as a comma does:
	 * "สามค่ะ แต่รอนาน" */
	if (cks_reader_is_mark(r, k, ",!") || (particle && cks_reader_is_mark(r, k, ",.:;!-")) ||
	    /* "Four - Got the list" */
	    (cks_reader_is_mark(r, k, "-") && r->w.word[k].space_before && k + 1 < le &&
	     r->w.word[k + 1].space_before) ||
	    (particle && cks_reader_kind(r, e) == CKS_WORD_THAI && r->w.word[k].space_before &&
	     cks_reader_match_any(r, e, cks_answer_particles) > e))
		return 2;
	return cks_reader_is_mark(r, k, ".") ? 1 : 0;
}

void
cks_reader_spelled_numbers(struct reader *r)
{
	for (size_t i = 0; i < r->n; i++) {
		const char *cue = NULL;
		size_t e, ls, le, c;
		int bad, value;

		if (cks_reader_kind(r, i) != CKS_WORD_THAI &&
		    cks_reader_kind(r, i) != CKS_WORD_LATIN)
			continue;
		if ((value = spelled_at(r, i)) == 0)
			continue;
		e = i + 1;
		if (cks_reader_match_any(r, e, cks_answer_spelled_not))
			continue;
		ls = cks_reader_line_first(r, i);
		le = cks_reader_line_end(r, i);
		c = cue_before(r, i, &cue);
		/* "It's two", "That's five": the reply's only words */
		if (c == NO_CUE) {
			static const char *const its[] = { "it's", "it’s", "it is",
				"that's", "that’s", "that is", NULL };

			for (size_t s = ls; s < i && c == NO_CUE; s++)
				if (cks_reader_match_any(r, s, its) == i &&
				    cks_reader_only_fillers(r, ls, s, 0) &&
				    cks_reader_only_fillers(r, e, le, 0))
					c = s;
		}
		/* Only where it is given as the answer: "two" in running text
		 * is a count. */
		if ((c == NO_CUE || c == THING) && cue_after(r, i, &bad) == 0 &&
		    !(cks_reader_only_fillers(r, ls, i, 0) &&
		      cks_reader_only_fillers(r, e, le, 0) &&
		      (cks_reader_only_fillers(r, r->open_word, ls, 0) ||
		       cks_reader_only_fillers(r, le, r->n, 0))) &&
		    !(cks_reader_only_fillers(r, ls, i, 0) && set_off(r, e, le) &&
		      (set_off(r, e, le) > 1 || cks_reader_only_fillers(r, r->open_word, ls, 0))))
			continue;       /* alone on the first or last line, or set
					 * off: "Four, please"; "One: ..." lists */
		r->w.word[i].kind = CKS_WORD_NUMBER;
		r->w.word[i].value = value;
		r->w.word[i].digits = 1;
	}
}

/* What the words [from, to) hold: list marks of each kind, blanks ("[ ]",
 * "☐") and anything else that says something. */
struct marks {
	int lead, trail, either, blank, other, strike;
	int caption;            /* words after a sign: "← my vote" */
	int pointed;            /* a sign that is no separator ("-", ":") */
};

/* Words that take back or turn what a sign says ("← not this one",
 * "<-- wrong", "✓ but ..."): a sign with one of them picks nothing. */
static const char *const caption_vetoes[] = {
	"wrong", "oops", "cancel", "except", "but", "instead", "or", "ผิด",
	"ยกเลิก", "แต่", "แทน", "หรือ", "เอ๊ะ", NULL
};

/* Whether word i may stand in a sign's caption: no number, no scale word,
 * nothing that negates or takes back. */
static int
caption_word(const struct reader *r, size_t i)
{
	if (cks_reader_kind(r, i) == CKS_WORD_NUMBER ||
	    cks_reader_match_any(r, i, cks_answer_negators) != 0 ||
	    cks_reader_match_any(r, i, caption_vetoes) != 0)
		return 0;
	for (size_t p = 0; p < r->nph; p++)
		if (r->ph[p].code >= 0 && cks_reader_match_at(r, i, r->ph[p].text) != 0)
			return 0;
	return 1;
}

/* Whether word i is made of c alone: "<", "<<"; "~~", Markdown's
 * strike-through that plain-text writers cross out the options they did
 * not choose with ("~~5 Highest~~"); "!", "!!", a sentence's mark, no sign. */
static int
all_of(const struct reader *r, size_t i, char c)
{
	const struct cks_word *w = &r->w.word[i];

	if (w->kind != CKS_WORD_PUNCT || w->end == w->start)
		return 0;
	for (size_t b = w->start; b < w->end; b++)
		if (r->text[b] != c)
			return 0;
	return 1;
}

/* Whether word i is part of two or more c in a row ("<<", ">>>", however
 * the words were cut). */
static int
chevrons(const struct reader *r, size_t i, char c)
{
	const struct cks_word *w = &r->w.word[i];

	if (!all_of(r, i, c))
		return 0;
	return w->end - w->start >= 2 ||
	       (i + 1 < r->n && r->w.word[i + 1].start == w->end && all_of(r, i + 1, c)) ||
	       (i > 0 && r->w.word[i - 1].end == w->start && all_of(r, i - 1, c));
}

/* Blanks beside the others when the pick is a filled sign: "☆"/"★". */
static const char *const more_blanks[] = {
	"☆", "◇", "▫", "◽", "⚪", "⚬", "▯", NULL
};

static struct marks
marks_in(const struct reader *r, size_t from, size_t to)
{
	struct marks m = { 0 };

	for (size_t i = from; i < to;) {
		size_t e;

		if (all_of(r, i, '~')) {
			m.strike = 1;
			e = i + 1;
		} else if (chevrons(r, i, '<')) {
			/* "<<", "<<<": an arrow pointing back, as "«" */
			m.trail = m.pointed = 1;
			e = i + 1;
		} else if (i > 0 && cks_reader_kind(r, i - 1) != CKS_WORD_NEWLINE &&
			   chevrons(r, i, '>')) {
			/* ">>" inside a line (at its start it quotes) */
			m.lead = m.pointed = 1;
			e = i + 1;
		} else if ((e = cks_reader_match_any(r, i, cks_answer_list_lead)) > i)
			m.lead = m.pointed = 1;
		else if ((e = cks_reader_match_any(r, i, cks_answer_list_trail)) > i)
			m.trail = m.pointed = 1;
		else if ((e = cks_reader_match_any(r, i, cks_answer_list_either)) > i) {
			m.either = 1;
			m.pointed |= !cks_reader_is_mark(r, i, "-=/~*+&#_|:");
		}
		else if ((e = cks_reader_match_any(r, i, cks_answer_list_blanks)) > i)
			m.blank = 1;
		else if (cks_reader_is_mark(r, i, "?")) {
			/* "3 Medium ?": asked about, not chosen */
			m.other = 1;
			e = i + 1;
		} else if ((e = cks_reader_match_any(r, i, more_blanks)) > i)
			m.blank = 1;
		else if (all_of(r, i, '!')) {
			/* "Impressed!": said with feeling, not ticked */
			e = i + 1;
		} else if (cks_reader_kind(r, i) == CKS_WORD_PUNCT &&
			 !cks_reader_is_mark(r, i, ".,:;()[]\"'")) {
			/* any other sign beside one option marks it: "👉",
			 * "<<<", "✔️" */
			m.either = 1;
			m.pointed |= !cks_reader_is_mark(r, i, "-=/~*+&#_|:");
			e = i + 1;
		} else if (cks_reader_kind(r, i) == CKS_WORD_LATIN &&
			   r->w.word[i].end - r->w.word[i].start == 1 &&
			   ((i > 0 && cks_reader_is_mark(r, i - 1, "[(")) ||
			    strchr("vV", r->text[r->w.word[i].start]) != NULL)) {
			/* "[v]", "(x)", and the "V" a form is ticked with */
			m.either = 1;
			e = i + 1;
		} else if (!r->ign[i] || cks_reader_kind(r, i) == CKS_WORD_NUMBER) {
			/* after a sign, a few words may say what it means
			 * ("← my vote", "<-- เอาอันนี้") */
			if (m.pointed && caption_word(r, i))
				m.caption++;
			else
				m.other = 1;
			e = i + 1;
		} else {
			e = i + 1;
		}
		i = e;
	}
	if (m.caption > 4)
		m.other = 1;
	return m;
}

/* Whether word i and phrase begin with the same letter (ASCII case
 * folded): a cheap test before matching the phrase. */
static int
same_first_letter(const struct reader *r, size_t i, const char *phrase)
{
	const unsigned char *a = (const unsigned char *)r->text + r->w.word[i].start;
	const unsigned char *b = (const unsigned char *)phrase;

	if (a[0] < 0x80 || b[0] < 0x80)
		return cks_reader_lower(a[0]) == cks_reader_lower(b[0]);
	return a[0] == b[0] && a[1] == b[1] && a[2] == b[2];
}

/* Words that number the options of a list as a form does ("ข้อ 3
 * ปานกลาง", "Option 2: Satisfied", "No. 1 Lowest"): part of the option,
 * not a cue and not a remark beside it. */
static const char *const option_leads[] = {
	"ข้อ", "ข้อที่", "หมายเลข", "ตัวเลือก", "ตัวเลือกที่", "ระดับ", "ระดับที่",
	"option", "no.", "no", "#", "item", "choice", "level", NULL
};

/* Whether the number k is set in stars glued to it, "*5*": the
 * invitation's own bold, as its text part writes it, copied back. */
static int
starred(const struct reader *r, size_t k)
{
	return k > 0 && k + 1 < r->n && cks_reader_is_mark(r, k - 1, "*") &&
	       cks_reader_is_mark(r, k + 1, "*") &&
	       r->w.word[k - 1].end == r->w.word[k].start &&
	       r->w.word[k + 1].start == r->w.word[k].end;
}

/* Where option k starts: its lead word ("ข้อ", "[") if it has one on its
 * line, else k itself. */
static size_t
option_start(const struct reader *r, size_t k)
{
	size_t s = k;

	if (s > 0 && (cks_reader_is_mark(r, s - 1, "[(") || starred(r, k)))
		s--;
	for (size_t b = s > 3 ? s - 3 : 0; b < s; b++)
		if (cks_reader_match_any(r, b, option_leads) == s &&
		    r->w.word[b].line == r->w.word[k].line)
			return b;
	return s;
}

/* The same option's label in the other language after its label, in
 * brackets or after a slash or a dash ("1 = ประทับใจ (Impressed)", "2
 * พึงพอใจ / Satisfied"), as bilingual forms print it: the index after it,
 * or e. */
static size_t
other_label(const struct reader *r, size_t e, int code)
{
	size_t s = e;
	int bracket;

	if (s >= r->n || !cks_reader_is_mark(r, s, "([/-"))
		return e;
	bracket = cks_reader_is_mark(r, s, "([");
	s++;
	for (size_t p = 0; p < r->nph; p++) {
		size_t m;

		if (!r->ph[p].label || r->ph[p].code != code ||
		    (m = cks_reader_match_at(r, s, r->ph[p].text)) == 0)
			continue;
		if (!bracket)
			return m;
		if (m < r->n && cks_reader_is_mark(r, m, ")]"))
			return m + 1;
	}
	return e;
}

/* An option as the invitation lists it: "N label" (marks between; the
 * number may be bracketed, "[3]", "(3)") at the number k; the index after
 * the label, or 0. */
static size_t
option_at(const struct reader *r, size_t k)
{
	size_t e;
	int code;

	if (cks_reader_kind(r, k) != CKS_WORD_NUMBER ||
	    r->w.word[k].digits != 1 || r->listed[k])
		return 0;
	code = r->w.word[k].value;
	for (e = k + 1 + starred(r, k); e < r->n && cks_reader_is_mark(r, e, ".):-=]"); e++)
		;
	if (e >= r->n)
		return 0;
	for (size_t p = 0; p < r->nph; p++) {
		size_t m;

		/* the cheap tests first: the option's own label, its letter */
		if (!r->ph[p].label || r->ph[p].code != code ||
		    !same_first_letter(r, e, r->ph[p].text))
			continue;
		if ((m = cks_reader_match_at(r, e, r->ph[p].text)) != 0)
			return other_label(r, m, code);
	}
	return 0;
}

/* An option as the invitation's list to tap shows it, its label alone
 * ("พึงพอใจ", "Not satisfied"), opening the line that starts at word ls
 * after a few marks: *k where the label starts, the index after it (the
 * longest that matches), or 0; *code its code. */
static size_t
label_option_at(const struct reader *r, size_t ls, size_t *k, int *code)
{
	size_t best = 0, le = ls;

	/* marks only before it ("[X] ", "👉 "): a few words at most */
	while (le < r->n && le < ls + 6 && cks_reader_kind(r, le) != CKS_WORD_NEWLINE &&
	       (cks_reader_kind(r, le) == CKS_WORD_PUNCT ||
		(le > ls && cks_reader_is_mark(r, le - 1, "[(") &&
		 r->w.word[le].end - r->w.word[le].start == 1)))
		le++;
	*k = le;
	/* a label and a sign or two: a short line */
	if (le >= r->n || r->listed[le] || cks_reader_kind(r, le) == CKS_WORD_NEWLINE ||
	    cks_reader_line_end(r, le) > le + 8 || marks_in(r, ls, le).other)
		return 0;
	for (size_t p = 0; p < r->nph; p++) {
		size_t m;

		if (!r->ph[p].label || r->ph[p].code < 0 ||
		    !same_first_letter(r, le, r->ph[p].text))
			continue;
		if ((m = cks_reader_match_at(r, le, r->ph[p].text)) > best) {
			best = m;
			*code = r->ph[p].code;
		}
	}
	return best;
}

#define LIST_MAX 16
#define DRESS_MAX 48

/* What dresses option j's line: the text before the number and after the
 * label, with a separator between. */
static void
dress_of(const struct reader *r, size_t num, size_t end, char *out)
{
	size_t ls = cks_reader_line_first(r, num), le = cks_reader_line_end(r, end);
	size_t a = r->w.word[ls].start, b = r->w.word[num].start;
	size_t c = end < le ? r->w.word[end].start : b, d = le > end ? r->w.word[le - 1].end : c;

	snprintf(out, DRESS_MAX, "%.*s|%.*s", (int)(b - a), r->text + a,
	    (int)(d - c), r->text + c);
}

/* When every line carries a sign, or several do ("■ 1 ... □ 2 ...",
 * "☑️"/"⬜"), the option is the one line dressed unlike all the others,
 * which are dressed alike; with no such line the marks stand as read. */
static void
odd_line_out(const struct reader *r, const size_t *num, const size_t *end,
	     size_t count, int *picked)
{
	char dress[LIST_MAX][DRESS_MAX];
	size_t marked = 0, odd = count;

	for (size_t j = 0; j < count; j++)
		marked += picked[j] != 0;
	if (marked < 2 || count < 3)
		return;
	for (size_t j = 0; j < count; j++)
		dress_of(r, num[j], end[j], dress[j]);
	for (size_t j = 0; j < count; j++) {
		size_t same = 0;

		for (size_t i = 0; i < count; i++)
			same += i != j && strcmp(dress[i], dress[j]) == 0;
		if (same == 0 && odd == count)
			odd = j;                /* unlike every other line */
		else if (same != count - 2)
			return;                 /* no single odd line */
	}
	/* the odd line must carry a mark itself: "✓ ✓ ✓ _ ✓" picks nothing */
	if (odd == count || !picked[odd])
		return;
	for (size_t j = 0; j < count; j++)
		picked[j] = j == odd;
}

/* Whether every option's line opens with the same sign before it ("- ",
 * "• ", Outlook's "· " of a bulleted list): a bullet, which marks none. */
static int
bulleted(const struct reader *r, const size_t *start, size_t count)
{
	const char *first = NULL;
	size_t first_len = 0;

	for (size_t j = 0; j < count; j++) {
		size_t ls = cks_reader_line_first(r, start[j]);
		const char *a = r->text + r->w.word[ls].start;
		size_t len = ls < start[j] ?
		    r->w.word[start[j]].start - r->w.word[ls].start : 0;

		while (len > 0 && (a[len - 1] == ' ' || a[len - 1] == '\t'))
			len--;
		if (len == 0)
			return 0;
		if (first == NULL) {
			first = a;
			first_len = len;
		} else if (len != first_len || memcmp(a, first, len) != 0) {
			return 0;
		}
	}
	return count >= 2;
}

/* The list pasted back one option to a line: a mark on an option's own
 * line is that option's, whichever way it points ("1  Lowest  [X]",
 * "✓ 3  ไม่พึงพอใจ"), words that say it is chosen included ("<-- this
 * one", "(เลือก)": cks_answer_list_trail).  Returns 0 when the options
 * share lines or a line holds other words (then it is not read this
 * way). */
static int
picked_by_lines(const struct reader *r, const size_t *num, const size_t *start,
		const size_t *end, size_t count, int *picked)
{
	size_t struck = 0;
	int bullets;

	for (size_t j = 1; j < count; j++)
		if (r->w.word[num[j]].line == r->w.word[num[j - 1]].line)
			return 0;
	/* the others crossed out: the one left standing is the pick, if
	 * only one is */
	for (size_t j = 0; j < count; j++) {
		struct marks before = marks_in(r, cks_reader_line_first(r, start[j]),
		    start[j]);
		struct marks after = marks_in(r, end[j], cks_reader_line_end(r, end[j]));

		picked[j] = !before.strike && !after.strike;
		struck += !picked[j];
	}
	if (struck > 0) {
		if (struck + 1 != count)
			memset(picked, 0, count * sizeof(*picked));
		return 1;
	}
	bullets = bulleted(r, start, count);
	for (size_t j = 0; j < count; j++) {
		struct marks before = bullets ? (struct marks){ 0 } :
		    marks_in(r, cks_reader_line_first(r, start[j]), start[j]);
		struct marks after = marks_in(r, end[j], cks_reader_line_end(r, end[j]));
		int marked = (before.lead || before.trail || before.either ||
		    after.lead || after.trail || after.either) &&
		    !before.other && !after.other;

		/* words beside an option (a comment's "?" or "-" is no mark) */
		if (!marked && (before.other || after.other))
			return 0;
		picked[j] = marked;
	}
	odd_line_out(r, num, end, count, picked);
	return 1;
}

/* Whether the count codes differ from one another. */
static int
distinct_codes(const int *code, size_t count)
{
	for (size_t j = 1; j < count; j++)
		for (size_t i = 0; i < j; i++)
			if (code[i] == code[j])
				return 0;
	return 1;
}

/* The list's lines are set aside, and each picked option answers:
 * whether one was. */
static int
take_picks(struct reader *r, const size_t *num, const size_t *end, const int *code,
	   const int *picked, size_t count)
{
	int any = 0;

	for (size_t j = 0; j < count; j++) {
		size_t first = cks_reader_line_first(r, num[j]);
		size_t last = cks_reader_line_end(r, num[j]);

		for (size_t k = first; k < last; k++)
			r->listed[k] = 1;
		if (picked[j])
			cks_reader_add_cand(r, code[j], 0, R_CUED, num[j],
			    end[j] - 1, "marked in the pasted list");
		any |= picked[j];
	}
	return any;
}

/* The invitation's list to tap pasted back, labels without numbers, one
 * to a line on lines next to each other ("Impressed\nSatisfied [X]"):
 * read as the numbered list is, a sign on its line picks one.  Returns
 * whether such a list was found (and its lines set aside). */
static int
read_label_list(struct reader *r)
{
	size_t num[LIST_MAX], end[LIST_MAX], count = 0;
	int code[LIST_MAX], picked[LIST_MAX] = { 0 };

	for (size_t ls = 0, k; ls < r->n && count < LIST_MAX;
	     ls = cks_reader_line_end(r, ls) + 1) {
		int c = -1;
		size_t e = label_option_at(r, ls, &k, &c);

		if (e == 0)
			continue;
		/* next to the one before: a list, not two remarks */
		if (count > 0 && (r->w.word[k].line != r->w.word[num[count - 1]].line + 1 ||
		    code[count - 1] == c)) {
			if (count >= 2)
				break;
			count = 0;
		}
		num[count] = k;
		code[count] = c;
		end[count++] = e;
	}
	if (count < 2 || !distinct_codes(code, count) ||
	    !picked_by_lines(r, num, num, end, count, picked))
		return 0;
	take_picks(r, num, end, code, picked, count);
	return 1;
}

/* The number that opens line ls after marks ("~~1 ...", "[ ] 2 ..."),
 * with a word after it: its index, or (size_t)-1. */
static size_t
opening_number(const struct reader *r, size_t ls)
{
	for (size_t k = ls; k < r->n && k < ls + 6; k++) {
		enum cks_word_kind kind = cks_reader_kind(r, k);

		if (kind == CKS_WORD_NEWLINE)
			break;
		if (kind == CKS_WORD_NUMBER) {
			size_t e = k + 1;

			/* "1. ", "2) ": then a word that says something */
			while (e < r->n && cks_reader_is_mark(r, e, ".):-"))
				e++;
			return r->w.word[k].digits == 1 && e < r->n && !r->ign[e] &&
			       cks_reader_kind(r, e) != CKS_WORD_NEWLINE &&
			       cks_reader_kind(r, e) != CKS_WORD_PUNCT &&
			       cks_reader_kind(r, e) != CKS_WORD_NUMBER ? k : (size_t)-1;
		}
		if (kind != CKS_WORD_PUNCT)
			break;
	}
	return (size_t)-1;
}

/* Three or more lines numbered one after another, "N words" each ("1
 * ประทับใจ\n2 พึงพอใจ\n3 ไม่พึงพอใจ", another channel's options, the points
 * of a remark), none of them marked: an enumeration, none of its numbers
 * an answer.  Returns
 * whether one was found (its lines set aside). */
static int
read_enumeration(struct reader *r)
{
	size_t first = (size_t)-1, prev = (size_t)-1, lines = 0, ls;
	int dir = 0;

	for (ls = 0; ls < r->n; ls = cks_reader_line_end(r, ls) + 1) {
		size_t k = opening_number(r, ls);

		int step = k != (size_t)-1 && prev != (size_t)-1 ?
		    r->w.word[k].value - r->w.word[prev].value : 0;

		if ((step == 1 || step == -1) && (lines < 2 || step == dir) &&
		    r->w.word[k].line == r->w.word[prev].line + 1) {
			lines++;
			dir = step;
		} else if (lines >= 3) {
			break;
		} else {
			first = k != (size_t)-1 ? ls : (size_t)-1;
			lines = k != (size_t)-1;
		}
		prev = k;
	}
	if (lines < 3)
		return 0;
	for (size_t l = first, j = 0; j < lines; j++, l = cks_reader_line_end(r, l) + 1) {
		struct marks m = marks_in(r, l, opening_number(r, l));

		if (m.lead || m.trail || m.either)
			return 0;
		m = marks_in(r, opening_number(r, l) + 1, cks_reader_line_end(r, l));
		if (m.lead || m.trail || m.either)
			return 0;
	}
	for (size_t l = first, j = 0; j < lines; j++, l = cks_reader_line_end(r, l) + 1)
		for (size_t k = l; k < cks_reader_line_end(r, l); k++)
			r->listed[k] = 1;
	return 1;
}

/* "~~" at word i (one word or two glued): the index after it, or 0. */
static size_t
double_tilde(const struct reader *r, size_t i)
{
	const struct cks_word *w = &r->w.word[i];

	if (!all_of(r, i, '~'))
		return 0;
	if (w->end - w->start >= 2)
		return i + 1;
	return i + 1 < r->n && all_of(r, i + 1, '~') &&
	       r->w.word[i + 1].start == w->end ? i + 2 : 0;
}

/* Text crossed out with Markdown's "~~...~~" on one line is deleted: no
 * number or word in it is an answer ("~~1 ประทับใจ~~"), nor the comment. */
static void
strike_out(struct reader *r)
{
	if (r->n == 0 || memchr(r->text, '~', r->w.word[r->n - 1].end) == NULL)
		return;
	for (size_t i = 0; i < r->n; i++) {
		size_t a = double_tilde(r, i), b;

		if (a == 0)
			continue;
		for (b = a; b < r->n && cks_reader_kind(r, b) != CKS_WORD_NEWLINE &&
		     double_tilde(r, b) == 0; b++)
			;
		if (b >= r->n || cks_reader_kind(r, b) == CKS_WORD_NEWLINE || b == a) {
			i = b;          /* not closed on its line */
			continue;
		}
		b = double_tilde(r, b);
		for (size_t k = i; k < b; k++)
			r->listed[k] = 1;
		i = b - 1;
	}
}

/* A form's boxes pasted back with numbers only ("( ) 5" / "(•) 4" / "( ) 3"):
 * lines each holding one number and signs, every sign a blank box but on
 * one line, whose number is the pick.  1 when read so. */
static int
read_boxed_numbers(struct reader *r)
{
	size_t num[LIST_MAX], end[LIST_MAX], count = 0, filled = 0;
	int code[LIST_MAX], picked[LIST_MAX] = { 0 };

	for (size_t ls = 0; ls < r->n && count < LIST_MAX;) {
		size_t le = cks_reader_line_end(r, ls), k = le;
		struct marks before, after;

		for (size_t i = ls; i < le; i++)
			if (cks_reader_kind(r, i) == CKS_WORD_NUMBER) {
				k = i;
				break;
			}
		if (k < le && r->w.word[k].digits == 1 && !r->listed[k]) {
			before = marks_in(r, ls, k);
			after = marks_in(r, k + 1, le);
			if (!before.other && !after.other &&
			    (before.blank || before.lead || before.either || after.trail ||
			     after.either)) {
				filled += picked[count] = !before.blank;
				code[count] = r->w.word[k].value;
				end[count] = k + 1;
				num[count++] = k;
			}
		}
		ls = le + 1;
	}
	if (count < 2 || filled != 1 || !distinct_codes(code, count))
		return 0;
	return take_picks(r, num, end, code, picked, count);
}

void
cks_reader_read_list(struct reader *r)
{
	size_t num[LIST_MAX], start[LIST_MAX], end[LIST_MAX], count = 0;
	int picked[LIST_MAX] = { 0 }, code[LIST_MAX], lead_style = 0, trail_style = 0, any = 0;
	struct marks head, tail;

	if (read_boxed_numbers(r))
		return;

	for (size_t k = 0; k < r->n && count < LIST_MAX; k++) {
		size_t e = option_at(r, k);

		if (e == 0)
			continue;
		num[count] = k;
		code[count] = r->w.word[k].value;
		start[count] = option_start(r, k);
		end[count++] = e;
		k = e - 1;
	}
	if (count < 2 && (read_label_list(r) || read_enumeration(r)))
		return;
	if (count < 2)
		strike_out(r);
	/* One option alone on its line with a sign beside it ("5  Highest
	 * ← this one"): the sign is no remark */
	if (count == 1 && picked_by_lines(r, num, start, end, 1, picked) &&
	    picked[0])
		goto take;
	/* One option is an answer ("2 พึงพอใจ"); two or more, each its own
	 * code, are the list pasted back. */
	if (count < 2)
		return;
	if (!distinct_codes(code, count))
		return;
	if (picked_by_lines(r, num, start, end, count, picked))
		goto take;
	/* Which way the marks point: a mark or a blank box before the first
	 * option, or after the last. */
	head = marks_in(r, cks_reader_line_first(r, start[0]), start[0]);
	tail = marks_in(r, end[count - 1],
	    cks_reader_line_end(r, end[count - 1]));
	lead_style = head.lead || head.blank || head.either;
	trail_style = tail.trail || tail.either;
	for (size_t j = 0; j <= count; j++) {
		/* The words between option j-1 and option j: after the one,
		 * before the other, or both when they share a line. */
		size_t from = j == 0 ? cks_reader_line_first(r, start[0]) : end[j - 1];
		size_t to = j == count ? cks_reader_line_end(r, end[count - 1]) :
		    start[j];
		size_t nl = from;
		struct marks before, after;

		while (nl < to && cks_reader_kind(r, nl) != CKS_WORD_NEWLINE)
			nl++;
		if (nl < to) {
			/* on two lines: the rest of one, the start of the next */
			after = marks_in(r, from, nl);
			before = marks_in(r, cks_reader_line_first(r, to), to);
			if (j > 0 && (after.lead || after.trail || after.either))
				picked[j - 1] = 1;
			if (j < count && (before.lead || before.trail ||
			    before.either))
				picked[j] = 1;
			if ((after.other && j < count) || before.other)
				return;     /* words around it: not a list */
			continue;
		}
		after = marks_in(r, from, to);
		if (after.other && j < count)
			return;
		/* on one line: "<--" points back, "[X]" and "->" forward; a
		 * check mark between two options the way the list's first or
		 * last mark points, and to both when that is not known */
		/* a comment after the last option holds no mark ("... 1
		 * Lowest Why so slow?") */
		if (j == count && after.other)
			continue;
		/* a check mark beside an empty box could be either's */
		if (after.either && after.blank)
			lead_style = trail_style = 0;
		if (j > 0 && (after.trail || (after.either && !lead_style)))
			picked[j - 1] = 1;
		/* after the last option nothing follows: "... 1 Lowest [X]" */
		if (j == count && (after.lead || after.either))
			picked[j - 1] = 1;
		if (j < count && (after.lead || (after.either &&
		    (lead_style || !trail_style))))
			picked[j] = 1;
	}
take:
	any = take_picks(r, num, end, code, picked, count);
	/* the invitation quoted whole holds its list to tap too: the mark
	 * may be there */
	if (!any && count >= 2)
		read_label_list(r);
}
