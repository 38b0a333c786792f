#ifndef CKS_HTML_META_H
#define CKS_HTML_META_H

#include <stddef.h>

/* A module of its own, without libxml2, as charset decoding (charset.h)
 * needs it in programs that never parse HTML. */

/* The charset the first <meta charset=...> or <meta content="...;
 * charset=..."> of raw HTML declares, lower case and malloc'ed; NULL if
 * none or if the name is not a plausible charset name. */
char *cks_html_meta_charset(const char *html, size_t length);

#endif
