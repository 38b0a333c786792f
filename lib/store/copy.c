#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "copy.h"
#include "stmt.h"

/* The tables and their columns come from the target's catalog (the same
 * migrations made both schemas), in an order where every table comes
 * after the tables it refers to, so each row's references exist when it
 * is inserted. */

#define MAX_TABLES 64
#define MAX_COLUMNS 64

struct column {
	char *name;
	char kind;            /* 'i' bigint, 'b' bytea, 't' text */
	int identity;
};

struct table {
	char *name;
	struct column columns[MAX_COLUMNS];
	int ncolumns;
	int done;
};

static void
tables_free(struct table *t, int n)
{
	for (int i = 0; i < n; i++) {
		free(t[i].name);
		for (int c = 0; c < t[i].ncolumns; c++)
			free(t[i].columns[c].name);
	}
}

static int
read_tables(struct cks_store *to, struct table *t, int *n,
	    struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(to, "SELECT c.table_name,"
	    " c.column_name, c.data_type, c.udt_name, c.is_identity"
	    " FROM information_schema.columns c"
	    " JOIN information_schema.tables t ON t.table_schema = c.table_schema"
	    "  AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'"
	    " WHERE c.table_schema = current_schema() AND c.table_name <> 'cks_schema'"
	    " ORDER BY c.table_name, c.ordinal_position", err);
	int rc;

	*n = 0;
	if (stmt == NULL)
		return -1;
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW) {
		const char *table = (const char *)cks_stmt_column_text(stmt, 0);
		const char *type = (const char *)cks_stmt_column_text(stmt, 2);
		const char *udt = (const char *)cks_stmt_column_text(stmt, 3);
		struct table *cur = *n > 0 ? &t[*n - 1] : NULL;
		struct column *col;

		if (cur == NULL || strcmp(cur->name, table) != 0) {
			if (*n == MAX_TABLES)
				break;
			cur = &t[(*n)++];
			memset(cur, 0, sizeof(*cur));
			cur->name = strdup(table);
		}
		if (cur->ncolumns == MAX_COLUMNS)
			break;
		col = &cur->columns[cur->ncolumns++];
		col->name = strdup((const char *)cks_stmt_column_text(stmt, 1));
		col->kind = strcmp(type, "bigint") == 0 || strcmp(type, "integer") == 0
		    ? 'i' : strcmp(udt, "bytea") == 0 ? 'b' : 't';
		col->identity = strcmp((const char *)cks_stmt_column_text(stmt, 4),
		    "YES") == 0;
		if (cur->name == NULL || col->name == NULL) {
			rc = CKS_STMT_NOMEM;
			break;
		}
	}
	cks_stmt_finalize(stmt);
	if (rc == CKS_STMT_NOMEM)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	if (rc != CKS_STMT_DONE)
		return rc == CKS_STMT_ROW ? cks_error_set(err, CKS_ERROR_INTERNAL,
		    "store copy: more than %d tables or columns", MAX_TABLES) :
		    cks_store_fail(to, "store copy: tables", err);
	return 0;
}

/* 1 when table still refers to a table not yet copied (itself aside). */
static int
waits(struct cks_store *to, const struct table *t, int n, const char *table,
      struct cks_error *err, int *failed)
{
	struct cks_stmt *stmt = cks_store_prepare(to, "SELECT DISTINCT"
	    " r.relname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
	    " JOIN pg_class r ON r.oid = k.confrelid"
	    " WHERE k.contype = 'f' AND c.oid = to_regclass(?)", err);
	int rc, blocked = 0;

	if (stmt == NULL) {
		*failed = 1;
		return 0;
	}
	cks_stmt_bind_text(stmt, 1, table, -1, CKS_STMT_STATIC);
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW) {
		const char *ref = (const char *)cks_stmt_column_text(stmt, 0);

		for (int i = 0; i < n; i++)
			if (strcmp(t[i].name, ref) == 0 && strcmp(ref, table) != 0 &&
			    !t[i].done)
				blocked = 1;
	}
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(to, "store copy: references", err);
		*failed = 1;
	}
	return blocked;
}

static int64_t
count(struct cks_store *store, const char *table, struct cks_error *err)
{
	char sql[160];
	struct cks_stmt *stmt;
	int64_t n = -1;

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
	stmt = cks_store_prepare(store, sql, err);
	if (stmt == NULL)
		return -1;
	if (cks_stmt_step(stmt) == CKS_STMT_ROW)
		n = cks_stmt_column_int64(stmt, 0);
	else
		cks_store_fail(store, sql, err);
	cks_stmt_finalize(stmt);
	return n;
}

static int
copy_table(struct cks_store *from, struct cks_store *to,
	   const struct table *t, int64_t *rows, struct cks_error *err)
{
	struct cks_buffer sel = { 0 }, ins = { 0 };
	struct cks_stmt *src = NULL, *dst = NULL;
	char *select_sql, *insert_sql;
	int rc = CKS_STMT_DONE;

	cks_buffer_add_string(&sel, "SELECT ");
	cks_buffer_printf(&ins, "INSERT INTO %s (", t->name);
	for (int c = 0; c < t->ncolumns; c++) {
		cks_buffer_printf(&sel, "%s%s", c ? ", " : "", t->columns[c].name);
		cks_buffer_printf(&ins, "%s%s", c ? ", " : "", t->columns[c].name);
	}
	cks_buffer_printf(&sel, " FROM %s", t->name);
	/* Ids are kept: an identity BY DEFAULT takes the value given. */
	cks_buffer_add_string(&ins, ") VALUES (");
	for (int c = 0; c < t->ncolumns; c++)
		cks_buffer_add_string(&ins, c ? ", ?" : "?");
	cks_buffer_add_string(&ins, ")");
	select_sql = cks_buffer_finish(&sel);
	insert_sql = cks_buffer_finish(&ins);
	if (select_sql == NULL || insert_sql == NULL) {
		free(select_sql);
		free(insert_sql);
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	}
	src = cks_store_prepare(from, select_sql, err);
	dst = src ? cks_store_prepare(to, insert_sql, err) : NULL;
	free(select_sql);
	free(insert_sql);
	if (src == NULL || dst == NULL) {
		cks_stmt_finalize(src);
		return -1;
	}
	while ((rc = cks_stmt_step(src)) == CKS_STMT_ROW) {
		cks_stmt_reset(dst);
		for (int c = 0; c < t->ncolumns; c++) {
			if (cks_stmt_column_is_null(src, c))
				cks_stmt_bind_null(dst, c + 1);
			else if (t->columns[c].kind == 'i')
				cks_stmt_bind_int64(dst, c + 1,
				    cks_stmt_column_int64(src, c));
			else if (t->columns[c].kind == 'b')
				cks_stmt_bind_blob(dst, c + 1,
				    cks_stmt_column_blob(src, c),
				    (size_t)cks_stmt_column_bytes(src, c),
				    CKS_STMT_STATIC);
			else
				cks_stmt_bind_text(dst, c + 1,
				    (const char *)cks_stmt_column_text(src, c),
				    cks_stmt_column_bytes(src, c), CKS_STMT_STATIC);
		}
		if (cks_stmt_step(dst) != CKS_STMT_DONE) {
			cks_stmt_finalize(src);
			cks_stmt_finalize(dst);
			cks_store_fail(to, "store copy: insert", err);
			return cks_error_prefix(err, "table %s", t->name);
		}
		(*rows)++;
	}
	cks_stmt_finalize(src);
	cks_stmt_finalize(dst);
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(from, "store copy: read", err);
		return cks_error_prefix(err, "table %s", t->name);
	}
	return 0;
}

/* The identities continue after the copied ids. */
static int
advance(struct cks_store *to, const struct table *t, struct cks_error *err)
{
	for (int c = 0; c < t->ncolumns; c++) {
		char sql[320];

		if (!t->columns[c].identity)
			continue;
		snprintf(sql, sizeof(sql), "SELECT setval(pg_get_serial_sequence("
		    "'%s', '%s'), coalesce(max(%s), 0) + 1, false) FROM %s",
		    t->name, t->columns[c].name, t->columns[c].name, t->name);
		if (cks_store_exec(to, sql) != CKS_STMT_OK)
			return cks_store_fail(to, "store copy: identities", err);
	}
	return 0;
}

int
cks_store_copy(struct cks_store *from, struct cks_store *to,
	       struct cks_store_copy_result *result, struct cks_error *err)
{
	struct table *t;
	int n = 0, copied = 0, failed = 0;

	memset(result, 0, sizeof(*result));
	if (cks_store_dialect(to) != CKS_DIALECT_POSTGRESQL)
		return cks_error_set(err, CKS_ERROR_INVALID, "store copy: the "
		    "target must be a PostgreSQL database (postgresql://...)");
	if (cks_store_schema_version(from) != cks_store_schema_version(to))
		return cks_error_set(err, CKS_ERROR_INVALID, "store copy: schema "
		    "versions differ (%d and %d)", cks_store_schema_version(from),
		    cks_store_schema_version(to));
	if ((t = calloc(MAX_TABLES, sizeof(*t))) == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	if (cks_store_begin(to, err) < 0) {
		free(t);
		return -1;
	}
	if (read_tables(to, t, &n, err) < 0)
		goto fail;
	for (int i = 0; i < n; i++) {
		int64_t rows = count(to, t[i].name, err);

		if (rows != 0) {
			if (rows > 0)
				cks_error_set(err, CKS_ERROR_CONFLICT, "store copy: "
				    "the target is not empty (table %s has %lld "
				    "rows): copy only fills a new store", t[i].name,
				    (long long)rows);
			goto fail;
		}
	}
	/* Each pass copies the tables whose references are all copied. */
	while (copied < n && !failed) {
		int progress = 0;

		for (int i = 0; i < n && !failed; i++) {
			if (t[i].done || waits(to, t, n, t[i].name, err, &failed))
				continue;
			if (failed || copy_table(from, to, &t[i], &result->rows,
			    err) < 0 || advance(to, &t[i], err) < 0)
				goto fail;
			t[i].done = 1;
			copied++;
			progress = 1;
		}
		if (!progress && !failed) {
			cks_error_set(err, CKS_ERROR_INTERNAL, "store copy: the "
			    "tables refer to each other in a circle");
			goto fail;
		}
	}
	if (failed)
		goto fail;
	for (int i = 0; i < n; i++) {
		int64_t a = count(from, t[i].name, err), b = count(to, t[i].name, err);

		if (a < 0 || b < 0)
			goto fail;
		if (a != b) {
			cks_error_set(err, CKS_ERROR_INTERNAL, "store copy: table %s: "
			    "%lld rows src, %lld in the target", t[i].name,
			    (long long)a, (long long)b);
			goto fail;
		}
	}
	result->tables = n;
	tables_free(t, n);
	free(t);
	return cks_store_commit(to, err);
fail:
	tables_free(t, n);
	free(t);
	cks_store_rollback(to);
	return -1;
}
