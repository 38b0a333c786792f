/* Unit tests for the helper programs (lib/base/helper.h, issue 13): the
 * parse helper is spawned with nothing but its socket (and /dev/null and
 * the log on 1 and 2), runs without root when we are root, and a crash in
 * it costs one message, after which a new one is started. */
#include "autoconfig.h"

#include <dirent.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helper.h"
#include "parse_worker.h"
#include "probe.h"
#include "testhelp.h"

static const char mail[] =
    "From: Somchai <somchai@example.co.th>\r\n"
    "To: desk@example.go.th\r\n"
    "Subject: Re: survey\r\n"
    "Message-ID: <h1@example.co.th>\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "5 ครับ\r\n";

/* Parses mail once; the return of cks_parse_worker_parse, why filled. */
static int
parse(struct cks_parse_worker *w, char *why, size_t size)
{
	struct cks_parsed_mail *m = NULL;
	struct cks_error err;
	int rc;

	why[0] = '\0';
	rc = cks_parse_worker_parse(w, mail, strlen(mail), &m, why, size, &err);
	if (rc < 0)
		fail_msg("cks_parse_worker_parse: %s", err.message);
	cks_parsed_mail_free(&m);
	return rc;
}

/* The descriptors of process pid, as /proc lists them (a bit per fd). */
static unsigned long
fds_of(pid_t pid, char links[8][128])
{
	char dir[64], path[128];
	unsigned long set = 0;
	struct dirent *e;
	DIR *d;

	snprintf(dir, sizeof(dir), "/proc/%ld/fd", (long)pid);
	d = opendir(dir);
	if (d == NULL)
		fail_msg("opendir %s", dir);
	while ((e = readdir(d)) != NULL) {
		int fd = atoi(e->d_name);
		ssize_t n;

		if (e->d_name[0] == '.')
			continue;
		if (fd >= (int)(8 * sizeof(set)))
			fd = 8 * sizeof(set) - 1;
		set |= 1ul << fd;
		if (fd < 8) {
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			n = readlink(path, links[fd], 127);
			links[fd][n > 0 ? n : 0] = '\0';
		}
	}
	closedir(d);
	return set;
}

static uid_t
uid_of(pid_t pid)
{
	char path[64], line[256];
	unsigned long real = 0, effective = 0, saved = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/status", (long)pid);
	f = fopen(path, "re");
	if (f == NULL)
		fail_msg("fopen %s", path);
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "Uid: %lu %lu %lu", &real, &effective, &saved) == 3)
			break;
	fclose(f);
	/* All three: a saved root would let the helper take root back. */
	if (real != effective || real != saved)
		fail_msg("uids %lu %lu %lu differ", real, effective, saved);
	return (uid_t)real;
}

/* Descriptors we leave open without close-on-exec, as a careless library
 * would: the helper must not get them. */
static void
test_parse_helper_gets_only_its_socket(void **state)
{
	struct cks_parse_worker *w;
	struct cks_error err;
	char why[512], links[8][128] = { { 0 } };
	int leak = open("/dev/null", O_RDONLY), leak_pipe[2];
	unsigned long fds = 0;
	pid_t pid;

	assert_true(leak >= 0);
	assert_int_equal(pipe(leak_pipe), 0);
	if (cks_parse_worker_start(5000, &w, &err) < 0)
		fail_msg("cks_parse_worker_start: %s", err.message);
	assert_int_equal(parse(w, why, sizeof(why)), 0);
	pid = cks_parse_worker_pid(w);
	assert_true(pid > 0);
	/* Between requests the helper waits on its socket: look now. */
	fds = fds_of(pid, links);
	assert_int_equal(fds, 0x7ul);           /* 0, 1 and 2, nothing else */
	assert_memory_equal(links[0], "socket:", 7);
	assert_string_equal(links[1], "/dev/null");
	if (geteuid() == 0) {
		const char *name = getenv("CKS_HELPER_USER");
		struct passwd *pw = getpwnam(name != NULL ? name : "nobody");

		assert_non_null(pw);
		assert_int_equal(uid_of(pid), pw->pw_uid);
	} else {
		assert_int_equal(uid_of(pid), geteuid());
	}
	cks_parse_worker_stop(&w);
	close(leak);
	close(leak_pipe[0]);
	close(leak_pipe[1]);
}

/* A crash costs the message it happened on, with the reason; the next
 * message gets a new helper. */
static void
test_parse_helper_crash_is_contained(void **state)
{
	struct cks_parse_worker *w;
	struct cks_error err;
	char why[512];
	pid_t first;

	if (cks_parse_worker_start(5000, &w, &err) < 0)
		fail_msg("cks_parse_worker_start: %s", err.message);
	assert_int_equal(parse(w, why, sizeof(why)), 0);
	first = cks_parse_worker_pid(w);
	/* SIGKILL, not SIGSEGV: under AddressSanitizer the helper would
	 * catch a SIGSEGV and exit(1) ("stopped"), not die of it */
	assert_int_equal(kill(first, SIGKILL), 0);
	assert_int_equal(parse(w, why, sizeof(why)), 1);
	assert_non_null(strstr(why, "crashed"));
	assert_int_equal(cks_parse_worker_pid(w), 0);
	assert_int_equal(parse(w, why, sizeof(why)), 0);
	assert_true(cks_parse_worker_pid(w) > 0);
	assert_true(cks_parse_worker_pid(w) != first);
	cks_parse_worker_stop(&w);
}

/* Copies file to a new path inside the scratch directory (mode 0700, so
 * closed to the helper user): the caller frees the path. */
static char *
copy_to_scratch(const char *file, const char *name)
{
	char *to = test_path(name), buf[65536];
	FILE *in = fopen(file, "rb"), *out = fopen(to, "wb");
	size_t n;

	if (in == NULL || out == NULL)
		fail_msg("copying %s to %s", file, to);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
	assert_int_equal(chmod(to, 0644), 0);
	return to;
}

/* The probe helper loads the plugin through the file the daemon opened
 * for it, so a plugin in a directory the helper user cannot enter still
 * passes, and a refusal names the plugin's path, not /proc's. */
static void
test_probe_helper(void **state)
{
	char why[512], *good, *junk;

	good = copy_to_scratch(CKS_TEST_PLUGIN_DIR "/counter.so", "counter.so");
	junk = test_path("junk.so");
	test_write_file(junk, "not an ELF object\n");
	assert_int_equal(cks_plugin_probe(good, why, sizeof(why)), 0);
	assert_int_equal(cks_plugin_probe(junk, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "cannot load"));
	assert_non_null(strstr(why, junk));
	assert_null(strstr(why, "/proc/"));
	free(good);
	free(junk);
}

/* A helper that is not where we look is a clear error, naming the
 * override. */
static void
test_missing_helper_says_where(void **state)
{
	struct cks_helper_fd none[1] = { { 0 } };
	struct cks_error err = { 0 };
	char *saved = getenv("CKS_LIBEXECDIR");
	pid_t pid;

	saved = saved != NULL ? strdup(saved) : NULL;
	setenv("CKS_LIBEXECDIR", "/nonexistent/libexec", 1);
	assert_int_equal(cks_helper_spawn("cksgate-parse", NULL, none, 0, &pid,
	    &err), -1);
	assert_non_null(strstr(err.message, "/nonexistent/libexec/cksgate-parse"));
	assert_non_null(strstr(err.message, "CKS_LIBEXECDIR"));
	if (saved != NULL)
		setenv("CKS_LIBEXECDIR", saved, 1);
	else
		unsetenv("CKS_LIBEXECDIR");
	free(saved);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_helper_gets_only_its_socket),
		cmocka_unit_test(test_parse_helper_crash_is_contained),
		cmocka_unit_test(test_probe_helper),
		cmocka_unit_test(test_missing_helper_says_where),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
