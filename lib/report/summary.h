/* The counter's printable service summary page: step 6 of the counter
 * standard, "พิมพ์หน้าสรุปการให้บริการข้อมูล/คำปรึกษา".  One session's date,
 * client, agent, channel, level, topics and basket on one A4 page, rendered
 * from summary.LANG.html.  A pure function of the store (nothing is
 * written, the time of printing is not on the page), so cksctl and the
 * daemon serve the same page. */
#ifndef CKS_SUMMARY_H
#define CKS_SUMMARY_H

#include <jansson.h>
#include <stdint.h>

#include "channels.h"
#include "error.h"
#include "store.h"
#include "template.h"

/* The data the page is rendered with, in lang ("th" or "en"; NULL: the
 * client's language): lang, client, agent, channel, session (id, date,
 * start_time, end_time, level, summary), items, has_items.  NOT_FOUND for
 * an unknown session, INVALID for another lang.  A channel whose plugin is
 * not loaded is named by its id.  The caller owns the new object. */
int cks_summary_data(struct cks_store *store, const struct cks_channels *channels,
		     int64_t session_id, const char *lang, json_t **data_out,
		     struct cks_error *err);

/* The page: summary.LANG.html rendered with cks_summary_data().  The
 * caller frees *html_out. */
int cks_summary_render(struct cks_store *store,
		       const struct cks_channels *channels,
		       const struct cks_templates *templates, int64_t session_id,
		       const char *lang, char **html_out, struct cks_error *err);

/* The same from data already loaded (borrowed), in the language its "lang"
 * names; for a caller that shows the data too. */
int cks_summary_render_data(const struct cks_templates *templates,
			    json_t *data, char **html_out,
			    struct cks_error *err);

/* For `templates check`: summary.th.html and summary.en.html exist, and
 * every variable they use (in every section) is one the page has.  Reports
 * every problem, one per line. */
int cks_summary_check_templates(const struct cks_templates *templates,
				struct cks_error *err);

/* The page's date: cks_time_format_date_full() (clock.h), "2 ธันวาคม 2569"
 * or "2 December 2026". */
void cks_summary_format_date(int64_t ms, const char *lang, char *buf,
			     size_t size);

#endif
