/* Unit tests for the access table (lib/web/api_access.c, issue 11): every
 * route has exactly one rule; walking the table, each route answers 401
 * without a token, 403 to every role below its own and neither to its
 * own role and above; a viewer reaches aggregates only; ids are strict;
 * log paths never hold a rating token or a download signature. */
#include "autoconfig.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testhelp.h"
#include "api.h"
#include "config.h"
#include "download_link.h"
#include "http_guard.h"
#include "template.h"

static struct cks_api_env env;
static struct cks_config *config;
static struct cks_templates *templates;

static int
setup(void **state)
{
	struct cks_error err;

	assert_int_equal(cks_config_load(NULL, &config, &err), 0);
	assert_int_equal(cks_templates_load(CKS_SRCDIR "/templates", &templates,
	    &err), 0);
	env.config = config;
	env.store = test_store_new();
	env.channels = test_channels_load();
	env.templates = templates;
	return 0;
}

static int
teardown(void **state)
{
	struct cks_channels *channels = (struct cks_channels *)env.channels;

	cks_store_close(&env.store);
	cks_channels_free(&channels);
	cks_templates_free(&templates);
	cks_config_free(&config);
	return 0;
}

/* No query arguments (handlers call this unconditionally). */
static const char *
no_argument(void *context, const char *name)
{
	return NULL;
}

static int
dispatch(const char *method, const char *path, enum cks_api_role role)
{
	struct cks_api_request request = {
		.method = method, .path = path, .role = role,
		.agent = role == CKS_API_PUBLIC ? NULL : "tester",
		.argument = no_argument,
	};
	struct cks_api_response response;
	int status;

	cks_api_dispatch(&env, &request, &response);
	status = response.status;
	cks_api_response_clear(&response);
	return status;
}

/* A path that the pattern matches: each parameter gets a plausible
 * value. */
static void
concrete(const char *pattern, char *out, size_t size)
{
	size_t used = 0;

	out[0] = '\0';
	for (const char *p = pattern; *p != '\0' && used + 40 < size;) {
		size_t length = strcspn(p + 1, "/") + 1;
		const char *value = NULL;

		if (strncmp(p, "/:token", length) == 0 && length == 7)
			value = "/abcdefghjkmnp";
		else if (strncmp(p, "/:signature", length) == 0 && length == 11)
			value = "/AAAAAAAAAAAAAAAAAAAAAA";
		else if (strncmp(p, "/:expires", length) == 0 && length == 9)
			value = "/4102444800";
		else if (strncmp(p, "/:code", length) == 0 && length == 6)
			value = "/5";
		else if (p[1] == ':')
			value = "/1";
		else if (length == 2 && p[1] == '*')
			value = "/file.pdf";
		if (value != NULL)
			used += (size_t)snprintf(out + used, size - used, "%s", value);
		else
			used += (size_t)snprintf(out + used, size - used, "%.*s",
			    (int)length, p);
		p += length;
	}
}

static void
test_every_route_has_one_rule(void **state)
{
	size_t tables, routes = 0, rules = 0;
	const struct cks_api_route *const *t = cks_api_route_tables(&tables);

	for (size_t i = 0; i < tables; i++)
		for (const struct cks_api_route *r = t[i]; r->pattern != NULL;
		     r++) {
			const struct cks_api_rule *rule =
			    cks_api_rule_for(r->method, r->pattern);

			if (rule == NULL)
				fail_msg("%s %s has no rule in cks_api_rules",
				    r->method, r->pattern);
			routes++;
		}
	for (const struct cks_api_rule *r = cks_api_rules; r->method != NULL;
	     r++) {
		int found = 0;

		rules++;
		for (const struct cks_api_rule *o = cks_api_rules; o != r; o++)
			if (strcmp(o->method, r->method) == 0 &&
			    strcmp(o->pattern, r->pattern) == 0)
				fail_msg("%s %s has two rules", r->method,
				    r->pattern);
		for (size_t i = 0; i < tables && !found; i++)
			for (const struct cks_api_route *x = t[i];
			     x->pattern != NULL && !found; x++)
				found = strcmp(x->method, r->method) == 0 &&
				    strcmp(x->pattern, r->pattern) == 0;
		if (!found)
			fail_msg("rule %s %s names no route", r->method,
			    r->pattern);
		/* Reads take a form of arguments at most; only the upload
		 * takes megabytes. */
		if (strcmp(r->method, "GET") == 0)
			assert_true(r->body <= CKS_API_BODY_FORM);
		if (r->body == CKS_API_BODY_UPLOAD)
			assert_true(r->role >= CKS_API_AGENT);
		if (r->role == CKS_API_PUBLIC)
			assert_true(r->body <= CKS_API_BODY_FORM);
	}
	assert_int_equal(routes, rules);
}

/* The walk: for each rule, no token, then each role. */
static void
test_walk_roles(void **state)
{
	static const enum cks_api_role roles[] = {
		CKS_API_VIEWER, CKS_API_AGENT, CKS_API_ADMIN,
	};
	char path[512];

	for (const struct cks_api_rule *r = cks_api_rules; r->method != NULL;
	     r++) {
		int none;

		concrete(r->pattern, path, sizeof(path));
		none = dispatch(r->method, path, CKS_API_PUBLIC);
		if (r->role == CKS_API_PUBLIC) {
			/* Public: the token changes nothing. */
			for (size_t i = 0; i < 3; i++)
				if (dispatch(r->method, path, roles[i]) != none)
					fail_msg("%s %s: %s gets another answer "
					    "than no token", r->method, path,
					    cks_api_role_name(roles[i]));
			continue;
		}
		if (none != 401)
			fail_msg("%s %s without a token: %d, not 401", r->method,
			    path, none);
		for (size_t i = 0; i < 3; i++) {
			int status = dispatch(r->method, path, roles[i]);

			if (roles[i] < r->role && status != 403)
				fail_msg("%s %s as %s: %d, not 403", r->method,
				    path, cks_api_role_name(roles[i]), status);
			if (roles[i] >= r->role && (status == 401 ||
			    status == 403))
				fail_msg("%s %s as %s: refused (%d)", r->method,
				    path, cks_api_role_name(roles[i]), status);
		}
	}
}

/* What a viewer reaches, spelt out: aggregates, never a client, a
 * session, the queue, inbound mail or a preview of links. */
static void
test_viewer_sees_aggregates_only(void **state)
{
	static const char *const allowed[] = {
		"GET /v1/whoami", "GET /v1/channels", "GET /v1/channels/:id",
		"GET /v1/reports/kpi", "GET /v1/reports/steps", "GET /dashboard",
		"GET /metrics", NULL,
	};
	size_t count = 0;

	for (const struct cks_api_rule *r = cks_api_rules; r->method != NULL;
	     r++) {
		char name[200];
		size_t i;

		if (r->role != CKS_API_VIEWER)
			continue;
		snprintf(name, sizeof(name), "%s %s", r->method, r->pattern);
		for (i = 0; allowed[i] != NULL && strcmp(allowed[i], name) != 0;
		     i++)
			continue;
		if (allowed[i] == NULL)
			fail_msg("a viewer may %s", name);
		count++;
	}
	assert_int_equal(count, 7);
	assert_int_equal(dispatch("GET", "/v1/queue", CKS_API_VIEWER), 403);
	assert_int_equal(dispatch("GET", "/v1/clients/1", CKS_API_VIEWER), 403);
	assert_int_equal(dispatch("GET", "/v1/inbound/1/raw", CKS_API_VIEWER),
	    403);
	assert_int_equal(dispatch("GET", "/v1/inbound/1/raw", CKS_API_AGENT),
	    403);
	assert_int_equal(dispatch("GET", "/v1/sessions/1/basket/preview",
	    CKS_API_VIEWER), 403);
}

/* "/v1/sessions/%201" reaches the API as "/v1/sessions/ 1". */
static void
test_strict_ids(void **state)
{
	static const char *const bad[] = {
		"/v1/sessions/ 1", "/v1/sessions/+1", "/v1/sessions/01",
		"/v1/sessions/1 ", "/v1/sessions/0x1", "/v1/sessions/-1",
		"/v1/sessions/99999999999999999999",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (dispatch("GET", bad[i], CKS_API_AGENT) != 400)
			fail_msg("GET %s is not 400", bad[i]);
	assert_int_equal(dispatch("GET", "/v1/sessions/1", CKS_API_AGENT), 404);
}

static void
test_log_paths(void **state)
{
	struct cks_api_match m;

	cks_api_match("GET", "/r/abcdefghjkmnp/5", &m);
	assert_string_equal(m.log_path, "/r/:token/5");
	assert_non_null(m.rule);
	cks_api_match("POST", "/r/abcdefghjkmnp/5", &m);
	assert_string_equal(m.log_path, "/r/:token/5");
	cks_api_match("DELETE", "/r/abcdefghjkmnp/5", &m);   /* 405 */
	assert_null(m.rule);
	assert_true(m.path_known);
	assert_string_equal(m.log_path, "/r/:token/5");
	cks_api_match("GET", "/d/12/4102444800/SECRETSIGNATURE0123456/a%20b.pdf",
	    &m);
	assert_string_equal(m.log_path, "/d/12/4102444800/:signature/a%20b.pdf");
	cks_api_match("GET", "/r/abcdefghjkmnp", &m);        /* no route */
	assert_null(m.rule);
	assert_string_equal(m.log_path, "/r/...");
	cks_api_match("GET", "/v1/sessions/7", &m);
	assert_string_equal(m.log_path, "/v1/sessions/7");
	assert_int_equal(m.rule->role, CKS_API_AGENT);
}

/* A preview's link keeps its shape and loses its signature. */
static void
test_preview_link_redacted(void **state)
{
	char url[] = "https://cks.example/d/12/4102444800/"
	    "Zq9cVbXx7Qk2LmNoPrStUv/guide.pdf";

	cks_download_link_redact(url);
	assert_string_equal(url, "https://cks.example/d/12/4102444800/"
	    "xxxxxxxxxxxxxxxxxxxxxx/guide.pdf");
}

static void
test_loopback(void **state)
{
	assert_true(cks_http_address_is_loopback("127.0.0.1"));
	assert_true(cks_http_address_is_loopback("127.0.0.2"));
	assert_true(cks_http_address_is_loopback("::1"));
	assert_false(cks_http_address_is_loopback("0.0.0.0"));
	assert_false(cks_http_address_is_loopback("::"));
	assert_false(cks_http_address_is_loopback("192.0.2.10"));
	assert_false(cks_http_address_is_loopback("128.0.0.1"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_route_has_one_rule),
		cmocka_unit_test(test_walk_roles),
		cmocka_unit_test(test_viewer_sees_aggregates_only),
		cmocka_unit_test(test_strict_ids),
		cmocka_unit_test(test_log_paths),
		cmocka_unit_test(test_preview_link_redacted),
		cmocka_unit_test(test_loopback),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
