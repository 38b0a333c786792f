/* libFuzzer target for the MIME-and-reply parser: any bytes are parsed
 * (lib/mailin/mailparse), whatever parses must survive the JSON trip a worker
 * process makes unchanged, and its text then goes through quote cutting
 * (lib/mailin/reply) and answer recognition (lib/mailin/answer) against the 1169
 * scale, as an inbound reply does.  A broken invariant aborts, so the
 * fuzzer reports it like a crash.  Built and run by tests/fuzz/run.sh. */
#include "autoconfig.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "answer.h"
#include "mailparse.h"
#include "reply.h"
#include "utf8.h"

static const char *const words_3[] = { "not satisfied", "ไม่พอใจ", NULL };
static const struct cks_rating_option scale[] = {
	{ 1, { "ประทับใจ", "Impressed" }, 1, NULL, NULL },
	{ 2, { "พึงพอใจ", "Satisfied" }, 1, NULL, NULL },
	{ 3, { "ไม่พึงพอใจ", "Not satisfied" }, 0, words_3, words_3 },
};
static const struct cks_step step = { "welcome", CKS_ACTOR_AGENT,
	{ "ต้อนรับ", "Welcome" }, CKS_DURATION_NONE, CKS_DURATION_NONE, 1 };
static const struct cks_channel_plugin channel = {
	CKS_PLUGIN_HEADER, .id = "hotline1169", .name = { "1169", "1169" },
	.steps = &step, .step_count = 1, .scale = scale, .scale_count = 3,
	.target_percent = 85,
};

static void check_string_valid(const char *s);

/* The reply and its answer: codes only from the scale, UTF-8 comments. */
static void
check_reply(const char *text)
{
	struct cks_answer answer;
	char *quoted = NULL;
	char *words = cks_reply_extract(text, &quoted);

	if (words == NULL)
		abort();
	check_string_valid(words);
	if (cks_answer_find(&channel, words, &answer) < 0)
		abort();
	if (answer.kind == CKS_ANSWER_FOUND &&
	    (answer.code < 1 || answer.code > 3))
		abort();
	if (answer.comment != NULL)
		check_string_valid(answer.comment);
	cks_answer_clear(&answer);
	free(words);
	free(quoted);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_string_valid(const char *s)
{
	if (s != NULL && !cks_utf8_valid(s, strlen(s)))
		abort();
}

static void
check_string(const char *s)
{
	check_string_valid(s);
}

static void
check_same(const char *a, const char *b)
{
	if ((a == NULL) != (b == NULL) || (a != NULL && strcmp(a, b) != 0))
		abort();
}

static void
check_mail(const struct cks_parsed_mail *a, const struct cks_parsed_mail *b)
{
	const char *const fields[][2] = {
		{ a->message_id, b->message_id }, { a->subject, b->subject },
		{ a->from_address, b->from_address },
		{ a->from_name, b->from_name },
		{ a->in_reply_to, b->in_reply_to },
		{ a->auto_reply, b->auto_reply },
		{ a->machine_kind, b->machine_kind },
		{ a->machine_reason, b->machine_reason },
		{ a->report_action, b->report_action },
		{ a->report_recipient, b->report_recipient },
		{ a->report_message_id, b->report_message_id },
		{ a->returned_subject, b->returned_subject },
		{ a->text, b->text }, { a->charset, b->charset },
		{ a->unreadable, b->unreadable },
	};

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		check_string(fields[i][0]);
		check_same(fields[i][0], fields[i][1]);
	}
	if (a->address_count != b->address_count ||
	    a->reference_count != b->reference_count ||
	    a->is_report != b->is_report ||
	    a->text_from_html != b->text_from_html)
		abort();
	for (size_t i = 0; i < a->address_count; i++) {
		check_string(a->addresses[i]);
		check_same(a->addresses[i], b->addresses[i]);
	}
	for (size_t i = 0; i < a->reference_count; i++) {
		check_string(a->references[i]);
		check_same(a->references[i], b->references[i]);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cks_parsed_mail *mail = NULL, *back = NULL;
	struct cks_error err;
	json_t *json, *loaded;
	char *text;

	if (cks_mail_parse((const char *)data, size, &mail, &err) < 0) {
		if (mail != NULL || err.kind == CKS_ERROR_NONE)
			abort();
		return 0;
	}
	if (mail->text == NULL)
		abort();
	json = cks_parsed_mail_to_json(mail);
	if (json == NULL)
		abort();
	text = json_dumps(json, JSON_COMPACT);
	json_decref(json);
	if (text == NULL)
		abort();
	loaded = json_loads(text, 0, NULL);
	free(text);
	if (loaded == NULL || cks_parsed_mail_from_json(loaded, &back, &err) < 0)
		abort();
	json_decref(loaded);
	check_mail(mail, back);
	check_reply(mail->text);
	cks_parsed_mail_free(&back);
	cks_parsed_mail_free(&mail);
	return 0;
}
