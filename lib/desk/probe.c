/* pipe2 (close-on-exec from the start) is a GNU extension. */
#define _GNU_SOURCE 1

#include "autoconfig.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "channels.h"
#include "helper.h"
#include "probe.h"

/* What the helper writes once the plugin has loaded and its descriptor
 * passed every check.  The verdict is this report, not the exit status: a
 * plugin that calls exit(0) in its constructor or entry point exits 0
 * without ever writing it. */
#define PROBE_OK "cks-probe-ok"

/* The reason into why, and the -1 of a refusal. */
#define refuse(why, size, ...) (snprintf((why), (size), __VA_ARGS__), -1)

/* --- the helper (cksgate-probe) ------------------------------------------ */

/* Puts path where text names the /proc link the plugin was loaded by. */
static void
name_the_file(char *text, size_t size, const char *link, const char *path)
{
	char *at = strstr(text, link);
	char rest[512];

	if (at == NULL)
		return;
	snprintf(rest, sizeof(rest), "%s", at + strlen(link));
	*at = '\0';
	snprintf(at, size - (size_t)(at - text), "%s%s", path, rest);
}

/* Loaded through /proc/self/fd: the helper no longer has the rights to
 * open the path (the daemon opened it), only the open file.  _exit, not
 * exit: a plugin's destructors are not part of the verdict. */
void
cks_plugin_probe_serve(const char *path, int plugin_fd, int verdict_fd)
{
	char link[64], reason[512] = "";
	void *handle;

	alarm(CKS_PROBE_SECONDS);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", plugin_fd);
	if (cks_channel_plugin_open(link, &handle, reason, sizeof(reason)) ==
	    NULL) {
		name_the_file(reason, sizeof(reason), link, path);
		if (write(verdict_fd, reason, strlen(reason)) < 0)
			_exit(3);
		_exit(2);
	}
	if (write(verdict_fd, PROBE_OK, strlen(PROBE_OK)) < 0)
		_exit(3);
	_exit(0);
}

/* --- the daemon's side ----------------------------------------------------- */

static int
start(const char *path, int *verdict_out, pid_t *pid_out, char *why,
      size_t size)
{
	struct cks_helper_fd give[2];
	struct cks_error err;
	int file, fds[2];

	file = open(path, O_RDONLY | O_CLOEXEC);
	if (file < 0)
		return refuse(why, size, "cannot open: %s", strerror(errno));
	if (pipe2(fds, O_CLOEXEC) < 0) {
		close(file);
		return refuse(why, size, "pipe: %s", strerror(errno));
	}
	give[0] = (struct cks_helper_fd){ .parent_fd = file, .child_fd = 0 };
	give[1] = (struct cks_helper_fd){ .parent_fd = fds[1],
	    .child_fd = CKS_PROBE_VERDICT_FD };
	if (cks_helper_spawn(CKS_PROBE_HELPER, path, give, 2, pid_out,
	    &err) < 0) {
		close(fds[0]);
		fds[0] = -1;
		snprintf(why, size, "probe: %s", err.message);
	}
	close(file);
	close(fds[1]);
	*verdict_out = fds[0];
	return fds[0] < 0 ? -1 : 0;
}

int
cks_plugin_probe(const char *path, char *why, size_t size)
{
	int verdict, status;
	pid_t pid;
	ssize_t n;
	size_t got = 0;

	if (start(path, &verdict, &pid, why, size) < 0)
		return -1;
	why[0] = '\0';
	while (got + 1 < size &&
	       (n = read(verdict, why + got, size - got - 1)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		got += (size_t)n;
	}
	why[got] = '\0';
	close(verdict);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return refuse(why, size, "waitpid: %s", strerror(errno));
	if (WIFSIGNALED(status)) {
		if (WTERMSIG(status) == SIGALRM)
			return refuse(why, size,
			    "did not finish loading within %d s", CKS_PROBE_SECONDS);
		return refuse(why, size, "crashed while loading (signal %d, %s)",
		    WTERMSIG(status), strsignal(WTERMSIG(status)));
	}
	if (WEXITSTATUS(status) == 0 && strcmp(why, PROBE_OK) == 0)
		return 0;
	if (WEXITSTATUS(status) == 2 && why[0] != '\0' &&
	    strcmp(why, PROBE_OK) != 0)
		return -1;                  /* the checks' own reason */
	return refuse(why, size, "exited (status %d) while loading, before "
	    "reporting that it loaded: its constructor or entry point ends the "
	    "process (exit()?)", WEXITSTATUS(status));
}
