/* Shared fixtures for the unit tests: a scratch directory per test
 * program, a fresh store in it, and the plugins built in this tree. */
#ifndef CKS_TESTHELP_H
#define CKS_TESTHELP_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <sys/types.h>
#include <cmocka.h>

#include "channels.h"
#include "store.h"
#include "store_sqlite.h"

/* A new empty directory under $TMPDIR (or /tmp), removed at exit. */
const char *test_scratch_dir(void);

/* A path inside the scratch directory; the caller frees it. */
char *test_path(const char *name);

/* Where a new store goes: a new file in the scratch directory, or, when
 * the environment has CKS_TEST_DATABASE=postgresql://... (the suite on
 * PostgreSQL, issue 15), a URI naming a fresh schema of its own in that
 * database.  The caller frees it. */
char *test_database_new(void);

/* 1 when the stores are PostgreSQL's (CKS_TEST_DATABASE is set). */
int test_store_is_pg(void);

/* A fresh store at test_database_new(); fails the test on error. */
struct cks_store *test_store_new(void);

/* The three channel plugins built in this tree. */
struct cks_channels *test_channels_load(void);

/* Writes text to path (created or truncated); fails the test on error. */
void test_write_file(const char *path, const char *text);

/* The whole file, NUL-terminated (its length in *size unless NULL), or
 * NULL if it cannot be opened; the caller frees it. */
char *test_read_file(const char *path, size_t *size);

/* The same, failing the test when the file cannot be opened. */
char *test_read_file_must(const char *path, size_t *size);

/* Sleeps ms: only between two checks of a condition in a polling loop
 * with a deadline, never to let time pass (see test_clock_advance). */
void test_pause_ms(long ms);

/* Polls port_file (written whole by a server listening on port 0) until
 * it holds a port, failing the test if pid exits or deadline_ms pass. */
int test_wait_port_file(const char *port_file, pid_t pid, long deadline_ms);

/* A TCP socket bound to 127.0.0.1 on a port the kernel picks (*port),
 * not listening: connections to it are refused until someone listens on
 * it (a child that inherits it, say), and nobody else can take the port. */
int test_socket_bound(int *port);

/* The same, listening with backlog. */
int test_socket_listening(int backlog, int *port);

/* The source tree: $CKS_SRCDIR (make check sets it), else the macro. */
const char *test_srcdir(void);

#define TEST_PYTHON "/usr/bin/python3"

/* A scripted test server of tests/servers, listening on 127.0.0.1 on a
 * port the kernel picked (or on a socket handed to it), which it writes to
 * a file that the start waits for.  All zero when none runs. */
struct test_server {
	pid_t pid;
	int port;
	char *dir;       /* its own directory in the scratch directory */
	char *maildir;   /* SMTP: the messages accepted, one file each */
	char *log;       /* one JSON line per request or transaction */
};

/* smtp_server.py with script (a JSON list of actions), optional STARTTLS
 * certificate and key, and AUTH credentials "user:password" (or NULL). */
void test_smtp_server_start(struct test_server *s, const char *script,
			    const char *tls_cert, const char *tls_key,
			    const char *auth);

/* http_receiver.py answering script ("500,200"; "" for 200s), on a port
 * the kernel picks, or with fd >= 0 on that socket (test_socket_bound;
 * closed here once handed over). */
void test_http_receiver_start(struct test_server *s, const char *script,
			      int fd);

/* SIGTERM, waits; the server's exit status (0: it stopped cleanly). */
int test_server_stop(struct test_server *s);

/* Replaces the library's clock (cks_now_ms, cks_monotonic_us) by a fake
 * one that starts at the real times and moves only by test_clock_advance
 * (wall and monotonic together); test_clock_real puts the system's back. */
void test_clock_fake(void);
void test_clock_advance(int64_t ms);
void test_clock_real(void);

#endif
