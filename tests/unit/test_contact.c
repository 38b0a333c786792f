/* Unit tests for lib/desk/contact: email addresses and phone numbers. */
#include "autoconfig.h"

#include <string.h>

#include "testhelp.h"
#include "contact.h"

static void
email_ok(const char *email)
{
	struct cks_error err;

	cks_error_clear(&err);
	if (cks_email_check(email, "email", &err) != 0)
		fail_msg("'%s' refused: %s", email, err.message);
	assert_int_equal(err.kind, CKS_ERROR_NONE);
}

static void
email_refused(const char *email)
{
	struct cks_error err;

	cks_error_clear(&err);
	if (cks_email_check(email, "contact email", &err) != -1)
		fail_msg("'%s' accepted", email);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	/* The message starts with the field name and quotes the value. */
	assert_int_equal(strncmp(err.message, "contact email: ", 15), 0);
	assert_non_null(strstr(err.message, email));
}

static void
test_email_accepted(void **state)
{
	email_ok("somchai@example.co.th");
	email_ok("a@b.co");
	email_ok("first.last@example.com");
	email_ok("user+tag@mail.example.org");
	email_ok("o'brien@example.ie");
	email_ok("UPPER@Example.COM");
	email_ok("x_y-z@sub-domain.example.com");
	email_ok("1234@123.example");
}

static void
test_email_refused(void **state)
{
	email_refused("");
	email_refused("somchai");
	email_refused("@example.com");
	email_refused("somchai@");
	email_refused("somchai@localhost");          /* no dot in the domain */
	email_refused("somchai@example..com");
	email_refused("somchai@.example.com");
	email_refused("somchai@example.com.");
	email_refused("somchai@-example.com");
	email_refused("somchai@example-.com");
	email_refused("some chai@example.com");
	email_refused("somchai@exam ple.com");
	email_refused(".somchai@example.com");
	email_refused("somchai.@example.com");
	email_refused("som..chai@example.com");
	email_refused("a@b@example.com");
	email_refused("Somchai <somchai@example.com>");
	email_refused("สมชาย@example.co.th");        /* not ASCII */
	email_refused("somchai@ตัวอย่าง.ไทย");
	email_refused("somchai@example.com\r\nBcc: x@example.com");
	email_refused("somchai@exa_mple.com");
}

static void
test_email_length_limits(void **state)
{
	char local[80];
	char email[300];
	char label[70];

	/* 64 bytes of local part is the limit; 65 is refused. */
	memset(local, 'a', 64);
	local[64] = '\0';
	snprintf(email, sizeof(email), "%s@example.com", local);
	email_ok(email);
	memset(local, 'a', 65);
	local[65] = '\0';
	snprintf(email, sizeof(email), "%s@example.com", local);
	email_refused(email);
	/* A domain label of 63 bytes is fine, 64 is not. */
	memset(label, 'b', 63);
	label[63] = '\0';
	snprintf(email, sizeof(email), "x@%s.com", label);
	email_ok(email);
	memset(label, 'b', 64);
	label[64] = '\0';
	snprintf(email, sizeof(email), "x@%s.com", label);
	email_refused(email);
}

static void
test_email_error_null_ok(void **state)
{
	/* err may be NULL: the result still says no. */
	assert_int_equal(cks_email_check("nope", "email", NULL), -1);
	assert_int_equal(cks_email_check("yes@example.com", "email", NULL), 0);
}

static void
phone_is(const char *phone, const char *expected)
{
	struct cks_error err;
	char e164[24];

	cks_error_clear(&err);
	memset(e164, 'X', sizeof(e164));
	if (cks_phone_normalize(phone, "phone", e164, sizeof(e164), &err) != 0)
		fail_msg("'%s' refused: %s", phone, err.message);
	assert_string_equal(e164, expected);
}

static void
phone_refused(const char *phone)
{
	struct cks_error err;
	char e164[24];

	cks_error_clear(&err);
	if (cks_phone_normalize(phone, "mobile", e164, sizeof(e164), &err) != -1)
		fail_msg("'%s' accepted as %s", phone, e164);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_int_equal(strncmp(err.message, "mobile: ", 8), 0);
	assert_non_null(strstr(err.message, phone));
}

static void
test_phone_thai_forms(void **state)
{
	phone_is("0812345678", "+66812345678");
	phone_is("081-234-5678", "+66812345678");
	phone_is("081 234 5678", "+66812345678");
	phone_is("081.234.5678", "+66812345678");
	phone_is("(081) 234-5678", "+66812345678");
	phone_is("+66 81 234 5678", "+66812345678");
	phone_is("+66812345678", "+66812345678");
	phone_is("66812345678", "+66812345678");
	phone_is("66 81 234 5678", "+66812345678");
	phone_is("+66 (0)81 234 5678", "+66812345678");
	phone_is("+66 081 234 5678", "+66812345678");
}

static void
test_phone_landline(void **state)
{
	phone_is("021234567", "+6621234567");
	phone_is("02-123-4567", "+6621234567");
	phone_is("+66 2 123 4567", "+6621234567");
	phone_is("+66 (0)2 123 4567", "+6621234567");
	phone_is("6621234567", "+6621234567");
}

static void
test_phone_other_countries(void **state)
{
	phone_is("+1 415 555 0100", "+14155550100");
	phone_is("+44 20 7946 0958", "+442079460958");
	phone_is("+81-3-1234-5678", "+81312345678");
}

static void
test_phone_refused(void **state)
{
	phone_refused("12ab");
	phone_refused("123");
	phone_refused("+");
	phone_refused("");
	phone_refused("0812345678901234");
}

static void
test_phone_refused_more(void **state)
{
	phone_refused("08123");
	phone_refused("++66812345678");
	phone_refused("66+812345678");                /* plus after digits */
	phone_refused("+0812345678");                 /* no country code 0 */
	phone_refused("+1234567");                    /* 7 digits: too short */
	phone_refused("+1234567890123456");           /* 16 digits: too long */
	phone_refused("0812345678#1");
	phone_refused("081/234/5678");
	phone_refused("๐๘๑๒๓๔๕๖๗๘");                   /* Thai digits */
	phone_refused("081234567890123456789012345678901234");  /* digits overflow */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_email_accepted),
		cmocka_unit_test(test_email_refused),
		cmocka_unit_test(test_email_length_limits),
		cmocka_unit_test(test_email_error_null_ok),
		cmocka_unit_test(test_phone_thai_forms),
		cmocka_unit_test(test_phone_landline),
		cmocka_unit_test(test_phone_other_countries),
		cmocka_unit_test(test_phone_refused),
		cmocka_unit_test(test_phone_refused_more),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
