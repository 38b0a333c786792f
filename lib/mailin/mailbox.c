#include "autoconfig.h"

#include "mailbox.h"

#include <stdio.h>
#include <string.h>

#include "lease.h"

/* A maildir is taken in batches: one commit (one fsync) per batch. */
#define MAILDIR_BATCH 100

struct intake_context {
	const struct cks_reply_store *in;
	long *counts;
	long pending[6];      /* counted when their batch commits */
	int batching;         /* 1: batches; 2: a batch's transaction is open */
};

static int
handle(void *context, const char *raw, size_t size, const char *source,
       const char *ref, struct cks_error *err)
{
	struct intake_context *ctx = context;
	struct cks_reply_store_result r = { 0 };

	if (ctx->batching == 1) {
		/* The batch's transaction; each message is a savepoint in it. */
		if (cks_store_begin(ctx->in->store, err) < 0)
			return -1;
		ctx->batching = 2;
	}
	if (cks_reply_store_accept_mail(ctx->in, raw, size, source, ref, &r, err) < 0) {
		cks_reply_store_result_clear(&r);
		return -1;
	}
	(ctx->batching ? ctx->pending : ctx->counts)[r.outcome]++;
	cks_reply_store_result_clear(&r);
	return 0;
}

static int
flush(void *context, struct cks_error *err)
{
	struct intake_context *ctx = context;
	int rc = 0;

	if (ctx->batching == 2) {
		rc = cks_store_commit(ctx->in->store, err);
		ctx->batching = 1;
	}
	for (int o = 0; o < 6; o++) {
		if (rc == 0)
			ctx->counts[o] += ctx->pending[o];
		ctx->pending[o] = 0;
	}
	return rc;
}

const char *
cks_mailbox_source_name(enum cks_mailbox_source source)
{
	static const char *const names[] = { "maildir", "imap", "pop3" };

	return source < CKS_MAILBOX_SOURCES ? names[source] : "?";
}

/* One daemon at a time polls an IMAP or POP3 account, so that a message
 * is taken once when several gateways share a store: the account is a
 * named lease (lease.h), held by the daemon that polls it and renewed at
 * each pass; another daemon takes it over only once it has passed (the
 * holder died or stopped).  The lease covers a pass's IDLE too.  On
 * PostgreSQL the hook in cks_lease_take is the place for an advisory lock.
 * 0 when ours, 1 when another daemon holds it, -1 on a store error.  A
 * maildir needs none: it is a directory of one host (see
 * doc/internals.md). */
static int
hold_account(struct cks_store *store, const struct cks_config *config,
	     enum cks_mailbox_source source, long imap_idle_ms,
	     struct cks_mailbox_stats *stats, struct cks_error *err)
{
	char name[600];
	int taken = 0;

	if (source == CKS_MAILBOX_IMAP)
		snprintf(name, sizeof(name), "imap:%s:%ld/%s", config->imap_host,
		    config->imap_port, config->imap_folder);
	else
		snprintf(name, sizeof(name), "pop3:%s:%ld", config->pop3_host,
		    config->pop3_port);
	cks_claimant_set_name(config->gateway_name);
	if (cks_lease_take(store, name, cks_claimant_id(),
	    config->queue_lease_ms + (source == CKS_MAILBOX_IMAP ?
	    imap_idle_ms : 0), &taken, err) < 0)
		return -1;
	stats->held_elsewhere[source] = !taken;
	return taken ? 0 : 1;
}

int
cks_mailbox_run(const struct cks_reply_store *in, long imap_idle_ms,
	      volatile sig_atomic_t *stop, struct cks_mailbox_stats *stats,
	      struct cks_error *err)
{
	/* IMAP last: it may wait in IDLE. */
	static const enum cks_mailbox_source order[] = {
		CKS_MAILBOX_MAILDIR, CKS_MAILBOX_POP3, CKS_MAILBOX_IMAP,
	};
	const struct cks_config *config = in->config;
	struct intake_context ctx = { .in = in, .counts = stats->outcomes };
	int any_failed = 0;

	memset(stats, 0, sizeof(*stats));
	stats->configured[CKS_MAILBOX_MAILDIR] = config->maildir != NULL;
	stats->configured[CKS_MAILBOX_IMAP] = config->imap_host != NULL;
	stats->configured[CKS_MAILBOX_POP3] = config->pop3_host != NULL;
	if (!stats->configured[0] && !stats->configured[1] &&
	    !stats->configured[2])
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "no intake is configured (maildir, imap.host or pop3.host)");
	for (int n = 0; n < CKS_MAILBOX_SOURCES; n++) {
		enum cks_mailbox_source i = order[n];
		struct cks_error source_err;
		int rc;

		if (!stats->configured[i])
			continue;
		cks_error_clear(&source_err);
		if (i == CKS_MAILBOX_MAILDIR) {
			ctx.batching = 1;
			rc = cks_fetch_maildir_batched(config->maildir, handle,
			    flush, MAILDIR_BATCH, &ctx, &stats->intake[i],
			    &source_err);
			if (ctx.batching == 2)      /* a failed run left it open */
				cks_store_rollback(in->store);
			ctx.batching = 0;
		} else if ((rc = hold_account(in->store, config, i, imap_idle_ms, stats,
		    &source_err)) != 0) {
			/* Another daemon polls it (rc 1), or the store did not
			 * answer (rc -1): not this pass. */
			rc = rc < 0 ? -1 : 0;
		} else if (i == CKS_MAILBOX_IMAP) {
			rc = cks_fetch_imap_idle(config, in->store, handle, &ctx,
			    imap_idle_ms, stop, &stats->intake[i], &source_err);
		} else {
			rc = cks_fetch_pop3(config, in->store, handle, &ctx,
			    &stats->intake[i], &source_err);
		}
		if (rc < 0) {
			stats->failed[i] = 1;
			snprintf(stats->failure[i], sizeof(stats->failure[i]), "%s",
			    source_err.message);
			any_failed = 1;
		}
	}
	return any_failed;
}
