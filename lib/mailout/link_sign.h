/* Signed ids in the links the gateway hands out without a login: the
 * opt-out link ("unsubscribe." + client id) and Kannel's delivery-report
 * URL ("sms-dlr." + message id).  The signature is base64url of the first
 * 128 bits of HMAC-SHA256 under http.link_secret_file's key (the key of
 * the download links, download_link.h); the purpose prefix keeps a
 * signature for one use from passing for another. */
#ifndef CKS_LINK_SIGN_H
#define CKS_LINK_SIGN_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "error.h"

#define CKS_LINK_SIGNATURE_LENGTH 22

/* The signature of purpose + id into out (NUL-terminated). */
int cks_link_sign(const struct cks_config *config, const char *purpose,
		  const char *id, char out[CKS_LINK_SIGNATURE_LENGTH + 1],
		  struct cks_error *err);

/* 1 when the id_len bytes at id are a canonical positive decimal id
 * (digits, no leading zero, at most 18: one spelling per id) and
 * signature is its signature for purpose (compared in constant time),
 * with the id in *id_out; 0 when malformed or forged; -1 (err set) when
 * the key cannot be read. */
int cks_link_verify_id(const struct cks_config *config, const char *purpose,
		       const char *id, size_t id_len, const char *signature,
		       int64_t *id_out, struct cks_error *err);

#endif
