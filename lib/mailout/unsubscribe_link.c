#include "autoconfig.h"

#include "unsubscribe_link.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "link_sign.h"

int
cks_unsubscribe_token(const struct cks_config *config, int64_t client_id,
		      char *token, struct cks_error *err)
{
	char id[24], signature[CKS_LINK_SIGNATURE_LENGTH + 1];

	if (client_id <= 0)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "client id %lld is not positive", (long long)client_id);
	snprintf(id, sizeof(id), "%lld", (long long)client_id);
	if (cks_link_sign(config, "unsubscribe.", id, signature, err) < 0)
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
	const char *dot = strchr(token, '.');

	if (dot == NULL)
		return 0;
	return cks_link_verify_id(config, "unsubscribe.", token,
	    (size_t)(dot - token), dot + 1, client_id, err);
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
