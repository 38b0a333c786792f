/* Unit tests for lib/mailin/html_text: HTML mail bodies turned into the text the
 * reply cutter reads, with each client's quoted history as "> " lines. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testhelp.h"
#include "html_meta.h"
#include "html_text.h"
#include "utf8.h"

static char *
convert(const char *html)
{
	char *text = NULL;
	struct cks_error err = { 0 };

	if (cks_html_to_text(html, strlen(html), &text, &err) < 0)
		fail_msg("conversion failed: %s", err.message);
	assert_non_null(text);
	assert_true(cks_utf8_valid(text, strlen(text)));
	return text;
}

static void
expect(const char *html, const char *want)
{
	char *text = convert(html);

	if (strcmp(text, want) != 0)
		fail_msg("for %s\ngot:\n%s\nwant:\n%s", html, text, want);
	free(text);
}

static char *
read_corpus(const char *name)
{
	char path[512];
	FILE *f;
	char *data;
	long len;

	snprintf(path, sizeof(path), "%s/tests/corpus/talon/%s", CKS_SRCDIR, name);
	f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("cannot open %s", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len >= 0);
	rewind(f);
	data = malloc((size_t)len + 1);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)len, f), (size_t)len);
	data[len] = '\0';
	fclose(f);
	return data;
}

/* The lines that are not quoted, joined. */
static char *
reply_part(const char *text)
{
	char *out = calloc(1, strlen(text) + 1), *o = out;

	assert_non_null(out);
	while (*text != '\0') {
		size_t n = strcspn(text, "\n");

		if (n > 0 && text[0] != '>') {
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

/* --- layout ----------------------------------------------------------------- */

static void
test_blocks_and_breaks(void **state)
{
	expect("<div>one</div><div>two</div>", "one\ntwo\n");
	expect("a<br>b<br><br>c", "a\nb\n\nc\n");
	expect("<p>first</p><p>second</p>", "first\n\nsecond\n");
	expect("<h1>Title</h1>text", "Title\n\ntext\n");
	expect("<ul><li>x</li><li>y</li></ul>", "x\ny\n");
	expect("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>",
	    "a b\nc\n");
	/* a cell after one that broke its lines starts its own: a
	 * signature laid out in a table */
	expect("<table><tr><td>Somchai<br>Export Manager</td><td>Tel 081-234-5678<br>"
	    "www.x.co.th</td></tr></table>",
	    "Somchai\nExport Manager\nTel 081-234-5678\nwww.x.co.th\n");
	/* the option bolded in a pasted list is marked as plain text marks
	 * bold; other bold text is not ("From:" in a header block) */
	expect("<div>5 Highest<br><b>4 High</b><br>3 Medium</div>",
	    "5 Highest\n*4 High*\n3 Medium\n");
	expect("<b>From:</b> A", "From: A\n");
	expect("<div><div><br></div></div><div>after</div>", "after\n");
	expect("", "");
	expect("<html><body></body></html>", "");
}

static void
test_white_space(void **state)
{
	expect("  lots   of\n\t space  ", "lots of space\n");
	expect("a&nbsp;&nbsp;b", "a b\n");
	expect("<pre>  keep\n    this</pre>", "  keep\n    this\n");
	expect("<b>bold</b><i>italic</i> <a href=\"x\">link</a>",
	    "bolditalic link\n");
	expect("&lt;tag&gt; &amp; &#3614;&#x0E36;", "<tag> & พึ\n");
	expect("<div>พึงพอใจ</div><div>มาก</div>", "พึงพอใจ\nมาก\n");
}

/* An option list pasted back and marked the ways HTML editors mark it. */
static void
test_marked_lists(void **state)
{
	/* underlined, highlighted, coloured: marked like bold; "(4)",
	 * "[4]", "ข้อ 4" open an option like "4" */
	expect("<div>(5) Highest</div><div><u>(4) High</u></div>",
	    "(5) Highest\n*(4) High*\n");
	expect("<div>5 Highest</div><div><span style=\"background:yellow\">4 High"
	    "</span></div>", "5 Highest\n*4 High*\n");
	expect("<p>ข้อ 5 มาก<br><font color=\"red\">ข้อ 4 มาก</font></p>",
	    "ข้อ 5 มาก\n*ข้อ 4 มาก*\n");
	expect("<div><span style=\"color:red\">[๓] Medium</span></div>",
	    "*[๓] Medium*\n");
	/* a background colour names no text colour, and a span styled only
	 * otherwise marks nothing */
	expect("<div><span style=\"font-size:11pt\">4 High</span></div>",
	    "4 High\n");
	/* an emphasis over several lines (the whole reply in colour) marks
	 * no one line */
	expect("<font color=\"#1F497D\">5 Highest<br>4 High</font>",
	    "5 Highest\n4 High\n");
	expect("<span style=\"color:navy\"><div>4 High</div><div>ok</div></span>",
	    "4 High\nok\n");
	/* struck through: deleted, as on paper */
	expect("<div><s>5 Highest</s></div><div>4 High</div><div><del>3 Medium"
	    "</del></div>", "4 High\n");
	expect("<div><span style=\"text-decoration: line-through\">5 Highest"
	    "</span></div><div>4 High</div>", "4 High\n");
	/* white-space: pre and its kin keep the writer's lines */
	expect("<div style=\"white-space: pre-wrap\">5 Highest\n4 High ✓</div>",
	    "5 Highest\n4 High ✓\n");
	expect("<p style=\"font-size:11pt; white-space:pre-line\">a\nb</p>",
	    "a\nb\n");
	/* raw line ends the HTML runs together: a pasted list's lines are
	 * kept, a paragraph wrapped in the source is not broken */
	expect("<p>5 - Highest\n<u>4 - High</u>\n3 - Medium</p>",
	    "5 - Highest\n*4 - High*\n3 - Medium\n");
	expect("<p>  5  มากที่สุด\n✔ 4  มาก\n  3  ปานกลาง</p>",
	    "5 มากที่สุด\n✔ 4 มาก\n3 ปานกลาง\n");
	expect("<p>We shipped 2\ncontainers on 5\nMarch.</p>",
	    "We shipped 2 containers on 5 March.\n");
	expect("<p>Thanks.\n4 stars from me</p>", "Thanks. 4 stars from me\n");
	/* the colours clients write around every line mark nothing: Gmail's
	 * grey on white, Outlook's dark blue */
	expect("<div><span style=\"color:rgb(34,34,34);background-color:rgb(255,255,255)\">"
	    "4 High</span></div>", "4 High\n");
	expect("<p class=MsoNormal><span style='color:#1F497D'>4 High</span></p>",
	    "4 High\n");
	expect("<div><span style=\"background-color:#ffff00\">4 High</span></div>",
	    "*4 High*\n");
	/* a form pasted with its boxes */
	expect("<div><input type=\"checkbox\"> 5 Highest</div><div><input type=\"checkbox\" "
	    "checked> 4 High</div><div><input type=radio checked=\"checked\">3</div>",
	    "☐ 5 Highest\n☑ 4 High\n☑ 3\n");
	/* Outlook's signs from the Wingdings font: "ü" is a check mark */
	expect("<p class=MsoNormal><span style='font-family:Wingdings'>ü</span> 4 High</p>",
	    "✓ 4 High\n");
	expect("<font face=\"Wingdings\">þ</font> 3 Medium", "☑ 3 Medium\n");
	/* Outlook writes each table cell as a paragraph: the row is still
	 * one line; a cell of several lines still starts its own */
	expect("<table><tr><td><p class=MsoNormal>✓<o:p></o:p></p></td><td><p class=MsoNormal>"
	    "4<o:p></o:p></p></td><td><p class=MsoNormal>High<o:p></o:p></p></td></tr>"
	    "<tr><td><p class=MsoNormal>&nbsp;</p></td><td><p class=MsoNormal>3</p></td>"
	    "<td><p class=MsoNormal>Medium</p></td></tr></table>", "✓ 4 High\n3 Medium\n");
	expect("<table><tr><td><p>Somchai</p><p>Manager</p></td><td><p>Tel 02</p></td></tr></table>",
	    "Somchai\n\nManager\n\nTel 02\n");
}

static void
test_dropped_elements(void **state)
{
	expect("<html><head><title>T</title><style>p { color: red }</style>"
	    "</head><body><script>alert(1)</script>visible"
	    "<!-- a comment --></body></html>", "visible\n");
	expect("<p>x</p><style>.a{}</style><p>y</p>", "x\n\ny\n");
}

static void
test_outlook_paragraphs(void **state)
{
	/* <o:p> reads as <p>; MsoNormal paragraphs are lines */
	expect("<p class=MsoNormal>Hi<o:p></o:p></p>"
	    "<p class=MsoNormal><o:p>&nbsp;</o:p></p>"
	    "<p class=MsoNormal>Thanks,<o:p></o:p></p>"
	    "<p class=MsoNormal>Alex<o:p></o:p></p>",
	    "Hi\n\nThanks,\nAlex\n");
}

/* --- quotes ----------------------------------------------------------------- */

static void
test_blockquote(void **state)
{
	/* libxml2 puts text at the start of a document in a <p> */
	expect("Yes<blockquote>question<br><br>more<blockquote>older"
	    "</blockquote></blockquote>after",
	    "Yes\n\n> question\n>\n> more\n> older\nafter\n");
	expect("<div>Yes</div><blockquote>q</blockquote><div>after</div>",
	    "Yes\n> q\nafter\n");
}

static void
test_gmail_quote(void **state)
{
	expect("<div dir=\"ltr\">ดีมาก</div><div class=\"gmail_extra\"><br>"
	    "<div class=\"gmail_quote\">On Mon wrote:<br>"
	    "<div>question</div></div></div>",
	    "ดีมาก\n\n> On Mon wrote:\n> question\n");
	expect("<div>a</div><div class=\"x gmail_quote y\">q</div>", "a\n> q\n");
	/* a class that only contains the word is not one */
	expect("<div>a</div><div class=\"ecxgmail_quote\">q</div>", "a\nq\n");
}

static void
test_thunderbird_cite_prefix(void **state)
{
	expect("<body>Reply<br><div class=\"moz-cite-prefix\">On 26.06.2014, "
	    "A wrote:<br></div><blockquote cite=\"mid:x\">q</blockquote>"
	    "<br></body>",
	    "Reply\n> On 26.06.2014, A wrote:\n> q\n");
}

static void
test_outlook_reply_header(void **state)
{
	expect("<div>Reply</div><div id=\"appendonsend\"></div><hr>"
	    "<div id=\"divRplyFwdMsg\"><b>From:</b> A<br><b>Sent:</b> Mon<br>"
	    "</div><div>q1</div><p>q2</p>",
	    "Reply\n\n> From: A\n> Sent: Mon\n> q1\n>\n> q2\n");
	/* Outlook for Mac */
	expect("<div>Reply</div><span id=\"OLK_SRC_BODY_SECTION\"><div>"
	    "<span>From: </span>B<br></div><div>q</div></span>",
	    "Reply\n> From: B\n> q\n");
}

static void
test_header_blocks(void **state)
{
	/* an <hr>, then any header line */
	expect("<div>Hi</div><hr><b>Date:</b> Thu<br>Subject: x<br>q",
	    "Hi\n\n> Date: Thu\n> Subject: x\n> q\n");
	/* From: with Sent: a line or two later, in Thai too */
	expect("<p>ok</p><p><b>From:</b> A [mailto:a@x]<br><b>Sent:</b> Mon"
	    "<br><b>To:</b> B</p><p>q</p>",
	    "ok\n\n> From: A [mailto:a@x]\n> Sent: Mon\n> To: B\n>\n> q\n");
	expect("<div>ตอบ</div><div><b>จาก:</b> สมชาย<br><b>ถึง:</b> x<br>"
	    "<b>ส่ง:</b> วันจันทร์</div><div>q</div>",
	    "ตอบ\n> จาก: สมชาย\n> ถึง: x\n> ส่ง: วันจันทร์\n> q\n");
	/* a From: line alone, or an <hr> alone, is no quote */
	expect("<div>From: the survey team</div><div>thanks</div>",
	    "From: the survey team\nthanks\n");
	expect("<div>a</div><hr><div>b</div>", "a\n\nb\n");
}

static void
test_corpus(void **state)
{
	static const char *const files[] = {
		"html_replies/gmail.html", "html_replies/hotmail.html",
		"html_replies/mail_ru.html", "html_replies/ms_outlook_2003.html",
		"html_replies/ms_outlook_2007.html",
		"html_replies/ms_outlook_2010.html",
		"html_replies/thunderbird.html", "html_replies/windows_mail.html",
		"html_replies/yandex_ru.html",
	};

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *html = read_corpus(files[i]);
		char *text = convert(html);
		char *reply = reply_part(text);

		/* talon's expectation, white space aside */
		if (strncmp(reply, "Hi. I am fine.\n", 15) != 0 ||
		    strstr(reply, "Thanks,\nAlex\n") == NULL ||
		    strstr(reply, "How are you") != NULL ||
		    strstr(reply, "Sasha") != NULL)
			fail_msg("%s: reply part is\n%s", files[i], reply);
		assert_non_null(strstr(text, "> Hello! How are you?"));
		free(reply);
		free(text);
		free(html);
	}
}

/* --- robustness ------------------------------------------------------------- */

static void
test_hostile_documents(void **state)
{
	size_t depth = 100000, len = 0;
	char *html = malloc(depth * 12 + 64), *text;

	assert_non_null(html);
	for (size_t i = 0; i < depth; i++) {
		memcpy(html + len, i % 2 ? "<blockquote>" : "<div>", i % 2 ? 12 : 5);
		len += i % 2 ? 12 : 5;
	}
	memcpy(html + len, "deep", 5);
	text = convert(html);
	free(text);
	free(html);

	/* not even UTF-8 */
	text = convert("<<<>>></</ <div <p =\"\"\"><![CDATA[x]]><?php ?>\xff\xfe");
	free(text);
	text = convert("<div>a\xe0\xb8</div>");       /* a cut character */
	assert_true(strncmp(text, "a\xef\xbf\xbd", 4) == 0);
	free(text);
	expect("<div>unclosed<blockquote>q", "unclosed\n> q\n");
}

static void
test_meta_charset(void **state)
{
	static const struct {
		const char *html;
		const char *charset;
	} cases[] = {
		{ "<meta charset=\"TIS-620\">", "tis-620" },
		{ "<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; "
		  "charset=windows-874\">", "windows-874" },
		{ "<meta content='text/html; charset=utf-8' http-equiv=x>", "utf-8" },
		{ "<meta charset = iso-8859-11 >", "iso-8859-11" },
		{ "<meta name=generator content=x><meta charset=utf-8>", "utf-8" },
		{ "<p>charset=utf-8</p>", NULL },
		{ "<meta charset=\"\">", NULL },
		{ "<meta charset=\"../../etc/x\">", NULL },
		{ "<meta charset=", NULL },
		{ "", NULL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = cks_html_meta_charset(cases[i].html,
		    strlen(cases[i].html));

		if (cases[i].charset == NULL && got != NULL)
			fail_msg("%s: got %s", cases[i].html, got);
		if (cases[i].charset != NULL &&
		    (got == NULL || strcmp(got, cases[i].charset) != 0))
			fail_msg("%s: got %s", cases[i].html, got ? got : "NULL");
		free(got);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks_and_breaks),
		cmocka_unit_test(test_white_space),
		cmocka_unit_test(test_marked_lists),
		cmocka_unit_test(test_dropped_elements),
		cmocka_unit_test(test_outlook_paragraphs),
		cmocka_unit_test(test_blockquote),
		cmocka_unit_test(test_gmail_quote),
		cmocka_unit_test(test_thunderbird_cite_prefix),
		cmocka_unit_test(test_outlook_reply_header),
		cmocka_unit_test(test_header_blocks),
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_hostile_documents),
		cmocka_unit_test(test_meta_charset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
