#!/bin/sh
# SMS invitations through a real Kannel (issue 17): a private bearerbox and
# smsbox on 127.0.0.1, with Kannel's own test SMSC (fakesmsc, from
# kannel-extras) connected as an smsc of type fake.  A client with only a
# phone gets the survey invitation: cksgated sends it to smsbox's sendsms,
# bearerbox hands it to fakesmsc (whose output is read back and decoded),
# the fake SMSC's delivery reports come back to the signed /v1/sms/dlr and
# are recorded on the message; then a reply "กด 2" typed into fakesmsc
# reaches POST /v1/sms through Kannel's sms-service post-url and is
# recorded as rating 2; a reply "หยุด" then opts the client out (no survey
# after it).  Every process is stopped by its PID; Kannel is started by
# tests/servers/kannel.sh, which the demo uses too.
. "$CKS_SRCDIR/tests/e2e/lib.sh"
. "$CKS_SRCDIR/tests/e2e/daemon.sh"

. "$CKS_SRCDIR/tests/servers/kannel.sh"
if missing=$(kannel_missing); then
	echo "1..0 # SKIP $missing is missing (.ci/deps installs kannel kannel-extras)"
	exit 0
fi

plan 23

PY=/usr/bin/python3
trap 'kannel_stop; daemon_kill; rm -rf "$SCRATCH"' EXIT

TEMPLATES=$(dirname "$(find "$CKS_STAGE" -name survey.th.sms | head -1)")
daemon_config
SMS_PASSWORD=kannel-pw-5f1e0c9a77
printf '%s\n' "$SMS_PASSWORD" > "$SCRATCH/sms-password"
chmod 600 "$SCRATCH/sms-password"

kannel_setup "$SCRATCH/kannel" cksgate "$SMS_PASSWORD" \
	"http://kannel:$TOKEN_ALICE@127.0.0.1:$API_PORT/v1/sms?from=%p"

cat >> "$CONF" <<CONF
template_dir = $TEMPLATES
sms.sendsms_url = $KANNEL_SENDSMS_URL
sms.username = cksgate
sms.password_file = $SCRATCH/sms-password
sms.from = 1169
CONF

kannel_start
ok $? "bearerbox, smsbox and fakesmsc run on 127.0.0.1 ($KANNEL_BOX_PORT $KANNEL_SMSC_PORT $KANNEL_SENDSMS_PORT)"

daemon_start
ok $? "cksgated runs with SMS through Kannel"

new_id() {
	"$CKSCTL" -c "$CONF" --json "$@" | "$PY" -c \
	    'import json, sys; print(json.load(sys.stdin)["id"])'
}
CID=$(new_id client add --name 'มานี มีนา' --phone 081-234-5678 --lang th)
SID=$(new_id session open --channel hotline1169 --client "$CID" --agent 'นภา')
"$CKSCTL" -c "$CONF" session close "$SID" --summary 'ให้ข้อมูลแล้ว' > /dev/null
cks --json survey send "$SID"
MID=$(json "d['id']")
ok $RC "an SMS-only client's survey is queued (message $MID), not refused for want of an address"

cks --json queue show "$MID"
[ "$(json "d['medium'], d['recipient'], d['kind']")" = "('sms', '+66812345678', 'survey')" ]
ok $? "the message is an SMS survey to +66812345678"
PARTS=$(json "d['sms_parts']")
cks queue show "$MID" --raw
cp "$SCRATCH/out" "$SCRATCH/sms.txt"
: > "$SCRATCH/out"

wait_until 300 kannel_received "${PARTS:-1}"
ok $? "fakesmsc received the invitation ($PARTS parts)"
decoded=$(kannel_decode)
printf '%s' "$decoded" | head -1 | grep -qx "1169 +66812345678 $PARTS"
ok $? "it came from 1169 to +66812345678 in $PARTS parts, as the queue counted ($(printf '%s' "$decoded" | head -1))"
printf '%s' "$decoded" | tail -n +2 > "$SCRATCH/received.txt"
[ -s "$SCRATCH/sms.txt" ] && cmp -s "$SCRATCH/received.txt" "$SCRATCH/sms.txt"
ok $? "the Thai text arrives whole, as queued (UCS-2 through Kannel)"
grep -q 'กด 2 พึงพอใจ' "$SCRATCH/received.txt" && grep -q '/r/' "$SCRATCH/received.txt" &&
	grep -q 'หยุด' "$SCRATCH/received.txt"
ok $? "it lists the answers, a rating link and how to stop"
EXPECT_PARTS=$("$PY" -c '
import sys, math
t = open(sys.argv[1], encoding="utf-8").read()
n = len(t.encode("utf-16-be")) // 2
print(1 if n <= 70 else math.ceil(n / 67))' "$SCRATCH/sms.txt")
[ "$EXPECT_PARTS" = "$PARTS" ]
ok $? "the part count is that of UCS-2 (70, then 67 a part): $PARTS"

dlr_is() {
	"$CKSCTL" -c "$CONF" --json queue show "$MID" > "$SCRATCH/q.json" 2>/dev/null &&
		"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(d["state"] != "sent" or d["dlr"] != sys.argv[2])' \
		"$SCRATCH/q.json" "$1"
}
wait_until 300 dlr_is delivered
ok $? "the fake SMSC's delivery report came back and is recorded: sent, delivered"
cks queue list
grep -E "^$MID +survey +sms .*\+66812345678 +sent +delivered" "$SCRATCH/out" > /dev/null
ok $? "queue list shows the SMS with its medium and delivery report"
api GET /v1/queue
"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); m=[x for x in d["messages"] if x["id"]==int(sys.argv[2])][0]; sys.exit(not (m["medium"]=="sms" and m["dlr"]=="delivered" and "sms.*" in m["message_id"]))' "$SCRATCH/out" "$MID"
ok $? "GET /v1/queue lists it as an SMS, delivered, its token masked"

# A report whose URL we did not sign changes nothing.
STATUS=$(curl -s -o "$SCRATCH/out" -w '%{http_code}' \
	"$API/v1/sms/dlr?msg=$MID&sig=AAAAAAAAAAAAAAAAAAAAAA&status=2")
[ "$STATUS" = 403 ] && dlr_is delivered
ok $? "a forged delivery report is refused (HTTP $STATUS) and the message stays delivered"

# The reply, typed into the phone: "กด 2" as UCS-2 from the client's number.
kannel_reply 0812345678 1169 "กด 2"
rated() {
	api GET "/v1/sessions/$SID/rating"
	[ "$STATUS" = 200 ] && "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); r=d["rating"] or {}; sys.exit(r.get("code") != 2 or r.get("medium") != "sms")' "$SCRATCH/out"
}
wait_until 300 rated
ok $? "the reply 'กด 2' came through Kannel's sms-service and is session $SID's rating 2, by SMS"
grep -q "method=POST path=/v1/sms status=200 agent=alice" "$SCRATCH/daemon.log" &&
	grep -q "method=GET path=/v1/sms/dlr status=200 agent=-" "$SCRATCH/daemon.log"
ok $? "the daemon logged Kannel's POST /v1/sms (as the token's agent) and its DLR GETs"

# STOP from the phone: "หยุด" typed into the phone reaches POST /v1/sms
# through Kannel's sms-service like any reply, and opts the client out.
kannel_reply 0812345678 1169 "หยุด"
opted_out() {
	cks --json client show "$CID" && [ "$RC" = 0 ] &&
		[ "$(json '(d["opt_out"] or {}).get("via")')" = sms ]
}
wait_until 300 opted_out
ok $? "the reply 'หยุด' through Kannel opts client $CID out, via sms"
cks client show "$CID"
grep -Eq '^  opt-out   since 20[0-9-]+T[0-9:]+\+07:00, via sms' "$SCRATCH/out"
ok $? "client show says since when and how ($(grep '^  opt-out' "$SCRATCH/out" | sed 's/^ *//'))"
rated
ok $? "the STOP is no answer: session $SID keeps its rating 2"
SID2=$(new_id session open --channel hotline1169 --client "$CID" --agent 'นภา')
"$CKSCTL" -c "$CONF" session close "$SID2" --summary 'โทรมาอีกครั้ง' > /dev/null
expect_error 1 "client $CID opted out of surveys on .* \(via sms\): no survey sent" \
	"a later survey send for the client is refused with the reason" survey send "$SID2"
cks --json queue list
"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(any(m["session"]==int(sys.argv[2]) for m in d["messages"]))' "$SCRATCH/out" "$SID2"
ok $? "and nothing is queued for session $SID2"

! grep -rq "$SMS_PASSWORD" "$SCRATCH/daemon.log" "$SCRATCH/q.json"
ok $? "the sendsms password is in no log or listing of ours"
! grep -q 'sig=' "$SCRATCH/daemon.log"
ok $? "the DLR signatures are not logged"

kannel_stop
daemon_stop
ok $? "cksgated stops cleanly"
finish
