/* cks_json_dumps writes what json_dumps writes, byte for byte, for every
 * flag combination the modules use: fixed values with every kind of
 * escape, and thousands of random nested values (Thai, control bytes,
 * NUL, bad UTF-8, reals, empty containers). */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "json_text.h"

static const size_t flag_sets[] = {
	JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10),
	JSON_COMPACT,
	0,
	JSON_INDENT(4) | JSON_COMPACT,
	JSON_INDENT(2) | JSON_SORT_KEYS,
	JSON_ENSURE_ASCII,
};

static void
same(const json_t *value, const char *what)
{
	for (size_t i = 0; i < sizeof(flag_sets) / sizeof(flag_sets[0]); i++) {
		char *want = json_dumps(value, flag_sets[i]);
		char *got = cks_json_dumps(value, flag_sets[i]);

		if ((want == NULL) != (got == NULL) ||
		    (want != NULL && strcmp(want, got) != 0))
			fail_msg("%s, flags %#zx:\nwant %s\ngot  %s", what,
			    flag_sets[i], want ? want : "(NULL)",
			    got ? got : "(NULL)");
		free(want);
		free(got);
	}
}

static void
test_fixed_values(void **state)
{
	json_t *v;

	(void)state;
	v = json_pack("{s:{},s:[],s:[i,{s:n}],s:f,s:f,s:f,s:f,s:b,s:b,s:s,"
	    "s:I,s:I,s:s}",
	    "empty object", "empty array", "a", 1, "x", "share", 66.7,
	    "big", 1e20, "whole", 3.0, "small", -0.000012345, "t", 1, "f", 0,
	    "escapes", "q\"b\\s/\b\f\n\r\t\x01\x1f\x7f",
	    "min", (json_int_t)INT64_MIN, "max", (json_int_t)INT64_MAX,
	    "ชื่อ", "สมชาย ใจดี \xe2\x80\xa8 กรมส่งเสริมการค้าระหว่างประเทศ");
	assert_non_null(v);
	json_object_set_new(v, "nul", json_stringn("a\0b", 3));
	same(v, "fixed");
	json_decref(v);
	v = json_array();
	same(v, "empty top-level array");
	json_array_append_new(v, json_stringn_nocheck("\xff\xfe", 2));
	same(v, "bad UTF-8 (refused)");
	json_decref(v);
	v = json_integer(5);
	same(v, "a lone scalar (refused without JSON_ENCODE_ANY)");
	json_decref(v);
}

static uint64_t seed = 1169;

static unsigned
pick(unsigned n)
{
	seed = seed * 6364136223846793005u + 1442695040888963407u;
	return (unsigned)(seed >> 33) % n;
}

static json_t *
random_string(void)
{
	static const char *const pieces[] = {
		"a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\x01", "\x1f",
		"\x7f", "ก", "๒", "ไม่", "\xe2\x80\xa8", "é", "\xf0\x9f\x98\x80",
		"\xff", "\xc0\xaf", "\xed\xa0\x80",
	};
	char text[64] = "";
	size_t len = 0;
	unsigned n = pick(8);

	for (unsigned i = 0; i < n; i++) {
		const char *p = pieces[pick(sizeof(pieces) / sizeof(pieces[0]))];

		if (len + strlen(p) < sizeof(text)) {
			memcpy(text + len, p, strlen(p));
			len += strlen(p);
		}
	}
	if (pick(20) == 0)
		text[len++] = '\0';         /* an embedded NUL */
	return json_stringn_nocheck(text, len);
}

static json_t *
random_value(int depth)
{
	switch (depth > 3 ? 2 + pick(6) : pick(8)) {
	case 0: {
		json_t *o = json_object();
		unsigned n = pick(5);

		for (unsigned i = 0; i < n; i++) {
			char key[16];

			snprintf(key, sizeof(key), pick(4) ? "k%u" : "ค\"%u", i);
			json_object_set_new(o, key, random_value(depth + 1));
		}
		return o;
	}
	case 1: {
		json_t *a = json_array();
		unsigned n = pick(5);

		for (unsigned i = 0; i < n; i++)
			json_array_append_new(a, random_value(depth + 1));
		return a;
	}
	case 2: return random_string();
	case 3: return json_integer((json_int_t)pick(2000000) - 1000000);
	case 4: return json_real((double)pick(100000) / (1 + pick(999)) *
	    (pick(2) ? 1e-9 : 1e9));
	case 5: return json_true();
	case 6: return json_false();
	default: return json_null();
	}
}

static void
test_random_values(void **state)
{
	(void)state;
	for (int i = 0; i < 3000; i++) {
		json_t *v = pick(2) ? json_object() : json_array();
		char what[32];

		for (unsigned k = 0, n = 1 + pick(4); k < n; k++) {
			if (json_is_object(v)) {
				char key[16];

				snprintf(key, sizeof(key), "key%u", k);
				json_object_set_new(v, key, random_value(1));
			} else {
				json_array_append_new(v, random_value(1));
			}
		}
		snprintf(what, sizeof(what), "random value %d", i);
		same(v, what);
		json_decref(v);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_values),
		cmocka_unit_test(test_random_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
