#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "store_sqlite.h"
#include "stmt.h"

/* The SQLite backend of stmt.h: thin calls, so a hot loop costs what it
 * did when it called SQLite itself. */

#define S(stmt) cks_stmt_sqlite(stmt)

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
	struct cks_stmt *stmt = cks_stmt_cache_take(cks_store_stmt_cache(store),
	    cks_store_db(store), sql);

	if (stmt == NULL)
		cks_store_fail(store, "prepare", err);
	return stmt;
}

int
cks_store_exec(struct cks_store *store, const char *sql)
{
	return result(sqlite3_exec(cks_store_db(store), sql, NULL, NULL, NULL));
}

int64_t
cks_store_last_insert_id(struct cks_store *store)
{
	return sqlite3_last_insert_rowid(cks_store_db(store));
}

int64_t
cks_store_changes(struct cks_store *store)
{
	return sqlite3_changes(cks_store_db(store));
}

int
cks_stmt_bind_text(struct cks_stmt *stmt, int index, const char *text,
		   int len, enum cks_stmt_lifetime lifetime)
{
	return result(sqlite3_bind_text(S(stmt), index, text, len,
	    destructor(lifetime)));
}

int
cks_stmt_bind_blob(struct cks_stmt *stmt, int index, const void *data,
		   size_t size, enum cks_stmt_lifetime lifetime)
{
	return result(sqlite3_bind_blob64(S(stmt), index, data,
	    (sqlite3_uint64)size, destructor(lifetime)));
}

int
cks_stmt_bind_int64(struct cks_stmt *stmt, int index, int64_t value)
{
	return result(sqlite3_bind_int64(S(stmt), index, value));
}

int
cks_stmt_bind_int(struct cks_stmt *stmt, int index, int value)
{
	return result(sqlite3_bind_int(S(stmt), index, value));
}

int
cks_stmt_bind_null(struct cks_stmt *stmt, int index)
{
	return result(sqlite3_bind_null(S(stmt), index));
}

int
cks_stmt_param_count(struct cks_stmt *stmt)
{
	return sqlite3_bind_parameter_count(S(stmt));
}

int
cks_stmt_step(struct cks_stmt *stmt)
{
	return result(sqlite3_step(S(stmt)));
}

int
cks_stmt_reset(struct cks_stmt *stmt)
{
	return result(sqlite3_reset(S(stmt)));
}

void
cks_stmt_finalize(struct cks_stmt *stmt)
{
	cks_stmt_cache_give(stmt);
}

int64_t
cks_stmt_column_int64(struct cks_stmt *stmt, int column)
{
	return sqlite3_column_int64(S(stmt), column);
}

int
cks_stmt_column_int(struct cks_stmt *stmt, int column)
{
	return sqlite3_column_int(S(stmt), column);
}

const unsigned char *
cks_stmt_column_text(struct cks_stmt *stmt, int column)
{
	return sqlite3_column_text(S(stmt), column);
}

const void *
cks_stmt_column_blob(struct cks_stmt *stmt, int column)
{
	return sqlite3_column_blob(S(stmt), column);
}

int
cks_stmt_column_bytes(struct cks_stmt *stmt, int column)
{
	return sqlite3_column_bytes(S(stmt), column);
}

int
cks_stmt_column_is_null(struct cks_stmt *stmt, int column)
{
	return sqlite3_column_type(S(stmt), column) == SQLITE_NULL;
}

char *
cks_store_column_strdup(struct cks_stmt *stmt, int column)
{
	const unsigned char *text = sqlite3_column_text(S(stmt), column);

	return text != NULL ? strdup((const char *)text) : NULL;
}
