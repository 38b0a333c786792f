#include "autoconfig.h"

#include "mailguard.h"

#include <string.h>
#include <strings.h>

#include "utf8.h"

#define MAX_MESSAGE_BYTES CKS_MAILGUARD_MAX_BYTES

/* RFC 2046 allows 70 characters, but Exchange and mailing lists write
 * longer ones and libetpan copes with any length (it matches them with
 * strncmp).  This only bounds nonsense. */
#define MAX_BOUNDARY 200

/* libetpan looks for every enclosing boundary on every line of a nested
 * part, so its time grows with depth times lines (20000 levels in 1.4 MB
 * take 50 s).  A reply has a handful of multipart and message parts. */
#define MAX_CONTAINERS 100

/* A comment between "boundary" and its value longer than this is not
 * something a mail client writes; skipping it in every header would be
 * quadratic. */
#define MAX_CFWS 256

static int
is_wsp(char c)
{
	return c == ' ' || c == '\t';
}

/* Skips white space, line breaks and (nested) comments, at most
 * MAX_CFWS + 1 bytes: the caller refuses more. */
static size_t
skip_cfws(const char *s, size_t n, size_t i)
{
	size_t stop = n - i > MAX_CFWS + 1 ? i + MAX_CFWS + 1 : n;
	int depth = 0;

	while (i < stop) {
		if (depth > 0 && s[i] == '\\' && i + 1 < stop)
			i++;
		else if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && depth > 0)
			depth--;
		else if (depth == 0 && !is_wsp(s[i]) && s[i] != '\r' && s[i] != '\n')
			break;
		i++;
	}
	return i;
}

static int
refuse(struct cks_error *err)
{
	return cks_error_set(err, CKS_ERROR_INVALID,
	    "dangerous multipart boundary");
}

/* Checks the value of one boundary parameter starting at s[i] (after the
 * "="): a token or a quoted string, 1 to MAX_BOUNDARY bytes, without a
 * quote or backslash inside.  libetpan 1.9.4 (mailmime_extract_boundary)
 * strips a first and last byte from an unquoted value that starts with
 * a quote: a quoted string opening with \" leaves such a value, and one
 * of one byte makes it copy SIZE_MAX bytes.  No sender needs a backslash
 * in a boundary, so none is let through. */
static int
check_boundary_value(const char *s, size_t n, size_t i, struct cks_error *err)
{
	size_t start = skip_cfws(s, n, i), j, len = 0;

	if (start - i > MAX_CFWS || start >= n)
		return refuse(err);
	if (s[start] == '"') {
		for (j = start + 1; j < n && s[j] != '"' && len <= MAX_BOUNDARY; j++) {
			if (s[j] == '\\')
				return refuse(err);
			len++;
		}
		if (j >= n || s[j] != '"')
			return refuse(err);
	} else {
		for (j = start; j < n && len <= MAX_BOUNDARY && !is_wsp(s[j]) &&
		     s[j] != ';' && s[j] != '\r' && s[j] != '\n' && s[j] != '(';
		     j++) {
			if (s[j] == '"' || s[j] == '\\')
				return refuse(err);
			len++;
		}
	}
	if (len == 0 || len > MAX_BOUNDARY)
		return refuse(err);
	return 0;
}

/* Checks every boundary parameter of one Content-Type field value, read
 * as libetpan reads parameters: a "boundary" outside quoted strings and
 * comments, followed by CFWS and "=".  Text inside a quoted value, such
 * as Mimecast's boundary="MCBoundary=_12345", is a value, not a
 * parameter. */
static int
check_boundaries(const char *s, size_t n, struct cks_error *err)
{
	int quoted = 0, depth = 0;

	/* A quoted string opening with an escaped quote is the overflow
	 * itself, whichever parameter libetpan may take it for. */
	for (size_t i = 0; i + 3 <= n; i++)
		if (s[i] == '"' && s[i + 1] == '\\' && s[i + 2] == '"')
			return refuse(err);
	for (size_t i = 0; i < n; i++) {
		size_t j;

		if ((quoted || depth > 0) && s[i] == '\\') {
			i++;
		} else if (quoted) {
			quoted = s[i] != '"';
		} else if (s[i] == '(') {
			depth++;
		} else if (depth > 0) {
			depth -= s[i] == ')';
		} else if (s[i] == '"') {
			quoted = 1;
		} else if ((s[i] | 0x20) == 'b' && cks_text_starts_ci(s + i, n - i, "boundary") &&
			   (i == 0 || s[i - 1] == ';' || is_wsp(s[i - 1]) ||
			    s[i - 1] == '\n' || s[i - 1] == ')')) {
			j = skip_cfws(s, n, i + 8);
			if (j - (i + 8) > MAX_CFWS)
				return refuse(err);
			if (j < n && s[j] == '=') {
				if (check_boundary_value(s, n, j + 1, err) < 0)
					return -1;
			}
			i += 7;
		}
	}
	return 0;
}

/* The end of the header starting at i: the first line break not followed
 * by white space (LF, CRLF and a lone CR all count as breaks). */
static size_t
header_end(const char *s, size_t n, size_t i)
{
	for (;;) {
		while (i < n && s[i] != '\n' && s[i] != '\r')
			i++;
		if (i >= n)
			return n;
		size_t next = i + (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n' ? 2 : 1);

		if (next >= n || !is_wsp(s[next]))
			return i;
		i = next;
	}
}

/* The start of the line after the one holding s[i]. */
static size_t
next_line(const char *s, size_t n, size_t i)
{
	while (i < n && s[i] != '\n' && s[i] != '\r')
		i++;
	if (i < n && s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
		i++;
	return i < n ? i + 1 : n;
}

static int
line_empty(const char *s, size_t n, size_t i)
{
	return i >= n || s[i] == '\n' || s[i] == '\r';
}

/* The end of the top-level header block: the first empty line. */
static size_t
header_block_end(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i = next_line(s, n, i))
		if (line_empty(s, n, i))
			return i;
	return n;
}

/* What is known of the header block being read. */
struct block {
	int in_header;       /* the line is in a header block */
	int part;            /* the block follows a "--" line */
	int content_type;    /* it has a Content-Type */
	int message;         /* its body is a message with its own header */
	int encoding;        /* it has a Content-Transfer-Encoding */
	int encoded;         /* the first one is quoted-printable or base64 */
};

/* libetpan parses a message/rfc822 body as a message only when it is
 * not quoted-printable or base64 (mailmime_parse_with_default).  With
 * two Content-Transfer-Encoding fields, which one libetpan takes depends
 * on which it can parse: then the body is read as a header anyway. */
static void
read_encoding(const char *raw, size_t i, size_t end, struct block *b)
{
	size_t j = skip_cfws(raw, end, i + 25);

	if (j >= end || raw[j] != ':')
		return;
	if (b->encoding) {
		b->encoded = 0;
		return;
	}
	b->encoding = 1;
	j = skip_cfws(raw, end, j + 1);
	b->encoded = cks_text_starts_ci(raw + j, end - j, "quoted-printable") ||
		     cks_text_starts_ci(raw + j, end - j, "base64");
}

/* One Content-Type field at s[i] (the field name's first byte). */
static int
check_field(const char *raw, size_t i, size_t end,
	    struct block *b, size_t *containers, struct cks_error *err)
{
	size_t j = skip_cfws(raw, end, i + 12);

	if (j - (i + 12) > MAX_CFWS)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "dangerous Content-Type header");
	if (j >= end || raw[j] != ':')
		return 0;
	i = j;
	j = skip_cfws(raw, end, i + 1);
	if (j - (i + 1) > MAX_CFWS)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "dangerous Content-Type header");
	b->content_type = 1;
	if (cks_text_starts_ci(raw + j, end - j, "message"))
		b->message = 1;
	if ((cks_text_starts_ci(raw + j, end - j, "multipart") ||
	     cks_text_starts_ci(raw + j, end - j, "message")) &&
	    ++*containers > MAX_CONTAINERS)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "more than %d multipart and message parts", MAX_CONTAINERS);
	return check_boundaries(raw + j, end - j, err);
}

int
cks_mailguard_check(const char *raw, size_t length, struct cks_error *err)
{
	struct block b = { 1, 0, 0, 0, 0, 0 };
	size_t containers = 0, i = 0;

	if (length == 0)
		return cks_error_set(err, CKS_ERROR_INVALID, "empty message");
	if (length > MAX_MESSAGE_BYTES)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "message of %zu bytes is larger than %u MiB", length,
		    MAX_MESSAGE_BYTES >> 20);
	if (memchr(raw, '\0', header_block_end(raw, length)) != NULL)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "NUL byte in the message header");
	/* Only header blocks are read, where libetpan reads header fields:
	 * the message's own, one after every line that may be a boundary
	 * (any "--" line, blank lines after it skipped as libetpan does
	 * for a first part), and the header of a message inside a
	 * message/ part or a part without Content-Type (the default in a
	 * multipart/digest).  A superset of libetpan's, so nothing it
	 * parses is missed, while headers quoted in a body (an Exchange
	 * bounce's quoted-printable copy of the original's) are not
	 * mistaken for this message's structure. */
	while (i < length) {
		size_t end;

		if (length - i >= 2 && raw[i] == '-' && raw[i + 1] == '-') {
			int pending = b.in_header && !b.encoded &&
			    (b.message || (b.part && !b.content_type));

			/* A boundary line: a part header follows, also
			 * inside a header block libetpan cuts short there. */
			i = next_line(raw, length, i);
			while (i < length && line_empty(raw, length, i))
				i = next_line(raw, length, i);
			b = (struct block){ 1, 1, 0, pending, 0, 0 };
			continue;
		}
		if (!b.in_header) {
			i = next_line(raw, length, i);
			continue;
		}
		if (line_empty(raw, length, i)) {
			int body_is_message = !b.encoded &&
			    (b.message || (b.part && !b.content_type));

			b = (struct block){ body_is_message, 0, 0, 0, 0, 0 };
			i = next_line(raw, length, i);
			continue;
		}
		end = header_end(raw, length, i);
		if (length - i >= 12 && strncasecmp(raw + i, "content-type", 12) == 0 &&
		    check_field(raw, i, end, &b, &containers, err) < 0)
			return -1;
		if (length - i >= 25 &&
		    strncasecmp(raw + i, "content-transfer-encoding", 25) == 0)
			read_encoding(raw, i, end, &b);
		i = end < length ? next_line(raw, length, end) : length;
	}
	return 0;
}
