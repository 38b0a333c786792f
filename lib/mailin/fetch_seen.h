/* What the IMAP and POP3 intakes have already handled (table intake_seen):
 * a ref ("UIDVALIDITY:UID" or a UIDL) is remembered only after the
 * handler committed, so a restart neither repeats nor skips a message. */
#ifndef CKS_FETCH_SEEN_H
#define CKS_FETCH_SEEN_H

#include "error.h"
#include "store.h"

/* Sets *seen when source has handled ref before. */
int cks_fetch_seen(struct cks_store *store, const char *source,
		    const char *ref, int *seen, struct cks_error *err);

/* Remembers ref as handled, in a transaction of its own. */
int cks_fetch_remember(struct cks_store *store, const char *source,
			const char *ref, struct cks_error *err);

/* Forgets every ref of source that does not start with prefix (IMAP UIDs
 * of an older UIDVALIDITY name other messages or none).  Opens its own
 * transaction. */
int cks_fetch_forget_except(struct cks_store *store, const char *source,
			     const char *prefix, struct cks_error *err);

#endif
