#!/bin/sh
# End-to-end: bulk retry and cancel of the queue (issue 12 point 6), with
# cksctl and then through the HTTP API of the running daemon.  A real SMTP
# server on 127.0.0.1 (tests/servers/smtp_server.py) defers and refuses
# the messages to set the scene, as a broken relay would; each bulk
# operation's count is checked, and every message it should not touch is
# checked to be in the state it was.
. "$CKS_SRCDIR/tests/e2e/lib.sh"
. "$CKS_SRCDIR/tests/e2e/daemon.sh"

plan 37

PY=/usr/bin/python3
TEMPLATES=$(dirname "$(find "$CKS_STAGE" -name basket.th.txt | head -1)")
SRV=$SCRATCH/srv

trap 'daemon_kill; server_stop; rm -rf "$SCRATCH"' EXIT

# The relay's answers, one a message in the order they are sent: five
# deferred, three refused, one accepted; past the list it accepts.
mkdir -p "$SRV/mail"
echo '["451", "451", "451", "451", "451", "550", "550", "550", "ok"]' \
	> "$SRV/script.json"
smtp_server_start "$SRV" || exit 1
SMTP_PORT=$PORT

cat > "$CONF" <<CONF
$CKS_DB_LINE
# written by $TEST_NAME
state_dir = $SCRATCH/state
plugin_dir = $CKS_PLUGINDIR
template_dir = $TEMPLATES
mail.from = desk@ditp.example.invalid
mail.reply_address = survey@reply.example.invalid
smtp.host = 127.0.0.1
smtp.port = $SMTP_PORT
smtp.starttls = off
smtp.connect_timeout = 2s
smtp.command_timeout = 5s
smtp.workers = 1
queue.retry_schedule = 1h
CONF
daemon_config
sed -i 's/^queue.interval = .*/queue.interval = 1h/' "$CONF"

# queued EMAIL: a confirmed basket to a new client at EMAIL, sent onto the
# queue; prints its queue id.
queued() {
	"$CKSCTL" -c "$CONF" --json client add --name "ลูกค้า $1" --email "$1" \
	    --lang th > "$SCRATCH/out" 2> "$SCRATCH/err" || return 1
	c=$(json 'd["id"]')
	"$CKSCTL" -c "$CONF" --json session open --channel counter --client "$c" \
	    --agent Napa > "$SCRATCH/out" 2> "$SCRATCH/err" || return 1
	s=$(json 'd["id"]')
	"$CKSCTL" -c "$CONF" basket add "$s" --title "ตลาดทุเรียนจีน" \
	    --url https://example.invalid/kb/1 > /dev/null 2>&1 &&
		"$CKSCTL" -c "$CONF" basket confirm "$s" > /dev/null 2>&1 &&
		"$CKSCTL" -c "$CONF" --json basket send "$s" > "$SCRATCH/out" \
		    2> "$SCRATCH/err" && json 'd["id"]'
}
# attempted EMAIL: queued, then one queue run: the relay's next answer.
attempted() {
	q=$(queued "$1") && "$CKSCTL" -c "$CONF" queue run > /dev/null 2>&1 &&
		echo "$q"
}
# states: "ID STATE" of every message, in id order, one a line.
states() {
	"$CKSCTL" -c "$CONF" --json queue list --limit 1000 | $PY -c '
import json, sys
for m in sorted(json.load(sys.stdin)["messages"], key=lambda m: m["id"]):
    print(m["id"], m["state"])'
}
# states_are DESCRIPTION "ID STATE"...: the whole queue is exactly so.
states_are() {
	what=$1
	shift
	got=$(states)
	want=$(printf '%s\n' "$@")
	[ "$got" = "$want" ]
	ok $? "$what"
	[ "$got" = "$want" ] ||
		printf '%s\n' "got:" "$got" "want:" "$want" | sed 's/^/#   /'
}

# --- the scene: a relay that was broken ----------------------------------------
M1=$(attempted a@example.com)
M2=$(attempted b@badexample.com)
M3=$(attempted c@mail.example.com)
M4=$(attempted d@Example.COM)
M5=$(attempted e@other.org)
M6=$(attempted f@example.com)
# The desk's clock (its timezone, Asia/Bangkok, whatever TZ is) between the
# refusals, to the second and written in the Buddhist Era as the desk
# writes it: M6 was refused in an earlier second than it (the clock is
# polled until its second turns, not slept past), M7 and M8 after.
T6=$(date +%s)
wait_until 30 eval '[ "$(date +%s)" -gt "$T6" ]'
SINCE="$(($(TZ=Asia/Bangkok date +%Y) + 543))-$(TZ=Asia/Bangkok date '+%m-%d %H:%M:%S')"
M7=$(attempted g@example.com)
M8=$(attempted h@other.org)
M9=$(attempted i@example.com)
M10=$(queued j@example.com)
[ "$M1 $M10" = "1 10" ]
ok $? "ten messages queued ($M1 .. $M10), failed since $SINCE"
BEFORE="1 deferred|2 deferred|3 deferred|4 deferred|5 deferred|6 failed|7 failed|8 failed|9 sent|10 queued"
# shellcheck disable=SC2086
IFS='|'; set -- $BEFORE; unset IFS
states_are "the relay deferred five, refused three, took one; one waits" "$@"

# --- cksctl: refusals change nothing --------------------------------------------
expect_error 2 'queue retry: no messages selected: give --all-deferred, --failed-since TIME or --to DOMAIN' \
	"retry with an option but no selector is a usage error" queue retry --
expect_error 2 'queue retry: --to: the domain is empty' \
	"an empty --to is a usage error naming it" queue retry --to ''
expect_error 2 'queue retry: --to: the domain holds a line break' \
	"a --to with CR LF is a usage error naming it" queue retry --all-deferred \
	--to "$(printf 'example.com\r\nX: 1')"
expect_error 2 'queue cancel: --to: give the domain alone' \
	"an address as --to is a usage error" queue cancel --to a@example.com
expect_error 2 'queue retry: --failed-since' \
	"a --failed-since that is not a time is a usage error naming it" \
	queue retry --failed-since yesterday
expect_error 2 'queue cancel: --failed-since does not apply' \
	"cancel --failed-since is a usage error: failed mail is not going out" \
	queue cancel --failed-since "$SINCE"
expect_error 2 "unexpected argument '7'" \
	"selectors and an ID together are a usage error" queue retry --all-deferred 7
IFS='|'; set -- $BEFORE; unset IFS
states_are "after the refusals, every message is as it was" "$@"

# --- cksctl: retry --------------------------------------------------------------
cks queue retry --all-deferred --to example.com
[ "$RC" -eq 0 ] && [ "$(cat "$SCRATCH/out")" = "retried 2 messages" ]
ok $? "retry --all-deferred --to example.com: retried 2 messages"
states_are "the deferred ones to example.com and Example.COM, not badexample.com, mail.example.com or other.org" \
	"1 queued" "2 deferred" "3 deferred" "4 queued" "5 deferred" "6 failed" \
	"7 failed" "8 failed" "9 sent" "10 queued"
cks --json queue retry --failed-since "$SINCE"
[ "$RC" -eq 0 ] && [ "$(json 'd')" = "{'retried': 2}" ]
ok $? "retry --failed-since '$SINCE' (Buddhist Era, local time) --json: {\"retried\": 2}"
states_are "the two refused after it, not the one refused before" \
	"1 queued" "2 deferred" "3 deferred" "4 queued" "5 deferred" "6 failed" \
	"7 queued" "8 queued" "9 sent" "10 queued"
cks --json queue show "$M7"
[ "$(json 'd["attempts"]')" = 1 ] && [ "$(json 'd["history"][0]["code"]')" = 550 ]
ok $? "a retried message keeps its attempt"

# --- cksctl: cancel -------------------------------------------------------------
cks queue cancel --to EXAMPLE.com
[ "$RC" -eq 0 ] && [ "$(cat "$SCRATCH/out")" = "cancelled 4 messages" ]
ok $? "cancel --to EXAMPLE.com: cancelled 4 messages"
states_are "the queued ones to example.com; never the sent or the failed one" \
	"1 cancelled" "2 deferred" "3 deferred" "4 cancelled" "5 deferred" \
	"6 failed" "7 cancelled" "8 queued" "9 sent" "10 cancelled"
cks queue cancel --to example.com
[ "$RC" -eq 0 ] && [ "$(cat "$SCRATCH/out")" = "cancelled 0 messages" ]
ok $? "again: nothing left to cancel is 0, not an error"

# --- the API ------------------------------------------------------------------------
cks queue run
[ "$RC" -eq 0 ] && grep -q '^sent 1, deferred 0, failed 0' "$SCRATCH/out"
ok $? "the relay fixed, a queue run sends the one retried and not cancelled"
daemon_start
ok $? "the daemon serves HTTP"
# error_names STATUS FIELD DESCRIPTION METHOD PATH [JSON]: refused with
# STATUS, naming FIELD ("None": no field).
error_names() {
	want=$1 field=$2 what=$3
	shift 3
	api "$@"
	[ "$STATUS" = "$want" ] &&
		[ "$(json 'd["error"].get("field")' 2>/dev/null)" = "$field" ]
	ok $? "$what (HTTP $STATUS, want $want naming $field)"
}
expect_status 403 "a viewer may not retry the queue" POST /v1/queue/retry \
	'{"all_deferred": true}' "$TOKEN_VIEWER"
error_names 400 None "no selector is refused, not taken as everything" \
	POST /v1/queue/retry '{}'
grep -q 'no messages selected' "$SCRATCH/out"
ok $? "and says so"
error_names 400 to "a to with CR LF" POST /v1/queue/retry \
	'{"all_deferred": true, "to": "example.com\r\nX: 1"}'
error_names 400 to "an empty to" POST /v1/queue/cancel '{"to": ""}'
error_names 400 failed_since "a failed_since that is not a time" \
	POST /v1/queue/retry '{"failed_since": "yesterday"}'
error_names 400 all_deferred "all_deferred that is not true or false" \
	POST /v1/queue/retry '{"all_deferred": "yes"}'
error_names 400 domain "an unknown field" POST /v1/queue/retry \
	'{"domain": "example.com"}'
error_names 400 failed_since "failed_since on cancel" POST /v1/queue/cancel \
	"{\"failed_since\": \"$SINCE\"}"
states_are "after the refusals, every message is as it was" \
	"1 cancelled" "2 deferred" "3 deferred" "4 cancelled" "5 deferred" \
	"6 failed" "7 cancelled" "8 sent" "9 sent" "10 cancelled"

expect_status 200 "POST /v1/queue/retry with all_deferred and to" \
	POST /v1/queue/retry '{"all_deferred": true, "to": "BadExample.com"}'
[ "$(json 'd')" = "{'retried': 1}" ]
ok $? "answers {\"retried\": 1}"
# The retry wakes delivery, and the relay takes it.  Up to 10 s, as a
# poll, not a measure.
i=0
while [ "$(states | grep -c ' sent$')" -lt 3 ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
states_are "the one deferred to badexample.com is sent; the others deferred still" \
	"1 cancelled" "2 sent" "3 deferred" "4 cancelled" "5 deferred" \
	"6 failed" "7 cancelled" "8 sent" "9 sent" "10 cancelled"
expect_status 200 "POST /v1/queue/cancel with all_deferred" \
	POST /v1/queue/cancel '{"all_deferred": true}'
[ "$(json 'd')" = "{'cancelled': 2}" ]
ok $? "answers {\"cancelled\": 2}"
states_are "the deferred ones are cancelled; the sent and the failed one are not" \
	"1 cancelled" "2 sent" "3 cancelled" "4 cancelled" "5 cancelled" \
	"6 failed" "7 cancelled" "8 sent" "9 sent" "10 cancelled"

daemon_stop && [ "$DAEMON_RC" -eq 0 ]
ok $? "the daemon stops cleanly on SIGTERM"
if [ "$TEST_FAILED" -ne 0 ]; then sed 's/^/#   daemon: /' "$SCRATCH/daemon.log" | tail -30; fi
finish
