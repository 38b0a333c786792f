/* Who may call which route: the one access table of the HTTP API (issue
 * 11).  The route tables of the modules say what a route does; this file
 * says who may do it, whether it reads or writes, and how big a body it
 * takes.  cksgated(8) and SECURITY.md print the same table; the unit test
 * test_api_access walks it route by route for every role.
 *
 * The rule of thumb: a viewer (a wall screen, a manager's report) sees
 * aggregates only; an agent works with clients, sessions, baskets and the
 * outbound queue; an admin also reads and acts on inbound mail, which
 * holds whatever strangers sent.  Public routes are the ones a client's
 * mail links to, and the health check. */
#include "autoconfig.h"

#include "api.h"

#include <stdio.h>
#include <string.h>

#define R CKS_API_READ
#define W CKS_API_WRITE

const struct cks_api_rule cks_api_rules[] = {
	/* method  pattern                            role  access body */
	{ "GET", "/healthz", CKS_API_PUBLIC, R, CKS_API_BODY_NONE },
	{ "GET", "/r/:token/:code", CKS_API_PUBLIC, R, CKS_API_BODY_NONE },
	{ "POST", "/r/:token/:code", CKS_API_PUBLIC, W, CKS_API_BODY_FORM },
	{ "GET", "/d/:id/:expires/:signature/*", CKS_API_PUBLIC, R,
	  CKS_API_BODY_NONE },
	/* The one-click opt-out (RFC 8058): GET shows, only POST acts. */
	{ "GET", "/u/:token", CKS_API_PUBLIC, R, CKS_API_BODY_NONE },
	{ "POST", "/u/:token", CKS_API_PUBLIC, W, CKS_API_BODY_FORM },
	/* Kannel's delivery reports: signed URLs (sms_dlr.h), no token. */
	{ "GET", "/v1/sms/dlr", CKS_API_PUBLIC, W, CKS_API_BODY_NONE },
	{ "POST", "/v1/sms/dlr", CKS_API_PUBLIC, W, CKS_API_BODY_FORM },

	/* Aggregates and the token's own name.  Reports take their
	 * arguments from a form body too, as a browser may send them. */
	{ "GET", "/v1/whoami", CKS_API_VIEWER, R, CKS_API_BODY_NONE },
	{ "GET", "/v1/channels", CKS_API_VIEWER, R, CKS_API_BODY_NONE },
	{ "GET", "/v1/channels/:id", CKS_API_VIEWER, R, CKS_API_BODY_NONE },
	{ "GET", "/v1/reports/kpi", CKS_API_VIEWER, R, CKS_API_BODY_FORM },
	{ "GET", "/v1/reports/steps", CKS_API_VIEWER, R, CKS_API_BODY_FORM },
	{ "GET", "/dashboard", CKS_API_VIEWER, R, CKS_API_BODY_FORM },
	{ "GET", "/metrics", CKS_API_VIEWER, R, CKS_API_BODY_NONE },

	/* Clients' personal data and what was said to them. */
	{ "POST", "/v1/clients", CKS_API_AGENT, W, CKS_API_BODY_JSON },
	{ "GET", "/v1/clients", CKS_API_AGENT, R, CKS_API_BODY_NONE },
	{ "GET", "/v1/clients/:id", CKS_API_AGENT, R, CKS_API_BODY_NONE },
	{ "PATCH", "/v1/clients/:id", CKS_API_AGENT, W, CKS_API_BODY_JSON },
	{ "GET", "/v1/clients/:id/history", CKS_API_AGENT, R, CKS_API_BODY_NONE },
	{ "POST", "/v1/clients/:id/merge", CKS_API_AGENT, W, CKS_API_BODY_JSON },
	{ "POST", "/v1/clients/:id/consent", CKS_API_AGENT, W, CKS_API_BODY_JSON },
	{ "POST", "/v1/clients/:id/opt-out", CKS_API_AGENT, W, CKS_API_BODY_JSON },
	{ "POST", "/v1/sessions", CKS_API_AGENT, W, CKS_API_BODY_JSON },
	{ "GET", "/v1/sessions", CKS_API_AGENT, R, CKS_API_BODY_NONE },
	{ "GET", "/v1/sessions/:id", CKS_API_AGENT, R, CKS_API_BODY_NONE },
	{ "POST", "/v1/sessions/:id/steps", CKS_API_AGENT, W, CKS_API_BODY_JSON },
	{ "POST", "/v1/sessions/:id/close", CKS_API_AGENT, W, CKS_API_BODY_JSON },
	{ "POST", "/v1/sessions/:id/rating", CKS_API_AGENT, W, CKS_API_BODY_JSON },
	{ "GET", "/v1/sessions/:id/rating", CKS_API_AGENT, R, CKS_API_BODY_NONE },
	{ "GET", "/v1/sessions/:id/rating/history", CKS_API_AGENT, R,
	  CKS_API_BODY_NONE },
	{ "GET", "/v1/sessions/:id/summary", CKS_API_AGENT, R, CKS_API_BODY_NONE },
	{ "GET", "/v1/sessions/:id/basket", CKS_API_AGENT, R, CKS_API_BODY_NONE },
	/* The only route that takes megabytes: a file, base64 in JSON. */
	{ "POST", "/v1/sessions/:id/basket/items", CKS_API_AGENT, W,
	  CKS_API_BODY_UPLOAD },
	{ "DELETE", "/v1/sessions/:id/basket/items/:item", CKS_API_AGENT, W,
	  CKS_API_BODY_NONE },
	/* Download links in a preview come without their signature. */
	{ "GET", "/v1/sessions/:id/basket/preview", CKS_API_AGENT, R,
	  CKS_API_BODY_NONE },
	{ "POST", "/v1/sessions/:id/basket/confirm", CKS_API_AGENT, W,
	  CKS_API_BODY_JSON },
	{ "POST", "/v1/sessions/:id/basket/send", CKS_API_AGENT, W,
	  CKS_API_BODY_JSON },
	{ "POST", "/v1/sessions/:id/survey", CKS_API_AGENT, W, CKS_API_BODY_JSON },
	/* Listed without rating tokens (Subject tag and Message-ID masked). */
	{ "GET", "/v1/queue", CKS_API_AGENT, R, CKS_API_BODY_NONE },
	{ "GET", "/v1/queue/:id", CKS_API_AGENT, R, CKS_API_BODY_NONE },
	{ "POST", "/v1/queue/:id/retry", CKS_API_AGENT, W, CKS_API_BODY_JSON },
	{ "POST", "/v1/queue/:id/cancel", CKS_API_AGENT, W, CKS_API_BODY_JSON },
	/* Bulk: selectors in the body, a count back (issue 12 point 6). */
	{ "POST", "/v1/queue/retry", CKS_API_AGENT, W, CKS_API_BODY_JSON },
	{ "POST", "/v1/queue/cancel", CKS_API_AGENT, W, CKS_API_BODY_JSON },
	/* Agents: who works the desk.  Adding and disabling one is an
	 * admin's (a token names its agent; see api_agents.c). */
	{ "GET", "/v1/agents", CKS_API_AGENT, R, CKS_API_BODY_NONE },
	{ "GET", "/v1/agents/:login", CKS_API_AGENT, R, CKS_API_BODY_NONE },
	{ "POST", "/v1/agents", CKS_API_ADMIN, W, CKS_API_BODY_JSON },
	{ "POST", "/v1/agents/:login/disable", CKS_API_ADMIN, W,
	  CKS_API_BODY_JSON },
	/* The knowledge-base catalogue: every agent searches it; what it
	 * offers (so what every agent sends) is an admin's to change. */
	{ "GET", "/v1/kb", CKS_API_AGENT, R, CKS_API_BODY_NONE },
	{ "GET", "/v1/kb/:id", CKS_API_AGENT, R, CKS_API_BODY_NONE },
	{ "POST", "/v1/kb", CKS_API_ADMIN, W, CKS_API_BODY_JSON },
	{ "PATCH", "/v1/kb/:id", CKS_API_ADMIN, W, CKS_API_BODY_JSON },
	{ "POST", "/v1/kb/:id/disable", CKS_API_ADMIN, W, CKS_API_BODY_JSON },
	{ "POST", "/v1/kb/:id/enable", CKS_API_ADMIN, W, CKS_API_BODY_JSON },
	/* An SMS gateway's webhook posts with an agent token: JSON, or the
	 * text as Kannel's post-url sends it (text/plain, ?from=%p). */
	{ "POST", "/v1/sms", CKS_API_AGENT, W, CKS_API_BODY_JSON },

	/* Inbound mail: raw bytes from anyone, tokens in reply addresses. */
	/* A data subject's access and erasure (PDPA): everything about a
	 * person, out or gone, is a supervisor's. */
	{ "GET", "/v1/clients/:id/export", CKS_API_ADMIN, R, CKS_API_BODY_NONE },
	{ "POST", "/v1/clients/:id/erase", CKS_API_ADMIN, W, CKS_API_BODY_JSON },
	{ "GET", "/v1/quarantine", CKS_API_ADMIN, R, CKS_API_BODY_NONE },
	{ "GET", "/v1/inbound/:id", CKS_API_ADMIN, R, CKS_API_BODY_NONE },
	{ "GET", "/v1/inbound/:id/raw", CKS_API_ADMIN, R, CKS_API_BODY_NONE },
	{ "POST", "/v1/inbound/:id/replay", CKS_API_ADMIN, W, CKS_API_BODY_JSON },
	{ "POST", "/v1/inbound/:id/resolve", CKS_API_ADMIN, W,
	  CKS_API_BODY_JSON },
	/* The desk console (desk*.c) signs people in itself, with a cookie,
	 * and checks the role and the CSRF token of every form: no API
	 * token here.  Forms are small (a summary, a title); but for the
	 * sign-in's and the sign-out's, a form is read only from a browser
	 * whose cookie names a live session (CKS_API_BODY_DESK_FORM). */
	{ "GET", "/desk", CKS_API_PUBLIC, R, CKS_API_BODY_NONE },
	{ "GET", "/desk/signin", CKS_API_PUBLIC, R, CKS_API_BODY_NONE },
	{ "POST", "/desk/signin", CKS_API_PUBLIC, W, CKS_API_BODY_FORM },
	{ "POST", "/desk/signout", CKS_API_PUBLIC, W, CKS_API_BODY_FORM },
	{ "GET", "/desk/today", CKS_API_PUBLIC, R, CKS_API_BODY_NONE },
	{ "GET", "/desk/clients", CKS_API_PUBLIC, R, CKS_API_BODY_NONE },
	{ "POST", "/desk/clients", CKS_API_PUBLIC, W, CKS_API_BODY_DESK_FORM },
	{ "POST", "/desk/sessions", CKS_API_PUBLIC, W, CKS_API_BODY_DESK_FORM },
	{ "GET", "/desk/kb", CKS_API_PUBLIC, R, CKS_API_BODY_NONE },
	{ "GET", "/desk/sessions/:id", CKS_API_PUBLIC, R, CKS_API_BODY_NONE },
	{ "POST", "/desk/sessions/:id/steps", CKS_API_PUBLIC, W, CKS_API_BODY_DESK_FORM },
	{ "POST", "/desk/sessions/:id/items", CKS_API_PUBLIC, W, CKS_API_BODY_DESK_FORM },
	{ "POST", "/desk/sessions/:id/items/:item/remove", CKS_API_PUBLIC, W,
	  CKS_API_BODY_DESK_FORM },
	{ "GET", "/desk/sessions/:id/screen", CKS_API_PUBLIC, R,
	  CKS_API_BODY_NONE },
	{ "POST", "/desk/sessions/:id/screen", CKS_API_PUBLIC, W,
	  CKS_API_BODY_DESK_FORM },
	{ "POST", "/desk/sessions/:id/send", CKS_API_PUBLIC, W, CKS_API_BODY_DESK_FORM },
	{ "POST", "/desk/sessions/:id/survey", CKS_API_PUBLIC, W,
	  CKS_API_BODY_DESK_FORM },
	{ "POST", "/desk/sessions/:id/close", CKS_API_PUBLIC, W, CKS_API_BODY_DESK_FORM },
	{ "GET", "/desk/sessions/:id/summary", CKS_API_PUBLIC, R,
	  CKS_API_BODY_NONE },
	{ "GET", "/desk/quarantine", CKS_API_PUBLIC, R, CKS_API_BODY_NONE },
	{ "GET", "/desk/inbound/:id/raw", CKS_API_PUBLIC, R, CKS_API_BODY_NONE },
	{ "POST", "/desk/inbound/:id/resolve", CKS_API_PUBLIC, W,
	  CKS_API_BODY_DESK_FORM },
	{ "GET", "/desk/ratings", CKS_API_PUBLIC, R, CKS_API_BODY_NONE },
	{ "POST", "/desk/ratings/:id/contacted", CKS_API_PUBLIC, W,
	  CKS_API_BODY_DESK_FORM },
	{ "GET", "/desk/kpi", CKS_API_PUBLIC, R, CKS_API_BODY_NONE },
	{ "GET", "/desk/agents", CKS_API_PUBLIC, R, CKS_API_BODY_NONE },
	{ NULL, NULL, 0, 0, 0 },
};

const struct cks_api_rule *
cks_api_rule_for(const char *method, const char *pattern)
{
	for (const struct cks_api_rule *r = cks_api_rules; r->method != NULL;
	     r++)
		if (strcmp(r->method, method) == 0 &&
		    strcmp(r->pattern, pattern) == 0)
			return r;
	return NULL;
}

const char *
cks_api_role_name(enum cks_api_role role)
{
	switch (role) {
	case CKS_API_PUBLIC: return "public";
	case CKS_API_VIEWER: return "viewer";
	case CKS_API_AGENT: return "agent";
	case CKS_API_ADMIN: return "admin";
	}
	return "nobody";
}

/* Appends text (up to length bytes) to out, always NUL-terminated. */
static void
append(char *out, size_t size, size_t *used, const char *text, size_t length)
{
	if (*used + 1 >= size)
		return;
	if (length > size - *used - 1)
		length = size - *used - 1;
	memcpy(out + *used, text, length);
	*used += length;
	out[*used] = '\0';
}

static int
secret_segment(const char *segment, size_t length)
{
	return (length == 6 && strncmp(segment, ":token", 6) == 0) ||
	    (length == 10 && strncmp(segment, ":signature", 10) == 0);
}

void
cks_api_log_path(const char *pattern, const char *path, char *out, size_t size)
{
	const char *p = pattern, *q = path;
	size_t used = 0;

	if (size == 0)
		return;
	out[0] = '\0';
	if (pattern == NULL) {
		/* No route: the path is the client's text, and a token sent
		 * to a wrong address ("/r/TOKEN") is still a token. */
		size_t first = q[0] == '/' ? 1 + strcspn(q + 1, "/") : strcspn(q, "/");

		append(out, size, &used, q, first);
		if (q[first] != '\0')
			append(out, size, &used, "/...", 4);
		return;
	}
	while (*p != '\0' && *q != '\0') {
		size_t plen, qlen;

		if (*p == '/' || *q == '/') {
			if (*p == '/')
				p++;
			if (*q == '/')
				q++;
			append(out, size, &used, "/", 1);
			continue;
		}
		plen = strcspn(p, "/");
		qlen = strcspn(q, "/");
		if (plen == 1 && p[0] == '*') {
			append(out, size, &used, q, strlen(q));
			return;
		}
		if (secret_segment(p, plen))
			append(out, size, &used, p, plen);
		else
			append(out, size, &used, q, qlen);
		p += plen;
		q += qlen;
	}
}
