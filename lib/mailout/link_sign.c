#include "autoconfig.h"

#include "link_sign.h"

#include <openssl/crypto.h>
#include <string.h>

#include "base64.h"
#include "download_link.h"
#include "hmac.h"

#define SIGNATURE_BYTES 16                     /* of the 32 of SHA-256 */

int
cks_link_sign(const struct cks_config *config, const char *purpose,
	      const char *id, char out[CKS_LINK_SIGNATURE_LENGTH + 1],
	      struct cks_error *err)
{
	const char *parts[] = { purpose, id };
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
	memcpy(out, encoded, CKS_LINK_SIGNATURE_LENGTH);
	out[CKS_LINK_SIGNATURE_LENGTH] = '\0';
	return 0;
}

int
cks_link_verify_id(const struct cks_config *config, const char *purpose,
		   const char *id, size_t id_len, const char *signature,
		   int64_t *id_out, struct cks_error *err)
{
	char text[24], expected[CKS_LINK_SIGNATURE_LENGTH + 1];
	int64_t n = 0;

	if (id == NULL || id_len == 0 || id_len > 18 || id[0] == '0' ||
	    signature == NULL ||
	    strlen(signature) != CKS_LINK_SIGNATURE_LENGTH)
		return 0;
	for (size_t i = 0; i < id_len; i++) {
		if (id[i] < '0' || id[i] > '9')
			return 0;
		n = n * 10 + (id[i] - '0');
	}
	memcpy(text, id, id_len);
	text[id_len] = '\0';
	if (cks_link_sign(config, purpose, text, expected, err) < 0)
		return -1;
	if (CRYPTO_memcmp(expected, signature, CKS_LINK_SIGNATURE_LENGTH) != 0)
		return 0;
	*id_out = n;
	return 1;
}
