/* cksctl agent add|list|show|disable */
#include "autoconfig.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "agent.h"
#include "cli.h"
#include "clock.h"
#include "desk_auth.h"

static void
print_agent(const struct cks_agent *a)
{
	char created[40];

	cks_time_format_iso(a->created_ms, created, sizeof(created));
	printf("agent %s\n", a->login);
	printf("  id        %lld\n", (long long)a->id);
	printf("  name_th   %s\n", a->name_th);
	printf("  name_en   %s\n", a->name_en);
	printf("  state     %s\n", a->active ? "active" : "disabled");
	printf("  sessions  %lld\n", (long long)a->sessions);
	printf("  created   %s\n", created);
}

static int
show(struct cli *cli, const char *login)
{
	struct cks_agent *agent;
	int rc;

	if (cks_agent_get(cli->store, login, &agent, &cli->err) < 0)
		return cli_fail(cli);
	if (cli->json) {
		rc = cli_print_json(cks_agent_to_json(agent));
	} else {
		print_agent(agent);
		rc = CLI_OK;
	}
	cks_agent_free(&agent);
	return rc;
}

static int
agent_add(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "name-th", required_argument, NULL, 't' },
		{ "name-en", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	struct cks_agent_input in;
	int64_t id;
	int opt;

	memset(&in, 0, sizeof(in));
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 't': in.name_th = optarg; break;
		case 'e': in.name_en = optarg; break;
		default: return CLI_USAGE;
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error("agent add", "expected one LOGIN");
	in.login = argv[optind];
	if (cli_store(cli) < 0)
		return CLI_FAILED;
	if (cks_agent_add(cli->store, &in, &id, &cli->err) < 0)
		return cli_fail(cli);
	return show(cli, in.login);
}

static int
agent_list(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "all", no_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	struct cks_agent **list;
	struct cli_table *table;
	size_t count;
	int opt, all = 0;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 'a': all = 1; break;
		default: return CLI_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage_error("agent list", "unexpected argument '%s'",
		    argv[optind]);
	if (cli_store(cli) < 0)
		return CLI_FAILED;
	if (cks_agent_list(cli->store, all, &list, &count, &cli->err) < 0)
		return cli_fail(cli);
	if (cli->json) {
		json_t *array = json_array();

		for (size_t i = 0; i < count; i++)
			json_array_append_new(array, cks_agent_to_json(list[i]));
		cks_agent_list_free(&list, count);
		return cli_print_json(json_pack("{so}", "agents", array));
	}
	table = cli_table_new(5, "LOGIN", "NAME (TH)", "NAME (EN)", "STATE",
	    "SESSIONS");
	for (size_t i = 0; i < count; i++) {
		char sessions[24];

		snprintf(sessions, sizeof(sessions), "%lld",
		    (long long)list[i]->sessions);
		cli_table_add(table, list[i]->login, list[i]->name_th,
		    list[i]->name_en, list[i]->active ? "active" : "disabled",
		    sessions);
	}
	cli_table_print(table);
	cli_table_free(&table);
	cks_agent_list_free(&list, count);
	return CLI_OK;
}

/* One line from stdin without its line end; on a terminal, asked for on
 * stderr with echo off.  Never from argv: it would show in ps and in the
 * shell's history. */
static int
read_secret(const char *prompt, char *out, size_t size)
{
	struct termios saved, quiet;
	int tty = isatty(STDIN_FILENO), got;

	if (tty) {
		fputs(prompt, stderr);
		tcgetattr(STDIN_FILENO, &saved);
		quiet = saved;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	got = fgets(out, (int)size, stdin) != NULL;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
		fputs("\n", stderr);
	}
	if (!got)
		return -1;
	out[strcspn(out, "\r\n")] = '\0';
	return 0;
}

static int
agent_passwd(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "role", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	enum cks_desk_role role;
	const char *role_text = NULL;
	char password[1024], again[1024];
	int opt, rc;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 'r': role_text = optarg; break;
		default: return CLI_USAGE;
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error("agent passwd", "expected one LOGIN (the "
		    "password is read from standard input)");
	if (role_text != NULL && cks_desk_role_parse(role_text, &role) < 0)
		return cli_usage_error("agent passwd", "--role: '%s' is not agent, "
		    "supervisor or viewer", role_text);
	if (cli_store(cli) < 0)
		return CLI_FAILED;
	if (read_secret("New password: ", password, sizeof(password)) < 0) {
		cks_error_set(&cli->err, CKS_ERROR_INVALID,
		    "password: none on standard input");
		return cli_fail(cli);
	}
	if (isatty(STDIN_FILENO) &&
	    (read_secret("Again: ", again, sizeof(again)) < 0 ||
	     strcmp(again, password) != 0)) {
		explicit_bzero(password, sizeof(password));
		explicit_bzero(again, sizeof(again));
		cks_error_set(&cli->err, CKS_ERROR_INVALID,
		    "password: the two entries differ");
		return cli_fail(cli);
	}
	rc = cks_desk_set_password(cli->store, argv[optind], password,
	    role_text != NULL ? &role : NULL, &cli->err);
	explicit_bzero(password, sizeof(password));
	explicit_bzero(again, sizeof(again));
	if (rc < 0)
		return cli_fail(cli);
	if (cli->json)
		return cli_print_json(json_pack("{ss sb}", "login", argv[optind],
		    "password_set", 1));
	printf("password set for %s\n", argv[optind]);
	return CLI_OK;
}

int
cmd_agent(struct cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("agent",
		    "expected add, list, show, passwd or disable");
	if (strcmp(argv[1], "add") == 0)
		return agent_add(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return agent_list(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "passwd") == 0)
		return agent_passwd(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "show") == 0) {
		if (argc != 3)
			return cli_usage_error("agent show", "expected one LOGIN");
		return cli_store(cli) < 0 ? CLI_FAILED : show(cli, argv[2]);
	}
	if (strcmp(argv[1], "disable") == 0) {
		if (argc != 3)
			return cli_usage_error("agent disable",
			    "expected one LOGIN");
		if (cli_store(cli) < 0)
			return CLI_FAILED;
		if (cks_agent_disable(cli->store, argv[2], &cli->err) < 0)
			return cli_fail(cli);
		return show(cli, argv[2]);
	}
	return cli_usage_error("agent", "unknown subcommand '%s'", argv[1]);
}
