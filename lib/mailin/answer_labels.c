/* Scale words as answers (see answer.h): where a label or a plugin's
 * word stands, what frames it, and the negation that governs it. */
#include "autoconfig.h"

#include "answer_reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "answer_words.h"

/* A negation right before word i ("ไม่", "not very", "wasn't"). */
static int
negated_before(const struct reader *r, size_t i)
{
	for (int pass = 0; pass < 2; pass++) {
		size_t s, found = (size_t)-1;

		for (s = i > 3 ? i - 3 : 0; s < i; s++)
			if (cks_reader_match_any(r, s, cks_answer_negators) == i)
				return 1;
		for (s = i > 2 ? i - 2 : 0; s < i; s++)
			if (cks_reader_match_any(r, s, cks_answer_softeners) == i) {
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
	size_t le = cks_reader_line_end(r, e);

	if (e < r->n && cks_reader_match_any(r, e, cks_answer_particles) &&
	    !cks_reader_match_at(r, e - 1, "ok") && !cks_reader_match_at(r, e - 1, "okay"))
		return 1;   /* "มากจ้า", "น้อยฮะ": a particle ends what was said */
	if (e >= r->n || !cks_reader_is_mark(r, e, "-:,.!") ||
	    cks_reader_match_at(r, e - 1, "ok") || cks_reader_match_at(r, e - 1, "okay"))
		return 0;
	for (size_t i = e; i < le; i++)
		if (cks_reader_is_mark(r, i, "?"))
			return 0;
	return 1;
}

/* Whether the scale word ending at e runs on into a clause that turns
 * against it ("พอใจกับคำตอบเรื่องภาษี แต่เรื่องขนส่งยังไม่ชัด", "satisfied
 * with the tax part but not the rest"): glued to the next word (Thai) or
 * followed by a word, not a mark, and a contrast later on its line.  It
 * is a mixed remark about one thing, not the answer. */
static int
runs_into_contrast(const struct reader *r, size_t e)
{
	static const char *const contrast[] = {
		"แต่", "แต่ว่า", "ยกเว้น", "เสียดาย", "but", "though", "although",
		"however", "except", "apart from", NULL
	};
	size_t le = cks_reader_line_end(r, e);

	if (e >= le || r->ign[e] || cks_reader_kind(r, e) == CKS_WORD_PUNCT ||
	    (cks_reader_kind(r, e) == CKS_WORD_THAI && r->w.word[e].space_before) ||
	    r->w.word[e].space_before > 1)
		return 0;
	for (size_t i = e; i < le; i++)
		if (cks_reader_match_any(r, i, contrast) > i)
			return 1;
	return 0;
}

/* Whether a cue on the line gives the scale word at i as the answer:
 * where the cue starts, plus one, or 0. */
static size_t
label_cued(const struct reader *r, size_t i)
{
	for (size_t s = i > 6 ? i - 6 : 0; s < i; s++) {
		size_t e = cks_reader_match_any(r, s, cks_answer_label_cues);

		int number = 0;

		/* "ให้", "I'd rate it" give a grade only when they open the
		 * line: "เจ้าหน้าที่ให้บริการดีมาก" is a remark about the staff */
		if (e == 0 && (e = cks_reader_match_any(r, s, cks_answer_label_cues_opening)) != 0 &&
		    !cks_reader_only_fillers(r, cks_reader_line_first(r, s), s, 0))
			e = 0;

		for (size_t k = s; k < i; k++)
			number |= cks_reader_kind(r, k) == CKS_WORD_NUMBER || r->used[k] == 2;
		size_t g;

		/* "ขอตอบว่าประทับใจ", "my answer is: impressed" */
		while (e != 0 && e < i && (g = cks_reader_match_any(r, e,
		       cks_answer_cue_gap)) > e && g <= i)
			e = g;
		if (e != 0 && e <= i && !number && cks_reader_only_fillers(r, e, i, 1) &&
		    r->w.word[s].line == r->w.word[i].line)
			return s + 1;
	}
	return 0;
}

/* Where what was said from e ends on its line: at a particle set off
 * from what follows by two blanks or a mark ("ยังไม่พึงพอใจครับ  อยาก
 * ให้...", "พอใจค่ะ, ..."), or at le. */
static size_t
said_end(const struct reader *r, size_t e, size_t le)
{
	/* "Low, sorry", "Low. Got my request number": a mark right after
	 * the word ends what it said */
	if (e + 1 < le && r->w.word[e + 1].space_before &&
	    ((!r->w.word[e].space_before && cks_reader_is_mark(r, e, ",.!:;")) ||
	     (r->w.word[e].space_before && cks_reader_is_mark(r, e, "-"))))
		return e + 1;   /* "Low, sorry", "Low - the queue was long" */
	for (size_t k = e; k < le; k++) {
		size_t p = cks_reader_match_any(r, k, cks_answer_particles);

		if (p == 0 || p > le || cks_reader_kind(r, k) != CKS_WORD_THAI)
			continue;
		while (p < le && cks_reader_kind(r, p) == CKS_WORD_PUNCT &&
		       !cks_reader_is_mark(r, p, "?"))
			p++;
		if (p < le && (r->w.word[p].space_before > 1 ||
		    cks_reader_kind(r, p - 1) == CKS_WORD_PUNCT))
			return p;
		k = p - 1;
	}
	return le;
}

/* What was said may end with words for the answer itself ("ประทับใจค่ะ
 * ข้อนี้": this one): where the line ends when only they and fillers
 * follow e, else e. */
static size_t
answer_noun_tail(const struct reader *r, size_t e)
{
	size_t le = cks_reader_line_end(r, e), k = e, m;
	int any = 0;

	while (k < le) {
		if (r->ign[k]) {
			k++;
			continue;
		}
		if ((m = cks_reader_match_any(r, k, cks_answer_answer_nouns)) <= k)
			return e;
		k = m;
		any = 1;
	}
	return any ? le : e;
}

/* Whether the words before a scale word on its line ([ls, i)) are at
 * most two words of framing, with only fillers after it ([e, le)), no
 * number, no other scale word and no question: "ยังไม่พึงพอใจ",
 * "รู้สึกประทับใจ", "I was impressed".  A list of every such framing word
 * would always be one short; two words before the label cannot say
 * anything else about the service, while words after it are a comment
 * ("พึงพอใจ เจ้าหน้าที่สุภาพ"). */
static int
short_frame(const struct reader *r, size_t ls, size_t i, size_t e, size_t le)
{
	size_t other = 0, end = said_end(r, e, le), after = 0;

	/* after it, fillers, or one word closed by a particle ("พึงพอใจ
	 * แล้วค่ะ") */
	for (size_t k = e; k < end; k++) {
		if (r->ign[k] || cks_reader_kind(r, k) == CKS_WORD_PUNCT)
			continue;
		if (cks_reader_match_any(r, k, cks_answer_frame_words) > k)
			continue;
		/* "ประทับใจค่ะ ข้อนี้": a word for the answer itself */
		if (cks_reader_match_any(r, k, cks_answer_answer_nouns) > k) {
			k = cks_reader_match_any(r, k, cks_answer_answer_nouns) - 1;
			continue;
		}
		if (++after > 1 || cks_reader_kind(r, k) != CKS_WORD_THAI ||
		    k + 1 >= end || !r->ign[k + 1])
			return 0;
	}
	for (size_t k = ls; k < i; k++) {
		if (cks_reader_is_mark(r, k, "?") || r->used[k] == 2 ||
		    cks_reader_kind(r, k) == CKS_WORD_NUMBER)
			return 0;
		if (r->ign[k] || cks_reader_kind(r, k) == CKS_WORD_PUNCT)
			continue;
		for (size_t p = 0; p < r->nph; p++)
			if (cks_reader_match_at(r, k, r->ph[p].text) != 0)
				return 0;
		/* English scale words are everyday adjectives ("the price
		 * is high"): only a speaker's frame may stand before them */
		if (cks_reader_kind(r, k) == CKS_WORD_LATIN) {
			size_t f = cks_reader_match_any(r, k, cks_answer_english_frames);

			if (f <= k)
				return 0;
			k = f - 1;
			continue;
		}
		if (++other > 2)
			return 0;
	}
	return 1;
}

/* Whether a frame ("ระดับ", "การบริการ") ends right before word i. */
static int
framed(const struct reader *r, size_t i)
{
	for (size_t s = i > 3 ? i - 3 : 0; s < i; s++)
		if (cks_reader_match_any(r, s, cks_answer_frame_words) == i ||
		    cks_reader_match_any(r, s, cks_answer_level_words) == i)
			return 1;
	return 0;
}

/* Where the negation of word i begins ("ยัง|ไม่ค่อย|พอใจ": at ไม่). */
static size_t
negation_start(const struct reader *r, size_t ls, size_t i)
{
	for (int moved = 1; moved && i > ls;) {
		moved = 0;
		for (size_t s = i > ls + 3 ? i - 3 : ls; s < i && !moved; s++)
			if (cks_reader_match_any(r, s, cks_answer_negators) == i ||
			    cks_reader_match_any(r, s, cks_answer_softeners) == i) {
				i = s;
				moved = 1;
			}
	}
	return i;
}

/* A negation right before word i that does not soften it ("wasn't",
 * "not at all"; not "not very", "ไม่ค่อย", which the plugin lists when
 * it means an option). */
static int
negated_plainly(const struct reader *r, size_t i)
{
	size_t j = i;

	for (size_t s = i > 2 ? i - 2 : 0; s < i; s++)
		if (cks_reader_match_at(r, s, "at all") == i) {
			j = s;
			break;
		}
	for (size_t s = j > 3 ? j - 3 : 0; s < j; s++)
		if (cks_reader_match_any(r, s, cks_answer_negators) == j &&
		    cks_reader_match_at(r, s, "ไม่ค่อย") != j &&
		    cks_reader_match_at(r, s, "ไม่ค่อยจะ") != j &&
		    cks_reader_match_at(r, s, "ยังไม่ค่อย") != j &&
		    cks_reader_match_at(r, s, "hardly") != j)
			return 1;
	return 0;
}

/* Whether the line at ls goes on with the sentence of the line above
 * ("... about the next trade" / "fair."): it starts in lower case and
 * the line above ends without a mark. */
static int
continues_sentence(const struct reader *r, size_t ls)
{
	size_t p = ls;

	if (ls < 2 || cks_reader_kind(r, ls) != CKS_WORD_LATIN ||
	    !(r->text[r->w.word[ls].start] >= 'a' && r->text[r->w.word[ls].start] <= 'z'))
		return 0;
	p = ls - 1;             /* the line break */
	if (cks_reader_kind(r, p) != CKS_WORD_NEWLINE || p == 0)
		return 0;
	p--;
	return cks_reader_kind(r, p) == CKS_WORD_LATIN && !r->ign[p];
}

/* The scale's phrase that is ph negated ("not satisfied", "ไม่พึงพอใจ"),
 * or NULL. */
static const struct phrase *
negative_option(const struct reader *r, const struct phrase *ph)
{
	static const char *const nots[] = { "not ", "ไม่", NULL };

	for (size_t p = 0; p < r->nph; p++)
		for (size_t k = 0; nots[k] != NULL && r->ph[p].code >= 0; k++) {
			size_t n = strlen(nots[k]);

			if (strncasecmp(r->ph[p].text, nots[k], n) == 0 &&
			    strcasecmp(r->ph[p].text + n, ph->text) == 0)
				return &r->ph[p];
		}
	return NULL;
}

/* A negated word on a line of its own ("ไม่ค่อยพึงพอใจค่ะ", "Not happy")
 * says the customer is not satisfied, whatever it names. */
static void
negated_line(struct reader *r, size_t i, size_t e, int past_number)
{
	static const char *const *const around[] = { cks_answer_negators,
		cks_answer_softeners, cks_answer_frame_words, NULL };
	size_t ls = cks_reader_line_first(r, i), le = cks_reader_line_end(r, i);
	size_t s = ls;

	/* before it only fillers, the negation and its softeners, and the
	 * number given as the answer ("5 not satisfied": a conflict) */
	while (s < i) {
		size_t next = r->ign[s] || (past_number && r->used[s] == 2) ? s + 1 : 0;

		for (size_t k = 0; around[k] != NULL && next == 0; k++)
			next = cks_reader_match_any(r, s, around[k]);
		if (next <= s)
			break;
		s = next;
	}
	if ((s >= i && cks_reader_only_fillers(r, e, le, 1)) ||
	    short_frame(r, ls, negation_start(r, ls, i), e, le))
		r->negated_alone = 1;
}

/* A feeling of satisfaction on a short line of its own ("Most satisfied",
 * "ประทับใจค่ะ ข้อนี้"), in words the reader may not map to an option:
 * beside a number for an option that is not satisfied, the reply says
 * two things.  Not "OK" (it acknowledges), not a line with a number, a
 * question or a "but". */
static void
pleased_line(struct reader *r, size_t i, size_t e)
{
	static const char *const contrasts[] = { "แต่", "but", "though", "however",
		"although", NULL };
	size_t ls = cks_reader_line_first(r, i), le = cks_reader_line_end(r, i);
	size_t before = 0, after = 0;

	if (r->used[i] || cks_reader_match_any(r, i, cks_answer_acknowledgements) > i)
		return;     /* "หวัดดีครับ" is a greeting */
	for (size_t k = ls; k < le; k++) {
		if (cks_reader_kind(r, k) == CKS_WORD_NUMBER || cks_reader_is_mark(r, k, "?") ||
		    cks_reader_match_any(r, k, contrasts) > k)
			return;
		if (k >= i && k < e)
			continue;
		/* another option's word qualified by it ("พึงพอใจปานกลาง") */
		for (size_t p = 0; p < r->nph; p++)
			if (r->ph[p].code >= 0 && cks_reader_match_at(r, k, r->ph[p].text) > k)
				return;
		/* "baht, fine.": the end of a sentence wrapped onto the line */
		if (k < i && cks_reader_kind(r, k) == CKS_WORD_PUNCT && !r->ign[k])
			return;
		if (k < i && cks_reader_is_mark(r, k, ",.;:-"))
			return;
		if (!r->ign[k] && cks_reader_kind(r, k) != CKS_WORD_PUNCT)
			++*(k < i ? &before : &after);
	}
	if (before <= 1 && after <= 2)
		r->pleased_alone = 1;
}

/* A feeling of satisfaction on a short line of its own in words that
 * name no option of the scale ("ถูกใจค่ะ", "Delighted", "Happy with it"
 * where the scale has no such word): it is never read as an option, but
 * the one who resolves the quarantine is offered the scale's plain
 * satisfied option (the satisfied one nearest the other side: the
 * counter's High, 1169's Satisfied) as the suggestion. */
static void
nearest_option(struct reader *r, size_t i, size_t e)
{
	int was = r->pleased_alone, plain = -1, lowest = cks_reader_lowest_best(r->channel);
	struct cand *c;

	pleased_line(r, i, e);
	if (was || !r->pleased_alone)
		return;
	/* the option called "Satisfied" (1169, chat), else the satisfied
	 * one nearest the other side (the counter's High) */
	for (size_t k = 0; k < r->channel->scale_count && plain < 0; k++)
		if (r->channel->scale[k].satisfied && r->channel->scale[k].label.en != NULL &&
		    strcasecmp(r->channel->scale[k].label.en, "satisfied") == 0)
			plain = r->channel->scale[k].code;
	for (size_t k = 0, named = plain >= 0; k < r->channel->scale_count && !named; k++) {
		const struct cks_rating_option *o = &r->channel->scale[k];

		if (o->satisfied && (plain < 0 || (lowest ? o->code > plain : o->code < plain)))
			plain = o->code;
	}
	if (plain >= 0 && (c = cks_reader_add_cand(r, plain, 1, R_WEAK_OPENING,
	    cks_reader_line_first(r, i), e - 1,
	    "a feeling that names no option; the plain satisfied one")) != NULL)
		c->weak = 1;
}

/* "พึงพอใจที่สุด", "Most satisfied", "happiest": the feeling at its
 * highest, on a line of its own, is the scale's best option where the
 * scale grades satisfaction ("very satisfied" is an option); on a scale
 * that does not, which option it means is not clear.  Whether a
 * candidate was added. */
static int
superlative(struct reader *r, size_t i, size_t e)
{
	static const char *const after[] = { "ที่สุด", "มากที่สุด", "เป็นอย่างมากที่สุด",
		"อย่างที่สุด", "สูงสุด", "ในระดับสูงสุด", "ระดับสูงสุด", NULL };
	static const char *const before[] = { "the most", "most", "the highest",
		"highest", NULL };
	size_t s = i, t = e, ls = cks_reader_line_first(r, i), le = cks_reader_line_end(r, i);
	int best = -1;
	struct cand *c;

	if (!r->graded || cks_reader_match_any(r, i, cks_answer_acknowledgements) > i)
		return 0;
	if (t < r->n && !r->w.word[t].space_before &&
	    cks_reader_match_any(r, t, after) > t)
		t = cks_reader_match_any(r, t, after);
	else
		for (size_t b = i > 2 ? i - 2 : 0; b < i && s == i; b++)
			if (cks_reader_match_any(r, b, before) == i)
				s = b;
	if (s == i && t == e)
		return 0;
	/* what was said ends at the line's end, or at a particle and a
	 * blank before a remark ("พึงพอใจที่สุดคับบ ตอบกลับ...") */
	if (!cks_reader_only_fillers(r, ls, s, 1))
		return 0;
	{
		size_t u = t;

		while (u < le && r->ign[u])
			u++;
		if (u < le && u > t && r->w.word[u].space_before &&
		    cks_reader_kind(r, u - 1) != CKS_WORD_PUNCT &&
		    cks_reader_kind(r, u) == CKS_WORD_THAI)
			le = u;         /* the remark is the comment */
		else if (u < le && cks_reader_only_fillers(r, t, said_end(r, t, le), 1))
			le = said_end(r, t, le);
		else if (u < le)
			return 0;
	}
	for (size_t k = 0; k < r->channel->scale_count; k++) {
		const struct cks_rating_option *o = &r->channel->scale[k];

		if (o->satisfied && (best < 0 || (cks_reader_lowest_best(r->channel) ?
		    o->code < best : o->code > best)))
			best = o->code;
	}
	if (best < 0 || (c = cks_reader_add_cand(r, best, 1, R_ALONE, ls, le - 1,
	    "the feeling at its highest, on its own line")) == NULL)
		return 0;
	return 1;
}

/* Whether two English words are one slip of the keyboard apart (a
 * letter dropped, doubled, changed, or two swapped: "satisfed",
 * "statisfied", "impresed", "Disatisfied"), case aside. */
static int
one_slip(const char *a, size_t n, const char *b, size_t m)
{
	unsigned char d[32][32];

	if (n >= 32 || m >= 32 || n + 1 < m || m + 1 < n)
		return 0;
	for (size_t x = 0; x <= n; x++)
		d[x][0] = (unsigned char)x;
	for (size_t y = 0; y <= m; y++)
		d[0][y] = (unsigned char)y;
	for (size_t x = 1; x <= n; x++)
		for (size_t y = 1; y <= m; y++) {
			int same = cks_reader_lower((unsigned char)a[x - 1]) ==
			    cks_reader_lower((unsigned char)b[y - 1]);
			unsigned v = d[x - 1][y - 1] + !same;

			if (d[x - 1][y] + 1u < v)
				v = d[x - 1][y] + 1u;
			if (d[x][y - 1] + 1u < v)
				v = d[x][y - 1] + 1u;
			if (x > 1 && y > 1 && cks_reader_lower((unsigned char)a[x - 1]) ==
			    cks_reader_lower((unsigned char)b[y - 2]) &&
			    cks_reader_lower((unsigned char)a[x - 2]) ==
			    cks_reader_lower((unsigned char)b[y - 1]) && d[x - 2][y - 2] + 1u < v)
				v = d[x - 2][y - 2] + 1u;
			d[x][y] = (unsigned char)(v > 9 ? 9 : v);
		}
	return d[n][m] == 1;
}

/* The scale's word that the English word at i misspells, when it is one
 * slip from exactly one option's long word (eight letters or more: short
 * words have too many neighbours, "please" and "pleased"), and the line is
 * short enough to be an answer; a grade before it that the scale lists
 * with the word ("very satisfed": "very satisfied") goes with it, *start
 * then says where.  NULL when none or more than one option is near. */
static const struct phrase *
misspelt(const struct reader *r, size_t i, size_t *start)
{
	const struct cks_word *w = &r->w.word[i];
	const char *t = r->text + w->start;
	size_t n = w->end - w->start, words = 0;
	size_t ls = cks_reader_line_first(r, i), le = cks_reader_line_end(r, i);
	const struct phrase *hit = NULL, *q;

	if (w->kind != CKS_WORD_LATIN || n < 7 || n > 30 || i - ls > 8)
		return NULL;
	for (size_t k = 0; k < n; k++)
		if (!((t[k] | 0x20) >= 'a' && (t[k] | 0x20) <= 'z'))
			return NULL;
	/* what was said: up to the first mark after the word */
	for (size_t k = ls; k < le && (k <= i || cks_reader_kind(r, k) != CKS_WORD_PUNCT); k++)
		words += !r->ign[k] && cks_reader_kind(r, k) != CKS_WORD_PUNCT;
	if (words > 5)
		return NULL;
	for (size_t p = 0; p < r->nph; p++) {
		const struct phrase *ph = &r->ph[p];

		/* (a slip leaves the first or the second letter: most phrases
		 * are out on them) */
		if (ph->code < 0 || ph->len < 8 || ph->len + 1 < n || n + 1 < ph->len ||
		    (unsigned char)ph->text[0] >= 0x80 ||
		    (cks_reader_lower((unsigned char)t[0]) != cks_reader_lower((unsigned char)ph->text[0]) &&
		     cks_reader_lower((unsigned char)t[1]) != cks_reader_lower((unsigned char)ph->text[1])) ||
		    strchr(ph->text, ' ') != NULL || !one_slip(t, n, ph->text, ph->len))
			continue;
		if (hit != NULL && hit->code != ph->code)
			return NULL;    /* near two options: which is not clear */
		hit = ph;
	}
	*start = i;
	if (hit == NULL)
		return NULL;
	/* "very satisfed": the scale's "very satisfied" */
	for (size_t p = 0; p < r->nph; p++) {
		char prefix[64];
		size_t pl;

		q = &r->ph[p];
		if (q->code < 0 || q->len <= hit->len + 1 ||
		    strcasecmp(q->text + q->len - hit->len, hit->text) != 0 ||
		    q->text[q->len - hit->len - 1] != ' ' ||
		    (pl = q->len - hit->len - 1) >= sizeof(prefix))
			continue;
		memcpy(prefix, q->text, pl);
		prefix[pl] = '\0';
		for (size_t s = i > 3 ? i - 3 : 0; s < i; s++)
			if (cks_reader_match_at(r, s, prefix) == i && s < *start) {
				*start = s;
				hit = q;
			}
	}
	return hit;
}

/* Whether code is an end of the scale that no grade moves: its best
 * option, or its worst when that one is not satisfied ("Very unhappy"
 * on 1169 is still "Not satisfied").  On chat both ends are satisfied
 * and "very satisfied" lies between its two options: no end. */
static int
scale_end(const struct reader *r, int code)
{
	const struct cks_rating_option *lo = NULL, *hi = NULL, *best, *worst;

	for (size_t k = 0; k < r->channel->scale_count; k++) {
		const struct cks_rating_option *o = &r->channel->scale[k];

		if (lo == NULL || o->code < lo->code)
			lo = o;
		if (hi == NULL || o->code > hi->code)
			hi = o;
	}
	/* which end is best only the satisfied one tells (not on chat,
	 * where both are) */
	if (lo == NULL || lo->satisfied == hi->satisfied)
		return 0;
	best = lo->satisfied ? lo : hi;
	worst = best == lo ? hi : lo;
	return code == best->code || (code == worst->code && !worst->satisfied);
}

/* Where a grade said before the scale word at i begins, when it goes
 * with the word: said twice ("Very very impressed": the scale's "very
 * impressed"), or before an end of the scale ("Really impressive",
 * "So disappointed").  i when none. */
static size_t
graded_from(const struct reader *r, size_t i, size_t e, const struct phrase *ph)
{
	/* the phrase opens with a grade itself: "very|very impressed" */
	int doubled = cks_reader_match_any(r, i, cks_answer_grades) > i;
	size_t s = i;

	/* (an end of the scale graded only as all that was said, up to a
	 * mark or the line's end: "really impressive service" under a
	 * number is a remark) */
	size_t t = e;

	while (t < r->n && r->ign[t] && cks_reader_kind(r, t) != CKS_WORD_NEWLINE &&
	       !cks_reader_is_mark(r, t, ".,!-:;"))
		t++;
	if (!doubled && !(scale_end(r, ph->code) && (t >= r->n ||
	    cks_reader_kind(r, t) == CKS_WORD_NEWLINE || cks_reader_is_mark(r, t, ".,!-:;"))))
		return i;
	for (int moved = 1; moved && s > 0;) {
		moved = 0;
		for (size_t g = s > 2 ? s - 2 : 0; g < s && !moved; g++)
			for (const char *const *gr = cks_answer_grades; *gr != NULL && !moved; gr++)
				if (cks_reader_match_at(r, g, *gr) == s &&
				    r->w.word[g].line == r->w.word[i].line) {
					s = g;
					moved = 1;
				}
	}
	return s;
}

/* "Very pleased" where the scale lists "very satisfied", "very happy"
 * for the option of "pleased" and "satisfied": the scale's own grading
 * of its words, when all its "very" forms of that option's words name
 * one option, grades this word alike.  The phrase to read (ph when no
 * such grading) and in *from where the grade starts. */
static const struct phrase *
graded_like(const struct reader *r, size_t i, const struct phrase *ph, size_t *from)
{
	const struct phrase *to = NULL;
	char buf[96];
	size_t g;

	*from = i;
	if (i == 0 || cks_reader_match_any(r, i, cks_answer_grades) > i ||
	    snprintf(buf, sizeof(buf), "very %s", ph->text) >= (int)sizeof(buf))
		return ph;
	for (g = i > 2 ? i - 2 : 0; g < i; g++)
		if (cks_reader_match_at(r, g, buf) > i)
			break;
	if (g == i)
		return ph;      /* no "very" before it */
	for (size_t p = 0; p < r->nph; p++) {
		const struct phrase *v = &r->ph[p], *w = NULL;

		if (v->code < 0 || strncasecmp(v->text, "very ", 5) != 0)
			continue;
		if (strcasecmp(v->text + 5, ph->text) == 0)
			return ph;  /* listed: read as it is */
		for (size_t q = 0; q < r->nph && w == NULL; q++)
			if (r->ph[q].code == ph->code && strcasecmp(r->ph[q].text, v->text + 5) == 0)
				w = &r->ph[q];
		if (w == NULL)
			continue;
		if (to != NULL && to->code != v->code)
			return ph;  /* graded two ways: not clear */
		to = v;
	}
	if (to == NULL || to->code == ph->code)
		return ph;
	*from = g;
	return to;
}

/* Whether a question mark closes the sentence that goes on from e
 * ("Excellent question, how do I answer?"): a word of the scale in a
 * question is no answer.  A full stop, "!", a spaced dash, two blanks, a
 * capital or a Thai particle and a blank or a mark end the sentence first
 * ("ประทับใจค่ะ มีสัมมนาอีกไหม?", "So impressed - Can you send...?"
 * answer). */
static int
asks_on(const struct reader *r, size_t e)
{
	/* Thai asks with a word that ends its clause ("ประทับใจตรงไหนคะ",
	 * "พอใจได้ไง") */
	static const char *const asking[] = { "ไหม", "มั้ย", "หรือเปล่า", "ยังไง",
		"อย่างไร", "อะไร", "ตรงไหน", "ไหน", "ทำไม", "ได้ไง", "ไง", "เหรอ",
		"หรือยัง", NULL };
	size_t le = cks_reader_line_end(r, e), q;
	int said = 0;   /* a word after the scale word's ("Excellent
			 * question - how do I...?": the dash sets nothing off) */

	for (size_t k = e; k < le; k++) {
		if (cks_reader_is_mark(r, k, "?"))
			return 1;
		if ((q = cks_reader_match_any(r, k, asking)) > k) {
			while (q < le && r->ign[q] && !r->w.word[q].space_before &&
			       cks_reader_kind(r, q) == CKS_WORD_THAI)
				q++;
			if (q >= le || r->w.word[q].space_before ||
			    cks_reader_kind(r, q) == CKS_WORD_PUNCT)
				return 1;
		}
		if (cks_reader_is_mark(r, k, ".!") ||
		    (!said && r->w.word[k].space_before > 1) ||
		    /* "LOW, ส่งเอกสารมาทางไลน์ได้ไหม": set off, another language */
		    (!said && k == e && cks_reader_is_mark(r, k, ",") && e > 0 &&
		     cks_reader_kind(r, e - 1) == CKS_WORD_LATIN && k + 1 < le &&
		     cks_reader_kind(r, k + 1) == CKS_WORD_THAI) ||
		    (!said && cks_reader_is_mark(r, k, "-") && r->w.word[k].space_before) ||
		    (!said && cks_reader_sentence_start(r, k)) ||
		    (r->ign[k] && cks_reader_kind(r, k) == CKS_WORD_THAI &&
		     k + 1 < le && (r->w.word[k + 1].space_before ||
		     cks_reader_kind(r, k + 1) == CKS_WORD_PUNCT)))
			return 0;
		said |= !r->ign[k] && cks_reader_kind(r, k) != CKS_WORD_PUNCT;
	}
	return 0;
}

/* Whether the English word after a scale word opening the reply is a
 * noun it qualifies that is not the service ("Impressive website. Is the
 * seminar still on?", "Excellent question, ..."): then the word praises
 * that thing, and is no answer.  "Excellent service", "Great staff",
 * "Satisfied with ...", "Impressed, thanks" still answer. */
static int
names_other_thing(const struct reader *r, size_t e)
{
	static const char *const about_service[] = {
		"service", "services", "support", "staff", "officer", "officers",
		"agent", "help", "job", "work", "team", "experience", "answer",
		"response", "advice", "assistance", "consultation", "counter",
		"hotline", "chat", "desk", "overall", "indeed", "really", "very",
		"so", "too", "thank", "thanks", "and", "as", "with", "by", "from",
		"for", "to", "about", "in", "on", "at", "all", "today", "!",
		"again", "sir", "madam", "team's", NULL
	};

	static const char *const determiners[] = { "the", "your", "our", "this",
		"that", "all", "my", NULL };
	size_t d;

	if (e >= r->n || cks_reader_kind(r, e) != CKS_WORD_LATIN ||
	    r->w.word[e].space_before != 1 || r->ign[e] ||
	    cks_reader_kind(r, e - 1) != CKS_WORD_LATIN)
		return 0;
	/* "Excellent the staff were great": the noun after the article */
	if ((d = cks_reader_match_any(r, e, determiners)) > e && d < r->n &&
	    cks_reader_kind(r, d) == CKS_WORD_LATIN)
		e = d;
	return cks_reader_match_any(r, e, about_service) <= e &&
	    cks_reader_match_any(r, e, cks_answer_frame_words) <= e &&
	    cks_reader_match_any(r, e, cks_answer_intensifiers) <= e &&
	    cks_reader_match_any(r, e, cks_answer_thanks) <= e &&
	    cks_reader_match_any(r, e, cks_answer_answer_nouns) <= e;
}

void
cks_reader_read_words(struct reader *r)
{
	unsigned char *taken = r->used;   /* borrowed: words of numbers */

	for (size_t i = 0; i < r->n;) {
		size_t e = 0, ls, le;
		const struct phrase *ph = NULL;
		struct cand *c;
		int neg = 0, slip = 0;
		size_t from;
		enum role role = R_MENTION;
		const char *cue = NULL;
		size_t cued_at = 0;

		for (size_t p = 0; p < r->nph && e == 0; p++) {
			if ((e = cks_reader_match_at(r, i, r->ph[p].text)) != 0)
				ph = &r->ph[p];
			else if (r->ph[p].code >= 0 &&
				 negative_prefix(r, i, r->ph[p].text, &e))
				ph = &r->ph[p], neg = 1;
		}
		if (ph == NULL && e == 0 && (ph = misspelt(r, i, &from)) != NULL) {
			e = i + 1;
			i = from;
			slip = 1;
		}
		if (ph == NULL && (e = cks_reader_match_any(r, i,
		    cks_answer_sentiment)) != 0) {
			if (negated_before(r, i))
				negated_line(r, i, e, 0);
			else if (!superlative(r, i, e))
				nearest_option(r, i, e);
			i = e;
			continue;
		}
		if (ph == NULL || ph->code < 0 || taken[i] || r->listed[i]) {
			i = e ? e : i + 1;
			continue;
		}
		/* an everyday word glued to the Thai word before it qualifies
		 * that word ("ประทับใจ|มาก", "บริการ|ดี"): no answer of its own */
		if (ph->weak && i > 0 && !r->w.word[i].space_before &&
		    cks_reader_kind(r, i) == CKS_WORD_THAI &&
		    cks_reader_kind(r, i - 1) == CKS_WORD_THAI && !r->ign[i - 1] &&
		    !negated_before(r, i) && !framed(r, i)) {
			i = e;
			continue;
		}
		/* "ความพึงพอใจ", "ความประทับใจ": the noun, satisfaction, names
		 * what is asked about and gives no answer */
		if (i > 0 && !r->w.word[i].space_before &&
		    cks_reader_match_at(r, i - 1, "ความ") == i &&
		    !(i > 1 && cks_reader_match_at(r, i - 2, "มีความ") == i) &&
		    cks_reader_match_any(r, i, cks_answer_sentiment) == e) {
			i = e;
			continue;
		}
		/* "Most satisfied": see superlative() */
		if (!neg && !negated_before(r, i) &&
		    cks_reader_match_any(r, i, cks_answer_sentiment) == e &&
		    superlative(r, i, e)) {
			i = e;
			continue;
		}
		if (!neg && negated_plainly(r, i)) {
			/* "Not at all satisfied", "wasn't satisfied": the scale's
			 * own "not satisfied", whatever softens it */
			const struct phrase *q = negative_option(r, ph);

			if (q != NULL) {
				ph = q;
				i = negation_start(r, cks_reader_line_first(r, i), i);
			} else {
				neg = 1;
			}
		}
		neg = neg || negated_before(r, i);
		if (neg) {
			int good = 0;

			/* only a satisfied option's word negated says "not
			 * satisfied" beside a number ("5 not satisfied"); "1 ไม่
			 * ผิดหวังเลย", not disappointed, is praise */
			for (size_t k = 0; k < r->channel->scale_count; k++)
				good |= r->channel->scale[k].code == ph->code &&
				    r->channel->scale[k].satisfied;
			r->negated = 1;
			/* "Not bad", "ไม่แย่": a word of the other side negated
			 * says nothing against a satisfied answer */
			if (good || !cks_reader_on_scale(r->channel, ph->code))
				negated_line(r, i, e, good);
			i = e;
			continue;
		}
		if (r->graded) {
			size_t g = i;

			ph = graded_like(r, i, ph, &g);
			i = graded_from(r, g, e, ph);
		}
		/* "not satisfied at all", "very good indeed": the degree after
		 * goes with the word */
		if (cks_reader_match_at(r, e, "at all") > e)
			e = cks_reader_match_at(r, e, "at all");
		if (cks_reader_match_at(r, e, "indeed") > e)
			e = cks_reader_match_at(r, e, "indeed");
		/* "Satisfied very much" is "very satisfied": the scale's phrase
		 * for it, or on a scale that grades (and not at its end) no
		 * option that is clear */
		{
			static const char *const after_grades[] = { "very much", "so much",
				"a lot", "greatly", "immensely", NULL };
			size_t g = cks_reader_match_any(r, e, after_grades);

			if (g > e && r->graded && !scale_end(r, ph->code)) {
				const struct phrase *v = NULL;

				for (size_t p = 0; p < r->nph && v == NULL; p++)
					if (r->ph[p].code >= 0 && strncasecmp(r->ph[p].text, "very ", 5) == 0 &&
					    strcasecmp(r->ph[p].text + 5, ph->text) == 0)
						v = &r->ph[p];
				if (v == NULL) {
					i = g;      /* graded, but to which option? */
					continue;
				}
				ph = v;
			}
			if (g > e)
				e = g;
		}
		/* "Medium satisfaction": the frame after goes with the word */
		/* (a frame set off by two blanks or a mark starts the comment:
		 * "Very poor  The queue ...") */
		/* (one after a blank only when it ends what was said: "พอใจมาก
		 * บริการรวดเร็ว", "Very satisfied overall the staff was kind"
		 * keep it in the comment) */
		{
			size_t f = e, glued = e, t;
			int spaced = 0;

			while (f < r->n && cks_reader_kind(r, f) != CKS_WORD_NEWLINE &&
			       r->w.word[f].space_before <= 1 &&
			       cks_reader_match_any(r, f, cks_answer_frame_words) > f &&
			       !cks_reader_match_any(r, f, cks_answer_grades)) {
				spaced |= r->w.word[f].space_before != 0;
				f = cks_reader_match_any(r, f, cks_answer_frame_words);
				if (!spaced)
					glued = f;
			}
			for (t = f; t < r->n && r->ign[t] && cks_reader_kind(r, t) != CKS_WORD_NEWLINE &&
			     cks_reader_kind(r, t) != CKS_WORD_PUNCT; t++)
				;
			e = !spaced || t >= r->n || cks_reader_kind(r, t) == CKS_WORD_NEWLINE ||
			    cks_reader_kind(r, t) == CKS_WORD_PUNCT || r->w.word[t].space_before > 1 ||
			    (t > f && r->w.word[t].space_before) ? f : glued;
		}
		/* "แย่มาก", "ประทับใจสุดๆ": an intensifier goes with the word;
		 * at an end of the scale so does "ที่สุด", there is no further
		 * ("ประทับใจมาก|ที่สุด" on 1169) */
		for (size_t x = 1; x != 0;) {
			x = e < r->n && !r->w.word[e].space_before ?
			    cks_reader_match_any(r, e, cks_answer_intensifiers) : 0;
			if (x == 0 && e < r->n && !r->w.word[e].space_before &&
			    scale_end(r, ph->code))
				x = cks_reader_match_at(r, e, "ที่สุด");
			if (x != 0)
				e = x;
		}
		/* "Lowest possible", "best ever": the end of the scale said
		 * twice */
		if (e < r->n && r->w.word[e].space_before == 1 && scale_end(r, ph->code) &&
		    cks_reader_kind(r, e - 1) == CKS_WORD_LATIN) {
			static const char *const superlative[] = { "possible",
				"ever", "imaginable", NULL };
			size_t x = cks_reader_match_any(r, e, superlative);

			if (x > e)
				e = x;
		}
		ls = cks_reader_line_first(r, i);
		le = cks_reader_line_end(r, i);
		if (cks_reader_only_fillers(r, ls, i, 1) && cks_reader_only_fillers(r, e, le, 1) &&
		    !(ph->weak && continues_sentence(r, ls)))
			role = R_ALONE;
		else if (ph->label && !ph->weak && short_frame(r, ls, i, e, le))
			role = R_ALONE, cue = "on a short line of its own",
			le = answer_noun_tail(r, said_end(r, e, le));
		else if ((cued_at = label_cued(r, i)) != 0)
			role = R_CUED, cue = "cued";
		else if (i == r->open_word || (r->open_word < i &&
			 cks_reader_only_fillers(r, r->open_word, i, 1) &&
			 r->w.word[i].line == r->w.word[r->open_word].line))
			role = runs_into_contrast(r, e) || names_other_thing(r, e) ? R_MENTION :
			    ph->weak && !separated(r, e) && !(i > 0 &&
			    cks_reader_match_any(r, i - 1,
			    cks_answer_level_words) == i) ?
			    R_WEAK_OPENING : R_OPENING;
		/* "OK", "โอเคค่ะ" acknowledge as often as they rate: only a
		 * cue makes them the answer ("ตอบ โอเค") */
		if (role != R_CUED && role != R_MENTION &&
		    cks_reader_match_any(r, i, cks_answer_acknowledgements) > i)
			role = R_MENTION, cue = NULL;
		/* a slip of the keyboard is read only as the whole answer, or
		 * opening the reply and set off by a mark ("Disatisfied, ...") */
		if (slip && role != R_ALONE && !(role == R_OPENING && e < r->n &&
		    ((!r->w.word[e].space_before && cks_reader_is_mark(r, e, ",.!")) ||
		     /* "Statisfied - I called at 8:45" */
		     (r->w.word[e].space_before && cks_reader_is_mark(r, e, "-:") &&
		      e + 1 < r->n && r->w.word[e + 1].space_before))))
			role = R_MENTION, cue = NULL;
		else if (slip)
			cue = "alone on its line, misspelt";
		if (role != R_CUED && role != R_MENTION && asks_on(r, e))
			role = R_MENTION, cue = NULL;
		if (role == R_MENTION && cks_reader_match_any(r, i, cks_answer_sentiment) > i)
			pleased_line(r, i, e);
		/* the cue is the answer's too: "ขอตอบว่า มากที่สุด" */
		c = cks_reader_add_cand(r, ph->code, 1, role, role == R_ALONE ? ls :
		    role == R_OPENING ? r->open_word : role == R_CUED ? cued_at - 1 : i,
		    role == R_ALONE ? le - 1 : e - 1, cue);
		if (c != NULL)
			c->weak = ph->weak, c->label = ph->label;
		i = e;
	}
}
