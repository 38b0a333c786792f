/* The pre-scan before libetpan: ordinary replies pass (as clients write
 * them, quirks included); what would reach libetpan's known faults is
 * refused, saying why. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mailguard.h"

static void
passes(const char *raw)
{
	struct cks_error err;

	if (cks_mailguard_check(raw, strlen(raw), &err) != 0)
		fail_msg("refused (%s):\n%s", err.message, raw);
}

static void
refused(const char *raw, size_t len, const char *why)
{
	struct cks_error err;

	memset(&err, 0, sizeof(err));
	if (cks_mailguard_check(raw, len, &err) == 0)
		fail_msg("passed, want '%s':\n%.300s", why, raw);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	if (strstr(err.message, why) == NULL)
		fail_msg("reason '%s', want '%s'", err.message, why);
}

#define REFUSED(raw, why) refused((raw), strlen(raw), (why))

static void
test_ordinary_replies_pass(void **state)
{
	(void)state;
	passes("From: a@example.invalid\r\nSubject: 5\r\n\r\nดีมาก\r\n");
	passes("From: a@example.invalid\r\n"
	    "Content-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n"
	    "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n5\r\n"
	    "--b1\r\nContent-Type: text/html\r\n\r\n<p>5</p>\r\n--b1--\r\n");
	/* An unquoted boundary, and one holding '=' inside quotes
	 * (Mimecast). */
	passes("Content-Type: multipart/mixed; boundary=simple_1\r\n\r\n"
	    "--simple_1\r\n\r\nx\r\n--simple_1--\r\n");
	passes("Content-Type: multipart/mixed; boundary=\"MCBoundary=_1\"\r\n\r\n"
	    "--MCBoundary=_1\r\n\r\nx\r\n--MCBoundary=_1--\r\n");
	/* A header quoted in a body (an Exchange bounce in
	 * quoted-printable) is not read as one. */
	passes("Content-Type: text/plain\r\n\r\n"
	    "Original headers:\r\n Content-Type: multipart/mixed; boundary=3D\"\\\"x\"\r\n");
}

static void
test_size_and_nul(void **state)
{
	size_t big = CKS_MAILGUARD_MAX_BYTES + 1;
	char *raw = malloc(big);
	char nul[] = "Subject: a\0b\r\n\r\nbody";
	char body_nul[] = "Subject: ab\r\n\r\nbo\0dy";
	struct cks_error err;

	(void)state;
	assert_non_null(raw);
	refused("", 0, "empty message");
	memset(raw, 'a', big);
	memcpy(raw, "Subject: x\r\n\r\n", 14);
	refused(raw, big, "larger than 25 MiB");
	/* Exactly the limit passes. */
	assert_int_equal(cks_mailguard_check(raw, big - 1, &err), 0);
	free(raw);
	refused(nul, sizeof(nul) - 1, "NUL byte in the message header");
	/* A NUL in the body is the parser's to handle, not a refusal. */
	assert_int_equal(cks_mailguard_check(body_nul, sizeof(body_nul) - 1,
	    &err), 0);
}

static void
test_dangerous_boundaries(void **state)
{
	char text[1024], longb[300];

	(void)state;
	/* The quoted boundary opening with \" that overflows libetpan. */
	REFUSED("Content-Type: multipart/mixed; boundary=\"\\\"x\"\r\n\r\nx",
	    "dangerous multipart boundary");
	REFUSED("Content-Type: multipart/mixed; boundary=\"\"\r\n\r\nx",
	    "dangerous multipart boundary");
	REFUSED("Content-Type: multipart/mixed; boundary=\"open\r\n\r\nx",
	    "dangerous multipart boundary");
	memset(longb, 'b', 201);
	longb[201] = '\0';
	snprintf(text, sizeof(text),
	    "Content-Type: multipart/mixed; boundary=%s\r\n\r\nx", longb);
	REFUSED(text, "dangerous multipart boundary");
	/* 200 bytes is still a boundary. */
	longb[200] = '\0';
	snprintf(text, sizeof(text),
	    "Content-Type: multipart/mixed; boundary=%s\r\n\r\nx", longb);
	passes(text);
	/* The same in a part's header, after a "--" line. */
	REFUSED("Content-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\n"
	    "Content-Type: multipart/mixed; boundary=\"\\\"y\"\r\n\r\nx",
	    "dangerous multipart boundary");
}

static void
test_long_comments_refused(void **state)
{
	char text[2048], comment[600];

	(void)state;
	comment[0] = '(';
	memset(comment + 1, 'c', 400);
	comment[401] = ')';
	comment[402] = '\0';
	snprintf(text, sizeof(text),
	    "Content-Type%s: multipart/mixed; boundary=a\r\n\r\nx", comment);
	REFUSED(text, "dangerous Content-Type header");
	snprintf(text, sizeof(text),
	    "Content-Type: multipart/mixed; boundary%s=a\r\n\r\nx", comment);
	REFUSED(text, "dangerous");
}

static void
test_too_many_parts(void **state)
{
	size_t size = 64 * 1024, len = 0;
	char *raw = malloc(size);
	struct cks_error err;
	int i;

	(void)state;
	assert_non_null(raw);
	/* 100 nested multiparts pass, 101 do not. */
	for (i = 0; i < 101; i++)
		len += (size_t)snprintf(raw + len, size - len,
		    "Content-Type: multipart/mixed; boundary=b%d\r\n\r\n"
		    "--b%d\r\n", i, i);
	assert_int_equal(cks_mailguard_check(raw, len, &err), -1);
	assert_non_null(strstr(err.message, "more than 100 multipart"));
	len = 0;
	for (i = 0; i < 100; i++)
		len += (size_t)snprintf(raw + len, size - len,
		    "Content-Type: multipart/mixed; boundary=b%d\r\n\r\n"
		    "--b%d\r\n", i, i);
	if (cks_mailguard_check(raw, len, &err) != 0)
		fail_msg("100 parts refused: %s", err.message);
	free(raw);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ordinary_replies_pass),
		cmocka_unit_test(test_size_and_nul),
		cmocka_unit_test(test_dangerous_boundaries),
		cmocka_unit_test(test_long_comments_refused),
		cmocka_unit_test(test_too_many_parts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
