#ifndef CKS_PARSE_WIRE_H
#define CKS_PARSE_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

/* The exchange between cksgate-parse and its parent (parse_worker.h):
 * a request is a 64-bit length and the raw message; an answer a status
 * byte, a 64-bit length and the text.  Both sides share these. */

/* What was read from the socket and not yet taken: a request or an answer
 * usually arrives whole, so one read() serves it (issue 18: the exchange
 * was nine system calls a message on our side, five on the helper's). */
struct cks_parse_inbuf {
	char data[64 * 1024];
	size_t start, end;
};

/* Sends the parts as one message when the socket takes them at once
 * (sendmsg), and the rest as it can.  0, or -1 when the peer is gone. */
int cks_parse_write_parts(int fd, struct iovec *iov, int count);

/* Reads exactly size bytes, through the buffer b; with a deadline (ms of
 * cks_monotonic_ms) or 0.  0; -1 when the peer is gone; -2 when the
 * deadline passed. */
int cks_parse_read_all(int fd, struct cks_parse_inbuf *b, void *data,
		       size_t size, int64_t deadline);

#endif
