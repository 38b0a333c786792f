#include "autoconfig.h"

#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#ifndef CKS_DEFAULT_STATE_DIR
#define CKS_DEFAULT_STATE_DIR "/var/lib/cksgate"
#endif
#ifndef CKS_DEFAULT_PLUGIN_DIR
#define CKS_DEFAULT_PLUGIN_DIR "/usr/lib/cksgate/plugins"
#endif
#ifndef CKS_DEFAULT_TEMPLATE_DIR
#define CKS_DEFAULT_TEMPLATE_DIR "/usr/share/cksgate/templates"
#endif

#define MAX_LINE 4096

enum key_type { KEY_PATH, KEY_LONG };

/* Every key the file may set.  Adding a setting is one line here plus a
 * field in struct cks_config. */
static const struct key {
	const char *name;
	enum key_type type;
	size_t offset;
	long min, max;         /* KEY_LONG bounds */
} keys[] = {
	{ "state_dir", KEY_PATH, offsetof(struct cks_config, state_dir), 0, 0 },
	{ "database", KEY_PATH, offsetof(struct cks_config, database), 0, 0 },
	{ "plugin_dir", KEY_PATH, offsetof(struct cks_config, plugin_dir), 0, 0 },
	{ "template_dir", KEY_PATH, offsetof(struct cks_config, template_dir), 0, 0 },
	{ "busy_timeout_ms", KEY_LONG, offsetof(struct cks_config, busy_timeout_ms), 0, 600000 },
};

const char *
cks_config_choose_path(const char *explicit_path)
{
	const char *env;

	if (explicit_path != NULL)
		return explicit_path;
	env = getenv("CKSGATE_CONFIG");
	if (env != NULL && env[0] != '\0')
		return env;
	return NULL;
}

static char *
join_path(const char *dir, const char *name)
{
	size_t len = strlen(dir) + 1 + strlen(name) + 1;
	char *path = malloc(len);

	if (path != NULL)
		snprintf(path, len, "%s/%s", dir, name);
	return path;
}

static int
set_defaults(struct cks_config *c)
{
	c->state_dir = strdup(CKS_DEFAULT_STATE_DIR);
	c->plugin_dir = strdup(CKS_DEFAULT_PLUGIN_DIR);
	c->template_dir = strdup(CKS_DEFAULT_TEMPLATE_DIR);
	c->busy_timeout_ms = 5000;
	return (c->state_dir && c->plugin_dir && c->template_dir) ? 0 : -1;
}

static char *
trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
			   end[-1] == '\r' || end[-1] == '\n'))
		*--end = '\0';
	return s;
}

static int
set_value(struct cks_config *c, const struct key *key, const char *value,
	  const char *where, struct cks_error *err)
{
	void *field = (char *)c + key->offset;

	switch (key->type) {
	case KEY_PATH: {
		char **slot = field;

		if (value[0] != '/')
			return cks_error_set(err, CKS_ERROR_INVALID,
			    "%s: key '%s': '%s' is not an absolute path",
			    where, key->name, value);
		free(*slot);
		*slot = strdup(value);
		if (*slot == NULL)
			return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		return 0;
	}
	case KEY_LONG: {
		char *end;
		long n;

		errno = 0;
		n = strtol(value, &end, 10);
		if (errno != 0 || end == value || *end != '\0' ||
		    n < key->min || n > key->max)
			return cks_error_set(err, CKS_ERROR_INVALID,
			    "%s: key '%s': '%s' is not a whole number from %ld to %ld",
			    where, key->name, value, key->min, key->max);
		*(long *)field = n;
		return 0;
	}
	}
	return cks_error_set(err, CKS_ERROR_INTERNAL, "bad key type");
}

static int
parse_line(struct cks_config *c, char *line, const char *where,
	   struct cks_error *err)
{
	char *eq, *name, *value;
	size_t len;

	line = trim(line);
	if (line[0] == '\0' || line[0] == '#')
		return 0;
	eq = strchr(line, '=');
	if (eq == NULL)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: expected 'key = value', got '%.60s'", where, line);
	*eq = '\0';
	name = trim(line);
	value = trim(eq + 1);
	/* Quotes keep leading or trailing blanks; nothing else is special. */
	len = strlen(value);
	if (len >= 2 && value[0] == '"' && value[len - 1] == '"') {
		value[len - 1] = '\0';
		value++;
	}
	if (name[0] == '\0')
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: missing key before '='", where);
	if (!cks_utf8_valid(value, strlen(value)) || cks_text_has_control(value))
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: key '%s': value is not valid UTF-8 text", where, name);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(keys[i].name, name) == 0)
			return set_value(c, &keys[i], value, where, err);
	return cks_error_set(err, CKS_ERROR_INVALID,
	    "%s: unknown key '%s'", where, name);
}

static int
read_file(struct cks_config *c, const char *path, struct cks_error *err)
{
	char line[MAX_LINE];
	char where[PATH_MAX + 32];
	unsigned lineno = 0;
	FILE *f = fopen(path, "r");

	if (f == NULL)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "cannot read config file %s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		snprintf(where, sizeof(where), "%s:%u", path, lineno);
		if (strchr(line, '\n') == NULL && !feof(f)) {
			fclose(f);
			return cks_error_set(err, CKS_ERROR_INVALID,
			    "%s: line longer than %d bytes", where, MAX_LINE - 2);
		}
		if (parse_line(c, line, where, err) < 0) {
			fclose(f);
			return -1;
		}
	}
	if (ferror(f)) {
		fclose(f);
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "error reading config file %s", path);
	}
	fclose(f);
	return 0;
}

int
cks_config_load(const char *path, struct cks_config **config_out,
		struct cks_error *err)
{
	struct cks_config *c = calloc(1, sizeof(*c));

	*config_out = NULL;
	if (c == NULL || set_defaults(c) < 0) {
		cks_config_free(&c);
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	}
	c->source = strdup(path != NULL ? path : "(embedded defaults)");
	if (path != NULL && read_file(c, path, err) < 0) {
		cks_config_free(&c);
		return -1;
	}
	if (c->database == NULL)
		c->database = join_path(c->state_dir, "cksgate.db");
	if (c->source == NULL || c->database == NULL) {
		cks_config_free(&c);
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	}
	*config_out = c;
	return 0;
}

void
cks_config_free(struct cks_config **config)
{
	struct cks_config *c = *config;

	if (c == NULL)
		return;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (keys[i].type == KEY_PATH)
			free(*(char **)((char *)c + keys[i].offset));
	free(c->source);
	free(c);
	*config = NULL;
}
