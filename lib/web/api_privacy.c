/* The API for consent, opt-out and the data subject's rights (issue 17):
 * what `cksctl client consent|opt-out|export|erase` do, with the same
 * core calls and JSON.  Export and erase are a supervisor's (admin
 * tokens): they hand out or destroy everything about a person. */
#include "autoconfig.h"

#include "api.h"

#include <string.h>

#include "consent.h"
#include "privacy.h"

/* POST /v1/clients/ID/consent {"source", "note"?, "at"?} */
static int
post_consent(const struct cks_api_env *env,
	     const struct cks_api_request *request, const char *const *params,
	     struct cks_api_response *response)
{
	static const char *const allowed[] = { "source", "note", "at", NULL };
	const char *source = NULL, *note = NULL;
	struct cks_error err;
	int64_t id, at = 0;
	json_t *body;
	int rc = -1;

	if (cks_api_param_id(params[0], "client", &id, response) < 0 ||
	    cks_api_body_object(request, response, &body) < 0)
		return -1;
	if (cks_api_fields_allowed(body, allowed, "", response) < 0 ||
	    cks_api_field_string(body, "source", 1, &source, response) < 0 ||
	    cks_api_field_string(body, "note", 0, &note, response) < 0 ||
	    cks_api_field_time(body, "at", 0, &at, response) < 0)
		goto out;
	if (cks_consent_record(env->store, id, source, note, at, &err) < 0) {
		cks_api_reply_failure_field(response, &err, body, NULL);
		goto out;
	}
	rc = cks_api_reply_client(env, id, 200, response);
out:
	json_decref(body);
	return rc;
}

/* POST /v1/clients/ID/opt-out {}: the client told an agent. */
static int
post_opt_out(const struct cks_api_env *env,
	     const struct cks_api_request *request, const char *const *params,
	     struct cks_api_response *response)
{
	static const char *const allowed[] = { NULL };
	struct cks_error err;
	int64_t id;
	json_t *body;
	int changed, rc = -1;

	if (cks_api_param_id(params[0], "client", &id, response) < 0 ||
	    cks_api_body_object(request, response, &body) < 0)
		return -1;
	if (cks_api_fields_allowed(body, allowed, "", response) < 0)
		goto out;
	if (cks_consent_opt_out(env->store, id, "agent", &changed, &err) < 0) {
		cks_api_reply_failure(response, &err);
		goto out;
	}
	rc = cks_api_reply_client(env, id, 200, response);
out:
	json_decref(body);
	return rc;
}

/* GET /v1/clients/ID/export: everything held about the client. */
static int
get_export(const struct cks_api_env *env, const struct cks_api_request *request,
	   const char *const *params, struct cks_api_response *response)
{
	struct cks_error err;
	int64_t id;
	json_t *json;

	(void)request;
	if (cks_api_param_id(params[0], "client", &id, response) < 0)
		return -1;
	if (cks_privacy_export(env->store, env->config, id, &json, &err) < 0)
		return cks_api_reply_failure(response, &err);
	return cks_api_reply_json(response, 200, json);
}

/* POST /v1/clients/ID/erase {"confirm": true}: the counts removed. */
static int
post_erase(const struct cks_api_env *env, const struct cks_api_request *request,
	   const char *const *params, struct cks_api_response *response)
{
	static const char *const allowed[] = { "confirm", NULL };
	struct cks_privacy_counts c;
	struct cks_error err;
	int64_t id;
	json_t *body;
	int rc = -1;

	if (cks_api_param_id(params[0], "client", &id, response) < 0 ||
	    cks_api_body_object(request, response, &body) < 0)
		return -1;
	if (cks_api_fields_allowed(body, allowed, "", response) < 0)
		goto out;
	if (!json_is_true(json_object_get(body, "confirm"))) {
		rc = cks_api_reply_error(response, 400, "confirm", "field 'confirm' "
		    "must be true: erasing a client cannot be undone");
		goto out;
	}
	if (cks_privacy_erase(env->store, id, &c, &err) < 0) {
		cks_api_reply_failure(response, &err);
		goto out;
	}
	rc = cks_api_reply_json(response, 200, json_pack(
	    "{sI s{sI sI sI sI sI sI sI sI}}", "client", (json_int_t)id,
	    "removed",
	    "session_summaries", (json_int_t)c.sessions,
	    "basket_items", (json_int_t)c.basket_items,
	    "attachments", (json_int_t)c.attachments,
	    "message_bodies", (json_int_t)c.messages,
	    "messages_cancelled", (json_int_t)c.cancelled,
	    "rating_comments", (json_int_t)c.ratings,
	    "inbound_messages", (json_int_t)c.inbound,
	    "history", (json_int_t)c.history));
out:
	json_decref(body);
	return rc;
}

const struct cks_api_route cks_api_privacy_routes[] = {
	{ "POST", "/v1/clients/:id/consent", post_consent },
	{ "POST", "/v1/clients/:id/opt-out", post_opt_out },
	{ "GET", "/v1/clients/:id/export", get_export },
	{ "POST", "/v1/clients/:id/erase", post_erase },
	{ NULL, NULL, NULL },
};
