/* Test fixture: two rating options share code 1. */
#include <cksgate/plugin.h>

static const struct cks_step steps[] = {
	{
		.id = "only_step",
		.actor = CKS_ACTOR_AGENT,
		.text = { .th = "ขั้นตอนเดียว", .en = "The only step" },
		.min_seconds = 0,
		.max_seconds = 60,
		.timed = 1,
	},
};

static const struct cks_rating_option scale[] = {
	{ .code = 1, .label = { .th = "พอใจ", .en = "Satisfied" }, .satisfied = 1 },
	{ .code = 1, .label = { .th = "ไม่พอใจ", .en = "Not satisfied" }, .satisfied = 0 },
};

static const struct cks_channel_plugin descriptor = {
	CKS_PLUGIN_HEADER,
	.id = "duplicate_codes",
	.name = { .th = "ทดสอบ", .en = "Test" },
	.steps = steps,
	.step_count = CKS_COUNT_OF(steps),
	.scale = scale,
	.scale_count = CKS_COUNT_OF(scale),
	.target_percent = 85,
};

const struct cks_channel_plugin *
cks_channel_plugin(void)
{
	return &descriptor;
}
