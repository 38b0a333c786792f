#include "autoconfig.h"

#include "fetch.h"
#include "fetch_seen.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libetpan/libetpan.h>

#include "clock.h"
#include "secret.h"
#include "tls_verify.h"

/* Seconds any one network step may take; there is no setting for it. */
#define POP3_TIMEOUT_S 60

struct pop3_run {
	mailpop3 *pop3;
	struct cks_store *store;
	const char *host;
	char what[300];             /* "pop3 host:port", for messages */
	char *source;               /* "pop3:host", for the handler */
	int delete;                 /* DELE what is done */
	cks_fetch_handler handler;
	void *context;
	struct cks_fetch_stats *stats;
};

/* A failed libetpan call, with the server's last words when it answered. */
static int
pop3_fail(struct pop3_run *run, int r, const char *doing, struct cks_error *err)
{
	const char *reply = run->pop3->pop3_response;

	switch (r) {
	case MAILPOP3_ERROR_CONNECTION_REFUSED:
		/* libetpan keeps no errno worth showing (its connect is
		 * non-blocking: EINPROGRESS). */
		return cks_error_set(err, CKS_ERROR_TEMPORARY,
		    "%s: cannot connect (refused, unreachable or no answer)",
		    run->what);
	case MAILPOP3_ERROR_STREAM:
	case MAILPOP3_ERROR_SSL:
		return cks_error_set(err, CKS_ERROR_TEMPORARY,
		    "%s: %s: the connection failed (TLS handshake, timeout or "
		    "closed by the server)", run->what, doing);
	case MAILPOP3_ERROR_MEMORY:
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	case MAILPOP3_ERROR_STLS_NOT_SUPPORTED:
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: the server does not offer STLS", run->what);
	default:
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: %s refused: %s", run->what, doing,
		    reply != NULL && reply[0] != '\0' ? reply : "(no reason given)");
	}
}

/* Connects by implicit TLS or STLS, the server name going out by SNI
 * either way, and checks the certificate before USER is sent. */
static int
connect_server(struct pop3_run *run, const struct cks_config *c,
	       struct cks_error *err)
{
	uint16_t port = (uint16_t)(c->pop3_port > 0 ? c->pop3_port :
	    c->pop3_tls == 0 ? 995 : 110);
	int r;

	snprintf(run->what, sizeof(run->what), "pop3 %s:%u", run->host, port);
	if (c->pop3_tls == 0) {
		r = mailpop3_ssl_connect_with_callback(run->pop3, run->host, port,
		    cks_tls_server_name, (void *)run->host);
		if (r != MAILPOP3_NO_ERROR)
			return pop3_fail(run, r, "connect", err);
	} else {
		r = mailpop3_socket_connect(run->pop3, run->host, port);
		if (r != MAILPOP3_NO_ERROR)
			return pop3_fail(run, r, "connect", err);
		r = mailpop3_socket_starttls_with_callback(run->pop3,
		    cks_tls_server_name, (void *)run->host);
		if (r != MAILPOP3_NO_ERROR)
			return pop3_fail(run, r, "STLS", err);
	}
	return cks_tls_verify(run->pop3->pop3_stream, run->host, c->pop3_ca_file,
	    run->what, err);
}

/* USER and PASS; APOP would need the password kept in clear on the
 * server and adds nothing over TLS. */
static int
login(struct pop3_run *run, const char *auth_file, struct cks_error *err)
{
	char user[256], password[256], doing[300];
	int r;

	if (auth_file == NULL)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: pop3.auth_file is not set", run->what);
	if (cks_secret_read_credentials(auth_file, user, sizeof(user), password,
					sizeof(password), err) < 0)
		return cks_error_prefix(err, "pop3.auth_file");
	snprintf(doing, sizeof(doing), "login as %s", user);
	r = mailpop3_user(run->pop3, user);
	if (r == MAILPOP3_NO_ERROR)
		r = mailpop3_pass(run->pop3, password);
	explicit_bzero(password, sizeof(password));
	return r == MAILPOP3_NO_ERROR ? 0 : pop3_fail(run, r, doing, err);
}

/* --- the mailbox ----------------------------------------------------------- */

/* The deletion itself happens at QUIT; until then DELE only marks. */
static int
mark_done(struct pop3_run *run, unsigned index, struct cks_error *err)
{
	int r;

	if (!run->delete)
		return 0;
	r = mailpop3_dele(run->pop3, index);
	return r == MAILPOP3_NO_ERROR ? 0 : pop3_fail(run, r, "DELE", err);
}

/* One message: handled, remembered, deleted if so configured; or left for
 * a later run. */
static int
take(struct pop3_run *run, const struct mailpop3_msg_info *info,
     struct cks_error *err)
{
	struct cks_error herr;
	char *raw = NULL, *copy;
	size_t size = 0;
	int seen = 0, r;

	if (cks_fetch_seen(run->store, run->source, info->msg_uidl, &seen, err) < 0)
		return -1;
	if (seen) {
		/* Handled before; left on the server by choice, or because
		 * the last run ended before its QUIT. */
		run->stats->skipped++;
		return mark_done(run, info->msg_index, err);
	}
	r = mailpop3_retr(run->pop3, info->msg_index, &raw, &size);
	if (r != MAILPOP3_NO_ERROR)
		return pop3_fail(run, r, "RETR", err);
	/* Our own copy: libetpan's buffer is an mmap string, freed its way. */
	copy = malloc(size + 1);
	if (copy == NULL) {
		mailpop3_retr_free(raw);
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	}
	memcpy(copy, raw, size);
	copy[size] = '\0';
	mailpop3_retr_free(raw);
	run->stats->fetched++;
	cks_error_clear(&herr);
	r = run->handler(run->context, copy, size, run->source, info->msg_uidl,
	    &herr);
	free(copy);
	if (r < 0) {
		run->stats->deferred++;
		return 0;
	}
	if (cks_fetch_remember(run->store, run->source, info->msg_uidl, err) < 0 ||
	    mark_done(run, info->msg_index, err) < 0)
		return -1;
	run->stats->done++;
	return 0;
}

int
cks_fetch_pop3(const struct cks_config *config, struct cks_store *store,
		cks_fetch_handler handler, void *context,
		struct cks_fetch_stats *stats, struct cks_error *err)
{
	struct pop3_run run;
	carray *list = NULL;
	unsigned i;
	size_t len;
	int r, rc = -1;

	memset(stats, 0, sizeof(*stats));
	if (config->pop3_host == NULL || config->pop3_host[0] == '\0')
		return cks_error_set(err, CKS_ERROR_INVALID, "pop3.host is not set");
	if (config->pop3_tls != 0 && config->pop3_tls != 1)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "pop3.tls: unknown mode %ld", config->pop3_tls);
	memset(&run, 0, sizeof(run));
	run.store = store;
	run.host = config->pop3_host;
	run.delete = config->pop3_delete != 0;
	run.handler = handler;
	run.context = context;
	run.stats = stats;
	len = strlen(run.host) + sizeof("pop3:");
	run.source = malloc(len);
	/* No logger is ever set: libetpan's would see the password. */
	run.pop3 = mailpop3_new(0, NULL);
	if (run.source == NULL || run.pop3 == NULL) {
		cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		goto out;
	}
	snprintf(run.source, len, "pop3:%s", run.host);
	mailpop3_set_timeout(run.pop3, POP3_TIMEOUT_S);
	if (connect_server(&run, config, err) < 0 ||
	    login(&run, config->pop3_auth_file, err) < 0)
		goto out;
	/* LIST, then UIDL: libetpan sends both. */
	r = mailpop3_list(run.pop3, &list);
	if (r != MAILPOP3_NO_ERROR) {
		pop3_fail(&run, r, "LIST", err);
		goto out;
	}
	for (i = 0; i < carray_count(list); i++) {
		struct mailpop3_msg_info *info = carray_get(list, i);

		if (info == NULL || info->msg_deleted)
			continue;
		/* Without UIDL nothing can be remembered between sessions:
		 * every run would hand over everything again. */
		if (info->msg_uidl == NULL) {
			cks_error_set(err, CKS_ERROR_INVALID,
			    "%s: the server gave no UIDL for message %u; the "
			    "intake needs UIDL to remember what it took", run.what,
			    info->msg_index);
			goto out;
		}
		if (take(&run, info, err) < 0)
			goto out;
	}
	rc = 0;
out:
	/* QUIT, also after a failure: DELE was only sent for messages already
	 * remembered, so applying it is safe either way.  libetpan reports
	 * QUIT as done even when the server refused it; then the DELEs were
	 * not applied, and the next run finds those messages remembered and
	 * deletes them again. */
	if (run.pop3 != NULL) {
		if (run.pop3->pop3_stream != NULL)
			mailpop3_quit(run.pop3);
		mailpop3_free(run.pop3);
	}
	free(run.source);
	return rc;
}
