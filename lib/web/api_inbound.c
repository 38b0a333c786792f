/* The API for inbound answers: the SMS webhook, as `cksctl sms`, and the
 * quarantine, as `cksctl quarantine`.  Handlers have no parse worker, so
 * a stored mail is not parsed here: its replay answers 501 (cksctl does
 * it); an SMS needs no parsing and is handled in full. */
#include "autoconfig.h"

#include "api.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "charset.h"
#include "reply_store.h"

/* The pipeline as handlers have it: without a parse worker. */
static void
inbound_of(const struct cks_api_env *env, struct cks_reply_store *in)
{
	in->config = env->config;
	in->store = env->store;
	in->channels = env->channels;
	in->worker = NULL;
}

/* Replies with the result, as `cksctl ... --json` prints it, and wakes the
 * daemon when a rating changed (its events were written with it). */
static int
reply_result(const struct cks_api_env *env, struct cks_reply_store_result *r,
	     struct cks_api_response *response)
{
	int rc;

	if (r->changed && env->wake != NULL)
		env->wake(env->wake_context);
	rc = cks_api_reply_json(response, 200, cks_reply_store_result_to_json(r));
	cks_reply_store_result_clear(r);
	return rc;
}

/* The charset parameter of a Content-Type, into buf; "UTF-8" when none. */
static void
content_charset(const char *type, char *buf, size_t size)
{
	const char *p = NULL;
	size_t n;

	for (const char *q = type; q != NULL && *q != '\0' && p == NULL; q++)
		if (strncasecmp(q, "charset=", 8) == 0)
			p = q;

	if (p == NULL) {
		snprintf(buf, size, "UTF-8");
		return;
	}
	p += 8;
	if (*p == '"')
		p++;
	n = strcspn(p, "\"; \t");
	snprintf(buf, size, "%.*s", (int)(n < size ? n : size - 1), p);
}

/* Kannel's sms-service post-url: the text is the body, in the charset
 * the Content-Type names (UTF-16BE for a UCS-2 SMS), the sender in the
 * URL (?from=%p).  Into UTF-8; NULL with a reply when it cannot be. */
static char *
kannel_text(const struct cks_api_request *request,
	    struct cks_api_response *response)
{
	char charset[40], *text = NULL;
	size_t len = 0;
	int rc;

	content_charset(request->content_type, charset, sizeof(charset));
	if (request->body == NULL || request->body_size == 0) {
		cks_api_reply_error(response, 400, "text", "the SMS text (the "
		    "request body) is empty");
		return NULL;
	}
	/* Kannel's name for text it already made 8-bit. */
	if (strcasecmp(charset, "GSM") == 0)
		snprintf(charset, sizeof(charset), "UTF-8");
	rc = cks_charset_to_utf8(charset, request->body, request->body_size, 1,
	    &text, &len);
	if (rc < 0) {
		cks_api_reply_error(response, 500, NULL, "out of memory");
		return NULL;
	}
	if (rc == 0 || strlen(text) != len) {
		free(text);
		cks_api_reply_error(response, 400, "text", "the SMS text is not "
		    "valid %.40s", charset);
		return NULL;
	}
	return text;
}

static int
post_sms(const struct cks_api_env *env, const struct cks_api_request *request,
	 const char *const *params, struct cks_api_response *response)
{
	static const char *const allowed[] = { "from", "text", NULL };
	struct cks_reply_store_result r = { 0 };
	const char *from, *text;
	struct cks_reply_store in;
	struct cks_error err;
	json_t *body = NULL;
	char *converted = NULL;
	int rc = -1;

	if (request->content_type != NULL &&
	    strncasecmp(request->content_type, "text/plain", 10) == 0) {
		from = request->argument(request->argument_context, "from");
		if (from == NULL || from[0] == '\0')
			return cks_api_reply_error(response, 400, "from", "a text/plain "
			    "SMS needs the sender in the URL: ?from=%%p in Kannel's "
			    "post-url");
		if ((converted = kannel_text(request, response)) == NULL)
			return -1;
		text = converted;
	} else {
		if (cks_api_body_object(request, response, &body) < 0)
			return -1;
		if (cks_api_fields_allowed(body, allowed, "", response) < 0 ||
		    cks_api_field_string(body, "from", 1, &from, response) < 0 ||
		    cks_api_field_string(body, "text", 1, &text, response) < 0)
			goto out;
	}
	inbound_of(env, &in);
	if (cks_reply_store_accept_sms(&in, from, text, &r, &err) < 0) {
		cks_reply_store_result_clear(&r);
		cks_api_reply_failure_field(response, &err, body, NULL);
		goto out;
	}
	rc = reply_result(env, &r, response);
out:
	free(converted);
	json_decref(body);
	return rc;
}

static int
get_quarantine(const struct cks_api_env *env,
	       const struct cks_api_request *request, const char *const *params,
	       struct cks_api_response *response)
{
	struct cks_error err;
	json_t *list;
	long limit;

	if (cks_api_argument_long(request, "limit", 200, 1, 1000, &limit,
	    response) < 0)
		return -1;
	if (cks_reply_store_list(env->store, env->channels, "quarantined",
	    (size_t)limit, &list, &err) < 0)
		return cks_api_reply_failure(response, &err);
	return cks_api_reply_json(response, 200, json_pack("{so}", "messages",
	    list));
}

/* The stored message's JSON (404 if there is none). */
static json_t *
load_message(const struct cks_api_env *env, const char *param, int64_t *id,
	     struct cks_api_response *response)
{
	struct cks_error err;
	json_t *json;

	if (cks_api_param_id(param, "inbound message", id, response) < 0)
		return NULL;
	if (cks_reply_store_show(env->store, env->channels, *id, &json, &err) < 0) {
		cks_api_reply_failure(response, &err);
		return NULL;
	}
	return json;
}

/* An SMS is stored as its text, a mail as its bytes. */
static int
is_sms(const json_t *message)
{
	const char *source = json_string_value(json_object_get(message,
	    "source"));

	return source != NULL && strncmp(source, "sms:", 4) == 0;
}

static int
get_inbound(const struct cks_api_env *env, const struct cks_api_request *request,
	    const char *const *params, struct cks_api_response *response)
{
	int64_t id;
	json_t *json = load_message(env, params[0], &id, response);

	return json != NULL ? cks_api_reply_json(response, 200, json) : -1;
}

static int
get_inbound_raw(const struct cks_api_env *env,
		const struct cks_api_request *request, const char *const *params,
		struct cks_api_response *response)
{
	struct cks_error err;
	json_t *json;
	int64_t id;
	size_t size;
	char *raw;
	int sms, rc;

	json = load_message(env, params[0], &id, response);
	if (json == NULL)
		return -1;
	sms = is_sms(json);
	json_decref(json);
	if (cks_reply_store_raw(env->store, id, &raw, &size, &err) < 0)
		return cks_api_reply_failure(response, &err);
	rc = cks_api_reply_text(response, 200, sms ? "text/plain; charset=utf-8"
	    : "message/rfc822", raw, size);
	free(raw);
	return rc;
}

static int
post_replay(const struct cks_api_env *env,
	    const struct cks_api_request *request, const char *const *params,
	    struct cks_api_response *response)
{
	struct cks_reply_store_result r = { 0 };
	struct cks_reply_store in;
	struct cks_error err;
	const char *outcome;
	int64_t id;
	json_t *json;
	int needs_parse;

	json = load_message(env, params[0], &id, response);
	if (json == NULL)
		return -1;
	/* Only a stored mail in a state that is replayed reaches the parser;
	 * anything else the core answers (a 409) without one. */
	outcome = json_string_value(json_object_get(json, "outcome"));
	needs_parse = !is_sms(json) && outcome != NULL &&
	    (strcmp(outcome, "quarantined") == 0 ||
	     strcmp(outcome, "ignored") == 0);
	json_decref(json);
	if (needs_parse)
		return cks_api_reply_error(response, 501, NULL, "inbound message "
		    "%lld is a mail, and the API does not parse mail yet: replay "
		    "it with `cksctl quarantine replay %lld`", (long long)id,
		    (long long)id);
	inbound_of(env, &in);
	if (cks_reply_store_replay(&in, id, &r, &err) < 0) {
		cks_reply_store_result_clear(&r);
		return cks_api_reply_failure(response, &err);
	}
	return reply_result(env, &r, response);
}

/* {"accept": true}: the stored suggestion for the matched session, as
 * `cksctl quarantine resolve ID --accept`; 409 when there is none. */
static int
accept_suggestion(const struct cks_api_env *env, int64_t id, json_t *body,
		  struct cks_api_response *response)
{
	struct cks_reply_store_result r = { 0 };
	struct cks_reply_store in;
	struct cks_error err;

	if (!json_is_true(json_object_get(body, "accept")))
		return cks_api_reply_error(response, 400, "accept", "field 'accept' "
		    "must be true (or leave it out and give session_id and code)");
	if (json_object_get(body, "session_id") != NULL ||
	    json_object_get(body, "code") != NULL)
		return cks_api_reply_error(response, 400, json_object_get(body,
		    "session_id") != NULL ? "session_id" : "code", "give either "
		    "'accept' or 'session_id' and 'code', not both");
	inbound_of(env, &in);
	if (cks_reply_store_accept_suggestion(&in, id, &r, &err) < 0) {
		cks_reply_store_result_clear(&r);
		return cks_api_reply_failure(response, &err);
	}
	return reply_result(env, &r, response);
}

static int
post_resolve(const struct cks_api_env *env,
	     const struct cks_api_request *request, const char *const *params,
	     struct cks_api_response *response)
{
	static const char *const allowed[] = { "session_id", "code", "accept",
	    NULL };
	struct cks_reply_store_result r = { 0 };
	struct cks_reply_store in;
	struct cks_error err;
	int64_t id, session_id, code;
	json_t *body;
	int rc = -1;

	if (cks_api_param_id(params[0], "inbound message", &id, response) < 0)
		return -1;
	if (cks_api_body_object(request, response, &body) < 0)
		return -1;
	if (cks_api_fields_allowed(body, allowed, "", response) < 0)
		goto out;
	if (json_object_get(body, "accept") != NULL) {
		rc = accept_suggestion(env, id, body, response);
		goto out;
	}
	if (cks_api_field_id(body, "session_id", &session_id, response) < 0 ||
	    cks_api_field_integer(body, "code", 1, &code, response) < 0)
		goto out;
	if (code < INT_MIN || code > INT_MAX) {
		cks_api_reply_error(response, 400, "code", "field 'code' is not "
		    "on the session's scale");
		goto out;
	}
	inbound_of(env, &in);
	/* Its only refusal of input is a code off the session's scale. */
	if (cks_reply_store_resolve(&in, id, session_id, (int)code, &r, &err) < 0) {
		cks_reply_store_result_clear(&r);
		cks_api_reply_failure_field(response, &err, body, "code");
		goto out;
	}
	rc = reply_result(env, &r, response);
out:
	json_decref(body);
	return rc;
}

const struct cks_api_route cks_api_inbound_routes[] = {
	{ "POST", "/v1/sms", post_sms },
	{ "GET", "/v1/quarantine", get_quarantine },
	{ "GET", "/v1/inbound/:id", get_inbound },
	{ "GET", "/v1/inbound/:id/raw", get_inbound_raw },
	{ "POST", "/v1/inbound/:id/replay", post_replay },
	{ "POST", "/v1/inbound/:id/resolve", post_resolve },
	{ NULL, NULL, NULL },
};
