/* The store interface for the modules that own tables: prepared
 * statements, their parameters, their rows, and the connection's last
 * insert id and change count.  Transactions are in store.h.  No SQLite
 * type appears here: the SQLite backend (stmt.c) and the PostgreSQL one
 * (stmt_pg.c, issue 15) implement the same calls.
 *
 * The calls follow SQLite's shape closely, so that a module converts by
 * renaming: cks_stmt_step returns CKS_STMT_ROW or CKS_STMT_DONE, or
 * CKS_STMT_ERROR, after which cks_store_fail(store, what, err) turns the
 * connection's error into ours (busy and locked -> CKS_ERROR_BUSY, full
 * disk and I/O -> CKS_ERROR_TEMPORARY, constraint -> CKS_ERROR_CONFLICT).
 * Parameters are numbered from 1, columns from 0.
 *
 * SQL text keeps SQLite's "?" placeholders; the PostgreSQL backend
 * rewrites them to $1, $2, ... when it prepares a statement (at the first
 * step, so there a wrong statement fails at cks_stmt_step).  The dialect
 * differences met so far are listed in doc/internals.md ("The store
 * interface"). */
#ifndef CKS_STMT_H
#define CKS_STMT_H

#include <stddef.h>
#include <stdint.h>

struct cks_error;
struct cks_store;
struct cks_stmt;

/* Results of cks_stmt_step and cks_store_exec.  NOMEM and CORRUPT are
 * never returned by the store: they are for a caller's own row loop, to
 * say why it stopped early (a copy failed, a row was not as expected). */
enum {
	CKS_STMT_OK = 0,
	CKS_STMT_ERROR = 1,
	CKS_STMT_NOMEM = 7,
	CKS_STMT_CORRUPT = 11,
	CKS_STMT_ROW = 100,
	CKS_STMT_DONE = 101
};

/* How long bound text or bytes must live: STATIC, until the statement
 * is reset, finalized or rebound (no copy); TRANSIENT, copied at once. */
enum cks_stmt_lifetime {
	CKS_STMT_STATIC,
	CKS_STMT_TRANSIENT
};

/* Prepares sql (one statement); the caller finalizes.  NULL with err set
 * on failure. */
struct cks_stmt *cks_store_prepare(struct cks_store *store, const char *sql,
				   struct cks_error *err);

/* Runs sql, which may hold several statements and returns no rows
 * (SAVEPOINT, RELEASE, a fixed UPDATE).  CKS_STMT_OK or CKS_STMT_ERROR
 * (then cks_store_fail says why). */
int cks_store_exec(struct cks_store *store, const char *sql);

/* The id given to the row of the last INSERT on this connection, and the
 * number of rows the last INSERT, UPDATE or DELETE changed. */
int64_t cks_store_last_insert_id(struct cks_store *store);
int64_t cks_store_changes(struct cks_store *store);

/* len -1: up to the terminating NUL.  text NULL binds SQL NULL. */
int cks_stmt_bind_text(struct cks_stmt *stmt, int index, const char *text,
		       int len, enum cks_stmt_lifetime lifetime);
int cks_stmt_bind_blob(struct cks_stmt *stmt, int index, const void *data,
		       size_t size, enum cks_stmt_lifetime lifetime);
int cks_stmt_bind_int64(struct cks_stmt *stmt, int index, int64_t value);
int cks_stmt_bind_int(struct cks_stmt *stmt, int index, int value);
int cks_stmt_bind_null(struct cks_stmt *stmt, int index);
int cks_stmt_param_count(struct cks_stmt *stmt);

int cks_stmt_step(struct cks_stmt *stmt);

/* Makes the statement ready to step again (its bindings stay), for the
 * statements a loop prepares once and runs per row. */
int cks_stmt_reset(struct cks_stmt *stmt);

/* NULL is fine. */
void cks_stmt_finalize(struct cks_stmt *stmt);

/* Column values of the current row.  Text and bytes stay valid until the
 * next step, reset or finalize; text is NUL-terminated UTF-8 (NULL for
 * SQL NULL), as SQLite gives it, so it is unsigned char. */
int64_t cks_stmt_column_int64(struct cks_stmt *stmt, int column);
int cks_stmt_column_int(struct cks_stmt *stmt, int column);
const unsigned char *cks_stmt_column_text(struct cks_stmt *stmt, int column);
const void *cks_stmt_column_blob(struct cks_stmt *stmt, int column);
int cks_stmt_column_bytes(struct cks_stmt *stmt, int column);
int cks_stmt_column_is_null(struct cks_stmt *stmt, int column);

/* Column text as a malloc'ed copy (NULL for SQL NULL); caller frees. */
char *cks_store_column_strdup(struct cks_stmt *stmt, int column);

#endif
