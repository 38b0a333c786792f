#include "autoconfig.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "delivery.h"
#include "hmac.h"
#include "json_text.h"
#include "json_value.h"
#include "lease.h"
#include "secret.h"
#include "utf8.h"
#include "webhook.h"

#define CLAIM_BATCH 10         /* deliveries claimed, and recorded, at once */
#define FAN_OUT_BATCH 200      /* events fanned out per transaction */
#define REPLY_MAX 500          /* bytes of a reply body kept */
#define KEY_MIN 16             /* a shorter HMAC key is refused */
#define KEY_MAX 1024

enum outcome { OUTCOME_SENT, OUTCOME_DEFERRED, OUTCOME_FAILED };

/* A claimed delivery, and what its POST gave. */
struct job {
	int64_t id;
	int64_t event_id;
	int64_t created_ms;
	int attempts;              /* this one included */
	char *url, *kind, *payload; /* owned copies */
	int tried;                 /* 0: released untouched (stop) */
	long status;               /* HTTP status; 0 when none came */
	enum outcome outcome;
	char reply[REPLY_MAX + 256];
};

/* What a run shares between its steps. */
struct run {
	const struct cks_config *config;
	struct cks_store *store;
	const char *claimer;       /* cks_claimant_id(), in claimed_by */
	CURL *curl;
	struct cks_hmac *mac;      /* keyed once; each signature works on a copy */
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_result = CURLE_FAILED_INIT;

static void
init_curl(void)
{
	curl_init_result = curl_global_init(CURL_GLOBAL_DEFAULT);
}

int
cks_webhook_global_init(struct cks_error *err)
{
	pthread_once(&curl_once, init_curl);
	if (curl_init_result != CURLE_OK)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "libcurl: %s",
		    curl_easy_strerror(curl_init_result));
	return 0;
}

static int
known_kind(const char *kind)
{
	return strcmp(kind, CKS_EVENT_RATING_RECORDED) == 0 ||
	    strcmp(kind, CKS_EVENT_RATING_UNSATISFIED) == 0;
}

int
cks_webhook_add_event(struct cks_store *store, const char *kind,
		      int64_t session_id, json_t *fields, int64_t *id_out,
		      struct cks_error *err)
{
	struct cks_stmt *stmt;
	json_t *body = NULL;
	char *text = NULL;
	int64_t id;
	int rc;

	if (!known_kind(kind))
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "event kind '%s' is not %s or %s", kind,
		    CKS_EVENT_RATING_RECORDED, CKS_EVENT_RATING_UNSATISFIED);
	if (cks_store_begin(store, err) < 0)
		return -1;
	/* The body names the event's id, known only once the row exists:
	 * insert, then fill the payload in. */
	stmt = cks_store_prepare(store, "INSERT INTO events (kind, session_id,"
	    " payload, created_at) VALUES (?, ?, '', ?)", err);
	if (stmt == NULL)
		goto fail;
	cks_stmt_bind_text(stmt, 1, kind, -1, CKS_STMT_STATIC);
	if (session_id > 0)
		cks_stmt_bind_int64(stmt, 2, session_id);
	cks_stmt_bind_int64(stmt, 3, cks_now_ms());
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(store, "record event", err);
		goto fail;
	}
	id = cks_store_last_insert_id(store);
	body = json_pack("{ss sI}", "event", kind, "event_id", (json_int_t)id);
	if (body == NULL || (fields != NULL &&
	    json_object_update_missing(body, fields) < 0) ||
	    (text = cks_json_dumps(body, JSON_COMPACT)) == NULL) {
		cks_error_set(err, CKS_ERROR_INTERNAL, "event %lld: cannot build "
		    "its JSON", (long long)id);
		goto fail;
	}
	stmt = cks_store_prepare(store,
	    "UPDATE events SET payload = ? WHERE id = ?", err);
	if (stmt == NULL)
		goto fail;
	cks_stmt_bind_text(stmt, 1, text, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(stmt, 2, id);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(store, "record event", err);
		goto fail;
	}
	free(text);
	text = NULL;
	if (cks_store_notify(store, "webhook", err) < 0)
		goto fail;
	json_decref(body);
	if (id_out != NULL)
		*id_out = id;
	return cks_store_commit(store, err);
fail:
	free(text);
	json_decref(body);
	cks_store_rollback(store);
	return -1;
}

/* The key is the file's one line (without its line end), used as bytes.
 * Read as secret.c reads credentials: a file that group or others may
 * access is refused, as ssh refuses a private key, and nothing of the key
 * is left in a stdio buffer. */
static int
read_key(const char *path, unsigned char *key, size_t *len_out,
	 struct cks_error *err)
{
	unsigned char buf[KEY_MAX + 2];
	size_t len = 0;

	*len_out = 0;
	if (path == NULL)
		return cks_error_set(err, CKS_ERROR_INVALID, "webhook.secret_file: "
		    "not set, and webhook deliveries are signed: put a key in a "
		    "file of mode 600 (openssl rand -hex 32) and name it there");
	if (cks_secret_read_file(path, buf, sizeof(buf), &len, err) < 0)
		return cks_error_prefix(err, "webhook.secret_file");
	if (len > 0 && buf[len - 1] == '\n')
		len--;
	if (len > 0 && buf[len - 1] == '\r')
		len--;
	if (len < KEY_MIN || len > KEY_MAX || memchr(buf, '\n', len) != NULL ||
	    memchr(buf, '\r', len) != NULL) {
		OPENSSL_cleanse(buf, sizeof(buf));
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "webhook.secret_file: %s: expected one line of %d to %d bytes "
		    "(openssl rand -hex 32)", path, KEY_MIN, KEY_MAX);
	}
	memcpy(key, buf, len);
	OPENSSL_cleanse(buf, sizeof(buf));
	*len_out = len;
	return 0;
}

/* Claims whose lease has passed go back to the outbox (inside the
 * caller's transaction); *n_out says how many. */
static int
expire_leases(struct cks_store *store, int64_t now, long *n_out)
{
	return cks_lease_expire(store, "UPDATE webhook_deliveries"
	    " SET state = 'queued', claimed_by = NULL, lease_until = NULL,"
	    " updated_at = ?1 WHERE state = 'sending' AND lease_until <= ?1",
	    now, n_out);
}

/* Deliveries nobody works on any more go back to the outbox: those whose
 * lease has passed (any gateway's daemon), and at once those of a daemon
 * of this gateway that is provably gone.  As the mail queue's recover. */
static int
recover(struct run *run, struct cks_webhook_stats *stats,
	struct cks_error *err)
{
	int64_t now = cks_now_ms();
	struct cks_stmt *select, *update;
	long expired;
	int rc;

	if (cks_store_begin(run->store, err) < 0)
		return -1;
	select = cks_store_prepare(run->store, "SELECT id,"
	    " coalesce(claimed_by, '') FROM webhook_deliveries"
	    " WHERE state = 'sending'", err);
	update = cks_store_prepare(run->store, "UPDATE webhook_deliveries"
	    " SET state = 'queued', claimed_by = NULL, lease_until = NULL,"
	    " updated_at = ? WHERE id = ?", err);
	if (select == NULL || update == NULL) {
		cks_stmt_finalize(select);
		cks_stmt_finalize(update);
		cks_store_rollback(run->store);
		return -1;
	}
	rc = expire_leases(run->store, now, &expired);
	if (rc == CKS_STMT_DONE) {
		stats->taken_over += expired;
		while ((rc = cks_stmt_step(select)) == CKS_STMT_ROW) {
			const char *by = (const char *)cks_stmt_column_text(select, 1);

			if (!cks_claimant_gone(by))
				continue;
			cks_stmt_reset(update);
			cks_stmt_bind_int64(update, 1, now);
			cks_stmt_bind_int64(update, 2, cks_stmt_column_int64(select, 0));
			if (cks_stmt_step(update) != CKS_STMT_DONE) {
				rc = CKS_STMT_ERROR;
				break;
			}
			stats->recovered++;
		}
	}
	cks_stmt_finalize(select);
	cks_stmt_finalize(update);
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(run->store, "recover webhook deliveries", err);
		cks_store_rollback(run->store);
		return -1;
	}
	return cks_store_commit(run->store, err);
}

static const char *
url_for(const struct cks_config *c, const char *kind)
{
	if (strcmp(kind, CKS_EVENT_RATING_RECORDED) == 0)
		return c->webhook_rating_url;
	if (strcmp(kind, CKS_EVENT_RATING_UNSATISFIED) == 0)
		return c->webhook_unsatisfied_url;
	return NULL;
}

/* One transaction: up to FAN_OUT_BATCH new events get their deliveries
 * and are marked fanned out.  *more is set when the batch was full. */
static int
fan_out_batch(struct run *run, int *more, struct cks_webhook_stats *stats,
	      struct cks_error *err)
{
	struct { int64_t id; char kind[32]; } events[FAN_OUT_BATCH];
	struct cks_stmt *select = NULL, *insert = NULL, *mark = NULL;
	int64_t now = cks_now_ms();
	size_t n = 0;
	int rc;

	*more = 0;
	if (cks_store_begin(run->store, err) < 0)
		return -1;
	select = cks_store_prepare(run->store, "SELECT id, kind FROM events"
	    " WHERE fanned_out = 0 ORDER BY id LIMIT ?", err);
	insert = cks_store_prepare(run->store, "INSERT INTO"
	    " webhook_deliveries (event_id, url, state, next_attempt_at,"
	    " created_at, updated_at) VALUES (?1, ?2, 'queued', ?3, ?3, ?3)"
	    " ON CONFLICT DO NOTHING", err);
	mark = cks_store_prepare(run->store,
	    "UPDATE events SET fanned_out = 1 WHERE id = ?", err);
	if (select == NULL || insert == NULL || mark == NULL)
		goto fail;
	/* Read the batch first: the updates take rows out of the index the
	 * select walks. */
	cks_stmt_bind_int(select, 1, FAN_OUT_BATCH);
	while ((rc = cks_stmt_step(select)) == CKS_STMT_ROW && n < FAN_OUT_BATCH) {
		events[n].id = cks_stmt_column_int64(select, 0);
		snprintf(events[n].kind, sizeof(events[n].kind), "%s",
		    (const char *)cks_stmt_column_text(select, 1));
		n++;
	}
	if (rc != CKS_STMT_DONE && rc != CKS_STMT_ROW) {
		cks_store_fail(run->store, "read new events", err);
		goto fail;
	}
	for (size_t i = 0; i < n; i++) {
		const char *url = url_for(run->config, events[i].kind);

		if (url != NULL) {
			cks_stmt_reset(insert);
			cks_stmt_bind_int64(insert, 1, events[i].id);
			cks_stmt_bind_text(insert, 2, url, -1, CKS_STMT_STATIC);
			cks_stmt_bind_int64(insert, 3, now);
			if (cks_stmt_step(insert) != CKS_STMT_DONE) {
				cks_store_fail(run->store, "queue webhook delivery", err);
				goto fail;
			}
			stats->queued += cks_store_changes(run->store);
		}
		cks_stmt_reset(mark);
		cks_stmt_bind_int64(mark, 1, events[i].id);
		if (cks_stmt_step(mark) != CKS_STMT_DONE) {
			cks_store_fail(run->store, "mark event fanned out", err);
			goto fail;
		}
		stats->events++;
	}
	cks_stmt_finalize(select);
	cks_stmt_finalize(insert);
	cks_stmt_finalize(mark);
	*more = n == FAN_OUT_BATCH;
	return cks_store_commit(run->store, err);
fail:
	cks_stmt_finalize(select);
	cks_stmt_finalize(insert);
	cks_stmt_finalize(mark);
	cks_store_rollback(run->store);
	return -1;
}

static int
fan_out(struct run *run, volatile sig_atomic_t *stop,
	struct cks_webhook_stats *stats, struct cks_error *err)
{
	int more = 1;

	while (more && (stop == NULL || !*stop))
		if (fan_out_batch(run, &more, stats, err) < 0)
			return -1;
	return 0;
}

static int
due_exists(struct run *run, int64_t due_by, int *exists,
	   struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(run->store, "SELECT EXISTS"
	    " (SELECT 1 FROM webhook_deliveries WHERE state = 'queued'"
	    "  AND next_attempt_at <= ?)", err);
	int rc;

	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, due_by);
	rc = cks_stmt_step(stmt);
	*exists = rc == CKS_STMT_ROW && cks_stmt_column_int(stmt, 0) != 0;
	cks_stmt_finalize(stmt);
	return rc == CKS_STMT_ROW ? 0 : cks_store_fail(run->store,
	    "read webhook deliveries", err);
}

static void
free_jobs(struct job *jobs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(jobs[i].url);
		free(jobs[i].kind);
		free(jobs[i].payload);
	}
}

static int
by_id(const void *a, const void *b)
{
	const struct job *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* Claims up to CLAIM_BATCH deliveries due by due_by, in one BEGIN
 * IMMEDIATE transaction: two processes never claim the same row. */
static int
claim(struct run *run, int64_t due_by, struct job *jobs, size_t *n_out,
      struct cks_webhook_stats *stats, struct cks_error *err)
{
	struct cks_stmt *stmt, *event;
	size_t n = 0;
	long expired;
	int rc;

	*n_out = 0;
	if (cks_store_begin(run->store, err) < 0)
		return -1;
	/* Taken over while this run goes on, not only at the next. */
	if (expire_leases(run->store, cks_now_ms(), &expired) != CKS_STMT_DONE) {
		cks_store_fail(run->store, "take over expired claims", err);
		cks_store_rollback(run->store);
		return -1;
	}
	stats->taken_over += expired;
	/* Per dialect, as the mail queue's claim (lease.h). */
	stmt = cks_store_prepare(run->store, cks_store_dialect_sql(run->store,
	    "UPDATE webhook_deliveries SET state = 'sending', claimed_by = ?1,"
	    " lease_until = ?5, attempts = attempts + 1, updated_at = ?2"
	    " WHERE id IN (SELECT id FROM webhook_deliveries"
	    "  WHERE state = 'queued' AND next_attempt_at <= ?3"
	    "  ORDER BY next_attempt_at, id LIMIT ?4)"
	    " RETURNING id, event_id, url, attempts, created_at",
	    "UPDATE webhook_deliveries SET state = 'sending', claimed_by = ?1,"
	    " lease_until = ?5, attempts = attempts + 1, updated_at = ?2"
	    " WHERE id IN (SELECT id FROM webhook_deliveries"
	    "  WHERE state = 'queued' AND next_attempt_at <= ?3"
	    "  ORDER BY next_attempt_at, id LIMIT ?4 FOR UPDATE SKIP LOCKED)"
	    " RETURNING id, event_id, url, attempts, created_at"), err);
	event = cks_store_prepare(run->store,
	    "SELECT kind, payload FROM events WHERE id = ?", err);
	if (stmt == NULL || event == NULL) {
		cks_stmt_finalize(stmt);
		cks_stmt_finalize(event);
		cks_store_rollback(run->store);
		return -1;
	}
	cks_stmt_bind_text(stmt, 1, run->claimer, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(stmt, 2, cks_now_ms());
	cks_stmt_bind_int64(stmt, 3, due_by);
	cks_stmt_bind_int(stmt, 4, CLAIM_BATCH);
	cks_stmt_bind_int64(stmt, 5, cks_now_ms() + run->config->queue_lease_ms);
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW && n < CLAIM_BATCH) {
		struct job *j = &jobs[n++];

		memset(j, 0, sizeof(*j));
		j->id = cks_stmt_column_int64(stmt, 0);
		j->event_id = cks_stmt_column_int64(stmt, 1);
		j->url = cks_store_column_strdup(stmt, 2);
		j->attempts = cks_stmt_column_int(stmt, 3);
		j->created_ms = cks_stmt_column_int64(stmt, 4);
		if (j->url == NULL) {
			rc = CKS_STMT_NOMEM;
			break;
		}
	}
	cks_stmt_finalize(stmt);
	for (size_t i = 0; rc == CKS_STMT_DONE && i < n; i++) {
		cks_stmt_reset(event);
		cks_stmt_bind_int64(event, 1, jobs[i].event_id);
		if (cks_stmt_step(event) != CKS_STMT_ROW) {
			rc = CKS_STMT_CORRUPT;
			break;
		}
		jobs[i].kind = cks_store_column_strdup(event, 0);
		jobs[i].payload = cks_store_column_strdup(event, 1);
		if (jobs[i].kind == NULL || jobs[i].payload == NULL)
			rc = CKS_STMT_NOMEM;
	}
	cks_stmt_finalize(event);
	if (rc != CKS_STMT_DONE) {
		free_jobs(jobs, n);
		if (rc == CKS_STMT_NOMEM)
			cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		else if (rc == CKS_STMT_CORRUPT)
			cks_error_set(err, CKS_ERROR_INTERNAL,
			    "store: a webhook delivery has no event");
		else
			cks_store_fail(run->store, "claim webhook deliveries", err);
		cks_store_rollback(run->store);
		return -1;
	}
	if (cks_store_commit(run->store, err) < 0) {
		free_jobs(jobs, n);
		return -1;
	}
	qsort(jobs, n, sizeof(*jobs), by_id);
	*n_out = n;
	return 0;
}

struct capture {
	char text[REPLY_MAX + 1];
	size_t len;
};

/* Keeps the first REPLY_MAX bytes of the body and reads the rest away, so
 * that the connection stays usable for the next delivery. */
static size_t
capture_body(char *data, size_t size, size_t nmemb, void *arg)
{
	struct capture *c = arg;
	size_t len = size * nmemb, take = REPLY_MAX - c->len;

	if (take > len)
		take = len;
	for (size_t i = 0; i < take; i++)
		c->text[c->len++] = data[i] != '\0' ? data[i] : ' ';
	c->text[c->len] = '\0';
	return len;
}

/* The HMAC-SHA256 context of webhook.secret_file's key, set up once a
 * run; the key itself is wiped as soon as the context holds it. */
static int
key_mac(const char *path, struct cks_hmac **mac_out, struct cks_error *err)
{
	unsigned char key[KEY_MAX];
	size_t key_len = 0;

	*mac_out = NULL;
	if (read_key(path, key, &key_len, err) < 0)
		return -1;
	*mac_out = cks_hmac_new(key, key_len, err);
	OPENSSL_cleanse(key, sizeof(key));
	return *mac_out != NULL ? 0 : -1;
}

/* "sha256=" and the hex HMAC-SHA256 of "timestamp.body" under the key. */
static int
sign(struct run *run, const char *timestamp, const char *body,
     char *out, size_t out_size)
{
	const char *parts[] = { timestamp, ".", body };
	unsigned char mac[CKS_HMAC_SHA256_SIZE];

	if (out_size < 8 + 2 * sizeof(mac) ||
	    cks_hmac_sign(run->mac, parts, 3, mac, NULL) < 0)
		return -1;
	memcpy(out, "sha256=", 7);
	for (size_t i = 0; i < sizeof(mac); i++)
		snprintf(out + 7 + 2 * i, 3, "%02x", mac[i]);
	return 0;
}

static void
set_result(struct job *j, enum outcome outcome, long status,
	   const char *format, ...)
	__attribute__((format(printf, 4, 5)));

static void
set_result(struct job *j, enum outcome outcome, long status,
	   const char *format, ...)
{
	va_list ap;

	j->outcome = outcome;
	j->status = status;
	va_start(ap, format);
	vsnprintf(j->reply, sizeof(j->reply), format, ap);
	va_end(ap);
	cks_text_make_printable(j->reply);
}

static struct curl_slist *
add_header(struct curl_slist *list, int *failed, const char *format, ...)
	__attribute__((format(printf, 3, 4)));

static struct curl_slist *
add_header(struct curl_slist *list, int *failed, const char *format, ...)
{
	struct curl_slist *grown;
	char line[256];
	va_list ap;

	va_start(ap, format);
	vsnprintf(line, sizeof(line), format, ap);
	va_end(ap);
	grown = curl_slist_append(list, line);
	if (grown == NULL)
		*failed = 1;
	return grown != NULL ? grown : list;
}

/* One POST; the outcome, status and reply go into j. */
static void
post(struct run *run, struct job *j)
{
	struct curl_slist *headers = NULL;
	struct capture body = { "", 0 };
	char errors[CURL_ERROR_SIZE] = "", timestamp[24], signature[160];
	const char *location = NULL;
	int failed = 0;
	long status = 0;
	CURLcode rc;

	j->tried = 1;
	snprintf(timestamp, sizeof(timestamp), "%lld",
	    (long long)(cks_now_ms() / 1000));
	if (sign(run, timestamp, j->payload, signature, sizeof(signature)) < 0) {
		set_result(j, OUTCOME_DEFERRED, 0, "cannot compute the signature "
		    "(OpenSSL HMAC-SHA256)");
		return;
	}
	headers = add_header(headers, &failed, "Content-Type: application/json");
	headers = add_header(headers, &failed, "X-Cksgate-Event: %s", j->kind);
	headers = add_header(headers, &failed, "X-Cksgate-Delivery: %lld",
	    (long long)j->id);
	headers = add_header(headers, &failed, "X-Cksgate-Attempt: %d",
	    j->attempts);
	headers = add_header(headers, &failed, "X-Cksgate-Timestamp: %s",
	    timestamp);
	headers = add_header(headers, &failed, "X-Cksgate-Signature: %s",
	    signature);
	/* No "Expect: 100-continue" round trip for bodies over 1 KB. */
	headers = add_header(headers, &failed, "Expect:");
	if (failed) {
		curl_slist_free_all(headers);
		set_result(j, OUTCOME_DEFERRED, 0, "out of memory");
		return;
	}
	/* reset keeps the open connections, so one receiver's deliveries
	 * share a connection. */
	curl_easy_reset(run->curl);
	curl_easy_setopt(run->curl, CURLOPT_URL, j->url);
	curl_easy_setopt(run->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(run->curl, CURLOPT_POST, 1L);
	curl_easy_setopt(run->curl, CURLOPT_POSTFIELDS, j->payload);
	curl_easy_setopt(run->curl, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)strlen(j->payload));
	curl_easy_setopt(run->curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(run->curl, CURLOPT_USERAGENT,
	    PACKAGE_NAME "/" PACKAGE_VERSION);
	curl_easy_setopt(run->curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(run->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(run->curl, CURLOPT_TIMEOUT_MS,
	    run->config->webhook_timeout_ms);
	curl_easy_setopt(run->curl, CURLOPT_CONNECTTIMEOUT_MS,
	    run->config->webhook_timeout_ms);
	curl_easy_setopt(run->curl, CURLOPT_WRITEFUNCTION, capture_body);
	curl_easy_setopt(run->curl, CURLOPT_WRITEDATA, &body);
	curl_easy_setopt(run->curl, CURLOPT_ERRORBUFFER, errors);
	rc = curl_easy_perform(run->curl);
	curl_easy_getinfo(run->curl, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(headers);
	if (rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL)
		set_result(j, OUTCOME_FAILED, 0, "curl: %s",
		    errors[0] ? errors : curl_easy_strerror(rc));
	else if (rc != CURLE_OK)
		/* Whatever the receiver made of it, we cannot tell: again.  It
		 * de-duplicates by X-Cksgate-Delivery. */
		set_result(j, OUTCOME_DEFERRED, status, "curl: %s",
		    errors[0] ? errors : curl_easy_strerror(rc));
	else if (status >= 200 && status <= 299)
		set_result(j, OUTCOME_SENT, status, "%s", body.text);
	else if (status >= 300 && status <= 399) {
		curl_easy_getinfo(run->curl, CURLINFO_REDIRECT_URL, &location);
		set_result(j, OUTCOME_FAILED, status, "redirect to %s not followed: "
		    "set the final URL%s%s", location ? location : "(none)",
		    body.len ? ": " : "", body.text);
	} else if (status >= 400 && status <= 499 && status != 408 &&
		   status != 429)
		set_result(j, OUTCOME_FAILED, status, "%s", body.text);
	else
		set_result(j, OUTCOME_DEFERRED, status, "%s", body.text);
}

static const char *
outcome_name(enum outcome o)
{
	return o == OUTCOME_SENT ? "sent" : o == OUTCOME_FAILED ? "failed"
	    : "deferred";
}

static int
record_one(struct run *run, struct job *j, int64_t now,
	   struct cks_webhook_stats *stats, struct cks_error *err)
{
	const struct cks_config *c = run->config;
	enum outcome outcome = j->outcome;
	char reply[sizeof(j->reply) + 128];
	struct cks_stmt *attempt = NULL, *update;
	int rc1 = CKS_STMT_DONE, rc2;

	if (!j->tried) {
		/* Released by a stop before its POST: as if never claimed. */
		update = cks_store_prepare(run->store, "UPDATE webhook_deliveries"
		    " SET state = 'queued', claimed_by = NULL, lease_until = NULL,"
		    " attempts = attempts - 1, updated_at = ? WHERE id = ?", err);
		if (update == NULL)
			return -1;
		cks_stmt_bind_int64(update, 1, now);
		cks_stmt_bind_int64(update, 2, j->id);
		rc2 = cks_stmt_step(update);
		cks_stmt_finalize(update);
		return rc2 == CKS_STMT_DONE ? 0 : cks_store_fail(run->store,
		    "release webhook delivery", err);
	}
	snprintf(reply, sizeof(reply), "%s", j->reply);
	if (outcome == OUTCOME_DEFERRED && now - j->created_ms >= c->queue_max_age_ms) {
		outcome = OUTCOME_FAILED;
		snprintf(reply, sizeof(reply), "gave up after %d attempts "
		    "(queue.max_age): %s", j->attempts, j->reply);
	}
	attempt = cks_store_prepare(run->store, "INSERT INTO webhook_attempts"
	    " (delivery_id, at, result, status, reply, claimant)"
	    " VALUES (?, ?, ?, ?, ?, ?)", err);
	update = cks_store_prepare(run->store, "UPDATE webhook_deliveries"
	    " SET state = ?1, claimed_by = NULL, lease_until = NULL,"
	    " sent_by = ?7, last_status = ?2,"
	    " last_reply = ?3, next_attempt_at = CASE WHEN ?1 = 'queued'"
	    " THEN ?4 ELSE next_attempt_at END, updated_at = ?5,"
	    " sent_at = CASE WHEN ?1 = 'sent' THEN ?5 END WHERE id = ?6", err);
	if (attempt == NULL || update == NULL) {
		cks_stmt_finalize(attempt);
		cks_stmt_finalize(update);
		return -1;
	}
	cks_stmt_bind_int64(attempt, 1, j->id);
	cks_stmt_bind_int64(attempt, 2, now);
	cks_stmt_bind_text(attempt, 3, outcome_name(j->outcome), -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(attempt, 4, j->status);
	cks_stmt_bind_text(attempt, 5, j->reply, -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(attempt, 6, run->claimer, -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(update, 1, outcome == OUTCOME_DEFERRED ? "queued"
	    : outcome_name(outcome), -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(update, 2, j->status);
	cks_stmt_bind_text(update, 3, reply, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(update, 4, now + cks_delivery_backoff_ms(c, j->attempts));
	cks_stmt_bind_int64(update, 5, now);
	cks_stmt_bind_int64(update, 6, j->id);
	cks_stmt_bind_text(update, 7, run->claimer, -1, CKS_STMT_STATIC);
	rc1 = cks_stmt_step(attempt);
	rc2 = cks_stmt_step(update);
	cks_stmt_finalize(attempt);
	cks_stmt_finalize(update);
	if (rc1 != CKS_STMT_DONE || rc2 != CKS_STMT_DONE)
		return cks_store_fail(run->store, "record webhook delivery", err);
	if (outcome == OUTCOME_SENT)
		stats->sent++;
	else if (outcome == OUTCOME_FAILED)
		stats->failed++;
	else
		stats->deferred++;
	return 0;
}

/* The results of a claimed batch in one commit. */
static int
record(struct run *run, struct job *jobs, size_t n,
       struct cks_webhook_stats *stats, struct cks_error *err)
{
	struct cks_webhook_stats counted;
	int64_t now = cks_now_ms();

	memset(&counted, 0, sizeof(counted));
	if (cks_store_begin(run->store, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (record_one(run, &jobs[i], now, &counted, err) < 0) {
			cks_store_rollback(run->store);
			return -1;
		}
	if (cks_store_commit(run->store, err) < 0)
		return -1;
	stats->sent += counted.sent;
	stats->deferred += counted.deferred;
	stats->failed += counted.failed;
	return 0;
}

static int
deliver(struct run *run, volatile sig_atomic_t *stop, int64_t due_by,
	struct cks_webhook_stats *stats, struct cks_error *err)
{
	struct job jobs[CLAIM_BATCH];
	size_t n;
	int rc;

	while (stop == NULL || !*stop) {
		if (claim(run, due_by, jobs, &n, stats, err) < 0)
			return -1;
		if (n == 0)
			break;
		for (size_t i = 0; i < n && (stop == NULL || !*stop); i++)
			post(run, &jobs[i]);
		rc = record(run, jobs, n, stats, err);
		free_jobs(jobs, n);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int
cks_webhook_run(const struct cks_config *c, volatile sig_atomic_t *stop,
		struct cks_webhook_stats *stats, struct cks_error *err)
{
	struct run run;
	struct sigaction old;
	struct cks_lease_renewer *renewer = NULL;
	int64_t due_by;
	int due = 0, rc = -1;

	memset(stats, 0, sizeof(*stats));
	memset(&run, 0, sizeof(run));
	run.config = c;
	if (cks_webhook_global_init(err) < 0)
		return -1;
	cks_claimant_set_name(c->gateway_name);
	run.claimer = cks_claimant_id();
	if (cks_store_open(c->database, c->busy_timeout_ms, &run.store, err) < 0)
		return -1;
	if (recover(&run, stats, err) < 0 || fan_out(&run, stop, stats, err) < 0)
		goto out;
	/* Each delivery at most once a run: one deferred now is due again
	 * only after this point. */
	due_by = cks_now_ms();
	if (due_exists(&run, due_by, &due, err) < 0)
		goto out;
	if (!due || (stop != NULL && *stop)) {
		rc = 0;
		goto out;
	}
	if (key_mac(c->webhook_secret_file, &run.mac, err) < 0)
		goto out;
	run.curl = curl_easy_init();
	if (run.curl == NULL) {
		cks_error_set(err, CKS_ERROR_INTERNAL,
		    "libcurl: cannot make a handle");
		goto out;
	}
	/* A receiver closing the connection while TLS writes would kill the
	 * process with SIGPIPE.  A handler the program installed is kept. */
	if (sigaction(SIGPIPE, NULL, &old) == 0 && old.sa_handler == SIG_DFL)
		signal(SIGPIPE, SIG_IGN);
	/* Our claims stay ours while slow receivers make a batch outlast
	 * the lease. */
	if (cks_lease_renewer_start(c->database, c->busy_timeout_ms,
	    "webhook_deliveries", c->queue_lease_ms, &renewer, err) < 0)
		goto out;
	rc = deliver(&run, stop, due_by, stats, err);
	cks_lease_renewer_stop(&renewer);
out:
	cks_hmac_free(run.mac);
	if (run.curl != NULL)
		curl_easy_cleanup(run.curl);
	cks_store_close(&run.store);
	return rc;
}

#define DELIVERY_COLUMNS \
	"d.id, d.event_id, e.kind, coalesce(e.session_id, 0), d.url, d.state," \
	" d.attempts, d.next_attempt_at, d.last_status, d.last_reply," \
	" d.created_at, d.updated_at, coalesce(d.sent_at, 0)" \
	" FROM webhook_deliveries d JOIN events e ON e.id = d.event_id"

static json_t *
delivery_from_row(struct cks_stmt *stmt)
{
	const char *state = (const char *)cks_stmt_column_text(stmt, 5);
	int64_t session = cks_stmt_column_int64(stmt, 3);

	return json_pack("{sI sI ss so ss ss si so sI so so so so}",
	    "id", (json_int_t)cks_stmt_column_int64(stmt, 0),
	    "event_id", (json_int_t)cks_stmt_column_int64(stmt, 1),
	    "event", (const char *)cks_stmt_column_text(stmt, 2),
	    "session", session ? json_integer(session) : json_null(),
	    "url", (const char *)cks_stmt_column_text(stmt, 4),
	    "state", state,
	    "attempts", cks_stmt_column_int(stmt, 6),
	    "next_attempt", strcmp(state, "queued") == 0
		? cks_json_time_or_null(cks_stmt_column_int64(stmt, 7))
		: json_null(),
	    "last_status", (json_int_t)cks_stmt_column_int64(stmt, 8),
	    "last_reply", cks_json_string_or_null(
		(const char *)cks_stmt_column_text(stmt, 9)),
	    "created", cks_json_time_or_null(cks_stmt_column_int64(stmt, 10)),
	    "updated", cks_json_time_or_null(cks_stmt_column_int64(stmt, 11)),
	    "sent", cks_json_time_or_null(cks_stmt_column_int64(stmt, 12)));
}

static int
add_history(struct cks_store *store, json_t *delivery, struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store, "SELECT at, result, status,"
	    " reply FROM webhook_attempts WHERE delivery_id = ? ORDER BY id", err);
	json_t *history = json_array();
	int rc;

	if (stmt == NULL || history == NULL) {
		cks_stmt_finalize(stmt);
		json_decref(history);
		return stmt == NULL ? -1 : cks_error_set(err, CKS_ERROR_INTERNAL,
		    "out of memory");
	}
	cks_stmt_bind_int64(stmt, 1, json_integer_value(json_object_get(delivery,
	    "id")));
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW)
		json_array_append_new(history, json_pack("{so ss sI so}",
		    "at", cks_json_time_or_null(cks_stmt_column_int64(stmt, 0)),
		    "result", (const char *)cks_stmt_column_text(stmt, 1),
		    "status", (json_int_t)cks_stmt_column_int64(stmt, 2),
		    "reply", cks_json_string_or_null(
			(const char *)cks_stmt_column_text(stmt, 3))));
	cks_stmt_finalize(stmt);
	json_object_set_new(delivery, "history", history);
	return rc == CKS_STMT_DONE ? 0 : cks_store_fail(store,
	    "read webhook attempts", err);
}

int
cks_webhook_state_known(const char *state)
{
	static const char *const states[] = { "queued", "sending", "sent",
		"failed", NULL };

	for (size_t i = 0; states[i] != NULL; i++)
		if (strcmp(states[i], state) == 0)
			return 1;
	return 0;
}

int
cks_webhook_list(struct cks_store *store, const char *state, size_t limit,
		 json_t **out, struct cks_error *err)
{
	json_t *list, *delivery;
	struct cks_stmt *stmt;
	int rc;

	*out = NULL;
	if (state != NULL && !cks_webhook_state_known(state))
		return cks_error_set(err, CKS_ERROR_INVALID, "state: '%s' is not "
		    "queued, sending, sent or failed", state);
	stmt = cks_store_prepare(store, "SELECT " DELIVERY_COLUMNS
	    " WHERE ?1 IS NULL OR d.state = ?1 ORDER BY d.id DESC LIMIT ?2", err);
	if (stmt == NULL)
		return -1;
	if (state != NULL)
		cks_stmt_bind_text(stmt, 1, state, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(stmt, 2, limit ? (int64_t)limit : 100);
	list = json_array();
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW) {
		if (list == NULL || (delivery = delivery_from_row(stmt)) == NULL ||
		    json_array_append_new(list, delivery) < 0) {
			rc = CKS_STMT_NOMEM;
			break;
		}
	}
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		json_decref(list);
		if (rc == CKS_STMT_NOMEM)
			return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		return cks_store_fail(store, "list webhook deliveries", err);
	}
	for (size_t i = 0; i < json_array_size(list); i++)
		if (add_history(store, json_array_get(list, i), err) < 0) {
			json_decref(list);
			return -1;
		}
	*out = list;
	return 0;
}

int
cks_webhook_get(struct cks_store *store, int64_t id, json_t **out,
		struct cks_error *err)
{
	struct cks_stmt *stmt;
	json_t *delivery = NULL;
	int rc;

	*out = NULL;
	stmt = cks_store_prepare(store, "SELECT " DELIVERY_COLUMNS
	    " WHERE d.id = ?", err);
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, id);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW)
		delivery = delivery_from_row(stmt);
	cks_stmt_finalize(stmt);
	if (rc == CKS_STMT_DONE)
		return cks_error_set(err, CKS_ERROR_NOT_FOUND,
		    "no webhook delivery with id %lld", (long long)id);
	if (rc != CKS_STMT_ROW)
		return cks_store_fail(store, "read webhook delivery", err);
	if (delivery == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	if (add_history(store, delivery, err) < 0) {
		json_decref(delivery);
		return -1;
	}
	*out = delivery;
	return 0;
}

int
cks_webhook_retry(struct cks_store *store, int64_t id, struct cks_error *err)
{
	struct cks_stmt *stmt;
	char *state = NULL;
	int64_t now = cks_now_ms();
	int rc;

	if (cks_store_begin(store, err) < 0)
		return -1;
	stmt = cks_store_prepare(store,
	    "SELECT state FROM webhook_deliveries WHERE id = ?", err);
	if (stmt == NULL)
		goto fail;
	cks_stmt_bind_int64(stmt, 1, id);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW)
		state = cks_store_column_strdup(stmt, 0);
	cks_stmt_finalize(stmt);
	if (rc == CKS_STMT_DONE) {
		cks_error_set(err, CKS_ERROR_NOT_FOUND,
		    "no webhook delivery with id %lld", (long long)id);
		goto fail;
	}
	if (rc != CKS_STMT_ROW || state == NULL) {
		if (rc != CKS_STMT_ROW)
			cks_store_fail(store, "read webhook delivery", err);
		else
			cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		goto fail;
	}
	if (strcmp(state, "failed") != 0) {
		cks_error_set(err, CKS_ERROR_CONFLICT, "webhook delivery %lld is "
		    "%s: only a failed delivery can be retried", (long long)id,
		    state);
		goto fail;
	}
	stmt = cks_store_prepare(store, "UPDATE webhook_deliveries"
	    " SET state = 'queued', next_attempt_at = ?1, updated_at = ?1"
	    " WHERE id = ?2", err);
	if (stmt == NULL)
		goto fail;
	cks_stmt_bind_int64(stmt, 1, now);
	cks_stmt_bind_int64(stmt, 2, id);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(store, "retry webhook delivery", err);
		goto fail;
	}
	free(state);
	return cks_store_commit(store, err);
fail:
	free(state);
	cks_store_rollback(store);
	return -1;
}
