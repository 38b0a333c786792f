/* Unit tests for lib/desk/channels: loading the tree's plugins, looking up
 * steps and options, the descriptor check, and the JSON form. */
#include "autoconfig.h"

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testhelp.h"
#include "channels.h"

/* --- the ABI layout --------------------------------------------------------- */

/* ABI 1.0 as settled, on the LP64 targets cksgate ships for (Debian amd64
 * and arm64): a change here breaks every plugin already built, so it must
 * be a new major version, never an edit.  Fixed-width fields keep these
 * the same whatever the compiler makes of enums and ints. */
_Static_assert(sizeof(((struct cks_step *)0)->actor) == 1, "actor is a uint8_t");
_Static_assert(sizeof(((struct cks_step *)0)->timed) == 1, "timed is a uint8_t");
_Static_assert(sizeof(((struct cks_step *)0)->min_seconds) == 4, "int32_t");
_Static_assert(sizeof(((struct cks_rating_option *)0)->code) == 4, "int32_t");
_Static_assert(sizeof(((struct cks_rating_option *)0)->satisfied) == 1, "uint8_t");
_Static_assert(sizeof(((struct cks_channel_plugin *)0)->step_count) == 4, "uint32_t");
_Static_assert(sizeof(((struct cks_channel_plugin *)0)->scale_count) == 4, "uint32_t");
_Static_assert(sizeof(((struct cks_channel_plugin *)0)->target_percent) == 4, "uint32_t");
/* The header that says how to read the rest never moves, on any target. */
_Static_assert(offsetof(struct cks_channel_plugin, abi_major) == 0, "header");
_Static_assert(offsetof(struct cks_channel_plugin, abi_minor) == 2, "header");
_Static_assert(offsetof(struct cks_channel_plugin, size) == 4, "header");
_Static_assert(offsetof(struct cks_channel_plugin, step_size) == 8, "header");
_Static_assert(offsetof(struct cks_channel_plugin, option_size) == 12, "header");
#if UINTPTR_MAX == UINT64_MAX
_Static_assert(offsetof(struct cks_step, id) == 0, "step");
_Static_assert(offsetof(struct cks_step, actor) == 8, "step");
_Static_assert(offsetof(struct cks_step, text) == 16, "step");
_Static_assert(offsetof(struct cks_step, min_seconds) == 32, "step");
_Static_assert(offsetof(struct cks_step, max_seconds) == 36, "step");
_Static_assert(offsetof(struct cks_step, timed) == 40, "step");
_Static_assert(sizeof(struct cks_step) == 48, "step");
/* ABI 1.1 put the step's target in 1.0's tail padding: same size. */
_Static_assert(offsetof(struct cks_step, target_percent) == 44, "step 1.1");
_Static_assert(sizeof(((struct cks_step *)0)->target_percent) == 4, "uint32_t");
_Static_assert(offsetof(struct cks_rating_option, code) == 0, "option");
_Static_assert(offsetof(struct cks_rating_option, label) == 8, "option");
_Static_assert(offsetof(struct cks_rating_option, satisfied) == 24, "option");
_Static_assert(offsetof(struct cks_rating_option, words_th) == 32, "option");
_Static_assert(offsetof(struct cks_rating_option, words_en) == 40, "option");
_Static_assert(sizeof(struct cks_rating_option) == 48, "option");
_Static_assert(offsetof(struct cks_channel_plugin, id) == 16, "descriptor");
_Static_assert(offsetof(struct cks_channel_plugin, name) == 24, "descriptor");
_Static_assert(offsetof(struct cks_channel_plugin, steps) == 40, "descriptor");
_Static_assert(offsetof(struct cks_channel_plugin, step_count) == 48, "descriptor");
_Static_assert(offsetof(struct cks_channel_plugin, scale) == 56, "descriptor");
_Static_assert(offsetof(struct cks_channel_plugin, scale_count) == 64, "descriptor");
_Static_assert(offsetof(struct cks_channel_plugin, target_percent) == 68, "descriptor");
_Static_assert(sizeof(struct cks_channel_plugin) == 72, "descriptor");
#endif

static void
test_abi_stamp(void **state)
{
	/* major.minor in one uint32_t: 1.1 is 0x00010001 */
	assert_int_equal(CKS_PLUGIN_ABI_STAMP, 0x00010001u);
	assert_int_equal(CKS_PLUGIN_ABI_STAMP_MAJOR(0x00020003u), 2);
	assert_int_equal(CKS_PLUGIN_ABI_STAMP_MINOR(0x00020003u), 3);
	assert_string_equal(CKS_PLUGIN_ABI_NAME, "cks_plugin_abi");
}

/* --- loading the plugins built in this tree ------------------------------ */

static void
test_load_tree_plugins(void **state)
{
	struct cks_channels *channels = test_channels_load();

	/* Sorted by file name: chat.so, counter.so, hotline1169.so. */
	assert_string_equal(channels->channels[0].plugin->id, "chat");
	assert_string_equal(channels->channels[1].plugin->id, "counter");
	assert_string_equal(channels->channels[2].plugin->id, "hotline1169");
	for (size_t i = 0; i < channels->count; i++) {
		assert_non_null(channels->channels[i].handle);
		assert_non_null(strstr(channels->channels[i].path, ".so"));
	}
	assert_non_null(cks_channels_find(channels, "counter"));
	assert_non_null(cks_channels_find(channels, "hotline1169"));
	assert_non_null(cks_channels_find(channels, "chat"));
	assert_null(cks_channels_find(channels, "fax"));
	assert_null(cks_channels_find(channels, ""));
	assert_null(cks_channels_find(channels, "Counter"));
	cks_channels_free(&channels);
	assert_null(channels);
}

static void
test_tree_plugins_content(void **state)
{
	struct cks_channels *channels = test_channels_load();
	const struct cks_channel_plugin *counter =
	    cks_channels_find(channels, "counter");
	const struct cks_channel_plugin *hotline =
	    cks_channels_find(channels, "hotline1169");
	const struct cks_channel_plugin *chat = cks_channels_find(channels, "chat");
	char why[512];

	assert_int_equal(counter->step_count, 8);
	assert_int_equal(counter->scale_count, 5);
	assert_int_equal(counter->target_percent, 85);
	assert_string_equal(counter->name.th, "เคาน์เตอร์ให้คำปรึกษา");
	assert_int_equal(hotline->step_count, 8);
	assert_int_equal(hotline->scale_count, 3);
	assert_int_equal(chat->step_count, 9);
	assert_int_equal(chat->scale_count, 2);
	/* ABI 1.1: the step targets the standards give; the counter's
	 * client check has its own 100 %, steps without one read 0. */
	assert_string_equal(counter->steps[4].id, "client_check");
	assert_int_equal(counter->steps[4].target_percent, 100);
	assert_int_equal(counter->steps[0].target_percent, 85);
	assert_string_equal(counter->steps[5].id, "print_summary");
	assert_int_equal(counter->steps[5].target_percent, 0);
	assert_int_equal(hotline->steps[0].target_percent, 85);
	assert_int_equal(hotline->steps[1].target_percent, 0);
	assert_int_equal(chat->steps[7].target_percent, 0);
	assert_int_equal(chat->steps[8].target_percent, 85);
	/* Each passes the check the loader applies. */
	assert_int_equal(cks_channel_plugin_check(counter, why, sizeof(why)), 0);
	assert_int_equal(cks_channel_plugin_check(hotline, why, sizeof(why)), 0);
	assert_int_equal(cks_channel_plugin_check(chat, why, sizeof(why)), 0);
	cks_channels_free(&channels);
}

static void
test_find_step(void **state)
{
	struct cks_channels *channels = test_channels_load();
	const struct cks_channel_plugin *counter =
	    cks_channels_find(channels, "counter");
	const struct cks_step *step;
	size_t index = 99;

	step = cks_channel_find_step(counter, "greet", &index);
	assert_non_null(step);
	assert_string_equal(step->id, "greet");
	assert_int_equal(index, 0);
	step = cks_channel_find_step(counter, "client_check", &index);
	assert_non_null(step);
	assert_int_equal(index, 4);
	assert_int_equal(step->actor, CKS_ACTOR_CLIENT);
	assert_int_equal(step->timed, 0);
	/* By 1-based number. */
	step = cks_channel_find_step(counter, "1", &index);
	assert_ptr_equal(step, &counter->steps[0]);
	assert_int_equal(index, 0);
	step = cks_channel_find_step(counter, "8", &index);
	assert_ptr_equal(step, &counter->steps[7]);
	assert_string_equal(step->id, "thank");
	assert_int_equal(index, 7);
	step = cks_channel_find_step(counter, "3", NULL);
	assert_string_equal(step->id, "in_depth_advice");
	/* Not steps. */
	index = 99;
	assert_null(cks_channel_find_step(counter, "0", &index));
	assert_null(cks_channel_find_step(counter, "9", &index));
	assert_null(cks_channel_find_step(counter, "abc", &index));
	assert_null(cks_channel_find_step(counter, "", &index));
	assert_null(cks_channel_find_step(counter, "-1", &index));
	assert_null(cks_channel_find_step(counter, "+1", &index));
	assert_null(cks_channel_find_step(counter, " 1", &index));
	assert_null(cks_channel_find_step(counter, "1x", &index));
	assert_null(cks_channel_find_step(counter, "18446744073709551617", &index));
	assert_null(cks_channel_find_step(counter, "GREET", &index));
	assert_null(cks_channel_find_step(counter, "welcome", &index));
	assert_int_equal(index, 99);            /* untouched on a miss */
	cks_channels_free(&channels);
}

static void
test_find_option(void **state)
{
	struct cks_channels *channels = test_channels_load();
	const struct cks_channel_plugin *counter =
	    cks_channels_find(channels, "counter");
	const struct cks_channel_plugin *hotline =
	    cks_channels_find(channels, "hotline1169");
	const struct cks_rating_option *o;

	o = cks_channel_find_option(counter, 5);
	assert_non_null(o);
	assert_string_equal(o->label.th, "มากที่สุด");
	assert_true(o->satisfied);
	o = cks_channel_find_option(counter, 3);
	assert_non_null(o);
	assert_false(o->satisfied);
	assert_null(cks_channel_find_option(counter, 0));
	assert_null(cks_channel_find_option(counter, 6));
	assert_null(cks_channel_find_option(counter, -1));
	o = cks_channel_find_option(hotline, 3);
	assert_non_null(o);
	assert_string_equal(o->label.en, "Not satisfied");
	assert_null(cks_channel_find_option(hotline, 4));
	cks_channels_free(&channels);
}

static void
test_counter_to_json(void **state)
{
	struct cks_channels *channels = test_channels_load();
	const struct cks_channel_plugin *counter =
	    cks_channels_find(channels, "counter");
	json_t *j = cks_channel_to_json(counter);
	json_t *steps, *scale, *step, *option;

	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "id")), "counter");
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(j, "name"), "en")), "Counter (walk-in advisory)");
	assert_int_equal(json_integer_value(json_object_get(j, "target_percent")),
	    85);
	steps = json_object_get(j, "steps");
	scale = json_object_get(j, "scale");
	assert_true(json_is_array(steps));
	assert_true(json_is_array(scale));
	assert_int_equal(json_array_size(steps), 8);
	assert_int_equal(json_array_size(scale), 5);
	assert_int_equal(json_integer_value(json_object_get(
	    json_array_get(steps, 4), "target_percent")), 100);
	assert_true(json_is_null(json_object_get(json_array_get(steps, 5),
	    "target_percent")));

	step = json_array_get(steps, 1);
	assert_int_equal(json_integer_value(json_object_get(step, "number")), 2);
	assert_string_equal(json_string_value(json_object_get(step, "id")),
	    "preliminary_questions");
	assert_string_equal(json_string_value(json_object_get(step, "actor")),
	    "agent");
	assert_int_equal(json_integer_value(json_object_get(
	    json_object_get(step, "standard"), "min_seconds")), 300);
	assert_int_equal(json_integer_value(json_object_get(
	    json_object_get(step, "standard"), "max_seconds")), 1200);
	assert_true(json_is_true(json_object_get(step, "timed")));
	step = json_array_get(steps, 4);
	assert_string_equal(json_string_value(json_object_get(step, "actor")),
	    "client");
	assert_true(json_is_false(json_object_get(step, "timed")));
	/* print_summary has no standard. */
	step = json_array_get(steps, 5);
	assert_string_equal(json_string_value(json_object_get(step, "id")),
	    "print_summary");
	assert_true(json_is_null(json_object_get(step, "standard")));
	assert_non_null(json_string_value(json_object_get(
	    json_object_get(step, "text"), "th")));

	option = json_array_get(scale, 0);
	assert_int_equal(json_integer_value(json_object_get(option, "code")), 5);
	assert_true(json_is_true(json_object_get(option, "satisfied")));
	/* the level's words, every one of the plugin's lists (the lists
	 * grow with the reader's vocabulary: their first words are fixed) */
	{
		json_t *th = json_object_get(json_object_get(option, "words"), "th");
		json_t *en = json_object_get(json_object_get(option, "words"), "en");

		assert_true(json_array_size(th) >= 12);
		assert_true(json_array_size(en) >= 12);
		assert_string_equal(json_string_value(json_array_get(th, 0)), "ดีมาก");
		assert_string_equal(json_string_value(json_array_get(en, 0)), "excellent");
	}
	option = json_array_get(scale, 4);
	assert_int_equal(json_integer_value(json_object_get(option, "code")), 1);
	assert_true(json_is_false(json_object_get(option, "satisfied")));
	json_decref(j);
	cks_channels_free(&channels);
}

/* --- loading a directory --------------------------------------------------- */

static void
test_load_missing_directory(void **state)
{
	struct cks_channels *channels = (struct cks_channels *)1;
	struct cks_error err;
	char *dir = test_path("no-such-plugin-dir");

	cks_error_clear(&err);
	assert_int_equal(cks_channels_load(dir, &channels, &err), -1);
	assert_null(channels);
	assert_int_not_equal(err.kind, CKS_ERROR_NONE);
	assert_non_null(strstr(err.message, dir));
	free(dir);
}

static void
test_load_empty_directory(void **state)
{
	struct cks_channels *channels = NULL;
	struct cks_error err;
	char *dir = test_path("empty-plugin-dir");
	char *other = test_path("empty-plugin-dir/README");
	char *hidden = test_path("empty-plugin-dir/.hidden.so");

	assert_int_equal(mkdir(dir, 0700), 0);
	/* Files that are not *.so, and hidden ones, are not looked at. */
	test_write_file(other, "not a plugin\n");
	test_write_file(hidden, "not a plugin either\n");
	assert_int_equal(cks_channels_load(dir, &channels, &err), 0);
	assert_non_null(channels);
	assert_int_equal(channels->count, 0);
	assert_int_equal(channels->refusal_count, 0);
	assert_null(cks_channels_find(channels, "counter"));
	cks_channels_free(&channels);
	free(dir);
	free(other);
	free(hidden);
}

static void
test_load_refuses_bad_files(void **state)
{
	struct cks_channels *channels = NULL;
	struct cks_error err;
	char *dir = test_path("bad-plugin-dir");
	char *junk = test_path("bad-plugin-dir/junk.so");
	char *writable = test_path("bad-plugin-dir/writable.so");

	assert_int_equal(mkdir(dir, 0700), 0);
	test_write_file(junk, "this is not an ELF object\n");
	assert_int_equal(chmod(junk, 0644), 0);
	test_write_file(writable, "group-writable\n");
	assert_int_equal(chmod(writable, 0666), 0);
	/* Refused, with reasons, but the load itself succeeds. */
	assert_int_equal(cks_channels_load(dir, &channels, &err), 0);
	assert_int_equal(channels->count, 0);
	assert_int_equal(channels->refusal_count, 2);
	assert_string_equal(channels->refusals[0].path, junk);
	assert_non_null(strstr(channels->refusals[0].reason, "cannot load"));
	assert_string_equal(channels->refusals[1].path, writable);
	assert_non_null(strstr(channels->refusals[1].reason, "by group or others"));
	cks_channels_free(&channels);
	free(dir);
	free(junk);
	free(writable);
}

/* --- the descriptor check, on hand-made descriptors ----------------------- */

static const struct cks_step good_steps[] = {
	{
		.id = "greet", .actor = CKS_ACTOR_AGENT,
		.text = { .th = "กล่าวทักทาย", .en = "Greet" },
		.min_seconds = 0, .max_seconds = 30, .timed = 1,
	},
	{
		.id = "client_check", .actor = CKS_ACTOR_CLIENT,
		.text = { .th = "ตรวจสอบ", .en = "Check" },
		.min_seconds = CKS_DURATION_NONE, .max_seconds = CKS_DURATION_NONE,
		.timed = 0,
	},
};

static const char *const yes_th[] = { "ดี", NULL };
static const char *const yes_en[] = { "good", "ok", NULL };

static const struct cks_rating_option good_scale[] = {
	{ .code = 1, .label = { .th = "พอใจ", .en = "Satisfied" }, .satisfied = 1,
	  .words_th = yes_th, .words_en = yes_en },
	{ .code = 2, .label = { .th = "ไม่พอใจ", .en = "Not satisfied" },
	  .satisfied = 0 },
};

static const struct cks_channel_plugin good = {
	CKS_PLUGIN_HEADER,
	.id = "test_channel-1",
	.name = { .th = "ช่องทางทดสอบ", .en = "Test channel" },
	.steps = good_steps,
	.step_count = CKS_COUNT_OF(good_steps),
	.scale = good_scale,
	.scale_count = CKS_COUNT_OF(good_scale),
	.target_percent = 85,
};

/* The check must refuse p with a reason holding word. */
static void
refused(const struct cks_channel_plugin *p, const char *word)
{
	char why[512];

	why[0] = '\0';
	if (cks_channel_plugin_check(p, why, sizeof(why)) != -1)
		fail_msg("descriptor accepted; expected a refusal about '%s'", word);
	if (strstr(why, word) == NULL)
		fail_msg("reason '%s' does not say '%s'", why, word);
}

static void
test_check_valid(void **state)
{
	struct cks_channel_plugin p = good;
	char why[512] = "untouched";

	assert_int_equal(cks_channel_plugin_check(&good, why, sizeof(why)), 0);
	/* Boundaries that are still fine. */
	p.target_percent = 1;
	assert_int_equal(cks_channel_plugin_check(&p, why, sizeof(why)), 0);
	p.target_percent = 100;
	assert_int_equal(cks_channel_plugin_check(&p, why, sizeof(why)), 0);
	/* A newer minor version, with a larger descriptor, loads too. */
	p.abi_minor = 7;
	p.size = sizeof(struct cks_channel_plugin) + 64;
	assert_int_equal(cks_channel_plugin_check(&p, why, sizeof(why)), 0);
	/* An ABI 1.0 descriptor as small as it can be. */
	p.size = offsetof(struct cks_channel_plugin, target_percent) +
	    sizeof(uint32_t);
	assert_int_equal(cks_channel_plugin_check(&p, why, sizeof(why)), 0);
}

static void
test_check_header(void **state)
{
	struct cks_channel_plugin p;

	refused(NULL, "NULL");
	p = good;
	p.abi_major = 2;
	refused(&p, "ABI");
	p = good;
	p.abi_major = 0;
	refused(&p, "ABI");
	p = good;
	p.size = offsetof(struct cks_channel_plugin, target_percent);
	refused(&p, "size");
	p = good;
	p.size = 8;
	refused(&p, "size");
}

static void
test_check_ids_and_names(void **state)
{
	struct cks_channel_plugin p;

	p = good;
	p.id = NULL;
	refused(&p, "channel id");
	p = good;
	p.id = "";
	refused(&p, "channel id");
	p = good;
	p.id = "Counter";
	refused(&p, "channel id");
	p = good;
	p.id = "has space";
	refused(&p, "channel id");
	p = good;
	p.id = "../counter";
	refused(&p, "channel id");
	p = good;
	p.id = "abcdefghijklmnopqrstuvwxyz0123456";     /* 33 bytes */
	refused(&p, "channel id");
	p = good;
	p.name.th = "";
	refused(&p, "name");
	p = good;
	p.name.en = NULL;
	refused(&p, "name");
}

static void
test_check_steps(void **state)
{
	struct cks_channel_plugin p;
	struct cks_step steps[2];

	p = good;
	p.steps = NULL;
	refused(&p, "no steps");
	p = good;
	p.step_count = 0;                   /* steps stays non-NULL */
	refused(&p, "no steps");

	/* min > max */
	memcpy(steps, good_steps, sizeof(steps));
	steps[0].min_seconds = 60;
	steps[0].max_seconds = 30;
	p = good;
	p.steps = steps;
	refused(&p, "min");
	/* Only one bound given. */
	memcpy(steps, good_steps, sizeof(steps));
	steps[0].min_seconds = CKS_DURATION_NONE;
	steps[0].max_seconds = 30;
	refused(&p, "one end");
	memcpy(steps, good_steps, sizeof(steps));
	steps[1].min_seconds = 0;
	steps[1].max_seconds = CKS_DURATION_NONE;
	refused(&p, "one end");
	/* Negative bounds other than "none". */
	memcpy(steps, good_steps, sizeof(steps));
	steps[0].min_seconds = -5;
	steps[0].max_seconds = 30;
	refused(&p, "negative");
	/* Duplicate id. */
	memcpy(steps, good_steps, sizeof(steps));
	steps[1].id = "greet";
	refused(&p, "duplicate step id");
	/* Bad id. */
	memcpy(steps, good_steps, sizeof(steps));
	steps[1].id = "Greet!";
	refused(&p, "step 2");
	memcpy(steps, good_steps, sizeof(steps));
	steps[0].id = NULL;
	refused(&p, "step 1");
	/* Bad actor. */
	memcpy(steps, good_steps, sizeof(steps));
	steps[0].actor = (enum cks_actor)3;
	refused(&p, "actor");
	memcpy(steps, good_steps, sizeof(steps));
	steps[1].actor = (enum cks_actor)0;
	refused(&p, "actor");
	/* Text. */
	memcpy(steps, good_steps, sizeof(steps));
	steps[0].text.th = "";
	refused(&p, "Thai");
	memcpy(steps, good_steps, sizeof(steps));
	steps[0].text.th = NULL;
	refused(&p, "Thai");
	memcpy(steps, good_steps, sizeof(steps));
	steps[1].text.en = "bad \xc0\x80 text";
	refused(&p, "UTF-8");
	memcpy(steps, good_steps, sizeof(steps));
	steps[1].text.th = "\xe0\xb8";               /* cut in the middle */
	refused(&p, "UTF-8");
	memcpy(steps, good_steps, sizeof(steps));
	steps[1].text.en = "two\nlines";
	refused(&p, "client_check");
}

static void
test_check_scale(void **state)
{
	struct cks_channel_plugin p;
	struct cks_rating_option scale[2];
	static const char *const empty_word[] = { "ok", "", NULL };

	p = good;
	p.scale = NULL;
	refused(&p, "scale is empty");
	p = good;
	p.scale_count = 0;
	refused(&p, "scale is empty");

	p = good;
	p.scale = scale;
	/* Nobody is ever satisfied. */
	memcpy(scale, good_scale, sizeof(scale));
	scale[0].satisfied = 0;
	refused(&p, "satisfied");
	/* Duplicate code. */
	memcpy(scale, good_scale, sizeof(scale));
	scale[1].code = 1;
	refused(&p, "duplicate rating code");
	/* Codes are keypad digits 0..9. */
	memcpy(scale, good_scale, sizeof(scale));
	scale[1].code = 10;
	refused(&p, "code 10");
	memcpy(scale, good_scale, sizeof(scale));
	scale[0].code = -1;
	refused(&p, "outside");
	memcpy(scale, good_scale, sizeof(scale));
	scale[1].code = 0;                  /* 0 is a digit: fine */
	assert_int_equal(cks_channel_plugin_check(&p, (char[64]){ 0 }, 64), 0);
	/* Labels and words. */
	memcpy(scale, good_scale, sizeof(scale));
	scale[1].label.th = "";
	refused(&p, "label");
	memcpy(scale, good_scale, sizeof(scale));
	scale[0].words_en = empty_word;
	refused(&p, "word 2");
}

static void
test_check_target(void **state)
{
	struct cks_channel_plugin p = good;

	p.target_percent = 0;
	refused(&p, "target");
	p.target_percent = 101;
	refused(&p, "target");
}

static void
test_check_reason_fits(void **state)
{
	struct cks_channel_plugin p = good;
	char why[16];

	/* A small buffer is filled, not overrun. */
	memset(why, 'X', sizeof(why));
	p.abi_major = 2;
	assert_int_equal(cks_channel_plugin_check(&p, why, sizeof(why)), -1);
	assert_int_equal(strlen(why), sizeof(why) - 1);
}

/* --- element structs that grew, or did not ---------------------------------- */

/* A plugin built by a header whose step and option were as small as ABI
 * 1.0 allows (no tail padding): the loader walks the arrays by those
 * sizes, and the copy's bytes the plugin did not have are zero. */
static void
test_copy_old_size_elements(void **state)
{
	const size_t step_size = offsetof(struct cks_step, timed) + 1;
	const size_t option_size = offsetof(struct cks_rating_option, words_en) +
	    sizeof(const char *const *);
	unsigned char steps[2 * sizeof(struct cks_step)];
	unsigned char scale[2 * sizeof(struct cks_rating_option)];
	struct cks_channel_plugin p = good;
	struct cks_channel_plugin *c;
	char why[512] = "";

	memset(steps, 0xee, sizeof(steps));
	memset(scale, 0xee, sizeof(scale));
	for (size_t i = 0; i < 2; i++) {
		memcpy(steps + i * step_size, &good_steps[i], step_size);
		memcpy(scale + i * option_size, &good_scale[i], option_size);
	}
	p.steps = (const struct cks_step *)(const void *)steps;
	p.scale = (const struct cks_rating_option *)(const void *)scale;
	p.step_size = (uint32_t)step_size;
	p.option_size = (uint32_t)option_size;
	c = cks_channel_plugin_copy(&p, why, sizeof(why));
	if (c == NULL)
		fail_msg("refused: %s", why);
	assert_int_equal(c->step_size, sizeof(struct cks_step));
	assert_int_equal(c->option_size, sizeof(struct cks_rating_option));
	assert_string_equal(c->steps[1].id, "client_check");
	assert_int_equal(c->steps[1].actor, CKS_ACTOR_CLIENT);
	assert_int_equal(c->steps[1].min_seconds, CKS_DURATION_NONE);
	assert_int_equal(c->steps[0].max_seconds, 30);
	assert_int_equal(c->steps[0].timed, 1);
	assert_int_equal(c->scale[1].code, 2);
	assert_string_equal(c->scale[0].words_en[1], "ok");
	assert_null(c->scale[1].words_th);
	/* Past what the plugin had: zero, not the 0xee that followed. */
	for (size_t i = step_size; i < sizeof(struct cks_step); i++)
		assert_int_equal(((unsigned char *)&c->steps[1])[i], 0);
	for (size_t i = option_size; i < sizeof(struct cks_rating_option); i++)
		assert_int_equal(((unsigned char *)&c->scale[1])[i], 0);
	assert_int_equal(cks_channel_plugin_check(&p, why, sizeof(why)), 0);
	free(c);

	/* Smaller than ABI 1.0 allows: refused, never read past. */
	p.step_size = (uint32_t)step_size - 1;
	refused(&p, "step size");
	p.step_size = (uint32_t)step_size;
	p.option_size = (uint32_t)offsetof(struct cks_rating_option, words_en);
	refused(&p, "rating option size");
	p.option_size = 1u << 20;
	refused(&p, "rating option size");
}

/* ABI 1.1's step target: read from a 1.1 descriptor, checked (0..100),
 * and never read from a 1.0 one, whose element ends at `timed`. */
static void
test_copy_step_targets(void **state)
{
	struct cks_step steps[2];
	struct cks_channel_plugin p = good;
	struct cks_channel_plugin *c;
	char why[512] = "";

	memcpy(steps, good_steps, sizeof(steps));
	steps[1].target_percent = 100;
	p.steps = steps;
	c = cks_channel_plugin_copy(&p, why, sizeof(why));
	if (c == NULL)
		fail_msg("refused: %s", why);
	assert_int_equal(c->steps[0].target_percent, 0);
	assert_int_equal(c->steps[1].target_percent, 100);
	free(c);

	steps[1].target_percent = 101;
	refused(&p, "target 101");

	/* 1.0: the same bytes, but the plugin's minor says they are not its. */
	steps[1].target_percent = 0xeeeeeeeeu;
	p.abi_minor = 0;
	c = cks_channel_plugin_copy(&p, why, sizeof(why));
	if (c == NULL)
		fail_msg("refused: %s", why);
	assert_int_equal(c->steps[1].target_percent, 0);
	assert_string_equal(c->steps[1].id, "client_check");
	free(c);
}

/* A plugin built by a later 1.x header whose steps and options have more
 * fields: the same channel comes out, the new fields left behind. */
static void
test_copy_grown_elements(void **state)
{
	struct step_1_5 {
		struct cks_step v1_0;
		uint64_t later;
	} steps[2];
	struct option_1_5 {
		struct cks_rating_option v1_0;
		const char *later;
	} scale[2];
	struct cks_channel_plugin p = good;
	struct cks_channel_plugin *c;
	char why[512] = "";

	for (size_t i = 0; i < 2; i++) {
		steps[i].v1_0 = good_steps[i];
		steps[i].later = 0xffffffffffffffffu;
		scale[i].v1_0 = good_scale[i];
		scale[i].later = "later";
	}
	p.abi_minor = 5;
	p.steps = &steps[0].v1_0;
	p.scale = &scale[0].v1_0;
	p.step_size = sizeof(steps[0]);
	p.option_size = sizeof(scale[0]);
	c = cks_channel_plugin_copy(&p, why, sizeof(why));
	if (c == NULL)
		fail_msg("refused: %s", why);
	assert_int_equal(c->abi_minor, 5);
	assert_string_equal(c->steps[1].id, "client_check");
	assert_string_equal(c->scale[1].label.en, "Not satisfied");
	assert_int_equal(c->scale[1].code, 2);
	free(c);
}

/* --- loading fixtures from tests/plugins/fixture.c --------------------------- */

/* Copies the built fixture NAME.so into dir, mode 0644. */
static void
add_fixture(const char *dir, const char *name)
{
	char from[4096], to[4096], buf[8192];
	FILE *in, *out;
	size_t n;

	snprintf(from, sizeof(from), "%s/%s.so", CKS_TEST_FIXTURE_DIR, name);
	snprintf(to, sizeof(to), "%s/%s.so", dir, name);
	in = fopen(from, "rb");
	if (in == NULL)
		fail_msg("cannot read %s (make check builds it)", from);
	out = fopen(to, "wb");
	assert_non_null(out);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
	assert_int_equal(chmod(to, 0644), 0);
}

static void
test_wrong_stamp_runs_no_code(void **state)
{
	struct cks_channels *channels = NULL;
	struct cks_error err;
	char *dir = test_path("stamp-dir");
	char *ran = test_path("stamp-dir-ran");
	char *control = test_path("marker-dir");
	char *marker = test_path("marker-ran");
	const char *reason;

	/* The control: the same constructor with the right stamp does run,
	 * so the marker's absence below means something. */
	assert_int_equal(mkdir(control, 0700), 0);
	add_fixture(control, "marker");
	setenv("CKS_TEST_MARKER", marker, 1);
	assert_int_equal(cks_channels_load(control, &channels, &err), 0);
	assert_int_equal(channels->count, 1);
	assert_string_equal(channels->channels[0].plugin->id, "marker");
	assert_int_equal(access(marker, F_OK), 0);
	cks_channels_free(&channels);

	assert_int_equal(mkdir(dir, 0700), 0);
	add_fixture(dir, "wrong_stamp");
	setenv("CKS_TEST_MARKER", ran, 1);
	assert_int_equal(cks_channels_load(dir, &channels, &err), 0);
	assert_int_equal(channels->count, 0);
	assert_int_equal(channels->refusal_count, 1);
	reason = channels->refusals[0].reason;
	assert_non_null(strstr(reason, "built for plugin ABI 2.0"));
	assert_non_null(strstr(reason, "this cksgate has ABI 1.1"));
	assert_non_null(strstr(reason, "wrong_stamp.so"));
	assert_non_null(strstr(reason, "before any of its code ran"));
	/* Neither the probe child nor we ran its constructor. */
	assert_int_equal(access(ran, F_OK), -1);
	unsetenv("CKS_TEST_MARKER");
	cks_channels_free(&channels);
	free(dir);
	free(ran);
	free(control);
	free(marker);
}

static void
test_newer_minor_fixture_loads(void **state)
{
	struct cks_channels *channels = NULL;
	struct cks_error err;
	char *dir = test_path("newer-dir");
	const struct cks_channel_plugin *p;

	assert_int_equal(mkdir(dir, 0700), 0);
	add_fixture(dir, "abi_minor_newer");
	assert_int_equal(cks_channels_load(dir, &channels, &err), 0);
	assert_int_equal(channels->refusal_count, 0);
	p = cks_channels_find(channels, "newer");
	assert_non_null(p);
	/* Its steps and options are larger than ours: walked by its sizes. */
	assert_int_equal(p->abi_minor, CKS_PLUGIN_ABI_MINOR + 3);
	assert_int_equal(p->step_count, 2);
	assert_string_equal(p->steps[1].id, "client_rows");
	assert_int_equal(p->steps[0].max_seconds, 90);
	assert_int_equal(p->scale[1].code, 0);
	assert_string_equal(p->scale[0].words_en[1], "smooth");
	cks_channels_free(&channels);
	free(dir);
}

/* A plugin built against the 1.0 header loads, its steps with no target
 * of their own whatever its element's tail holds; a 1.1 plugin's step
 * target is read. */
static void
test_abi_1_0_fixture_has_no_step_targets(void **state)
{
	struct cks_channels *channels = NULL;
	struct cks_error err;
	char *dir = test_path("abi-1-0-dir");
	const struct cks_channel_plugin *old, *river;
	json_t *j;

	assert_int_equal(mkdir(dir, 0700), 0);
	add_fixture(dir, "abi_1_0");
	add_fixture(dir, "good_river");
	assert_int_equal(cks_channels_load(dir, &channels, &err), 0);
	assert_int_equal(channels->refusal_count, 0);
	old = cks_channels_find(channels, "old_river");
	assert_non_null(old);
	assert_int_equal(old->abi_minor, 0);
	assert_int_equal(old->step_count, 2);
	assert_string_equal(old->steps[0].id, "launch_boat");
	assert_int_equal(old->steps[0].max_seconds, 90);
	assert_int_equal(old->steps[0].timed, 1);
	assert_int_equal(old->steps[0].target_percent, 0);
	assert_int_equal(old->steps[1].target_percent, 0);
	j = cks_channel_to_json(old);
	assert_true(json_is_null(json_object_get(json_array_get(
	    json_object_get(j, "steps"), 0), "target_percent")));
	json_decref(j);

	river = cks_channels_find(channels, "river");
	assert_non_null(river);
	assert_int_equal(river->abi_minor, CKS_PLUGIN_ABI_MINOR);
	assert_int_equal(river->steps[0].target_percent, 90);
	assert_int_equal(river->steps[1].target_percent, 0);
	cks_channels_free(&channels);
	free(dir);
}

static void
test_user_dir_adds_to_shipped(void **state)
{
	struct cks_channels *channels = NULL;
	struct cks_error err;
	char *dir = test_path("user-plugins");
	char shipped_counter[4096];
	const char *dirs[] = { CKS_TEST_PLUGIN_DIR, dir, NULL };

	assert_int_equal(mkdir(dir, 0700), 0);
	add_fixture(dir, "good_river");
	add_fixture(dir, "zz_duplicate_counter");
	assert_int_equal(cks_channels_load_dirs(dirs, NULL, &channels, &err), 0);
	/* The shipped three, then the user's, each directory in name order. */
	assert_int_equal(channels->count, 4);
	assert_string_equal(channels->channels[0].plugin->id, "chat");
	assert_string_equal(channels->channels[1].plugin->id, "counter");
	assert_string_equal(channels->channels[2].plugin->id, "hotline1169");
	assert_string_equal(channels->channels[3].plugin->id, "river");
	/* A user plugin cannot replace a shipped channel unseen. */
	snprintf(shipped_counter, sizeof(shipped_counter),
	    "duplicate channel id 'counter' (already loaded from %s/counter.so)",
	    CKS_TEST_PLUGIN_DIR);
	assert_int_equal(channels->refusal_count, 1);
	assert_non_null(strstr(channels->refusals[0].path, "zz_duplicate_counter.so"));
	assert_non_null(strstr(channels->refusals[0].reason, shipped_counter));
	cks_channels_free(&channels);

	/* A user directory that cannot be read fails the load, naming it. */
	dirs[1] = "/nonexistent/cks-user-plugins";
	assert_int_equal(cks_channels_load_dirs(dirs, NULL, &channels, &err), -1);
	assert_null(channels);
	assert_non_null(strstr(err.message, "/nonexistent/cks-user-plugins"));
	free(dir);
}

static void
test_free_null(void **state)
{
	struct cks_channels *channels = NULL;

	cks_channels_free(&channels);
	assert_null(channels);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_abi_stamp),
		cmocka_unit_test(test_load_tree_plugins),
		cmocka_unit_test(test_tree_plugins_content),
		cmocka_unit_test(test_find_step),
		cmocka_unit_test(test_find_option),
		cmocka_unit_test(test_counter_to_json),
		cmocka_unit_test(test_load_missing_directory),
		cmocka_unit_test(test_load_empty_directory),
		cmocka_unit_test(test_load_refuses_bad_files),
		cmocka_unit_test(test_check_valid),
		cmocka_unit_test(test_check_header),
		cmocka_unit_test(test_check_ids_and_names),
		cmocka_unit_test(test_check_steps),
		cmocka_unit_test(test_check_scale),
		cmocka_unit_test(test_check_target),
		cmocka_unit_test(test_check_reason_fits),
		cmocka_unit_test(test_copy_old_size_elements),
		cmocka_unit_test(test_copy_step_targets),
		cmocka_unit_test(test_copy_grown_elements),
		cmocka_unit_test(test_wrong_stamp_runs_no_code),
		cmocka_unit_test(test_newer_minor_fixture_loads),
		cmocka_unit_test(test_abi_1_0_fixture_has_no_step_targets),
		cmocka_unit_test(test_user_dir_adds_to_shipped),
		cmocka_unit_test(test_free_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
