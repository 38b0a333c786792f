/* Unit tests for core/answer: the one answer in a customer's reply, read
 * against each channel's scale.  The scales are written out here as the
 * plugins define them (and checked against the built plugins), so that
 * each expectation can be read next to the words it relies on. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testhelp.h"
#include "answer.h"
#include "channels.h"

/* plugins/counter.c: 5..1, highest first; 5 and 4 satisfied. */
static const char *const highest_th[] = { "ดีมาก", "พอใจมากที่สุด", "ดีเยี่ยม",
	"พึงพอใจมากที่สุด", "พึงพอใจอย่างมากที่สุด", "ยอดเยี่ยม", "ดีที่สุด", NULL };
static const char *const highest_en[] = { "excellent", "very satisfied", "very good",
	"extremely satisfied", "outstanding", "extremely happy", NULL };
static const char *const high_th[] = { "ดี", "พอใจมาก", "พึงพอใจมาก", "พึงพอใจอย่างมาก",
	NULL };
static const char *const high_en[] = { "good", "satisfied", NULL };
static const char *const medium_th[] = { "พอใช้", "เฉยๆ", "กลางๆ", "พอใช้ได้", NULL };
static const char *const medium_en[] = { "fair", "average", "neutral", "so-so",
	"moderate", NULL };
static const char *const low_th[] = { "ไม่ค่อยพอใจ", "ไม่ค่อยพึงพอใจ", "พึงพอใจน้อย", NULL };
static const char *const low_en[] = { "poor", "dissatisfied", "not very satisfied",
	"fairly low", NULL };
static const char *const lowest_th[] = { "แย่", "ไม่พอใจ", "แย่มาก", "ไม่พอใจอย่างมาก",
	"ไม่พึงพอใจอย่างมาก", "พึงพอใจน้อยที่สุด", NULL };
static const char *const lowest_en[] = { "very poor", "very dissatisfied", "bad",
	"extremely dissatisfied", NULL };

static const struct cks_rating_option counter_scale[] = {
	{ 5, { "มากที่สุด", "Highest" }, 1, highest_th, highest_en },
	{ 4, { "มาก", "High" }, 1, high_th, high_en },
	{ 3, { "ปานกลาง", "Medium" }, 0, medium_th, medium_en },
	{ 2, { "น้อย", "Low" }, 0, low_th, low_en },
	{ 1, { "น้อยที่สุด", "Lowest" }, 0, lowest_th, lowest_en },
};

/* plugins/hotline1169.c: 1 impressed, 2 satisfied, 3 not satisfied. */
static const char *const impressed_th[] = { "ประทับใจมาก", NULL };
static const char *const impressed_en[] = { "impressed", "excellent", NULL };
static const char *const satisfied_th[] = { "พอใจ", NULL };
static const char *const satisfied_en[] = { "satisfied", "good", "ok", NULL };
static const char *const not_satisfied_th[] = { "ไม่พอใจ", "ไม่ประทับใจ",
	"ไม่ค่อยพึงพอใจ", "ไม่ค่อยพอใจ", NULL };
static const char *const not_satisfied_en[] = { "not satisfied", "dissatisfied",
	"unsatisfied", "bad", "not happy", "unhappy", "not very satisfied", NULL };

static const struct cks_rating_option hotline_scale[] = {
	{ 1, { "ประทับใจ", "Impressed" }, 1, impressed_th, impressed_en },
	{ 2, { "พึงพอใจ", "Satisfied" }, 1, satisfied_th, satisfied_en },
	{ 3, { "ไม่พึงพอใจ", "Not satisfied" }, 0, not_satisfied_th, not_satisfied_en },
};

/* plugins/chat.c: two options, both satisfied; no negative one. */
static const struct cks_rating_option chat_scale[] = {
	{ 1, { "ประทับใจ", "Impressed" }, 1, impressed_th, impressed_en },
	{ 2, { "พึงพอใจ", "Satisfied" }, 1, satisfied_th, satisfied_en },
};

#define CHANNEL(id_, scale_) { .id = id_, .name = { id_, id_ }, \
	.scale = scale_, .scale_count = sizeof(scale_) / sizeof(scale_[0]) }

static const struct cks_channel_plugin counter = CHANNEL("counter", counter_scale);
static const struct cks_channel_plugin hotline = CHANNEL("hotline1169", hotline_scale);
static const struct cks_channel_plugin chat = CHANNEL("chat", chat_scale);

/* Reads reply on channel and checks kind, code (FOUND) and, when asked,
 * the comment (NULL for none); names the reply when it fails. */
static void
check(const struct cks_channel_plugin *channel, const char *reply,
      enum cks_answer_kind kind, int code, int check_comment,
      const char *comment)
{
	struct cks_answer a;

	assert_int_equal(cks_answer_find(channel, reply, &a), 0);
	if (a.kind != kind)
		fail_msg("%s: \"%s\" gave %s (%s), expected %s", channel->id, reply,
		    cks_answer_kind_name(a.kind), a.reason,
		    cks_answer_kind_name(kind));
	if (kind == CKS_ANSWER_FOUND && a.code != code)
		fail_msg("%s: \"%s\" gave %d, expected %d", channel->id, reply,
		    a.code, code);
	if (check_comment && (comment == NULL) != (a.comment == NULL))
		fail_msg("%s: \"%s\" gave comment [%s], expected [%s]", channel->id,
		    reply, a.comment ? a.comment : "(none)",
		    comment ? comment : "(none)");
	if (check_comment && comment != NULL)
		assert_string_equal(a.comment, comment);
	if (kind != CKS_ANSWER_FOUND) {
		assert_int_equal(a.code, -1);
		assert_null(a.comment);
		assert_true(a.reason[0] != '\0');
		assert_null(strchr(a.reason, '\n'));
	}
	cks_answer_clear(&a);
}

static void
expect(const struct cks_channel_plugin *channel, const char *reply,
       enum cks_answer_kind kind, int code, const char *comment)
{
	check(channel, reply, kind, code, 1, comment);
}

static void
found(const struct cks_channel_plugin *channel, const char *reply, int code)
{
	check(channel, reply, CKS_ANSWER_FOUND, code, 0, NULL);
}

static void
none(const struct cks_channel_plugin *channel, const char *reply)
{
	check(channel, reply, CKS_ANSWER_NONE, 0, 1, NULL);
}

/* Checks the kind and the exact reason of an answer that is not found. */
static void
reason(const struct cks_channel_plugin *channel, const char *reply,
       enum cks_answer_kind kind, const char *text)
{
	struct cks_answer a;

	assert_int_equal(cks_answer_find(channel, reply, &a), 0);
	assert_string_equal(cks_answer_kind_name(a.kind), cks_answer_kind_name(kind));
	assert_string_equal(a.reason, text);
	cks_answer_clear(&a);
}

static void
test_scales_match_plugins(void **state)
{
	static const struct {
		const char *id;
		const struct cks_channel_plugin *inline_copy;
	} pairs[] = { { "counter", &counter }, { "hotline1169", &hotline },
		      { "chat", &chat } };
	struct cks_channels *channels = test_channels_load();

	for (size_t i = 0; i < 3; i++) {
		const struct cks_channel_plugin *real =
		    cks_channels_find(channels, pairs[i].id);
		const struct cks_channel_plugin *mine = pairs[i].inline_copy;

		assert_non_null(real);
		assert_int_equal(real->scale_count, mine->scale_count);
		for (size_t j = 0; j < mine->scale_count; j++) {
			const struct cks_rating_option *r = &real->scale[j];
			const struct cks_rating_option *m = &mine->scale[j];

			assert_int_equal(r->code, m->code);
			assert_int_equal(r->satisfied != 0, m->satisfied != 0);
			assert_string_equal(r->label.th, m->label.th);
			assert_string_equal(r->label.en, m->label.en);
			for (size_t w = 0; m->words_th[w] != NULL; w++)
				assert_string_equal(r->words_th[w], m->words_th[w]);
			for (size_t w = 0; m->words_en[w] != NULL; w++)
				assert_string_equal(r->words_en[w], m->words_en[w]);
		}
	}
	cks_channels_free(&channels);
}

static void
test_digits_on_every_channel(void **state)
{
	static const char *const thai[] = { "๐", "๑", "๒", "๓", "๔", "๕" };
	static const char *const wide[] = { "０", "１", "２", "３", "４", "５" };
	char ascii[2] = "0";

	for (int c = 1; c <= 5; c++) {
		ascii[0] = (char)('0' + c);
		found(&counter, ascii, c);
		found(&counter, thai[c], c);
		found(&counter, wide[c], c);
		if (c <= 3) {
			found(&hotline, ascii, c);
			found(&hotline, thai[c], c);
			found(&hotline, wide[c], c);
		}
		if (c <= 2) {
			found(&chat, ascii, c);
			found(&chat, thai[c], c);
			found(&chat, wide[c], c);
		}
	}
	/* White space, a full stop, brackets, a phone's keycap emoji. */
	found(&hotline, "  2  \n\n", 2);
	found(&hotline, "2.", 2);
	found(&hotline, "(2)", 2);
	found(&hotline, "2\xef\xb8\x8f\xe2\x83\xa3", 2);
	found(&counter, "\r\n4\r\n", 4);
}

static void
test_press_and_prefixes(void **state)
{
	found(&hotline, "กด 2", 2);
	found(&hotline, "กต 2", 2);
	found(&hotline, "กด2", 2);
	found(&hotline, "กด ๓", 3);
	found(&hotline, "press 2", 2);
	found(&hotline, "Press 1", 1);
	found(&hotline, "option 3", 3);
	found(&chat, "ตอบ 1", 1);
	found(&chat, "เลือก 2", 2);
	found(&counter, "ข้อ 4", 4);
	found(&counter, "No. 4", 4);
	found(&counter, "#4", 4);
	found(&counter, "answer: 3", 3);
	found(&counter, "คะแนน 5", 5);
	/* Anywhere in the text, not only at the start. */
	/* Particles and thanks around the answer are not a comment. */
	expect(&hotline, "ขอบคุณครับ ขอกด 1 นะครับ", CKS_ANSWER_FOUND, 1, NULL);
	expect(&counter, "ผมให้ 5 คะแนนครับ", CKS_ANSWER_FOUND, 5, NULL);
	expect(&counter, "I'd give it 4 stars", CKS_ANSWER_FOUND, 4, NULL);
	/* The SMS form printed in the invitation. */
	found(&hotline, "R 7kq3m9xw2pz4a 2", 2);
	found(&hotline, "r 7KQ3M9XW2PZ4A ๒", 2);
}

static void
test_number_opening_the_reply(void **state)
{
	expect(&hotline, "2 ครับ", CKS_ANSWER_FOUND, 2, NULL);
	expect(&hotline, "2, the agent was great", CKS_ANSWER_FOUND, 2,
	    "the agent was great");
	/* A scale word copied with its number is part of the answer. */
	expect(&counter, "5 - ดีมาก", CKS_ANSWER_FOUND, 5, NULL);
	expect(&counter, "5 \xe2\x80\x93 ประทับใจมาก", CKS_ANSWER_FOUND, 5,
	    "ประทับใจมาก");
	expect(&hotline, "2 เจ้าหน้าที่สุภาพมาก", CKS_ANSWER_FOUND, 2,
	    "เจ้าหน้าที่สุภาพมาก");
	/* On the counter "มาก" is an option word, but only the words right
	 * after the number count with it: the rest is the comment. */
	expect(&counter, "2 เจ้าหน้าที่สุภาพมาก", CKS_ANSWER_FOUND, 2,
	    "เจ้าหน้าที่สุภาพมาก");
	/* A closing line is not part of the comment. */
	expect(&hotline, "1\nเจ้าหน้าที่ให้ข้อมูลครบ\nขอบคุณครับ", CKS_ANSWER_FOUND,
	    1, "เจ้าหน้าที่ให้ข้อมูลครบ");
	/* After a greeting line. */
	expect(&chat, "สวัสดีครับ\n2 รวดเร็วดี", CKS_ANSWER_FOUND, 2, "รวดเร็วดี");
	expect(&counter, "Dear team,\n\n4 - helpful staff", CKS_ANSWER_FOUND, 4,
	    "helpful staff");
	/* The option's label copied with its number is part of the answer. */
	expect(&hotline, "2 พึงพอใจ", CKS_ANSWER_FOUND, 2, NULL);
	expect(&hotline, "2  พึงพอใจ เจ้าหน้าที่ดี", CKS_ANSWER_FOUND, 2,
	    "เจ้าหน้าที่ดี");
	expect(&hotline, "3 - Not satisfied, waited too long", CKS_ANSWER_FOUND,
	    3, "waited too long");
	/* A number inside a sentence is not an answer. */
	none(&hotline, "I waited 2 hours on the line");
	none(&counter, "รอสาย 3 นาที");
	none(&counter, "3 ชั่วโมงกว่าจะได้คุย");
	none(&counter, "2 วันแล้วยังไม่ได้เอกสาร");
	none(&counter, "1 ธ.ค. ได้รับเอกสารแล้ว");
	none(&counter, "3 December, at the counter");
	none(&counter, "3 Dec");
}

static void
test_thai_words(void **state)
{
	found(&counter, "มากที่สุด", 5);
	found(&counter, "มาก", 4);
	found(&counter, "ปานกลาง", 3);
	found(&counter, "น้อย", 2);
	found(&counter, "น้อยที่สุด", 1);
	found(&counter, "ดีเยี่ยม", 5);
	found(&counter, "พอใช้", 3);
	found(&counter, "เฉยๆ ครับ", 3);
	found(&counter, "แย่", 1);
	/* repeated and drawn out, a word is still itself: "ดีมากๆ" is
	 * "ดีมาก" (5), not "ดี" (4) made stronger */
	found(&counter, "ดีมากๆ ค่ะ", 5);
	found(&counter, "ดีมาก ๆ เลยครับ", 5);
	found(&counter, "ดีมากกก", 5);
	found(&counter, "ดีๆ", 4);
	/* "ให้" and "I'd rate it" give a grade when they open the line */
	found(&counter, "ให้ระดับดีมากค่ะ", 5);
	found(&counter, "I'd rate it excellent", 5);
	none(&counter, "เจ้าหน้าที่ให้บริการดีมาก");
	/* frames of everyday speech around the word */
	expect(&hotline, "Very impressed with the agent", CKS_ANSWER_FOUND, 1, NULL);
	expect(&counter, "ไม่ค่อยพอใจเท่าไหร่", CKS_ANSWER_FOUND, 2, NULL);
	found(&counter, "We were satisfied", 4);
	found(&counter, "โดยรวมถือว่าดีมาก", 5);
	found(&counter, "ทุกอย่างดีมากค่ะ", 5);
	/* "at the level of" frames the word */
	found(&counter, "ความพึงพอใจอยู่ในระดับมาก", 4);
	/* an interjection says nothing; "enough" frames the word */
	found(&hotline, "Wow, impressed", 1);
	found(&hotline, "Satisfied enough", 2);
	/* "very" said more strongly is "very" */
	found(&counter, "Totally dissatisfied", 1);
	found(&counter, "Extremely good!", 5);
	found(&hotline, "ประทับใจ", 1);
	found(&hotline, "ประทับใจมากครับ", 1);
	found(&hotline, "พึงพอใจ", 2);
	found(&hotline, "พอใจค่ะ", 2);
	found(&hotline, "ไม่พึงพอใจ", 3);
	found(&chat, "ประทับใจ", 1);
	found(&chat, "พึงพอใจค่ะ", 2);
	expect(&hotline, "พึงพอใจ เจ้าหน้าที่สุภาพ", CKS_ANSWER_FOUND, 2,
	    "เจ้าหน้าที่สุภาพ");
}

static void
test_longest_word_wins(void **state)
{
	found(&counter, "พอใจมาก", 4);
	found(&counter, "พอใจมากที่สุด", 5);
	found(&counter, "ดีมาก", 5);
	found(&counter, "บริการดีมาก", 5);
	found(&counter, "ไม่ค่อยพอใจ", 2);
	found(&counter, "ไม่พอใจ", 1);
	found(&hotline, "ไม่พอใจ", 3);
	found(&hotline, "ไม่ประทับใจ", 3);
	found(&counter, "very good", 5);
	found(&counter, "very dissatisfied", 1);
	found(&counter, "dissatisfied", 2);
}

static void
test_english_words(void **state)
{
	found(&hotline, "satisfied", 2);
	found(&hotline, "Satisfied.", 2);
	found(&hotline, "not satisfied", 3);
	found(&hotline, "NOT SATISFIED!", 3);
	found(&hotline, "Impressed", 1);
	/* "OK" acknowledges as often as it rates: only a cue makes it one */
	none(&hotline, "OK");
	none(&hotline, "ok thx");
	found(&hotline, "ตอบ ok", 2);
	found(&counter, "satisfied", 4);
	found(&counter, "Very satisfied", 5);
	found(&counter, "Highest", 5);
	found(&chat, "satisfied", 2);
	found(&chat, "Excellent service", 1);
	/* Whole words only. */
	none(&hotline, "goodness me");
	none(&counter, "highway traffic");
	none(&hotline, "okay then, book the room");
}

static void
test_negation(void **state)
{
	found(&hotline, "ไม่พึงพอใจ", 3);
	found(&hotline, "unsatisfied", 3);
	reason(&hotline, "ไม่ค่อยประทับใจ", CKS_ANSWER_NONE,
	    "a negated option word names no option");
	reason(&hotline, "I wasn't impressed", CKS_ANSWER_NONE,
	    "a negated option word names no option");
	reason(&hotline, "not very impressed", CKS_ANSWER_NONE,
	    "a negated option word names no option");
	reason(&counter, "not very good", CKS_ANSWER_NONE,
	    "a negated option word names no option");
	reason(&counter, "never satisfied", CKS_ANSWER_NONE,
	    "a negated option word names no option");
	/* Chat has no negative option, so a negative answer cannot be kept. */
	reason(&chat, "ไม่พึงพอใจ", CKS_ANSWER_NONE,
	    "negative answer not on the scale");
	reason(&chat, "not satisfied", CKS_ANSWER_NONE,
	    "negative answer not on the scale");
	reason(&chat, "dissatisfied", CKS_ANSWER_NONE,
	    "negative answer not on the scale");
	reason(&chat, "ไม่ประทับใจ", CKS_ANSWER_NONE,
	    "negative answer not on the scale");
}

static void
test_thai_words_inside_others(void **state)
{
	/* "ดี" and "มาก" are parts of everyday words. */
	none(&counter, "สวัสดีครับ");
	none(&counter, "ขอบคุณมากครับ");
	none(&counter, "เจ้าหน้าที่สุภาพมาก");
	none(&counter, "ดีใจที่ได้รับข้อมูล");
	none(&counter, "อย่างน้อยก็ได้คำตอบ");
	none(&counter, "good morning");
	found(&counter, "ดีครับ", 4);
	found(&counter, "Good morning\n4", 4);
}

static void
test_numbers_that_are_not_answers(void **state)
{
	none(&hotline, "โทร 081-234-5678");
	none(&hotline, "1169");
	none(&hotline, "โทร 1169 ไม่ติด");
	none(&counter, "28/11/2569");
	none(&counter, "2026-11-28");
	none(&counter, "10:30");
	none(&counter, "นัดวันที่ 28/11/2569 เวลา 10:30 น.");
	none(&hotline, "+66 2 507 7999");
	none(&hotline, "0 2507 7999");
	none(&counter, "1,500 บาท");
	none(&counter, "2.5");
	none(&counter, "somchai1@example.co.th");
	none(&counter, "https://www.ditp.go.th/2");
	none(&counter, "2nd floor");
	none(&counter, "5%");
	none(&hotline, "สมชาย ใจดี\nโทร 081-234-5678");
	none(&hotline, "");
	none(&hotline, NULL);
	none(&hotline, " \n\t\n");
	reason(&hotline, "ขอบคุณครับ", CKS_ANSWER_NONE, "no answer found");
	/* The answer is still found beside them. */
	/* A contact line ending the reply is its signature. */
	expect(&hotline, "2\nโทร 081-234-5678", CKS_ANSWER_FOUND, 2, NULL);
	expect(&counter, "4\nส่งเอกสารวันที่ 28/11/2569 เวลา 10:30",
	    CKS_ANSWER_FOUND, 4, "ส่งเอกสารวันที่ 28/11/2569 เวลา 10:30");
}

static void
test_conflicts(void **state)
{
	reason(&hotline, "1 and 3", CKS_ANSWER_CONFLICTING, "answers 1 and 3");
	reason(&hotline, "1 หรือ 3", CKS_ANSWER_CONFLICTING, "answers 1 and 3");
	reason(&hotline, "1, 3", CKS_ANSWER_CONFLICTING, "answers 1 and 3");
	reason(&hotline, "1\n3", CKS_ANSWER_CONFLICTING, "answers 1 and 3");
	reason(&chat, "1 2", CKS_ANSWER_CONFLICTING, "answers 1 and 2");
	reason(&counter, "2 มากที่สุด", CKS_ANSWER_CONFLICTING, "answers 2 and 5");
	reason(&hotline, "2 ไม่พึงพอใจ", CKS_ANSWER_CONFLICTING, "answers 2 and 3");
	reason(&hotline, "ประทับใจ แต่ก็ไม่พึงพอใจที่รอนาน",
	    CKS_ANSWER_CONFLICTING, "answers 1 and 3");
	reason(&counter, "5\n4\n3", CKS_ANSWER_CONFLICTING, "answers 5, 4 and 3");
	/* The same answer twice is one answer. */
	found(&hotline, "2\n2", 2);
	found(&hotline, "พึงพอใจ พอใจ", 2);
	found(&counter, "5/5", 5);
}

static void
test_ranges(void **state)
{
	reason(&hotline, "1-3", CKS_ANSWER_RANGE, "a range (1-3), not one answer");
	reason(&hotline, "1 - 3", CKS_ANSWER_RANGE, "a range (1-3), not one answer");
	reason(&hotline, "1 to 3", CKS_ANSWER_RANGE, "a range (1-3), not one answer");
	reason(&hotline, "1 ถึง 3", CKS_ANSWER_RANGE, "a range (1-3), not one answer");
	reason(&counter, "4\xe2\x80\x93" "5", CKS_ANSWER_RANGE,
	    "a range (4-5), not one answer");
	reason(&counter, "กด 4-5", CKS_ANSWER_RANGE, "a range (4-5), not one answer");
}

static void
test_out_of_scale(void **state)
{
	reason(&hotline, "7", CKS_ANSWER_OUT_OF_SCALE, "7 is not on the scale 1-3");
	reason(&hotline, "0", CKS_ANSWER_OUT_OF_SCALE, "0 is not on the scale 1-3");
	reason(&hotline, "กด 9", CKS_ANSWER_OUT_OF_SCALE, "9 is not on the scale 1-3");
	reason(&chat, "3", CKS_ANSWER_OUT_OF_SCALE, "3 is not on the scale 1-2");
	reason(&counter, "10", CKS_ANSWER_OUT_OF_SCALE, "10 is not on the scale 1-5");
	reason(&counter, "6 ครับ", CKS_ANSWER_OUT_OF_SCALE, "6 is not on the scale 1-5");
	reason(&hotline, "2\n7", CKS_ANSWER_CONFLICTING, "answers 2 and 7");
}

/* Issue 10's examples: what the customer gave, and nothing else. */
static void
test_issue_examples(void **state)
{
	expect(&counter, "ให้ 4 ครับ", CKS_ANSWER_FOUND, 4, NULL);
	/* the scale words in the comment do not move the number */
	expect(&counter, "ให้ 4 ครับ บริการดีมาก เจ้าหน้าที่สุภาพ", CKS_ANSWER_FOUND,
	    4, "บริการดีมาก เจ้าหน้าที่สุภาพ");
	expect(&counter, "ให้ 2 นะ แต่พนักงานยิ้มแย้มดีมาก", CKS_ANSWER_FOUND, 2,
	    "แต่พนักงานยิ้มแย้มดีมาก");
	/* scale words in running text are not ratings */
	none(&hotline, "Recipient address rejected: Bad destination mailbox "
	    "address");
	none(&hotline, "The link in item 2 is bad, please resend it");
	none(&hotline, "OK, received");
	none(&counter, "the documents look good. When is the next seminar?");
	none(&counter, "guide for high-value exports");
	none(&counter, "ยังไม่ได้รับเอกสารข้อ 3 ครับ รบกวนส่งใหม่");
}

static void
test_cues_and_patterns(void **state)
{
	found(&counter, "I'd give it a 4", 4);
	found(&counter, "My score is 4", 4);
	found(&counter, "คะแนนที่ให้คือ 4", 4);
	found(&counter, "ให้คะแนนความพึงพอใจ 4", 4);
	found(&counter, "4 out of 5", 4);
	found(&counter, "ให้ ๔ คะแนนเต็ม ๕", 4);
	found(&counter, "Selection: 4", 4);
	found(&counter, "คิดว่า 4", 4);
	none(&counter, "See you at 4");
	/* spelled out, only where given as the answer */
	found(&hotline, "เลือกสอง", 2);
	found(&hotline, "I'd pick two", 2);
	none(&hotline, "Fizz\n\nOne: the first point\n\nTwo\n\nthe second");
	/* particles however spelled are not a comment */
	expect(&hotline, "2 คร้าบบ", CKS_ANSWER_FOUND, 2, NULL);
	expect(&hotline, "๒ ค่าาา", CKS_ANSWER_FOUND, 2, NULL);
}

static void
test_pasted_list(void **state)
{
	found(&hotline, "[ ] 1  ประทับใจ\n[X] 2  พึงพอใจ\n[ ] 3  ไม่พึงพอใจ", 2);
	found(&counter, "  5  Highest\n  4  High\n  3  Medium  <--\n"
	    "  2  Low\n  1  Lowest", 3);
	found(&hotline, "1  Impressed\n2  Satisfied 👉\n3  Not satisfied", 2);
	/* rendered on one line by HTML: the list's own first mark says the
	 * way marks point */
	found(&counter, "[ ] 5 Highest [X] 4 High [ ] 3 Medium", 4);
	/* no mark, or one that could belong to either neighbour */
	none(&hotline, "1  ประทับใจ\n2  พึงพอใจ\n3  ไม่พึงพอใจ");
	reason(&hotline, "1 Impressed ✓ 2 Satisfied", CKS_ANSWER_CONFLICTING,
	    "answers 1 and 2");
}

static void
test_disagreement(void **state)
{
	struct cks_answer a;

	/* a negated feeling on its own line and a satisfied number */
	reason(&chat, "1\nNot happy", CKS_ANSWER_CONFLICTING,
	    "answer 1 is a satisfied option, but a line of the reply says the "
	    "customer is not satisfied");
	/* a correction is a second answer */
	reason(&counter, "ตอบ 2 ค่ะ\nขอโทษค่ะ 4", CKS_ANSWER_CONFLICTING,
	    "answers 2 and 4");
	/* the candidates travel with the quarantine; the number given as
	 * the answer is the suggestion */
	assert_int_equal(cks_answer_find(&hotline, "2 ไม่พึงพอใจ", &a), 0);
	assert_int_equal(a.kind, CKS_ANSWER_CONFLICTING);
	assert_true(a.candidate_count >= 2);
	assert_int_equal(a.candidates[0].code, 2);
	assert_string_equal(a.candidates[0].source, "number");
	cks_answer_clear(&a);
	assert_int_equal(cks_answer_find(&hotline, "The link in item 2 is bad",
	    &a), 0);
	assert_int_equal(a.suggestion, -1);
	cks_answer_clear(&a);
}

/* Shapes written for the broadened corpus (issue 10): what a number is
 * inside, which cue reaches it, and what a chain of numbers is. */
static void
test_numbers_in_their_place(void **state)
{
	(void)state;
	/* a number inside a thing names it */
	none(&counter, "ข้อ 2 ในรายการเอกสารต้องใช้ตัวจริงไหมคะ");
	none(&hotline, "Item 2 on the checklist is unclear.");
	expect(&hotline, "เอาข้อ 3\nข้อ 2 ในรายการเอกสารยังไม่ได้รับ", CKS_ANSWER_FOUND, 3,
	    "ข้อ 2 ในรายการเอกสารยังไม่ได้รับ");
	/* a cue repeated after a list word is a second answer */
	reason(&hotline, "ข้อ 2 กับข้อ 3", CKS_ANSWER_CONFLICTING, "answers 2 and 3");
	/* cues behind a wish or a lead-in */
	found(&hotline, "I'd like to choose 3", 3);
	found(&counter, "ขอตอบแบบสอบถามข้อ 1", 1);
	found(&counter, "เลือกอันที่ 4", 4);
	found(&counter, "I'll take 4", 4);
	/* "ความพึงพอใจ" is the question's noun, not an answer */
	found(&hotline, "ความพึงพอใจต่อบริการ: 1", 1);
	/* a second sentence does not end the opening line */
	found(&hotline, "Not satisfied, unfortunately. Item 2", 3);
	/* a menu path is no answer; a span of days is no range */
	expect(&hotline, "2 ครับ\nThe menu has too many steps (press 1, then 3, then 2).",
	    CKS_ANSWER_FOUND, 2, "The menu has too many steps (press 1, then 3, then 2).");
	found(&counter, "๕ ค่ะ\nงานแสดงสินค้าวันที่ 5-8 มี.ค. ยังมีบูธว่างไหม", 5);
	/* a story told on, a count after a verb of quantity */
	none(&counter, "กด 1 แล้วไม่มีคนรับสายเลยครับ");
	none(&counter, "Please send more copies.\nWe need 3.");
	none(&counter, "I give my colleague 2 forms");
	/* a copula or a rating verb links the answer's word to the number */
	found(&hotline, "My answer to the survey is 3", 3);
	found(&counter, "I'd rate my experience 2", 2);
	found(&counter, "ให้คะแนนเจ้าหน้าที่ 5 ค่ะ", 5);
	/* the feeling at its highest is the top of a graded scale */
	found(&counter, "Most satisfied", 5);
	found(&counter, "พึงพอใจที่สุดค่ะ", 5);
	/* a satisfied line beside an unsatisfied number is a conflict */
	reason(&counter, "1\nMost satisfied", CKS_ANSWER_CONFLICTING, "answers 1 and 5");
	/* (the label with "ข้อนี้", this one, is given as the answer: 1) */
	reason(&hotline, "3\nประทับใจค่ะ ข้อนี้", CKS_ANSWER_CONFLICTING, "answers 3 and 1");
	/* "not at all" does not soften the scale's own "not satisfied" */
	found(&hotline, "Not at all satisfied", 3);
	reason(&hotline, "not very impressed", CKS_ANSWER_NONE,
	    "a negated option word names no option");
	/* "ยังไม่พอใจ" on its own line says not satisfied */
	found(&hotline, "ยังไม่พอใจครับ", 3);
	reason(&hotline, "1\nยังไม่พอใจค่ะ", CKS_ANSWER_CONFLICTING, "answers 1 and 3");
}

static void
test_comment_without_signature(void **state)
{
	expect(&counter, "4\nเจ้าหน้าที่สุภาพ\n\nขอแสดงความนับถือ\nสมชาย ใจดี\n"
	    "บริษัท ส่งออกไทย จำกัด\nโทร 02-123-4567\nLine ID: somchai",
	    CKS_ANSWER_FOUND, 4, "เจ้าหน้าที่สุภาพ");
	expect(&hotline, "2 - the agent explained the HS code well\n\n"
	    "Best regards,\nJohn Smith\nExport Manager\nABC Trading Co., Ltd.\n"
	    "Mobile: +66 81 234 5678\n\nSent from my iPhone", CKS_ANSWER_FOUND,
	    2, "the agent explained the HS code well");
	/* a phone number inside a sentence is the comment's */
	expect(&hotline, "2\nเจ้าหน้าที่แนะนำให้ติดต่อ 02-507-7999 ได้เรื่องเลย",
	    CKS_ANSWER_FOUND, 2, "เจ้าหน้าที่แนะนำให้ติดต่อ 02-507-7999 ได้เรื่องเลย");
	/* the answer is never taken for a lone name */
	found(&counter, "Dear team,\n\nHigh", 4);
}

/* Seconds of processor time one call takes. */
static double
timed_find(const struct cks_channel_plugin *channel, const char *text,
	   enum cks_answer_kind kind)
{
	struct cks_answer a;
	clock_t begin = clock();

	assert_int_equal(cks_answer_find(channel, text, &a), 0);
	assert_string_equal(cks_answer_kind_name(a.kind),
	    cks_answer_kind_name(kind));
	cks_answer_clear(&a);
	return (double)(clock() - begin) / CLOCKS_PER_SEC;
}

static void
test_long_reply(void **state)
{
	size_t size = 400 * 1024;
	char *text = malloc(size + 1);

	assert_non_null(text);
	memset(text, 'x', size);
	memcpy(text, "2\n", 2);
	text[size] = '\0';
	assert_true(timed_find(&hotline, text, CKS_ANSWER_FOUND) < 1.0);
	/* One long line of digits and blanks or dashes: every digit is a
	 * candidate, none may cost a walk along the line. */
	for (size_t i = 0; i < size; i++)
		text[i] = i % 2 ? ' ' : (char)('0' + i % 10);
	memcpy(text, "Hi ", 3);
	assert_true(timed_find(&hotline, text, CKS_ANSWER_NONE) < 1.0);
	for (size_t i = 0; i < size; i++)
		text[i] = i % 2 ? '-' : (char)('0' + i % 10);
	assert_true(timed_find(&hotline, text, CKS_ANSWER_NONE) < 1.0);
	for (size_t i = 0; i < size; i++)
		text[i] = "ดี"[i % 6];
	/* "ดีดีดี...": a scale word, but not one answer on a line of its own */
	assert_true(timed_find(&counter, text, CKS_ANSWER_NONE) < 1.0);
	free(text);
}

static void
test_kind_names_and_clear(void **state)
{
	struct cks_answer a;

	assert_string_equal(cks_answer_kind_name(CKS_ANSWER_FOUND), "found");
	assert_string_equal(cks_answer_kind_name(CKS_ANSWER_NONE), "none");
	assert_string_equal(cks_answer_kind_name(CKS_ANSWER_CONFLICTING),
	    "conflicting");
	assert_string_equal(cks_answer_kind_name(CKS_ANSWER_RANGE), "range");
	assert_string_equal(cks_answer_kind_name(CKS_ANSWER_OUT_OF_SCALE),
	    "out_of_scale");
	assert_int_equal(cks_answer_find(&hotline, "2, waited long", &a), 0);
	assert_string_equal(a.comment, "waited long");
	cks_answer_clear(&a);
	assert_null(a.comment);
	cks_answer_clear(&a);           /* twice is harmless */
	cks_answer_clear(NULL);
}

/* The shapes of the second round of issue 10: each a rule of the model,
 * not a phrase in a list. */
static void
test_cues_reach_and_answer_lines(void **state)
{
	(void)state;
	/* a cue reaches over one gap word */
	expect(&hotline, "ตอบเป็นข้อ 3ครับ!", CKS_ANSWER_FOUND, 3, NULL);
	/* a number starting its line, set off, or followed by a word for
	 * the answer; a full stop numbers points and is not enough */
	expect(&hotline, "Still waiting for the documents.\n2, final answer",
	    CKS_ANSWER_FOUND, 2, "Still waiting for the documents.");
	found(&hotline, "The agent was kind.\n1 would be my score", 1);
	none(&hotline, "Fizz\n\nOne: the first point\n\nTwo\n\nthe second");
	/* a keycap is never a count; a cued number may end its line */
	expect(&hotline, "คำตอบ: ๒\nสายหลุดระหว่างโอนสาย ต้องโทรใหม่", CKS_ANSWER_FOUND,
	    2, "สายหลุดระหว่างโอนสาย ต้องโทรใหม่");
	found(&hotline, "ตอบ: 2\ufe0f\u20e3 วันที่ ๒๘ พ.ย. ได้รับคำปรึกษา", 2);
	/* a unit counts right after the number, not after its cue */
	expect(&counter, "My rating: 1 star. Please call me after 5 pm.",
	    CKS_ANSWER_FOUND, 1, "Please call me after 5 pm.");
	none(&counter, "ให้ 2 วัน");
	/* a number deep in the comment's sentence names a thing; a hedge
	 * between two numbers keeps them two answers */
	expect(&hotline, "'2', ขอบคุณน้องที่เคาน์เตอร์ 3 ที่ช่วยกรอกแบบฟอร์ม",
	    CKS_ANSWER_FOUND, 2, "ขอบคุณน้องที่เคาน์เตอร์ 3 ที่ช่วยกรอกแบบฟอร์ม");
	check(&hotline, "1 หรือไม่ก็ 2", CKS_ANSWER_CONFLICTING, 0, 0, NULL);
	check(&hotline, "3 - maybe 1", CKS_ANSWER_CONFLICTING, 0, 0, NULL);
	/* the words closing an answer go with it */
	expect(&hotline, "1 ข้อนี้ค่ะ", CKS_ANSWER_FOUND, 1, NULL);
	expect(&hotline, "2 ให้ไปค่ะ รอสายนาน", CKS_ANSWER_FOUND, 2, "รอสายนาน");
	expect(&hotline, "2 คร้าบผม", CKS_ANSWER_FOUND, 2, NULL);
	expect(&hotline, "2 ค่ะพี่ๆ", CKS_ANSWER_FOUND, 2, NULL);
	expect(&hotline, "2 ค่ะ 555", CKS_ANSWER_FOUND, 2, NULL);
}

static void
test_labels_framed_and_set_off(void **state)
{
	(void)state;
	/* two framing words before a label, a particle after it */
	expect(&hotline, "ยังไม่พึงพอใจคร้าบบ", CKS_ANSWER_FOUND, 3, NULL);
	expect(&hotline, "ยังไม่พึงพอใจครับ  อยากให้มีเอกสารภาษาอังกฤษ",
	    CKS_ANSWER_FOUND, 3, "อยากให้มีเอกสารภาษาอังกฤษ");
	found(&hotline, "ขอตอบว่าประทับใจครับพี่", 1);
	/* words after a label are the comment */
	expect(&hotline, "พึงพอใจ เจ้าหน้าที่สุภาพ", CKS_ANSWER_FOUND, 2,
	    "เจ้าหน้าที่สุภาพ");
	/* an English label is an everyday adjective: only a speaker's
	 * frame before it */
	none(&counter, "The price is high");
	none(&counter, "guide for high-value exports");
	expect(&counter, "Low - the queue was long", CKS_ANSWER_FOUND, 2,
	    "the queue was long");
	/* an everyday word glued to a Thai word qualifies it */
	none(&counter, "เจ้าหน้าที่สุภาพมาก");
	/* a label and its number on a line of their own */
	expect(&counter, "Had to wait about 20 minutes.\nLowest - 1", CKS_ANSWER_FOUND,
	    1, "Had to wait about 20 minutes.");
}

static void
test_pasted_lists_by_line(void **state)
{
	(void)state;
	found(&counter, "  5  Highest\n  4  High\n  3  Medium\n  2  Low\n  1  Lowest  [X]", 1);
	found(&hotline, "   1  ประทับใจ\n   2  พึงพอใจ\n✓ 3  ไม่พึงพอใจ", 3);
	found(&hotline, "  1  ประทับใจ (เลือก)\n  2  พึงพอใจ\n  3  ไม่พึงพอใจ", 1);
	/* every line dressed, one unlike the rest: that one is picked */
	found(&counter, "□ (5) Highest\n□ (4) High\n■ (3) Medium\n□ (2) Low\n□ (1) Lowest", 3);
	found(&hotline, "⬜ 1 - ประทับใจ\n☑️ 2 - พึงพอใจ\n⬜ 3 - ไม่พึงพอใจ", 2);
	found(&counter, "5 = Highest\n4 = High\n*2 = Low*\n3 = Medium\n1 = Lowest", 2);
	/* bolded in HTML, as the text conversion writes it */
	found(&counter, "5 Highest\n*4 High*\n3 Medium\n2 Low\n1 Lowest", 4);
	/* two alike unlike the rest, or the odd line unmarked: no answer */
	check(&counter, "✓ 5 Highest\n✓ 4 High\n  3 Medium\n  2 Low\n  1 Lowest",
	    CKS_ANSWER_CONFLICTING, 0, 0, NULL);
	check(&counter, "✓ 5 Highest\n✓ 4 High\n3 Medium\n✓ 2 Low\n✓ 1 Lowest",
	    CKS_ANSWER_CONFLICTING, 0, 0, NULL);
	/* flattened by HTML: a ticked box is either's until blank boxes
	 * say which way; a comment after the last option holds no mark */
	check(&chat, "1 Impressed (X) 2 Satisfied", CKS_ANSWER_CONFLICTING, 0, 0, NULL);
	found(&chat, "( ) 1 Impressed (X) 2 Satisfied", 2);
	none(&counter, "5 Highest 4 High 3 Medium 2 Low 1 Lowest Please resend - why?");
	/* options numbered as a form numbers them: "ข้อ 4", "[4]", "(4)";
	 * the word and the brackets are the option's, no cue or remark */
	found(&counter, "ข้อ 5 มากที่สุด\n✅ ข้อ 4 มาก\nข้อ 3 ปานกลาง\nข้อ 2 น้อย\nข้อ 1 น้อยที่สุด", 4);
	found(&counter, "[5] Highest\n[4] High\n=> [3] Medium\n[2] Low\n[1] Lowest", 3);
	found(&hotline, "[ ] [1] Impressed\n[X] [2] Satisfied\n[ ] [3] Not satisfied", 2);
	found(&counter, "ข้อ 5 มากที่สุด ข้อ 4 มาก ← เลือก ข้อ 3 ปานกลาง ข้อ 2 น้อย ข้อ 1 น้อยที่สุด", 4);
	check(&counter, "ข้อ 5 มากที่สุด\nข้อ 4 มาก\nข้อ 3 ปานกลาง\nข้อ 2 น้อย\nข้อ 1 น้อยที่สุด",
	    CKS_ANSWER_NONE, 0, 0, NULL);
	/* an empty star beside the others is a blank box */
	found(&chat, "☆ 1) ประทับใจ\n★ 2) พึงพอใจ", 2);
	/* a question mark asks about an option, it does not pick it */
	check(&hotline, "1  ประทับใจ ?\n2  พึงพอใจ\n3  ไม่พึงพอใจ",
	    CKS_ANSWER_CONFLICTING, 0, 0, NULL);
	/* the others struck out (Markdown's ~~): the one left is the pick;
	 * all or all but two struck, none */
	found(&counter, "~~5 Highest~~\n~~4 High~~\n3 Medium\n~~2 Low~~\n~~1 Lowest~~", 3);
	found(&chat, "1. ประทับใจ\n~~2. พึงพอใจ~~", 1);
	none(&counter, "~~5 Highest~~\n4 High\n3 Medium\n~~2 Low~~\n~~1 Lowest~~");
	none(&chat, "~~1 Impressed~~\n~~2 Satisfied~~");
	/* the invitation's text part bolds the numbers, "*5*": copied back,
	 * the stars are the option's */
	found(&counter, "*5* Highest\n*4* High ✓\n*3* Medium\n*2* Low\n*1* Lowest", 4);
	found(&chat, "👉 *1* ประทับใจ\n*2* พึงพอใจ", 1);
	none(&counter, "*5* มากที่สุด\n*4* มาก\n*3* ปานกลาง\n*2* น้อย\n*1* น้อยที่สุด");
	/* the list to tap, labels without numbers, pasted back and marked */
	found(&chat, "Impressed\nSatisfied [X]\n\nรอนานไปหน่อย", 2);
	found(&counter, "มากที่สุด\n[X] มาก\nปานกลาง\nน้อย\nน้อยที่สุด", 4);
	none(&hotline, "ประทับใจ\nพึงพอใจ\nไม่พึงพอใจ");
	/* a few words after a sign say what it means; words that negate
	 * or take it back, a number or a scale word do not */
	found(&counter, "5  มากที่สุด\n4  มาก ← เอาอันนี้\n3  ปานกลาง\n2  น้อย\n1  น้อยที่สุด", 4);
	found(&hotline, "1  Impressed\n2  Satisfied <-- my vote\n3  Not satisfied", 2);
	check(&hotline, "1  Impressed <-- not this one\n2  Satisfied\n3  Not satisfied",
	    CKS_ANSWER_CONFLICTING, 0, 0, NULL);
	check(&hotline, "1  ประทับใจ ← ไม่ใช่ข้อนี้\n2  พึงพอใจ\n3  ไม่พึงพอใจ",
	    CKS_ANSWER_CONFLICTING, 0, 0, NULL);
	check(&hotline, "1  Impressed ← or 2\n2  Satisfied\n3  Not satisfied",
	    CKS_ANSWER_CONFLICTING, 0, 0, NULL);
	/* "<<" points back like "«", also where the lines run together */
	found(&counter, "5 Highest 4 High 3 Medium 2 Low <<< 1 Lowest", 2);
	found(&counter, "5 Highest 4 High >> 3 Medium 2 Low 1 Lowest", 3);
	/* a sign that opens every option's line alike is a bullet */
	found(&chat, "- 1 Impressed ✓\n- 2 Satisfied", 1);
	found(&chat, "· 1 ประทับใจ\n· 2 พึงพอใจ ✓", 2);
	none(&hotline, "• 1 Impressed\n• 2 Satisfied\n• 3 Not satisfied");
	/* the "V" a paper form is ticked with */
	found(&counter, "5  Highest\nV 4  High\n3  Medium\n2  Low\n1  Lowest", 4);
	/* an exclamation is said with feeling, not a tick */
	none(&chat, "Satisfied\nImpressed!");
	check(&counter, "5 Highest!\n4 High\n3 Medium\n2 Low\n1 Lowest", CKS_ANSWER_NONE, 0, 0, NULL);
	/* one option kept with its sign: the sign is no comment */
	check(&counter, "5  Highest ← this one\n\nรอนานไปหน่อย", CKS_ANSWER_FOUND, 5, 1,
	    "รอนานไปหน่อย");
	check(&counter, "4  มาก [X]\nThanks for the quick reply.", CKS_ANSWER_FOUND, 4, 1,
	    "Thanks for the quick reply.");
	/* three lines numbered in a row, none marked: an enumeration (here
	 * another channel's options), no answer opens it */
	none(&counter, "1  ประทับใจ\n2  พึงพอใจ\n3  ไม่พึงพอใจ\nต้องตอบแบบนี้ใช่ไหมคะ");
	check(&counter, "'4'\n5 of us attended the briefing.", CKS_ANSWER_FOUND, 4, 1,
	    "5 of us attended the briefing.");
	/* crossed out with ~~ is deleted, whatever it holds */
	none(&counter, "~~1 ประทับใจ~~\n~~2 พึงพอใจ~~\nไม่ตอบนะครับ");
	found(&counter, "~~5~~\n4 ค่ะ", 4);
	found(&counter, "~4~", 4);
}

/* A reply that says the customer has not decided records nothing: the
 * pick is a suggestion. */
static void
test_not_sure_yet(void **state)
{
	struct cks_answer a;

	(void)state;
	assert_int_equal(cks_answer_find(&hotline, "1  ประทับใจ  <--\n2  พึงพอใจ\n"
	    "3  ไม่พึงพอใจ\nยังไม่แน่ใจค่ะ ขอคิดดูก่อน", &a), 0);
	assert_int_equal(a.kind, CKS_ANSWER_NONE);
	assert_int_equal(a.suggestion, 1);
	cks_answer_clear(&a);
	none(&counter, "4\nNot sure yet, will confirm later");
	/* the North's polite particle and chat's "ฮ้าฟ" are particles */
	check(&counter, "๓ เจ้า", CKS_ANSWER_FOUND, 3, 1, NULL);
	check(&hotline, "2 ฮ้าฟ, รอคิวนาน", CKS_ANSWER_FOUND, 2, 1, "รอคิวนาน");
	check(&hotline, "2 เจ้าค่ะ", CKS_ANSWER_FOUND, 2, 1, NULL);
	/* faces and laughter typed in Latin letters are no comment */
	check(&counter, "4 :D", CKS_ANSWER_FOUND, 4, 1, NULL);
	check(&counter, "4 XD\nThanks for the help.", CKS_ANSWER_FOUND, 4, 1,
	    "Thanks for the help.");
	check(&hotline, "2 lol", CKS_ANSWER_FOUND, 2, 1, NULL);
	check(&hotline, "2 <3", CKS_ANSWER_FOUND, 2, 1, NULL);
	none(&counter, "ให้ 4 ค่ะ\nแต่ยังไม่แน่ใจ");
	/* unsure about something named: a remark */
	found(&counter, "ให้ 4 ค่ะ\nเรื่องพิกัดศุลกากรยังไม่แน่ใจ จะโทรถามอีกครั้ง", 4);
	found(&counter, "4\nNot sure whether the form was sent, please check", 4);
	found(&counter, "4\nไม่แน่ใจว่าส่งเอกสารครบหรือยัง", 4);
}

static void
test_writer_signs(void **state)
{
	struct cks_answer a;

	(void)state;
	/* the writer's own name ends the comment, and the sign-off above
	 * it whatever its words */
	assert_int_equal(cks_answer_find_by(&hotline, "2\nรอสายนานไปหน่อย\n\n"
	    "ด้วยไมตรีจิตยิ่ง\nสมชาย ใจดี\nฝ่ายขายต่างประเทศ", "สมชาย ใจดี", &a), 0);
	assert_int_equal(a.code, 2);
	assert_string_equal(a.comment, "รอสายนานไปหน่อย");
	cks_answer_clear(&a);
	assert_int_equal(cks_answer_find_by(&hotline, "2\nPlease call back.\n\n"
	    "Yours in trade,\nEmily", "Emily Chen", &a), 0);
	assert_string_equal(a.comment, "Please call back.");
	cks_answer_clear(&a);
	/* a name whose surname holds a scale word ("ใจดี") is still a name */
	expect(&counter, "4\nรอนาน\n\nสมชาย ใจดี", CKS_ANSWER_FOUND, 4, "รอนาน");
	/* a farewell above the writer's name, though "ดี" is in it */
	assert_int_equal(cks_answer_find_by(&counter, "5 ครับ\nรอนานนิดหน่อย\n\n"
	    "สวัสดีครับ\nวิชัย", "วิชัย ศรีสุข", &a), 0);
	assert_int_equal(a.code, 5);
	assert_string_equal(a.comment, "รอนานนิดหน่อย");
	cks_answer_clear(&a);
	/* a line made only of closing words is a closing */
	expect(&hotline, "2\nรอนาน\n\nขอบคุณล่วงหน้าครับ", CKS_ANSWER_FOUND, 2, "รอนาน");
	expect(&hotline, "2\nThe wait was long.\n\nThank you and best regards",
	    CKS_ANSWER_FOUND, 2, "The wait was long.");
	expect(&hotline, "2\nThanks for the quick help!", CKS_ANSWER_FOUND, 2,
	    "Thanks for the quick help!");
}

/* A short remark after the number is the customer's, word for word; only
 * words about the answer itself ("ตามที่ประเมิน", "เต็มๆ") go with it. */
static void
test_short_remarks_kept(void **state)
{
	(void)state;
	expect(&counter, "4 ช้าไปค่ะ", CKS_ANSWER_FOUND, 4, "ช้าไปค่ะ");
	expect(&counter, "5 รอนานครับ เอกสารครบ", CKS_ANSWER_FOUND, 5,
	    "รอนานครับ เอกสารครบ");
	expect(&counter, "5 ตามที่ประเมินครับ รอนานนิดหน่อย", CKS_ANSWER_FOUND, 5,
	    "รอนานนิดหน่อย");
	expect(&counter, "5 คะแนนเต็มๆ ครับ รอนานนิดหน่อย", CKS_ANSWER_FOUND, 5,
	    "รอนานนิดหน่อย");
	expect(&counter, "A 4 from me - the wait was long", CKS_ANSWER_FOUND, 4,
	    "the wait was long");
	expect(&counter, "5 (five). Docs were clear.", CKS_ANSWER_FOUND, 5,
	    "Docs were clear.");
	expect(&counter, "Option 5, please. Docs were clear.", CKS_ANSWER_FOUND, 5,
	    "Docs were clear.");
	expect(&counter, "4 for me - Please also send the English version.",
	    CKS_ANSWER_FOUND, 4, "Please also send the English version.");
	expect(&counter, "5 without a doubt. Docs were clear.", CKS_ANSWER_FOUND, 5,
	    "Docs were clear.");
	/* a tail made only of words about the answer goes with it; one word
	 * more about the service and it is the comment */
	expect(&counter, "4, honestly", CKS_ANSWER_FOUND, 4, NULL);
	expect(&counter, "3 ครับ ตอบตามจริง", CKS_ANSWER_FOUND, 3, NULL);
	expect(&counter, "3 ค่ะ ตอบช้า", CKS_ANSWER_FOUND, 3, "ตอบช้า");
	expect(&counter, "4 no parking", CKS_ANSWER_FOUND, 4, "no parking");
	expect(&counter, "4 stars I'd say", CKS_ANSWER_FOUND, 4, NULL);
	/* ... unless the line's words run on below */
	expect(&counter, "4 - Would\nlike a map", CKS_ANSWER_FOUND, 4, "Would\nlike a map");
	/* the comment after a scale word keeps its first word */
	expect(&counter, "Excellent the staff were great", CKS_ANSWER_FOUND, 5,
	    "the staff were great");
	expect(&counter, "Very poor  The queue was long.", CKS_ANSWER_FOUND, 1,
	    "The queue was long.");
	/* a score counts up: on 1169, whose best answer is 1, "3 stars" and
	 * "3/3" read backwards, and nothing is recorded */
	reason(&hotline, "3 stars", CKS_ANSWER_CONFLICTING, "a score (stars, points, "
	    "N/3) on a scale whose best answer is 1: which answer is meant is not clear");
	check(&hotline, "3/3", CKS_ANSWER_CONFLICTING, 0, 0, NULL);
	check(&hotline, "1 คะแนน", CKS_ANSWER_CONFLICTING, 0, 0, NULL);
	found(&hotline, "ให้ 1 ค่ะ", 1);
	found(&counter, "3 stars", 3);
	/* a line cue after a lead-in, and more cue verbs */
	found(&counter, "ความพึงพอใจระดับ 4", 4);
	found(&counter, "ติ๊กข้อ 4", 4);
	expect(&counter, "ส่งคำตอบ 4", CKS_ANSWER_FOUND, 4, NULL);
	none(&counter, "เอกสารข้อ 3 เปิดไม่ได้");
	/* a number spelled out, a particle and a blank: a clause ends */
	expect(&counter, "สามค่ะ แต่รอนาน", CKS_ANSWER_FOUND, 3, "แต่รอนาน");
	none(&counter, "สองคนค่ะ มาติดต่อ");
	/* the cue of a scale word is the answer's, not a comment */
	expect(&counter, "ขอตอบว่ามากที่สุดค่ะ", CKS_ANSWER_FOUND, 5, NULL);
	expect(&counter, "My answer: good. The wait was long.", CKS_ANSWER_FOUND, 4,
	    "The wait was long.");
	/* a tail in brackets, one closed by a Thai blank or a dash */
	expect(&hotline, "1 ค่ะ (คำตอบของดิฉัน) รอประมาณ 10 นาที", CKS_ANSWER_FOUND, 1,
	    "รอประมาณ 10 นาที");
	expect(&hotline, "2 คือคำตอบของหนูค่ะ เจ้าหน้าที่พูดจาไพเราะ", CKS_ANSWER_FOUND, 2,
	    "เจ้าหน้าที่พูดจาไพเราะ");
	expect(&hotline, "2 ครับ ขอยืนยัน อยากให้เพิ่มที่นั่งรอ", CKS_ANSWER_FOUND, 2,
	    "อยากให้เพิ่มที่นั่งรอ");
	expect(&hotline, "2 ครับ ตอบตามจริง - รอนาน", CKS_ANSWER_FOUND, 2, "รอนาน");
	expect(&hotline, "2 ครับ ตอบตามจริง\nรอนาน", CKS_ANSWER_FOUND, 2, "รอนาน");
	/* a scale word that agrees with the number is a remark, kept whole */
	expect(&counter, "5 ที่เลือกค่ะ บริการดีมาก", CKS_ANSWER_FOUND, 5,
	    "บริการดีมาก");
	expect(&counter, "5 ค่ะ\nเจ้าหน้าที่ดีมาก", CKS_ANSWER_FOUND, 5,
	    "เจ้าหน้าที่ดีมาก");
}

/* A pick marked inside the quoted invitation: the list we sent had no
 * marks, so a marked line is the customer's; nothing else in the quote
 * is read. */
static void
test_marked_in_quote(void **state)
{
	struct cks_answer a;

	(void)state;
	assert_int_equal(cks_answer_find_marked(&counter, "> Please rate us, e.g. type 1\n"
	    ">  5  Highest\n>  4  High  <-- this one\n>  3  Medium\n>  2  Low\n"
	    ">  1  Lowest\n> Reference 2569", &a), 0);
	assert_int_equal(a.kind, CKS_ANSWER_FOUND);
	assert_int_equal(a.code, 4);
	assert_null(a.comment);
	cks_answer_clear(&a);
	/* the invitation quoted as sent: nothing */
	assert_int_equal(cks_answer_find_marked(&counter, "> type 1\n>  5  Highest\n"
	    ">  4  High\n>  3  Medium\n>  2  Low\n>  1  Lowest", &a), 0);
	assert_int_equal(a.kind, CKS_ANSWER_NONE);
	cks_answer_clear(&a);
	/* two marked: a conflict */
	assert_int_equal(cks_answer_find_marked(&counter, ">  5  Highest  ✓\n"
	    ">  4  High  ✓\n>  3  Medium\n>  2  Low\n>  1  Lowest", &a), 0);
	assert_int_equal(a.kind, CKS_ANSWER_CONFLICTING);
	cks_answer_clear(&a);
	/* the invitation as quoted, both its lists (to tap, and "*5*"
	 * numbered as its text part bolds them): unmarked, nothing; a mark
	 * in either list is the pick */
	{
		static const char *const quoted[] = {
			"> โปรดประเมินความพึงพอใจ:\n>\n> มากที่สุด\n> มาก\n> ปานกลาง\n> น้อย\n"
			"> น้อยที่สุด\n>\n> หรือตอบกลับอีเมลนี้ด้วยหมายเลข:\n>\n> *5* มากที่สุด\n"
			"> *4* มาก\n> *3* ปานกลาง\n> *2* น้อย\n> *1* น้อยที่สุด\n>\n"
			"> เช่น พิมพ์ *5* แล้วกดส่ง\n> รหัสอ้างอิง: 5WANH5H79QDDW",
			"> โปรดประเมินความพึงพอใจ:\n>\n> มากที่สุด\n> มาก\n> ปานกลาง\n> น้อย\n"
			"> น้อยที่สุด\n>\n> หรือตอบกลับอีเมลนี้ด้วยหมายเลข:\n>\n> *5* มากที่สุด\n"
			"> *4* มาก ← เลือกข้อนี้\n> *3* ปานกลาง\n> *2* น้อย\n> *1* น้อยที่สุด\n>\n"
			"> เช่น พิมพ์ *5* แล้วกดส่ง",
			"> โปรดประเมินความพึงพอใจ:\n>\n> มากที่สุด\n> มาก ✓\n> ปานกลาง\n> น้อย\n"
			"> น้อยที่สุด\n>\n> หรือตอบกลับอีเมลนี้ด้วยหมายเลข:\n>\n> *5* มากที่สุด\n"
			"> *4* มาก\n> *3* ปานกลาง\n> *2* น้อย\n> *1* น้อยที่สุด\n>\n"
			"> เช่น พิมพ์ *5* แล้วกดส่ง",
		};

		assert_int_equal(cks_answer_find_marked(&counter, quoted[0], &a), 0);
		assert_int_equal(a.kind, CKS_ANSWER_NONE);
		cks_answer_clear(&a);
		assert_int_equal(cks_answer_find_marked(&counter, quoted[1], &a), 0);
		assert_int_equal(a.kind, CKS_ANSWER_FOUND);
		assert_int_equal(a.code, 4);
		cks_answer_clear(&a);
		assert_int_equal(cks_answer_find_marked(&counter, quoted[2], &a), 0);
		assert_int_equal(a.kind, CKS_ANSWER_FOUND);
		assert_int_equal(a.code, 4);
		cks_answer_clear(&a);
	}
}

/* Writers a second pair of eyes imagined (issue 10, round 5): a
 * correction said with "no", a numbered list of questions, a feeling
 * running into a "but", a number beside a word of the other side, degrees
 * said another way, the satisfaction named as the subject. */
static void
test_second_eyes(void **state)
{
	static const struct {
		const struct cks_channel_plugin *ch;
		const char *text;
		enum cks_answer_kind kind;
		int code;
	} cases[] = {
		{ &hotline, "1... no, 2", CKS_ANSWER_CONFLICTING, -1 },
		{ &counter, "4 ไม่ใช่ 3", CKS_ANSWER_CONFLICTING, -1 },
		{ &chat, "I have 2 questions:\n1. What is the fee?\n2. How long?",
		  CKS_ANSWER_NONE, -1 },
		{ &hotline, "พอใจกับคำตอบเรื่องภาษี แต่เรื่องขนส่งยังไม่ชัด",
		  CKS_ANSWER_NONE, -1 },
		{ &counter, "5 ไม่พอใจ", CKS_ANSWER_CONFLICTING, -1 },
		{ &counter, "5 not satisfied", CKS_ANSWER_CONFLICTING, -1 },
		{ &hotline, "1 ไม่พอใจมาก", CKS_ANSWER_CONFLICTING, -1 },
		{ &counter, "4 ดีมาก", CKS_ANSWER_FOUND, 4 },
		{ &counter, "Not so satisfied", CKS_ANSWER_FOUND, 2 },
		{ &counter, "ไม่พอใจอย่างยิ่ง", CKS_ANSWER_FOUND, 1 },
		{ &counter, "5 ไม่พอใจอย่างยิ่ง", CKS_ANSWER_CONFLICTING, -1 },
		{ &chat, "ระดับความพึงพอใจของข้าพเจ้า คือ 2", CKS_ANSWER_FOUND, 2 },
		{ &counter, "Call it a 2 - we ship 200 tons a year", CKS_ANSWER_FOUND, 2 },
		{ &hotline, "Chose 2\nWe shipped 2 containers and plan 3 more.",
		  CKS_ANSWER_FOUND, 2 },
		{ &counter, "Two please\n\nThanks", CKS_ANSWER_FOUND, 2 },
		{ &hotline, "ข้อ 1 กับข้อ 2 ในแบบฟอร์มต่างกันยังไงคะ", CKS_ANSWER_NONE, -1 },
		{ &counter, "ให้ 5 ค่ะ มีสัมมนาอีกไหมคะ", CKS_ANSWER_FOUND, 5 },
		{ &chat, "1 ไม่มีอะไรเพิ่มเติม", CKS_ANSWER_FOUND, 1 },
		{ &hotline, "Satisfied\n2. please resend the link", CKS_ANSWER_FOUND, 2 },
		{ &counter, "4 <3", CKS_ANSWER_FOUND, 4 },
		{ &hotline, "ชื่นใจ\nพอใจแล้วค่ะ", CKS_ANSWER_FOUND, 2 },
		{ &counter, "ขอให้อยู่ในระดับ 4", CKS_ANSWER_FOUND, 4 },
		{ &hotline, "๓\nประทับใจเป็นอย่างยิ่งครับ", CKS_ANSWER_CONFLICTING, -1 },
		{ &counter, "Somewhat unsatisfied", CKS_ANSWER_FOUND, 2 },
		{ &hotline, "ขอตอบ 1 นะคะ\nNot bad, but can be faster.", CKS_ANSWER_FOUND, 1 },
		{ &chat, "1\nไม่ประทับใจเลย", CKS_ANSWER_CONFLICTING, -1 },
	};
	struct cks_answer a;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(cks_answer_find(cases[i].ch, cases[i].text, &a), 0);
		if (a.kind != cases[i].kind || a.code != cases[i].code)
			fail_msg("\"%s\": kind %d code %d (%s)", cases[i].text,
			    (int)a.kind, a.code, a.reason);
		cks_answer_clear(&a);
	}
}

/* An answer under a condition, put off, refused, undecided or given on
 * another occasion is not given now: quarantined with it as the
 * suggestion.  The same words framing the rating, or in another clause,
 * leave the answer given. */
static void
test_not_given_now(void **state)
{
	static const char *const not_now[] = {
		"ถ้าได้ใบอนุญาตเร็วจะให้ 5 ครับ", "หากได้รับเอกสารครบ จะให้คะแนน 5",
		"ครั้งหน้าจะให้ 5 ครับ", "ครั้งที่แล้วผมให้ 2 ไป", "ไม่ให้ 5 หรอก",
		"ยังตัดสินใจไม่ได้ว่าจะให้ 4", "I will give 5 once I receive the certificate.",
		"If the queue were shorter I'd give 5.", "I'd give 5 if someone had called back",
		"Last time I gave 2.", "I won't give 5.", "I can't give 5 this time",
		"Don't record 1, that was a mistake. I'll answer later.",
		"Not sure whether to give 3.", "จะตอบ 1 หลังคุยเสร็จนะคะ",
		"My rating agency gave us 4 stars", "We got 5 stars from the auditors", NULL
	};
	static const struct { const char *text; int code; } given[] = {
		{ "ถ้าให้คะแนน ให้ 4 ครับ", 4 }, { "If I had to rate it, I'd give 4.", 4 },
		{ "ถ้ามีสัมมนาอีกช่วยแจ้งด้วย ให้ 4 ครับ", 4 },
		{ "ให้ 4 ครับ ถ้ามีสัมมนาอีกช่วยแจ้งด้วย", 4 },
		{ "ครั้งที่แล้วรอนาน แต่ครั้งนี้ให้ 5 ครับ", 5 },
		{ "I would rate 2, the wait was over an hour.", 2 },
		{ "5 ครับ ครั้งหน้าจะมาใช้บริการอีก", 5 }, { "จะให้ 5 ค่ะ", 5 },
		{ "I'll give it a 5!", 5 }, { "ไม่พอใจ 2 ค่ะ", 2 },
		{ "I don't mind. My answer is 3", 3 }, { "ให้ได้ 4 คะแนนค่ะ", 4 },
		{ "I'd give you 5", 5 },
	};
	struct cks_answer a;

	(void)state;
	for (size_t i = 0; not_now[i] != NULL; i++) {
		assert_int_equal(cks_answer_find(&counter, not_now[i], &a), 0);
		if (a.kind != CKS_ANSWER_NONE || strstr(a.reason, "not given now") == NULL)
			fail_msg("\"%s\": %s (%s)", not_now[i],
			    cks_answer_kind_name(a.kind), a.reason);
		assert_int_not_equal(a.suggestion, -1);
		cks_answer_clear(&a);
	}
	reason(&counter, "ถ้าได้ใบอนุญาตเร็วจะให้ 5 ครับ", CKS_ANSWER_NONE,
	    "answer 5 (\"ให้\") is not given now: under a condition");
	for (size_t i = 0; i < sizeof(given) / sizeof(given[0]); i++) {
		assert_int_equal(cks_answer_find(&counter, given[i].text, &a), 0);
		if (a.kind != CKS_ANSWER_FOUND || a.code != given[i].code)
			fail_msg("\"%s\": %s %d (%s)", given[i].text,
			    cks_answer_kind_name(a.kind), a.code, a.reason);
		cks_answer_clear(&a);
	}
	/* the answer given now stands beside the one promised */
	found(&counter, "ให้ 4 ครับ ถ้าส่งเอกสารเร็วกว่านี้จะให้ 5", 4);
}

/* A number referred to, a menu's entry, the object of a cue, a count of
 * digits and a step before another name things: no answer. */
static void
test_numbers_naming_things(void **state)
{
	(void)state;
	none(&counter, "Re point 5 - yes we export to Japan.");
	none(&counter, "เกี่ยวกับข้อ 3 ต้องใช้เอกสารอะไรบ้าง");
	none(&hotline, "Press 1 for Thai is confusing.");
	none(&hotline, "กด 2 เพื่อคุยกับเจ้าหน้าที่ไม่ได้เลย");
	none(&counter, "เลือกแพ็กเกจ 2 ครับ ราคาเท่าไหร่");
	none(&counter, "ผมให้เบอร์ 5 หลักไปผิด ขอแก้ครับ");
	none(&hotline, "ต้องกด 2 ก่อนถึงจะคุยกับเจ้าหน้าที่ได้");
	/* the same words about the survey, or apart from the number */
	found(&hotline, "In answer to your question, 1.", 1);
	found(&counter, "Having thought about it, 2.", 2);
	found(&counter, "ตอบตามแบบสอบถาม 4", 4);
	found(&hotline, "กด 2 ค่ะ", 2);
	found(&counter, "ให้ 5 ก่อนนะคะ", 5);
	found(&counter, "5 for the service, thanks", 5);
	/* a comma sets the remark off after what names the rating */
	found(&counter, "Overall 4, the queue was long.", 4);
	found(&counter, "Overall satisfaction 4, the queue was long.", 4);
	none(&counter, "We need 3, please send them");
	/* "ในระดับ" puts a rating on its scale; a part of a whole is a count */
	found(&counter, "ข้าพเจ้าขอประเมินในระดับ 5 (มากที่สุด)", 5);
	none(&counter, "ลิงก์ในข้อ 2 เปิดไม่ได้");
	none(&counter, "Thanks. 4 of our 5 shipments arrived.");
	found(&counter, "Thanks, 4 of 5 from me", 4);
	/* a scale word opening the reply that praises another thing */
	none(&chat, "Impressive website. Is the seminar still on?");
	none(&counter, "Excellent question, how do I answer?");
	found(&chat, "Excellent service!", 1);
	found(&hotline, "Satisfied with the help", 2);
	/* an opinion frames an English word; the end of the scale said twice;
	 * a comma before a Thai remark sets the word off; a slip before a
	 * spaced dash */
	found(&hotline, "I think satisfied", 2);
	found(&counter, "Lowest possible", 1);
	found(&counter, "LOW, ส่งเอกสารมาทางไลน์ได้ไหม", 2);
	found(&hotline, "Statisfied - I called at 8:45, before you opened.", 2);
	/* an everyday word beside an answer promised for later */
	none(&hotline, "Good, I will answer tomorrow.");
	none(&counter, "ดีค่ะ เดี๋ยวจะตอบแบบประเมินให้นะคะ");
	found(&hotline, "Good, thanks", 2);
	/* how the answer is given is no object of the cue; a copula before a
	 * spelled number; a spaced dash sets a spelled number off; a heart
	 * says nothing; a confirmation after the number on the last line; a
	 * number on a line of its own that ends the sentence above */
	found(&counter, "ตอบแบบสั้นๆ 2 ครับ", 2);
	found(&counter, "It's two", 2);
	found(&counter, "Four - Got the list of 12 importers I asked for.", 4);
	found(&counter, "Queue no. 102, waited almost an hour.\n1 <3", 1);
	found(&chat, "สายหลุดระหว่างโอนสาย ต้องโทรใหม่\n1 ยืนยันค่ะ", 1);
	expect(&counter, "ปานกลางครับ - ลิงก์หมดอายุก่อนวันที่\n30", CKS_ANSWER_FOUND, 3,
	    "ลิงก์หมดอายุก่อนวันที่\n30");
	none(&counter, "ลิงก์ในหน้า\n3");
	/* "over", "outta" make a score; a confirmation after a copula; an
	 * English line that goes on in Thai */
	found(&counter, "2 outta 5", 2);
	found(&counter, "I would like to suggest English manual.\n3 is final", 3);
	found(&chat, "น้องผู้หญิงที่เคาน์เตอร์ยิ้มแย้มแจ่มใส\n1 ตอบไว้แค่นี้ครับ", 1);
	found(&counter, "Please log 2, สายหลุดระหว่างโอนสาย", 2);
	none(&counter, "We need 2 ตัวอย่าง");
	/* the words for the answer after the number are the answer's, and
	 * cue no scale word of the remark after them */
	expect(&counter, "3 is my final answer Very good explanation, a bit slow system.",
	    CKS_ANSWER_FOUND, 3, "Very good explanation, a bit slow system.");
	expect(&counter, "1 as my rating พอใจกับข้อมูลที่ได้รับ แต่รอนานไปหน่อย",
	    CKS_ANSWER_FOUND, 1, "พอใจกับข้อมูลที่ได้รับ แต่รอนานไปหน่อย");
	/* the counter's Thai words for its levels as writers say them */
	{
		struct cks_channels *chs = test_channels_load();
		const struct cks_channel_plugin *real = cks_channels_find(chs, "counter");
		static const struct { const char *text; int code; } said[] = {
			{ "สูงสุดเลยครับ", 5 }, { "เป็นเลิศค่ะ", 5 }, { "ค่อนข้างดีค่ะ", 4 },
			{ "ปกติค่ะ", 3 }, { "พอประมาณครับ", 3 }, { "ค่อนข้างน้อย", 2 },
			{ "ผิดหวังค่ะ", 2 }, { "ไม่พึงพอใจครับ", 1 }, { "ต่ำที่สุด", 1 },
		};

		for (size_t i = 0; i < sizeof(said) / sizeof(said[0]); i++)
			found(real, said[i].text, said[i].code);
		none(real, "ชั้นต่ำ");
		none(real, "เวลาปกติ 9 โมง");
		cks_channels_free(&chs);
	}
	/* a bilingual form's option, the other language's label in brackets;
	 * a form's boxes pasted back with numbers only */
	found(&hotline, "1 = ประทับใจ (Impressed)\n2 = พึงพอใจ (Satisfied)  <---\n"
	    "3 = ไม่พึงพอใจ (Not satisfied)", 2);
	found(&counter, "( ) 5\n(\xe2\x80\xa2) 4\n( ) 3\n( ) 2\n( ) 1", 4);
	reason(&counter, "( ) 5\n( ) 4\n( ) 3", CKS_ANSWER_CONFLICTING, "answers 5, 4 and 3");
	reason(&counter, "( ) 5\n(\xe2\x80\xa2) 4\n(\xe2\x80\xa2) 3", CKS_ANSWER_CONFLICTING,
	    "answers 5, 4 and 3");
	/* the question answered, its line break lost in HTML */
	found(&counter, "How satisfied were you? 1", 1);
	none(&counter, "Did you get my file? 2");
	/* the answer's line above the writer's name, no blank between (as
	 * HTML mail puts them): a number spelled as a word of its own, a long
	 * scale word glued to the word before it */
	{
		struct cks_answer a;

		assert_int_equal(cks_answer_find_by(&chat, "ข้อหนึ่งค่ะ\nพิมพ์ชนก", "พิมพ์ชนก", &a), 0);
		assert_int_equal(a.kind, CKS_ANSWER_FOUND);
		assert_int_equal(a.code, 1);
		cks_answer_clear(&a);
		assert_int_equal(cks_answer_find_by(&hotline, "ข้าพเจ้าพึงพอใจ\nพิมพ์ชนก", "พิมพ์ชนก", &a), 0);
		assert_int_equal(a.kind, CKS_ANSWER_FOUND);
		assert_int_equal(a.code, 2);
		cks_answer_clear(&a);
	}
}

/* Stars drawn on a line of their own are the score; on a scale whose
 * best answer is its lowest number they read backwards. */
static void
test_stars(void **state)
{
	(void)state;
	found(&counter, "★★★★★", 5);
	found(&counter, "★★★★☆", 4);
	found(&counter, "\xe2\xad\x90\xef\xb8\x8f\xe2\xad\x90\xef\xb8\x8f\xe2\xad\x90 ค่ะ\nรอนาน", 3);
	found(&chat, "★☆", 1);
	none(&counter, "★★★★★★★★★★★★");
	none(&counter, "★★★ Siam Fruit ★★★");
	none(&counter, "☆☆☆☆☆");
	reason(&hotline, "★★★", CKS_ANSWER_CONFLICTING, "a score (stars, points, N/3) "
	    "on a scale whose best answer is 1: which answer is meant is not clear");
}

/* 1169 and chat as the plugins grade them: "very impressed" listed, so a
 * grade may change the option. */
static const char *const graded_impressed_en[] = { "impressed", "excellent",
	"very impressed", NULL };
static const struct cks_rating_option hotline_graded_scale[] = {
	{ 1, { "ประทับใจ", "Impressed" }, 1, impressed_th, graded_impressed_en },
	{ 2, { "พึงพอใจ", "Satisfied" }, 1, satisfied_th, satisfied_en },
	{ 3, { "ไม่พึงพอใจ", "Not satisfied" }, 0, not_satisfied_th, not_satisfied_en },
};
static const struct cks_rating_option chat_graded_scale[] = {
	{ 1, { "ประทับใจ", "Impressed" }, 1, impressed_th, graded_impressed_en },
	{ 2, { "พึงพอใจ", "Satisfied" }, 1, satisfied_th, satisfied_en },
};
static const struct cks_channel_plugin hotline_graded = CHANNEL("hotline1169", hotline_graded_scale);
static const struct cks_channel_plugin chat_graded = CHANNEL("chat", chat_graded_scale);

/* The counter with "pleased" for High, as the plugin lists it. */
static const char *const pleased_high_en[] = { "good", "satisfied", "pleased", NULL };
static const struct cks_rating_option counter_pleased_scale[] = {
	{ 5, { "มากที่สุด", "Highest" }, 1, highest_th, highest_en },
	{ 4, { "มาก", "High" }, 1, high_th, pleased_high_en },
	{ 3, { "ปานกลาง", "Medium" }, 0, medium_th, medium_en },
	{ 2, { "น้อย", "Low" }, 0, low_th, low_en },
	{ 1, { "น้อยที่สุด", "Lowest" }, 0, lowest_th, lowest_en },
};
static const struct cks_channel_plugin counter_pleased = CHANNEL("counter", counter_pleased_scale);

/* Scale words in the writer's own spelling: a slip of the keyboard on a
 * line of its own, the formal "มีความ", a liking graded by the option's
 * degree word, a grade said twice or before an end of the scale, and a
 * scale word in a question. */
static void
test_words_in_other_spellings(void **state)
{
	(void)state;
	found(&counter, "satisfed", 4);
	found(&hotline, "Statisfied", 2);
	found(&hotline, "impresed", 1);
	found(&counter, "very satisfed", 5);
	expect(&counter, "Disatisfied, the queue was long.", CKS_ANSWER_FOUND, 2,
	    "the queue was long.");
	/* a slip inside running text is no answer */
	none(&counter, "The agent satisfed every question we had about the HS codes and the fees");
	found(&counter, "ข้าพเจ้ามีความพึงพอใจในระดับมากที่สุด", 5);
	found(&hotline, "มีความพึงพอใจค่ะ", 2);
	none(&hotline, "ความพึงพอใจ");
	found(&counter, "ถูกใจมากค่ะ", 4);
	found(&counter, "ชอบมากที่สุด", 5);
	found(&hotline, "My feeling is satisfied", 2);
	found(&counter, "Very very satisfied", 5);
	found(&hotline_graded, "Very very impressed", 1);
	/* the scale's own grading of its words: the counter lists "very
	 * satisfied" for High's "satisfied", so "very pleased" is Highest
	 * where "pleased" is High; 1169 grades none of Satisfied's words */
	found(&counter_pleased, "Very pleased", 5);
	none(&hotline_graded, "Very good");
	/* "เป็นอย่างมาก" is "อย่างมาก" */
	found(&counter, "พึงพอใจเป็นอย่างมากค่ะ", 4);
	found(&hotline_graded, "Very unhappy", 3);
	found(&hotline_graded, "Really excellent!", 1);
	/* "very satisfied" lies between Impressed and Satisfied */
	none(&hotline_graded, "Very satisfied");
	none(&chat_graded, "Very satisfied");
	expect(&hotline_graded, "2 is my answer\nreally excellent service", CKS_ANSWER_FOUND, 2,
	    "really excellent service");
	expect(&hotline, "I am not satisfied at all", CKS_ANSWER_FOUND, 3, NULL);
	none(&counter, "Excellent question, how do I answer?");
	none(&counter, "Excellent question - how do I fill in the survey?");
	found(&hotline, "ประทับใจค่ะ มีสัมมนาอีกไหมคะ?", 1);
	found(&hotline, "Impressed - Can you send the form in Word?", 1);
	/* a frame after a blank goes with the word only where it ends what
	 * was said */
	expect(&counter, "พอใจมาก บริการรวดเร็ว", CKS_ANSWER_FOUND, 4, "บริการรวดเร็ว");
	expect(&hotline, "ประทับใจค่ะ ข้อนี้", CKS_ANSWER_FOUND, 1, NULL);
	expect(&hotline, "ไม่ประทับใจเลยสักนิด", CKS_ANSWER_FOUND, 3, NULL);
	expect(&counter, "Satisfied with the service, the staff was kind", CKS_ANSWER_FOUND, 4,
	    "the staff was kind");
	/* a grade after the word: the scale's "very" phrase for it */
	found(&counter, "Satisfied very much", 5);
	expect(&counter, "very good indeed", CKS_ANSWER_FOUND, 5, NULL);
	found(&counter, "Generally satisfied", 4);
	found(&counter, "อยู่ในเกณฑ์ดีมาก", 5);
	/* the satisfaction named before a level, not a bare "level" (a floor) */
	found(&counter, "Satisfaction level 2, please add me to the newsletter", 2);
	none(&counter, "Level 3 parking was full.");
	/* "ที่สุด" after an end of the scale and "ในการให้บริการ" go with it */
	expect(&hotline_graded, "ประทับใจมากที่สุด\nรอสายไม่นาน", CKS_ANSWER_FOUND, 1, "รอสายไม่นาน");
	expect(&hotline, "ประทับใจในการให้บริการค่ะ", CKS_ANSWER_FOUND, 1, NULL);
}

/* A feeling in words that name no option of the scale is never read as
 * one, but the plain satisfied option is offered as the suggestion. */
static void
test_feeling_without_option_suggests(void **state)
{
	struct cks_answer a;

	(void)state;
	assert_int_equal(cks_answer_find(&hotline, "ถูกใจค่ะ", &a), 0);
	assert_int_equal(a.kind, CKS_ANSWER_NONE);
	assert_int_equal(a.suggestion, 2);
	cks_answer_clear(&a);
	assert_int_equal(cks_answer_find(&counter, "Delighted", &a), 0);
	assert_int_equal(a.kind, CKS_ANSWER_NONE);
	assert_int_equal(a.suggestion, 4);
	cks_answer_clear(&a);
	assert_int_equal(cks_answer_find(&chat, "ชอบมาก", &a), 0);
	assert_int_equal(a.kind, CKS_ANSWER_NONE);
	assert_int_equal(a.suggestion, 2);
	cks_answer_clear(&a);
	/* a number for an option that is not satisfied beside it: a conflict */
	assert_int_equal(cks_answer_find(&counter, "2\nถูกใจ", &a), 0);
	assert_int_equal(a.kind, CKS_ANSWER_CONFLICTING);
	cks_answer_clear(&a);
}

/* A number promised for later or given on a condition is no rating yet;
 * a story of what came before ("หลังจากได้รับคำปรึกษาแล้ว") is no condition,
 * and a remark set off after the answer promises nothing. */
static void
test_ratings_not_given_yet(void **state)
{
	(void)state;
	none(&counter, "ถ้าส่งเร็วกว่านี้จะให้ 5");
	none(&counter, "จะให้ 5 หลังได้ของครบนะคะ");
	none(&counter, "ครั้งหน้าจะให้ 5 นะคะ");
	none(&counter, "Will rate 5 once the goods arrive.");
	none(&counter, "If it were faster I'd give 5.");
	none(&counter, "I'll give 5 next time");
	found(&counter, "หลังจากได้รับคำปรึกษาแล้ว ขอให้ 3 ครับ", 3);
	found(&counter, "ให้ 5 ค่ะ ครั้งหน้าจะมาใช้บริการอีก", 5);
	found(&counter, "I'll give 4", 4);
	found(&counter, "5 - next time I will bring my colleague", 5);
	none(&counter, "เลือก 3 สินค้า");
	/* a cue alone on the line above the number that opens its line */
	expect(&hotline, "ขอตอบ\n2 ค่ะ The registration link in item 2 does not work.",
	    CKS_ANSWER_FOUND, 2, "The registration link in item 2 does not work.");
	expect(&counter, "My answer:\n4 the agent was kind", CKS_ANSWER_FOUND, 4,
	    "the agent was kind");
	none(&counter, "ตอบ\n2 ชั่วโมงกว่าจะได้คิว");
	none(&counter, "ขอตอบ\n1. ค่าธรรมเนียมไม่แพง\n2. เจ้าหน้าที่สุภาพ");
	/* more ways to give it: mark an X (กา), a copula of place (อยู่ที่),
	 * the feeling before its level */
	found(&counter, "กาข้อ 4", 4);
	found(&counter, "ความพึงพอใจของดิฉันอยู่ที่ 4", 4);
	found(&counter, "ดิฉันพึงพอใจในระดับ 4", 4);
	expect(&counter, "I'm going to say 4", CKS_ANSWER_FOUND, 4, NULL);
	expect(&counter, "I would like to give 4", CKS_ANSWER_FOUND, 4, NULL);
	/* set off by a spaced colon, or a comma before a new sentence */
	expect(&counter, "Honestly, 4 : Keep up the work on the export guides.", CKS_ANSWER_FOUND, 4,
	    "Keep up the work on the export guides.");
	expect(&chat, "Please register 1, Please add me to the newsletter.", CKS_ANSWER_FOUND, 1,
	    "Please add me to the newsletter.");
	found(&counter, "ตอบตัวเลข 4, เจ้าหน้าที่สุภาพ", 4);
	/* a plural noun right after a cued number: the cue counts things */
	none(&counter, "Register 3 participants please");
	none(&counter, "I choose 2 samples");
	/* a greeting on the answer's line, up to the comma after the one
	 * greeted, and before a heading and a colon, is no part of it */
	expect(&chat, "Hi team, My choice: 1", CKS_ANSWER_FOUND, 1, NULL);
	expect(&chat, "Dear DITP, I choose option 2. The hotline menu is long.", CKS_ANSWER_FOUND, 2,
	    "The hotline menu is long.");
	expect(&chat, "สวัสดีค่ะ The answer is 1 - The officer was kind.", CKS_ANSWER_FOUND, 1,
	    "The officer was kind.");
	expect(&counter, "สวัสดีครับ ตอบคำถาม: 4 : อยากให้มีข้อมูลเพิ่ม", CKS_ANSWER_FOUND, 4,
	    "อยากให้มีข้อมูลเพิ่ม");
	/* a condition after a number given plainly is the remark's; after
	 * "would" it is the rating's */
	expect(&counter, "ให้ 4 ถ้าส่งเป็น Line ได้จะสะดวกกว่า", CKS_ANSWER_FOUND, 4,
	    "ถ้าส่งเป็น Line ได้จะสะดวกกว่า");
	none(&counter, "Would give 5 if the line was shorter");
	/* a wish held back by a "but" */
	none(&counter, "อยากให้ 5 แต่ยังไม่ได้รับเอกสาร");
	found(&counter, "อยากให้ 5 เลยค่ะ", 5);
	found(&counter, "I would say 4 the chat disconnected once, otherwise fine", 4);
}

/* What goes with the answer, not the comment: recording or confirming it
 * ("Register my answer 4", "สรุปตอบ 3"), "that is all" after it ("2 จบ",
 * "5 only"), and a particle's ร however it is glued ("นะคร๊าบ"). */
static void
test_answer_words_not_comment(void **state)
{
	(void)state;
	expect(&counter, "Register my answer 4", CKS_ANSWER_FOUND, 4, NULL);
	expect(&counter, "สรุปตอบ ๓", CKS_ANSWER_FOUND, 3, NULL);
	expect(&counter, "2 จบค่าาา รอคิวนาน", CKS_ANSWER_FOUND, 2, "รอคิวนาน");
	expect(&counter, "5 only The parking fee was 40 baht.", CKS_ANSWER_FOUND, 5,
	    "The parking fee was 40 baht.");
	expect(&counter, "ขอเลือกข้อ 2 นะคร๊าบ", CKS_ANSWER_FOUND, 2, NULL);
	/* a greeting line that also holds the answer gives it up; one that
	 * holds only an everyday word ("Hi. I am fine.") greets */
	found(&hotline, "สวัสดีครับ พอใจครับ", 2);
	none(&hotline, "Hi. I am fine.");
	found(&hotline, "ขอบคุณ พอใจ", 2);
	/* the option's label copied beside the number is the answer's */
	expect(&hotline, "1 [ประทับใจ]", CKS_ANSWER_FOUND, 1, NULL);
	expect(&counter, "น้อยที่สุด / ๑ : อยากให้มีแชท", CKS_ANSWER_FOUND, 1, "อยากให้มีแชท");
	expect(&hotline, "ไม่พึงพอใจ คือ 3, Waited from 9:00 to 9:50.", CKS_ANSWER_FOUND, 3,
	    "Waited from 9:00 to 9:50.");
	expect(&counter, "1\nน้อยที่สุด ระยะเวลารอนาน", CKS_ANSWER_FOUND, 1, "ระยะเวลารอนาน");
	/* a unit two blanks after a number beside its label begins the remark */
	found(&counter, "น้อย = ๒  ลิงก์ลงทะเบียนเปิดไม่ได้", 2);
	/* a word that begins with คร is no particle */
	expect(&counter, "ให้ 4 ครูดีมาก", CKS_ANSWER_FOUND, 4, "ครูดีมาก");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scales_match_plugins),
		cmocka_unit_test(test_short_remarks_kept),
		cmocka_unit_test(test_marked_in_quote),
		cmocka_unit_test(test_cues_reach_and_answer_lines),
		cmocka_unit_test(test_labels_framed_and_set_off),
		cmocka_unit_test(test_pasted_lists_by_line),
		cmocka_unit_test(test_not_sure_yet),
		cmocka_unit_test(test_writer_signs),
		cmocka_unit_test(test_digits_on_every_channel),
		cmocka_unit_test(test_press_and_prefixes),
		cmocka_unit_test(test_number_opening_the_reply),
		cmocka_unit_test(test_thai_words),
		cmocka_unit_test(test_longest_word_wins),
		cmocka_unit_test(test_english_words),
		cmocka_unit_test(test_negation),
		cmocka_unit_test(test_thai_words_inside_others),
		cmocka_unit_test(test_numbers_that_are_not_answers),
		cmocka_unit_test(test_conflicts),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_out_of_scale),
		cmocka_unit_test(test_long_reply),
		cmocka_unit_test(test_kind_names_and_clear),
		cmocka_unit_test(test_issue_examples),
		cmocka_unit_test(test_cues_and_patterns),
		cmocka_unit_test(test_pasted_list),
		cmocka_unit_test(test_disagreement),
		cmocka_unit_test(test_comment_without_signature),
		cmocka_unit_test(test_numbers_in_their_place),
		cmocka_unit_test(test_second_eyes),
		cmocka_unit_test(test_not_given_now),
		cmocka_unit_test(test_numbers_naming_things),
		cmocka_unit_test(test_stars),
		cmocka_unit_test(test_words_in_other_spellings),
		cmocka_unit_test(test_ratings_not_given_yet),
		cmocka_unit_test(test_answer_words_not_comment),
		cmocka_unit_test(test_feeling_without_option_suggests),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
