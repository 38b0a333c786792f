#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"
#include "stmt.h"

/* Statements of the PostgreSQL backend.  A step runs the whole query at
 * once (one round trip) and hands its rows out one by one; results come as
 * text, bytea decoded when asked for bytes.  Prepared per connection on
 * first use and kept by text (see struct cks_pg_prepared). */

#define BYTEAOID 17
#define INT8OID 20
#define TEXTOID 25

struct param {
	int type;                 /* CKS_PG_* */
	char *owned;              /* a copy, or the integer's digits */
	const char *value;
	int length;
};

struct cks_pg_stmt {
	struct cks_pg *pg;
	char *sql;                /* with $N placeholders */
	int nparams;
	int writes;               /* INSERT, UPDATE, DELETE */
	int returns_key;          /* RETURNING added for the last insert id */
	struct param *params;
	PGresult *res;
	int row, rows;
	unsigned char **blobs;    /* bytea columns of the current row, decoded */
	size_t *blob_sizes;
	int columns;
};

char *
cks_pg_placeholders(const char *sql, int *count)
{
	size_t n = strlen(sql);
	char *out = malloc(n * 4 + 1), *o = out;
	int highest = 0;

	if (out == NULL)
		return NULL;
	for (const char *p = sql; *p; ) {
		if (*p == '\'' || *p == '"') {           /* a literal or a name */
			char q = *p;

			*o++ = *p++;
			while (*p && *p != q)
				*o++ = *p++;
			if (*p)
				*o++ = *p++;
		} else if (p[0] == '-' && p[1] == '-') {  /* to the line's end */
			while (*p && *p != '\n')
				*o++ = *p++;
		} else if (p[0] == '/' && p[1] == '*') {
			const char *end = strstr(p + 2, "*/");
			size_t len = end ? (size_t)(end + 2 - p) : strlen(p);

			memcpy(o, p, len);
			o += len;
			p += len;
		} else if (*p == '?') {
			int number;

			p++;
			if (*p >= '0' && *p <= '9') {
				number = (int)strtol(p, (char **)&p, 10);
			} else
				number = highest + 1;
			if (number > highest)
				highest = number;
			o += sprintf(o, "$%d", number);
		} else
			*o++ = *p++;
	}
	*o = '\0';
	*count = highest;
	return out;
}

static int
starts_with_word(const char *sql, const char *word)
{
	size_t n = strlen(word);

	while (*sql == ' ' || *sql == '\n' || *sql == '\t' || *sql == '(')
		sql++;
	return strncasecmp(sql, word, n) == 0;
}

/* The integer primary key of the table an INSERT names, asked of the
 * catalog once per connection (to_regclass: no error to abort a
 * transaction with). */
static const char *
table_key(struct cks_pg *pg, const char *sql)
{
	const char *p = sql;
	struct cks_pg_table *t;
	const char *params[1];
	char name[64];
	size_t n;
	PGresult *res;

	while (*p == ' ' || *p == '\n' || *p == '\t')
		p++;
	if (strncasecmp(p, "INSERT", 6) != 0)
		return NULL;
	p += 6;
	while (*p == ' ')
		p++;
	if (strncasecmp(p, "INTO ", 5) != 0)
		return NULL;
	p += 5;
	while (*p == ' ')
		p++;
	n = strspn(p, "abcdefghijklmnopqrstuvwxyz_0123456789");
	if (n == 0 || n >= sizeof(name))
		return NULL;
	memcpy(name, p, n);
	name[n] = '\0';
	for (t = pg->tables; t != NULL; t = t->next)
		if (strcmp(t->name, name) == 0)
			return t->key[0] ? t->key : NULL;
	params[0] = name;
	res = PQexecParams(pg->conn, "SELECT a.attname FROM pg_index i"
	    " JOIN pg_attribute a ON a.attrelid = i.indrelid"
	    "  AND a.attnum = i.indkey[0]"
	    " WHERE i.indrelid = to_regclass($1) AND i.indisprimary"
	    "  AND i.indnatts = 1 AND a.atttypid = 20", 1, NULL, params,
	    NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK ||
	    (t = calloc(1, sizeof(*t))) == NULL) {
		PQclear(res);
		return NULL;
	}
	t->name = strdup(name);
	t->key = strdup(PQntuples(res) > 0 ? PQgetvalue(res, 0, 0) : "");
	PQclear(res);
	if (t->name == NULL || t->key == NULL) {
		free(t->name);
		free(t->key);
		free(t);
		return NULL;
	}
	t->next = pg->tables;
	pg->tables = t;
	return t->key[0] ? t->key : NULL;
}

static int
mentions(const char *sql, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = sql; *p; p++)
		if (strncasecmp(p, word, n) == 0)
			return 1;
	return 0;
}

struct cks_pg_stmt *
cks_pg_prepare(struct cks_pg *pg, const char *sql, struct cks_error *err)
{
	struct cks_pg_stmt *s = calloc(1, sizeof(*s));

	if (s == NULL || (s->sql = cks_pg_placeholders(sql, &s->nparams)) == NULL ||
	    (s->nparams > 0 && (s->params = calloc((size_t)s->nparams,
	    sizeof(*s->params))) == NULL)) {
		cks_pg_finalize(s);
		cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		return NULL;
	}
	s->pg = pg;
	s->row = -1;
	s->writes = starts_with_word(s->sql, "INSERT") ||
	    starts_with_word(s->sql, "UPDATE") ||
	    starts_with_word(s->sql, "DELETE") ||
	    starts_with_word(s->sql, "WITH");
	if (starts_with_word(s->sql, "INSERT") && !mentions(s->sql, "RETURNING")) {
		const char *key = table_key(pg, s->sql);

		if (key != NULL) {
			size_t len = strlen(s->sql);
			char *more = realloc(s->sql, len + strlen(key) + 12);

			if (more == NULL) {
				cks_pg_finalize(s);
				cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
				return NULL;
			}
			sprintf(more + len, " RETURNING %s", key);
			s->sql = more;
			s->returns_key = 1;
		}
	}
	return s;
}

static void
clear_result(struct cks_pg_stmt *s)
{
	for (int i = 0; s->blobs != NULL && i < s->columns; i++) {
		free(s->blobs[i]);
		s->blobs[i] = NULL;
	}
	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
	s->rows = 0;
}

void
cks_pg_finalize(struct cks_pg_stmt *s)
{
	if (s == NULL)
		return;
	clear_result(s);
	for (int i = 0; s->params != NULL && i < s->nparams; i++)
		free(s->params[i].owned);
	free(s->params);
	free(s->blobs);
	free(s->blob_sizes);
	free(s->sql);
	free(s);
}

int
cks_pg_bind(struct cks_pg_stmt *s, int index, int type, const void *data,
	    size_t size, int copy)
{
	struct param *p;

	if (index < 1 || index > s->nparams)
		return CKS_STMT_ERROR;
	clear_result(s);
	p = &s->params[index - 1];
	free(p->owned);
	p->owned = NULL;
	p->value = NULL;
	p->length = 0;
	if (data == NULL)
		type = CKS_PG_NULL;
	p->type = type;
	if (type == CKS_PG_NULL)
		return CKS_STMT_OK;
	if (type == CKS_PG_INT) {
		if ((p->owned = malloc(24)) == NULL)
			return CKS_STMT_ERROR;
		snprintf(p->owned, 24, "%lld", (long long)*(const int64_t *)data);
		p->value = p->owned;
		return CKS_STMT_OK;
	}
	/* Text goes NUL-terminated (libpq ignores its length); bytes as
	 * they are, in binary. */
	if (copy || (type == CKS_PG_TEXT && ((const char *)data)[size] != '\0')) {
		if ((p->owned = malloc(size + 1)) == NULL)
			return CKS_STMT_ERROR;
		memcpy(p->owned, data, size);
		p->owned[size] = '\0';
		p->value = p->owned;
	} else
		p->value = data;
	p->length = (int)size;
	return CKS_STMT_OK;
}

int
cks_pg_param_count(struct cks_pg_stmt *s)
{
	return s->nparams;
}

static struct cks_pg_prepared *
find_prepared(struct cks_pg *pg, const char *key, unsigned *bucket)
{
	unsigned h = 2166136261u;

	for (const char *k = key; *k; k++)
		h = (h ^ (unsigned char)*k) * 16777619u;
	*bucket = h % CKS_PG_BUCKETS;
	for (struct cks_pg_prepared *p = pg->prepared[*bucket]; p; p = p->next)
		if (strcmp(p->key, key) == 0)
			return p;
	return NULL;
}

/* Prepares s as typed now, once per connection.  Inside a transaction a
 * failed prepare would abort it, so it runs under a savepoint there. */
static struct cks_pg_prepared *
prepared_for(struct cks_pg_stmt *s)
{
	struct cks_pg *pg = s->pg;
	size_t len = strlen(s->sql);
	char *key = malloc(len + (size_t)s->nparams + 2);
	struct cks_pg_prepared *p;
	Oid *types = NULL;
	unsigned bucket;
	int in_tx, ok = 0;

	if (key == NULL)
		return NULL;
	memcpy(key, s->sql, len);
	key[len] = '\1';
	for (int i = 0; i < s->nparams; i++)
		key[len + 1 + i] = "nitb"[s->params[i].type];
	key[len + 1 + s->nparams] = '\0';
	if ((p = find_prepared(pg, key, &bucket)) != NULL) {
		free(key);
		return p;
	}
	p = calloc(1, sizeof(*p));
	if (p == NULL || (s->nparams > 0 &&
	    (types = calloc((size_t)s->nparams, sizeof(Oid))) == NULL)) {
		free(p);
		free(key);
		return NULL;
	}
	snprintf(p->name, sizeof(p->name), "cks%u", ++pg->prepared_count);
	in_tx = PQtransactionStatus(pg->conn) == PQTRANS_INTRANS;
	for (int i = 0; i < s->nparams; i++)
		types[i] = s->params[i].type == CKS_PG_INT ? INT8OID :
		    s->params[i].type == CKS_PG_BLOB ? BYTEAOID : 0;
	for (int pass = 0; pass <= s->nparams && !ok; pass++) {
		PGresult *res;
		const char *dollar;
		long n;

		if (in_tx && cks_pg_run(pg, "SAVEPOINT cks_prepare") < 0)
			break;
		res = PQprepare(pg->conn, p->name, s->sql, s->nparams, types);
		if (PQresultStatus(res) == PGRES_COMMAND_OK) {
			PQclear(res);
			ok = 1;
			if (in_tx)
				cks_pg_run(pg, "RELEASE cks_prepare");
			break;
		}
		cks_pg_note_error(pg, res);
		if (in_tx) {
			char state[6];

			memcpy(state, pg->sqlstate, sizeof(state));
			cks_pg_run(pg, "ROLLBACK TO cks_prepare; RELEASE cks_prepare");
			memcpy(pg->sqlstate, state, sizeof(state));
		}
		/* "could not determine data type of parameter $N": a text (or
		 * NULL) parameter PostgreSQL cannot place, as in "? IS NULL",
		 * or one the statement does not use; it is text, then. */
		if ((strcmp(pg->sqlstate, "42P18") != 0 &&
		    strcmp(pg->sqlstate, "42P08") != 0) ||
		    (dollar = strchr(pg->message, '$')) == NULL)
			break;
		n = strtol(dollar + 1, NULL, 10);
		if (n < 1 || n > s->nparams || types[n - 1] != 0)
			break;
		types[n - 1] = TEXTOID;
	}
	free(types);
	if (!ok) {
		free(p);
		free(key);
		return NULL;
	}
	p->key = key;
	p->next = pg->prepared[bucket];
	pg->prepared[bucket] = p;
	return p;
}

static int
execute(struct cks_pg_stmt *s)
{
	struct cks_pg *pg = s->pg;
	struct cks_pg_prepared *p = cks_pg_usable(pg) < 0 ? NULL :
	    prepared_for(s);
	const char **values = NULL;
	int *lengths = NULL, *formats = NULL, guarded = 0;
	PGresult *res;
	ExecStatusType status;

	if (p == NULL)
		return CKS_STMT_ERROR;
	if (s->nparams > 0) {
		values = calloc((size_t)s->nparams, sizeof(*values));
		lengths = calloc((size_t)s->nparams, sizeof(*lengths));
		formats = calloc((size_t)s->nparams, sizeof(*formats));
		if (values == NULL || lengths == NULL || formats == NULL) {
			free(values);
			free(lengths);
			free(formats);
			snprintf(pg->message, sizeof(pg->message), "out of memory");
			return CKS_STMT_ERROR;
		}
	}
	for (int i = 0; i < s->nparams; i++) {
		values[i] = s->params[i].value;
		lengths[i] = s->params[i].length;
		formats[i] = s->params[i].type == CKS_PG_BLOB;
	}
	/* SQLite leaves a transaction usable after a failed statement (a
	 * module may take a broken constraint as an answer and go on);
	 * PostgreSQL aborts it, so a write inside one runs under a
	 * savepoint that a failure rolls back to. */
	if (s->writes && PQtransactionStatus(pg->conn) == PQTRANS_INTRANS) {
		if (cks_pg_run(pg, "SAVEPOINT cks_write") < 0)
			goto fail;
		guarded = 1;
	}
	res = PQexecPrepared(pg->conn, p->name, s->nparams, values, lengths,
	    formats, 0);
	status = PQresultStatus(res);
	if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
		cks_pg_note_error(pg, res);
		if (guarded) {
			char state[6];

			memcpy(state, pg->sqlstate, sizeof(state));
			cks_pg_run(pg, "ROLLBACK TO cks_write; RELEASE cks_write");
			memcpy(pg->sqlstate, state, sizeof(state));
		}
		goto fail;
	}
	if (guarded && cks_pg_run(pg, "RELEASE cks_write") < 0) {
		PQclear(res);
		goto fail;
	}
	if (s->writes)
		pg->changes = strtoll(PQcmdTuples(res), NULL, 10);
	s->res = res;
	s->rows = PQntuples(res);
	if (s->returns_key) {       /* the rows were ours, not the caller's */
		if (s->rows > 0)
			pg->last_insert_id = strtoll(PQgetvalue(res, s->rows - 1, 0),
			    NULL, 10);
		s->rows = 0;
	}
	if (s->columns != PQnfields(res)) {
		free(s->blobs);
		free(s->blob_sizes);
		s->columns = PQnfields(res);
		s->blobs = calloc((size_t)s->columns + 1, sizeof(*s->blobs));
		s->blob_sizes = calloc((size_t)s->columns + 1,
		    sizeof(*s->blob_sizes));
	}
	free(values);
	free(lengths);
	free(formats);
	return CKS_STMT_OK;
fail:
	free(values);
	free(lengths);
	free(formats);
	return CKS_STMT_ERROR;
}

int
cks_pg_step(struct cks_pg_stmt *s)
{
	if (s->res == NULL && execute(s) != CKS_STMT_OK)
		return CKS_STMT_ERROR;
	for (int i = 0; s->blobs != NULL && i < s->columns; i++) {
		free(s->blobs[i]);
		s->blobs[i] = NULL;
	}
	if (s->row < s->rows)
		s->row++;
	return s->row < s->rows ? CKS_STMT_ROW : CKS_STMT_DONE;
}

int
cks_pg_reset(struct cks_pg_stmt *s)
{
	clear_result(s);
	return CKS_STMT_OK;
}

static int
valid(struct cks_pg_stmt *s, int column)
{
	return s->res != NULL && s->row >= 0 && s->row < s->rows &&
	    column >= 0 && column < s->columns;
}

int
cks_pg_column_is_null(struct cks_pg_stmt *s, int column)
{
	return !valid(s, column) || PQgetisnull(s->res, s->row, column);
}

int64_t
cks_pg_column_int64(struct cks_pg_stmt *s, int column)
{
	const char *v;

	if (cks_pg_column_is_null(s, column))
		return 0;
	v = PQgetvalue(s->res, s->row, column);
	if (v[0] == 't' && v[1] == '\0')      /* a boolean, as SQLite's 1 */
		return 1;
	return strtoll(v, NULL, 10);
}

const unsigned char *
cks_pg_column_text(struct cks_pg_stmt *s, int column)
{
	if (cks_pg_column_is_null(s, column))
		return NULL;
	if (PQftype(s->res, column) == BYTEAOID)
		return cks_pg_column_blob(s, column);
	return (const unsigned char *)PQgetvalue(s->res, s->row, column);
}

const void *
cks_pg_column_blob(struct cks_pg_stmt *s, int column)
{
	if (cks_pg_column_is_null(s, column))
		return NULL;
	if (PQftype(s->res, column) != BYTEAOID)
		return PQgetvalue(s->res, s->row, column);
	if (s->blobs[column] == NULL) {
		/* Decoded with one NUL after the bytes, so read as text it
		 * ends where SQLite's would. */
		size_t size = 0;
		unsigned char *raw = PQunescapeBytea((const unsigned char *)
		    PQgetvalue(s->res, s->row, column), &size);

		if (raw == NULL || (s->blobs[column] = malloc(size + 1)) == NULL) {
			PQfreemem(raw);
			return NULL;
		}
		memcpy(s->blobs[column], raw, size);
		s->blobs[column][size] = '\0';
		s->blob_sizes[column] = size;
		PQfreemem(raw);
	}
	return s->blobs[column];
}

int
cks_pg_column_bytes(struct cks_pg_stmt *s, int column)
{
	if (cks_pg_column_is_null(s, column))
		return 0;
	if (PQftype(s->res, column) == BYTEAOID) {
		if (cks_pg_column_blob(s, column) == NULL)
			return 0;
		return (int)s->blob_sizes[column];
	}
	return PQgetlength(s->res, s->row, column);
}
