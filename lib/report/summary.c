#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "basket.h"
#include "client.h"
#include "clock.h"
#include "json_value.h"
#include "session.h"
#include "summary.h"

static const char *const langs[] = { "th", "en" };

void
cks_summary_format_date(int64_t ms, const char *lang, char *buf, size_t size)
{
	cks_time_format_date_full(ms, lang, buf, size);
}

/* "10:05", local time. */
static json_t *
clock_time_or_null(int64_t ms)
{
	struct tm tm;
	char text[16];

	if (ms == 0)
		return json_null();
	cks_time_local(ms, &tm);
	snprintf(text, sizeof(text), "%02d:%02d", tm.tm_hour, tm.tm_min);
	return json_string(text);
}

static json_t *
items_data(const struct cks_basket *basket, const char *lang)
{
	json_t *items = json_array();

	for (size_t i = 0; items != NULL && i < basket->count; i++) {
		const struct cks_basket_item *it = &basket->items[i];
		json_t *attachment = json_null();
		char size[32];

		if (it->attachment_id) {
			cks_template_size_text(it->size, size, sizeof(size));
			attachment = json_pack("{ss ss}", "filename", it->filename,
			    "size", size);
		}
		if (json_array_append_new(items, json_pack("{sI ss so so}",
		    "number", (json_int_t)i + 1,
		    "title", cks_template_in_lang(lang, it->title_th, it->title_en),
		    "url", cks_json_string_or_null(it->url),
		    "attachment", attachment)) < 0) {
			json_decref(items);
			return NULL;
		}
	}
	return items;
}

static json_t *
page_data(const struct cks_session *s, const struct cks_client *c,
	  const struct cks_channel_plugin *plugin, const struct cks_basket *b,
	  const char *lang)
{
	char date[64];
	json_t *data, *items;

	cks_time_format_date_full(s->opened_ms, lang, date, sizeof(date));
	items = items_data(b, lang);
	if (items == NULL)
		return NULL;
	data = json_pack("{ss s{ss so so so} s{ss} s{ss ss}"
	    " s{sI ss so so so so} so sb}",
	    "lang", lang,
	    "client", "name", c->name,
	    "company", cks_json_string_or_null(c->company),
	    "email", cks_json_string_or_null(c->email),
	    "phone", cks_json_string_or_null(c->phone),
	    "agent", "name", s->agent,
	    "channel", "id", s->channel,
	    "name", plugin != NULL
		? cks_template_in_lang(lang, plugin->name.th, plugin->name.en) : s->channel,
	    "session", "id", (json_int_t)s->id, "date", date,
	    "start_time", clock_time_or_null(s->opened_ms),
	    "end_time", clock_time_or_null(s->closed_ms),
	    "level", cks_json_string_or_null(s->level),
	    "summary", cks_json_string_or_null(s->summary),
	    "items", items,
	    "has_items", b->count > 0);
	return data;
}

/* Plain reads, as basket preview does: nothing here writes, and a page
 * that caught a change half-way is put right by printing it again. */
static int
load(struct cks_store *store, int64_t session_id, struct cks_session **s,
     struct cks_client **c, struct cks_basket **b, struct cks_error *err)
{
	if (cks_session_get(store, session_id, s, err) < 0 ||
	    cks_client_get(store, (*s)->client_id, c, err) < 0 ||
	    cks_basket_get(store, session_id, b, err) < 0) {
		cks_session_free(s);
		cks_client_free(c);
		return -1;
	}
	return 0;
}

int
cks_summary_data(struct cks_store *store, const struct cks_channels *channels,
		 int64_t session_id, const char *lang, json_t **data_out,
		 struct cks_error *err)
{
	struct cks_session *s = NULL;
	struct cks_client *c = NULL;
	struct cks_basket *b = NULL;

	*data_out = NULL;
	if (lang != NULL && strcmp(lang, "th") != 0 && strcmp(lang, "en") != 0)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "language '%s': expected th or en", lang);
	if (load(store, session_id, &s, &c, &b, err) < 0)
		return -1;
	*data_out = page_data(s, c, channels != NULL
	    ? cks_channels_find(channels, s->channel) : NULL, b,
	    lang != NULL ? lang
	    : c->lang != NULL && strcmp(c->lang, "en") == 0 ? "en" : "th");
	cks_basket_free(&b);
	cks_client_free(&c);
	cks_session_free(&s);
	if (*data_out == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	return 0;
}

static void
template_name(const char *lang, char *buf, size_t size)
{
	snprintf(buf, size, "summary.%s.html", lang);
}

int
cks_summary_render_data(const struct cks_templates *templates, json_t *data,
			char **html_out, struct cks_error *err)
{
	const char *lang = json_string_value(json_object_get(data, "lang"));
	char name[64];

	*html_out = NULL;
	if (lang == NULL)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "summary data without a language");
	template_name(lang, name, sizeof(name));
	/* A missing file is the installation's fault, not the caller's: it
	 * must not read as "no such session". */
	if (!cks_templates_has(templates, name))
		return cks_error_set(err, CKS_ERROR_INTERNAL,
		    "missing template %s (run 'cksctl templates check')", name);
	return cks_templates_render(templates, name, data, html_out, err);
}

int
cks_summary_render(struct cks_store *store, const struct cks_channels *channels,
		   const struct cks_templates *templates, int64_t session_id,
		   const char *lang, char **html_out, struct cks_error *err)
{
	json_t *data;
	int rc;

	*html_out = NULL;
	if (cks_summary_data(store, channels, session_id, lang, &data, err) < 0)
		return -1;
	rc = cks_summary_render_data(templates, data, html_out, err);
	json_decref(data);
	return rc;
}

/* Every optional value present and one item with everything, so that a
 * check walks every section. */
static json_t *
sample_data(const char *lang)
{
	return json_pack("{ss s{ss ss ss ss} s{ss} s{ss ss}"
	    " s{si ss ss ss ss ss} s[{si ss ss s{ss ss}}] sb}",
	    "lang", lang,
	    "client", "name", "สมชาย ใจดี", "company", "บริษัท ตัวอย่าง จำกัด",
	    "email", "somchai@example.co.th", "phone", "081-234-5678",
	    "agent", "name", "Napa",
	    "channel", "id", "counter", "name", "เคาน์เตอร์ให้คำปรึกษา",
	    "session", "id", 1, "date", "2 ธันวาคม 2569", "start_time", "10:00",
	    "end_time", "10:45", "level", "พร้อมส่งออก",
	    "summary", "ตลาดผลไม้จีน",
	    "items", "number", 1, "title", "ตลาดผลไม้จีน",
	    "url", "https://example.invalid/kb/1", "attachment",
	    "filename", "guide.pdf", "size", "120 KB",
	    "has_items", 1);
}

int
cks_summary_check_templates(const struct cks_templates *templates,
			    struct cks_error *err)
{
	char problems[sizeof(err->message)] = "";
	struct cks_error one;
	char name[64];

	for (size_t l = 0; l < sizeof(langs) / sizeof(langs[0]); l++) {
		json_t *sample;

		template_name(langs[l], name, sizeof(name));
		if (!cks_templates_has(templates, name)) {
			snprintf(one.message, sizeof(one.message),
			    "missing template %s", name);
			cks_template_append_problem(problems, sizeof(problems), one.message);
			continue;
		}
		sample = sample_data(langs[l]);
		if (sample == NULL)
			return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		if (cks_templates_check(templates, name, sample, &one) < 0)
			cks_template_append_problem(problems, sizeof(problems), one.message);
		json_decref(sample);
	}
	if (problems[0] != '\0')
		return cks_error_set(err, CKS_ERROR_INVALID, "%s", problems);
	return 0;
}
