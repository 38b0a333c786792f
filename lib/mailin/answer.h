/* Reading the one answer a customer gave against a channel's rating scale.
 *
 * The reply is split into words (wordbreak.h: libthai for Thai), and each
 * number and each of the scale's words is a candidate, weighed by where it
 * stands (doc/answers.md has the model and its policy in full):
 *
 *   - a number is given as the answer when a cue comes before it ("ให้",
 *     "ตอบ", "เลือก", "กด", "ข้อ", "give", "rate", "score", "answer",
 *     "press", "option"...), a cue after it ("คะแนน", "ดาว", "points",
 *     "stars", "/5", "out of 5"), when it stands alone on its line, or
 *     when it opens the reply; anything that makes it a count, a time, a
 *     date, an amount, a phone number or part of an address (units,
 *     classifiers, glued punctuation) means it is not an answer;
 *   - a scale word ("พึงพอใจ", "excellent") is a weaker source: it is the
 *     answer only on a line of its own (with particles and the like), when
 *     cued ("ตอบ", "my answer"), or opening the reply; in running text it
 *     is the customer's comment, never a rating;
 *   - a negation governs the word right after it ("ไม่พึงพอใจ" is not
 *     "พึงพอใจ", "not very satisfied" is not "satisfied").
 *
 * Policy: a number given as the answer outranks scale words in the comment
 * after it; two different numbers given as answers, a range, or a scale
 * word given as the answer (next to the number, or on its own line) that
 * contradicts the number is a conflict: nothing is recorded.  Never a
 * rating the customer did not clearly give; when in doubt the reply is
 * quarantined with the candidates and, where one reading stands out, a
 * suggestion.
 *
 * The comment is what the customer wrote about the service: the reply
 * without the answer, greeting lines, bare particles, closings and the
 * signature block (signature.h). */
#ifndef CKS_ANSWER_H
#define CKS_ANSWER_H

#include <stddef.h>

#include <cksgate/plugin.h>

enum cks_answer_kind {
	CKS_ANSWER_FOUND,         /* one answer: code and comment */
	CKS_ANSWER_NONE,          /* nothing that reads as an answer */
	CKS_ANSWER_CONFLICTING,   /* two different answers */
	CKS_ANSWER_RANGE,         /* "1-3" */
	CKS_ANSWER_OUT_OF_SCALE,  /* a code the channel does not have */
};

#define CKS_ANSWER_MAX_CANDIDATES 8

/* One reading of the reply as an answer, with the evidence for it. */
struct cks_answer_candidate {
	int code;
	int weight;               /* strength of the evidence, 0..100 */
	char source[16];          /* "number" or "word" */
	char cue[64];             /* why it reads as an answer */
	char text[64];            /* what was read, as written (UTF-8) */
};

struct cks_answer {
	enum cks_answer_kind kind;
	int code;                 /* CKS_ANSWER_FOUND */
	char *comment;            /* the customer's comment (malloc'ed, or NULL) */
	char reason[256];         /* for the kinds other than FOUND */
	/* The best reading when the kind is not FOUND (what a person
	 * resolving the quarantine is offered), or -1. */
	int suggestion;
	struct cks_answer_candidate candidates[CKS_ANSWER_MAX_CANDIDATES];
	size_t candidate_count;   /* strongest first */
};

/* Reads reply (UTF-8, quotes already cut).  Returns 0, or -1 on out of
 * memory.  Free the comment with cks_answer_clear(). */
int cks_answer_find(const struct cks_channel_plugin *channel,
		    const char *reply, struct cks_answer *answer);

/* The same, knowing the writer's names (signature.h): a line at the end
 * that holds one of them, and the sign-off above it, are not the comment.
 * writer may be NULL. */
int cks_answer_find_by(const struct cks_channel_plugin *channel,
		       const char *reply, const char *writer,
		       struct cks_answer *answer);

/* Only a pick marked in a list of the options ("4 มาก <-- เลือกข้อนี้",
 * "☑ 2 พึงพอใจ", "*4 High*") in text, quote marks ('>', TAB) at the lines'
 * starts set aside: the answer a customer typed inside the quoted
 * invitation, whose list we sent without marks (either of its lists: to
 * tap, labels alone, or numbered).  Only the text's short lines and lines
 * with a number near their start are read.  No comment is taken.
 * Returns 0, or -1 on out of memory. */
int cks_answer_find_marked(const struct cks_channel_plugin *channel,
			   const char *text, struct cks_answer *answer);

void cks_answer_clear(struct cks_answer *answer);

const char *cks_answer_kind_name(enum cks_answer_kind kind);

#endif
