/* The outbound queue, in the store.  A message is queued once, with the
 * exact bytes to send; delivery claims due messages in batches inside a
 * transaction (state "sending", claimed_by this process's claimant id
 * with a lease, lease.h), sends a batch
 * per SMTP session, and records every result of the batch in one commit
 * (group commit: one fsync per batch, not per message).
 *
 * States: queued -> sending -> sent | deferred (retried with backoff) |
 * failed; queued/deferred -> cancelled by an operator.  A message left
 * "sending" by a daemon that died is queued again once its lease has
 * passed (at once by a restart of the same gateway), so a
 * crash can send at most the messages that were in flight twice: at most
 * smtp.workers x smtp.batch_size. */
#ifndef CKS_QUEUE_H
#define CKS_QUEUE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "store.h"

struct cks_bounce;

struct cks_queue_new {
	const char *kind;                /* "basket" or "survey" */
	int64_t session_id;
	const char *sender;
	const char *recipient;
	const char *message_id;          /* without <> */
	const char *subject;             /* UTF-8, for listings */
	const char *body;                /* the message, CRLF */
	size_t size;
	const char *unconfirmed_reason;  /* NULL unless sent unconfirmed */
	const char *bounce_override;     /* NULL unless forced past a hard bounce */
	const char *medium;              /* "email" (NULL) or "sms" */
	int sms_parts;                   /* an SMS: the parts it takes */
};

struct cks_queue_attempt {
	int64_t at_ms;
	char *relay;
	char *result;                    /* "sent", "deferred", "failed" */
	int code;
	char *reply;
	char *claimant;                  /* the daemon that made it, or NULL */
};

struct cks_queue_entry {
	int64_t id;
	char *kind;
	int64_t session_id;
	char *sender;
	char *recipient;
	char *message_id;
	char *subject;
	char *state;
	int64_t created_ms;
	int64_t next_attempt_ms;
	int64_t sent_ms;                 /* 0: not sent */
	int attempts;
	int last_code;
	char *last_reply;
	char *unconfirmed_reason;
	/* the last bounce or delivery report that came back for it, or NULL */
	char *bounce;
	char *bounce_override;           /* why it was sent despite a hard bounce */
	char *sent_by;                   /* claimant that recorded the last result */
	char *claimed_by;                /* claimant sending it now ("sending") */
	/* the recipient address's last bounce (cks_queue_get() only), or NULL */
	struct cks_bounce *address_bounce;
	size_t size;
	char *medium;                    /* "email" or "sms" */
	int sms_parts;                   /* an SMS: its parts; else 0 */
	char *dlr_status;                /* an SMS: the last delivery report */
	int64_t dlr_ms;
	char *body;                      /* only when asked for */
	struct cks_queue_attempt *history;
	size_t history_count;
};

/* Every state, NULL-terminated, in the order a message goes through them. */
extern const char *const cks_queue_states[];

/* Non-zero if state is one of cks_queue_states. */
int cks_queue_state_known(const char *state);

/* Queues a new message.  Opens its own transaction (nested in the
 * caller's, as compose's send does to record the send with it). */
int cks_queue_add(struct cks_store *store, const struct cks_queue_new *message,
		  int64_t *id_out, struct cks_error *err);

/* Loads one message with its attempts (and body if with_body). */
int cks_queue_get(struct cks_store *store, int64_t id, int with_body,
		  struct cks_queue_entry **entry_out, struct cks_error *err);

/* Newest first; state NULL for any. */
int cks_queue_list(struct cks_store *store, const char *state, size_t limit,
		   struct cks_queue_entry ***entries_out, size_t *count_out,
		   struct cks_error *err);

/* A deferred or failed message is queued again, due now.  Opens its own
 * transaction. */
int cks_queue_retry(struct cks_store *store, int64_t id, struct cks_error *err);

/* A queued or deferred message will not be sent.  Opens its own
 * transaction. */
int cks_queue_cancel(struct cks_store *store, int64_t id, struct cks_error *err);

json_t *cks_queue_entry_to_json(const struct cks_queue_entry *entry);
void cks_queue_entry_free(struct cks_queue_entry **entry);
void cks_queue_list_free(struct cks_queue_entry ***entries, size_t count);

/* Messages by state, every state listed (a zero included), in the order
 * of cks_queue_states. */
#define CKS_QUEUE_STATES 6
int cks_queue_tally_states(struct cks_store *store,
			   struct cks_tally tally[CKS_QUEUE_STATES],
			   struct cks_error *err);

/* Delivery attempts by result: sent, deferred, failed. */
#define CKS_QUEUE_RESULTS 3
int cks_queue_tally_attempts(struct cks_store *store,
			     struct cks_tally tally[CKS_QUEUE_RESULTS],
			     struct cks_error *err);

#endif
