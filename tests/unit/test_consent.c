/* Issue 17: consent and opt-out (consent), the signed one-click link
 * (unsubscribe_link) and its headers in mail (compose), the opt-out by SMS
 * keyword (reply_store), the one reminder driven by the fake clock
 * (reminder), by mail and by SMS, and its KPI figures (report), the data subject's export and
 * erasure (privacy) and retention (retention), each with the KPI report
 * compared before and after. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <jansson.h>
#include <cmocka.h>

#include "basket.h"
#include "channels.h"
#include "client.h"
#include "clock.h"
#include "compose.h"
#include "config.h"
#include "consent.h"
#include "privacy.h"
#include "queue.h"
#include "rating.h"
#include "reminder.h"
#include "reply_store.h"
#include "report.h"
#include "retention.h"
#include "session.h"
#include "store.h"
#include "template.h"
#include "testhelp.h"
#include "unsubscribe_link.h"

#define DAY_MS (86400000LL)

struct fixture {
	struct cks_config *config;
	struct cks_store *store;
	struct cks_channels *channels;
	struct cks_templates *templates;
	struct cks_outbound out;
	int64_t client;
};

/* A config whose link key and spool are in the scratch directory. */
static struct cks_config *
config_with(const char *extra)
{
	char *path = test_path("cksgate.conf"), *dir = test_path("state");
	char text[4096];
	struct cks_config *config;
	struct cks_error err;

	(void)mkdir(dir, 0700);
	snprintf(text, sizeof(text), "state_dir = %s\nhttp.public_url = "
	    "https://cks.example.go.th\nmail.reply_address = "
	    "survey@reply.example.go.th\n%s", dir, extra ? extra : "");
	test_write_file(path, text);
	if (cks_config_load(path, &config, &err) < 0)
		fail_msg("config: %s", err.message);
	free(path);
	free(dir);
	return config;
}

static int
setup_with(void **state, const char *extra)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct cks_client_input somchai = {
		.name = "สมชาย ใจดี", .email = "somchai@example.co.th",
		.phone = "081 234 5678",
	};
	struct cks_error err;

	if (f == NULL)
		return -1;
	test_clock_fake();
	f->config = config_with(extra);
	f->store = test_store_new();
	f->channels = test_channels_load();
	if (cks_templates_load(CKS_SRCDIR "/templates", &f->templates, &err) < 0)
		fail_msg("cks_templates_load: %s", err.message);
	f->out.config = f->config;
	f->out.store = f->store;
	f->out.channels = f->channels;
	f->out.templates = f->templates;
	if (cks_client_add(f->store, &somchai, &f->client, &err) < 0)
		fail_msg("cks_client_add: %s", err.message);
	*state = f;
	return 0;
}

static int
setup(void **state)
{
	return setup_with(state, "survey.reminder_after = 3d\n");
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

/* Through the store interface, so the test runs on either backend. */
static void
sql(struct fixture *f, const char *text)
{
	struct cks_error err;

	if (cks_store_exec(f->store, text) != CKS_STMT_OK) {
		cks_store_fail(f->store, text, &err);
		fail_msg("%s: %s", text, err.message);
	}
}

static int64_t
sql_int(struct fixture *f, const char *text)
{
	struct cks_error err;
	struct cks_stmt *stmt = cks_store_prepare(f->store, text, &err);
	int64_t n = -1;

	if (stmt == NULL)
		fail_msg("%s: %s", text, err.message);
	if (cks_stmt_step(stmt) == CKS_STMT_ROW)
		n = cks_stmt_column_int64(stmt, 0);
	cks_stmt_finalize(stmt);
	return n;
}

/* A closed session of the client with its invitation sent (delivered as
 * the relay would mark it, at the fake clock's now). */
static int64_t
invited_session(struct fixture *f, int64_t client)
{
	struct cks_error err;
	char token[CKS_TOKEN_SIZE], text[256];
	int64_t session, id;
	int existing;

	if (cks_session_open(f->store, f->channels, "counter", client, "Napa", 0,
	    &session, &err) < 0 ||
	    cks_session_close(f->store, session, "ข้อมูลตลาดจีน", NULL, 0, &err) < 0 ||
	    cks_compose_survey_send(&f->out, session, &id, token, sizeof(token),
	    &existing, &err) < 0)
		fail_msg("%s", err.message);
	snprintf(text, sizeof(text), "UPDATE messages SET state = 'sent', "
	    "sent_at = %lld WHERE id = %lld", (long long)cks_now_ms(),
	    (long long)id);
	sql(f, text);
	return session;
}

static void
rate(struct fixture *f, int64_t session, int code, const char *comment)
{
	struct cks_error err;
	int changed;

	if (cks_rating_record(f->store, cks_channels_find(f->channels, "counter"),
	    session, code, "email", comment, 0, 0, &changed, &err) < 0)
		fail_msg("rating: %s", err.message);
}

/* The KPI of every channel over the whole fiscal year, as text. */
static char *
kpi(struct fixture *f)
{
	struct cks_report_filter filter = { 0 };
	struct cks_error err;
	json_t *report;
	char *text;

	/* A fixed period: the clock moves between the two reports. */
	filter.from_ms = 0;
	filter.to_ms = INT64_C(4102444800000);
	if (cks_report_kpi(f->store, f->channels, &filter, &report, &err) < 0)
		fail_msg("kpi: %s", err.message);
	json_object_del(report, "generated_at");
	text = json_dumps(report, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(report);
	return text;
}

/* --- consent ---------------------------------------------------------------- */

static void
test_consent_and_opt_out(void **state)
{
	struct fixture *f = *state;
	struct cks_consent c;
	struct cks_error err;
	int changed;

	assert_true(cks_consent_is_stop_word("STOP"));
	assert_true(cks_consent_is_stop_word("  หยุด \n"));
	assert_true(cks_consent_is_stop_word("Unsubscribe."));
	assert_true(cks_consent_is_stop_word("ยกเลิก"));
	assert_false(cks_consent_is_stop_word("stop sending me baskets please"));
	assert_false(cks_consent_is_stop_word("2"));

	/* Without consent, a survey is refused only when the config asks. */
	assert_int_equal(cks_consent_survey_check(f->store, f->client, 0, &err), 0);
	assert_int_equal(cks_consent_survey_check(f->store, f->client, 1, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_CONFLICT);
	assert_non_null(strstr(err.message, "no consent"));
	assert_int_equal(cks_consent_record(f->store, f->client, "fax", NULL, 0,
	    &err), -1);
	assert_string_equal(err.field, "source");
	if (cks_consent_record(f->store, f->client, "counter", "ลงชื่อในแบบฟอร์ม",
	    0, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(cks_consent_survey_check(f->store, f->client, 1, &err), 0);

	/* The first opt-out stands; a second changes nothing. */
	test_clock_advance(60000);
	if (cks_consent_opt_out(f->store, f->client, "link", &changed, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(changed, 1);
	test_clock_advance(60000);
	if (cks_consent_opt_out(f->store, f->client, "agent", &changed, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(changed, 0);
	if (cks_consent_get(f->store, f->client, &c, &err) < 0)
		fail_msg("%s", err.message);
	assert_string_equal(c.opted_out_via, "link");
	assert_int_equal(c.opted_out_ms, cks_now_ms() - 60000);
	assert_string_equal(c.consent_source, "counter");
	assert_string_equal(c.consent_note, "ลงชื่อในแบบฟอร์ม");
	cks_consent_clear(&c);
	assert_int_equal(cks_consent_survey_check(f->store, f->client, 0, &err), -1);
	assert_non_null(strstr(err.message, "opted out of surveys on"));
	assert_non_null(strstr(err.message, "via link"));
	assert_int_equal(cks_consent_opt_out(f->store, 999, "link", &changed,
	    &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_NOT_FOUND);

	/* Consent given again later lifts the opt-out. */
	if (cks_consent_record(f->store, f->client, "phone", NULL, 0, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(cks_consent_survey_check(f->store, f->client, 1, &err), 0);
}

/* --- the link and the mail ---------------------------------------------------- */

static void
test_unsubscribe_link_signed(void **state)
{
	struct fixture *f = *state;
	struct cks_error err;
	char token[CKS_UNSUBSCRIBE_TOKEN_MAX], forged[CKS_UNSUBSCRIBE_TOKEN_MAX];
	char *url, *mailto, subject[128];
	int64_t id = 0;

	if (cks_unsubscribe_token(f->config, 42, token, &err) < 0 ||
	    cks_unsubscribe_links(f->config, 42, &url, &mailto, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(strncmp(token, "42.", 3), 0);
	assert_int_equal(strlen(token), 3 + 22);
	assert_int_equal(cks_unsubscribe_token_verify(f->config, token, &id, &err), 1);
	assert_int_equal(id, 42);
	/* Another client's id with this signature, a changed letter, a
	 * leading zero: all refused. */
	snprintf(forged, sizeof(forged), "43%s", token + 2);
	assert_int_equal(cks_unsubscribe_token_verify(f->config, forged, &id, &err), 0);
	snprintf(forged, sizeof(forged), "%s", token);
	forged[5] = forged[5] == 'A' ? 'B' : 'A';
	assert_int_equal(cks_unsubscribe_token_verify(f->config, forged, &id, &err), 0);
	snprintf(forged, sizeof(forged), "042%s", token + 2);
	assert_int_equal(cks_unsubscribe_token_verify(f->config, forged, &id, &err), 0);
	assert_int_equal(cks_unsubscribe_token_verify(f->config, "42", &id, &err), 0);

	assert_non_null(strstr(url, "https://cks.example.go.th/u/42."));
	assert_string_equal(url + strlen("https://cks.example.go.th/u/"), token);
	assert_int_equal(strncmp(mailto, "mailto:survey@reply.example.go.th?subject="
	    "unsubscribe%20", 56), 0);
	snprintf(subject, sizeof(subject), "Re: unsubscribe %s", token);
	assert_int_equal(cks_unsubscribe_subject(f->config, subject, &id, &err), 1);
	assert_int_equal(cks_unsubscribe_subject(f->config, "unsubscribe me",
	    &id, &err), 0);
	cks_unsubscribe_link_redact(url);
	assert_null(strstr(url, token + 3));
	free(url);
	free(mailto);
}

/* The value of header name in a message, unfolded (RFC 5322: CRLF before
 * blank space removed, as mail programs read it), trimmed; malloc'ed, or
 * NULL when absent. */
static char *
header_value(const char *message, const char *name)
{
	size_t n = strlen(name);
	const char *p = message;
	char *out, *o;

	while (p != NULL && strncmp(p, name, n) != 0)
		p = (p = strstr(p, "\r\n")) != NULL && p[2] != '\r' ? p + 2 : NULL;
	if (p == NULL || p[n] != ':')
		return NULL;
	p += n + 1;
	out = o = malloc(strlen(p) + 1);
	for (; *p != '\0'; p++) {
		if (p[0] == '\r' && p[1] == '\n') {
			if (p[2] != ' ' && p[2] != '\t')
				break;
			p++;
			continue;
		}
		*o++ = *p;
	}
	*o = '\0';
	o = out;
	while (*o == ' ' || *o == '\t')
		o++;
	memmove(out, o, strlen(o) + 1);
	return out;
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
test_mail_carries_one_click_and_opt_out_refuses_surveys(void **state)
{
	struct fixture *f = *state;
	struct cks_basket_item_input item = {
		.title_th = "ตลาดทุเรียนจีน", .url = "https://example.invalid/kb/42",
	};
	struct cks_basket_limits limits = { 10, 100000, 100000, NULL };
	struct cks_queue_entry *e;
	struct cks_error err;
	char token[CKS_UNSUBSCRIBE_TOKEN_MAX], header[256], rating[CKS_TOKEN_SIZE];
	char *value;
	int64_t session, basket_session, id, item_id;
	int existing;

	if (cks_unsubscribe_token(f->config, f->client, token, &err) < 0)
		fail_msg("%s", err.message);
	snprintf(header, sizeof(header), "<https://cks.example.go.th/u/%s>, "
	    "<mailto:survey@reply.example.go.th?subject=unsubscribe%%20%s>",
	    token, token);
	session = invited_session(f, f->client);
	e = queued(f, sql_int(f, "SELECT message FROM survey_invitations"));
	value = header_value(e->body, "List-Unsubscribe");
	assert_non_null(value);
	assert_string_equal(value, header);
	free(value);
	value = header_value(e->body, "List-Unsubscribe-Post");
	assert_string_equal(value, "List-Unsubscribe=One-Click");
	free(value);
	cks_queue_entry_free(&e);
	(void)session;

	/* Opted out: no survey, the reason said; a basket still goes. */
	if (cks_consent_opt_out(f->store, f->client, "link", NULL, &err) < 0)
		fail_msg("%s", err.message);
	if (cks_session_open(f->store, f->channels, "counter", f->client, "Napa", 0,
	    &basket_session, &err) < 0 ||
	    cks_basket_add(f->store, basket_session, &item, &limits, &item_id,
	    &err) < 0 ||
	    cks_basket_confirm(f->store, basket_session, 0, &err) < 0 ||
	    cks_session_close(f->store, basket_session, "ok", NULL, 0, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(cks_compose_survey_send(&f->out, basket_session, &id,
	    rating, sizeof(rating), &existing, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_CONFLICT);
	assert_non_null(strstr(err.message, "opted out of surveys"));
	assert_int_equal(sql_int(f, "SELECT count(*) FROM survey_invitations"), 1);
	if (cks_compose_basket_send(&f->out, basket_session, NULL, &id, &existing,
	    &err) < 0)
		fail_msg("basket: %s", err.message);
	e = queued(f, id);
	assert_string_equal(e->kind, "basket");
	value = header_value(e->body, "List-Unsubscribe");
	assert_string_equal(value, header);
	free(value);
	cks_queue_entry_free(&e);
	/* and the link is visible in both parts, with the Thai words */
	{
		struct cks_rendered preview;
		char url[128];

		snprintf(url, sizeof(url), "https://cks.example.go.th/u/%s", token);
		if (cks_compose_basket_preview(&f->out, basket_session, NULL,
		    &preview, &err) < 0)
			fail_msg("%s", err.message);
		assert_non_null(strstr(preview.text, url));
		assert_non_null(strstr(preview.html, url));
		assert_non_null(strstr(preview.text, "หากไม่ประสงค์รับแบบสอบถาม"));
		cks_rendered_free(&preview);
	}
}

static void
test_sms_stop_opts_out_the_number(void **state)
{
	struct fixture *f = *state;
	struct cks_reply_store in = { f->config, f->store, f->channels, NULL };
	struct cks_reply_store_result r = { 0 };
	struct cks_consent c;
	struct cks_error err;
	int64_t session = invited_session(f, f->client);

	if (cks_reply_store_accept_sms(&in, "+66812345678", "หยุด", &r, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(r.outcome, CKS_REPLY_STORE_IGNORED);
	assert_non_null(strstr(r.reason, "opt-out keyword by SMS: 1 client"));
	cks_reply_store_result_clear(&r);
	if (cks_consent_get(f->store, f->client, &c, &err) < 0)
		fail_msg("%s", err.message);
	assert_string_equal(c.opted_out_via, "sms");
	cks_consent_clear(&c);
	/* Not taken as an answer. */
	assert_int_equal(sql_int(f, "SELECT count(*) FROM ratings"), 0);
	(void)session;
}

/* --- the reminder --------------------------------------------------------------- */

static void
test_one_reminder_on_the_clock(void **state)
{
	struct fixture *f = *state;
	struct cks_client_input other = {
		.name = "Malee", .email = "malee@example.co.th",
	};
	struct cks_reminder_result res;
	struct cks_queue_entry *e;
	struct cks_error err;
	json_t *report;
	struct cks_report_filter filter = { 0 };
	const json_t *total;
	int64_t a, b, c, malee;

	if (cks_client_add(f->store, &other, &malee, &err) < 0)
		fail_msg("%s", err.message);
	a = invited_session(f, f->client);    /* will answer after the reminder */
	b = invited_session(f, malee);        /* answers before it */
	test_clock_advance(DAY_MS);
	c = invited_session(f, malee);        /* a day younger: opted out */
	rate(f, b, 5, NULL);

	/* 2 days on: nothing is due. */
	test_clock_advance(DAY_MS);
	if (cks_reminder_run(&f->out, 0, 0, &res, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(res.due, 0);
	/* 3 days after a's invitation: a, and only a (b is answered). */
	test_clock_advance(DAY_MS);
	if (cks_reminder_run(&f->out, 0, 1, &res, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(res.due, 1);
	assert_int_equal(res.sent, 0);       /* dry run */
	if (cks_reminder_run(&f->out, 0, 0, &res, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(res.sent, 1);
	assert_int_equal(sql_int(f, "SELECT session_id FROM survey_invitations"
	    " WHERE reminded_at IS NOT NULL"), a);
	e = queued(f, sql_int(f, "SELECT reminder_message FROM survey_invitations"
	    " WHERE reminded_at IS NOT NULL"));
	assert_non_null(strstr(e->subject, "เตือนความจำ"));
	assert_non_null(strstr(e->body, "List-Unsubscribe-Post"));
	assert_non_null(strstr(e->message_id, ".reminder@"));
	cks_queue_entry_free(&e);
	/* Never twice, whatever calls it. */
	if (cks_reminder_run(&f->out, 0, 0, &res, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(res.due, 0);
	assert_int_equal(cks_compose_survey_remind(&f->out, a, &b, &err), -1);
	assert_non_null(strstr(err.message, "one reminder only"));
	/* c is due a day later, but its client opted out. */
	if (cks_consent_opt_out(f->store, malee, "mail", NULL, &err) < 0)
		fail_msg("%s", err.message);
	test_clock_advance(DAY_MS);
	if (cks_reminder_run(&f->out, 0, 0, &res, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(res.due, 0);
	assert_int_equal(cks_compose_survey_remind(&f->out, c, &b, &err), -1);
	assert_non_null(strstr(err.message, "opted out"));

	/* a answers after its reminder: the KPI says so. */
	rate(f, a, 4, NULL);
	filter.to_ms = cks_now_ms() + DAY_MS;
	if (cks_report_kpi(f->store, f->channels, &filter, &report, &err) < 0)
		fail_msg("%s", err.message);
	{
		size_t i;
		json_t *ch;

		total = NULL;
		json_array_foreach(json_object_get(report, "channels"), i, ch)
			if (strcmp(json_string_value(json_object_get(ch, "channel")),
			    "counter") == 0)
				total = json_object_get(ch, "total");
	}
	assert_non_null(total);
	assert_int_equal(json_integer_value(json_object_get(total,
	    "reminders_sent")), 1);
	assert_int_equal(json_integer_value(json_object_get(total,
	    "answered_after_reminder")), 1);
	assert_true(json_real_value(json_object_get(total,
	    "answered_after_reminder_percent")) == 100.0);
	json_decref(report);
}

static void
test_no_reminder_for_an_expired_survey(void **state)
{
	struct fixture *f = *state;
	struct cks_reminder_result res;
	struct cks_error err;

	invited_session(f, f->client);
	/* The daemon was stopped for a week: past 2 x 3 days, no reminder. */
	test_clock_advance(7 * DAY_MS);
	if (cks_reminder_run(&f->out, 0, 0, &res, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(res.due, 0);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM messages"), 1);
}

/* --- the reminder by SMS ------------------------------------------------------------ */

/* SMS through a sendsms URL nobody is asked: the reminder is only queued
 * here (test_sms_kannel.sh sends through a real Kannel). */
static int
setup_sms(void **state)
{
	char *password = test_path("sms-password"), extra[1024];
	int rc;

	test_write_file(password, "pw\n");
	snprintf(extra, sizeof(extra), "survey.reminder_after = 3d\n"
	    "sms.sendsms_url = http://127.0.0.1:9/cgi-bin/sendsms\n"
	    "sms.username = cksgate\nsms.password_file = %s\nsms.from = 1169\n",
	    password);
	rc = setup_with(state, extra);
	free(password);
	return rc;
}

/* A closed hotline call of a phone-only client, its SMS invitation
 * accepted by Kannel now, with the delivery report DLR; *sms its id. */
static int64_t
sms_invited_session(struct fixture *f, const char *name, const char *phone,
		    const char *dlr, int64_t *sms)
{
	struct cks_client_input in = { .name = name, .phone = phone };
	struct cks_error err;
	char token[CKS_TOKEN_SIZE], text[256];
	int64_t client, session;
	int existing;

	if (cks_client_add(f->store, &in, &client, &err) < 0 ||
	    cks_session_open(f->store, f->channels, "hotline1169", client, "anan",
	    0, &session, &err) < 0 ||
	    cks_session_close(f->store, session, "ให้ข้อมูลแล้ว", NULL, 0, &err) < 0 ||
	    cks_compose_survey_send(&f->out, session, sms, token, sizeof(token),
	    &existing, &err) < 0)
		fail_msg("%s", err.message);
	snprintf(text, sizeof(text), "UPDATE messages SET state = 'sent', "
	    "sent_at = %lld, dlr_status = '%s' WHERE id = %lld",
	    (long long)cks_now_ms(), dlr, (long long)*sms);
	sql(f, text);
	return session;
}

static void
sms_reply(struct fixture *f, const char *from, const char *text)
{
	struct cks_reply_store in = { f->config, f->store, f->channels, NULL };
	struct cks_reply_store_result r = { 0 };
	struct cks_error err;

	if (cks_reply_store_accept_sms(&in, from, text, &r, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(r.outcome, CKS_REPLY_STORE_RECORDED);
	cks_reply_store_result_clear(&r);
}

/* The KPI's figure NAME for the hotline over the whole period. */
static int64_t
hotline_kpi(struct fixture *f, const char *name)
{
	struct cks_report_filter filter = { 0 };
	struct cks_error err;
	json_t *report, *ch;
	int64_t n = -1;
	size_t i;

	filter.to_ms = cks_now_ms() + DAY_MS;
	if (cks_report_kpi(f->store, f->channels, &filter, &report, &err) < 0)
		fail_msg("%s", err.message);
	json_array_foreach(json_object_get(report, "channels"), i, ch)
		if (strcmp(json_string_value(json_object_get(ch, "channel")),
		    "hotline1169") == 0)
			n = json_integer_value(json_object_get(
			    json_object_get(ch, "total"), name));
	json_decref(report);
	return n;
}

static void
test_one_sms_reminder_on_the_clock(void **state)
{
	struct fixture *f = *state;
	struct cks_reminder_result res;
	struct cks_queue_entry *e;
	struct cks_error err;
	char text[256];
	int64_t a, b, c, a_sms, b_sms, c_sms, reminder, other;

	/* a will answer after its reminder, b answers before it, c's SMS
	 * never reached the phone (the DLR says failed). */
	a = sms_invited_session(f, "มานี มีนา", "089 765 4321", "delivered", &a_sms);
	b = sms_invited_session(f, "ชูใจ ใจดี", "089 111 2222", "delivered", &b_sms);
	c = sms_invited_session(f, "ปิติ พอใจ", "089 333 4444", "failed", &c_sms);
	e = queued(f, a_sms);
	assert_string_equal(e->medium, "sms");
	assert_string_equal(e->recipient, "+66897654321");
	assert_null(strstr(e->body, "เตือนความจำ"));
	cks_queue_entry_free(&e);
	test_clock_advance(DAY_MS);
	sms_reply(f, "0891112222", "กด 2");

	/* 2 days on: nothing is due. */
	test_clock_advance(DAY_MS);
	if (cks_reminder_run(&f->out, 0, 0, &res, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(res.due, 0);
	/* 3 days on: a, by SMS, and only a. */
	test_clock_advance(DAY_MS);
	if (cks_reminder_run(&f->out, 0, 0, &res, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(res.due, 1);
	assert_int_equal(res.sent, 1);
	snprintf(text, sizeof(text), "SELECT reminder_message FROM "
	    "survey_invitations WHERE session_id = %lld", (long long)a);
	reminder = sql_int(f, text);
	e = queued(f, reminder);
	assert_string_equal(e->kind, "survey");
	assert_string_equal(e->medium, "sms");
	assert_string_equal(e->state, "queued");      /* through the queue */
	assert_string_equal(e->recipient, "+66897654321");
	assert_int_equal(e->session_id, a);
	assert_true(strncmp(e->message_id, "sms.", 4) == 0);
	assert_non_null(strstr(e->message_id, ".reminder@"));
	assert_true(strncmp(e->body, "เตือนความจำ: ", strlen("เตือนความจำ: ")) == 0);
	assert_non_null(strstr(e->body, "หยุด"));
	assert_true(e->sms_parts >= 1);
	cks_queue_entry_free(&e);
	snprintf(text, sizeof(text), "SELECT count(*) FROM messages WHERE "
	    "session_id IN (%lld, %lld) AND medium <> 'sms'", (long long)b,
	    (long long)c);
	assert_int_equal(sql_int(f, text), 0);
	snprintf(text, sizeof(text), "SELECT count(*) FROM survey_invitations "
	    "WHERE session_id IN (%lld, %lld) AND reminded_at IS NOT NULL",
	    (long long)b, (long long)c);
	assert_int_equal(sql_int(f, text), 0);

	/* Never twice: not the next day, not by hand. */
	test_clock_advance(DAY_MS / 2);
	if (cks_reminder_run(&f->out, 0, 0, &res, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(res.due, 0);
	assert_int_equal(cks_compose_survey_remind(&f->out, a, &other, &err), -1);
	assert_non_null(strstr(err.message, "one reminder only"));
	/* b is answered, c's invitation failed: no reminder by hand either. */
	assert_int_equal(cks_compose_survey_remind(&f->out, b, &other, &err), -1);
	assert_non_null(strstr(err.message, "is answered"));
	assert_int_equal(cks_compose_survey_remind(&f->out, c, &other, &err), -1);
	assert_non_null(strstr(err.message, "not delivered"));
	snprintf(text, sizeof(text), "SELECT count(*) FROM messages WHERE "
	    "session_id = %lld", (long long)a);
	assert_int_equal(sql_int(f, text), 2);     /* invitation, reminder */

	/* a answers the reminder by SMS: the KPI counts it.  The call closed
	 * 3.5 days ago, outside a 2-day sms.window; the reminder, a half day
	 * ago, is inside it, and the window runs from the last time we asked. */
	f->config->sms_window_ms = 2 * DAY_MS;
	assert_int_equal(hotline_kpi(f, "answered_after_reminder"), 0);
	sms_reply(f, "+66 89 765 4321", "กด 1");
	snprintf(text, sizeof(text), "SELECT count(*) FROM ratings WHERE "
	    "session_id = %lld AND medium = 'sms'", (long long)a);
	assert_int_equal(sql_int(f, text), 1);
	assert_int_equal(hotline_kpi(f, "reminders_sent"), 1);
	assert_int_equal(hotline_kpi(f, "answered_after_reminder"), 1);
	/* and no reminder after the answer, whatever the clock says. */
	test_clock_advance(DAY_MS);
	if (cks_reminder_run(&f->out, 0, 0, &res, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(res.due, 0);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM messages"), 4);
}

/* --- export, erase, purge ----------------------------------------------------------- */

static void
test_export_then_erase_keeps_the_kpi(void **state)
{
	struct fixture *f = *state;
	struct cks_reply_store in = { f->config, f->store, f->channels, NULL };
	struct cks_reply_store_result r = { 0 };
	struct cks_privacy_counts counts;
	struct cks_error err;
	char *before, *after, *text;
	json_t *j;
	int64_t session = invited_session(f, f->client);

	rate(f, session, 2, "รอนานเกินไป");
	if (cks_reply_store_accept_sms(&in, "0812345678", "R 1 ดีมาก", &r, &err) < 0)
		fail_msg("%s", err.message);
	cks_reply_store_result_clear(&r);
	before = kpi(f);
	if (cks_privacy_export(f->store, f->config, f->client, &j, &err) < 0)
		fail_msg("%s", err.message);
	text = json_dumps(j, JSON_COMPACT);
	assert_non_null(strstr(text, "somchai@example.co.th"));
	assert_non_null(strstr(text, "รอนานเกินไป"));
	assert_non_null(strstr(text, "ข้อมูลตลาดจีน"));
	assert_non_null(strstr(text, "R 1 ดีมาก"));      /* their SMS, raw */
	assert_non_null(strstr(text, "List-Unsubscribe"));  /* the mail body */
	assert_int_equal(json_array_size(json_object_get(j, "sessions")), 1);
	assert_int_equal(json_array_size(json_object_get(j, "messages")), 1);
	assert_int_equal(json_array_size(json_object_get(j, "inbound")), 1);
	free(text);
	json_decref(j);

	if (cks_privacy_erase(f->store, f->client, &counts, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(counts.messages, 1);
	assert_int_equal(counts.inbound, 1);
	assert_int_equal(counts.ratings, 1);
	after = kpi(f);
	assert_string_equal(before, after);
	if (cks_privacy_export(f->store, f->config, f->client, &j, &err) < 0)
		fail_msg("%s", err.message);
	text = json_dumps(j, JSON_COMPACT);
	assert_null(strstr(text, "somchai"));
	assert_null(strstr(text, "สมชาย"));
	assert_null(strstr(text, "รอนานเกินไป"));
	assert_null(strstr(text, "ข้อมูลตลาดจีน"));
	assert_null(strstr(text, "ดีมาก"));
	assert_null(strstr(text, "+66812345678"));
	assert_null(strstr(text, "List-Unsubscribe"));
	free(text);
	json_decref(j);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM events WHERE payload"
	    " LIKE '%รอนาน%'"), 0);
	assert_int_equal(cks_privacy_erase(f->store, f->client, &counts, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_CONFLICT);
	assert_int_equal(cks_consent_record(f->store, f->client, "counter", NULL,
	    0, &err), -1);
	assert_non_null(strstr(err.message, "was erased"));
	/* A failed mail of the erased client is never sent again. */
	sql(f, "UPDATE messages SET state = 'failed'");
	assert_int_equal(cks_queue_retry(f->store, 1, &err), -1);
	assert_non_null(strstr(err.message, "erased client"));
	free(before);
	free(after);
}

static int
setup_retention(void **state)
{
	return setup_with(state, "retention.raw_mail = 30d\n"
	    "retention.personal = 365d\n");
}

static void
test_purge_keeps_the_kpi(void **state)
{
	struct fixture *f = *state;
	struct cks_reply_store in = { f->config, f->store, f->channels, NULL };
	struct cks_reply_store_result r = { 0 };
	struct cks_client_input fresh = { .name = "Fresh", .email = "f@example.com" };
	struct cks_retention_counts counts;
	struct cks_error err;
	char *before, *after;
	int64_t session = invited_session(f, f->client), recent;

	rate(f, session, 5, "ดีมาก");
	if (cks_reply_store_accept_sms(&in, "0812345678", "ขอบคุณ", &r, &err) < 0)
		fail_msg("%s", err.message);
	cks_reply_store_result_clear(&r);
	/* 40 days on: the raw mail is past 30 days, the client not idle. */
	test_clock_advance(40 * DAY_MS);
	if (cks_client_add(f->store, &fresh, &recent, &err) < 0)
		fail_msg("%s", err.message);
	before = kpi(f);
	if (cks_retention_purge(f->store, f->config, 1, &counts, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(counts.raw_mail, 1);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM inbound_messages"
	    " WHERE length(raw) > 0"), 1);            /* dry run: still there */
	if (cks_retention_purge(f->store, f->config, 0, &counts, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(counts.raw_mail, 1);
	assert_int_equal(counts.clients, 0);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM inbound_messages"
	    " WHERE length(raw) > 0"), 0);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM inbound_messages"), 1);
	/* A year after the session: the client is anonymised, the new one
	 * (created 40 days later) not yet. */
	test_clock_advance(330 * DAY_MS);
	if (cks_retention_purge(f->store, f->config, 0, &counts, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(counts.clients, 1);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM clients WHERE"
	    " anonymised_at IS NOT NULL"), 1);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM clients WHERE"
	    " name = '(erased)' AND email IS NULL AND id = 1"), 1);
	after = kpi(f);
	assert_string_equal(before, after);
	/* Nothing left to do a second time. */
	if (cks_retention_purge(f->store, f->config, 0, &counts, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(counts.raw_mail + counts.clients, 0);
	free(before);
	free(after);
}

static void
test_config_periods(void **state)
{
	struct cks_config *config;
	struct cks_error err;
	char *path = test_path("bad.conf");

	(void)state;
	test_write_file(path, "survey.reminder_after = 3w\n");
	assert_int_equal(cks_config_load(path, &config, &err), -1);
	assert_non_null(strstr(err.message, ":1: key 'survey.reminder_after'"));
	assert_non_null(strstr(err.message, "off or a duration"));
	test_write_file(path, "retention.personal = 1d\n");
	assert_int_equal(cks_config_load(path, &config, &err), -1);
	assert_string_equal(err.field, "retention.personal");
	test_write_file(path, "survey.reminder_after = off\nretention.raw_mail = "
	    "90d\nsurvey.require_consent = yes\n");
	if (cks_config_load(path, &config, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(config->survey_reminder_after_ms, 0);
	assert_int_equal(config->retention_raw_mail_ms, 90 * DAY_MS);
	assert_int_equal(config->survey_require_consent, 1);
	cks_config_free(&config);
	if (cks_config_load(NULL, &config, &err) < 0)
		fail_msg("%s", err.message);
	assert_int_equal(config->survey_reminder_after_ms, 0);
	assert_int_equal(config->retention_raw_mail_ms, 0);
	assert_int_equal(config->retention_personal_ms, 0);
	assert_int_equal(config->survey_require_consent, 0);
	cks_config_free(&config);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_consent_and_opt_out, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unsubscribe_link_signed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_mail_carries_one_click_and_opt_out_refuses_surveys, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sms_stop_opts_out_the_number,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_reminder_on_the_clock, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_no_reminder_for_an_expired_survey,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_sms_reminder_on_the_clock,
		    setup_sms, teardown),
		cmocka_unit_test_setup_teardown(test_export_then_erase_keeps_the_kpi,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_purge_keeps_the_kpi,
		    setup_retention, teardown),
		cmocka_unit_test(test_config_periods),
	};

	setenv("TZ", "Asia/Bangkok", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
