#include "autoconfig.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <unigbrk.h>
#include <uniwidth.h>

#include "utf8.h"

int32_t
cks_utf8_next(const char **s, const char *end)
{
	const unsigned char *p = (const unsigned char *)*s;
	int32_t cp;
	int extra;
	int32_t min;

	if ((const char *)p >= end)
		return -1;
	if (p[0] < 0x80) {
		*s += 1;
		return p[0];
	} else if ((p[0] & 0xe0) == 0xc0) {
		cp = p[0] & 0x1f; extra = 1; min = 0x80;
	} else if ((p[0] & 0xf0) == 0xe0) {
		cp = p[0] & 0x0f; extra = 2; min = 0x800;
	} else if ((p[0] & 0xf8) == 0xf0) {
		cp = p[0] & 0x07; extra = 3; min = 0x10000;
	} else {
		return -1;
	}
	if (end - (const char *)p <= extra)
		return -1;
	for (int i = 1; i <= extra; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*s += extra + 1;
	return cp;
}

int
cks_utf8_valid(const char *s, size_t len)
{
	const char *end = s + len;

	while (s < end)
		if (cks_utf8_next(&s, end) < 0)
			return 0;
	return 1;
}

/* Widths come from libunistring (Unicode's East Asian Width and general
 * categories), not a table of our own: two hand-made tables once
 * disagreed on Thai marks.  A control character or a stray byte counts
 * one column, so a table never shrinks around it. */
size_t
cks_utf8_width(const char *s)
{
	const char *end = s + strlen(s);
	size_t width = 0;

	while (s < end) {
		int32_t cp = cks_utf8_next(&s, end);
		int w;

		if (cp < 0) {   /* count a stray byte as one column and go on */
			s++;
			width++;
			continue;
		}
		w = uc_width((ucs4_t)cp, "UTF-8");
		width += w < 0 ? 1 : (size_t)w;
	}
	return width;
}

size_t
cks_utf8_grapheme_len(const char *s, const char *end)
{
	const uint8_t *next;

	if (s >= end)
		return 0;
	next = u8_grapheme_next((const uint8_t *)s, (const uint8_t *)end);
	return next != NULL ? (size_t)((const char *)next - s) : 1;
}

int
cks_text_has_control(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return 1;
		/* C1 controls (U+0080..U+009F) are encoded as C2 80..C2 9F. */
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return 1;
	}
	return 0;
}

void
cks_text_make_printable(char *s)
{
	char *p = s;
	const char *end = s + strlen(s), *next;
	int32_t c;

	while (p < end) {
		next = p;
		c = cks_utf8_next(&next, end);
		if (c < 0) {
			*p++ = '?';
			continue;
		}
		if (c < 0x20 || (c >= 0x7f && c < 0xa0))
			memset(p, ' ', (size_t)(next - p));
		p = (char *)next;
	}
}

void
cks_utf8_truncate_width(const char *s, size_t max, char *buf, size_t size)
{
	const char *p = s, *end = s + strlen(s);
	size_t width = 0;

	while (p < end) {
		const char *start = p;
		char one[8];
		size_t w;

		if (cks_utf8_next(&p, end) < 0)
			p = start + 1;
		memcpy(one, start, (size_t)(p - start));
		one[p - start] = '\0';
		w = cks_utf8_width(one);
		if (w > 0 && width + w > max - 1 && p < end) {
			snprintf(buf, size, "%.*s…", (int)(start - s), s);
			return;
		}
		width += w;
	}
	snprintf(buf, size, "%s", s);
}

static int
ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

/* Inline compares, not strncasecmp: these run over every line of every
 * reply against word lists, and most compares fail on the first byte. */
int
cks_text_equal_ci(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ascii_lower((unsigned char)a[i]) != ascii_lower((unsigned char)b[i]))
			return 0;
	return 1;
}

size_t
cks_text_digit_at(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n >= 1 && u[0] >= '0' && u[0] <= '9')
		return 1;
	if (n >= 3 && ((u[0] == 0xe0 && u[1] == 0xb9) || (u[0] == 0xef && u[1] == 0xbc)) &&
	    u[2] >= 0x90 && u[2] <= 0x99)
		return 3;
	return 0;
}

int
cks_text_starts_ci(const char *s, size_t n, const char *prefix)
{
	for (size_t i = 0; prefix[i] != '\0'; i++)
		if (i >= n || ascii_lower((unsigned char)s[i]) !=
		    ascii_lower((unsigned char)prefix[i]))
			return 0;
	return 1;
}

const char *
cks_text_find_ci(const char *s, const char *end, const char *needle)
{
	int first = ascii_lower((unsigned char)needle[0]);

	for (; s < end; s++)
		if (ascii_lower((unsigned char)*s) == first &&
		    cks_text_starts_ci(s, (size_t)(end - s), needle))
			return s;
	return NULL;
}
