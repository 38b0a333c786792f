/* cksctl inject, inbox run, reply parse, quarantine ..., sms, rating record */
#include "autoconfig.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "answer.h"
#include "reply_store.h"
#include "mailbox.h"
#include "rating.h"
#include "session.h"
#include "utf8.h"

/* Larger messages are refused (and bounced by the MTA), never stored. */
#define MAX_MESSAGE (64u << 20)

/* warm: the command parses mail (inject, reply parse, inbox run). */
static int
inbound(struct cli *cli, struct cks_reply_store *in, int warm)
{
	/* The parser helper first: its own start-up (mostly the dynamic
	 * linker) then runs beside ours -- opening the store, loading the
	 * plugins -- instead of after it (inject from an MTA pipe). */
	if (cli_config(cli) < 0)
		return -1;
	if (cli->worker == NULL &&
	    (cks_parse_worker_start(cli->config->parse_timeout_ms, &cli->worker,
				    &cli->err) < 0 ||
	     (warm && cks_parse_worker_warm(cli->worker, &cli->err) < 0))) {
		cli_fail(cli);
		return -1;
	}
	if (cli_store(cli) < 0 || cli_channels(cli) < 0)
		return -1;
	in->config = cli->config;
	in->store = cli->store;
	in->channels = cli->channels;
	in->worker = cli->worker;
	return 0;
}

static int
print_result(struct cli *cli, const struct cks_reply_store_result *r)
{
	if (cli->json)
		return cli_print_json(cks_reply_store_result_to_json(r));
	printf("%s", cks_reply_store_outcome_name(r->outcome));
	if (r->id)
		printf(" as inbound message %lld", (long long)r->id);
	if (r->session_id)
		printf(", session %lld", (long long)r->session_id);
	if (r->code >= 0)
		printf(", answer %d (%s)", r->code, r->label_en ? r->label_en : "?");
	if (r->outcome == CKS_REPLY_STORE_RECORDED)
		printf("\n");
	else
		printf(": %s\n", r->reason);
	if (r->comment)
		printf("comment: %s\n", r->comment);
	return CLI_OK;
}

static char *
read_stream(FILE *f, size_t *size_out, int *too_big)
{
	size_t size = 0, capacity = 65536;
	char *data = malloc(capacity);
	size_t n;

	*too_big = 0;
	while (data != NULL && (n = fread(data + size, 1, capacity - size, f)) > 0) {
		size += n;
		if (size == capacity) {
			char *grown;

			if (capacity >= MAX_MESSAGE) {
				*too_big = 1;
				break;
			}
			grown = realloc(data, capacity * 2);
			if (grown == NULL) {
				free(data);
				return NULL;
			}
			data = grown;
			capacity *= 2;
		}
	}
	if (data != NULL && ferror(f)) {
		free(data);
		return NULL;
	}
	*size_out = size;
	return data;
}

/* Exit codes follow sysexits(3), for MTAs: 75 asks them to retry. */
static int
cmd_inject(struct cli *cli, int argc, char **argv)
{
	struct cks_reply_store_result r = { 0 };
	struct cks_reply_store in;
	size_t size;
	int too_big, rc;
	char *raw;

	if (argc != 1)
		return cli_usage_error("inject", "takes the message on standard input");
	raw = read_stream(stdin, &size, &too_big);
	if (raw == NULL) {
		fprintf(stderr, "cksctl: inject: cannot read standard input\n");
		return EX_TEMPFAIL;
	}
	if (too_big) {
		free(raw);
		fprintf(stderr, "cksctl: inject: message larger than %u bytes\n",
		    MAX_MESSAGE);
		return EX_DATAERR;
	}
	if (inbound(cli, &in, 1) < 0) {
		free(raw);
		return EX_TEMPFAIL;
	}
	rc = cks_reply_store_accept_mail(&in, raw, size, "pipe", NULL, &r, &cli->err);
	free(raw);
	if (rc < 0) {
		cli_fail(cli);
		cks_reply_store_result_clear(&r);
		return CKS_ERROR_IS_TEMPORARY(cli->err.kind) ? EX_TEMPFAIL : EX_SOFTWARE;
	}
	rc = print_result(cli, &r);
	cks_reply_store_result_clear(&r);
	return rc;
}

static int
cmd_reply(struct cli *cli, int argc, char **argv)
{
	struct cks_reply_store_result r = { 0 };
	struct cks_reply_store in;
	size_t size;
	int too_big, rc;
	char *raw;
	FILE *f;

	if (argc != 3 || strcmp(argv[1], "parse") != 0)
		return cli_usage_error("reply", "expected 'reply parse FILE'");
	f = strcmp(argv[2], "-") == 0 ? stdin : fopen(argv[2], "rb");
	if (f == NULL) {
		fprintf(stderr, "cksctl: reply parse: cannot open %s\n", argv[2]);
		return CLI_FAILED;
	}
	raw = read_stream(f, &size, &too_big);
	if (f != stdin)
		fclose(f);
	if (raw == NULL || too_big) {
		free(raw);
		fprintf(stderr, "cksctl: reply parse: cannot read %s\n", argv[2]);
		return CLI_FAILED;
	}
	if (inbound(cli, &in, 1) < 0) {
		free(raw);
		return CLI_FAILED;
	}
	rc = cks_reply_store_dry_run(&in, raw, size, &r, &cli->err);
	free(raw);
	if (rc < 0)
		return cli_fail(cli);
	rc = print_result(cli, &r);
	cks_reply_store_result_clear(&r);
	return rc;
}

/* Maildir messages are handled in batches of this many per commit. */
static int
cmd_inbox(struct cli *cli, int argc, char **argv)
{
	struct cks_reply_store in;
	struct cks_mailbox_stats stats;
	int rc;

	if (argc != 2 || strcmp(argv[1], "run") != 0)
		return cli_usage_error("inbox", "expected 'inbox run'");
	if (inbound(cli, &in, 1) < 0)
		return CLI_FAILED;
	rc = cks_mailbox_run(&in, 0, NULL, &stats, &cli->err);
	if (rc < 0) {
		fprintf(stderr, "cksctl: inbox run: %s\n", cli->err.message);
		return CLI_FAILED;
	}
	for (int i = 0; i < CKS_MAILBOX_SOURCES; i++)
		if (stats.failed[i])
			fprintf(stderr, "cksctl: inbox run: %s: %s\n",
			    cks_mailbox_source_name(i), stats.failure[i]);
		else if (stats.held_elsewhere[i])
			fprintf(stderr, "cksctl: inbox run: %s: not polled: another "
			    "daemon polls this account (its lease, queue.lease, "
			    "has not passed)\n", cks_mailbox_source_name(i));
	if (cli->json) {
		json_t *j = json_object();

		for (int i = 0; i < CKS_MAILBOX_SOURCES; i++) {
			const struct cks_fetch_stats *s = &stats.intake[i];

			if (stats.configured[i])
				json_object_set_new(j, cks_mailbox_source_name(i),
				    json_pack("{si si si si sb}", "fetched",
				    (int)s->fetched, "done", (int)s->done,
				    "skipped", (int)s->skipped,
				    "deferred", (int)s->deferred,
				    "held_elsewhere", stats.held_elsewhere[i] != 0));
		}
		for (int o = 0; o < 6; o++)
			json_object_set_new(j, cks_reply_store_outcome_name(o),
			    json_integer(stats.outcomes[o]));
		cli_print_json(j);
	} else {
		for (int i = 0; i < CKS_MAILBOX_SOURCES; i++) {
			const struct cks_fetch_stats *s = &stats.intake[i];

			if (stats.configured[i])
				printf("%s: %ld fetched, %ld done, %ld seen before, "
				    "%ld left for later\n", cks_mailbox_source_name(i),
				    s->fetched, s->done, s->skipped, s->deferred);
		}
		for (int o = 0; o < 6; o++)
			if (stats.outcomes[o])
				printf("  %s: %ld\n", cks_reply_store_outcome_name(o),
				    stats.outcomes[o]);
	}
	return rc > 0 ? CLI_FAILED : CLI_OK;
}

static const char *
text_of(const json_t *object, const char *name)
{
	return json_string_value(json_object_get(object, name));
}

/* One quarantined message for the person who resolves it: who wrote and
 * when, the first line of their answer, why it is here, and what the
 * reader suggests.  The survey token is never printed. */
static void
print_quarantined(const json_t *m)
{
	const json_t *session = json_object_get(m, "session");
	const json_t *suggestion = json_object_get(m, "suggestion");
	const json_t *label = json_object_get(m, "suggestion_label");
	const char *received = text_of(m, "received"), *line;
	char when[17] = "", cut[256];

	/* "2026-11-28T10:05:00+07:00" -> "2026-11-28 10:05", local time. */
	if (received != NULL && strlen(received) >= 16) {
		snprintf(when, sizeof(when), "%.16s", received);
		when[10] = ' ';
	}
	printf("%-6lld %s  %s", (long long)json_integer_value(json_object_get(m,
	    "id")), when[0] ? when : "-", text_of(m, "sender") ? text_of(m,
	    "sender") : text_of(m, "source"));
	if (json_is_integer(session))
		printf("  session %lld", (long long)json_integer_value(session));
	printf("\n");
	line = text_of(m, "first_line");
	cks_utf8_truncate_width(line != NULL ? line : "", 60, cut, sizeof(cut));
	printf("       answer: %s\n", line != NULL ? cut : "-");
	/* A reason may quote what the customer wrote. */
	snprintf(cut, sizeof(cut), "%s", text_of(m, "reason") ? text_of(m,
	    "reason") : "-");
	cks_text_make_printable(cut);
	printf("       reason: %s\n", cut);
	if (!json_is_integer(suggestion))
		printf("       no suggestion\n");
	else if (json_is_object(label))
		printf("       suggest %lld (%s)\n",
		    (long long)json_integer_value(suggestion),
		    text_of(label, "en"));
	else
		printf("       suggest %lld\n",
		    (long long)json_integer_value(suggestion));
}

/* The plugins give the suggestions their labels; the quarantine is still
 * listed without them when they cannot be loaded -- it is where the
 * replies of a channel whose plugin is broken end up. */
static void
channels_for_labels(struct cli *cli)
{
	if (cli_channels(cli) < 0)
		fprintf(stderr, "cksctl: warning: suggestions are shown without "
		    "their labels\n");
}

static int
cmd_quarantine(struct cli *cli, int argc, char **argv)
{
	struct cks_reply_store_result r = { 0 };
	struct cks_reply_store in;
	int64_t id, session = 0, code = -1;
	json_t *json;
	int rc;

	if (argc < 2)
		return cli_usage_error("quarantine",
		    "expected list, show, replay or resolve");
	if (strcmp(argv[1], "list") == 0 && argc == 2) {
		if (cli_store(cli) < 0)
			return CLI_FAILED;
		channels_for_labels(cli);
		if (cks_reply_store_list(cli->store, cli->channels, "quarantined", 200,
				     &json, &cli->err) < 0)
			return cli_fail(cli);
		if (cli->json)
			return cli_print_json(json_pack("{so}", "messages", json));
		for (size_t i = 0; i < json_array_size(json); i++)
			print_quarantined(json_array_get(json, i));
		json_decref(json);
		return CLI_OK;
	}
	if (argc < 3 || cli_parse_id("quarantine", "ID", argv[2], &id) < 0)
		return argc < 3 ? cli_usage_error("quarantine", "expected an ID")
				: CLI_USAGE;
	if (strcmp(argv[1], "show") == 0 && (argc == 3 || argc == 4)) {
		if (argc == 4 && strcmp(argv[3], "--raw") != 0)
			return cli_usage_error("quarantine show", "expected --raw");
		if (cli_store(cli) < 0)
			return CLI_FAILED;
		if (argc == 4) {
			char *raw;
			size_t size;

			if (cks_reply_store_raw(cli->store, id, &raw, &size, &cli->err) < 0)
				return cli_fail(cli);
			fwrite(raw, 1, size, stdout);
			free(raw);
			return CLI_OK;
		}
		channels_for_labels(cli);
		if (cks_reply_store_show(cli->store, cli->channels, id, &json,
				     &cli->err) < 0)
			return cli_fail(cli);
		return cli_print_json(json);
	}
	if (inbound(cli, &in, 0) < 0)
		return CLI_FAILED;
	if (strcmp(argv[1], "replay") == 0 && argc == 3) {
		rc = cks_reply_store_replay(&in, id, &r, &cli->err);
	} else if (strcmp(argv[1], "resolve") == 0 && argc == 4 &&
		   strcmp(argv[3], "--accept") == 0) {
		rc = cks_reply_store_accept_suggestion(&in, id, &r, &cli->err);
	} else if (strcmp(argv[1], "resolve") == 0 && argc == 7 &&
		   strcmp(argv[3], "--session") == 0 && strcmp(argv[5], "--code") == 0) {
		if (cli_parse_id("quarantine resolve", "--session", argv[4], &session) < 0)
			return CLI_USAGE;
		code = strtol(argv[6], NULL, 10);
		rc = cks_reply_store_resolve(&in, id, session, (int)code, &r, &cli->err);
	} else {
		return cli_usage_error("quarantine", "expected 'replay ID', "
		    "'resolve ID --session SESSION --code CODE' or "
		    "'resolve ID --accept'");
	}
	if (rc < 0) {
		cks_reply_store_result_clear(&r);
		return cli_fail(cli);
	}
	rc = print_result(cli, &r);
	cks_reply_store_result_clear(&r);
	return rc;
}

static int
cmd_sms(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "text", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	struct cks_reply_store_result r = { 0 };
	const char *from = NULL, *text = NULL;
	struct cks_reply_store in;
	int opt, rc;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (opt == 'f')
			from = optarg;
		else if (opt == 't')
			text = optarg;
		else
			return CLI_USAGE;
	}
	if (from == NULL || text == NULL || optind != argc)
		return cli_usage_error("sms", "expected --from PHONE --text TEXT");
	if (inbound(cli, &in, 0) < 0)
		return CLI_FAILED;
	if (cks_reply_store_accept_sms(&in, from, text, &r, &cli->err) < 0) {
		cks_reply_store_result_clear(&r);
		return cli_fail(cli);
	}
	rc = print_result(cli, &r);
	cks_reply_store_result_clear(&r);
	return rc;
}

/* Reads text with the answer reader against plugin's scale: one answer,
 * or an error with the reader's reason.  *comment_out (when asked for)
 * gets what follows the answer, malloc'ed or NULL. */
static int
read_code(struct cli *cli, const struct cks_channel_plugin *plugin,
	  const char *text, long *code, char **comment_out)
{
	struct cks_answer answer;

	if (cks_answer_find(plugin, text, &answer) < 0)
		return cks_error_set(&cli->err, CKS_ERROR_INTERNAL, "out of memory");
	if (answer.kind != CKS_ANSWER_FOUND) {
		cks_error_set(&cli->err, CKS_ERROR_INVALID, "rating record: '%s' "
		    "is not one answer on channel '%s' (%s: %s)", text, plugin->id,
		    cks_answer_kind_name(answer.kind), answer.reason);
		cks_answer_clear(&answer);
		return -1;
	}
	*code = answer.code;
	if (comment_out != NULL) {
		*comment_out = answer.comment;
		answer.comment = NULL;
	}
	cks_answer_clear(&answer);
	return 0;
}

static int cmd_rating_history(struct cli *cli, int argc, char **argv);

static int
cmd_rating(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "via", required_argument, NULL, 'v' },
		{ "comment", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	const char *via = NULL, *comment = NULL;
	const struct cks_channel_plugin *plugin;
	struct cks_session *s;
	int64_t id;
	char *end, *read_comment = NULL;
	long code;
	int opt, changed, rc;
	json_t *json;

	if (argc >= 2 && strcmp(argv[1], "history") == 0)
		return cmd_rating_history(cli, argc, argv);
	if (argc < 2 || strcmp(argv[1], "record") != 0)
		return cli_usage_error("rating", "expected 'rating record SESSION "
		    "CODE --via ivr|chat|counter' or 'rating history SESSION'");
	optind = 2;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (opt == 'v')
			via = optarg;
		else if (opt == 'c')
			comment = optarg;
		else
			return CLI_USAGE;
	}
	if (argc - optind != 2 || via == NULL)
		return cli_usage_error("rating record",
		    "expected SESSION CODE --via ivr|chat|counter");
	if (strcmp(via, "ivr") != 0 && strcmp(via, "chat") != 0 &&
	    strcmp(via, "counter") != 0)
		return cli_usage_error("rating record", "--via must be ivr, chat or "
		    "counter (email and sms answers arrive through inject and sms)");
	if (cli_parse_id("rating record", "SESSION", argv[optind], &id) < 0)
		return CLI_USAGE;
	code = strtol(argv[optind + 1], &end, 10);
	if (cli_store(cli) < 0 || cli_channels(cli) < 0)
		return CLI_FAILED;
	if (cks_session_get(cli->store, id, &s, &cli->err) < 0)
		return cli_fail(cli);
	plugin = cks_channels_find(cli->channels, s->channel);
	if (plugin == NULL) {
		cks_error_set(&cli->err, CKS_ERROR_INVALID, "session %lld is on "
		    "channel '%s', whose plugin is not loaded", (long long)id,
		    s->channel);
		cks_session_free(&s);
		return cli_fail(cli);
	}
	cks_session_free(&s);
	/* A keypad or chat text that is not a plain number ("๒", "กด 2",
	 * "พึงพอใจ") is read as a reply or an SMS is. */
	if (*end != '\0' || end == argv[optind + 1]) {
		if (read_code(cli, plugin, argv[optind + 1], &code,
			      comment ? NULL : &read_comment) < 0)
			return cli_fail(cli);
		if (comment == NULL)
			comment = read_comment;
	}
	rc = cks_rating_record(cli->store, plugin, id, (int)code, via, comment, 0,
	    0, &changed, &cli->err);
	free(read_comment);
	if (rc < 0)
		return cli_fail(cli);
	json = json_object();
	if (cks_rating_attach_json(cli->store, id, json, &cli->err) < 0) {
		json_decref(json);
		return cli_fail(cli);
	}
	json_object_set_new(json, "session", json_integer(id));
	json_object_set_new(json, "changed", json_boolean(changed));
	if (cli->json)
		return cli_print_json(json);
	printf("session %lld: %s %ld via %s\n", (long long)id,
	    changed ? "recorded" : "already recorded", code, via);
	json_decref(json);
	return CLI_OK;
}

/* rating history SESSION: every revision of the session's rating. */
static int
cmd_rating_history(struct cli *cli, int argc, char **argv)
{
	json_t *history, *revisions, *rev;
	size_t i;
	int64_t id;

	if (argc != 3)
		return cli_usage_error("rating history", "expected SESSION");
	if (cli_parse_id("rating history", "SESSION", argv[2], &id) < 0)
		return CLI_USAGE;
	if (cli_store(cli) < 0)
		return CLI_FAILED;
	if (cks_rating_history(cli->store, id, &history, &cli->err) < 0)
		return cli_fail(cli);
	if (cli->json)
		return cli_print_json(history);
	revisions = json_object_get(history, "revisions");
	if (json_array_size(revisions) == 0)
		printf("session %lld: no rating\n", (long long)id);
	json_array_foreach(revisions, i, rev) {
		json_t *from = json_object_get(rev, "from");
		json_t *inbound = json_object_get(rev, "inbound");
		const char *msgid = json_string_value(json_object_get(rev,
		    "message_id"));
		char from_text[16] = "-";

		if (json_is_integer(from))
			snprintf(from_text, sizeof(from_text), "%lld",
			    (long long)json_integer_value(from));
		printf("%lld  %s  %-7s  %s -> %lld",
		    (long long)json_integer_value(json_object_get(rev, "revision")),
		    json_string_value(json_object_get(rev, "when")),
		    json_string_value(json_object_get(rev, "medium")), from_text,
		    (long long)json_integer_value(json_object_get(rev, "to")));
		if (json_is_true(json_object_get(rev, "resolved")))
			printf("  resolved from quarantine %lld",
			    (long long)json_integer_value(inbound));
		else if (json_is_integer(inbound))
			printf("  inbound %lld", (long long)json_integer_value(inbound));
		if (msgid != NULL)
			printf(" %s", msgid);
		printf("\n");
	}
	json_decref(history);
	return CLI_OK;
}

int
cmd_inbound(struct cli *cli, int argc, char **argv)
{
	if (strcmp(argv[0], "inject") == 0)
		return cmd_inject(cli, argc, argv);
	if (strcmp(argv[0], "inbox") == 0)
		return cmd_inbox(cli, argc, argv);
	if (strcmp(argv[0], "reply") == 0)
		return cmd_reply(cli, argc, argv);
	if (strcmp(argv[0], "quarantine") == 0)
		return cmd_quarantine(cli, argc, argv);
	if (strcmp(argv[0], "sms") == 0)
		return cmd_sms(cli, argc, argv);
	return cmd_rating(cli, argc, argv);
}
