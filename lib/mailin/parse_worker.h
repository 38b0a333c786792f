/* Parsing untrusted mail in a separate process.  libetpan has known heap
 * overflows on crafted input; a crash there must cost one message (which
 * is quarantined with the reason), never the program.  The worker is the
 * helper program cksgate-parse (see helper.h: spawned, not forked, with
 * one socket and no root), which parses request after request and is
 * started again after it dies or overruns its time. */
#ifndef CKS_PARSE_WORKER_H
#define CKS_PARSE_WORKER_H

#include <stddef.h>
#include <sys/types.h>

#include "error.h"
#include "mailparse.h"

struct cks_parse_worker;

int cks_parse_worker_start(long timeout_ms, struct cks_parse_worker **worker_out,
			   struct cks_error *err);

/* Starts the helper now rather than on the first parse, so that its
 * start-up overlaps the caller's own.  0, or -1 with err. */
int cks_parse_worker_warm(struct cks_parse_worker *worker,
			  struct cks_error *err);

/* Parses raw in the worker.  Returns 0 with *mail_out (free it with
 * cks_parsed_mail_free); 1 when the message cannot be parsed -- refused,
 * crashed the parser, or took too long -- with the reason in why; -1 on a
 * fault of our own (fork, pipe), with err. */
int cks_parse_worker_parse(struct cks_parse_worker *worker, const char *raw,
			   size_t size, struct cks_parsed_mail **mail_out,
			   char *why, size_t why_size, struct cks_error *err);

void cks_parse_worker_stop(struct cks_parse_worker **worker);

/* The running helper's process id, 0 when none runs (for tests). */
pid_t cks_parse_worker_pid(const struct cks_parse_worker *worker);

#define CKS_PARSE_HELPER "cksgate-parse"

#endif
