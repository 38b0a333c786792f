# End-to-end: choosing and reading the configuration (-c, $CKSGATE_CONFIG,
# embedded defaults), its error messages (file, line and key), refusing
# databases that are not ours, and cksctl's and cksgated's usage errors.
. "$CKS_SRCDIR/tests/e2e/lib.sh"

plan 51

DEFAULT_PLUGINDIR=${CKS_PLUGINDIR#"$CKS_STAGE"}
BAD="$SCRATCH/bad.conf"

# conf FILE LINES...: writes a config file, one argument per line.
conf() {
	file=$1
	shift
	printf '%s\n' "$@" > "$file"
}

# gated ARGS...: the staged daemon; output as for cks.
gated() {
	"$CKS_SBINDIR/cksgated" "$@" > "$SCRATCH/out" 2> "$SCRATCH/err"
	RC=$?
}

# raw ARGS...: the staged cksctl without lib.sh's -c; output as for cks.
raw() {
	"$CKSCTL" "$@" > "$SCRATCH/out" 2> "$SCRATCH/err"
	RC=$?
}

# one_line_error N PATTERN DESCRIPTION: the last command exited N and said
# exactly one line on stderr matching PATTERN (grep -E).
one_line_error() {
	[ "$RC" -eq "$1" ] && [ "$(wc -l < "$SCRATCH/err")" -eq 1 ] &&
		grep -Eq -- "$2" "$SCRATCH/err"
	ok $? "$3"
}

# sql DB QUERY: the first column of the first row.
sql() {
	/usr/bin/python3 -c 'import sqlite3,sys
print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$1" "$2"
}

# --- errors name the file, the line and the key ---------------------------------

conf "$BAD" "# a comment" "state_dir = $SCRATCH/state" "nosuch = 1" "plugin_dir = $CKS_PLUGINDIR"
raw -c "$BAD" channels
one_line_error 1 "^cksctl: $BAD:3: unknown key 'nosuch'$" \
	"an unknown key on line 3 fails with FILE:3: unknown key 'nosuch'"
[ ! -s "$SCRATCH/out" ]
ok $? "a bad config prints nothing on stdout"

gated -c "$BAD" -t
one_line_error 1 "^cksgated: $BAD:3: unknown key 'nosuch'$" \
	"cksgated -t reports the same unknown key with file and line"

conf "$BAD" "plugin_dir = $CKS_PLUGINDIR" "state_dir = relative/state"
raw -c "$BAD" channels
one_line_error 1 "^cksctl: $BAD:2: key 'state_dir': 'relative/state' is not an absolute path$" \
	"a relative state_dir names the line and the key: not an absolute path"

conf "$BAD" "database = cksgate.db"
raw -c "$BAD" channels
one_line_error 1 "^cksctl: $BAD:1: key 'database': 'cksgate.db' is not an absolute path or sqlite:PATH$" \
	"a relative database path is refused the same way"

conf "$BAD" "state_dir = $SCRATCH/state" "" "busy_timeout_ms = abc"
raw -c "$BAD" channels
one_line_error 1 "^cksctl: $BAD:3: key 'busy_timeout_ms': 'abc' is not a whole number" \
	"busy_timeout_ms = abc names the line and the key"

conf "$BAD" "busy_timeout_ms = 600001"
raw -c "$BAD" channels
one_line_error 1 "^cksctl: $BAD:1: key 'busy_timeout_ms': '600001' is not a whole number from 0 to 600000$" \
	"a busy_timeout_ms out of range says what range is allowed"

conf "$BAD" "state_dir = $SCRATCH/state" "just some words"
raw -c "$BAD" channels
one_line_error 1 "^cksctl: $BAD:2: expected 'key = value', got 'just some words'$" \
	"a line without '=' names the line and quotes it"

conf "$BAD" " = /tmp"
raw -c "$BAD" channels
one_line_error 1 "^cksctl: $BAD:1: missing key before '='$" \
	"a line with nothing before '=' names the line"

raw -c "$SCRATCH/nosuch.conf" channels
one_line_error 1 "^cksctl: cannot read config file $SCRATCH/nosuch.conf: " \
	"a missing config file fails with exit 1 naming the file"

gated -c "$SCRATCH/nosuch.conf" -t
one_line_error 1 "^cksgated: cannot read config file $SCRATCH/nosuch.conf: " \
	"cksgated -t fails the same way for a missing config file"

# Comments, blank lines, blanks around '=', and a quoted value with a space.
GOOD="$SCRATCH/good.conf"
printf '%s\n' "# comment" "" "  state_dir   =   $SCRATCH/state  " \
	"database = \"$SCRATCH/with space/store.db\"" "	# indented comment" \
	"plugin_dir=$CKS_PLUGINDIR" "busy_timeout_ms = 0" > "$GOOD"
raw -c "$GOOD" client add --name "Quoted"
[ "$RC" -eq 0 ] && [ -f "$SCRATCH/with space/store.db" ]
ok $? "comments, blank lines, spacing and a quoted path with a space are read as meant"

# --- which config file ---------------------------------------------------------------

ENVCONF="$SCRATCH/env.conf"
conf "$ENVCONF" "state_dir = $SCRATCH/envstate" "database = $SCRATCH/envdb/x.db" \
	"plugin_dir = $CKS_PLUGINDIR" "template_dir = $CKS_TEMPLATEDIR"
CKSGATE_CONFIG="$ENVCONF" "$CKSCTL" --json client add --name A \
	> "$SCRATCH/out" 2> "$SCRATCH/err"
RC=$?
[ "$RC" -eq 0 ] && [ -f "$SCRATCH/envdb/x.db" ] &&
	[ "$(sql "$SCRATCH/envdb/x.db" "SELECT count(*) FROM clients")" -eq 1 ]
ok $? "\$CKSGATE_CONFIG is honoured: client add creates the database it names"

OTHER="$SCRATCH/other.conf"
conf "$OTHER" "database = $SCRATCH/cdb/y.db" "plugin_dir = $CKS_PLUGINDIR"
CKSGATE_CONFIG="$ENVCONF" "$CKSCTL" -c "$OTHER" client add --name B \
	> "$SCRATCH/out" 2> "$SCRATCH/err"
RC=$?
[ "$RC" -eq 0 ] && [ -f "$SCRATCH/cdb/y.db" ] &&
	[ "$(sql "$SCRATCH/cdb/y.db" "SELECT name FROM clients")" = B ] &&
	[ "$(sql "$SCRATCH/envdb/x.db" "SELECT count(*) FROM clients")" -eq 1 ]
ok $? "-c overrides \$CKSGATE_CONFIG: the client goes into -c's database only"

CKSGATE_CONFIG="$ENVCONF" "$CKSCTL" --config="$OTHER" client add --name C \
	> "$SCRATCH/out" 2> "$SCRATCH/err"
RC=$?
[ "$RC" -eq 0 ] && [ "$(sql "$SCRATCH/cdb/y.db" "SELECT count(*) FROM clients")" -eq 2 ] &&
	[ "$(sql "$SCRATCH/envdb/x.db" "SELECT count(*) FROM clients")" -eq 1 ]
ok $? "--config=FILE overrides \$CKSGATE_CONFIG too"

CKSGATE_CONFIG="$SCRATCH/env-missing.conf" "$CKSCTL" channels \
	> "$SCRATCH/out" 2> "$SCRATCH/err"
RC=$?
one_line_error 1 "cannot read config file $SCRATCH/env-missing.conf" \
	"a missing \$CKSGATE_CONFIG file is an error naming it, not a silent fallback"

CKSGATE_CONFIG="$ENVCONF" "$CKS_SBINDIR/cksgated" -t > "$SCRATCH/out" 2> "$SCRATCH/err"
RC=$?
[ "$RC" -eq 0 ] && grep -qxF "config $ENVCONF: ok" "$SCRATCH/out"
ok $? "cksgated honours \$CKSGATE_CONFIG too"

# --- embedded defaults -------------------------------------------------------------------

env -u CKSGATE_CONFIG "$CKSCTL" --help > "$SCRATCH/out" 2> "$SCRATCH/err"
RC=$?
[ "$RC" -eq 0 ] && grep -q '^usage: cksctl ' "$SCRATCH/out" && [ ! -s "$SCRATCH/err" ]
ok $? "cksctl --help with no config at all exits 0 and prints the usage"

# Without a config, cksctl must behave exactly as with plugin_dir set to the
# installed plugin directory (it lists those channels if cksgate is
# installed there, or names that directory if not).  Listing channels
# touches no store, so nothing is written under the default state dir.
conf "$SCRATCH/defaults.conf" "plugin_dir = $DEFAULT_PLUGINDIR"
"$CKSCTL" -c "$SCRATCH/defaults.conf" --json channels > "$SCRATCH/want" 2>&1
want_rc=$?
env -u CKSGATE_CONFIG "$CKSCTL" --json channels > "$SCRATCH/got" 2>&1
got_rc=$?
[ "$got_rc" -eq "$want_rc" ] && cmp -s "$SCRATCH/got" "$SCRATCH/want"
ok $? "with no config, cksctl loads plugins from the embedded default $DEFAULT_PLUGINDIR"

CKSGATE_CONFIG= "$CKSCTL" --json channels > "$SCRATCH/got" 2>&1
got_rc=$?
[ "$got_rc" -eq "$want_rc" ] && cmp -s "$SCRATCH/got" "$SCRATCH/want"
ok $? "an empty \$CKSGATE_CONFIG means the embedded defaults, like an unset one"

# --- cksgated -t ----------------------------------------------------------------------------

gated -c "$CONF" -t
[ "$RC" -eq 0 ] && grep -qxF "config $CONF: ok" "$SCRATCH/out"
ok $? "cksgated -t with a good config exits 0 and says the config is ok"

# The store as cksgated -t names it, its version and its mark, read
# directly: the SQLite file's pragmas, or PostgreSQL's cks_schema table.
if [ -n "$CKS_DB_URI" ]; then
	STORE_SHOWN=$CKS_DB_URI
	stored_version() { store_sql "SELECT version FROM cks_schema"; }
	store_marked() { [ "$(store_sql "SELECT count(*) FROM cks_schema")" -eq 1 ]; }
else
	STORE_SHOWN=$SCRATCH/state/cksgate.db
	stored_version() { sql "$STORE_SHOWN" "PRAGMA user_version"; }
	store_marked() { [ "$(sql "$STORE_SHOWN" "PRAGMA application_id")" -eq 1129009991 ]; }
fi
version=$(sed -n 's|^store .*: schema version \([0-9][0-9]*\)$|\1|p' "$SCRATCH/out")
[ -n "$version" ] && [ "$version" -ge 1 ] &&
	grep -qxF "store $STORE_SHOWN: schema version $version" "$SCRATCH/out" &&
	[ "$(stored_version)" = "$version" ]
ok $? "cksgated -t prints the store's schema version (${version:-none}), the one in the file"

store_marked
ok $? "the new store is marked as a cksgate store (application_id 'CKSG', or cks_schema)"

gated -c "$CONF" -t
[ "$RC" -eq 0 ] && grep -qxF "store $STORE_SHOWN: schema version $version" "$SCRATCH/out"
ok $? "cksgated -t on an existing store keeps its schema version"

# --- databases that are not ours -------------------------------------------------------------

FOREIGN="$SCRATCH/foreign.db"
/usr/bin/python3 -c 'import sqlite3,sys
db = sqlite3.connect(sys.argv[1])
db.execute("CREATE TABLE notes (body TEXT)")
db.execute("INSERT INTO notes VALUES (?)", ("keep me",))
db.commit()' "$FOREIGN"
conf "$BAD" "database = $FOREIGN" "plugin_dir = $CKS_PLUGINDIR"
raw -c "$BAD" client show 1
one_line_error 1 "^cksctl: store $FOREIGN: this SQLite database is not a cksgate store$" \
	"a non-cksgate SQLite database is refused: not a cksgate store"

[ "$(sql "$FOREIGN" "SELECT group_concat(name) FROM sqlite_master")" = notes ] &&
	[ "$(sql "$FOREIGN" "SELECT body FROM notes")" = "keep me" ] &&
	[ "$(sql "$FOREIGN" "PRAGMA user_version")" -eq 0 ]
ok $? "the refused database keeps its tables and data, and gets no cksgate schema"

gated -c "$BAD" -t
one_line_error 1 "^cksgated: store $FOREIGN: this SQLite database is not a cksgate store$" \
	"cksgated -t refuses it the same way"

NEWER="$SCRATCH/newer.db"
/usr/bin/python3 -c 'import sqlite3,sys
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA application_id = 1129009991")
db.execute("PRAGMA user_version = 99")
db.execute("CREATE TABLE from_the_future (x)")
db.commit()' "$NEWER"
conf "$BAD" "database = $NEWER" "plugin_dir = $CKS_PLUGINDIR"
raw -c "$BAD" client show 1
one_line_error 1 "^cksctl: store $NEWER: schema version 99 is newer than this cksgate understands" \
	"a cksgate store with schema version 99 is refused as newer"

[ "$(sql "$NEWER" "PRAGMA user_version")" -eq 99 ]
ok $? "the newer store is left at schema version 99"

raw -c "$BAD" store status
[ "$RC" -eq 1 ] && grep -q '^state     newer: schema version 99 is newer than this cksgate understands' \
	"$SCRATCH/out"
ok $? "store status names a newer schema and exits 1"
raw -c "$BAD" store migrate
one_line_error 1 "^cksctl: store $NEWER: schema version 99 is newer than this cksgate understands" \
	"store migrate refuses a newer schema the same way"
[ "$(sql "$NEWER" "PRAGMA user_version")" -eq 99 ]
ok $? "and leaves it at schema version 99"
raw -c "$BAD" store init
one_line_error 1 "^cksctl: store $NEWER: the file exists and is not empty" \
	"store init refuses an existing store"

# --- store status, migrate, init; database = sqlite:PATH; PostgreSQL refused --------------

STORE="$SCRATCH/fresh/gate.db"
conf "$BAD" "database = sqlite:$STORE" "plugin_dir = $CKS_PLUGINDIR"
raw -c "$BAD" --json store status
[ "$RC" -eq 0 ] && [ "$(/usr/bin/python3 -c 'import json,sys; d = json.load(sys.stdin)
print(d["backend"], d["state"], d["schema_version"], d["latest"] > 0)' < "$SCRATCH/out")" = "sqlite absent 0 True" ] &&
	[ ! -e "$STORE" ]
ok $? "store status on sqlite:PATH with no file says absent and creates nothing"
raw -c "$BAD" store migrate
one_line_error 1 "^cksctl: store $STORE: there is no store to migrate: cksctl store init creates one" \
	"store migrate with no store points at store init"
raw -c "$BAD" store init
LATEST=$(sql "$STORE" "PRAGMA user_version")
[ "$RC" -eq 0 ] && grep -q "^store $STORE: created (sqlite), schema version $LATEST\$" "$SCRATCH/out" &&
	[ "$LATEST" -gt 0 ]
ok $? "store init creates the store at the latest schema"
raw -c "$BAD" store status
[ "$RC" -eq 0 ] && grep -q '^state     current$' "$SCRATCH/out" &&
	grep -q "^path      $STORE\$" "$SCRATCH/out" && grep -q '^backend   sqlite$' "$SCRATCH/out"
ok $? "store status: current, with its path and backend"
raw -c "$BAD" store init
one_line_error 1 "^cksctl: store $STORE: the file exists and is not empty" \
	"store init twice is refused"

OLD="$SCRATCH/old.db"
/usr/bin/python3 -c 'import sqlite3,sys
db = sqlite3.connect(sys.argv[1])
db.execute("CREATE TABLE scratch (x)")
db.execute("DROP TABLE scratch")
db.commit()' "$OLD"
conf "$BAD" "database = $OLD" "plugin_dir = $CKS_PLUGINDIR"
raw -c "$BAD" store status
[ "$RC" -eq 0 ] && grep -q "^state     pending: $LATEST migration(s)" "$SCRATCH/out" &&
	[ "$(sql "$OLD" "PRAGMA user_version")" -eq 0 ]
ok $? "store status counts pending migrations and applies none"
raw -c "$BAD" store migrate
[ "$RC" -eq 0 ] && grep -q "^store $OLD: schema version 0 -> $LATEST\$" "$SCRATCH/out" &&
	[ "$(sql "$OLD" "PRAGMA user_version")" -eq "$LATEST" ]
ok $? "store migrate applies them"
raw -c "$BAD" store migrate
[ "$RC" -eq 0 ] && grep -q "already current" "$SCRATCH/out"
ok $? "store migrate again has nothing to do"

conf "$BAD" "database = postgresql://cks:s3cret@db.example/cks" "plugin_dir = $CKS_PLUGINDIR"
raw -c "$BAD" store status
one_line_error 1 "^cksctl: $BAD:1: key 'database': the PostgreSQL (URI holds a password: put it in a mode-600 file named by PGPASSFILE|backend is not built in this cksgate)" \
	"database = postgresql://user:password@... is refused naming the key"
! grep -q s3cret "$SCRATCH/err"
ok $? "the refused URI's password is not echoed"

printf 'Not a database.  This file only holds some text, long enough to fill an SQLite header.\n' \
	> "$SCRATCH/text.db"
conf "$BAD" "database = $SCRATCH/text.db" "plugin_dir = $CKS_PLUGINDIR"
raw -c "$BAD" client show 1
one_line_error 1 "^cksctl: store $SCRATCH/text\.db: .*not a database" \
	"a database path holding a text file is refused, naming the file"

# --- usage errors ----------------------------------------------------------------------------

expect_error 2 "unknown option '--bogus'" "an unknown option exits 2" --bogus channels
[ ! -s "$SCRATCH/out" ]
ok $? "an unknown option prints nothing on stdout"

expect_error 2 "unknown command 'frobnicate'" "an unknown command exits 2" frobnicate

raw -c
one_line_error 2 "-c needs a FILE" "-c without a file exits 2"

raw -c "$CONF"
[ "$RC" -eq 2 ] && grep -q '^usage: cksctl ' "$SCRATCH/err" && [ ! -s "$SCRATCH/out" ]
ok $? "no command exits 2 with the usage on stderr"

gated --bogus
[ "$RC" -eq 2 ] && grep -q '^usage: cksgated ' "$SCRATCH/err"
ok $? "cksgated with an unknown option exits 2 with its usage"

gated -c "$CONF" -t extra
[ "$RC" -eq 2 ] && grep -q '^usage: cksgated ' "$SCRATCH/err"
ok $? "cksgated with a stray argument exits 2"

finish
