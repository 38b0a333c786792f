/* cksctl channels, cksctl channel show ID */
#include "autoconfig.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "timing.h"

static json_t *
refusals_to_json(const struct cks_channels *c)
{
	json_t *list = json_array();

	for (size_t i = 0; i < c->refusal_count; i++)
		json_array_append_new(list, json_pack("{ss ss}",
		    "file", c->refusals[i].path, "reason", c->refusals[i].reason));
	return list;
}

int
cmd_channels(struct cli *cli, int argc, char **argv)
{
	struct cli_table *table;

	if (argc != 1)
		return cli_usage_error("channels", "takes no arguments");
	if (cli_channels(cli) < 0)
		return CLI_FAILED;
	if (cli->json) {
		json_t *list = json_array();

		for (size_t i = 0; i < cli->channels->count; i++)
			json_array_append_new(list,
			    cks_channel_to_json(cli->channels->channels[i].plugin));
		return cli_print_json(json_pack("{so so}", "channels", list,
		    "refused", refusals_to_json(cli->channels)));
	}
	table = cli_table_new(6, "ID", "NAME", "ชื่อ", "STEPS", "OPTIONS", "TARGET");
	for (size_t i = 0; i < cli->channels->count; i++) {
		const struct cks_channel_plugin *p = cli->channels->channels[i].plugin;
		char steps[16], options[16], target[16];

		snprintf(steps, sizeof(steps), "%u", (unsigned)p->step_count);
		snprintf(options, sizeof(options), "%u", (unsigned)p->scale_count);
		snprintf(target, sizeof(target), "%u %%", (unsigned)p->target_percent);
		cli_table_add(table, p->id, p->name.en, p->name.th, steps, options,
		    target);
	}
	cli_table_print(table);
	cli_table_free(&table);
	return CLI_OK;
}

static void
print_channel(const struct cks_channel_plugin *p)
{
	printf("%s — %s / %s\nsatisfaction target: %u %%\n\n", p->id, p->name.en,
	    p->name.th, p->target_percent);
	printf("steps:\n");
	for (size_t i = 0; i < p->step_count; i++) {
		const struct cks_step *s = &p->steps[i];
		char standard[48], target[24];

		cks_timing_format_standard(s, standard, sizeof(standard));
		if (s->target_percent != 0)
			snprintf(target, sizeof(target), "target %u %%",
			    (unsigned)s->target_percent);
		else
			snprintf(target, sizeof(target), "no target");
		printf("%3zu  %-22s %-6s  standard %-12s %-11s  %s\n", i + 1,
		    s->id, s->actor == CKS_ACTOR_CLIENT ? "client" : "agent",
		    standard, s->timed ? "timed" : "not counted", target);
		printf("     %s\n     %s\n", s->text.th, s->text.en);
	}
	printf("\nrating scale:\n");
	for (size_t i = 0; i < p->scale_count; i++) {
		const struct cks_rating_option *o = &p->scale[i];

		printf("%3d  %s / %s%s\n", o->code, o->label.th, o->label.en,
		    o->satisfied ? "  (satisfied)" : "");
	}
}

int
cmd_channel(struct cli *cli, int argc, char **argv)
{
	const struct cks_channel_plugin *plugin;

	if (argc != 3 || strcmp(argv[1], "show") != 0)
		return cli_usage_error("channel", "expected 'channel show ID'");
	if (cli_channels(cli) < 0)
		return CLI_FAILED;
	plugin = cks_channels_find(cli->channels, argv[2]);
	if (plugin == NULL) {
		cks_error_set(&cli->err, CKS_ERROR_NOT_FOUND,
		    "no channel '%s' is loaded (see cksctl channels)", argv[2]);
		return cli_fail(cli);
	}
	if (cli->json)
		return cli_print_json(cks_channel_to_json(plugin));
	print_channel(plugin);
	return CLI_OK;
}
