/* The answer reader's own parts, shared by its modules and no one else:
 * answer_reader.c (matching phrases on word boundaries, fillers, the
 * greeting and where an answer may open), answer_numbers.c (numbers and
 * their cues), answer_labels.c (scale words), answer.c (the outcome and
 * the comment).  See answer.h for the model. */
#ifndef CKS_ANSWER_READER_H
#define CKS_ANSWER_READER_H

#include <stddef.h>
#include <string.h>

#include <cksgate/plugin.h>

#include "wordbreak.h"

/* An answer sits near the top; nothing is looked for further down. */
#define SCAN_LIMIT (16 * 1024)
#define MAX_CANDS 64
#define MAX_PHRASES 160
/* cue_before: no cue; the number names a thing ("เอกสารข้อ 3"). */
#define NO_CUE ((size_t)-1)
#define THING ((size_t)-2)
/* How many filler words may stand between a cue and its number. */
#define CUE_GAP 3

enum role {
	R_MENTION,       /* in running text: not an answer */
	R_WEAK_OPENING,  /* opens the reply, but reads like a count */
	R_OPENING,       /* opens the reply */
	R_ALONE,         /* alone on its line */
	R_CUED,          /* a cue before or after it */
	R_ADJACENT,      /* a scale word right after a number answer */
};


struct cand {
	int code;
	int word;              /* 0: a number, 1: a scale word */
	enum role role;
	size_t first, last;    /* word indexes of the whole expression */
	size_t line;
	int weak;              /* a scale word of everyday speech ("good") */
	int label;             /* the option's own label, not a synonym */
	int deferred;          /* given under a condition, put off, refused,
				* or on another occasion: not given now */
	char cue[48];
};

struct phrase {
	const char *text;
	int code;              /* -1: only hides the words inside it */
	int weak;              /* an everyday word ("good", "ดี") */
	int label;             /* the option's own label */
	size_t len;
};

struct reader {
	const struct cks_channel_plugin *channel;
	const char *text;
	struct cks_words w;
	size_t n;              /* words before the signature */
	unsigned char *ign;    /* per word: says nothing (particle, mark...) */
	unsigned char *used;   /* per word: part of an answer or a greeting */
	unsigned char *listed; /* per word: in a pasted list of the options */
	size_t open_word;      /* the first word an answer may open with */
	struct phrase ph[MAX_PHRASES];
	size_t nph;
	struct cand c[MAX_CANDS];
	size_t nc;
	int has_range, range_lo, range_hi;
	int negated;           /* a negated scale word was seen */
	int negated_alone;     /* ... on a line of its own */
	int pleased_alone;     /* a feeling of satisfaction, not negated, on
				* a short line without a number */
	int score_reversed;    /* a score ("3 stars", "3/3") on a scale whose
				* best answer is its lowest number */
	int graded;            /* the scale has "very ..." options */
	int unsure;            /* the customer says they have not decided */
	const char *deferred_why; /* the first answer not given now: why */
	int deferred_code;
	size_t deferred_cand;
};

extern const char *const cks_reader_role_cue[];

static inline int
cks_reader_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

static inline enum cks_word_kind
cks_reader_kind(const struct reader *r, size_t i)
{
	return r->w.word[i].kind;
}

static inline int
cks_reader_is_mark(const struct reader *r, size_t i, const char *marks)
{
	const struct cks_word *w = &r->w.word[i];

	return w->kind == CKS_WORD_PUNCT && w->end - w->start == 1 &&
	       strchr(marks, r->text[w->start]) != NULL;
}

/* Whether word i begins an English sentence after a blank ("4 Overall
 * good, ...", "... thanks We are 12"): a capital, and not "I", "I'd". */
static inline int
cks_reader_sentence_start(const struct reader *r, size_t i)
{
	const struct cks_word *w;

	if (i >= r->n)
		return 0;
	w = &r->w.word[i];
	return w->kind == CKS_WORD_LATIN && w->space_before &&
	    r->text[w->start] >= 'A' && r->text[w->start] <= 'Z' &&
	    !(r->text[w->start] == 'I' && (w->end - w->start == 1 ||
	      r->text[w->start + 1] == '\'' || r->text[w->start + 1] == '\xe2'));
}

/* If phrase starts at word i and ends where a word ends, the index after
 * its last word; else 0.  A space matches any run of blanks; ASCII case
 * is ignored. */
size_t cks_reader_match_at(const struct reader *r, size_t i,
			   const char *phrase);
/* The longest phrase of list at word i: the index after it, or 0. */
size_t cks_reader_match_any(const struct reader *r, size_t i,
			    const char *const *list);
size_t cks_reader_line_first(const struct reader *r, size_t i);
size_t cks_reader_line_end(const struct reader *r, size_t i);
/* Whether words [from, to) hold only fillers (see answer_reader.c). */
int cks_reader_only_fillers(const struct reader *r, size_t from, size_t to,
			    int frames);
/* Adds a candidate; returns it, or NULL when the table is full. */
struct cand *cks_reader_add_cand(struct reader *r, int code, int word,
				 enum role role, size_t first, size_t last,
				 const char *cue);
int cks_reader_scale_max(const struct cks_channel_plugin *ch);
/* Whether the scale's best answer is its lowest number (1169: 1 is
 * "impressed"), where "3 stars" would read backwards. */
int cks_reader_lowest_best(const struct cks_channel_plugin *ch);

int cks_reader_on_scale(const struct cks_channel_plugin *ch, int code);
/* The setup: the scale's phrases, the fillers, where answers open. */
void cks_reader_scale_phrases(struct reader *r);
void cks_reader_mark_fillers(struct reader *r);
void cks_reader_find_opening(struct reader *r);
/* Sets r->unsure when a line says the customer is not sure yet
 * ("ยังไม่แน่ใจ", "Not sure yet, will confirm later"). */
void cks_reader_find_unsure(struct reader *r);
/* Reads the number at word k; *next is where reading goes on. */
void cks_reader_read_number(struct reader *r, size_t k, size_t *next);
/* Reads the scale words. */
void cks_reader_read_words(struct reader *r);
/* Numbers spelled out and given as answers ("เลือกสอง", "I'd pick two")
 * become numbers. */
void cks_reader_spelled_numbers(struct reader *r);
/* The option list pasted back with one option marked ("[X] 2 พึงพอใจ",
 * "3  Medium  <--"): its lines are set aside, the marked one answers. */
void cks_reader_read_list(struct reader *r);

/* answer_stars.c: a rating drawn in stars on a line of its own. */
void cks_reader_read_stars(struct reader *r);

/* answer_modality.c: answers set aside as not given now ("ถ้า ... จะให้
 * 5", "I won't give 5", "Last time I gave 2"). */
void cks_reader_weigh_modality(struct reader *r);

/* answer_context.c: what stands around a number. */
/* The line from its start to s is a lead of cues, wishes and pronouns. */
int cks_reader_led_in(const struct reader *r, size_t s);
/* The cue at s follows a number and a list word ("ข้อ 2 กับ|ข้อ 3"). */
int cks_reader_after_list(const struct reader *r, size_t s);
/* "My answer ... is N", "a rating verb and what it rates N": where the
 * clause starts, or NO_CUE; *which names the reason. */
size_t cks_reader_copula_cue(const struct reader *r, size_t k, const char **which);
size_t cks_reader_object_cue(const struct reader *r, size_t k, const char **which);
/* A menu path ("press 1, then 3, then 2") from k: its end, or 0. */
size_t cks_reader_sequence_from(const struct reader *r, size_t k);
/* "หน้า 4", "room 305": a noun for a numbered thing before k. */
int cks_reader_thing_before(const struct reader *r, size_t k);
/* "Re point 5", "เกี่ยวกับข้อ 3": the number phrase at first is referred to. */
int cks_reader_referred_to(const struct reader *r, size_t first);
/* "Press 1 for Thai": the number at k, cued by s, is a menu's entry. */
int cks_reader_menu_entry(const struct reader *r, size_t s, size_t k);
/* "เลือกแพ็กเกจ 2": a cue on the line before k has an object of its own. */
int cks_reader_cue_object(const struct reader *r, size_t ls, size_t k);
/* "2 samples": a plural noun at i counts the number before it. */
int cks_reader_english_count(const struct reader *r, size_t i);
/* A line of cues alone right above the number opening its line ("ขอตอบ" /
 * "2 ค่ะ ..."): where that line starts, or NO_CUE. */
size_t cks_reader_cue_above(const struct reader *r, size_t k);

#endif
