/* Unit tests for the SMS transport (issue 17): the alphabet and part count
 * of a text (lib/mailout/sms_text), the signed delivery report URLs and
 * their types (sms_dlr), and one sendsms request each way Kannel can answer
 * (sms_send, against tests/servers/http_receiver.py on 127.0.0.1). */
#include "autoconfig.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testhelp.h"
#include "api.h"
#include "channels.h"
#include "config.h"
#include "queue.h"
#include "reply_store.h"
#include "sms_dlr.h"
#include "sms_send.h"
#include "sms_text.h"

/* "กด" (2 Thai characters, 6 bytes) */
#define KOD "\xe0\xb8\x81\xe0\xb8\x94"

static char *
repeat(const char *unit, size_t n)
{
	size_t len = strlen(unit);
	char *s = malloc(len * n + 1);

	assert_non_null(s);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * len, unit, len);
	s[len * n] = '\0';
	return s;
}

static void
measure(const char *text, enum cks_sms_coding coding, size_t units, int parts)
{
	struct cks_sms_size size;

	assert_int_equal(cks_sms_measure(text, &size), 0);
	assert_int_equal(size.coding, coding);
	assert_int_equal(size.units, units);
	assert_int_equal(size.parts, parts);
}

static void
test_gsm7(void **state)
{
	char *s;

	(void)state;
	measure("Reply 1 Excellent, 2 Good", CKS_SMS_GSM7, 25, 1);
	/* Extension characters take two septets. */
	measure("{x}", CKS_SMS_GSM7, 5, 1);
	measure("\xe2\x82\xac" "5", CKS_SMS_GSM7, 3, 1);     /* "€5" */
	measure("Caf\xc3\xa9 \xc3\x85" "ngstr\xc3\xb6m", CKS_SMS_GSM7, 13, 1);
	s = repeat("a", 160);
	measure(s, CKS_SMS_GSM7, 160, 1);
	free(s);
	s = repeat("a", 161);
	measure(s, CKS_SMS_GSM7, 161, 2);
	free(s);
	s = repeat("a", 306);
	measure(s, CKS_SMS_GSM7, 306, 2);
	free(s);
	s = repeat("a", 307);
	measure(s, CKS_SMS_GSM7, 307, 3);
	free(s);
	/* 152 septets, an escape pair, 152 more: 306 septets would fill two
	 * parts of 153, but the pair does not fit the first part whole and
	 * opens the second, so the last septet needs a third. */
	s = repeat("a", 152);
	s = realloc(s, 152 + 1 + 152 + 1);
	strcat(s, "[");
	{
		char *tail = repeat("a", 152);

		strcat(s, tail);
		free(tail);
	}
	measure(s, CKS_SMS_GSM7, 306, 3);
	free(s);
}

static void
test_ucs2(void **state)
{
	char *s;

	(void)state;
	/* A backquote is not in the GSM alphabet. */
	measure("`quoted`", CKS_SMS_UCS2, 8, 1);
	measure(KOD " 2", CKS_SMS_UCS2, 4, 1);
	s = repeat(KOD, 35);
	measure(s, CKS_SMS_UCS2, 70, 1);
	free(s);
	s = repeat("\xe0\xb8\x81", 71);
	measure(s, CKS_SMS_UCS2, 71, 2);
	free(s);
	s = repeat("\xe0\xb8\x81", 134);
	measure(s, CKS_SMS_UCS2, 134, 2);
	free(s);
	s = repeat("\xe0\xb8\x81", 135);
	measure(s, CKS_SMS_UCS2, 135, 3);
	free(s);
	/* A character beyond the BMP is a surrogate pair, never split. */
	measure("\xf0\x9f\x98\x80", CKS_SMS_UCS2, 2, 1);
	s = repeat("\xe0\xb8\x81", 66);
	s = realloc(s, 66 * 3 + 4 + 3 + 6 + 1);
	strcat(s, "\xf0\x9f\x98\x80" "\xe0\xb8\x81");
	measure(s, CKS_SMS_UCS2, 69, 1);
	strcat(s, "\xe0\xb8\x81\xe0\xb8\x81");   /* 71 units: two parts */
	measure(s, CKS_SMS_UCS2, 71, 2);
	free(s);
	assert_string_equal(cks_sms_coding_name(CKS_SMS_UCS2), "UCS-2");
	assert_string_equal(cks_sms_coding_name(CKS_SMS_GSM7), "GSM-7");
}

static void
test_bad_text(void **state)
{
	struct cks_sms_size size;

	(void)state;
	assert_int_equal(cks_sms_measure("", &size), -1);
	assert_int_equal(cks_sms_measure("a\xff", &size), -1);
	assert_int_equal(cks_sms_measure("\xe0\xb8", &size), -1);
}

static struct cks_config *
config_new(void)
{
	struct cks_config *config = NULL;
	struct cks_error err;

	if (cks_config_load(NULL, &config, &err) < 0)
		fail_msg("cks_config_load: %s", err.message);
	free(config->http_link_secret_file);
	config->http_link_secret_file = test_path("sms-link-secret");
	free(config->sms_dlr_url);
	config->sms_dlr_url = strdup("http://cks.example.invalid:8470");
	return config;
}

static void
test_dlr_types(void **state)
{
	(void)state;
	assert_string_equal(cks_sms_dlr_status("1"), "delivered");
	assert_string_equal(cks_sms_dlr_status("2"), "failed");
	assert_string_equal(cks_sms_dlr_status("4"), "buffered");
	assert_string_equal(cks_sms_dlr_status("8"), "smsc_accepted");
	assert_string_equal(cks_sms_dlr_status("16"), "smsc_rejected");
	assert_null(cks_sms_dlr_status("3"));
	assert_null(cks_sms_dlr_status("01"));
	assert_null(cks_sms_dlr_status(""));
	assert_null(cks_sms_dlr_status(NULL));
	assert_null(cks_sms_dlr_status("%d"));
}

/* The value of name= in url's query, into buf. */
static void
query_value(const char *url, const char *name, char *buf, size_t size)
{
	char key[32];
	const char *p;

	snprintf(key, sizeof(key), "%s=", name);
	p = strstr(url, key);
	assert_non_null(p);
	p += strlen(key);
	snprintf(buf, size, "%.*s", (int)strcspn(p, "&"), p);
}

static void
test_dlr_signature(void **state)
{
	struct cks_config *config = config_new();
	struct cks_error err;
	char *url = NULL, *other = NULL, sig[64], msg[32];
	int64_t id = 0;

	(void)state;
	assert_int_equal(cks_sms_dlr_url(config, 42, &url, &err), 0);
	assert_memory_equal(url, "http://cks.example.invalid:8470/v1/sms/dlr?msg=42&sig=",
	    strlen("http://cks.example.invalid:8470/v1/sms/dlr?msg=42&sig="));
	assert_non_null(strstr(url, "&status=%d"));
	query_value(url, "sig", sig, sizeof(sig));
	query_value(url, "msg", msg, sizeof(msg));
	assert_int_equal(strlen(sig), 22);
	assert_int_equal(cks_sms_dlr_verify(config, msg, sig, &id, &err), 1);
	assert_int_equal(id, 42);
	/* Another message's signature, a changed one, a non-canonical id. */
	assert_int_equal(cks_sms_dlr_url(config, 43, &other, &err), 0);
	assert_string_not_equal(strstr(other, "sig="), strstr(url, "sig="));
	assert_int_equal(cks_sms_dlr_verify(config, "43", sig, &id, &err), 0);
	sig[0] = sig[0] == 'A' ? 'B' : 'A';
	assert_int_equal(cks_sms_dlr_verify(config, "42", sig, &id, &err), 0);
	sig[0] = sig[0] == 'A' ? 'B' : 'A';
	assert_int_equal(cks_sms_dlr_verify(config, "042", sig, &id, &err), 0);
	assert_int_equal(cks_sms_dlr_verify(config, "42 ", sig, &id, &err), 0);
	assert_int_equal(cks_sms_dlr_verify(config, NULL, sig, &id, &err), 0);
	assert_int_equal(cks_sms_dlr_verify(config, "42", NULL, &id, &err), 0);
	assert_int_equal(cks_sms_dlr_verify(config, "42", "short", &id, &err), 0);
	free(url);
	free(other);
	cks_config_free(&config);
}

static int64_t
queue_one(struct cks_store *store, const char *medium, const char *to,
	  const char *message_id)
{
	struct cks_queue_new q = {
		.kind = "survey", .sender = "1169", .recipient = to,
		.message_id = message_id, .subject = "SMS survey invitation",
		.body = KOD " 1", .size = strlen(KOD " 1"), .medium = medium,
		.sms_parts = strcmp(medium, "sms") == 0 ? 1 : 0,
	};
	struct cks_error err;
	int64_t id = 0;

	if (cks_queue_add(store, &q, &id, &err) < 0)
		fail_msg("cks_queue_add: %s", err.message);
	return id;
}

static void
dlr_is(struct cks_store *store, int64_t id, const char *want)
{
	struct cks_queue_entry *e = NULL;
	struct cks_error err;

	if (cks_queue_get(store, id, 0, &e, &err) < 0)
		fail_msg("cks_queue_get: %s", err.message);
	if (want == NULL)
		assert_null(e->dlr_status);
	else
		assert_string_equal(e->dlr_status, want);
	cks_queue_entry_free(&e);
}

static void
test_dlr_record(void **state)
{
	struct cks_store *store = test_store_new();
	struct cks_error err;
	int64_t sms, mail;

	(void)state;
	sms = queue_one(store, "sms", "+66812345678", "sms.a.1@x");
	mail = queue_one(store, "email", "a@example.invalid", "survey.a.1@x");
	dlr_is(store, sms, NULL);
	assert_int_equal(cks_sms_dlr_record(store, sms, "smsc_accepted", &err), 1);
	dlr_is(store, sms, "smsc_accepted");
	assert_int_equal(cks_sms_dlr_record(store, sms, "delivered", &err), 1);
	dlr_is(store, sms, "delivered");
	/* A late intermediate report does not undo the final one. */
	assert_int_equal(cks_sms_dlr_record(store, sms, "buffered", &err), 0);
	dlr_is(store, sms, "delivered");
	assert_int_equal(cks_sms_dlr_record(store, sms, "failed", &err), 1);
	dlr_is(store, sms, "failed");
	assert_int_equal(cks_sms_dlr_record(store, mail, "delivered", &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_NOT_FOUND);
	dlr_is(store, mail, NULL);
	assert_int_equal(cks_sms_dlr_record(store, 999, "delivered", &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_NOT_FOUND);
	cks_store_close(&store);
}

/* One send against a receiver answering status; returns the request log. */
static json_t *
send_once(const char *status, const char *text, struct cks_outgoing *out,
	  const char **setting)
{
	struct cks_config *config = config_new();
	struct cks_sms_gateway *g = NULL;
	struct test_server server = { 0 };
	struct cks_error err;
	json_error_t jerr;
	char url[128], *log;
	json_t *request;

	test_http_receiver_start(&server, status, -1);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/cgi-bin/sendsms",
	    server.port);
	config->sms_sendsms_url = strdup(url);
	config->sms_username = strdup("cksgate");
	config->sms_password_file = test_path("sms-password");
	config->sms_from = strdup("1169");
	test_write_file(config->sms_password_file, "pw-Secret-77\n");
	assert_int_equal(chmod(config->sms_password_file, 0600), 0);
	if (cks_sms_gateway_new(config, &g, &err) < 0)
		fail_msg("cks_sms_gateway_new: %s", err.message);
	memset(out, 0, sizeof(*out));
	out->queue_id = 7;
	out->recipient = "+66812345678";
	out->data = text;
	out->size = strlen(text);
	cks_sms_gateway_send(g, out, setting);
	cks_sms_gateway_free(&g);
	log = test_read_file_must(server.log, NULL);
	request = json_loads(log, JSON_DISABLE_EOF_CHECK, &jerr);
	assert_non_null(request);
	free(log);
	assert_int_equal(test_server_stop(&server), 0);
	cks_config_free(&config);
	assert_null(strstr(out->reply, "pw-Secret-77"));
	return request;
}

static void
test_send(void **state)
{
	struct cks_outgoing out;
	const char *setting;
	json_t *r;
	const char *path;

	(void)state;
	r = send_once("202", KOD " 1", &out, &setting);
	assert_int_equal(out.result, CKS_DELIVERY_SENT);
	assert_int_equal(out.code, 202);
	assert_null(setting);
	assert_non_null(strstr(out.reply, "1 part, UCS-2"));
	path = json_string_value(json_object_get(r, "path"));
	assert_string_equal(json_string_value(json_object_get(r, "method")), "GET");
	assert_non_null(strstr(path, "/cgi-bin/sendsms?username=cksgate&"));
	assert_non_null(strstr(path, "&to=%2B66812345678&"));
	assert_non_null(strstr(path, "&from=1169&"));
	assert_non_null(strstr(path, "&text=%E0%B8%81%E0%B8%94%201&"));
	assert_non_null(strstr(path, "&charset=UTF-8&coding=2&dlr-mask=31&"));
	assert_non_null(strstr(path, "&dlr-url=http%3A%2F%2Fcks.example.invalid"
	    "%3A8470%2Fv1%2Fsms%2Fdlr%3Fmsg%3D7%26sig%3D"));
	assert_non_null(strstr(path, "%26status%3D%25d"));
	/* The password file's newline is not part of the password. */
	assert_non_null(strstr(path, "&password=pw-Secret-77&"));
	json_decref(r);

	r = send_once("202", "Reply 1", &out, &setting);
	path = json_string_value(json_object_get(r, "path"));
	assert_non_null(strstr(path, "&coding=0&"));
	json_decref(r);

	json_decref(send_once("403", KOD, &out, &setting));
	assert_int_equal(out.result, CKS_DELIVERY_DEFERRED);
	assert_string_equal(setting, "sms.username");
	json_decref(send_once("400", KOD, &out, &setting));
	assert_int_equal(out.result, CKS_DELIVERY_FAILED);
	assert_null(setting);
	json_decref(send_once("503", KOD, &out, &setting));
	assert_int_equal(out.result, CKS_DELIVERY_DEFERRED);
	assert_null(setting);
}

static void
test_not_configured(void **state)
{
	struct cks_config *config = config_new();
	struct cks_sms_gateway *g = NULL;
	struct cks_error err;

	(void)state;
	assert_int_equal(cks_sms_gateway_new(config, &g, &err), -1);
	assert_string_equal(err.field, "sms.sendsms_url");
	assert_null(g);
	cks_config_free(&config);
}

/* --- the routes, through cks_api_dispatch ------------------------------------ */

struct args {
	const char *names[4], *values[4];
};

static const char *
arg(void *context, const char *name)
{
	struct args *a = context;

	for (size_t i = 0; i < 4 && a->names[i] != NULL; i++)
		if (strcmp(a->names[i], name) == 0)
			return a->values[i];
	return NULL;
}

static json_t *
call(const struct cks_api_env *env, const char *method, const char *path,
     enum cks_api_role role, const char *type, const char *body,
     size_t size, struct args *a, int *status)
{
	struct cks_api_request request = {
		.method = method, .path = path, .role = role,
		.agent = role > CKS_API_PUBLIC ? "kannel" : NULL,
		.content_type = type, .body = body, .body_size = size,
		.argument = arg, .argument_context = a,
	};
	struct cks_api_response response = { 0 };
	json_t *json;

	cks_api_dispatch(env, &request, &response);
	*status = response.status;
	json = json_loadb(response.body, response.body_size, 0, NULL);
	cks_api_response_clear(&response);
	assert_non_null(json);
	return json;
}

static const char *
error_field(json_t *json)
{
	return json_string_value(json_object_get(json_object_get(json, "error"),
	    "field"));
}

static void
test_dlr_route(void **state)
{
	struct cks_config *config = config_new();
	struct cks_store *store = test_store_new();
	struct cks_api_env env = { .config = config, .store = store };
	struct cks_error err;
	char *url = NULL, sig[64], msg[32];
	int64_t id;
	int status;
	json_t *j;

	(void)state;
	id = queue_one(store, "sms", "+66812345678", "sms.b.1@x");
	assert_int_equal(cks_sms_dlr_url(config, id, &url, &err), 0);
	query_value(url, "sig", sig, sizeof(sig));
	query_value(url, "msg", msg, sizeof(msg));
	{
		struct args a = { { "msg", "sig", "status" }, { msg, sig, "1" } };

		j = call(&env, "GET", "/v1/sms/dlr", CKS_API_PUBLIC, NULL, NULL, 0,
		    &a, &status);
		assert_int_equal(status, 200);
		assert_string_equal(json_string_value(json_object_get(j, "dlr")),
		    "delivered");
		json_decref(j);
		dlr_is(store, id, "delivered");
	}
	{
		struct args a = { { "msg", "sig", "status" },
		    { msg, "AAAAAAAAAAAAAAAAAAAAAA", "2" } };

		j = call(&env, "GET", "/v1/sms/dlr", CKS_API_PUBLIC, NULL, NULL, 0,
		    &a, &status);
		assert_int_equal(status, 403);
		json_decref(j);
		dlr_is(store, id, "delivered");
	}
	{
		struct args a = { { "msg", "sig", "status" }, { msg, sig, "%d" } };

		j = call(&env, "POST", "/v1/sms/dlr", CKS_API_PUBLIC, NULL, NULL, 0,
		    &a, &status);
		assert_int_equal(status, 400);
		assert_string_equal(error_field(j), "status");
		json_decref(j);
	}
	free(url);
	cks_store_close(&store);
	cks_config_free(&config);
}

/* The stored text of the inbound message the answer j names. */
static void
stored_is(struct cks_store *store, json_t *j, const char *want)
{
	struct cks_error err;
	char *raw = NULL;
	size_t size = 0;

	assert_true(json_is_integer(json_object_get(j, "id")));
	if (cks_reply_store_raw(store, json_integer_value(json_object_get(j,
	    "id")), &raw, &size, &err) < 0)
		fail_msg("cks_reply_store_raw: %s", err.message);
	assert_int_equal(size, strlen(want));
	assert_memory_equal(raw, want, size);
	free(raw);
}

static void
test_kannel_post(void **state)
{
	struct cks_config *config = config_new();
	struct cks_store *store = test_store_new();
	struct cks_channels *channels = test_channels_load();
	struct cks_api_env env = {
		.config = config, .store = store, .channels = channels,
	};
	/* "กด 2" in UTF-16BE, as smsbox posts a UCS-2 SMS. */
	static const char ucs2[] = "\x0e\x01\x0e\x14\x00 \x00" "2";
	struct args from = { { "from" }, { "0812345678" } };
	struct args none = { { NULL }, { NULL } };
	int status;
	json_t *j;

	(void)state;
	j = call(&env, "POST", "/v1/sms", CKS_API_AGENT,
	    "text/plain; charset=\"UTF-16BE\"", ucs2, sizeof(ucs2) - 1, &from,
	    &status);
	assert_int_equal(status, 200);
	/* No session awaits this number: stored and quarantined, the text
	 * read as Thai. */
	assert_string_equal(json_string_value(json_object_get(j, "outcome")),
	    "quarantined");
	stored_is(store, j, KOD " 2");
	json_decref(j);
	/* An odd byte count is no UTF-16. */
	j = call(&env, "POST", "/v1/sms", CKS_API_AGENT,
	    "text/plain; charset=UTF-16BE", ucs2, sizeof(ucs2) - 2, &from,
	    &status);
	assert_int_equal(status, 400);
	assert_string_equal(error_field(j), "text");
	json_decref(j);
	j = call(&env, "POST", "/v1/sms", CKS_API_AGENT, "text/plain", "1", 1,
	    &none, &status);
	assert_int_equal(status, 400);
	assert_string_equal(error_field(j), "from");
	json_decref(j);
	/* UTF-8 when the charset is not said. */
	j = call(&env, "POST", "/v1/sms", CKS_API_AGENT, "text/plain",
	    KOD " 1", strlen(KOD " 1"), &from, &status);
	assert_int_equal(status, 200);
	stored_is(store, j, KOD " 1");
	json_decref(j);
	/* Without a token nothing is taken. */
	j = call(&env, "POST", "/v1/sms", CKS_API_PUBLIC, "text/plain", "1", 1,
	    &from, &status);
	assert_int_equal(status, 401);
	json_decref(j);
	cks_channels_free(&channels);
	cks_store_close(&store);
	cks_config_free(&config);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gsm7),
		cmocka_unit_test(test_ucs2),
		cmocka_unit_test(test_bad_text),
		cmocka_unit_test(test_dlr_types),
		cmocka_unit_test(test_dlr_signature),
		cmocka_unit_test(test_dlr_record),
		cmocka_unit_test(test_send),
		cmocka_unit_test(test_not_configured),
		cmocka_unit_test(test_dlr_route),
		cmocka_unit_test(test_kannel_post),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
