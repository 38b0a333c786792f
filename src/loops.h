/* The daemon's work loops, one thread each: delivering the mail queue,
 * taking in replies (maildir, IMAP, POP3) and delivering webhooks.  Each
 * pass runs the same core code as the matching cksctl command, with the
 * runtime current at its start. */
#ifndef CKS_LOOPS_H
#define CKS_LOOPS_H

#include <signal.h>

/* Set by SIGTERM: no new pass starts, and a pass in flight stops claiming
 * work (SMTP sessions in flight finish). */
extern volatile sig_atomic_t loops_stopping;

/* Starts the five threads (the fourth: reminders and the daily purge; the
 * fifth: listening for other daemons' work on PostgreSQL).  -1 (errno set) if one cannot be started. */
int loops_start(void);

/* Makes the delivery loops look at their queues now (after the API queued
 * mail, or a reload).  Safe from any thread; not from a signal handler. */
void loops_wake(void *unused);

/* Sets loops_stopping, wakes them and waits up to grace_ms for them to
 * finish; returns the number still running when the grace ran out. */
int loops_stop(long grace_ms);

#endif
