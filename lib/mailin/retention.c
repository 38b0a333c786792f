#include "autoconfig.h"

#include "retention.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "log.h"
#include "privacy.h"

/* Regular files in dir last changed before cutoff_ms: counted, and
 * deleted unless dry_run.  A missing directory holds none. */
static int
purge_files(const char *dir, int64_t cutoff_ms, int dry_run, int64_t *count,
	    struct cks_error *err)
{
	DIR *d;
	struct dirent *e;

	if (dir == NULL)
		return 0;
	d = opendir(dir);
	if (d == NULL)
		return errno == ENOENT ? 0 : cks_error_set(err, CKS_ERROR_TEMPORARY,
		    "%s: cannot read: %s", dir, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &st) < 0 || !S_ISREG(st.st_mode) ||
		    (int64_t)st.st_mtime * 1000 >= cutoff_ms)
			continue;
		if (!dry_run && unlink(path) < 0 && errno != ENOENT) {
			int e2 = errno;

			closedir(d);
			return cks_error_set(err, CKS_ERROR_TEMPORARY,
			    "%s: cannot delete: %s", path, strerror(e2));
		}
		(*count)++;
	}
	closedir(d);
	return 0;
}

static int
run(struct cks_store *store, const char *sql, int64_t a, int64_t b,
    int64_t *changes, struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store, sql, err);
	int rc;

	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, a);
	cks_stmt_bind_int64(stmt, 2, b);
	/* ?3, where there is one, is the empty blob a purged body becomes:
	 * a parameter, as SQLite writes it X'' and PostgreSQL '\x'. */
	if (cks_stmt_param_count(stmt) >= 3)
		cks_stmt_bind_blob(stmt, 3, "", 0, CKS_STMT_STATIC);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE)
		return cks_store_fail(store, "purge", err);
	*changes = cks_store_changes(store);
	return 0;
}

/* The clients idle since cutoff: no session opened or closed after it. */
static int
idle_clients(struct cks_store *store, int64_t cutoff, int64_t **ids_out,
	     size_t *count_out, struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store, "SELECT c.id"
	    " FROM clients c WHERE c.anonymised_at IS NULL AND c.created_at < ?1"
	    " AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.client_id = c.id"
	    " AND (s.opened_at >= ?1 OR s.closed_at >= ?1 OR s.closed_at IS NULL))"
	    " ORDER BY c.id", err);
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int rc;

	*ids_out = NULL;
	*count_out = 0;
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, cutoff);
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW) {
		if (n == cap) {
			int64_t *more = realloc(ids, (cap ? cap * 2 : 64) * sizeof(*ids));

			if (more == NULL) {
				free(ids);
				cks_stmt_finalize(stmt);
				return cks_error_set(err, CKS_ERROR_INTERNAL,
				    "out of memory");
			}
			ids = more;
			cap = cap ? cap * 2 : 64;
		}
		ids[n++] = cks_stmt_column_int64(stmt, 0);
	}
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		free(ids);
		return cks_store_fail(store, "find idle clients", err);
	}
	*ids_out = ids;
	*count_out = n;
	return 0;
}

int
cks_retention_purge(struct cks_store *store, const struct cks_config *config,
		    int dry_run, struct cks_retention_counts *counts,
		    struct cks_error *err)
{
	int64_t now = cks_now_ms();
	int64_t *ids = NULL;
	size_t n = 0;

	memset(counts, 0, sizeof(*counts));
	if (config->retention_raw_mail_ms <= 0 &&
	    config->retention_personal_ms <= 0)
		return 0;
	if (cks_store_begin(store, err) < 0)
		return -1;
	if (config->retention_raw_mail_ms > 0 &&
	    run(store, "UPDATE inbound_messages SET raw = ?3, detail = NULL,"
	    " raw_purged_at = ?2 WHERE raw_purged_at IS NULL AND received_at < ?1",
	    now - config->retention_raw_mail_ms, now, &counts->raw_mail, err) < 0)
		goto fail;
	if (config->retention_personal_ms > 0) {
		if (idle_clients(store, now - config->retention_personal_ms, &ids,
		    &n, err) < 0)
			goto fail;
		for (size_t i = 0; i < n; i++)
			if (cks_privacy_erase(store, ids[i], NULL, err) < 0)
				goto fail;
		counts->clients = (int64_t)n;
		free(ids);
		ids = NULL;
	}
	if (dry_run)
		cks_store_rollback(store);
	else if (cks_store_commit(store, err) < 0)
		return -1;
	if (config->retention_raw_mail_ms > 0) {
		int64_t cutoff = now - config->retention_raw_mail_ms;
		char cur[4096];

		if (purge_files(config->spool_dir, cutoff, dry_run,
		    &counts->spool_files, err) < 0)
			return -1;
		if (config->maildir != NULL) {
			snprintf(cur, sizeof(cur), "%s/cur", config->maildir);
			if (purge_files(cur, cutoff, dry_run, &counts->maildir_files,
			    err) < 0)
				return -1;
		}
	}
	if (!dry_run)
		cks_log(CKS_LOG_INFO, "retention.purge", "raw_mail=%lld "
		    "spool_files=%lld maildir_files=%lld clients=%lld",
		    (long long)counts->raw_mail, (long long)counts->spool_files,
		    (long long)counts->maildir_files, (long long)counts->clients);
	return 0;
fail:
	free(ids);
	cks_store_rollback(store);
	return -1;
}
