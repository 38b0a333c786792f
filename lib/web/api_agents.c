/* The API for agents: what `cksctl agent` does, with the same core calls
 * and the same JSON.  Listing and showing are an agent's; adding and
 * disabling, an admin's (api_access.c).  An agent's API token is tied to
 * its record by the token's name, which is the agent's login: sessions
 * opened with the token record that agent (case-insensitively, see
 * cks_agent_for_session()). */
#include "autoconfig.h"

#include "api.h"

#include <stdio.h>
#include <string.h>

#include "agent.h"

static int
reply_agent(const struct cks_api_env *env, const char *login, int status,
	    struct cks_api_response *response)
{
	struct cks_agent *agent;
	struct cks_error err;
	json_t *json;

	if (cks_agent_get(env->store, login, &agent, &err) < 0)
		return cks_api_reply_failure(response, &err);
	json = cks_agent_to_json(agent);
	cks_agent_free(&agent);
	if (json == NULL)
		return cks_api_reply_error(response, 500, NULL, "out of memory");
	return cks_api_reply_json(response, status, json);
}

static int
list_agents(const struct cks_api_env *env,
	    const struct cks_api_request *request, const char *const *params,
	    struct cks_api_response *response)
{
	struct cks_agent **list;
	struct cks_error err;
	long all;
	size_t count;
	json_t *array;

	(void)params;
	if (cks_api_argument_long(request, "all", 0, 0, 1, &all, response) < 0)
		return -1;
	if (cks_agent_list(env->store, (int)all, &list, &count, &err) < 0)
		return cks_api_reply_failure(response, &err);
	array = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(array, cks_agent_to_json(list[i]));
	cks_agent_list_free(&list, count);
	return cks_api_reply_json(response, 200, json_pack("{so}", "agents",
	    array));
}

static int
post_agent(const struct cks_api_env *env,
	   const struct cks_api_request *request, const char *const *params,
	   struct cks_api_response *response)
{
	static const char *const allowed[] = { "login", "name_th", "name_en",
	    NULL };
	struct cks_agent_input in;
	struct cks_error err;
	json_t *body;
	int64_t id;
	int rc = -1;

	(void)params;
	memset(&in, 0, sizeof(in));
	if (cks_api_body_object(request, response, &body) < 0)
		return -1;
	if (cks_api_fields_allowed(body, allowed, "", response) < 0 ||
	    cks_api_field_string(body, "login", 1, &in.login, response) < 0 ||
	    cks_api_field_string(body, "name_th", 0, &in.name_th, response) < 0 ||
	    cks_api_field_string(body, "name_en", 0, &in.name_en, response) < 0)
		goto out;
	if (cks_agent_add(env->store, &in, &id, &err) < 0) {
		cks_api_reply_failure_field(response, &err, body, NULL);
		goto out;
	}
	rc = reply_agent(env, in.login, 201, response);
out:
	json_decref(body);
	return rc;
}

static int
get_agent(const struct cks_api_env *env, const struct cks_api_request *request,
	  const char *const *params, struct cks_api_response *response)
{
	(void)request;
	return reply_agent(env, params[0], 200, response);
}

static int
post_disable(const struct cks_api_env *env,
	     const struct cks_api_request *request, const char *const *params,
	     struct cks_api_response *response)
{
	struct cks_error err;

	(void)request;
	if (cks_agent_disable(env->store, params[0], &err) < 0)
		return cks_api_reply_failure(response, &err);
	return reply_agent(env, params[0], 200, response);
}

const struct cks_api_route cks_api_agent_routes[] = {
	{ "GET", "/v1/agents", list_agents },
	{ "POST", "/v1/agents", post_agent },
	{ "GET", "/v1/agents/:login", get_agent },
	{ "POST", "/v1/agents/:login/disable", post_disable },
	{ NULL, NULL, NULL },
};
