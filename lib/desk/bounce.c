#include "autoconfig.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "bounce.h"
#include "client.h"
#include "clock.h"
#include "json_value.h"

void
cks_bounce_normalize(const char *address, char *buf, size_t size)
{
	size_t n = 0;
	const char *end;

	if (size == 0)
		return;
	while (*address == ' ' || *address == '\t' || *address == '<')
		address++;
	end = address + strlen(address);
	while (end > address && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '>'))
		end--;
	for (const char *p = address; p < end && n + 1 < size; p++)
		buf[n++] = (char)tolower((unsigned char)*p);
	buf[n] = '\0';
}

const char *
cks_bounce_kind(const char *action, const char *status)
{
	if (action != NULL && strcasecmp(action, "failed") == 0)
		return "hard";
	if (status != NULL && status[0] == '5')
		return "hard";
	return "soft";
}

int
cks_bounce_record(struct cks_store *store, const char *email, const char *kind,
		  int64_t at_ms, const char *status, const char *diagnostic,
		  int64_t message, struct cks_error *err)
{
	char norm[320];
	struct cks_stmt *stmt;
	int rc;

	cks_bounce_normalize(email, norm, sizeof(norm));
	if (norm[0] == '\0')
		return cks_error_set_field(err, CKS_ERROR_INVALID, "email",
		    "email: empty address for a bounce");
	if (strcmp(kind, "hard") != 0 && strcmp(kind, "soft") != 0)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "bounce kind '%s' is not hard or soft", kind);
	if (cks_store_begin(store, err) < 0)
		return -1;
	/* A soft bounce after a hard one leaves the hard one: the address
	 * still fails for good. */
	stmt = cks_store_prepare(store,
	    "INSERT INTO address_bounces (email, kind, at, status, diagnostic,"
	    " message) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	    " ON CONFLICT (email) DO UPDATE SET kind = excluded.kind,"
	    " at = excluded.at, status = excluded.status,"
	    " diagnostic = excluded.diagnostic, message = excluded.message"
	    " WHERE excluded.kind = 'hard' OR address_bounces.kind = 'soft'", err);
	if (stmt == NULL) {
		cks_store_rollback(store);
		return -1;
	}
	cks_stmt_bind_text(stmt, 1, norm, -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(stmt, 2, kind, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(stmt, 3, at_ms ? at_ms : cks_now_ms());
	if (status != NULL && status[0])
		cks_stmt_bind_text(stmt, 4, status, -1, CKS_STMT_TRANSIENT);
	if (diagnostic != NULL && diagnostic[0])
		cks_stmt_bind_text(stmt, 5, diagnostic, -1, CKS_STMT_TRANSIENT);
	if (message > 0)
		cks_stmt_bind_int64(stmt, 6, message);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(store, "record bounce", err);
		cks_store_rollback(store);
		return -1;
	}
	return cks_store_commit(store, err);
}

static void
copy_column(struct cks_stmt *stmt, int col, char *buf, size_t size)
{
	const unsigned char *t = cks_stmt_column_text(stmt, col);

	snprintf(buf, size, "%s", t ? (const char *)t : "");
}

int
cks_bounce_get(struct cks_store *store, const char *email,
	       struct cks_bounce *out, struct cks_error *err)
{
	struct cks_stmt *stmt;
	char norm[320];
	int rc;

	memset(out, 0, sizeof(*out));
	cks_bounce_normalize(email, norm, sizeof(norm));
	stmt = cks_store_prepare(store, "SELECT email, kind, at, status,"
	    " diagnostic, coalesce(message, 0) FROM address_bounces"
	    " WHERE email = ?", err);
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_text(stmt, 1, norm, -1, CKS_STMT_STATIC);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW) {
		copy_column(stmt, 0, out->email, sizeof(out->email));
		copy_column(stmt, 1, out->kind, sizeof(out->kind));
		out->at_ms = cks_stmt_column_int64(stmt, 2);
		copy_column(stmt, 3, out->status, sizeof(out->status));
		copy_column(stmt, 4, out->diagnostic, sizeof(out->diagnostic));
		out->message = cks_stmt_column_int64(stmt, 5);
	}
	cks_stmt_finalize(stmt);
	if (rc == CKS_STMT_ROW)
		return 1;
	if (rc == CKS_STMT_DONE)
		return 0;
	return cks_store_fail(store, "read bounce", err);
}

int
cks_bounce_check_send(struct cks_store *store, const char *email,
		      const char *force_reason, struct cks_error *err)
{
	struct cks_bounce b;
	char when[40];
	int found;

	if (force_reason != NULL &&
	    cks_check_line(force_reason, "reason", 600, err) < 0)
		return -1;
	found = cks_bounce_get(store, email, &b, err);
	if (found <= 0)
		return found;
	if (strcmp(b.kind, "hard") != 0 || force_reason != NULL)
		return 0;
	cks_time_format_iso(b.at_ms, when, sizeof(when));
	return cks_error_set_field(err, CKS_ERROR_CONFLICT, "email",
	    "%s hard-bounced on %s (status %s%s%s): correct the client's email, "
	    "or send anyway with --force --reason TEXT", b.email, when,
	    b.status[0] ? b.status : "unknown", b.diagnostic[0] ? ", " : "",
	    b.diagnostic);
}

json_t *
cks_bounce_to_json(const struct cks_bounce *b)
{
	return json_pack("{ss ss so so so so}",
	    "email", b->email,
	    "kind", b->kind,
	    "at", cks_json_time_or_null(b->at_ms),
	    "status", cks_json_string_or_null(b->status[0] ? b->status : NULL),
	    "diagnostic", cks_json_string_or_null(b->diagnostic[0] ?
		b->diagnostic : NULL),
	    "message", b->message ? json_integer(b->message) : json_null());
}
