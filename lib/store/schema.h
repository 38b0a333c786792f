/* The store's schema as a list of forward migrations.  Migration N takes a
 * database from user_version N-1 to N; the list only ever grows at its end,
 * and a shipped migration is never edited. */
#ifndef CKS_SCHEMA_H
#define CKS_SCHEMA_H

struct cks_migration {
	int version;
	const char *what;     /* one line for the log and for errors */
	const char *sql;
};

extern const struct cks_migration cks_schema_migrations[];
extern const int cks_schema_latest;

/* Only where translating a migration to PostgreSQL (schema_pg.c) is not
 * enough: the text to translate instead, still in SQLite's DDL, with a
 * comment at the migration saying why.  Ends with version 0. */
extern const struct cks_migration cks_schema_pg_variants[];

/* PRAGMA application_id of a cksgate store ("CKSG"). */
#define CKS_SCHEMA_APPLICATION_ID 0x434b5347

#endif
