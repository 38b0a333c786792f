/* Ratings: one per session, whatever the medium (email reply, SMS code,
 * hotline keypad, chat button, counter questionnaire).  A later, different
 * answer replaces the current one -- the customer changed their mind --
 * and every answer, the first included, is kept in the revisions.  The
 * same answer again changes nothing. */
#ifndef CKS_RATING_H
#define CKS_RATING_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include <cksgate/plugin.h>

#include "error.h"
#include "store.h"

struct cks_rating {
	int64_t session_id;
	int code;
	char *label_th;
	char *label_en;
	int satisfied;
	char *medium;          /* email, sms, ivr, chat, counter, web */
	char *comment;         /* NULL: none */
	int64_t inbound_id;    /* 0: not from an inbound message */
	int64_t recorded_ms;
	int revisions;
};

/* Records code for the session (which must be on plugin's channel).
 * *changed_out is 0 when the same answer was already recorded.  comment
 * may be NULL; inbound_id 0; at_ms 0 means now.  A change also writes its
 * webhook events in the same transaction (lib/events/webhook.h), its own
 * (nested in the caller's when one is open). */
int cks_rating_record(struct cks_store *store,
		      const struct cks_channel_plugin *plugin, int64_t session_id,
		      int code, const char *medium, const char *comment,
		      int64_t inbound_id, int64_t at_ms, int *changed_out,
		      struct cks_error *err);

/* The session's rating; CKS_ERROR_NOT_FOUND if it has none. */
int cks_rating_get(struct cks_store *store, int64_t session_id,
		   struct cks_rating **rating_out, struct cks_error *err);

/* Non-zero if medium is one of the six (web: the one-click pages). */
int cks_rating_medium_valid(const char *medium);

json_t *cks_rating_to_json(const struct cks_rating *rating);

/* Sets "rating" in a session's JSON object: the rating, or null. */
int cks_rating_attach_json(struct cks_store *store, int64_t session_id,
			   json_t *session_json, struct cks_error *err);
void cks_rating_free(struct cks_rating **rating);

/* Every revision of the session's rating, oldest first:
 * {"session": ID, "revisions": [{"revision": 1, "when": ISO 8601 in the
 * desk's zone, "medium": "email", "resolved": false, "inbound": ID or
 * null, "message_id": the inbound message's Message-ID or null,
 * "quarantine": the quarantined message's id when resolved by hand, else
 * null, "from": the previous code or null, "to": CODE, "comment": ...}]}.
 * "revisions" is empty for a session without a rating;
 * CKS_ERROR_NOT_FOUND for no such session. */
int cks_rating_history(struct cks_store *store, int64_t session_id,
		       json_t **history_out, struct cks_error *err);

/* Current ratings counted by the session's channel, the medium and
 * satisfied (1/0), ordered by the three. */
struct cks_rating_tally {
	char channel[128];
	char medium[16];
	int satisfied;
	int64_t count;
};

/* *rows_out is one malloc'ed array (NULL when count is 0), the caller
 * free()s it. */
int cks_rating_tally(struct cks_store *store, struct cks_rating_tally **rows_out,
		     size_t *count_out, struct cks_error *err);

#endif
