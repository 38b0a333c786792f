#!/bin/sh
# End-to-end (issue 17): the one-click opt-out of RFC 8058 against the
# running daemon -- the List-Unsubscribe headers read from a mail the SMTP
# sink (tests/servers/smtp_server.py) really received, a GET of the link
# that changes nothing, curl's POST of List-Unsubscribe=One-Click with no
# login that does, idempotently -- then the survey refused with its reason
# while the basket still goes; opt-out by mail reply and by SMS STOP;
# consent; the one reminder (its timing moved in the store, the unit test
# drives the clock); `client export`, `client erase` and `purge` with the
# KPI report compared before and after.
. "$CKS_SRCDIR/tests/e2e/lib.sh"
. "$CKS_SRCDIR/tests/e2e/daemon.sh"
trap 'server_stop; daemon_kill; rm -rf "$SCRATCH"' EXIT

plan 54

PY=/usr/bin/python3
SRV=$SCRATCH/smtp
smtp_server_start "$SRV" || { echo "Bail out! no SMTP sink"; exit 1; }
cat >> "$CONF" <<CONF
smtp.host = 127.0.0.1
smtp.port = $PORT
smtp.starttls = off
mail.from = ditp@example.invalid
mail.reply_address = survey@reply.example.invalid
survey.reminder_after = 3d
retention.raw_mail = 30d
retention.personal = 365d
CONF
daemon_config

new_id() {
	"$CKSCTL" -c "$CONF" --json "$@" | $PY -c \
	    'import json, sys; print(json.load(sys.stdin)["id"])'
}
closed_session() {
	sid=$(new_id session open --channel counter --client "$1" --agent 'นภา')
	"$CKSCTL" -c "$CONF" session close "$sid" --summary 'ให้ข้อมูลตลาดจีน' \
	    > /dev/null && echo "$sid"
}
sqlq() { store_sql "$1"; }
# The mails the sink received, newest last; header NAME of mail N (1-based),
# unfolded as a mail program reads it.
mail_header() {
	$PY - "$SRV/mail" "$1" "$2" <<'PY'
import email, email.policy, os, sys
files = sorted(f for f in os.listdir(sys.argv[1]) if f.endswith('.eml'))
msg = email.message_from_binary_file(open(os.path.join(sys.argv[1],
    files[int(sys.argv[2]) - 1]), 'rb'), policy=email.policy.default)
print(msg.get(sys.argv[3], ''))
PY
}
mails() { ls "$SRV/mail" | grep -c '\.eml$'; }
kpi() { "$CKSCTL" -c "$CONF" report kpi --from 2020-01-01 --to 2030-01-01 --format json | grep -v generated_at; }

# --- the headers of a delivered mail -------------------------------------------------
A=$(new_id client add --name 'สมชาย ใจดี' --email somchai@example.co.th --phone '081 234 5678')
SA=$(closed_session "$A")
cks survey send "$SA"
daemon_start || { echo "Bail out! no daemon"; exit 1; }
wait_until 100 queue_drained && [ "$(mails)" = 1 ]
ok $? "the daemon delivered the invitation to the SMTP sink"
LU=$(mail_header 1 List-Unsubscribe)
URL=$(echo "$LU" | sed -n 's/^<\([^>]*\)>, <mailto:.*$/\1/p')
TOKEN=${URL##*/u/}
echo "$URL" | grep -Eq "^$API/u/$A\.[A-Za-z0-9_-]{22}\$"
ok $? "List-Unsubscribe carries the signed one-click link ($URL)"
echo "$LU" | grep -q "<mailto:survey@reply.example.invalid?subject=unsubscribe%20$TOKEN>"
ok $? "and the mailto: for an opt-out by mail"
[ "$(mail_header 1 List-Unsubscribe-Post)" = "List-Unsubscribe=One-Click" ]
ok $? "List-Unsubscribe-Post: List-Unsubscribe=One-Click (RFC 8058)"

# --- GET never opts out; POST does, without a login ------------------------------------
STATUS=$(curl -s -o "$SCRATCH/out" -w '%{http_code}' "$URL")
[ "$STATUS" = 200 ] && grep -q 'name="List-Unsubscribe" value="One-Click"' "$SCRATCH/out" &&
    grep -q 'ยกเลิกการรับแบบสอบถาม' "$SCRATCH/out"
ok $? "GET shows a Thai and English page with the confirm button (HTTP $STATUS)"
HEAD_STATUS=$(curl -s -I -o /dev/null -w '%{http_code}' "$URL")
cks --json client show "$A"
[ "$HEAD_STATUS" = 200 ] && [ "$(json 'd["opt_out"]')" = None ]
ok $? "after GET and HEAD the client is not opted out (mail scanners prefetch links)"
STATUS=$(curl -s -o "$SCRATCH/out" -w '%{http_code}' -X POST "$URL")
[ "$STATUS" = 400 ]
ok $? "a POST without List-Unsubscribe=One-Click is refused (HTTP $STATUS)"
STATUS=$(curl -s -o "$SCRATCH/out" -w '%{http_code}' --data 'List-Unsubscribe=One-Click' "$URL")
[ "$STATUS" = 200 ] && grep -q 'no more satisfaction surveys' "$SCRATCH/out"
ok $? "curl's one-click POST opts the client out (HTTP $STATUS)"
cks --json client show "$A"
[ "$(json 'd["opt_out"]["via"]')" = link ]
ok $? "client show --json: opted out via link"
FIRST=$(json 'd["opt_out"]["at"]')
cks client show "$A"
grep -Eq '^  opt-out   since 20[0-9-]+T[0-9:]+\+07:00, via link' "$SCRATCH/out"
ok $? "client show says since when and how"
STATUS=$(curl -s -o "$SCRATCH/out" -w '%{http_code}' -F 'List-Unsubscribe=One-Click' "$URL")
cks --json client show "$A"
[ "$STATUS" = 200 ] && [ "$(json 'd["opt_out"]["at"]')" = "$FIRST" ]
ok $? "a second POST (multipart this time) changes nothing (HTTP $STATUS)"
STATUS=$(curl -s -o /dev/null -w '%{http_code}' --data 'List-Unsubscribe=One-Click' "$API/u/$A.AAAAAAAAAAAAAAAAAAAAAA")
[ "$STATUS" = 404 ]
ok $? "a forged link is a 404 (HTTP $STATUS)"
grep -q "path=/u/:token" "$SCRATCH/daemon.log" && ! grep -q "$TOKEN" "$SCRATCH/daemon.log"
ok $? "the daemon's log names /u/:token, never the signature"

# --- no survey, still baskets ------------------------------------------------------------
SA2=$(new_id session open --channel counter --client "$A" --agent 'นภา')
"$CKSCTL" -c "$CONF" basket add "$SA2" --title 'ตลาดผลไม้จีน' \
    --url https://example.invalid/kb/1 > /dev/null &&
    "$CKSCTL" -c "$CONF" basket confirm "$SA2" > /dev/null &&
    "$CKSCTL" -c "$CONF" session close "$SA2" --summary 'ให้ข้อมูลตลาดจีน' > /dev/null
expect_error 1 "client $A opted out of surveys on .* \(via link\): no survey sent" \
    "survey send reports why nothing is sent" survey send "$SA2"
expect_status 409 "POST /v1/sessions/ID/survey is a conflict" POST "/v1/sessions/$SA2/survey" '{}'
grep -q "opted out of surveys" "$SCRATCH/out"
ok $? "the API says why too"
expect_status 200 "GET /v1/clients/ID" GET "/v1/clients/$A"
[ "$(json 'd["opt_out"]["via"]')" = link ] && [ "$(json 'd["opt_out"]["at"]')" = "$FIRST" ]
ok $? "the API's client says since when and how"
cks basket send "$SA2"
[ "$RC" = 0 ] && wait_until 100 queue_drained && [ "$(mails)" = 2 ] &&
    [ -n "$(mail_header 2 List-Unsubscribe)" ]
ok $? "the basket the client asked for is still sent, with List-Unsubscribe"

# --- opt-out by mail reply and by SMS ----------------------------------------------------
B=$(new_id client add --name 'Malee Dee' --email malee@example.co.th --lang en)
SB=$(closed_session "$B")
cks survey send "$SB"
wait_until 100 queue_drained && [ "$(mails)" = 3 ]
ok $? "client B's invitation is delivered"
BURL=$(mail_header 3 List-Unsubscribe | sed -n 's/^<\([^>]*\)>.*$/\1/p')
printf 'From: Malee Dee <malee@example.co.th>\r\nTo: survey@reply.example.invalid\r\nSubject: unsubscribe %s\r\nMessage-ID: <u1@example.co.th>\r\nDate: Mon, 7 Dec 2026 10:00:00 +0700\r\n\r\nunsubscribe\r\n' \
    "${BURL##*/u/}" > "$SCRATCH/u.eml"
"$CKSCTL" -c "$CONF" --json inject < "$SCRATCH/u.eml" > "$SCRATCH/out" 2> "$SCRATCH/err"
[ "$(json 'd["outcome"]')" = ignored ] && cks --json client show "$B" &&
    [ "$(json 'd["opt_out"]["via"]')" = mail ]
ok $? "the List-Unsubscribe mailto (Subject 'unsubscribe TOKEN') opts B out via mail"
F=$(new_id client add --name 'ฟ้า' --email fah@example.co.th)
SF=$(closed_session "$F")
cks survey send "$SF"
wait_until 100 queue_drained && [ "$(mails)" = 4 ]
ok $? "client F's invitation is delivered"
FREPLY=$(mail_header 4 Reply-To)
FSUBJ=$(mail_header 4 Subject)
printf 'From: fah@example.co.th\r\nTo: %s\r\nSubject: Re: %s\r\nMessage-ID: <u2@example.co.th>\r\nDate: Mon, 7 Dec 2026 10:00:00 +0700\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nยกเลิก\r\n\r\n> เรียน คุณฟ้า\r\n' \
    "$FREPLY" "$FSUBJ" > "$SCRATCH/f.eml"
"$CKSCTL" -c "$CONF" --json inject < "$SCRATCH/f.eml" > "$SCRATCH/out" 2> "$SCRATCH/err"
[ "$(json 'd["outcome"]')" = ignored ] && cks --json client show "$F" &&
    [ "$(json 'd["opt_out"]["via"]')" = mail ] &&
    [ "$(sqlq "SELECT count(*) FROM ratings WHERE session_id = $SF")" = 0 ]
ok $? "a reply 'ยกเลิก' to the invitation opts F out via mail, and is no rating"
G=$(new_id client add --name 'Gift' --email gift@example.co.th)
SG=$(closed_session "$G")
cks survey send "$SG"
wait_until 100 queue_drained && [ "$(mails)" = 5 ]
GURL=$(mail_header 5 List-Unsubscribe | sed -n 's/^<\([^>]*\)>.*$/\1/p')
G2=$(new_id client add --name 'Gift K.' --email gift@example.co.th)
"$CKSCTL" -c "$CONF" client merge "$G2" "$G" > /dev/null 2>&1
printf 'From: gift@example.co.th\r\nTo: survey@reply.example.invalid\r\nSubject: unsubscribe %s\r\nMessage-ID: <u3@example.co.th>\r\nDate: Mon, 7 Dec 2026 10:00:00 +0700\r\n\r\nunsubscribe\r\n' \
    "${GURL##*/u/}" > "$SCRATCH/g.eml"
"$CKSCTL" -c "$CONF" --json inject < "$SCRATCH/g.eml" > "$SCRATCH/out" 2> "$SCRATCH/err"
[ $? = 0 ] && [ "$(json 'd["outcome"]')" = quarantined ] &&
    json 'd["reason"]' | grep -q "no longer in the store"
ok $? "an opt-out mail for a client merged away since is kept in the quarantine, not lost"
C=$(new_id client add --name 'สมหญิง' --phone '089-111-2222')
expect_status 200 "POST /v1/sms 'หยุด' is taken" POST /v1/sms '{"from": "+66891112222", "text": "หยุด"}'
cks --json client show "$C"
[ "$(json 'd["opt_out"]["via"]')" = sms ]
ok $? "and opts out the client with that number, via sms"

# --- consent -----------------------------------------------------------------------
cks client consent "$C" --source counter --note 'ลงนามในแบบฟอร์ม PDPA'
grep -Eq '^  consent   since .*, given counter: ' "$SCRATCH/out" &&
    grep -q '^  opt-out   -' "$SCRATCH/out"
ok $? "client consent records time and source, and lifts the opt-out"
expect_error 2 "source" "client consent needs --source" client consent "$C"
expect_status 400 "POST /v1/clients/ID/consent with a wrong source is a 400" \
    POST "/v1/clients/$C/consent" '{"source": "fax"}'
grep -q '"field": *"source"' "$SCRATCH/out"
ok $? "naming the field source"
expect_status 200 "POST /v1/clients/ID/consent records it" \
    POST "/v1/clients/$C/consent" '{"source": "phone"}'
[ "$(json 'd["consent"]["source"]')" = phone ]
ok $? "the API's client says source phone"
D=$(new_id client add --name 'Dao' --email dao@example.co.th)
SD=$(closed_session "$D")
cp "$CONF" "$SCRATCH/consent.conf"
echo "survey.require_consent = yes" >> "$SCRATCH/consent.conf"
"$CKSCTL" -c "$SCRATCH/consent.conf" survey send "$SD" > "$SCRATCH/out" 2> "$SCRATCH/err"
[ $? = 1 ] && grep -q "has given no consent to surveys" "$SCRATCH/err"
ok $? "with survey.require_consent = yes a client without consent gets no survey"
"$CKSCTL" -c "$SCRATCH/consent.conf" client consent "$D" --source web > /dev/null &&
    "$CKSCTL" -c "$SCRATCH/consent.conf" survey send "$SD" > "$SCRATCH/out" 2> "$SCRATCH/err"
ok $? "and gets one once consent is recorded"

# --- the one reminder ---------------------------------------------------------------
wait_until 100 queue_drained
E=$(new_id client add --name 'Ekachai' --email ekachai@example.co.th)
SE=$(closed_session "$E")
cks survey send "$SE"
wait_until 100 queue_drained
N=$(mails)
cks survey remind
grep -q '^0 reminders due' "$SCRATCH/out"
ok $? "survey remind right after the invitation: nothing due"
# Three days and a minute pass for the invitations of E and D.
sqlq "UPDATE messages SET sent_at = sent_at - 259260000 WHERE id IN (SELECT message FROM survey_invitations WHERE session_id IN ($SE, $SD))"
cks survey remind --dry-run
grep -q '^2 reminders due (dry run' "$SCRATCH/out" && [ "$(sqlq 'SELECT count(*) FROM survey_invitations WHERE reminded_at IS NOT NULL')" = 0 ]
ok $? "three days later two are due; --dry-run sends none"
cks rating record "$SD" 5 --via ivr
cks survey remind
grep -q '^1 reminder due: 1 queued' "$SCRATCH/out"
ok $? "D answered meanwhile: one reminder, to E"
cks survey remind
grep -q '^0 reminders due' "$SCRATCH/out"
ok $? "never twice"
wait_until 100 queue_drained && [ "$(mails)" = $((N + 1)) ]
SUBJ=$(mail_header "$((N + 1))" Subject)
echo "$SUBJ" | grep -q 'เตือนความจำ' && [ -n "$(mail_header "$((N + 1))" List-Unsubscribe)" ]
ok $? "the reminder arrives, marked as one, with List-Unsubscribe ($SUBJ)"
cks rating record "$SE" 4 --via ivr
cks --json report kpi --from 2020-01-01 --to 2030-01-01 --channel counter
[ "$(json 'd["channels"][0]["total"]["reminders_sent"]')" = 1 ] &&
    [ "$(json 'd["channels"][0]["total"]["answered_after_reminder"]')" = 1 ]
ok $? "the KPI report counts the reminder and the answer after it"
cks report kpi --from 2020-01-01 --to 2030-01-01 --channel counter --lang en
grep -q 'reminders sent 1, answered after reminder 1 (100.0 %)' "$SCRATCH/out"
ok $? "the text report says so"

# --- export and erase -------------------------------------------------------------------
cks rating record "$SA" 2 --via ivr --comment 'รอนานเกินไป'
"$CKSCTL" -c "$CONF" sms --from 0812345678 --text 'R 1 ขอบคุณ' > /dev/null 2>&1
kpi > "$SCRATCH/kpi.before"
cks client export "$A"
cp "$SCRATCH/out" "$SCRATCH/export.json"
[ "$(json 'd["client"]["email"]')" = somchai@example.co.th ] &&
    [ "$(json 'len(d["sessions"])')" = 2 ] && [ "$(json 'len(d["messages"])')" = 2 ] &&
    [ "$(json 'd["ratings"][0]["comment"]')" = 'รอนานเกินไป' ] &&
    [ "$(json 'd["client"]["opt_out"]["via"]')" = link ] &&
    json '[i["raw"] for i in d["inbound"]]' | grep -q 'R 1 ขอบคุณ' &&
    json 'd["messages"][0]["body"]' | grep -q 'List-Unsubscribe'
ok $? "client export: profile, sessions, mail, ratings with comments, raw SMS, opt-out"
expect_status 403 "an agent token may not export" GET "/v1/clients/$A/export"
expect_status 200 "a supervisor (admin) token may" GET "/v1/clients/$A/export" '' "$TOKEN_ADMIN"
expect_error 2 "--yes" "client erase without --yes does nothing" client erase "$A"
cks client erase "$A" --yes
[ "$RC" = 0 ] && grep -q "client $A erased: " "$SCRATCH/out"
ok $? "client erase --yes says what it removed"
kpi > "$SCRATCH/kpi.after"
cmp -s "$SCRATCH/kpi.before" "$SCRATCH/kpi.after"
ok $? "the KPI report is the same before and after the erasure"
cks client export "$A"
! grep -Eq 'somchai|สมชาย|รอนาน|ขอบคุณ|812345678|ตลาดจีน' "$SCRATCH/out" &&
    [ "$(json 'd["client"]["name"]')" = '(erased)' ]
ok $? "nothing personal is left in a new export"

# --- purge -------------------------------------------------------------------------------
cks purge
grep -Eq 'raw inbound mail +0' "$SCRATCH/out" && grep -Eq 'clients anonymised +0' "$SCRATCH/out"
ok $? "purge with nothing old removes nothing"
# B's reply and the SMS are 40 days old; a spool file too.
sqlq "UPDATE inbound_messages SET received_at = received_at - 3456000000"
mkdir -p "$SCRATCH/state/spool" && echo old > "$SCRATCH/state/spool/old.eml" &&
    touch -d '40 days ago' "$SCRATCH/state/spool/old.eml"
RAW=$(sqlq "SELECT count(*) FROM inbound_messages WHERE length(raw) > 0")
kpi > "$SCRATCH/kpi.before"
cks purge --dry-run
grep -Eq "raw inbound mail +$RAW\$" "$SCRATCH/out" && grep -Eq 'spool files +1$' "$SCRATCH/out" &&
    [ -f "$SCRATCH/state/spool/old.eml" ]
ok $? "purge --dry-run counts $RAW raw mails and 1 spool file, removes nothing"
cks purge
grep -Eq "raw inbound mail +$RAW\$" "$SCRATCH/out" && [ ! -f "$SCRATCH/state/spool/old.eml" ] &&
    [ "$(sqlq "SELECT count(*) FROM inbound_messages WHERE length(raw) > 0")" = 0 ]
ok $? "purge removes them and says how many"
# A year and more without a session: every client is anonymised.
sqlq "UPDATE sessions SET opened_at = opened_at - 34560000000, closed_at = closed_at - 34560000000; UPDATE clients SET created_at = created_at - 34560000000"
kpi > "$SCRATCH/kpi.before"
cks purge
CLIENTS=$(sqlq "SELECT count(*) FROM clients WHERE anonymised_at IS NOT NULL")
grep -Eq 'clients anonymised +[1-9]' "$SCRATCH/out" && [ "$CLIENTS" = "$(sqlq 'SELECT count(*) FROM clients')" ]
ok $? "purge anonymises the clients idle past retention.personal"
kpi > "$SCRATCH/kpi.after"
cmp -s "$SCRATCH/kpi.before" "$SCRATCH/kpi.after"
ok $? "the KPI report is the same before and after the purge"

daemon_stop
ok $? "the daemon stops on SIGTERM"
finish
