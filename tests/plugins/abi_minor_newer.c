/*
 * Test fixture: a plugin built against a newer minor version of ABI 1
 * (1.3), whose descriptor is larger because that version appended fields.
 * The header promises that such a plugin keeps loading in this cksgate,
 * which reads only the ABI 1.0 fields it knows.
 */
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
	{ .code = 2, .label = { .th = "ไม่พอใจ", .en = "Not satisfied" }, .satisfied = 0 },
};

/* What a 1.3 descriptor might look like: 1.0's fields, then new hooks. */
struct newer_descriptor {
	struct cks_channel_plugin v1_0;
	void (*future_hook)(void);
	unsigned long future_flags;
};

static void
future_hook(void)
{
}

static const struct newer_descriptor descriptor = {
	.v1_0 = {
		.abi_major = CKS_PLUGIN_ABI_MAJOR,
		.abi_minor = CKS_PLUGIN_ABI_MINOR + 3,
		.size = (uint32_t)sizeof(struct newer_descriptor),
		.id = "newer",
		.name = { .th = "รุ่นใหม่กว่า", .en = "Newer minor" },
		.steps = steps,
		.step_count = CKS_COUNT_OF(steps),
		.scale = scale,
		.scale_count = CKS_COUNT_OF(scale),
		.target_percent = 50,
	},
	.future_hook = future_hook,
	.future_flags = 0xffUL,
};

const struct cks_channel_plugin *
cks_channel_plugin(void)
{
	return &descriptor.v1_0;
}
