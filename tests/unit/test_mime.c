/* Unit tests for lib/mailout/mime: every message shape is built, then read back
 * by two independent parsers, libetpan's and Python's email package (the
 * one most mail tooling trusts), and checked on the wire: CRLF only, short
 * lines, no header a caller could smuggle in. */
#include "autoconfig.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include <jansson.h>
#include <libetpan/libetpan.h>

#include "testhelp.h"
#include "clock.h"
#include "mime.h"
#include "utf8.h"

extern char **environ;

#define PYTHON "/usr/bin/python3"

#define THAI_SUBJECT "ตะกร้าข้อมูลการค้า: ผลไม้ไทยสู่ตลาดจีน (สมชาย ใจดี)"
#define THAI_NAME "สมชาย ใจดี"
#define THAI_TEXT "สวัสดีครับ\nขอส่งรายงานราคาผลไม้ประจำสัปดาห์\nทุเรียน มังคุด ลำไย\n"
#define THAI_FILENAME "รายงานราคาผลไม้ ประจำเดือนพฤศจิกายน ๒๕๖๙.pdf"

/* 2026-11-28 10:05:00 +07:00 */
#define DATE_MS 1795835100000LL

/* Reads one message on stdin and prints what a mail client would see, as
 * JSON: decoded headers, the part tree, each leaf's decoded bytes in hex,
 * and every defect Python's parser noticed. */
static const char python_reader[] =
	"import sys, json, email, email.policy\n"
	"m = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)\n"
	"def text(name):\n"
	"    v = m.get(name)\n"
	"    return None if v is None else str(v)\n"
	"def addrs(name):\n"
	"    v = m.get(name)\n"
	"    return None if v is None else [[a.display_name, a.addr_spec] for a in v.addresses]\n"
	"parts, defects, header_defects = [], [], {}\n"
	"for p in m.walk():\n"
	"    defects += ['%s: %s' % (p.get_content_type(), d) for d in p.defects]\n"
	"    d = {'type': p.get_content_type()}\n"
	"    if not p.is_multipart():\n"
	"        d['cte'] = p.get('content-transfer-encoding')\n"
	"        d['charset'] = p.get_content_charset()\n"
	"        d['disposition'] = p.get_content_disposition()\n"
	"        d['filename'] = p.get_filename()\n"
	"        d['hex'] = p.get_payload(decode=True).hex()\n"
	"    parts.append(d)\n"
	"for k in ('subject', 'from', 'to', 'reply-to', 'date', 'message-id'):\n"
	"    v = m.get(k)\n"
	"    if v is not None and v.defects:\n"
	"        header_defects[k] = [str(x) for x in v.defects]\n"
	"json.dump({'keys': m.keys(), 'subject': text('subject'),\n"
	"    'from': addrs('from'), 'to': addrs('to'), 'reply_to': addrs('reply-to'),\n"
	"    'date': text('date'),\n"
	"    'timestamp': m['date'].datetime.timestamp() if m['date'] else None,\n"
	"    'message_id': text('message-id'), 'mime_version': text('mime-version'),\n"
	"    'parts': parts, 'defects': defects, 'header_defects': header_defects},\n"
	"    sys.stdout)\n";

/* --- helpers ------------------------------------------------------------ */

static void
write_bytes(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Runs the Python reader on msg and returns its parsed report. */
static json_t *
python_read(const char *msg, size_t len)
{
	static unsigned serial;
	char name[64];
	char *in, *out, *text;
	char *argv[] = { (char *)PYTHON, (char *)"-c", (char *)python_reader, NULL };
	posix_spawn_file_actions_t actions;
	json_error_t jerr;
	json_t *report;
	pid_t pid;
	int status;

	if (access(PYTHON, X_OK) != 0)
		skip();
	snprintf(name, sizeof(name), "mime-%u.eml", ++serial);
	in = test_path(name);
	snprintf(name, sizeof(name), "mime-%u.json", serial);
	out = test_path(name);
	write_bytes(in, msg, len);
	assert_int_equal(posix_spawn_file_actions_init(&actions), 0);
	assert_int_equal(posix_spawn_file_actions_addopen(&actions, 0, in,
	    O_RDONLY, 0), 0);
	assert_int_equal(posix_spawn_file_actions_addopen(&actions, 1, out,
	    O_WRONLY | O_CREAT | O_TRUNC, 0600), 0);
	assert_int_equal(posix_spawn(&pid, PYTHON, &actions, NULL, argv, environ), 0);
	posix_spawn_file_actions_destroy(&actions);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	text = test_read_file_must(out, NULL);
	report = json_loads(text, 0, &jerr);
	if (report == NULL)
		fail_msg("python output: %s: %s", jerr.text, text);
	free(text);
	free(in);
	free(out);
	return report;
}

static const char *
jstr(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	assert_non_null(v);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static json_t *
part(json_t *report, size_t i)
{
	json_t *p = json_array_get(json_object_get(report, "parts"), i);

	assert_non_null(p);
	return p;
}

static size_t
part_count(json_t *report)
{
	return json_array_size(json_object_get(report, "parts"));
}

static char *
hex_of(const void *data, size_t len)
{
	const unsigned char *p = data;
	char *hex = malloc(2 * len + 1);

	assert_non_null(hex);
	for (size_t i = 0; i < len; i++)
		snprintf(hex + 2 * i, 3, "%02x", p[i]);
	hex[2 * len] = '\0';
	return hex;
}

static void
assert_part_bytes(json_t *p, const void *data, size_t len)
{
	char *hex = hex_of(data, len);

	assert_string_equal(jstr(p, "hex"), hex);
	free(hex);
}

static void
assert_part_text(json_t *p, const char *crlf_text)
{
	assert_part_bytes(p, crlf_text, strlen(crlf_text));
}

/* No structural defect anywhere and none in the headers we encode. */
static void
assert_no_defects(json_t *report)
{
	json_t *defects = json_object_get(report, "defects");
	json_t *header_defects = json_object_get(report, "header_defects");

	if (json_array_size(defects) != 0 || json_object_size(header_defects) != 0) {
		char *dump = json_dumps(report, 0);

		fail_msg("python found defects: %s", dump);
	}
}

/* The wire rules: CRLF only, lines of at most 998 bytes, 7-bit. */
static void
assert_wire_format(const char *msg, size_t len)
{
	size_t line = 0;

	assert_true(len >= 2);
	assert_memory_equal(msg + len - 2, "\r\n", 2);
	assert_int_equal(msg[len], '\0');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)msg[i];

		if (c == '\r') {
			if (i + 1 >= len || msg[i + 1] != '\n')
				fail_msg("bare CR at byte %zu", i);
			i++;
			line = 0;
		} else if (c == '\n') {
			fail_msg("bare LF at byte %zu", i);
		} else {
			assert_true(c >= 0x20 || c == '\t');
			assert_true(c < 0x80);
			if (++line > 998)
				fail_msg("line over 998 bytes at byte %zu", i);
		}
	}
}

/* Length of the header section, through the empty line. */
static size_t
header_len(const char *msg)
{
	const char *end = strstr(msg, "\r\n\r\n");

	assert_non_null(end);
	return (size_t)(end - msg) + 4;
}

/* Every physical line of header field name (and its folds) fits max. */
static void
assert_header_lines_max(const char *msg, const char *name, size_t max)
{
	size_t hlen = header_len(msg), nlen = strlen(name);
	const char *p = msg;
	int in_field = 0, seen = 0;

	while (p < msg + hlen) {
		const char *eol = strstr(p, "\r\n");
		size_t len = (size_t)(eol - p);

		if (p[0] != ' ' && p[0] != '\t')
			in_field = len > nlen && strncasecmp(p, name, nlen) == 0 &&
				   p[nlen] == ':';
		if (in_field) {
			seen = 1;
			if (len > max)
				fail_msg("%s line of %zu bytes: %.*s", name, len, (int)len, p);
		}
		p = eol + 2;
	}
	assert_true(seen);
}

/* Number of physical lines the header field name takes. */
static int
header_line_count(const char *msg, const char *name)
{
	size_t hlen = header_len(msg), nlen = strlen(name);
	const char *p = msg;
	int in_field = 0, count = 0;

	while (p < msg + hlen) {
		const char *eol = strstr(p, "\r\n");

		if (p[0] != ' ' && p[0] != '\t')
			in_field = strncasecmp(p, name, nlen) == 0 && p[nlen] == ':';
		if (in_field)
			count++;
		p = eol + 2;
	}
	return count;
}

static int
has_header(const char *msg, const char *name)
{
	size_t hlen = header_len(msg), nlen = strlen(name);

	for (const char *p = msg; p < msg + hlen; p = strstr(p, "\r\n") + 2)
		if (strncasecmp(p, name, nlen) == 0 && p[nlen] == ':')
			return 1;
	return 0;
}

/* A plain message; each test changes what it is about. */
static struct cks_mail
base_mail(void)
{
	struct cks_mail mail;

	memset(&mail, 0, sizeof(mail));
	mail.from_name = "Fruit Desk";
	mail.from_address = "desk@example.co.th";
	mail.to_name = "Jane Doe";
	mail.to_address = "jane@example.com";
	mail.subject = "Weekly prices";
	mail.message_id = "1795835100000.0123456789abcdef.42.1@example.co.th";
	mail.date_ms = DATE_MS;
	mail.text = "Hello Jane,\nprices are attached.\n";
	return mail;
}

static char *
build(const struct cks_mail *mail, size_t *len)
{
	struct cks_error err;
	char *msg = NULL;

	if (cks_mime_build(mail, &msg, len, &err) < 0)
		fail_msg("cks_mime_build: %s", err.message);
	assert_non_null(msg);
	assert_int_equal(strlen(msg), *len);
	assert_wire_format(msg, *len);
	return msg;
}

/* Builds and expects CKS_ERROR_INVALID with a message naming what. */
static void
assert_refused(const struct cks_mail *mail, const char *what)
{
	struct cks_error err;
	char *msg = (char *)"untouched";
	size_t len = 99;

	if (cks_mime_build(mail, &msg, &len, &err) != -1)
		fail_msg("accepted, expected a refusal naming '%s':\n%s", what, msg);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_null(msg);
	assert_int_equal(len, 0);
	if (strstr(err.message, what) == NULL)
		fail_msg("error '%s' does not name '%s'", err.message, what);
}

/* Decodes RFC 2047 text with libetpan; the caller frees. */
static char *
etpan_decode(const char *encoded)
{
	size_t idx = 0;
	char *decoded = NULL;

	assert_int_equal(mailmime_encoded_phrase_parse("utf-8", encoded,
	    strlen(encoded), &idx, "utf-8", &decoded), MAILIMF_NO_ERROR);
	assert_non_null(decoded);
	return decoded;
}

static int
first_is_combining(const char *s)
{
	const char *p = s;
	int32_t cp = cks_utf8_next(&p, s + strlen(s));

	return cp == 0x0e31 || (cp >= 0x0e34 && cp <= 0x0e3a) ||
	       (cp >= 0x0e47 && cp <= 0x0e4e);
}

/* Each word well-formed, at most 75 bytes, a whole number of characters
 * that does not start with a combining mark; the words decode to expected. */
static void
assert_encoded_words(const char *encoded, const char *expected)
{
	char *copy = strdup(encoded), *save = NULL, *decoded;
	int words = 0;

	assert_non_null(copy);
	assert_null(strstr(encoded, "  "));
	for (char *w = strtok_r(copy, " ", &save); w != NULL;
	     w = strtok_r(NULL, " ", &save)) {
		size_t len = strlen(w);
		char *one;

		words++;
		assert_true(len <= 75);
		assert_true(len > 12);
		assert_memory_equal(w, "=?UTF-8?B?", 10);
		assert_string_equal(w + len - 2, "?=");
		one = etpan_decode(w);
		assert_true(cks_utf8_valid(one, strlen(one)));
		assert_false(first_is_combining(one));
		free(one);
	}
	assert_true(words > 0);
	free(copy);
	decoded = etpan_decode(encoded);
	assert_string_equal(decoded, expected);
	free(decoded);
}

/* --- RFC 2047 ------------------------------------------------------------- */

static void
test_encode_header_ascii(void **state)
{
	const char *ascii = "Weekly prices: durian, mangosteen & longan (50% off!)";
	char *s = cks_mime_encode_header(ascii);

	assert_non_null(s);
	assert_ptr_not_equal(s, ascii);
	assert_string_equal(s, ascii);
	free(s);
	s = cks_mime_encode_header("");
	assert_string_equal(s, "");
	free(s);
	assert_null(cks_mime_encode_header(NULL));
}

static void
test_encode_header_thai(void **state)
{
	const char *long_thai = THAI_SUBJECT " " THAI_SUBJECT " " THAI_SUBJECT;
	char *s = cks_mime_encode_header(THAI_SUBJECT);
	char *header;
	json_t *report;
	size_t len;

	assert_non_null(s);
	assert_encoded_words(s, THAI_SUBJECT);
	assert_true(strchr(s, ' ') != NULL);          /* needs several words */

	/* Python reads the words back as one subject. */
	len = strlen("Subject: \r\n\r\n") + strlen(s);
	header = malloc(len + 1);
	assert_non_null(header);
	snprintf(header, len + 1, "Subject: %s\r\n\r\n", s);
	report = python_read(header, len);
	assert_string_equal(jstr(report, "subject"), THAI_SUBJECT);
	json_decref(report);
	free(header);
	free(s);

	s = cks_mime_encode_header(long_thai);
	assert_encoded_words(s, long_thai);
	free(s);

	/* Mixed text: an ASCII word among Thai is encoded with the rest. */
	s = cks_mime_encode_header("Invoice ใบแจ้งหนี้ 42");
	assert_encoded_words(s, "Invoice ใบแจ้งหนี้ 42");
	free(s);
}

/* Not UTF-8: still encoded (callers validate), byte for byte. */
static void
test_encode_header_invalid_utf8(void **state)
{
	char *s = cks_mime_encode_header("caf\xe9 \xff\xfe");

	assert_non_null(s);
	assert_memory_equal(s, "=?UTF-8?B?", 10);
	/* "caf\xe9 \xff\xfe" in base64 */
	assert_string_equal(s, "=?UTF-8?B?Y2Fm6SD//g==?=");
	free(s);
}

/* Control characters are not printable ASCII: they are encoded, never
 * passed on raw (cks_mime_build refuses them before this). */
static void
test_encode_header_control(void **state)
{
	char *s = cks_mime_encode_header("a\r\nBcc: x@evil");

	assert_non_null(s);
	assert_null(strchr(s, '\r'));
	assert_null(strchr(s, '\n'));
	free(s);
}

/* --- message shapes ------------------------------------------------------- */

static void
test_text_only(void **state)
{
	struct cks_mail mail = base_mail();
	json_t *report, *p, *to;
	size_t len;
	char *msg;

	mail.from_name = NULL;
	msg = build(&mail, &len);
	report = python_read(msg, len);
	assert_no_defects(report);

	assert_int_equal(part_count(report), 1);
	p = part(report, 0);
	assert_string_equal(jstr(p, "type"), "text/plain");
	assert_string_equal(jstr(p, "charset"), "utf-8");
	assert_string_equal(jstr(p, "cte"), "quoted-printable");
	assert_part_text(p, "Hello Jane,\r\nprices are attached.\r\n");

	assert_string_equal(jstr(report, "subject"), "Weekly prices");
	assert_string_equal(jstr(report, "mime_version"), "1.0");
	assert_string_equal(jstr(report, "message_id"),
	    "<1795835100000.0123456789abcdef.42.1@example.co.th>");
	assert_string_equal(json_string_value(json_array_get(json_array_get(
	    json_object_get(report, "from"), 0), 1)), "desk@example.co.th");
	to = json_array_get(json_object_get(report, "to"), 0);
	assert_string_equal(json_string_value(json_array_get(to, 0)), "Jane Doe");
	assert_string_equal(json_string_value(json_array_get(to, 1)), "jane@example.com");
	assert_true(json_is_null(json_object_get(report, "reply_to")));
	assert_true(json_real_value(json_object_get(report, "timestamp")) * 1000 == DATE_MS);

	assert_true(has_header(msg, "MIME-Version"));
	assert_false(has_header(msg, "Reply-To"));
	assert_false(has_header(msg, "Bcc"));
	assert_false(has_header(msg, "Cc"));
	json_decref(report);
	free(msg);
}

/* Thai text is base64 (smaller than quoted-printable) and decodes exactly. */
static void
test_thai_text_base64(void **state)
{
	struct cks_mail mail = base_mail();
	json_t *report, *p;
	size_t len;
	char *msg;

	mail.text = THAI_TEXT;
	msg = build(&mail, &len);
	report = python_read(msg, len);
	assert_no_defects(report);
	p = part(report, 0);
	assert_string_equal(jstr(p, "cte"), "base64");
	assert_string_equal(jstr(p, "charset"), "utf-8");
	assert_part_text(p, "สวัสดีครับ\r\nขอส่งรายงานราคาผลไม้ประจำสัปดาห์\r\n"
	    "ทุเรียน มังคุด ลำไย\r\n");
	json_decref(report);
	free(msg);
}

static void
test_alternative(void **state)
{
	struct cks_mail mail = base_mail();
	json_t *report;
	size_t len;
	char *msg;

	mail.text = THAI_TEXT;
	mail.html = "<html><body><p>สวัสดีครับ</p>\n<p>Prices &amp; news</p></body></html>\n";
	msg = build(&mail, &len);
	report = python_read(msg, len);
	assert_no_defects(report);
	assert_int_equal(part_count(report), 3);
	assert_string_equal(jstr(part(report, 0), "type"), "multipart/alternative");
	assert_string_equal(jstr(part(report, 1), "type"), "text/plain");
	assert_string_equal(jstr(part(report, 2), "type"), "text/html");
	assert_string_equal(jstr(part(report, 2), "charset"), "utf-8");
	assert_part_text(part(report, 1), "สวัสดีครับ\r\nขอส่งรายงานราคาผลไม้ประจำสัปดาห์\r\n"
	    "ทุเรียน มังคุด ลำไย\r\n");
	assert_part_text(part(report, 2),
	    "<html><body><p>สวัสดีครับ</p>\r\n<p>Prices &amp; news</p></body></html>\r\n");
	json_decref(report);
	free(msg);
}

static unsigned char all_bytes[512];

static void
fill_all_bytes(void)
{
	/* Every byte value, NUL first, then again backwards. */
	for (size_t i = 0; i < 256; i++) {
		all_bytes[i] = (unsigned char)i;
		all_bytes[511 - i] = (unsigned char)i;
	}
}

static void
test_mixed_with_attachments(void **state)
{
	struct cks_mail mail = base_mail();
	struct cks_mail_attachment files[3];
	json_t *report, *p;
	size_t len;
	char *msg;

	fill_all_bytes();
	files[0] = (struct cks_mail_attachment){ THAI_FILENAME, "application/pdf",
		all_bytes, sizeof(all_bytes) };
	files[1] = (struct cks_mail_attachment){ "prices \"week 48\".csv",
		"text/csv; charset=\"utf-8\"; header=present",
		(const unsigned char *)"fruit,baht\r\ndurian,180\n", 23 };
	files[2] = (struct cks_mail_attachment){ "empty.bin",
		"application/octet-stream", NULL, 0 };
	mail.html = "<p>Hello Jane</p>\n";
	mail.attachments = files;
	mail.attachment_count = 3;
	msg = build(&mail, &len);
	report = python_read(msg, len);

	/* Python flags RFC 2047 words inside the quoted filename (see mime.c)
	 * on the Content-Disposition header only, not on the message. */
	assert_no_defects(report);
	assert_int_equal(part_count(report), 7);
	assert_string_equal(jstr(part(report, 0), "type"), "multipart/mixed");
	assert_string_equal(jstr(part(report, 1), "type"), "multipart/alternative");
	assert_string_equal(jstr(part(report, 2), "type"), "text/plain");
	assert_string_equal(jstr(part(report, 3), "type"), "text/html");
	assert_part_text(part(report, 2), "Hello Jane,\r\nprices are attached.\r\n");
	assert_part_text(part(report, 3), "<p>Hello Jane</p>\r\n");

	p = part(report, 4);
	assert_string_equal(jstr(p, "type"), "application/pdf");
	assert_string_equal(jstr(p, "cte"), "base64");
	assert_string_equal(jstr(p, "disposition"), "attachment");
	assert_string_equal(jstr(p, "filename"), THAI_FILENAME);
	assert_part_bytes(p, all_bytes, sizeof(all_bytes));

	p = part(report, 5);
	assert_string_equal(jstr(p, "type"), "text/csv");
	assert_string_equal(jstr(p, "charset"), "utf-8");
	assert_string_equal(jstr(p, "cte"), "base64");
	assert_string_equal(jstr(p, "filename"), "prices \"week 48\".csv");
	/* Attachments are bytes: their line ends are not touched. */
	assert_part_text(p, "fruit,baht\r\ndurian,180\n");

	p = part(report, 6);
	assert_string_equal(jstr(p, "type"), "application/octet-stream");
	assert_string_equal(jstr(p, "filename"), "empty.bin");
	assert_string_equal(jstr(p, "hex"), "");
	json_decref(report);
	free(msg);
}

/* Text only plus a file: the text part sits directly in multipart/mixed. */
static void
test_text_with_attachment(void **state)
{
	struct cks_mail mail = base_mail();
	struct cks_mail_attachment file = { "a.txt", "text/plain",
		(const unsigned char *)"x", 1 };
	json_t *report;
	size_t len;
	char *msg;

	mail.attachments = &file;
	mail.attachment_count = 1;
	msg = build(&mail, &len);
	report = python_read(msg, len);
	assert_no_defects(report);
	assert_int_equal(part_count(report), 3);
	assert_string_equal(jstr(part(report, 0), "type"), "multipart/mixed");
	assert_string_equal(jstr(part(report, 1), "type"), "text/plain");
	assert_true(json_is_null(json_object_get(part(report, 1), "disposition")));
	assert_string_equal(jstr(part(report, 2), "disposition"), "attachment");
	assert_part_text(part(report, 2), "x");
	json_decref(report);
	free(msg);
}

/* The same message read by libetpan: the tree, the headers, the bytes. */
static void
test_libetpan_reads_back(void **state)
{
	struct cks_mail mail = base_mail();
	struct cks_mail_attachment file;
	struct mailimf_single_fields single;
	struct mailmime *mime = NULL, *mixed, *alt, *att;
	struct mailmime_data *data;
	char *msg, *decoded, *bytes = NULL;
	size_t len, idx = 0, blen = 0;
	clistiter *it;

	fill_all_bytes();
	file = (struct cks_mail_attachment){ THAI_FILENAME, "application/octet-stream",
		all_bytes, sizeof(all_bytes) };
	mail.subject = THAI_SUBJECT;
	mail.from_name = THAI_NAME;
	mail.html = "<p>สวัสดี</p>";
	mail.attachments = &file;
	mail.attachment_count = 1;
	msg = build(&mail, &len);

	assert_int_equal(mailmime_parse(msg, len, &idx, &mime), MAILIMF_NO_ERROR);
	assert_int_equal(mime->mm_type, MAILMIME_MESSAGE);
	mailimf_single_fields_init(&single, mime->mm_data.mm_message.mm_fields);
	assert_non_null(single.fld_subject);
	decoded = etpan_decode(single.fld_subject->sbj_value);
	assert_string_equal(decoded, THAI_SUBJECT);
	free(decoded);
	assert_non_null(single.fld_message_id);
	assert_string_equal(single.fld_message_id->mid_value, mail.message_id);
	assert_null(single.fld_bcc);
	assert_null(single.fld_cc);

	mixed = mime->mm_data.mm_message.mm_msg_mime;
	assert_int_equal(mixed->mm_type, MAILMIME_MULTIPLE);
	assert_string_equal(mixed->mm_content_type->ct_subtype, "mixed");
	assert_int_equal(clist_count(mixed->mm_data.mm_multipart.mm_mp_list), 2);
	it = clist_begin(mixed->mm_data.mm_multipart.mm_mp_list);
	alt = clist_content(it);
	assert_int_equal(alt->mm_type, MAILMIME_MULTIPLE);
	assert_string_equal(alt->mm_content_type->ct_subtype, "alternative");
	assert_int_equal(clist_count(alt->mm_data.mm_multipart.mm_mp_list), 2);
	att = clist_content(clist_next(it));
	assert_int_equal(att->mm_type, MAILMIME_SINGLE);
	assert_string_equal(att->mm_content_type->ct_subtype, "octet-stream");

	data = att->mm_data.mm_single;
	assert_int_equal(data->dt_encoding, MAILMIME_MECHANISM_BASE64);
	idx = 0;
	assert_int_equal(mailmime_part_parse(data->dt_data.dt_text.dt_data,
	    data->dt_data.dt_text.dt_length, &idx, data->dt_encoding, &bytes,
	    &blen), MAILIMF_NO_ERROR);
	assert_int_equal(blen, sizeof(all_bytes));
	assert_memory_equal(bytes, all_bytes, sizeof(all_bytes));
	mmap_string_unref(bytes);
	mailmime_free(mime);
	free(msg);
}

/* --- headers -------------------------------------------------------------- */

static void
test_thai_headers(void **state)
{
	struct cks_mail mail = base_mail();
	json_t *report, *from, *to;
	size_t len;
	char *msg;

	mail.subject = THAI_SUBJECT;
	mail.from_name = THAI_NAME;
	mail.to_name = "คุณมานี มีนา";
	mail.reply_to_address = "orders@example.co.th";
	msg = build(&mail, &len);
	report = python_read(msg, len);
	assert_no_defects(report);
	assert_string_equal(jstr(report, "subject"), THAI_SUBJECT);
	from = json_array_get(json_object_get(report, "from"), 0);
	assert_string_equal(json_string_value(json_array_get(from, 0)), THAI_NAME);
	assert_string_equal(json_string_value(json_array_get(from, 1)), "desk@example.co.th");
	to = json_array_get(json_object_get(report, "to"), 0);
	assert_string_equal(json_string_value(json_array_get(to, 0)), "คุณมานี มีนา");
	assert_string_equal(json_string_value(json_array_get(json_array_get(
	    json_object_get(report, "reply_to"), 0), 1)), "orders@example.co.th");
	assert_int_equal(json_array_size(json_object_get(report, "reply_to")), 1);
	assert_header_lines_max(msg, "Subject", 78);
	assert_header_lines_max(msg, "From", 78);
	json_decref(report);
	free(msg);
}

/* A long Thai subject folds between encoded words, every line <= 78. */
static void
test_long_thai_subject_folds(void **state)
{
	const char *subject = THAI_SUBJECT " " THAI_SUBJECT " " THAI_SUBJECT " "
		THAI_SUBJECT " " THAI_SUBJECT;
	struct cks_mail mail = base_mail();
	json_t *report;
	size_t len;
	char *msg;

	mail.subject = subject;
	msg = build(&mail, &len);
	assert_true(header_line_count(msg, "Subject") >= 10);
	assert_header_lines_max(msg, "Subject", 78);
	report = python_read(msg, len);
	assert_no_defects(report);
	assert_string_equal(jstr(report, "subject"), subject);
	json_decref(report);
	free(msg);
}

/* ASCII display names that are not plain atoms are encoded too, so their
 * commas, quotes and dots cannot change how the address parses. */
static void
test_ascii_display_names(void **state)
{
	struct cks_mail mail = base_mail();
	json_t *report, *to;
	size_t len;
	char *msg;

	mail.from_name = "Fruit Desk";
	mail.to_name = "Doe, Jane \"JD\" Jr.";
	msg = build(&mail, &len);
	assert_non_null(strstr(msg, "From: Fruit Desk <desk@example.co.th>\r\n"));
	report = python_read(msg, len);
	assert_no_defects(report);
	to = json_object_get(report, "to");
	assert_int_equal(json_array_size(to), 1);
	assert_string_equal(json_string_value(json_array_get(json_array_get(to, 0), 0)),
	    "Doe, Jane \"JD\" Jr.");
	assert_string_equal(json_string_value(json_array_get(json_array_get(to, 0), 1)),
	    "jane@example.com");
	json_decref(report);
	free(msg);
}

/* ASCII that looks like an encoded word arrives as written. */
static void
test_subject_encoded_word_lookalike(void **state)
{
	struct cks_mail mail = base_mail();
	json_t *report;
	size_t len;
	char *msg;

	mail.subject = "Literal =?UTF-8?B?SGk=?= stays";
	msg = build(&mail, &len);
	report = python_read(msg, len);
	assert_string_equal(jstr(report, "subject"), "Literal =?UTF-8?B?SGk=?= stays");
	json_decref(report);
	free(msg);
}

static void
test_extra_headers_in_order(void **state)
{
	const struct cks_mail_header extra[] = {
		{ "Auto-Submitted", "auto-generated" },
		{ "X-Cksgate-Session", "42" },
		{ "List-Unsubscribe", "<mailto:unsubscribe@example.co.th>" },
	};
	struct cks_mail mail = base_mail();
	json_t *report, *keys;
	size_t len, n, at = 0;
	char *msg;

	mail.headers = extra;
	mail.header_count = 3;
	msg = build(&mail, &len);
	assert_non_null(strstr(msg, "\r\nAuto-Submitted: auto-generated\r\n"
	    "X-Cksgate-Session: 42\r\n"
	    "List-Unsubscribe: <mailto:unsubscribe@example.co.th>\r\n"));
	report = python_read(msg, len);
	keys = json_object_get(report, "keys");
	n = json_array_size(keys);
	/* Ours first, each once, then the extras in the order given. */
	for (size_t i = 0; i < n; i++) {
		const char *k = json_string_value(json_array_get(keys, i));

		if (at < 3 && strcmp(k, extra[at].name) == 0)
			at++;
		assert_true(strcasecmp(k, "Bcc") != 0);
	}
	assert_int_equal(at, 3);
	assert_string_equal(json_string_value(json_array_get(keys, 0)), "Date");
	json_decref(report);
	free(msg);
}

static void
test_date_local_zone(void **state)
{
	struct cks_mail mail = base_mail();
	json_t *report;
	char *saved = getenv("TZ") != NULL ? strdup(getenv("TZ")) : NULL;
	size_t len;
	char *msg;

	/* The desk's zone, whatever TZ says: Bangkok (UTC+7) by default,
	 * Newfoundland (UTC-3:30) with its half hour. */
	setenv("TZ", "UTC", 1);
	tzset();
	msg = build(&mail, &len);
	assert_non_null(strstr(msg, "Date: Sat, 28 Nov 2026 10:05:00 +0700\r\n"));
	report = python_read(msg, len);
	assert_true(json_real_value(json_object_get(report, "timestamp")) * 1000 == DATE_MS);
	json_decref(report);
	free(msg);

	assert_int_equal(cks_clock_set_zone("America/St_Johns", NULL), 0);
	msg = build(&mail, &len);
	assert_non_null(strstr(msg, "Date: Fri, 27 Nov 2026 23:35:00 -0330\r\n"));
	report = python_read(msg, len);
	assert_true(json_real_value(json_object_get(report, "timestamp")) * 1000 == DATE_MS);
	json_decref(report);
	free(msg);
	assert_int_equal(cks_clock_set_zone("Asia/Bangkok", NULL), 0);

	if (saved != NULL) {
		setenv("TZ", saved, 1);
		free(saved);
	} else {
		unsetenv("TZ");
	}
	tzset();
}

/* --- body text ------------------------------------------------------------ */

/* Bare LF and lone CR become CRLF; a "." line stays as it is (dot-stuffing
 * belongs to the SMTP layer); a missing final line break is added. */
static void
test_newlines_normalised(void **state)
{
	struct cks_mail mail = base_mail();
	json_t *report;
	size_t len;
	char *msg;

	mail.text = "one\n.\ntwo\r\nthree\rfour\n\n..\nlast";
	msg = build(&mail, &len);
	assert_non_null(strstr(msg, "\r\n.\r\n"));
	assert_non_null(strstr(msg, "\r\n..\r\n"));
	report = python_read(msg, len);
	assert_no_defects(report);
	assert_string_equal(jstr(part(report, 0), "cte"), "quoted-printable");
	assert_part_text(part(report, 0), "one\r\n.\r\ntwo\r\nthree\r\nfour\r\n\r\n..\r\nlast\r\n");
	json_decref(report);
	free(msg);

	/* The same in base64 (Thai), where nothing else would fix the LFs. */
	mail.text = "บรรทัดหนึ่ง\n.\nบรรทัดสอง\rจบ";
	mail.html = "<p>ก</p>\n<p>ข</p>";
	msg = build(&mail, &len);
	report = python_read(msg, len);
	assert_string_equal(jstr(part(report, 1), "cte"), "base64");
	assert_part_text(part(report, 1), "บรรทัดหนึ่ง\r\n.\r\nบรรทัดสอง\r\nจบ\r\n");
	assert_part_text(part(report, 2), "<p>ก</p>\r\n<p>ข</p>\r\n");
	json_decref(report);
	free(msg);
}

/* Quoted-printable around the soft line break: lines of every length near
 * the limit, one very long line, '=' and 'F' (which libetpan escapes) and
 * a few Thai bytes, all read back exactly, no line over 76. */
static void
test_quoted_printable_round_trip(void **state)
{
	struct cks_mail mail = base_mail();
	char text[6000], expected[7000], *t = text, *e = expected;
	json_t *report;
	size_t len;
	char *msg, *body;

	for (int n = 60; n <= 80; n++) {
		for (int i = 0; i < n; i++) {
			*t++ = (char)('a' + i % 26);
			*e++ = (char)('a' + i % 26);
		}
		*t++ = '\n';
		*e++ = '\r';
		*e++ = '\n';
	}
	for (int i = 0; i < 2000; i++)
		*t++ = *e++ = (char)(i % 7 == 0 ? '=' : 'F');
	memcpy(t, " x\tก.\n", sizeof(" x\tก.\n"));
	memcpy(e, " x\tก.\r\n", sizeof(" x\tก.\r\n"));
	mail.text = text;
	msg = build(&mail, &len);
	body = strstr(msg, "\r\n\r\n") + 4;
	for (char *p = body; *p != '\0'; p = strstr(p, "\r\n") + 2)
		assert_true(strstr(p, "\r\n") - p <= 76);
	report = python_read(msg, len);
	assert_no_defects(report);
	assert_string_equal(jstr(part(report, 0), "cte"), "quoted-printable");
	assert_part_text(part(report, 0), expected);
	json_decref(report);
	free(msg);
}

/* libetpan's quoted-printable writer doubles a blank before a line break:
 * such text (a "-- " signature line) must still read back exactly. */
static void
test_trailing_blank_survives(void **state)
{
	struct cks_mail mail = base_mail();
	json_t *report;
	size_t len;
	char *msg;

	mail.text = "Regards,\n-- \nFruit Desk\t\n";
	msg = build(&mail, &len);
	report = python_read(msg, len);
	assert_part_text(part(report, 0), "Regards,\r\n-- \r\nFruit Desk\t\r\n");
	json_decref(report);
	free(msg);
}

static void
test_empty_text(void **state)
{
	struct cks_mail mail = base_mail();
	json_t *report;
	size_t len;
	char *msg;

	mail.text = "";
	mail.subject = "";
	msg = build(&mail, &len);
	report = python_read(msg, len);
	assert_no_defects(report);
	assert_string_equal(jstr(part(report, 0), "hex"), "");
	assert_string_equal(jstr(report, "subject"), "");
	json_decref(report);
	free(msg);
}

/* --- refusals --------------------------------------------------------------- */

static void
test_header_injection_refused(void **state)
{
	struct cks_mail mail;
	struct cks_mail_header bcc = { "Bcc", "x@evil.example" };
	struct cks_mail_header bcc_lower = { "bcc", "x@evil.example" };
	struct cks_mail_header ctype = { "Content-Type", "text/html" };
	struct cks_mail_header from = { "FROM", "x@evil.example" };
	struct cks_mail_header spaced = { "X-Bad Name", "v" };
	struct cks_mail_header colon = { "X-Bad:Name", "v" };
	struct cks_mail_header crlf_value = { "X-Note", "ok\r\nBcc: x@evil.example" };
	struct cks_mail_header thai_value = { "X-Note", "ผลไม้" };
	struct cks_mail_attachment file = { "a.pdf", "application/pdf",
		(const unsigned char *)"x", 1 };

	mail = base_mail();
	mail.subject = "Hi\r\nBcc: x@evil.example";
	assert_refused(&mail, "Subject");
	mail = base_mail();
	mail.subject = "Hi\nBcc: x@evil.example";
	assert_refused(&mail, "Subject");
	mail = base_mail();
	mail.subject = "tab\there";
	assert_refused(&mail, "Subject");
	mail = base_mail();
	mail.subject = "next line \xc2\x85 (NEL)";
	assert_refused(&mail, "Subject");

	mail = base_mail();
	mail.to_name = "Eve\nBcc: x@evil.example";
	assert_refused(&mail, "To");
	mail = base_mail();
	mail.from_name = "Eve\r";
	assert_refused(&mail, "From");
	mail = base_mail();
	mail.from_name = "Eve\x7f";
	assert_refused(&mail, "From");

	mail = base_mail();
	mail.to_address = "a@b.c, d@e.f";
	assert_refused(&mail, "To");
	mail = base_mail();
	mail.to_address = "a@b.c\r\nBcc: x@evil.example";
	assert_refused(&mail, "To");
	mail = base_mail();
	mail.to_address = "Eve <eve@evil.example>";
	assert_refused(&mail, "To");
	mail = base_mail();
	mail.to_address = "\"a b\"@example.com";
	assert_refused(&mail, "To");
	mail = base_mail();
	mail.to_address = "undisclosed:;";
	assert_refused(&mail, "To");
	mail = base_mail();
	mail.to_address = "no-at-sign";
	assert_refused(&mail, "To");
	mail = base_mail();
	mail.to_address = "a@b@c";
	assert_refused(&mail, "To");
	mail = base_mail();
	mail.from_address = "<desk@example.co.th>";
	assert_refused(&mail, "From");
	mail = base_mail();
	mail.from_address = "สมชาย@example.co.th";
	assert_refused(&mail, "From");
	mail = base_mail();
	mail.reply_to_address = "a@b.c,d@e.f";
	assert_refused(&mail, "Reply-To");

	mail = base_mail();
	mail.message_id = "x@y>\r\nBcc: x@evil.example";
	assert_refused(&mail, "Message-ID");
	mail = base_mail();
	mail.message_id = "<x@y>";
	assert_refused(&mail, "Message-ID");

	mail = base_mail();
	mail.header_count = 1;
	mail.headers = &bcc;
	assert_refused(&mail, "Bcc");
	mail.headers = &bcc_lower;
	assert_refused(&mail, "bcc");
	mail.headers = &ctype;
	assert_refused(&mail, "Content-Type");
	mail.headers = &from;
	assert_refused(&mail, "FROM");
	mail.headers = &spaced;
	assert_refused(&mail, "X-Bad Name");
	mail.headers = &colon;
	assert_refused(&mail, "X-Bad:Name");
	mail.headers = &crlf_value;
	assert_refused(&mail, "X-Note");
	mail.headers = &thai_value;
	assert_refused(&mail, "X-Note");

	mail = base_mail();
	mail.attachments = &file;
	mail.attachment_count = 1;
	file.filename = "a.pdf\r\nBcc: x@evil.example";
	assert_refused(&mail, "attachment 1");
	file.filename = "a.pdf";
	file.content_type = "application/pdf\r\nBcc: x@evil.example";
	assert_refused(&mail, "attachment 1");
	file.content_type = "application/pdf; x";
	assert_refused(&mail, "attachment 1");
	file.content_type = "multipart/mixed";
	assert_refused(&mail, "attachment 1");
	file.content_type = "pdf";
	assert_refused(&mail, "attachment 1");
	file.content_type = "application/";
	assert_refused(&mail, "attachment 1");
	file.content_type = "application/pdf extra";
	assert_refused(&mail, "attachment 1");
	file.content_type = "message/rfc822";
	assert_refused(&mail, "attachment 1");
	file.content_type = "application/pdf; name=\"x\"";
	{
		size_t len;
		char *msg = build(&mail, &len);

		free(msg);
	}
}

static void
test_bad_input_refused(void **state)
{
	struct cks_mail mail;
	char long_name[300];

	mail = base_mail();
	mail.subject = "caf\xe9";
	assert_refused(&mail, "UTF-8");
	mail = base_mail();
	mail.text = "caf\xe9";
	assert_refused(&mail, "UTF-8");
	mail = base_mail();
	mail.html = "\xff";
	assert_refused(&mail, "UTF-8");
	mail = base_mail();
	mail.text = NULL;
	assert_refused(&mail, "text");
	mail = base_mail();
	mail.from_address = NULL;
	assert_refused(&mail, "From");
	mail = base_mail();
	mail.to_address = "";
	assert_refused(&mail, "To");
	mail = base_mail();
	mail.message_id = NULL;
	assert_refused(&mail, "Message-ID");

	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	{
		struct cks_mail_attachment file = { long_name, "text/plain",
			(const unsigned char *)"x", 1 };

		mail = base_mail();
		mail.attachments = &file;
		mail.attachment_count = 1;
		assert_refused(&mail, "filename");
	}
}

/* --- Message-ID ------------------------------------------------------------- */

static int
compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "<ms>.<16 hex>.<pid>.<counter>@domain" */
static void
assert_id_format(const char *id, const char *domain)
{
	const char *p = id;
	size_t n;

	n = strspn(p, "0123456789");
	assert_true(n >= 13);
	p += n;
	assert_int_equal(*p++, '.');
	assert_int_equal(strspn(p, "0123456789abcdef"), 16);
	p += 16;
	assert_int_equal(*p++, '.');
	n = strspn(p, "0123456789");
	assert_true(n > 0);
	p += n;
	assert_int_equal(*p++, '.');
	n = strspn(p, "0123456789");
	assert_true(n > 0);
	p += n;
	assert_int_equal(*p++, '@');
	assert_string_equal(p, domain);
}

static void
test_message_id_unique(void **state)
{
	enum { N = 1000, CHILD_N = 200 };
	char *ids[N + CHILD_N];
	int fds[2];
	pid_t pid;
	int status;
	FILE *f;
	char line[256];
	size_t count = 0;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* The child shares the parent's counter and clock: only the pid
		 * and the random part tell its ids apart. */
		FILE *out = fdopen(fds[1], "w");

		close(fds[0]);
		for (int i = 0; i < CHILD_N && out != NULL; i++) {
			char *id = cks_mime_new_message_id("example.co.th");

			if (id == NULL)
				_exit(1);
			fprintf(out, "%s\n", id);
			free(id);
		}
		_exit(out != NULL && fclose(out) == 0 ? 0 : 1);
	}
	close(fds[1]);
	for (int i = 0; i < N; i++) {
		ids[count] = cks_mime_new_message_id("example.co.th");
		assert_non_null(ids[count]);
		assert_id_format(ids[count], "example.co.th");
		count++;
	}
	f = fdopen(fds[0], "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		assert_true(count < N + CHILD_N);
		assert_id_format(line, "example.co.th");
		ids[count] = strdup(line);
		assert_non_null(ids[count]);
		count++;
	}
	fclose(f);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(count, N + CHILD_N);

	qsort(ids, count, sizeof(ids[0]), compare_strings);
	for (size_t i = 1; i < count; i++)
		if (strcmp(ids[i - 1], ids[i]) == 0)
			fail_msg("duplicate Message-ID %s", ids[i]);
	for (size_t i = 0; i < count; i++)
		free(ids[i]);
}

static void
test_message_id_domain(void **state)
{
	char *id = cks_mime_new_message_id("mail.example.co.th");
	struct cks_mail mail = base_mail();
	json_t *report;
	char expected[300];
	size_t len;
	char *msg;

	assert_non_null(id);
	/* The id is usable as is in a message. */
	mail.message_id = id;
	msg = build(&mail, &len);
	report = python_read(msg, len);
	snprintf(expected, sizeof(expected), "<%s>", id);
	assert_string_equal(jstr(report, "message_id"), expected);
	json_decref(report);
	free(msg);
	free(id);

	assert_null(cks_mime_new_message_id(NULL));
	assert_null(cks_mime_new_message_id(""));
	assert_null(cks_mime_new_message_id("a b"));
	assert_null(cks_mime_new_message_id("x>\r\nBcc: y"));
	assert_null(cks_mime_new_message_id("bad..dots"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode_header_ascii),
		cmocka_unit_test(test_encode_header_thai),
		cmocka_unit_test(test_encode_header_invalid_utf8),
		cmocka_unit_test(test_encode_header_control),
		cmocka_unit_test(test_text_only),
		cmocka_unit_test(test_thai_text_base64),
		cmocka_unit_test(test_alternative),
		cmocka_unit_test(test_mixed_with_attachments),
		cmocka_unit_test(test_text_with_attachment),
		cmocka_unit_test(test_libetpan_reads_back),
		cmocka_unit_test(test_thai_headers),
		cmocka_unit_test(test_long_thai_subject_folds),
		cmocka_unit_test(test_ascii_display_names),
		cmocka_unit_test(test_subject_encoded_word_lookalike),
		cmocka_unit_test(test_extra_headers_in_order),
		cmocka_unit_test(test_date_local_zone),
		cmocka_unit_test(test_newlines_normalised),
		cmocka_unit_test(test_quoted_printable_round_trip),
		cmocka_unit_test(test_trailing_blank_survives),
		cmocka_unit_test(test_empty_text),
		cmocka_unit_test(test_header_injection_refused),
		cmocka_unit_test(test_bad_input_refused),
		cmocka_unit_test(test_message_id_unique),
		cmocka_unit_test(test_message_id_domain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
