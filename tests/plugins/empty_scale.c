/* Test fixture: a channel whose rating scale is empty. */
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

static const struct cks_channel_plugin descriptor = {
	CKS_PLUGIN_HEADER,
	.id = "empty_scale",
	.name = { .th = "ทดสอบ", .en = "Test" },
	.steps = steps,
	.step_count = CKS_COUNT_OF(steps),
	.scale = NULL,
	.scale_count = 0,
	.target_percent = 85,
};

const struct cks_channel_plugin *
cks_channel_plugin(void)
{
	return &descriptor;
}
