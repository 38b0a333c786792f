/* cksctl basket add|list|remove|preview|confirm|send, survey send,
 * templates check */
#include "autoconfig.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "basket.h"
#include "buffer.h"
#include "clock.h"
#include "cli.h"
#include "reminder.h"
#include "survey_bulk.h"
#include "compose.h"
#include "kb.h"
#include "rating_page.h"
#include "summary.h"

static int
outbound(struct cli *cli, struct cks_outbound *out)
{
	if (cli_store(cli) < 0 || cli_channels(cli) < 0 || cli_templates(cli) < 0)
		return -1;
	memset(out, 0, sizeof(*out));     /* cksctl shows working links */
	out->config = cli->config;
	out->store = cli->store;
	out->channels = cli->channels;
	out->templates = cli->templates;
	return 0;
}

static void
print_basket(const struct cks_basket *b)
{
	struct cli_table *table = cli_table_new(5, "ITEM", "TITLE", "TITLE (EN)",
	    "LINK", "ATTACHMENT");

	printf("basket of session %lld: %zu items, revision %lld, %s%s\n\n",
	    (long long)b->session_id, b->count, (long long)b->revision,
	    cks_basket_is_confirmed(b) ? "confirmed by the client"
		: "not confirmed", b->sent_message ? ", sent" : "");
	for (size_t i = 0; i < b->count; i++) {
		const struct cks_basket_item *it = &b->items[i];
		char id[24], attachment[300] = "-";

		snprintf(id, sizeof(id), "%lld", (long long)it->id);
		if (it->attachment_id)
			snprintf(attachment, sizeof(attachment), "%s (%lld bytes)",
			    it->filename, (long long)it->size);
		cli_table_add(table, id, it->title_th, it->title_en, it->url,
		    attachment);
	}
	cli_table_print(table);
	cli_table_free(&table);
}

static int
show_basket(struct cli *cli, int64_t session_id, int64_t item_id)
{
	struct cks_basket *b;
	int rc = CLI_OK;

	if (cks_basket_get(cli->store, session_id, &b, &cli->err) < 0)
		return cli_fail(cli);
	if (item_id != 0 && cli->json) {
		for (size_t i = 0; i < b->count; i++)
			if (b->items[i].id == item_id)
				rc = cli_print_json(cks_basket_item_to_json(&b->items[i]));
	} else if (cli->json) {
		rc = cli_print_json(cks_basket_to_json(b));
	} else {
		if (item_id != 0)
			printf("added item %lld\n", (long long)item_id);
		print_basket(b);
	}
	cks_basket_free(&b);
	return rc;
}

static int
basket_add(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "title", required_argument, NULL, 't' },
		{ "title-en", required_argument, NULL, 'e' },
		{ "url", required_argument, NULL, 'u' },
		{ "file", required_argument, NULL, 'f' },
		{ "type", required_argument, NULL, 'y' },
		{ "item", required_argument, NULL, 'i' },
		{ NULL, 0, NULL, 0 },
	};
	struct cks_basket_item_input in = { 0 };
	struct cks_basket_limits limits;
	int64_t session_id, item_id, kb_id = 0;
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 't': in.title_th = optarg; break;
		case 'e': in.title_en = optarg; break;
		case 'u': in.url = optarg; break;
		case 'f': in.file_path = optarg; break;
		case 'y': in.content_type = optarg; break;
		case 'i':
			if (cli_parse_id("basket add", "--item", optarg, &kb_id) < 0)
				return CLI_USAGE;
			break;
		default: return CLI_USAGE;
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("basket add", "expected one SESSION");
	if (kb_id != 0 && (in.title_th || in.title_en || in.url ||
	    in.file_path || in.content_type))
		return cli_usage_error("basket add", "--item takes the catalogue "
		    "item as it is: no --title, --url or --file with it");
	if (kb_id == 0 && in.title_th == NULL && in.title_en == NULL)
		return cli_usage_error("basket add", "--title or --title-en is required");
	if (cli_parse_id("basket add", "SESSION", argv[optind], &session_id) < 0)
		return CLI_USAGE;
	if (cli_store(cli) < 0)
		return CLI_FAILED;
	limits.max_items = cli->config->basket_max_items;
	limits.max_file_bytes = cli->config->basket_max_file_bytes;
	limits.max_total_bytes = cli->config->basket_max_total_bytes;
	limits.state_dir = cli->config->state_dir;
	if ((kb_id != 0 ? cks_kb_to_basket(cli->store, session_id, kb_id,
	     &limits, &item_id, &cli->err)
	     : cks_basket_add(cli->store, session_id, &in, &limits, &item_id,
	     &cli->err)) < 0)
		return cli_fail(cli);
	return show_basket(cli, session_id, item_id);
}

static int
basket_preview(struct cli *cli, int64_t session_id, const char *mode)
{
	struct cks_outbound out;
	struct cks_rendered r;

	if (outbound(cli, &out) < 0)
		return CLI_FAILED;
	if (cks_compose_basket_preview(&out, session_id, NULL, &r, &cli->err) < 0)
		return cli_fail(cli);
	if (cli->json) {
		json_t *j = cks_rendered_to_json(&r);

		cks_rendered_free(&r);
		return cli_print_json(j);
	}
	if (mode != NULL && strcmp(mode, "--raw") == 0)
		fwrite(r.message, 1, r.message_size, stdout);
	else if (mode != NULL && strcmp(mode, "--html") == 0)
		fputs(r.html, stdout);
	else
		printf("Subject: %s\n\n%s", r.subject, r.text);
	cks_rendered_free(&r);
	return CLI_OK;
}

static int
basket_send(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "unconfirmed", no_argument, NULL, 'u' },
		{ "force", no_argument, NULL, 'f' },
		{ "reason", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	const char *reason = NULL;
	struct cks_outbound out;
	int64_t session_id, queue_id;
	int unconfirmed = 0, force = 0, existing, opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 'u': unconfirmed = 1; break;
		case 'f': force = 1; break;
		case 'r': reason = optarg; break;
		default: return CLI_USAGE;
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("basket send", "expected one SESSION");
	if ((unconfirmed || force) != (reason != NULL))
		return cli_usage_error("basket send",
		    "--unconfirmed or --force, and --reason TEXT, go together");
	if (cli_parse_id("basket send", "SESSION", argv[optind], &session_id) < 0)
		return CLI_USAGE;
	if (outbound(cli, &out) < 0)
		return CLI_FAILED;
	if (force)
		out.bounce_force_reason = reason;
	if (cks_compose_basket_send(&out, session_id, unconfirmed ? reason : NULL,
				    &queue_id, &existing, &cli->err) < 0)
		return cli_fail(cli);
	if (cli->json)
		return cli_print_json(json_pack("{sI sI sb}", "id", (json_int_t)queue_id,
		    "session", (json_int_t)session_id, "already_queued", existing));
	printf("%s %lld\n", existing ? "already queued as message"
	    : "queued as message", (long long)queue_id);
	return CLI_OK;
}

int
cmd_basket(struct cli *cli, int argc, char **argv)
{
	int64_t session_id, item_id;

	if (argc < 2)
		return cli_usage_error("basket",
		    "expected add, list, remove, preview, confirm or send");
	if (strcmp(argv[1], "add") == 0)
		return basket_add(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "send") == 0)
		return basket_send(cli, argc - 1, argv + 1);
	if (argc < 3)
		return cli_usage_error("basket", "expected a SESSION");
	if (cli_parse_id("basket", "SESSION", argv[2], &session_id) < 0)
		return CLI_USAGE;
	if (strcmp(argv[1], "list") == 0 && argc == 3)
		return cli_store(cli) < 0 ? CLI_FAILED : show_basket(cli, session_id, 0);
	if (strcmp(argv[1], "remove") == 0 && argc == 4) {
		if (cli_parse_id("basket remove", "ITEM", argv[3], &item_id) < 0)
			return CLI_USAGE;
		if (cli_store(cli) < 0)
			return CLI_FAILED;
		if (cks_basket_remove(cli->store, session_id, item_id, &cli->err) < 0)
			return cli_fail(cli);
		return show_basket(cli, session_id, 0);
	}
	if (strcmp(argv[1], "preview") == 0 && argc <= 4) {
		if (argc == 4 && strcmp(argv[3], "--html") != 0 &&
		    strcmp(argv[3], "--raw") != 0)
			return cli_usage_error("basket preview",
			    "expected --html or --raw, not '%s'", argv[3]);
		return basket_preview(cli, session_id, argc == 4 ? argv[3] : NULL);
	}
	if (strcmp(argv[1], "confirm") == 0 && (argc == 3 || argc == 5)) {
		int64_t at = 0;

		if (argc == 5 && (strcmp(argv[3], "--at") != 0 ||
		    cli_parse_time(argv[4], &at) < 0))
			return cli_usage_error("basket confirm", "expected [--at TIME]");
		if (cli_store(cli) < 0)
			return CLI_FAILED;
		if (cks_basket_confirm(cli->store, session_id, at, &cli->err) < 0)
			return cli_fail(cli);
		return show_basket(cli, session_id, 0);
	}
	return cli_usage_error("basket", "unknown subcommand or arguments for '%s'",
	    argv[1]);
}

/* survey remind [--dry-run]: the due reminders, once (for cron users;
 * the daemon runs the same on its own). */
static int
survey_remind(struct cli *cli, int argc, char **argv)
{
	struct cks_reminder_result result;
	struct cks_outbound out;
	int dry_run = argc == 3 && strcmp(argv[2], "--dry-run") == 0;

	if (argc > 3 || (argc == 3 && !dry_run))
		return cli_usage_error("survey remind", "expected [--dry-run]");
	if (outbound(cli, &out) < 0)
		return CLI_FAILED;
	if (cks_reminder_run(&out, 0, dry_run, &result, &cli->err) < 0)
		return cli_fail(cli);
	if (cli->json)
		return cli_print_json(json_pack("{sb sI sI sI sb}",
		    "enabled", cli->config->survey_reminder_after_ms > 0,
		    "due", (json_int_t)result.due, "sent", (json_int_t)result.sent,
		    "skipped", (json_int_t)result.skipped, "dry_run", dry_run));
	if (cli->config->survey_reminder_after_ms <= 0)
		printf("survey.reminder_after is off: no reminders\n");
	else if (dry_run)
		printf("%zu reminder%s due (dry run: none sent)\n", result.due,
		    result.due == 1 ? "" : "s");
	else
		printf("%zu reminder%s due: %zu queued, %zu skipped\n", result.due,
		    result.due == 1 ? "" : "s", result.sent, result.skipped);
	return CLI_OK;
}

/* Each refused session of a bulk send: a line, or a JSON object. */
static void
bulk_skipped(int64_t session_id, const struct cks_error *why, void *arg)
{
	json_t *list = arg;

	if (list != NULL)
		json_array_append_new(list, json_pack("{sI ss}", "session",
		    (json_int_t)session_id, "reason", why->message));
	else
		printf("session %lld skipped: %s\n", (long long)session_id,
		    why->message);
}

/* A time of the period, the option named in the error. */
static int
period_time(const char *text, const char *what, int64_t *ms_out)
{
	struct cks_error err;

	if (cks_time_parse(text, what, ms_out, &err) == 0)
		return 0;
	cli_usage_error("survey send", "%s", err.message);
	return -1;
}

/* The period of --closed-on DAY: that day of the desk's calendar. */
static int
one_day(const char *day, int64_t *from_ms, int64_t *to_ms)
{
	struct tm tm;

	if (strlen(day) != 10) {
		cli_usage_error("survey send", "--closed-on takes a date "
		    "(YYYY-MM-DD), not '%s'", day);
		return -1;
	}
	if (period_time(day, "--closed-on", from_ms) < 0)
		return -1;
	cks_time_local(*from_ms, &tm);
	tm.tm_mday++;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	*to_ms = cks_time_from_local(&tm);
	return 0;
}

/* survey send --closed-on DAY | --closed-from TIME --closed-to TIME
 * [--dry-run]: the invitations of every session closed in the period
 * that has none yet (survey_bulk.h). */
static int
survey_send_period(struct cli *cli, const char *on, const char *from,
		   const char *to, int dry_run)
{
	struct cks_survey_bulk_result result;
	struct cks_outbound out;
	int64_t from_ms, to_ms;
	json_t *skipped = NULL;
	char a[64], b[64];
	int rc;

	if (on != NULL && (from != NULL || to != NULL))
		return cli_usage_error("survey send", "--closed-on or "
		    "--closed-from and --closed-to, not both");
	if (on == NULL && (from == NULL || to == NULL))
		return cli_usage_error("survey send", "--closed-from and "
		    "--closed-to go together");
	if (on != NULL ? one_day(on, &from_ms, &to_ms) < 0
	    : period_time(from, "--closed-from", &from_ms) < 0 ||
	      period_time(to, "--closed-to", &to_ms) < 0)
		return CLI_USAGE;
	if (from_ms >= to_ms)
		return cli_usage_error("survey send", "--closed-to must come "
		    "after --closed-from");
	if (outbound(cli, &out) < 0)
		return CLI_FAILED;
	if (cli->json && (skipped = json_array()) == NULL)
		return cli_print_json(NULL);
	rc = cks_survey_invite_closed(&out, from_ms, to_ms, dry_run,
	    bulk_skipped, skipped, &result, &cli->err);
	cks_time_format_iso(from_ms, a, sizeof(a));
	cks_time_format_iso(to_ms, b, sizeof(b));
	if (cli->json && rc == 0)
		return cli_print_json(json_pack("{ss ss sI sI sI so sb}",
		    "closed_from", a, "closed_to", b,
		    "found", (json_int_t)result.found,
		    "queued", (json_int_t)result.queued,
		    "skipped", (json_int_t)result.skipped,
		    "skipped_sessions", skipped, "dry_run", dry_run));
	json_decref(skipped);
	if (rc < 0) {
		if (result.queued > 0)
			fprintf(stderr, "cksctl: %zu invitation%s queued before "
			    "the fault stay queued; run it again for the rest\n",
			    result.queued, result.queued == 1 ? "" : "s");
		return cli_fail(cli);
	}
	if (dry_run)
		printf("%zu session%s closed from %s to %s without an "
		    "invitation (dry run: none queued)\n", result.found,
		    result.found == 1 ? "" : "s", a, b);
	else
		printf("%zu session%s closed from %s to %s without an "
		    "invitation: %zu queued, %zu skipped\n", result.found,
		    result.found == 1 ? "" : "s", a, b, result.queued,
		    result.skipped);
	return CLI_OK;
}

int
cmd_survey(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "reason", required_argument, NULL, 'r' },
		{ "closed-on", required_argument, NULL, 'o' },
		{ "closed-from", required_argument, NULL, 'F' },
		{ "closed-to", required_argument, NULL, 'T' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct cks_outbound out;
	const char *reason = NULL, *on = NULL, *from = NULL, *to = NULL;
	int dry_run = 0;
	int64_t session_id, queue_id;
	char token[32];
	int existing, force = 0, opt;

	if (argc >= 2 && strcmp(argv[1], "remind") == 0)
		return survey_remind(cli, argc, argv);
	if (argc < 2 || strcmp(argv[1], "send") != 0)
		return cli_usage_error("survey",
		    "expected 'survey send SESSION [--force --reason TEXT]', "
		    "'survey send --closed-on DATE | --closed-from TIME "
		    "--closed-to TIME [--dry-run]' or 'survey remind [--dry-run]'");
	argc--;
	argv++;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 'f': force = 1; break;
		case 'r': reason = optarg; break;
		case 'o': on = optarg; break;
		case 'F': from = optarg; break;
		case 'T': to = optarg; break;
		case 'n': dry_run = 1; break;
		default: return CLI_USAGE;
		}
	}
	if (on != NULL || from != NULL || to != NULL) {
		/* A forced send is one session's decision, not a period's. */
		if (argc != optind || force || reason != NULL)
			return cli_usage_error("survey send", "a period takes no "
			    "SESSION and no --force/--reason");
		return survey_send_period(cli, on, from, to, dry_run);
	}
	if (dry_run)
		return cli_usage_error("survey send", "--dry-run goes with a "
		    "period (--closed-on or --closed-from/--closed-to)");
	if (argc - optind != 1)
		return cli_usage_error("survey send", "expected one SESSION");
	if (force != (reason != NULL))
		return cli_usage_error("survey send",
		    "--force and --reason TEXT go together");
	if (cli_parse_id("survey send", "SESSION", argv[optind], &session_id) < 0)
		return CLI_USAGE;
	if (outbound(cli, &out) < 0)
		return CLI_FAILED;
	out.bounce_force_reason = reason;
	if (cks_compose_survey_send(&out, session_id, &queue_id, token,
				    sizeof(token), &existing, &cli->err) < 0)
		return cli_fail(cli);
	if (cli->json)
		return cli_print_json(json_pack("{sI sI ss sb}", "id",
		    (json_int_t)queue_id, "session", (json_int_t)session_id,
		    "token", token, "already_queued", existing));
	printf("%s %lld, token %s\n", existing ? "already queued as message"
	    : "queued as message", (long long)queue_id, token);
	return CLI_OK;
}

/* Adds text's lines to all, each as one line. */
static void
add_lines(struct cks_buffer *all, const char *text)
{
	if (text == NULL || text[0] == '\0')
		return;
	cks_buffer_add_string(all, text);
	cks_buffer_add(all, "\n", 1);
}

int
cmd_templates(struct cli *cli, int argc, char **argv)
{
	struct cks_outbound out;
	struct cks_templates *templates = NULL;
	struct cks_error one;
	struct cks_buffer all = { 0 };
	char *load_problems = NULL, *report;
	size_t count, problems = 0;

	if (argc != 2 || strcmp(argv[1], "check") != 0)
		return cli_usage_error("templates", "expected 'templates check'");
	if (cli_config(cli) < 0)
		return CLI_FAILED;
	/* Every file is loaded, even after one fails to, and every check
	 * runs, so that one report lists every problem of every file: its
	 * syntax and partials, then the variables of the messages, the
	 * summary page and the rating pages. */
	if (cks_templates_load_all(cli->config->template_dir, &templates,
	    &load_problems, &cli->err) < 0)
		return cli_fail(cli);
	add_lines(&all, load_problems);
	free(load_problems);
	memset(&out, 0, sizeof(out));
	out.config = cli->config;
	out.templates = templates;
	if (cks_compose_check_templates(&out, &one) < 0)
		add_lines(&all, one.message);
	if (cks_summary_check_templates(templates, &one) < 0)
		add_lines(&all, one.message);
	if (cks_rating_page_check_templates(templates, &one) < 0)
		add_lines(&all, one.message);
	cks_templates_names(templates, &count);
	cks_templates_free(&templates);
	cks_buffer_add(&all, "", 0);
	if ((report = cks_buffer_finish(&all)) == NULL) {
		cks_error_set(&cli->err, CKS_ERROR_INTERNAL, "out of memory");
		return cli_fail(cli);
	}
	for (const char *c = report; *c != '\0'; c++)
		problems += *c == '\n';
	if (problems > 0)
		fprintf(stderr, "cksctl: templates in %s have %zu problem%s:\n%s",
		    cli->config->template_dir, problems, problems == 1 ? "" : "s",
		    report);
	free(report);
	if (problems > 0)
		return CLI_FAILED;
	if (cli->json)
		return cli_print_json(json_pack("{ss si sb}", "directory",
		    cli->config->template_dir, "templates", (int)count, "ok", 1));
	printf("%zu templates in %s: ok\n", count, cli->config->template_dir);
	return CLI_OK;
}
