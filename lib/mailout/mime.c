#include "autoconfig.h"

#include "mime.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <libetpan/libetpan.h>

#include "base64.h"
#include "buffer.h"
#include "clock.h"
#include "random.h"
#include "utf8.h"

/* An encoded word is "=?UTF-8?B?" + base64 + "?=", at most 75 bytes (RFC
 * 2047).  We carry 36 bytes of text (48 base64 characters) so that a word
 * is 60 bytes and the first one still fits on the "Subject: " line: if
 * libetpan has to fold right after the colon, Python and others read the
 * subject back with a leading space. */
#define WORD_PREFIX "=?UTF-8?B?"
#define WORD_SUFFIX "?="
#define WORD_TEXT_BYTES 36

/* Longer names are not files anyone can save, and the encoded words of 255
 * bytes still fit one header line well under 998. */
#define MAX_FILENAME_BYTES 255

#define MAX_HEADER_NAME 76

/* The writer's output callback: libetpan treats 0 as a failed write, and
 * its header folding ignores that result, so the sticky flag is what
 * really tells us the message is incomplete. */
static int
sink_write(void *data, const char *s, size_t n)
{
	struct cks_buffer *b = data;

	cks_buffer_add(b, s, n);
	return b->failed ? 0 : 1;
}

/* --- RFC 2047 ----------------------------------------------------------- */

/* One grapheme cluster (a character with the marks that render on top
 * of it), as long as it fits in an encoded word; a longer run is cut at a
 * character boundary.  A word boundary inside a cluster would leave a
 * stray mark in readers that decode each encoded word on its own.
 * The encoder around this stays hand-written: libetpan and GMime split
 * encoded words by bytes or characters, never by cluster. */
static size_t
cluster_len(const char *p, const char *end)
{
	size_t len = cks_utf8_grapheme_len(p, end);
	const char *q = p;

	if (len <= WORD_TEXT_BYTES)
		return len;
	if (cks_utf8_next(&q, end) < 0)
		return 1;
	len = (size_t)(q - p);
	for (;;) {
		const char *r = q;

		if (cks_utf8_next(&r, end) < 0 ||
		    (size_t)(r - p) > WORD_TEXT_BYTES)
			return len;
		q = r;
		len = (size_t)(q - p);
	}
}

static void
add_word(struct cks_buffer *b, const char *text, size_t len)
{
	if (b->len > 0)
		cks_buffer_add(b, " ", 1);
	cks_buffer_add_string(b, WORD_PREFIX);
	cks_base64_add(b, text, len);
	cks_buffer_add_string(b, WORD_SUFFIX);
}

/* B-encodes all of s, even if it is ASCII. */
static char *
encode_words(const char *s)
{
	const char *end = s + strlen(s);
	const char *start = s, *p = s;
	struct cks_buffer b = { 0 };

	while (p < end) {
		size_t n = cluster_len(p, end);

		if ((size_t)(p - start) + n > WORD_TEXT_BYTES && p > start) {
			add_word(&b, start, (size_t)(p - start));
			start = p;
		}
		p += n;
	}
	if (p > start)
		add_word(&b, start, (size_t)(p - start));
	return cks_buffer_finish(&b);
}

static int
is_printable_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

/* Invalid UTF-8 is not refused here: its bytes are encoded one by one
 * (cks_mime_build validates its input before it gets this far). */
char *
cks_mime_encode_header(const char *utf8)
{
	if (utf8 == NULL)
		return NULL;
	if (is_printable_ascii(utf8))
		return strdup(utf8);
	return encode_words(utf8);
}

/* Plain ASCII text that contains "=?" would be decoded by the reader as if
 * it were an encoded word, so it is encoded to arrive as written. */
static char *
encode_text(const char *utf8)
{
	if (is_printable_ascii(utf8) && strstr(utf8, "=?") == NULL)
		return strdup(utf8);
	return encode_words(utf8);
}

/* --- Message-ID ----------------------------------------------------------- */

static int
is_atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

/* dot-atom-text: atext runs joined by single dots. */
static int
is_dot_atom(const char *s)
{
	const char *p;

	if (*s == '\0' || *s == '.')
		return 0;
	for (p = s; *p != '\0'; p++) {
		if (*p == '.') {
			if (p[1] == '.' || p[1] == '\0')
				return 0;
		} else if (!is_atext((unsigned char)*p)) {
			return 0;
		}
	}
	return 1;
}

/* The time makes it unique over time, the pid between processes running
 * now, the counter within one process and millisecond; the random part
 * covers a pid reused within the same millisecond (a container restart)
 * and keeps the ids unguessable. */
char *
cks_mime_new_message_id(const char *domain)
{
	static unsigned long counter;
	char rnd[17];
	unsigned long n;
	size_t len;
	char *id;

	if (domain == NULL || !is_dot_atom(domain))
		return NULL;
	if (cks_random_hex(rnd, 8, NULL) < 0)
		return NULL;
	n = __atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED);
	len = 20 + 1 + 16 + 1 + 20 + 1 + 20 + 1 + strlen(domain) + 1;
	id = malloc(len);
	if (id == NULL)
		return NULL;
	snprintf(id, len, "%lld.%s.%ld.%lu@%s", (long long)cks_now_ms(), rnd,
	    (long)getpid(), n, domain);
	return id;
}

/* --- input checks ----------------------------------------------------------- */

/* A one-line UTF-8 value: CR, LF or any other control character in a
 * header is how a caller's data turns into extra headers (Bcc: ...). */
static int
check_line(const char *value, const char *what, struct cks_error *err)
{
	if (!cks_utf8_valid(value, strlen(value)))
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: not valid UTF-8", what);
	if (cks_text_has_control(value))
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: control characters (CR, LF, ...) are not allowed", what);
	return 0;
}

/* A bare local@domain.  Anything that the address parser would read as
 * a display name, a second address, a group or a comment is refused, and
 * so is 8-bit text (no SMTPUTF8 on the way out). */
static int
check_address(const char *addr, const char *what, struct cks_error *err)
{
	const char *at;

	if (addr == NULL || addr[0] == '\0')
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: address missing", what);
	for (const char *p = addr; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (c <= 0x20 || c >= 0x7f || strchr("\"(),:;<>[\\]", c) != NULL)
			return cks_error_set(err, CKS_ERROR_INVALID,
			    "%s: not a plain address (local@domain): %s", what,
			    is_printable_ascii(addr) ? addr : "(control or 8-bit characters)");
	}
	at = strchr(addr, '@');
	if (at == NULL || at == addr || at[1] == '\0' || strchr(at + 1, '@') != NULL)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: not a plain address (local@domain): %s", what, addr);
	return 0;
}

static int
check_message_id(const char *id, struct cks_error *err)
{
	const char *at;

	if (id == NULL || id[0] == '\0')
		return cks_error_set(err, CKS_ERROR_INVALID, "Message-ID: missing");
	for (const char *p = id; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (c <= 0x20 || c >= 0x7f || c == '<' || c == '>')
			return cks_error_set(err, CKS_ERROR_INVALID,
			    "Message-ID: only printable ASCII without spaces or <> is allowed");
	}
	at = strchr(id, '@');
	if (at == NULL || at == id || at[1] == '\0' || strchr(at + 1, '@') != NULL)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "Message-ID: expected left@right, got %s", id);
	return 0;
}

/* Headers we write ourselves, plus the recipient ones: a second From or an
 * extra Cc/Bcc would change who the message claims to be from or to. */
static int
is_reserved_header(const char *name)
{
	static const char *const reserved[] = {
		"From", "To", "Cc", "Bcc", "Reply-To", "Subject", "Date",
		"Message-ID", "MIME-Version",
	};

	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (strcasecmp(name, reserved[i]) == 0)
			return 1;
	return strncasecmp(name, "Content-", 8) == 0;
}

static int
check_extra_header(const struct cks_mail_header *h, struct cks_error *err)
{
	size_t len;

	if (h->name == NULL || h->value == NULL)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "extra header: name and value are required");
	len = strlen(h->name);
	if (len == 0 || len > MAX_HEADER_NAME ||
	    strspn(h->name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		   "0123456789-") != len)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "extra header '%.80s': a name is 1 to %d letters, digits or '-'",
		    is_printable_ascii(h->name) ? h->name : "?", MAX_HEADER_NAME);
	if (is_reserved_header(h->name))
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "extra header '%s': not allowed (written by cksgate or a recipient header)",
		    h->name);
	if (cks_text_has_control(h->value))
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: control characters (CR, LF, ...) are not allowed", h->name);
	if (!is_printable_ascii(h->value))
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: the value must be ASCII", h->name);
	return 0;
}

/* --- header fields ------------------------------------------------------ */

/* mailimf_field_new takes one argument per field type; we only need a few,
 * so the field is made empty and the one member set here.  On failure data
 * is freed. */
static struct mailimf_field *
imf_field_new(int type, void *data)
{
	struct mailimf_field *field;

	field = mailimf_field_new(type, NULL, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL, NULL, NULL);
	if (field != NULL) {
		switch (type) {
		case MAILIMF_FIELD_ORIG_DATE:
			field->fld_data.fld_orig_date = data;
			break;
		case MAILIMF_FIELD_MESSAGE_ID:
			field->fld_data.fld_message_id = data;
			break;
		case MAILIMF_FIELD_SUBJECT:
			field->fld_data.fld_subject = data;
			break;
		case MAILIMF_FIELD_OPTIONAL_FIELD:
			field->fld_data.fld_optional_field = data;
			break;
		}
		return field;
	}
	switch (type) {
	case MAILIMF_FIELD_ORIG_DATE:
		mailimf_orig_date_free(data);
		break;
	case MAILIMF_FIELD_MESSAGE_ID:
		mailimf_message_id_free(data);
		break;
	case MAILIMF_FIELD_SUBJECT:
		mailimf_subject_free(data);
		break;
	case MAILIMF_FIELD_OPTIONAL_FIELD:
		mailimf_optional_field_free(data);
		break;
	}
	return NULL;
}

/* Appends a field made of data (owned from here on, freed on failure). */
static int
add_field(struct mailimf_fields *fields, int type, void *data)
{
	struct mailimf_field *field;

	if (data == NULL)
		return -1;
	field = imf_field_new(type, data);
	if (field == NULL)
		return -1;
	if (mailimf_fields_add(fields, field) != MAILIMF_NO_ERROR) {
		mailimf_field_free(field);
		return -1;
	}
	return 0;
}

/* A header written by libetpan's folding writer as is; takes value. */
static int
add_custom(struct mailimf_fields *fields, const char *name, char *value)
{
	struct mailimf_optional_field *opt;
	char *name_copy;

	if (value == NULL)
		return -1;
	name_copy = strdup(name);
	if (name_copy == NULL) {
		free(value);
		return -1;
	}
	opt = mailimf_optional_field_new(name_copy, value);
	if (opt == NULL) {
		free(name_copy);
		free(value);
		return -1;
	}
	return add_field(fields, MAILIMF_FIELD_OPTIONAL_FIELD, opt);
}

static int
add_date(struct mailimf_fields *fields, int64_t date_ms, struct cks_error *err)
{
	struct mailimf_date_time *dt;
	struct mailimf_orig_date *date;
	struct tm tm;
	long off, zone;

	/* RFC 5322 years have four digits (and libetpan's weekday formula
	 * assumes the Gregorian calendar).  The desk's zone, with its offset. */
	if (date_ms < 0 || date_ms > INT64_C(253402300799000))
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "Date: %lld ms is out of range", (long long)date_ms);
	cks_time_local(date_ms, &tm);
	if (tm.tm_year < 0 ||
	    tm.tm_year + 1900 > 9999)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "Date: %lld ms is out of range", (long long)date_ms);
	/* libetpan prints the zone as a signed hhmm number: +0700 is 700. */
	off = tm.tm_gmtoff / 60;
	zone = (off < 0 ? -1 : 1) * (labs(off) / 60 * 100 + labs(off) % 60);
	dt = mailimf_date_time_new(tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec, (int)zone);
	if (dt == NULL)
		return -1;
	date = mailimf_orig_date_new(dt);
	if (date == NULL) {
		mailimf_date_time_free(dt);
		return -1;
	}
	return add_field(fields, MAILIMF_FIELD_ORIG_DATE, date);
}

/* The display name is written as atoms when it is plain words, else as
 * RFC 2047 words.  We build the value ourselves because libetpan's mailbox
 * writer puts any name with a space in a quoted string, where encoded
 * words are not decoded (RFC 2047 section 5). */
static int
plain_phrase(const char *s)
{
	if (*s == '\0' || *s == ' ')
		return 0;
	for (const char *p = s; *p != '\0'; p++) {
		if (*p == ' ') {
			if (p[1] == ' ' || p[1] == '\0')
				return 0;
		} else if (!is_atext((unsigned char)*p)) {
			return 0;
		}
	}
	return strstr(s, "=?") == NULL;
}

static int
add_mailbox(struct mailimf_fields *fields, const char *header,
	    const char *name, const char *addr, struct cks_error *err)
{
	struct cks_buffer b = { 0 };
	char what[64];
	char *phrase;

	if (check_address(addr, header, err) < 0)
		return -1;
	if (name == NULL || name[0] == '\0')
		return add_custom(fields, header, strdup(addr));
	snprintf(what, sizeof(what), "%s display name", header);
	if (check_line(name, what, err) < 0)
		return -1;
	phrase = plain_phrase(name) ? strdup(name) : encode_words(name);
	if (phrase == NULL)
		return -1;
	cks_buffer_add_string(&b, phrase);
	cks_buffer_add_string(&b, " <");
	cks_buffer_add_string(&b, addr);
	cks_buffer_add_string(&b, ">");
	free(phrase);
	return add_custom(fields, header, cks_buffer_finish(&b));
}

/* Every failure below that does not set err itself is out of memory. */
static int
oom(struct cks_error *err)
{
	return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
}

static int
failed(struct cks_error *err)
{
	return err != NULL && err->kind != CKS_ERROR_NONE ? -1 : oom(err);
}

static struct mailimf_fields *
build_headers(const struct cks_mail *mail, struct cks_error *err)
{
	struct mailimf_fields *fields;
	clist *list;
	char *value;

	/* Not mailimf_fields_new_empty(): it leaks its list when out of memory. */
	list = clist_new();
	fields = list != NULL ? mailimf_fields_new(list) : NULL;
	if (fields == NULL) {
		if (list != NULL)
			clist_free(list);
		oom(err);
		return NULL;
	}
	if (add_date(fields, mail->date_ms, err) < 0 ||
	    add_mailbox(fields, "From", mail->from_name, mail->from_address, err) < 0 ||
	    add_mailbox(fields, "To", mail->to_name, mail->to_address, err) < 0)
		goto fail;
	if (mail->reply_to_address != NULL &&
	    add_mailbox(fields, "Reply-To", NULL, mail->reply_to_address, err) < 0)
		goto fail;
	if (mail->subject != NULL) {
		struct mailimf_subject *subject;

		if (check_line(mail->subject, "Subject", err) < 0)
			goto fail;
		value = encode_text(mail->subject);
		if (value == NULL)
			goto fail;
		subject = mailimf_subject_new(value);
		if (subject == NULL) {
			free(value);
			goto fail;
		}
		if (add_field(fields, MAILIMF_FIELD_SUBJECT, subject) < 0)
			goto fail;
	}
	if (check_message_id(mail->message_id, err) < 0)
		goto fail;
	{
		struct mailimf_message_id *mid;

		value = strdup(mail->message_id);
		if (value == NULL)
			goto fail;
		mid = mailimf_message_id_new(value);
		if (mid == NULL) {
			free(value);
			goto fail;
		}
		if (add_field(fields, MAILIMF_FIELD_MESSAGE_ID, mid) < 0)
			goto fail;
	}
	for (size_t i = 0; i < mail->header_count; i++) {
		if (check_extra_header(&mail->headers[i], err) < 0 ||
		    add_custom(fields, mail->headers[i].name,
			       strdup(mail->headers[i].value)) < 0)
			goto fail;
	}
	return fields;

fail:
	failed(err);
	mailimf_fields_free(fields);
	return NULL;
}

/* --- body parts --------------------------------------------------------- */

/* Every line break (CRLF, LF or a lone CR) becomes CRLF, and a text that
 * does not end in one gets it: the last line of a single-part message must
 * be terminated like the others.  libetpan's writers would turn a bare LF
 * into CRLF inside quoted-printable, but base64 would encode it as is. */
static char *
to_crlf(const char *text, size_t *len_out)
{
	struct cks_buffer b = { 0 };
	const char *p = text, *run = text;
	char *out;

	for (; *p != '\0'; p++) {
		if (*p != '\r' && *p != '\n')
			continue;
		cks_buffer_add(&b, run, (size_t)(p - run));
		cks_buffer_add(&b, "\r\n", 2);
		if (p[0] == '\r' && p[1] == '\n')
			p++;
		run = p + 1;
	}
	cks_buffer_add(&b, run, (size_t)(p - run));
	if (b.len > 0 && b.data != NULL && b.data[b.len - 1] != '\n')
		cks_buffer_add(&b, "\r\n", 2);
	*len_out = b.len;
	out = cks_buffer_finish(&b);
	return out;
}

/* Quoted-printable keeps mostly-ASCII text readable; for Thai, where each
 * character is three =XX triplets, base64 is about half the size.  The
 * quoted-printable writer of libetpan 1.9.4 writes a blank that ends a
 * line twice ("a \r\n" comes out as "a =20", read back as "a  "), so such
 * text goes base64 too. */
static int
text_encoding(const char *text, size_t len)
{
	size_t ascii = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == '\r' && i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t'))
			return MAILMIME_MECHANISM_BASE64;
		if (c < 0x80)
			ascii++;
	}
	return ascii * 10 >= len * 7 ? MAILMIME_MECHANISM_QUOTED_PRINTABLE
				     : MAILMIME_MECHANISM_BASE64;
}

/* Content and fields are owned by the part once it exists; on failure the
 * caller still has them. */
static struct mailmime *
single_part(struct mailmime_content *content, struct mailmime_fields *fields,
	    const char *data, size_t len)
{
	struct mailmime *part;

	/* Not mailmime_new_empty(): out of memory, it calls clist_free(NULL)
	 * for a single part and crashes. */
	part = mailmime_new(MAILMIME_SINGLE, NULL, 0, fields, content, NULL,
	    NULL, NULL, NULL, NULL, NULL);
	if (part == NULL)
		return NULL;
	/* The body is borrowed: mailmime_free leaves text data alone. */
	if (mailmime_set_body_text(part, (char *)(data != NULL ? data : ""),
				   data != NULL ? len : 0) != MAILIMF_NO_ERROR) {
		part->mm_content_type = NULL;
		part->mm_mime_fields = NULL;
		mailmime_free(part);
		return NULL;
	}
	return part;
}

/* RFC 2045 token: printable ASCII but for space and tspecials. */
static size_t
token_len(const char *s)
{
	size_t n = 0;

	while (s[n] > 0x20 && s[n] < 0x7f && strchr("()<>@,;:\\\"/[]?=", s[n]) == NULL)
		n++;
	return n;
}

/* Content types are built from libetpan's constructors, never with its
 * parser (mailmime_content_parse, also behind
 * mailmime_content_new_with_str): when an allocation fails inside it, it
 * reports success and leaves the type uninitialised. */
static struct mailmime_content *
content_new(const char *type, size_t type_len, const char *subtype,
	    size_t subtype_len)
{
	static const struct {
		const char *name;
		int type;
	} discrete[] = {
		{ "text", MAILMIME_DISCRETE_TYPE_TEXT },
		{ "image", MAILMIME_DISCRETE_TYPE_IMAGE },
		{ "audio", MAILMIME_DISCRETE_TYPE_AUDIO },
		{ "video", MAILMIME_DISCRETE_TYPE_VIDEO },
		{ "application", MAILMIME_DISCRETE_TYPE_APPLICATION },
	};
	struct mailmime_discrete_type *dt = NULL;
	struct mailmime_composite_type *ct = NULL;
	struct mailmime_type *mt = NULL;
	struct mailmime_content *content;
	char *extension = NULL, *sub = NULL;
	clist *params = NULL;
	int kind = MAILMIME_DISCRETE_TYPE_EXTENSION;

	if (type_len == 9 && strncasecmp(type, "multipart", 9) == 0) {
		ct = mailmime_composite_type_new(MAILMIME_COMPOSITE_TYPE_MULTIPART, NULL);
		if (ct == NULL)
			return NULL;
		mt = mailmime_type_new(MAILMIME_TYPE_COMPOSITE_TYPE, NULL, ct);
		if (mt == NULL) {
			mailmime_composite_type_free(ct);
			return NULL;
		}
	} else {
		for (size_t i = 0; i < sizeof(discrete) / sizeof(discrete[0]); i++)
			if (strlen(discrete[i].name) == type_len &&
			    strncasecmp(type, discrete[i].name, type_len) == 0)
				kind = discrete[i].type;
		if (kind == MAILMIME_DISCRETE_TYPE_EXTENSION) {
			extension = strndup(type, type_len);
			if (extension == NULL)
				return NULL;
		}
		dt = mailmime_discrete_type_new(kind, extension);
		if (dt == NULL) {
			free(extension);
			return NULL;
		}
		mt = mailmime_type_new(MAILMIME_TYPE_DISCRETE_TYPE, dt, NULL);
		if (mt == NULL) {
			mailmime_discrete_type_free(dt);
			return NULL;
		}
	}
	sub = strndup(subtype, subtype_len);
	params = clist_new();
	if (sub == NULL || params == NULL)
		goto fail;
	content = mailmime_content_new(mt, sub, params);
	if (content == NULL)
		goto fail;
	return content;

fail:
	if (params != NULL)
		clist_free(params);
	free(sub);
	mailmime_type_free(mt);
	return NULL;
}

static int
content_add_param(struct mailmime_content *content, const char *name,
		  const char *value, size_t value_len)
{
	struct mailmime_parameter *param;
	char *n = strdup(name), *v = strndup(value, value_len);

	if (n == NULL || v == NULL) {
		free(n);
		free(v);
		return -1;
	}
	param = mailmime_parameter_new(n, v);
	if (param == NULL) {
		free(n);
		free(v);
		return -1;
	}
	if (clist_append(content->ct_parameters, param) < 0) {
		mailmime_parameter_free(param);
		return -1;
	}
	return 0;
}

static struct mailmime *
text_part(const char *subtype, const char *text, size_t len)
{
	struct mailmime_content *content;
	struct mailmime_fields *fields;
	struct mailmime *part;

	content = content_new("text", 4, subtype, strlen(subtype));
	if (content == NULL)
		return NULL;
	if (content_add_param(content, "charset", "utf-8", 5) < 0) {
		mailmime_content_free(content);
		return NULL;
	}
	fields = mailmime_fields_new_encoding(text_encoding(text, len));
	if (fields == NULL) {
		mailmime_content_free(content);
		return NULL;
	}
	part = single_part(content, fields, text, len);
	if (part == NULL) {
		mailmime_fields_free(fields);
		mailmime_content_free(content);
	}
	return part;
}

/* Our own boundary instead of libetpan's (time, random(), pid): "=_" can
 * occur neither in base64 nor in quoted-printable output, which are the
 * only encodings we write, so no body line can ever match it. */
static struct mailmime *
multipart(const char *subtype)
{
	struct mailmime_content *content;
	struct mailmime_fields *fields;
	struct mailmime *mp;
	char boundary[40], rnd[33];
	clist *list;

	if (cks_random_hex(rnd, 16, NULL) < 0)
		return NULL;
	snprintf(boundary, sizeof(boundary), "=_cks_%s", rnd);
	content = content_new("multipart", 9, subtype, strlen(subtype));
	if (content == NULL)
		return NULL;
	if (content_add_param(content, "boundary", boundary, strlen(boundary)) < 0) {
		mailmime_content_free(content);
		return NULL;
	}
	fields = mailmime_fields_new_empty();
	list = clist_new();
	if (fields == NULL || list == NULL)
		goto fail;
	mp = mailmime_new(MAILMIME_MULTIPLE, NULL, 0, fields, content, NULL,
	    NULL, NULL, list, NULL, NULL);
	if (mp == NULL)
		goto fail;
	return mp;

fail:
	if (list != NULL)
		clist_free(list);
	if (fields != NULL)
		mailmime_fields_free(fields);
	mailmime_content_free(content);
	return NULL;
}

/* Adds part to parent, or frees it. */
static int
add_part(struct mailmime *parent, struct mailmime *part)
{
	if (part == NULL)
		return -1;
	if (mailmime_smart_add_part(parent, part) != MAILIMF_NO_ERROR) {
		mailmime_free(part);
		return -1;
	}
	return 0;
}

/* An attachment's "type/subtype; name=value; name="quoted"": one discrete
 * type (a multipart or message/rfc822 here would be written as a plain
 * part), parameters as tokens or quoted strings. */
static int
parse_content_type(const char *type, const char *what,
		   struct mailmime_content **out, struct cks_error *err)
{
	struct mailmime_content *content;
	const char *p, *sub;
	size_t n, m;

	if (type == NULL || type[0] == '\0')
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: content type missing", what);
	if (!is_printable_ascii(type))
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: the content type must be printable ASCII", what);
	n = token_len(type);
	sub = type + n + 1;
	if (n == 0 || type[n] != '/' || (m = token_len(sub)) == 0)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: '%s' is not a type/subtype", what, type);
	if ((n == 9 && strncasecmp(type, "multipart", 9) == 0) ||
	    (n == 7 && strncasecmp(type, "message", 7) == 0))
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: '%s' is not a single-part type", what, type);
	content = content_new(type, n, sub, m);
	if (content == NULL)
		return oom(err);
	for (p = sub + m;;) {
		struct cks_buffer value = { 0 };
		char name[MAX_HEADER_NAME + 1];
		size_t len;
		char *v;
		int r;

		p += strspn(p, " ");
		if (*p == '\0')
			break;
		if (*p != ';')
			goto bad;
		p += 1 + strspn(p + 1, " ");
		if (*p == '\0')
			break;
		len = token_len(p);
		if (len == 0 || len > MAX_HEADER_NAME || p[len] != '=')
			goto bad;
		memcpy(name, p, len);
		name[len] = '\0';
		p += len + 1;
		if (*p == '"') {
			for (p++; *p != '"'; p++) {
				if (*p == '\\' && p[1] != '\0')
					p++;
				if (*p == '\0')
					goto bad;
				cks_buffer_add(&value, p, 1);
			}
			p++;
		} else {
			len = token_len(p);
			if (len == 0)
				goto bad;
			cks_buffer_add(&value, p, len);
			p += len;
		}
		v = cks_buffer_finish(&value);
		r = v != NULL ? content_add_param(content, name, v, strlen(v)) : -1;
		free(v);
		if (r < 0) {
			mailmime_content_free(content);
			return oom(err);
		}
	}
	*out = content;
	return 0;

bad:
	mailmime_content_free(content);
	return cks_error_set(err, CKS_ERROR_INVALID,
	    "%s: '%s' is not a content type (type/subtype; name=value)", what, type);
}

/* libetpan writes every parameter value as a quoted string, and an RFC 2231
 * value (filename*=UTF-8''...) must not be quoted: Python, for one, flags
 * filename*="UTF-8''..." as invalid.  So a non-ASCII name goes out as RFC
 * 2047 words inside the quotes: RFC 2047 (section 5) does not allow that,
 * but it is what Gmail and Outlook send themselves, so mail clients read
 * it, and so does Python (see test_mime). */
static struct mailmime_disposition *
attachment_disposition(const char *filename)
{
	struct mailmime_disposition_type *type;
	struct mailmime_disposition_parm *parm;
	struct mailmime_disposition *dsp;
	clist *parms;
	char *value;

	value = encode_text(filename);
	if (value == NULL)
		return NULL;
	parm = mailmime_disposition_parm_new(MAILMIME_DISPOSITION_PARM_FILENAME,
	    value, NULL, NULL, NULL, 0, NULL);
	if (parm == NULL) {
		free(value);
		return NULL;
	}
	parms = clist_new();
	if (parms == NULL || clist_append(parms, parm) < 0) {
		if (parms != NULL)
			clist_free(parms);
		mailmime_disposition_parm_free(parm);
		return NULL;
	}
	type = mailmime_disposition_type_new(MAILMIME_DISPOSITION_TYPE_ATTACHMENT, NULL);
	if (type == NULL)
		goto fail;
	dsp = mailmime_disposition_new(type, parms);
	if (dsp == NULL) {
		mailmime_disposition_type_free(type);
		goto fail;
	}
	return dsp;

fail:
	clist_free(parms);
	mailmime_disposition_parm_free(parm);
	return NULL;
}

static struct mailmime *
attachment_part(const struct cks_mail_attachment *a, size_t index,
		struct cks_error *err)
{
	struct mailmime_content *content = NULL;
	struct mailmime_disposition *dsp;
	struct mailmime_mechanism *encoding;
	struct mailmime_fields *fields;
	struct mailmime *part;
	char what[64];

	snprintf(what, sizeof(what), "attachment %zu", index + 1);
	if (a->filename == NULL || a->filename[0] == '\0') {
		cks_error_set(err, CKS_ERROR_INVALID, "%s: filename missing", what);
		return NULL;
	}
	if (check_line(a->filename, what, err) < 0)
		return NULL;
	if (strlen(a->filename) > MAX_FILENAME_BYTES) {
		cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: filename longer than %d bytes", what, MAX_FILENAME_BYTES);
		return NULL;
	}
	if (a->data == NULL && a->size > 0) {
		cks_error_set(err, CKS_ERROR_INVALID, "%s: no data", what);
		return NULL;
	}
	if (parse_content_type(a->content_type, what, &content, err) < 0)
		return NULL;
	dsp = attachment_disposition(a->filename);
	encoding = mailmime_mechanism_new(MAILMIME_MECHANISM_BASE64, NULL);
	if (dsp == NULL || encoding == NULL)
		goto fail;
	fields = mailmime_fields_new_with_data(encoding, NULL, NULL, dsp, NULL);
	if (fields == NULL)
		goto fail;
	part = single_part(content, fields, (const char *)a->data, a->size);
	if (part == NULL) {
		mailmime_fields_free(fields);
		mailmime_content_free(content);
		oom(err);
	}
	return part;

fail:
	if (dsp != NULL)
		mailmime_disposition_free(dsp);
	if (encoding != NULL)
		mailmime_mechanism_free(encoding);
	mailmime_content_free(content);
	oom(err);
	return NULL;
}

/* Text only: text/plain.  With HTML: multipart/alternative.  With
 * attachments: multipart/mixed holding either of those, then the files. */
static struct mailmime *
build_body(const struct cks_mail *mail, const char *text, size_t text_len,
	   const char *html, size_t html_len, struct cks_error *err)
{
	struct mailmime *content, *mixed;

	content = text_part("plain", text, text_len);
	if (content == NULL)
		goto oom;
	if (html != NULL) {
		struct mailmime *alt = multipart("alternative");

		if (alt == NULL) {
			mailmime_free(content);
			goto oom;
		}
		if (add_part(alt, content) < 0 ||
		    add_part(alt, text_part("html", html, html_len)) < 0) {
			mailmime_free(alt);
			goto oom;
		}
		content = alt;
	}
	if (mail->attachment_count == 0)
		return content;

	mixed = multipart("mixed");
	if (mixed == NULL) {
		mailmime_free(content);
		goto oom;
	}
	if (add_part(mixed, content) < 0) {
		mailmime_free(mixed);
		goto oom;
	}
	for (size_t i = 0; i < mail->attachment_count; i++) {
		struct mailmime *part = attachment_part(&mail->attachments[i], i, err);

		if (part == NULL) {
			mailmime_free(mixed);
			return NULL;
		}
		if (add_part(mixed, part) < 0) {
			mailmime_free(mixed);
			goto oom;
		}
	}
	return mixed;

oom:
	oom(err);
	return NULL;
}

/* --- output ------------------------------------------------------------- */

/* The guarantees of cks_mime_build, checked on what was really written:
 * 7-bit, CRLF only, no line over 998 bytes.  A failure is our bug (or
 * libetpan's), never something to send. */
static int
check_output(const char *s, size_t len, struct cks_error *err)
{
	size_t line = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\r') {
			if (i + 1 >= len || s[i + 1] != '\n')
				return cks_error_set(err, CKS_ERROR_INTERNAL,
				    "MIME writer produced a bare CR at byte %zu", i);
			i++;
			line = 0;
			continue;
		}
		if (c == '\n')
			return cks_error_set(err, CKS_ERROR_INTERNAL,
			    "MIME writer produced a bare LF at byte %zu", i);
		if (c == 0 || c >= 0x80)
			return cks_error_set(err, CKS_ERROR_INTERNAL,
			    "MIME writer produced an 8-bit byte at %zu", i);
		if (++line > 998)
			return cks_error_set(err, CKS_ERROR_INTERNAL,
			    "MIME writer produced a line over 998 bytes at byte %zu", i);
	}
	return 0;
}

/* Out of memory while writing, libetpan replaces a boundary it cannot copy
 * with a new one, which no longer matches the Content-Type: each closing
 * delimiter must be in the output. */
static int
check_boundaries(struct mailmime *mime, const char *out, struct cks_error *err)
{
	char delimiter[128];
	const char *boundary;

	switch (mime->mm_type) {
	case MAILMIME_MESSAGE:
		if (mime->mm_data.mm_message.mm_msg_mime == NULL)
			return 0;
		return check_boundaries(mime->mm_data.mm_message.mm_msg_mime, out, err);
	case MAILMIME_MULTIPLE:
		boundary = mailmime_content_param_get(mime->mm_content_type,
		    (char *)"boundary");
		if (boundary == NULL)
			return cks_error_set(err, CKS_ERROR_INTERNAL, "multipart without boundary");
		snprintf(delimiter, sizeof(delimiter), "\r\n--%s--\r\n", boundary);
		if (strstr(out, delimiter) == NULL)
			return cks_error_set(err, CKS_ERROR_INTERNAL,
			    "MIME writer lost the boundary %s", boundary);
		for (clistiter *it = clist_begin(mime->mm_data.mm_multipart.mm_mp_list);
		     it != NULL; it = clist_next(it))
			if (check_boundaries(clist_content(it), out, err) < 0)
				return -1;
		return 0;
	}
	return 0;
}

int
cks_mime_build(const struct cks_mail *mail, char **bytes_out,
	       size_t *size_out, struct cks_error *err)
{
	struct mailimf_fields *headers;
	struct mailmime *root = NULL, *body;
	char *text = NULL, *html = NULL;
	size_t text_len = 0, html_len = 0;
	struct cks_buffer out = { 0 };
	int col = 0, r, rc = -1;

	*bytes_out = NULL;
	*size_out = 0;
	cks_error_clear(err);
	if (mail->text == NULL)
		return cks_error_set(err, CKS_ERROR_INVALID, "text part missing");
	if (!cks_utf8_valid(mail->text, strlen(mail->text)))
		return cks_error_set(err, CKS_ERROR_INVALID, "text part: not valid UTF-8");
	if (mail->html != NULL && !cks_utf8_valid(mail->html, strlen(mail->html)))
		return cks_error_set(err, CKS_ERROR_INVALID, "HTML part: not valid UTF-8");
	if (mail->attachment_count > 0 && mail->attachments == NULL)
		return cks_error_set(err, CKS_ERROR_INVALID, "attachments missing");
	if (mail->header_count > 0 && mail->headers == NULL)
		return cks_error_set(err, CKS_ERROR_INVALID, "extra headers missing");

	headers = build_headers(mail, err);
	if (headers == NULL)
		return -1;
	root = mailmime_new_message_data(NULL);
	if (root == NULL) {
		mailimf_fields_free(headers);
		return oom(err);
	}
	mailmime_set_imf_fields(root, headers);

	/* The parts borrow these buffers: they live until root is freed. */
	text = to_crlf(mail->text, &text_len);
	if (mail->html != NULL)
		html = to_crlf(mail->html, &html_len);
	if (text == NULL || (mail->html != NULL && html == NULL)) {
		oom(err);
		goto done;
	}
	body = build_body(mail, text, text_len, html, html_len, err);
	if (body == NULL)
		goto done;
	if (add_part(root, body) < 0) {
		oom(err);
		goto done;
	}

	r = mailmime_write_driver(sink_write, &out, &col, root);
	if (r != MAILIMF_NO_ERROR || out.failed) {
		if (r == MAILIMF_ERROR_MEMORY || out.failed)
			oom(err);
		else
			cks_error_set(err, CKS_ERROR_INTERNAL,
			    "MIME writer failed (libetpan error %d)", r);
		goto done;
	}
	/* A multipart ends with CRLF after its closing delimiter and our text
	 * always ends in one; this only guards the invariant. */
	if (out.len < 2 || memcmp(out.data + out.len - 2, "\r\n", 2) != 0)
		cks_buffer_add(&out, "\r\n", 2);
	if (out.failed) {
		oom(err);
		goto done;
	}
	if (check_output(out.data, out.len, err) < 0 ||
	    check_boundaries(root, out.data, err) < 0)
		goto done;
	*size_out = out.len;
	*bytes_out = out.data;
	out.data = NULL;
	rc = 0;

done:
	free(out.data);
	mailmime_free(root);
	free(text);
	free(html);
	return rc;
}
