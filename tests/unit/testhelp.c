#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testhelp.h"

static char scratch[4096];
static unsigned store_serial;

static void
remove_scratch(void)
{
	char command[4200];

	if (scratch[0] == '\0' || getenv("CKS_TEST_KEEP") != NULL)
		return;
	snprintf(command, sizeof(command), "rm -rf '%s'", scratch);
	if (system(command) != 0)
		fprintf(stderr, "# could not remove %s\n", scratch);
}

const char *
test_scratch_dir(void)
{
	const char *tmp = getenv("TMPDIR");

	if (scratch[0] != '\0')
		return scratch;
	snprintf(scratch, sizeof(scratch), "%s/cks-unit-XXXXXX",
	    tmp != NULL ? tmp : "/tmp");
	if (mkdtemp(scratch) == NULL) {
		perror("mkdtemp");
		abort();
	}
	atexit(remove_scratch);
	return scratch;
}

char *
test_path(const char *name)
{
	size_t len = strlen(test_scratch_dir()) + strlen(name) + 2;
	char *path = malloc(len);

	assert_non_null(path);
	snprintf(path, len, "%s/%s", scratch, name);
	return path;
}

struct cks_store *
test_store_new(void)
{
	struct cks_store *store = NULL;
	struct cks_error err;
	char name[64];
	char *path;
	int rc;

	snprintf(name, sizeof(name), "store-%u.db", ++store_serial);
	path = test_path(name);
	rc = cks_store_open(path, 5000, &store, &err);
	if (rc < 0)
		fail_msg("cks_store_open(%s): %s", path, err.message);
	free(path);
	return store;
}

struct cks_channels *
test_channels_load(void)
{
	struct cks_channels *channels = NULL;
	struct cks_error err;

	if (cks_channels_load(CKS_TEST_PLUGIN_DIR, &channels, &err) < 0)
		fail_msg("cks_channels_load: %s", err.message);
	assert_int_equal(channels->refusal_count, 0);
	assert_int_equal(channels->count, 3);
	return channels;
}

void
test_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}
