/* Helper programs: untrusted work (parsing mail, probing a plugin) runs in
 * a small program of its own from $(libexecdir), started with posix_spawn
 * rather than fork()ed from the threaded daemon -- a forked copy of a
 * threaded process may inherit a lock some other thread held, and every
 * descriptor the daemon has open.  Like Postfix's, Dovecot's and
 * OpenSMTPD's helpers, it gets only the descriptors meant for it and, when
 * started by root, gives up root before it reads anything. */
#ifndef CKS_HELPER_H
#define CKS_HELPER_H

#include <stddef.h>
#include <sys/types.h>

#include "error.h"

/* Where the helpers are: $CKS_LIBEXECDIR when set (tests run them from
 * the build or staging tree), else the configured $(libexecdir). */
const char *cks_helper_dir(void);

/* A descriptor of ours that the helper gets as child_fd.  child_fd 0 and
 * 1 not given are /dev/null; 2 is our standard error (the log), so what a
 * helper says before it dies is not lost.  Nothing else is passed. */
struct cks_helper_fd {
	int parent_fd;
	int child_fd;
};

/* Starts helper name (a file of cks_helper_dir()) with one argument (or
 * none: NULL) and the descriptors of fds; parent_fd must not be one of
 * the child_fd numbers 0..2.  0 with *pid_out (the caller reaps it), or -1
 * with err. */
int cks_helper_spawn(const char *name, const char *arg,
		     const struct cks_helper_fd *fds, size_t count,
		     pid_t *pid_out, struct cks_error *err);

/* First thing in a helper's main(): closes every descriptor from
 * first_unused up (in case the spawning program was not ours) and, when
 * running as root, drops to $CKS_HELPER_USER or the configured helper user
 * (default "nobody") for good.  0, or -1 with err: the helper must exit. */
int cks_helper_enter(int first_unused, struct cks_error *err);

#endif
