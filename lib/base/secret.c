#include "autoconfig.h"

#include "secret.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Reads one line into buf without its line end.  A line that does not fit
 * is an error rather than a silent cut: the rest of it would otherwise
 * become the next line, and a cut password fails in a confusing way. */
static int
read_line(FILE *f, char *buf, size_t size)
{
	size_t len;

	if (size < 2 || fgets(buf, (int)size, f) == NULL)
		return -1;
	len = strlen(buf);
	if (len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	else if (!feof(f))
		return -1;
	if (len > 0 && buf[len - 1] == '\r')
		buf[--len] = '\0';
	return len > 0 ? 0 : -1;
}

int
cks_secret_open(const char *path, struct cks_error *err)
{
	struct stat st;
	int fd, e;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		return cks_error_set(err, e == ENOENT || e == ENOTDIR ?
		    CKS_ERROR_NOT_FOUND : CKS_ERROR_INVALID, "%s: %s", path,
		    strerror(e));
	}
	if (fstat(fd, &st) < 0) {
		e = errno;
		close(fd);
		return cks_error_set(err, CKS_ERROR_INTERNAL, "%s: %s", path,
		    strerror(e));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: not a regular file", path);
	}
	if ((st.st_mode & 077) != 0) {
		close(fd);
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: readable by others (mode %03o): chmod 600 it", path,
		    (unsigned)(st.st_mode & 0777));
	}
	return fd;
}

int
cks_secret_read_file(const char *path, unsigned char *buffer, size_t size,
		     size_t *length_out, struct cks_error *err)
{
	size_t length = 0;
	ssize_t got;
	char extra;
	int fd = cks_secret_open(path, err), e;

	*length_out = 0;
	if (fd < 0)
		return -1;
	for (;;) {
		got = read(fd, length < size ? (void *)(buffer + length) :
		    (void *)&extra, length < size ? size - length : 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0 || length >= size)
			break;
		length += (size_t)got;
	}
	e = errno;
	close(fd);
	if (got < 0) {
		explicit_bzero(buffer, size);
		return cks_error_set(err, CKS_ERROR_INTERNAL, "%s: %s", path,
		    strerror(e));
	}
	if (got > 0) {           /* a byte past size */
		explicit_bzero(buffer, size);
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: longer than %zu bytes", path, size);
	}
	*length_out = length;
	return 0;
}

int
cks_secret_read_credentials(const char *path, char *user, size_t user_size,
			    char *password, size_t password_size,
			    struct cks_error *err)
{
	size_t limit = user_size < password_size ? user_size : password_size;
	FILE *f;
	int fd, e;

	if (user_size > 0)
		user[0] = '\0';
	if (password_size > 0)
		password[0] = '\0';
	if (path == NULL)
		return cks_error_set(err, CKS_ERROR_INVALID, "no credentials file");
	fd = cks_secret_open(path, err);
	if (fd < 0)
		return -1;
	f = fdopen(fd, "r");
	if (f == NULL) {
		e = errno;
		close(fd);
		return cks_error_set(err, CKS_ERROR_INTERNAL, "%s: %s", path,
		    strerror(e));
	}
	/* Unbuffered, so that no copy of the password is left behind in a
	 * stdio buffer that is freed without being wiped. */
	setvbuf(f, NULL, _IONBF, 0);
	if (read_line(f, user, user_size) < 0 ||
	    read_line(f, password, password_size) < 0) {
		fclose(f);
		explicit_bzero(user, user_size);
		explicit_bzero(password, password_size);
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: expected the user name on line 1 and the password on "
		    "line 2 (each at most %zu bytes)", path,
		    limit > 0 ? limit - 1 : 0);
	}
	fclose(f);
	return 0;
}
