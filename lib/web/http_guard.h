/* What keeps the HTTP server up when clients are hostile or slow (issue
 * 11), beside libmicrohttpd: it tracks every connection from accept to
 * close, refuses one over the per-address share or into the reserve,
 * closes one whose request header or body is not complete by its deadline
 * (whole header, whole body: libmicrohttpd's own timeout restarts on every
 * byte, so a trickle never ends it), and bounds the bytes all request
 * bodies in flight may hold. */
#ifndef CKS_HTTP_GUARD_H
#define CKS_HTTP_GUARD_H

#include <stddef.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "error.h"

struct cks_http_guard_settings {
	long max_connections;    /* all addresses */
	long per_ip;             /* one address */
	long reserve;            /* the last slots, for addresses holding none */
	long header_timeout_ms;  /* from the connection's (or the previous
				  * request's end) to the header's end */
	long body_timeout_ms;    /* from the header's end to the body's end */
	long max_body_memory;    /* bytes reserved by bodies in flight */
};

struct cks_http_guard;

/* Starts the thread that closes connections past their deadline. */
int cks_http_guard_new(const struct cks_http_guard_settings *settings,
		       struct cks_http_guard **guard_out, struct cks_error *err);

/* Call after MHD_stop_daemon: every connection is gone then. */
void cks_http_guard_free(struct cks_http_guard **guard);

/* For MHD_OPTION_ACCEPT_POLICY and MHD_OPTION_NOTIFY_CONNECTION (cls is
 * the guard). */
enum MHD_Result cks_http_guard_accept(void *cls, const struct sockaddr *addr,
				      socklen_t addrlen);
void cks_http_guard_notify(void *cls, struct MHD_Connection *connection,
			   void **socket_context,
			   enum MHD_ConnectionNotificationCode code);

/* The request's header is in: with a body to come (its deadline starts)
 * or without one (no deadline until the answer is sent). */
void cks_http_guard_header_done(struct cks_http_guard *guard,
				struct MHD_Connection *connection, int body);

/* 1 when the connection's current deadline has passed. */
int cks_http_guard_late(struct cks_http_guard *guard,
			struct MHD_Connection *connection);

/* The body is in: no deadline while the request is answered. */
void cks_http_guard_body_done(struct cks_http_guard *guard,
			      struct MHD_Connection *connection);

/* The answer is sent; a next request on the connection has a new header
 * deadline. */
void cks_http_guard_request_done(struct cks_http_guard *guard,
				 struct MHD_Connection *connection);

/* Takes bytes from the body budget: 0, or -1 when they do not fit (the
 * caller answers 503 with Retry-After).  Give them back with
 * cks_http_guard_release. */
int cks_http_guard_reserve(struct cks_http_guard *guard, size_t bytes);
void cks_http_guard_release(struct cks_http_guard *guard, size_t bytes);

/* For tests and metrics: connections open now, bytes reserved now,
 * connections refused and closed late since the start. */
struct cks_http_guard_stats {
	long connections;
	size_t body_bytes;
	unsigned long refused;
	unsigned long closed_late;
};
void cks_http_guard_stats(struct cks_http_guard *guard,
			  struct cks_http_guard_stats *stats);

/* 1 when address (text, as http.listen takes it) is a loopback address:
 * 127.0.0.0/8 or ::1. */
int cks_http_address_is_loopback(const char *address);

#endif
