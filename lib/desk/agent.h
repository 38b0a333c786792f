/* Agents: the people who serve clients.  One row each in `agents`; a login
 * is compared case-insensitively (Latin letters are folded to lower case
 * when stored and looked up; Thai has no case), so "Napa" typed at the
 * counter and "napa" named by an API token are one agent.  An agent is
 * never deleted: disabled, it opens no new sessions, and its history stays
 * in the reports. */
#ifndef CKS_AGENT_H
#define CKS_AGENT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "store.h"

#define CKS_AGENT_LOGIN_MAX 300  /* bytes, as the free-text agent was */

struct cks_agent {
	int64_t id;
	char *login;       /* folded: lower case */
	char *name_th;
	char *name_en;
	int active;
	int64_t created_ms;
	int64_t sessions;  /* sessions recorded for this agent */
};

/* What a caller supplies for a new agent; a NULL name is taken from the
 * other one, and both from the login when neither is given. */
struct cks_agent_input {
	const char *login;
	const char *name_th;
	const char *name_en;
};

/* Copies login into out, ASCII letters folded to lower case (UTF-8 bytes
 * above 0x7f are kept as they are). */
void cks_agent_fold(const char *login, char *out, size_t size);

/* Checks a login: one line of UTF-8, no control characters (so no CR or
 * LF), at most CKS_AGENT_LOGIN_MAX bytes.  Names the field (err->field). */
int cks_agent_check_login(const char *login, const char *field,
			  struct cks_error *err);

/* Checks and inserts; sets *id_out.  CKS_ERROR_CONFLICT when the login
 * exists in any case.  Invalid input names the field (login, name_th,
 * name_en).  Opens its own transaction. */
int cks_agent_add(struct cks_store *store, const struct cks_agent_input *in,
		  int64_t *id_out, struct cks_error *err);

/* Loads one agent by login, case-insensitively; CKS_ERROR_NOT_FOUND when
 * there is none.  Free with cks_agent_free(). */
int cks_agent_get(struct cks_store *store, const char *login,
		  struct cks_agent **agent_out, struct cks_error *err);

/* Every agent, by login; include_disabled 0 lists the active ones only.
 * Free with cks_agent_list_free(). */
int cks_agent_list(struct cks_store *store, int include_disabled,
		   struct cks_agent ***agents_out, size_t *count_out,
		   struct cks_error *err);

/* Disables the agent (again is no error).  CKS_ERROR_NOT_FOUND when there
 * is none.  Opens its own transaction. */
int cks_agent_disable(struct cks_store *store, const char *login,
		      struct cks_error *err);

/* The agent a new session is opened for: found case-insensitively, or,
 * when unknown, added with the name as written for both display names (so
 * existing scripts and tokens keep working and fold onto one record).  A
 * disabled agent is CKS_ERROR_CONFLICT, naming the agent (field "agent").
 * Sets *id_out and copies the login into login_out.  Opens its own
 * transaction. */
int cks_agent_for_session(struct cks_store *store, const char *name,
			  int64_t *id_out, char *login_out, size_t login_size,
			  struct cks_error *err);

void cks_agent_free(struct cks_agent **agent);
void cks_agent_list_free(struct cks_agent ***agents, size_t count);

/* A new JSON object for the agent; the caller owns the reference. */
json_t *cks_agent_to_json(const struct cks_agent *agent);

#endif
