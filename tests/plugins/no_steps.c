/* Test fixture: a channel with no steps. */
#include <cksgate/plugin.h>

static const struct cks_rating_option scale[] = {
	{ .code = 1, .label = { .th = "พอใจ", .en = "Satisfied" }, .satisfied = 1 },
	{ .code = 2, .label = { .th = "ไม่พอใจ", .en = "Not satisfied" }, .satisfied = 0 },
};

static const struct cks_channel_plugin descriptor = {
	CKS_PLUGIN_HEADER,
	.id = "no_steps",
	.name = { .th = "ทดสอบ", .en = "Test" },
	.steps = NULL,
	.step_count = 0,
	.scale = scale,
	.scale_count = CKS_COUNT_OF(scale),
	.target_percent = 85,
};

const struct cks_channel_plugin *
cks_channel_plugin(void)
{
	return &descriptor;
}
