/* Test fixture: a rating scale in which no option counts as
 * satisfied, so the channel's satisfaction share could never be met. */
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
	{ .code = 1, .label = { .th = "พอใช้", .en = "Fair" }, .satisfied = 0 },
	{ .code = 2, .label = { .th = "ไม่พอใจ", .en = "Not satisfied" }, .satisfied = 0 },
};

static const struct cks_channel_plugin descriptor = {
	CKS_PLUGIN_HEADER,
	.id = "no_satisfied",
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
