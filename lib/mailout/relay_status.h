/* What the last SMTP session learnt about the relay: whether it could be
 * used at all (a fault of the whole session, and the configuration key
 * that fixes it when the fault is ours), and the message size it accepts
 * (EHLO's SIZE).  One row per relay ("host:port"); `cksctl queue list`
 * and /metrics show it, compose reads the size. */
#ifndef CKS_RELAY_STATUS_H
#define CKS_RELAY_STATUS_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "store.h"

struct cks_relay_status {
	char relay[320];
	int64_t checked_ms;             /* 0: never seen */
	int ok;                         /* the last session worked */
	char setting[64];               /* "" or the key to change */
	char reason[512];               /* "" or the session fault */
	long size_limit;                /* -1 unknown, 0 none said, else bytes */
};

/* Records one session's outcome; a size_limit of -1 keeps the known one.
 * Opens its own transaction. */
int cks_relay_status_record(struct cks_store *store, const char *relay, int ok,
			    const char *setting, const char *reason,
			    long size_limit, struct cks_error *err);

/* The relay's row; *found is 0 when none was recorded yet. */
int cks_relay_status_get(struct cks_store *store, const char *relay,
			 struct cks_relay_status *status, int *found,
			 struct cks_error *err);

/* The first row that is not ok (a relay needing attention); *found 0 if none. */
int cks_relay_status_first_fault(struct cks_store *store,
				 struct cks_relay_status *status, int *found,
				 struct cks_error *err);

/* Every relay's row, ordered by relay; *list_out is one malloc'ed array
 * (NULL when count is 0), the caller free()s it. */
int cks_relay_status_list(struct cks_store *store,
			  struct cks_relay_status **list_out, size_t *count_out,
			  struct cks_error *err);

#endif
