/* cksgate-probe: loads one channel plugin to see whether it is safe to
 * load (see probe.h).  Started by cksgated and cksctl with posix_spawn:
 * the plugin file open on standard input, the verdict pipe on fd 3. */
#include "autoconfig.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "helper.h"
#include "probe.h"

int
main(int argc, char **argv)
{
	struct cks_error err;

	if (argc != 2) {
		fprintf(stderr, "usage: %s PLUGIN (started by cksgate, the "
		    "plugin open on standard input, the verdict on fd %d)\n",
		    argv[0], CKS_PROBE_VERDICT_FD);
		return 64;
	}
	if (cks_helper_enter(CKS_PROBE_VERDICT_FD + 1, &err) < 0) {
		if (write(CKS_PROBE_VERDICT_FD, err.message,
		    strlen(err.message)) < 0)
			return 3;
		return 2;
	}
	cks_plugin_probe_serve(argv[1], 0, CKS_PROBE_VERDICT_FD);
}
