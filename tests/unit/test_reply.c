/* Unit tests for core/reply: cutting quoted history and signatures from a
 * reply.  First our own cases, the survey invitation (templates/survey.*
 * rendered by hand) quoted beneath a short answer as each mail client
 * writes it; then the third-party fixtures in tests/corpus, compared with
 * what their projects' tests expect (tests/corpus/README.md). */
#include "autoconfig.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testhelp.h"
#include "reply.h"

#define TOKEN "7kq3m9xw2pz4a"

/* templates/survey.th.txt for the hotline, as sent. */
static const char invitation_th[] =
	"เรียน คุณสมชาย ใจดี\n"
	"\n"
	"ขอบคุณที่ใช้บริการสายตรงการค้าระหว่างประเทศ 1169 เมื่อ 28 พฤศจิกายน 2569\n"
	"โปรดประเมินความพึงพอใจต่อการให้บริการ โดยตอบกลับอีเมลนี้\n"
	"ด้วยหมายเลขหรือคำตอบเพียงข้อเดียว:\n"
	"\n"
	"  1  ประทับใจ\n"
	"  2  พึงพอใจ\n"
	"  3  ไม่พึงพอใจ\n"
	"\n"
	"เช่น พิมพ์ 1 แล้วกดส่ง จะเขียนความเห็นเพิ่มเติมต่อท้ายก็ได้\n"
	"หรือส่ง SMS: R " TOKEN " 1\n"
	"\n"
	"รหัสอ้างอิง: " TOKEN "\n"
	"\n"
	"ขอบคุณที่ช่วยให้เราพัฒนาบริการ\n"
	"กรมส่งเสริมการค้าระหว่างประเทศ\n";

/* templates/survey.en.txt for the counter, as sent. */
static const char invitation_en[] =
	"Dear Somchai Jaidee,\n"
	"\n"
	"Thank you for using our Counter (walk-in advisory) service on "
	"28 November 2026.\n"
	"Please tell us how satisfied you were: reply to this email with ONE\n"
	"number or word:\n"
	"\n"
	"  5  Highest\n"
	"  4  High\n"
	"  3  Medium\n"
	"  2  Low\n"
	"  1  Lowest\n"
	"\n"
	"For example, type 5 and send. You may add a comment after it.\n"
	"Or send an SMS: R " TOKEN " 5\n"
	"\n"
	"Reference: " TOKEN "\n"
	"\n"
	"Thank you for helping us improve,\n"
	"Department of International Trade Promotion\n";

/* The strings joined, up to a NULL; the caller frees the result. */
static char *
concat(const char *first, ...)
{
	va_list ap;
	size_t size = 1;
	char *out;

	va_start(ap, first);
	for (const char *s = first; s != NULL; s = va_arg(ap, const char *))
		size += strlen(s);
	va_end(ap);
	out = malloc(size);
	assert_non_null(out);
	out[0] = '\0';
	va_start(ap, first);
	for (const char *s = first; s != NULL; s = va_arg(ap, const char *))
		strcat(out, s);
	va_end(ap);
	return out;
}

/* text with "> " before each line (">" alone on a blank one). */
static char *
quote(const char *text)
{
	char *out = malloc(strlen(text) * 2 + 3), *o = out;
	int line_start = 1;

	assert_non_null(out);
	for (const char *p = text; *p != '\0'; p++) {
		if (line_start) {
			*o++ = '>';
			if (*p != '\n')
				*o++ = ' ';
		}
		*o++ = *p;
		line_start = *p == '\n';
	}
	*o = '\0';
	return out;
}

/* Extracts text and checks the reply, and that the quote holds needle
 * (NULL: that there is no quote). */
static void
expect_reply(const char *text, const char *reply, const char *needle)
{
	char *quoted = NULL;
	char *got = cks_reply_extract(text, &quoted);

	assert_non_null(got);
	assert_non_null(quoted);
	if (strcmp(got, reply) != 0)
		fail_msg("reply [%s], expected [%s]", got, reply);
	if (needle == NULL)
		assert_string_equal(quoted, "");
	else if (strstr(quoted, needle) == NULL)
		fail_msg("quote [%.200s] lacks [%s]", quoted, needle);
	free(got);
	free(quoted);
}

/* Checks the reply to invitation (quoted as head, the quote mark and
 * tail wrap it) for each way of putting it. */
static void
expect_client(const char *answer, const char *head, int mark_quote,
	      const char *invitation, const char *reply)
{
	char *body = mark_quote ? quote(invitation) : strdup(invitation);
	char *text = concat(answer, head, body, NULL);

	expect_reply(text, reply, TOKEN);
	free(text);
	free(body);
}

static void
test_gmail(void **state)
{
	expect_client("2\n\n", "On Mon, Nov 28, 2026 at 10:30 AM DITP Survey "
	    "<survey@ditp.go.th> wrote:\n\n", 1, invitation_en, "2");
	/* Gmail wraps a long attribution, address or "wrote:" on a line of
	 * its own. */
	expect_client("4 helpful staff, thank you\n\n", "On Mon, Nov 28, 2026 "
	    "at 10:30 AM DITP Survey <\nsurvey@ditp.go.th> wrote:\n\n", 1,
	    invitation_en, "4 helpful staff, thank you");
	expect_client("5\n\n", "On Mon, Nov 28, 2026 at 10:30 AM Department of "
	    "International Trade Promotion\n<survey@ditp.go.th>\nwrote:\n\n", 1,
	    invitation_en, "5");
	/* No blank line between the answer and the attribution. */
	expect_client("3\n", "On Mon, 28 Nov 2026, 10:30 DITP <survey@ditp.go.th> "
	    "wrote:\n", 1, invitation_en, "3");
}

static void
test_gmail_thai(void **state)
{
	expect_client("๒ ครับ\n\n", "เมื่อ จ. 28 พ.ย. 2569 เวลา 10:30 DITP Survey "
	    "<survey@ditp.go.th> เขียนว่า:\n\n", 1, invitation_th, "๒ ครับ");
	expect_client("2 เจ้าหน้าที่สุภาพมาก\n\n", "เมื่อ วันจันทร์ที่ 28 พฤศจิกายน "
	    "2569 เวลา 10:30 น. กรมส่งเสริมการค้าระหว่างประเทศ <\n"
	    "survey@ditp.go.th> เขียนว่า:\n\n", 1, invitation_th,
	    "2 เจ้าหน้าที่สุภาพมาก");
	expect_client("1\n\n", "เมื่อ 28/11/2569, 10:30, DITP <survey@ditp.go.th> "
	    "เขียน:\n", 1, invitation_th, "1");
}

static void
test_outlook(void **state)
{
	static const char en[] =
		"From: DITP Survey <survey@ditp.go.th>\n"
		"Sent: Monday, November 28, 2026 10:30 AM\n"
		"To: Somchai Jaidee <somchai@example.co.th>\n"
		"Subject: How satisfied were you? Counter (walk-in advisory)\n\n";
	static const char th[] =
		"จาก: DITP Survey <survey@ditp.go.th>\n"
		"ส่ง: 28 พฤศจิกายน 2569 10:30\n"
		"ถึง: สมชาย ใจดี <somchai@example.co.th>\n"
		"เรื่อง: โปรดประเมินความพึงพอใจ: บริการสายตรงการค้าระหว่างประเทศ 1169\n\n";
	static const char bold[] =
		"*From:* DITP Survey [mailto:survey@ditp.go.th]\n"
		"*Sent:* Monday, November 28, 2026 10:30 AM\n"
		"*To:* somchai@example.co.th\n"
		"*Subject:* How satisfied were you?\n\n";
	char *rule_en = concat("\n________________________________\n", en, NULL);
	char *rule_th = concat("________________________________\n", th, NULL);

	/* Outlook quotes without ">": everything from the block on is the
	 * invitation. */
	expect_client("4\n\n", en, 0, invitation_en, "4");
	expect_client("Very good service.\n", rule_en, 0, invitation_en,
	    "Very good service.");
	expect_client("2\n\n", th, 0, invitation_th, "2");
	expect_client("พึงพอใจ\n", rule_th, 0, invitation_th, "พึงพอใจ");
	expect_client("5\n\n ------------------------------\n\n", bold, 0,
	    invitation_en, "5");
	free(rule_en);
	free(rule_th);
}

static void
test_original_message_and_rules(void **state)
{
	expect_client("3\n\n", "-----Original Message-----\nFrom: DITP "
	    "<survey@ditp.go.th>\n\n", 0, invitation_en, "3");
	expect_client("3\n\n", "----- Original Message -----\n", 0,
	    invitation_en, "3");
	expect_client("1\n\n", "-----ข้อความต้นฉบับ-----\n", 0, invitation_th,
	    "1");
	expect_client("1 ขอบคุณครับ\n", "---------- Forwarded message ---------\n",
	    0, invitation_th, "1 ขอบคุณครับ");
	expect_client("2\n\n", "______________________________________\n", 0,
	    invitation_th, "2");
	/* Short rules and "--" inside a line are the customer's. */
	expect_reply("Good.\n----\nThe agent -- Mr Somchai -- was kind.",
	    "Good.\n----\nThe agent -- Mr Somchai -- was kind.", NULL);
}

static void
test_signatures(void **state)
{
	expect_client("1\n\nSent from my iPhone\n\n", "On 28 Nov 2026, at 10:30, "
	    "DITP <survey@ditp.go.th> wrote:\n\n", 1, invitation_en, "1");
	expect_client("1\n\nส่งจาก iPhone ของฉัน\n\n", "", 1, invitation_th, "1");
	expect_client("2\nส่งจากโทรศัพท์มือถือ Samsung\n", "", 1, invitation_th, "2");
	expect_client("5\n\nGet Outlook for Android\n", "________________________"
	    "________\n", 0, invitation_en, "5");
	expect_client("4 - prompt and polite\n\n-- \nSomchai Jaidee\nSiam Rice "
	    "Export Co., Ltd.\nTel. 081-234-5678\n\n", "On Mon, Nov 28, 2026 at "
	    "10:30 AM DITP <survey@ditp.go.th> wrote:\n", 1, invitation_en,
	    "4 - prompt and polite");
	expect_reply("2\n--\nสมชาย", "2", NULL);
	expect_reply("5\n\nSent from Mail for Windows", "5", NULL);
	/* "Sent from" in a sentence is the customer's own text. */
	expect_reply("3\n\nSent from my desk, which is easier than my phone.",
	    "3\n\nSent from my desk, which is easier than my phone.", NULL);
}

static void
test_other_quotes(void **state)
{
	char *html_quote = quote(invitation_th);
	char *text;

	/* mailparse.h marks an HTML-quoted block with "> " the same way. */
	text = concat("ประทับใจมากครับ\n\n", html_quote, NULL);
	expect_reply(text, "ประทับใจมากครับ", "> รหัสอ้างอิง: " TOKEN);
	free(text);
	/* Bottom-posting: the answer below the quote. */
	text = concat(html_quote, "\n2 เจ้าหน้าที่ให้ข้อมูลครบถ้วน\n", NULL);
	expect_reply(text, "2 เจ้าหน้าที่ให้ข้อมูลครบถ้วน", TOKEN);
	free(text);
	text = concat("On Mon, Nov 28, 2026 at 10:30 AM DITP <survey@ditp.go.th> "
	    "wrote:\n", html_quote, "\n1\n\n-- \nSomchai\n", NULL);
	expect_reply(text, "1", TOKEN);
	free(text);
	/* Only the quote: nothing of the customer's. */
	expect_reply(html_quote, "", TOKEN);
	free(html_quote);
	/* No quote at all, CRLF line ends, NULL text, no quote wanted. */
	expect_reply("2", "2", NULL);
	expect_reply("\n\n  2  \r\nthank you  \r\n\r\n", "  2\nthank you", NULL);
	expect_reply(NULL, "", NULL);
	text = cks_reply_extract("2\n> Reference: " TOKEN "\n", NULL);
	assert_string_equal(text, "2");
	free(text);
}

/* text with mark before each line, blank ones too (mailx and s-nail
 * indent every line of the message they quote). */
static char *
indent(const char *text, const char *mark)
{
	char *out = malloc(strlen(text) * (strlen(mark) + 1) + 1), *o = out;
	int line_start = 1;

	assert_non_null(out);
	for (const char *p = text; *p != '\0'; p++) {
		if (line_start) {
			strcpy(o, mark);
			o += strlen(mark);
		}
		*o++ = *p;
		line_start = *p == '\n';
	}
	*o = '\0';
	return out;
}

/* Quotes without ">": s-nail puts "NAME wrote:" above the message, each
 * line after a TAB (its default indentprefix) or a "|" many set; mailx's
 * ~m quotes with a TAB and no attribution. */
static void
test_marked_quotes(void **state)
{
	static const char snail[] = "DITP Survey <survey@ditp.go.th> wrote:\n\n";
	static const char snail_th[] =
	    "เมื่อ 28/11/2569 10:30 DITP <survey@ditp.go.th> เขียนว่า:\n";
	char *tab_en = indent(invitation_en, "\t"), *tab_th = indent(invitation_th, "\t");
	char *bar = indent(invitation_en, "| "), *colon = indent(invitation_th, ": ");
	char *text;

	/* answer above, s-nail and mailx */
	text = concat("5\n\n", snail, tab_en, NULL);
	expect_reply(text, "5", TOKEN);
	free(text);
	text = concat("2 ครับ\n\n", tab_th, NULL);
	expect_reply(text, "2 ครับ", TOKEN);
	free(text);
	text = concat("4\n\n", bar, NULL);
	expect_reply(text, "4", TOKEN);
	free(text);

	/* answer below */
	text = concat(snail, tab_en, "\n5 great service\n\n-- \nSomchai\n", NULL);
	expect_reply(text, "5 great service", TOKEN);
	free(text);
	text = concat(tab_th, "\n1 ประทับใจ\n", NULL);
	expect_reply(text, "1 ประทับใจ", TOKEN);
	free(text);
	text = concat(snail, colon, "\n3\n", NULL);
	expect_reply(text, "3", TOKEN);
	free(text);
	/* below an attribution, a short quote is a quote too */
	text = concat(snail_th, "\tรหัสอ้างอิง: " TOKEN "\n\n2\n", NULL);
	expect_reply(text, "2", TOKEN);
	free(text);
	text = concat(snail, "| Reference: " TOKEN "\n|\n| Thank you\n\n4 good\n",
	    NULL);
	expect_reply(text, "4 good", TOKEN);
	free(text);

	/* indented by four spaces, as some webmail quotes in plain text */
	{
		char *sp = indent(invitation_th, "    ");

		text = concat("4 ค่ะ\n\n", sp, NULL);
		expect_reply(text, "4 ค่ะ", TOKEN);
		free(text);
		free(sp);
	}
	expect_reply("5\n    - staff: good\n    - speed: good\n    - price: ok",
	    "5\n    - staff: good\n    - speed: good\n    - price: ok", NULL);

	/* the customer's own indented lines, lists and tables stay text */
	expect_reply("5\n\tvery good staff", "5\n\tvery good staff", NULL);
	expect_reply("\t4", "\t4", NULL);
	expect_reply("My ratings:\n\t- staff: good\n\t- speed: good\n\t- price: ok",
	    "My ratings:\n\t- staff: good\n\t- speed: good\n\t- price: ok", NULL);
	expect_reply("| staff | 5 |\n| speed | 4 |\n| price | 3 |\n| room | 5 |\n"
	    "| food | 4 |\n| park | 2 |", "| staff | 5 |\n| speed | 4 |\n"
	    "| price | 3 |\n| room | 5 |\n| food | 4 |\n| park | 2 |", NULL);
	free(tab_en);
	free(tab_th);
	free(bar);
	free(colon);
}

static void
test_not_quotes(void **state)
{
	/* A reply line that starts with "On", dates, a "From:" in a
	 * sentence and a lone header line are the customer's text. */
	static const char *const texts[] = {
		"On the whole the service was good.\n4",
		"2\nOn 28/11/2569 I called twice.",
		"Here is what he wrote:\nall good",
		"I got it from: the counter staff\nSubject: rice export",
		"ข้อ 2\nจาก: สมชาย",
		"5\n2026-11-28 10:30\n28.11.2569 10:30",
	};

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		expect_reply(texts[i], texts[i], NULL);
}

static void
test_long_lines(void **state)
{
	size_t size = 2 * 1024 * 1024;
	char *text = malloc(size + 1), *reply, *quoted;
	clock_t begin;

	assert_non_null(text);
	/* Lines just under and over what an attribution may join: a dated
	 * line of 599 bytes, one of 1, then a long one. */
	memset(text, 'a', size);
	memcpy(text, "2026", 4);
	text[599] = '\n';
	text[601] = '\n';
	text[size] = '\0';
	reply = cks_reply_extract(text, &quoted);
	assert_non_null(reply);
	assert_int_equal(strlen(reply), size);
	free(reply);
	free(quoted);
	/* A megabyte of ">" and of blank-led lines, each in well under 1 s. */
	for (size_t i = 0; i < size; i++)
		text[i] = i % 1000 == 999 ? '\n' : i < 1000 ? 'x' : '>';
	begin = clock();
	reply = cks_reply_extract(text, &quoted);
	assert_true(clock() - begin < CLOCKS_PER_SEC);
	assert_int_equal(strlen(reply), 999);
	free(reply);
	free(quoted);
	for (size_t i = 0; i < size; i++)
		text[i] = i % 5000 == 4999 ? '\n' : i % 5000 < 4990 ? ' ' : '1';
	begin = clock();
	reply = cks_reply_extract(text, &quoted);
	assert_true(clock() - begin < CLOCKS_PER_SEC);
	assert_string_equal(quoted, "");
	free(reply);
	free(quoted);
	free(text);
}

/* --- the corpus ---------------------------------------------------------- */

/* text as the reply normalises it: LF line ends, no trailing blanks on a
 * line, no blank lines at either end.  In place. */
static char *
normalise(char *text)
{
	char *o = text, *start;
	size_t len;

	for (const char *p = text; *p != '\0'; p++) {
		if (*p == '\n' || (*p == '\r' && p[1] == '\n')) {
			while (o > text && (o[-1] == ' ' || o[-1] == '\t' ||
					    o[-1] == '\r'))
				o--;
		}
		if (*p != '\r' || p[1] != '\n')
			*o++ = *p;
	}
	while (o > text && (o[-1] == ' ' || o[-1] == '\t' || o[-1] == '\n' ||
			    o[-1] == '\r'))
		o--;
	*o = '\0';
	for (start = text; *start == '\n'; start++)
		;
	len = strlen(start);
	memmove(text, start, len + 1);
	return text;
}

struct corpus_set {
	const char *name;         /* folder under tests/corpus */
	const char *fixtures;     /* its fixtures' folder */
};

static const struct corpus_set corpus_sets[] = {
	{ "email_reply_parser", "emails" },
	{ "zapier_email_reply_parser", "emails" },
	{ "crisp_email_reply_parser", "fixtures" },
};

/* The fixtures whose expectations are about cutting quoted history (and
 * the phone and "-- " signatures this module cuts), each expected to
 * match.  Left out: "-Abhishek Kona" and "Regards," signatures inside
 * the text (email_1_1.txt, crisp email_with_regards.txt), which this
 * module keeps, and fragment_count hints that describe one library's
 * fragments. */
static const char *const curated[] = {
	"email_reply_parser/email_1_2.txt",
	"email_reply_parser/email_1_3.txt",
	"email_reply_parser/email_1_4.txt",
	"email_reply_parser/email_1_5.txt",
	"email_reply_parser/email_1_6.txt",
	"email_reply_parser/email_1_7.txt",
	"email_reply_parser/email_2_1.txt",
	"email_reply_parser/email_2_2.txt",
	"email_reply_parser/email_2_3.txt",
	"email_reply_parser/email_iPhone.txt",
	"email_reply_parser/email_BlackBerry.txt",
	"email_reply_parser/email_multi_word_sent_from_my_mobile_device.txt",
	"email_reply_parser/email_sent_from_my_not_signature.txt",
	"email_reply_parser/email_bullets.txt",
	"email_reply_parser/email_one_is_not_on.txt",
	"email_reply_parser/greedy_on.txt",
	"email_reply_parser/email_sig_delimiter_in_middle_of_line.txt",
	"zapier_email_reply_parser/email_gmail.txt",
	"zapier_email_reply_parser/email_headers_no_delimiter.txt",
	"zapier_email_reply_parser/email_2_3.txt",
	"zapier_email_reply_parser/email_partial_quote_header.txt",
	"crisp_email_reply_parser/email_2.txt",
	"crisp_email_reply_parser/email_3.txt",
	"crisp_email_reply_parser/email_5.txt",
	"crisp_email_reply_parser/email_7.txt",
	"crisp_email_reply_parser/email_8.txt",
	"crisp_email_reply_parser/email_9.txt",
	"crisp_email_reply_parser/email_10.txt",
	"crisp_email_reply_parser/email_11.txt",
	"crisp_email_reply_parser/email_12.txt",
	"crisp_email_reply_parser/email_13.txt",
	"crisp_email_reply_parser/email_14.txt",
	"crisp_email_reply_parser/email_15.txt",
	"crisp_email_reply_parser/email_16.txt",
	"crisp_email_reply_parser/email_17.txt",
	"crisp_email_reply_parser/email_18.txt",
	"crisp_email_reply_parser/email_22.txt",
	"crisp_email_reply_parser/email_23.txt",
	"crisp_email_reply_parser/email_24.txt",
	"crisp_email_reply_parser/email_25.txt",
	"crisp_email_reply_parser/email_26.txt",
	"crisp_email_reply_parser/email_portuguese.txt",
	"crisp_email_reply_parser/email_german.txt",
	"crisp_email_reply_parser/email_german_2.txt",
	"crisp_email_reply_parser/email_german_3.txt",
	"crisp_email_reply_parser/email_german_outlook.txt",
	"crisp_email_reply_parser/email_norwegian_gmail.txt",
	"crisp_email_reply_parser/email_finnish.txt",
	"crisp_email_reply_parser/email_italian.txt",
	"crisp_email_reply_parser/email_russian.txt",
	"crisp_email_reply_parser/email_sent_from.txt",
	"crisp_email_reply_parser/email_emoji.txt",
	"crisp_email_reply_parser/email_not_a_signature.txt",
	"crisp_email_reply_parser/email_not_a_signature_2.txt",
	"crisp_email_reply_parser/email_outlook_split_line_from.txt",
	"crisp_email_reply_parser/email_gmail_split_line_from.txt",
	"crisp_email_reply_parser/email_ios_outlook_fr.txt",
	"crisp_email_reply_parser/email_ios_outlook.txt",
	"crisp_email_reply_parser/email_msn.txt",
	"crisp_email_reply_parser/email_zoho.txt",
	"crisp_email_reply_parser/email_fr_multiline.txt",
	"crisp_email_reply_parser/email_en_multiline_2.txt",
	"crisp_email_reply_parser/email_original_message.txt",
	"crisp_email_reply_parser/email_original_message_2.txt",
	"crisp_email_reply_parser/email_danish_dash_separator.txt",
	"crisp_email_reply_parser/email_french_dash_separator.txt",
	"crisp_email_reply_parser/email_tricky_1_on_false_positive.txt",
	"crisp_email_reply_parser/email_tricky_5_mixed_languages.txt",
	"crisp_email_reply_parser/email_tricky_10_special_chars_in_name.txt",
	"crisp_email_reply_parser/email_tricky_12_no_space_after_header.txt",
	"crisp_email_reply_parser/email_tricky_13_timestamp_variations.txt",
	"crisp_email_reply_parser/email_tricky_14_long_quote_header.txt",
	"crisp_email_reply_parser/email_tricky_15_original_message_variations.txt",
};

static int
is_curated(const char *set, const char *file)
{
	char name[256];

	snprintf(name, sizeof(name), "%s/%s", set, file);
	for (size_t i = 0; i < sizeof(curated) / sizeof(curated[0]); i++)
		if (strcmp(curated[i], name) == 0)
			return 1;
	return 0;
}

/* Compares one fixture's reply with its expectation: 1 match, 0 not, -1
 * when the expectation says nothing this module can be held to (a
 * fragment count above one, a note). */
static int
compare(const char *text, const char *reply, const char *quoted, json_t *e)
{
	json_t *v;
	char *want;
	int ok;

	if ((v = json_object_get(e, "visible_text")) != NULL ||
	    (v = json_object_get(e, "first_fragment_trimmed")) != NULL ||
	    (v = json_object_get(e, "first_fragment")) != NULL) {
		want = normalise(strdup(json_string_value(v)));
		ok = strcmp(reply, want) == 0;
		free(want);
		return ok;
	}
	if ((v = json_object_get(e, "starts_with")) != NULL)
		return strncmp(reply, json_string_value(v),
		    strlen(json_string_value(v))) == 0;
	if ((v = json_object_get(e, "contains")) != NULL)
		return strstr(reply, json_string_value(v)) != NULL;
	if ((v = json_object_get(e, "reply_contains")) != NULL) {
		size_t i;
		json_t *s;

		ok = 1;
		json_array_foreach(v, i, s)
			ok = ok && strstr(reply, json_string_value(s)) != NULL;
		return ok;
	}
	if ((v = json_object_get(e, "fragment_count")) != NULL &&
	    json_integer_value(v) == 1) {
		want = normalise(strdup(text));
		ok = strcmp(reply, want) == 0 && quoted[0] == '\0';
		free(want);
		return ok;
	}
	return -1;
}

static void
test_corpus(void **state)
{
	size_t curated_seen = 0, curated_failed = 0;

	for (size_t s = 0; s < sizeof(corpus_sets) / sizeof(corpus_sets[0]); s++) {
		const struct corpus_set *set = &corpus_sets[s];
		char path[4096];
		json_error_t error;
		json_t *root, *expectation;
		const char *file;
		int compared = 0, matched = 0;

		snprintf(path, sizeof(path), "%s/tests/corpus/%s/expected.json",
		    test_srcdir(), set->name);
		root = json_load_file(path, 0, &error);
		if (root == NULL)
			fail_msg("%s: %s", path, error.text);
		json_object_foreach(json_object_get(root, "expectations"), file,
				    expectation) {
			char *text, *reply, *quoted;
			clock_t begin;
			int result;

			snprintf(path, sizeof(path), "%s/tests/corpus/%s/%s/%s",
			    test_srcdir(), set->name, set->fixtures, file);
			text = test_read_file_must(path, NULL);
			begin = clock();
			reply = cks_reply_extract(text, &quoted);
			assert_non_null(reply);
			assert_non_null(quoted);
			/* Upstream's denial-of-service guard: well under 1 s. */
			assert_true(clock() - begin < CLOCKS_PER_SEC);
			result = compare(text, reply, quoted, expectation);
			if (result >= 0) {
				compared++;
				matched += result;
			}
			if (is_curated(set->name, file)) {
				curated_seen++;
				if (result != 1) {
					curated_failed++;
					printf("# curated %s/%s: reply [%.300s]\n",
					    set->name, file, reply);
				}
			} else if (result == 0) {
				printf("# not curated, differs: %s/%s\n", set->name,
				    file);
			}
			free(reply);
			free(quoted);
			free(text);
		}
		printf("# corpus %s: %d of %d compared fixtures match\n",
		    set->name, matched, compared);
		json_decref(root);
	}
	/* Every curated fixture was found and read. */
	assert_int_equal(curated_seen, sizeof(curated) / sizeof(curated[0]));
	assert_int_equal(curated_failed, 0);
}

/* Fixtures without an expectation: none may fail, hang or keep a ">". */
static void
test_corpus_without_expectations(void **state)
{
	static const char *const files[] = {
		"crisp_email_reply_parser/fixtures/email_tricky_9_nested_quotes.txt",
		"crisp_email_reply_parser/fixtures/email_tricky_17_forward_header.txt",
		"crisp_email_reply_parser/fixtures/email_tricky_18_inline_reply.txt",
		"crisp_email_reply_parser/fixtures/"
		"email_tricky_19_quote_without_header.txt",
		"crisp_email_reply_parser/fixtures/email_tricky_20_html_entities.txt",
		"crisp_email_reply_parser/fixtures/email_thread.txt",
		"crisp_email_reply_parser/fixtures/email_reply_header.txt",
		"crisp_email_reply_parser/fixtures/email_unquoted_reply.txt",
		"crisp_email_reply_parser/fixtures/email_custom_quote_header.txt",
		"crisp_email_reply_parser/fixtures/email_customer_quote_header_2.txt",
		"crisp_email_reply_parser/fixtures/email_customer_quote_header_3.txt",
		"crisp_email_reply_parser/fixtures/email_french_2.txt",
		"email_reply_parser/emails/email_1_8.txt",
	};
	static const char *const replies[] = {
		"I agree with the points below.",
		"See the forwarded message below.",
		"I think option A is great.\n\n\nOption B has some drawbacks.\n\n\n"
		"Option C is not suitable for our use case.",
		"I wanted to respond to your points:",
		"The data should be &gt; 100 and &lt; 200.\n\nWe need to ensure "
		"that &amp; symbols are handled correctly.",
		"This is new email reply in thread from bellow.",
		NULL,
		"This is my reply.",
		"Thank you!",
		"Thank you very much.",
		"bonjour,\nje n'ai pas eu de retour sur ma précision..\nmerci d'avance",
		NULL,
		"I will reply under this one\n\n\nand under this.",
	};

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[4096], *text, *reply, *quoted;

		snprintf(path, sizeof(path), "%s/tests/corpus/%s", test_srcdir(), files[i]);
		text = test_read_file_must(path, NULL);
		reply = cks_reply_extract(text, &quoted);
		assert_non_null(reply);
		assert_null(strstr(reply, "\n>"));
		assert_true(quoted[0] != '\0');
		if (replies[i] != NULL && strcmp(reply, replies[i]) != 0)
			fail_msg("%s: reply [%s]", files[i], reply);
		free(reply);
		free(quoted);
		free(text);
	}
}

/* A customer's line holding a year, right above a quote that carries its
 * own attribution, is the customer's: a wrapped attribution never
 * crosses the quote's edge (Thunderbird's HTML, made plain). */
static void
test_year_above_the_quote(void **state)
{
	(void)state;
	expect_reply("ผมขอให้คะแนน 3ครับ, ข้อมูลบางส่วนเก่า เป็นของปี 2565\n"
	    "> On 7/11/2026 12:05, DITP <cks@ditp.go.th> wrote:\n>\n> เรียน คุณสมชาย\n",
	    "ผมขอให้คะแนน 3ครับ, ข้อมูลบางส่วนเก่า เป็นของปี 2565", "เรียน คุณสมชาย");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gmail),
		cmocka_unit_test(test_year_above_the_quote),
		cmocka_unit_test(test_gmail_thai),
		cmocka_unit_test(test_outlook),
		cmocka_unit_test(test_original_message_and_rules),
		cmocka_unit_test(test_signatures),
		cmocka_unit_test(test_other_quotes),
		cmocka_unit_test(test_marked_quotes),
		cmocka_unit_test(test_not_quotes),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_corpus_without_expectations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
