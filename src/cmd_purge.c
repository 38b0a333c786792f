/* cksctl purge [--dry-run]: retention (retention.h), once. */
#include "autoconfig.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "retention.h"

int
cmd_purge(struct cli *cli, int argc, char **argv)
{
	struct cks_retention_counts c;
	int dry_run = argc == 2 && strcmp(argv[1], "--dry-run") == 0;

	if (argc > 2 || (argc == 2 && !dry_run))
		return cli_usage_error("purge", "expected [--dry-run]");
	if (cli_store(cli) < 0)
		return CLI_FAILED;
	if (cks_retention_purge(cli->store, cli->config, dry_run, &c,
				&cli->err) < 0)
		return cli_fail(cli);
	if (cli->json)
		return cli_print_json(json_pack("{sb s{sI sI sI sI}}",
		    "dry_run", dry_run, dry_run ? "would_remove" : "removed",
		    "raw_mail", (json_int_t)c.raw_mail,
		    "spool_files", (json_int_t)c.spool_files,
		    "maildir_files", (json_int_t)c.maildir_files,
		    "clients_anonymised", (json_int_t)c.clients));
	if (cli->config->retention_raw_mail_ms <= 0 &&
	    cli->config->retention_personal_ms <= 0) {
		printf("retention.raw_mail and retention.personal are off: "
		    "nothing to purge\n");
		return CLI_OK;
	}
	printf("%s:\n", dry_run ? "would remove (dry run)" : "removed");
	printf("  raw inbound mail     %lld\n", (long long)c.raw_mail);
	printf("  spool files          %lld\n", (long long)c.spool_files);
	printf("  maildir files        %lld\n", (long long)c.maildir_files);
	printf("  clients anonymised   %lld\n", (long long)c.clients);
	return CLI_OK;
}
