/*
 * Test fixture: a valid channel "lagoon" whose constructor starts a thread
 * that crashes (SIGSEGV) after CKS_TEST_CRASH_AFTER_MS milliseconds
 * (default 3000): it passes a quick probe and later takes the daemon down.
 * The daemon must log the fatal signal before it dies.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>

#include <cksgate/plugin.h>

static void *
crash_later(void *unused)
{
	const char *env = getenv("CKS_TEST_CRASH_AFTER_MS");
	long ms = env != NULL ? atol(env) : 3000;
	struct timespec pause = { ms / 1000, (ms % 1000) * 1000000L };
	int *volatile nowhere = NULL;

	(void)unused;
	nanosleep(&pause, NULL);
	*nowhere = 1;
	raise(SIGSEGV);
	return NULL;
}

__attribute__((constructor)) static void
start(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, crash_later, NULL) == 0)
		pthread_detach(t);
}

static const struct cks_step steps[] = {
	{
		.id = "paddle", .actor = CKS_ACTOR_AGENT,
		.text = { .th = "พายเรือ", .en = "Paddle" },
		.min_seconds = CKS_DURATION_NONE, .max_seconds = CKS_DURATION_NONE,
		.timed = 0,
	},
};

static const struct cks_rating_option scale[] = {
	{ .code = 1, .label = { .th = "ดี", .en = "Good" }, .satisfied = 1 },
	{ .code = 0, .label = { .th = "ไม่ดี", .en = "Bad" }, .satisfied = 0 },
};

static const struct cks_channel_plugin descriptor = {
	CKS_PLUGIN_HEADER,
	.id = "lagoon",
	.name = { .th = "ทะเลสาบ", .en = "Lagoon" },
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
