/* Client profiles: who the desk serves, how to reach them, which language
 * they read, and the readiness level the agents classified. */
#ifndef CKS_CLIENT_H
#define CKS_CLIENT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "store.h"

struct cks_client {
	int64_t id;
	char *name;
	char *company;     /* NULL when not given, as are the others */
	char *email;
	char *phone;       /* as the client wrote it */
	char *phone_e164;  /* normalised, for matching */
	char *lang;        /* "th" or "en" */
	char *level;
	int64_t created_ms;
	int64_t updated_ms;
};

/* What a caller supplies for a new client; NULL fields are not given.
 * For cks_client_edit() NULL leaves a field as it is and "" clears an
 * optional one (company, email, phone, level). */
struct cks_client_input {
	const char *name;
	const char *company;
	const char *email;
	const char *phone;
	const char *lang;   /* NULL: "th" */
	const char *level;  /* a level's code or its Thai or English name */
	const char *levels; /* the client.levels setting; NULL: the default */
};

/* The levels the desk classifies clients by: the setting client.levels,
 * comma-separated entries CODE:THAI NAME:ENGLISH NAME (CODE is ASCII
 * letters, digits, '-' and '_'; names are one line without ',' or ':').
 * A level given as its code or either name, ASCII case ignored, is stored
 * as its code. */
#define CKS_CLIENT_LEVELS_DEFAULT \
	"new:ผู้ประกอบการใหม่:New entrepreneur, " \
	"ready:พร้อมส่งออก:Ready to export, " \
	"exporter:ผู้ส่งออก:Exporter, " \
	"sme:วิสาหกิจขนาดกลางและขนาดย่อม:SME"

struct cks_client_level {
	char *code;
	char *th;
	char *en;
};

struct cks_client_levels {
	struct cks_client_level *v;
	size_t count;
};

/* Parses spec (NULL: the default); errors name the field
 * "client.levels".  Free with cks_client_levels_clear(). */
int cks_client_levels_parse(const char *spec, struct cks_client_levels *out,
			    struct cks_error *err);
void cks_client_levels_clear(struct cks_client_levels *levels);

/* The level value names (code or name, ASCII case ignored), or NULL. */
const struct cks_client_level *
cks_client_level_find(const struct cks_client_levels *levels,
		      const char *value);

/* Checks and inserts; sets *id_out.  Invalid input names the field
 * (err->field).  Opens its own transaction. */
int cks_client_add(struct cks_store *store, const struct cks_client_input *in,
		   int64_t *id_out, struct cks_error *err);

/* Loads one client; CKS_ERROR_NOT_FOUND if there is none.  The caller
 * frees *client_out with cks_client_free(). */
int cks_client_get(struct cks_store *store, int64_t id,
		   struct cks_client **client_out, struct cks_error *err);

/* Clients whose name, company, email or phone contains text (a phone is
 * also matched in normalised form), newest first, at most limit. */
int cks_client_find(struct cks_store *store, const char *text, size_t limit,
		    struct cks_client ***clients_out, size_t *count_out,
		    struct cks_error *err);

/* The first other client with the same email (case ignored) or the same
 * normalised phone: 1 with *id_out and *field_out ("email" or "phone"),
 * 0 when none, -1 on error.  except_id (0: none) is not considered. */
int cks_client_find_existing(struct cks_store *store, const char *email,
			     const char *phone, int64_t except_id,
			     int64_t *id_out, const char **field_out,
			     struct cks_error *err);

/* Changes the fields in given (NULL: unchanged; "" clears an optional
 * field), checked as cks_client_add() checks them, and keeps one history
 * row per field that really changed, by actor (who made the change: an
 * agent's name, "cli:LOGIN").  *changed_out (may be NULL) counts them; an
 * edit that changes nothing is not an error.  Opens its own
 * transaction. */
int cks_client_edit(struct cks_store *store, int64_t id,
		    const struct cks_client_input *given, const char *actor,
		    int *changed_out, struct cks_error *err);

/* One change to a client. */
struct cks_client_change {
	int64_t id;
	int64_t client_id;
	int64_t at_ms;
	char *actor;
	char *field;        /* a field's JSON name, or "merge" */
	char *old_value;    /* NULL: none */
	char *new_value;
};

/* The history of a client, oldest first (a merged client's rows come with
 * it).  CKS_ERROR_NOT_FOUND for an unknown client. */
int cks_client_history(struct cks_store *store, int64_t id,
		       struct cks_client_change **changes_out,
		       size_t *count_out, struct cks_error *err);
void cks_client_history_free(struct cks_client_change **changes, size_t count);
json_t *cks_client_change_to_json(const struct cks_client_change *change);

/* Merges drop into keep: drop's sessions (and with them their baskets,
 * ratings, survey invitations and queued messages) and its history move to
 * keep, keep's empty fields take drop's values, a 'merge' row records it,
 * and drop is deleted.  *moved_out (may be NULL) counts the sessions.
 * Opens its own transaction: all of it or nothing. */
int cks_client_merge(struct cks_store *store, int64_t keep, int64_t drop,
		     const char *actor, int *moved_out, struct cks_error *err);

/* The client as the desk reads it: cks_client_to_json() plus the level's
 * names ("level_th", "level_en", "level_known": false for a free-text level
 * stored before the list existed) and "bounce" (the address's last bounce,
 * or null).  Reads only. */
int cks_client_describe(struct cks_store *store, const struct cks_client *c,
			const char *levels, json_t **json_out,
			struct cks_error *err);

void cks_client_free(struct cks_client **client);
void cks_client_list_free(struct cks_client ***clients, size_t count);

/* A new JSON object for the client; the caller owns the reference. */
json_t *cks_client_to_json(const struct cks_client *client);

/* Checks a one-line text field (name, company, agent, level...): non-empty,
 * UTF-8, no control characters (so no CR/LF), at most max_bytes (Thai
 * takes 3 bytes a character, so limits are generous). */
int cks_check_line(const char *value, const char *field, size_t max_bytes,
		   struct cks_error *err);

/* Checks a multi-line text (summary, comment): non-empty, UTF-8, no
 * control characters but newlines and tabs, at most max_bytes. */
int cks_check_text(const char *value, const char *field, size_t max_bytes,
		   struct cks_error *err);

#endif
