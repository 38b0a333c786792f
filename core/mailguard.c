#include "autoconfig.h"

#include "mailguard.h"

#include <string.h>
#include <strings.h>

/* Far above any reply a person writes; the worker's memory stays small. */
#define MAX_MESSAGE_BYTES (25u * 1024 * 1024)

/* RFC 2046 allows 70 characters; libetpan 1.9.4 overflows its heap on a
 * boundary that starts with a quote once unquoted (libraries.md, trap 2). */
#define MAX_BOUNDARY 70

/* libetpan looks for every enclosing boundary on every line of a nested
 * part, so its time grows with depth times lines (20000 levels in 1.4 MB
 * take 50 s).  A reply has a handful of multipart and message parts. */
#define MAX_CONTAINERS 100

/* A comment between "boundary" and its value longer than this is not
 * something a mail client writes; skipping it in every header would be
 * quadratic. */
#define MAX_CFWS 256

static int
starts_ci(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && strncasecmp(s, prefix, n) == 0;
}

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

/* Checks every boundary= in one Content-Type header, the way libetpan
 * could read it: CFWS around "=", a token or a quoted string. */
static int
check_boundaries(const char *s, size_t n, struct cks_error *err)
{
	for (size_t i = 0; i + 8 <= n; i++) {
		size_t j, start, len = 0;

		if (strncasecmp(s + i, "boundary", 8) != 0)
			continue;
		j = skip_cfws(s, n, i + 8);
		if (j - (i + 8) > MAX_CFWS)
			goto refuse;
		if (j >= n || s[j] != '=')
			continue;
		start = skip_cfws(s, n, j + 1);
		if (start - (j + 1) > MAX_CFWS || start >= n)
			goto refuse;
		if (s[start] == '"') {
			start++;
			for (j = start; j < n && s[j] != '"' && len <= MAX_BOUNDARY; j++) {
				if (s[j] == '\\')
					goto refuse;
				len++;
			}
			if (j >= n || s[j] != '"')
				goto refuse;
		} else {
			for (j = start; j < n && len <= MAX_BOUNDARY &&
			     !is_wsp(s[j]) && s[j] != ';' && s[j] != '\r' &&
			     s[j] != '\n' && s[j] != '('; j++) {
				if (s[j] == '"' || s[j] == '\\')
					goto refuse;
				len++;
			}
		}
		if (len == 0 || len > MAX_BOUNDARY)
			goto refuse;
	}
	return 0;
refuse:
	return cks_error_set(err, CKS_ERROR_INVALID,
	    "dangerous multipart boundary");
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

/* The end of the top-level header block: the first empty line. */
static size_t
header_block_end(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\n')
			continue;
		if (i + 1 < n && s[i + 1] == '\n')
			return i + 1;
		if (i + 2 < n && s[i + 1] == '\r' && s[i + 2] == '\n')
			return i + 1;
	}
	return n;
}

int
cks_mailguard_check(const char *raw, size_t length, struct cks_error *err)
{
	size_t scanned = 0, containers = 0;

	if (length == 0)
		return cks_error_set(err, CKS_ERROR_INVALID, "empty message");
	if (length > MAX_MESSAGE_BYTES)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "message of %zu bytes is larger than %u MiB", length,
		    MAX_MESSAGE_BYTES >> 20);
	if (memchr(raw, '\0', header_block_end(raw, length)) != NULL)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "NUL byte in the message header");
	for (size_t i = 0; i + 12 <= length; i++) {
		size_t end, j;

		if ((raw[i] | 0x20) != 'c' || strncasecmp(raw + i, "content-type", 12) != 0)
			continue;
		end = header_end(raw, length, i);
		j = skip_cfws(raw, end, i + 12);
		if (j - (i + 12) > MAX_CFWS)
			return cks_error_set(err, CKS_ERROR_INVALID,
			    "dangerous Content-Type header");
		if (j < end && raw[j] == ':') {
			size_t colon = j;

			j = skip_cfws(raw, end, colon + 1);
			if (j - (colon + 1) > MAX_CFWS)
				return cks_error_set(err, CKS_ERROR_INVALID,
				    "dangerous Content-Type header");
			if ((starts_ci(raw + j, end - j, "multipart") ||
			     starts_ci(raw + j, end - j, "message")) &&
			    ++containers > MAX_CONTAINERS)
				return cks_error_set(err, CKS_ERROR_INVALID,
				    "more than %d multipart and message parts",
				    MAX_CONTAINERS);
		}
		/* Headers do not overlap: one already checked ends here too. */
		if (i >= scanned) {
			if (check_boundaries(raw + i, end - i, err) < 0)
				return -1;
			scanned = end;
		}
	}
	return 0;
}
