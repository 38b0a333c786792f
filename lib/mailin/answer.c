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
#include "answer_reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "answer_words.h"
#include "signature.h"
#include "utf8.h"

static const int role_weight[2][6] = {
	/* number */ { 10, 40, 80, 85, 90, 90 },
	/* word */   { 20, 30, 55, 70, 75, 80 },
};

static int
satisfied(const struct cks_channel_plugin *ch, int code)
{
	for (size_t i = 0; i < ch->scale_count; i++)
		if (ch->scale[i].code == code)
			return ch->scale[i].satisfied;
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
		if (r->c[i].role < R_OPENING || r->c[i].deferred)
			continue;
		numbers |= !r->c[i].word;
		add_code(codes, &n, r->c[i].code);
	}
	/* Another number merely mentioned that could be an answer ("5 ...
	 * actually 4") makes a number answer unclear. */
	if (numbers) {
		for (size_t i = 0; i < r->nc; i++)
			if (!r->c[i].word && r->c[i].role == R_MENTION &&
			    cks_reader_on_scale(r->channel, r->c[i].code) &&
			    answer_line(r, r->c[i].line))
				add_code(codes, &n, r->c[i].code);
		return n;
	}
	if (n == 0)
		return n;
	/* Scale words in the comment below a line that is only the answer
	 * do not disagree with it; on its own line or before, they do.  An
	 * everyday word merely mentioned ("fair" in "the fee was fair") does
	 * not disagree with an option's own words given as the answer. */
	for (size_t i = 0; i < r->nc; i++) {
		size_t line = r->c[i].line;
		int below = 0, strong = 0;

		for (size_t j = 0; j < r->nc; j++) {
			below |= r->c[j].word && r->c[j].role == R_ALONE &&
			    r->c[j].line < line;
			strong |= r->c[j].word && r->c[j].role >= R_OPENING &&
			    !r->c[j].weak;
		}
		if ((r->c[i].word && r->c[i].role == R_MENTION && r->c[i].weak && strong) ||
		    r->c[i].deferred)
			continue;
		if (r->c[i].word && !below)
			add_code(codes, &n, r->c[i].code);
	}
	return n;
}

/* The words right after an answer that still belong to it, up to a
 * break (a comma, a full stop, two blanks, the line's end): two words
 * closed by a particle ("3 ให้ไปค้าบ", "5 เต็มๆค่ะ", "2 แล้วครับ"), or up
 * to four holding a word for the answer ("2, final answer", "4 is what
 * I'd give", "1 ข้อนี้ค่ะ").  Where they end, or k. */
static size_t
answer_tail(const struct reader *r, size_t k)
{
	size_t t = k, words = 0, noun_end = 0;
	int noun = 0, meta = 1, pure = 1;

	if (k < r->n && cks_reader_is_mark(r, k, ","))
		t++;
	/* "5 (คำตอบของดิฉัน)": a bracket of such words alone */
	if (t < r->n && cks_reader_is_mark(r, t, "(")) {
		size_t e = t + 1;
		int said = 0;

		for (; e < r->n && e < t + 8 && cks_reader_kind(r, e) != CKS_WORD_NEWLINE &&
		     !cks_reader_is_mark(r, e, ")"); e++)
			if (!r->ign[e] && cks_reader_kind(r, e) != CKS_WORD_PUNCT) {
				if (cks_reader_match_any(r, e, cks_answer_answer_nouns) > e ||
				    cks_reader_match_any(r, e, cks_answer_spelled) > e)
					said = 1;   /* "(คำตอบ)", "(five)" */
				else if (cks_reader_match_any(r, e, cks_answer_meta_words) == 0)
					break;
			}
		if (said && e < r->n && cks_reader_is_mark(r, e, ")"))
			return e + 1;
	}
	for (; t < r->n && cks_reader_kind(r, t) != CKS_WORD_NEWLINE; t++) {
		size_t e;

		if (t > k && (r->w.word[t].space_before > 1 ||
		    (cks_reader_sentence_start(r, t) && !r->ign[t])))
			break;      /* "... Overall good": the remark begins */
		/* "2 is my selection Response within...": after the word
		 * for the answer, a capital begins the remark */
		if (noun && t >= noun_end && cks_reader_kind(r, t) == CKS_WORD_LATIN &&
		    r->text[r->w.word[t].start] >= 'A' && r->text[r->w.word[t].start] <= 'Z' &&
		    !cks_reader_match_any(r, t, cks_answer_pronouns))
			break;
		/* a blank between Thai words ends a clause: "2 ค่ะ ขอยืนยัน
		 * อยากให้..." */
		if (t > k && words > 0 && pure && r->w.word[t].space_before == 1 &&
		    cks_reader_kind(r, t) == CKS_WORD_THAI &&
		    cks_reader_kind(r, t - 1) == CKS_WORD_THAI)
			return t;
		if ((e = cks_reader_match_any(r, t, cks_answer_particles)) > t &&
		    words > 0 && cks_reader_kind(r, t) == CKS_WORD_THAI) {
			while (e < r->n && r->ign[e] &&
			       cks_reader_kind(r, e) != CKS_WORD_NEWLINE &&
			       !cks_reader_is_mark(r, e, ",.:;-("))
				e++;
			return (noun || meta) && words <= 4 ? e : k;
		}
		if (cks_reader_is_mark(r, t, ",.;:!?(") || cks_reader_kind(r, t) == CKS_WORD_NUMBER ||
		    (cks_reader_is_mark(r, t, "-") && r->w.word[t].space_before))
			break;      /* "... - the comment" */
		for (size_t p = 0; p < r->nph; p++)
			if (cks_reader_match_at(r, t, r->ph[p].text) != 0)
				return k;
		if (r->ign[t] || cks_reader_kind(r, t) == CKS_WORD_PUNCT) {
			/* "5 please.": a filler alone is a tail too */
			size_t e2 = cks_reader_match_any(r, t, cks_answer_answer_after);

			if (words == 0 && e2 > t && (e2 >= r->n ||
			    cks_reader_kind(r, e2) == CKS_WORD_NEWLINE ||
			    cks_reader_is_mark(r, e2, ",.!;")))
				noun = 1;
			continue;
		}
		/* and a number spelled out echoes it: "5 (five)" */
		if (cks_reader_match_any(r, t, cks_answer_answer_nouns) > t ||
		    cks_reader_match_any(r, t, cks_answer_answer_after) > t ||
		    (t == k + (cks_reader_is_mark(r, k, ",(") ? 1 : 0) &&
		     cks_reader_match_any(r, t, cks_answer_spelled) > t)) {
			size_t a = cks_reader_match_any(r, t, cks_answer_answer_nouns),
			    b = cks_reader_match_any(r, t, cks_answer_answer_after);

			noun = 1;
			noun_end = a > noun_end ? a : noun_end;
			noun_end = b > noun_end ? b : noun_end;
			noun_end = t + 1 > noun_end ? t + 1 : noun_end;
		}
		if (cks_reader_match_any(r, t, cks_answer_meta_words) == 0) {
			/* "1, final answer great job": after the word for the
			 * answer, a word of another kind begins the remark */
			if (noun && words > 0 && t >= noun_end &&
			    cks_reader_kind(r, t) == CKS_WORD_LATIN &&
			    cks_reader_match_any(r, t, cks_answer_answer_nouns) <= t &&
			    cks_reader_match_any(r, t, cks_answer_answer_after) <= t)
				return t;
			pure = pure && cks_reader_match_any(r, t, cks_answer_answer_nouns) > t;
			meta = 0;
		}
		if (++words > 4)
			return k;
	}
	/* a tail of such words alone that runs to the line's end may be a
	 * sentence that goes on below ("4  ประทับใจ Would / like more...") */
	if (!noun && meta && t < r->n && cks_reader_kind(r, t) == CKS_WORD_NEWLINE &&
	    t + 1 < r->n && cks_reader_kind(r, t + 1) != CKS_WORD_NEWLINE &&
	    t > k && cks_reader_kind(r, t - 1) != CKS_WORD_THAI)
		meta = 0;   /* (a Thai clause is whole at its line's end) */
	if ((noun || (meta && words > 0)) && words <= 4) {
		while (t < r->n && cks_reader_is_mark(r, t, ".!"))
			t++;
		return t;
	}
	return k;
}

/* Whether the words [from, to) are a short lead to the answer: no
 * number, at most six words, naming the survey or the answer, or made
 * only of words about giving it (see cks_answer_lead_words). */
static int
lead_words(const struct reader *r, size_t from, size_t to)
{
	size_t words = 0;
	int named = 0, plain = 1;

	for (size_t i = from; i < to;) {
		size_t e;

		if (cks_reader_kind(r, i) == CKS_WORD_NUMBER || r->used[i] ||
		    cks_reader_is_mark(r, i, "?"))
			return 0;
		if (r->ign[i] || cks_reader_kind(r, i) == CKS_WORD_PUNCT) {
			i++;
			continue;
		}
		words++;
		if ((e = cks_reader_match_any(r, i, cks_answer_answer_nouns)) > i)
			named = 1;
		else if ((e = cks_reader_match_any(r, i, cks_answer_lead_words)) <= i &&
			 (e = cks_reader_match_any(r, i, cks_answer_meta_words)) <= i)
			plain = 0, e = i + 1;
		i = e > to ? to : e;
	}
	/* the cue itself may name the answer ("I would like to |choose| 1") */
	named |= to < r->n && cks_reader_kind(r, to) != CKS_WORD_NUMBER &&
	    cks_reader_match_any(r, to, cks_answer_answer_nouns) > to;
	return words > 0 && words <= 6 && (named || plain);
}

/* Marks the words from the line's start to first when they are a short
 * lead naming the survey or the answer ("สำหรับแบบสอบถาม ขอตอบ 2",
 * "ขอเรียนว่า ขอให้ 4", "Please note my answer 1"); else the last clause
 * before it, set off by a mark or a blank between Thai words, when it is
 * one ("... ญี่ปุ่น สำหรับแบบประเมิน ขอตอบ 3"). */
static void
survey_lead(struct reader *r, size_t first)
{
	size_t ls = cks_reader_line_first(r, first), from = ls;

	if (ls >= first)
		return;
	if (!lead_words(r, ls, first)) {
		for (from = first - 1; from > ls; from--)
			if ((cks_reader_is_mark(r, from - 1, ",;") ||
			     (r->w.word[from].space_before &&
			      cks_reader_kind(r, from) == CKS_WORD_THAI &&
			      cks_reader_kind(r, from - 1) == CKS_WORD_THAI)) &&
			    lead_words(r, from, first))
				break;
		if (from == ls)
			return;
	}
	for (size_t i = from; i < first; i++)
		r->used[i] = 1;
}

/* Marks the line right above the answer's line when it only introduces
 * the answer: the question copied or restated ("How satisfied?",
 * "ท่านพึงพอใจต่อการให้บริการในระดับใด"), or a heading ("คำตอบ", "ขอตอบ
 * แบบประเมินดังนี้"): every word of it about the question, the survey or
 * giving the answer, no number, no answer of its own, nothing typed
 * between them, and the answer's line holding only the answer.  A
 * customer's own question above it ("Can you send the form?") is a
 * remark. */
static void
question_above(struct reader *r, size_t first)
{
	static const char *const asking[] = { "คำถาม", "question", "ระดับใด",
		"เพียงใด", "แค่ไหน", "อย่างไร", "how", "what", "พึงพอใจ", "พอใจ",
		"satisfied", "ดังนี้", NULL };
	size_t ls = cks_reader_line_first(r, first), ps, words = 0;
	int asks = 0;

	if (ls < 2 || cks_reader_kind(r, ls - 1) != CKS_WORD_NEWLINE ||
	    cks_reader_kind(r, ls - 2) == CKS_WORD_NEWLINE ||
	    !cks_reader_only_fillers(r, ls, first, 0))
		return;
	ps = cks_reader_line_first(r, ls - 2);
	for (size_t i = 0; i < r->nc; i++)
		if (r->c[i].role >= R_OPENING && r->c[i].line == r->w.word[ps].line)
			return;
	for (size_t i = ps; i < ls - 1;) {
		size_t e = 0;

		if (cks_reader_kind(r, i) == CKS_WORD_NUMBER || r->used[i])
			return;
		if (r->ign[i] || cks_reader_kind(r, i) == CKS_WORD_PUNCT) {
			asks |= cks_reader_is_mark(r, i, ":");
			i++;
			continue;
		}
		words++;
		if ((e = cks_reader_match_any(r, i, asking)) > i ||
		    (e = cks_reader_match_any(r, i, cks_answer_answer_nouns)) > i)
			asks = 1;
		else if ((e = cks_reader_match_any(r, i, cks_answer_lead_words)) <= i &&
			 (e = cks_reader_match_any(r, i, cks_answer_meta_words)) <= i)
			return;
		i = e;
	}
	if (!asks || words == 0 || words > 8)
		return;
	for (size_t i = ps; i < ls - 1; i++)
		r->used[i] = 1;
}

/* Whether only marks, particles, a copula and at most one line break
 * stand in [from, to): "1 [ประทับใจ]", "Impressed: 1", "ไม่พึงพอใจ คือ 3",
 * "1\nน้อยที่สุด". */
static int
only_echo_gap(const struct reader *r, size_t from, size_t to)
{
	static const char *const copulas[] = { "คือ", "เป็น", "is", "that is",
		"=", NULL };
	int breaks = 0;

	for (size_t i = from; i < to;) {
		size_t e;

		if (cks_reader_kind(r, i) == CKS_WORD_NEWLINE && ++breaks > 1)
			return 0;
		if (r->ign[i] || cks_reader_kind(r, i) == CKS_WORD_NEWLINE) {
			i++;
			continue;
		}
		if ((e = cks_reader_match_any(r, i, copulas)) <= i)
			return 0;
		i = e;
	}
	return 1;
}

/* The option's own label copied beside the number, one of the two given
 * as the answer (in brackets, after a colon or a copula, opening the
 * next line), is the answer's too, wherever the reader weighed the
 * other; the marks closing them go with them ("1 [ประทับใจ]", "น้อยที่สุด
 * / ๑", "Impressed: 1"). */
static void
echo_beside(struct reader *r, int code)
{
	for (size_t i = 0; i < r->nc; i++) {
		const struct cand *n = &r->c[i];

		if (n->word || n->code != code || n->last >= r->n)
			continue;
		for (size_t j = 0; j < r->nc; j++) {
			const struct cand *w = &r->c[j];
			size_t a, b, k;

			/* (one of the two given as the answer) */
			if (!w->word || !w->label || w->code != code || w->last >= r->n ||
			    (n->role < R_OPENING && w->role < R_OPENING))
				continue;
			a = w->first > n->last ? n->last + 1 : w->last + 1;
			b = w->first > n->last ? w->first : n->first;
			if (a > b || !only_echo_gap(r, a, b))
				continue;
			/* on the next line, the label opening it */
			if (w->line != n->line && w->first > n->last &&
			    !cks_reader_only_fillers(r, cks_reader_line_first(r, w->first), w->first, 0))
				continue;
			if (w->line != n->line && w->first < n->first &&
			    !cks_reader_only_fillers(r, cks_reader_line_first(r, n->first), n->first, 0))
				continue;
			for (k = a; k < b; k++)
				if (cks_reader_kind(r, k) != CKS_WORD_NEWLINE)
					r->used[k] = 1;
			for (k = w->first; k <= w->last; k++)
				r->used[k] = 1;
			for (k = n->first; k <= n->last; k++)
				r->used[k] = 1;
			for (k = (w->last > n->last ? w->last : n->last) + 1; k < r->n && r->ign[k] &&
			     cks_reader_kind(r, k) == CKS_WORD_PUNCT && !cks_reader_is_mark(r, k, "(");
			     k++)
				r->used[k] = 1;
		}
	}
}

/* Marks the words of the candidates that make the answer. */
static void
use_answer(struct reader *r, int code)
{
	int by_number = 0;

	for (size_t i = 0; i < r->nc; i++)
		if (!r->c[i].word && r->c[i].code == code && r->c[i].role >= R_OPENING)
			by_number = 1;
	for (size_t i = 0; i < r->nc; i++) {
		const struct cand *c = &r->c[i];

		size_t k;

		if (c->code != code || c->role < R_OPENING)
			continue;
		/* Beside a number given as the answer, a scale word that agrees
		 * is the customer's remark ("5 ค่ะ / บริการดีมาก"), unless it
		 * echoes the option: its label, or the word right after the
		 * number ("5 - พึงพอใจมาก"). */
		if (by_number && c->word && c->role != R_ADJACENT && !c->label)
			continue;
		/* "A 4 from me": the article goes with the number */
		if (!c->word && c->first > 0 && cks_reader_kind(r, c->first - 1) == CKS_WORD_LATIN &&
		    (cks_reader_match_at(r, c->first - 1, "a") == c->first ||
		     cks_reader_match_at(r, c->first - 1, "an") == c->first))
			r->used[c->first - 1] = 1;
		/* "For your survey, I'd say 4", "สำหรับแบบสอบถาม ขอตอบ 2": a
		 * short lead that names the survey goes with the answer */
		if (!c->word) {
			survey_lead(r, c->first);
			question_above(r, c->first);
		}
		for (k = c->first; k <= c->last && k < r->n; k++)
			r->used[k] = 1;
		/* the particles and marks that close the answer ("ครับผม :") */
		while (k < r->n && r->ign[k] && cks_reader_kind(r, k) != CKS_WORD_NEWLINE) {
			size_t e = cks_reader_match_any(r, k, cks_answer_particles);

			if (e > k) {            /* "ครับผม" is one particle */
				while (k < e)
					r->used[k++] = 1;
				continue;
			}
			if (cks_reader_match_any(r, k, cks_answer_thanks) ||
			    cks_reader_match_any(r, k, cks_answer_pronouns) ||
			    cks_reader_is_mark(r, k, "("))
				break;      /* ("(คำตอบ)" is for answer_tail to judge) */
			r->used[k++] = 1;
		}
		if (c->word)
			continue;
		for (size_t e = answer_tail(r, k); k < e; k++)
			r->used[k] = 1;
	}
	echo_beside(r, code);
}

/* Said with the answer, about giving it ("Low, unfortunately", "Lowest,
 * sorry"), not about the service. */
static const char *const regrets[] = {
	"unfortunately", "sorry to say", "sorry", "sadly", "i'm afraid",
	"i am afraid", "honestly", "to be honest", "น่าเสียดาย", NULL
};

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

		if (r->used[i] || r->listed[i] ||
		    cks_reader_kind(r, i) == CKS_WORD_NEWLINE) {
			i++;
			continue;
		}
		for (e = i; e < r->n && !r->used[e] && !r->listed[e] &&
		     cks_reader_kind(r, e) != CKS_WORD_NEWLINE; e++)
			content |= !r->ign[e];
		s = i;
		i = e;
		if (!content)
			continue;
		/* the edges: particles and separators left by the answer */
		while (s < e && r->ign[s] && !cks_reader_match_any(r, s, cks_answer_pronouns) &&
		       !cks_reader_match_any(r, s, cks_answer_thanks) && !cks_reader_is_mark(r, s, "(\"'"))
			s++;
		/* "High, thank you - the agent was kind": a thanks set off
		 * right after the answer closes the answer, not the remark */
		if (s > 0 && r->used[s - 1] && r->w.word[s - 1].line == r->w.word[s].line) {
			size_t t = cks_reader_match_any(r, s, cks_answer_thanks);

			if (t <= s)
				t = cks_reader_match_any(r, s, regrets);
			/* (or by a change of script, or a capital: "4 ค่ะ thank
			 * you ระบบจอง...", "2, thank you I'm preparing...") */
			if (t > s && (t >= e || cks_reader_is_mark(r, t, ",.-!:;") ||
			    cks_reader_sentence_start(r, t) ||
			    (cks_reader_kind(r, t) == CKS_WORD_THAI &&
			     cks_reader_kind(r, t - 1) == CKS_WORD_LATIN) ||
			    (cks_reader_kind(r, t) == CKS_WORD_LATIN &&
			     r->text[r->w.word[t].start] >= 'A' &&
			     r->text[r->w.word[t].start] <= 'Z'))) {
				s = t;
				while (s < e && cks_reader_kind(r, s) == CKS_WORD_PUNCT &&
				       r->ign[s])
					s++;
			}
		}
		while (e > s && cks_reader_is_mark(r, e - 1, "-:,=(–"))
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
		/* an answer not given now is only a suggestion */
		int weight = c->deferred ? 30 : role_weight[c->word][c->role];
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
	    out[1].code == out[0].code) && cks_reader_on_scale(r->channel, out[0].code))
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
	if (r->score_reversed) {
		a->kind = CKS_ANSWER_CONFLICTING;
		snprintf(a->reason, sizeof(a->reason), "a score (stars, points, "
		    "N/%d) on a scale whose best answer is %d: which answer is "
		    "meant is not clear", hi, lo);
	} else if (r->has_range) {
		a->kind = CKS_ANSWER_RANGE;
		snprintf(a->reason, sizeof(a->reason), "a range (%d-%d), not one "
		    "answer", r->range_lo, r->range_hi);
	} else if (n > 1) {
		a->kind = CKS_ANSWER_CONFLICTING;
		list_codes(a->reason, sizeof(a->reason), codes, n);
	} else if (n == 0 && r->deferred_why != NULL) {
		a->kind = CKS_ANSWER_NONE;
		snprintf(a->reason, sizeof(a->reason), "answer %d (\"%s\") is not "
		    "given now: %s", r->deferred_code, r->c[r->deferred_cand].cue,
		    r->deferred_why);
	} else if (n == 0) {
		a->kind = CKS_ANSWER_NONE;
		snprintf(a->reason, sizeof(a->reason), "%s", !r->negated ?
		    "no answer found" : has_negative(r->channel) ?
		    "a negated option word names no option" :
		    "negative answer not on the scale");
	} else if (r->negated_alone && satisfied(r->channel, codes[0])) {
		a->kind = CKS_ANSWER_CONFLICTING;
		snprintf(a->reason, sizeof(a->reason), "answer %d is a satisfied "
		    "option, but a line of the reply says the customer is not "
		    "satisfied", codes[0]);
	} else if (r->pleased_alone && cks_reader_on_scale(r->channel, codes[0]) &&
		   !satisfied(r->channel, codes[0])) {
		a->kind = CKS_ANSWER_CONFLICTING;
		snprintf(a->reason, sizeof(a->reason), "answer %d is not a satisfied "
		    "option, but a line of the reply says the customer is "
		    "satisfied", codes[0]);
	} else if (r->unsure) {
		a->kind = CKS_ANSWER_NONE;
		snprintf(a->reason, sizeof(a->reason), "the customer says they "
		    "are not sure yet: answer %d is only a suggestion", codes[0]);
	} else if (!cks_reader_on_scale(r->channel, codes[0])) {
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

/* Whether one of words stands in the line s[0..n) as whole words (w,
 * the line's words) opening a word of the line: "ดี" inside "สวัสดีครับ"
 * or the surname "ใจดี" is not one. */
static int
holds_any(const char *s, size_t n, const struct cks_words *w,
	  const char *const *words)
{
	for (size_t i = 0; words != NULL && i < w->count; i++)
		for (size_t j = 0; words[j] != NULL; j++) {
			size_t k = strlen(words[j]), at = w->word[i].start;

			/* (a long word may be glued to the one before it, as
			 * Thai writes: "ข้าพเจ้าพึงพอใจ"; a short one, "ดี", not) */
			if (at + k > n || !cks_text_equal_ci(s + at, words[j], k) ||
			    (at > 0 && s[at - 1] != ' ' && s[at - 1] != '\t' && k < 12))
				continue;
			for (size_t e = i; e < w->count && w->word[e].end <= at + k; e++)
				if (w->word[e].end == at + k)
					return 1;
		}
	return 0;
}

/* A short line (three words at most) one of whose words opens with a
 * number spelled out ("สามค่ะ", "Four.", "หมายเลข สอง"). */
static int
spelled_line(const char *s, size_t n)
{
	size_t words = 0;

	if (n > 60)
		return 0;
	for (size_t i = 0; i < n;) {
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i >= n)
			break;
		if (++words > 3)
			return 0;
		for (size_t j = 0; cks_answer_spelled[j] != NULL; j++) {
			size_t k = strlen(cks_answer_spelled[j]);
			const char *w = s + i;

			if (cks_text_starts_ci(w, n - i, cks_answer_spelled[j]) &&
			    (i + k == n || (unsigned char)w[0] >= 0x80 ||
			     !((w[k] | 0x20) >= 'a' && (w[k] | 0x20) <= 'z')))
				return 1;
		}
		while (i < n && s[i] != ' ' && s[i] != '\t')
			i++;
	}
	return 0;
}

/* Whether a line taken for a lone name is rather the answer: a digit, or
 * a scale word in it ("High", "ปานกลาง"), or a number spelled out.  The
 * line is split into words once; when it cannot be, it is the answer. */
static int
names_answer(const struct cks_channel_plugin *ch, const char *s, size_t n)
{
	struct cks_words w;
	int held = 0;

	if (cks_words_split(s, n, &w) < 0)
		return 1;
	for (size_t i = 0; i < ch->scale_count && !held; i++) {
		const struct cks_rating_option *o = &ch->scale[i];
		const char *const labels[] = { o->label.th, o->label.en, NULL };

		held = holds_any(s, n, &w, labels) || holds_any(s, n, &w, o->words_th) ||
		    holds_any(s, n, &w, o->words_en);
	}
	/* a number spelled out as a word of its own ("ข้อ|หนึ่ง|ค่ะ") */
	for (size_t i = 0; i < w.count && !held; i++)
		for (size_t j = 0; cks_answer_spelled[j] != NULL && !held; j++)
			held = w.word[i].end - w.word[i].start == strlen(cks_answer_spelled[j]) &&
			    cks_text_equal_ci(s + w.word[i].start, cks_answer_spelled[j],
				strlen(cks_answer_spelled[j]));
	cks_words_clear(&w);
	if (held || spelled_line(s, n))
		return 1;
	for (size_t i = 0; i < n; i++)
		if (cks_text_digit_at(s + i, n - i) != 0)
			return 1;
	return 0;
}

int
cks_answer_find(const struct cks_channel_plugin *channel, const char *reply,
		struct cks_answer *answer)
{
	return cks_answer_find_by(channel, reply, NULL, answer);
}

/* The signature block's start, moved below any line of it that holds the
 * answer ("ไม่ประทับใจครับ\nอนุชา" in HTML mail has no blank line). */
static size_t
signature_after_answer(const struct cks_channel_plugin *ch, const char *text,
		       size_t scan, size_t sig)
{
	while (sig < scan) {
		const char *nl = memchr(text + sig, '\n', scan - sig);
		size_t end = nl ? (size_t)(nl - text) : scan;

		size_t digits = 0;

		for (size_t i = sig; i < end; i++)
			digits += cks_text_digit_at(text + i, end - i) != 0;
		if (digits > 2 || !names_answer(ch, text + sig, end - sig) ||
		    cks_signature_is_closing(text + sig, end - sig))
			break;
		sig = nl ? end + 1 : scan;
	}
	return sig;
}

int
cks_answer_find_by(const struct cks_channel_plugin *channel, const char *reply,
		   const char *writer, struct cks_answer *answer)
{
	struct reader r = { .channel = channel };
	size_t len, scan, sig, lone;
	int rc;

	memset(answer, 0, sizeof(*answer));
	answer->code = -1;
	answer->suggestion = -1;
	r.text = reply != NULL ? reply : "";
	len = strlen(r.text);
	scan = len > SCAN_LIMIT ? SCAN_LIMIT : len;
	while (scan < len && scan > 0 && ((unsigned char)r.text[scan] & 0xc0) == 0x80)
		scan--;             /* not inside a character */
	sig = cks_signature_start_by(r.text, scan, 0, &lone, writer);
	sig = signature_after_answer(channel, r.text, scan, sig);
	/* a name alone at the end, unless it is the answer ("High") */
	if (sig == scan && lone < scan &&
	    !names_answer(channel, r.text + lone, scan - lone))
		sig = lone;
	/* the blank lines above the cut are not a line of the reply: the
	 * answer above them is its last line */
	while (sig > 0 && strchr(" \t\r\n", r.text[sig - 1]) != NULL)
		sig--;
	if (cks_words_split(r.text, sig, &r.w) < 0)
		return -1;
	r.n = r.w.count;
	r.ign = calloc(r.n + 1, 1);
	r.used = calloc(r.n + 1, 1);
	r.listed = calloc(r.n + 1, 1);
	if (r.ign == NULL || r.used == NULL || r.listed == NULL) {
		rc = -1;
		goto out;
	}
	cks_reader_scale_phrases(&r);
	cks_reader_mark_fillers(&r);
	cks_reader_find_opening(&r);
	cks_reader_find_unsure(&r);
	cks_reader_read_list(&r);
	cks_reader_spelled_numbers(&r);
	cks_reader_read_stars(&r);
	for (size_t i = 0; i < r.n;) {
		size_t next = i + 1;

		if (cks_reader_kind(&r, i) == CKS_WORD_NUMBER)
			cks_reader_read_number(&r, i, &next);
		i = next > i ? next : i + 1;
	}
	/* Words inside a number's answer are not read again as words. */
	for (size_t i = 0; i < r.nc; i++)
		for (size_t k = r.c[i].first; k <= r.c[i].last && k < r.n; k++)
			r.used[k] = 2;
	cks_reader_read_words(&r);
	cks_reader_weigh_modality(&r);
	/* the greeting's marks stay; the numbers' are the answer's to set */
	for (size_t i = 0; i < r.n; i++)
		if (r.used[i] == 2)
			r.used[i] = 0;
	rc = settle(&r, answer);
out:
	free(r.ign);
	free(r.used);
	free(r.listed);
	cks_words_clear(&r.w);
	return rc;
}

/* Whether a digit stands in the first bytes of the line s[0..n). */
static int
digit_near_start(const char *s, size_t n)
{
	for (size_t i = 0; i < n && i < 24; i++)
		if (cks_text_digit_at(s + i, n - i) != 0)
			return 1;
	return 0;
}

int
cks_answer_find_marked(const struct cks_channel_plugin *channel, const char *text,
		       struct cks_answer *answer)
{
	struct reader r = { .channel = channel };
	size_t len = text != NULL ? strlen(text) : 0, o = 0;
	char *plain;
	int rc = -1, picked = 0;

	memset(answer, 0, sizeof(*answer));
	answer->code = -1;
	answer->suggestion = -1;
	if (len > SCAN_LIMIT)
		len = SCAN_LIMIT;
	if ((plain = malloc(len + 1)) == NULL)
		return -1;
	for (size_t i = 0; i < len;) {
		const char *nl;
		size_t n;

		/* the quote's marks at a line's start, and the blanks after */
		while (i < len && (text[i] == '>' || text[i] == '\t' || text[i] == ' '))
			i++;
		nl = memchr(text + i, '\n', len - i);
		n = nl != NULL ? (size_t)(nl - (text + i)) : len - i;
		/* an option's line is short, or holds its number near its
		 * start ("ข้อ 5 มากที่สุด ← เลือกข้อนี้ค่ะ"): any other line is
		 * a paragraph of the invitation, not read (splitting it into
		 * words would be most of the cost) */
		if (n <= 60 || (n <= 200 && digit_near_start(text + i, n))) {
			memcpy(plain + o, text + i, n);
			o += n;
		}
		i = nl != NULL ? (size_t)(nl - text) : len;
		if (i < len)
			plain[o++] = text[i++];
	}
	plain[o] = '\0';
	r.text = plain;
	if (cks_words_split(r.text, o, &r.w) < 0)
		goto out;
	r.n = r.w.count;
	r.ign = calloc(r.n + 1, 1);
	r.used = calloc(r.n + 1, 1);
	r.listed = calloc(r.n + 1, 1);
	if (r.ign == NULL || r.used == NULL || r.listed == NULL)
		goto out;
	cks_reader_scale_phrases(&r);
	cks_reader_mark_fillers(&r);
	cks_reader_read_list(&r);
	for (size_t i = 0; i < r.nc; i++)
		picked |= r.c[i].role == R_CUED;
	if (!picked) {
		answer->kind = CKS_ANSWER_NONE;
		snprintf(answer->reason, sizeof(answer->reason), "no option marked");
		rc = 0;
		goto out;
	}
	rc = settle(&r, answer);
	free(answer->comment);
	answer->comment = NULL;
out:
	free(r.ign);
	free(r.used);
	free(r.listed);
	cks_words_clear(&r.w);
	free(plain);
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
