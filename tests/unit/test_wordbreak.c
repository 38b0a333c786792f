/* Unit tests for lib/base/wordbreak: Thai split by libthai's dictionary,
 * digits of three scripts split from the letters they touch, Latin words
 * with their apostrophes, marks and line ends, offsets in order. */
#include "autoconfig.h"

#include <string.h>

#include "testhelp.h"
#include "wordbreak.h"

/* The words of text as "kind:text" joined by '|'. */
static void
words_of(const char *text, char *out, size_t size)
{
	static const char kinds[] = { 'T', 'L', 'N', 'P', 'E' };
	struct cks_words w;
	size_t used = 0;

	assert_int_equal(cks_words_split(text, strlen(text), &w), 0);
	out[0] = '\0';
	for (size_t i = 0; i < w.count && used < size; i++)
		used += (size_t)snprintf(out + used, size - used, "%s%c:%.*s",
		    i ? "|" : "", kinds[w.word[i].kind],
		    (int)(w.word[i].end - w.word[i].start), text + w.word[i].start);
	cks_words_clear(&w);
}

#define EXPECT_WORDS(text, want) do { \
		char got_[1024]; \
		words_of((text), got_, sizeof(got_)); \
		assert_string_equal(got_, (want)); \
	} while (0)

static void
test_thai_words(void **state)
{
	/* the example libraries.md gives: digits split off, "ดี" inside
	 * "สวัสดี" not a word of its own */
	EXPECT_WORDS("ให้4ครับบริการดีมากสวัสดีครับไม่พึงพอใจเลย",
	    "T:ให้|N:4|T:ครับ|T:บริการ|T:ดี|T:มาก|T:สวัสดี|T:ครับ|T:ไม่|"
	    "T:พึงพอใจ|T:เลย");
}

static void
test_numbers(void **state)
{
	struct cks_words w;
	const char *text = "๒ ２ 2️⃣ 1169";

	assert_int_equal(cks_words_split(text, strlen(text), &w), 0);
	assert_int_equal(w.count, 4);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(w.word[i].kind, CKS_WORD_NUMBER);
		assert_int_equal(w.word[i].value, 2);
		assert_int_equal(w.word[i].digits, 1);
	}
	assert_int_equal(w.word[3].value, 1169);
	assert_int_equal(w.word[3].digits, 4);
	cks_words_clear(&w);
}

static void
test_latin_marks_and_lines(void **state)
{
	EXPECT_WORDS("I wasn't impressed, 2/5!\nok",
	    "L:I|L:wasn't|L:impressed|P:,|N:2|P:/|N:5|P:!|E:\n|L:ok");
	EXPECT_WORDS("No.4", "L:No|P:.|N:4");
}

static void
test_spaces_and_lines(void **state)
{
	struct cks_words w;
	const char *text = "2  ครับ\nดี";

	assert_int_equal(cks_words_split(text, strlen(text), &w), 0);
	assert_int_equal(w.count, 4);
	assert_false(w.word[0].space_before);
	assert_true(w.word[1].space_before);
	assert_int_equal(w.word[1].line, 0);
	assert_int_equal(w.word[3].line, 1);
	cks_words_clear(&w);
}

static void
test_bad_bytes_and_long_runs(void **state)
{
	char big[8192];
	struct cks_words w;
	size_t end = 0;

	/* an invalid byte is a mark; nothing is lost or read past the end */
	EXPECT_WORDS("a\xff" "b", "L:a|P:\xff|L:b");
	/* a Thai run longer than libthai's window is split, words in order */
	for (size_t i = 0; i + 6 < sizeof(big); i += 6)
		memcpy(big + i, "ดี", 6);
	big[sizeof(big) - sizeof(big) % 6 - 6] = '\0';
	assert_int_equal(cks_words_split(big, strlen(big), &w), 0);
	assert_true(w.count > 0);
	for (size_t i = 0; i < w.count; i++) {
		assert_true(w.word[i].start >= end);
		end = w.word[i].end;
	}
	assert_int_equal(end, strlen(big));
	cks_words_clear(&w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thai_words),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_latin_marks_and_lines),
		cmocka_unit_test(test_spaces_and_lines),
		cmocka_unit_test(test_bad_bytes_and_long_runs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
