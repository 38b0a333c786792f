/* cksctl: the agents' and operators' command-line tool.  It parses
 * arguments and prints results; everything else is in lib/. */
#include "autoconfig.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
	"usage: cksctl [-c FILE] [--json] COMMAND [ARGS]\n"
	"\n"
	"  channels                          the loaded channels\n"
	"  channel show ID                   a channel's steps and rating scale\n"
	"  client add --name NAME [--company C] [--email E] [--phone P]\n"
	"             [--lang th|en] [--level L]\n"
	"  client show ID\n"
	"  client find TEXT\n"
	"  agent add LOGIN [--name-th NAME] [--name-en NAME]\n"
	"  agent list [--all]\n"
	"  agent show LOGIN\n"
	"  agent disable LOGIN\n"
	"  agent passwd LOGIN [--role agent|supervisor|viewer]\n"
	"                                    the desk console's password, from stdin\n"
	"  client edit ID [--name N] [--company C] [--email E] [--phone P]\n"
	"              [--lang th|en] [--level LEVEL] [--by WHO]\n"
	"  client history ID\n"
	"  client merge KEEP DROP [--by WHO]\n"
	"  client consent ID --source counter|phone|web|mail|sms [--note TEXT]\n"
	"                 [--at TIME]\n"
	"  client opt-out ID                 no more surveys (the client said so)\n"
	"  client export ID                  everything held about the client (JSON)\n"
	"  client erase ID --yes             remove it, keeping anonymous counts\n"
	"  session open --channel ID --client ID --agent NAME [--at TIME]\n"
	"  session step SESSION STEP start|done [--at TIME]\n"
	"  session close SESSION --summary TEXT [--level L] [--at TIME]\n"
	"  session show SESSION\n"
	"  session list [--channel ID] [--client ID] [--agent LOGIN] [--open]\n"
	"               [--limit N]\n"
	"  basket add SESSION --title TEXT [--title-en TEXT] [--url URL]\n"
	"             [--file PATH [--type CONTENT-TYPE]]\n"
	"  basket add SESSION --item ID      a catalogue item, at its revision\n"
	"  kb add --title TEXT [--title-en TEXT] [--summary TEXT] [--url URL]\n"
	"         [--tags A,B] [--file PATH]\n"
	"  kb edit ID [the same options; \"\" clears one]\n"
	"  kb show ID | disable ID | enable ID\n"
	"  kb search TEXT [--all] [--limit N] | kb list [--all] [--limit N]\n"
	"  kb import FILE.csv                one transaction; errors by line\n"
	"  basket list SESSION\n"
	"  basket remove SESSION ITEM\n"
	"  basket preview SESSION [--html | --raw]\n"
	"  basket confirm SESSION [--at TIME]\n"
	"  basket send SESSION [--unconfirmed] [--force] [--reason TEXT]\n"
	"  survey send SESSION [--force --reason TEXT]\n"
	"  survey send --closed-on DATE | --closed-from TIME --closed-to TIME\n"
	"              [--dry-run]          every session closed then, uninvited\n"
	"  survey remind [--dry-run]         the due reminders (survey.reminder_after)\n"
	"  queue list [--state STATE] [--limit N]\n"
	"  queue show ID [--raw]\n"
	"  queue retry ID | queue cancel ID\n"
	"  queue retry [--all-deferred] [--failed-since TIME] [--to DOMAIN]\n"
	"  queue cancel [--all-deferred] [--to DOMAIN]\n"
	"  queue run                         deliver what is due, then exit\n"
	"  templates check\n"
	"  summary SESSION [--html] [--lang th|en] [-o FILE]\n"
	"  inject                            one reply on stdin (MTA pipe; sysexits)\n"
	"  inbox run                         process the maildir / IMAP / POP3 intakes\n"
	"  reply parse FILE                  dry run: token, code, comment, reason\n"
	"  quarantine list | show ID [--raw] | replay ID\n"
	"  quarantine resolve ID --session SESSION --code CODE\n"
	"  quarantine resolve ID --accept\n"
	"  sms --from PHONE --text TEXT\n"
	"  rating record SESSION CODE --via ivr|chat|counter [--comment TEXT]\n"
	"  rating history SESSION\n"
	"  report kpi|steps|dashboard [--channel ID] [--fiscal-year N | --from D --to D]\n"
	"             [--by month|quarter|agent] [--format text|csv|json] [--lang th|en]\n"
	"  webhook run | list [--state STATE] [--limit N] | retry ID\n"
	"  purge [--dry-run]                 retention: old raw mail, idle clients\n"
	"  store status | migrate | init     the store's schema; apply pending\n"
	"                                    migrations; create a new store\n"
	"  store copy --to URI               copy the store into an empty\n"
	"                                    PostgreSQL database\n"
	"\n"
	"  -c, --config FILE   configuration (default: $CKSGATE_CONFIG, else the\n"
	"                      embedded defaults)\n"
	"  --json              machine-readable output\n"
	"  TIME                2026-11-28T10:05[:SS][+07:00]; a year above 2400\n"
	"                      is Buddhist Era (2569-11-28)\n"
	"\n"
	"Exit status: 0 success, 1 failure, 2 usage error.  See cksctl(1).\n";

static const struct command {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
} commands[] = {
	{ "channels", cmd_channels },
	{ "channel", cmd_channel },
	{ "client", cmd_client },
	{ "agent", cmd_agent },
	{ "session", cmd_session },
	{ "basket", cmd_basket },
	{ "kb", cmd_kb },
	{ "queue", cmd_queue },
	{ "survey", cmd_survey },
	{ "templates", cmd_templates },
	{ "summary", cmd_summary },
	{ "inject", cmd_inbound },
	{ "inbox", cmd_inbound },
	{ "reply", cmd_inbound },
	{ "quarantine", cmd_inbound },
	{ "sms", cmd_inbound },
	{ "rating", cmd_inbound },
	{ "webhook", cmd_webhook },
	{ "report", cmd_report },
	{ "store", cmd_store },
	{ "purge", cmd_purge },
};

/* Takes --json out of argv wherever it is (before "--"), so that every
 * command accepts it in either position. */
static int
strip_json_flag(int *argc, char **argv)
{
	int json = 0, out = 1;

	for (int i = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < *argc)
				argv[out++] = argv[i++];
			break;
		}
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else
			argv[out++] = argv[i];
	}
	argv[out] = NULL;
	*argc = out;
	return json;
}

int
main(int argc, char **argv)
{
	struct cli cli;
	int i = 1, rc;

	setlocale(LC_CTYPE, "C.UTF-8");
	memset(&cli, 0, sizeof(cli));
	cli.json = strip_json_flag(&argc, argv);
	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "-c") == 0 || strcmp(argv[i], "--config") == 0) {
			if (i + 1 >= argc)
				return cli_usage_error(NULL, "%s needs a FILE", argv[i]);
			cli.config_path = argv[i + 1];
			i += 2;
		} else if (strncmp(argv[i], "--config=", 9) == 0) {
			cli.config_path = argv[i] + 9;
			i++;
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(usage_text, stdout);
			return CLI_OK;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("cksctl (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
			return CLI_OK;
		} else {
			return cli_usage_error(NULL, "unknown option '%s'", argv[i]);
		}
	}
	if (i >= argc) {
		fputs(usage_text, stderr);
		return CLI_USAGE;
	}
	cli.config_path = cks_config_choose_path(cli.config_path);
	rc = -1;
	for (size_t c = 0; c < sizeof(commands) / sizeof(commands[0]); c++)
		if (strcmp(commands[c].name, argv[i]) == 0)
			rc = commands[c].run(&cli, argc - i, argv + i);
	if (rc == -1)
		rc = cli_usage_error(NULL, "unknown command '%s'", argv[i]);
	cks_parse_worker_stop(&cli.worker);
	cks_templates_free(&cli.templates);
	cks_channels_free(&cli.channels);
	cks_store_close(&cli.store);
	cks_config_free(&cli.config);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("cksctl: writing output");
		return CLI_FAILED;
	}
	return rc;
}
