/* Unit tests for core/signature: where the closing and signature block of
 * a reply begins, in Thai and English, and what is never cut. */
#include "autoconfig.h"

#include <string.h>

#include "testhelp.h"
#include "signature.h"

/* What is left of text above its signature block. */
static void
expect_kept(const char *text, const char *kept)
{
	size_t at = cks_signature_start(text, strlen(text), 0, NULL);

	if (strlen(kept) != at || strncmp(text, kept, at) != 0)
		fail_msg("\"%s\": kept \"%.*s\", expected \"%s\"", text, (int)at,
		    text, kept);
}

static void
test_closings(void **state)
{
	expect_kept("2 ครับ\nขอแสดงความนับถือ\nสมชาย ใจดี", "2 ครับ\n");
	expect_kept("good service\n\nBest regards,\nJohn", "good service\n\n");
	expect_kept("ok\nจึงเรียนมาเพื่อโปรดทราบ", "ok\n");
	/* closings are told by their words, however put together */
	expect_kept("2\nslow\n\nThanks & regards,\nJenny\nCell: 081-222-3344", "2\nslow\n\n");
	expect_kept("2\nslow\n\nBR,\nTom Wong\nOrchid Inc.", "2\nslow\n\n");
	expect_kept("2\nslow\n\nAppreciate it,\n\nTake care,\nNok S.", "2\nslow\n\n");
	expect_kept("2\nslow\n\nThanks a ton", "2\nslow\n\n");
	expect_kept("5\nรอนาน\n\nขอให้มีความสุข\nต้น\nร้านผ้าไหมแม่ทอง", "5\nรอนาน\n\n");
	/* "good luck" is a farewell, whatever "ดี" inside it says */
	expect_kept("5\nรอนาน\n\nโชคดีครับ", "5\nรอนาน\n\n");
	assert_true(cks_signature_is_closing("โชคดีครับ", strlen("โชคดีครับ")));
	assert_false(cks_signature_is_closing("บริการดีครับ", strlen("บริการดีครับ")));
	/* a feeling after the thanks, or on the short line below it, is the
	 * answer, never a closing or a name */
	assert_false(cks_signature_is_closing("ขอบคุณ พอใจ", strlen("ขอบคุณ พอใจ")));
	expect_kept("ขอบคุณค่ะ\nประทับใจมากค่ะ", "ขอบคุณค่ะ\nประทับใจมากค่ะ");
	expect_kept("Thanks\nVery satisfied", "Thanks\nVery satisfied");
	expect_kept("Very satisfied\n\nThanks\nJohn Smith", "Very satisfied\n\n");
	expect_kept("2\nSent from my iPhone", "2\n");
	expect_kept("2\nส่งจาก iPhone ของฉัน", "2\n");
	/* a thank-you sentence with more in it is not a closing */
	expect_kept("2\nขอบคุณครับ เจ้าหน้าที่ช่วยได้มากเลยในเรื่องเอกสาร",
	    "2\nขอบคุณครับ เจ้าหน้าที่ช่วยได้มากเลยในเรื่องเอกสาร");
}

static void
test_contact_blocks(void **state)
{
	expect_kept("4\nคุณ สมชาย ใจดี\nบริษัท ส่งออกไทย จำกัด\nโทร 02-123-4567\n"
	    "Line ID: somchai", "4\n");
	expect_kept("3\nJohn Smith\nGolden Orchid Co., Ltd.\nM: 089-765-4321\n"
	    "www.example.co.th", "3\n");
	/* a sentence with a phone number, an address or "export" in it is
	 * the customer's */
	expect_kept("2\nเจ้าหน้าที่แนะนำให้ติดต่อ 02-507-7999 ได้เรื่องเลย",
	    "2\nเจ้าหน้าที่แนะนำให้ติดต่อ 02-507-7999 ได้เรื่องเลย");
	expect_kept("3 ครับ ส่งไปที่ export@siamfruit.co.th ด้วย",
	    "3 ครับ ส่งไปที่ export@siamfruit.co.th ด้วย");
	expect_kept("2 Great help with the export licence.",
	    "2 Great help with the export licence.");
	/* Thai digits make phones and addresses too; a nickname of one
	 * word sits right above them; a tax id is a contact line */
	expect_kept("5 ครับ\nรอนานนิดหน่อย\nต้น\nโทร ๐๘๑-๒๓๔-๕๖๗๘", "5 ครับ\nรอนานนิดหน่อย\n");
	expect_kept("5\nรอนาน\n\nด้วยความนับถือ\nต้น\nบริษัท ไทยเฮิร์บ จำกัด\n"
	    "๑๒๓ ถนนพระราม ๔ แขวงคลองเตย เขตคลองเตย กรุงเทพฯ ๑๐๑๑๐", "5\nรอนาน\n\n");
	expect_kept("5\nรอนาน\n\nด้วยความนับถือ\nวิชัย ศรีสุข\n"
	    "เลขประจำตัวผู้เสียภาษี 0105551234567", "5\nรอนาน\n\n");
	/* a company's name may carry a number; a sentence about "our
	 * company" is no company line */
	expect_kept("5\nรอนาน\n\nด้วยความนับถือ\nสมชาย ใจดี\nบริษัท ไทยแพ็ค 2020 จำกัด\n"
	    "โทร 081-234-5678", "5\nรอนาน\n\n");
	expect_kept("5\nslow\n\nRegards,\nJohn\nSiam 88 Trading Co., Ltd.", "5\nslow\n\n");
	expect_kept("5\nบริษัทเราพอใจมาก", "5\nบริษัทเราพอใจมาก");
	expect_kept("5\nขอบคุณที่ช่วยบริษัทเรา", "5\nขอบคุณที่ช่วยบริษัทเรา");
	/* a one-word comment above a phone's line stays */
	expect_kept("5 ครับ\nรอนาน\nโทร 081-234-5678", "5 ครับ\nรอนาน\n");
	/* "๓" alone is an answer, not a name */
	expect_kept("สวัสดีค่ะ\n\n๓\nโทร 081-234-5678", "สวัสดีค่ะ\n\n๓\n");
}

static void
test_lone_names(void **state)
{
	size_t at = 0;

	/* a remark without blanks reads like a name; libthai tells them
	 * apart (names are one or two dictionary words a part) */
	assert_int_equal(cks_signature_start("2 ค่ะ\n\nแอร์เย็นสบาย", strlen("2 ค่ะ\n\nแอร์เย็นสบาย"),
	    0, &at), strlen("2 ค่ะ\n\nแอร์เย็นสบาย"));
	assert_int_equal(at, strlen("2 ค่ะ\n\nแอร์เย็นสบาย"));
	assert_int_equal(cks_signature_start("2 ค่ะ\n\nกนกวรรณ พูลสวัสดิ์",
	    strlen("2 ค่ะ\n\nกนกวรรณ พูลสวัสดิ์"), 0, &at), strlen("2 ค่ะ\n\nกนกวรรณ พูลสวัสดิ์"));
	assert_int_equal(at, strlen("2 ค่ะ\n\n"));
	/* known, the writer alone says which lone line is a name: a nickname
	 * of another is kept */
	assert_int_equal(cks_signature_start_by("2 ค่ะ\n\nสมชาย", strlen("2 ค่ะ\n\nสมชาย"),
	    0, &at, "Somchai Jaidee"), strlen("2 ค่ะ\n\nสมชาย"));
	assert_int_equal(at, strlen("2 ค่ะ\n\nสมชาย"));

	const char *text = "Please send the guide.\n\nNattaya Srisuk";
	const char *answer = "Dear team,\n\nบริการดี";
	size_t lone = 0;

	assert_int_equal(cks_signature_start(text, strlen(text), 0, &lone),
	    strlen(text));
	assert_int_equal(lone, strlen("Please send the guide.\n\n"));
	/* everyday words are not a name */
	lone = 0;
	assert_int_equal(cks_signature_start(answer, strlen(answer), 0, &lone),
	    strlen(answer));
	assert_int_equal(lone, strlen(answer));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_closings),
		cmocka_unit_test(test_contact_blocks),
		cmocka_unit_test(test_lone_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
