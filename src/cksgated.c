/* cksgated: the gateway daemon.  This release implements its configuration
 * check (-t); the service loop (queue workers, intakes, HTTP API) is not
 * built yet and the program says so instead of pretending to run. */
#include "autoconfig.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "channels.h"
#include "config.h"
#include "store.h"

static const char usage_text[] =
	"usage: cksgated [-c FILE] [-f] [-t]\n"
	"  -c, --config FILE  configuration (default: $CKSGATE_CONFIG, else the\n"
	"                     embedded defaults)\n"
	"  -t, --check        load the config, store and plugins, report, exit\n"
	"  -f, --foreground   stay in the foreground\n";

static int
check(const char *config_path)
{
	struct cks_config *config = NULL;
	struct cks_store *store = NULL;
	struct cks_channels *channels = NULL;
	struct cks_error err;
	int rc = 1;

	if (cks_config_load(config_path, &config, &err) < 0 ||
	    cks_store_open(config->database, config->busy_timeout_ms, &store,
			   &err) < 0 ||
	    cks_channels_load(config->plugin_dir, &channels, &err) < 0) {
		fprintf(stderr, "cksgated: %s\n", err.message);
		goto out;
	}
	printf("config %s: ok\nstore %s: schema version %d\n", config->source,
	    config->database, cks_store_schema_version(store));
	for (size_t i = 0; i < channels->count; i++)
		printf("channel %s: loaded from %s\n",
		    channels->channels[i].plugin->id, channels->channels[i].path);
	for (size_t i = 0; i < channels->refusal_count; i++)
		fprintf(stderr, "cksgated: plugin %s refused: %s\n",
		    channels->refusals[i].path, channels->refusals[i].reason);
	if (channels->count == 0)
		fprintf(stderr, "cksgated: no channel plugins in %s\n",
		    config->plugin_dir);
	rc = channels->count > 0 && channels->refusal_count == 0 ? 0 : 1;
out:
	cks_channels_free(&channels);
	cks_store_close(&store);
	cks_config_free(&config);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check", no_argument, NULL, 't' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *config_path = NULL;
	int only_check = 0, opt;

	while ((opt = getopt_long(argc, argv, "c:tfh", options, NULL)) != -1) {
		switch (opt) {
		case 'c': config_path = optarg; break;
		case 't': only_check = 1; break;
		case 'f': break;
		case 'h': fputs(usage_text, stdout); return 0;
		default: fputs(usage_text, stderr); return 2;
		}
	}
	if (optind != argc) {
		fputs(usage_text, stderr);
		return 2;
	}
	config_path = cks_config_choose_path(config_path);
	if (only_check)
		return check(config_path);
	fprintf(stderr, "cksgated: the service loop is not built in this "
	    "release; use -t to check the configuration\n");
	return 1;
}
