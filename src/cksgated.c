/* cksgated: the gateway daemon.  It runs the outbound queue, the inbound
 * intakes and the webhook outbox in loops, and the HTTP API, all over one
 * store; SIGHUP reloads the config, plugins, templates and tokens (keeping
 * the old ones when the new ones do not load), SIGTERM stops taking work,
 * lets what is in flight finish, and exits. */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "channels.h"
#include "clock.h"
#include "config.h"
#include "httpd.h"
#include "log.h"
#include "loops.h"
#include "metrics.h"
#include "runtime.h"
#include "store.h"
#include "webhook.h"

/* How long SIGTERM waits for SMTP sessions and webhook posts in flight. */
#define STOP_GRACE_MS 20000

static const char usage_text[] =
	"usage: cksgated [-c FILE] [-f] [-t]\n"
	"  -c, --config FILE  configuration (default: $CKSGATE_CONFIG, else the\n"
	"                     embedded defaults)\n"
	"  -t, --check        load the config, store and plugins, report, exit\n"
	"  -f, --foreground   stay in the foreground, log to stderr (systemd,\n"
	"                     tests); without it: detach and log to syslog\n"
	"A listening socket passed as systemd does (LISTEN_PID, LISTEN_FDS=1,\n"
	"fd 3) is served in place of http.listen and http.port.\n";

/* The listening socket passed by socket activation (systemd's protocol:
 * LISTEN_PID is ours, LISTEN_FDS=1, the socket is fd 3), or -1.  Read at
 * start, before detaching changes our PID; the variables are then unset
 * so that no child takes them for its own. */
static int inherited_http_fd = -1;
static int bound_here;          /* that socket bound by us, before dropping root */

static void
take_listen_fds(void)
{
	const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
	int flags;

	if (pid != NULL && fds != NULL && strtol(pid, NULL, 10) == getpid() &&
	    strcmp(fds, "1") == 0 && (flags = fcntl(3, F_GETFD)) >= 0) {
		fcntl(3, F_SETFD, flags | FD_CLOEXEC);
		inherited_http_fd = 3;
	}
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
}

static int
check(const char *config_path)
{
	struct cks_config *config = NULL;
	struct cks_store *store = NULL;
	struct cks_channels *channels = NULL;
	struct cks_templates *templates = NULL;
	struct cks_api_tokens *tokens = NULL;
	struct cks_error err;
	int rc = 1;

	if (cks_config_load(config_path, &config, &err) < 0 ||
	    cks_clock_set_zone(config->timezone, &err) < 0 ||
	    cks_store_open(config->database, config->busy_timeout_ms, &store,
			   &err) < 0 ||
	    cks_channels_load_dirs((const char *[]){ config->plugin_dir,
	    config->extra_plugin_dir, NULL }, config->state_dir,
	    &channels, &err) < 0) {
		fprintf(stderr, "cksgated: %s\n", err.message);
		goto out;
	}
	printf("config %s: ok\nstore %s: schema version %d\n", config->source,
	    config->database, cks_store_schema_version(store));
	for (size_t i = 0; i < channels->count; i++)
		printf("channel %s: loaded from %s\n",
		    channels->channels[i].plugin->id, channels->channels[i].path);
	for (size_t i = 0; i < channels->refusal_count; i++)
		fprintf(stderr, "cksgated: plugin %s refused: %s\n",
		    channels->refusals[i].path, channels->refusals[i].reason);
	if (channels->count == 0)
		fprintf(stderr, "cksgated: no channel plugins in %s\n",
		    config->plugin_dir);
	rc = channels->count > 0 && channels->refusal_count == 0 ? 0 : 1;
	/* The rest of what the service loads (runtime_load), once. */
	if (rc == 0 && (cks_templates_load(config->template_dir, &templates,
	    &err) < 0 || cks_api_tokens_load(config->http_tokens_file, &tokens,
	    &err) < 0)) {
		fprintf(stderr, "cksgated: %s\n", err.message);
		rc = 1;
	} else if (rc == 0) {
		printf("templates %s: ok\napi tokens %s: %zu\n",
		    config->template_dir, config->http_tokens_file,
		    cks_api_tokens_count(tokens));
	}
	/* The same warning the daemon logs at start (lib/web/httpd.c). */
	if (rc == 0 && config->http_port > 0 &&
	    !cks_http_address_is_loopback(config->http_listen))
		fprintf(stderr, "cksgated: warning: http.listen %s is not a "
		    "loopback address and cksgated speaks plain HTTP: listen on "
		    "127.0.0.1 behind a TLS proxy\n", config->http_listen);
out:
	cks_api_tokens_free(&tokens);
	cks_templates_free(&templates);
	cks_channels_free(&channels);
	cks_store_close(&store);
	cks_config_free(&config);
	return rc;
}

/* A fatal signal (a plugin's thread that crashes, a bug) used to end the
 * daemon without a word.  The handler writes one log line to stderr
 * (journald's, under systemd) with write(2) only, which is
 * async-signal-safe, then lets the signal take its default action (core
 * dump, the exit status systemd reports).  An alternate stack lets it run
 * after a stack overflow too. */
static const struct {
	int number;
	const char *name;
} fatal_signals[] = {
	{ SIGSEGV, "SIGSEGV" }, { SIGABRT, "SIGABRT" }, { SIGBUS, "SIGBUS" },
	{ SIGFPE, "SIGFPE" }, { SIGILL, "SIGILL" },
};

static void
on_fatal_signal(int number)
{
	char line[160], digits[16];
	const char *name = "?";
	size_t n = 0, d = 0;
	int v = number;

	for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++)
		if (fatal_signals[i].number == number)
			name = fatal_signals[i].name;
	do
		digits[d++] = (char)('0' + v % 10);
	while ((v /= 10) > 0 && d < sizeof(digits));
#define PUT(text) do { \
		for (const char *p_ = (text); *p_ != '\0' && n < sizeof(line) - 1; p_++) \
			line[n++] = *p_; \
	} while (0)
	PUT("cksgated[error] daemon.fatal_signal signal=");
	PUT(name);
	PUT(" number=");
	while (d > 0 && n < sizeof(line) - 1)
		line[n++] = digits[--d];
	PUT(" action=\"exiting: a bug, or a plugin's code\"\n");
#undef PUT
	(void)!write(STDERR_FILENO, line, n);
	/* SA_RESETHAND restored the default action: a fault repeats when we
	 * return, and raise() covers abort() and kill(). */
	raise(number);
}

static void
install_fatal_signal_log(void)
{
	static char alt_stack[64 * 1024];
	stack_t ss = { .ss_sp = alt_stack, .ss_size = sizeof(alt_stack) };
	struct sigaction sa;

	(void)sigaltstack(&ss, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fatal_signal;
	sa.sa_flags = SA_RESETHAND | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++)
		(void)sigaction(fatal_signals[i].number, &sa, NULL);
}

/* systemd's readiness protocol: one datagram to $NOTIFY_SOCKET. */
static void
notify_systemd(const char *state)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un address = { .sun_family = AF_UNIX };
	socklen_t length;
	int fd;

	if (path == NULL || (path[0] != '/' && path[0] != '@') ||
	    strlen(path) >= sizeof(address.sun_path))
		return;
	memcpy(address.sun_path, path, strlen(path));
	if (path[0] == '@')
		address.sun_path[0] = '\0';          /* an abstract socket */
	length = (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
	    strlen(path));
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	(void)sendto(fd, state, strlen(state), MSG_NOSIGNAL,
	    (struct sockaddr *)&address, length);
	close(fd);
}

/* The pid file is locked for as long as we run: a second daemon on the
 * same state directory is refused instead of racing the first. */
static int
write_pid_file(const char *path, int *fd_out)
{
	char text[32];
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);

	if (fd < 0) {
		fprintf(stderr, "cksgated: cannot open pid file %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		fprintf(stderr, "cksgated: pid file %s is locked: another "
		    "cksgated runs on this state\n", path);
		close(fd);
		return -1;
	}
	snprintf(text, sizeof(text), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) < 0 ||
	    write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		fprintf(stderr, "cksgated: cannot write pid file %s: %s\n", path,
		    strerror(errno));
		close(fd);
		return -1;
	}
	*fd_out = fd;
	return 0;
}

static int
drop_privileges(const char *user)
{
	struct passwd *pw;

	if (getuid() != 0)
		return 0;
	if (user == NULL) {
		cks_log(CKS_LOG_WARNING, "daemon.root", "message=\"running as "
		    "root: set daemon.user to drop privileges\"");
		return 0;
	}
	pw = getpwnam(user);
	if (pw == NULL) {
		cks_log(CKS_LOG_ERROR, "daemon.user", "user=%s error=\"no such "
		    "user\"", user);
		return -1;
	}
	if (initgroups(pw->pw_name, pw->pw_gid) < 0 ||
	    setgid(pw->pw_gid) < 0 || setuid(pw->pw_uid) < 0 ||
	    setuid(0) == 0) {
		cks_log(CKS_LOG_ERROR, "daemon.user", "user=%s error=\"cannot "
		    "drop root\"", user);
		return -1;
	}
	cks_log(CKS_LOG_NOTICE, "daemon.user", "user=%s uid=%ld", user,
	    (long)pw->pw_uid);
	return 0;
}

static void *
httpd_acquire(void *context, struct cks_api_env *env,
	      const struct cks_api_tokens **tokens)
{
	struct runtime *r = runtime_acquire();

	env->config = r->config;
	env->channels = r->channels;
	env->templates = r->templates;
	env->wake = loops_wake;
	*tokens = r->tokens;
	return r;
}

static void
httpd_release(void *context, void *reference)
{
	runtime_release(reference);
}

static void
reload(const char *config_path)
{
	struct runtime *fresh, *old;
	struct cks_error err;
	char text[1100];

	notify_systemd("RELOADING=1");
	if (runtime_load(config_path, &fresh, &err) < 0) {
		cks_log(CKS_LOG_ERROR, "reload.refused", "error=%s "
		    "message=\"the running configuration stays in force\"",
		    cks_log_value(err.message, text, sizeof(text)));
		notify_systemd("READY=1");
		return;
	}
	old = runtime_acquire();
	if (strcmp(old->config->database, fresh->config->database) != 0 ||
	    old->config->http_port != fresh->config->http_port ||
	    strcmp(old->config->http_listen, fresh->config->http_listen) != 0)
		cks_log(CKS_LOG_WARNING, "reload.partial", "message=\"database, "
		    "http.listen and http.port change only on restart\"");
	runtime_release(old);
	cks_log_open("cksgated", (enum cks_log_target)fresh->config->log_target,
	    (enum cks_log_level)fresh->config->log_level);
	runtime_install(fresh);
	loops_wake(NULL);
	cks_log(CKS_LOG_NOTICE, "reload.done", "config=%s channels=%zu",
	    cks_log_value(fresh->config->source, text, sizeof(text)),
	    fresh->channels->count);
	notify_systemd("READY=1");
}

static int
serve(const char *config_path, int foreground)
{
	struct runtime *runtime;
	struct cks_store *store = NULL;
	struct cks_httpd *httpd = NULL;
	char *tls_cert = NULL, *tls_key = NULL;
	struct cks_metrics *metrics = NULL;
	struct cks_error err;
	sigset_t signals;
	int pid_fd = -1, signal_number, rc = 1;
	enum cks_log_target target;
	char text[1100];

	if (runtime_load(config_path, &runtime, &err) < 0) {
		fprintf(stderr, "cksgated: %s\n", err.message);
		return 1;
	}
	cks_store_use_group_commit();
	/* Migrates the schema once, before any thread opens the store. */
	if (cks_store_open(runtime->config->database,
	    runtime->config->busy_timeout_ms, &store, &err) < 0) {
		fprintf(stderr, "cksgated: %s\n", err.message);
		runtime_release(runtime);
		return 1;
	}
	/* The state directory (pid file, spool, plugin cache) is made by a
	 * SQLite store opening its file there; a PostgreSQL store has no
	 * file, so it is made here (one level, as the store does). */
	if (cks_store_dialect(store) == CKS_DIALECT_POSTGRESQL &&
	    mkdir(runtime->config->state_dir, 0750) < 0 && errno != EEXIST) {
		fprintf(stderr, "cksgated: cannot create the state directory "
		    "%s: %s\n", runtime->config->state_dir, strerror(errno));
		cks_store_close(&store);
		runtime_release(runtime);
		return 1;
	}
	cks_store_close(&store);
	target = (enum cks_log_target)runtime->config->log_target;
	if (target == CKS_LOG_AUTO)
		target = foreground ? CKS_LOG_STDERR : CKS_LOG_SYSLOG;
	if (!foreground && daemon(0, 0) < 0) {
		fprintf(stderr, "cksgated: cannot detach: %s\n", strerror(errno));
		runtime_release(runtime);
		return 1;
	}
	cks_log_open("cksgated", target,
	    (enum cks_log_level)runtime->config->log_level);
	if (write_pid_file(runtime->config->daemon_pid_file, &pid_fd) < 0) {
		cks_log(CKS_LOG_ERROR, "daemon.pid_file", "path=%s",
		    cks_log_value(runtime->config->daemon_pid_file, text,
		    sizeof(text)));
		runtime_release(runtime);
		return 1;
	}
	runtime_install(runtime);
	/* Every thread inherits this mask; only the main thread takes
	 * signals, with sigwait, so no handler runs inside library code. */
	sigemptyset(&signals);
	sigaddset(&signals, SIGHUP);
	sigaddset(&signals, SIGTERM);
	sigaddset(&signals, SIGINT);
	pthread_sigmask(SIG_BLOCK, &signals, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (cks_webhook_global_init(&err) < 0 ||
	    (metrics = cks_metrics_new()) == NULL) {
		cks_log(CKS_LOG_ERROR, "daemon.start", "error=%s",
		    cks_log_value(err.message, text, sizeof(text)));
		goto out;
	}
	runtime = runtime_acquire();
	if (inherited_http_fd <= 0 && runtime->config->http_port > 0 && geteuid() == 0 &&
	    runtime->config->daemon_user != NULL && runtime->config->daemon_user[0] != '\0') {
		/* bound as root, served only once root is dropped */
		bound_here = 1;
		if (cks_httpd_bind(runtime->config->http_listen,
		    runtime->config->http_port, &inherited_http_fd, &err) < 0) {
			cks_log(CKS_LOG_ERROR, "http.failed", "error=%s",
			    cks_log_value(err.message, text, sizeof(text)));
			runtime_release(runtime);
			goto out;
		}
	}
	/* The TLS key is read while still root: it may be root's alone. */
	if (runtime->config->http_tls_cert != NULL &&
	    (cks_httpd_read_pem(runtime->config->http_tls_cert, &tls_cert,
	     &err) < 0 ||
	     cks_httpd_read_pem(runtime->config->http_tls_key, &tls_key,
	     &err) < 0)) {
		cks_log(CKS_LOG_ERROR, "http.tls", "error=%s",
		    cks_log_value(err.message, text, sizeof(text)));
		runtime_release(runtime);
		goto out;
	}
	/* root is dropped before the HTTP threads start */
	if (drop_privileges(runtime->config->daemon_user) < 0) {
		runtime_release(runtime);
		goto out;
	}
	if (runtime->config->http_port > 0 || inherited_http_fd > 0) {
		struct cks_httpd_settings settings = {
			.listen = runtime->config->http_listen,
			.port = runtime->config->http_port,
			.inherited_fd = inherited_http_fd,
			.threads = runtime->config->http_threads,
			.max_body = runtime->config->http_max_body,
			.max_json_body = runtime->config->http_max_json_body,
			.max_body_memory = runtime->config->http_max_body_memory,
			.max_connections = runtime->config->http_max_connections,
			.max_connections_per_ip =
			    runtime->config->http_max_connections_per_ip,
			.connection_reserve =
			    runtime->config->http_connection_reserve,
			.header_timeout_ms =
			    runtime->config->http_header_timeout_ms,
			.body_timeout_ms = runtime->config->http_body_timeout_ms,
			.metrics = metrics,
			.tls_cert_pem = tls_cert,
			.tls_key_pem = tls_key,
			.acquire = httpd_acquire,
			.release = httpd_release,
		};

		if (cks_httpd_start(&settings, &httpd, &err) < 0) {
			cks_log(CKS_LOG_ERROR, "http.failed", "error=%s",
			    cks_log_value(err.message, text, sizeof(text)));
			runtime_release(runtime);
			goto out;
		}
		/* The port served, which tests read: the kernel's pick or
		 * the inherited socket's may differ from http.port. */
		cks_log(CKS_LOG_NOTICE, "http.listening", "address=%s port=%ld "
		    "inherited=%s tokens=%zu", runtime->config->http_listen,
		    cks_httpd_port(httpd) > 0 ? cks_httpd_port(httpd) :
		    runtime->config->http_port, inherited_http_fd > 0 && !bound_here ? "yes" : "no",
		    cks_api_tokens_count(runtime->tokens));
	}
	runtime_release(runtime);
	if (loops_start() < 0) {
		cks_log(CKS_LOG_ERROR, "daemon.start", "error=\"cannot start "
		    "threads: %s\"", strerror(errno));
		goto out;
	}
	cks_log(CKS_LOG_NOTICE, "daemon.ready", "pid=%ld", (long)getpid());
	notify_systemd("READY=1");
	for (;;) {
		if (sigwait(&signals, &signal_number) != 0)
			continue;
		if (signal_number == SIGHUP) {
			reload(config_path);
			continue;
		}
		break;
	}
	notify_systemd("STOPPING=1");
	cks_log(CKS_LOG_NOTICE, "daemon.stopping", "signal=%d", signal_number);
	cks_httpd_quiesce(httpd);
	{
		int running = loops_stop(STOP_GRACE_MS);

		if (running > 0)
			cks_log(CKS_LOG_WARNING, "daemon.stop_timeout",
			    "running=%d message=\"work left in flight is taken "
			    "up again at the next start\"", running);
	}
	rc = 0;
out:
	cks_httpd_stop(&httpd);
	if (tls_key != NULL)
		explicit_bzero(tls_key, strlen(tls_key));
	free(tls_cert);
	free(tls_key);
	cks_metrics_free(&metrics);
	cks_log(CKS_LOG_NOTICE, "daemon.stopped", "status=%d", rc);
	if (pid_fd >= 0) {
		runtime = runtime_acquire();
		unlink(runtime->config->daemon_pid_file);
		runtime_release(runtime);
		close(pid_fd);
	}
	/* Our reference goes; a loop still in flight past the grace holds its
	 * own until the process exits. */
	runtime_install(NULL);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check", no_argument, NULL, 't' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *config_path = NULL;
	int only_check = 0, foreground = 0, opt;

	while ((opt = getopt_long(argc, argv, "c:tfh", options, NULL)) != -1) {
		switch (opt) {
		case 'c': config_path = optarg; break;
		case 't': only_check = 1; break;
		case 'f': foreground = 1; break;
		case 'h': fputs(usage_text, stdout); return 0;
		default: fputs(usage_text, stderr); return 2;
		}
	}
	if (optind != argc) {
		fputs(usage_text, stderr);
		return 2;
	}
	config_path = cks_config_choose_path(config_path);
	if (only_check)
		return check(config_path);
	take_listen_fds();
	install_fatal_signal_log();
	return serve(config_path, foreground);
}
