#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "basket.h"
#include "client.h"
#include "clock.h"
#include "compose.h"
#include "bounce.h"
#include "download_link.h"
#include "mime.h"
#include "queue.h"
#include "rating_link.h"
#include "relay_status.h"
#include "session.h"
#include "sms_text.h"
#include "token.h"
#include "consent.h"
#include "unsubscribe_link.h"

/* The parts of every message kind, in the order they are checked. */
static const char *const parts[] = { "subject", "txt", "html" };
static const char *const langs[] = { "th", "en" };

void
cks_compose_subject_tag(const char *token, char *buf, size_t size)
{
	char upper[CKS_TOKEN_SIZE];
	size_t i;

	for (i = 0; token[i] != '\0' && i < CKS_TOKEN_LENGTH; i++)
		upper[i] = (char)(token[i] >= 'a' && token[i] <= 'z'
		    ? token[i] - 'a' + 'A' : token[i]);
	upper[i] = '\0';
	snprintf(buf, size, "[CKS-%s]", upper);
}

json_t *
cks_rendered_to_json(const struct cks_rendered *r)
{
	return json_pack("{ss ss ss}", "subject", r->subject, "text", r->text,
	    "html", r->html);
}

void
cks_rendered_free(struct cks_rendered *r)
{
	free(r->subject);
	free(r->text);
	free(r->html);
	free(r->message);
	memset(r, 0, sizeof(*r));
}

/* Everything a message is about, loaded once. */
struct subject {
	struct cks_session *session;
	struct cks_client *client;
	const struct cks_channel_plugin *plugin;
	/* The client's opt-out links (unsubscribe_link.h) and the
	 * List-Unsubscribe value made of them. */
	char *unsubscribe_url;
	char *unsubscribe_mailto;
	char *list_unsubscribe;
};

static void
subject_free(struct subject *s)
{
	cks_session_free(&s->session);
	cks_client_free(&s->client);
	free(s->unsubscribe_url);
	free(s->unsubscribe_mailto);
	free(s->list_unsubscribe);
	s->unsubscribe_url = s->unsubscribe_mailto = s->list_unsubscribe = NULL;
}

/* The opt-out links of the subject's client; in an API preview without
 * their signature, as download links are shown. */
static int
load_unsubscribe(const struct cks_outbound *out, struct subject *s,
		 struct cks_error *err)
{
	size_t len;

	if (cks_unsubscribe_links(out->config, s->client->id,
	    &s->unsubscribe_url, &s->unsubscribe_mailto, err) < 0)
		return -1;
	if (out->redact_links) {
		char *token = strstr(s->unsubscribe_mailto, "%20");
		char *dot = token != NULL ? strchr(token, '.') : NULL;

		cks_unsubscribe_link_redact(s->unsubscribe_url);
		if (dot != NULL)
			memset(dot + 1, 'x', strlen(dot + 1));
	}
	len = strlen(s->unsubscribe_url) + strlen(s->unsubscribe_mailto) + 8;
	s->list_unsubscribe = malloc(len);
	if (s->list_unsubscribe == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	snprintf(s->list_unsubscribe, len, "<%s>, <%s>", s->unsubscribe_url,
	    s->unsubscribe_mailto);
	return 0;
}

static int
load_subject(const struct cks_outbound *out, int64_t session_id,
	     struct subject *s, struct cks_error *err)
{
	memset(s, 0, sizeof(*s));
	if (cks_session_get(out->store, session_id, &s->session, err) < 0 ||
	    cks_client_get(out->store, s->session->client_id, &s->client, err) < 0) {
		subject_free(s);
		return -1;
	}
	s->plugin = cks_channels_find(out->channels, s->session->channel);
	if (s->plugin == NULL) {
		subject_free(s);
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "session %lld is on channel '%s', whose plugin is not loaded",
		    (long long)session_id, s->session->channel);
	}
	if (load_unsubscribe(out, s, err) < 0) {
		subject_free(s);
		return -1;
	}
	return 0;
}

/* Mail needs an address: the basket always, a survey when it goes by
 * mail. */
static int
need_email(struct subject *s, struct cks_error *err)
{
	if (s->client->email != NULL)
		return 0;
	return cks_error_set(err, CKS_ERROR_CONFLICT,
	    "client %lld has no email address to send to",
	    (long long)s->client->id);
}

/* The data every template sees. */
static json_t *
common_data(const struct cks_outbound *out, const struct subject *s)
{
	const char *lang = s->client->lang;
	char date[64];

	cks_time_format_long(s->session->opened_ms, lang, date, sizeof(date));
	return json_pack("{ss s{ss so so} s{ss} s{ss ss} s{sI ss} s{ss} ss}",
	    "lang", lang,
	    "client", "name", s->client->name,
	    "company", s->client->company ? json_string(s->client->company)
		: json_null(),
	    "email", s->client->email ? json_string(s->client->email)
		: json_null(),
	    "agent", "name", s->session->agent,
	    "channel", "id", s->plugin->id,
	    "name", cks_template_in_lang(lang, s->plugin->name.th, s->plugin->name.en),
	    "session", "id", (json_int_t)s->session->id, "date", date,
	    "department", "name", cks_config_department_name(out->config, lang),
	    "unsubscribe_url", s->unsubscribe_url);
}

/* links: per item, the download link that replaces its attachment, or
 * NULL for the whole list when the files are attached; expires: the links'
 * expiry as the client reads dates. */
static json_t *
basket_data(const struct cks_outbound *out, const struct subject *s,
	    const struct cks_basket *b, char *const *links, const char *expires)
{
	json_t *data = common_data(out, s);
	json_t *items = json_array();
	const char *lang = s->client->lang;
	int attachments = 0;

	for (size_t i = 0; i < b->count; i++) {
		const struct cks_basket_item *it = &b->items[i];
		char size[32];
		json_t *attachment = json_null();

		if (it->attachment_id) {
			cks_template_size_text(it->size, size, sizeof(size));
			attachment = json_pack("{ss ss so}", "filename",
			    it->filename, "size", size, "download", links != NULL
			    ? json_pack("{ss ss}", "url", links[i], "expires",
				expires) : json_null());
			attachments++;
		}
		json_array_append_new(items, json_pack("{sI ss so so}",
		    "number", (json_int_t)i + 1,
		    "title", cks_template_in_lang(lang, it->title_th, it->title_en),
		    "url", it->url ? json_string(it->url) : json_null(),
		    "attachment", attachment));
	}
	json_object_set_new(data, "items", items);
	json_object_set_new(data, "has_attachments", json_boolean(attachments > 0));
	json_object_set_new(data, "has_download_links",
	    json_boolean(attachments > 0 && links != NULL));
	return data;
}

static json_t *
survey_data(const struct cks_outbound *out, const struct subject *s,
	    const char *token, const char *reply_address, int reminder)
{
	json_t *data = common_data(out, s);
	json_t *options = json_array();
	const char *lang = s->client->lang;
	char upper[CKS_TOKEN_SIZE];
	char url[CKS_RATING_PAGE_LINK_MAX];

	for (size_t i = 0; i < s->plugin->scale_count; i++) {
		const struct cks_rating_option *o = &s->plugin->scale[i];
		int fits = cks_rating_page_link(out->config->http_public_url,
		    token, o->code, url, sizeof(url)) == 0;

		/* The one-click link asks to confirm before it records. */
		json_array_append_new(options, json_pack("{si ss sb so}",
		    "code", o->code,
		    "label", cks_template_in_lang(lang, o->label.th, o->label.en),
		    "satisfied", o->satisfied != 0,
		    "url", fits ? json_string(url) : json_null()));
	}
	for (size_t i = 0; i <= strlen(token); i++)
		upper[i] = (char)(token[i] >= 'a' && token[i] <= 'z'
		    ? token[i] - 'a' + 'A' : token[i]);
	json_object_set_new(data, "options", options);
	json_object_set_new(data, "token", json_string(upper));
	json_object_set_new(data, "reply_address", json_string(reply_address));
	json_object_set_new(data, "example_code",
	    json_integer(s->plugin->scale[0].code));
	json_object_set_new(data, "public_url",
	    json_string(out->config->http_public_url));
	json_object_set_new(data, "reminder", json_boolean(reminder));
	/* One link for a short text (an SMS): the page of the first option
	 * lists the others, and records nothing until confirmed. */
	json_object_set_new(data, "rating_link", cks_rating_page_link(
	    out->config->http_public_url, token, s->plugin->scale[0].code, url,
	    sizeof(url)) == 0 ? json_string(url) : json_null());
	return data;
}

/* "survey-chat.th.txt" when the channel has its own, else "survey.th.txt". */
static void
template_name(const struct cks_outbound *out, const char *kind,
	      const char *channel, const char *lang, const char *part,
	      char *buf, size_t size)
{
	if (channel != NULL) {
		snprintf(buf, size, "%s-%s.%s.%s", kind, channel, lang, part);
		if (cks_templates_has(out->templates, buf))
			return;
	}
	snprintf(buf, size, "%s.%s.%s", kind, lang, part);
}

/* Renders the three parts; the subject must come out as one line. */
static int
render(const struct cks_outbound *out, const char *kind, const char *channel,
       const char *lang, json_t *data, struct cks_rendered *r,
       struct cks_error *err)
{
	char name[128];
	char **slots[] = { &r->subject, &r->text, &r->html };
	size_t len;

	for (size_t i = 0; i < 3; i++) {
		template_name(out, kind, channel, lang, parts[i], name, sizeof(name));
		if (cks_templates_render(out->templates, name, data, slots[i], err) < 0)
			return -1;
	}
	len = strlen(r->subject);
	while (len > 0 && strchr(" \t\r\n", r->subject[len - 1]))
		r->subject[--len] = '\0';
	if (strpbrk(r->subject, "\r\n") != NULL)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "template %s.%s.subject renders more than one line", kind, lang);
	return 0;
}

struct attachments {
	struct cks_mail_attachment *list;
	unsigned char **data;
	size_t count;
};

static void
attachments_free(struct attachments *a)
{
	for (size_t i = 0; i < a->count; i++)
		free(a->data[i]);
	free(a->data);
	free(a->list);
	memset(a, 0, sizeof(*a));
}

static int
load_attachments(const struct cks_outbound *out, const struct cks_basket *b,
		 struct attachments *a, struct cks_error *err)
{
	memset(a, 0, sizeof(*a));
	a->list = calloc(b->count + 1, sizeof(*a->list));
	a->data = calloc(b->count + 1, sizeof(*a->data));
	if (a->list == NULL || a->data == NULL) {
		attachments_free(a);
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	}
	for (size_t i = 0; i < b->count; i++) {
		const struct cks_basket_item *it = &b->items[i];
		size_t size;

		if (it->attachment_id == 0)
			continue;
		if (cks_basket_attachment_data(out->store, it->attachment_id,
		    &a->data[a->count], &size, err) < 0) {
			attachments_free(a);
			return -1;
		}
		a->list[a->count].filename = it->filename;
		a->list[a->count].content_type = it->content_type;
		a->list[a->count].data = a->data[a->count];
		a->list[a->count].size = size;
		a->count++;
	}
	return 0;
}

/* Every message carries the one-click opt-out of RFC 8058 (as the large
 * mailbox providers require of bulk senders), basket mail included: an
 * opted-out client still gets the baskets they ask for, and the header
 * tells their mail program how to stop the surveys. */
#define BUILD_HEADERS_MAX 4

static int
build(const struct cks_outbound *out, const struct subject *s,
      struct cks_rendered *r, const char *message_id, const char *reply_to,
      const struct attachments *a, const struct cks_mail_header *given,
      size_t given_count, struct cks_error *err)
{
	struct cks_mail_header headers[BUILD_HEADERS_MAX];
	size_t header_count = 0;
	struct cks_mail mail = {
		.from_name = out->config->mail_from_name,
		.from_address = out->config->mail_from,
		.to_name = s->client->name,
		.to_address = s->client->email,
		.reply_to_address = reply_to,
		.subject = r->subject,
		.message_id = message_id,
		.date_ms = cks_now_ms(),
		.text = r->text,
		.html = r->html,
		.attachments = a ? a->list : NULL,
		.attachment_count = a ? a->count : 0,
		.headers = headers,
		.header_count = header_count,
	};

	for (size_t i = 0; i < given_count && i + 2 < BUILD_HEADERS_MAX; i++)
		headers[header_count++] = given[i];
	headers[header_count].name = "List-Unsubscribe";
	headers[header_count++].value = s->list_unsubscribe;
	headers[header_count].name = "List-Unsubscribe-Post";
	headers[header_count++].value = "List-Unsubscribe=One-Click";
	mail.header_count = header_count;
	return cks_mime_build(&mail, &r->message, &r->message_size, err);
}

static void
links_free(char **links, size_t count)
{
	if (links == NULL)
		return;
	for (size_t i = 0; i < count; i++)
		free(links[i]);
	free(links);
}

/* The download links of a basket over basket.attachment_budget, one per
 * item with a file (NULL elsewhere), and their expiry as text.
 *
 * The expiry counts from the client's confirmation of these contents, not
 * from the moment of composing: preview and send then show the same links,
 * and the mail describes what the client confirmed.  (A second send of the
 * same revision queues nothing new at all: it returns the first message.)
 * Contents sent unconfirmed, and a send so late after the confirmation
 * that less than half of download.ttl would be left (a resend after an
 * operator cancelled the first), count from now instead. */
static int
make_links(const struct cks_outbound *out, const struct subject *s,
	   const struct cks_basket *b, char ***links_out, char *expires,
	   size_t expires_size, struct cks_error *err)
{
	int64_t now = cks_now_ms(), from = now;
	char **links = calloc(b->count + 1, sizeof(*links));

	*links_out = NULL;
	if (links == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	if (cks_basket_is_confirmed(b) && b->confirmed_ms > 0 &&
	    b->confirmed_ms + out->config->download_ttl_ms / 2 > now)
		from = b->confirmed_ms;
	{
		int64_t ids[b->count > 0 ? b->count : 1];
		const char *names[b->count > 0 ? b->count : 1];

		for (size_t i = 0; i < b->count; i++) {
			ids[i] = b->items[i].attachment_id;
			names[i] = b->items[i].filename;
		}
		if (cks_download_links_make(out->config, b->count, ids, names,
		    from, links, err) < 0) {
			links_free(links, b->count);
			return -1;
		}
		for (size_t i = 0; out->redact_links && i < b->count; i++)
			if (links[i] != NULL)
				cks_download_link_redact(links[i]);
	}
	cks_time_format_long(cks_download_link_expiry(out->config, from) * 1000,
	    s->client->lang, expires, expires_size);
	*links_out = links;
	return 0;
}

/* What a relay adds to the message before it compares it with its own
 * limit (Postfix counts its Received: header and the envelope records in
 * message_size_limit): room left below the relay's SIZE. */
#define RELAY_SIZE_MARGIN 32768L

/* The biggest email a basket may become with its files attached: the
 * configured budget, or less when the relay said in its EHLO reply (SIZE,
 * remembered from the last session with it) that it takes less. */
static long
message_budget(const struct cks_outbound *out)
{
	const struct cks_config *c = out->config;
	long budget = c->basket_attachment_budget;
	struct cks_relay_status status;
	char relay[320];
	int found = 0;

	if (c->smtp_host == NULL || out->store == NULL)
		return budget;
	snprintf(relay, sizeof(relay), "%s:%ld", c->smtp_host, c->smtp_port);
	if (cks_relay_status_get(out->store, relay, &status, &found, NULL) == 0 &&
	    found && status.size_limit > 0 &&
	    status.size_limit - RELAY_SIZE_MARGIN < budget)
		budget = status.size_limit - RELAY_SIZE_MARGIN > 0
		    ? status.size_limit - RELAY_SIZE_MARGIN : 0;
	return budget;
}

/* The basket's email, its files attached or, with with_links, download
 * links in their place. */
static int
compose_basket_as(const struct cks_outbound *out, const struct subject *s,
		  const struct cks_basket *b, const char *message_id,
		  int with_links, struct cks_rendered *r, struct cks_error *err)
{
	struct attachments a = { 0 };
	char **links = NULL;
	char expires[64] = "";
	json_t *data;
	int rc;

	if (with_links &&
	    make_links(out, s, b, &links, expires, sizeof(expires), err) < 0)
		return -1;
	data = basket_data(out, s, b, links, expires);
	if (data == NULL) {
		links_free(links, b->count);
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	}
	rc = render(out, "basket", NULL, s->client->lang, data, r, err);
	json_decref(data);
	if (rc == 0 && links == NULL)
		rc = load_attachments(out, b, &a, err);
	if (rc == 0)
		rc = build(out, s, r, message_id, NULL, links == NULL ? &a : NULL,
		    NULL, 0, err);
	attachments_free(&a);
	links_free(links, b->count);
	return rc;
}

/* A basket goes out with download links in place of its files when the
 * email with them attached, as encoded (base64 makes files a third
 * bigger), would be bigger than message_budget(): small enough for the
 * relay and for the client's mailbox. */
static int
compose_basket(const struct cks_outbound *out, const struct subject *s,
	       const struct cks_basket *b, const char *message_id,
	       struct cks_rendered *r, struct cks_error *err)
{
	long budget = message_budget(out);
	int rc;

	if (b->count == 0)
		return cks_error_set(err, CKS_ERROR_CONFLICT,
		    "basket of session %lld is empty", (long long)b->session_id);
	/* Over the budget in base64 alone: no need to build it to know. */
	if (b->attachment_bytes > 0 && b->attachment_bytes / 3 * 4 > budget)
		return compose_basket_as(out, s, b, message_id, 1, r, err);
	rc = compose_basket_as(out, s, b, message_id, 0, r, err);
	if (rc == 0 && b->attachment_bytes > 0 && r->message_size > (size_t)budget) {
		cks_rendered_free(r);
		rc = compose_basket_as(out, s, b, message_id, 1, r, err);
	}
	return rc;
}

/* A preview in another language: the subject's client reads lang. */
static int
set_lang(struct subject *s, const char *lang, struct cks_error *err)
{
	char *copy;

	if (strcmp(lang, langs[0]) != 0 && strcmp(lang, langs[1]) != 0)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "lang: '%s' is not th or en", lang);
	copy = strdup(lang);
	if (copy == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	free(s->client->lang);
	s->client->lang = copy;
	return 0;
}

int
cks_compose_basket_preview(const struct cks_outbound *out, int64_t session_id,
			   const char *lang, struct cks_rendered *r,
			   struct cks_error *err)
{
	struct cks_basket *b = NULL;
	struct subject s;
	char *message_id;
	int rc;

	memset(r, 0, sizeof(*r));
	if (load_subject(out, session_id, &s, err) < 0)
		return -1;
	if (need_email(&s, err) < 0) {
		subject_free(&s);
		return -1;
	}
	if (lang != NULL && set_lang(&s, lang, err) < 0) {
		subject_free(&s);
		return -1;
	}
	if (cks_basket_get(out->store, session_id, &b, err) < 0) {
		subject_free(&s);
		return -1;
	}
	message_id = cks_mime_new_message_id(out->config->mail_message_id_domain);
	rc = message_id == NULL
	    ? cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory")
	    : compose_basket(out, &s, b, message_id, r, err);
	if (rc < 0)
		cks_rendered_free(r);
	free(message_id);
	cks_basket_free(&b);
	subject_free(&s);
	return rc;
}

/* Non-zero if the queued message was cancelled by an operator. */
static int
message_cancelled(const struct cks_outbound *out, int64_t queue_id)
{
	struct cks_stmt *stmt = cks_store_prepare(out->store,
	    "SELECT state = 'cancelled' FROM messages WHERE id = ?", NULL);
	int cancelled = 0;

	if (stmt == NULL)
		return 0;
	cks_stmt_bind_int64(stmt, 1, queue_id);
	if (cks_stmt_step(stmt) == CKS_STMT_ROW)
		cancelled = cks_stmt_column_int(stmt, 0);
	cks_stmt_finalize(stmt);
	return cancelled;
}

/* Non-zero if a basket's earlier message no longer stands for its
 * revision: cancelled by an operator, or refused by the relay as too big
 * (552, as when it was composed before the relay's SIZE was known; composed
 * again, it gets download links). */
static int
basket_message_superseded(const struct cks_outbound *out, int64_t queue_id)
{
	struct cks_stmt *stmt = cks_store_prepare(out->store,
	    "SELECT state = 'cancelled' OR (state = 'failed' AND last_code = 552)"
	    " FROM messages WHERE id = ?", NULL);
	int superseded = 0;

	if (stmt == NULL)
		return 0;
	cks_stmt_bind_int64(stmt, 1, queue_id);
	if (cks_stmt_step(stmt) == CKS_STMT_ROW)
		superseded = cks_stmt_column_int(stmt, 0);
	cks_stmt_finalize(stmt);
	return superseded;
}

int
cks_compose_basket_send(const struct cks_outbound *out, int64_t session_id,
			const char *reason, int64_t *queue_id_out, int *existing,
			struct cks_error *err)
{
	struct cks_rendered r = { 0 };
	struct cks_basket *b = NULL;
	struct subject s = { 0 };
	char *message_id = NULL;

	*existing = 0;
	if (reason != NULL && cks_check_line(reason, "reason", 600, err) < 0)
		return -1;
	if (cks_store_begin(out->store, err) < 0)
		return -1;
	if (load_subject(out, session_id, &s, err) < 0 ||
	    need_email(&s, err) < 0 ||
	    cks_basket_get(out->store, session_id, &b, err) < 0)
		goto fail;
	if (b->sent_revision != 0 && b->sent_revision == b->revision &&
	    !basket_message_superseded(out, b->sent_message)) {
		/* Same contents: the first send stands (unless an operator
		 * cancelled it or the relay refused it as too big, and the
		 * agent now sends it again). */
		*queue_id_out = b->sent_message;
		*existing = 1;
		goto done;
	}
	if (!cks_basket_is_confirmed(b) && reason == NULL) {
		cks_error_set(err, CKS_ERROR_CONFLICT, b->confirmed_revision == 0
		    ? "basket of session %lld was never confirmed by the client: "
		      "run 'basket confirm' after the check on screen, or send "
		      "with --unconfirmed --reason TEXT"
		    : "basket of session %lld changed after the client confirmed "
		      "it: confirm it again, or send with --unconfirmed --reason TEXT",
		    (long long)session_id);
		goto fail;
	}
	if (cks_bounce_check_send(out->store, s.client->email,
				  out->bounce_force_reason, err) < 0)
		goto fail;
	message_id = cks_mime_new_message_id(out->config->mail_message_id_domain);
	if (message_id == NULL) {
		cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		goto fail;
	}
	if (compose_basket(out, &s, b, message_id, &r, err) < 0)
		goto fail;
	{
		struct cks_queue_new q = {
			.kind = "basket", .session_id = session_id,
			.sender = out->config->mail_from,
			.recipient = s.client->email, .message_id = message_id,
			.subject = r.subject, .body = r.message, .size = r.message_size,
			.unconfirmed_reason = cks_basket_is_confirmed(b) ? NULL : reason,
			.bounce_override = out->bounce_force_reason,
		};

		if (cks_queue_add(out->store, &q, queue_id_out, err) < 0 ||
		    cks_basket_mark_sent(out->store, session_id, b->revision,
					 *queue_id_out, err) < 0)
			goto fail;
	}
done:
	cks_rendered_free(&r);
	free(message_id);
	cks_basket_free(&b);
	subject_free(&s);
	return cks_store_commit(out->store, err);
fail:
	cks_store_rollback(out->store);
	cks_rendered_free(&r);
	free(message_id);
	cks_basket_free(&b);
	subject_free(&s);
	return -1;
}

/* "survey@reply.example" + token -> "survey+token@reply.example". */
static void
plus_address(const char *address, const char *token, char *buf, size_t size)
{
	const char *at = strrchr(address, '@');

	snprintf(buf, size, "%.*s+%s%s", (int)(at - address), address, token, at);
}

static int
existing_invitation(const struct cks_outbound *out, int64_t session_id,
		    int64_t *queue_id, char *token, size_t token_size,
		    struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(out->store,
	    "SELECT message, token FROM survey_invitations WHERE session_id = ?",
	    err);
	int rc;

	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, session_id);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW) {
		*queue_id = cks_stmt_column_int64(stmt, 0);
		snprintf(token, token_size, "%s", cks_stmt_column_text(stmt, 1));
	}
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_ROW && rc != CKS_STMT_DONE)
		return cks_store_fail(out->store, "read invitation", err);
	return rc == CKS_STMT_ROW;
}

static int
insert_invitation(const struct cks_outbound *out, int64_t session_id,
		  const char *token, int64_t queue_id, struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(out->store,
	    "INSERT INTO survey_invitations (session_id, token, message,"
	    " created_at) VALUES (?, ?, ?, ?)", err);
	int rc;

	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, session_id);
	cks_stmt_bind_text(stmt, 2, token, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(stmt, 3, queue_id);
	cks_stmt_bind_int64(stmt, 4, cks_now_ms());
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	return rc == CKS_STMT_DONE ? 0 : cks_store_fail(out->store, "record invitation", err);
}

static int
update_invitation(const struct cks_outbound *out, int64_t session_id,
		  int64_t queue_id, struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(out->store,
	    "UPDATE survey_invitations SET message = ? WHERE session_id = ?", err);
	int rc;

	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, queue_id);
	cks_stmt_bind_int64(stmt, 2, session_id);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	return rc == CKS_STMT_DONE ? 0 : cks_store_fail(out->store, "record invitation", err);
}

/* Which media an invitation goes by (survey.medium). */
#define BY_EMAIL 1
#define BY_SMS 2

static int
survey_media(const struct cks_outbound *out, const struct subject *s,
	     int *media, struct cks_error *err)
{
	int email = s->client->email != NULL;
	int phone = s->client->phone_e164 != NULL;
	int sms = phone && out->config->sms_sendsms_url != NULL;

	switch (cks_config_survey_medium(out->config, s->session->channel)) {
	case CKS_SURVEY_SMS_FIRST:
		*media = sms ? BY_SMS : email ? BY_EMAIL : 0;
		break;
	case CKS_SURVEY_BOTH:
		*media = (email ? BY_EMAIL : 0) | (sms ? BY_SMS : 0);
		break;
	default:
		*media = email ? BY_EMAIL : sms ? BY_SMS : 0;
		break;
	}
	if (*media != 0)
		return 0;
	if (phone)
		return cks_error_set(err, CKS_ERROR_CONFLICT, "client %lld has no "
		    "email address to send to, and SMS is not configured "
		    "(sms.sendsms_url)", (long long)s->client->id);
	return cks_error_set(err, CKS_ERROR_CONFLICT, "client %lld has no email "
	    "address to send to, and no phone number for an SMS",
	    (long long)s->client->id);
}

/* Which copy of the invitation a message is: each has its own Message-ID
 * under the same token, so an answer to any copy still matches. */
enum survey_copy {
	SURVEY_FIRST,
	SURVEY_RESEND,      /* after the first was cancelled */
	SURVEY_REMINDER     /* the one reminder */
};

static void
survey_message_id(const struct cks_outbound *out, const char *prefix,
		  const char *token, int64_t session_id, enum survey_copy copy,
		  char *buf, size_t size)
{
	const char *domain = out->config->mail_message_id_domain;

	if (copy == SURVEY_RESEND)
		snprintf(buf, size, "%s.%s.%lld.%lld@%s", prefix, token,
		    (long long)session_id, (long long)cks_now_ms(), domain);
	else if (copy == SURVEY_REMINDER)
		snprintf(buf, size, "%s.%s.%lld.reminder@%s", prefix, token,
		    (long long)session_id, domain);
	else
		snprintf(buf, size, "%s.%s.%lld@%s", prefix, token,
		    (long long)session_id, domain);
}

/* Queues the SMS invitation (or reminder): the survey.LANG.sms template,
 * measured for its alphabet and parts. */
static int
queue_sms(const struct cks_outbound *out, const struct subject *s,
	  json_t *data, const char *token, enum survey_copy copy,
	  int64_t *id_out, struct cks_error *err)
{
	char name[128], message_id[320], subject[128];
	struct cks_sms_size size;
	char *text = NULL;
	size_t len;
	int rc;

	template_name(out, "survey", s->plugin->id, s->client->lang, "sms", name,
	    sizeof(name));
	if (cks_templates_render(out->templates, name, data, &text, err) < 0)
		return -1;
	len = strlen(text);
	while (len > 0 && strchr(" \t\r\n", text[len - 1]))
		text[--len] = '\0';
	if (cks_sms_measure(text, &size) < 0) {
		free(text);
		return cks_error_set(err, CKS_ERROR_INVALID, "template %s renders "
		    "no text", name);
	}
	survey_message_id(out, "sms", token, s->session->id, copy, message_id,
	    sizeof(message_id));
	snprintf(subject, sizeof(subject), "SMS survey %s: %d part%s, %s",
	    copy == SURVEY_REMINDER ? "reminder" : "invitation", size.parts,
	    size.parts == 1 ? "" : "s", cks_sms_coding_name(size.coding));
	{
		struct cks_queue_new q = {
			.kind = "survey", .session_id = s->session->id,
			.sender = out->config->sms_from ? out->config->sms_from
			    : "kannel",
			.recipient = s->client->phone_e164, .message_id = message_id,
			.subject = subject, .body = text, .size = len,
			.medium = "sms", .sms_parts = size.parts,
		};

		rc = cks_queue_add(out->store, &q, id_out, err);
	}
	free(text);
	return rc;
}

/* Queues the invitation (or its one reminder) by mail: rendered, its
 * Subject tagged with the token. */
static int
queue_email(const struct cks_outbound *out, struct subject *s, json_t *data,
	    const char *token, const char *reply_to, enum survey_copy copy,
	    int64_t *id_out, struct cks_error *err)
{
	static const struct cks_mail_header auto_submitted[] = {
		{ "Auto-Submitted", "auto-generated" },
	};
	/* A forced send covers the invitation the agent forced, not a
	 * reminder the daemon sends days later. */
	const char *force = copy == SURVEY_REMINDER ? NULL
	    : out->bounce_force_reason;
	struct cks_rendered r = { 0 };
	char message_id[320], tag[32];
	char *tagged;
	int rc = -1;

	if (cks_bounce_check_send(out->store, s->client->email, force, err) < 0)
		return -1;
	survey_message_id(out, "survey", token, s->session->id, copy, message_id,
	    sizeof(message_id));
	if (render(out, "survey", s->plugin->id, s->client->lang, data, &r, err) < 0)
		goto out;
	/* The tag is added here, not left to the template: matching a reply
	 * must not depend on a template editor remembering it. */
	cks_compose_subject_tag(token, tag, sizeof(tag));
	tagged = malloc(strlen(r.subject) + strlen(tag) + 2);
	if (tagged == NULL) {
		cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		goto out;
	}
	sprintf(tagged, "%s %s", r.subject, tag);
	free(r.subject);
	r.subject = tagged;
	if (build(out, s, &r, message_id, reply_to, NULL, auto_submitted, 1,
		  err) < 0)
		goto out;
	{
		struct cks_queue_new q = {
			.kind = "survey", .session_id = s->session->id,
			.sender = out->config->mail_from,
			.recipient = s->client->email, .message_id = message_id,
			.subject = r.subject, .body = r.message, .size = r.message_size,
			.bounce_override = force,
		};

		rc = cks_queue_add(out->store, &q, id_out, err);
	}
out:
	cks_rendered_free(&r);
	return rc;
}

/* Queues the invitation or reminder by each medium the config picks for
 * this client; *id_out is the mail when there is one (a bounce or a
 * cancel is about it; the SMS is found by its session). */
static int
queue_survey(const struct cks_outbound *out, struct subject *s,
	     const char *token, enum survey_copy copy, int64_t *id_out,
	     struct cks_error *err)
{
	char reply_to[320];
	int64_t email_id = 0, sms_id = 0;
	json_t *data;
	int media, rc = -1;

	if (survey_media(out, s, &media, err) < 0)
		return -1;
	plus_address(out->config->mail_reply_address, token, reply_to,
	    sizeof(reply_to));
	data = survey_data(out, s, token, reply_to, copy == SURVEY_REMINDER);
	if (data == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	if ((media & BY_EMAIL) && queue_email(out, s, data, token, reply_to,
	    copy, &email_id, err) < 0)
		goto out;
	if ((media & BY_SMS) && queue_sms(out, s, data, token, copy, &sms_id,
	    err) < 0)
		goto out;
	*id_out = email_id ? email_id : sms_id;
	rc = 0;
out:
	json_decref(data);
	return rc;
}

int
cks_compose_survey_send(const struct cks_outbound *out, int64_t session_id,
			int64_t *queue_id_out, char *token_out, size_t token_size,
			int *existing, struct cks_error *err)
{
	struct subject s = { 0 };
	char token[CKS_TOKEN_SIZE];
	int found;

	*existing = 0;
	if (cks_store_begin(out->store, err) < 0)
		return -1;
	found = existing_invitation(out, session_id, queue_id_out, token_out,
	    token_size, err);
	if (found < 0)
		goto fail;
	if (found && !message_cancelled(out, *queue_id_out)) {
		*existing = 1;
		return cks_store_commit(out->store, err);
	}
	if (load_subject(out, session_id, &s, err) < 0)
		goto fail;
	if (s.session->closed_ms == 0) {
		cks_error_set(err, CKS_ERROR_CONFLICT,
		    "session %lld is still open: close it before sending the survey",
		    (long long)session_id);
		goto fail;
	}
	/* Consent and opt-out decide before anything is composed; the
	 * reason is the command's error. */
	if (cks_consent_survey_check(out->store, s.client->id,
	    (int)out->config->survey_require_consent, err) < 0)
		goto fail;
	if (found)
		snprintf(token, sizeof(token), "%s", token_out);
	else if (cks_token_new(token, err) < 0)
		goto fail;
	if (queue_survey(out, &s, token, found ? SURVEY_RESEND : SURVEY_FIRST,
	    queue_id_out, err) < 0 ||
	    (found ? update_invitation(out, session_id, *queue_id_out, err)
		   : insert_invitation(out, session_id, token, *queue_id_out,
				       err)) < 0)
		goto fail;
	snprintf(token_out, token_size, "%s", token);
	subject_free(&s);
	return cks_store_commit(out->store, err);
fail:
	cks_store_rollback(out->store);
	subject_free(&s);
	return -1;
}

/* The invitation's state for a reminder: its token, whether its message
 * went out, and whether it was reminded already.  0 when the session has
 * no invitation. */
static int
invitation_for_reminder(const struct cks_outbound *out, int64_t session_id,
			char *token, int *sent, int *reminded,
			struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(out->store,
	    "SELECT i.token, m.state = 'sent' AND m.bounce IS NULL AND"
	    " coalesce(m.dlr_status, '') NOT IN ('failed', 'smsc_rejected'),"
	    " i.reminded_at IS NOT NULL FROM survey_invitations i"
	    " JOIN messages m ON m.id = i.message WHERE i.session_id = ?", err);
	int rc;

	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, session_id);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW) {
		snprintf(token, CKS_TOKEN_SIZE, "%s", cks_stmt_column_text(stmt, 0));
		*sent = cks_stmt_column_int(stmt, 1);
		*reminded = cks_stmt_column_int(stmt, 2);
	}
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_ROW && rc != CKS_STMT_DONE)
		return cks_store_fail(out->store, "read invitation", err);
	return rc == CKS_STMT_ROW;
}

/* Non-zero when the session has a rating, by any medium.  The ratings
 * belong to events/rating, above this layer; like the reports, the
 * reminder only reads whether one exists. */
static int
session_answered(const struct cks_outbound *out, int64_t session_id,
		 struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(out->store,
	    "SELECT count(*) FROM ratings WHERE session_id = ?", err);
	int rc, answered = 0;

	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, session_id);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW)
		answered = cks_stmt_column_int(stmt, 0) > 0;
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_ROW)
		return cks_store_fail(out->store, "read rating", err);
	return answered;
}

static int
mark_reminded(const struct cks_outbound *out, int64_t session_id,
	      int64_t queue_id, struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(out->store,
	    "UPDATE survey_invitations SET reminder_message = ?, reminded_at = ?"
	    " WHERE session_id = ? AND reminded_at IS NULL", err);
	int rc;

	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, queue_id);
	cks_stmt_bind_int64(stmt, 2, cks_now_ms());
	cks_stmt_bind_int64(stmt, 3, session_id);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE)
		return cks_store_fail(out->store, "record reminder", err);
	if (cks_store_changes(out->store) != 1)
		return cks_error_set(err, CKS_ERROR_CONFLICT, "session %lld was "
		    "reminded already", (long long)session_id);
	return 0;
}

int
cks_compose_survey_remind(const struct cks_outbound *out, int64_t session_id,
			  int64_t *queue_id_out, struct cks_error *err)
{
	struct subject s = { 0 };
	char token[CKS_TOKEN_SIZE];
	int found, sent = 0, reminded = 0, answered;

	if (cks_store_begin(out->store, err) < 0)
		return -1;
	found = invitation_for_reminder(out, session_id, token, &sent, &reminded,
	    err);
	if (found < 0)
		goto fail;
	if (!found || !sent || reminded) {
		cks_error_set(err, CKS_ERROR_CONFLICT, !found
		    ? "session %lld has no survey invitation to remind of"
		    : !sent ? "the survey invitation of session %lld was not "
			      "delivered (queued, failed, cancelled or bounced): "
			      "no reminder"
		    : "session %lld was reminded already: one reminder only",
		    (long long)session_id);
		goto fail;
	}
	answered = session_answered(out, session_id, err);
	if (answered != 0) {
		if (answered > 0)
			cks_error_set(err, CKS_ERROR_CONFLICT, "session %lld is "
			    "answered: no reminder", (long long)session_id);
		goto fail;
	}
	/* By the media the invitation took (survey.medium decides both the
	 * same way), under the same token, so an answer to either matches. */
	if (load_subject(out, session_id, &s, err) < 0 ||
	    cks_consent_survey_check(out->store, s.client->id,
		(int)out->config->survey_require_consent, err) < 0 ||
	    queue_survey(out, &s, token, SURVEY_REMINDER, queue_id_out, err) < 0 ||
	    mark_reminded(out, session_id, *queue_id_out, err) < 0)
		goto fail;
	subject_free(&s);
	return cks_store_commit(out->store, err);
fail:
	cks_store_rollback(out->store);
	subject_free(&s);
	return -1;
}

/* Sample data with every optional value present and every list non-empty,
 * so that a check sees every variable a real message could use. */
static json_t *
sample_data(const char *kind, const char *lang)
{
	json_t *data = json_pack("{ss s{ss ss ss} s{ss} s{ss ss} s{si ss} s{ss}}",
	    "lang", lang,
	    "client", "name", "สมชาย ใจดี", "company", "บริษัท ตัวอย่าง จำกัด",
	    "email", "somchai@example.co.th",
	    "agent", "name", "Napa",
	    "channel", "id", "counter", "name", "Counter",
	    "session", "id", 1, "date", "28 พ.ย. 2569 10:00",
	    "department", "name", "DITP");

	json_object_set_new(data, "unsubscribe_url", json_string(
	    "https://cks.example.invalid/u/1.AAAAAAAAAAAAAAAAAAAAAA"));
	if (strcmp(kind, "basket") == 0) {
		json_object_set_new(data, "items", json_pack(
		    "[{si ss ss s{ss ss s{ss ss}}}]",
		    "number", 1, "title", "ตลาดผลไม้จีน", "url",
		    "https://example.invalid/kb/1", "attachment", "filename",
		    "guide.pdf", "size", "120 KB", "download", "url",
		    "https://example.invalid/d/1/1798426800/"
		    "AAAAAAAAAAAAAAAAAAAAAA/guide.pdf",
		    "expires", "28 ธ.ค. 2569 10:00"));
		json_object_set_new(data, "has_attachments", json_true());
		json_object_set_new(data, "has_download_links", json_true());
	} else {
		json_object_set_new(data, "options", json_pack("[{si ss sb ss}]",
		    "code", 1, "label", "ประทับใจ", "satisfied", 1, "url",
		    "https://cks.example.invalid/r/abcdefghjkmnp/1"));
		json_object_set_new(data, "token", json_string("ABCDEFGHJKMNP"));
		json_object_set_new(data, "reply_address",
		    json_string("survey+abcdefghjkmnp@example.invalid"));
		json_object_set_new(data, "example_code", json_integer(1));
		json_object_set_new(data, "public_url",
		    json_string("https://cks.example.invalid"));
		json_object_set_new(data, "reminder", json_true());
		json_object_set_new(data, "rating_link",
		    json_string("https://cks.example.invalid/r/abcdefghjkmnp/1"));
	}
	return data;
}

int
cks_compose_check_templates(const struct cks_outbound *out,
			    struct cks_error *err)
{
	static const char *const kinds[] = { "basket", "survey" };
	char problems[sizeof(err->message)] = "";
	size_t name_count;
	const char *const *names = cks_templates_names(out->templates, &name_count);
	struct cks_error one;
	char name[128];

	for (size_t k = 0; k < 2; k++)
		for (size_t l = 0; l < 2; l++)
			for (size_t p = 0; p < 3; p++) {
				snprintf(name, sizeof(name), "%s.%s.%s", kinds[k],
				    langs[l], parts[p]);
				if (!cks_templates_has(out->templates, name)) {
					snprintf(one.message, sizeof(one.message),
					    "missing template %s", name);
					cks_template_append_problem(problems, sizeof(problems),
					    one.message);
				}
			}
	for (size_t l = 0; l < 2; l++) {
		snprintf(name, sizeof(name), "survey.%s.sms", langs[l]);
		if (!cks_templates_has(out->templates, name)) {
			snprintf(one.message, sizeof(one.message),
			    "missing template %s", name);
			cks_template_append_problem(problems, sizeof(problems),
			    one.message);
		}
	}
	/* Every template of a message kind, channel variants included. */
	for (size_t i = 0; i < name_count; i++) {
		const char *kind = strncmp(names[i], "basket", 6) == 0 ? "basket"
		    : strncmp(names[i], "survey", 6) == 0 ? "survey" : NULL;
		const char *lang = strstr(names[i], ".en.") ? "en" : "th";
		json_t *sample;

		if (kind == NULL)
			continue;        /* partials are checked through their users */
		sample = sample_data(kind, lang);
		if (cks_templates_check(out->templates, names[i], sample, &one) < 0)
			cks_template_append_problem(problems, sizeof(problems), one.message);
		json_decref(sample);
	}
	if (problems[0] != '\0')
		return cks_error_set(err, CKS_ERROR_INVALID, "%s", problems);
	return 0;
}

int
cks_compose_invitation_find(struct cks_store *store, const char *token,
			    struct cks_survey_invitation *inv,
			    struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store,
	    "SELECT s.id, s.channel, s.opened_at, c.lang"
	    " FROM survey_invitations i JOIN sessions s ON s.id = i.session_id"
	    " JOIN clients c ON c.id = s.client_id WHERE i.token = ?", err);
	int rc;

	memset(inv, 0, sizeof(*inv));
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_text(stmt, 1, token, -1, CKS_STMT_STATIC);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW) {
		const unsigned char *channel = cks_stmt_column_text(stmt, 1);
		const unsigned char *lang = cks_stmt_column_text(stmt, 3);

		inv->session_id = cks_stmt_column_int64(stmt, 0);
		snprintf(inv->channel, sizeof(inv->channel), "%s",
		    channel != NULL ? (const char *)channel : "");
		inv->opened_ms = cks_stmt_column_int64(stmt, 2);
		snprintf(inv->lang, sizeof(inv->lang), "%s",
		    lang != NULL && strcmp((const char *)lang, "en") == 0
		    ? "en" : "th");
	}
	cks_stmt_finalize(stmt);
	if (rc == CKS_STMT_DONE)
		return 0;
	if (rc != CKS_STMT_ROW)
		return cks_store_fail(store, "read invitation", err);
	return 1;
}
