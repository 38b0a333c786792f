/* Unit tests for the API's client, session, rating, SMS and quarantine
 * routes (lib/web/api_sessions.c, lib/web/api_inbound.c), through
 * cks_api_dispatch() with a fresh store and the plugins built in this
 * tree: every route, the JSON of its success, and each error status. */
#include "autoconfig.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testhelp.h"
#include "api.h"
#include "client.h"
#include "config.h"
#include "reply_store.h"
#include "parse_worker.h"
#include "session.h"

struct fixture {
	struct cks_store *store;
	struct cks_channels *channels;
	struct cks_config *config;
	struct cks_api_env env;
	int woken;             /* times env.wake was called */
	int64_t client;        /* สมชาย, phone 081-234-5678, level "ready" */
};

/* A request's query: name, value, name, value ..., NULL. */
static const char *
lookup_argument(void *context, const char *name)
{
	const char *const *pairs = context;

	for (size_t i = 0; pairs != NULL && pairs[i] != NULL; i += 2)
		if (strcmp(pairs[i], name) == 0)
			return pairs[i + 1];
	return NULL;
}

static void
wake(void *context)
{
	((struct fixture *)context)->woken++;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct cks_client_input somchai = {
		.name = "สมชาย ใจดี", .email = "somchai@example.co.th",
		.phone = "081-234-5678", .level = "ready",
	};
	struct cks_error err;

	setenv("TZ", "Asia/Bangkok", 1);
	tzset();
	if (f == NULL)
		return -1;
	*state = f;
	f->store = test_store_new();
	f->channels = test_channels_load();
	if (cks_config_load(NULL, &f->config, &err) < 0)
		fail_msg("cks_config_load: %s", err.message);
	if (cks_client_add(f->store, &somchai, &f->client, &err) < 0)
		fail_msg("cks_client_add: %s", err.message);
	f->env.config = f->config;
	f->env.store = f->store;
	f->env.channels = f->channels;
	f->env.wake = wake;
	f->env.wake_context = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	cks_config_free(&f->config);
	cks_channels_free(&f->channels);
	cks_store_close(&f->store);
	free(f);
	return 0;
}

/* Inbound mail is an admin's (cks_api_rules); the rest an agent's. */
static enum cks_api_role
role_for(const char *path)
{
	return strncmp(path, "/v1/inbound", 11) == 0 ||
	    strncmp(path, "/v1/quarantine", 14) == 0 ? CKS_API_ADMIN :
	    CKS_API_AGENT;
}

/* Dispatches with an explicit body size (so it may hold NULs), role and
 * agent; checks the status and returns the JSON body (NULL if it is not
 * JSON) for the caller to decref.  *response keeps the raw reply when
 * raw is not NULL (the caller clears it). */
static json_t *
call_full(struct fixture *f, const char *method, const char *path,
	  const char *const *query, const char *body, size_t body_size,
	  const char *content_type, enum cks_api_role role, const char *agent,
	  int want, struct cks_api_response *raw)
{
	struct cks_api_request request = {
		.method = method, .path = path, .agent = agent, .role = role,
		.body = body, .body_size = body_size,
		.content_type = content_type,
		.argument = lookup_argument, .argument_context = (void *)query,
	};
	struct cks_api_response response;
	json_t *json;

	cks_api_dispatch(&f->env, &request, &response);
	if (response.status != want)
		fail_msg("%s %s: status %d, want %d: %s", method, path,
		    response.status, want, response.body ? response.body : "");
	json = response.body != NULL && response.content_type != NULL &&
	    strcmp(response.content_type, "application/json") == 0 ?
	    json_loadb(response.body, response.body_size, 0, NULL) : NULL;
	if (raw != NULL)
		*raw = response;
	else
		cks_api_response_clear(&response);
	return json;
}

/* As agent "alice" with a JSON body (or none). */
static json_t *
call(struct fixture *f, const char *method, const char *path,
     const char *body, int want)
{
	return call_full(f, method, path, NULL, body, body ? strlen(body) : 0,
	    body ? "application/json" : NULL, role_for(path), "alice", want,
	    NULL);
}

/* With a JSON body (or none) as agent (NULL: no token) with role. */
static json_t *
call_as(struct fixture *f, const char *method, const char *path,
	const char *body, enum cks_api_role role, const char *agent, int want)
{
	return call_full(f, method, path, NULL, body, body ? strlen(body) : 0,
	    body ? "application/json" : NULL, role, agent, want, NULL);
}

/* A GET as "alice" with a query: clients and sessions are an agent's to
 * read, not a viewer's (issue 11). */
static json_t *
get_query(struct fixture *f, const char *path, const char *const *query,
	  int want)
{
	return call_full(f, "GET", path, query, NULL, 0, NULL, role_for(path),
	    "alice", want, NULL);
}

/* The reply is an error with status want that names field (NULL: names
 * none) and whose message holds word (NULL: any). */
static void
check_error(json_t *json, int want, const char *field, const char *word)
{
	json_t *error = json_object_get(json, "error");
	const char *named = json_string_value(json_object_get(error, "field"));
	const char *message = json_string_value(json_object_get(error,
	    "message"));

	if (error == NULL || message == NULL)
		fail_msg("no error object in the reply");
	assert_int_equal(json_integer_value(json_object_get(error, "status")),
	    want);
	if (field == NULL && named != NULL)
		fail_msg("names field '%s', want none: %s", named, message);
	if (field != NULL && (named == NULL || strcmp(named, field) != 0))
		fail_msg("names field '%s', want '%s': %s", named ? named : "(none)",
		    field, message);
	if (word != NULL && strstr(message, word) == NULL)
		fail_msg("expected '%s' in '%s'", word, message);
	json_decref(json);
}

static void
refused(struct fixture *f, const char *method, const char *path,
	const char *body, int want, const char *field, const char *word)
{
	check_error(call(f, method, path, body, want), want, field, word);
}

/* The member at path, "a.b.c": members of objects, a number an index
 * into an array.  Fails the test when it is absent. */
static json_t *
member(json_t *json, const char *path)
{
	const char *whole = path;
	json_t *value = json;
	char key[64];

	while (value != NULL && *path != '\0') {
		size_t n = strcspn(path, ".");
		char *end;
		long index;

		snprintf(key, sizeof(key), "%.*s", (int)n, path);
		index = strtol(key, &end, 10);
		value = *end == '\0' && end != key ? json_array_get(value,
		    (size_t)index) : json_object_get(value, key);
		path += n + (path[n] == '.');
	}
	if (value == NULL)
		fail_msg("no member %s", whole);
	return value;
}

/* A string member; NULL when it is not a string (null). */
static const char *
text_of(json_t *json, const char *path)
{
	return json_string_value(member(json, path));
}

static json_int_t
integer_of(json_t *json, const char *path)
{
	json_t *value = member(json, path);

	if (!json_is_integer(value))
		fail_msg("member %s is not an integer", path);
	return json_integer_value(value);
}

static long long
count_rows(struct fixture *f, const char *sql)
{
	struct cks_stmt *stmt = NULL;
	long long n;

	stmt = cks_store_prepare(f->store,
	    sql, NULL);
	assert_non_null(stmt);
	assert_int_equal(cks_stmt_step(stmt), CKS_STMT_ROW);
	n = cks_stmt_column_int64(stmt, 0);
	cks_stmt_finalize(stmt);
	return n;
}

/* Opens a session on channel for the fixture's client; returns its id. */
static int64_t
open_session(struct fixture *f, const char *channel, const char *at)
{
	char body[256];
	json_t *json;
	int64_t id;

	if (at != NULL)
		snprintf(body, sizeof(body), "{\"channel\": \"%s\", \"client_id\": "
		    "%lld, \"at\": \"%s\"}", channel, (long long)f->client, at);
	else
		snprintf(body, sizeof(body), "{\"channel\": \"%s\", \"client_id\": "
		    "%lld}", channel, (long long)f->client);
	json = call(f, "POST", "/v1/sessions", body, 201);
	id = integer_of(json, "id");
	json_decref(json);
	return id;
}

/* --- clients ------------------------------------------------------------ */

static void
test_client_add_show_find(void **state)
{
	struct fixture *f = *state;
	const char *q_phone[] = { "q", "0898765432", NULL };
	const char *q_none[] = { "q", "nobody-like-this", NULL };
	json_t *added, *shown, *found;
	char path[64];

	added = call(f, "POST", "/v1/clients", "{\"name\": \"Jane Doe\", "
	    "\"company\": \"ACME Export Co.\", \"email\": \"jane@example.com\", "
	    "\"phone\": \"+66 89 876 5432\", \"lang\": \"en\"}", 201);
	assert_true(integer_of(added, "id") > f->client);
	assert_string_equal(text_of(added, "name"), "Jane Doe");
	assert_string_equal(text_of(added, "company"), "ACME Export Co.");
	assert_string_equal(text_of(added, "email"), "jane@example.com");
	assert_string_equal(text_of(added, "phone_e164"), "+66898765432");
	assert_string_equal(text_of(added, "lang"), "en");
	assert_true(json_is_null(json_object_get(added, "level")));

	snprintf(path, sizeof(path), "/v1/clients/%lld",
	    (long long)integer_of(added, "id"));
	shown = get_query(f, path, NULL, 200);
	assert_true(json_equal(added, shown));

	/* Any way of writing the number finds her. */
	found = get_query(f, "/v1/clients", q_phone, 200);
	assert_int_equal(json_array_size(json_object_get(found, "clients")), 1);
	assert_true(json_equal(json_array_get(json_object_get(found, "clients"),
	    0), added));
	json_decref(found);
	found = get_query(f, "/v1/clients", q_none, 200);
	assert_int_equal(json_array_size(json_object_get(found, "clients")), 0);
	json_decref(found);
	json_decref(shown);
	json_decref(added);

	/* Thai, with the default language. */
	added = call(f, "POST", "/v1/clients",
	    "{\"name\": \"มานี มีนา\", \"level\": \"new\"}", 201);
	assert_string_equal(text_of(added, "name"), "มานี มีนา");
	assert_string_equal(text_of(added, "lang"), "th");
	assert_string_equal(text_of(added, "level"), "new");
	json_decref(added);
}

static void
test_client_refusals(void **state)
{
	struct fixture *f = *state;
	const char *q_missing[] = { "limit", "5", NULL };
	const char *q_bad_limit[] = { "q", "a", "limit", "0", NULL };
	const char *q_control[] = { "q", "a\nb", NULL };
	static const char nul_name[] = "{\"name\": \"ab\\u0000cd\"}";
	long long before = count_rows(f, "SELECT count(*) FROM clients");
	json_t *json;

	refused(f, "POST", "/v1/clients", "{\"company\": \"x\"}", 400, "name",
	    "required");
	refused(f, "POST", "/v1/clients", "{\"name\": 42}", 400, "name",
	    "string");
	refused(f, "POST", "/v1/clients", "{\"name\": \"a\\r\\nBcc: x\"}", 400,
	    "name", "one line");
	/* jansson refuses "\u0000" while parsing: a 400, naming the place. */
	json = call(f, "POST", "/v1/clients", nul_name, 400);
	assert_non_null(json_object_get(json, "error"));
	json_decref(json);
	refused(f, "POST", "/v1/clients", "{\"name\": \"\"}", 400, "name",
	    "empty");
	refused(f, "POST", "/v1/clients", "{\"name\": \"x\", \"lang\": \"fr\"}",
	    400, "lang", "fr");
	refused(f, "POST", "/v1/clients", "{\"name\": \"x\", \"email\": "
	    "\"not an address\"}", 400, "email", NULL);
	refused(f, "POST", "/v1/clients", "{\"name\": \"x\", \"phone\": \"12\"}",
	    400, "phone", NULL);
	refused(f, "POST", "/v1/clients", "{\"name\": \"x\", \"company\": "
	    "[\"a\"]}", 400, "company", "string");
	refused(f, "POST", "/v1/clients", "{\"name\": \"x\", \"nmae\": \"y\"}",
	    400, "nmae", "unknown field");
	refused(f, "POST", "/v1/clients", "{\"name\": \"x\",\n \"lang\": }", 400,
	    NULL, "line 2, column");
	refused(f, "POST", "/v1/clients", "[\"x\"]", 400, NULL, "JSON object");
	refused(f, "POST", "/v1/clients", NULL, 400, NULL, "JSON object");
	refused(f, "POST", "/v1/clients", "{\"name\": \"x\", \"name\": \"y\"}",
	    400, NULL, "duplicate");
	check_error(call_full(f, "POST", "/v1/clients", NULL, "{\"name\": "
	    "\"x\"}", strlen("{\"name\": \"x\"}"), "text/plain", CKS_API_AGENT, "alice", 415, NULL), 415,
	    NULL, "text/plain");
	assert_int_equal(count_rows(f, "SELECT count(*) FROM clients"), before);

	refused(f, "GET", "/v1/clients/999", NULL, 404, NULL, "999");
	refused(f, "GET", "/v1/clients/abc", NULL, 400, NULL, "abc");
	refused(f, "GET", "/v1/clients/0", NULL, 400, NULL, NULL);
	check_error(get_query(f, "/v1/clients", q_missing, 400), 400, "q", NULL);
	check_error(get_query(f, "/v1/clients", NULL, 400), 400, "q", NULL);
	check_error(get_query(f, "/v1/clients", q_bad_limit, 400), 400, "limit",
	    NULL);
	check_error(get_query(f, "/v1/clients", q_control, 400), 400, "q",
	    "one line");

	/* Writes need an agent's token; so do reads of personal data. */
	json = call_as(f, "POST", "/v1/clients", "{\"name\": \"x\"}",
	    CKS_API_VIEWER, "wall", 403);
	check_error(json, 403, NULL, "wall");
	json = call_as(f, "GET", "/v1/clients/1", NULL, CKS_API_PUBLIC, NULL,
	    401);
	check_error(json, 401, NULL, "token");
	refused(f, "DELETE", "/v1/clients/1", NULL, 405, NULL, "DELETE");
	assert_int_equal(count_rows(f, "SELECT count(*) FROM clients"), before);
}

/* Issue 14: PATCH with its history under the token's name, the levels,
 * a duplicate named in "existing", and a merge that moves a session. */
static void
test_client_edit_merge(void **state)
{
	struct fixture *f = *state;
	json_t *json, *history;
	char path[96], body[96];
	int64_t session, dup;

	snprintf(path, sizeof(path), "/v1/clients/%lld", (long long)f->client);
	json = call(f, "PATCH", path, "{\"email\": \"s.jaidee@example.co.th\","
	    " \"level\": \"Exporter\", \"company\": null}", 200);
	assert_string_equal(text_of(json, "email"), "s.jaidee@example.co.th");
	assert_string_equal(text_of(json, "level"), "exporter");
	assert_string_equal(text_of(json, "level_en"), "Exporter");
	assert_true(json_is_null(json_object_get(json, "bounce")));
	json_decref(json);
	refused(f, "PATCH", path, "{\"level\": \"whatever\"}", 400, "level",
	    "sme (SME)");
	refused(f, "PATCH", path, "{\"email\": \"x@\"}", 400, "email", NULL);
	refused(f, "PATCH", path, "{}", 400, NULL, "nothing to change");
	refused(f, "PATCH", path, "{\"id\": 3}", 400, "id", NULL);
	refused(f, "PATCH", "/v1/clients/999", "{\"name\": \"x\"}", 404, NULL,
	    NULL);

	snprintf(path, sizeof(path), "/v1/clients/%lld/history",
	    (long long)f->client);
	json = get_query(f, path, NULL, 200);
	history = json_object_get(json, "history");
	assert_int_equal(json_array_size(history), 2);   /* email, level */
	assert_string_equal(text_of(json, "history.0.field"), "email");
	assert_string_equal(text_of(json, "history.0.old"), "somchai@example.co.th");
	assert_string_equal(text_of(json, "history.0.by"), "alice");
	json_decref(json);

	/* the same phone, written otherwise: added, and named */
	json = call(f, "POST", "/v1/clients", "{\"name\": \"Somchai\","
	    " \"phone\": \"0812345678\"}", 201);
	dup = integer_of(json, "id");
	assert_int_equal(integer_of(json, "existing.id"), f->client);
	assert_string_equal(text_of(json, "existing.field"), "phone");
	json_decref(json);
	snprintf(body, sizeof(body), "{\"channel\": \"counter\", \"client_id\":"
	    " %lld}", (long long)dup);
	json = call(f, "POST", "/v1/sessions", body, 201);
	session = integer_of(json, "id");
	json_decref(json);

	snprintf(path, sizeof(path), "/v1/clients/%lld/merge", (long long)f->client);
	refused(f, "POST", path, "{}", 400, "drop", NULL);
	refused(f, "POST", path, "{\"drop\": 999}", 404, NULL, "999");
	snprintf(body, sizeof(body), "{\"drop\": %lld}", (long long)f->client);
	refused(f, "POST", path, body, 400, "drop", "itself");
	snprintf(body, sizeof(body), "{\"drop\": %lld}", (long long)dup);
	json = call(f, "POST", path, body, 200);
	assert_int_equal(integer_of(json, "id"), f->client);
	assert_int_equal(integer_of(json, "moved"), 1);
	json_decref(json);
	snprintf(path, sizeof(path), "/v1/sessions/%lld", (long long)session);
	json = get_query(f, path, NULL, 200);
	assert_int_equal(integer_of(json, "client.id"), f->client);
	json_decref(json);
	snprintf(path, sizeof(path), "/v1/clients/%lld", (long long)dup);
	json_decref(get_query(f, path, NULL, 404));
}

/* --- sessions ----------------------------------------------------------- */

static void
test_session_open(void **state)
{
	struct fixture *f = *state;
	char body[256], path[64];
	json_t *json, *shown;
	int64_t id;

	snprintf(body, sizeof(body), "{\"channel\": \"counter\", \"client_id\": "
	    "%lld, \"at\": \"2569-11-28T10:00\"}", (long long)f->client);
	json = call(f, "POST", "/v1/sessions", body, 201);
	id = integer_of(json, "id");
	assert_true(id > 0);
	assert_string_equal(text_of(json, "channel"), "counter");
	assert_string_equal(text_of(json, "agent"), "alice");
	assert_string_equal(text_of(json, "opened"), "2026-11-28T10:00:00+07:00");
	assert_string_equal(text_of(json, "state"), "open");
	assert_string_equal(text_of(json, "level"), "ready");
	assert_int_equal(integer_of(json, "client.id"), f->client);
	assert_string_equal(text_of(json, "client.name"), "สมชาย ใจดี");
	assert_int_equal(json_array_size(json_object_get(json, "steps")), 8);
	assert_string_equal(text_of(json, "steps.0.id"), "greet");
	assert_string_equal(text_of(json, "steps.0.timing"), "not started");
	assert_true(json_is_null(json_object_get(json, "rating")));
	assert_true(json_is_null(json_object_get(json, "closed")));

	snprintf(path, sizeof(path), "/v1/sessions/%lld", (long long)id);
	shown = get_query(f, path, NULL, 200);
	assert_true(json_equal(json, shown));
	json_decref(shown);
	json_decref(json);

	/* The agent is the token's name: bob's session is bob's. */
	snprintf(body, sizeof(body), "{\"channel\": \"chat\", \"client_id\": "
	    "%lld, \"at\": 1795834800000}", (long long)f->client);
	json = call_as(f, "POST", "/v1/sessions", body, CKS_API_AGENT, "bob",
	    201);
	assert_string_equal(text_of(json, "agent"), "bob");
	assert_string_equal(text_of(json, "opened"), "2026-11-28T10:00:00+07:00");
	json_decref(json);
}

static void
test_session_open_refusals(void **state)
{
	struct fixture *f = *state;
	char body[256];
	long long before = count_rows(f, "SELECT count(*) FROM sessions");

	snprintf(body, sizeof(body), "{\"channel\": \"counter\", \"client_id\": "
	    "%lld, \"agent\": \"mallory\"}", (long long)f->client);
	refused(f, "POST", "/v1/sessions", body, 400, "agent", "token");
	snprintf(body, sizeof(body), "{\"channel\": \"fax\", \"client_id\": "
	    "%lld}", (long long)f->client);
	refused(f, "POST", "/v1/sessions", body, 400, "channel", "fax");
	snprintf(body, sizeof(body), "{\"client_id\": %lld}",
	    (long long)f->client);
	refused(f, "POST", "/v1/sessions", body, 400, "channel", "required");
	refused(f, "POST", "/v1/sessions", "{\"channel\": \"counter\", "
	    "\"client_id\": \"1\"}", 400, "client_id", "whole number");
	refused(f, "POST", "/v1/sessions", "{\"channel\": \"counter\", "
	    "\"client_id\": 0}", 400, "client_id", "positive");
	refused(f, "POST", "/v1/sessions", "{\"channel\": \"counter\", "
	    "\"client_id\": 999}", 404, NULL, "999");
	snprintf(body, sizeof(body), "{\"channel\": \"counter\", \"client_id\": "
	    "%lld, \"at\": \"yesterday\"}", (long long)f->client);
	refused(f, "POST", "/v1/sessions", body, 400, "at", NULL);
	snprintf(body, sizeof(body), "{\"channel\": \"counter\", \"client_id\": "
	    "%lld, \"at\": -5}", (long long)f->client);
	refused(f, "POST", "/v1/sessions", body, 400, "at", NULL);
	snprintf(body, sizeof(body), "{\"channel\": \"counter\", \"client_id\": "
	    "%lld, \"at\": true}", (long long)f->client);
	refused(f, "POST", "/v1/sessions", body, 400, "at", NULL);
	refused(f, "POST", "/v1/sessions", "{\"channel\": \"counter\"", 400, NULL,
	    "line 1, column");
	check_error(call_as(f, "POST", "/v1/sessions", "{}", CKS_API_VIEWER,
	    "wall", 403), 403, NULL, NULL);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM sessions"), before);
}

static void
test_steps_and_close(void **state)
{
	struct fixture *f = *state;
	int64_t id = open_session(f, "counter", "2026-11-28T10:00");
	char path[80], close_path[80];
	json_t *json;

	snprintf(path, sizeof(path), "/v1/sessions/%lld/steps", (long long)id);
	snprintf(close_path, sizeof(close_path), "/v1/sessions/%lld/close",
	    (long long)id);
	json = call(f, "POST", path, "{\"step\": \"greet\", \"event\": \"start\", "
	    "\"at\": \"2026-11-28T10:00:10\"}", 200);
	assert_string_equal(text_of(json, "steps.0.started"),
	    "2026-11-28T10:00:10+07:00");
	assert_string_equal(text_of(json, "steps.0.timing"), "running");
	json_decref(json);
	/* By number, as cksctl takes it. */
	json = call(f, "POST", path, "{\"step\": 1, \"event\": \"done\", "
	    "\"at\": \"2569-11-28T10:00:40\"}", 200);
	assert_int_equal(integer_of(json, "steps.0.duration_seconds"), 30);
	assert_string_equal(text_of(json, "steps.0.timing"), "within");
	assert_int_equal(integer_of(json, "id"), id);
	json_decref(json);

	refused(f, "POST", path, "{\"step\": \"greet\", \"event\": \"start\"}",
	    409, NULL, "already started");
	refused(f, "POST", path, "{\"step\": 2, \"event\": \"done\"}", 409, NULL,
	    "never started");
	refused(f, "POST", path, "{\"step\": \"greet\", \"event\": \"finish\"}",
	    400, "event", "start");
	refused(f, "POST", path, "{\"step\": \"greet\"}", 400, "event",
	    "required");
	refused(f, "POST", path, "{\"step\": true, \"event\": \"start\"}", 400,
	    "step", NULL);
	refused(f, "POST", path, "{\"event\": \"start\"}", 400, "step",
	    "required");
	refused(f, "POST", path, "{\"step\": \"welcome_x\", \"event\": "
	    "\"start\"}", 400, "step", "welcome_x");
	refused(f, "POST", path, "{\"step\": 99, \"event\": \"start\"}", 400,
	    "step", NULL);
	refused(f, "POST", path, "{\"step\": 2, \"event\": \"start\", \"at\": "
	    "\"2026-11-28T09:00\"}", 400, NULL, "before");
	refused(f, "POST", path, "{\"step\": 2, \"event\": \"start\", "
	    "\"agent\": \"bob\"}", 400, "agent", NULL);
	refused(f, "POST", "/v1/sessions/999/steps", "{\"step\": 1, "
	    "\"event\": \"start\"}", 404, NULL, "999");

	refused(f, "POST", close_path, "{\"level\": \"ready\"}", 400, "summary",
	    "required");
	refused(f, "POST", close_path, "{\"summary\": \"x\", \"level\": "
	    "\"a\\nb\"}", 400, "level", NULL);
	json = call(f, "POST", close_path, "{\"summary\": \"แนะนำตลาดญี่ปุ่น\\n"
	    "ส่งข้อมูลแล้ว\", \"level\": \"export\", \"at\": "
	    "\"2026-11-28T10:30\"}", 200);
	assert_string_equal(text_of(json, "state"), "closed");
	assert_string_equal(text_of(json, "closed"), "2026-11-28T10:30:00+07:00");
	assert_string_equal(text_of(json, "summary"),
	    "แนะนำตลาดญี่ปุ่น\nส่งข้อมูลแล้ว");
	assert_string_equal(text_of(json, "level"), "export");
	json_decref(json);

	/* A closed session takes no more steps and no second close. */
	refused(f, "POST", path, "{\"step\": 2, \"event\": \"start\"}", 409, NULL,
	    "closed");
	refused(f, "POST", close_path, "{\"summary\": \"again\"}", 409, NULL,
	    "closed");
	refused(f, "POST", "/v1/sessions/999/close", "{\"summary\": \"x\"}", 404,
	    NULL, "999");
	refused(f, "GET", path, NULL, 405, NULL, NULL);
	refused(f, "POST", "/v1/sessions/1/stepz", "{}", 404, NULL, NULL);
	refused(f, "GET", "/v1/sessions/x1", NULL, 400, NULL, NULL);
	refused(f, "GET", "/v1/sessions/999", NULL, 404, NULL, "999");
	check_error(call_as(f, "POST", path, "{\"step\": 2, \"event\": "
	    "\"start\"}", CKS_API_PUBLIC, NULL, 401), 401, NULL, NULL);
}

static void
test_session_list(void **state)
{
	struct fixture *f = *state;
	const char *chat[] = { "channel", "chat", NULL };
	const char *open_one[] = { "open", "1", "limit", "1", NULL };
	char client_text[24];
	const char *client[] = { "client", client_text, NULL };
	const char *other_client[] = { "client", "999", NULL };
	const char *bad_limit[] = { "limit", "0", NULL };
	const char *bad_open[] = { "open", "yes", NULL };
	const char *bad_client[] = { "client", "-1", NULL };
	int64_t first, second, third;
	char path[80];
	json_t *json;

	first = open_session(f, "counter", "2026-11-28T10:00");
	second = open_session(f, "chat", "2026-11-28T10:05");
	third = open_session(f, "hotline1169", "2026-11-28T10:10");
	snprintf(path, sizeof(path), "/v1/sessions/%lld/close",
	    (long long)third);
	json_decref(call(f, "POST", path, "{\"summary\": \"done\"}", 200));

	json = get_query(f, "/v1/sessions", NULL, 200);
	assert_int_equal(json_array_size(json_object_get(json, "sessions")), 3);
	assert_int_equal(integer_of(json, "sessions.0.id"), third);
	assert_int_equal(integer_of(json, "sessions.2.id"), first);
	/* As `cksctl session list --json`: no rating member. */
	assert_null(json_object_get(json_array_get(json_object_get(json,
	    "sessions"), 0), "rating"));
	json_decref(json);

	json = get_query(f, "/v1/sessions", chat, 200);
	assert_int_equal(json_array_size(json_object_get(json, "sessions")), 1);
	assert_int_equal(integer_of(json, "sessions.0.id"), second);
	json_decref(json);

	json = get_query(f, "/v1/sessions", open_one, 200);
	assert_int_equal(json_array_size(json_object_get(json, "sessions")), 1);
	assert_int_equal(integer_of(json, "sessions.0.id"), second);
	json_decref(json);

	snprintf(client_text, sizeof(client_text), "%lld", (long long)f->client);
	json = get_query(f, "/v1/sessions", client, 200);
	assert_int_equal(json_array_size(json_object_get(json, "sessions")), 3);
	json_decref(json);
	json = get_query(f, "/v1/sessions", other_client, 200);
	assert_int_equal(json_array_size(json_object_get(json, "sessions")), 0);
	json_decref(json);

	check_error(get_query(f, "/v1/sessions", bad_limit, 400), 400, "limit",
	    NULL);
	check_error(get_query(f, "/v1/sessions", bad_open, 400), 400, "open",
	    NULL);
	check_error(get_query(f, "/v1/sessions", bad_client, 400), 400, "client",
	    NULL);
	check_error(call_as(f, "GET", "/v1/sessions", NULL, CKS_API_PUBLIC,
	    NULL, 401), 401, NULL, NULL);
	refused(f, "PUT", "/v1/sessions", "{}", 405, NULL, "PUT");
}

/* --- ratings ------------------------------------------------------------ */

static void
test_rating(void **state)
{
	struct fixture *f = *state;
	int64_t id = open_session(f, "counter", "2026-11-28T10:00");
	char path[80];
	json_t *json, *session;

	snprintf(path, sizeof(path), "/v1/sessions/%lld/rating", (long long)id);
	json = get_query(f, path, NULL, 200);
	assert_true(json_is_null(json_object_get(json, "rating")));
	assert_int_equal(integer_of(json, "session"), id);
	json_decref(json);

	refused(f, "POST", path, "{\"code\": 9, \"medium\": \"counter\"}", 400,
	    "code", "scale");
	refused(f, "POST", path, "{\"code\": \"5\", \"medium\": \"counter\"}",
	    400, "code", NULL);
	refused(f, "POST", path, "{\"code\": 4294967301, \"medium\": "
	    "\"counter\"}", 400, "code", NULL);
	refused(f, "POST", path, "{\"code\": 5, \"medium\": \"email\"}", 400,
	    "medium", "ivr, chat or counter");
	refused(f, "POST", path, "{\"code\": 5}", 400, "medium", "required");
	json_decref(call(f, "POST", path, "{\"code\": 5, \"medium\": "
	    "\"counter\", \"comment\": \"a\\u0000b\"}", 400));
	refused(f, "POST", path, "{\"code\": 5, \"medium\": \"counter\", "
	    "\"comment\": \"bell\\u0007\"}", 400, "comment", NULL);
	refused(f, "POST", "/v1/sessions/999/rating", "{\"code\": 5, "
	    "\"medium\": \"counter\"}", 404, NULL, "999");
	refused(f, "GET", "/v1/sessions/999/rating", NULL, 404, NULL, "999");
	assert_int_equal(f->woken, 0);

	json = call(f, "POST", path, "{\"code\": 5, \"medium\": \"counter\", "
	    "\"comment\": \"บริการดีมาก\"}", 200);
	assert_int_equal(integer_of(json, "session"), id);
	assert_true(json_is_true(json_object_get(json, "changed")));
	assert_int_equal(integer_of(json, "rating.code"), 5);
	assert_true(json_is_true(json_object_get(json_object_get(json, "rating"),
	    "satisfied")));
	assert_string_equal(text_of(json, "rating.medium"), "counter");
	assert_string_equal(text_of(json, "rating.comment"), "บริการดีมาก");
	assert_int_equal(f->woken, 1);
	json_decref(json);

	/* The same answer again changes nothing and wakes nobody. */
	json = call(f, "POST", path, "{\"code\": 5, \"medium\": \"counter\", "
	    "\"comment\": \"บริการดีมาก\"}", 200);
	assert_true(json_is_false(json_object_get(json, "changed")));
	assert_int_equal(f->woken, 1);
	json_decref(json);

	/* A change of mind replaces it. */
	json = call(f, "POST", path, "{\"code\": 2, \"medium\": \"counter\"}",
	    200);
	assert_true(json_is_true(json_object_get(json, "changed")));
	assert_int_equal(integer_of(json, "rating.code"), 2);
	assert_int_equal(integer_of(json, "rating.revisions"), 2);
	json_decref(json);

	json = get_query(f, path, NULL, 200);
	assert_int_equal(integer_of(json, "rating.code"), 2);
	snprintf(path, sizeof(path), "/v1/sessions/%lld", (long long)id);
	session = get_query(f, path, NULL, 200);
	assert_true(json_equal(json_object_get(json, "rating"),
	    json_object_get(session, "rating")));
	json_decref(session);
	json_decref(json);
}

/* --- SMS and the quarantine --------------------------------------------- */

static void
test_sms(void **state)
{
	struct fixture *f = *state;
	int64_t id = open_session(f, "hotline1169", NULL);
	char path[80];
	json_t *json;

	snprintf(path, sizeof(path), "/v1/sessions/%lld/close", (long long)id);
	json_decref(call(f, "POST", path, "{\"summary\": \"ตอบคำถามแล้ว\"}", 200));

	refused(f, "POST", "/v1/sms", "{\"text\": \"2\"}", 400, "from",
	    "required");
	refused(f, "POST", "/v1/sms", "{\"from\": \"not a phone\", \"text\": "
	    "\"2\"}", 400, "from", NULL);
	refused(f, "POST", "/v1/sms", "{\"from\": \"0812345678\"}", 400, "text",
	    "required");
	refused(f, "POST", "/v1/sms", "{\"from\": \"0812345678\", \"text\": 2}",
	    400, "text", NULL);
	refused(f, "POST", "/v1/sms", "{\"from\": \"0812345678\", \"text\": "
	    "\"2\", \"to\": \"1169\"}", 400, "to", NULL);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM inbound_messages"),
	    0);

	/* The number as the client wrote it is matched in any form. */
	json = call(f, "POST", "/v1/sms", "{\"from\": \"+66 81 234 5678\", "
	    "\"text\": \"กด 2\"}", 200);
	assert_string_equal(text_of(json, "outcome"), "recorded");
	assert_int_equal(integer_of(json, "session"), id);
	assert_int_equal(integer_of(json, "code"), 2);
	assert_true(json_is_true(json_object_get(json, "rating_changed")));
	assert_int_equal(f->woken, 1);
	json_decref(json);

	snprintf(path, sizeof(path), "/v1/sessions/%lld", (long long)id);
	json = get_query(f, path, NULL, 200);
	assert_int_equal(integer_of(json, "rating.code"), 2);
	assert_string_equal(text_of(json, "rating.medium"), "sms");
	assert_true(integer_of(json, "rating.inbound") > 0);
	json_decref(json);
}

/* Stores a mail that cannot be matched (no token): quarantined. */
static int64_t
quarantined_mail(struct fixture *f, const char *raw)
{
	struct cks_reply_store_result r = { 0 };
	struct cks_reply_store in = { f->config, f->store, f->channels, NULL };
	struct cks_error err;
	int64_t id;

	if (cks_parse_worker_start(5000, &in.worker, &err) < 0)
		fail_msg("cks_parse_worker_start: %s", err.message);
	if (cks_reply_store_accept_mail(&in, raw, strlen(raw), "pipe", NULL, &r,
	    &err) < 0)
		fail_msg("cks_reply_store_accept_mail: %s", err.message);
	cks_parse_worker_stop(&in.worker);
	assert_int_equal(r.outcome, CKS_REPLY_STORE_QUARANTINED);
	id = r.id;
	cks_reply_store_result_clear(&r);
	return id;
}

static void
test_quarantine(void **state)
{
	struct fixture *f = *state;
	static const char mail[] =
	    "From: Somchai <somchai@example.co.th>\r\n"
	    "To: desk@example.go.th\r\n"
	    "Subject: =?UTF-8?B?4Lie4Lit4LmD4LiI?=\r\n"
	    "Message-ID: <q1@example.co.th>\r\n"
	    "Date: Sat, 28 Nov 2026 10:00:00 +0700\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "\r\n"
	    "5\r\n";
	const char *limit_one[] = { "limit", "1", NULL };
	const char *limit_bad[] = { "limit", "x", NULL };
	int64_t session = open_session(f, "counter", NULL);
	int64_t sms_id, mail_id;
	struct cks_api_response raw;
	char path[80], body[128];
	json_t *json;

	/* An SMS from a number no session awaits. */
	json = call(f, "POST", "/v1/sms", "{\"from\": \"0899999999\", \"text\": "
	    "\"5 ดีมาก\"}", 200);
	assert_string_equal(text_of(json, "outcome"), "quarantined");
	assert_true(json_is_null(json_object_get(json, "session")));
	sms_id = integer_of(json, "id");
	json_decref(json);
	assert_int_equal(f->woken, 0);
	mail_id = quarantined_mail(f, mail);

	json = get_query(f, "/v1/quarantine", NULL, 200);
	assert_int_equal(json_array_size(json_object_get(json, "messages")), 2);
	assert_int_equal(integer_of(json, "messages.0.id"), mail_id);
	assert_int_equal(integer_of(json, "messages.1.id"), sms_id);
	assert_string_equal(text_of(json, "messages.1.source"),
	    "sms:+66899999999");
	json_decref(json);
	json = get_query(f, "/v1/quarantine", limit_one, 200);
	assert_int_equal(json_array_size(json_object_get(json, "messages")), 1);
	json_decref(json);
	check_error(get_query(f, "/v1/quarantine", limit_bad, 400), 400, "limit",
	    NULL);

	snprintf(path, sizeof(path), "/v1/inbound/%lld", (long long)sms_id);
	json = get_query(f, path, NULL, 200);
	assert_int_equal(integer_of(json, "id"), sms_id);
	assert_string_equal(text_of(json, "outcome"), "quarantined");
	json_decref(json);

	/* The exact bytes: the mail as message/rfc822, an SMS as its text. */
	snprintf(path, sizeof(path), "/v1/inbound/%lld/raw", (long long)mail_id);
	assert_null(call_full(f, "GET", path, NULL, NULL, 0, NULL,
	    CKS_API_ADMIN, "root", 200, &raw));
	assert_string_equal(raw.content_type, "message/rfc822");
	assert_int_equal(raw.body_size, strlen(mail));
	assert_memory_equal(raw.body, mail, strlen(mail));
	cks_api_response_clear(&raw);
	snprintf(path, sizeof(path), "/v1/inbound/%lld/raw", (long long)sms_id);
	assert_null(call_full(f, "GET", path, NULL, NULL, 0, NULL,
	    CKS_API_ADMIN, "root", 200, &raw));
	assert_string_equal(raw.content_type, "text/plain; charset=utf-8");
	assert_string_equal(raw.body, "5 ดีมาก");
	cks_api_response_clear(&raw);
	refused(f, "GET", "/v1/inbound/999", NULL, 404, NULL, "999");
	refused(f, "GET", "/v1/inbound/999/raw", NULL, 404, NULL, "999");
	refused(f, "GET", "/v1/inbound/abc/raw", NULL, 400, NULL, NULL);
	/* Raw mail is not an agent's, let alone a viewer's. */
	check_error(call_as(f, "GET", path, NULL, CKS_API_AGENT, "alice", 403),
	    403, NULL, "admin");

	/* Replaying a mail needs the parser, which handlers do not have. */
	snprintf(path, sizeof(path), "/v1/inbound/%lld/replay",
	    (long long)mail_id);
	refused(f, "POST", path, NULL, 501, NULL, "cksctl quarantine replay");
	/* An SMS is replayed in full: still nobody awaits it. */
	snprintf(path, sizeof(path), "/v1/inbound/%lld/replay",
	    (long long)sms_id);
	json = call(f, "POST", path, NULL, 200);
	assert_string_equal(text_of(json, "outcome"), "quarantined");
	assert_int_equal(integer_of(json, "id"), sms_id);
	json_decref(json);
	refused(f, "POST", "/v1/inbound/999/replay", NULL, 404, NULL, "999");
	check_error(call_as(f, "POST", path, NULL, CKS_API_VIEWER, "wall",
	    403), 403, NULL, NULL);

	snprintf(path, sizeof(path), "/v1/inbound/%lld/resolve",
	    (long long)sms_id);
	snprintf(body, sizeof(body), "{\"session_id\": %lld, \"code\": 9}",
	    (long long)session);
	refused(f, "POST", path, body, 400, "code", "scale");
	refused(f, "POST", path, "{\"session_id\": 999, \"code\": 5}", 404, NULL,
	    "999");
	refused(f, "POST", path, "{\"session_id\": \"1\", \"code\": 5}", 400,
	    "session_id", NULL);
	refused(f, "POST", path, "{\"session_id\": -1, \"code\": 5}", 400,
	    "session_id", NULL);
	refused(f, "POST", path, "{\"session_id\": 1}", 400, "code", "required");
	refused(f, "POST", path, "{\"session_id\": 1, \"code\": 5, "
	    "\"note\": \"x\"}", 400, "note", NULL);
	refused(f, "POST", "/v1/inbound/999/resolve", "{\"session_id\": 1, "
	    "\"code\": 5}", 404, NULL, "999");
	assert_int_equal(f->woken, 0);

	snprintf(body, sizeof(body), "{\"session_id\": %lld, \"code\": 5}",
	    (long long)session);
	json = call(f, "POST", path, body, 200);
	assert_string_equal(text_of(json, "outcome"), "resolved");
	assert_int_equal(integer_of(json, "session"), session);
	assert_int_equal(integer_of(json, "code"), 5);
	assert_true(json_is_true(json_object_get(json, "rating_changed")));
	assert_int_equal(f->woken, 1);
	json_decref(json);

	/* Resolved: out of the quarantine, and not resolved or replayed twice. */
	refused(f, "POST", path, body, 409, NULL, "not quarantined");
	snprintf(path, sizeof(path), "/v1/inbound/%lld/replay",
	    (long long)sms_id);
	refused(f, "POST", path, NULL, 409, NULL, "resolved");
	json = get_query(f, "/v1/quarantine", NULL, 200);
	assert_int_equal(json_array_size(json_object_get(json, "messages")), 1);
	assert_int_equal(integer_of(json, "messages.0.id"), mail_id);
	json_decref(json);
	snprintf(path, sizeof(path), "/v1/sessions/%lld/rating",
	    (long long)session);
	json = get_query(f, path, NULL, 200);
	assert_int_equal(integer_of(json, "rating.code"), 5);
	assert_string_equal(text_of(json, "rating.medium"), "sms");
	assert_int_equal(integer_of(json, "rating.inbound"), sms_id);
	json_decref(json);
}

static void
test_unknown_routes(void **state)
{
	struct fixture *f = *state;

	refused(f, "GET", "/v1/nothing", NULL, 404, NULL, "/v1/nothing");
	refused(f, "GET", "/v1/sms", NULL, 405, NULL, "GET");
	refused(f, "DELETE", "/v1/quarantine", NULL, 405, NULL, NULL);
	refused(f, "POST", "/v1/inbound/1", "{}", 405, NULL, NULL);
	check_error(call_as(f, "GET", "/v1/quarantine", NULL, CKS_API_PUBLIC,
	    NULL, 401), 401, NULL, NULL);
	check_error(call_as(f, "POST", "/v1/sms", "{}", CKS_API_VIEWER, "wall",
	    403), 403, NULL, NULL);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_client_add_show_find),
		T(test_client_refusals),
		T(test_client_edit_merge),
		T(test_session_open),
		T(test_session_open_refusals),
		T(test_steps_and_close),
		T(test_session_list),
		T(test_rating),
		T(test_sms),
		T(test_quarantine),
		T(test_unknown_routes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
