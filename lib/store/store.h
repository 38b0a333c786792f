/* The store: one SQLite database (WAL, foreign keys, synchronous=FULL), or
 * with a "postgresql://..." path one PostgreSQL database (issue 15), with
 * a versioned schema that is upgraded in place on open.  Plugins and front
 * ends never see SQL; core modules run their statements through stmt.h,
 * which names no backend's type. */
#ifndef CKS_STORE_H
#define CKS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "stmt.h"

struct cks_store;

/* Opens (creating the file and its directory if needed) and migrates to
 * the latest schema in one transaction.  A database written by a newer
 * cksgate, or a SQLite file that is not ours, is refused. */
int cks_store_open(const char *path, long busy_timeout_ms,
		   struct cks_store **store_out, struct cks_error *err);

void cks_store_close(struct cks_store **store);

/* For a short-lived process (cksctl): closing the last connection leaves
 * the write-ahead log as it is instead of copying it into the database
 * and deleting it.  Every commit is already durable in the log; the next
 * opener reads it there, and the daemon's checkpoints move it.  Saves an
 * MTA pipe's call four of its five syncs (issue 18).  No-op on PostgreSQL. */
void cks_store_leave_log_on_close(struct cks_store *store);

/* Makes every store opened afterwards in this process commit as a group:
 * concurrent commits share one fsync, and each still returns only when it
 * is on disk.  For a process with many writing threads (cksgated); call
 * it before opening any store. */
void cks_store_use_group_commit(void);

/* Transactions nest: the outermost is BEGIN IMMEDIATE (it takes the write
 * lock at once, so a read-then-write cannot fail half-way), inner ones are
 * savepoints.  Every begin is paired with exactly one commit or rollback. */
int cks_store_begin(struct cks_store *store, struct cks_error *err);
int cks_store_commit(struct cks_store *store, struct cks_error *err);
void cks_store_rollback(struct cks_store *store);

int cks_store_schema_version(struct cks_store *store);

/* Which SQL the store speaks, for the few statements written once per
 * dialect (doc/internals.md, "The store interface"); usable as an index
 * into a two-element array of SQL texts. */
enum cks_store_dialect {
	CKS_DIALECT_SQLITE = 0,
	CKS_DIALECT_POSTGRESQL = 1
};

enum cks_store_dialect cks_store_dialect(struct cks_store *store);

/* Across daemons, work queued by one wakes the others: on PostgreSQL
 * cks_store_notify (lease.h) sends NOTIFY cksgate_CHANNEL at commit, and a
 * daemon keeps one connection that cks_store_listen()s and waits in
 * cks_store_wait_notify: 1 notified, 0 not within timeout_ms, -1 (err set)
 * the connection failed (open a new one).  On SQLite there is no channel
 * between processes: listen does nothing and wait answers 0 at once. */
int cks_store_listen(struct cks_store *store, const char *channel,
		     struct cks_error *err);
int cks_store_wait_notify(struct cks_store *store, int timeout_ms,
			  struct cks_error *err);

/* path as errors and listings show it: a PostgreSQL URI without user,
 * password and parameters; malloc'ed (NULL when out of memory). */
char *cks_store_shown(const char *path);

/* 1 when no transaction is open on the connection (for the tests that
 * check that a failure left none behind). */
int cks_store_autocommit(struct cks_store *store);

/* What cksctl store status shows, read without changing anything (no
 * migration, no WAL switch, no file created). */
struct cks_store_status {
	const char *backend;     /* "sqlite" */
	int exists;              /* the file is there and not empty */
	int ours;                /* a cksgate store (or an empty file) */
	int version;             /* schema version; 0 for a new store */
	int latest;              /* the newest this build knows */
};

int cks_store_status(const char *path, struct cks_store_status *status,
		     struct cks_error *err);

/* Creates a new store at path with the latest schema (its own
 * transaction, as cks_store_open).  A file that exists and is not empty
 * is refused with CKS_ERROR_CONFLICT and left as it is. */
int cks_store_init(const char *path, long busy_timeout_ms,
		   struct cks_error *err);

/* For core modules: the connection's last error turned into ours (busy
 * and locked become CKS_ERROR_BUSY, full disk and I/O errors
 * CKS_ERROR_TEMPORARY, a broken constraint CKS_ERROR_CONFLICT). */
int cks_store_fail(struct cks_store *store, const char *what,
		   struct cks_error *err);

/* A count by label, for listings of fixed categories (states, results,
 * outcomes).  label points at the caller's (static) text. */
struct cks_tally {
	const char *label;
	int64_t count;
};

/* Runs sql, whose rows are (label, count), into tally[0..n-1]: every
 * count starts at 0, so a category with no rows is still listed; rows
 * whose label is not in tally are ignored.  For the modules that own the
 * tables; web never sees the SQL. */
int cks_store_tally(struct cks_store *store, const char *sql,
		    struct cks_tally *tally, size_t n, struct cks_error *err);

#endif
