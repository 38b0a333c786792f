/* The verdicts of plugin probes, kept by file identity (device, inode,
 * size, modification time) in a file of the state directory, so that a
 * plugin that hangs or crashes when probed costs its probe once, not on
 * every cksctl call.  A file that changes in any of those gets a new
 * probe.  Delete the cache file to probe everything again. */
#ifndef CKS_PLUGIN_CACHE_H
#define CKS_PLUGIN_CACHE_H

#include <stddef.h>
#include <sys/stat.h>

struct cks_plugin_cache;

/* Reads path (a missing or unreadable file is an empty cache); NULL path:
 * a cache that remembers nothing.  NULL only when out of memory. */
struct cks_plugin_cache *cks_plugin_cache_open(const char *path);

/* 1 with *ok and the reason copied to why when this file (as st says)
 * was judged before; 0 when not. */
int cks_plugin_cache_get(const struct cks_plugin_cache *cache,
			 const char *file, const struct stat *st, int *ok,
			 char *why, size_t size);

/* Records a verdict for the files seen in this load. */
void cks_plugin_cache_put(struct cks_plugin_cache *cache, const char *file,
			  const struct stat *st, int ok, const char *why);

/* Writes the verdicts of this load (only those: files gone are dropped)
 * atomically when anything changed, and frees the cache.  Failing to
 * write only costs a new probe next time, so it is not an error. */
void cks_plugin_cache_close(struct cks_plugin_cache **cache);

#endif
