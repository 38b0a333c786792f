#include "autoconfig.h"

#include "schema.h"

/* Times are integer milliseconds since the Unix epoch (UTC).  Tables are
 * STRICT so a wrong type is an error, not a silent conversion. */
static const char v1_foundation[] =
	"CREATE TABLE clients ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL CHECK (length(name) > 0),"
	"  company TEXT,"
	"  email TEXT,"
	"  phone TEXT,"
	"  phone_e164 TEXT,"          /* normalised, for matching SMS senders */
	"  lang TEXT NOT NULL DEFAULT 'th' CHECK (lang IN ('th', 'en')),"
	"  level TEXT,"               /* readiness / level as classified */
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX clients_email ON clients (email);"
	"CREATE INDEX clients_phone ON clients (phone_e164);"
	"CREATE TABLE sessions ("
	"  id INTEGER PRIMARY KEY,"
	"  channel TEXT NOT NULL,"
	"  client_id INTEGER NOT NULL REFERENCES clients (id),"
	"  agent TEXT NOT NULL,"
	"  opened_at INTEGER NOT NULL,"
	"  closed_at INTEGER,"
	"  level TEXT,"
	"  summary TEXT"
	") STRICT;"
	"CREATE INDEX sessions_client ON sessions (client_id, opened_at);"
	"CREATE INDEX sessions_channel ON sessions (channel, opened_at);"
	/* One row per step the agent touched; step_id is kept beside the
	 * index so history stays readable if a plugin's steps change. */
	"CREATE TABLE session_steps ("
	"  session_id INTEGER NOT NULL REFERENCES sessions (id),"
	"  step_index INTEGER NOT NULL,"
	"  step_id TEXT NOT NULL,"
	"  started_at INTEGER NOT NULL,"
	"  done_at INTEGER,"
	"  PRIMARY KEY (session_id, step_index),"
	"  CHECK (done_at IS NULL OR done_at >= started_at)"
	") STRICT;";

const struct cks_migration cks_schema_migrations[] = {
	{ 1, "clients, sessions and step timings", v1_foundation },
};

const int cks_schema_latest =
	(int)(sizeof(cks_schema_migrations) / sizeof(cks_schema_migrations[0]));
