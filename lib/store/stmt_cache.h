/* Each connection's prepared statements, kept for the next use of the
 * same SQL text: compiling a statement costs far more than running it
 * (a reply's match and record, an API read), and the modules prepare
 * theirs per call.  Internal to the SQLite backend (stmt.c, store.c). */
#ifndef CKS_STMT_CACHE_H
#define CKS_STMT_CACHE_H

#include <sqlite3.h>

/* What a struct cks_stmt is (stmt.c): SQLite's statement, from this
 * cache, or -- pg set -- a PostgreSQL one (stmt_pg.c keeps that backend's
 * prepared statements per connection, so this cache is SQLite's only). */
struct cks_pg_stmt;
struct cks_stmt {
	sqlite3_stmt *stmt;
	int cached;         /* held by a cache slot: finalize gives it back */
	int in_use;         /* handed out and not yet given back */
	struct cks_pg_stmt *pg;     /* set: PostgreSQL's (stmt NULL) */
};

struct cks_stmt_cache;

struct cks_stmt_cache *cks_stmt_cache_new(void);

/* A ready statement for sql on db: one from the cache (reset, no
 * bindings) or newly prepared.  NULL when SQLite refuses sql (its error
 * is db's) or memory is short. */
struct cks_stmt *cks_stmt_cache_take(struct cks_stmt_cache *cache,
				     sqlite3 *db, const char *sql);

/* Gives a statement back (or finalizes one the cache does not hold). */
void cks_stmt_cache_give(struct cks_stmt *stmt);

/* Before the connection closes: finalizes what is not in use; a statement
 * still handed out is finalized by its user's cks_stmt_finalize. */
void cks_stmt_cache_free(struct cks_stmt_cache **cache);

#endif
