#include "autoconfig.h"

#include "runtime.h"

#include <pthread.h>
#include <stdlib.h>

#include "clock.h"

static pthread_mutex_t runtime_lock = PTHREAD_MUTEX_INITIALIZER;
static struct runtime *current;

static void
runtime_free(struct runtime *r)
{
	cks_api_tokens_free(&r->tokens);
	cks_templates_free(&r->templates);
	cks_channels_free(&r->channels);
	cks_config_free(&r->config);
	free(r);
}

int
runtime_load(const char *config_path, struct runtime **runtime_out,
	     struct cks_error *err)
{
	struct runtime *r = calloc(1, sizeof(*r));

	*runtime_out = NULL;
	if (r == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	r->references = 1;
	if (cks_config_load(config_path, &r->config, err) < 0 ||
	    cks_channels_load_dirs((const char *[]){ r->config->plugin_dir,
	    r->config->extra_plugin_dir, NULL }, r->config->state_dir,
	    &r->channels, err) < 0 ||
	    cks_templates_load(r->config->template_dir, &r->templates, err) < 0 ||
	    cks_api_tokens_load(r->config->http_tokens_file, &r->tokens, err) < 0)
		goto fail;
	/* A half-loaded set of channels would silently stop a channel's
	 * sessions and ratings: refuse it, and keep what runs. */
	if (r->channels->refusal_count > 0) {
		cks_error_set(err, CKS_ERROR_INVALID, "plugin %s refused: %s",
		    r->channels->refusals[0].path,
		    r->channels->refusals[0].reason);
		goto fail;
	}
	if (r->channels->count == 0) {
		cks_error_set(err, CKS_ERROR_INVALID,
		    "no channel plugins in %s", r->config->plugin_dir);
		goto fail;
	}
	*runtime_out = r;
	return 0;
fail:
	runtime_free(r);
	return -1;
}

void
runtime_install(struct runtime *runtime)
{
	struct runtime *old;

	/* Checked at config load: the zone exists. */
	if (runtime != NULL)
		cks_clock_set_zone(runtime->config->timezone, NULL);
	pthread_mutex_lock(&runtime_lock);
	old = current;
	current = runtime;
	pthread_mutex_unlock(&runtime_lock);
	if (old != NULL)
		runtime_release(old);
}

struct runtime *
runtime_acquire(void)
{
	struct runtime *r;

	pthread_mutex_lock(&runtime_lock);
	r = current;
	if (r != NULL)
		r->references++;
	pthread_mutex_unlock(&runtime_lock);
	return r;
}

void
runtime_release(struct runtime *runtime)
{
	int last;

	if (runtime == NULL)
		return;
	pthread_mutex_lock(&runtime_lock);
	last = --runtime->references == 0;
	pthread_mutex_unlock(&runtime_lock);
	if (last)
		runtime_free(runtime);
}
