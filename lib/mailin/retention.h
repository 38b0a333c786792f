/* Retention (issue 17): retention.raw_mail and retention.personal, both
 * off by default.  `cksctl purge` and the daemon (once a day) run it.
 *
 * - raw_mail: inbound messages received longer ago lose their raw bytes
 *   and their parse (the row, its outcome, session and rating stay, so
 *   the counts do; raw_purged_at says when); files older than it in the
 *   spool (mail written there with no relay) and in the maildir intake's
 *   cur/ (mail already stored) are deleted.
 * - personal: clients with no session opened or closed within it (and
 *   created before it) are anonymised as cks_privacy_erase() erases, so
 *   the KPI report of any period is the same before and after. */
#ifndef CKS_RETENTION_H
#define CKS_RETENTION_H

#include <stdint.h>

#include "config.h"
#include "error.h"
#include "store.h"

struct cks_retention_counts {
	int64_t raw_mail;          /* inbound messages emptied */
	int64_t spool_files;
	int64_t maildir_files;
	int64_t clients;           /* anonymised */
};

/* Purges what is older than its period, now being cks_now_ms().  With
 * dry_run counts what would go and changes nothing.  The store part is
 * one transaction; files are deleted after it commits. */
int cks_retention_purge(struct cks_store *store, const struct cks_config *config,
			int dry_run, struct cks_retention_counts *counts,
			struct cks_error *err);

#endif
