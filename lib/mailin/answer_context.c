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


/* Whether the number phrase starting at first is referred to rather than
 * given ("Re point 5 - yes we export", "เกี่ยวกับข้อ 3 ...", "regarding
 * item 2"): a word of reference right before it. */
int
cks_reader_referred_to(const struct reader *r, size_t first)
{
	static const char *const refer[] = {
		"re", "re:", "regarding", "concerning", "as regards", "with regard to",
		"in reference to", "about", "เกี่ยวกับ", "อ้างถึง", "อ้างอิง", "เรื่อง",
		NULL
	};
	size_t j = first;

	while (j > 0 && r->ign[j - 1] && cks_reader_kind(r, j - 1) != CKS_WORD_NEWLINE)
		j--;
	for (size_t s = j > 2 ? j - 2 : 0; s < j; s++) {
		size_t e;

		if (r->w.word[s].line != r->w.word[first].line ||
		    (e = cks_reader_match_any(r, s, refer)) <= s)
			continue;
		/* or with the thing's noun between: "re point 5" (not "about
		 * my score 5") */
		for (size_t t = e; t < first && e <= j; t++)
			if (cks_reader_kind(r, t) == CKS_WORD_PUNCT)
				e = j + 1;      /* "Having thought about it, 2" */
		if (e == j || (e + 1 == j && !r->ign[e] &&
		    cks_reader_match_any(r, e, cks_answer_answer_nouns) <= e &&
		    cks_reader_match_any(r, e, cks_answer_cues_before) <= e))
			return 1;
	}
	return 0;
}

/* Whether the cued number at k is a menu's entry ("Press 1 for Thai",
 * "กด 2 เพื่อคุยกับเจ้าหน้าที่"): a verb of pressing, the number, then
 * what the key is for. */
int
cks_reader_menu_entry(const struct reader *r, size_t s, size_t k)
{
	static const char *const pressing[] = { "press", "กด", "dial", "push",
		"hit", NULL };
	static const char *const purpose[] = { "for", "to", "สำหรับ", "เพื่อ",
		"เพื่อที่จะ", NULL };
	size_t e;

	if (cks_reader_match_any(r, s, pressing) <= s || k + 1 >= r->n ||
	    (e = cks_reader_match_any(r, k + 1, purpose)) <= k + 1)
		return 0;
	return e < r->n && !r->ign[e] && r->w.word[e].line == r->w.word[k].line &&
	    (cks_reader_kind(r, e) == CKS_WORD_THAI || cks_reader_kind(r, e) == CKS_WORD_LATIN);
}

/* Whether a cue before k has an object of its own before the number
 * ("เลือกแพ็กเกจ 2", "choose package 2"): then the number names that
 * thing.  Words about the survey are no such object ("ตอบตามแบบสอบถาม 1"). */
int
cks_reader_cue_object(const struct reader *r, size_t ls, size_t k)
{
	static const char *const survey[] = {
		"แบบสอบถาม", "แบบประเมิน", "คำถาม", "ความพึงพอใจ", "ความพอใจ",
		"ตัวเลข", "หมายเลข", "ตาม", "ว่า", "เป็น", "survey", "questionnaire",
		"question", "number", "the", "a", "as", "to", "your", "my", "this",
		"of", "in", "on", "ต่อ", "ของ", "นี้", NULL
	};
	/* how it is given is no object: "ตอบแบบสั้นๆ 2", "answer briefly 2" */
	static const char *const manner[] = { "แบบสั้นๆ", "แบบสั้น ๆ", "สั้นๆ",
		"แบบง่ายๆ", "ง่ายๆ", "ตรงๆ", "แบบนี้", "เลย", "briefly", "simply",
		"quickly", "honestly", "just", "here", NULL };
	static const char *const *const about_answer[] = {
		survey, manner, cks_answer_answer_nouns, cks_answer_frame_words,
		cks_answer_cue_gap, cks_answer_cues_before, cks_answer_sentiment,
		cks_answer_pronouns, cks_answer_lead_ins, NULL
	};

	for (size_t i = ls; i < k; i++) {
		size_t e = cks_reader_match_any(r, i, cks_answer_cues_before);

		if (e <= i)
			continue;
		for (size_t t = e; t < k;) {
			size_t f = 0;

			if (r->ign[t] || cks_reader_kind(r, t) == CKS_WORD_PUNCT) {
				t++;
				continue;
			}
			for (size_t l = 0; about_answer[l] != NULL && f <= t; l++)
				f = cks_reader_match_any(r, t, about_answer[l]);
			if (f <= t)
				return 1;
			t = f;
		}
		return 0;
	}
	return 0;
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
