/* SMS delivery reports (DLR) from Kannel.  Each SMS is sent with its own
 * dlr-url, {sms.dlr_url}/v1/sms/dlr?msg=ID&sig=SIG&status=%d, which
 * smsbox fetches with %d replaced by the report type.  SIG is base64url of
 * the first 128 bits of HMAC-SHA256(http.link_secret_file's key,
 * "sms-dlr.ID"): the route is public (Kannel sends no token) and only a
 * URL we signed can change a message.
 *
 * Kannel's types (user guide, dlr-mask): 1 delivered to the phone, 2 not
 * delivered to the phone, 4 buffered on the SMSC, 8 accepted by the SMSC,
 * 16 rejected by the SMSC.  A final report (delivered, failed, rejected)
 * is never replaced by a later intermediate one. */
#ifndef CKS_SMS_DLR_H
#define CKS_SMS_DLR_H

#include <stdint.h>

#include "config.h"
#include "error.h"
#include "store.h"

/* The dlr-url of queue message id; *url_out is malloc'ed. */
int cks_sms_dlr_url(const struct cks_config *config, int64_t id,
		    char **url_out, struct cks_error *err);

/* 1 when sig is ours for msg (a canonical decimal id, set in *id_out), 0
 * when forged or malformed, -1 when the key cannot be read. */
int cks_sms_dlr_verify(const struct cks_config *config, const char *msg,
		       const char *sig, int64_t *id_out, struct cks_error *err);

/* The status name of Kannel's %d text ("1" -> "delivered", "2" ->
 * "failed", "4" -> "buffered", "8" -> "smsc_accepted", "16" ->
 * "smsc_rejected"), or NULL for anything else. */
const char *cks_sms_dlr_status(const char *type);

/* Records status on SMS message id at now.  1 when recorded, 0 when an
 * earlier final report stands; NOT_FOUND when id is no SMS.  Opens its
 * own transaction. */
int cks_sms_dlr_record(struct cks_store *store, int64_t id, const char *status,
		       struct cks_error *err);

#endif
