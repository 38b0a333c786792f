/* Bounced addresses: the last bounce that came back for an address, keyed
 * by the address normalised (blanks trimmed, lower case).  A hard bounce
 * (a permanent failure) blocks new basket and survey mail to the address
 * unless the send is forced with a reason; a soft one (a delay, a
 * temporary failure) is only shown. */
#ifndef CKS_BOUNCE_H
#define CKS_BOUNCE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "store.h"

struct cks_bounce {
	char email[320];     /* normalised */
	char kind[8];        /* "hard" or "soft" */
	int64_t at_ms;
	char status[32];     /* DSN Status ("5.1.1"), "" if none */
	char diagnostic[512];/* Diagnostic-Code or the report's note, "" if none */
	int64_t message;     /* the queued message it returned, 0 if none */
};

/* address trimmed and in lower case into buf. */
void cks_bounce_normalize(const char *address, char *buf, size_t size);

/* "hard" for a permanent failure (DSN Action "failed", or a Status
 * 5.x.x), "soft" for anything else (delayed, 4.x.x, no action). */
const char *cks_bounce_kind(const char *action, const char *status);

/* Records a bounce for email; a soft bounce never replaces a hard one.
 * Opens its own transaction. */
int cks_bounce_record(struct cks_store *store, const char *email,
		      const char *kind, int64_t at_ms, const char *status,
		      const char *diagnostic, int64_t message,
		      struct cks_error *err);

/* 1 with *out filled, 0 when the address never bounced, -1 on error.
 * Reads only. */
int cks_bounce_get(struct cks_store *store, const char *email,
		   struct cks_bounce *out, struct cks_error *err);

/* Before a send to email: refused (CKS_ERROR_CONFLICT, field "email")
 * after a hard bounce, naming the address and the bounce, unless
 * force_reason is given (checked as one line, field "reason").  Reads
 * only. */
int cks_bounce_check_send(struct cks_store *store, const char *email,
			  const char *force_reason, struct cks_error *err);

/* {"email", "kind", "at", "status", "diagnostic", "message"}. */
json_t *cks_bounce_to_json(const struct cks_bounce *b);

#endif
