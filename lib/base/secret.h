/* Credentials kept in a file of their own, so that they stay out of the
 * configuration file (which is often world-readable) and out of argv. */
#ifndef CKS_SECRET_H
#define CKS_SECRET_H

#include <stddef.h>

#include "error.h"

/* Opens a secret file for reading, once it is known to be a regular file
 * that neither group nor others may access (as ssh treats a private key).
 * Returns the descriptor (the caller closes it), or -1 with err naming
 * path (CKS_ERROR_NOT_FOUND when it does not exist). */
int cks_secret_open(const char *path, struct cks_error *err);

/* Reads a whole secret file, at most size bytes, into buffer.  More than
 * size bytes is an error.  buffer is wiped on failure. */
int cks_secret_read_file(const char *path, unsigned char *buffer, size_t size,
			 size_t *length_out, struct cks_error *err);

/* Reads the user name (line 1) and password (line 2) of path into the
 * buffers; a trailing CR LF or LF is dropped.  The file is refused when
 * group or others may access it, as ssh refuses a private key.  The
 * message names path; callers put the setting in front
 * (cks_error_prefix).  Both buffers are wiped on failure. */
int cks_secret_read_credentials(const char *path, char *user, size_t user_size,
				char *password, size_t password_size,
				struct cks_error *err);

#endif
