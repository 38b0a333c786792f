/* The survey invitations of every session closed in a period (issue 18):
 * "invite everyone we served yesterday" as one command instead of one
 * `survey send` per session.
 *
 * Only sessions that have no invitation yet are taken, so a second run
 * over the same period (or one after a crash) queues nothing twice.  Each
 * invitation is cks_compose_survey_send()'s, with all its refusals (opted
 * out, no consent, no address, a hard bounce): a refused session is
 * skipped, named with the reason, and left uninvited.  The invitations
 * are committed a page at a time (one durable commit for up to
 * CKS_SURVEY_BULK_PAGE sessions, not one each): a crash loses at most the
 * page being written, which the next run takes again. */
#ifndef CKS_SURVEY_BULK_H
#define CKS_SURVEY_BULK_H

#include <stddef.h>
#include <stdint.h>

#include "compose.h"
#include "error.h"

#define CKS_SURVEY_BULK_PAGE 128

struct cks_survey_bulk_result {
	size_t found;      /* closed in the period, not invited yet */
	size_t queued;     /* invitations queued */
	size_t skipped;    /* refused (the reason went to on_skip) */
};

/* Told of each refused session, with the refusal. */
typedef void (*cks_survey_bulk_skip_fn)(int64_t session_id,
					const struct cks_error *why, void *arg);

/* Queues the invitation of every session closed in [from_ms, to_ms) that
 * has none, oldest closing first; with dry_run only counts them.  A
 * period that is empty or reversed is refused (field "closed_from").  A
 * store fault stops the run (what earlier pages queued stays queued) and
 * returns -1 with result counting what was committed.  Opens its own
 * transactions: never call it inside one. */
int cks_survey_invite_closed(const struct cks_outbound *out, int64_t from_ms,
			     int64_t to_ms, int dry_run,
			     cks_survey_bulk_skip_fn on_skip, void *arg,
			     struct cks_survey_bulk_result *result,
			     struct cks_error *err);

#endif
