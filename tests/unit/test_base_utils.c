/* Unit tests for the one copy of each small utility in lib/base (issue
 * 13): base64, random bytes, HMAC-SHA256, HTML escaping, month names and
 * eras, and the web URL check. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base64.h"
#include "buffer.h"
#include "calendar.h"
#include "hmac.h"
#include "html.h"
#include "random.h"
#include "testhelp.h"
#include "url.h"

static char *
encode(const char *text, size_t size)
{
	struct cks_buffer b = { 0 };

	cks_buffer_add(&b, "", 0);
	cks_base64_add(&b, text, size);
	return cks_buffer_finish(&b);
}

/* RFC 4648, section 10, and a run longer than one 48-byte block. */
static void
test_base64_encode(void **state)
{
	static const char *const want[] = {
		"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy",
	};
	char long_text[100], *s;

	for (size_t n = 0; n < 7; n++) {
		s = encode("foobar", n);
		assert_string_equal(s, want[n]);
		free(s);
	}
	memset(long_text, 'a', sizeof(long_text));
	s = encode(long_text, sizeof(long_text));
	assert_int_equal(strlen(s), CKS_BASE64_LENGTH(sizeof(long_text)));
	assert_string_equal(s + strlen(s) - 4, "YQ==");   /* 100 = 33 * 3 + 1 */
	free(s);
}

static void
test_base64_decode(void **state)
{
	unsigned char *data;
	size_t size;

	assert_int_equal(cks_base64_decode("Zm9vYg==", 8, &data, &size, NULL), 0);
	assert_int_equal(size, 4);
	assert_memory_equal(data, "foob", 4);
	free(data);
	/* Line breaks from tools that wrap at 76 columns are skipped. */
	assert_int_equal(cks_base64_decode("Zm9v\r\nYmFy\n", 11, &data, &size,
	    NULL), 0);
	assert_int_equal(size, 6);
	assert_memory_equal(data, "foobar", 6);
	free(data);
	assert_int_equal(cks_base64_decode("", 0, &data, &size, NULL), 0);
	assert_int_equal(size, 0);
	free(data);
}

static void
test_base64_decode_refuses(void **state)
{
	static const char *const bad[] = {
		"Zm9", "Zg=", "Z===", "Zg==Zg==", "Zm9v!", "Zm9v-_8=", "=Zm9",
	};
	struct cks_error err = { 0 };
	unsigned char *data = (unsigned char *)"x";
	size_t size = 9;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(cks_base64_decode(bad[i], strlen(bad[i]), &data,
		    &size, &err), -1);
		assert_null(data);
		assert_int_equal(err.kind, CKS_ERROR_INVALID);
	}
}

static void
test_base64url(void **state)
{
	const unsigned char bytes[] = { 0xfb, 0xff, 0xbf, 0x00 };
	char out[CKS_BASE64_LENGTH(sizeof(bytes)) + 1];

	assert_int_equal(cks_base64url_encode(out, bytes, sizeof(bytes)), 6);
	assert_string_equal(out, "-_-_AA");
}

static void
test_random(void **state)
{
	unsigned char a[32] = { 0 }, b[32] = { 0 };
	char hex[65];

	assert_int_equal(cks_random_bytes(a, sizeof(a), NULL), 0);
	assert_int_equal(cks_random_bytes(b, sizeof(b), NULL), 0);
	assert_memory_not_equal(a, b, sizeof(a));
	assert_int_equal(cks_random_hex(hex, 32, NULL), 0);
	assert_int_equal(strlen(hex), 64);
	assert_int_equal(strspn(hex, "0123456789abcdef"), 64);
	assert_int_equal(cks_random_hex(hex, 33, NULL), -1);
}

/* RFC 4231, test case 2, with the message given in parts. */
static void
test_hmac_sha256(void **state)
{
	static const unsigned char want[CKS_HMAC_SHA256_SIZE] = {
		0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e, 0x6a, 0x04, 0x24,
		0x26, 0x08, 0x95, 0x75, 0xc7, 0x5a, 0x00, 0x3f, 0x08, 0x9d, 0x27,
		0x39, 0x83, 0x9d, 0xec, 0x58, 0xb9, 0x64, 0xec, 0x38, 0x43,
	};
	const char *parts[] = { "what do ya want ", "for nothing?" };
	const char *whole[] = { "what do ya want for nothing?" };
	unsigned char mac[CKS_HMAC_SHA256_SIZE];
	struct cks_hmac *h;

	assert_int_equal(cks_hmac_sha256("Jefe", 4, parts, 2, mac, NULL), 0);
	assert_memory_equal(mac, want, sizeof(want));
	h = cks_hmac_new("Jefe", 4, NULL);
	assert_non_null(h);
	/* A keyed context signs many messages, each from the key alone. */
	for (int i = 0; i < 2; i++) {
		memset(mac, 0, sizeof(mac));
		assert_int_equal(cks_hmac_sign(h, whole, 1, mac, NULL), 0);
		assert_memory_equal(mac, want, sizeof(want));
	}
	cks_hmac_free(h);
}

static void
test_html_escape(void **state)
{
	struct cks_buffer b = { 0 };
	const char *text = "<a href=\"x\">Tom & Jerry's</a> ไทย";
	char *s;

	cks_html_escape(&b, text, strlen(text));
	s = cks_buffer_finish(&b);
	assert_string_equal(s, "&lt;a href=&quot;x&quot;&gt;Tom &amp; "
	    "Jerry&#39;s&lt;/a&gt; ไทย");
	free(s);
	assert_string_equal(cks_html_entity('&'), "&amp;");
	assert_null(cks_html_entity('a'));
	assert_null(cks_html_entity(0xe0));
}

static void
test_months_and_eras(void **state)
{
	struct tm tm = { .tm_mday = 1, .tm_mon = 9, .tm_year = 2025 - 1900 };
	char buf[64];

	assert_string_equal(cks_month_name(0, "th", CKS_MONTH_SHORT), "ม.ค.");
	assert_string_equal(cks_month_name(11, "th", CKS_MONTH_FULL), "ธันวาคม");
	assert_string_equal(cks_month_name(10, "en", CKS_MONTH_SHORT), "Nov");
	assert_string_equal(cks_month_name(1, NULL, CKS_MONTH_FULL), "February");
	assert_string_equal(cks_month_name(12, "th", CKS_MONTH_SHORT), "?");
	assert_int_equal(cks_year_in(2026, "th"), 2569);
	assert_int_equal(cks_year_in(2026, "en"), 2026);
	assert_int_equal(cks_year_ce(2569), 2026);
	assert_int_equal(cks_year_ce(2026), 2026);
	cks_date_format(&tm, "th", CKS_MONTH_SHORT, buf, sizeof(buf));
	assert_string_equal(buf, "1 ต.ค. 2568");
	cks_date_format(&tm, "en", CKS_MONTH_FULL, buf, sizeof(buf));
	assert_string_equal(buf, "1 October 2025");
}

static void
test_url_is_web(void **state)
{
	assert_true(cks_url_is_web("https://cks.example.go.th"));
	assert_true(cks_url_is_web("http://127.0.0.1:8080/r/abc?x=1#y"));
	assert_true(cks_url_is_web("https://example.invalid/kb/1"));
	assert_false(cks_url_is_web("ftp://example.invalid/"));
	assert_false(cks_url_is_web("javascript:alert(1)"));
	assert_false(cks_url_is_web("https://"));
	assert_false(cks_url_is_web("example.invalid/kb"));
	assert_false(cks_url_is_web("https://example.invalid/a b"));
	assert_false(cks_url_is_web("https://example.invalid/\"><script>"));
	assert_false(cks_url_is_web(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base64_encode),
		cmocka_unit_test(test_base64_decode),
		cmocka_unit_test(test_base64_decode_refuses),
		cmocka_unit_test(test_base64url),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_hmac_sha256),
		cmocka_unit_test(test_html_escape),
		cmocka_unit_test(test_months_and_eras),
		cmocka_unit_test(test_url_is_web),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
