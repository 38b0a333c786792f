#!/bin/sh
# End-to-end: the basket, survey and queue routes of the HTTP API against
# the running daemon, with a real SMTP server on 127.0.0.1 (tests/servers/
# smtp_server.py).  The basket is filled, previewed, confirmed and sent with
# curl only, and the daemon's delivery loop delivers it: queue.interval is
# an hour, so only the wake-up after a send can make it arrive in time.
# cksctl only sets the scene (a client, sessions opened and closed).
. "$CKS_SRCDIR/tests/e2e/lib.sh"
. "$CKS_SRCDIR/tests/e2e/daemon.sh"

plan 75

PY=/usr/bin/python3
TEMPLATES=$(dirname "$(find "$CKS_STAGE" -name basket.th.txt | head -1)")
SRV=$SCRATCH/srv
TITLE='ตลาดทุเรียนจีน'

trap 'server_stop; rm -rf "$SCRATCH"' EXIT

# The relay's answers, one a transaction in order: the basket and the
# survey are accepted, the next basket deferred, the one after refused,
# and that one accepted when it is retried.
mkdir -p "$SRV/mail"
echo '["ok", "ok", "451", "550", "ok"]' > "$SRV/script.json"
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
basket.max_items = 5
basket.max_file_bytes = 4K
basket.max_total_bytes = 6K
CONF
daemon_config
sed -i 's/^queue.interval = .*/queue.interval = 1h/' "$CONF"

cks --json client add --name "สมชาย ใจดี" --email somchai@example.invalid --lang th
CLIENT=$(json 'd["id"]')
cks --json session open --channel counter --client "$CLIENT" --agent Napa
S=$(json 'd["id"]')
head -c 3000 /dev/urandom > "$SCRATCH/guide.pdf"
DATA=$(base64 -w0 "$SCRATCH/guide.pdf")
head -c 4097 /dev/urandom > "$SCRATCH/big.bin"
BIG=$(base64 -w0 "$SCRATCH/big.bin")

daemon_start
ok $? "the daemon serves HTTP"
trap 'daemon_kill; server_stop; rm -rf "$SCRATCH"' EXIT

# field_is DESCRIPTION EXPR WANT: the last body's EXPR prints WANT.
field_is() {
	[ "$(json "$2" 2>/dev/null)" = "$3" ]
	ok $? "$1"
}
# error_names STATUS FIELD DESCRIPTION METHOD PATH [JSON]: refused with
# STATUS, naming FIELD.
error_names() {
	want=$1 field=$2 what=$3
	shift 3
	api "$@"
	[ "$STATUS" = "$want" ] &&
		[ "$(json 'd["error"].get("field")' 2>/dev/null)" = "$field" ]
	ok $? "$what (HTTP $STATUS, want $want naming $field)"
}
# received MESSAGE-ID: how many copies the relay holds.
received() { grep -l "^Message-ID: <$1>" "$SRV/mail/"*.eml 2>/dev/null | wc -l; }
# wait_received MESSAGE-ID: up to 10 s for the relay to hold it.
wait_received() {
	i=0
	while [ "$(received "$1")" -eq 0 ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ "$(received "$1")" -eq 1 ]
}
# wait_state ID STATE: up to 10 s for a queued message to reach STATE.
wait_state() {
	i=0
	while [ $i -lt 100 ]; do
		api GET "/v1/queue/$1"
		[ "$(json 'd["state"]' 2>/dev/null)" = "$2" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
# content_type PATH: the Content-Type of a GET with alice's token.
content_type() {
	curl -s -o "$SCRATCH/out" -w '%{content_type}' \
		-H "Authorization: Bearer $TOKEN_ALICE" "$API$1"
}
messages() { ls "$SRV/mail" | wc -l; }

# --- the basket --------------------------------------------------------------------
expect_status 200 "an empty basket" GET "/v1/sessions/$S/basket"
field_is "it has no items" 'len(d["items"])' 0
expect_status 404 "an unknown session's basket" GET /v1/sessions/999/basket

expect_status 201 "an item with a Thai title and a link" POST \
	"/v1/sessions/$S/basket/items" \
	"{\"title_th\": \"$TITLE\", \"url\": \"https://www.ditp.go.th/kb/durian\"}"
field_is "the new item is answered with its title" 'd["title_th"]' "$TITLE"
expect_status 201 "an item with an attachment" POST \
	"/v1/sessions/$S/basket/items" \
	"{\"title_en\": \"Export guide\", \"attachment\": {\"filename\": \"guide.pdf\", \"data_base64\": \"$DATA\"}}"
field_is "the attachment is stored whole" 'd["attachment"]["size"]' 3000
field_is "its type comes from its name" 'd["attachment"]["content_type"]' application/pdf
expect_status 201 "an item to remove" POST "/v1/sessions/$S/basket/items" \
	'{"title_en": "Not this one"}'
REMOVE=$(json 'd["id"]')
REVISION=$(json 'd["revision"]')
[ "$REVISION" = 3 ]
ok $? "each item makes a new revision"

error_names 400 attachment.data_base64 "an attachment that is not base64" POST \
	"/v1/sessions/$S/basket/items" \
	'{"title_en": "x", "attachment": {"filename": "a.pdf", "data_base64": "%%%"}}'
error_names 413 attachment.data_base64 "an attachment over basket.max_file_bytes" \
	POST "/v1/sessions/$S/basket/items" \
	"{\"title_en\": \"x\", \"attachment\": {\"filename\": \"big.bin\", \"data_base64\": \"$BIG\"}}"
error_names 400 url "a link that is not http(s)" POST "/v1/sessions/$S/basket/items" \
	'{"title_en": "x", "url": "javascript:alert(1)"}'
error_names 400 title_th "an item without a title" POST "/v1/sessions/$S/basket/items" \
	'{"url": "https://www.ditp.go.th/"}'
expect_status 401 "no token, no write" POST "/v1/sessions/$S/basket/items" \
	'{"title_en": "x"}' none
expect_status 403 "a viewer may not add items" POST "/v1/sessions/$S/basket/items" \
	'{"title_en": "x"}' "$TOKEN_VIEWER"
expect_status 403 "a viewer may not read the basket (a client's)" GET \
	"/v1/sessions/$S/basket" "" "$TOKEN_VIEWER"
api GET "/v1/sessions/$S/basket"
field_is "the refused items were not added" 'len(d["items"])' 3

expect_status 200 "an item is removed" DELETE "/v1/sessions/$S/basket/items/$REMOVE"
field_is "two items are left" 'len(d["items"])' 2
REVISION=$(json 'd["revision"]')
expect_status 404 "it cannot be removed twice" DELETE \
	"/v1/sessions/$S/basket/items/$REMOVE"

# --- preview -------------------------------------------------------------------------
[ "$(content_type "/v1/sessions/$S/basket/preview?part=text")" = "text/plain; charset=utf-8" ] &&
	grep -q "$TITLE" "$SCRATCH/out" && grep -q "guide.pdf" "$SCRATCH/out" &&
	! grep -q "Not this one" "$SCRATCH/out"
ok $? "the text preview is plain text with the Thai title and the attachment"
SUBJECT=$(sed -n 's/^Subject: //p' "$SCRATCH/out")
[ "$(content_type "/v1/sessions/$S/basket/preview?part=html")" = "text/html; charset=utf-8" ] &&
	grep -q "$TITLE" "$SCRATCH/out"
ok $? "the HTML preview is HTML with the Thai title"
[ "$(content_type "/v1/sessions/$S/basket/preview?part=raw")" = "message/rfc822" ] &&
	grep -q "^MIME-Version: 1.0" "$SCRATCH/out"
ok $? "the raw preview is the MIME message"
[ "$(content_type "/v1/sessions/$S/basket/preview?part=text&lang=en")" = "text/plain; charset=utf-8" ] &&
	grep -q "^Dear " "$SCRATCH/out" && grep -q "Export guide" "$SCRATCH/out"
ok $? "the preview in English for a Thai client"
error_names 400 part "an unknown part" GET "/v1/sessions/$S/basket/preview?part=pdf"
error_names 400 lang "an unknown language" GET "/v1/sessions/$S/basket/preview?lang=de"

# --- confirm and send -------------------------------------------------------------
expect_status 409 "an unconfirmed basket is not sent" POST "/v1/sessions/$S/basket/send"
error_names 409 revision "a confirmation of other contents" POST \
	"/v1/sessions/$S/basket/confirm" '{"revision": 1}'
error_names 400 reason "unconfirmed needs a reason" POST "/v1/sessions/$S/basket/send" \
	'{"unconfirmed": true}'
[ "$(messages)" -eq 0 ]
ok $? "nothing reached the relay"
expect_status 200 "the client confirms what they saw" POST \
	"/v1/sessions/$S/basket/confirm" "{\"revision\": $REVISION}"
field_is "the basket is confirmed" 'd["confirmed"]' True

expect_status 202 "the basket is sent" POST "/v1/sessions/$S/basket/send"
Q=$(json 'd["id"]')
field_is "it is a new message" 'd["already_queued"]' False
api GET "/v1/queue/$Q"
MID=$(json 'd["message_id"]')
wait_received "$MID"
ok $? "the daemon delivers it to the relay within 10 s, no cksctl involved"
wait_state "$Q" sent
ok $? "the queue says sent"
field_is "with one attempt" 'len(d["history"])' 1
field_is "and the relay's reply" 'd["history"][0]["code"]' 250

FILE=$(grep -l "^Message-ID: <$MID>" "$SRV/mail/"*.eml)
"$PY" - "$FILE" "$SCRATCH/guide.pdf" "$SUBJECT" > "$SCRATCH/parsed" <<'PY'
import email, email.policy, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(),
                             policy=email.policy.default)
print("envelope", m["X-Envelope-To"])
print("subject-ok", str(m["Subject"]) == sys.argv[3])
att = list(m.iter_attachments())
print("attachment-ok", len(att) == 1 and att[0].get_filename() == "guide.pdf"
      and att[0].get_content() == open(sys.argv[2], "rb").read())
text = m.get_body(("plain",)).get_content()
print("title-ok", "ตลาดทุเรียนจีน" in text and "Not this one" not in text)
PY
grep -q '^envelope <somchai@example.invalid>$' "$SCRATCH/parsed"
ok $? "the envelope recipient is the client"
grep -q '^subject-ok True$' "$SCRATCH/parsed"
ok $? "the Thai subject is the one the preview showed"
grep -q '^attachment-ok True$' "$SCRATCH/parsed"
ok $? "the uploaded attachment arrives byte-identical"
grep -q '^title-ok True$' "$SCRATCH/parsed"
ok $? "the text part holds the Thai title, not the removed item"

expect_status 200 "the same send again is answered with the first message" POST \
	"/v1/sessions/$S/basket/send"
field_is "the same queue id" 'd["id"]' "$Q"
field_is "marked already queued" 'd["already_queued"]' True
# Until nothing is left to send: a second copy would be on the relay then.
wait_until 100 queue_drained
[ "$(received "$MID")" -eq 1 ] && [ "$(messages)" -eq 1 ]
ok $? "the relay still holds exactly one copy"

# --- the survey invitation ------------------------------------------------------------
expect_status 409 "no survey for an open session" POST "/v1/sessions/$S/survey"
cks session close "$S" --summary "ให้ข้อมูลตลาดทุเรียน" --level ready
expect_status 202 "the survey invitation is queued" POST "/v1/sessions/$S/survey"
SQ=$(json 'd["id"]')
TOKEN=$(json 'd["token"]')
api GET "/v1/queue/$SQ"
case $(json 'd["message_id"]') in
"survey.$TOKEN."*) ok 1 "GET /v1/queue/ID shows the rating token" ;;
*) ok 0 "GET /v1/queue/ID masks the rating token in the Message-ID" ;;
esac
# The API masks the token; cksctl (the store's own tool) shows it.
cks --json queue show "$SQ"
SMID=$(json 'd["message_id"]')
wait_received "$SMID"
ok $? "the invitation is delivered within 10 s"
FILE=$(grep -l "^Message-ID: <$SMID>" "$SRV/mail/"*.eml)
TAG=$(echo "$TOKEN" | tr 'a-z' 'A-Z')
grep -qi "^Reply-To: .*survey+$TOKEN@reply.example.invalid" "$FILE" &&
	"$PY" -c 'import email, email.policy, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
sys.exit(0 if ("[CKS-%s]" % sys.argv[2]) in str(m["Subject"]) else 1)' "$FILE" "$TAG"
ok $? "it carries the token in Reply-To and the Subject tag"
expect_status 200 "a second invitation is answered with the first" POST \
	"/v1/sessions/$S/survey"
field_is "the same token" 'd["token"]' "$TOKEN"

# --- the queue ---------------------------------------------------------------------
expect_status 403 "a viewer may not list the queue" GET "/v1/queue?state=sent" "" \
	"$TOKEN_VIEWER"
api GET "/v1/queue?state=sent"
! grep -qi "$TOKEN" "$SCRATCH/out"
ok $? "an agent lists the sent messages without the invitation's token"
field_is "newest first: the invitation, then the basket" \
	'[m["id"] for m in d["messages"]] == ['"$SQ, $Q"']' True
error_names 400 state "an unknown state" GET "/v1/queue?state=lost"
error_names 400 limit "a limit that is not a number" GET "/v1/queue?limit=many"
expect_status 404 "an unknown message" GET /v1/queue/999

# new_basket: a confirmed basket on a new session, sent; sets $Q.
new_basket() {
	cks --json session open --channel counter --client "$CLIENT" --agent Napa
	s=$(json 'd["id"]')
	api POST "/v1/sessions/$s/basket/items" "{\"title_th\": \"$TITLE\"}"
	r=$(json 'd["revision"]')
	api POST "/v1/sessions/$s/basket/confirm" "{\"revision\": $r}"
	api POST "/v1/sessions/$s/basket/send"
	Q=$(json 'd["id"]')
}

new_basket
wait_state "$Q" deferred
ok $? "a 451 from the relay defers the next basket"
field_is "the reply is kept" 'd["history"][0]["reply"].startswith("451")' True
expect_status 403 "a viewer may not cancel it" POST "/v1/queue/$Q/cancel" "" \
	"$TOKEN_VIEWER"
expect_status 200 "a deferred message is cancelled" POST "/v1/queue/$Q/cancel"
field_is "it is cancelled" 'd["state"]' cancelled
expect_status 409 "a cancelled message cannot be cancelled again" POST \
	"/v1/queue/$Q/cancel"
expect_status 409 "nor retried" POST "/v1/queue/$Q/retry"

new_basket
wait_state "$Q" failed
ok $? "a 550 fails the next basket"
expect_status 200 "a failed message is retried" POST "/v1/queue/$Q/retry"
api GET "/v1/queue/$Q"
MID=$(json 'd["message_id"]')
wait_received "$MID"
ok $? "the retry is delivered within 10 s"
wait_state "$Q" sent
ok $? "the retried message is sent"
field_is "both attempts are kept, the 550 first" \
	'[a["code"] for a in d["history"]] == [550, 250]' True
expect_status 404 "retrying an unknown message" POST /v1/queue/999/retry

daemon_stop && [ "$DAEMON_RC" -eq 0 ]
ok $? "the daemon stops cleanly on SIGTERM"
if [ "$TEST_FAILED" -ne 0 ]; then sed 's/^/#   daemon: /' "$SCRATCH/daemon.log" | tail -30; fi
finish
