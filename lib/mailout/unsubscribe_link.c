#include "autoconfig.h"

#include "unsubscribe_link.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base64.h"
#include "download_link.h"
#include "hmac.h"

#define SIGNATURE_BYTES 16
#define SIGNATURE_LENGTH 22

static int
sign(const struct cks_config *config, const char *id,
     char out[SIGNATURE_LENGTH + 1], struct cks_error *err)
{
	const char *parts[] = { "unsubscribe.", id };
	unsigned char key[CKS_LINK_SECRET_MAX];
	unsigned char digest[CKS_HMAC_SHA256_SIZE];
	char encoded[CKS_BASE64_LENGTH(SIGNATURE_BYTES) + 1];
	size_t key_size = 0;
	int rc;

	if (cks_download_link_secret(config->http_link_secret_file, key,
	    &key_size, err) < 0)
		return cks_error_prefix(err, "http.link_secret_file");
	rc = cks_hmac_sha256(key, key_size, parts, 2, digest, err);
	explicit_bzero(key, sizeof(key));
	if (rc < 0)
		return -1;
	cks_base64url_encode(encoded, digest, SIGNATURE_BYTES);
	explicit_bzero(digest, sizeof(digest));
	memcpy(out, encoded, SIGNATURE_LENGTH);
	out[SIGNATURE_LENGTH] = '\0';
	return 0;
}

int
cks_unsubscribe_token(const struct cks_config *config, int64_t client_id,
		      char *token, struct cks_error *err)
{
	char id[24], signature[SIGNATURE_LENGTH + 1];

	if (client_id <= 0)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "client id %lld is not positive", (long long)client_id);
	snprintf(id, sizeof(id), "%lld", (long long)client_id);
	if (sign(config, id, signature, err) < 0)
		return -1;
	snprintf(token, CKS_UNSUBSCRIBE_TOKEN_MAX, "%s.%s", id, signature);
	return 0;
}

int
cks_unsubscribe_links(const struct cks_config *config, int64_t client_id,
		      char **url_out, char **mailto_out, struct cks_error *err)
{
	char token[CKS_UNSUBSCRIBE_TOKEN_MAX];
	size_t len;

	*url_out = *mailto_out = NULL;
	if (cks_unsubscribe_token(config, client_id, token, err) < 0)
		return -1;
	len = strlen(config->http_public_url) + sizeof("/u/") + strlen(token);
	*url_out = malloc(len);
	if (*url_out != NULL)
		snprintf(*url_out, len, "%s/u/%s", config->http_public_url, token);
	len = strlen(config->mail_reply_address) + strlen(token) +
	    sizeof("mailto:?subject=unsubscribe%20");
	*mailto_out = malloc(len);
	if (*mailto_out != NULL)
		snprintf(*mailto_out, len, "mailto:%s?subject=unsubscribe%%20%s",
		    config->mail_reply_address, token);
	if (*url_out == NULL || *mailto_out == NULL) {
		free(*url_out);
		free(*mailto_out);
		*url_out = *mailto_out = NULL;
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	}
	return 0;
}

int
cks_unsubscribe_token_verify(const struct cks_config *config,
			     const char *token, int64_t *client_id,
			     struct cks_error *err)
{
	char id[24], expected[SIGNATURE_LENGTH + 1];
	const char *dot = strchr(token, '.');
	size_t id_len = dot != NULL ? (size_t)(dot - token) : 0;
	int64_t n = 0;

	/* One canonical spelling: digits without a leading zero. */
	if (dot == NULL || id_len == 0 || id_len > 18 || token[0] == '0' ||
	    strlen(dot + 1) != SIGNATURE_LENGTH)
		return 0;
	for (size_t i = 0; i < id_len; i++) {
		if (token[i] < '0' || token[i] > '9')
			return 0;
		n = n * 10 + (token[i] - '0');
	}
	memcpy(id, token, id_len);
	id[id_len] = '\0';
	if (sign(config, id, expected, err) < 0)
		return -1;
	if (CRYPTO_memcmp(expected, dot + 1, SIGNATURE_LENGTH) != 0)
		return 0;
	*client_id = n;
	return 1;
}

int
cks_unsubscribe_subject(const struct cks_config *config, const char *subject,
			int64_t *client_id, struct cks_error *err)
{
	char token[CKS_UNSUBSCRIBE_TOKEN_MAX];
	const char *p = subject;
	size_t len;

	if (p == NULL)
		return 0;
	/* "Re: ", "Fwd: " ... before it, from mail programs. */
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, "re:", 3) == 0)
			p += 3;
		else if (strncasecmp(p, "aw:", 3) == 0)
			p += 3;
		else
			break;
	}
	if (strncasecmp(p, "unsubscribe", 11) != 0 ||
	    (p[11] != ' ' && p[11] != '\t'))
		return 0;
	p += 11;
	while (*p == ' ' || *p == '\t')
		p++;
	len = strcspn(p, " \t\r\n");
	if (len == 0 || len >= sizeof(token))
		return 0;
	memcpy(token, p, len);
	token[len] = '\0';
	return cks_unsubscribe_token_verify(config, token, client_id, err);
}

void
cks_unsubscribe_link_redact(char *url)
{
	char *slash = strrchr(url, '/'), *dot;

	if (slash == NULL || (dot = strchr(slash, '.')) == NULL)
		return;
	memset(dot + 1, 'x', strlen(dot + 1));
}
