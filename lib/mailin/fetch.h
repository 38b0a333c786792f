/* Fetching inbound mail from where it waits: a maildir, an IMAP folder or
 * a POP3 mailbox.  Each message is handed to a handler; only when the
 * handler has committed its result is the message marked done at the
 * source (maildir: moved new/ -> cur/ with the S flag; IMAP: \Seen or
 * moved; POP3: its UIDL remembered, and deleted if configured), so a crash
 * between the two repeats a message but never skips one, and the store's
 * Message-ID check makes the repeat a no-op.
 *
 * IMAP and POP3 verify the server's certificate and host name before
 * LOGIN (libetpan as Debian ships it verifies nothing), with the system's
 * CAs or the configured CA file. */
#ifndef CKS_FETCH_H
#define CKS_FETCH_H

#include <signal.h>
#include <stddef.h>

#include "config.h"
#include "error.h"
#include "store.h"

/* Handles one message.  source names the intake ("maildir:/path",
 * "imap:host/INBOX", "pop3:host") and ref the message in it (file name,
 * "UIDVALIDITY:UID", UIDL).  Returns 0 when the result is committed (the
 * message may be marked done), -1 with err when it must stay for a later
 * run (temporary trouble). */
typedef int (*cks_fetch_handler)(void *context, const char *raw, size_t size,
				  const char *source, const char *ref,
				  struct cks_error *err);

struct cks_fetch_stats {
	int idled;        /* IMAP: the server offered IDLE and we waited in it */
	long fetched;     /* handed to the handler */
	long done;        /* and marked done at the source */
	long skipped;     /* seen before (IMAP UID / POP3 UIDL), not handed */
	long deferred;    /* the handler asked to keep it for later */
};

/* Each runs once over its source and returns; -1 only when the source
 * itself cannot be used (unreachable, refused certificate, bad login),
 * naming it.  The store keeps the IMAP UIDVALIDITY/UIDs and POP3 UIDLs. */
int cks_fetch_maildir(const char *path, cks_fetch_handler handler,
		       void *context, struct cks_fetch_stats *stats,
		       struct cks_error *err);
/* Makes the handlers' work durable (commits it): 0, or -1 when it was
 * rolled back.  For cks_fetch_maildir_batched. */
typedef int (*cks_fetch_flush)(void *context, struct cks_error *err);

/* As cks_fetch_maildir, but handlers may leave their work uncommitted:
 * after every batch_size messages (and at the end) flush is called, and
 * only when it succeeds are those messages marked done.  One commit (one
 * fsync) then serves a whole batch. */
int cks_fetch_maildir_batched(const char *path, cks_fetch_handler handler,
			       cks_fetch_flush flush, size_t batch_size,
			       void *context, struct cks_fetch_stats *stats,
			       struct cks_error *err);
int cks_fetch_imap(const struct cks_config *config, struct cks_store *store,
		    cks_fetch_handler handler, void *context,
		    struct cks_fetch_stats *stats, struct cks_error *err);

/* As cks_fetch_imap, then, when the server offers IDLE (RFC 2177), stays
 * connected for up to idle_ms: it IDLEs, and takes new messages as soon as
 * the server reports them.  Returns when idle_ms has passed or *stop (may
 * be NULL) becomes non-zero.  Without IDLE it returns after the one pass
 * (stats->idled stays 0, and the caller polls). */
int cks_fetch_imap_idle(const struct cks_config *config,
			 struct cks_store *store, cks_fetch_handler handler,
			 void *context, long idle_ms, volatile sig_atomic_t *stop,
			 struct cks_fetch_stats *stats, struct cks_error *err);
int cks_fetch_pop3(const struct cks_config *config, struct cks_store *store,
		    cks_fetch_handler handler, void *context,
		    struct cks_fetch_stats *stats, struct cks_error *err);

#endif
