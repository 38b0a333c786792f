/* A rating drawn in stars ("★★★★☆", "⭐⭐⭐⭐⭐"), the way review sites
 * and shop apps ask for one: on a line of its own, the filled stars are
 * the score.  A score counts up, so on a scale whose best answer is its
 * lowest number (1169) it reads backwards and is a conflict, as "3 stars"
 * is (answer_numbers.c).  Hand-written: no Debian library reads these. */
#include "autoconfig.h"

#include "answer_reader.h"

#include <string.h>

/* The stars, filled and empty, in UTF-8; a variation selector may follow. */
static const char *const filled[] = { "\xe2\x98\x85" /* ★ */, "\xe2\xad\x90" /* ⭐ */,
	"\xf0\x9f\x8c\x9f" /* 🌟 */, NULL };
static const char *const empty[] = { "\xe2\x98\x86" /* ☆ */, "\xe2\x9c\xa9" /* ✩ */,
	NULL };
#define VS16 "\xef\xb8\x8f"

static size_t
star_at(const char *s, size_t n, const char *const *set)
{
	for (size_t i = 0; set[i] != NULL; i++) {
		size_t k = strlen(set[i]);

		if (k <= n && memcmp(s, set[i], k) == 0) {
			if (k + 3 <= n && memcmp(s + k, VS16, 3) == 0)
				k += 3;
			return k;
		}
	}
	return 0;
}

/* The filled stars of the bytes [from, to) if they are only stars and
 * blanks, at least one filled: else -1.  *total counts the empty too. */
static int
count_stars(const char *s, size_t from, size_t to, int *total)
{
	int full = 0;

	*total = 0;
	for (size_t i = from; i < to;) {
		size_t k;

		if (s[i] == ' ' || s[i] == '\t') {
			i++;
		} else if ((k = star_at(s + i, to - i, filled)) > 0) {
			full++, (*total)++, i += k;
		} else if ((k = star_at(s + i, to - i, empty)) > 0) {
			(*total)++, i += k;
		} else {
			return -1;
		}
		if (*total > 10)
			return -1;
	}
	return full > 0 ? full : -1;
}

void
cks_reader_read_stars(struct reader *r)
{
	int top = cks_reader_scale_max(r->channel);

	for (size_t i = 0; i < r->n;) {
		size_t le = cks_reader_line_end(r, i), first = i, last;
		int full, total;

		/* the stars may stand with particles and thanks ("★★★★★ ค่ะ") */
		while (first < le && r->ign[first] &&
		       !(cks_reader_kind(r, first) == CKS_WORD_PUNCT &&
			 star_at(r->text + r->w.word[first].start,
			     r->w.word[first].end - r->w.word[first].start, filled)))
			first++;
		last = first;
		while (last < le && cks_reader_kind(r, last) == CKS_WORD_PUNCT)
			last++;
		if (last > first && cks_reader_only_fillers(r, last, le, 0) &&
		    (full = count_stars(r->text, r->w.word[first].start,
			r->w.word[last - 1].end, &total)) > 0 &&
		    (total == full || total == top) && full <= top) {
			if (cks_reader_lowest_best(r->channel))
				r->score_reversed = 1;
			else
				cks_reader_add_cand(r, full, 0, R_ALONE, first, last - 1,
				    "stars on a line of their own");
		}
		i = le + 1;
	}
}
