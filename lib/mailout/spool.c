/* Delivery without a relay: each message written as an .eml file into
 * spool_dir (declared in smtp.h beside the relay's delivery, which it
 * stands in for). */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "smtp.h"
#include "utf8.h"

static void
set_reply(struct cks_outgoing *m, enum cks_delivery_result result, int code,
	  const char *format, ...)
	__attribute__((format(printf, 4, 5)));

static void
set_reply(struct cks_outgoing *m, enum cks_delivery_result result, int code,
	  const char *format, ...)
{
	va_list ap;

	m->result = result;
	m->code = code;
	va_start(ap, format);
	vsnprintf(m->reply, sizeof(m->reply), format, ap);
	va_end(ap);
	cks_text_make_printable(m->reply);
}

static enum cks_error_kind
errno_kind(int e)
{
	return (e == ENOSPC || e == EDQUOT || e == EIO || e == EAGAIN || e == EINTR)
	    ? CKS_ERROR_TEMPORARY : CKS_ERROR_INTERNAL;
}

static int
write_all(int fd, const char *data, size_t size)
{
	ssize_t n;

	while (size > 0) {
		n = write(fd, data, size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		data += n;
		size -= (size_t)n;
	}
	return 0;
}

/* One message, durably named only once complete: a reader of DIR never
 * sees half a file under the .eml name. */
static int
spool_one(const char *dir, struct cks_outgoing *m, char *path, size_t path_len)
{
	char tmp[512];
	int fd, e;

	snprintf(path, path_len, "%s/%" PRId64 ".eml", dir, m->queue_id);
	snprintf(tmp, sizeof(tmp), "%s/.%" PRId64 ".eml.XXXXXX", dir, m->queue_id);
	fd = mkstemp(tmp);
	if (fd < 0)
		return -1;
	if (fchmod(fd, 0640) < 0 || write_all(fd, m->data, m->size) < 0 ||
	    fsync(fd) < 0) {
		e = errno;
		close(fd);
		unlink(tmp);
		errno = e;
		return -1;
	}
	if (close(fd) < 0 || rename(tmp, path) < 0) {
		e = errno;
		unlink(tmp);
		errno = e;
		return -1;
	}
	return 0;
}

int
cks_spool_deliver(const char *dir, struct cks_outgoing *messages,
		  size_t count, struct cks_error *err)
{
	char path[512];
	size_t i;
	int dfd, e, spooled = 0;

	if (dir == NULL || dir[0] == '\0' || (messages == NULL && count > 0))
		return cks_error_set(err, CKS_ERROR_INVALID, "spool: no directory");
	/* "spooled to PATH" must fit the reply. */
	if (strlen(dir) > 460)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "spool: directory name longer than 460 bytes");
	if (mkdir(dir, 0750) < 0 && errno != EEXIST) {
		e = errno;
		for (i = 0; i < count; i++)
			set_reply(&messages[i], CKS_DELIVERY_DEFERRED, 0,
			    "cannot create %s: %s", dir, strerror(e));
		return cks_error_set(err, errno_kind(e), "spool: cannot create %s: %s",
		    dir, strerror(e));
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		e = errno;
		for (i = 0; i < count; i++)
			set_reply(&messages[i], CKS_DELIVERY_DEFERRED, 0,
			    "cannot open %s: %s", dir, strerror(e));
		return cks_error_set(err, errno_kind(e), "spool: cannot open %s: %s",
		    dir, strerror(e));
	}
	for (i = 0; i < count; i++) {
		struct cks_outgoing *m = &messages[i];

		if (m->data == NULL && m->size > 0) {
			set_reply(m, CKS_DELIVERY_FAILED, 0, "not spooled: no message data");
			continue;
		}
		if (spool_one(dir, m, path, sizeof(path)) < 0) {
			set_reply(m, CKS_DELIVERY_DEFERRED, 0, "cannot spool to %s: %s",
			    path, strerror(errno));
			continue;
		}
		set_reply(m, CKS_DELIVERY_SENT, 250, "spooled to %s", path);
		spooled++;
	}
	/* The renames last only once the directory itself is on disk; one
	 * fsync covers the whole batch. */
	if (spooled > 0 && fsync(dfd) < 0) {
		e = errno;
		for (i = 0; i < count; i++)
			if (messages[i].result == CKS_DELIVERY_SENT)
				set_reply(&messages[i], CKS_DELIVERY_DEFERRED, 0,
				    "cannot sync %s: %s", dir, strerror(e));
		close(dfd);
		return cks_error_set(err, errno_kind(e), "spool: cannot sync %s: %s",
		    dir, strerror(e));
	}
	close(dfd);
	return 0;
}
