#include "autoconfig.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include "basket.h"
#include "client.h"
#include "clock.h"
#include "json_value.h"
#include "session.h"
#include "url.h"

static const struct {
	const char *extension;
	const char *type;
} known_types[] = {
	{ ".pdf", "application/pdf" },
	{ ".doc", "application/msword" },
	{ ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
	{ ".xls", "application/vnd.ms-excel" },
	{ ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
	{ ".ppt", "application/vnd.ms-powerpoint" },
	{ ".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation" },
	{ ".png", "image/png" },
	{ ".jpg", "image/jpeg" },
	{ ".jpeg", "image/jpeg" },
	{ ".gif", "image/gif" },
	{ ".txt", "text/plain" },
	{ ".csv", "text/csv" },
	{ ".html", "text/html" },
	{ ".zip", "application/zip" },
};

const char *
cks_basket_detect_type(const char *filename, const unsigned char *data,
		       size_t size)
{
	const char *dot = strrchr(filename, '.');

	for (size_t i = 0; dot && i < sizeof(known_types) / sizeof(known_types[0]); i++)
		if (strcasecmp(dot, known_types[i].extension) == 0)
			return known_types[i].type;
	/* No telling extension: look at the bytes. */
	if (size >= 5 && memcmp(data, "%PDF-", 5) == 0)
		return "application/pdf";
	if (size >= 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (size >= 3 && memcmp(data, "\xff\xd8\xff", 3) == 0)
		return "image/jpeg";
	if (size >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
		return "application/zip";
	return "application/octet-stream";
}

static int
check_content_type(const char *type, struct cks_error *err)
{
	const char *slash = strchr(type, '/');

	for (const char *p = type; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("/.+-_", *p)))
			slash = NULL;
	if (slash == NULL || slash == type || slash[1] == '\0' ||
	    strchr(slash + 1, '/') != NULL || strlen(type) > 127)
		return cks_error_set_field(err, CKS_ERROR_INVALID, "content_type",
		    "content type: '%s' is not a type like application/pdf", type);
	return 0;
}

static int
check_url(const char *url, struct cks_error *err)
{
	if (cks_check_line(url, "url", 2000, err) < 0)
		return -1;
	if (!cks_url_is_web(url))
		return cks_error_set_field(err, CKS_ERROR_INVALID, "url",
		    "url: '%s' is not an http:// or https:// link without spaces", url);
	return 0;
}

static void
sha256_hex(const unsigned char *data, size_t size, char hex[65])
{
	unsigned char digest[32];
	unsigned int len = 0;

	EVP_Digest(data, size, digest, &len, EVP_sha256(), NULL);
	for (unsigned i = 0; i < 32; i++)
		snprintf(hex + i * 2, 3, "%02x", digest[i]);
}

/* The per-attachment limits, on a file before it is read or on bytes
 * given in memory; name is the path or the given file name. */
static int
check_attachment_size(const char *name, long long size, long max_bytes,
		      struct cks_error *err)
{
	if (size > max_bytes)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "file %s: %lld bytes is over the limit of %ld bytes per "
		    "attachment (basket.max_file_bytes)", name, size, max_bytes);
	if (size == 0)
		return cks_error_set(err, CKS_ERROR_INVALID, "file %s: is empty",
		    name);
	return 0;
}

/* An attachment's name travels to the client in a MIME header and is
 * shown by their mail program: a bidirectional override can make
 * "invoice\u202Efdp.exe" read as "invoiceexe.pdf", and a separator or ".."
 * could reach a path where the name is saved.  Refused, with the reason. */
int
cks_basket_check_name(const char *name, const char *shown,
		      struct cks_error *err)
{
	const unsigned char *p = (const unsigned char *)name;
	char reason[96] = "";

	if (name[0] == '\0')
		snprintf(reason, sizeof(reason), "is empty");
	else if (strchr(name, '/') != NULL || strchr(name, '\\') != NULL)
		snprintf(reason, sizeof(reason), "holds a path separator");
	else if (strstr(name, "..") != NULL)
		snprintf(reason, sizeof(reason), "holds \"..\"");
	for (; reason[0] == '\0' && *p != '\0'; p++) {
		/* U+200E/F (E2 80 8E/8F), U+202A-U+202E (E2 80 AA-AE),
		 * U+2066-U+2069 (E2 81 A6-A9) */
		if (p[0] != 0xe2 || p[1] == '\0' || p[2] == '\0')
			continue;
		if ((p[1] == 0x80 && (p[2] == 0x8e || p[2] == 0x8f ||
		     (p[2] >= 0xaa && p[2] <= 0xae))) ||
		    (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9))
			snprintf(reason, sizeof(reason), "holds a bidirectional "
			    "control character (U+%04X), which can disguise its "
			    "type", 0x2000 | ((p[1] & 0x3f) << 6) | (p[2] & 0x3f));
	}
	if (reason[0] == '\0')
		return 0;
	/* Without a path the name was given as such (the API's upload):
	 * the field is "filename". */
	if (shown == NULL)
		return cks_error_set_field(err, CKS_ERROR_INVALID, "filename",
		    "file name: '%s' %s", name, reason);
	return cks_error_set(err, CKS_ERROR_INVALID, "file %s: the name %s",
	    shown, reason);
}

/* The store, the link key and the tokens live in the state directory: an
 * agent (or a symbolic link in the path) must not be able to mail them
 * out.  Judged by the resolved path, and by identity for a hard link
 * elsewhere to a file at the top of the state directory. */
static int
under_state_dir(const char *path, const struct stat *st, const char *state_dir)
{
	char *real_file, *real_dir;
	int under = 0;
	size_t n;

	if (state_dir == NULL || state_dir[0] == '\0')
		return 0;
	real_file = realpath(path, NULL);
	real_dir = realpath(state_dir, NULL);
	if (real_file != NULL && real_dir != NULL) {
		n = strlen(real_dir);
		under = strncmp(real_file, real_dir, n) == 0 &&
		    (real_file[n] == '/' || real_dir[n - 1] == '/');
	}
	if (!under && real_dir != NULL) {
		DIR *d = opendir(real_dir);
		struct dirent *e;

		while (d != NULL && !under && (e = readdir(d)) != NULL) {
			struct stat s;

			if (fstatat(dirfd(d), e->d_name, &s, AT_SYMLINK_NOFOLLOW) == 0 &&
			    S_ISREG(s.st_mode) && s.st_dev == st->st_dev &&
			    s.st_ino == st->st_ino)
				under = 1;
		}
		if (d != NULL)
			closedir(d);
	}
	free(real_file);
	free(real_dir);
	return under;
}

static const char *
file_kind(mode_t mode)
{
	return S_ISDIR(mode) ? "a directory" : S_ISFIFO(mode) ? "a FIFO" :
	    S_ISSOCK(mode) ? "a socket" : S_ISCHR(mode) ? "a character device" :
	    S_ISBLK(mode) ? "a block device" : "not a regular file";
}

/* Reads the whole file, refusing one above the limit before reading it.
 * Opened without following a final symbolic link and without blocking (a
 * FIFO would otherwise wait forever for a writer), then judged by fstat on
 * what was opened, so nothing can be swapped in between. */
int
cks_basket_read_file(const char *path, const struct cks_basket_limits *limits,
		     unsigned char **data_out, size_t *size_out,
		     struct cks_error *err)
{
	struct stat st;
	unsigned char *data;
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0 && errno == ELOOP)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "file %s: is a symbolic link (not followed: attach the "
		    "file itself)", path);
	if (fd < 0)
		return cks_error_set(err, CKS_ERROR_INVALID, "file %s: %s", path,
		    strerror(errno));
	if (fstat(fd, &st) < 0) {
		int e = errno;

		close(fd);
		return cks_error_set(err, CKS_ERROR_INVALID, "file %s: %s", path,
		    strerror(e));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "file %s: %s, only regular files are attached", path,
		    file_kind(st.st_mode));
	}
	if (under_state_dir(path, &st, limits->state_dir)) {
		close(fd);
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "file %s: is in the state directory %s (the store and its "
		    "keys are never attached)", path, limits->state_dir);
	}
	if (check_attachment_size(path, (long long)st.st_size,
				  limits->max_file_bytes, err) < 0) {
		close(fd);
		return -1;
	}
	data = malloc((size_t)st.st_size);
	if (data == NULL) {
		close(fd);
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, data + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got != (size_t)st.st_size) {
		free(data);
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "file %s: could not read it whole", path);
	}
	*data_out = data;
	*size_out = got;
	return 0;
}

static int
require_open_session(struct cks_store *store, int64_t session_id,
		     struct cks_error *err)
{
	struct cks_session *s;
	int closed;

	if (cks_session_get(store, session_id, &s, err) < 0)
		return -1;
	closed = s->closed_ms != 0;
	cks_session_free(&s);
	if (closed)
		return cks_error_set(err, CKS_ERROR_CONFLICT,
		    "session %lld is closed: its basket can no longer change",
		    (long long)session_id);
	return 0;
}

static int
bump_revision(struct cks_store *store, int64_t session_id, struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store,
	    "INSERT INTO baskets (session_id, revision) VALUES (?, 1)"
	    " ON CONFLICT (session_id)"
	    " DO UPDATE SET revision = baskets.revision + 1", err);
	int rc;

	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, session_id);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	return rc == CKS_STMT_DONE ? 0 : cks_store_fail(store, "update basket", err);
}

/* The name the store and the email carry: a path's last part. */
static const char *
attachment_name(const struct cks_basket_item_input *in)
{
	const char *name = in->data != NULL ? in->filename : in->file_path;

	return strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
}

int64_t
cks_basket_store_attachment(struct cks_store *store, const char *name,
			    const char *content_type, const unsigned char *data,
			    size_t size, struct cks_error *err)
{
	char hex[65];
	struct cks_stmt *stmt;
	int rc;

	if (cks_check_line(name, "file name", 255, err) < 0)
		return -1;
	sha256_hex(data, size, hex);
	stmt = cks_store_prepare(store,
	    "INSERT INTO attachments (filename, content_type, size, sha256, data)"
	    " VALUES (?, ?, ?, ?, ?)", err);
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_text(stmt, 1, name, -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(stmt, 2, content_type ? content_type
	    : cks_basket_detect_type(name, data, size), -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(stmt, 3, (int64_t)size);
	cks_stmt_bind_text(stmt, 4, hex, -1, CKS_STMT_STATIC);
	cks_stmt_bind_blob(stmt, 5, data, size, CKS_STMT_STATIC);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE)
		return cks_store_fail(store, "store attachment", err);
	return cks_store_last_insert_id(store);
}

/* The size of an attachment already stored (a catalogue item's file). */
static int
stored_size(struct cks_store *store, int64_t attachment_id, size_t *size,
	    struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store,
	    "SELECT size FROM attachments WHERE id = ?", err);
	int rc;

	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, attachment_id);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW)
		*size = (size_t)cks_stmt_column_int64(stmt, 0);
	cks_stmt_finalize(stmt);
	if (rc == CKS_STMT_DONE)
		return cks_error_set(err, CKS_ERROR_NOT_FOUND, "no attachment %lld",
		    (long long)attachment_id);
	return rc == CKS_STMT_ROW ? 0 : cks_store_fail(store, "read attachment", err);
}

static int
check_item(const struct cks_basket_item_input *in, struct cks_error *err)
{
	if (in->title_th == NULL && in->title_en == NULL)
		return cks_error_set_field(err, CKS_ERROR_INVALID, "title_th",
		    "title: an item needs a title, Thai (--title) or English "
		    "(--title-en)");
	/* The message keeps cksctl's option names; the field, the input's. */
	if (in->title_th && cks_check_line(in->title_th, "title", 900, err) < 0)
		return cks_error_name_field(err, "title_th");
	if (in->title_en && cks_check_line(in->title_en, "title-en", 900, err) < 0)
		return cks_error_name_field(err, "title_en");
	if (in->url && check_url(in->url, err) < 0)
		return -1;
	if (in->content_type && check_content_type(in->content_type, err) < 0)
		return -1;
	if (in->content_type && in->file_path == NULL && in->data == NULL)
		return cks_error_set_field(err, CKS_ERROR_INVALID, "content_type",
		    "content type: only meaningful with --file");
	if (in->data != NULL && in->filename == NULL)
		return cks_error_set_field(err, CKS_ERROR_INVALID, "filename",
		    "file name: attachment bytes need a file name");
	return 0;
}

int
cks_basket_add(struct cks_store *store, int64_t session_id,
	       const struct cks_basket_item_input *in,
	       const struct cks_basket_limits *limits, int64_t *item_id_out,
	       struct cks_error *err)
{
	struct cks_basket *basket = NULL;
	unsigned char *file_bytes = NULL;   /* read from file_path; freed here */
	const unsigned char *data = in->data;
	size_t size = in->data != NULL ? in->size : 0;
	int64_t attachment = 0;
	struct cks_stmt *stmt;
	int rc;

	if (check_item(in, err) < 0)
		return -1;
	if (in->data != NULL) {
		if (cks_basket_check_name(in->filename, NULL, err) < 0)
			return cks_error_name_field(err, "filename");
		if (check_attachment_size(in->filename, (long long)size,
					  limits->max_file_bytes, err) < 0)
			return cks_error_name_field(err, "data");
	} else if (in->file_path != NULL) {
		if (cks_basket_check_name(attachment_name(in), in->file_path, err) < 0 ||
		    cks_basket_read_file(in->file_path, limits, &file_bytes,
					 &size, err) < 0)
			return -1;
		data = file_bytes;
	}
	if (cks_store_begin(store, err) < 0)
		goto out;
	if (require_open_session(store, session_id, err) < 0 ||
	    cks_basket_get(store, session_id, &basket, err) < 0)
		goto fail;
	if (in->attachment_id > 0) {
		attachment = in->attachment_id;
		if (stored_size(store, attachment, &size, err) < 0)
			goto fail;
	}
	/* Full is not malformed: the same item fits another basket. */
	if ((long)basket->count >= limits->max_items) {
		cks_error_set(err, CKS_ERROR_CONFLICT,
		    "basket of session %lld already holds %zu items, the limit "
		    "(basket.max_items)", (long long)session_id, basket->count);
		goto fail;
	}
	if (basket->attachment_bytes + (int64_t)size > limits->max_total_bytes) {
		cks_error_set_field(err, CKS_ERROR_INVALID,
		    in->data != NULL ? "data" : "file_path",
		    "attachments would total %lld bytes, over the limit of %ld "
		    "(basket.max_total_bytes)",
		    (long long)(basket->attachment_bytes + (int64_t)size),
		    limits->max_total_bytes);
		goto fail;
	}
	if (data != NULL && (attachment = cks_basket_store_attachment(store,
	    attachment_name(in), in->content_type, data, size, err)) < 0)
		goto fail;
	stmt = cks_store_prepare(store,
	    "INSERT INTO basket_items (session_id, title_th, title_en, url,"
	    " attachment_id, added_at, kb_item_id, kb_revision)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", err);
	if (stmt == NULL)
		goto fail;
	cks_stmt_bind_int64(stmt, 1, session_id);
	cks_stmt_bind_text(stmt, 2, in->title_th, -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(stmt, 3, in->title_en, -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(stmt, 4, in->url, -1, CKS_STMT_STATIC);
	if (attachment > 0)
		cks_stmt_bind_int64(stmt, 5, attachment);
	cks_stmt_bind_int64(stmt, 6, cks_now_ms());
	if (in->kb_item_id > 0) {
		cks_stmt_bind_int64(stmt, 7, in->kb_item_id);
		cks_stmt_bind_int64(stmt, 8, in->kb_revision);
	}
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(store, "add basket item", err);
		goto fail;
	}
	*item_id_out = cks_store_last_insert_id(store);
	if (bump_revision(store, session_id, err) < 0)
		goto fail;
	cks_basket_free(&basket);
	free(file_bytes);
	return cks_store_commit(store, err);
fail:
	cks_store_rollback(store);
out:
	cks_basket_free(&basket);
	free(file_bytes);
	return -1;
}

int
cks_basket_drop_unused_attachments(struct cks_store *store,
				   struct cks_error *err)
{
	if (cks_store_exec(store,
	    "DELETE FROM attachments WHERE id NOT IN"
	    " (SELECT attachment_id FROM basket_items WHERE attachment_id IS NOT NULL)"
	    " AND id NOT IN"
	    " (SELECT attachment_id FROM kb_items WHERE attachment_id IS NOT NULL)")
	    != CKS_STMT_OK)
		return cks_store_fail(store, "remove attachment", err);
	return 0;
}

int
cks_basket_remove(struct cks_store *store, int64_t session_id, int64_t item_id,
		  struct cks_error *err)
{
	struct cks_stmt *stmt;
	int rc, changed;

	if (cks_store_begin(store, err) < 0)
		return -1;
	if (require_open_session(store, session_id, err) < 0)
		goto fail;
	stmt = cks_store_prepare(store,
	    "DELETE FROM basket_items WHERE id = ? AND session_id = ?", err);
	if (stmt == NULL)
		goto fail;
	cks_stmt_bind_int64(stmt, 1, item_id);
	cks_stmt_bind_int64(stmt, 2, session_id);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	changed = cks_store_changes(store);
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(store, "remove basket item", err);
		goto fail;
	}
	if (changed == 0) {
		cks_error_set(err, CKS_ERROR_NOT_FOUND,
		    "basket of session %lld has no item %lld",
		    (long long)session_id, (long long)item_id);
		goto fail;
	}
	/* A typed-in item's attachment is its own: its bytes go with it. */
	if (cks_basket_drop_unused_attachments(store, err) < 0)
		goto fail;
	if (bump_revision(store, session_id, err) < 0)
		goto fail;
	return cks_store_commit(store, err);
fail:
	cks_store_rollback(store);
	return -1;
}

int
cks_basket_confirm(struct cks_store *store, int64_t session_id, int64_t at_ms,
		   struct cks_error *err)
{
	return cks_basket_confirm_revision(store, session_id, 0, at_ms, err);
}

/* revision 0: the current one (cksctl, which shows it and confirms). */
int
cks_basket_confirm_revision(struct cks_store *store, int64_t session_id,
			    int64_t revision, int64_t at_ms,
			    struct cks_error *err)
{
	struct cks_basket *basket = NULL;
	struct cks_stmt *stmt;
	int rc;

	if (cks_store_begin(store, err) < 0)
		return -1;
	if (cks_basket_get(store, session_id, &basket, err) < 0)
		goto fail;
	if (basket->count == 0) {
		cks_error_set(err, CKS_ERROR_CONFLICT,
		    "basket of session %lld is empty: nothing to confirm",
		    (long long)session_id);
		goto fail;
	}
	if (revision > 0 && basket->revision != revision) {
		cks_error_set_field(err, CKS_ERROR_CONFLICT, "revision",
		    "basket of session %lld is at revision %lld, not %lld: the "
		    "client saw other contents", (long long)session_id,
		    (long long)basket->revision, (long long)revision);
		goto fail;
	}
	stmt = cks_store_prepare(store,
	    "UPDATE baskets SET confirmed_revision = revision, confirmed_at = ?"
	    " WHERE session_id = ?", err);
	if (stmt == NULL)
		goto fail;
	cks_stmt_bind_int64(stmt, 1, at_ms ? at_ms : cks_now_ms());
	cks_stmt_bind_int64(stmt, 2, session_id);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(store, "confirm basket", err);
		goto fail;
	}
	cks_basket_free(&basket);
	return cks_store_commit(store, err);
fail:
	cks_basket_free(&basket);
	cks_store_rollback(store);
	return -1;
}

static int
update_sent(struct cks_store *store, int64_t session_id, int64_t revision,
	    int64_t message_id, struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store,
	    "UPDATE baskets SET sent_revision = ?, sent_message = ?"
	    " WHERE session_id = ?", err);
	int rc;

	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, revision);
	cks_stmt_bind_int64(stmt, 2, message_id);
	cks_stmt_bind_int64(stmt, 3, session_id);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	return rc == CKS_STMT_DONE ? 0 : cks_store_fail(store, "mark basket sent", err);
}

int
cks_basket_mark_sent(struct cks_store *store, int64_t session_id,
		     int64_t revision, int64_t message_id, struct cks_error *err)
{
	if (cks_store_begin(store, err) < 0)
		return -1;
	if (update_sent(store, session_id, revision, message_id, err) < 0) {
		cks_store_rollback(store);
		return -1;
	}
	return cks_store_commit(store, err);
}

static int
load_header(struct cks_store *store, struct cks_basket *b, struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store,
	    "SELECT revision, coalesce(confirmed_revision, 0),"
	    " coalesce(confirmed_at, 0), coalesce(sent_revision, 0),"
	    " coalesce(sent_message, 0) FROM baskets WHERE session_id = ?", err);
	int rc;

	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, b->session_id);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW) {
		b->revision = cks_stmt_column_int64(stmt, 0);
		b->confirmed_revision = cks_stmt_column_int64(stmt, 1);
		b->confirmed_ms = cks_stmt_column_int64(stmt, 2);
		b->sent_revision = cks_stmt_column_int64(stmt, 3);
		b->sent_message = cks_stmt_column_int64(stmt, 4);
	}
	cks_stmt_finalize(stmt);
	return rc == CKS_STMT_ROW || rc == CKS_STMT_DONE ? 0
	    : cks_store_fail(store, "read basket", err);
}

static int
load_items(struct cks_store *store, struct cks_basket *b, struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store,
	    "SELECT i.id, i.title_th, i.title_en, i.url,"
	    " coalesce(i.attachment_id, 0), a.filename, a.content_type,"
	    " coalesce(a.size, 0), a.sha256, i.added_at,"
	    " coalesce(i.kb_item_id, 0), coalesce(i.kb_revision, 0)"
	    " FROM basket_items i LEFT JOIN attachments a ON a.id = i.attachment_id"
	    " WHERE i.session_id = ? ORDER BY i.id", err);
	int rc;

	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, b->session_id);
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW) {
		struct cks_basket_item *grown, *item;

		grown = realloc(b->items, (b->count + 1) * sizeof(*grown));
		if (grown == NULL) {
			rc = CKS_STMT_NOMEM;
			break;
		}
		b->items = grown;
		item = &grown[b->count++];
		memset(item, 0, sizeof(*item));
		item->id = cks_stmt_column_int64(stmt, 0);
		item->title_th = cks_store_column_strdup(stmt, 1);
		item->title_en = cks_store_column_strdup(stmt, 2);
		item->url = cks_store_column_strdup(stmt, 3);
		item->attachment_id = cks_stmt_column_int64(stmt, 4);
		item->filename = cks_store_column_strdup(stmt, 5);
		item->content_type = cks_store_column_strdup(stmt, 6);
		item->size = cks_stmt_column_int64(stmt, 7);
		item->sha256 = cks_store_column_strdup(stmt, 8);
		item->added_ms = cks_stmt_column_int64(stmt, 9);
		item->kb_item_id = cks_stmt_column_int64(stmt, 10);
		item->kb_revision = cks_stmt_column_int64(stmt, 11);
		b->attachment_bytes += item->size;
	}
	cks_stmt_finalize(stmt);
	if (rc == CKS_STMT_NOMEM)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	return rc == CKS_STMT_DONE ? 0 : cks_store_fail(store, "read basket items", err);
}

int
cks_basket_get(struct cks_store *store, int64_t session_id,
	       struct cks_basket **basket_out, struct cks_error *err)
{
	struct cks_session *s;
	struct cks_basket *b;

	*basket_out = NULL;
	if (cks_session_get(store, session_id, &s, err) < 0)
		return -1;
	cks_session_free(&s);
	b = calloc(1, sizeof(*b));
	if (b == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	b->session_id = session_id;
	if (load_header(store, b, err) < 0 || load_items(store, b, err) < 0) {
		cks_basket_free(&b);
		return -1;
	}
	*basket_out = b;
	return 0;
}

int
cks_basket_is_confirmed(const struct cks_basket *b)
{
	return b->revision > 0 && b->confirmed_revision == b->revision;
}

int
cks_basket_attachment_data(struct cks_store *store, int64_t attachment_id,
			   unsigned char **data_out, size_t *size_out,
			   struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store,
	    "SELECT data FROM attachments WHERE id = ?", err);
	int rc;

	*data_out = NULL;
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, attachment_id);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW) {
		size_t size = (size_t)cks_stmt_column_bytes(stmt, 0);

		*data_out = malloc(size ? size : 1);
		if (*data_out != NULL) {
			memcpy(*data_out, cks_stmt_column_blob(stmt, 0), size);
			*size_out = size;
		}
	}
	cks_stmt_finalize(stmt);
	if (rc == CKS_STMT_DONE)
		return cks_error_set(err, CKS_ERROR_NOT_FOUND,
		    "no attachment %lld", (long long)attachment_id);
	if (rc != CKS_STMT_ROW)
		return cks_store_fail(store, "read attachment", err);
	if (*data_out == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	return 0;
}

int
cks_basket_attachment_get(struct cks_store *store, int64_t attachment_id,
		   struct cks_basket_attachment **out, struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store, "SELECT filename,"
	    " content_type, data FROM attachments WHERE id = ?", err);
	struct cks_basket_attachment *a;
	int rc;

	*out = NULL;
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, attachment_id);
	rc = cks_stmt_step(stmt);
	if (rc != CKS_STMT_ROW) {
		cks_stmt_finalize(stmt);
		if (rc == CKS_STMT_DONE)
			return cks_error_set(err, CKS_ERROR_NOT_FOUND,
			    "no attachment %lld", (long long)attachment_id);
		return cks_store_fail(store, "read attachment", err);
	}
	a = calloc(1, sizeof(*a));
	if (a != NULL) {
		a->size = (size_t)cks_stmt_column_bytes(stmt, 2);
		a->filename = cks_store_column_strdup(stmt, 0);
		a->content_type = cks_store_column_strdup(stmt, 1);
		a->data = malloc(a->size ? a->size : 1);
		if (a->data != NULL && a->size > 0)
			memcpy(a->data, cks_stmt_column_blob(stmt, 2), a->size);
	}
	cks_stmt_finalize(stmt);
	if (a == NULL || a->filename == NULL || a->content_type == NULL ||
	    a->data == NULL) {
		cks_basket_attachment_free(&a);
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	}
	*out = a;
	return 0;
}

void
cks_basket_attachment_free(struct cks_basket_attachment **attachment)
{
	if (*attachment == NULL)
		return;
	free((*attachment)->filename);
	free((*attachment)->content_type);
	free((*attachment)->data);
	free(*attachment);
	*attachment = NULL;
}

json_t *
cks_basket_item_to_json(const struct cks_basket_item *it)
{
	return json_pack("{sI so so so so so}",
	    "id", (json_int_t)it->id,
	    "kb", it->kb_item_id == 0 ? json_null()
		: json_pack("{sI sI}", "item", (json_int_t)it->kb_item_id,
		    "revision", (json_int_t)it->kb_revision),
	    "title_th", cks_json_string_or_null(it->title_th),
	    "title_en", cks_json_string_or_null(it->title_en),
	    "url", cks_json_string_or_null(it->url),
	    "attachment", it->attachment_id == 0 ? json_null()
		: json_pack("{ss ss sI ss}", "filename", it->filename,
		    "content_type", it->content_type,
		    "size", (json_int_t)it->size, "sha256", it->sha256));
}

json_t *
cks_basket_to_json(const struct cks_basket *b)
{
	json_t *items = json_array();

	for (size_t i = 0; i < b->count; i++)
		json_array_append_new(items, cks_basket_item_to_json(&b->items[i]));
	return json_pack("{sI sI sb so sI so so}",
	    "session", (json_int_t)b->session_id,
	    "revision", (json_int_t)b->revision,
	    "confirmed", cks_basket_is_confirmed(b),
	    "confirmed_at", cks_json_time_or_null(b->confirmed_ms),
	    "attachment_bytes", (json_int_t)b->attachment_bytes,
	    "sent_message", b->sent_message ? json_integer(b->sent_message)
		: json_null(),
	    "items", items);
}

void
cks_basket_free(struct cks_basket **basket)
{
	struct cks_basket *b = *basket;

	if (b == NULL)
		return;
	for (size_t i = 0; i < b->count; i++) {
		free(b->items[i].title_th);
		free(b->items[i].title_en);
		free(b->items[i].url);
		free(b->items[i].filename);
		free(b->items[i].content_type);
		free(b->items[i].sha256);
	}
	free(b->items);
	free(b);
	*basket = NULL;
}
