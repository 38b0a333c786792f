#include "autoconfig.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"

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

struct cks_store *
test_store_new(void)
{
	struct cks_store *store = NULL;
	struct cks_error err;
	char name[64];
	char *path;
	int rc;

	snprintf(name, sizeof(name), "store-%u.db", ++store_serial);
	path = test_path(name);
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
