# Delivery through a real SMTP server on 127.0.0.1 (tests/servers/
# smtp_server.py, aiosmtpd): faults and retries, exactly-once delivery,
# STARTTLS and AUTH from the config, and kill -9 in the middle of a batch.
. "$CKS_SRCDIR/tests/e2e/lib.sh"

plan 37

PY=/usr/bin/python3
TEMPLATES=$(dirname "$(find "$CKS_STAGE" -name basket.th.txt | head -1)")

trap 'server_stop; rm -rf "$SCRATCH"' EXIT

write_config() {  # write_config PORT [extra lines]
	cat > "$CONF" <<CONF
$CKS_DB_LINE
state_dir = $SCRATCH/state
plugin_dir = $CKS_PLUGINDIR
template_dir = $TEMPLATES
mail.from = desk@ditp.example.invalid
mail.reply_address = survey@reply.example.invalid
smtp.host = 127.0.0.1
smtp.port = $1
smtp.starttls = off
smtp.connect_timeout = 2s
smtp.command_timeout = 5s
smtp.workers = 1
smtp.batch_size = 10
queue.retry_schedule = 1s
CONF
	shift
	for line in "$@"; do echo "$line" >> "$CONF"; done
}

id_of() { json 'd["id"]'; }

# with_script JSON: the relay restarted with a fresh script (the server
# consumes one action per transaction from its start).
with_script() {
	server_stop
	echo "$1" > "$SRV/script.json"
	smtp_server_start "$SRV"
	write_config "$PORT"
}

cks --json client add --name "สมชาย <b>ใจดี</b>" --email somchai@example.invalid --lang th
CLIENT=$(id_of)
head -c 5000 /dev/urandom > "$SCRATCH/annex.bin"

# new_basket: a confirmed basket queued for sending; prints its queue id.
new_basket() {
	cks --json session open --channel counter --client "$CLIENT" --agent Napa
	s=$(id_of)
	cks basket add "$s" --title "ตลาดทุเรียนจีน" --url https://example.invalid/kb/1 \
		--file "$SCRATCH/annex.bin"
	cks basket confirm "$s"
	cks --json basket send "$s"
	id_of
}

state_of() { cks --json queue show "$1"; json 'd["state"]'; }
# received MESSAGE-ID: how many copies the server holds.
received() { grep -l "^Message-ID: <$1>" "$SRV/mail/"*.eml 2>/dev/null | wc -l; }
message_id_of() { cks --json queue show "$1"; json 'd["message_id"]'; }

SRV=$SCRATCH/srv1
smtp_server_start "$SRV"
write_config "$PORT"

# --- a delivered basket ---------------------------------------------------------
Q=$(new_basket)
cks basket preview "$(cks --json queue show "$Q" && json 'd["session"]')"
SUBJECT=$(sed -n 's/^Subject: //p' "$SCRATCH/out")
expect_rc 0 "queue run delivers to the relay" queue run
[ "$(state_of "$Q")" = sent ]
ok $? "the message is sent"
MID=$(message_id_of "$Q")
[ "$(received "$MID")" -eq 1 ]
ok $? "the server received it once"
FILE=$(grep -l "^Message-ID: <$MID>" "$SRV/mail/"*.eml)
"$PY" - "$FILE" "$SCRATCH/annex.bin" "$SUBJECT" > "$SCRATCH/parsed" <<'PY'
import email, email.policy, sys
raw = open(sys.argv[1], "rb").read()
m = email.message_from_bytes(raw, policy=email.policy.default)
print("envelope", m["X-Envelope-To"])
print("subject-ok", str(m["Subject"]) == sys.argv[3])
att = [p for p in m.iter_attachments()]
print("attachment-ok", len(att) == 1 and att[0].get_content() == open(sys.argv[2], "rb").read())
html = m.get_body(("html",)).get_content()
print("html-escaped", "&lt;b&gt;" in html and "<b>ใจดี" not in html)
print("to-name", m["To"].addresses[0].display_name)
print("bcc", m["Bcc"])
PY
grep -q '^envelope <somchai@example.invalid>$' "$SCRATCH/parsed"
ok $? "the envelope recipient is the client"
grep -q '^subject-ok True$' "$SCRATCH/parsed"
ok $? "the Thai subject decodes to what preview showed"
grep -q '^attachment-ok True$' "$SCRATCH/parsed"
ok $? "the attachment arrives byte-identical"
grep -q '^html-escaped True$' "$SCRATCH/parsed"
ok $? "HTML in the client's name is escaped in the HTML part"
grep -q '^to-name สมชาย <b>ใจดี</b>$' "$SCRATCH/parsed"
ok $? "the To display name decodes to the client's name, in one header"

# --- temporary failures: deferred, then delivered exactly once -----------------------
for code in 451 421; do
	with_script "[\"$code\"]"
	Q=$(new_basket)
	MID=$(message_id_of "$Q")
	cks queue run
	cks --json queue show "$Q"
	[ "$(json 'd["state"]')" = deferred ] && [ "$(json 'd["last_code"]')" = "$code" ] &&
		json 'd["last_reply"]' | grep -q "Temporary failure"
	ok $? "a $code reply defers the message and keeps the server's reply"
	wait_until 50 message_due "$Q"
	cks queue run
	[ "$(state_of "$Q")" = sent ] && [ "$(received "$MID")" -eq 1 ]
	ok $? "after the $code, the next run delivers it exactly once"
done

# --- a permanent failure ---------------------------------------------------------------
with_script '["550"]'
Q=$(new_basket)
cks queue run
cks --json queue show "$Q"
[ "$(json 'd["state"]')" = failed ] && [ "$(json 'd["last_code"]')" = 550 ] &&
	json 'd["last_reply"]' | grep -q "Rejected"
ok $? "a 550 reply fails the message at once with the server's reply"
wait_until 50 message_due "$Q"
cks queue run
cks --json queue show "$Q"
[ "$(json 'd["attempts"]')" = 1 ] && [ "$(received "$(message_id_of "$Q")")" -eq 0 ]
ok $? "a failed message is not tried again"
expect_rc 0 "queue retry puts a failed message back" queue retry "$Q"
cks queue run
[ "$(state_of "$Q")" = sent ]
ok $? "after queue retry it is delivered"

# --- the connection cut in the middle of DATA -------------------------------------------
with_script '["cut-in-data"]'
Q=$(new_basket)
MID=$(message_id_of "$Q")
cks queue run
[ "$(state_of "$Q")" = deferred ] && [ "$(received "$MID")" -eq 0 ]
ok $? "a connection cut during DATA defers the message"
wait_until 50 message_due "$Q"
cks queue run
[ "$(state_of "$Q")" = sent ] && [ "$(received "$MID")" -eq 1 ]
ok $? "the retry delivers it exactly once"

# --- the relay down for a while ----------------------------------------------------------
with_script '[]'
server_stop
Q=$(new_basket)
MID=$(message_id_of "$Q")
cks queue run
cks --json queue show "$Q"
[ "$(json 'd["state"]')" = deferred ] && json 'd["last_reply"]' | grep -q "connect"
ok $? "with the relay down the message is deferred, saying why"
[ "$(json 'd["next_attempt"] is not None')" = True ]
ok $? "a deferred message has its next attempt scheduled"
smtp_server_start "$SRV"
write_config "$PORT"
wait_until 50 message_due "$Q"
cks queue run
[ "$(state_of "$Q")" = sent ] && [ "$(received "$MID")" -eq 1 ]
ok $? "when the relay is back the message is delivered once"

# --- rate limit holds messages on the queue ---------------------------------------------
write_config "$PORT" "smtp.rate_per_minute = 2"
A=$(new_basket); B=$(new_basket); C=$(new_basket)
cks queue run
grep -q "held back" "$SCRATCH/out"
ok $? "queue run says the rate limit held messages back"
n=0
for q in $A $B $C; do [ "$(state_of "$q")" = sent ] && n=$((n + 1)); done
[ "$n" -le 2 ]
ok $? "no more than smtp.rate_per_minute messages were sent in the minute ($n)"
cks queue list --state queued --json
[ "$(json 'len(d["messages"])')" -ge 1 ]
ok $? "the held messages stay queued, not dropped"
write_config "$PORT"
cks queue run
n=0
for q in $A $B $C; do [ "$(state_of "$q")" = sent ] && n=$((n + 1)); done
[ "$n" -eq 3 ]
ok $? "without the limit the held messages go out"
server_stop

# --- STARTTLS with a private CA, and AUTH ---------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost \
	-addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -days 2 \
	-keyout "$SCRATCH/key.pem" -out "$SCRATCH/cert.pem" 2>/dev/null
printf 'agent\ns3cret pass\n' > "$SCRATCH/auth"
chmod 600 "$SCRATCH/auth"
SRV=$SCRATCH/srv2
smtp_server_start "$SRV" --starttls "$SCRATCH/cert.pem" "$SCRATCH/key.pem" --require-auth "agent:s3cret pass"
write_config "$PORT" "smtp.starttls = required" "smtp.ca_file = $SCRATCH/cert.pem" \
	"smtp.auth_file = $SCRATCH/auth"
Q=$(new_basket)
cks queue run
[ "$(state_of "$Q")" = sent ]
ok $? "STARTTLS verified with smtp.ca_file and AUTH from smtp.auth_file: sent"
FILE=$(grep -l "^Message-ID: <$(message_id_of "$Q")>" "$SRV/mail/"*.eml)
grep -q '^X-Session-TLS: ' "$FILE" && ! grep -q '^X-Session-TLS: *$' "$FILE"
ok $? "the server saw the message over TLS"
grep -q '^X-Session-Auth: agent' "$FILE"
ok $? "the server saw the session authenticated as the configured user"
printf 'agent\nwrong\n' > "$SCRATCH/auth"
Q=$(new_basket)
cks queue run
[ "$(state_of "$Q")" = deferred ] && [ "$(received "$(message_id_of "$Q")")" -eq 0 ]
ok $? "a wrong password defers the message and nothing is sent unauthenticated"
write_config "$PORT" "smtp.starttls = required" "smtp.auth_file = $SCRATCH/auth"
printf 'agent\ns3cret pass\n' > "$SCRATCH/auth"
Q=$(new_basket)
cks queue run
[ "$(state_of "$Q")" = deferred ]
ok $? "without the private CA the self-signed certificate is refused"
chmod 644 "$SCRATCH/auth"
expect_error 1 "readable by others" "an auth file readable by others is refused" queue run
chmod 600 "$SCRATCH/auth"
write_config "$PORT" "smtp.starttls = off" "smtp.auth_file = $SCRATCH/auth"
expect_error 1 "'smtp.auth_file' needs smtp.starttls = required" \
	"AUTH without required STARTTLS is refused by the config" queue list
server_stop

# --- kill -9 in the middle of a batch: nothing lost, duplicates bounded --------------------
SRV=$SCRATCH/srv3
smtp_server_start "$SRV"
write_config "$PORT"
Q=$(new_basket)
DB=$SCRATCH/state/cksgate.db
# Clone the queued message 400 times with distinct Message-IDs.
store_sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)
  INSERT INTO messages (kind, session_id, sender, recipient, message_id, subject, size,
    state, created_at, next_attempt_at)
  SELECT kind, session_id, sender, recipient, 'k' || i || '.' || message_id, subject, size,
    'queued', created_at, next_attempt_at FROM messages, n WHERE messages.id = $Q;
  INSERT INTO message_bodies (message, body)
  SELECT m.id, $(sql_body_replace b.body "'Message-ID: <' || o.message_id || '>'" \
    "'Message-ID: <' || m.message_id || '>'")
  FROM messages o JOIN message_bodies b ON b.message = o.id, messages m
  WHERE o.id = $Q AND m.id > $Q"
"$CKSCTL" -c "$CONF" queue run > /dev/null 2>&1 &
RUN=$!
i=0
while [ "$(ls "$SRV/mail" | wc -l)" -lt 25 ] && [ $i -lt 400 ]; do sleep 0.02; i=$((i + 1)); done
kill -9 "$RUN" 2>/dev/null
wait "$RUN" 2>/dev/null
BEFORE=$(ls "$SRV/mail" | wc -l)
[ "$BEFORE" -lt 401 ]
ok $? "queue run was killed in the middle of the batch ($BEFORE of 401 received)"
SENDING=$(store_sql "SELECT count(*) FROM messages WHERE state = 'sending'")
cks queue run
if [ "$SENDING" -gt 0 ]; then
	grep -q "$SENDING recovered" "$SCRATCH/out"
else
	true
fi
ok $? "the next run requeues the $SENDING messages the killed run left sending"
cks --json queue list --limit 1000
[ "$(json 'sum(1 for m in d["messages"] if m["state"] != "sent")')" = 0 ]
ok $? "after the restart every message is sent"
cat "$SRV/mail/"*.eml | sed -n 's/^Message-ID: <\(.*\)>.*/\1/p' | sort > "$SCRATCH/ids"
store_sql "SELECT message_id FROM messages WHERE id >= $Q" | sort > "$SCRATCH/expected"
MISSING=$(sort -u "$SCRATCH/ids" | comm -13 - "$SCRATCH/expected" | wc -l)
[ "$(wc -l < "$SCRATCH/expected")" -eq 401 ] && [ "$MISSING" -eq 0 ]
ok $? "none lost: the server received all 401 messages of the batch ($MISSING missing)"
DUPLICATES=$(( $(wc -l < "$SCRATCH/ids") - $(sort -u "$SCRATCH/ids" | wc -l) ))
[ "$DUPLICATES" -le 10 ]
ok $? "duplicates are bounded by the batch in flight ($DUPLICATES <= smtp.batch_size 10)"

finish
