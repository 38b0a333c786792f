/* HMAC-SHA256 over OpenSSL 3's EVP_MAC: webhook signatures and signed
 * download links share this one helper. */
#ifndef CKS_HMAC_H
#define CKS_HMAC_H

#include <stddef.h>

#include "error.h"

#define CKS_HMAC_SHA256_SIZE 32

/* A key set up once, for many messages (each one works on a copy). */
struct cks_hmac;

/* The key bytes may be wiped as soon as this returns.  NULL with err set
 * when OpenSSL has no HMAC-SHA256 (a FIPS or broken configuration). */
struct cks_hmac *cks_hmac_new(const void *key, size_t key_size,
			      struct cks_error *err);
void cks_hmac_free(struct cks_hmac *hmac);

/* The MAC of the count strings of parts, joined with nothing between
 * them (callers put separators in as parts of their own). */
int cks_hmac_sign(const struct cks_hmac *hmac, const char *const parts[],
		  size_t count, unsigned char out[CKS_HMAC_SHA256_SIZE],
		  struct cks_error *err);

/* cks_hmac_new, cks_hmac_sign and cks_hmac_free in one call. */
int cks_hmac_sha256(const void *key, size_t key_size, const char *const parts[],
		    size_t count, unsigned char out[CKS_HMAC_SHA256_SIZE],
		    struct cks_error *err);

#endif
