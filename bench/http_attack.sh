#!/bin/sh
# The HTTP attacks of issue 11 at full size against a scratch daemon:
# a hundred anonymous connections each sending a 16 MB body, then 600 idle
# connections with 520 trickling header lines from 127.0.0.1, while a probe
# from 127.0.0.2 asks /healthz every 100 ms.  Prints the daemon's RSS and
# the probe's latency during each attack beside a baseline (no attack)
# measured in the same run.  Run from a built tree: bench/http_attack.sh
# [seconds per phase, default 10].  Needs /usr/bin/python3.
set -u
seconds=${1:-10}
top=$(cd "$(dirname "$0")/.." && pwd)
daemon="$top/src/cksgated"
[ -x "$daemon" ] || { echo "$0: build first (make)" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/cks-http-attack.XXXXXX")
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"
port=$(bench_free_port)
cat > "$work/conf" <<CONF
state_dir = $work/state
plugin_dir = $top/plugins/.libs
template_dir = $top/templates
http.port = $port
log.target = stderr
log.level = notice
CONF
"$daemon" -f -c "$work/conf" 2> "$work/daemon.log" &
pid=$!
i=0
until curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; do
	i=$((i + 1)); [ $i -lt 100 ] || { cat "$work/daemon.log"; exit 1; }
	sleep 0.1
done
run() {
	/usr/bin/python3 "$top/tests/e2e/http_attack.py" --port "$port" --pid "$pid" \
		--duration "$seconds" "$@" | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
print("  probes %3d  failed %d  median %6.1f ms  max %7.1f ms  RSS peak %6.1f MB  HWM %6.1f MB  after %6.1f MB"
      % (d["probes"], d["probe_failure_count"], d["probe_median_ms"], d["probe_max_ms"],
         d["rss_max_kb"] / 1024, d["hwm_kb"] / 1024, (d["rss_after_kb"] or 0) / 1024))
if d["body_statuses"]: print("  bodies:", d["body_statuses"])
if d["held_opened"]: print("  held: opened %d, closed by the server %d" % (d["held_opened"], d["closed_by_server"]))'
}
echo "baseline (no attack), ${seconds} s:"
run
echo "100 anonymous connections x 16 MB bodies:"
run --bodies 100 --body-size 16000000
echo "600 idle + 520 trickling (a header line every 10 s) from 127.0.0.1:"
run --idle 600 --trickle 520 --every 10
echo "baseline again:"
run
