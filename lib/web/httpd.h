/* The HTTP server: libmicrohttpd in its own threads, in front of the API
 * (api.h).  From the request header alone, before any body is read, it
 * finds the route and its rule (cks_api_rules), checks the token and the
 * role, refuses a body over the route's limit (413) or over the memory
 * left for bodies in flight (503 with Retry-After); http_guard.h limits
 * connections per address and closes slow ones.  It gives each server
 * thread its own store connection, counts answers by status and logs
 * every request without its secrets (cks_api_log_path). */
#ifndef CKS_HTTPD_H
#define CKS_HTTPD_H

#include "api.h"
#include "api_tokens.h"
#include "error.h"
#include "http_guard.h"
#include "metrics.h"

/* What a request runs with.  acquire fills env (all but env->store, which
 * is the thread's own) and tokens, taking a reference on whatever the
 * daemon may swap on reload; release gives it back. */
struct cks_httpd_settings {
	const char *listen;        /* an IPv4 or IPv6 address */
	long port;
	int inherited_fd;          /* > 0: serve on this listening socket
				    * (socket activation) in place of
				    * binding listen and port */
	long threads;
	long max_body;             /* the upload route's limit */
	long max_json_body;        /* other routes' JSON bodies */
	long max_body_memory;
	long max_connections;
	long max_connections_per_ip;
	long connection_reserve;
	long header_timeout_ms;
	long body_timeout_ms;
	struct cks_metrics *metrics;
	/* PEM text of the certificate chain and its key: HTTPS (GnuTLS, in
	 * libmicrohttpd); NULL: plain HTTP.  Read before root is dropped
	 * (cks_httpd_read_pem). */
	const char *tls_cert_pem;
	const char *tls_key_pem;
	void *(*acquire)(void *context, struct cks_api_env *env,
			 const struct cks_api_tokens **tokens);
	void (*release)(void *context, void *reference);
	void *context;
};

struct cks_httpd;

/* Binds and starts serving.  Free with cks_httpd_stop().  An address that
 * is not loopback is logged as a warning: the server speaks plain HTTP. */
/* A listening socket on http.listen and http.port, bound now (for a
 * daemon that binds as root and serves after dropping it; pass it as
 * inherited_fd).  0, or -1 with err. */
int cks_httpd_bind(const char *address, long port, int *fd_out,
		   struct cks_error *err);

/* The whole of a PEM file, NUL-terminated; *out malloc'ed. */
int cks_httpd_read_pem(const char *path, char **out, struct cks_error *err);

int cks_httpd_start(const struct cks_httpd_settings *settings,
		    struct cks_httpd **httpd_out, struct cks_error *err);

/* Stops accepting connections; those open are answered. */
void cks_httpd_quiesce(struct cks_httpd *httpd);

void cks_httpd_stop(struct cks_httpd **httpd);

/* The port the server listens on (the kernel's pick for port 0, or the
 * inherited socket's), 0 if unknown. */
long cks_httpd_port(const struct cks_httpd *httpd);

/* The guard's counters (connections open, body bytes reserved...). */
void cks_httpd_stats(struct cks_httpd *httpd,
		     struct cks_http_guard_stats *stats);

#endif
