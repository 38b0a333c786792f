/* Message templates (see template.h).  Each file is parsed once, at load,
 * into a tree of nodes with its partials already resolved, so every syntax
 * mistake is a load error; render and check then walk the tree with a
 * stack of JSON contexts.
 *
 * Hand-written on purpose (issue 13): the language is a few hundred lines,
 * renders jansson values directly, and refuses a mistake at load with file
 * and line; no library packaged in Debian 12 does that with our checks.
 * Escaping and the buffer are the shared ones (html.h, buffer.h). */
#include "autoconfig.h"

#include "template.h"

#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buffer.h"
#include "html.h"
#include "utf8.h"

#define MAX_FILE_SIZE (256 * 1024)
#define MAX_PARTIAL_DEPTH 16
/* Deeper sections are surely a mistake; the limit bounds the parser's
 * stack of open sections, a walk's recursion and its context stack. */
#define MAX_NESTING 64
#define MAX_CONTEXTS (MAX_NESTING * (MAX_PARTIAL_DEPTH + 1) + 1)

enum node_type {
	NODE_TEXT,      /* literal text */
	NODE_VALUE,     /* {{name}}: escaped in HTML */
	NODE_RAW,       /* {{{name}}} and {{&name}} */
	NODE_SECTION,   /* {{#name}} */
	NODE_INVERTED,  /* {{^name}} */
	NODE_PARTIAL,   /* {{>name}} */
	NODE_CLOSE,     /* {{/name}}: a tag only, never in the tree */
	NODE_COMMENT,   /* {{! ... }}: likewise */
};

struct node {
	enum node_type type;
	unsigned line;                  /* of the tag, in its own file */
	const char *text;               /* NODE_TEXT, into the source */
	size_t len;
	char *name;                     /* all other nodes */
	struct node *body;              /* sections: what they enclose */
	struct template *partial;       /* NODE_PARTIAL, found at load */
	struct node *next;
};

struct template {
	char *name;
	char *source;                   /* NUL-terminated */
	struct node *nodes;
	int html;
	int state;                      /* partial resolution: 1 busy, 2 done */
	int depth;                      /* longest chain of partials below */
	int broken;                     /* cks_templates_load_all(): has a
					 * problem, reported at load */
};

struct cks_templates {
	struct template *items;         /* sorted by name */
	const char **names;
	size_t count;
};

/* --- output buffer ------------------------------------------------------ */

/* cks_buffer, with its sticky failure turned into our error at once. */
static int
buf_add(struct cks_buffer *b, const char *s, size_t n, struct cks_error *err)
{
	cks_buffer_add(b, s, n);
	return b->failed ? cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory")
			 : 0;
}

static int
buf_add_escaped(struct cks_buffer *b, const char *s, size_t n,
		struct cks_error *err)
{
	cks_html_escape(b, s, n);
	return b->failed ? cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory")
			 : 0;
}

/* --- parsing ------------------------------------------------------------ */

struct parser {
	const char *name;               /* the template's, for messages */
	const char *src;                /* NUL-terminated, no NUL inside */
	struct cks_error *err;
};

struct tag {
	enum node_type type;
	size_t start, end;              /* src[start..end) is the whole tag */
	const char *name;
	int name_len;
};

static unsigned
count_lines(const char *s, size_t n)
{
	unsigned lines = 0;

	for (size_t i = 0; i < n; i++)
		lines += s[i] == '\n';
	return lines;
}

/* How much of s to quote in a message: enough to find the place, and
 * never half a UTF-8 character. */
static int
quote_len(const char *s, size_t n)
{
	if (n <= 40)
		return (int)n;
	for (n = 40; n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80; n--)
		;
	return (int)n;
}

/* "." or names joined by dots (partials: file names); a blank or a brace
 * inside means a typo. */
static int
valid_name(const char *s, size_t n, int partial)
{
	if (n == 0 || (!partial && n == 1 && s[0] == '.'))
		return n != 0;
	for (size_t i = 0; i < n; i++) {
		if (strchr(" \t{}", s[i]) != NULL || (partial && s[i] == '/'))
			return 0;
		if (!partial && s[i] == '.' && (i == 0 || i == n - 1 || s[i + 1] == '.'))
			return 0;
	}
	return 1;
}

static int
read_tag(const struct parser *p, unsigned line, struct tag *tag)
{
	const char *s = p->src;
	const char *closer = "}}";
	size_t i = tag->start + 2, close;

	switch (s[i]) {
	case '{': tag->type = NODE_RAW; closer = "}}}"; break;
	case '&': tag->type = NODE_RAW; break;
	case '#': tag->type = NODE_SECTION; break;
	case '^': tag->type = NODE_INVERTED; break;
	case '/': tag->type = NODE_CLOSE; break;
	case '>': tag->type = NODE_PARTIAL; break;
	case '!': tag->type = NODE_COMMENT; break;
	case '=':
		return cks_error_set(p->err, CKS_ERROR_INVALID,
		    "%s:%u: delimiter changes are not supported", p->name, line);
	default: tag->type = NODE_VALUE; break;
	}
	if (tag->type != NODE_VALUE)
		i++;
	/* Only a comment may span lines; for any other tag a newline or a new
	 * "{{" first means its closing braces were forgotten. */
	for (close = i; s[close] != '\0'; close++)
		if (strncmp(s + close, closer, strlen(closer)) == 0 ||
		    (tag->type != NODE_COMMENT && (s[close] == '\n' ||
		     strncmp(s + close, "{{", 2) == 0)))
			break;
	if (s[close] != '}')
		return cks_error_set(p->err, CKS_ERROR_INVALID,
		    "%s:%u: unclosed tag '%.*s'", p->name, line,
		    quote_len(s + tag->start, close - tag->start), s + tag->start);
	tag->end = close + strlen(closer);
	while (i < close && (s[i] == ' ' || s[i] == '\t'))
		i++;
	while (close > i && (s[close - 1] == ' ' || s[close - 1] == '\t'))
		close--;
	tag->name = s + i;
	tag->name_len = (int)(close - i);
	if (tag->type != NODE_COMMENT &&
	    !valid_name(tag->name, close - i, tag->type == NODE_PARTIAL))
		return cks_error_set(p->err, CKS_ERROR_INVALID,
		    "%s:%u: bad name in tag '%.*s'", p->name, line,
		    quote_len(s + tag->start, tag->end - tag->start), s + tag->start);
	return 0;
}

/* A section, inverted, close, partial or comment tag alone on its line
 * (blanks aside) takes the whole line with it, so a plain-text mail has
 * no stray blank lines: Mustache's "standalone" rule.  seg is where the
 * text before the tag starts; [*cut, *resume) is what goes, widened here
 * from the tag to its line when the rule applies. */
static void
standalone(const struct parser *p, size_t seg, const struct tag *tag,
	   size_t *cut, size_t *resume)
{
	const char *s = p->src;
	size_t b = tag->start, a = tag->end;

	if (tag->type == NODE_VALUE || tag->type == NODE_RAW)
		return;
	while (b > seg && (s[b - 1] == ' ' || s[b - 1] == '\t'))
		b--;
	/* Right after another tag, that tag must have ended its line. */
	if (b > 0 && s[b - 1] != '\n')
		return;
	a += strspn(s + a, " \t");
	if (s[a] == '\r' && s[a + 1] == '\n')
		a++;
	if (s[a] != '\n' && s[a] != '\0')
		return;
	*cut = b;
	*resume = s[a] == '\n' ? a + 1 : a;
}

/* Appends a node where tail points; NULL when out of memory. */
static struct node *
add_node(struct node ***tail, enum node_type type, unsigned line)
{
	struct node *n = calloc(1, sizeof(*n));

	if (n != NULL) {
		n->type = type;
		n->line = line;
		**tail = n;
		*tail = &n->next;
	}
	return n;
}

static int
add_text(const struct parser *p, struct node ***tail, size_t from, size_t to)
{
	struct node *n;

	if (from == to)
		return 0;
	if ((n = add_node(tail, NODE_TEXT, 0)) == NULL)
		return cks_error_set(p->err, CKS_ERROR_INTERNAL, "out of memory");
	n->text = p->src + from;
	n->len = to - from;
	return 0;
}

/* Builds the tree with an explicit stack of open sections; every node is
 * linked in as soon as it exists, so on error freeing *root frees all. */
static int
parse(const struct parser *p, struct node **root)
{
	struct { struct node *section; struct node **tail; } open[MAX_NESTING + 1];
	const char *found;
	size_t depth = 0, seg = 0;
	unsigned line = 1;

	open[0].section = NULL;
	open[0].tail = root;
	while ((found = strstr(p->src + seg, "{{")) != NULL) {
		struct node *n, *section = open[depth].section;
		struct tag tag = { .start = (size_t)(found - p->src) };
		unsigned tag_line = line + count_lines(p->src + seg, tag.start - seg);
		size_t cut = tag.start, resume;

		if (read_tag(p, tag_line, &tag) < 0)
			return -1;
		resume = tag.end;
		standalone(p, seg, &tag, &cut, &resume);
		if (add_text(p, &open[depth].tail, seg, cut) < 0)
			return -1;
		line = tag_line + count_lines(found, resume - tag.start);
		seg = resume;
		if (tag.type == NODE_COMMENT)
			continue;
		if (tag.type == NODE_CLOSE && section == NULL)
			return cks_error_set(p->err, CKS_ERROR_INVALID,
			    "%s:%u: '{{/%.*s}}' closes no section",
			    p->name, tag_line, tag.name_len, tag.name);
		if (tag.type == NODE_CLOSE && (strncmp(section->name, tag.name,
		    (size_t)tag.name_len) != 0 || section->name[tag.name_len] != '\0'))
			return cks_error_set(p->err, CKS_ERROR_INVALID,
			    "%s:%u: '{{/%.*s}}' does not match section '%.200s' "
			    "opened at line %u",
			    p->name, tag_line, tag.name_len, tag.name, section->name,
			    section->line);
		if (tag.type == NODE_CLOSE) {
			depth--;
			continue;
		}
		n = add_node(&open[depth].tail, tag.type, tag_line);
		if (n != NULL)
			n->name = strndup(tag.name, (size_t)tag.name_len);
		if (n == NULL || n->name == NULL)
			return cks_error_set(p->err, CKS_ERROR_INTERNAL, "out of memory");
		if (tag.type != NODE_SECTION && tag.type != NODE_INVERTED)
			continue;
		if (depth == MAX_NESTING)
			return cks_error_set(p->err, CKS_ERROR_INVALID,
			    "%s:%u: sections nested more than %d deep",
			    p->name, tag_line, MAX_NESTING);
		depth++;
		open[depth].section = n;
		open[depth].tail = &n->body;
	}
	if (depth > 0)
		return cks_error_set(p->err, CKS_ERROR_INVALID,
		    "%s:%u: unclosed section '%.200s'", p->name,
		    open[depth].section->line, open[depth].section->name);
	return add_text(p, &open[0].tail, seg, seg + strlen(p->src + seg));
}

static void
free_nodes(struct node *n)
{
	while (n != NULL) {
		struct node *next = n->next;

		free_nodes(n->body);
		free(n->name);
		free(n);
		n = next;
	}
}

/* --- loading ------------------------------------------------------------ */

static int
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && strcmp(s + n - m, suffix) == 0;
}

/* Hidden files are editor droppings, never templates. */
static int
template_file(const struct dirent *e)
{
	return e->d_name[0] != '.' && (has_suffix(e->d_name, ".txt") ||
	    has_suffix(e->d_name, ".html") || has_suffix(e->d_name, ".subject") ||
	    has_suffix(e->d_name, ".sms"));
}

/* Byte order, not the locale's: the same set lists the same everywhere. */
static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int
compare_key(const void *key, const void *item)
{
	return strcmp(key, ((const struct template *)item)->name);
}

static struct template *
find(const struct cks_templates *set, const char *name)
{
	/* items is allocated even for an empty set, as bsearch wants. */
	return bsearch(name, set->items, set->count, sizeof(*set->items),
	    compare_key);
}

/* Reads, validates and parses dir/name as the set's next template, unless
 * it is not a regular file (a directory, say), whatever its name. */
static int
load_one(struct cks_templates *set, const char *dir, const char *name,
	 struct cks_error *err)
{
	struct template *t = &set->items[set->count];
	struct parser p = { name, NULL, err };
	size_t len = strlen(dir) + strlen(name) + 2, got;
	char *path = malloc(len), *shrunk;
	struct stat st;
	unsigned line = 1;
	FILE *f;
	int failed;

	if (path == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	snprintf(path, len, "%s/%s", dir, name);
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		free(path);
		return 0;
	}
	if ((f = fopen(path, "rb")) == NULL)
		cks_error_set(err, CKS_ERROR_INVALID, "%s: cannot read: %s",
		    name, strerror(errno));
	free(path);
	if (f == NULL)
		return -1;
	if ((t->name = strdup(name)) == NULL ||
	    (t->source = malloc(MAX_FILE_SIZE + 1)) == NULL) {
		free(t->name);
		fclose(f);
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	}
	set->names[set->count++] = t->name;
	/* One byte more than allowed tells a too large file apart. */
	got = fread(t->source, 1, MAX_FILE_SIZE + 1, f);
	failed = ferror(f);
	fclose(f);
	if (failed)
		return cks_error_set(err, CKS_ERROR_INVALID, "%s: read error", name);
	if (got > MAX_FILE_SIZE)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: larger than %d KiB", name, MAX_FILE_SIZE / 1024);
	/* The whole allowed size was only needed while reading. */
	if ((shrunk = realloc(t->source, got + 1)) != NULL)
		t->source = shrunk;
	t->source[got] = '\0';
	for (const char *s = t->source; s < t->source + got;) {
		int32_t cp = cks_utf8_next(&s, t->source + got);

		/* A NUL would silently end the rendered text. */
		if (cp <= 0)
			return cks_error_set(err, CKS_ERROR_INVALID, "%s:%u: %s",
			    name, line, cp < 0 ? "not valid UTF-8" : "NUL byte");
		line += cp == '\n';
	}
	/* Editors on Windows start files with a BOM; it is not text. */
	p.src = t->source + (strncmp(t->source, "\xef\xbb\xbf", 3) == 0 ? 3 : 0);
	t->html = has_suffix(name, ".html");
	return parse(&p, &t->nodes);
}

static int resolve_template(struct cks_templates *set, struct template *t,
			    struct cks_buffer *problems, struct cks_error *err);

/* cks_templates_load_all(): adds err's problem as one line; 0, or -1 when
 * it cannot (memory, or an internal error, which stops the load). */
static int
note_problem(struct cks_buffer *problems, struct cks_error *err)
{
	if (err->kind == CKS_ERROR_INTERNAL)
		return -1;
	if (buf_add(problems, err->message, strlen(err->message), err) < 0 ||
	    buf_add(problems, "\n", 1, err) < 0)
		return -1;
	return 0;
}

/* Points each {{>name}} at its template.  A template is busy (1) while
 * its own partials are resolved, so meeting it again is a recursion, and
 * done (2) after, so a shared partial is resolved once. */
static int
resolve_nodes(struct cks_templates *set, struct template *t,
	      struct node *n, struct cks_buffer *problems, struct cks_error *err)
{
	for (; n != NULL; n = n->next) {
		if (resolve_nodes(set, t, n->body, problems, err) < 0)
			return -1;
		if (n->type != NODE_PARTIAL)
			continue;
		if ((n->partial = find(set, n->name)) == NULL)
			return cks_error_set(err, CKS_ERROR_INVALID,
			    "%s:%u: unknown partial '%.200s'", t->name, n->line, n->name);
		if (n->partial->broken)
			return cks_error_set(err, CKS_ERROR_INVALID,
			    "%s:%u: partial '%.200s' has a problem of its own",
			    t->name, n->line, n->name);
		if (n->partial->state == 1)
			return cks_error_set(err, CKS_ERROR_INVALID,
			    "%s:%u: recursive partial '%.200s'", t->name, n->line, n->name);
		if (resolve_template(set, n->partial, problems, err) < 0) {
			/* load_all: the partial's problem is noted; this is
			 * the user's. */
			if (problems != NULL && n->partial->broken)
				return cks_error_set(err, CKS_ERROR_INVALID,
				    "%s:%u: partial '%.200s' has a problem of its own",
				    t->name, n->line, n->name);
			return -1;
		}
		if (t->depth < n->partial->depth + 1)
			t->depth = n->partial->depth + 1;
		if (t->depth > MAX_PARTIAL_DEPTH)
			return cks_error_set(err, CKS_ERROR_INVALID,
			    "%s:%u: partials nested more than %d deep",
			    t->name, n->line, MAX_PARTIAL_DEPTH);
	}
	return 0;
}

static int
resolve_template(struct cks_templates *set, struct template *t,
		 struct cks_buffer *problems, struct cks_error *err)
{
	if (t->state == 2)
		return 0;
	t->state = 1;
	if (resolve_nodes(set, t, t->nodes, problems, err) < 0) {
		t->state = 0;
		if (problems != NULL && note_problem(problems, err) == 0)
			t->broken = 1;
		return -1;
	}
	t->state = 2;
	return 0;
}

/* Loads dir.  With problems NULL, the first problem fails the load; with
 * problems, each file's problem is one line added to it and the file is
 * kept in the set, marked broken, and the load goes on. */
static int
load_dir(const char *dir, struct cks_templates **templates_out,
	 struct cks_buffer *problems, struct cks_error *err)
{
	struct cks_templates *set = calloc(1, sizeof(*set));
	struct dirent **entries = NULL;
	int count, i, rc = 0;

	*templates_out = NULL;
	if (set == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	count = scandir(dir, &entries, template_file, by_name);
	if (count < 0) {
		cks_templates_free(&set);
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "cannot read template directory %s: %s", dir, strerror(errno));
	}
	set->items = calloc((size_t)count + 1, sizeof(*set->items));
	set->names = calloc((size_t)count + 1, sizeof(*set->names));
	if (set->items == NULL || set->names == NULL)
		rc = cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	for (i = 0; i < count; i++) {
		size_t before = set->count;

		if (rc == 0 && load_one(set, dir, entries[i]->d_name, err) < 0) {
			if (problems == NULL || note_problem(problems, err) < 0)
				rc = -1;
			else if (set->count > before)
				set->items[before].broken = 1;
		}
		free(entries[i]);
	}
	free(entries);
	/* Partials only once every file is parsed: any may use any. */
	for (size_t j = 0; rc == 0 && j < set->count; j++) {
		struct template *t = &set->items[j];

		/* A failure noted in load_all's list has marked t broken. */
		if (!t->broken && resolve_template(set, t, problems, err) < 0 &&
		    !t->broken)
			rc = -1;
	}
	if (rc < 0) {
		cks_templates_free(&set);
		return -1;
	}
	*templates_out = set;
	return 0;
}

int
cks_templates_load(const char *dir, struct cks_templates **templates_out,
		   struct cks_error *err)
{
	return load_dir(dir, templates_out, NULL, err);
}

int
cks_templates_load_all(const char *dir, struct cks_templates **templates_out,
		       char **problems_out, struct cks_error *err)
{
	struct cks_buffer problems = { 0 };

	*problems_out = NULL;
	if (load_dir(dir, templates_out, &problems, err) < 0) {
		free(problems.data);
		return -1;
	}
	if (problems.len > 0)
		problems.data[--problems.len] = '\0';   /* the last newline */
	*problems_out = problems.data;
	return 0;
}

int
cks_templates_has(const struct cks_templates *templates, const char *name)
{
	return find(templates, name) != NULL;
}

const char *const *
cks_templates_names(const struct cks_templates *templates, size_t *count_out)
{
	*count_out = templates->count;
	return templates->names;
}

void
cks_templates_free(struct cks_templates **templates)
{
	struct cks_templates *set = *templates;

	if (set == NULL)
		return;
	for (size_t i = 0; i < set->count; i++) {
		free_nodes(set->items[i].nodes);
		free(set->items[i].name);
		free(set->items[i].source);
	}
	free(set->items);
	free(set->names);
	free(set);
	*templates = NULL;
}

/* --- rendering and checking --------------------------------------------- */

struct walk {
	struct cks_error *err;
	int html;               /* from the template rendered at the top */
	int check;              /* visit everything and collect problems */
	struct cks_buffer out;  /* the text, or check's problems, one a line */
	size_t problems;
	size_t depth;
	json_t *stack[MAX_CONTEXTS];
};

static int walk_nodes(struct walk *w, const struct template *t,
		      const struct node *n);

/* Rendering stops at the first problem; checking notes each one once (a
 * partial used twice would report its lines twice). */
static int
problem(struct walk *w, const struct template *t, const struct node *n,
	int unknown)
{
	char line[600];
	size_t len;

	snprintf(line, sizeof(line), unknown ? "%s:%u: unknown variable '%.200s'" :
	    "%s:%u: '%.200s' is a list or an object, not a value",
	    t->name, n->line, n->name);
	if (!w->check)
		return cks_error_set(w->err, CKS_ERROR_INVALID, "%s", line);
	len = strlen(line);
	for (const char *p = w->out.data; p != NULL && *p != '\0';
	     p = strchr(p, '\n') + 1)
		if (strncmp(p, line, len) == 0 && p[len] == '\n')
			return 0;
	w->problems++;
	if (buf_add(&w->out, line, len, w->err) < 0)
		return -1;
	return buf_add(&w->out, "\n", 1, w->err);
}

/* Mustache lookup: the first part of a dotted name is searched from the
 * innermost context outwards and the first object that has the key wins,
 * even with a null value; the rest is followed inside that value only.
 * A null on the way (an absent optional object) makes the whole value
 * null rather than unknown.  Returns 0 if the name resolves nowhere. */
static int
lookup(const struct walk *w, const char *name, json_t **value)
{
	const char *dot = strchr(name, '.');
	json_t *v = NULL;

	if (strcmp(name, ".") == 0) {
		*value = w->stack[w->depth - 1];
		return 1;
	}
	for (size_t i = w->depth; i-- > 0 && v == NULL;)
		v = json_object_getn(w->stack[i], name,
		    dot != NULL ? (size_t)(dot - name) : strlen(name));
	while (v != NULL && dot != NULL && !json_is_null(v)) {
		name = dot + 1;
		dot = strchr(name, '.');
		v = json_object_getn(v, name,
		    dot != NULL ? (size_t)(dot - name) : strlen(name));
	}
	*value = v;
	return v != NULL;
}

/* Booleans render as "true" and nothing; lists and objects have no text. */
static int
emit_value(struct walk *w, const struct template *t, const struct node *n,
	   json_t *v)
{
	const char *s = "";
	char number[64];
	size_t len = 0;

	if (json_is_array(v) || json_is_object(v))
		return problem(w, t, n, 0);
	if (w->check)
		return 0;
	if (json_is_string(v)) {
		s = json_string_value(v);
		len = json_string_length(v);
	} else if (json_is_integer(v)) {
		s = number;
		len = (size_t)snprintf(number, sizeof(number),
		    "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	} else if (json_is_real(v)) {
		s = number;
		len = (size_t)snprintf(number, sizeof(number), "%g", json_real_value(v));
	} else if (json_is_true(v)) {
		s = "true";
		len = 4;
	}
	if (w->html && n->type == NODE_VALUE)
		return buf_add_escaped(&w->out, s, len, w->err);
	return buf_add(&w->out, s, len, w->err);
}

/* false, null, "", 0 and [] render a section never; all else does. */
static int
truthy(const json_t *v)
{
	if (json_is_array(v))
		return json_array_size(v) > 0;
	if (json_is_string(v))
		return json_string_length(v) > 0;
	if (json_is_number(v))
		return json_number_value(v) != 0.0;
	return json_is_object(v) || json_is_true(v);
}

/* Walks a section's body with context pushed, or as is if it is NULL. */
static int
walk_body(struct walk *w, const struct template *t, const struct node *body,
	  json_t *context)
{
	int rc;

	if (context == NULL)
		return walk_nodes(w, t, body);
	if (w->depth == MAX_CONTEXTS)
		return cks_error_set(w->err, CKS_ERROR_INTERNAL,
		    "%s: template contexts nested too deeply", t->name);
	w->stack[w->depth++] = context;
	rc = walk_nodes(w, t, body);
	w->depth--;
	return rc;
}

static int
walk_section(struct walk *w, const struct template *t, const struct node *n)
{
	json_t *v;

	/* Check goes on inside an unknown section, to report all at once. */
	if (!lookup(w, n->name, &v))
		return problem(w, t, n, 1) < 0 ? -1 : walk_body(w, t, n->body, NULL);
	/* Check sees every body once, a list's first element standing for
	 * all of them. */
	if (w->check && n->type == NODE_INVERTED)
		return walk_body(w, t, n->body, NULL);
	if (w->check)
		return walk_body(w, t, n->body,
		    json_is_array(v) ? json_array_get(v, 0) : v);
	if (n->type == NODE_INVERTED)
		return truthy(v) ? 0 : walk_body(w, t, n->body, NULL);
	if (!truthy(v))
		return 0;
	if (!json_is_array(v))
		return walk_body(w, t, n->body, v);
	for (size_t i = 0; i < json_array_size(v); i++)
		if (walk_body(w, t, n->body, json_array_get(v, i)) < 0)
			return -1;
	return 0;
}

static int
walk_nodes(struct walk *w, const struct template *t, const struct node *n)
{
	json_t *v;
	int rc = 0;

	for (; n != NULL && rc == 0; n = n->next) {
		switch (n->type) {
		case NODE_TEXT:
			if (!w->check)
				rc = buf_add(&w->out, n->text, n->len, w->err);
			break;
		case NODE_VALUE:
		case NODE_RAW:
			rc = lookup(w, n->name, &v) ? emit_value(w, t, n, v) :
			    problem(w, t, n, 1);
			break;
		case NODE_SECTION:
		case NODE_INVERTED:
			rc = walk_section(w, t, n);
			break;
		case NODE_PARTIAL:
			rc = walk_nodes(w, n->partial, n->partial->nodes);
			break;
		case NODE_CLOSE:
		case NODE_COMMENT:
			break;
		}
	}
	return rc;
}

static const struct template *
start_walk(struct walk *w, const struct cks_templates *templates,
	   const char *name, json_t *data, int check, struct cks_error *err)
{
	const struct template *t = find(templates, name);

	memset(w, 0, offsetof(struct walk, stack));
	w->err = err;
	w->check = check;
	if (t == NULL) {
		cks_error_set(err, CKS_ERROR_NOT_FOUND, "no template named '%s'", name);
		return NULL;
	}
	if (t->broken) {
		cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: has a problem, reported when it was loaded", name);
		return NULL;
	}
	if (!json_is_object(data)) {
		cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: template data is not a JSON object", name);
		return NULL;
	}
	w->html = t->html;
	w->stack[w->depth++] = data;
	return t;
}

int
cks_templates_render(const struct cks_templates *templates, const char *name,
		     json_t *data, char **text_out, struct cks_error *err)
{
	struct walk w;
	const struct template *t = start_walk(&w, templates, name, data, 0, err);

	*text_out = NULL;
	/* Adding nothing first makes an empty result "" rather than NULL. */
	if (t == NULL || buf_add(&w.out, "", 0, err) < 0 ||
	    walk_nodes(&w, t, t->nodes) < 0) {
		free(w.out.data);
		return -1;
	}
	*text_out = w.out.data;
	return 0;
}

int
cks_templates_check(const struct cks_templates *templates, const char *name,
		    json_t *sample, struct cks_error *err)
{
	const struct template *broken = find(templates, name);
	struct walk w;
	const struct template *t;
	size_t cut, shown;
	int rc;

	/* Its problem was reported by cks_templates_load_all(). */
	if (broken != NULL && broken->broken)
		return 0;
	t = start_walk(&w, templates, name, sample, 1, err);
	rc = t == NULL ? -1 : walk_nodes(&w, t, t->nodes);
	if (rc < 0 || w.problems == 0) {
		free(w.out.data);
		return rc;
	}
	/* Whole lines only, with room left to say how many did not fit. */
	cut = w.out.len - 1;
	for (shown = w.problems; cut > sizeof(err->message) - 32; shown--) {
		while (cut > 0 && w.out.data[cut - 1] != '\n')
			cut--;
		cut -= cut > 0;
	}
	w.out.data[cut] = '\0';
	if (shown < w.problems)
		cks_error_set(err, CKS_ERROR_INVALID, "%s%s(and %zu more)",
		    w.out.data, cut > 0 ? "\n" : "", w.problems - shown);
	else
		cks_error_set(err, CKS_ERROR_INVALID, "%s", w.out.data);
	free(w.out.data);
	return -1;
}

const char *
cks_template_in_lang(const char *lang, const char *th, const char *en)
{
	if (strcmp(lang, "th") == 0)
		return th != NULL ? th : en;
	return en != NULL ? en : th;
}

void
cks_template_size_text(int64_t bytes, char *buf, size_t size)
{
	if (bytes >= 1024 * 1024)
		snprintf(buf, size, "%.1f MB", (double)bytes / (1024 * 1024));
	else
		snprintf(buf, size, "%lld KB", (long long)((bytes + 1023) / 1024));
}

void
cks_template_append_problem(char *all, size_t size, const char *problem)
{
	static const char more[] = "(more problems: fix these and check again)";
	size_t used = strlen(all), len = strlen(problem);

	/* Whole lines only, and room kept to say that some did not fit. */
	if (used + 1 + len + 1 + sizeof(more) <= size)
		snprintf(all + used, size - used, "%s%s", used ? "\n" : "", problem);
	else if (used + 1 + sizeof(more) <= size &&
		 (used < sizeof(more) - 1 ||
		  strcmp(all + used - (sizeof(more) - 1), more) != 0))
		snprintf(all + used, size - used, "%s%s", used ? "\n" : "", more);
}
