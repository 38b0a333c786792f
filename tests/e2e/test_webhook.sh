#!/bin/sh
# End-to-end: rating webhooks through the installed cksctl.  `rating
# record` writes the events, `webhook run` POSTs them to
# tests/servers/http_receiver.py on 127.0.0.1, which logs each request;
# the receiver's side is checked as a receiver would check it (the
# signature over "TIMESTAMP.BODY" with Python's hmac).  Then a refused
# delivery, `webhook list` and `webhook retry`, and the secret file's mode.
. "$CKS_SRCDIR/tests/e2e/lib.sh"

plan 27

PY=/usr/bin/python3
RECEIVER="$CKS_SRCDIR/tests/servers/http_receiver.py"
RECEIVER_PID=""
SECRET="$SCRATCH/webhook-secret"
KEY=4f1d0c8e2b7a9c3d5e6f7a8b9c0d1e2f

stop_receiver() {
	if [ -n "$RECEIVER_PID" ]; then
		kill "$RECEIVER_PID" 2>/dev/null
		wait_gone "$RECEIVER_PID" 100
		RECEIVER_PID=""
	fi
}
trap 'stop_receiver; rm -rf "$SCRATCH"' EXIT

# start_receiver SCRIPT: a fresh receiver answering SCRIPT ("400,200"),
# logging into $SCRATCH/log; the config points both URLs at it.
start_receiver() {
	stop_receiver
	rm -f "$SCRATCH/port" "$SCRATCH/log"
	"$PY" "$RECEIVER" --port-file "$SCRATCH/port" --pid-file "$SCRATCH/pid" \
		--log "$SCRATCH/log" --script "$1" &
	RECEIVER_PID=$!
	wait_for_file "$SCRATCH/port" 100 || { echo "# http_receiver.py wrote no port"; exit 1; }
	PORT=$(cat "$SCRATCH/port")
	cat > "$CONF" <<CONF
$CKS_DB_LINE
state_dir = $SCRATCH/state
plugin_dir = $CKS_PLUGINDIR
queue.retry_schedule = 1s
webhook.rating_url = http://127.0.0.1:$PORT/rating
webhook.unsatisfied_url = http://127.0.0.1:$PORT/unsatisfied
webhook.secret_file = $SECRET
webhook.timeout = 5s
CONF
}

# received EXPR: EXPR evaluated over the receiver's log: r is the list of
# requests (method, path, headers, body, status), b(i) request i's body as
# JSON, valid(i) whether its signature verifies with the key.
received() {
	"$PY" - "$SCRATCH/log" "$KEY" "$1" <<'PY'
import hashlib, hmac, json, sys
try:
    r = [json.loads(line) for line in open(sys.argv[1], encoding='utf-8')]
except FileNotFoundError:
    r = []
key = sys.argv[2].encode()
def h(i, name):
    return {k.lower(): v for k, v in r[i]['headers'].items()}.get(name.lower())
def b(i):
    return json.loads(r[i]['body'])
def valid(i):
    signed = h(i, 'X-Cksgate-Timestamp').encode() + b'.' + r[i]['body'].encode()
    want = 'sha256=' + hmac.new(key, signed, hashlib.sha256).hexdigest()
    return hmac.compare_digest(want, h(i, 'X-Cksgate-Signature'))
print(eval(sys.argv[3]))
PY
}

# received_is DESCRIPTION EXPR WANT
received_is() {
	got=$(received "$2" 2>&1)
	[ "$got" = "$3" ]
	ok $? "$1 (got '$got', want '$3')"
}

# json_is DESCRIPTION EXPR WANT: the last JSON output's EXPR prints WANT.
json_is() {
	got=$(json "$2")
	[ "$RC" -eq 0 ] && [ "$got" = "$3" ]
	ok $? "$1 (got '$got', want '$3')"
}

printf '%s\n' "$KEY" > "$SECRET"
chmod 600 "$SECRET"
start_receiver ""

cks --json client add --name "สมศรี รักงาน" --lang th
CLIENT=$(json 'd["id"]')
cks --json session open --channel counter --client "$CLIENT" --agent Napa
S1=$(json 'd["id"]')

# A "not satisfied" answer at the counter: both URLs get their event.
expect_rc 0 "rating record 2 (not satisfied)" rating record "$S1" 2 --via counter \
	--comment "รอนานเกินไป"
expect_rc 0 "webhook run" --json webhook run
json_is "the run sent two deliveries" 'd["sent"], d["events"], d["failed"]' "(2, 2, 0)"
received_is "the receiver got one POST on each URL" \
	'sorted((x["method"], x["path"]) for x in r)' \
	"[('POST', '/rating'), ('POST', '/unsatisfied')]"
received_is "each carries its event kind in header and body" \
	'all(h(i, "X-Cksgate-Event") == b(i)["event"] for i in range(len(r)))' "True"
received_is "both signatures verify with the shared key" 'valid(0) and valid(1)' "True"
received_is "the body names the session, channel, agent (its login), code and comment" \
	'[(x["session_id"], x["channel"], x["agent"], x["code"], x["satisfied"], x["medium"], x["comment"]) for x in [b(0)]][0]' \
	"($S1, 'counter', 'napa', 2, False, 'counter', 'รอนานเกินไป')"
received_is "recorded_at is ISO 8601 with Bangkok's offset" \
	'b(0)["recorded_at"].endswith("+07:00")' "True"

# The same answer again changes nothing and fires nothing.
expect_rc 0 "the same rating again" rating record "$S1" 2 --via counter \
	--comment "รอนานเกินไป"
expect_rc 0 "webhook run again" --json webhook run
json_is "nothing new to send" 'd["sent"], d["events"]' "(0, 0)"
received_is "the receiver got nothing more" 'len(r)' "2"

expect_rc 0 "webhook list --state sent" --json webhook list --state sent
json_is "both deliveries are listed as sent with status 200" \
	'[(x["state"], x["last_status"]) for x in d["deliveries"]]' \
	"[('sent', 200), ('sent', 200)]"

# A receiver that refuses (400): failed at once, kept, retried by hand.
start_receiver "400"
cks --json session open --channel counter --client "$CLIENT" --agent Napa
S2=$(json 'd["id"]')
expect_rc 0 "rating record 5 (satisfied)" rating record "$S2" 5 --via counter
expect_rc 0 "webhook run against a refusing receiver" --json webhook run
json_is "a satisfied rating is one delivery, refused" 'd["sent"], d["failed"]' "(0, 1)"
cks --json webhook list --state failed
FAILED=$(json 'd["deliveries"][0]["id"]')
json_is "the refusal keeps the status and the receiver's reply" \
	'd["deliveries"][0]["last_status"], d["deliveries"][0]["last_reply"]' \
	"(400, 'scripted reply 400')"
expect_rc 0 "webhook retry" --json webhook retry "$FAILED"
json_is "retry queues it again" 'd["state"]' "queued"
expect_rc 0 "webhook run after the retry" --json webhook run
json_is "the retried delivery is sent" 'd["sent"]' "1"

expect_error 1 "only a failed delivery can be retried" \
	"retrying a sent delivery is refused" webhook retry "$FAILED"
expect_error 2 "unknown state 'deferred'" "webhook list --state with a wrong state is a usage error" \
	webhook list --state deferred

# A secret file others may read is refused, and nothing is lost.
chmod 644 "$SECRET"
cks --json session open --channel counter --client "$CLIENT" --agent Napa
S3=$(json 'd["id"]')
cks rating record "$S3" 4 --via counter
expect_error 1 "webhook.secret_file: .*chmod 600" \
	"a group- or world-readable secret file is refused" webhook run
chmod 600 "$SECRET"
expect_rc 0 "webhook run with the secret file fixed" --json webhook run
json_is "the rating recorded meanwhile is delivered" 'd["sent"], d["failed"]' "(1, 0)"
finish
