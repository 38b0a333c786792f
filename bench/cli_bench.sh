#!/usr/bin/env bash
# cksctl start-up benchmark (issue 18): the wall time of one call, as an MTA
# pipe or a script pays it, beside two anchors measured in the same run:
#   /bin/true                          a process and nothing else
#   sqlite3 :memory: 'select 1'        a small program with one library
#   cksctl --version                   our dynamic linking, nothing else
#   cksctl session list                config, store, a query
#   cksctl channels                    plus the plugins (probe verdicts cached)
#   cksctl inject < reply              plus the parser helper, a commit
# Each is `perf stat -r REPEAT` (mean of REPEAT calls); the whole set runs
# RUNS times and the median and spread (min-max) of the means are printed,
# with the load average, since other work on the machine moves them.
#
#   bench/cli_bench.sh [REPEAT] [RUNS]   (default 50, 3; CKSCTL=..., or
#                                         cksctl on PATH; needs perf)
set -euo pipefail

REPEAT=${1:-50}
RUNS=${2:-3}
CKSCTL=${CKSCTL:-cksctl}
work=$(mktemp -d /tmp/cks-cli-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT
command -v perf >/dev/null || { echo "$0: needs perf (Debian: linux-perf)" >&2; exit 2; }

cat > "$work/c.conf" <<CONF
state_dir = $work/state
mail.reply_address = survey@reply.example.invalid
CONF
# A build tree instead of an installation: PLUGIN_DIR=... TEMPLATE_DIR=...
[ -n "${PLUGIN_DIR:-}" ] && echo "plugin_dir = $PLUGIN_DIR" >> "$work/c.conf"
[ -n "${TEMPLATE_DIR:-}" ] && echo "template_dir = $TEMPLATE_DIR" >> "$work/c.conf"
C="$CKSCTL -c $work/c.conf"
$C store init >/dev/null
$C channels >/dev/null 2>&1      # the plugins' probe verdicts, once
# One reply with no token: parsed, stored and quarantined.  Each call gets
# a Message-ID of its own (a duplicate would skip the store's write).
cat > "$work/inject.sh" <<SH
#!/bin/sh
n=\$(od -An -N8 -tu8 /dev/urandom | tr -d ' ')
printf 'From: a@example.invalid\r\nTo: survey@reply.example.invalid\r\nSubject: Re: survey\r\nMessage-ID: <%s@bench>\r\n\r\n2 thanks\r\n' "\$n" |
	$C inject >/dev/null
SH
cat > "$work/printf.sh" <<SH
#!/bin/sh
n=\$(od -An -N8 -tu8 /dev/urandom | tr -d ' ')
printf 'From: a@example.invalid\r\nTo: survey@reply.example.invalid\r\nSubject: Re: survey\r\nMessage-ID: <%s@bench>\r\n\r\n2 thanks\r\n' "\$n" |
	/bin/true
SH
chmod 755 "$work/inject.sh" "$work/printf.sh"

names=("/bin/true" "sqlite3 :memory: 'select 1'" "cksctl --version" "cksctl session list"
       "cksctl channels" "inject: the shell around it" "cksctl inject < reply")
cmds=("/bin/true" "sqlite3 :memory: 'select 1'" "$C --version" "$C session list"
      "$C channels" "$work/printf.sh" "$work/inject.sh")
for r in $(seq 1 "$RUNS"); do
	for i in "${!cmds[@]}"; do
		perf stat -r "$REPEAT" -x, -e task-clock sh -c "exec ${cmds[$i]} >/dev/null" 2>&1 >/dev/null |
			awk -F, -v i="$i" '/task-clock/ { print i, $1 }' >> "$work/cpu"
		# wall: perf's "seconds time elapsed" is not in -x output
		perf stat -r "$REPEAT" sh -c "exec ${cmds[$i]} >/dev/null" 2>&1 >/dev/null |
			awk -v i="$i" '/seconds time elapsed/ { print i, $1 * 1000 }' >> "$work/wall"
	done
done
printf '\ncksctl start-up, %d calls a measurement, %d runs; load average %s\n\n' \
	"$REPEAT" "$RUNS" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-32s %22s %22s\n' "" "wall ms median (range)" "CPU ms median (range)"
stat() {  # stat FILE INDEX -> "median (min-max)"
	awk -v i="$2" '$1 == i { print $2 }' "$1" | sort -g | awk '
		{ v[NR] = $1 } END { printf "%6.2f (%5.2f-%5.2f)", v[int((NR + 1) / 2)], v[1], v[NR] }'
}
for i in "${!cmds[@]}"; do
	printf '%-32s %22s %22s\n' "${names[$i]}" "$(stat "$work/wall" "$i")" "$(stat "$work/cpu" "$i")"
done
echo
echo "target: one cksctl call <= 8 ms (inject's row includes the shell that"
echo "makes the message: subtract the row above it)"
