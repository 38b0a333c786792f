#!/bin/sh
# End-to-end: service sessions on the three shipped channels (counter,
# hotline1169, chat) through the installed cksctl.  Opens sessions at fixed
# times, walks their steps by id and by number, and checks each step's
# measured duration and timing verdict against the channel's standard
# (plugins/README.md), the close, the listing, and that every refused
# command leaves the store as it was.
. "$CKS_SRCDIR/tests/e2e/lib.sh"

# Tests that leave out --agent must not pick it up from the environment.
unset CKSGATE_AGENT

plan 81

DAY=2026-11-28
SUMMARY='แนะนำตลาดญี่ปุ่น ส่งข้อมูลทางอีเมลแล้ว'

# step_is DESCRIPTION NUMBER DURATION TIMING: in the last session JSON, the
# step with this 1-based NUMBER has duration_seconds DURATION (None if not
# measured) and timing TIMING.
step_is() {
	got=$(json "'%s|%s' % (d['steps'][$2 - 1]['duration_seconds'], d['steps'][$2 - 1]['timing'])")
	[ "$got" = "$3|$4" ]
	ok $? "$1 (got $got, want $3|$4)"
}

# json_is DESCRIPTION EXPR WANT: the last JSON output's EXPR prints WANT.
json_is() {
	got=$(json "$2")
	[ "$RC" -eq 0 ] && [ "$got" = "$3" ]
	ok $? "$1 (got '$got', want '$3')"
}

# step_ok DESCRIPTION ARGS...: `session step ARGS` succeeds.
step_ok() {
	what=$1
	shift
	expect_rc 0 "$what" --json session step "$@"
}

# snapshot FILE SESSION: keeps the session's JSON in FILE.
snapshot() {
	cks --json session show "$2"
	cp "$SCRATCH/out" "$1"
}

# unchanged DESCRIPTION FILE SESSION: the session's JSON is byte-identical
# to the snapshot in FILE.
unchanged() {
	cks --json session show "$3"
	[ "$RC" -eq 0 ] && [ -s "$2" ] && cmp -s "$2" "$SCRATCH/out"
	ok $? "$1"
}

# session_ids ARGS...: the ids `session list --json ARGS` prints, in order.
session_ids() {
	cks --json session list "$@"
	json "[s['id'] for s in d['sessions']]"
}

cks --json client add --name 'สมชาย ใจดี' --company 'บริษัท ส่งออกไทย จำกัด' \
	--level ready
CID=$(json "d['id']")
[ "$RC" -eq 0 ] && [ -n "$CID" ]
ok $? "a client to serve is added (id $CID)"

# --- counter, session 1: opened with a Buddhist-Era time ---------------------
cks --json session open --channel counter --client "$CID" --agent 'นก' \
	--at 2569-11-28T10:00
S1=$(json "d['id']")
json_is "session open on counter prints the new session's id" \
	"isinstance(d['id'], int) and d['id'] > 0" True
json_is "--at 2569-11-28T10:00 (Buddhist Era) opens at 2026-11-28T10:00 Bangkok time" \
	"d['opened']" "2026-11-28T10:00:00+07:00"
json_is "the new session is open, on counter, for the client, with the agent" \
	"'%s %s %s %s' % (d['state'], d['channel'], d['client']['id'], d['closed'])" \
	"open counter $CID None"
json_is "the agent's Thai name is kept" "d['agent']" 'นก'
json_is "the session takes the client's level" "d['level']" ready
json_is "all 8 counter steps are listed, none started" \
	"[s['timing'] for s in d['steps']] == ['not started'] * 8" True

step_ok "greet starts (step by id)" "$S1" greet start --at "${DAY}T10:00:00"
json_is "a started step is running, with its start time and no duration" \
	"'%s|%s|%s' % (d['steps'][0]['timing'], d['steps'][0]['started'], d['steps'][0]['duration_seconds'])" \
	"running|2026-11-28T10:00:00+07:00|None"
step_ok "greet is done (time given in the Buddhist Era)" "$S1" greet 'done' \
	--at 2569-11-28T10:00:25
step_is "greet took 25 s: within its 30 s" 1 25 within
step_ok "step 2 starts (step by number)" "$S1" 2 start --at "${DAY}T10:01:00"
json_is "step 2 is preliminary_questions, started at 10:01" \
	"'%s %s' % (d['steps'][1]['id'], d['steps'][1]['started'])" \
	"preliminary_questions 2026-11-28T10:01:00+07:00"
step_ok "step 2 is done (by number)" "$S1" 2 'done' --at "${DAY}T10:05:00"
step_is "preliminary_questions took 4 min: under its 5-20 min" 2 240 under
step_ok "client_check starts" "$S1" client_check start --at "${DAY}T10:06:00"
step_ok "client_check is done" "$S1" 5 'done' --at "${DAY}T10:08:00"
step_is "client_check is measured but not counted (outside the agent's control)" \
	5 120 "not counted"
step_ok "in_depth_advice starts" "$S1" in_depth_advice start --at "${DAY}T10:10:00"
cks --json session show "$S1"
step_is "in_depth_advice, started and not done, is running" 3 None running
step_is "prepare_documents, never started, is not started" 4 None "not started"
cks session show "$S1"
[ "$RC" -eq 0 ] && grep -Eq '^# +STEP +ACTOR +STANDARD +MEASURED +TIMING$' "$SCRATCH/out"
ok $? "session show prints a steps table with STANDARD, MEASURED and TIMING"
grep -Eq '^1 +greet +agent +up to 30 s +25 s +within$' "$SCRATCH/out"
ok $? "the table shows greet: up to 30 s, 25 s, within"
grep -Eq '^2 +preliminary_questions +agent +5-20 min +4 min 00 s +under$' "$SCRATCH/out"
ok $? "the table shows preliminary_questions: 5-20 min, 4 min 00 s, under"
grep -Eq '^3 +in_depth_advice +agent +10-140 min +- +running$' "$SCRATCH/out"
ok $? "the table shows in_depth_advice running, not yet measured"

# --- counter, session 2 --------------------------------------------------------
cks --json session open --channel counter --client "$CID" --agent 'นก' \
	--at "${DAY}T11:00"
S2=$(json "d['id']")
json_is "a second counter session gets a new id" "d['id'] > $S1" True
step_ok "greet starts" "$S2" greet start --at "${DAY}T11:00:00"
step_ok "greet is done" "$S2" greet 'done' --at "${DAY}T11:00:35"
step_is "greet took 35 s: over its 30 s" 1 35 over
step_ok "preliminary_questions starts" "$S2" preliminary_questions start --at "${DAY}T11:01:00"
step_ok "preliminary_questions is done" "$S2" preliminary_questions 'done' --at "${DAY}T11:10:00"
step_is "preliminary_questions took 9 min: within its 5-20 min" 2 540 within
cks session show "$S2"
[ "$RC" -eq 0 ] && grep -Eq '^1 +greet +agent +up to 30 s +35 s +over$' "$SCRATCH/out"
ok $? "the table shows greet: 35 s, over"

# --- hotline 1169, session 3: no standard times --------------------------------
cks --json session open --channel hotline1169 --client "$CID" --agent 'นก' \
	--at "${DAY}T13:00"
S3=$(json "d['id']")
json_is "session open on hotline1169 lists its 8 steps" \
	"'%s %s' % (d['channel'], len(d['steps']))" "hotline1169 8"
step_ok "welcome starts" "$S3" welcome start --at "${DAY}T13:00:00"
step_ok "welcome is done" "$S3" 1 'done' --at "${DAY}T13:00:40"
step_is "hotline agent step welcome: measured, no standard" 1 40 "no standard"
step_ok "client_asks starts" "$S3" client_asks start --at "${DAY}T13:00:40"
step_ok "client_asks is done" "$S3" client_asks 'done' --at "${DAY}T13:02:00"
step_is "hotline client step client_asks: measured, not counted" 2 80 "not counted"
step_is "hotline classify, never started, is not started" 3 None "not started"

# --- chat, session 4 ---------------------------------------------------------
cks --json session open --channel chat --client "$CID" --agent 'แก้ว' \
	--at "${DAY}T14:00"
S4=$(json "d['id']")
json_is "session open on chat lists its 9 steps" \
	"'%s %s' % (d['channel'], len(d['steps']))" "chat 9"
step_ok "welcome starts" "$S4" welcome start --at "${DAY}T14:00:00"
step_ok "welcome is done" "$S4" welcome 'done' --at "${DAY}T14:00:10"
step_is "chat agent step welcome: measured, no standard" 1 10 "no standard"
step_ok "client_asks (step 3) starts" "$S4" 3 start --at "${DAY}T14:01:00"
step_ok "client_asks (step 3) is done" "$S4" 3 'done' --at "${DAY}T14:03:00"
step_is "chat client step client_asks: measured, not counted" 3 120 "not counted"

# --- refused opens --------------------------------------------------------------
expect_error 1 "unknown channel 'fax' \\(loaded: chat, counter, hotline1169\\)" \
	"an unknown channel is refused, listing the loaded channels" \
	session open --channel fax --client "$CID" --agent 'นก' --at "${DAY}T15:00"
expect_error 1 '^cksctl: no client with id 999$' "an unknown client is refused" \
	session open --channel counter --client 999 --agent 'นก' --at "${DAY}T15:00"

# --- refused steps leave session 1 as it was ---------------------------------------
snapshot "$SCRATCH/s1.json" "$S1"
expect_error 1 "channel 'counter' has no step 'dance'" "an unknown step is refused" \
	session step "$S1" dance start --at "${DAY}T10:20"
expect_error 1 "'client_asks' belongs to channel '(chat|hotline1169)'" \
	"a hotline/chat step on a counter session says which channel it belongs to" \
	session step "$S1" client_asks start --at "${DAY}T10:20"
expect_error 1 "'greet' belongs to channel 'counter'" \
	"a counter step on a hotline session says it belongs to counter" \
	session step "$S3" greet start --at "${DAY}T13:20"
expect_error 1 "prepare_documents' of session $S1 was never started" \
	"done before start is refused" \
	session step "$S1" prepare_documents 'done' --at "${DAY}T10:20"
expect_error 1 "'greet' of session $S1 was already started" \
	"starting a step twice is refused" \
	session step "$S1" greet start --at "${DAY}T10:20"
expect_error 1 "'greet' of session $S1 was already done" \
	"finishing a step twice is refused" \
	session step "$S1" greet 'done' --at "${DAY}T10:20"
expect_error 1 "cannot finish before it started" \
	"a done time before the start time is refused" \
	session step "$S1" in_depth_advice 'done' --at "${DAY}T10:09"
expect_error 1 "cannot start before session $S1 opened" \
	"a start before the session opened is refused" \
	session step "$S1" prepare_documents start --at "${DAY}T09:59"
expect_error 1 "has no step '0'" "step number 0 is refused" \
	session step "$S1" 0 start --at "${DAY}T10:20"
expect_error 1 "has no step '99'" "step number 99 is refused" \
	session step "$S1" 99 start --at "${DAY}T10:20"
unchanged "after the refused steps session $S1's JSON is byte-identical" \
	"$SCRATCH/s1.json" "$S1"

# --- usage errors -----------------------------------------------------------------
expect_error 2 '--agent are required' "session open without --agent is a usage error" \
	session open --channel counter --client "$CID" --at "${DAY}T15:00"
expect_error 2 "must be 'start' or 'done', not 'finish'" \
	"an event other than start or done is a usage error" \
	session step "$S1" prepare_documents finish --at "${DAY}T10:20"
expect_error 2 "SESSION must be a positive number, not 'abc'" \
	"a SESSION that is not a number is a usage error" \
	session step abc greet start --at "${DAY}T10:20"
expect_error 2 "--at: 'yesterday' is not a date" \
	"session open --at yesterday is a usage error" \
	session open --channel counter --client "$CID" --agent 'นก' --at yesterday
expect_error 2 "--at: 'yesterday' is not a date" \
	"session step --at yesterday is a usage error" \
	session step "$S1" prepare_documents start --at yesterday
unchanged "after the usage errors session $S1's JSON is byte-identical" \
	"$SCRATCH/s1.json" "$S1"

# --- close -------------------------------------------------------------------------
expect_rc 0 "session close with --summary and --level" \
	session close "$S4" --summary "$SUMMARY" --level advanced --at "${DAY}T14:30"
cks --json session show "$S4"
json_is "the closed session shows state closed and its close time" \
	"'%s %s' % (d['state'], d['closed'])" "closed 2026-11-28T14:30:00+07:00"
json_is "the closed session keeps the Thai summary" "d['summary']" "$SUMMARY"
json_is "--level at close replaces the session's level" "d['level']" advanced
snapshot "$SCRATCH/s4.json" "$S4"
expect_error 1 "session $S4 is closed" "a step on a closed session is refused" \
	session step "$S4" thank start --at "${DAY}T14:40"
expect_error 1 "session $S4 is already closed" "closing a session twice is refused" \
	session close "$S4" --summary 'อีกครั้ง' --level low --at "${DAY}T14:45"
unchanged "after the refused step and close session $S4's JSON is byte-identical" \
	"$SCRATCH/s4.json" "$S4"

# --- close refusals that protect the data ------------------------------------------
expect_error 1 "step 'in_depth_advice' of session $S1 is still running" \
	"closing with a step still running is refused" \
	session close "$S1" --summary done --at "${DAY}T16:00"
expect_error 1 "not valid UTF-8" "a summary that is not UTF-8 is refused" \
	session close "$S3" --summary "$(printf 'bad \377')" --at "${DAY}T16:00"
cks --json session show "$S3"
[ "$(json "d['state']")" = open ]
ok $? "the refused closes left session $S3 open"

# --- list ----------------------------------------------------------------------------
[ "$(session_ids)" = "[$S4, $S3, $S2, $S1]" ]
ok $? "session list --json lists the 4 sessions, newest first (the refused opens added none)"
[ "$(session_ids --channel chat)" = "[$S4]" ]
ok $? "session list --channel chat lists only the chat session"
[ "$(session_ids --open)" = "[$S3, $S2, $S1]" ]
ok $? "session list --open leaves out the closed session"
[ "$(session_ids --channel counter --open)" = "[$S2, $S1]" ]
ok $? "session list --channel counter --open combines both filters"

finish
