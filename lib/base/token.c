#include "autoconfig.h"

#include <strings.h>
#include <string.h>

#include "random.h"
#include "token.h"

static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

int
cks_token_new(char token[CKS_TOKEN_SIZE], struct cks_error *err)
{
	unsigned char random[CKS_TOKEN_LENGTH];

	if (cks_random_bytes(random, sizeof(random), err) < 0)
		return -1;
	/* 5 bits from each byte: 13 x 5 = 65 bits. */
	for (size_t i = 0; i < CKS_TOKEN_LENGTH; i++)
		token[i] = alphabet[random[i] & 31];
	token[CKS_TOKEN_LENGTH] = '\0';
	return 0;
}

int
cks_token_parse(const char *text, size_t length, char token[CKS_TOKEN_SIZE])
{
	if (length != CKS_TOKEN_LENGTH)
		return -1;
	for (size_t i = 0; i < length; i++) {
		char c = text[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c == 'i' || c == 'l')
			c = '1';
		else if (c == 'o')
			c = '0';
		if (c == '\0' || strchr(alphabet, c) == NULL)
			return -1;
		token[i] = c;
	}
	token[length] = '\0';
	return 0;
}

/* The 13 characters at p, if they are a token followed by one of ends. */
static int
token_at(const char *p, const char *ends, char token[CKS_TOKEN_SIZE])
{
	if (strnlen(p, CKS_TOKEN_LENGTH + 1) < CKS_TOKEN_LENGTH + 1)
		return -1;
	if (strchr(ends, p[CKS_TOKEN_LENGTH]) == NULL)
		return -1;
	return cks_token_parse(p, CKS_TOKEN_LENGTH, token);
}

int
cks_token_find(const char *text, char token[CKS_TOKEN_SIZE])
{
	for (const char *p = text; *p != '\0'; p++) {
		if (*p == '[' && strncasecmp(p, "[CKS-", 5) == 0 &&
		    token_at(p + 5, "]", token) == 0)
			return 0;
		if (*p == '+' && token_at(p + 1, "@", token) == 0)
			return 0;
		if ((*p == 's' || *p == 'S') && strncasecmp(p, "survey.", 7) == 0 &&
		    token_at(p + 7, ".@", token) == 0)
			return 0;
	}
	return -1;
}
