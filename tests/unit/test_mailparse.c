/* Unit tests for lib/mailin/mailparse: replies as Thai customers' mail clients
 * write them (TIS-620, Windows-874, mislabelled charsets, HTML only), the
 * header fields a survey token may hide in, automatic replies, delivery
 * reports, the crafted boundary that overflows libetpan's heap, real-client
 * replies from tests/corpus, and the JSON a worker process hands back. */
#include "autoconfig.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "testhelp.h"
#include "channels.h"
#include "reply_store.h"
#include "mailparse.h"
#include "utf8.h"

#define THAI "พึงพอใจ"
/* "พึงพอใจ" in TIS-620 (and Windows-874, ISO-8859-11): U+0E00 + b - 0xA0 */
#define THAI_TIS "\xbe\xd6\xa7\xbe\xcd\xe3\xa8"

#define FFFD "\xef\xbf\xbd"

#define HEAD "From: Somchai <somchai@example.co.th>\r\n" \
	"To: survey@cks.example\r\n" \
	"Subject: Re: survey\r\n" \
	"Message-ID: <reply-1@example.co.th>\r\n" \
	"MIME-Version: 1.0\r\n"

/* --- helpers ------------------------------------------------------------ */

static char *
base64(const char *in, size_t n)
{
	static const char chars[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = (const unsigned char *)in;
	char *out = malloc((n + 2) / 3 * 4 + 1), *o = out;

	assert_non_null(out);
	for (size_t i = 0; i < n; i += 3) {
		unsigned a = p[i], b = i + 1 < n ? p[i + 1] : 0,
		    c = i + 2 < n ? p[i + 2] : 0;

		*o++ = chars[a >> 2];
		*o++ = chars[((a & 3) << 4) | (b >> 4)];
		*o++ = i + 1 < n ? chars[((b & 15) << 2) | (c >> 6)] : '=';
		*o++ = i + 2 < n ? chars[c & 63] : '=';
	}
	*o = '\0';
	return out;
}

static char *
format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
format(const char *fmt, ...)
{
	va_list ap;
	char *out;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	assert_true(n >= 0);
	out = malloc((size_t)n + 1);
	assert_non_null(out);
	va_start(ap, fmt);
	vsnprintf(out, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return out;
}

static struct cks_parsed_mail *
parse_ok(const char *raw)
{
	struct cks_parsed_mail *m = NULL;
	struct cks_error err = { 0 };

	if (cks_mail_parse(raw, strlen(raw), &m, &err) < 0)
		fail_msg("parse failed: %s", err.message);
	assert_non_null(m);
	assert_non_null(m->text);
	assert_true(cks_utf8_valid(m->text, strlen(m->text)));
	return m;
}

static void
parse_refused(const char *raw, size_t len, const char *why)
{
	struct cks_parsed_mail *m = NULL;
	struct cks_error err = { 0 };

	if (cks_mail_parse(raw, len, &m, &err) != -1)
		fail_msg("accepted: %.200s", raw);
	assert_null(m);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	if (strstr(err.message, why) == NULL)
		fail_msg("expected '%s' in '%s'", why, err.message);
}

/* The text without its "> " and blank lines: what the reply cutter
 * keeps. */
static char *
unquoted(const char *text)
{
	char *out = calloc(1, strlen(text) + 1), *o = out;

	assert_non_null(out);
	while (*text != '\0') {
		size_t n = strcspn(text, "\n");

		if (text[0] != '>' && n > 0) {
			memcpy(o, text, n);
			o += n;
			*o++ = '\n';
		}
		text += n;
		if (*text == '\n')
			text++;
	}
	*o = '\0';
	return out;
}

static int
has_address(const struct cks_parsed_mail *m, const char *addr)
{
	for (size_t i = 0; i < m->address_count; i++)
		if (strcmp(m->addresses[i], addr) == 0)
			return 1;
	return 0;
}

/* --- bodies and charsets -------------------------------------------------- */

static void
test_plain_utf8_reply(void **state)
{
	struct cks_parsed_mail *m = parse_ok(
	    "From: =?UTF-8?B?4Liq4Lih4LiK4Liy4Lii?= <Somchai@Example.CO.TH>\r\n"
	    "To: Survey <survey@cks.example>\r\n"
	    "Subject: Re: survey\r\n"
	    "Message-ID: <reply-1@example.co.th>\r\n"
	    "In-Reply-To: <tok123.survey@cks.example>\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: 8bit\r\n"
	    "\r\n"
	    THAI "\r\n\r\n> old text\r\n");

	assert_string_equal(m->text, THAI "\n\n> old text\n");
	assert_string_equal(m->charset, "utf-8");
	assert_false(m->text_from_html);
	assert_string_equal(m->from_address, "Somchai@example.co.th");
	assert_string_equal(m->from_name, "สมชาย");
	assert_string_equal(m->subject, "Re: survey");
	assert_string_equal(m->message_id, "reply-1@example.co.th");
	assert_string_equal(m->in_reply_to, "tok123.survey@cks.example");
	assert_int_equal(m->address_count, 1);
	assert_string_equal(m->addresses[0], "survey@cks.example");
	assert_null(m->auto_reply);
	assert_false(m->is_report);
	assert_null(m->report_action);
	cks_parsed_mail_free(&m);
	assert_null(m);
	cks_parsed_mail_free(&m);              /* NULL is fine */
}

static void
test_base64_tis620(void **state)
{
	char *b64 = base64(THAI_TIS "\r\n", 9);
	char *raw = format(HEAD "Content-Type: text/plain; charset=TIS-620\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n%s\r\n", b64);
	struct cks_parsed_mail *m = parse_ok(raw);

	assert_string_equal(m->text, THAI "\n");
	assert_string_equal(m->charset, "tis-620");
	cks_parsed_mail_free(&m);
	free(raw);
	free(b64);
}

static void
test_quoted_printable_windows874(void **state)
{
	struct cks_parsed_mail *m = parse_ok(HEAD
	    "Content-Type: text/plain; charset=\"windows-874\"\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
	    "=BE=D6=A7=BE=CD=E3=A8 =93=C1=D2=A1=94=\r\n"
	    " =85\r\n");

	/* 0x93/0x94/0x85 are Windows-874's quotes and ellipsis */
	assert_string_equal(m->text, THAI " “มาก” …\n");
	assert_string_equal(m->charset, "windows-874");
	cks_parsed_mail_free(&m);
}

static void
test_mislabelled_charsets(void **state)
{
	struct cks_parsed_mail *m;

	/* UTF-8 Thai declared ISO-8859-1 */
	m = parse_ok(HEAD "Content-Type: text/plain; charset=iso-8859-1\r\n"
	    "Content-Transfer-Encoding: 8bit\r\n\r\n" THAI "มาก\r\n");
	assert_string_equal(m->text, THAI "มาก\n");
	assert_string_equal(m->charset, "utf-8");
	cks_parsed_mail_free(&m);

	/* TIS-620 declared UTF-8 */
	m = parse_ok(HEAD "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: 8bit\r\n\r\n" THAI_TIS "\r\n");
	assert_string_equal(m->text, THAI "\n");
	assert_string_equal(m->charset, "tis-620");
	cks_parsed_mail_free(&m);

	/* us-ascii with 8-bit UTF-8 bytes disagrees */
	m = parse_ok(HEAD "Content-Type: text/plain; charset=us-ascii\r\n\r\n"
	    THAI "\r\n");
	assert_string_equal(m->text, THAI "\n");
	assert_string_equal(m->charset, "utf-8");
	cks_parsed_mail_free(&m);

	/* no Content-Type at all, TIS-620 bytes */
	m = parse_ok(HEAD "\r\n" THAI_TIS "\r\n");
	assert_string_equal(m->text, THAI "\n");
	assert_string_equal(m->charset, "tis-620");
	cks_parsed_mail_free(&m);

	/* an unknown charset with UTF-8 bytes */
	m = parse_ok(HEAD "Content-Type: text/plain; charset=x-no-such\r\n\r\n"
	    THAI "\r\n");
	assert_string_equal(m->text, THAI "\n");
	assert_string_equal(m->charset, "utf-8");
	cks_parsed_mail_free(&m);

	/* bytes valid in nothing: U+FFFD each, bare CR normalised */
	m = parse_ok(HEAD "Content-Type: text/plain; charset=utf-8\r\n\r\n"
	    "a\xff\xfe\rb\r\n");
	assert_string_equal(m->text, "a\xef\xbf\xbd\xef\xbf\xbd\nb\n");
	assert_string_equal(m->charset, "utf-8");
	cks_parsed_mail_free(&m);

	/* plain ASCII stays us-ascii */
	m = parse_ok(HEAD "\r\nhello\r\n");
	assert_string_equal(m->text, "hello\n");
	assert_string_equal(m->charset, "us-ascii");
	cks_parsed_mail_free(&m);
}

/* One bad byte costs one U+FFFD, not the whole part: Cyrillic, Chinese,
 * Japanese and Korean mail decoded in its declared charset, and UTF-8
 * with a stray or cut-off byte kept as UTF-8. */
static void
test_declared_charsets_per_character(void **state)
{
	static const struct {
		const char *charset, *bytes, *text;
	} cases[] = {
		/* Outlook, Russian: 0x98 is unassigned in windows-1251 */
		{ "windows-1251", "\xd1\xef\xe0\xf1\xe8\xe1\xee\x2c\x20\xe2\xf1\xb8"
		  "\x98\x20\xee\xf2\xeb\xe8\xf7\xed\xee", "Спасибо, всё" FFFD " отлично" },
		{ "koi8-r", "\xf3\xd0\xc1\xd3\xc9\xc2\xcf\x2c\x20\xd7\xd3\xa3\x20\xcf"
		  "\xd4\xcc\xc9\xde\xce\xcf", "Спасибо, всё отлично" },
		/* Foxmail, GB2312 label on GBK text with a byte cut short */
		{ "gb2312", "\xb7\xc7\xb3\xa3\xc2\xfa\xd2\xe2 5\xff", "非常满意 5" FFFD },
		{ "GBK", "\xb7\xc7\xb3\xa3\xc2\xfa\xd2\xe2", "非常满意" },
		{ "big5", "\xab\x44\xb1\x60\xba\xa1\xb7\x4e\x80", "非常滿意" FFFD },
		{ "shift_jis", "\x91\xe5\x95\xcf\x96\x9e\x91\xab\xa0", "大変満足" FFFD },
		{ "euc-kr", "\xb8\xc5\xbf\xec\x20\xb8\xb8\xc1\xb7\xff", "매우 만족" FFFD },
		{ "iso-8859-1", "Tr\xe8s satisfait \x93" "5\x94", "Très satisfait “5”" },
		/* an old Mac's label, which glibc spells MACINTOSH */
		{ "x-mac-roman", "Tr\x8fs satisfait", "Très satisfait" },
		/* UTF-8 with a stray Latin-1 byte pasted in, and one cut off */
		{ "utf-8", THAI " caf\xe9 " THAI, THAI " caf" FFFD " " THAI },
		{ "utf-8", THAI "มาก\xe0\xb8", THAI "มาก" FFFD },
		{ NULL, THAI "มาก\xe0\xb8", THAI "มาก" FFFD },
		/* Thai from a TIS-620 client with its label left out */
		{ NULL, THAI_TIS " \x93ok\x94", THAI " “ok”" },
		{ NULL, "\xe0\xc3\xd5\xc2\xb9\x20\xa4\xd8\xb3\xca\xc1\xaa\xd2\xc2"
		  "\x20\xb7\xd5\xe8\xb9\xd5\xe8\xb4\xd5\xc1\xd2\xa1\x20\xe6\x20\xe4"
		  "\xc1\xe8\xbe\xd6\xa7\xbe\xcd\xe3\xa8\x20\xb9\xe9\xd3",
		  "เรียน คุณสมชาย ที่นี่ดีมาก ๆ ไม่พึงพอใจ น้ำ" },
	};
	/* Cyrillic without a label: its bytes fall where Thai letters are,
	 * but not in Thai order; no Thai (and no Thai rating word) is made
	 * of them */
	static const char *const cyrillic[] = {
		"\xd0\xd2\xc9\xd7\xc5\xd4\x2c\x20\xd7\xd3\xa3\x20\xc8\xcf\xd2\xcf"
		"\xdb\xcf\x2c\x20\xd3\xd0\xc1\xd3\xc9\xc2\xcf",            /* KOI8-R */
		"\xef\xf0\xe8\xe2\xe5\xf2\x2c\x20\xe2\xf1\xb8\x20\xf5\xee\xf0\xee"
		"\xf8\xee\x2c\x20\xf1\xef\xe0\xf1\xe8\xe1\xee",            /* 1251 */
	};

	for (size_t i = 0; i < sizeof(cyrillic) / sizeof(cyrillic[0]); i++) {
		char *raw = format(HEAD "\r\n%s\r\n", cyrillic[i]);
		struct cks_parsed_mail *m = parse_ok(raw);

		if (strstr(m->text, "\xe0\xb8") != NULL ||
		    strstr(m->text, "\xe0\xb9") != NULL)
			fail_msg("Cyrillic %zu read as Thai: '%s'", i, m->text);
		assert_string_equal(m->charset, "utf-8");
		cks_parsed_mail_free(&m);
		free(raw);
	}

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *raw, *want;
		struct cks_parsed_mail *m;

		if (cases[i].charset != NULL)
			raw = format(HEAD "Content-Type: text/plain; charset=\"%s\"\r\n"
			    "Content-Transfer-Encoding: 8bit\r\n\r\n%s\r\n",
			    cases[i].charset, cases[i].bytes);
		else
			raw = format(HEAD "\r\n%s\r\n", cases[i].bytes);
		m = parse_ok(raw);
		want = format("%s\n", cases[i].text);
		if (strcmp(m->text, want) != 0)
			fail_msg("%s: '%s', want '%s'", cases[i].charset != NULL ?
			    cases[i].charset : "(none)", m->text, want);
		free(want);
		free(raw);
		cks_parsed_mail_free(&m);
	}
}

static void
test_html_only_meta_charset(void **state)
{
	struct cks_parsed_mail *m;

	/* no charset parameter: the bytes are not ASCII, the meta says TIS-620 */
	m = parse_ok(HEAD "Content-Type: text/html\r\n\r\n"
	    "<html><head><meta http-equiv=\"Content-Type\" "
	    "content=\"text/html; charset=tis-620\"><title>t</title></head>"
	    "<body><div>" THAI_TIS "</div><div>ok</div></body></html>\r\n");
	assert_string_equal(m->text, THAI "\nok\n");
	assert_string_equal(m->charset, "tis-620");
	assert_true(m->text_from_html);
	cks_parsed_mail_free(&m);

	/* the declared charset is wrong, the meta right */
	m = parse_ok(HEAD "Content-Type: text/html; charset=utf-8\r\n\r\n"
	    "<meta charset='windows-874'><p>" THAI_TIS " \x93ok\x94</p>\r\n");
	assert_string_equal(m->text, THAI " “ok”\n");
	assert_string_equal(m->charset, "windows-874");
	cks_parsed_mail_free(&m);

	/* the declared charset is right, a wrong meta is ignored */
	m = parse_ok(HEAD "Content-Type: text/html; charset=utf-8\r\n\r\n"
	    "<meta charset=\"iso-8859-1\"><p>" THAI "</p>\r\n");
	assert_string_equal(m->text, THAI "\n");
	assert_string_equal(m->charset, "utf-8");
	cks_parsed_mail_free(&m);
}

static void
test_alternative_prefers_plain(void **state)
{
	struct cks_parsed_mail *m = parse_ok(HEAD
	    "Content-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n"
	    "--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
	    "<p>from html</p>\r\n"
	    "--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
	    "from plain\r\n"
	    "--alt--\r\n");

	assert_string_equal(m->text, "from plain");
	assert_false(m->text_from_html);
	cks_parsed_mail_free(&m);
}

static void
test_attachments_and_forwards_skipped(void **state)
{
	struct cks_parsed_mail *m = parse_ok(HEAD
	    "Content-Type: multipart/mixed; boundary=\"mix\"\r\n\r\n"
	    "--mix\r\nContent-Type: text/plain\r\n"
	    "Content-Disposition: attachment; filename=\"a.txt\"\r\n\r\n"
	    "attached\r\n"
	    "--mix\r\nContent-Type: message/rfc822\r\n\r\n"
	    "From: x@y\r\nSubject: fwd\r\n\r\nforwarded\r\n"
	    "--mix\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
	    "<div>mine</div>\r\n"
	    "--mix--\r\n");

	assert_string_equal(m->text, "mine\n");
	assert_true(m->text_from_html);
	assert_false(m->is_report);
	cks_parsed_mail_free(&m);

	/* nothing to read: text "" */
	m = parse_ok(HEAD "Content-Type: image/png\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n");
	assert_string_equal(m->text, "");
	assert_null(m->charset);
	cks_parsed_mail_free(&m);
}

static void
test_html_quotes_marked(void **state)
{
	static const char *const bodies[] = {
		"<div dir=\"ltr\">Reply here</div><div class=\"gmail_quote\">"
		"On Mon wrote:<br><blockquote>Old question<br>line 2"
		"</blockquote></div>",
		"<p>Reply here</p><blockquote type=\"cite\">Old question"
		"</blockquote>",
		"Reply here<br><div class=\"moz-cite-prefix\">On Mon, X wrote:"
		"<br></div><div>Old question</div>",
		"<div>Reply here</div><hr><div id=\"divRplyFwdMsg\"><b>From:</b>"
		" X<br><b>Sent:</b> Monday</div><div>Old question</div>",
	};

	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		char *raw = format(HEAD "Content-Type: text/html; charset=utf-8"
		    "\r\n\r\n<html><body>%s</body></html>\r\n", bodies[i]);
		struct cks_parsed_mail *m = parse_ok(raw);
		char *mine = unquoted(m->text);

		assert_string_equal(mine, "Reply here\n");
		assert_non_null(strstr(m->text, "> Old question"));
		assert_true(m->text_from_html);
		free(mine);
		free(raw);
		cks_parsed_mail_free(&m);
	}
}

/* Line ends as old clients and gateways write them. */
static void
test_line_ends(void **state)
{
	static const char *const mails[] = {
		/* Mac OS 9 era (Claris Emailer, Eudora for Mac): CR only */
		"From: a@example.com\rTo: survey@cks.example\rSubject: Re: survey\r"
		"MIME-Version: 1.0\r"
		"Content-Type: multipart/alternative; boundary=\"b1\"\r\r"
		"--b1\rContent-Type: text/plain; charset=utf-8\r\r"
		"5 stars\rthanks\r--b1--\r",
		"From: a@example.com\rTo: survey@cks.example\rSubject: Re: survey\r\r"
		"5 stars\rthanks\r",
		/* LF, CRLF and CR mixed by a gateway */
		"From: a@example.com\r\nTo: survey@cks.example\nSubject: Re: survey\r"
		"Content-Type: multipart/alternative; boundary=\"b1\"\n\r\n"
		"--b1\rContent-Type: text/plain; charset=utf-8\r\n\r"
		"5 stars\rthanks\r\n--b1--\n",
		/* a doubled CR before LF */
		"From: a@example.com\r\r\nTo: survey@cks.example\r\r\n"
		"Subject: Re: survey\r\r\n\r\r\n5 stars\r\r\nthanks\r\r\n",
	};

	for (size_t i = 0; i < sizeof(mails) / sizeof(mails[0]); i++) {
		struct cks_parsed_mail *m = parse_ok(mails[i]);

		if (strncmp(m->text, "5 stars\nthanks", 14) != 0)
			fail_msg("mail %zu: text '%s'", i, m->text);
		assert_string_equal(m->subject, "Re: survey");
		assert_string_equal(m->from_address, "a@example.com");
		assert_true(has_address(m, "survey@cks.example"));
		cks_parsed_mail_free(&m);
	}

	/* a crafted boundary behind CR line ends is still refused */
	{
		static const char cr[] = "From: a@example.com\rContent-Type: "
		    "multipart/mixed; boundary=\"\\\"\"\r\r--\"\r\rx\r";

		parse_refused(cr, sizeof(cr) - 1, "dangerous multipart boundary");
	}
}

/* --- plain-text conventions and encryption --------------------------------- */

static void
test_format_flowed(void **state)
{
	struct cks_parsed_mail *m;

	/* Thunderbird: soft breaks, quoted flowed lines, space-stuffing, a
	 * signature separator that is not a soft break */
	m = parse_ok(HEAD "Content-Type: text/plain; charset=UTF-8; format=flowed\r\n"
	    "Content-Transfer-Encoding: 8bit\r\n\r\n"
	    "I am very happy with the \r\n"
	    "service, 5 \r\n"
	    "stars.\r\n"
	    " From now on I will come back.\r\n\r\n"
	    "On 06/12/2026 10:00, Survey wrote:\r\n"
	    "> How would you rate \r\n"
	    "> our service? \r\n"
	    ">> older \r\n"
	    ">> text\r\n\r\n"
	    "-- \r\n"
	    "Somchai\r\n");
	assert_string_equal(m->text,
	    "I am very happy with the service, 5 stars.\n"
	    "From now on I will come back.\n\n"
	    "On 06/12/2026 10:00, Survey wrote:\n"
	    "> How would you rate our service? \n"
	    ">> older text\n\n"
	    "-- \n"
	    "Somchai\n");
	cks_parsed_mail_free(&m);

	/* Apple Mail, DelSp=yes: the space at a soft break is not text,
	 * which matters for Thai, written without spaces between words */
	m = parse_ok(HEAD "Content-Type: text/plain; charset=utf-8; format=flowed;"
	    " delsp=yes\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
	    "=E0=B8=9E=E0=B8=B6=E0=B8=87=E0=B8=9E=E0=B8=AD =\r\n"
	    "\r\n"
	    "=E0=B9=83=E0=B8=88\r\n");
	assert_string_equal(m->text, THAI "\n");
	cks_parsed_mail_free(&m);

	/* without format=flowed, trailing spaces are no soft breaks */
	m = parse_ok(HEAD "Content-Type: text/plain; charset=utf-8\r\n\r\n"
	    "line one \r\nline two\r\n");
	assert_string_equal(m->text, "line one \nline two\n");
	cks_parsed_mail_free(&m);
}

static void
test_pgp_signed(void **state)
{
	struct cks_parsed_mail *m;

	/* inline, as GnuPG clearsigns and Enigmail sends it */
	m = parse_ok(HEAD "Content-Type: text/plain; charset=utf-8\r\n\r\n"
	    "-----BEGIN PGP SIGNED MESSAGE-----\r\n"
	    "Hash: SHA256\r\n\r\n"
	    "5 - very satisfied\r\n"
	    "- -----\r\n"
	    "- - not a list\r\n\r\n"
	    "On Mon, Survey <survey@cks.example> wrote:\r\n"
	    "> How would you rate our service?\r\n"
	    "-----BEGIN PGP SIGNATURE-----\r\n\r\n"
	    "iQEzBAEBCAAdFiEEk3yWKpJ0Zc8GZ4rG1s8ZJ2f2eYkFAmXx1gAACgkQ1s8ZJ2f2\r\n"
	    "=q2Xh\r\n"
	    "-----END PGP SIGNATURE-----\r\n");
	assert_string_equal(m->text, "5 - very satisfied\n-----\n- not a list\n\n"
	    "On Mon, Survey <survey@cks.example> wrote:\n"
	    "> How would you rate our service?\n");
	assert_null(m->unreadable);
	cks_parsed_mail_free(&m);

	/* PGP/MIME (RFC 3156) and S/MIME multipart/signed: the first part */
	m = parse_ok(HEAD "Content-Type: multipart/signed; micalg=pgp-sha256;\r\n"
	    " protocol=\"application/pgp-signature\";\r\n"
	    " boundary=\"pgpsig\"\r\n\r\n"
	    "This is an OpenPGP/MIME signed message (RFC 4880 and 3156)\r\n"
	    "--pgpsig\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n\r\n"
	    "5 stars\r\n"
	    "--pgpsig\r\n"
	    "Content-Type: application/pgp-signature; name=\"signature.asc\"\r\n"
	    "Content-Disposition: attachment; filename=\"signature.asc\"\r\n\r\n"
	    "-----BEGIN PGP SIGNATURE-----\r\n\r\niQEz\r\n"
	    "-----END PGP SIGNATURE-----\r\n"
	    "--pgpsig--\r\n");
	assert_string_equal(m->text, "5 stars");
	assert_null(m->unreadable);
	cks_parsed_mail_free(&m);
	m = parse_ok(HEAD "Content-Type: multipart/signed;\r\n"
	    "\tprotocol=\"application/pkcs7-signature\"; micalg=sha-256;\r\n"
	    "\tboundary=\"----=_NextPart_000_0012_01DA2B3C.4D5E6F70\"\r\n\r\n"
	    "This is a multipart message in MIME format.\r\n\r\n"
	    "------=_NextPart_000_0012_01DA2B3C.4D5E6F70\r\n"
	    "Content-Type: text/plain; charset=\"utf-8\"\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n"
	    "4Lie4Li24LiH4Lie4Lit4LmD4LiI\r\n\r\n"
	    "------=_NextPart_000_0012_01DA2B3C.4D5E6F70\r\n"
	    "Content-Type: application/pkcs7-signature; name=\"smime.p7s\"\r\n"
	    "Content-Transfer-Encoding: base64\r\n"
	    "Content-Disposition: attachment; filename=\"smime.p7s\"\r\n\r\n"
	    "MIAGCSqGSIb3DQEHAqCAMIACAQExDzANBglghkgBZQMEAgEFADCABgkqhkiG9w0BBwEAAA==\r\n\r\n"
	    "------=_NextPart_000_0012_01DA2B3C.4D5E6F70--\r\n");
	assert_string_equal(m->text, THAI);
	assert_null(m->unreadable);
	cks_parsed_mail_free(&m);
}

/* Encrypted replies: nothing to read, and the reason says so. */
static void
test_encrypted_unreadable(void **state)
{
	static const struct {
		const char *mail, *why;
	} cases[] = {
		/* Outlook, S/MIME encrypted */
		{ HEAD "Content-Type: application/pkcs7-mime; smime-type=enveloped-data;\r\n"
		  "\tname=\"smime.p7m\"\r\n"
		  "Content-Transfer-Encoding: base64\r\n"
		  "Content-Disposition: attachment; filename=\"smime.p7m\"\r\n\r\n"
		  "MIAGCSqGSIb3DQEHA6CAMIACAQAxggFQMIIBTAIBADA0MCgxJjAkBgNVBAMMHVNt\r\n",
		  "encrypted (S/MIME) reply: cannot be read" },
		/* an older client, x-pkcs7-mime without smime-type */
		{ HEAD "Content-Type: application/x-pkcs7-mime; name=smime.p7m\r\n"
		  "Content-Transfer-Encoding: base64\r\n\r\nMIAGCSqGSIb3DQEHA6CA\r\n",
		  "encrypted (S/MIME) reply: cannot be read" },
		/* S/MIME opaque-signed: the text is inside the DER blob */
		{ HEAD "Content-Type: application/pkcs7-mime; smime-type=signed-data;"
		  " name=smime.p7m\r\n"
		  "Content-Transfer-Encoding: base64\r\n\r\nMIAGCSqGSIb3DQEHAqCA\r\n",
		  "opaque-signed (S/MIME) reply: cannot be read" },
		/* PGP/MIME, RFC 3156, as Thunderbird sends it */
		{ HEAD "Content-Type: multipart/encrypted;\r\n"
		  " protocol=\"application/pgp-encrypted\";\r\n"
		  " boundary=\"------------enc1\"\r\n\r\n"
		  "This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)\r\n"
		  "--------------enc1\r\n"
		  "Content-Type: application/pgp-encrypted\r\n"
		  "Content-Description: PGP/MIME version identification\r\n\r\n"
		  "Version: 1\r\n\r\n"
		  "--------------enc1\r\n"
		  "Content-Type: application/octet-stream; name=\"encrypted.asc\"\r\n"
		  "Content-Disposition: inline; filename=\"encrypted.asc\"\r\n\r\n"
		  "-----BEGIN PGP MESSAGE-----\r\n\r\nhQIMA5\r\n"
		  "-----END PGP MESSAGE-----\r\n\r\n"
		  "--------------enc1--\r\n",
		  "encrypted (PGP/MIME) reply: cannot be read" },
		/* inline PGP */
		{ HEAD "Content-Type: text/plain; charset=us-ascii\r\n\r\n"
		  "-----BEGIN PGP MESSAGE-----\r\n\r\nhQIMA5\r\n=abcd\r\n"
		  "-----END PGP MESSAGE-----\r\n",
		  "encrypted (PGP) reply: cannot be read" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cks_parsed_mail *m = parse_ok(cases[i].mail), *back;
		struct cks_reply_store_result r;
		json_t *json;
		struct cks_error err = { 0 };

		if (m->unreadable == NULL || strcmp(m->unreadable, cases[i].why) != 0)
			fail_msg("case %zu: unreadable '%s'", i,
			    m->unreadable != NULL ? m->unreadable : "(null)");
		/* out of the worker process and into the pipeline */
		json = cks_parsed_mail_to_json(m);
		assert_non_null(json);
		assert_int_equal(cks_parsed_mail_from_json(json, &back, &err), 0);
		json_decref(json);
		assert_string_equal(back->unreadable, cases[i].why);
		memset(&r, 0, sizeof(r));
		cks_reply_store_result_clear(&r);
		assert_int_equal(cks_reply_store_judge(NULL, back, &r), 0);
		assert_int_equal(r.outcome, CKS_REPLY_STORE_QUARANTINED);
		assert_string_equal(r.reason, cases[i].why);
		cks_reply_store_result_clear(&r);
		cks_parsed_mail_free(&back);
		cks_parsed_mail_free(&m);
	}

	/* an encrypted file attached to a reply that has text is readable */
	{
		struct cks_parsed_mail *m = parse_ok(HEAD
		    "Content-Type: multipart/mixed; boundary=mix\r\n\r\n"
		    "--mix\r\nContent-Type: text/plain\r\n\r\n4 stars\r\n"
		    "--mix\r\nContent-Type: application/pkcs7-mime; name=file.p7m\r\n"
		    "Content-Disposition: attachment; filename=file.p7m\r\n\r\nMIAG\r\n"
		    "--mix--\r\n");

		assert_string_equal(m->text, "4 stars");
		assert_null(m->unreadable);
		cks_parsed_mail_free(&m);
	}
}

/* --- header fields -------------------------------------------------------- */

static void
test_rfc2047_thai_subject(void **state)
{
	char *b64 = base64(THAI "มาก", strlen(THAI "มาก"));
	char *raw = format("From: a@example.com\r\n"
	    "Subject: =?UTF-8?B?%s?=\r\n\r\nx\r\n", b64);
	struct cks_parsed_mail *m = parse_ok(raw);

	assert_string_equal(m->subject, THAI "มาก");
	cks_parsed_mail_free(&m);
	free(raw);
	free(b64);

	/* Q encoding in TIS-620, two words, folded */
	m = parse_ok("From: a@example.com\r\n"
	    "Subject: Re: =?TIS-620?Q?=BE=D6=A7=BE=CD=E3=A8?=\r\n"
	    " =?tis-620?q?_=C1=D2=A1?=\r\n\r\nx\r\n");
	assert_string_equal(m->subject, "Re: " THAI " มาก");
	cks_parsed_mail_free(&m);

	/* raw 8-bit headers: UTF-8 if valid, else TIS-620 */
	m = parse_ok("From: " THAI_TIS " <a@example.com>\r\n"
	    "Subject: " THAI "\r\n\r\nx\r\n");
	assert_string_equal(m->subject, THAI);
	assert_string_equal(m->from_name, THAI);
	cks_parsed_mail_free(&m);
	m = parse_ok("From: a@example.com\r\nSubject: Re: " THAI_TIS "\r\n\r\nx\r\n");
	assert_string_equal(m->subject, "Re: " THAI);
	cks_parsed_mail_free(&m);
}

/* Encoded words whose bytes split a character between them, as s-nail
 * writes them, and the other ways real clients put them together. */
static void
test_rfc2047_split_characters(void **state)
{
	static const struct {
		const char *header, *subject;
	} cases[] = {
		/* s-nail: a base64 word padded in the middle of a character */
		{ "Subject: =?UTF-8?B?4Lie4Li24LiH4A==?=\r\n"
		  " =?UTF-8?B?uJ7guK3guYPguIjguKHguLLguIHguITguKPguLHguJo=?=\r\n",
		  "พึงพอใจมากครับ" },
		/* a Q word and a B word of one charset sharing a character */
		{ "Subject: Re: =?UTF-8?Q?=E0=B8=9E=E0?= =?UTF-8?B?uLbguIc=?= ok\r\n",
		  "Re: พึง ok" },
		/* words in two charsets: the space between them still goes */
		{ "Subject: =?TIS-620?Q?=BE=D6=A7?= =?utf-8?B?4Lie4Lit4LmD4LiI?=\r\n",
		  THAI },
		/* glued to text, as some webmails write them */
		{ "Subject: Re:=?UTF-8?B?4Lie4Li24LiH4Lie4Lit4LmD4LiI?=\r\n",
		  "Re:" THAI },
		/* an RFC 2231 language in the charset */
		{ "Subject: =?UTF-8*th?B?4Lie4Li24LiH4Lie4Lit4LmD4LiI?=\r\n", THAI },
		/* raw 8-bit Cyrillic in the body's charset (old Outlook Express) */
		{ "Subject: \xd1\xef\xe0\xf1\xe8\xe1\xee\r\n"
		  "Content-Type: text/plain; charset=windows-1251\r\n", "Спасибо" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *raw = format("From: a@example.com\r\n%s\r\nx\r\n",
		    cases[i].header);
		struct cks_parsed_mail *m = parse_ok(raw);

		if (strcmp(m->subject, cases[i].subject) != 0)
			fail_msg("'%s', want '%s'", m->subject, cases[i].subject);
		cks_parsed_mail_free(&m);
		free(raw);
	}

	/* raw 8-bit GBK in a multipart message (old Foxmail): the charset
	 * is the body part's */
	{
		struct cks_parsed_mail *m = parse_ok("From: \xd5\xc5\xce\xb0 <wei@example.cn>\r\n"
		    "Subject: Re: \xb7\xc7\xb3\xa3\xc2\xfa\xd2\xe2\r\n"
		    "MIME-Version: 1.0\r\n"
		    "Content-Type: multipart/alternative; boundary=\"=====001_Dragon\"\r\n\r\n"
		    "--=====001_Dragon\r\n"
		    "Content-Type: text/plain; charset=\"gb2312\"\r\n\r\n5\r\n"
		    "--=====001_Dragon--\r\n");

		assert_string_equal(m->subject, "Re: 非常满意");
		assert_string_equal(m->from_name, "张伟");
		assert_string_equal(m->from_address, "wei@example.cn");
		cks_parsed_mail_free(&m);
	}

	/* a display name split the same way */
	{
		struct cks_parsed_mail *m = parse_ok(
		    "From: =?UTF-8?B?4Liq4Lih4Lg=?= =?UTF-8?B?iuC4suC4oiDguYPguIjguJTguLU=?="
		    " <somchai@example.co.th>\r\n\r\nx\r\n");

		assert_string_equal(m->from_name, "สมชาย ใจดี");
		assert_string_equal(m->from_address, "somchai@example.co.th");
		cks_parsed_mail_free(&m);
	}
}

static void
test_threading_and_addresses(void **state)
{
	struct cks_parsed_mail *m = parse_ok(
	    "Delivered-To: survey+tok1@CKS.Example\r\n"
	    "X-Original-To: survey+tok2@cks.example\r\n"
	    "From: \"Somchai, J.\" <somchai@example.co.th>\r\n"
	    "To: a@example.com, \"B b\" <B@Example.COM>\r\n"
	    "To: c@example.com\r\n"
	    "Cc: Team: d@example.com, e@example.com;, f@example.com\r\n"
	    "Cc: <<< not an address @@\r\n"
	    "Cc: broken <g@example.com, h@example.com\r\n"
	    "Message-ID: <own@example.co.th>\r\n"
	    "In-Reply-To: <inv-tok3@cks.example> (the survey)\r\n"
	    "References: <first@cks.example>\r\n"
	    "\t<inv-tok3@cks.example>\r\n"
	    "Subject: Re: x\r\n\r\nbody\r\n");

	assert_true(has_address(m, "survey+tok1@cks.example"));
	assert_true(has_address(m, "survey+tok2@cks.example"));
	assert_true(has_address(m, "a@example.com"));
	assert_true(has_address(m, "B@example.com"));
	assert_true(has_address(m, "c@example.com"));
	assert_true(has_address(m, "d@example.com"));
	assert_true(has_address(m, "e@example.com"));
	assert_true(has_address(m, "f@example.com"));
	assert_true(has_address(m, "g@example.com"));
	assert_true(has_address(m, "h@example.com"));
	assert_false(has_address(m, "somchai@example.co.th"));
	assert_string_equal(m->from_address, "somchai@example.co.th");
	assert_string_equal(m->from_name, "Somchai, J.");
	assert_string_equal(m->message_id, "own@example.co.th");
	assert_string_equal(m->in_reply_to, "inv-tok3@cks.example");
	assert_int_equal(m->reference_count, 2);
	assert_string_equal(m->references[0], "first@cks.example");
	assert_string_equal(m->references[1], "inv-tok3@cks.example");
	for (size_t i = 0; i < m->address_count; i++) {
		assert_null(strchr(m->addresses[i], '<'));
		assert_null(strchr(m->addresses[i], ' '));
	}
	cks_parsed_mail_free(&m);

	/* LF line ends, no brackets, no From */
	m = parse_ok("To: x@example.com\nIn-Reply-To: bare@cks.example\n"
	    "References: one@cks.example two@cks.example\n\nhi\n");
	assert_string_equal(m->in_reply_to, "bare@cks.example");
	assert_int_equal(m->reference_count, 2);
	assert_null(m->from_address);
	assert_null(m->subject);
	assert_null(m->message_id);
	assert_string_equal(m->text, "hi\n");
	cks_parsed_mail_free(&m);
}

static void
test_auto_reply_signs(void **state)
{
	static const struct {
		const char *header;
		int sign;
	} cases[] = {
		{ "Auto-Submitted: auto-replied", 1 },
		{ "Auto-Submitted: auto-generated", 1 },
		{ "auto-submitted: Auto-Replied (vacation)", 1 },
		{ "Auto-Submitted: no", 0 },
		{ "Auto-Submitted: No (manual)", 0 },
		{ "X-Autoreply: yes", 1 },
		{ "X-Autorespond: Out of office", 1 },
		{ "X-AutoReply-From: a@example.com", 1 },
		{ "X-Mail-Autoreply: yes", 1 },
		{ "X-Autogenerated: Reply", 1 },
		{ "X-Autogenerated: Forward", 0 },
		{ "Precedence: bulk", 1 },
		{ "Precedence: junk", 1 },
		{ "Precedence: auto_reply", 1 },
		{ "Precedence: list", 1 },
		{ "Precedence: first-class", 0 },
		{ "X-Auto-Response-Suppress: All", 0 },
		{ "Subject: Automatic reply: survey", 1 },
		{ "Subject: AUTO: away", 1 },
		{ "Subject: Out of Office: back Monday", 1 },
		{ "Subject: autoreply", 1 },
		{ "Subject: ตอบกลับอัตโนมัติ: ไม่อยู่", 1 },
		{ "Subject: =?UTF-8?B?4LiV4Lit4Lia4LiB4Lil4Lix4Lia4Lit4Lix4LiV4LmC4LiZ4Lih4Lix4LiV4Li0?=", 1 },
		{ "Subject: Re: automatic replies are bad", 0 },
		{ "Subject: Out of the Office until Monday", 1 },
		{ "Subject: [Auto-Reply] survey", 1 },
		{ "Subject: ไม่อยู่ที่สำนักงาน ถึง 5 ธ.ค.", 1 },
		{ "Subject: =?UTF-8?B?4LmE4Lih4LmI4Lit4Lii4Li54LmI4Liq4Liz4LiZ4Lix4LiB4LiH4Liy4LiZ?=", 1 },
		{ "Subject: 2 ไม่พึงพอใจ ไม่อยู่ในสาย", 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *raw = format("From: a@example.com\r\n%s\r\n\r\nbody\r\n",
		    cases[i].header);
		struct cks_parsed_mail *m = parse_ok(raw);

		if (cases[i].sign != (m->auto_reply != NULL))
			fail_msg("%s: auto_reply %s", cases[i].header,
			    m->auto_reply ? m->auto_reply : "(none)");
		if (cases[i].sign != (m->machine_kind != NULL))
			fail_msg("%s: machine_kind %s", cases[i].header,
			    m->machine_kind ? m->machine_kind : "(none)");
		if (m->machine_kind != NULL)
			assert_string_equal(m->machine_kind, "auto-reply");
		if (m->auto_reply != NULL)
			assert_true(cks_utf8_valid(m->auto_reply,
			    strlen(m->auto_reply)));
		cks_parsed_mail_free(&m);
		free(raw);
	}
}

/* --- delivery reports ----------------------------------------------------- */

static void
test_delivery_report(void **state)
{
	struct cks_parsed_mail *m = parse_ok(
	    "From: Mail Delivery System <MAILER-DAEMON@mx.example.com>\r\n"
	    "To: bounces+tok9@cks.example\r\n"
	    "Subject: Undelivered Mail Returned to Sender\r\n"
	    "Auto-Submitted: auto-replied\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: multipart/report; report-type=delivery-status;\r\n"
	    "\tboundary=\"DSN.1\"\r\n\r\n"
	    "This is a MIME-encapsulated message.\r\n\r\n"
	    "--DSN.1\r\nContent-Description: Notification\r\n"
	    "Content-Type: text/plain; charset=us-ascii\r\n\r\n"
	    "I'm sorry to have to inform you that your message could not\r\n"
	    "be delivered.\r\n\r\n"
	    "--DSN.1\r\nContent-Type: message/delivery-status\r\n\r\n"
	    "Reporting-MTA: dns; mx.example.com\r\n"
	    "Arrival-Date: Mon, 28 Nov 2026 10:05:00 +0700\r\n\r\n"
	    "Final-Recipient: rfc822; Somchai@Example.CO.TH\r\n"
	    "Original-Recipient: rfc822;somchai@example.co.th\r\n"
	    "Action: failed\r\n"
	    "Status: 5.1.1\r\n"
	    "Diagnostic-Code: smtp; 550 5.1.1 no such user\r\n\r\n"
	    "--DSN.1\r\nContent-Type: message/rfc822\r\n\r\n"
	    "From: survey@cks.example\r\n"
	    "To: somchai@example.co.th\r\n"
	    "Message-ID: <20261128.tok9@cks.example>\r\n"
	    "Subject: survey\r\n\r\n"
	    "Please answer\r\n\r\n"
	    "--DSN.1--\r\n");

	assert_true(m->is_report);
	assert_string_equal(m->machine_kind, "dsn");
	assert_string_equal(m->report_action, "failed");
	assert_string_equal(m->report_recipient, "Somchai@example.co.th");
	assert_string_equal(m->report_status, "5.1.1");
	assert_string_equal(m->report_diagnostic, "550 5.1.1 no such user");
	assert_string_equal(m->report_message_id, "20261128.tok9@cks.example");
	assert_string_equal(m->returned_subject, "survey");
	assert_non_null(strstr(m->text, "could not"));
	assert_null(strstr(m->text, "Please answer"));
	assert_non_null(m->auto_reply);
	cks_parsed_mail_free(&m);

	/* headers only, delayed, no Final-Recipient */
	m = parse_ok("From: MAILER-DAEMON@mx.example.com\r\n"
	    "Content-Type: multipart/report; report-type=delivery-status; "
	    "boundary=b\r\n\r\n"
	    "--b\r\n\r\nstill trying\r\n"
	    "--b\r\nContent-Type: message/delivery-status\r\n\r\n"
	    "Reporting-MTA: dns; mx\r\n\r\n"
	    "Original-Recipient: rfc822; <x@example.com>\r\n"
	    "Action: Delayed\r\n\r\n"
	    "--b\r\nContent-Type: text/rfc822-headers\r\n\r\n"
	    "Subject: survey\r\n"
	    "Message-Id:\r\n <orig.tok@cks.example>\r\n\r\n"
	    "--b--\r\n");
	assert_true(m->is_report);
	assert_string_equal(m->report_action, "delayed");
	assert_string_equal(m->report_recipient, "x@example.com");
	assert_string_equal(m->report_message_id, "orig.tok@cks.example");
	assert_string_equal(m->returned_subject, "survey");
	assert_string_equal(m->text, "still trying");
	assert_string_equal(m->machine_kind, "dsn");
	cks_parsed_mail_free(&m);
}

/* Postfix's local(8) alias pipe and pipe(8) flags=F put an mbox line
 * before the header: skipped, so the header is read as one. */
static void
test_mbox_from_line(void **state)
{
	struct cks_parsed_mail *m = parse_ok("From somchai@example.co.th  "
	    "Wed Dec  2 10:00:00 2026\n"
	    "Return-Path: <somchai@example.co.th>\n"
	    "From: Somchai <somchai@example.co.th>\n"
	    "To: survey+tok@cks.example\n"
	    "Subject: Re: survey\n\n2 good\n");

	assert_string_equal(m->from_address, "somchai@example.co.th");
	assert_string_equal(m->subject, "Re: survey");
	assert_non_null(strstr(m->text, "2 good"));
	assert_null(m->machine_kind);
	cks_parsed_mail_free(&m);

	/* only one, only at the start; "From:" is a header field */
	m = parse_ok("From: a@example.com\nSubject: s\n\nFrom me\n");
	assert_string_equal(m->from_address, "a@example.com");
	assert_non_null(strstr(m->text, "From me"));
	cks_parsed_mail_free(&m);

	/* an mbox line and nothing else is no message */
	parse_refused("From x  Sat Oct  4 08:00:09 2026\n", 33, "empty");
}

static void
test_read_receipt(void **state)
{
	struct cks_parsed_mail *m = parse_ok(HEAD
	    "Subject: Read: survey\r\n"
	    "Content-Type: multipart/report;\r\n"
	    " report-type=\"disposition-notification\"; boundary=m\r\n\r\n"
	    "--m\r\nContent-Type: text/plain\r\n\r\nYour message was read. 1\r\n"
	    "--m\r\nContent-Type: message/disposition-notification\r\n\r\n"
	    "Reporting-UA: pc.example.co.th; Foomail\r\n"
	    "Final-Recipient: rfc822;somchai@example.co.th\r\n"
	    "Original-Message-ID: <survey.tok.1@cks.example>\r\n"
	    "Disposition: manual-action/MDN-sent-manually; displayed\r\n\r\n"
	    "--m--\r\n");

	assert_true(m->is_report);
	assert_string_equal(m->machine_kind, "mdn");
	assert_string_equal(m->report_action, "displayed");
	assert_string_equal(m->report_recipient, "somchai@example.co.th");
	assert_string_equal(m->report_message_id, "survey.tok.1@cks.example");
	cks_parsed_mail_free(&m);

	/* older Outlook: plain text, known by its Subject */
	m = parse_ok("From: Somchai <somchai@example.co.th>\r\n"
	    "To: survey+tok@cks.example\r\nSubject: Read: survey\r\n\r\n"
	    "Your message\r\n\r\n  To: Somchai\r\n  Subject: survey\r\n"
	    "  Sent: 2/12/2026 10:00 AM\r\n\r\nwas read on 2/12/2026 10:07 AM.\r\n");
	assert_string_equal(m->machine_kind, "mdn");
	assert_false(m->is_report);
	cks_parsed_mail_free(&m);
	m = parse_ok("From: a@example.co.th\r\nSubject: Re: read: survey\r\n\r\n1\r\n");
	assert_null(m->machine_kind);
	cks_parsed_mail_free(&m);
}

static void
test_abuse_report(void **state)
{
	struct cks_parsed_mail *m = parse_ok(
	    "From: <staff@hotmail.example>\r\nSubject: complaint\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: multipart/report; report-type=feedback-report;\r\n"
	    "\tboundary=\"part1\"\r\n\r\n"
	    "--part1\r\nContent-Type: text/plain\r\n\r\nThis is an abuse report\r\n"
	    "--part1\r\nContent-Type: message/feedback-report\r\n\r\n"
	    "Feedback-Type: abuse\r\nUser-Agent: SomeGenerator/1.0\r\n"
	    "Version: 1\r\n\r\n"
	    "--part1\r\nContent-Type: message/rfc822\r\n\r\n"
	    "From: <desk@cks.example>\r\nMessage-ID: <survey.tok.2@cks.example>\r\n"
	    "Subject: survey\r\n\r\n3\r\n--part1--\r\n");

	assert_string_equal(m->machine_kind, "arf");
	assert_string_equal(m->report_action, "abuse");
	assert_string_equal(m->report_message_id, "survey.tok.2@cks.example");
	cks_parsed_mail_free(&m);

	/* Hotmail's complaints come without ARF */
	m = parse_ok("From: staff@hotmail.example\r\nSubject:  complaint about "
	    "message from 192.0.2.1\r\n\r\n3\r\n");
	assert_string_equal(m->machine_kind, "arf");
	cks_parsed_mail_free(&m);
}

/* Bounces that are no multipart/report, by each mark alone. */
static void
test_non_standard_bounces(void **state)
{
	static const struct {
		const char *header;
		const char *body;
	} cases[] = {
		/* the DragonFly bounce once recorded as "not satisfied" */
		{ "From: MAILER-DAEMON <>\nSubject: Mail delivery failed",
		  "This message was created automatically by mail delivery "
		  "software.\n\nA message that you sent could not be delivered.\n"
		  "  somchai@example.co.th\n    host mx: 554 5.7.1 Recipient "
		  "address rejected: Bad destination mailbox address\n" },
		{ "Return-Path: <>\nFrom: MAILER-DAEMON@mx.example.jp\n"
		  "Subject: failure notice", "Hi. This is the qmail-send program "
		  "at mx.example.jp.\nSorry. 3\n" },
		{ "From: Microsoft Outlook <postmaster@contoso.example>\n"
		  "Subject: Undeliverable: survey", "Delivery has failed. 2\n" },
		{ "From: someone@example.jp\nSubject: Returned mail: see "
		  "transcript for details", "3\n" },
		{ "From: a@example.jp\nSubject: Failure Notice", "1\n" },
		{ "From: a@example.jp\nX-Failed-Recipients: b@example.jp\n"
		  "Subject: hi", "2\n" },
		{ "From: a@example.jp\nSubject: Delivery Status Notification "
		  "(Failure)", "2\n" },
		{ "Return-Path: <>\nFrom: a@example.jp\nSubject: hi",
		  "I'm afraid I wasn't able to deliver your message. 3\n" },
		/* no address at all in From: */
		{ "From: mailer-daemon\nSubject: hi", "3\n" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *raw = format("%s\nMessage-ID: <b%zu@mx.example>\n\n%s\n"
		    "--- returned ---\n> Message-ID: <survey.tok%zu.1@cks.example>\n"
		    "> Subject: survey\n", cases[i].header, i, cases[i].body, i);
		struct cks_parsed_mail *m = parse_ok(raw);
		char want[64];

		if (m->machine_kind == NULL || strcmp(m->machine_kind, "bounce") != 0)
			fail_msg("case %zu: kind %s", i, m->machine_kind ?
			    m->machine_kind : "(none)");
		assert_non_null(m->machine_reason);
		snprintf(want, sizeof(want), "survey.tok%zu.1@cks.example", i);
		assert_string_equal(m->report_message_id, want);
		assert_string_equal(m->returned_subject, "survey");
		cks_parsed_mail_free(&m);
		free(raw);
	}

	/* the returned header cut before its Message-ID: the Subject, with
	 * the survey tag, RFC 2047-encoded and folded */
	{
		struct cks_parsed_mail *m = parse_ok("From: MAILER-DAEMON@mx.example\n"
		    "Subject: failure notice\n\nSorry.\n\n--- Below this line is "
		    "a copy of the message.\n\nTo: a@example.jp\nSubject:\n "
		    "=?UTF-8?B?4LmB4Lia4Lia4Lib4Lij4Liw4LmA4Lih4Li04LiZ?= "
		    "[CKS-TOK]\n");

		assert_string_equal(m->machine_kind, "bounce");
		assert_null(m->report_message_id);
		assert_string_equal(m->returned_subject, "แบบประเมิน [CKS-TOK]");
		cks_parsed_mail_free(&m);
	}
	/* a customer's complaint about delivery is no bounce */
	{
		struct cks_parsed_mail *m = parse_ok("From: a@example.jp\n"
		    "Subject: Re: survey\n\n3 my message could not be delivered "
		    "to one or more recipients\n");

		assert_null(m->machine_kind);
		assert_null(m->report_message_id);
		cks_parsed_mail_free(&m);
	}
	/* a null sender alone is machine mail all the same */
	{
		struct cks_parsed_mail *m = parse_ok("Return-Path: <>\n"
		    "From: a@example.jp\nSubject: Re: survey\n\n1\n");

		assert_string_equal(m->machine_kind, "auto-reply");
		cks_parsed_mail_free(&m);
	}
}

/* --- hostile input -------------------------------------------------------- */

static void
test_crafted_boundary_refused(void **state)
{
	static const char *const bad[] = {
		"Content-Type: multipart/mixed; boundary=\"\\\"\"",
		"Content-Type: multipart/mixed; boundary=\"\"",
		"Content-Type: multipart/mixed; boundary=",
		"Content-Type: multipart/mixed; boundary=\"a\\b\"",
		"Content-Type: multipart/mixed; boundary=a\"b",
		"Content-Type: multipart/mixed; boundary=\"unterminated",
		"Content-Type: multipart/mixed;\r\n boundary (x) =\r\n \"\\\"\"",
		"content-TYPE: multipart/mixed; BOUNDARY=\"\\\"\"",
		/* the escaped quote opening a value, whatever the name */
		"Content-Type: multipart/mixed; x=1; boundary = (c) \"\\\"\"",
	};
	static const char nested[] = HEAD
	    "Content-Type: multipart/mixed; boundary=ok\r\n\r\n"
	    "--ok\r\nContent-Type: multipart/alternative; boundary=\"\\\"\"\r\n"
	    "\r\n--\"\r\n\r\nx\r\n--ok--\r\n";
	static const char with_nul[] =
	    "From: a@example.com\r\nSubject: a\0b\r\n\r\nx";
	struct cks_parsed_mail *m;
	char *raw;
	size_t len;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		raw = format("From: a@example.com\r\n%s\r\n\r\n--x\r\n\r\nhi\r\n"
		    "--x--\r\n", bad[i]);
		parse_refused(raw, strlen(raw), "dangerous multipart boundary");
		free(raw);
	}

	/* in a nested part's header, and in a forwarded message */
	parse_refused(nested, sizeof(nested) - 1, "dangerous multipart boundary");
	raw = format(HEAD "Content-Type: multipart/mixed; boundary=ok\r\n\r\n"
	    "--ok\r\nContent-Type: message/rfc822\r\n\r\nSubject: x\r\n"
	    "Content-Type: multipart/mixed; boundary=\"\\\"\"\r\n\r\n"
	    "--ok--\r\n");
	parse_refused(raw, strlen(raw), "dangerous multipart boundary");
	free(raw);

	/* a forwarded message libetpan parses as one, whichever of two
	 * encodings it takes; one in base64 is data, not parsed */
	raw = format(HEAD "Content-Type: multipart/mixed; boundary=ok\r\n\r\n"
	    "--ok\r\nContent-Type: message/rfc822\r\n"
	    "Content-Transfer-Encoding: base64\r\n"
	    "Content-Transfer-Encoding: 7bit\r\n\r\nSubject: x\r\n"
	    "Content-Type: multipart/mixed; boundary=\"\\\"\"\r\n\r\n"
	    "--ok--\r\n");
	parse_refused(raw, strlen(raw), "dangerous multipart boundary");
	free(raw);
	raw = format(HEAD "Content-Type: multipart/mixed; boundary=ok\r\n\r\n"
	    "--ok\r\nContent-Type: text/plain\r\n\r\nmine\r\n"
	    "--ok\r\nContent-Type: message/rfc822\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\nSubject: x\r\n"
	    "Content-Type: multipart/mixed; boundary=\"\\\"\"\r\n\r\n"
	    "--ok--\r\n");
	m = parse_ok(raw);
	assert_string_equal(m->text, "mine");
	cks_parsed_mail_free(&m);
	free(raw);

	/* longer than 200 bytes: nonsense */
	raw = format("From: a@example.com\r\nContent-Type: multipart/mixed; "
	    "boundary=\"%0201d\"\r\n\r\n--%0201d\r\n\r\nhi\r\n--%0201d--\r\n",
	    0, 0, 0);
	parse_refused(raw, strlen(raw), "dangerous multipart boundary");
	free(raw);

	/* in a part of a multipart/digest, which has no Content-Type: it is
	 * a message, and libetpan reads its header */
	raw = format(HEAD "Content-Type: multipart/digest; boundary=d\r\n\r\n"
	    "--d\r\n\r\nSubject: x\r\n"
	    "Content-Type: multipart/mixed; boundary=\"\\\"\"\r\n\r\n"
	    "--d--\r\n");
	parse_refused(raw, strlen(raw), "dangerous multipart boundary");
	free(raw);

	/* 70 characters and an ordinary quoted boundary are fine */
	raw = format("From: a@example.com\r\nContent-Type: multipart/mixed; "
	    "boundary=\"%s\"\r\n\r\n--%s\r\n\r\nhi\r\n--%s--\r\n",
	    "1234567890123456789012345678901234567890123456789012345678901234567890",
	    "1234567890123456789012345678901234567890123456789012345678901234567890",
	    "1234567890123456789012345678901234567890123456789012345678901234567890");
	m = parse_ok(raw);
	assert_string_equal(m->text, "hi");
	cks_parsed_mail_free(&m);
	free(raw);

	/* NUL in the header, none at all, nothing, too big */
	parse_refused(with_nul, sizeof(with_nul) - 1, "NUL");
	parse_refused("just some text", 14, "no header");
	parse_refused("", 0, "empty");
	len = 25u * 1024 * 1024 + 1;
	raw = malloc(len);
	assert_non_null(raw);
	memset(raw, 'a', len);
	memcpy(raw, "From: a@example.com\r\n\r\n", 24);
	parse_refused(raw, len, "larger");
	free(raw);
}

/* Boundaries real senders write that a look at every "boundary" in the
 * message took for crafted ones. */
static void
test_real_boundaries_accepted(void **state)
{
	struct cks_parsed_mail *m;
	char *raw;

	/* Mimecast: "Boundary=" inside the quoted value */
	m = parse_ok(HEAD "Content-Type: multipart/alternative;\r\n"
	    "\tboundary=\"MCBoundary=_12012071345123451\"\r\n\r\n"
	    "--MCBoundary=_12012071345123451\r\n"
	    "Content-Type: text/plain; charset=\"utf-8\"\r\n"
	    "Content-Transfer-Encoding: 7bit\r\n\r\n"
	    "5 stars\r\n"
	    "--MCBoundary=_12012071345123451\r\n"
	    "Content-Type: text/html; charset=\"utf-8\"\r\n\r\n"
	    "<p>5 stars</p>\r\n"
	    "--MCBoundary=_12012071345123451--\r\n");
	assert_string_equal(m->text, "5 stars");
	cks_parsed_mail_free(&m);

	/* longer than RFC 2046's 70 characters (71 and 120) */
	raw = format("From: a@example.com\r\nContent-Type: multipart/mixed; "
	    "boundary=\"%071d\"\r\n\r\n--%071d\r\n\r\nhi\r\n--%071d--\r\n",
	    7, 7, 7);
	m = parse_ok(raw);
	assert_string_equal(m->text, "hi");
	cks_parsed_mail_free(&m);
	free(raw);
	raw = format("From: a@example.com\r\nContent-Type: multipart/mixed; "
	    "boundary=----=_NextPart_%0109d\r\n\r\n------=_NextPart_%0109d\r\n"
	    "Content-Type: text/plain\r\n\r\nhi\r\n------=_NextPart_%0109d--\r\n",
	    1, 1, 1);
	m = parse_ok(raw);
	assert_string_equal(m->text, "hi");
	cks_parsed_mail_free(&m);
	free(raw);

	/* An Exchange 2007 / Office 365 bounce: the original's header quoted
	 * in a quoted-printable body, boundary=3D"..." */
	m = parse_ok("From: Microsoft Outlook <MicrosoftExchange329e71ec88ae"
	    "4615bbc36ab6ce41109e@contoso.com>\r\n"
	    "To: <survey@cks.example>\r\n"
	    "Subject: Undeliverable: Re: survey\r\n"
	    "Content-Type: multipart/report; report-type=delivery-status;\r\n"
	    "\tboundary=\"_000_d9b4f5e6a1c84b3a9f3e2d1c0b9a8f7e_\"\r\n"
	    "MIME-Version: 1.0\r\n\r\n"
	    "--_000_d9b4f5e6a1c84b3a9f3e2d1c0b9a8f7e_\r\n"
	    "Content-Type: text/plain; charset=\"us-ascii\"\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
	    "Delivery has failed to these recipients or groups:\r\n\r\n"
	    "Original message headers:\r\n\r\n"
	    "Received: from SN6PR04MB4990.namprd04.prod.outlook.com\r\n"
	    "Content-Type: multipart/alternative;\r\n"
	    "\tboundary=3D\"_000_SN6PR04MB4990F0C1E2B7C7D4A5B1SN6PR04MB4990namp_\"\r\n"
	    "MIME-Version: 1.0\r\n\r\n"
	    "--_000_d9b4f5e6a1c84b3a9f3e2d1c0b9a8f7e_\r\n"
	    "Content-Type: message/delivery-status\r\n\r\n"
	    "Reporting-MTA: dns;SN6PR04MB4990.namprd04.prod.outlook.com\r\n\r\n"
	    "Final-Recipient: rfc822;x@example.com\r\nAction: failed\r\n"
	    "Status: 5.1.1\r\n\r\n"
	    "--_000_d9b4f5e6a1c84b3a9f3e2d1c0b9a8f7e_--\r\n");
	assert_true(m->is_report);
	assert_non_null(strstr(m->text, "Delivery has failed"));
	cks_parsed_mail_free(&m);
}

/* levels nested multiparts around a text/plain part. */
static char *
nested_message(int levels)
{
	size_t cap = 128 * (size_t)levels + 256, len = 0;
	char *raw = malloc(cap);

	assert_non_null(raw);
	len += (size_t)snprintf(raw + len, cap - len, "From: a@example.com\r\n");
	for (int i = 0; i < levels; i++)
		len += (size_t)snprintf(raw + len, cap - len,
		    "Content-Type: multipart/mixed; boundary=\"b%d\"\r\n\r\n"
		    "--b%d\r\n", i, i);
	len += (size_t)snprintf(raw + len, cap - len,
	    "Content-Type: text/plain\r\n\r\ndeep\r\n");
	for (int i = levels - 1; i >= 0; i--)
		len += (size_t)snprintf(raw + len, cap - len, "--b%d--\r\n", i);
	return raw;
}

static void
test_deep_nesting(void **state)
{
	char *raw = nested_message(20);
	struct cks_parsed_mail *m = parse_ok(raw);
	struct cks_error err = { 0 };

	assert_string_equal(m->text, "deep");
	cks_parsed_mail_free(&m);
	free(raw);

	/* deeper than we look: parses, the text is not found */
	raw = nested_message(40);
	m = parse_ok(raw);
	assert_string_equal(m->text, "");
	cks_parsed_mail_free(&m);
	free(raw);

	/* libetpan's time grows with depth times lines: refused */
	raw = nested_message(150);
	assert_int_equal(cks_mail_parse(raw, strlen(raw), &m, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_null(m);
	free(raw);
}

/* --- real clients ----------------------------------------------------------- */

static void
test_corpus_standard_replies(void **state)
{
	char *dir_path = format("%s/tests/corpus/talon/standard_replies", CKS_SRCDIR);
	DIR *dir = opendir(dir_path);
	struct dirent *e;
	int count = 0;

	assert_non_null(dir);
	while ((e = readdir(dir)) != NULL) {
		size_t n = strlen(e->d_name), len;
		char *path, *raw;
		struct cks_parsed_mail *m = NULL;
		struct cks_error err = { 0 };

		if (n < 4 || strcmp(e->d_name + n - 4, ".eml") != 0)
			continue;
		path = format("%s/%s", dir_path, e->d_name);
		raw = test_read_file_must(path, &len);
		if (cks_mail_parse(raw, len, &m, &err) < 0)
			fail_msg("%s: %s", e->d_name, err.message);
		if (strstr(m->text, "Hello") == NULL)
			fail_msg("%s: no reply in '%s'", e->d_name, m->text);
		assert_true(cks_utf8_valid(m->text, strlen(m->text)));
		assert_non_null(m->from_address);
		cks_parsed_mail_free(&m);
		free(raw);
		free(path);
		count++;
	}
	closedir(dir);
	assert_int_equal(count, 12);
	free(dir_path);
}

static void
check_html_reply(const char *file, const char *reply, const char *quote)
{
	char *path = format("%s/tests/corpus/talon/%s", CKS_SRCDIR, file);
	size_t len;
	char *html = test_read_file_must(path, &len);
	char *raw = format("From: alex@example.com\r\nSubject: Re: Test\r\n"
	    "MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: 8bit\r\n\r\n%s", html);
	struct cks_parsed_mail *m = parse_ok(raw);
	char *mine = unquoted(m->text);

	assert_true(m->text_from_html);
	if (strstr(mine, reply) == NULL || strstr(mine, quote) != NULL)
		fail_msg("%s: reply part is '%s'", file, mine);
	free(mine);
	cks_parsed_mail_free(&m);
	free(raw);
	free(html);
	free(path);
}

static void
test_corpus_html_replies(void **state)
{
	static const char *const files[] = {
		"gmail.html", "hotmail.html", "mail_ru.html", "ms_outlook_2003.html",
		"ms_outlook_2007.html", "ms_outlook_2010.html", "thunderbird.html",
		"windows_mail.html", "yandex_ru.html",
	};

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *file = format("html_replies/%s", files[i]);

		check_html_reply(file, "Hi. I am fine.", "How are you");
		free(file);
	}
	check_html_reply("OLK_SRC_BODY_SECTION.html", "Reply", "From:");
	check_html_reply("reply-separated-by-hr.html", "there", "Hello");
}

/* --- JSON ------------------------------------------------------------------- */

static void
assert_same_string(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void
assert_same_mail(const struct cks_parsed_mail *a, const struct cks_parsed_mail *b)
{
	assert_same_string(a->message_id, b->message_id);
	assert_same_string(a->subject, b->subject);
	assert_same_string(a->from_address, b->from_address);
	assert_same_string(a->from_name, b->from_name);
	assert_int_equal(a->address_count, b->address_count);
	for (size_t i = 0; i < a->address_count; i++)
		assert_string_equal(a->addresses[i], b->addresses[i]);
	assert_same_string(a->in_reply_to, b->in_reply_to);
	assert_int_equal(a->reference_count, b->reference_count);
	for (size_t i = 0; i < a->reference_count; i++)
		assert_string_equal(a->references[i], b->references[i]);
	assert_same_string(a->auto_reply, b->auto_reply);
	assert_same_string(a->machine_kind, b->machine_kind);
	assert_same_string(a->machine_reason, b->machine_reason);
	assert_int_equal(a->is_report, b->is_report);
	assert_same_string(a->report_action, b->report_action);
	assert_same_string(a->report_recipient, b->report_recipient);
	assert_same_string(a->report_status, b->report_status);
	assert_same_string(a->report_diagnostic, b->report_diagnostic);
	assert_same_string(a->report_message_id, b->report_message_id);
	assert_same_string(a->returned_subject, b->returned_subject);
	assert_same_string(a->text, b->text);
	assert_int_equal(a->text_from_html, b->text_from_html);
	assert_same_string(a->charset, b->charset);
	assert_same_string(a->unreadable, b->unreadable);
}

static struct cks_parsed_mail *
round_trip(const struct cks_parsed_mail *m)
{
	json_t *json = cks_parsed_mail_to_json(m), *back;
	char *text;
	struct cks_parsed_mail *out = NULL;
	struct cks_error err = { 0 };

	assert_non_null(json);
	/* through text, as from the worker process */
	text = json_dumps(json, JSON_COMPACT);
	assert_non_null(text);
	json_decref(json);
	back = json_loads(text, 0, NULL);
	assert_non_null(back);
	free(text);
	if (cks_parsed_mail_from_json(back, &out, &err) < 0)
		fail_msg("from_json: %s", err.message);
	json_decref(back);
	assert_same_mail(m, out);
	return out;
}

static void
test_json_round_trip(void **state)
{
	struct cks_parsed_mail *full = calloc(1, sizeof(*full)), *back;
	static char *addresses[] = { "a@example.com", "survey+tok@cks.example" };
	static char *references[] = { "r1@x", "r2@y", "r3@z" };

	assert_non_null(full);
	full->message_id = strdup("id@example.co.th");
	full->subject = strdup("Re: " THAI);
	full->from_address = strdup("somchai@example.co.th");
	full->from_name = strdup("สมชาย \"J\" ใจดี");
	full->address_count = 2;
	full->addresses = calloc(2, sizeof(char *));
	full->addresses[0] = strdup(addresses[0]);
	full->addresses[1] = strdup(addresses[1]);
	full->in_reply_to = strdup("tok@cks.example");
	full->reference_count = 3;
	full->references = calloc(3, sizeof(char *));
	for (int i = 0; i < 3; i++)
		full->references[i] = strdup(references[i]);
	full->auto_reply = strdup("Auto-Submitted: auto-replied");
	full->is_report = 1;
	full->machine_kind = strdup("dsn");
	full->machine_reason = strdup("report-type: delivery-status");
	full->report_action = strdup("failed");
	full->report_recipient = strdup("x@example.com");
	full->report_status = strdup("5.1.1");
	full->report_diagnostic = strdup("smtp; 550 5.1.1 user unknown");
	full->report_message_id = strdup("orig@cks.example");
	full->returned_subject = strdup("แบบประเมิน [CKS-TOK]");
	full->text = strdup(THAI "\n> quoted\n\ttab \\ \"\n");
	full->text_from_html = 1;
	full->charset = strdup("tis-620");
	full->unreadable = strdup("encrypted (S/MIME) reply: cannot be read");
	back = round_trip(full);
	cks_parsed_mail_free(&back);
	cks_parsed_mail_free(&full);

	/* a parsed message, mostly NULL fields */
	full = parse_ok("From: a@example.com\r\n\r\nhi\r\n");
	back = round_trip(full);
	cks_parsed_mail_free(&back);
	cks_parsed_mail_free(&full);
}

static void
test_json_untrusted(void **state)
{
	static const char *const bad[] = {
		"[]", "\"text\"", "{\"text\": 5}", "{\"subject\": [\"x\"]}",
		"{\"addresses\": \"a@b\"}", "{\"addresses\": [\"a@b\", 3]}",
		"{\"references\": [null]}", "{\"is_report\": 1}",
		"{\"text_from_html\": \"yes\"}",
	};
	struct cks_parsed_mail *m = NULL;
	struct cks_error err = { 0 };
	json_t *json;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json = json_loads(bad[i], JSON_DECODE_ANY, NULL);
		assert_non_null(json);
		if (cks_parsed_mail_from_json(json, &m, &err) != -1)
			fail_msg("accepted %s", bad[i]);
		assert_null(m);
		assert_int_equal(err.kind, CKS_ERROR_INVALID);
		json_decref(json);
	}

	/* NUL inside a string */
	json = json_loads("{\"text\": \"a\\u0000b\"}", JSON_ALLOW_NUL, NULL);
	assert_non_null(json);
	assert_int_equal(cks_parsed_mail_from_json(json, &m, &err), -1);
	json_decref(json);

	/* missing fields are NULL, unknown ones ignored */
	json = json_loads("{\"subject\": \"s\", \"extra\": 1, \"addresses\": null}",
	    0, NULL);
	assert_non_null(json);
	assert_int_equal(cks_parsed_mail_from_json(json, &m, &err), 0);
	assert_string_equal(m->subject, "s");
	assert_null(m->text);
	assert_null(m->message_id);
	assert_int_equal(m->address_count, 0);
	assert_false(m->is_report);
	cks_parsed_mail_free(&m);
	json_decref(json);
}

/* A pick marked inside the quoted option list is the answer when the
 * words above the quote name nothing: nothing typed, or only a name. */
static void
test_pick_marked_in_quote(void **state)
{
	static const char *const above[] = { "", "อรุณี\r\n\r\n", "Sent from my iPhone\r\n\r\n" };
	struct cks_channels *channels = test_channels_load();
	const struct cks_channel_plugin *hotline = cks_channels_find(channels, "hotline1169");

	(void)state;
	assert_non_null(hotline);
	for (size_t i = 0; i < sizeof(above) / sizeof(above[0]); i++) {
		for (int marked = 0; marked < 2; marked++) {
			char raw[2048];
			struct cks_parsed_mail *m;
			struct cks_reply_store_result r;

			snprintf(raw, sizeof(raw), HEAD "Content-Type: text/plain; charset=utf-8\r\n"
			    "Content-Transfer-Encoding: 8bit\r\n\r\n%s"
			    "On Mon, 9 Nov 2026, DITP <cks@ditp.go.th> wrote:\r\n"
			    "> Please rate us:\r\n>\r\n>   1  Impressed%s\r\n"
			    ">       https://cks.example/r/x/1\r\n>   2  Satisfied\r\n"
			    ">   3  Not satisfied\r\n>\r\n> Reference: KXK31XPQ7EEXX\r\n",
			    above[i], marked ? "  <-- this one" : "");
			m = parse_ok(raw);
			memset(&r, 0, sizeof(r));
			cks_reply_store_result_clear(&r);
			assert_int_equal(cks_reply_store_judge(hotline, m, &r), 0);
			if (marked) {
				assert_int_equal(r.outcome, CKS_REPLY_STORE_RECORDED);
				assert_int_equal(r.code, 1);
			} else {
				assert_int_equal(r.outcome, CKS_REPLY_STORE_QUARANTINED);
			}
			cks_reply_store_result_clear(&r);
			cks_parsed_mail_free(&m);
		}
	}
	cks_channels_free(&channels);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_utf8_reply),
		cmocka_unit_test(test_base64_tis620),
		cmocka_unit_test(test_quoted_printable_windows874),
		cmocka_unit_test(test_mislabelled_charsets),
		cmocka_unit_test(test_declared_charsets_per_character),
		cmocka_unit_test(test_html_only_meta_charset),
		cmocka_unit_test(test_alternative_prefers_plain),
		cmocka_unit_test(test_attachments_and_forwards_skipped),
		cmocka_unit_test(test_html_quotes_marked),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_format_flowed),
		cmocka_unit_test(test_pgp_signed),
		cmocka_unit_test(test_encrypted_unreadable),
		cmocka_unit_test(test_rfc2047_thai_subject),
		cmocka_unit_test(test_rfc2047_split_characters),
		cmocka_unit_test(test_threading_and_addresses),
		cmocka_unit_test(test_auto_reply_signs),
		cmocka_unit_test(test_delivery_report),
		cmocka_unit_test(test_mbox_from_line),
		cmocka_unit_test(test_read_receipt),
		cmocka_unit_test(test_abuse_report),
		cmocka_unit_test(test_non_standard_bounces),
		cmocka_unit_test(test_crafted_boundary_refused),
		cmocka_unit_test(test_real_boundaries_accepted),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_corpus_standard_replies),
		cmocka_unit_test(test_corpus_html_replies),
		cmocka_unit_test(test_json_round_trip),
		cmocka_unit_test(test_json_untrusted),
		cmocka_unit_test(test_pick_marked_in_quote),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
