/* A reply's text as words: Thai words (split with libthai's dictionary,
 * as Pango and LibreOffice split them), Latin words, numbers in ASCII,
 * Thai (๐-๙) or full-width digits, punctuation marks and line ends.
 *
 * Matching on words instead of bytes is what keeps "ดี" from being found
 * inside "สวัสดี" and lets a negation govern exactly the word after it.
 * Thai is written without spaces, so which spans are words is libthai's
 * decision; digits glued to Thai letters ("ให้4ครับ") are split here,
 * because libthai leaves them attached. */
#ifndef CKS_WORDBREAK_H
#define CKS_WORDBREAK_H

#include <stddef.h>

enum cks_word_kind {
	CKS_WORD_THAI,
	CKS_WORD_LATIN,     /* letters of any non-Thai script, with ' inside */
	CKS_WORD_NUMBER,    /* a run of digits of one system */
	CKS_WORD_PUNCT,     /* one mark (or a symbol, an emoji) */
	CKS_WORD_NEWLINE,
};

struct cks_word {
	size_t start, end;  /* byte offsets into the text */
	enum cks_word_kind kind;
	int space_before;   /* how many blanks between this and the previous word */
	int value;          /* CKS_WORD_NUMBER: its value (capped at 99999) */
	int digits;         /* CKS_WORD_NUMBER: how many digits */
	size_t line;        /* 0-based line number */
};

struct cks_words {
	struct cks_word *word;
	size_t count;
};

/* Splits text[0..length) (UTF-8; invalid bytes read as punctuation) into
 * words.  A keycap ("2️⃣") joins its digit.  Returns 0, or -1 when out
 * of memory.  Free with cks_words_clear().  Safe from several threads:
 * libthai's breaker is shared under a lock. */
int cks_words_split(const char *text, size_t length, struct cks_words *words);

void cks_words_clear(struct cks_words *words);

#endif
