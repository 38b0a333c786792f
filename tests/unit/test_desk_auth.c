/* Unit tests for lib/desk/desk_auth: a yescrypt hash in the store (never
 * the password), sign-in and the session it starts, the CSRF check, the
 * waits after failed sign-ins per login and per address (on the fake
 * clock: 3 free failures, then 1 s doubling), a new password ending the
 * old sessions, and a disabled agent's session ending. */
#include "autoconfig.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testhelp.h"
#include "agent.h"
#include "desk_auth.h"

static char *
column(struct cks_store *store, const char *sql)
{
	struct cks_error err;
	struct cks_stmt *stmt = cks_store_prepare(store, sql, &err);
	char *text = NULL;

	assert_non_null(stmt);
	if (cks_stmt_step(stmt) == CKS_STMT_ROW)
		text = cks_store_column_strdup(stmt, 0);
	cks_stmt_finalize(stmt);
	return text;
}

static struct cks_store *
with_agent(void)
{
	struct cks_store *store = test_store_new();
	struct cks_agent_input in = { .login = "Napa", .name_th = "นภา" };
	enum cks_desk_role role = CKS_DESK_SUPERVISOR;
	struct cks_error err;
	int64_t id;

	assert_int_equal(cks_agent_add(store, &in, &id, &err), 0);
	assert_int_equal(cks_desk_set_password(store, "NAPA", "correct horse",
	    &role, &err), 0);
	return store;
}

static void
test_sign_in(void **state)
{
	struct cks_store *store = with_agent();
	struct cks_desk_user user, again;
	char token[CKS_DESK_TOKEN_HEX + 1], *hash;
	struct cks_error err;
	long retry;

	(void)state;
	hash = column(store, "SELECT password_hash FROM agents");
	assert_non_null(hash);
	assert_memory_equal(hash, "$y$", 3);
	assert_null(strstr(hash, "correct horse"));
	free(hash);
	assert_int_equal(cks_desk_sign_in(store, "napa", "correct horse",
	    "192.0.2.1", token, &user, &retry, &err), 0);
	assert_int_equal(strlen(token), CKS_DESK_TOKEN_HEX);
	assert_string_equal(user.login, "napa");
	assert_int_equal(user.role, CKS_DESK_SUPERVISOR);
	assert_int_equal(cks_desk_session(store, token, &again, &err), 0);
	assert_string_equal(again.csrf, user.csrf);
	assert_true(cks_desk_csrf_ok(&again, user.csrf));
	assert_false(cks_desk_csrf_ok(&again, token));
	assert_false(cks_desk_csrf_ok(&again, NULL));
	/* The store keeps a hash of the cookie, not the cookie. */
	hash = column(store, "SELECT token_hash FROM desk_sessions");
	assert_string_not_equal(hash, token);
	free(hash);
	assert_int_equal(cks_desk_sign_in(store, "napa", "wrong horse", NULL,
	    token, &user, &retry, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_int_equal(cks_desk_sign_in(store, "nobody", "correct horse",
	    NULL, token, &user, &retry, &err), -1);
	assert_string_equal(err.message, "wrong login or password");
	cks_store_close(&store);
}

static void
test_throttle(void **state)
{
	struct cks_store *store = with_agent();
	struct cks_desk_user user;
	char token[CKS_DESK_TOKEN_HEX + 1];
	struct cks_error err;
	long retry;

	(void)state;
	test_clock_fake();
	for (int i = 0; i < 4; i++)
		assert_int_equal(cks_desk_sign_in(store, "napa", "guess",
		    "192.0.2.9", token, &user, &retry, &err), -1);
	/* Four failures: the right password waits 1 s, from any address. */
	assert_int_equal(cks_desk_sign_in(store, "napa", "correct horse",
	    "198.51.100.1", token, &user, &retry, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_BUSY);
	assert_int_equal(retry, 1);
	test_clock_advance(1000);
	assert_int_equal(cks_desk_sign_in(store, "napa", "guess", "192.0.2.9",
	    token, &user, &retry, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_int_equal(cks_desk_sign_in(store, "napa", "correct horse",
	    "198.51.100.1", token, &user, &retry, &err), -1);
	assert_int_equal(retry, 2);            /* the fifth doubled it */
	test_clock_advance(2000);
	assert_int_equal(cks_desk_sign_in(store, "napa", "correct horse",
	    "198.51.100.1", token, &user, &retry, &err), 0);
	test_clock_real();
	cks_store_close(&store);
}

static void
test_sessions_end(void **state)
{
	struct cks_store *store = with_agent();
	struct cks_desk_user user;
	char token[CKS_DESK_TOKEN_HEX + 1], other[CKS_DESK_TOKEN_HEX + 1];
	struct cks_error err;
	long retry;

	(void)state;
	assert_int_equal(cks_desk_sign_in(store, "napa", "correct horse", NULL,
	    token, &user, &retry, &err), 0);
	assert_int_equal(cks_desk_set_password(store, "napa", "battery staple",
	    NULL, &err), 0);
	assert_int_equal(cks_desk_session(store, token, &user, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_NOT_FOUND);
	assert_int_equal(cks_desk_sign_in(store, "napa", "battery staple", NULL,
	    other, &user, &retry, &err), 0);
	assert_int_equal(user.role, CKS_DESK_SUPERVISOR);  /* role kept */
	assert_int_equal(cks_agent_disable(store, "napa", &err), 0);
	assert_int_equal(cks_desk_session(store, other, &user, &err), -1);
	assert_int_equal(cks_desk_set_password(store, "ghost", "long enough",
	    NULL, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_NOT_FOUND);
	assert_int_equal(cks_desk_set_password(store, "napa", "short", NULL,
	    &err), -1);
	assert_string_equal(err.field, "password");
	cks_store_close(&store);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sign_in),
		cmocka_unit_test(test_throttle),
		cmocka_unit_test(test_sessions_end),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
