/* Unit tests for lib/web/api: routing (params, 404, 405, 401, 403), the JSON
 * error bodies and the field helpers' 400s naming the field. */
#include "autoconfig.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testhelp.h"
#include "api.h"
#include "config.h"
#include "metrics.h"
#include "queue.h"
#include "relay_status.h"

static struct cks_api_env env;
static struct cks_config *config;

static int
setup(void **state)
{
	struct cks_error err;

	assert_int_equal(cks_config_load(NULL, &config, &err), 0);
	env.config = config;
	env.store = test_store_new();
	env.channels = test_channels_load();
	return 0;
}

static int
teardown(void **state)
{
	struct cks_channels *channels = (struct cks_channels *)env.channels;

	cks_store_close(&env.store);
	cks_channels_free(&channels);
	cks_config_free(&config);
	return 0;
}

/* Dispatches and returns the parsed body (the caller decrefs). */
static json_t *
call(const char *method, const char *path, const char *agent,
     enum cks_api_role role, const char *body, int *status)
{
	struct cks_api_request request = {
		.method = method, .path = path, .agent = agent, .role = role,
		.body = body, .body_size = body != NULL ? strlen(body) : 0,
		.content_type = body != NULL ? "application/json" : NULL,
	};
	struct cks_api_response response;
	json_t *json;

	cks_api_dispatch(&env, &request, &response);
	*status = response.status;
	json = json_loadb(response.body, response.body_size, 0, NULL);
	cks_api_response_clear(&response);
	return json;
}

static const char *
error_message(json_t *json)
{
	return json_string_value(json_object_get(json_object_get(json, "error"),
	    "message"));
}

static void
test_routes_and_params(void **state)
{
	int status;
	json_t *j = call("GET", "/v1/channels/hotline1169", "alice",
	    CKS_API_AGENT, NULL, &status);

	assert_int_equal(status, 200);
	assert_string_equal(json_string_value(json_object_get(j, "id")),
	    "hotline1169");
	json_decref(j);
	j = call("GET", "/v1/channels", "wall", CKS_API_VIEWER, NULL, &status);
	assert_int_equal(status, 200);
	assert_int_equal(json_array_size(json_object_get(j, "channels")), 3);
	json_decref(j);
	j = call("GET", "/v1/channels/nope", "alice", CKS_API_AGENT, NULL,
	    &status);
	assert_int_equal(status, 404);
	assert_non_null(strstr(error_message(j), "nope"));
	json_decref(j);
}

static void
test_statuses(void **state)
{
	int status;
	json_t *j;

	j = call("GET", "/v1/no/such/thing", "alice", CKS_API_AGENT, NULL, &status);
	assert_int_equal(status, 404);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j,
	    "error"), "status")), 404);
	json_decref(j);
	j = call("DELETE", "/v1/channels", "alice", CKS_API_AGENT, NULL, &status);
	assert_int_equal(status, 405);
	json_decref(j);
	j = call("GET", "/v1/channels", NULL, CKS_API_PUBLIC, NULL, &status);
	assert_int_equal(status, 401);
	json_decref(j);
	j = call("GET", "/healthz", NULL, CKS_API_PUBLIC, NULL, &status);
	assert_int_equal(status, 200);
	json_decref(j);
	/* HEAD is answered wherever GET is. */
	j = call("HEAD", "/healthz", NULL, CKS_API_PUBLIC, NULL, &status);
	assert_int_equal(status, 200);
	json_decref(j);
	assert_int_equal(cks_api_route_role("GET", "/healthz"), CKS_API_PUBLIC);
	assert_int_equal(cks_api_route_role("GET", "/v1/channels/x"),
	    CKS_API_VIEWER);
	assert_int_equal(cks_api_route_role("GET", "/nothing"), -1);
}

static void
test_fields(void **state)
{
	struct cks_api_request request = { .method = "POST", .path = "/",
					   .content_type = "application/json" };
	struct cks_api_response response = { 0 };
	const char *text = NULL;
	int64_t number = 0, when = 0;
	json_t *body;

	request.body = "{\"name\": \"สมชาย\", \"n\": 5, \"bad\": \"a\\r\\nb\","
	    " \"at\": \"2569-11-28 10:05\", \"s\": 7}";
	request.body_size = strlen(request.body);
	assert_int_equal(cks_api_body_object(&request, &response, &body), 0);
	assert_int_equal(cks_api_field_string(body, "name", 1, &text, &response),
	    0);
	assert_string_equal(text, "สมชาย");
	assert_int_equal(cks_api_field_string(body, "missing", 0, &text,
	    &response), 1);
	assert_int_equal(cks_api_field_integer(body, "n", 1, &number, &response),
	    0);
	assert_int_equal(number, 5);
	assert_int_equal(cks_api_field_time(body, "at", 1, &when, &response), 0);
	/* 2569 BE is 2026; 10:05 in Bangkok (the tests' TZ) or wherever. */
	assert_true(when > 1795000000000LL && when < 1796000000000LL);

	/* CR/LF is refused by whoever stores the text (a name must not carry
	 * it into a header); the helper only guarantees clean UTF-8. */
	assert_int_equal(cks_api_field_string(body, "bad", 1, &text, &response),
	    0);
	assert_int_equal(cks_api_field_string(body, "s", 1, &text, &response), -1);
	assert_int_equal(response.status, 400);
	assert_non_null(strstr(response.body, "\"field\": \"s\""));
	assert_int_equal(cks_api_field_string(body, "s", 1, &text, &response), -1);
	assert_non_null(strstr(response.body, "must be a string"));
	assert_int_equal(cks_api_field_integer(body, "name", 1, &number,
	    &response), -1);
	assert_non_null(strstr(response.body, "\"field\": \"name\""));
	assert_int_equal(cks_api_field_string(body, "absent", 1, &text,
	    &response), -1);
	assert_non_null(strstr(response.body, "is required"));
	json_decref(body);

	/* A NUL inside a string would cut C text short: refused. */
	request.body = "{\"name\": \"a\\u0000b\"}";
	request.body_size = strlen(request.body);
	assert_int_equal(cks_api_body_object(&request, &response, &body), -1);
	assert_int_equal(response.status, 400);
	request.body = "{\"a\": 1,";
	request.body_size = strlen(request.body);
	assert_int_equal(cks_api_body_object(&request, &response, &body), -1);
	assert_int_equal(response.status, 400);
	assert_non_null(strstr(response.body, "line 1, column"));
	request.body = "[1, 2]";
	request.body_size = strlen(request.body);
	assert_int_equal(cks_api_body_object(&request, &response, &body), -1);
	assert_non_null(strstr(response.body, "must be a JSON object"));
	request.content_type = "text/plain";
	assert_int_equal(cks_api_body_object(&request, &response, &body), -1);
	assert_int_equal(response.status, 415);
	cks_api_response_clear(&response);
}

static void
test_failure_mapping(void **state)
{
	static const struct { enum cks_error_kind kind; int status; } map[] = {
		{ CKS_ERROR_INVALID, 400 }, { CKS_ERROR_NOT_FOUND, 404 },
		{ CKS_ERROR_CONFLICT, 409 }, { CKS_ERROR_TEMPORARY, 503 },
		{ CKS_ERROR_INTERNAL, 500 },
	};
	struct cks_api_response response = { 0 };
	struct cks_error err;
	int64_t id;

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		cks_error_set(&err, map[i].kind, "session 7 is closed");
		cks_api_reply_failure(&response, &err);
		assert_int_equal(response.status, map[i].status);
		assert_non_null(strstr(response.body, "session 7 is closed"));
	}
	assert_int_equal(response.retry_after, 0);
	cks_error_set(&err, CKS_ERROR_TEMPORARY, "busy");
	cks_api_reply_failure(&response, &err);
	assert_int_equal(response.retry_after, 1);
	assert_int_equal(cks_api_param_id("12", "session", &id, &response), 0);
	assert_int_equal(id, 12);
	assert_int_equal(cks_api_param_id("012", "session", &id, &response), -1);
	assert_int_equal(cks_api_param_id("1x", "session", &id, &response), -1);
	assert_int_equal(response.status, 400);
	cks_api_response_clear(&response);
}

static void
expect_line(const char *text, const char *line)
{
	char want[256];

	snprintf(want, sizeof(want), "\n%s\n", line);
	if (strstr(text, want) == NULL)
		fail_msg("no line '%s' in:\n%s", line, text);
}

/* /metrics counts what the modules owning the tables report: every queue
 * state and inbound outcome even at zero, each relay's fault and size. */
static void
test_metrics_from_the_store(void **state)
{
	struct cks_queue_new m = { .kind = "basket", .sender = "desk@example.com",
		.recipient = "somchai@example.co.th", .subject = "Basket",
		.body = "Subject: Basket\r\n\r\nhi\r\n", .size = 23 };
	struct cks_error err;
	int64_t first, second;
	char *text = NULL;

	m.message_id = "one@example.com";
	assert_int_equal(cks_queue_add(env.store, &m, &first, &err), 0);
	m.message_id = "two@example.com";
	assert_int_equal(cks_queue_add(env.store, &m, &second, &err), 0);
	assert_int_equal(cks_queue_cancel(env.store, second, &err), 0);
	assert_int_equal(cks_relay_status_record(env.store, "mx.example:25", 0,
	    "smtp.starttls", "STARTTLS refused", -1, &err), 0);
	assert_int_equal(cks_relay_status_record(env.store, "relay.example:587",
	    1, NULL, NULL, 10485760, &err), 0);
	if (cks_metrics_render(NULL, env.store, &text, &err) < 0)
		fail_msg("cks_metrics_render: %s", err.message);
	expect_line(text, "cksgate_queue_messages{state=\"queued\"} 1");
	expect_line(text, "cksgate_queue_messages{state=\"cancelled\"} 1");
	expect_line(text, "cksgate_queue_messages{state=\"failed\"} 0");
	expect_line(text, "cksgate_delivery_attempts_total{result=\"sent\"} 0");
	expect_line(text, "cksgate_relay_fault{relay=\"mx.example:25\","
	    "setting=\"smtp.starttls\"} 1");
	expect_line(text, "cksgate_relay_fault{relay=\"relay.example:587\","
	    "setting=\"none\"} 0");
	expect_line(text, "cksgate_relay_size_limit_bytes"
	    "{relay=\"relay.example:587\"} 10485760");
	assert_null(strstr(text, "size_limit_bytes{relay=\"mx.example:25\""));
	expect_line(text, "# TYPE cksgate_ratings gauge");
	expect_line(text, "cksgate_inbound_messages_total"
	    "{outcome=\"quarantined\"} 0");
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_routes_and_params),
		cmocka_unit_test(test_statuses),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_failure_mapping),
		cmocka_unit_test(test_metrics_from_the_store),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
