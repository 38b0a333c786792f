/* The configuration: embedded defaults, overridden by a "key = value" file.
 * See cksgate.conf(5).  A wrong line is refused with file, line and key. */
#ifndef CKS_CONFIG_H
#define CKS_CONFIG_H

#include "error.h"

struct cks_config {
	char *source;          /* the file read, or "(embedded defaults)" */
	char *state_dir;       /* local state: the database, spool, store */
	char *database;        /* SQLite file (config: sqlite:PATH or PATH);
				* default state_dir/cksgate.db */
	char *plugin_dir;      /* channel plugins (*.so) are loaded from here */
	char *extra_plugin_dir;  /* NULL, or the user's plugins, loaded after */
	char *template_dir;    /* message and page templates */
	long busy_timeout_ms;  /* how long a command waits for a locked store */
	char *spool_dir;       /* with no relay, mail goes here as .eml files */

	char *smtp_host;       /* NULL: no relay, spool instead */
	long smtp_port;
	long smtp_starttls;    /* enum cks_starttls */
	char *smtp_ca_file;    /* NULL: the system's CAs */
	char *smtp_auth_file;  /* "user" line, "password" line */
	long smtp_connect_timeout_ms;
	long smtp_command_timeout_ms;
	long smtp_workers;     /* parallel SMTP sessions */
	long smtp_batch_size;  /* messages per session and per commit */
	long smtp_rate_per_minute;  /* 0: no limit */

	long retry_schedule_ms[16];  /* waits after the 1st, 2nd... deferral */
	long retry_steps;
	long queue_max_age_ms; /* give up on a message this old */

	char *mail_from;       /* envelope and From: address */
	char *mail_from_name;
	char *department_name_th;   /* in the mail and pages of each language */
	char *department_name_en;
	char *mail_reply_address;   /* survey replies: local+TOKEN@domain */
	char *mail_message_id_domain;

	char *maildir;         /* inbound replies delivered here: new/ -> cur/ */
	char *imap_host;       /* NULL: no IMAP intake */
	long imap_port;
	long imap_tls;         /* 0 imaps, 1 starttls */
	char *imap_ca_file;
	char *imap_auth_file;
	char *imap_folder;
	char *imap_move_to;    /* NULL: mark \Seen and leave in place */
	char *pop3_host;       /* NULL: no POP3 intake */
	long pop3_port;
	long pop3_tls;         /* 0 pop3s, 1 stls */
	char *pop3_ca_file;
	char *pop3_auth_file;
	long pop3_delete;      /* delete processed mail from the server */
	long sms_window_ms;    /* an SMS answers a session closed this recently */
	/* SMS invitations through Kannel's smsbox (sms_send.h); NULL
	 * sendsms_url: no SMS is sent. */
	char *sms_sendsms_url; /* http://host:13013/cgi-bin/sendsms */
	char *sms_username;    /* a sendsms-user of smsbox */
	char *sms_password_file; /* its password, the whole file, mode 0600 */
	char *sms_from;        /* the sender number or name; NULL: Kannel's */
	char *sms_dlr_url;     /* cksgated as Kannel reaches it; default
				* http.public_url */
	long sms_rate_per_minute; /* 0: no limit */
	long sms_timeout_ms;   /* one sendsms request */
	long survey_medium;    /* enum cks_survey_medium */
	char *survey_medium_by_channel; /* "CHANNEL:MEDIUM, ..."; NULL: none */
	long parse_timeout_ms; /* a parse worker that takes longer is killed */

	char *client_levels;   /* client.levels; NULL: CKS_CLIENT_LEVELS_DEFAULT */
	long basket_max_items;
	long basket_max_file_bytes;
	long basket_max_total_bytes;
	long basket_attachment_budget; /* bigger baskets get download links */
	long download_ttl_ms;  /* how long a download link works */

	char *http_listen;     /* the API's address: 127.0.0.1 unless set */
	long http_port;        /* 0: the API is off */
	long http_threads;
	long http_max_body;    /* the biggest body (an attachment upload) */
	long http_max_json_body;    /* the biggest JSON body of other routes */
	long http_max_body_memory;  /* all bodies in flight: beyond, 503 */
	long http_max_connections;  /* open connections, all addresses */
	long http_max_connections_per_ip;
	long http_connection_reserve;  /* the last slots: new addresses only */
	long http_header_timeout_ms;   /* the whole request header, not per byte */
	long http_body_timeout_ms;     /* the whole body, not per byte */
	char *http_tokens_file;     /* "name token" lines; default state_dir/api-tokens */
	char *http_public_url;      /* base of links in mail: rating pages, downloads */
	char *http_link_secret_file; /* signs links; made on first use */
	char *http_tls_cert;        /* PEM certificate chain: HTTPS; NULL: HTTP */
	char *http_tls_key;         /* its PEM private key (both or neither) */

	char *webhook_rating_url;       /* POSTed every recorded rating */
	char *webhook_unsatisfied_url;  /* POSTed "not satisfied" ratings */
	char *webhook_secret_file;      /* HMAC-SHA256 key for X-Cksgate-Signature */
	long webhook_timeout_ms;

	char *daemon_user;     /* drop root to this user after binding */
	char *daemon_pid_file;
	long log_target;       /* enum cks_log_target */
	long log_level;        /* enum cks_log_level */
	long intake_interval_ms;   /* IMAP / POP3 polling, maildir rescans */
	long queue_interval_ms;    /* how often the daemon looks for due mail */
	long queue_lease_ms;   /* a claim's lease: taken over once it passed */
	char *gateway_name;    /* this daemon's name in claims; NULL: host name */
	char *timezone;        /* the desk's zone: display, periods, mail dates */

	long survey_require_consent;  /* 1: no invitation without consent */
	long survey_reminder_after_ms;  /* 0: no reminder */
	long retention_raw_mail_ms;   /* 0: raw inbound mail is kept */
	long retention_personal_ms;   /* 0: clients are never anonymised */
};

/* Which medium a survey invitation goes by (survey.medium). */
enum cks_survey_medium {
	CKS_SURVEY_EMAIL_FIRST = 0,  /* email; SMS when there is no address */
	CKS_SURVEY_SMS_FIRST,        /* SMS; email when there is no phone */
	CKS_SURVEY_BOTH,             /* every medium the client has */
};

/* survey.medium for a channel: its survey.medium_by_channel entry, else
 * survey.medium. */
long cks_config_survey_medium(const struct cks_config *config,
			      const char *channel);

/* Loads path, or the embedded defaults when path is NULL.  The caller frees
 * the result with cks_config_free(). */
int cks_config_load(const char *path, struct cks_config **config_out,
		    struct cks_error *err);

/* The file to read: the explicit argument, else $CKSGATE_CONFIG, else NULL
 * (embedded defaults).  Returns a pointer into its arguments or environ. */
const char *cks_config_choose_path(const char *explicit_path);

void cks_config_free(struct cks_config **config);

/* The department's name in lang ("th" or anything else: English), as
 * mail and pages in that language name it: department.name_th or
 * department.name_en; mail.from_name when that key is unset (name_th's
 * default: mail.from_name is the Thai name) or emptied. */
const char *cks_config_department_name(const struct cks_config *c,
				       const char *lang);

#endif
