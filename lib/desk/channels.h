/* The channel registry: loads every channel plugin in the plugin
 * directories, checks each one, and refuses a bad one with a reason while
 * keeping the others.  Each descriptor is this cksgate's copy, in its own
 * struct layout (whatever element sizes the plugin was built with); its
 * strings point into the loaded object.  Both stay valid until
 * cks_channels_free(). */
#ifndef CKS_CHANNELS_H
#define CKS_CHANNELS_H

#include <jansson.h>
#include <stddef.h>

#include <cksgate/plugin.h>

#include "error.h"

struct cks_channel {
	const struct cks_channel_plugin *plugin;  /* our copy (see above) */
	char *path;                               /* the file it came from */
	void *handle;                             /* dlopen handle */
};

/* A plugin that was refused, and why (the message names the file). */
struct cks_channel_refusal {
	char *path;
	char *reason;
};

struct cks_channels {
	struct cks_channel *channels;             /* sorted by file name */
	size_t count;
	struct cks_channel_refusal *refusals;
	size_t refusal_count;
};

/* Loads every *.so in dir.  Fails only when dir cannot be read; a plugin
 * that is refused is listed in refusals.  Free with cks_channels_free(). */
int cks_channels_load(const char *dir, struct cks_channels **channels_out,
		      struct cks_error *err);

/* The probes' verdicts are kept in this file of the state directory. */
#define CKS_PLUGIN_CACHE_FILE "plugin-verdicts"

/* As cks_channels_load, keeping each probe's verdict in
 * state_dir/plugin-verdicts by file identity (device, inode, size, mtime):
 * a plugin that hangs or crashes when probed costs its probe once.  NULL
 * state_dir: no cache. */
int cks_channels_load_cached(const char *dir, const char *state_dir,
			     struct cks_channels **channels_out,
			     struct cks_error *err);

/* As cks_channels_load_cached, over a NULL-terminated list of directories
 * in that order (the shipped one first, then the user's): together they
 * are one set of channels, and a channel id seen again in a later file is
 * refused as a duplicate.  Fails when any directory cannot be read. */
int cks_channels_load_dirs(const char *const *dirs, const char *state_dir,
			   struct cks_channels **channels_out,
			   struct cks_error *err);

void cks_channels_free(struct cks_channels **channels);

/* The channel with this id, or NULL. */
const struct cks_channel_plugin *
cks_channels_find(const struct cks_channels *channels, const char *id);

/* The step named by its id or by its 1-based number ("3"); sets *index_out
 * to its 0-based position.  NULL if there is no such step. */
const struct cks_step *
cks_channel_find_step(const struct cks_channel_plugin *plugin,
		      const char *id_or_number, size_t *index_out);

/* The rating option with this code, or NULL. */
const struct cks_rating_option *
cks_channel_find_option(const struct cks_channel_plugin *plugin, int code);

/* A new JSON object: id, names, target, steps with standards, scale. */
json_t *cks_channel_to_json(const struct cks_channel_plugin *plugin);

/* Checks a descriptor as the loader does; writes the reason into why. */
int cks_channel_plugin_check(const struct cks_channel_plugin *plugin,
			     char *why, size_t why_size);

/* The loader's copy of a plugin's descriptor: checks the version and the
 * sizes, walks the plugin's step and option arrays by the plugin's
 * step_size and option_size, copies each element into this cksgate's
 * struct (zero-filling fields the plugin's header did not have), and
 * checks the result.  One block to free(); NULL with the reason in why. */
struct cks_channel_plugin *
cks_channel_plugin_copy(const struct cks_channel_plugin *plugin, char *why,
			size_t why_size);

/* dlopen()s path and returns the loader's copy of its checked descriptor (free() it) with
 * the handle, or NULL with the reason in why.  In this process: the loader and the probe
 * helper (probe.h) call it once the probe has passed, or to probe. */
struct cks_channel_plugin *cks_channel_plugin_open(const char *path,
	void **handle_out, char *why, size_t why_size);

#endif
