#include "autoconfig.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"

#ifdef CKS_WITH_POSTGRESQL
#include <libpq-fe.h>
#endif

#include "testhelp.h"

static char scratch[4096];
static unsigned store_serial;

static void
remove_scratch(void)
{
	char command[4200];

	if (scratch[0] == '\0' || getenv("CKS_TEST_KEEP") != NULL)
		return;
	snprintf(command, sizeof(command), "rm -rf '%s'", scratch);
	if (system(command) != 0)
		fprintf(stderr, "# could not remove %s\n", scratch);
}

const char *
test_scratch_dir(void)
{
	const char *tmp = getenv("TMPDIR");

	if (scratch[0] != '\0')
		return scratch;
	snprintf(scratch, sizeof(scratch), "%s/cks-unit-XXXXXX",
	    tmp != NULL ? tmp : "/tmp");
	if (mkdtemp(scratch) == NULL) {
		perror("mkdtemp");
		abort();
	}
	atexit(remove_scratch);
	return scratch;
}

char *
test_path(const char *name)
{
	size_t len = strlen(test_scratch_dir()) + strlen(name) + 2;
	char *path = malloc(len);

	assert_non_null(path);
	snprintf(path, len, "%s/%s", scratch, name);
	return path;
}

int
test_store_is_pg(void)
{
	const char *base = getenv("CKS_TEST_DATABASE");

	return base != NULL && *base != '\0';
}

char *
test_database_new(void)
{
	const char *base = getenv("CKS_TEST_DATABASE");
	char name[96];

	snprintf(name, sizeof(name), "store-%u.db", ++store_serial);
	if (!test_store_is_pg())
		return test_path(name);
#ifdef CKS_WITH_POSTGRESQL
	{
		/* A schema of its own in the test database, first on the
		 * search path (public keeps the citext extension). */
		char sql[160], *uri;
		PGconn *conn = PQconnectdb(base);
		PGresult *res;
		size_t len;

		snprintf(name, sizeof(name), "t%ld_%u", (long)getpid(),
		    store_serial);
		snprintf(sql, sizeof(sql), "SET client_min_messages = warning;"
		    " DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s", name,
		    name);
		res = PQexec(conn, sql);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			fail_msg("CKS_TEST_DATABASE: %s", PQerrorMessage(conn));
		PQclear(res);
		PQfinish(conn);
		len = strlen(base) + strlen(name) + 64;
		uri = malloc(len);
		assert_non_null(uri);
		snprintf(uri, len, "%s%coptions=-csearch_path%%3D%s%%2Cpublic",
		    base, strchr(base, '?') ? '&' : '?', name);
		return uri;
	}
#else
	fail_msg("CKS_TEST_DATABASE is set but this build has no PostgreSQL "
	    "backend (configure --with-postgresql)");
	return NULL;
#endif
}

struct cks_store *
test_store_new(void)
{
	struct cks_store *store = NULL;
	struct cks_error err;
	char *path = test_database_new();
	int rc;

	rc = cks_store_open(path, 5000, &store, &err);
	if (rc < 0)
		fail_msg("cks_store_open(%s): %s", path, err.message);
	free(path);
	return store;
}

struct cks_channels *
test_channels_load(void)
{
	struct cks_channels *channels = NULL;
	struct cks_error err;

	if (cks_channels_load(CKS_TEST_PLUGIN_DIR, &channels, &err) < 0)
		fail_msg("cks_channels_load: %s", err.message);
	assert_int_equal(channels->refusal_count, 0);
	assert_int_equal(channels->count, 3);
	return channels;
}

void
test_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

char *
test_read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long len;

	if (f == NULL)
		return NULL;
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len >= 0);
	rewind(f);
	buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	buf[len] = '\0';
	fclose(f);
	if (size != NULL)
		*size = (size_t)len;
	return buf;
}

char *
test_read_file_must(const char *path, size_t *size)
{
	char *text = test_read_file(path, size);

	if (text == NULL)
		fail_msg("cannot open %s", path);
	return text;
}

void
test_pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Real time, whatever clock the library has: a deadline on a real
 * process must pass even while a test holds the fake clock still. */
static int64_t
real_monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
test_wait_port_file(const char *port_file, pid_t pid, long deadline_ms)
{
	int64_t until = real_monotonic_ms() + deadline_ms;
	int status;

	for (;;) {
		char *text = test_read_file(port_file, NULL);

		if (text != NULL) {
			int port = atoi(text);

			free(text);
			if (port > 0)
				return port;
		}
		if (pid > 0 && waitpid(pid, &status, WNOHANG) == pid)
			fail_msg("the server writing %s exited at start "
			    "(status %d)", port_file, status);
		if (real_monotonic_ms() >= until)
			fail_msg("no port in %s after %ld ms", port_file,
			    deadline_ms);
		test_pause_ms(10);
	}
}

int
test_socket_bound(int *port)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

int
test_socket_listening(int backlog, int *port)
{
	int fd = test_socket_bound(port);

	assert_int_equal(listen(fd, backlog), 0);
	return fd;
}

/* The fake clock: both times move only when a test advances them.  It
 * starts from the real times so that stored times stay plausible. */
static int64_t fake_wall_ms, fake_monotonic_us;

static int64_t
fake_wall(void *ctx)
{
	(void)ctx;
	return __atomic_load_n(&fake_wall_ms, __ATOMIC_SEQ_CST);
}

static int64_t
fake_monotonic(void *ctx)
{
	(void)ctx;
	return __atomic_load_n(&fake_monotonic_us, __ATOMIC_SEQ_CST);
}

void
test_clock_fake(void)
{
	static const struct cks_clock_source source = {
		fake_wall, fake_monotonic,
	};

	cks_clock_set_source(NULL, NULL);
	fake_wall_ms = cks_now_ms();
	fake_monotonic_us = cks_monotonic_us();
	cks_clock_set_source(&source, NULL);
}

void
test_clock_advance(int64_t ms)
{
	__atomic_add_fetch(&fake_wall_ms, ms, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&fake_monotonic_us, ms * 1000, __ATOMIC_SEQ_CST);
}

void
test_clock_real(void)
{
	cks_clock_set_source(NULL, NULL);
}

const char *
test_srcdir(void)
{
	const char *dir = getenv("CKS_SRCDIR");

	if (dir != NULL && dir[0] != '\0')
		return dir;
#ifdef CKS_SRCDIR
	return CKS_SRCDIR;
#else
	fail_msg("set CKS_SRCDIR to the source tree");
	return NULL;
#endif
}

static unsigned server_serial;

static char *
server_file(const struct test_server *s, const char *name)
{
	size_t len = strlen(s->dir) + strlen(name) + 2;
	char *path = malloc(len);

	assert_non_null(path);
	snprintf(path, len, "%s/%s", s->dir, name);
	return path;
}

/* Forks and executes /usr/bin/python3 tests/servers/PROGRAM ARGS (argv
 * NULL-terminated, at most 20), then waits for the port it writes. */
static void
server_exec(struct test_server *s, const char *program, const char **args)
{
	char *port_file = server_file(s, "port"), *pid_file = server_file(s, "pid");
	size_t len = strlen(test_srcdir()) + strlen(program) + 32;
	char *server_py = malloc(len);

	assert_non_null(server_py);
	snprintf(server_py, len, "%s/tests/servers/%s", test_srcdir(), program);
	s->pid = fork();
	assert_true(s->pid >= 0);
	if (s->pid == 0) {
		const char *argv[32];
		int n = 0;

		argv[n++] = TEST_PYTHON;
		argv[n++] = server_py;
		argv[n++] = "--port-file";
		argv[n++] = port_file;
		argv[n++] = "--pid-file";
		argv[n++] = pid_file;
		argv[n++] = "--log";
		argv[n++] = s->log;
		for (int i = 0; args[i] != NULL && n < 31; i++)
			argv[n++] = args[i];
		argv[n] = NULL;
		execv(TEST_PYTHON, (char *const *)argv);
		perror(TEST_PYTHON);
		_exit(127);
	}
	s->port = test_wait_port_file(port_file, s->pid, 10000);
	free(server_py);
	free(pid_file);
	free(port_file);
}

static void
server_prepare(struct test_server *s, const char *kind)
{
	char name[64];

	assert_int_equal(s->pid, 0);
	memset(s, 0, sizeof(*s));   /* a stopped server is all zero */
	snprintf(name, sizeof(name), "%s-%u", kind, ++server_serial);
	s->dir = test_path(name);
	assert_int_equal(mkdir(s->dir, 0700), 0);
	s->log = server_file(s, "log");
}

void
test_smtp_server_start(struct test_server *s, const char *script,
		       const char *tls_cert, const char *tls_key,
		       const char *auth)
{
	const char *args[12];
	char *script_file;
	int n = 0;

	server_prepare(s, "smtp");
	s->maildir = server_file(s, "mail");
	script_file = server_file(s, "script.json");
	test_write_file(script_file, script);
	args[n++] = "--maildir";
	args[n++] = s->maildir;
	args[n++] = "--script";
	args[n++] = script_file;
	if (tls_cert != NULL) {
		args[n++] = "--starttls";
		args[n++] = tls_cert;
		args[n++] = tls_key;
	}
	if (auth != NULL) {
		args[n++] = "--require-auth";
		args[n++] = auth;
	}
	args[n] = NULL;
	/* The server exiting at start: is python3-aiosmtpd installed? */
	server_exec(s, "smtp_server.py", args);
	free(script_file);
}

void
test_http_receiver_start(struct test_server *s, const char *script, int fd)
{
	char fd_text[16];
	const char *args[] = {
		fd >= 0 ? "--fd" : "--port", fd >= 0 ? fd_text : "0",
		"--script", script, NULL,
	};

	server_prepare(s, "receiver");
	snprintf(fd_text, sizeof(fd_text), "%d", fd);
	server_exec(s, "http_receiver.py", args);
	if (fd >= 0)
		close(fd);
}

int
test_server_stop(struct test_server *s)
{
	int status = 0;

	if (s->pid > 0) {
		/* A server that ignores SIGTERM fails the test after 10 s
		 * (128 + SIGKILL), rather than hanging the suite. */
		kill(s->pid, SIGTERM);
		for (int i = 0; i < 1000; i++) {
			pid_t done = waitpid(s->pid, &status, WNOHANG);

			if (done == s->pid || (done < 0 && errno != EINTR))
				break;
			if (i == 999) {
				kill(s->pid, SIGKILL);
				while (waitpid(s->pid, &status, 0) < 0 &&
				       errno == EINTR)
					;
				break;
			}
			usleep(10000);
		}
	}
	free(s->dir);
	free(s->maildir);
	free(s->log);
	memset(s, 0, sizeof(*s));
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
