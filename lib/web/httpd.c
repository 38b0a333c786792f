#include "autoconfig.h"

#include "httpd.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "desk_auth.h"
#include "log.h"
#include "store.h"

struct cks_httpd {
	struct MHD_Daemon *daemon;
	struct cks_httpd_settings settings;
	struct cks_http_guard *guard;
	int listen_fd;             /* kept after quiesce, closed at stop */
	int tls;
};

/* What is known of one request between libmicrohttpd's calls. */
struct request_state {
	char *body;
	size_t size;
	size_t capacity;
	size_t limit;              /* the route's body limit */
	size_t reserved;           /* taken from the guard's body budget */
	int too_big;
	int answered;              /* refused from the header alone */
	int64_t started_us;
	char *form;                /* a form body split and decoded in place:
				    * name NUL value NUL ..., or NULL */
	size_t form_size;
	struct cks_api_match match;
	struct cks_desk_user desk_user;  /* checked from the header ... */
	int desk_checked;                /* ... when set */
};

/* Each server thread opens its own connection on first use; SQLite
 * connections must not be shared between threads. */
static pthread_key_t store_key;
static pthread_once_t store_key_once = PTHREAD_ONCE_INIT;

static void
close_thread_store(void *store)
{
	struct cks_store *s = store;

	cks_store_close(&s);
}

static void
make_store_key(void)
{
	pthread_key_create(&store_key, close_thread_store);
}

static struct cks_store *
thread_store(const struct cks_config *config, struct cks_error *err)
{
	struct cks_store *store;

	pthread_once(&store_key_once, make_store_key);
	store = pthread_getspecific(store_key);
	if (store != NULL)
		return store;
	if (cks_store_open(config->database, config->busy_timeout_ms, &store,
	    err) < 0)
		return NULL;
	pthread_setspecific(store_key, store);
	return store;
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes application/x-www-form-urlencoded text in place. */
static void
form_decode(char *text)
{
	char *out = text;

	for (char *p = text; *p != '\0'; p++) {
		if (*p == '+') {
			*out++ = ' ';
		} else if (*p == '%' && hex_value(p[1]) >= 0 &&
			   hex_value(p[2]) >= 0) {
			*out++ = (char)(hex_value(p[1]) * 16 + hex_value(p[2]));
			p += 2;
		} else {
			*out++ = *p;
		}
	}
	*out = '\0';
}

/* Splits a urlencoded form body into "name\0value\0" pairs, decoded. */
static void
form_split(struct request_state *state)
{
	char *out;

	state->form = malloc(state->size * 2 + 2);
	if (state->form == NULL)
		return;
	out = state->form;
	for (char *field = state->body; field != NULL && *field != '\0';) {
		char *end = strchr(field, '&'), *equals;
		size_t length = end != NULL ? (size_t)(end - field) : strlen(field);

		equals = memchr(field, '=', length);
		if (equals == NULL)
			equals = field + length;
		memcpy(out, field, (size_t)(equals - field));
		out[equals - field] = '\0';
		form_decode(out);
		out += strlen(out) + 1;
		length -= (size_t)(equals - field);
		if (length > 0) {         /* "=value" */
			memcpy(out, equals + 1, length - 1);
			out[length - 1] = '\0';
		} else {
			out[0] = '\0';
		}
		form_decode(out);
		out += strlen(out) + 1;
		field = end != NULL ? end + 1 : NULL;
	}
	state->form_size = (size_t)(out - state->form);
}

struct argument_context {
	struct MHD_Connection *connection;
	struct request_state *state;
};

/* A form field of a urlencoded POST body first, then the query string.
 * Both stay valid for the whole request. */
static const char *
argument(void *context, const char *name)
{
	struct argument_context *a = context;
	const char *p = a->state->form, *end = p + a->state->form_size;

	while (p != NULL && p < end) {
		const char *value = p + strlen(p) + 1;

		if (strcmp(p, name) == 0)
			return value;
		p = value + strlen(value) + 1;
	}
	return MHD_lookup_connection_value(a->connection, MHD_GET_ARGUMENT_KIND,
	    name);
}

/* The token from "Authorization: Bearer T", or "Basic base64(name:T)" (a
 * browser's own prompt, for the dashboard).  Writes into buffer. */
static const char *
presented_token(struct MHD_Connection *connection, char *buffer, size_t size)
{
	const char *header = MHD_lookup_connection_value(connection,
	    MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	char *password = NULL, *user;

	if (header != NULL && strncasecmp(header, "Bearer ", 7) == 0) {
		snprintf(buffer, size, "%s", header + 7);
		return buffer;
	}
	if (header != NULL && strncasecmp(header, "Basic ", 6) == 0) {
		user = MHD_basic_auth_get_username_password(connection, &password);
		if (password != NULL)
			snprintf(buffer, size, "%s", password);
		MHD_free(user);
		MHD_free(password);
		return password != NULL ? buffer : NULL;
	}
	return NULL;
}

static enum MHD_Result
send_response(struct MHD_Connection *connection,
	      struct cks_api_response *response, int page)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
	    response->body_size, response->body, MHD_RESPMEM_MUST_FREE);
	char retry[16];
	enum MHD_Result rc;

	if (r == NULL)
		return MHD_NO;
	response->body = NULL;       /* libmicrohttpd frees it now */
	if (response->content_type != NULL &&
	    strncmp(response->content_type, "text/html", 9) == 0)
		page = 1;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	    response->content_type != NULL ? response->content_type :
	    "application/json");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
	    response->cache_control != NULL ? response->cache_control :
	    "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	if (response->content_disposition != NULL)
		MHD_add_response_header(r, "Content-Disposition",
		    response->content_disposition);
	if (response->set_cookie != NULL)
		MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE,
		    response->set_cookie);
	if (response->location != NULL)
		MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION,
		    response->location);
	if (response->retry_after > 0) {
		snprintf(retry, sizeof(retry), "%d", response->retry_after);
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, retry);
	}
	if (response->status == 401)
		MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
		    page ? "Basic realm=\"cksgate\", charset=\"UTF-8\"" :
		    "Bearer realm=\"cksgate\"");
	if (page) {
		/* Pages carry no script and post only to us; a link in them
		 * must not leak the token in the address to another site. */
		MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
		MHD_add_response_header(r, "Content-Security-Policy",
		    "default-src 'none'; style-src 'unsafe-inline'; "
		    "img-src data: 'self'; form-action 'self'; "
		    "frame-ancestors 'none'");
	}
	rc = MHD_queue_response(connection, (unsigned)response->status, r);
	MHD_destroy_response(r);
	return rc;
}

static long
elapsed_us(int64_t since_us)
{
	return (long)(cks_monotonic_us() - since_us);
}

/* One line per request: the route's path without its secrets. */
static void
log_request(const struct request_state *state, const char *method, int status,
	    const char *agent)
{
	char path_value[300], agent_value[96];

	cks_log(status >= 500 ? CKS_LOG_WARNING : CKS_LOG_INFO, "http.request",
	    "method=%.10s path=%s status=%d agent=%s us=%ld", method,
	    cks_log_value(state->match.log_path, path_value, sizeof(path_value)),
	    status, cks_log_value(agent != NULL ? agent : "-", agent_value,
	    sizeof(agent_value)), elapsed_us(state->started_us));
}

/* The route's body limit (see enum cks_api_body). */
static size_t
body_limit(const struct cks_httpd_settings *s, const struct cks_api_rule *rule)
{
	size_t upload = (size_t)s->max_body;
	size_t json = (size_t)s->max_json_body < upload ?
	    (size_t)s->max_json_body : upload;

	switch (rule->body) {
	case CKS_API_BODY_NONE: return 0;
	case CKS_API_BODY_DESK_FORM:
	case CKS_API_BODY_FORM:
		return CKS_API_FORM_MAX < json ? CKS_API_FORM_MAX : json;
	case CKS_API_BODY_JSON: return json;
	case CKS_API_BODY_UPLOAD: return upload;
	}
	return 0;
}

/* The token presented, checked: its name (valid until release), or NULL. */
static const char *
token_agent(struct MHD_Connection *connection, const char *method,
	    const char *url, const struct cks_api_tokens *tokens,
	    char *buffer, size_t size, int *presented, enum cks_api_role *role)
{
	const char *token = presented_token(connection, buffer, size);

	if (token == NULL && strcmp(method, "GET") == 0 &&
	    strcmp(url, "/dashboard") == 0)
		token = MHD_lookup_connection_value(connection,
		    MHD_GET_ARGUMENT_KIND, "token");
	*presented = token != NULL;
	*role = CKS_API_PUBLIC;
	return token != NULL ? cks_api_tokens_check(tokens, token, role) : NULL;
}

/* Whether the console cookie names a live desk session: checked before
 * a console form's body is read, as a token is for the API. */
static int
desk_signed_in(struct MHD_Connection *connection,
	       const struct cks_config *config, struct cks_desk_user *user)
{
	struct cks_store *store;
	struct cks_error err;

	/* The handler's own connection of this thread (opened here when
	 * it is the thread's first request); -1 when there is none. */
	if ((store = thread_store(config, &err)) == NULL)
		return -1;
	return cks_desk_session(store, MHD_lookup_connection_value(
	    connection, MHD_COOKIE_KIND, "cks_desk"), user, &err) == 0;
}

/* The first call, with the header only: everything that can refuse the
 * request is decided here, before a byte of its body is read or stored.
 * Returns 0 to go on reading, or 1 after filling response. */
static int
check_header(struct cks_httpd *httpd, struct MHD_Connection *connection,
	     const char *url, const char *method, struct request_state *state,
	     struct cks_api_response *response, const char **agent_out,
	     char *agent_copy, size_t agent_size)
{
	const struct cks_httpd_settings *s = &httpd->settings;
	const char *length = MHD_lookup_connection_value(connection,
	    MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	const char *chunked = MHD_lookup_connection_value(connection,
	    MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
	const struct cks_api_rule *rule = state->match.rule;
	const struct cks_api_tokens *tokens = NULL;
	struct cks_api_env env = { 0 };
	unsigned long long declared = length != NULL ?
	    strtoull(length, NULL, 10) : 0;
	char token_buffer[CKS_API_TOKEN_MAX + 1];
	const char *agent;
	enum cks_api_role role;
	void *reference;
	int presented, signed_in, body = declared > 0 || chunked != NULL;

	*agent_out = NULL;
	cks_http_guard_header_done(httpd->guard, connection, body);
	if (rule == NULL) {
		if (state->match.path_known)
			cks_api_reply_error(response, 405, NULL,
			    "%s is not allowed on %s", method,
			    state->match.log_path);
		else
			cks_api_reply_error(response, 404, NULL,
			    "no such resource: %s", state->match.log_path);
		return 1;
	}
	reference = s->acquire(s->context, &env, &tokens);
	agent = token_agent(connection, method, url, tokens, token_buffer,
	    sizeof(token_buffer), &presented, &role);
	if (agent != NULL)
		snprintf(agent_copy, agent_size, "%s", agent);
	signed_in = 1;
	if (rule->body == CKS_API_BODY_DESK_FORM) {
		signed_in = desk_signed_in(connection, env.config,
		    &state->desk_user);
		state->desk_checked = signed_in > 0;
	}
	s->release(s->context, reference);
	explicit_bzero(token_buffer, sizeof(token_buffer));
	if (agent != NULL)
		*agent_out = agent_copy;
	if (signed_in <= 0) {
		if (signed_in < 0) {
			cks_api_reply_error(response, 503, NULL, "the store "
			    "cannot be opened; try again shortly");
			response->retry_after = 2;
		} else
			cks_api_reply_error(response, 401, NULL, "not signed "
			    "in: sign in at /desk/signin first");
		return 1;
	}
	if (rule->role != CKS_API_PUBLIC && agent == NULL) {
		cks_api_reply_error(response, 401, NULL, !presented ?
		    "a bearer token is required (Authorization: Bearer TOKEN)" :
		    "the token is not valid");
		return 1;
	}
	if (rule->role > role) {
		cks_api_reply_error(response, 403, NULL,
		    "the token of '%s' may not %s %s (needs the %s role)",
		    agent_copy, method, state->match.log_path,
		    cks_api_role_name(rule->role));
		return 1;
	}
	state->limit = body_limit(s, rule);
	if (declared > state->limit) {
		cks_api_reply_error(response, 413, NULL,
		    "a body of %llu bytes is over the limit of %zu bytes for "
		    "%s %s", declared, state->limit, method,
		    state->match.log_path);
		return 1;
	}
	if (!body)
		return 0;
	/* The whole declared body, or the route's limit when it is sent in
	 * chunks of unknown total. */
	state->reserved = length != NULL ? (size_t)declared : state->limit;
	if (cks_http_guard_reserve(httpd->guard, state->reserved) < 0) {
		state->reserved = 0;
		cks_api_reply_error(response, 503, NULL,
		    "the server holds as many request bodies as it may "
		    "(http.max_body_memory); try again shortly");
		response->retry_after = 2;
		return 1;
	}
	return 0;
}

/* Stores a chunk of the body; past the limit it is dropped, and the
 * answer is 413. */
static int
take_chunk(struct request_state *state, const char *data, size_t n)
{
	if (state->too_big)
		return 0;
	if (state->size + n > state->limit) {
		state->too_big = 1;
		free(state->body);
		state->body = NULL;
		state->size = state->capacity = 0;
		return 0;
	}
	if (state->size + n + 1 > state->capacity) {
		/* A declared length is reserved and allocated once; chunks
		 * grow by doubling up to the limit. */
		size_t capacity = state->reserved + 1;
		char *grown;

		if (capacity < state->size + n + 1)
			capacity = state->size + n + 1;
		if (state->reserved == state->limit &&
		    capacity > (state->size + n + 1) * 2)
			capacity = (state->size + n + 1) * 2;
		grown = realloc(state->body, capacity);
		if (grown == NULL)
			return -1;
		state->body = grown;
		state->capacity = capacity;
	}
	memcpy(state->body + state->size, data, n);
	state->size += n;
	state->body[state->size] = '\0';
	return 0;
}

/* The peer's address as text, for the sign-in throttle. */
static const char *
peer_address(struct MHD_Connection *connection, char *out, size_t size)
{
	const union MHD_ConnectionInfo *info = MHD_get_connection_info(
	    connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = info != NULL ? info->client_addr : NULL;

	if (sa == NULL)
		return NULL;
	if (sa->sa_family == AF_INET)
		return inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
		    out, (socklen_t)size);
	if (sa->sa_family == AF_INET6)
		return inet_ntop(AF_INET6,
		    &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
		    (socklen_t)size);
	return NULL;
}

static enum MHD_Result
answer(void *cls, struct MHD_Connection *connection, const char *url,
       const char *method, const char *version, const char *upload_data,
       size_t *upload_data_size, void **con_cls)
{
	struct cks_httpd *httpd = cls;
	struct request_state *state = *con_cls;
	struct cks_api_request request = { 0 };
	struct cks_api_response response = { 0 };
	struct argument_context arguments = { 0 };
	struct cks_api_env env = { 0 };
	const struct cks_api_tokens *tokens = NULL;
	char token_buffer[CKS_API_TOKEN_MAX + 1], agent_copy[64];
	char peer[INET6_ADDRSTRLEN];
	const char *agent;
	struct cks_error err;
	void *reference;
	int page, presented;
	enum MHD_Result rc;

	if (state == NULL) {
		state = calloc(1, sizeof(*state));
		if (state == NULL)
			return MHD_NO;
		state->started_us = cks_monotonic_us();
		*con_cls = state;
		cks_api_match(method, url, &state->match);
		if (check_header(httpd, connection, url, method, state,
		    &response, &agent, agent_copy, sizeof(agent_copy)) == 0)
			return MHD_YES;
		/* Answered before the body is read; libmicrohttpd then
		 * closes the connection instead of taking the rest. */
		state->answered = 1;
		cks_metrics_count_request(httpd->settings.metrics,
		    response.status);
		log_request(state, method, response.status, agent);
		rc = send_response(connection, &response,
		    strncmp(url, "/v1/", 4) != 0 && strcmp(url, "/metrics") != 0);
		cks_api_response_clear(&response);
		return rc;
	}
	if (*upload_data_size > 0) {
		size_t n = *upload_data_size;

		*upload_data_size = 0;
		/* The whole body by its deadline, not a byte per timeout. */
		if (cks_http_guard_late(httpd->guard, connection))
			return MHD_NO;
		return take_chunk(state, upload_data, n) < 0 ? MHD_NO : MHD_YES;
	}
	if (state->answered)
		return MHD_YES;
	cks_http_guard_body_done(httpd->guard, connection);

	reference = httpd->settings.acquire(httpd->settings.context, &env,
	    &tokens);
	env.metrics = httpd->settings.metrics;
	request.method = method;
	request.path = url;
	request.body = state->body;
	request.body_size = state->size;
	request.content_type = MHD_lookup_connection_value(connection,
	    MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	arguments.connection = connection;
	arguments.state = state;
	request.argument = argument;
	request.argument_context = &arguments;
	request.desk_cookie = MHD_lookup_connection_value(connection,
	    MHD_COOKIE_KIND, "cks_desk");
	request.desk_user = state->desk_checked ? &state->desk_user : NULL;
	request.peer = peer_address(connection, peer, sizeof(peer));
	request.tls = httpd->tls;
	/* Pages for people (not /v1/ JSON) get page headers. */
	page = strncmp(url, "/v1/", 4) != 0 && strcmp(url, "/metrics") != 0;
	/* Checked again: a reload may have changed the tokens since. */
	request.agent = token_agent(connection, method, url, tokens,
	    token_buffer, sizeof(token_buffer), &presented, &request.role);
	explicit_bzero(token_buffer, sizeof(token_buffer));

	if (state->match.rule != NULL && state->match.rule->role > 0 &&
	    request.agent == NULL) {
		cks_api_reply_error(&response, 401, NULL, !presented ?
		    "a bearer token is required (Authorization: Bearer TOKEN)" :
		    "the token is not valid");
	} else if (state->too_big) {
		cks_api_reply_error(&response, 413, NULL,
		    "the request body is over the limit of %zu bytes for %s %s",
		    state->limit, method, state->match.log_path);
	} else if ((env.store = thread_store(env.config, &err)) == NULL) {
		cks_api_reply_failure(&response, &err);
	} else {
		if (request.content_type != NULL && state->body != NULL &&
		    strncmp(request.content_type,
		    "application/x-www-form-urlencoded", 33) == 0)
			form_split(state);
		cks_api_dispatch(&env, &request, &response);
	}
	cks_metrics_count_request(httpd->settings.metrics, response.status);
	log_request(state, method, response.status, request.agent);
	httpd->settings.release(httpd->settings.context, reference);
	rc = send_response(connection, &response, page);
	cks_api_response_clear(&response);
	return rc;
}

static void
completed(void *cls, struct MHD_Connection *connection, void **con_cls,
	  enum MHD_RequestTerminationCode toe)
{
	struct cks_httpd *httpd = cls;
	struct request_state *state = *con_cls;

	if (state == NULL)
		return;
	cks_http_guard_release(httpd->guard, state->reserved);
	if (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK)
		cks_http_guard_request_done(httpd->guard, connection);
	free(state->body);
	free(state->form);
	explicit_bzero(&state->desk_user, sizeof(state->desk_user));
	free(state);
	*con_cls = NULL;
}

static void
mhd_log(void *cls, const char *format, va_list ap)
{
	char message[512], value[600];

	vsnprintf(message, sizeof(message), format, ap);
	message[strcspn(message, "\n")] = '\0';
	cks_log(CKS_LOG_WARNING, "http.server", "message=%s",
	    cks_log_value(message, value, sizeof(value)));
}

/* http.listen and http.port as a socket address: IPv4 or IPv6, literal. */
static int
listen_address(const char *listen, long port, struct sockaddr_storage *address,
	       struct cks_error *err)
{
	struct sockaddr_in *in4 = (struct sockaddr_in *)address;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)address;

	memset(address, 0, sizeof(*address));
	if (inet_pton(AF_INET, listen, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)port);
	} else if (inet_pton(AF_INET6, listen, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
	} else {
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "http.listen: '%s' is not an IPv4 or IPv6 address", listen);
	}
	return 0;
}

int
cks_httpd_bind(const char *address_text, long port, int *fd_out, struct cks_error *err)
{
	struct sockaddr_storage address;
	int fd, one = 1;

	*fd_out = -1;
	if (listen_address(address_text, port, &address, err) < 0)
		return -1;
	fd = socket(address.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&address, address.ss_family == AF_INET6 ?
	    sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in)) < 0 ||
	    listen(fd, SOMAXCONN) < 0) {
		int saved = errno;

		if (fd >= 0)
			close(fd);
		return cks_error_set(err, CKS_ERROR_TEMPORARY,
		    "cannot listen on %s port %ld: %s", address_text, port, strerror(saved));
	}
	*fd_out = fd;
	return 0;
}

int
cks_httpd_read_pem(const char *path, char **out, struct cks_error *err)
{
	FILE *f = fopen(path, "r");
	char *text;
	long size;

	*out = NULL;
	if (f == NULL)
		return cks_error_set(err, CKS_ERROR_INVALID, "%s: %s", path,
		    strerror(errno));
	if (fseek(f, 0, SEEK_END) < 0 || (size = ftell(f)) < 0 ||
	    size > 1 << 20 || fseek(f, 0, SEEK_SET) < 0 ||
	    (text = malloc((size_t)size + 1)) == NULL) {
		fclose(f);
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: cannot read it (or over 1 MB)", path);
	}
	if (fread(text, 1, (size_t)size, f) != (size_t)size) {
		fclose(f);
		free(text);
		return cks_error_set(err, CKS_ERROR_INVALID, "%s: read error",
		    path);
	}
	fclose(f);
	text[size] = '\0';
	if (strstr(text, "-----BEGIN ") == NULL) {
		free(text);
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: not a PEM file (no -----BEGIN line)", path);
	}
	*out = text;
	return 0;
}

int
cks_httpd_start(const struct cks_httpd_settings *settings,
		struct cks_httpd **httpd_out, struct cks_error *err)
{
	struct MHD_OptionItem tls_options[] = {
		{ MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)settings->tls_cert_pem },
		{ MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)settings->tls_key_pem },
		{ MHD_OPTION_END, 0, NULL },
	};
	struct cks_httpd *httpd = calloc(1, sizeof(*httpd));
	struct sockaddr_storage address;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_ERROR_LOG | MHD_USE_ITC;
	const union MHD_DaemonInfo *info;

	*httpd_out = NULL;
	if (httpd == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	httpd->settings = *settings;
	httpd->listen_fd = -1;
	{
		struct cks_http_guard_settings g = {
			.max_connections = settings->max_connections,
			.per_ip = settings->max_connections_per_ip,
			.reserve = settings->connection_reserve,
			.header_timeout_ms = settings->header_timeout_ms,
			.body_timeout_ms = settings->body_timeout_ms,
			.max_body_memory = settings->max_body_memory,
		};

		if (cks_http_guard_new(&g, &httpd->guard, err) < 0) {
			free(httpd);
			return -1;
		}
	}
	if (listen_address(settings->listen, settings->port, &address, err) < 0) {
		cks_http_guard_free(&httpd->guard);
		free(httpd);
		return -1;
	}
	if (address.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	httpd->tls = settings->tls_cert_pem != NULL &&
	    settings->tls_key_pem != NULL;
	if (httpd->tls && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
		cks_http_guard_free(&httpd->guard);
		free(httpd);
		return cks_error_set(err, CKS_ERROR_INVALID, "http.tls_cert: this "
		    "libmicrohttpd was built without TLS");
	}
	if (httpd->tls)
		flags |= MHD_USE_TLS;
	/* The accept policy (third argument) is the guard's. */
	httpd->daemon = MHD_start_daemon(flags, (uint16_t)settings->port,
	    cks_http_guard_accept, httpd->guard, answer, httpd,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, httpd,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&address,
	    /* MHD_INVALID_SOCKET: bind the address above. */
	    MHD_OPTION_LISTEN_SOCKET, (MHD_socket)(settings->inherited_fd > 0 ?
		settings->inherited_fd : MHD_INVALID_SOCKET),
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)settings->threads,
	    /* Idle time between bytes; the deadlines of whole headers and
	     * bodies are the guard's. */
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
	    /* The real limits (total, per address, reserve) are the guard's
	     * accept policy (MHD_OPTION_PER_IP_CONNECTION_LIMIT would also
	     * log a line per refused connection, and has no reserve).  libmicrohttpd splits its own limit among the
	     * pool's threads, and at it stops accepting (new clients then
	     * wait in the backlog) and logs a line per connection: keep it
	     * out of reach. */
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)(settings->max_connections *
		(settings->threads > 1 ? settings->threads : 1) + 16),
	    MHD_OPTION_NOTIFY_CONNECTION, cks_http_guard_notify, httpd->guard,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536,
	    MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, httpd,
	    MHD_OPTION_ARRAY, httpd->tls ? tls_options : tls_options + 2,
	    MHD_OPTION_END);
	if (httpd->daemon == NULL) {
		cks_http_guard_free(&httpd->guard);
		free(httpd);
		return cks_error_set(err, CKS_ERROR_TEMPORARY,
		    "cannot listen on %s port %ld (in use, or not allowed)",
		    settings->listen, settings->port);
	}
	if (!httpd->tls && !cks_http_address_is_loopback(settings->listen))
		cks_log(CKS_LOG_WARNING, "http.plain", "address=%s message=\""
		    "http.listen is not a loopback address and cksgated speaks "
		    "plain HTTP: tokens, rating links and client data cross the "
		    "network readable; listen on 127.0.0.1 behind a TLS proxy\"",
		    settings->listen);
	info = MHD_get_daemon_info(httpd->daemon, MHD_DAEMON_INFO_LISTEN_FD);
	if (info != NULL)
		httpd->listen_fd = info->listen_fd;
	*httpd_out = httpd;
	return 0;
}

long
cks_httpd_port(const struct cks_httpd *httpd)
{
	struct sockaddr_storage address;
	socklen_t len = sizeof(address);

	if (httpd == NULL || httpd->listen_fd < 0 ||
	    getsockname(httpd->listen_fd, (struct sockaddr *)&address,
	    &len) < 0)
		return 0;
	if (address.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&address)->sin_port);
	if (address.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&address)->sin6_port);
	return 0;
}

void
cks_httpd_quiesce(struct cks_httpd *httpd)
{
	MHD_socket fd;

	if (httpd == NULL || httpd->daemon == NULL)
		return;
	fd = MHD_quiesce_daemon(httpd->daemon);
	if (fd != MHD_INVALID_SOCKET) {
		close(fd);
		httpd->listen_fd = -1;
	}
}

void
cks_httpd_stop(struct cks_httpd **httpd)
{
	if (*httpd == NULL)
		return;
	if ((*httpd)->daemon != NULL)
		MHD_stop_daemon((*httpd)->daemon);
	cks_http_guard_free(&(*httpd)->guard);
	free(*httpd);
	*httpd = NULL;
}

void
cks_httpd_stats(struct cks_httpd *httpd, struct cks_http_guard_stats *stats)
{
	memset(stats, 0, sizeof(*stats));
	if (httpd != NULL && httpd->guard != NULL)
		cks_http_guard_stats(httpd->guard, stats);
}
