/*
 * Test fixture: the entry point never returns.  The probe gives up after
 * its time limit; the verdict is cached by file identity so that only the
 * first command pays that wait.
 */
#include <unistd.h>

#include <cksgate/plugin.h>

const struct cks_channel_plugin *
cks_channel_plugin(void)
{
	for (;;)
		pause();
}
