#include "autoconfig.h"

#include "http_guard.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "log.h"

enum phase {
	PHASE_HEADER,        /* waiting for a request header */
	PHASE_BODY,          /* reading a request body */
	PHASE_ANSWER,        /* answering: libmicrohttpd's idle timeout only */
};

/* One open connection, from libmicrohttpd's STARTED to CLOSED notice. */
struct tracked {
	struct tracked *prev, *next;
	unsigned char address[16];   /* IPv4 in the first 4 bytes */
	int family;
	int fd;
	enum phase phase;
	int64_t deadline_ms;         /* monotonic; 0: none */
	int closed_late;             /* shut down once */
};

struct cks_http_guard {
	struct cks_http_guard_settings settings;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t sweeper;
	int stopping;
	struct tracked *head;
	long count;
	size_t body_bytes;
	unsigned long refused, refused_logged, closed_late;
	int64_t refused_log_ms;      /* last "http.refused" line */
};

static int64_t
now_ms(void)
{
	return cks_monotonic_ms();
}

/* The address bytes of a peer; family 0 for a family we do not count. */
static void
address_of(const struct sockaddr *addr, unsigned char out[16], int *family)
{
	memset(out, 0, 16);
	*family = 0;
	if (addr == NULL)
		return;
	if (addr->sa_family == AF_INET) {
		memcpy(out, &((const struct sockaddr_in *)addr)->sin_addr, 4);
		*family = AF_INET;
	} else if (addr->sa_family == AF_INET6) {
		memcpy(out, &((const struct sockaddr_in6 *)addr)->sin6_addr, 16);
		*family = AF_INET6;
	}
}

static const char *
address_text(int family, const unsigned char *address, char *buf, size_t size)
{
	if (family == 0 || inet_ntop(family, address, buf, (socklen_t)size) == NULL)
		snprintf(buf, size, "-");
	return buf;
}

static void *
sweep(void *arg)
{
	struct cks_http_guard *g = arg;

	pthread_mutex_lock(&g->lock);
	while (!g->stopping) {
		int64_t now = now_ms(), next = now + 60000;
		struct timespec until;

		for (struct tracked *t = g->head; t != NULL; t = t->next) {
			char text[INET6_ADDRSTRLEN];

			if (t->deadline_ms == 0 || t->closed_late)
				continue;
			if (t->deadline_ms > now) {
				if (t->deadline_ms < next)
					next = t->deadline_ms;
				continue;
			}
			/* shutdown, not close: the descriptor stays
			 * libmicrohttpd's (it closes it after its CLOSED
			 * notice, which waits for this lock), and its loop
			 * sees the end of the stream and cleans up. */
			shutdown(t->fd, SHUT_RDWR);
			t->closed_late = 1;
			g->closed_late++;
			cks_log(CKS_LOG_INFO, "http.deadline", "phase=%s "
			    "address=%s", t->phase == PHASE_HEADER ? "header" :
			    "body", address_text(t->family, t->address, text,
			    sizeof(text)));
		}
		until.tv_sec = next / 1000;
		until.tv_nsec = (long)(next % 1000) * 1000000;
		pthread_cond_timedwait(&g->wake, &g->lock, &until);
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

int
cks_http_guard_new(const struct cks_http_guard_settings *settings,
		   struct cks_http_guard **guard_out, struct cks_error *err)
{
	struct cks_http_guard *g = calloc(1, sizeof(*g));
	pthread_condattr_t attr;

	*guard_out = NULL;
	if (g == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	g->settings = *settings;
	pthread_mutex_init(&g->lock, NULL);
	/* Deadlines are monotonic: a clock step must not close or spare
	 * connections. */
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&g->wake, &attr);
	pthread_condattr_destroy(&attr);
	if ((errno = pthread_create(&g->sweeper, NULL, sweep, g)) != 0) {
		pthread_cond_destroy(&g->wake);
		pthread_mutex_destroy(&g->lock);
		free(g);
		return cks_error_set(err, CKS_ERROR_INTERNAL,
		    "cannot start the connection sweeper: %s", strerror(errno));
	}
	*guard_out = g;
	return 0;
}

void
cks_http_guard_free(struct cks_http_guard **guard)
{
	struct cks_http_guard *g = *guard;

	if (g == NULL)
		return;
	pthread_mutex_lock(&g->lock);
	g->stopping = 1;
	pthread_cond_signal(&g->wake);
	pthread_mutex_unlock(&g->lock);
	pthread_join(g->sweeper, NULL);
	while (g->head != NULL) {      /* none after MHD_stop_daemon */
		struct tracked *t = g->head;

		g->head = t->next;
		free(t);
	}
	pthread_cond_destroy(&g->wake);
	pthread_mutex_destroy(&g->lock);
	free(g);
	*guard = NULL;
}

enum MHD_Result
cks_http_guard_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
	struct cks_http_guard *g = cls;
	const struct cks_http_guard_settings *s = &g->settings;
	unsigned char address[16];
	long same = 0;
	int family, refuse;
	const char *why = NULL;

	(void)addrlen;
	address_of(addr, address, &family);
	pthread_mutex_lock(&g->lock);
	/* A scan, not a table: a few hundred connections at most, and an
	 * accept is rare next to the requests it carries. */
	for (struct tracked *t = g->head; t != NULL; t = t->next)
		if (t->family == family && memcmp(t->address, address, 16) == 0)
			same++;
	if (g->count >= s->max_connections)
		why = "max_connections";
	else if (same >= s->per_ip)
		why = "max_connections_per_ip";
	else if (same > 0 && g->count >= s->max_connections - s->reserve)
		why = "connection_reserve";
	refuse = why != NULL;
	if (refuse) {
		int64_t now = now_ms();

		g->refused++;
		/* One line a second at most: an attack must not flood the
		 * log with one line per connection. */
		if (now - g->refused_log_ms >= 1000) {
			char text[INET6_ADDRSTRLEN];

			cks_log(CKS_LOG_WARNING, "http.refused", "limit=%s "
			    "address=%s open=%ld from_address=%ld refused=%lu",
			    why, address_text(family, address, text,
			    sizeof(text)), g->count, same,
			    g->refused - g->refused_logged);
			g->refused_logged = g->refused;
			g->refused_log_ms = now;
		}
	}
	pthread_mutex_unlock(&g->lock);
	return refuse ? MHD_NO : MHD_YES;
}

void
cks_http_guard_notify(void *cls, struct MHD_Connection *connection,
		      void **socket_context,
		      enum MHD_ConnectionNotificationCode code)
{
	struct cks_http_guard *g = cls;
	struct tracked *t;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *a = MHD_get_connection_info(
		    connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		const union MHD_ConnectionInfo *f = MHD_get_connection_info(
		    connection, MHD_CONNECTION_INFO_CONNECTION_FD);

		*socket_context = NULL;
		t = calloc(1, sizeof(*t));
		if (t == NULL)
			return;        /* untracked: only libmicrohttpd's limits */
		address_of(a != NULL ? a->client_addr : NULL, t->address,
		    &t->family);
		t->fd = f != NULL ? f->connect_fd : -1;
		t->phase = PHASE_HEADER;
		t->deadline_ms = now_ms() + g->settings.header_timeout_ms;
		pthread_mutex_lock(&g->lock);
		t->next = g->head;
		if (g->head != NULL)
			g->head->prev = t;
		g->head = t;
		g->count++;
		if (t->fd < 0)
			t->deadline_ms = 0;
		pthread_cond_signal(&g->wake);
		pthread_mutex_unlock(&g->lock);
		*socket_context = t;
		return;
	}
	t = *socket_context;
	if (t == NULL)
		return;
	pthread_mutex_lock(&g->lock);
	if (t->prev != NULL)
		t->prev->next = t->next;
	else
		g->head = t->next;
	if (t->next != NULL)
		t->next->prev = t->prev;
	g->count--;
	pthread_mutex_unlock(&g->lock);
	free(t);
	*socket_context = NULL;
}

static struct tracked *
tracked_of(struct MHD_Connection *connection)
{
	const union MHD_ConnectionInfo *info = MHD_get_connection_info(
	    connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return info != NULL ? info->socket_context : NULL;
}

static void
set_phase(struct cks_http_guard *g, struct MHD_Connection *connection,
	  enum phase phase, long timeout_ms)
{
	struct tracked *t = tracked_of(connection);

	if (t == NULL)
		return;
	pthread_mutex_lock(&g->lock);
	t->phase = phase;
	t->deadline_ms = timeout_ms > 0 && t->fd >= 0 ? now_ms() + timeout_ms : 0;
	if (timeout_ms > 0)
		pthread_cond_signal(&g->wake);
	pthread_mutex_unlock(&g->lock);
}

void
cks_http_guard_header_done(struct cks_http_guard *g,
			   struct MHD_Connection *connection, int body)
{
	set_phase(g, connection, body ? PHASE_BODY : PHASE_ANSWER,
	    body ? g->settings.body_timeout_ms : 0);
}

int
cks_http_guard_late(struct cks_http_guard *g, struct MHD_Connection *connection)
{
	struct tracked *t = tracked_of(connection);
	int late;

	if (t == NULL)
		return 0;
	pthread_mutex_lock(&g->lock);
	late = t->closed_late || (t->deadline_ms != 0 && now_ms() >= t->deadline_ms);
	pthread_mutex_unlock(&g->lock);
	return late;
}

void
cks_http_guard_body_done(struct cks_http_guard *g,
			 struct MHD_Connection *connection)
{
	set_phase(g, connection, PHASE_ANSWER, 0);
}

void
cks_http_guard_request_done(struct cks_http_guard *g,
			    struct MHD_Connection *connection)
{
	set_phase(g, connection, PHASE_HEADER, g->settings.header_timeout_ms);
}

int
cks_http_guard_reserve(struct cks_http_guard *g, size_t bytes)
{
	int rc = 0;

	pthread_mutex_lock(&g->lock);
	if (bytes > (size_t)g->settings.max_body_memory - g->body_bytes &&
	    bytes > 0)
		rc = -1;
	else
		g->body_bytes += bytes;
	pthread_mutex_unlock(&g->lock);
	return rc;
}

void
cks_http_guard_release(struct cks_http_guard *g, size_t bytes)
{
	pthread_mutex_lock(&g->lock);
	g->body_bytes -= bytes <= g->body_bytes ? bytes : g->body_bytes;
	pthread_mutex_unlock(&g->lock);
}

void
cks_http_guard_stats(struct cks_http_guard *g, struct cks_http_guard_stats *s)
{
	pthread_mutex_lock(&g->lock);
	s->connections = g->count;
	s->body_bytes = g->body_bytes;
	s->refused = g->refused;
	s->closed_late = g->closed_late;
	pthread_mutex_unlock(&g->lock);
}

int
cks_http_address_is_loopback(const char *address)
{
	struct in_addr in4;
	struct in6_addr in6;

	if (inet_pton(AF_INET, address, &in4) == 1)
		return (ntohl(in4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, address, &in6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&in6) ||
		    (IN6_IS_ADDR_V4MAPPED(&in6) && in6.s6_addr[12] == 127);
	return 0;
}
