#!/usr/bin/env bash
# End-to-end outbound benchmark (issue 18): the survey invitations of
# every session closed yesterday -- render, durably queue, deliver -- as
# an agent's supervisor runs it:
#
#   cksctl survey send --closed-on YESTERDAY    (render + queue, durable)
#   cksctl queue run                            (deliver to the relay)
#
# into Postfix's smtp-sink on loopback, beside, in the same run and to the
# same sink, what a user would write instead with Python's stdlib: each
# invitation rendered with email.message (Thai text + HTML, the rating
# options), recorded in SQLite (WAL, synchronous=FULL: one commit when
# queued, one when marked sent) and sent with smtplib on one connection.
#
#   bench/bulk_bench.sh [N]     (default N=5000 sessions; RUNS=3;
#                                CKSCTL, PLUGIN_DIR, TEMPLATE_DIR as in
#                                smtp_bench.sh; WORKERS: smtp.workers,
#                                default 2 as shipped)
#
# Prints messages per second end to end (median and range of RUNS runs),
# each run's ratio to the Python script, the two halves, and peak RSS at N
# and at N/5 (flat in N).  Only 127.0.0.1 is used.
set -euo pipefail

N=${1:-5000}
RUNS=${RUNS:-3}
WORKERS=${WORKERS:-2}
CKSCTL=${CKSCTL:-cksctl}
PY=/usr/bin/python3
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
bench_need /usr/sbin/smtp-sink /usr/bin/time sqlite3 "$PY"
command -v "$CKSCTL" >/dev/null || { echo "cksctl not found: make install first" >&2; exit 1; }

# the scratch dir, the store (CKS_BENCH_DATABASE=postgresql://... runs it on
# PostgreSQL, bench/store.sh) and the sink
bench_begin bulk-bench

cat > "$work/c.conf" <<CONF
state_dir = $work/state
mail.from = desk@ditp.example.invalid
mail.reply_address = survey@reply.example.invalid
http.public_url = https://cks.ditp.example.invalid
smtp.host = 127.0.0.1
smtp.port = $port
smtp.starttls = off
smtp.workers = $WORKERS
$BENCH_DB_LINE
CONF
[ -n "${PLUGIN_DIR:-}" ] && echo "plugin_dir = $PLUGIN_DIR" >> "$work/c.conf"
[ -n "${TEMPLATE_DIR:-}" ] && echo "template_dir = $TEMPLATE_DIR" >> "$work/c.conf"
C() { "$CKSCTL" -c "$work/c.conf" "$@"; }
json_id() { "$PY" -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }

# Yesterday in the desk's zone, and its midnight in ms.
day=$(TZ=Asia/Bangkok date -d yesterday +%F)
midnight_ms=$(( $(TZ=Asia/Bangkok date -d "$day 00:00" +%s) * 1000 ))

# 20 clients (Thai and English), one session each closed yesterday; the
# store then gets the rest by copying them (cksctl per session would
# measure process start-ups, not the bulk run).
CLIENTS=20
for i in $(seq 1 $CLIENTS); do
	lang=th; [ $((i % 4)) -eq 0 ] && lang=en
	c=$(C --json client add --name "สมชาย ใจดี $i" --company "บริษัท ทดสอบ จำกัด" \
		--email "client$i@example.invalid" --lang "$lang" | json_id)
	s=$(C --json session open --channel counter --client "$c" --agent Napa \
		--at "${day}T08:00" | json_id)
	C session close "$s" --summary "ให้ข้อมูลตลาดส่งออก" --at "${day}T08:30" > /dev/null
done
bench_sql "
  WITH RECURSIVE n(i) AS (SELECT $((CLIENTS + 1)) UNION ALL SELECT i + 1 FROM n WHERE i < $N)
  INSERT INTO sessions (channel, client_id, agent, agent_id, opened_at, closed_at, level, summary)
  SELECT channel, (SELECT min(id) FROM clients) + (n.i % $CLIENTS), agent, agent_id,
    $midnight_ms + n.i * 1000, $midnight_ms + n.i * 1000 + 600000, level, summary
  FROM sessions, n WHERE sessions.id = (SELECT min(id) FROM sessions)" > /dev/null
[ "$(bench_sql "SELECT count(*) FROM sessions")" = "$N" ] || { echo "store has not $N sessions" >&2; exit 1; }
# What the Python script gets: the same sessions, as a file.
bench_sql "SELECT s.id, c.name, c.email, c.lang FROM sessions s JOIN clients c ON c.id = s.client_id
  ORDER BY s.id" > "$work/sessions.txt"
bench_snapshot base

cat > "$work/py_invite.py" <<'PY'
# What a user would write instead: render each invitation with the stdlib's
# email.message, keep it in a SQLite queue (WAL, synchronous=FULL, one
# commit when queued and one when sent), send it with smtplib over one
# connection.
import secrets, smtplib, sqlite3, sys
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from html import escape
sessions_file, db_file, port, limit = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
OPTIONS = [(5, "พอใจมากที่สุด", "Very satisfied"), (4, "พอใจมาก", "Satisfied"),
           (3, "พอใจ", "Neutral"), (2, "ไม่ค่อยพอใจ", "Dissatisfied"),
           (1, "ไม่พอใจ", "Very dissatisfied")]
db = sqlite3.connect(db_file, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=FULL")
db.execute("CREATE TABLE IF NOT EXISTS queue (id INTEGER PRIMARY KEY, session INTEGER,"
           " token TEXT, recipient TEXT, body BLOB, state TEXT)")
smtp = smtplib.SMTP("127.0.0.1", port)
sent = 0
for line in open(sessions_file, encoding="utf-8"):
    if sent >= limit:
        break
    sid, name, email, lang = line.rstrip("\n").split("|")
    token = secrets.token_hex(8)
    th = lang == "th"
    m = EmailMessage()
    m["Subject"] = ("แบบสอบถามความพึงพอใจ" if th else "How did we do?") + f" [CKS-{token.upper()}]"
    m["From"] = "กรมส่งเสริมการค้าระหว่างประเทศ <desk@ditp.example.invalid>"
    m["To"] = f"{name} <{email}>"
    m["Reply-To"] = f"survey+{token}@reply.example.invalid"
    m["Date"] = formatdate(localtime=True)
    m["Message-ID"] = make_msgid(domain="ditp.example.invalid")
    m["Auto-Submitted"] = "auto-generated"
    lines = [f"เรียน คุณ{name}" if th else f"Dear {name},", "",
             "ขอบคุณที่ใช้บริการ กรุณาตอบกลับด้วยหมายเลข" if th else
             "Thank you. Please reply with the number:", ""]
    lines += [f"  {c}  {t if th else e}  https://cks.ditp.example.invalid/r/{token}/{c}"
              for c, t, e in OPTIONS]
    m.set_content("\n".join(lines))
    m.add_alternative("<html><body><p>" + escape(lines[0]) + "</p><ul>" + "".join(
        f'<li><a href="https://cks.ditp.example.invalid/r/{token}/{c}">{escape(t if th else e)}</a></li>'
        for c, t, e in OPTIONS) + "</ul></body></html>", subtype="html")
    body = m.as_bytes()
    cur = db.execute("INSERT INTO queue (session, token, recipient, body, state)"
                     " VALUES (?, ?, ?, ?, 'queued')", (sid, token, email, body))
    smtp.sendmail("desk@ditp.example.invalid", [email], body)
    db.execute("UPDATE queue SET state = 'sent' WHERE id = ?", (cur.lastrowid,))
    sent += 1
smtp.quit()
print(sent)
PY

# t OUTFILE COMMAND...: elapsed seconds and peak RSS KB of COMMAND.
t() {
	local out=$1
	shift
	/usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$out"
	cat "$work/time"
}

# run_cksgate COUNT: the whole path on a fresh copy of the store, the
# first COUNT sessions closed yesterday -> "send_s send_kb run_s run_kb".
run_cksgate() {
	bench_restore base
	local to
	# The first COUNT sessions: a period that ends after the COUNT-th.
	to=$(bench_sql "SELECT closed_at / 1000 + 1 FROM sessions ORDER BY closed_at, id LIMIT 1 OFFSET $(( $1 - 1 ))")
	to=$(TZ=Asia/Bangkok date -d "@$to" +%FT%T)
	# CKS_BENCH_WRAP_SEND="perf record -g -o FILE --" profiles the bulk send.
	read -r send_s send_kb < <(t "$work/send.out" ${CKS_BENCH_WRAP_SEND:-} "$CKSCTL" -c "$work/c.conf" \
		survey send --closed-from "$day" --closed-to "$to")
	grep -q "^$1 sessions closed .*: $1 queued, 0 skipped$" "$work/send.out" ||
		{ echo "survey send did not queue $1: $(cat "$work/send.out")" >&2; exit 1; }
	# CKS_BENCH_WRAP="perf record -g -o FILE --" profiles the delivery.
	read -r run_s run_kb < <(t "$work/run.out" ${CKS_BENCH_WRAP:-} "$CKSCTL" -c "$work/c.conf" queue run)
	grep -q "^sent $1," "$work/run.out" ||
		{ echo "queue run did not send all: $(cat "$work/run.out")" >&2; exit 1; }
	echo "$send_s $send_kb $run_s $run_kb"
}
run_python() {  # run_python COUNT -> "s kb"
	rm -f "$work/py.db" "$work/py.db-wal" "$work/py.db-shm"
	t "$work/py.out" "$PY" "$work/py_invite.py" "$work/sessions.txt" "$work/py.db" "$port" "$1"
}

size=""
for r in $(seq 1 "$RUNS"); do
	read -r py_s py_kb < <(run_python "$N")
	read -r send_s send_kb run_s run_kb < <(run_cksgate "$N")
	[ -n "$size" ] || size=$(bench_sql "SELECT avg(size) FROM messages" | cut -d. -f1)
	read -r ssend_s ssend_kb srun_s srun_kb < <(run_cksgate $(( N / 5 )))
	pysize=$(sqlite3 "$work/py.db" "SELECT avg(length(body)) FROM queue" | cut -d. -f1)
	total=$(awk -v a="$send_s" -v b="$run_s" 'BEGIN { print a + b }')
	echo "run $r: python ${py_s}s; survey send ${send_s}s + queue run ${run_s}s; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
	{
		echo "python $(rate "$N" "$py_s") $py_kb"
		echo "e2e $(rate "$N" "$total") 0"
		echo "send $(rate "$N" "$send_s") $send_kb"
		echo "deliver $(rate "$N" "$run_s") $run_kb"
		echo "sendsmall 0 $ssend_kb"
		echo "deliversmall 0 $srun_kb"
		echo "x $(awk -v a="$(rate "$N" "$total")" -v p="$(rate "$N" "$py_s")" 'BEGIN { printf "%.1f", a / p }') 0"
	} >> "$work/rows"
done

printf '\nsurvey invitations for %d sessions closed %s, %d runs; store: %s; smtp.workers = %s;\n' \
	"$N" "$day" "$RUNS" "$BENCH_STORE" "$WORKERS"
printf 'message size: cksgate %s bytes, python %s bytes; %s cores\n\n' "$size" "$pysize" "$(nproc)"
printf '%-44s %26s %26s\n' "" "msgs/s median (range)" "peak RSS KB median (range)"
printf '%-44s %26s %26s\n' "python: email.message + sqlite3 + smtplib" "$(med python 2)" "$(med python 3)"
printf '%-44s %26s\n' "cksgate end to end (send + queue run)" "$(med e2e 2)"
printf '%-44s %26s %26s\n' "  survey send --closed-from/--closed-to" "$(med send 2)" "$(med send 3)"
printf '%-44s %26s %26s\n' "  queue run" "$(med deliver 2)" "$(med deliver 3)"
printf '%-44s %26s %26s\n' "  survey send, N/5 sessions" "" "$(med sendsmall 3)"
printf '%-44s %26s %26s\n' "  queue run, N/5 sessions" "" "$(med deliversmall 3)"
echo
echo "end to end: $(med x 2) x python (target 10)"
