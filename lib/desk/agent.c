#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "client.h"
#include "clock.h"
#include "json_value.h"

#define AGENT_COLUMNS \
	"a.id, a.login, a.name_th, a.name_en, a.active, a.created_at," \
	" (SELECT count(*) FROM sessions s WHERE s.agent_id = a.id)"

void
cks_agent_fold(const char *login, char *out, size_t size)
{
	size_t i = 0;

	if (size == 0)
		return;
	for (; login[i] != '\0' && i + 1 < size; i++) {
		unsigned char c = (unsigned char)login[i];

		out[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	out[i] = '\0';
}

int
cks_agent_check_login(const char *login, const char *field,
		      struct cks_error *err)
{
	return cks_check_line(login, field, CKS_AGENT_LOGIN_MAX, err);
}

static int
insert(struct cks_store *store, const char *login, const char *name_th,
       const char *name_en, int64_t *id_out, struct cks_error *err)
{
	struct cks_stmt *stmt;
	int rc;

	stmt = cks_store_prepare(store,
	    "INSERT INTO agents (login, name_th, name_en, active, created_at)"
	    " VALUES (?, ?, ?, 1, ?)", err);
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_text(stmt, 1, login, -1, CKS_STMT_TRANSIENT);
	cks_stmt_bind_text(stmt, 2, name_th, -1, CKS_STMT_TRANSIENT);
	cks_stmt_bind_text(stmt, 3, name_en, -1, CKS_STMT_TRANSIENT);
	cks_stmt_bind_int64(stmt, 4, cks_now_ms());
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE)
		return cks_store_fail(store, "add agent", err);
	*id_out = cks_store_last_insert_id(store);
	return 0;
}

/* id and active of the agent with this (folded) login; 0 when none. */
static int
find(struct cks_store *store, const char *login, int64_t *id_out,
     int *active_out, struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store,
	    "SELECT id, active FROM agents WHERE login = ?", err);
	int rc;

	*id_out = 0;
	*active_out = 0;
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_text(stmt, 1, login, -1, CKS_STMT_TRANSIENT);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW) {
		*id_out = cks_stmt_column_int64(stmt, 0);
		*active_out = cks_stmt_column_int(stmt, 1);
	}
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_ROW && rc != CKS_STMT_DONE)
		return cks_store_fail(store, "find agent", err);
	return 0;
}

int
cks_agent_add(struct cks_store *store, const struct cks_agent_input *in,
	      int64_t *id_out, struct cks_error *err)
{
	char login[CKS_AGENT_LOGIN_MAX + 1];
	const char *th, *en;
	int64_t existing;
	int active;

	if (in->login == NULL)
		return cks_error_set_field(err, CKS_ERROR_INVALID, "login",
		    "login: is required");
	if (cks_agent_check_login(in->login, "login", err) < 0)
		return -1;
	if (in->name_th && cks_check_line(in->name_th, "name_th", 600, err) < 0)
		return -1;
	if (in->name_en && cks_check_line(in->name_en, "name_en", 600, err) < 0)
		return -1;
	cks_agent_fold(in->login, login, sizeof(login));
	th = in->name_th ? in->name_th : in->name_en ? in->name_en : in->login;
	en = in->name_en ? in->name_en : in->name_th ? in->name_th : in->login;
	if (cks_store_begin(store, err) < 0)
		return -1;
	if (find(store, login, &existing, &active, err) < 0)
		goto fail;
	if (existing != 0) {
		cks_error_set_field(err, CKS_ERROR_CONFLICT, "login",
		    "login: agent '%s' exists already (agent %lld)", login,
		    (long long)existing);
		goto fail;
	}
	if (insert(store, login, th, en, id_out, err) < 0)
		goto fail;
	return cks_store_commit(store, err);
fail:
	cks_store_rollback(store);
	return -1;
}

static struct cks_agent *
agent_from_row(struct cks_stmt *stmt)
{
	struct cks_agent *a = calloc(1, sizeof(*a));

	if (a == NULL)
		return NULL;
	a->id = cks_stmt_column_int64(stmt, 0);
	a->login = cks_store_column_strdup(stmt, 1);
	a->name_th = cks_store_column_strdup(stmt, 2);
	a->name_en = cks_store_column_strdup(stmt, 3);
	a->active = cks_stmt_column_int(stmt, 4);
	a->created_ms = cks_stmt_column_int64(stmt, 5);
	a->sessions = cks_stmt_column_int64(stmt, 6);
	if (a->login == NULL || a->name_th == NULL || a->name_en == NULL)
		cks_agent_free(&a);
	return a;
}

int
cks_agent_get(struct cks_store *store, const char *login,
	      struct cks_agent **agent_out, struct cks_error *err)
{
	char folded[CKS_AGENT_LOGIN_MAX + 1];
	struct cks_stmt *stmt;
	int rc;

	*agent_out = NULL;
	if (cks_agent_check_login(login, "login", err) < 0)
		return -1;
	cks_agent_fold(login, folded, sizeof(folded));
	stmt = cks_store_prepare(store,
	    "SELECT " AGENT_COLUMNS " FROM agents a WHERE a.login = ?", err);
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_text(stmt, 1, folded, -1, CKS_STMT_TRANSIENT);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW) {
		*agent_out = agent_from_row(stmt);
		cks_stmt_finalize(stmt);
		if (*agent_out == NULL)
			return cks_error_set(err, CKS_ERROR_INTERNAL,
			    "agent: out of memory");
		return 0;
	}
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE)
		return cks_store_fail(store, "get agent", err);
	return cks_error_set_field(err, CKS_ERROR_NOT_FOUND, "login",
	    "agent '%s' not found", folded);
}

int
cks_agent_list(struct cks_store *store, int include_disabled,
	       struct cks_agent ***agents_out, size_t *count_out,
	       struct cks_error *err)
{
	struct cks_agent **list = NULL;
	size_t count = 0;
	struct cks_stmt *stmt;
	int rc;

	*agents_out = NULL;
	*count_out = 0;
	stmt = cks_store_prepare(store,
	    "SELECT " AGENT_COLUMNS " FROM agents a"
	    " WHERE ? <> 0 OR a.active = 1 ORDER BY a.login", err);
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int(stmt, 1, include_disabled != 0);
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW) {
		struct cks_agent **grown = realloc(list,
		    (count + 1) * sizeof(*list));

		if (grown == NULL || (grown[count] = agent_from_row(stmt)) == NULL) {
			if (grown != NULL)
				list = grown;
			cks_stmt_finalize(stmt);
			cks_agent_list_free(&list, count);
			return cks_error_set(err, CKS_ERROR_INTERNAL,
			    "agent list: out of memory");
		}
		list = grown;
		count++;
	}
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		cks_agent_list_free(&list, count);
		return cks_store_fail(store, "list agents", err);
	}
	*agents_out = list;
	*count_out = count;
	return 0;
}

int
cks_agent_disable(struct cks_store *store, const char *login,
		  struct cks_error *err)
{
	char folded[CKS_AGENT_LOGIN_MAX + 1];
	struct cks_stmt *stmt;
	int64_t id;
	int active, rc;

	if (cks_agent_check_login(login, "login", err) < 0)
		return -1;
	cks_agent_fold(login, folded, sizeof(folded));
	if (cks_store_begin(store, err) < 0)
		return -1;
	if (find(store, folded, &id, &active, err) < 0)
		goto fail;
	if (id == 0) {
		cks_error_set_field(err, CKS_ERROR_NOT_FOUND, "login",
		    "agent '%s' not found", folded);
		goto fail;
	}
	stmt = cks_store_prepare(store,
	    "UPDATE agents SET active = 0 WHERE id = ?", err);
	if (stmt == NULL)
		goto fail;
	cks_stmt_bind_int64(stmt, 1, id);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(store, "disable agent", err);
		goto fail;
	}
	return cks_store_commit(store, err);
fail:
	cks_store_rollback(store);
	return -1;
}

int
cks_agent_for_session(struct cks_store *store, const char *name,
		      int64_t *id_out, char *login_out, size_t login_size,
		      struct cks_error *err)
{
	char login[CKS_AGENT_LOGIN_MAX + 1];
	int active;

	if (cks_agent_check_login(name, "agent", err) < 0)
		return -1;
	cks_agent_fold(name, login, sizeof(login));
	if (cks_store_begin(store, err) < 0)
		return -1;
	if (find(store, login, id_out, &active, err) < 0)
		goto fail;
	if (*id_out != 0 && !active) {
		cks_error_set_field(err, CKS_ERROR_CONFLICT, "agent",
		    "agent: '%s' is disabled and cannot open new sessions",
		    login);
		goto fail;
	}
	if (*id_out == 0 && insert(store, login, name, name, id_out, err) < 0)
		goto fail;
	snprintf(login_out, login_size, "%s", login);
	return cks_store_commit(store, err);
fail:
	cks_store_rollback(store);
	return -1;
}

void
cks_agent_free(struct cks_agent **agent)
{
	if (agent == NULL || *agent == NULL)
		return;
	free((*agent)->login);
	free((*agent)->name_th);
	free((*agent)->name_en);
	free(*agent);
	*agent = NULL;
}

void
cks_agent_list_free(struct cks_agent ***agents, size_t count)
{
	if (agents == NULL || *agents == NULL)
		return;
	for (size_t i = 0; i < count; i++)
		cks_agent_free(&(*agents)[i]);
	free(*agents);
	*agents = NULL;
}

json_t *
cks_agent_to_json(const struct cks_agent *a)
{
	return json_pack("{sIsssssssbsosI}",
	    "id", (json_int_t)a->id,
	    "login", a->login,
	    "name_th", a->name_th,
	    "name_en", a->name_en,
	    "active", a->active,
	    "created_at", cks_json_time_or_null(a->created_ms),
	    "sessions", (json_int_t)a->sessions);
}
