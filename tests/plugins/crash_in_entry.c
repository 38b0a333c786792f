/*
 * Test fixture: the entry point dereferences a null pointer (SIGSEGV).
 * The loader probes plugins in a child process, so this must be refused
 * as "crashed" while cksctl and cksgated carry on with the others.
 */
#include <signal.h>

#include <cksgate/plugin.h>

const struct cks_channel_plugin *
cks_channel_plugin(void)
{
	/* volatile: the compiler may not assume the load away. */
	const struct cks_channel_plugin *volatile nowhere = NULL;

	if (nowhere->id != NULL)
		return nowhere;
	raise(SIGSEGV);  /* not reached on any system that maps page 0 out */
	return NULL;
}
