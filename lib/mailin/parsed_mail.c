/* The parsed message: freeing it, and its JSON form (see parsed_mail.h). */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "parsed_mail.h"
#include "utf8.h"

static void
free_list(char **list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(list[i]);
	free(list);
}

void
cks_parsed_mail_free(struct cks_parsed_mail **mail)
{
	struct cks_parsed_mail *m = *mail;

	if (m == NULL)
		return;
	free(m->message_id);
	free(m->subject);
	free(m->from_address);
	free(m->from_name);
	free_list(m->addresses, m->address_count);
	free(m->in_reply_to);
	free_list(m->references, m->reference_count);
	free(m->auto_reply);
	free(m->machine_kind);
	free(m->machine_reason);
	free(m->report_action);
	free(m->report_recipient);
	free(m->report_status);
	free(m->report_diagnostic);
	free(m->report_message_id);
	free(m->returned_subject);
	free(m->text);
	free(m->charset);
	free(m->unreadable);
	free(m->json_text);
	free(m);
	*mail = NULL;
}

/* --- JSON ------------------------------------------------------------------ */

/* The string fields, so that both directions list them once. */
#define STRING_FIELDS(X) \
	X(message_id) X(subject) X(from_address) X(from_name) \
	X(in_reply_to) X(auto_reply) X(machine_kind) X(machine_reason) \
	X(report_action) X(report_recipient) X(report_status) \
	X(report_diagnostic) \
	X(report_message_id) X(returned_subject) X(text) X(charset) \
	X(unreadable)

static json_t *
string_array(char *const *list, size_t count)
{
	json_t *array = json_array();

	for (size_t i = 0; array != NULL && i < count; i++) {
		if (json_array_append_new(array, json_string(list[i])) < 0) {
			json_decref(array);
			return NULL;
		}
	}
	return array;
}

json_t *
cks_parsed_mail_to_json(const struct cks_parsed_mail *m)
{
	json_t *obj = json_object();
	int failed = obj == NULL;

	/* json_string() refuses invalid UTF-8: a NULL there fails the set. */
#define SET_STRING(field) \
	failed = failed || json_object_set_new(obj, #field, m->field != NULL ? \
	    json_string(m->field) : json_null()) < 0;
	STRING_FIELDS(SET_STRING)
#undef SET_STRING
	failed = failed ||
	    json_object_set_new(obj, "addresses",
		string_array(m->addresses, m->address_count)) < 0 ||
	    json_object_set_new(obj, "references",
		string_array(m->references, m->reference_count)) < 0 ||
	    json_object_set_new(obj, "is_report",
		json_boolean(m->is_report)) < 0 ||
	    json_object_set_new(obj, "text_from_html",
		json_boolean(m->text_from_html)) < 0;
	if (failed) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

/* A copy of a JSON string without NUL bytes, else an error naming it. */
static int
string_value(json_t *v, const char *what, size_t index, char **out,
	     struct cks_error *err)
{
	size_t len;

	if (!json_is_string(v) && index != (size_t)-1)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "parsed mail: %s[%zu] is not a string", what, index);
	if (!json_is_string(v))
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "parsed mail: %s is not a string", what);
	len = json_string_length(v);
	if (memchr(json_string_value(v), '\0', len) != NULL ||
	    !cks_utf8_valid(json_string_value(v), len))
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "parsed mail: %s is not clean UTF-8", what);
	if ((*out = strndup(json_string_value(v), len)) == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	return 0;
}

/* A missing or null field is NULL. */
static int
string_from_json(json_t *obj, const char *key, char **out,
		 struct cks_error *err)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL || json_is_null(v))
		return 0;
	return string_value(v, key, (size_t)-1, out, err);
}

static int
array_from_json(json_t *obj, const char *key, char ***list, size_t *count,
		struct cks_error *err)
{
	json_t *v = json_object_get(obj, key), *item;
	size_t i;

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "parsed mail: %s is not an array", key);
	if (json_array_size(v) == 0)
		return 0;
	*list = calloc(json_array_size(v), sizeof(**list));
	if (*list == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	json_array_foreach(v, i, item) {
		if (string_value(item, key, i, &(*list)[i], err) < 0)
			return -1;
		*count = i + 1;
	}
	return 0;
}

static int
bool_from_json(json_t *obj, const char *key, int *out, struct cks_error *err)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_boolean(v))
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "parsed mail: %s is not a boolean", key);
	*out = json_is_true(v);
	return 0;
}

int
cks_parsed_mail_from_json(json_t *json, struct cks_parsed_mail **mail_out,
			  struct cks_error *err)
{
	struct cks_parsed_mail *m;

	*mail_out = NULL;
	if (!json_is_object(json))
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "parsed mail: not a JSON object");
	m = calloc(1, sizeof(*m));
	if (m == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
#define GET_STRING(field) \
	if (string_from_json(json, #field, &m->field, err) < 0) \
		goto fail;
	STRING_FIELDS(GET_STRING)
#undef GET_STRING
	if (array_from_json(json, "addresses", &m->addresses, &m->address_count,
	    err) < 0 ||
	    array_from_json(json, "references", &m->references,
	    &m->reference_count, err) < 0 ||
	    bool_from_json(json, "is_report", &m->is_report, err) < 0 ||
	    bool_from_json(json, "text_from_html", &m->text_from_html, err) < 0)
		goto fail;
	*mail_out = m;
	return 0;
fail:
	cks_parsed_mail_free(&m);
	return -1;
}
