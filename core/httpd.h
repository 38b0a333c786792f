/* The HTTP server: libmicrohttpd in its own threads, in front of the API
 * (api.h).  It checks tokens before it reads a body, refuses a body over
 * the limit with 413 without storing it, gives each server thread its own
 * store connection, counts answers by status and logs every request. */
#ifndef CKS_HTTPD_H
#define CKS_HTTPD_H

#include "api.h"
#include "api_tokens.h"
#include "error.h"
#include "metrics.h"

/* What a request runs with.  acquire fills env (all but env->store, which
 * is the thread's own) and tokens, taking a reference on whatever the
 * daemon may swap on reload; release gives it back. */
struct cks_httpd_settings {
	const char *listen;        /* an IPv4 or IPv6 address */
	long port;
	long threads;
	long max_body;
	struct cks_metrics *metrics;
	void *(*acquire)(void *context, struct cks_api_env *env,
			 const struct cks_api_tokens **tokens);
	void (*release)(void *context, void *reference);
	void *context;
};

struct cks_httpd;

/* Binds and starts serving.  Free with cks_httpd_stop(). */
int cks_httpd_start(const struct cks_httpd_settings *settings,
		    struct cks_httpd **httpd_out, struct cks_error *err);

/* Stops accepting connections; those open are answered. */
void cks_httpd_quiesce(struct cks_httpd *httpd);

void cks_httpd_stop(struct cks_httpd **httpd);

#endif
