/* Turning the bytes of an untrusted mail body or header into clean UTF-8.
 * Kept apart from the MIME parsing because what a Thai mail's charset
 * really is cannot be read off its label: clients send Windows-874 as
 * TIS-620, UTF-8 as ISO-8859-1 or nothing at all, so the bytes decide.
 *
 * The order for a body is: the declared charset, if the bytes are valid in
 * it; else, for HTML, the <meta> charset; else UTF-8, if the bytes are
 * valid UTF-8.  A single-byte charset decodes any bytes, so a label other
 * than UTF-8 is not believed for non-ASCII bytes that are valid UTF-8 or
 * that decode to C1 controls.  When no candidate takes the bytes whole,
 * they are decoded one character at a time, each bad byte or cut-off
 * sequence becoming U+FFFD: as UTF-8 when they mostly are (a stray or
 * truncated byte in UTF-8 text); else in the declared (or <meta) charset
 * when iconv knows it, read as the superset senders mean by it
 * (ISO-8859-1 as Windows-1252, GB2312 as GB18030, Shift_JIS as CP932...);
 * else as TIS-620 Thai (Windows-874) when the label is a Thai one or the
 * bytes look like Thai (runs of bytes in 0xA1-0xFB, vowel signs and tone
 * marks after consonants: unlabelled KOI8-R or Windows-1251 Cyrillic does
 * not); else as UTF-8. */
#ifndef CKS_CHARSET_H
#define CKS_CHARSET_H

#include <stddef.h>

/* Decodes n bytes of a part in the order above (also used for header
 * text, with the body's charset as declared).  declared is the part's
 * charset parameter (NULL if none, read as US-ASCII); html makes a <meta>
 * charset count.  *text_out is clean UTF-8 text with LF line ends and
 * *charset_out the lower-case name of the charset used, both malloc'ed.
 * -1 only when out of memory. */
int cks_charset_decode(const char *in, size_t n, const char *declared,
		       int html, char **text_out, char **charset_out);

/* Converts n bytes in charset to UTF-8 with iconv into *out (malloc'ed,
 * NUL-terminated, *out_len bytes).  Strict: returns 0 at the first byte not
 * valid in the charset (or when iconv does not know it).  Lossy: such bytes
 * become U+FFFD.  1 on success, -1 out of memory. */
int cks_charset_to_utf8(const char *charset, const char *in, size_t n,
			int strict, char **out, size_t *out_len);

/* Valid UTF-8 from any bytes: NUL, and each maximal piece that is not
 * UTF-8 (one byte, or the start of a character cut off), becomes U+FFFD.
 * Text mode turns CRLF and CR into LF and drops a leading BOM; line mode
 * (header values) turns every control character into a space and trims.
 * Malloc'ed; NULL only when out of memory. */
char *cks_charset_clean_utf8(const char *s, size_t n, int text);

#endif
