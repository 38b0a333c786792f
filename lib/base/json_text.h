/* JSON values to text, byte for byte as jansson's json_dumps writes them,
 * faster.  A session read by the API is 6.7 KB of mostly Thai text, and
 * json_dumps spent 37 us on it -- 40 % of the request (perf, issue 18):
 * it checks and copies a string one code point at a time, where this
 * checks it with libunistring's u8_check and copies runs with memcpy. */
#ifndef CKS_JSON_TEXT_H
#define CKS_JSON_TEXT_H

#include <jansson.h>

/* As json_dumps(value, flags): a malloc'ed string, or NULL (out of
 * memory, a string that is not UTF-8, a non-finite real, or a lone
 * scalar without JSON_ENCODE_ANY).  Flags this does not implement
 * (JSON_SORT_KEYS, JSON_ENSURE_ASCII, JSON_ESCAPE_SLASH, JSON_EMBED) are
 * passed to json_dumps itself. */
char *cks_json_dumps(const json_t *value, size_t flags);

#endif
