/* A pre-scan of a raw, untrusted message before libetpan parses it.
 * libetpan 1.9.4 overflows its heap on a crafted multipart boundary and
 * slows down with every level of nested parts; it cannot be told not to,
 * so what would reach those paths is refused here, where the rules are
 * few enough to check by eye. */
#ifndef CKS_MAILGUARD_H
#define CKS_MAILGUARD_H

#include <stddef.h>

#include "error.h"

/* Far above any reply a person writes; the worker's memory stays small. */
#define CKS_MAILGUARD_MAX_BYTES (25u * 1024 * 1024)

/* Refuses (with the reason) an empty or oversized message, a NUL in the
 * top-level header, too many multipart and message parts, long comments
 * around a Content-Type's colon or a boundary's "=", and a boundary
 * parameter that is empty, over 200 bytes, unterminated or holds a quote
 * or backslash (a quoted boundary opening with \" is what overflows
 * libetpan 1.9.4).  Only Content-Type fields at the start of a line in a
 * header block are read: the message's header, the block after any line
 * that starts with "--" (a superset of libetpan's part headers) and the
 * header of a message carried in a message/ part.  So headers quoted in a
 * body (Exchange bounces, in quoted-printable: boundary=3D"...") and text
 * inside a quoted value (Mimecast's boundary="MCBoundary=_1") are not
 * mistaken for parameters. */
int cks_mailguard_check(const char *raw, size_t length, struct cks_error *err);

#endif
