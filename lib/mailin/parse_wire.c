/* The parser helper's wire format, both sides (see parse_wire.h). */
#include "autoconfig.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "parse_wire.h"

int
cks_parse_write_parts(int fd, struct iovec *iov, int count)
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

int
cks_parse_read_all(int fd, struct cks_parse_inbuf *b, void *data, size_t size, int64_t deadline)
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
