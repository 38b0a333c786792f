/* What an SMTP session with the relay showed, read from libESMTP's
 * protocol monitor, and the reasons made of it.  libESMTP reports a
 * dropped connection, a timeout, a refused greeting and a failed TLS
 * handshake alike ("dropped connection", "Client error"); the trace
 * keeps what was on the wire so a deferral says which command was
 * waiting for its reply and what the relay last said. */
#ifndef CKS_SMTP_REASON_H
#define CKS_SMTP_REASON_H

#include <stddef.h>
#include <stdint.h>

enum cks_smtp_phase {
	CKS_SMTP_CONNECT,       /* no greeting read yet */
	CKS_SMTP_GREETING,
	CKS_SMTP_EHLO,
	CKS_SMTP_STARTTLS,
	CKS_SMTP_AUTH,
	CKS_SMTP_MAIL,
	CKS_SMTP_RCPT,
	CKS_SMTP_DATA,          /* DATA, BDAT or the message up to its final dot */
	CKS_SMTP_RSET,
	CKS_SMTP_QUIT,
};

#define CKS_SMTP_TRACE_PENDING 64

struct cks_smtp_trace {
	int connected;
	int greeted;                    /* a greeting reply was read */
	int greeting_code;
	char greeting[256];
	long size_limit;                /* EHLO's SIZE: -1 not seen, 0 no limit */
	int starttls_offered;
	/* Commands written whose replies have not come yet, oldest first. */
	enum cks_smtp_phase pending[CKS_SMTP_TRACE_PENDING];
	size_t pending_count;
	enum cks_smtp_phase last_written;
	int auth_sent;                  /* AUTH written, no final reply yet */
	int authenticated;              /* the relay answered 235 */
	int auth_code;                  /* the last refusal of AUTH */
	char auth_reply[256];
	char closing[256];              /* a 421 after the greeting: the relay
					 * ends the session ("too many errors") */
	enum cks_smtp_phase closing_phase;
	int closing_unasked;            /* sent with no command pending */
	enum cks_smtp_phase last_answered;
	int mail_refused_code;          /* the first MAIL refusal (530 …) */
	char mail_refused[256];
	char line[512];                 /* the reply line being read */
	size_t line_len;
	int64_t last_io_ms;             /* monotonic, of the last read or write */
};

void cks_smtp_trace_init(struct cks_smtp_trace *t);

/* Feed what libESMTP wrote (commands; the message body is not shown to
 * the monitor) and what it read. */
void cks_smtp_trace_written(struct cks_smtp_trace *t, const char *buf, size_t len);
void cks_smtp_trace_read(struct cks_smtp_trace *t, const char *buf, size_t len);

/* The phase whose reply the session was waiting for when it ended. */
enum cks_smtp_phase cks_smtp_trace_waiting(const struct cks_smtp_trace *t);

const char *cks_smtp_phase_name(enum cks_smtp_phase phase);

/* A session-level refusal that is the sender's configuration, not the
 * message's: returns the configuration key to change ("smtp.starttls",
 * "smtp.auth_file") and writes the reason, or returns NULL.  starttls_on
 * says whether STARTTLS was in use; auth_on whether AUTH was configured. */
const char *cks_smtp_config_fault(const struct cks_smtp_trace *t, int starttls_on,
				  int auth_on, const char *relay, char *why, size_t len);

#endif
