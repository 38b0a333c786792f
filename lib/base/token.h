/* Survey tokens: 13 characters of Crockford base32 (65 random bits), so a
 * reply can be matched to its invitation and nobody can guess another's.
 * Lower case inside; matching ignores case, since mail systems and people
 * change it. */
#ifndef CKS_TOKEN_H
#define CKS_TOKEN_H

#include <stddef.h>

#include "error.h"

#define CKS_TOKEN_LENGTH 13
#define CKS_TOKEN_SIZE (CKS_TOKEN_LENGTH + 1)

/* A new random token from cks_random_bytes(). */
int cks_token_new(char token[CKS_TOKEN_SIZE], struct cks_error *err);

/* Copies text into token in canonical (lower) case if it is a token; -1
 * otherwise.  Crockford's confusable letters are folded: I, L -> 1, O -> 0. */
int cks_token_parse(const char *text, size_t length, char token[CKS_TOKEN_SIZE]);

/* Finds a token where we put one: the Subject tag "[CKS-TOKEN]", a plus
 * address "+token@", or our Message-ID "survey.token.".  0 when found. */
int cks_token_find(const char *text, char token[CKS_TOKEN_SIZE]);

#endif
