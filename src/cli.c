#include "autoconfig.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "clock.h"
#include "utf8.h"

int
cli_fail(struct cli *cli)
{
	fprintf(stderr, "cksctl: %s\n", cli->err.message);
	return CLI_FAILED;
}

int
cli_usage_error(const char *command, const char *format, ...)
{
	va_list ap;

	/* The program's own options have no command to name. */
	if (command != NULL)
		fprintf(stderr, "cksctl: %s: ", command);
	else
		fprintf(stderr, "cksctl: ");
	va_start(ap, format);
	vfprintf(stderr, format, ap);
	va_end(ap);
	fprintf(stderr, " (see cksctl --help)\n");
	return CLI_USAGE;
}

int
cli_config(struct cli *cli)
{
	if (cli->config != NULL)
		return 0;
	if (cks_config_load(cli->config_path, &cli->config, &cli->err) < 0 ||
	    cks_clock_set_zone(cli->config->timezone, &cli->err) < 0) {
		cli_fail(cli);
		return -1;
	}
	return 0;
}

int
cli_store(struct cli *cli)
{
	if (cli->store != NULL)
		return 0;
	if (cli_config(cli) < 0)
		return -1;
	if (cks_store_open(cli->config->database, cli->config->busy_timeout_ms,
			   &cli->store, &cli->err) < 0) {
		cli_fail(cli);
		return -1;
	}
	cks_store_leave_log_on_close(cli->store);
	/* As cksgated: with a PostgreSQL store nothing else makes the state
	 * directory (the spool of a delivery run is in it). */
	if (cks_store_dialect(cli->store) == CKS_DIALECT_POSTGRESQL)
		mkdir(cli->config->state_dir, 0750);
	return 0;
}

int
cli_channels(struct cli *cli)
{
	if (cli->channels != NULL)
		return 0;
	if (cli_config(cli) < 0)
		return -1;
	if (cks_channels_load_dirs((const char *[]){ cli->config->plugin_dir,
	    cli->config->extra_plugin_dir, NULL }, cli->config->state_dir,
	    &cli->channels, &cli->err) < 0) {
		cli_fail(cli);
		return -1;
	}
	for (size_t i = 0; i < cli->channels->refusal_count; i++)
		fprintf(stderr, "cksctl: warning: plugin %s refused: %s\n",
		    cli->channels->refusals[i].path,
		    cli->channels->refusals[i].reason);
	return 0;
}

int
cli_templates(struct cli *cli)
{
	if (cli->templates != NULL)
		return 0;
	if (cli_config(cli) < 0)
		return -1;
	if (cks_templates_load(cli->config->template_dir, &cli->templates,
			       &cli->err) < 0) {
		cli_fail(cli);
		return -1;
	}
	return 0;
}

int
cli_parse_id(const char *command, const char *what, const char *text,
	     int64_t *id_out)
{
	char *end;
	long long id;

	errno = 0;
	id = strtoll(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || id <= 0) {
		cli_usage_error(command, "%s must be a positive number, not '%s'",
		    what, text);
		return -1;
	}
	*id_out = id;
	return 0;
}

int
cli_parse_time(const char *text, int64_t *ms_out)
{
	struct cks_error err;

	if (cks_time_parse(text, "--at", ms_out, &err) < 0) {
		fprintf(stderr, "cksctl: %s\n", err.message);
		return -1;
	}
	return 0;
}

int
cli_print_json(json_t *value)
{
	if (value == NULL) {
		fprintf(stderr, "cksctl: cannot build the JSON output (out of memory?)\n");
		return CLI_FAILED;
	}
	/* Ten significant digits: a share rounded to 66.7 prints as
	 * 66.7, not 66.700000000000003 (as the API prints it). */
	json_dumpf(value, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(10));
	fputc('\n', stdout);
	json_decref(value);
	return CLI_OK;
}

struct cli_table {
	int columns;
	size_t rows;           /* including the header row */
	char **cells;          /* rows * columns, owned */
};

static void
table_push(struct cli_table *t, va_list ap)
{
	char **grown = realloc(t->cells, (t->rows + 1) * (size_t)t->columns *
	    sizeof(*grown));

	if (grown == NULL)
		return;
	t->cells = grown;
	for (int i = 0; i < t->columns; i++) {
		const char *s = va_arg(ap, const char *);

		grown[t->rows * (size_t)t->columns + (size_t)i] =
		    strdup(s != NULL ? s : "-");
	}
	t->rows++;
}

struct cli_table *
cli_table_new(int columns, ...)
{
	struct cli_table *t = calloc(1, sizeof(*t));
	va_list ap;

	if (t == NULL)
		return NULL;
	t->columns = columns;
	va_start(ap, columns);
	table_push(t, ap);
	va_end(ap);
	return t;
}

void
cli_table_add(struct cli_table *t, ...)
{
	va_list ap;

	if (t == NULL)
		return;
	va_start(ap, t);
	table_push(t, ap);
	va_end(ap);
}

void
cli_table_print(struct cli_table *t)
{
	size_t width[32] = { 0 };

	if (t == NULL || t->columns > 32)
		return;
	for (size_t r = 0; r < t->rows; r++)
		for (int c = 0; c < t->columns; c++) {
			const char *s = t->cells[r * (size_t)t->columns + (size_t)c];
			size_t w = s ? cks_utf8_width(s) : 0;

			if (w > width[c])
				width[c] = w;
		}
	for (size_t r = 0; r < t->rows; r++) {
		for (int c = 0; c < t->columns; c++) {
			const char *s = t->cells[r * (size_t)t->columns + (size_t)c];

			if (s == NULL)
				s = "?";
			fputs(s, stdout);
			if (c + 1 < t->columns)
				for (size_t pad = cks_utf8_width(s); pad < width[c] + 2; pad++)
					fputc(' ', stdout);
		}
		fputc('\n', stdout);
	}
}

void
cli_table_free(struct cli_table **table)
{
	struct cli_table *t = *table;

	if (t == NULL)
		return;
	for (size_t i = 0; i < t->rows * (size_t)t->columns; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t);
	*table = NULL;
}
