/* Importing the knowledge-base catalogue from a CSV file, all of it or
 * nothing, with every problem named by line and column. */
#ifndef CKS_KB_IMPORT_H
#define CKS_KB_IMPORT_H

#include <stddef.h>

#include "basket.h"
#include "error.h"
#include "store.h"

/* What an import did. */
struct cks_kb_import_result {
	size_t added;
	size_t updated;
	/* When the file was refused: one line per problem, "line N, column
	 * NAME: message", at most CKS_KB_IMPORT_MAX_ERRORS of them (then
	 * "... and N more"); NULL when none.  Nothing is imported then. */
	char *errors;
	size_t error_count;
};

#define CKS_KB_IMPORT_MAX_ERRORS 50

/* Imports a CSV file (UTF-8, with or without BOM, RFC 4180 quoting with
 * embedded newlines) whose first line names the columns: title_th,
 * title_en, summary, url, tags, file (a path, relative to the CSV's
 * directory), active (1/0, yes/no), id (an existing item to update).
 * All rows in one transaction: one bad row refuses the whole file, with
 * every problem listed in result->errors (err says how many).  Free
 * result->errors. */
int cks_kb_import_csv(struct cks_store *store, const char *path,
		      const struct cks_basket_limits *limits,
		      struct cks_kb_import_result *result,
		      struct cks_error *err);

#endif
