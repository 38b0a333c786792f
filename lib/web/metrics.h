/* Metrics in the Prometheus text format.  What the store knows (the queue
 * by state, delivery attempts, ratings, inbound outcomes) is counted from
 * the store at each scrape, so the numbers survive restarts and include
 * work done by cksctl; what only this process sees (HTTP requests) is
 * counted in memory. */
#ifndef CKS_METRICS_H
#define CKS_METRICS_H

#include "error.h"
#include "store.h"

struct cks_metrics;

/* NULL when out of memory.  Free with cks_metrics_free(). */
struct cks_metrics *cks_metrics_new(void);
void cks_metrics_free(struct cks_metrics **metrics);

/* One HTTP request answered with status.  Thread-safe. */
void cks_metrics_count_request(struct cks_metrics *metrics, int status);

/* The exposition text; *text_out is malloc'ed, the caller frees it. */
int cks_metrics_render(struct cks_metrics *metrics, struct cks_store *store,
		       char **text_out, struct cks_error *err);

#endif
