/* Unit tests for lib/mailout/template: the Mustache subset, HTML escaping,
 * standalone lines, partials, strict lookups, load errors and check(). */
#include "autoconfig.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testhelp.h"
#include "template.h"

static unsigned set_serial;

/* A fresh directory holding the files given as (name, text) pairs ending
 * with a NULL name.  The caller frees the path. */
static char *
write_set_va(const char *name, va_list ap)
{
	char dirname[32];
	char *dir;

	snprintf(dirname, sizeof(dirname), "set-%u", ++set_serial);
	dir = test_path(dirname);
	assert_int_equal(mkdir(dir, 0700), 0);
	for (; name != NULL; name = va_arg(ap, const char *)) {
		const char *text = va_arg(ap, const char *);
		size_t len = strlen(dir) + strlen(name) + 2;
		char *path = malloc(len);

		assert_non_null(path);
		snprintf(path, len, "%s/%s", dir, name);
		test_write_file(path, text);
		free(path);
	}
	return dir;
}

/* Loads a set of (name, text) pairs; fails the test on error. */
static struct cks_templates *
load(const char *name, ...)
{
	struct cks_templates *set = NULL;
	struct cks_error err;
	va_list ap;
	char *dir;

	va_start(ap, name);
	dir = write_set_va(name, ap);
	va_end(ap);
	if (cks_templates_load(dir, &set, &err) < 0)
		fail_msg("cks_templates_load: %s", err.message);
	free(dir);
	return set;
}

/* Loads a set that must fail with exactly this message. */
static void
assert_load_fails(const char *message, ...)
{
	struct cks_templates *set = (struct cks_templates *)1;
	struct cks_error err;
	va_list ap;
	char *dir;

	va_start(ap, message);
	dir = write_set_va(va_arg(ap, const char *), ap);
	va_end(ap);
	assert_int_equal(cks_templates_load(dir, &set, &err), -1);
	assert_null(set);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_string_equal(err.message, message);
	free(dir);
}

/* JSON with ' for " so the tests stay readable. */
static json_t *
data_of(const char *text)
{
	char *copy = strdup(text);
	json_error_t jerr;
	json_t *data;

	assert_non_null(copy);
	for (char *p = copy; *p != '\0'; p++)
		if (*p == '\'')
			*p = '"';
	data = json_loads(copy, 0, &jerr);
	if (data == NULL)
		fail_msg("bad test JSON %s: %s", copy, jerr.text);
	free(copy);
	return data;
}

static void
assert_render(const struct cks_templates *set, const char *name,
	      const char *json, const char *expected)
{
	json_t *data = data_of(json);
	struct cks_error err;
	char *text = NULL;

	if (cks_templates_render(set, name, data, &text, &err) < 0)
		fail_msg("render %s: %s", name, err.message);
	assert_string_equal(text, expected);
	free(text);
	json_decref(data);
}

static void
assert_render_fails(const struct cks_templates *set, const char *name,
		    const char *json, const char *message)
{
	json_t *data = data_of(json);
	struct cks_error err;
	char *text = (char *)1;

	assert_int_equal(cks_templates_render(set, name, data, &text, &err), -1);
	assert_null(text);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_string_equal(err.message, message);
	json_decref(data);
}

/* A one-template set, rendered once. */
static void
render_one(const char *name, const char *template, const char *json,
	   const char *expected)
{
	struct cks_templates *set = load(name, template, NULL);

	assert_render(set, name, json, expected);
	cks_templates_free(&set);
	assert_null(set);
}

static void
test_variables(void **state)
{
	render_one("v.txt", "Hi {{name}}, {{ name }}!", "{'name':'Somchai'}",
	    "Hi Somchai, Somchai!");
	render_one("n.txt", "{{i}} {{neg}} {{r}} {{big}}",
	    "{'i':42,'neg':-7,'r':2.5,'big':9007199254740993}",
	    "42 -7 2.5 9007199254740993");
	/* null renders nothing; booleans as "true" and nothing. */
	render_one("b.txt", "[{{n}}][{{t}}][{{f}}]",
	    "{'n':null,'t':true,'f':false}", "[][true][]");
	render_one("e.txt", "", "{}", "");
	render_one("plain.subject", "no tags at all", "{}", "no tags at all");
	/* A byte order mark is not text. */
	render_one("bom.txt", "\xef\xbb\xbf{{a}}", "{'a':1}", "1");
}

static void
test_dotted_and_dot(void **state)
{
	render_one("d.txt", "{{customer.address.city}}/{{customer.name}}",
	    "{'customer':{'name':'Malee','address':{'city':'Chiang Mai'}}}",
	    "Chiang Mai/Malee");
	render_one("dot.txt", "{{#tags}}<{{.}}>{{/tags}}",
	    "{'tags':['a','b',3]}", "<a><b><3>");
	/* A null on the way is an absent optional object: nothing, no error. */
	render_one("null.txt", "[{{customer.name}}]", "{'customer':null}", "[]");
	/* Dotted names start from the innermost frame that has the head. */
	render_one("scope.txt", "{{#o}}{{a.b}}{{/o}}",
	    "{'a':{'b':'outer'},'o':{'a':{'b':'inner'}}}", "inner");
}

static void
test_html_escaping(void **state)
{
	const char *json = "{'v':'<a href=\\'x\\'>Tom & \\u0027Jerry\\u0027</a>'}";
	struct cks_templates *set = load(
	    "page.html", "{{v}}|{{{v}}}|{{&v}}",
	    "page.txt", "{{v}}|{{{v}}}|{{&v}}",
	    NULL);

	assert_render(set, "page.html", json,
	    "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;|"
	    "<a href=\"x\">Tom & 'Jerry'</a>|<a href=\"x\">Tom & 'Jerry'</a>");
	assert_render(set, "page.txt", json,
	    "<a href=\"x\">Tom & 'Jerry'</a>|<a href=\"x\">Tom & 'Jerry'</a>|"
	    "<a href=\"x\">Tom & 'Jerry'</a>");
	/* Template text itself is never escaped. */
	render_one("lit.html", "<b>&amp;</b>", "{}", "<b>&amp;</b>");
	cks_templates_free(&set);
}

static void
test_sections_over_arrays(void **state)
{
	render_one("items.txt",
	    "Order {{id}}\n{{#items}}\n- {{name}} x{{qty}}\n{{/items}}\nTotal {{total}}\n",
	    "{'id':7,'total':'90.00','items':[{'name':'Tea','qty':2},"
	    "{'name':'ข้าว','qty':1}]}",
	    "Order 7\n- Tea x2\n- ข้าว x1\nTotal 90.00\n");
	render_one("empty.txt", "a{{#items}}X{{/items}}b", "{'items':[]}", "ab");
}

static void
test_nested_sections_outer_lookups(void **state)
{
	const char *json =
	    "{'customer':'Anan','orders':[{'id':1,'lines':[{'sku':'A'},{'sku':'B'}]},"
	    "{'id':2,'lines':[{'sku':'C','customer':null}]}]}";

	/* customer comes from the root; in the last line a null customer in
	 * the inner frame wins over the outer one, as Mustache says. */
	render_one("nest.txt",
	    "{{#orders}}{{#lines}}{{id}}{{sku}}:{{customer}};{{/lines}}{{/orders}}",
	    json, "1A:Anan;1B:Anan;2C:;");
}

static void
test_section_values(void **state)
{
	const char *tpl =
	    "{{#t}}T{{.}}{{/t}}{{#s}}S{{.}}{{/s}}{{#n}}N{{.}}{{/n}}{{#r}}R{{.}}{{/r}}"
	    "{{#o}}O{{k}}{{/o}}{{#eo}}E{{/eo}}"
	    "{{#f}}no{{/f}}{{#z}}no{{/z}}{{#zr}}no{{/zr}}{{#es}}no{{/es}}"
	    "{{#nul}}no{{/nul}}{{#ea}}no{{/ea}}";

	render_one("vals.txt", tpl,
	    "{'t':true,'s':'x','n':5,'r':0.5,'o':{'k':'v'},'eo':{},"
	    "'f':false,'z':0,'zr':0.0,'es':'','nul':null,'ea':[]}",
	    "TtrueSxN5R0.5OvE");
}

static void
test_inverted_sections(void **state)
{
	const char *tpl = "{{^items}}none{{/items}}{{^flag}}off{{/flag}}"
	    "{{^nul}}null{{/nul}}{{^full}}never{{/full}}";

	render_one("inv.txt", tpl,
	    "{'items':[],'flag':false,'nul':null,'full':[1]}", "noneoffnull");
	render_one("inv2.txt", "{{#x}}yes{{/x}}{{^x}}no{{/x}}", "{'x':1}", "yes");
	render_one("inv3.txt", "{{#x}}yes{{/x}}{{^x}}no{{/x}}", "{'x':0}", "no");
}

static void
test_partials(void **state)
{
	struct cks_templates *set = load(
	    "mail.txt", "Dear {{name}},\n{{>footer.txt}}",
	    "mail.html", "<p>{{>greeting.txt}}</p>{{#lines}}{{>line.html}}{{/lines}}",
	    "greeting.txt", "Hi {{name}}",
	    "line.html", "<li>{{sku}}</li>",
	    "footer.txt", "-- \n{{shop}}\n",
	    "raw.txt", "{{>line.html}}",
	    NULL);

	assert_render(set, "mail.txt", "{'name':'A','shop':'B & C'}",
	    "Dear A,\n-- \nB & C\n");
	/* A .txt partial inside .html is escaped as HTML ... */
	assert_render(set, "mail.html",
	    "{'name':'<A>','lines':[{'sku':'x&y'},{'sku':'z'}]}",
	    "<p>Hi &lt;A&gt;</p><li>x&amp;y</li><li>z</li>");
	/* ... and an .html partial inside .txt is not. */
	assert_render(set, "raw.txt", "{'sku':'x&y'}", "<li>x&y</li>");
	cks_templates_free(&set);
}

static void
test_partial_depth_limit(void **state)
{
	char names[18][16], texts[18][32];
	struct cks_templates *set;
	struct cks_error err;
	char *dir;

	/* p0 -> p1 -> ... -> p16 is sixteen levels: allowed. */
	dir = test_path("deep");
	assert_int_equal(mkdir(dir, 0700), 0);
	for (int i = 0; i < 18; i++) {
		char *path;
		size_t len = strlen(dir) + 32;

		snprintf(names[i], sizeof(names[i]), "p%02d.txt", i);
		snprintf(texts[i], sizeof(texts[i]), "%d{{>p%02d.txt}}", i, i + 1);
		path = malloc(len);
		assert_non_null(path);
		snprintf(path, len, "%s/%s", dir, names[i]);
		if (i <= 16)
			test_write_file(path, i == 16 ? "end" : texts[i]);
		free(path);
	}
	assert_int_equal(cks_templates_load(dir, &set, &err), 0);
	assert_render(set, "p00.txt", "{}", "0123456789101112131415end");
	cks_templates_free(&set);
	free(dir);
	/* One level more is refused, at the tag where it goes over. */
	dir = test_path("deeper");
	assert_int_equal(mkdir(dir, 0700), 0);
	for (int i = 0; i < 18; i++) {
		char *path;
		size_t len = strlen(dir) + 32;

		path = malloc(len);
		assert_non_null(path);
		snprintf(path, len, "%s/%s", dir, names[i]);
		test_write_file(path, i == 17 ? "end" : texts[i]);
		free(path);
	}
	assert_int_equal(cks_templates_load(dir, &set, &err), -1);
	assert_null(set);
	assert_string_equal(err.message, "p00.txt:1: partials nested more than 16 deep");
	free(dir);
}

static void
test_standalone_lines(void **state)
{
	render_one("s1.txt", "a\n{{#x}}\nb\n{{/x}}\nc\n", "{'x':true}", "a\nb\nc\n");
	render_one("s2.txt", "a\n{{#x}}\nb\n{{/x}}\nc\n", "{'x':false}", "a\nc\n");
	/* Blanks around the tag and CRLF go with the line. */
	render_one("s3.txt", "a\r\n  {{^x}}\t\r\nb\r\n\t{{/x}}  \r\nc",
	    "{'x':[]}", "a\r\nb\r\nc");
	/* Comments, partials and tags on the first and last line. */
	render_one("s4.txt", "{{! first }}\na\n {{! two\nlines }}\nb\n{{#x}}\nz\n{{/x}}",
	    "{'x':0}",
	    "a\nb\n");
	/* Not standalone: other text or a value on the line, two tags. */
	render_one("s5.txt", "a {{#x}}\nb{{/x}} c\n{{v}}\n{{#x}}{{/x}}\n",
	    "{'x':true,'v':''}", "a \nb c\n\n\n");
	render_one("s6.txt", "[\n{{#l}}\n  {{.}}\n{{/l}}\n]\n", "{'l':[1,2]}",
	    "[\n  1\n  2\n]\n");
}

static void
test_standalone_partial(void **state)
{
	struct cks_templates *set = load(
	    "body.txt", "Hello\n{{>sig.txt}}\nBye\n",
	    "sig.txt", "--\nShop\n",
	    NULL);

	assert_render(set, "body.txt", "{}", "Hello\n--\nShop\nBye\n");
	cks_templates_free(&set);
}

static void
test_comments(void **state)
{
	/* As in Mustache, a comment ends at the first closing braces. */
	render_one("c.txt", "a{{! use {{name there }}b{{!\nmulti\nline}}c{{!x}}}",
	    "{}", "abc}");
}

static void
test_thai_passes_through(void **state)
{
	const char *tpl = "เรียน คุณ{{name}}\nยอดชำระ {{amount}} บาท\n";

	render_one("th.txt", tpl, "{'name':'สมชาย ใจดี','amount':1250}",
	    "เรียน คุณสมชาย ใจดี\nยอดชำระ 1250 บาท\n");
	render_one("th.html", tpl, "{'name':'น้ำ & ไฟ','amount':1}",
	    "เรียน คุณน้ำ &amp; ไฟ\nยอดชำระ 1 บาท\n");
}

static void
test_unknown_variable(void **state)
{
	struct cks_templates *set = load(
	    "mail.txt", "Hi {{name}}\n\n{{nmae}}\n",
	    "sec.txt", "{{#list}}\n{{missing}}\n{{/list}}\n",
	    "main.txt", "x\n{{>part.txt}}",
	    "part.txt", "\n\n{{a.zz}}",
	    "list.txt", "{{items}}",
	    NULL);

	assert_render_fails(set, "mail.txt", "{'name':'x'}",
	    "mail.txt:3: unknown variable 'nmae'");
	assert_render_fails(set, "sec.txt", "{'list':[{}]}",
	    "sec.txt:2: unknown variable 'missing'");
	assert_render_fails(set, "sec.txt", "{}",
	    "sec.txt:1: unknown variable 'list'");
	/* Inside a partial, the partial's own file and line. */
	assert_render_fails(set, "main.txt", "{'a':{'b':1}}",
	    "part.txt:3: unknown variable 'a.zz'");
	assert_render_fails(set, "main.txt", "{'a':'text'}",
	    "part.txt:3: unknown variable 'a.zz'");
	assert_render_fails(set, "list.txt", "{'items':[1]}",
	    "list.txt:1: 'items' is a list or an object, not a value");
	/* An unknown name in a section that does not render is no error. */
	assert_render(set, "sec.txt", "{'list':[]}", "");
	cks_templates_free(&set);
}

static void
test_render_bad_arguments(void **state)
{
	struct cks_templates *set = load("a.txt", "a", NULL);
	json_t *array = json_array();
	struct cks_error err;
	char *text = NULL;

	assert_int_equal(cks_templates_render(set, "b.txt", array, &text, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_NOT_FOUND);
	assert_null(text);
	assert_int_equal(cks_templates_render(set, "a.txt", array, &text, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_string_equal(err.message, "a.txt: template data is not a JSON object");
	assert_int_equal(cks_templates_check(set, "b.txt", array, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_NOT_FOUND);
	json_decref(array);
	cks_templates_free(&set);
	cks_templates_free(&set);               /* a second free is harmless */
}

static void
test_syntax_errors(void **state)
{
	assert_load_fails("a.txt:2: unclosed section 'x'",
	    "a.txt", "ok\n{{#x}}\n{{#y}}{{/y}}\n", NULL);
	assert_load_fails("a.txt:3: '{{/y}}' does not match section 'x' opened at line 1",
	    "a.txt", "{{#x}}\n\n{{/y}}\n", NULL);
	assert_load_fails("a.txt:1: '{{/x}}' closes no section",
	    "a.txt", "a{{/x}}", NULL);
	assert_load_fails("a.txt:2: unclosed tag '{{name'",
	    "a.txt", "ok\n{{name\nmore\n", NULL);
	assert_load_fails("a.txt:1: unclosed tag '{{name '",
	    "a.txt", "{{name {{other}}", NULL);
	assert_load_fails("a.txt:1: unclosed tag '{{{raw}}'",
	    "a.txt", "{{{raw}}\n", NULL);
	assert_load_fails("a.txt:1: unclosed tag '{{! never closed'",
	    "a.txt", "{{! never closed", NULL);
	assert_load_fails("a.txt:1: bad name in tag '{{a b}}'",
	    "a.txt", "{{a b}}", NULL);
	assert_load_fails("a.txt:1: bad name in tag '{{a..b}}'",
	    "a.txt", "{{a..b}}", NULL);
	assert_load_fails("a.txt:1: bad name in tag '{{#}}'",
	    "a.txt", "{{#}}{{/}}", NULL);
	assert_load_fails("a.txt:1: delimiter changes are not supported",
	    "a.txt", "{{=<% %>=}}", NULL);
	/* Partials: unknown, self, through another, and a .md is no template. */
	assert_load_fails("b.txt:3: unknown partial 'note.md'",
	    "a.txt", "fine", "b.txt", "\n\n{{>note.md}}", "note.md", "x", NULL);
	assert_load_fails("a.txt:2: recursive partial 'a.txt'",
	    "a.txt", "{{#x}}\n{{>a.txt}}\n{{/x}}", NULL);
	assert_load_fails("b.txt:1: recursive partial 'a.txt'",
	    "a.txt", "{{>b.txt}}", "b.txt", "{{>a.txt}}", NULL);
}

static void
test_invalid_utf8(void **state)
{
	assert_load_fails("bad.txt:2: not valid UTF-8",
	    "a.txt", "fine", "bad.txt", "ok\ncaf\xe9\n", NULL);
	assert_load_fails("tis.html:1: not valid UTF-8",
	    "tis.html", "\xca\xc7\xd1\xca\xb4\xd5", NULL);
}

static void
test_nul_byte(void **state)
{
	struct cks_templates *set = NULL;
	struct cks_error err;
	char *dir = test_path("nul"), *path = test_path("nul/a.txt");
	FILE *f;

	assert_int_equal(mkdir(dir, 0700), 0);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite("a\nb\0c", 1, 5, f), 5);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(cks_templates_load(dir, &set, &err), -1);
	assert_string_equal(err.message, "a.txt:2: NUL byte");
	free(dir);
	free(path);
}

static void
test_nesting_limit(void **state)
{
	char tpl[1024] = "";
	struct cks_templates *set;

	/* 64 nested sections are fine, 65 are refused. */
	for (int i = 0; i < 64; i++)
		strcat(tpl, "{{#a}}");
	strcat(tpl, "x");
	for (int i = 0; i < 64; i++)
		strcat(tpl, "{{/a}}");
	set = load("deep.txt", tpl, NULL);
	assert_render(set, "deep.txt", "{'a':true}", "x");
	cks_templates_free(&set);
	memmove(tpl + 6, tpl, strlen(tpl) + 1);
	memcpy(tpl, "{{#a}}", 6);
	strcat(tpl, "{{/a}}");
	assert_load_fails("deep.txt:1: sections nested more than 64 deep",
	    "deep.txt", tpl, NULL);
}

static void
test_load_selection(void **state)
{
	struct cks_templates *set = load(
	    "z.subject", "Subject", "b.html", "<b>", "a.txt", "a",
	    "notes.md", "{{broken", "a.txt.bak", "{{broken", ".hidden.txt", "{{broken",
	    NULL);
	const char *const *names;
	size_t count = 99;
	char *dir, *sub;

	names = cks_templates_names(set, &count);
	assert_int_equal(count, 3);
	assert_string_equal(names[0], "a.txt");
	assert_string_equal(names[1], "b.html");
	assert_string_equal(names[2], "z.subject");
	assert_true(cks_templates_has(set, "b.html"));
	assert_false(cks_templates_has(set, "notes.md"));
	assert_false(cks_templates_has(set, "c.txt"));
	cks_templates_free(&set);

	/* A directory is not a regular file, whatever its name. */
	dir = test_path("with-subdir");
	sub = test_path("with-subdir/dir.txt");
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(cks_templates_load(dir, &set, NULL), 0);
	cks_templates_names(set, &count);
	assert_int_equal(count, 0);
	cks_templates_free(&set);
	free(dir);
	free(sub);
}

static void
test_load_refusals(void **state)
{
	struct cks_templates *set = NULL;
	struct cks_error err;
	char *big = malloc(256 * 1024 + 2);
	char *dir;

	assert_non_null(big);
	dir = test_path("no-such-dir");
	assert_int_equal(cks_templates_load(dir, &set, &err), -1);
	assert_null(set);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, "cannot read template directory"));
	free(dir);

	memset(big, 'x', 256 * 1024);
	big[256 * 1024] = '\0';
	set = load("max.txt", big, NULL);      /* exactly 256 KiB is fine */
	cks_templates_free(&set);
	big[256 * 1024] = 'x';
	big[256 * 1024 + 1] = '\0';
	assert_load_fails("big.txt: larger than 256 KiB", "big.txt", big, NULL);
	free(big);
}

static void
test_check(void **state)
{
	struct cks_templates *set = load(
	    "mail.txt",
	    "Hi {{name}} {{nmae}}\n"
	    "{{#paid}}\n{{receipt_no}} {{reciept}}\n{{/paid}}\n"
	    "{{^items}}\n{{no_items_txt}}\n{{/items}}\n"
	    "{{#items}}\n{{sku}} {{skuu}} {{name}}\n{{/items}}\n"
	    "{{#customer}}{{city}}{{/customer}}\n"
	    "{{#nosuch}}{{inner}}{{/nosuch}}\n"
	    "{{>foot.txt}}{{>foot.txt}}\n",
	    "foot.txt", "{{shop}}{{shpo}}",
	    NULL);
	json_t *sample = data_of("{'name':'n','paid':false,'receipt_no':1,"
	    "'items':[{'sku':'s'}],'customer':{'city':'c'},'shop':'s'}");
	json_t *good = data_of("{'name':'n','nmae':1,'paid':true,'receipt_no':1,"
	    "'reciept':1,'no_items_txt':'','items':[{'sku':'s','skuu':2}],"
	    "'customer':{'city':'c'},'nosuch':{'inner':1},'shop':'s','shpo':''}");
	struct cks_error err;

	assert_int_equal(cks_templates_check(set, "mail.txt", sample, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	/* Every problem, in template order, each once; names in a false
	 * section and in an unknown section are checked too. */
	assert_string_equal(err.message,
	    "mail.txt:1: unknown variable 'nmae'\n"
	    "mail.txt:3: unknown variable 'reciept'\n"
	    "mail.txt:6: unknown variable 'no_items_txt'\n"
	    "mail.txt:9: unknown variable 'skuu'\n"
	    "mail.txt:12: unknown variable 'nosuch'\n"
	    "mail.txt:12: unknown variable 'inner'\n"
	    "foot.txt:1: unknown variable 'shpo'");
	assert_int_equal(cks_templates_check(set, "mail.txt", good, &err), 0);
	json_decref(sample);
	json_decref(good);
	cks_templates_free(&set);
}

/* cks_templates_load_all(): one run lists every file's problem, one line
 * each, and keeps the rest usable (issue 14). */
static void
test_load_all_reports_every_file(void **state)
{
	struct cks_templates *set = NULL;
	struct cks_error err;
	char *problems = NULL, *text = NULL;
	json_t *data = data_of("{'name': 'x'}");
	char *dir;

	(void)state;
	dir = test_path("load-all");
	assert_int_equal(mkdir(dir, 0700), 0);
	{
		static const char *const files[][2] = {
			{ "a.txt", "one\n{{#open}}\nnever closed\n" },
			{ "b.txt", "{{/stray}}\n" },
			{ "c.html", "<p>{{>_gone.html}}</p>\n" },
			{ "d.txt", "{{>_bad.txt}}\n" },
			{ "_bad.txt", "x\n{{name\n" },
			{ "e.txt", "{{>f.txt}}" },
			{ "f.txt", "{{>e.txt}}" },
			{ "good.txt", "hello {{name}}\n" },
			{ "unknown.txt", "{{name}} {{nmae}}\n" },
		};

		for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
			size_t len = strlen(dir) + strlen(files[i][0]) + 2;
			char *path = malloc(len);

			assert_non_null(path);
			snprintf(path, len, "%s/%s", dir, files[i][0]);
			test_write_file(path, files[i][1]);
			free(path);
		}
	}
	/* The strict load stops at the first. */
	assert_int_equal(cks_templates_load(dir, &set, &err), -1);
	assert_null(set);

	if (cks_templates_load_all(dir, &set, &problems, &err) < 0)
		fail_msg("cks_templates_load_all: %s", err.message);
	assert_non_null(set);
	assert_non_null(problems);
	assert_non_null(strstr(problems, "_bad.txt:2: "));
	assert_non_null(strstr(problems, "a.txt:2: unclosed section 'open'"));
	assert_non_null(strstr(problems, "b.txt:1: '{{/stray}}' closes no section"));
	assert_non_null(strstr(problems, "c.html:1: unknown partial '_gone.html'"));
	assert_non_null(strstr(problems,
	    "d.txt:1: partial '_bad.txt' has a problem of its own"));
	assert_non_null(strstr(problems, "recursive partial"));
	/* One line each, none twice, no trailing newline. */
	{
		size_t lines = 1;

		for (const char *c = problems; *c != '\0'; c++)
			lines += *c == '\n';
		if (lines != 7)
			fail_msg("%zu lines, want 7:\n%s", lines, problems);
		assert_int_not_equal(problems[strlen(problems) - 1], '\n');
	}
	/* Broken files are still in the set; the check passes over them. */
	assert_true(cks_templates_has(set, "a.txt"));
	assert_int_equal(cks_templates_check(set, "a.txt", data, &err), 0);
	assert_int_equal(cks_templates_render(set, "a.txt", data, &text, &err), -1);
	assert_non_null(strstr(err.message, "has a problem"));
	/* The good ones render and check as ever. */
	assert_int_equal(cks_templates_render(set, "good.txt", data, &text, &err), 0);
	assert_string_equal(text, "hello x\n");
	free(text);
	assert_int_equal(cks_templates_check(set, "unknown.txt", data, &err), -1);
	assert_string_equal(err.message, "unknown.txt:1: unknown variable 'nmae'");
	cks_templates_free(&set);
	free(problems);

	/* A directory without problems: NULL. */
	free(dir);
	dir = test_path("load-all-ok");
	assert_int_equal(mkdir(dir, 0700), 0);
	if (cks_templates_load_all(dir, &set, &problems, &err) < 0)
		fail_msg("cks_templates_load_all: %s", err.message);
	assert_null(problems);
	cks_templates_free(&set);
	json_decref(data);
	free(dir);
}

/* A report of several problems keeps whole lines and says when some did
 * not fit, once. */
static void
test_append_problem_whole_lines(void **state)
{
	char all[120] = "";

	(void)state;
	cks_template_append_problem(all, sizeof(all), "a.txt:1: one");
	cks_template_append_problem(all, sizeof(all), "b.txt:2: two");
	assert_string_equal(all, "a.txt:1: one\nb.txt:2: two");
	cks_template_append_problem(all, sizeof(all),
	    "c.txt:3: a problem far too long to fit in what is left of the "
	    "report, which must not be cut in the middle");
	cks_template_append_problem(all, sizeof(all), "d.txt:4: long enough, "
	    "too, to be left out of this report of many problems");
	assert_string_equal(all, "a.txt:1: one\nb.txt:2: two\n"
	    "(more problems: fix these and check again)");
}

static void
test_check_truncates(void **state)
{
	char tpl[200 * 16];
	struct cks_templates *set;
	json_t *sample = json_object();
	struct cks_error err;
	size_t used = 0;
	char *last;

	for (int i = 0; i < 200; i++)
		used += (size_t)snprintf(tpl + used, sizeof(tpl) - used,
		    "{{var%03d}}\n", i);
	set = load("many.txt", tpl, NULL);
	assert_int_equal(cks_templates_check(set, "many.txt", sample, &err), -1);
	assert_true(strlen(err.message) < sizeof(err.message));
	assert_non_null(strstr(err.message, "many.txt:1: unknown variable 'var000'\n"));
	last = strrchr(err.message, '\n');
	assert_non_null(last);
	assert_non_null(strstr(last, "more)"));
	assert_int_equal(strncmp(last, "\n(and ", 6), 0);
	json_decref(sample);
	cks_templates_free(&set);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_variables),
		cmocka_unit_test(test_dotted_and_dot),
		cmocka_unit_test(test_html_escaping),
		cmocka_unit_test(test_sections_over_arrays),
		cmocka_unit_test(test_nested_sections_outer_lookups),
		cmocka_unit_test(test_section_values),
		cmocka_unit_test(test_inverted_sections),
		cmocka_unit_test(test_partials),
		cmocka_unit_test(test_partial_depth_limit),
		cmocka_unit_test(test_standalone_lines),
		cmocka_unit_test(test_standalone_partial),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_thai_passes_through),
		cmocka_unit_test(test_unknown_variable),
		cmocka_unit_test(test_render_bad_arguments),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_nesting_limit),
		cmocka_unit_test(test_load_selection),
		cmocka_unit_test(test_load_refusals),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_check_truncates),
		cmocka_unit_test(test_append_problem_whole_lines),
		cmocka_unit_test(test_load_all_reports_every_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
