/* Random bytes for keys, tokens and Message-IDs: the one place that asks
 * the kernel, so every caller gets the same retry and error handling. */
#ifndef CKS_RANDOM_H
#define CKS_RANDOM_H

#include <stddef.h>

#include "error.h"

/* Fills out with size bytes from getrandom(2); blocks only until the
 * kernel's pool is first seeded at boot.  0, or -1 with err set. */
int cks_random_bytes(void *out, size_t size, struct cks_error *err);

/* 2 * bytes lower-case hex digits and a NUL into out (bytes <= 32). */
int cks_random_hex(char *out, size_t bytes, struct cks_error *err);

#endif
