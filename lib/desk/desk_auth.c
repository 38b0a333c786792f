/* Passwords are hashed by libxcrypt (crypt_r, crypt_gensalt_rn) with
 * yescrypt, its default and Debian's own choice for /etc/shadow: slow,
 * salted, memory-hard, and nothing of ours to get wrong. */
#include "autoconfig.h"

#include <crypt.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "client.h"
#include "clock.h"
#include "desk_auth.h"
#include "random.h"

static const char *const role_names[] = { "viewer", "agent", "supervisor" };

const char *
cks_desk_role_name(enum cks_desk_role role)
{
	return (unsigned)role < 3 ? role_names[role] : "nobody";
}

int
cks_desk_role_parse(const char *text, enum cks_desk_role *out)
{
	for (int i = 0; i < 3; i++)
		if (strcmp(text, role_names[i]) == 0) {
			*out = (enum cks_desk_role)i;
			return 0;
		}
	return -1;
}

/* The yescrypt hash of password, or -1. */
static int
hash_password(const char *password, char *out, size_t size,
	      struct cks_error *err)
{
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	struct crypt_data *data;
	const char *hash;
	int rc = 0;

	if (crypt_gensalt_rn("$y$", 0, NULL, 0, salt, sizeof(salt)) == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL,
		    "cannot make a yescrypt salt");
	if ((data = calloc(1, sizeof(*data))) == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	hash = crypt_r(password, salt, data);
	if (hash == NULL || hash[0] == '*' || strlen(hash) >= size)
		rc = cks_error_set(err, CKS_ERROR_INTERNAL,
		    "yescrypt hashing failed");
	else
		snprintf(out, size, "%s", hash);
	explicit_bzero(data, sizeof(*data));
	free(data);
	return rc;
}

/* 1 when password hashes to stored; a NULL stored still spends the
 * time of a hash, so an unknown login answers as slowly as a known one. */
static int
password_matches(const char *password, const char *stored)
{
	/* A hash of "x", made once with the same parameters. */
	static const char dummy[] =
	    "$y$j9T$4X9fFIKbFJrGLSS1BGu.L/$xZ3Hem54QYD7OCnVKn0edPJ/z/0W8fQyDwnvde4YhgD";
	struct crypt_data *data = calloc(1, sizeof(*data));
	const char *hash;
	int same = 0;

	if (data == NULL)
		return 0;
	hash = crypt_r(password, stored != NULL ? stored : dummy, data);
	if (stored != NULL && hash != NULL && hash[0] != '*' &&
	    strlen(hash) == strlen(stored))
		same = CRYPTO_memcmp(hash, stored, strlen(stored)) == 0;
	explicit_bzero(data, sizeof(*data));
	free(data);
	return same;
}

int
cks_desk_set_password(struct cks_store *store, const char *login,
		      const char *password, const enum cks_desk_role *role,
		      struct cks_error *err)
{
	char hash[CRYPT_OUTPUT_SIZE], folded[CKS_AGENT_LOGIN_MAX + 1];
	struct cks_stmt *stmt;
	int64_t changed;
	int rc;

	if (strlen(password) < CKS_DESK_PASSWORD_MIN)
		return cks_error_set_field(err, CKS_ERROR_INVALID, "password",
		    "password: at least %d bytes", CKS_DESK_PASSWORD_MIN);
	if (cks_check_line(password, "password", 1000, err) < 0)
		return -1;
	if (hash_password(password, hash, sizeof(hash), err) < 0)
		return -1;
	cks_agent_fold(login, folded, sizeof(folded));
	if (cks_store_begin(store, err) < 0)
		return -1;
	stmt = cks_store_prepare(store, role != NULL ?
	    "UPDATE agents SET password_hash = ?, desk_role = ? WHERE login = ?" :
	    "UPDATE agents SET password_hash = ? WHERE login = ?", err);
	if (stmt == NULL)
		goto fail;
	cks_stmt_bind_text(stmt, 1, hash, -1, CKS_STMT_STATIC);
	if (role != NULL)
		cks_stmt_bind_text(stmt, 2, cks_desk_role_name(*role), -1,
		    CKS_STMT_STATIC);
	cks_stmt_bind_text(stmt, role != NULL ? 3 : 2, folded, -1,
	    CKS_STMT_STATIC);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	changed = cks_store_changes(store);
	explicit_bzero(hash, sizeof(hash));
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(store, "set password", err);
		goto fail;
	}
	if (changed == 0) {
		cks_error_set(err, CKS_ERROR_NOT_FOUND, "agent '%s' not found",
		    folded);
		goto fail;
	}
	/* A new password ends the sessions signed in with the old one. */
	stmt = cks_store_prepare(store, "DELETE FROM desk_sessions WHERE agent_id"
	    " = (SELECT id FROM agents WHERE login = ?)", err);
	if (stmt == NULL)
		goto fail;
	cks_stmt_bind_text(stmt, 1, folded, -1, CKS_STMT_STATIC);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(store, "end sessions", err);
		goto fail;
	}
	return cks_store_commit(store, err);
fail:
	cks_store_rollback(store);
	return -1;
}

static void
sha256_hex(const char *text, char out[65])
{
	unsigned char digest[32];
	unsigned int len = 0;

	EVP_Digest(text, strlen(text), digest, &len, EVP_sha256(), NULL);
	for (unsigned i = 0; i < 32; i++)
		snprintf(out + i * 2, 3, "%02x", digest[i]);
}

/* The wait a key has earned: none for the first free failures, then 1 s
 * doubling, at most 300 s, counted from the last failure. */
static int64_t
blocked_until(int64_t failures, int64_t last_ms)
{
	int64_t over = failures - CKS_DESK_FREE_FAILURES, wait_s = 1;

	if (over <= 0)
		return 0;
	for (int64_t i = 1; i < over && wait_s < 300; i++)
		wait_s *= 2;
	return last_ms + (wait_s > 300 ? 300 : wait_s) * 1000;
}

/* The latest time key may try again (0: now). */
static int
throttle_get(struct cks_store *store, const char *key, int64_t *until,
	     struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store,
	    "SELECT blocked_until FROM desk_throttle WHERE key = ?", err);
	int rc;

	*until = 0;
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_text(stmt, 1, key, -1, CKS_STMT_STATIC);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW)
		*until = cks_stmt_column_int64(stmt, 0);
	cks_stmt_finalize(stmt);
	return rc == CKS_STMT_ROW || rc == CKS_STMT_DONE ? 0
	    : cks_store_fail(store, "read sign-in throttle", err);
}

/* A failure for key (failed 1) or a success (failed 0: forgotten).  A
 * failure an hour after the last one starts the count again. */
static int
throttle_note(struct cks_store *store, const char *key, int failed,
	      int64_t now, struct cks_error *err)
{
	struct cks_stmt *stmt;
	int64_t failures = 0, last = 0;
	int rc;

	if (!failed)
		stmt = cks_store_prepare(store,
		    "DELETE FROM desk_throttle WHERE key = ?", err);
	else
		stmt = cks_store_prepare(store,
		    "SELECT failures, last_at FROM desk_throttle WHERE key = ?", err);
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_text(stmt, 1, key, -1, CKS_STMT_STATIC);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW) {
		failures = cks_stmt_column_int64(stmt, 0);
		last = cks_stmt_column_int64(stmt, 1);
	}
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_ROW && rc != CKS_STMT_DONE)
		return cks_store_fail(store, "sign-in throttle", err);
	if (!failed)
		return 0;
	if (now - last > 3600 * 1000)
		failures = 0;
	failures++;
	stmt = cks_store_prepare(store,
	    "INSERT INTO desk_throttle (key, failures, last_at, blocked_until)"
	    " VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET"
	    " failures = excluded.failures, last_at = excluded.last_at,"
	    " blocked_until = excluded.blocked_until", err);
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_text(stmt, 1, key, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(stmt, 2, failures);
	cks_stmt_bind_int64(stmt, 3, now);
	cks_stmt_bind_int64(stmt, 4, blocked_until(failures, now));
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	return rc == CKS_STMT_DONE ? 0 : cks_store_fail(store, "sign-in throttle",
	    err);
}

/* The agent's id, hash (malloc'ed; NULL when none) and active flag. */
static int
find_agent(struct cks_store *store, const char *login, int64_t *id,
	   char **hash, int *active, struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store, "SELECT id,"
	    " password_hash, active FROM agents WHERE login = ?", err);
	int rc;

	*id = 0;
	*hash = NULL;
	*active = 0;
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_text(stmt, 1, login, -1, CKS_STMT_STATIC);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW) {
		*id = cks_stmt_column_int64(stmt, 0);
		*hash = cks_store_column_strdup(stmt, 1);
		*active = cks_stmt_column_int(stmt, 2);
	}
	cks_stmt_finalize(stmt);
	return rc == CKS_STMT_ROW || rc == CKS_STMT_DONE ? 0
	    : cks_store_fail(store, "read agent", err);
}

static int
start_session(struct cks_store *store, int64_t agent_id, int64_t now,
	      char token[CKS_DESK_TOKEN_HEX + 1], struct cks_error *err)
{
	char csrf[CKS_DESK_TOKEN_HEX + 1], hash[65];
	struct cks_stmt *stmt;
	int rc;

	if (cks_random_hex(token, 32, err) < 0 ||
	    cks_random_hex(csrf, 32, err) < 0)
		return -1;
	sha256_hex(token, hash);
	stmt = cks_store_prepare(store,
	    "INSERT INTO desk_sessions (token_hash, agent_id, csrf, created_at,"
	    " expires_at) VALUES (?, ?, ?, ?, ?)", err);
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_text(stmt, 1, hash, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(stmt, 2, agent_id);
	cks_stmt_bind_text(stmt, 3, csrf, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(stmt, 4, now);
	cks_stmt_bind_int64(stmt, 5, now + CKS_DESK_SESSION_MS);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE)
		return cks_store_fail(store, "start session", err);
	/* Expired sessions go as new ones come. */
	stmt = cks_store_prepare(store,
	    "DELETE FROM desk_sessions WHERE expires_at < ?", err);
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, now);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	return rc == CKS_STMT_DONE ? 0 : cks_store_fail(store, "end sessions", err);
}

int
cks_desk_sign_in(struct cks_store *store, const char *login,
		 const char *password, const char *address,
		 char token_out[CKS_DESK_TOKEN_HEX + 1],
		 struct cks_desk_user *user, long *retry_after_s,
		 struct cks_error *err)
{
	char folded[CKS_AGENT_LOGIN_MAX + 1], login_key[CKS_AGENT_LOGIN_MAX + 8];
	char addr_key[80];
	int64_t now = cks_now_ms(), until_login, until_addr = 0, agent_id;
	char *hash = NULL;
	int active, ok;

	*retry_after_s = 0;
	token_out[0] = '\0';
	if (cks_check_line(login, "login", CKS_AGENT_LOGIN_MAX, err) < 0)
		return -1;
	cks_agent_fold(login, folded, sizeof(folded));
	snprintf(login_key, sizeof(login_key), "login:%s", folded);
	snprintf(addr_key, sizeof(addr_key), "addr:%s", address ? address : "");
	if (throttle_get(store, login_key, &until_login, err) < 0 ||
	    (address != NULL && throttle_get(store, addr_key, &until_addr,
	    err) < 0))
		return -1;
	if (until_addr > until_login)
		until_login = until_addr;
	if (until_login > now) {
		*retry_after_s = (long)((until_login - now + 999) / 1000);
		return cks_error_set(err, CKS_ERROR_BUSY, "too many failed "
		    "sign-ins: try again in %ld s", *retry_after_s);
	}
	if (find_agent(store, folded, &agent_id, &hash, &active, err) < 0)
		return -1;
	ok = password_matches(password, hash) && active;
	free(hash);
	if (cks_store_begin(store, err) < 0)
		return -1;
	if (throttle_note(store, login_key, !ok, now, err) < 0 ||
	    (address != NULL && throttle_note(store, addr_key, !ok, now,
	    err) < 0) ||
	    (ok && start_session(store, agent_id, now, token_out, err) < 0)) {
		cks_store_rollback(store);
		return -1;
	}
	if (cks_store_commit(store, err) < 0)
		return -1;
	if (!ok)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "wrong login or password");
	return cks_desk_session(store, token_out, user, err);
}

int
cks_desk_session(struct cks_store *store, const char *token,
		 struct cks_desk_user *user, struct cks_error *err)
{
	char hash[65];
	struct cks_stmt *stmt;
	int rc;

	memset(user, 0, sizeof(*user));
	if (token == NULL || strlen(token) != CKS_DESK_TOKEN_HEX)
		return cks_error_set(err, CKS_ERROR_NOT_FOUND, "not signed in");
	sha256_hex(token, hash);
	stmt = cks_store_prepare(store,
	    "SELECT a.id, a.login, a.name_th, a.desk_role, s.csrf, s.expires_at"
	    " FROM desk_sessions s JOIN agents a ON a.id = s.agent_id"
	    " WHERE s.token_hash = ? AND s.expires_at > ? AND a.active = 1", err);
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_text(stmt, 1, hash, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(stmt, 2, cks_now_ms());
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW) {
		user->agent_id = cks_stmt_column_int64(stmt, 0);
		snprintf(user->login, sizeof(user->login), "%s",
		    (const char *)cks_stmt_column_text(stmt, 1));
		snprintf(user->name, sizeof(user->name), "%s",
		    (const char *)cks_stmt_column_text(stmt, 2));
		if (cks_desk_role_parse((const char *)cks_stmt_column_text(stmt,
		    3), &user->role) < 0)
			user->role = CKS_DESK_VIEWER;
		snprintf(user->csrf, sizeof(user->csrf), "%s",
		    (const char *)cks_stmt_column_text(stmt, 4));
		user->expires_ms = cks_stmt_column_int64(stmt, 5);
	}
	cks_stmt_finalize(stmt);
	if (rc == CKS_STMT_DONE)
		return cks_error_set(err, CKS_ERROR_NOT_FOUND, "not signed in");
	return rc == CKS_STMT_ROW ? 0 : cks_store_fail(store, "read session", err);
}

int
cks_desk_sign_out(struct cks_store *store, const char *token,
		  struct cks_error *err)
{
	char hash[65];
	struct cks_stmt *stmt;
	int rc;

	if (token == NULL)
		return 0;
	sha256_hex(token, hash);
	if (cks_store_begin(store, err) < 0)
		return -1;
	stmt = cks_store_prepare(store,
	    "DELETE FROM desk_sessions WHERE token_hash = ?", err);
	if (stmt == NULL) {
		cks_store_rollback(store);
		return -1;
	}
	cks_stmt_bind_text(stmt, 1, hash, -1, CKS_STMT_STATIC);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(store, "sign out", err);
		cks_store_rollback(store);
		return -1;
	}
	return cks_store_commit(store, err);
}

int
cks_desk_csrf_ok(const struct cks_desk_user *user, const char *presented)
{
	return presented != NULL && strlen(presented) == CKS_DESK_TOKEN_HEX &&
	    strlen(user->csrf) == CKS_DESK_TOKEN_HEX &&
	    CRYPTO_memcmp(presented, user->csrf, CKS_DESK_TOKEN_HEX) == 0;
}
