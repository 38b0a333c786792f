/* Unit tests for lib/web/api_outbound: the basket, survey and queue routes
 * called through cks_api_dispatch(), with a fresh store, the plugins built
 * in this tree and the templates of the source tree, as the daemon would
 * call them. */
#include "autoconfig.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testhelp.h"
#include "api.h"
#include "basket.h"
#include "bounce.h"
#include "client.h"
#include "config.h"
#include "session.h"
#include "template.h"

#define TITLE_TH "ตลาดทุเรียนจีน"
#define TITLE_EN "Durian market in China"
#define MAX_ARGS 4

struct fixture {
	struct cks_config *config;
	struct cks_store *store;
	struct cks_channels *channels;
	struct cks_templates *templates;
	struct cks_api_env env;
	int wakes;                  /* calls of env.wake */
	int64_t client;             /* Thai, with an email address */
	int64_t client_en;          /* English, with an email address */
	int64_t client_no_email;
	/* The last call. */
	struct cks_api_response response;
	json_t *json;               /* its body, when JSON */
	const char *args[MAX_ARGS][2];
	size_t arg_count;
};

static void
count_wake(void *context)
{
	((struct fixture *)context)->wakes++;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct cks_client_input somchai = {
		.name = "สมชาย ใจดี", .email = "somchai@example.co.th",
	};
	struct cks_client_input john = {
		.name = "John Smith", .email = "john@example.com", .lang = "en",
	};
	struct cks_client_input nobody = { .name = "ไม่มี อีเมล" };
	struct cks_error err;

	setenv("TZ", "Asia/Bangkok", 1);
	tzset();
	if (f == NULL)
		return -1;
	*state = f;
	if (cks_config_load(NULL, &f->config, &err) < 0)
		fail_msg("cks_config_load: %s", err.message);
	/* Every mail carries a signed opt-out link: the key in the test's
	 * own directory, not the installed state_dir (which may not exist). */
	free(f->config->http_link_secret_file);
	f->config->http_link_secret_file = test_path("link-secret");
	f->config->basket_max_items = 4;
	f->config->basket_max_file_bytes = 1000;
	f->config->basket_max_total_bytes = 1500;
	f->store = test_store_new();
	f->channels = test_channels_load();
	if (cks_templates_load(CKS_SRCDIR "/templates", &f->templates, &err) < 0)
		fail_msg("cks_templates_load: %s", err.message);
	f->env.config = f->config;
	f->env.store = f->store;
	f->env.channels = f->channels;
	f->env.templates = f->templates;
	f->env.wake = count_wake;
	f->env.wake_context = f;
	if (cks_client_add(f->store, &somchai, &f->client, &err) < 0 ||
	    cks_client_add(f->store, &john, &f->client_en, &err) < 0 ||
	    cks_client_add(f->store, &nobody, &f->client_no_email, &err) < 0)
		fail_msg("cks_client_add: %s", err.message);
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	json_decref(f->json);
	cks_api_response_clear(&f->response);
	cks_templates_free(&f->templates);
	cks_channels_free(&f->channels);
	cks_store_close(&f->store);
	cks_config_free(&f->config);
	free(f);
	return 0;
}

static const char *
argument(void *context, const char *name)
{
	struct fixture *f = context;

	for (size_t i = 0; i < f->arg_count; i++)
		if (strcmp(f->args[i][0], name) == 0)
			return f->args[i][1];
	return NULL;
}

/* Query arguments for the next call only. */
static void
with_argument(struct fixture *f, const char *name, const char *value)
{
	assert_true(f->arg_count < MAX_ARGS);
	f->args[f->arg_count][0] = name;
	f->args[f->arg_count][1] = value;
	f->arg_count++;
}

/* One request as role (agent "napa", or no token for CKS_API_PUBLIC);
 * returns the status and keeps the body in f->response / f->json. */
static int
call_as(struct fixture *f, enum cks_api_role role, const char *method,
	const char *path, const char *body)
{
	struct cks_api_request request = {
		.method = method, .path = path,
		.agent = role == CKS_API_PUBLIC ? NULL : "napa", .role = role,
		.body = body, .body_size = body != NULL ? strlen(body) : 0,
		.content_type = body != NULL ? "application/json" : NULL,
		.argument = argument, .argument_context = f,
	};

	json_decref(f->json);
	f->json = NULL;
	cks_api_response_clear(&f->response);
	cks_api_dispatch(&f->env, &request, &f->response);
	f->arg_count = 0;
	assert_non_null(f->response.body);
	if (f->response.content_type != NULL &&
	    strcmp(f->response.content_type, "application/json") == 0) {
		f->json = json_loadb(f->response.body, f->response.body_size, 0,
		    NULL);
		assert_non_null(f->json);
	}
	return f->response.status;
}

static int
call(struct fixture *f, const char *method, const char *path, const char *body)
{
	return call_as(f, CKS_API_AGENT, method, path, body);
}

/* The "field" of the last error reply ("" when it names none). */
static const char *
error_field(struct fixture *f)
{
	json_t *field = json_object_get(json_object_get(f->json, "error"),
	    "field");

	assert_non_null(f->json);
	return field != NULL ? json_string_value(field) : "";
}

static int64_t
integer_at(struct fixture *f, const char *name)
{
	json_t *value = json_object_get(f->json, name);

	if (!json_is_integer(value))
		fail_msg("no whole number '%s' in %s", name, f->response.body);
	return json_integer_value(value);
}

static const char *
string_at(const json_t *object, const char *name)
{
	json_t *value = json_object_get(object, name);

	if (!json_is_string(value))
		fail_msg("no string '%s'", name);
	return json_string_value(value);
}

static long long
count(struct fixture *f, const char *sql)
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

static void
exec_sql(struct fixture *f, const char *sql)
{
	assert_int_equal(cks_store_exec(f->store, sql), CKS_STMT_OK);
}

static int64_t
open_session(struct fixture *f, int64_t client)
{
	struct cks_error err;
	int64_t id;

	if (cks_session_open(f->store, f->channels, "counter", client, "Napa", 0,
			     &id, &err) < 0)
		fail_msg("cks_session_open: %s", err.message);
	return id;
}

static void
close_session(struct fixture *f, int64_t id)
{
	struct cks_error err;

	if (cks_session_close(f->store, id, "ให้ข้อมูลตลาดทุเรียน", NULL, 0,
			      &err) < 0)
		fail_msg("cks_session_close: %s", err.message);
}

/* pattern with each "%lld" replaced by a, then b; valid until the fourth
 * call after (not printf: the patterns are not literals there). */
static char *
path_of(const char *pattern, int64_t a, int64_t b)
{
	static char path[4][256];
	static int next;
	char *p = path[next++ % 4];
	int64_t numbers[2] = { a, b };
	size_t used = 0, n = 0;

	while (*pattern != '\0' && used + 24 < sizeof(path[0])) {
		if (strncmp(pattern, "%lld", 4) == 0 && n < 2) {
			used += (size_t)snprintf(p + used, sizeof(path[0]) - used,
			    "%lld", (long long)numbers[n++]);
			pattern += 4;
		} else {
			p[used++] = *pattern++;
		}
	}
	p[used] = '\0';
	return p;
}

static char *
base64(const unsigned char *data, size_t size)
{
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *out = malloc(size / 3 * 4 + 5), *p = out;

	assert_non_null(out);
	for (size_t i = 0; i < size; i += 3) {
		unsigned long n = (unsigned long)data[i] << 16;

		if (i + 1 < size)
			n |= (unsigned long)data[i + 1] << 8;
		if (i + 2 < size)
			n |= data[i + 2];
		*p++ = alphabet[n >> 18 & 63];
		*p++ = alphabet[n >> 12 & 63];
		*p++ = i + 1 < size ? alphabet[n >> 6 & 63] : '=';
		*p++ = i + 2 < size ? alphabet[n & 63] : '=';
	}
	*p = '\0';
	return out;
}

/* A request body adding an item with an attachment of size bytes. */
static char *
item_with_file(const char *filename, size_t size)
{
	unsigned char *data = malloc(size);
	char *encoded, *body;
	size_t length;

	assert_non_null(data);
	memcpy(data, "%PDF-1.4\n", size < 9 ? size : 9);
	for (size_t i = 9; i < size; i++)
		data[i] = (unsigned char)(i * 7);
	encoded = base64(data, size);
	length = strlen(encoded) + strlen(filename) + 200;
	body = malloc(length);
	assert_non_null(body);
	snprintf(body, length, "{\"title_th\": \"" TITLE_TH "\", \"attachment\": "
	    "{\"filename\": \"%s\", \"data_base64\": \"%s\"}}", filename, encoded);
	free(data);
	free(encoded);
	return body;
}

/* Adds an item through the API; returns the basket's new revision. */
static int64_t
add_item(struct fixture *f, int64_t session, const char *body)
{
	if (call(f, "POST", path_of("/v1/sessions/%lld/basket/items", session,
	    0), body) != 201)
		fail_msg("add item: %d %s", f->response.status, f->response.body);
	return integer_at(f, "revision");
}

static void
confirm(struct fixture *f, int64_t session, int64_t revision)
{
	char body[64];

	snprintf(body, sizeof(body), "{\"revision\": %lld}", (long long)revision);
	assert_int_equal(call(f, "POST", path_of("/v1/sessions/%lld/basket/confirm",
	    session, 0), body), 200);
}

static int64_t
basket_revision(struct fixture *f, int64_t session)
{
	assert_int_equal(call(f, "GET", path_of("/v1/sessions/%lld/basket",
	    session, 0), NULL), 200);
	return integer_at(f, "revision");
}

/* --- tests ---------------------------------------------------------------- */

static void
test_get_basket(void **state)
{
	struct fixture *f = *state;
	int64_t s = open_session(f, f->client);

	assert_int_equal(call(f, "GET", path_of("/v1/sessions/%lld/basket", s, 0),
	    NULL), 200);
	assert_int_equal(integer_at(f, "session"), s);
	assert_int_equal(integer_at(f, "revision"), 0);
	assert_false(json_is_true(json_object_get(f->json, "confirmed")));
	assert_int_equal(json_array_size(json_object_get(f->json, "items")), 0);
	assert_true(json_is_null(json_object_get(f->json, "sent_message")));

	assert_int_equal(call(f, "GET", "/v1/sessions/999/basket", NULL), 404);
	assert_non_null(strstr(f->response.body, "999"));
	assert_int_equal(call(f, "GET", "/v1/sessions/abc/basket", NULL), 400);
	assert_int_equal(call(f, "GET", "/v1/sessions/0/basket", NULL), 400);
	/* A viewer may not read it: a basket is one client's (issue 11). */
	assert_int_equal(call_as(f, CKS_API_VIEWER, "GET",
	    path_of("/v1/sessions/%lld/basket", s, 0), NULL), 403);
}

static void
test_add_items(void **state)
{
	struct fixture *f = *state;
	int64_t s = open_session(f, f->client);
	char *body = item_with_file("คู่มือ ส่งออก.pdf", 900);
	const json_t *attachment, *items;
	struct cks_basket *basket;
	struct cks_error err;
	unsigned char *data;
	size_t size;

	assert_int_equal(add_item(f, s, "{\"title_th\": \"" TITLE_TH "\","
	    " \"title_en\": \"" TITLE_EN "\","
	    " \"url\": \"https://www.ditp.go.th/kb/durian\"}"), 1);
	assert_true(integer_at(f, "id") > 0);
	assert_string_equal(string_at(f->json, "title_th"), TITLE_TH);
	assert_string_equal(string_at(f->json, "title_en"), TITLE_EN);
	assert_string_equal(string_at(f->json, "url"),
	    "https://www.ditp.go.th/kb/durian");
	assert_true(json_is_null(json_object_get(f->json, "attachment")));

	assert_int_equal(add_item(f, s, body), 2);
	attachment = json_object_get(f->json, "attachment");
	assert_string_equal(string_at(attachment, "filename"), "คู่มือ ส่งออก.pdf");
	assert_string_equal(string_at(attachment, "content_type"),
	    "application/pdf");
	assert_int_equal(json_integer_value(json_object_get(attachment, "size")),
	    900);
	assert_int_equal(strlen(string_at(attachment, "sha256")), 64);
	free(body);

	/* A given content type is kept; the bytes are stored as sent. */
	assert_int_equal(add_item(f, s, "{\"title_en\": \"Price list\","
	    " \"attachment\": {\"filename\": \"prices\", \"content_type\":"
	    " \"text/csv\", \"data_base64\": \"YSxiCjEsMgo=\"}}"), 3);
	assert_string_equal(string_at(json_object_get(f->json, "attachment"),
	    "content_type"), "text/csv");
	assert_int_equal(cks_basket_get(f->store, s, &basket, &err), 0);
	assert_int_equal(basket->count, 3);
	assert_int_equal(cks_basket_attachment_data(f->store,
	    basket->items[2].attachment_id, &data, &size, &err), 0);
	assert_int_equal(size, 8);
	assert_memory_equal(data, "a,b\n1,2\n", 8);
	free(data);
	cks_basket_free(&basket);

	/* Line breaks in the base64, as `base64` writes it, are fine. */
	assert_int_equal(add_item(f, s, "{\"title_en\": \"Wrapped\","
	    " \"attachment\": {\"filename\": \"w.txt\", \"data_base64\":"
	    " \"YSxi\\nCjEs\\r\\nMgo=\\n\"}}"), 4);

	assert_int_equal(call(f, "GET", path_of("/v1/sessions/%lld/basket", s, 0),
	    NULL), 200);
	items = json_object_get(f->json, "items");
	assert_int_equal(json_array_size(items), 4);
	assert_int_equal(integer_at(f, "attachment_bytes"), 900 + 8 + 8);
	assert_int_equal(f->wakes, 0);
}

/* Each bad request: its status, the field it names, and nothing added. */
static void
expect_refused(struct fixture *f, int64_t s, const char *body, int status,
	       const char *field)
{
	int64_t before = count(f, "SELECT count(*) FROM basket_items");
	int got = call(f, "POST", path_of("/v1/sessions/%lld/basket/items", s, 0),
	    body);

	if (got != status || strcmp(error_field(f), field) != 0)
		fail_msg("%s: got %d naming '%s', want %d naming '%s': %s", body,
		    got, error_field(f), status, field, f->response.body);
	assert_int_equal(count(f, "SELECT count(*) FROM basket_items"), before);
	assert_int_equal(count(f, "SELECT count(*) FROM attachments WHERE id NOT"
	    " IN (SELECT attachment_id FROM basket_items WHERE attachment_id IS"
	    " NOT NULL)"), 0);
}

static void
test_add_item_errors(void **state)
{
	struct fixture *f = *state;
	int64_t s = open_session(f, f->client), closed;
	char *body;

	expect_refused(f, s, NULL, 400, "");
	expect_refused(f, s, "{\"title_th\": ", 400, "");
	expect_refused(f, s, "[1, 2]", 400, "");
	expect_refused(f, s, "{}", 400, "title_th");
	expect_refused(f, s, "{\"url\": \"https://ditp.go.th/\"}", 400, "title_th");
	expect_refused(f, s, "{\"title_th\": 42}", 400, "title_th");
	expect_refused(f, s, "{\"title_th\": \"\"}", 400, "title_th");
	expect_refused(f, s, "{\"title_th\": \"two\\nlines\"}", 400, "title_th");
	expect_refused(f, s, "{\"title_en\": \"a\\tb\"}", 400, "title_en");
	expect_refused(f, s, "{\"titel_th\": \"typo\"}", 400, "titel_th");
	expect_refused(f, s, "{\"title_th\": \"x\", \"url\": \"ftp://ditp.go.th/\"}",
	    400, "url");
	expect_refused(f, s, "{\"title_th\": \"x\", \"url\": \"https://a b\"}", 400,
	    "url");
	expect_refused(f, s, "{\"title_th\": \"x\", \"attachment\": \"file.pdf\"}",
	    400, "attachment");
	expect_refused(f, s, "{\"title_th\": \"x\", \"attachment\": "
	    "{\"data_base64\": \"YQ==\"}}", 400, "attachment.filename");
	expect_refused(f, s, "{\"title_th\": \"x\", \"attachment\": "
	    "{\"filename\": \"a.txt\"}}", 400, "attachment.data_base64");
	expect_refused(f, s, "{\"title_th\": \"x\", \"attachment\": "
	    "{\"filename\": \"../etc/passwd\", \"data_base64\": \"YQ==\"}}", 400,
	    "attachment.filename");
	expect_refused(f, s, "{\"title_th\": \"x\", \"attachment\": "
	    "{\"filename\": \"..\", \"data_base64\": \"YQ==\"}}", 400,
	    "attachment.filename");
	/* issue 11 point 8: a right-to-left override disguising the type,
	 * and a Windows separator */
	expect_refused(f, s, "{\"title_th\": \"x\", \"attachment\": "
	    "{\"filename\": \"invoice\\u202efdp.exe\", \"data_base64\": "
	    "\"YQ==\"}}", 400, "attachment.filename");
	expect_refused(f, s, "{\"title_th\": \"x\", \"attachment\": "
	    "{\"filename\": \"a\\\\b.txt\", \"data_base64\": \"YQ==\"}}",
	    400, "attachment.filename");
	expect_refused(f, s, "{\"title_th\": \"x\", \"attachment\": "
	    "{\"filename\": \"a.txt\", \"data_base64\": \"not base64!\"}}", 400,
	    "attachment.data_base64");
	expect_refused(f, s, "{\"title_th\": \"x\", \"attachment\": "
	    "{\"filename\": \"a.txt\", \"data_base64\": \"YQ\"}}", 400,
	    "attachment.data_base64");
	expect_refused(f, s, "{\"title_th\": \"x\", \"attachment\": "
	    "{\"filename\": \"a.txt\", \"data_base64\": \"Y===\"}}", 400,
	    "attachment.data_base64");
	expect_refused(f, s, "{\"title_th\": \"x\", \"attachment\": "
	    "{\"filename\": \"a.txt\", \"data_base64\": \"YQ==YQ==\"}}", 400,
	    "attachment.data_base64");
	expect_refused(f, s, "{\"title_th\": \"x\", \"attachment\": "
	    "{\"filename\": \"a.txt\", \"data_base64\": \"\"}}", 400,
	    "attachment.data_base64");
	expect_refused(f, s, "{\"title_th\": \"x\", \"attachment\": "
	    "{\"filename\": \"a.txt\", \"content_type\": \"pdf\","
	    " \"data_base64\": \"YQ==\"}}", 400, "attachment.content_type");
	expect_refused(f, s, "{\"title_th\": \"x\", \"attachment\": "
	    "{\"filename\": \"a.txt\", \"size\": 1, \"data_base64\": \"YQ==\"}}",
	    400, "attachment.size");

	/* The limits: 1000 bytes a file, 1500 in all, 4 items. */
	body = item_with_file("big.pdf", 1001);
	expect_refused(f, s, body, 413, "attachment.data_base64");
	assert_non_null(strstr(f->response.body, "basket.max_file_bytes"));
	free(body);
	body = item_with_file("first.pdf", 1000);
	add_item(f, s, body);
	free(body);
	body = item_with_file("second.pdf", 501);
	expect_refused(f, s, body, 413, "attachment.data_base64");
	assert_non_null(strstr(f->response.body, "basket.max_total_bytes"));
	free(body);
	body = item_with_file("second.pdf", 500);
	add_item(f, s, body);
	free(body);
	add_item(f, s, "{\"title_en\": \"Third\"}");
	add_item(f, s, "{\"title_en\": \"Fourth\"}");
	expect_refused(f, s, "{\"title_en\": \"Fifth\"}", 409, "");
	assert_non_null(strstr(f->response.body, "basket.max_items"));

	expect_refused(f, 999, "{\"title_en\": \"Nobody's\"}", 404, "");
	closed = open_session(f, f->client);
	close_session(f, closed);
	expect_refused(f, closed, "{\"title_en\": \"Too late\"}", 409, "");
	assert_non_null(strstr(f->response.body, "closed"));

	/* Writes need an agent's token. */
	assert_int_equal(call_as(f, CKS_API_VIEWER, "POST",
	    path_of("/v1/sessions/%lld/basket/items", closed, 0),
	    "{\"title_en\": \"x\"}"), 403);
	assert_int_equal(call_as(f, CKS_API_PUBLIC, "POST",
	    path_of("/v1/sessions/%lld/basket/items", closed, 0),
	    "{\"title_en\": \"x\"}"), 401);
	assert_int_equal(call(f, "PUT", path_of("/v1/sessions/%lld/basket/items",
	    s, 0), "{}"), 405);
}

static void
test_delete_item(void **state)
{
	struct fixture *f = *state;
	int64_t s = open_session(f, f->client), first, closed;
	char *body = item_with_file("guide.pdf", 300);

	add_item(f, s, "{\"title_th\": \"" TITLE_TH "\"}");
	first = integer_at(f, "id");
	assert_int_equal(add_item(f, s, body), 2);
	free(body);
	assert_int_equal(call(f, "DELETE", path_of(
	    "/v1/sessions/%lld/basket/items/%lld", s, integer_at(f, "id")), NULL),
	    200);
	assert_int_equal(integer_at(f, "revision"), 3);
	assert_int_equal(json_array_size(json_object_get(f->json, "items")), 1);
	assert_int_equal(integer_at(f, "attachment_bytes"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM attachments"), 0);

	assert_int_equal(call(f, "DELETE", path_of(
	    "/v1/sessions/%lld/basket/items/%lld", s, first + 1), NULL), 404);
	assert_int_equal(call(f, "DELETE", path_of(
	    "/v1/sessions/%lld/basket/items/x%lld", s, first), NULL), 400);
	assert_int_equal(call(f, "DELETE", path_of(
	    "/v1/sessions/%lld/basket/items/%lld", 999, first), NULL), 404);
	assert_int_equal(call_as(f, CKS_API_VIEWER, "DELETE", path_of(
	    "/v1/sessions/%lld/basket/items/%lld", s, first), NULL), 403);
	closed = open_session(f, f->client);
	close_session(f, closed);
	assert_int_equal(call(f, "DELETE", path_of(
	    "/v1/sessions/%lld/basket/items/%lld", closed, first), NULL), 409);
	assert_int_equal(basket_revision(f, s), 3);
}

static void
test_preview(void **state)
{
	struct fixture *f = *state;
	int64_t s = open_session(f, f->client), empty;
	char preview[128], *body = item_with_file("guide.pdf", 300);

	snprintf(preview, sizeof(preview), "/v1/sessions/%lld/basket/preview",
	    (long long)s);

	add_item(f, s, "{\"title_th\": \"" TITLE_TH "\", \"title_en\": \""
	    TITLE_EN "\", \"url\": \"https://www.ditp.go.th/kb/durian\"}");
	add_item(f, s, body);
	free(body);

	assert_int_equal(call(f, "GET", preview, NULL), 200);
	assert_non_null(strstr(string_at(f->json, "text"), TITLE_TH));
	assert_null(strstr(string_at(f->json, "text"), TITLE_EN));
	assert_non_null(strstr(string_at(f->json, "html"), TITLE_TH));
	assert_true(strlen(string_at(f->json, "subject")) > 0);

	with_argument(f, "part", "text");
	assert_int_equal(call(f, "GET", preview, NULL), 200);
	assert_string_equal(f->response.content_type, "text/plain; charset=utf-8");
	assert_int_equal(strncmp(f->response.body, "Subject: ", 9), 0);
	assert_non_null(strstr(f->response.body, TITLE_TH));
	assert_non_null(strstr(f->response.body, "https://www.ditp.go.th/kb/durian"));
	assert_non_null(strstr(f->response.body, "guide.pdf"));

	with_argument(f, "part", "html");
	assert_int_equal(call_as(f, CKS_API_AGENT, "GET", preview, NULL), 200);
	assert_string_equal(f->response.content_type, "text/html; charset=utf-8");
	assert_non_null(strstr(f->response.body, TITLE_TH));
	assert_non_null(strstr(f->response.body, "<"));

	with_argument(f, "part", "raw");
	assert_int_equal(call(f, "GET", preview, NULL), 200);
	assert_string_equal(f->response.content_type, "message/rfc822");
	assert_non_null(strstr(f->response.body, "\r\nMIME-Version: 1.0\r\n"));
	assert_non_null(strstr(f->response.body, "somchai@example.co.th"));
	assert_non_null(strstr(f->response.body, "guide.pdf"));
	assert_int_equal(f->response.body_size, strlen(f->response.body));

	/* In English for a Thai client, without changing the client. */
	with_argument(f, "part", "text");
	with_argument(f, "lang", "en");
	assert_int_equal(call(f, "GET", preview, NULL), 200);
	assert_int_equal(strncmp(f->response.body, "Subject: Trade information"
	    " for ", 31), 0);
	assert_non_null(strstr(f->response.body, "Dear "));
	assert_non_null(strstr(f->response.body, "1. " TITLE_EN));
	/* The second item has only a Thai title: it stays Thai. */
	assert_non_null(strstr(f->response.body, "2. " TITLE_TH));
	assert_null(strstr(f->response.body, "เรียน คุณ"));
	assert_int_equal(count(f, "SELECT count(*) FROM clients WHERE lang = 'th'"),
	    2);
	with_argument(f, "lang", "th");
	with_argument(f, "part", "text");
	assert_int_equal(call(f, "GET", preview, NULL), 200);
	assert_non_null(strstr(f->response.body, "1. " TITLE_TH));
	assert_non_null(strstr(f->response.body, "เรียน คุณ"));

	with_argument(f, "part", "pdf");
	assert_int_equal(call(f, "GET", preview, NULL), 400);
	assert_string_equal(error_field(f), "part");
	with_argument(f, "lang", "fr");
	assert_int_equal(call(f, "GET", preview, NULL), 400);
	assert_string_equal(error_field(f), "lang");
	assert_int_equal(call(f, "GET", "/v1/sessions/999/basket/preview", NULL),
	    404);
	with_argument(f, "lang", "en");
	assert_int_equal(call(f, "GET", "/v1/sessions/999/basket/preview", NULL),
	    404);
	empty = open_session(f, f->client);
	assert_int_equal(call(f, "GET", path_of("/v1/sessions/%lld/basket/preview",
	    empty, 0), NULL), 409);
	/* Nothing was queued by looking. */
	assert_int_equal(count(f, "SELECT count(*) FROM messages"), 0);
}

static void
test_confirm(void **state)
{
	struct fixture *f = *state;
	int64_t s = open_session(f, f->client), revision;
	char path[128];

	snprintf(path, sizeof(path), "/v1/sessions/%lld/basket/confirm",
	    (long long)s);
	assert_int_equal(call(f, "POST", path, "{\"revision\": 1}"), 409);
	assert_non_null(strstr(f->response.body, "empty"));
	revision = add_item(f, s, "{\"title_th\": \"" TITLE_TH "\"}");
	revision = add_item(f, s, "{\"title_en\": \"" TITLE_EN "\"}");

	assert_int_equal(call(f, "POST", path, NULL), 400);
	assert_int_equal(call(f, "POST", path, "{}"), 400);
	assert_string_equal(error_field(f), "revision");
	assert_int_equal(call(f, "POST", path, "{\"revision\": \"2\"}"), 400);
	assert_string_equal(error_field(f), "revision");
	assert_int_equal(call(f, "POST", path, "{\"revision\": 0}"), 400);
	assert_string_equal(error_field(f), "revision");
	assert_int_equal(call(f, "POST", path, "{\"revision\": 2, \"by\": 1}"),
	    400);
	assert_string_equal(error_field(f), "by");
	assert_int_equal(call(f, "POST", path, "{\"revision\": 2, \"at\": true}"),
	    400);
	assert_string_equal(error_field(f), "at");
	/* The client saw revision 1; the basket has changed since. */
	assert_int_equal(call(f, "POST", path, "{\"revision\": 1}"), 409);
	assert_string_equal(error_field(f), "revision");
	assert_false(json_is_true(json_object_get(f->json, "confirmed")));
	assert_int_equal(call(f, "POST", "/v1/sessions/999/basket/confirm",
	    "{\"revision\": 1}"), 404);
	assert_int_equal(call_as(f, CKS_API_VIEWER, "POST", path,
	    "{\"revision\": 2}"), 403);
	assert_int_equal(count(f, "SELECT count(*) FROM baskets WHERE"
	    " confirmed_revision IS NOT NULL"), 0);

	assert_int_equal(call(f, "POST", path, "{\"revision\": 2, \"at\":"
	    " \"2569-11-28T10:05\"}"), 200);
	assert_int_equal(integer_at(f, "revision"), revision);
	assert_true(json_is_true(json_object_get(f->json, "confirmed")));
	assert_non_null(strstr(string_at(f->json, "confirmed_at"), "2026-11-28"));
	assert_int_equal(f->wakes, 0);
}

/* Issue 14: a hard-bounced address is 409 naming it and the bounce;
 * "force" with a "reason" sends, the reason kept with the message, and
 * the queue entry shows the address's bounce. */
static void
test_send_after_hard_bounce(void **state)
{
	struct fixture *f = *state;
	int64_t s = open_session(f, f->client_en), revision, queue_id;
	struct cks_error err;
	char send[128];

	snprintf(send, sizeof(send), "/v1/sessions/%lld/basket/send",
	    (long long)s);
	revision = add_item(f, s, "{\"title_en\": \"" TITLE_EN "\"}");
	confirm(f, s, revision);
	if (cks_bounce_record(f->store, "John@Example.com", "hard", 0, "5.1.1",
	    "smtp; 550 5.1.1 user unknown", 0, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(call(f, "POST", send, NULL), 409);
	assert_non_null(strstr(f->response.body, "john@example.com hard-bounced"));
	assert_non_null(strstr(f->response.body, "5.1.1"));
	assert_int_equal(count(f, "SELECT count(*) FROM messages"), 0);
	assert_int_equal(call(f, "POST", send, "{\"force\": true, \"reason\":"
	    " \"the client confirmed the address\"}"), 202);
	queue_id = integer_at(f, "id");
	assert_int_equal(call(f, "GET", path_of("/v1/queue/%lld", queue_id, 0),
	    NULL), 200);
	assert_string_equal(string_at(f->json, "bounce_override"),
	    "the client confirmed the address");
	assert_string_equal(string_at(json_object_get(f->json, "address_bounce"),
	    "kind"), "hard");
}

static void
test_send(void **state)
{
	struct fixture *f = *state;
	int64_t s = open_session(f, f->client), queue_id, revision, no_email;
	char send[128], *body = item_with_file("guide.pdf", 300);

	snprintf(send, sizeof(send), "/v1/sessions/%lld/basket/send",
	    (long long)s);

	revision = add_item(f, s, "{\"title_th\": \"" TITLE_TH "\"}");
	revision = add_item(f, s, body);
	free(body);

	/* Not confirmed: refused, nothing queued. */
	assert_int_equal(call(f, "POST", send, NULL), 409);
	assert_non_null(strstr(f->response.body, "never confirmed"));
	assert_int_equal(call(f, "POST", send, "{\"unconfirmed\": true}"), 400);
	assert_string_equal(error_field(f), "reason");
	assert_int_equal(call(f, "POST", send, "{\"reason\": \"by phone\"}"), 400);
	assert_string_equal(error_field(f), "unconfirmed");
	assert_int_equal(call(f, "POST", send, "{\"unconfirmed\": \"yes\","
	    " \"reason\": \"by phone\"}"), 400);
	assert_string_equal(error_field(f), "unconfirmed");
	assert_int_equal(call(f, "POST", send, "{\"unconfirmed\": true,"
	    " \"reason\": \"\"}"), 400);
	assert_string_equal(error_field(f), "reason");
	/* force past a hard bounce is a decision with a reason, too */
	assert_int_equal(call(f, "POST", send, "{\"force\": true}"), 400);
	assert_string_equal(error_field(f), "reason");
	assert_int_equal(call(f, "POST", send, "{\"force\": 1,"
	    " \"reason\": \"x\"}"), 400);
	assert_string_equal(error_field(f), "force");
	assert_int_equal(call_as(f, CKS_API_VIEWER, "POST", send, NULL), 403);
	assert_int_equal(call(f, "POST", "/v1/sessions/999/basket/send", NULL),
	    404);
	assert_int_equal(count(f, "SELECT count(*) FROM messages"), 0);
	assert_int_equal(f->wakes, 0);

	/* Confirmed: one message, and the delivery loop is woken. */
	confirm(f, s, revision);
	assert_int_equal(call(f, "POST", send, NULL), 202);
	queue_id = integer_at(f, "id");
	assert_int_equal(integer_at(f, "session"), s);
	assert_false(json_is_true(json_object_get(f->json, "already_queued")));
	assert_int_equal(count(f, "SELECT count(*) FROM messages"), 1);
	assert_int_equal(f->wakes, 1);

	/* The same send again: the first message stands, none is added. */
	assert_int_equal(call(f, "POST", send, "{}"), 200);
	assert_int_equal(integer_at(f, "id"), queue_id);
	assert_true(json_is_true(json_object_get(f->json, "already_queued")));
	assert_int_equal(count(f, "SELECT count(*) FROM messages"), 1);
	assert_int_equal(f->wakes, 1);
	assert_int_equal(call(f, "GET", path_of("/v1/sessions/%lld/basket", s, 0),
	    NULL), 200);
	assert_int_equal(integer_at(f, "sent_message"), queue_id);

	/* Changed after the send: confirm again, or send it unconfirmed. */
	add_item(f, s, "{\"title_en\": \"" TITLE_EN "\"}");
	assert_int_equal(call(f, "POST", send, NULL), 409);
	assert_non_null(strstr(f->response.body, "changed after"));
	assert_int_equal(call(f, "POST", send, "{\"unconfirmed\": true,"
	    " \"reason\": \"ลูกค้ายืนยันทางโทรศัพท์\"}"), 202);
	assert_true(integer_at(f, "id") != queue_id);
	assert_int_equal(count(f, "SELECT count(*) FROM messages"), 2);
	assert_int_equal(f->wakes, 2);
	assert_int_equal(call(f, "GET", path_of("/v1/queue/%lld", integer_at(f,
	    "id"), 0), NULL), 200);
	assert_string_equal(string_at(f->json, "unconfirmed_reason"),
	    "ลูกค้ายืนยันทางโทรศัพท์");

	/* A client without an email address cannot be sent anything. */
	no_email = open_session(f, f->client_no_email);
	confirm(f, no_email, add_item(f, no_email, "{\"title_en\": \"x\"}"));
	assert_int_equal(call(f, "POST", path_of("/v1/sessions/%lld/basket/send",
	    no_email, 0), NULL), 409);
	assert_non_null(strstr(f->response.body, "email"));
	assert_int_equal(count(f, "SELECT count(*) FROM messages"), 2);
}

static void
test_survey(void **state)
{
	struct fixture *f = *state;
	int64_t s = open_session(f, f->client_en), queue_id;
	char survey[128], token[64];

	snprintf(survey, sizeof(survey), "/v1/sessions/%lld/survey",
	    (long long)s);

	assert_int_equal(call(f, "POST", survey, NULL), 409);
	assert_non_null(strstr(f->response.body, "still open"));
	close_session(f, s);
	assert_int_equal(call(f, "POST", survey, "{\"channel\": \"chat\"}"), 400);
	assert_string_equal(error_field(f), "channel");
	assert_int_equal(call_as(f, CKS_API_VIEWER, "POST", survey, NULL), 403);
	assert_int_equal(count(f, "SELECT count(*) FROM messages"), 0);

	assert_int_equal(call(f, "POST", survey, NULL), 202);
	queue_id = integer_at(f, "id");
	snprintf(token, sizeof(token), "%s", string_at(f->json, "token"));
	assert_true(strlen(token) >= 8);
	assert_false(json_is_true(json_object_get(f->json, "already_queued")));
	assert_int_equal(f->wakes, 1);
	assert_int_equal(count(f, "SELECT count(*) FROM messages WHERE kind ="
	    " 'survey'"), 1);

	assert_int_equal(call(f, "POST", survey, "{}"), 200);
	assert_int_equal(integer_at(f, "id"), queue_id);
	assert_string_equal(string_at(f->json, "token"), token);
	assert_true(json_is_true(json_object_get(f->json, "already_queued")));
	assert_int_equal(f->wakes, 1);
	assert_int_equal(count(f, "SELECT count(*) FROM messages"), 1);

	assert_int_equal(call(f, "POST", "/v1/sessions/999/survey", NULL), 404);
	assert_int_equal(call(f, "GET", survey, NULL), 405);
}

/* Queues a basket for a new session of client; returns its queue id. */
static int64_t
queue_basket(struct fixture *f)
{
	int64_t s = open_session(f, f->client);

	confirm(f, s, add_item(f, s, "{\"title_th\": \"" TITLE_TH "\"}"));
	assert_int_equal(call(f, "POST", path_of("/v1/sessions/%lld/basket/send",
	    s, 0), NULL), 202);
	return integer_at(f, "id");
}

static void
test_queue(void **state)
{
	struct fixture *f = *state;
	int64_t first = queue_basket(f), second = queue_basket(f),
	    third = queue_basket(f);
	const json_t *messages, *history;
	char sql[512];
	int wakes;

	assert_int_equal(call_as(f, CKS_API_VIEWER, "GET", "/v1/queue", NULL), 403);
	assert_int_equal(call_as(f, CKS_API_AGENT, "GET", "/v1/queue", NULL), 200);
	messages = json_object_get(f->json, "messages");
	assert_int_equal(json_array_size(messages), 3);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
	    messages, 0), "id")), third);
	assert_string_equal(string_at(json_array_get(messages, 0), "state"),
	    "queued");
	with_argument(f, "limit", "2");
	assert_int_equal(call(f, "GET", "/v1/queue", NULL), 200);
	assert_int_equal(json_array_size(json_object_get(f->json, "messages")), 2);

	/* The second was deferred by the relay, once. */
	snprintf(sql, sizeof(sql), "UPDATE messages SET state = 'deferred',"
	    " attempts = 1, last_code = 451, last_reply = '451 4.3.0 Try again'"
	    " WHERE id = %lld; INSERT INTO message_attempts (message, at, relay,"
	    " result, code, reply) VALUES (%lld, 1795834800000, '127.0.0.1:25',"
	    " 'deferred', 451, '451 4.3.0 Try again')", (long long)second,
	    (long long)second);
	exec_sql(f, sql);
	with_argument(f, "state", "deferred");
	assert_int_equal(call(f, "GET", "/v1/queue", NULL), 200);
	messages = json_object_get(f->json, "messages");
	assert_int_equal(json_array_size(messages), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
	    messages, 0), "id")), second);

	with_argument(f, "state", "lost");
	assert_int_equal(call(f, "GET", "/v1/queue", NULL), 400);
	assert_string_equal(error_field(f), "state");
	with_argument(f, "limit", "0");
	assert_int_equal(call(f, "GET", "/v1/queue", NULL), 400);
	assert_string_equal(error_field(f), "limit");
	with_argument(f, "limit", "ten");
	assert_int_equal(call(f, "GET", "/v1/queue", NULL), 400);
	assert_string_equal(error_field(f), "limit");

	/* One message, with its attempts and the relay's replies. */
	assert_int_equal(call_as(f, CKS_API_AGENT, "GET",
	    path_of("/v1/queue/%lld", second, 0), NULL), 200);
	assert_int_equal(integer_at(f, "id"), second);
	assert_string_equal(string_at(f->json, "kind"), "basket");
	assert_string_equal(string_at(f->json, "recipient"),
	    "somchai@example.co.th");
	assert_string_equal(string_at(f->json, "state"), "deferred");
	assert_int_equal(integer_at(f, "last_code"), 451);
	history = json_object_get(f->json, "history");
	assert_int_equal(json_array_size(history), 1);
	assert_string_equal(string_at(json_array_get(history, 0), "reply"),
	    "451 4.3.0 Try again");
	assert_string_equal(string_at(json_array_get(history, 0), "relay"),
	    "127.0.0.1:25");
	assert_int_equal(call(f, "GET", "/v1/queue/999", NULL), 404);
	assert_int_equal(call(f, "GET", "/v1/queue/-1", NULL), 400);

	/* Retry: a deferred message is due again, and delivery is woken. */
	wakes = f->wakes;
	assert_int_equal(call_as(f, CKS_API_VIEWER, "POST",
	    path_of("/v1/queue/%lld/retry", second, 0), NULL), 403);
	assert_int_equal(call(f, "POST", path_of("/v1/queue/%lld/retry", second, 0),
	    NULL), 200);
	assert_string_equal(string_at(f->json, "state"), "queued");
	assert_int_equal(f->wakes, wakes + 1);
	assert_int_equal(call(f, "POST", path_of("/v1/queue/%lld/retry", second, 0),
	    NULL), 409);
	assert_non_null(strstr(f->response.body, "is queued"));
	assert_int_equal(f->wakes, wakes + 1);
	assert_int_equal(call(f, "POST", "/v1/queue/999/retry", NULL), 404);

	/* Cancel: a queued message will not be sent; only once. */
	assert_int_equal(call(f, "POST", path_of("/v1/queue/%lld/cancel", first, 0),
	    NULL), 200);
	assert_string_equal(string_at(f->json, "state"), "cancelled");
	assert_int_equal(call(f, "POST", path_of("/v1/queue/%lld/cancel", first, 0),
	    NULL), 409);
	assert_int_equal(call(f, "POST", "/v1/queue/999/cancel", NULL), 404);
	assert_int_equal(call_as(f, CKS_API_VIEWER, "POST",
	    path_of("/v1/queue/%lld/cancel", third, 0), NULL), 403);
	assert_int_equal(call(f, "DELETE", path_of("/v1/queue/%lld", third, 0),
	    NULL), 405);
	assert_int_equal(call_as(f, CKS_API_PUBLIC, "GET", "/v1/queue", NULL), 401);
	assert_int_equal(count(f, "SELECT count(*) FROM messages WHERE state ="
	    " 'queued'"), 2);
}

static void
test_no_wake_function(void **state)
{
	struct fixture *f = *state;

	/* The daemon may run without a delivery loop to wake. */
	f->env.wake = NULL;
	queue_basket(f);
	assert_int_equal(count(f, "SELECT count(*) FROM messages"), 1);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_get_basket),
		T(test_add_items),
		T(test_add_item_errors),
		T(test_delete_item),
		T(test_preview),
		T(test_confirm),
		T(test_send),
		T(test_send_after_hard_bounce),
		T(test_survey),
		T(test_queue),
		T(test_no_wake_function),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
