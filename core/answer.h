/* Recognising the one answer a customer gave against a channel's rating
 * scale: ASCII, Thai (๑-๙) and full-width digits, "กด 2" and its slip
 * "กต 2", "press 2", the option labels and the plugin's extra words in Thai
 * and English, negation-aware ("ไม่พึงพอใจ" is not "พึงพอใจ", "not
 * satisfied" is not "satisfied").  Phone numbers, dates, times and the
 * hotline number 1169 are not answers. */
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
	char *comment;            /* what follows the answer (malloc'ed, or NULL) */
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

void cks_answer_clear(struct cks_answer *answer);

const char *cks_answer_kind_name(enum cks_answer_kind kind);

#endif
