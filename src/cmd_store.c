/* cksctl store status|migrate|init */
#include "autoconfig.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"

static int
store_status(struct cli *cli)
{
	struct cks_store_status st;
	const char *state;

	if (cli_config(cli) < 0)
		return CLI_FAILED;
	if (cks_store_status(cli->config->database, &st, &cli->err) < 0)
		return cli_fail(cli);
	if (!st.exists)
		state = "absent";
	else if (!st.ours)
		state = "foreign";
	else if (st.version > st.latest)
		state = "newer";
	else if (st.version < st.latest)
		state = "pending";
	else
		state = "current";
	if (cli->json)
		cli_print_json(json_pack("{ss ss si si ss}",
		    "backend", st.backend, "path", cli->config->database,
		    "schema_version", st.version, "latest", st.latest,
		    "state", state));
	else {
		printf("backend   %s\npath      %s\nschema    %d (this cksgate "
		    "knows up to %d)\n", st.backend, cli->config->database,
		    st.version, st.latest);
		if (!st.exists)
			printf("state     absent: cksctl store init creates it\n");
		else if (!st.ours)
			printf("state     foreign: this SQLite database is not a "
			    "cksgate store\n");
		else if (st.version > st.latest)
			printf("state     newer: schema version %d is newer than "
			    "this cksgate understands: upgrade cksgate\n", st.version);
		else if (st.version < st.latest)
			printf("state     pending: %d migration(s); cksctl store "
			    "migrate applies them\n", st.latest - st.version);
		else
			printf("state     current\n");
	}
	/* A store this build cannot use is a failure, said on stdout too. */
	return st.exists && (!st.ours || st.version > st.latest) ?
	    CLI_FAILED : CLI_OK;
}

static int
store_migrate(struct cli *cli)
{
	struct cks_store_status st;

	if (cli_config(cli) < 0)
		return CLI_FAILED;
	if (cks_store_status(cli->config->database, &st, &cli->err) < 0)
		return cli_fail(cli);
	if (!st.exists) {
		cks_error_set(&cli->err, CKS_ERROR_INVALID, "store %s: there is "
		    "no store to migrate: cksctl store init creates one",
		    cli->config->database);
		return cli_fail(cli);
	}
	/* Opening migrates, in one transaction, and refuses a newer schema
	 * or a database that is not ours. */
	if (cli_store(cli) < 0)
		return CLI_FAILED;
	if (cli->json)
		return cli_print_json(json_pack("{ss si si}", "path",
		    cli->config->database, "from", st.version,
		    "to", cks_store_schema_version(cli->store)));
	if (st.version == cks_store_schema_version(cli->store))
		printf("store %s: schema version %d, already current\n",
		    cli->config->database, st.version);
	else
		printf("store %s: schema version %d -> %d\n",
		    cli->config->database, st.version,
		    cks_store_schema_version(cli->store));
	return CLI_OK;
}

static int
store_init(struct cli *cli)
{
	struct cks_store_status st;

	if (cli_config(cli) < 0)
		return CLI_FAILED;
	if (cks_store_init(cli->config->database, cli->config->busy_timeout_ms,
	    &cli->err) < 0 ||
	    cks_store_status(cli->config->database, &st, &cli->err) < 0)
		return cli_fail(cli);
	if (cli->json)
		return cli_print_json(json_pack("{ss ss si}", "backend",
		    st.backend, "path", cli->config->database,
		    "schema_version", st.version));
	printf("store %s: created (%s), schema version %d\n",
	    cli->config->database, st.backend, st.version);
	return CLI_OK;
}

int
cmd_store(struct cli *cli, int argc, char **argv)
{
	if (argc != 2)
		return cli_usage_error("store", "expected status, migrate or init");
	if (strcmp(argv[1], "status") == 0)
		return store_status(cli);
	if (strcmp(argv[1], "migrate") == 0)
		return store_migrate(cli);
	if (strcmp(argv[1], "init") == 0)
		return store_init(cli);
	return cli_usage_error("store", "unknown subcommand '%s'", argv[1]);
}
