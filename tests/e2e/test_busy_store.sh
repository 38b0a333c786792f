# A store locked by another process (issue 11, point 5): while a python
# process holds BEGIN IMMEDIATE on the database, a write through the API
# answers 503 with Retry-After within busy_timeout_ms and a small slack
# (it used to wait four times as long: the busy handler counted 250 us
# sleeps that take ~1 ms), two writes at once both do (the second waited on
# an in-process mutex without a deadline), and /healthz and a read answer
# meanwhile.  After the lock goes, writes succeed again.
. "$CKS_SRCDIR/tests/e2e/lib.sh"
. "$CKS_SRCDIR/tests/e2e/daemon.sh"

plan 8

BUSY_MS=800
SLACK_MS=180
daemon_config
cat >> "$CONF" <<CONF
busy_timeout_ms = $BUSY_MS
http.threads = 4
CONF
DB=$SCRATCH/state/cksgate.db
HOLDER=""
trap 'daemon_kill; [ -z "$HOLDER" ] || kill "$HOLDER" 2>/dev/null; rm -rf "$SCRATCH"' EXIT
daemon_start
ok $? "cksgated serves HTTP on 127.0.0.1:$API_PORT"
[ -n "$DAEMON_PID" ] || { echo "Bail out! the daemon did not start"; exit 1; }
api POST /v1/clients '{"name": "Somchai", "email": "somchai@example.invalid"}'
CID=$(json 'd["id"]')

# time_req OUT METHOD PATH [JSON]: "status ms retry-after" of one request,
# into $SCRATCH/OUT.
time_req() {
	out=$1 method=$2 path=$3 body=${4:-}
	set -- -s -o "$SCRATCH/$out.body" -D "$SCRATCH/$out.h" -w '%{http_code} %{time_total}' \
		-X "$method" -H "Authorization: Bearer $TOKEN_ALICE"
	if [ -n "$body" ]; then set -- "$@" -H 'Content-Type: application/json' --data-binary "$body"; fi
	r=$(curl "$@" "$API$path")
	ra=$(tr -d '\r' < "$SCRATCH/$out.h" | sed -n 's/^[Rr]etry-[Aa]fter: *//p')
	echo "${r%% *} $(echo "${r#* }" | awk '{printf "%d", $1 * 1000}') ${ra:--}" > "$SCRATCH/$out"
}

# Another process takes the write lock and keeps it until killed: on
# SQLite the database's, on PostgreSQL the clients table's (reads go on).
if [ -n "$CKS_DB_URI" ]; then
	mkfifo "$SCRATCH/release"
	( printf 'BEGIN; LOCK TABLE clients IN EXCLUSIVE MODE; SELECT 1;\n'
	  read -r _ < "$SCRATCH/release"; printf 'COMMIT;\n' ) | psql -X -q "$CKS_DB_URI" > /dev/null &
	HOLDER=$!
	wait_until 100 eval '[ "$(store_sql "SELECT count(*) FROM pg_locks WHERE granted AND mode = '"'ExclusiveLock'"' AND relation = '"'clients'"'::regclass")" = 1 ]'
else
	/usr/bin/python3 - "$DB" "$SCRATCH/held" <<'PY' &
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
db.execute("UPDATE clients SET name = name")
open(sys.argv[2], "w").close()
time.sleep(60)
PY
	HOLDER=$!
	wait_until 100 test -e "$SCRATCH/held"
fi

# One write alone: its own wait is bounded.
time_req w1 POST /v1/clients '{"name": "Write One", "email": "one@example.invalid"}'
# Two at once, with a health check and a read meanwhile.  A worker of
# libmicrohttpd's pool serves one request at a time, so a write that lands
# on the worker of the other waits for it and then for its own bound: at
# most twice busy_timeout_ms, never unbounded; /healthz and reads land on
# the other workers.
time_req w2 POST /v1/clients '{"name": "Write Two", "email": "two@example.invalid"}' &
W2=$!
time_req w3 POST /v1/clients '{"name": "Write Three", "email": "three@example.invalid"}' &
W3=$!
sleep 0.1
time_req health GET /healthz
time_req read GET "/v1/clients/$CID"
wait $W2 $W3
echo "# write 1: $(cat "$SCRATCH/w1"); writes 2 and 3: $(cat "$SCRATCH/w2"); $(cat "$SCRATCH/w3")"
cat "$SCRATCH/w1.body" | sed "s/^/# /"
echo "# healthz: $(cat "$SCRATCH/health"); read: $(cat "$SCRATCH/read") (status ms retry-after)"

set -- $(cat "$SCRATCH/w1")
[ "$1" = 503 ] && [ "$3" != - ] && [ "$2" -le $((BUSY_MS + SLACK_MS)) ]
ok $? "a write answers 503 with Retry-After ($3) within busy_timeout_ms + ${SLACK_MS} ms (took $2 ms)"
set -- $(cat "$SCRATCH/w2") $(cat "$SCRATCH/w3")
[ "$1" = 503 ] && [ "$3" != - ] && [ "$2" -le $((2 * BUSY_MS + SLACK_MS)) ] &&
	[ "$4" = 503 ] && [ "$6" != - ] && [ "$5" -le $((2 * BUSY_MS + SLACK_MS)) ] &&
	{ [ "$2" -le $((BUSY_MS + SLACK_MS)) ] || [ "$5" -le $((BUSY_MS + SLACK_MS)) ]; }
ok $? "two writes at once are bounded too: one within busy_timeout_ms, the other within twice that (took $2 and $5 ms)"
set -- $(cat "$SCRATCH/health")
[ "$1" = 200 ] && [ "$2" -lt 300 ]
ok $? "/healthz answers while the writers wait ($2 ms)"
set -- $(cat "$SCRATCH/read")
[ "$1" = 200 ] && [ "$2" -lt 300 ]
ok $? "a read answers while the writers wait ($2 ms)"
grep -q 'busy_timeout_ms' "$SCRATCH/w1.body" && grep -q 'busy_timeout_ms' "$SCRATCH/w2.body"
ok $? "the 503s say why (the store stayed locked for busy_timeout_ms)"

if [ -n "$CKS_DB_URI" ]; then echo > "$SCRATCH/release"; else kill "$HOLDER" 2>/dev/null; fi
wait "$HOLDER" 2>/dev/null; HOLDER=""
expect_status 201 "once the lock is gone, a write succeeds" POST /v1/clients \
	'{"name": "Write Three", "email": "three@example.invalid"}'
daemon_stop
ok $? "the daemon stops cleanly"
finish
