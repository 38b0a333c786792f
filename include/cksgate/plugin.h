/*
 * cksgate channel-plugin SDK, ABI 1.1 — the whole interface between
 * cksgate and a channel plugin.  Installed as <cksgate/plugin.h>; see
 * cksgate-plugin(3).
 *
 * A channel plugin is a shared object that exports two symbols:
 *
 *     CKS_PLUGIN_ABI_DECLARE;     (const uint32_t cks_plugin_abi)
 *     const struct cks_channel_plugin *cks_channel_plugin(void);
 *
 * cks_plugin_abi is plain data: cksgate reads it from the file before it
 * runs any of the plugin's code, and refuses a plugin of another major
 * version without loading it.  The entry point returns a pointer to a
 * constant descriptor that lives as long as the object is loaded; cksgate
 * copies what it needs and never writes to it.
 *
 * Growth within ABI 1 (the rules are in cksgate-plugin(3), VERSIONING):
 * the descriptor, a step and a scale option each carry their size, so a
 * minor version may append fields to any of the three; and a minor
 * version may add optional exported symbols named cks_plugin_*, which
 * cksgate looks up and treats as absent when missing.  Nothing is ever
 * moved, retyped or removed within a major version.  Every integer in
 * these structs has a fixed width, so the layout does not depend on
 * the compiler's choice of enum or int size.
 *
 * Build out of tree:
 *     cc -shared -fPIC $(pkg-config --cflags cksgate-plugin-1) my.c -o my.so
 * and copy my.so into a plugin directory (pkg-config --variable=plugindir
 * cksgate-plugin-1, or the extra_plugin_dir of cksgate.conf(5)).
 */
#ifndef CKSGATE_PLUGIN_H
#define CKSGATE_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CKS_PLUGIN_ABI_MAJOR 1
#define CKS_PLUGIN_ABI_MINOR 1

/* The stamp: major in the high 16 bits, minor in the low 16. */
#define CKS_PLUGIN_ABI_STAMP \
	(((uint32_t)CKS_PLUGIN_ABI_MAJOR << 16) | (uint32_t)CKS_PLUGIN_ABI_MINOR)
#define CKS_PLUGIN_ABI_STAMP_MAJOR(stamp) ((uint32_t)(stamp) >> 16)
#define CKS_PLUGIN_ABI_STAMP_MINOR(stamp) ((uint32_t)(stamp) & 0xffffu)

/* The names of the symbols a plugin exports. */
#define CKS_PLUGIN_ABI_NAME "cks_plugin_abi"
#define CKS_PLUGIN_ENTRY_NAME "cks_channel_plugin"

/* A step with no standard duration uses this for both bounds. */
#define CKS_DURATION_NONE (-1)

/* Rating codes are what a customer presses on a keypad or types: 0..9. */
#define CKS_RATING_CODE_MAX 9

/* Who performs a step (the values of cks_step.actor).  An enum names the
 * values only: the field itself is a uint8_t, whose size is fixed. */
enum cks_actor {
	CKS_ACTOR_AGENT = 1,
	CKS_ACTOR_CLIENT = 2
};

/* A text in both languages; both must be non-empty UTF-8. */
struct cks_text {
	const char *th;
	const char *en;
};

/* One step of the channel's standard procedure, in procedure order.
 * ABI 1.x may append fields: the descriptor's step_size says how many
 * bytes one element of the plugin's array has. */
struct cks_step {
	const char *id;          /* [a-z0-9_-], unique in the channel */
	uint8_t actor;           /* CKS_ACTOR_AGENT or CKS_ACTOR_CLIENT */
	struct cks_text text;
	int32_t min_seconds;     /* standard duration range, or */
	int32_t max_seconds;     /* CKS_DURATION_NONE for both */
	uint8_t timed;           /* 1: counts toward step-time compliance */

	/* ABI 1.1 */
	uint32_t target_percent; /* the step's own target, 1..100, where the
				  * standard gives one; 0: none (what a 1.0
				  * plugin's steps read as) */
};

/* One option of the satisfaction scale.  ABI 1.x may append fields: the
 * descriptor's option_size says how big one element is. */
struct cks_rating_option {
	int32_t code;                   /* 0..CKS_RATING_CODE_MAX, unique */
	struct cks_text label;
	uint8_t satisfied;              /* 1: counts as "satisfied" */
	const char *const *words_th;    /* other words customers use for it, */
	const char *const *words_en;    /* NULL-terminated; either may be NULL */
};

/* The descriptor.  Fields up to target_percent form ABI 1.0. */
struct cks_channel_plugin {
	uint16_t abi_major;      /* CKS_PLUGIN_ABI_MAJOR */
	uint16_t abi_minor;      /* CKS_PLUGIN_ABI_MINOR */
	uint32_t size;           /* sizeof(struct cks_channel_plugin) */
	uint32_t step_size;      /* sizeof(struct cks_step) */
	uint32_t option_size;    /* sizeof(struct cks_rating_option) */

	const char *id;          /* channel id, [a-z0-9_-], e.g. "counter" */
	struct cks_text name;    /* display name */

	const struct cks_step *steps;   /* step_count elements of step_size */
	uint32_t step_count;     /* 1..64 */

	const struct cks_rating_option *scale;  /* in the order shown */
	uint32_t scale_count;    /* 1..10, with one satisfied option */

	uint32_t target_percent; /* satisfied share the channel aims at, 1..100 */

	/* ABI 1.x appends fields here; cksgate reads `size` to know them. */
};

/* Fills the version and size fields; use it as the descriptor's first
 * line.  The sizes are this header's, which is what lets a newer cksgate
 * walk an older plugin's arrays and the other way round. */
#define CKS_PLUGIN_HEADER \
	.abi_major = CKS_PLUGIN_ABI_MAJOR, .abi_minor = CKS_PLUGIN_ABI_MINOR, \
	.size = (uint32_t)sizeof(struct cks_channel_plugin), \
	.step_size = (uint32_t)sizeof(struct cks_step), \
	.option_size = (uint32_t)sizeof(struct cks_rating_option)

/* Element count of a static array, for step_count and scale_count. */
#define CKS_COUNT_OF(array) ((uint32_t)(sizeof(array) / sizeof((array)[0])))

/* Exported with default visibility even under -fvisibility=hidden. */
#if defined(__GNUC__)
#define CKS_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define CKS_PLUGIN_EXPORT
#endif

/* The ABI stamp, read from the file before any plugin code runs. */
CKS_PLUGIN_EXPORT extern const uint32_t cks_plugin_abi;

/* Defines the stamp; write it once, at file scope, in every plugin:
 *     CKS_PLUGIN_ABI_DECLARE;  */
#define CKS_PLUGIN_ABI_DECLARE \
	const uint32_t cks_plugin_abi = CKS_PLUGIN_ABI_STAMP

typedef const struct cks_channel_plugin *(*cks_channel_plugin_entry)(void);

CKS_PLUGIN_EXPORT const struct cks_channel_plugin *cks_channel_plugin(void);

#ifdef __cplusplus
}
#endif

#endif /* CKSGATE_PLUGIN_H */
