/* What every cksctl command shares: the loaded config, store and channels,
 * output in JSON or as tables, and the exit-code convention
 * (0 success, 1 failure, 2 usage error). */
#ifndef CKS_CLI_H
#define CKS_CLI_H

#include <jansson.h>
#include <stdint.h>

#include "channels.h"
#include "config.h"
#include "error.h"
#include "parse_worker.h"
#include "store.h"
#include "template.h"

#define CLI_OK 0
#define CLI_FAILED 1
#define CLI_USAGE 2

struct cli {
	const char *config_path;       /* NULL: embedded defaults */
	int json;                      /* --json given */
	struct cks_config *config;     /* loaded on first use, and the rest */
	struct cks_store *store;
	struct cks_channels *channels;
	struct cks_templates *templates;
	struct cks_parse_worker *worker;
	struct cks_error err;
};

/* Each loads once and reports its own failure on stderr. */
int cli_config(struct cli *cli);
int cli_store(struct cli *cli);
int cli_channels(struct cli *cli);
int cli_templates(struct cli *cli);

/* Prints "cksctl: message" and returns CLI_FAILED. */
int cli_fail(struct cli *cli);
/* Prints "cksctl: COMMAND: message" and a hint, returns CLI_USAGE. */
int cli_usage_error(const char *command, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

/* Parses a positive id; on failure prints a usage error and returns -1. */
int cli_parse_id(const char *command, const char *what, const char *text,
		 int64_t *id_out);
/* Parses --at; on failure prints the reason and returns -1. */
int cli_parse_time(const char *text, int64_t *ms_out);

/* Prints a JSON value (and releases it).  Returns CLI_OK. */
int cli_print_json(json_t *value);

/* A table for people: columns padded by display width (Thai vowels and
 * tone marks take no column). */
struct cli_table;
struct cli_table *cli_table_new(int columns, ...);   /* the headers */
void cli_table_add(struct cli_table *table, ...);    /* one row of strings */
void cli_table_print(struct cli_table *table);
void cli_table_free(struct cli_table **table);

/* Commands. argv[0] is the command's own name. */
int cmd_channels(struct cli *cli, int argc, char **argv);
int cmd_channel(struct cli *cli, int argc, char **argv);
int cmd_client(struct cli *cli, int argc, char **argv);
int cmd_agent(struct cli *cli, int argc, char **argv);
int cmd_session(struct cli *cli, int argc, char **argv);
int cmd_basket(struct cli *cli, int argc, char **argv);
int cmd_kb(struct cli *cli, int argc, char **argv);
int cmd_queue(struct cli *cli, int argc, char **argv);
int cmd_survey(struct cli *cli, int argc, char **argv);
int cmd_templates(struct cli *cli, int argc, char **argv);
int cmd_summary(struct cli *cli, int argc, char **argv);
int cmd_webhook(struct cli *cli, int argc, char **argv);
int cmd_report(struct cli *cli, int argc, char **argv);
int cmd_store(struct cli *cli, int argc, char **argv);
int cmd_purge(struct cli *cli, int argc, char **argv);
/* inject, inbox, reply, quarantine, sms, rating */
int cmd_inbound(struct cli *cli, int argc, char **argv);

#endif
