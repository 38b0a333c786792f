/* The opt-out links every survey and basket mail carries (RFC 8058):
 * List-Unsubscribe: <PUBLIC_URL/u/TOKEN>, <mailto:REPLY?subject=unsubscribe
 * TOKEN> with List-Unsubscribe-Post: List-Unsubscribe=One-Click, and the
 * same link visible in the mail.  The web layer serves /u/TOKEN
 * (unsubscribe_page.c); the reply store takes the mailto request.
 *
 * TOKEN is CLIENT_ID "." SIGNATURE: the signature is signed as the
 * download links are (download_link.h: the key of http.link_secret_file,
 * HMAC-SHA256 cut to 128 bits, base64url, 22 characters), over
 * "unsubscribe." CLIENT_ID, so no download signature (over "ID.EXPIRES",
 * digits only) is ever one.  The link does not expire: an opt-out must
 * work from an old mail too.  Replacing the key file makes every link
 * sent so far invalid, as for downloads. */
#ifndef CKS_UNSUBSCRIBE_LINK_H
#define CKS_UNSUBSCRIBE_LINK_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "error.h"

/* Room for a token: 19 digits, a dot, 22 characters. */
#define CKS_UNSUBSCRIBE_TOKEN_MAX 48

/* Writes the token of client_id into token (CKS_UNSUBSCRIBE_TOKEN_MAX). */
int cks_unsubscribe_token(const struct cks_config *config, int64_t client_id,
			  char *token, struct cks_error *err);

/* The two links: *url_out "PUBLIC_URL/u/TOKEN" and *mailto_out
 * "mailto:REPLY_ADDRESS?subject=unsubscribe%20TOKEN" (malloc'ed). */
int cks_unsubscribe_links(const struct cks_config *config, int64_t client_id,
			  char **url_out, char **mailto_out,
			  struct cks_error *err);

/* Checks a token as it appears in a path or a Subject: 1 with *client_id
 * when it is ours, 0 when it is malformed or forged (compared in constant
 * time), -1 only when the key cannot be read. */
int cks_unsubscribe_token_verify(const struct cks_config *config,
				 const char *token, int64_t *client_id,
				 struct cks_error *err);

/* Finds "unsubscribe TOKEN" in a mail's Subject (as the mailto link asks
 * mail programs to write it; "Re:" and case ignored): 1 with *client_id
 * for a valid token, 0 otherwise, -1 when the key cannot be read. */
int cks_unsubscribe_subject(const struct cks_config *config,
			    const char *subject, int64_t *client_id,
			    struct cks_error *err);

/* Overwrites the signature in url in place with 'x's (API previews). */
void cks_unsubscribe_link_redact(char *url);

#endif
