/* posix_spawn_file_actions_addclosefrom_np is a GNU extension (glibc 2.34). */
#define _GNU_SOURCE 1

#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helper.h"

#ifndef CKS_DEFAULT_LIBEXEC_DIR
#define CKS_DEFAULT_LIBEXEC_DIR "/usr/local/libexec"
#endif
#ifndef CKS_DEFAULT_HELPER_USER
#define CKS_DEFAULT_HELPER_USER "nobody"
#endif

extern char **environ;

const char *
cks_helper_dir(void)
{
	const char *dir = getenv("CKS_LIBEXECDIR");

	return dir != NULL && dir[0] != '\0' ? dir : CKS_DEFAULT_LIBEXEC_DIR;
}

static int
has_child_fd(const struct cks_helper_fd *fds, size_t count, int fd)
{
	for (size_t i = 0; i < count; i++)
		if (fds[i].child_fd == fd)
			return 1;
	return 0;
}

/* The file actions: the given descriptors, /dev/null for a standard one
 * not given, and every other descriptor closed -- the daemon's own are
 * close-on-exec already, this also covers any a library opened without
 * it. */
static int
file_actions(posix_spawn_file_actions_t *fa, const struct cks_helper_fd *fds,
	     size_t count)
{
	int highest = 2, rc = 0;

	for (size_t i = 0; rc == 0 && i < count; i++) {
		rc = posix_spawn_file_actions_adddup2(fa, fds[i].parent_fd,
		    fds[i].child_fd);
		if (fds[i].child_fd > highest)
			highest = fds[i].child_fd;
	}
	if (rc == 0 && !has_child_fd(fds, count, 0))
		rc = posix_spawn_file_actions_addopen(fa, 0, "/dev/null",
		    O_RDONLY, 0);
	if (rc == 0 && !has_child_fd(fds, count, 1))
		rc = posix_spawn_file_actions_addopen(fa, 1, "/dev/null",
		    O_WRONLY, 0);
	if (rc == 0)
		rc = posix_spawn_file_actions_addclosefrom_np(fa, highest + 1);
	return rc;
}

/* Signals back to their defaults and none blocked: the daemon ignores
 * SIGPIPE and blocks the ones its loop waits for, and both would carry
 * over through exec. */
static int
spawn_attributes(posix_spawnattr_t *attr)
{
	sigset_t none, defaults;
	int rc;

	sigemptyset(&none);
	sigfillset(&defaults);
	sigdelset(&defaults, SIGKILL);
	sigdelset(&defaults, SIGSTOP);
	rc = posix_spawnattr_setsigmask(attr, &none);
	if (rc == 0)
		rc = posix_spawnattr_setsigdefault(attr, &defaults);
	if (rc == 0)
		rc = posix_spawnattr_setflags(attr,
		    POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	return rc;
}

int
cks_helper_spawn(const char *name, const char *arg,
		 const struct cks_helper_fd *fds, size_t count, pid_t *pid_out,
		 struct cks_error *err)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	char path[PATH_MAX];
	char *argv[3] = { (char *)name, (char *)arg, NULL };
	int rc;

	if (snprintf(path, sizeof(path), "%s/%s", cks_helper_dir(), name) >=
	    (int)sizeof(path))
		return cks_error_set(err, CKS_ERROR_INTERNAL,
		    "%s: the helper's path is too long", name);
	if ((rc = posix_spawn_file_actions_init(&fa)) != 0)
		return cks_error_set(err, CKS_ERROR_TEMPORARY, "%s: %s", name,
		    strerror(rc));
	if ((rc = posix_spawnattr_init(&attr)) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		return cks_error_set(err, CKS_ERROR_TEMPORARY, "%s: %s", name,
		    strerror(rc));
	}
	rc = file_actions(&fa, fds, count);
	if (rc == 0)
		rc = spawn_attributes(&attr);
	if (rc == 0)
		rc = posix_spawn(pid_out, path, &fa, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	if (rc == ENOENT || rc == EACCES)
		return cks_error_set(err, CKS_ERROR_INTERNAL,
		    "cannot start %s: %s (installed helpers are in %s; "
		    "CKS_LIBEXECDIR names another place)", path, strerror(rc),
		    CKS_DEFAULT_LIBEXEC_DIR);
	if (rc != 0)
		return cks_error_set(err, CKS_ERROR_TEMPORARY,
		    "cannot start %s: %s", path, strerror(rc));
	return 0;
}

/* setgroups before setgid before setuid: each needs the rights the next
 * one gives up.  The final check makes sure root cannot be taken back. */
static int
drop_root(struct cks_error *err)
{
	const char *user = getenv("CKS_HELPER_USER");
	struct passwd *pw;

	if (user == NULL || user[0] == '\0')
		user = CKS_DEFAULT_HELPER_USER;
	errno = 0;
	pw = getpwnam(user);
	if (pw == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL,
		    "helper user '%s': %s", user,
		    errno != 0 ? strerror(errno) : "no such user");
	if (pw->pw_uid == 0)
		return cks_error_set(err, CKS_ERROR_INTERNAL,
		    "helper user '%s' is root: name an unprivileged one", user);
	if (setgroups(0, NULL) < 0 || setgid(pw->pw_gid) < 0 ||
	    setuid(pw->pw_uid) < 0)
		return cks_error_set(err, CKS_ERROR_INTERNAL,
		    "dropping root to '%s': %s", user, strerror(errno));
	if (setuid(0) == 0 || geteuid() == 0)
		return cks_error_set(err, CKS_ERROR_INTERNAL,
		    "dropping root to '%s': root is still there", user);
	return 0;
}

int
cks_helper_enter(int first_unused, struct cks_error *err)
{
	closefrom(first_unused);
	if (geteuid() == 0 || getuid() == 0)
		return drop_root(err);
	return 0;
}
