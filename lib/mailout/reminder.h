/* The one survey reminder (issue 17): survey.reminder_after (off by
 * default) after an invitation was delivered, a client who has not
 * answered gets one reminder by the same medium -- never after an
 * answer, an opt-out or a bounce, never twice, and never for an expired
 * survey: one whose invitation went out more than twice
 * survey.reminder_after ago (a daemon stopped for weeks does not remind
 * old surveys when it comes back).  The daemon runs it on its queue tick;
 * `cksctl survey remind` runs it once for cron users. */
#ifndef CKS_REMINDER_H
#define CKS_REMINDER_H

#include <stddef.h>
#include <stdint.h>

#include "compose.h"
#include "error.h"

struct cks_reminder_result {
	size_t due;        /* invitations found due */
	size_t sent;       /* reminders queued */
	size_t skipped;    /* due, but refused at send time (the reason is
			    * logged: consent now required, a hard bounce) */
};

/* Queues every due reminder (at most limit in one run; 0: 500).  With
 * dry_run only counts what is due.  Each reminder is its own transaction
 * (cks_compose_survey_remind()).  With survey.reminder_after off, does
 * nothing. */
int cks_reminder_run(const struct cks_outbound *out, size_t limit, int dry_run,
		     struct cks_reminder_result *result, struct cks_error *err);

#endif
