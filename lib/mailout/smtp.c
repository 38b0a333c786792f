#include "autoconfig.h"

#include "smtp.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stddef.h>
#include <netdb.h>
#include <netinet/in.h>
#include <linux/tcp.h>            /* tcp_info with tcpi_bytes_acked; TCP_CORK */
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

/* libESMTP declares smtp_starttls_set_ctx() and smtp_auth_set_context()
 * only when OpenSSL's and its own auth-client header come first. */
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <auth-client.h>
#include <libesmtp.h>

#include "clock.h"
#include "smtp_reason.h"
#include "utf8.h"

#define DEFAULT_CONNECT_TIMEOUT_MS 30000L
#define DEFAULT_COMMAND_TIMEOUT_MS 300000L     /* RFC 5321's five minutes */
#define MIN_TIMEOUT_MS 1000L                   /* libESMTP's floor */
#define MAX_TIMEOUT_MS 86400000L               /* a day; poll() takes an int */
#define MAX_ADDRESS 254                        /* RFC 5321 path, less <> */
#define CONNECT_SIGNAL (SIGRTMIN + 5)          /* bounds connect(), see arm_connect_timer */

struct cks_smtp {
	char *host;
	char *hostport;                 /* "host:port", libESMTP's syntax */
	enum cks_starttls starttls;
	char *auth_user;                /* NULL: no AUTH */
	char *auth_password;
	long connect_timeout_ms;
	long command_timeout_ms;
	SSL_CTX *tls;                   /* NULL with CKS_STARTTLS_OFF */
};

/* What one cks_smtp_deliver() call learns while libESMTP runs the
 * session; the callbacks below all write here. */
struct delivery {
	const struct cks_smtp *smtp;
	struct addrinfo *relay;         /* the relay's addresses, as resolved */
	struct cks_smtp_trace trace;    /* the conversation, from the monitor */
	timer_t timer;                  /* bounds libESMTP's connect() */
	int timer_made;
	int handshake_started;          /* STARTTLS accepted, TLS handshake begun */
	int tls_ok;                     /* SMTP_EV_STARTTLS_OK */
	char tls_alert[160];            /* the first TLS alert, sent or received */
	char fault[256];                /* the first TLS or local fault */
	const char *fault_setting;      /* the key to change, if the fault is ours */
	/* Our session's socket when it could be told apart (-1 if not):
	 * corked while a message's body is written (see cork()). */
	int fd;
	char chunk[16384];              /* the message callback's output */
};

/* The message callback's position in one message. */
struct source {
	struct delivery *delivery;
	const struct cks_outgoing *message;
	size_t pos;
	int line_start;
	int in_headers;
	int dropping;                   /* inside a Bcc or Resent-Bcc header */
	int whole;                      /* clean: handed over in one piece */
	int corked;                     /* TCP_CORK set for this message */
};

/* OpenSSL calls the certificate check with no pointer of ours, but runs
 * it inside smtp_start_session() on the thread that called
 * cks_smtp_deliver(). */
static __thread struct delivery *current_delivery;

static void
note_fault(struct delivery *d, const char *format, ...)
	__attribute__((format(printf, 2, 3)));
static void on_connect_timer(int signo);

static void
note_fault(struct delivery *d, const char *format, ...)
{
	va_list ap;

	if (d == NULL || d->fault[0] != '\0')
		return;                 /* the first fault is the cause */
	va_start(ap, format);
	vsnprintf(d->fault, sizeof(d->fault), format, ap);
	va_end(ap);
}

/* A fault of the sender's configuration names the key that fixes it. */
static void
blame_setting(struct delivery *d, const char *setting)
{
	if (d != NULL && d->fault_setting == NULL)
		d->fault_setting = setting;
}

static void
set_reply(struct cks_outgoing *m, enum cks_delivery_result result, int code,
	  const char *format, ...)
	__attribute__((format(printf, 4, 5)));

static void
set_reply(struct cks_outgoing *m, enum cks_delivery_result result, int code,
	  const char *format, ...)
{
	va_list ap;

	m->result = result;
	m->code = code;
	va_start(ap, format);
	vsnprintf(m->reply, sizeof(m->reply), format, ap);
	va_end(ap);
	cks_text_make_printable(m->reply);
}

static char *
copy_string(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

static void
free_secret(char *s)
{
	if (s != NULL) {
		OPENSSL_cleanse(s, strlen(s));
		free(s);
	}
}

/* --- TLS ------------------------------------------------------------------ */

static int
verify_peer(int ok, X509_STORE_CTX *store)
{
	if (!ok) {
		note_fault(current_delivery,
		    "TLS: the relay's certificate was refused: %s (check smtp.ca_file)",
		    X509_verify_cert_error_string(X509_STORE_CTX_get_error(store)));
		blame_setting(current_delivery, "smtp.ca_file");
	}
	return ok;
}

/* libESMTP 1.1.0 sends no server name (SNI); a relay serving several names
 * then shows its default certificate.  The handshake start is the last
 * moment the name can still go into the ClientHello.  libESMTP reports
 * any failed handshake as "Client error": the alert says why. */
static void
tls_info(const SSL *ssl, int where, int ret)
{
	struct delivery *d = current_delivery;
	const char *host;

	if ((where & SSL_CB_ALERT) && d != NULL && d->tls_alert[0] == '\0' &&
	    (ret >> 8) == SSL3_AL_FATAL)
		snprintf(d->tls_alert, sizeof(d->tls_alert), "%s TLS alert '%s'"
		    " during a %s handshake", (where & SSL_CB_READ) ? "the relay sent"
		    : "cksgate sent", SSL_alert_desc_string_long(ret),
		    SSL_get_version(ssl));
	if (!(where & SSL_CB_HANDSHAKE_START))
		return;
	if (d != NULL)
		d->handshake_started = 1;
	host = SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl));
	if (host != NULL && SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name) == NULL)
		SSL_set_tlsext_host_name((SSL *)ssl, host);
}

static int
is_ip_literal(const char *host)
{
	unsigned char buf[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, host, buf) == 1 || inet_pton(AF_INET6, host, buf) == 1;
}

static int
openssl_error(struct cks_error *err, const char *what)
{
	char text[256];
	unsigned long e = ERR_peek_last_error();

	ERR_error_string_n(e, text, sizeof(text));
	ERR_clear_error();
	return cks_error_set(err, CKS_ERROR_INVALID, "%s: %s", what,
	    e != 0 ? text : "unknown OpenSSL error");
}

/* Our own context: libESMTP's default one is freed with the first session
 * and crashes the second.  OpenSSL checks the chain and the relay's name
 * (an IP address too, which libESMTP's own name check cannot). */
static int
make_tls_context(struct cks_smtp *s, const char *ca_file, struct cks_error *err)
{
	X509_VERIFY_PARAM *param;

	s->tls = SSL_CTX_new(TLS_client_method());
	if (s->tls == NULL)
		return openssl_error(err, "SSL_CTX_new");
	/* TLS 1.2 only.  A TLS 1.3 server sends session tickets after the
	 * handshake; libESMTP 1.1.0 takes the readable socket for the reply to
	 * its EHLO, before it has even sent it, and waits out the whole
	 * command timeout, then drops the connection (a race, so it fails
	 * now and then).  TLS 1.2 sends nothing after the handshake. */
	SSL_CTX_set_min_proto_version(s->tls, TLS1_2_VERSION);
	SSL_CTX_set_max_proto_version(s->tls, TLS1_2_VERSION);
	SSL_CTX_set_verify(s->tls, SSL_VERIFY_PEER, verify_peer);
	if (ca_file != NULL) {
		if (SSL_CTX_load_verify_locations(s->tls, ca_file, NULL) != 1)
			return openssl_error(err, ca_file);
	} else if (SSL_CTX_set_default_verify_paths(s->tls) != 1) {
		return openssl_error(err, "the system's CA certificates");
	}
	param = SSL_CTX_get0_param(s->tls);
	if (is_ip_literal(s->host)) {
		if (X509_VERIFY_PARAM_set1_ip_asc(param, s->host) != 1)
			return openssl_error(err, s->host);
	} else {
		X509_VERIFY_PARAM_set_hostflags(param,
		    X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
		if (X509_VERIFY_PARAM_set1_host(param, s->host, 0) != 1)
			return openssl_error(err, s->host);
		SSL_CTX_set_app_data(s->tls, s->host);
	}
	SSL_CTX_set_info_callback(s->tls, tls_info);
	return 0;
}

/* --- the relay ------------------------------------------------------------ */

static long
choose_timeout(long value, long fallback)
{
	if (value == 0)
		return fallback;
	return value < MIN_TIMEOUT_MS ? MIN_TIMEOUT_MS : value;
}

int
cks_smtp_new(const struct cks_smtp_config *config,
	     struct cks_smtp **smtp_out, struct cks_error *err)
{
	struct cks_smtp *s;
	struct sigaction old;
	size_t len;

	if (smtp_out == NULL || config == NULL)
		return cks_error_set(err, CKS_ERROR_INVALID, "smtp: no configuration");
	*smtp_out = NULL;
	if (config->host == NULL || config->host[0] == '\0')
		return cks_error_set(err, CKS_ERROR_INVALID, "smtp: no relay host");
	/* libESMTP splits "host:port" at the first colon. */
	if (strchr(config->host, ':') != NULL)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "smtp: relay host '%s': IPv6 literals are not supported by libESMTP; use a host name",
		    config->host);
	if (config->port < 1 || config->port > 65535)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "smtp: relay port %d is not from 1 to 65535", config->port);
	if (config->starttls != CKS_STARTTLS_OFF &&
	    config->starttls != CKS_STARTTLS_IF_OFFERED &&
	    config->starttls != CKS_STARTTLS_REQUIRED)
		return cks_error_set(err, CKS_ERROR_INVALID, "smtp: unknown STARTTLS mode");
	/* libESMTP carries on unauthenticated after a refused AUTH, and would
	 * send a password in clear text when STARTTLS is optional. */
	if (config->auth_user != NULL && config->starttls != CKS_STARTTLS_REQUIRED)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "smtp: AUTH needs STARTTLS set to required");
	if (config->auth_user != NULL && config->auth_password == NULL)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "smtp: AUTH user '%s' has no password", config->auth_user);
	if (config->connect_timeout_ms < 0 || config->command_timeout_ms < 0 ||
	    config->connect_timeout_ms > MAX_TIMEOUT_MS ||
	    config->command_timeout_ms > MAX_TIMEOUT_MS)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "smtp: timeouts must be from 0 (the default) to %ld ms",
		    MAX_TIMEOUT_MS);

	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	len = strlen(config->host) + 8;
	s->host = strdup(config->host);
	s->hostport = malloc(len);
	s->auth_user = copy_string(config->auth_user);
	s->auth_password = copy_string(config->auth_user != NULL ? config->auth_password : NULL);
	if (s->host == NULL || s->hostport == NULL ||
	    (config->auth_user != NULL && (s->auth_user == NULL || s->auth_password == NULL))) {
		cks_smtp_free(&s);
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	}
	snprintf(s->hostport, len, "%s:%d", config->host, config->port);
	s->starttls = config->starttls;
	s->connect_timeout_ms = choose_timeout(config->connect_timeout_ms,
	    DEFAULT_CONNECT_TIMEOUT_MS);
	s->command_timeout_ms = choose_timeout(config->command_timeout_ms,
	    DEFAULT_COMMAND_TIMEOUT_MS);
	if (s->starttls != CKS_STARTTLS_OFF &&
	    make_tls_context(s, config->ca_file, err) < 0) {
		cks_smtp_free(&s);
		return cks_error_prefix(err, "smtp: TLS");
	}

	/* A relay that closes the connection while libESMTP writes would
	 * kill the whole process with SIGPIPE; libESMTP leaves that to us.
	 * A handler the program installed itself is left alone. */
	if (sigaction(SIGPIPE, NULL, &old) == 0 && old.sa_handler == SIG_DFL)
		signal(SIGPIPE, SIG_IGN);
	/* The connect timer's signal must interrupt connect() (no
	 * SA_RESTART) and otherwise do nothing. */
	if (sigaction(CONNECT_SIGNAL, NULL, &old) == 0 && old.sa_handler == SIG_DFL) {
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_connect_timer;
		sigemptyset(&sa.sa_mask);
		sigaction(CONNECT_SIGNAL, &sa, NULL);
	}

	*smtp_out = s;
	return 0;
}

void
cks_smtp_free(struct cks_smtp **smtp)
{
	struct cks_smtp *s;

	if (smtp == NULL || *smtp == NULL)
		return;
	s = *smtp;
	SSL_CTX_free(s->tls);
	free(s->host);
	free(s->hostport);
	free(s->auth_user);
	free_secret(s->auth_password);
	free(s);
	*smtp = NULL;
}

/* The relay's addresses, for TCP_NODELAY on the socket libESMTP opens.
 * Only a look-up: no connection is opened that would not carry a
 * session (a relay logs an empty one as "lost connection after CONNECT",
 * which fail2ban's postfix filter counts against us). */
static int
resolve_relay(const struct cks_smtp *s, struct addrinfo **found_out,
	      char *why, size_t why_len)
{
	struct addrinfo hints;
	const char *colon = strrchr(s->hostport, ':');
	int rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(s->host, colon + 1, &hints, found_out);
	if (rc != 0) {
		snprintf(why, why_len, "relay %s: cannot resolve %s: %s (connect)",
		    s->hostport, s->host,
		    rc == EAI_SYSTEM ? strerror(errno) : gai_strerror(rc));
		return -1;
	}
	return 0;
}

/* libESMTP's connect() has no timeout (a relay that drops SYNs would hold
 * a thread for minutes).  A timer of this thread's sends it a signal every
 * connect_timeout_ms until libESMTP reports the connection: connect()
 * fails with EINTR, and libESMTP tries the next address or gives up. */
static void
on_connect_timer(int signo)
{
	(void)signo;
}

static void
arm_connect_timer(struct delivery *d)
{
	struct sigevent ev;
	struct itimerspec it;
	long ms = d->smtp->connect_timeout_ms;

	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_THREAD_ID;
	ev.sigev_signo = CONNECT_SIGNAL;
	ev._sigev_un._tid = (pid_t)syscall(SYS_gettid);
	if (timer_create(CLOCK_MONOTONIC, &ev, &d->timer) < 0)
		return;                 /* then connect() waits for the kernel */
	d->timer_made = 1;
	memset(&it, 0, sizeof(it));
	it.it_value.tv_sec = ms / 1000;
	it.it_value.tv_nsec = (ms % 1000) * 1000000L;
	it.it_interval = it.it_value;
	timer_settime(d->timer, 0, &it, NULL);
}

static void
disarm_connect_timer(struct delivery *d)
{
	if (d->timer_made) {
		timer_delete(d->timer);
		d->timer_made = 0;
	}
}

/* Nagle's algorithm holds the last, short write of every message longer
 * than libESMTP's 2 KiB write buffer (the one carrying the final dot)
 * until the relay's delayed ACK: some 40 ms a message.  libESMTP owns the
 * socket and never sets TCP_NODELAY. */
static void
set_nodelay(int fd)
{
	int one = 1;

	if (fd >= 0)
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

static int
same_address(const struct sockaddr *a, const struct sockaddr *b)
{
	if (a->sa_family != b->sa_family)
		return 0;
	if (a->sa_family == AF_INET) {
		const struct sockaddr_in *x = (const void *)a, *y = (const void *)b;

		return x->sin_port == y->sin_port &&
		    x->sin_addr.s_addr == y->sin_addr.s_addr;
	}
	if (a->sa_family == AF_INET6) {
		const struct sockaddr_in6 *x = (const void *)a, *y = (const void *)b;

		return x->sin6_port == y->sin6_port &&
		    memcmp(&x->sin6_addr, &y->sin6_addr, sizeof(x->sin6_addr)) == 0;
	}
	return 0;
}

/* Non-zero for a connection that has had none of its bytes acknowledged
 * yet (the SYN counts as one): one that libESMTP has just opened, before
 * its EHLO. */
static int
nothing_sent(int fd)
{
	struct tcp_info info;
	socklen_t len = sizeof(info);

	memset(&info, 0, sizeof(info));
	return getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) == 0 &&
	    len >= offsetof(struct tcp_info, tcpi_bytes_acked) +
	    sizeof(info.tcpi_bytes_acked) && info.tcpi_bytes_acked <= 1;
}

/* libESMTP has just connected and shows no descriptor: every socket of
 * this process connected to the relay gets TCP_NODELAY (another thread's
 * session to the same relay only gains by it).  Without /proc the
 * messages just go slower. */
static void
nodelay_relay_sockets(const struct addrinfo *relay, int *ours)
{
	DIR *dir = opendir("/proc/self/fd");
	const struct addrinfo *ai;
	struct dirent *e;
	int fresh = 0;

	*ours = -1;
	if (dir == NULL)
		return;
	while ((e = readdir(dir)) != NULL) {
		struct sockaddr_storage peer;
		socklen_t len = sizeof(peer);
		char *end;
		long fd = strtol(e->d_name, &end, 10);

		if (end == e->d_name || *end != '\0' || fd == dirfd(dir) ||
		    getpeername((int)fd, (struct sockaddr *)&peer, &len) < 0)
			continue;
		for (ai = relay; ai != NULL; ai = ai->ai_next)
			if (same_address((const struct sockaddr *)&peer, ai->ai_addr)) {
				set_nodelay((int)fd);
				if (nothing_sent((int)fd)) {
					fresh++;
					*ours = (int)fd;
				}
				break;
			}
	}
	closedir(dir);
	/* Two sessions that connected at the same instant cannot be told
	 * apart: neither is corked. */
	if (fresh != 1)
		*ours = -1;
}

/* TCP_CORK while a message's body goes out: libESMTP writes it 2 KiB at a
 * time, and with TCP_NODELAY each write became a segment of its own that
 * woke the relay (ten for a 20 KB message; the kernel's TCP path was a
 * fifth of a delivery run's CPU, issue 18).  Corked, the kernel sends
 * full segments only; uncorking at the end of the body pushes the rest at
 * once, so the final dot still does not wait (the kernel would push a
 * forgotten cork after 200 ms anyway). */
static void
cork(struct source *src, int on)
{
	int fd = src->delivery->fd;

	if (fd < 0 || src->corked == on)
		return;
	setsockopt(fd, IPPROTO_TCP, TCP_CORK, &on, sizeof(on));
	src->corked = on;
}

/* --- libESMTP callbacks ------------------------------------------------ */

static int
is_blind_copy(const char *p, size_t n)
{
	static const char *const names[] = { "Bcc", "Resent-Bcc" };
	size_t i, k, len;

	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		len = strlen(names[k]);
		if (n <= len || strncasecmp(p, names[k], len) != 0)
			continue;
		for (i = len; i < n && (p[i] == ' ' || p[i] == '\t'); i++)
			;
		if (i < n && p[i] == ':')
			return 1;
	}
	return 0;
}

/* One CR or LF at i: a CR must come before an LF, an LF after a CR. */
static int
line_end_ok(const char *p, size_t size, size_t i)
{
	if (p[i] == '\r')
		return i + 1 < size && p[i + 1] == '\n';
	return i > 0 && p[i - 1] == '\r';
}

/* Non-zero when every CR in [p, p + size) is followed by an LF and every
 * LF follows a CR.  Sixteen bytes at a time with SSE2 (every x86-64 has
 * it): memchr line by line cost 4 % of a delivery run, as much as the
 * copy the check saves, a 20 KB message being 300 short lines. */
static int
line_ends_clean(const char *p, size_t size)
{
	size_t i = 0;

#ifdef __SSE2__
	const __m128i cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n');

	for (; i + 16 <= size; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
		unsigned mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf)));

		for (; mask != 0; mask &= mask - 1)
			if (!line_end_ok(p, size, i + (size_t)__builtin_ctz(mask)))
				return 0;
	}
#endif
	for (; i < size; i++)
		if ((p[i] == '\r' || p[i] == '\n') && !line_end_ok(p, size, i))
			return 0;
	return 1;
}

/* Non-zero when a message can go to libESMTP as it is: every line ends
 * in CRLF (no bare CR or LF) and no header is a Bcc or Resent-Bcc.  What
 * compose queues always is; checking it costs a few microseconds for a
 * 20 KB message, where the copy below walks it byte by byte (a tenth of
 * the CPU of a delivery run, issue 18). */
static int
is_clean(const char *in, size_t size)
{
	const char *p = in, *end = in + size, *nl;

	if (!line_ends_clean(in, size))
		return 0;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == p + 1)
			return 1;                       /* the blank line */
		if (*p != ' ' && *p != '\t' &&
		    is_blind_copy(p, (size_t)((nl != NULL ? nl : end) - p)))
			return 0;
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return 1;
}

/* Streams one message to libESMTP.  libESMTP ends lines at CRLF only, so a
 * bare LF or CR becomes CRLF here: otherwise a bare-LF message is one
 * huge line, and a "\n.\n" in it could end DATA early at a lenient
 * server.  Bcc and Resent-Bcc headers are dropped (libESMTP can prohibit
 * Bcc but must pass Resent-* unaltered).  libESMTP adds the final "." to
 * the last buffer it writes. */
static const char *
read_message(void **ctx, int *len, void *arg)
{
	struct source *src = arg;
	struct delivery *d = src->delivery;
	const char *in = src->message->data;
	size_t size = src->message->size, used = 0, end;

	if (len == NULL) {                      /* rewind */
		src->pos = 0;
		src->line_start = 1;
		src->in_headers = 1;
		src->dropping = 0;
		src->whole = is_clean(in, size);
		return NULL;
	}
	/* After a refused AUTH libESMTP goes on to MAIL FROM unauthenticated;
	 * an error from here makes it drop the connection before the final
	 * dot, so the relay never accepts the content. */
	if (d->smtp->auth_user != NULL && !d->trace.authenticated) {
		cork(src, 0);
		errno = EACCES;
		*len = 0;
		return NULL;
	}
	if (src->pos >= size) {
		cork(src, 0);                   /* the end: push it all now */
		*len = 0;
		return NULL;
	}
	cork(src, 1);
	if (src->whole) {
		/* libESMTP reads its lines straight out of the stored bytes. */
		const char *at = in + src->pos;
		size_t left = size - src->pos;

		if (left > INT_MAX)
			left = INT_MAX;
		src->pos += left;
		*len = (int)left;
		return left > 0 ? at : NULL;
	}
	while (src->pos < size && used + 2 <= sizeof(d->chunk)) {
		char c = in[src->pos];

		if (src->line_start && src->in_headers) {
			if (c == '\r' || c == '\n')
				src->in_headers = src->dropping = 0;
			else if (c != ' ' && c != '\t')
				src->dropping = is_blind_copy(in + src->pos, size - src->pos);
		}
		if (c == '\r' || c == '\n') {
			src->pos += (c == '\r' && src->pos + 1 < size &&
			    in[src->pos + 1] == '\n') ? 2 : 1;
			if (!src->dropping) {
				d->chunk[used++] = '\r';
				d->chunk[used++] = '\n';
			}
			src->line_start = 1;
			continue;
		}
		for (end = src->pos; end < size && end - src->pos < sizeof(d->chunk) - used &&
		     in[end] != '\r' && in[end] != '\n'; end++)
			;
		if (!src->dropping) {
			memcpy(d->chunk + used, in + src->pos, end - src->pos);
			used += end - src->pos;
		}
		src->pos = end;
		src->line_start = 0;
	}
	*len = (int)used;
	return used > 0 ? d->chunk : NULL;
}

static void
on_event(smtp_session_t session, int event, void *arg, ...)
{
	struct delivery *d = arg;
	va_list ap;
	int *ok;

	va_start(ap, arg);
	switch (event) {
	case SMTP_EV_CONNECT:
		disarm_connect_timer(d);
		d->trace.connected = 1;
		nodelay_relay_sockets(d->relay, &d->fd);
		break;
	case SMTP_EV_STARTTLS_OK:
		/* Here libESMTP does show the socket. */
		d->tls_ok = 1;
		d->fd = SSL_get_fd(va_arg(ap, SSL *));
		set_nodelay(d->fd);
		break;
	case SMTP_EV_INVALID_PEER_CERTIFICATE: {
		long result = va_arg(ap, long);

		ok = va_arg(ap, int *);
		*ok = 0;
		note_fault(d, "TLS: the relay's certificate was refused: %s (check smtp.ca_file)",
		    X509_verify_cert_error_string(result));
		blame_setting(d, "smtp.ca_file");
		break;
	}
	case SMTP_EV_NO_PEER_CERTIFICATE:
		ok = va_arg(ap, int *);
		*ok = 0;
		note_fault(d, "TLS: the relay sent no certificate");
		blame_setting(d, "smtp.starttls");
		break;
	case SMTP_EV_WRONG_PEER_CERTIFICATE: {
		/* libESMTP's own name check knows no IP addresses; OpenSSL has
		 * already checked the name (the handshake fails otherwise), so
		 * its verdict stands. */
		const char *name;
		SSL *ssl;

		ok = va_arg(ap, int *);
		name = va_arg(ap, const char *);
		ssl = va_arg(ap, SSL *);
		*ok = ssl != NULL && SSL_get_verify_result(ssl) == X509_V_OK;
		if (!*ok) {
			note_fault(d, "TLS: the relay's certificate is for '%s', not '%s' (check smtp.host)",
			    name, d->smtp->host);
			blame_setting(d, "smtp.host");
		}
		break;
	}
	case SMTP_EV_WEAK_CIPHER: {
		int bits = va_arg(ap, int);

		ok = va_arg(ap, int *);
		*ok = 0;
		note_fault(d, "TLS: the cipher has only %d bits", bits);
		blame_setting(d, "smtp.starttls");
		break;
	}
	case SMTP_EV_NO_CLIENT_CERTIFICATE:
		ok = va_arg(ap, int *);
		*ok = 0;
		break;
	case SMTP_EV_EXTNA_STARTTLS:
		note_fault(d, "relay %s does not offer STARTTLS, which smtp.starttls = "
		    "required asks for", d->smtp->hostport);
		blame_setting(d, "smtp.starttls");
		break;
	default:
		/* SYNTAXWARNING and the other EXTNA events pass a quit flag we
		 * leave at libESMTP's default. */
		break;
	}
	va_end(ap);
}

/* The conversation as libESMTP writes and reads it (the message body
 * is not shown here): the phase of a failure, the greeting, SIZE, and
 * the answers to AUTH, which libESMTP 1.1.0 does not report. */
static void
on_monitor(const char *buf, int buflen, int writing, void *arg)
{
	struct delivery *d = arg;

	if (buflen <= 0)
		return;
	if (writing == SMTP_CB_WRITING)
		cks_smtp_trace_written(&d->trace, buf, (size_t)buflen);
	else if (writing == SMTP_CB_READING)
		cks_smtp_trace_read(&d->trace, buf, (size_t)buflen);
}

static int
give_credentials(auth_client_request_t request, char **result, int fields,
		 void *arg)
{
	static char empty[] = "";
	struct delivery *d = arg;
	int i;

	for (i = 0; i < fields; i++) {
		if (request[i].flags & AUTH_USER)
			result[i] = d->smtp->auth_user;
		else if (request[i].flags & AUTH_PASS)
			result[i] = d->smtp->auth_password;
		else
			result[i] = empty;      /* a realm: none */
	}
	return 1;
}

/* --- delivery ----------------------------------------------------------- */

static const char *
check_address(const char *address, int empty_ok)
{
	const unsigned char *p;

	if (address == NULL)
		return "is missing";
	if (address[0] == '\0' && !empty_ok)
		return "is empty";
	if (strlen(address) > MAX_ADDRESS)
		return "is longer than 254 bytes";
	/* libESMTP writes it into the command as is. */
	for (p = (const unsigned char *)address; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '<' || *p == '>')
			return "contains a control character or angle bracket";
	return NULL;
}

/* "550 5.7.1 text", with a multi-line reply's lines joined. */
static void
copy_status(struct cks_outgoing *m, enum cks_delivery_result result,
	    const smtp_status_t *st)
{
	char text[sizeof(m->reply)];
	size_t i, n = 0;

	for (i = 0; st->text != NULL && st->text[i] != '\0' && n + 1 < sizeof(text); i++)
		text[n++] = (st->text[i] == '\r' || st->text[i] == '\n') ? ' ' : st->text[i];
	while (n > 0 && text[n - 1] == ' ')
		n--;
	text[n] = '\0';
	if (st->enh_class != 0)
		set_reply(m, result, st->code, "%d %d.%d.%d %s", st->code,
		    st->enh_class, st->enh_subject, st->enh_detail, text);
	else
		set_reply(m, result, st->code, "%d %s", st->code, text);
}

/* The first refusal in protocol order decides; a code that is not final
 * (0 for no reply at all, 354 when the connection broke during the
 * message) means a network fault. */
static void
judge(struct cks_outgoing *m, smtp_message_t msg, smtp_recipient_t rcpt,
      const char *fault)
{
	const smtp_status_t *steps[3];
	size_t i;

	steps[0] = smtp_reverse_path_status(msg);
	steps[1] = smtp_recipient_status(rcpt);
	steps[2] = smtp_message_transfer_status(msg);
	for (i = 0; i < 3; i++) {
		int class = steps[i]->code / 100;

		if (class == 2)
			continue;
		if (class == 4 || class == 5) {
			copy_status(m, class == 4 ? CKS_DELIVERY_DEFERRED :
			    CKS_DELIVERY_FAILED, steps[i]);
			return;
		}
		set_reply(m, CKS_DELIVERY_DEFERRED, 0, "%s", fault);
		return;
	}
	copy_status(m, CKS_DELIVERY_SENT, steps[2]);
}

/* smtp_errno() is never cleared.  A call refused on purpose leaves
 * SMTP_ERR_INVAL, so any other value afterwards is the session's own. */
static void
mark_smtp_errno(void)
{
	smtp_set_server(NULL, NULL);
}

/* Why the session gave a message no final reply: the TLS alert, the
 * connect error, the greeting, or the command whose reply was awaited
 * when the relay went silent (a timeout) or closed the connection. */
static void
fault_text(const struct delivery *d, char *buf, size_t len)
{
	const struct cks_smtp_trace *t = &d->trace;
	const char *hp = d->smtp->hostport;
	const char *phase = cks_smtp_phase_name(cks_smtp_trace_waiting(t));
	char why[128];
	int e = smtp_errno();

	if (d->fault[0] != '\0') {
		snprintf(buf, len, "%s", d->fault);
	} else if (d->handshake_started && !d->tls_ok) {
		unsigned long oe = ERR_peek_error();
		const char *reason = oe != 0 ? ERR_reason_error_string(oe) : NULL;

		snprintf(buf, len, "relay %s: TLS handshake failed (STARTTLS): %s%s%s;"
		    " cksgate speaks TLS 1.2 only, or set smtp.starttls", hp,
		    d->tls_alert[0] != '\0' ? d->tls_alert : "no alert",
		    reason != NULL ? ": " : "", reason != NULL ? reason : "");
	} else if (!t->connected) {
		if (e == -EINTR)
			snprintf(buf, len, "relay %s: connect timed out after %ld ms (connect)",
			    hp, d->smtp->connect_timeout_ms);
		else
			snprintf(buf, len, "relay %s: cannot connect: %s (connect)", hp,
			    e != 0 && e != SMTP_ERR_INVAL ? smtp_strerror(e, why, sizeof(why))
			    : "no connection");
	} else if (t->greeted && t->greeting_code / 100 != 2) {
		snprintf(buf, len, "relay %s refused the session in its greeting: %s",
		    hp, t->greeting);
	} else if (t->closing[0] != '\0') {
		/* The messages after a 421 never got a reply of their own. */
		snprintf(buf, len, "relay %s ended the session before this message "
		    "(421 %s %s): %s", hp, t->closing_unasked ? "after the reply to"
		    : "in reply to", cks_smtp_phase_name(t->closing_phase), t->closing);
	} else if (cks_monotonic_us() / 1000 - t->last_io_ms >=
		   d->smtp->command_timeout_ms * 9 / 10) {
		snprintf(buf, len, "relay %s: no reply within %ld ms (timeout in %s)",
		    hp, d->smtp->command_timeout_ms, phase);
	} else {
		snprintf(buf, len, "relay %s closed the connection while cksgate "
		    "waited for the reply to %s%s%s", hp, phase,
		    e != 0 && e != SMTP_ERR_INVAL ? ": " : "",
		    e != 0 && e != SMTP_ERR_INVAL ? smtp_strerror(e, why, sizeof(why)) : "");
	}
	cks_text_make_printable(buf);
}

/* A fault of the whole session that is our configuration: the key to
 * change, with the reason in why; NULL otherwise. */
static const char *
config_fault(const struct delivery *d, char *why, size_t len)
{
	const struct cks_smtp_trace *t = &d->trace;
	const struct cks_smtp *s = d->smtp;
	const char *setting;

	if (d->fault_setting != NULL) {
		snprintf(why, len, "%s", d->fault);
		return d->fault_setting;
	}
	if (d->handshake_started && !d->tls_ok) {
		fault_text(d, why, len);
		return "smtp.starttls";
	}
	setting = cks_smtp_config_fault(t, d->tls_ok, s->auth_user != NULL,
	    s->hostport, why, len);
	if (setting != NULL)
		return setting;
	/* Greeted and on to MAIL, but never authenticated. */
	if (s->auth_user != NULL && !t->authenticated && t->greeted &&
	    t->greeting_code / 100 == 2 && t->last_written >= CKS_SMTP_MAIL) {
		snprintf(why, len, "relay %s offered no usable AUTH mechanism after "
		    "STARTTLS (check smtp.auth_file and the relay's AUTH settings)",
		    s->hostport);
		return "smtp.auth_file";
	}
	return NULL;
}

static int
setup_session(smtp_session_t session, struct delivery *d,
	      auth_context_t *auth)
{
	static const int phases[] = { Timeout_GREETING, Timeout_ENVELOPE,
		Timeout_DATA, Timeout_TRANSFER, Timeout_DATA2 };
	const struct cks_smtp *s = d->smtp;
	enum starttls_option how = Starttls_DISABLED;
	size_t i;

	if (!smtp_set_server(session, s->hostport))
		return -1;
	/* Milliseconds, whatever libESMTP's documentation says. */
	for (i = 0; i < sizeof(phases) / sizeof(phases[0]); i++)
		if (smtp_set_timeout(session, phases[i] | Timeout_OVERRIDE_RFC2822_MINIMUM,
		    s->command_timeout_ms) == 0)
			return -1;
	if (s->starttls == CKS_STARTTLS_IF_OFFERED)
		how = Starttls_ENABLED;
	else if (s->starttls == CKS_STARTTLS_REQUIRED)
		how = Starttls_REQUIRED;
	if (!smtp_starttls_enable(session, how))
		return -1;
	if (s->tls != NULL && !smtp_starttls_set_ctx(session, s->tls))
		return -1;
	if (!smtp_set_eventcb(session, on_event, d))
		return -1;
	if (s->auth_user != NULL) {
		*auth = auth_create_context();
		if (*auth == NULL)
			return -1;
		/* Plain-text mechanisms are refused unless allowed; they only
		 * ever run inside the required TLS. */
		auth_set_mechanism_flags(*auth, AUTH_PLUGIN_PLAIN, 0);
		auth_set_interact_cb(*auth, give_credentials, d);
		if (!smtp_auth_set_context(session, *auth))
			return -1;
	}
	/* One refused recipient must not be followed by its message: a
	 * relay counts every BDAT or DATA after it as one more error
	 * (Postfix drops the session after 20).  With this libESMTP waits
	 * for the RCPT reply and sends RSET instead of the data. */
	if (!smtp_option_require_all_recipients(session, 1) ||
	    !smtp_set_monitorcb(session, on_monitor, d, 0))
		return -1;
	return 0;
}

/* Whether any message's MAIL FROM was answered. */
static int
any_answered(smtp_message_t *msgs, size_t count, const int *valid)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (valid[i] && smtp_reverse_path_status(msgs[i])->code != 0)
			return 1;
	return 0;
}

static void
defer_all(struct cks_outgoing *messages, size_t count, const int *valid,
	  const char *why)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (valid[i])
			set_reply(&messages[i], CKS_DELIVERY_DEFERRED, 0, "%s", why);
}

int
cks_smtp_deliver(struct cks_smtp *smtp, struct cks_outgoing *messages,
		 size_t count, struct cks_smtp_relay *relay, struct cks_error *err)
{
	const char *setting;
	struct delivery *d = NULL;
	struct source *sources = NULL;
	smtp_message_t *msgs = NULL;
	smtp_recipient_t *rcpts = NULL;
	int *valid = NULL;
	smtp_session_t session = NULL;
	auth_context_t auth = NULL;
	char why[512];
	size_t i, attempted = 0;
	int rc = -1;

	if (smtp == NULL || (messages == NULL && count > 0))
		return cks_error_set(err, CKS_ERROR_INVALID, "smtp: nothing to deliver with");
	if (relay != NULL) {
		memset(relay, 0, sizeof(*relay));
		relay->size_limit = -1;
	}
	if (count == 0)
		return 0;
	d = calloc(1, sizeof(*d));
	sources = calloc(count, sizeof(*sources));
	msgs = calloc(count, sizeof(*msgs));
	rcpts = calloc(count, sizeof(*rcpts));
	valid = calloc(count, sizeof(*valid));
	if (d == NULL || sources == NULL || msgs == NULL || rcpts == NULL || valid == NULL) {
		snprintf(why, sizeof(why), "out of memory");
		for (i = 0; i < count; i++)
			set_reply(&messages[i], CKS_DELIVERY_DEFERRED, 0, "%s", why);
		cks_error_set(err, CKS_ERROR_INTERNAL, "%s", why);
		goto out;
	}
	d->smtp = smtp;
	d->fd = -1;

	/* A malformed envelope can never succeed: it fails alone. */
	for (i = 0; i < count; i++) {
		struct cks_outgoing *m = &messages[i];
		const char *bad;

		if ((bad = check_address(m->sender, 1)) != NULL)
			set_reply(m, CKS_DELIVERY_FAILED, 0, "not sent: the sender %s", bad);
		else if ((bad = check_address(m->recipient, 0)) != NULL)
			set_reply(m, CKS_DELIVERY_FAILED, 0, "not sent: the recipient %s", bad);
		else if (m->data == NULL && m->size > 0)
			set_reply(m, CKS_DELIVERY_FAILED, 0, "not sent: no message data");
		else {
			valid[i] = 1;
			attempted++;
			set_reply(m, CKS_DELIVERY_DEFERRED, 0, "not attempted");
		}
	}
	if (attempted == 0) {
		rc = 0;
		goto out;
	}

	if (resolve_relay(smtp, &d->relay, why, sizeof(why)) < 0) {
		defer_all(messages, count, valid, why);
		if (relay != NULL) {
			relay->session_fault = 1;
			snprintf(relay->reason, sizeof(relay->reason), "%s", why);
		}
		cks_error_set(err, CKS_ERROR_TEMPORARY, "smtp: %s", why);
		goto out;
	}

	session = smtp_create_session();
	if (session == NULL || setup_session(session, d, &auth) < 0)
		goto libesmtp_failed;
	for (i = 0; i < count; i++) {
		struct cks_outgoing *m = &messages[i];

		if (!valid[i])
			continue;
		sources[i].delivery = d;
		sources[i].message = m;
		msgs[i] = smtp_add_message(session);
		if (msgs[i] == NULL ||
		    !smtp_set_reverse_path(msgs[i], m->sender) ||
		    (rcpts[i] = smtp_add_recipient(msgs[i], m->recipient)) == NULL ||
		    !smtp_set_messagecb(msgs[i], read_message, &sources[i]) ||
		    !smtp_set_header_option(msgs[i], "Bcc", Hdr_PROHIBIT, 1))
			goto libesmtp_failed;
		smtp_size_set_estimate(msgs[i], (unsigned long)m->size);
	}

	mark_smtp_errno();
	cks_smtp_trace_init(&d->trace);
	current_delivery = d;
	arm_connect_timer(d);
	/* Its result says only whether a connection was made; the status
	 * codes below say what happened to each message. */
	smtp_start_session(session);
	disarm_connect_timer(d);
	current_delivery = NULL;

	if (relay != NULL)
		relay->size_limit = d->trace.size_limit;
	setting = config_fault(d, why, sizeof(why));
	if (setting == NULL && smtp->auth_user != NULL && !d->trace.authenticated &&
	    d->trace.auth_code != 0) {
		/* A passing refusal of AUTH (4xx): nothing went out
		 * unauthenticated (read_message saw to that); all wait. */
		snprintf(why, sizeof(why), "relay %s refused AUTH for now: %s",
		    smtp->hostport, d->trace.auth_reply);
		for (i = 0; i < count; i++)
			if (valid[i])
				set_reply(&messages[i], CKS_DELIVERY_DEFERRED,
				    d->trace.auth_code, "%s", why);
		if (relay != NULL) {
			relay->session_fault = 1;
			snprintf(relay->reason, sizeof(relay->reason), "%s", why);
		}
		cks_error_set(err, CKS_ERROR_TEMPORARY, "smtp: %s", why);
		goto out;
	}
	if (setting == NULL && !any_answered(msgs, count, valid)) {
		/* No message got as far as a reply to its MAIL: the session
		 * itself failed (no connection, a refusing greeting, STARTTLS
		 * refused...) and the next batch would meet the same. */
		fault_text(d, why, sizeof(why));
		defer_all(messages, count, valid, why);
		if (relay != NULL) {
			relay->session_fault = 1;
			snprintf(relay->reason, sizeof(relay->reason), "%s", why);
		}
		cks_error_set(err, CKS_ERROR_TEMPORARY, "smtp: %s", why);
		goto out;
	}
	if (setting != NULL) {
		/* Not the messages' fault: all wait, none fails. */
		int code = d->trace.auth_code != 0 ? d->trace.auth_code
		    : d->trace.mail_refused_code;

		for (i = 0; i < count; i++)
			if (valid[i])
				set_reply(&messages[i], CKS_DELIVERY_DEFERRED, code, "%s", why);
		if (relay != NULL) {
			relay->session_fault = 1;
			relay->setting = setting;
			snprintf(relay->reason, sizeof(relay->reason), "%s", why);
		}
		cks_error_set(err, CKS_ERROR_INVALID, "smtp: %s", why);
		goto out;
	}

	fault_text(d, why, sizeof(why));
	for (i = 0; i < count; i++)
		if (valid[i])
			judge(&messages[i], msgs[i], rcpts[i], why);
	rc = 0;
	goto out;

libesmtp_failed: {
		char text[128];

		snprintf(why, sizeof(why), "libESMTP: %s",
		    smtp_strerror(smtp_errno(), text, sizeof(text)));
	}
	defer_all(messages, count, valid, why);
	cks_error_set(err, CKS_ERROR_INTERNAL, "smtp: %s", why);
out:
	if (session != NULL)
		smtp_destroy_session(session);
	if (auth != NULL)
		auth_destroy_context(auth);
	/* A refused handshake leaves errors in this thread's OpenSSL queue,
	 * where the next OpenSSL user would find them. */
	ERR_clear_error();
	if (d != NULL)
		disarm_connect_timer(d);
	if (d != NULL && d->relay != NULL)
		freeaddrinfo(d->relay);
	free(valid);
	free(rcpts);
	free(msgs);
	free(sources);
	free(d);
	return rc;
}
