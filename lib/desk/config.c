/* The "key = value" parser stays hand-written (issue 13): the format is
 * flat, every key has a type and a range, and a wrong line must be refused
 * with file, line and key in our words; a general config library would add
 * a dependency and still leave all of that to us.  URLs are checked by
 * libcurl's parser (cks_url_is_web). */
#include "autoconfig.h"

#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "client.h"
#include "contact.h"
#include "url.h"
#include "utf8.h"

#ifndef CKS_DEFAULT_STATE_DIR
#define CKS_DEFAULT_STATE_DIR "/var/lib/cksgate"
#endif
#ifndef CKS_DEFAULT_PLUGIN_DIR
#define CKS_DEFAULT_PLUGIN_DIR "/usr/lib/cksgate/plugins"
#endif
#ifndef CKS_DEFAULT_TEMPLATE_DIR
#define CKS_DEFAULT_TEMPLATE_DIR "/usr/share/cksgate/templates"
#endif

#define MAX_LINE 4096

enum key_type {
	KEY_PATH,      /* absolute path */
	KEY_STRING,    /* one line of UTF-8 */
	KEY_EMAIL,     /* one plain address */
	KEY_LONG,      /* whole number in [min, max] */
	KEY_BYTES,     /* 10M, 512K or a number of bytes, in [min, max] */
	KEY_DURATION,  /* 30s, 5m, 1h, 2d or milliseconds "250ms", in ms */
	KEY_ENUM,      /* one of choices, stored as its index */
	KEY_SCHEDULE,  /* durations separated by blanks */
	KEY_URL,       /* http:// or https:// and no blanks */
	KEY_ZONE,      /* a zone of the tz database: Asia/Bangkok */
	KEY_LEVELS,    /* CODE:THAI:ENGLISH, ... (client.h) */
	KEY_DATABASE,  /* sqlite:/absolute/path or /absolute/path (issue 15) */
	KEY_PERIOD,    /* "off" (stored as 0) or a duration in [min, max] */
	KEY_MEDIA,     /* CHANNEL:MEDIUM, ... (survey.medium_by_channel) */
	KEY_NAME,      /* 1..63 of A-Z a-z 0-9 . - _ (a name inside ids) */
};

static const char *const survey_media[] = {
	"email-first", "sms-first", "both", NULL,
};

#define FIELD(name) offsetof(struct cks_config, name)

/* Every key the file may set.  Adding a setting is one line here plus a
 * field in struct cks_config. */
static const struct key {
	const char *name;
	enum key_type type;
	size_t offset;
	long min, max;
	const char *const *choices;
} keys[] = {
	{ "state_dir", KEY_PATH, FIELD(state_dir), 0, 0, NULL },
	{ "database", KEY_DATABASE, FIELD(database), 0, 0, NULL },
	{ "plugin_dir", KEY_PATH, FIELD(plugin_dir), 0, 0, NULL },
	{ "extra_plugin_dir", KEY_PATH, FIELD(extra_plugin_dir), 0, 0, NULL },
	{ "template_dir", KEY_PATH, FIELD(template_dir), 0, 0, NULL },
	{ "spool_dir", KEY_PATH, FIELD(spool_dir), 0, 0, NULL },
	{ "timezone", KEY_ZONE, FIELD(timezone), 0, 0, NULL },
	{ "busy_timeout_ms", KEY_LONG, FIELD(busy_timeout_ms), 0, 600000, NULL },
	{ "smtp.host", KEY_STRING, FIELD(smtp_host), 0, 0, NULL },
	{ "smtp.port", KEY_LONG, FIELD(smtp_port), 1, 65535, NULL },
	{ "smtp.starttls", KEY_ENUM, FIELD(smtp_starttls), 0, 0,
	  (const char *const[]){ "off", "if_offered", "required", NULL } },
	{ "smtp.ca_file", KEY_PATH, FIELD(smtp_ca_file), 0, 0, NULL },
	{ "smtp.auth_file", KEY_PATH, FIELD(smtp_auth_file), 0, 0, NULL },
	{ "smtp.connect_timeout", KEY_DURATION, FIELD(smtp_connect_timeout_ms),
	  1000, 3600000, NULL },
	{ "smtp.command_timeout", KEY_DURATION, FIELD(smtp_command_timeout_ms),
	  1000, 3600000, NULL },
	{ "smtp.workers", KEY_LONG, FIELD(smtp_workers), 1, 32, NULL },
	{ "smtp.batch_size", KEY_LONG, FIELD(smtp_batch_size), 1, 1000, NULL },
	{ "smtp.rate_per_minute", KEY_LONG, FIELD(smtp_rate_per_minute), 0,
	  1000000, NULL },
	{ "queue.retry_schedule", KEY_SCHEDULE, FIELD(retry_schedule_ms), 1000,
	  30L * 86400000, NULL },
	{ "queue.max_age", KEY_DURATION, FIELD(queue_max_age_ms), 60000,
	  60L * 86400000, NULL },
	{ "mail.from", KEY_EMAIL, FIELD(mail_from), 0, 0, NULL },
	{ "mail.from_name", KEY_STRING, FIELD(mail_from_name), 0, 0, NULL },
	{ "department.name_th", KEY_STRING, FIELD(department_name_th), 0, 0,
	  NULL },
	{ "department.name_en", KEY_STRING, FIELD(department_name_en), 0, 0,
	  NULL },
	{ "mail.reply_address", KEY_EMAIL, FIELD(mail_reply_address), 0, 0, NULL },
	{ "mail.message_id_domain", KEY_STRING, FIELD(mail_message_id_domain),
	  0, 0, NULL },
	{ "maildir", KEY_PATH, FIELD(maildir), 0, 0, NULL },
	{ "imap.host", KEY_STRING, FIELD(imap_host), 0, 0, NULL },
	{ "imap.port", KEY_LONG, FIELD(imap_port), 0, 65535, NULL },
	{ "imap.tls", KEY_ENUM, FIELD(imap_tls), 0, 0,
	  (const char *const[]){ "imaps", "starttls", NULL } },
	{ "imap.ca_file", KEY_PATH, FIELD(imap_ca_file), 0, 0, NULL },
	{ "imap.auth_file", KEY_PATH, FIELD(imap_auth_file), 0, 0, NULL },
	{ "imap.folder", KEY_STRING, FIELD(imap_folder), 0, 0, NULL },
	{ "imap.move_to", KEY_STRING, FIELD(imap_move_to), 0, 0, NULL },
	{ "pop3.host", KEY_STRING, FIELD(pop3_host), 0, 0, NULL },
	{ "pop3.port", KEY_LONG, FIELD(pop3_port), 0, 65535, NULL },
	{ "pop3.tls", KEY_ENUM, FIELD(pop3_tls), 0, 0,
	  (const char *const[]){ "pop3s", "stls", NULL } },
	{ "pop3.ca_file", KEY_PATH, FIELD(pop3_ca_file), 0, 0, NULL },
	{ "pop3.auth_file", KEY_PATH, FIELD(pop3_auth_file), 0, 0, NULL },
	{ "pop3.delete", KEY_ENUM, FIELD(pop3_delete), 0, 0,
	  (const char *const[]){ "no", "yes", NULL } },
	{ "sms.window", KEY_DURATION, FIELD(sms_window_ms), 60000,
	  90L * 86400000, NULL },
	{ "sms.sendsms_url", KEY_URL, FIELD(sms_sendsms_url), 0, 0, NULL },
	{ "sms.username", KEY_STRING, FIELD(sms_username), 0, 0, NULL },
	{ "sms.password_file", KEY_PATH, FIELD(sms_password_file), 0, 0, NULL },
	{ "sms.from", KEY_STRING, FIELD(sms_from), 0, 0, NULL },
	{ "sms.dlr_url", KEY_URL, FIELD(sms_dlr_url), 0, 0, NULL },
	{ "sms.rate_per_minute", KEY_LONG, FIELD(sms_rate_per_minute), 0,
	  1000000, NULL },
	{ "sms.timeout", KEY_DURATION, FIELD(sms_timeout_ms), 1000, 600000, NULL },
	{ "survey.medium", KEY_ENUM, FIELD(survey_medium), 0, 0, survey_media },
	{ "survey.medium_by_channel", KEY_MEDIA, FIELD(survey_medium_by_channel),
	  0, 0, NULL },
	{ "parse.timeout", KEY_DURATION, FIELD(parse_timeout_ms), 100, 600000, NULL },
	{ "client.levels", KEY_LEVELS, FIELD(client_levels), 0, 0, NULL },
	{ "basket.max_items", KEY_LONG, FIELD(basket_max_items), 1, 1000, NULL },
	{ "basket.max_file_bytes", KEY_BYTES, FIELD(basket_max_file_bytes), 1,
	  1L << 30, NULL },
	{ "basket.max_total_bytes", KEY_BYTES, FIELD(basket_max_total_bytes), 1,
	  1L << 30, NULL },
	{ "basket.attachment_budget", KEY_BYTES, FIELD(basket_attachment_budget),
	  0, 1L << 30, NULL },
	{ "download.ttl", KEY_DURATION, FIELD(download_ttl_ms), 60000,
	  365L * 86400000, NULL },
	{ "http.listen", KEY_STRING, FIELD(http_listen), 0, 0, NULL },
	{ "http.port", KEY_LONG, FIELD(http_port), 0, 65535, NULL },
	{ "http.threads", KEY_LONG, FIELD(http_threads), 1, 64, NULL },
	{ "http.max_body", KEY_BYTES, FIELD(http_max_body), 1024, 1L << 30, NULL },
	{ "http.max_json_body", KEY_BYTES, FIELD(http_max_json_body), 1024,
	  1L << 30, NULL },
	{ "http.max_body_memory", KEY_BYTES, FIELD(http_max_body_memory), 65536,
	  1L << 40, NULL },
	{ "http.max_connections", KEY_LONG, FIELD(http_max_connections), 4,
	  100000, NULL },
	{ "http.max_connections_per_ip", KEY_LONG,
	  FIELD(http_max_connections_per_ip), 1, 100000, NULL },
	{ "http.connection_reserve", KEY_LONG, FIELD(http_connection_reserve), 0,
	  100000, NULL },
	{ "http.header_timeout", KEY_DURATION, FIELD(http_header_timeout_ms), 100,
	  3600000, NULL },
	{ "http.body_timeout", KEY_DURATION, FIELD(http_body_timeout_ms), 100,
	  86400000, NULL },
	{ "http.tokens_file", KEY_PATH, FIELD(http_tokens_file), 0, 0, NULL },
	{ "http.public_url", KEY_URL, FIELD(http_public_url), 0, 0, NULL },
	{ "http.link_secret_file", KEY_PATH, FIELD(http_link_secret_file), 0, 0,
	  NULL },
	{ "http.tls_cert", KEY_PATH, FIELD(http_tls_cert), 0, 0, NULL },
	{ "http.tls_key", KEY_PATH, FIELD(http_tls_key), 0, 0, NULL },
	{ "webhook.rating_url", KEY_URL, FIELD(webhook_rating_url), 0, 0, NULL },
	{ "webhook.unsatisfied_url", KEY_URL, FIELD(webhook_unsatisfied_url), 0, 0,
	  NULL },
	{ "webhook.secret_file", KEY_PATH, FIELD(webhook_secret_file), 0, 0, NULL },
	{ "webhook.timeout", KEY_DURATION, FIELD(webhook_timeout_ms), 100,
	  600000, NULL },
	{ "daemon.user", KEY_STRING, FIELD(daemon_user), 0, 0, NULL },
	{ "daemon.pid_file", KEY_PATH, FIELD(daemon_pid_file), 0, 0, NULL },
	{ "log.target", KEY_ENUM, FIELD(log_target), 0, 0,
	  (const char *const[]){ "auto", "stderr", "syslog", NULL } },
	{ "log.level", KEY_ENUM, FIELD(log_level), 0, 0,
	  (const char *const[]){ "error", "warning", "notice", "info", "debug",
				 NULL } },
	{ "intake.interval", KEY_DURATION, FIELD(intake_interval_ms), 1000,
	  86400000, NULL },
	{ "queue.interval", KEY_DURATION, FIELD(queue_interval_ms), 100,
	  3600000, NULL },
	{ "survey.require_consent", KEY_ENUM, FIELD(survey_require_consent), 0,
	  0, (const char *const[]){ "no", "yes", NULL } },
	{ "survey.reminder_after", KEY_PERIOD, FIELD(survey_reminder_after_ms),
	  3600000, 30L * 86400000, NULL },
	{ "retention.raw_mail", KEY_PERIOD, FIELD(retention_raw_mail_ms),
	  86400000, 3650L * 86400000, NULL },
	{ "retention.personal", KEY_PERIOD, FIELD(retention_personal_ms),
	  30L * 86400000, 3650L * 86400000, NULL },
	{ "queue.lease", KEY_DURATION, FIELD(queue_lease_ms), 1000, 3600000,
	  NULL },
	{ "gateway.name", KEY_NAME, FIELD(gateway_name), 0, 0, NULL },
};

const char *
cks_config_choose_path(const char *explicit_path)
{
	const char *env;

	if (explicit_path != NULL)
		return explicit_path;
	env = getenv("CKSGATE_CONFIG");
	if (env != NULL && env[0] != '\0')
		return env;
	return NULL;
}

static char *
join_path(const char *dir, const char *name)
{
	size_t len = strlen(dir) + 1 + strlen(name) + 1;
	char *path = malloc(len);

	if (path != NULL)
		snprintf(path, len, "%s/%s", dir, name);
	return path;
}

static int
set_defaults(struct cks_config *c)
{
	c->state_dir = strdup(CKS_DEFAULT_STATE_DIR);
	c->plugin_dir = strdup(CKS_DEFAULT_PLUGIN_DIR);
	c->template_dir = strdup(CKS_DEFAULT_TEMPLATE_DIR);
	c->timezone = strdup("Asia/Bangkok");
	c->busy_timeout_ms = 5000;
	c->smtp_port = 25;
	c->smtp_starttls = 1;                  /* if_offered */
	c->smtp_connect_timeout_ms = 30000;
	/* RFC 5321 allows 10 minutes for the reply to the final dot; a shorter
	 * wait could defer a message the relay then delivers: sent twice. */
	c->smtp_command_timeout_ms = 600000;
	c->smtp_workers = 2;
	c->smtp_batch_size = 20;
	c->smtp_rate_per_minute = 0;
	/* An MTA-like schedule: quick retries first, then every 4 hours, until
	 * queue.max_age (5 days). */
	static const long schedule[] = { 60000, 300000, 900000, 1800000, 3600000,
					 7200000, 14400000 };
	memcpy(c->retry_schedule_ms, schedule, sizeof(schedule));
	c->retry_steps = (long)(sizeof(schedule) / sizeof(schedule[0]));
	c->queue_max_age_ms = 5L * 86400000;
	c->mail_from = strdup("cksgate@localhost.localdomain");
	c->mail_from_name = strdup("กรมส่งเสริมการค้าระหว่างประเทศ (DITP)");
	c->mail_reply_address = strdup("survey@localhost.localdomain");
	/* department.name_th unset: mail.from_name, as before issue 14. */
	c->department_name_en = strdup("Department of International Trade "
	    "Promotion");
	/* Ports 0: by TLS mode (IMAP 993 / 143, POP3 995 / 110). */
	c->imap_folder = strdup("INBOX");
	c->sms_window_ms = 7L * 86400000;
	c->sms_timeout_ms = 30000;
	c->parse_timeout_ms = 10000;
	c->basket_max_items = 20;
	c->basket_max_file_bytes = 10L << 20;
	c->basket_max_total_bytes = 20L << 20;
	/* Stock Postfix takes 10240000 bytes (message_size_limit), counting
	 * what it adds itself. */
	c->basket_attachment_budget = 10000000;
	c->download_ttl_ms = 30L * 86400000;
	c->http_listen = strdup("127.0.0.1");
	c->http_port = 8470;
	/* A handler waits for its commit's sync, and with it every other
	 * connection its thread serves: 16 threads took API writes at 16
	 * connections from 7,000 to 9,000-12,700/s and their p99 from 6-9 ms
	 * to 4-6 ms (issue 18); each costs a store connection. */
	c->http_threads = 16;
	/* Room for a basket attachment of basket.max_file_bytes (10M) sent
	 * as base64 in JSON; a 413 is answered before a bigger body is read. */
	c->http_max_body = 16L << 20;
	/* A client or session record is a few KB; a rating form less. */
	c->http_max_json_body = 64L << 10;
	/* Two uploads of the largest size at once, then 503 + Retry-After. */
	c->http_max_body_memory = 48L << 20;
	c->http_max_connections = 512;
	/* One office behind NAT has a few dozen desks; an attacker on one
	 * address cannot hold more. */
	c->http_max_connections_per_ip = 32;
	c->http_connection_reserve = 16;
	/* Whole header and whole body, from their first byte: a client
	 * trickling a byte at a time cannot hold a connection for longer. */
	c->http_header_timeout_ms = 10000;
	c->http_body_timeout_ms = 60000;
	c->webhook_timeout_ms = 10000;
	c->log_target = 0;                     /* auto */
	c->log_level = 3;                      /* info */
	c->intake_interval_ms = 60000;
	c->queue_interval_ms = 1000;
	/* Long enough that a renewal (every third of it) survives a busy
	 * store; short enough that a dead daemon's claims wait minutes. */
	c->queue_lease_ms = 300000;
	return (c->http_listen && c->state_dir && c->plugin_dir && c->template_dir && c->imap_folder &&
		c->mail_from && c->mail_from_name && c->mail_reply_address &&
		c->department_name_en) ? 0 : -1;
}

static char *
trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
			   end[-1] == '\r' || end[-1] == '\n'))
		*--end = '\0';
	return s;
}

static int
bad_value(const struct key *key, const char *value, const char *where,
	  const char *expected, struct cks_error *err)
{
	/* The field is the key: a front end can point at it without
	 * reading the message. */
	return cks_error_set_field(err, CKS_ERROR_INVALID, key->name,
	    "%s: key '%s': '%s' is not %s", where, key->name, value, expected);
}

/* "30s", "5m", "1h", "2d", "250ms"; a bare number is seconds. */
static int
parse_duration(const char *text, long *ms_out)
{
	static const struct { const char *suffix; long ms; } units[] = {
		{ "ms", 1 }, { "s", 1000 }, { "m", 60000 }, { "h", 3600000 },
		{ "d", 86400000 }, { "", 1000 },
	};
	char *end;
	long n;

	errno = 0;
	n = strtol(text, &end, 10);
	if (errno != 0 || end == text || n < 0)
		return -1;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(end, units[i].suffix) == 0) {
			if (n > LONG_MAX / units[i].ms)
				return -1;
			*ms_out = n * units[i].ms;
			return 0;
		}
	return -1;
}

static int
parse_bytes(const char *text, long *bytes_out)
{
	char *end;
	long n, unit = 1;

	errno = 0;
	n = strtol(text, &end, 10);
	if (errno != 0 || end == text || n < 0)
		return -1;
	if (strcmp(end, "K") == 0 || strcmp(end, "k") == 0)
		unit = 1L << 10;
	else if (strcmp(end, "M") == 0)
		unit = 1L << 20;
	else if (strcmp(end, "G") == 0)
		unit = 1L << 30;
	else if (*end != '\0')
		return -1;
	if (n > LONG_MAX / unit)
		return -1;
	*bytes_out = n * unit;
	return 0;
}

static int
set_string(char **slot, const char *value, struct cks_error *err)
{
	free(*slot);
	*slot = value[0] != '\0' ? strdup(value) : NULL;
	if (value[0] != '\0' && *slot == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	return 0;
}

static int
set_schedule(struct cks_config *c, const struct key *key, const char *value,
	     const char *where, struct cks_error *err)
{
	char copy[MAX_LINE], *word, *save = NULL;
	long steps = 0, ms;

	snprintf(copy, sizeof(copy), "%s", value);
	for (word = strtok_r(copy, " ,", &save); word != NULL;
	     word = strtok_r(NULL, " ,", &save)) {
		if (steps >= 16 || parse_duration(word, &ms) < 0 ||
		    ms < key->min || ms > key->max)
			return bad_value(key, value, where,
			    "a list of 1 to 16 waits like '1m 5m 15m 1h' "
			    "(each from 1s to 30d)", err);
		c->retry_schedule_ms[steps++] = ms;
	}
	if (steps == 0)
		return bad_value(key, value, where, "a list of waits like '1m 5m 1h'",
		    err);
	c->retry_steps = steps;
	return 0;
}

/* Walks "ID:MEDIUM, ..."; -1 when malformed.  With channel, sets *medium
 * to that channel's and returns 1 when it is listed. */
static int
media_lookup(const char *list, const char *channel, long *medium)
{
	const char *p = list;
	int found = 0, items = 0;

	while (*p != '\0') {
		size_t id_len, m_len;
		const char *colon, *m;
		long index = -1;

		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		colon = strchr(p, ':');
		id_len = strcspn(p, ":, ");
		if (colon == NULL || p + id_len != colon || id_len == 0)
			return -1;
		m = colon + 1;
		m_len = strcspn(m, ", ");
		for (long i = 0; survey_media[i] != NULL; i++)
			if (strlen(survey_media[i]) == m_len &&
			    strncmp(survey_media[i], m, m_len) == 0)
				index = i;
		if (index < 0)
			return -1;
		if (channel != NULL && !found && strlen(channel) == id_len &&
		    strncmp(channel, p, id_len) == 0) {
			*medium = index;
			found = 1;
		}
		items++;
		p = m + m_len;
	}
	return items == 0 ? -1 : found;
}

long
cks_config_survey_medium(const struct cks_config *c, const char *channel)
{
	long medium = c->survey_medium;

	if (c->survey_medium_by_channel != NULL && channel != NULL)
		media_lookup(c->survey_medium_by_channel, channel, &medium);
	return medium;
}

static int
set_value(struct cks_config *c, const struct key *key, const char *value,
	  const char *where, struct cks_error *err)
{
	void *field = (char *)c + key->offset;
	char range[96];
	long n;

	snprintf(range, sizeof(range), "a whole number from %ld to %ld",
	    key->min, key->max);
	switch (key->type) {
	case KEY_PATH:
		if (value[0] != '/')
			return bad_value(key, value, where, "an absolute path", err);
		return set_string(field, value, err);
	case KEY_DATABASE:
		/* The store's backend and where it is: sqlite:PATH, a bare
		 * absolute path as before (SQLite), or a libpq URI.  The URI
		 * is never echoed (it may hold a password, which is refused:
		 * PGPASSFILE holds it). */
		if (strncmp(value, "postgresql://", 13) == 0 ||
		    strncmp(value, "postgres://", 11) == 0) {
#ifndef CKS_WITH_POSTGRESQL
			return cks_error_set_field(err, CKS_ERROR_INVALID,
			    key->name, "%s: key '%s': the PostgreSQL backend is "
			    "not built in this cksgate (configure "
			    "--with-postgresql): use sqlite:/path/to/cksgate.db",
			    where, key->name);
#else
			const char *rest = strstr(value, "://") + 3;
			size_t user = strcspn(rest, "/?@");

			if ((rest[user] == '@' &&
			    memchr(rest, ':', user) != NULL) ||
			    strstr(value, "password=") != NULL)
				return cks_error_set_field(err, CKS_ERROR_INVALID,
				    key->name, "%s: key '%s': the PostgreSQL URI "
				    "holds a password: put it in a mode-600 file "
				    "named by PGPASSFILE (or ~/.pgpass)", where,
				    key->name);
			return set_string(field, value, err);
#endif
		}
		if (strncmp(value, "sqlite:", 7) == 0)
			value += 7;
		if (value[0] != '/')
			return bad_value(key, value, where,
			    "an absolute path or sqlite:PATH", err);
		return set_string(field, value, err);
	case KEY_STRING:
		return set_string(field, value, err);
	case KEY_ZONE:
		if (cks_zone_check(value, key->name, NULL) < 0)
			return bad_value(key, value, where,
			    "a time zone of the tz database like Asia/Bangkok",
			    err);
		return set_string(field, value, err);
	case KEY_LEVELS: {
		struct cks_client_levels levels;

		if (cks_client_levels_parse(value, &levels, err) < 0) {
			cks_error_prefix(err, "%s", where);
			return -1;
		}
		cks_client_levels_clear(&levels);
		return set_string(field, value, err);
	}
	case KEY_MEDIA:
		if (media_lookup(value, NULL, NULL) < 0)
			return bad_value(key, value, where, "a list like "
			    "'hotline1169:sms-first, chat:email-first' (channel "
			    "ids, each with email-first, sms-first or both)", err);
		return set_string(field, value, err);
	case KEY_NAME:
		if (value[0] == '\0' || strlen(value) > 63 ||
		    strspn(value, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_") != strlen(value))
			return bad_value(key, value, where, "a name of up to 63 "
			    "letters, digits, '.', '-' or '_' like gw-bangkok-1",
			    err);
		return set_string(field, value, err);
	case KEY_URL:
		if (!cks_url_is_web(value))
			return bad_value(key, value, where,
			    "a URL like https://cks.example.go.th", err);
		return set_string(field, value, err);
	case KEY_EMAIL:
		snprintf(range, sizeof(range), "key '%s'", key->name);
		if (cks_email_check(value, range, err) < 0) {
			cks_error_prefix(err, "%s", where);
			return cks_error_name_field(err, key->name);
		}
		return set_string(field, value, err);
	case KEY_LONG: {
		char *end;

		errno = 0;
		n = strtol(value, &end, 10);
		if (errno != 0 || end == value || *end != '\0' ||
		    n < key->min || n > key->max)
			return bad_value(key, value, where, range, err);
		*(long *)field = n;
		return 0;
	}
	case KEY_BYTES:
		if (parse_bytes(value, &n) < 0 || n < key->min || n > key->max)
			return bad_value(key, value, where,
			    "a size like 512K, 10M or a number of bytes (up to 1G)",
			    err);
		*(long *)field = n;
		return 0;
	case KEY_DURATION:
		if (parse_duration(value, &n) < 0 || n < key->min || n > key->max)
			return bad_value(key, value, where,
			    "a duration like 30s, 5m, 1h or 2d within the allowed range",
			    err);
		*(long *)field = n;
		return 0;
	case KEY_PERIOD:
		if (strcmp(value, "off") == 0) {
			*(long *)field = 0;
			return 0;
		}
		if (parse_duration(value, &n) < 0 || n < key->min || n > key->max) {
			char expected[160];

			snprintf(expected, sizeof(expected), "off or a duration like "
			    "3d from %ldh to %ldd", key->min / 3600000,
			    key->max / 86400000);
			return bad_value(key, value, where, expected, err);
		}
		*(long *)field = n;
		return 0;
	case KEY_ENUM:
		for (long i = 0; key->choices[i] != NULL; i++)
			if (strcmp(key->choices[i], value) == 0) {
				*(long *)field = i;
				return 0;
			}
		{
			char choices[128] = "";

			for (long i = 0; key->choices[i] != NULL; i++)
				snprintf(choices + strlen(choices),
				    sizeof(choices) - strlen(choices), "%s%s",
				    i ? ", " : "one of ", key->choices[i]);
			return bad_value(key, value, where, choices, err);
		}
	case KEY_SCHEDULE:
		return set_schedule(c, key, value, where, err);
	}
	return cks_error_set(err, CKS_ERROR_INTERNAL, "bad key type");
}

static int
parse_line(struct cks_config *c, char *line, const char *where,
	   struct cks_error *err)
{
	char *eq, *name, *value;
	size_t len;

	line = trim(line);
	if (line[0] == '\0' || line[0] == '#')
		return 0;
	eq = strchr(line, '=');
	if (eq == NULL)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: expected 'key = value', got '%.60s'", where, line);
	*eq = '\0';
	name = trim(line);
	value = trim(eq + 1);
	/* Quotes keep leading or trailing blanks; nothing else is special. */
	len = strlen(value);
	if (len >= 2 && value[0] == '"' && value[len - 1] == '"') {
		value[len - 1] = '\0';
		value++;
	}
	if (name[0] == '\0')
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: missing key before '='", where);
	if (!cks_utf8_valid(value, strlen(value)) || cks_text_has_control(value))
		return cks_error_set_field(err, CKS_ERROR_INVALID, name,
		    "%s: key '%s': value is not valid UTF-8 text", where, name);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(keys[i].name, name) == 0)
			return set_value(c, &keys[i], value, where, err);
	return cks_error_set_field(err, CKS_ERROR_INVALID, name,
	    "%s: unknown key '%s'", where, name);
}

static int
read_file(struct cks_config *c, const char *path, struct cks_error *err)
{
	char line[MAX_LINE];
	char where[PATH_MAX + 32];
	unsigned lineno = 0;
	FILE *f = fopen(path, "r");

	if (f == NULL)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "cannot read config file %s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		snprintf(where, sizeof(where), "%s:%u", path, lineno);
		if (strchr(line, '\n') == NULL && !feof(f)) {
			fclose(f);
			return cks_error_set(err, CKS_ERROR_INVALID,
			    "%s: line longer than %d bytes", where, MAX_LINE - 2);
		}
		if (parse_line(c, line, where, err) < 0) {
			fclose(f);
			return -1;
		}
	}
	if (ferror(f)) {
		fclose(f);
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "error reading config file %s", path);
	}
	fclose(f);
	return 0;
}

int
cks_config_load(const char *path, struct cks_config **config_out,
		struct cks_error *err)
{
	struct cks_config *c = calloc(1, sizeof(*c));

	*config_out = NULL;
	if (c == NULL || set_defaults(c) < 0) {
		cks_config_free(&c);
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	}
	c->source = strdup(path != NULL ? path : "(embedded defaults)");
	if (path != NULL && read_file(c, path, err) < 0) {
		cks_config_free(&c);
		return -1;
	}
	if (c->smtp_auth_file != NULL && c->smtp_starttls != 2) {
		cks_error_set_field(err, CKS_ERROR_INVALID, "smtp.auth_file",
		    "%s: key 'smtp.auth_file' needs smtp.starttls = required "
		    "(credentials never travel unencrypted)", c->source);
		cks_config_free(&c);
		return -1;
	}
	if (c->mail_from_name == NULL) {
		cks_error_set_field(err, CKS_ERROR_INVALID, "mail.from_name",
		    "%s: key 'mail.from_name' must not be empty", c->source);
		cks_config_free(&c);
		return -1;
	}
	if (c->mail_message_id_domain != NULL &&
	    (strspn(c->mail_message_id_domain, "abcdefghijklmnopqrstuvwxyz"
	     "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") !=
	     strlen(c->mail_message_id_domain) ||
	     strchr(c->mail_message_id_domain, '.') == NULL)) {
		cks_error_set_field(err, CKS_ERROR_INVALID,
		    "mail.message_id_domain",
		    "%s: key 'mail.message_id_domain': '%s' is not a domain name "
		    "like ditp.go.th", c->source, c->mail_message_id_domain);
		cks_config_free(&c);
		return -1;
	}
	/* Without room for new addresses, or with one address allowed all
	 * of it, one client could take every connection (issue 11). */
	if (c->http_connection_reserve >= c->http_max_connections ||
	    c->http_max_connections_per_ip > c->http_max_connections -
	    c->http_connection_reserve) {
		cks_error_set_field(err, CKS_ERROR_INVALID,
		    "http.max_connections_per_ip",
		    "%s: http.max_connections_per_ip (%ld) must not exceed "
		    "http.max_connections (%ld) minus http.connection_reserve "
		    "(%ld)", c->source, c->http_max_connections_per_ip,
		    c->http_max_connections, c->http_connection_reserve);
		cks_config_free(&c);
		return -1;
	}
	if ((c->http_tls_cert == NULL) != (c->http_tls_key == NULL)) {
		cks_error_set_field(err, CKS_ERROR_INVALID, c->http_tls_cert ?
		    "http.tls_key" : "http.tls_cert",
		    "%s: http.tls_cert and http.tls_key go together (HTTPS needs "
		    "the certificate and its key)", c->source);
		cks_config_free(&c);
		return -1;
	}
	if (c->sms_sendsms_url != NULL &&
	    (c->sms_username == NULL || c->sms_password_file == NULL)) {
		const char *missing = c->sms_username == NULL ? "sms.username"
		    : "sms.password_file";

		cks_error_set_field(err, CKS_ERROR_INVALID, missing,
		    "%s: sms.sendsms_url is set but %s is not (Kannel's "
		    "sendsms-user)", c->source, missing);
		cks_config_free(&c);
		return -1;
	}
	if (c->database == NULL)
		c->database = join_path(c->state_dir, "cksgate.db");
	if (c->spool_dir == NULL)
		c->spool_dir = join_path(c->state_dir, "spool");
	if (c->mail_message_id_domain == NULL)
		c->mail_message_id_domain = strdup(strrchr(c->mail_from, '@') + 1);
	if (c->http_tokens_file == NULL)
		c->http_tokens_file = join_path(c->state_dir, "api-tokens");
	if (c->http_link_secret_file == NULL)
		c->http_link_secret_file = join_path(c->state_dir, "link-secret");
	if (c->daemon_pid_file == NULL)
		c->daemon_pid_file = join_path(c->state_dir, "cksgated.pid");
	if (c->http_public_url == NULL) {
		char url[128];

		snprintf(url, sizeof(url), "http://127.0.0.1:%ld", c->http_port);
		c->http_public_url = strdup(url);
	} else if (c->http_public_url[strlen(c->http_public_url) - 1] == '/')
		c->http_public_url[strlen(c->http_public_url) - 1] = '\0';
	if (c->sms_dlr_url == NULL && c->http_public_url != NULL)
		c->sms_dlr_url = strdup(c->http_public_url);
	else if (c->sms_dlr_url != NULL &&
		 c->sms_dlr_url[strlen(c->sms_dlr_url) - 1] == '/')
		c->sms_dlr_url[strlen(c->sms_dlr_url) - 1] = '\0';
	if (c->http_tokens_file == NULL || c->http_link_secret_file == NULL ||
	    c->daemon_pid_file == NULL || c->http_public_url == NULL ||
	    c->sms_dlr_url == NULL) {
		cks_config_free(&c);
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	}
	if (c->source == NULL || c->database == NULL || c->spool_dir == NULL ||
	    c->timezone == NULL ||
	    c->mail_message_id_domain == NULL) {
		cks_config_free(&c);
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	}
	*config_out = c;
	return 0;
}

const char *
cks_config_department_name(const struct cks_config *c, const char *lang)
{
	const char *name = lang != NULL && strcmp(lang, "th") == 0
	    ? c->department_name_th : c->department_name_en;

	return name != NULL ? name : c->mail_from_name;
}

void
cks_config_free(struct cks_config **config)
{
	struct cks_config *c = *config;

	if (c == NULL)
		return;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (keys[i].type == KEY_PATH || keys[i].type == KEY_STRING ||
		    keys[i].type == KEY_NAME ||
		    keys[i].type == KEY_ZONE ||
		    keys[i].type == KEY_EMAIL || keys[i].type == KEY_URL ||
		    keys[i].type == KEY_LEVELS || keys[i].type == KEY_DATABASE ||
		    keys[i].type == KEY_MEDIA)
			free(*(char **)((char *)c + keys[i].offset));
	free(c->source);
	free(c);
	*config = NULL;
}
