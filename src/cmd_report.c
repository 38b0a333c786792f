/* cksctl report kpi|steps|dashboard */
#include "autoconfig.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dashboard.h"
#include "report.h"
#include "report_format.h"

enum report_kind { REPORT_KPI, REPORT_STEPS, REPORT_DASHBOARD };

struct report_args {
	const char *command;          /* "report kpi", for messages */
	enum report_kind kind;
	struct cks_report_filter filter;
	const char *format;           /* text, csv, json */
	const char *lang;             /* th, en */
};

static int
parse_args(struct cli *cli, int argc, char **argv, struct report_args *a)
{
	static const struct option options[] = {
		{ "channel", required_argument, NULL, 'c' },
		{ "fiscal-year", required_argument, NULL, 'y' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "by", required_argument, NULL, 'b' },
		{ "format", required_argument, NULL, 'o' },
		{ "lang", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	const char *from = NULL, *to = NULL, *year = NULL, *by = NULL;
	int opt;

	optind = 2;
	opterr = 0;        /* our own messages name the command */
	while ((opt = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		switch (opt) {
		case 'c': a->filter.channel = optarg; break;
		case 'y': year = optarg; break;
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		case 'b': by = optarg; break;
		case 'o': a->format = optarg; break;
		case 'l': a->lang = optarg; break;
		case ':':
			return cli_usage_error(a->command, "%s needs a value",
			    argv[optind - 1]);
		default:
			return cli_usage_error(a->command, "unknown option '%s'",
			    argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage_error(a->command, "unexpected argument '%s'",
		    argv[optind]);
	if (by != NULL && a->kind != REPORT_KPI)
		return cli_usage_error(a->command, "--by applies to 'report kpi' "
		    "only, not '%s'", by);
	{
		static const char *const names[4] = { "--fiscal-year", "--from",
						      "--to", "--by" };
		const struct cks_report_period_text text = { year, from, to, by };
		struct cks_error err;
		int which;

		if (cks_report_filter_from_text(&a->filter, &text, names, &which,
		    &err) < 0)
			return cli_usage_error(a->command, "%s", err.message);
	}
	if (a->format != NULL && a->kind == REPORT_DASHBOARD)
		return cli_usage_error(a->command, "--format does not apply: the "
		    "dashboard is HTML");
	if (a->format != NULL && strcmp(a->format, "text") != 0 &&
	    strcmp(a->format, "csv") != 0 && strcmp(a->format, "json") != 0)
		return cli_usage_error(a->command, "--format must be text, csv or "
		    "json, not '%s'", a->format);
	if (cli->json && a->format != NULL && strcmp(a->format, "json") != 0)
		return cli_usage_error(a->command, "--json and --format %s "
		    "contradict each other", a->format);
	if (cli->json)
		a->format = "json";
	if (a->format == NULL)
		a->format = "text";
	if (a->lang != NULL && strcmp(a->lang, "th") != 0 &&
	    strcmp(a->lang, "en") != 0)
		return cli_usage_error(a->command, "--lang must be th or en, not "
		    "'%s'", a->lang);
	if (a->lang == NULL)
		a->lang = a->kind == REPORT_DASHBOARD ? "th" : "en";
	return CLI_OK;
}

static int
print_text(struct cli *cli, const json_t *report, const char *format,
	   const char *lang)
{
	char *text = NULL;
	int rc = strcmp(format, "csv") == 0
	    ? cks_report_csv(report, &text, &cli->err)
	    : cks_report_text(report, lang, &text, &cli->err);

	if (rc < 0)
		return cli_fail(cli);
	fputs(text, stdout);
	free(text);
	return CLI_OK;
}

static int
run_dashboard(struct cli *cli, struct report_args *a)
{
	json_t *kpi = NULL, *steps = NULL;
	char *html = NULL;
	int rc = CLI_FAILED;

	a->filter.group = CKS_REPORT_BY_MONTH;
	if (cks_report_kpi(cli->store, cli->channels, &a->filter, &kpi,
			   &cli->err) < 0 ||
	    cks_report_steps(cli->store, cli->channels, &a->filter, &steps,
			     &cli->err) < 0) {
		rc = cli_fail(cli);
		goto done;
	}
	if (strcmp(a->format, "json") == 0) {
		rc = cli_print_json(json_pack("{sO sO}", "kpi", kpi,
		    "steps", steps));
		goto done;
	}
	if (cks_dashboard_render(kpi, steps, a->lang, 0, &html, &cli->err) < 0) {
		rc = cli_fail(cli);
		goto done;
	}
	fputs(html, stdout);
	rc = CLI_OK;
done:
	free(html);
	json_decref(kpi);
	json_decref(steps);
	return rc;
}

int
cmd_report(struct cli *cli, int argc, char **argv)
{
	struct report_args a;
	json_t *report = NULL;
	int rc;

	memset(&a, 0, sizeof(a));
	if (argc < 2)
		return cli_usage_error("report",
		    "expected 'report kpi', 'report steps' or 'report dashboard'");
	if (strcmp(argv[1], "kpi") == 0) {
		a.kind = REPORT_KPI;
		a.command = "report kpi";
	} else if (strcmp(argv[1], "steps") == 0) {
		a.kind = REPORT_STEPS;
		a.command = "report steps";
	} else if (strcmp(argv[1], "dashboard") == 0) {
		a.kind = REPORT_DASHBOARD;
		a.command = "report dashboard";
	} else {
		return cli_usage_error("report", "unknown report '%s' (kpi, steps "
		    "or dashboard)", argv[1]);
	}
	rc = parse_args(cli, argc, argv, &a);
	if (rc != CLI_OK)
		return rc;
	if (cli_store(cli) < 0 || cli_channels(cli) < 0)
		return CLI_FAILED;
	if (a.kind == REPORT_DASHBOARD)
		return run_dashboard(cli, &a);
	if ((a.kind == REPORT_KPI
	     ? cks_report_kpi(cli->store, cli->channels, &a.filter, &report,
			      &cli->err)
	     : cks_report_steps(cli->store, cli->channels, &a.filter, &report,
				&cli->err)) < 0)
		return cli_fail(cli);
	if (strcmp(a.format, "json") == 0)
		return cli_print_json(report);
	rc = print_text(cli, report, a.format, a.lang);
	json_decref(report);
	return rc;
}
