#include "autoconfig.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "random.h"

/* getrandom(2) rather than RAND_bytes: it needs no library state, so it
 * is safe in a helper right after exec and in any thread. */
int
cks_random_bytes(void *out, size_t size, struct cks_error *err)
{
	unsigned char *p = out;

	while (size > 0) {
		ssize_t n = getrandom(p, size, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return cks_error_set(err, CKS_ERROR_INTERNAL,
			    "getrandom: %s", strerror(errno));
		p += n;
		size -= (size_t)n;
	}
	return 0;
}

int
cks_random_hex(char *out, size_t bytes, struct cks_error *err)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[32];

	if (bytes > sizeof(raw))
		return cks_error_set(err, CKS_ERROR_INTERNAL,
		    "cks_random_hex: %zu bytes asked, 32 at most", bytes);
	if (cks_random_bytes(raw, bytes, err) < 0)
		return -1;
	for (size_t i = 0; i < bytes; i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 15];
	}
	out[2 * bytes] = '\0';
	return 0;
}
