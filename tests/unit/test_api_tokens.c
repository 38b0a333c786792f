/* Unit tests for lib/web/api_tokens: the tokens file, its refusals, roles,
 * and the check. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testhelp.h"
#include "api_tokens.h"

static struct cks_api_tokens *
load(const char *text, mode_t mode, struct cks_error *err)
{
	char *path = test_path("tokens");
	struct cks_api_tokens *tokens = NULL;

	test_write_file(path, text);
	chmod(path, mode);
	cks_api_tokens_load(path, &tokens, err);
	free(path);
	return tokens;
}

static void
test_names_and_roles(void **state)
{
	struct cks_error err;
	enum cks_api_role role = CKS_API_PUBLIC;
	struct cks_api_tokens *tokens = load(
	    "# agents\nalice alice-0123456789abcdef\n\n"
	    "wall   wall-0123456789abcdef   viewer\n"
	    "bot bot-0123456789abcdef0 agent\n", 0600, &err);

	assert_non_null(tokens);
	assert_int_equal(cks_api_tokens_count(tokens), 3);
	assert_string_equal(cks_api_tokens_check(tokens,
	    "alice-0123456789abcdef", &role), "alice");
	assert_int_equal(role, CKS_API_AGENT);
	assert_string_equal(cks_api_tokens_check(tokens,
	    "wall-0123456789abcdef", &role), "wall");
	assert_int_equal(role, CKS_API_VIEWER);
	assert_null(cks_api_tokens_check(tokens, "alice-0123456789abcde", &role));
	assert_null(cks_api_tokens_check(tokens, "alice-0123456789abcdef ", &role));
	assert_null(cks_api_tokens_check(tokens, "", &role));
	cks_api_tokens_free(&tokens);
	assert_null(tokens);
}

static void
test_refusals(void **state)
{
	static const struct { const char *text; const char *why; } bad[] = {
		{ "alice short\n", "at least 16" },
		{ "alice alice-0123456789abcdef boss\n", "role 'boss'" },
		{ "alice ice alice-0123456789abcdef\n", "at least 16" },
		{ "al ice\n", "at least 16" },
		{ "alice alice-0123456789abcdef\nalice other-0123456789abcdef\n",
		  "appears twice" },
		{ "alice same-0123456789abcdef\nbob same-0123456789abcdef\n",
		  "same token" },
		{ "al\xc3\xa9 alice-0123456789abcdef\n", "name" },
		{ "alice\n", "expected 'name token" },
	};
	struct cks_error err;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cks_error_clear(&err);
		assert_null(load(bad[i].text, 0600, &err));
		assert_int_equal(err.kind, CKS_ERROR_INVALID);
		if (strstr(err.message, bad[i].why) == NULL)
			fail_msg("case %zu: '%s' lacks '%s'", i, err.message,
			    bad[i].why);
		assert_non_null(strstr(err.message, "tokens:"));
	}
	/* Secrets others may read are refused whatever they hold. */
	assert_null(load("alice alice-0123456789abcdef\n", 0644, &err));
	assert_non_null(strstr(err.message, "chmod 600"));
}

/* issue 11 point 9: a token longer than a request can carry loaded fine
 * and then never matched; it is refused at load, naming the limit.  The
 * longest that fits still loads and matches. */
static void
test_token_over_the_limit(void **state)
{
	char line[CKS_API_TOKEN_MAX + 64], token[CKS_API_TOKEN_MAX + 2];
	struct cks_api_tokens *tokens;
	struct cks_error err;
	enum cks_api_role role;

	memset(token, 'a', CKS_API_TOKEN_MAX + 1);
	token[CKS_API_TOKEN_MAX + 1] = '\0';
	snprintf(line, sizeof(line), "alice %s\n", token);
	cks_error_clear(&err);
	assert_null(load(line, 0600, &err));
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, "tokens:1"));
	assert_non_null(strstr(err.message, "over the 255"));

	token[CKS_API_TOKEN_MAX] = '\0';
	snprintf(line, sizeof(line), "alice %s\n", token);
	tokens = load(line, 0600, &err);
	assert_non_null(tokens);
	assert_string_equal(cks_api_tokens_check(tokens, token, &role), "alice");
	cks_api_tokens_free(&tokens);
}

static void
test_missing_file(void **state)
{
	struct cks_api_tokens *tokens = NULL;
	enum cks_api_role role;
	struct cks_error err;
	char *path = test_path("no-such-tokens");

	assert_int_equal(cks_api_tokens_load(path, &tokens, &err), 0);
	assert_int_equal(cks_api_tokens_count(tokens), 0);
	assert_null(cks_api_tokens_check(tokens, "anything-at-all-here", &role));
	cks_api_tokens_free(&tokens);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_and_roles),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_token_over_the_limit),
		cmocka_unit_test(test_missing_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
