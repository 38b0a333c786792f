/*
 * cksgate channel-plugin SDK — the whole interface between cksgate and a
 * channel plugin.  Installed as <cksgate/plugin.h>; see cksgate-plugin(3).
 *
 * A channel plugin is a shared object that exports one function,
 *
 *     const struct cks_channel_plugin *cks_channel_plugin(void);
 *
 * returning a pointer to a constant descriptor that lives as long as the
 * object is loaded.  cksgate never writes to it and never frees it.
 *
 * Versioning (like Dovecot's and Redis's module checks): the first three
 * fields never move.  cksgate refuses a descriptor whose abi_major differs
 * from its own.  A newer minor version may only append fields; cksgate reads
 * `size` to learn which of them a plugin has, so an old plugin keeps loading
 * in a newer cksgate and a newer plugin in an older one of the same major.
 *
 * Build out of tree:
 *     cc -shared -fPIC $(pkg-config --cflags cksgate-plugin) my.c -o my.so
 * and copy my.so into the plugin directory (pkg-config --variable=plugindir
 * cksgate-plugin).
 */
#ifndef CKSGATE_PLUGIN_H
#define CKSGATE_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CKS_PLUGIN_ABI_MAJOR 1
#define CKS_PLUGIN_ABI_MINOR 0

/* The name of the one symbol a plugin exports. */
#define CKS_PLUGIN_ENTRY_NAME "cks_channel_plugin"

/* A step with no standard duration uses this for both bounds. */
#define CKS_DURATION_NONE (-1)

/* Rating codes are what a customer presses on a keypad or types: 0..9. */
#define CKS_RATING_CODE_MAX 9

/* Who performs a step. */
enum cks_actor {
	CKS_ACTOR_AGENT = 1,
	CKS_ACTOR_CLIENT = 2
};

/* A text in both languages; both must be non-empty UTF-8. */
struct cks_text {
	const char *th;
	const char *en;
};

/* One step of the channel's standard procedure, in procedure order. */
struct cks_step {
	const char *id;          /* [a-z0-9_-], unique in the channel */
	enum cks_actor actor;
	struct cks_text text;
	int min_seconds;         /* standard duration range, or */
	int max_seconds;         /* CKS_DURATION_NONE for both */
	int timed;               /* non-zero: counts toward step-time compliance */
};

/* One option of the satisfaction scale. */
struct cks_rating_option {
	int code;                       /* 0..CKS_RATING_CODE_MAX, unique */
	struct cks_text label;
	int satisfied;                  /* non-zero: counts as "satisfied" */
	const char *const *words_th;    /* other words customers use for it, */
	const char *const *words_en;    /* NULL-terminated; either may be NULL */
};

/* The descriptor.  Fields up to target_percent form ABI 1.0. */
struct cks_channel_plugin {
	uint16_t abi_major;      /* CKS_PLUGIN_ABI_MAJOR */
	uint16_t abi_minor;      /* CKS_PLUGIN_ABI_MINOR */
	uint32_t size;           /* sizeof(struct cks_channel_plugin) */

	const char *id;          /* channel id, [a-z0-9_-], e.g. "counter" */
	struct cks_text name;    /* display name */

	const struct cks_step *steps;
	size_t step_count;       /* at least 1 */

	const struct cks_rating_option *scale;  /* in the order shown */
	size_t scale_count;      /* at least 1, with one satisfied option */

	unsigned target_percent; /* satisfied share the channel aims at, 1..100 */

	/* ABI 1.x appends optional hooks here; check `size` before use. */
};

/* Fills the three version fields; use it as the descriptor's first line. */
#define CKS_PLUGIN_HEADER \
	.abi_major = CKS_PLUGIN_ABI_MAJOR, .abi_minor = CKS_PLUGIN_ABI_MINOR, \
	.size = (uint32_t)sizeof(struct cks_channel_plugin)

/* Element count of a static array, for step_count and scale_count. */
#define CKS_COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

/* Exported with default visibility even under -fvisibility=hidden. */
#if defined(__GNUC__)
#define CKS_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define CKS_PLUGIN_EXPORT
#endif

typedef const struct cks_channel_plugin *(*cks_channel_plugin_entry)(void);

CKS_PLUGIN_EXPORT const struct cks_channel_plugin *cks_channel_plugin(void);

#ifdef __cplusplus
}
#endif

#endif /* CKSGATE_PLUGIN_H */
