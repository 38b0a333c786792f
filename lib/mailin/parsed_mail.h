/* What cks_mail_parse (mailparse.h) makes of one inbound message, and its
 * JSON form, which carries it out of the parser helper.  Apart from the
 * parser so that the programs that only read a result -- cksctl and
 * cksgated, whose parsing runs in cksgate-parse -- link neither libetpan's
 * MIME code nor libxml2 (issue 18). */
#ifndef CKS_PARSED_MAIL_H
#define CKS_PARSED_MAIL_H

#include <jansson.h>
#include <stddef.h>

#include "error.h"

struct cks_parsed_mail {
	char *message_id;        /* without <>, NULL if none */
	char *subject;           /* RFC 2047-decoded UTF-8, NULL if none */
	char *from_address;      /* the From addr-spec, NULL if none */
	char *from_name;         /* decoded display name, NULL if none */
	char **addresses;        /* To, Cc, Delivered-To, X-Original-To */
	size_t address_count;
	char *in_reply_to;       /* without <> */
	char **references;       /* without <> */
	size_t reference_count;
	char *auto_reply;        /* why it is an automatic reply, or NULL */
	int is_report;           /* multipart/report (a DSN, MDN or ARF) */
	/* Machine mail, never read for an answer: "dsn", "mdn", "arf",
	 * "bounce" (a non-standard one) or "auto-reply"; NULL for mail a
	 * person may have written.  machine_reason says what gave it away. */
	char *machine_kind;
	char *machine_reason;
	/* DSN Action ("failed", "delayed"...), MDN disposition type
	 * ("displayed", "deleted"...) or ARF Feedback-Type ("abuse"...) */
	char *report_action;
	char *report_recipient;  /* Final-Recipient address, or NULL */
	char *report_status;     /* a DSN's first Status ("5.1.1"), or NULL */
	char *report_diagnostic; /* its first Diagnostic-Code, or NULL */
	/* Message-ID of the returned message (DSN, bounce, ARF) or of the
	 * message read (MDN Original-Message-ID), or NULL */
	char *report_message_id;
	char *returned_subject;  /* the returned message's Subject, decoded */
	char *text;              /* the reply's body as UTF-8 text */
	int text_from_html;      /* the text came from an HTML part */
	char *charset;           /* the charset the text was decoded from */
	char *unreadable;        /* why the reply cannot be read (S/MIME or
				  * PGP encrypted, opaque-signed), or NULL */
	/* cks_parsed_mail_to_json as compact text, when the mail came from
	 * the parse worker in that form (the store keeps it as the detail,
	 * without building it again); NULL otherwise */
	char *json_text;
};

void cks_parsed_mail_free(struct cks_parsed_mail **mail);

/* Converts to and from JSON, to carry a result out of a worker process. */
json_t *cks_parsed_mail_to_json(const struct cks_parsed_mail *mail);
int cks_parsed_mail_from_json(json_t *json, struct cks_parsed_mail **mail_out,
			      struct cks_error *err);

#endif
