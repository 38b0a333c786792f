#include "autoconfig.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "helper.h"
#include "parse_wire.h"
#include "parse_worker.h"

struct cks_parse_worker {
	pid_t pid;          /* 0: not running */
	int fd;             /* our end of the socket pair */
	long timeout_ms;
	struct cks_parse_inbuf in;    /* the running helper's answers */
};

/* --- the parent ------------------------------------------------------------ */

/* Starts cksgate-parse with its end of a socket pair as its standard
 * input: the one descriptor it gets (see cks_helper_spawn). */
static int
spawn(struct cks_parse_worker *w, struct cks_error *err)
{
	struct cks_helper_fd give;
	int fds[2];
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) < 0)
		return cks_error_set(err, CKS_ERROR_TEMPORARY,
		    "parse worker: socketpair: %s", strerror(errno));
	give = (struct cks_helper_fd){ .parent_fd = fds[1], .child_fd = 0 };
	if (cks_helper_spawn(CKS_PARSE_HELPER, NULL, &give, 1, &pid, err) < 0) {
		close(fds[0]);
		close(fds[1]);
		return cks_error_prefix(err, "parse worker");
	}
	close(fds[1]);
	w->pid = pid;
	w->fd = fds[0];
	return 0;
}

/* Reaps a dead or killed worker and says what became of it. */
static void
reap(struct cks_parse_worker *w, int kill_it, char *why, size_t why_size)
{
	int status = 0;

	if (w->pid == 0)
		return;
	if (kill_it)
		kill(w->pid, SIGKILL);
	close(w->fd);
	while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
		;
	if (why != NULL && WIFSIGNALED(status) && !kill_it)
		snprintf(why, why_size, "the parser crashed on this message "
		    "(signal %d, %s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
	else if (why != NULL && !kill_it)
		snprintf(why, why_size, "the parser stopped on this message "
		    "(exit status %d)", WEXITSTATUS(status));
	w->pid = 0;
	w->fd = -1;
	w->in.start = w->in.end = 0;       /* nothing of the dead one's */
}

int
cks_parse_worker_start(long timeout_ms, struct cks_parse_worker **worker_out,
		       struct cks_error *err)
{
	struct cks_parse_worker *w = calloc(1, sizeof(*w));

	*worker_out = NULL;
	if (w == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	w->timeout_ms = timeout_ms > 0 ? timeout_ms : 10000;
	w->fd = -1;
	*worker_out = w;
	return 0;                          /* spawned on first use */
}

int
cks_parse_worker_warm(struct cks_parse_worker *w, struct cks_error *err)
{
	return w->pid != 0 ? 0 : spawn(w, err);
}

int
cks_parse_worker_parse(struct cks_parse_worker *w, const char *raw, size_t size,
		       struct cks_parsed_mail **mail_out, char *why,
		       size_t why_size, struct cks_error *err)
{
	int64_t deadline;
	uint64_t len = size;
	struct iovec iov[2];
	uint8_t status;
	char *text;
	json_t *json;
	json_error_t json_err;
	int rc;

	*mail_out = NULL;
	if (w->pid == 0 && spawn(w, err) < 0)
		return -1;
	deadline = cks_monotonic_ms() + w->timeout_ms;
	iov[0] = (struct iovec){ &len, sizeof(len) };
	iov[1] = (struct iovec){ (char *)raw, size };
	if (cks_parse_write_parts(w->fd, iov, 2) < 0) {
		reap(w, 0, why, why_size);
		return 1;
	}
	rc = cks_parse_read_all(w->fd, &w->in, &status, 1, deadline);
	if (rc == 0)
		rc = cks_parse_read_all(w->fd, &w->in, &len, sizeof(len), deadline);
	if (rc == -2) {
		reap(w, 1, NULL, 0);
		snprintf(why, why_size, "the parser took longer than %ld ms on "
		    "this message (parse.timeout)", w->timeout_ms);
		return 1;
	}
	if (rc < 0 || len > 64u * 1024 * 1024) {
		reap(w, rc == 0, why, why_size);
		return 1;
	}
	text = malloc(len + 1);
	if (text == NULL) {
		reap(w, 1, NULL, 0);        /* its answer is left unread */
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	}
	rc = cks_parse_read_all(w->fd, &w->in, text, len, deadline);
	if (rc < 0) {
		free(text);
		reap(w, rc == -2, why, why_size);
		if (rc == -2)
			snprintf(why, why_size, "the parser took longer than %ld ms",
			    w->timeout_ms);
		return 1;
	}
	text[len] = '\0';
	if (status != 0) {
		snprintf(why, why_size, "%s", text);
		free(text);
		return 1;
	}
	json = json_loadb(text, len, 0, &json_err);
	if (json == NULL) {
		free(text);
		snprintf(why, why_size, "the parser's answer is not JSON: %s",
		    json_err.text);
		return 1;
	}
	rc = cks_parsed_mail_from_json(json, mail_out, err);
	json_decref(json);
	if (rc < 0) {
		free(text);
		snprintf(why, why_size, "%s", err->message);
		return 1;
	}
	/* The worker's text is cks_parsed_mail_to_json(mail) compact: what
	 * the store keeps as the message's detail. */
	(*mail_out)->json_text = text;
	return 0;
}

pid_t
cks_parse_worker_pid(const struct cks_parse_worker *w)
{
	return w != NULL ? w->pid : 0;
}

void
cks_parse_worker_stop(struct cks_parse_worker **worker)
{
	struct cks_parse_worker *w = *worker;

	if (w == NULL)
		return;
	if (w->pid != 0) {
		close(w->fd);          /* EOF: the worker exits on its own */
		while (waitpid(w->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	free(w);
	*worker = NULL;
}
