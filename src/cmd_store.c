/* cksctl store status|migrate|init */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "copy.h"

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

/* store copy --to URI: the configured store into an empty PostgreSQL
 * database (the URI's password, as the config's, only in PGPASSFILE). */
static int
store_copy(struct cli *cli, const char *to_uri)
{
	struct cks_store *to = NULL;
	struct cks_store_copy_result r;
	char *shown;

	if (strncmp(to_uri, "postgresql://", 13) != 0 &&
	    strncmp(to_uri, "postgres://", 11) != 0)
		return cli_usage_error("store", "copy: --to must be a PostgreSQL "
		    "URI (postgresql://...)");
	if (cli_store(cli) < 0)
		return CLI_FAILED;
	if (cks_store_open(to_uri, cli->config->busy_timeout_ms, &to,
	    &cli->err) < 0)
		return cli_fail(cli);
	if (cks_store_copy(cli->store, to, &r, &cli->err) < 0) {
		cks_store_close(&to);
		return cli_fail(cli);
	}
	cks_store_close(&to);
	shown = cks_store_shown(to_uri);
	if (cli->json)
		cli_print_json(json_pack("{ss ss si sI}", "from",
		    cli->config->database, "to", shown ? shown : "",
		    "tables", r.tables, "rows", (json_int_t)r.rows));
	else
		printf("store %s copied to %s: %d tables, %lld rows, counts "
		    "verified\n", cli->config->database, shown ? shown : "",
		    r.tables, (long long)r.rows);
	free(shown);
	return CLI_OK;
}

int
cmd_store(struct cli *cli, int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "copy") == 0 &&
	    strcmp(argv[2], "--to") == 0)
		return store_copy(cli, argv[3]);
	if (argc == 3 && strcmp(argv[1], "copy") == 0 &&
	    strncmp(argv[2], "--to=", 5) == 0)
		return store_copy(cli, argv[2] + 5);
	if (argc != 2)
		return cli_usage_error("store", "expected status, migrate, init "
		    "or copy --to URI");
	if (strcmp(argv[1], "status") == 0)
		return store_status(cli);
	if (strcmp(argv[1], "migrate") == 0)
		return store_migrate(cli);
	if (strcmp(argv[1], "init") == 0)
		return store_init(cli);
	return cli_usage_error("store", "unknown subcommand '%s'", argv[1]);
}
