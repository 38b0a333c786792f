/* Unit tests for lib/desk/config: embedded defaults, the key = value file and
 * its errors, and which file is chosen. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testhelp.h"
#include "config.h"

/* Writes text to a new file in the scratch directory; caller frees. */
static char *
config_file(const char *name, const char *text)
{
	char *path = test_path(name);

	test_write_file(path, text);
	return path;
}

static struct cks_config *
load_ok(const char *path)
{
	struct cks_config *config = NULL;
	struct cks_error err;

	cks_error_clear(&err);
	if (cks_config_load(path, &config, &err) != 0)
		fail_msg("cks_config_load(%s): %s", path ? path : "NULL",
		    err.message);
	assert_non_null(config);
	return config;
}

/* Loads a file that must be refused; checks "path:line: " and a word. */
static void
load_refused(const char *name, const char *text, unsigned line,
	     const char *word)
{
	struct cks_config *config = (struct cks_config *)1;
	struct cks_error err;
	char where[4200];
	char *path = config_file(name, text);

	cks_error_clear(&err);
	assert_int_equal(cks_config_load(path, &config, &err), -1);
	assert_null(config);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	snprintf(where, sizeof(where), "%s:%u: ", path, line);
	if (strncmp(err.message, where, strlen(where)) != 0)
		fail_msg("expected '%s' at the start of '%s'", where, err.message);
	if (strstr(err.message, word) == NULL)
		fail_msg("expected '%s' in '%s'", word, err.message);
	free(path);
}

static void
test_defaults(void **state)
{
	struct cks_config *config = load_ok(NULL);
	char expected[4200];

	assert_string_equal(config->source, "(embedded defaults)");
	assert_string_equal(config->state_dir, CKS_DEFAULT_STATE_DIR);
	assert_string_equal(config->plugin_dir, CKS_DEFAULT_PLUGIN_DIR);
	assert_null(config->extra_plugin_dir);    /* the shipped plugins only */
	assert_string_equal(config->template_dir, CKS_DEFAULT_TEMPLATE_DIR);
	assert_int_equal(config->busy_timeout_ms, 5000);
	assert_string_equal(config->timezone, "Asia/Bangkok");
	/* The database is state_dir/cksgate.db. */
	snprintf(expected, sizeof(expected), "%s/cksgate.db", config->state_dir);
	assert_string_equal(config->database, expected);
	assert_true(strlen(config->database) > strlen("/cksgate.db"));
	assert_string_equal(config->database + strlen(config->database) -
	    strlen("/cksgate.db"), "/cksgate.db");
	assert_int_equal(config->state_dir[0], '/');
	cks_config_free(&config);
	assert_null(config);
}

static void
test_every_key(void **state)
{
	char *path = config_file("every.conf",
	    "# cksgate.conf written by the test\n"
	    "state_dir = /srv/cks/state\n"
	    "database = /srv/cks/db/gate.sqlite\n"
	    "plugin_dir = /opt/cks/plugins\n"
	    "extra_plugin_dir = /srv/cks/my-plugins\n"
	    "template_dir = /opt/cks/templates\n"
	    "spool_dir = /srv/cks/outbox\n"
	    "busy_timeout_ms = 12000\n"
	    "smtp.host = relay.example.co.th\n"
	    "smtp.port = 587\n"
	    "smtp.starttls = required\n"
	    "smtp.ca_file = /etc/ssl/certs/relay.pem\n"
	    "smtp.auth_file = /etc/cksgate/smtp-auth\n"
	    "smtp.connect_timeout = 15s\n"
	    "smtp.command_timeout = 2m\n"
	    "smtp.workers = 4\n"
	    "smtp.batch_size = 50\n"
	    "smtp.rate_per_minute = 120\n"
	    "queue.retry_schedule = 1m 5m 15m 1h\n"
	    "queue.max_age = 3d\n"
	    "mail.from = desk@ditp.example.go.th\n"
	    "mail.from_name = DITP Call Center\n"
	    "mail.reply_address = survey@ditp.example.go.th\n"
	    "mail.message_id_domain = mail.ditp.example.go.th\n"
	    "basket.max_items = 30\n"
	    "basket.max_file_bytes = 512K\n"
	    "basket.max_total_bytes = 40M\n");
	struct cks_config *config = load_ok(path);

	assert_string_equal(config->source, path);
	assert_string_equal(config->state_dir, "/srv/cks/state");
	assert_string_equal(config->database, "/srv/cks/db/gate.sqlite");
	assert_string_equal(config->plugin_dir, "/opt/cks/plugins");
	assert_string_equal(config->extra_plugin_dir, "/srv/cks/my-plugins");
	assert_string_equal(config->template_dir, "/opt/cks/templates");
	assert_string_equal(config->spool_dir, "/srv/cks/outbox");
	assert_int_equal(config->busy_timeout_ms, 12000);
	assert_string_equal(config->smtp_host, "relay.example.co.th");
	assert_int_equal(config->smtp_port, 587);
	assert_int_equal(config->smtp_starttls, 2);
	assert_string_equal(config->smtp_ca_file, "/etc/ssl/certs/relay.pem");
	assert_string_equal(config->smtp_auth_file, "/etc/cksgate/smtp-auth");
	assert_int_equal(config->smtp_connect_timeout_ms, 15000);
	assert_int_equal(config->smtp_command_timeout_ms, 120000);
	assert_int_equal(config->smtp_workers, 4);
	assert_int_equal(config->smtp_batch_size, 50);
	assert_int_equal(config->smtp_rate_per_minute, 120);
	assert_int_equal(config->retry_steps, 4);
	assert_int_equal(config->retry_schedule_ms[0], 60000);
	assert_int_equal(config->retry_schedule_ms[1], 300000);
	assert_int_equal(config->retry_schedule_ms[2], 900000);
	assert_int_equal(config->retry_schedule_ms[3], 3600000);
	assert_int_equal(config->queue_max_age_ms, 3L * 86400000);
	assert_string_equal(config->mail_from, "desk@ditp.example.go.th");
	assert_string_equal(config->mail_from_name, "DITP Call Center");
	assert_string_equal(config->mail_reply_address, "survey@ditp.example.go.th");
	assert_string_equal(config->mail_message_id_domain, "mail.ditp.example.go.th");
	assert_int_equal(config->basket_max_items, 30);
	assert_int_equal(config->basket_max_file_bytes, 512L * 1024);
	assert_int_equal(config->basket_max_total_bytes, 40L * 1024 * 1024);
	cks_config_free(&config);
	free(path);
}

static void
test_derived_defaults(void **state)
{
	char *path = config_file("derived.conf",
	    "state_dir = /srv/derived\n"
	    "mail.from = gate@desk.example.org\n");
	struct cks_config *config = load_ok(path);

	assert_string_equal(config->database, "/srv/derived/cksgate.db");
	assert_string_equal(config->spool_dir, "/srv/derived/spool");
	/* Message-IDs use the sender's domain unless told otherwise. */
	assert_string_equal(config->mail_message_id_domain, "desk.example.org");
	/* No relay unless one is named. */
	assert_null(config->smtp_host);
	cks_config_free(&config);
	free(path);
}

static void
test_value_kinds(void **state)
{
	char *path = config_file("kinds.conf",
	    "smtp.connect_timeout = 250000ms\n"
	    "smtp.command_timeout = 90\n"          /* bare number: seconds */
	    "queue.max_age = 2h\n"
	    "queue.retry_schedule = 30s,1h 2d\n"
	    "smtp.starttls = off\n"
	    "basket.max_file_bytes = 1G\n"
	    "basket.max_total_bytes = 2048\n"
	    "smtp.host = \n");                      /* empty: no relay */
	struct cks_config *config = load_ok(path);

	assert_int_equal(config->smtp_connect_timeout_ms, 250000);
	assert_int_equal(config->smtp_command_timeout_ms, 90000);
	assert_int_equal(config->queue_max_age_ms, 7200000);
	assert_int_equal(config->retry_steps, 3);
	assert_int_equal(config->retry_schedule_ms[0], 30000);
	assert_int_equal(config->retry_schedule_ms[1], 3600000);
	assert_int_equal(config->retry_schedule_ms[2], 2L * 86400000);
	assert_int_equal(config->smtp_starttls, 0);
	assert_int_equal(config->basket_max_file_bytes, 1L << 30);
	assert_int_equal(config->basket_max_total_bytes, 2048);
	assert_null(config->smtp_host);
	cks_config_free(&config);
	free(path);
}

static void
test_database_follows_state_dir(void **state)
{
	char *path = config_file("state.conf", "state_dir = /srv/other\n");
	struct cks_config *config = load_ok(path);

	assert_string_equal(config->state_dir, "/srv/other");
	assert_string_equal(config->database, "/srv/other/cksgate.db");
	/* Keys not in the file keep their defaults. */
	assert_string_equal(config->plugin_dir, CKS_DEFAULT_PLUGIN_DIR);
	assert_int_equal(config->busy_timeout_ms, 5000);
	cks_config_free(&config);
	free(path);
}

static void key_named(const char *name, const char *text, const char *key);

/* database = sqlite:PATH beside the bare path; a PostgreSQL URI is
 * accepted when that backend is built, but never with a password in it
 * (refused naming the key, the URI not echoed). */
static void
test_database_backends(void **state)
{
	char *path = config_file("sqlite.conf",
	    "database = sqlite:/srv/cks/gate.db\n");
	struct cks_config *config = load_ok(path);
	struct cks_config *none = NULL;
	struct cks_error err;

	assert_string_equal(config->database, "/srv/cks/gate.db");
	cks_config_free(&config);
	free(path);
#ifdef CKS_WITH_POSTGRESQL
	path = config_file("pg.conf",
	    "database = postgresql://cks@db.example/cks\n");
	config = load_ok(path);
	assert_string_equal(config->database, "postgresql://cks@db.example/cks");
	cks_config_free(&config);
	free(path);
	load_refused("pg2.conf",
	    "\ndatabase = postgres://cks:s3cret@db.example/cks\n", 2,
	    "holds a password: put it in a mode-600 file named by PGPASSFILE");
	key_named("pg3.conf",
	    "database = postgresql://db.example/cks?password=s3cret\n",
	    "database");
#else
	load_refused("pg.conf", "database = postgresql://cks@db.example/cks\n",
	    1, "the PostgreSQL backend is not built in this cksgate");
	load_refused("pg2.conf", "\ndatabase = postgres://db.example/cks\n", 2,
	    "'database'");
	key_named("pg3.conf", "database = postgresql://db.example/cks\n",
	    "database");
#endif
	load_refused("sqlite-rel.conf", "database = sqlite:gate.db\n", 1,
	    "not an absolute path or sqlite:PATH");
	path = config_file("pg4.conf",
	    "database = postgresql://cks:s3cret@db/cks\n");
	assert_int_equal(cks_config_load(path, &none, &err), -1);
	assert_null(strstr(err.message, "db/cks"));   /* no URI echoed back */
	assert_null(strstr(err.message, "s3cret"));
	free(path);
}

static void
test_later_line_wins(void **state)
{
	char *path = config_file("twice.conf",
	    "busy_timeout_ms = 1\n"
	    "plugin_dir = /a\n"
	    "busy_timeout_ms = 600000\n"
	    "plugin_dir = /b\n");
	struct cks_config *config = load_ok(path);

	assert_int_equal(config->busy_timeout_ms, 600000);
	assert_string_equal(config->plugin_dir, "/b");
	cks_config_free(&config);
	free(path);
}

static void
test_comments_blanks_quotes(void **state)
{
	char *path = config_file("layout.conf",
	    "\n"
	    "   # an indented comment\n"
	    "\t\n"
	    "#state_dir = /commented/out\n"
	    "  plugin_dir\t=\t/opt/plugins  \n"
	    "template_dir = \"/opt/with space/ \"\n"
	    "database=/srv/a=b.db\r\n"
	    "busy_timeout_ms =0\n"
	    "\n");
	struct cks_config *config = load_ok(path);

	assert_string_equal(config->state_dir, CKS_DEFAULT_STATE_DIR);
	assert_string_equal(config->plugin_dir, "/opt/plugins");
	/* Quotes keep the trailing blank. */
	assert_string_equal(config->template_dir, "/opt/with space/ ");
	/* Only the first '=' separates; CRLF line ends are fine. */
	assert_string_equal(config->database, "/srv/a=b.db");
	assert_int_equal(config->busy_timeout_ms, 0);
	cks_config_free(&config);
	free(path);
}

static void
test_thai_path(void **state)
{
	char *path = config_file("thai.conf", "state_dir = /srv/ข้อมูล\n");
	struct cks_config *config = load_ok(path);

	assert_string_equal(config->database, "/srv/ข้อมูล/cksgate.db");
	cks_config_free(&config);
	free(path);
}

static void
test_empty_file(void **state)
{
	char *path = config_file("empty.conf", "");
	struct cks_config *config = load_ok(path);

	assert_string_equal(config->source, path);
	assert_string_equal(config->state_dir, CKS_DEFAULT_STATE_DIR);
	assert_int_equal(config->busy_timeout_ms, 5000);
	cks_config_free(&config);
	free(path);
}

static void
test_no_final_newline(void **state)
{
	char *path = config_file("nonl.conf", "busy_timeout_ms = 77");
	struct cks_config *config = load_ok(path);

	assert_int_equal(config->busy_timeout_ms, 77);
	cks_config_free(&config);
	free(path);
}

static void
test_unknown_key(void **state)
{
	load_refused("unknown.conf", "# ok\n\nstate_dir = /x\ncolour = blue\n", 4,
	    "unknown key 'colour'");
	/* Key names are case-sensitive. */
	load_refused("case.conf", "State_Dir = /x\n", 1, "'State_Dir'");
}

/* A refused setting names its key in err.field, so a front end can point
 * at it without reading the message. */
static void
key_named(const char *name, const char *text, const char *key)
{
	struct cks_config *config = NULL;
	struct cks_error err;
	char *path = config_file(name, text);

	assert_int_equal(cks_config_load(path, &config, &err), -1);
	assert_string_equal(err.field, key);
	free(path);
}

static void
test_refusals_name_the_key(void **state)
{
	key_named("key1.conf", "colour = blue\n", "colour");
	key_named("key2.conf", "state_dir = var/lib\n", "state_dir");
	key_named("key3.conf", "mail.from = desk at example.com\n", "mail.from");
	key_named("key4.conf", "mail.from_name =\n", "mail.from_name");
	/* A line that names no key names no field. */
	key_named("key5.conf", "just words\n", "");
}

static void
test_relative_path(void **state)
{
	load_refused("relative.conf", "busy_timeout_ms = 10\nstate_dir = var/lib\n",
	    2, "'state_dir'");
	load_refused("relative2.conf", "database = ./gate.db\n", 1,
	    "not an absolute path");
	load_refused("relative3.conf", "plugin_dir = ~/plugins\n", 1,
	    "'plugin_dir'");
	load_refused("relative4.conf", "template_dir = \"\"\n", 1,
	    "'template_dir'");
}

static void
test_bad_number(void **state)
{
	load_refused("nan.conf", "busy_timeout_ms = soon\n", 1,
	    "'busy_timeout_ms'");
	load_refused("nan2.conf", "\nbusy_timeout_ms = 5s\n", 2, "'5s'");
	load_refused("nan3.conf", "busy_timeout_ms =\n", 1, "'busy_timeout_ms'");
	load_refused("nan4.conf", "busy_timeout_ms = 1.5\n", 1,
	    "'busy_timeout_ms'");
	load_refused("nan5.conf", "busy_timeout_ms = 99999999999999999999999\n", 1,
	    "'busy_timeout_ms'");
}

static void
test_out_of_range(void **state)
{
	load_refused("zone.conf", "timezone = Mars/Olympus\n", 1,
	    "key 'timezone': 'Mars/Olympus' is not a time zone");
	load_refused("zone2.conf", "\ntimezone = ../../etc/passwd\n", 2,
	    "'timezone'");
	load_refused("range.conf", "busy_timeout_ms = 600001\n", 1,
	    "'busy_timeout_ms'");
	load_refused("range2.conf", "busy_timeout_ms = -1\n", 1, "0 to 600000");
}

static void
test_missing_equals(void **state)
{
	load_refused("noeq.conf", "state_dir = /x\n\nplugin_dir /opt/plugins\n", 3,
	    "plugin_dir /opt/plugins");
	load_refused("noeq2.conf", "= /x\n", 1, "missing key");
}

static void
test_bad_text(void **state)
{
	load_refused("latin1.conf", "state_dir = /srv/caf\xe9\n", 1, "'state_dir'");
	load_refused("ctrl.conf", "state_dir = /srv/a\x01" "b\n", 1, "UTF-8");
}

static void
test_bad_typed_values(void **state)
{
	load_refused("dur.conf", "smtp.connect_timeout = 5 minutes\n", 1,
	    "'smtp.connect_timeout'");
	load_refused("dur2.conf", "smtp.connect_timeout = 500ms\n", 1,
	    "'smtp.connect_timeout'");                /* under 1 s */
	load_refused("dur3.conf", "queue.max_age = -1h\n", 1, "'queue.max_age'");
	load_refused("bytes.conf", "basket.max_file_bytes = 2G\n", 1,
	    "'basket.max_file_bytes'");
	load_refused("bytes2.conf", "basket.max_total_bytes = 10MB\n", 1,
	    "'basket.max_total_bytes'");
	load_refused("enum.conf", "smtp.starttls = yes\n", 1, "'smtp.starttls'");
	load_refused("sched.conf", "queue.retry_schedule = 1m soon\n", 1,
	    "'queue.retry_schedule'");
	load_refused("sched2.conf", "queue.retry_schedule = \n", 1,
	    "'queue.retry_schedule'");
	load_refused("sched3.conf", "queue.retry_schedule = "
	    "1m 1m 1m 1m 1m 1m 1m 1m 1m 1m 1m 1m 1m 1m 1m 1m 1m\n", 1,
	    "'queue.retry_schedule'");                 /* 17 waits */
	load_refused("port.conf", "smtp.port = 0\n", 1, "'smtp.port'");
	load_refused("port2.conf", "smtp.port = 65536\n", 1, "'smtp.port'");
	load_refused("from.conf", "\nmail.from = DITP <desk@example.org>\n", 2,
	    "'mail.from'");
	load_refused("ca.conf", "smtp.ca_file = certs/ca.pem\n", 1,
	    "'smtp.ca_file'");
	/* A lease under a second, or over an hour. */
	load_refused("lease.conf", "queue.lease = 500ms\n", 1, "'queue.lease'");
	load_refused("lease2.conf", "queue.lease = 2h\n", 1, "'queue.lease'");
	/* The name is the first part of name:pid:start in every claim. */
	load_refused("gw.conf", "\ngateway.name = gw:1\n", 2, "'gateway.name'");
	load_refused("gw2.conf", "gateway.name = สาขา 1\n", 1, "'gateway.name'");
}

static void
test_lease_and_gateway_name(void **state)
{
	char *path = config_file("gw-ok.conf",
	    "queue.lease = 30s\ngateway.name = gw-bangkok_1.ditp\n");
	struct cks_config *config = load_ok(NULL);

	assert_int_equal(config->queue_lease_ms, 300000);   /* 5 m */
	assert_null(config->gateway_name);                 /* the host name */
	cks_config_free(&config);
	config = load_ok(path);
	assert_int_equal(config->queue_lease_ms, 30000);
	assert_string_equal(config->gateway_name, "gw-bangkok_1.ditp");
	cks_config_free(&config);
	free(path);
}

static void
test_auth_needs_starttls(void **state)
{
	struct cks_config *config = NULL;
	struct cks_error err;
	char *path = config_file("auth.conf",
	    "smtp.host = relay.example.org\n"
	    "smtp.auth_file = /etc/cksgate/auth\n");

	/* Credentials are never sent over an unencrypted connection. */
	cks_error_clear(&err);
	assert_int_equal(cks_config_load(path, &config, &err), -1);
	assert_null(config);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, path));
	assert_non_null(strstr(err.message, "smtp.auth_file"));
	free(path);
	path = config_file("auth-ok.conf",
	    "smtp.auth_file = /etc/cksgate/auth\n"
	    "smtp.starttls = required\n");
	config = load_ok(path);
	assert_string_equal(config->smtp_auth_file, "/etc/cksgate/auth");
	cks_config_free(&config);
	free(path);
}

static void
test_long_line(void **state)
{
	char *text = malloc(6000);

	assert_non_null(text);
	memcpy(text, "state_dir = /", 13);
	memset(text + 13, 'a', 5000);
	strcpy(text + 5013, "\n");
	load_refused("long.conf", text, 1, "longer than");
	free(text);
}

static void
test_missing_file(void **state)
{
	struct cks_config *config = NULL;
	struct cks_error err;
	char *path = test_path("does-not-exist.conf");

	cks_error_clear(&err);
	assert_int_equal(cks_config_load(path, &config, &err), -1);
	assert_null(config);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, path));
	assert_non_null(strstr(err.message, "No such file"));
	free(path);
}

static void
test_choose_path(void **state)
{
	char explicit_path[] = "/etc/explicit.conf";

	/* Explicit beats the environment. */
	setenv("CKSGATE_CONFIG", "/etc/from-env.conf", 1);
	assert_ptr_equal(cks_config_choose_path(explicit_path), explicit_path);
	assert_string_equal(cks_config_choose_path(NULL), "/etc/from-env.conf");
	/* An empty variable counts as unset. */
	setenv("CKSGATE_CONFIG", "", 1);
	assert_null(cks_config_choose_path(NULL));
	unsetenv("CKSGATE_CONFIG");
	assert_null(cks_config_choose_path(NULL));
	assert_ptr_equal(cks_config_choose_path(explicit_path), explicit_path);
}

/* Mail and pages name the department in their own language: the Thai
 * name leaks into no English mail (issue 14).  Emptied keys fall back to
 * mail.from_name. */
static void
test_department_names(void **state)
{
	struct cks_config *c = load_ok(NULL);
	char *path;

	(void)state;
	assert_string_equal(cks_config_department_name(c, "th"),
	    "กรมส่งเสริมการค้าระหว่างประเทศ (DITP)");   /* mail.from_name */
	assert_string_equal(cks_config_department_name(c, "en"),
	    "Department of International Trade Promotion");
	assert_string_equal(cks_config_department_name(c, NULL),
	    "Department of International Trade Promotion");
	cks_config_free(&c);

	path = config_file("department.conf",
	    "department.name_en = DITP, Ministry of Commerce\n"
	    "department.name_th =\n"
	    "mail.from_name = DITP desk\n");
	c = load_ok(path);
	assert_string_equal(cks_config_department_name(c, "en"),
	    "DITP, Ministry of Commerce");
	assert_string_equal(cks_config_department_name(c, "th"), "DITP desk");
	cks_config_free(&c);
	free(path);
}

static void
test_free_null(void **state)
{
	struct cks_config *config = NULL;

	cks_config_free(&config);
	assert_null(config);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_department_names),
		cmocka_unit_test(test_every_key),
		cmocka_unit_test(test_derived_defaults),
		cmocka_unit_test(test_value_kinds),
		cmocka_unit_test(test_database_follows_state_dir),
		cmocka_unit_test(test_database_backends),
		cmocka_unit_test(test_later_line_wins),
		cmocka_unit_test(test_comments_blanks_quotes),
		cmocka_unit_test(test_thai_path),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_no_final_newline),
		cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_refusals_name_the_key),
		cmocka_unit_test(test_relative_path),
		cmocka_unit_test(test_bad_number),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_missing_equals),
		cmocka_unit_test(test_bad_text),
		cmocka_unit_test(test_bad_typed_values),
		cmocka_unit_test(test_lease_and_gateway_name),
		cmocka_unit_test(test_auth_needs_starttls),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_choose_path),
		cmocka_unit_test(test_free_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
