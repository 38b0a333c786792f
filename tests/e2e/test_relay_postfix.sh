# Delivery through a real relay: a private Postfix on 127.0.0.1 (its own
# config, queue, maildir and log under the scratch directory) with STARTTLS
# from a private CA made here, refusing (5xx) and deferring (4xx) some
# recipients.  What a relay's operator would see: every message keeps
# Postfix's own reply, no session is cut by smtpd_hard_error_limit, every
# connection ends with QUIT (fail2ban's stock postfix filter, modes
# aggressive and ddos, finds nothing), a relay with a small
# message_size_limit gets download links instead of a 552, and a relay
# that requires TLS with smtp.starttls = off defers the queue, fails
# nothing, and says to change smtp.starttls.
. "$CKS_SRCDIR/tests/e2e/lib.sh"

POSTFIX=/usr/sbin/postfix
F2B=/usr/bin/fail2ban-regex
F2B_FILTER=/etc/fail2ban/filter.d/postfix.conf
if [ ! -x "$POSTFIX" ]; then
	echo "1..0 # SKIP postfix is not installed (.ci/deps installs it)"
	exit 0
fi
if [ ! -x "$F2B" ] || [ ! -f "$F2B_FILTER" ]; then
	echo "1..0 # SKIP fail2ban is not installed (.ci/deps installs it)"
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP a private Postfix instance is started as root"
	exit 0
fi
. "$CKS_SRCDIR/tests/e2e/daemon.sh"

plan 38

PY=/usr/bin/python3
HELP="$CKS_SRCDIR/tests/e2e/postfix.py"
TEMPLATES=$(dirname "$(find "$CKS_STAGE" -name basket.th.txt | head -1)")
PF=$SCRATCH/postfix
DB=$SCRATCH/state/cksgate.db
MAILDIR=$SCRATCH/mail/sink

. "$CKS_SRCDIR/tests/e2e/postfix.sh"
trap 'daemon_kill; stop_postfix; rm -rf "$SCRATCH"' EXIT

# until_ok N COMMAND...: polls COMMAND every 0.1 s, at most N times.
until_ok() { wait_until "$@"; }
sq() { store_sql "$@"; }

# --- a private CA and the relay's certificate -------------------------------------
# Postfix (user postfix) and its virtual(8) (nobody) go through the scratch
# directory, which mktemp made private.
chmod 755 "$SCRATCH"
mkdir -p "$PF/queue" "$PF/data" "$SCRATCH/mail" "$SCRATCH/ca"
chown postfix "$PF/data"
chown 65534:65534 "$SCRATCH/mail"
openssl req -x509 -newkey rsa:2048 -nodes -subj "/CN=cksgate test CA" -days 2 \
	-keyout "$SCRATCH/ca/ca.key" -out "$SCRATCH/ca/ca.pem" 2>/dev/null &&
	openssl req -newkey rsa:2048 -nodes -subj /CN=localhost \
		-keyout "$PF/key.pem" -out "$SCRATCH/ca/relay.csr" 2>/dev/null &&
	printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > "$SCRATCH/ca/ext" &&
	openssl x509 -req -in "$SCRATCH/ca/relay.csr" -CA "$SCRATCH/ca/ca.pem" \
		-CAkey "$SCRATCH/ca/ca.key" -CAcreateserial -days 2 \
		-extfile "$SCRATCH/ca/ext" -out "$PF/cert.pem" 2>/dev/null
ok $? "a private CA signs the relay's certificate for 127.0.0.1"

# --- the relay: one Postfix, four smtpd services ----------------------------------
# P_MAIN: STARTTLS offered, some recipients refused; P_SMALL:
# message_size_limit 200000; P_TLS: TLS required (smtpd_tls_security_level
# = encrypt); P_LIMIT: smtpd_hard_error_limit 3.
BANNER="cks-test-$$"
cat > "$PF/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $PF/queue
data_directory = $PF/data
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
myhostname = relay.example.test
smtpd_banner = \$myhostname ESMTP $BANNER
mydomain = example.test
myorigin = example.test
mydestination =
alias_maps =
alias_database =
local_recipient_maps =
virtual_mailbox_domains = example.invalid
virtual_mailbox_base = $SCRATCH/mail
virtual_mailbox_maps = static:sink/
virtual_uid_maps = static:65534
virtual_gid_maps = static:65534
smtpd_recipient_restrictions = check_recipient_access regexp:$PF/recipients,
	permit_mynetworks, reject_unauth_destination
smtpd_tls_security_level = may
smtpd_tls_cert_file = $PF/cert.pem
smtpd_tls_key_file = $PF/key.pem
smtpd_tls_loglevel = 1
default_transport = error:this test sends no mail out
relay_transport = error:this test sends no mail out
maillog_file = $PF/maillog
maillog_file_prefixes = $SCRATCH
biff = no
smtputf8_enable = no
CF
cat > "$PF/recipients" <<'RE'
/^refused/ 550 5.1.1 no such user here
/^busy/ 450 4.2.1 mailbox busy, try later
RE
# Debian's services, chroot off (the chroot would need /etc copied in).
# postfix_master: the four listeners on $PORTS (postfix_start in postfix.sh)
postfix_master() {
	set -- $PORTS
	P_MAIN=$1 P_SMALL=$2 P_TLS=$3 P_LIMIT=$4
	cat <<CF
127.0.0.1:$P_MAIN inet n - n - - smtpd
127.0.0.1:$P_SMALL inet n - n - - smtpd
  -o message_size_limit=200000
127.0.0.1:$P_TLS inet n - n - - smtpd
  -o smtpd_tls_security_level=encrypt
127.0.0.1:$P_LIMIT inet n - n - - smtpd
  -o smtpd_hard_error_limit=3
virtual   unix  -       n       n       -       -       virtual
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
CF
	postfix_services
}
postfix_start 4
R=$?; [ $R -eq 0 ] || sed "s/^/# maillog: /" "$PF/maillog" | tail -20
ok $R "a private Postfix answers on 127.0.0.1:$P_MAIN, :$P_SMALL, :$P_TLS and :$P_LIMIT"
[ $R -eq 0 ] || finish

daemon_config
cp "$CONF" "$SCRATCH/base.conf"
# relay_config PORT [extra lines]: the base config, this relay.
relay_config() {
	cp "$SCRATCH/base.conf" "$CONF"
	cat >> "$CONF" <<CONF
template_dir = $TEMPLATES
mail.from = desk@ditp.example.invalid
mail.reply_address = survey@reply.example.invalid
smtp.host = 127.0.0.1
smtp.port = $1
smtp.connect_timeout = 5s
smtp.command_timeout = 30s
smtp.workers = 1
smtp.batch_size = 20
queue.retry_schedule = 10m
CONF
	shift
	for line in "$@"; do echo "$line" >> "$CONF"; done
}
id_of() { json 'd["id"]'; }

# new_basket EMAIL [FILE]: a confirmed basket for a new client, queued;
# prints its queue id.
new_basket() {
	cks --json client add --name "ลูกค้า ทดสอบ" --email "$1" --lang th
	c=$(id_of)
	cks --json session open --channel counter --client "$c" --agent Napa
	s=$(id_of)
	if [ -n "${2:-}" ]; then
		cks basket add "$s" --title "คู่มือ" --url https://example.invalid/kb/1 --file "$2"
	else
		cks basket add "$s" --title "คู่มือ" --url https://example.invalid/kb/1
	fi
	cks basket confirm "$s"
	cks --json basket send "$s"
	id_of
}
# log_from N: the relay's log from line N on.
log_from() { tail -n "+$1" "$PF/maillog"; }
log_lines() { wc -l < "$PF/maillog"; }
# f2b_matches MODE FILE: how many lines fail2ban's stock postfix filter matches.
f2b_matches() {
	"$F2B" "$2" "$F2B_FILTER[mode=$1]" > "$SCRATCH/f2b.out" 2>&1
	sed -n 's/^Lines: .* \([0-9][0-9]*\) matched.*/\1/p' "$SCRATCH/f2b.out"
}

# --- 60 messages, 15 refused (550) and 15 deferred (450), over STARTTLS -------------
relay_config "$P_MAIN" "smtp.starttls = required" "smtp.ca_file = $SCRATCH/ca/ca.pem"
Q=$(new_basket ok0@example.invalid)
# 59 copies of it, each to its own recipient and with its own Message-ID:
# every 4th from the 1st refused, every 4th from the 3rd deferred.
sq "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 59)
  INSERT INTO messages (kind, session_id, sender, recipient, message_id, subject, size,
    state, created_at, next_attempt_at)
  SELECT kind, session_id, sender,
    CASE i % 4 WHEN 1 THEN 'refused' WHEN 3 THEN 'busy' ELSE 'ok' END || i || '@example.invalid',
    'c' || i || '.' || message_id, subject, size, 'queued', created_at, next_attempt_at
  FROM messages, n WHERE messages.id = $Q ORDER BY i;
  INSERT INTO message_bodies (message, body)
  SELECT m.id, $(sql_body_replace b.body "'Message-ID: <' || o.message_id || '>'" \
    "'Message-ID: <' || m.message_id || '>'")
  FROM messages o JOIN message_bodies b ON b.message = o.id, messages m
  WHERE o.id = $Q AND m.id > $Q"
[ "$(sq "SELECT count(*) FROM messages WHERE state = 'queued'")" -eq 60 ]
ok $? "60 messages are queued"
FROM_LINE=$(( $(log_lines) + 1 ))
cks queue run
ok $RC "queue run goes through ($(cat "$SCRATCH/out"))"
[ "$(sq "SELECT count(*) FROM messages WHERE state = 'sent' AND recipient LIKE 'ok%'")" -eq 30 ] &&
	[ "$(sq "SELECT count(*) FROM messages WHERE state = 'sent'")" -eq 30 ]
ok $? "the 30 accepted recipients are sent"
delivered() { [ "$(ls "$MAILDIR/new" 2>/dev/null | wc -l)" -eq "$1" ]; }
until_ok 300 delivered 30
ok $? "Postfix delivered those 30 into its maildir ($(ls "$MAILDIR/new" 2>/dev/null | wc -l))"
[ "$(sq "SELECT count(*) FROM messages WHERE recipient LIKE 'refused%' AND state = 'failed'
  AND last_code = 550 AND last_reply LIKE '550 5.1.1 %no such user here%'")" -eq 15 ]
ok $? "the 15 refused recipients failed with Postfix's 550 5.1.1 text"
[ "$(sq "SELECT count(*) FROM messages WHERE recipient LIKE 'busy%' AND state = 'deferred'
  AND last_code = 450 AND last_reply LIKE '450 4.2.1 %mailbox busy, try later%'")" -eq 15 ]
ok $? "the 15 busy recipients are deferred with Postfix's real 450 4.2.1 text"
[ "$(sq "SELECT count(*) FROM message_attempts WHERE code IS NULL OR reply LIKE '%dropped%'
  OR reply LIKE '%closed the connection%' OR reply LIKE '%not attempted%'")" -eq 0 ]
ok $? "no attempt was recorded without a reply of the relay's own"
log_from "$FROM_LINE" > "$SCRATCH/run.log"
SESSIONS=$(grep -c "postfix/smtpd\[[0-9]*\]: connect from" "$SCRATCH/run.log")
[ "$SESSIONS" -eq 3 ]
ok $? "60 messages took 3 sessions of smtp.batch_size 20 ($SESSIONS)"
! grep -q "too many errors" "$SCRATCH/run.log" &&
	[ "$(grep -c "disconnect from .* quit=1 " "$SCRATCH/run.log")" -eq "$SESSIONS" ]
ok $? "no session was cut by the error limit: each ended with the client's QUIT"
# Postfix writes "bdat=3/5" when it refused some of 5, "bdat=5" otherwise.
grep "disconnect from" "$SCRATCH/run.log" | sed 's/^/# /'
! grep -Eq " (bdat|data)=[0-9]+/[0-9]+" "$SCRATCH/run.log"
ok $? "no message data was sent that the relay refused (every BDAT/DATA accepted)"
[ "$(grep -c "TLS connection established from" "$SCRATCH/run.log")" -eq "$SESSIONS" ]
ok $? "every session ran over STARTTLS"
[ "$(sq "SELECT size_limit FROM relay_status WHERE relay = '127.0.0.1:$P_MAIN' AND ok = 1")" = 10240000 ]
ok $? "the relay's SIZE (10240000, Postfix's default) is remembered"

# attachments QUEUE-ID NAME: how many files the queued message carries,
# and whether its text has a download link (http.public_url) and NAME.
# (a download link is under /d/; every mail has an opt-out link under /u/)
attachments() {
	cks queue show "$1" --raw
	"$PY" -c 'import email, email.policy, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
text = m.get_body(("plain",)).get_content()
print(len(list(m.iter_attachments())), sys.argv[2] in text and sys.argv[3] + "/d/" in text)' "$SCRATCH/out" "$2" "$API"
}

# --- a relay with a small message_size_limit ----------------------------------------
relay_config "$P_SMALL" "smtp.starttls = off"
head -c 125000 /dev/urandom > "$SCRATCH/big.bin"
head -c 20000 /dev/urandom > "$SCRATCH/small.bin"
head -c 180000 /dev/urandom > "$SCRATCH/huge.bin"
# Before the first session the relay's SIZE is unknown: a basket of
# 180 KB (some 246 KB in base64) is composed with its file attached.
S1=$(new_basket small1@example.invalid)
H=$(new_basket huge1@example.invalid "$SCRATCH/huge.bin")
cks --json queue show "$H"
H_SESSION=$(json 'd["session"]')
cks queue run
[ "$RC" -eq 0 ] && [ "$(sq "SELECT state FROM messages WHERE id = $S1")" = sent ] &&
	[ "$(sq "SELECT size_limit FROM relay_status WHERE relay = '127.0.0.1:$P_SMALL'")" = 200000 ]
ok $? "a session with the small relay learns its SIZE 200000"
[ "$(sq "SELECT state || ' ' || last_reply FROM messages WHERE id = $H")" = \
	"failed 552 5.3.4 Message size exceeds fixed limit" ]
ok $? "the basket composed before that fails with the relay's own 552 5.3.4"
cks --json basket send "$H_SESSION"
H2=$(id_of)
[ -n "$H2" ] && [ "$H2" != "$H" ] && [ "$(attachments "$H2" huge.bin)" = "0 True" ]
ok $? "sent again, it is queued anew with a download link in place of the file"
B1=$(new_basket big1@example.invalid "$SCRATCH/big.bin")
[ "$(attachments "$B1" big.bin)" = "0 True" ] && [ "$(sq "SELECT size FROM messages WHERE id = $B1")" -lt 200000 ]
ok $? "a 125 KB file (about 171 KB in base64) becomes a download link for this relay"
B2=$(new_basket small2@example.invalid "$SCRATCH/small.bin")
[ "$(attachments "$B2" small.bin)" = "1 False" ]
ok $? "a 20 KB file is still attached"
cks queue run
[ "$(sq "SELECT count(*) FROM messages WHERE id IN ($B1, $B2, $H2) AND state = 'sent'")" -eq 3 ] &&
	[ "$(sq "SELECT count(*) FROM message_attempts WHERE code = 552 AND message != $H")" -eq 0 ]
ok $? "all three are accepted by the small relay: nothing else fails with 552"
until_ok 300 delivered 34
ok $? "Postfix delivered them"

# --- fail2ban's view of all these sessions ------------------------------------------
cp "$PF/maillog" "$SCRATCH/delivery.log"
A=$(f2b_matches aggressive "$SCRATCH/delivery.log")
[ "$A" = 0 ]
ok $? "fail2ban-regex postfix[mode=aggressive] finds nothing in the relay's log (${A:-?} matches)"
D=$(f2b_matches ddos "$SCRATCH/delivery.log")
[ "$D" = 0 ]
ok $? "fail2ban-regex postfix[mode=ddos] finds nothing (${D:-?} matches)"
# The same filter does see a client that connects and says nothing, which
# is what the gateway's old probe connection did.
"$PY" -c 'import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.close()' "$P_MAIN"
until_ok 100 grep -q "lost connection after CONNECT" "$PF/maillog"
[ "$(f2b_matches aggressive "$PF/maillog")" -ge 1 ] && [ "$(f2b_matches ddos "$PF/maillog")" -ge 1 ]
ok $? "a connection closed without a command is matched by both modes (the filter works on this log)"

# --- a session the relay cuts: every message still says why -------------------------
# With smtpd_hard_error_limit 3, Postfix answers the command after the
# third refusal with "421 4.7.0 Error: too many errors" and hangs up; the
# messages after it never got a reply of their own.
relay_config "$P_LIMIT" "smtp.starttls = off"
sq "WITH n(i, r) AS (VALUES (1, 'refused-a'), (2, 'refused-b'), (3, 'refused-c'),
    (4, 'refused-d'), (5, 'ok-e'), (6, 'ok-f'))
  INSERT INTO messages (kind, session_id, sender, recipient, message_id, subject, size,
    state, created_at, next_attempt_at)
  SELECT kind, session_id, sender, r || '@example.invalid', 'cut' || i || '.' || message_id,
    subject, size, 'queued', created_at, 0 FROM messages, n WHERE messages.id = $Q
    ORDER BY i;
  INSERT INTO message_bodies (message, body)
  SELECT m.id, b.body FROM message_bodies b, messages m
  WHERE b.message = $Q AND m.message_id LIKE 'cut%'"
cks queue run
[ "$(sq "SELECT count(*) FROM messages WHERE message_id LIKE 'cut%' AND state = 'failed'
  AND last_reply LIKE '550 5.1.1 %'")" -eq 3 ]
ok $? "the relay's error limit: the first 3 refused fail with the 550"
[ "$(sq "SELECT count(*) FROM messages WHERE message_id LIKE 'cut%' AND state = 'deferred'
  AND last_reply LIKE '%421 4.7.0 %too many errors%'")" -eq 3 ] &&
	[ "$(sq "SELECT count(*) FROM messages WHERE message_id LIKE 'cut%'
  AND (last_reply LIKE '%closed the connection%' OR last_reply LIKE '%dropped%')")" -eq 0 ]
ok $? "the 3 after the cut are deferred with Postfix's 421 'too many errors', not 'dropped connection'"
sq "SELECT last_reply FROM messages WHERE message_id LIKE 'cut%' AND state = 'deferred' LIMIT 1" | sed 's/^/# /'

# --- a relay that requires TLS, with smtp.starttls = off -----------------------------
relay_config "$P_TLS" "smtp.starttls = off" "smtp.batch_size = 2"
T1=$(new_basket tls1@example.invalid)
T2=$(new_basket tls2@example.invalid)
T3=$(new_basket tls3@example.invalid)
connections() { grep -c "postfix/smtpd\[[0-9]*\]: connect from" "$PF/maillog"; }
BEFORE=$(connections)
cks queue run
[ "$RC" -ne 0 ] && [ "$(wc -l < "$SCRATCH/err")" -eq 1 ] &&
	grep -q "smtp.starttls" "$SCRATCH/err" && grep -q "530 5.7.0" "$SCRATCH/err"
ok $? "queue run fails with one error that names smtp.starttls and quotes the 530"
sed 's/^/# /' "$SCRATCH/err"
[ "$(sq "SELECT count(*) FROM messages WHERE id IN ($T1, $T2, $T3) AND state = 'failed'")" -eq 0 ]
ok $? "no message is marked failed"
[ "$(sq "SELECT count(*) FROM messages WHERE id IN ($T1, $T2, $T3) AND state = 'deferred'
  AND last_reply LIKE '%smtp.starttls%'")" -eq 2 ] &&
	[ "$(sq "SELECT state FROM messages WHERE id = $T3")" = queued ]
ok $? "the batch is deferred saying so, and the run stops: the third is not tried"
[ "$(connections)" -eq $((BEFORE + 1)) ]
ok $? "one session for the whole run"
cks queue list
grep -q "relay 127.0.0.1:$P_TLS not usable" "$SCRATCH/out" && grep -q "change smtp.starttls" "$SCRATCH/out"
ok $? "queue list says the relay is not usable and which setting to change"
cks --json queue list
[ "$(json 'd["relay_fault"]["setting"]')" = smtp.starttls ]
ok $? "queue list --json has the relay fault with its setting"
daemon_start
api GET /metrics "" "$TOKEN_VIEWER"
[ "$STATUS" = 200 ] &&
	grep -q "^cksgate_relay_fault{relay=\"127.0.0.1:$P_TLS\",setting=\"smtp.starttls\"} 1$" "$SCRATCH/out" &&
	grep -q "^cksgate_relay_size_limit_bytes{relay=\"127.0.0.1:$P_SMALL\"} 200000$" "$SCRATCH/out"
ok $? "/metrics shows the relay fault with smtp.starttls, and the small relay's SIZE"
! grep -qi "password\|secret" "$SCRATCH/out"
ok $? "/metrics shows no secret"
# The daemon's own pass meets the fault with the third message.
until_ok 100 grep -q "queue.failed" "$SCRATCH/daemon.log"
daemon_stop
[ "$(grep -c "queue.failed.*530 5.7.0.*smtp.starttls" "$SCRATCH/daemon.log")" -eq 1 ]
ok $? "cksgated logs the fault once, naming smtp.starttls"
relay_config "$P_TLS" "smtp.starttls = required" "smtp.ca_file = $SCRATCH/ca/ca.pem" \
	"queue.retry_schedule = 1s"
# (the daemon, too, met the fault while it ran: all three wait for their retry)
for t in $T1 $T2 $T3; do cks queue retry "$t"; done
cks queue run
[ "$RC" -eq 0 ] &&
	[ "$(sq "SELECT count(*) FROM messages WHERE id IN ($T1, $T2, $T3) AND state = 'sent'")" -eq 3 ]
ok $? "with smtp.starttls = required all three go out"
cks --json queue list
[ "$(json 'd["relay_fault"]')" = None ]
ok $? "and the relay fault is cleared"

stop_postfix
! kill -0 "$(cat "$PF/queue/pid/master.pid" 2>/dev/null | tr -d ' ')" 2>/dev/null
ok $? "postfix -c DIR stop stops the private instance"
finish
