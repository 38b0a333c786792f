/* Base64 (RFC 4648) over OpenSSL's EVP block coder, which the daemon links
 * anyway: one encoder for MIME words and signed links, one strict decoder
 * for the API. */
#ifndef CKS_BASE64_H
#define CKS_BASE64_H

#include <stddef.h>

#include "buffer.h"
#include "error.h"

/* Characters of the padded encoding of size bytes, without the NUL. */
#define CKS_BASE64_LENGTH(size) (4 * (((size) + 2) / 3))

/* Appends the padded standard encoding of data to b. */
void cks_base64_add(struct cks_buffer *b, const void *data, size_t size);

/* The URL alphabet ('-' and '_'), no padding, NUL-terminated into out,
 * which holds CKS_BASE64_LENGTH(size) + 1; returns the length written. */
size_t cks_base64url_encode(char *out, const void *data, size_t size);

/* Decodes the standard alphabet with its padding; white space anywhere is
 * skipped (JSON senders wrap lines).  *data_out is malloc'ed (the caller
 * frees).  -1 with err set when text is not base64. */
int cks_base64_decode(const char *text, size_t length, unsigned char **data_out,
		      size_t *size_out, struct cks_error *err);

#endif
