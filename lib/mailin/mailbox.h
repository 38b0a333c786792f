/* One pass over every configured intake (maildir, IMAP, POP3), each
 * message through the inbound pipeline.  Shared by `cksctl inbox run` and
 * the daemon's intake loop. */
#ifndef CKS_MAILBOX_H
#define CKS_MAILBOX_H

#include "error.h"
#include "reply_store.h"
#include "fetch.h"

enum cks_mailbox_source { CKS_MAILBOX_MAILDIR, CKS_MAILBOX_IMAP, CKS_MAILBOX_POP3,
			CKS_MAILBOX_SOURCES };

struct cks_mailbox_stats {
	int configured[CKS_MAILBOX_SOURCES];
	struct cks_fetch_stats intake[CKS_MAILBOX_SOURCES];
	int failed[CKS_MAILBOX_SOURCES];
	/* 1: another daemon holds the account's lease; not polled this pass */
	int held_elsewhere[CKS_MAILBOX_SOURCES];
	char failure[CKS_MAILBOX_SOURCES][512];   /* why, when failed */
	long outcomes[6];                       /* by enum cks_reply_store_outcome */
};

/* Runs every configured source once: the maildir, POP3, then IMAP, which
 * with imap_idle_ms > 0 stays in IDLE that long when the server offers it
 * (see cks_fetch_imap_idle; stop may be NULL).  Returns 0 when all
 * succeeded, 1 when at least one failed (see stats->failure), -1 with err
 * when none is configured.  Opens its own transactions on in->store (a
 * batch's, each message a savepoint in it): never call it inside one. */
int cks_mailbox_run(const struct cks_reply_store *in, long imap_idle_ms,
		  volatile sig_atomic_t *stop, struct cks_mailbox_stats *stats,
		  struct cks_error *err);

const char *cks_mailbox_source_name(enum cks_mailbox_source source);

#endif
