#include "autoconfig.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "schema.h"
#include "store.h"

struct cks_store {
	sqlite3 *db;
	char *path;
	int depth;          /* open transaction levels */
};

sqlite3 *
cks_store_db(struct cks_store *store)
{
	return store->db;
}

int
cks_store_fail(struct cks_store *store, const char *what, struct cks_error *err)
{
	int code = sqlite3_extended_errcode(store->db);
	int primary = code & 0xff;
	enum cks_error_kind kind = CKS_ERROR_INTERNAL;

	if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED ||
	    primary == SQLITE_FULL || primary == SQLITE_IOERR ||
	    primary == SQLITE_NOMEM)
		kind = CKS_ERROR_TEMPORARY;
	else if (primary == SQLITE_CONSTRAINT)
		kind = CKS_ERROR_CONFLICT;
	else if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
		kind = CKS_ERROR_INVALID;
	return cks_error_set(err, kind, "store %s: %s: %s", store->path, what,
	    sqlite3_errmsg(store->db));
}

sqlite3_stmt *
cks_store_prepare(struct cks_store *store, const char *sql,
		  struct cks_error *err)
{
	sqlite3_stmt *stmt = NULL;

	if (sqlite3_prepare_v3(store->db, sql, -1, 0, &stmt, NULL) != SQLITE_OK) {
		cks_store_fail(store, "prepare", err);
		return NULL;
	}
	return stmt;
}

char *
cks_store_column_strdup(sqlite3_stmt *stmt, int column)
{
	const unsigned char *text = sqlite3_column_text(stmt, column);

	return text != NULL ? strdup((const char *)text) : NULL;
}

static int
exec(struct cks_store *store, const char *sql, struct cks_error *err)
{
	if (sqlite3_exec(store->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return cks_store_fail(store, sql, err);
	return 0;
}

int
cks_store_begin(struct cks_store *store, struct cks_error *err)
{
	if (exec(store, store->depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT nested",
		 err) < 0)
		return -1;
	store->depth++;
	return 0;
}

int
cks_store_commit(struct cks_store *store, struct cks_error *err)
{
	if (exec(store, store->depth == 1 ? "COMMIT" : "RELEASE nested", err) < 0) {
		cks_store_rollback(store);
		return -1;
	}
	store->depth--;
	return 0;
}

void
cks_store_rollback(struct cks_store *store)
{
	if (store->depth == 0)
		return;
	if (store->depth == 1)
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
	else
		sqlite3_exec(store->db, "ROLLBACK TO nested; RELEASE nested",
		    NULL, NULL, NULL);
	store->depth--;
}

static int
pragma_int(struct cks_store *store, const char *sql, int *value,
	   struct cks_error *err)
{
	sqlite3_stmt *stmt = cks_store_prepare(store, sql, err);

	if (stmt == NULL)
		return -1;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		sqlite3_finalize(stmt);
		return cks_store_fail(store, sql, err);
	}
	*value = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return 0;
}

int
cks_store_schema_version(struct cks_store *store)
{
	int version = -1;

	pragma_int(store, "PRAGMA user_version", &version, NULL);
	return version;
}

static int
migrate(struct cks_store *store, struct cks_error *err)
{
	int version, app_id, tables;
	char sql[64];

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

int
cks_store_open(const char *path, long busy_timeout_ms,
	       struct cks_store **store_out, struct cks_error *err)
{
	struct cks_store *store;
	int rc;

	*store_out = NULL;
	if (make_parent_dir(path, err) < 0)
		return -1;
	store = calloc(1, sizeof(*store));
	if (store == NULL || (store->path = strdup(path)) == NULL) {
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
	sqlite3_busy_timeout(store->db, (int)busy_timeout_ms);
	/* synchronous=FULL: once we say "accepted", it survives power loss. */
	/* WAL is switched on only after migrate() has checked that the file
	 * is ours: a refused database is left exactly as it was. */
	if (exec(store, "PRAGMA synchronous = FULL", err) < 0 ||
	    exec(store, "PRAGMA foreign_keys = ON", err) < 0 ||
	    migrate(store, err) < 0 ||
	    exec(store, "PRAGMA journal_mode = WAL", err) < 0) {
		cks_store_close(&store);
		return -1;
	}
	*store_out = store;
	return 0;
}

void
cks_store_close(struct cks_store **store)
{
	struct cks_store *s = *store;

	if (s == NULL)
		return;
	if (s->db != NULL)
		sqlite3_close_v2(s->db);  /* finalizes nothing for us: all
					   * statements are finalized by
					   * their users */
	free(s->path);
	free(s);
	*store = NULL;
}
