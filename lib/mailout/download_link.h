/* Signed, expiring download links for basket attachments, served by the
 * daemon's public route GET /d/ID/EXPIRES/SIGNATURE/FILENAME, for baskets
 * too big to attach (basket.attachment_budget).
 *
 * SIGNATURE is base64url without padding of HMAC-SHA256(key, "ID.EXPIRES")
 * cut to its first 128 bits (22 characters): a forger's guess succeeds
 * with probability 2^-128, and the link stays short enough for a text mail
 * line.  EXPIRES is in Unix seconds.  Only the id and the expiry are
 * signed: FILENAME is there for the person reading the link and for the
 * browser; the name served comes from the store.
 *
 * The key is the whole content of http.link_secret_file (16 bytes at
 * least), made on first use with 32 random bytes, mode 0600.  It is read
 * at every use, so replacing the file takes effect at once (and makes
 * every link sent so far invalid). */
#ifndef CKS_DOWNLOAD_LINK_H
#define CKS_DOWNLOAD_LINK_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "error.h"

#define CKS_LINK_SECRET_MAX 1024

/* Reads the key of path into key (CKS_LINK_SECRET_MAX bytes), creating the
 * file first when it does not exist.  Two processes that race to create
 * it end up with the same key (the file appears whole, by link(2), or not
 * at all).  A file that group or others may access, one that is not a
 * regular file, and one shorter than 16 bytes are refused with a message
 * naming path.  The caller wipes key (explicit_bzero) after use. */
int cks_download_link_secret(const char *path, unsigned char *key,
			     size_t *size_out, struct cks_error *err);

/* Overwrites the signature of url (".../d/ID/EXPIRES/SIGNATURE/NAME") in
 * place with 'x's: the link as shown in an API preview, which must not
 * hand out working links (issue 11). */
void cks_download_link_redact(char *url);

/* When a link made at now_ms stops working: Unix seconds, download.ttl
 * after now_ms. */
int64_t cks_download_link_expiry(const struct cks_config *config,
				 int64_t now_ms);

/* "{http.public_url}/d/{attachment_id}/{expires}/{signature}/{filename
 * percent-encoded}", expires from cks_download_link_expiry(now_ms).
 * *url_out is malloc'ed; the caller frees it.  CONFLICT when the public
 * URL is the default of a daemon whose API is off (http.port = 0), since
 * nothing would serve the link. */
int cks_download_link_make(const struct cks_config *config,
			   int64_t attachment_id, const char *filename,
			   int64_t now_ms, char **url_out, struct cks_error *err);

/* As cks_download_link_make for count attachments at once, the key read
 * once: urls_out[i] for attachment_ids[i] (NULL where that id is 0, so
 * items without a file can be passed along).  On failure none is left. */
int cks_download_links_make(const struct cks_config *config, size_t count,
			    const int64_t *attachment_ids,
			    const char *const *filenames, int64_t now_ms,
			    char **urls_out, struct cks_error *err);

enum cks_download_link_state {
	CKS_DOWNLOAD_LINK_VALID = 0,
	CKS_DOWNLOAD_LINK_FORGED,    /* malformed, or not our signature */
	CKS_DOWNLOAD_LINK_EXPIRED,   /* ours, but now_ms is past its expiry */
};

/* Checks the three signed segments of a link as they appear in its path.
 * The signature is compared in constant time and before the expiry, so an
 * expired answer proves the link was genuine.  Sets *state_out, and
 * *attachment_id_out when the link is valid.  Returns -1 only when the key
 * cannot be read (err set). */
int cks_download_link_verify(const struct cks_config *config,
			     const char *id, const char *expires,
			     const char *signature, int64_t now_ms,
			     int64_t *attachment_id_out,
			     enum cks_download_link_state *state_out,
			     struct cks_error *err);

/* The Content-Disposition value for a file name (RFC 6266, with RFC 5987's
 * filename*=UTF-8''... so Thai names arrive intact).  Malloc'ed, caller
 * frees; NULL on out of memory. */
char *cks_download_link_disposition(const char *filename);

/* cks_api_download_routes (api.h): GET /d/ID/EXPIRES/SIGNATURE/NAME is
 * public; 403 for a forged link, 410 for an expired one, 404 for a file no
 * longer stored (short Thai and English text), else the bytes. */

#endif
