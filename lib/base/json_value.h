/* Small jansson helpers shared by the modules that turn objects into JSON. */
#ifndef CKS_JSON_VALUE_H
#define CKS_JSON_VALUE_H

#include <jansson.h>
#include <stdint.h>

#include "clock.h"

/* A new JSON string, or null for a missing value. */
static inline json_t *
cks_json_string_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

/* A new ISO 8601 local-time string, or null for 0 ("never"). */
static inline json_t *
cks_json_time_or_null(int64_t ms)
{
	char text[40];

	if (ms == 0)
		return json_null();
	cks_time_format_iso(ms, text, sizeof(text));
	return json_string(text);
}

#endif
