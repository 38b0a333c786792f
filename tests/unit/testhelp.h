/* Shared fixtures for the unit tests: a scratch directory per test
 * program, a fresh store in it, and the plugins built in this tree. */
#ifndef CKS_TESTHELP_H
#define CKS_TESTHELP_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "channels.h"
#include "store.h"

/* A new empty directory under $TMPDIR (or /tmp), removed at exit. */
const char *test_scratch_dir(void);

/* A path inside the scratch directory; the caller frees it. */
char *test_path(const char *name);

/* A fresh store in a new file; fails the test on error. */
struct cks_store *test_store_new(void);

/* The three channel plugins built in this tree. */
struct cks_channels *test_channels_load(void);

/* Writes text to path (created or truncated); fails the test on error. */
void test_write_file(const char *path, const char *text);

#endif
