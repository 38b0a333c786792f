#include "autoconfig.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "secret.h"
#include "sms_dlr.h"
#include "sms_send.h"
#include "sms_text.h"

struct cks_sms_gateway {
	const struct cks_config *config;
	CURL *curl;
	char password[256];
	char name[300];
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_result = CURLE_FAILED_INIT;

static void
init_curl(void)
{
	curl_init_result = curl_global_init(CURL_GLOBAL_DEFAULT);
}

int
cks_sms_gateway_new(const struct cks_config *c, struct cks_sms_gateway **out,
		    struct cks_error *err)
{
	struct cks_sms_gateway *g;
	size_t length = 0;
	CURLU *url;
	char *host = NULL, *port = NULL;

	*out = NULL;
	if (c->sms_sendsms_url == NULL)
		return cks_error_set_field(err, CKS_ERROR_INVALID, "sms.sendsms_url",
		    "SMS is not configured: set sms.sendsms_url (Kannel's "
		    "smsbox sendsms URL)");
	pthread_once(&curl_once, init_curl);
	if (curl_init_result != CURLE_OK)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "libcurl: %s",
		    curl_easy_strerror(curl_init_result));
	g = calloc(1, sizeof(*g));
	if (g == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	g->config = c;
	if (cks_secret_read_file(c->sms_password_file,
	    (unsigned char *)g->password, sizeof(g->password) - 1, &length,
	    err) < 0) {
		cks_error_prefix(err, "sms.password_file");
		free(g);
		return -1;
	}
	g->password[length] = '\0';
	/* One line: a trailing newline is the editor's, not the password's. */
	g->password[strcspn(g->password, "\r\n")] = '\0';
	g->curl = curl_easy_init();
	if (g->curl == NULL) {
		cks_sms_gateway_free(&g);
		return cks_error_set(err, CKS_ERROR_INTERNAL, "libcurl: no handle");
	}
	url = curl_url();
	if (url != NULL && curl_url_set(url, CURLUPART_URL, c->sms_sendsms_url,
	    0) == CURLUE_OK) {
		curl_url_get(url, CURLUPART_HOST, &host, 0);
		curl_url_get(url, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT);
	}
	snprintf(g->name, sizeof(g->name), "kannel %s:%s", host ? host : "?",
	    port ? port : "?");
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(url);
	*out = g;
	return 0;
}

void
cks_sms_gateway_free(struct cks_sms_gateway **gateway)
{
	struct cks_sms_gateway *g = *gateway;

	if (g == NULL)
		return;
	if (g->curl != NULL)
		curl_easy_cleanup(g->curl);
	explicit_bzero(g->password, sizeof(g->password));
	free(g);
	*gateway = NULL;
}

const char *
cks_sms_gateway_name(const struct cks_sms_gateway *g)
{
	return g->name;
}

/* Appends "&name=escaped(value)" (no '&' first) to buf. */
static int
add_var(CURL *curl, char **buf, size_t *len, const char *name,
	const char *value)
{
	char *escaped = curl_easy_escape(curl, value, 0);
	size_t need;
	char *grown;

	if (escaped == NULL)
		return -1;
	need = *len + strlen(name) + strlen(escaped) + 3;
	grown = realloc(*buf, need);
	if (grown == NULL) {
		curl_free(escaped);
		return -1;
	}
	*len += (size_t)sprintf(grown + *len, "%s%s=%s", *len ? "&" : "", name,
	    escaped);
	*buf = grown;
	curl_free(escaped);
	return 0;
}

struct body {
	char text[256];
	size_t len;
};

static size_t
capture(char *data, size_t size, size_t n, void *context)
{
	struct body *b = context;
	size_t take = size * n;

	if (take > sizeof(b->text) - 1 - b->len)
		take = sizeof(b->text) - 1 - b->len;
	memcpy(b->text + b->len, data, take);
	b->len += take;
	b->text[b->len] = '\0';
	return size * n;
}

static void
set_result(struct cks_outgoing *out, enum cks_delivery_result result,
	   int code, const char *fmt, ...)
{
	va_list ap;

	out->result = result;
	out->code = code;
	va_start(ap, fmt);
	vsnprintf(out->reply, sizeof(out->reply), fmt, ap);
	va_end(ap);
	out->reply[strcspn(out->reply, "\r\n")] = '\0';
}

void
cks_sms_gateway_send(struct cks_sms_gateway *g, struct cks_outgoing *out,
		     const char **setting)
{
	const struct cks_config *c = g->config;
	struct cks_sms_size size;
	struct body body = { "", 0 };
	char coding[4], *dlr_url = NULL;
	char *query = NULL, *url = NULL;
	size_t qlen = 0;
	struct cks_error err;
	long status = 0;
	CURLcode rc;
	int bad = 0;

	*setting = NULL;
	if (cks_sms_measure(out->data, &size) < 0) {
		set_result(out, CKS_DELIVERY_FAILED, 0, "the text is not valid "
		    "UTF-8");
		return;
	}
	if (cks_sms_dlr_url(c, out->queue_id, &dlr_url, &err) < 0) {
		set_result(out, CKS_DELIVERY_DEFERRED, 0, "%s", err.message);
		*setting = "http.link_secret_file";
		return;
	}
	snprintf(coding, sizeof(coding), "%d", (int)size.coding);
	bad |= add_var(g->curl, &query, &qlen, "username", c->sms_username);
	bad |= add_var(g->curl, &query, &qlen, "password", g->password);
	if (c->sms_from != NULL)
		bad |= add_var(g->curl, &query, &qlen, "from", c->sms_from);
	bad |= add_var(g->curl, &query, &qlen, "to", out->recipient);
	bad |= add_var(g->curl, &query, &qlen, "text", out->data);
	bad |= add_var(g->curl, &query, &qlen, "charset", "UTF-8");
	bad |= add_var(g->curl, &query, &qlen, "coding", coding);
	/* 31: delivered, not delivered, buffered, SMSC accepted, rejected. */
	bad |= add_var(g->curl, &query, &qlen, "dlr-mask", "31");
	bad |= add_var(g->curl, &query, &qlen, "dlr-url", dlr_url);
	free(dlr_url);
	if (!bad && (url = malloc(strlen(c->sms_sendsms_url) + qlen + 2)) != NULL)
		sprintf(url, "%s%c%s", c->sms_sendsms_url,
		    strchr(c->sms_sendsms_url, '?') ? '&' : '?', query);
	if (query != NULL)
		explicit_bzero(query, qlen);
	free(query);
	if (url == NULL) {
		set_result(out, CKS_DELIVERY_DEFERRED, 0, "out of memory");
		return;
	}
	curl_easy_reset(g->curl);
	curl_easy_setopt(g->curl, CURLOPT_URL, url);
	curl_easy_setopt(g->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(g->curl, CURLOPT_USERAGENT,
	    PACKAGE_NAME "/" PACKAGE_VERSION);
	curl_easy_setopt(g->curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(g->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(g->curl, CURLOPT_TIMEOUT_MS, c->sms_timeout_ms);
	curl_easy_setopt(g->curl, CURLOPT_CONNECTTIMEOUT_MS, c->sms_timeout_ms);
	curl_easy_setopt(g->curl, CURLOPT_WRITEFUNCTION, capture);
	curl_easy_setopt(g->curl, CURLOPT_WRITEDATA, &body);
	rc = curl_easy_perform(g->curl);
	curl_easy_getinfo(g->curl, CURLINFO_RESPONSE_CODE, &status);
	explicit_bzero(url, strlen(url));
	free(url);
	/* No CURLOPT_ERRORBUFFER: libcurl's detailed texts may quote the URL,
	 * which holds the password; only its short description is kept. */
	if (rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL) {
		set_result(out, CKS_DELIVERY_DEFERRED, 0, "sms.sendsms_url: %s",
		    curl_easy_strerror(rc));
		*setting = "sms.sendsms_url";
	} else if (rc != CURLE_OK)
		set_result(out, CKS_DELIVERY_DEFERRED, 0, "%s: %s", g->name,
		    curl_easy_strerror(rc));
	else if (status >= 200 && status <= 299)
		set_result(out, CKS_DELIVERY_SENT, (int)status, "%s (%d part%s, "
		    "%s)", body.text, size.parts, size.parts == 1 ? "" : "s",
		    cks_sms_coding_name(size.coding));
	else if (status == 401 || status == 403) {
		set_result(out, CKS_DELIVERY_DEFERRED, (int)status, "%s refused "
		    "the sendsms-user: %s", g->name, body.text);
		*setting = "sms.username";
	} else if (status == 404) {
		set_result(out, CKS_DELIVERY_DEFERRED, (int)status, "%s has no "
		    "sendsms at that path: %s", g->name, body.text);
		*setting = "sms.sendsms_url";
	} else if (status >= 400 && status <= 499 && status != 408 &&
		   status != 429)
		set_result(out, CKS_DELIVERY_FAILED, (int)status, "%s", body.text);
	else
		set_result(out, CKS_DELIVERY_DEFERRED, (int)status, "%s",
		    body.text);
}
