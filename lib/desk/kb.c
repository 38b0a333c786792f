#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "client.h"
#include "clock.h"
#include "json_value.h"
#include "kb.h"
#include "url.h"

#define KB_TITLE_MAX 900
#define KB_SUMMARY_MAX 4000
#define KB_TAGS_MAX 900

#define ITEM_COLUMNS \
	"k.id, k.title_th, k.title_en, k.summary, k.url," \
	" coalesce(k.attachment_id, 0), a.filename, coalesce(a.size, 0)," \
	" k.tags, k.active, k.revision, k.created_at, k.updated_at"
#define ITEM_FROM \
	" kb_items k LEFT JOIN attachments a ON a.id = k.attachment_id"

/* "a , b,,c " -> "a, b, c" (malloc'ed); NULL when out of memory. */
static char *
normalize_tags(const char *tags)
{
	struct cks_buffer out = { 0 };
	const char *p = tags;
	int first = 1;

	while (*p != '\0') {
		const char *start, *end;
		size_t n = strcspn(p, ",");

		start = p;
		end = p + n;
		while (start < end && (*start == ' ' || *start == '\t'))
			start++;
		while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		if (end > start) {
			if (!first)
				cks_buffer_add(&out, ", ", 2);
			cks_buffer_add(&out, start, (size_t)(end - start));
			first = 0;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return cks_buffer_finish(&out);
}

/* The fields given; "" is allowed where clearing is (edit). */
static int
check_input(const struct cks_kb_input *in, struct cks_error *err)
{
	if (in->title_th && in->title_th[0] &&
	    cks_check_line(in->title_th, "title_th", KB_TITLE_MAX, err) < 0)
		return -1;
	if (in->title_en && in->title_en[0] &&
	    cks_check_line(in->title_en, "title_en", KB_TITLE_MAX, err) < 0)
		return -1;
	if (in->summary && in->summary[0] &&
	    cks_check_text(in->summary, "summary", KB_SUMMARY_MAX, err) < 0)
		return -1;
	if (in->tags && in->tags[0] &&
	    cks_check_line(in->tags, "tags", KB_TAGS_MAX, err) < 0)
		return -1;
	if (in->url && in->url[0] &&
	    (cks_check_line(in->url, "url", 2000, err) < 0 ||
	     !cks_url_is_web(in->url)))
		return cks_error_set_field(err, CKS_ERROR_INVALID, "url",
		    "url: '%.200s' is not an http:// or https:// link without "
		    "spaces", in->url);
	return 0;
}

static const char *
empty_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

/* Reads and stores the file of in (inside the caller's transaction);
 * *id_out 0 when there is none. */
static int
store_file(struct cks_store *store, const char *path,
	   const struct cks_basket_limits *limits, int64_t *id_out,
	   struct cks_error *err)
{
	unsigned char *data;
	size_t size;
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

	*id_out = 0;
	if (cks_basket_check_name(name, path, err) < 0 ||
	    cks_basket_read_file(path, limits, &data, &size, err) < 0) {
		cks_error_name_field(err, "file");
		return -1;
	}
	*id_out = cks_basket_store_attachment(store, name, NULL, data, size, err);
	free(data);
	return *id_out < 0 ? -1 : 0;
}

int
cks_kb_add(struct cks_store *store, const struct cks_kb_input *in,
	   const struct cks_basket_limits *limits, int64_t *id_out,
	   struct cks_error *err)
{
	struct cks_stmt *stmt;
	char *tags = NULL;
	int64_t attachment = 0, now = cks_now_ms();
	int rc;

	if (check_input(in, err) < 0)
		return -1;
	if (empty_null(in->title_th) == NULL && empty_null(in->title_en) == NULL)
		return cks_error_set_field(err, CKS_ERROR_INVALID, "title_th",
		    "title: an item needs a title, Thai (title_th) or English "
		    "(title_en)");
	if ((tags = normalize_tags(in->tags ? in->tags : "")) == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	if (cks_store_begin(store, err) < 0)
		goto out;
	if (in->file_path != NULL &&
	    store_file(store, in->file_path, limits, &attachment, err) < 0)
		goto fail;
	stmt = cks_store_prepare(store,
	    "INSERT INTO kb_items (title_th, title_en, summary, url,"
	    " attachment_id, tags, active, revision, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, 1, 1, ?, ?)", err);
	if (stmt == NULL)
		goto fail;
	cks_stmt_bind_text(stmt, 1, empty_null(in->title_th), -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(stmt, 2, empty_null(in->title_en), -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(stmt, 3, empty_null(in->summary), -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(stmt, 4, empty_null(in->url), -1, CKS_STMT_STATIC);
	if (attachment > 0)
		cks_stmt_bind_int64(stmt, 5, attachment);
	cks_stmt_bind_text(stmt, 6, tags, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(stmt, 7, now);
	cks_stmt_bind_int64(stmt, 8, now);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(store, "add catalogue item", err);
		goto fail;
	}
	*id_out = cks_store_last_insert_id(store);
	free(tags);
	return cks_store_commit(store, err);
fail:
	cks_store_rollback(store);
out:
	free(tags);
	return -1;
}

/* new when given (NULL for ""), else old. */
static const char *
pick(const char *given, const char *old)
{
	return given == NULL ? old : empty_null(given);
}

static int
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

int
cks_kb_edit(struct cks_store *store, int64_t id, const struct cks_kb_input *in,
	    const struct cks_basket_limits *limits, struct cks_error *err)
{
	struct cks_kb_item *old = NULL;
	struct cks_stmt *stmt;
	const char *th, *en, *summary, *url;
	char *tags = NULL;
	int64_t attachment;
	int rc;

	if (check_input(in, err) < 0)
		return -1;
	if (cks_store_begin(store, err) < 0)
		return -1;
	if (cks_kb_get(store, id, &old, err) < 0)
		goto fail;
	th = pick(in->title_th, old->title_th);
	en = pick(in->title_en, old->title_en);
	summary = pick(in->summary, old->summary);
	url = pick(in->url, old->url);
	if (th == NULL && en == NULL) {
		cks_error_set_field(err, CKS_ERROR_INVALID, "title_th",
		    "title: item %lld would have no title left", (long long)id);
		goto fail;
	}
	if ((tags = in->tags ? normalize_tags(in->tags) : strdup(old->tags)) == NULL) {
		cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		goto fail;
	}
	attachment = old->attachment_id;
	if (in->file_path != NULL &&
	    store_file(store, in->file_path, limits, &attachment, err) < 0)
		goto fail;
	if (same(th, old->title_th) && same(en, old->title_en) &&
	    same(summary, old->summary) && same(url, old->url) &&
	    same(tags, old->tags) && in->file_path == NULL)
		goto done;
	stmt = cks_store_prepare(store,
	    "UPDATE kb_items SET title_th = ?, title_en = ?, summary = ?, url = ?,"
	    " attachment_id = ?, tags = ?, revision = revision + 1,"
	    " updated_at = ? WHERE id = ?", err);
	if (stmt == NULL)
		goto fail;
	cks_stmt_bind_text(stmt, 1, th, -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(stmt, 2, en, -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(stmt, 3, summary, -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(stmt, 4, url, -1, CKS_STMT_STATIC);
	if (attachment > 0)
		cks_stmt_bind_int64(stmt, 5, attachment);
	cks_stmt_bind_text(stmt, 6, tags, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(stmt, 7, cks_now_ms());
	cks_stmt_bind_int64(stmt, 8, id);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(store, "edit catalogue item", err);
		goto fail;
	}
	/* A replaced file stays while a basket still holds it. */
	if (in->file_path != NULL && cks_basket_drop_unused_attachments(store,
	    err) < 0)
		goto fail;
done:
	cks_kb_item_free(&old);
	free(tags);
	return cks_store_commit(store, err);
fail:
	cks_kb_item_free(&old);
	free(tags);
	cks_store_rollback(store);
	return -1;
}

int
cks_kb_set_active(struct cks_store *store, int64_t id, int active,
		  struct cks_error *err)
{
	struct cks_stmt *stmt;
	int rc;
	int64_t changed;

	if (cks_store_begin(store, err) < 0)
		return -1;
	stmt = cks_store_prepare(store,
	    "UPDATE kb_items SET active = ?, updated_at = ? WHERE id = ?", err);
	if (stmt == NULL)
		goto fail;
	cks_stmt_bind_int(stmt, 1, active ? 1 : 0);
	cks_stmt_bind_int64(stmt, 2, cks_now_ms());
	cks_stmt_bind_int64(stmt, 3, id);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	changed = cks_store_changes(store);
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(store, "change catalogue item", err);
		goto fail;
	}
	if (changed == 0) {
		cks_error_set(err, CKS_ERROR_NOT_FOUND, "no catalogue item %lld",
		    (long long)id);
		goto fail;
	}
	return cks_store_commit(store, err);
fail:
	cks_store_rollback(store);
	return -1;
}

static struct cks_kb_item *
read_item(struct cks_stmt *stmt)
{
	struct cks_kb_item *it = calloc(1, sizeof(*it));

	if (it == NULL)
		return NULL;
	it->id = cks_stmt_column_int64(stmt, 0);
	it->title_th = cks_store_column_strdup(stmt, 1);
	it->title_en = cks_store_column_strdup(stmt, 2);
	it->summary = cks_store_column_strdup(stmt, 3);
	it->url = cks_store_column_strdup(stmt, 4);
	it->attachment_id = cks_stmt_column_int64(stmt, 5);
	it->filename = cks_store_column_strdup(stmt, 6);
	it->size = cks_stmt_column_int64(stmt, 7);
	it->tags = cks_store_column_strdup(stmt, 8);
	it->active = cks_stmt_column_int(stmt, 9);
	it->revision = cks_stmt_column_int64(stmt, 10);
	it->created_ms = cks_stmt_column_int64(stmt, 11);
	it->updated_ms = cks_stmt_column_int64(stmt, 12);
	if (!cks_stmt_column_is_null(stmt, 13))
		it->rank = (double)cks_stmt_column_int64(stmt, 13) / 1000.0;
	if (it->tags == NULL || (it->title_th == NULL && it->title_en == NULL)) {
		cks_kb_item_free(&it);
		return NULL;
	}
	return it;
}

int
cks_kb_get(struct cks_store *store, int64_t id, struct cks_kb_item **out,
	   struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store, "SELECT " ITEM_COLUMNS
	    ", NULL FROM" ITEM_FROM " WHERE k.id = ?", err);
	int rc;

	*out = NULL;
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, id);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW)
		*out = read_item(stmt);
	cks_stmt_finalize(stmt);
	if (rc == CKS_STMT_DONE)
		return cks_error_set(err, CKS_ERROR_NOT_FOUND,
		    "no catalogue item %lld", (long long)id);
	if (rc != CKS_STMT_ROW)
		return cks_store_fail(store, "read catalogue item", err);
	if (*out == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	return 0;
}

enum search_kind {
	SEARCH_ALL,      /* no text: everything, newest first */
	SEARCH_WORDS,    /* the trigram index, ranked */
	SEARCH_SHORT,    /* under 3 characters: a substring, newest first */
};

/* The search statements, kept together because they are the catalogue's
 * one dialect-specific SQL (doc/internals.md, "The dialect list").
 * SQLite: kb_fts, an FTS5 index with the trigram tokenizer (schema v10),
 * ranked by bm25 with the titles weighing most; a text under 3 characters
 * has no trigram, so it is a LIKE.  PostgreSQL has no FTS5: its schema
 * has a pg_trgm GIN index over the same columns instead, and the search
 * is built per call by kb_search_sql_pg().  SQLite's LIKE ignores ASCII
 * case, as the trigram tokenizer does; PostgreSQL's ILIKE does that.
 * The rank comes back as an integer (bm25 x 1000) so that the store
 * interface needs no floating-point column; lower is better on both. */
static const char *
kb_search_sql(enum search_kind kind, enum cks_store_dialect dialect)
{
	switch (kind) {
	case SEARCH_WORDS:
		return "SELECT " ITEM_COLUMNS ","
		    " CAST(bm25(kb_fts, 10.0, 10.0, 2.0, 4.0) * 1000 AS INTEGER)"
		    " FROM kb_fts JOIN kb_items k ON k.id = kb_fts.rowid"
		    " LEFT JOIN attachments a ON a.id = k.attachment_id"
		    " WHERE kb_fts MATCH ? AND (k.active = 1 OR ? = 1)"
		    " ORDER BY bm25(kb_fts, 10.0, 10.0, 2.0, 4.0), k.id LIMIT ?";
	case SEARCH_SHORT:
		if (dialect == CKS_DIALECT_POSTGRESQL)
			return "SELECT " ITEM_COLUMNS ", NULL FROM" ITEM_FROM
			    " WHERE (k.title_th ILIKE ? ESCAPE '\\'"
			    " OR k.title_en ILIKE ? ESCAPE '\\'"
			    " OR k.summary ILIKE ? ESCAPE '\\'"
			    " OR k.tags ILIKE ? ESCAPE '\\') AND (k.active = 1 OR ? = 1)"
			    " ORDER BY k.updated_at DESC, k.id DESC LIMIT ?";
		return "SELECT " ITEM_COLUMNS ", NULL FROM" ITEM_FROM
		    " WHERE (k.title_th LIKE ? ESCAPE '\\' OR k.title_en LIKE ?"
		    " ESCAPE '\\' OR k.summary LIKE ? ESCAPE '\\' OR k.tags LIKE ?"
		    " ESCAPE '\\') AND (k.active = 1 OR ? = 1)"
		    " ORDER BY k.updated_at DESC, k.id DESC LIMIT ?";
	case SEARCH_ALL:
		break;
	}
	return "SELECT " ITEM_COLUMNS ", NULL FROM" ITEM_FROM
	    " WHERE (k.active = 1 OR ? = 1)"
	    " ORDER BY k.updated_at DESC, k.id DESC LIMIT ?";
}

/* PostgreSQL's word search for `words` words: word i (?i, a "%word%"
 * pattern with LIKE's wildcards escaped) must be in one of the four
 * columns, as each phrase of the FTS5 query must; ?words+1 is the text
 * the rows are ranked by, with similarity() weighted as the bm25 above
 * (titles 10, tags 4, summary 2), negated so that lower is better.
 * The GIN index with gin_trgm_ops (schema.c, v10_kb_pg) serves ILIKE.
 * malloc'ed; NULL when out of memory. */
#define PG_WEIGHTED(col, w) \
	" + " w " * similarity(coalesce(k." col ", ''), ?%zu)"
static char *
kb_search_sql_pg(size_t words)
{
	struct cks_buffer out = { 0 };
	size_t q = words + 1;

	cks_buffer_printf(&out, "SELECT " ITEM_COLUMNS ", CAST(-1000 * (0"
	    PG_WEIGHTED("title_th", "10") PG_WEIGHTED("title_en", "10")
	    PG_WEIGHTED("summary", "2") PG_WEIGHTED("tags", "4")
	    ") AS BIGINT) AS rank FROM" ITEM_FROM " WHERE", q, q, q, q);
	for (size_t i = 1; i <= words; i++)
		cks_buffer_printf(&out, " (k.title_th ILIKE ?%zu ESCAPE '\\'"
		    " OR k.title_en ILIKE ?%zu ESCAPE '\\'"
		    " OR k.summary ILIKE ?%zu ESCAPE '\\'"
		    " OR k.tags ILIKE ?%zu ESCAPE '\\') AND", i, i, i, i);
	cks_buffer_printf(&out, " (k.active = 1 OR ?%zu = 1)"
	    " ORDER BY rank, k.id LIMIT ?%zu", q + 1, q + 2);
	return cks_buffer_finish(&out);
}

static size_t
codepoints(const char *s, size_t n)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++)
		count += ((unsigned char)s[i] & 0xc0) != 0x80;
	return count;
}

/* The FTS5 query for text: each word of 3 characters or more as a quoted
 * phrase (so no word is read as an operator), all required.  Shorter
 * words are left out, as no trigram can match them.  "" when none. */
static char *
match_expression(const char *text)
{
	struct cks_buffer out = { 0 };
	const char *p = text;

	while (*p != '\0') {
		size_t n;

		p += strspn(p, " \t\r\n");
		n = strcspn(p, " \t\r\n");
		if (n > 0 && codepoints(p, n) >= 3) {
			if (out.len > 0)
				cks_buffer_add_string(&out, " AND ");
			cks_buffer_add(&out, "\"", 1);
			for (size_t i = 0; i < n; i++) {
				if (p[i] == '"')
					cks_buffer_add(&out, "\"", 1);
				cks_buffer_add(&out, p + i, 1);
			}
			cks_buffer_add(&out, "\"", 1);
		}
		p += n;
	}
	return cks_buffer_finish(&out);
}

/* "%text%" with LIKE's wildcards escaped. */
static char *
like_pattern(const char *text)
{
	struct cks_buffer out = { 0 };

	cks_buffer_add(&out, "%", 1);
	for (const char *p = text; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			cks_buffer_add(&out, "\\", 1);
		cks_buffer_add(&out, p, 1);
	}
	cks_buffer_add(&out, "%", 1);
	return cks_buffer_finish(&out);
}

/* PostgreSQL: the words match_expression() takes (3 characters or more),
 * each as like_pattern(); *count of them.  -1 when out of memory. */
static int
word_patterns(const char *text, char ***out, size_t *count)
{
	const char *p = text;

	*out = NULL;
	*count = 0;
	while (*p != '\0') {
		size_t n;

		p += strspn(p, " \t\r\n");
		n = strcspn(p, " \t\r\n");
		if (n > 0 && codepoints(p, n) >= 3) {
			char *word = strndup(p, n), **grown;

			grown = realloc(*out, (*count + 1) * sizeof(**out));
			if (grown != NULL)
				*out = grown;
			if (word == NULL || grown == NULL ||
			    (grown[*count] = like_pattern(word)) == NULL) {
				free(word);
				return -1;
			}
			free(word);
			(*count)++;
		}
		p += n;
	}
	return 0;
}

static void
patterns_free(char **patterns, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(patterns[i]);
	free(patterns);
}

int
cks_kb_search(struct cks_store *store, const char *text, int include_inactive,
	      size_t limit, struct cks_kb_item ***items_out, size_t *count_out,
	      struct cks_error *err)
{
	enum search_kind kind = SEARCH_ALL;
	struct cks_kb_item **items = NULL;
	struct cks_stmt *stmt;
	char *bound = NULL, *pg_sql = NULL, **patterns = NULL;
	size_t count = 0, pattern_count = 0;
	int rc, param = 1;

	*items_out = NULL;
	*count_out = 0;
	if (limit == 0 || limit > 1000)
		limit = 50;
	if (text != NULL && text[strspn(text, " \t\r\n")] != '\0') {
		if (cks_check_line(text, "search", 900, err) < 0)
			return -1;
		if ((bound = match_expression(text)) == NULL)
			return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		kind = SEARCH_WORDS;
		if (bound[0] == '\0') {
			const char *t = text + strspn(text, " \t");
			size_t n = strlen(t);

			while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\t'))
				n--;
			free(bound);
			if ((bound = strndup(t, n)) == NULL)
				return cks_error_set(err, CKS_ERROR_INTERNAL,
				    "out of memory");
			t = bound;
			bound = like_pattern(t);
			free((char *)t);
			if (bound == NULL)
				return cks_error_set(err, CKS_ERROR_INTERNAL,
				    "out of memory");
			kind = SEARCH_SHORT;
		}
	}
	if (kind == SEARCH_WORDS &&
	    cks_store_dialect(store) == CKS_DIALECT_POSTGRESQL) {
		if (word_patterns(text, &patterns, &pattern_count) < 0 ||
		    (pg_sql = kb_search_sql_pg(pattern_count)) == NULL) {
			patterns_free(patterns, pattern_count);
			free(bound);
			return cks_error_set(err, CKS_ERROR_INTERNAL,
			    "out of memory");
		}
	}
	stmt = cks_store_prepare(store, pg_sql != NULL ? pg_sql :
	    kb_search_sql(kind, cks_store_dialect(store)), err);
	free(pg_sql);
	if (stmt == NULL) {
		patterns_free(patterns, pattern_count);
		free(bound);
		return -1;
	}
	for (size_t i = 0; i < pattern_count; i++)
		cks_stmt_bind_text(stmt, param++, patterns[i], -1,
		    CKS_STMT_STATIC);
	if (kind == SEARCH_WORDS)
		cks_stmt_bind_text(stmt, param++, pattern_count > 0 ? text :
		    bound, -1, CKS_STMT_STATIC);
	for (int i = 0; kind == SEARCH_SHORT && i < 4; i++)
		cks_stmt_bind_text(stmt, param++, bound, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int(stmt, param++, include_inactive ? 1 : 0);
	cks_stmt_bind_int64(stmt, param, (int64_t)limit);
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW) {
		struct cks_kb_item **grown = realloc(items,
		    (count + 1) * sizeof(*items));

		if (grown == NULL || (grown[count] = read_item(stmt)) == NULL) {
			if (grown != NULL)
				items = grown;
			rc = CKS_STMT_NOMEM;
			break;
		}
		items = grown;
		count++;
	}
	cks_stmt_finalize(stmt);
	patterns_free(patterns, pattern_count);
	free(bound);
	if (rc != CKS_STMT_DONE) {
		cks_kb_list_free(&items, count);
		if (rc == CKS_STMT_NOMEM)
			return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		return cks_store_fail(store, "search the catalogue", err);
	}
	*items_out = items;
	*count_out = count;
	return 0;
}

int
cks_kb_to_basket(struct cks_store *store, int64_t session_id, int64_t kb_id,
		 const struct cks_basket_limits *limits, int64_t *item_id_out,
		 struct cks_error *err)
{
	struct cks_basket_item_input in = { 0 };
	struct cks_kb_item *it = NULL;

	if (cks_store_begin(store, err) < 0)
		return -1;
	if (cks_kb_get(store, kb_id, &it, err) < 0)
		goto fail;
	if (!it->active) {
		cks_error_set_field(err, CKS_ERROR_CONFLICT, "item",
		    "catalogue item %lld is disabled: it is no longer offered",
		    (long long)kb_id);
		goto fail;
	}
	in.title_th = it->title_th;
	in.title_en = it->title_en;
	in.url = it->url;
	in.attachment_id = it->attachment_id;
	in.kb_item_id = it->id;
	in.kb_revision = it->revision;
	if (cks_basket_add(store, session_id, &in, limits, item_id_out, err) < 0)
		goto fail;
	cks_kb_item_free(&it);
	return cks_store_commit(store, err);
fail:
	cks_kb_item_free(&it);
	cks_store_rollback(store);
	return -1;
}

json_t *
cks_kb_item_to_json(const struct cks_kb_item *it)
{
	json_t *tags = json_array();
	const char *p = it->tags;

	while (*p != '\0') {
		size_t n = strcspn(p, ",");

		json_array_append_new(tags, json_stringn(p, n));
		p += n;
		p += strspn(p, ", ");
	}
	return json_pack("{sI so so so so so so sb sI so so}",
	    "id", (json_int_t)it->id,
	    "title_th", cks_json_string_or_null(it->title_th),
	    "title_en", cks_json_string_or_null(it->title_en),
	    "summary", cks_json_string_or_null(it->summary),
	    "url", cks_json_string_or_null(it->url),
	    "file", it->attachment_id == 0 ? json_null()
		: json_pack("{sI ss sI}", "attachment", (json_int_t)it->attachment_id,
		    "filename", it->filename ? it->filename : "",
		    "size", (json_int_t)it->size),
	    "tags", tags,
	    "active", it->active,
	    "revision", (json_int_t)it->revision,
	    "created_at", cks_json_time_or_null(it->created_ms),
	    "updated_at", cks_json_time_or_null(it->updated_ms));
}

void
cks_kb_item_free(struct cks_kb_item **item)
{
	struct cks_kb_item *it = *item;

	if (it == NULL)
		return;
	free(it->title_th);
	free(it->title_en);
	free(it->summary);
	free(it->url);
	free(it->filename);
	free(it->tags);
	free(it);
	*item = NULL;
}

void
cks_kb_list_free(struct cks_kb_item ***items, size_t count)
{
	if (*items == NULL)
		return;
	for (size_t i = 0; i < count; i++)
		cks_kb_item_free(&(*items)[i]);
	free(*items);
	*items = NULL;
}
