#include "autoconfig.h"

#include "loops.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

#include "compose.h"
#include "delivery.h"
#include "reminder.h"
#include "retention.h"
#include "reply_store.h"
#include "mailbox.h"
#include "clock.h"
#include "log.h"
#include "parse_worker.h"
#include "runtime.h"
#include "store.h"
#include "webhook.h"

volatile sig_atomic_t loops_stopping;

static pthread_mutex_t wake_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake_cond;
static unsigned long wake_generation;
static pthread_t threads[5];
static int started;
static int finished;              /* guarded by wake_lock */
static pthread_cond_t finished_cond = PTHREAD_COND_INITIALIZER;

void
loops_wake(void *unused)
{
	pthread_mutex_lock(&wake_lock);
	wake_generation++;
	pthread_cond_broadcast(&wake_cond);
	pthread_mutex_unlock(&wake_lock);
}

/* Sleeps ms, or less if woken or stopping.  seen is the caller's last
 * generation: a wake that came while it was working is not missed. */
static void
nap(long ms, unsigned long *seen)
{
	struct timespec until;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&wake_lock);
	while (!loops_stopping && *seen == wake_generation &&
	       pthread_cond_timedwait(&wake_cond, &wake_lock, &until) == 0)
		;
	*seen = wake_generation;
	pthread_mutex_unlock(&wake_lock);
}

/* Sleeps ms whatever wakes the delivery loops (their work is not this
 * loop's), returning early only to stop. */
static void
nap_full(long ms)
{
	int64_t until = cks_monotonic_ms() + ms;
	unsigned long seen = 0;

	while (!loops_stopping && cks_monotonic_ms() < until)
		nap(until - cks_monotonic_ms(), &seen);
}

static void
loop_finished(void)
{
	pthread_mutex_lock(&wake_lock);
	finished++;
	pthread_cond_broadcast(&finished_cond);
	pthread_mutex_unlock(&wake_lock);
}

/* The last failure of a delivery pass (only the delivery loop's thread
 * runs passes).  A relay that refuses this configuration fails every pass
 * the same way until someone changes the key: that is logged once, then
 * again only when the failure changes or after a pass that worked. */
static char last_delivery_failure[sizeof(((struct cks_error *)0)->message)];

/* One pass of the mail queue, logged when it did something. */
static int
delivery_pass(const struct cks_config *config, struct cks_error *err)
{
	struct cks_delivery_stats stats = { 0 };
	int rc = cks_delivery_run(config, &loops_stopping, &stats, err);

	/* What a pass did is logged even when it then failed (a busy store
	 * in one batch): the batches before it were sent and recorded. */
	if (stats.sent || stats.deferred || stats.failed || stats.recovered ||
	    stats.taken_over)
		cks_log(CKS_LOG_INFO, "queue.run", "sent=%ld deferred=%ld "
		    "failed=%ld recovered=%ld taken_over=%ld held=%ld",
		    stats.sent, stats.deferred, stats.failed, stats.recovered,
		    stats.taken_over, stats.held);
	if (rc < 0) {
		if (strcmp(err->message, last_delivery_failure) == 0)
			return 0;
		snprintf(last_delivery_failure, sizeof(last_delivery_failure),
		    "%s", err->message);
		return -1;
	}
	last_delivery_failure[0] = '\0';
	return 0;
}

/* One pass of the webhook outbox, logged when it did something. */
static int
webhook_pass(const struct cks_config *config, struct cks_error *err)
{
	struct cks_webhook_stats stats = { 0 };
	int rc = cks_webhook_run(config, &loops_stopping, &stats, err);

	/* Logged even when the pass then failed, as the mail queue's. */
	if (stats.sent || stats.deferred || stats.failed || stats.taken_over)
		cks_log(CKS_LOG_INFO, "webhook.run", "events=%ld sent=%ld "
		    "deferred=%ld failed=%ld recovered=%ld taken_over=%ld",
		    stats.events, stats.sent, stats.deferred, stats.failed,
		    stats.recovered, stats.taken_over);
	return rc < 0 ? -1 : 0;
}

/* A loop that runs pass every queue.interval, or at once when woken, with
 * the runtime current at the start of each pass. */
static void
outbox_loop(int (*pass)(const struct cks_config *, struct cks_error *),
	    const char *failed_event)
{
	unsigned long seen = 0;

	while (!loops_stopping) {
		struct runtime *r = runtime_acquire();
		long interval = r->config->queue_interval_ms;
		struct cks_error err;
		char text[600];

		if (pass(r->config, &err) < 0)
			cks_log(CKS_LOG_ERROR, failed_event, "error=%s",
			    cks_log_value(err.message, text, sizeof(text)));
		runtime_release(r);
		nap(interval, &seen);
	}
	loop_finished();
}

static void *
delivery_loop(void *unused)
{
	outbox_loop(delivery_pass, "queue.failed");
	return NULL;
}

static void *
webhook_loop(void *unused)
{
	outbox_loop(webhook_pass, "webhook.failed");
	return NULL;
}

/* Watches maildir/new, so a delivered reply is taken at once.  -1 when
 * it cannot (no inotify, no directory yet): the loop then polls. */
static int
watch_maildir(const char *maildir)
{
	char path[PATH_MAX];
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);

	if (fd < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/new", maildir);
	if (inotify_add_watch(fd, path, IN_CREATE | IN_MOVED_TO) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Waits up to ms for a change in the watched maildir (or a stop). */
static void
wait_maildir(int fd, long ms)
{
	char events[4096] __attribute__((aligned(8)));
	struct pollfd p = { .fd = fd, .events = POLLIN };

	/* Short slices, so a stop is seen within a quarter second. */
	for (long waited = 0; waited < ms && !loops_stopping; waited += 250) {
		if (poll(&p, 1, 250) > 0) {
			while (read(fd, events, sizeof(events)) > 0)
				;
			/* Let the writer finish a burst before we read it. */
			usleep(50000);
			return;
		}
	}
}

static void *
intake_loop(void *unused)
{
	int watch = -1;
	char watched[PATH_MAX] = "";
	struct cks_parse_worker *worker = NULL;
	struct cks_store *store = NULL;
	unsigned long seen = 0;
	char text[600];

	while (!loops_stopping) {
		struct runtime *r = runtime_acquire();
		const struct cks_config *config = r->config;
		long interval = config->intake_interval_ms;
		struct cks_mailbox_stats stats;
		struct cks_reply_store in;
		struct cks_error err;

		if (config->maildir == NULL && config->imap_host == NULL &&
		    config->pop3_host == NULL)
			goto next;
		/* A maildir is watched (and looked at every 2 s should the
		 * watch be missing); IMAP and POP3 are polled at
		 * intake.interval. */
		if (config->maildir != NULL &&
		    (watch < 0 || strcmp(watched, config->maildir) != 0)) {
			if (watch >= 0)
				close(watch);
			watch = watch_maildir(config->maildir);
			snprintf(watched, sizeof(watched), "%s", config->maildir);
		}
		if (config->maildir != NULL && watch < 0 && interval > 2000)
			interval = 2000;
		if (store == NULL && cks_store_open(config->database,
		    config->busy_timeout_ms, &store, &err) < 0) {
			cks_log(CKS_LOG_ERROR, "intake.failed", "error=%s",
			    cks_log_value(err.message, text, sizeof(text)));
			goto next;
		}
		if (worker == NULL && cks_parse_worker_start(
		    config->parse_timeout_ms, &worker, &err) < 0) {
			cks_log(CKS_LOG_ERROR, "intake.failed", "error=%s",
			    cks_log_value(err.message, text, sizeof(text)));
			goto next;
		}
		in.config = config;
		in.store = store;
		in.channels = r->channels;
		in.worker = worker;
		/* With IMAP, the pass waits in IDLE for up to the interval
		 * (when the server offers it): mail is taken as it comes. */
		if (cks_mailbox_run(&in, config->imap_host != NULL ? interval : 0,
		    &loops_stopping, &stats, &err) < 0) {
			cks_log(CKS_LOG_ERROR, "intake.failed", "error=%s",
			    cks_log_value(err.message, text, sizeof(text)));
			goto next;
		}
		for (int i = 0; i < CKS_MAILBOX_SOURCES; i++) {
			if (stats.held_elsewhere[i])
				cks_log(CKS_LOG_DEBUG, "intake.held", "source=%s "
				    "message=\"another daemon polls this account\"",
				    cks_mailbox_source_name(i));
			else if (stats.failed[i])
				cks_log(CKS_LOG_WARNING, "intake.failed",
				    "source=%s error=%s", cks_mailbox_source_name(i),
				    cks_log_value(stats.failure[i], text,
				    sizeof(text)));
			else if (stats.intake[i].fetched > 0)
				cks_log(CKS_LOG_INFO, "intake.run", "source=%s "
				    "fetched=%ld done=%ld deferred=%ld recorded=%ld "
				    "quarantined=%ld", cks_mailbox_source_name(i),
				    stats.intake[i].fetched, stats.intake[i].done,
				    stats.intake[i].deferred,
				    stats.outcomes[CKS_REPLY_STORE_RECORDED],
				    stats.outcomes[CKS_REPLY_STORE_QUARANTINED]);
		}
		/* Ratings recorded here make webhook events: send them now. */
		if (stats.outcomes[CKS_REPLY_STORE_RECORDED] > 0)
			loops_wake(NULL);
		if (stats.intake[CKS_MAILBOX_IMAP].idled)
			interval = 1000;     /* it waited already */
next:
		runtime_release(r);
		if (watch >= 0)
			wait_maildir(watch, interval);
		else
			nap(interval, &seen);
	}
	if (watch >= 0)
		close(watch);
	cks_parse_worker_stop(&worker);
	cks_store_close(&store);
	loop_finished();
	return NULL;
}

/* How often the housekeeping loop looks for due reminders, and how often
 * it purges (retention.h: "the daemon, daily"). */
#define HOUSEKEEPING_INTERVAL_MS 60000L
#define PURGE_INTERVAL_MS (24L * 3600 * 1000)

/* Reminders (survey.reminder_after) every minute and the retention purge
 * once a day, the first one a minute after the start, on a connection of
 * their own. */
static void *
housekeeping_loop(void *unused)
{
	struct cks_store *store = NULL;
	int64_t next_purge = cks_monotonic_ms() + HOUSEKEEPING_INTERVAL_MS;
	char text[600];

	nap_full(HOUSEKEEPING_INTERVAL_MS);
	while (!loops_stopping) {
		struct runtime *r = runtime_acquire();
		const struct cks_config *config = r->config;
		struct cks_error err;

		if (config->survey_reminder_after_ms <= 0 &&
		    config->retention_raw_mail_ms <= 0 &&
		    config->retention_personal_ms <= 0)
			goto next;
		if (store == NULL && cks_store_open(config->database,
		    config->busy_timeout_ms, &store, &err) < 0) {
			cks_log(CKS_LOG_ERROR, "housekeeping.failed", "error=%s",
			    cks_log_value(err.message, text, sizeof(text)));
			goto next;
		}
		if (config->survey_reminder_after_ms > 0) {
			struct cks_outbound out = {
				.config = config, .store = store,
				.channels = r->channels, .templates = r->templates,
			};
			struct cks_reminder_result result;

			if (cks_reminder_run(&out, 0, 0, &result, &err) < 0)
				cks_log(CKS_LOG_ERROR, "survey.reminder_failed",
				    "error=%s", cks_log_value(err.message, text,
				    sizeof(text)));
			else if (result.sent > 0)
				loops_wake(NULL);       /* mail to deliver */
		}
		if (cks_monotonic_ms() >= next_purge) {
			struct cks_retention_counts counts;

			next_purge = cks_monotonic_ms() + PURGE_INTERVAL_MS;
			if (cks_retention_purge(store, config, 0, &counts, &err) < 0)
				cks_log(CKS_LOG_ERROR, "retention.failed", "error=%s",
				    cks_log_value(err.message, text, sizeof(text)));
		}
next:
		runtime_release(r);
		nap_full(HOUSEKEEPING_INTERVAL_MS);
	}
	cks_store_close(&store);
	loop_finished();
	return NULL;
}

/* Several daemons on one PostgreSQL store: mail or webhook events queued
 * by another daemon wake this one's idle workers at once (the other's
 * NOTIFY, lease.h), instead of at their next poll.  On SQLite there is no
 * channel between processes, and the loop ends at once.  A lost
 * connection is opened again a second later; a wake-up too many costs a
 * look at an empty queue. */
static void *
listen_loop(void *unused)
{
	struct cks_store *store = NULL;
	char text[600];
	int listening = 0;

	while (!loops_stopping) {
		struct runtime *r = runtime_acquire();
		struct cks_error err;
		int rc = 0;

		if (store == NULL &&
		    (cks_store_open(r->config->database, r->config->busy_timeout_ms,
		     &store, &err) < 0 ||
		     (cks_store_dialect(store) == CKS_DIALECT_POSTGRESQL &&
		      (cks_store_listen(store, "queue", &err) < 0 ||
		       cks_store_listen(store, "webhook", &err) < 0))))
			rc = -1;
		runtime_release(r);
		if (rc == 0 && cks_store_dialect(store) != CKS_DIALECT_POSTGRESQL)
			break;
		if (rc == 0 && !listening) {
			listening = 1;
			cks_log(CKS_LOG_INFO, "listen.ready", "channels=queue,webhook");
		}
		if (rc == 0)
			rc = cks_store_wait_notify(store, 500, &err);
		if (rc > 0)
			loops_wake(NULL);
		if (rc < 0) {
			cks_log(CKS_LOG_ERROR, "listen.failed", "error=%s",
			    cks_log_value(err.message, text, sizeof(text)));
			cks_store_close(&store);
			listening = 0;
			sleep(1);
		}
	}
	cks_store_close(&store);
	loop_finished();
	return NULL;
}

int
loops_start(void)
{
	void *(*const bodies[5])(void *) = { delivery_loop, intake_loop,
					     webhook_loop, housekeeping_loop,
					     listen_loop };
	pthread_condattr_t attr;

	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&wake_cond, &attr);
	pthread_condattr_destroy(&attr);
	for (started = 0; started < 5; started++) {
		int rc = pthread_create(&threads[started], NULL, bodies[started],
		    NULL);

		if (rc != 0) {
			errno = rc;
			return -1;
		}
	}
	return 0;
}

int
loops_stop(long grace_ms)
{
	struct timespec until;
	int running;

	loops_stopping = 1;
	loops_wake(NULL);
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += grace_ms / 1000;
	until.tv_nsec += (grace_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&wake_lock);
	while (finished < started &&
	       pthread_cond_timedwait(&finished_cond, &wake_lock, &until) == 0)
		;
	running = started - finished;
	pthread_mutex_unlock(&wake_lock);
	/* Those that finished are joined; one still in an SMTP session past
	 * the grace is left to the exit (its claims are recovered at the next
	 * start: at worst a message is sent twice, never lost). */
	if (running == 0)
		for (int i = 0; i < started; i++)
			pthread_join(threads[i], NULL);
	return running;
}
