/* The configuration: embedded defaults, overridden by a "key = value" file.
 * See cksgate.conf(5).  A wrong line is refused with file, line and key. */
#ifndef CKS_CONFIG_H
#define CKS_CONFIG_H

#include "error.h"

struct cks_config {
	char *source;          /* the file read, or "(embedded defaults)" */
	char *state_dir;       /* local state: the database, spool, store */
	char *database;        /* SQLite file; default state_dir/cksgate.db */
	char *plugin_dir;      /* channel plugins (*.so) are loaded from here */
	char *template_dir;    /* message and page templates */
	long busy_timeout_ms;  /* how long a command waits for a locked store */
};

/* Loads path, or the embedded defaults when path is NULL.  The caller frees
 * the result with cks_config_free(). */
int cks_config_load(const char *path, struct cks_config **config_out,
		    struct cks_error *err);

/* The file to read: the explicit argument, else $CKSGATE_CONFIG, else NULL
 * (embedded defaults).  Returns a pointer into its arguments or environ. */
const char *cks_config_choose_path(const char *explicit_path);

void cks_config_free(struct cks_config **config);

#endif
