#!/usr/bin/env bash
# The outbound, inbound and HTTP benchmarks on both stores in one run
# (issue 15): a private PostgreSQL cluster (tests/servers/pg.sh) with its
# durable defaults -- fsync, synchronous_commit and full_page_writes on,
# as SQLite syncs every commit -- then reply_bench.sh, http_bench.sh and
# smtp_bench.sh once on SQLite and once on PostgreSQL, at a reduced size,
# and one table: path | SQLite | PostgreSQL | ratio.
#
#   bench/backends.sh [N]   (N messages for the inbound and outbound
#                            benches, default 5000; HTTP_SECONDS=8 per
#                            phase.  Uses the build tree's tests/stage
#                            (make tests/stage.stamp bench/reply_parse)
#                            unless CKSCTL, CKSGATED are set.)
# Each bench's own output is kept in $BENCH_OUT (default a temporary
# directory, printed at the end).
set -euo pipefail

N=${1:-5000}
HTTP_SECONDS=${HTTP_SECONDS:-8}
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/.." && pwd)
STAGE=$TOP/tests/stage/usr/local
export CKSCTL=${CKSCTL:-$STAGE/bin/cksctl}
export CKSGATED=${CKSGATED:-$STAGE/sbin/cksgated}
export CKS_LIBEXECDIR=${CKS_LIBEXECDIR:-$STAGE/libexec}
export PLUGIN_DIR=${PLUGIN_DIR:-$STAGE/lib/cksgate/plugins}
export TEMPLATE_DIR=${TEMPLATE_DIR:-$STAGE/share/cksgate/templates}
export RUNS=1
[ -x "$CKSCTL" ] || { echo "build first: make tests/stage.stamp bench/reply_parse" >&2; exit 1; }
out=${BENCH_OUT:-$(mktemp -d /tmp/cks-backends-XXXXXX)}
mkdir -p "$out"
pg=$(mktemp -d /tmp/cks-backends-pg-XXXXXX)
stop_pg() {
	bash "$TOP/tests/servers/pg.sh" stop "$pg" || true
	rm -rf "$pg"
}
trap stop_pg EXIT
uri=$(CKS_PG_DURABLE=1 bash "$TOP/tests/servers/pg.sh" start "$pg")
pgset() { psql -X -At "$uri" -c "SHOW $1"; }
durability="fsync=$(pgset fsync) synchronous_commit=$(pgset synchronous_commit) full_page_writes=$(pgset full_page_writes)"

bench() {  # bench FILE COMMAND...: its output into FILE; on failure, show it
	"${@:2}" > "$1" 2>&1 || { echo "failed ($?): ${*:2}; its output, $1:" >&2; tail -n 20 "$1" >&2; exit 1; }
}
for store in sqlite pg; do
	db=""
	[ "$store" = sqlite ] || db=$uri
	echo "== $store: inbound ($N replies); load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
	CKS_BENCH_DATABASE=$db bench "$out/reply.$store" bash "$HERE/reply_bench.sh" "$N"
	echo "== $store: HTTP (${HTTP_SECONDS}s a phase)" >&2
	CKS_BENCH_DATABASE=$db SESSIONS=${SESSIONS:-100000} \
		bench "$out/http.$store" bash "$HERE/http_bench.sh" "$HTTP_SECONDS"
	echo "== $store: outbound ($N messages)" >&2
	CKS_BENCH_DATABASE=$db bench "$out/smtp.$store" bash "$HERE/smtp_bench.sh" "$N"
done

# fig STORE: the figures of one store, one "key value" a line
fig() {
	awk '/^cksgate, parse \+ match \+ record/ { print "in", $(NF-3) }
	     /^  the same, per CPU second/ { print "incpu", $(NF-1) }' "$out/reply.$1"
	awk '/^== / { phase = $2; sub(":", "", phase) } /requests\/s median/ { print "http" phase, $3 }' "$out/http.$1"
	awk '/^cksctl queue run, 1 worker / { print "out1", $(NF-3) }
	     /^cksctl queue run, 4 workers / { print "out4", $(NF-3) }' "$out/smtp.$1"
}
fig sqlite > "$out/fig.sqlite"
fig pg > "$out/fig.pg"
row() {  # row KEY LABEL UNIT
	local a b
	a=$(awk -v k="$1" '$1 == k { print $2 }' "$out/fig.sqlite")
	b=$(awk -v k="$1" '$1 == k { print $2 }' "$out/fig.pg")
	printf '| %s | %s | %s | %s |\n' "$2" "${a:-?} $3" "${b:-?} $3" \
		"$(awk -v a="${a:-0}" -v b="${b:-0}" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", b / a; else print "?" }')"
}
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores; load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
echo "PostgreSQL $(psql -X -At "$uri" -c 'SHOW server_version'), private cluster on 127.0.0.1 (TCP): $durability"
echo "SQLite: WAL, synchronous=FULL (cksctl) / group commit (cksgated)"
echo
echo "| path | SQLite | PostgreSQL | ratio PG/SQLite |"
echo "|---|---:|---:|---:|"
row in "inbound parse + match + record, $N replies, one core" "/s"
row incpu "  the same, per CPU second of cksctl" "/s"
row httpbaseline "HTTP GET /healthz (no store)" "req/s"
row httpread "HTTP GET /v1/sessions/ID (store read)" "req/s"
row httpwrite "HTTP POST .../steps (one write transaction)" "req/s"
row out1 "outbound queue run, $N messages, 1 worker" "msgs/s"
row out4 "outbound queue run, $N messages, 4 workers" "msgs/s"
echo
echo "each bench's output: $out"
