#!/usr/bin/env bash
# Inbound benchmark (issue 4): a maildir of N mixed survey replies (UTF-8 and
# TIS-620, base64 and quoted-printable, multipart and HTML-only, Thai and
# English, each top-posted above the quoted invitation), then in one run:
#   parse + match + record   cksctl inbox run (worker process, store commits)
#   parse alone              bench/reply_parse (same code, in process)
#   Python stdlib, parse alone (email package, strip quotes, find the code)
#   reading the files alone  (cat), the floor
#
# Three runs (RUNS=...) on the same maildir, each from the same store: the
# median and the spread (min-max) of each row, and its peak RSS.
#
#   bench/reply_bench.sh [N]      (default 20000; needs `make install` and
#                                  `make bench/reply_parse`; a build tree:
#                                  CKSCTL=... CKS_LIBEXECDIR=... PLUGIN_DIR=...)
set -euo pipefail

N=${1:-20000}
RUNS=${RUNS:-3}
CKSCTL=${CKSCTL:-cksctl}
PY=/usr/bin/python3
HERE=$(cd "$(dirname "$0")" && pwd)
PARSE=${REPLY_PARSE:-$HERE/reply_parse}
[ -x "$PARSE" ] || { echo "build it first: make bench/reply_parse" >&2; exit 1; }
work=$(mktemp -d /tmp/cks-reply-bench-XXXXXX)
# CKS_BENCH_DATABASE=postgresql://... runs it on PostgreSQL (issue 15), in
# a schema of its own (bench/store.sh); CKS_BENCH_PLUGIN_DIR for a build
# that is not installed.
. "$HERE/store.sh"
. "$HERE/lib.sh"
bench_store_init
# CKS_BENCH_KEEP=1 keeps the maildir and store for profiling.
[ -n "${CKS_BENCH_KEEP:-}" ] || trap 'bench_store_drop; rm -rf "$work"' EXIT

cat > "$work/c.conf" <<CONF
state_dir = $work/state
maildir = $work/maildir
mail.reply_address = survey@reply.example.invalid
$BENCH_DB_LINE
${CKS_BENCH_PLUGIN_DIR:+plugin_dir = $CKS_BENCH_PLUGIN_DIR}
CONF
[ -n "${PLUGIN_DIR:-}" ] && echo "plugin_dir = $PLUGIN_DIR" >> "$work/c.conf"
[ -n "${TEMPLATE_DIR:-}" ] && echo "template_dir = $TEMPLATE_DIR" >> "$work/c.conf"
C() { "$CKSCTL" -c "$work/c.conf" "$@"; }
client=$(C --json client add --name "สมชาย ใจดี" --email s@example.invalid | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["id"])')
: > "$work/tokens"
for i in $(seq 1 50); do
	s=$(C --json session open --channel hotline1169 --client "$client" --agent A | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["id"])')
	C session close "$s" --summary x >/dev/null
	C --json survey send "$s" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["token"])' >> "$work/tokens"
done

"$PY" - "$work/maildir" "$N" "$work/tokens" <<'PY'
import base64, os, quopri, random, sys
root, n, tokens = sys.argv[1], int(sys.argv[2]), open(sys.argv[3]).read().split()
for d in ("new", "cur", "tmp"):
    os.makedirs(os.path.join(root, d), exist_ok=True)
rng = random.Random(1169)
answers_th = ["2 ครับ เจ้าหน้าที่บริการดีมาก", "ประทับใจค่ะ", "กด 1", "๒", "ไม่พึงพอใจ รอนานเกินไป"]
answers_en = ["2, thanks a lot", "Impressed!", "press 1", "3 - waited too long", "satisfied"]
invite = ("เรียน คุณสมชาย ใจดี\n\nโปรดประเมินความพึงพอใจ:\n  1  ประทับใจ\n  2  พึงพอใจ\n"
          "  3  ไม่พึงพอใจ\n\nหรือส่ง SMS: R TOKEN 1\nกรมส่งเสริมการค้าระหว่างประเทศ\n")
for i in range(n):
    token = tokens[i % len(tokens)]
    thai = i % 2 == 0
    charset = "tis-620" if (thai and i % 4 == 0) else "utf-8"
    answer = rng.choice(answers_th if thai else answers_en)
    quote = "\n".join("> " + l for l in invite.splitlines())
    text = "%s\n\nOn Sat, Nov 28, 2026 at 9:00 DITP <desk@ditp.example.invalid> wrote:\n%s\n" % (answer, quote)
    html = "<html><body><div>%s</div><div class=\"gmail_quote\"><blockquote>%s</blockquote></div></body></html>" % (
        answer, invite.replace("\n", "<br>"))
    head = ("From: somchai@example.invalid\r\nTo: survey+%s@reply.example.invalid\r\n"
            "Subject: Re: survey\r\nMessage-ID: <bench%d@example.invalid>\r\nMIME-Version: 1.0\r\n" % (token, i))
    def part(ctype, body):
        data = body.encode(charset)
        if i % 3 == 0:
            enc, payload = "base64", base64.encodebytes(data)
        else:
            enc, payload = "quoted-printable", quopri.encodestring(data)
        return ("Content-Type: %s; charset=%s\r\nContent-Transfer-Encoding: %s\r\n\r\n" % (ctype, charset, enc)).encode() \
            + payload.replace(b"\n", b"\r\n")
    kind = i % 3
    if kind == 0:
        msg = head.encode() + part("text/plain", text)
    elif kind == 1:
        msg = head.encode() + part("text/html", html)
    else:
        msg = (head + 'Content-Type: multipart/alternative; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i)).encode() \
            + part("text/plain", text) + ("\r\n--b%d\r\n" % i).encode() + part("text/html", html) \
            + ("\r\n--b%d--\r\n" % i).encode()
    with open(os.path.join(root, "new", "%d.bench:2," % i), "wb") as f:
        f.write(msg)
PY
cp -r "$work/maildir" "$work/copy"
cp -a "$work/state" "$work/state0"      # each run starts from this store
[ -z "$BENCH_DB_URI" ] || bench_snapshot 0

cat > "$work/py_parse.py" <<'PY'
# What a user would write: stdlib email, strip quotes, find the code.
import email, email.policy, os, re, sys
root = os.path.join(sys.argv[1], "new")
found = 0
for name in os.listdir(root):
    m = email.message_from_bytes(open(os.path.join(root, name), "rb").read(), policy=email.policy.default)
    body = m.get_body(("plain", "html"))
    text = body.get_content() if body else ""
    if body and body.get_content_type() == "text/html":
        text = re.sub(r"(?s)<blockquote.*", "", text)
        text = re.sub(r"<[^>]+>", " ", text)
    lines = []
    for line in text.splitlines():
        if line.startswith(">") or re.match(r"^On .* wrote:$", line):
            break
        lines.append(line)
    reply = "\n".join(lines).translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
    if re.search(r"\b[123]\b", reply) or re.search("ประทับใจ|พึงพอใจ|satisfied|impressed", reply, re.I):
        found += 1
print(found)
PY

# elapsed s, peak RSS KB, CPU s (user + sys, with the children waited for:
# the parser helper): replies per CPU second hold better than the wall
# time when other work shares the core.
t() { /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" > "$work/out"; awk '{ print $1, $2, $3 + $4 }' "$work/time"; }

# rows: name rate kb, one line a measurement, into $work/rows
for r in $(seq 1 "$RUNS"); do
	rm -rf "$work/state" "$work/maildir"
	cp -a "$work/state0" "$work/state"
	[ -z "$BENCH_DB_URI" ] || bench_restore 0
	cp -a "$work/copy" "$work/maildir"
	read -r cat_s cat_kb < <(t sh -c "cat '$work/copy/new/'* > /dev/null")
	read -r py_s py_kb py_cpu < <(t "$PY" "$work/py_parse.py" "$work/copy")
	read -r parse_s parse_kb < <(t "$PARSE" "$work/copy")
	parse_inner=$(awk '{print $3}' "$work/out")
	# CKS_BENCH_WRAP="perf record -g -o FILE --" (or strace -c ...) runs
	# the full pipeline under a profiler.
	read -r run_s run_kb run_cpu < <(t taskset -c 0 ${CKS_BENCH_WRAP:-} "$CKSCTL" -c "$work/c.conf" --json inbox run)
	recorded=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["recorded"])' "$work/out")
	echo "run $r: recorded $recorded of $N; load average $(cut -d' ' -f1-3 /proc/loadavg)"
	{
		echo "cat $(rate "$N" "$cat_s") $cat_kb"
		echo "python $(rate "$N" "$py_s") $py_kb"
		echo "parse $(rate "$N" "$parse_inner") $parse_kb"
		echo "full $(rate "$N" "$run_s") $run_kb"
		echo "fullcpu $(rate "$N" "$run_cpu") $run_kb"
		echo "pycpu $(rate "$N" "$py_cpu") $py_kb"
		echo "xparse $(awk -v a="$(rate "$N" "$parse_inner")" -v p="$(rate "$N" "$py_s")" 'BEGIN { printf "%.1f", a / p }') 0"
		echo "xfull $(awk -v a="$(rate "$N" "$run_s")" -v p="$(rate "$N" "$py_s")" 'BEGIN { printf "%.1f", a / p }') 0"
	} >> "$work/rows"
done

printf '\n%d replies (maildir), %d runs, one core (taskset -c 0) for cksctl; %s; store: %s\n\n' \
	"$N" "$RUNS" "$(nproc) cores" "$BENCH_STORE"
printf '%-40s %28s %28s\n' "" "replies/s median (range)" "peak RSS KB median (range)"
printf '%-40s %28s %28s\n' "reading the files (cat)" "$(med cat 2)" "$(med cat 3)"
printf '%-40s %28s %28s\n' "python stdlib, parse alone" "$(med python 2)" "$(med python 3)"
printf '%-40s %28s %28s\n' "cksgate, parse alone (in process)" "$(med parse 2)" "$(med parse 3)"
printf '%-40s %28s %28s\n' "cksgate, parse + match + record" "$(med full 2)" "$(med full 3)"
printf '%-40s %28s\n' "  the same, per CPU second" "$(med fullcpu 2)"
printf '%-40s %28s\n' "python stdlib, parse alone, per CPU s" "$(med pycpu 2)"
echo
echo "parse alone: $(med xparse 2) x python (target 30); parse+match+record: $(med xfull 2) x python (target: 10000/s)"
