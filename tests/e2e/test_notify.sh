#!/bin/sh
# Wake-ups across daemons (issue 15): on PostgreSQL an idle daemon whose
# queue.interval is long delivers mail another process queued (cksctl
# here, another daemon alike) at once, because the writer's NOTIFY, sent
# when its transaction commits, reaches the daemon's LISTEN connection.
# SQLite has no channel between processes.
. "$CKS_SRCDIR/tests/e2e/lib.sh"
. "$CKS_SRCDIR/tests/e2e/daemon.sh"

[ -n "$CKS_DB_URI" ] || skip_all "SQLite has no channel between processes (another daemon's work is found at queue.interval)"
plan 4

TEMPLATES=$(dirname "$(find "$CKS_STAGE" -name basket.th.txt | head -1)")
SRV=$SCRATCH/srv
cleanup() {
	daemon_kill
	server_stop
	rm -rf "$SCRATCH"
}
trap cleanup EXIT

smtp_server_start "$SRV" || exit 1
cat >> "$CONF" <<CONF
template_dir = $TEMPLATES
mail.from = desk@ditp.example.invalid
mail.reply_address = survey@reply.example.invalid
smtp.host = 127.0.0.1
smtp.port = $PORT
smtp.starttls = off
CONF
daemon_config
# The later line wins: the daemon looks at its queue every 10 minutes.
echo "queue.interval = 10m" >> "$CONF"
daemon_start || exit 1
wait_until 100 grep -q "listen.ready" "$SCRATCH/daemon.log"
ok $? "the daemon listens for other processes' work (listen.ready)"
# Its first pass at start found nothing; the next is 10 minutes away.
wait_until 100 grep -q "queue.run" "$SCRATCH/daemon.log"

cks --json client add --name "สมหญิง ใจงาม" --email somying@example.invalid
C=$(json 'd["id"]')
cks --json session open --channel counter --client "$C" --agent alice
S=$(json 'd["id"]')
cks session close "$S" --summary 'ให้ข้อมูลแล้ว'
cks --json survey send "$S"
Q=$(json 'd["id"]')
[ -n "$Q" ]
ok $? "cksctl, another process, queues the survey invitation ($Q)"
mail_arrived() { [ "$(ls "$SRV/mail" 2>/dev/null | wc -l)" -ge 1 ]; }
wait_until 150 mail_arrived
ok $? "the idle daemon delivered it within 15 s, not at its 10-minute queue.interval"
# The relay has it before the daemon commits the result: wait for that.
marked_sent() { [ "$(store_sql "SELECT state FROM messages WHERE id = $Q")" = sent ]; }
wait_until 100 marked_sent
ok $? "the store marks it sent"
daemon_stop
finish
