/* Credentials kept in a file of their own, so that they stay out of the
 * configuration file (which is often world-readable) and out of argv. */
#ifndef CKS_SECRET_H
#define CKS_SECRET_H

#include <stddef.h>

#include "error.h"

/* Reads the user name (line 1) and password (line 2) of path into the
 * buffers; a trailing CR LF or LF is dropped.  The file is refused when
 * group or others may access it, as ssh refuses a private key.  The
 * message names path; callers put the setting in front
 * (cks_error_prefix).  Both buffers are wiped on failure. */
int cks_secret_read_credentials(const char *path, char *user, size_t user_size,
				char *password, size_t password_size,
				struct cks_error *err);

#endif
