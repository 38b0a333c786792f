#!/bin/sh
# SMS invitations through a real Kannel (issue 17): a private bearerbox and
# smsbox on 127.0.0.1, with Kannel's own test SMSC (fakesmsc, from
# kannel-extras) connected as an smsc of type fake.  A client with only a
# phone gets the survey invitation: cksgated sends it to smsbox's sendsms,
# bearerbox hands it to fakesmsc (whose output is read back and decoded),
# the fake SMSC's delivery reports come back to the signed /v1/sms/dlr and
# are recorded on the message; then a reply "กด 2" typed into fakesmsc
# reaches POST /v1/sms through Kannel's sms-service post-url and is
# recorded as rating 2.  Every process is stopped by its PID.
. "$CKS_SRCDIR/tests/e2e/lib.sh"
. "$CKS_SRCDIR/tests/e2e/daemon.sh"

BEARERBOX=/usr/sbin/bearerbox
SMSBOX=/usr/sbin/smsbox
FAKESMSC=/usr/lib/kannel/test/fakesmsc
for b in "$BEARERBOX" "$SMSBOX" "$FAKESMSC"; do
	if [ ! -x "$b" ]; then
		echo "1..0 # SKIP $b is missing (.ci/deps installs kannel kannel-extras)"
		exit 0
	fi
done

plan 18

PY=/usr/bin/python3
K=$SCRATCH/kannel
mkdir -p "$K"
BB_PID="" SB_PID="" FAKE_PID=""
kannel_stop() {
	for pid in $FAKE_PID $SB_PID $BB_PID; do
		kill "$pid" 2>/dev/null
		wait_gone "$pid" 100 || kill -9 "$pid" 2>/dev/null
	done
	FAKE_PID="" SB_PID="" BB_PID=""
}
trap 'kannel_stop; daemon_kill; rm -rf "$SCRATCH"' EXIT

TEMPLATES=$(dirname "$(find "$CKS_STAGE" -name survey.th.sms | head -1)")
daemon_config
SMS_PASSWORD=kannel-pw-5f1e0c9a77
printf '%s\n' "$SMS_PASSWORD" > "$SCRATCH/sms-password"
chmod 600 "$SCRATCH/sms-password"

# Four ports for bearerbox (admin, smsbox, fake smsc) and smsbox (sendsms).
set -- $("$PY" -c '
import socket
s = [socket.socket() for _ in range(4)]
for x in s: x.bind(("127.0.0.1", 0))
print(" ".join(str(x.getsockname()[1]) for x in s))')
ADMIN_PORT=$1 BOX_PORT=$2 SMSC_PORT=$3 SENDSMS_PORT=$4

cat >> "$CONF" <<CONF
template_dir = $TEMPLATES
sms.sendsms_url = http://127.0.0.1:$SENDSMS_PORT/cgi-bin/sendsms
sms.username = cksgate
sms.password_file = $SCRATCH/sms-password
sms.from = 1169
CONF

# Kannel's sms-service posts the reply's text as the body (UTF-16BE for a
# UCS-2 SMS) with the sender in the URL; the agent token goes as Basic
# auth in the URL.  max-messages = 0: Kannel sends nothing back to the
# phone (our JSON answer is not for the client).
cat > "$K/kannel.conf" <<KCONF
group = core
admin-port = $ADMIN_PORT
admin-password = admin-$$
smsbox-port = $BOX_PORT
box-allow-ip = 127.0.0.1
log-file = "$K/bearerbox.log"
log-level = 0

group = smsc
smsc = fake
smsc-id = fake
port = $SMSC_PORT
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = $BOX_PORT
sendsms-port = $SENDSMS_PORT
sendsms-interface = 127.0.0.1
log-file = "$K/smsbox.log"
log-level = 0

group = sendsms-user
username = cksgate
password = $SMS_PASSWORD
max-messages = 10
concatenation = true

group = sms-service
keyword = default
catch-all = true
max-messages = 0
post-url = "http://kannel:$TOKEN_ALICE@127.0.0.1:$API_PORT/v1/sms?from=%p"
KCONF

"$BEARERBOX" "$K/kannel.conf" > "$K/bearerbox.out" 2>&1 &
BB_PID=$!
wait_until 100 grep -q "smsc_fake\|SMSCConn fake\|Adding interface" "$K/bearerbox.log" 2>/dev/null
# fakesmsc #1 takes what bearerbox sends (-m 0: it sends nothing itself).
fake_start() {
	"$FAKESMSC" -H 127.0.0.1 -r "$SMSC_PORT" -i 0.1 -m "$1" "$2" \
		> "$K/fakesmsc$3.out" 2>&1 &
	FAKE_PID=$!
}
fake_start 0 "0 0 text x" 1
"$SMSBOX" "$K/kannel.conf" > "$K/smsbox.out" 2>&1 &
SB_PID=$!
sendsms_up() { curl -s -o /dev/null "http://127.0.0.1:$SENDSMS_PORT/cgi-bin/sendsms"; }
wait_until 100 sendsms_up && kill -0 "$BB_PID" && kill -0 "$FAKE_PID"
ok $? "bearerbox, smsbox and fakesmsc run on 127.0.0.1 ($BOX_PORT $SMSC_PORT $SENDSMS_PORT)"

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

# fakesmsc prints each part it got: "<from to ucs-2 TEXT>" or, for a part
# of a concatenated SMS, "<from to udh UDH TEXT>", TEXT url-encoded UCS-2.
got_parts() { [ "$(grep -c 'Got message' "$K/fakesmsc1.out")" -ge "${PARTS:-1}" ]; }
wait_until 300 got_parts
ok $? "fakesmsc received the invitation ($PARTS parts)"
decoded=$("$PY" - "$K/fakesmsc1.out" <<'PY'
import re, sys, urllib.parse
parts = []
for line in open(sys.argv[1], encoding='utf-8', errors='replace'):
    m = re.search(r'Got message \d+: <(\S+) (\S+) (\S+) (.*)>$', line)
    if not m:
        continue
    sender, to, kind, rest = m.groups()
    data = rest.split(' ')[-1]
    # Kannel's url-encoding writes a space (0x20) as '+'.
    raw = urllib.parse.unquote_to_bytes(data.replace('+', ' '))
    text = raw.decode('utf-16-be') if kind in ('ucs-2', 'udh') else raw.decode()
    parts.append((sender, to, text))
print(parts[0][0], parts[0][1], len(parts))
print(''.join(p[2] for p in parts), end='')
PY
)
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

# The reply: fakesmsc #1 is stopped (the fake SMSC serves one client at a
# time) and #2 sends "กด 2" as UCS-2 from the client's number.
kill "$FAKE_PID"; wait_gone "$FAKE_PID" 100; FAKE_PID=""
REPLY=$("$PY" -c 'import urllib.parse; print(urllib.parse.quote("กด 2".encode("utf-16-be"), safe=""))')
fake_start 1 "0812345678 1169 ucs2 $REPLY" 2
rated() {
	api GET "/v1/sessions/$SID/rating"
	[ "$STATUS" = 200 ] && "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); r=d["rating"] or {}; sys.exit(r.get("code") != 2 or r.get("medium") != "sms")' "$SCRATCH/out"
}
wait_until 300 rated
ok $? "the reply 'กด 2' came through Kannel's sms-service and is session $SID's rating 2, by SMS"
grep -q "method=POST path=/v1/sms status=200 agent=alice" "$SCRATCH/daemon.log" &&
	grep -q "method=GET path=/v1/sms/dlr status=200 agent=-" "$SCRATCH/daemon.log"
ok $? "the daemon logged Kannel's POST /v1/sms (as the token's agent) and its DLR GETs"

! grep -rq "$SMS_PASSWORD" "$SCRATCH/daemon.log" "$SCRATCH/q.json"
ok $? "the sendsms password is in no log or listing of ours"
! grep -q 'sig=' "$SCRATCH/daemon.log"
ok $? "the DLR signatures are not logged"

kannel_stop
daemon_stop
ok $? "cksgated stops cleanly"
finish
