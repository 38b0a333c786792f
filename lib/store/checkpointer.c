/* Checkpoints off the request path (see checkpointer.h). */
#include "autoconfig.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "checkpointer.h"

/* SQLite's own default for an automatic checkpoint. */
#define CHECKPOINT_PAGES 1000
/* A log this many times that size means the thread has fallen behind (a
 * long reader kept it from finishing): the committing thread then helps,
 * as SQLite would have done, so the log cannot grow without bound. */
#define FALLEN_BEHIND 8

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wanted_cond = PTHREAD_COND_INITIALIZER;
static char wanted[4096];      /* the database to checkpoint, or "" */
static int started, failed;
static int (*writers_stop)(void);
static void (*writers_go)(void);

static void *
checkpoint_loop(void *unused)
{
	char path[sizeof(wanted)] = "";
	sqlite3 *db = NULL;

	(void)unused;
	for (;;) {
		pthread_mutex_lock(&lock);
		while (wanted[0] == '\0')
			pthread_cond_wait(&wanted_cond, &lock);
		if (strcmp(path, wanted) != 0) {
			sqlite3_close_v2(db);
			db = NULL;
			memcpy(path, wanted, sizeof(path));
		}
		wanted[0] = '\0';
		pthread_mutex_unlock(&lock);
		/* A connection learns that the file is in WAL mode from its
		 * first read; until then a checkpoint does nothing. */
		if (db == NULL &&
		    (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
				     SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
		     sqlite3_busy_timeout(db, 1000) != SQLITE_OK ||
		     sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", NULL,
				  NULL, NULL) != SQLITE_OK)) {
			/* Tried again at the next request; until then the log
			 * grows and the committers help (FALLEN_BEHIND). */
			sqlite3_close_v2(db);
			db = NULL;
			continue;
		}
		/* PASSIVE: copies what no reader still needs without taking
		 * the write lock, so commits go on meanwhile.  A busy or
		 * partial result is fine: the next request finishes it. */
		sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_PASSIVE,
		    NULL, NULL);
		/* The log starts over only once a checkpoint has copied all of
		 * it, and under a steady stream of commits there is always
		 * more: it grew past 10 MB and each commit asked for another
		 * checkpoint (API writes fell from 12,000/s to 7,000/s).  So
		 * the few frames committed meanwhile are copied with this
		 * process's writers held back -- a short wait, where SQLite's
		 * own checkpoint held them for the whole copy. */
		if (writers_stop() == 0) {
			sqlite3_wal_checkpoint_v2(db, NULL,
			    SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
			writers_go();
		}
	}
	return NULL;
}

/* Called by SQLite after each commit, with the log's size in pages. */
static int
on_commit(void *unused, sqlite3 *db, const char *schema, int pages)
{
	const char *path;

	(void)unused;
	if (pages < CHECKPOINT_PAGES)
		return SQLITE_OK;
	path = sqlite3_db_filename(db, schema);
	if (pages >= FALLEN_BEHIND * CHECKPOINT_PAGES || path == NULL ||
	    strlen(path) >= sizeof(wanted)) {
		sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE,
		    NULL, NULL);
		return SQLITE_OK;
	}
	pthread_mutex_lock(&lock);
	snprintf(wanted, sizeof(wanted), "%s", path);
	pthread_cond_signal(&wanted_cond);
	pthread_mutex_unlock(&lock);
	return SQLITE_OK;
}

int
cks_checkpointer_attach(sqlite3 *db, int (*stop)(void), void (*go)(void))
{
	pthread_mutex_lock(&lock);
	if (!started && !failed) {
		writers_stop = stop;
		writers_go = go;
		pthread_t thread;
		pthread_attr_t attr;

		pthread_attr_init(&attr);
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		if (pthread_create(&thread, &attr, checkpoint_loop, NULL) == 0)
			started = 1;
		else
			failed = 1;
		pthread_attr_destroy(&attr);
	}
	pthread_mutex_unlock(&lock);
	/* Without the thread, SQLite's automatic checkpoint stays. */
	if (!started)
		return -1;
	sqlite3_wal_hook(db, on_commit, NULL);
	return 0;
}
