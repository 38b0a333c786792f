/*
 * Every test fixture plugin comes from this one source, built with one
 * switch -DFIXTURE_<NAME>, where NAME is the fixture's file name in upper
 * case (FIXTURE_GOOD_RIVER makes good_river.so).  The e2e tests build them
 * out of tree against the installed SDK, as an integrator would
 * (tests/e2e/test_sdk.sh: build NAME DIR); Makefile.am builds the few the
 * unit tests load.  Without a switch it is the good plugin "river".
 *
 * Each fixture is the good plugin with the one fault it is named after,
 * so that the loader's reason for refusing it can only be that fault.
 * Plain C99 (the e2e build uses -std=c99 -pedantic -Werror); the
 * FIXTURE_NULL_ENTRY part is also valid C++ (built with g++ to show that
 * the header gives both exported symbols C linkage).
 */
#define _POSIX_C_SOURCE 200809L

#include <cksgate/plugin.h>

/* --- fixtures that are only an entry point --------------------------------- */

#if defined(FIXTURE_NULL_ENTRY)
/* The entry point is found but returns NULL (a plugin whose set-up failed). */
CKS_PLUGIN_ABI_DECLARE;

const struct cks_channel_plugin *
cks_channel_plugin(void)
{
	return 0;
}

#elif defined(FIXTURE_CRASH_IN_ENTRY)
/* The entry point dereferences a null pointer: refused as "crashed" by
 * the probe while cksctl and cksgated carry on with the others. */
#include <signal.h>

CKS_PLUGIN_ABI_DECLARE;

const struct cks_channel_plugin *
cks_channel_plugin(void)
{
	/* volatile: the compiler may not assume the load away. */
	const struct cks_channel_plugin *volatile nowhere = NULL;

	if (nowhere->id != NULL)
		return nowhere;
	raise(SIGSEGV);  /* not reached on any system that maps page 0 out */
	return NULL;
}

#elif defined(FIXTURE_EXIT_IN_ENTRY)
/* The entry point calls exit(0): a probe judged by exit status alone
 * passed it.  The probe child never reports that it loaded: refused. */
#include <stdlib.h>

CKS_PLUGIN_ABI_DECLARE;

const struct cks_channel_plugin *
cks_channel_plugin(void)
{
	exit(0);
}

#elif defined(FIXTURE_HANG_IN_ENTRY)
/* The entry point never returns: the probe gives up after its limit and
 * the verdict is cached, so only the first command pays the wait. */
#include <unistd.h>

CKS_PLUGIN_ABI_DECLARE;

const struct cks_channel_plugin *
cks_channel_plugin(void)
{
	for (;;)
		pause();
}

#else

/* --- fixtures with a descriptor -------------------------------------------- */

#include <stdio.h>
#include <stdlib.h>

#if defined(FIXTURE_CRASH_LATER)
/* A valid channel "lagoon" whose constructor starts a thread that crashes
 * after CKS_TEST_CRASH_AFTER_MS ms (default 3000): it passes a quick probe
 * and later takes the daemon down, which must log the fatal signal. */
#include <pthread.h>
#include <signal.h>
#include <time.h>

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
#endif

#if defined(FIXTURE_MARKER)
/* The constructor creates the file $CKS_TEST_MARKER: proof that the
 * object's code ran.  With FIXTURE_WRONG_STAMP as well, the loader must
 * refuse it before that can happen. */
__attribute__((constructor)) static void
mark(void)
{
	const char *path = getenv("CKS_TEST_MARKER");
	FILE *f = path != NULL ? fopen(path, "w") : NULL;

	if (f != NULL)
		fclose(f);
}
#endif

/* The ABI stamp. */
#if defined(FIXTURE_ABI_MAJOR_2) || defined(FIXTURE_WRONG_STAMP)
/* Built for plugin ABI 2.0, which this cksgate (ABI 1) must refuse. */
CKS_PLUGIN_EXPORT const uint32_t cks_plugin_abi = (uint32_t)2 << 16;
#elif defined(FIXTURE_ABI_MINOR_NEWER)
/* Built against a newer minor version of ABI 1 (1.3). */
CKS_PLUGIN_EXPORT const uint32_t cks_plugin_abi = CKS_PLUGIN_ABI_STAMP + 3;
#elif defined(FIXTURE_ABI_1_0)
/* Built against the ABI 1.0 header, before steps had targets. */
CKS_PLUGIN_EXPORT const uint32_t cks_plugin_abi = (uint32_t)1 << 16;
#elif defined(FIXTURE_NO_STAMP)
/* No stamp at all: a shared object that is not a plugin of this ABI. */
#else
CKS_PLUGIN_ABI_DECLARE;
#endif

/* The elements.  ABI_MINOR_NEWER's have grown the way a 1.3 header might
 * grow them: 1.0's fields, then new ones, which an older cksgate skips by
 * walking the arrays with the plugin's step_size and option_size. */
#if defined(FIXTURE_ABI_MINOR_NEWER)
struct step_1_3 {
	struct cks_step v1_0;
	uint64_t future_flags;
	const char *future_note;
};
struct option_1_3 {
	struct cks_rating_option v1_0;
	double future_weight;
};
#define STEP(...) { .v1_0 = { __VA_ARGS__ }, .future_flags = 0xffu, \
		    .future_note = "from ABI 1.3" }
#define OPTION(...) { .v1_0 = { __VA_ARGS__ }, .future_weight = 2.5 }
#define STEP_TYPE struct step_1_3
#define OPTION_TYPE struct option_1_3
#elif defined(FIXTURE_ABI_1_0)
/* The step as the 1.0 header had it, its tail (where 1.1 put
 * target_percent) spelt out and not zero, as a plugin written by hand
 * might leave it: the loader must read none of it. */
struct step_1_0 {
	const char *id;
	uint8_t actor;
	struct cks_text text;
	int32_t min_seconds;
	int32_t max_seconds;
	uint8_t timed;
	uint8_t tail[sizeof(struct cks_step) - offsetof(struct cks_step, timed) - 1];
};
#define STEP(...) { __VA_ARGS__, .tail = { 0xee, 0xee, 0xee, 0xee, 0xee, \
					    0xee, 0xee } }
#define OPTION(...) { __VA_ARGS__ }
#define STEP_TYPE struct step_1_0
#define OPTION_TYPE struct cks_rating_option
#define STEP_TARGET(percent)
#else
#define STEP(...) { __VA_ARGS__ }
#define OPTION(...) { __VA_ARGS__ }
#define STEP_TYPE struct cks_step
#define OPTION_TYPE struct cks_rating_option
#endif
#ifndef STEP_TARGET
/* ABI 1.1: the step's own target. */
#define STEP_TARGET(percent) , .target_percent = (percent)
#endif

#if !defined(FIXTURE_NO_STEPS)
/* The good plugin's steps: a timed agent step with a range, and an
 * untimed client step with no standard. */
static const STEP_TYPE steps[] = {
#if defined(FIXTURE_MIN_OVER_MAX)
	STEP(.id = "backwards", .actor = CKS_ACTOR_AGENT,
	     .text = { .th = "ขั้นตอนกลับด้าน", .en = "Backwards step" },
	     .min_seconds = 120, .max_seconds = 60, .timed = 1),
#else
	STEP(.id = "launch_boat", .actor = CKS_ACTOR_AGENT,
	     .text = { .th = "ปล่อยเรือลงแม่น้ำ", .en = "Launch the boat" },
	     .min_seconds = 60, .max_seconds = 90, .timed = 1
	     STEP_TARGET(90)),
#endif
	STEP(.id = "client_rows", .actor = CKS_ACTOR_CLIENT,
	     .text = { .th = "ผู้ขอรับบริการพายเรือ", .en = "The client rows" },
	     .min_seconds = CKS_DURATION_NONE, .max_seconds = CKS_DURATION_NONE,
	     .timed = 0),
};
#endif

#if !defined(FIXTURE_EMPTY_SCALE)
static const char *const calm_th[] = { "สงบ", NULL };
static const char *const calm_en[] = { "calm", "smooth", NULL };

#if defined(FIXTURE_NO_SATISFIED)
#define CALM_SATISFIED 0
#else
#define CALM_SATISFIED 1
#endif

/* Two options, in the order shown (7 before 0), one of them satisfied. */
static const OPTION_TYPE scale[] = {
	OPTION(.code = 7, .label = { .th = "น้ำนิ่ง", .en = "Calm water" },
	       .satisfied = CALM_SATISFIED,
	       .words_th = calm_th, .words_en = calm_en),
#if defined(FIXTURE_DUPLICATE_CODES)
	OPTION(.code = 7, .label = { .th = "น้ำเชี่ยว", .en = "Rapids" },
	       .satisfied = 0),
#else
	OPTION(.code = 0, .label = { .th = "น้ำเชี่ยว", .en = "Rapids" },
	       .satisfied = 0),
#endif
};
#endif

#if defined(FIXTURE_ABI_MAJOR_2)
#define ID "abi_two"
#elif defined(FIXTURE_ABI_MINOR_NEWER)
#define ID "newer"
#elif defined(FIXTURE_CRASH_LATER)
#define ID "lagoon"
#elif defined(FIXTURE_MARKER)
#define ID "marker"
#elif defined(FIXTURE_ZZ_DUPLICATE_COUNTER)
/* The shipped counter's id, in a file that sorts after counter.so. */
#define ID "counter"
#elif defined(FIXTURE_SIZE_TOO_SMALL)
#define ID "too_small"
#elif defined(FIXTURE_ABI_1_0)
#define ID "old_river"
#else
#define ID "river"
#endif

/* The descriptor.  ABI_MINOR_NEWER's is larger: 1.0's fields, then new
 * ones, which an older cksgate ignores because `size` says they are
 * there. */
struct descriptor {
	struct cks_channel_plugin v1_0;
#if defined(FIXTURE_ABI_MINOR_NEWER)
	void (*future_hook)(void);
	unsigned long future_flags;
#endif
};

#if defined(FIXTURE_ABI_MINOR_NEWER)
static void
future_hook(void)
{
}
#endif

static const struct descriptor descriptor = {
	.v1_0 = {
#if defined(FIXTURE_ABI_MAJOR_2)
		.abi_major = 2, .abi_minor = 0,
#elif defined(FIXTURE_ABI_MINOR_NEWER)
		.abi_major = CKS_PLUGIN_ABI_MAJOR,
		.abi_minor = CKS_PLUGIN_ABI_MINOR + 3,
#elif defined(FIXTURE_ABI_1_0)
		.abi_major = 1, .abi_minor = 0,
#else
		.abi_major = CKS_PLUGIN_ABI_MAJOR,
		.abi_minor = CKS_PLUGIN_ABI_MINOR,
#endif
#if defined(FIXTURE_SIZE_TOO_SMALL)
		/* fewer bytes than 1.0 has: nothing after it can be trusted */
		.size = 16,
#else
		.size = (uint32_t)sizeof(struct descriptor),
#endif
		.step_size = (uint32_t)sizeof(STEP_TYPE),
		.option_size = (uint32_t)sizeof(OPTION_TYPE),
		.id = ID,
#if defined(FIXTURE_ABI_MINOR_NEWER)
		.name = { .th = "รุ่นใหม่กว่า", .en = "Newer minor" },
#else
		.name = { .th = "ท่าเรือแม่น้ำ", .en = "River pier" },
#endif
#if defined(FIXTURE_NO_STEPS)
		.steps = NULL,
		.step_count = 0,
#else
		/* the plugin's own element type: walked by step_size */
		.steps = (const struct cks_step *)(const void *)steps,
		.step_count = CKS_COUNT_OF(steps),
#endif
#if defined(FIXTURE_EMPTY_SCALE)
		.scale = NULL,
		.scale_count = 0,
#else
		.scale = (const struct cks_rating_option *)(const void *)scale,
		.scale_count = CKS_COUNT_OF(scale),
#endif
		.target_percent = 70,
	},
#if defined(FIXTURE_ABI_MINOR_NEWER)
	.future_hook = future_hook,
	.future_flags = 0xffUL,
#endif
};

#if defined(FIXTURE_NO_ENTRY)
/* The descriptor exported under the wrong name (a typo an integrator
 * could make): there is no cks_channel_plugin() entry point. */
CKS_PLUGIN_EXPORT const struct cks_channel_plugin *cks_channel_plugins(void);

const struct cks_channel_plugin *
cks_channel_plugins(void)
{
	return &descriptor.v1_0;
}
#else
const struct cks_channel_plugin *
cks_channel_plugin(void)
{
	return &descriptor.v1_0;
}
#endif

#endif /* fixtures with a descriptor */
