/* What every page of the desk console (/desk/) shares: who is signed in
 * (the "cks_desk" cookie, desk_auth.h), the CSRF check of every form post,
 * the role a page needs, and the page's frame: server-rendered HTML in
 * Thai and English, no script, sized for a phone, a tablet and a desktop
 * (no sideways scrolling, touch targets of 44 px or more).  Every text
 * from the store goes through desk_esc (lib/base/html.h). */
#ifndef CKS_DESK_PAGE_H
#define CKS_DESK_PAGE_H

#include <stdint.h>

#include "api.h"
#include "buffer.h"
#include "desk_auth.h"

struct desk {
	const struct cks_api_env *env;
	const struct cks_api_request *request;
	struct cks_api_response *response;
	struct cks_desk_user user;
	struct cks_buffer page;
};

/* Starts a request that needs a signed-in user of at least role.  For a
 * write (a POST), the form's "csrf" field must be the session's token.
 * On refusal it has replied (a page without a session goes to the
 * sign-in page; a wrong role or CSRF token is 403) and returns -1. */
int desk_begin(struct desk *d, const struct cks_api_env *env,
	       const struct cks_api_request *request,
	       struct cks_api_response *response, enum cks_desk_role role,
	       int write);

/* A form field (POST) or query argument; NULL when absent. */
const char *desk_arg(const struct desk *d, const char *name);

/* A positive id from a path parameter or field; 0 when it is not one. */
int64_t desk_id(const char *text);

/* The page's top: doctype, style, title (both languages), the menu for
 * the user's role.  plain: no menu (the client's screen). */
void desk_head(struct desk *d, const char *title_th, const char *title_en,
	       int plain);

/* Text into the page, escaped; NULL writes nothing. */
void desk_esc(struct desk *d, const char *text);

/* Markup into the page as it is: only for our own literal HTML and
 * numbers, never for text from the store or the request. */
void desk_raw(struct desk *d, const char *html);
void desk_printf(struct desk *d, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

/* "<form method=post action=ACTION>" with the CSRF field. */
void desk_form(struct desk *d, const char *action);

/* A local time for people: "07 ธ.ค. 13:05". */
void desk_time(struct desk *d, int64_t ms);

/* Ends the page and replies 200 (or status).  Returns 0. */
int desk_finish(struct desk *d, int status);

/* 303 See Other to location (our own path).  Returns 0. */
int desk_redirect(struct cks_api_response *response, const char *location);

/* A page saying what went wrong (escaped), with a way back.  Returns -1. */
int desk_fail(struct desk *d, int status, const char *message);

/* desk_fail with the status of a core error. */
int desk_fail_error(struct desk *d, const struct cks_error *err);

void desk_clear(struct desk *d);

/* The catalogue's search form and results (desk.c), each with an "add to
 * basket" button when session_id is not 0. */
void desk_kb_search(struct desk *d, int64_t session_id);

#endif
