/* Unit tests for lib/desk/session: opening, recording steps, closing, listing
 * and the JSON form, with the plugins built in this tree. */
#include "autoconfig.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testhelp.h"
#include "client.h"
#include "clock.h"
#include "session.h"

/* 2026-11-28T10:00:00+07:00 */
#define T0 INT64_C(1795834800000)
#define SEC INT64_C(1000)

struct fixture {
	struct cks_store *store;
	struct cks_channels *channels;
	int64_t client;        /* a client with level "ready" */
	int64_t other_client;  /* one without a level */
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct cks_client_input somchai = {
		.name = "สมชาย ใจดี", .email = "somchai@example.co.th",
		.level = "ready",
	};
	struct cks_client_input john = { .name = "John Smith", .lang = "en" };
	struct cks_error err;

	setenv("TZ", "Asia/Bangkok", 1);
	tzset();
	if (f == NULL)
		return -1;
	*state = f;
	f->store = test_store_new();
	f->channels = test_channels_load();
	if (cks_client_add(f->store, &somchai, &f->client, &err) < 0 ||
	    cks_client_add(f->store, &john, &f->other_client, &err) < 0)
		fail_msg("cks_client_add: %s", err.message);
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	cks_channels_free(&f->channels);
	cks_store_close(&f->store);
	free(f);
	return 0;
}

static long long
count(struct fixture *f, const char *sql)
{
	struct cks_stmt *stmt = NULL;
	long long n;

	stmt = cks_store_prepare(f->store,
	    sql, NULL);
	assert_non_null(stmt);
	assert_int_equal(cks_stmt_step(stmt), CKS_STMT_ROW);
	n = cks_stmt_column_int64(stmt, 0);
	cks_stmt_finalize(stmt);
	return n;
}

static int64_t
open_ok(struct fixture *f, const char *channel, int64_t client, int64_t at)
{
	struct cks_error err;
	int64_t id = 0;

	cks_error_clear(&err);
	if (cks_session_open(f->store, f->channels, channel, client, "agent.a",
	    at, &id, &err) != 0)
		fail_msg("cks_session_open(%s): %s", channel, err.message);
	assert_true(id > 0);
	return id;
}

static void
step_ok(struct fixture *f, int64_t session, const char *step,
	enum cks_step_event event, int64_t at)
{
	struct cks_error err;

	cks_error_clear(&err);
	if (cks_session_record_step(f->store, f->channels, session, step, event,
	    at, &err) != 0)
		fail_msg("record %s %s: %s", step,
		    event == CKS_STEP_START ? "start" : "done", err.message);
}

/* Recording must fail with kind, and the message must hold word. */
static void
step_refused(struct fixture *f, int64_t session, const char *step,
	     enum cks_step_event event, int64_t at, enum cks_error_kind kind,
	     const char *word)
{
	struct cks_error err;

	cks_error_clear(&err);
	assert_int_equal(cks_session_record_step(f->store, f->channels, session,
	    step, event, at, &err), -1);
	if (err.kind != kind)
		fail_msg("kind %s, expected %s: %s", cks_error_kind_name(err.kind),
		    cks_error_kind_name(kind), err.message);
	if (strstr(err.message, word) == NULL)
		fail_msg("expected '%s' in '%s'", word, err.message);
}

static struct cks_session *
get_ok(struct fixture *f, int64_t id)
{
	struct cks_session *s = NULL;
	struct cks_error err;

	if (cks_session_get(f->store, id, &s, &err) != 0)
		fail_msg("cks_session_get(%lld): %s", (long long)id, err.message);
	assert_non_null(s);
	return s;
}

/* Closes a session whose started steps must all be done first. */
static void
finish_running_steps(struct fixture *f, int64_t id, int64_t at)
{
	struct cks_session *s = get_ok(f, id);

	for (size_t i = 0; i < s->step_count; i++) {
		char number[16];

		if (s->steps[i].done_ms != 0)
			continue;
		snprintf(number, sizeof(number), "%zu", s->steps[i].index + 1);
		step_ok(f, id, number, CKS_STEP_DONE, at);
	}
	cks_session_free(&s);
}

static void
close_ok(struct fixture *f, int64_t id, const char *level, int64_t at)
{
	struct cks_error err;

	cks_error_clear(&err);
	if (cks_session_close(f->store, id, "Advised on export documents.", level,
	    at, &err) != 0)
		fail_msg("cks_session_close(%lld): %s", (long long)id, err.message);
}

/* --- opening ------------------------------------------------------------- */

static void
test_open(void **state)
{
	struct fixture *f = *state;
	int64_t id = open_ok(f, "counter", f->client, T0);
	struct cks_session *s = get_ok(f, id);

	assert_int_equal(s->id, id);
	assert_string_equal(s->channel, "counter");
	assert_int_equal(s->client_id, f->client);
	assert_string_equal(s->client_name, "สมชาย ใจดี");
	assert_string_equal(s->agent, "agent.a");
	assert_int_equal(s->opened_ms, T0);
	assert_int_equal(s->closed_ms, 0);
	/* The client's level is copied in when the session opens. */
	assert_string_equal(s->level, "ready");
	assert_null(s->summary);
	assert_int_equal(s->step_count, 0);
	assert_null(cks_session_find_step(s, 0));
	cks_session_free(&s);
	assert_null(s);
	/* A client without a level gives a session without one. */
	id = open_ok(f, "chat", f->other_client, T0);
	s = get_ok(f, id);
	assert_null(s->level);
	assert_string_equal(s->client_name, "John Smith");
	cks_session_free(&s);
}

static void
test_open_now(void **state)
{
	struct fixture *f = *state;
	int64_t before = cks_now_ms();
	int64_t id = open_ok(f, "hotline1169", f->client, 0);
	int64_t after = cks_now_ms();
	struct cks_session *s = get_ok(f, id);

	assert_true(s->opened_ms >= before && s->opened_ms <= after);
	cks_session_free(&s);
}

static void
test_open_unknown_channel(void **state)
{
	struct fixture *f = *state;
	struct cks_channels none = { 0 };
	struct cks_error err;
	int64_t id = -3;

	cks_error_clear(&err);
	assert_int_equal(cks_session_open(f->store, f->channels, "fax", f->client,
	    "agent.a", T0, &id, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, "'fax'"));
	/* The message lists what is loaded. */
	assert_non_null(strstr(err.message, "counter"));
	assert_non_null(strstr(err.message, "hotline1169"));
	/* With no plugins at all, it says where to look. */
	assert_int_equal(cks_session_open(f->store, &none, "counter", f->client,
	    "agent.a", T0, &id, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, "plugin_dir"));
	assert_int_equal(id, -3);
	assert_int_equal(count(f, "SELECT count(*) FROM sessions"), 0);
}

static void
test_open_unknown_client(void **state)
{
	struct fixture *f = *state;
	struct cks_error err;
	int64_t id = -3;

	cks_error_clear(&err);
	assert_int_equal(cks_session_open(f->store, f->channels, "counter", 999,
	    "agent.a", T0, &id, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_NOT_FOUND);
	assert_non_null(strstr(err.message, "999"));
	assert_int_equal(id, -3);
	assert_int_equal(count(f, "SELECT count(*) FROM sessions"), 0);
	/* The failed open left no transaction behind: the next one works. */
	assert_true(cks_store_autocommit(f->store));
	open_ok(f, "counter", f->client, T0);
	assert_int_equal(count(f, "SELECT count(*) FROM sessions"), 1);
}

static void
test_open_bad_agent(void **state)
{
	struct fixture *f = *state;
	static const char *const agents[] = {
		"agent\nBcc", "agent\r", "", "caf\xe9",
	};
	struct cks_error err;
	int64_t id = -3;

	for (size_t i = 0; i < sizeof(agents) / sizeof(agents[0]); i++) {
		cks_error_clear(&err);
		assert_int_equal(cks_session_open(f->store, f->channels, "counter",
		    f->client, agents[i], T0, &id, &err), -1);
		assert_int_equal(err.kind, CKS_ERROR_INVALID);
		assert_int_equal(strncmp(err.message, "agent:", 6), 0);
	}
	assert_int_equal(id, -3);
	assert_int_equal(count(f, "SELECT count(*) FROM sessions"), 0);
}

/* --- steps ----------------------------------------------------------------- */

static void
test_record_start_done(void **state)
{
	struct fixture *f = *state;
	int64_t id = open_ok(f, "counter", f->client, T0);
	const struct cks_session_step *st;
	struct cks_session *s;

	step_ok(f, id, "greet", CKS_STEP_START, T0 + 1 * SEC);
	step_ok(f, id, "greet", CKS_STEP_DONE, T0 + 21 * SEC);
	/* By number, and a step may start the moment the session opens. */
	step_ok(f, id, "2", CKS_STEP_START, T0 + 30 * SEC);
	step_ok(f, id, "8", CKS_STEP_START, T0);

	s = get_ok(f, id);
	assert_int_equal(s->step_count, 3);
	/* Ordered by step index. */
	assert_int_equal(s->steps[0].index, 0);
	assert_int_equal(s->steps[1].index, 1);
	assert_int_equal(s->steps[2].index, 7);
	st = cks_session_find_step(s, 0);
	assert_non_null(st);
	assert_string_equal(st->step_id, "greet");
	assert_int_equal(st->started_ms, T0 + 1 * SEC);
	assert_int_equal(st->done_ms, T0 + 21 * SEC);
	st = cks_session_find_step(s, 1);
	assert_non_null(st);
	assert_string_equal(st->step_id, "preliminary_questions");
	assert_int_equal(st->started_ms, T0 + 30 * SEC);
	assert_int_equal(st->done_ms, 0);
	st = cks_session_find_step(s, 7);
	assert_string_equal(st->step_id, "thank");
	assert_null(cks_session_find_step(s, 2));
	assert_null(cks_session_find_step(s, 8));
	cks_session_free(&s);
}

static void
test_step_done_at_same_time(void **state)
{
	struct fixture *f = *state;
	int64_t id = open_ok(f, "chat", f->client, T0);
	struct cks_session *s;

	step_ok(f, id, "welcome", CKS_STEP_START, T0 + 5 * SEC);
	step_ok(f, id, "welcome", CKS_STEP_DONE, T0 + 5 * SEC);
	s = get_ok(f, id);
	assert_int_equal(s->steps[0].done_ms, T0 + 5 * SEC);
	cks_session_free(&s);
}

static void
test_step_errors(void **state)
{
	struct fixture *f = *state;
	int64_t id = open_ok(f, "counter", f->client, T0);
	struct cks_session *s;

	step_ok(f, id, "greet", CKS_STEP_START, T0 + 10 * SEC);
	/* Started twice. */
	step_refused(f, id, "greet", CKS_STEP_START, T0 + 11 * SEC,
	    CKS_ERROR_CONFLICT, "already started");
	step_refused(f, id, "1", CKS_STEP_START, T0 + 11 * SEC,
	    CKS_ERROR_CONFLICT, "already started");
	/* Done before it was started. */
	step_refused(f, id, "thank", CKS_STEP_DONE, T0 + 11 * SEC,
	    CKS_ERROR_CONFLICT, "never started");
	/* Done at a time earlier than its start. */
	step_refused(f, id, "greet", CKS_STEP_DONE, T0 + 9 * SEC,
	    CKS_ERROR_INVALID, "before it started");
	/* Started before the session opened. */
	step_refused(f, id, "thank", CKS_STEP_START, T0 - 1,
	    CKS_ERROR_INVALID, "before session");
	/* A step of another channel, and one of no channel at all. */
	step_refused(f, id, "welcome", CKS_STEP_START, T0 + 12 * SEC,
	    CKS_ERROR_INVALID, "belongs to channel");
	step_refused(f, id, "record_summary", CKS_STEP_START, T0 + 12 * SEC,
	    CKS_ERROR_INVALID, "belongs to channel");
	step_refused(f, id, "dance", CKS_STEP_START, T0 + 12 * SEC,
	    CKS_ERROR_INVALID, "has no step 'dance'");
	step_refused(f, id, "9", CKS_STEP_START, T0 + 12 * SEC,
	    CKS_ERROR_INVALID, "1-8");
	step_refused(f, id, "0", CKS_STEP_START, T0 + 12 * SEC,
	    CKS_ERROR_INVALID, "has no step");
	/* An unknown session. */
	step_refused(f, 4242, "greet", CKS_STEP_START, T0 + 12 * SEC,
	    CKS_ERROR_NOT_FOUND, "4242");
	/* Done twice. */
	step_ok(f, id, "greet", CKS_STEP_DONE, T0 + 20 * SEC);
	step_refused(f, id, "greet", CKS_STEP_DONE, T0 + 25 * SEC,
	    CKS_ERROR_CONFLICT, "already done");

	/* None of the refusals changed anything. */
	s = get_ok(f, id);
	assert_int_equal(s->step_count, 1);
	assert_int_equal(s->steps[0].started_ms, T0 + 10 * SEC);
	assert_int_equal(s->steps[0].done_ms, T0 + 20 * SEC);
	cks_session_free(&s);
	assert_true(cks_store_autocommit(f->store));
}

static void
test_step_plugin_not_loaded(void **state)
{
	struct fixture *f = *state;
	struct cks_channels none = { 0 };
	int64_t id = open_ok(f, "counter", f->client, T0);
	struct cks_error err;

	cks_error_clear(&err);
	assert_int_equal(cks_session_record_step(f->store, &none, id, "greet",
	    CKS_STEP_START, T0 + SEC, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, "not loaded"));
}

/* --- closing --------------------------------------------------------------- */

static void
test_close(void **state)
{
	struct fixture *f = *state;
	int64_t id = open_ok(f, "counter", f->client, T0);
	struct cks_session *s;
	struct cks_error err;

	step_ok(f, id, "greet", CKS_STEP_START, T0 + SEC);
	step_ok(f, id, "greet", CKS_STEP_DONE, T0 + 20 * SEC);
	assert_int_equal(cks_session_close(f->store, id,
	    "ให้คำปรึกษาเรื่องเอกสารส่งออก\nส่งข้อมูลทางอีเมลแล้ว", "advanced",
	    T0 + 600 * SEC, &err), 0);
	s = get_ok(f, id);
	assert_int_equal(s->closed_ms, T0 + 600 * SEC);
	assert_string_equal(s->summary,
	    "ให้คำปรึกษาเรื่องเอกสารส่งออก\nส่งข้อมูลทางอีเมลแล้ว");
	assert_string_equal(s->level, "advanced");
	cks_session_free(&s);

	/* Closing twice is a conflict and changes nothing. */
	cks_error_clear(&err);
	assert_int_equal(cks_session_close(f->store, id, "again", "other",
	    T0 + 700 * SEC, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_CONFLICT);
	assert_non_null(strstr(err.message, "already closed"));
	s = get_ok(f, id);
	assert_int_equal(s->closed_ms, T0 + 600 * SEC);
	assert_string_equal(s->level, "advanced");
	cks_session_free(&s);

	/* A closed session's steps can no longer change. */
	step_refused(f, id, "thank", CKS_STEP_START, T0 + 800 * SEC,
	    CKS_ERROR_CONFLICT, "closed");
	assert_true(cks_store_autocommit(f->store));
}

static void
test_close_keeps_level(void **state)
{
	struct fixture *f = *state;
	int64_t id = open_ok(f, "chat", f->client, T0);
	struct cks_session *s;

	close_ok(f, id, NULL, T0 + 60 * SEC);
	s = get_ok(f, id);
	assert_string_equal(s->level, "ready");
	assert_string_equal(s->summary, "Advised on export documents.");
	cks_session_free(&s);
}

static void
test_close_errors(void **state)
{
	struct fixture *f = *state;
	int64_t id = open_ok(f, "counter", f->client, T0);
	char *long_summary = malloc(9001);
	struct cks_session *s;
	struct cks_error err;

	assert_non_null(long_summary);
	memset(long_summary, 's', 9000);
	long_summary[9000] = '\0';

	cks_error_clear(&err);
	assert_int_equal(cks_session_close(f->store, id, NULL, NULL, T0 + SEC,
	    &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, "summary"));
	assert_int_equal(cks_session_close(f->store, id, "", NULL, T0 + SEC,
	    &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_int_equal(cks_session_close(f->store, id, long_summary, NULL,
	    T0 + SEC, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, "summary"));
	/* Not UTF-8: it could not be shown or sent later. */
	assert_int_equal(cks_session_close(f->store, id, "caf\xe9", NULL,
	    T0 + SEC, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, "summary"));
	assert_int_equal(cks_session_close(f->store, id, "ok", "lev\nel",
	    T0 + SEC, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, "level"));
	/* Before it opened. */
	assert_int_equal(cks_session_close(f->store, id, "ok", NULL, T0 - SEC,
	    &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	/* Unknown session. */
	cks_error_clear(&err);
	assert_int_equal(cks_session_close(f->store, 4242, "ok", NULL, T0 + SEC,
	    &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_NOT_FOUND);
	/* A step still running. */
	step_ok(f, id, "greet", CKS_STEP_START, T0 + SEC);
	cks_error_clear(&err);
	assert_int_equal(cks_session_close(f->store, id, "ok", NULL, T0 + 60 * SEC,
	    &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_CONFLICT);
	assert_non_null(strstr(err.message, "greet"));

	s = get_ok(f, id);
	assert_int_equal(s->closed_ms, 0);
	assert_null(s->summary);
	cks_session_free(&s);
	assert_true(cks_store_autocommit(f->store));
	free(long_summary);
}

/* --- listing ---------------------------------------------------------------- */

static void
list_is(struct fixture *f, const struct cks_session_filter *filter,
	size_t expected_count, const int64_t *expected_ids)
{
	struct cks_session **list = NULL;
	struct cks_error err;
	size_t n = 99;

	if (cks_session_list(f->store, filter, &list, &n, &err) != 0)
		fail_msg("cks_session_list: %s", err.message);
	if (n != expected_count)
		fail_msg("%zu sessions listed, expected %zu", n, expected_count);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(list[i]->id, expected_ids[i]);
	cks_session_list_free(&list, n);
	assert_null(list);
}

static void
test_list_filters(void **state)
{
	struct fixture *f = *state;
	int64_t a = open_ok(f, "counter", f->client, T0);
	int64_t b = open_ok(f, "chat", f->client, T0 + SEC);
	int64_t c = open_ok(f, "counter", f->other_client, T0 + 2 * SEC);
	int64_t d = open_ok(f, "hotline1169", f->other_client, T0 + 3 * SEC);
	struct cks_session **list = NULL;
	struct cks_error err;
	size_t n = 0;

	step_ok(f, a, "greet", CKS_STEP_START, T0 + SEC);
	finish_running_steps(f, a, T0 + 5 * SEC);
	close_ok(f, a, NULL, T0 + 10 * SEC);
	close_ok(f, d, NULL, T0 + 10 * SEC);

	/* Everything, newest first. */
	list_is(f, &(struct cks_session_filter){ 0 }, 4,
	    (int64_t[]){ d, c, b, a });
	list_is(f, &(struct cks_session_filter){ .channel = "counter" }, 2,
	    (int64_t[]){ c, a });
	list_is(f, &(struct cks_session_filter){ .channel = "fax" }, 0, NULL);
	list_is(f, &(struct cks_session_filter){ .client_id = f->client }, 2,
	    (int64_t[]){ b, a });
	list_is(f, &(struct cks_session_filter){ .open_only = 1 }, 2,
	    (int64_t[]){ c, b });
	list_is(f, &(struct cks_session_filter){ .limit = 1 }, 1, (int64_t[]){ d });
	list_is(f, &(struct cks_session_filter){ .limit = 3 }, 3,
	    (int64_t[]){ d, c, b });
	/* Filters combine. */
	list_is(f, &(struct cks_session_filter){ .channel = "counter",
	    .client_id = f->other_client, .open_only = 1 }, 1, (int64_t[]){ c });
	list_is(f, &(struct cks_session_filter){ .channel = "counter",
	    .client_id = f->client, .open_only = 1 }, 0, NULL);

	/* Listed sessions carry their steps. */
	assert_int_equal(cks_session_list(f->store,
	    &(struct cks_session_filter){ .channel = "counter",
	    .client_id = f->client }, &list, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(list[0]->step_count, 1);
	assert_string_equal(list[0]->steps[0].step_id, "greet");
	assert_string_equal(list[0]->client_name, "สมชาย ใจดี");
	cks_session_list_free(&list, n);
}

static void
test_list_default_limit(void **state)
{
	struct fixture *f = *state;
	struct cks_session **list = NULL;
	struct cks_error err;
	size_t n = 0;

	for (int i = 0; i < 105; i++)
		open_ok(f, "chat", f->client, T0 + i);
	/* limit 0 means 100. */
	assert_int_equal(cks_session_list(f->store, &(struct cks_session_filter){ 0 },
	    &list, &n, &err), 0);
	assert_int_equal(n, 100);
	assert_int_equal(list[0]->opened_ms, T0 + 104);
	cks_session_list_free(&list, n);
}

static void
test_get_not_found(void **state)
{
	struct fixture *f = *state;
	struct cks_session *s = (struct cks_session *)1;
	struct cks_error err;

	cks_error_clear(&err);
	assert_int_equal(cks_session_get(f->store, 31337, &s, &err), -1);
	assert_null(s);
	assert_int_equal(err.kind, CKS_ERROR_NOT_FOUND);
	assert_non_null(strstr(err.message, "31337"));
}

/* --- JSON -------------------------------------------------------------------- */

static const char *
step_timing(json_t *steps, size_t i)
{
	return json_string_value(json_object_get(json_array_get(steps, i),
	    "timing"));
}

static void
test_to_json_with_plugin(void **state)
{
	struct fixture *f = *state;
	const struct cks_channel_plugin *counter =
	    cks_channels_find(f->channels, "counter");
	int64_t id = open_ok(f, "counter", f->client, T0);
	struct cks_session *s;
	json_t *j, *steps, *step;
	char iso[64];

	/* greet: 20 s of up to 30 s -> within. */
	step_ok(f, id, "greet", CKS_STEP_START, T0 + SEC);
	step_ok(f, id, "greet", CKS_STEP_DONE, T0 + 21 * SEC);
	/* preliminary_questions: 100 s of 5-20 min -> under. */
	step_ok(f, id, "preliminary_questions", CKS_STEP_START, T0 + 30 * SEC);
	step_ok(f, id, "preliminary_questions", CKS_STEP_DONE, T0 + 130 * SEC);
	/* in_depth_advice: still running. */
	step_ok(f, id, "in_depth_advice", CKS_STEP_START, T0 + 140 * SEC);
	/* client_check is not timed. */
	step_ok(f, id, "client_check", CKS_STEP_START, T0 + 200 * SEC);
	step_ok(f, id, "client_check", CKS_STEP_DONE, T0 + 900 * SEC);
	/* thank: 31 s of up to 30 s -> over. */
	step_ok(f, id, "thank", CKS_STEP_START, T0 + 1000 * SEC);
	step_ok(f, id, "thank", CKS_STEP_DONE, T0 + 1031 * SEC);

	s = get_ok(f, id);
	j = cks_session_to_json(s, counter);
	assert_non_null(j);
	assert_int_equal(json_integer_value(json_object_get(j, "id")), id);
	assert_string_equal(json_string_value(json_object_get(j, "channel")),
	    "counter");
	assert_int_equal(json_integer_value(json_object_get(
	    json_object_get(j, "client"), "id")), f->client);
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(j, "client"), "name")), "สมชาย ใจดี");
	assert_string_equal(json_string_value(json_object_get(j, "agent")),
	    "agent.a");
	assert_string_equal(json_string_value(json_object_get(j, "opened")),
	    "2026-11-28T10:00:00+07:00");
	assert_true(json_is_null(json_object_get(j, "closed")));
	assert_string_equal(json_string_value(json_object_get(j, "state")), "open");
	assert_string_equal(json_string_value(json_object_get(j, "level")), "ready");
	assert_true(json_is_null(json_object_get(j, "summary")));

	/* Every step of the procedure, recorded or not. */
	steps = json_object_get(j, "steps");
	assert_int_equal(json_array_size(steps), counter->step_count);
	for (size_t i = 0; i < counter->step_count; i++) {
		step = json_array_get(steps, i);
		assert_int_equal(json_integer_value(json_object_get(step, "number")),
		    i + 1);
		assert_string_equal(json_string_value(json_object_get(step, "id")),
		    counter->steps[i].id);
		assert_non_null(step_timing(steps, i));
	}
	assert_string_equal(step_timing(steps, 0), "within");
	assert_string_equal(step_timing(steps, 1), "under");
	assert_string_equal(step_timing(steps, 2), "running");
	assert_string_equal(step_timing(steps, 3), "not started");
	assert_string_equal(step_timing(steps, 4), "not counted");
	assert_string_equal(step_timing(steps, 5), "not started");
	assert_string_equal(step_timing(steps, 6), "not started");
	assert_string_equal(step_timing(steps, 7), "over");

	step = json_array_get(steps, 0);
	cks_time_format_iso(T0 + SEC, iso, sizeof(iso));
	assert_string_equal(json_string_value(json_object_get(step, "started")), iso);
	assert_string_equal(json_string_value(json_object_get(step, "started")),
	    "2026-11-28T10:00:01+07:00");
	assert_string_equal(json_string_value(json_object_get(step, "done")),
	    "2026-11-28T10:00:21+07:00");
	assert_int_equal(json_integer_value(json_object_get(step,
	    "duration_seconds")), 20);
	assert_int_equal(json_integer_value(json_object_get(
	    json_object_get(step, "standard"), "max_seconds")), 30);
	step = json_array_get(steps, 2);
	assert_true(json_is_null(json_object_get(step, "done")));
	assert_true(json_is_null(json_object_get(step, "duration_seconds")));
	step = json_array_get(steps, 3);
	assert_true(json_is_null(json_object_get(step, "started")));
	step = json_array_get(steps, 5);
	assert_true(json_is_null(json_object_get(step, "standard")));
	json_decref(j);
	cks_session_free(&s);
}

static void
test_to_json_no_standard(void **state)
{
	struct fixture *f = *state;
	const struct cks_channel_plugin *hotline =
	    cks_channels_find(f->channels, "hotline1169");
	int64_t id = open_ok(f, "hotline1169", f->client, T0);
	struct cks_session *s;
	json_t *j, *steps;

	step_ok(f, id, "welcome", CKS_STEP_START, T0 + SEC);
	step_ok(f, id, "welcome", CKS_STEP_DONE, T0 + 9 * SEC);
	step_ok(f, id, "client_asks", CKS_STEP_START, T0 + 10 * SEC);
	step_ok(f, id, "client_asks", CKS_STEP_DONE, T0 + 50 * SEC);
	close_ok(f, id, "exporter", T0 + 60 * SEC);
	s = get_ok(f, id);
	j = cks_session_to_json(s, hotline);
	assert_non_null(j);
	steps = json_object_get(j, "steps");
	assert_int_equal(json_array_size(steps), 8);
	assert_string_equal(step_timing(steps, 0), "no standard");
	assert_string_equal(step_timing(steps, 1), "not counted");
	assert_string_equal(step_timing(steps, 2), "not started");
	assert_string_equal(json_string_value(json_object_get(j, "state")),
	    "closed");
	assert_string_equal(json_string_value(json_object_get(j, "closed")),
	    "2026-11-28T10:01:00+07:00");
	assert_string_equal(json_string_value(json_object_get(j, "level")),
	    "exporter");
	assert_string_equal(json_string_value(json_object_get(j, "summary")),
	    "Advised on export documents.");
	json_decref(j);
	cks_session_free(&s);
}

static void
test_to_json_without_plugin(void **state)
{
	struct fixture *f = *state;
	int64_t id = open_ok(f, "counter", f->client, T0);
	struct cks_session *s;
	json_t *j, *steps, *step;

	step_ok(f, id, "greet", CKS_STEP_START, T0 + SEC);
	step_ok(f, id, "greet", CKS_STEP_DONE, T0 + 21 * SEC);
	step_ok(f, id, "thank", CKS_STEP_START, T0 + 30 * SEC);
	s = get_ok(f, id);
	j = cks_session_to_json(s, NULL);
	assert_non_null(j);
	/* Only what was recorded. */
	steps = json_object_get(j, "steps");
	assert_int_equal(json_array_size(steps), 2);
	step = json_array_get(steps, 0);
	assert_int_equal(json_integer_value(json_object_get(step, "number")), 1);
	assert_string_equal(json_string_value(json_object_get(step, "id")), "greet");
	assert_string_equal(json_string_value(json_object_get(step, "done")),
	    "2026-11-28T10:00:21+07:00");
	step = json_array_get(steps, 1);
	assert_int_equal(json_integer_value(json_object_get(step, "number")), 8);
	assert_string_equal(json_string_value(json_object_get(step, "id")), "thank");
	assert_string_equal(json_string_value(json_object_get(step, "started")),
	    "2026-11-28T10:00:30+07:00");
	assert_true(json_is_null(json_object_get(step, "done")));
	assert_string_equal(json_string_value(json_object_get(j, "channel")),
	    "counter");
	json_decref(j);
	cks_session_free(&s);
}

static void
test_free_null(void **state)
{
	struct cks_session *s = NULL;
	struct cks_session **list = NULL;

	cks_session_free(&s);
	cks_session_list_free(&list, 0);
	assert_null(s);
	assert_null(list);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_open),
		T(test_open_now),
		T(test_open_unknown_channel),
		T(test_open_unknown_client),
		T(test_open_bad_agent),
		T(test_record_start_done),
		T(test_step_done_at_same_time),
		T(test_step_errors),
		T(test_step_plugin_not_loaded),
		T(test_close),
		T(test_close_keeps_level),
		T(test_close_errors),
		T(test_list_filters),
		T(test_list_default_limit),
		T(test_get_not_found),
		T(test_to_json_with_plugin),
		T(test_to_json_no_standard),
		T(test_to_json_without_plugin),
		cmocka_unit_test(test_free_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
