/* A pre-scan of a raw, untrusted message before libetpan parses it.
 * libetpan 1.9.4 overflows its heap on a crafted multipart boundary and
 * slows down with every level of nested parts; it cannot be told not to,
 * so what would reach those paths is refused here, where the rules are
 * few enough to check by eye. */
#ifndef CKS_MAILGUARD_H
#define CKS_MAILGUARD_H

#include <stddef.h>

#include "error.h"

/* Refuses (with the reason) an empty or oversized message, a NUL in the
 * top-level header, too many multipart and message parts, long comments
 * around a Content-Type's colon or a boundary's "=", and any boundary=
 * that is empty, over 70 bytes, unterminated or holds a quote or
 * backslash.  Every "Content-Type" anywhere is looked at, not
 * only where a header seems to start: libetpan's idea of a part's headers
 * is what counts, and this way we need not share it. */
int cks_mailguard_check(const char *raw, size_t length, struct cks_error *err);

#endif
