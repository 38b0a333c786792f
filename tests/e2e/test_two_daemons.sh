#!/bin/sh
# Two daemons on one store, one SMTP sink and one webhook receiver (issue
# 15): every message and every webhook delivery goes out exactly once while
# both run; with one killed (kill -9) in the middle, none is lost, the
# duplicates are at most what the dead one had in flight, and the survivor
# takes the dead one's claims over after their lease (queue.lease, short
# here).  The two daemons have different gateway.name values, as two hosts
# would: the survivor cannot see the other's process and must wait out the
# lease.  Prints the figures (delivered, duplicates, lost) as comments.
. "$CKS_SRCDIR/tests/e2e/lib.sh"
. "$CKS_SRCDIR/tests/e2e/daemon.sh"

plan 20

PY=/usr/bin/python3
TEMPLATES=$(dirname "$(find "$CKS_STAGE" -name basket.th.txt | head -1)")
SRV=$SCRATCH/srv
DB=$SCRATCH/state/cksgate.db
PID_A="" PID_B="" RECEIVER_PID=""
N=2000

cleanup() {
	for p in $PID_A $PID_B $RECEIVER_PID; do kill -9 "$p" 2>/dev/null; done
	daemon_kill
	server_stop
	rm -rf "$SCRATCH"
}
trap cleanup EXIT

smtp_server_start "$SRV" --data-delay 0.002 || exit 1
SMTP_PORT=$PORT
"$PY" "$CKS_SRCDIR/tests/servers/http_receiver.py" --port-file "$SCRATCH/hport" \
	--log "$SCRATCH/hooks.log" --delay 0.004 &
RECEIVER_PID=$!
wait_for_file "$SCRATCH/hport" 100 || { echo "# http_receiver.py wrote no port"; exit 1; }
HOOK_PORT=$(cat "$SCRATCH/hport")
printf 'two-daemons-test-key-0123456789\n' > "$SCRATCH/hook-secret"
chmod 600 "$SCRATCH/hook-secret"
cat >> "$CONF" <<CONF
template_dir = $TEMPLATES
mail.from = desk@ditp.example.invalid
mail.reply_address = survey@reply.example.invalid
smtp.host = 127.0.0.1
smtp.port = $SMTP_PORT
smtp.starttls = off
smtp.workers = 2
smtp.batch_size = 10
queue.retry_schedule = 1s
queue.lease = 3s
webhook.rating_url = http://127.0.0.1:$HOOK_PORT/rating
webhook.secret_file = $SCRATCH/hook-secret
webhook.timeout = 5s
CONF
daemon_config
sed "s|^log.level = debug|log.level = info|" "$CONF" > "$SCRATCH/base.conf"
{ cat "$SCRATCH/base.conf"; echo "gateway.name = gw-a"; echo "daemon.pid_file = $SCRATCH/a.pid"; } > "$SCRATCH/a.conf"
{ cat "$SCRATCH/base.conf"; echo "gateway.name = gw-b"; echo "daemon.pid_file = $SCRATCH/b.pid"; } > "$SCRATCH/b.conf"

# start_one NAME: cksgated with NAME.conf on the shared HTTP socket (both
# take connections from it, as two hosts behind one balancer); its pid in
# PID_NAME, its log in NAME.log.
start_one() {
	$WITH_HTTP_SOCKET "$CKSGATED" -f -c "$SCRATCH/$1.conf" 2>> "$SCRATCH/$1.log" &
	eval "PID_$(echo "$1" | tr a-z A-Z)=\$!"
	wait_until 100 grep -q "daemon.ready" "$SCRATCH/$1.log"
}
stop_both() {
	for p in $PID_A $PID_B; do kill -TERM "$p" 2>/dev/null; done
	for p in $PID_A $PID_B; do wait_gone "$p" 200; wait "$p" 2>/dev/null; done
	PID_A="" PID_B=""
}
# q SQL: one query (or several) on the shared store, either backend.
q() {
	if [ -n "$CKS_DB_URI" ]; then
		psql -X -q -At "$CKS_DB_URI" -c "$1"
	else
		sqlite3 -cmd '.timeout 5000' "$DB" "$1"
	fi
}
json_is() {
	got=$(json "$2" 2>&1)
	[ "$got" = "$3" ]
	ok $? "$1 (got '$got', want '$3')"
}

# --- one survey invitation, cloned N times with distinct Message-IDs ----------
cks --json client add --name "สมหญิง ใจงาม" --email somying@example.invalid
C=$(json 'd["id"]')
cks --json session open --channel counter --client "$C" --agent alice
S=$(json 'd["id"]')
cks session close "$S" --summary 'ให้ข้อมูลแล้ว'
cks --json survey send "$S"
Q=$(json 'd["id"]')
[ -n "$Q" ]
ok $? "one survey invitation is queued ($Q)"
# Nobody has sent it yet: delivered with the clones.
# queue_clones PREFIX: N-1 more copies of message Q, queued.
queue_clones() {
	q "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N - 1)
	  INSERT INTO messages (kind, session_id, sender, recipient, message_id, subject, size,
	    state, created_at, next_attempt_at)
	  SELECT kind, session_id, sender, recipient, '$1' || i || '.' || message_id, subject, size,
	    'queued', created_at, next_attempt_at FROM messages, n WHERE messages.id = $Q;
	  INSERT INTO message_bodies (message, body)
	  SELECT m.id, $(sql_body_replace b.body "'Message-ID: <' || o.message_id || '>'" \
	    "'Message-ID: <' || m.message_id || '>'")
	  FROM messages o JOIN message_bodies b ON b.message = o.id, messages m
	  WHERE o.id = $Q AND m.id > $Q AND m.message_id LIKE '$1%'"
}
# figures PREFIX: sets DELIVERED (distinct Message-IDs received), COPIES
# (all received) and LOST (queued with PREFIX, never received).
figures() {
	cat "$SRV/mail/"*.eml 2>/dev/null | sed -n 's/^Message-ID: <\(.*\)>.*/\1/p' \
		| grep "^$1" > "$SCRATCH/all-ids"
	sort -u "$SCRATCH/all-ids" > "$SCRATCH/ids"
	q "SELECT message_id FROM messages WHERE message_id LIKE '$1%'" | sort > "$SCRATCH/expected"
	DELIVERED=$(wc -l < "$SCRATCH/ids")
	COPIES=$(wc -l < "$SCRATCH/all-ids")
	LOST=$(comm -13 "$SCRATCH/ids" "$SCRATCH/expected" | wc -l)
}
received_mail() { ls "$SRV/mail" | wc -l; }

# The original gets a prefix too, so that each round counts N.
q "UPDATE messages SET message_id = 'r1.' || message_id WHERE id = $Q;
   UPDATE message_bodies SET body = $(sql_body_replace body "'Message-ID: <'" \
     "'Message-ID: <r1.'") WHERE message = $Q"
Q1=$Q
queue_clones r1.
[ "$(q "SELECT count(*) FROM messages WHERE state = 'queued'")" -eq $N ]
ok $? "$N invitations are queued"

# --- both daemons, no fault -------------------------------------------------------
start_one a && start_one b
ok $? "two daemons (gw-a, gw-b) run on the one store"
wait_until 1200 queue_drained
ok $? "the two daemons drain the queue"
figures r1.
echo "# mail, two daemons: delivered $DELIVERED, copies $COPIES, duplicates $((COPIES - DELIVERED)), lost $LOST"
[ "$DELIVERED" -eq $N ] && [ "$LOST" -eq 0 ]
ok $? "all $N invitations delivered, none lost"
[ "$COPIES" -eq "$DELIVERED" ]
ok $? "none delivered twice ($((COPIES - DELIVERED)) duplicates)"
A_SENT=$(q "SELECT count(*) FROM messages WHERE state = 'sent' AND sent_by LIKE 'gw-a:%'")
B_SENT=$(q "SELECT count(*) FROM messages WHERE state = 'sent' AND sent_by LIKE 'gw-b:%'")
echo "# gw-a sent $A_SENT, gw-b sent $B_SENT"
[ "$A_SENT" -gt 0 ] && [ "$B_SENT" -gt 0 ] && [ $((A_SENT + B_SENT)) -eq $N ]
ok $? "both shared the work and each message names its sender ($A_SENT + $B_SENT)"
[ "$(q "SELECT count(*) FROM message_attempts a JOIN messages m ON m.id = a.message
	WHERE m.message_id LIKE 'r1.%' AND a.claimant = m.sent_by")" -eq $N ]
ok $? "every attempt names the daemon that made it"
cks --json queue show "$Q"
json_is "queue show names the daemon that sent it, in the message and its attempt" \
	"d['state'], d['sent_by'].split(':')[0] in ('gw-a', 'gw-b'), d['history'][0]['claimant'] == d['sent_by'], d['claimed_by']" \
	"('sent', True, True, None)"

# --- one killed with kill -9 in the middle -----------------------------------------
# A fresh round: the same invitation again, under new Message-IDs.
q "INSERT INTO messages (kind, session_id, sender, recipient, message_id, subject, size,
     state, created_at, next_attempt_at)
   SELECT kind, session_id, sender, recipient, 'r2.' || substr(message_id, 4), subject,
     size, 'queued', created_at, next_attempt_at FROM messages WHERE id = $Q1;
   INSERT INTO message_bodies (message, body)
   SELECT (SELECT id FROM messages WHERE message_id LIKE 'r2.%'),
     $(sql_body_replace body "'Message-ID: <r1.'" "'Message-ID: <r2.'")
   FROM message_bodies WHERE message = $Q1"
Q=$(q "SELECT id FROM messages WHERE message_id LIKE 'r2.%'")
queue_clones r2.
BASE=$(received_mail)
wait_until 600 eval '[ $(received_mail) -ge $((BASE + 300)) ]'
kill -9 "$PID_A"
wait "$PID_A" 2>/dev/null
PID_A=""
IN_FLIGHT=$(q "SELECT count(*) FROM messages WHERE state = 'sending' AND claimed_by LIKE 'gw-a:%'")
# What the dead daemon held, and until when: none may be tried again
# before its lease_until.
q "SELECT id || ' ' || lease_until FROM messages WHERE state = 'sending'
   AND claimed_by LIKE 'gw-a:%'" > "$SCRATCH/held"
figures r2.
echo "# kill -9 of gw-a after $DELIVERED of $N received; $IN_FLIGHT of its claims in flight"
[ "$DELIVERED" -lt $N ] && [ "$IN_FLIGHT" -gt 0 ]
ok $? "gw-a was killed part-way with claims in flight ($IN_FLIGHT)"
wait_until 1200 queue_drained
ok $? "the survivor drains the queue, the dead one's claims included"
figures r2.
echo "# mail, kill -9: delivered $DELIVERED, copies $COPIES, duplicates $((COPIES - DELIVERED)), lost $LOST, in flight $IN_FLIGHT"
[ "$DELIVERED" -eq $N ] && [ "$LOST" -eq 0 ]
ok $? "all $N delivered after the kill, none lost"
[ $((COPIES - DELIVERED)) -le "$IN_FLIGHT" ]
ok $? "duplicates ($((COPIES - DELIVERED))) at most the dead daemon's in flight ($IN_FLIGHT)"
TAKEN=$(sed -n 's/.*queue\.run .*taken_over=\([0-9]*\).*/\1/p' "$SCRATCH/b.log" | awk '{s += $1} END {print s + 0}')
echo "# gw-b logged $TAKEN claims taken over; passes that failed (busy store, retried): gw-a $(grep -c 'queue.failed' "$SCRATCH/a.log"), gw-b $(grep -c 'queue.failed' "$SCRATCH/b.log")"
# Each claim gw-a held was tried next by gw-b, and not before the lease
# gw-a had on it passed.
EARLY=0 LATE=0
while read -r id until; do
	r=$(q "SELECT CASE WHEN at >= $until AND claimant LIKE 'gw-b:%' THEN 1 ELSE 0 END FROM message_attempts
		WHERE message = $id ORDER BY id DESC LIMIT 1")
	if [ "$r" = 1 ]; then LATE=$((LATE + 1)); else EARLY=$((EARLY + 1)); fi
done < "$SCRATCH/held"
echo "# of gw-a's $IN_FLIGHT claims, gw-b sent $LATE after their lease, $EARLY otherwise"
[ "$LATE" -eq "$IN_FLIGHT" ] && [ "$EARLY" -eq 0 ]
ok $? "gw-b took over all $IN_FLIGHT of the dead daemon's claims, each after its lease ($EARLY before)"
stop_both

# --- webhook deliveries, the same two ways -------------------------------------------
# queue_hooks ROUND: N rating events with one delivery each, due now.
queue_hooks() {
	now=$(date +%s%3N)
	q "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N)
	  INSERT INTO events (kind, payload, created_at, fanned_out)
	  SELECT 'rating.recorded', '{\"event\":\"rating.recorded\",\"round\":$1,\"n\":' || i || '}',
	    $now, 1 FROM n;
	  INSERT INTO webhook_deliveries (event_id, url, state, next_attempt_at, created_at, updated_at)
	  SELECT id, 'http://127.0.0.1:$HOOK_PORT/rating', 'queued', $now, $now, $now
	  FROM events WHERE payload LIKE '%\"round\":$1,%'"
}
# hook_figures ROUND: DELIVERED, COPIES, LOST for that round's deliveries.
hook_figures() {
	"$PY" -c '
import json, sys
ids = []
for line in open(sys.argv[1]):
    try:
        r = json.loads(line)
    except ValueError:
        continue                # a line being written
    if "\"round\":%s," % sys.argv[2] in r["body"]:
        ids.append(r["headers"].get("X-Cksgate-Delivery"))
print(len(set(ids)), len(ids))' "$SCRATCH/hooks.log" "$1" > "$SCRATCH/hf"
	read DELIVERED COPIES < "$SCRATCH/hf"
	LOST=$((N - DELIVERED))
}
hooks_drained() {
	[ "$(q "SELECT count(*) FROM webhook_deliveries WHERE state IN ('queued', 'sending')")" = 0 ]
}
queue_hooks 1
start_one a && start_one b
wait_until 1200 hooks_drained
hook_figures 1
echo "# webhooks, two daemons: delivered $DELIVERED, copies $COPIES, duplicates $((COPIES - DELIVERED)), lost $LOST"
[ "$DELIVERED" -eq $N ] && [ "$COPIES" -eq $N ]
ok $? "$N webhook deliveries posted exactly once by two daemons"
A_SENT=$(q "SELECT count(*) FROM webhook_deliveries WHERE sent_by LIKE 'gw-a:%'")
B_SENT=$(q "SELECT count(*) FROM webhook_deliveries WHERE sent_by LIKE 'gw-b:%'")
[ "$A_SENT" -gt 0 ] && [ "$B_SENT" -gt 0 ]
ok $? "both posted some ($A_SENT + $B_SENT)"

queue_hooks 2
some_posted() { hook_figures 2; [ "$COPIES" -ge 300 ]; }
wait_until 600 some_posted
kill -9 "$PID_A"
wait "$PID_A" 2>/dev/null
PID_A=""
IN_FLIGHT=$(q "SELECT count(*) FROM webhook_deliveries WHERE state = 'sending' AND claimed_by LIKE 'gw-a:%'")
q "SELECT id || ' ' || lease_until FROM webhook_deliveries WHERE state = 'sending'
   AND claimed_by LIKE 'gw-a:%'" > "$SCRATCH/held"
hook_figures 2
[ "$DELIVERED" -lt $N ] && [ "$IN_FLIGHT" -gt 0 ]
ok $? "gw-a was killed part-way with webhook claims in flight ($IN_FLIGHT)"
wait_until 1200 hooks_drained
hook_figures 2
echo "# webhooks, kill -9: delivered $DELIVERED, copies $COPIES, duplicates $((COPIES - DELIVERED)), lost $LOST, in flight $IN_FLIGHT"
[ "$DELIVERED" -eq $N ]
ok $? "all $N webhook deliveries posted after the kill, none lost"
[ $((COPIES - DELIVERED)) -le "$IN_FLIGHT" ]
ok $? "duplicates ($((COPIES - DELIVERED))) at most the dead daemon's in flight ($IN_FLIGHT)"
EARLY=0 LATE=0
while read -r id until; do
	r=$(q "SELECT CASE WHEN at >= $until AND claimant LIKE 'gw-b:%' THEN 1 ELSE 0 END FROM webhook_attempts
		WHERE delivery_id = $id ORDER BY id DESC LIMIT 1")
	if [ "$r" = 1 ]; then LATE=$((LATE + 1)); else EARLY=$((EARLY + 1)); fi
done < "$SCRATCH/held"
echo "# of gw-a's $IN_FLIGHT webhook claims, gw-b posted $LATE after their lease, $EARLY otherwise"
[ "$LATE" -eq "$IN_FLIGHT" ] && [ "$EARLY" -eq 0 ]
ok $? "gw-b took over all $IN_FLIGHT of the dead daemon's webhook claims, each after its lease ($EARLY before)"
stop_both
finish
