#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "checkpointer.h"
#include "clock.h"
#include "schema.h"
#include "store_pg.h"
#include "store_sqlite.h"

struct cks_store {
	sqlite3 *db;
	struct cks_pg *pg;          /* set: PostgreSQL's (db NULL) */
	char *path;                 /* for PostgreSQL the URI, redacted */
	int depth;          /* open transaction levels */
	long busy_timeout_ms;
	int64_t busy_deadline_us;   /* cks_monotonic_us() when waits end */
	int begin_deadline;         /* the deadline is cks_store_begin's */
	struct cks_stmt_cache *stmts;
};

/* Writers in one process (the daemon's HTTP threads and loops) queue on
 * this lock before they take SQLite's: SQLite's own wait for a busy
 * database sleeps in steps of up to 100 ms, which made a burst of writes
 * wait far longer than the writes themselves.  Recursive per thread, so a
 * thread that (wrongly) nests transactions on two connections gets
 * SQLite's busy error as before, not a deadlock.  Waiting for it has a
 * deadline (busy_timeout_ms, counted from the start of cks_store_begin):
 * a plain pthread mutex has none, and pthread_mutex_timedlock counts on
 * CLOCK_REALTIME, which jumps when the clock is set, so it is a flag
 * under a mutex with a condition variable on CLOCK_MONOTONIC. */
static pthread_mutex_t write_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t write_free;
static pthread_once_t write_lock_once = PTHREAD_ONCE_INIT;
static int write_held;              /* depth of the owner's holds */
static pthread_t write_owner;

static void
make_write_lock(void)
{
	pthread_condattr_t attr;

	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&write_free, &attr);
	pthread_condattr_destroy(&attr);
}

/* 0 when held, -1 when deadline_us (cks_monotonic_us) passed first. */
static int
write_lock_take(int64_t deadline_us)
{
	struct timespec until = {
		.tv_sec = (time_t)(deadline_us / 1000000),
		.tv_nsec = (long)(deadline_us % 1000000) * 1000,
	};
	int rc = 0;

	pthread_once(&write_lock_once, make_write_lock);
	pthread_mutex_lock(&write_mutex);
	if (write_held > 0 && pthread_equal(write_owner, pthread_self())) {
		write_held++;
		pthread_mutex_unlock(&write_mutex);
		return 0;
	}
	while (write_held > 0 && rc == 0)
		rc = pthread_cond_timedwait(&write_free, &write_mutex, &until);
	if (write_held > 0) {           /* timed out (rc is ETIMEDOUT) */
		pthread_mutex_unlock(&write_mutex);
		return -1;
	}
	write_held = 1;
	write_owner = pthread_self();
	pthread_mutex_unlock(&write_mutex);
	return 0;
}

static void
write_lock_give(void)
{
	pthread_mutex_lock(&write_mutex);
	if (--write_held == 0)
		pthread_cond_signal(&write_free);
	pthread_mutex_unlock(&write_mutex);
}

/* For the checkpoint thread (checkpointer.h): a second at most, so that
 * a stuck writer costs one finished checkpoint, not the thread. */
static int
checkpoint_stop_writers(void)
{
	return write_lock_take(cks_monotonic_us() + 1000000);
}

/* Group commit, for a process with many writers (the daemon): SQLite
 * commits without its own fsync (synchronous=NORMAL), and the committer
 * then waits until one fdatasync of the WAL file, made by whichever
 * waiting committer gets there first, covers its commit.  A commit still
 * returns only once it is on disk, as with synchronous=FULL, but one fsync
 * serves every commit that arrived while the previous one ran. */
static int group_commit;
static pthread_mutex_t flush_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t flush_done = PTHREAD_COND_INITIALIZER;
static unsigned long long commits_written, commits_synced;
static int flushing;

void
cks_store_use_group_commit(void)
{
	group_commit = 1;
}

/* Waits until commit number seq is durable; flushes if nobody is. */
static int
wait_durable(struct cks_store *store, unsigned long long seq,
	     struct cks_error *err)
{
	char wal[4096];
	int rc = 0;

	pthread_mutex_lock(&flush_lock);
	while (commits_synced < seq) {
		unsigned long long target;
		int fd;

		if (flushing) {
			pthread_cond_wait(&flush_done, &flush_lock);
			continue;
		}
		flushing = 1;
		target = commits_written;
		pthread_mutex_unlock(&flush_lock);
		snprintf(wal, sizeof(wal), "%s-wal", store->path);
		fd = open(wal, O_RDONLY | O_CLOEXEC);
		/* No WAL file: the last checkpoint moved everything into the
		 * database and synced it. */
		if (fd >= 0) {
			if (fdatasync(fd) < 0)
				rc = cks_error_set(err, CKS_ERROR_TEMPORARY,
				    "cannot sync %s: %s", wal, strerror(errno));
			close(fd);
		} else if (errno != ENOENT) {
			rc = cks_error_set(err, CKS_ERROR_TEMPORARY,
			    "cannot open %s to sync it: %s", wal, strerror(errno));
		}
		pthread_mutex_lock(&flush_lock);
		flushing = 0;
		if (rc == 0 && commits_synced < target)
			commits_synced = target;
		pthread_cond_broadcast(&flush_done);
		if (rc < 0)
			break;
	}
	pthread_mutex_unlock(&flush_lock);
	return rc;
}

/* Between processes SQLite's lock is all there is: retry in short sleeps
 * until the deadline, read on the monotonic clock.  Counting the sleeps
 * instead (attempts x 250 us) waited four times too long, as each 250 us
 * sleep takes about 1 ms here.  cks_store_begin sets the deadline so that
 * its wait for the in-process lock counts too; any other statement that
 * meets a lock starts its own deadline on its first call (attempts 0). */
static int
busy_wait(void *context, int attempts)
{
	struct cks_store *store = context;
	int64_t now = cks_monotonic_us(), left;

	if (attempts == 0 && !store->begin_deadline)
		store->busy_deadline_us = now + (int64_t)store->busy_timeout_ms * 1000;
	left = store->busy_deadline_us - now;
	if (left <= 0)
		return 0;
	/* 250 us at first, for the short commits of the usual case; up to
	 * 2 ms for a lock held long, so the waiting costs little CPU. */
	usleep((useconds_t)(left < 250 ? left : attempts < 40 ? 250 :
	    left < 2000 ? left : 2000));
	return 1;
}

/* When cks_store_begin's deadline passed waiting for the in-process
 * lock (SQLite's own busy error comes through cks_store_fail). */
static int
busy_error(struct cks_store *store, const char *what, struct cks_error *err)
{
	return cks_error_set(err, CKS_ERROR_BUSY,
	    "store %s: %s: the store stayed locked by another writer for "
	    "busy_timeout_ms (%ld ms): try again shortly", store->path, what,
	    store->busy_timeout_ms);
}

sqlite3 *
cks_store_db(struct cks_store *store)
{
	return store->db;
}

struct cks_stmt_cache *
cks_store_stmt_cache(struct cks_store *store)
{
	return store->stmts;
}

struct cks_pg *
cks_store_pg(struct cks_store *store)
{
	return store->pg;
}

char *
cks_pg_redact(const char *uri)
{
	const char *rest = strstr(uri, "://"), *at, *end;
	char *out;

	if (rest == NULL)
		return strdup("postgresql://");
	rest += 3;
	end = rest + strcspn(rest, "?");
	at = memchr(rest, '@', (size_t)(end - rest));
	if (at != NULL)
		rest = at + 1;
	if ((out = malloc(strlen("postgresql://") + (size_t)(end - rest) + 1)) == NULL)
		return NULL;
	sprintf(out, "postgresql://%.*s", (int)(end - rest), rest);
	return out;
}

char *
cks_store_shown(const char *path)
{
	return cks_pg_uri(path) ? cks_pg_redact(path) : strdup(path);
}

int
cks_pg_uri(const char *s)
{
	return strncmp(s, "postgresql://", 13) == 0 ||
	    strncmp(s, "postgres://", 11) == 0;
}

int
cks_store_fail(struct cks_store *store, const char *what, struct cks_error *err)
{
	int code, primary;
	enum cks_error_kind kind = CKS_ERROR_INTERNAL;

#ifdef CKS_WITH_POSTGRESQL
	if (store->pg != NULL)
		return cks_pg_fail(store->pg, what, store->busy_timeout_ms, err);
#endif
	code = sqlite3_extended_errcode(store->db);
	primary = code & 0xff;

	if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
		kind = CKS_ERROR_BUSY;
	else if (primary == SQLITE_FULL || primary == SQLITE_IOERR ||
	    primary == SQLITE_NOMEM)
		kind = CKS_ERROR_TEMPORARY;
	else if (primary == SQLITE_CONSTRAINT)
		kind = CKS_ERROR_CONFLICT;
	else if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
		kind = CKS_ERROR_INVALID;
	if (kind == CKS_ERROR_BUSY)
		return cks_error_set(err, kind, "store %s: %s: %s: it stayed "
		    "locked by another writer for busy_timeout_ms (%ld ms): try "
		    "again shortly", store->path, what, sqlite3_errmsg(store->db),
		    store->busy_timeout_ms);
	return cks_error_set(err, kind, "store %s: %s: %s", store->path, what,
	    sqlite3_errmsg(store->db));
}

static int
exec(struct cks_store *store, const char *sql, struct cks_error *err)
{
	if (cks_store_exec(store, sql) != CKS_STMT_OK)
		return cks_store_fail(store, sql, err);
	return 0;
}

/* One fixed statement (BEGIN, COMMIT, SAVEPOINT, RELEASE) from the
 * statement cache: sqlite3_exec compiles it again on every call, which a
 * batch of replies (a savepoint each) paid for thousands of times. */
static int
exec_one(struct cks_store *store, const char *sql, struct cks_error *err)
{
	struct cks_stmt *stmt;
	int rc = 0;

	if (store->pg != NULL)      /* the cache is SQLite's (stmt_cache.h) */
		return exec(store, sql, err);
	stmt = cks_stmt_cache_take(store->stmts, store->db, sql);
	if (stmt == NULL || sqlite3_step(stmt->stmt) != SQLITE_DONE)
		rc = cks_store_fail(store, sql, err);
	cks_stmt_cache_give(stmt);
	return rc;
}

int
cks_store_begin(struct cks_store *store, struct cks_error *err)
{
	int rc;

	if (store->depth > 0) {
		if (exec_one(store, "SAVEPOINT nested", err) < 0)
			return -1;
		store->depth++;
		return 0;
	}
	store->busy_deadline_us = cks_monotonic_us() +
	    (int64_t)store->busy_timeout_ms * 1000;
	if (write_lock_take(store->busy_deadline_us) < 0)
		return busy_error(store, "BEGIN IMMEDIATE", err);
	store->begin_deadline = 1;
	/* PostgreSQL locks rows, not the database: a plain BEGIN. */
	rc = exec_one(store, store->pg ? "BEGIN" : "BEGIN IMMEDIATE", err);
	store->begin_deadline = 0;
	if (rc < 0) {
		write_lock_give();
		return -1;
	}
	store->depth++;
	return 0;
}

int
cks_store_commit(struct cks_store *store, struct cks_error *err)
{
	if (exec_one(store, store->depth == 1 ? "COMMIT" : "RELEASE nested", err) < 0) {
		cks_store_rollback(store);
		return -1;
	}
	if (--store->depth == 0) {
		unsigned long long seq = 0;

		if (group_commit && store->pg == NULL) {
			/* Numbered while writers are still in line, so the
			 * numbers follow the order of the commits. */
			pthread_mutex_lock(&flush_lock);
			seq = ++commits_written;
			pthread_mutex_unlock(&flush_lock);
		}
		write_lock_give();
		if (group_commit && store->pg == NULL)
			return wait_durable(store, seq, err);
	}
	return 0;
}

void
cks_store_rollback(struct cks_store *store)
{
	if (store->depth == 0)
		return;
	if (store->depth == 1)
		exec_one(store, "ROLLBACK", NULL);
	else
		cks_store_exec(store, "ROLLBACK TO nested; RELEASE nested");
	if (--store->depth == 0)
		write_lock_give();
}

static int
pragma_int(struct cks_store *store, const char *sql, int *value,
	   struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store, sql, err);

	if (stmt == NULL)
		return -1;
	if (cks_stmt_step(stmt) != CKS_STMT_ROW) {
		cks_stmt_finalize(stmt);
		return cks_store_fail(store, sql, err);
	}
	*value = cks_stmt_column_int(stmt, 0);
	cks_stmt_finalize(stmt);
	return 0;
}

enum cks_store_dialect
cks_store_dialect(struct cks_store *store)
{
	return store->pg != NULL ? CKS_DIALECT_POSTGRESQL : CKS_DIALECT_SQLITE;
}

int
cks_store_autocommit(struct cks_store *store)
{
#ifdef CKS_WITH_POSTGRESQL
	if (store->pg != NULL)
		return cks_pg_autocommit(store->pg);
#endif
	return sqlite3_get_autocommit(store->db);
}

int
cks_store_listen(struct cks_store *store, const char *channel,
		 struct cks_error *err)
{
#ifdef CKS_WITH_POSTGRESQL
	if (store->pg != NULL)
		return cks_pg_listen(store->pg, channel) == 0 ? 0
		    : cks_store_fail(store, "listen", err);
#endif
	(void)store;
	(void)channel;
	(void)err;
	return 0;
}

int
cks_store_wait_notify(struct cks_store *store, int timeout_ms,
		      struct cks_error *err)
{
#ifdef CKS_WITH_POSTGRESQL
	if (store->pg != NULL) {
		int rc = cks_pg_wait_notify(store->pg, timeout_ms);

		if (rc < 0)
			return cks_error_set(err, CKS_ERROR_TEMPORARY, "%s: the "
			    "listening connection failed", cks_pg_name(store->pg));
		return rc;
	}
#endif
	(void)timeout_ms;
	(void)err;
	(void)store;
	return 0;
}

int
cks_store_schema_version(struct cks_store *store)
{
	int version = -1;

#ifdef CKS_WITH_POSTGRESQL
	if (store->pg != NULL)
		return cks_pg_schema_version(store->pg);
#endif
	pragma_int(store, "PRAGMA user_version", &version, NULL);
	return version;
}

static int
migrate(struct cks_store *store, struct cks_error *err)
{
	int version, app_id, tables;
	char sql[64];

	/* Up to date and ours: nothing to write, so no write lock.  Opening
	 * (each HTTP thread does, for /healthz too) must not wait for another
	 * process's write transaction. */
	if (pragma_int(store, "PRAGMA user_version", &version, NULL) == 0 &&
	    pragma_int(store, "PRAGMA application_id", &app_id, NULL) == 0 &&
	    version == cks_schema_latest && app_id == CKS_SCHEMA_APPLICATION_ID)
		return 0;
	if (cks_store_begin(store, err) < 0)
		return -1;
	if (pragma_int(store, "PRAGMA user_version", &version, err) < 0 ||
	    pragma_int(store, "PRAGMA application_id", &app_id, err) < 0 ||
	    pragma_int(store, "SELECT count(*) FROM sqlite_schema", &tables, err) < 0)
		goto fail;
	if ((app_id != 0 && app_id != CKS_SCHEMA_APPLICATION_ID) ||
	    (app_id == 0 && tables > 0)) {
		cks_error_set(err, CKS_ERROR_INVALID,
		    "store %s: this SQLite database is not a cksgate store",
		    store->path);
		goto fail;
	}
	if (version > cks_schema_latest) {
		cks_error_set(err, CKS_ERROR_INVALID,
		    "store %s: schema version %d is newer than this cksgate "
		    "understands (up to %d): upgrade cksgate or use another database",
		    store->path, version, cks_schema_latest);
		goto fail;
	}
	for (int i = version; i < cks_schema_latest; i++) {
		const struct cks_migration *m = &cks_schema_migrations[i];

		if (exec(store, m->sql, err) < 0) {
			cks_error_prefix(err, "schema migration %d (%s)",
			    m->version, m->what);
			goto fail;
		}
	}
	if (version < cks_schema_latest) {
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
		    cks_schema_latest);
		if (exec(store, sql, err) < 0)
			goto fail;
		snprintf(sql, sizeof(sql), "PRAGMA application_id = %d",
		    CKS_SCHEMA_APPLICATION_ID);
		if (exec(store, sql, err) < 0)
			goto fail;
	}
	return cks_store_commit(store, err);
fail:
	cks_store_rollback(store);
	return -1;
}

/* Creates the database's directory (not its parents' owners' business:
 * one level, mode 0750) so the embedded defaults work on a fresh system. */
static int
make_parent_dir(const char *path, struct cks_error *err)
{
	char *dir = strdup(path);
	char *slash;
	int rc = 0;

	if (dir == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	slash = strrchr(dir, '/');
	if (slash != NULL && slash != dir) {
		*slash = '\0';
		for (char *p = dir + 1; *p; p++) {
			if (*p != '/')
				continue;
			*p = '\0';
			if (mkdir(dir, 0755) < 0 && errno != EEXIST)
				rc = -1;
			*p = '/';
			if (rc < 0)
				break;
		}
		if (rc == 0 && mkdir(dir, 0750) < 0 && errno != EEXIST)
			rc = -1;
		if (rc < 0)
			cks_error_set(err, CKS_ERROR_INVALID,
			    "cannot create directory %s for the store: %s",
			    dir, strerror(errno));
	}
	free(dir);
	return rc;
}

/* cks_zone_offset(ms) in SQL: the desk's UTC offset in seconds at an
 * instant, so that SQL groups by the desk's calendar, not by SQLite's
 * 'localtime' (the process's TZ). */
static void
sql_zone_offset(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
		sqlite3_result_null(ctx);
	else
		sqlite3_result_int64(ctx,
		    cks_zone_offset(sqlite3_value_int64(argv[0])));
}

static int
open_pg(const char *uri, long busy_timeout_ms, struct cks_store **store_out,
	struct cks_error *err)
{
#ifdef CKS_WITH_POSTGRESQL
	struct cks_store *store = calloc(1, sizeof(*store));

	if (store == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	store->busy_timeout_ms = busy_timeout_ms;
	if (cks_pg_open(uri, busy_timeout_ms, &store->pg, err) < 0 ||
	    (store->path = strdup(cks_pg_name(store->pg))) == NULL ||
	    cks_pg_migrate(store, store->pg, err) < 0) {
		if (store->pg != NULL && store->path == NULL)
			cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		cks_store_close(&store);
		return -1;
	}
	*store_out = store;
	return 0;
#else
	(void)uri;
	(void)busy_timeout_ms;
	(void)store_out;
	return cks_error_set(err, CKS_ERROR_INVALID, "the PostgreSQL backend "
	    "is not built in this cksgate (configure --with-postgresql, with "
	    "libpq-dev installed)");
#endif
}

int
cks_store_open(const char *path, long busy_timeout_ms,
	       struct cks_store **store_out, struct cks_error *err)
{
	struct cks_store *store;
	int rc;

	*store_out = NULL;
	if (cks_pg_uri(path))
		return open_pg(path, busy_timeout_ms, store_out, err);
	if (make_parent_dir(path, err) < 0)
		return -1;
	store = calloc(1, sizeof(*store));
	if (store == NULL || (store->path = strdup(path)) == NULL ||
	    (store->stmts = cks_stmt_cache_new()) == NULL) {
		if (store != NULL)
			free(store->path);
		free(store);
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	}
	rc = sqlite3_open_v2(path, &store->db,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
	    SQLITE_OPEN_EXRESCODE, NULL);
	if (rc != SQLITE_OK) {
		cks_error_set(err, CKS_ERROR_INVALID, "cannot open store %s: %s",
		    path, store->db ? sqlite3_errmsg(store->db) : sqlite3_errstr(rc));
		cks_store_close(&store);
		return -1;
	}
	store->busy_timeout_ms = busy_timeout_ms;
	sqlite3_busy_handler(store->db, busy_wait, store);
	sqlite3_create_function(store->db, "cks_zone_offset", 1, SQLITE_UTF8,
	    NULL, sql_zone_offset, NULL, NULL);
	/* Once we say "accepted", it survives power loss: synchronous=FULL,
	 * or NORMAL with the group commit's own fdatasync (see above). */
	/* WAL is switched on only after migrate() has checked that the file
	 * is ours: a refused database is left exactly as it was. */
	if (exec(store, group_commit ? "PRAGMA synchronous = NORMAL" :
		 "PRAGMA synchronous = FULL", err) < 0 ||
	    exec(store, "PRAGMA foreign_keys = ON", err) < 0 ||
	    migrate(store, err) < 0 ||
	    exec(store, "PRAGMA journal_mode = WAL", err) < 0) {
		cks_store_close(&store);
		return -1;
	}
	if (group_commit)
		cks_checkpointer_attach(store->db, checkpoint_stop_writers,
		    write_lock_give);
	*store_out = store;
	return 0;
}

void
cks_store_close(struct cks_store **store)
{
	struct cks_store *s = *store;

	if (s == NULL)
		return;
	while (s->depth > 0)        /* gives back the write lock too */
		cks_store_rollback(s);
	cks_stmt_cache_free(&s->stmts);
#ifdef CKS_WITH_POSTGRESQL
	cks_pg_close(s->pg);
#endif
	if (s->db != NULL)
		sqlite3_close_v2(s->db);  /* a statement still handed out is
					   * finalized by its user */
	free(s->path);
	free(s);
	*store = NULL;
}

void
cks_store_leave_log_on_close(struct cks_store *store)
{
	if (store->db != NULL)
		sqlite3_db_config(store->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1,
		    NULL);
}

int
cks_store_status(const char *path, struct cks_store_status *status,
		 struct cks_error *err)
{
	struct cks_store probe = { .path = (char *)path };
	struct stat st;
	int app_id = 0, tables = 0, rc;

	if (cks_pg_uri(path)) {
#ifdef CKS_WITH_POSTGRESQL
		return cks_pg_status(path, status, err);
#else
		struct cks_store *none;

		return open_pg(path, 0, &none, err);
#endif
	}
	memset(status, 0, sizeof(*status));
	status->backend = "sqlite";
	status->latest = cks_schema_latest;
	status->ours = 1;
	if (stat(path, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "store %s: %s", path, strerror(errno));
	}
	if (st.st_size == 0)
		return 0;
	status->exists = 1;
	rc = sqlite3_open_v2(path, &probe.db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, NULL);
	if (rc != SQLITE_OK) {
		cks_error_set(err, CKS_ERROR_INVALID, "cannot open store %s: %s",
		    path, probe.db ? sqlite3_errmsg(probe.db) : sqlite3_errstr(rc));
		sqlite3_close_v2(probe.db);
		return -1;
	}
	if (pragma_int(&probe, "PRAGMA user_version", &status->version, err) < 0 ||
	    pragma_int(&probe, "PRAGMA application_id", &app_id, err) < 0 ||
	    pragma_int(&probe, "SELECT count(*) FROM sqlite_schema", &tables,
	    err) < 0) {
		sqlite3_close_v2(probe.db);
		return -1;
	}
	sqlite3_close_v2(probe.db);
	status->ours = app_id == CKS_SCHEMA_APPLICATION_ID ||
	    (app_id == 0 && tables == 0);
	return 0;
}

int
cks_store_init(const char *path, long busy_timeout_ms, struct cks_error *err)
{
	struct cks_store *store;
	struct cks_store_status status;
	struct stat st;

	/* PostgreSQL: the database is made by its administrator; init fills
	 * it, if it holds nothing yet. */
	if (cks_pg_uri(path)) {
		char *name = cks_pg_redact(path);
		int rc;

		if (cks_store_status(path, &status, err) < 0) {
			free(name);
			return -1;
		}
		rc = status.exists ? cks_error_set(err, CKS_ERROR_CONFLICT,
		    "store %s: the database is not empty: init only fills a new "
		    "store (cksctl store migrate upgrades one)", name ? name :
		    "postgresql://") : 0;
		free(name);
		if (rc < 0)
			return -1;
	} else if (stat(path, &st) == 0 && st.st_size > 0)
		return cks_error_set(err, CKS_ERROR_CONFLICT, "store %s: the file "
		    "exists and is not empty: init only creates a new store "
		    "(cksctl store migrate upgrades one)", path);
	if (cks_store_open(path, busy_timeout_ms, &store, err) < 0)
		return -1;
	cks_store_close(&store);
	return 0;
}

int
cks_store_tally(struct cks_store *store, const char *sql,
		struct cks_tally *tally, size_t n, struct cks_error *err)
{
	struct cks_stmt *stmt;
	int rc;

	for (size_t i = 0; i < n; i++)
		tally[i].count = 0;
	stmt = cks_store_prepare(store, sql, err);
	if (stmt == NULL)
		return -1;
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW) {
		const char *label = (const char *)cks_stmt_column_text(stmt, 0);

		for (size_t i = 0; label != NULL && i < n; i++)
			if (strcmp(label, tally[i].label) == 0)
				tally[i].count += cks_stmt_column_int64(stmt, 1);
	}
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE)
		return cks_store_fail(store, "count", err);
	return 0;
}
