/* What the daemon runs with and replaces on SIGHUP: the config, the
 * channel plugins, the templates and the API tokens, loaded together.
 * Every user (an HTTP request, one pass of a loop) holds a reference for
 * the length of its work, so a reload never frees what is in use. */
#ifndef CKS_RUNTIME_H
#define CKS_RUNTIME_H

#include "api_tokens.h"
#include "channels.h"
#include "config.h"
#include "error.h"
#include "template.h"

struct runtime {
	int references;            /* guarded by the runtime lock */
	struct cks_config *config;
	struct cks_channels *channels;
	struct cks_templates *templates;
	struct cks_api_tokens *tokens;
};

/* Loads everything from config_path (NULL: embedded defaults).  A refused
 * plugin or a template that does not load fails the whole load. */
int runtime_load(const char *config_path, struct runtime **runtime_out,
		 struct cks_error *err);

/* Makes runtime the current one (the daemon's reference passes to it). */
void runtime_install(struct runtime *runtime);

/* A reference to the current runtime; give it back with runtime_release. */
struct runtime *runtime_acquire(void);
void runtime_release(struct runtime *runtime);

#endif
