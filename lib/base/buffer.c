#include "autoconfig.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buffer.h"

void
cks_buffer_add(struct cks_buffer *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->cap - b->len < n + 1) {
		size_t cap = b->cap != 0 ? b->cap : 256;
		char *data;

		while (cap - b->len < n + 1) {
			if (cap > ((size_t)-1) / 2) {
				b->failed = 1;
				return;
			}
			cap *= 2;
		}
		data = realloc(b->data, cap);
		if (data == NULL) {
			b->failed = 1;
			return;
		}
		b->data = data;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
cks_buffer_add_string(struct cks_buffer *b, const char *s)
{
	cks_buffer_add(b, s, strlen(s));
}

void
cks_buffer_printf(struct cks_buffer *b, const char *format, ...)
{
	char small[1024];
	va_list ap;
	int n;

	va_start(ap, format);
	n = vsnprintf(small, sizeof(small), format, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = 1;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		cks_buffer_add(b, small, (size_t)n);
		return;
	}
	{
		char *big = malloc((size_t)n + 1);

		if (big == NULL) {
			b->failed = 1;
			return;
		}
		va_start(ap, format);
		vsnprintf(big, (size_t)n + 1, format, ap);
		va_end(ap);
		cks_buffer_add(b, big, (size_t)n);
		free(big);
	}
}

char *
cks_buffer_finish(struct cks_buffer *b)
{
	if (b->failed) {
		free(b->data);
		b->data = NULL;
		return NULL;
	}
	if (b->data == NULL)
		return strdup("");
	return b->data;
}
