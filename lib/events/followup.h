/* Following up the clients who were not satisfied: the list of their
 * current ratings with the comment, and a note that someone contacted
 * the client (who, when, what was said).  The rating itself is never
 * changed by a follow-up. */
#ifndef CKS_FOLLOWUP_H
#define CKS_FOLLOWUP_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "store.h"

/* The sessions whose current rating is not satisfied, newest first, at
 * most limit (0: 200): session, channel, client (id, name, email, phone),
 * agent, code, label_th, label_en, comment, recorded_at, and contacted
 * (null, or at, by, note).  The caller owns *list_out. */
int cks_followup_list(struct cks_store *store, size_t limit, json_t **list_out,
		      struct cks_error *err);

/* Records that by contacted the client of session_id, with a note (one
 * or more lines, at most 2000 bytes; NULL: none); again replaces it.
 * NOT_FOUND when the session has no rating, CONFLICT when it was
 * satisfied.  Opens its own transaction. */
int cks_followup_contacted(struct cks_store *store, int64_t session_id,
			   const char *by, const char *note,
			   struct cks_error *err);

#endif
