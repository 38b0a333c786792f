#include "autoconfig.h"

#include <stdio.h>

#include "rating_link.h"

int
cks_rating_page_link(const char *public_url, const char *token, int code,
		     char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s/r/%s/%d", public_url, token, code);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}
