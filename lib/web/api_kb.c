/* The API for the knowledge-base catalogue: what `cksctl kb` does, with
 * the same core calls and JSON.  Reading and searching are an agent's;
 * adding, changing and disabling items, an admin's (api_access.c): the
 * catalogue is what every agent sends, so its editors are few.  Adding an
 * item to a basket is POST /v1/sessions/:id/basket/items {"kb_item": ID}
 * (api_outbound.c). */
#include "autoconfig.h"

#include "api.h"

#include <stdio.h>
#include <string.h>

#include "kb.h"

static void
limits_of(const struct cks_api_env *env, struct cks_basket_limits *limits)
{
	memset(limits, 0, sizeof(*limits));
	limits->max_items = env->config->basket_max_items;
	limits->max_file_bytes = env->config->basket_max_file_bytes;
	limits->max_total_bytes = env->config->basket_max_total_bytes;
}

static int
reply_item(const struct cks_api_env *env, int64_t id, int status,
	   struct cks_api_response *response)
{
	struct cks_kb_item *it;
	struct cks_error err;

	if (cks_kb_get(env->store, id, &it, &err) < 0)
		return cks_api_reply_failure(response, &err);
	cks_api_reply_json(response, status, cks_kb_item_to_json(it));
	cks_kb_item_free(&it);
	return 0;
}

/* GET /v1/kb?q=TEXT&all=1&limit=N */
static int
list_kb(const struct cks_api_env *env, const struct cks_api_request *request,
	const char *const *params, struct cks_api_response *response)
{
	struct cks_kb_item **items;
	struct cks_error err;
	const char *q = request->argument ? request->argument(
	    request->argument_context, "q") : NULL;
	long all, limit;
	size_t count;
	json_t *array;

	(void)params;
	if (cks_api_argument_long(request, "all", 0, 0, 1, &all, response) < 0 ||
	    cks_api_argument_long(request, "limit", 50, 1, 1000, &limit,
				  response) < 0)
		return -1;
	if (cks_kb_search(env->store, q, (int)all, (size_t)limit, &items, &count,
			  &err) < 0) {
		if (err.kind == CKS_ERROR_INVALID)
			return cks_api_reply_error(response, 400, "q", "%s",
			    err.message);
		return cks_api_reply_failure(response, &err);
	}
	array = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(array, cks_kb_item_to_json(items[i]));
	cks_kb_list_free(&items, count);
	return cks_api_reply_json(response, 200, json_pack("{so}", "items", array));
}

static int
get_kb(const struct cks_api_env *env, const struct cks_api_request *request,
       const char *const *params, struct cks_api_response *response)
{
	int64_t id;

	(void)request;
	if (cks_api_param_id(params[0], "catalogue item", &id, response) < 0)
		return -1;
	return reply_item(env, id, 200, response);
}

/* The fields of a POST or PATCH body; files come through cksctl. */
static int
read_input(const struct cks_api_request *request,
	   struct cks_api_response *response, json_t **body,
	   struct cks_kb_input *in)
{
	static const char *const known[] = {
		"title_th", "title_en", "summary", "url", "tags", NULL,
	};
	const json_t *summary;

	memset(in, 0, sizeof(*in));
	if (cks_api_body_object(request, response, body) < 0)
		return -1;
	if (cks_api_fields_allowed(*body, known, "", response) < 0 ||
	    cks_api_field_string(*body, "title_th", 0, &in->title_th, response) < 0 ||
	    cks_api_field_string(*body, "title_en", 0, &in->title_en, response) < 0 ||
	    cks_api_field_string(*body, "url", 0, &in->url, response) < 0 ||
	    cks_api_field_string(*body, "tags", 0, &in->tags, response) < 0)
		return -1;
	/* A summary may hold line breaks, which field_string refuses. */
	summary = json_object_get(*body, "summary");
	if (summary != NULL && !json_is_null(summary)) {
		if (!json_is_string(summary) ||
		    strlen(json_string_value(summary)) != json_string_length(summary))
			return cks_api_reply_error(response, 400, "summary",
			    "field 'summary' must be a string without NUL");
		in->summary = json_string_value(summary);
	}
	return 0;
}

static int
post_kb(const struct cks_api_env *env, const struct cks_api_request *request,
	const char *const *params, struct cks_api_response *response)
{
	struct cks_basket_limits limits;
	struct cks_kb_input in;
	struct cks_error err;
	json_t *body = NULL;
	int64_t id;
	int rc = -1;

	(void)params;
	limits_of(env, &limits);
	if (read_input(request, response, &body, &in) < 0)
		goto out;
	if (cks_kb_add(env->store, &in, &limits, &id, &err) < 0) {
		cks_api_reply_failure_field(response, &err, body, NULL);
		goto out;
	}
	rc = reply_item(env, id, 201, response);
out:
	json_decref(body);
	return rc;
}

static int
patch_kb(const struct cks_api_env *env, const struct cks_api_request *request,
	 const char *const *params, struct cks_api_response *response)
{
	struct cks_basket_limits limits;
	struct cks_kb_input in;
	struct cks_error err;
	json_t *body = NULL;
	int64_t id;
	int rc = -1;

	limits_of(env, &limits);
	if (cks_api_param_id(params[0], "catalogue item", &id, response) < 0 ||
	    read_input(request, response, &body, &in) < 0)
		goto out;
	if (cks_kb_edit(env->store, id, &in, &limits, &err) < 0) {
		cks_api_reply_failure_field(response, &err, body, NULL);
		goto out;
	}
	rc = reply_item(env, id, 200, response);
out:
	json_decref(body);
	return rc;
}

static int
set_active(const struct cks_api_env *env, const char *const *params,
	   int active, struct cks_api_response *response)
{
	struct cks_error err;
	int64_t id;

	if (cks_api_param_id(params[0], "catalogue item", &id, response) < 0)
		return -1;
	if (cks_kb_set_active(env->store, id, active, &err) < 0)
		return cks_api_reply_failure(response, &err);
	return reply_item(env, id, 200, response);
}

static int
post_disable(const struct cks_api_env *env,
	     const struct cks_api_request *request, const char *const *params,
	     struct cks_api_response *response)
{
	(void)request;
	return set_active(env, params, 0, response);
}

static int
post_enable(const struct cks_api_env *env,
	    const struct cks_api_request *request, const char *const *params,
	    struct cks_api_response *response)
{
	(void)request;
	return set_active(env, params, 1, response);
}

const struct cks_api_route cks_api_kb_routes[] = {
	{ "GET", "/v1/kb", list_kb },
	{ "POST", "/v1/kb", post_kb },
	{ "GET", "/v1/kb/:id", get_kb },
	{ "PATCH", "/v1/kb/:id", patch_kb },
	{ "POST", "/v1/kb/:id/disable", post_disable },
	{ "POST", "/v1/kb/:id/enable", post_enable },
	{ NULL, NULL, NULL },
};
