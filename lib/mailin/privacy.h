/* A data subject's rights over what the desk holds (Thailand's PDPA,
 * issue 17): everything about one client as JSON (access), and its
 * erasure keeping the anonymous counts the reports need.
 *
 * This is the one module that knows every personal field of every table,
 * so that an audit reads one file and a new table with personal data has
 * one place to be added; it writes those fields through the store
 * interface like the modules that own the tables.
 *
 * Erasure (and the anonymisation of retention.personal, which is the same
 * operation) keeps every row that a report counts -- the client's row,
 * sessions with channel, agent and times, invitations and their messages'
 * states, ratings' codes and media -- and removes what says who the
 * client is or what was said: name (set to "(erased)"), company, email,
 * phone, level, consent note, the client's history, session summaries,
 * basket items and their files, mail bodies, recipients and subjects,
 * relay replies, rating comments (in the ratings, their revisions and the
 * webhook payloads), inbound mail (raw bytes, sender, first line, parse,
 * comment) matched to the client, and the address's bounce record.
 * Messages still waiting to be sent are cancelled.  The KPI report over
 * any period is the same before and after. */
#ifndef CKS_PRIVACY_H
#define CKS_PRIVACY_H

#include <jansson.h>
#include <stdint.h>

#include "config.h"
#include "error.h"
#include "store.h"

/* Everything held about the client: {"client", "history", "sessions",
 * "steps", "baskets", "basket_items", "messages", "invitations",
 * "ratings", "rating_revisions", "inbound", "bounce"}; times in the desk's
 * zone, mail bodies and raw mail as text (base64 when not UTF-8).  Reads
 * only; NOT_FOUND for an unknown client. */
int cks_privacy_export(struct cks_store *store, const struct cks_config *config,
		       int64_t client_id, json_t **json_out,
		       struct cks_error *err);

/* What an erasure removed, per kind. */
struct cks_privacy_counts {
	int64_t sessions;          /* summaries cleared */
	int64_t basket_items;
	int64_t attachments;
	int64_t messages;          /* bodies removed */
	int64_t cancelled;         /* of them, still waiting: cancelled */
	int64_t ratings;           /* comments removed */
	int64_t inbound;           /* inbound messages emptied */
	int64_t history;           /* client history rows */
};

/* Erases the client as described above (actor: who asked, for the log).
 * An erased client cannot be erased twice (CONFLICT).  Opens its own
 * transaction: all or nothing. */
int cks_privacy_erase(struct cks_store *store, int64_t client_id,
		      struct cks_privacy_counts *counts, struct cks_error *err);

#endif
