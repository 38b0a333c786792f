#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "client.h"
#include "clock.h"
#include "json_value.h"
#include "session.h"
#include "timing.h"

static void
list_channels(const struct cks_channels *channels, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < channels->count && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
		    i ? ", " : "", channels->channels[i].plugin->id);
	if (channels->count == 0)
		snprintf(buf, size, "none: check plugin_dir");
}

int
cks_session_open(struct cks_store *store, const struct cks_channels *channels,
		 const char *channel, int64_t client_id, const char *agent,
		 int64_t at_ms, int64_t *id_out, struct cks_error *err)
{
	struct cks_client *client;
	struct cks_stmt *stmt;
	char known[256];
	char login[CKS_AGENT_LOGIN_MAX + 1];
	int64_t agent_id;
	int rc;

	if (cks_channels_find(channels, channel) == NULL) {
		list_channels(channels, known, sizeof(known));
		return cks_error_set_field(err, CKS_ERROR_INVALID, "channel",
		    "channel: unknown channel '%s' (loaded: %s)", channel, known);
	}
	if (cks_check_line(agent, "agent", 300, err) < 0)
		return -1;
	if (at_ms == 0)
		at_ms = cks_now_ms();
	if (cks_store_begin(store, err) < 0)
		return -1;
	if (cks_client_get(store, client_id, &client, err) < 0)
		goto fail;
	cks_client_free(&client);
	if (cks_agent_for_session(store, agent, &agent_id, login, sizeof(login),
	    err) < 0)
		goto fail;
	stmt = cks_store_prepare(store,
	    "INSERT INTO sessions (channel, client_id, agent, opened_at, level,"
	    " agent_id) SELECT ?, id, ?, ?, level, ? FROM clients WHERE id = ?",
	    err);
	if (stmt == NULL)
		goto fail;
	cks_stmt_bind_text(stmt, 1, channel, -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(stmt, 2, login, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(stmt, 3, at_ms);
	cks_stmt_bind_int64(stmt, 4, agent_id);
	cks_stmt_bind_int64(stmt, 5, client_id);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(store, "open session", err);
		goto fail;
	}
	*id_out = cks_store_last_insert_id(store);
	return cks_store_commit(store, err);
fail:
	cks_store_rollback(store);
	return -1;
}

/* Says which other channel a step id belongs to, for a clearer error. */
static const char *
owner_of_step(const struct cks_channels *channels, const char *step)
{
	for (size_t i = 0; i < channels->count; i++) {
		const struct cks_channel_plugin *p = channels->channels[i].plugin;

		for (size_t j = 0; j < p->step_count; j++)
			if (strcmp(p->steps[j].id, step) == 0)
				return p->id;
	}
	return NULL;
}

static int
unknown_step(const struct cks_channels *channels,
	     const struct cks_channel_plugin *plugin, const char *step,
	     int64_t session_id, struct cks_error *err)
{
	const char *owner = owner_of_step(channels, step);

	if (owner != NULL)
		return cks_error_set_field(err, CKS_ERROR_INVALID, "step",
		    "step: '%s' belongs to channel '%s', not to session %lld's "
		    "channel '%s'", step, owner, (long long)session_id,
		    plugin->id);
	return cks_error_set_field(err, CKS_ERROR_INVALID, "step",
	    "step: channel '%s' has no step '%s' (use an id from "
	    "`cksctl channel show %s` or a number 1-%zu)", plugin->id, step,
	    plugin->id, (size_t)plugin->step_count);
}

static int
write_step(struct cks_store *store, const struct cks_session *s,
	   const struct cks_step *step, size_t index, enum cks_step_event event,
	   int64_t at_ms, struct cks_error *err)
{
	const struct cks_session_step *have = cks_session_find_step(s, index);
	char when[64];
	struct cks_stmt *stmt;
	int rc;

	if (event == CKS_STEP_START && have != NULL) {
		cks_time_format_iso(have->started_ms, when, sizeof(when));
		return cks_error_set(err, CKS_ERROR_CONFLICT,
		    "step '%s' of session %lld was already started at %s",
		    step->id, (long long)s->id, when);
	}
	if (event == CKS_STEP_DONE && have == NULL)
		return cks_error_set(err, CKS_ERROR_CONFLICT,
		    "step '%s' of session %lld was never started: record 'start' "
		    "before 'done'", step->id, (long long)s->id);
	if (event == CKS_STEP_DONE && have->done_ms != 0) {
		cks_time_format_iso(have->done_ms, when, sizeof(when));
		return cks_error_set(err, CKS_ERROR_CONFLICT,
		    "step '%s' of session %lld was already done at %s",
		    step->id, (long long)s->id, when);
	}
	if (event == CKS_STEP_DONE && at_ms < have->started_ms) {
		cks_time_format_iso(have->started_ms, when, sizeof(when));
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "step '%s' of session %lld cannot finish before it started (%s)",
		    step->id, (long long)s->id, when);
	}
	if (event == CKS_STEP_START && at_ms < s->opened_ms) {
		cks_time_format_iso(s->opened_ms, when, sizeof(when));
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "step '%s' cannot start before session %lld opened (%s)",
		    step->id, (long long)s->id, when);
	}
	stmt = cks_store_prepare(store, event == CKS_STEP_START
	    ? "INSERT INTO session_steps (session_id, step_index, step_id,"
	      " started_at) VALUES (?1, ?2, ?3, ?4)"
	    : "UPDATE session_steps SET done_at = ?4"
	      " WHERE session_id = ?1 AND step_index = ?2 AND step_id = ?3", err);
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, s->id);
	cks_stmt_bind_int64(stmt, 2, (int64_t)index);
	cks_stmt_bind_text(stmt, 3, step->id, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(stmt, 4, at_ms);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE)
		return cks_store_fail(store, "record step", err);
	return 0;
}

int
cks_session_record_step(struct cks_store *store,
			const struct cks_channels *channels, int64_t session_id,
			const char *step_name, enum cks_step_event event,
			int64_t at_ms, struct cks_error *err)
{
	const struct cks_channel_plugin *plugin;
	const struct cks_step *step;
	struct cks_session *s = NULL;
	size_t index;

	if (at_ms == 0)
		at_ms = cks_now_ms();
	if (cks_store_begin(store, err) < 0)
		return -1;
	if (cks_session_get(store, session_id, &s, err) < 0)
		goto fail;
	if (s->closed_ms != 0) {
		cks_error_set(err, CKS_ERROR_CONFLICT,
		    "session %lld is closed: its steps can no longer change",
		    (long long)session_id);
		goto fail;
	}
	plugin = cks_channels_find(channels, s->channel);
	if (plugin == NULL) {
		cks_error_set(err, CKS_ERROR_INVALID,
		    "session %lld is on channel '%s', whose plugin is not loaded",
		    (long long)session_id, s->channel);
		goto fail;
	}
	step = cks_channel_find_step(plugin, step_name, &index);
	if (step == NULL) {
		unknown_step(channels, plugin, step_name, session_id, err);
		goto fail;
	}
	if (write_step(store, s, step, index, event, at_ms, err) < 0)
		goto fail;
	cks_session_free(&s);
	return cks_store_commit(store, err);
fail:
	cks_session_free(&s);
	cks_store_rollback(store);
	return -1;
}

int
cks_session_close(struct cks_store *store, int64_t session_id,
		  const char *summary, const char *level, int64_t at_ms,
		  struct cks_error *err)
{
	struct cks_session *s = NULL;
	struct cks_stmt *stmt;
	int rc;

	if (summary == NULL || summary[0] == '\0')
		return cks_error_set_field(err, CKS_ERROR_INVALID, "summary",
		    "summary: is required to close a session");
	if (cks_check_text(summary, "summary", 8000, err) < 0)
		return -1;
	if (level != NULL && cks_check_line(level, "level", 200, err) < 0)
		return -1;
	if (at_ms == 0)
		at_ms = cks_now_ms();
	if (cks_store_begin(store, err) < 0)
		return -1;
	if (cks_session_get(store, session_id, &s, err) < 0)
		goto fail;
	if (s->closed_ms != 0) {
		cks_error_set(err, CKS_ERROR_CONFLICT,
		    "session %lld is already closed", (long long)session_id);
		goto fail;
	}
	if (at_ms < s->opened_ms) {
		cks_error_set(err, CKS_ERROR_INVALID,
		    "session %lld cannot close before it opened",
		    (long long)session_id);
		goto fail;
	}
	/* A step left running could never finish once the session is closed. */
	for (size_t i = 0; i < s->step_count; i++) {
		const struct cks_session_step *step = &s->steps[i];

		if (step->done_ms == 0) {
			cks_error_set(err, CKS_ERROR_CONFLICT,
			    "step '%s' of session %lld is still running: record "
			    "'done' before closing", step->step_id,
			    (long long)session_id);
			goto fail;
		}
		if (step->done_ms > at_ms) {
			cks_error_set(err, CKS_ERROR_INVALID,
			    "session %lld cannot close before its step '%s' was done",
			    (long long)session_id, step->step_id);
			goto fail;
		}
	}
	stmt = cks_store_prepare(store,
	    "UPDATE sessions SET closed_at = ?, summary = ?,"
	    " level = coalesce(?, level) WHERE id = ?", err);
	if (stmt == NULL)
		goto fail;
	cks_stmt_bind_int64(stmt, 1, at_ms);
	cks_stmt_bind_text(stmt, 2, summary, -1, CKS_STMT_STATIC);
	if (level != NULL)
		cks_stmt_bind_text(stmt, 3, level, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(stmt, 4, session_id);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(store, "close session", err);
		goto fail;
	}
	cks_session_free(&s);
	return cks_store_commit(store, err);
fail:
	cks_session_free(&s);
	cks_store_rollback(store);
	return -1;
}

#define SESSION_SELECT \
	"SELECT s.id, s.channel, s.client_id, c.name, s.agent, s.opened_at," \
	" coalesce(s.closed_at, 0), s.level, s.summary" \
	" FROM sessions s JOIN clients c ON c.id = s.client_id"

static struct cks_session *
session_from_row(struct cks_stmt *stmt)
{
	struct cks_session *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	s->id = cks_stmt_column_int64(stmt, 0);
	s->channel = cks_store_column_strdup(stmt, 1);
	s->client_id = cks_stmt_column_int64(stmt, 2);
	s->client_name = cks_store_column_strdup(stmt, 3);
	s->agent = cks_store_column_strdup(stmt, 4);
	s->opened_ms = cks_stmt_column_int64(stmt, 5);
	s->closed_ms = cks_stmt_column_int64(stmt, 6);
	s->level = cks_store_column_strdup(stmt, 7);
	s->summary = cks_store_column_strdup(stmt, 8);
	if (s->channel == NULL || s->client_name == NULL || s->agent == NULL)
		cks_session_free(&s);
	return s;
}

static int
load_steps(struct cks_store *store, struct cks_session *s,
	   struct cks_error *err)
{
	struct cks_stmt *stmt;
	int rc;

	stmt = cks_store_prepare(store,
	    "SELECT step_index, step_id, started_at, coalesce(done_at, 0)"
	    " FROM session_steps WHERE session_id = ? ORDER BY step_index", err);
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, s->id);
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW) {
		struct cks_session_step *grown =
		    realloc(s->steps, (s->step_count + 1) * sizeof(*grown));

		if (grown == NULL) {
			rc = CKS_STMT_NOMEM;
			break;
		}
		s->steps = grown;
		grown[s->step_count].index = (size_t)cks_stmt_column_int64(stmt, 0);
		grown[s->step_count].step_id = cks_store_column_strdup(stmt, 1);
		grown[s->step_count].started_ms = cks_stmt_column_int64(stmt, 2);
		grown[s->step_count].done_ms = cks_stmt_column_int64(stmt, 3);
		s->step_count++;
		if (grown[s->step_count - 1].step_id == NULL) {
			rc = CKS_STMT_NOMEM;
			break;
		}
	}
	cks_stmt_finalize(stmt);
	if (rc == CKS_STMT_NOMEM)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	if (rc != CKS_STMT_DONE)
		return cks_store_fail(store, "read steps", err);
	return 0;
}

int
cks_session_get(struct cks_store *store, int64_t id,
		struct cks_session **session_out, struct cks_error *err)
{
	struct cks_session *s = NULL;
	struct cks_stmt *stmt;
	int rc;

	*session_out = NULL;
	stmt = cks_store_prepare(store, SESSION_SELECT " WHERE s.id = ?", err);
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, id);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW)
		s = session_from_row(stmt);
	cks_stmt_finalize(stmt);
	if (rc == CKS_STMT_DONE)
		return cks_error_set(err, CKS_ERROR_NOT_FOUND,
		    "no session with id %lld", (long long)id);
	if (rc != CKS_STMT_ROW)
		return cks_store_fail(store, "read session", err);
	if (s == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	if (load_steps(store, s, err) < 0) {
		cks_session_free(&s);
		return -1;
	}
	*session_out = s;
	return 0;
}

int
cks_session_list(struct cks_store *store,
		 const struct cks_session_filter *filter,
		 struct cks_session ***sessions_out, size_t *count_out,
		 struct cks_error *err)
{
	struct cks_session **list = NULL;
	struct cks_agent *agent = NULL;
	int64_t agent_id = 0;
	size_t count = 0;
	struct cks_stmt *stmt;
	int rc;

	*sessions_out = NULL;
	*count_out = 0;
	if (filter->agent != NULL) {
		/* The agent record, whatever the case typed: unknown is an
		 * error, not an empty list that hides a typo. */
		if (cks_agent_get(store, filter->agent, &agent, err) < 0) {
			cks_error_name_field(err, "agent");
			return -1;
		}
		agent_id = agent->id;
		cks_agent_free(&agent);
	}
	stmt = cks_store_prepare(store, SESSION_SELECT
	    " WHERE (?1 IS NULL OR s.channel = ?1)"
	    "   AND (?2 = 0 OR s.client_id = ?2)"
	    "   AND (?3 = 0 OR s.closed_at IS NULL)"
	    "   AND (?5 = 0 OR s.agent_id = ?5)"
	    " ORDER BY s.id DESC LIMIT ?4", err);
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 5, agent_id);
	if (filter->channel != NULL)
		cks_stmt_bind_text(stmt, 1, filter->channel, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(stmt, 2, filter->client_id);
	cks_stmt_bind_int(stmt, 3, filter->open_only);
	cks_stmt_bind_int64(stmt, 4, filter->limit ? (int64_t)filter->limit : 100);
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW) {
		struct cks_session **grown = realloc(list, (count + 1) * sizeof(*list));

		if (grown == NULL) {
			rc = CKS_STMT_NOMEM;
			break;
		}
		list = grown;
		if ((list[count] = session_from_row(stmt)) == NULL) {
			rc = CKS_STMT_NOMEM;
			break;
		}
		count++;
	}
	cks_stmt_finalize(stmt);
	for (size_t i = 0; rc == CKS_STMT_DONE && i < count; i++)
		if (load_steps(store, list[i], err) < 0)
			rc = -1;
	if (rc != CKS_STMT_DONE) {
		cks_session_list_free(&list, count);
		if (rc == CKS_STMT_NOMEM)
			return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		return rc < 0 ? -1 : cks_store_fail(store, "list sessions", err);
	}
	*sessions_out = list;
	*count_out = count;
	return 0;
}

const struct cks_session_step *
cks_session_find_step(const struct cks_session *s, size_t index)
{
	for (size_t i = 0; i < s->step_count; i++)
		if (s->steps[i].index == index)
			return &s->steps[i];
	return NULL;
}

void
cks_session_free(struct cks_session **session)
{
	struct cks_session *s = *session;

	if (s == NULL)
		return;
	for (size_t i = 0; i < s->step_count; i++)
		free(s->steps[i].step_id);
	free(s->steps);
	free(s->channel);
	free(s->client_name);
	free(s->agent);
	free(s->level);
	free(s->summary);
	free(s);
	*session = NULL;
}

void
cks_session_list_free(struct cks_session ***sessions, size_t count)
{
	if (*sessions == NULL)
		return;
	for (size_t i = 0; i < count; i++)
		cks_session_free(&(*sessions)[i]);
	free(*sessions);
	*sessions = NULL;
}

/* A step of the plugin and its times.  Built key by key, not with
 * json_pack: the plugin's id and texts were checked (an identifier, UTF-8
 * text) when it was loaded (channels.c), and checking them again, letter
 * by letter, for every step of every session read was a third of an API
 * session read (perf, issue 18). */
static json_t *
step_to_json(const struct cks_step *step, size_t index,
	     const struct cks_session_step *have)
{
	int64_t started = have ? have->started_ms : 0;
	int64_t done = have ? have->done_ms : 0;
	json_t *o = json_object(), *text = json_object(), *standard = json_null();

	if (o == NULL || text == NULL) {
		json_decref(o);
		json_decref(text);
		return NULL;
	}
	if (step->min_seconds != CKS_DURATION_NONE) {
		standard = json_object();
		json_object_set_new_nocheck(standard, "min_seconds",
		    json_integer(step->min_seconds));
		json_object_set_new_nocheck(standard, "max_seconds",
		    json_integer(step->max_seconds));
	}
	json_object_set_new_nocheck(text, "th",
	    json_stringn_nocheck(step->text.th, strlen(step->text.th)));
	json_object_set_new_nocheck(text, "en",
	    json_stringn_nocheck(step->text.en, strlen(step->text.en)));
	json_object_set_new_nocheck(o, "number", json_integer((json_int_t)index + 1));
	json_object_set_new_nocheck(o, "id",
	    json_stringn_nocheck(step->id, strlen(step->id)));
	json_object_set_new_nocheck(o, "actor", json_string_nocheck(
	    step->actor == CKS_ACTOR_CLIENT ? "client" : "agent"));
	json_object_set_new_nocheck(o, "text", text);
	json_object_set_new_nocheck(o, "standard", standard);
	json_object_set_new_nocheck(o, "timed", json_boolean(step->timed != 0));
	json_object_set_new_nocheck(o, "started", cks_json_time_or_null(started));
	json_object_set_new_nocheck(o, "done", cks_json_time_or_null(done));
	json_object_set_new_nocheck(o, "duration_seconds", (started && done)
	    ? json_integer((done - started) / 1000) : json_null());
	json_object_set_new_nocheck(o, "timing", json_string_nocheck(
	    cks_timing_name(cks_timing_classify(step, started, done))));
	/* a value that could not be made (out of memory) fails the whole
	 * step, as json_pack did */
	if (json_object_size(o) != 10 || json_object_size(text) != 2 ||
	    standard == NULL) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *
cks_session_to_json(const struct cks_session *s,
		    const struct cks_channel_plugin *plugin)
{
	json_t *steps = json_array();
	json_t *obj;

	if (plugin != NULL) {
		for (size_t i = 0; i < plugin->step_count; i++)
			json_array_append_new(steps, step_to_json(&plugin->steps[i],
			    i, cks_session_find_step(s, i)));
	} else {
		for (size_t i = 0; i < s->step_count; i++)
			json_array_append_new(steps, json_pack("{sI ss so so}",
			    "number", (json_int_t)s->steps[i].index + 1,
			    "id", s->steps[i].step_id,
			    "started", cks_json_time_or_null(s->steps[i].started_ms),
			    "done", cks_json_time_or_null(s->steps[i].done_ms)));
	}
	obj = json_pack("{sI ss s{sI ss} ss so so ss so so so}",
	    "id", (json_int_t)s->id,
	    "channel", s->channel,
	    "client", "id", (json_int_t)s->client_id, "name", s->client_name,
	    "agent", s->agent,
	    "opened", cks_json_time_or_null(s->opened_ms),
	    "closed", cks_json_time_or_null(s->closed_ms),
	    "state", s->closed_ms ? "closed" : "open",
	    "level", cks_json_string_or_null(s->level),
	    "summary", cks_json_string_or_null(s->summary),
	    "steps", steps);
	return obj;
}
