#include "autoconfig.h"

#include <curl/curl.h>
#include <string.h>
#include <strings.h>

#include "url.h"

/* libcurl's parser (RFC 3986 with the WHATWG leniencies browsers have)
 * decides what a URL is, so a link we accept is one curl and a browser
 * can open; the characters refused on top are ours, for HTML and mail. */
int
cks_url_is_web(const char *url)
{
	CURLU *u;
	char *scheme = NULL, *host = NULL;
	int ok;

	if (url == NULL || strpbrk(url, " \t\r\n\"<>") != NULL)
		return 0;
	u = curl_url();
	if (u == NULL)
		return 0;
	ok = curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    (strcasecmp(scheme, "http") == 0 || strcasecmp(scheme, "https") == 0) &&
	    host[0] != '\0';
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return ok;
}
