/* The PostgreSQL connection as pg_conn.c and stmt_pg.c share it. */
#ifndef CKS_PG_INTERNAL_H
#define CKS_PG_INTERNAL_H

#include <libpq-fe.h>

#include "store_pg.h"

#define CKS_PG_BUCKETS 256

/* A statement prepared on this connection, by its text and the kinds of
 * its parameters (an int is declared bigint, bytes bytea; text is left
 * for PostgreSQL to infer from where it is used). */
struct cks_pg_prepared {
	struct cks_pg_prepared *next;
	char *key;               /* sql, '\1', one letter per parameter */
	char name[16];
};

/* A table's integer primary key column ("" when none), which an INSERT
 * returns so that cks_store_last_insert_id is what SQLite's rowid was. */
struct cks_pg_table {
	struct cks_pg_table *next;
	char *name;
	char *key;
};

struct cks_pg {
	PGconn *conn;
	char *name;              /* redacted URI */
	struct cks_pg_prepared *prepared[CKS_PG_BUCKETS];
	unsigned prepared_count;
	struct cks_pg_table *tables;
	int64_t changes;
	int64_t last_insert_id;
	char *implicit;          /* the SAVEPOINT that began the transaction */
	int in_tx;               /* a transaction was begun and not ended */
	long busy_timeout_ms;
	char sqlstate[6];        /* of the last failure; "" when none */
	char message[512];
};

/* Records res's (or the connection's) error; clears res. */
void cks_pg_note_error(struct cks_pg *pg, PGresult *res);

/* A connection lost between transactions (the server restarted, a
 * failover) is made again, with its settings, before the next statement;
 * inside a transaction the loss stands until it is rolled back, so no
 * half of it is ever committed.  0, or -1 with the error kept. */
int cks_pg_usable(struct cks_pg *pg);

/* Runs sql (no rows), keeping the error; 0 or -1. */
int cks_pg_run(struct cks_pg *pg, const char *sql);


#endif
