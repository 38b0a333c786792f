#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "store_pg.h"
#include "store_sqlite.h"
#include "stmt.h"

/* stmt.h for both backends: a statement is SQLite's or PostgreSQL's
 * (stmt_pg.c), and each call goes to its own.  The SQLite calls stay thin,
 * so a hot loop costs what it did when it called SQLite itself.
 * struct cks_stmt is stmt_cache.h's: SQLite's statements are kept per
 * connection by stmt_cache.c; PostgreSQL's server-side prepared
 * statements are kept per connection by stmt_pg.c, and only the small
 * wrapper is made per call. */

#define S(stmt) ((stmt)->stmt)

#ifdef CKS_WITH_POSTGRESQL
#define PG(stmt, call) do { if ((stmt)->pg != NULL) return call; } while (0)
#else
#define PG(stmt, call) do { } while (0)
#endif

static int
result(int rc)
{
	if (rc == SQLITE_ROW)
		return CKS_STMT_ROW;
	if (rc == SQLITE_DONE)
		return CKS_STMT_DONE;
	return rc == SQLITE_OK ? CKS_STMT_OK : CKS_STMT_ERROR;
}

static sqlite3_destructor_type
destructor(enum cks_stmt_lifetime lifetime)
{
	return lifetime == CKS_STMT_STATIC ? SQLITE_STATIC : SQLITE_TRANSIENT;
}

struct cks_stmt *
cks_store_prepare(struct cks_store *store, const char *sql,
		  struct cks_error *err)
{
	struct cks_stmt *stmt;

#ifdef CKS_WITH_POSTGRESQL
	if (cks_store_pg(store) != NULL) {
		if ((stmt = calloc(1, sizeof(*stmt))) == NULL) {
			cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
			return NULL;
		}
		stmt->pg = cks_pg_prepare(cks_store_pg(store), sql, err);
		if (stmt->pg == NULL) {
			free(stmt);
			return NULL;
		}
		return stmt;
	}
#endif
	stmt = cks_stmt_cache_take(cks_store_stmt_cache(store),
	    cks_store_db(store), sql);
	if (stmt == NULL)
		cks_store_fail(store, "prepare", err);
	return stmt;
}

int
cks_store_exec(struct cks_store *store, const char *sql)
{
#ifdef CKS_WITH_POSTGRESQL
	if (cks_store_pg(store) != NULL)
		return cks_pg_exec(cks_store_pg(store), sql);
#endif
	return result(sqlite3_exec(cks_store_db(store), sql, NULL, NULL, NULL));
}

int64_t
cks_store_last_insert_id(struct cks_store *store)
{
#ifdef CKS_WITH_POSTGRESQL
	if (cks_store_pg(store) != NULL)
		return cks_pg_last_insert_id(cks_store_pg(store));
#endif
	return sqlite3_last_insert_rowid(cks_store_db(store));
}

int64_t
cks_store_changes(struct cks_store *store)
{
#ifdef CKS_WITH_POSTGRESQL
	if (cks_store_pg(store) != NULL)
		return cks_pg_changes(cks_store_pg(store));
#endif
	return sqlite3_changes(cks_store_db(store));
}

int
cks_stmt_bind_text(struct cks_stmt *stmt, int index, const char *text,
		   int len, enum cks_stmt_lifetime lifetime)
{
	PG(stmt, cks_pg_bind(stmt->pg, index, CKS_PG_TEXT, text,
	    text == NULL ? 0 : len < 0 ? strlen(text) : (size_t)len,
	    lifetime == CKS_STMT_TRANSIENT));
	return result(sqlite3_bind_text(S(stmt), index, text, len,
	    destructor(lifetime)));
}

int
cks_stmt_bind_blob(struct cks_stmt *stmt, int index, const void *data,
		   size_t size, enum cks_stmt_lifetime lifetime)
{
	PG(stmt, cks_pg_bind(stmt->pg, index, CKS_PG_BLOB, data, size,
	    lifetime == CKS_STMT_TRANSIENT));
	return result(sqlite3_bind_blob64(S(stmt), index, data,
	    (sqlite3_uint64)size, destructor(lifetime)));
}

int
cks_stmt_bind_int64(struct cks_stmt *stmt, int index, int64_t value)
{
	PG(stmt, cks_pg_bind(stmt->pg, index, CKS_PG_INT, &value, 0, 1));
	return result(sqlite3_bind_int64(S(stmt), index, value));
}

int
cks_stmt_bind_int(struct cks_stmt *stmt, int index, int value)
{
	PG(stmt, cks_stmt_bind_int64(stmt, index, value));
	return result(sqlite3_bind_int(S(stmt), index, value));
}

int
cks_stmt_bind_null(struct cks_stmt *stmt, int index)
{
	PG(stmt, cks_pg_bind(stmt->pg, index, CKS_PG_NULL, NULL, 0, 0));
	return result(sqlite3_bind_null(S(stmt), index));
}

int
cks_stmt_param_count(struct cks_stmt *stmt)
{
	PG(stmt, cks_pg_param_count(stmt->pg));
	return sqlite3_bind_parameter_count(S(stmt));
}

int
cks_stmt_step(struct cks_stmt *stmt)
{
	PG(stmt, cks_pg_step(stmt->pg));
	return result(sqlite3_step(S(stmt)));
}

int
cks_stmt_reset(struct cks_stmt *stmt)
{
	PG(stmt, cks_pg_reset(stmt->pg));
	return result(sqlite3_reset(S(stmt)));
}

void
cks_stmt_finalize(struct cks_stmt *stmt)
{
	if (stmt == NULL)
		return;
#ifdef CKS_WITH_POSTGRESQL
	if (stmt->pg != NULL) {
		cks_pg_finalize(stmt->pg);
		free(stmt);
		return;
	}
#endif
	cks_stmt_cache_give(stmt);
}

int64_t
cks_stmt_column_int64(struct cks_stmt *stmt, int column)
{
	PG(stmt, cks_pg_column_int64(stmt->pg, column));
	return sqlite3_column_int64(S(stmt), column);
}

int
cks_stmt_column_int(struct cks_stmt *stmt, int column)
{
	PG(stmt, (int)cks_pg_column_int64(stmt->pg, column));
	return sqlite3_column_int(S(stmt), column);
}

const unsigned char *
cks_stmt_column_text(struct cks_stmt *stmt, int column)
{
	PG(stmt, cks_pg_column_text(stmt->pg, column));
	return sqlite3_column_text(S(stmt), column);
}

const void *
cks_stmt_column_blob(struct cks_stmt *stmt, int column)
{
	PG(stmt, cks_pg_column_blob(stmt->pg, column));
	return sqlite3_column_blob(S(stmt), column);
}

int
cks_stmt_column_bytes(struct cks_stmt *stmt, int column)
{
	PG(stmt, cks_pg_column_bytes(stmt->pg, column));
	return sqlite3_column_bytes(S(stmt), column);
}

int
cks_stmt_column_is_null(struct cks_stmt *stmt, int column)
{
	PG(stmt, cks_pg_column_is_null(stmt->pg, column));
	return sqlite3_column_type(S(stmt), column) == SQLITE_NULL;
}

char *
cks_store_column_strdup(struct cks_stmt *stmt, int column)
{
	const unsigned char *text = cks_stmt_column_text(stmt, column);

	return text != NULL ? strdup((const char *)text) : NULL;
}
