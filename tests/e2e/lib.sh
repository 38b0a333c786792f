# Shared by the end-to-end tests: TAP output, a scratch directory, and the
# staged (installed) cksctl with a config of its own.  Source it, then call
# plan N, and use ok / run / expect_* for each check.
set -u

: "${CKS_BINDIR:?run through make check}"
TEST_NAME=$(basename "$0" .sh)
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/cks-$TEST_NAME-XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
TEST_NUMBER=0
TEST_FAILED=0
CKSCTL="$CKS_BINDIR/cksctl"
CONF="$SCRATCH/cksgate.conf"
cat > "$CONF" <<CONF
# written by $TEST_NAME
state_dir = $SCRATCH/state
plugin_dir = $CKS_PLUGINDIR
template_dir = $CKS_TEMPLATEDIR
CONF

# The suite on PostgreSQL (issue 15): with CKS_TEST_DATABASE naming a
# database (tests/servers/pg.sh), the test's store is a schema of its own
# there instead of $SCRATCH/state/cksgate.db.  store_sql reads either.
# A test that writes its config anew puts $CKS_DB_LINE in it.
CKS_DB_URI=""
CKS_DB_LINE=""
if [ -n "${CKS_TEST_DATABASE:-}" ]; then
	CKS_DB_SCHEMA=$(basename "$SCRATCH" | tr 'A-Z-' 'a-z_')
	psql -X -q "$CKS_TEST_DATABASE" -c "SET client_min_messages = warning;
		CREATE SCHEMA $CKS_DB_SCHEMA" > /dev/null || exit 1
	CKS_DB_URI="$CKS_TEST_DATABASE?options=-csearch_path%3D$CKS_DB_SCHEMA%2Cpublic"
	CKS_DB_LINE="database = $CKS_DB_URI"
	echo "$CKS_DB_LINE" >> "$CONF"
fi

# sql_body_replace EXPR OLD NEW: SQL for message bytes EXPR with text OLD
# replaced by NEW (the bytes are SQLite's BLOB or PostgreSQL's bytea).
sql_body_replace() {
	if [ -n "$CKS_DB_URI" ]; then
		echo "convert_to(replace(convert_from($1, 'UTF8'), $2, $3), 'UTF8')"
	else
		echo "CAST(replace($1, $2, $3) AS BLOB)"
	fi
}

# sql_blob_head EXPR N: the first N bytes of EXPR (BLOB, bytea) as text.
# sql_json_text COLUMN KEY: the text of KEY in the JSON text of COLUMN.
sql_blob_head() {
	if [ -n "$CKS_DB_URI" ]; then
		echo "convert_from(substring($1 from 1 for $2), 'UTF8')"
	else
		echo "substr($1, 1, $2)"
	fi
}
# sql_blob_text EXPR: all of EXPR (BLOB, bytea) as text.
sql_blob_text() {
	if [ -n "$CKS_DB_URI" ]; then
		echo "convert_from($1, 'UTF8')"
	else
		echo "CAST($1 AS TEXT)"
	fi
}
sql_json_text() {
	if [ -n "$CKS_DB_URI" ]; then
		echo "(CAST($1 AS json) ->> '$2')"
	else
		echo "json_extract($1, '\$.$2')"
	fi
}

# store_sql SQL: the rows of one query on the test's store (columns
# joined by "|"), whichever backend holds it.
store_sql() {
	if [ -n "$CKS_DB_URI" ]; then
		psql -X -q -At "$CKS_DB_URI" -c "$1"
	else
		sqlite3 -cmd '.timeout 2000' "$SCRATCH/state/cksgate.db" "$1"
	fi
}

plan() { echo "1..$1"; }

# skip_all WHY: the whole test does not apply here (TAP plan 1..0).
skip_all() { echo "1..0 # SKIP $1"; exit 0; }

# on_sqlite_only WHY: skip_all unless the store is SQLite's, for a test
# of SQLite's own file or locks.
on_sqlite_only() { [ -z "$CKS_DB_URI" ] || skip_all "$1"; }

# ok CONDITION-EXIT-STATUS DESCRIPTION: report one result.
ok() {
	TEST_NUMBER=$((TEST_NUMBER + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $TEST_NUMBER - $2"
	else
		echo "not ok $TEST_NUMBER - $2"
		TEST_FAILED=1
		if [ -s "$SCRATCH/out" ]; then sed 's/^/#   stdout: /' "$SCRATCH/out" | head -20; fi
		if [ -s "$SCRATCH/err" ]; then sed 's/^/#   stderr: /' "$SCRATCH/err" | head -20; fi
	fi
}

# cks ARGS...: runs the staged cksctl with the test config; stdout in
# $SCRATCH/out, stderr in $SCRATCH/err, exit status in $RC.
cks() {
	"$CKSCTL" -c "$CONF" "$@" > "$SCRATCH/out" 2> "$SCRATCH/err"
	RC=$?
}

# expect_rc N DESCRIPTION ARGS...: cksctl exits with N.
expect_rc() {
	local want=$1 what=$2
	shift 2
	cks "$@"
	[ "$RC" -eq "$want" ]
	ok $? "$what (exit $RC, want $want)"
}

# expect_error N PATTERN DESCRIPTION ARGS...: exits N with one line on
# stderr that matches PATTERN (grep -E).
expect_error() {
	local want=$1 pattern=$2 what=$3
	shift 3
	cks "$@"
	[ "$RC" -eq "$want" ] && [ "$(wc -l < "$SCRATCH/err")" -eq 1 ] &&
		grep -Eq -- "$pattern" "$SCRATCH/err"
	ok $? "$what"
}

# json EXPR: evaluates a jq-like Python expression on the last stdout.
# Usage: json 'd["id"]'  (d is the parsed document)
json() {
	/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' \
		"$SCRATCH/out" "$1"
}

# wait_until TENTHS COMMAND...: runs COMMAND every 0.1 s until it succeeds
# (status 0) or TENTHS tenths of a second pass (status 1).  Poll this way,
# with a deadline, rather than sleep and then assert.
wait_until() {
	local tenths=$1 i=0
	shift
	while ! "$@"; do
		[ $i -lt "$tenths" ] || return 1
		sleep 0.1
		i=$((i + 1))
	done
}

# wait_for_file FILE TENTHS: until FILE exists and is not empty.
wait_for_file() { wait_until "$2" test -s "$1"; }

# wait_gone PID TENTHS: until the process PID has exited.
wait_gone() { wait_until "$2" eval "! kill -0 $1 2>/dev/null"; }

# queue_drained: no message of the test's store is queued or being sent,
# so no further copy of anything can reach a relay.
queue_drained() {
	[ "$(store_sql "SELECT count(*) FROM messages WHERE state IN ('queued', 'sending')")" = 0 ]
}

# message_due ID: the queue's message ID has reached its next attempt time
# (a run now would take it if its state allows); poll it with wait_until
# instead of sleeping through a retry schedule.
message_due() {
	[ "$(store_sql "SELECT CASE WHEN next_attempt_at <= $(date +%s%3N) THEN 1 ELSE 0 END FROM messages WHERE id = $1")" = 1 ]
}

# The test servers (tests/servers/*.py) listen on port 0 and write the
# port they got to a file.
#   smtp_server_start DIR [options]: a fresh smtp_server.py writing into
#       DIR/mail (script DIR/script.json, log DIR/log); sets $PORT,
#       $SERVER_PID.
#   server_stop: SIGTERM to $SERVER_PID, waits for it to exit.
SERVER_PID=""
smtp_server_start() {
	local dir=$1
	shift
	mkdir -p "$dir/mail"
	[ -f "$dir/script.json" ] || echo '[]' > "$dir/script.json"
	rm -f "$dir/port" "$dir/pid"
	/usr/bin/python3 "$CKS_SRCDIR/tests/servers/smtp_server.py" \
		--port-file "$dir/port" --pid-file "$dir/pid" --maildir "$dir/mail" \
		--script "$dir/script.json" --log "$dir/log" "$@" &
	SERVER_PID=$!
	wait_for_file "$dir/port" 100 || { echo "# smtp_server.py wrote no port"; return 1; }
	PORT=$(cat "$dir/port")
}

server_stop() {
	if [ -n "$SERVER_PID" ]; then
		kill "$SERVER_PID" 2>/dev/null
		wait_gone "$SERVER_PID" 100
		SERVER_PID=""
	fi
}

finish() { exit "$TEST_FAILED"; }
