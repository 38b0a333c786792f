#include "autoconfig.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <stdlib.h>
#include <string.h>

#include "hmac.h"

struct cks_hmac {
	EVP_MAC_CTX *ctx;          /* keyed; never updated itself */
};

struct cks_hmac *
cks_hmac_new(const void *key, size_t key_size, struct cks_error *err)
{
	struct cks_hmac *hmac = calloc(1, sizeof(*hmac));
	OSSL_PARAM params[2];
	EVP_MAC *mac;
	int ok;

	if (hmac == NULL) {
		cks_error_set(err, CKS_ERROR_TEMPORARY, "out of memory");
		return NULL;
	}
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
	    (char *)"SHA256", 0);
	params[1] = OSSL_PARAM_construct_end();
	mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	ok = mac != NULL && (hmac->ctx = EVP_MAC_CTX_new(mac)) != NULL &&
	    EVP_MAC_init(hmac->ctx, key, key_size, params) == 1;
	EVP_MAC_free(mac);
	if (!ok) {
		cks_hmac_free(hmac);
		cks_error_set(err, CKS_ERROR_INTERNAL, "OpenSSL: no HMAC-SHA256");
		return NULL;
	}
	return hmac;
}

void
cks_hmac_free(struct cks_hmac *hmac)
{
	if (hmac == NULL)
		return;
	EVP_MAC_CTX_free(hmac->ctx);
	free(hmac);
}

int
cks_hmac_sign(const struct cks_hmac *hmac, const char *const parts[],
	      size_t count, unsigned char out[CKS_HMAC_SHA256_SIZE],
	      struct cks_error *err)
{
	EVP_MAC_CTX *ctx = EVP_MAC_CTX_dup(hmac->ctx);
	size_t len = 0;
	int ok = ctx != NULL;

	for (size_t i = 0; ok && i < count; i++)
		ok = EVP_MAC_update(ctx, (const unsigned char *)parts[i],
		    strlen(parts[i])) == 1;
	ok = ok && EVP_MAC_final(ctx, out, &len, CKS_HMAC_SHA256_SIZE) == 1 &&
	    len == CKS_HMAC_SHA256_SIZE;
	EVP_MAC_CTX_free(ctx);
	if (!ok)
		return cks_error_set(err, CKS_ERROR_INTERNAL,
		    "HMAC-SHA256 failed");
	return 0;
}

int
cks_hmac_sha256(const void *key, size_t key_size, const char *const parts[],
		size_t count, unsigned char out[CKS_HMAC_SHA256_SIZE],
		struct cks_error *err)
{
	struct cks_hmac *hmac = cks_hmac_new(key, key_size, err);
	int rc;

	if (hmac == NULL)
		return -1;
	rc = cks_hmac_sign(hmac, parts, count, out, err);
	cks_hmac_free(hmac);
	return rc;
}
