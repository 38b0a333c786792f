/* Building outgoing messages (RFC 5322 + MIME) with libetpan's MIME
 * writer: multipart/alternative (text + HTML), inside multipart/mixed when
 * there are attachments; quoted-printable for mostly-ASCII text (70 %),
 * else base64 (and base64 when a line ends in a blank: libetpan 1.9.4's
 * quoted-printable doubles it);
 * RFC 2047 encoded Thai subjects and display names; CRLF line endings. */
#ifndef CKS_MIME_H
#define CKS_MIME_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct cks_mail_attachment {
	const char *filename;          /* UTF-8; RFC 2047 inside the quoted
					* filename (libetpan cannot write
					* RFC 2231's filename*=) */
	const char *content_type;      /* "application/pdf" */
	const unsigned char *data;
	size_t size;
};

struct cks_mail_header {
	const char *name;              /* "Auto-Submitted" */
	const char *value;             /* printable ASCII, "auto-generated" */
};

/* All strings are borrowed UTF-8.  Any header value holding CR, LF or
 * another control character is refused, never passed on. */
struct cks_mail {
	const char *from_name;         /* NULL: address only */
	const char *from_address;
	const char *to_name;
	const char *to_address;
	const char *reply_to_address;  /* NULL: no Reply-To */
	const char *subject;           /* NULL: no Subject header */
	const char *message_id;        /* without <>, unique */
	int64_t date_ms;
	const char *text;              /* the text/plain part, required */
	const char *html;              /* the text/html part, or NULL */
	const struct cks_mail_attachment *attachments;
	size_t attachment_count;
	const struct cks_mail_header *headers;   /* extra headers */
	size_t header_count;
};

/* Writes the whole message; *bytes_out is malloc'ed (NUL-terminated for
 * convenience) and freed by the caller.  Every line ends in CRLF and no
 * line is longer than 998 bytes. */
int cks_mime_build(const struct cks_mail *mail, char **bytes_out,
		   size_t *size_out, struct cks_error *err);

/* RFC 2047 encoding of a UTF-8 header text: returned as is when it is
 * printable ASCII, else as =?UTF-8?B?...?= words of at most 75 bytes that
 * never split a character (invalid UTF-8 and control bytes are encoded
 * byte by byte, never refused: callers validate).  Caller frees; NULL on
 * out of memory. */
char *cks_mime_encode_header(const char *utf8);

/* A new unique Message-ID (without <>) on domain: time, random, counter.
 * NULL for a bad domain or when no randomness is available. */
char *cks_mime_new_message_id(const char *domain);

#endif
