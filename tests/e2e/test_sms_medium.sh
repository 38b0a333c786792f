#!/bin/sh
# Which medium a survey invitation takes (survey.medium, issue 17), and
# how `cksctl queue run` sends SMS to a sendsms URL, without Kannel: a
# scripted HTTP receiver (tests/servers/http_receiver.py) on 127.0.0.1
# answers as smsbox would (202, 403, 503), and a port nobody listens on
# stands for smsbox down.
. "$CKS_SRCDIR/tests/e2e/lib.sh"

plan 24

PY=/usr/bin/python3
TEMPLATES=$(dirname "$(find "$CKS_STAGE" -name survey.th.sms | head -1)")
SMS_PASSWORD=pw-medium-3c1d2e
printf '%s\n' "$SMS_PASSWORD" > "$SCRATCH/sms-password"
chmod 600 "$SCRATCH/sms-password"
RECEIVER_PID=""
trap '[ -z "$RECEIVER_PID" ] || kill "$RECEIVER_PID" 2>/dev/null; rm -rf "$SCRATCH"' EXIT

# receiver_start SCRIPT: http_receiver.py answering SCRIPT ("403,202");
# sets $RECEIVER_PORT.
receiver_start() {
	rm -f "$SCRATCH/rport"
	"$PY" "$CKS_SRCDIR/tests/servers/http_receiver.py" --port-file "$SCRATCH/rport" \
		--log "$SCRATCH/requests" --script "$1" &
	RECEIVER_PID=$!
	wait_for_file "$SCRATCH/rport" 100
	RECEIVER_PORT=$(cat "$SCRATCH/rport")
}
receiver_stop() {
	kill "$RECEIVER_PID"; wait_gone "$RECEIVER_PID" 100; RECEIVER_PID=""
}

# conf MEDIUM [SENDSMS_URL]: the test's config, SMS configured when a URL
# is given.
conf() {
	cat > "$CONF" <<CONF
state_dir = $SCRATCH/state
plugin_dir = $CKS_PLUGINDIR
template_dir = $TEMPLATES
survey.medium = $1
$CKS_DB_LINE
CONF
	[ -z "${2:-}" ] || cat >> "$CONF" <<CONF
sms.sendsms_url = $2
sms.username = cksgate
sms.password_file = $SCRATCH/sms-password
sms.from = 1169
CONF
}

new_id() {
	"$CKSCTL" -c "$CONF" --json "$@" | "$PY" -c \
	    'import json, sys; print(json.load(sys.stdin)["id"])'
}
closed() {
	s=$(new_id session open --channel hotline1169 --client "$1" --agent 'นภา')
	"$CKSCTL" -c "$CONF" session close "$s" --summary done > /dev/null && echo "$s"
}
# media SESSION: the media of the session's queued messages, sorted.
media() {
	store_sql "SELECT medium FROM messages WHERE session_id = $1
	    ORDER BY medium" | paste -sd, -
}

conf email-first
PHONE=$(new_id client add --name 'มานี' --phone 0812345601 --lang th)
BOTH=$(new_id client add --name 'John' --email john@example.invalid --phone 0812345602 --lang en)
NONE=$(new_id client add --name 'Nobody' --lang en)
S1=$(closed "$PHONE")
expect_error 1 "client $PHONE has no email address to send to, and SMS is not configured \(sms.sendsms_url\)" \
	"without SMS a phone-only client is refused, and told why" survey send "$S1"
S0=$(closed "$NONE")
expect_error 1 "client $NONE has no email address to send to, and no phone number" \
	"a client with neither is refused" survey send "$S0"

conf email-first "http://127.0.0.1:9/cgi-bin/sendsms"
expect_rc 0 "with SMS configured the phone-only client's invitation is queued" survey send "$S1"
[ "$(media "$S1")" = sms ]
ok $? "by SMS ($(media "$S1"))"
S2=$(closed "$BOTH")
cks survey send "$S2"
[ "$(media "$S2")" = email ]
ok $? "email-first: a client with both gets mail ($(media "$S2"))"
conf sms-first "http://127.0.0.1:9/cgi-bin/sendsms"
S3=$(closed "$BOTH")
cks survey send "$S3"
[ "$(media "$S3")" = sms ]
ok $? "sms-first: the same client gets an SMS ($(media "$S3"))"
conf both "http://127.0.0.1:9/cgi-bin/sendsms"
S4=$(closed "$BOTH")
cks --json survey send "$S4"
FIRST=$(json "d['id']")
[ "$(media "$S4")" = email,sms ]
ok $? "both: mail and SMS for one session ($(media "$S4"))"
cks --json survey send "$S4"
[ "$(json "d['already_queued'], d['id']")" = "(True, $FIRST)" ] && [ "$(media "$S4")" = email,sms ]
ok $? "sending again queues nothing more"
# A channel's own choice beats survey.medium.
conf email-first "http://127.0.0.1:9/cgi-bin/sendsms"
echo "survey.medium_by_channel = hotline1169:sms-first, chat:email-first" >> "$CONF"
S5=$(closed "$BOTH")
cks survey send "$S5"
S6=$(new_id session open --channel counter --client "$BOTH" --agent 'นภา')
"$CKSCTL" -c "$CONF" session close "$S6" --summary done > /dev/null
cks survey send "$S6"
[ "$(media "$S5")" = sms ] && [ "$(media "$S6")" = email ]
ok $? "survey.medium_by_channel: hotline1169 goes by SMS, counter keeps email-first"
LINE=$(grep -c '' "$CONF")
echo "survey.medium_by_channel = hotline1169:sms-only" >> "$CONF"
expect_error 1 "cksgate.conf:$((LINE + 1)): key 'survey.medium_by_channel': 'hotline1169:sms-only' is not a list like" \
	"a medium that does not exist is refused with file:line and key" client show "$BOTH"
sed -i '$d' "$CONF"
cks --json client show "$BOTH"
ok $RC "the config loads again without the bad line"
cks --json queue list
"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); m=[x for x in d["messages"] if x["medium"]=="sms"]; sys.exit(not (len(m)==4 and all(x["recipient"].startswith("+668") and x["sms_parts"]>=2 and x["dlr"] is None for x in m)))' "$SCRATCH/out"
ok $? "queue list --json has the four SMS with their E.164 recipients and parts"

# --- sending: smsbox down ----------------------------------------------------
cks --json queue run
[ "$RC" -eq 0 ] && [ "$(json "d['deferred'] >= 4")" = True ]
ok $? "with smsbox down the SMS are deferred, nothing failed ($(cat "$SCRATCH/out" | tr -d '\n '))"
cks queue list --state deferred
grep -E " sms .*deferred .*kannel 127.0.0.1:9: " "$SCRATCH/out" > /dev/null
ok $? "queue list says which Kannel could not be reached"

# --- 403: our configuration, nothing failed -------------------------------------
receiver_start 403
conf both "http://127.0.0.1:$RECEIVER_PORT/cgi-bin/sendsms"
store_sql "UPDATE messages SET next_attempt_at = 0 WHERE medium = 'sms'"
expect_error 1 "sms: .*refused the sendsms-user.*until sms.username is fixed" \
	"a 403 from smsbox fails the run naming sms.username" queue run
[ "$(store_sql "SELECT count(*) FROM messages WHERE medium = 'sms' AND state = 'failed'")" = 0 ]
ok $? "and no SMS is marked failed"
[ "$(grep -c '"path"' "$SCRATCH/requests")" = 1 ]
ok $? "the run stopped at the first refusal (one request)"
receiver_stop

# --- 202 with a rate limit -------------------------------------------------------
rm -f "$SCRATCH/requests"
receiver_start ""
conf both "http://127.0.0.1:$RECEIVER_PORT/cgi-bin/sendsms"
echo "sms.rate_per_minute = 2" >> "$CONF"
store_sql "UPDATE messages SET next_attempt_at = 0 WHERE medium = 'sms'"
cks queue run
[ "$RC" -eq 0 ] && grep -q "held back by sms.rate_per_minute" "$SCRATCH/out"
ok $? "sms.rate_per_minute = 2 sends two and says the rest wait ($(cat "$SCRATCH/out"))"
[ "$(store_sql "SELECT count(*) FROM messages WHERE medium = 'sms' AND state = 'sent'")" = 2 ]
ok $? "two SMS are sent"
[ "$(grep -c '"path"' "$SCRATCH/requests")" = 2 ]
ok $? "and smsbox got two requests"
"$PY" - "$SCRATCH/requests" <<'PY'
import json, sys, urllib.parse
for line in open(sys.argv[1]):
    r = json.loads(line)
    q = urllib.parse.parse_qs(urllib.parse.urlsplit(r["path"]).query)
    assert r["method"] == "GET", r
    assert q["username"] == ["cksgate"] and q["from"] == ["1169"], q
    assert q["charset"] == ["UTF-8"] and q["dlr-mask"] == ["31"], q
    assert q["to"][0].startswith("+668"), q
    assert "/v1/sms/dlr?msg=" in q["dlr-url"][0] and q["dlr-url"][0].endswith("&status=%d"), q
    # Thai goes as UCS-2, English as GSM-7.
    want = "2" if any(ord(c) > 0x7f for c in q["text"][0]) else "0"
    assert q["coding"] == [want], (q["coding"], q["text"])
PY
ok $? "each request carries user, sender, E.164 number, charset, coding and a DLR URL"
cks queue list
[ "$(grep -cE " sms .* sent +- +[0-9]+ +scripted reply 200 \([0-9] parts?, (UCS-2|GSM-7)\)" "$SCRATCH/out")" = 2 ]
ok $? "queue list shows the sent SMS with smsbox's answer, its parts and alphabet"
! grep -rq "$SMS_PASSWORD" "$SCRATCH/out" "$SCRATCH/err"
ok $? "the password shows in no output of cksctl"
cks --json queue show "$FIRST"
[ "$(json "d['medium']")" = email ]
ok $? "the invitation's printed id is the mail's when it went both ways"
receiver_stop
finish
