/* cksctl client add|show|find */
#include "autoconfig.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "client.h"
#include "clock.h"

static void
print_client(const struct cks_client *c)
{
	char created[40];

	cks_time_format_iso(c->created_ms, created, sizeof(created));
	printf("client %lld\n", (long long)c->id);
	printf("  name      %s\n", c->name);
	printf("  company   %s\n", c->company ? c->company : "-");
	printf("  email     %s\n", c->email ? c->email : "-");
	printf("  phone     %s%s%s%s\n", c->phone ? c->phone : "-",
	    c->phone_e164 ? " (" : "", c->phone_e164 ? c->phone_e164 : "",
	    c->phone_e164 ? ")" : "");
	printf("  language  %s\n", c->lang);
	printf("  level     %s\n", c->level ? c->level : "-");
	printf("  created   %s\n", created);
}

static int
show(struct cli *cli, int64_t id)
{
	struct cks_client *client;
	int rc;

	if (cks_client_get(cli->store, id, &client, &cli->err) < 0)
		return cli_fail(cli);
	if (cli->json) {
		rc = cli_print_json(cks_client_to_json(client));
	} else {
		print_client(client);
		rc = CLI_OK;
	}
	cks_client_free(&client);
	return rc;
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
	int64_t id;
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
	if (cks_client_add(cli->store, &in, &id, &cli->err) < 0)
		return cli_fail(cli);
	return show(cli, id);
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

		for (size_t i = 0; i < count; i++)
			json_array_append_new(array, cks_client_to_json(list[i]));
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

int
cmd_client(struct cli *cli, int argc, char **argv)
{
	int64_t id;

	if (argc < 2)
		return cli_usage_error("client", "expected add, show or find");
	if (strcmp(argv[1], "add") == 0)
		return client_add(cli, argc - 1, argv + 1);
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
