/* A growing byte buffer for building text.  The first failed allocation
 * sticks, so a chain of appends is checked once, at the end, by
 * cks_buffer_finish(). */
#ifndef CKS_BUFFER_H
#define CKS_BUFFER_H

#include <stddef.h>

struct cks_buffer {
	char *data;        /* NUL-terminated once anything was added */
	size_t len;
	size_t cap;
	int failed;
};

void cks_buffer_add(struct cks_buffer *buffer, const char *bytes, size_t size);
void cks_buffer_add_string(struct cks_buffer *buffer, const char *text);

/* Appends text formatted as by printf(), of any length. */
void cks_buffer_printf(struct cks_buffer *buffer, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

/* Hands over the text, never NULL on success (the caller frees it); on a
 * failed allocation frees what there was and returns NULL. */
char *cks_buffer_finish(struct cks_buffer *buffer);

#endif
