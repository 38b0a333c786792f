/* cksctl session open|step|close|show|list */
#include "autoconfig.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "clock.h"
#include "rating.h"
#include "session.h"
#include "timing.h"

static void
print_steps(const struct cks_session *s, const struct cks_channel_plugin *p)
{
	struct cli_table *table = cli_table_new(6, "#", "STEP", "ACTOR",
	    "STANDARD", "MEASURED", "TIMING");

	for (size_t i = 0; i < p->step_count; i++) {
		const struct cks_step *step = &p->steps[i];
		const struct cks_session_step *have = cks_session_find_step(s, i);
		int64_t started = have ? have->started_ms : 0;
		int64_t done = have ? have->done_ms : 0;
		char number[24], standard[48], measured[48];

		snprintf(number, sizeof(number), "%zu", i + 1);
		cks_timing_format_standard(step, standard, sizeof(standard));
		if (started && done)
			cks_duration_format((done - started) / 1000, measured,
			    sizeof(measured));
		else
			snprintf(measured, sizeof(measured), "-");
		cli_table_add(table, number, step->id,
		    step->actor == CKS_ACTOR_CLIENT ? "client" : "agent",
		    standard, measured,
		    cks_timing_name(cks_timing_classify(step, started, done)));
	}
	cli_table_print(table);
	cli_table_free(&table);
}

static void
print_session(const struct cks_session *s, const struct cks_channel_plugin *p)
{
	char opened[40], closed[40] = "-";

	cks_time_format_iso(s->opened_ms, opened, sizeof(opened));
	if (s->closed_ms)
		cks_time_format_iso(s->closed_ms, closed, sizeof(closed));
	printf("session %lld  %s%s%s%s  %s\n", (long long)s->id, s->channel,
	    p ? " (" : "", p ? p->name.en : "", p ? ")" : "",
	    s->closed_ms ? "closed" : "open");
	printf("  client   %lld %s\n", (long long)s->client_id, s->client_name);
	printf("  agent    %s\n", s->agent);
	printf("  opened   %s\n  closed   %s\n", opened, closed);
	printf("  level    %s\n", s->level ? s->level : "-");
	printf("  summary  %s\n\n", s->summary ? s->summary : "-");
	if (p != NULL)
		print_steps(s, p);
	else
		printf("(channel plugin '%s' is not loaded: steps not shown)\n",
		    s->channel);
}

static int
show(struct cli *cli, int64_t id)
{
	const struct cks_channel_plugin *plugin;
	struct cks_session *s;
	int rc = CLI_OK;

	if (cks_session_get(cli->store, id, &s, &cli->err) < 0)
		return cli_fail(cli);
	plugin = cks_channels_find(cli->channels, s->channel);
	if (cli->json) {
		json_t *json = cks_session_to_json(s, plugin);

		if (json != NULL &&
		    cks_rating_attach_json(cli->store, id, json, &cli->err) < 0) {
			json_decref(json);
			cks_session_free(&s);
			return cli_fail(cli);
		}
		rc = cli_print_json(json);
	} else {
		struct cks_rating *r = NULL;

		print_session(s, plugin);
		if (cks_rating_get(cli->store, id, &r, &cli->err) == 0) {
			printf("\nrating: %d %s / %s%s, by %s%s%s\n", r->code,
			    r->label_th, r->label_en,
			    r->satisfied ? " (satisfied)" : "", r->medium,
			    r->comment ? ": " : "", r->comment ? r->comment : "");
			cks_rating_free(&r);
		}
	}
	cks_session_free(&s);
	return rc;
}

/* Every session command needs both the store and the channels. */
static int
prepare(struct cli *cli)
{
	return cli_store(cli) < 0 || cli_channels(cli) < 0 ? -1 : 0;
}

static int
session_open(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "channel", required_argument, NULL, 'c' },
		{ "client", required_argument, NULL, 'l' },
		{ "agent", required_argument, NULL, 'a' },
		{ "at", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const char *channel = NULL, *client = NULL, *agent = getenv("CKSGATE_AGENT");
	int64_t client_id, at = 0, id;
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 'c': channel = optarg; break;
		case 'l': client = optarg; break;
		case 'a': agent = optarg; break;
		case 't': if (cli_parse_time(optarg, &at) < 0) return CLI_USAGE; break;
		default: return CLI_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage_error("session open", "unexpected argument '%s'",
		    argv[optind]);
	if (channel == NULL || client == NULL || agent == NULL)
		return cli_usage_error("session open",
		    "--channel, --client and --agent are required");
	if (cli_parse_id("session open", "--client", client, &client_id) < 0)
		return CLI_USAGE;
	if (prepare(cli) < 0)
		return CLI_FAILED;
	if (cks_session_open(cli->store, cli->channels, channel, client_id, agent,
			     at, &id, &cli->err) < 0)
		return cli_fail(cli);
	return show(cli, id);
}

static int
session_step(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "at", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	enum cks_step_event event;
	int64_t id, at = 0;
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (opt != 't')
			return CLI_USAGE;
		if (cli_parse_time(optarg, &at) < 0)
			return CLI_USAGE;
	}
	if (argc - optind != 3)
		return cli_usage_error("session step",
		    "expected SESSION STEP start|done");
	if (cli_parse_id("session step", "SESSION", argv[optind], &id) < 0)
		return CLI_USAGE;
	if (strcmp(argv[optind + 2], "start") == 0)
		event = CKS_STEP_START;
	else if (strcmp(argv[optind + 2], "done") == 0)
		event = CKS_STEP_DONE;
	else
		return cli_usage_error("session step",
		    "the event must be 'start' or 'done', not '%s'", argv[optind + 2]);
	if (prepare(cli) < 0)
		return CLI_FAILED;
	if (cks_session_record_step(cli->store, cli->channels, id,
				    argv[optind + 1], event, at, &cli->err) < 0)
		return cli_fail(cli);
	return show(cli, id);
}

static int
session_close(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "summary", required_argument, NULL, 's' },
		{ "level", required_argument, NULL, 'l' },
		{ "at", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const char *summary = NULL, *level = NULL;
	int64_t id, at = 0;
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 's': summary = optarg; break;
		case 'l': level = optarg; break;
		case 't': if (cli_parse_time(optarg, &at) < 0) return CLI_USAGE; break;
		default: return CLI_USAGE;
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("session close", "expected one SESSION");
	if (summary == NULL)
		return cli_usage_error("session close", "--summary is required");
	if (cli_parse_id("session close", "SESSION", argv[optind], &id) < 0)
		return CLI_USAGE;
	if (prepare(cli) < 0)
		return CLI_FAILED;
	if (cks_session_close(cli->store, id, summary, level, at, &cli->err) < 0)
		return cli_fail(cli);
	return show(cli, id);
}

static int
session_list(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "channel", required_argument, NULL, 'c' },
		{ "client", required_argument, NULL, 'l' },
		{ "open", no_argument, NULL, 'o' },
		{ "limit", required_argument, NULL, 'n' },
		{ "agent", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	struct cks_session_filter filter = { NULL, 0, 0, 100, NULL };
	struct cks_session **list;
	struct cli_table *table;
	int64_t number;
	size_t count;
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 'c': filter.channel = optarg; break;
		case 'o': filter.open_only = 1; break;
		case 'a': filter.agent = optarg; break;
		case 'l':
			if (cli_parse_id("session list", "--client", optarg,
					 &filter.client_id) < 0)
				return CLI_USAGE;
			break;
		case 'n':
			if (cli_parse_id("session list", "--limit", optarg, &number) < 0)
				return CLI_USAGE;
			filter.limit = (size_t)number;
			break;
		default: return CLI_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage_error("session list", "unexpected argument '%s'",
		    argv[optind]);
	if (prepare(cli) < 0)
		return CLI_FAILED;
	if (cks_session_list(cli->store, &filter, &list, &count, &cli->err) < 0)
		return cli_fail(cli);
	if (cli->json) {
		json_t *array = json_array();

		for (size_t i = 0; i < count; i++)
			json_array_append_new(array, cks_session_to_json(list[i],
			    cks_channels_find(cli->channels, list[i]->channel)));
		cks_session_list_free(&list, count);
		return cli_print_json(json_pack("{so}", "sessions", array));
	}
	table = cli_table_new(7, "ID", "CHANNEL", "CLIENT", "AGENT", "OPENED",
	    "STATE", "STEPS DONE");
	for (size_t i = 0; i < count; i++) {
		const struct cks_session *s = list[i];
		char id[24], opened[40], done[24];
		size_t finished = 0;

		for (size_t j = 0; j < s->step_count; j++)
			finished += s->steps[j].done_ms != 0;
		snprintf(id, sizeof(id), "%lld", (long long)s->id);
		cks_time_format_iso(s->opened_ms, opened, sizeof(opened));
		snprintf(done, sizeof(done), "%zu", finished);
		cli_table_add(table, id, s->channel, s->client_name, s->agent,
		    opened, s->closed_ms ? "closed" : "open", done);
	}
	cli_table_print(table);
	cli_table_free(&table);
	cks_session_list_free(&list, count);
	return CLI_OK;
}

int
cmd_session(struct cli *cli, int argc, char **argv)
{
	int64_t id;

	if (argc < 2)
		return cli_usage_error("session",
		    "expected open, step, close, show or list");
	if (strcmp(argv[1], "open") == 0)
		return session_open(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "step") == 0)
		return session_step(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "close") == 0)
		return session_close(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return session_list(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "show") == 0) {
		if (argc != 3)
			return cli_usage_error("session show", "expected one SESSION");
		if (cli_parse_id("session show", "SESSION", argv[2], &id) < 0)
			return CLI_USAGE;
		return prepare(cli) < 0 ? CLI_FAILED : show(cli, id);
	}
	return cli_usage_error("session", "unknown subcommand '%s'", argv[1]);
}
