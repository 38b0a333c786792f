/* What stands around a number (see answer.h): the contexts that give it
 * as the answer beyond a cue right before it (a copula after a word for
 * the answer, a rating verb over what it rates, a cue repeated after a
 * list word, a lead of cues and wishes) and the ones that make it name a
 * thing (a noun for a numbered thing before it, a plural noun after it, a
 * sequence).  Split from answer_numbers.c, which reads the number. */
#include "autoconfig.h"

#include "answer_reader.h"

#include <stddef.h>

#include "answer_words.h"

/* Whether the words from the line's start to s are one lead-in
 * ("ความพึงพอใจ|ระดับ 4", "my|score 4"), fillers around it. */
int
cks_reader_led_in(const struct reader *r, size_t s)
{
	size_t i = cks_reader_line_first(r, s), e;
	int any = 0;

	/* "ขอ|ตอบแบบสอบถาม|ข้อ 1", "I'd like to|answer 2": a chain of them */
	for (;;) {
		while (i < s && r->ign[i])
			i++;
		if (i >= s)
			return any;
		if ((e = cks_reader_match_any(r, i, cks_answer_lead_ins)) <= i &&
		    (e = cks_reader_match_any(r, i, cks_answer_pronouns)) <= i &&
		    (e = cks_reader_match_any(r, i, cks_answer_cues_before)) <= i)
			return 0;
		if (e > s)
			return 0;
		i = e;
		any = 1;
	}
}

/* Whether the cue at s follows another answer and a list word ("ข้อ 2
 * กับ|ข้อ 3", "option 1 or|option 2"): then it is a cue as the first. */
int
cks_reader_after_list(const struct reader *r, size_t s)
{
	for (size_t t = s > 3 ? s - 3 : 0; t < s; t++)
		if (cks_reader_match_any(r, t, cks_answer_list_words) == s) {
			size_t j = t;

			while (j > 0 && r->ign[j - 1] &&
			       cks_reader_kind(r, j - 1) != CKS_WORD_NEWLINE)
				j--;
			return j > 0 && cks_reader_kind(r, j - 1) == CKS_WORD_NUMBER &&
			    r->w.word[j - 1].line == r->w.word[s].line;
		}
	return 0;
}

/* "My answer to the survey is 3", "My score would be 5", "count my
 * answer as 2": a word for the answer opens the line's clause and a
 * copula links it to the number.  Where the clause starts, or NO_CUE. */
size_t
cks_reader_copula_cue(const struct reader *r, size_t k, const char **which)
{
	static const char *const copulas[] = { "is", "was", "would be", "will be",
		"as", "คือ", "เป็น", "=", "อยู่ที่", "อยู่ในระดับ", "ในระดับ", NULL };
	/* what is asked about, named as the subject: "ระดับความพึงพอใจของ
	 * ข้าพเจ้า คือ 2", "My satisfaction level is 4" */
	static const char *const subjects[] = { "ระดับความพึงพอใจ", "ความพึงพอใจ",
		"ความพอใจ", "ผลการประเมิน", "ผลประเมิน", "satisfaction",
		"satisfaction level", "level", NULL };
	size_t j = k, ls = cks_reader_line_first(r, k);

	while (j > ls && r->ign[j - 1] && !cks_reader_is_mark(r, j - 1, "="))
		j--;
	for (size_t s = j > 2 ? j - 2 : 0; s < j; s++) {
		if (cks_reader_match_any(r, s, copulas) != j)
			continue;
		for (size_t t = s > 6 ? s - 6 : 0; t < s; t++) {
			if (t < ls)
				continue;
			if (cks_reader_kind(r, t) == CKS_WORD_NUMBER)
				return NO_CUE;
			if ((cks_reader_match_any(r, t, cks_answer_answer_nouns) > t ||
			     cks_reader_match_any(r, t, subjects) > t) &&
			    t - ls <= 4) {
				*which = "a word for the answer, then is";
				return ls;
			}
			if (cks_reader_match_any(r, t, cks_answer_lead_ins) > t &&
			    cks_reader_match_any(r, cks_reader_match_any(r, t,
			    cks_answer_lead_ins), cks_answer_answer_nouns) > t &&
			    cks_reader_only_fillers(r, ls, t, 0)) {
				*which = "a word for the answer, then is";
				return ls;
			}
		}
	}
	return NO_CUE;
}

/* "I'd rate my experience 2", "ให้คะแนนเจ้าหน้าที่ 5", "I'd give the
 * service a 4": a rating verb opening the line, what it rates (a few
 * words, no number, no mark), then the number.  Where the verb's clause
 * starts, or NO_CUE. */
size_t
cks_reader_object_cue(const struct reader *r, size_t k, const char **which)
{
	static const char *const verbs[] = { "rate", "give", "giving", "score",
		"ให้คะแนน", "ขอให้คะแนน", "ประเมิน", "ขอประเมิน", "ให้ระดับ", NULL };
	size_t ls = cks_reader_line_first(r, k);

	/* "give my colleague 2 forms": what is given is counted */
	if (cks_reader_english_count(r, k + 1) || (k + 1 < r->n &&
	    cks_reader_match_any(r, k + 1, cks_answer_units)))
		return NO_CUE;

	for (size_t s = k > 6 ? k - 6 : ls; s + 1 < k; s++) {
		size_t m, words = 0;

		if (s < ls || (m = cks_reader_match_any(r, s, verbs)) <= s || m >= k ||
		    !(cks_reader_only_fillers(r, ls, s, 0) || cks_reader_led_in(r, s)))
			continue;
		for (size_t t = m; t < k; t++) {
			if (cks_reader_kind(r, t) == CKS_WORD_NUMBER ||
			    cks_reader_kind(r, t) == CKS_WORD_NEWLINE ||
			    (cks_reader_kind(r, t) == CKS_WORD_PUNCT && !r->ign[t] &&
			     !cks_reader_is_mark(r, t, "'")))
				return NO_CUE;
			words += !r->ign[t];
		}
		if (words >= 1 && words <= 4) {
			*which = "a rating verb and what it rates";
			return ls;
		}
	}
	return NO_CUE;
}

/* Where the number at k is linked to a next one on its line by a mark, a
 * list word or a sequence word ("1, then 3"): that number, or 0. */
static size_t
linked_next(const struct reader *r, size_t k)
{
	size_t i = k + 1, e;

	for (int steps = 0; steps < 3 && i < r->n; steps++) {
		if (cks_reader_kind(r, i) == CKS_WORD_NUMBER)
			return steps > 0 ? i : 0;
		if ((e = cks_reader_match_any(r, i, cks_answer_sequence_words)) > i ||
		    (e = cks_reader_match_any(r, i, cks_answer_list_words)) > i)
			i = e;
		else if (cks_reader_is_mark(r, i, ",;>") || cks_reader_match_at(r, i, "->") ||
			 cks_reader_match_at(r, i, "→"))
			i++;
		else
			return 0;
	}
	return i < r->n && cks_reader_kind(r, i) == CKS_WORD_NUMBER ? i : 0;
}

/* Three numbers or more linked on a line, one at least by a sequence word
 * ("press 1, then 3, then 2"): a path through a menu, none an answer.
 * The end of the sequence, or 0. */
size_t
cks_reader_sequence_from(const struct reader *r, size_t k)
{
	size_t count = 1, j = k, next;
	int seq = 0;

	while ((next = linked_next(r, j)) != 0 && count < 16) {
		for (size_t t = j + 1; t < next; t++)
			seq |= cks_reader_match_any(r, t, cks_answer_sequence_words) > t;
		count++;
		j = next;
	}
	return count >= 3 && seq ? j + 1 : 0;
}

/* Whether a noun for a numbered thing stands right before the number at
 * k ("หน้า 4", "room 305", "queue #12"): the number names it. */
int
cks_reader_thing_before(const struct reader *r, size_t k)
{
	size_t j = k;

	while (j > 0 && cks_reader_is_mark(r, j - 1, "#:.") &&
	       r->w.word[j - 1].line == r->w.word[k].line)
		j--;
	for (size_t s = j > 3 ? j - 3 : 0; s < j; s++)
		if (r->w.word[s].line == r->w.word[k].line &&
		    cks_reader_match_any(r, s, cks_answer_thing_nouns) == j)
			return 1;
	return 0;
}

/* Whether the English word at i, right after an uncued number, makes it
 * a count ("2 samples", "3 forms"): a plural noun that is not about the
 * answer (stars, points...) nor a function word. */
int
cks_reader_english_count(const struct reader *r, size_t i)
{
	static const char *const *const answer_words[] = {
		cks_answer_answer_after, cks_answer_cues_after, cks_answer_out_of,
		cks_answer_list_words, cks_answer_range_words, cks_answer_meta_words,
		cks_answer_answer_nouns, cks_answer_sequence_words, cks_answer_thanks,
		cks_answer_cues_before, cks_answer_frame_words, cks_answer_grades, NULL
	};

	/* function words start a clause, they count nothing */
	static const char *const function_words[] = {
		"as", "but", "because", "since", "so", "if", "though", "although",
		"and", "the", "a", "an", "with", "was", "were", "are", "be", "been",
		"we", "you", "he", "she", "they", "this", "that", "here", "there",
		"too", "also", "again", "now", "today", "yes", "no", "ok", "okay",
		"just", "only", "all", "very", "really", "not", NULL
	};

	if (i >= r->n || cks_reader_kind(r, i) != CKS_WORD_LATIN || r->ign[i] ||
	    !r->w.word[i].space_before ||
	    cks_reader_match_any(r, i, function_words) > i)
		return 0;
	/* a thing counted is a plural noun in running text ("2 samples",
	 * "3 forms"); "5 Replied on LINE..." begins a sentence */
	{
		const struct cks_word *w = &r->w.word[i];
		const char *t = r->text + w->start;
		size_t n = w->end - w->start;

		if (n < 3 || !(t[0] >= 'a' && t[0] <= 'z') || t[n - 1] != 's' ||
		    t[n - 2] == 's' || t[n - 2] == '\'')
			return 0;
	}
	for (size_t k = 0; answer_words[k] != NULL; k++)
		if (cks_reader_match_any(r, i, answer_words[k]) > i)
			return 0;
	for (size_t p = 0; p < r->nph; p++)
		if (cks_reader_match_at(r, i, r->ph[p].text) != 0)
			return 0;
	/* a word of the scale's kind ("satisfied" is a phrase; "happy" a
	 * sentiment) is the comment's start, not a thing counted */
	return cks_reader_match_any(r, i, cks_answer_sentiment) == 0;
}


/* Whether word i ends a Thai sentence: a particle with a blank after it
 * ("ให้ 5 ค่ะ ครั้งหน้า..."). */
static int
thai_sentence_end(const struct reader *r, size_t i)
{
	return r->ign[i] && cks_reader_kind(r, i) == CKS_WORD_THAI &&
	    i + 1 < r->n && r->w.word[i + 1].space_before;
}

/* Whether the sentence that holds the number at k (up to after) makes it
 * a rating not given yet: a condition ("ถ้าส่งเร็วกว่านี้จะให้ 5", "If it
 * were faster I'd give 5", "will rate 5 once the goods arrive") or a
 * promise for later ("ครั้งหน้าจะให้ 5", "I'll give 5 next time").  The
 * sentence ends at a mark that closes it, a Thai particle and a blank,
 * or the line; after the number also at a comma, a dash, two blanks or
 * a capital, which set a remark off ("5 - next time I'll bring my boss"). */
int
cks_reader_not_given_yet(const struct reader *r, size_t k, size_t after)
{
	static const char *const condition[] = {
		"ถ้า", "หาก", "ถ้าหาก", "หากว่า", "ถ้าเกิด", "สมมติ", "สมมุติ", "if",
		"unless", "as soon as", NULL
	};
	/* (with a "will" before the number: "after", "when" and "once" tell
	 * of the past as often, "หลังจากได้รับคำปรึกษาแล้ว ขอให้ 3") */
	static const char *const later[] = {
		"ครั้งหน้า", "คราวหน้า", "ครั้งต่อไป", "ทีหลัง", "ภายหลัง", "วันหลัง", "เดี๋ยว",
		"พรุ่งนี้", "หลังได้", "หลังจากได้", "เมื่อได้", "ไว้ได้", "next time", "later",
		"tomorrow", "in future", "in the future", "once", "when", "whenever",
		"after", NULL
	};
	static const char *const will[] = { "จะ", "will", "i'll", "we'll",
		"i’ll", "going to", "gonna", "เดี๋ยว", "would", "i'd", "we'd",
		"i’d", "คง", NULL };
	static const char *const clause_openers[] = { "the", "i", "we", "you",
		"it", "they", "my", "our", "your", "he", "she", NULL };
	size_t ls = cks_reader_line_first(r, k), le = cks_reader_line_end(r, k);
	size_t s = k, e = after;
	int cond_before = 0, cond_after = 0, time = 0, promised = 0;

	while (s > ls && !cks_reader_is_mark(r, s - 1, ".!?;") &&
	       !thai_sentence_end(r, s - 1))
		s--;
	while (e < le && !cks_reader_is_mark(r, e, ".!?;,:-") && !thai_sentence_end(r, e) &&
	       !(e > after && (r->w.word[e].space_before > 1 || cks_reader_sentence_start(r, e))))
		e++;
	for (size_t i = s; i < e; i++) {
		size_t m;

		if ((i >= k && i < after) || cks_reader_kind(r, i) == CKS_WORD_NUMBER ||
		    cks_reader_kind(r, i) == CKS_WORD_PUNCT)
			continue;
		if (cks_reader_match_any(r, i, condition) > i)
			*(i < k ? &cond_before : &cond_after) = 1;
		/* "once the goods arrive", not "dropped once but", "once
		 * again"; "after all" is no time */
		if ((m = cks_reader_match_any(r, i, later)) > i &&
		    !(cks_reader_match_at(r, i, "once") == m &&
		      !cks_reader_match_any(r, m, clause_openers)) &&
		    !(cks_reader_match_at(r, i, "after") == m && cks_reader_match_at(r, m, "all")))
			time = 1;
		if (i < k && !promised && cks_reader_match_any(r, i, will) > i)
			promised = 1;
	}
	/* "อยากให้ 5 แต่ยังไม่ได้รับเอกสาร", "I'd like to give 5 but ...": a
	 * wish held back by a "but" in the same sentence */
	if (!cond_before) {
		static const char *const wish[] = { "อยาก", "อยากจะ", "would like to",
			"i'd like to", "want to", "wish to", "i wish", NULL };
		static const char *const but[] = { "แต่", "แต่ว่า", "but", "though",
			"however", NULL };
		int wished = 0;

		for (size_t i = s; i < k && !wished; i++)
			wished = cks_reader_match_any(r, i, wish) > i;
		for (size_t i = after; wished && i < le && !cks_reader_is_mark(r, i, ".!?;"); i++)
			if (cks_reader_match_any(r, i, but) > i)
				return 1;
	}
	/* a condition after a number given plainly is the remark's ("ให้ 4
	 * ถ้าส่งเป็น Line ได้จะสะดวกกว่า"); after "would", "จะ" it is the
	 * rating's ("Would give 5 if the line was shorter") */
	return cond_before || ((cond_after || time) && promised);
}

/* A cue on a line of its own right above the number that opens its line
 * ("ขอตอบ" / "2 ค่ะ The registration link..."; "My answer:" / "4 the
 * agent was kind"): every word of that line a cue, a lead to one, a
 * pronoun, a word for the answer or a filler, and one cue at least.
 * Where that line starts, or NO_CUE. */
size_t
cks_reader_cue_above(const struct reader *r, size_t k)
{
	size_t ls = cks_reader_line_first(r, k), ps, e;
	int cue = 0;

	if (!cks_reader_only_fillers(r, ls, k, 0) || ls < 2 ||
	    cks_reader_kind(r, ls - 1) != CKS_WORD_NEWLINE ||
	    cks_reader_kind(r, ls - 2) == CKS_WORD_NEWLINE)
		return NO_CUE;
	ps = cks_reader_line_first(r, ls - 2);
	for (size_t i = ps; i < ls - 1;) {
		if (r->ign[i] || r->used[i]) {
			i++;
			continue;
		}
		if (cks_reader_kind(r, i) == CKS_WORD_NUMBER || r->listed[i])
			return NO_CUE;
		if ((e = cks_reader_match_any(r, i, cks_answer_cues_before)) > i ||
		    (e = cks_reader_match_any(r, i, cks_answer_answer_nouns)) > i) {
			cue = 1;
			i = e;
			continue;
		}
		if ((e = cks_reader_match_any(r, i, cks_answer_lead_ins)) <= i &&
		    (e = cks_reader_match_any(r, i, cks_answer_pronouns)) <= i)
			return NO_CUE;
		i = e;
	}
	return cue ? ps : NO_CUE;
}
