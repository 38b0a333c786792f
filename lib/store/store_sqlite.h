/* The SQLite backend's own handle, for the store itself and for white-box
 * tests that look at the file directly.  Library modules use stmt.h and
 * never include this (see doc/internals.md, "The store interface"). */
#ifndef CKS_STORE_SQLITE_H
#define CKS_STORE_SQLITE_H

#include <sqlite3.h>

#include "stmt_cache.h"
#include "store.h"

sqlite3 *cks_store_db(struct cks_store *store);

/* The connection's prepared statements (stmt_cache.h). */
struct cks_stmt_cache *cks_store_stmt_cache(struct cks_store *store);

/* A struct cks_stmt of the SQLite backend holds its sqlite3_stmt. */
static inline sqlite3_stmt *
cks_stmt_sqlite(struct cks_stmt *stmt)
{
	return stmt->stmt;
}

#endif
