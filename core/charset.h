/* Turning the bytes of an untrusted mail body or header into clean UTF-8.
 * Kept apart from the MIME parsing because what a Thai mail's charset
 * really is cannot be read off its label: clients send Windows-874 as
 * TIS-620, UTF-8 as ISO-8859-1 or nothing at all, so the bytes decide.
 *
 * The order for a body is: the declared charset, if the bytes are valid in
 * it; else, for HTML, the <meta> charset; else UTF-8, if the bytes are
 * valid UTF-8; else TIS-620, decoded as Windows-874 (the same Thai letters,
 * and its punctuation in 0x80-0xA0 instead of U+FFFD).  A single-byte
 * charset decodes any bytes, so a label other than UTF-8 is not believed
 * for non-ASCII bytes that are valid UTF-8 or that decode to C1 controls. */
#ifndef CKS_CHARSET_H
#define CKS_CHARSET_H

#include <stddef.h>

/* Decodes n bytes of a part in the order above.  declared is the part's
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

/* Valid UTF-8 from any bytes: what is not UTF-8, and NUL, becomes U+FFFD.
 * Text mode turns CRLF and CR into LF and drops a leading BOM; line mode
 * (header values) turns every control character into a space and trims.
 * Malloc'ed; NULL only when out of memory. */
char *cks_charset_clean_utf8(const char *s, size_t n, int text);

#endif
