/* Text into HTML: the one escaper for templates, the dashboard and any
 * page we write, for element content and quoted attribute values alike. */
#ifndef CKS_HTML_H
#define CKS_HTML_H

#include <stddef.h>

#include "buffer.h"

/* The entity that stands for byte c ("&amp;" for '&'), or NULL when c
 * goes into HTML as it is.  For writers with a buffer of their own. */
const char *cks_html_entity(unsigned char c);

/* Appends the size bytes of text at s to b, escaped. */
void cks_html_escape(struct cks_buffer *b, const char *s, size_t size);

#endif
