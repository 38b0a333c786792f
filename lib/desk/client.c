#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "clock.h"
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

static int
check_input(const struct cks_client_input *in, char *e164, size_t e164_size,
	    struct cks_error *err)
{
	if (in->name == NULL)
		return cks_error_set_field(err, CKS_ERROR_INVALID, "name", "name: is required");
	if (cks_check_line(in->name, "name", 600, err) < 0)
		return -1;
	if (in->company && cks_check_line(in->company, "company", 600, err) < 0)
		return -1;
	if (in->level && cks_check_line(in->level, "level", 200, err) < 0)
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
bind_optional(sqlite3_stmt *stmt, int index, const char *value)
{
	if (value != NULL && value[0] != '\0')
		sqlite3_bind_text(stmt, index, value, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(stmt, index);
}

int
cks_client_add(struct cks_store *store, const struct cks_client_input *in,
	       int64_t *id_out, struct cks_error *err)
{
	char e164[24];
	sqlite3_stmt *stmt;
	int64_t now = cks_now_ms();
	int rc;

	if (check_input(in, e164, sizeof(e164), err) < 0)
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
	sqlite3_bind_text(stmt, 1, in->name, -1, SQLITE_TRANSIENT);
	bind_optional(stmt, 2, in->company);
	bind_optional(stmt, 3, in->email);
	bind_optional(stmt, 4, in->phone);
	bind_optional(stmt, 5, e164);
	sqlite3_bind_text(stmt, 6, in->lang ? in->lang : "th", -1, SQLITE_STATIC);
	bind_optional(stmt, 7, in->level);
	sqlite3_bind_int64(stmt, 8, now);
	sqlite3_bind_int64(stmt, 9, now);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		cks_store_fail(store, "add client", err);
		cks_store_rollback(store);
		return -1;
	}
	*id_out = sqlite3_last_insert_rowid(cks_store_db(store));
	return cks_store_commit(store, err);
}

static struct cks_client *
client_from_row(sqlite3_stmt *stmt)
{
	struct cks_client *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	c->id = sqlite3_column_int64(stmt, 0);
	c->name = cks_store_column_strdup(stmt, 1);
	c->company = cks_store_column_strdup(stmt, 2);
	c->email = cks_store_column_strdup(stmt, 3);
	c->phone = cks_store_column_strdup(stmt, 4);
	c->phone_e164 = cks_store_column_strdup(stmt, 5);
	c->lang = cks_store_column_strdup(stmt, 6);
	c->level = cks_store_column_strdup(stmt, 7);
	c->created_ms = sqlite3_column_int64(stmt, 8);
	c->updated_ms = sqlite3_column_int64(stmt, 9);
	if (c->name == NULL || c->lang == NULL)
		cks_client_free(&c);
	return c;
}

int
cks_client_get(struct cks_store *store, int64_t id,
	       struct cks_client **client_out, struct cks_error *err)
{
	sqlite3_stmt *stmt;
	int rc;

	*client_out = NULL;
	stmt = cks_store_prepare(store,
	    "SELECT " CLIENT_COLUMNS " FROM clients WHERE id = ?", err);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*client_out = client_from_row(stmt);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE)
		return cks_error_set(err, CKS_ERROR_NOT_FOUND,
		    "no client with id %lld", (long long)id);
	if (rc != SQLITE_ROW)
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
	sqlite3_stmt *stmt;
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
	    " WHERE instr(lower(name), lower(?1)) OR instr(lower(company), lower(?1))"
	    "    OR instr(lower(email), lower(?1)) OR instr(phone, ?1)"
	    "    OR (?2 <> '' AND phone_e164 = ?2)"
	    " ORDER BY id DESC LIMIT ?3", err);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, e164, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)limit);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct cks_client **grown = realloc(list, (count + 1) * sizeof(*list));

		if (grown == NULL || (grown[count] = client_from_row(stmt)) == NULL) {
			list = grown ? grown : list;
			rc = SQLITE_NOMEM;
			break;
		}
		list = grown;
		count++;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		cks_client_list_free(&list, count);
		if (rc == SQLITE_NOMEM)
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
