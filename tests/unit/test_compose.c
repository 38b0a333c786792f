/* Composing the two emails as the client receives them: the basket (only
 * once confirmed, once per contents) and the survey invitation (only for
 * a closed session, once, its token in the Subject, Reply-To and
 * Message-ID), dated by the library's clock. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include <cmocka.h>

#include "basket.h"
#include "channels.h"
#include "client.h"
#include "clock.h"
#include "compose.h"
#include "config.h"
#include "queue.h"
#include "bounce.h"
#include "session.h"
#include "store.h"
#include "template.h"
#include "testhelp.h"
#include "token.h"

struct fixture {
	struct cks_config *config;
	struct cks_store *store;
	struct cks_channels *channels;
	struct cks_templates *templates;
	struct cks_outbound out;
	int64_t client, client_en;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct cks_client_input somchai = {
		.name = "สมชาย ใจดี", .email = "somchai@example.co.th",
	};
	struct cks_client_input john = {
		.name = "John Smith", .email = "john@example.com", .lang = "en",
	};
	struct cks_error err;

	if (f == NULL)
		return -1;
	setenv("TZ", "Asia/Bangkok", 1);
	tzset();
	test_clock_fake();
	if (cks_config_load(NULL, &f->config, &err) < 0)
		fail_msg("cks_config_load: %s", err.message);
	/* Every mail carries a signed opt-out link: the key in the test's
	 * own directory, not the installed state_dir (which may not exist). */
	free(f->config->http_link_secret_file);
	f->config->http_link_secret_file = test_path("link-secret");
	f->store = test_store_new();
	f->channels = test_channels_load();
	if (cks_templates_load(CKS_SRCDIR "/templates", &f->templates, &err) < 0)
		fail_msg("cks_templates_load: %s", err.message);
	f->out.config = f->config;
	f->out.store = f->store;
	f->out.channels = f->channels;
	f->out.templates = f->templates;
	if (cks_client_add(f->store, &somchai, &f->client, &err) < 0 ||
	    cks_client_add(f->store, &john, &f->client_en, &err) < 0)
		fail_msg("cks_client_add: %s", err.message);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	cks_templates_free(&f->templates);
	cks_channels_free(&f->channels);
	cks_store_close(&f->store);
	cks_config_free(&f->config);
	free(f);
	test_clock_real();
	return 0;
}

static int64_t
session_with_item(struct fixture *f, int64_t client, const char *title)
{
	struct cks_basket_item_input item = {
		.title_th = title, .url = "https://example.invalid/kb/42",
	};
	struct cks_basket_limits limits = { 10, 100000, 100000, NULL };
	struct cks_error err;
	int64_t session, item_id;

	if (cks_session_open(f->store, f->channels, "counter", client, "Napa",
	    0, &session, &err) < 0 ||
	    cks_basket_add(f->store, session, &item, &limits, &item_id, &err) < 0)
		fail_msg("%s", err.message);
	return session;
}

static struct cks_queue_entry *
queued(struct fixture *f, int64_t id)
{
	struct cks_queue_entry *e = NULL;
	struct cks_error err;

	if (cks_queue_get(f->store, id, 1, &e, &err) < 0)
		fail_msg("cks_queue_get: %s", err.message);
	return e;
}

static void
test_basket_only_once_confirmed_and_once_per_contents(void **state)
{
	struct fixture *f = *state;
	struct cks_queue_entry *e;
	struct cks_rendered preview;
	struct cks_error err;
	int64_t session = session_with_item(f, f->client, "ตลาดทุเรียนจีน");
	int64_t id = 0, again = 0;
	int existing = -1;

	assert_int_equal(cks_compose_basket_send(&f->out, session, NULL, &id,
	    &existing, &err), -1);
	assert_non_null(strstr(err.message, "never confirmed"));
	assert_int_equal(id, 0);
	if (cks_basket_confirm(f->store, session, 0, &err) < 0)
		fail_msg("%s", err.message);

	memset(&preview, 0, sizeof(preview));
	if (cks_compose_basket_preview(&f->out, session, NULL, &preview,
	    &err) < 0)
		fail_msg("preview: %s", err.message);
	assert_non_null(strstr(preview.text, "ตลาดทุเรียนจีน"));
	assert_non_null(strstr(preview.text, "https://example.invalid/kb/42"));

	if (cks_compose_basket_send(&f->out, session, NULL, &id, &existing,
	    &err) < 0)
		fail_msg("send: %s", err.message);
	assert_int_equal(existing, 0);
	e = queued(f, id);
	assert_string_equal(e->kind, "basket");
	assert_string_equal(e->recipient, "somchai@example.co.th");
	assert_string_equal(e->subject, preview.subject);
	assert_int_equal(e->created_ms, cks_now_ms());
	assert_null(e->unconfirmed_reason);
	assert_non_null(strstr(e->body, "To: "));
	assert_non_null(strstr(e->body, "somchai@example.co.th"));
	assert_non_null(strstr(e->body, "Message-ID: <"));
	cks_queue_entry_free(&e);
	cks_rendered_free(&preview);

	/* The same contents again: the first email, nothing new queued. */
	test_clock_advance(60000);
	if (cks_compose_basket_send(&f->out, session, NULL, &again, &existing,
	    &err) < 0)
		fail_msg("send again: %s", err.message);
	assert_int_equal(existing, 1);
	assert_int_equal(again, id);
}

static void
test_unconfirmed_send_records_the_reason(void **state)
{
	struct fixture *f = *state;
	struct cks_queue_entry *e;
	struct cks_error err;
	int64_t session = session_with_item(f, f->client, "ราคา");
	int64_t id;
	int existing;

	if (cks_compose_basket_send(&f->out, session, "client on the phone", &id,
	    &existing, &err) < 0)
		fail_msg("%s", err.message);
	e = queued(f, id);
	assert_string_equal(e->unconfirmed_reason, "client on the phone");
	cks_queue_entry_free(&e);
}

static void
test_english_client_gets_english(void **state)
{
	struct fixture *f = *state;
	struct cks_rendered th, en;
	struct cks_error err;
	int64_t session = session_with_item(f, f->client_en, "Durian market");

	memset(&th, 0, sizeof(th));
	memset(&en, 0, sizeof(en));
	if (cks_compose_basket_preview(&f->out, session, NULL, &en, &err) < 0 ||
	    cks_compose_basket_preview(&f->out, session, "th", &th, &err) < 0)
		fail_msg("%s", err.message);
	assert_string_not_equal(en.subject, th.subject);
	assert_non_null(strstr(en.text, "John Smith"));
	/* The department by its name in the mail's language. */
	assert_non_null(strstr(en.text, "Department of International Trade "
	    "Promotion"));
	assert_null(strstr(en.text, "กรม"));
	assert_null(strstr(en.html, "กรม"));
	assert_non_null(strstr(th.text, "กรมส่งเสริมการค้าระหว่างประเทศ"));
	cks_rendered_free(&en);
	cks_rendered_free(&th);
	assert_int_equal(cks_compose_basket_preview(&f->out, session, "fr", &en,
	    &err), -1);
	assert_non_null(strstr(err.message, "is not th or en"));
}

static void
test_survey_once_for_a_closed_session(void **state)
{
	struct fixture *f = *state;
	struct cks_queue_entry *e;
	struct cks_error err;
	char token[CKS_TOKEN_SIZE], again[CKS_TOKEN_SIZE], tag[32], found[CKS_TOKEN_SIZE];
	int64_t session, id, id2;
	int existing;

	if (cks_session_open(f->store, f->channels, "counter", f->client, "Napa",
	    0, &session, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(cks_compose_survey_send(&f->out, session, &id, token,
	    sizeof(token), &existing, &err), -1);
	assert_non_null(strstr(err.message, "is still open"));
	if (cks_session_close(f->store, session, "done", NULL, 0, &err) < 0)
		fail_msg("%s", err.message);
	if (cks_compose_survey_send(&f->out, session, &id, token, sizeof(token),
	    &existing, &err) < 0)
		fail_msg("survey: %s", err.message);
	assert_int_equal(existing, 0);
	assert_int_equal(strlen(token), CKS_TOKEN_LENGTH);
	e = queued(f, id);
	assert_string_equal(e->kind, "survey");
	/* The token where a reply brings it back: Subject tag, Message-ID. */
	cks_compose_subject_tag(token, tag, sizeof(tag));
	assert_non_null(strstr(e->subject, tag));
	assert_int_equal(cks_token_find(e->subject, found), 0);
	assert_string_equal(found, token);
	assert_int_equal(strncmp(e->message_id, "survey.", 7), 0);
	assert_int_equal(cks_token_find(e->message_id, found), 0);
	assert_string_equal(found, token);
	assert_non_null(strstr(e->body, "Reply-To:"));
	cks_queue_entry_free(&e);

	if (cks_compose_survey_send(&f->out, session, &id2, again, sizeof(again),
	    &existing, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(existing, 1);
	assert_int_equal(id2, id);
	assert_string_equal(again, token);
}

/* A hard bounce blocks the next basket and survey to the address, naming
 * it and the bounce; --force --reason sends, and the reason is kept; a
 * soft bounce does not block. */
static void
test_hard_bounce_blocks_until_forced(void **state)
{
	struct fixture *f = *state;
	struct cks_queue_entry *e;
	struct cks_error err;
	char token[CKS_TOKEN_SIZE];
	int64_t session = session_with_item(f, f->client, "ราคา"), survey_session;
	int64_t id;
	int existing;

	if (cks_bounce_record(f->store, "john@example.com", "soft", 0, "4.2.2",
	    "mailbox full", 0, &err) < 0 ||
	    cks_bounce_record(f->store, "Somchai@Example.co.th", "hard", 0, "5.1.1",
	    "smtp; 550 5.1.1 user unknown", 0, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(cks_compose_basket_send(&f->out, session, "by phone", &id,
	    &existing, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_CONFLICT);
	assert_string_equal(err.field, "email");
	assert_non_null(strstr(err.message, "somchai@example.co.th hard-bounced"));
	assert_non_null(strstr(err.message, "status 5.1.1"));
	/* nothing was queued */
	assert_int_equal(cks_queue_get(f->store, 1, 0, &e, &err), -1);

	if (cks_session_open(f->store, f->channels, "counter", f->client, "Napa",
	    0, &survey_session, &err) < 0 ||
	    cks_session_close(f->store, survey_session, "done", NULL, 0, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(cks_compose_survey_send(&f->out, survey_session, &id,
	    token, sizeof(token), &existing, &err), -1);
	assert_string_equal(err.field, "email");

	f->out.bounce_force_reason = "the client spelt the address on the phone";
	if (cks_compose_basket_send(&f->out, session, "by phone", &id, &existing,
	    &err) < 0)
		fail_msg("forced: %s", err.message);
	e = queued(f, id);
	assert_string_equal(e->bounce_override,
	    "the client spelt the address on the phone");
	assert_non_null(e->address_bounce);
	assert_string_equal(e->address_bounce->kind, "hard");
	cks_queue_entry_free(&e);
	if (cks_compose_survey_send(&f->out, survey_session, &id, token,
	    sizeof(token), &existing, &err) < 0)
		fail_msg("forced survey: %s", err.message);
	f->out.bounce_force_reason = NULL;

	/* soft: the English client's basket goes */
	session = session_with_item(f, f->client_en, "Durian");
	if (cks_compose_basket_send(&f->out, session, "by phone", &id, &existing,
	    &err) < 0)
		fail_msg("soft: %s", err.message);
	e = queued(f, id);
	assert_null(e->bounce_override);
	assert_string_equal(e->address_bounce->kind, "soft");
	cks_queue_entry_free(&e);
}

static void
test_templates_of_the_tree_check(void **state)
{
	struct fixture *f = *state;
	struct cks_error err;
	char tag[32];

	if (cks_compose_check_templates(&f->out, &err) < 0)
		fail_msg("%s", err.message);
	cks_compose_subject_tag("abcdefghjkmnp", tag, sizeof(tag));
	assert_string_equal(tag, "[CKS-ABCDEFGHJKMNP]");
}

/* A visit at 05:46 on 1 October in Bangkok (22:46 UTC the day before)
 * reads 05:46 in the client's email on a server whose TZ is UTC. */
static void
test_email_date_in_bangkok_time(void **state)
{
	struct fixture *f = *state;
	struct cks_rendered preview;
	struct cks_error err;
	int64_t at, session;

	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(cks_time_parse("2026-09-30T22:46:00Z", "at", &at,
	    &err), 0);
	test_clock_advance(at - cks_now_ms());
	session = session_with_item(f, f->client, "ตลาดทุเรียนจีน");
	memset(&preview, 0, sizeof(preview));
	if (cks_compose_basket_preview(&f->out, session, NULL, &preview,
	    &err) < 0)
		fail_msg("preview: %s", err.message);
	assert_non_null(strstr(preview.text, "1 ต.ค. 2569 05:46"));
	assert_null(strstr(preview.text, "22:46"));
	cks_rendered_free(&preview);
	session = session_with_item(f, f->client_en, "Durian market");
	memset(&preview, 0, sizeof(preview));
	if (cks_compose_basket_preview(&f->out, session, NULL, &preview,
	    &err) < 0)
		fail_msg("preview: %s", err.message);
	assert_non_null(strstr(preview.text, "1 Oct 2026 05:46"));
	cks_rendered_free(&preview);
	setenv("TZ", "Asia/Bangkok", 1);
	tzset();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_basket_only_once_confirmed_and_once_per_contents, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_unconfirmed_send_records_the_reason, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_hard_bounce_blocks_until_forced, setup, teardown),
		cmocka_unit_test_setup_teardown(test_english_client_gets_english,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_survey_once_for_a_closed_session, setup, teardown),
		cmocka_unit_test_setup_teardown(test_templates_of_the_tree_check,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_email_date_in_bangkok_time,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
