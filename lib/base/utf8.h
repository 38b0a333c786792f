/* UTF-8 helpers.  Everything inside cksgate is UTF-8; these check input at
 * the edges and measure Thai text for terminal tables, where vowel and tone
 * marks take no column of their own. */
#ifndef CKS_UTF8_H
#define CKS_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Non-zero if s[0..len) is well-formed UTF-8 (no overlongs, no surrogates). */
int cks_utf8_valid(const char *s, size_t len);

/* Decodes one code point at *s and advances *s; returns -1 on bad UTF-8. */
int32_t cks_utf8_next(const char **s, const char *end);

/* Terminal columns a valid UTF-8 string takes: combining marks count 0,
 * East Asian wide characters 2, everything else 1 (libunistring). */
size_t cks_utf8_width(const char *s);

/* Bytes of the grapheme cluster (a user-perceived character: a Thai
 * consonant with its vowel and tone marks) at s, by Unicode's rules
 * (UAX #29, libunistring); 0 at end.  A byte that is not UTF-8 is a
 * cluster of its own. */
size_t cks_utf8_grapheme_len(const char *s, const char *end);

/* Non-zero if s holds a C0/C1 control character or DEL (so CR and LF), i.e.
 * it is not safe as a one-line value such as a name or a mail header. */
int cks_text_has_control(const char *s);

/* Makes text from outside (a server's reply) safe to print and to put
 * in JSON, in place: control characters become spaces, bytes that are not
 * UTF-8 (or a character cut short) become '?'. */
void cks_text_make_printable(char *s);

/* At most max display columns of s (valid UTF-8) into buf, "…" included
 * when cut, never before a combining mark (a Thai vowel or tone mark
 * stays with its consonant). */
void cks_utf8_truncate_width(const char *s, size_t max, char *buf,
			     size_t size);

/* Whether a[0..n) and b[0..n) are the same bytes, ASCII case ignored. */
int cks_text_equal_ci(const char *a, const char *b, size_t n);

/* The byte length of the digit at s[0..n): 1 for 0-9, 3 for a Thai (๐-๙)
 * or full-width one; 0 when s does not start with a digit. */
size_t cks_text_digit_at(const char *s, size_t n);

/* Whether s[0..n) begins with prefix, ASCII case ignored. */
int cks_text_starts_ci(const char *s, size_t n, const char *prefix);

/* The first place needle (ASCII case ignored) starts in s[0..end), or
 * NULL. */
const char *cks_text_find_ci(const char *s, const char *end,
			     const char *needle);

#endif
