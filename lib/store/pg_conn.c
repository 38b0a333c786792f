#include "autoconfig.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "clock.h"
#include "pg_internal.h"
#include "stmt.h"

/* The PostgreSQL connection: opening it (the password never in the URI,
 * only in a mode-600 password file), running plain SQL, and its errors
 * turned into ours by SQLSTATE. */

/* A password in the URI would end up in the config file, in ps and in
 * errors; libpq reads it from PGPASSFILE (or ~/.pgpass) instead. */
static int
check_secrets(const char *uri, const char *name, struct cks_error *err)
{
	const char *rest = strstr(uri, "://") + 3;
	const char *end = rest + strcspn(rest, "/?@");
	const char *file = getenv("PGPASSFILE");
	struct stat st;

	if (*end == '@' && memchr(rest, ':', (size_t)(end - rest)) != NULL)
		return cks_error_set(err, CKS_ERROR_INVALID, "store %s: the "
		    "PostgreSQL URI holds a password: put it in a mode-600 file "
		    "named by PGPASSFILE (or ~/.pgpass), not in the URI", name);
	if (strstr(uri, "password=") != NULL)
		return cks_error_set(err, CKS_ERROR_INVALID, "store %s: the "
		    "PostgreSQL URI holds a password parameter: put it in a "
		    "mode-600 file named by PGPASSFILE (or ~/.pgpass)", name);
	if (file != NULL && *file != '\0' && stat(file, &st) == 0 &&
	    (st.st_mode & 077) != 0)
		return cks_error_set(err, CKS_ERROR_INVALID, "store %s: the "
		    "password file %s (PGPASSFILE) can be read by others: "
		    "chmod 600 it", name, file);
	return 0;
}

void
cks_pg_note_error(struct cks_pg *pg, PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) :
	    NULL;

	snprintf(pg->sqlstate, sizeof(pg->sqlstate), "%s", state ? state :
	    PQstatus(pg->conn) == CONNECTION_BAD ? "08006" : "XX000");
	snprintf(pg->message, sizeof(pg->message), "%s",
	    msg ? msg : PQerrorMessage(pg->conn));
	pg->message[strcspn(pg->message, "\n")] = '\0';
	PQclear(res);
}

int
cks_pg_run(struct cks_pg *pg, const char *sql)
{
	PGresult *res = PQexec(pg->conn, sql);
	ExecStatusType status = PQresultStatus(res);

	if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
		const char *verb = PQcmdStatus(res);

		/* The change count of an UPDATE run here (the verbs of the
		 * store's own statements, SAVEPOINT and so on, leave it). */
		if (strncmp(verb, "INSERT", 6) == 0 ||
		    strncmp(verb, "UPDATE", 6) == 0 ||
		    strncmp(verb, "DELETE", 6) == 0)
			pg->changes = strtoll(PQcmdTuples(res), NULL, 10);
		PQclear(res);
		return 0;
	}
	cks_pg_note_error(pg, res);
	return -1;
}

/* SQLite starts a transaction for a SAVEPOINT outside one, and its
 * RELEASE commits it (the report's read snapshot relies on that); here
 * it is a REPEATABLE READ transaction, a snapshot too. */
static int
session_setup(struct cks_pg *pg)
{
	char setup[512];

	/* A lock held longer than busy_timeout_ms is BUSY (55P03), as
	 * SQLite's busy timeout; cks.zone is the desk's zone for the SQL
	 * function cks_zone_offset (schema_pg.c). */
	snprintf(setup, sizeof(setup), "SET lock_timeout = %ld;"
	    " SET client_min_messages = warning;"
	    " SET cks.zone = '%s'", pg->busy_timeout_ms,
	    strchr(cks_clock_zone_name(), '\'') ? "UTC" : cks_clock_zone_name());
	return cks_pg_run(pg, setup);
}

static void
forget_prepared(struct cks_pg *pg)
{
	for (int i = 0; i < CKS_PG_BUCKETS; i++) {
		while (pg->prepared[i] != NULL) {
			struct cks_pg_prepared *p = pg->prepared[i];

			pg->prepared[i] = p->next;
			free(p->key);
			free(p);
		}
	}
}

int
cks_pg_usable(struct cks_pg *pg)
{
	if (PQstatus(pg->conn) == CONNECTION_OK)
		return 0;
	if (pg->in_tx) {
		cks_pg_note_error(pg, NULL);
		return -1;
	}
	PQreset(pg->conn);
	if (PQstatus(pg->conn) != CONNECTION_OK) {
		cks_pg_note_error(pg, NULL);
		return -1;
	}
	/* A new session: none of the statements prepared on the old one. */
	forget_prepared(pg);
	free(pg->implicit);
	pg->implicit = NULL;
	return session_setup(pg);
}

/* Notes where a transaction begins and ends, for cks_pg_usable. */
static void
track(struct cks_pg *pg, const char *sql, int ok)
{
	if (strncmp(sql, "BEGIN", 5) == 0 && ok)
		pg->in_tx = 1;
	else if (strcmp(sql, "COMMIT") == 0 || strcmp(sql, "ROLLBACK") == 0)
		pg->in_tx = 0;
}

int
cks_pg_exec(struct cks_pg *pg, const char *sql)
{
	int rc;

	if (cks_pg_usable(pg) < 0) {
		track(pg, sql, 0);
		return CKS_STMT_ERROR;
	}
	if (strncmp(sql, "SAVEPOINT ", 10) == 0 && pg->implicit == NULL &&
	    PQtransactionStatus(pg->conn) == PQTRANS_IDLE) {
		if (cks_pg_run(pg, "BEGIN ISOLATION LEVEL REPEATABLE READ") < 0)
			return CKS_STMT_ERROR;
		pg->in_tx = 1;
		if ((pg->implicit = strdup(sql + 10)) == NULL)
			return CKS_STMT_ERROR;
		return CKS_STMT_OK;
	}
	if (pg->implicit != NULL && strncmp(sql, "RELEASE ", 8) == 0 &&
	    strcmp(sql + 8, pg->implicit) == 0) {
		free(pg->implicit);
		pg->implicit = NULL;
		rc = cks_pg_run(pg, "COMMIT");
		pg->in_tx = 0;
		return rc == 0 ? CKS_STMT_OK : CKS_STMT_ERROR;
	}
	rc = cks_pg_run(pg, sql);
	track(pg, sql, rc == 0);
	return rc == 0 ? CKS_STMT_OK : CKS_STMT_ERROR;
}

int
cks_pg_fail(struct cks_pg *pg, const char *what, long busy_timeout_ms,
	    struct cks_error *err)
{
	const char *s = pg->sqlstate;
	enum cks_error_kind kind = CKS_ERROR_INTERNAL;

	if (strcmp(s, "40001") == 0 || strcmp(s, "40P01") == 0 ||
	    strcmp(s, "55P03") == 0)
		kind = CKS_ERROR_BUSY;
	else if (strncmp(s, "23", 2) == 0)
		kind = CKS_ERROR_CONFLICT;
	else if (strncmp(s, "08", 2) == 0 || strncmp(s, "53", 2) == 0 ||
	    strncmp(s, "57P", 3) == 0 || PQstatus(pg->conn) == CONNECTION_BAD)
		kind = CKS_ERROR_TEMPORARY;
	if (kind == CKS_ERROR_BUSY)
		return cks_error_set(err, kind, "store %s: %s: %s: it stayed "
		    "locked by another writer for busy_timeout_ms (%ld ms): try "
		    "again shortly", pg->name, what, pg->message, busy_timeout_ms);
	return cks_error_set(err, kind, "store %s: %s: %s (SQLSTATE %s)",
	    pg->name, what, pg->message, s);
}

int64_t
cks_pg_changes(struct cks_pg *pg)
{
	return pg->changes;
}

int64_t
cks_pg_last_insert_id(struct cks_pg *pg)
{
	return pg->last_insert_id;
}

int
cks_pg_autocommit(struct cks_pg *pg)
{
	return PQtransactionStatus(pg->conn) == PQTRANS_IDLE;
}

const char *
cks_pg_name(struct cks_pg *pg)
{
	return pg->name;
}

int
cks_pg_open(const char *uri, long busy_timeout_ms, struct cks_pg **out,
	    struct cks_error *err)
{
	struct cks_pg *pg = calloc(1, sizeof(*pg));

	*out = NULL;
	if (pg == NULL || (pg->name = cks_pg_redact(uri)) == NULL) {
		free(pg);
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	}
	if (check_secrets(uri, pg->name, err) < 0) {
		cks_pg_close(pg);
		return -1;
	}
	pg->conn = PQconnectdb(uri);
	if (PQstatus(pg->conn) != CONNECTION_OK) {
		snprintf(pg->message, sizeof(pg->message), "%s",
		    PQerrorMessage(pg->conn));
		pg->message[strcspn(pg->message, "\n")] = '\0';
		cks_error_set(err, CKS_ERROR_TEMPORARY, "cannot open store %s: %s",
		    pg->name, pg->message);
		cks_pg_close(pg);
		return -1;
	}
	pg->busy_timeout_ms = busy_timeout_ms;
	if (session_setup(pg) < 0) {
		cks_pg_fail(pg, "session settings", busy_timeout_ms, err);
		cks_pg_close(pg);
		return -1;
	}
	*out = pg;
	return 0;
}

void
cks_pg_close(struct cks_pg *pg)
{
	if (pg == NULL)
		return;
	forget_prepared(pg);
	while (pg->tables != NULL) {
		struct cks_pg_table *t = pg->tables;

		pg->tables = t->next;
		free(t->name);
		free(t->key);
		free(t);
	}
	PQfinish(pg->conn);
	free(pg->implicit);
	free(pg->name);
	free(pg);
}

/* LISTEN/NOTIFY (issue 15): a daemon keeps one connection in LISTEN so
 * that work queued by another daemon wakes it at once, not at its next
 * poll.  The channel names are the store's own ("queue", "webhook"),
 * never user text. */
int
cks_pg_listen(struct cks_pg *pg, const char *channel)
{
	char sql[80];

	snprintf(sql, sizeof(sql), "LISTEN cksgate_%s", channel);
	return cks_pg_run(pg, sql);
}

int
cks_pg_wait_notify(struct cks_pg *pg, int timeout_ms)
{
	struct pollfd pfd = { .fd = PQsocket(pg->conn), .events = POLLIN };
	PGnotify *n;
	int got = 0;

	if (pfd.fd < 0)
		return -1;
	if (PQconsumeInput(pg->conn) == 0)
		return -1;
	if ((n = PQnotifies(pg->conn)) == NULL) {
		int rc = poll(&pfd, 1, timeout_ms);

		if (rc < 0)
			return errno == EINTR ? 0 : -1;
		if (rc == 0)
			return 0;
		if (PQconsumeInput(pg->conn) == 0)
			return -1;
		n = PQnotifies(pg->conn);
	}
	/* Several notifications are one wake-up. */
	while (n != NULL) {
		got = 1;
		PQfreemem(n);
		n = PQnotifies(pg->conn);
	}
	return got;
}
