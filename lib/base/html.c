#include "autoconfig.h"

#include <string.h>

#include "html.h"

/* The five characters that can end an element's text or a quoted
 * attribute; everything else, UTF-8 included, is safe as it is. */
static const char *const entity[128] = {
	['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;",
	['"'] = "&quot;", ['\''] = "&#39;",
};

const char *
cks_html_entity(unsigned char c)
{
	return c < 128 ? entity[c] : NULL;
}

void
cks_html_escape(struct cks_buffer *b, const char *s, size_t size)
{
	size_t start = 0;

	for (size_t i = 0; i < size; i++) {
		const char *e = cks_html_entity((unsigned char)s[i]);

		if (e == NULL)
			continue;
		cks_buffer_add(b, s + start, i - start);
		cks_buffer_add_string(b, e);
		start = i + 1;
	}
	cks_buffer_add(b, s + start, size - start);
}
