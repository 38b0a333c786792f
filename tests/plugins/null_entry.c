/*
 * Test fixture: the entry point is found but returns NULL (a plugin whose
 * set-up failed).  It is valid C and C++ alike: test_sdk.sh also compiles
 * it with g++ to show that <cksgate/plugin.h> gives the entry point C
 * linkage — a mangled name would be refused as "no entry point" instead.
 */
#include <cksgate/plugin.h>

const struct cks_channel_plugin *
cks_channel_plugin(void)
{
	return NULL;
}
