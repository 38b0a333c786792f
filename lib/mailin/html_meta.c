/* The <meta> charset of raw HTML (see html_meta.h): a scan of the bytes,
 * before any parser -- the charset is needed to decode them at all. */
#include "autoconfig.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "html_meta.h"
#include "utf8.h"

/* Longer charset names are not charset names. */
#define MAX_CHARSET_NAME 40

/* The charset=NAME inside one <meta ...> tag. */
static char *
tag_charset(const char *p, const char *end)
{
	const char *name;
	char *out;
	size_t n;

	while ((p = cks_text_find_ci(p, end, "charset")) != NULL) {
		p += 7;
		while (p < end && isspace((unsigned char)*p))
			p++;
		if (p >= end || *p != '=')
			continue;
		p++;
		while (p < end && (isspace((unsigned char)*p) || *p == '"' ||
				   *p == '\''))
			p++;
		name = p;
		while (p < end && (isalnum((unsigned char)*p) || *p == '-' ||
				   *p == '_' || *p == '.' || *p == ':'))
			p++;
		n = (size_t)(p - name);
		/* "utf-8" ends at a quote, a blank, ";" or the tag's end */
		if (n == 0 || n > MAX_CHARSET_NAME ||
		    !isalnum((unsigned char)name[0]) ||
		    (p < end && strchr("\"' \t\r\n;/>", *p) == NULL) ||
		    (p < end && *p == '/' && p + 1 < end && p[1] != '>'))
			return NULL;
		out = malloc(n + 1);
		if (out == NULL)
			return NULL;
		for (size_t i = 0; i < n; i++)
			out[i] = (char)tolower((unsigned char)name[i]);
		out[n] = '\0';
		return out;
	}
	return NULL;
}

char *
cks_html_meta_charset(const char *html, size_t length)
{
	const char *p = html, *end = html + length;

	while ((p = cks_text_find_ci(p, end, "<meta")) != NULL) {
		const char *close = memchr(p, '>', (size_t)(end - p));
		const char *tag_end = close != NULL ? close : end;
		char *charset = tag_charset(p + 5, tag_end);

		if (charset != NULL)
			return charset;
		p = tag_end;
	}
	return NULL;
}
