/* Whether an answer is given now, by the writer (see answer.h).  A cue
 * says "this number is the answer"; the clause around it can still say
 * that it is not given: under a condition ("ถ้าได้ใบอนุญาตเร็วจะให้ 5",
 * "I'd give 5 if the queue were shorter"), put off ("I will give 5 once
 * I receive the certificate", "ครั้งหน้าจะให้ 5"), given on another
 * occasion ("Last time I gave 2", "ครั้งที่แล้วผมให้ 2"), refused ("ไม่ให้
 * 5 หรอก", "I won't give 5"), not decided ("ยังตัดสินใจไม่ได้ว่าจะให้ 4"),
 * or received rather than given ("The agency gave us 4 stars", "we
 * scored 5 on the test").
 * Such an answer is set aside: never recorded, only suggested.
 *
 * The clause is the answer's line, cut at a sentence's end and at a
 * contrast ("แต่", "but", "this time"): "ครั้งที่แล้วรอนาน แต่ครั้งนี้
 * ให้ 5" gives 5.  Thai writes no sentence marks, so a Thai condition
 * counts only when its consequence carries the answer: a modal ("จะ",
 * "would", "I'll") right before the number ("ถ้า ... ช่วยแจ้งด้วย ให้ 4"
 * still gives 4).  A condition that only frames the rating itself ("ถ้า
 * ให้คะแนน ให้ 4", "If I had to rate it, 4") is no condition. */
#include "autoconfig.h"

#include "answer_reader.h"

#include <stdio.h>

static const char *const conditions[] = {
	"ถ้า", "หาก", "ถ้าหาก", "หากว่า", "ถ้าเกิด", "สมมติว่า", "สมมุติว่า",
	"if", "unless", "once", "provided", "assuming", NULL
};
/* The words a condition that frames the rating is made of. */
static const char *const frame_words[] = {
	"ให้", "คะแนน", "ให้คะแนน", "ประเมิน", "เลือก", "ต้อง", "ตอบ", "ก็", "คง",
	"ขอ", "ผม", "ฉัน", "ดิฉัน", "หนู", "เรา", "ว่า", "จะ", "ถาม", "ถูกถาม",
	"i", "we", "had", "have", "to", "rate", "it", "this", "score", "choose",
	"pick", "answer", "asked", "ask", "must", "were", "was", "honest", "i'm",
	"i’m", "i'd", "i’d", "say", "would", "be", "are", "you", "me", "give",
	"a", "am", "being", "need", "to be", "the", "service", "บริการ", NULL
};
static const char *const put_off[] = {
	"ครั้งหน้า", "คราวหน้า", "ครั้งต่อไป", "คราวต่อไป", "ภายหลัง", "ทีหลัง",
	"next time", "in future", "in the future", "later", "later on", NULL
};
static const char *const other_time[] = {
	"ครั้งที่แล้ว", "ครั้งก่อน", "คราวก่อน", "คราวที่แล้ว", "ครั้งที่ผ่านมา",
	"last time", "last visit", "previous time", "previously", "the other day",
	NULL
};
static const char *const undecided[] = {
	"ไม่แน่ใจ", "ตัดสินใจไม่ได้", "ยังไม่รู้", "ยังไม่ทราบ", "ยังคิดไม่ออก",
	"not sure", "unsure", "undecided", "whether", "wondering",
	"can't decide", "can’t decide", "cannot decide", NULL
};
static const char *const negations[] = {
	"ไม่", "ไม่ได้", "ไม่เคย", "won't", "won’t", "will not", "wouldn't",
	"wouldn’t", "would not", "can't", "can’t", "cannot", "can not",
	"couldn't", "couldn’t", "could not", "don't", "don’t", "do not",
	"didn't", "didn’t", "did not", "never", "not going to", NULL
};
/* A score the writer received: a giving verb whose receiver is the
 * writer, or a verb of getting. */
static const char *const to_writer[] = {
	"gave us", "gave me", "give us", "give me", "gives us", "gives me",
	"rated us", "rated me", "scored us", "scored me", "awarded us",
	"awarded me", NULL
};
/* Thai "ได้" is no verb of getting here: "ให้ได้ 4 คะแนน", "ได้ ๕ คะแนน" give
 * the service its score. */
static const char *const getting[] = {
	"we got", "we scored", "we received", "we earned", "we were given",
	"i got", "i scored", "i received", "i earned", "i was given",
	"our company got", "our company scored", "our company received", NULL
};

/* What may stand between a negation and the verb it refuses. */
static const char *const negation_gap[] = {
	"จะ", "ได้", "เคย", "ค่อย", "going", "to", "be", "ever", "even", "really",
	"i", "we", NULL
};
static const char *const giving_verbs[] = {
	"ให้", "ให้คะแนน", "กด", "เลือก", "ตอบ", "ประเมิน", "ได้คะแนน", "give",
	"rate", "choose", "pick", "press", "answer", "score", "select", "record",
	"put", "mark", "vote", NULL
};
static const char *const modals[] = {
	"จะ", "ก็จะ", "คง", "คงจะ", "would", "will", "could", "might",
	"i'd", "i’d", "i'll", "i’ll", "we'd", "we’d", "we'll", "we’ll",
	"going to", NULL
};
/* After a modal, what puts the answer off until something happens. */
static const char *const until[] = {
	"if", "unless", "once", "when", "after", "as soon as", "ถ้า", "หาก",
	"หลัง", "หลังจาก", "เมื่อ", "ภายหลัง", "ทีหลัง", "later", "next time",
	"ครั้งหน้า", "คราวหน้า", NULL
};
static const char *const contrasts[] = {
	"แต่", "แต่ว่า", "ส่วน", "ครั้งนี้", "คราวนี้", "วันนี้", "but", "however",
	"this time", "today", "now", NULL
};

static int
sentence_end(const struct reader *r, size_t i)
{
	return cks_reader_is_mark(r, i, ".!?;");
}

/* The number's word in the candidate, or its first word. */
static size_t
number_at(const struct reader *r, const struct cand *c)
{
	for (size_t k = c->first; k <= c->last && k < r->n; k++)
		if (cks_reader_kind(r, k) == CKS_WORD_NUMBER)
			return k;
	return c->first;
}

/* Where the clause holding word k starts: its line's start, or after a
 * sentence's end or a contrast. */
static size_t
clause_start(const struct reader *r, size_t k)
{
	size_t ls = cks_reader_line_first(r, k);

	for (size_t j = k; j > ls; j--) {
		size_t e;

		if (sentence_end(r, j - 1))
			return j;
		if ((e = cks_reader_match_any(r, j - 1, contrasts)) > j - 1 && e <= k)
			return e;
	}
	return ls;
}

static size_t
clause_end(const struct reader *r, size_t k)
{
	size_t le = cks_reader_line_end(r, k);

	for (size_t j = k + 1; j < le; j++)
		if (sentence_end(r, j) || r->w.word[j].space_before >= 2)
			return j;
	return le;
}

/* A modal within three words before the number ("จะให้คะแนน 5", "I'd
 * give 5"): the answer is what would, or will, be given. */
static int
modal_before(const struct reader *r, size_t from, size_t num)
{
	for (size_t j = num > from + 3 ? num - 3 : from; j < num; j++)
		if (cks_reader_match_any(r, j, modals) > j)
			return 1;
	return 0;
}

/* Whether the condition at words [i, e) only frames the rating ("ถ้าให้
 * คะแนน", "If I had to rate it,"): its words up to the number are all
 * words of rating, pronouns and modals. */
static int
frames_rating(const struct reader *r, size_t e, size_t num)
{
	while (e < num) {
		size_t f;

		if (r->ign[e] || cks_reader_kind(r, e) == CKS_WORD_PUNCT) {
			e++;
			continue;
		}
		if ((f = cks_reader_match_any(r, e, frame_words)) <= e)
			return 0;
		e = f;
	}
	return 1;
}

/* A negation refusing the verb that gives the number ("ไม่ให้ 5", "I
 * won't give 5", "Don't record 1"). */
static int
refused(const struct reader *r, size_t from, size_t num)
{
	for (size_t i = from; i < num; i++) {
		size_t e = cks_reader_match_any(r, i, negations);

		if (e <= i)
			continue;
		for (int gap = 0; gap < 2 && e < num; gap++) {
			size_t g = cks_reader_match_any(r, e, negation_gap);

			if (g <= e)
				break;
			e = g;
		}
		if (e < num && (e = cks_reader_match_any(r, e, giving_verbs)) > 0 &&
		    e <= num && num - e <= 3)
			return 1;
	}
	return 0;
}

/* A score received: "gave us 4 stars", "we scored 5". */
static int
received(const struct reader *r, size_t from, size_t num)
{
	for (size_t i = from; i < num; i++) {
		size_t e = cks_reader_match_any(r, i, to_writer);

		if (e <= i)
			e = cks_reader_match_any(r, i, getting);
		if (e > i && e <= num && num - e <= 2)
			return 1;
	}
	return 0;
}

/* Why the answer candidate c is not given now, or NULL. */
static const char *
not_given(const struct reader *r, const struct cand *c)
{
	size_t num = number_at(r, c), from = clause_start(r, c->first),
	    to = clause_end(r, c->last > num ? c->last : num);
	int modal = modal_before(r, from, num);

	for (size_t i = from; i < num; i++) {
		size_t e;

		if ((e = cks_reader_match_any(r, i, other_time)) > i)
			return "given on another occasion";
		if (cks_reader_match_any(r, i, undecided) > i)
			return "not decided";
		if (!modal)
			continue;
		if ((e = cks_reader_match_any(r, i, conditions)) > i &&
		    !frames_rating(r, e, num))
			return "under a condition";
		if (cks_reader_match_any(r, i, put_off) > i)
			return "put off until later";
	}
	if (refused(r, from, num))
		return "refused";
	if (received(r, from, num))
		return "received, not given";
	if (modal)
		for (size_t i = (c->last > num ? c->last : num) + 1; i < to; i++)
			if (cks_reader_match_any(r, i, until) > i)
				return "put off until something happens";
	return NULL;
}

void
cks_reader_weigh_modality(struct reader *r)
{
	for (size_t i = 0; i < r->nc; i++) {
		struct cand *c = &r->c[i];
		const char *why;

		if (c->role < R_OPENING || (why = not_given(r, c)) == NULL)
			continue;
		c->deferred = 1;
		if (r->deferred_why == NULL) {
			r->deferred_why = why;
			r->deferred_code = c->code;
			r->deferred_cand = i;
		}
	}
}
