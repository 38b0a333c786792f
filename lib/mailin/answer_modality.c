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
 * The sentence is the answer's line, cut at a mark that closes it, at a
 * Thai particle and a blank ("ให้ 5 ค่ะ ครั้งหน้า..."), at a contrast
 * ("แต่", "but", "this time": "ครั้งที่แล้วรอนาน แต่ครั้งนี้ให้ 5" gives 5);
 * after the answer also at a comma, a dash, two blanks or a capital, which
 * set a remark off ("5 - next time I'll bring my boss").  A condition
 * before the answer in its sentence holds it back, unless it only frames
 * the rating ("ถ้าให้คะแนน ให้ 4", "If I had to rate it, 4"); a condition
 * or a time after it, or a time before it, only with a modal right before
 * the number ("จะให้ 5 หลังได้ของ", "Would give 5 if ...": "ให้ 4 ถ้าส่ง
 * เป็น Line ได้จะสะดวกกว่า" and "ครั้งหน้าจะมาอีก ให้ 5" give).  A wish
 * held back by a "but" ("อยากให้ 5 แต่...") is not given either. */
#include "autoconfig.h"

#include "answer_reader.h"

#include <stdio.h>

static const char *const conditions[] = {
	"ถ้า", "หาก", "ถ้าหาก", "หากว่า", "ถ้าเกิด", "สมมติ", "สมมุติ", "สมมติว่า",
	"สมมุติว่า", "if", "unless", "as soon as", "provided", "assuming", NULL
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
/* A time to come (with a modal before the number: "after", "when" and
 * "once" tell of the past as often, "หลังจากได้รับคำปรึกษาแล้ว ขอให้ 3"). */
static const char *const put_off[] = {
	"ครั้งหน้า", "คราวหน้า", "ครั้งต่อไป", "คราวต่อไป", "ภายหลัง", "ทีหลัง",
	"วันหลัง", "เดี๋ยว", "พรุ่งนี้", "หลัง", "หลังจาก", "หลังได้", "หลังจากได้",
	"เมื่อ", "เมื่อได้", "ไว้ได้", "next time", "in future", "in the future",
	"later", "later on", "tomorrow", "once", "when", "whenever", "after", NULL
};
/* "once the goods arrive", not "dropped once, ..." nor "once again" */
static const char *const clause_openers[] = { "the", "i", "we", "you", "it",
	"they", "my", "our", "your", "he", "she", "someone", "somebody", NULL };
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
	"จะ", "ก็จะ", "คง", "คงจะ", "เดี๋ยว", "would", "will", "could", "might",
	"i'd", "i’d", "i'll", "i’ll", "we'd", "we’d", "we'll", "we’ll",
	"going to", "gonna", NULL
};
static const char *const wishes[] = { "อยาก", "อยากจะ", "would like to",
	"i'd like to", "i’d like to", "want to", "wish to", "i wish", NULL };
static const char *const buts[] = { "แต่", "แต่ว่า", "but", "though",
	"however", NULL };
static const char *const contrasts[] = {
	"แต่", "แต่ว่า", "ส่วน", "ครั้งนี้", "คราวนี้", "วันนี้", "but", "however",
	"this time", "today", "now", NULL
};

static int
sentence_end(const struct reader *r, size_t i)
{
	return cks_reader_is_mark(r, i, ".!?;");
}

/* A Thai particle with a blank after it ("ให้ 5 ค่ะ ครั้งหน้า..."). */
static int
thai_sentence_end(const struct reader *r, size_t i)
{
	return r->ign[i] && cks_reader_kind(r, i) == CKS_WORD_THAI &&
	    i + 1 < r->n && r->w.word[i + 1].space_before;
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

/* Where the sentence holding word k starts: its line's start, or after a
 * mark that closes a sentence, a Thai particle and a blank, a contrast. */
static size_t
clause_start(const struct reader *r, size_t k)
{
	size_t ls = cks_reader_line_first(r, k);

	for (size_t j = k; j > ls; j--) {
		size_t e;

		if (sentence_end(r, j - 1) || thai_sentence_end(r, j - 1))
			return j;
		if ((e = cks_reader_match_any(r, j - 1, contrasts)) > j - 1 && e <= k)
			return e;
	}
	return ls;
}

/* Where it ends after the answer (which ends before after): also at a
 * comma, a colon, a dash, two blanks or a capital that set a remark off. */
static size_t
clause_end(const struct reader *r, size_t after)
{
	size_t le = after < r->n ? cks_reader_line_end(r, after) : r->n, e = after;

	while (e < le && !cks_reader_is_mark(r, e, ".!?;,:-") && !thai_sentence_end(r, e) &&
	       !(e > after && (r->w.word[e].space_before > 1 ||
	         cks_reader_sentence_start(r, e))))
		e++;
	return e;
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

/* A time to come at word i ("next time", "หลังได้ของ"), not "once" before
 * a mark nor "after all". */
static int
time_to_come(const struct reader *r, size_t i)
{
	size_t m = cks_reader_match_any(r, i, put_off);

	if (m <= i)
		return 0;
	if (cks_reader_match_at(r, i, "once") == m)
		return cks_reader_match_any(r, m, clause_openers) > m;
	return !(cks_reader_match_at(r, i, "after") == m && cks_reader_match_at(r, m, "all"));
}

/* Why the answer candidate c is not given now, or NULL. */
static const char *
not_given(const struct reader *r, const struct cand *c)
{
	size_t num = number_at(r, c), after = (c->last > num ? c->last : num) + 1,
	    from = clause_start(r, c->first), to = clause_end(r, after);
	int modal = modal_before(r, from, num), wished = 0;

	for (size_t i = from; i < num; i++) {
		size_t e;

		if (cks_reader_match_any(r, i, other_time) > i)
			return "given on another occasion";
		if (cks_reader_match_any(r, i, undecided) > i)
			return "not decided";
		if ((e = cks_reader_match_any(r, i, conditions)) > i &&
		    !frames_rating(r, e, num))
			return "under a condition";
		if (modal && time_to_come(r, i))
			return "put off until later";
		wished |= cks_reader_match_any(r, i, wishes) > i;
	}
	if (refused(r, from, num))
		return "refused";
	if (received(r, from, num))
		return "received, not given";
	for (size_t i = after; modal && i < to; i++)
		if (cks_reader_match_any(r, i, conditions) > i || time_to_come(r, i))
			return "put off until something happens";
	/* "อยากให้ 5 แต่ยังไม่ได้รับเอกสาร": a wish held back in its sentence */
	for (size_t i = after; wished && i < r->n && r->w.word[i].line == r->w.word[num].line &&
	     !sentence_end(r, i); i++)
		if (cks_reader_match_any(r, i, buts) > i)
			return "wished, but held back";
	return NULL;
}

/* Whether the reply promises its answer for later ("Fine, I will answer
 * tomorrow", "เดี๋ยวจะตอบแบบประเมินให้นะคะ"): then an everyday word in it
 * ("Fine", "ดี") acknowledges, and rates nothing. */
static int
answer_promised(const struct reader *r)
{
	static const char *const answering[] = { "answer", "reply", "respond",
		"rate", "evaluate", "fill", "do the survey", "ตอบ", "ประเมิน",
		"ให้คะแนน", "ทำแบบประเมิน", "ทำแบบสอบถาม", "กรอก", NULL };

	for (size_t i = 0; i < r->n; i++) {
		size_t e = cks_reader_match_any(r, i, modals);

		if (e <= i)
			continue;
		for (size_t k = e; k < r->n && k < e + 3; k++)
			if (cks_reader_match_any(r, k, answering) > k)
				return 1;
	}
	return 0;
}

void
cks_reader_weigh_modality(struct reader *r)
{
	int promised = -1;

	for (size_t i = 0; i < r->nc; i++) {
		struct cand *c = &r->c[i];
		const char *why;

		if (c->role < R_OPENING)
			continue;
		if ((why = not_given(r, c)) == NULL && c->word && c->weak) {
			if (promised < 0)
				promised = answer_promised(r);
			why = promised ? "the reply promises its answer for later" : NULL;
		}
		if (why == NULL)
			continue;
		c->deferred = 1;
		if (r->deferred_why == NULL) {
			r->deferred_why = why;
			r->deferred_code = c->code;
			r->deferred_cand = i;
		}
	}
}
