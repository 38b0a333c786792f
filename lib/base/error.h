/* Errors travel as a -1 return plus this struct: what went wrong, where,
 * and what kind of failure it is, so each front end can map it to its own
 * convention (exit codes, sysexits, HTTP statuses) without parsing text. */
#ifndef CKS_ERROR_H
#define CKS_ERROR_H

enum cks_error_kind {
	CKS_ERROR_NONE = 0,
	CKS_ERROR_INVALID,    /* bad input: malformed value, unknown key */
	CKS_ERROR_NOT_FOUND,  /* an id that does not exist */
	CKS_ERROR_CONFLICT,   /* valid but not now: closed session, duplicate */
	CKS_ERROR_TEMPORARY,  /* try again later: database busy, disk full */
	CKS_ERROR_INTERNAL,   /* a bug or an environment fault */
	CKS_ERROR_BUSY,       /* the store stayed locked for busy_timeout_ms:
			       * a temporary failure, retry shortly */
};

/* Temporary in the wide sense: worth retrying later (busy included). */
#define CKS_ERROR_IS_TEMPORARY(kind) \
	((kind) == CKS_ERROR_TEMPORARY || (kind) == CKS_ERROR_BUSY)

struct cks_error {
	enum cks_error_kind kind;
	char message[1024];
	/* The input that was refused, by the name its input struct or its
	 * command gives it ("email", "title_th", "failed_since"); "" when no
	 * one field is at fault.  Front ends name it (the API's JSON "field")
	 * without reading the message. */
	char field[64];
};

/* Sets kind and message; always returns -1 so callers can
 * `return cks_error_set(err, ...)`.  err may be NULL. */
int cks_error_set(struct cks_error *err, enum cks_error_kind kind,
		  const char *format, ...)
	__attribute__((format(printf, 3, 4)));

/* As cks_error_set, and names the field at fault (cut to fit; NULL
 * names none). */
int cks_error_set_field(struct cks_error *err, enum cks_error_kind kind,
			const char *field, const char *format, ...)
	__attribute__((format(printf, 4, 5)));

/* Names the field of an already set error, for a caller that knows the
 * input better than the check it called (a check shared by several
 * fields); returns -1 like cks_error_set.  err may be NULL. */
int cks_error_name_field(struct cks_error *err, const char *field);

/* Puts "prefix: " in front of an already set message. */
int cks_error_prefix(struct cks_error *err, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

void cks_error_clear(struct cks_error *err);

const char *cks_error_kind_name(enum cks_error_kind kind);

#endif
