/* API tokens: a file of "name token [role]" lines, one per agent or
 * integration; role is "agent" (the default), "viewer" (aggregates:
 * reports, the dashboard and metrics) or "admin" (an agent who also
 * handles inbound mail); see cks_api_rules.  The name is who the API says did a thing.
 * The file holds secrets, so one that others may read is refused. */
#ifndef CKS_API_TOKENS_H
#define CKS_API_TOKENS_H

#include "api.h"
#include "error.h"

struct cks_api_tokens;

/* The longest token the HTTP front end can receive whole (it copies the
 * presented token into a 256-byte buffer, lib/web/httpd.c): a longer one in
 * the file could never match, so the loader refuses it. */
#define CKS_API_TOKEN_MAX 255

/* A missing file loads as no tokens (only public routes answer).  Bad
 * lines are refused with file:line.  Free with cks_api_tokens_free(). */
int cks_api_tokens_load(const char *path, struct cks_api_tokens **tokens_out,
			struct cks_error *err);

/* The name for a presented token, or NULL; the time taken does not depend
 * on which token matched or how much of it.  The name is owned by tokens. */
const char *cks_api_tokens_check(const struct cks_api_tokens *tokens,
				 const char *presented, enum cks_api_role *role_out);

size_t cks_api_tokens_count(const struct cks_api_tokens *tokens);

void cks_api_tokens_free(struct cks_api_tokens **tokens);

#endif
