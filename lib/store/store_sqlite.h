/* The SQLite backend's own handle, for the store itself and for white-box
 * tests that look at the file directly.  Library modules use stmt.h and
 * never include this (see doc/internals.md, "The store interface"). */
#ifndef CKS_STORE_SQLITE_H
#define CKS_STORE_SQLITE_H

#include <sqlite3.h>

#include "store.h"

sqlite3 *cks_store_db(struct cks_store *store);

#endif
