/* Words of a reply (see wordbreak.h). */
#include "autoconfig.h"

#include "wordbreak.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <thai/thbrk.h>
#include <thai/thwbrk.h>

#include "utf8.h"

/* A Thai run longer than this is broken in pieces of this size: replies
 * are short, and a long run is not worth a long allocation. */
#define THAI_RUN_MAX 2048
#define VALUE_CAP 99999

enum cls { C_SPACE, C_NEWLINE, C_THAI, C_LATIN, C_DIGIT, C_PUNCT, C_JOIN };

static pthread_once_t breaker_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t breaker_lock = PTHREAD_MUTEX_INITIALIZER;
static ThBrk *breaker;

static void
breaker_open(void)
{
	/* NULL: the dictionary Debian's libthai-data installs.  Without it
	 * a Thai run stays one word, which matches less but never wrongly. */
	breaker = th_brk_new(NULL);
}

/* The class of code point c; *digit its value for a digit. */
static enum cls
classify(int32_t c, int *digit)
{
	if (c == ' ' || c == '\t' || c == '\r' || c == 0xa0 || c == 0x3000 ||
	    (c >= 0x2000 && c <= 0x200a) || c == 0x202f)
		return C_SPACE;
	if (c == '\n')
		return C_NEWLINE;
	if (c >= '0' && c <= '9') {
		*digit = c - '0';
		return C_DIGIT;
	}
	if (c >= 0x0e50 && c <= 0x0e59) {
		*digit = c - 0x0e50;
		return C_DIGIT;
	}
	if (c >= 0xff10 && c <= 0xff19) {
		*digit = c - 0xff10;
		return C_DIGIT;
	}
	/* Variation selector, keycap, zero-width joiner and spaces. */
	if (c == 0xfe0f || c == 0x20e3 || c == 0x200b || c == 0x200c ||
	    c == 0x200d || c == 0xfeff)
		return C_JOIN;
	if (c >= 0x0e01 && c <= 0x0e4f)
		return C_THAI;
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return C_LATIN;
	if (c >= 0xc0 && c != 0xd7 && c != 0xf7 && c < 0x2000)
		return C_LATIN;     /* Latin-1 letters, Greek, Cyrillic... */
	if (c >= 0xff21 && c <= 0xff5a)
		return C_LATIN;     /* full-width letters */
	return C_PUNCT;
}

static int
push(struct cks_words *w, size_t *cap, struct cks_word word)
{
	if (w->count == *cap) {
		size_t n = *cap ? *cap * 2 : 64;
		struct cks_word *p = realloc(w->word, n * sizeof(*p));

		if (p == NULL)
			return -1;
		w->word = p;
		*cap = n;
	}
	w->word[w->count++] = word;
	return 0;
}

/* Splits one Thai run (code points cps[0..n), room for a terminating 0
 * at cps[n]; their byte offsets at[], at[n] the end) into words with
 * libthai. */
static int
split_thai(struct cks_words *w, size_t *cap, thwchar_t *cps,
	   const size_t *at, int n, struct cks_word proto)
{
	int pos[THAI_RUN_MAX], found = 0, from = 0;

	pthread_once(&breaker_once, breaker_open);
	cps[n] = 0;             /* libthai reads a terminated string */
	if (breaker != NULL) {
		pthread_mutex_lock(&breaker_lock);
		found = th_brk_wc_find_breaks(breaker, cps, pos, THAI_RUN_MAX);
		pthread_mutex_unlock(&breaker_lock);
	}
	for (int i = 0; i <= found; i++) {
		int to = i < found ? pos[i] : n;

		if (to <= from || to > n)
			continue;
		proto.start = at[from];
		proto.end = at[to];
		if (push(w, cap, proto) < 0)
			return -1;
		proto.space_before = 0;
		from = to;
	}
	return 0;
}

int
cks_words_split(const char *text, size_t length, struct cks_words *w)
{
	const char *p = text, *end = text + length;
	thwchar_t cps[THAI_RUN_MAX + 1];
	size_t at[THAI_RUN_MAX + 1], cap = 0, line = 0;
	int nthai = 0, space = 0, digit = 0;
	struct cks_word cur = { 0 };
	int in_word = 0;           /* cur is an open Latin word or number */

	w->word = NULL;
	w->count = 0;
	while (p <= end) {
		const char *s = p;
		int32_t c = -2;
		enum cls k = C_SPACE;

		if (p < end) {
			c = cks_utf8_next(&p, end);
			if (p == s)
				p++;
			k = c < 0 ? C_PUNCT : classify(c, &digit);
		} else {
			p++;            /* one pass at the end flushes */
		}
		if (k == C_JOIN)
			continue;
		/* An apostrophe inside a Latin word keeps it whole ("wasn't"). */
		if (in_word && cur.kind == CKS_WORD_LATIN &&
		    (c == '\'' || c == 0x2019) && p < end &&
		    ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))) {
			cur.end = (size_t)(p - text);
			continue;
		}
		if (in_word && ((k == C_LATIN && cur.kind == CKS_WORD_LATIN) ||
				(k == C_DIGIT && cur.kind == CKS_WORD_NUMBER))) {
			cur.end = (size_t)(p - text);
			if (k == C_DIGIT) {
				cur.digits++;
				if (cur.value <= VALUE_CAP / 10)
					cur.value = cur.value * 10 + digit;
				else
					cur.value = VALUE_CAP;
			}
			continue;
		}
		if (in_word) {
			if (push(w, &cap, cur) < 0)
				goto fail;
			in_word = 0;
			space = 0;
		}
		if (nthai > 0 && (k != C_THAI || nthai == THAI_RUN_MAX)) {
			struct cks_word proto = { .kind = CKS_WORD_THAI,
				.space_before = space, .line = line };

			at[nthai] = (size_t)(s - text);
			if (split_thai(w, &cap, cps, at, nthai, proto) < 0)
				goto fail;
			nthai = 0;
			space = 0;
		}
		if (p > end)
			break;
		switch (k) {
		case C_SPACE:
			space++;    /* how many: two blanks set off what follows */
			break;
		case C_NEWLINE:
			cur = (struct cks_word){ (size_t)(s - text),
				(size_t)(p - text), CKS_WORD_NEWLINE, space, 0, 0,
				line++ };
			if (push(w, &cap, cur) < 0)
				goto fail;
			space = 0;
			break;
		case C_THAI:
			at[nthai] = (size_t)(s - text);
			cps[nthai++] = (thwchar_t)c;
			break;
		case C_LATIN:
		case C_DIGIT:
			cur = (struct cks_word){ (size_t)(s - text),
				(size_t)(p - text), k == C_LATIN ? CKS_WORD_LATIN :
				CKS_WORD_NUMBER, space, k == C_DIGIT ? digit : 0,
				k == C_DIGIT, line };
			in_word = 1;
			break;
		default:
			cur = (struct cks_word){ (size_t)(s - text),
				(size_t)(p - text), CKS_WORD_PUNCT, space, 0, 0,
				line };
			if (push(w, &cap, cur) < 0)
				goto fail;
			space = 0;
			break;
		}
	}
	return 0;
fail:
	cks_words_clear(w);
	return -1;
}

void
cks_words_clear(struct cks_words *w)
{
	free(w->word);
	w->word = NULL;
	w->count = 0;
}
