/* Unit tests for lib/mailout/download_link: the signing key file, making and
 * checking links, the public route through cks_api_dispatch, and the
 * basket email that carries links instead of attachments when its files
 * exceed basket.attachment_budget (lib/mailout/compose.c). */
#include "autoconfig.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testhelp.h"
#include "api.h"
#include "basket.h"
#include "client.h"
#include "clock.h"
#include "compose.h"
#include "config.h"
#include "download_link.h"
#include "queue.h"
#include "session.h"
#include "template.h"

/* 2026-11-28T10:00:00+07:00 */
#define T0 INT64_C(1795834800000)
#define DAY_MS INT64_C(86400000)
#define BASE "https://ditp.example.invalid/cks"
/* "คู่มือ ส่งออก.pdf" */
#define THAI_NAME "\xe0\xb8\x84\xe0\xb8\xb9\xe0\xb9\x88\xe0\xb8\xa1\xe0\xb8" \
	"\xb7\xe0\xb8\xad \xe0\xb8\xaa\xe0\xb9\x88\xe0\xb8\x87\xe0\xb8\xad" \
	"\xe0\xb8\xad\xe0\xb8\x81.pdf"
#define THAI_NAME_ENCODED "%E0%B8%84%E0%B8%B9%E0%B9%88%E0%B8%A1%E0%B8%B7" \
	"%E0%B8%AD%20%E0%B8%AA%E0%B9%88%E0%B8%87%E0%B8%AD%E0%B8%AD%E0%B8%81.pdf"

static unsigned secret_serial;

/* A path for a key file that does not exist yet. */
static char *
new_secret_path(void)
{
	char name[64];

	snprintf(name, sizeof(name), "link-secret-%u", ++secret_serial);
	return test_path(name);
}

/* The embedded defaults with links under BASE, a key file of its own and
 * the shipped templates. */
static struct cks_config *
config_new(void)
{
	struct cks_config *config = NULL;
	struct cks_error err;

	if (cks_config_load(NULL, &config, &err) < 0)
		fail_msg("cks_config_load: %s", err.message);
	free(config->http_public_url);
	config->http_public_url = strdup(BASE);
	free(config->http_link_secret_file);
	config->http_link_secret_file = new_secret_path();
	free(config->template_dir);
	config->template_dir = strdup(CKS_SRCDIR "/templates");
	assert_non_null(config->http_public_url);
	assert_non_null(config->template_dir);
	return config;
}

static int
setup(void **state)
{
	setenv("TZ", "Asia/Bangkok", 1);
	tzset();
	*state = config_new();
	return 0;
}

static int
teardown(void **state)
{
	struct cks_config *config = *state;

	cks_config_free(&config);
	return 0;
}

/* The link's path segments after BASE: id, expires, signature, name. */
struct link {
	char id[32], expires[32], signature[64], name[512];
};

static void
split_link(const char *url, struct link *l)
{
	assert_memory_equal(url, BASE "/d/", strlen(BASE "/d/"));
	assert_int_equal(sscanf(url + strlen(BASE "/d/"),
	    "%31[^/]/%31[^/]/%63[^/]/%511s", l->id, l->expires, l->signature,
	    l->name), 4);
}

static char *
make_ok(const struct cks_config *config, int64_t id, const char *name,
	int64_t now_ms)
{
	struct cks_error err;
	char *url = NULL;

	if (cks_download_link_make(config, id, name, now_ms, &url, &err) < 0)
		fail_msg("cks_download_link_make: %s", err.message);
	return url;
}

static enum cks_download_link_state
check(const struct cks_config *config, const char *id, const char *expires,
      const char *signature, int64_t now_ms, int64_t *id_out)
{
	enum cks_download_link_state state = CKS_DOWNLOAD_LINK_VALID;
	struct cks_error err;
	int64_t ignored = 0;

	if (cks_download_link_verify(config, id, expires, signature, now_ms,
	    id_out != NULL ? id_out : &ignored, &state, &err) < 0)
		fail_msg("cks_download_link_verify: %s", err.message);
	return state;
}

/* --- making and checking -------------------------------------------------- */

static void
test_round_trip(void **state)
{
	struct cks_config *config = *state;
	char *url = make_ok(config, 42, THAI_NAME, T0);
	int64_t expires = T0 / 1000 + 30 * 86400, id = 0;
	char want[32];
	struct link l;

	split_link(url, &l);
	assert_string_equal(l.id, "42");
	snprintf(want, sizeof(want), "%lld", (long long)expires);
	assert_string_equal(l.expires, want);
	assert_int_equal(strlen(l.signature), 22);
	assert_int_equal(strspn(l.signature, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-_"), 22);
	assert_string_equal(l.name, THAI_NAME_ENCODED);

	assert_int_equal(check(config, l.id, l.expires, l.signature, T0, &id),
	    CKS_DOWNLOAD_LINK_VALID);
	assert_int_equal(id, 42);
	assert_int_equal(check(config, l.id, l.expires, l.signature,
	    expires * 1000 - 1, NULL), CKS_DOWNLOAD_LINK_VALID);
	assert_int_equal(check(config, l.id, l.expires, l.signature,
	    expires * 1000, NULL), CKS_DOWNLOAD_LINK_EXPIRED);

	/* The same inputs sign the same way: the key is kept, not remade. */
	{
		char *again = make_ok(config, 42, THAI_NAME, T0);

		assert_string_equal(again, url);
		free(again);
	}
	free(url);
}

static void
test_tampered_links_are_refused(void **state)
{
	struct cks_config *config = *state;
	char *url = make_ok(config, 42, "guide.pdf", T0);
	char *other_url = make_ok(config, 43, "guide.pdf", T0);
	char later[32], signature[64];
	struct link l, other;

	split_link(url, &l);
	split_link(other_url, &other);
	/* Another id or expiry under this signature. */
	assert_int_equal(check(config, "43", l.expires, l.signature, T0, NULL),
	    CKS_DOWNLOAD_LINK_FORGED);
	assert_int_equal(check(config, "042", l.expires, l.signature, T0, NULL),
	    CKS_DOWNLOAD_LINK_FORGED);
	snprintf(later, sizeof(later), "%lld", atoll(l.expires) + 86400);
	assert_int_equal(check(config, l.id, later, l.signature, T0, NULL),
	    CKS_DOWNLOAD_LINK_FORGED);
	/* Another link's signature, one character changed, cut or padded. */
	assert_int_equal(check(config, l.id, l.expires, other.signature, T0,
	    NULL), CKS_DOWNLOAD_LINK_FORGED);
	for (size_t i = 0; i < 22; i += 7) {
		snprintf(signature, sizeof(signature), "%s", l.signature);
		signature[i] = signature[i] == 'A' ? 'B' : 'A';
		assert_int_equal(check(config, l.id, l.expires, signature, T0,
		    NULL), CKS_DOWNLOAD_LINK_FORGED);
	}
	snprintf(signature, sizeof(signature), "%.21s", l.signature);
	assert_int_equal(check(config, l.id, l.expires, signature, T0, NULL),
	    CKS_DOWNLOAD_LINK_FORGED);
	snprintf(signature, sizeof(signature), "%s=", l.signature);
	assert_int_equal(check(config, l.id, l.expires, signature, T0, NULL),
	    CKS_DOWNLOAD_LINK_FORGED);
	/* A forged link long past its date is still "forged", not "expired":
	 * only a genuine link learns that it expired. */
	assert_int_equal(check(config, "43", l.expires, l.signature,
	    T0 + 365 * DAY_MS, NULL), CKS_DOWNLOAD_LINK_FORGED);
	/* Another key does not accept our links. */
	free(config->http_link_secret_file);
	config->http_link_secret_file = new_secret_path();
	assert_int_equal(check(config, l.id, l.expires, l.signature, T0, NULL),
	    CKS_DOWNLOAD_LINK_FORGED);
	free(url);
	free(other_url);
}

/* --- the key file ------------------------------------------------------------ */

static void
test_key_file_is_created_private(void **state)
{
	struct cks_config *config = *state;
	const char *path = config->http_link_secret_file;
	struct stat st;
	char command[4200];
	char *url;

	assert_int_equal(stat(path, &st), -1);
	url = make_ok(config, 1, "a.pdf", T0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 32);
	/* No temporary file is left beside it. */
	snprintf(command, sizeof(command), "ls '%s'.new-* >/dev/null 2>&1", path);
	assert_int_not_equal(system(command), 0);
	free(url);
}

static void
test_racing_processes_agree_on_one_key(void **state)
{
	struct cks_config *config = *state;
	enum { RACERS = 6 };
	char urls[RACERS][256];
	int fds[RACERS][2];
	pid_t pids[RACERS];

	for (int i = 0; i < RACERS; i++) {
		assert_int_equal(pipe(fds[i]), 0);
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			struct cks_error err;
			char *url = NULL;
			int ok;

			close(fds[i][0]);
			ok = cks_download_link_make(config, 7, "x.pdf", T0, &url,
			    &err) == 0 && write(fds[i][1], url, strlen(url)) > 0;
			_exit(ok ? 0 : 1);
		}
		close(fds[i][1]);
	}
	for (int i = 0; i < RACERS; i++) {
		ssize_t n = read(fds[i][0], urls[i], sizeof(urls[i]) - 1);
		int status = 0;

		assert_true(n > 0);
		urls[i][n] = '\0';
		close(fds[i][0]);
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		assert_string_equal(urls[i], urls[0]);
	}
	{
		char *mine = make_ok(config, 7, "x.pdf", T0);

		assert_string_equal(mine, urls[0]);
		free(mine);
	}
}

static void
test_key_file_readable_by_others_is_refused(void **state)
{
	struct cks_config *config = *state;
	const char *path = config->http_link_secret_file;
	enum cks_download_link_state link_state;
	struct cks_error err;
	int64_t id;
	char *url = NULL;

	test_write_file(path, "0123456789abcdef0123456789abcdef");
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(cks_download_link_make(config, 1, "a.pdf", T0, &url,
	    &err), -1);
	assert_null(url);
	assert_non_null(strstr(err.message, path));
	assert_non_null(strstr(err.message, "http.link_secret_file"));
	assert_non_null(strstr(err.message, "chmod 600"));
	assert_int_equal(cks_download_link_verify(config, "1", "1798426800",
	    "AAAAAAAAAAAAAAAAAAAAAA", T0, &id, &link_state, &err), -1);
	assert_non_null(strstr(err.message, path));

	/* Group-readable is refused too; 0600 is taken as it is. */
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(cks_download_link_make(config, 1, "a.pdf", T0, &url,
	    &err), -1);
	assert_int_equal(chmod(path, 0600), 0);
	url = make_ok(config, 1, "a.pdf", T0);
	free(url);

	/* A key too short to be a key. */
	test_write_file(path, "short");
	assert_int_equal(cks_download_link_make(config, 1, "a.pdf", T0, &url,
	    &err), -1);
	assert_non_null(strstr(err.message, "fewer than 16"));
}

static void
test_no_link_without_a_server(void **state)
{
	struct cks_config *config = *state;
	struct cks_error err;
	char *url = NULL;

	/* What config.c makes of an unset http.public_url with the API off. */
	free(config->http_public_url);
	config->http_public_url = strdup("http://127.0.0.1:0");
	config->http_port = 0;
	assert_int_equal(cks_download_link_make(config, 1, "a.pdf", T0, &url,
	    &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_CONFLICT);
	assert_non_null(strstr(err.message, "http.port"));
	assert_null(url);
}

/* --- the route --------------------------------------------------------------- */

static int64_t
insert_attachment(struct cks_store *store, const char *filename,
		  const char *type, const void *data, size_t size)
{
	struct cks_stmt *stmt = NULL;

	stmt = cks_store_prepare(store,
	    "INSERT INTO attachments (filename, content_type, size, sha256, data)"
	    " VALUES (?, ?, ?, 'x', ?)", NULL);
	assert_non_null(stmt);
	cks_stmt_bind_text(stmt, 1, filename, -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(stmt, 2, type, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(stmt, 3, (int64_t)size);
	cks_stmt_bind_blob(stmt, 4, data, size, CKS_STMT_STATIC);
	assert_int_equal(cks_stmt_step(stmt), CKS_STMT_DONE);
	cks_stmt_finalize(stmt);
	return cks_store_last_insert_id(store);
}

static void
get(const struct cks_api_env *env, const char *method, const char *url,
    struct cks_api_response *response)
{
	struct cks_api_request request = {
		.method = method,
		.path = url + strlen(BASE),
		.role = CKS_API_PUBLIC,
	};

	assert_memory_equal(url, BASE, strlen(BASE));
	cks_api_dispatch(env, &request, response);
}

static void
test_route(void **state)
{
	struct cks_config *config = *state;
	struct cks_store *store = test_store_new();
	struct cks_api_env env = { .config = config, .store = store };
	struct cks_api_response response;
	/* Bytes a text path would mangle: NUL, CR LF, high bytes. */
	static const unsigned char pdf[] = "%PDF-1.4\n\0\r\n\xe2\xe3\xcf\xd3 %%EOF\n";
	static const unsigned char odd[] = "\x01\x02\x03";
	int64_t id = insert_attachment(store, THAI_NAME, "application/pdf", pdf,
	    sizeof(pdf) - 1);
	int64_t odd_id = insert_attachment(store, "data.bin",
	    "application/x-cks-sample", odd, sizeof(odd) - 1);
	int64_t now = cks_now_ms();
	char *url = make_ok(config, id, THAI_NAME, now);
	char *expired = make_ok(config, id, THAI_NAME,
	    now - config->download_ttl_ms - 1000);
	char *unknown = make_ok(config, id + 1000, "gone.pdf", now);
	char *odd_url = make_ok(config, odd_id, "data.bin", now);
	char *tampered = strdup(url), *renamed;
	struct link l;

	/* The exact bytes, with the stored type and a Thai file name. */
	get(&env, "GET", url, &response);
	assert_int_equal(response.status, 200);
	assert_int_equal(response.body_size, sizeof(pdf) - 1);
	assert_memory_equal(response.body, pdf, sizeof(pdf) - 1);
	assert_string_equal(response.content_type, "application/pdf");
	assert_string_equal(response.content_disposition,
	    "attachment; filename*=UTF-8''" THAI_NAME_ENCODED);
	assert_non_null(response.cache_control);
	assert_non_null(strstr(response.cache_control, "private"));
	cks_api_response_clear(&response);

	/* The name in the link is cosmetic: the stored one is served. */
	split_link(url, &l);
	renamed = malloc(1024);
	assert_non_null(renamed);
	snprintf(renamed, 1024, BASE "/d/%s/%s/%s/other%%20name.pdf", l.id,
	    l.expires, l.signature);
	get(&env, "GET", renamed, &response);
	assert_int_equal(response.status, 200);
	assert_string_equal(response.content_disposition,
	    "attachment; filename*=UTF-8''" THAI_NAME_ENCODED);
	cks_api_response_clear(&response);

	/* HEAD is answered like GET (the server drops the body). */
	get(&env, "HEAD", url, &response);
	assert_int_equal(response.status, 200);
	cks_api_response_clear(&response);

	/* A type the route does not know goes out as bytes. */
	get(&env, "GET", odd_url, &response);
	assert_int_equal(response.status, 200);
	assert_string_equal(response.content_type, "application/octet-stream");
	assert_memory_equal(response.body, odd, sizeof(odd) - 1);
	cks_api_response_clear(&response);

	/* One character of the signature changed. */
	{
		char *c = strstr(tampered, l.signature) + 5;

		*c = *c == 'x' ? 'y' : 'x';
	}
	get(&env, "GET", tampered, &response);
	assert_int_equal(response.status, 403);
	assert_null(response.content_disposition);
	assert_non_null(strstr(response.body, "not valid"));
	assert_non_null(strstr(response.body, "ไม่ถูกต้อง"));
	cks_api_response_clear(&response);

	/* Genuine but past its date: 410, in Thai and English. */
	get(&env, "GET", expired, &response);
	assert_int_equal(response.status, 410);
	assert_string_equal(response.content_type, "text/plain; charset=utf-8");
	assert_non_null(strstr(response.body, "หมดอายุ"));
	assert_non_null(strstr(response.body, "expired"));
	assert_null(response.content_disposition);
	cks_api_response_clear(&response);

	/* Signed, but no such file in the store. */
	get(&env, "GET", unknown, &response);
	assert_int_equal(response.status, 404);
	assert_non_null(strstr(response.body, "no longer available"));
	cks_api_response_clear(&response);

	/* No token is needed, and a link without its name segment is no
	 * route at all. */
	assert_int_equal(cks_api_route_role("GET", url + strlen(BASE)),
	    CKS_API_PUBLIC);
	{
		char *cut = strdup(url);

		*strrchr(cut, '/') = '\0';
		get(&env, "GET", cut, &response);
		assert_int_equal(response.status, 404);
		cks_api_response_clear(&response);
		free(cut);
	}

	free(url);
	free(expired);
	free(unknown);
	free(odd_url);
	free(tampered);
	free(renamed);
	cks_store_close(&store);
}

/* --- the basket email ---------------------------------------------------- */

struct basket_fixture {
	struct cks_store *store;
	struct cks_channels *channels;
	struct cks_templates *templates;
	struct cks_outbound out;
	int64_t session;
	int64_t confirmed_ms;
	char *file_a, *file_b;
};

static void
basket_fixture_init(struct basket_fixture *f, struct cks_config *config)
{
	struct cks_client_input client = {
		.name = "สมชาย ใจดี", .email = "somchai@example.co.th", .lang = "th",
	};
	struct cks_basket_limits limits = { 20, 10L << 20, 20L << 20, NULL };
	struct cks_basket_item_input a = {
		.title_th = "คู่มือการส่งออก", .url = "https://ditp.example.invalid/kb/1",
	};
	struct cks_basket_item_input b = { .title_th = "สถิติการค้า" };
	struct cks_basket_item_input c = {
		.title_th = "ลิงก์อย่างเดียว", .url = "https://ditp.example.invalid/kb/3",
	};
	struct cks_error err;
	int64_t client_id, item, now = cks_now_ms();
	char big[5000];

	memset(f, 0, sizeof(*f));
	f->store = test_store_new();
	f->channels = test_channels_load();
	if (cks_templates_load(config->template_dir, &f->templates, &err) < 0)
		fail_msg("cks_templates_load: %s", err.message);
	f->out = (struct cks_outbound){ config, f->store, f->channels,
	    f->templates, 0, NULL };
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	f->file_a = test_path(THAI_NAME);
	f->file_b = test_path("stats.csv");
	test_write_file(f->file_a, big);
	test_write_file(f->file_b, "year,value\n2569,42\n");
	a.file_path = f->file_a;
	b.file_path = f->file_b;
	if (cks_client_add(f->store, &client, &client_id, &err) < 0 ||
	    cks_session_open(f->store, f->channels, "counter", client_id, "Napa",
	    now - 2 * 3600000, &f->session, &err) < 0 ||
	    cks_basket_add(f->store, f->session, &a, &limits, &item, &err) < 0 ||
	    cks_basket_add(f->store, f->session, &b, &limits, &item, &err) < 0 ||
	    cks_basket_add(f->store, f->session, &c, &limits, &item, &err) < 0)
		fail_msg("basket fixture: %s", err.message);
	/* Confirmed a minute ago, on whole seconds. */
	f->confirmed_ms = (now - 60000) / 1000 * 1000;
	if (cks_basket_confirm(f->store, f->session, f->confirmed_ms, &err) < 0)
		fail_msg("cks_basket_confirm: %s", err.message);
}

static void
basket_fixture_free(struct basket_fixture *f)
{
	free(f->file_a);
	free(f->file_b);
	cks_templates_free(&f->templates);
	cks_channels_free(&f->channels);
	cks_store_close(&f->store);
}

static int
count_of(const char *haystack, const char *needle)
{
	int n = 0;

	for (const char *p = strstr(haystack, needle); p != NULL;
	     p = strstr(p + 1, needle))
		n++;
	return n;
}

static void
preview_ok(struct basket_fixture *f, struct cks_rendered *r)
{
	struct cks_error err;

	if (cks_compose_basket_preview(&f->out, f->session, NULL, r, &err) < 0)
		fail_msg("cks_compose_basket_preview: %s", err.message);
}

static void
test_basket_over_budget_sends_links(void **state)
{
	struct cks_config *config = *state;
	struct basket_fixture f;
	struct cks_rendered r, again;
	struct cks_queue_entry *queued = NULL;
	struct cks_error err;
	int64_t expires_ms, queue_id = 0, second_id = 0;
	char expires_text[64], year[16];
	int existing = -1;
	struct tm tm;
	time_t t;

	config->basket_attachment_budget = 1024;
	basket_fixture_init(&f, config);
	preview_ok(&f, &r);

	/* No file travels with the mail... */
	assert_int_equal(count_of(r.message, "Content-Disposition: attachment"), 0);
	assert_null(strstr(r.message, "multipart/mixed"));
	/* ...but a link for each of the two files, in both parts, with its
	 * name, its size and the expiry in the Buddhist Era. */
	assert_int_equal(count_of(r.text, BASE "/d/"), 2);
	assert_int_equal(count_of(r.html, "href=\"" BASE "/d/"), 2);
	assert_non_null(strstr(r.text, THAI_NAME " (5 KB)"));
	assert_non_null(strstr(r.text, "stats.csv (1 KB)"));
	assert_non_null(strstr(r.text, "/" THAI_NAME_ENCODED "\n"));
	expires_ms = (f.confirmed_ms + config->download_ttl_ms) / 1000 * 1000;
	cks_time_format_long(expires_ms, "th", expires_text, sizeof(expires_text));
	t = (time_t)(expires_ms / 1000);
	localtime_r(&t, &tm);
	snprintf(year, sizeof(year), " %d ", tm.tm_year + 1900 + 543);
	assert_non_null(strstr(expires_text, year));
	assert_int_equal(count_of(r.text, expires_text), 2);
	assert_int_equal(count_of(r.html, expires_text), 2);
	assert_non_null(strstr(r.text, "ดาวน์โหลด"));
	/* The link-only item keeps its own link. */
	assert_non_null(strstr(r.text, "https://ditp.example.invalid/kb/3"));

	/* Each link serves its file. */
	{
		struct cks_api_env env = { .config = config, .store = f.store };
		struct cks_api_response response;
		const char *start = strstr(r.text, BASE "/d/");
		size_t len = strcspn(start, "\n");
		char *url = strndup(start, len);

		get(&env, "GET", url, &response);
		assert_int_equal(response.status, 200);
		assert_int_equal(response.body_size, 4999);
		cks_api_response_clear(&response);
		free(url);
	}

	/* The expiry counts from the confirmation, so composing again gives
	 * the same links, and what is queued is what was previewed. */
	preview_ok(&f, &again);
	assert_string_equal(again.text, r.text);
	assert_string_equal(again.html, r.html);
	cks_rendered_free(&again);
	if (cks_compose_basket_send(&f.out, f.session, NULL, &queue_id,
	    &existing, &err) < 0)
		fail_msg("cks_compose_basket_send: %s", err.message);
	assert_int_equal(existing, 0);
	if (cks_compose_basket_send(&f.out, f.session, NULL, &second_id,
	    &existing, &err) < 0)
		fail_msg("cks_compose_basket_send: %s", err.message);
	assert_int_equal(existing, 1);
	assert_int_equal(second_id, queue_id);
	if (cks_queue_get(f.store, queue_id, 1, &queued, &err) < 0)
		fail_msg("cks_queue_get: %s", err.message);
	assert_int_equal(count_of(queued->body, "Content-Disposition: attachment"),
	    0);
	cks_queue_entry_free(&queued);

	cks_rendered_free(&r);
	basket_fixture_free(&f);
}

static void
test_basket_under_budget_attaches(void **state)
{
	struct cks_config *config = *state;
	struct basket_fixture f;
	struct cks_rendered r;

	config->basket_attachment_budget = 1L << 20;
	basket_fixture_init(&f, config);
	preview_ok(&f, &r);
	assert_int_equal(count_of(r.message, "Content-Disposition: attachment"), 2);
	assert_null(strstr(r.text, "/d/"));
	assert_null(strstr(r.html, "/d/"));
	assert_non_null(strstr(r.text, "ไฟล์แนบ: " THAI_NAME " (5 KB)"));
	/* The key file is made all the same: every mail carries the signed
	 * opt-out link of List-Unsubscribe (unsubscribe_link.h). */
	assert_int_equal(access(config->http_link_secret_file, F_OK), 0);
	assert_non_null(strstr(r.text, "/u/"));
	cks_rendered_free(&r);
	basket_fixture_free(&f);
}

static void
test_templates_check_knows_the_link_variables(void **state)
{
	struct cks_config *config = *state;
	struct basket_fixture f;
	struct cks_error err;

	basket_fixture_init(&f, config);
	if (cks_compose_check_templates(&f.out, &err) < 0)
		fail_msg("cks_compose_check_templates: %s", err.message);
	basket_fixture_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tampered_links_are_refused,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_file_is_created_private,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_racing_processes_agree_on_one_key, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_key_file_readable_by_others_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_link_without_a_server,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_route, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_basket_over_budget_sends_links, setup, teardown),
		cmocka_unit_test_setup_teardown(test_basket_under_budget_attaches,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_templates_check_knows_the_link_variables, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
