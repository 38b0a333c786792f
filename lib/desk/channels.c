#include "autoconfig.h"

#include <dirent.h>
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "channels.h"
#include "plugin_cache.h"
#include "probe.h"
#include "utf8.h"

/* The least an ABI 1.0 plugin may declare for the descriptor and for one
 * element of each array: everything up to the last 1.0 field, without the
 * compiler's tail padding, which a hand-written struct may not have. */
#define ABI_1_0_SIZE (offsetof(struct cks_channel_plugin, target_percent) + \
		      sizeof(uint32_t))
#define STEP_1_0_SIZE (offsetof(struct cks_step, timed) + sizeof(uint8_t))
#define OPTION_1_0_SIZE (offsetof(struct cks_rating_option, words_en) + \
			 sizeof(const char *const *))

/* An element larger than this is not a grown struct but a wrong field. */
#define ELEMENT_SIZE_MAX 4096

static int
why_set(char *why, size_t size, const char *format, ...)
	__attribute__((format(printf, 3, 4)));

static int
why_set(char *why, size_t size, const char *format, ...)
{
	va_list ap;

	va_start(ap, format);
	vsnprintf(why, size, format, ap);
	va_end(ap);
	return -1;
}

static int
valid_id(const char *id)
{
	size_t len;

	if (id == NULL)
		return 0;
	len = strlen(id);
	if (len == 0 || len > 32)
		return 0;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' || *p == '-'))
			return 0;
	return 1;
}

static int
valid_text(const char *s)
{
	return s != NULL && s[0] != '\0' && strlen(s) < 4096 &&
	       cks_utf8_valid(s, strlen(s)) && !cks_text_has_control(s);
}

static int
check_words(const char *const *words, const char *what, int code,
	    char *why, size_t size)
{
	if (words == NULL)
		return 0;
	for (size_t i = 0; words[i] != NULL; i++) {
		if (i >= 64)
			return why_set(why, size,
			    "rating option %d: more than 64 %s words", code, what);
		if (!valid_text(words[i]))
			return why_set(why, size,
			    "rating option %d: %s word %zu is empty or not UTF-8 text",
			    code, what, i + 1);
	}
	return 0;
}

static int
check_steps(const struct cks_channel_plugin *p, char *why, size_t size)
{
	if (p->steps == NULL || p->step_count == 0)
		return why_set(why, size, "the channel has no steps");
	if (p->step_count > 64)
		return why_set(why, size, "%u steps (at most 64)",
		    (unsigned)p->step_count);
	for (size_t i = 0; i < p->step_count; i++) {
		const struct cks_step *s = &p->steps[i];

		if (!valid_id(s->id))
			return why_set(why, size,
			    "step %zu: id is missing or not [a-z0-9_-]{1,32}", i + 1);
		for (size_t j = 0; j < i; j++)
			if (strcmp(p->steps[j].id, s->id) == 0)
				return why_set(why, size,
				    "duplicate step id '%s' (steps %zu and %zu)",
				    s->id, j + 1, i + 1);
		if (s->actor != CKS_ACTOR_AGENT && s->actor != CKS_ACTOR_CLIENT)
			return why_set(why, size,
			    "step '%s': actor %d is neither agent nor client",
			    s->id, (int)s->actor);
		if (!valid_text(s->text.th) || !valid_text(s->text.en))
			return why_set(why, size,
			    "step '%s': Thai or English text is empty or not UTF-8 text",
			    s->id);
		if ((s->min_seconds == CKS_DURATION_NONE) !=
		    (s->max_seconds == CKS_DURATION_NONE))
			return why_set(why, size,
			    "step '%s': only one end of the standard duration is set",
			    s->id);
		if (s->min_seconds != CKS_DURATION_NONE &&
		    (s->min_seconds < 0 || s->max_seconds < 0))
			return why_set(why, size,
			    "step '%s': negative standard duration", s->id);
		if (s->min_seconds > s->max_seconds)
			return why_set(why, size,
			    "step '%s': standard duration min %d s > max %d s",
			    s->id, (int)s->min_seconds, (int)s->max_seconds);
	}
	return 0;
}

static int
check_scale(const struct cks_channel_plugin *p, char *why, size_t size)
{
	int satisfied = 0;

	if (p->scale == NULL || p->scale_count == 0)
		return why_set(why, size, "the rating scale is empty");
	if (p->scale_count > CKS_RATING_CODE_MAX + 1)
		return why_set(why, size, "%u rating options (at most %d)",
		    (unsigned)p->scale_count, CKS_RATING_CODE_MAX + 1);
	for (size_t i = 0; i < p->scale_count; i++) {
		const struct cks_rating_option *o = &p->scale[i];

		if (o->code < 0 || o->code > CKS_RATING_CODE_MAX)
			return why_set(why, size,
			    "rating option %zu: code %d is outside 0..%d",
			    i + 1, (int)o->code, CKS_RATING_CODE_MAX);
		for (size_t j = 0; j < i; j++)
			if (p->scale[j].code == o->code)
				return why_set(why, size,
				    "duplicate rating code %d", (int)o->code);
		if (!valid_text(o->label.th) || !valid_text(o->label.en))
			return why_set(why, size,
			    "rating option %d: Thai or English label is empty or not UTF-8 text",
			    (int)o->code);
		if (check_words(o->words_th, "Thai", (int)o->code, why, size) < 0 ||
		    check_words(o->words_en, "English", (int)o->code, why, size) < 0)
			return -1;
		satisfied |= o->satisfied != 0;
	}
	if (!satisfied)
		return why_set(why, size,
		    "no rating option counts as satisfied");
	return 0;
}

/* The part of the descriptor that says how to read the rest: version,
 * sizes and counts.  Checked before anything is copied, so that a bad
 * size or count never makes us read past the plugin's arrays. */
static int
check_shape(const struct cks_channel_plugin *p, char *why, size_t size)
{
	if (p == NULL)
		return why_set(why, size, "the entry point returned NULL");
	if (p->abi_major != CKS_PLUGIN_ABI_MAJOR)
		return why_set(why, size,
		    "built for plugin ABI %u.%u, this cksgate has ABI %d.%d "
		    "(rebuild it against this cksgate's <cksgate/plugin.h>)",
		    p->abi_major, p->abi_minor, CKS_PLUGIN_ABI_MAJOR,
		    CKS_PLUGIN_ABI_MINOR);
	if (p->size < ABI_1_0_SIZE)
		return why_set(why, size,
		    "descriptor size %u is smaller than ABI 1.0's %zu",
		    p->size, (size_t)ABI_1_0_SIZE);
	if (p->step_size < STEP_1_0_SIZE || p->step_size > ELEMENT_SIZE_MAX)
		return why_set(why, size,
		    "step size %u is outside ABI 1.0's %zu..%d (set it with "
		    "CKS_PLUGIN_HEADER)", p->step_size, (size_t)STEP_1_0_SIZE,
		    ELEMENT_SIZE_MAX);
	if (p->option_size < OPTION_1_0_SIZE || p->option_size > ELEMENT_SIZE_MAX)
		return why_set(why, size,
		    "rating option size %u is outside ABI 1.0's %zu..%d (set it "
		    "with CKS_PLUGIN_HEADER)", p->option_size,
		    (size_t)OPTION_1_0_SIZE, ELEMENT_SIZE_MAX);
	if (p->step_count > 64)
		return why_set(why, size, "%u steps (at most 64)",
		    (unsigned)p->step_count);
	if (p->scale_count > CKS_RATING_CODE_MAX + 1)
		return why_set(why, size, "%u rating options (at most %d)",
		    (unsigned)p->scale_count, CKS_RATING_CODE_MAX + 1);
	return 0;
}

/* Copies min(theirs, ours) bytes and zero-fills the rest: fields the
 * plugin's header did not have read as zero, fields ours does not have
 * are left behind. */
static void
copy_grown(void *ours, size_t our_size, const void *theirs, size_t their_size)
{
	memset(ours, 0, our_size);
	memcpy(ours, theirs, their_size < our_size ? their_size : our_size);
}

struct cks_channel_plugin *
cks_channel_plugin_copy(const struct cks_channel_plugin *p, char *why,
			size_t size)
{
	struct cks_channel_plugin *c;
	struct cks_step *steps;
	struct cks_rating_option *scale;
	size_t steps_n, scale_n;

	if (check_shape(p, why, size) < 0)
		return NULL;
	steps_n = p->steps != NULL ? p->step_count : 0;
	scale_n = p->scale != NULL ? p->scale_count : 0;
	/* One block: the descriptor, then the steps, then the options; the
	 * struct sizes are multiples of the pointer alignment they need. */
	c = malloc(sizeof(*c) + steps_n * sizeof(*steps) +
	    scale_n * sizeof(*scale));
	if (c == NULL) {
		why_set(why, size, "out of memory");
		return NULL;
	}
	copy_grown(c, sizeof(*c), p, p->size);
	steps = (struct cks_step *)(c + 1);
	scale = (struct cks_rating_option *)(steps + steps_n);
	/* Walk the plugin's arrays by the plugin's element sizes. */
	for (size_t i = 0; i < steps_n; i++)
		copy_grown(&steps[i], sizeof(*steps),
		    (const unsigned char *)p->steps + i * p->step_size,
		    p->step_size);
	for (size_t i = 0; i < scale_n; i++)
		copy_grown(&scale[i], sizeof(*scale),
		    (const unsigned char *)p->scale + i * p->option_size,
		    p->option_size);
	/* From here on, the copy is in this cksgate's layout. */
	c->abi_major = CKS_PLUGIN_ABI_MAJOR;
	c->size = (uint32_t)sizeof(*c);
	c->step_size = (uint32_t)sizeof(*steps);
	c->option_size = (uint32_t)sizeof(*scale);
	c->steps = p->steps != NULL ? steps : NULL;
	c->scale = p->scale != NULL ? scale : NULL;
	if (!valid_id(c->id)) {
		why_set(why, size, "channel id is missing or not [a-z0-9_-]{1,32}");
		goto refused;
	}
	if (!valid_text(c->name.th) || !valid_text(c->name.en)) {
		why_set(why, size,
		    "channel '%s': Thai or English name is empty or not UTF-8 text",
		    c->id);
		goto refused;
	}
	if (check_steps(c, why, size) < 0 || check_scale(c, why, size) < 0)
		goto refused;
	if (c->target_percent < 1 || c->target_percent > 100) {
		why_set(why, size, "target %u %% is outside 1..100",
		    (unsigned)c->target_percent);
		goto refused;
	}
	return c;
refused:
	free(c);
	return NULL;
}

int
cks_channel_plugin_check(const struct cks_channel_plugin *p, char *why,
			 size_t size)
{
	struct cks_channel_plugin *c = cks_channel_plugin_copy(p, why, size);

	free(c);
	return c != NULL ? 0 : -1;
}

/* The refusal of a stamp of another major version: names the file (the
 * refusal line names its path too, but this text also goes to logs and
 * the API on its own), the plugin's ABI and ours. */
static int
wrong_stamp(const char *path, uint32_t stamp, char *why, size_t size)
{
	const char *base = strrchr(path, '/');

	return why_set(why, size,
	    "built for plugin ABI %u.%u, this cksgate has ABI %d.%d: %s was "
	    "refused before any of its code ran (rebuild it against this "
	    "cksgate's <cksgate/plugin.h>)",
	    (unsigned)CKS_PLUGIN_ABI_STAMP_MAJOR(stamp),
	    (unsigned)CKS_PLUGIN_ABI_STAMP_MINOR(stamp), CKS_PLUGIN_ABI_MAJOR,
	    CKS_PLUGIN_ABI_MINOR, base != NULL ? base + 1 : path);
}

static int
no_stamp(char *why, size_t size)
{
	return why_set(why, size,
	    "no ABI stamp %s (not a cksgate channel plugin, or built without "
	    "CKS_PLUGIN_ABI_DECLARE)", CKS_PLUGIN_ABI_NAME);
}

/* Is this ELF header one this process could load? */
static int
native_elf(const ElfW(Ehdr) *eh)
{
	return memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0 &&
	    eh->e_ident[EI_CLASS] == (sizeof(void *) == 8 ? ELFCLASS64 : ELFCLASS32) &&
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	    eh->e_ident[EI_DATA] == ELFDATA2LSB &&
#else
	    eh->e_ident[EI_DATA] == ELFDATA2MSB &&
#endif
	    eh->e_shentsize == sizeof(ElfW(Shdr));
}

/* Finds cks_plugin_abi in the mapped file's dynamic symbol table and
 * copies its value: 1 found, 0 the table has no such symbol. */
static int
find_stamp(const unsigned char *map, size_t len, uint32_t *stamp)
{
	const ElfW(Ehdr) *eh = (const ElfW(Ehdr) *)map;
	const ElfW(Shdr) *sh = (const ElfW(Shdr) *)(map + eh->e_shoff);

	for (size_t i = 0; i < eh->e_shnum; i++) {
		const ElfW(Shdr) *strtab;

		if (sh[i].sh_type != SHT_DYNSYM || sh[i].sh_link >= eh->e_shnum ||
		    sh[i].sh_offset > len || sh[i].sh_size > len - sh[i].sh_offset)
			continue;
		strtab = &sh[sh[i].sh_link];
		if (strtab->sh_offset > len || strtab->sh_size > len - strtab->sh_offset)
			continue;
		for (size_t k = 0; k < sh[i].sh_size / sizeof(ElfW(Sym)); k++) {
			const ElfW(Sym) *sym = (const ElfW(Sym) *)
			    (map + sh[i].sh_offset) + k;
			const char *name = (const char *)map + strtab->sh_offset +
			    sym->st_name;
			const ElfW(Shdr) *in;
			size_t at;

			if (sym->st_name >= strtab->sh_size ||
			    strnlen(name, strtab->sh_size - sym->st_name) !=
			    strlen(CKS_PLUGIN_ABI_NAME) ||
			    memcmp(name, CKS_PLUGIN_ABI_NAME,
			    strlen(CKS_PLUGIN_ABI_NAME)) != 0)
				continue;
			if (sym->st_shndx == SHN_UNDEF || sym->st_shndx >= eh->e_shnum)
				continue;         /* a reference, not the stamp */
			in = &sh[sym->st_shndx];
			if (in->sh_type == SHT_NOBITS) {
				*stamp = 0;       /* in .bss: a stamp of zero */
				return 1;
			}
			if (sym->st_value < in->sh_addr ||
			    sym->st_value - in->sh_addr > in->sh_size ||
			    in->sh_size - (sym->st_value - in->sh_addr) < sizeof(*stamp))
				continue;
			at = in->sh_offset + (sym->st_value - in->sh_addr);
			if (at > len || len - at < sizeof(*stamp))
				continue;
			memcpy(stamp, map + at, sizeof(*stamp));
			return 1;
		}
	}
	return 0;
}

/* Reads the ABI stamp from the file itself, through the section headers
 * of the ELF object, instead of dlopen() and dlsym(): dlopen() runs the
 * object's constructors, and a plugin built for another ABI must be
 * refused before any of its code runs.  1: *stamp is set; 0: an ELF
 * object of this machine without the stamp; -1: a file this cannot read
 * (not ELF, another class, no section headers): dlopen() then judges it. */
static int
read_stamp(const char *path, uint32_t *stamp)
{
	struct stat st;
	unsigned char *map;
	const ElfW(Ehdr) *eh;
	size_t len;
	int fd, rc = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (size_t)st.st_size < sizeof(ElfW(Ehdr))) {
		close(fd);
		return -1;
	}
	len = (size_t)st.st_size;
	map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return -1;
	eh = (const ElfW(Ehdr) *)map;
	if (native_elf(eh) && eh->e_shnum > 0 && eh->e_shoff < len &&
	    (len - eh->e_shoff) / sizeof(ElfW(Shdr)) >= eh->e_shnum)
		rc = find_stamp(map, len, stamp);
	munmap(map, len);
	return rc;
}

/* The stamp check that runs no plugin code (see read_stamp). */
static int
check_stamp_file(const char *path, char *why, size_t size)
{
	uint32_t stamp;

	switch (read_stamp(path, &stamp)) {
	case 0:
		return no_stamp(why, size);
	case 1:
		if (CKS_PLUGIN_ABI_STAMP_MAJOR(stamp) != CKS_PLUGIN_ABI_MAJOR)
			return wrong_stamp(path, stamp, why, size);
		return 0;
	default:
		return 0;
	}
}

/* Opens the object and returns a checked copy of its descriptor in this
 * cksgate's layout (free() it), or NULL with why. */
static struct cks_channel_plugin *
open_plugin(const char *path, void **handle_out, char *why, size_t size)
{
	cks_channel_plugin_entry entry;
	struct cks_channel_plugin *plugin;
	const uint32_t *stamp;
	void *handle;

	*handle_out = NULL;
	/* Only ever reached after check_stamp_file(), which read the stamp
	 * without running the object; still, the stamp is checked again
	 * here through dlsym() for a file that check could not read. */
	dlerror();
	handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (handle == NULL) {
		why_set(why, size, "cannot load: %s", dlerror());
		return NULL;
	}
	stamp = dlsym(handle, CKS_PLUGIN_ABI_NAME);
	if (stamp == NULL || CKS_PLUGIN_ABI_STAMP_MAJOR(*stamp) !=
	    CKS_PLUGIN_ABI_MAJOR) {
		if (stamp == NULL)
			no_stamp(why, size);
		else
			wrong_stamp(path, *stamp, why, size);
		dlclose(handle);
		return NULL;
	}
	*(void **)&entry = dlsym(handle, CKS_PLUGIN_ENTRY_NAME);
	if (entry == NULL) {
		why_set(why, size, "no entry point %s() (not a cksgate channel plugin?)",
		    CKS_PLUGIN_ENTRY_NAME);
		dlclose(handle);
		return NULL;
	}
	plugin = cks_channel_plugin_copy(entry(), why, size);
	if (plugin == NULL) {
		dlclose(handle);
		return NULL;
	}
	*handle_out = handle;
	return plugin;
}

struct cks_channel_plugin *
cks_channel_plugin_open(const char *path, void **handle_out, char *why,
			size_t size)
{
	return open_plugin(path, handle_out, why, size);
}

/* Only plain files that nobody else can change are loaded: a plugin runs
 * with the program's rights. */
static int
check_file(const char *path, char *why, size_t size)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return why_set(why, size, "cannot stat: %s", strerror(errno));
	if (!S_ISREG(st.st_mode))
		return why_set(why, size, "not a regular file");
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		return why_set(why, size,
		    "writable by group or others (mode %03o): refusing to load",
		    (unsigned)(st.st_mode & 0777));
	if (st.st_uid != 0 && st.st_uid != geteuid())
		return why_set(why, size,
		    "owned by uid %u, neither root nor this user",
		    (unsigned)st.st_uid);
	return 0;
}

static int
add_refusal(struct cks_channels *c, const char *path, const char *reason)
{
	struct cks_channel_refusal *r;

	r = realloc(c->refusals, (c->refusal_count + 1) * sizeof(*r));
	if (r == NULL)
		return -1;
	c->refusals = r;
	r[c->refusal_count].path = strdup(path);
	r[c->refusal_count].reason = strdup(reason);
	if (r[c->refusal_count].path == NULL || r[c->refusal_count].reason == NULL) {
		free(r[c->refusal_count].path);
		free(r[c->refusal_count].reason);
		return -1;
	}
	c->refusal_count++;
	return 0;
}

/* The probe's verdict, from the cache when this very file (device, inode,
 * size, mtime) was probed before: a plugin that hangs costs its
 * CKS_PROBE_SECONDS once, not on every command. */
static int
probe_cached(struct cks_plugin_cache *cache, const char *path, char *why,
	     size_t size)
{
	struct stat st;
	int ok;

	if (stat(path, &st) < 0)
		return why_set(why, size, "cannot stat: %s", strerror(errno));
	if (cks_plugin_cache_get(cache, path, &st, &ok, why, size))
		return ok ? 0 : -1;
	ok = cks_plugin_probe(path, why, size) == 0;
	cks_plugin_cache_put(cache, path, &st, ok, ok ? "" : why);
	return ok ? 0 : -1;
}

static int
load_one(struct cks_channels *c, const char *path,
	 struct cks_plugin_cache *cache)
{
	char why[512];
	struct cks_channel_plugin *plugin;
	const struct cks_channel_plugin *other;
	struct cks_channel *grown;
	void *handle;

	/* The stamp first: a plugin of another ABI is refused before the
	 * probe runs its constructors or its entry point. */
	if (check_file(path, why, sizeof(why)) < 0 ||
	    check_stamp_file(path, why, sizeof(why)) < 0 ||
	    probe_cached(cache, path, why, sizeof(why)) < 0)
		return add_refusal(c, path, why);
	plugin = open_plugin(path, &handle, why, sizeof(why));
	if (plugin == NULL)
		return add_refusal(c, path, why);
	other = cks_channels_find(c, plugin->id);
	if (other != NULL) {
		for (size_t i = 0; i < c->count; i++)
			if (c->channels[i].plugin == other)
				snprintf(why, sizeof(why),
				    "duplicate channel id '%s' (already loaded from %s)",
				    plugin->id, c->channels[i].path);
		free(plugin);
		dlclose(handle);
		return add_refusal(c, path, why);
	}
	grown = realloc(c->channels, (c->count + 1) * sizeof(*grown));
	if (grown == NULL) {
		free(plugin);
		dlclose(handle);
		return -1;
	}
	c->channels = grown;
	grown[c->count].plugin = plugin;
	grown[c->count].handle = handle;
	grown[c->count].path = strdup(path);
	if (grown[c->count].path == NULL) {
		free(plugin);
		dlclose(handle);
		return -1;
	}
	c->count++;
	return 0;
}

static int
is_plugin_name(const char *name)
{
	size_t len = strlen(name);

	return name[0] != '.' && len > 3 && strcmp(name + len - 3, ".so") == 0;
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
cks_channels_load(const char *dir, struct cks_channels **channels_out,
		  struct cks_error *err)
{
	return cks_channels_load_cached(dir, NULL, channels_out, err);
}

/* Loads the *.so of one directory, in the byte order of their names.
 * -1 out of memory; -2 the directory cannot be read (err set). */
static int
load_dir(struct cks_channels *c, const char *dir,
	 struct cks_plugin_cache *cache, struct cks_error *err)
{
	struct dirent *entry;
	char **names = NULL;
	size_t name_count = 0;
	int rc = 0;
	DIR *d;

	d = opendir(dir);
	if (d == NULL) {
		cks_error_set(err, CKS_ERROR_INVALID,
		    "cannot read plugin directory %s: %s", dir, strerror(errno));
		return -2;
	}
	while ((entry = readdir(d)) != NULL) {
		char **grown;

		if (!is_plugin_name(entry->d_name))
			continue;
		grown = realloc(names, (name_count + 1) * sizeof(*names));
		if (grown == NULL) {
			rc = -1;
			break;
		}
		names = grown;
		if ((names[name_count] = strdup(entry->d_name)) == NULL) {
			rc = -1;
			break;
		}
		name_count++;
	}
	closedir(d);
	if (rc == 0 && name_count > 1)
		qsort(names, name_count, sizeof(*names), compare_names);
	for (size_t i = 0; rc == 0 && i < name_count; i++) {
		char path[4096];

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		rc = load_one(c, path, cache);
	}
	for (size_t i = 0; i < name_count; i++)
		free(names[i]);
	free(names);
	return rc;
}

int
cks_channels_load_cached(const char *dir, const char *state_dir,
			 struct cks_channels **channels_out,
			 struct cks_error *err)
{
	const char *dirs[] = { dir, NULL };

	return cks_channels_load_dirs(dirs, state_dir, channels_out, err);
}

int
cks_channels_load_dirs(const char *const *dirs, const char *state_dir,
		       struct cks_channels **channels_out,
		       struct cks_error *err)
{
	struct cks_plugin_cache *cache = NULL;
	char cache_path[4096];
	struct cks_channels *c;
	int rc = 0;

	*channels_out = NULL;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	if (state_dir != NULL && snprintf(cache_path, sizeof(cache_path),
	    "%s/%s", state_dir, CKS_PLUGIN_CACHE_FILE) < (int)sizeof(cache_path))
		cache = cks_plugin_cache_open(cache_path);
	/* In the order given: the shipped directory first, so that a user's
	 * plugin can add channels but not replace a shipped one unseen. */
	for (size_t i = 0; rc == 0 && dirs[i] != NULL; i++)
		rc = load_dir(c, dirs[i], cache, err);
	cks_plugin_cache_close(&cache);
	if (rc < 0) {
		cks_channels_free(&c);
		if (rc == -1)
			cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		return -1;
	}
	*channels_out = c;
	return 0;
}

void
cks_channels_free(struct cks_channels **channels)
{
	struct cks_channels *c = *channels;

	if (c == NULL)
		return;
	for (size_t i = 0; i < c->count; i++) {
		/* the copy's strings point into the object: free it first */
		free((void *)c->channels[i].plugin);
		dlclose(c->channels[i].handle);
		free(c->channels[i].path);
	}
	for (size_t i = 0; i < c->refusal_count; i++) {
		free(c->refusals[i].path);
		free(c->refusals[i].reason);
	}
	free(c->channels);
	free(c->refusals);
	free(c);
	*channels = NULL;
}

const struct cks_channel_plugin *
cks_channels_find(const struct cks_channels *c, const char *id)
{
	for (size_t i = 0; i < c->count; i++)
		if (strcmp(c->channels[i].plugin->id, id) == 0)
			return c->channels[i].plugin;
	return NULL;
}

const struct cks_step *
cks_channel_find_step(const struct cks_channel_plugin *p,
		      const char *id_or_number, size_t *index_out)
{
	char *end;
	unsigned long n;

	for (size_t i = 0; i < p->step_count; i++) {
		if (strcmp(p->steps[i].id, id_or_number) == 0) {
			if (index_out)
				*index_out = i;
			return &p->steps[i];
		}
	}
	if (id_or_number[0] < '0' || id_or_number[0] > '9')
		return NULL;
	n = strtoul(id_or_number, &end, 10);
	if (*end != '\0' || n < 1 || n > p->step_count)
		return NULL;
	if (index_out)
		*index_out = n - 1;
	return &p->steps[n - 1];
}

const struct cks_rating_option *
cks_channel_find_option(const struct cks_channel_plugin *p, int code)
{
	for (size_t i = 0; i < p->scale_count; i++)
		if (p->scale[i].code == code)
			return &p->scale[i];
	return NULL;
}

static json_t *
words_to_json(const char *const *words)
{
	json_t *list = json_array();

	for (size_t i = 0; words != NULL && words[i] != NULL; i++)
		json_array_append_new(list, json_string(words[i]));
	return list;
}

json_t *
cks_channel_to_json(const struct cks_channel_plugin *p)
{
	json_t *steps = json_array();
	json_t *scale = json_array();

	for (size_t i = 0; i < p->step_count; i++) {
		const struct cks_step *s = &p->steps[i];

		json_array_append_new(steps, json_pack(
		    "{sI ss ss s{ss ss} so sb}",
		    "number", (json_int_t)i + 1, "id", s->id,
		    "actor", s->actor == CKS_ACTOR_CLIENT ? "client" : "agent",
		    "text", "th", s->text.th, "en", s->text.en,
		    "standard", s->min_seconds == CKS_DURATION_NONE ? json_null()
			: json_pack("{si si}", "min_seconds", s->min_seconds,
			    "max_seconds", s->max_seconds),
		    "timed", s->timed != 0));
	}
	for (size_t i = 0; i < p->scale_count; i++) {
		const struct cks_rating_option *o = &p->scale[i];

		json_array_append_new(scale, json_pack(
		    "{si s{ss ss} sb s{so so}}",
		    "code", o->code, "label", "th", o->label.th, "en", o->label.en,
		    "satisfied", o->satisfied != 0,
		    "words", "th", words_to_json(o->words_th),
		    "en", words_to_json(o->words_en)));
	}
	return json_pack("{ss s{ss ss} si so so}",
	    "id", p->id, "name", "th", p->name.th, "en", p->name.en,
	    "target_percent", (int)p->target_percent,
	    "steps", steps, "scale", scale);
}
