#!/usr/bin/env bash
# HTTP API benchmark (issue 5): the running daemon on loopback, driven by
# wrk (Debian's package), in one run:
#   baseline   GET /healthz         the HTTP layer alone (no token, no store)
#   read       GET /v1/sessions/ID  token check + a store read + JSON
#   write      POST /v1/sessions/ID/steps  a step event: one transaction
#              (fsync) each, a different session every request
# and the daemon's resident memory before and after.  Prints requests per
# second (median and range of RUNS=3 runs) and each run's 99th-percentile
# latency.
#
#   bench/http_bench.sh [SECONDS] [CONNECTIONS]   (default 10 s, 16; needs
#                                   `make install`: cksctl, cksgated on PATH)
set -euo pipefail

SECONDS_EACH=${1:-10}
RUNS=${RUNS:-3}
CONNECTIONS=${2:-16}
CKSCTL=${CKSCTL:-cksctl}
CKSGATED=${CKSGATED:-cksgated}
PY=/usr/bin/python3
work=$(mktemp -d /tmp/cks-http-bench-XXXXXX)
pid=""
# CKS_BENCH_DATABASE=postgresql://... runs it on PostgreSQL (issue 15), in
# a schema of its own (bench/store.sh).
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/store.sh"
. "$HERE/lib.sh"
bench_store_init
trap '{ [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; } || true; bench_store_drop; rm -rf "$work"' EXIT

port=$(bench_free_port)
token=bench-0123456789abcdef0123456789
echo "bench $token" > "$work/tokens"
chmod 600 "$work/tokens"
cat > "$work/c.conf" <<CONF
state_dir = $work/state
http.port = $port
http.tokens_file = $work/tokens
http.threads = ${HTTP_THREADS:-16}
log.target = stderr
log.level = ${LOG_LEVEL:-notice}
$BENCH_DB_LINE
CONF
# A build tree instead of an installation: PLUGIN_DIR=... TEMPLATE_DIR=...
[ -n "${PLUGIN_DIR:-}" ] && echo "plugin_dir = $PLUGIN_DIR" >> "$work/c.conf"
[ -n "${TEMPLATE_DIR:-}" ] && echo "template_dir = $TEMPLATE_DIR" >> "$work/c.conf"
C() { "$CKSCTL" -c "$work/c.conf" "$@"; }
client=$(C --json client add --name "สมชาย ใจดี" --email s@example.invalid | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["id"])')
first=$(C --json session open --channel counter --client "$client" --agent bench | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["id"])')
# Enough open sessions that every write of the run starts a step on a
# session of its own (cloned in SQL: making them is not what we measure).
sessions=${SESSIONS:-300000}
bench_sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $sessions)
  INSERT INTO sessions (channel, client_id, agent, opened_at) SELECT channel, client_id, agent, opened_at
  FROM sessions, n WHERE sessions.id = $first"

# CKS_BENCH_WRAP="perf record -g -o FILE --" runs the daemon under a
# profiler; CKS_BENCH_ONLY="baseline read" runs only those phases.
${CKS_BENCH_WRAP:-} "$CKSGATED" -f -c "$work/c.conf" 2> "$work/daemon.log" &
pid=$!
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.1; done
rss() { awk '/^VmRSS:/ { print $2 / 1024 " MB" }' "/proc/$pid/status"; }
echo "store: $BENCH_STORE; daemon RSS at start: $(rss)"

cat > "$work/write.lua" <<LUA
-- Each wrk thread of each run takes its own share of the sessions (the
-- run's number is the script's argument).
local threads = 0
setup = function(thread)
	thread:set("id", threads)
	threads = threads + 1
end
init = function(args)
	counter = $first + (tonumber(args[1]) * 2 + id) * math.floor($sessions / (2 * $RUNS))
end
request = function()
	counter = counter + 1
	return wrk.format("POST", "/v1/sessions/" .. counter .. "/steps",
		{ ["Authorization"] = "Bearer $token", ["Content-Type"] = "application/json" },
		'{"step": "1", "event": "start"}')
end
done = function(summary, latency, requests)
	io.write(string.format("non-2xx or errors: %d\n", summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
cat > "$work/read.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
done = function(summary, latency, requests)
	io.write(string.format("non-2xx or errors: %d\n", summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

run() {  # run NAME PATH [LUA]: RUNS times; the median and range
	case " ${CKS_BENCH_ONLY:-baseline read write} " in *" $1 "*) ;; *) return 0 ;; esac
	echo "== $1: $2 ($CONNECTIONS connections, ${SECONDS_EACH}s x $RUNS, 2 wrk threads, http.threads ${HTTP_THREADS:-16}; load average $(cut -d' ' -f1-3 /proc/loadavg))"
	: > "$work/rates"
	for r in $(seq 0 $((RUNS - 1))); do
		wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency ${3:+-s "$3"} \
			"http://127.0.0.1:$port$2" -- "$r" > "$work/out" 2>&1
		grep -E 'non-2xx|Socket errors' "$work/out" | sed 's/^/   /' || true
		awk '/Requests\/sec/ { r = $2 } /^ +99%/ { p = $2 } END { print r, p }' "$work/out" >> "$work/rates"
	done
	sort -g "$work/rates" | awk '{ r[NR] = $1; p[NR] = $2 } END {
		printf "   requests/s median %.0f (%.0f-%.0f); p99 of each run: ", r[int((NR + 1) / 2)], r[1], r[NR]
		for (i = 1; i <= NR; i++) printf "%s ", p[i]; printf "\n" }'
}
run baseline /healthz
run read "/v1/sessions/$first" "$work/read.lua"
run write "/v1/sessions/N/steps" "$work/write.lua"
echo "daemon RSS after: $(rss)"
written=$(bench_sql "SELECT count(*) FROM session_steps")
echo "step events stored: $written"
[ -n "${KEEP_LOG:-}" ] && cp "$work/daemon.log" "$KEEP_LOG"
kill "$pid"
wait "$pid" 2>/dev/null || true
pid=""
