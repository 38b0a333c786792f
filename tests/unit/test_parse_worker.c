/* The parse worker: untrusted mail is parsed in another process, a message
 * it cannot take costs that message only (with the reason), and the next
 * one is parsed as usual. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mailparse.h"
#include "parse_worker.h"

static const char reply[] =
    "From: =?UTF-8?B?4Liq4Lih4LiK4Liy4Lii?= <somchai@example.invalid>\r\n"
    "To: survey+abcdefghjkmnp@reply.example.invalid\r\n"
    "Subject: Re: [CKS-ABCDEFGHJKMNP] =?UTF-8?B?4LmB4Lia4Lia4Liq4Lit4Lia4LiW4Liy4Lih?=\r\n"
    "Message-ID: <r1@example.invalid>\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n\r\n"
    "5 ดีมาก\r\n";

/* The quoted boundary that overflows libetpan 1.9.4: never parsed. */
static const char hostile[] =
    "From: x@example.invalid\r\n"
    "Content-Type: multipart/mixed; boundary=\"\\\"x\"\r\n\r\nbody\r\n";

static void
parse_ok(struct cks_parse_worker *w, const char *raw,
	 struct cks_parsed_mail **mail)
{
	struct cks_error err;
	char why[256] = "";
	int rc = cks_parse_worker_parse(w, raw, strlen(raw), mail, why,
	    sizeof(why), &err);

	if (rc != 0)
		fail_msg("parse: rc %d, why '%s', err '%s'", rc, why,
		    rc < 0 ? err.message : "");
	assert_non_null(*mail);
}

static void
test_parses_a_reply(void **state)
{
	struct cks_parse_worker *w = NULL;
	struct cks_parsed_mail *mail = NULL;
	struct cks_error err;

	(void)state;
	if (cks_parse_worker_start(5000, &w, &err) < 0)
		fail_msg("start: %s", err.message);
	parse_ok(w, reply, &mail);
	assert_string_equal(mail->message_id, "r1@example.invalid");
	assert_string_equal(mail->from_address, "somchai@example.invalid");
	assert_string_equal(mail->from_name, "สมชาย");
	assert_non_null(strstr(mail->subject, "แบบสอบถาม"));
	assert_non_null(strstr(mail->text, "5 ดีมาก"));
	assert_null(mail->machine_kind);
	cks_parsed_mail_free(&mail);
	assert_null(mail);
	/* The same worker takes request after request. */
	parse_ok(w, reply, &mail);
	cks_parsed_mail_free(&mail);
	cks_parse_worker_stop(&w);
	assert_null(w);
}

static void
test_refused_message_costs_only_itself(void **state)
{
	struct cks_parse_worker *w = NULL;
	struct cks_parsed_mail *mail = NULL;
	struct cks_error err;
	char why[256] = "";

	(void)state;
	if (cks_parse_worker_start(5000, &w, &err) < 0)
		fail_msg("start: %s", err.message);
	assert_int_equal(cks_parse_worker_parse(w, hostile, strlen(hostile),
	    &mail, why, sizeof(why), &err), 1);
	assert_null(mail);
	if (strstr(why, "boundary") == NULL)
		fail_msg("why: '%s'", why);
	assert_int_equal(cks_parse_worker_parse(w, "", 0, &mail, why,
	    sizeof(why), &err), 1);
	assert_non_null(strstr(why, "empty"));
	/* ...and the next message is parsed as usual. */
	parse_ok(w, reply, &mail);
	assert_string_equal(mail->message_id, "r1@example.invalid");
	cks_parsed_mail_free(&mail);
	cks_parse_worker_stop(&w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parses_a_reply),
		cmocka_unit_test(test_refused_message_costs_only_itself),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
