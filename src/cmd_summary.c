/* cksctl summary: the counter's printable service summary page */
#include "autoconfig.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "summary.h"

static const char *
text_of(json_t *object, const char *key)
{
	return json_string_value(json_object_get(object, key));
}

/* Prints text with every line after the first indented by indent blanks. */
static void
print_indented(const char *text, int indent)
{
	for (const char *p = text; *p != '\0'; p++) {
		putchar(*p);
		if (*p == '\n' && p[1] != '\0')
			printf("%*s", indent, "");
	}
	putchar('\n');
}

/* The short text form, for a look at the terminal before printing. */
static void
print_text(json_t *data)
{
	json_t *client = json_object_get(data, "client");
	json_t *session = json_object_get(data, "session");
	json_t *channel = json_object_get(data, "channel");
	json_t *items = json_object_get(data, "items");
	const char *company = text_of(client, "company");
	const char *level = text_of(session, "level");
	const char *summary = text_of(session, "summary");
	const char *end = text_of(session, "end_time");
	size_t i;
	json_t *item;

	printf("service summary of session %lld, %s %s%s%s\n",
	    (long long)json_integer_value(json_object_get(session, "id")),
	    text_of(session, "date"), text_of(session, "start_time"),
	    end ? "-" : "", end ? end : "");
	printf("  client   %s%s%s%s\n", text_of(client, "name"),
	    company ? " (" : "", company ? company : "", company ? ")" : "");
	printf("  agent    %s\n", text_of(json_object_get(data, "agent"), "name"));
	printf("  channel  %s\n", text_of(channel, "name"));
	printf("  level    %s\n", level ? level : "-");
	printf("  topics   ");
	print_indented(summary ? summary : "-", 11);
	printf("  items    %zu\n", json_array_size(items));
	json_array_foreach(items, i, item) {
		const char *url = text_of(item, "url");

		printf("    %zu. %s\n", i + 1, text_of(item, "title"));
		if (url != NULL)
			printf("       %s\n", url);
	}
}

static int
write_file(const char *path, const char *text, struct cks_error *err)
{
	FILE *f = fopen(path, "w");
	int failed;

	if (f == NULL)
		return cks_error_set(err, CKS_ERROR_INVALID, "cannot write %s: %s",
		    path, strerror(errno));
	failed = fputs(text, f) == EOF;
	failed |= fclose(f) != 0;
	if (failed)
		return cks_error_set(err, CKS_ERROR_TEMPORARY, "cannot write %s: %s",
		    path, strerror(errno));
	return 0;
}

int
cmd_summary(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "html", no_argument, NULL, 'h' },
		{ "lang", required_argument, NULL, 'l' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *lang = NULL, *output = NULL;
	int html = 0, opt, rc;
	int64_t session_id;
	json_t *data;
	char *page;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:", options, NULL)) != -1) {
		switch (opt) {
		case 'h': html = 1; break;
		case 'l': lang = optarg; break;
		case 'o': output = optarg; break;
		default: return CLI_USAGE;
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("summary", "expected one SESSION");
	if (lang != NULL && strcmp(lang, "th") != 0 && strcmp(lang, "en") != 0)
		return cli_usage_error("summary", "--lang is th or en, not '%s'",
		    lang);
	if (cli_parse_id("summary", "SESSION", argv[optind], &session_id) < 0)
		return CLI_USAGE;
	if (cli_store(cli) < 0 || cli_channels(cli) < 0)
		return CLI_FAILED;
	if (cks_summary_data(cli->store, cli->channels, session_id, lang, &data,
			     &cli->err) < 0)
		return cli_fail(cli);
	if (!html && output == NULL) {
		if (cli->json)
			return cli_print_json(data);
		print_text(data);
		json_decref(data);
		return CLI_OK;
	}
	if (cli_templates(cli) < 0) {
		json_decref(data);
		return CLI_FAILED;
	}
	rc = cks_summary_render_data(cli->templates, data, &page, &cli->err);
	if (rc == 0 && output != NULL)
		rc = write_file(output, page, &cli->err);
	if (rc < 0) {
		json_decref(data);
		free(page);
		return cli_fail(cli);
	}
	/* With -o the page is in the file and only --json says anything. */
	if (cli->json)
		cli_print_json(json_pack("{sI ss ss}",
		    "session", (json_int_t)session_id,
		    "lang", text_of(data, "lang"),
		    output ? "file" : "html", output ? output : page));
	else if (output == NULL)
		fputs(page, stdout);
	json_decref(data);
	free(page);
	return CLI_OK;
}
