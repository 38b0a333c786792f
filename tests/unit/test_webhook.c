/* Unit tests for lib/events/webhook (and the events lib/events/rating writes): real
 * POSTs to tests/servers/http_receiver.py on 127.0.0.1 (run with
 * /usr/bin/python3, standard library only), which logs every request it
 * gets and answers the statuses a test scripts.  The receiver is found
 * through $CKS_SRCDIR (set by "make check"), else the CKS_SRCDIR macro. */
#include "autoconfig.h"

#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testhelp.h"
#include "client.h"
#include "clock.h"
#include "config.h"
#include "rating.h"
#include "session.h"
#include "webhook.h"

#define KEY "0f6c2b3e8d1a47c59e2f7a6b1c0d3e4f"

/* The receiver a test may have running; the teardown stops it when a
 * failed assertion left it behind. */
static struct test_server running;

static struct cks_channels *channels;
static unsigned serial;

struct fixture {
	struct cks_config *config;
	struct cks_store *store;       /* the test's own connection */
	const struct cks_channel_plugin *counter;
	int64_t client;
	int64_t session;
	char *database;
	char *secret_file;
};

static void
start_receiver(const char *script)
{
	test_http_receiver_start(&running, script, -1);
}

/* The receiver on the socket fd, bound to port (connections refused
 * until it starts). */
static void
start_receiver_on(const char *script, int fd, int port)
{
	test_http_receiver_start(&running, script, fd);
	assert_int_equal(running.port, port);
}

/* SIGTERM, by PID; the receiver must exit cleanly. */
static int
stop_receiver(void)
{
	return test_server_stop(&running);
}

/* The requests the receiver logged so far, as a JSON array. */
static json_t *
requests(void)
{
	json_t *list = json_array();
	char *text = test_read_file(running.log, NULL), *line, *next;

	if (text == NULL)
		return list;                 /* no request yet */
	for (line = text; *line != '\0'; line = next) {
		json_error_t error;
		json_t *request;

		next = strchr(line, '\n');
		assert_non_null(next);
		*next++ = '\0';
		request = json_loads(line, 0, &error);
		if (request == NULL)
			fail_msg("receiver log: %s: %s", error.text, line);
		json_array_append_new(list, request);
	}
	free(text);
	return list;
}

static const char *
header(json_t *request, const char *name)
{
	const char *key;
	json_t *value;

	json_object_foreach(json_object_get(request, "headers"), key, value)
		if (strcasecmp(key, name) == 0)
			return json_string_value(value);
	return NULL;
}

/* A config for the fixture's store with the URLs asked for (on port). */
static void
write_config(struct fixture *f, int rating_url, int unsatisfied_url,
	     int port, const char *extra)
{
	char name[64], text[4096], *path;
	struct cks_error err;

	cks_config_free(&f->config);
	snprintf(name, sizeof(name), "cksgate-%u.conf", ++serial);
	path = test_path(name);
	snprintf(text, sizeof(text),
	    "state_dir = %s\n"
	    "database = %s\n"
	    "plugin_dir = %s\n"
	    "queue.retry_schedule = 1s\n"
	    "webhook.timeout = 5s\n"
	    "webhook.secret_file = %s\n"
	    "%s",
	    test_scratch_dir(), f->database, CKS_TEST_PLUGIN_DIR,
	    f->secret_file, extra != NULL ? extra : "");
	if (rating_url)
		snprintf(text + strlen(text), sizeof(text) - strlen(text),
		    "webhook.rating_url = http://127.0.0.1:%d/rating\n", port);
	if (unsatisfied_url)
		snprintf(text + strlen(text), sizeof(text) - strlen(text),
		    "webhook.unsatisfied_url = http://127.0.0.1:%d/unsatisfied\n",
		    port);
	test_write_file(path, text);
	if (cks_config_load(path, &f->config, &err) < 0)
		fail_msg("cks_config_load: %s", err.message);
	free(path);
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct cks_client_input client = { .name = "สมชาย ใจดี", .lang = "th" };
	struct cks_error err;

	setenv("TZ", "Asia/Bangkok", 1);
	tzset();
	test_clock_fake();
	if (f == NULL)
		return -1;
	*state = f;
	f->database = test_database_new();
	f->secret_file = test_path("webhook-secret");
	test_write_file(f->secret_file, KEY "\n");
	assert_int_equal(chmod(f->secret_file, 0600), 0);
	write_config(f, 1, 1, 1, NULL);       /* the port is set per test */
	if (cks_store_open(f->database, 5000, &f->store, &err) < 0)
		fail_msg("cks_store_open: %s", err.message);
	f->counter = cks_channels_find(channels, "counter");
	assert_non_null(f->counter);
	if (cks_client_add(f->store, &client, &f->client, &err) < 0)
		fail_msg("cks_client_add: %s", err.message);
	if (cks_session_open(f->store, channels, "counter", f->client, "Napa",
	    0, &f->session, &err) < 0)
		fail_msg("cks_session_open: %s", err.message);
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	if (running.pid > 0 || running.log != NULL)
		stop_receiver();
	test_clock_real();
	cks_store_close(&f->store);
	cks_config_free(&f->config);
	free(f->secret_file);
	free(f->database);
	free(f);
	return 0;
}

static int
setup_group(void **state)
{
	setenv("TZ", "Asia/Bangkok", 1);
	tzset();
	channels = test_channels_load();
	return 0;
}

static int
teardown_group(void **state)
{
	cks_channels_free(&channels);
	return 0;
}

static long long
query_int(struct fixture *f, const char *sql)
{
	struct cks_stmt *stmt = NULL;
	long long n;

	struct cks_error err;

	if ((stmt = cks_store_prepare(f->store, sql, &err)) == NULL)
		fail_msg("%s: %s", sql, err.message);
	assert_int_equal(cks_stmt_step(stmt), CKS_STMT_ROW);
	n = cks_stmt_column_int64(stmt, 0);
	cks_stmt_finalize(stmt);
	return n;
}

/* A copy of the first column of the first row (NULL for SQL NULL). */
static char *
query_text(struct fixture *f, const char *sql)
{
	struct cks_stmt *stmt = cks_store_prepare(f->store, sql, NULL);
	char *text;

	assert_non_null(stmt);
	assert_int_equal(cks_stmt_step(stmt), CKS_STMT_ROW);
	text = cks_store_column_strdup(stmt, 0);
	cks_stmt_finalize(stmt);
	return text;
}

static void
record(struct fixture *f, int code, const char *comment, int expect_changed)
{
	struct cks_error err;
	int changed = -1;

	if (cks_rating_record(f->store, f->counter, f->session, code, "counter",
	    comment, 0, 0, &changed, &err) < 0)
		fail_msg("cks_rating_record: %s", err.message);
	assert_int_equal(changed, expect_changed);
}

static struct cks_webhook_stats
run_ok(struct fixture *f)
{
	struct cks_webhook_stats stats;
	struct cks_error err;

	if (cks_webhook_run(f->config, NULL, &stats, &err) < 0)
		fail_msg("cks_webhook_run: %s", err.message);
	return stats;
}

/* The one delivery of the list (of state, or any), as JSON. */
static json_t *
only_delivery(struct fixture *f, const char *state)
{
	struct cks_error err;
	json_t *list, *one;

	if (cks_webhook_list(f->store, state, 0, &list, &err) < 0)
		fail_msg("cks_webhook_list: %s", err.message);
	assert_int_equal(json_array_size(list), 1);
	one = json_incref(json_array_get(list, 0));
	json_decref(list);
	return one;
}

/* Checks X-Cksgate-Signature the way a receiver would: HMAC-SHA256 over
 * "TIMESTAMP.BODY" with the shared key, as lower-case hex. */
static int
signature_valid(json_t *request, const char *key)
{
	const char *timestamp = header(request, "X-Cksgate-Timestamp");
	const char *signature = header(request, "X-Cksgate-Signature");
	const char *body = json_string_value(json_object_get(request, "body"));
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned mac_len = 0;
	char *signed_text, hex[2 * EVP_MAX_MD_SIZE + 8];
	size_t len;

	if (timestamp == NULL || signature == NULL || body == NULL)
		return 0;
	len = strlen(timestamp) + 1 + strlen(body);
	signed_text = malloc(len + 1);
	assert_non_null(signed_text);
	snprintf(signed_text, len + 1, "%s.%s", timestamp, body);
	assert_non_null(HMAC(EVP_sha256(), key, (int)strlen(key),
	    (const unsigned char *)signed_text, len, mac, &mac_len));
	free(signed_text);
	strcpy(hex, "sha256=");
	for (unsigned i = 0; i < mac_len; i++)
		sprintf(hex + 7 + 2 * i, "%02x", mac[i]);
	return strcmp(hex, signature) == 0;
}

/* The timestamp is this attempt's, in Unix seconds. */
static void
assert_fresh_timestamp(json_t *request)
{
	const char *timestamp = header(request, "X-Cksgate-Timestamp");
	long long now = (long long)time(NULL), t;

	assert_non_null(timestamp);
	t = atoll(timestamp);
	assert_true(t >= now - 60 && t <= now + 1);
}

static void
test_satisfied_posts_once_to_rating_url(void **state)
{
	struct fixture *f = *state;
	struct cks_webhook_stats stats;
	json_t *list, *request, *body, *delivery;
	json_error_t error;
	char *payload, sql[128];

	start_receiver("");
	write_config(f, 1, 1, running.port, NULL);
	record(f, 5, "บริการดีมาก \"quoted\"", 1);
	stats = run_ok(f);
	assert_int_equal(stats.events, 1);
	assert_int_equal(stats.queued, 1);
	assert_int_equal(stats.sent, 1);
	assert_int_equal(stats.deferred + stats.failed + stats.recovered, 0);

	list = requests();
	assert_int_equal(json_array_size(list), 1);
	request = json_array_get(list, 0);
	assert_string_equal(json_string_value(json_object_get(request, "method")),
	    "POST");
	assert_string_equal(json_string_value(json_object_get(request, "path")),
	    "/rating");
	assert_string_equal(header(request, "Content-Type"), "application/json");
	assert_string_equal(header(request, "X-Cksgate-Event"), "rating.recorded");
	assert_string_equal(header(request, "X-Cksgate-Attempt"), "1");
	assert_true(signature_valid(request, KEY));
	assert_false(signature_valid(request, KEY "x"));
	assert_fresh_timestamp(request);

	/* The body is the stored payload, byte for byte. */
	payload = query_text(f, "SELECT payload FROM events"
	    " WHERE id = (SELECT max(id) FROM events)");
	assert_string_equal(json_string_value(json_object_get(request, "body")),
	    payload);
	body = json_loads(payload, 0, &error);
	free(payload);
	assert_non_null(body);
	assert_string_equal(json_string_value(json_object_get(body, "event")),
	    "rating.recorded");
	assert_int_equal(json_integer_value(json_object_get(body, "event_id")),
	    query_int(f, "SELECT max(id) FROM events"));
	assert_int_equal(json_integer_value(json_object_get(body, "session_id")),
	    f->session);
	assert_string_equal(json_string_value(json_object_get(body, "channel")),
	    "counter");
	/* The agent's login: "Napa" as typed is the agent napa. */
	assert_string_equal(json_string_value(json_object_get(body, "agent")),
	    "napa");
	assert_int_equal(json_integer_value(json_object_get(body, "client_id")),
	    f->client);
	assert_int_equal(json_integer_value(json_object_get(body, "code")), 5);
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(body, "label"), "en")), f->counter->scale[0].label.en);
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(body, "label"), "th")), f->counter->scale[0].label.th);
	assert_true(json_is_true(json_object_get(body, "satisfied")));
	assert_string_equal(json_string_value(json_object_get(body, "medium")),
	    "counter");
	assert_string_equal(json_string_value(json_object_get(body, "comment")),
	    "บริการดีมาก \"quoted\"");
	assert_non_null(strstr(json_string_value(json_object_get(body,
	    "recorded_at")), "+07:00"));
	json_decref(body);

	delivery = only_delivery(f, "sent");
	snprintf(sql, sizeof(sql), "%lld", (long long)json_integer_value(
	    json_object_get(delivery, "id")));
	assert_string_equal(header(request, "X-Cksgate-Delivery"), sql);
	assert_int_equal(json_integer_value(json_object_get(delivery,
	    "last_status")), 200);
	assert_int_equal(json_integer_value(json_object_get(delivery,
	    "attempts")), 1);
	assert_string_equal(json_string_value(json_object_get(delivery, "event")),
	    "rating.recorded");
	assert_non_null(strstr(json_string_value(json_object_get(delivery, "url")),
	    "/rating"));
	json_decref(delivery);
	json_decref(list);

	/* Nothing is due any more: a second run posts nothing. */
	stats = run_ok(f);
	assert_int_equal(stats.sent + stats.queued + stats.events, 0);
	list = requests();
	assert_int_equal(json_array_size(list), 1);
	json_decref(list);
	assert_int_equal(stop_receiver(), 0);
}

static void
test_unsatisfied_posts_to_both_urls(void **state)
{
	struct fixture *f = *state;
	struct cks_webhook_stats stats;
	json_t *list, *body;
	int seen_rating = 0, seen_unsatisfied = 0;

	start_receiver("");
	write_config(f, 1, 1, running.port, NULL);
	record(f, 2, NULL, 1);                 /* counter 2: not satisfied */
	assert_int_equal(query_int(f, "SELECT count(*) FROM events"), 2);
	stats = run_ok(f);
	assert_int_equal(stats.events, 2);
	assert_int_equal(stats.sent, 2);
	list = requests();
	assert_int_equal(json_array_size(list), 2);
	for (size_t i = 0; i < 2; i++) {
		json_t *request = json_array_get(list, i);
		const char *path = json_string_value(json_object_get(request, "path"));
		const char *event = header(request, "X-Cksgate-Event");

		assert_true(signature_valid(request, KEY));
		body = json_loads(json_string_value(json_object_get(request,
		    "body")), 0, NULL);
		assert_non_null(body);
		assert_string_equal(json_string_value(json_object_get(body,
		    "event")), event);
		assert_true(json_is_false(json_object_get(body, "satisfied")));
		assert_int_equal(json_integer_value(json_object_get(body, "code")), 2);
		assert_true(json_is_null(json_object_get(body, "comment")));
		json_decref(body);
		if (strcmp(path, "/rating") == 0) {
			assert_string_equal(event, "rating.recorded");
			seen_rating++;
		} else {
			assert_string_equal(path, "/unsatisfied");
			assert_string_equal(event, "rating.unsatisfied");
			seen_unsatisfied++;
		}
	}
	assert_int_equal(seen_rating, 1);
	assert_int_equal(seen_unsatisfied, 1);
	/* Two deliveries, two ids: receivers de-duplicate on it. */
	assert_string_not_equal(header(json_array_get(list, 0),
	    "X-Cksgate-Delivery"), header(json_array_get(list, 1),
	    "X-Cksgate-Delivery"));
	json_decref(list);
	assert_int_equal(stop_receiver(), 0);
}

static void
test_server_error_is_retried_after_backoff(void **state)
{
	struct fixture *f = *state;
	struct cks_webhook_stats stats;
	json_t *list, *delivery, *history;

	start_receiver("500,200");
	write_config(f, 1, 0, running.port, NULL);
	record(f, 4, NULL, 1);
	stats = run_ok(f);
	assert_int_equal(stats.deferred, 1);
	assert_int_equal(stats.sent, 0);
	delivery = only_delivery(f, "queued");
	assert_int_equal(json_integer_value(json_object_get(delivery,
	    "last_status")), 500);
	assert_string_equal(json_string_value(json_object_get(delivery,
	    "last_reply")), "scripted reply 500");
	assert_false(json_is_null(json_object_get(delivery, "next_attempt")));
	json_decref(delivery);

	/* Not due before queue.retry_schedule's 1 s. */
	test_clock_advance(999);
	stats = run_ok(f);
	assert_int_equal(stats.sent + stats.deferred, 0);
	list = requests();
	assert_int_equal(json_array_size(list), 1);
	json_decref(list);

	test_clock_advance(1);
	stats = run_ok(f);
	assert_int_equal(stats.sent, 1);
	list = requests();
	assert_int_equal(json_array_size(list), 2);
	assert_string_equal(header(json_array_get(list, 0), "X-Cksgate-Delivery"),
	    header(json_array_get(list, 1), "X-Cksgate-Delivery"));
	assert_string_equal(header(json_array_get(list, 1), "X-Cksgate-Attempt"),
	    "2");
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(list, 0), "body")), json_string_value(
	    json_object_get(json_array_get(list, 1), "body")));
	assert_true(signature_valid(json_array_get(list, 1), KEY));
	json_decref(list);

	delivery = only_delivery(f, "sent");
	assert_int_equal(json_integer_value(json_object_get(delivery,
	    "last_status")), 200);
	assert_int_equal(json_integer_value(json_object_get(delivery,
	    "attempts")), 2);
	history = json_object_get(delivery, "history");
	assert_int_equal(json_array_size(history), 2);
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(history, 0), "result")), "deferred");
	assert_int_equal(json_integer_value(json_object_get(
	    json_array_get(history, 0), "status")), 500);
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(history, 1), "result")), "sent");
	assert_int_equal(json_integer_value(json_object_get(
	    json_array_get(history, 1), "status")), 200);
	json_decref(delivery);
	assert_int_equal(stop_receiver(), 0);
}

static void
test_client_error_fails_then_retry(void **state)
{
	struct fixture *f = *state;
	struct cks_webhook_stats stats;
	struct cks_error err;
	json_t *delivery, *list;
	int64_t id;

	start_receiver("400");
	write_config(f, 1, 0, running.port, NULL);
	record(f, 5, NULL, 1);
	stats = run_ok(f);
	assert_int_equal(stats.failed, 1);
	delivery = only_delivery(f, "failed");
	id = json_integer_value(json_object_get(delivery, "id"));
	assert_int_equal(json_integer_value(json_object_get(delivery,
	    "last_status")), 400);
	assert_string_equal(json_string_value(json_object_get(delivery,
	    "last_reply")), "scripted reply 400");
	json_decref(delivery);

	/* A failed delivery is not tried again by itself... */
	test_clock_advance(1000);
	stats = run_ok(f);
	assert_int_equal(stats.sent + stats.failed + stats.deferred, 0);

	/* ...only after a retry, which only a failed one takes. */
	assert_int_equal(cks_webhook_retry(f->store, id + 1000, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_NOT_FOUND);
	assert_int_equal(cks_webhook_retry(f->store, id, &err), 0);
	assert_int_equal(cks_webhook_retry(f->store, id, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_CONFLICT);
	assert_non_null(strstr(err.message, "queued"));
	stats = run_ok(f);
	assert_int_equal(stats.sent, 1);
	if (cks_webhook_get(f->store, id, &delivery, &err) < 0)
		fail_msg("cks_webhook_get: %s", err.message);
	assert_string_equal(json_string_value(json_object_get(delivery, "state")),
	    "sent");
	assert_int_equal(json_array_size(json_object_get(delivery, "history")), 2);
	json_decref(delivery);
	list = requests();
	assert_int_equal(json_array_size(list), 2);
	json_decref(list);
	assert_int_equal(stop_receiver(), 0);
}

static void
test_408_and_429_are_retried(void **state)
{
	struct fixture *f = *state;
	struct cks_webhook_stats stats;
	json_t *delivery;

	start_receiver("429,408");
	write_config(f, 1, 0, running.port, NULL);
	record(f, 5, NULL, 1);
	stats = run_ok(f);
	assert_int_equal(stats.deferred, 1);
	test_clock_advance(1000);
	stats = run_ok(f);
	assert_int_equal(stats.deferred, 1);
	delivery = only_delivery(f, "queued");
	assert_int_equal(json_integer_value(json_object_get(delivery,
	    "last_status")), 408);
	assert_int_equal(json_integer_value(json_object_get(delivery,
	    "attempts")), 2);
	json_decref(delivery);
	assert_int_equal(stop_receiver(), 0);
}

static void
test_receiver_down_then_up(void **state)
{
	struct fixture *f = *state;
	struct cks_webhook_stats stats;
	json_t *delivery, *list;
	const char *reply;
	int port, fd = test_socket_bound(&port);

	write_config(f, 1, 0, port, NULL);
	record(f, 5, NULL, 1);
	stats = run_ok(f);
	assert_int_equal(stats.deferred, 1);
	delivery = only_delivery(f, "queued");
	assert_int_equal(json_integer_value(json_object_get(delivery,
	    "last_status")), 0);
	reply = json_string_value(json_object_get(delivery, "last_reply"));
	assert_non_null(reply);
	if (strncmp(reply, "curl: ", 6) != 0 || strstr(reply, "onnect") == NULL)
		fail_msg("last_reply '%s' is not curl's connection error", reply);
	json_decref(delivery);

	start_receiver_on("", fd, port);
	test_clock_advance(1000);
	stats = run_ok(f);
	assert_int_equal(stats.sent, 1);
	list = requests();
	assert_int_equal(json_array_size(list), 1);
	assert_string_equal(header(json_array_get(list, 0), "X-Cksgate-Attempt"),
	    "2");
	json_decref(list);
	delivery = only_delivery(f, "sent");
	json_decref(delivery);
	assert_int_equal(stop_receiver(), 0);
}

static void
test_same_rating_twice_fires_once(void **state)
{
	struct fixture *f = *state;
	struct cks_webhook_stats stats;
	json_t *list, *body;

	start_receiver("");
	write_config(f, 1, 1, running.port, NULL);
	record(f, 5, "ดี", 1);
	record(f, 5, "ดี", 0);
	stats = run_ok(f);
	assert_int_equal(stats.sent, 1);
	list = requests();
	assert_int_equal(json_array_size(list), 1);
	json_decref(list);

	/* A changed mind is a new rating: it fires again. */
	record(f, 1, "ที่จริงไม่ดี", 1);
	stats = run_ok(f);
	assert_int_equal(stats.sent, 2);
	list = requests();
	assert_int_equal(json_array_size(list), 3);
	body = json_loads(json_string_value(json_object_get(
	    json_array_get(list, 1), "body")), 0, NULL);
	assert_non_null(body);
	assert_int_equal(json_integer_value(json_object_get(body, "code")), 1);
	json_decref(body);
	json_decref(list);
	assert_int_equal(stop_receiver(), 0);
}

static void
test_no_url_no_delivery(void **state)
{
	struct fixture *f = *state;
	struct cks_webhook_stats stats;
	json_t *list;

	start_receiver("");
	write_config(f, 0, 0, running.port, NULL);
	record(f, 1, NULL, 1);
	stats = run_ok(f);
	assert_int_equal(stats.events, 2);
	assert_int_equal(stats.queued, 0);
	assert_int_equal(query_int(f, "SELECT count(*) FROM webhook_deliveries"), 0);
	assert_int_equal(query_int(f, "SELECT count(*) FROM events"
	    " WHERE fanned_out = 1"), 2);

	/* Only the unsatisfied URL: the next rating's "recorded" event gets
	 * no delivery, its "unsatisfied" one does. */
	write_config(f, 0, 1, running.port, NULL);
	record(f, 2, NULL, 1);
	stats = run_ok(f);
	assert_int_equal(stats.events, 2);
	assert_int_equal(stats.queued, 1);
	assert_int_equal(stats.sent, 1);
	list = requests();
	assert_int_equal(json_array_size(list), 1);
	assert_string_equal(header(json_array_get(list, 0), "X-Cksgate-Event"),
	    "rating.unsatisfied");
	json_decref(list);
	assert_int_equal(stop_receiver(), 0);
}

static void
test_gives_up_after_max_age(void **state)
{
	struct fixture *f = *state;
	struct cks_webhook_stats stats;
	json_t *delivery;

	start_receiver("503,503");
	write_config(f, 1, 0, running.port, "queue.max_age = 1d\n");
	record(f, 5, NULL, 1);
	stats = run_ok(f);                       /* 503: queued again */
	assert_int_equal(stats.deferred, 1);
	/* As if it had been queued two days ago, and due now. */
	assert_int_equal(cks_store_exec(f->store, "UPDATE webhook_deliveries SET created_at = created_at - 172800000,"
	    " next_attempt_at = 0"), CKS_STMT_OK);
	stats = run_ok(f);
	assert_int_equal(stats.failed, 1);
	assert_int_equal(stats.deferred, 0);
	delivery = only_delivery(f, "failed");
	assert_int_equal(json_integer_value(json_object_get(delivery,
	    "last_status")), 503);
	assert_string_equal(json_string_value(json_object_get(delivery,
	    "last_reply")), "gave up after 2 attempts (queue.max_age): "
	    "scripted reply 503");
	json_decref(delivery);
	assert_int_equal(stop_receiver(), 0);
}

static void
test_secret_file_checked(void **state)
{
	struct fixture *f = *state;
	struct cks_webhook_stats stats;
	struct cks_error err;
	json_t *list;

	start_receiver("");
	write_config(f, 1, 0, running.port, NULL);
	record(f, 5, NULL, 1);

	assert_int_equal(chmod(f->secret_file, 0644), 0);
	assert_int_equal(cks_webhook_run(f->config, NULL, &stats, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, "webhook.secret_file"));
	assert_non_null(strstr(err.message, f->secret_file));
	assert_non_null(strstr(err.message, "chmod 600"));

	/* Too short a key. */
	test_write_file(f->secret_file, "short\n");
	assert_int_equal(chmod(f->secret_file, 0600), 0);
	assert_int_equal(cks_webhook_run(f->config, NULL, &stats, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, "one line of"));

	/* Nothing was posted, and the delivery waits, untouched. */
	list = requests();
	assert_int_equal(json_array_size(list), 0);
	json_decref(list);
	assert_int_equal(query_int(f, "SELECT count(*) FROM webhook_deliveries"
	    " WHERE state = 'queued' AND attempts = 0"), 1);

	test_write_file(f->secret_file, KEY "\n");
	stats = run_ok(f);
	assert_int_equal(stats.sent, 1);
	assert_int_equal(stop_receiver(), 0);
}

/* A delivery left "sending" by a process that died is queued again and
 * sent: at worst a duplicate, never a loss. */
static void
test_dead_claim_recovered(void **state)
{
	struct fixture *f = *state;
	struct cks_webhook_stats stats;
	char host[256], sql[512];
	pid_t dead;
	json_t *list;

	start_receiver("");
	write_config(f, 1, 0, running.port, NULL);
	record(f, 5, NULL, 1);
	stats = run_ok(f);
	assert_int_equal(stats.sent, 1);

	dead = fork();
	assert_true(dead >= 0);
	if (dead == 0)
		_exit(0);
	assert_int_equal(waitpid(dead, NULL, 0), dead);
	assert_int_equal(gethostname(host, sizeof(host)), 0);
	snprintf(sql, sizeof(sql), "UPDATE webhook_deliveries SET state ="
	    " 'sending', claimed_by = '%s:%ld'", host, (long)dead);
	assert_int_equal(cks_store_exec(f->store, sql), CKS_STMT_OK);
	stats = run_ok(f);
	assert_int_equal(stats.recovered, 1);
	assert_int_equal(stats.sent, 1);
	list = requests();
	assert_int_equal(json_array_size(list), 2);
	assert_string_equal(header(json_array_get(list, 0), "X-Cksgate-Delivery"),
	    header(json_array_get(list, 1), "X-Cksgate-Delivery"));
	json_decref(list);

	/* Another gateway's claim is left alone while its lease (queue.lease,
	 * 5 m by default) stands: that process may live. */
	snprintf(sql, sizeof(sql), "UPDATE webhook_deliveries SET state ="
	    " 'sending', claimed_by = 'elsewhere.example:%ld:1', lease_until = %lld",
	    (long)dead, (long long)(cks_now_ms() + 300000));
	assert_int_equal(cks_store_exec(f->store, sql), CKS_STMT_OK);
	stats = run_ok(f);
	assert_int_equal(stats.recovered + stats.taken_over + stats.sent, 0);
	test_clock_advance(299999);
	stats = run_ok(f);
	assert_int_equal(stats.recovered + stats.taken_over + stats.sent, 0);
	assert_int_equal(query_int(f, "SELECT count(*) FROM webhook_deliveries"
	    " WHERE state = 'sending'"), 1);
	/* Its lease passed: taken over and posted, the delivery and the
	 * attempt naming us. */
	test_clock_advance(1);
	stats = run_ok(f);
	assert_int_equal(stats.taken_over, 1);
	assert_int_equal(stats.sent, 1);
	assert_int_equal(query_int(f, "SELECT count(*) FROM webhook_deliveries"
	    " WHERE state = 'sent' AND sent_by = (SELECT claimant FROM"
	    " webhook_attempts ORDER BY id DESC LIMIT 1) AND claimed_by IS NULL"
	    " AND lease_until IS NULL"), 1);
	list = requests();
	assert_int_equal(json_array_size(list), 3);
	json_decref(list);
	assert_int_equal(stop_receiver(), 0);
}

/* The event is part of the rating's transaction: a rolled back rating
 * leaves no event behind. */
static void
test_event_in_rating_transaction(void **state)
{
	struct fixture *f = *state;
	struct cks_error err;
	int changed;

	assert_int_equal(cks_store_begin(f->store, &err), 0);
	assert_int_equal(cks_rating_record(f->store, f->counter, f->session, 1,
	    "counter", NULL, 0, 0, &changed, &err), 0);
	assert_int_equal(changed, 1);
	assert_int_equal(query_int(f, "SELECT count(*) FROM events"), 2);
	cks_store_rollback(f->store);
	assert_int_equal(query_int(f, "SELECT count(*) FROM events"), 0);
	assert_int_equal(query_int(f, "SELECT count(*) FROM ratings"), 0);

	/* A refused rating (a code off the scale) writes none either. */
	assert_int_equal(cks_rating_record(f->store, f->counter, f->session, 9,
	    "counter", NULL, 0, 0, &changed, &err), -1);
	assert_int_equal(query_int(f, "SELECT count(*) FROM events"), 0);
}

/* recorded_at is Bangkok time even on a server that runs in UTC. */
static void
test_recorded_at_in_bangkok_time(void **state)
{
	struct fixture *f = *state;
	struct cks_error err;
	json_t *body;
	char *payload;
	int changed;

	setenv("TZ", "UTC", 1);
	tzset();
	/* 2026-11-28T10:05:30+07:00 */
	assert_int_equal(cks_rating_record(f->store, f->counter, f->session, 4,
	    "counter", NULL, 0, INT64_C(1795835130000), &changed, &err), 0);
	setenv("TZ", "Asia/Bangkok", 1);
	tzset();
	payload = query_text(f, "SELECT payload FROM events");
	body = json_loads(payload, 0, NULL);
	assert_non_null(body);
	assert_string_equal(json_string_value(json_object_get(body,
	    "recorded_at")), "2026-11-28T10:05:30+07:00");
	json_decref(body);
	free(payload);
}

static void
test_list_filters(void **state)
{
	struct fixture *f = *state;
	struct cks_error err;
	json_t *list;

	start_receiver("400");
	write_config(f, 1, 1, running.port, NULL);
	record(f, 1, NULL, 1);
	run_ok(f);
	assert_int_equal(cks_webhook_list(f->store, NULL, 0, &list, &err), 0);
	assert_int_equal(json_array_size(list), 2);
	/* Newest first. */
	assert_true(json_integer_value(json_object_get(json_array_get(list, 0),
	    "id")) > json_integer_value(json_object_get(json_array_get(list, 1),
	    "id")));
	json_decref(list);
	assert_int_equal(cks_webhook_list(f->store, "failed", 0, &list, &err), 0);
	assert_int_equal(json_array_size(list), 1);
	json_decref(list);
	assert_int_equal(cks_webhook_list(f->store, "sent", 0, &list, &err), 0);
	assert_int_equal(json_array_size(list), 1);
	json_decref(list);
	assert_int_equal(cks_webhook_list(f->store, "deferred", 0, &list, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_null(list);
	assert_int_equal(stop_receiver(), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_satisfied_posts_once_to_rating_url,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_unsatisfied_posts_to_both_urls,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_server_error_is_retried_after_backoff,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_client_error_fails_then_retry,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_408_and_429_are_retried,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_receiver_down_then_up,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_rating_twice_fires_once,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_url_no_delivery,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_gives_up_after_max_age,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_secret_file_checked,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_dead_claim_recovered,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_event_in_rating_transaction,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_recorded_at_in_bangkok_time,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_filters,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
