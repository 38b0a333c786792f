/* Composing the gateway's emails: the basket an agent picked and the
 * survey invitation, from the templates in the client's language, built
 * into MIME and put on the queue in the same transaction that records
 * the send, so a retried command never queues a second email. */
#ifndef CKS_COMPOSE_H
#define CKS_COMPOSE_H

#include <jansson.h>
#include <stdint.h>

#include "channels.h"
#include "config.h"
#include "error.h"
#include "store.h"
#include "template.h"

/* What composing needs; all borrowed. */
struct cks_outbound {
	const struct cks_config *config;
	struct cks_store *store;
	const struct cks_channels *channels;
	const struct cks_templates *templates;
	int redact_links;   /* previews over the API: links without signature */
	/* A send to an address that hard-bounced is refused (bounce.h) unless
	 * this reason is given; it is kept in the message (bounce_override). */
	const char *bounce_force_reason;
};

/* The rendered parts of a message; free with cks_rendered_free(). */
struct cks_rendered {
	char *subject;
	char *text;
	char *html;
	char *message;      /* the whole MIME message, CRLF */
	size_t message_size;
};

/* Exactly what basket send would queue now (Message-ID and Date aside),
 * in lang ("th" or "en"; NULL: the client's language).  Writes nothing. */
int cks_compose_basket_preview(const struct cks_outbound *out,
			       int64_t session_id, const char *lang,
			       struct cks_rendered *rendered,
			       struct cks_error *err);

/* The rendered parts as {"subject", "text", "html"}. */
json_t *cks_rendered_to_json(const struct cks_rendered *rendered);

/* Queues the basket email.  A basket that was never confirmed, or changed
 * since, is refused unless unconfirmed_reason is given (it is recorded).
 * The same contents sent again return the first queue id and set
 * *existing.  Opens its own transaction: the queued message and the
 * record of the send commit together. */
int cks_compose_basket_send(const struct cks_outbound *out, int64_t session_id,
			    const char *unconfirmed_reason, int64_t *queue_id_out,
			    int *existing, struct cks_error *err);

/* The survey invitation a token was sent with, as the pages and replies
 * that carry the token need it: the session, its channel and opening
 * time, and the client's language ("th" or "en"; Thai unless English). */
struct cks_survey_invitation {
	int64_t session_id;
	char channel[128];
	int64_t opened_ms;
	char lang[3];
};

/* 1 with *inv filled, 0 when no invitation has token, -1 on a store
 * error.  Reads only. */
int cks_compose_invitation_find(struct cks_store *store, const char *token,
				struct cks_survey_invitation *inv,
				struct cks_error *err);

/* Queues the survey invitation of a closed session, with a new token in
 * the Subject tag, the Reply-To plus-address and the Message-ID.  A second
 * call returns the first invitation's queue id and token.  Opens its own
 * transaction, as the basket send does. */
int cks_compose_survey_send(const struct cks_outbound *out, int64_t session_id,
			    int64_t *queue_id_out, char *token, size_t token_size,
			    int *existing, struct cks_error *err);

/* Queues the one reminder of a session's survey invitation: the survey
 * templates with "reminder" true, the same token and Reply-To, its own
 * Message-ID.  Refused (CKS_ERROR_CONFLICT, with the reason) when there is
 * no invitation, its mail was not delivered, the session is answered, it
 * was reminded already, or the client opted out (consent.h).  The
 * reminder's message and time are recorded on the invitation in the same
 * transaction, so a second call never sends a second one.  Opens its own
 * transaction. */
int cks_compose_survey_remind(const struct cks_outbound *out,
			      int64_t session_id, int64_t *queue_id_out,
			      struct cks_error *err);

/* Renders every message template against sample data; reports every
 * missing template and unknown variable with file and line. */
int cks_compose_check_templates(const struct cks_outbound *out,
				struct cks_error *err);

/* The Subject tag that carries a token: "[CKS-TOKEN]". */
void cks_compose_subject_tag(const char *token, char *buf, size_t size);

void cks_rendered_free(struct cks_rendered *rendered);

#endif
