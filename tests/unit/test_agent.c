/* Unit tests for lib/desk/agent: adding, case-insensitive logins, refused
 * control characters, disabling, the agent a session is opened for, the
 * session list's filter by agent, and migration 8 on a store built at
 * schema 7 with mixed-case free-text agents. */
#include "autoconfig.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testhelp.h"
#include "agent.h"
#include "client.h"
#include "schema.h"
#include "session.h"

struct fixture {
	struct cks_store *store;
	struct cks_channels *channels;
	int64_t client;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct cks_client_input c = { .name = "สมชาย ใจดี" };
	struct cks_error err;

	if (f == NULL)
		return -1;
	*state = f;
	f->store = test_store_new();
	f->channels = test_channels_load();
	if (cks_client_add(f->store, &c, &f->client, &err) < 0)
		fail_msg("cks_client_add: %s", err.message);
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	cks_channels_free(&f->channels);
	cks_store_close(&f->store);
	free(f);
	return 0;
}

static long long
count(struct cks_store *store, const char *sql)
{
	struct cks_stmt *stmt = NULL;
	long long n;

	stmt = cks_store_prepare(store,
	    sql, NULL);
	assert_non_null(stmt);
	assert_int_equal(cks_stmt_step(stmt), CKS_STMT_ROW);
	n = cks_stmt_column_int64(stmt, 0);
	cks_stmt_finalize(stmt);
	return n;
}

static void
test_fold(void **state)
{
	char out[32];

	(void)state;
	cks_agent_fold("NaPa.S", out, sizeof(out));
	assert_string_equal(out, "napa.s");
	cks_agent_fold("นภา", out, sizeof(out));
	assert_string_equal(out, "นภา");
	cks_agent_fold("ABCDEF", out, 4);
	assert_string_equal(out, "abc");
}

static void
test_add_get_case_insensitive(void **state)
{
	struct fixture *f = *state;
	struct cks_agent_input in = { .login = "Napa", .name_th = "นภา",
	    .name_en = "Napa" };
	struct cks_agent *a;
	struct cks_error err;
	int64_t id, id2;

	assert_int_equal(cks_agent_add(f->store, &in, &id, &err), 0);
	assert_int_equal(cks_agent_get(f->store, "NAPA", &a, &err), 0);
	assert_int_equal(a->id, id);
	assert_string_equal(a->login, "napa");
	assert_string_equal(a->name_th, "นภา");
	assert_string_equal(a->name_en, "Napa");
	assert_true(a->active);
	assert_int_equal(a->sessions, 0);
	cks_agent_free(&a);
	assert_null(a);

	/* The same login in another case is the same agent. */
	in.login = "napa";
	assert_int_equal(cks_agent_add(f->store, &in, &id2, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_CONFLICT);
	assert_string_equal(err.field, "login");

	/* One name given: the other is the same; none: the login. */
	in.login = "somchai";
	in.name_th = NULL;
	in.name_en = "Somchai";
	assert_int_equal(cks_agent_add(f->store, &in, &id2, &err), 0);
	assert_int_equal(cks_agent_get(f->store, "somchai", &a, &err), 0);
	assert_string_equal(a->name_th, "Somchai");
	cks_agent_free(&a);

	assert_int_equal(cks_agent_get(f->store, "nobody", &a, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_NOT_FOUND);
	assert_null(a);
}

static void
test_refuses_control_characters(void **state)
{
	struct fixture *f = *state;
	struct cks_agent_input in = { .login = "napa\r\nX-Evil: 1" };
	struct cks_error err;
	int64_t id;

	assert_int_equal(cks_agent_add(f->store, &in, &id, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_string_equal(err.field, "login");
	assert_non_null(strstr(err.message, "login"));

	in.login = "napa";
	in.name_th = "นภา\n";
	assert_int_equal(cks_agent_add(f->store, &in, &id, &err), -1);
	assert_string_equal(err.field, "name_th");
	in.name_th = NULL;
	in.name_en = "Napa\x1b[31m";
	assert_int_equal(cks_agent_add(f->store, &in, &id, &err), -1);
	assert_string_equal(err.field, "name_en");
	in.login = "";
	in.name_en = NULL;
	assert_int_equal(cks_agent_add(f->store, &in, &id, &err), -1);
	assert_string_equal(err.field, "login");
	assert_int_equal(count(f->store, "SELECT count(*) FROM agents"), 0);
}

static int64_t
open_session(struct fixture *f, const char *agent)
{
	struct cks_error err;
	int64_t id;

	if (cks_session_open(f->store, f->channels, "counter", f->client, agent,
	    0, &id, &err) < 0)
		fail_msg("cks_session_open(%s): %s", agent, err.message);
	return id;
}

static void
test_sessions_fold_onto_one_agent(void **state)
{
	struct fixture *f = *state;
	struct cks_session_filter filter = { NULL, 0, 0, 100, "NAPA" };
	struct cks_session **list, *s;
	struct cks_agent **agents;
	struct cks_agent *a;
	struct cks_error err;
	size_t n;
	int64_t id;

	open_session(f, "Napa");
	id = open_session(f, "napa");
	open_session(f, "Somchai");
	/* An unknown name becomes an agent the first time. */
	assert_int_equal(count(f->store, "SELECT count(*) FROM agents"), 2);
	assert_int_equal(count(f->store,
	    "SELECT count(DISTINCT agent_id) FROM sessions"), 2);
	assert_int_equal(cks_session_get(f->store, id, &s, &err), 0);
	assert_string_equal(s->agent, "napa");
	cks_session_free(&s);
	assert_int_equal(cks_agent_get(f->store, "napa", &a, &err), 0);
	assert_int_equal(a->sessions, 2);
	cks_agent_free(&a);

	assert_int_equal(cks_session_list(f->store, &filter, &list, &n, &err), 0);
	assert_int_equal(n, 2);
	cks_session_list_free(&list, n);
	filter.agent = "nobody";
	assert_int_equal(cks_session_list(f->store, &filter, &list, &n, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_NOT_FOUND);
	assert_string_equal(err.field, "agent");

	/* Disabled: no new session, the old ones stay. */
	assert_int_equal(cks_agent_disable(f->store, "NaPa", &err), 0);
	assert_int_equal(cks_agent_disable(f->store, "napa", &err), 0);
	assert_int_equal(cks_session_open(f->store, f->channels, "counter",
	    f->client, "NAPA", 0, &id, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_CONFLICT);
	assert_string_equal(err.field, "agent");
	assert_non_null(strstr(err.message, "'napa' is disabled"));
	assert_int_equal(count(f->store, "SELECT count(*) FROM sessions"), 3);
	assert_int_equal(cks_agent_list(f->store, 0, &agents, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(agents[0]->login, "somchai");
	cks_agent_list_free(&agents, n);
	assert_int_equal(cks_agent_list(f->store, 1, &agents, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(agents[0]->login, "napa");
	assert_false(agents[0]->active);
	cks_agent_list_free(&agents, n);
	assert_int_equal(cks_agent_disable(f->store, "nobody", &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_NOT_FOUND);
}

static void
raw_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
}

/* A store built at schema 7 (the migrations as shipped) with free-text
 * agents in mixed case, opened by this build: migration 8 groups them. */
static void
test_migration_8_from_schema_7(void **state)
{
	char *path = test_path("schema7.db");
	struct cks_store *store;
	struct cks_agent *a;
	struct cks_error err;
	char sql[128];
	sqlite3 *db;

	(void)state;
	assert_true(cks_schema_latest >= 8);
	assert_int_equal(cks_schema_migrations[7].version, 8);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	raw_exec(db, "PRAGMA foreign_keys = ON");
	for (int i = 0; i < 7; i++)
		raw_exec(db, cks_schema_migrations[i].sql);
	raw_exec(db, "PRAGMA user_version = 7");
	snprintf(sql, sizeof(sql), "PRAGMA application_id = %d",
	    CKS_SCHEMA_APPLICATION_ID);
	raw_exec(db, sql);
	raw_exec(db,
	    "INSERT INTO clients (id, name, created_at, updated_at)"
	    " VALUES (1, 'c', 1, 1);"
	    "INSERT INTO sessions (id, channel, client_id, agent, opened_at)"
	    " VALUES (1, 'counter', 1, 'Napa', 1000),"
	    " (2, 'email', 1, 'napa', 2000),"
	    " (3, 'counter', 1, 'NAPA', 3000),"
	    " (4, 'counter', 1, 'สมชาย', 4000),"
	    " (5, 'counter', 1, 'Ann Lee', 5000);");
	assert_int_equal(sqlite3_close(db), SQLITE_OK);

	assert_int_equal(cks_store_open(path, 1000, &store, &err), 0);
	assert_int_equal(cks_store_schema_version(store), cks_schema_latest);
	assert_int_equal(count(store, "SELECT count(*) FROM agents"), 3);
	assert_int_equal(count(store,
	    "SELECT count(*) FROM sessions WHERE agent_id IS NULL"), 0);
	assert_int_equal(count(store, "SELECT count(DISTINCT agent_id)"
	    " FROM sessions WHERE id IN (1, 2, 3)"), 1);
	assert_int_equal(count(store, "SELECT count(*) FROM sessions s"
	    " JOIN agents a ON a.id = s.agent_id WHERE s.agent <> a.login"), 0);

	assert_int_equal(cks_agent_get(store, "napa", &a, &err), 0);
	assert_string_equal(a->login, "napa");
	assert_string_equal(a->name_en, "NAPA");   /* min(): capitals first */
	assert_int_equal(a->sessions, 3);
	assert_int_equal(a->created_ms, 1000);
	assert_true(a->active);
	cks_agent_free(&a);
	assert_int_equal(cks_agent_get(store, "สมชาย", &a, &err), 0);
	assert_int_equal(a->sessions, 1);
	cks_agent_free(&a);
	assert_int_equal(cks_agent_get(store, "ANN LEE", &a, &err), 0);
	assert_string_equal(a->login, "ann lee");
	assert_string_equal(a->name_th, "Ann Lee");
	cks_agent_free(&a);
	assert_int_equal(count(store, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	cks_store_close(&store);
	free(path);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		T(test_add_get_case_insensitive),
		T(test_refuses_control_characters),
		T(test_sessions_fold_onto_one_agent),
		cmocka_unit_test(test_migration_8_from_schema_7),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
