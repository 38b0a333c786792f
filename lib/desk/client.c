#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bounce.h"
#include "client.h"
#include "clock.h"
#include "consent.h"
#include "contact.h"
#include "json_value.h"
#include "utf8.h"

#define CLIENT_COLUMNS \
	"id, name, company, email, phone, phone_e164, lang, level, " \
	"created_at, updated_at"

int
cks_check_line(const char *value, const char *field, size_t max_bytes,
	       struct cks_error *err)
{
	size_t len = strlen(value);

	if (len == 0)
		return cks_error_set_field(err, CKS_ERROR_INVALID, field, "%s: must not be empty",
		    field);
	if (len > max_bytes)
		return cks_error_set_field(err, CKS_ERROR_INVALID, field,
		    "%s: %zu bytes is longer than the limit of %zu", field, len,
		    max_bytes);
	if (!cks_utf8_valid(value, len))
		return cks_error_set_field(err, CKS_ERROR_INVALID, field,
		    "%s: not valid UTF-8", field);
	if (cks_text_has_control(value))
		return cks_error_set_field(err, CKS_ERROR_INVALID, field,
		    "%s: must be one line (no CR, LF or other control characters)",
		    field);
	return 0;
}

int
cks_check_text(const char *value, const char *field, size_t max_bytes,
	       struct cks_error *err)
{
	size_t len = strlen(value);

	if (len == 0)
		return cks_error_set_field(err, CKS_ERROR_INVALID, field, "%s: must not be empty",
		    field);
	if (len > max_bytes)
		return cks_error_set_field(err, CKS_ERROR_INVALID, field,
		    "%s: %zu bytes is longer than the limit of %zu", field, len,
		    max_bytes);
	if (!cks_utf8_valid(value, len))
		return cks_error_set_field(err, CKS_ERROR_INVALID, field,
		    "%s: not valid UTF-8", field);
	for (const char *p = value; *p; p++)
		if (((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t' &&
		     *p != '\r') || *p == 0x7f)
			return cks_error_set_field(err, CKS_ERROR_INVALID, field,
			    "%s: holds a control character", field);
	return 0;
}

/* --- levels ------------------------------------------------------------ */

void
cks_client_levels_clear(struct cks_client_levels *levels)
{
	for (size_t i = 0; i < levels->count; i++) {
		free(levels->v[i].code);
		free(levels->v[i].th);
		free(levels->v[i].en);
	}
	free(levels->v);
	levels->v = NULL;
	levels->count = 0;
}

static char *
trimmed_dup(const char *start, const char *end)
{
	char *s;

	while (start < end && (*start == ' ' || *start == '\t'))
		start++;
	while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	s = malloc((size_t)(end - start) + 1);
	if (s != NULL) {
		memcpy(s, start, (size_t)(end - start));
		s[end - start] = '\0';
	}
	return s;
}

int
cks_client_levels_parse(const char *spec, struct cks_client_levels *out,
			struct cks_error *err)
{
	const char *p;

	memset(out, 0, sizeof(*out));
	if (spec == NULL)
		spec = CKS_CLIENT_LEVELS_DEFAULT;
	if (cks_check_line(spec, "client.levels", 4000, err) < 0)
		return -1;
	p = spec;
	for (;;) {
		const char *end = strchr(p, ',');
		const char *c1, *c2;
		struct cks_client_level *grown, *l;

		if (end == NULL)
			end = p + strlen(p);
		c1 = memchr(p, ':', (size_t)(end - p));
		c2 = c1 ? memchr(c1 + 1, ':', (size_t)(end - c1 - 1)) : NULL;
		if (c2 == NULL || memchr(c2 + 1, ':', (size_t)(end - c2 - 1))) {
			cks_client_levels_clear(out);
			return cks_error_set_field(err, CKS_ERROR_INVALID,
			    "client.levels", "client.levels: entry %zu is not "
			    "CODE:THAI NAME:ENGLISH NAME", out->count + 1);
		}
		grown = realloc(out->v, (out->count + 1) * sizeof(*out->v));
		if (grown == NULL) {
			cks_client_levels_clear(out);
			return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		}
		out->v = grown;
		l = &out->v[out->count++];
		l->code = trimmed_dup(p, c1);
		l->th = trimmed_dup(c1 + 1, c2);
		l->en = trimmed_dup(c2 + 1, end);
		if (l->code == NULL || l->th == NULL || l->en == NULL) {
			cks_client_levels_clear(out);
			return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		}
		if (l->code[0] == '\0' || l->th[0] == '\0' || l->en[0] == '\0' ||
		    strspn(l->code, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != strlen(l->code)) {
			size_t n = out->count;

			cks_client_levels_clear(out);
			return cks_error_set_field(err, CKS_ERROR_INVALID,
			    "client.levels", "client.levels: entry %zu needs a code "
			    "of letters, digits, '-' or '_' and both names", n);
		}
		for (size_t i = 0; i + 1 < out->count; i++)
			if (strcasecmp(out->v[i].code, l->code) == 0) {
				char code[64];

				snprintf(code, sizeof(code), "%s", l->code);
				cks_client_levels_clear(out);
				return cks_error_set_field(err, CKS_ERROR_INVALID,
				    "client.levels", "client.levels: code '%s' "
				    "appears twice", code);
			}
		if (*end == '\0')
			break;
		p = end + 1;
	}
	return 0;
}

const struct cks_client_level *
cks_client_level_find(const struct cks_client_levels *levels, const char *value)
{
	for (size_t i = 0; value != NULL && i < levels->count; i++)
		if (strcasecmp(levels->v[i].code, value) == 0 ||
		    strcasecmp(levels->v[i].th, value) == 0 ||
		    strcasecmp(levels->v[i].en, value) == 0)
			return &levels->v[i];
	return NULL;
}

/* The level's code into code, or a refusal naming the allowed values. */
static int
check_level(const char *value, const char *spec, char *code, size_t size,
	    struct cks_error *err)
{
	struct cks_client_levels levels;
	const struct cks_client_level *l;
	char allowed[1024] = "";
	size_t n = 0;

	if (cks_check_line(value, "level", 200, err) < 0 ||
	    cks_client_levels_parse(spec, &levels, err) < 0)
		return -1;
	l = cks_client_level_find(&levels, value);
	if (l != NULL) {
		snprintf(code, size, "%s", l->code);
		cks_client_levels_clear(&levels);
		return 0;
	}
	for (size_t i = 0; i < levels.count && n < sizeof(allowed); i++)
		n += (size_t)snprintf(allowed + n, sizeof(allowed) - n, "%s%s (%s)",
		    i ? ", " : "", levels.v[i].code, levels.v[i].en);
	cks_client_levels_clear(&levels);
	return cks_error_set_field(err, CKS_ERROR_INVALID, "level",
	    "level: '%s' is not one of the desk's levels: %s", value, allowed);
}

/* --- add ------------------------------------------------------------------ */

static int
check_input(const struct cks_client_input *in, char *e164, size_t e164_size,
	    char *level, size_t level_size, struct cks_error *err)
{
	if (in->name == NULL)
		return cks_error_set_field(err, CKS_ERROR_INVALID, "name", "name: is required");
	if (cks_check_line(in->name, "name", 600, err) < 0)
		return -1;
	if (in->company && cks_check_line(in->company, "company", 600, err) < 0)
		return -1;
	level[0] = '\0';
	if (in->level && check_level(in->level, in->levels, level, level_size,
	    err) < 0)
		return -1;
	if (in->lang && strcmp(in->lang, "th") != 0 && strcmp(in->lang, "en") != 0)
		return cks_error_set_field(err, CKS_ERROR_INVALID, "lang",
		    "lang: '%s' is not th or en", in->lang);
	if (in->email && cks_email_check(in->email, "email", err) < 0)
		return -1;
	e164[0] = '\0';
	if (in->phone && (cks_check_line(in->phone, "phone", 40, err) < 0 ||
	    cks_phone_normalize(in->phone, "phone", e164, e164_size, err) < 0))
		return -1;
	return 0;
}

static void
bind_optional(struct cks_stmt *stmt, int index, const char *value)
{
	if (value != NULL && value[0] != '\0')
		cks_stmt_bind_text(stmt, index, value, -1, CKS_STMT_TRANSIENT);
	else
		cks_stmt_bind_null(stmt, index);
}

int
cks_client_add(struct cks_store *store, const struct cks_client_input *in,
	       int64_t *id_out, struct cks_error *err)
{
	char e164[24], level[64];
	struct cks_stmt *stmt;
	int64_t now = cks_now_ms();
	int rc;

	if (check_input(in, e164, sizeof(e164), level, sizeof(level), err) < 0)
		return -1;
	/* Its own transaction, as every write function has (one INSERT
	 * needs none; the rule is one, so no caller has to know). */
	if (cks_store_begin(store, err) < 0)
		return -1;
	stmt = cks_store_prepare(store,
	    "INSERT INTO clients (name, company, email, phone, phone_e164, lang,"
	    " level, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    err);
	if (stmt == NULL) {
		cks_store_rollback(store);
		return -1;
	}
	cks_stmt_bind_text(stmt, 1, in->name, -1, CKS_STMT_TRANSIENT);
	bind_optional(stmt, 2, in->company);
	bind_optional(stmt, 3, in->email);
	bind_optional(stmt, 4, in->phone);
	bind_optional(stmt, 5, e164);
	cks_stmt_bind_text(stmt, 6, in->lang ? in->lang : "th", -1, CKS_STMT_STATIC);
	bind_optional(stmt, 7, level);
	cks_stmt_bind_int64(stmt, 8, now);
	cks_stmt_bind_int64(stmt, 9, now);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(store, "add client", err);
		cks_store_rollback(store);
		return -1;
	}
	*id_out = cks_store_last_insert_id(store);
	return cks_store_commit(store, err);
}

static struct cks_client *
client_from_row(struct cks_stmt *stmt)
{
	struct cks_client *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	c->id = cks_stmt_column_int64(stmt, 0);
	c->name = cks_store_column_strdup(stmt, 1);
	c->company = cks_store_column_strdup(stmt, 2);
	c->email = cks_store_column_strdup(stmt, 3);
	c->phone = cks_store_column_strdup(stmt, 4);
	c->phone_e164 = cks_store_column_strdup(stmt, 5);
	c->lang = cks_store_column_strdup(stmt, 6);
	c->level = cks_store_column_strdup(stmt, 7);
	c->created_ms = cks_stmt_column_int64(stmt, 8);
	c->updated_ms = cks_stmt_column_int64(stmt, 9);
	if (c->name == NULL || c->lang == NULL)
		cks_client_free(&c);
	return c;
}

int
cks_client_get(struct cks_store *store, int64_t id,
	       struct cks_client **client_out, struct cks_error *err)
{
	struct cks_stmt *stmt;
	int rc;

	*client_out = NULL;
	stmt = cks_store_prepare(store,
	    "SELECT " CLIENT_COLUMNS " FROM clients WHERE id = ?", err);
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, id);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW)
		*client_out = client_from_row(stmt);
	cks_stmt_finalize(stmt);
	if (rc == CKS_STMT_DONE)
		return cks_error_set(err, CKS_ERROR_NOT_FOUND,
		    "no client with id %lld", (long long)id);
	if (rc != CKS_STMT_ROW)
		return cks_store_fail(store, "read client", err);
	if (*client_out == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	return 0;
}

int
cks_client_find(struct cks_store *store, const char *text, size_t limit,
		struct cks_client ***clients_out, size_t *count_out,
		struct cks_error *err)
{
	struct cks_client **list = NULL;
	size_t count = 0;
	char e164[24] = "";
	struct cks_stmt *stmt;
	int rc;

	*clients_out = NULL;
	*count_out = 0;
	if (cks_check_line(text, "search text", 200, err) < 0)
		return -1;
	/* A search that is a phone number also finds other ways to write it. */
	if (cks_phone_normalize(text, "search", e164, sizeof(e164), NULL) < 0)
		e164[0] = '\0';
	stmt = cks_store_prepare(store,
	    "SELECT " CLIENT_COLUMNS " FROM clients"
	    " WHERE instr(lower(name), lower(?1)) > 0"
	    "    OR instr(lower(company), lower(?1)) > 0"
	    "    OR instr(lower(email), lower(?1)) > 0 OR instr(phone, ?1) > 0"
	    "    OR (?2 <> '' AND phone_e164 = ?2)"
	    " ORDER BY id DESC LIMIT ?3", err);
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_text(stmt, 1, text, -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(stmt, 2, e164, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(stmt, 3, (int64_t)limit);
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW) {
		struct cks_client **grown = realloc(list, (count + 1) * sizeof(*list));

		if (grown == NULL || (grown[count] = client_from_row(stmt)) == NULL) {
			list = grown ? grown : list;
			rc = CKS_STMT_NOMEM;
			break;
		}
		list = grown;
		count++;
	}
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		cks_client_list_free(&list, count);
		if (rc == CKS_STMT_NOMEM)
			return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		return cks_store_fail(store, "find clients", err);
	}
	*clients_out = list;
	*count_out = count;
	return 0;
}

void
cks_client_free(struct cks_client **client)
{
	struct cks_client *c = *client;

	if (c == NULL)
		return;
	free(c->name);
	free(c->company);
	free(c->email);
	free(c->phone);
	free(c->phone_e164);
	free(c->lang);
	free(c->level);
	free(c);
	*client = NULL;
}

void
cks_client_list_free(struct cks_client ***clients, size_t count)
{
	if (*clients == NULL)
		return;
	for (size_t i = 0; i < count; i++)
		cks_client_free(&(*clients)[i]);
	free(*clients);
	*clients = NULL;
}

json_t *
cks_client_to_json(const struct cks_client *c)
{
	return json_pack("{sI ss so so so so ss so so}",
	    "id", (json_int_t)c->id,
	    "name", c->name,
	    "company", cks_json_string_or_null(c->company),
	    "email", cks_json_string_or_null(c->email),
	    "phone", cks_json_string_or_null(c->phone),
	    "phone_e164", cks_json_string_or_null(c->phone_e164),
	    "lang", c->lang,
	    "level", cks_json_string_or_null(c->level),
	    "created", cks_json_time_or_null(c->created_ms));
}

/* --- duplicates ------------------------------------------------------------ */

int
cks_client_find_existing(struct cks_store *store, const char *email,
			 const char *phone, int64_t except_id, int64_t *id_out,
			 const char **field_out, struct cks_error *err)
{
	char e164[24] = "";
	struct cks_stmt *stmt;
	int rc;

	*id_out = 0;
	*field_out = NULL;
	if (phone != NULL && phone[0] &&
	    cks_phone_normalize(phone, "phone", e164, sizeof(e164), NULL) < 0)
		e164[0] = '\0';
	stmt = cks_store_prepare(store,
	    "SELECT id, CASE WHEN ?1 <> '' AND lower(email) = lower(?1)"
	    " THEN 'email' ELSE 'phone' END FROM clients"
	    " WHERE id <> ?3 AND ((?1 <> '' AND lower(email) = lower(?1))"
	    "    OR (?2 <> '' AND phone_e164 = ?2))"
	    " ORDER BY id LIMIT 1", err);
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_text(stmt, 1, email ? email : "", -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(stmt, 2, e164, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(stmt, 3, except_id);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW) {
		*id_out = cks_stmt_column_int64(stmt, 0);
		*field_out = strcmp((const char *)cks_stmt_column_text(stmt, 1),
		    "email") == 0 ? "email" : "phone";
	}
	cks_stmt_finalize(stmt);
	if (rc == CKS_STMT_ROW)
		return 1;
	if (rc == CKS_STMT_DONE)
		return 0;
	return cks_store_fail(store, "find existing client", err);
}

/* --- edit and history ------------------------------------------------------ */

static int
add_history(struct cks_store *store, int64_t client, int64_t at,
	    const char *actor, const char *field, const char *old_value,
	    const char *new_value, struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store,
	    "INSERT INTO client_history (client_id, at, actor, field, old_value,"
	    " new_value) VALUES (?, ?, ?, ?, ?, ?)", err);
	int rc;

	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, client);
	cks_stmt_bind_int64(stmt, 2, at);
	cks_stmt_bind_text(stmt, 3, actor, -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(stmt, 4, field, -1, CKS_STMT_STATIC);
	bind_optional(stmt, 5, old_value);
	bind_optional(stmt, 6, new_value);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	return rc == CKS_STMT_DONE ? 0 : cks_store_fail(store, "record client history",
	    err);
}

static int
same(const char *a, const char *b)
{
	if (a != NULL && a[0] == '\0')
		a = NULL;
	if (b != NULL && b[0] == '\0')
		b = NULL;
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Sets one column (from the fixed list below) and records the change. */
static int
set_field(struct cks_store *store, int64_t id, int64_t now, const char *actor,
	  const char *column, const char *field, const char *old_value,
	  const char *new_value, int *changed, struct cks_error *err)
{
	char sql[128];
	struct cks_stmt *stmt;
	int rc;

	if (same(old_value, new_value))
		return 0;
	snprintf(sql, sizeof(sql),
	    "UPDATE clients SET %s = ?, updated_at = ? WHERE id = ?", column);
	stmt = cks_store_prepare(store, sql, err);
	if (stmt == NULL)
		return -1;
	bind_optional(stmt, 1, new_value);
	cks_stmt_bind_int64(stmt, 2, now);
	cks_stmt_bind_int64(stmt, 3, id);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE)
		return cks_store_fail(store, "update client", err);
	if (field != NULL) {
		(*changed)++;
		return add_history(store, id, now, actor, field, old_value,
		    new_value, err);
	}
	return 0;
}

int
cks_client_edit(struct cks_store *store, int64_t id,
		const struct cks_client_input *given, const char *actor,
		int *changed_out, struct cks_error *err)
{
	struct cks_client_input in = *given;
	struct cks_client *c = NULL;
	char e164[24], level[64];
	int64_t now = cks_now_ms();
	int changed = 0;

	if (changed_out != NULL)
		*changed_out = 0;
	if (actor == NULL || cks_check_line(actor, "actor", 200, err) < 0)
		return actor == NULL ? cks_error_set(err, CKS_ERROR_INVALID,
		    "an edit needs who made it") : -1;
	if (cks_store_begin(store, err) < 0)
		return -1;
	if (cks_client_get(store, id, &c, err) < 0)
		goto fail;
	/* Checked as a whole client would be: the given fields over the
	 * current ones, "" clearing an optional one. */
	if (in.name == NULL)
		in.name = c->name;
	if (in.lang == NULL)
		in.lang = c->lang;
#define KEEP_OR_CLEAR(f) \
	if (in.f == NULL) in.f = c->f; else if (in.f[0] == '\0') in.f = NULL
	KEEP_OR_CLEAR(company);
	KEEP_OR_CLEAR(email);
	KEEP_OR_CLEAR(phone);
#undef KEEP_OR_CLEAR
	/* An old free-text level is kept as it is unless the edit sets one. */
	if (given->level != NULL && given->level[0] == '\0')
		in.level = NULL;
	else if (given->level == NULL)
		in.level = NULL;
	if (check_input(&in, e164, sizeof(e164), level, sizeof(level), err) < 0) {
		cks_error_prefix(err, "client %lld", (long long)id);
		goto fail;
	}
	if (set_field(store, id, now, actor, "name", "name", c->name, in.name,
		      &changed, err) < 0 ||
	    set_field(store, id, now, actor, "company", "company", c->company,
		      in.company, &changed, err) < 0 ||
	    set_field(store, id, now, actor, "email", "email", c->email, in.email,
		      &changed, err) < 0 ||
	    set_field(store, id, now, actor, "phone", "phone", c->phone, in.phone,
		      &changed, err) < 0 ||
	    set_field(store, id, now, actor, "phone_e164", NULL, c->phone_e164,
		      e164, &changed, err) < 0 ||
	    set_field(store, id, now, actor, "lang", "lang", c->lang, in.lang,
		      &changed, err) < 0 ||
	    (given->level != NULL &&
	     set_field(store, id, now, actor, "level", "level", c->level, level,
		       &changed, err) < 0))
		goto fail;
	cks_client_free(&c);
	if (changed_out != NULL)
		*changed_out = changed;
	return cks_store_commit(store, err);
fail:
	cks_client_free(&c);
	cks_store_rollback(store);
	return -1;
}

void
cks_client_history_free(struct cks_client_change **changes, size_t count)
{
	if (*changes == NULL)
		return;
	for (size_t i = 0; i < count; i++) {
		free((*changes)[i].actor);
		free((*changes)[i].field);
		free((*changes)[i].old_value);
		free((*changes)[i].new_value);
	}
	free(*changes);
	*changes = NULL;
}

int
cks_client_history(struct cks_store *store, int64_t id,
		   struct cks_client_change **changes_out, size_t *count_out,
		   struct cks_error *err)
{
	struct cks_client_change *list = NULL;
	struct cks_client *c;
	size_t count = 0;
	struct cks_stmt *stmt;
	int rc;

	*changes_out = NULL;
	*count_out = 0;
	if (cks_client_get(store, id, &c, err) < 0)
		return -1;
	cks_client_free(&c);
	stmt = cks_store_prepare(store, "SELECT id, client_id, at, actor, field,"
	    " old_value, new_value FROM client_history WHERE client_id = ?"
	    " ORDER BY at, id", err);
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, id);
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW) {
		struct cks_client_change *grown = realloc(list,
		    (count + 1) * sizeof(*list)), *ch;

		if (grown == NULL) {
			rc = CKS_STMT_NOMEM;
			break;
		}
		list = grown;
		ch = &list[count++];
		ch->id = cks_stmt_column_int64(stmt, 0);
		ch->client_id = cks_stmt_column_int64(stmt, 1);
		ch->at_ms = cks_stmt_column_int64(stmt, 2);
		ch->actor = cks_store_column_strdup(stmt, 3);
		ch->field = cks_store_column_strdup(stmt, 4);
		ch->old_value = cks_store_column_strdup(stmt, 5);
		ch->new_value = cks_store_column_strdup(stmt, 6);
		if (ch->actor == NULL || ch->field == NULL) {
			rc = CKS_STMT_NOMEM;
			break;
		}
	}
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		cks_client_history_free(&list, count);
		if (rc == CKS_STMT_NOMEM)
			return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		return cks_store_fail(store, "read client history", err);
	}
	*changes_out = list;
	*count_out = count;
	return 0;
}

json_t *
cks_client_change_to_json(const struct cks_client_change *ch)
{
	return json_pack("{sI sI so ss ss so so}",
	    "id", (json_int_t)ch->id,
	    "client", (json_int_t)ch->client_id,
	    "at", cks_json_time_or_null(ch->at_ms),
	    "by", ch->actor,
	    "field", ch->field,
	    "old", cks_json_string_or_null(ch->old_value),
	    "new", cks_json_string_or_null(ch->new_value));
}

/* --- merge ----------------------------------------------------------------- */

static int
exec_ids(struct cks_store *store, const char *sql, int64_t a, int64_t b,
	 int *changes, struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store, sql, err);
	int rc;

	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, a);
	cks_stmt_bind_int64(stmt, 2, b);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE)
		return cks_store_fail(store, "merge clients", err);
	if (changes != NULL)
		*changes = cks_store_changes(store);
	return 0;
}

int
cks_client_merge(struct cks_store *store, int64_t keep, int64_t drop,
		 const char *actor, int *moved_out, struct cks_error *err)
{
	struct cks_client *k = NULL, *d = NULL;
	char what[1400];
	int64_t now = cks_now_ms();
	int moved = 0, changed = 0;

	if (moved_out != NULL)
		*moved_out = 0;
	if (keep == drop)
		return cks_error_set_field(err, CKS_ERROR_INVALID, "drop",
		    "drop: client %lld cannot be merged into itself",
		    (long long)keep);
	if (actor == NULL || cks_check_line(actor, "actor", 200, err) < 0)
		return actor == NULL ? cks_error_set(err, CKS_ERROR_INVALID,
		    "a merge needs who made it") : -1;
	if (cks_store_begin(store, err) < 0)
		return -1;
	if (cks_client_get(store, keep, &k, err) < 0 ||
	    cks_client_get(store, drop, &d, err) < 0) {
		if (err != NULL && err->kind == CKS_ERROR_NOT_FOUND && k != NULL)
			cks_error_name_field(err, "drop");
		goto fail;
	}
	/* Sessions carry everything else: baskets, ratings, survey
	 * invitations and queued messages all refer to a session. */
	if (exec_ids(store, "UPDATE sessions SET client_id = ?1"
		     " WHERE client_id = ?2", keep, drop, &moved, err) < 0 ||
	    exec_ids(store, "UPDATE client_history SET client_id = ?1"
		     " WHERE client_id = ?2", keep, drop, NULL, err) < 0)
		goto fail;
	/* keep's empty fields take drop's values, each change recorded. */
	if ((k->company == NULL && d->company != NULL &&
	     set_field(store, keep, now, actor, "company", "company", NULL,
		       d->company, &changed, err) < 0) ||
	    (k->email == NULL && d->email != NULL &&
	     set_field(store, keep, now, actor, "email", "email", NULL, d->email,
		       &changed, err) < 0) ||
	    (k->phone == NULL && d->phone != NULL &&
	     (set_field(store, keep, now, actor, "phone", "phone", NULL, d->phone,
			&changed, err) < 0 ||
	      set_field(store, keep, now, actor, "phone_e164", NULL, NULL,
			d->phone_e164, &changed, err) < 0)) ||
	    (k->level == NULL && d->level != NULL &&
	     set_field(store, keep, now, actor, "level", "level", NULL, d->level,
		       &changed, err) < 0))
		goto fail;
	snprintf(what, sizeof(what), "client %lld (%s%s%s%s%s), %d session%s",
	    (long long)drop, d->name, d->email ? ", " : "",
	    d->email ? d->email : "", d->phone ? ", " : "",
	    d->phone ? d->phone : "", moved, moved == 1 ? "" : "s");
	if (add_history(store, keep, now, actor, "merge", what, NULL, err) < 0 ||
	    exec_ids(store, "DELETE FROM clients WHERE id = ?2 AND ?1 = ?1", keep,
		     drop, NULL, err) < 0)
		goto fail;
	cks_client_free(&k);
	cks_client_free(&d);
	if (moved_out != NULL)
		*moved_out = moved;
	return cks_store_commit(store, err);
fail:
	cks_client_free(&k);
	cks_client_free(&d);
	cks_store_rollback(store);
	return -1;
}

/* --- the desk's view --------------------------------------------------------- */

int
cks_client_describe(struct cks_store *store, const struct cks_client *c,
		    const char *levels_spec, json_t **json_out,
		    struct cks_error *err)
{
	struct cks_client_levels levels;
	const struct cks_client_level *l = NULL;
	struct cks_bounce b;
	struct cks_consent consent;
	json_t *j, *consent_json;
	int bounced = 0;

	*json_out = NULL;
	if (c->level != NULL) {
		if (cks_client_levels_parse(levels_spec, &levels, err) < 0)
			return -1;
		l = cks_client_level_find(&levels, c->level);
	}
	if (c->email != NULL &&
	    (bounced = cks_bounce_get(store, c->email, &b, err)) < 0) {
		if (c->level != NULL)
			cks_client_levels_clear(&levels);
		return -1;
	}
	if (cks_consent_get(store, c->id, &consent, err) < 0) {
		if (c->level != NULL)
			cks_client_levels_clear(&levels);
		return -1;
	}
	consent_json = cks_consent_to_json(&consent);
	cks_consent_clear(&consent);
	j = cks_client_to_json(c);
	if (j != NULL && consent_json != NULL)
		json_object_update(j, consent_json);
	json_decref(consent_json);
	if (j != NULL) {
		json_object_set_new(j, "level_known", json_boolean(l != NULL));
		json_object_set_new(j, "level_th", cks_json_string_or_null(l ? l->th : NULL));
		json_object_set_new(j, "level_en", cks_json_string_or_null(l ? l->en : NULL));
		json_object_set_new(j, "bounce", bounced ? cks_bounce_to_json(&b) :
		    json_null());
	}
	if (c->level != NULL)
		cks_client_levels_clear(&levels);
	if (j == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	*json_out = j;
	return 0;
}
