# A private Postfix for the tests that need a real MTA (test_postfix.sh,
# test_relay_postfix.sh): its own config, queue and log under $PF, on
# 127.0.0.1 ports picked together, recognised by $BANNER, stopped by PID.
# The sourcing test sets POSTFIX, PF, PY, HELP (postfix.py), BANNER and
# SCRATCH, and defines postfix_master, which prints the listeners it
# wants from $PORTS followed by `postfix_services`.

# The daemons every instance needs (the test adds local, pipe, tlsmgr...).
postfix_services() {
	cat <<CF
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
CF
}

stop_postfix() {
	local pid i
	[ -f "$PF/main.cf" ] || return 0
	pid=$(cat "$PF/queue/pid/master.pid" 2>/dev/null | tr -d ' ')
	"$POSTFIX" -c "$PF" stop > /dev/null 2>&1
	for i in $(seq 1 100); do
		[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null; fi
}

# postfix_start N: N ports in $PORTS, master.cf from postfix_master, and
# Postfix started until every port shows $BANNER.  Postfix cannot take a
# socket already bound, so a port taken between the pick and its bind is
# tried again on new ports, up to five times.
postfix_start() {
	local attempt p up
	for attempt in 1 2 3 4 5; do
		PORTS=$("$PY" "$HELP" ports "$1") || return 1
		postfix_master > "$PF/master.cf"
		if "$POSTFIX" -c "$PF" start > "$SCRATCH/out" 2> "$SCRATCH/err"; then
			up=1
			for p in $PORTS; do
				"$PY" "$HELP" ready "$p" "$BANNER" || { up=0; break; }
			done
			[ $up -eq 1 ] && return 0
		fi
		grep -q "Address already in use" "$PF/maillog" "$SCRATCH/err" 2>/dev/null || return 1
		echo "# a port was taken before Postfix bound it (attempt $attempt); again"
		stop_postfix
		: > "$PF/maillog"
	done
	return 1
}
