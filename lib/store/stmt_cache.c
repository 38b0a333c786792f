#include "autoconfig.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stmt_cache.h"

/* Enough for every fixed statement of one command or one HTTP thread;
 * SQL built per call (filters) takes the least recently used slot, so
 * memory stays bounded whatever runs. */
#define SLOTS 96

struct slot {
	char *sql;
	uint64_t hash;
	unsigned long used;       /* tick of the last take */
	struct cks_stmt *stmt;
};

struct cks_stmt_cache {
	struct slot slot[SLOTS];
	size_t count;
	unsigned long tick;
};

/* FNV-1a: the key must be the text, not its address -- a caller may build
 * different SQL in the same buffer. */
static uint64_t
hash(const char *s)
{
	uint64_t h = 14695981039346656037u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

struct cks_stmt_cache *
cks_stmt_cache_new(void)
{
	return calloc(1, sizeof(struct cks_stmt_cache));
}

static void
drop(struct cks_stmt *stmt)
{
	sqlite3_finalize(stmt->stmt);
	free(stmt);
}

/* A slot for a new statement: a free one, else the least recently used
 * whose statement is not handed out; NULL when all are. */
static struct slot *
slot_for_new(struct cks_stmt_cache *c)
{
	struct slot *lru = NULL;

	if (c->count < SLOTS)
		return &c->slot[c->count++];
	for (size_t i = 0; i < SLOTS; i++)
		if (!c->slot[i].stmt->in_use &&
		    (lru == NULL || c->slot[i].used < lru->used))
			lru = &c->slot[i];
	if (lru != NULL) {
		drop(lru->stmt);
		free(lru->sql);
		*lru = (struct slot){ 0 };
	}
	return lru;
}

struct cks_stmt *
cks_stmt_cache_take(struct cks_stmt_cache *c, sqlite3 *db, const char *sql)
{
	uint64_t h = hash(sql);
	struct cks_stmt *stmt;
	struct slot *slot;

	for (size_t i = 0; c != NULL && i < c->count; i++)
		if (c->slot[i].hash == h && !c->slot[i].stmt->in_use &&
		    strcmp(c->slot[i].sql, sql) == 0) {
			c->slot[i].stmt->in_use = 1;
			c->slot[i].used = ++c->tick;
			return c->slot[i].stmt;
		}
	if ((stmt = calloc(1, sizeof(*stmt))) == NULL)
		return NULL;
	if (sqlite3_prepare_v3(db, sql, -1, c != NULL ?
	    SQLITE_PREPARE_PERSISTENT : 0, &stmt->stmt, NULL) != SQLITE_OK ||
	    stmt->stmt == NULL) {
		/* stmt->stmt NULL: only a comment or white space, which the
		 * callers never pass; refused as SQLite's prepare did not */
		sqlite3_finalize(stmt->stmt);
		free(stmt);
		return NULL;
	}
	stmt->in_use = 1;
	if (c != NULL && (slot = slot_for_new(c)) != NULL &&
	    (slot->sql = strdup(sql)) != NULL) {
		slot->hash = h;
		slot->used = ++c->tick;
		slot->stmt = stmt;
		stmt->cached = 1;
	} else if (c != NULL && slot != NULL) {
		/* out of memory: the statement goes uncached, and the slot
		 * (now empty) gives its place to the last one */
		*slot = c->slot[--c->count];
	}
	return stmt;
}

void
cks_stmt_cache_give(struct cks_stmt *stmt)
{
	if (stmt == NULL)
		return;
	if (!stmt->cached) {
		drop(stmt);
		return;
	}
	/* Reset at once: a statement left mid-way would hold its read
	 * transaction open (and keep the WAL from being checkpointed);
	 * cleared, so no pointer bound CKS_STMT_STATIC outlives its call. */
	sqlite3_reset(stmt->stmt);
	sqlite3_clear_bindings(stmt->stmt);
	stmt->in_use = 0;
}

void
cks_stmt_cache_free(struct cks_stmt_cache **cache)
{
	struct cks_stmt_cache *c = *cache;

	if (c == NULL)
		return;
	for (size_t i = 0; i < c->count; i++) {
		if (c->slot[i].stmt->in_use)
			c->slot[i].stmt->cached = 0;   /* its user finalizes */
		else
			drop(c->slot[i].stmt);
		free(c->slot[i].sql);
	}
	free(c);
	*cache = NULL;
}
