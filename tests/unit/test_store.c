/* Unit tests for lib/store/store: opening, schema migration, refusing databases
 * that are not ours, pragmas, nested transactions and error mapping. */
#include "autoconfig.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testhelp.h"
#include "schema.h"
#include "store.h"

/* Runs sql on a store's connection (either backend); fails the test on
 * error. */
static void
exec_ok(struct cks_store *store, const char *sql)
{
	struct cks_error err;

	if (cks_store_exec(store, sql) != CKS_STMT_OK) {
		cks_store_fail(store, sql, &err);
		fail_msg("%s", err.message);
	}
}

/* The first column of the first row of a query, as an integer. */
static long long
query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	long long value;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		fail_msg("prepare %s: %s", sql, sqlite3_errmsg(db));
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	value = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return value;
}

/* The first column of the first row of a query, as text; caller frees. */
static char *
query_text(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	char *value;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		fail_msg("prepare %s: %s", sql, sqlite3_errmsg(db));
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	value = strdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	assert_non_null(value);
	return value;
}

/* A plain SQLite connection, outside cksgate, for building and checking
 * files by hand. */
static sqlite3 *
raw_open(const char *path)
{
	sqlite3 *db = NULL;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		fail_msg("sqlite3_open %s: %s", path, sqlite3_errmsg(db));
	return db;
}

static void
raw_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		char copy[512];

		snprintf(copy, sizeof(copy), "%s", msg ? msg : "?");
		sqlite3_free(msg);
		fail_msg("%s: %s", sql, copy);
	}
}

static struct cks_store *
open_ok(const char *path)
{
	struct cks_store *store = NULL;
	struct cks_error err;

	cks_error_clear(&err);
	if (cks_store_open(path, 5000, &store, &err) != 0)
		fail_msg("cks_store_open(%s): %s", path, err.message);
	assert_non_null(store);
	return store;
}

/* Opens a file that must be refused, and returns the error, whose
 * message must hold named (the file, or the directory at fault). */
static struct cks_error
open_refused_naming(const char *path, const char *named)
{
	struct cks_store *store = (struct cks_store *)1;
	struct cks_error err;

	cks_error_clear(&err);
	assert_int_equal(cks_store_open(path, 5000, &store, &err), -1);
	assert_null(store);
	assert_int_not_equal(err.kind, CKS_ERROR_NONE);
	if (strstr(err.message, named) == NULL)
		fail_msg("expected '%s' in '%s'", named, err.message);
	return err;
}

static struct cks_error
open_refused(const char *path)
{
	return open_refused_naming(path, path);
}

static long long
count_rows(struct cks_store *store, const char *table_where)
{
	char sql[256];

	struct cks_stmt *stmt;
	long long n;

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table_where);
	stmt = cks_store_prepare(store, sql, NULL);
	assert_non_null(stmt);
	assert_int_equal(cks_stmt_step(stmt), CKS_STMT_ROW);
	n = cks_stmt_column_int64(stmt, 0);
	cks_stmt_finalize(stmt);
	return n;
}

static void
insert_client(struct cks_store *store, const char *name)
{
	char sql[256];

	snprintf(sql, sizeof(sql), "INSERT INTO clients (name, created_at,"
	    " updated_at) VALUES ('%s', 1, 1)", name);
	exec_ok(store, sql);
}

static void
test_migration_list(void **state)
{
	assert_true(cks_schema_latest >= 1);
	for (int i = 0; i < cks_schema_latest; i++) {
		assert_int_equal(cks_schema_migrations[i].version, i + 1);
		assert_non_null(cks_schema_migrations[i].what);
		assert_true(cks_schema_migrations[i].what[0] != '\0');
		assert_non_null(cks_schema_migrations[i].sql);
		assert_true(sqlite3_complete(cks_schema_migrations[i].sql));
	}
}

static void
test_new_store(void **state)
{
	/* The SQLite backend's own test: a file, whatever CKS_TEST_DATABASE
	 * says (test_store_pg covers PostgreSQL). */
	char *path = test_path("new.db");
	struct cks_store *store = open_ok(path);
	sqlite3 *db = cks_store_db(store);

	assert_int_equal(cks_store_schema_version(store), cks_schema_latest);
	assert_int_equal(query_int(db, "PRAGMA user_version"), cks_schema_latest);
	assert_int_equal(query_int(db, "PRAGMA application_id"),
	    CKS_SCHEMA_APPLICATION_ID);
	/* The v1 tables are there and empty. */
	assert_int_equal(count_rows(store, "clients"), 0);
	assert_int_equal(count_rows(store, "sessions"), 0);
	assert_int_equal(count_rows(store, "session_steps"), 0);
	/* Not inside a transaction after open. */
	assert_true(sqlite3_get_autocommit(db));
	cks_store_close(&store);
	assert_null(store);
	free(path);
}

static void
test_pragmas(void **state)
{
	char *path = test_path("pragmas.db");
	struct cks_store *store = NULL;
	struct cks_error err;
	char *mode;

	assert_int_equal(cks_store_open(path, 1234, &store, &err), 0);
	mode = query_text(cks_store_db(store), "PRAGMA journal_mode");
	assert_string_equal(mode, "wal");
	free(mode);
	assert_int_equal(query_int(cks_store_db(store), "PRAGMA foreign_keys"), 1);
	/* synchronous = FULL is 2. */
	assert_int_equal(query_int(cks_store_db(store), "PRAGMA synchronous"), 2);
	cks_store_close(&store);
	free(path);
}

/* A writer that finds the store locked waits busy_timeout for it, then
 * gives up with a temporary error (our own busy handler, not SQLite's). */
static void
test_busy_timeout_waits(void **state)
{
	char *path = test_path("busy.db");
	struct cks_store *first = open_ok(path), *second = NULL;
	struct cks_error err;
	struct timespec t0, t1;
	long waited_ms;

	assert_int_equal(cks_store_open(path, 300, &second, &err), 0);
	assert_int_equal(cks_store_begin(first, &err), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(cks_store_begin(second, &err), -1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_int_equal(err.kind, CKS_ERROR_BUSY);
	waited_ms = (t1.tv_sec - t0.tv_sec) * 1000 +
	    (t1.tv_nsec - t0.tv_nsec) / 1000000;
	if (waited_ms < 250 || waited_ms > 5000)
		fail_msg("waited %ld ms for a 300 ms busy timeout", waited_ms);
	cks_store_rollback(first);
	cks_store_close(&second);
	cks_store_close(&first);
	free(path);
}

static void
test_reopen_keeps_data(void **state)
{
	char *path = test_path("reopen.db");
	struct cks_store *store = open_ok(path);

	insert_client(store, "สมชาย");
	cks_store_close(&store);
	store = open_ok(path);
	assert_int_equal(cks_store_schema_version(store), cks_schema_latest);
	assert_int_equal(count_rows(store, "clients WHERE name = 'สมชาย'"), 1);
	insert_client(store, "Somsri");
	cks_store_close(&store);
	store = open_ok(path);
	assert_int_equal(count_rows(store, "clients"), 2);
	cks_store_close(&store);
	free(path);
}

/* Every older schema version is upgraded in place, keeping its rows. */
static void
test_upgrade_from_every_version(void **state)
{
	for (int v = 0; v < cks_schema_latest; v++) {
		char name[64], sql[128];
		struct cks_store *store;
		char *path;
		sqlite3 *db;

		snprintf(name, sizeof(name), "old-v%d.db", v);
		path = test_path(name);
		db = raw_open(path);
		for (int i = 0; i < v; i++)
			raw_exec(db, cks_schema_migrations[i].sql);
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v);
		raw_exec(db, sql);
		snprintf(sql, sizeof(sql), "PRAGMA application_id = %d",
		    CKS_SCHEMA_APPLICATION_ID);
		raw_exec(db, sql);
		if (v >= 1)
			raw_exec(db, "INSERT INTO clients (name, created_at,"
			    " updated_at) VALUES ('from an old version', 5, 6)");
		assert_int_equal(sqlite3_close(db), SQLITE_OK);

		store = open_ok(path);
		assert_int_equal(cks_store_schema_version(store), cks_schema_latest);
		assert_int_equal(query_int(cks_store_db(store),
		    "PRAGMA application_id"), CKS_SCHEMA_APPLICATION_ID);
		if (v >= 1)
			assert_int_equal(count_rows(store, "clients WHERE"
			    " name = 'from an old version' AND created_at = 5"), 1);
		/* The upgraded schema works: a new row goes in. */
		insert_client(store, "after upgrade");
		cks_store_close(&store);
		free(path);
	}
}

static void
test_newer_version_refused(void **state)
{
	char *path = test_path("newer.db");
	struct cks_error err;
	char sql[128];
	sqlite3 *db = raw_open(path);

	raw_exec(db, "CREATE TABLE future (x)");
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
	    cks_schema_latest + 1);
	raw_exec(db, sql);
	snprintf(sql, sizeof(sql), "PRAGMA application_id = %d",
	    CKS_SCHEMA_APPLICATION_ID);
	raw_exec(db, sql);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);

	err = open_refused(path);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, "newer"));
	/* It is left as it was. */
	db = raw_open(path);
	assert_int_equal(query_int(db, "PRAGMA user_version"), cks_schema_latest + 1);
	assert_int_equal(query_int(db,
	    "SELECT count(*) FROM sqlite_schema WHERE name = 'clients'"), 0);
	sqlite3_close(db);
	free(path);
}

static void
test_foreign_database_refused(void **state)
{
	char *path = test_path("foreign.db");
	struct cks_error err;
	sqlite3 *db = raw_open(path);

	raw_exec(db, "CREATE TABLE photos (id INTEGER PRIMARY KEY, file TEXT);"
	    "INSERT INTO photos (file) VALUES ('beach.jpg')");
	assert_int_equal(sqlite3_close(db), SQLITE_OK);

	err = open_refused(path);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, "not a cksgate store"));
	/* Nothing of ours was added to it. */
	db = raw_open(path);
	assert_int_equal(query_int(db, "PRAGMA user_version"), 0);
	assert_int_equal(query_int(db, "PRAGMA application_id"), 0);
	assert_int_equal(query_int(db, "SELECT count(*) FROM sqlite_schema"), 1);
	assert_int_equal(query_int(db, "SELECT count(*) FROM photos"), 1);
	sqlite3_close(db);
	free(path);
}

static void
test_foreign_database_journal_mode_untouched(void **state)
{
	char *path = test_path("foreign-journal.db");
	char *mode;
	sqlite3 *db = raw_open(path);

	raw_exec(db, "CREATE TABLE notes (body TEXT)");
	mode = query_text(db, "PRAGMA journal_mode");
	assert_string_equal(mode, "delete");
	free(mode);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);

	(void)open_refused(path);
	/* A refused file is not ours to change: switching it to WAL is a
	 * lasting change to its header that its owner did not ask for. */
	db = raw_open(path);
	mode = query_text(db, "PRAGMA journal_mode");
	assert_string_equal(mode, "delete");
	free(mode);
	sqlite3_close(db);
	free(path);
}

static void
test_other_application_id_refused(void **state)
{
	char *path = test_path("other-app.db");
	struct cks_error err;
	sqlite3 *db = raw_open(path);

	/* Another application's id, even on an empty database. */
	raw_exec(db, "PRAGMA application_id = 1234");
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
	err = open_refused(path);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, "not a cksgate store"));
	free(path);
}

static void
test_not_sqlite_refused(void **state)
{
	char *path = test_path("notes.txt");

	test_write_file(path, "This is a plain text file, not a database at all.\n"
	    "It is long enough to fill what SQLite reads as a header..........\n");
	(void)open_refused(path);
	free(path);
}

static void
test_creates_directory(void **state)
{
	char *dir = test_path("new-state");
	char *sub = test_path("new-state/deeper");
	char *path = test_path("new-state/deeper/cksgate.db");
	struct cks_store *store;
	struct stat st;
	mode_t mask = umask(022);

	umask(mask);
	assert_int_equal(stat(dir, &st), -1);
	store = open_ok(path);
	assert_int_equal(cks_store_schema_version(store), cks_schema_latest);
	cks_store_close(&store);
	assert_int_equal(stat(sub, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	/* The store's own directory is 0750 (less what umask takes away). */
	assert_int_equal(st.st_mode & 0777, 0750 & ~mask);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	/* An existing directory is fine too. */
	store = open_ok(path);
	cks_store_close(&store);
	free(dir);
	free(sub);
	free(path);
}

static void
test_cannot_create_directory(void **state)
{
	char *file = test_path("plain-file");
	char *path = test_path("plain-file/sub/cksgate.db");
	char *dir = test_path("plain-file/sub");
	struct cks_error err;

	test_write_file(file, "x");
	err = open_refused_naming(path, dir);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, "cannot create directory"));
	free(dir);
	free(file);
	free(path);
}

static void
test_nested_inner_rollback(void **state)
{
	struct cks_store *store = test_store_new();
	struct cks_error err;

	assert_int_equal(cks_store_begin(store, &err), 0);
	insert_client(store, "outer");
	assert_int_equal(cks_store_begin(store, &err), 0);
	insert_client(store, "inner");
	assert_int_equal(count_rows(store, "clients"), 2);
	cks_store_rollback(store);
	/* Only the inner work is gone, and the outer transaction goes on. */
	assert_int_equal(count_rows(store, "clients WHERE name = 'inner'"), 0);
	assert_int_equal(count_rows(store, "clients WHERE name = 'outer'"), 1);
	assert_false(cks_store_autocommit(store));
	insert_client(store, "outer again");
	assert_int_equal(cks_store_commit(store, &err), 0);
	assert_true(cks_store_autocommit(store));
	assert_int_equal(count_rows(store, "clients"), 2);
	assert_int_equal(count_rows(store, "clients WHERE name = 'inner'"), 0);
	cks_store_close(&store);
}

static void
test_nested_outer_rollback(void **state)
{
	struct cks_store *store = test_store_new();
	struct cks_error err;

	assert_int_equal(cks_store_begin(store, &err), 0);
	insert_client(store, "outer");
	assert_int_equal(cks_store_begin(store, &err), 0);
	insert_client(store, "inner");
	assert_int_equal(cks_store_commit(store, &err), 0);
	/* The inner commit is not durable on its own. */
	assert_false(cks_store_autocommit(store));
	cks_store_rollback(store);
	assert_true(cks_store_autocommit(store));
	assert_int_equal(count_rows(store, "clients"), 0);
	cks_store_close(&store);
}

static void
test_nested_three_levels(void **state)
{
	struct cks_store *store = test_store_new();
	struct cks_error err;

	assert_int_equal(cks_store_begin(store, &err), 0);
	insert_client(store, "a");
	assert_int_equal(cks_store_begin(store, &err), 0);
	insert_client(store, "b");
	assert_int_equal(cks_store_begin(store, &err), 0);
	insert_client(store, "c");
	cks_store_rollback(store);              /* drops c */
	insert_client(store, "d");
	assert_int_equal(cks_store_commit(store, &err), 0);   /* keeps b, d */
	assert_int_equal(cks_store_begin(store, &err), 0);
	insert_client(store, "e");
	assert_int_equal(cks_store_commit(store, &err), 0);   /* keeps e */
	assert_int_equal(cks_store_commit(store, &err), 0);   /* outer */
	assert_true(cks_store_autocommit(store));
	assert_int_equal(count_rows(store, "clients"), 4);
	assert_int_equal(count_rows(store, "clients WHERE name = 'c'"), 0);
	/* A second round after the first finished starts afresh. */
	assert_int_equal(cks_store_begin(store, &err), 0);
	insert_client(store, "f");
	cks_store_rollback(store);
	assert_int_equal(count_rows(store, "clients"), 4);
	cks_store_close(&store);
}

static void
test_commit_is_durable(void **state)
{
	char *path = test_path("durable.db");
	struct cks_store *store = open_ok(path);
	struct cks_error err;

	assert_int_equal(cks_store_begin(store, &err), 0);
	insert_client(store, "kept");
	assert_int_equal(cks_store_begin(store, &err), 0);
	insert_client(store, "dropped");
	cks_store_rollback(store);
	assert_int_equal(cks_store_commit(store, &err), 0);
	cks_store_close(&store);
	store = open_ok(path);
	assert_int_equal(count_rows(store, "clients WHERE name = 'kept'"), 1);
	assert_int_equal(count_rows(store, "clients WHERE name = 'dropped'"), 0);
	cks_store_close(&store);
	free(path);
}

static void
test_begin_takes_write_lock(void **state)
{
	char *path = test_path("locked.db");
	struct cks_store *first = open_ok(path);
	struct cks_store *second = NULL;
	struct cks_error err;

	assert_int_equal(cks_store_open(path, 0, &second, &err), 0);
	assert_int_equal(cks_store_begin(first, &err), 0);
	/* BEGIN IMMEDIATE: the second writer is told to try again later. */
	cks_error_clear(&err);
	assert_int_equal(cks_store_begin(second, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_BUSY);
	assert_non_null(strstr(err.message, path));
	assert_int_equal(cks_store_commit(first, &err), 0);
	/* Free again: the failed begin left no level open on second. */
	assert_int_equal(cks_store_begin(second, &err), 0);
	assert_int_equal(cks_store_commit(second, &err), 0);
	assert_true(cks_store_autocommit(second));
	cks_store_close(&second);
	cks_store_close(&first);
	free(path);
}

static void
test_fail_maps_constraint_to_conflict(void **state)
{
	struct cks_store *store = test_store_new();
	struct cks_error err;

	/* CHECK (length(name) > 0). */
	assert_int_equal(cks_store_exec(store, "INSERT INTO clients (name,"
	    " created_at, updated_at) VALUES ('', 1, 1)"), CKS_STMT_ERROR);
	cks_error_clear(&err);
	assert_int_equal(cks_store_fail(store, "add client", &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_CONFLICT);
	assert_non_null(strstr(err.message, "add client"));
	assert_true(strstr(err.message, "CHECK") != NULL ||
	    strstr(err.message, "check constraint") != NULL);
	/* A foreign key: foreign_keys is on, so a session needs a client. */
	assert_int_equal(cks_store_exec(store, "INSERT INTO sessions (channel,"
	    " client_id, agent, opened_at) VALUES ('counter', 999, 'a', 1)"),
	    CKS_STMT_ERROR);
	cks_error_clear(&err);
	assert_int_equal(cks_store_fail(store, "open session", &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_CONFLICT);
	assert_true(strstr(err.message, "FOREIGN KEY") != NULL ||
	    strstr(err.message, "foreign key") != NULL);
	/* The tables are STRICT: a wrong type is refused, not converted. */
	assert_int_equal(cks_store_exec(store, "INSERT INTO clients (name,"
	    " created_at, updated_at) VALUES ('x', 'yesterday', 1)"),
	    CKS_STMT_ERROR);
	assert_int_equal(count_rows(store, "clients"), 0);
	cks_store_close(&store);
}

static void
test_prepare_and_column_strdup(void **state)
{
	struct cks_store *store = test_store_new();
	struct cks_error err;
	struct cks_stmt *stmt;
	char *text;

	cks_error_clear(&err);
	stmt = cks_store_prepare(store, "SELECT nonsense FROM nowhere", &err);
	if (stmt != NULL && test_store_is_pg()) {
		/* PostgreSQL prepares at the first step, once the kinds of
		 * the parameters are known (stmt_pg.c). */
		assert_int_equal(cks_stmt_step(stmt), CKS_STMT_ERROR);
		cks_store_fail(store, "prepare", &err);
		cks_stmt_finalize(stmt);
		stmt = NULL;
	}
	assert_null(stmt);
	assert_int_equal(err.kind, CKS_ERROR_INTERNAL);
	assert_non_null(strstr(err.message, "prepare"));
	assert_non_null(strstr(err.message, "nowhere"));

	stmt = cks_store_prepare(store, "SELECT 'สวัสดี', NULL, 42", &err);
	assert_non_null(stmt);
	assert_int_equal(cks_stmt_step(stmt), CKS_STMT_ROW);
	text = cks_store_column_strdup(stmt, 0);
	assert_string_equal(text, "สวัสดี");
	free(text);
	assert_null(cks_store_column_strdup(stmt, 1));
	text = cks_store_column_strdup(stmt, 2);
	assert_string_equal(text, "42");
	free(text);
	assert_int_equal(cks_stmt_step(stmt), CKS_STMT_DONE);
	cks_stmt_finalize(stmt);
	cks_store_close(&store);
}

/* stmt.h without SQLite: bind, step, columns, reset, the insert id and
 * the change count, and a broken constraint as CKS_ERROR_CONFLICT. */
static void
test_stmt_interface(void **state)
{
	struct cks_store *store = test_store_new();
	struct cks_error err;
	struct cks_stmt *stmt;
	static const unsigned char bytes[] = { 0, 1, 2, 255 };
	int64_t first, second;

	cks_error_clear(&err);
	assert_int_equal(cks_store_exec(store, test_store_is_pg() ?
	    "CREATE TEMP TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY"
	    " PRIMARY KEY, n BIGINT, s TEXT UNIQUE, b BYTEA)" :
	    "CREATE TEMP TABLE t ("
	    " id INTEGER PRIMARY KEY, n INTEGER, s TEXT UNIQUE, b BLOB)"),
	    CKS_STMT_OK);
	stmt = cks_store_prepare(store,
	    "INSERT INTO t (n, s, b) VALUES (?, ?, ?)", &err);
	assert_non_null(stmt);
	assert_int_equal(cks_stmt_param_count(stmt), 3);
	cks_stmt_bind_int64(stmt, 1, INT64_C(1) << 40);
	cks_stmt_bind_text(stmt, 2, "หนึ่ง", -1, CKS_STMT_STATIC);
	cks_stmt_bind_blob(stmt, 3, bytes, sizeof(bytes), CKS_STMT_TRANSIENT);
	assert_int_equal(cks_stmt_step(stmt), CKS_STMT_DONE);
	first = cks_store_last_insert_id(store);
	assert_true(first > 0);
	assert_int_equal(cks_store_changes(store), 1);
	/* Reset keeps the statement; the same text again breaks UNIQUE. */
	assert_int_equal(cks_stmt_reset(stmt), CKS_STMT_OK);
	cks_stmt_bind_null(stmt, 1);
	cks_stmt_bind_null(stmt, 3);
	assert_int_equal(cks_stmt_step(stmt), CKS_STMT_ERROR);
	assert_int_equal(cks_store_fail(store, "insert", &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_CONFLICT);
	cks_stmt_reset(stmt);
	cks_stmt_bind_text(stmt, 2, "two", 3, CKS_STMT_TRANSIENT);
	assert_int_equal(cks_stmt_step(stmt), CKS_STMT_DONE);
	/* PostgreSQL's sequence gave the failed insert a number too, and
	 * never takes it back. */
	second = cks_store_last_insert_id(store);
	if (test_store_is_pg())
		assert_true(second > first);
	else
		assert_int_equal(second, first + 1);
	cks_stmt_finalize(stmt);

	stmt = cks_store_prepare(store,
	    "SELECT n, s, b FROM t WHERE id = ?", &err);
	assert_non_null(stmt);
	cks_stmt_bind_int(stmt, 1, (int)first);
	assert_int_equal(cks_stmt_step(stmt), CKS_STMT_ROW);
	assert_true(cks_stmt_column_int64(stmt, 0) == INT64_C(1) << 40);
	assert_string_equal((const char *)cks_stmt_column_text(stmt, 1), "หนึ่ง");
	assert_int_equal(cks_stmt_column_bytes(stmt, 2), sizeof(bytes));
	assert_memory_equal(cks_stmt_column_blob(stmt, 2), bytes, sizeof(bytes));
	assert_false(cks_stmt_column_is_null(stmt, 0));
	assert_int_equal(cks_stmt_step(stmt), CKS_STMT_DONE);
	cks_stmt_reset(stmt);
	cks_stmt_bind_int64(stmt, 1, second);
	assert_int_equal(cks_stmt_step(stmt), CKS_STMT_ROW);
	assert_true(cks_stmt_column_is_null(stmt, 0));
	assert_true(cks_stmt_column_is_null(stmt, 2));
	assert_int_equal(cks_stmt_column_int(stmt, 0), 0);
	cks_stmt_finalize(stmt);
	cks_stmt_finalize(NULL);

	assert_int_equal(cks_store_exec(store, "UPDATE t SET n = 1"), CKS_STMT_OK);
	assert_int_equal(cks_store_changes(store), 2);
	assert_int_equal(cks_store_exec(store, "SELECT nonsense FROM nowhere"),
	    CKS_STMT_ERROR);
	cks_store_close(&store);
}

static void
test_close_null(void **state)
{
	struct cks_store *store = NULL;

	cks_store_close(&store);
	assert_null(store);
}

/* --- issue 11, point 5: every wait for a locked store is bounded -------- */

static long
ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 +
	    (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

/* A child process that holds BEGIN IMMEDIATE on path until its pipe
 * closes; returns its pid once the lock is held. */
static pid_t
hold_write_lock(const char *path, int *pipe_out)
{
	int ready[2], release[2];
	char c;
	pid_t pid;

	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(release), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		sqlite3 *db;

		close(ready[0]);
		close(release[1]);
		if (sqlite3_open(path, &db) != SQLITE_OK ||
		    sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
			_exit(1);
		(void)!write(ready[1], "x", 1);
		(void)!read(release[0], &c, 1);
		_exit(0);
	}
	close(ready[1]);
	close(release[0]);
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);
	*pipe_out = release[1];
	return pid;
}

static void
release_write_lock(pid_t pid, int pipe_fd)
{
	int status;

	close(pipe_fd);
	waitpid(pid, &status, 0);
}

/* Another process holds the lock: the wait ends at busy_timeout_ms on the
 * monotonic clock, not four times later (the old handler counted 250 us
 * sleeps that each take about 1 ms), with CKS_ERROR_BUSY.  Opening a store
 * and reading from it meanwhile does not wait at all. */
static void
test_busy_bound_between_processes(void **state)
{
	char *path = test_path("held.db");
	struct cks_store *first = open_ok(path), *other = NULL;
	struct cks_error err;
	struct timespec t0;
	int fd;
	long waited;
	pid_t pid;

	cks_store_close(&first);
	assert_int_equal(cks_store_open(path, 1000, &first, &err), 0);
	pid = hold_write_lock(path, &fd);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(cks_store_begin(first, &err), -1);
	waited = ms_since(&t0);
	print_message("# begin gave up after %ld ms (busy_timeout_ms 1000)\n",
	    waited);
	assert_int_equal(err.kind, CKS_ERROR_BUSY);
	assert_non_null(strstr(err.message, "busy_timeout_ms"));
	if (waited < 1000 || waited > 1100)
		fail_msg("waited %ld ms for a 1000 ms busy timeout", waited);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(cks_store_open(path, 1000, &other, &err), 0);
	assert_int_equal(query_int(cks_store_db(other),
	    "SELECT count(*) FROM clients"), 0);
	waited = ms_since(&t0);
	if (waited > 200)
		fail_msg("opening and reading took %ld ms while locked", waited);
	release_write_lock(pid, fd);
	assert_int_equal(cks_store_begin(first, &err), 0);
	assert_int_equal(cks_store_commit(first, &err), 0);
	cks_store_close(&other);
	cks_store_close(&first);
	free(path);
}

/* Another thread of this process is in a transaction (until the test
 * lets it go): a writer queued behind it in-process gives up at
 * busy_timeout_ms too; the in-process lock used to have no deadline at
 * all. */
static char *held_path;
static int held_begun, held_release;   /* __atomic flags */

static void *
hold_in_thread(void *unused)
{
	struct cks_store *store = NULL;
	struct cks_error err;

	if (cks_store_open(held_path, 1000, &store, &err) < 0 ||
	    cks_store_begin(store, &err) < 0) {
		__atomic_store_n(&held_begun, -1, __ATOMIC_SEQ_CST);
		return (void *)1;
	}
	__atomic_store_n(&held_begun, 1, __ATOMIC_SEQ_CST);
	for (int i = 0; i < 3000 &&
	    !__atomic_load_n(&held_release, __ATOMIC_SEQ_CST); i++)
		test_pause_ms(5);
	cks_store_commit(store, &err);
	cks_store_close(&store);
	return NULL;
}

static void
test_busy_bound_in_process(void **state)
{
	struct cks_store *store;
	struct cks_error err;
	struct timespec t0;
	pthread_t holder;
	void *failed;
	long waited;

	held_path = test_path("held-thread.db");
	held_begun = held_release = 0;
	store = open_ok(held_path);
	cks_store_close(&store);
	assert_int_equal(cks_store_open(held_path, 300, &store, &err), 0);
	assert_int_equal(pthread_create(&holder, NULL, hold_in_thread, NULL), 0);
	for (int i = 0; i < 2000 &&
	    __atomic_load_n(&held_begun, __ATOMIC_SEQ_CST) == 0; i++)
		test_pause_ms(5);
	assert_int_equal(__atomic_load_n(&held_begun, __ATOMIC_SEQ_CST), 1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(cks_store_begin(store, &err), -1);
	waited = ms_since(&t0);
	__atomic_store_n(&held_release, 1, __ATOMIC_SEQ_CST);
	print_message("# queued writer gave up after %ld ms (busy_timeout_ms 300)\n",
	    waited);
	assert_int_equal(err.kind, CKS_ERROR_BUSY);
	if (waited < 300 || waited > 400)
		fail_msg("waited %ld ms for a 300 ms busy timeout", waited);
	pthread_join(holder, &failed);
	assert_null(failed);
	assert_int_equal(cks_store_begin(store, &err), 0);
	cks_store_rollback(store);
	cks_store_close(&store);
	free(held_path);
}

/* Group commit (the daemon's mode): writers on four threads, each with
 * its own connection, all commits kept; the stores run with
 * synchronous=NORMAL since the commit syncs the WAL itself. */
static char *group_path;

static void *
group_writer(void *unused)
{
	struct cks_store *store = NULL;
	struct cks_error err;

	if (cks_store_open(group_path, 10000, &store, &err) < 0)
		return (void *)1;
	for (int i = 0; i < 200; i++) {
		if (cks_store_begin(store, &err) < 0 ||
		    sqlite3_exec(cks_store_db(store), "INSERT INTO clients (name,"
		    " created_at, updated_at) VALUES ('g', 1, 1)", NULL, NULL,
		    NULL) != SQLITE_OK ||
		    cks_store_commit(store, &err) < 0) {
			cks_store_close(&store);
			return (void *)1;
		}
	}
	cks_store_close(&store);
	return NULL;
}

static void
test_group_commit(void **state)
{
	pthread_t threads[4];
	struct cks_store *store;
	void *failed;

	cks_store_use_group_commit();
	group_path = test_path("group.db");
	store = open_ok(group_path);
	assert_int_equal(query_int(cks_store_db(store), "PRAGMA synchronous"), 1);
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&threads[i], NULL, group_writer,
		    NULL), 0);
	for (int i = 0; i < 4; i++) {
		pthread_join(threads[i], &failed);
		assert_null(failed);
	}
	assert_int_equal(count_rows(store, "clients WHERE name = 'g'"), 800);
	cks_store_close(&store);
	free(group_path);
}

static void *
big_writer(void *arg)
{
	struct cks_store *store = arg;
	struct cks_error err;

	for (int i = 0; i < 300; i++) {
		if (cks_store_begin(store, &err) < 0 ||
		    sqlite3_exec(cks_store_db(store), "INSERT INTO clients (name,"
		    " created_at, updated_at) VALUES (hex(randomblob(3000)), 1, 1)",
		    NULL, NULL, NULL) != SQLITE_OK ||
		    cks_store_commit(store, &err) < 0)
			return (void *)1;
	}
	return NULL;
}

static long long
file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

/* In group commit the log is copied into the database by a thread of its
 * own (checkpointer.h), not by the commit that crosses 1,000 pages nor
 * by a close: with every connection still open, the database file grows
 * and the log stays bounded. */
static void
test_group_commit_checkpoints(void **state)
{
	struct cks_store *stores[2];
	pthread_t threads[2];
	char wal[4096];
	long long before;
	void *failed;
	int waited = 0;

	group_path = test_path("checkpoint.db");
	snprintf(wal, sizeof(wal), "%s-wal", group_path);
	for (int i = 0; i < 2; i++)
		stores[i] = open_ok(group_path);
	before = file_size(group_path);
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&threads[i], NULL, big_writer,
		    stores[i]), 0);
	for (int i = 0; i < 2; i++) {
		pthread_join(threads[i], &failed);
		assert_null(failed);
	}
	/* 600 rows of 6 KB: about 1,800 pages of log, past one checkpoint */
	while (file_size(group_path) < before + 2 * 1024 * 1024 && waited < 500) {
		struct timespec tenth = { 0, 10 * 1000 * 1000 };

		nanosleep(&tenth, NULL);
		waited++;
	}
	assert_true(file_size(group_path) >= before + 2 * 1024 * 1024);
	assert_true(file_size(wal) > 0 && file_size(wal) < 8000LL * 4120);
	assert_int_equal(count_rows(stores[0], "clients WHERE length(name) = 6000"),
	    600);
	for (int i = 0; i < 2; i++)
		cks_store_close(&stores[i]);
	free(group_path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migration_list),
		cmocka_unit_test(test_new_store),
		cmocka_unit_test(test_pragmas),
		cmocka_unit_test(test_busy_timeout_waits),
		cmocka_unit_test(test_busy_bound_between_processes),
		cmocka_unit_test(test_busy_bound_in_process),
		cmocka_unit_test(test_reopen_keeps_data),
		cmocka_unit_test(test_upgrade_from_every_version),
		cmocka_unit_test(test_newer_version_refused),
		cmocka_unit_test(test_foreign_database_refused),
		cmocka_unit_test(test_foreign_database_journal_mode_untouched),
		cmocka_unit_test(test_other_application_id_refused),
		cmocka_unit_test(test_not_sqlite_refused),
		cmocka_unit_test(test_creates_directory),
		cmocka_unit_test(test_cannot_create_directory),
		cmocka_unit_test(test_nested_inner_rollback),
		cmocka_unit_test(test_nested_outer_rollback),
		cmocka_unit_test(test_nested_three_levels),
		cmocka_unit_test(test_commit_is_durable),
		cmocka_unit_test(test_begin_takes_write_lock),
		cmocka_unit_test(test_fail_maps_constraint_to_conflict),
		cmocka_unit_test(test_prepare_and_column_strdup),
		cmocka_unit_test(test_stmt_interface),
		cmocka_unit_test(test_close_null),
		/* Last: it switches the whole process to group commit. */
		cmocka_unit_test(test_group_commit),
		cmocka_unit_test(test_group_commit_checkpoints),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
