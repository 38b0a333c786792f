/* Bulk retry and cancel of the outbound queue (issue 12 point 6): after a
 * relay is fixed, an operator queues again every deferred message, or the
 * ones that failed since the fault began, or the ones to one domain, in
 * one go instead of one id at a time.
 *
 * A selection is one transaction: every selected message changes, or
 * (on any error) none does.  A message being sent ("sending") is never
 * touched, nor is a sent or cancelled one.  An empty selection is an
 * error, so a slip never retries or cancels the whole queue. */
#ifndef CKS_QUEUE_BULK_H
#define CKS_QUEUE_BULK_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "store.h"

/* The longest domain a name may be (RFC 1035: 253 characters written). */
#define CKS_QUEUE_DOMAIN_MAX 253

/* Which messages a bulk retry or cancel acts on.  The two state
 * selectors add up (deferred ones and those failed since); a domain
 * narrows them.  A domain alone selects every message the action can
 * take: deferred or failed for a retry, queued or deferred for a cancel. */
struct cks_queue_selection {
	int deferred;               /* every deferred message */
	int64_t failed_since_ms;    /* failed, the last attempt at or after
				     * this; 0: none (retry only) */
	const char *domain;         /* recipient's domain, exactly (not its
				     * subdomains), any case; NULL: any */
};

/* Checks a domain as a selector: not empty, at most CKS_QUEUE_DOMAIN_MAX
 * bytes, UTF-8 without blanks, control characters (CR, LF) or "@".
 * what names the field or option in the message ("--to", "to"). */
int cks_queue_domain_check(const char *domain, const char *what,
			   struct cks_error *err);

/* Non-zero when recipient's domain (after its last "@") is domain,
 * ASCII case ignored: "a@Example.COM" is in "example.com";
 * "a@badexample.com" and "a@mail.example.com" are not. */
int cks_queue_recipient_in_domain(const char *recipient, const char *domain);

/* Queues the selected deferred or failed messages again, due now, and
 * sets *count_out to how many.  Selection and updates in one
 * transaction, its own.  Every rule of a selection is here (something
 * selected, the domain's form); a refused field is named in err->field
 * ("to", "failed_since"). */
int cks_queue_retry_selected(struct cks_store *store,
			     const struct cks_queue_selection *selection,
			     size_t *count_out, struct cks_error *err);

/* Cancels the selected queued or deferred messages; a failed_since
 * selection is refused (a failed message is not going out anyway),
 * naming "failed_since".  Opens its own transaction. */
int cks_queue_cancel_selected(struct cks_store *store,
			      const struct cks_queue_selection *selection,
			      size_t *count_out, struct cks_error *err);

#endif
