/* Delivering the queue against the scripted SMTP server, with the
 * library's clock faked: a deferred message waits exactly its backoff (no
 * test sleeps through it), a 5xx fails at once and for good, a message
 * older than queue.max_age is given up, and nothing is sent twice. */
#include "autoconfig.h"

#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "clock.h"
#include "config.h"
#include "delivery.h"
#include "lease.h"
#include "queue.h"
#include "store.h"
#include "testhelp.h"

static struct test_server relay;
static unsigned serial;

struct fixture {
	struct cks_config *config;
	struct cks_store *store;
	char *database;
};

static void start_with(struct fixture *f, const char *script,
		       const char *extra);

static void
start(struct fixture *f, const char *script)
{
	start_with(f, script, "");
}

/* extra: more configuration lines. */
static void
start_with(struct fixture *f, const char *script, const char *extra)
{
	char name[64], text[2048], *path;
	struct cks_error err;

	test_smtp_server_start(&relay, script, NULL, NULL, NULL);
	snprintf(name, sizeof(name), "delivery-%u.conf", ++serial);
	path = test_path(name);
	snprintf(text, sizeof(text),
	    "state_dir = %s\n"
	    "database = %s\n"
	    "plugin_dir = %s\n"
	    "mail.from = desk@example.invalid\n"
	    "smtp.host = 127.0.0.1\n"
	    "smtp.port = %d\n"
	    "smtp.starttls = off\n"
	    "smtp.workers = 1\n"
	    "queue.retry_schedule = 1m 5m\n"
	    "queue.max_age = 10m\n"
	    "%s",
	    test_scratch_dir(), f->database, CKS_TEST_PLUGIN_DIR, relay.port,
	    extra);
	test_write_file(path, text);
	if (cks_config_load(path, &f->config, &err) < 0)
		fail_msg("cks_config_load: %s", err.message);
	free(path);
}

static int64_t
queue_one(struct fixture *f, const char *message_id)
{
	char body[512];
	struct cks_queue_new m = {
		.kind = "basket",
		.sender = "desk@example.invalid",
		.recipient = "somchai@example.invalid",
		.message_id = message_id,
		.subject = "test",
		.body = body,
	};
	struct cks_error err;
	int64_t id;

	snprintf(body, sizeof(body), "From: desk@example.invalid\r\n"
	    "To: somchai@example.invalid\r\nMessage-ID: <%s>\r\n"
	    "Subject: test\r\n\r\nbody\r\n", message_id);
	m.size = strlen(body);
	if (cks_queue_add(f->store, &m, &id, &err) < 0)
		fail_msg("cks_queue_add: %s", err.message);
	return id;
}

static struct cks_delivery_stats
run(struct fixture *f)
{
	struct cks_delivery_stats stats;
	struct cks_error err;

	memset(&stats, 0, sizeof(stats));
	if (cks_delivery_run(f->config, NULL, &stats, &err) < 0)
		fail_msg("cks_delivery_run: %s", err.message);
	return stats;
}

static struct cks_queue_entry *
entry(struct fixture *f, int64_t id)
{
	struct cks_queue_entry *e = NULL;
	struct cks_error err;

	if (cks_queue_get(f->store, id, 0, &e, &err) < 0)
		fail_msg("cks_queue_get: %s", err.message);
	return e;
}

/* Messages the relay accepted (one file each). */
static int
received(void)
{
	DIR *d = opendir(relay.maildir);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		if (strstr(e->d_name, ".eml") != NULL)
			n++;
	closedir(d);
	return n;
}

static void
assert_idle_run(struct fixture *f)
{
	struct cks_delivery_stats s = run(f);

	assert_int_equal(s.sent + s.deferred + s.failed, 0);
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct cks_error err;

	if (f == NULL)
		return -1;
	test_clock_fake();
	f->database = test_database_new();
	if (cks_store_open(f->database, 5000, &f->store, &err) < 0)
		fail_msg("cks_store_open: %s", err.message);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	if (relay.pid > 0 || relay.dir != NULL)
		test_server_stop(&relay);
	cks_store_close(&f->store);
	cks_config_free(&f->config);
	free(f->database);
	free(f);
	test_clock_real();
	return 0;
}

static void
test_deferred_waits_its_backoff_then_goes_once(void **state)
{
	struct fixture *f = *state;
	struct cks_delivery_stats s;
	struct cks_queue_entry *e;
	int64_t id, deferred_at;

	start(f, "[\"451\"]");
	id = queue_one(f, "m1@desk.example");
	deferred_at = cks_now_ms();
	s = run(f);
	assert_int_equal(s.deferred, 1);
	assert_int_equal(received(), 0);
	e = entry(f, id);
	assert_string_equal(e->state, "deferred");
	assert_int_equal(e->attempts, 1);
	assert_int_equal(e->last_code, 451);
	assert_int_equal(e->next_attempt_ms, deferred_at + 60000);
	cks_queue_entry_free(&e);

	/* Not due a millisecond before the schedule's 1 m... */
	assert_idle_run(f);
	test_clock_advance(59999);
	assert_idle_run(f);
	/* ...due at it, and sent once. */
	test_clock_advance(1);
	s = run(f);
	assert_int_equal(s.sent, 1);
	assert_int_equal(received(), 1);
	e = entry(f, id);
	assert_string_equal(e->state, "sent");
	assert_int_equal(e->attempts, 2);
	assert_int_equal(e->sent_ms, deferred_at + 60000);
	cks_queue_entry_free(&e);
	/* However long after, never again. */
	test_clock_advance(3600 * 1000);
	assert_idle_run(f);
	assert_int_equal(received(), 1);
	assert_int_equal(test_server_stop(&relay), 0);
}

static void
test_backoff_follows_the_schedule(void **state)
{
	struct fixture *f = *state;
	struct cks_queue_entry *e;
	int64_t id;

	start(f, "[\"451\", \"421\", \"451\"]");
	id = queue_one(f, "m2@desk.example");
	assert_int_equal(run(f).deferred, 1);
	test_clock_advance(60000);
	assert_int_equal(run(f).deferred, 1);
	/* The second deferral waits the second step, 5 m; past the
	 * schedule's end its last step repeats. */
	e = entry(f, id);
	assert_int_equal(e->attempts, 2);
	assert_int_equal(e->next_attempt_ms, cks_now_ms() + 300000);
	cks_queue_entry_free(&e);
	assert_int_equal(cks_delivery_backoff_ms(f->config, 1), 60000);
	assert_int_equal(cks_delivery_backoff_ms(f->config, 2), 300000);
	assert_int_equal(cks_delivery_backoff_ms(f->config, 9), 300000);
	test_clock_advance(299999);
	assert_idle_run(f);
	test_clock_advance(1);
	assert_int_equal(run(f).deferred, 1);
	assert_int_equal(received(), 0);
	assert_int_equal(test_server_stop(&relay), 0);
}

static void
test_permanent_failure_is_final(void **state)
{
	struct fixture *f = *state;
	struct cks_queue_entry *e;
	int64_t id;

	start(f, "[\"550\"]");
	id = queue_one(f, "m3@desk.example");
	assert_int_equal(run(f).failed, 1);
	e = entry(f, id);
	assert_string_equal(e->state, "failed");
	assert_int_equal(e->last_code, 550);
	cks_queue_entry_free(&e);
	test_clock_advance(86400 * 1000);
	assert_idle_run(f);
	assert_int_equal(received(), 0);
	assert_int_equal(test_server_stop(&relay), 0);
}

static void
test_given_up_after_max_age(void **state)
{
	struct fixture *f = *state;
	struct cks_queue_entry *e;
	int64_t id;

	start(f, "[\"451\", \"451\", \"451\", \"451\"]");
	id = queue_one(f, "m4@desk.example");
	assert_int_equal(run(f).deferred, 1);         /* at 0 */
	test_clock_advance(60000);
	assert_int_equal(run(f).deferred, 1);         /* at 1 m */
	test_clock_advance(300000);
	assert_int_equal(run(f).deferred, 1);         /* at 6 m */
	test_clock_advance(300000);
	/* At 11 m, past queue.max_age's 10 m: this deferral is the last. */
	assert_int_equal(run(f).failed, 1);
	e = entry(f, id);
	assert_string_equal(e->state, "failed");
	assert_int_equal(e->attempts, 4);
	assert_non_null(strstr(e->last_reply, "queue.max_age"));
	cks_queue_entry_free(&e);
	assert_int_equal(test_server_stop(&relay), 0);
}

static void
exec_sql(struct fixture *f, const char *sql)
{
	struct cks_error err;

	if (cks_store_exec(f->store, sql) != CKS_STMT_OK) {
		cks_store_fail(f->store, "exec", &err);
		fail_msg("%s: %s", sql, err.message);
	}
}

static char *
text_of(struct fixture *f, const char *sql)
{
	struct cks_stmt *stmt = cks_store_prepare(f->store, sql, NULL);
	char *text = NULL;

	assert_non_null(stmt);
	if (cks_stmt_step(stmt) == CKS_STMT_ROW)
		text = cks_store_column_strdup(stmt, 0);
	cks_stmt_finalize(stmt);
	return text;
}

/* A message claimed by a daemon of another gateway is left alone while
 * its lease (queue.lease, 5 m by default) stands, to the last
 * millisecond, and taken over and sent when it has passed; the attempt
 * and the message name the daemon that sent it. */
static void
test_claim_taken_over_after_its_lease(void **state)
{
	struct fixture *f = *state;
	struct cks_delivery_stats s;
	char sql[256], *text;
	int64_t id;

	start(f, "[]");
	id = queue_one(f, "m5@desk.example");
	snprintf(sql, sizeof(sql), "UPDATE messages SET state = 'sending',"
	    " attempts = 1, claimed_by = 'gw-elsewhere:4242:99', lease_until = %lld"
	    " WHERE id = %lld", (long long)(cks_now_ms() + 300000), (long long)id);
	exec_sql(f, sql);
	s = run(f);
	assert_int_equal(s.sent + s.taken_over + s.recovered, 0);
	test_clock_advance(299999);
	s = run(f);
	assert_int_equal(s.sent + s.taken_over + s.recovered, 0);
	assert_int_equal(received(), 0);
	test_clock_advance(1);
	s = run(f);
	assert_int_equal(s.taken_over, 1);
	assert_int_equal(s.sent, 1);
	assert_int_equal(received(), 1);
	text = text_of(f, "SELECT state || ' ' || attempts || ' '"
	    " || coalesce(claimed_by, '-') || ' ' || coalesce(CAST(lease_until AS TEXT), '-')"
	    " FROM messages");
	assert_string_equal(text, "sent 2 - -");
	free(text);
	text = text_of(f, "SELECT sent_by FROM messages");
	assert_string_equal(text, cks_claimant_id());
	free(text);
	text = text_of(f, "SELECT claimant FROM message_attempts");
	assert_string_equal(text, cks_claimant_id());
	free(text);
	/* Once sent, never again. */
	test_clock_advance(3600000);
	assert_idle_run(f);
	assert_int_equal(received(), 1);
	assert_int_equal(test_server_stop(&relay), 0);
}

/* A claim of a daemon of this gateway whose process is gone is taken
 * back at once, as a restart after a crash always did. */
static void
test_claim_of_dead_daemon_recovered_at_once(void **state)
{
	struct fixture *f = *state;
	struct cks_delivery_stats s;
	char sql[512];
	pid_t dead;
	int64_t id;

	start(f, "[]");
	id = queue_one(f, "m6@desk.example");
	dead = fork();
	assert_true(dead >= 0);
	if (dead == 0)
		_exit(0);
	assert_int_equal(waitpid(dead, NULL, 0), dead);
	/* Our claimant id, with the dead pid in place of ours. */
	snprintf(sql, sizeof(sql), "UPDATE messages SET state = 'sending',"
	    " claimed_by = '%.*s:%ld:1', lease_until = %lld WHERE id = %lld",
	    (int)(strchr(cks_claimant_id(), ':') - cks_claimant_id()),
	    cks_claimant_id(), (long)dead,
	    (long long)(cks_now_ms() + 300000), (long long)id);
	exec_sql(f, sql);
	s = run(f);
	assert_int_equal(s.recovered, 1);
	assert_int_equal(s.taken_over, 0);
	assert_int_equal(s.sent, 1);
	assert_int_equal(received(), 1);
	assert_int_equal(test_server_stop(&relay), 0);
}

/* The holder moves its leases forward while it works. */
static void
test_renewal_moves_only_our_leases(void **state)
{
	struct fixture *f = *state;
	struct cks_error err;
	char sql[512], *text;
	int64_t a, b, now;

	start(f, "[]");
	a = queue_one(f, "m7@desk.example");
	b = queue_one(f, "m8@desk.example");
	now = cks_now_ms();
	snprintf(sql, sizeof(sql), "UPDATE messages SET state = 'sending',"
	    " claimed_by = CASE id WHEN %lld THEN '%s' ELSE 'gw-elsewhere:1:1'"
	    " END, lease_until = %lld", (long long)a, cks_claimant_id(),
	    (long long)(now + 1000));
	exec_sql(f, sql);
	test_clock_advance(500);
	assert_int_equal(cks_lease_renew(f->store, "messages", 300000, &err), 1);
	snprintf(sql, sizeof(sql), "SELECT lease_until - %lld FROM messages"
	    " WHERE id = %lld", (long long)now, (long long)a);
	text = text_of(f, sql);
	assert_string_equal(text, "300500");
	free(text);
	snprintf(sql, sizeof(sql), "SELECT lease_until - %lld FROM messages"
	    " WHERE id = %lld", (long long)now, (long long)b);
	text = text_of(f, sql);
	assert_string_equal(text, "1000");
	free(text);
}

/* Batches claimed ahead while the one before is with the relay (issue
 * 18): every message goes once, in order, one attempt each. */
static void
test_batches_claimed_ahead_go_once(void **state)
{
	struct fixture *f = *state;
	struct cks_delivery_stats s;
	char id[64], *text;

	start_with(f, "[]", "smtp.batch_size = 2\n");
	for (int i = 0; i < 7; i++) {
		snprintf(id, sizeof(id), "ahead%d@desk.example", i);
		queue_one(f, id);
	}
	s = run(f);
	assert_int_equal(s.sent, 7);
	assert_int_equal(received(), 7);
	text = text_of(f, "SELECT count(*) || ' ' || min(attempts) || ' ' ||"
	    " max(attempts) || ' ' || sum(CASE WHEN state = 'sent' THEN 1"
	    " ELSE 0 END) || ' ' || sum(CASE WHEN claimed_by IS NULL THEN 1"
	    " ELSE 0 END) FROM messages");
	assert_string_equal(text, "7 1 1 7 7");
	free(text);
	text = text_of(f, "SELECT count(*) FROM message_attempts");
	assert_string_equal(text, "7");
	free(text);
	/* In the order they were queued: sent_at never goes back. */
	text = text_of(f, "SELECT count(*) FROM messages a JOIN messages b"
	    " ON b.id = a.id + 1 WHERE b.sent_at < a.sent_at");
	assert_string_equal(text, "0");
	free(text);
	assert_idle_run(f);
	assert_int_equal(test_server_stop(&relay), 0);
}

/* The relay is down: the batch that tried is deferred, and the batch
 * claimed ahead goes back to the queue as it was -- due, no attempt
 * counted, claimed by nobody -- like the rest. */
static void
test_batch_claimed_ahead_put_back_on_a_session_fault(void **state)
{
	struct fixture *f = *state;
	struct cks_delivery_stats s;
	char id[64], *text;

	start_with(f, "[]", "smtp.batch_size = 2\n");
	assert_int_equal(test_server_stop(&relay), 0);
	for (int i = 0; i < 5; i++) {
		snprintf(id, sizeof(id), "down%d@desk.example", i);
		queue_one(f, id);
	}
	s = run(f);
	assert_int_equal(s.sent, 0);
	assert_int_equal(s.deferred, 2);
	text = text_of(f, "SELECT count(*) FROM messages WHERE state = 'deferred'"
	    " AND attempts = 1 AND claimed_by IS NULL AND id IN (SELECT id"
	    " FROM messages ORDER BY id LIMIT 2)");
	assert_string_equal(text, "2");
	free(text);
	text = text_of(f, "SELECT count(*) FROM messages WHERE state = 'queued'"
	    " AND attempts = 0 AND claimed_by IS NULL AND lease_until IS NULL");
	assert_string_equal(text, "3");
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_deferred_waits_its_backoff_then_goes_once, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_backoff_follows_the_schedule,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_permanent_failure_is_final,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_given_up_after_max_age,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_claim_taken_over_after_its_lease, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_claim_of_dead_daemon_recovered_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_renewal_moves_only_our_leases,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_batches_claimed_ahead_go_once,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_batch_claimed_ahead_put_back_on_a_session_fault, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
