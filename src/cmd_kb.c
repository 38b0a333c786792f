/* cksctl kb add|edit|show|disable|enable|import|search|list */
#include "autoconfig.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "clock.h"
#include "kb.h"
#include "kb_import.h"

static void
limits_of(const struct cli *cli, struct cks_basket_limits *limits)
{
	limits->max_items = cli->config->basket_max_items;
	limits->max_file_bytes = cli->config->basket_max_file_bytes;
	limits->max_total_bytes = cli->config->basket_max_total_bytes;
	limits->state_dir = cli->config->state_dir;
}

static void
print_item(const struct cks_kb_item *it)
{
	char updated[40];

	cks_time_format_iso(it->updated_ms, updated, sizeof(updated));
	printf("item %lld (revision %lld, %s)\n", (long long)it->id,
	    (long long)it->revision, it->active ? "active" : "disabled");
	printf("  title_th  %s\n", it->title_th ? it->title_th : "-");
	printf("  title_en  %s\n", it->title_en ? it->title_en : "-");
	printf("  url       %s\n", it->url ? it->url : "-");
	if (it->attachment_id)
		printf("  file      %s (%lld bytes)\n", it->filename,
		    (long long)it->size);
	else
		printf("  file      -\n");
	printf("  tags      %s\n", it->tags[0] ? it->tags : "-");
	printf("  updated   %s\n", updated);
	if (it->summary)
		printf("  summary   %s\n", it->summary);
}

static int
show(struct cli *cli, int64_t id)
{
	struct cks_kb_item *it;

	if (cks_kb_get(cli->store, id, &it, &cli->err) < 0)
		return cli_fail(cli);
	if (cli->json) {
		json_t *j = cks_kb_item_to_json(it);

		cks_kb_item_free(&it);
		return cli_print_json(j);
	}
	print_item(it);
	cks_kb_item_free(&it);
	return CLI_OK;
}

/* kb add / kb edit ID: the same options. */
static int
kb_write(struct cli *cli, int argc, char **argv, int edit)
{
	static const struct option options[] = {
		{ "title", required_argument, NULL, 't' },
		{ "title-en", required_argument, NULL, 'e' },
		{ "summary", required_argument, NULL, 's' },
		{ "url", required_argument, NULL, 'u' },
		{ "tags", required_argument, NULL, 'g' },
		{ "file", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const char *command = edit ? "kb edit" : "kb add";
	struct cks_kb_input in = { 0 };
	struct cks_basket_limits limits;
	int64_t id = 0;
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 't': in.title_th = optarg; break;
		case 'e': in.title_en = optarg; break;
		case 's': in.summary = optarg; break;
		case 'u': in.url = optarg; break;
		case 'g': in.tags = optarg; break;
		case 'f': in.file_path = optarg; break;
		default: return CLI_USAGE;
		}
	}
	if (argc - optind != (edit ? 1 : 0))
		return cli_usage_error(command, edit ? "expected one ITEM"
		    : "unexpected argument '%s'", argv[optind]);
	if (edit && cli_parse_id(command, "ITEM", argv[optind], &id) < 0)
		return CLI_USAGE;
	if (!edit && in.title_th == NULL && in.title_en == NULL)
		return cli_usage_error(command, "--title or --title-en is required");
	if (cli_store(cli) < 0)
		return CLI_FAILED;
	limits_of(cli, &limits);
	if ((edit ? cks_kb_edit(cli->store, id, &in, &limits, &cli->err)
	     : cks_kb_add(cli->store, &in, &limits, &id, &cli->err)) < 0)
		return cli_fail(cli);
	return show(cli, id);
}

static int
kb_search(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "limit", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	struct cks_kb_item **items;
	struct cli_table *table;
	size_t count;
	int64_t limit = 50;
	int opt, all = 0;
	const char *text;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 'a': all = 1; break;
		case 'l':
			if (cli_parse_id("kb search", "--limit", optarg, &limit) < 0)
				return CLI_USAGE;
			break;
		default: return CLI_USAGE;
		}
	}
	if (strcmp(argv[0], "search") == 0 && argc - optind != 1)
		return cli_usage_error("kb search", "expected one TEXT");
	if (strcmp(argv[0], "list") == 0 && argc != optind)
		return cli_usage_error("kb list", "unexpected argument '%s'",
		    argv[optind]);
	text = argc > optind ? argv[optind] : NULL;
	if (cli_store(cli) < 0)
		return CLI_FAILED;
	if (cks_kb_search(cli->store, text, all, (size_t)limit, &items, &count,
			  &cli->err) < 0)
		return cli_fail(cli);
	if (cli->json) {
		json_t *array = json_array();

		for (size_t i = 0; i < count; i++)
			json_array_append_new(array, cks_kb_item_to_json(items[i]));
		cks_kb_list_free(&items, count);
		return cli_print_json(json_pack("{so}", "items", array));
	}
	table = cli_table_new(5, "ITEM", "REV", "TITLE", "TITLE (EN)", "TAGS");
	for (size_t i = 0; i < count; i++) {
		char id[24], rev[24];

		snprintf(id, sizeof(id), "%lld%s", (long long)items[i]->id,
		    items[i]->active ? "" : " (off)");
		snprintf(rev, sizeof(rev), "%lld", (long long)items[i]->revision);
		cli_table_add(table, id, rev, items[i]->title_th,
		    items[i]->title_en, items[i]->tags);
	}
	cli_table_print(table);
	cli_table_free(&table);
	cks_kb_list_free(&items, count);
	return CLI_OK;
}

static int
kb_import(struct cli *cli, const char *path)
{
	struct cks_kb_import_result result;
	struct cks_basket_limits limits;

	if (cli_store(cli) < 0)
		return CLI_FAILED;
	limits_of(cli, &limits);
	if (cks_kb_import_csv(cli->store, path, &limits, &result, &cli->err) < 0) {
		if (result.errors != NULL)
			fputs(result.errors, stderr);
		free(result.errors);
		return cli_fail(cli);
	}
	if (cli->json)
		return cli_print_json(json_pack("{sI sI}", "added",
		    (json_int_t)result.added, "updated", (json_int_t)result.updated));
	printf("imported %s: %zu added, %zu updated\n", path, result.added,
	    result.updated);
	return CLI_OK;
}

int
cmd_kb(struct cli *cli, int argc, char **argv)
{
	int64_t id;

	if (argc < 2)
		return cli_usage_error("kb", "expected add, edit, show, disable, "
		    "enable, import, search or list");
	if (strcmp(argv[1], "add") == 0)
		return kb_write(cli, argc - 1, argv + 1, 0);
	if (strcmp(argv[1], "edit") == 0)
		return kb_write(cli, argc - 1, argv + 1, 1);
	if (strcmp(argv[1], "search") == 0 || strcmp(argv[1], "list") == 0)
		return kb_search(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "import") == 0) {
		if (argc != 3)
			return cli_usage_error("kb import", "expected one FILE.csv");
		return kb_import(cli, argv[2]);
	}
	if (strcmp(argv[1], "show") == 0 || strcmp(argv[1], "disable") == 0 ||
	    strcmp(argv[1], "enable") == 0) {
		if (argc != 3)
			return cli_usage_error("kb", "%s expects one ITEM", argv[1]);
		if (cli_parse_id("kb", "ITEM", argv[2], &id) < 0)
			return CLI_USAGE;
		if (cli_store(cli) < 0)
			return CLI_FAILED;
		if (strcmp(argv[1], "show") != 0 && cks_kb_set_active(cli->store,
		    id, strcmp(argv[1], "enable") == 0, &cli->err) < 0)
			return cli_fail(cli);
		return show(cli, id);
	}
	return cli_usage_error("kb", "unknown subcommand '%s'", argv[1]);
}
