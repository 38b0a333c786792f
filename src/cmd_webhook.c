/* cksctl webhook run|list|retry */
#include "autoconfig.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "webhook.h"

static const char *
text_of(json_t *object, const char *key)
{
	const char *s = json_string_value(json_object_get(object, key));

	return s != NULL ? s : "";
}

static int
webhook_run(struct cli *cli)
{
	struct cks_webhook_stats stats;

	if (cli_config(cli) < 0)
		return CLI_FAILED;
	if (cks_webhook_run(cli->config, NULL, &stats, &cli->err) < 0)
		return cli_fail(cli);
	if (cli->json)
		return cli_print_json(json_pack("{sI sI sI sI sI sI sI}",
		    "events", (json_int_t)stats.events,
		    "queued", (json_int_t)stats.queued,
		    "sent", (json_int_t)stats.sent,
		    "deferred", (json_int_t)stats.deferred,
		    "failed", (json_int_t)stats.failed,
		    "recovered", (json_int_t)stats.recovered,
		    "taken_over", (json_int_t)stats.taken_over));
	printf("sent %ld, to retry %ld, failed %ld; %ld new events, %ld new "
	    "deliveries", stats.sent, stats.deferred, stats.failed, stats.events,
	    stats.queued);
	if (stats.recovered)
		printf("; %ld recovered from an interrupted run", stats.recovered);
	if (stats.taken_over)
		printf("; %ld taken over after their lease (queue.lease) "
		    "expired", stats.taken_over);
	printf("\n");
	return CLI_OK;
}

static int
webhook_list(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "state", required_argument, NULL, 's' },
		{ "limit", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_table *table;
	const char *state = NULL;
	int64_t limit = 100;
	json_t *list, *d;
	size_t i;
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (opt == 's')
			state = optarg;
		else if (opt != 'n' || cli_parse_id("webhook list", "--limit",
						    optarg, &limit) < 0)
			return CLI_USAGE;
	}
	if (state != NULL && !cks_webhook_state_known(state))
		return cli_usage_error("webhook list", "unknown state '%s' (queued, "
		    "sending, sent, failed)", state);
	if (optind != argc)
		return cli_usage_error("webhook list", "unexpected argument '%s'",
		    argv[optind]);
	if (cli_store(cli) < 0)
		return CLI_FAILED;
	if (cks_webhook_list(cli->store, state, (size_t)limit, &list,
			     &cli->err) < 0)
		return cli_fail(cli);
	if (cli->json)
		return cli_print_json(json_pack("{so}", "deliveries", list));
	table = cli_table_new(8, "ID", "EVENT", "SESSION", "STATE", "TRIES",
	    "STATUS", "URL", "LAST REPLY");
	json_array_foreach(list, i, d) {
		char id[24], session[24], tries[16], status[16];

		snprintf(id, sizeof(id), "%lld",
		    (long long)json_integer_value(json_object_get(d, "id")));
		snprintf(session, sizeof(session), "%lld",
		    (long long)json_integer_value(json_object_get(d, "session")));
		snprintf(tries, sizeof(tries), "%lld",
		    (long long)json_integer_value(json_object_get(d, "attempts")));
		snprintf(status, sizeof(status), "%lld",
		    (long long)json_integer_value(json_object_get(d, "last_status")));
		cli_table_add(table, id, text_of(d, "event"), session,
		    text_of(d, "state"), tries,
		    strcmp(status, "0") != 0 ? status : "-",
		    text_of(d, "url"), text_of(d, "last_reply"));
	}
	cli_table_print(table);
	cli_table_free(&table);
	json_decref(list);
	return CLI_OK;
}

/* A delivery for people: what it carries, where to, and every attempt. */
static void
print_delivery(json_t *d)
{
	json_t *history = json_object_get(d, "history"), *a;
	size_t i;

	printf("delivery %lld  %s  %s\n",
	    (long long)json_integer_value(json_object_get(d, "id")),
	    text_of(d, "event"), text_of(d, "state"));
	printf("  event     %lld (session %lld)\n  url       %s\n",
	    (long long)json_integer_value(json_object_get(d, "event_id")),
	    (long long)json_integer_value(json_object_get(d, "session")),
	    text_of(d, "url"));
	printf("  created   %s\n  attempts  %lld\n", text_of(d, "created"),
	    (long long)json_integer_value(json_object_get(d, "attempts")));
	if (json_is_string(json_object_get(d, "next_attempt")))
		printf("  next      %s\n", text_of(d, "next_attempt"));
	json_array_foreach(history, i, a)
		printf("  %s  %-8s %3lld  %s\n", text_of(a, "at"),
		    text_of(a, "result"),
		    (long long)json_integer_value(json_object_get(a, "status")),
		    text_of(a, "reply"));
}

int
cmd_webhook(struct cli *cli, int argc, char **argv)
{
	json_t *delivery;
	int64_t id;

	if (argc < 2)
		return cli_usage_error("webhook", "expected run, list or retry");
	if (strcmp(argv[1], "run") == 0) {
		if (argc != 2)
			return cli_usage_error("webhook run", "takes no arguments");
		return webhook_run(cli);
	}
	if (strcmp(argv[1], "list") == 0)
		return webhook_list(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "retry") != 0)
		return cli_usage_error("webhook", "unknown subcommand '%s' (run, "
		    "list, retry)", argv[1]);
	if (argc != 3)
		return cli_usage_error("webhook retry", "expected one ID");
	if (cli_parse_id("webhook retry", "ID", argv[2], &id) < 0)
		return CLI_USAGE;
	if (cli_store(cli) < 0)
		return CLI_FAILED;
	if (cks_webhook_retry(cli->store, id, &cli->err) < 0 ||
	    cks_webhook_get(cli->store, id, &delivery, &cli->err) < 0)
		return cli_fail(cli);
	if (cli->json)
		return cli_print_json(delivery);
	print_delivery(delivery);
	json_decref(delivery);
	return CLI_OK;
}
