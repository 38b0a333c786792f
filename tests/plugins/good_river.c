/*
 * Test fixture: a valid custom channel "river", written the way an
 * integrator would, against the installed <cksgate/plugin.h> only.
 * Two steps (one timed agent step with a range, one untimed client step
 * with no standard), a two-option scale with one satisfied option.
 */
#include <cksgate/plugin.h>

static const struct cks_step steps[] = {
	{
		.id = "launch_boat",
		.actor = CKS_ACTOR_AGENT,
		.text = {
			.th = "ปล่อยเรือลงแม่น้ำ",
			.en = "Launch the boat",
		},
		.min_seconds = 60,
		.max_seconds = 90,
		.timed = 1,
	},
	{
		.id = "client_rows",
		.actor = CKS_ACTOR_CLIENT,
		.text = {
			.th = "ผู้ขอรับบริการพายเรือ",
			.en = "The client rows",
		},
		.min_seconds = CKS_DURATION_NONE,
		.max_seconds = CKS_DURATION_NONE,
		.timed = 0,
	},
};

static const char *const calm_th[] = { "สงบ", NULL };
static const char *const calm_en[] = { "calm", "smooth", NULL };

static const struct cks_rating_option scale[] = {
	{
		.code = 7,
		.label = { .th = "น้ำนิ่ง", .en = "Calm water" },
		.satisfied = 1,
		.words_th = calm_th,
		.words_en = calm_en,
	},
	{
		.code = 0,
		.label = { .th = "น้ำเชี่ยว", .en = "Rapids" },
		.satisfied = 0,
		.words_th = NULL,
		.words_en = NULL,
	},
};

static const struct cks_channel_plugin descriptor = {
	CKS_PLUGIN_HEADER,
	.id = "river",
	.name = { .th = "ท่าเรือแม่น้ำ", .en = "River pier" },
	.steps = steps,
	.step_count = CKS_COUNT_OF(steps),
	.scale = scale,
	.scale_count = CKS_COUNT_OF(scale),
	.target_percent = 70,
};

const struct cks_channel_plugin *
cks_channel_plugin(void)
{
	return &descriptor;
}
