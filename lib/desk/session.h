/* Service sessions: one client served by one agent on one channel, the
 * procedure's steps as they are started and finished, and the close with
 * its summary.  Each call that writes is one transaction. */
#ifndef CKS_SESSION_H
#define CKS_SESSION_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "channels.h"
#include "error.h"
#include "store.h"

struct cks_session_step {
	size_t index;          /* 0-based position in the channel's steps */
	char *step_id;
	int64_t started_ms;
	int64_t done_ms;       /* 0 while running */
};

struct cks_session {
	int64_t id;
	char *channel;
	int64_t client_id;
	char *client_name;
	char *agent;
	int64_t opened_ms;
	int64_t closed_ms;     /* 0 while open */
	char *level;           /* NULL until classified */
	char *summary;
	struct cks_session_step *steps;  /* the steps touched, by index */
	size_t step_count;
};

struct cks_session_filter {
	const char *channel;   /* NULL: any */
	int64_t client_id;     /* 0: any */
	int open_only;
	size_t limit;          /* 0: 100 */
	const char *agent;     /* an agent's login, any case; NULL: any */
};

enum cks_step_event { CKS_STEP_START, CKS_STEP_DONE };

/* at_ms 0 means now.  Opens its own transaction. */
int cks_session_open(struct cks_store *store, const struct cks_channels *channels,
		     const char *channel, int64_t client_id, const char *agent,
		     int64_t at_ms, int64_t *id_out, struct cks_error *err);

/* step is the step's id or its 1-based number in the channel.  Opens its
 * own transaction. */
int cks_session_record_step(struct cks_store *store,
			    const struct cks_channels *channels,
			    int64_t session_id, const char *step,
			    enum cks_step_event event, int64_t at_ms,
			    struct cks_error *err);

/* level may be NULL (keep what the session has).  Opens its own
 * transaction. */
int cks_session_close(struct cks_store *store, int64_t session_id,
		      const char *summary, const char *level, int64_t at_ms,
		      struct cks_error *err);

/* The caller frees *session_out with cks_session_free(). */
int cks_session_get(struct cks_store *store, int64_t id,
		    struct cks_session **session_out, struct cks_error *err);

/* Newest first.  Free with cks_session_list_free(). */
int cks_session_list(struct cks_store *store,
		     const struct cks_session_filter *filter,
		     struct cks_session ***sessions_out, size_t *count_out,
		     struct cks_error *err);

void cks_session_free(struct cks_session **session);
void cks_session_list_free(struct cks_session ***sessions, size_t count);

/* The recorded step at index, or NULL if it was never started. */
const struct cks_session_step *
cks_session_find_step(const struct cks_session *session, size_t index);

/* A new JSON object.  With the channel's plugin, "steps" lists every step
 * of the procedure with its standard, duration and timing verdict; without
 * it (plugin not loaded) only the recorded steps. */
json_t *cks_session_to_json(const struct cks_session *session,
			    const struct cks_channel_plugin *plugin);

#endif
