/* The API of what goes out: the basket an agent fills during a session,
 * its preview, confirmation and send, the survey invitation, and the
 * outbound queue.  Each handler makes the same core calls as the matching
 * cksctl command and answers with the same JSON.
 *
 * Statuses beyond api.h's (400 naming the field, 404, 409, 503):
 *   POST .../basket/items   201 with the new item and the basket's revision;
 *                           an attachment over basket.max_file_bytes, or
 *                           one that would take the basket over
 *                           basket.max_total_bytes, is 413 naming
 *                           "attachment.data_base64"; a basket already
 *                           holding basket.max_items is 409 (it is full,
 *                           not malformed)
 *   POST .../basket/send    202 with the new queue id; the same contents
 *                           sent again are 200 with the first queue id and
 *                           "already_queued": true, as cksctl reports a
 *                           repeated send as a success; 409 when the basket
 *                           was never confirmed or changed since, unless
 *                           "unconfirmed": true with a "reason"; 409
 *                           naming "email" when the client's address
 *                           hard-bounced, unless "force": true with a
 *                           "reason" (kept as the message's
 *                           bounce_override)
 *   POST .../survey         202 with queue id and token; again: 200 with
 *                           the first invitation's id and token; a hard
 *                           bounce as for the basket ({"force": true,
 *                           "reason": ...})
 * A body that names a field this API does not know is 400 naming it, so a
 * misspelt optional field is not silently ignored. */
#include "autoconfig.h"

#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "basket.h"
#include "kb.h"
#include "client.h"
#include "compose.h"
#include "queue.h"
#include "queue_bulk.h"
#include "utf8.h"

static void
wake_delivery(const struct cks_api_env *env)
{
	if (env->wake != NULL)
		env->wake(env->wake_context);
}

static void
outbound_of(const struct cks_api_env *env, struct cks_outbound *out)
{
	memset(out, 0, sizeof(*out));     /* redact_links off but for previews */
	out->config = env->config;
	out->store = env->store;
	out->channels = env->channels;
	out->templates = env->templates;
}

/* The body as an object; an absent or empty body is an empty object, for
 * routes whose fields are all optional.  The caller decrefs *out. */
static int
optional_body(const struct cks_api_request *request,
	      struct cks_api_response *response, json_t **out)
{
	if (request->body == NULL || request->body_size == 0) {
		*out = json_object();
		return *out != NULL ? 0 : cks_api_reply_error(response, 500, NULL,
		    "out of memory");
	}
	return cks_api_body_object(request, response, out);
}

/* A string member of a nested object, reported under its full name
 * ("attachment.filename"); returns as cks_api_field_string does. */
static int
nested_string(const json_t *object, const char *key, const char *field,
	      int required, const char **out, struct cks_api_response *response)
{
	const json_t *value = json_object_get(object, key);
	const char *text;

	if (value == NULL || json_is_null(value)) {
		if (required)
			return cks_api_reply_error(response, 400, field,
			    "field '%s' is required", field);
		return 1;
	}
	if (!json_is_string(value))
		return cks_api_reply_error(response, 400, field,
		    "field '%s' must be a string", field);
	text = json_string_value(value);
	if (strlen(text) != json_string_length(value) ||
	    !cks_utf8_valid(text, strlen(text)))
		return cks_api_reply_error(response, 400, field,
		    "field '%s' holds a NUL or invalid UTF-8", field);
	*out = text;
	return 0;
}

/* A one-line text field checked by core's rules, 400 naming field. */
static int
check_line_field(const char *value, const char *field, size_t max_bytes,
		 struct cks_api_response *response)
{
	struct cks_error err;

	if (cks_check_line(value, field, max_bytes, &err) < 0)
		return cks_api_reply_error(response, 400, field, "%s", err.message);
	return 0;
}

/* --- the basket ---------------------------------------------------------- */

static int
get_basket(const struct cks_api_env *env, const struct cks_api_request *request,
	   const char *const *params, struct cks_api_response *response)
{
	struct cks_basket *basket;
	struct cks_error err;
	int64_t session_id;

	if (cks_api_param_id(params[0], "session", &session_id, response) < 0)
		return -1;
	if (cks_basket_get(env->store, session_id, &basket, &err) < 0)
		return cks_api_reply_failure(response, &err);
	cks_api_reply_json(response, 200, cks_basket_to_json(basket));
	cks_basket_free(&basket);
	return 0;
}

/* The attachment of a new item, decoded into *data (the caller frees it)
 * and given to in by name, type and size; 1 when there is none. */
static int
read_attachment(const json_t *body, struct cks_basket_item_input *in,
		unsigned char **data, struct cks_api_response *response)
{
	static const char *const known[] = {
		"filename", "content_type", "data_base64", NULL,
	};
	const json_t *attachment = json_object_get(body, "attachment");
	const char *encoded = NULL;

	if (attachment == NULL || json_is_null(attachment))
		return 1;
	if (!json_is_object(attachment))
		return cks_api_reply_error(response, 400, "attachment",
		    "field 'attachment' must be an object with filename, "
		    "content_type and data_base64");
	if (cks_api_fields_allowed(attachment, known, "attachment.", response) < 0 ||
	    nested_string(attachment, "filename", "attachment.filename", 1,
			  &in->filename, response) < 0 ||
	    nested_string(attachment, "content_type", "attachment.content_type",
			  0, &in->content_type, response) < 0 ||
	    nested_string(attachment, "data_base64", "attachment.data_base64", 1,
			  &encoded, response) < 0)
		return -1;
	/* The store and the email carry the name as given: no directory
	 * parts. */
	if (check_line_field(in->filename, "attachment.filename", 255,
			     response) < 0)
		return -1;
	if (strchr(in->filename, '/') != NULL ||
	    strcmp(in->filename, ".") == 0 || strcmp(in->filename, "..") == 0)
		return cks_api_reply_error(response, 400, "attachment.filename",
		    "field 'attachment.filename' must be a file name without '/'");
	if (cks_base64_decode(encoded, strlen(encoded), data, &in->size,
	    NULL) < 0)
		return cks_api_reply_error(response, 400, "attachment.data_base64",
		    "field 'attachment.data_base64' is not base64 (A-Z a-z 0-9 + /, "
		    "padded with '=')");
	if (in->size == 0)
		return cks_api_reply_error(response, 400, "attachment.data_base64",
		    "field 'attachment.data_base64' holds an empty file");
	in->data = *data;
	return 0;
}

/* cks_basket_add() enforces every rule of an item, the limits included;
 * this only names its fields as the JSON body does.  Its "data" errors
 * are the size limits (an empty file is refused above, while decoding),
 * hence 413; a full basket is its CONFLICT, 409. */
static int
reply_add_failure(struct cks_api_response *response,
		  const struct cks_error *err)
{
	static const struct {
		const char *core;
		const char *json;
	} fields[] = {
		{ "title_th", "title_th" },
		{ "title_en", "title_en" },
		{ "url", "url" },
		{ "content_type", "attachment.content_type" },
		{ "filename", "attachment.filename" },
	};

	if (err->kind != CKS_ERROR_INVALID)
		return cks_api_reply_failure(response, err);
	if (strcmp(err->field, "data") == 0)
		return cks_api_reply_error(response, 413,
		    "attachment.data_base64", "%s", err->message);
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strcmp(err->field, fields[i].core) == 0)
			return cks_api_reply_error(response, 400,
			    fields[i].json, "%s", err->message);
	return cks_api_reply_failure(response, err);
}

static int
post_item(const struct cks_api_env *env, const struct cks_api_request *request,
	  const char *const *params, struct cks_api_response *response)
{
	static const char *const known[] = {
		"title_th", "title_en", "url", "attachment", "kb_item", NULL,
	};
	const struct cks_basket_limits limits = {
		.max_items = env->config->basket_max_items,
		.max_file_bytes = env->config->basket_max_file_bytes,
		.max_total_bytes = env->config->basket_max_total_bytes,
	};
	struct cks_basket_item_input in = { 0 };
	struct cks_basket *basket = NULL;
	struct cks_error err;
	unsigned char *data = NULL;
	json_t *body = NULL, *item = NULL;
	int64_t session_id, item_id, kb_item = 0;
	int rc = -1;

	if (cks_api_param_id(params[0], "session", &session_id, response) < 0 ||
	    cks_api_body_object(request, response, &body) < 0)
		return -1;
	if (json_object_get(body, "kb_item") != NULL) {
		/* A catalogue item, as it is: the copy records its revision. */
		if (cks_api_field_id(body, "kb_item", &kb_item, response) < 0)
			goto out;
		if (json_object_size(body) != 1) {
			cks_api_reply_error(response, 400, "kb_item", "field "
			    "'kb_item' adds a catalogue item as it is: no other "
			    "field goes with it");
			goto out;
		}
		if (cks_kb_to_basket(env->store, session_id, kb_item, &limits,
				     &item_id, &err) < 0) {
			reply_add_failure(response, &err);
			goto out;
		}
	} else if (cks_api_fields_allowed(body, known, "", response) < 0 ||
	    cks_api_field_string(body, "title_th", 0, &in.title_th, response) < 0 ||
	    cks_api_field_string(body, "title_en", 0, &in.title_en, response) < 0 ||
	    cks_api_field_string(body, "url", 0, &in.url, response) < 0 ||
	    read_attachment(body, &in, &data, response) < 0) {
		goto out;
	} else if (cks_basket_add(env->store, session_id, &in, &limits,
				  &item_id, &err) < 0) {
		reply_add_failure(response, &err);
		goto out;
	}
	if (cks_basket_get(env->store, session_id, &basket, &err) < 0) {
		cks_api_reply_failure(response, &err);
		goto out;
	}
	for (size_t i = 0; i < basket->count && item == NULL; i++)
		if (basket->items[i].id == item_id)
			item = cks_basket_item_to_json(&basket->items[i]);
	if (item == NULL) {
		cks_api_reply_error(response, 500, NULL,
		    "item %lld vanished after it was added", (long long)item_id);
		goto out;
	}
	/* The revision to confirm once the client has checked it. */
	json_object_set_new(item, "revision", json_integer(basket->revision));
	rc = cks_api_reply_json(response, 201, item);
out:
	free(data);
	cks_basket_free(&basket);
	json_decref(body);
	return rc;
}

static int
delete_item(const struct cks_api_env *env,
	    const struct cks_api_request *request, const char *const *params,
	    struct cks_api_response *response)
{
	struct cks_error err;
	int64_t session_id, item_id;

	if (cks_api_param_id(params[0], "session", &session_id, response) < 0 ||
	    cks_api_param_id(params[1], "basket item", &item_id, response) < 0)
		return -1;
	if (cks_basket_remove(env->store, session_id, item_id, &err) < 0)
		return cks_api_reply_failure(response, &err);
	return get_basket(env, request, params, response);
}

static int
get_preview(const struct cks_api_env *env,
	    const struct cks_api_request *request, const char *const *params,
	    struct cks_api_response *response)
{
	const char *part = NULL, *lang = NULL;
	struct cks_outbound out;
	struct cks_rendered r;
	struct cks_error err;
	int64_t session_id;

	if (cks_api_param_id(params[0], "session", &session_id, response) < 0)
		return -1;
	if (request->argument != NULL) {
		part = request->argument(request->argument_context, "part");
		lang = request->argument(request->argument_context, "lang");
	}
	if (part != NULL && strcmp(part, "text") != 0 &&
	    strcmp(part, "html") != 0 && strcmp(part, "raw") != 0)
		return cks_api_reply_error(response, 400, "part",
		    "argument 'part' must be text, html or raw");
	if (lang != NULL && strcmp(lang, "th") != 0 && strcmp(lang, "en") != 0)
		return cks_api_reply_error(response, 400, "lang",
		    "argument 'lang' must be th or en");
	outbound_of(env, &out);
	/* The preview shows the links the client will get, but not working
	 * ones: only the client's mail carries signatures. */
	out.redact_links = 1;
	if (cks_compose_basket_preview(&out, session_id, lang, &r, &err) < 0)
		return cks_api_reply_failure(response, &err);
	if (part == NULL) {
		cks_api_reply_json(response, 200, cks_rendered_to_json(&r));
	} else if (strcmp(part, "raw") == 0) {
		cks_api_reply_text(response, 200, "message/rfc822", r.message,
		    r.message_size);
	} else if (strcmp(part, "html") == 0) {
		cks_api_reply_text(response, 200, "text/html; charset=utf-8",
		    r.html, strlen(r.html));
	} else {
		/* As `cksctl basket preview` shows it: the subject, then the
		 * text part. */
		size_t size = strlen(r.subject) + strlen(r.text) + 16;
		char *text = malloc(size);

		if (text == NULL) {
			cks_rendered_free(&r);
			return cks_api_reply_error(response, 500, NULL,
			    "out of memory");
		}
		snprintf(text, size, "Subject: %s\n\n%s", r.subject, r.text);
		cks_api_reply_text(response, 200, "text/plain; charset=utf-8", text,
		    strlen(text));
		free(text);
	}
	cks_rendered_free(&r);
	return 0;
}

static int
post_confirm(const struct cks_api_env *env,
	     const struct cks_api_request *request, const char *const *params,
	     struct cks_api_response *response)
{
	static const char *const known[] = { "revision", "at", NULL };
	struct cks_error err;
	json_t *body = NULL;
	int64_t session_id, revision, at = 0;
	int rc = -1;

	if (cks_api_param_id(params[0], "session", &session_id, response) < 0 ||
	    cks_api_body_object(request, response, &body) < 0)
		return -1;
	if (cks_api_fields_allowed(body, known, "", response) < 0 ||
	    cks_api_field_integer(body, "revision", 1, &revision, response) < 0 ||
	    cks_api_field_time(body, "at", 0, &at, response) < 0)
		goto out;
	if (revision <= 0) {
		cks_api_reply_error(response, 400, "revision",
		    "field 'revision' must be a positive whole number");
		goto out;
	}
	/* cks_basket_confirm_revision compares and confirms in one
	 * transaction, so the revision compared is the one confirmed. */
	if (cks_basket_confirm_revision(env->store, session_id, revision, at,
	    &err) < 0) {
		if (err.kind == CKS_ERROR_CONFLICT &&
		    strcmp(err.field, "revision") == 0)
			cks_api_reply_error(response, 409, "revision", "%s",
			    err.message);
		else
			cks_api_reply_failure(response, &err);
		goto out;
	}
	rc = get_basket(env, request, params, response);
out:
	json_decref(body);
	return rc;
}

/* The answer to a send: 202 for a new message (delivery is woken for it),
 * 200 with the first message for a repeat.  token: NULL for a basket. */
static int
reply_queued(const struct cks_api_env *env, int64_t session_id,
	     int64_t queue_id, const char *token, int existing,
	     struct cks_api_response *response)
{
	if (!existing)
		wake_delivery(env);
	return cks_api_reply_json(response, existing ? 200 : 202,
	    json_pack("{sI sI ss* sb}", "id", (json_int_t)queue_id, "session",
	    (json_int_t)session_id, "token", token, "already_queued", existing));
}

/* An optional boolean member: 1 true, 0 false or absent, -1 replied. */
static int
field_flag(const json_t *body, const char *name,
	   struct cks_api_response *response)
{
	const json_t *v = json_object_get(body, name);

	if (v != NULL && !json_is_boolean(v) && !json_is_null(v))
		return cks_api_reply_error(response, 400, name,
		    "field '%s' must be true or false", name);
	return json_is_true(v) ? 1 : 0;
}

static int
post_send(const struct cks_api_env *env, const struct cks_api_request *request,
	  const char *const *params, struct cks_api_response *response)
{
	static const char *const known[] = { "unconfirmed", "force", "reason",
	    NULL };
	const char *reason = NULL;
	const json_t *unconfirmed;
	struct cks_outbound out;
	struct cks_error err;
	json_t *body = NULL;
	int64_t session_id, queue_id;
	int existing, force, rc = -1;

	if (cks_api_param_id(params[0], "session", &session_id, response) < 0 ||
	    optional_body(request, response, &body) < 0)
		return -1;
	if (cks_api_fields_allowed(body, known, "", response) < 0 ||
	    cks_api_field_string(body, "reason", 0, &reason, response) < 0 ||
	    (force = field_flag(body, "force", response)) < 0)
		goto out;
	unconfirmed = json_object_get(body, "unconfirmed");
	if (unconfirmed != NULL && !json_is_boolean(unconfirmed) &&
	    !json_is_null(unconfirmed)) {
		cks_api_reply_error(response, 400, "unconfirmed",
		    "field 'unconfirmed' must be true or false");
		goto out;
	}
	/* As with cksctl: sending unconfirmed, or past a hard bounce, is a
	 * decision with a reason. */
	if ((json_is_true(unconfirmed) || force) && reason == NULL) {
		cks_api_reply_error(response, 400, "reason",
		    "field 'reason' is required with \"unconfirmed\": true or "
		    "\"force\": true");
		goto out;
	}
	if (!json_is_true(unconfirmed) && !force && reason != NULL) {
		cks_api_reply_error(response, 400, "unconfirmed",
		    "field 'reason' goes with \"unconfirmed\": true or "
		    "\"force\": true");
		goto out;
	}
	outbound_of(env, &out);
	if (force)
		out.bounce_force_reason = reason;
	/* The reason's form is compose's rule; its error names "reason". */
	if (cks_compose_basket_send(&out, session_id,
				    json_is_true(unconfirmed) ? reason : NULL,
				    &queue_id, &existing, &err) < 0) {
		cks_api_reply_failure_field(response, &err, body, NULL);
		goto out;
	}
	rc = reply_queued(env, session_id, queue_id, NULL, existing, response);
out:
	json_decref(body);
	return rc;
}

/* --- the survey invitation ----------------------------------------------- */

static int
post_survey(const struct cks_api_env *env,
	    const struct cks_api_request *request, const char *const *params,
	    struct cks_api_response *response)
{
	static const char *const known[] = { "force", "reason", NULL };
	struct cks_outbound out;
	struct cks_error err;
	const char *reason = NULL;
	json_t *body = NULL;
	int64_t session_id, queue_id;
	char token[32];
	int existing, force, rc = -1;

	if (cks_api_param_id(params[0], "session", &session_id, response) < 0 ||
	    optional_body(request, response, &body) < 0)
		return -1;
	if (cks_api_fields_allowed(body, known, "", response) < 0 ||
	    cks_api_field_string(body, "reason", 0, &reason, response) < 0 ||
	    (force = field_flag(body, "force", response)) < 0)
		goto out;
	if (force != (reason != NULL)) {
		cks_api_reply_error(response, 400, force ? "reason" : "force",
		    "fields \"force\": true and 'reason' go together");
		goto out;
	}
	outbound_of(env, &out);
	out.bounce_force_reason = reason;
	if (cks_compose_survey_send(&out, session_id, &queue_id, token,
				    sizeof(token), &existing, &err) < 0) {
		cks_api_reply_failure_field(response, &err, body, NULL);
		goto out;
	}
	rc = reply_queued(env, session_id, queue_id, token, existing, response);
out:
	json_decref(body);
	return rc;
}

/* --- the queue ------------------------------------------------------------ */

/* Overwrites with '*' the text of member name from after prefix up to
 * stop (exclusive), in a copy. */
static void
mask_member(json_t *entry, const char *name, const char *prefix, char stop)
{
	const char *text = json_string_value(json_object_get(entry, name));
	const char *at = text != NULL ? strstr(text, prefix) : NULL;
	char *copy;

	if (at == NULL)
		return;
	copy = strdup(text);
	if (copy == NULL)
		return;
	for (char *p = copy + (at - text) + strlen(prefix);
	     *p != '\0' && *p != stop; p++)
		*p = '*';
	json_object_set_new(entry, name, json_string(copy));
	free(copy);
}

/* A queued message as the API lists it: a survey invitation's rating
 * token (in its Subject tag and Message-ID) is a secret that rates for
 * the client, so the listing names the message by its id instead. */
static json_t *
entry_json(const struct cks_queue_entry *e)
{
	json_t *entry = cks_queue_entry_to_json(e);

	mask_member(entry, "subject", "[CKS-", ']');
	mask_member(entry, "message_id", "survey.", '.');
	mask_member(entry, "message_id", "sms.", '.');
	return entry;
}

static int
get_queue(const struct cks_api_env *env, const struct cks_api_request *request,
	  const char *const *params, struct cks_api_response *response)
{
	struct cks_queue_entry **list;
	struct cks_error err;
	const char *state = request->argument != NULL ?
	    request->argument(request->argument_context, "state") : NULL;
	json_t *array;
	size_t count;
	long limit;

	if (state != NULL && !cks_queue_state_known(state))
		return cks_api_reply_error(response, 400, "state",
		    "argument 'state' must be queued, sending, sent, deferred, "
		    "failed or cancelled");
	if (cks_api_argument_long(request, "limit", 100, 1, 1000, &limit,
				  response) < 0)
		return -1;
	if (cks_queue_list(env->store, state, (size_t)limit, &list, &count,
			   &err) < 0)
		return cks_api_reply_failure(response, &err);
	array = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(array, entry_json(list[i]));
	cks_queue_list_free(&list, count);
	return cks_api_reply_json(response, 200, json_pack("{so}", "messages",
	    array));
}

/* A queued message, after change (NULL: none) has been made to it;
 * delivery is woken when the change makes it due. */
static int
reply_entry(const struct cks_api_env *env, const char *const *params,
	    int (*change)(struct cks_store *, int64_t, struct cks_error *),
	    int wake, struct cks_api_response *response)
{
	struct cks_queue_entry *entry;
	struct cks_error err;
	int64_t id;

	if (cks_api_param_id(params[0], "queued message", &id, response) < 0)
		return -1;
	if (change != NULL && change(env->store, id, &err) < 0)
		return cks_api_reply_failure(response, &err);
	if (wake)
		wake_delivery(env);
	if (cks_queue_get(env->store, id, 0, &entry, &err) < 0)
		return cks_api_reply_failure(response, &err);
	cks_api_reply_json(response, 200, entry_json(entry));
	cks_queue_entry_free(&entry);
	return 0;
}

static int
get_queue_entry(const struct cks_api_env *env,
		const struct cks_api_request *request, const char *const *params,
		struct cks_api_response *response)
{
	return reply_entry(env, params, NULL, 0, response);
}

static int
post_retry(const struct cks_api_env *env, const struct cks_api_request *request,
	   const char *const *params, struct cks_api_response *response)
{
	return reply_entry(env, params, cks_queue_retry, 1, response);
}

static int
post_cancel(const struct cks_api_env *env,
	    const struct cks_api_request *request, const char *const *params,
	    struct cks_api_response *response)
{
	return reply_entry(env, params, cks_queue_cancel, 0, response);
}

/* POST /v1/queue/retry and /v1/queue/cancel: the selectors of cksctl's
 * bulk retry and cancel as a JSON object ("all_deferred": true,
 * "failed_since": TIME, "to": DOMAIN); 200 with how many changed.  An
 * object without a selector is 400, never "every message". */
static int
post_selected(const struct cks_api_env *env,
	      const struct cks_api_request *request, int retry,
	      struct cks_api_response *response)
{
	static const char *const known[] = { "all_deferred", "failed_since",
		"to", NULL };
	struct cks_queue_selection selection = { 0 };
	const json_t *deferred;
	struct cks_error err;
	json_t *body = NULL;
	size_t count = 0;
	int rc = -1, given;

	if (cks_api_body_object(request, response, &body) < 0)
		return -1;
	if (cks_api_fields_allowed(body, known, "", response) < 0 ||
	    cks_api_field_string(body, "to", 0, &selection.domain, response) < 0)
		goto out;
	deferred = json_object_get(body, "all_deferred");
	if (deferred != NULL && !json_is_boolean(deferred) &&
	    !json_is_null(deferred)) {
		cks_api_reply_error(response, 400, "all_deferred",
		    "field 'all_deferred' must be true or false");
		goto out;
	}
	selection.deferred = json_is_true(deferred);
	given = cks_api_field_time(body, "failed_since", 0,
	    &selection.failed_since_ms, response);
	if (given < 0)
		goto out;
	/* The selection's rules (something selected, the domain's form, no
	 * failed_since on cancel) are queue_bulk's; its error names the
	 * field. */
	if ((retry ? cks_queue_retry_selected : cks_queue_cancel_selected)(
	    env->store, &selection, &count, &err) < 0) {
		cks_api_reply_failure_field(response, &err, body, NULL);
		goto out;
	}
	if (retry && count > 0)
		wake_delivery(env);
	rc = cks_api_reply_json(response, 200, json_pack("{sI}",
	    retry ? "retried" : "cancelled", (json_int_t)count));
out:
	json_decref(body);
	return rc;
}

static int
post_retry_selected(const struct cks_api_env *env,
		    const struct cks_api_request *request,
		    const char *const *params, struct cks_api_response *response)
{
	return post_selected(env, request, 1, response);
}

static int
post_cancel_selected(const struct cks_api_env *env,
		     const struct cks_api_request *request,
		     const char *const *params, struct cks_api_response *response)
{
	return post_selected(env, request, 0, response);
}

const struct cks_api_route cks_api_outbound_routes[] = {
	{ "GET", "/v1/sessions/:id/basket", get_basket },
	{ "POST", "/v1/sessions/:id/basket/items", post_item },
	{ "DELETE", "/v1/sessions/:id/basket/items/:item",
	  delete_item },
	{ "GET", "/v1/sessions/:id/basket/preview", get_preview },
	{ "POST", "/v1/sessions/:id/basket/confirm", post_confirm },
	{ "POST", "/v1/sessions/:id/basket/send", post_send },
	{ "POST", "/v1/sessions/:id/survey", post_survey },
	{ "GET", "/v1/queue", get_queue },
	{ "GET", "/v1/queue/:id", get_queue_entry },
	{ "POST", "/v1/queue/:id/retry", post_retry },
	{ "POST", "/v1/queue/:id/cancel", post_cancel },
	{ "POST", "/v1/queue/retry", post_retry_selected },
	{ "POST", "/v1/queue/cancel", post_cancel_selected },
	{ NULL, NULL, NULL },
};
