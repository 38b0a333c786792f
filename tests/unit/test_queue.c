/* The outbound queue as an operator sees it: a message queued once with
 * its exact bytes, listed by state, retried or cancelled only from the
 * states that allow it, with the times read off the (fake) clock. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <jansson.h>
#include <cmocka.h>

#include "clock.h"
#include "queue.h"
#include "store.h"
#include "testhelp.h"

static const char body[] = "From: desk@example.invalid\r\n"
    "Subject: =?UTF-8?B?4LiV4Lil4Liy4LiU?=\r\n\r\nline 1\r\n\0binary\r\n";

static int64_t
add(struct cks_store *store, const char *message_id)
{
	struct cks_queue_new m = {
		.kind = "basket",
		.sender = "desk@example.invalid",
		.recipient = "somchai@example.invalid",
		.message_id = message_id,
		.subject = "ตลาด",
		.body = body,
		.size = sizeof(body) - 1,
	};
	struct cks_error err;
	int64_t id = 0;

	if (cks_queue_add(store, &m, &id, &err) < 0)
		fail_msg("cks_queue_add: %s", err.message);
	assert_true(id > 0);
	return id;
}

static void
set_state(struct cks_store *store, int64_t id, const char *state)
{
	char sql[200];

	snprintf(sql, sizeof(sql), "UPDATE messages SET state = '%s' WHERE id = %lld",
	    state, (long long)id);
	assert_int_equal(cks_store_exec(store, sql), CKS_STMT_OK);
}

static struct cks_queue_entry *
get(struct cks_store *store, int64_t id, int with_body)
{
	struct cks_queue_entry *e = NULL;
	struct cks_error err;

	if (cks_queue_get(store, id, with_body, &e, &err) < 0)
		fail_msg("cks_queue_get(%lld): %s", (long long)id, err.message);
	return e;
}

static int
setup(void **state)
{
	test_clock_fake();
	*state = test_store_new();
	return 0;
}

static int
teardown(void **state)
{
	struct cks_store *store = *state;

	cks_store_close(&store);
	test_clock_real();
	return 0;
}

static void
test_queued_with_exact_bytes_and_clock_times(void **state)
{
	struct cks_store *store = *state;
	struct cks_queue_entry *e;
	int64_t at = cks_now_ms(), id;

	id = add(store, "basket.1@desk.example");
	e = get(store, id, 1);
	assert_string_equal(e->state, "queued");
	assert_string_equal(e->kind, "basket");
	assert_string_equal(e->subject, "ตลาด");
	assert_string_equal(e->message_id, "basket.1@desk.example");
	assert_int_equal(e->created_ms, at);
	assert_int_equal(e->next_attempt_ms, at);
	assert_int_equal(e->attempts, 0);
	assert_int_equal(e->sent_ms, 0);
	/* The bytes, NUL included, come back as queued. */
	assert_int_equal(e->size, sizeof(body) - 1);
	assert_non_null(e->body);
	assert_memory_equal(e->body, body, sizeof(body) - 1);
	cks_queue_entry_free(&e);
	assert_null(e);
	/* Without the body, no body. */
	e = get(store, id, 0);
	assert_null(e->body);
	cks_queue_entry_free(&e);
}

static void
test_message_id_queued_once(void **state)
{
	struct cks_store *store = *state;
	struct cks_queue_new m = {
		.kind = "survey", .sender = "a@x.invalid", .recipient = "b@x.invalid",
		.message_id = "survey.abc.1@desk.example", .subject = "s",
		.body = "x", .size = 1,
	};
	struct cks_error err;
	int64_t id;

	assert_int_equal(cks_queue_add(store, &m, &id, &err), 0);
	assert_int_equal(cks_queue_add(store, &m, &id, &err), -1);
}

static void
test_list_by_state_newest_first(void **state)
{
	struct cks_store *store = *state;
	struct cks_queue_entry **list = NULL;
	struct cks_error err;
	size_t count = 0;
	int64_t a, b, c;

	a = add(store, "a@desk.example");
	test_clock_advance(1000);
	b = add(store, "b@desk.example");
	test_clock_advance(1000);
	c = add(store, "c@desk.example");
	set_state(store, b, "deferred");
	assert_int_equal(cks_queue_list(store, NULL, 10, &list, &count, &err), 0);
	assert_int_equal(count, 3);
	assert_int_equal(list[0]->id, c);
	assert_int_equal(list[2]->id, a);
	cks_queue_list_free(&list, count);
	assert_int_equal(cks_queue_list(store, "deferred", 10, &list, &count,
	    &err), 0);
	assert_int_equal(count, 1);
	assert_int_equal(list[0]->id, b);
	cks_queue_list_free(&list, count);
	assert_int_equal(cks_queue_list(store, NULL, 2, &list, &count, &err), 0);
	assert_int_equal(count, 2);
	cks_queue_list_free(&list, count);
	assert_true(cks_queue_state_known("deferred"));
	assert_true(cks_queue_state_known("cancelled"));
	assert_false(cks_queue_state_known("lost"));
	assert_false(cks_queue_state_known(""));
}

static void
test_retry_only_deferred_or_failed_and_due_now(void **state)
{
	struct cks_store *store = *state;
	struct cks_queue_entry *e;
	struct cks_error err;
	int64_t id = add(store, "r@desk.example");

	assert_int_equal(cks_queue_retry(store, id, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_CONFLICT);
	assert_non_null(strstr(err.message, "is queued"));
	set_state(store, id, "sent");
	assert_int_equal(cks_queue_retry(store, id, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_CONFLICT);
	set_state(store, id, "failed");
	test_clock_advance(60000);
	assert_int_equal(cks_queue_retry(store, id, &err), 0);
	e = get(store, id, 0);
	assert_string_equal(e->state, "queued");
	assert_int_equal(e->next_attempt_ms, cks_now_ms());
	cks_queue_entry_free(&e);
	set_state(store, id, "deferred");
	assert_int_equal(cks_queue_retry(store, id, &err), 0);
	assert_int_equal(cks_queue_retry(store, id + 100, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_NOT_FOUND);
}

static void
test_cancel_only_queued_or_deferred(void **state)
{
	struct cks_store *store = *state;
	struct cks_queue_entry *e;
	struct cks_error err;
	int64_t id = add(store, "c1@desk.example"), sent = add(store, "c2@desk.example");
	json_t *j;

	assert_int_equal(cks_queue_cancel(store, id, &err), 0);
	e = get(store, id, 0);
	assert_string_equal(e->state, "cancelled");
	/* A cancelled message has no next attempt to show. */
	j = cks_queue_entry_to_json(e);
	assert_true(json_is_null(json_object_get(j, "next_attempt")));
	assert_string_equal(json_string_value(json_object_get(j, "state")),
	    "cancelled");
	json_decref(j);
	cks_queue_entry_free(&e);
	assert_int_equal(cks_queue_cancel(store, id, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_CONFLICT);
	set_state(store, sent, "sent");
	assert_int_equal(cks_queue_cancel(store, sent, &err), -1);
	assert_non_null(strstr(err.message, "only a queued or deferred"));
	e = get(store, sent, 0);
	assert_string_equal(e->state, "sent");
	cks_queue_entry_free(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_queued_with_exact_bytes_and_clock_times, setup, teardown),
		cmocka_unit_test_setup_teardown(test_message_id_queued_once,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_by_state_newest_first,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_retry_only_deferred_or_failed_and_due_now, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel_only_queued_or_deferred,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
