/* cksctl queue list|show|retry|cancel|run */
#include "autoconfig.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "bounce.h"
#include "cli.h"
#include "clock.h"
#include "delivery.h"
#include "queue.h"
#include "queue_bulk.h"
#include "relay_status.h"

static int
queue_list(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "state", required_argument, NULL, 's' },
		{ "limit", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct cks_queue_entry **list;
	struct cks_relay_status relay;
	struct cli_table *table;
	const char *state = NULL;
	int relay_found = 0;
	int64_t limit = 100;
	size_t count;
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (opt == 's')
			state = optarg;
		else if (opt != 'n' || cli_parse_id("queue list", "--limit", optarg,
						    &limit) < 0)
			return CLI_USAGE;
	}
	if (state != NULL && !cks_queue_state_known(state))
		return cli_usage_error("queue list", "unknown state '%s' (queued, "
		    "sending, sent, deferred, failed, cancelled)", state);
	if (optind != argc)
		return cli_usage_error("queue list", "unexpected argument '%s'",
		    argv[optind]);
	if (cli_store(cli) < 0)
		return CLI_FAILED;
	if (cks_queue_list(cli->store, state, (size_t)limit, &list, &count,
			   &cli->err) < 0)
		return cli_fail(cli);
	/* A relay the last run could not use holds the whole queue: said
	 * first, with the key that fixes it when the fault is ours. */
	if (cks_relay_status_first_fault(cli->store, &relay, &relay_found,
					 &cli->err) < 0) {
		cks_queue_list_free(&list, count);
		return cli_fail(cli);
	}
	if (cli->json) {
		json_t *array = json_array();
		json_t *fault = json_null();

		for (size_t i = 0; i < count; i++)
			json_array_append_new(array, cks_queue_entry_to_json(list[i]));
		cks_queue_list_free(&list, count);
		if (relay_found)
			fault = json_pack("{ss sI ss* ss}", "relay", relay.relay,
			    "checked_ms", (json_int_t)relay.checked_ms, "setting",
			    relay.setting[0] != '\0' ? relay.setting : NULL,
			    "reason", relay.reason);
		return cli_print_json(json_pack("{so so}", "messages", array,
		    "relay_fault", fault));
	}
	if (relay_found) {
		char at[40];

		cks_time_format_iso(relay.checked_ms, at, sizeof(at));
		printf("relay %s not usable at %s: %s\n", relay.relay, at, relay.reason);
		if (relay.setting[0] != '\0')
			printf("  the queue waits: change %s, then cksctl queue run\n",
			    relay.setting);
	}
	table = cli_table_new(9, "ID", "KIND", "MEDIUM", "SESSION", "TO", "STATE",
	    "DLR", "TRIES", "LAST REPLY");
	for (size_t i = 0; i < count; i++) {
		const struct cks_queue_entry *e = list[i];
		char id[24], session[24], tries[16];

		snprintf(id, sizeof(id), "%lld", (long long)e->id);
		snprintf(session, sizeof(session), "%lld", (long long)e->session_id);
		snprintf(tries, sizeof(tries), "%d", e->attempts);
		cli_table_add(table, id, e->kind, e->medium, session, e->recipient,
		    e->state, e->dlr_status ? e->dlr_status : "-", tries,
		    e->last_reply);
	}
	cli_table_print(table);
	cli_table_free(&table);
	cks_queue_list_free(&list, count);
	return CLI_OK;
}

static int
queue_show(struct cli *cli, int64_t id, int raw)
{
	struct cks_queue_entry *e;
	int rc = CLI_OK;

	if (cks_queue_get(cli->store, id, raw, &e, &cli->err) < 0)
		return cli_fail(cli);
	if (raw) {
		fwrite(e->body, 1, e->size, stdout);
	} else if (cli->json) {
		rc = cli_print_json(cks_queue_entry_to_json(e));
	} else {
		char created[40];

		cks_time_format_iso(e->created_ms, created, sizeof(created));
		printf("message %lld  %s  %s  %s\n", (long long)e->id, e->kind,
		    e->medium, e->state);
		printf("  to        %s\n  subject   %s\n  id        <%s>\n",
		    e->recipient, e->subject, e->message_id);
		printf("  created   %s\n  size      %zu bytes\n  attempts  %d\n",
		    created, e->size, e->attempts);
		if (e->sms_parts > 0)
			printf("  parts     %d\n", e->sms_parts);
		if (e->dlr_status != NULL) {
			char when[40];

			cks_time_format_iso(e->dlr_ms, when, sizeof(when));
			printf("  delivery  %s at %s\n", e->dlr_status, when);
		}
		if (e->unconfirmed_reason)
			printf("  sent unconfirmed: %s\n", e->unconfirmed_reason);
		if (strcmp(e->state, "sending") == 0 && e->claimed_by)
			printf("  claimed by %s\n", e->claimed_by);
		if (e->sent_by)
			printf("  %s by %s\n", strcmp(e->state, "sent") == 0 ? "sent"
			    : "last tried", e->sent_by);
		if (e->bounce)
			printf("  bounced   %s\n", e->bounce);
		if (e->bounce_override)
			printf("  sent despite a hard bounce: %s\n", e->bounce_override);
		if (e->address_bounce) {
			char when[40];

			cks_time_format_iso(e->address_bounce->at_ms, when, sizeof(when));
			printf("  address   %s: %s bounce %s, status %s%s%s\n",
			    e->address_bounce->email, e->address_bounce->kind, when,
			    e->address_bounce->status[0] ? e->address_bounce->status : "-",
			    e->address_bounce->diagnostic[0] ? ": " : "",
			    e->address_bounce->diagnostic);
		}
		for (size_t i = 0; i < e->history_count; i++) {
			char at[40];

			cks_time_format_iso(e->history[i].at_ms, at, sizeof(at));
			printf("  %s  %-8s %s  %s\n", at, e->history[i].result,
			    e->history[i].relay, e->history[i].reply ? e->history[i].reply : "");
		}
	}
	cks_queue_entry_free(&e);
	return rc;
}

static int
queue_run(struct cli *cli)
{
	struct cks_delivery_stats stats;

	if (cli_config(cli) < 0)
		return CLI_FAILED;
	if (cks_delivery_run(cli->config, NULL, &stats, &cli->err) < 0)
		return cli_fail(cli);
	if (cli->json)
		return cli_print_json(json_pack("{si si si si si sb sb}",
		    "sent", (int)stats.sent, "deferred", (int)stats.deferred,
		    "failed", (int)stats.failed, "recovered", (int)stats.recovered,
		    "taken_over", (int)stats.taken_over,
		    "held_by_rate_limit", stats.held != 0,
		    "held_by_sms_rate_limit", stats.sms_held != 0));
	printf("sent %ld, deferred %ld, failed %ld", stats.sent, stats.deferred,
	    stats.failed);
	if (stats.recovered)
		printf(", %ld recovered from an interrupted run", stats.recovered);
	if (stats.taken_over)
		printf(", %ld taken over after their lease (queue.lease) "
		    "expired", stats.taken_over);
	if (stats.held)
		printf("; more are due but held back by smtp.rate_per_minute");
	if (stats.sms_held)
		printf("; more SMS are due but held back by sms.rate_per_minute");
	printf("\n");
	return CLI_OK;
}

/* queue retry|cancel with selectors instead of an ID (issue 12 point 6):
 * every selected message changes in one transaction, and the count is
 * printed.  No selector is a usage error, never "all". */
static int
queue_bulk(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "all-deferred", no_argument, NULL, 'd' },
		{ "failed-since", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	struct cks_queue_selection selection = { 0 };
	const int retry = strcmp(argv[0], "retry") == 0;
	const char *command = retry ? "queue retry" : "queue cancel";
	struct cks_error err;
	size_t count = 0;
	int opt, rc;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (opt == 'd') {
			selection.deferred = 1;
		} else if (opt == 'f' && retry) {
			if (cks_time_parse(optarg, "--failed-since",
					   &selection.failed_since_ms, &err) < 0)
				return cli_usage_error(command, "%s", err.message);
		} else if (opt == 'f') {
			return cli_usage_error(command, "--failed-since does not "
			    "apply: a failed message is not going out, so there "
			    "is nothing to cancel");
		} else if (opt == 't') {
			if (cks_queue_domain_check(optarg, "--to", &err) < 0)
				return cli_usage_error(command, "%s", err.message);
			selection.domain = optarg;
		} else {
			return CLI_USAGE;      /* getopt has said why */
		}
	}
	if (optind != argc)
		return cli_usage_error(command, "an ID or selectors, not both: "
		    "unexpected argument '%s'", argv[optind]);
	if (!selection.deferred && selection.failed_since_ms == 0 &&
	    selection.domain == NULL)
		return cli_usage_error(command, "no messages selected: give %s",
		    retry ? "--all-deferred, --failed-since TIME or --to DOMAIN"
		    : "--all-deferred or --to DOMAIN");
	if (cli_store(cli) < 0)
		return CLI_FAILED;
	rc = retry ? cks_queue_retry_selected(cli->store, &selection, &count,
						&cli->err)
	    : cks_queue_cancel_selected(cli->store, &selection, &count,
					&cli->err);
	if (rc < 0)
		return cli_fail(cli);
	if (cli->json)
		return cli_print_json(json_pack("{sI}",
		    retry ? "retried" : "cancelled", (json_int_t)count));
	printf("%s %zu message%s\n", retry ? "retried" : "cancelled", count,
	    count == 1 ? "" : "s");
	return CLI_OK;
}

int
cmd_queue(struct cli *cli, int argc, char **argv)
{
	int64_t id;

	if (argc < 2)
		return cli_usage_error("queue", "expected list, show, retry, cancel or run");
	if (strcmp(argv[1], "list") == 0)
		return queue_list(cli, argc - 1, argv + 1);
	if ((strcmp(argv[1], "retry") == 0 || strcmp(argv[1], "cancel") == 0) &&
	    argc >= 3 && strncmp(argv[2], "--", 2) == 0)
		return queue_bulk(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "run") == 0) {
		if (argc != 2)
			return cli_usage_error("queue run", "takes no arguments");
		return queue_run(cli);
	}
	if (argc < 3 || cli_parse_id("queue", "ID", argv[2], &id) < 0)
		return argc < 3 ? cli_usage_error("queue", "expected an ID") : CLI_USAGE;
	if (cli_store(cli) < 0)
		return CLI_FAILED;
	if (strcmp(argv[1], "show") == 0 && argc <= 4) {
		if (argc == 4 && strcmp(argv[3], "--raw") != 0)
			return cli_usage_error("queue show", "expected --raw, not '%s'",
			    argv[3]);
		return queue_show(cli, id, argc == 4);
	}
	if (strcmp(argv[1], "retry") == 0 && argc == 3) {
		if (cks_queue_retry(cli->store, id, &cli->err) < 0)
			return cli_fail(cli);
		return queue_show(cli, id, 0);
	}
	if (strcmp(argv[1], "cancel") == 0 && argc == 3) {
		if (cks_queue_cancel(cli->store, id, &cli->err) < 0)
			return cli_fail(cli);
		return queue_show(cli, id, 0);
	}
	return cli_usage_error("queue", "unknown subcommand or arguments for '%s'",
	    argv[1]);
}
