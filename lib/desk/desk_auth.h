/* Signing agents in to the desk console: passwords hashed with yescrypt
 * (libxcrypt), browser sessions named by a random cookie whose SHA-256 is
 * all the store keeps, a CSRF token per session, and failed attempts
 * slowed down per login and per address.  Console roles: a viewer reads,
 * an agent serves clients, a supervisor also clears the quarantine and
 * follows up unhappy clients. */
#ifndef CKS_DESK_AUTH_H
#define CKS_DESK_AUTH_H

#include <stdint.h>

#include "error.h"
#include "store.h"

/* Ordered: each may do what the ones before it may. */
enum cks_desk_role {
	CKS_DESK_VIEWER = 0,
	CKS_DESK_AGENT,
	CKS_DESK_SUPERVISOR,
};

#define CKS_DESK_TOKEN_HEX 64        /* a cookie or CSRF token: 32 bytes */
#define CKS_DESK_SESSION_MS (10LL * 3600 * 1000)   /* one shift */
#define CKS_DESK_FREE_FAILURES 3     /* failures before the waits start */
#define CKS_DESK_PASSWORD_MIN 8      /* bytes */

/* "viewer", "agent", "supervisor"; parse returns -1 for another word. */
const char *cks_desk_role_name(enum cks_desk_role role);
int cks_desk_role_parse(const char *text, enum cks_desk_role *out);

/* Sets the agent's password (at least CKS_DESK_PASSWORD_MIN bytes, one
 * line) and, when role is not NULL, its console role.  NOT_FOUND for an
 * unknown agent.  Opens its own transaction. */
int cks_desk_set_password(struct cks_store *store, const char *login,
			  const char *password, const enum cks_desk_role *role,
			  struct cks_error *err);

/* Who is signed in. */
struct cks_desk_user {
	int64_t agent_id;
	char login[301];
	char name[601];              /* the Thai display name */
	enum cks_desk_role role;
	char csrf[CKS_DESK_TOKEN_HEX + 1];
	int64_t expires_ms;
};

/* Checks login and password; on success starts a session, writes its
 * cookie token into token_out and fills user.  A wrong login or password
 * is CKS_ERROR_INVALID (the same message for both); while the login or
 * the address (NULL: not counted) has failed more than
 * CKS_DESK_FREE_FAILURES times lately, every attempt is refused with
 * CKS_ERROR_BUSY and *retry_after_s set (1 s, doubling per failure, at
 * most 5 min), the right password included.  Opens its own
 * transactions. */
int cks_desk_sign_in(struct cks_store *store, const char *login,
		     const char *password, const char *address,
		     char token_out[CKS_DESK_TOKEN_HEX + 1],
		     struct cks_desk_user *user, long *retry_after_s,
		     struct cks_error *err);

/* The session of a cookie token: NOT_FOUND when there is none, it has
 * expired, or its agent was disabled. */
int cks_desk_session(struct cks_store *store, const char *token,
		     struct cks_desk_user *user, struct cks_error *err);

/* Ends the session (none is no error).  Opens its own transaction. */
int cks_desk_sign_out(struct cks_store *store, const char *token,
		      struct cks_error *err);

/* 1 when presented is the session's CSRF token (compared in constant
 * time), else 0. */
int cks_desk_csrf_ok(const struct cks_desk_user *user, const char *presented);

#endif
