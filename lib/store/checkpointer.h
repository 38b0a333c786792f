/* Checkpoints in a thread of their own, for a process that commits as a
 * group (cksgated, see cks_store_use_group_commit).
 *
 * SQLite's automatic checkpoint runs inside the commit that crosses 1,000
 * pages of log: that request copies the log into the database and syncs
 * it while holding the write lock, and every other writer waits behind
 * it -- the API's 99th-percentile write (issue 18).  Here the commit only
 * signals a thread with a connection of its own, which runs a PASSIVE
 * checkpoint (it takes no write lock; writers go on).  Durability is the
 * same: every commit is synced in the log before it is answered, and a
 * checkpoint syncs the log before and the database after copying.
 *
 * Store-internal: only store.c calls this. */
#ifndef CKS_CHECKPOINTER_H
#define CKS_CHECKPOINTER_H

#include <sqlite3.h>

/* Installs the commit hook on db, starting the thread the first time.
 * The thread serves the database that asked last (a process has one; the
 * tests have several, one after another).  stop holds back the process's
 * writers (0, or -1 when it could not in time) and go lets them on: the
 * thread finishes each checkpoint between the two.  0; -1 when the thread
 * cannot be started (SQLite's automatic checkpoint then stays). */
int cks_checkpointer_attach(sqlite3 *db, int (*stop)(void),
			    void (*go)(void));

#endif
