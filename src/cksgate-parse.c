/* cksgate-parse: the MIME-and-reply parser helper (see parse_worker.h).
 * Started by cksgated and cksctl with posix_spawn, never by hand: its
 * standard input is a socket of requests. */
#include "autoconfig.h"

#include <stdio.h>

#include "helper.h"
#include "parse_serve.h"

int
main(int argc, char **argv)
{
	struct cks_error err;

	if (argc != 1) {
		fprintf(stderr, "usage: %s (started by cksgate, requests on "
		    "standard input)\n", argv[0]);
		return 64;
	}
	/* 0 is the socket, 1 /dev/null, 2 the log: nothing else stays. */
	if (cks_helper_enter(3, &err) < 0) {
		fprintf(stderr, "%s: %s\n", argv[0], err.message);
		return 1;
	}
	cks_parse_worker_serve(0);
}
