/* The basket: knowledge-base items an agent picks for a client during a
 * session (titles in Thai and/or English, a link and/or an attachment).
 * Every change bumps the basket's revision, so a confirmation and a send
 * refer to exact contents.  Attachments are copied into the store. */
#ifndef CKS_BASKET_H
#define CKS_BASKET_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "store.h"

struct cks_basket_item {
	int64_t id;
	char *title_th;              /* at least one title is set */
	char *title_en;
	char *url;                   /* NULL: none */
	int64_t attachment_id;       /* 0: none; then the next four are NULL/0 */
	char *filename;
	char *content_type;
	int64_t size;
	char *sha256;
	int64_t added_ms;
	int64_t kb_item_id;          /* 0: typed in, not from the catalogue */
	int64_t kb_revision;         /* the catalogue item's revision copied */
};

struct cks_basket {
	int64_t session_id;
	int64_t revision;            /* 0: never changed */
	int64_t confirmed_revision;  /* 0: never confirmed */
	int64_t confirmed_ms;
	int64_t sent_revision;       /* 0: never sent */
	int64_t sent_message;        /* queue id of the last send */
	struct cks_basket_item *items;
	size_t count;
	int64_t attachment_bytes;
};

struct cks_basket_item_input {
	const char *title_th;
	const char *title_en;
	const char *url;
	const char *file_path;       /* read and copied into the store */
	/* Instead of file_path, bytes already in memory (as the API receives
	 * them), stored as a file's would be; all borrowed. */
	const unsigned char *data;
	size_t size;
	const char *filename;        /* with data: the attachment's name */
	const char *content_type;    /* NULL: detected from name and bytes */
	/* Instead of either, an attachment already in the store (a catalogue
	 * item's file, shared, not copied). */
	int64_t attachment_id;
	/* The catalogue item and revision the item was copied from; 0: none. */
	int64_t kb_item_id;
	int64_t kb_revision;
};

struct cks_basket_limits {
	long max_items;
	long max_file_bytes;
	long max_total_bytes;
	/* Files under it are never attached (the store, keys, tokens); NULL:
	 * no such check. */
	const char *state_dir;
};

/* 0 when name may be an attachment's name; -1 naming the reason when it
 * holds a path separator, "..", or a bidirectional control character
 * (U+200E/F, U+202A-U+202E, U+2066-U+2069).  shown is the path to name
 * in the message, or NULL for a name given without one (API uploads). */
int cks_basket_check_name(const char *name, const char *shown,
			  struct cks_error *err);

/* Adds an item to an open session's basket; sets *item_id_out.  Every
 * rule of an item is here (the API adds none): a refused field is named
 * in err->field ("title_th", "url", "filename", "content_type"; "data"
 * for a size limit), a full basket is CONFLICT.  Opens its own
 * transaction. */
int cks_basket_add(struct cks_store *store, int64_t session_id,
		   const struct cks_basket_item_input *in,
		   const struct cks_basket_limits *limits, int64_t *item_id_out,
		   struct cks_error *err);

/* Reads a file to attach (a regular file, not a symbolic link, not under
 * limits->state_dir, within limits->max_file_bytes); *data_out is
 * malloc'ed.  For the catalogue's files too. */
int cks_basket_read_file(const char *path, const struct cks_basket_limits *limits,
			 unsigned char **data_out, size_t *size_out,
			 struct cks_error *err);

/* Stores bytes as an attachment (content_type NULL: detected); returns its
 * id, or -1.  Call inside the caller's transaction. */
int64_t cks_basket_store_attachment(struct cks_store *store, const char *name,
				    const char *content_type,
				    const unsigned char *data, size_t size,
				    struct cks_error *err);

/* Drops the attachments that neither a basket item nor a catalogue item
 * uses.  Call inside the caller's transaction. */
int cks_basket_drop_unused_attachments(struct cks_store *store,
				       struct cks_error *err);

/* Opens its own transaction. */
int cks_basket_remove(struct cks_store *store, int64_t session_id,
		      int64_t item_id, struct cks_error *err);

/* Records that the client checked the current contents on screen.
 * Opens its own transaction. */
int cks_basket_confirm(struct cks_store *store, int64_t session_id,
		       int64_t at_ms, struct cks_error *err);

/* As cks_basket_confirm, for the revision the client saw: CONFLICT,
 * naming the field "revision", when the basket has changed since (the
 * comparison and the confirmation in one transaction, its own).  An
 * empty basket is refused whatever the revision. */
int cks_basket_confirm_revision(struct cks_store *store, int64_t session_id,
				int64_t revision, int64_t at_ms,
				struct cks_error *err);

/* The basket of a session (empty if nothing was added).  NOT_FOUND for an
 * unknown session.  Free with cks_basket_free(). */
int cks_basket_get(struct cks_store *store, int64_t session_id,
		   struct cks_basket **basket_out, struct cks_error *err);

/* Non-zero if the current revision is the confirmed one. */
int cks_basket_is_confirmed(const struct cks_basket *basket);

/* An attachment as stored, for serving it (the download links). */
struct cks_basket_attachment {
	char *filename;
	char *content_type;
	unsigned char *data;
	size_t size;
};

/* The attachment attachment_id; NOT_FOUND when none (a basket item's
 * attachment is deleted with the last item using it).  Free *out with
 * cks_basket_attachment_free(). */
int cks_basket_attachment_get(struct cks_store *store, int64_t attachment_id,
		       struct cks_basket_attachment **out, struct cks_error *err);
void cks_basket_attachment_free(struct cks_basket_attachment **attachment);

/* The bytes of an attachment; *data_out is malloc'ed, caller frees. */
int cks_basket_attachment_data(struct cks_store *store, int64_t attachment_id,
			       unsigned char **data_out, size_t *size_out,
			       struct cks_error *err);

/* Records the queue id that carried the current revision.  Opens its own
 * transaction (nested in compose's, which queues the message with it). */
int cks_basket_mark_sent(struct cks_store *store, int64_t session_id,
			 int64_t revision, int64_t message_id,
			 struct cks_error *err);

/* A content type from a file name and its first bytes. */
const char *cks_basket_detect_type(const char *filename,
				   const unsigned char *data, size_t size);

json_t *cks_basket_to_json(const struct cks_basket *basket);
json_t *cks_basket_item_to_json(const struct cks_basket_item *item);

void cks_basket_free(struct cks_basket **basket);

#endif
