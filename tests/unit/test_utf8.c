/* Unit tests for lib/base/utf8: validation, decoding, terminal width and
 * control-character detection. */
#include "autoconfig.h"

#include <stdint.h>
#include <string.h>

#include "testhelp.h"
#include "utf8.h"

/* Checks a byte string of explicit length (it may hold NULs). */
#define VALID(bytes) cks_utf8_valid((bytes), sizeof(bytes) - 1)

static void
test_valid_sequences(void **state)
{
	assert_true(VALID(""));
	assert_true(VALID("plain ASCII"));
	assert_true(VALID("\x7f"));                     /* DEL is valid UTF-8 */
	assert_true(VALID("\xc2\x80"));                 /* U+0080, smallest 2-byte */
	assert_true(VALID("\xdf\xbf"));                 /* U+07FF */
	assert_true(VALID("\xe0\xa0\x80"));             /* U+0800, smallest 3-byte */
	assert_true(VALID("\xed\x9f\xbf"));             /* U+D7FF, just below surrogates */
	assert_true(VALID("\xee\x80\x80"));             /* U+E000, just above */
	assert_true(VALID("\xef\xbf\xbf"));             /* U+FFFF */
	assert_true(VALID("\xf0\x90\x80\x80"));         /* U+10000, smallest 4-byte */
	assert_true(VALID("\xf4\x8f\xbf\xbf"));         /* U+10FFFF, the last */
	assert_true(VALID("สวัสดี ครับ"));
	assert_true(VALID("日本語 😀"));
	/* An embedded NUL is a valid (if unusual) code point. */
	assert_true(VALID("a\0b"));
}

static void
test_invalid_sequences(void **state)
{
	/* Overlong encodings. */
	assert_false(VALID("\xc0\x80"));
	assert_false(VALID("\xc1\xbf"));
	assert_false(VALID("\xe0\x80\x80"));
	assert_false(VALID("\xe0\x9f\xbf"));
	assert_false(VALID("\xf0\x80\x80\x80"));
	assert_false(VALID("\xf0\x8f\xbf\xbf"));
	/* UTF-16 surrogates. */
	assert_false(VALID("\xed\xa0\x80"));            /* U+D800 */
	assert_false(VALID("\xed\xbf\xbf"));            /* U+DFFF */
	/* Truncated sequences, alone and followed by more text. */
	assert_false(VALID("\xc2"));
	assert_false(VALID("\xe0\xa0"));
	assert_false(VALID("\xf0\x90\x80"));
	assert_false(VALID("ok\xe0\xa0"));
	assert_false(VALID("\xe0\xa0" "a"));
	/* Beyond U+10FFFF and lead bytes that can never start a sequence. */
	assert_false(VALID("\xf4\x90\x80\x80"));        /* U+110000 */
	assert_false(VALID("\xf7\xbf\xbf\xbf"));
	assert_false(VALID("\xf8\x88\x80\x80\x80"));
	assert_false(VALID("\xff"));
	assert_false(VALID("\xfe"));
	/* A stray continuation byte. */
	assert_false(VALID("\x80"));
	assert_false(VALID("a\xbf" "b"));
	/* Latin-1 and TIS-620 (Thai single-byte) text is refused. */
	assert_false(VALID("caf\xe9"));
	assert_false(VALID("\xca\xc7\xd1\xca\xb4\xd5"));
}

static void
test_valid_respects_length(void **state)
{
	const char *s = "\xe0\xb8\xaa";                  /* ส, three bytes */

	assert_true(cks_utf8_valid(s, 3));
	assert_false(cks_utf8_valid(s, 2));             /* cut inside it */
	assert_false(cks_utf8_valid(s, 1));
	assert_true(cks_utf8_valid(s, 0));
}

static void
test_next_decodes(void **state)
{
	const char text[] = "a\xc3\xa9\xe0\xb8\xaa\xf0\x9f\x98\x80";
	const char *p = text;
	const char *end = text + sizeof(text) - 1;

	assert_int_equal(cks_utf8_next(&p, end), 'a');
	assert_ptr_equal(p, text + 1);
	assert_int_equal(cks_utf8_next(&p, end), 0xe9);
	assert_ptr_equal(p, text + 3);
	assert_int_equal(cks_utf8_next(&p, end), 0x0e2a);
	assert_ptr_equal(p, text + 6);
	assert_int_equal(cks_utf8_next(&p, end), 0x1f600);
	assert_ptr_equal(p, end);
	/* At the end: -1, and the pointer stays. */
	assert_int_equal(cks_utf8_next(&p, end), -1);
	assert_ptr_equal(p, end);
}

static void
test_next_refuses_without_advancing(void **state)
{
	const char bad[] = "\xed\xa0\x80";
	const char *p = bad;

	assert_int_equal(cks_utf8_next(&p, bad + 3), -1);
	assert_ptr_equal(p, bad);
	/* A sequence cut by end, though the bytes after it are fine. */
	p = "\xe0\xb8\xaa";
	assert_int_equal(cks_utf8_next(&p, p + 2), -1);
}

static void
test_width_ascii_and_thai(void **state)
{
	assert_int_equal(cks_utf8_width(""), 0);
	assert_int_equal(cks_utf8_width("hello"), 5);
	/* ส ว ั ส ด ี: six code points, MAI HAN-AKAT and SARA II take no column. */
	assert_int_equal(cks_utf8_width("สวัสดี"), 4);
	/* ก่ = KO KAI + MAI EK (tone mark): one column. */
	assert_int_equal(cks_utf8_width("ก่"), 1);
	/* น้ำ: NO NU + MAI THO + SARA AM; SARA AM takes its own column. */
	assert_int_equal(cks_utf8_width("น้ำ"), 2);
	/* ที่สุด: ท ี ่ ส ุ ด -> 3 columns. */
	assert_int_equal(cks_utf8_width("ที่สุด"), 3);
	/* Leading vowels (เ, แ) are spacing. */
	assert_int_equal(cks_utf8_width("เคาน์เตอร์"), 8);
	/* Combining acute accent on e. */
	assert_int_equal(cks_utf8_width("e\xcc\x81"), 1);
	/* Zero-width joiner and BOM. */
	assert_int_equal(cks_utf8_width("a\xe2\x80\x8d" "b\xef\xbb\xbf"), 2);
}

static void
test_width_wide(void **state)
{
	assert_int_equal(cks_utf8_width("日本語"), 6);
	assert_int_equal(cks_utf8_width("中文abc"), 7);
	assert_int_equal(cks_utf8_width("한국"), 4);
	assert_int_equal(cks_utf8_width("ＡＢ"), 4);                   /* fullwidth */
	assert_int_equal(cks_utf8_width("😀"), 2);
	assert_int_equal(cks_utf8_width("สวัสดี 日本"), 4 + 1 + 4);
}

static void
test_width_invalid_bytes(void **state)
{
	/* A stray byte counts one column and the rest is still measured. */
	assert_int_equal(cks_utf8_width("a\xff" "b"), 3);
	assert_int_equal(cks_utf8_width("\xe0\xb8"), 2);
}

static void
test_has_control(void **state)
{
	assert_true(cks_text_has_control("line\rbreak"));
	assert_true(cks_text_has_control("line\nbreak"));
	assert_true(cks_text_has_control("tab\there"));
	assert_true(cks_text_has_control("\x01"));
	assert_true(cks_text_has_control("\x1f"));
	assert_true(cks_text_has_control("del\x7f"));
	assert_true(cks_text_has_control("next line \xc2\x85 (NEL)"));
	assert_true(cks_text_has_control("\xc2\x80"));                /* U+0080 */
	assert_true(cks_text_has_control("\xc2\x9f"));                /* U+009F */
	assert_true(cks_text_has_control("สวัสดี\n"));
}

static void
test_has_no_control(void **state)
{
	assert_false(cks_text_has_control(""));
	assert_false(cks_text_has_control("Somchai Jaidee"));
	assert_false(cks_text_has_control("สวัสดีครับ ขอบคุณ"));
	assert_false(cks_text_has_control("~ !#$%&'()*+,-./:;<=>?@[\\]^_`{|}"));
	assert_false(cks_text_has_control("\xc2\xa0"));                /* U+00A0 NBSP */
	assert_false(cks_text_has_control("\xc2\xa9 2026"));            /* © */
	assert_false(cks_text_has_control("日本語 😀"));
	/* A trailing lead byte must not make it read past the string. */
	assert_false(cks_text_has_control("x\xc2"));
}

/* The case-blind compares the reply reader uses: ASCII only, Thai bytes
 * as they are. */
static void
test_text_compare_ci(void **state)
{
	const char *s = "Best Regards, สมชาย";

	(void)state;
	assert_true(cks_text_equal_ci("WROTE", "wrote", 5));
	assert_false(cks_text_equal_ci("wrote", "write", 5));
	assert_true(cks_text_equal_ci("สมชาย", "สมชาย", strlen("สมชาย")));
	assert_true(cks_text_equal_ci("abc", "abd", 2));
	assert_true(cks_text_starts_ci(s, strlen(s), "best regards"));
	assert_false(cks_text_starts_ci(s, 4, "best regards"));
	assert_ptr_equal(cks_text_find_ci(s, s + strlen(s), "REGARDS"), s + 5);
	assert_null(cks_text_find_ci(s, s + strlen(s), "thanks"));
}

/* Clusters by UAX #29 (libunistring): a Thai consonant keeps its vowel
 * and tone marks, SARA AM included; a leading vowel is a cluster alone. */
static void
test_grapheme_len(void **state)
{
	const char *s = "น้ำ";                  /* NO NU, MAI THO, SARA AM */
	const char *e = "เก";                   /* SARA E, KO KAI */
	const char *a = "e\xcc\x81x";           /* e + COMBINING ACUTE, x */
	const char *bad = "\xff" "a";

	assert_int_equal(cks_utf8_grapheme_len(s, s + strlen(s)), 9);
	assert_int_equal(cks_utf8_grapheme_len(e, e + strlen(e)), 3);
	assert_int_equal(cks_utf8_grapheme_len(a, a + strlen(a)), 3);
	assert_int_equal(cks_utf8_grapheme_len(bad, bad + 2), 1);
	assert_int_equal(cks_utf8_grapheme_len(s, s), 0);
}

/* The width table and the cluster rules agree on Thai marks: a cluster
 * is one column however many marks it carries. */
static void
test_width_of_thai_clusters(void **state)
{
	assert_int_equal(cks_utf8_width("น้ำ"), 2);     /* NO NU + SARA AM */
	assert_int_equal(cks_utf8_width("ที่"), 1);
	assert_int_equal(cks_utf8_width("กั"), 1);
	assert_int_equal(cks_utf8_width("a\u200bb"), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_sequences),
		cmocka_unit_test(test_text_compare_ci),
		cmocka_unit_test(test_invalid_sequences),
		cmocka_unit_test(test_valid_respects_length),
		cmocka_unit_test(test_next_decodes),
		cmocka_unit_test(test_next_refuses_without_advancing),
		cmocka_unit_test(test_width_ascii_and_thai),
		cmocka_unit_test(test_width_wide),
		cmocka_unit_test(test_width_invalid_bytes),
		cmocka_unit_test(test_has_control),
		cmocka_unit_test(test_has_no_control),
		cmocka_unit_test(test_grapheme_len),
		cmocka_unit_test(test_width_of_thai_clusters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
