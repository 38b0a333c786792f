/* Moving a desk (issue 15): every table of one store copied into another
 * that is empty, ids kept, in one transaction, the counts compared at the
 * end.  Today from SQLite into PostgreSQL (cksctl store copy --to). */
#ifndef CKS_STORE_COPY_H
#define CKS_STORE_COPY_H

#include <stdint.h>

#include "store.h"

struct cks_store_copy_result {
	int tables;
	int64_t rows;
};

/* from and to are open stores at the same (latest) schema version; to
 * must be PostgreSQL's and hold no rows.  On failure nothing is copied. */
int cks_store_copy(struct cks_store *from, struct cks_store *to,
		   struct cks_store_copy_result *result, struct cks_error *err);

#endif
