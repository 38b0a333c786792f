/* libFuzzer target for the reply reader's own parts: the word breaker
 * (lib/base/wordbreak, libthai underneath) and the answer model (lib/mailin/answer,
 * with lib/mailin/signature) on any bytes, against the three scales the
 * project ships (written out here as the plugins define them).  Broken
 * invariants abort: words in order, inside the text and not overlapping;
 * a recorded code on the scale; candidates, comment and reason valid
 * UTF-8 when the input is; the comment no longer than the text.  The
 * same bytes as a reply's Subject (lib/mailin/subject_answer): the words
 * added are shorter than it, and valid UTF-8 when it is.  Built
 * and run by tests/fuzz/run.sh. */
#include "autoconfig.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "answer.h"
#include "subject_answer.h"
#include "utf8.h"
#include "wordbreak.h"

static const char *const highest_th[] = { "ดีมาก", "พอใจมากที่สุด", NULL };
static const char *const high_en[] = { "good", "satisfied", NULL };
static const char *const not_th[] = { "ไม่พอใจ", "ไม่ประทับใจ", NULL };
static const char *const not_en[] = { "not satisfied", "dissatisfied", NULL };
static const char *const ok_en[] = { "satisfied", "good", "ok", NULL };
static const struct cks_rating_option counter[] = {
	{ 5, { "มากที่สุด", "Highest" }, 1, highest_th, NULL },
	{ 4, { "มาก", "High" }, 1, NULL, high_en },
	{ 3, { "ปานกลาง", "Medium" }, 0, NULL, NULL },
	{ 2, { "น้อย", "Low" }, 0, NULL, NULL },
	{ 1, { "น้อยที่สุด", "Lowest" }, 0, NULL, NULL },
};
static const struct cks_rating_option hotline[] = {
	{ 1, { "ประทับใจ", "Impressed" }, 1, NULL, NULL },
	{ 2, { "พึงพอใจ", "Satisfied" }, 1, NULL, ok_en },
	{ 3, { "ไม่พึงพอใจ", "Not satisfied" }, 0, not_th, not_en },
};
static const struct cks_step step = { "s", CKS_ACTOR_AGENT, { "ก", "s" },
	CKS_DURATION_NONE, CKS_DURATION_NONE, 1 };
static const struct cks_channel_plugin channels[] = {
	{ CKS_PLUGIN_HEADER, .id = "counter", .name = { "ก", "c" },
	  .steps = &step, .step_count = 1, .scale = counter, .scale_count = 5,
	  .target_percent = 85 },
	{ CKS_PLUGIN_HEADER, .id = "hotline1169", .name = { "ก", "h" },
	  .steps = &step, .step_count = 1, .scale = hotline, .scale_count = 3,
	  .target_percent = 85 },
	{ CKS_PLUGIN_HEADER, .id = "chat", .name = { "ก", "c" },
	  .steps = &step, .step_count = 1, .scale = hotline, .scale_count = 2,
	  .target_percent = 85 },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_text(const char *s, int valid)
{
	if (s != NULL && valid && !cks_utf8_valid(s, strlen(s)))
		abort();
}

static void
check_words(const char *text, size_t size)
{
	struct cks_words w;
	size_t end = 0;

	if (cks_words_split(text, size, &w) < 0)
		abort();
	for (size_t i = 0; i < w.count; i++) {
		if (w.word[i].start < end || w.word[i].end <= w.word[i].start ||
		    w.word[i].end > size)
			abort();
		end = w.word[i].end;
	}
	cks_words_clear(&w);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	int valid;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	size = strlen(text);            /* the reader takes a C string */
	valid = cks_utf8_valid(text, size);
	check_words(text, size);
	for (size_t c = 0; c < sizeof(channels) / sizeof(channels[0]); c++) {
		const struct cks_channel_plugin *ch = &channels[c];
		struct cks_answer a;
		int on = 0;

		if (cks_answer_find(ch, text, &a) < 0)
			abort();
		for (size_t i = 0; i < ch->scale_count; i++)
			on |= ch->scale[i].code == a.code;
		if ((a.kind == CKS_ANSWER_FOUND) != (a.code >= 0) ||
		    (a.kind == CKS_ANSWER_FOUND && !on) ||
		    (a.kind != CKS_ANSWER_FOUND && a.comment != NULL) ||
		    a.candidate_count > CKS_ANSWER_MAX_CANDIDATES ||
		    (a.comment != NULL && strlen(a.comment) > size))
			abort();
		check_text(a.comment, valid);
		check_text(a.reason, 1);
		for (size_t i = 0; i < a.candidate_count; i++)
			check_text(a.candidates[i].text, valid);
		cks_answer_clear(&a);
	}
	{
		static const char *const sent[] = { "How satisfied were you? Counter",
			"โปรดประเมินความพึงพอใจ: บริการสายตรง 1169", "" };
		char *added = cks_subject_addition(text, sent, 3);

		if (added != NULL && (strlen(added) >= size + (size == 0)))
			abort();
		check_text(added, valid);
		free(added);
	}
	free(text);
	return 0;
}
