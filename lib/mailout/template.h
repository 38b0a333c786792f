/* Message templates: a small logic-less language in the style of Mustache.
 *
 *   {{name}}          a value, HTML-escaped in *.html templates
 *   {{{name}}}        a value, never escaped ({{&name}} too)
 *   {{a.b}}           a dotted lookup; {{.}} is the current value
 *   {{#list}}..{{/list}}   once per element of an array, once for a true
 *                     value or an object (pushed as the context), never for
 *                     false, null, "", 0 or []
 *   {{^name}}..{{/name}}   only when {{#name}} would render nothing
 *   {{>partial}}      another template of the set, e.g. {{>footer.th.txt}}
 *   {{! comment }}
 *
 * Rendering is strict: a name that resolves in no context is an error, not
 * a blank, so a mistake is found by `cksctl templates check`, never by a
 * customer.  A value that exists but is null renders as nothing. */
#ifndef CKS_TEMPLATE_H
#define CKS_TEMPLATE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct cks_templates;

/* Loads and parses every regular file in dir whose name ends in .txt,
 * .html or .subject (the set's names are the file names).  A syntax error
 * (unclosed or mismatched section, unclosed tag, unknown partial, partial
 * recursion) fails with "FILE:LINE: reason".  Free with cks_templates_free(). */
int cks_templates_load(const char *dir, struct cks_templates **templates_out,
		       struct cks_error *err);

/* For `cksctl templates check`: loads dir as cks_templates_load() does,
 * but goes on after a problem, so that one run reports every file's.
 * *problems_out is NULL when there are none, else malloc'ed lines, one
 * problem each ("FILE:LINE: reason"; the first syntax error of a file,
 * whose later text cannot be trusted; an unknown, recursive or broken
 * partial).  A file with a problem stays in the set, marked broken:
 * cks_templates_has() finds it, cks_templates_check() passes over it
 * (its problem is already in the list) and cks_templates_render()
 * refuses it.  Fails only when the directory cannot be read or memory
 * runs out. */
int cks_templates_load_all(const char *dir,
			   struct cks_templates **templates_out,
			   char **problems_out, struct cks_error *err);

/* Non-zero if the set has a template of that name. */
int cks_templates_has(const struct cks_templates *templates, const char *name);

/* The names in the set, sorted; valid until cks_templates_free(). */
const char *const *cks_templates_names(const struct cks_templates *templates,
				       size_t *count_out);

/* Renders name with data (a JSON object; borrowed).  *text_out is
 * malloc'ed, NUL-terminated, and freed by the caller.  An unknown name
 * fails with "FILE:LINE: unknown variable 'x'". */
int cks_templates_render(const struct cks_templates *templates,
			 const char *name, json_t *data, char **text_out,
			 struct cks_error *err);

/* Checks every variable reference of name (inside sections too, whether or
 * not they would render) against sample data in which every list has at
 * least one element and every optional value is present.  Reports every
 * unknown variable, one "FILE:LINE: unknown variable 'x'" per line. */
int cks_templates_check(const struct cks_templates *templates,
			const char *name, json_t *sample, struct cks_error *err);

void cks_templates_free(struct cks_templates **templates);

/* For the modules that feed templates (mail, pages): */

/* The text in lang ("th" or anything else: English), else the other one;
 * either may be NULL.  Returns one of its arguments. */
const char *cks_template_in_lang(const char *lang, const char *th,
				 const char *en);

/* A file size as people read it in mail and pages: "120 KB", "1.5 MB". */
void cks_template_size_text(int64_t bytes, char *buf, size_t size);

/* Adds one problem to a report of several, a line each: whole lines
 * only; when one no longer fits, the report ends with one line saying
 * there are more. */
void cks_template_append_problem(char *all, size_t size, const char *problem);

#endif
