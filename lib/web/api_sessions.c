/* The API for clients, sessions, their steps and ratings: what `cksctl
 * client`, `cksctl session` and `cksctl rating record` do, with the same
 * core calls and the same JSON.  The agent recorded on a session is the
 * token's name, never a body field. */
#include "autoconfig.h"

#include "api.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "client.h"
#include "rating.h"
#include "session.h"

/* A body field that must be an int (a rating code). */
static int
field_int(json_t *body, const char *name, int *out,
	  struct cks_api_response *response)
{
	int64_t n;

	if (cks_api_field_integer(body, name, 1, &n, response) < 0)
		return -1;
	if (n < INT_MIN || n > INT_MAX)
		return cks_api_reply_error(response, 400, name,
		    "field '%s' is out of range", name);
	*out = (int)n;
	return 0;
}

/* --- clients ------------------------------------------------------------ */

static const char *
levels_of(const struct cks_api_env *env)
{
	return env->config != NULL ? env->config->client_levels : NULL;
}

/* The client as `cksctl client show --json` prints it (levels' names, the
 * address's bounce); existing: another client with the same email or
 * phone (0: none). */
static int
reply_client_with(const struct cks_api_env *env, int64_t id, int status,
		  int64_t existing, const char *existing_field,
		  struct cks_api_response *response)
{
	struct cks_client *client;
	struct cks_error err;
	json_t *json;
	int rc;

	if (cks_client_get(env->store, id, &client, &err) < 0)
		return cks_api_reply_failure(response, &err);
	rc = cks_client_describe(env->store, client, levels_of(env), &json, &err);
	cks_client_free(&client);
	if (rc < 0)
		return cks_api_reply_failure(response, &err);
	if (existing)
		json_object_set_new(json, "existing", json_pack("{sI ss}", "id",
		    (json_int_t)existing, "field", existing_field));
	return cks_api_reply_json(response, status, json);
}

int
cks_api_reply_client(const struct cks_api_env *env, int64_t id, int status,
		     struct cks_api_response *response)
{
	return reply_client_with(env, id, status, 0, NULL, response);
}

/* Who made a change over the API: the token's name. */
static const char *
actor_of(const struct cks_api_request *request)
{
	return request->agent != NULL ? request->agent : "api";
}

static int
post_client(const struct cks_api_env *env,
	    const struct cks_api_request *request, const char *const *params,
	    struct cks_api_response *response)
{
	static const char *const allowed[] = { "name", "company", "email",
	    "phone", "lang", "level", NULL };
	struct cks_client_input in;
	struct cks_error err;
	const char *existing_field = NULL;
	json_t *body;
	int64_t id, existing = 0;
	int rc = -1;

	memset(&in, 0, sizeof(in));
	if (cks_api_body_object(request, response, &body) < 0)
		return -1;
	if (cks_api_fields_allowed(body, allowed, "", response) < 0 ||
	    cks_api_field_string(body, "name", 1, &in.name, response) < 0 ||
	    cks_api_field_string(body, "company", 0, &in.company, response) < 0 ||
	    cks_api_field_string(body, "email", 0, &in.email, response) < 0 ||
	    cks_api_field_string(body, "phone", 0, &in.phone, response) < 0 ||
	    cks_api_field_string(body, "lang", 0, &in.lang, response) < 0 ||
	    cks_api_field_string(body, "level", 0, &in.level, response) < 0)
		goto out;
	in.levels = levels_of(env);
	/* A duplicate is added all the same, as with cksctl, and named in
	 * "existing" so the caller can merge. */
	if (cks_client_find_existing(env->store, in.email, in.phone, 0,
	    &existing, &existing_field, &err) < 0 ||
	    cks_client_add(env->store, &in, &id, &err) < 0) {
		cks_api_reply_failure_field(response, &err, body, NULL);
		goto out;
	}
	rc = reply_client_with(env, id, 201, existing, existing_field, response);
out:
	json_decref(body);
	return rc;
}

static int
get_client(const struct cks_api_env *env, const struct cks_api_request *request,
	   const char *const *params, struct cks_api_response *response)
{
	int64_t id;

	if (cks_api_param_id(params[0], "client", &id, response) < 0)
		return -1;
	return cks_api_reply_client(env, id, 200, response);
}

/* PATCH: the fields given change ("" or null clears company, email, phone
 * or level), each change kept in the client's history under the token's
 * name. */
static int
patch_client(const struct cks_api_env *env,
	     const struct cks_api_request *request, const char *const *params,
	     struct cks_api_response *response)
{
	static const char *const allowed[] = { "name", "company", "email",
	    "phone", "lang", "level", NULL };
	static const char *const clearable[] = { "company", "email", "phone",
	    "level", NULL };
	struct cks_client_input in;
	struct cks_error err;
	const char *existing_field = NULL;
	json_t *body;
	int64_t id, existing = 0;
	int rc = -1;

	memset(&in, 0, sizeof(in));
	if (cks_api_param_id(params[0], "client", &id, response) < 0 ||
	    cks_api_body_object(request, response, &body) < 0)
		return -1;
	if (cks_api_fields_allowed(body, allowed, "", response) < 0 ||
	    cks_api_field_string(body, "name", 0, &in.name, response) < 0 ||
	    cks_api_field_string(body, "company", 0, &in.company, response) < 0 ||
	    cks_api_field_string(body, "email", 0, &in.email, response) < 0 ||
	    cks_api_field_string(body, "phone", 0, &in.phone, response) < 0 ||
	    cks_api_field_string(body, "lang", 0, &in.lang, response) < 0 ||
	    cks_api_field_string(body, "level", 0, &in.level, response) < 0)
		goto out;
	for (size_t i = 0; clearable[i] != NULL; i++)
		if (json_is_null(json_object_get(body, clearable[i]))) {
			if (strcmp(clearable[i], "company") == 0) in.company = "";
			if (strcmp(clearable[i], "email") == 0) in.email = "";
			if (strcmp(clearable[i], "phone") == 0) in.phone = "";
			if (strcmp(clearable[i], "level") == 0) in.level = "";
		}
	if (json_object_size(body) == 0) {
		cks_api_reply_error(response, 400, NULL, "nothing to change: give "
		    "name, company, email, phone, lang or level");
		goto out;
	}
	in.levels = levels_of(env);
	if (cks_client_edit(env->store, id, &in, actor_of(request), NULL,
	    &err) < 0 ||
	    (((in.email && in.email[0]) || (in.phone && in.phone[0])) &&
	     cks_client_find_existing(env->store, in.email, in.phone, id,
	     &existing, &existing_field, &err) < 0)) {
		cks_api_reply_failure_field(response, &err, body, NULL);
		goto out;
	}
	rc = reply_client_with(env, id, 200, existing, existing_field, response);
out:
	json_decref(body);
	return rc;
}

static int
get_client_history(const struct cks_api_env *env,
		   const struct cks_api_request *request,
		   const char *const *params, struct cks_api_response *response)
{
	struct cks_client_change *list;
	struct cks_error err;
	size_t count;
	json_t *array;
	int64_t id;

	if (cks_api_param_id(params[0], "client", &id, response) < 0)
		return -1;
	if (cks_client_history(env->store, id, &list, &count, &err) < 0)
		return cks_api_reply_failure(response, &err);
	array = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(array, cks_client_change_to_json(&list[i]));
	cks_client_history_free(&list, count);
	return cks_api_reply_json(response, 200, json_pack("{sI so}", "client",
	    (json_int_t)id, "history", array));
}

/* POST /v1/clients/KEEP/merge {"drop": ID}: the client kept, with
 * "moved" (how many sessions came over). */
static int
post_client_merge(const struct cks_api_env *env,
		  const struct cks_api_request *request,
		  const char *const *params, struct cks_api_response *response)
{
	static const char *const allowed[] = { "drop", NULL };
	struct cks_error err;
	json_t *body;
	int64_t keep, drop;
	int moved, rc = -1;

	if (cks_api_param_id(params[0], "client", &keep, response) < 0 ||
	    cks_api_body_object(request, response, &body) < 0)
		return -1;
	if (cks_api_fields_allowed(body, allowed, "", response) < 0 ||
	    cks_api_field_id(body, "drop", &drop, response) < 0)
		goto out;
	if (cks_client_merge(env->store, keep, drop, actor_of(request), &moved,
	    &err) < 0) {
		cks_api_reply_failure_field(response, &err, body, NULL);
		goto out;
	}
	{
		struct cks_client *client;
		json_t *json;

		if (cks_client_get(env->store, keep, &client, &err) < 0) {
			cks_api_reply_failure(response, &err);
			goto out;
		}
		rc = cks_client_describe(env->store, client, levels_of(env), &json,
		    &err);
		cks_client_free(&client);
		if (rc < 0) {
			cks_api_reply_failure(response, &err);
			goto out;
		}
		json_object_set_new(json, "moved", json_integer(moved));
		json_object_set_new(json, "dropped", json_integer(drop));
		rc = cks_api_reply_json(response, 200, json);
	}
out:
	json_decref(body);
	return rc;
}

static int
find_clients(const struct cks_api_env *env,
	     const struct cks_api_request *request, const char *const *params,
	     struct cks_api_response *response)
{
	const char *text = request->argument != NULL ?
	    request->argument(request->argument_context, "q") : NULL;
	struct cks_client **list;
	struct cks_error err;
	size_t count;
	json_t *array;
	long limit;

	if (text == NULL)
		return cks_api_reply_error(response, 400, "q", "argument 'q' "
		    "(the text to look for) is required");
	if (cks_api_argument_long(request, "limit", 100, 1, 1000, &limit,
	    response) < 0)
		return -1;
	if (cks_client_find(env->store, text, (size_t)limit, &list, &count,
	    &err) < 0)
		return err.kind == CKS_ERROR_INVALID ? cks_api_reply_error(response,
		    400, "q", "%s", err.message) : cks_api_reply_failure(response,
		    &err);
	array = json_array();
	for (size_t i = 0; i < count; i++) {
		json_t *j;

		if (cks_client_describe(env->store, list[i], levels_of(env), &j,
		    &err) < 0) {
			json_decref(array);
			cks_client_list_free(&list, count);
			return cks_api_reply_failure(response, &err);
		}
		json_array_append_new(array, j);
	}
	cks_client_list_free(&list, count);
	return cks_api_reply_json(response, 200, json_pack("{so}", "clients",
	    array));
}

/* --- sessions ----------------------------------------------------------- */

/* The session as `cksctl session show --json` prints it: every step of
 * its channel against the standard, and its rating. */
static int
reply_session(const struct cks_api_env *env, int64_t id, int status,
	      struct cks_api_response *response)
{
	struct cks_session *s;
	struct cks_error err;
	json_t *json;

	if (cks_session_get(env->store, id, &s, &err) < 0)
		return cks_api_reply_failure(response, &err);
	json = cks_session_to_json(s, cks_channels_find(env->channels,
	    s->channel));
	cks_session_free(&s);
	if (json == NULL)
		return cks_api_reply_error(response, 500, NULL, "out of memory");
	if (cks_rating_attach_json(env->store, id, json, &err) < 0) {
		json_decref(json);
		return cks_api_reply_failure(response, &err);
	}
	return cks_api_reply_json(response, status, json);
}

static int
post_session(const struct cks_api_env *env,
	     const struct cks_api_request *request, const char *const *params,
	     struct cks_api_response *response)
{
	static const char *const allowed[] = { "channel", "client_id", "at",
	    NULL };
	const char *channel;
	int64_t client_id, at = 0, id;
	struct cks_error err;
	json_t *body;
	int rc = -1;

	if (cks_api_body_object(request, response, &body) < 0)
		return -1;
	if (cks_api_fields_allowed(body, allowed, "", response) < 0 ||
	    cks_api_field_string(body, "channel", 1, &channel, response) < 0 ||
	    cks_api_field_id(body, "client_id", &client_id, response) < 0 ||
	    cks_api_field_time(body, "at", 0, &at, response) < 0)
		goto out;
	if (cks_session_open(env->store, env->channels, channel, client_id,
	    request->agent, at, &id, &err) < 0) {
		cks_api_reply_failure_field(response, &err, body, NULL);
		goto out;
	}
	rc = reply_session(env, id, 201, response);
out:
	json_decref(body);
	return rc;
}

static int
list_sessions(const struct cks_api_env *env,
	      const struct cks_api_request *request, const char *const *params,
	      struct cks_api_response *response)
{
	struct cks_session_filter filter = { NULL, 0, 0, 100, NULL };
	struct cks_session **list;
	struct cks_error err;
	long client, open_only, limit;
	size_t count;
	json_t *array;

	if (request->argument != NULL) {
		filter.channel = request->argument(request->argument_context,
		    "channel");
		filter.agent = request->argument(request->argument_context,
		    "agent");
	}
	if (cks_api_argument_long(request, "client", 0, 1, LONG_MAX, &client,
	    response) < 0 ||
	    cks_api_argument_long(request, "open", 0, 0, 1, &open_only,
	    response) < 0 ||
	    cks_api_argument_long(request, "limit", 100, 1, 1000, &limit,
	    response) < 0)
		return -1;
	filter.client_id = client;
	filter.open_only = (int)open_only;
	filter.limit = (size_t)limit;
	if (cks_session_list(env->store, &filter, &list, &count, &err) < 0)
		return cks_api_reply_failure(response, &err);
	/* Without the ratings, as `cksctl session list --json`. */
	array = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(array, cks_session_to_json(list[i],
		    cks_channels_find(env->channels, list[i]->channel)));
	cks_session_list_free(&list, count);
	return cks_api_reply_json(response, 200, json_pack("{so}", "sessions",
	    array));
}

static int
get_session(const struct cks_api_env *env,
	    const struct cks_api_request *request, const char *const *params,
	    struct cks_api_response *response)
{
	int64_t id;

	if (cks_api_param_id(params[0], "session", &id, response) < 0)
		return -1;
	return reply_session(env, id, 200, response);
}

static int
post_step(const struct cks_api_env *env, const struct cks_api_request *request,
	  const char *const *params, struct cks_api_response *response)
{
	static const char *const allowed[] = { "step", "event", "at", NULL };
	enum cks_step_event event;
	const json_t *step_value;
	const char *step, *event_name;
	char number[24];
	struct cks_error err;
	int64_t id, at = 0;
	json_t *body;
	int rc = -1;

	if (cks_api_param_id(params[0], "session", &id, response) < 0)
		return -1;
	if (cks_api_body_object(request, response, &body) < 0)
		return -1;
	if (cks_api_fields_allowed(body, allowed, "", response) < 0)
		goto out;
	/* A step is named by its id or by its number, as in cksctl. */
	step_value = json_object_get(body, "step");
	if (json_is_integer(step_value)) {
		snprintf(number, sizeof(number), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(step_value));
		step = number;
	} else if (step_value != NULL && !json_is_string(step_value) &&
		   !json_is_null(step_value)) {
		cks_api_reply_error(response, 400, "step", "field 'step' must be "
		    "a step's id or its number");
		goto out;
	} else if (cks_api_field_string(body, "step", 1, &step, response) < 0) {
		goto out;
	}
	if (cks_api_field_string(body, "event", 1, &event_name, response) < 0 ||
	    cks_api_field_time(body, "at", 0, &at, response) < 0)
		goto out;
	if (strcmp(event_name, "start") == 0) {
		event = CKS_STEP_START;
	} else if (strcmp(event_name, "done") == 0) {
		event = CKS_STEP_DONE;
	} else {
		cks_api_reply_error(response, 400, "event", "field 'event' must "
		    "be 'start' or 'done'");
		goto out;
	}
	if (cks_session_record_step(env->store, env->channels, id, step, event,
	    at, &err) < 0) {
		cks_api_reply_failure_field(response, &err, body, NULL);
		goto out;
	}
	rc = reply_session(env, id, 200, response);
out:
	json_decref(body);
	return rc;
}

static int
post_close(const struct cks_api_env *env, const struct cks_api_request *request,
	   const char *const *params, struct cks_api_response *response)
{
	static const char *const allowed[] = { "summary", "level", "at", NULL };
	const char *summary, *level = NULL;
	struct cks_error err;
	int64_t id, at = 0;
	json_t *body;
	int rc = -1;

	if (cks_api_param_id(params[0], "session", &id, response) < 0)
		return -1;
	if (cks_api_body_object(request, response, &body) < 0)
		return -1;
	if (cks_api_fields_allowed(body, allowed, "", response) < 0 ||
	    cks_api_field_string(body, "summary", 1, &summary, response) < 0 ||
	    cks_api_field_string(body, "level", 0, &level, response) < 0 ||
	    cks_api_field_time(body, "at", 0, &at, response) < 0)
		goto out;
	if (cks_session_close(env->store, id, summary, level, at, &err) < 0) {
		cks_api_reply_failure_field(response, &err, body, NULL);
		goto out;
	}
	rc = reply_session(env, id, 200, response);
out:
	json_decref(body);
	return rc;
}

/* --- ratings ------------------------------------------------------------ */

/* {"rating": ... or null, "session": id}, as `cksctl rating record`. */
static json_t *
rating_json(const struct cks_api_env *env, int64_t id, struct cks_error *err)
{
	json_t *json = json_object();

	if (json == NULL) {
		cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		return NULL;
	}
	if (cks_rating_attach_json(env->store, id, json, err) < 0) {
		json_decref(json);
		return NULL;
	}
	json_object_set_new(json, "session", json_integer(id));
	return json;
}

static int
post_rating(const struct cks_api_env *env,
	    const struct cks_api_request *request, const char *const *params,
	    struct cks_api_response *response)
{
	static const char *const allowed[] = { "code", "medium", "comment",
	    NULL };
	const struct cks_channel_plugin *plugin;
	const char *medium, *comment = NULL;
	struct cks_session *s;
	struct cks_error err;
	int64_t id;
	json_t *body, *json;
	int code = 0, changed, rc = -1;

	if (cks_api_param_id(params[0], "session", &id, response) < 0)
		return -1;
	if (cks_api_body_object(request, response, &body) < 0)
		return -1;
	if (cks_api_fields_allowed(body, allowed, "", response) < 0 ||
	    field_int(body, "code", &code, response) < 0 ||
	    cks_api_field_string(body, "medium", 1, &medium, response) < 0 ||
	    cks_api_field_string(body, "comment", 0, &comment, response) < 0)
		goto out;
	if (strcmp(medium, "ivr") != 0 && strcmp(medium, "chat") != 0 &&
	    strcmp(medium, "counter") != 0) {
		cks_api_reply_error(response, 400, "medium", "field 'medium' must "
		    "be ivr, chat or counter (email and SMS answers arrive as "
		    "replies and through POST /v1/sms)");
		goto out;
	}
	if (cks_session_get(env->store, id, &s, &err) < 0) {
		cks_api_reply_failure(response, &err);
		goto out;
	}
	plugin = cks_channels_find(env->channels, s->channel);
	if (plugin == NULL) {
		cks_api_reply_error(response, 400, NULL, "session %lld is on "
		    "channel '%s', whose plugin is not loaded", (long long)id,
		    s->channel);
		cks_session_free(&s);
		goto out;
	}
	cks_session_free(&s);
	if (cks_rating_record(env->store, plugin, id, code, medium, comment, 0,
	    0, &changed, &err) < 0) {
		cks_api_reply_failure_field(response, &err, body, NULL);
		goto out;
	}
	/* The rating's events were written with it: deliver them now. */
	if (changed && env->wake != NULL)
		env->wake(env->wake_context);
	json = rating_json(env, id, &err);
	if (json == NULL) {
		cks_api_reply_failure(response, &err);
		goto out;
	}
	json_object_set_new(json, "changed", json_boolean(changed));
	rc = cks_api_reply_json(response, 200, json);
out:
	json_decref(body);
	return rc;
}

static int
get_rating(const struct cks_api_env *env, const struct cks_api_request *request,
	   const char *const *params, struct cks_api_response *response)
{
	struct cks_session *s;
	struct cks_error err;
	int64_t id;
	json_t *json;

	if (cks_api_param_id(params[0], "session", &id, response) < 0)
		return -1;
	/* An unknown session is 404; a session without a rating is not. */
	if (cks_session_get(env->store, id, &s, &err) < 0)
		return cks_api_reply_failure(response, &err);
	cks_session_free(&s);
	json = rating_json(env, id, &err);
	if (json == NULL)
		return cks_api_reply_failure(response, &err);
	return cks_api_reply_json(response, 200, json);
}

/* Every revision of the rating, as `cksctl --json rating history`. */
static int
get_rating_history(const struct cks_api_env *env,
		   const struct cks_api_request *request,
		   const char *const *params, struct cks_api_response *response)
{
	struct cks_error err;
	int64_t id;
	json_t *json;

	(void)request;
	if (cks_api_param_id(params[0], "session", &id, response) < 0)
		return -1;
	if (cks_rating_history(env->store, id, &json, &err) < 0)
		return cks_api_reply_failure(response, &err);
	return cks_api_reply_json(response, 200, json);
}

const struct cks_api_route cks_api_session_routes[] = {
	{ "POST", "/v1/clients", post_client },
	{ "GET", "/v1/clients", find_clients },
	{ "GET", "/v1/clients/:id", get_client },
	{ "PATCH", "/v1/clients/:id", patch_client },
	{ "GET", "/v1/clients/:id/history", get_client_history },
	{ "POST", "/v1/clients/:id/merge", post_client_merge },
	{ "POST", "/v1/sessions", post_session },
	{ "GET", "/v1/sessions", list_sessions },
	{ "GET", "/v1/sessions/:id", get_session },
	{ "POST", "/v1/sessions/:id/steps", post_step },
	{ "POST", "/v1/sessions/:id/close", post_close },
	{ "POST", "/v1/sessions/:id/rating", post_rating },
	{ "GET", "/v1/sessions/:id/rating", get_rating },
	{ "GET", "/v1/sessions/:id/rating/history", get_rating_history },
	{ NULL, NULL, NULL },
};
