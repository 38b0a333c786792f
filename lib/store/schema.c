#include "autoconfig.h"

#include <stddef.h>

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

/* Baskets, the outbound queue and survey invitations.  Attachment bytes
 * live in the store itself, so a message never depends on a file staying
 * where the agent picked it up, and a send is one transaction. */
#define V2_ATTACHMENTS \
	"CREATE TABLE attachments (" \
	"  id INTEGER PRIMARY KEY," \
	"  filename TEXT NOT NULL," \
	"  content_type TEXT NOT NULL," \
	"  size INTEGER NOT NULL," \
	"  sha256 TEXT NOT NULL," \
	"  data BLOB NOT NULL" \
	") STRICT;" \

#define V2_BASKETS \
	/* revision counts every change, so "confirmed" and "sent" can name the \
	 * exact contents the client saw and the message that carried them. */ \
	"CREATE TABLE baskets (" \
	"  session_id INTEGER PRIMARY KEY REFERENCES sessions (id)," \
	"  revision INTEGER NOT NULL DEFAULT 0," \
	"  confirmed_revision INTEGER," \
	"  confirmed_at INTEGER," \
	"  sent_revision INTEGER," \
	"  sent_message INTEGER REFERENCES messages (id)" \
	") STRICT;" \
	"CREATE TABLE basket_items (" \
	"  id INTEGER PRIMARY KEY," \
	"  session_id INTEGER NOT NULL REFERENCES sessions (id)," \
	"  title_th TEXT," \
	"  title_en TEXT," \
	"  url TEXT," \
	"  attachment_id INTEGER REFERENCES attachments (id)," \
	"  added_at INTEGER NOT NULL," \
	"  CHECK (title_th IS NOT NULL OR title_en IS NOT NULL)," \
	"  CHECK (url IS NOT NULL OR attachment_id IS NOT NULL OR" \
	"         title_th IS NOT NULL OR title_en IS NOT NULL)" \
	") STRICT;" \
	"CREATE INDEX basket_items_session ON basket_items (session_id);" \

#define V2_QUEUE \
	/* The queue.  The bytes sent live apart in message_bodies, so that \
	 * the state changes of delivery never rewrite a 20 KB row. */ \
	"CREATE TABLE messages (" \
	"  id INTEGER PRIMARY KEY," \
	"  kind TEXT NOT NULL CHECK (kind IN ('basket', 'survey'))," \
	"  session_id INTEGER REFERENCES sessions (id)," \
	"  sender TEXT NOT NULL," \
	"  recipient TEXT NOT NULL," \
	"  message_id TEXT NOT NULL UNIQUE," \
	"  subject TEXT NOT NULL," \
	"  size INTEGER NOT NULL," \
	"  state TEXT NOT NULL CHECK (state IN" \
	"    ('queued', 'sending', 'sent', 'deferred', 'failed', 'cancelled'))," \
	"  created_at INTEGER NOT NULL," \
	"  next_attempt_at INTEGER NOT NULL," \
	"  attempts INTEGER NOT NULL DEFAULT 0," \
	"  claimed_by TEXT,"             /* host:pid of the sender while sending */ \
	"  last_code INTEGER," \
	"  last_reply TEXT," \
	"  sent_at INTEGER," \
	"  unconfirmed_reason TEXT"      /* a basket sent without the check */ \
	") STRICT;" \
	"CREATE INDEX messages_due ON messages (state, next_attempt_at);" \
	"CREATE TABLE message_bodies (" \
	"  message INTEGER PRIMARY KEY REFERENCES messages (id)," \
	"  body BLOB NOT NULL"          /* the exact bytes that are (or were) sent */ \
	") STRICT;" \
	"CREATE INDEX messages_session ON messages (session_id);" \
	"CREATE TABLE message_attempts (" \
	"  id INTEGER PRIMARY KEY," \
	"  message INTEGER NOT NULL REFERENCES messages (id)," \
	"  at INTEGER NOT NULL," \
	"  relay TEXT NOT NULL," \
	"  result TEXT NOT NULL CHECK (result IN ('sent', 'deferred', 'failed'))," \
	"  code INTEGER," \
	"  reply TEXT" \
	") STRICT;" \
	"CREATE INDEX message_attempts_message ON message_attempts (message);" \
	"CREATE INDEX message_attempts_relay ON message_attempts (relay, at);" \
	"CREATE TABLE survey_invitations (" \
	"  id INTEGER PRIMARY KEY," \
	"  session_id INTEGER NOT NULL UNIQUE REFERENCES sessions (id)," \
	"  token TEXT NOT NULL UNIQUE," \
	"  message INTEGER NOT NULL REFERENCES messages (id)," \
	"  created_at INTEGER NOT NULL" \
	") STRICT;" \

static const char v2_outbound[] = V2_ATTACHMENTS V2_BASKETS V2_QUEUE;

/* PostgreSQL checks that a REFERENCES names an existing table, so baskets
 * (which refers to messages) comes after the queue there. */
static const char v2_outbound_pg[] = V2_ATTACHMENTS V2_QUEUE V2_BASKETS;

/* Inbound mail, ratings and the state of the intakes.  Every inbound
 * message keeps its raw bytes whatever becomes of it, so a quarantined one
 * can be replayed after a fix or a manual match. */
static const char v3_inbound[] =
	"CREATE TABLE inbound_messages ("
	"  id INTEGER PRIMARY KEY,"
	"  received_at INTEGER NOT NULL,"
	"  source TEXT NOT NULL,"            /* pipe, maildir:..., imap:..., pop3:... */
	"  source_ref TEXT,"
	"  message_id TEXT,"
	"  raw BLOB NOT NULL,"
	"  outcome TEXT NOT NULL CHECK (outcome IN ('recorded', 'duplicate',"
	"    'ignored', 'quarantined', 'bounce', 'resolved')),"
	"  reason TEXT,"
	"  session_id INTEGER REFERENCES sessions (id),"
	"  code INTEGER,"
	"  comment TEXT,"
	"  detail TEXT"                      /* the parse as JSON, for review */
	") STRICT;"
	"CREATE INDEX inbound_message_id ON inbound_messages (message_id);"
	"CREATE INDEX inbound_outcome ON inbound_messages (outcome, id);"
	/* The current rating of a session; every change also lands in
	 * rating_revisions, the first one included. */
	"CREATE TABLE ratings ("
	"  session_id INTEGER PRIMARY KEY REFERENCES sessions (id),"
	"  code INTEGER NOT NULL,"
	"  label_th TEXT NOT NULL,"
	"  label_en TEXT NOT NULL,"
	"  satisfied INTEGER NOT NULL CHECK (satisfied IN (0, 1)),"
	"  medium TEXT NOT NULL CHECK (medium IN ('email', 'sms', 'ivr', 'chat',"
	"    'counter')),"
	"  comment TEXT,"
	"  inbound_id INTEGER REFERENCES inbound_messages (id),"
	"  recorded_at INTEGER NOT NULL,"
	"  revisions INTEGER NOT NULL DEFAULT 1"
	") STRICT;"
	"CREATE TABLE rating_revisions ("
	"  id INTEGER PRIMARY KEY,"
	"  session_id INTEGER NOT NULL REFERENCES sessions (id),"
	"  code INTEGER NOT NULL,"
	"  medium TEXT NOT NULL,"
	"  comment TEXT,"
	"  inbound_id INTEGER REFERENCES inbound_messages (id),"
	"  at INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX rating_revisions_session ON rating_revisions (session_id);"
	"CREATE TABLE intake_seen ("
	"  source TEXT NOT NULL,"
	"  ref TEXT NOT NULL,"               /* UIDVALIDITY:UID or a UIDL */
	"  at INTEGER NOT NULL,"
	"  PRIMARY KEY (source, ref)"
	") STRICT;"
	"ALTER TABLE clients ADD COLUMN undeliverable TEXT;"
	"ALTER TABLE messages ADD COLUMN bounce TEXT;";

/* Rating webhooks: an outbox like the mail queue.  An event is written in
 * the transaction that records what it reports, so it exists exactly when
 * that change does; fanning it out to the configured URLs (one delivery
 * per URL) happens later, so a URL changed in the config applies to the
 * events not yet fanned out.  Every attempt is kept, the failed ones
 * before a success included. */
static const char v4_webhooks[] =
	"CREATE TABLE events ("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL CHECK (kind IN ('rating.recorded',"
	"    'rating.unsatisfied')),"
	"  session_id INTEGER REFERENCES sessions (id),"
	"  payload TEXT NOT NULL,"           /* the JSON body, exactly as POSTed */
	"  created_at INTEGER NOT NULL,"
	"  fanned_out INTEGER NOT NULL DEFAULT 0 CHECK (fanned_out IN (0, 1))"
	") STRICT;"
	"CREATE INDEX events_pending ON events (id) WHERE fanned_out = 0;"
	"CREATE INDEX events_session ON events (session_id);"
	"CREATE TABLE webhook_deliveries ("
	"  id INTEGER PRIMARY KEY,"          /* X-Cksgate-Delivery */
	"  event_id INTEGER NOT NULL REFERENCES events (id),"
	"  url TEXT NOT NULL,"
	"  state TEXT NOT NULL CHECK (state IN"
	"    ('queued', 'sending', 'sent', 'failed')),"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  next_attempt_at INTEGER NOT NULL,"
	"  claimed_by TEXT,"                 /* host:pid while sending */
	"  last_status INTEGER NOT NULL DEFAULT 0,"  /* HTTP status; 0: none */
	"  last_reply TEXT,"                 /* body's start, or the curl error */
	"  created_at INTEGER NOT NULL,"     /* queue.max_age counts from here */
	"  updated_at INTEGER NOT NULL,"
	"  sent_at INTEGER,"
	"  UNIQUE (event_id, url)"
	") STRICT;"
	"CREATE INDEX webhook_deliveries_due ON webhook_deliveries"
	"  (state, next_attempt_at);"
	"CREATE TABLE webhook_attempts ("
	"  id INTEGER PRIMARY KEY,"
	"  delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries (id),"
	"  at INTEGER NOT NULL,"
	"  result TEXT NOT NULL CHECK (result IN ('sent', 'deferred', 'failed')),"
	"  status INTEGER NOT NULL,"
	"  reply TEXT"
	") STRICT;"
	"CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id);";

/* "web": the one-click rating pages linked from invitations.  SQLite
 * cannot change a CHECK in place, so the table is rebuilt (nothing refers
 * to it). */
static const char v5_web_ratings[] =
	"CREATE TABLE ratings_v5 ("
	"  session_id INTEGER PRIMARY KEY REFERENCES sessions (id),"
	"  code INTEGER NOT NULL,"
	"  label_th TEXT NOT NULL,"
	"  label_en TEXT NOT NULL,"
	"  satisfied INTEGER NOT NULL CHECK (satisfied IN (0, 1)),"
	"  medium TEXT NOT NULL CHECK (medium IN ('email', 'sms', 'ivr', 'chat',"
	"    'counter', 'web')),"
	"  comment TEXT,"
	"  inbound_id INTEGER REFERENCES inbound_messages (id),"
	"  recorded_at INTEGER NOT NULL,"
	"  revisions INTEGER NOT NULL DEFAULT 1"
	") STRICT;"
	"INSERT INTO ratings_v5 SELECT * FROM ratings;"
	"DROP TABLE ratings;"
	"ALTER TABLE ratings_v5 RENAME TO ratings;";

/* What the person resolving a quarantine reads first: who wrote, the first
 * line of their own words, and what the answer reader would have taken
 * (suggestion, or NULL) with the readings it weighed (candidates: a JSON
 * array of {code, weight, source, cue, text}).  Messages stored before
 * keep NULLs; a replay fills them in. */
static const char v6_quarantine_help[] =
	"ALTER TABLE inbound_messages ADD COLUMN sender TEXT;"
	"ALTER TABLE inbound_messages ADD COLUMN first_line TEXT;"
	"ALTER TABLE inbound_messages ADD COLUMN suggestion INTEGER;"
	"ALTER TABLE inbound_messages ADD COLUMN candidates TEXT"
	"  CHECK (candidates IS NULL OR json_valid(candidates));";

/* What the last SMTP session learnt about each relay: usable or not (the
 * configuration key to change when the fault is ours) and its SIZE. */
static const char v7_relay_status[] =
	"CREATE TABLE relay_status ("
	"  relay TEXT PRIMARY KEY,"
	"  checked_at INTEGER NOT NULL,"
	"  ok INTEGER NOT NULL CHECK (ok IN (0, 1)),"
	"  setting TEXT,"
	"  reason TEXT,"
	"  size_limit INTEGER CHECK (size_limit IS NULL OR size_limit >= 0)"
	") STRICT;";

/* Agents are people: one row each, the login compared case-insensitively
 * (Latin letters folded to lower case; Thai has no case).  The free-text
 * names sessions carried are grouped case-insensitively into agents ("Napa"
 * and "napa" are one, login "napa", display names the spelling that sorts
 * first, so a capitalised "Napa"), and
 * every session points to its agent; sessions.agent is rewritten to the
 * login so older readers see one name too. */
static const char v8_agents[] =
	"CREATE TABLE agents ("
	"  id INTEGER PRIMARY KEY,"
	"  login TEXT NOT NULL UNIQUE COLLATE NOCASE"
	"    CHECK (login <> ''),"
	"  name_th TEXT NOT NULL,"
	"  name_en TEXT NOT NULL,"
	"  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),"
	"  created_at INTEGER NOT NULL"
	") STRICT;"
	"INSERT INTO agents (login, name_th, name_en, active, created_at)"
	"  SELECT lower(agent), min(agent), min(agent), 1, min(opened_at)"
	"  FROM sessions GROUP BY lower(agent) ORDER BY min(id);"
	"ALTER TABLE sessions ADD COLUMN agent_id INTEGER REFERENCES agents (id);"
	"UPDATE sessions SET agent_id ="
	"  (SELECT a.id FROM agents a WHERE a.login = lower(sessions.agent)),"
	"  agent = lower(agent);"
	"CREATE INDEX sessions_agent ON sessions (agent_id);";

/* Issue 14, clients and bounces.  client_history keeps every change made
 * to a client (who, when, which field, old and new value; a merge is one
 * row with field 'merge'); it has no foreign key, so a merged client's
 * rows survive under the client that was kept.  address_bounces is keyed
 * by the normalised address (trimmed, lower case): the last bounce that
 * came back for it, hard (a permanent failure: blocks new sends) or soft
 * (shown only); a soft one never replaces a hard one.  A send forced past a
 * hard bounce keeps its reason in messages.bounce_override. */
static const char v9_clients_bounces[] =
	"CREATE TABLE client_history ("
	"  id INTEGER PRIMARY KEY,"
	"  client_id INTEGER NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  field TEXT NOT NULL,"
	"  old_value TEXT,"
	"  new_value TEXT"
	") STRICT;"
	"CREATE INDEX client_history_client ON client_history (client_id, id);"
	"CREATE TABLE address_bounces ("
	"  email TEXT PRIMARY KEY,"
	"  kind TEXT NOT NULL CHECK (kind IN ('hard', 'soft')),"
	"  at INTEGER NOT NULL,"
	"  status TEXT,"
	"  diagnostic TEXT,"
	"  message INTEGER REFERENCES messages (id)"
	") STRICT;"
	"ALTER TABLE messages ADD COLUMN bounce_override TEXT;";

/* Issue 16, the knowledge-base catalogue.  An item's revision counts its
 * content changes, and a basket item copied from the catalogue keeps the
 * item and the revision it was copied at (kb_item_id, kb_revision), so a
 * sent basket says exactly which text went out.  An item's file lives in
 * attachments, shared by the basket items made from it.  kb_fts is an
 * FTS5 index over the item's words with the trigram tokenizer: Thai has
 * no spaces between words, and trigrams find any part of a word of three
 * characters or more.  It is SQLite-only: PostgreSQL's variant (v10_kb_pg)
 * indexes the same columns with pg_trgm (see kb_search_sql in lib/desk/kb.c). */
#define V10_KB_ITEMS \
	"CREATE TABLE kb_items (" \
	"  id INTEGER PRIMARY KEY," \
	"  title_th TEXT," \
	"  title_en TEXT," \
	"  summary TEXT," \
	"  url TEXT," \
	"  attachment_id INTEGER REFERENCES attachments (id)," \
	"  tags TEXT NOT NULL DEFAULT '',"      /* "a, b": trimmed, ", " between */ \
	"  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))," \
	"  revision INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1)," \
	"  created_at INTEGER NOT NULL," \
	"  updated_at INTEGER NOT NULL," \
	"  CHECK (title_th IS NOT NULL OR title_en IS NOT NULL)" \
	") STRICT;"
#define V10_KB_FTS \
	"CREATE VIRTUAL TABLE kb_fts USING fts5(title_th, title_en, summary, tags," \
	"  content='kb_items', content_rowid='id', tokenize='trigram');" \
	"CREATE TRIGGER kb_items_ai AFTER INSERT ON kb_items BEGIN" \
	"  INSERT INTO kb_fts (rowid, title_th, title_en, summary, tags)" \
	"  VALUES (new.id, new.title_th, new.title_en, new.summary, new.tags);" \
	"END;" \
	"CREATE TRIGGER kb_items_ad AFTER DELETE ON kb_items BEGIN" \
	"  INSERT INTO kb_fts (kb_fts, rowid, title_th, title_en, summary, tags)" \
	"  VALUES ('delete', old.id, old.title_th, old.title_en, old.summary," \
	"  old.tags);" \
	"END;" \
	"CREATE TRIGGER kb_items_au AFTER UPDATE ON kb_items BEGIN" \
	"  INSERT INTO kb_fts (kb_fts, rowid, title_th, title_en, summary, tags)" \
	"  VALUES ('delete', old.id, old.title_th, old.title_en, old.summary," \
	"  old.tags);" \
	"  INSERT INTO kb_fts (rowid, title_th, title_en, summary, tags)" \
	"  VALUES (new.id, new.title_th, new.title_en, new.summary, new.tags);" \
	"END;"
/* The desk console (issue 16 too): an agent's password (a yescrypt
 * hash; NULL: cannot sign in) and console role; signed-in browsers,
 * by the SHA-256 of their cookie (the cookie itself is never
 * stored), each with its CSRF token; failed sign-ins counted per
 * login and per address ("login:NAME", "addr:IP") to slow guessing;
 * and the follow-up of a not-satisfied rating. */
#define V10_DESK \
	"ALTER TABLE basket_items ADD COLUMN kb_item_id INTEGER" \
	"  REFERENCES kb_items (id);" \
	"ALTER TABLE basket_items ADD COLUMN kb_revision INTEGER;" \
	"ALTER TABLE agents ADD COLUMN password_hash TEXT;" \
	"ALTER TABLE agents ADD COLUMN desk_role TEXT NOT NULL DEFAULT 'agent'" \
	"  CHECK (desk_role IN ('agent', 'supervisor', 'viewer'));" \
	"CREATE TABLE desk_sessions (" \
	"  token_hash TEXT PRIMARY KEY," \
	"  agent_id INTEGER NOT NULL REFERENCES agents (id)," \
	"  csrf TEXT NOT NULL," \
	"  created_at INTEGER NOT NULL," \
	"  expires_at INTEGER NOT NULL" \
	") STRICT;" \
	"CREATE TABLE desk_throttle (" \
	"  key TEXT PRIMARY KEY," \
	"  failures INTEGER NOT NULL," \
	"  last_at INTEGER NOT NULL," \
	"  blocked_until INTEGER NOT NULL" \
	") STRICT;" \
	"ALTER TABLE ratings ADD COLUMN contacted_at INTEGER;" \
	"ALTER TABLE ratings ADD COLUMN contacted_by TEXT;" \
	"ALTER TABLE ratings ADD COLUMN contact_note TEXT;"
static const char v10_kb[] = V10_KB_ITEMS V10_KB_FTS V10_DESK;
/* PostgreSQL: no FTS5; the pg_trgm extension (made in the prelude,
 * schema_pg.c) gives a GIN index over the searched columns, which serves
 * ILIKE '%word%' of any three characters or more, Thai too; the index
 * follows the table by itself, so no triggers. */
static const char v10_kb_pg[] = V10_KB_ITEMS
	"CREATE INDEX kb_items_trgm ON kb_items USING gin"
	"  (title_th gin_trgm_ops, title_en gin_trgm_ops, summary gin_trgm_ops,"
	"  tags gin_trgm_ops);"
	V10_DESK;
/* Issue 17, consent, opt-out, one reminder and retention.  A client's
 * consent to surveys (when, and how it was given) and opt-out (when, and
 * by which way: the one-click link, a mail reply, an SMS keyword, an
 * agent) are columns of the client, as client show prints them; an
 * anonymised client keeps its row (the sessions that reports count point
 * to it) with anonymised_at set.  An invitation's one reminder is its
 * second message; raw mail dropped by retention.raw_mail keeps its row
 * (outcome counts) with raw emptied and raw_purged_at set. */
static const char v11_consent_retention[] =
	"ALTER TABLE clients ADD COLUMN consent_at INTEGER;"
	"ALTER TABLE clients ADD COLUMN consent_source TEXT"
	"  CHECK (consent_source IS NULL OR consent_source IN"
	"    ('counter', 'phone', 'web', 'mail', 'sms'));"
	"ALTER TABLE clients ADD COLUMN consent_note TEXT;"
	"ALTER TABLE clients ADD COLUMN opted_out_at INTEGER;"
	"ALTER TABLE clients ADD COLUMN opted_out_via TEXT"
	"  CHECK (opted_out_via IS NULL OR opted_out_via IN"
	"    ('link', 'mail', 'sms', 'agent'));"
	"ALTER TABLE clients ADD COLUMN anonymised_at INTEGER;"
	"ALTER TABLE survey_invitations ADD COLUMN reminder_message INTEGER"
	"  REFERENCES messages (id);"
	"ALTER TABLE survey_invitations ADD COLUMN reminded_at INTEGER;"
	"ALTER TABLE inbound_messages ADD COLUMN raw_purged_at INTEGER;"
	"CREATE INDEX inbound_received ON inbound_messages (received_at);";
/* Issue 17: SMS invitations share the queue with mail.  medium says how a
 * message goes; the body of an SMS is its UTF-8 text and the recipient an
 * E.164 number.  The delivery report Kannel posts back (dlr_status:
 * delivered, failed, buffered, smsc_accepted, smsc_rejected) is kept
 * apart from the send result: a message Kannel accepted is "sent", and
 * the DLR says later whether the phone got it. */
static const char v12_sms[] =
	"ALTER TABLE messages ADD COLUMN medium TEXT NOT NULL DEFAULT 'email'"
	"  CHECK (medium IN ('email', 'sms'));"
	"ALTER TABLE messages ADD COLUMN sms_parts INTEGER;"
	"ALTER TABLE messages ADD COLUMN dlr_status TEXT;"
	"ALTER TABLE messages ADD COLUMN dlr_at INTEGER;"
	"CREATE INDEX messages_medium_due ON messages"
	"  (medium, state, next_attempt_at);";
/* Issue 15, several daemons on one store.  A claimed message or webhook
 * delivery carries its lease's expiry (lease_until, ms): the claimant
 * renews it while it works, and any daemon may take the claim over once
 * it has passed.  sent_by and each attempt's claimant name the daemon
 * that did the work.  A claim left "sending" by a version without leases
 * has an expired lease (0), so the first daemon to look takes it back, as
 * a restart did.  leases: one row per named lease (an IMAP or POP3
 * account polled by one daemon at a time). */
static const char v13_leases[] =
	"ALTER TABLE messages ADD COLUMN lease_until INTEGER;"
	"ALTER TABLE messages ADD COLUMN sent_by TEXT;"
	"ALTER TABLE message_attempts ADD COLUMN claimant TEXT;"
	"ALTER TABLE webhook_deliveries ADD COLUMN lease_until INTEGER;"
	"ALTER TABLE webhook_deliveries ADD COLUMN sent_by TEXT;"
	"ALTER TABLE webhook_attempts ADD COLUMN claimant TEXT;"
	"UPDATE messages SET lease_until = 0 WHERE state = 'sending';"
	"UPDATE webhook_deliveries SET lease_until = 0 WHERE state = 'sending';"
	"CREATE TABLE leases ("
	"  name TEXT PRIMARY KEY,"
	"  holder TEXT NOT NULL,"
	"  expires_at INTEGER NOT NULL,"
	"  taken_at INTEGER NOT NULL"
	") STRICT;";

/* Issue 18: `survey send --closed-from/--closed-to` finds the sessions
 * closed in a period (and the next page of them) by this index instead of
 * reading every session the desk ever had. */
static const char v14_sessions_closed[] =
	"CREATE INDEX sessions_closed ON sessions (closed_at, id);";

const struct cks_migration cks_schema_migrations[] = {
	{ 1, "clients, sessions and step timings", v1_foundation },
	{ 2, "baskets, attachments, the outbound queue, survey invitations",
	  v2_outbound },
	{ 3, "inbound mail, ratings and intake state", v3_inbound },
	{ 4, "rating events and their webhook deliveries", v4_webhooks },
	{ 5, "ratings from the one-click pages (medium 'web')", v5_web_ratings },
	{ 6, "quarantined replies keep sender, first line and suggestion",
	  v6_quarantine_help },
	{ 7, "what the last SMTP session learnt about the relay", v7_relay_status },
	{ 8, "agents as people; sessions point to their agent", v8_agents },
	{ 9, "client history, bounced addresses, forced sends",
	  v9_clients_bounces },
	{ 10, "the knowledge-base catalogue; the desk console's sign-in",
	  v10_kb },
	{ 11, "consent, opt-out, survey reminders, raw mail retention",
	  v11_consent_retention },
	{ 12, "SMS invitations in the queue, with their delivery reports",
	  v12_sms },
	{ 13, "claim leases, who sent what, named leases for intakes",
	  v13_leases },
	{ 14, "sessions by closing time (survey invitations for a period)",
	  v14_sessions_closed },
};

const int cks_schema_latest =
	(int)(sizeof(cks_schema_migrations) / sizeof(cks_schema_migrations[0]));

const struct cks_migration cks_schema_pg_variants[] = {
	{ 2, "the outbound queue before the baskets that refer to it",
	  v2_outbound_pg },
	{ 10, "pg_trgm's index for the catalogue search in place of FTS5",
	  v10_kb_pg },
	{ 0, NULL, NULL },
};
