/* One-click rating links: a survey invitation carries one link per rating
 * option, PUBLIC_URL/r/TOKEN/CODE.  GET (and HEAD) of a link shows a small
 * page, in Thai or English, that asks the customer to confirm that answer
 * and writes nothing, because mail scanners and link previews follow GET
 * links; only the POST from that page's form records the rating.  The
 * routes are cks_api_rating_page_routes (api.h); the pages come from the
 * templates rating_page.th.html and rating_page.en.html. */
#ifndef CKS_RATING_PAGE_H
#define CKS_RATING_PAGE_H

#include <stddef.h>

#include "error.h"
#include "rating_link.h"
#include "template.h"


/* Checks the page templates as cks_compose_check_templates() checks the
 * messages: both must exist, and every variable in every section must be
 * one the pages get.  Reports every problem, one "FILE:LINE: reason" a
 * line. */
int cks_rating_page_check_templates(const struct cks_templates *templates,
				    struct cks_error *err);

#endif
