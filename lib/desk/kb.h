/* The knowledge-base catalogue: the items an agent picks for a client's
 * basket (Thai and English title, a summary, a link and/or a file, tags),
 * searched by any part of a word, Thai included.  Every change of an
 * item's content bumps its revision; a basket item made from it records
 * the item and the revision (cks_kb_to_basket), so what was sent is known
 * exactly even after the item changes.  An item is never deleted:
 * disabled, it is no longer offered, and baskets that used it keep it. */
#ifndef CKS_KB_H
#define CKS_KB_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "basket.h"
#include "error.h"
#include "store.h"

struct cks_kb_item {
	int64_t id;
	char *title_th;              /* at least one title is set */
	char *title_en;
	char *summary;               /* NULL: none */
	char *url;                   /* NULL: none */
	int64_t attachment_id;       /* 0: no file; then filename NULL */
	char *filename;
	int64_t size;
	char *tags;                  /* "a, b"; "" for none */
	int active;
	int64_t revision;
	int64_t created_ms;
	int64_t updated_ms;
	double rank;                 /* a search's score, lower is better */
};

/* For add, every field that is NULL stays empty.  For edit, a NULL field
 * is left as it is and "" clears it (a title only while the other
 * remains).  tags: comma-separated; each is trimmed, empty ones dropped. */
struct cks_kb_input {
	const char *title_th;
	const char *title_en;
	const char *summary;
	const char *url;
	const char *tags;
	const char *file_path;       /* read and stored; edit: replaces */
};

/* Checks and inserts an item (active, revision 1); sets *id_out.  A
 * refused field is named in err->field.  Opens its own transaction. */
int cks_kb_add(struct cks_store *store, const struct cks_kb_input *in,
	       const struct cks_basket_limits *limits, int64_t *id_out,
	       struct cks_error *err);

/* Changes the given fields and bumps the revision (not when nothing
 * changes).  NOT_FOUND for an unknown id.  Opens its own transaction. */
int cks_kb_edit(struct cks_store *store, int64_t id,
		const struct cks_kb_input *in,
		const struct cks_basket_limits *limits, struct cks_error *err);

/* Offers the item again (1) or no more (0); the revision stays, as the
 * content does.  Opens its own transaction. */
int cks_kb_set_active(struct cks_store *store, int64_t id, int active,
		      struct cks_error *err);

/* One item, active or not.  Free with cks_kb_item_free(). */
int cks_kb_get(struct cks_store *store, int64_t id, struct cks_kb_item **out,
	       struct cks_error *err);

/* Items matching text (any part of a word of 3 characters or more, in
 * titles, summary and tags; every word given must match), best first; a
 * text shorter than 3 characters is matched as a plain substring, newest
 * first; NULL or "" lists every item, newest first.  include_inactive 0
 * leaves disabled items out.  At most limit items (0: 50).  Free with
 * cks_kb_list_free(). */
int cks_kb_search(struct cks_store *store, const char *text,
		  int include_inactive, size_t limit,
		  struct cks_kb_item ***items_out, size_t *count_out,
		  struct cks_error *err);

/* Adds the active item kb_id, at its current revision, to the basket of
 * an open session (title, link and file as in the catalogue, the file
 * shared, not copied); sets *item_id_out.  Opens its own transaction. */
int cks_kb_to_basket(struct cks_store *store, int64_t session_id, int64_t kb_id,
		     const struct cks_basket_limits *limits,
		     int64_t *item_id_out, struct cks_error *err);

json_t *cks_kb_item_to_json(const struct cks_kb_item *item);

void cks_kb_item_free(struct cks_kb_item **item);
void cks_kb_list_free(struct cks_kb_item ***items, size_t count);

#endif
