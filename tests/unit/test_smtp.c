/* Unit tests for lib/mailout/smtp: delivery through libESMTP to the scripted test
 * server tests/servers/smtp_server.py (run with /usr/bin/python3, which has
 * Debian's python3-aiosmtpd; it listens on 127.0.0.1 only), and the spool.
 * The server is found through $CKS_SRCDIR (set by "make check"), else the
 * CKS_SRCDIR macro given when compiling. */
#include "autoconfig.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testhelp.h"
#include "smtp.h"

#define USER "relayuser"
#define PASSWORD "s3cret pass"

/* The one server a test may have running; the teardown stops it when a
 * failed assertion left it behind. */
static struct test_server running;
static char *cert_file, *key_file, *other_cert_file, *other_key_file;

/* Starts the server with a script (a JSON list of actions) and optional
 * STARTTLS certificate and AUTH credentials. */
static void
start_server(const char *script, const char *tls_cert, const char *tls_key,
	     const char *auth)
{
	test_smtp_server_start(&running, script, tls_cert, tls_key, auth);
}

/* SIGTERM, and the server must then exit cleanly. */
static int
stop_server(void)
{
	return test_server_stop(&running);
}

static int
teardown_server(void **state)
{
	if (running.pid > 0 || running.maildir != NULL)
		stop_server();
	return 0;
}

static void
stop_server_cleanly(void)
{
	assert_int_equal(stop_server(), 0);
}

static char *
make_cert(const char *name, const char *subject, const char *alt_names,
	  char **key_out)
{
	char *cert, *key, command[2048], base[64];

	snprintf(base, sizeof(base), "%s.pem", name);
	cert = test_path(base);
	snprintf(base, sizeof(base), "%s.key", name);
	key = test_path(base);
	snprintf(command, sizeof(command),
	    "openssl req -x509 -newkey rsa:2048 -nodes -subj '%s' "
	    "-addext subjectAltName=%s -days 2 -keyout '%s' -out '%s' 2>/dev/null",
	    subject, alt_names, key, cert);
	if (system(command) != 0)
		return NULL;
	*key_out = key;
	return cert;
}

static int
setup_group(void **state)
{
	cert_file = make_cert("relay", "/CN=localhost",
	    "DNS:localhost,IP:127.0.0.1", &key_file);
	other_cert_file = make_cert("other", "/CN=other.example",
	    "DNS:other.example", &other_key_file);
	return cert_file != NULL && other_cert_file != NULL ? 0 : -1;
}

static int
teardown_group(void **state)
{
	free(cert_file);
	free(key_file);
	free(other_cert_file);
	free(other_key_file);
	return 0;
}

static struct cks_smtp_config
relay_config(void)
{
	struct cks_smtp_config c;

	memset(&c, 0, sizeof(c));
	c.host = "127.0.0.1";
	c.port = running.port;
	c.starttls = CKS_STARTTLS_OFF;
	c.connect_timeout_ms = 5000;
	c.command_timeout_ms = 10000;
	return c;
}

static struct cks_smtp *
new_relay(const struct cks_smtp_config *c)
{
	struct cks_smtp *smtp = NULL;
	struct cks_error err;

	if (cks_smtp_new(c, &smtp, &err) < 0)
		fail_msg("cks_smtp_new: %s", err.message);
	return smtp;
}

static void
outgoing(struct cks_outgoing *m, int64_t id, const char *recipient,
	 const char *data)
{
	memset(m, 0, sizeof(*m));
	m->queue_id = id;
	m->sender = "gateway@example.org";
	m->recipient = recipient;
	m->data = data;
	m->size = strlen(data);
	m->code = -1;
}

static void
deliver(const struct cks_smtp_config *c, struct cks_outgoing *m, size_t n,
	int expect_rc)
{
	struct cks_smtp *smtp = new_relay(c);
	struct cks_error err;
	int rc;

	rc = cks_smtp_deliver(smtp, m, n, NULL, &err);
	if (rc != expect_rc)
		fail_msg("cks_smtp_deliver returned %d: %s", rc,
		    rc < 0 ? err.message : m[0].reply);
	cks_smtp_free(&smtp);
	assert_null(smtp);
}

static void
assert_result(const struct cks_outgoing *m, enum cks_delivery_result result,
	      int code, const char *reply_part)
{
	if (m->result != result || m->code != code ||
	    (reply_part != NULL && strstr(m->reply, reply_part) == NULL))
		fail_msg("message %lld: result %d code %d reply '%s'; expected %d %d '%s'",
		    (long long)m->queue_id, m->result, m->code, m->reply, result,
		    code, reply_part != NULL ? reply_part : "");
}

static int
count_mail(void)
{
	DIR *dir = opendir(running.maildir);
	struct dirent *e;
	int n = 0;

	assert_non_null(dir);
	while ((e = readdir(dir)) != NULL) {
		size_t len = strlen(e->d_name);

		if (len > 4 && strcmp(e->d_name + len - 4, ".eml") == 0)
			n++;
	}
	closedir(dir);
	return n;
}

/* The n-th stored message (from 1), split into the server's own header
 * lines and the message as received. */
static char *
received(int n, char **server_headers)
{
	char name[32], *path, *text, *p, *body;
	size_t len;

	snprintf(name, sizeof(name), "/%04d.eml", n);
	len = strlen(running.maildir) + sizeof(name);
	path = malloc(len);
	assert_non_null(path);
	snprintf(path, len, "%s%s", running.maildir, name);
	text = test_read_file(path, NULL);
	if (text == NULL)
		fail_msg("no %s", path);
	free(path);
	for (p = text; strncmp(p, "X-Envelope-", 11) == 0 ||
	     strncmp(p, "X-Session-", 10) == 0; p = strchr(p, '\n') + 1)
		;
	body = strdup(p);
	assert_non_null(body);
	if (server_headers != NULL) {
		*p = '\0';
		*server_headers = text;
	} else {
		free(text);
	}
	return body;
}

static void
assert_received(int n, const char *expected_data, const char *expected_headers)
{
	char *headers, *body = received(n, &headers);

	assert_string_equal(body, expected_data);
	if (expected_headers != NULL && strstr(headers, expected_headers) == NULL)
		fail_msg("message %d: '%s' not among the server's headers:\n%s",
		    n, expected_headers, headers);
	free(headers);
	free(body);
}

/* Complete headers, so that libESMTP has nothing to add. */
#define HEADERS(subject) \
	"Date: Mon, 02 Mar 2026 10:00:00 +0700\r\n" \
	"From: Gateway <gateway@example.org>\r\n" \
	"To: someone@example.net\r\n" \
	"Message-ID: <" subject "@example.org>\r\n" \
	"Subject: " subject "\r\n"

static char *
long_message(void)
{
	static const char line[] =
	    "This line is here to push the message past libESMTP's buffers.\r\n";
	size_t n = 200, len = strlen(HEADERS("long")) + 2 + n * (sizeof(line) - 1) + 1;
	char *text = malloc(len), *p;
	size_t i;

	assert_non_null(text);
	p = text + sprintf(text, "%s\r\n", HEADERS("long"));
	for (i = 0; i < n; i++)
		p += sprintf(p, "%s", i == 100 ? ".leading dot, stuffed on the way\r\n" : line);
	return text;
}

static void
test_three_messages_one_session(void **state)
{
	const char *first = HEADERS("one") "\r\nFirst body.\r\n";
	const char *second = HEADERS("two") "MIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: 8bit\r\n\r\n"
	    "สวัสดีครับ\r\n.\r\n..two dots\r\nlast line\r\n";
	char *third = long_message();
	struct cks_smtp_config c;
	struct cks_outgoing m[3];
	char *headers[3], *body;
	int i;

	start_server("[]", NULL, NULL, NULL);
	c = relay_config();
	outgoing(&m[0], 1, "one@example.net", first);
	outgoing(&m[1], 2, "two@example.net", second);
	outgoing(&m[2], 3, "three@example.net", third);
	deliver(&c, m, 3, 0);
	for (i = 0; i < 3; i++)
		assert_result(&m[i], CKS_DELIVERY_SENT, 250, "OK stored as");
	assert_int_equal(count_mail(), 3);
	assert_received(1, first, "X-Envelope-To: <one@example.net>");
	assert_received(2, second, "X-Envelope-To: <two@example.net>");
	assert_received(3, third, "X-Envelope-From: <gateway@example.org>");
	/* One connection carried all three. */
	for (i = 0; i < 3; i++) {
		body = received(i + 1, &headers[i]);
		free(body);
	}
	assert_non_null(strstr(headers[0], "X-Session-Id: "));
	assert_string_equal(strstr(headers[0], "X-Session-Id: "),
	    strstr(headers[1], "X-Session-Id: "));
	assert_string_equal(strstr(headers[0], "X-Session-Id: "),
	    strstr(headers[2], "X-Session-Id: "));
	for (i = 0; i < 3; i++)
		free(headers[i]);
	free(third);
	stop_server_cleanly();
}

/* Messages longer than libESMTP's 2 KiB write buffer end with a short
 * write; with Nagle's algorithm on, each then waits some 40 ms for the
 * relay's delayed ACK.  20 such messages take about 50 ms with
 * TCP_NODELAY and over 800 ms without. */
static void
test_no_delayed_ack_stall(void **state)
{
	struct cks_smtp_config c;
	struct cks_outgoing m[20];
	struct timespec t0, t1;
	char *data = long_message();
	double ms;
	int i;

	start_server("[]", NULL, NULL, NULL);
	c = relay_config();
	for (i = 0; i < 20; i++)
		outgoing(&m[i], 100 + i, "fast@example.net", data);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	deliver(&c, m, 20, 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	for (i = 0; i < 20; i++)
		assert_result(&m[i], CKS_DELIVERY_SENT, 250, NULL);
	/* Speed is the benchmark's business (bench/smtp_bench.sh: about 40 ms
	 * a message without TCP_NODELAY, under 1 ms with it); a timed
	 * assertion here would fail on a loaded machine. */
	ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	print_message("# 20 messages of %zu bytes in one session: %.0f ms\n",
	    strlen(data), ms);
	free(data);
	stop_server_cleanly();
}

static void
test_bare_lf_becomes_crlf(void **state)
{
	/* A bare-LF "\n.\n" must not end DATA early: everything after it
	 * arrives too. */
	const char *data =
	    "Date: Mon, 02 Mar 2026 10:00:00 +0700\n"
	    "From: gateway@example.org\n"
	    "Message-ID: <bare@example.org>\n"
	    "Subject: bare line feeds\n"
	    "\n"
	    "line one\n"
	    ".\n"
	    "after the lone dot\n"
	    "a bare CR\rends a line too\r\n"
	    "no newline at the end";
	const char *expected =
	    "Date: Mon, 02 Mar 2026 10:00:00 +0700\r\n"
	    "From: gateway@example.org\r\n"
	    "Message-ID: <bare@example.org>\r\n"
	    "Subject: bare line feeds\r\n"
	    "\r\n"
	    "line one\r\n"
	    ".\r\n"
	    "after the lone dot\r\n"
	    "a bare CR\r\nends a line too\r\n"
	    "no newline at the end\r\n";
	struct cks_smtp_config c;
	struct cks_outgoing m;

	start_server("[]", NULL, NULL, NULL);
	c = relay_config();
	outgoing(&m, 7, "lf@example.net", data);
	deliver(&c, &m, 1, 0);
	assert_result(&m, CKS_DELIVERY_SENT, 250, NULL);
	assert_int_equal(count_mail(), 1);
	assert_received(1, expected, NULL);
	stop_server_cleanly();
}

static void
test_bcc_never_transmitted(void **state)
{
	const char *data =
	    "Date: Mon, 02 Mar 2026 10:00:00 +0700\r\n"
	    "From: gateway@example.org\r\n"
	    "Bcc: hidden-one@example.net\r\n"
	    "Message-ID: <bcc@example.org>\r\n"
	    "BCC : hidden-two@example.net,\r\n"
	    "  hidden-three@example.net\r\n"
	    "Resent-Bcc: hidden-four@example.net\r\n"
	    "Subject: blind copies\r\n"
	    "\r\n"
	    "Bcc: a body line is only text\r\n";
	const char *expected =
	    "Date: Mon, 02 Mar 2026 10:00:00 +0700\r\n"
	    "From: gateway@example.org\r\n"
	    "Message-ID: <bcc@example.org>\r\n"
	    "Subject: blind copies\r\n"
	    "\r\n"
	    "Bcc: a body line is only text\r\n";
	struct cks_smtp_config c;
	struct cks_outgoing m;

	start_server("[]", NULL, NULL, NULL);
	c = relay_config();
	outgoing(&m, 8, "visible@example.net", data);
	deliver(&c, &m, 1, 0);
	assert_result(&m, CKS_DELIVERY_SENT, 250, NULL);
	assert_received(1, expected, NULL);
	stop_server_cleanly();
}

/* A message already in CRLF with no blind copy goes to libESMTP as it is
 * (one piece, issue 18): dot-stuffing, a body "Bcc:" line and a missing
 * final CRLF come out as on the line-by-line path; one bare CR sends a
 * message down that path instead. */
static void
test_clean_message_unchanged(void **state)
{
	const char *clean =
	    "Date: Mon, 02 Mar 2026 10:00:00 +0700\r\n"
	    "From: gateway@example.org\r\n"
	    "Message-ID: <clean@example.org>\r\n"
	    "Subject: =?UTF-8?B?4Liq4Lin4Lix4Liq4LiU4Li1?=\r\n"
	    "\r\n"
	    ".a line that starts with a dot\r\n"
	    ".\r\n"
	    "Bcc: a body line is only text\r\n"
	    "no newline at the end";
	const char *clean_expected =
	    "Date: Mon, 02 Mar 2026 10:00:00 +0700\r\n"
	    "From: gateway@example.org\r\n"
	    "Message-ID: <clean@example.org>\r\n"
	    "Subject: =?UTF-8?B?4Liq4Lin4Lix4Liq4LiU4Li1?=\r\n"
	    "\r\n"
	    ".a line that starts with a dot\r\n"
	    ".\r\n"
	    "Bcc: a body line is only text\r\n"
	    "no newline at the end\r\n";
	const char *lone_cr =
	    "Date: Mon, 02 Mar 2026 10:00:00 +0700\r\n"
	    "From: gateway@example.org\r\n"
	    "Message-ID: <lone-cr@example.org>\r\n"
	    "Subject: a lone CR\r\n"
	    "\r\n"
	    "a lone CR\rin a line\r\n";
	const char *lone_cr_expected =
	    "Date: Mon, 02 Mar 2026 10:00:00 +0700\r\n"
	    "From: gateway@example.org\r\n"
	    "Message-ID: <lone-cr@example.org>\r\n"
	    "Subject: a lone CR\r\n"
	    "\r\n"
	    "a lone CR\r\nin a line\r\n";
	struct cks_smtp_config c;
	struct cks_outgoing m[2];

	start_server("[]", NULL, NULL, NULL);
	c = relay_config();
	outgoing(&m[0], 9, "clean@example.net", clean);
	outgoing(&m[1], 10, "clean@example.net", lone_cr);
	deliver(&c, m, 2, 0);
	assert_result(&m[0], CKS_DELIVERY_SENT, 250, NULL);
	assert_result(&m[1], CKS_DELIVERY_SENT, 250, NULL);
	assert_int_equal(count_mail(), 2);
	assert_received(1, clean_expected, NULL);
	assert_received(2, lone_cr_expected, NULL);
	stop_server_cleanly();
}

static void
test_451_is_deferred(void **state)
{
	struct cks_smtp_config c;
	struct cks_outgoing m;

	start_server("[\"451\"]", NULL, NULL, NULL);
	c = relay_config();
	outgoing(&m, 9, "later@example.net", HEADERS("451") "\r\nbody\r\n");
	deliver(&c, &m, 1, 0);
	assert_result(&m, CKS_DELIVERY_DEFERRED, 451, "Temporary failure (scripted)");
	assert_int_equal(strncmp(m.reply, "451 ", 4), 0);
	assert_int_equal(count_mail(), 0);
	stop_server_cleanly();
}

static void
test_550_is_failed(void **state)
{
	struct cks_smtp_config c;
	struct cks_outgoing m;

	start_server("[\"550\"]", NULL, NULL, NULL);
	c = relay_config();
	outgoing(&m, 10, "never@example.net", HEADERS("550") "\r\nbody\r\n");
	deliver(&c, &m, 1, 0);
	assert_result(&m, CKS_DELIVERY_FAILED, 550, "Rejected (scripted)");
	assert_int_equal(count_mail(), 0);
	stop_server_cleanly();
}

/* Each message of one session gets its own verdict, from whichever step
 * refused it. */
static void
test_mixed_batch(void **state)
{
	const char *body = HEADERS("mixed") "\r\nbody\r\n";
	struct cks_smtp_config c;
	struct cks_outgoing m[6];
	int i;

	start_server("[\"ok\", \"rcpt-550\", \"451\", \"mail-421\", \"550\", \"ok\"]",
	    NULL, NULL, NULL);
	c = relay_config();
	for (i = 0; i < 6; i++)
		outgoing(&m[i], 20 + i, "mixed@example.net", body);
	deliver(&c, m, 6, 0);
	assert_result(&m[0], CKS_DELIVERY_SENT, 250, NULL);
	assert_result(&m[1], CKS_DELIVERY_FAILED, 550, "Rejected (scripted)");
	assert_result(&m[2], CKS_DELIVERY_DEFERRED, 451, NULL);
	assert_result(&m[3], CKS_DELIVERY_DEFERRED, 421, NULL);
	assert_result(&m[4], CKS_DELIVERY_FAILED, 550, NULL);
	assert_result(&m[5], CKS_DELIVERY_SENT, 250, NULL);
	assert_int_equal(count_mail(), 2);
	stop_server_cleanly();
}

static void
test_cut_in_data_is_deferred(void **state)
{
	struct cks_smtp_config c;
	struct cks_outgoing m[2];

	start_server("[\"cut-in-data\"]", NULL, NULL, NULL);
	c = relay_config();
	outgoing(&m[0], 30, "cut@example.net", HEADERS("cut") "\r\nbody\r\n");
	outgoing(&m[1], 31, "next@example.net", HEADERS("next") "\r\nbody\r\n");
	deliver(&c, m, 2, 0);
	assert_result(&m[0], CKS_DELIVERY_DEFERRED, 0, "relay 127.0.0.1:");
	assert_result(&m[1], CKS_DELIVERY_DEFERRED, 0, NULL);
	assert_int_equal(count_mail(), 0);
	stop_server_cleanly();
}

static int
closed_port(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	assert_true(fd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	port = ntohs(a.sin_port);
	close(fd);
	return port;
}

static void
test_server_down_defers_all(void **state)
{
	struct cks_smtp_config c = relay_config();
	struct cks_smtp *smtp;
	struct cks_outgoing m[2];
	struct cks_error err;

	c.port = closed_port();
	smtp = new_relay(&c);
	outgoing(&m[0], 40, "down@example.net", HEADERS("down") "\r\nbody\r\n");
	outgoing(&m[1], 41, "down@example.net", HEADERS("down2") "\r\nbody\r\n");
	assert_int_equal(cks_smtp_deliver(smtp, m, 2, NULL, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_TEMPORARY);
	assert_non_null(strstr(err.message, "refused"));
	assert_result(&m[0], CKS_DELIVERY_DEFERRED, 0, "refused");
	assert_result(&m[1], CKS_DELIVERY_DEFERRED, 0, "refused");
	cks_smtp_free(&smtp);
}

/* A malformed envelope fails alone; the rest of the batch goes. */
static void
test_bad_envelope_fails_alone(void **state)
{
	struct cks_smtp_config c;
	struct cks_outgoing m[3];

	start_server("[]", NULL, NULL, NULL);
	c = relay_config();
	outgoing(&m[0], 50, "x@example.net>\r\nRCPT TO:<evil@example.net",
	    HEADERS("bad") "\r\nbody\r\n");
	outgoing(&m[1], 51, "good@example.net", HEADERS("good") "\r\nbody\r\n");
	outgoing(&m[2], 52, "", HEADERS("empty") "\r\nbody\r\n");
	deliver(&c, m, 3, 0);
	assert_result(&m[0], CKS_DELIVERY_FAILED, 0, "control character");
	assert_result(&m[1], CKS_DELIVERY_SENT, 250, NULL);
	assert_result(&m[2], CKS_DELIVERY_FAILED, 0, "empty");
	assert_int_equal(count_mail(), 1);
	assert_received(1, HEADERS("good") "\r\nbody\r\n", "X-Envelope-To: <good@example.net>");
	stop_server_cleanly();
}

static struct cks_smtp_config
tls_config(const char *ca_file)
{
	struct cks_smtp_config c = relay_config();

	c.starttls = CKS_STARTTLS_REQUIRED;
	c.ca_file = ca_file;
	return c;
}

static void
test_starttls_trusted_ca(void **state)
{
	struct cks_smtp_config c;
	struct cks_outgoing m;

	start_server("[]", cert_file, key_file, NULL);
	c = tls_config(cert_file);
	outgoing(&m, 60, "tls@example.net", HEADERS("tls") "\r\nover TLS\r\n");
	deliver(&c, &m, 1, 0);
	assert_result(&m, CKS_DELIVERY_SENT, 250, NULL);
	assert_received(1, HEADERS("tls") "\r\nover TLS\r\n", "X-Session-TLS: yes");
	stop_server_cleanly();
}

static void
test_starttls_untrusted_is_refused(void **state)
{
	struct cks_smtp_config c;
	struct cks_outgoing m;

	start_server("[]", cert_file, key_file, NULL);
	c = tls_config(NULL);           /* the system's CAs */
	outgoing(&m, 61, "tls@example.net", HEADERS("untrusted") "\r\nbody\r\n");
	deliver(&c, &m, 1, -1);    /* our configuration: the session fails */
	assert_result(&m, CKS_DELIVERY_DEFERRED, 0, "certificate");
	assert_int_equal(count_mail(), 0);
	stop_server_cleanly();
}

/* Trusted, but issued for another name. */
static void
test_starttls_wrong_name_is_refused(void **state)
{
	struct cks_smtp_config c;
	struct cks_outgoing m;

	start_server("[]", other_cert_file, other_key_file, NULL);
	c = tls_config(other_cert_file);
	outgoing(&m, 62, "tls@example.net", HEADERS("wrongname") "\r\nbody\r\n");
	deliver(&c, &m, 1, -1);    /* our configuration: the session fails */
	assert_result(&m, CKS_DELIVERY_DEFERRED, 0, "mismatch");
	assert_int_equal(count_mail(), 0);
	stop_server_cleanly();
}

static void
test_starttls_required_but_not_offered(void **state)
{
	struct cks_smtp_config c;
	struct cks_outgoing m;

	start_server("[]", NULL, NULL, NULL);
	c = tls_config(cert_file);
	outgoing(&m, 63, "tls@example.net", HEADERS("notls") "\r\nbody\r\n");
	deliver(&c, &m, 1, -1);    /* our configuration: the session fails */
	assert_result(&m, CKS_DELIVERY_DEFERRED, 0, "STARTTLS");
	assert_int_equal(count_mail(), 0);
	stop_server_cleanly();
}

/* libESMTP's default TLS context crashes the second STARTTLS session in a
 * process; with our own context the same relay and a new one both work. */
static void
test_two_starttls_sessions(void **state)
{
	struct cks_smtp_config c;
	struct cks_smtp *smtp, *other;
	struct cks_outgoing m[3];
	struct cks_error err;
	int i;

	start_server("[]", cert_file, key_file, NULL);
	c = tls_config(cert_file);
	smtp = new_relay(&c);
	other = new_relay(&c);
	outgoing(&m[0], 64, "a@example.net", HEADERS("first") "\r\nbody\r\n");
	outgoing(&m[1], 65, "b@example.net", HEADERS("second") "\r\nbody\r\n");
	outgoing(&m[2], 66, "c@example.net", HEADERS("third") "\r\nbody\r\n");
	assert_int_equal(cks_smtp_deliver(smtp, &m[0], 1, NULL, &err), 0);
	assert_int_equal(cks_smtp_deliver(smtp, &m[1], 1, NULL, &err), 0);
	cks_smtp_free(&smtp);
	assert_int_equal(cks_smtp_deliver(other, &m[2], 1, NULL, &err), 0);
	cks_smtp_free(&other);
	for (i = 0; i < 3; i++)
		assert_result(&m[i], CKS_DELIVERY_SENT, 250, NULL);
	assert_int_equal(count_mail(), 3);
	stop_server_cleanly();
}

static void
test_auth_right_password(void **state)
{
	struct cks_smtp_config c;
	struct cks_outgoing m[2];

	start_server("[]", cert_file, key_file, USER ":" PASSWORD);
	c = tls_config(cert_file);
	c.auth_user = USER;
	c.auth_password = PASSWORD;
	outgoing(&m[0], 70, "auth@example.net", HEADERS("auth") "\r\nbody\r\n");
	outgoing(&m[1], 71, "auth2@example.net", HEADERS("auth2") "\r\nbody\r\n");
	deliver(&c, m, 2, 0);
	assert_result(&m[0], CKS_DELIVERY_SENT, 250, NULL);
	assert_result(&m[1], CKS_DELIVERY_SENT, 250, NULL);
	assert_received(1, HEADERS("auth") "\r\nbody\r\n", "X-Session-Auth: " USER "\r\n");
	stop_server_cleanly();
}

/* A refused AUTH must not turn into unauthenticated mail. */
static void
test_auth_wrong_password(void **state)
{
	struct cks_smtp_config c;
	struct cks_outgoing m[2];

	start_server("[]", cert_file, key_file, USER ":" PASSWORD);
	c = tls_config(cert_file);
	c.auth_user = USER;
	c.auth_password = "wrong";
	outgoing(&m[0], 72, "auth@example.net", HEADERS("wrong") "\r\nbody\r\n");
	outgoing(&m[1], 73, "auth@example.net", HEADERS("wrong2") "\r\nbody\r\n");
	deliver(&c, m, 2, -1);    /* our configuration: the session fails */
	assert_result(&m[0], CKS_DELIVERY_DEFERRED, 535, "refused AUTH");
	assert_result(&m[1], CKS_DELIVERY_DEFERRED, 535, "refused AUTH");
	assert_int_equal(count_mail(), 0);
	stop_server_cleanly();
}

/* The relay takes mail without AUTH but refuses our credentials (the test
 * server then answers every AUTH with 535): libESMTP goes on to MAIL
 * FROM unauthenticated, and the content must still never be sent. */
static void
test_auth_refused_by_open_relay(void **state)
{
	struct cks_smtp_config c;
	struct cks_outgoing m;

	start_server("[]", cert_file, key_file, NULL);
	c = tls_config(cert_file);
	c.auth_user = USER;
	c.auth_password = PASSWORD;
	outgoing(&m, 74, "auth@example.net", HEADERS("open") "\r\nbody\r\n");
	deliver(&c, &m, 1, -1);    /* our configuration: the session fails */
	assert_result(&m, CKS_DELIVERY_DEFERRED, 535, "refused AUTH");
	assert_int_equal(count_mail(), 0);
	stop_server_cleanly();
}

static void
test_auth_needs_required_tls(void **state)
{
	struct cks_smtp_config c;
	struct cks_smtp *smtp = (struct cks_smtp *)&c;   /* must be reset */
	struct cks_error err;

	memset(&c, 0, sizeof(c));
	c.host = "127.0.0.1";
	c.port = 25;
	c.auth_user = USER;
	c.auth_password = PASSWORD;
	c.starttls = CKS_STARTTLS_OFF;
	assert_int_equal(cks_smtp_new(&c, &smtp, &err), -1);
	assert_null(smtp);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, "STARTTLS"));
	c.starttls = CKS_STARTTLS_IF_OFFERED;
	assert_int_equal(cks_smtp_new(&c, &smtp, &err), -1);
	assert_null(smtp);
	c.starttls = CKS_STARTTLS_REQUIRED;
	c.auth_password = NULL;
	assert_int_equal(cks_smtp_new(&c, &smtp, &err), -1);
	c.auth_password = PASSWORD;
	assert_int_equal(cks_smtp_new(&c, &smtp, &err), 0);
	assert_non_null(smtp);
	cks_smtp_free(&smtp);
	assert_null(smtp);
	cks_smtp_free(&smtp);           /* NULL is fine */
	cks_smtp_free(NULL);
}

static void
test_config_refusals(void **state)
{
	struct cks_smtp_config c;
	struct cks_smtp *smtp = NULL;
	struct cks_error err;

	memset(&c, 0, sizeof(c));
	c.host = "127.0.0.1";
	c.port = 0;
	assert_int_equal(cks_smtp_new(&c, &smtp, &err), -1);
	c.port = 25;
	c.host = "::1";
	assert_int_equal(cks_smtp_new(&c, &smtp, &err), -1);
	assert_non_null(strstr(err.message, "IPv6"));
	c.host = "";
	assert_int_equal(cks_smtp_new(&c, &smtp, &err), -1);
	c.host = "127.0.0.1";
	c.command_timeout_ms = -1;
	assert_int_equal(cks_smtp_new(&c, &smtp, &err), -1);
	c.command_timeout_ms = 86400001L;
	assert_int_equal(cks_smtp_new(&c, &smtp, &err), -1);
	assert_non_null(strstr(err.message, "timeouts"));
	c.command_timeout_ms = 0;
	c.starttls = CKS_STARTTLS_REQUIRED;
	c.ca_file = "/nonexistent/ca.pem";
	assert_int_equal(cks_smtp_new(&c, &smtp, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_null(smtp);
	assert_int_equal(cks_smtp_new(NULL, &smtp, &err), -1);
}

static void
test_spool_writes_files(void **state)
{
	const char *first = HEADERS("spool") "\r\nbody\r\n";
	const char *second = "bare\nline feeds stay as they are\n";
	char *dir = test_path("spool/out"), *parent = test_path("spool");
	char path[4096], *text;
	struct cks_outgoing m[2];
	struct cks_error err;
	struct stat st;
	size_t size;
	DIR *d;
	struct dirent *e;
	int files = 0;

	assert_int_equal(mkdir(parent, 0700), 0);
	outgoing(&m[0], 81, "spool@example.net", first);
	outgoing(&m[1], 82, "spool@example.net", second);
	assert_int_equal(cks_spool_deliver(dir, m, 2, &err), 0);
	assert_int_equal(stat(dir, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777 & ~0750, 0);

	snprintf(path, sizeof(path), "%s/81.eml", dir);
	assert_result(&m[0], CKS_DELIVERY_SENT, 250, NULL);
	assert_string_equal(m[0].reply + strlen("spooled to "), path);
	assert_int_equal(strncmp(m[0].reply, "spooled to ", 11), 0);
	text = test_read_file(path, &size);
	assert_non_null(text);
	assert_int_equal(size, strlen(first));
	assert_memory_equal(text, first, size);
	free(text);

	snprintf(path, sizeof(path), "%s/82.eml", dir);
	assert_result(&m[1], CKS_DELIVERY_SENT, 250, "82.eml");
	text = test_read_file(path, &size);
	assert_non_null(text);
	assert_int_equal(size, strlen(second));
	assert_memory_equal(text, second, size);
	free(text);

	/* Again into the existing directory: replaced, no leftovers. */
	assert_int_equal(cks_spool_deliver(dir, m, 1, &err), 0);
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.' || strlen(e->d_name) > 2)
			files++;
	closedir(d);
	assert_int_equal(files, 2);

	/* A directory whose parent is missing: nothing can be spooled. */
	snprintf(path, sizeof(path), "%s/missing/out", parent);
	assert_int_equal(cks_spool_deliver(path, m, 1, &err), -1);
	assert_result(&m[0], CKS_DELIVERY_DEFERRED, 0, "cannot create");
	free(dir);
	free(parent);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_three_messages_one_session, teardown_server),
		cmocka_unit_test_teardown(test_no_delayed_ack_stall, teardown_server),
		cmocka_unit_test_teardown(test_bare_lf_becomes_crlf, teardown_server),
		cmocka_unit_test_teardown(test_bcc_never_transmitted, teardown_server),
		cmocka_unit_test_teardown(test_clean_message_unchanged, teardown_server),
		cmocka_unit_test_teardown(test_451_is_deferred, teardown_server),
		cmocka_unit_test_teardown(test_550_is_failed, teardown_server),
		cmocka_unit_test_teardown(test_mixed_batch, teardown_server),
		cmocka_unit_test_teardown(test_cut_in_data_is_deferred, teardown_server),
		cmocka_unit_test(test_server_down_defers_all),
		cmocka_unit_test_teardown(test_bad_envelope_fails_alone, teardown_server),
		cmocka_unit_test_teardown(test_starttls_trusted_ca, teardown_server),
		cmocka_unit_test_teardown(test_starttls_untrusted_is_refused, teardown_server),
		cmocka_unit_test_teardown(test_starttls_wrong_name_is_refused, teardown_server),
		cmocka_unit_test_teardown(test_starttls_required_but_not_offered, teardown_server),
		cmocka_unit_test_teardown(test_two_starttls_sessions, teardown_server),
		cmocka_unit_test_teardown(test_auth_right_password, teardown_server),
		cmocka_unit_test_teardown(test_auth_wrong_password, teardown_server),
		cmocka_unit_test_teardown(test_auth_refused_by_open_relay, teardown_server),
		cmocka_unit_test(test_auth_needs_required_tls),
		cmocka_unit_test(test_config_refusals),
		cmocka_unit_test(test_spool_writes_files),
	};

	return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
