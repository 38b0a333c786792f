#!/bin/sh
# End-to-end: `survey send --closed-on DAY` and `--closed-from/--closed-to`
# (issue 18), the invitations of every session closed in a period: only
# the sessions closed then (the desk's Bangkok days whatever TZ says) and
# not invited yet; an opted-out client and one with no address are named
# and skipped, the rest queued; a second run queues nothing twice; a dry
# run queues nothing; a bad period is a usage error.
. "$CKS_SRCDIR/tests/e2e/lib.sh"

plan 26

TEMPLATES=$(dirname "$CKS_BINDIR")/share/cksgate/templates
[ -f "$TEMPLATES/survey.th.txt" ] ||
	TEMPLATES=$(dirname "$(find "$CKS_STAGE" -name survey.th.txt | head -1)")
cat > "$CONF" <<CONF
$CKS_DB_LINE
# written by $TEST_NAME
state_dir = $SCRATCH/state
plugin_dir = $CKS_PLUGINDIR
template_dir = $TEMPLATES
mail.from = ditp@example.invalid
mail.reply_address = survey@reply.example.invalid
CONF

new_id() {
	"$CKSCTL" -c "$CONF" --json "$@" | /usr/bin/python3 -c \
	    'import json, sys; print(json.load(sys.stdin)["id"])'
}
# closed CLIENT CLOSED-AT: a counter session closed then; prints its id.
closed() {
	sid=$(new_id session open --channel counter --client "$1" --agent 'นภา' \
	    --at 2026-11-20T09:00)
	"$CKSCTL" -c "$CONF" session close "$sid" --summary 'ให้ข้อมูลแล้ว' \
	    --at "$2" > /dev/null && echo "$sid"
}
invited() {  # invited SESSION: 1 when it has an invitation, else 0
	store_sql "SELECT count(*) FROM survey_invitations WHERE session_id = $1"
}
queued() { store_sql "SELECT count(*) FROM messages"; }

CA=$(new_id client add --name 'สมชาย ใจดี' --email somchai@example.co.th --lang th)
CB=$(new_id client add --name 'John Smith' --email john@example.invalid --lang en)
CC=$(new_id client add --name 'นิด ไม่รับ' --email nid@example.invalid)
CD=$(new_id client add --name 'ไม่มีที่อยู่')
"$CKSCTL" -c "$CONF" client opt-out "$CC" > /dev/null

# On 27 November 2026, Bangkok time: S1 S2 S3 S4; S7 invited one by one
# before; around it S5 (the next midnight) and S6 (a second before).
S1=$(closed "$CA" 2026-11-27T09:00)
S2=$(closed "$CB" 2026-11-27T23:59:59)
S3=$(closed "$CC" 2026-11-27T12:00)
S4=$(closed "$CD" 2026-11-27T13:00)
S5=$(closed "$CA" 2026-11-28T00:00)
S6=$(closed "$CB" 2026-11-26T23:59:59)
S7=$(closed "$CB" 2026-11-27T10:00)
SOPEN=$(new_id session open --channel counter --client "$CA" --agent 'นภา' \
    --at 2026-11-27T08:00)
"$CKSCTL" -c "$CONF" survey send "$S7" > /dev/null
[ -n "$S1" ] && [ -n "$S7" ] && [ -n "$SOPEN" ] && [ "$(queued)" = 1 ]
ok $? "eight sessions, one invited by hand ($S1 .. $S7, open $SOPEN)"

cks survey send --closed-on 2026-11-27 --dry-run
[ "$RC" -eq 0 ] && grep -q "^4 sessions closed from 2026-11-27T00:00:00+07:00 to 2026-11-28T00:00:00+07:00 without an invitation (dry run: none queued)" "$SCRATCH/out" &&
	[ "$(queued)" = 1 ]
ok $? "a dry run counts the four uninvited sessions of the day and queues nothing"

cks survey send --closed-on 2026-11-27
[ "$RC" -eq 0 ] && grep -q "without an invitation: 2 queued, 2 skipped$" "$SCRATCH/out"
ok $? "the day's run queues two and skips two"
grep -q "^session $S3 skipped: .*opted out" "$SCRATCH/out"
ok $? "the opted-out client's session is named with the reason"
grep -q "^session $S4 skipped: .*no email address" "$SCRATCH/out"
ok $? "the session of a client with no address is named with the reason"
[ "$(invited "$S1")$(invited "$S2")" = 11 ]
ok $? "the sessions closed at 09:00 and 23:59:59 that day are invited"
[ "$(invited "$S3")$(invited "$S4")$(invited "$S5")$(invited "$S6")$(invited "$SOPEN")" = 00000 ]
ok $? "skipped, next-day, previous-day and open sessions are not"
[ "$(store_sql "SELECT count(*) FROM messages WHERE session_id = $S7")" = 1 ]
ok $? "the session invited by hand got no second invitation"
[ "$(store_sql "SELECT count(*) FROM messages WHERE kind = 'survey' AND state = 'queued' AND session_id IN ($S1, $S2) AND subject LIKE '%[CKS-%]'")" = 2 ]
ok $? "each invitation is queued with its token tag"

cks --json survey send --closed-on 2026-11-27
[ "$RC" -eq 0 ] && [ "$(json 'd["found"], d["queued"], d["skipped"], sorted(s["session"] for s in d["skipped_sessions"]), d["dry_run"]')" = "(2, 0, 2, [$S3, $S4], False)" ] &&
	[ "$(queued)" = 3 ]
ok $? "a second run finds only the two refused sessions and queues nothing twice"

cks --json survey send --closed-from 2026-11-28 --closed-to '2026-11-28 00:00:01'
[ "$RC" -eq 0 ] && [ "$(json 'd["found"], d["queued"], d["closed_from"], d["closed_to"]')" = "(1, 1, '2026-11-28T00:00:00+07:00', '2026-11-28T00:00:01+07:00')" ] &&
	[ "$(invited "$S5")" = 1 ]
ok $? "--closed-from/--closed-to take times: the session closed at midnight"

# The desk's day whatever TZ the shell has (a Buddhist Era year too).
TZ=America/New_York "$CKSCTL" -c "$CONF" --json survey send --closed-on 2569-11-26 --dry-run > "$SCRATCH/out" 2> "$SCRATCH/err"
[ "$(json 'd["found"], d["closed_from"]')" = "(1, '2026-11-26T00:00:00+07:00')" ]
ok $? "--closed-on is a Bangkok day under TZ=America/New_York (Buddhist Era year)"

expect_rc 0 "the same run without --dry-run" survey send --closed-on 2026-11-26
[ "$(invited "$S6")" = 1 ] && [ "$(queued)" = 5 ]
ok $? "it invites the session closed a second before the 27th"

expect_error 2 "--closed-on takes a date" "--closed-on with a time is a usage error" \
	survey send --closed-on 2026-11-27T10:00
expect_error 2 "--closed-from and --closed-to go together" \
	"--closed-from alone is a usage error" survey send --closed-from 2026-11-27
expect_error 2 "--closed-to must come after --closed-from" \
	"a reversed period is a usage error" \
	survey send --closed-from 2026-11-28 --closed-to 2026-11-27
expect_error 2 "a period takes no SESSION" "a period and a SESSION is a usage error" \
	survey send "$S3" --closed-on 2026-11-27
expect_error 2 "--dry-run goes with a period" "--dry-run for one session is a usage error" \
	survey send "$S3" --dry-run
expect_error 2 "--closed-to" "a malformed --closed-to is a usage error naming it" \
	survey send --closed-from 2026-11-27 --closed-to yesterday

# More sessions than a page (128), all closed at the same instant: every
# one is invited once, across the pages.
store_sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
  INSERT INTO sessions (channel, client_id, agent, agent_id, opened_at, closed_at, level, summary)
  SELECT channel, client_id, agent, agent_id, opened_at, closed_at - 2 * 86400000, level, summary
  FROM sessions, n WHERE id = $S1" > /dev/null
cks --json survey send --closed-on 2026-11-25
[ "$RC" -eq 0 ] && [ "$(json 'd["found"], d["queued"], d["skipped"]')" = "(300, 300, 0)" ]
ok $? "300 sessions closed at one instant: 300 queued"
[ "$(store_sql "SELECT count(DISTINCT i.session_id) FROM survey_invitations i JOIN sessions s ON s.id = i.session_id WHERE s.closed_at = (SELECT closed_at - 2 * 86400000 FROM sessions WHERE id = $S1)")" = 300 ] &&
	[ "$(queued)" = 305 ]
ok $? "each of them has one invitation, and one message each"
expect_rc 0 "a second run over them" survey send --closed-on 2026-11-25
grep -q "^0 sessions closed .*: 0 queued, 0 skipped$" "$SCRATCH/out" && [ "$(queued)" = 305 ]
ok $? "finds none left to invite"

# What went on the queue goes out: the spool gets the five invitations.
expect_rc 0 "queue run delivers them into the spool" queue run
[ "$(ls "$SCRATCH/state/spool" | wc -l)" = 305 ]
ok $? "305 invitations in the spool"
finish
