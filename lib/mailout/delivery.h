/* Delivering the queue: claims due messages in batches, hands each batch
 * to one SMTP session (or to the spool when no relay is configured), and
 * records the results of a batch in one commit.  A 4xx reply or a network
 * fault defers the message by queue.retry_schedule until queue.max_age;
 * a 5xx reply fails it at once; every attempt is kept with the reply. */
#ifndef CKS_DELIVERY_H
#define CKS_DELIVERY_H

#include <signal.h>

#include "config.h"
#include "error.h"

struct cks_delivery_stats {
	long recovered;       /* left "sending" by a dead daemon of this
			       * gateway, requeued at once */
	long taken_over;      /* left "sending" past its lease (queue.lease),
			       * by any daemon: requeued */
	long sent;
	long deferred;
	long failed;          /* 5xx, or gave up after queue.max_age */
	long held;            /* 1 if smtp.rate_per_minute held messages back */
	long sms_held;        /* 1 if sms.rate_per_minute held SMS back */
};

/* Delivers every message that is due with config->smtp_workers parallel
 * sessions, then returns.  Stops claiming when *stop becomes non-zero
 * (NULL: never); batches in flight finish.  Opens its own connections and
 * transactions (recover; per batch, claim and record): never call it
 * inside one. */
int cks_delivery_run(const struct cks_config *config,
		     volatile sig_atomic_t *stop,
		     struct cks_delivery_stats *stats, struct cks_error *err);

/* The wait after the n-th deferral (n from 1), from the schedule. */
long cks_delivery_backoff_ms(const struct cks_config *config, int attempt);

#endif
