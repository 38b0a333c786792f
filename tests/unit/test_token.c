/* Survey tokens: what a reply carries back must be found, in any case and
 * with the letters people confuse, and nothing else may pass for one. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "token.h"

static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

static void
test_new_tokens_are_canonical_and_differ(void **state)
{
	char a[CKS_TOKEN_SIZE], b[CKS_TOKEN_SIZE], parsed[CKS_TOKEN_SIZE];
	struct cks_error err;
	int seen[32] = { 0 }, distinct = 0;

	(void)state;
	assert_int_equal(cks_token_new(a, &err), 0);
	assert_int_equal(strlen(a), CKS_TOKEN_LENGTH);
	for (int i = 0; i < 200; i++) {
		assert_int_equal(cks_token_new(b, &err), 0);
		assert_int_equal(strlen(b), CKS_TOKEN_LENGTH);
		assert_string_not_equal(a, b);
		for (size_t j = 0; j < CKS_TOKEN_LENGTH; j++) {
			const char *at = strchr(alphabet, b[j]);

			assert_non_null(at);
			seen[at - alphabet] = 1;
		}
		/* A new token reads back as itself. */
		assert_int_equal(cks_token_parse(b, strlen(b), parsed), 0);
		assert_string_equal(parsed, b);
	}
	for (int i = 0; i < 32; i++)
		distinct += seen[i];
	/* 2600 characters drawn: every one of the 32 shows up. */
	assert_int_equal(distinct, 32);
}

static void
test_parse_folds_case_and_confusables(void **state)
{
	char t[CKS_TOKEN_SIZE];

	(void)state;
	assert_int_equal(cks_token_parse("ABCDEFGHJKMNP", 13, t), 0);
	assert_string_equal(t, "abcdefghjkmnp");
	/* I and L read as 1, O as 0 (Crockford). */
	assert_int_equal(cks_token_parse("iLoIl0o1qrstv", 13, t), 0);
	assert_string_equal(t, "11011001qrstv");
}

static void
test_parse_refuses_what_is_not_a_token(void **state)
{
	char t[CKS_TOKEN_SIZE];

	(void)state;
	assert_int_equal(cks_token_parse("abcdefghjkmn", 12, t), -1);
	assert_int_equal(cks_token_parse("abcdefghjkmnpq", 14, t), -1);
	/* U is not in Crockford's alphabet. */
	assert_int_equal(cks_token_parse("abcdefghjkmnu", 13, t), -1);
	assert_int_equal(cks_token_parse("abcdefghjkm-p", 13, t), -1);
	assert_int_equal(cks_token_parse("abcdefghjkm\0p", 13, t), -1);
	assert_int_equal(cks_token_parse("abcdefghjkm p", 13, t), -1);
}

static void
test_find_in_subject_address_and_message_id(void **state)
{
	char t[CKS_TOKEN_SIZE];

	(void)state;
	assert_int_equal(cks_token_find("Re: แบบสอบถาม [CKS-ABCDEFGHJKMNP]", t), 0);
	assert_string_equal(t, "abcdefghjkmnp");
	assert_int_equal(cks_token_find("[cks-0123456789abc] lower case tag", t), 0);
	assert_string_equal(t, "0123456789abc");
	assert_int_equal(cks_token_find("survey+qrstvwxyz0123@reply.example", t), 0);
	assert_string_equal(t, "qrstvwxyz0123");
	assert_int_equal(cks_token_find("<survey.mnpqrstvwxyz0.42@desk.example>", t), 0);
	assert_string_equal(t, "mnpqrstvwxyz0");
	assert_int_equal(cks_token_find("<SURVEY.MNPQRSTVWXYZ0@desk.example>", t), 0);
	assert_string_equal(t, "mnpqrstvwxyz0");
}

static void
test_find_needs_the_exact_frame(void **state)
{
	char t[CKS_TOKEN_SIZE];

	(void)state;
	/* No closing bracket, one character short, one too many. */
	assert_int_equal(cks_token_find("[CKS-ABCDEFGHJKMNP", t), -1);
	assert_int_equal(cks_token_find("[CKS-ABCDEFGHJKMN]", t), -1);
	assert_int_equal(cks_token_find("[CKS-ABCDEFGHJKMNPQ]", t), -1);
	/* A plus address whose local part is not a token. */
	assert_int_equal(cks_token_find("survey+hello@reply.example", t), -1);
	assert_int_equal(cks_token_find("survey+abcdefghjkmnp.x@reply.example", t), -1);
	/* Thirteen characters with no frame around them. */
	assert_int_equal(cks_token_find("abcdefghjkmnp", t), -1);
	assert_int_equal(cks_token_find("", t), -1);
	/* The first framed token wins. */
	assert_int_equal(cks_token_find("[CKS-1111111111111] +2222222222222@x", t), 0);
	assert_string_equal(t, "1111111111111");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_tokens_are_canonical_and_differ),
		cmocka_unit_test(test_parse_folds_case_and_confusables),
		cmocka_unit_test(test_parse_refuses_what_is_not_a_token),
		cmocka_unit_test(test_find_in_subject_address_and_message_id),
		cmocka_unit_test(test_find_needs_the_exact_frame),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
