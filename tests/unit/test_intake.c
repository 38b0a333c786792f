/* Unit tests for the inbound intakes (lib/mailin/fetch_*.c): a maildir in the
 * scratch directory, and IMAP and POP3 against a real Dovecot started for
 * each test from a throwaway configuration.  Dovecot listens on 127.0.0.1
 * only, on ports found free by binding port 0, and is stopped by its PID.
 * Without /usr/sbin/dovecot (Debian: dovecot-imapd, dovecot-pop3d) the
 * server tests are skipped. */
#include "autoconfig.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testhelp.h"
#include "fetch.h"
#include "secret.h"

#define DOVECOT "/usr/sbin/dovecot"
#define USER "gate"
#define PASSWORD "s3cret pass"
#define MAX_TAKEN 32

/* --- recording handler ------------------------------------------------------- */

struct taken {
	int calls;
	int fail_from;                  /* this call (from 1) and later fail */
	char subjects[MAX_TAKEN][32];   /* of every call, in order */
	char refs[MAX_TAKEN][64];
	int accepted[MAX_TAKEN];
	char source[512];
	int unstuffed_dot;              /* ".leading dot" arrived as sent */
};

static void
header_value(const char *raw, size_t size, const char *name, char *out,
	     size_t out_size)
{
	size_t name_len = strlen(name), i, j;

	out[0] = '\0';
	for (i = 0; i + name_len < size; i++) {
		if ((i == 0 || raw[i - 1] == '\n') &&
		    strncmp(raw + i, name, name_len) == 0) {
			i += name_len;
			for (j = 0; i + j < size && raw[i + j] != '\r' &&
			     raw[i + j] != '\n' && j + 1 < out_size; j++)
				out[j] = raw[i + j];
			out[j] = '\0';
			return;
		}
	}
}

static int
contains(const char *raw, size_t size, const char *text)
{
	size_t len = strlen(text), i;

	for (i = 0; i + len <= size; i++)
		if (memcmp(raw + i, text, len) == 0)
			return 1;
	return 0;
}

static int
record(void *context, const char *raw, size_t size, const char *source,
       const char *ref, struct cks_error *err)
{
	struct taken *t = context;
	int n = t->calls++;

	assert_true(n < MAX_TAKEN);
	header_value(raw, size, "Subject: ", t->subjects[n], sizeof(t->subjects[n]));
	snprintf(t->refs[n], sizeof(t->refs[n]), "%s", ref);
	snprintf(t->source, sizeof(t->source), "%s", source);
	if (contains(raw, size, "\n.leading dot") &&
	    !contains(raw, size, "\n..leading dot"))
		t->unstuffed_dot++;
	if (t->fail_from > 0 && n + 1 >= t->fail_from)
		return cks_error_set(err, CKS_ERROR_TEMPORARY, "store busy (test)");
	t->accepted[n] = 1;
	return 0;
}

/* The subjects of the calls, "test 1,test 2". */
static void
assert_taken(const struct taken *t, const char *expected)
{
	char got[1024] = "";
	int i;

	for (i = 0; i < t->calls; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s",
		    i > 0 ? "," : "", t->subjects[i]);
	if (strcmp(got, expected) != 0)
		fail_msg("handed over: '%s', expected '%s'", got, expected);
}

static void
assert_stats(const struct cks_fetch_stats *s, long fetched, long done,
	     long skipped, long deferred)
{
	if (s->fetched != fetched || s->done != done || s->skipped != skipped ||
	    s->deferred != deferred)
		fail_msg("stats fetched %ld done %ld skipped %ld deferred %ld; "
		    "expected %ld %ld %ld %ld", s->fetched, s->done, s->skipped,
		    s->deferred, fetched, done, skipped, deferred);
}

/* --- files ------------------------------------------------------------------- */

static uid_t mail_uid = (uid_t)-1;    /* Dovecot's mail user when we are root */
static gid_t mail_gid = (gid_t)-1;
static char *cert_file, *key_file, *other_cert_file, *other_key_file;
static unsigned serial;

static char *
path_in(const char *dir, const char *name)
{
	size_t len = strlen(dir) + strlen(name) + 2;
	char *p = malloc(len);

	assert_non_null(p);
	snprintf(p, len, "%s/%s", dir, name);
	return p;
}

static void
give_to_mail_user(const char *path)
{
	if (mail_uid != (uid_t)-1)
		assert_int_equal(chown(path, mail_uid, mail_gid), 0);
}

static void
make_dir(const char *path, mode_t mode)
{
	if (mkdir(path, mode) < 0 && errno != EEXIST)
		fail_msg("mkdir %s: %s", path, strerror(errno));
	give_to_mail_user(path);
}

static void
make_maildir(const char *path)
{
	static const char *const subs[] = { "cur", "new", "tmp" };
	size_t i;

	make_dir(path, 0700);
	for (i = 0; i < 3; i++) {
		char *sub = path_in(path, subs[i]);

		make_dir(sub, 0700);
		free(sub);
	}
}

/* Message n as an MDA would deliver it: a unique name in new/. */
static void
deliver(const char *maildir, int n)
{
	char name[128], text[512], *path;

	snprintf(name, sizeof(name), "new/%ld.M%uP%d.cks-test-%02d",
	    (long)time(NULL), ++serial, (int)getpid(), n);
	snprintf(text, sizeof(text),
	    "From: Client <client@example.net>\n"
	    "To: gateway@example.org\n"
	    "Subject: test %d\n"
	    "Message-ID: <test-%d-%u@example.net>\n"
	    "Date: Mon, 02 Mar 2026 10:00:00 +0700\n"
	    "\n"
	    "Body of message %d.\n"
	    ".leading dot\n"
	    "last line\n", n, n, serial, n);
	path = path_in(maildir, name);
	test_write_file(path, text);
	give_to_mail_user(path);
	free(path);
}

/* Files in maildir/sub; with flag, only those whose info has it. */
static int
count_files(const char *maildir, const char *sub, char flag)
{
	char *path = path_in(maildir, sub);
	DIR *dir = opendir(path);
	struct dirent *e;
	int n = 0;

	assert_non_null(dir);
	while ((e = readdir(dir)) != NULL) {
		const char *info = strstr(e->d_name, ":2,");

		if (e->d_name[0] == '.')
			continue;
		if (flag == '\0' || (info != NULL && strchr(info + 3, flag) != NULL))
			n++;
	}
	closedir(dir);
	free(path);
	return n;
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
	if (system(command) != 0) {
		free(cert);
		free(key);
		return NULL;
	}
	*key_out = key;
	return cert;
}

/* --- Dovecot ----------------------------------------------------------------- */

struct dovecot {
	pid_t pid;
	char *dir;
	char *maildir;                  /* the user's INBOX */
	char *auth_file;
	char *log;
	int imap_port, imaps_port, pop3_port, pop3s_port;
};

/* The one server a test may have running; the teardown stops it when a
 * failed assertion left it behind. */
static struct dovecot server;

static int
dovecot_installed(void)
{
	return access(DOVECOT, X_OK) == 0;
}

/* Free ports on 127.0.0.1: all bound at once, so they differ, then let go
 * for Dovecot to take.  Dovecot cannot be handed a socket nor told to take
 * port 0, so another process may take one of them first: the start then
 * fails with "Address already in use" and is tried again on new ports. */
static void
free_ports(int *ports, int n)
{
	int fds[8], i;

	assert_true(n <= 8);
	for (i = 0; i < n; i++) {
		struct sockaddr_in a;
		socklen_t len = sizeof(a);

		memset(&a, 0, sizeof(a));
		a.sin_family = AF_INET;
		a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		fds[i] = socket(AF_INET, SOCK_STREAM, 0);
		assert_true(fds[i] >= 0);
		assert_int_equal(bind(fds[i], (struct sockaddr *)&a, sizeof(a)), 0);
		assert_int_equal(getsockname(fds[i], (struct sockaddr *)&a, &len), 0);
		ports[i] = ntohs(a.sin_port);
	}
	for (i = 0; i < n; i++)
		close(fds[i]);
}

static int
port_open(int port)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), ok;

	assert_true(fd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((uint16_t)port);
	ok = connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
	close(fd);
	return ok;
}

/* As root, mail runs as nobody (Dovecot refuses root mail processes) and
 * logins as dovenull in a chroot, as packaged; as another user, every
 * service runs as that user, without chroot. */
static void
write_dovecot_conf(const char *conf, const char *cert, const char *key,
		   const char *extra)
{
	char text[8192], users[512] = "";
	int ports[4];

	free_ports(ports, 4);
	server.imap_port = ports[0];
	server.imaps_port = ports[1];
	server.pop3_port = ports[2];
	server.pop3s_port = ports[3];
	if (getuid() == 0) {
		snprintf(users, sizeof(users),
		    "mail_uid = %u\nmail_gid = %u\nfirst_valid_uid = 1\n"
		    "service auth {\n  user = root\n}\n",
		    (unsigned)mail_uid, (unsigned)mail_gid);
	} else {
		struct passwd *pw = getpwuid(getuid());
		struct group *gr = getgrgid(getgid());

		assert_non_null(pw);
		assert_non_null(gr);
		snprintf(users, sizeof(users),
		    "default_login_user = %s\ndefault_internal_user = %s\n"
		    "default_internal_group = %s\nfirst_valid_uid = %u\n"
		    "first_valid_gid = %u\n"
		    "service anvil {\n  chroot =\n}\n"
		    "service imap-login {\n  chroot =\n}\n"
		    "service pop3-login {\n  chroot =\n}\n",
		    pw->pw_name, pw->pw_name, gr->gr_name, (unsigned)getuid(),
		    (unsigned)getgid());
	}
	snprintf(text, sizeof(text),
	    "protocols = imap pop3\n"
	    "listen = 127.0.0.1\n"
	    "base_dir = %s/run\n"
	    "state_dir = %s/state\n"
	    "log_path = %s\n"
	    "ssl = required\n"
	    "ssl_cert = <%s\n"
	    "ssl_key = <%s\n"
	    "auth_mechanisms = plain login\n"
	    "mail_location = maildir:%s/mail/%%u\n"
	    "passdb {\n  driver = passwd-file\n"
	    "  args = scheme=PLAIN username_format=%%u %s/passwd\n}\n"
	    "userdb {\n  driver = static\n  args = home=%s/home/%%u\n}\n"
	    "%s"
	    "service imap-login {\n"
	    "  inet_listener imap {\n    address = 127.0.0.1\n    port = %d\n  }\n"
	    "  inet_listener imaps {\n    address = 127.0.0.1\n    port = %d\n"
	    "    ssl = yes\n  }\n}\n"
	    "service pop3-login {\n"
	    "  inet_listener pop3 {\n    address = 127.0.0.1\n    port = %d\n  }\n"
	    "  inet_listener pop3s {\n    address = 127.0.0.1\n    port = %d\n"
	    "    ssl = yes\n  }\n}\n"
	    "%s",
	    server.dir, server.dir, server.log, cert, key, server.dir,
	    server.dir, server.dir, users, server.imap_port, server.imaps_port,
	    server.pop3_port, server.pop3s_port, extra != NULL ? extra : "");
	test_write_file(conf, text);
}

/* One start on fresh ports: 0 once Dovecot has bound them all and says
 * it is up, 1 if a port was taken before it could bind (try again); any
 * other failure fails the test. */
static int
start_dovecot_once(const char *conf, const char *cert, const char *key,
		   const char *extra, const char *out)
{
	int i, status, fd;

	write_dovecot_conf(conf, cert, key, extra);
	unlink(server.log);
	server.pid = fork();
	assert_true(server.pid >= 0);
	if (server.pid == 0) {
#ifdef __linux__
		/* A test program killed outright takes its server along. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
		fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execl(DOVECOT, "dovecot", "-c", conf, "-F", (char *)NULL);
		_exit(127);
	}
	/* Up: the master logs "starting up" after binding every listener;
	 * an open port alone might be another process's. */
	for (i = 0; i < 1000; i++) {
		char *log = test_read_file(server.log, NULL);
		int up = log != NULL && strstr(log, "starting up") != NULL;

		free(log);
		if (up && port_open(server.imap_port) &&
		    port_open(server.imaps_port) && port_open(server.pop3_port) &&
		    port_open(server.pop3s_port))
			return 0;
		if (waitpid(server.pid, &status, WNOHANG) == server.pid) {
			char *text = test_read_file(out, NULL);
			int taken;

			log = test_read_file(server.log, NULL);
			server.pid = 0;
			taken = (text != NULL &&
			    strstr(text, "Address already in use") != NULL) ||
			    (log != NULL &&
			    strstr(log, "Address already in use") != NULL);
			if (taken) {
				free(text);
				free(log);
				return 1;
			}
			fail_msg("dovecot exited at start (status %d): %s %s", status,
			    text != NULL ? text : "", log != NULL ? log : "");
		}
		test_pause_ms(10);
	}
	fail_msg("dovecot did not come up in 10 s");
	return -1;
}

/* extra: more configuration lines, or NULL. */
static void
start_dovecot_with(const char *cert, const char *key, const char *extra)
{
	char name[64], *conf, *passwd, *mail, *out;
	int attempt;

	assert_int_equal(server.pid, 0);
	snprintf(name, sizeof(name), "dovecot-%u", ++serial);
	server.dir = test_path(name);
	assert_int_equal(mkdir(server.dir, 0711), 0);
	conf = path_in(server.dir, "dovecot.conf");
	passwd = path_in(server.dir, "passwd");
	mail = path_in(server.dir, "mail");
	out = path_in(server.dir, "stdout.log");
	server.log = path_in(server.dir, "dovecot.log");
	server.maildir = path_in(mail, USER);
	server.auth_file = path_in(server.dir, "auth");
	make_dir(mail, 0700);
	make_maildir(server.maildir);
	test_write_file(passwd, USER ":{PLAIN}" PASSWORD "\n");
	test_write_file(server.auth_file, USER "\n" PASSWORD "\n");
	assert_int_equal(chmod(server.auth_file, 0600), 0);
	for (attempt = 1; start_dovecot_once(conf, cert, key, extra, out) != 0;
	    attempt++)
		if (attempt == 5)
			fail_msg("dovecot found its ports taken %d times", attempt);
	free(conf);
	free(passwd);
	free(mail);
	free(out);
}

static void
start_dovecot(const char *cert, const char *key)
{
	start_dovecot_with(cert, key, NULL);
}

/* SIGTERM to the master, which stops its children and flushes the log. */
static void
stop_dovecot(void)
{
	int status, i;

	if (server.pid > 0) {
		kill(server.pid, SIGTERM);
		for (i = 0; i < 1000; i++) {
			if (waitpid(server.pid, &status, WNOHANG) == server.pid)
				break;
			test_pause_ms(10);
		}
		if (i == 1000) {
			kill(server.pid, SIGKILL);
			waitpid(server.pid, &status, 0);
		}
		server.pid = 0;
	}
}

static void
free_dovecot(void)
{
	stop_dovecot();
	free(server.dir);
	free(server.maildir);
	free(server.auth_file);
	free(server.log);
	memset(&server, 0, sizeof(server));
}

static int
teardown_server(void **state)
{
	free_dovecot();
	return 0;
}

/* Whether Dovecot saw a successful login; read after stop_dovecot(). */
static int
logged_in(void)
{
	char *log = test_read_file(server.log, NULL);
	int yes;

	assert_non_null(log);
	yes = strstr(log, "Login: user=<" USER ">") != NULL;
	free(log);
	return yes;
}

static void
assert_no_login(void)
{
	char *log;

	stop_dovecot();
	log = test_read_file(server.log, NULL);
	assert_non_null(log);
	if (strstr(log, "Login: user=<" USER ">") != NULL)
		fail_msg("the server saw a login:\n%s", log);
	/* It did see the connection, so the refusal was ours. */
	if (strstr(log, "no auth attempts") == NULL)
		fail_msg("the server saw no connection:\n%s", log);
	free(log);
}

static struct cks_config
imap_config(int starttls, const char *ca_file)
{
	struct cks_config c;

	memset(&c, 0, sizeof(c));
	c.imap_host = "127.0.0.1";
	c.imap_tls = starttls;
	c.imap_port = starttls ? server.imap_port : server.imaps_port;
	c.imap_ca_file = (char *)ca_file;
	c.imap_auth_file = server.auth_file;
	c.imap_folder = "INBOX";
	return c;
}

static struct cks_config
pop3_config(int stls, const char *ca_file, int delete)
{
	struct cks_config c;

	memset(&c, 0, sizeof(c));
	c.pop3_host = "127.0.0.1";
	c.pop3_tls = stls;
	c.pop3_port = stls ? server.pop3_port : server.pop3s_port;
	c.pop3_ca_file = (char *)ca_file;
	c.pop3_auth_file = server.auth_file;
	c.pop3_delete = delete;
	return c;
}

static void
run_imap(const struct cks_config *c, struct cks_store *store, struct taken *t,
	 struct cks_fetch_stats *stats)
{
	struct cks_error err;

	if (cks_fetch_imap(c, store, record, t, stats, &err) != 0)
		fail_msg("cks_fetch_imap: %s", err.message);
}

static void
run_pop3(const struct cks_config *c, struct cks_store *store, struct taken *t,
	 struct cks_fetch_stats *stats)
{
	struct cks_error err;

	if (cks_fetch_pop3(c, store, record, t, stats, &err) != 0)
		fail_msg("cks_fetch_pop3: %s", err.message);
}

static int
count_seen(struct cks_store *store, const char *source)
{
	struct cks_stmt *st;
	int n;

	st = cks_store_prepare(store,
	    "SELECT count(*) FROM intake_seen WHERE source = ?1", NULL);
	assert_non_null(st);
	cks_stmt_bind_text(st, 1, source, -1, CKS_STMT_STATIC);
	assert_int_equal(cks_stmt_step(st), CKS_STMT_ROW);
	n = cks_stmt_column_int(st, 0);
	cks_stmt_finalize(st);
	return n;
}

static void
add_seen(struct cks_store *store, const char *source, const char *ref)
{
	struct cks_stmt *st;

	st = cks_store_prepare(store,
	    "INSERT INTO intake_seen (source, ref, at) VALUES (?1, ?2, 1)", NULL);
	assert_non_null(st);
	cks_stmt_bind_text(st, 1, source, -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(st, 2, ref, -1, CKS_STMT_STATIC);
	assert_int_equal(cks_stmt_step(st), CKS_STMT_DONE);
	cks_stmt_finalize(st);
}

#define NEED_DOVECOT() do { \
	if (!dovecot_installed()) { \
		print_message("# no " DOVECOT ": skipped\n"); \
		skip(); \
	} \
} while (0)

/* --- maildir ----------------------------------------------------------------- */

static char *
new_maildir(void)
{
	char name[64], *path;

	snprintf(name, sizeof(name), "maildir-%u", ++serial);
	path = test_path(name);
	make_maildir(path);
	return path;
}

static void
test_maildir_new_to_cur_with_seen_flag(void **state)
{
	char *md = new_maildir(), *old, source[4200];
	struct cks_fetch_stats stats;
	struct cks_error err;
	struct taken t;
	int i;

	deliver(md, 1);
	deliver(md, 2);
	deliver(md, 3);
	/* Done before: already in cur/, never handed again. */
	old = path_in(md, "cur/1.old.cks-test:2,S");
	test_write_file(old, "Subject: old\n\nold\n");
	memset(&t, 0, sizeof(t));
	assert_int_equal(cks_fetch_maildir(md, record, &t, &stats, &err), 0);
	assert_stats(&stats, 3, 3, 0, 0);
	assert_taken(&t, "test 1,test 2,test 3");
	snprintf(source, sizeof(source), "maildir:%s", md);
	assert_string_equal(t.source, source);
	for (i = 0; i < 3; i++)
		assert_non_null(strstr(t.refs[i], ".cks-test-0"));
	assert_int_equal(t.unstuffed_dot, 3);
	assert_int_equal(count_files(md, "new", '\0'), 0);
	assert_int_equal(count_files(md, "cur", '\0'), 4);
	assert_int_equal(count_files(md, "cur", 'S'), 4);

	memset(&t, 0, sizeof(t));
	assert_int_equal(cks_fetch_maildir(md, record, &t, &stats, &err), 0);
	assert_stats(&stats, 0, 0, 0, 0);
	free(old);
	free(md);
}

/* A handler that cannot commit leaves the message in new/; after a restart
 * exactly the ones not done are handed over, none twice. */
static void
test_maildir_restart_in_the_middle(void **state)
{
	char *md = new_maildir();
	struct cks_fetch_stats stats;
	struct cks_error err;
	struct taken t;
	int i;

	for (i = 1; i <= 5; i++)
		deliver(md, i);
	memset(&t, 0, sizeof(t));
	t.fail_from = 3;
	assert_int_equal(cks_fetch_maildir(md, record, &t, &stats, &err), 0);
	assert_stats(&stats, 5, 2, 0, 3);
	assert_int_equal(count_files(md, "new", '\0'), 3);
	assert_int_equal(count_files(md, "cur", 'S'), 2);

	memset(&t, 0, sizeof(t));
	assert_int_equal(cks_fetch_maildir(md, record, &t, &stats, &err), 0);
	assert_stats(&stats, 3, 3, 0, 0);
	assert_taken(&t, "test 3,test 4,test 5");
	assert_int_equal(count_files(md, "new", '\0'), 0);
	assert_int_equal(count_files(md, "cur", 'S'), 5);
	free(md);
}

/* A symbolic link in new/ is not followed (the store would otherwise take
 * in any file of this host); the other messages still go through and the
 * run reports the link. */
static void
test_maildir_unreadable_entry(void **state)
{
	char *md = new_maildir(), *link_path;
	struct cks_fetch_stats stats;
	struct cks_error err;
	struct taken t;

	deliver(md, 1);
	link_path = path_in(md, "new/1.evil.cks-test");
	assert_int_equal(symlink("/etc/passwd", link_path), 0);
	deliver(md, 2);
	memset(&t, 0, sizeof(t));
	assert_int_equal(cks_fetch_maildir(md, record, &t, &stats, &err), -1);
	assert_stats(&stats, 2, 2, 0, 0);
	assert_taken(&t, "test 1,test 2");
	assert_non_null(strstr(err.message, "1.evil.cks-test"));
	assert_int_equal(count_files(md, "new", '\0'), 1);
	free(link_path);
	free(md);
}

/* The one file in maildir/sub (a fresh maildir's single delivery). */
static char *
only_file(const char *maildir, const char *sub)
{
	char *path = path_in(maildir, sub), *name = NULL;
	DIR *dir = opendir(path);
	struct dirent *e;

	assert_non_null(dir);
	while ((e = readdir(dir)) != NULL)
		if (e->d_name[0] != '.') {
			assert_null(name);
			name = strdup(e->d_name);
		}
	closedir(dir);
	free(path);
	assert_non_null(name);
	return name;
}

/* A kill between libetpan's link() into cur/ and its unlink() from new/
 * leaves the message in both.  Every later run used to fail on it and
 * leave what came after it in new/; now the move is finished (the message
 * was taken already, so it is not handed over again) and new mail is
 * read. */
static void
test_maildir_move_cut_by_a_crash(void **state)
{
	char *md = new_maildir(), *name, *from, *to, target[512];
	struct cks_fetch_stats stats;
	struct cks_error err;
	struct taken t;

	deliver(md, 1);
	name = only_file(md, "new");
	snprintf(target, sizeof(target), "new/%s", name);
	from = path_in(md, target);
	snprintf(target, sizeof(target), "cur/%s:2,S", name);
	to = path_in(md, target);
	assert_int_equal(link(from, to), 0);
	deliver(md, 2);
	memset(&t, 0, sizeof(t));
	assert_int_equal(cks_fetch_maildir(md, record, &t, &stats, &err), 0);
	assert_stats(&stats, 1, 1, 0, 0);
	assert_taken(&t, "test 2");
	assert_int_equal(count_files(md, "new", '\0'), 0);
	assert_int_equal(count_files(md, "cur", 'S'), 2);
	/* and the next run is clean: nothing left behind */
	deliver(md, 3);
	memset(&t, 0, sizeof(t));
	assert_int_equal(cks_fetch_maildir(md, record, &t, &stats, &err), 0);
	assert_taken(&t, "test 3");
	assert_int_equal(count_files(md, "cur", 'S'), 3);
	free(from);
	free(to);
	free(name);
	free(md);
}

/* A different file already holds the done name in cur/ (a copy restored by
 * hand, say): the message is still taken and moved, under a name of its
 * own, and neither file is overwritten. */
static void
test_maildir_done_name_taken(void **state)
{
	char *md = new_maildir(), *name, *to, target[512];
	struct cks_fetch_stats stats;
	struct cks_error err;
	struct taken t;

	deliver(md, 1);
	name = only_file(md, "new");
	snprintf(target, sizeof(target), "cur/%s:2,S", name);
	to = path_in(md, target);
	test_write_file(to, "Subject: another\n\nanother\n");
	deliver(md, 2);
	memset(&t, 0, sizeof(t));
	assert_int_equal(cks_fetch_maildir(md, record, &t, &stats, &err), 0);
	assert_int_equal(stats.done, stats.fetched);
	assert_int_equal(count_files(md, "new", '\0'), 0);
	assert_int_equal(count_files(md, "cur", 'S'), 3);
	free(to);
	free(name);
	free(md);
}

static void
test_maildir_needs_cur_new_tmp(void **state)
{
	char *dir = test_path("not-a-maildir"), *sub;
	struct cks_fetch_stats stats;
	struct cks_error err;
	struct taken t;

	memset(&t, 0, sizeof(t));
	assert_int_equal(cks_fetch_maildir(dir, record, &t, &stats, &err), -1);
	assert_non_null(strstr(err.message, dir));

	assert_int_equal(mkdir(dir, 0700), 0);
	sub = path_in(dir, "cur");
	assert_int_equal(mkdir(sub, 0700), 0);
	free(sub);
	sub = path_in(dir, "new");
	assert_int_equal(mkdir(sub, 0700), 0);
	free(sub);
	assert_int_equal(cks_fetch_maildir(dir, record, &t, &stats, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, dir));
	assert_non_null(strstr(err.message, "tmp/"));
	assert_int_equal(t.calls, 0);
	free(dir);
}

/* --- IMAP -------------------------------------------------------------------- */

static void
imap_marks_seen(int starttls)
{
	struct cks_store *store;
	struct cks_config c;
	struct cks_fetch_stats stats;
	struct taken t;
	int i;

	store = test_store_new();
	start_dovecot(cert_file, key_file);
	for (i = 1; i <= 3; i++)
		deliver(server.maildir, i);
	c = imap_config(starttls, cert_file);
	memset(&t, 0, sizeof(t));
	run_imap(&c, store, &t, &stats);
	assert_stats(&stats, 3, 3, 0, 0);
	assert_taken(&t, "test 1,test 2,test 3");
	assert_string_equal(t.source, "imap:127.0.0.1/INBOX");
	assert_non_null(strchr(t.refs[0], ':'));
	assert_int_equal(t.unstuffed_dot, 3);
	assert_int_equal(count_seen(store, "imap:127.0.0.1/INBOX"), 3);
	/* \Seen is on the server: Dovecot keeps it in the file names. */
	assert_int_equal(count_files(server.maildir, "cur", 'S'), 3);

	/* A second run finds nothing to do; a new message is taken alone. */
	deliver(server.maildir, 4);
	memset(&t, 0, sizeof(t));
	run_imap(&c, store, &t, &stats);
	assert_stats(&stats, 1, 1, 0, 0);
	assert_taken(&t, "test 4");
	memset(&t, 0, sizeof(t));
	run_imap(&c, store, &t, &stats);
	assert_stats(&stats, 0, 0, 0, 0);
	stop_dovecot();
	assert_true(logged_in());
	cks_store_close(&store);
}

static void
test_imaps_hands_over_and_marks_seen(void **state)
{
	NEED_DOVECOT();
	imap_marks_seen(0);
}

static void
test_imap_starttls_hands_over_and_marks_seen(void **state)
{
	NEED_DOVECOT();
	imap_marks_seen(1);
}

static void
test_imap_move_to(void **state)
{
	struct cks_store *store;
	struct cks_config c;
	struct cks_fetch_stats stats;
	struct taken t;
	char *folder;
	int i;

	NEED_DOVECOT();
	store = test_store_new();
	start_dovecot(cert_file, key_file);
	folder = path_in(server.maildir, ".Processed");
	make_maildir(folder);
	for (i = 1; i <= 3; i++)
		deliver(server.maildir, i);
	c = imap_config(0, cert_file);
	c.imap_move_to = "Processed";
	memset(&t, 0, sizeof(t));
	run_imap(&c, store, &t, &stats);
	assert_stats(&stats, 3, 3, 0, 0);
	assert_int_equal(count_files(server.maildir, "cur", '\0') +
	    count_files(server.maildir, "new", '\0'), 0);
	assert_int_equal(count_files(folder, "cur", '\0') +
	    count_files(folder, "new", '\0'), 3);
	memset(&t, 0, sizeof(t));
	run_imap(&c, store, &t, &stats);
	assert_stats(&stats, 0, 0, 0, 0);
	free(folder);
	cks_store_close(&store);
}

/* IDLE: a message delivered while the intake waits is taken at once, and
 * a stop ends the wait.  The handler stops it after the second message. */
static volatile sig_atomic_t idle_stop;

static int
record_then_stop(void *context, const char *raw, size_t size,
		 const char *source, const char *ref, struct cks_error *err)
{
	struct taken *t = context;
	int rc = record(context, raw, size, source, ref, err);

	if (t->calls == 2)
		idle_stop = 1;
	return rc;
}

/* Whether one of Dovecot's processes is in IDLE: with verbose_proctitle
 * an imap process calls itself "dovecot/imap [user 127.0.0.1 IDLE]". */
static int
dovecot_in_idle(void)
{
	DIR *proc = opendir("/proc");
	struct dirent *e;
	int found = 0;

	if (proc == NULL)
		return 0;
	while (!found && (e = readdir(proc)) != NULL) {
		char path[300], line[512];
		size_t n, i;
		FILE *f;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", e->d_name);
		if ((f = fopen(path, "rb")) == NULL)
			continue;
		n = fread(line, 1, sizeof(line) - 1, f);
		fclose(f);
		for (i = 0; i < n; i++)
			if (line[i] == '\0')
				line[i] = ' ';
		line[n] = '\0';
		found = strstr(line, "imap [") != NULL &&
		    strstr(line, " IDLE]") != NULL;
	}
	closedir(proc);
	return found;
}

/* Delivers the second message once the intake waits in IDLE (polled, for
 * 15 s at most), not after a guessed pause. */
static int idle_seen;

static void *
deliver_later(void *unused)
{
	for (int i = 0; i < 1500 && !(idle_seen = dovecot_in_idle()); i++)
		test_pause_ms(10);
	deliver(server.maildir, 2);
	return NULL;
}

static void
test_imap_idle_takes_new_mail_at_once(void **state)
{
	struct cks_store *store;
	struct cks_config c;
	struct cks_fetch_stats stats;
	struct cks_error err;
	struct taken t;
	struct timespec t0, t1;
	pthread_t later;
	long elapsed_ms;

	NEED_DOVECOT();
	store = test_store_new();
	start_dovecot_with(cert_file, key_file, "verbose_proctitle = yes\n");
	deliver(server.maildir, 1);
	c = imap_config(0, cert_file);
	memset(&t, 0, sizeof(t));
	idle_stop = 0;
	assert_int_equal(pthread_create(&later, NULL, deliver_later, NULL), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (cks_fetch_imap_idle(&c, store, record_then_stop, &t, 20000,
	    &idle_stop, &stats, &err) != 0)
		fail_msg("cks_fetch_imap_idle: %s", err.message);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	pthread_join(later, NULL);
	assert_true(idle_seen);
	elapsed_ms = (t1.tv_sec - t0.tv_sec) * 1000 +
	    (t1.tv_nsec - t0.tv_nsec) / 1000000;
	assert_int_equal(stats.idled, 1);
	assert_taken(&t, "test 1,test 2");
	assert_stats(&stats, 2, 2, 0, 0);
	/* Taken while waiting, long before the 20 s were up. */
	if (elapsed_ms > 10000)
		fail_msg("the second message took %ld ms to arrive", elapsed_ms);
	assert_int_equal(count_files(server.maildir, "cur", 'S'), 2);
	cks_store_close(&store);
}

static void
test_imap_restart_in_the_middle(void **state)
{
	struct cks_store *store;
	struct cks_config c;
	struct cks_fetch_stats stats;
	struct taken t;
	int i;

	NEED_DOVECOT();
	store = test_store_new();
	start_dovecot(cert_file, key_file);
	for (i = 1; i <= 5; i++)
		deliver(server.maildir, i);
	c = imap_config(0, cert_file);
	memset(&t, 0, sizeof(t));
	t.fail_from = 3;
	run_imap(&c, store, &t, &stats);
	assert_stats(&stats, 5, 2, 0, 3);
	assert_int_equal(count_files(server.maildir, "cur", 'S'), 2);

	memset(&t, 0, sizeof(t));
	run_imap(&c, store, &t, &stats);
	assert_stats(&stats, 3, 3, 0, 0);
	assert_taken(&t, "test 3,test 4,test 5");
	assert_int_equal(count_files(server.maildir, "cur", 'S'), 5);
	cks_store_close(&store);
}

/* Entries under another UIDVALIDITY name other messages: ignored and
 * dropped.  An entry under the current one whose message is still unseen
 * (the run ended between commit and STORE) is not handed again, only
 * marked. */
static void
test_imap_uidvalidity(void **state)
{
	const char *source = "imap:127.0.0.1/INBOX";
	struct cks_store *store;
	struct cks_config c;
	struct cks_fetch_stats stats;
	struct taken t;
	char ref[64], *colon;
	int i;

	NEED_DOVECOT();
	store = test_store_new();
	start_dovecot(cert_file, key_file);
	for (i = 1; i <= 3; i++)
		deliver(server.maildir, i);
	c = imap_config(0, cert_file);
	memset(&t, 0, sizeof(t));
	t.fail_from = 1;
	run_imap(&c, store, &t, &stats);
	assert_stats(&stats, 3, 0, 0, 3);
	/* t.refs[1] is "UIDVALIDITY:UID" of message 2. */
	snprintf(ref, sizeof(ref), "%s", t.refs[1]);
	colon = strchr(ref, ':');
	assert_non_null(colon);
	assert_true(strtoul(ref, NULL, 10) > 0);
	add_seen(store, source, ref);
	add_seen(store, source, "1:1");    /* an old UIDVALIDITY */
	add_seen(store, source, "1:3");

	memset(&t, 0, sizeof(t));
	run_imap(&c, store, &t, &stats);
	assert_stats(&stats, 2, 2, 1, 0);
	assert_taken(&t, "test 1,test 3");
	assert_int_equal(count_files(server.maildir, "cur", 'S'), 3);
	assert_int_equal(count_seen(store, source), 3);
	*colon = '\0';
	for (i = 0; i < 2; i++)
		assert_int_equal(strncmp(t.refs[i], ref, strlen(ref)), 0);
	cks_store_close(&store);
}

static void
test_imap_untrusted_certificate(void **state)
{
	struct cks_store *store;
	struct cks_config c;
	struct cks_fetch_stats stats;
	struct cks_error err;
	struct taken t;
	int starttls;

	NEED_DOVECOT();
	store = test_store_new();
	start_dovecot(cert_file, key_file);
	deliver(server.maildir, 1);
	for (starttls = 0; starttls <= 1; starttls++) {
		/* Another self-signed certificate as the CA; then the system's
		 * CAs, which know nothing of the test's. */
		c = imap_config(starttls, other_cert_file);
		memset(&t, 0, sizeof(t));
		assert_int_equal(cks_fetch_imap(&c, store, record, &t, &stats, &err), -1);
		assert_non_null(strstr(err.message, "certificate"));
		assert_non_null(strstr(err.message, "127.0.0.1"));
		c.imap_ca_file = NULL;
		assert_int_equal(cks_fetch_imap(&c, store, record, &t, &stats, &err), -1);
		assert_non_null(strstr(err.message, "certificate"));
		assert_int_equal(t.calls, 0);
	}
	assert_no_login();
	assert_int_equal(count_files(server.maildir, "new", '\0') +
	    count_files(server.maildir, "cur", '\0'), 1);
	cks_store_close(&store);
}

/* The certificate is trusted but names another host. */
static void
test_imap_host_name_mismatch(void **state)
{
	struct cks_store *store;
	struct cks_config c;
	struct cks_fetch_stats stats;
	struct cks_error err;
	struct taken t;
	int starttls;

	NEED_DOVECOT();
	store = test_store_new();
	start_dovecot(other_cert_file, other_key_file);
	deliver(server.maildir, 1);
	for (starttls = 0; starttls <= 1; starttls++) {
		c = imap_config(starttls, other_cert_file);
		memset(&t, 0, sizeof(t));
		assert_int_equal(cks_fetch_imap(&c, store, record, &t, &stats, &err), -1);
		assert_non_null(strstr(err.message, "certificate"));
		assert_non_null(strstr(err.message, "name"));
		assert_int_equal(t.calls, 0);
	}
	assert_no_login();
	cks_store_close(&store);
}

/* The server shows the right certificate only to a client that names it
 * by SNI, on implicit TLS and after STARTTLS / STLS alike. */
static void
test_server_name_is_sent(void **state)
{
	struct cks_store *store;
	struct cks_config c;
	struct cks_fetch_stats stats;
	struct taken t;
	char extra[2048];
	int tls;

	NEED_DOVECOT();
	store = test_store_new();
	snprintf(extra, sizeof(extra),
	    "local_name localhost {\n  ssl_cert = <%s\n  ssl_key = <%s\n}\n",
	    cert_file, key_file);
	start_dovecot_with(other_cert_file, other_key_file, extra);
	deliver(server.maildir, 1);
	for (tls = 0; tls <= 1; tls++) {
		c = imap_config(tls, cert_file);
		c.imap_host = "localhost";
		memset(&t, 0, sizeof(t));
		run_imap(&c, store, &t, &stats);
		assert_int_equal(stats.fetched, tls == 0 ? 1 : 0);
		c = pop3_config(tls, cert_file, 0);
		c.pop3_host = "localhost";
		memset(&t, 0, sizeof(t));
		run_pop3(&c, store, &t, &stats);
		assert_int_equal(stats.fetched + stats.skipped, 1);
	}
	cks_store_close(&store);
}

static void
test_imap_refusals(void **state)
{
	struct cks_store *store;
	struct cks_config c;
	struct cks_fetch_stats stats;
	struct cks_error err;
	struct taken t;
	char *bad_auth;

	NEED_DOVECOT();
	store = test_store_new();
	start_dovecot(cert_file, key_file);
	memset(&t, 0, sizeof(t));

	c = imap_config(0, cert_file);
	c.imap_host = NULL;
	assert_int_equal(cks_fetch_imap(&c, store, record, &t, &stats, &err), -1);
	assert_non_null(strstr(err.message, "imap.host"));

	/* An auth file others may read. */
	c = imap_config(0, cert_file);
	assert_int_equal(chmod(server.auth_file, 0644), 0);
	assert_int_equal(cks_fetch_imap(&c, store, record, &t, &stats, &err), -1);
	assert_non_null(strstr(err.message, "readable by others"));
	assert_non_null(strstr(err.message, server.auth_file));
	assert_int_equal(chmod(server.auth_file, 0600), 0);

	/* A wrong password. */
	bad_auth = path_in(server.dir, "bad-auth");
	test_write_file(bad_auth, USER "\nwrong\n");
	assert_int_equal(chmod(bad_auth, 0600), 0);
	c.imap_auth_file = bad_auth;
	assert_int_equal(cks_fetch_imap(&c, store, record, &t, &stats, &err), -1);
	assert_non_null(strstr(err.message, "LOGIN as " USER));

	/* A folder that does not exist. */
	c = imap_config(0, cert_file);
	c.imap_folder = "Nowhere";
	assert_int_equal(cks_fetch_imap(&c, store, record, &t, &stats, &err), -1);
	assert_non_null(strstr(err.message, "Nowhere"));

	/* Nobody listening. */
	stop_dovecot();
	c = imap_config(0, cert_file);
	assert_int_equal(cks_fetch_imap(&c, store, record, &t, &stats, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_TEMPORARY);
	assert_int_equal(t.calls, 0);
	free(bad_auth);
	cks_store_close(&store);
}

/* --- POP3 -------------------------------------------------------------------- */

static void
pop3_remembers(int stls)
{
	struct cks_store *store;
	struct cks_config c;
	struct cks_fetch_stats stats;
	struct taken t;
	int i;

	store = test_store_new();
	start_dovecot(cert_file, key_file);
	for (i = 1; i <= 3; i++)
		deliver(server.maildir, i);
	c = pop3_config(stls, cert_file, 0);
	memset(&t, 0, sizeof(t));
	run_pop3(&c, store, &t, &stats);
	assert_stats(&stats, 3, 3, 0, 0);
	assert_taken(&t, "test 1,test 2,test 3");
	assert_string_equal(t.source, "pop3:127.0.0.1");
	assert_true(strlen(t.refs[0]) > 0);
	/* The server stuffed ".leading dot"; libetpan took the dot off. */
	assert_int_equal(t.unstuffed_dot, 3);
	assert_int_equal(count_seen(store, "pop3:127.0.0.1"), 3);

	memset(&t, 0, sizeof(t));
	run_pop3(&c, store, &t, &stats);
	assert_stats(&stats, 0, 0, 3, 0);
	stop_dovecot();
	/* pop3.delete = no: all still there. */
	assert_int_equal(count_files(server.maildir, "cur", '\0') +
	    count_files(server.maildir, "new", '\0'), 3);
	assert_true(logged_in());
	cks_store_close(&store);
}

static void
test_pop3s_remembers_uidls(void **state)
{
	NEED_DOVECOT();
	pop3_remembers(0);
}

static void
test_pop3_stls_remembers_uidls(void **state)
{
	NEED_DOVECOT();
	pop3_remembers(1);
}

static void
test_pop3_delete(void **state)
{
	struct cks_store *store;
	struct cks_config c;
	struct cks_fetch_stats stats;
	struct taken t;
	int i;

	NEED_DOVECOT();
	store = test_store_new();
	start_dovecot(cert_file, key_file);
	for (i = 1; i <= 3; i++)
		deliver(server.maildir, i);
	/* A run that ended before its QUIT took all three but deleted
	 * none (pop3.delete = no has the same effect). */
	c = pop3_config(1, cert_file, 0);
	memset(&t, 0, sizeof(t));
	run_pop3(&c, store, &t, &stats);
	assert_stats(&stats, 3, 3, 0, 0);
	assert_int_equal(count_files(server.maildir, "cur", '\0') +
	    count_files(server.maildir, "new", '\0'), 3);
	/* With pop3.delete = yes they go, without being handed again. */
	c.pop3_delete = 1;
	memset(&t, 0, sizeof(t));
	run_pop3(&c, store, &t, &stats);
	assert_stats(&stats, 0, 0, 3, 0);
	assert_int_equal(count_files(server.maildir, "cur", '\0') +
	    count_files(server.maildir, "new", '\0'), 0);

	deliver(server.maildir, 4);
	memset(&t, 0, sizeof(t));
	run_pop3(&c, store, &t, &stats);
	assert_stats(&stats, 1, 1, 0, 0);
	assert_taken(&t, "test 4");
	assert_int_equal(count_files(server.maildir, "cur", '\0') +
	    count_files(server.maildir, "new", '\0'), 0);
	cks_store_close(&store);
}

static void
test_pop3_restart_in_the_middle(void **state)
{
	struct cks_store *store;
	struct cks_config c;
	struct cks_fetch_stats stats;
	struct taken t;
	int i;

	NEED_DOVECOT();
	store = test_store_new();
	start_dovecot(cert_file, key_file);
	for (i = 1; i <= 5; i++)
		deliver(server.maildir, i);
	c = pop3_config(0, cert_file, 1);
	memset(&t, 0, sizeof(t));
	t.fail_from = 3;
	run_pop3(&c, store, &t, &stats);
	assert_stats(&stats, 5, 2, 0, 3);
	assert_int_equal(count_files(server.maildir, "cur", '\0') +
	    count_files(server.maildir, "new", '\0'), 3);

	memset(&t, 0, sizeof(t));
	run_pop3(&c, store, &t, &stats);
	assert_stats(&stats, 3, 3, 0, 0);
	assert_taken(&t, "test 3,test 4,test 5");
	assert_int_equal(count_files(server.maildir, "cur", '\0') +
	    count_files(server.maildir, "new", '\0'), 0);
	cks_store_close(&store);
}

static void
test_pop3_untrusted_certificate(void **state)
{
	struct cks_store *store;
	struct cks_config c;
	struct cks_fetch_stats stats;
	struct cks_error err;
	struct taken t;
	int stls;

	NEED_DOVECOT();
	store = test_store_new();
	start_dovecot(cert_file, key_file);
	deliver(server.maildir, 1);
	for (stls = 0; stls <= 1; stls++) {
		c = pop3_config(stls, other_cert_file, 1);
		memset(&t, 0, sizeof(t));
		assert_int_equal(cks_fetch_pop3(&c, store, record, &t, &stats, &err), -1);
		assert_non_null(strstr(err.message, "certificate"));
		assert_int_equal(t.calls, 0);
	}
	assert_no_login();
	assert_int_equal(count_files(server.maildir, "new", '\0') +
	    count_files(server.maildir, "cur", '\0'), 1);
	cks_store_close(&store);
}

static void
test_pop3_host_name_mismatch(void **state)
{
	struct cks_store *store;
	struct cks_config c;
	struct cks_fetch_stats stats;
	struct cks_error err;
	struct taken t;

	NEED_DOVECOT();
	store = test_store_new();
	start_dovecot(other_cert_file, other_key_file);
	c = pop3_config(0, other_cert_file, 0);
	memset(&t, 0, sizeof(t));
	assert_int_equal(cks_fetch_pop3(&c, store, record, &t, &stats, &err), -1);
	assert_non_null(strstr(err.message, "name"));
	assert_no_login();
	cks_store_close(&store);
}

/* --- the credentials file ------------------------------------------------------ */

static void
test_secret_file(void **state)
{
	char *path = test_path("secret"), user[16], password[16];
	struct cks_error err;

	test_write_file(path, "someone\r\npass word\r\n");
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(cks_secret_read_credentials(path, user, sizeof(user),
	    password, sizeof(password), &err), 0);
	assert_string_equal(user, "someone");
	assert_string_equal(password, "pass word");

	/* No final newline is fine. */
	test_write_file(path, "someone\npass");
	assert_int_equal(cks_secret_read_credentials(path, user, sizeof(user),
	    password, sizeof(password), &err), 0);
	assert_string_equal(password, "pass");

	/* Too long for the buffer: refused, not cut. */
	test_write_file(path, "someone\nthis password is far too long\n");
	assert_int_equal(cks_secret_read_credentials(path, user, sizeof(user),
	    password, sizeof(password), &err), -1);
	assert_non_null(strstr(err.message, "line 2"));
	assert_string_equal(password, "");

	test_write_file(path, "someone\n");
	assert_int_equal(cks_secret_read_credentials(path, user, sizeof(user),
	    password, sizeof(password), &err), -1);

	test_write_file(path, "someone\npass\n");
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(cks_secret_read_credentials(path, user, sizeof(user),
	    password, sizeof(password), &err), -1);
	assert_non_null(strstr(err.message, "mode 640"));
	assert_non_null(strstr(err.message, path));

	assert_int_equal(unlink(path), 0);
	assert_int_equal(cks_secret_read_credentials(path, user, sizeof(user),
	    password, sizeof(password), &err), -1);
	assert_non_null(strstr(err.message, path));
	free(path);
}

/* --- group ------------------------------------------------------------------- */

static void
stop_at_exit(void)
{
	stop_dovecot();
}

static int
setup_group(void **state)
{
	cert_file = make_cert("server", "/CN=localhost",
	    "DNS:localhost,IP:127.0.0.1", &key_file);
	other_cert_file = make_cert("other", "/CN=other.example",
	    "DNS:other.example", &other_key_file);
	if (cert_file == NULL || other_cert_file == NULL)
		return -1;
	if (getuid() == 0) {
		struct passwd *pw = getpwnam("nobody");

		if (pw == NULL)
			return -1;
		mail_uid = pw->pw_uid;
		mail_gid = pw->pw_gid;
		/* Dovecot's mail processes run as nobody and must reach
		 * their maildir through the scratch directory. */
		if (chmod(test_scratch_dir(), 0711) < 0)
			return -1;
	}
	atexit(stop_at_exit);
	return 0;
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_maildir_new_to_cur_with_seen_flag),
		cmocka_unit_test(test_maildir_restart_in_the_middle),
		cmocka_unit_test(test_maildir_unreadable_entry),
		cmocka_unit_test(test_maildir_move_cut_by_a_crash),
		cmocka_unit_test(test_maildir_done_name_taken),
		cmocka_unit_test(test_maildir_needs_cur_new_tmp),
		cmocka_unit_test(test_secret_file),
		cmocka_unit_test_teardown(test_imaps_hands_over_and_marks_seen, teardown_server),
		cmocka_unit_test_teardown(test_imap_starttls_hands_over_and_marks_seen, teardown_server),
		cmocka_unit_test_teardown(test_imap_move_to, teardown_server),
		cmocka_unit_test_teardown(test_imap_idle_takes_new_mail_at_once,
		    teardown_server),
		cmocka_unit_test_teardown(test_imap_restart_in_the_middle, teardown_server),
		cmocka_unit_test_teardown(test_imap_uidvalidity, teardown_server),
		cmocka_unit_test_teardown(test_imap_untrusted_certificate, teardown_server),
		cmocka_unit_test_teardown(test_imap_host_name_mismatch, teardown_server),
		cmocka_unit_test_teardown(test_server_name_is_sent, teardown_server),
		cmocka_unit_test_teardown(test_imap_refusals, teardown_server),
		cmocka_unit_test_teardown(test_pop3s_remembers_uidls, teardown_server),
		cmocka_unit_test_teardown(test_pop3_stls_remembers_uidls, teardown_server),
		cmocka_unit_test_teardown(test_pop3_delete, teardown_server),
		cmocka_unit_test_teardown(test_pop3_restart_in_the_middle, teardown_server),
		cmocka_unit_test_teardown(test_pop3_untrusted_certificate, teardown_server),
		cmocka_unit_test_teardown(test_pop3_host_name_mismatch, teardown_server),
	};

	return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
