/*
 * Test fixture: the entry point calls exit(0).  A probe judged by exit
 * status alone passed it, and then every cksctl command ended inside the
 * plugin with exit 0 and no output.  Must be refused: the probe child
 * never reports that the plugin loaded.
 */
#include <stdlib.h>

#include <cksgate/plugin.h>

const struct cks_channel_plugin *
cks_channel_plugin(void)
{
	exit(0);
}
