#!/usr/bin/env bash
# Outbound delivery benchmark (issue 3): N basket emails of about 20 KB
# (Thai text + HTML + a small attachment) from the queue into Postfix's
# smtp-sink on loopback, at 1 and 4 workers, beside -- in the same run and
# to the same sink -- Postfix's smtp-source (the protocol ceiling) and a
# Python stdlib smtplib sender (what a user would write instead).
#
#   bench/smtp_bench.sh [N]        (default N=10000; needs `make install`)
#
# Prints messages per second (median and range of RUNS=3 runs, each
# ratio taken within its run) and peak memory; memory is also measured at
# N/5 to show it stays flat in N.  Only 127.0.0.1 is used.
set -euo pipefail

N=${1:-10000}
RUNS=${RUNS:-3}
CKSCTL=${CKSCTL:-cksctl}
PY=/usr/bin/python3
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
bench_need /usr/sbin/smtp-sink /usr/sbin/smtp-source /usr/bin/time sqlite3 "$PY"
command -v "$CKSCTL" >/dev/null || { echo "cksctl not found: make install first" >&2; exit 1; }

# the scratch dir, the store (CKS_BENCH_DATABASE=postgresql://... runs it on
# PostgreSQL, bench/store.sh) and the sink
bench_begin smtp-bench

cat > "$work/base.conf" <<CONF
state_dir = $work/state
mail.from = desk@ditp.example.invalid
smtp.host = 127.0.0.1
smtp.port = $port
smtp.starttls = off
smtp.batch_size = 50
$BENCH_DB_LINE
CONF
# A build tree instead of an installation: PLUGIN_DIR=... TEMPLATE_DIR=...
[ -n "${PLUGIN_DIR:-}" ] && echo "plugin_dir = $PLUGIN_DIR" >> "$work/base.conf"
[ -n "${TEMPLATE_DIR:-}" ] && echo "template_dir = $TEMPLATE_DIR" >> "$work/base.conf"

# One real basket message, built by cksctl, about 20 KB.
C() { "$CKSCTL" -c "$work/base.conf" "$@"; }
client=$(C --json client add --name "สมชาย ใจดี" --company "บริษัท ทดสอบ จำกัด" \
	--email somchai@example.invalid | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["id"])')
session=$(C --json session open --channel counter --client "$client" --agent Napa |
	"$PY" -c 'import json,sys; print(json.load(sys.stdin)["id"])')
head -c 3000 /dev/urandom > "$work/annex.bin"
for i in $(seq 1 14); do
	C basket add "$session" --title "ข้อมูลตลาดส่งออกสินค้าเกษตรแปรรูปไปยังสาธารณรัฐประชาชนจีน ตอนที่ $i" \
		--title-en "Processed farm products export market brief, part $i" \
		--url "https://example.invalid/cks/knowledge-base/items/$i?lang=th" >/dev/null
done
C basket add "$session" --title "เอกสารแนบ" --file "$work/annex.bin" >/dev/null
C basket confirm "$session" >/dev/null
C basket send "$session" >/dev/null
size=$(bench_sql "SELECT size FROM messages WHERE id = 1")
# The message's bytes for the Python sender, as hex (SQLite's BLOB and
# PostgreSQL's bytea alike).
if [ -n "$BENCH_DB_URI" ]; then
	bench_sql "SELECT encode(body, 'hex') FROM message_bodies WHERE message = 1"
else
	bench_sql "SELECT hex(body) FROM message_bodies WHERE message = 1"
fi > "$work/body.hex"
bench_snapshot base

make_queue() {  # make_queue COUNT: the store as built, COUNT copies queued
	bench_restore base
	bench_sql "
	  DELETE FROM message_attempts;
	  DELETE FROM message_bodies WHERE message > 1;
	  DELETE FROM messages WHERE id > 1;
	  WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
	  INSERT INTO messages (kind, session_id, sender, recipient, message_id,
	    subject, size, state, created_at, next_attempt_at)
	  SELECT kind, session_id, sender, recipient, message_id || '.' || i,
	    subject, size, 'queued', created_at, next_attempt_at
	  FROM messages, n WHERE messages.id = 1;
	  INSERT INTO message_bodies (message, body)
	    SELECT m.id, b.body FROM messages m, message_bodies b
	    WHERE b.message = 1 AND m.id > 1;
	  UPDATE messages SET state = 'queued', attempts = 0;" > /dev/null
}

run_cksgate() {  # run_cksgate WORKERS COUNT -> "seconds peak_kb"
	make_queue "$2"
	{ cat "$work/base.conf"; echo "smtp.workers = $1"; } > "$work/run.conf"
	# CKS_BENCH_WRAP="perf record -g -o FILE --" runs it under a profiler.
	/usr/bin/time -f "%e %M %U %S" -o "$work/time" ${CKS_BENCH_WRAP:-} "$CKSCTL" -c "$work/run.conf" queue run > "$work/out"
	grep -q "^sent $2," "$work/out" || { echo "queue run did not send all: $(cat "$work/out")" >&2; exit 1; }
	awk '{ print $1, $2, $3 + $4 }' "$work/time"
}

run_source() {  # run_source SESSIONS -> "seconds peak_kb"
	/usr/bin/time -f "%e %M %U %S" -o "$work/time" /usr/sbin/smtp-source -s "$1" -m "$N" \
		-l "$size" -d -f desk@ditp.example.invalid -t somchai@example.invalid 127.0.0.1:"$port"
	awk '{ print $1, $2, $3 + $4 }' "$work/time"
}

cat > "$work/smtplib_send.py" <<'PY'
# What a user would write instead: stdlib smtplib.  "each" opens a
# connection per message (the usual send-in-a-loop script), "one" keeps one.
import smtplib, sys
hexfile, port, count, mode = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
body = bytes.fromhex(open(hexfile).read().strip())
if mode == "one":
    with smtplib.SMTP("127.0.0.1", port) as s:
        for _ in range(count):
            s.sendmail("desk@ditp.example.invalid", ["somchai@example.invalid"], body)
else:
    for _ in range(count):
        with smtplib.SMTP("127.0.0.1", port) as s:
            s.sendmail("desk@ditp.example.invalid", ["somchai@example.invalid"], body)
PY
py_n=$(( N / 5 ))
run_python() {  # run_python each|one
	/usr/bin/time -f "%e %M" -o "$work/time" "$PY" "$work/smtplib_send.py" "$work/body.hex" "$port" "$py_n" "$1"
	cat "$work/time"
}


echo "store: $BENCH_STORE; message size: $size bytes; N = $N; $RUNS runs; machine: $(nproc) cores"
# rows: name rate kb, one line a measurement; the ratios are taken within
# each run (the machine is shared: only the same run compares).
for r in $(seq 1 "$RUNS"); do
	read -r src1_s src1_kb src1_cpu < <(run_source 1)
	read -r src4_s src4_kb src4_cpu < <(run_source 4)
	read -r py_s py_kb < <(run_python each)
	read -r py1_s py1_kb < <(run_python one)
	read -r c1_s c1_kb c1_cpu < <(run_cksgate 1 "$N")
	read -r c4_s c4_kb c4_cpu < <(run_cksgate 4 "$N")
	read -r small_s small_kb small_cpu < <(run_cksgate 4 $(( N / 5 )))
	src1=$(rate "$N" "$src1_s"); src4=$(rate "$N" "$src4_s")
	c1=$(rate "$N" "$c1_s"); c4=$(rate "$N" "$c4_s")
	echo "run $r: smtp-source $src1 / $src4, cksctl $c1 / $c4 msgs/s (1 / 4); load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
	{
		echo "src1 $src1 $src1_kb"
		echo "src4 $src4 $src4_kb"
		echo "py $(rate "$py_n" "$py_s") $py_kb"
		echo "py1 $(rate "$py_n" "$py1_s") $py1_kb"
		echo "c1 $c1 $c1_kb"
		echo "c4 $c4 $c4_kb"
		echo "small $(rate $(( N / 5 )) "$small_s") $small_kb"
		echo "x1 $(awk -v a="$c1" -v b="$src1" 'BEGIN { printf "%.2f", a / b }') 0"
		echo "x4 $(awk -v a="$c4" -v b="$src4" 'BEGIN { printf "%.2f", a / b }') 0"
		# The sender's own CPU (user + sys) a message, in microseconds:
		# steadier than the wall clock when other work shares the cores.
		echo "us_src1 $(awk -v c="$src1_cpu" -v n="$N" 'BEGIN { printf "%.0f", c * 1e6 / n }') 0"
		echo "us_c1 $(awk -v c="$c1_cpu" -v n="$N" 'BEGIN { printf "%.0f", c * 1e6 / n }') 0"
		echo "us_c4 $(awk -v c="$c4_cpu" -v n="$N" 'BEGIN { printf "%.0f", c * 1e6 / n }') 0"
		echo "xpy $(awk -v a="$c1" -v b="$(rate "$py_n" "$py_s")" 'BEGIN { printf "%.1f", a / b }') 0"
	} >> "$work/rows"
done

medv() { med "$1" "$2" | cut -d' ' -f1; }
printf '\n%-36s %22s %12s\n' "sender" "msgs/s median (range)" "peak RSS"
row() { printf '%-36s %22s %9s KB\n' "$2" "$(med "$1" 2)" "$(medv "$1" 3)"; }
row src1 "smtp-source, 1 session"
row src4 "smtp-source, 4 sessions"
row py "python smtplib, connection per msg"
row py1 "python smtplib, one connection"
row c1 "cksctl queue run, 1 worker"
row c4 "cksctl queue run, 4 workers"
row small "cksctl queue run, 4 workers, N/5"
echo
echo "1 worker:  $(med x1 2) x smtp-source (target 0.7), $(med xpy 2) x python per-message (target 5)"
echo "4 workers: $(med x4 2) x smtp-source (target 0.7)"
echo "sender CPU a message (user+sys): smtp-source $(med us_src1 2) us; cksctl $(med us_c1 2) us at 1 worker, $(med us_c4 2) us at 4"
echo "memory: $(medv c4 3) KB at N=$N vs $(medv small 3) KB at N=$(( N / 5 ))"
