/* libFuzzer target for the HTTP/JSON API (lib/web/api and its route tables),
 * called as lib/web/httpd.c calls it but without a server: any bytes become a
 * request, cks_api_dispatch() answers it against a real store, the three
 * channel plugins compiled in and the repository's templates.  A broken
 * invariant aborts, so the fuzzer reports it like a crash.  Built and run
 * by tests/fuzz/run.sh.
 *
 * An input is
 *   byte 0     the method and the token's role: G P D H for GET POST
 *              DELETE HEAD as an agent, g p d h as a viewer; any other
 *              byte b gives method b & 3 and role (b >> 2) & 3 (agent,
 *              agent, viewer, no token)
 *   a line     the path, up to the first newline; after '?' the query
 *   byte       the content type: j application/json, J with a charset,
 *              f a urlencoded form (its fields are arguments, first),
 *              t text/plain, n none; any other byte picks one of these
 *   the rest   the body (absent when empty)
 * so a seed reads like "P/v1/clients\nj{...}".
 *
 * Every input runs inside a transaction that is rolled back (handlers'
 * own transactions become savepoints), so the fixtures made once at start
 * are what every input sees: client 1; open counter session 1 with a
 * basket item whose attachment is attachment 1; closed hotline session 2
 * with its survey invitation (queued message 1, token cks0seed0000a); a
 * quarantined SMS (inbound message 1).  The link signing key is fixed, so
 * the download link in the seeds is genuine until 2100. */
#define _GNU_SOURCE 1                 /* nftw, strndup */

#include "autoconfig.h"

#include <errno.h>
#include <ftw.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "api.h"
#include "basket.h"
#include "channels.h"
#include "client.h"
#include "compose.h"
#include "config.h"
#include "reply_store.h"
#include "log.h"
#include "metrics.h"
#include "session.h"
#include "store.h"
#include "store_sqlite.h"   /* a white-box look at the file, as the tests do */
#include "template.h"
#include "utf8.h"

#ifndef CKS_FUZZ_TOP_DIR
#error "build with -DCKS_FUZZ_TOP_DIR='\"/path/to/source\"' (tests/fuzz/run.sh does)"
#endif

/* Each plugin's entry point, renamed at compile time (they all export
 * cks_channel_plugin, as dlopen'ed objects may). */
const struct cks_channel_plugin *cks_fuzz_plugin_chat(void);
const struct cks_channel_plugin *cks_fuzz_plugin_counter(void);
const struct cks_channel_plugin *cks_fuzz_plugin_hotline1169(void);

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SEED_TOKEN "cks0seed0000a"
/* Fixed (16 bytes at least), so the seeds' download link verifies. */
#define LINK_SECRET "cksgate fuzz link key, not real"

static char scratch[4096];
static struct cks_config *config;
static struct cks_store *store;
static struct cks_channel channel_list[3];
static struct cks_channels channels;
static struct cks_templates *templates;
static struct cks_metrics *metrics;
static struct cks_api_env env;
static unsigned long wakes;
/* CKS_FUZZ_API_PRINT=1: each response goes to stderr, to check a seed. */
static int print_responses;

static void fail(const char *what, const struct cks_error *err)
	__attribute__((noreturn));

/* A fixture that cannot be made: nothing can be fuzzed. */
static void
fail(const char *what, const struct cks_error *err)
{
	fprintf(stderr, "fuzz_api: %s: %s\n", what,
	    err != NULL ? err->message : strerror(errno));
	abort();
}

static int
remove_entry(const char *path, const struct stat *st, int flag,
	     struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void
cleanup(void)
{
	cks_store_close(&store);
	cks_templates_free(&templates);
	cks_metrics_free(&metrics);
	cks_config_free(&config);
	if (scratch[0] != '\0')
		nftw(scratch, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void
write_file(const char *path, const char *text, size_t size, mode_t mode)
{
	FILE *f = fopen(path, "w");

	if (f == NULL || fwrite(text, 1, size, f) != size || fclose(f) != 0 ||
	    chmod(path, mode) < 0)
		fail(path, NULL);
}

/* Handlers call it after they queued mail or events; there is no daemon
 * here to wake, but the calls are reached as in cksgated. */
static void
wake(void *context)
{
	(void)context;
	wakes++;
}

static void
load_config(void)
{
	struct cks_error err;
	char path[4200], text[12000];

	snprintf(path, sizeof(path), "%s/cksgate.conf", scratch);
	snprintf(text, sizeof(text),
	    "state_dir = %s/state\n"
	    "plugin_dir = %s\n"
	    "template_dir = %s/templates\n"
	    "http.public_url = https://cks.example.go.th/\n"
	    "mail.from = cks@ditp.example.go.th\n",
	    scratch, scratch, CKS_FUZZ_TOP_DIR);
	write_file(path, text, strlen(text), 0600);
	if (cks_config_load(path, &config, &err) < 0)
		fail("config", &err);
	snprintf(path, sizeof(path), "%s/state", scratch);
	if (mkdir(path, 0700) < 0)
		fail(path, NULL);
	write_file(config->http_link_secret_file, LINK_SECRET,
	    strlen(LINK_SECRET), 0600);
}

static void
load_channels(void)
{
	/* Sorted by file name, as cks_channels_load() lists them. */
	const struct cks_channel_plugin *(*entries[])(void) = {
		cks_fuzz_plugin_chat, cks_fuzz_plugin_counter,
		cks_fuzz_plugin_hotline1169,
	};
	static char *paths[] = { "chat.so", "counter.so", "hotline1169.so" };
	char why[256];

	for (size_t i = 0; i < 3; i++) {
		channel_list[i].plugin = entries[i]();
		channel_list[i].path = paths[i];
		channel_list[i].handle = NULL;
		if (cks_channel_plugin_check(channel_list[i].plugin, why,
		    sizeof(why)) < 0) {
			fprintf(stderr, "fuzz_api: %s refused: %s\n", paths[i], why);
			abort();
		}
	}
	channels.channels = channel_list;
	channels.count = 3;
}

static void
exec_sql(const char *sql)
{
	char *message = NULL;

	if (sqlite3_exec(cks_store_db(store), sql, NULL, NULL, &message) !=
	    SQLITE_OK) {
		fprintf(stderr, "fuzz_api: %s: %s\n", sql, message);
		abort();
	}
}

/* The fixtures every input sees (see the top of this file). */
static void
make_fixtures(void)
{
	struct cks_client_input client = {
		.name = "สมชาย ใจดี", .company = "บริษัท ส่งออกไทย จำกัด",
		.email = "somchai@example.co.th", .phone = "081-234-5678",
		.lang = "th", .level = "SME",
	};
	struct cks_basket_limits limits = {
		config->basket_max_items, config->basket_max_file_bytes,
		config->basket_max_total_bytes,
		NULL,
	};
	struct cks_basket_item_input item = {
		.title_th = "คู่มือผู้ส่งออก", .title_en = "Exporter's guide",
		.url = "https://www.ditp.go.th/",
	};
	struct cks_reply_store inbound = { config, store, &channels, NULL };
	struct cks_reply_store_result result = { 0 };
	struct cks_outbound out = { config, store, &channels, templates, 0, NULL };
	static const char pdf[] = "%PDF-1.4\n%fuzz\n1 0 obj<<>>endobj\n"
	    "trailer<<>>\n%%EOF\n";
	struct cks_error err;
	char path[4200], token[32];
	int64_t id, queue_id;
	int existing;

	if (cks_store_begin(store, &err) < 0 ||
	    cks_client_add(store, &client, &id, &err) < 0 ||
	    cks_store_commit(store, &err) < 0)
		fail("client", &err);
	if (cks_session_open(store, &channels, "counter", id, "fuzz", 0, &id,
	    &err) < 0)
		fail("session 1", &err);
	snprintf(path, sizeof(path), "%s/guide.pdf", scratch);
	write_file(path, pdf, sizeof(pdf) - 1, 0600);
	item.file_path = path;
	if (cks_basket_add(store, 1, &item, &limits, &id, &err) < 0)
		fail("basket item", &err);
	if (cks_session_open(store, &channels, "hotline1169", 1, "fuzz", 0, &id,
	    &err) < 0 ||
	    cks_session_close(store, id, "สอบถามพิธีการส่งออก", NULL, 0,
	    &err) < 0)
		fail("session 2", &err);
	if (cks_compose_survey_send(&out, id, &queue_id, token, sizeof(token),
	    &existing, &err) < 0)
		fail("survey", &err);
	exec_sql("UPDATE survey_invitations SET token = '" SEED_TOKEN "'");
	if (cks_reply_store_accept_sms(&inbound, "+66 89 999 9999", "5", &result,
	    &err) < 0)
		fail("sms", &err);
	cks_reply_store_result_clear(&result);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");
	struct cks_error err;

	(void)argc;
	(void)argv;
	print_responses = getenv("CKS_FUZZ_API_PRINT") != NULL;
	setenv("TZ", "Asia/Bangkok", 1);
	tzset();
	snprintf(scratch, sizeof(scratch), "%s/cksgate-fuzz-api.XXXXXX",
	    tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	if (mkdtemp(scratch) == NULL)
		fail(scratch, NULL);
	/* Uploads (POST .../basket/items) are written under $TMPDIR. */
	setenv("TMPDIR", scratch, 1);
	atexit(cleanup);
	cks_log_open("fuzz_api", CKS_LOG_STDERR, CKS_LOG_ERROR);
	load_config();
	if (cks_store_open(config->database, config->busy_timeout_ms, &store,
	    &err) < 0)
		fail("store", &err);
	/* The fixtures are made once; each input is rolled back, so
	 * durability buys nothing here. */
	exec_sql("PRAGMA synchronous = OFF");
	load_channels();
	if (cks_templates_load(config->template_dir, &templates, &err) < 0)
		fail("templates", &err);
	metrics = cks_metrics_new();
	if (metrics == NULL)
		fail("metrics", NULL);
	env.config = config;
	env.store = store;
	env.channels = &channels;
	env.templates = templates;
	env.metrics = metrics;
	env.wake = wake;
	make_fixtures();
	return 0;
}

/* --- one input --------------------------------------------------------- */

#define MAX_ARGUMENTS 32

struct arguments {
	char *names[MAX_ARGUMENTS];
	char *values[MAX_ARGUMENTS];
	size_t count;
};

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A malloc'ed copy of size bytes of text with %XX and '+' decoded (a
 * decoded NUL ends it, as a C string handed to the API would). */
static char *
decode(const char *text, size_t size)
{
	char *out = malloc(size + 1), *p = out;

	if (out == NULL)
		abort();
	for (size_t i = 0; i < size; i++) {
		if (text[i] == '+') {
			*p++ = ' ';
		} else if (text[i] == '%' && i + 2 < size &&
			   hex_value(text[i + 1]) >= 0 &&
			   hex_value(text[i + 2]) >= 0) {
			*p++ = (char)(hex_value(text[i + 1]) * 16 +
			    hex_value(text[i + 2]));
			i += 2;
		} else {
			*p++ = text[i];
		}
	}
	*p = '\0';
	return out;
}

/* Adds the name=value pairs of text (size bytes, '&'-separated). */
static void
parse_arguments(struct arguments *a, const char *text, size_t size)
{
	const char *end = text + size;

	while (text < end && a->count < MAX_ARGUMENTS) {
		const char *amp = memchr(text, '&', (size_t)(end - text));
		const char *stop = amp != NULL ? amp : end;
		const char *equals = memchr(text, '=', (size_t)(stop - text));

		if (stop > text) {
			a->names[a->count] = decode(text, (size_t)((equals != NULL
			    ? equals : stop) - text));
			a->values[a->count] = equals != NULL ? decode(equals + 1,
			    (size_t)(stop - equals - 1)) : decode("", 0);
			a->count++;
		}
		text = stop + (amp != NULL);
	}
}

static void
arguments_clear(struct arguments *a)
{
	for (size_t i = 0; i < a->count; i++) {
		free(a->names[i]);
		free(a->values[i]);
	}
	a->count = 0;
}

/* As lib/web/httpd.c answers: form fields first, then the query; the first
 * of repeated names. */
static const char *
argument(void *context, const char *name)
{
	const struct arguments *a = context;

	for (size_t i = 0; i < a->count; i++)
		if (strcmp(a->names[i], name) == 0)
			return a->values[i];
	return NULL;
}

static void
check_response(const char *path, const struct cks_api_response *r)
{
	if (r->status < 100 || r->status > 599) {
		fprintf(stderr, "fuzz_api: status %d\n", r->status);
		abort();
	}
	/* Here a 500 is always a bug: the store works, memory is plenty, the
	 * templates and the key are in place. */
	if (r->status == 500) {
		fprintf(stderr, "fuzz_api: status 500: %.300s\n",
		    r->body != NULL ? r->body : "");
		abort();
	}
	if (r->content_type == NULL || (r->body == NULL && r->body_size != 0) ||
	    (r->body != NULL && r->body[r->body_size] != '\0') ||
	    r->retry_after < 0) {
		fprintf(stderr, "fuzz_api: status %d, malformed response\n",
		    r->status);
		abort();
	}
	/* Pages, CSV and SMS text are ours: UTF-8, without a NUL.  A download
	 * is the stored file's bytes, whatever they are. */
	if (strncmp(r->content_type, "text/", 5) == 0 &&
	    strncmp(path, "/d/", 3) != 0 && (r->body == NULL ||
	    strlen(r->body) != r->body_size ||
	    !cks_utf8_valid(r->body, r->body_size))) {
		fprintf(stderr, "fuzz_api: %s: %s body is not UTF-8\n", path,
		    r->content_type);
		abort();
	}
	if (strcmp(r->content_type, "application/json") == 0) {
		json_error_t error;
		json_t *json;

		if (r->body == NULL)
			abort();
		json = json_loadb(r->body, r->body_size, JSON_REJECT_DUPLICATES,
		    &error);
		if (json == NULL) {
			fprintf(stderr, "fuzz_api: status %d, invalid JSON (%s): "
			    "%.300s\n", r->status, error.text, r->body);
			abort();
		}
		/* An error is always {"error": {"status", "message"}} with the
		 * response's status. */
		if (r->status >= 400 && json_integer_value(json_object_get(
		    json_object_get(json, "error"), "status")) != r->status) {
			fprintf(stderr, "fuzz_api: status %d, error body %.300s\n",
			    r->status, r->body);
			abort();
		}
		json_decref(json);
	}
}

/* lib/web/httpd.c asks cks_api_route_role() whether a token is needed before
 * it reads a body: dispatch must agree with it. */
static void
check_role(const struct cks_api_request *request,
	   const struct cks_api_response *r)
{
	int needed = cks_api_route_role(request->method, request->path);
	int want = 0;

	if (needed < 0 && r->status != 404 && r->status != 405 &&
	    r->status != 414)
		want = 404;
	else if (needed > 0 && request->agent == NULL && r->status != 401)
		want = 401;
	else if (needed > (int)request->role && request->agent != NULL &&
		 r->status != 403)
		want = 403;
	if (want != 0) {
		fprintf(stderr, "fuzz_api: %s %s needs role %d, has %d: status "
		    "%d, not %d\n", request->method, request->path, needed,
		    (int)request->role, r->status, want);
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const methods[] = { "GET", "POST", "DELETE", "HEAD" };
	static const char *const types[] = {
		"application/json", "application/json; charset=utf-8",
		"application/x-www-form-urlencoded", "text/plain; charset=utf-8",
		NULL,
	};
	static const char type_letters[] = "jJftn";
	static const enum cks_api_role roles[] = {
		CKS_API_AGENT, CKS_API_AGENT, CKS_API_VIEWER, CKS_API_PUBLIC,
	};
	struct cks_api_request request = { 0 };
	struct cks_api_response response;
	struct arguments arguments = { 0 };
	const char *text = (const char *)data, *newline, *question;
	const char *letter = NULL;
	enum cks_api_role role;
	struct cks_error err;
	char *path, *body = NULL;
	size_t path_size, rest;
	int method;

	if (size == 0)
		return 0;
	switch (data[0]) {
	case 'G': case 'g': method = 0; break;
	case 'P': case 'p': method = 1; break;
	case 'D': case 'd': method = 2; break;
	case 'H': case 'h': method = 3; break;
	default: method = data[0] & 3; break;
	}
	if (data[0] >= 'A' && data[0] <= 'Z')
		role = CKS_API_AGENT;
	else if (data[0] >= 'a' && data[0] <= 'z')
		role = CKS_API_VIEWER;
	else
		role = roles[(data[0] >> 2) & 3];
	text++;
	size--;
	newline = memchr(text, '\n', size);
	path_size = newline != NULL ? (size_t)(newline - text) : size;
	question = memchr(text, '?', path_size);
	/* The path as the server hands it: a C string, so up to a NUL. */
	path = strndup(text, question != NULL ? (size_t)(question - text)
	    : path_size);
	if (path == NULL)
		abort();
	if (newline != NULL && (rest = size - path_size - 1) > 0) {
		const char *p = newline + 1;

		if (*p != '\0')
			letter = strchr(type_letters, *p);
		request.content_type = types[letter != NULL ?
		    letter - type_letters : (unsigned char)*p % 5];
		p++;
		rest--;
		if (rest > 0) {
			body = malloc(rest + 1);
			if (body == NULL)
				abort();
			memcpy(body, p, rest);
			body[rest] = '\0';
			request.body = body;
			request.body_size = rest;
		}
	}
	if (request.content_type != NULL && body != NULL &&
	    strcmp(request.content_type,
	    "application/x-www-form-urlencoded") == 0)
		parse_arguments(&arguments, body, strlen(body));
	if (question != NULL)
		parse_arguments(&arguments, question + 1,
		    path_size - (size_t)(question - text) - 1);
	request.method = methods[method];
	request.path = path;
	request.role = role;
	request.agent = role != CKS_API_PUBLIC ? "fuzz" : NULL;
	request.argument = argument;
	request.argument_context = &arguments;

	if (cks_store_begin(store, &err) < 0)
		fail("begin", &err);
	cks_api_dispatch(&env, &request, &response);
	cks_store_rollback(store);
	/* Every begin of a handler was paired with a commit or rollback. */
	if (!sqlite3_get_autocommit(cks_store_db(store))) {
		fprintf(stderr, "fuzz_api: %s %s left a transaction open\n",
		    request.method, path);
		abort();
	}
	if (print_responses)
		fprintf(stderr, "%s %s -> %d %s\n%.2000s\n", request.method, path,
		    response.status, response.content_type != NULL ?
		    response.content_type : "(no type)", response.body != NULL ?
		    response.body : "");
	check_response(path, &response);
	check_role(&request, &response);
	cks_metrics_count_request(metrics, response.status);
	cks_api_response_clear(&response);
	arguments_clear(&arguments);
	free(body);
	free(path);
	return 0;
}
