#include "autoconfig.h"

#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"

/* EVP_EncodeBlock writes whole groups; 48 input bytes at a time keeps the
 * stack buffer small and the output identical to one call. */
void
cks_base64_add(struct cks_buffer *b, const void *data, size_t size)
{
	const unsigned char *p = data;
	unsigned char group[CKS_BASE64_LENGTH(48) + 1];

	while (size > 0) {
		size_t n = size < 48 ? size : 48;
		int len = EVP_EncodeBlock(group, p, (int)n);

		cks_buffer_add(b, (const char *)group, (size_t)len);
		p += n;
		size -= n;
	}
}

size_t
cks_base64url_encode(char *out, const void *data, size_t size)
{
	int len = EVP_EncodeBlock((unsigned char *)out, data, (int)size);

	while (len > 0 && out[len - 1] == '=')
		len--;
	out[len] = '\0';
	for (int i = 0; i < len; i++)
		out[i] = out[i] == '+' ? '-' : out[i] == '/' ? '_' : out[i];
	return (size_t)len;
}

static int
is_base64_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '+' || c == '/';
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* EVP_DecodeBlock accepts some things we refuse (white space inside a
 * group, data after padding) and counts padding as zero bytes, so the
 * text is checked and compacted first and the padding subtracted after. */
int
cks_base64_decode(const char *text, size_t length, unsigned char **data_out,
		  size_t *size_out, struct cks_error *err)
{
	char *compact = malloc(length + 1);
	unsigned char *data = NULL;
	size_t n = 0, padding = 0;
	int decoded;

	*data_out = NULL;
	*size_out = 0;
	if (compact == NULL)
		return cks_error_set(err, CKS_ERROR_TEMPORARY, "out of memory");
	for (size_t i = 0; i < length; i++) {
		char c = text[i];

		if (is_space(c))
			continue;
		if (c == '=' && padding < 2)
			padding++;
		else if (padding > 0 || !is_base64_char(c))
			goto invalid;
		compact[n++] = c;
	}
	if (n % 4 != 0)
		goto invalid;
	compact[n] = '\0';
	data = malloc(n / 4 * 3 + 1);
	if (data == NULL) {
		free(compact);
		return cks_error_set(err, CKS_ERROR_TEMPORARY, "out of memory");
	}
	decoded = n == 0 ? 0 : EVP_DecodeBlock(data, (unsigned char *)compact, (int)n);
	free(compact);
	if (decoded < 0 || (size_t)decoded < padding) {
		free(data);
		return cks_error_set(err, CKS_ERROR_INVALID, "not base64");
	}
	*data_out = data;
	*size_out = (size_t)decoded - padding;
	return 0;
invalid:
	free(compact);
	return cks_error_set(err, CKS_ERROR_INVALID,
	    "not base64 (A-Z a-z 0-9 + / and '=' padding)");
}
