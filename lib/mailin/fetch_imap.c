#include "autoconfig.h"

#include "fetch.h"
#include "fetch_seen.h"

#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libetpan/libetpan.h>

#include "clock.h"
#include "secret.h"
#include "tls_verify.h"

/* Seconds any one network step may take; there is no setting for it. */
#define IMAP_TIMEOUT_S 60

struct imap_run {
	mailimap *imap;
	struct cks_store *store;
	const char *host;
	const char *folder;
	const char *move_to;        /* NULL: mark \Seen and leave in place */
	char what[300];             /* "imap host:port", for messages */
	char *source;               /* "imap:host/folder", for the handler */
	uint32_t uidvalidity;
	int uidplus;                /* UID EXPUNGE touches only our message */
	cks_fetch_handler handler;
	void *context;
	struct cks_fetch_stats *stats;
};

/* A failed libetpan call, with the server's last words when it answered. */
static int
imap_fail(struct imap_run *run, int r, const char *doing, struct cks_error *err)
{
	const char *reply = run->imap->imap_response;

	switch (r) {
	case MAILIMAP_ERROR_CONNECTION_REFUSED:
		/* libetpan keeps no errno worth showing (its connect is
		 * non-blocking: EINPROGRESS). */
		return cks_error_set(err, CKS_ERROR_TEMPORARY,
		    "%s: cannot connect (refused, unreachable or no answer)",
		    run->what);
	case MAILIMAP_ERROR_STREAM:
	case MAILIMAP_ERROR_SSL:
		return cks_error_set(err, CKS_ERROR_TEMPORARY,
		    "%s: %s: the connection failed (TLS handshake, timeout or "
		    "closed by the server)", run->what, doing);
	case MAILIMAP_ERROR_MEMORY:
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	case MAILIMAP_ERROR_PARSE:
		return cks_error_set(err, CKS_ERROR_TEMPORARY,
		    "%s: %s: unreadable answer from the server", run->what, doing);
	default:
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: %s refused: %s", run->what, doing,
		    reply != NULL && reply[0] != '\0' ? reply : "(no reason given)");
	}
}

/* Connects by implicit TLS or STARTTLS, the server name going out by SNI
 * either way, and checks the certificate before anything else is sent. */
static int
connect_server(struct imap_run *run, const struct cks_config *c,
	       struct cks_error *err)
{
	uint16_t port = (uint16_t)(c->imap_port > 0 ? c->imap_port :
	    c->imap_tls == 0 ? 993 : 143);
	int r;

	snprintf(run->what, sizeof(run->what), "imap %s:%u", run->host, port);
	if (c->imap_tls == 0)
		r = mailimap_ssl_connect_with_callback(run->imap, run->host, port,
		    cks_tls_server_name, (void *)run->host);
	else
		r = mailimap_socket_connect(run->imap, run->host, port);
	/* PREAUTH skips the login, and on a clear connection it also rules
	 * out STARTTLS (an attacker's way to keep the session in clear):
	 * refused either way. */
	if (r == MAILIMAP_NO_ERROR_AUTHENTICATED)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: the server sent PREAUTH; a login is expected", run->what);
	if (r != MAILIMAP_NO_ERROR && r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED)
		return imap_fail(run, r, "connect", err);
	if (c->imap_tls != 0) {
		r = mailimap_socket_starttls_with_callback(run->imap,
		    cks_tls_server_name, (void *)run->host);
		if (r != MAILIMAP_NO_ERROR)
			return imap_fail(run, r, "STARTTLS", err);
	}
	return cks_tls_verify(run->imap->imap_stream, run->host, c->imap_ca_file,
	    run->what, err);
}

static int
login(struct imap_run *run, const char *auth_file, struct cks_error *err)
{
	char user[256], password[256];
	struct mailimap_capability_data *caps = NULL;
	int r;

	if (auth_file == NULL)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: imap.auth_file is not set", run->what);
	if (cks_secret_read_credentials(auth_file, user, sizeof(user), password,
					sizeof(password), err) < 0)
		return cks_error_prefix(err, "imap.auth_file");
	r = mailimap_login(run->imap, user, password);
	explicit_bzero(password, sizeof(password));
	if (r != MAILIMAP_NO_ERROR) {
		char doing[300];

		snprintf(doing, sizeof(doing), "LOGIN as %s", user);
		return imap_fail(run, r, doing, err);
	}
	/* Asked again: what the server offered before TLS and login may
	 * differ from what it offers now. */
	if (mailimap_capability(run->imap, &caps) == MAILIMAP_NO_ERROR)
		mailimap_capability_data_free(caps);
	run->uidplus = mailimap_has_uidplus(run->imap);
	return 0;
}

/* UIDs are only meaningful together with the folder's UIDVALIDITY: once
 * it changed (folder recreated, server migrated), the old entries name
 * other messages or none, so they go. */
static int
forget_other_validity(struct imap_run *run, struct cks_error *err)
{
	char prefix[16];

	snprintf(prefix, sizeof(prefix), "%u:", (unsigned)run->uidvalidity);
	return cks_fetch_forget_except(run->store, run->source, prefix, err);
}

/* --- the folder ------------------------------------------------------------ */

/* The UIDs still to look at, ascending: UNSEEN when done means \Seen;
 * UNDELETED when done means moved (a message marked \Seen by someone
 * reading the mailbox is not done for us then). */
static int
search(struct imap_run *run, uint32_t **uids_out, size_t *count,
       struct cks_error *err)
{
	struct mailimap_search_key *key;
	clist *result = NULL;
	clistiter *it;
	uint32_t *uids;
	size_t n = 0;
	int r;

	key = mailimap_search_key_new(run->move_to != NULL ?
	    MAILIMAP_SEARCH_KEY_UNDELETED : MAILIMAP_SEARCH_KEY_UNSEEN,
	    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL,
	    NULL, NULL);
	if (key == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	r = mailimap_uid_search(run->imap, NULL, key, &result);
	mailimap_search_key_free(key);
	if (r != MAILIMAP_NO_ERROR)
		return imap_fail(run, r, "UID SEARCH", err);
	uids = calloc((size_t)clist_count(result) + 1, sizeof(*uids));
	if (uids == NULL) {
		mailimap_search_result_free(result);
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	}
	for (it = clist_begin(result); it != NULL; it = clist_next(it)) {
		uint32_t uid = *(uint32_t *)clist_content(it);
		size_t i = n;

		/* Insertion sort: servers answer in order almost always. */
		while (i > 0 && uids[i - 1] > uid) {
			uids[i] = uids[i - 1];
			i--;
		}
		uids[i] = uid;
		n++;
	}
	mailimap_search_result_free(result);
	*uids_out = uids;
	*count = n;
	return 0;
}

/* The message as the server stores it, without setting \Seen.  *raw is
 * NULL when the message went away meanwhile. */
static int
fetch(struct imap_run *run, uint32_t uid, char **raw, size_t *size,
      struct cks_error *err)
{
	struct mailimap_set *set = mailimap_set_new_single(uid);
	struct mailimap_fetch_type *type =
	    mailimap_fetch_type_new_fetch_att_list_empty();
	struct mailimap_section *section = mailimap_section_new(NULL);
	struct mailimap_fetch_att *att = section != NULL ?
	    mailimap_fetch_att_new_body_peek_section(section) : NULL;
	clist *result = NULL;
	clistiter *m, *a;
	int r = MAILIMAP_ERROR_MEMORY;

	*raw = NULL;
	if (att == NULL && section != NULL)
		mailimap_section_free(section);
	if (set != NULL && type != NULL && att != NULL) {
		if (mailimap_fetch_type_new_fetch_att_list_add(type, att) !=
		    MAILIMAP_NO_ERROR)
			mailimap_fetch_att_free(att);
		else
			r = mailimap_uid_fetch(run->imap, set, type, &result);
	}
	if (set != NULL)
		mailimap_set_free(set);
	if (type != NULL)
		mailimap_fetch_type_free(type);
	if (r != MAILIMAP_NO_ERROR)
		return imap_fail(run, r, "UID FETCH", err);
	/* Unsolicited FETCH responses about other messages may come along:
	 * only the one that carries our UID counts. */
	for (m = clist_begin(result); m != NULL && *raw == NULL; m = clist_next(m)) {
		struct mailimap_msg_att *msg = clist_content(m);
		const struct mailimap_msg_att_body_section *body = NULL;
		uint32_t got = 0;

		for (a = clist_begin(msg->att_list); a != NULL; a = clist_next(a)) {
			struct mailimap_msg_att_item *item = clist_content(a);
			struct mailimap_msg_att_static *s;

			if (item->att_type != MAILIMAP_MSG_ATT_ITEM_STATIC)
				continue;
			s = item->att_data.att_static;
			if (s->att_type == MAILIMAP_MSG_ATT_UID)
				got = s->att_data.att_uid;
			else if (s->att_type == MAILIMAP_MSG_ATT_BODY_SECTION)
				body = s->att_data.att_body_section;
		}
		if (got != uid || body == NULL || body->sec_body_part == NULL)
			continue;
		*raw = malloc(body->sec_length + 1);
		if (*raw == NULL) {
			mailimap_fetch_list_free(result);
			return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		}
		memcpy(*raw, body->sec_body_part, body->sec_length);
		(*raw)[body->sec_length] = '\0';
		*size = body->sec_length;
	}
	mailimap_fetch_list_free(result);
	return 0;
}

static int
add_flag(struct imap_run *run, struct mailimap_set *set,
	 struct mailimap_flag *flag, struct cks_error *err)
{
	struct mailimap_flag_list *flags = mailimap_flag_list_new_empty();
	struct mailimap_store_att_flags *store = NULL;
	int r = MAILIMAP_ERROR_MEMORY;

	if (flags == NULL || flag == NULL ||
	    mailimap_flag_list_add(flags, flag) != MAILIMAP_NO_ERROR) {
		if (flag != NULL)
			mailimap_flag_free(flag);
	} else {
		store = mailimap_store_att_flags_new_add_flags_silent(flags);
		if (store != NULL) {
			flags = NULL;
			r = mailimap_uid_store(run->imap, set, store);
			mailimap_store_att_flags_free(store);
		}
	}
	if (flags != NULL)
		mailimap_flag_list_free(flags);
	return r == MAILIMAP_NO_ERROR ? 0 : imap_fail(run, r, "UID STORE", err);
}

/* \Seen, or a copy to move_to and the original expunged: UID EXPUNGE where
 * the server has UIDPLUS, else a plain EXPUNGE, which also removes what
 * others marked \Deleted in the folder. */
static int
mark_done(struct imap_run *run, uint32_t uid, struct cks_error *err)
{
	struct mailimap_set *set = mailimap_set_new_single(uid);
	int r, rc = -1;

	if (set == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	if (run->move_to == NULL) {
		rc = add_flag(run, set, mailimap_flag_new_seen(), err);
		goto out;
	}
	r = mailimap_uid_copy(run->imap, set, run->move_to);
	if (r != MAILIMAP_NO_ERROR) {
		imap_fail(run, r, "UID COPY to imap.move_to", err);
		goto out;
	}
	if (add_flag(run, set, mailimap_flag_new_deleted(), err) < 0)
		goto out;
	r = run->uidplus ? mailimap_uid_expunge(run->imap, set) :
	    mailimap_expunge(run->imap);
	if (r != MAILIMAP_NO_ERROR) {
		imap_fail(run, r, "EXPUNGE", err);
		goto out;
	}
	rc = 0;
out:
	mailimap_set_free(set);
	return rc;
}

/* One message: handled, recorded, marked; or left for a later run. */
static int
take(struct imap_run *run, uint32_t uid, struct cks_error *err)
{
	char ref[32], *raw = NULL;
	size_t size = 0;
	struct cks_error herr;
	int seen = 0, r;

	snprintf(ref, sizeof(ref), "%u:%u", (unsigned)run->uidvalidity,
	    (unsigned)uid);
	if (cks_fetch_seen(run->store, run->source, ref, &seen, err) < 0)
		return -1;
	if (seen) {
		/* Handled and recorded, but the marking did not happen (the
		 * run ended in between): finish it now. */
		run->stats->skipped++;
		return mark_done(run, uid, err);
	}
	if (fetch(run, uid, &raw, &size, err) < 0)
		return -1;
	if (raw == NULL)
		return 0;
	run->stats->fetched++;
	cks_error_clear(&herr);
	r = run->handler(run->context, raw, size, run->source, ref, &herr);
	free(raw);
	if (r < 0) {
		run->stats->deferred++;
		return 0;
	}
	if (cks_fetch_remember(run->store, run->source, ref, err) < 0 ||
	    mark_done(run, uid, err) < 0)
		return -1;
	run->stats->done++;
	return 0;
}

/* Non-ASCII folder names travel in modified UTF-7 (RFC 3501, 5.1.3),
 * which this intake does not write. */
static int
check_folder_name(const char *key, const char *name, struct cks_error *err)
{
	const unsigned char *p;

	for (p = (const unsigned char *)name; p != NULL && *p != '\0'; p++)
		if (*p >= 0x80)
			return cks_error_set(err, CKS_ERROR_INVALID,
			    "%s %s: only ASCII folder names are supported", key,
			    name);
	return 0;
}

static int
check_config(const struct cks_config *c, struct cks_error *err)
{
	if (c->imap_host == NULL || c->imap_host[0] == '\0')
		return cks_error_set(err, CKS_ERROR_INVALID, "imap.host is not set");
	if (c->imap_tls != 0 && c->imap_tls != 1)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "imap.tls: unknown mode %ld", c->imap_tls);
	if (check_folder_name("imap.folder", c->imap_folder, err) < 0 ||
	    check_folder_name("imap.move_to", c->imap_move_to, err) < 0)
		return -1;
	return 0;
}

static long
monotonic_ms(void)
{
	return (long)cks_monotonic_ms();
}

/* Takes every message not yet taken (a search, then each in turn). */
static int
take_new(struct imap_run *run, struct cks_error *err)
{
	uint32_t *uids = NULL;
	size_t count = 0;
	int rc = 0;

	if (search(run, &uids, &count, err) < 0)
		return -1;
	for (size_t i = 0; i < count && rc == 0; i++)
		rc = take(run, uids[i], err);
	free(uids);
	return rc;
}

/* IDLE until the server says something (new mail, flags changed), the
 * time is up or we are stopped; then DONE and take what is new.  Servers
 * drop an IDLE after 30 minutes, so one round lasts 25 at most. */
static int
idle(struct imap_run *run, long idle_ms, volatile sig_atomic_t *stop,
     struct cks_error *err)
{
	long deadline = monotonic_ms() + idle_ms;

	run->stats->idled = 1;
	while ((stop == NULL || !*stop) && monotonic_ms() < deadline) {
		long round_end = monotonic_ms() + 25L * 60 * 1000;
		struct pollfd p = { .events = POLLIN };
		int r, ready = 0;

		if (round_end > deadline)
			round_end = deadline;
		r = mailimap_idle(run->imap);
		if (r != MAILIMAP_NO_ERROR)
			return imap_fail(run, r, "IDLE", err);
		p.fd = mailimap_idle_get_fd(run->imap);
		/* Short slices, so that a stop is seen within a quarter second. */
		while (!ready && (stop == NULL || !*stop) &&
		       monotonic_ms() < round_end)
			ready = poll(&p, 1, 250) > 0;
		r = mailimap_idle_done(run->imap);
		if (r != MAILIMAP_NO_ERROR)
			return imap_fail(run, r, "DONE after IDLE", err);
		if (ready && take_new(run, err) < 0)
			return -1;
	}
	return 0;
}

static int
imap_session(const struct cks_config *config, struct cks_store *store,
	     cks_fetch_handler handler, void *context, long idle_ms,
	     volatile sig_atomic_t *stop, struct cks_fetch_stats *stats,
	     struct cks_error *err)
{
	struct imap_run run;
	size_t len;
	int r, rc = -1;

	memset(stats, 0, sizeof(*stats));
	if (check_config(config, err) < 0)
		return -1;
	memset(&run, 0, sizeof(run));
	run.store = store;
	run.host = config->imap_host;
	run.folder = config->imap_folder != NULL && config->imap_folder[0] != '\0' ?
	    config->imap_folder : "INBOX";
	run.move_to = config->imap_move_to != NULL &&
	    config->imap_move_to[0] != '\0' ? config->imap_move_to : NULL;
	run.handler = handler;
	run.context = context;
	run.stats = stats;
	len = strlen(run.host) + strlen(run.folder) + sizeof("imap:/");
	run.source = malloc(len);
	/* No logger is ever set: libetpan's would see the LOGIN password. */
	run.imap = mailimap_new(0, NULL);
	if (run.source == NULL || run.imap == NULL) {
		cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		goto out;
	}
	snprintf(run.source, len, "imap:%s/%s", run.host, run.folder);
	mailimap_set_timeout(run.imap, IMAP_TIMEOUT_S);
	if (connect_server(&run, config, err) < 0 ||
	    login(&run, config->imap_auth_file, err) < 0)
		goto out;
	r = mailimap_select(run.imap, run.folder);
	if (r != MAILIMAP_NO_ERROR) {
		char doing[300];

		snprintf(doing, sizeof(doing), "SELECT of imap.folder %s", run.folder);
		imap_fail(&run, r, doing, err);
		goto out;
	}
	if (run.imap->imap_selection_info != NULL)
		run.uidvalidity = run.imap->imap_selection_info->sel_uidvalidity;
	if (run.uidvalidity == 0) {
		cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: folder %s has no UIDVALIDITY, so its messages cannot be "
		    "remembered", run.what, run.folder);
		goto out;
	}
	if (forget_other_validity(&run, err) < 0 || take_new(&run, err) < 0)
		goto out;
	if (idle_ms > 0 && mailimap_has_idle(run.imap) &&
	    idle(&run, idle_ms, stop, err) < 0)
		goto out;
	mailimap_logout(run.imap);
	rc = 0;
out:
	if (run.imap != NULL)
		mailimap_free(run.imap);
	free(run.source);
	return rc;
}

int
cks_fetch_imap(const struct cks_config *config, struct cks_store *store,
		cks_fetch_handler handler, void *context,
		struct cks_fetch_stats *stats, struct cks_error *err)
{
	return imap_session(config, store, handler, context, 0, NULL, stats,
	    err);
}

int
cks_fetch_imap_idle(const struct cks_config *config, struct cks_store *store,
		     cks_fetch_handler handler, void *context, long idle_ms,
		     volatile sig_atomic_t *stop, struct cks_fetch_stats *stats,
		     struct cks_error *err)
{
	return imap_session(config, store, handler, context, idle_ms, stop,
	    stats, err);
}
