/* Kannel's delivery reports: smsbox fetches the dlr-url each SMS was sent
 * with (sms_dlr.h), GET by default, with the report type in status.  The
 * route is public, as Kannel sends no token; the signature in the URL is
 * what lets a report change a message, and it is never logged (the
 * server logs paths without their query). */
#include "autoconfig.h"

#include "api.h"

#include "sms_dlr.h"

static int
dlr(const struct cks_api_env *env, const struct cks_api_request *request,
    const char *const *params, struct cks_api_response *response)
{
	const char *msg = request->argument(request->argument_context, "msg");
	const char *sig = request->argument(request->argument_context, "sig");
	const char *type = request->argument(request->argument_context, "status");
	const char *status;
	struct cks_error err;
	int64_t id = 0;
	int rc;

	(void)params;
	rc = cks_sms_dlr_verify(env->config, msg, sig, &id, &err);
	if (rc < 0)
		return cks_api_reply_failure(response, &err);
	if (rc == 0)
		return cks_api_reply_error(response, 403, "sig", "this delivery "
		    "report URL was not signed by this gateway");
	status = cks_sms_dlr_status(type);
	if (status == NULL)
		return cks_api_reply_error(response, 400, "status", "status must be "
		    "a Kannel delivery report type: 1, 2, 4, 8 or 16, not '%.20s'",
		    type != NULL ? type : "");
	rc = cks_sms_dlr_record(env->store, id, status, &err);
	if (rc < 0)
		return cks_api_reply_failure(response, &err);
	return cks_api_reply_json(response, 200, json_pack("{sI ss sb}",
	    "message", (json_int_t)id, "dlr", status, "recorded", rc == 1));
}

const struct cks_api_route cks_api_sms_dlr_routes[] = {
	{ "GET", "/v1/sms/dlr", dlr },
	{ "POST", "/v1/sms/dlr", dlr },
	{ NULL, NULL, NULL },
};
