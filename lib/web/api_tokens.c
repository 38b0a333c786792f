#include "autoconfig.h"

#include "api_tokens.h"

#include <errno.h>
#include <limits.h>
#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MIN_TOKEN_LENGTH 16

struct token_entry {
	char name[64];
	unsigned char digest[SHA256_DIGEST_LENGTH];  /* of the token */
	enum cks_api_role role;
};

struct cks_api_tokens {
	struct token_entry *entries;
	size_t count;
};

static int
name_valid(const char *name)
{
	size_t len = strlen(name);

	return len > 0 && len < 64 &&
	    strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		"0123456789._@-") == len;
}

static int
token_valid(const char *token)
{
	for (const char *p = token; *p != '\0'; p++)
		if (*p <= ' ' || *p >= 127)
			return 0;
	return strlen(token) >= MIN_TOKEN_LENGTH;
}

static int
add_line(struct cks_api_tokens *t, char *line, const char *where,
	 struct cks_error *err)
{
	char *save = NULL, *name, *token, *role, *extra;
	struct token_entry *e, *grown;

	name = strtok_r(line, " \t\r\n", &save);
	if (name == NULL || name[0] == '#')
		return 0;
	token = strtok_r(NULL, " \t\r\n", &save);
	role = strtok_r(NULL, " \t\r\n", &save);
	extra = strtok_r(NULL, " \t\r\n", &save);
	if (token == NULL || extra != NULL)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: expected 'name token [viewer|agent|admin]'", where);
	if (!name_valid(name))
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: name '%.64s' must be 1-63 letters, digits, '.', '_', "
		    "'@' or '-'", where, name);
	if (strlen(token) > CKS_API_TOKEN_MAX)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: the token of '%s' is %zu characters, over the %d a "
		    "request can carry: it could never match", where, name,
		    strlen(token), CKS_API_TOKEN_MAX);
	if (!token_valid(token))
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: the token of '%s' must be at least %d printable "
		    "characters without blanks", where, name, MIN_TOKEN_LENGTH);
	if (role != NULL && strcmp(role, "agent") != 0 &&
	    strcmp(role, "viewer") != 0 && strcmp(role, "admin") != 0)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: role '%.20s' is not viewer, agent or admin", where, role);
	grown = realloc(t->entries, (t->count + 1) * sizeof(*grown));
	if (grown == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	t->entries = grown;
	e = &t->entries[t->count];
	snprintf(e->name, sizeof(e->name), "%s", name);
	SHA256((const unsigned char *)token, strlen(token), e->digest);
	e->role = role == NULL || strcmp(role, "agent") == 0 ? CKS_API_AGENT :
	    strcmp(role, "viewer") == 0 ? CKS_API_VIEWER : CKS_API_ADMIN;
	for (size_t i = 0; i < t->count; i++) {
		if (strcmp(t->entries[i].name, name) == 0)
			return cks_error_set(err, CKS_ERROR_INVALID,
			    "%s: name '%s' appears twice", where, name);
		if (memcmp(t->entries[i].digest, e->digest, sizeof(e->digest)) == 0)
			return cks_error_set(err, CKS_ERROR_INVALID,
			    "%s: '%s' has the same token as '%s'", where, name,
			    t->entries[i].name);
	}
	t->count++;
	return 0;
}

int
cks_api_tokens_load(const char *path, struct cks_api_tokens **tokens_out,
		    struct cks_error *err)
{
	struct cks_api_tokens *t = calloc(1, sizeof(*t));
	char line[1024], where[PATH_MAX + 32];
	unsigned lineno = 0;
	struct stat st;
	FILE *f;

	*tokens_out = NULL;
	if (t == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	f = fopen(path, "r");
	if (f == NULL && errno == ENOENT) {
		*tokens_out = t;
		return 0;
	}
	if (f == NULL) {
		free(t);
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "cannot read API tokens file %s: %s", path, strerror(errno));
	}
	if (fstat(fileno(f), &st) == 0 && (st.st_mode & 077) != 0) {
		fclose(f);
		free(t);
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "API tokens file %s may be read by others (mode %03o): "
		    "chmod 600 it", path, (unsigned)(st.st_mode & 0777));
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		snprintf(where, sizeof(where), "%s:%u", path, lineno);
		if (strchr(line, '\n') == NULL && !feof(f)) {
			cks_error_set(err, CKS_ERROR_INVALID, "%s: line too long",
			    where);
			goto fail;
		}
		if (add_line(t, line, where, err) < 0)
			goto fail;
	}
	fclose(f);
	*tokens_out = t;
	return 0;
fail:
	fclose(f);
	cks_api_tokens_free(&t);
	return -1;
}

const char *
cks_api_tokens_check(const struct cks_api_tokens *tokens, const char *presented,
		     enum cks_api_role *role_out)
{
	unsigned char digest[SHA256_DIGEST_LENGTH];
	const struct token_entry *found = NULL;

	if (tokens == NULL || presented == NULL)
		return NULL;
	/* Comparing digests, and every one of them, keeps the time the same
	 * whichever token (if any) matches and however much of it. */
	SHA256((const unsigned char *)presented, strlen(presented), digest);
	for (size_t i = 0; i < tokens->count; i++)
		if (CRYPTO_memcmp(digest, tokens->entries[i].digest,
		    sizeof(digest)) == 0)
			found = &tokens->entries[i];
	if (found == NULL)
		return NULL;
	*role_out = found->role;
	return found->name;
}

size_t
cks_api_tokens_count(const struct cks_api_tokens *tokens)
{
	return tokens != NULL ? tokens->count : 0;
}

void
cks_api_tokens_free(struct cks_api_tokens **tokens)
{
	if (*tokens == NULL)
		return;
	free((*tokens)->entries);
	free(*tokens);
	*tokens = NULL;
}
