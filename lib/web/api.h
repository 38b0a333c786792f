/* The HTTP/JSON API, apart from any HTTP server library: a request goes in,
 * a response comes out.  lib/web/httpd.c feeds it from libmicrohttpd; unit
 * tests call cks_api_dispatch() directly.
 *
 * Routes are versioned (/v1/...), take and give JSON, and map our error
 * kinds to statuses: invalid input 400 naming the field, unknown id 404,
 * a conflict (closed session, duplicate send) 409, a busy store 503 with
 * Retry-After.  Who may call which route is one table, cks_api_rules
 * (api_access.c, documented in cksgated(8)): a route without a rule
 * answers to nobody. */
#ifndef CKS_API_H
#define CKS_API_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "channels.h"
#include "config.h"
#include "error.h"
#include "store.h"
#include "template.h"

struct cks_metrics;

/* What a handler may use; all borrowed for the length of one request. */
struct cks_desk_user;

struct cks_api_env {
	const struct cks_config *config;
	struct cks_store *store;              /* this thread's connection */
	const struct cks_channels *channels;
	struct cks_templates *templates;
	struct cks_metrics *metrics;          /* may be NULL */
	/* Called after a handler queued mail or events, so the daemon's
	 * delivery loop runs now rather than at its next tick.  May be NULL. */
	void (*wake)(void *context);
	void *wake_context;
};

/* Ordered: each role may do what the ones before it may. */
enum cks_api_role {
	CKS_API_PUBLIC = 0,    /* no token: rating pages, downloads, /healthz */
	CKS_API_VIEWER,        /* aggregates: reports, the dashboard, metrics */
	CKS_API_AGENT,         /* clients, sessions, baskets, surveys, queue */
	CKS_API_ADMIN,         /* also inbound mail: quarantine, raw, replay */
};

enum cks_api_access {
	CKS_API_READ = 0,
	CKS_API_WRITE,
};

/* How big a request body a route takes; the server refuses a bigger one
 * with 413 from the headers alone, before reading it. */
enum cks_api_body {
	CKS_API_BODY_NONE = 0, /* GET, DELETE: no body at all */
	/* A console form (CKS_API_FORM_MAX): read only once the request's
	 * cookie names a live desk session, as a token is checked first. */
	CKS_API_BODY_DESK_FORM,
	CKS_API_BODY_FORM,     /* the rating page's form: CKS_API_FORM_MAX */
	CKS_API_BODY_JSON,     /* a JSON object: http.max_json_body */
	CKS_API_BODY_UPLOAD,   /* a basket attachment in JSON: http.max_body */
};

#define CKS_API_FORM_MAX 16384    /* a 1000-character Thai comment
				   * url-encoded is 9 KB */

/* One line of the access table: the least role a route needs, whether it
 * reads or writes, and the body it takes.  Matched by method and pattern
 * (exactly as the route tables spell them). */
struct cks_api_rule {
	const char *method;
	const char *pattern;
	enum cks_api_role role;
	enum cks_api_access access;
	enum cks_api_body body;
};

/* The table, ended by an all-NULL entry (api_access.c). */
extern const struct cks_api_rule cks_api_rules[];

struct cks_api_request {
	const char *method;        /* "GET", "POST", "DELETE" ... */
	const char *path;          /* without the query string */
	const char *agent;         /* the token's name; NULL if none */
	enum cks_api_role role;    /* what the token allows */
	const char *body;          /* NUL-terminated (may hold NULs); or NULL */
	size_t body_size;
	const char *content_type;  /* NULL if not sent */
	/* A query-string argument (for form posts, a form field), decoded;
	 * NULL when absent. */
	const char *(*argument)(void *context, const char *name);
	void *argument_context;
	/* For the desk console (desk.c), which signs people in itself: its
	 * session cookie (NULL: none), the peer's address (NULL: unknown),
	 * and whether the connection is TLS (the cookie is Secure then). */
	const char *desk_cookie;
	const char *peer;
	int tls;
	/* The session the cookie named when the header was checked (a
	 * console form, CKS_API_BODY_DESK_FORM), so the handler need not
	 * look it up again; NULL: not looked up. */
	const struct cks_desk_user *desk_user;
};

/* Everything malloc'ed here belongs to the response; cks_api_response_clear
 * frees it. */
struct cks_api_response {
	int status;
	const char *content_type;  /* static string */
	char *body;
	size_t body_size;
	char *content_disposition; /* downloads; NULL: none */
	const char *cache_control; /* static string; NULL: no-store */
	int retry_after;           /* seconds; 0: none */
	char *set_cookie;          /* a Set-Cookie value; NULL: none */
	char *location;            /* a redirect's target; NULL: none */
};

typedef int (*cks_api_handler)(const struct cks_api_env *env,
			       const struct cks_api_request *request,
			       const char *const *params,
			       struct cks_api_response *response);

/* A route: method and pattern, where a segment ":name" matches one path
 * segment and is passed to the handler in params[] in order.  A trailing
 * "*" matches the rest of the path (one more param). */
struct cks_api_route {
	const char *method;
	const char *pattern;
	cks_api_handler handler;   /* who may call it: cks_api_rules */
};

/* Tables of routes, each ended by an all-NULL entry, one per module. */
extern const struct cks_api_route cks_api_core_routes[];      /* api.c */
extern const struct cks_api_route cks_api_session_routes[];   /* api_sessions.c */
extern const struct cks_api_route cks_api_agent_routes[];     /* api_agents.c */
extern const struct cks_api_route cks_api_kb_routes[];        /* api_kb.c */
extern const struct cks_api_route cks_api_outbound_routes[];  /* api_outbound.c */
extern const struct cks_api_route cks_api_inbound_routes[];   /* api_inbound.c */
extern const struct cks_api_route cks_api_report_routes[];    /* api_reports.c */
extern const struct cks_api_route cks_api_rating_page_routes[]; /* rating_page.c */
extern const struct cks_api_route cks_api_download_routes[];  /* download_route.c */
extern const struct cks_api_route cks_api_metrics_routes[];   /* metrics.c */
extern const struct cks_api_route cks_api_desk_routes[];      /* desk.c */
extern const struct cks_api_route cks_api_desk_session_routes[]; /* desk_session.c */
extern const struct cks_api_route cks_api_desk_supervisor_routes[]; /* desk_supervisor.c */
extern const struct cks_api_route cks_api_unsubscribe_routes[]; /* unsubscribe_page.c */
extern const struct cks_api_route cks_api_privacy_routes[];   /* api_privacy.c */
extern const struct cks_api_route cks_api_sms_dlr_routes[];   /* api_sms_dlr.c */

/* Finds the route and runs it; always fills response (404 for no route,
 * 405 for a wrong method, 401 / 403 when the role does not allow it). */
void cks_api_dispatch(const struct cks_api_env *env,
		      const struct cks_api_request *request,
		      struct cks_api_response *response);

/* The role a route needs, or -1 when no route matches (for the server,
 * which checks tokens before reading a body). */
int cks_api_route_role(const char *method, const char *path);

/* What the server learns of a request from its first line, before any
 * body: the rule of its route (NULL: no route, or none for this method),
 * and the path as it may be logged. */
struct cks_api_match {
	const struct cks_api_rule *rule;
	int path_known;            /* some route has the path, another method */
	char log_path[256];        /* secrets (":token", ":signature") and
				    * unrouted paths masked */
};

void cks_api_match(const char *method, const char *path,
		   struct cks_api_match *match);

/* The rule for a route of a module table; NULL if the table has none
 * (such a route answers 403 to everyone: fail closed). */
const struct cks_api_rule *cks_api_rule_for(const char *method,
					     const char *pattern);

/* path as it may be logged: the segments that pattern names ":token" or
 * ":signature" are written as those names, so a log never holds a rating
 * token or a download signature; with no pattern (no route), only the
 * first segment is kept ("/r/..."), as the rest may be anything. */
void cks_api_log_path(const char *pattern, const char *path, char *out,
		      size_t size);

/* "public", "viewer", "agent", "admin". */
const char *cks_api_role_name(enum cks_api_role role);

/* Every route of the module tables, in order, ended by NULL (for the
 * tests that walk them). */
const struct cks_api_route *const *cks_api_route_tables(size_t *count);

void cks_api_response_clear(struct cks_api_response *response);

/* --- for handlers -------------------------------------------------------- */

/* Sets status and a JSON body; steals the reference to value.  Returns 0. */
int cks_api_reply_json(struct cks_api_response *response, int status,
		       json_t *value);

/* A JSON error body {"error": {"status", "message", "field"}}; field may be
 * NULL.  Returns -1 so a handler can `return cks_api_reply_error(...)`. */
int cks_api_reply_error(struct cks_api_response *response, int status,
			const char *field, const char *format, ...)
	__attribute__((format(printf, 4, 5)));

/* Maps an error from core to its status (see the top of this file). */
/* The client as `cksctl client show --json` prints it (api_sessions.c). */
int cks_api_reply_client(const struct cks_api_env *env, int64_t id, int status,
			 struct cks_api_response *response);

int cks_api_reply_failure(struct cks_api_response *response,
			  const struct cks_error *err);

/* Takes the body (owned by the response's body if a text/html page:
 * copied).  content_type is a static string. */
int cks_api_reply_text(struct cks_api_response *response, int status,
		       const char *content_type, const char *text, size_t size);

/* A 200 HTML page whose malloc'ed text the response takes over. */
int cks_api_reply_page(struct cks_api_response *response, char *html);

/* Parses the request body as a JSON object.  On failure replies 400 with
 * jansson's line and column and returns -1.  The caller decrefs *out. */
int cks_api_body_object(const struct cks_api_request *request,
			struct cks_api_response *response, json_t **out);

/* Fields of a JSON object.  Each returns 0 and sets *out (borrowed for
 * strings), 1 when absent and not required (leaves *out), or -1 after
 * replying 400 naming the field (absent when required, or the wrong
 * type, or text that is not clean UTF-8 without control characters). */
int cks_api_field_string(const json_t *object, const char *name, int required,
			 const char **out, struct cks_api_response *response);
int cks_api_field_integer(const json_t *object, const char *name, int required,
			  int64_t *out, struct cks_api_response *response);
/* A required field that holds an id: a whole number above 0. */
int cks_api_field_id(const json_t *object, const char *name, int64_t *out,
		     struct cks_api_response *response);
/* A time: milliseconds since the epoch as a number, or text in the forms
 * cksctl --at takes (either era). */
int cks_api_field_time(const json_t *object, const char *name, int required,
		       int64_t *out, struct cks_api_response *response);

/* Replies 400 naming the first member of object that known (NULL-ended)
 * does not list, so a misspelt field is an error, not silently ignored;
 * prefix goes before the name for a nested object ("attachment.").  A
 * member "agent" is explained: the agent is the token's name. */
int cks_api_fields_allowed(const json_t *object, const char *const *known,
			   const char *prefix, struct cks_api_response *response);

/* cks_api_reply_failure(), naming the field of a 400: err->field when
 * body has that member, else fallback (NULL: none).  The library names
 * its inputs as the API's JSON does. */
int cks_api_reply_failure_field(struct cks_api_response *response,
				const struct cks_error *err, const json_t *body,
				const char *fallback);

/* A path parameter as a positive id: plain digits, the first not 0, no
 * sign or blank (" 1", "+1", "01" are not session 1).  Replies 400 and
 * returns -1 if it is not written so. */
int cks_api_param_id(const char *text, const char *what, int64_t *out,
		     struct cks_api_response *response);

/* An optional query argument as a positive whole number (default when
 * absent); replies 400 naming it when malformed. */
int cks_api_argument_long(const struct cks_api_request *request,
			  const char *name, long fallback, long min, long max,
			  long *out, struct cks_api_response *response);

#endif
