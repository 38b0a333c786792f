/* Ratings: one per session; a different answer replaces it and is kept
 * as a revision, the same answer changes nothing, and what is not on the
 * channel's scale or from a known medium is refused. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <time.h>
#include <sqlite3.h>
#include <jansson.h>
#include <cmocka.h>

#include "channels.h"
#include "client.h"
#include "clock.h"
#include "rating.h"
#include "session.h"
#include "store.h"
#include "testhelp.h"

static struct cks_channels *channels;

struct fixture {
	struct cks_store *store;
	const struct cks_channel_plugin *counter, *chat;
	int64_t session;
};

static int64_t
open_session(struct fixture *f, const char *channel)
{
	struct cks_client_input client = { .name = "สมชาย ใจดี", .lang = "th" };
	struct cks_error err;
	int64_t client_id, session;

	if (cks_client_add(f->store, &client, &client_id, &err) < 0)
		fail_msg("cks_client_add: %s", err.message);
	if (cks_session_open(f->store, channels, channel, client_id, "Napa", 0,
	    &session, &err) < 0)
		fail_msg("cks_session_open: %s", err.message);
	return session;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	test_clock_fake();
	f->store = test_store_new();
	f->counter = cks_channels_find(channels, "counter");
	f->chat = cks_channels_find(channels, "chat");
	assert_non_null(f->counter);
	assert_non_null(f->chat);
	f->session = open_session(f, "counter");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	cks_store_close(&f->store);
	free(f);
	test_clock_real();
	return 0;
}

static struct cks_rating *
get(struct fixture *f)
{
	struct cks_rating *r = NULL;
	struct cks_error err;

	if (cks_rating_get(f->store, f->session, &r, &err) < 0)
		fail_msg("cks_rating_get: %s", err.message);
	return r;
}

static int
record(struct fixture *f, int code, const char *medium, const char *comment)
{
	struct cks_error err;
	int changed = -1;

	if (cks_rating_record(f->store, f->counter, f->session, code, medium,
	    comment, 0, 0, &changed, &err) < 0)
		fail_msg("cks_rating_record(%d): %s", code, err.message);
	return changed;
}

static void
test_first_rating_recorded_with_labels(void **state)
{
	struct fixture *f = *state;
	struct cks_rating *r;
	struct cks_error err;
	int64_t at = cks_now_ms();

	assert_int_equal(cks_rating_get(f->store, f->session, &r, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_NOT_FOUND);
	assert_int_equal(record(f, 4, "counter", "บริการดี"), 1);
	r = get(f);
	assert_int_equal(r->code, 4);
	assert_string_equal(r->label_th, "มาก");
	assert_string_equal(r->label_en, "High");
	assert_int_equal(r->satisfied, 1);
	assert_string_equal(r->medium, "counter");
	assert_string_equal(r->comment, "บริการดี");
	assert_int_equal(r->recorded_ms, at);
	assert_int_equal(r->revisions, 1);
	cks_rating_free(&r);
	assert_null(r);
}

static void
test_same_answer_changes_nothing_a_new_one_replaces(void **state)
{
	struct fixture *f = *state;
	struct cks_rating *r;
	int64_t first = cks_now_ms();

	assert_int_equal(record(f, 5, "email", NULL), 1);
	test_clock_advance(60000);
	assert_int_equal(record(f, 5, "email", NULL), 0);
	r = get(f);
	assert_int_equal(r->revisions, 1);
	assert_int_equal(r->recorded_ms, first);
	cks_rating_free(&r);
	/* The customer changed their mind: 2 is not satisfied. */
	test_clock_advance(60000);
	assert_int_equal(record(f, 2, "sms", ""), 1);
	r = get(f);
	assert_int_equal(r->code, 2);
	assert_int_equal(r->satisfied, 0);
	assert_string_equal(r->medium, "sms");
	assert_null(r->comment);              /* "" is no comment */
	assert_int_equal(r->revisions, 2);
	assert_int_equal(r->recorded_ms, first + 120000);
	cks_rating_free(&r);
}

static void
test_refused_codes_media_and_channels(void **state)
{
	struct fixture *f = *state;
	struct cks_error err;
	struct cks_rating *none = NULL;
	int changed = -1;
	int64_t chat_session = open_session(f, "chat");

	assert_int_equal(cks_rating_record(f->store, f->counter, f->session, 6,
	    "counter", NULL, 0, 0, &changed, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, "not on channel 'counter''s scale"));
	assert_int_equal(cks_rating_record(f->store, f->counter, f->session, 0,
	    "counter", NULL, 0, 0, &changed, &err), -1);
	assert_int_equal(cks_rating_record(f->store, f->counter, f->session, 5,
	    "fax", NULL, 0, 0, &changed, &err), -1);
	assert_non_null(strstr(err.message, "'fax' is not email, sms"));
	/* A session on another channel is not rated on counter's scale. */
	assert_int_equal(cks_rating_record(f->store, f->counter, chat_session, 5,
	    "chat", NULL, 0, 0, &changed, &err), -1);
	assert_non_null(strstr(err.message, "is on channel 'chat', not 'counter'"));
	/* Nothing was recorded by any of them. */
	assert_int_equal(cks_rating_get(f->store, f->session, &none, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_NOT_FOUND);
	assert_true(cks_rating_medium_valid("web"));
	assert_true(cks_rating_medium_valid("ivr"));
	assert_false(cks_rating_medium_valid("Email"));
	assert_false(cks_rating_medium_valid(""));
}

static void
test_explicit_time_and_json(void **state)
{
	struct fixture *f = *state;
	struct cks_error err;
	struct cks_rating *r;
	int changed;
	json_t *session = json_object(), *j;

	if (cks_rating_record(f->store, f->counter, f->session, 3, "ivr", NULL,
	    0, 1764300000000LL, &changed, &err) < 0)
		fail_msg("%s", err.message);
	r = get(f);
	assert_int_equal(r->recorded_ms, 1764300000000LL);
	j = cks_rating_to_json(r);
	assert_int_equal(json_integer_value(json_object_get(j, "code")), 3);
	assert_false(json_is_true(json_object_get(j, "satisfied")));
	json_decref(j);
	cks_rating_free(&r);
	assert_int_equal(cks_rating_attach_json(f->store, f->session, session,
	    &err), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
	    session, "rating"), "code")), 3);
	json_decref(session);
}

/* Every revision, oldest first, with its medium, its message and the code
 * before it; times in the desk's zone whatever TZ says. */
static void
test_history(void **state)
{
	struct fixture *f = *state;
	struct cks_error err;
	json_t *h, *revs, *r;
	int changed;
	char sql[512];

	/* No rating yet: an empty history; no session: not found. */
	assert_int_equal(cks_rating_history(f->store, f->session, &h, &err), 0);
	assert_int_equal(json_array_size(json_object_get(h, "revisions")), 0);
	json_decref(h);
	assert_int_equal(cks_rating_history(f->store, 999, &h, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_NOT_FOUND);
	assert_null(h);

	/* Two inbound messages: a reply recorded, one resolved by hand. */
	snprintf(sql, sizeof(sql),
	    "INSERT INTO inbound_messages (id, received_at, source, message_id,"
	    " raw, outcome) VALUES (7, 1, 'pipe', '<r1@example.invalid>', %s,"
	    " 'recorded'), (9, 2, 'pipe', NULL, %s, 'resolved')",
	    /* one zero byte: the literal differs by dialect */
	    test_store_is_pg() ? "'\\x00'" : "x'00'",
	    test_store_is_pg() ? "'\\x00'" : "x'00'");
	assert_int_equal(cks_store_exec(f->store, sql), CKS_STMT_OK);
	/* 2025-09-30T23:30:00Z is 06:30 on 1 October in Bangkok. */
	if (cks_rating_record(f->store, f->counter, f->session, 5, "counter",
	    NULL, 0, INT64_C(1759275000000), &changed, &err) < 0 ||
	    cks_rating_record(f->store, f->counter, f->session, 5, "counter",
	    NULL, 0, INT64_C(1759275060000), &changed, &err) < 0 ||
	    cks_rating_record(f->store, f->counter, f->session, 2, "email",
	    "ช้า", 7, INT64_C(1759278600000), &changed, &err) < 0 ||
	    cks_rating_record(f->store, f->counter, f->session, 4, "email",
	    NULL, 9, INT64_C(1759282200000), &changed, &err) < 0)
		fail_msg("record: %s", err.message);
	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(cks_rating_history(f->store, f->session, &h, &err), 0);
	setenv("TZ", "Asia/Bangkok", 1);
	tzset();
	assert_int_equal(json_integer_value(json_object_get(h, "session")),
	    f->session);
	revs = json_object_get(h, "revisions");
	assert_int_equal(json_array_size(revs), 3);   /* the same 5 is not one */
	r = json_array_get(revs, 0);
	assert_int_equal(json_integer_value(json_object_get(r, "revision")), 1);
	assert_string_equal(json_string_value(json_object_get(r, "when")),
	    "2025-10-01T06:30:00+07:00");
	assert_string_equal(json_string_value(json_object_get(r, "medium")),
	    "counter");
	assert_true(json_is_null(json_object_get(r, "from")));
	assert_int_equal(json_integer_value(json_object_get(r, "to")), 5);
	assert_true(json_is_null(json_object_get(r, "inbound")));
	assert_true(json_is_false(json_object_get(r, "resolved")));
	r = json_array_get(revs, 1);
	assert_string_equal(json_string_value(json_object_get(r, "when")),
	    "2025-10-01T07:30:00+07:00");
	assert_string_equal(json_string_value(json_object_get(r, "medium")),
	    "email");
	assert_int_equal(json_integer_value(json_object_get(r, "from")), 5);
	assert_int_equal(json_integer_value(json_object_get(r, "to")), 2);
	assert_int_equal(json_integer_value(json_object_get(r, "inbound")), 7);
	assert_string_equal(json_string_value(json_object_get(r, "message_id")),
	    "<r1@example.invalid>");
	assert_true(json_is_null(json_object_get(r, "quarantine")));
	assert_string_equal(json_string_value(json_object_get(r, "comment")),
	    "ช้า");
	r = json_array_get(revs, 2);
	assert_int_equal(json_integer_value(json_object_get(r, "from")), 2);
	assert_int_equal(json_integer_value(json_object_get(r, "to")), 4);
	assert_true(json_is_true(json_object_get(r, "resolved")));
	assert_int_equal(json_integer_value(json_object_get(r, "quarantine")), 9);
	assert_true(json_is_null(json_object_get(r, "message_id")));
	json_decref(h);
}

static int
setup_group(void **state)
{
	(void)state;
	setenv("TZ", "Asia/Bangkok", 1);
	channels = test_channels_load();
	return 0;
}

static int
teardown_group(void **state)
{
	(void)state;
	cks_channels_free(&channels);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_first_rating_recorded_with_labels, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_same_answer_changes_nothing_a_new_one_replaces, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_refused_codes_media_and_channels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_explicit_time_and_json,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_history, setup, teardown),
	};

	return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
