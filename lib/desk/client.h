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

/* What a caller supplies for a new client; NULL fields are not given. */
struct cks_client_input {
	const char *name;
	const char *company;
	const char *email;
	const char *phone;
	const char *lang;   /* NULL: "th" */
	const char *level;
};

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
