/* Unit tests for lib/mailout/queue_bulk: which messages a bulk retry or cancel
 * selects in the store, that it changes them all or none, and that the
 * others are left as they were. */
#include "autoconfig.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testhelp.h"
#include "queue.h"
#include "queue_bulk.h"

#define HOUR_MS INT64_C(3600000)
/* 2026-12-01 09:00 in Bangkok: when the relay broke, in the tests. */
#define BROKE_MS INT64_C(1796090400000)

/* The queue every test starts with: one message per line, in id order. */
static const struct {
	const char *recipient;
	const char *state;
	int64_t last_attempt_ms;        /* 0: none */
} seed[] = {
	{ "a@example.com", "queued", 0 },                              /* 1 */
	{ "b@example.com", "sending", BROKE_MS },                      /* 2 */
	{ "c@example.com", "sent", BROKE_MS + HOUR_MS },               /* 3 */
	{ "d@example.com", "deferred", BROKE_MS + HOUR_MS },           /* 4 */
	{ "e@other.org", "deferred", BROKE_MS + HOUR_MS },             /* 5 */
	{ "f@example.com", "failed", BROKE_MS - HOUR_MS },             /* 6 */
	{ "g@EXAMPLE.Com", "failed", BROKE_MS + HOUR_MS },             /* 7 */
	{ "h@other.org", "failed", BROKE_MS },                         /* 8 */
	{ "i@example.com", "cancelled", 0 },                           /* 9 */
	{ "j@badexample.com", "deferred", BROKE_MS + HOUR_MS },        /* 10 */
	{ "k@mail.example.com", "deferred", BROKE_MS + HOUR_MS },      /* 11 */
	{ "l@badexample.com", "failed", BROKE_MS + HOUR_MS },          /* 12 */
	{ "m@example.com.evil.test", "queued", 0 },                   /* 13 */
};
#define SEED_COUNT (sizeof(seed) / sizeof(seed[0]))

static void
exec(struct cks_store *store, const char *sql)
{
	struct cks_error err;

	if (cks_store_exec(store, sql) != CKS_STMT_OK) {
		cks_store_fail(store, sql, &err);
		fail_msg("%s", err.message);
	}
}

static int
setup(void **state)
{
	struct cks_store *store = test_store_new();
	struct cks_error err;
	char sql[256], message_id[64];

	for (size_t i = 0; i < SEED_COUNT; i++) {
		struct cks_queue_new m = {
			.kind = "basket", .sender = "ditp@example.invalid",
			.recipient = seed[i].recipient, .message_id = message_id,
			.subject = "test", .body = "x\r\n", .size = 3,
		};
		int64_t id;

		snprintf(message_id, sizeof(message_id), "m%zu@test", i);
		if (cks_queue_add(store, &m, &id, &err) < 0)
			fail_msg("cks_queue_add: %s", err.message);
		assert_int_equal(id, (int64_t)i + 1);
		snprintf(sql, sizeof(sql), "UPDATE messages SET state = '%s',"
		    " created_at = %lld WHERE id = %lld", seed[i].state,
		    (long long)(BROKE_MS - 48 * HOUR_MS), (long long)id);
		exec(store, sql);
		if (seed[i].last_attempt_ms != 0) {
			/* An older attempt too: the last one is what counts. */
			snprintf(sql, sizeof(sql), "INSERT INTO message_attempts"
			    " (message, at, relay, result) VALUES"
			    " (%lld, %lld, 'relay:25', 'deferred'),"
			    " (%lld, %lld, 'relay:25', 'deferred')", (long long)id,
			    (long long)(BROKE_MS - 24 * HOUR_MS), (long long)id,
			    (long long)seed[i].last_attempt_ms);
			exec(store, sql);
		}
	}
	*state = store;
	return 0;
}

static int
teardown(void **state)
{
	struct cks_store *store = *state;

	cks_store_close(&store);
	return 0;
}

/* The states of every message, "1 queued, 2 sending, ...". */
static void
states(struct cks_store *store, char *out, size_t size)
{
	struct cks_stmt *stmt = NULL;
	size_t used = 0;

	out[0] = '\0';
	stmt = cks_store_prepare(store,
	    "SELECT id, state FROM messages ORDER BY id", NULL);
	assert_non_null(stmt);
	while (cks_stmt_step(stmt) == CKS_STMT_ROW)
		used += (size_t)snprintf(out + used, size - used, "%s%lld %s",
		    used ? ", " : "", (long long)cks_stmt_column_int64(stmt, 0),
		    (const char *)cks_stmt_column_text(stmt, 1));
	cks_stmt_finalize(stmt);
}

/* The seeded states with the given ids changed to new_state. */
static void
expected(const int *ids, size_t count, const char *new_state, char *out,
	 size_t size)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < SEED_COUNT; i++) {
		const char *state = seed[i].state;

		for (size_t k = 0; k < count; k++)
			if (ids[k] == (int)i + 1)
				state = new_state;
		used += (size_t)snprintf(out + used, size - used, "%s%zu %s",
		    used ? ", " : "", i + 1, state);
	}
}

static void
assert_states(struct cks_store *store, const int *ids, size_t count,
	      const char *new_state)
{
	char got[2048], want[2048];

	states(store, got, sizeof(got));
	expected(ids, count, new_state, want, sizeof(want));
	assert_string_equal(got, want);
}

/* --- matching a domain --------------------------------------------------- */

static void
test_recipient_in_domain(void **state)
{
	(void)state;
	assert_true(cks_queue_recipient_in_domain("a@example.com", "example.com"));
	assert_true(cks_queue_recipient_in_domain("a@EXAMPLE.Com", "example.com"));
	assert_true(cks_queue_recipient_in_domain("a@example.com", "Example.COM"));
	/* The last "@" starts the domain. */
	assert_true(cks_queue_recipient_in_domain("\"a@b\"@example.com",
	    "example.com"));
	/* Not a substring, not a suffix, not a subdomain. */
	assert_false(cks_queue_recipient_in_domain("a@badexample.com",
	    "example.com"));
	assert_false(cks_queue_recipient_in_domain("a@mail.example.com",
	    "example.com"));
	assert_false(cks_queue_recipient_in_domain("a@example.com.evil.test",
	    "example.com"));
	assert_false(cks_queue_recipient_in_domain("a@example.co", "example.com"));
	assert_false(cks_queue_recipient_in_domain("example.com", "example.com"));
	assert_false(cks_queue_recipient_in_domain("a@", "example.com"));
}

static void
test_domain_check(void **state)
{
	static const char *const bad[] = {
		"", "example.com\r\n", "exa\nmple.com", "example .com",
		"a@example.com", "@example.com", "exa\tmple.com", "\xff.com",
	};
	char long_domain[CKS_QUEUE_DOMAIN_MAX + 2];
	struct cks_error err;

	(void)state;
	assert_int_equal(cks_queue_domain_check("example.com", "--to", &err), 0);
	assert_int_equal(cks_queue_domain_check("ตัวอย่าง.ไทย", "to", &err), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&err, 0, sizeof(err));
		assert_int_equal(cks_queue_domain_check(bad[i], "--to", &err), -1);
		assert_int_equal(err.kind, CKS_ERROR_INVALID);
		/* The message names the option the operator typed. */
		assert_memory_equal(err.message, "--to: ", 6);
	}
	memset(long_domain, 'a', sizeof(long_domain) - 1);
	long_domain[sizeof(long_domain) - 1] = '\0';
	assert_int_equal(cks_queue_domain_check(long_domain, "to", &err), -1);
	assert_memory_equal(err.message, "to: ", 4);
}

/* --- retry --------------------------------------------------------------- */

static void
test_retry_all_deferred(void **state)
{
	struct cks_store *store = *state;
	struct cks_queue_selection s = { .deferred = 1 };
	static const int changed[] = { 4, 5, 10, 11 };
	struct cks_error err;
	size_t count = 99;

	assert_int_equal(cks_queue_retry_selected(store, &s, &count, &err), 0);
	assert_int_equal(count, 4);
	assert_states(store, changed, 4, "queued");
	/* Again: nothing deferred is left, and that is not an error. */
	assert_int_equal(cks_queue_retry_selected(store, &s, &count, &err), 0);
	assert_int_equal(count, 0);
}

static void
test_retry_failed_since(void **state)
{
	struct cks_store *store = *state;
	struct cks_queue_selection s = { .failed_since_ms = BROKE_MS };
	static const int changed[] = { 7, 8, 12 };
	struct cks_error err;
	size_t count = 0;

	/* 6 failed before the relay broke (its older attempt does not
	 * count either way: the last attempt does); 8 exactly then. */
	assert_int_equal(cks_queue_retry_selected(store, &s, &count, &err), 0);
	assert_int_equal(count, 3);
	assert_states(store, changed, 3, "queued");
}

static void
test_retry_deferred_and_failed_since_to_a_domain(void **state)
{
	struct cks_store *store = *state;
	struct cks_queue_selection s = {
		.deferred = 1, .failed_since_ms = BROKE_MS,
		.domain = "Example.com",
	};
	static const int changed[] = { 4, 7 };
	struct cks_error err;
	size_t count = 0;

	assert_int_equal(cks_queue_retry_selected(store, &s, &count, &err), 0);
	assert_int_equal(count, 2);
	assert_states(store, changed, 2, "queued");
}

static void
test_retry_a_domain_alone(void **state)
{
	struct cks_store *store = *state;
	struct cks_queue_selection s = { .domain = "example.com" };
	static const int changed[] = { 4, 6, 7 };
	struct cks_error err;
	size_t count = 0;

	/* Every deferred and failed message to example.com, whenever it
	 * failed; not badexample.com, mail.example.com or the queued one. */
	assert_int_equal(cks_queue_retry_selected(store, &s, &count, &err), 0);
	assert_int_equal(count, 3);
	assert_states(store, changed, 3, "queued");
}

static void
test_retry_sets_due_now(void **state)
{
	struct cks_store *store = *state;
	struct cks_queue_selection s = { .domain = "other.org" };
	struct cks_queue_entry *e = NULL;
	struct cks_error err;
	size_t count = 0;

	exec(store, "UPDATE messages SET next_attempt_at = 0");
	assert_int_equal(cks_queue_retry_selected(store, &s, &count, &err), 0);
	assert_int_equal(count, 2);
	assert_int_equal(cks_queue_get(store, 5, 0, &e, &err), 0);
	assert_string_equal(e->state, "queued");
	assert_true(e->next_attempt_ms > BROKE_MS);
	cks_queue_entry_free(&e);
	/* Untouched: still due at 0. */
	assert_int_equal(cks_queue_get(store, 4, 0, &e, &err), 0);
	assert_int_equal(e->next_attempt_ms, 0);
	cks_queue_entry_free(&e);
}

/* --- cancel -------------------------------------------------------------- */

static void
test_cancel_a_domain(void **state)
{
	struct cks_store *store = *state;
	struct cks_queue_selection s = { .domain = "EXAMPLE.COM" };
	static const int changed[] = { 1, 4 };
	struct cks_error err;
	size_t count = 0;

	/* Queued and deferred only: 2 is being sent, 3 sent, 6 and 7
	 * failed, 9 cancelled already. */
	assert_int_equal(cks_queue_cancel_selected(store, &s, &count, &err), 0);
	assert_int_equal(count, 2);
	assert_states(store, changed, 2, "cancelled");
}

static void
test_cancel_all_deferred(void **state)
{
	struct cks_store *store = *state;
	struct cks_queue_selection s = { .deferred = 1 };
	static const int changed[] = { 4, 5, 10, 11 };
	struct cks_error err;
	size_t count = 0;

	assert_int_equal(cks_queue_cancel_selected(store, &s, &count, &err), 0);
	assert_int_equal(count, 4);
	assert_states(store, changed, 4, "cancelled");
}

/* --- refusals change nothing -------------------------------------------- */

static void
test_refusals(void **state)
{
	struct cks_store *store = *state;
	struct cks_queue_selection none = { 0 };
	struct cks_queue_selection failed = { .failed_since_ms = BROKE_MS };
	struct cks_queue_selection crlf = { .deferred = 1,
		.domain = "example.com\r\nX-Evil: 1" };
	struct cks_error err;
	size_t count = 99;

	assert_int_equal(cks_queue_retry_selected(store, &none, &count, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, "no messages selected"));
	assert_string_equal(err.field, "");     /* no one field is wrong */
	assert_int_equal(count, 0);
	assert_int_equal(cks_queue_cancel_selected(store, &none, &count, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_int_equal(cks_queue_cancel_selected(store, &failed, &count, &err),
	    -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_memory_equal(err.message, "failed_since: ", 14);
	assert_string_equal(err.field, "failed_since");
	assert_int_equal(cks_queue_retry_selected(store, &crlf, &count, &err), -1);
	assert_memory_equal(err.message, "to: ", 4);
	/* The field is set by the check, not read back from the text. */
	assert_string_equal(err.field, "to");
	assert_states(store, NULL, 0, NULL);
}

/* A failure on the third message of the selection leaves the first two
 * as they were: no half-applied bulk operation. */
static void
test_all_or_nothing(void **state)
{
	struct cks_store *store = *state;
	struct cks_queue_selection s = { .deferred = 1 };
	struct cks_error err;
	size_t count = 99;

	if (test_store_is_pg())
		exec(store, "CREATE FUNCTION refuse_10() RETURNS trigger"
		    " LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$;"
		    " CREATE TRIGGER refuse_10 BEFORE UPDATE OF state ON messages"
		    " FOR EACH ROW WHEN (NEW.id = 10) EXECUTE FUNCTION refuse_10()");
	else
		exec(store, "CREATE TEMP TRIGGER refuse_10 BEFORE UPDATE OF state"
		    " ON messages WHEN NEW.id = 10 BEGIN SELECT"
		    " RAISE(ABORT, 'refused'); END");
	assert_int_equal(cks_queue_retry_selected(store, &s, &count, &err), -1);
	assert_int_equal(count, 0);
	assert_states(store, NULL, 0, NULL);
	exec(store, test_store_is_pg() ? "DROP TRIGGER refuse_10 ON messages" :
	    "DROP TRIGGER refuse_10");
	/* And the store is usable afterwards (no transaction left open). */
	assert_int_equal(cks_queue_retry_selected(store, &s, &count, &err), 0);
	assert_int_equal(count, 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recipient_in_domain),
		cmocka_unit_test(test_domain_check),
		cmocka_unit_test_setup_teardown(test_retry_all_deferred, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_retry_failed_since, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_retry_deferred_and_failed_since_to_a_domain, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_retry_a_domain_alone, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_retry_sets_due_now, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_cancel_a_domain, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_cancel_all_deferred, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_all_or_nothing, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
