#include "autoconfig.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "token.h"

static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

int
cks_token_new(char token[CKS_TOKEN_SIZE], struct cks_error *err)
{
	unsigned char random[CKS_TOKEN_LENGTH];
	size_t got = 0;

	while (got < sizeof(random)) {
		ssize_t n = getrandom(random + got, sizeof(random) - got, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return cks_error_set(err, CKS_ERROR_INTERNAL,
			    "getrandom: %s", strerror(errno));
		got += (size_t)n;
	}
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
