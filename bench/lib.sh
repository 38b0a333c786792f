# The benches' shared helpers, sourced by bench/*.sh (not run alone).
#   bench_need TOOL...        fail with the apt-get line if a tool is missing
#   bench_free_port           a free TCP port on 127.0.0.1 (bind 0, ask the kernel)
#   bench_start_sink          Postfix's smtp-sink on 127.0.0.1:$port; sets port, sink_pid
#   bench_stop_sink           stops it by PID (safe when none was started)
#   bench_begin NAME          a scratch dir $work, the store (bench/store.sh:
#                             CKS_BENCH_DATABASE=postgresql://... for PostgreSQL)
#                             and the sink, all undone on exit
#   rate N SECONDS            N per second, rounded
#   med NAME FIELD            "median (min-max)" of FIELD over the rows named NAME
#                             in $work/rows (one "NAME value value..." row a run)

bench_need() {
	for tool in "$@"; do
		command -v "$tool" >/dev/null ||
			{ echo "missing $tool: apt-get install postfix time sqlite3 python3" >&2; exit 1; }
	done
}

bench_free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

sink_pid=""
bench_start_sink() {
	port=$(bench_free_port)
	/usr/sbin/smtp-sink -u root 127.0.0.1:"$port" 256 &
	sink_pid=$!
	sleep 0.5
}

bench_stop_sink() {
	# (|| true: under set -e, a failing wait, the last of an && list, would
	# end the caller's trap there with the sink's 143 as the bench's status.)
	{ [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null && wait "$sink_pid" 2>/dev/null; } || true
}

rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }

med() {
	awk -v k="$1" -v f="$2" '$1 == k { print $f }' "$work/rows" | sort -g | awk '
		{ v[NR] = $1 } END { printf "%s (%s-%s)", v[int((NR + 1) / 2)], v[1], v[NR] }'
}

bench_begin() {
	work=$(mktemp -d "/tmp/cks-$1-XXXXXX")
	. "$(dirname "${BASH_SOURCE[0]}")/store.sh"
	bench_store_init
	trap 'bench_stop_sink; bench_store_drop; rm -rf "$work"' EXIT
	bench_start_sink
}
