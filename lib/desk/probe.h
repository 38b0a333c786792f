/* The plugin probe: a plugin is loaded and checked first in the helper
 * program cksgate-probe, so that an object that crashes or hangs in its
 * constructor or entry point, or whose descriptor points at garbage, is
 * refused instead of taking the daemon down.  The helper is spawned (see
 * helper.h), gets the plugin as an open file on its standard input and a
 * pipe for its verdict, nothing else, and no root. */
#ifndef CKS_PROBE_H
#define CKS_PROBE_H

#include <stddef.h>

#define CKS_PROBE_HELPER "cksgate-probe"

/* A plugin must answer within this time when probed. */
#define CKS_PROBE_SECONDS 5

/* The descriptor the helper writes its verdict to. */
#define CKS_PROBE_VERDICT_FD 3

/* Probes the plugin at path: 0 when it loaded and passed every check,
 * -1 with the reason in why. */
int cks_plugin_probe(const char *path, char *why, size_t size);

/* The helper's side: loads the plugin open on plugin_fd (path is for
 * messages) and writes its verdict to verdict_fd; never returns.  Only
 * cksgate-probe calls this. */
void cks_plugin_probe_serve(const char *path, int plugin_fd, int verdict_fd)
	__attribute__((noreturn));

#endif
