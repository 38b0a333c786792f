/* Delivering queued messages: to an SMTP relay through libESMTP, several
 * messages per session, or, with no relay configured, into a spool
 * directory as .eml files.  Only the transfer and recipient status codes
 * decide the outcome (libESMTP reports a session as "started" even after a
 * dropped connection). */
#ifndef CKS_SMTP_H
#define CKS_SMTP_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

enum cks_starttls { CKS_STARTTLS_OFF, CKS_STARTTLS_IF_OFFERED, CKS_STARTTLS_REQUIRED };

struct cks_smtp_config {
	const char *host;
	int port;
	enum cks_starttls starttls;
	const char *ca_file;            /* NULL: the system's CAs */
	const char *auth_user;          /* NULL: no AUTH (only over required TLS) */
	const char *auth_password;
	long connect_timeout_ms;
	long command_timeout_ms;
};

enum cks_delivery_result {
	CKS_DELIVERY_SENT,              /* 2xx for DATA and the recipient */
	CKS_DELIVERY_DEFERRED,          /* 4xx or a network/TLS fault: retry */
	CKS_DELIVERY_FAILED,            /* 5xx: give up now */
};

/* One message to deliver; the caller fills the first block, delivery the
 * second. */
struct cks_outgoing {
	int64_t queue_id;
	const char *sender;             /* envelope MAIL FROM */
	const char *recipient;          /* envelope RCPT TO (one) */
	const char *data;               /* the message, CRLF line endings */
	size_t size;

	enum cks_delivery_result result;
	int code;                       /* SMTP reply code, 0 if none */
	char reply[512];                /* the server's reply, or the fault */
};

struct cks_smtp;

/* Prepares a relay: its own TLS context (libESMTP's default one crashes
 * on the second STARTTLS session in a process).  Free with
 * cks_smtp_free(); one cks_smtp may serve several threads, each calling
 * cks_smtp_deliver() for its own batch. */
int cks_smtp_new(const struct cks_smtp_config *config,
		 struct cks_smtp **smtp_out, struct cks_error *err);
void cks_smtp_free(struct cks_smtp **smtp);

/* What a session learnt about the relay itself, beyond each message. */
struct cks_smtp_relay {
	long size_limit;                /* EHLO's SIZE: -1 unknown, 0 none said */
	int session_fault;              /* no message got a reply of its own:
					 * connect, greeting, TLS, AUTH, 530 */
	const char *setting;            /* non-NULL: the fault is our
					 * configuration; the key that fixes it */
	char reason[512];               /* the session fault, no secrets */
};

/* Delivers the batch in one SMTP session and fills every message's result
 * and, if relay is not NULL, what was learnt about the relay.  A fault of
 * the whole session (no connection, a refusing greeting, TLS, AUTH, a 530
 * before any recipient) defers every message, fails none, and returns -1
 * with err: CKS_ERROR_INVALID when relay->setting names our configuration
 * as the cause, CKS_ERROR_TEMPORARY otherwise. */
int cks_smtp_deliver(struct cks_smtp *smtp, struct cks_outgoing *messages,
		     size_t count, struct cks_smtp_relay *relay,
		     struct cks_error *err);

/* Writes each message as DIR/<queue_id>.eml (temporary file, fsync,
 * rename) and marks it SENT with "spooled to PATH" as its reply. */
int cks_spool_deliver(const char *dir, struct cks_outgoing *messages,
		      size_t count, struct cks_error *err);

#endif
