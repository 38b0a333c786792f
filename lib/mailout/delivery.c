#include "autoconfig.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buffer.h"
#include "clock.h"
#include "delivery.h"
#include "lease.h"
#include "relay_status.h"
#include "secret.h"
#include "sms_send.h"
#include "smtp.h"
#include "store.h"

struct run {
	const struct cks_config *config;
	const char *medium;              /* "email" or "sms": what it claims */
	struct cks_smtp *smtp;           /* NULL: deliver into the spool */
	struct cks_sms_gateway *sms;     /* the "sms" run's Kannel */
	long rate_per_minute;            /* smtp. or sms.rate_per_minute */
	char relay[320];                 /* "host:port", "spool", "kannel ..." */
	const char *claimer;             /* cks_claimant_id(), in claimed_by */
	volatile sig_atomic_t *stop;
	pthread_mutex_t lock;            /* guards what follows */
	struct cks_delivery_stats stats;
	struct cks_error err;
	int failed;
	/* A fault of a whole session (the relay down, refusing us, or our
	 * configuration): no more batches in this run. */
	int halted;
	char halt_setting[64];          /* "" or the key to change */
	char halt_reason[512];
};

struct claimed {
	struct cks_outgoing out;
	int64_t created_ms;
	int attempts;
	char *sender, *recipient;        /* owned copies */
	/* The body, in a buffer the slot keeps from batch to batch (grown,
	 * never shrunk, freed with the worker): claiming ahead in another
	 * thread made malloc keep a pool of freed bodies per thread. */
	char *data;
	size_t data_cap;
};

long
cks_delivery_backoff_ms(const struct cks_config *config, int attempt)
{
	long steps = config->retry_steps > 0 ? config->retry_steps : 1;
	long index = attempt < 1 ? 0 : attempt - 1;

	return config->retry_schedule_ms[index < steps ? index : steps - 1];
}

/* Claims whose lease has passed go back to the queue (inside the caller's
 * transaction); *n_out says how many. */
static int
expire_leases(struct cks_store *store, int64_t now, long *n_out)
{
	return cks_lease_expire(store, "UPDATE messages SET state = 'queued',"
	    " claimed_by = NULL, lease_until = NULL"
	    " WHERE state = 'sending' AND lease_until <= ?1", now, n_out);
}

/* Puts back in the queue the claims nobody works on any more: those whose
 * lease has passed (their daemon died or hangs; any gateway's), and at
 * once those of a daemon of this gateway that is provably gone (a
 * restart after a crash need not wait out the lease).  A live claim of
 * another gateway is never touched before its lease has passed. */
static int
recover(struct cks_store *store, struct run *run, struct cks_error *err)
{
	int64_t now = cks_now_ms();
	struct cks_stmt *select, *update;
	long expired;
	int rc;

	if (cks_store_begin(store, err) < 0)
		return -1;
	select = cks_store_prepare(store,
	    "SELECT id, coalesce(claimed_by, '') FROM messages"
	    " WHERE state = 'sending'", err);
	update = cks_store_prepare(store, "UPDATE messages SET state = 'queued',"
	    " claimed_by = NULL, lease_until = NULL WHERE id = ?", err);
	if (select == NULL || update == NULL) {
		cks_stmt_finalize(select);
		cks_stmt_finalize(update);
		cks_store_rollback(store);
		return -1;
	}
	rc = expire_leases(store, now, &expired);
	if (rc == CKS_STMT_DONE) {
		run->stats.taken_over += expired;
		while ((rc = cks_stmt_step(select)) == CKS_STMT_ROW) {
			const char *by = (const char *)cks_stmt_column_text(select, 1);

			if (!cks_claimant_gone(by))
				continue;
			cks_stmt_reset(update);
			cks_stmt_bind_int64(update, 1, cks_stmt_column_int64(select, 0));
			if (cks_stmt_step(update) != CKS_STMT_DONE) {
				rc = CKS_STMT_ERROR;
				break;
			}
			run->stats.recovered++;
		}
	}
	cks_stmt_finalize(select);
	cks_stmt_finalize(update);
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(store, "recover messages", err);
		cks_store_rollback(store);
		return -1;
	}
	return cks_store_commit(store, err);
}

/* A count(*) query; binds ?1 to text and ?2 to n where the SQL has them
 * (binding a parameter a statement lacks is harmless). */
static long
count(struct cks_store *store, const char *sql, const char *text, int64_t n)
{
	struct cks_stmt *stmt = cks_store_prepare(store, sql, NULL);
	long result = 0;

	if (stmt == NULL)
		return 0;
	if (text != NULL)
		cks_stmt_bind_text(stmt, 1, text, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(stmt, 2, n);
	if (cks_stmt_step(stmt) == CKS_STMT_ROW)
		result = cks_stmt_column_int(stmt, 0);
	cks_stmt_finalize(stmt);
	return result;
}

/* The batch's envelope; the body buffers stay for the next batch. */
static void
free_batch(struct claimed *batch, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(batch[i].sender);
		free(batch[i].recipient);
		batch[i].sender = batch[i].recipient = NULL;
	}
}

static void
free_bodies(struct claimed *batch, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(batch[i].data);
		batch[i].data = NULL;
		batch[i].data_cap = 0;
	}
}

static int
by_queue_id(const void *a, const void *b)
{
	int64_t x = ((const struct claimed *)a)->out.queue_id;
	int64_t y = ((const struct claimed *)b)->out.queue_id;

	return x < y ? -1 : x > y;
}

/* Claims up to batch_size due messages; *held is set when the rate limit
 * kept due messages back. */
static int
claim(struct cks_store *store, struct run *run, struct claimed *batch,
      size_t *n_out, int *held, struct cks_error *err)
{
	const struct cks_config *c = run->config;
	int64_t now = cks_now_ms();
	long limit = c->smtp_batch_size, expired;
	struct cks_stmt *stmt, *body;
	size_t n = 0;
	int rc;

	*n_out = 0;
	*held = 0;
	if (cks_store_begin(store, err) < 0)
		return -1;
	/* A daemon that died while this run goes on: its claims are taken
	 * over as soon as their lease has passed, not at the next run. */
	if (expire_leases(store, now, &expired) != CKS_STMT_DONE) {
		cks_store_fail(store, "take over expired claims", err);
		cks_store_rollback(store);
		return -1;
	}
	if (expired > 0) {
		pthread_mutex_lock(&run->lock);
		run->stats.taken_over += expired;
		pthread_mutex_unlock(&run->lock);
	}
	if (run->rate_per_minute > 0) {
		/* Attempts of the last minute plus those in flight. */
		long used = count(store, "SELECT count(*) FROM message_attempts"
		    " WHERE relay = ?1 AND at > ?2", run->relay, now - 60000) +
		    count(store, "SELECT count(*) FROM messages"
		    " WHERE state = 'sending' AND medium = ?1", run->medium, 0);

		if (run->rate_per_minute - used < limit)
			limit = run->rate_per_minute - used;
		if (limit <= 0) {
			*held = count(store, "SELECT count(*) FROM messages WHERE"
			    " state IN ('queued', 'deferred') AND next_attempt_at <= ?2"
			    " AND medium = ?1", run->medium, now) > 0;
			return cks_store_commit(store, err);
		}
	}
	/* One statement per dialect (lease.h): on PostgreSQL the sub-select
	 * skips the rows another daemon is claiming at this moment. */
	stmt = cks_store_prepare(store, cks_store_dialect_sql(store,
	    "UPDATE messages SET state = 'sending', claimed_by = ?1,"
	    " lease_until = ?4, attempts = attempts + 1 WHERE id IN (SELECT id"
	    "  FROM messages WHERE state IN ('queued', 'deferred')"
	    "  AND next_attempt_at <= ?2 AND medium = ?5"
	    "  ORDER BY next_attempt_at, id LIMIT ?3)"
	    " RETURNING id, sender, recipient, created_at, attempts",
	    "UPDATE messages SET state = 'sending', claimed_by = ?1,"
	    " lease_until = ?4, attempts = attempts + 1 WHERE id IN (SELECT id"
	    "  FROM messages WHERE state IN ('queued', 'deferred')"
	    "  AND next_attempt_at <= ?2 AND medium = ?5"
	    "  ORDER BY next_attempt_at, id LIMIT ?3"
	    "  FOR UPDATE SKIP LOCKED)"
	    " RETURNING id, sender, recipient, created_at, attempts"), err);
	body = cks_store_prepare(store,
	    "SELECT body FROM message_bodies WHERE message = ?", err);
	if (stmt == NULL || body == NULL) {
		cks_stmt_finalize(stmt);
		cks_stmt_finalize(body);
		cks_store_rollback(store);
		return -1;
	}
	cks_stmt_bind_text(stmt, 1, run->claimer, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(stmt, 2, now);
	cks_stmt_bind_int64(stmt, 3, limit);
	cks_stmt_bind_int64(stmt, 4, now + c->queue_lease_ms);
	cks_stmt_bind_text(stmt, 5, run->medium, -1, CKS_STMT_STATIC);
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW && (long)n < limit) {
		struct claimed *m = &batch[n];

		char *data = m->data;
		size_t data_cap = m->data_cap;

		memset(m, 0, sizeof(*m));
		m->data = data;
		m->data_cap = data_cap;
		m->out.queue_id = cks_stmt_column_int64(stmt, 0);
		m->sender = cks_store_column_strdup(stmt, 1);
		m->recipient = cks_store_column_strdup(stmt, 2);
		m->created_ms = cks_stmt_column_int64(stmt, 3);
		m->attempts = cks_stmt_column_int(stmt, 4);
		n++;
		if (!m->sender || !m->recipient) {
			rc = CKS_STMT_NOMEM;
			break;
		}
	}
	cks_stmt_finalize(stmt);
	/* RETURNING's order is the database's (PostgreSQL's is not the
	 * subquery's): the batch goes out in the order it was queued. */
	qsort(batch, n, sizeof(*batch), by_queue_id);
	/* The bodies, read after the claim so the RETURNING rows stay small. */
	for (size_t i = 0; rc == CKS_STMT_DONE && i < n; i++) {
		struct claimed *m = &batch[i];
		size_t size;

		cks_stmt_reset(body);
		cks_stmt_bind_int64(body, 1, m->out.queue_id);
		if (cks_stmt_step(body) != CKS_STMT_ROW) {
			rc = CKS_STMT_CORRUPT;
			break;
		}
		size = (size_t)cks_stmt_column_bytes(body, 0);
		if (size + 1 > m->data_cap) {
			char *grown = realloc(m->data, size + 1);

			if (grown == NULL) {
				rc = CKS_STMT_NOMEM;
				break;
			}
			m->data = grown;
			m->data_cap = size + 1;
		}
		if (size > 0)
			memcpy(m->data, cks_stmt_column_blob(body, 0), size);
		m->data[size] = '\0';
		m->out.sender = m->sender;
		m->out.recipient = m->recipient;
		m->out.data = m->data;
		m->out.size = size;
	}
	cks_stmt_finalize(body);
	if (rc != CKS_STMT_DONE) {
		free_batch(batch, n);
		if (rc == CKS_STMT_NOMEM)
			cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		else if (rc == CKS_STMT_CORRUPT)
			cks_error_set(err, CKS_ERROR_INTERNAL,
			    "store: a queued message has no body");
		else
			cks_store_fail(store, "claim messages", err);
		cks_store_rollback(store);
		return -1;
	}
	if (cks_store_commit(store, err) < 0) {
		free_batch(batch, n);
		return -1;
	}
	*n_out = n;
	return 0;
}

static const char *
result_name(enum cks_delivery_result r)
{
	return r == CKS_DELIVERY_SENT ? "sent"
	    : r == CKS_DELIVERY_FAILED ? "failed" : "deferred";
}

/* The statements that record n results: one multi-row INSERT of the
 * attempts and one UPDATE of the messages from a VALUES list, not two
 * statements a message (on PostgreSQL each was a round trip inside a
 * savepoint pair; on SQLite the SMTP thread's last store step).  VALUES
 * columns are column1... on both stores; the casts type the parameters
 * PostgreSQL cannot place. */
static char *
record_sql(size_t n, int update)
{
	struct cks_buffer b = { 0 };

	if (!update)
		cks_buffer_add_string(&b, "INSERT INTO message_attempts"
		    " (message, at, relay, result, code, reply, claimant) VALUES ");
	else
		cks_buffer_add_string(&b, "UPDATE messages SET state = v.column2,"
		    " claimed_by = NULL, lease_until = NULL, sent_by = ?,"
		    " last_code = v.column3, last_reply = v.column4,"
		    " next_attempt_at = v.column5,"
		    " sent_at = CASE WHEN v.column2 = 'sent' THEN ? END FROM (VALUES ");
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			cks_buffer_add_string(&b, ", ");
		cks_buffer_add_string(&b, update
		    ? "(CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS BIGINT),"
		      " CAST(? AS TEXT), CAST(? AS BIGINT))"
		    : "(?, ?, CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT),"
		      " CAST(? AS TEXT), CAST(? AS TEXT))");
	}
	if (update)
		cks_buffer_add_string(&b, ") AS v WHERE messages.id = v.column1");
	return cks_buffer_finish(&b);
}

/* What a result becomes: a deferral past queue.max_age fails, unless our
 * own configuration held it back (fixing the setting sends it). */
static enum cks_delivery_result
final_result(const struct run *run, const struct claimed *m, int64_t now,
	     int ours, char *reply, size_t size)
{
	snprintf(reply, size, "%s", m->out.reply);
	if (m->out.result == CKS_DELIVERY_DEFERRED && !ours &&
	    now - m->created_ms >= run->config->queue_max_age_ms) {
		snprintf(reply, size, "gave up after %d attempts "
		    "(queue.max_age): %s", m->attempts, m->out.reply);
		return CKS_DELIVERY_FAILED;
	}
	return m->out.result;
}

static int
record_rows(struct cks_store *store, struct run *run, struct claimed *batch,
	    size_t n, int64_t now, int ours, struct cks_delivery_stats *stats,
	    struct cks_error *err)
{
	const struct cks_config *c = run->config;
	char (*replies)[sizeof(batch[0].out.reply) + 128];
	char *attempt_sql = record_sql(n, 0), *update_sql = record_sql(n, 1);
	struct cks_stmt *attempt = NULL, *update = NULL;
	int rc1, rc2;

	replies = calloc(n, sizeof(*replies));
	if (replies == NULL || attempt_sql == NULL || update_sql == NULL) {
		free(replies);
		free(attempt_sql);
		free(update_sql);
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	}
	attempt = cks_store_prepare(store, attempt_sql, err);
	update = attempt != NULL ? cks_store_prepare(store, update_sql, err) : NULL;
	free(attempt_sql);
	free(update_sql);
	if (attempt == NULL || update == NULL) {
		cks_stmt_finalize(attempt);
		free(replies);
		return -1;
	}
	cks_stmt_bind_text(update, 1, run->claimer, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(update, 2, now);
	for (size_t i = 0; i < n; i++) {
		struct claimed *m = &batch[i];
		enum cks_delivery_result result = final_result(run, m, now, ours,
		    replies[i], sizeof(replies[i]));
		int a = (int)i * 7 + 1, u = (int)i * 5 + 3;

		cks_stmt_bind_int64(attempt, a, m->out.queue_id);
		cks_stmt_bind_int64(attempt, a + 1, now);
		cks_stmt_bind_text(attempt, a + 2, run->relay, -1, CKS_STMT_STATIC);
		cks_stmt_bind_text(attempt, a + 3, result_name(m->out.result), -1,
		    CKS_STMT_STATIC);
		if (m->out.code)
			cks_stmt_bind_int(attempt, a + 4, m->out.code);
		cks_stmt_bind_text(attempt, a + 5, m->out.reply, -1, CKS_STMT_STATIC);
		cks_stmt_bind_text(attempt, a + 6, run->claimer, -1, CKS_STMT_STATIC);
		cks_stmt_bind_int64(update, u, m->out.queue_id);
		cks_stmt_bind_text(update, u + 1, result_name(result), -1,
		    CKS_STMT_STATIC);
		if (m->out.code)
			cks_stmt_bind_int(update, u + 2, m->out.code);
		cks_stmt_bind_text(update, u + 3, replies[i], -1, CKS_STMT_STATIC);
		cks_stmt_bind_int64(update, u + 4,
		    now + cks_delivery_backoff_ms(c, m->attempts));
	}
	rc1 = cks_stmt_step(attempt);
	rc2 = rc1 == CKS_STMT_DONE ? cks_stmt_step(update) : CKS_STMT_ERROR;
	cks_stmt_finalize(attempt);
	cks_stmt_finalize(update);
	if (rc1 != CKS_STMT_DONE || rc2 != CKS_STMT_DONE) {
		free(replies);
		return cks_store_fail(store, "record delivery", err);
	}
	for (size_t i = 0; i < n; i++) {
		char ignored[8];
		enum cks_delivery_result result = final_result(run, &batch[i], now,
		    ours, ignored, sizeof(ignored));

		if (result == CKS_DELIVERY_SENT)
			stats->sent++;
		else if (result == CKS_DELIVERY_FAILED)
			stats->failed++;
		else
			stats->deferred++;
	}
	free(replies);
	return 0;
}

/* One commit for the whole batch: the fsync that makes "sent" durable is
 * shared by every message of the session. */
static int
record(struct cks_store *store, struct run *run, struct claimed *batch,
       size_t n, const struct cks_smtp_relay *relay, int ours,
       struct cks_delivery_stats *stats, struct cks_error *err)
{
	struct cks_delivery_stats counted = { 0 };
	int64_t now = cks_now_ms();

	if (cks_store_begin(store, err) < 0)
		return -1;
	if (record_rows(store, run, batch, n, now, ours, &counted, err) < 0) {
		cks_store_rollback(store);
		return -1;
	}
	if (relay != NULL && cks_relay_status_record(store, run->relay,
	    !relay->session_fault, relay->setting,
	    relay->session_fault ? relay->reason : NULL, relay->size_limit, err) < 0) {
		cks_store_rollback(store);
		return -1;
	}
	if (cks_store_commit(store, err) < 0)
		return -1;
	stats->sent += counted.sent;
	stats->deferred += counted.deferred;
	stats->failed += counted.failed;
	return 0;
}

static void
deliver(struct run *run, struct claimed *batch, size_t n,
	struct cks_smtp_relay *relay)
{
	struct cks_outgoing *out = calloc(n, sizeof(*out));
	struct cks_error err;

	if (out == NULL) {
		for (size_t i = 0; i < n; i++) {
			batch[i].out.result = CKS_DELIVERY_DEFERRED;
			snprintf(batch[i].out.reply, sizeof(batch[i].out.reply),
			    "out of memory");
		}
		return;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = batch[i].out;
	if (run->sms != NULL) {
		/* One request per SMS; a fault of our configuration stops the
		 * batch, the rest waits untouched as after an SMTP session
		 * fault. */
		for (size_t i = 0; i < n; i++) {
			const char *setting = NULL;

			if (relay->session_fault) {
				out[i].result = CKS_DELIVERY_DEFERRED;
				snprintf(out[i].reply, sizeof(out[i].reply),
				    "not tried: %s", relay->reason);
				continue;
			}
			cks_sms_gateway_send(run->sms, &out[i], &setting);
			if (setting != NULL) {
				relay->session_fault = 1;
				relay->setting = setting;
				snprintf(relay->reason, sizeof(relay->reason), "%s",
				    out[i].reply);
			}
		}
	} else if (run->smtp != NULL)
		cks_smtp_deliver(run->smtp, out, n, relay, &err);
	else
		cks_spool_deliver(run->config->spool_dir, out, n, &err);
	for (size_t i = 0; i < n; i++)
		batch[i].out = out[i];
	free(out);
}

/* The next batch, claimed on a connection of its own while the current
 * one is with the relay (issue 18): the claim's statements, body reads
 * and durable commit no longer wait for the SMTP session, nor the session
 * for them.  A prefetched batch has been handed to no relay yet, so a
 * crash cannot send it twice: its lease runs out and it is taken again,
 * as any claim.  What was sent but not yet recorded is, as before, only
 * the batch of the session that just ended. */
struct prefetch {
	struct run *run;
	struct cks_store *store;
	struct claimed *batch;
	size_t n;
	int held;
	int rc;
	struct cks_error err;
	pthread_t thread;
	int started;
};

static void *
prefetch_main(void *arg)
{
	struct prefetch *p = arg;

	p->rc = claim(p->store, p->run, p->batch, &p->n, &p->held, &p->err);
	return NULL;
}

static void
prefetch_start(struct prefetch *p)
{
	p->n = 0;
	p->rc = 0;
	p->started = pthread_create(&p->thread, NULL, prefetch_main, p) == 0;
	if (!p->started)            /* no thread: claim in turn, as before */
		prefetch_main(p);
}

static void
prefetch_wait(struct prefetch *p)
{
	if (p->started)
		pthread_join(p->thread, NULL);
	p->started = 0;
}

/* A prefetched batch that will not be sent (the run stops, or the relay
 * failed the whole session) goes back to the queue untouched: due as it
 * was, its claim's attempt not counted. */
static int
unclaim(struct cks_store *store, struct run *run, struct claimed *batch,
	size_t n, struct cks_error *err)
{
	struct cks_stmt *stmt;
	int rc = CKS_STMT_DONE;

	if (n == 0)
		return 0;
	if (cks_store_begin(store, err) < 0)
		return -1;
	stmt = cks_store_prepare(store, "UPDATE messages SET state = 'queued',"
	    " claimed_by = NULL, lease_until = NULL, attempts = attempts - 1"
	    " WHERE id = ? AND state = 'sending' AND claimed_by = ?", err);
	if (stmt == NULL) {
		cks_store_rollback(store);
		return -1;
	}
	for (size_t i = 0; i < n && rc == CKS_STMT_DONE; i++) {
		cks_stmt_reset(stmt);
		cks_stmt_bind_int64(stmt, 1, batch[i].out.queue_id);
		cks_stmt_bind_text(stmt, 2, run->claimer, -1, CKS_STMT_STATIC);
		rc = cks_stmt_step(stmt);
	}
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(store, "put back a claimed batch", err);
		cks_store_rollback(store);
		return -1;
	}
	return cks_store_commit(store, err);
}

static void *
worker(void *arg)
{
	struct run *run = arg;
	struct cks_delivery_stats stats = { 0 };
	struct cks_store *store = NULL;
	struct claimed *both, *batch, *next;
	struct prefetch ahead;
	struct cks_error err;
	int held = 0, failed = 0;
	size_t n = 0;
	struct cks_smtp_relay relay;

	memset(&ahead, 0, sizeof(ahead));
	ahead.run = run;
	/* Two batches: the one with the relay and the one claimed ahead. */
	both = calloc((size_t)run->config->smtp_batch_size * 2, sizeof(*both));
	batch = both;
	next = both != NULL ? both + run->config->smtp_batch_size : NULL;
	if (both == NULL) {
		cks_error_set(&err, CKS_ERROR_INTERNAL, "out of memory");
		failed = 1;
	} else if (cks_store_open(run->config->database,
				  run->config->busy_timeout_ms, &store, &err) < 0 ||
		   cks_store_open(run->config->database,
				  run->config->busy_timeout_ms, &ahead.store, &err) < 0) {
		failed = 1;
	} else if ((run->stop == NULL || !*run->stop) &&
		   claim(store, run, batch, &n, &held, &err) < 0) {
		failed = 1;
	}
	while (!failed && n > 0) {
		int halted, stopping;

		pthread_mutex_lock(&run->lock);
		halted = run->halted;
		pthread_mutex_unlock(&run->lock);
		stopping = halted || (run->stop != NULL && *run->stop);
		if (stopping) {
			/* Claimed, never sent: back to the queue. */
			if (unclaim(store, run, batch, n, &err) < 0)
				failed = 1;
			free_batch(batch, n);
			n = 0;
			break;
		}
		ahead.batch = next;
		prefetch_start(&ahead);
		memset(&relay, 0, sizeof(relay));
		relay.size_limit = -1;
		deliver(run, batch, n, &relay);
		if (record(store, run, batch, n, run->smtp != NULL ? &relay : NULL,
		    relay.setting != NULL, &stats, &err) < 0)
			failed = 1;
		free_batch(batch, n);
		prefetch_wait(&ahead);
		held |= ahead.held;
		if (ahead.rc < 0 && !failed) {
			err = ahead.err;
			failed = 1;
		}
		if (relay.session_fault) {
			/* The next batch would meet the same fault: the rest
			 * of the queue waits for the next run, untouched. */
			pthread_mutex_lock(&run->lock);
			if (!run->halted) {
				run->halted = 1;
				snprintf(run->halt_setting, sizeof(run->halt_setting),
				    "%s", relay.setting != NULL ? relay.setting : "");
				snprintf(run->halt_reason, sizeof(run->halt_reason),
				    "%s", relay.reason);
			}
			pthread_mutex_unlock(&run->lock);
		}
		{
			struct claimed *t = batch;

			batch = next;
			next = t;
			n = ahead.rc < 0 ? 0 : ahead.n;
		}
		if (failed && n > 0) {
			struct cks_error ignored;

			unclaim(store, run, batch, n, &ignored);
			free_batch(batch, n);
			n = 0;
		}
	}
	pthread_mutex_lock(&run->lock);
	run->stats.sent += stats.sent;
	run->stats.deferred += stats.deferred;
	run->stats.failed += stats.failed;
	run->stats.held |= held;
	if (failed && !run->failed) {
		run->failed = 1;
		run->err = err;
	}
	pthread_mutex_unlock(&run->lock);
	cks_store_close(&ahead.store);
	cks_store_close(&store);
	if (both != NULL)
		free_bodies(both, (size_t)run->config->smtp_batch_size * 2);
	free(both);
	return NULL;
}

/* The SMS pass: one worker (one Kannel connection, requests in turn),
 * after the mail.  Nothing to recover: the mail pass did it for both. */
static int
run_sms(const struct cks_config *c, volatile sig_atomic_t *stop,
	const char *claimer, struct cks_delivery_stats *stats,
	struct cks_error *err)
{
	struct cks_lease_renewer *renewer = NULL;
	struct run run;
	int rc = 0;

	memset(stats, 0, sizeof(*stats));
	memset(&run, 0, sizeof(run));
	run.config = c;
	run.stop = stop;
	run.medium = "sms";
	run.rate_per_minute = c->sms_rate_per_minute;
	run.claimer = claimer;
	{
		/* Nothing due: no password file read, no handle made, at
		 * every tick of the daemon. */
		struct cks_store *store = NULL;
		long due;

		if (cks_store_open(c->database, c->busy_timeout_ms, &store, err) < 0)
			return -1;
		due = count(store, "SELECT count(*) FROM messages WHERE medium = ?1"
		    " AND state IN ('queued', 'deferred') AND next_attempt_at <= ?2",
		    "sms", cks_now_ms());
		cks_store_close(&store);
		if (due == 0)
			return 0;
	}
	if (cks_sms_gateway_new(c, &run.sms, err) < 0)
		return -1;
	/* Our SMS claims stay ours while Kannel is slow, as the mail's do. */
	if (cks_lease_renewer_start(c->database, c->busy_timeout_ms, "messages",
	    c->queue_lease_ms, &renewer, err) < 0) {
		cks_sms_gateway_free(&run.sms);
		return -1;
	}
	snprintf(run.relay, sizeof(run.relay), "%s", cks_sms_gateway_name(run.sms));
	pthread_mutex_init(&run.lock, NULL);
	worker(&run);
	cks_lease_renewer_stop(&renewer);
	*stats = run.stats;
	if (run.failed) {
		*err = run.err;
		rc = -1;
	} else if (run.halt_setting[0] != '\0') {
		cks_error_set(err, CKS_ERROR_INVALID, "sms: %s (nothing marked "
		    "failed; the SMS queue waits until %s is fixed)",
		    run.halt_reason, run.halt_setting);
		rc = -1;
	}
	cks_sms_gateway_free(&run.sms);
	pthread_mutex_destroy(&run.lock);
	return rc;
}

int
cks_delivery_run(const struct cks_config *c, volatile sig_atomic_t *stop,
		 struct cks_delivery_stats *stats, struct cks_error *err)
{
	struct run run;
	struct cks_store *store = NULL;
	char user[256] = "", password[256] = "";
	struct cks_lease_renewer *renewer = NULL;
	pthread_t threads[32];
	long started = 0;
	int rc = 0;

	memset(stats, 0, sizeof(*stats));
	memset(&run, 0, sizeof(run));
	run.config = c;
	run.stop = stop;
	run.medium = "email";
	run.rate_per_minute = c->smtp_rate_per_minute;
	pthread_mutex_init(&run.lock, NULL);
	cks_claimant_set_name(c->gateway_name);
	run.claimer = cks_claimant_id();
	if (c->smtp_host != NULL) {
		struct cks_smtp_config sc = {
			.host = c->smtp_host, .port = (int)c->smtp_port,
			.starttls = (enum cks_starttls)c->smtp_starttls,
			.ca_file = c->smtp_ca_file,
			.connect_timeout_ms = c->smtp_connect_timeout_ms,
			.command_timeout_ms = c->smtp_command_timeout_ms,
		};

		if (c->smtp_auth_file != NULL) {
			if (cks_secret_read_credentials(c->smtp_auth_file, user,
			    sizeof(user), password, sizeof(password), err) < 0) {
				cks_error_prefix(err, "smtp.auth_file");
				goto out;
			}
			sc.auth_user = user;
			sc.auth_password = password;
		}
		snprintf(run.relay, sizeof(run.relay), "%s:%ld", c->smtp_host,
		    c->smtp_port);
		if (cks_smtp_new(&sc, &run.smtp, err) < 0)
			goto out;
	} else {
		snprintf(run.relay, sizeof(run.relay), "spool");
		/* The default spool is in the state directory, which a SQLite
		 * store makes when it opens its file there; with a PostgreSQL
		 * store nothing has (an error shows at the spool if this
		 * fails). */
		if (c->state_dir != NULL)
			mkdir(c->state_dir, 0750);
	}
	if (cks_store_open(c->database, c->busy_timeout_ms, &store, err) < 0 ||
	    recover(store, &run, err) < 0)
		goto out;
	cks_store_close(&store);
	/* Our claims stay ours while a session runs longer than the lease. */
	if (cks_lease_renewer_start(c->database, c->busy_timeout_ms, "messages",
	    c->queue_lease_ms, &renewer, err) < 0)
		goto out;
	for (started = 0; started < c->smtp_workers; started++)
		if (pthread_create(&threads[started], NULL, worker, &run) != 0)
			break;
	if (started == 0) {
		cks_error_set(err, CKS_ERROR_INTERNAL, "cannot start a worker thread");
		goto out;
	}
	for (long i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	cks_lease_renewer_stop(&renewer);
	*stats = run.stats;
	if (run.failed) {
		*err = run.err;
		rc = -1;
	} else if (run.halt_setting[0] != '\0') {
		/* Our configuration, not the messages: one error that names
		 * the key; nothing was marked failed. */
		cks_error_set(err, CKS_ERROR_INVALID, "smtp: %s (nothing marked "
		    "failed; the queue waits until %s is fixed)",
		    run.halt_reason, run.halt_setting);
		rc = -1;
	}
	explicit_bzero(password, sizeof(password));
	cks_smtp_free(&run.smtp);
	pthread_mutex_destroy(&run.lock);
	if (c->sms_sendsms_url != NULL) {
		struct cks_delivery_stats sms;
		struct cks_error sms_err;

		if (run_sms(c, stop, run.claimer, &sms, &sms_err) < 0 &&
		    rc == 0) {
			*err = sms_err;
			rc = -1;
		}
		stats->sent += sms.sent;
		stats->deferred += sms.deferred;
		stats->failed += sms.failed;
		stats->taken_over += sms.taken_over;
		stats->sms_held |= sms.held;
	}
	return rc;
out:
	cks_lease_renewer_stop(&renewer);
	*stats = run.stats;
	explicit_bzero(password, sizeof(password));
	cks_store_close(&store);
	cks_smtp_free(&run.smtp);
	pthread_mutex_destroy(&run.lock);
	return -1;
}
