#include "autoconfig.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plugin_cache.h"

/* One line a verdict, tab-separated:
 * file dev ino size mtime_ns ok|refused reason */
struct verdict {
	char *file;
	uintmax_t dev, ino, size, mtime_ns;
	int ok;
	char *why;
	int seen;              /* looked up or recorded in this load */
};

struct cks_plugin_cache {
	char *path;
	struct verdict *v;
	size_t count;
	int changed;
};

static uintmax_t
mtime_ns(const struct stat *st)
{
	return (uintmax_t)st->st_mtim.tv_sec * 1000000000u +
	    (uintmax_t)st->st_mtim.tv_nsec;
}

static int
add(struct cks_plugin_cache *c, const char *file, uintmax_t dev,
    uintmax_t ino, uintmax_t size, uintmax_t mtime, int ok, const char *why)
{
	struct verdict *grown = realloc(c->v, (c->count + 1) * sizeof(*grown));

	if (grown == NULL)
		return -1;
	c->v = grown;
	grown[c->count] = (struct verdict){ strdup(file), dev, ino, size, mtime,
	    ok, strdup(why), 0 };
	if (grown[c->count].file == NULL || grown[c->count].why == NULL) {
		free(grown[c->count].file);
		free(grown[c->count].why);
		return -1;
	}
	c->count++;
	return 0;
}

struct cks_plugin_cache *
cks_plugin_cache_open(const char *path)
{
	struct cks_plugin_cache *c = calloc(1, sizeof(*c));
	char *line = NULL;
	size_t cap = 0;
	FILE *f;

	if (c == NULL || path == NULL)
		return c;
	if ((c->path = strdup(path)) == NULL) {
		free(c);
		return NULL;
	}
	if ((f = fopen(path, "re")) == NULL)
		return c;
	while (getline(&line, &cap, f) > 0) {
		char *field[7], *save = NULL, *p = line;
		uintmax_t n[4];
		int i;

		line[strcspn(line, "\n")] = '\0';
		for (i = 0; i < 7 && (field[i] = strtok_r(p, "\t", &save)) != NULL; i++)
			p = NULL;
		if (i < 6)
			continue;                 /* damaged: probe again */
		for (int k = 0; k < 4; k++)
			n[k] = strtoumax(field[k + 1], NULL, 10);
		add(c, field[0], n[0], n[1], n[2], n[3],
		    strcmp(field[5], "ok") == 0, i == 7 ? field[6] : "");
	}
	free(line);
	fclose(f);
	return c;
}

static struct verdict *
find(const struct cks_plugin_cache *c, const char *file, const struct stat *st)
{
	for (size_t i = 0; c != NULL && i < c->count; i++) {
		struct verdict *v = &c->v[i];

		if (strcmp(v->file, file) == 0 && v->dev == (uintmax_t)st->st_dev &&
		    v->ino == (uintmax_t)st->st_ino &&
		    v->size == (uintmax_t)st->st_size && v->mtime_ns == mtime_ns(st))
			return v;
	}
	return NULL;
}

int
cks_plugin_cache_get(const struct cks_plugin_cache *cache, const char *file,
		     const struct stat *st, int *ok, char *why, size_t size)
{
	struct verdict *v = find(cache, file, st);

	if (v == NULL)
		return 0;
	v->seen = 1;
	*ok = v->ok;
	snprintf(why, size, "%s", v->why);
	return 1;
}

void
cks_plugin_cache_put(struct cks_plugin_cache *cache, const char *file,
		     const struct stat *st, int ok, const char *why)
{
	char clean[512];
	size_t i;

	if (cache == NULL || cache->path == NULL)
		return;
	/* the reason is one field of one line */
	snprintf(clean, sizeof(clean), "%s", why);
	for (i = 0; clean[i] != '\0'; i++)
		if (clean[i] == '\t' || clean[i] == '\n' || clean[i] == '\r')
			clean[i] = ' ';
	if (add(cache, file, (uintmax_t)st->st_dev, (uintmax_t)st->st_ino,
		(uintmax_t)st->st_size, mtime_ns(st), ok, clean) == 0) {
		cache->v[cache->count - 1].seen = 1;
		cache->changed = 1;
	}
}

void
cks_plugin_cache_close(struct cks_plugin_cache **cache)
{
	struct cks_plugin_cache *c = *cache;
	char tmp[4096];
	FILE *f;

	if (c == NULL)
		return;
	for (size_t i = 0; i < c->count; i++)
		if (!c->v[i].seen)
			c->changed = 1;       /* a file gone or changed: drop it */
	/* Only into an existing state directory: listing channels must not
	 * create it (the store does, when a command needs one). */
	if (c->path != NULL && c->changed &&
	    snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", c->path, (long)getpid()) <
	    (int)sizeof(tmp) && (f = fopen(tmp, "we")) != NULL) {
		for (size_t i = 0; i < c->count; i++)
			if (c->v[i].seen)
				fprintf(f, "%s\t%ju\t%ju\t%ju\t%ju\t%s\t%s\n",
				    c->v[i].file, c->v[i].dev, c->v[i].ino,
				    c->v[i].size, c->v[i].mtime_ns,
				    c->v[i].ok ? "ok" : "refused", c->v[i].why);
		/* rename() replaces the old file in one step: a concurrent
		 * reader sees the old verdicts or the new, never half. */
		if (fclose(f) != 0 || rename(tmp, c->path) != 0)
			unlink(tmp);
	}
	for (size_t i = 0; i < c->count; i++) {
		free(c->v[i].file);
		free(c->v[i].why);
	}
	free(c->v);
	free(c->path);
	free(c);
	*cache = NULL;
}
