#include "autoconfig.h"

#include "api.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "clock.h"
#include "json_text.h"
#include "utf8.h"

#define MAX_PARAMS 4
#define MAX_PATH_SEGMENTS 16

static const struct cks_api_route *const route_tables[] = {
	cks_api_core_routes,
	cks_api_session_routes,
	cks_api_agent_routes,
	cks_api_kb_routes,
	cks_api_outbound_routes,
	cks_api_inbound_routes,
	cks_api_report_routes,
	cks_api_rating_page_routes,
	cks_api_download_routes,
	cks_api_unsubscribe_routes,
	cks_api_privacy_routes,
	cks_api_metrics_routes,
	cks_api_desk_routes,
	cks_api_desk_session_routes,
	cks_api_desk_supervisor_routes,
	cks_api_sms_dlr_routes,
};

void
cks_api_response_clear(struct cks_api_response *response)
{
	free(response->body);
	free(response->content_disposition);
	free(response->set_cookie);
	free(response->location);
	memset(response, 0, sizeof(*response));
}

int
cks_api_reply_json(struct cks_api_response *response, int status, json_t *value)
{
	char *text;

	free(response->body);
	response->body = NULL;
	/* Ten significant digits: a share rounded to 66.7 prints as 66.7,
	 * not 66.700000000000003. */
	text = value != NULL ? cks_json_dumps(value, JSON_INDENT(2) |
	    JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10)) : NULL;
	json_decref(value);
	if (text == NULL) {
		static const char oom[] = "{\"error\": {\"status\": 500, "
		    "\"message\": \"out of memory\"}}\n";

		response->status = 500;
		response->content_type = "application/json";
		response->body = strdup(oom);
		response->body_size = response->body != NULL ? strlen(oom) : 0;
		return -1;
	}
	response->body_size = strlen(text);
	/* A final newline, so `curl` output ends cleanly in a terminal. */
	response->body = realloc(text, response->body_size + 2);
	if (response->body == NULL) {
		response->body = text;
	} else {
		response->body[response->body_size++] = '\n';
		response->body[response->body_size] = '\0';
	}
	response->status = status;
	response->content_type = "application/json";
	return 0;
}

int
cks_api_reply_error(struct cks_api_response *response, int status,
		    const char *field, const char *format, ...)
{
	char message[1024];
	va_list ap;
	json_t *error;

	va_start(ap, format);
	vsnprintf(message, sizeof(message), format, ap);
	va_end(ap);
	/* Raw bytes of a path, or a character cut by a "%.40s" or by the
	 * buffer, are not UTF-8: jansson would refuse the message and turn
	 * the reply into a 500 "out of memory". */
	cks_text_make_printable(message);
	error = json_pack("{siss}", "status", status, "message", message);
	if (error != NULL && field != NULL)
		json_object_set_new(error, "field", json_string(field));
	cks_api_reply_json(response, status, json_pack("{so}", "error", error));
	return -1;
}

int
cks_api_reply_failure(struct cks_api_response *response,
		      const struct cks_error *err)
{
	int status;

	switch (err->kind) {
	case CKS_ERROR_INVALID: status = 400; break;
	case CKS_ERROR_NOT_FOUND: status = 404; break;
	case CKS_ERROR_CONFLICT: status = 409; break;
	case CKS_ERROR_TEMPORARY: status = 503; break;
	case CKS_ERROR_BUSY: status = 503; break;   /* with Retry-After */
	default: status = 500; break;
	}
	cks_api_reply_error(response, status, NULL, "%s", err->message);
	response->retry_after = status == 503 ? 1 : 0;
	return -1;
}

int
cks_api_reply_text(struct cks_api_response *response, int status,
		   const char *content_type, const char *text, size_t size)
{
	free(response->body);
	response->body = malloc(size + 1);
	if (response->body == NULL)
		return cks_api_reply_error(response, 500, NULL, "out of memory");
	memcpy(response->body, text, size);
	response->body[size] = '\0';
	response->body_size = size;
	response->status = status;
	response->content_type = content_type;
	return 0;
}

int
cks_api_reply_page(struct cks_api_response *response, char *html)
{
	free(response->body);
	response->status = 200;
	response->content_type = "text/html; charset=utf-8";
	response->body = html;
	response->body_size = strlen(html);
	return 0;
}

int
cks_api_body_object(const struct cks_api_request *request,
		    struct cks_api_response *response, json_t **out)
{
	json_error_t error;
	json_t *value;

	*out = NULL;
	if (request->body == NULL || request->body_size == 0)
		return cks_api_reply_error(response, 400, NULL,
		    "the request needs a JSON object as its body");
	if (request->content_type != NULL &&
	    strncmp(request->content_type, "application/json", 16) != 0)
		return cks_api_reply_error(response, 415, NULL,
		    "the body must be application/json, not %.60s",
		    request->content_type);
	value = json_loadb(request->body, request->body_size,
	    JSON_REJECT_DUPLICATES, &error);
	if (value == NULL)
		return cks_api_reply_error(response, 400, NULL,
		    "malformed JSON at line %d, column %d: %s", error.line,
		    error.column, error.text);
	if (!json_is_object(value)) {
		json_decref(value);
		return cks_api_reply_error(response, 400, NULL,
		    "the body must be a JSON object");
	}
	*out = value;
	return 0;
}

int
cks_api_field_string(const json_t *object, const char *name, int required,
		     const char **out, struct cks_api_response *response)
{
	const json_t *value = json_object_get(object, name);
	const char *text;

	if (value == NULL || json_is_null(value)) {
		if (required)
			return cks_api_reply_error(response, 400, name,
			    "field '%s' is required", name);
		return 1;
	}
	if (!json_is_string(value))
		return cks_api_reply_error(response, 400, name,
		    "field '%s' must be a string", name);
	text = json_string_value(value);
	/* jansson accepts "\u0000"; C strings would silently cut there. */
	if (strlen(text) != json_string_length(value) ||
	    !cks_utf8_valid(text, strlen(text)))
		return cks_api_reply_error(response, 400, name,
		    "field '%s' holds a NUL or invalid UTF-8", name);
	*out = text;
	return 0;
}

int
cks_api_field_integer(const json_t *object, const char *name, int required,
		      int64_t *out, struct cks_api_response *response)
{
	const json_t *value = json_object_get(object, name);

	if (value == NULL || json_is_null(value)) {
		if (required)
			return cks_api_reply_error(response, 400, name,
			    "field '%s' is required", name);
		return 1;
	}
	if (!json_is_integer(value))
		return cks_api_reply_error(response, 400, name,
		    "field '%s' must be a whole number", name);
	*out = json_integer_value(value);
	return 0;
}

int
cks_api_field_id(const json_t *object, const char *name, int64_t *out,
		 struct cks_api_response *response)
{
	if (cks_api_field_integer(object, name, 1, out, response) < 0)
		return -1;
	if (*out <= 0)
		return cks_api_reply_error(response, 400, name,
		    "field '%s' must be a positive id", name);
	return 0;
}

int
cks_api_field_time(const json_t *object, const char *name, int required,
		   int64_t *out, struct cks_api_response *response)
{
	const json_t *value = json_object_get(object, name);
	struct cks_error err;

	if (value != NULL && json_is_integer(value)) {
		if (json_integer_value(value) <= 0)
			return cks_api_reply_error(response, 400, name,
			    "field '%s' must be a positive time in ms", name);
		*out = json_integer_value(value);
		return 0;
	}
	if (value != NULL && json_is_string(value)) {
		if (cks_time_parse(json_string_value(value), name, out, &err) < 0)
			return cks_api_reply_error(response, 400, name, "%s",
			    err.message);
		return 0;
	}
	if (value == NULL || json_is_null(value)) {
		if (required)
			return cks_api_reply_error(response, 400, name,
			    "field '%s' is required", name);
		return 1;
	}
	return cks_api_reply_error(response, 400, name,
	    "field '%s' must be a time: ms since the epoch or text like "
	    "2569-11-28 10:05", name);
}

int
cks_api_fields_allowed(const json_t *object, const char *const *known,
		       const char *prefix, struct cks_api_response *response)
{
	const char *key;
	json_t *value;

	json_object_foreach((json_t *)object, key, value) {
		size_t i;
		char field[160];

		for (i = 0; known[i] != NULL && strcmp(known[i], key) != 0; i++)
			continue;
		if (known[i] != NULL)
			continue;
		snprintf(field, sizeof(field), "%s%.100s", prefix, key);
		cks_text_make_printable(field);    /* a character cut short */
		if (strcmp(field, "agent") == 0)
			return cks_api_reply_error(response, 400, field,
			    "field 'agent' is not accepted: the agent is the "
			    "name of the request's token");
		return cks_api_reply_error(response, 400, field,
		    "unknown field '%s'", field);
	}
	return 0;
}

int
cks_api_reply_failure_field(struct cks_api_response *response,
			    const struct cks_error *err, const json_t *body,
			    const char *fallback)
{
	const char *field = fallback;

	if (err->kind != CKS_ERROR_INVALID)
		return cks_api_reply_failure(response, err);
	/* A field the body did not give (the agent comes from the token)
	 * is not the client's to fix by that name. */
	if (err->field[0] != '\0' && body != NULL &&
	    json_object_get(body, err->field) != NULL)
		field = err->field;
	return cks_api_reply_error(response, 400, field, "%s", err->message);
}

int
cks_api_param_id(const char *text, const char *what, int64_t *out,
		 struct cks_api_response *response)
{
	size_t length = strspn(text, "0123456789");
	char *end;
	long long n;

	/* strtoll alone would take " 1" (from "%201") or "+1" as 1: an id is
	 * digits only, so one resource has one path. */
	if (length == 0 || text[length] != '\0' || text[0] == '0' || length > 18)
		return cks_api_reply_error(response, 400, NULL,
		    "%s id '%.40s' is not an id: ids are whole numbers above 0 "
		    "in plain digits", what, text);
	errno = 0;
	n = strtoll(text, &end, 10);
	if (errno != 0 || *end != '\0' || n <= 0)
		return cks_api_reply_error(response, 400, NULL,
		    "%s id '%.40s' is out of range", what, text);
	*out = n;
	return 0;
}

int
cks_api_argument_long(const struct cks_api_request *request, const char *name,
		      long fallback, long min, long max, long *out,
		      struct cks_api_response *response)
{
	const char *text = request->argument != NULL ?
	    request->argument(request->argument_context, name) : NULL;
	char *end;
	long n;

	if (text == NULL) {
		*out = fallback;
		return 0;
	}
	errno = 0;
	n = strtol(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || n < min || n > max)
		return cks_api_reply_error(response, 400, name,
		    "argument '%s' must be a whole number from %ld to %ld", name,
		    min, max);
	*out = n;
	return 0;
}

/* Splits path into its segments in place (buffer is a copy). */
static size_t
split_path(char *buffer, char **segments, size_t max)
{
	size_t count = 0;
	char *p = buffer;

	while (*p == '/')
		p++;
	while (*p != '\0' && count < max) {
		segments[count++] = p;
		p = strchr(p, '/');
		if (p == NULL)
			break;
		*p++ = '\0';
	}
	return count;
}

/* A request path split once: its segments (in a copy) and the original,
 * which a trailing "*" pattern takes the rest of. */
struct split_path {
	const char *path;
	char copy[2048];
	char *segments[MAX_PATH_SEGMENTS];
	size_t count;
};

/* -1 when the path is too long to route. */
static int
split_request_path(const char *path, struct split_path *split)
{
	if (strlen(path) >= sizeof(split->copy))
		return -1;
	split->path = path;
	memcpy(split->copy, path, strlen(path) + 1);
	split->count = split_path(split->copy, split->segments,
	    MAX_PATH_SEGMENTS);
	return 0;
}

/* 1 when pattern matches, filling params (pointers into split). */
static int
route_matches(const char *pattern, const struct split_path *split,
	      const char **params)
{
	const char *p = pattern;
	size_t i = 0, n = 0;

	while (*p == '/')
		p++;
	for (; *p != '\0'; i++) {
		size_t length = strcspn(p, "/");

		if (length == 1 && p[0] == '*') {
			if (i >= split->count || n >= MAX_PARAMS)
				return 0;
			/* The rest of the path, slashes and all. */
			params[n++] = split->path + (split->segments[i] - split->copy);
			return 1;
		}
		if (i >= split->count)
			return 0;
		if (p[0] == ':') {
			if (n >= MAX_PARAMS || split->segments[i][0] == '\0')
				return 0;
			params[n++] = split->segments[i];
		} else if (strlen(split->segments[i]) != length ||
			   strncmp(p, split->segments[i], length) != 0) {
			return 0;
		}
		p += length;
		while (*p == '/')
			p++;
	}
	return i == split->count;
}

/* The route for method and path; *path_known is set when some route has
 * that path with another method. */
static const struct cks_api_route *
find_route(const char *method, const struct split_path *split,
	   const char **params, int *path_known)
{
	*path_known = 0;
	for (size_t t = 0; t < sizeof(route_tables) / sizeof(route_tables[0]); t++)
		for (const struct cks_api_route *r = route_tables[t];
		     r->pattern != NULL; r++) {
			if (!route_matches(r->pattern, split, params))
				continue;
			if (strcmp(r->method, method) == 0 ||
			    (strcmp(method, "HEAD") == 0 &&
			     strcmp(r->method, "GET") == 0))
				return r;
			*path_known = 1;
		}
	return NULL;
}

const struct cks_api_route *const *
cks_api_route_tables(size_t *count)
{
	*count = sizeof(route_tables) / sizeof(route_tables[0]);
	return route_tables;
}

/* The route's rule; a route the access table forgets gets one that no
 * token satisfies. */
static const struct cks_api_rule *
rule_of(const struct cks_api_route *route)
{
	static const struct cks_api_rule nobody = {
		NULL, NULL, CKS_API_ADMIN + 1, CKS_API_WRITE, CKS_API_BODY_NONE
	};
	const struct cks_api_rule *rule = cks_api_rule_for(
	    strcmp(route->method, "HEAD") == 0 ? "GET" : route->method,
	    route->pattern);

	return rule != NULL ? rule : &nobody;
}

void
cks_api_match(const char *method, const char *path, struct cks_api_match *m)
{
	const char *params[MAX_PARAMS + 1] = { NULL };
	const struct cks_api_route *route = NULL, *any = NULL;
	struct split_path split;

	memset(m, 0, sizeof(*m));
	if (split_request_path(path, &split) == 0) {
		route = find_route(method, &split, params, &m->path_known);
		/* For the log: any route of that path, whatever the method. */
		for (size_t t = 0; route == NULL && any == NULL &&
		     t < sizeof(route_tables) / sizeof(route_tables[0]); t++)
			for (const struct cks_api_route *r = route_tables[t];
			     r->pattern != NULL && any == NULL; r++)
				if (route_matches(r->pattern, &split, params))
					any = r;
	}
	if (route != NULL)
		m->rule = rule_of(route);
	cks_api_log_path(route != NULL ? route->pattern : any != NULL ?
	    any->pattern : NULL, path, m->log_path, sizeof(m->log_path));
}

int
cks_api_route_role(const char *method, const char *path)
{
	struct cks_api_match m;

	cks_api_match(method, path, &m);
	return m.rule != NULL ? (int)m.rule->role : -1;
}

void
cks_api_dispatch(const struct cks_api_env *env,
		 const struct cks_api_request *request,
		 struct cks_api_response *response)
{
	const char *params[MAX_PARAMS + 1] = { NULL };
	struct split_path split;
	int path_known;
	const struct cks_api_route *route;
	const struct cks_api_rule *rule;

	memset(response, 0, sizeof(*response));
	if (split_request_path(request->path, &split) < 0) {
		cks_api_reply_error(response, 414, NULL, "the path is too long");
		return;
	}
	route = find_route(request->method, &split, params, &path_known);
	if (route == NULL) {
		if (path_known)
			cks_api_reply_error(response, 405, NULL,
			    "%s is not allowed on %s", request->method,
			    request->path);
		else
			cks_api_reply_error(response, 404, NULL,
			    "no such resource: %s", request->path);
		return;
	}
	rule = rule_of(route);
	if (rule->role != CKS_API_PUBLIC && request->agent == NULL) {
		cks_api_reply_error(response, 401, NULL,
		    "a bearer token is required (Authorization: Bearer TOKEN)");
		return;
	}
	if (rule->role > request->role) {
		cks_api_reply_error(response, 403, NULL,
		    "the token of '%s' may not %s %s (needs the %s role)",
		    request->agent, request->method, request->path,
		    cks_api_role_name(rule->role));
		return;
	}
	route->handler(env, request, params, response);
	if (response->status == 0)
		cks_api_reply_error(response, 500, NULL, "the handler gave no reply");
}

/* --- the routes every deployment has ------------------------------------ */

static int
get_health(const struct cks_api_env *env, const struct cks_api_request *request,
	   const char *const *params, struct cks_api_response *response)
{
	return cks_api_reply_json(response, 200, json_pack("{ss}", "status",
	    "ok"));
}

static int
get_channels(const struct cks_api_env *env,
	     const struct cks_api_request *request, const char *const *params,
	     struct cks_api_response *response)
{
	json_t *list = json_array();

	for (size_t i = 0; i < env->channels->count; i++)
		json_array_append_new(list, cks_channel_to_json(
		    env->channels->channels[i].plugin));
	return cks_api_reply_json(response, 200, json_pack("{so}", "channels",
	    list));
}

static int
get_channel(const struct cks_api_env *env, const struct cks_api_request *request,
	    const char *const *params, struct cks_api_response *response)
{
	const struct cks_channel_plugin *plugin =
	    cks_channels_find(env->channels, params[0]);

	if (plugin == NULL)
		return cks_api_reply_error(response, 404, NULL,
		    "no channel '%.60s'", params[0]);
	return cks_api_reply_json(response, 200, cks_channel_to_json(plugin));
}

static int
get_whoami(const struct cks_api_env *env, const struct cks_api_request *request,
	   const char *const *params, struct cks_api_response *response)
{
	struct cks_agent *agent = NULL;
	struct cks_error err;
	json_t *record;

	/* The agent record the token's name resolves to (case-insensitively),
	 * or null while it has opened no session and was never added. */
	if (request->agent == NULL ||
	    cks_agent_get(env->store, request->agent, &agent, &err) < 0) {
		if (request->agent != NULL && err.kind != CKS_ERROR_NOT_FOUND &&
		    err.kind != CKS_ERROR_INVALID)
			return cks_api_reply_failure(response, &err);
		record = json_null();
	} else {
		record = cks_agent_to_json(agent);
		cks_agent_free(&agent);
	}
	return cks_api_reply_json(response, 200, json_pack("{ss ss so}",
	    "agent", request->agent, "role", cks_api_role_name(request->role),
	    "agent_record", record));
}

const struct cks_api_route cks_api_core_routes[] = {
	{ "GET", "/healthz", get_health },
	{ "GET", "/v1/whoami", get_whoami },
	{ "GET", "/v1/channels", get_channels },
	{ "GET", "/v1/channels/:id", get_channel },
	{ NULL, NULL, NULL },
};
