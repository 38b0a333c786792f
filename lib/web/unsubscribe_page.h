/* The one-click opt-out page, PUBLIC_URL/u/TOKEN (unsubscribe_link.h):
 *
 * - POST with List-Unsubscribe=One-Click in its body (RFC 8058: what a
 *   mail program sends for the List-Unsubscribe-Post header, urlencoded
 *   or multipart; the confirm page's form sends the same) opts the client
 *   out, via "link".  No login; idempotent: a second POST says it is done.
 * - GET and HEAD only show a page with the button that POSTs, and change
 *   nothing: mail scanners and link previews fetch every link in a mail,
 *   and a GET that opted out would opt out clients who never asked.
 *
 * The pages are short, in Thai and English on one page (no template: the
 * page must work whatever a template edit broke).  A forged or malformed
 * token gets 404, a POST without the field 400.  The routes are
 * cks_api_unsubscribe_routes (api.h). */
#ifndef CKS_UNSUBSCRIBE_PAGE_H
#define CKS_UNSUBSCRIBE_PAGE_H

#endif
