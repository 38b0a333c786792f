#ifndef CKS_PARSE_SERVE_H
#define CKS_PARSE_SERVE_H

/* The helper's side of parse_worker.h: answers requests on fd until it is
 * closed; never returns.  Only cksgate-parse calls this. */
void cks_parse_worker_serve(int fd) __attribute__((noreturn));

#endif
