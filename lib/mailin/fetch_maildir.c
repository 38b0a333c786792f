#include "autoconfig.h"

#include "fetch.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>

#include <libetpan/libetpan.h>

#include "log.h"

/* libetpan keeps the path in a PATH_MAX buffer and appends "/new/" and a
 * file name of its own; a longer path would be cut silently. */
#define MAX_MAILDIR_PATH (PATH_MAX - 256)

static int
errno_kind(int e)
{
	return e == ENOSPC || e == EDQUOT || e == EIO || e == EAGAIN ||
	       e == ENOMEM ? CKS_ERROR_TEMPORARY : CKS_ERROR_INVALID;
}

/* maildir_new() takes any path and maildir_update() fails without saying
 * why; a missing subdirectory is the usual mistake, so say which. */
static int
check_layout(const char *path, struct cks_error *err)
{
	static const char *const subdirs[] = { "cur", "new", "tmp" };
	char sub[PATH_MAX];
	struct stat st;
	size_t i;

	if (path == NULL || path[0] == '\0')
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "maildir: no path configured");
	if (strlen(path) > MAX_MAILDIR_PATH)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "maildir %.64s...: path too long", path);
	for (i = 0; i < sizeof(subdirs) / sizeof(subdirs[0]); i++) {
		snprintf(sub, sizeof(sub), "%s/%s", path, subdirs[i]);
		if (stat(sub, &st) < 0)
			return cks_error_set(err, errno_kind(errno),
			    "maildir %s: %s/: %s (a maildir has cur/, new/ and "
			    "tmp/)", path, subdirs[i], strerror(errno));
		if (!S_ISDIR(st.st_mode))
			return cks_error_set(err, CKS_ERROR_INVALID,
			    "maildir %s: %s is not a directory", path, sub);
	}
	return 0;
}

/* Maildir names start "seconds.M<microseconds>P<pid>" or similar, with
 * numbers of varying width: compared number by number, "M9" comes before
 * "M10", so the order is about the order of arrival. */
static int
by_file_name(const void *a, const void *b)
{
	const char *x = (*(const struct maildir_msg *const *)a)->msg_filename;
	const char *y = (*(const struct maildir_msg *const *)b)->msg_filename;

	while (*x != '\0' && *y != '\0') {
		if (*x >= '0' && *x <= '9' && *y >= '0' && *y <= '9') {
			size_t nx, ny;

			while (*x == '0')
				x++;
			while (*y == '0')
				y++;
			nx = strspn(x, "0123456789");
			ny = strspn(y, "0123456789");
			if (nx != ny)
				return nx < ny ? -1 : 1;
			if (strncmp(x, y, nx) != 0)
				return strncmp(x, y, nx);
			x += nx;
			y += ny;
		} else if (*x != *y) {
			return (unsigned char)*x < (unsigned char)*y ? -1 : 1;
		} else {
			x++;
			y++;
		}
	}
	return (unsigned char)*x - (unsigned char)*y;
}

/* The whole file; NULL with errno set.  A symbolic link is not followed:
 * whoever can write to the maildir must not be able to make the gateway
 * store an arbitrary file of this host. */
static char *
read_message(const char *file, size_t *size)
{
	struct stat st;
	char *buf;
	size_t got = 0;
	int fd = open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), e;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (uintmax_t)st.st_size >= SIZE_MAX) {
		e = errno;
		close(fd);
		errno = e != 0 ? e : EINVAL;
		return NULL;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		close(fd);
		errno = ENOMEM;
		return NULL;
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			e = errno;
			close(fd);
			free(buf);
			errno = e;
			return NULL;
		}
		if (n == 0)
			break;          /* truncated meanwhile: take what is there */
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	*size = got;
	return buf;
}

/* The name a message in new/ gets in cur/: its base (up to ":2,") and
 * its flags with S added, in ASCII order as the maildir spec asks. */
static void
cur_name(const char *name, char *out, size_t size)
{
	const char *info = strstr(name, ":2,");
	size_t base = info != NULL ? (size_t)(info - name) : strlen(name);
	char flags[32] = "";
	size_t n = 0;

	if (info != NULL)
		for (const char *f = info + 3; *f != '\0' && n < sizeof(flags) - 2; f++)
			if (*f >= 'A' && *f <= 'Z' && strchr(flags, *f) == NULL)
				flags[n++] = *f;
	if (strchr(flags, 'S') == NULL)
		flags[n++] = 'S';
	flags[n] = '\0';
	for (size_t i = 1; i < n; i++)          /* a handful: insertion sort */
		for (size_t j = i; j > 0 && flags[j - 1] > flags[j]; j--) {
			char t = flags[j];

			flags[j] = flags[j - 1];
			flags[j - 1] = t;
		}
	snprintf(out, size, "%.*s:2,%s", (int)base, name, flags);
}

/* 1 when a and b name the same file (a hard link left by a move that was
 * cut between its link() and its unlink()), 0 when not, -1 on error. */
static int
same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	if (lstat(a, &sa) < 0 || lstat(b, &sb) < 0)
		return errno == ENOENT ? 0 : -1;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Moves new/name to cur/ with S added to its flags, by link() then
 * unlink() so that a crash can never lose it.  A crash between the two
 * leaves the message in both places: when the target already is the same
 * file the move is finished here; when the name in cur/ is taken by
 * another file, the message goes in under a name made unique by its inode
 * rather than overwrite a message done before.  (libetpan's own move
 * reports success for most failed link()s and gives up on EEXIST, which
 * stalled every later run.) */
static int
move_to_cur(const char *path, const char *name, struct cks_error *err)
{
	char from[PATH_MAX], to[PATH_MAX], target[NAME_MAX + 1];
	struct stat st;
	int same = 0;

	snprintf(from, sizeof(from), "%s/new/%s", path, name);
	cur_name(name, target, sizeof(target));
	snprintf(to, sizeof(to), "%s/cur/%s", path, target);
	if (link(from, to) == 0 || (errno == EEXIST && (same = same_file(from, to)) == 1))
		goto unlink_source;
	if (errno == EXDEV || errno == EPERM || errno == ENOSYS) {
		/* No hard links here (some network file systems): a rename,
		 * which must not replace a file already in cur/. */
		if (lstat(to, &st) < 0 && errno == ENOENT && rename(from, to) == 0)
			return 0;
	} else if (errno == EEXIST && same == 0 && lstat(from, &st) == 0) {
		char alt[NAME_MAX + 1], base[NAME_MAX + 1];
		const char *info = strstr(target, ":2,");

		snprintf(base, sizeof(base), "%.*s", (int)(info - target), target);
		snprintf(alt, sizeof(alt), "%s.I%ju%s", base, (uintmax_t)st.st_ino,
		    info);
		snprintf(to, sizeof(to), "%s/cur/%s", path, alt);
		if (link(from, to) == 0 ||
		    (errno == EEXIST && same_file(from, to) == 1))
			goto unlink_source;
	}
	return cks_error_set(err, errno_kind(errno),
	    "maildir %s: cannot move new/%s to cur/: %s", path, name,
	    strerror(errno));
unlink_source:
	if (unlink(from) < 0 && errno != ENOENT)
		return cks_error_set(err, errno_kind(errno),
		    "maildir %s: moved new/%s to cur/ but cannot remove it from "
		    "new/: %s", path, name, strerror(errno));
	return 0;
}

/* Before listing: finishes the moves a crash cut short.  A file in new/
 * with more than one link may also be in cur/ under its done name; then it
 * was taken already (its result committed before the move began), and
 * handing it over again would only make a duplicate.  Returns how many
 * were finished. */
static long
finish_cut_moves(const char *path)
{
	char dir[PATH_MAX], file[PATH_MAX], to[PATH_MAX], target[NAME_MAX + 1];
	struct dirent *e;
	struct stat st;
	long finished = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/new", path);
	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(file, sizeof(file), "%s/%s", dir, e->d_name);
		if (lstat(file, &st) < 0 || !S_ISREG(st.st_mode) || st.st_nlink < 2)
			continue;
		cur_name(e->d_name, target, sizeof(target));
		snprintf(to, sizeof(to), "%s/cur/%s", path, target);
		if (same_file(file, to) == 1 && unlink(file) == 0) {
			finished++;
			cks_log(CKS_LOG_WARNING, "intake.maildir.recovered",
			    "maildir=%s file=%s reason=\"a move to cur/ was cut "
			    "short (crash); finished it\"", path, e->d_name);
		}
	}
	closedir(d);
	return finished;
}

/* Marks one message done.  A failure is logged and counted, never fatal:
 * the result is committed already, so at worst the message is handed over
 * again next run and found a duplicate, while the rest go on. */
static void
mark_done(struct maildir_msg *msg, const char *path,
	  struct cks_fetch_stats *stats, long *stuck, struct cks_error *first)
{
	struct cks_error e;
	char v[512];

	cks_error_clear(&e);
	if (move_to_cur(path, msg->msg_filename, &e) == 0) {
		stats->done++;
		return;
	}
	cks_log(CKS_LOG_ERROR, "intake.maildir.stuck", "file=%s error=%s",
	    msg->msg_filename, cks_log_value(e.message, v, sizeof(v)));
	if ((*stuck)++ == 0)
		*first = e;
}

/* Flushes the batch and marks its messages done, or leaves them all in
 * new/ when the flush rolled back. */
static void
finish_batch(struct maildir_msg **pending, size_t *count, const char *path,
	     cks_fetch_flush flush, void *context,
	     struct cks_fetch_stats *stats, long *stuck, struct cks_error *first)
{
	struct cks_error ferr;
	size_t i;

	if (*count == 0)
		return;
	cks_error_clear(&ferr);
	if (flush != NULL && flush(context, &ferr) < 0) {
		stats->deferred += (long)*count;
		*count = 0;
		return;
	}
	for (i = 0; i < *count; i++)
		mark_done(pending[i], path, stats, stuck, first);
	*count = 0;
}

int
cks_fetch_maildir(const char *path, cks_fetch_handler handler,
		   void *context, struct cks_fetch_stats *stats,
		   struct cks_error *err)
{
	return cks_fetch_maildir_batched(path, handler, NULL, 1, context, stats,
	    err);
}

int
cks_fetch_maildir_batched(const char *path, cks_fetch_handler handler,
			   cks_fetch_flush flush, size_t batch_size,
			   void *context, struct cks_fetch_stats *stats,
			   struct cks_error *err)
{
	struct maildir *md = NULL;
	struct maildir_msg **todo = NULL, **pending = NULL;
	size_t pending_count = 0;
	struct cks_error herr, unreadable, stuck_err;
	long stuck = 0;
	char *source = NULL;
	size_t n = 0, i, len, unreadable_count = 0;
	int rc = -1;

	memset(stats, 0, sizeof(*stats));
	if (check_layout(path, err) < 0)
		return -1;
	len = strlen(path) + sizeof("maildir:");
	source = malloc(len);
	md = maildir_new(path);
	if (source == NULL || md == NULL) {
		cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		goto out;
	}
	snprintf(source, len, "maildir:%s", path);
	finish_cut_moves(path);
	errno = 0;
	if (maildir_update(md) != MAILDIR_NO_ERROR) {
		cks_error_set(err, errno_kind(errno),
		    "maildir %s: cannot list new/ and cur/: %s", path,
		    errno != 0 ? strerror(errno) : "libetpan refused");
		goto out;
	}
	/* Only new/ is ours; cur/ holds what was done before. */
	todo = calloc(carray_count(md->mdir_msg_list) + 1, sizeof(*todo));
	pending = calloc(batch_size ? batch_size : 1, sizeof(*pending));
	if (batch_size == 0)
		batch_size = 1;
	if (todo == NULL || pending == NULL) {
		cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		goto out;
	}
	for (i = 0; i < carray_count(md->mdir_msg_list); i++) {
		struct maildir_msg *msg = carray_get(md->mdir_msg_list, i);

		if ((msg->msg_flags & MAILDIR_FLAG_NEW) != 0)
			todo[n++] = msg;
	}
	qsort(todo, n, sizeof(*todo), by_file_name);

	for (i = 0; i < n; i++) {
		char *file = maildir_message_get(md, todo[i]->msg_uid);
		char *raw;
		size_t size = 0;

		if (file == NULL) {
			cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
			goto out;
		}
		errno = 0;
		raw = read_message(file, &size);
		if (raw == NULL && errno != ENOENT && unreadable_count++ == 0)
			cks_error_set(&unreadable, errno_kind(errno), "%s: %s",
			    file, strerror(errno));
		free(file);
		/* Gone since the listing (another reader took it), or
		 * unreadable: the others still go through, and the
		 * unreadable ones are reported at the end. */
		if (raw == NULL)
			continue;
		stats->fetched++;
		cks_error_clear(&herr);
		if (handler(context, raw, size, source, todo[i]->msg_filename,
			    &herr) < 0) {
			free(raw);
			stats->deferred++;
			continue;
		}
		free(raw);
		pending[pending_count++] = todo[i];
		if (pending_count == batch_size)
			finish_batch(pending, &pending_count, path, flush,
			    context, stats, &stuck, &stuck_err);
	}
	finish_batch(pending, &pending_count, path, flush, context, stats,
	    &stuck, &stuck_err);
	if (stuck > 0) {
		cks_error_set(err, stuck_err.kind,
		    "maildir %s: %ld message(s) taken but left in new/, the "
		    "first: %s", path, stuck, stuck_err.message);
		goto out;
	}
	if (unreadable_count > 0) {
		cks_error_set(err, unreadable.kind,
		    "maildir %s: %zu message(s) in new/ cannot be read, the first: %s",
		    path, unreadable_count, unreadable.message);
		goto out;
	}
	rc = 0;
out:
	free(pending);
	free(todo);
	if (md != NULL)
		maildir_free(md);
	free(source);
	return rc;
}
