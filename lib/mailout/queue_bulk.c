/* Bulk retry and cancel of the outbound queue (see queue_bulk.h). */
#include "autoconfig.h"

#include "queue_bulk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "utf8.h"

int
cks_queue_domain_check(const char *domain, const char *what,
		       struct cks_error *err)
{
	size_t length = domain != NULL ? strlen(domain) : 0;

	if (length == 0)
		return cks_error_set_field(err, CKS_ERROR_INVALID, what,
		    "%s: the domain is empty", what);
	if (length > CKS_QUEUE_DOMAIN_MAX)
		return cks_error_set_field(err, CKS_ERROR_INVALID, what,
		    "%s: a domain has at most %d characters", what,
		    CKS_QUEUE_DOMAIN_MAX);
	if (!cks_utf8_valid(domain, length))
		return cks_error_set_field(err, CKS_ERROR_INVALID, what,
		    "%s: the domain is not UTF-8 text", what);
	for (const char *p = domain; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		/* A CR or LF would split a log line or a report; a blank or
		 * an "@" means an address or a typo, never a domain. */
		if (c < 0x20 || c == 0x7f || c == ' ')
			return cks_error_set_field(err, CKS_ERROR_INVALID, what,
			    "%s: the domain holds a line break, blank or "
			    "control character", what);
		if (c == '@')
			return cks_error_set_field(err, CKS_ERROR_INVALID, what,
			    "%s: give the domain alone (example.com), not an "
			    "address", what);
	}
	return 0;
}

static int
ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int
cks_queue_recipient_in_domain(const char *recipient, const char *domain)
{
	const char *at = strrchr(recipient, '@');
	const char *a, *b;

	if (at == NULL)
		return 0;
	/* Whole-domain equality, not a suffix: badexample.com and
	 * mail.example.com are other domains, often behind other relays. */
	for (a = at + 1, b = domain; *a != '\0' && *b != '\0'; a++, b++)
		if (ascii_lower((unsigned char)*a) != ascii_lower((unsigned char)*b))
			return 0;
	return *a == '\0' && *b == '\0';
}

/* One selected message: its id and the state it was selected in. */
struct picked {
	int64_t id;
	char state[16];
};

/* Messages in the states the selection names.  The domain-only states
 * apply when neither state selector is given (a domain alone). */
static const char select_sql[] =
	"SELECT id, recipient, state FROM messages WHERE"
	" ((?1 <> 0 AND state = 'deferred')"
	" OR (?2 > 0 AND state = 'failed' AND coalesce((SELECT max(at)"
	"     FROM message_attempts WHERE message = messages.id), created_at)"
	"     >= ?2)"
	" OR (?3 <> 0 AND state IN (?4, ?5)))"
	/* an erased client's mail has no body any more (privacy.h) */
	" AND recipient <> '(erased)'"
	" ORDER BY id";

/* Reads the selection into *picked_out (malloc'ed, *count_out long). */
static int
pick(struct cks_store *store, const struct cks_queue_selection *s,
     const char *alone1, const char *alone2, struct picked **picked_out,
     size_t *count_out, struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store, select_sql, err);
	struct picked *list = NULL;
	size_t count = 0;
	int rc;

	*picked_out = NULL;
	*count_out = 0;
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int(stmt, 1, s->deferred != 0);
	cks_stmt_bind_int64(stmt, 2, s->failed_since_ms);
	cks_stmt_bind_int(stmt, 3, !s->deferred && s->failed_since_ms <= 0);
	cks_stmt_bind_text(stmt, 4, alone1, -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(stmt, 5, alone2, -1, CKS_STMT_STATIC);
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW) {
		const char *recipient = (const char *)cks_stmt_column_text(stmt, 1);
		const char *state = (const char *)cks_stmt_column_text(stmt, 2);
		struct picked *grown;

		if (s->domain != NULL && (recipient == NULL ||
		    !cks_queue_recipient_in_domain(recipient, s->domain)))
			continue;
		grown = realloc(list, (count + 1) * sizeof(*list));
		if (grown == NULL) {
			rc = CKS_STMT_NOMEM;
			break;
		}
		list = grown;
		list[count].id = cks_stmt_column_int64(stmt, 0);
		snprintf(list[count].state, sizeof(list[count].state), "%s",
		    state != NULL ? state : "");
		count++;
	}
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		free(list);
		if (rc == CKS_STMT_NOMEM)
			return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		return cks_store_fail(store, "select messages", err);
	}
	*picked_out = list;
	*count_out = count;
	return 0;
}

/* Moves every picked message to new_state, each only from the state it
 * was picked in (the transaction keeps them so). */
static int
change_all(struct cks_store *store, const struct picked *list, size_t count,
	   const char *new_state, struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store, "UPDATE messages"
	    " SET state = ?, next_attempt_at = ? WHERE id = ? AND state = ?", err);
	int64_t now = cks_now_ms();
	int rc = CKS_STMT_DONE;

	if (stmt == NULL)
		return -1;
	for (size_t i = 0; i < count && rc == CKS_STMT_DONE; i++) {
		cks_stmt_reset(stmt);
		cks_stmt_bind_text(stmt, 1, new_state, -1, CKS_STMT_STATIC);
		cks_stmt_bind_int64(stmt, 2, now);
		cks_stmt_bind_int64(stmt, 3, list[i].id);
		cks_stmt_bind_text(stmt, 4, list[i].state, -1, CKS_STMT_STATIC);
		rc = cks_stmt_step(stmt);
		if (rc == CKS_STMT_DONE &&
		    cks_store_changes(store) != 1) {
			cks_stmt_finalize(stmt);
			return cks_error_set(err, CKS_ERROR_CONFLICT,
			    "message %lld changed state while selected",
			    (long long)list[i].id);
		}
	}
	cks_stmt_finalize(stmt);
	return rc == CKS_STMT_DONE ? 0 : cks_store_fail(store, "update messages", err);
}

static int
apply(struct cks_store *store, const struct cks_queue_selection *s,
      const char *alone1, const char *alone2, const char *new_state,
      size_t *count_out, struct cks_error *err)
{
	struct picked *list = NULL;
	size_t count = 0;

	*count_out = 0;
	if (!s->deferred && s->failed_since_ms <= 0 && s->domain == NULL)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "no messages selected: name deferred messages, a time "
		    "failed since, or a domain");
	if (s->failed_since_ms < 0)
		return cks_error_set_field(err, CKS_ERROR_INVALID, "failed_since",
		    "failed_since: the time is before 1970");
	if (s->domain != NULL &&
	    cks_queue_domain_check(s->domain, "to", err) < 0)
		return -1;
	if (cks_store_begin(store, err) < 0)
		return -1;
	if (pick(store, s, alone1, alone2, &list, &count, err) < 0 ||
	    change_all(store, list, count, new_state, err) < 0) {
		free(list);
		cks_store_rollback(store);
		return -1;
	}
	free(list);
	if (cks_store_commit(store, err) < 0)
		return -1;
	*count_out = count;
	return 0;
}

int
cks_queue_retry_selected(struct cks_store *store,
			 const struct cks_queue_selection *selection,
			 size_t *count_out, struct cks_error *err)
{
	return apply(store, selection, "deferred", "failed", "queued",
	    count_out, err);
}

int
cks_queue_cancel_selected(struct cks_store *store,
			  const struct cks_queue_selection *selection,
			  size_t *count_out, struct cks_error *err)
{
	*count_out = 0;
	if (selection->failed_since_ms != 0)
		return cks_error_set_field(err, CKS_ERROR_INVALID, "failed_since",
		    "failed_since: failed messages cannot be cancelled (they are "
		    "not going out)");
	return apply(store, selection, "queued", "deferred", "cancelled",
	    count_out, err);
}
