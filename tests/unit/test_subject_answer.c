/* Unit tests for mailin/subject_answer: the words a customer added to the
 * Subject of a reply, and only those. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "testhelp.h"
#include "subject_answer.h"

static const char *const sent[] = {
	"How satisfied were you? Counter",
	"Reminder: How satisfied were you? Counter",
	"โปรดประเมินความพึงพอใจ: บริการสายตรง 1169",
};

static void
added(const char *subject, const char *want)
{
	char *got = cks_subject_addition(subject, sent, sizeof(sent) / sizeof(sent[0]));

	if (want == NULL) {
		if (got != NULL)
			fail_msg("\"%s\": added \"%s\", want nothing", subject, got);
	} else if (got == NULL || strcmp(got, want) != 0) {
		fail_msg("\"%s\": added \"%s\", want \"%s\"", subject,
		    got ? got : "(nothing)", want);
	}
	free(got);
}

static void
test_words_added(void **state)
{
	(void)state;
	added("Re: How satisfied were you? Counter 5", "5");
	added("RE: How satisfied were you? Counter - 4 thanks", "4 thanks");
	added("5 Re: How satisfied were you? Counter", "5");
	added("Re: Reminder: How satisfied were you? Counter  5", "5");
	added("ตอบกลับ: โปรดประเมินความพึงพอใจ: บริการสายตรง 1169 ตอบ 2 ค่ะ", "ตอบ 2 ค่ะ");
	added("Re: Fwd: RE[2]: How satisfied were you? Counter [CKS-ABCDEFGHJKMNP] 3", "3");
	added("Re:   How   satisfied were you?\tCounter   2", "2");
}

/* The subject alone, or one we did not send, adds nothing: the
 * invitation's own words ("ประเมินความพึงพอใจ") must never answer. */
static void
test_nothing_added(void **state)
{
	(void)state;
	added("Re: How satisfied were you? Counter", NULL);
	added("ตอบกลับ: โปรดประเมินความพึงพอใจ: บริการสายตรง 1169", NULL);
	added("Re: How satisfied were you? Counter [CKS-ABCDEFGHJKMNP]", NULL);
	added("Re: satisfied 5", NULL);
	added("Re: How satisfied were you? 5", NULL);
	added("", NULL);
	assert_null(cks_subject_addition(NULL, sent, 3));
	assert_null(cks_subject_addition("Re: 5", NULL, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_added),
		cmocka_unit_test(test_nothing_added),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
