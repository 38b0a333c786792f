/* Charsets of Thai mail: the bytes decide, not the label, and whatever
 * comes in, clean UTF-8 goes out. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "charset.h"

/* "ดีมาก" (very good) in TIS-620 / Windows-874 and in UTF-8. */
static const char tis_good[] = "\xb4\xd5\xc1\xd2\xa1";
static const char utf8_good[] = "ดีมาก";

static void
decode(const char *in, size_t n, const char *declared, int html,
       const char *want_text, const char *want_charset)
{
	char *text = NULL, *charset = NULL;

	assert_int_equal(cks_charset_decode(in, n, declared, html, &text,
	    &charset), 0);
	if (strcmp(text, want_text) != 0 || strcmp(charset, want_charset) != 0)
		fail_msg("declared %s: got '%s' as %s, want '%s' as %s",
		    declared != NULL ? declared : "(none)", text, charset,
		    want_text, want_charset);
	free(text);
	free(charset);
}

static void
test_declared_charset_taken_when_the_bytes_fit(void **state)
{
	(void)state;
	decode(tis_good, strlen(tis_good), "TIS-620", 0, utf8_good, "tis-620");
	decode(utf8_good, strlen(utf8_good), "UTF-8", 0, utf8_good, "utf-8");
	decode("plain", 5, NULL, 0, "plain", "us-ascii");
}

static void
test_label_not_believed_over_the_bytes(void **state)
{
	char *text = NULL, *charset = NULL;

	(void)state;
	/* UTF-8 labelled ISO-8859-1: the bytes are valid UTF-8. */
	decode(utf8_good, strlen(utf8_good), "iso-8859-1", 0, utf8_good,
	    "utf-8");
	/* Unlabelled Thai bytes: read as TIS-620, not as mojibake. */
	assert_int_equal(cks_charset_decode(tis_good, strlen(tis_good), NULL,
	    0, &text, &charset), 0);
	assert_string_equal(text, utf8_good);
	free(text);
	free(charset);
	/* Thai bytes labelled UTF-8 are not UTF-8. */
	assert_int_equal(cks_charset_decode(tis_good, strlen(tis_good),
	    "utf-8", 0, &text, &charset), 0);
	assert_string_equal(text, utf8_good);
	free(text);
	free(charset);
}

static void
test_html_meta_charset(void **state)
{
	static const char html[] =
	    "<html><head><meta charset=\"windows-874\"></head>"
	    "<body>\xb4\xd5\xc1\xd2\xa1</body></html>";
	char *text = NULL, *charset = NULL;

	(void)state;
	assert_int_equal(cks_charset_decode(html, strlen(html), NULL, 1,
	    &text, &charset), 0);
	assert_non_null(strstr(text, utf8_good));
	free(text);
	free(charset);
}

static void
test_bad_bytes_become_replacement_characters(void **state)
{
	/* UTF-8 text with one stray byte and a cut-off character. */
	static const char broken[] = "ดี\xff" "มาก\xe0\xb8";
	char *text = NULL, *charset = NULL;

	(void)state;
	assert_int_equal(cks_charset_decode(broken, strlen(broken), "utf-8", 0,
	    &text, &charset), 0);
	assert_string_equal(text, "ดี\xef\xbf\xbd" "มาก\xef\xbf\xbd");
	free(text);
	free(charset);
}

static void
test_to_utf8_strict_and_lossy(void **state)
{
	char *out = NULL;
	size_t len = 0;

	(void)state;
	assert_int_equal(cks_charset_to_utf8("TIS-620", tis_good,
	    strlen(tis_good), 1, &out, &len), 1);
	assert_string_equal(out, utf8_good);
	assert_int_equal(len, strlen(utf8_good));
	free(out);
	out = NULL;
	/* 0xFF is not a TIS-620 character: strict refuses, lossy marks it. */
	assert_int_equal(cks_charset_to_utf8("TIS-620", "\xb4\xff", 2, 1, &out,
	    &len), 0);
	free(out);
	out = NULL;
	assert_int_equal(cks_charset_to_utf8("TIS-620", "\xb4\xff", 2, 0, &out,
	    &len), 1);
	assert_string_equal(out, "ด\xef\xbf\xbd");
	free(out);
	out = NULL;
	/* A charset iconv does not know. */
	assert_int_equal(cks_charset_to_utf8("x-no-such-charset", "a", 1, 1,
	    &out, &len), 0);
	free(out);
}

static void
test_clean_utf8_text_and_line(void **state)
{
	static const char raw[] = "\xef\xbb\xbf" "a\r\nb\rc\0d";
	char *out;

	(void)state;
	/* Text: BOM dropped, CRLF and CR to LF, NUL replaced. */
	out = cks_charset_clean_utf8(raw, sizeof(raw) - 1, 1);
	assert_non_null(out);
	assert_string_equal(out, "a\nb\nc\xef\xbf\xbd" "d");
	free(out);
	/* Line (a header value): controls become spaces, trimmed. */
	out = cks_charset_clean_utf8("  ดี\tมาก\r\n", strlen("  ดี\tมาก\r\n"), 0);
	assert_non_null(out);
	assert_string_equal(out, "ดี มาก");
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_declared_charset_taken_when_the_bytes_fit),
		cmocka_unit_test(test_label_not_believed_over_the_bytes),
		cmocka_unit_test(test_html_meta_charset),
		cmocka_unit_test(test_bad_bytes_become_replacement_characters),
		cmocka_unit_test(test_to_utf8_strict_and_lossy),
		cmocka_unit_test(test_clean_utf8_text_and_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
