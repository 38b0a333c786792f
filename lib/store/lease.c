#include "autoconfig.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "lease.h"
#include "stmt.h"

const char *
cks_store_dialect_sql(struct cks_store *store, const char *sqlite,
		      const char *postgresql)
{
	return cks_store_dialect(store) == CKS_DIALECT_POSTGRESQL ? postgresql
	    : sqlite;
}

static pthread_once_t claimant_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t name_lock = PTHREAD_MUTEX_INITIALIZER;
static char claimant_name[64];     /* guarded by name_lock */
static int claimant_made;          /* guarded by name_lock */
static char claimant[CKS_CLAIMANT_MAX];

/* Field 22 of /proc/PID/stat: the process's start, in clock ticks since
 * boot.  0 when it cannot be read (no such process, no /proc). */
static unsigned long long
start_ticks(long pid)
{
	char path[64], line[1024];
	unsigned long long ticks = 0;
	const char *p;
	size_t len;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if ((f = fopen(path, "re")) == NULL)
		return 0;
	len = fread(line, 1, sizeof(line) - 1, f);
	fclose(f);
	line[len] = '\0';
	/* The command name (field 2) may hold blanks and parentheses: the
	 * fields after it start at the last ')'. */
	if ((p = strrchr(line, ')')) == NULL)
		return 0;
	/* Fields 3..21 precede the start time. */
	for (int field = 3; field <= 22 && p != NULL; field++)
		p = strchr(p + 1, ' ');
	if (p != NULL)
		ticks = strtoull(p + 1, NULL, 10);
	return ticks;
}

static void
own_name(char *out, size_t size)
{
	pthread_mutex_lock(&name_lock);
	snprintf(out, size, "%s", claimant_name);
	pthread_mutex_unlock(&name_lock);
	if (out[0] != '\0')
		return;
	if (gethostname(out, size) < 0 || out[0] == '\0')
		snprintf(out, size, "localhost");
	out[size - 1] = '\0';
	/* A colon would make the id ambiguous. */
	for (char *c = out; *c != '\0'; c++)
		if (*c == ':')
			*c = '-';
}

static void
make_claimant(void)
{
	char name[64];

	own_name(name, sizeof(name));
	snprintf(claimant, sizeof(claimant), "%s:%ld:%llu", name,
	    (long)getpid(), start_ticks((long)getpid()));
	pthread_mutex_lock(&name_lock);
	claimant_made = 1;
	pthread_mutex_unlock(&name_lock);
}

void
cks_claimant_set_name(const char *name)
{
	/* The id, once made, names this process's claims in the store: a
	 * later name (a reload) must not orphan them. */
	pthread_mutex_lock(&name_lock);
	if (!claimant_made)
		snprintf(claimant_name, sizeof(claimant_name), "%s",
		    name != NULL ? name : "");
	pthread_mutex_unlock(&name_lock);
}

const char *
cks_claimant_id(void)
{
	pthread_once(&claimant_once, make_claimant);
	return claimant;
}

int
cks_claimant_gone(const char *id)
{
	char name[64];
	const char *pid_at, *start_at;
	unsigned long long start;
	long pid;

	if (id == NULL)
		return 0;
	own_name(name, sizeof(name));
	pid_at = strchr(id, ':');
	if (pid_at == NULL || (size_t)(pid_at - id) != strlen(name) ||
	    strncmp(id, name, strlen(name)) != 0)
		return 0;
	pid = strtol(pid_at + 1, NULL, 10);
	start_at = strchr(pid_at + 1, ':');
	/* "host:pid", written before leases: the pid alone decides. */
	start = start_at != NULL ? strtoull(start_at + 1, NULL, 10) : 0;
	if (pid <= 0)
		return 0;
	if (strcmp(id, cks_claimant_id()) == 0)
		return 0;                  /* ours, and we live */
	if (kill((pid_t)pid, 0) < 0 && errno == ESRCH)
		return 1;
	/* Running: it is the claimant only if it started when the claimant
	 * did.  A pid of ours (another thread's run in this process) with an
	 * older id is a process that used our pid before us. */
	return start != 0 && start_ticks(pid) != start;
}

int
cks_lease_take(struct cks_store *store, const char *name, const char *holder,
	       long lease_ms, int *taken, struct cks_error *err)
{
	/* A row on both backends, not PostgreSQL's session advisory lock:
	 * the backend reconnects after a lost connection or a failover, and
	 * a session lock would be gone without the holder knowing. */
	int64_t now = cks_now_ms();
	struct cks_stmt *stmt;
	char *current = NULL;
	int64_t expires = 0;
	int rc, free_to_take;

	*taken = 0;
	if (cks_store_begin(store, err) < 0)
		return -1;
	stmt = cks_store_prepare(store, "SELECT holder, expires_at FROM leases"
	    " WHERE name = ?", err);
	if (stmt == NULL)
		goto fail;
	cks_stmt_bind_text(stmt, 1, name, -1, CKS_STMT_STATIC);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW) {
		current = cks_store_column_strdup(stmt, 0);
		expires = cks_stmt_column_int64(stmt, 1);
	}
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_ROW && rc != CKS_STMT_DONE) {
		cks_store_fail(store, "read lease", err);
		goto fail;
	}
	free_to_take = current == NULL || strcmp(current, holder) == 0 ||
	    expires <= now || cks_claimant_gone(current);
	free(current);
	if (!free_to_take)
		return cks_store_commit(store, err);
	stmt = cks_store_prepare(store, "INSERT INTO leases (name, holder,"
	    " expires_at, taken_at) VALUES (?1, ?2, ?3, ?4)"
	    " ON CONFLICT (name) DO UPDATE SET holder = excluded.holder,"
	    " expires_at = excluded.expires_at, taken_at = CASE"
	    " WHEN leases.holder = excluded.holder THEN leases.taken_at"
	    " ELSE excluded.taken_at END", err);
	if (stmt == NULL)
		goto fail;
	cks_stmt_bind_text(stmt, 1, name, -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(stmt, 2, holder, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(stmt, 3, now + lease_ms);
	cks_stmt_bind_int64(stmt, 4, now);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(store, "take lease", err);
		goto fail;
	}
	if (cks_store_commit(store, err) < 0)
		return -1;
	*taken = 1;
	return 0;
fail:
	cks_store_rollback(store);
	return -1;
}

int
cks_lease_release(struct cks_store *store, const char *name,
		  const char *holder, struct cks_error *err)
{
	struct cks_stmt *stmt;
	int rc;

	if (cks_store_begin(store, err) < 0)
		return -1;
	stmt = cks_store_prepare(store, "DELETE FROM leases WHERE name = ?"
	    " AND holder = ?", err);
	if (stmt == NULL) {
		cks_store_rollback(store);
		return -1;
	}
	cks_stmt_bind_text(stmt, 1, name, -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(stmt, 2, holder, -1, CKS_STMT_STATIC);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(store, "release lease", err);
		cks_store_rollback(store);
		return -1;
	}
	return cks_store_commit(store, err);
}

long
cks_lease_renew(struct cks_store *store, const char *table, long lease_ms,
		struct cks_error *err)
{
	/* Two fixed texts, not a table name pasted into SQL. */
	const char *sql = strcmp(table, "messages") == 0
	    ? "UPDATE messages SET lease_until = ?1 WHERE state = 'sending'"
	      " AND claimed_by = ?2"
	    : "UPDATE webhook_deliveries SET lease_until = ?1"
	      " WHERE state = 'sending' AND claimed_by = ?2";
	struct cks_stmt *stmt;
	long renewed;
	int rc;

	if (cks_store_begin(store, err) < 0)
		return -1;
	stmt = cks_store_prepare(store, sql, err);
	if (stmt == NULL) {
		cks_store_rollback(store);
		return -1;
	}
	cks_stmt_bind_int64(stmt, 1, cks_now_ms() + lease_ms);
	cks_stmt_bind_text(stmt, 2, cks_claimant_id(), -1, CKS_STMT_STATIC);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	renewed = (long)cks_store_changes(store);
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(store, "renew leases", err);
		cks_store_rollback(store);
		return -1;
	}
	return cks_store_commit(store, err) < 0 ? -1 : renewed;
}

struct cks_lease_renewer {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int stopping;                  /* guarded by lock */
	struct cks_store *store;
	const char *table;
	long lease_ms;
	long renewals;
};

static void *
renew_loop(void *arg)
{
	struct cks_lease_renewer *r = arg;
	long every_ms = r->lease_ms / 3 > 0 ? r->lease_ms / 3 : 1;

	pthread_mutex_lock(&r->lock);
	while (!r->stopping) {
		int64_t until_us = cks_monotonic_us() + (int64_t)every_ms * 1000;
		struct timespec until = {
			.tv_sec = (time_t)(until_us / 1000000),
			.tv_nsec = (long)(until_us % 1000000) * 1000,
		};
		int rc = 0;

		while (!r->stopping && rc == 0)
			rc = pthread_cond_timedwait(&r->cond, &r->lock, &until);
		if (r->stopping)
			break;
		pthread_mutex_unlock(&r->lock);
		/* A busy store is tried again at the next tick: a third of
		 * the lease is left before anyone may take the claims. */
		if (cks_lease_renew(r->store, r->table, r->lease_ms, NULL) >= 0)
			r->renewals++;
		pthread_mutex_lock(&r->lock);
	}
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

int
cks_lease_renewer_start(const char *database, long busy_timeout_ms,
			const char *table, long lease_ms,
			struct cks_lease_renewer **renewer_out,
			struct cks_error *err)
{
	struct cks_lease_renewer *r = calloc(1, sizeof(*r));
	pthread_condattr_t attr;

	*renewer_out = NULL;
	if (r == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	if (cks_store_open(database, busy_timeout_ms, &r->store, err) < 0) {
		free(r);
		return -1;
	}
	r->table = strcmp(table, "messages") == 0 ? "messages"
	    : "webhook_deliveries";
	r->lease_ms = lease_ms;
	pthread_mutex_init(&r->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&r->cond, &attr);
	pthread_condattr_destroy(&attr);
	if (pthread_create(&r->thread, NULL, renew_loop, r) != 0) {
		pthread_cond_destroy(&r->cond);
		pthread_mutex_destroy(&r->lock);
		cks_store_close(&r->store);
		free(r);
		return cks_error_set(err, CKS_ERROR_INTERNAL,
		    "cannot start the lease renewal thread");
	}
	*renewer_out = r;
	return 0;
}

long
cks_lease_renewer_stop(struct cks_lease_renewer **renewer)
{
	struct cks_lease_renewer *r = *renewer;
	long renewals;

	if (r == NULL)
		return 0;
	pthread_mutex_lock(&r->lock);
	r->stopping = 1;
	pthread_cond_signal(&r->cond);
	pthread_mutex_unlock(&r->lock);
	pthread_join(r->thread, NULL);
	renewals = r->renewals;
	pthread_cond_destroy(&r->cond);
	pthread_mutex_destroy(&r->lock);
	cks_store_close(&r->store);
	free(r);
	*renewer = NULL;
	return renewals;
}

int
cks_store_notify(struct cks_store *store, const char *channel,
		 struct cks_error *err)
{
	char sql[80];

	/* SQLite has no channel between processes (store.h). */
	if (cks_store_dialect(store) != CKS_DIALECT_POSTGRESQL)
		return 0;
	/* Delivered when the caller's transaction commits, dropped if it
	 * rolls back: a listener never wakes for work that is not there. */
	snprintf(sql, sizeof(sql), "NOTIFY cksgate_%s", channel);
	if (cks_store_exec(store, sql) != CKS_STMT_OK)
		return cks_store_fail(store, "notify", err);
	return 0;
}

int
cks_lease_expire(struct cks_store *store, const char *sql, int64_t now,
		 long *n_out)
{
	struct cks_stmt *stmt = cks_store_prepare(store, sql, NULL);
	int rc;

	*n_out = 0;
	if (stmt == NULL)
		return CKS_STMT_ERROR;
	cks_stmt_bind_int64(stmt, 1, now);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc == CKS_STMT_DONE)
		*n_out = (long)cks_store_changes(store);
	return rc;
}
