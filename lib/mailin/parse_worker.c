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
#include "json_text.h"
#include "parse_worker.h"

/* What was read from the socket and not yet taken: a request or an answer
 * usually arrives whole, so one read() serves it (issue 18: the exchange
 * was nine system calls a message on our side, five on the helper's). */
struct inbuf {
	char data[64 * 1024];
	size_t start, end;
};

struct cks_parse_worker {
	pid_t pid;          /* 0: not running */
	int fd;             /* our end of the socket pair */
	long timeout_ms;
	struct inbuf in;    /* the running helper's answers */
};

/* --- both sides ------------------------------------------------------------ */

/* Sends the parts as one message when the socket takes them at once
 * (sendmsg), and the rest as it can. */
static int
write_parts(int fd, struct iovec *iov, int count)
{
	while (count > 0) {
		struct msghdr msg = { .msg_iov = iov, .msg_iovlen = (size_t)count };
		ssize_t n = sendmsg(fd, &msg, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		while (count > 0 && (size_t)n >= iov->iov_len) {
			n -= (ssize_t)iov->iov_len;
			iov++;
			count--;
		}
		if (count > 0) {
			iov->iov_base = (char *)iov->iov_base + n;
			iov->iov_len -= (size_t)n;
		}
	}
	return 0;
}

/* Reads exactly size bytes, through the buffer b; with a deadline (ms of
 * cks_monotonic_ms) or 0.  -2 when the deadline passed. */
static int
read_all(int fd, struct inbuf *b, void *data, size_t size, int64_t deadline)
{
	char *p = data;

	while (size > 0) {
		size_t have = b->end - b->start;
		ssize_t n;

		if (have > 0) {
			if (have > size)
				have = size;
			memcpy(p, b->data + b->start, have);
			b->start += have;
			p += have;
			size -= have;
			continue;
		}
		if (deadline != 0) {
			struct pollfd pfd = { .fd = fd, .events = POLLIN };
			int64_t left = deadline - cks_monotonic_ms();
			int rc;

			if (left <= 0)
				return -2;
			rc = poll(&pfd, 1, (int)left);
			if (rc < 0 && errno == EINTR)
				continue;
			if (rc == 0)
				return -2;
			if (rc < 0)
				return -1;
		}
		/* a large remainder straight into place, else via the buffer */
		if (size >= sizeof(b->data))
			n = read(fd, p, size);
		else
			n = read(fd, b->data, sizeof(b->data));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		if (size >= sizeof(b->data)) {
			p += n;
			size -= (size_t)n;
		} else {
			b->start = 0;
			b->end = (size_t)n;
		}
	}
	return 0;
}

/* --- the helper (cksgate-parse) ------------------------------------------- */

static void
reply(int fd, uint8_t status, const char *text)
{
	uint64_t len = strlen(text);
	struct iovec iov[3] = { { &status, 1 }, { &len, sizeof(len) },
	    { (char *)text, len } };

	if (write_parts(fd, iov, 3) < 0)
		_exit(1);
}

void
cks_parse_worker_serve(int fd)
{
	static struct inbuf in;

	for (;;) {
		struct cks_parsed_mail *mail = NULL;
		struct cks_error err;
		uint64_t len;
		char *raw, *text;
		json_t *json;

		if (read_all(fd, &in, &len, sizeof(len), 0) < 0)
			_exit(0);                  /* the parent is gone */
		raw = malloc(len + 1);
		if (raw == NULL || read_all(fd, &in, raw, len, 0) < 0)
			_exit(1);
		raw[len] = '\0';
		if (cks_mail_parse(raw, len, &mail, &err) < 0) {
			reply(fd, 1, err.message);
		} else {
			json = cks_parsed_mail_to_json(mail);
			text = json ? cks_json_dumps(json, JSON_COMPACT) : NULL;
			if (text == NULL)
				reply(fd, 1, "out of memory in the parser");
			else
				reply(fd, 0, text);
			free(text);
			json_decref(json);
			cks_parsed_mail_free(&mail);
		}
		free(raw);
	}
}

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
	if (write_parts(w->fd, iov, 2) < 0) {
		reap(w, 0, why, why_size);
		return 1;
	}
	rc = read_all(w->fd, &w->in, &status, 1, deadline);
	if (rc == 0)
		rc = read_all(w->fd, &w->in, &len, sizeof(len), deadline);
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
	rc = read_all(w->fd, &w->in, text, len, deadline);
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
