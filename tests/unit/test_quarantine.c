/* Unit tests for what a quarantined reply keeps for the person who
 * resolves it (lib/mailin/reply_store.c, lib/web/api_inbound.c): its sender, the first
 * line of the customer's words, the reason, and the answer reader's
 * suggestion with its candidates; listing them without the survey token;
 * and accepting the suggestion in one step, through the inbound layer and
 * the API.
 *
 * So that these tests do not move with the answer reader's tuning, this
 * program is linked with -Wl,--wrap=cks_answer_find_by: the wrapper below
 * calls the real reader and, for a reply it does not take, puts in its
 * own candidates (every digit on the scale, the first one the suggestion)
 * -- or none at all, as a reader that suggests nothing.  Everything after
 * the reader is the code under test. */
#include "autoconfig.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testhelp.h"
#include "answer.h"
#include "api.h"
#include "client.h"
#include "config.h"
#include "reply_store.h"
#include "parse_worker.h"
#include "rating.h"
#include "session.h"

int __real_cks_answer_find_by(const struct cks_channel_plugin *channel,
			      const char *reply, const char *writer,
			      struct cks_answer *answer);
int __wrap_cks_answer_find_by(const struct cks_channel_plugin *channel,
			      const char *reply, const char *writer,
			      struct cks_answer *answer);

/* Off: the wrapper leaves a quarantined reply without candidates. */
static int suggesting = 1;

int
__wrap_cks_answer_find_by(const struct cks_channel_plugin *channel,
			  const char *reply, const char *writer,
			  struct cks_answer *answer)
{
	int rc = __real_cks_answer_find_by(channel, reply, writer, answer);

	if (rc < 0 || answer->kind == CKS_ANSWER_FOUND)
		return rc;
	answer->candidate_count = 0;
	answer->suggestion = -1;
	if (!suggesting)
		return rc;
	for (const char *p = reply; *p != '\0' &&
	     answer->candidate_count < CKS_ANSWER_MAX_CANDIDATES; p++) {
		struct cks_answer_candidate *c;

		if (*p < '0' || *p > '9' ||
		    cks_channel_find_option(channel, *p - '0') == NULL)
			continue;
		c = &answer->candidates[answer->candidate_count];
		c->code = *p - '0';
		c->weight = answer->candidate_count == 0 ? 60 : 40;
		snprintf(c->source, sizeof(c->source), "number");
		snprintf(c->cue, sizeof(c->cue), "%s", answer->candidate_count == 0
		    ? "first number" : "a later number");
		snprintf(c->text, sizeof(c->text), "%c", *p);
		if (answer->candidate_count++ == 0)
			answer->suggestion = c->code;
	}
	return rc;
}

struct fixture {
	struct cks_store *store;
	struct cks_channels *channels;
	struct cks_config *config;
	struct cks_api_env env;
	struct cks_reply_store in;
	int64_t client;        /* สมชาย, phone 081-234-5678 */
	int64_t session;       /* his closed counter session, awaiting a rating */
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct cks_client_input somchai = {
		.name = "สมชาย ใจดี", .email = "somchai@example.co.th",
		.phone = "081-234-5678",
	};
	struct cks_error err;

	setenv("TZ", "Asia/Bangkok", 1);
	tzset();
	if (f == NULL)
		return -1;
	*state = f;
	suggesting = 1;
	f->store = test_store_new();
	f->channels = test_channels_load();
	if (cks_config_load(NULL, &f->config, &err) < 0)
		fail_msg("cks_config_load: %s", err.message);
	if (cks_client_add(f->store, &somchai, &f->client, &err) < 0)
		fail_msg("cks_client_add: %s", err.message);
	if (cks_session_open(f->store, f->channels, "counter", f->client, "นภา",
	    0, &f->session, &err) < 0)
		fail_msg("cks_session_open: %s", err.message);
	if (cks_session_close(f->store, f->session, "ให้ข้อมูลแล้ว", NULL, 0,
	    &err) < 0)
		fail_msg("cks_session_close: %s", err.message);
	f->env.config = f->config;
	f->env.store = f->store;
	f->env.channels = f->channels;
	f->in.config = f->config;
	f->in.store = f->store;
	f->in.channels = f->channels;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	cks_config_free(&f->config);
	cks_channels_free(&f->channels);
	cks_store_close(&f->store);
	free(f);
	return 0;
}

/* An SMS from phone; returns the stored message's id after checking its
 * outcome. */
static int64_t
sms(struct fixture *f, const char *phone, const char *text,
    enum cks_reply_store_outcome want)
{
	struct cks_reply_store_result r = { 0 };
	struct cks_error err;
	int64_t id;

	if (cks_reply_store_accept_sms(&f->in, phone, text, &r, &err) < 0)
		fail_msg("cks_reply_store_accept_sms: %s", err.message);
	if (r.outcome != want)
		fail_msg("'%s': %s (%s), want %s", text,
		    cks_reply_store_outcome_name(r.outcome), r.reason,
		    cks_reply_store_outcome_name(want));
	id = r.id;
	cks_reply_store_result_clear(&r);
	return id;
}

/* The listed message id (fails when it is not listed); a new reference. */
static json_t *
listed(struct fixture *f, int64_t id)
{
	struct cks_error err;
	json_t *list, *found = NULL;

	if (cks_reply_store_list(f->store, f->channels, "quarantined", 0, &list,
	    &err) < 0)
		fail_msg("cks_reply_store_list: %s", err.message);
	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *m = json_array_get(list, i);

		if (json_integer_value(json_object_get(m, "id")) == id)
			found = json_incref(m);
	}
	json_decref(list);
	if (found == NULL)
		fail_msg("inbound message %lld is not in the quarantine list",
		    (long long)id);
	return found;
}

static const char *
text_of(const json_t *object, const char *name)
{
	return json_string_value(json_object_get(object, name));
}

static json_int_t
integer_of(const json_t *object, const char *name)
{
	const json_t *value = json_object_get(object, name);

	if (!json_is_integer(value))
		fail_msg("member %s is not an integer", name);
	return json_integer_value(value);
}

static void
assert_rating(struct fixture *f, int code, const char *medium,
	      int64_t inbound)
{
	struct cks_rating *rating = NULL;
	struct cks_error err;

	if (cks_rating_get(f->store, f->session, &rating, &err) < 0)
		fail_msg("cks_rating_get: %s", err.message);
	assert_int_equal(rating->code, code);
	assert_string_equal(rating->medium, medium);
	assert_int_equal(rating->inbound_id, inbound);
	cks_rating_free(&rating);
}

static void
assert_no_rating(struct fixture *f)
{
	struct cks_rating *rating = NULL;
	struct cks_error err;

	assert_int_equal(cks_rating_get(f->store, f->session, &rating, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_NOT_FOUND);
}

/* --- what is kept and listed ---------------------------------------------- */

static void
test_sms_keeps_what_the_reader_weighed(void **state)
{
	struct fixture *f = *state;
	int64_t id = sms(f, "+66 81 234 5678", "2 หรือ 3 ก็ได้ครับ\nขอบคุณ",
	    CKS_REPLY_STORE_QUARANTINED);
	json_t *m = listed(f, id), *c;

	assert_string_equal(text_of(m, "sender"), "+66812345678");
	assert_string_equal(text_of(m, "first_line"), "2 หรือ 3 ก็ได้ครับ");
	assert_non_null(strstr(text_of(m, "reason"), "conflicting"));
	assert_int_equal(integer_of(m, "session"), f->session);
	assert_string_equal(text_of(m, "channel"), "counter");
	assert_int_equal(integer_of(m, "suggestion"), 2);
	assert_string_equal(text_of(json_object_get(m, "suggestion_label"), "en"),
	    "Low");
	assert_string_equal(text_of(json_object_get(m, "suggestion_label"), "th"),
	    "น้อย");
	assert_int_equal(json_array_size(json_object_get(m, "candidates")), 2);
	c = json_array_get(json_object_get(m, "candidates"), 0);
	assert_int_equal(integer_of(c, "code"), 2);
	assert_int_equal(integer_of(c, "weight"), 60);
	assert_string_equal(text_of(c, "source"), "number");
	assert_string_equal(text_of(c, "cue"), "first number");
	assert_string_equal(text_of(c, "text"), "2");
	c = json_array_get(json_object_get(m, "candidates"), 1);
	assert_int_equal(integer_of(c, "code"), 3);
	/* Listings leave out the parsed mail, which holds the token. */
	assert_null(json_object_get(m, "parsed"));
	json_decref(m);
	assert_no_rating(f);
}

static void
test_sms_reference_is_not_the_first_line(void **state)
{
	struct fixture *f = *state;
	int64_t id = sms(f, "0899999999", "R 0123456789ABC\n\n  \n1 หรือ 4",
	    CKS_REPLY_STORE_QUARANTINED);
	json_t *m = listed(f, id);

	assert_string_equal(text_of(m, "first_line"), "1 หรือ 4");
	assert_non_null(strstr(text_of(m, "reason"), "no survey invitation"));
	assert_null(strstr(text_of(m, "reason"), "0123456789abc"));
	json_decref(m);
}

/* A mail: the From address, and the first line of the customer's own
 * words once the quoted invitation is cut, with a token in it masked. */
static void
test_mail_sender_and_first_line(void **state)
{
	struct fixture *f = *state;
	static const char mail[] =
	    "From: Somchai <somchai@example.co.th>\r\n"
	    "To: desk@example.go.th\r\n"
	    "Subject: about my visit\r\n"
	    "Message-ID: <q1@example.co.th>\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "\r\n"
	    "\r\n"
	    "   \r\n"
	    "Re [CKS-0123456789ABC] ตอบ 2 หรือ 3 ครับ\r\n"
	    "second line\r\n"
	    "\r\n"
	    "On Sat, Nov 28, 2026 at 9:00 AM DITP <desk@example.go.th> wrote:\r\n"
	    "> 1 ประทับใจ\r\n";
	struct cks_reply_store_result r = { 0 };
	struct cks_error err;
	json_t *m;

	if (cks_parse_worker_start(5000, &f->in.worker, &err) < 0)
		fail_msg("cks_parse_worker_start: %s", err.message);
	if (cks_reply_store_accept_mail(&f->in, mail, strlen(mail), "pipe", NULL, &r,
	    &err) < 0)
		fail_msg("cks_reply_store_accept_mail: %s", err.message);
	cks_parse_worker_stop(&f->in.worker);
	assert_int_equal(r.outcome, CKS_REPLY_STORE_QUARANTINED);
	m = listed(f, r.id);
	cks_reply_store_result_clear(&r);
	assert_string_equal(text_of(m, "sender"), "somchai@example.co.th");
	assert_string_equal(text_of(m, "first_line"),
	    "Re [CKS-*************] ตอบ 2 หรือ 3 ครับ");
	/* Not matched, so not read: nothing to suggest. */
	assert_true(json_is_null(json_object_get(m, "suggestion")));
	assert_true(json_is_null(json_object_get(m, "session")));
	assert_int_equal(json_array_size(json_object_get(m, "candidates")), 0);
	json_decref(m);
}

/* A machine's reason may quote the Subject, with our tag in it: listed
 * with the token masked. */
static void
test_reason_keeps_no_token(void **state)
{
	struct fixture *f = *state;
	static const char mail[] =
	    "From: Somchai <somchai@example.co.th>\r\n"
	    "To: desk@example.go.th\r\n"
	    "Subject: Automatic reply: Re: survey [CKS-0123456789ABC]\r\n"
	    "Message-ID: <q2@example.co.th>\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "\r\n"
	    "I am out of the office until Monday.\r\n";
	struct cks_reply_store_result r = { 0 };
	struct cks_error err;
	json_t *list;

	if (cks_parse_worker_start(5000, &f->in.worker, &err) < 0)
		fail_msg("cks_parse_worker_start: %s", err.message);
	if (cks_reply_store_accept_mail(&f->in, mail, strlen(mail), "pipe", NULL, &r,
	    &err) < 0)
		fail_msg("cks_reply_store_accept_mail: %s", err.message);
	cks_parse_worker_stop(&f->in.worker);
	assert_int_equal(r.outcome, CKS_REPLY_STORE_IGNORED);
	assert_null(strstr(r.reason, "0123456789ABC"));
	cks_reply_store_result_clear(&r);
	if (cks_reply_store_list(f->store, f->channels, NULL, 0, &list, &err) < 0)
		fail_msg("cks_reply_store_list: %s", err.message);
	assert_int_equal(json_array_size(list), 1);
	if (strstr(text_of(json_array_get(list, 0), "reason"),
	    "CKS-*************") == NULL)
		fail_msg("reason: %s", text_of(json_array_get(list, 0), "reason"));
	json_decref(list);
}

/* A message stored before schema 6 has none of it: listed with nulls. */
static void
test_older_message_lists(void **state)
{
	struct fixture *f = *state;
	int64_t id = sms(f, "0899999999", "5", CKS_REPLY_STORE_QUARANTINED);
	json_t *m;

	assert_int_equal(cks_store_exec(f->store, "UPDATE "
	    "inbound_messages SET sender = NULL, first_line = NULL, suggestion ="
	    " NULL, candidates = NULL"), CKS_STMT_OK);
	m = listed(f, id);
	assert_true(json_is_null(json_object_get(m, "sender")));
	assert_true(json_is_null(json_object_get(m, "first_line")));
	assert_true(json_is_null(json_object_get(m, "suggestion")));
	assert_int_equal(json_array_size(json_object_get(m, "candidates")), 0);
	json_decref(m);
}

/* --- accepting the suggestion ----------------------------------------------- */

static void
test_accept_records_the_suggestion(void **state)
{
	struct fixture *f = *state;
	int64_t id = sms(f, "081-234-5678", "4 หรือ 5 ก็ได้", CKS_REPLY_STORE_QUARANTINED);
	struct cks_reply_store_result r = { 0 };
	struct cks_error err;
	json_t *m;

	if (cks_reply_store_accept_suggestion(&f->in, id, &r, &err) < 0)
		fail_msg("cks_reply_store_accept_suggestion: %s", err.message);
	assert_int_equal(r.outcome, CKS_REPLY_STORE_RESOLVED);
	assert_int_equal(r.code, 4);
	assert_int_equal(r.session_id, f->session);
	assert_true(r.changed);
	assert_non_null(strstr(r.reason, "suggestion accepted"));
	cks_reply_store_result_clear(&r);
	assert_rating(f, 4, "sms", id);

	/* Out of the quarantine; the message keeps what was suggested. */
	if (cks_reply_store_show(f->store, f->channels, id, &m, &err) < 0)
		fail_msg("cks_reply_store_show: %s", err.message);
	assert_string_equal(text_of(m, "outcome"), "resolved");
	assert_int_equal(integer_of(m, "code"), 4);
	assert_int_equal(integer_of(m, "suggestion"), 4);
	assert_int_equal(json_array_size(json_object_get(m, "candidates")), 2);
	json_decref(m);

	/* Twice is refused, and changes nothing. */
	assert_int_equal(cks_reply_store_accept_suggestion(&f->in, id, &r, &err), -1);
	cks_reply_store_result_clear(&r);
	assert_int_equal(err.kind, CKS_ERROR_CONFLICT);
	assert_non_null(strstr(err.message, "not quarantined"));
	assert_rating(f, 4, "sms", id);
}

static void
test_accept_refused_without_suggestion_or_session(void **state)
{
	struct fixture *f = *state;
	struct cks_reply_store_result r = { 0 };
	struct cks_error err;
	char name[64];
	int64_t none, lost;

	/* Matched, but nothing to suggest. */
	none = sms(f, "081-234-5678", "สวัสดีครับ", CKS_REPLY_STORE_QUARANTINED);
	assert_int_equal(cks_reply_store_accept_suggestion(&f->in, none, &r, &err), -1);
	cks_reply_store_result_clear(&r);
	assert_int_equal(err.kind, CKS_ERROR_CONFLICT);
	snprintf(name, sizeof(name), "inbound message %lld ", (long long)none);
	assert_non_null(strstr(err.message, name));
	assert_non_null(strstr(err.message, "no suggestion"));

	/* No session: no channel to read it on, so nothing to suggest. */
	lost = sms(f, "0899999999", "2 หรือ 3", CKS_REPLY_STORE_QUARANTINED);
	assert_int_equal(cks_reply_store_accept_suggestion(&f->in, lost, &r, &err), -1);
	cks_reply_store_result_clear(&r);
	assert_int_equal(err.kind, CKS_ERROR_CONFLICT);
	snprintf(name, sizeof(name), "inbound message %lld ", (long long)lost);
	assert_non_null(strstr(err.message, name));

	assert_int_equal(cks_reply_store_accept_suggestion(&f->in, 999, &r, &err), -1);
	cks_reply_store_result_clear(&r);
	assert_int_equal(err.kind, CKS_ERROR_NOT_FOUND);
	assert_no_rating(f);
}

/* A reader that suggests nothing: the message lists with null and []. */
static void
test_without_a_suggesting_reader(void **state)
{
	struct fixture *f = *state;
	int64_t id;
	json_t *m;

	suggesting = 0;
	id = sms(f, "081-234-5678", "2 หรือ 3", CKS_REPLY_STORE_QUARANTINED);
	m = listed(f, id);
	assert_true(json_is_null(json_object_get(m, "suggestion")));
	assert_true(json_is_null(json_object_get(m, "suggestion_label")));
	assert_int_equal(json_array_size(json_object_get(m, "candidates")), 0);
	assert_string_equal(text_of(m, "first_line"), "2 หรือ 3");
	json_decref(m);
}

/* --- the API ------------------------------------------------------------------ */

static json_t *
api(struct fixture *f, const char *method, const char *path, const char *body,
    enum cks_api_role role, int want)
{
	struct cks_api_request request = {
		.method = method, .path = path, .agent = "alice", .role = role,
		.body = body, .body_size = body ? strlen(body) : 0,
		.content_type = body ? "application/json" : NULL,
	};
	struct cks_api_response response;
	json_t *json;

	cks_api_dispatch(&f->env, &request, &response);
	if (response.status != want)
		fail_msg("%s %s: status %d, want %d: %s", method, path,
		    response.status, want, response.body ? response.body : "");
	json = json_loadb(response.body, response.body_size, 0, NULL);
	cks_api_response_clear(&response);
	return json;
}

/* An error reply naming field (NULL: none) whose message holds word. */
static void
api_refused(struct fixture *f, const char *path, const char *body, int want,
	    const char *field, const char *word)
{
	json_t *json = api(f, "POST", path, body, CKS_API_ADMIN, want);
	json_t *error = json_object_get(json, "error");
	const char *named = text_of(error, "field");

	if (field == NULL ? named != NULL : named == NULL || strcmp(named, field))
		fail_msg("names field '%s', want '%s'", named ? named : "(none)",
		    field ? field : "(none)");
	if (word != NULL && strstr(text_of(error, "message"), word) == NULL)
		fail_msg("expected '%s' in '%s'", word, text_of(error, "message"));
	json_decref(json);
}

static void
test_api_lists_and_accepts(void **state)
{
	struct fixture *f = *state;
	int64_t none = sms(f, "0899999999", "สวัสดี", CKS_REPLY_STORE_QUARANTINED);
	int64_t id = sms(f, "081-234-5678", "3 หรือ 1", CKS_REPLY_STORE_QUARANTINED);
	char path[80], word[64];
	json_t *json, *m;

	/* Inbound mail is an admin's (issue 11). */
	json_decref(api(f, "GET", "/v1/quarantine", NULL, CKS_API_AGENT, 403));
	json = api(f, "GET", "/v1/quarantine", NULL, CKS_API_ADMIN, 200);
	m = json_array_get(json_object_get(json, "messages"), 0);
	assert_int_equal(integer_of(m, "id"), id);
	assert_string_equal(text_of(m, "sender"), "+66812345678");
	assert_string_equal(text_of(m, "first_line"), "3 หรือ 1");
	assert_int_equal(integer_of(m, "suggestion"), 3);
	assert_string_equal(text_of(json_object_get(m, "suggestion_label"), "en"),
	    "Medium");
	assert_int_equal(json_array_size(json_object_get(m, "candidates")), 2);
	assert_null(json_object_get(m, "parsed"));
	json_decref(json);

	snprintf(path, sizeof(path), "/v1/inbound/%lld/resolve", (long long)id);
	api_refused(f, path, "{\"accept\": false}", 400, "accept", "true");
	api_refused(f, path, "{\"accept\": 1}", 400, "accept", "true");
	api_refused(f, path, "{\"accept\": true, \"code\": 1}", 400, "code",
	    "not both");
	api_refused(f, path, "{\"accept\": true, \"session_id\": 1}", 400,
	    "session_id", "not both");
	assert_no_rating(f);
	json_decref(api(f, "POST", path, "{\"accept\": true}", CKS_API_AGENT,
	    403));

	json = api(f, "POST", path, "{\"accept\": true}", CKS_API_ADMIN, 200);
	assert_string_equal(text_of(json, "outcome"), "resolved");
	assert_int_equal(integer_of(json, "code"), 3);
	assert_int_equal(integer_of(json, "session"), f->session);
	json_decref(json);
	assert_rating(f, 3, "sms", id);
	api_refused(f, path, "{\"accept\": true}", 409, NULL, "not quarantined");

	snprintf(path, sizeof(path), "/v1/inbound/%lld/resolve", (long long)none);
	snprintf(word, sizeof(word), "inbound message %lld ", (long long)none);
	api_refused(f, path, "{\"accept\": true}", 409, NULL, word);
	api_refused(f, "/v1/inbound/999/resolve", "{\"accept\": true}", 404, NULL,
	    "999");
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_sms_keeps_what_the_reader_weighed),
		T(test_sms_reference_is_not_the_first_line),
		T(test_mail_sender_and_first_line),
		T(test_reason_keeps_no_token),
		T(test_older_message_lists),
		T(test_accept_records_the_suggestion),
		T(test_accept_refused_without_suggestion_or_session),
		T(test_without_a_suggesting_reader),
		T(test_api_lists_and_accepts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
