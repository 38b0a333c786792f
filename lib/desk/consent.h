/* A client's consent to surveys and opt-out from them (PDPA, issue 17).
 *
 * Consent is recorded with its time and how it was given (at the counter,
 * on the phone, on the web, by mail or SMS); survey.require_consent decides
 * whether an invitation needs it.  An opt-out (the one-click link of
 * RFC 8058, a mail reply "unsubscribe", an SMS keyword such as STOP, or an
 * agent on the client's word) stops every survey invitation and reminder,
 * never the basket mail the client asked for.  An opt-out is idempotent:
 * the first one's time and way are kept.  Consent recorded after an
 * opt-out lifts it: the client has said yes again, later. */
#ifndef CKS_CONSENT_H
#define CKS_CONSENT_H

#include <jansson.h>
#include <stdint.h>

#include "error.h"
#include "store.h"

struct cks_consent {
	int64_t client_id;
	int64_t consent_ms;        /* 0: no consent recorded */
	char consent_source[16];   /* counter, phone, web, mail, sms */
	char *consent_note;        /* malloc'ed or NULL */
	int64_t opted_out_ms;      /* 0: not opted out */
	char opted_out_via[16];    /* link, mail, sms, agent */
	int64_t anonymised_ms;     /* 0: not anonymised */
};

/* Loads the consent of a client; NOT_FOUND for an unknown one.  Free the
 * note with cks_consent_clear(). */
int cks_consent_get(struct cks_store *store, int64_t client_id,
		    struct cks_consent *out, struct cks_error *err);
void cks_consent_clear(struct cks_consent *consent);

/* Records consent from source (one of the five; err->field "source"),
 * with an optional one-line note, at at_ms (0: now).  Lifts an opt-out.
 * Opens its own transaction. */
int cks_consent_record(struct cks_store *store, int64_t client_id,
		       const char *source, const char *note, int64_t at_ms,
		       struct cks_error *err);

/* Opts the client out by via (link, mail, sms, agent; err->field "via").
 * *changed_out (may be NULL) is 0 when the client was already opted out
 * (nothing is changed then: the first opt-out stands).  Opens its own
 * transaction. */
int cks_consent_opt_out(struct cks_store *store, int64_t client_id,
			const char *via, int *changed_out,
			struct cks_error *err);

/* Opts out every client whose normalised phone is e164 (an SMS keyword
 * names a number, not a client); *count_out: how many were newly opted
 * out, *matched_out: how many have that number.  Opens its own
 * transaction. */
int cks_consent_opt_out_phone(struct cks_store *store, const char *e164,
			      const char *via, int *count_out, int *matched_out,
			      struct cks_error *err);

/* Whether a survey may go to the client: 0 if so, else -1 with
 * CKS_ERROR_CONFLICT and the reason (opted out since when and how; no
 * consent while require_consent; anonymised).  Reads only. */
int cks_consent_survey_check(struct cks_store *store, int64_t client_id,
			     int require_consent, struct cks_error *err);

/* {"consent": {"at", "source", "note"} or null,
 *  "opt_out": {"at", "via"} or null, "anonymised_at": time or null}. */
json_t *cks_consent_to_json(const struct cks_consent *consent);

/* Non-zero when text (one SMS, or the first line of a mail reply) is a
 * request to stop: STOP, UNSUBSCRIBE, หยุด, ยกเลิก (case and blank space
 * around it ignored). */
int cks_consent_is_stop_word(const char *text);

#endif
