/* Inbound replies and SMS codes: every message is stored with its raw
 * bytes, parsed in the worker process, matched to its survey invitation by
 * token, and its one answer recorded as the session's rating -- or it is
 * ignored (automatic replies), taken as a bounce (delivery reports), or
 * quarantined with the reason, to be replayed after a fix or resolved by
 * hand.  Nothing is dropped; a temporary fault (busy store, full disk)
 * fails with CKS_ERROR_TEMPORARY so that an MTA retries. */
#ifndef CKS_REPLY_STORE_H
#define CKS_REPLY_STORE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "answer.h"
#include "channels.h"
#include "config.h"
#include "error.h"
#include "parse_worker.h"
#include "store.h"
#include "token.h"

struct cks_parsed_mail;

/* What the pipeline needs; all borrowed. */
struct cks_reply_store {
	const struct cks_config *config;
	struct cks_store *store;
	const struct cks_channels *channels;
	struct cks_parse_worker *worker;
};

enum cks_reply_store_outcome {
	CKS_REPLY_STORE_RECORDED,
	CKS_REPLY_STORE_DUPLICATE,     /* the same Message-ID again: nothing done */
	CKS_REPLY_STORE_IGNORED,       /* an automatic reply */
	CKS_REPLY_STORE_QUARANTINED,   /* kept for review, with the reason */
	CKS_REPLY_STORE_BOUNCE,        /* a delivery report, applied */
	CKS_REPLY_STORE_RESOLVED,      /* quarantined, then matched by hand */
};

struct cks_reply_store_result {
	int64_t id;                /* the inbound message (0 in a dry run) */
	enum cks_reply_store_outcome outcome;
	char reason[512];
	int64_t session_id;        /* 0: not matched */
	char token[CKS_TOKEN_SIZE];
	int code;                  /* -1: no answer */
	const char *label_th;      /* of code, borrowed from the plugin */
	const char *label_en;
	char *comment;             /* malloc'ed or NULL */
	char *first_line;          /* of the customer's words, tokens masked
				    * (malloc'ed or NULL), stored for listings */
	int changed;               /* the session's rating changed */
	/* What the answer reader weighed (see answer.h); for a quarantined
	 * reply, suggestion is the best candidate's code, or -1. */
	int suggestion;
	struct cks_answer_candidate candidates[CKS_ANSWER_MAX_CANDIDATES];
	size_t candidate_count;
	/* The customer's names as the mail gives them (the invitation's
	 * salutation, the From display name), so that the signature is not
	 * taken for a comment. */
	char writer[256];
	/* An opt-out request (consent.h), applied when the message is
	 * stored: a mail for this client (0: none), or an SMS keyword from
	 * this number ("": none).  The outcome is then "ignored". */
	int64_t opt_out_client;
	char opt_out_phone[24];
};

/* One RFC 5322 message from source ("pipe", "maildir:...", ...).  Parses
 * it (in the parse worker) outside any transaction, then stores it and
 * applies the decision in one transaction of its own. */
int cks_reply_store_accept_mail(const struct cks_reply_store *in, const char *raw,
			    size_t size, const char *source, const char *ref,
			    struct cks_reply_store_result *result,
			    struct cks_error *err);

/* One SMS: from is a phone number in any usual form (a refusal names
 * "from" or "text" in err->field).  Opens its own transaction. */
int cks_reply_store_accept_sms(const struct cks_reply_store *in, const char *from,
			   const char *text, struct cks_reply_store_result *result,
			   struct cks_error *err);

/* Parses and matches without recording anything. */
int cks_reply_store_dry_run(const struct cks_reply_store *in, const char *raw,
			size_t size, struct cks_reply_store_result *result,
			struct cks_error *err);

/* Judges one parsed mail for the channel of the session its token names
 * (plugin NULL: no session matched), without a store: a delivery report,
 * an automatic reply, an empty reply, a recorded answer or a quarantine
 * with the reason.  Fills everything in result but id and session_id.
 * The pipeline and the corpus evaluator share it.  -1: out of memory. */
int cks_reply_store_judge(const struct cks_channel_plugin *plugin,
		      const struct cks_parsed_mail *mail,
		      struct cks_reply_store_result *result);

/* Runs a stored (quarantined or ignored) message through the pipeline
 * again, e.g. after a plugin was fixed.  Opens its own transaction. */
int cks_reply_store_replay(const struct cks_reply_store *in, int64_t id,
		       struct cks_reply_store_result *result, struct cks_error *err);

/* Matches a quarantined message by hand: records code for session (a code
 * off its scale names "code" in err->field).  Opens its own
 * transaction. */
int cks_reply_store_resolve(const struct cks_reply_store *in, int64_t id,
			int64_t session_id, int code,
			struct cks_reply_store_result *result, struct cks_error *err);

/* Resolves a quarantined message with the suggestion stored with it, for
 * the session it was matched to, as cks_reply_store_resolve() does; fails
 * with CKS_ERROR_CONFLICT naming the message when it has no suggestion or
 * no matched session.  Opens its own transaction. */
int cks_reply_store_accept_suggestion(const struct cks_reply_store *in, int64_t id,
				  struct cks_reply_store_result *result,
				  struct cks_error *err);

/* Stored messages, newest first; outcome NULL for any.  Each has its
 * sender, the first line of the customer's words, the reason, and the
 * reader's suggestion (labelled on the session's channel when channels,
 * which may be NULL, has it) with its candidates; not the parsed mail,
 * whose addresses hold the survey token. */
int cks_reply_store_list(struct cks_store *store,
		     const struct cks_channels *channels, const char *outcome,
		     size_t limit, json_t **list_out, struct cks_error *err);

/* One stored message, as JSON (without its bytes, with the parsed mail). */
int cks_reply_store_show(struct cks_store *store,
		     const struct cks_channels *channels, int64_t id,
		     json_t **json_out, struct cks_error *err);

/* The exact bytes received; *raw_out is malloc'ed, caller frees. */
int cks_reply_store_raw(struct cks_store *store, int64_t id, char **raw_out,
		    size_t *size_out, struct cks_error *err);

const char *cks_reply_store_outcome_name(enum cks_reply_store_outcome outcome);
json_t *cks_reply_store_result_to_json(const struct cks_reply_store_result *result);
void cks_reply_store_result_clear(struct cks_reply_store_result *result);

/* Inbound messages by outcome, every outcome listed: recorded,
 * duplicate, ignored, quarantined, bounce, resolved, in that order. */
#define CKS_REPLY_STORE_OUTCOMES 6
int cks_reply_store_tally_outcomes(struct cks_store *store,
				   struct cks_tally tally[CKS_REPLY_STORE_OUTCOMES],
				   struct cks_error *err);

#endif
