/* The PostgreSQL backend (issue 15), private to lib/store: store.c and
 * stmt.c hand a store or statement to these calls when it is one of
 * PostgreSQL's.  Built only with libpq (configure --with-postgresql);
 * without it cks_pg_uri() still says which strings are PostgreSQL URIs,
 * so they are refused with a clear message. */
#ifndef CKS_STORE_PG_H
#define CKS_STORE_PG_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

struct cks_pg;
struct cks_pg_stmt;

/* The store's connection when it is PostgreSQL's, else NULL (store.c). */
struct cks_pg *cks_store_pg(struct cks_store *store);

/* 1 for "postgresql://..." and "postgres://...". */
int cks_pg_uri(const char *s);

/* The URI without user, password and parameters, for errors and logs. */
char *cks_pg_redact(const char *uri);

int cks_pg_open(const char *uri, long busy_timeout_ms, struct cks_pg **out,
		struct cks_error *err);
void cks_pg_close(struct cks_pg *pg);
const char *cks_pg_name(struct cks_pg *pg);      /* the redacted URI */

/* CKS_STMT_OK or CKS_STMT_ERROR; the error stays for cks_pg_fail. */
int cks_pg_exec(struct cks_pg *pg, const char *sql);
/* LISTEN cksgate_CHANNEL on this connection; 0 or -1. */
int cks_pg_listen(struct cks_pg *pg, const char *channel);
/* Waits up to timeout_ms for a notification: 1 (any number, drained), 0
 * none, -1 the connection failed. */
int cks_pg_wait_notify(struct cks_pg *pg, int timeout_ms);
int cks_pg_fail(struct cks_pg *pg, const char *what, long busy_timeout_ms,
		struct cks_error *err);
int64_t cks_pg_last_insert_id(struct cks_pg *pg);
int cks_pg_autocommit(struct cks_pg *pg);
int64_t cks_pg_changes(struct cks_pg *pg);

/* Schema: migrate to the latest (its own transaction via the store),
 * version, status and init as store.h says for SQLite. */
int cks_pg_migrate(struct cks_store *store, struct cks_pg *pg,
		   struct cks_error *err);
int cks_pg_schema_version(struct cks_pg *pg);
int cks_pg_status(const char *uri, struct cks_store_status *status,
		  struct cks_error *err);

/* "?" and "?N" placeholders as $N, outside quotes and comments; NULL when
 * out of memory.  *count: the highest number used. */
char *cks_pg_placeholders(const char *sql, int *count);

/* One SQLite DDL text of cks_schema_migrations in PostgreSQL's dialect
 * (schema_pg.c says what is translated); NULL when out of memory. */
char *cks_pg_translate_ddl(const char *sql);

struct cks_pg_stmt *cks_pg_prepare(struct cks_pg *pg, const char *sql,
				   struct cks_error *err);
void cks_pg_finalize(struct cks_pg_stmt *s);
int cks_pg_bind(struct cks_pg_stmt *s, int index, int type, const void *data,
		size_t size, int copy);
int cks_pg_param_count(struct cks_pg_stmt *s);
int cks_pg_step(struct cks_pg_stmt *s);
int cks_pg_reset(struct cks_pg_stmt *s);
int64_t cks_pg_column_int64(struct cks_pg_stmt *s, int column);
const unsigned char *cks_pg_column_text(struct cks_pg_stmt *s, int column);
const void *cks_pg_column_blob(struct cks_pg_stmt *s, int column);
int cks_pg_column_bytes(struct cks_pg_stmt *s, int column);
int cks_pg_column_is_null(struct cks_pg_stmt *s, int column);

/* Parameter kinds for cks_pg_bind. */
enum { CKS_PG_NULL, CKS_PG_INT, CKS_PG_TEXT, CKS_PG_BLOB };

#endif
