/* CSV is parsed by libcsv (Debian libcsv-dev): quoting, doubled quotes and
 * newlines inside quoted fields are its business.  It reports no
 * positions, so the file is fed to it one physical line at a time and the
 * line a record starts on is worked out from the lines fed. */
#include "autoconfig.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buffer.h"
#include "kb.h"
#include "kb_import.h"

#define MAX_COLUMNS 16

enum column {
	COL_UNKNOWN, COL_ID, COL_TITLE_TH, COL_TITLE_EN, COL_SUMMARY, COL_URL,
	COL_TAGS, COL_FILE, COL_ACTIVE
};

static const char *const column_names[] = {
	NULL, "id", "title_th", "title_en", "summary", "url", "tags", "file",
	"active"
};

struct row {
	long line;               /* where the record starts, from 1 */
	size_t count;
	char *fields[MAX_COLUMNS];
	size_t extra;            /* fields past MAX_COLUMNS, dropped */
};

struct reader {
	long line;               /* the line being fed */
	struct row current;
	int in_record;
	struct row *rows;
	size_t count, size;
	int nomem;
};

static void
on_field(void *data, size_t size, void *context)
{
	struct reader *r = context;
	char *copy;

	if (!r->in_record) {
		/* A field that spans lines ends on the line being fed; its
		 * record began as many lines earlier as it holds newlines. */
		long newlines = 0;

		for (size_t i = 0; i < size; i++)
			newlines += ((const char *)data)[i] == '\n';
		memset(&r->current, 0, sizeof(r->current));
		r->current.line = r->line - newlines;
		r->in_record = 1;
	}
	if (r->current.count >= MAX_COLUMNS) {
		r->current.extra++;
		return;
	}
	copy = malloc(size + 1);
	if (copy == NULL) {
		r->nomem = 1;
		return;
	}
	memcpy(copy, data, size);
	copy[size] = '\0';
	r->current.fields[r->current.count++] = copy;
}

static void
on_record(int terminator, void *context)
{
	struct reader *r = context;

	(void)terminator;
	if (!r->in_record)
		return;
	if (r->count == r->size) {
		size_t size = r->size ? r->size * 2 : 256;
		struct row *grown = realloc(r->rows, size * sizeof(*grown));

		if (grown == NULL) {
			r->nomem = 1;
			for (size_t i = 0; i < r->current.count; i++)
				free(r->current.fields[i]);
			r->in_record = 0;
			return;
		}
		r->rows = grown;
		r->size = size;
	}
	r->rows[r->count++] = r->current;
	r->in_record = 0;
}

static void
reader_free(struct reader *r)
{
	for (size_t i = 0; i < r->count; i++)
		for (size_t j = 0; j < r->rows[i].count; j++)
			free(r->rows[i].fields[j]);
	if (r->in_record)
		for (size_t j = 0; j < r->current.count; j++)
			free(r->current.fields[j]);
	free(r->rows);
}

static int
read_all(const char *path, char **data_out, size_t *size_out,
	 struct cks_error *err)
{
	struct cks_buffer b = { 0 };
	char chunk[65536];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return cks_error_set(err, CKS_ERROR_INVALID, "%s: %s", path,
		    strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		cks_buffer_add(&b, chunk, n);
	if (ferror(f)) {
		fclose(f);
		free(cks_buffer_finish(&b));
		return cks_error_set(err, CKS_ERROR_INVALID, "%s: read error",
		    path);
	}
	fclose(f);
	*size_out = b.len;
	if ((*data_out = cks_buffer_finish(&b)) == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	return 0;
}

/* Parses data into r->rows; a malformed file (a quote left open, a stray
 * quote inside an unquoted field) is refused with its line. */
static int
parse(const char *path, const char *data, size_t size, struct reader *r,
      struct cks_error *err)
{
	struct csv_parser p;
	size_t at = 0;
	int failed = 0;

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	if (size >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		at = 3;
	while (at < size && !failed) {
		const char *nl = memchr(data + at, '\n', size - at);
		size_t n = nl ? (size_t)(nl - (data + at)) + 1 : size - at;

		r->line++;
		if (csv_parse(&p, data + at, n, on_field, on_record, r) != n)
			failed = 1;
		at += n;
	}
	if (!failed && csv_fini(&p, on_field, on_record, r) != 0)
		failed = 1;
	if (failed)
		cks_error_set(err, CKS_ERROR_INVALID, "%s: line %ld: %s", path,
		    r->line, csv_strerror(csv_error(&p)));
	csv_free(&p);
	if (!failed && r->nomem)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	return failed ? -1 : 0;
}

struct problems {
	struct cks_buffer text;
	size_t count;
};

static void
problem(struct problems *pr, long line, const char *column,
	const char *message)
{
	pr->count++;
	if (pr->count > CKS_KB_IMPORT_MAX_ERRORS)
		return;
	if (column != NULL) {
		size_t n = strlen(column);

		cks_buffer_printf(&pr->text, "line %ld, column %s: ", line, column);
		/* The store's messages start with their field's name. */
		if (strncmp(message, column, n) == 0 && strncmp(message + n, ": ",
		    2) == 0)
			message += n + 2;
	}
	else
		cks_buffer_printf(&pr->text, "line %ld: ", line);
	cks_buffer_add_string(&pr->text, message);
	cks_buffer_add(&pr->text, "\n", 1);
}

static int
map_header(const struct row *h, enum column *columns, struct problems *pr)
{
	int titles = 0;

	for (size_t i = 0; i < h->count; i++) {
		const char *name = h->fields[i];

		columns[i] = COL_UNKNOWN;
		for (int c = COL_ID; c <= COL_ACTIVE; c++)
			if (strcasecmp(name, column_names[c]) == 0)
				columns[i] = (enum column)c;
		for (size_t j = 0; j < i; j++)
			if (columns[i] != COL_UNKNOWN && columns[j] == columns[i]) {
				problem(pr, h->line, name, "named twice");
				return -1;
			}
		if (columns[i] == COL_UNKNOWN) {
			problem(pr, h->line, name[0] ? name : "(empty)",
			    "not a column the catalogue has (id, title_th, "
			    "title_en, summary, url, tags, file, active)");
			return -1;
		}
		titles += columns[i] == COL_TITLE_TH || columns[i] == COL_TITLE_EN;
	}
	if (h->extra > 0 || titles == 0) {
		problem(pr, h->line, NULL, h->extra > 0 ? "too many columns"
		    : "the header names neither title_th nor title_en");
		return -1;
	}
	return 0;
}

static int
parse_flag(const char *text, int *out)
{
	if (strcmp(text, "1") == 0 || strcasecmp(text, "yes") == 0 ||
	    strcasecmp(text, "true") == 0 || text[0] == '\0')
		*out = 1;
	else if (strcmp(text, "0") == 0 || strcasecmp(text, "no") == 0 ||
	    strcasecmp(text, "false") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

/* A file column's path, relative to the CSV's directory. */
static char *
file_path(const char *csv_path, const char *file)
{
	const char *slash = strrchr(csv_path, '/');
	struct cks_buffer out = { 0 };

	if (file[0] == '/' || slash == NULL)
		return strdup(file);
	cks_buffer_add(&out, csv_path, (size_t)(slash - csv_path) + 1);
	cks_buffer_add_string(&out, file);
	return cks_buffer_finish(&out);
}

/* One data row: added or, with an id, updated. */
static void
import_row(struct cks_store *store, const char *csv_path, const struct row *row,
	   const enum column *columns, size_t ncolumns,
	   const struct cks_basket_limits *limits,
	   struct cks_kb_import_result *result, struct problems *pr)
{
	struct cks_kb_input in = { 0 };
	struct cks_error err;
	const char *id_text = NULL, *active_text = NULL;
	char *path = NULL;
	int64_t id = 0;
	int active = 1;

	char message[1100];

	if (row->count != ncolumns || row->extra > 0) {
		snprintf(message, sizeof(message), "%zu fields, the header has %zu",
		    row->count + row->extra, ncolumns);
		problem(pr, row->line, NULL, message);
		return;
	}
	for (size_t i = 0; i < ncolumns; i++) {
		const char *v = row->fields[i];

		switch (columns[i]) {
		case COL_ID: id_text = v; break;
		case COL_TITLE_TH: in.title_th = v; break;
		case COL_TITLE_EN: in.title_en = v; break;
		case COL_SUMMARY: in.summary = v; break;
		case COL_URL: in.url = v; break;
		case COL_TAGS: in.tags = v; break;
		case COL_FILE: in.file_path = v[0] ? v : NULL; break;
		case COL_ACTIVE: active_text = v; break;
		case COL_UNKNOWN: break;
		}
	}
	if (id_text != NULL && id_text[0] != '\0') {
		char *end;

		errno = 0;
		id = strtoll(id_text, &end, 10);
		if (errno != 0 || *end != '\0' || id <= 0) {
			snprintf(message, sizeof(message),
			    "'%.900s' is not an item number", id_text);
			problem(pr, row->line, "id", message);
			return;
		}
	}
	if (active_text != NULL && parse_flag(active_text, &active) < 0) {
		snprintf(message, sizeof(message), "'%.900s' is not 1/0 or yes/no",
		    active_text);
		problem(pr, row->line, "active", message);
		return;
	}
	if (in.file_path != NULL &&
	    (path = file_path(csv_path, in.file_path)) == NULL) {
		problem(pr, row->line, NULL, "out of memory");
		return;
	}
	in.file_path = path;
	if ((id > 0 ? cks_kb_edit(store, id, &in, limits, &err)
	     : cks_kb_add(store, &in, limits, &id, &err)) < 0 ||
	    (active_text != NULL && active_text[0] != '\0' &&
	     cks_kb_set_active(store, id, active, &err) < 0)) {
		problem(pr, row->line, err.field[0] ? err.field : NULL,
		    err.message);
	} else if (id_text != NULL && id_text[0] != '\0') {
		result->updated++;
	} else {
		result->added++;
	}
	free(path);
}

int
cks_kb_import_csv(struct cks_store *store, const char *path,
		  const struct cks_basket_limits *limits,
		  struct cks_kb_import_result *result, struct cks_error *err)
{
	struct reader r;
	struct problems pr = { { 0 }, 0 };
	enum column columns[MAX_COLUMNS];
	char *data = NULL;
	size_t size = 0;
	int rc = -1;

	memset(result, 0, sizeof(*result));
	memset(&r, 0, sizeof(r));
	if (read_all(path, &data, &size, err) < 0)
		return -1;
	if (parse(path, data, size, &r, err) < 0)
		goto out;
	if (r.count == 0) {
		cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: empty: the first line must name the columns", path);
		goto out;
	}
	if (cks_store_begin(store, err) < 0)
		goto out;
	if (map_header(&r.rows[0], columns, &pr) == 0)
		for (size_t i = 1; i < r.count; i++)
			import_row(store, path, &r.rows[i], columns,
			    r.rows[0].count, limits, result, &pr);
	if (pr.count == 0) {
		rc = cks_store_commit(store, err);
		goto out;
	}
	cks_store_rollback(store);
	if (pr.count > CKS_KB_IMPORT_MAX_ERRORS)
		cks_buffer_printf(&pr.text, "... and %zu more\n",
		    pr.count - CKS_KB_IMPORT_MAX_ERRORS);
	result->errors = cks_buffer_finish(&pr.text);
	pr.text.data = NULL;
	result->error_count = pr.count;
	result->added = result->updated = 0;
	cks_error_set(err, CKS_ERROR_INVALID, "%s: %zu problem%s, nothing "
	    "imported", path, pr.count, pr.count == 1 ? "" : "s");
out:
	free(pr.text.data);
	free(data);
	reader_free(&r);
	return rc;
}
