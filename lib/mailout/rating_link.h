/* The one-click rating link a survey invitation carries per option,
 * PUBLIC_URL/r/TOKEN/CODE.  The composer writes it into mail and the web
 * layer's rating page (rating_page.h) serves it, so it lives here, below
 * both. */
#ifndef CKS_RATING_LINK_H
#define CKS_RATING_LINK_H

#include <stddef.h>

/* Room for any link: a configuration line (public_url) is at most 4096
 * bytes, the rest is "/r/", a token and a code. */
#define CKS_RATING_PAGE_LINK_MAX 4200

/* Writes public_url + "/r/" + token + "/" + code into buf (public_url
 * without a trailing slash, as the configuration keeps it).  Returns -1
 * when it does not fit in size bytes. */
int cks_rating_page_link(const char *public_url, const char *token, int code,
			 char *buf, size_t size);

#endif
