/* Sharing the work of one store between several daemons (issue 15).
 *
 * Claimant ids.  Every claim (a queued message, a webhook delivery, an
 * intake account) names the daemon that holds it: "NAME:PID:START", NAME
 * the gateway's name (gateway.name, default the host name), PID its
 * process id and START the process's start time in clock ticks since boot
 * (/proc/PID/stat), so a pid reused by another process is not mistaken
 * for the claimant.
 *
 * Leases.  A claim carries an expiry (lease_until, milliseconds, from
 * cks_now_ms so a test can move time).  The holder renews it while it
 * works (cks_lease_renewer); once it has passed, any daemon may take the
 * claim over, never before.  One exception keeps today's crash recovery:
 * a claim whose claimant is provably gone (cks_claimant_gone: same gateway
 * name, and its pid runs no process started at that time) is taken back
 * at once by a daemon of the same gateway, as a restart did before leases.
 *
 * Named leases (one row of the "leases" table per name) give one daemon at
 * a time an intake account, on both backends (cks_lease_take says why
 * not an advisory lock). */
#ifndef CKS_LEASE_H
#define CKS_LEASE_H

#include <stdint.h>

#include "error.h"
#include "store.h"

/* The longest claimant id, its NUL included. */
#define CKS_CLAIMANT_MAX 128

/* The few statements that differ between backends are written once per
 * dialect; cks_store_dialect (store.h) says which the store speaks. */

/* The text for the store's dialect: a claim is
 *   SQLite:      UPDATE … WHERE id IN (SELECT … LIMIT n) RETURNING …
 *                (BEGIN IMMEDIATE already serialises the writers), and
 *   PostgreSQL:  the same with "FOR UPDATE SKIP LOCKED" in the sub-select,
 *                so concurrent claimers pass over each other's rows
 *                instead of waiting for them. */
const char *cks_store_dialect_sql(struct cks_store *store, const char *sqlite,
				  const char *postgresql);

/* Sets the gateway's name used in claimant ids (NULL or "": the host
 * name).  Only the first id made counts: a name set afterwards (a
 * reload) is ignored, so the process's claims keep one name. */
void cks_claimant_set_name(const char *name);

/* This process's claimant id (computed once; thread-safe). */
const char *cks_claimant_id(void);

/* Non-zero if the claimant is certainly dead: its name is ours (the same
 * gateway) and no process with its pid and start time runs here.  Another
 * gateway's claimant is never "gone": only its lease says so. */
int cks_claimant_gone(const char *claimant);

/* Takes (or renews, when holder already has it) the named lease for
 * lease_ms from now.  *taken is 1 when holder has it afterwards, 0 when a
 * live lease of another holder stands.  Opens its own transaction. */
int cks_lease_take(struct cks_store *store, const char *name,
		   const char *holder, long lease_ms, int *taken,
		   struct cks_error *err);

/* Gives the named lease back if holder has it.  Opens its own transaction. */
int cks_lease_release(struct cks_store *store, const char *name,
		      const char *holder, struct cks_error *err);

/* A thread that renews this process's claims in one table while a batch
 * runs: every lease_ms / 3 it moves lease_until to now + lease_ms for the
 * table's rows in state 'sending' claimed by cks_claimant_id().  table is
 * "messages" or "webhook_deliveries".  Its own store connection. */
struct cks_lease_renewer;

int cks_lease_renewer_start(const char *database, long busy_timeout_ms,
			    const char *table, long lease_ms,
			    struct cks_lease_renewer **renewer_out,
			    struct cks_error *err);

/* Stops and joins the thread; NULL is fine.  Renewals done: how many
 * times it moved the leases (for tests). */
long cks_lease_renewer_stop(struct cks_lease_renewer **renewer);

/* Puts back the claims whose lease has passed, inside the caller's
 * transaction: sql is the table's UPDATE, with now bound to ?1; *n_out
 * the rows it changed.  A CKS_STMT_ result (DONE when it ran). */
int cks_lease_expire(struct cks_store *store, const char *sql, int64_t now,
		     long *n_out);

/* Renews once, now (what the thread does at each tick): the number of
 * claims renewed, or -1. */
long cks_lease_renew(struct cks_store *store, const char *table,
		     long lease_ms, struct cks_error *err);

/* Wake-ups.  A writer that queues work calls cks_store_notify(store,
 * channel) inside its transaction ("queue" for mail, "webhook" for the
 * outbox).  In one process the daemon's idle workers are woken directly
 * (the web layer's wake hook, src/loops.c loops_wake, a condition
 * variable); across daemons, on PostgreSQL this is
 * "NOTIFY cksgate_<channel>" (delivered at commit, dropped on rollback)
 * and each daemon keeps one connection in LISTEN (store.h) whose
 * notifications call loops_wake.  On SQLite there is nothing to send: another daemon
 * finds the work at its next queue.interval. */
int cks_store_notify(struct cks_store *store, const char *channel,
		     struct cks_error *err);

#endif
