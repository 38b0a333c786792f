/* cksctl client add|show|find|edit|history|merge|consent|opt-out|export|erase */
#include "autoconfig.h"

#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bounce.h"
#include "cli.h"
#include "client.h"
#include "clock.h"
#include "consent.h"
#include "privacy.h"

static const char *
levels_spec(const struct cli *cli)
{
	return cli->config ? cli->config->client_levels : NULL;
}

/* Who made a change: --by NAME, else "cli:LOGIN". */
static const char *
actor(const char *by, char *buf, size_t size)
{
	struct passwd *pw;

	if (by != NULL)
		return by;
	pw = getpwuid(geteuid());
	snprintf(buf, size, "cli:%s", pw && pw->pw_name ? pw->pw_name : "unknown");
	return buf;
}

/* The consent and opt-out lines of client show (consent.h). */
static void
print_consent(const json_t *j)
{
	const json_t *c = json_object_get(j, "consent");
	const json_t *o = json_object_get(j, "opt_out");
	const json_t *a = json_object_get(j, "anonymised_at");

	if (json_is_object(c)) {
		const char *note = json_string_value(json_object_get(c, "note"));

		printf("  consent   since %s, given %s%s%s\n",
		    json_string_value(json_object_get(c, "at")),
		    json_string_value(json_object_get(c, "source")),
		    note ? ": " : "", note ? note : "");
	} else {
		printf("  consent   -\n");
	}
	if (json_is_object(o))
		printf("  opt-out   since %s, via %s (no surveys)\n",
		    json_string_value(json_object_get(o, "at")),
		    json_string_value(json_object_get(o, "via")));
	else
		printf("  opt-out   -\n");
	if (json_is_string(a))
		printf("  erased    %s (personal data removed)\n",
		    json_string_value(a));
}

static void
print_client(const struct cks_client *c, const json_t *j)
{
	char created[40];
	const json_t *b = json_object_get(j, "bounce");

	cks_time_format_iso(c->created_ms, created, sizeof(created));
	printf("client %lld\n", (long long)c->id);
	printf("  name      %s\n", c->name);
	printf("  company   %s\n", c->company ? c->company : "-");
	printf("  email     %s\n", c->email ? c->email : "-");
	printf("  phone     %s%s%s%s\n", c->phone ? c->phone : "-",
	    c->phone_e164 ? " (" : "", c->phone_e164 ? c->phone_e164 : "",
	    c->phone_e164 ? ")" : "");
	printf("  language  %s\n", c->lang);
	if (c->level == NULL)
		printf("  level     -\n");
	else if (json_is_true(json_object_get(j, "level_known")))
		printf("  level     %s (%s / %s)\n", c->level,
		    json_string_value(json_object_get(j, "level_en")),
		    json_string_value(json_object_get(j, "level_th")));
	else
		printf("  level     %s (unknown: not in client.levels)\n", c->level);
	if (json_is_object(b)) {
		const char *st = json_string_value(json_object_get(b, "status"));
		const char *dg = json_string_value(json_object_get(b, "diagnostic"));

		printf("  bounce    %s %s, status %s%s%s%s\n",
		    json_string_value(json_object_get(b, "kind")),
		    json_string_value(json_object_get(b, "at")), st ? st : "-",
		    dg ? ": " : "", dg ? dg : "",
		    strcmp(json_string_value(json_object_get(b, "kind")), "hard") == 0
		    ? " (new mail refused)" : "");
	}
	print_consent(j);
	printf("  created   %s\n", created);
}

/* existing_id: another client with the same email or phone (0: none),
 * shown as "existing". */
static int
show_with(struct cli *cli, int64_t id, int64_t existing_id,
	  const char *existing_field)
{
	struct cks_client *client;
	json_t *j;
	int rc;

	if (cks_client_get(cli->store, id, &client, &cli->err) < 0)
		return cli_fail(cli);
	if (cks_client_describe(cli->store, client, levels_spec(cli), &j,
				&cli->err) < 0) {
		cks_client_free(&client);
		return cli_fail(cli);
	}
	if (existing_id)
		json_object_set_new(j, "existing", json_pack("{sI ss}", "id",
		    (json_int_t)existing_id, "field", existing_field));
	if (cli->json) {
		rc = cli_print_json(j);
	} else {
		print_client(client, j);
		json_decref(j);
		rc = CLI_OK;
	}
	cks_client_free(&client);
	return rc;
}

static int
show(struct cli *cli, int64_t id)
{
	return show_with(cli, id, 0, NULL);
}

static int
client_add(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "company", required_argument, NULL, 'o' },
		{ "email", required_argument, NULL, 'e' },
		{ "phone", required_argument, NULL, 'p' },
		{ "lang", required_argument, NULL, 'l' },
		{ "level", required_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	struct cks_client_input in;
	int64_t id, existing = 0;
	const char *field = NULL;
	int opt;

	memset(&in, 0, sizeof(in));
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 'n': in.name = optarg; break;
		case 'o': in.company = optarg; break;
		case 'e': in.email = optarg; break;
		case 'p': in.phone = optarg; break;
		case 'l': in.lang = optarg; break;
		case 'v': in.level = optarg; break;
		default: return CLI_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage_error("client add", "unexpected argument '%s'",
		    argv[optind]);
	if (in.name == NULL)
		return cli_usage_error("client add", "--name is required");
	if (cli_store(cli) < 0)
		return CLI_FAILED;
	in.levels = levels_spec(cli);
	/* A duplicate is added all the same (two people may share a
	 * company's address) but named, so the agent can merge. */
	if (cks_client_find_existing(cli->store, in.email, in.phone, 0, &existing,
				     &field, &cli->err) < 0)
		return cli_fail(cli);
	if (cks_client_add(cli->store, &in, &id, &cli->err) < 0)
		return cli_fail(cli);
	if (existing)
		fprintf(stderr, "cksctl: warning: client %lld has the same %s; "
		    "if it is the same person: cksctl client merge %lld %lld\n",
		    (long long)existing, field, (long long)existing, (long long)id);
	return show_with(cli, id, existing, field);
}

static int
client_edit(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "company", required_argument, NULL, 'o' },
		{ "email", required_argument, NULL, 'e' },
		{ "phone", required_argument, NULL, 'p' },
		{ "lang", required_argument, NULL, 'l' },
		{ "level", required_argument, NULL, 'v' },
		{ "by", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	struct cks_client_input in;
	const char *by = NULL, *field = NULL;
	char who[300];
	int64_t id, existing = 0;
	int opt, changed;

	memset(&in, 0, sizeof(in));
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 'n': in.name = optarg; break;
		case 'o': in.company = optarg; break;
		case 'e': in.email = optarg; break;
		case 'p': in.phone = optarg; break;
		case 'l': in.lang = optarg; break;
		case 'v': in.level = optarg; break;
		case 'b': by = optarg; break;
		default: return CLI_USAGE;
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("client edit", "expected one client ID");
	if (cli_parse_id("client edit", "client ID", argv[optind], &id) < 0)
		return CLI_USAGE;
	if (!in.name && !in.company && !in.email && !in.phone && !in.lang &&
	    !in.level)
		return cli_usage_error("client edit", "nothing to change: give "
		    "--name, --company, --email, --phone, --lang or --level");
	if (cli_store(cli) < 0)
		return CLI_FAILED;
	in.levels = levels_spec(cli);
	if (cks_client_edit(cli->store, id, &in, actor(by, who, sizeof(who)),
			    &changed, &cli->err) < 0)
		return cli_fail(cli);
	if ((in.email && in.email[0]) || (in.phone && in.phone[0])) {
		if (cks_client_find_existing(cli->store, in.email, in.phone, id,
					     &existing, &field, &cli->err) < 0)
			return cli_fail(cli);
		if (existing)
			fprintf(stderr, "cksctl: warning: client %lld has the same "
			    "%s; if it is the same person: cksctl client merge "
			    "%lld %lld\n", (long long)existing, field,
			    (long long)id, (long long)existing);
	}
	if (!cli->json && changed == 0)
		fprintf(stderr, "cksctl: client %lld: nothing changed\n",
		    (long long)id);
	return show_with(cli, id, existing, field);
}

static int
client_history(struct cli *cli, int64_t id)
{
	struct cks_client_change *list;
	struct cli_table *table;
	size_t count;

	if (cks_client_history(cli->store, id, &list, &count, &cli->err) < 0)
		return cli_fail(cli);
	if (cli->json) {
		json_t *array = json_array();

		for (size_t i = 0; i < count; i++)
			json_array_append_new(array, cks_client_change_to_json(&list[i]));
		cks_client_history_free(&list, count);
		return cli_print_json(json_pack("{sI so}", "client", (json_int_t)id,
		    "history", array));
	}
	table = cli_table_new(5, "WHEN", "BY", "FIELD", "OLD", "NEW");
	for (size_t i = 0; i < count; i++) {
		char when[40];

		cks_time_format_iso(list[i].at_ms, when, sizeof(when));
		cli_table_add(table, when, list[i].actor, list[i].field,
		    list[i].old_value ? list[i].old_value : "-",
		    list[i].new_value ? list[i].new_value : "-");
	}
	cli_table_print(table);
	cli_table_free(&table);
	cks_client_history_free(&list, count);
	return CLI_OK;
}

static int
client_merge(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "by", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	const char *by = NULL;
	char who[300];
	int64_t keep, drop;
	int opt, moved;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 'b': by = optarg; break;
		default: return CLI_USAGE;
		}
	}
	if (argc - optind != 2)
		return cli_usage_error("client merge", "expected KEEP and DROP ids");
	if (cli_parse_id("client merge", "KEEP", argv[optind], &keep) < 0 ||
	    cli_parse_id("client merge", "DROP", argv[optind + 1], &drop) < 0)
		return CLI_USAGE;
	if (cli_store(cli) < 0)
		return CLI_FAILED;
	if (cks_client_merge(cli->store, keep, drop, actor(by, who, sizeof(who)),
			     &moved, &cli->err) < 0)
		return cli_fail(cli);
	if (!cli->json)
		printf("client %lld merged into %lld: %d session%s moved\n",
		    (long long)drop, (long long)keep, moved, moved == 1 ? "" : "s");
	return show(cli, keep);
}

static int
client_find(struct cli *cli, const char *text)
{
	struct cks_client **list;
	struct cli_table *table;
	size_t count;

	if (cks_client_find(cli->store, text, 100, &list, &count, &cli->err) < 0)
		return cli_fail(cli);
	if (cli->json) {
		json_t *array = json_array();

		for (size_t i = 0; i < count; i++) {
			json_t *j;

			if (cks_client_describe(cli->store, list[i], levels_spec(cli),
			    &j, &cli->err) < 0) {
				json_decref(array);
				cks_client_list_free(&list, count);
				return cli_fail(cli);
			}
			json_array_append_new(array, j);
		}
		cks_client_list_free(&list, count);
		return cli_print_json(json_pack("{so}", "clients", array));
	}
	table = cli_table_new(6, "ID", "NAME", "COMPANY", "EMAIL", "PHONE", "LANG");
	for (size_t i = 0; i < count; i++) {
		char id[24];

		snprintf(id, sizeof(id), "%lld", (long long)list[i]->id);
		cli_table_add(table, id, list[i]->name, list[i]->company,
		    list[i]->email, list[i]->phone, list[i]->lang);
	}
	cli_table_print(table);
	cli_table_free(&table);
	cks_client_list_free(&list, count);
	return CLI_OK;
}

/* client consent ID --source S [--note TEXT] [--at TIME] */
static int
client_consent(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "source", required_argument, NULL, 's' },
		{ "note", required_argument, NULL, 'n' },
		{ "at", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	const char *source = NULL, *note = NULL;
	int64_t id, at = 0;
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 's': source = optarg; break;
		case 'n': note = optarg; break;
		case 'a':
			if (cli_parse_time(optarg, &at) < 0)
				return CLI_USAGE;
			break;
		default: return CLI_USAGE;
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("client consent", "expected one client ID");
	if (source == NULL)
		return cli_usage_error("client consent",
		    "--source counter|phone|web|mail|sms is required");
	if (cli_parse_id("client consent", "client ID", argv[optind], &id) < 0)
		return CLI_USAGE;
	if (cli_store(cli) < 0)
		return CLI_FAILED;
	if (cks_consent_record(cli->store, id, source, note, at, &cli->err) < 0)
		return cli_fail(cli);
	return show(cli, id);
}

/* client opt-out ID: the client told an agent. */
static int
client_opt_out(struct cli *cli, int argc, char **argv)
{
	int64_t id;
	int changed;

	if (argc != 2)
		return cli_usage_error("client opt-out", "expected one client ID");
	if (cli_parse_id("client opt-out", "client ID", argv[1], &id) < 0)
		return CLI_USAGE;
	if (cli_store(cli) < 0)
		return CLI_FAILED;
	if (cks_consent_opt_out(cli->store, id, "agent", &changed, &cli->err) < 0)
		return cli_fail(cli);
	if (!cli->json && !changed)
		fprintf(stderr, "cksctl: client %lld had opted out already\n",
		    (long long)id);
	return show(cli, id);
}

static int
client_export(struct cli *cli, int argc, char **argv)
{
	int64_t id;
	json_t *j;

	if (argc != 2)
		return cli_usage_error("client export", "expected one client ID");
	if (cli_parse_id("client export", "client ID", argv[1], &id) < 0)
		return CLI_USAGE;
	if (cli_store(cli) < 0)
		return CLI_FAILED;
	if (cks_privacy_export(cli->store, cli->config, id, &j, &cli->err) < 0)
		return cli_fail(cli);
	return cli_print_json(j);       /* JSON whatever --json says */
}

/* client erase ID [--yes]: without --yes, says what it would do. */
static int
client_erase(struct cli *cli, int argc, char **argv)
{
	struct cks_privacy_counts c;
	int yes = argc == 3 && strcmp(argv[2], "--yes") == 0;
	int64_t id;

	if (argc < 2 || argc > 3 || (argc == 3 && !yes))
		return cli_usage_error("client erase", "expected ID [--yes]");
	if (cli_parse_id("client erase", "client ID", argv[1], &id) < 0)
		return CLI_USAGE;
	if (!yes) {
		fprintf(stderr, "cksctl: client erase %lld removes the client's "
		    "personal data for good (the counts of the reports stay): "
		    "run it again with --yes; 'cksctl client export %lld' first "
		    "keeps a copy\n", (long long)id, (long long)id);
		return CLI_USAGE;
	}
	if (cli_store(cli) < 0)
		return CLI_FAILED;
	if (cks_privacy_erase(cli->store, id, &c, &cli->err) < 0)
		return cli_fail(cli);
	if (cli->json)
		return cli_print_json(json_pack("{sI s{sI sI sI sI sI sI sI sI}}",
		    "client", (json_int_t)id, "removed",
		    "session_summaries", (json_int_t)c.sessions,
		    "basket_items", (json_int_t)c.basket_items,
		    "attachments", (json_int_t)c.attachments,
		    "message_bodies", (json_int_t)c.messages,
		    "messages_cancelled", (json_int_t)c.cancelled,
		    "rating_comments", (json_int_t)c.ratings,
		    "inbound_messages", (json_int_t)c.inbound,
		    "history", (json_int_t)c.history));
	printf("client %lld erased: %lld session summaries, %lld basket items, "
	    "%lld files, %lld mail bodies (%lld waiting, cancelled), %lld rating "
	    "comments, %lld inbound messages, %lld history rows\n",
	    (long long)id, (long long)c.sessions, (long long)c.basket_items,
	    (long long)c.attachments, (long long)c.messages,
	    (long long)c.cancelled, (long long)c.ratings, (long long)c.inbound,
	    (long long)c.history);
	return CLI_OK;
}

int
cmd_client(struct cli *cli, int argc, char **argv)
{
	int64_t id;

	if (argc < 2)
		return cli_usage_error("client", "expected add, show, find, edit, "
		    "history, merge, consent, opt-out, export or erase");
	if (strcmp(argv[1], "consent") == 0)
		return client_consent(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "opt-out") == 0)
		return client_opt_out(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "export") == 0)
		return client_export(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "erase") == 0)
		return client_erase(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "add") == 0)
		return client_add(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "edit") == 0)
		return client_edit(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "merge") == 0)
		return client_merge(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "history") == 0) {
		if (argc != 3)
			return cli_usage_error("client history", "expected one client ID");
		if (cli_parse_id("client history", "client ID", argv[2], &id) < 0)
			return CLI_USAGE;
		return cli_store(cli) < 0 ? CLI_FAILED : client_history(cli, id);
	}
	if (strcmp(argv[1], "show") == 0) {
		if (argc != 3)
			return cli_usage_error("client show", "expected one client ID");
		if (cli_parse_id("client show", "client ID", argv[2], &id) < 0)
			return CLI_USAGE;
		return cli_store(cli) < 0 ? CLI_FAILED : show(cli, id);
	}
	if (strcmp(argv[1], "find") == 0) {
		if (argc != 3)
			return cli_usage_error("client find", "expected one search TEXT");
		return cli_store(cli) < 0 ? CLI_FAILED : client_find(cli, argv[2]);
	}
	return cli_usage_error("client", "unknown subcommand '%s'", argv[1]);
}
