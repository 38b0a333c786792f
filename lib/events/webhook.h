/* Rating webhooks: events in the store, POSTed to the configured URLs from
 * a durable outbox, like the mail queue.
 *
 * An event ("rating.recorded", "rating.unsatisfied") is written in the
 * transaction that records the rating (lib/events/rating.c), so it exists
 * exactly when the rating does.  cks_webhook_run() fans new events out
 * into one delivery per configured URL (webhook.rating_url,
 * webhook.unsatisfied_url; an event whose URL is not set gets none), then
 * POSTs each due delivery with libcurl: the event's JSON as the body,
 * signed with HMAC-SHA256 (webhook.secret_file) over "TIMESTAMP.BODY":
 *
 *   Content-Type: application/json
 *   X-Cksgate-Event: rating.recorded
 *   X-Cksgate-Delivery: 42            (the delivery's id: de-duplicate on it)
 *   X-Cksgate-Attempt: 1
 *   X-Cksgate-Timestamp: 1795834800   (Unix seconds, this attempt)
 *   X-Cksgate-Signature: sha256=HEX   (HMAC-SHA256(key, TIMESTAMP "." BODY))
 *
 * A 2xx answer: sent.  A 3xx (redirects are not followed) or a 4xx other
 * than 408 and 429: failed at once, with the status and the start of the
 * reply.  A 5xx, 408, 429, a timeout or a connection error: queued again
 * after queue.retry_schedule, until queue.max_age, then failed.  Every
 * attempt is kept.
 *
 * States: queued -> sending -> sent | queued (retry) | failed;
 * failed -> queued (cks_webhook_retry).  A delivery is claimed inside
 * BEGIN IMMEDIATE ("sending", claimed_by host:pid); one left "sending" by
 * a process that died is queued again by the next run.  So a crash never
 * loses an event, and at worst POSTs a claimed batch (at most 10
 * deliveries) twice with the same X-Cksgate-Delivery. */
#ifndef CKS_WEBHOOK_H
#define CKS_WEBHOOK_H

#include <jansson.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "error.h"
#include "store.h"

#define CKS_EVENT_RATING_RECORDED "rating.recorded"
#define CKS_EVENT_RATING_UNSATISFIED "rating.unsatisfied"

struct cks_webhook_stats {
	long recovered;       /* left "sending" by a dead daemon of this
			       * gateway, queued again at once */
	long taken_over;      /* left "sending" past its lease, queued again */
	long events;          /* events fanned out by this run */
	long queued;          /* deliveries the fan-out created */
	long sent;
	long deferred;        /* to be tried again after the backoff */
	long failed;          /* refused, or gave up after queue.max_age */
};

/* Initialises libcurl once per process (pthread_once).  curl_global_init()
 * is not thread-safe in every libcurl build: a program with threads calls
 * this at start-up, before it starts them.  cks_webhook_run() calls it as
 * well, so a single-threaded program need not. */
int cks_webhook_global_init(struct cks_error *err);

/* Writes an event; opens its own transaction (nested in the caller's, as
 * cks_rating_record's, so the rating and its event commit together).  The body
 * is {"event": kind, "event_id": ID} followed by fields' members;
 * session_id 0 means none.  fields is borrowed. */
int cks_webhook_add_event(struct cks_store *store, const char *kind,
			  int64_t session_id, json_t *fields,
			  int64_t *id_out, struct cks_error *err);

/* Fans out new events, then POSTs every delivery that is due, each at
 * most once in this run, and returns.  Opens its own store connection,
 * and its own transactions on it (one per claim and per result).
 * Stops between requests when *stop becomes non-zero (NULL: never); the
 * claimed deliveries not yet tried are queued again untouched.  One
 * process runs one cks_webhook_run() at a time (it takes back its own
 * pid's "sending" rows at start). */
int cks_webhook_run(const struct cks_config *config,
		    volatile sig_atomic_t *stop,
		    struct cks_webhook_stats *stats, struct cks_error *err);

/* Non-zero for a delivery state: queued, sending, sent or failed. */
int cks_webhook_state_known(const char *state);

/* Deliveries, newest first, as a new JSON array the caller releases:
 * each with its event kind, session, URL, state, attempts and history.
 * state NULL for any; limit 0 for 100. */
int cks_webhook_list(struct cks_store *store, const char *state, size_t limit,
		     json_t **out, struct cks_error *err);

/* One delivery as a new JSON object (as in the list). */
int cks_webhook_get(struct cks_store *store, int64_t id, json_t **out,
		    struct cks_error *err);

/* A failed delivery is queued again, due now; its attempts and age are
 * kept (so one that gave up on queue.max_age gets one more try).  Opens
 * its own transaction. */
int cks_webhook_retry(struct cks_store *store, int64_t id,
		      struct cks_error *err);

#endif
