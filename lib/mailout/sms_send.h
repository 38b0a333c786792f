/* Sending an SMS through Kannel's smsbox: its sendsms HTTP interface
 * (GET /cgi-bin/sendsms with CGI variables, Kannel user guide "SMS Push"),
 * over libcurl.  The text goes as UTF-8 (charset=UTF-8) with coding=0 when
 * GSM-7 holds it and coding=2 (smsbox converts to UCS-2) otherwise;
 * dlr-mask asks for every delivery report and dlr-url points back at
 * cksgated's signed GET /v1/sms/dlr (sms_dlr.h).
 *
 * A reply of 2xx ("0: Accepted for delivery", "3: Queued for later
 * delivery") is sent; 403 (the sendsms-user refused) and a wrong URL are
 * our configuration and defer the message without counting against
 * queue.max_age; another 4xx fails it; 5xx and network faults defer it.
 * The password never leaves the request: the error texts and the replies
 * kept do not carry the URL. */
#ifndef CKS_SMS_SEND_H
#define CKS_SMS_SEND_H

#include <stdint.h>

#include "config.h"
#include "error.h"
#include "smtp.h"

struct cks_sms_gateway;

/* Reads sms.password_file (mode 0600) and prepares a libcurl handle.
 * CKS_ERROR_INVALID naming the key when SMS is not configured. */
int cks_sms_gateway_new(const struct cks_config *config,
			struct cks_sms_gateway **gateway_out,
			struct cks_error *err);
void cks_sms_gateway_free(struct cks_sms_gateway **gateway);

/* Sends out->data (UTF-8 text) to out->recipient (E.164) and fills
 * out->result, code and reply.  *ours is set when the fault is our own
 * configuration (setting names the key). */
void cks_sms_gateway_send(struct cks_sms_gateway *gateway,
			  struct cks_outgoing *out, const char **setting);

/* "kannel HOST:PORT", as delivery attempts name the relay. */
const char *cks_sms_gateway_name(const struct cks_sms_gateway *gateway);

#endif
