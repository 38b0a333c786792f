/* The reasons a deferred message records when no reply of its own came:
 * the trace of the conversation (lib/mailout/smtp_reason.c) fed by hand, and
 * cks_smtp_deliver() against small servers in a thread of this test that
 * misbehave on purpose: a 421 greeting, silence after RCPT, a full accept
 * queue (connect never completes), a TLS 1.3-only STARTTLS. */
#include "autoconfig.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "testhelp.h"
#include "smtp.h"
#include "smtp_reason.h"

static char *cert_file, *key_file;

/* --- the trace alone ---------------------------------------------------- */

static void
feed_read(struct cks_smtp_trace *t, const char *s)
{
	cks_smtp_trace_read(t, s, strlen(s));
}

static void
feed_written(struct cks_smtp_trace *t, const char *s)
{
	cks_smtp_trace_written(t, s, strlen(s));
}

static void
test_trace_phases_and_size(void **state)
{
	struct cks_smtp_trace t;

	(void)state;
	cks_smtp_trace_init(&t);
	assert_int_equal(cks_smtp_trace_waiting(&t), CKS_SMTP_CONNECT);
	feed_read(&t, "220-relay.example ESMTP\r\n");
	assert_int_equal(cks_smtp_trace_waiting(&t), CKS_SMTP_GREETING);
	feed_read(&t, "220 ready\r\n");
	feed_written(&t, "EHLO gw.example\r\n");
	assert_int_equal(cks_smtp_trace_waiting(&t), CKS_SMTP_EHLO);
	feed_read(&t, "250-relay.example\r\n250-SIZE 10240000\r\n250-PIPELINING\r\n");
	feed_read(&t, "250 CHUNKING\r\n");
	assert_int_equal(t.size_limit, 10240000);
	/* Pipelined: MAIL and RCPT written together, replies one by one. */
	feed_written(&t, "MAIL FROM:<a@example> SIZE=100\r\nRCPT TO:<b@example>\r\n");
	assert_int_equal(cks_smtp_trace_waiting(&t), CKS_SMTP_MAIL);
	feed_read(&t, "250 2.1.0 Ok\r\n");
	assert_int_equal(cks_smtp_trace_waiting(&t), CKS_SMTP_RCPT);
	/* A reply split over two reads. */
	feed_read(&t, "450 4.2.1 <b@example>: Recipient ");
	assert_int_equal(cks_smtp_trace_waiting(&t), CKS_SMTP_RCPT);
	feed_read(&t, "address rejected\r\n");
	feed_written(&t, "DATA\r\n");
	feed_read(&t, "354 go ahead\r\n");
	assert_int_equal(cks_smtp_trace_waiting(&t), CKS_SMTP_DATA);
	assert_string_equal(cks_smtp_phase_name(CKS_SMTP_DATA), "DATA");
	feed_read(&t, "250 2.0.0 queued\r\n");
	/* Postfix at smtpd_hard_error_limit: the session ends with a 421. */
	feed_written(&t, "MAIL FROM:<a@example>\r\nRCPT TO:<c@example>\r\n");
	feed_read(&t, "421 4.7.0 relay.example Error: too many errors\r\n");
	assert_string_equal(t.closing, "421 4.7.0 relay.example Error: too many errors");
	assert_int_equal(t.closing_phase, CKS_SMTP_MAIL);
	assert_int_equal(t.closing_unasked, 0);

	/* Unasked, right after the refusal that reached the limit. */
	cks_smtp_trace_init(&t);
	feed_read(&t, "220 ready\r\n");
	feed_written(&t, "RCPT TO:<c@example>\r\n");
	feed_read(&t, "550 5.1.1 no such user\r\n421 4.7.0 Error: too many errors\r\n");
	assert_int_equal(t.closing_phase, CKS_SMTP_RCPT);
	assert_int_equal(t.closing_unasked, 1);
}

static void
test_trace_greeting_refused(void **state)
{
	struct cks_smtp_trace t;

	(void)state;
	cks_smtp_trace_init(&t);
	feed_read(&t, "421 4.3.2 Service shutting down\r\n");
	assert_int_equal(t.greeted, 1);
	assert_int_equal(t.greeting_code, 421);
	assert_string_equal(t.greeting, "421 4.3.2 Service shutting down");
}

static void
test_config_fault_530(void **state)
{
	struct cks_smtp_trace t;
	char why[512];
	const char *key;

	(void)state;
	cks_smtp_trace_init(&t);
	feed_read(&t, "220 ready\r\n");
	feed_written(&t, "EHLO gw\r\n");
	feed_read(&t, "250 relay\r\n");
	feed_written(&t, "MAIL FROM:<a@example>\r\n");
	feed_read(&t, "530 5.7.0 Must issue a STARTTLS command first\r\n");
	key = cks_smtp_config_fault(&t, 0, 0, "relay:25", why, sizeof(why));
	assert_non_null(key);
	assert_string_equal(key, "smtp.starttls");
	assert_non_null(strstr(why, "530 5.7.0 Must issue a STARTTLS command first"));

	/* Exchange's wording asks for authentication, not TLS. */
	cks_smtp_trace_init(&t);
	feed_read(&t, "220 ready\r\n");
	feed_written(&t, "MAIL FROM:<a@example>\r\n");
	feed_read(&t, "530 5.7.57 Client not authenticated to send mail\r\n");
	key = cks_smtp_config_fault(&t, 1, 0, "relay:587", why, sizeof(why));
	assert_non_null(key);
	assert_string_equal(key, "smtp.auth_file");

	/* A refused recipient is the message's, not the configuration's. */
	cks_smtp_trace_init(&t);
	feed_read(&t, "220 ready\r\n");
	feed_written(&t, "MAIL FROM:<a@example>\r\nRCPT TO:<b@example>\r\n");
	feed_read(&t, "250 ok\r\n550 5.1.1 no such user\r\n");
	assert_null(cks_smtp_config_fault(&t, 0, 0, "relay:25", why, sizeof(why)));
}

/* --- misbehaving servers ---------------------------------------------------- */

enum behaviour { GREET_421, SILENT_AFTER_RCPT, TLS13_ONLY };

struct server {
	int listen_fd;
	int port;
	enum behaviour behaviour;
	pthread_t thread;
};

static void
say(int fd, const char *text)
{
	ssize_t n = write(fd, text, strlen(text));

	(void)n;
}

/* Reads one command line; 0 at the end of the connection. */
static int
hear(int fd, char *line, size_t size)
{
	size_t n = 0;
	char c;

	while (n + 1 < size && read(fd, &c, 1) == 1) {
		line[n++] = c;
		if (c == '\n') {
			line[n] = '\0';
			return 1;
		}
	}
	return 0;
}

static void *
serve(void *arg)
{
	struct server *s = arg;
	char line[512];
	int fd = accept(s->listen_fd, NULL, NULL);

	if (fd < 0)
		return NULL;
	switch (s->behaviour) {
	case GREET_421:
		say(fd, "421 4.3.2 relay.example Service not available, closing channel\r\n");
		break;
	case SILENT_AFTER_RCPT:
		say(fd, "220 relay.example ESMTP\r\n");
		while (hear(fd, line, sizeof(line))) {
			if (strncmp(line, "EHLO", 4) == 0)
				say(fd, "250 relay.example\r\n");
			else if (strncmp(line, "MAIL", 4) == 0)
				say(fd, "250 2.1.0 Ok\r\n");
			else if (strncmp(line, "RCPT", 4) == 0)
				continue;       /* no reply: the client times out */
			else if (strncmp(line, "QUIT", 4) == 0)
				break;
		}
		break;
	case TLS13_ONLY: {
		SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
		SSL *ssl;

		say(fd, "220 relay.example ESMTP\r\n");
		while (hear(fd, line, sizeof(line))) {
			if (strncmp(line, "EHLO", 4) == 0) {
				say(fd, "250-relay.example\r\n250 STARTTLS\r\n");
			} else if (strncmp(line, "STARTTLS", 8) == 0) {
				say(fd, "220 2.0.0 Ready to start TLS\r\n");
				break;
			} else {
				break;
			}
		}
		SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
		SSL_CTX_use_certificate_chain_file(ctx, cert_file);
		SSL_CTX_use_PrivateKey_file(ctx, key_file, SSL_FILETYPE_PEM);
		ssl = SSL_new(ctx);
		SSL_set_fd(ssl, fd);
		SSL_accept(ssl);        /* fails: the client offers TLS 1.2 */
		SSL_free(ssl);
		SSL_CTX_free(ctx);
		ERR_clear_error();
		break;
	}
	}
	close(fd);
	return NULL;
}

static void
server_start(struct server *s, enum behaviour behaviour)
{
	s->behaviour = behaviour;
	s->listen_fd = test_socket_listening(4, &s->port);
	assert_int_equal(pthread_create(&s->thread, NULL, serve, s), 0);
}

static void
server_join(struct server *s)
{
	pthread_join(s->thread, NULL);
	close(s->listen_fd);
}

static void
deliver_one(int port, enum cks_starttls starttls, struct cks_outgoing *m,
	    struct cks_smtp_relay *relay)
{
	static const char data[] = "From: a@example.invalid\r\nTo: b@example.invalid\r\n"
	    "Subject: t\r\n\r\nbody\r\n";
	struct cks_smtp_config c;
	struct cks_smtp *smtp = NULL;
	struct cks_error err;

	memset(&c, 0, sizeof(c));
	c.host = "127.0.0.1";
	c.port = port;
	c.starttls = starttls;
	c.ca_file = cert_file;
	c.connect_timeout_ms = 1000;
	c.command_timeout_ms = 1000;
	assert_int_equal(cks_smtp_new(&c, &smtp, &err), 0);
	memset(m, 0, sizeof(*m));
	m->queue_id = 1;
	m->sender = "a@example.invalid";
	m->recipient = "b@example.invalid";
	m->data = data;
	m->size = sizeof(data) - 1;
	cks_smtp_deliver(smtp, m, 1, relay, &err);
	cks_smtp_free(&smtp);
}

static void
test_greeting_421_is_quoted(void **state)
{
	struct server s;
	struct cks_outgoing m;
	struct cks_smtp_relay relay;

	(void)state;
	server_start(&s, GREET_421);
	deliver_one(s.port, CKS_STARTTLS_OFF, &m, &relay);
	server_join(&s);
	assert_int_equal(m.result, CKS_DELIVERY_DEFERRED);
	assert_non_null(strstr(m.reply, "greeting: 421 4.3.2 relay.example Service not available"));
	assert_int_equal(relay.session_fault, 1);
	assert_null(relay.setting);
}

static void
test_timeout_names_the_phase(void **state)
{
	struct server s;
	struct cks_outgoing m;
	struct cks_smtp_relay relay;

	(void)state;
	server_start(&s, SILENT_AFTER_RCPT);
	deliver_one(s.port, CKS_STARTTLS_OFF, &m, &relay);
	server_join(&s);
	assert_int_equal(m.result, CKS_DELIVERY_DEFERRED);
	assert_non_null(strstr(m.reply, "no reply within 1000 ms (timeout in RCPT)"));
	assert_null(strstr(m.reply, "dropped"));
}

/* A listening socket whose accept queue is full and never drained: the
 * kernel drops further SYNs, as a firewalled relay does. */
static void
test_connect_timeout(void **state)
{
	struct cks_outgoing m;
	struct cks_smtp_relay relay;
	int port, fd = test_socket_listening(0, &port), fillers[4], i;
	struct sockaddr_in a;

	(void)state;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((uint16_t)port);
	for (i = 0; i < 4; i++) {
		fillers[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		connect(fillers[i], (struct sockaddr *)&a, sizeof(a));
	}
	/* The first filler's handshake completes into the accept queue (as
	 * long as it takes, not a guess); those behind it stay unanswered. */
	{
		struct pollfd p = { .fd = fillers[0], .events = POLLOUT };

		assert_int_equal(poll(&p, 1, 5000), 1);
	}
	deliver_one(port, CKS_STARTTLS_OFF, &m, &relay);
	for (i = 0; i < 4; i++)
		close(fillers[i]);
	close(fd);
	assert_int_equal(m.result, CKS_DELIVERY_DEFERRED);
	if (strstr(m.reply, "connect timed out after 1000 ms (connect)") == NULL)
		fail_msg("reply: %s", m.reply);
	assert_int_equal(relay.session_fault, 1);
}

static void
test_tls13_only_relay(void **state)
{
	struct server s;
	struct cks_outgoing m;
	struct cks_smtp_relay relay;

	(void)state;
	server_start(&s, TLS13_ONLY);
	deliver_one(s.port, CKS_STARTTLS_REQUIRED, &m, &relay);
	server_join(&s);
	assert_int_equal(m.result, CKS_DELIVERY_DEFERRED);
	if (strstr(m.reply, "TLS handshake failed") == NULL ||
	    strstr(m.reply, "protocol version") == NULL ||
	    strstr(m.reply, "TLSv1.2") == NULL)
		fail_msg("reply: %s", m.reply);
	assert_null(strstr(m.reply, "Client error"));
	assert_non_null(relay.setting);
	assert_string_equal(relay.setting, "smtp.starttls");
}

static int
setup_group(void **state)
{
	char command[1024];

	(void)state;
	cert_file = test_path("relay.pem");
	key_file = test_path("relay.key");
	snprintf(command, sizeof(command),
	    "openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost "
	    "-addext subjectAltName=IP:127.0.0.1 -days 2 -keyout '%s' -out '%s' 2>/dev/null",
	    key_file, cert_file);
	return system(command) == 0 ? 0 : -1;
}

static int
teardown_group(void **state)
{
	(void)state;
	free(cert_file);
	free(key_file);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trace_phases_and_size),
		cmocka_unit_test(test_trace_greeting_refused),
		cmocka_unit_test(test_config_fault_530),
		cmocka_unit_test(test_greeting_421_is_quoted),
		cmocka_unit_test(test_timeout_names_the_phase),
		cmocka_unit_test(test_connect_timeout),
		cmocka_unit_test(test_tls13_only_relay),
	};

	return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
