# Replies as the MTA delivers them: a private Postfix on 127.0.0.1 (its own
# config, queue and log under the scratch directory) hands mail for
# survey@reply.example.test to `cksctl inject` through an alias pipe
# (local(8)), and mail for pipe.example.test through pipe(8) with
# flags=DRF, as doc/mta.md says to.  Both put an mbox "From " line before
# the header.  A busy store makes inject exit 75 and Postfix retry.
. "$CKS_SRCDIR/tests/e2e/lib.sh"

POSTFIX=/usr/sbin/postfix
if [ ! -x "$POSTFIX" ]; then
	echo "1..0 # SKIP postfix is not installed (.ci/deps installs it)"
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP a private Postfix instance is started as root"
	exit 0
fi

plan 12

PY=/usr/bin/python3
HELP="$CKS_SRCDIR/tests/e2e/postfix.py"
PF=$SCRATCH/postfix
STATE=$SCRATCH/state
DB=$STATE/cksgate.db
# local(8) runs an alias's command as default_privs, pipe(8) as its user=:
# nobody both, so cksctl and sqlite3 run as nobody here too, or files they
# create (the database's -wal and -shm) would be root's.
AS_NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
CKSCTL=$SCRATCH/cksctl
printf '#!/bin/sh\nexec %s %s "$@"\n' "$AS_NOBODY" "$CKS_BINDIR/cksctl" > "$CKSCTL"
chmod 755 "$CKSCTL" "$SCRATCH"
mkdir -p "$STATE" "$PF/queue" "$PF/data"
chown 65534:65534 "$STATE"
chown postfix "$PF/data"
sq() {
	if [ -n "$CKS_DB_URI" ]; then store_sql "$@"; else $AS_NOBODY sqlite3 "$DB" "$@"; fi
}

TEMPLATES=$(dirname "$(find "$CKS_STAGE" -name survey.th.txt | head -1)")
cat >> "$CONF" <<CONF
template_dir = $TEMPLATES
mail.from = desk@ditp.example.invalid
mail.reply_address = survey@reply.example.test
busy_timeout_ms = 200
CONF
chmod 644 "$CONF"

. "$CKS_SRCDIR/tests/e2e/postfix.sh"
trap 'stop_postfix; rm -rf "$SCRATCH"' EXIT

# until N COMMAND...: polls COMMAND every 0.1 s, at most N times.
until_ok() { wait_until "$@"; }

BANNER="cks-test-$$"
cat > "$PF/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $PF/queue
data_directory = $PF/data
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
myhostname = mx.reply.example.test
smtpd_banner = \$myhostname ESMTP $BANNER
mydomain = reply.example.test
myorigin = reply.example.test
mydestination = reply.example.test
alias_maps = hash:$PF/aliases
alias_database = hash:$PF/aliases
recipient_delimiter = +
default_privs = nobody
relay_domains = pipe.example.test
transport_maps = inline:{ pipe.example.test=cksgate: }
default_transport = error:this test sends no mail out
relay_transport = error:this test sends no mail out
maillog_file = $PF/maillog
maillog_file_prefixes = /var, /dev/stdout, /tmp
biff = no
smtputf8_enable = no
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
# cksctl finds the staged helper programs (cksgate-parse) through the
# environment, which Postfix clears for its commands but this.
import_environment = MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG TZ LANG=C CKS_LIBEXECDIR=$CKS_LIBEXECDIR
export_environment = TZ MAIL_CONFIG LANG CKS_LIBEXECDIR
CF
# Debian's services, chroot off (the chroot would need /etc copied in).
# postfix_start: on a fresh port, up to 5 times while the port turns out
# taken before Postfix could bind it (the master then logs "Address
# already in use"); ready means our banner answers.
postfix_master() {
	PORT=$PORTS
	cat <<CF
127.0.0.1:$PORT inet n - n - - smtpd
local     unix  -       n       n       -       -       local
cksgate   unix  -       n       n       -       -       pipe
  flags=DRF user=nobody argv=$CKS_BINDIR/cksctl -c $CONF inject
CF
	postfix_services
}
printf 'survey: "|%s -c %s inject"\n' "$CKS_BINDIR/cksctl" "$CONF" > "$PF/aliases"
postalias -c "$PF" "$PF/aliases" && postfix_start 1
ok $? "a private Postfix answers on 127.0.0.1:$PORT"

cks --json client add --name "สมชาย ใจดี" --email somchai@example.invalid
CLIENT=$(json 'd["id"]')
# invite: a closed session with an invitation sent; sets S, T, Q.
invite() {
	cks --json session open --channel hotline1169 --client "$CLIENT" --agent Anan
	S=$(json 'd["id"]')
	cks session close "$S" --summary "demo"
	cks --json survey send "$S"
	T=$(json 'd["token"]') Q=$(json 'd["id"]')
}
reply() {  # reply FILE TO BODY
	{
		printf 'From: Somchai <somchai@example.invalid>\r\nTo: %s\r\n' "$2"
		printf 'Subject: Re: survey\r\nMessage-ID: <%s@client.example.invalid>\r\n' "$(basename "$1" .eml)"
		printf 'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n' "$3"
	} > "$1"
}
inbound_count() { sq "SELECT count(*) FROM inbound_messages"; }
count_is() { [ "$(inbound_count)" -eq "$1" ]; }
rating_of() { cks --json session show "$1"; json 'd["rating"] and d["rating"]["code"]'; }

# --- the alias pipe ---------------------------------------------------------------
invite; S1=$S
reply "$SCRATCH/a1.eml" "survey+$T@reply.example.test" "2 บริการดีครับ"
"$PY" "$HELP" send "$PORT" somchai@example.invalid "survey+$T@reply.example.test" "$SCRATCH/a1.eml" &&
	until_ok 200 count_is 1
ok $? "a reply to survey+token@reply.example.test reaches cksctl inject through the alias"
[ "$(sq "SELECT outcome, code, $(sql_blob_head raw 5) FROM inbound_messages")" = "recorded|2|From " ]
ok $? "it is recorded as 2, from bytes that start with Postfix's mbox From line"
[ "$(rating_of "$S1")" = 2 ]
ok $? "session show gives the rating 2"
[ "$(sq "SELECT $(sql_json_text detail from_address) || ' ' || $(sql_json_text detail subject) FROM inbound_messages")" = "somchai@example.invalid Re: survey" ]
ok $? "the header after the From line is read as the header"
grep -q "status=sent (delivered to command: $CKS_BINDIR/cksctl" "$PF/maillog"
ok $? "Postfix logs the delivery to the command as sent"

# --- pipe(8) with flags=DRF --------------------------------------------------------
invite; S2=$S
reply "$SCRATCH/a2.eml" "survey+$T@pipe.example.test" "ไม่พึงพอใจ รอนาน"
"$PY" "$HELP" send "$PORT" somchai@example.invalid "survey+$T@pipe.example.test" "$SCRATCH/a2.eml" &&
	until_ok 200 count_is 2
[ $? -eq 0 ] && [ "$(rating_of "$S2")" = 3 ] &&
	[ "$(sq "SELECT outcome, code FROM inbound_messages ORDER BY id DESC LIMIT 1")" = "recorded|3" ]
ok $? "a reply through pipe(8) flags=DRF is recorded as 3"

# --- a bounce, with the null sender ----------------------------------------------------
cks queue run
MID=$(sed -n 's/^Message-ID: <\(.*\)>.*/\1/p' "$STATE/spool/$Q.eml" | head -1)
{
	printf 'From: MAILER-DAEMON <>\r\nTo: survey@reply.example.test\r\nSubject: Mail delivery failed\r\n'
	printf 'Message-ID: <bounce1@mx.example.invalid>\r\n\r\n'
	printf 'A message that you sent could not be delivered.\r\n  somchai@example.invalid\r\n'
	printf '    554 5.7.1 Recipient address rejected: Bad destination mailbox address\r\n\r\n'
	printf -- '------ This is a copy of the message, including all the headers. ------\r\n'
	printf 'Message-ID: <%s>\r\nSubject: survey\r\n\r\n3 ไม่พึงพอใจ\r\n' "$MID"
} > "$SCRATCH/b1.eml"
"$PY" "$HELP" send "$PORT" "" survey@reply.example.test "$SCRATCH/b1.eml" && until_ok 200 count_is 3
[ $? -eq 0 ] && [ "$(sq "SELECT outcome FROM inbound_messages ORDER BY id DESC LIMIT 1")" = bounce ] &&
	cks queue show "$Q" && grep -q "bounced   bounce" "$SCRATCH/out" && [ "$(rating_of "$S2")" = 3 ]
ok $? "a DragonFly-style bounce with a '3' in it is applied to its message, no rating"

# --- exit 75: Postfix keeps the reply and retries ------------------------------------------
invite; S3=$S
reply "$SCRATCH/a3.eml" "survey+$T@reply.example.test" "1"
mkfifo "$SCRATCH/release"
if [ -n "$CKS_DB_URI" ]; then
	# PostgreSQL: the table replies go into, locked by another session.
	( printf 'BEGIN; LOCK TABLE inbound_messages IN ACCESS EXCLUSIVE MODE; SELECT 1;\n'
	  read -r _ < "$SCRATCH/release"; printf 'COMMIT;\n' ) | psql -X -q "$CKS_DB_URI" > /dev/null &
	LOCKER=$!
	until_ok 100 eval '[ "$(store_sql "SELECT count(*) FROM pg_locks WHERE granted AND mode = '"'AccessExclusiveLock'"' AND relation = '"'inbound_messages'"'::regclass")" = 1 ]'
else
	( printf 'BEGIN EXCLUSIVE;\nSELECT 1;\n'; read -r _ < "$SCRATCH/release"; printf 'COMMIT;\n' ) |
		$AS_NOBODY sqlite3 -cmd '.timeout 5000' "$DB" > /dev/null &
	LOCKER=$!
	until_ok 100 sh -c "! $AS_NOBODY sqlite3 -cmd '.timeout 0' '$DB' 'BEGIN IMMEDIATE; COMMIT;' 2>/dev/null"
fi
"$PY" "$HELP" send "$PORT" somchai@example.invalid "survey+$T@reply.example.test" "$SCRATCH/a3.eml" &&
	until_ok 200 grep -q "status=deferred (temporary failure" "$PF/maillog"
ok $? "while the store is busy, inject exits 75 and Postfix defers the reply"
echo > "$SCRATCH/release"
wait "$LOCKER"
# Ask for the retry now rather than at the next queue run: under ASan
# on a loaded machine the backoff and the scan may take longer.
postqueue -c "$PF" -f > /dev/null 2>&1
retried() { count_is 4 && [ "$(rating_of "$S3")" = 1 ]; }
until_ok 600 retried
ok $? "Postfix's retry is recorded as 1"
[ "$(grep -c "status=bounced" "$PF/maillog")" -eq 0 ]
ok $? "Postfix bounced nothing"

stop_postfix
! kill -0 "$(cat "$PF/queue/pid/master.pid" 2>/dev/null | tr -d ' ')" 2>/dev/null
ok $? "postfix -c DIR stop stops the private instance"
finish
