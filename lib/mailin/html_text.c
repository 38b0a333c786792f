#include "autoconfig.h"

#include "html_text.h"

#include <ctype.h>
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "buffer.h"
#include "utf8.h"

/* libxml2 -- and ICU and libstdc++ behind it -- is loaded the first time
 * a reply has nothing but HTML, not at every start of the parser helper:
 * most replies carry text/plain, and the helper's start-up is on the path
 * of every MTA pipe call (issue 18: a third of it).  The way systemd loads
 * its optional libraries: dlopen, then dlsym into pointers typed from the
 * library's own declarations, so a mismatch fails to compile. */
#define LIBXML2_SONAME "libxml2.so.2"

static struct {
	__typeof__(xmlInitParser) *init_parser;
	__typeof__(htmlReadMemory) *read_memory;
	__typeof__(xmlFreeDoc) *free_doc;
	char error[256];        /* why it could not be loaded, or "" */
} libxml2;
static pthread_once_t libxml2_once = PTHREAD_ONCE_INIT;

static void
load_libxml2(void)
{
	/* RTLD_NODELETE: the library stays mapped for the process's life, as
	 * it would have if linked. */
	void *h = dlopen(LIBXML2_SONAME, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);

	if (h == NULL) {
		snprintf(libxml2.error, sizeof(libxml2.error), "%s", dlerror());
		return;
	}
	*(void **)&libxml2.init_parser = dlsym(h, "xmlInitParser");
	*(void **)&libxml2.read_memory = dlsym(h, "htmlReadMemory");
	*(void **)&libxml2.free_doc = dlsym(h, "xmlFreeDoc");
	if (libxml2.init_parser == NULL || libxml2.read_memory == NULL ||
	    libxml2.free_doc == NULL) {
		snprintf(libxml2.error, sizeof(libxml2.error),
		    "%s lacks htmlReadMemory, xmlFreeDoc or xmlInitParser",
		    LIBXML2_SONAME);
		return;
	}
	libxml2.init_parser();
}

/* Tag and attribute names are ASCII; a node without one matches nothing. */
static int
same_name(const xmlChar *name, const char *wanted)
{
	return name != NULL && strcasecmp((const char *)name, wanted) == 0;
}

/* How far past a From: line its Sent:/Date: line may be (Outlook puts one
 * right after it, Windows Mail one or two lines later). */
#define HEADER_LOOKAHEAD 4

#define EM_MAX 8

/* A raw line end in text the HTML runs together, kept in the line being
 * built until end_line() decides what it is (see split_soft). */
#define SOFT "\v"

/* One output line: its text sits in render.text[start, start + len).  An
 * <hr> is kept as a line of its own so that the header check after the
 * walk can see what follows it. */
struct line {
	size_t start;
	size_t len;
	unsigned char quoted;
	unsigned char hr;
};

struct render {
	struct cks_buffer text;           /* the text of all lines, back to back */
	struct line *lines;
	size_t line_count;
	size_t line_cap;
	size_t cur_start;          /* where the line being built starts */
	int cur_quoted;
	int pending_space;         /* 1, or 2 for a raw line end (SOFT) */
	int quote_depth;           /* inside blockquote, .gmail_quote... */
	int after_cut;             /* past moz-cite-prefix or divRplyFwdMsg */
	int pre_depth;             /* inside <pre> or white-space:pre...:
				    * line breaks are kept */
	int struck_depth;          /* inside <s>, <del>: deleted text */
	int wing_depth;            /* in the Wingdings font (symbols) */
	int join_cell;             /* the cell goes on the row's line */
	int p_depth;               /* inside a paragraph */
	size_t row_lines;          /* line_count where the table row began */
	/* The "*" written for each open emphasis, and the line count then:
	 * an emphasis that spans lines marks no one line, and loses it. */
	size_t em_at[EM_MAX];
	size_t em_lines[EM_MAX];
	int em_depth;
	int failed;
};

static int
quoted_now(const struct render *r)
{
	return r->quote_depth > 0 || r->after_cut;
}

static void
add_line(struct render *r, size_t start, size_t len, int quoted, int hr)
{
	if (r->failed)
		return;
	if (r->line_count == r->line_cap) {
		size_t cap = r->line_cap != 0 ? r->line_cap * 2 : 64;
		struct line *lines;

		if (cap > ((size_t)-1) / sizeof(*lines)) {
			r->failed = 1;
			return;
		}
		lines = realloc(r->lines, cap * sizeof(*lines));
		if (lines == NULL) {
			r->failed = 1;
			return;
		}
		r->lines = lines;
		r->line_cap = cap;
	}
	r->lines[r->line_count].start = start;
	r->lines[r->line_count].len = len;
	r->lines[r->line_count].quoted = quoted != 0;
	r->lines[r->line_count].hr = hr != 0;
	r->line_count++;
}

/* Whether the source line [s, end) opens with an option's number, after
 * blanks, marks and a word that numbers it ("✓ 4 มาก", "[ ] ข้อ 2",
 * "(3) Medium"): a digit that no other digit follows. */
static int
opens_option(const char *s, const char *end)
{
	static const char *const leads[] = { "ข้อ", "option", "no.", NULL };
	size_t d;

	for (int steps = 0; s < end && steps < 12; steps++) {
		const char *next = s;
		int32_t cp;

		if ((d = cks_text_digit_at(s, (size_t)(end - s))) != 0)
			return s + d >= end ||
			       cks_text_digit_at(s + d, (size_t)(end - s - d)) == 0;
		for (const char *const *l = leads; *l != NULL; l++)
			if (cks_text_starts_ci(s, (size_t)(end - s), *l)) {
				next = s + strlen(*l);
				break;
			}
		if (next != s) {
			s = next;
			continue;
		}
		cp = cks_utf8_next(&next, end);
		/* letters start a sentence; marks, blanks and symbols
		 * (check marks, arrows, emoji) dress an option */
		if (cp < 0 || (cp < 0x80 && isalnum((int)cp)) ||
		    (cp >= 0x0e01 && cp <= 0x0e4f) || (cp >= 0xc0 && cp < 0x2000))
			return 0;
		s = next;
	}
	return 0;
}

/* A text with raw line ends that the HTML does not break (a webmail that
 * pasted the list into one <p>, "white-space" lost on the way): when two
 * or more of its source lines open with an option's number, the lines are
 * the writer's, a list pasted back -- read as one line, its marks would
 * sit between two options.  A paragraph merely wrapped in the source has
 * at most one line opening so, and its line ends are blanks.  Returns
 * whether the line [start, text.len) was added as several. */
static int
split_soft(struct render *r, size_t start)
{
	char *t = r->text.data;
	size_t end = r->text.len, listed = 0, from = start;

	if (memchr(t + start, SOFT[0], end - start) == NULL)
		return 0;
	for (size_t i = start; i <= end; i++)
		if (i == end || t[i] == SOFT[0]) {
			listed += opens_option(t + from, t + i);
			from = i + 1;
		}
	if (listed < 2) {
		for (size_t i = start; i < end; i++)
			if (t[i] == SOFT[0])
				t[i] = ' ';
		return 0;
	}
	from = start;
	for (size_t i = start; i <= end; i++)
		if (i == end || t[i] == SOFT[0]) {
			size_t a = from, b = i;

			while (a < b && t[a] == ' ')
				a++;
			while (b > a && t[b - 1] == ' ')
				b--;
			if (b > a)
				add_line(r, a, b - a, r->cur_quoted, 0);
			from = i + 1;
		}
	return 1;
}

/* Ends the line being built.  A hard break (<br>, a newline in <pre>)
 * also ends an empty line, which then becomes a blank line; a block edge
 * only ends a line that has text. */
static void
end_line(struct render *r, int hard)
{
	size_t len;

	if (r->text.failed)
		return;
	while (r->text.len > r->cur_start &&
	       (r->text.data[r->text.len - 1] == ' ' ||
		r->text.data[r->text.len - 1] == '\t'))
		r->text.len--;
	len = r->text.len - r->cur_start;
	if (len > 0 && split_soft(r, r->cur_start))
		;
	else if (len > 0)
		add_line(r, r->cur_start, len, r->cur_quoted, 0);
	else if (hard)
		add_line(r, r->cur_start, 0, quoted_now(r), 0);
	r->cur_start = r->text.len;
	r->pending_space = 0;
}

static void
blank_line(struct render *r)
{
	end_line(r, 0);
	add_line(r, r->text.len, 0, quoted_now(r), 0);
}

static void
add_visible(struct render *r, const char *s, size_t n)
{
	if (r->text.len == r->cur_start) {
		r->cur_quoted = quoted_now(r);
		r->pending_space = 0;          /* no blank at a line start */
	} else if (r->pending_space) {
		cks_buffer_add(&r->text, r->pending_space & 2 ? SOFT : " ", 1);
	}
	r->pending_space = 0;
	cks_buffer_add(&r->text, s, n);
}

/* The signs Outlook and Word insert from the Wingdings font, written as
 * the Latin-1 letters of their code points ("ü" shows as a check mark). */
static const char *
wingding(int32_t cp)
{
	switch (cp) {
	case 0xfc: return "✓";
	case 0xfb: return "✗";
	case 0xfe: return "☑";
	case 0xfd: return "☒";
	case 0x6f: case 0xa8: case 0x71: case 0x72: return "☐";
	case 0x6e: case 0xa7: return "■";
	case 0x6c: case 0x9f: return "●";
	case 0xe0: case 0xe8: case 0xf0: return "→";
	case 0xdf: case 0xe7: case 0xef: return "←";
	case 0xd8: return "➢";
	case 0x46: return "☞";
	case 0x45: return "☜";
	case 0x4a: return "☺";
	case 0xab: return "★";
	default: return "◆";     /* some other sign: a sign all the same */
	}
}

/* Text as a browser shows it: runs of white space (and no-break spaces,
 * which mail clients use for indentation) collapse to one space, except
 * inside <pre> (and white-space:pre...).  Bytes that are not UTF-8 become
 * U+FFFD. */
static void
add_text(struct render *r, const char *s)
{
	const char *end = s + strlen(s);

	if (r->struck_depth > 0)
		return;

	while (s < end) {
		const char *next = s;
		int32_t cp = cks_utf8_next(&next, end);
		int space = cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
			    cp == '\f' || cp == 0xa0;

		if (cp < 0) {
			next = s + 1;
			add_visible(r, "\xef\xbf\xbd", 3);
		} else if (r->wing_depth > 0 && !space) {
			const char *sign = wingding(cp);

			add_visible(r, sign, strlen(sign));
		} else if (r->pre_depth > 0) {
			if (cp == '\n')
				end_line(r, 1);
			else if (cp == 0xa0)
				add_visible(r, " ", 1);
			else if (cp != '\r')
				add_visible(r, s, (size_t)(next - s));
		} else if (space) {
			r->pending_space = cp == '\n' ? 2 : r->pending_space | 1;
		} else {
			add_visible(r, s, (size_t)(next - s));
		}
		s = next;
	}
}

static int
name_in(const xmlNode *node, const char *const *names)
{
	int first;

	if (node->name == NULL)
		return 0;
	/* the first letter first: most names differ there */
	first = tolower(node->name[0]);
	for (; *names != NULL; names++)
		if (**names == first && same_name(node->name, *names))
			return 1;
	return 0;
}

static const char *const skipped[] = {
	"script", "style", "head", "title", "template", "xml", NULL
};
static const char *const blocks[] = {
	"address", "article", "aside", "blockquote", "body", "caption",
	"center", "dd", "details", "dialog", "dir", "div", "dl", "dt",
	"fieldset", "figcaption", "figure", "footer", "form", "header",
	"hgroup", "html", "legend", "li", "main", "menu", "nav", "ol",
	"section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
	NULL
};
static const char *const emphasis[] = {
	"b", "strong", "mark", "u", "ins", "em", "i", NULL
};
static const char *const struck[] = { "s", "strike", "del", NULL };
static const char *const paragraphs[] = {
	"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", NULL
};

/* The value of an attribute when it is plain text (always, from the HTML
 * parser), without copying it. */
static const char *
attr_value(const xmlNode *node, const char *name)
{
	for (const xmlAttr *a = node->properties; a != NULL; a = a->next)
		if (same_name(a->name, name))
			return a->children != NULL &&
			       a->children->type == XML_TEXT_NODE ?
			       (const char *)a->children->content : NULL;
	return NULL;
}

/* Whether the element has the attribute at all ("<input checked>"). */
static int
has_attr(const xmlNode *node, const char *name)
{
	for (const xmlAttr *a = node->properties; a != NULL; a = a->next)
		if (same_name(a->name, name))
			return 1;
	return 0;
}

static int
has_class(const xmlNode *node, const char *token)
{
	const char *p = attr_value(node, "class");
	size_t n = strlen(token);

	while (p != NULL && *p != '\0') {
		const char *start;

		while (isspace((unsigned char)*p))
			p++;
		start = p;
		while (*p != '\0' && !isspace((unsigned char)*p))
			p++;
		if ((size_t)(p - start) == n && strncasecmp(start, token, n) == 0)
			return 1;
	}
	return 0;
}

static int
has_id(const xmlNode *node, const char *id)
{
	const char *value = attr_value(node, "id");

	return value != NULL && strcasecmp(value, id) == 0;
}

/* Quoted history kept inside one element. */
static int
is_quote(const xmlNode *node)
{
	return same_name(node->name, "blockquote") ||
	       has_class(node, "gmail_quote") ||
	       has_class(node, "yahoo_quoted") ||
	       has_id(node, "OLK_SRC_BODY_SECTION");
}

/* Where quoted history starts and runs to the end of the document:
 * Thunderbird's attribution line and Outlook's reply header are siblings
 * of the quote, not its parents. */
static int
is_cut(const xmlNode *node)
{
	return has_class(node, "moz-cite-prefix") ||
	       has_id(node, "divRplyFwdMsg");
}

/* The value of property in the style attribute ("white-space:
 * pre-wrap" gives "pre-wrap..."), or NULL. */
static const char *
style_value(const xmlNode *node, const char *property)
{
	const char *style = attr_value(node, "style");
	const char *end, *p;

	if (style == NULL)
		return NULL;
	end = style + strlen(style);
	/* a declaration's own name: "color", not "background-color" */
	for (p = style; (p = cks_text_find_ci(p, end, property)) != NULL; p++) {
		const char *v = p + strlen(property);

		if (p > style && p[-1] != ';' && p[-1] != ' ' && p[-1] != '\t')
			continue;
		while (*v == ' ' || *v == '\t')
			v++;
		if (*v++ != ':')
			continue;
		while (*v == ' ' || *v == '\t')
			v++;
		return v;
	}
	return NULL;
}

/* Whether the style attribute holds property with one of values. */
static int
style_has(const xmlNode *node, const char *property,
	  const char *const *values)
{
	const char *v = style_value(node, property);

	for (; v != NULL && *values != NULL; values++)
		if (strncasecmp(v, *values, strlen(*values)) == 0)
			return 1;
	return 0;
}

/* A CSS or HTML colour as red, green, blue; -1 when it is none we know
 * (then it marks nothing). */
static int
parse_colour(const char *v, int rgb[3])
{
	static const struct {
		const char *name;
		int rgb[3];
	} named[] = {
		{ "red", { 255, 0, 0 } }, { "blue", { 0, 0, 255 } },
		{ "green", { 0, 128, 0 } }, { "lime", { 0, 255, 0 } },
		{ "yellow", { 255, 255, 0 } }, { "orange", { 255, 165, 0 } },
		{ "magenta", { 255, 0, 255 } }, { "fuchsia", { 255, 0, 255 } },
		{ "purple", { 128, 0, 128 } }, { "crimson", { 220, 20, 60 } },
		{ "cyan", { 0, 255, 255 } }, { "aqua", { 0, 255, 255 } },
		{ "maroon", { 128, 0, 0 } }, { "navy", { 0, 0, 128 } },
		{ "black", { 0, 0, 0 } }, { "white", { 255, 255, 255 } },
		{ "windowtext", { 0, 0, 0 } }, { "window", { 255, 255, 255 } },
	};
	unsigned int x[3];
	int n;

	if (v == NULL)
		return -1;
	if (v[0] == '#') {
		size_t len = strspn(v + 1, "0123456789abcdefABCDEF");

		if (len == 6 && sscanf(v + 1, "%2x%2x%2x", &x[0], &x[1], &x[2]) == 3)
			;
		else if (len == 3 && sscanf(v + 1, "%1x%1x%1x", &x[0], &x[1], &x[2]) == 3)
			x[0] *= 17, x[1] *= 17, x[2] *= 17;
		else
			return -1;
		for (n = 0; n < 3; n++)
			rgb[n] = (int)x[n];
		return 0;
	}
	if (strncasecmp(v, "rgb", 3) == 0) {
		const char *p = strchr(v, '(');

		if (p == NULL || sscanf(p + 1, "%u ,%u ,%u", &x[0], &x[1], &x[2]) != 3)
			return -1;
		for (n = 0; n < 3; n++)
			rgb[n] = x[n] > 255 ? 255 : (int)x[n];
		return 0;
	}
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		size_t len = strlen(named[i].name);

		if (strncasecmp(v, named[i].name, len) == 0 &&
		    !isalnum((unsigned char)v[len])) {
			memcpy(rgb, named[i].rgb, sizeof(named[i].rgb));
			return 0;
		}
	}
	return -1;
}

/* A text colour that stands out (red, blue, green), not the greys, black
 * and dark blues mail clients write around every line (Gmail's
 * rgb(34,34,34), Outlook's #1F497D). */
static int
vivid(const char *v)
{
	int c[3], hi, lo;

	if (parse_colour(v, c) < 0)
		return 0;
	hi = c[0] > c[1] ? c[0] : c[1];
	hi = hi > c[2] ? hi : c[2];
	lo = c[0] < c[1] ? c[0] : c[1];
	lo = lo < c[2] ? lo : c[2];
	return hi - lo >= 120;
}

/* A highlight: a background that is not white (Gmail writes
 * background-color: rgb(255,255,255) around pasted text). */
static int
highlight(const char *v)
{
	int c[3];

	return parse_colour(v, c) == 0 &&
	       (c[0] < 230 || c[1] < 230 || c[2] < 230);
}

static const char *const pre_spaces[] = {
	"pre", "break-spaces", NULL
};
static const char *const line_through[] = { "line-through", NULL };
static const char *const bold[] = { "bold", "bolder", "6", "7", "8", "9", NULL };
static const char *const underline[] = { "underline", NULL };

/* Text set in the Wingdings font: <font face="Wingdings">, or a
 * font-family that names it (Outlook: font-family:Wingdings). */
static int
is_wingdings(const xmlNode *node)
{
	const char *v = style_value(node, "font-family");

	if (v != NULL) {
		const char *end = strchr(v, ';');

		return cks_text_find_ci(v, end != NULL ? end : v + strlen(v),
		    "wingdings") != NULL;
	}
	v = same_name(node->name, "font") ? attr_value(node, "face") : NULL;
	return v != NULL && cks_text_find_ci(v, v + strlen(v), "wingdings") != NULL;
}

/* Where the writer's line breaks are kept: <pre>, white-space: pre,
 * pre-wrap, pre-line, break-spaces. */
static int
keeps_lines(const xmlNode *node)
{
	return same_name(node->name, "pre") ||
	       style_has(node, "white-space", pre_spaces);
}

/* Text the writer struck through: deleted, as on a paper form. */
static int
is_struck(const xmlNode *node)
{
	return name_in(node, struck) ||
	       style_has(node, "text-decoration", line_through) ||
	       style_has(node, "text-decoration-line", line_through);
}

/* Text set apart by its look: bold, underlined, highlighted or
 * coloured. */
static int
is_emphasis(const xmlNode *node)
{
	if (name_in(node, emphasis))
		return 1;
	if (same_name(node->name, "font") && vivid(attr_value(node, "color")))
		return 1;
	if (!same_name(node->name, "span") && !same_name(node->name, "font"))
		return 0;
	return highlight(style_value(node, "background")) ||
	       highlight(style_value(node, "background-color")) ||
	       vivid(style_value(node, "color")) ||
	       style_has(node, "font-weight", bold) ||
	       style_has(node, "text-decoration", underline);
}

/* Whether the element's text opens with an option's number ("4 มาก",
 * "๔", "(4) High", "ข้อ 4"): its first text, a few levels down at most. */
static int
opens_with_digit(const xmlNode *node)
{
	const xmlNode *n = node->children;

	for (int depth = 0; n != NULL && depth < 4; depth++) {
		while (n != NULL && n->type != XML_TEXT_NODE && n->children == NULL)
			n = n->next;
		if (n == NULL)
			return 0;
		if (n->type == XML_TEXT_NODE) {
			const char *t = (const char *)n->content;

			return t != NULL && opens_option(t, t + strlen(t));
		}
		n = n->children;
	}
	return 0;
}

/* Before the next cell of a table row: when the row so far is one line
 * (each cell a paragraph, as Outlook writes every cell: "✓" | "4" |
 * "มาก"), that line is taken up again so the row reads as one line.
 * Returns whether it was. */
static int
reopen_row(struct render *r)
{
	size_t text_line = r->line_count;

	if (r->text.len != r->cur_start)
		return 0;
	for (size_t i = r->row_lines; i < r->line_count; i++) {
		if (r->lines[i].len == 0 || r->lines[i].hr)
			continue;
		if (text_line != r->line_count)
			return 0;       /* two lines: the cell broke its lines */
		text_line = i;
	}
	if (text_line == r->line_count ||
	    r->lines[text_line].start + r->lines[text_line].len != r->text.len)
		return 0;
	r->cur_start = r->lines[text_line].start;
	r->cur_quoted = r->lines[text_line].quoted;
	r->line_count = r->row_lines;
	r->join_cell = 1;
	return 1;
}

/* Returns 0 to skip the node (nothing changed), 1 when it was entered and
 * leave() must follow. */
static int
enter(struct render *r, const xmlNode *node)
{
	if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
		if (node->content != NULL)
			add_text(r, (const char *)node->content);
		return 0;
	}
	if (node->type != XML_ELEMENT_NODE || node->name == NULL ||
	    name_in(node, skipped))
		return 0;
	if (is_struck(node)) {
		r->struck_depth++;
		return 1;
	}
	if (r->struck_depth > 0)
		return 1;
	if (is_cut(node)) {
		end_line(r, 0);
		r->after_cut = 1;
	}
	if (is_quote(node)) {
		end_line(r, 0);
		r->quote_depth++;
	}
	if (same_name(node->name, "input")) {
		/* a form pasted with its boxes: a ticked one is a tick */
		const char *type = attr_value(node, "type");

		if (type != NULL && (strcasecmp(type, "checkbox") == 0 ||
		    strcasecmp(type, "radio") == 0)) {
			int on = attr_value(node, "checked") != NULL ||
			    has_attr(node, "checked");

			add_visible(r, on ? "☑" : "☐", 3);
			r->pending_space = 1;
		}
	} else if (same_name(node->name, "br")) {
		end_line(r, 1);
	} else if (same_name(node->name, "hr")) {
		end_line(r, 0);
		add_line(r, r->text.len, 0, quoted_now(r), 1);
	} else if (same_name(node->name, "td") ||
		   same_name(node->name, "th")) {
		/* A row reads as a line ("a b"); but once a cell of the row
		 * broke its lines, the next cell starts its own: a signature
		 * laid out as "name<br>title | phone<br>web" */
		if (r->line_count > r->row_lines && !reopen_row(r))
			end_line(r, 0);
		else
			r->pending_space = 1;
	} else if (same_name(node->name, "tr")) {
		end_line(r, 0);
		r->row_lines = r->line_count;
	} else if (is_emphasis(node) && opens_with_digit(node)) {
		/* what plain-text clients write for bold, for an option line
		 * ("<b>4 มาก</b>"): the one the customer bolded, underlined or
		 * highlighted in the pasted list is marked, as "*4 มาก*"
		 * would be */
		add_visible(r, "*", 1);
		if (r->em_depth < EM_MAX) {
			r->em_at[r->em_depth] = r->text.len - 1;
			r->em_lines[r->em_depth] = r->line_count;
		}
		r->em_depth++;
	} else if (name_in(node, paragraphs)) {
		/* A paragraph inside a paragraph is Outlook's <o:p>, which the
		 * parser reads as <p>: nothing.  Outlook also writes every line
		 * as a MsoNormal paragraph without margins: a line. */
		if (r->p_depth++ == 0 && r->join_cell) {
			r->join_cell = 0;
		} else if (r->p_depth == 1) {
			if (has_class(node, "MsoNormal"))
				end_line(r, 0);
			else
				blank_line(r);
		}
	} else if (name_in(node, blocks)) {
		if (r->join_cell)
			r->join_cell = 0;
		else
			end_line(r, 0);
	}
	if (keeps_lines(node))
		r->pre_depth++;
	if (is_wingdings(node))
		r->wing_depth++;
	return 1;
}

/* Takes the byte at offset at out of the text (the lines after it move
 * back by one). */
static void
drop_byte(struct render *r, size_t at)
{
	memmove(r->text.data + at, r->text.data + at + 1, r->text.len - at - 1);
	r->text.len--;
	for (size_t i = r->line_count; i-- > 0;) {
		struct line *l = &r->lines[i];

		if (l->start > at)
			l->start--;
		else {
			if (l->start + l->len > at)
				l->len--;
			break;
		}
	}
	if (r->cur_start > at)
		r->cur_start--;
}

/* Closes an emphasis on one line with its "*"; one that spanned lines
 * (the whole reply in bold or colour) marks nothing, and loses its
 * opening "*" too. */
static void
close_emphasis(struct render *r)
{
	int d = --r->em_depth;

	if (d >= EM_MAX || r->text.failed)
		return;
	if (r->line_count == r->em_lines[d] && r->text.len > r->cur_start) {
		r->pending_space = 0;
		cks_buffer_add(&r->text, "*", 1);
	} else if (r->em_at[d] < r->text.len && r->text.data[r->em_at[d]] == '*') {
		drop_byte(r, r->em_at[d]);
	}
}

static void
leave(struct render *r, const xmlNode *node)
{
	if (node->type != XML_ELEMENT_NODE)
		return;
	if (is_struck(node)) {
		r->struck_depth--;
		return;
	}
	if (r->struck_depth > 0)
		return;
	if (is_emphasis(node) && opens_with_digit(node))
		close_emphasis(r);
	if (keeps_lines(node))
		r->pre_depth--;
	if (is_wingdings(node))
		r->wing_depth--;
	if (name_in(node, paragraphs)) {
		if (--r->p_depth == 0) {
			if (has_class(node, "MsoNormal"))
				end_line(r, 1);     /* an empty one is a blank line */
			else
				blank_line(r);
		}
	} else if (name_in(node, blocks)) {
		end_line(r, 0);
	}
	if (is_quote(node)) {
		end_line(r, 0);
		r->quote_depth--;
	}
}

/* Visits the tree in document order without recursion: a hostile
 * document can nest as deep as the parser lets it. */
static void
walk(struct render *r, xmlDoc *doc)
{
	const xmlNode *top = (const xmlNode *)doc;
	const xmlNode *node = doc->children;

	while (node != NULL) {
		int entered = enter(r, node);

		if (entered && node->children != NULL) {
			node = node->children;
			continue;
		}
		if (entered)
			leave(r, node);
		while (node->next == NULL) {
			node = node->parent;
			if (node == NULL || node == top)
				return;
			leave(r, node);
		}
		node = node->next;
	}
}

/* --- quoted history found in the text ------------------------------------ */

static const char *const from_labels[] = {
	"From", "จาก", "От", "De", "Von", "Van", "Da", NULL
};
static const char *const date_labels[] = {
	"Sent", "Date", "ส่ง", "ส่งเมื่อ", "วันที่", "Отправлено", "Дата",
	"Envoyé", "Enviado", "Fecha", "Gesendet", "Datum", "Verzonden",
	"Data", "Inviato", NULL
};
static const char *const other_labels[] = {
	"To", "Cc", "Subject", "ถึง", "สำเนา", "เรื่อง", "Кому", "Копия", "Тема",
	"À", "Objet", "Para", "Asunto", "An", "Betreff", "Aan", "Onderwerp",
	"A", "Oggetto", NULL
};

/* Non-zero if the line starts with one of labels and a colon ("From:",
 * "*From:*", "De :"). */
static int
starts_with_label(const char *s, size_t len, const char *const *labels)
{
	const char *end = s + len;

	while (s < end && (*s == '*' || *s == ' '))
		s++;
	for (; *labels != NULL; labels++) {
		size_t n = strlen(*labels);
		const char *p = s + n;

		if ((size_t)(end - s) < n || strncasecmp(s, *labels, n) != 0)
			continue;
		while (p < end && (*p == ' ' || *p == '*'))
			p++;
		if (p < end && *p == ':')
			return 1;
	}
	return 0;
}

static int
line_has_label(const struct render *r, size_t i, const char *const *labels)
{
	const struct line *l = &r->lines[i];

	return l->len > 0 &&
	       starts_with_label(r->text.data + l->start, l->len, labels);
}

/* Outlook, Hotmail and Windows Mail put no element around the message
 * they quote: it starts at an <hr> followed by a header line, or at a
 * From: line with a Sent: or Date: line right after it. */
static void
mark_header_blocks(struct render *r)
{
	size_t cut = r->line_count;

	for (size_t i = 0; i < r->line_count && cut == r->line_count; i++) {
		const struct line *l = &r->lines[i];

		if (l->quoted)
			continue;
		if (l->hr) {
			size_t j = i + 1;

			/* a later <hr> looks for itself: no quadratic run */
			while (j < r->line_count && r->lines[j].len == 0 &&
			       !r->lines[j].hr)
				j++;
			if (j < r->line_count &&
			    (line_has_label(r, j, from_labels) ||
			     line_has_label(r, j, date_labels) ||
			     line_has_label(r, j, other_labels)))
				cut = i;
		} else if (line_has_label(r, i, from_labels)) {
			size_t seen = 0;

			for (size_t j = i + 1; j < r->line_count &&
			     seen < HEADER_LOOKAHEAD; j++) {
				if (r->lines[j].len == 0)
					continue;
				seen++;
				if (line_has_label(r, j, date_labels)) {
					cut = i;
					break;
				}
			}
		}
	}
	for (size_t i = cut; i < r->line_count; i++)
		r->lines[i].quoted = 1;
}

/* Lines to text: blank lines collapse to one and none lead or trail; a
 * blank line between two quoted lines is ">", so the quote stays one
 * block for the cutter. */
static void
assemble(const struct render *r, struct cks_buffer *out)
{
	int have = 0, blank = 0, blank_quoted = 1, prev_quoted = 0;

	for (size_t i = 0; i < r->line_count; i++) {
		const struct line *l = &r->lines[i];

		if (l->len == 0) {
			if (have) {
				blank = 1;
				blank_quoted = blank_quoted && l->quoted;
			}
			continue;
		}
		if (blank)
			cks_buffer_add(out, prev_quoted && l->quoted && blank_quoted ?
				">\n" : "\n", prev_quoted && l->quoted &&
				blank_quoted ? 2 : 1);
		if (l->quoted)
			cks_buffer_add(out, "> ", 2);
		cks_buffer_add(out, r->text.data + l->start, l->len);
		cks_buffer_add(out, "\n", 1);
		have = 1;
		blank = 0;
		blank_quoted = 1;
		prev_quoted = l->quoted;
	}
}

int
cks_html_to_text(const char *html, size_t length, char **text_out,
		 struct cks_error *err)
{
	struct render r = { 0 };
	struct cks_buffer out = { 0 };
	xmlDoc *doc = NULL;

	*text_out = NULL;
	if (length > INT_MAX)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "HTML body of %zu bytes is too large", length);
	if (length > 0) {
		pthread_once(&libxml2_once, load_libxml2);
		if (libxml2.error[0] != '\0')
			return cks_error_set(err, CKS_ERROR_INTERNAL,
			    "cannot read the HTML body: %s", libxml2.error);
		/* "UTF-8" overrides any <meta> charset: the caller decoded the
		 * bytes already, with the meta charset among its guesses. */
		doc = libxml2.read_memory(html, (int)length, NULL, "UTF-8",
		    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
		    HTML_PARSE_NONET | HTML_PARSE_RECOVER);
	}
	if (doc != NULL) {
		walk(&r, doc);
		end_line(&r, 0);
		libxml2.free_doc(doc);
	}
	if (!r.failed && !r.text.failed) {
		mark_header_blocks(&r);
		assemble(&r, &out);
	}
	free(r.lines);
	free(r.text.data);
	if (r.failed || r.text.failed || out.failed) {
		free(out.data);
		return cks_error_set(err, CKS_ERROR_INTERNAL,
		    "out of memory converting HTML to text");
	}
	*text_out = out.data != NULL ? out.data : strdup("");
	if (*text_out == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL,
		    "out of memory converting HTML to text");
	return 0;
}
