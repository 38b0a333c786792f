# For end-to-end tests of the running daemon: source it after lib.sh.
#   daemon_config      appends the HTTP settings and two tokens to $CONF:
#                      agent "alice" ($TOKEN_ALICE), agent "bob" ($TOKEN_BOB),
#                      viewer "wall" ($TOKEN_VIEWER), admin "root"
#                      ($TOKEN_ADMIN); sets $API_PORT, $API.  The port is
#                      the kernel's pick (port 0) for a socket that a holder
#                      (tests/servers/listen_socket.py) keeps for the whole
#                      test and hands to each daemon started: no "free port"
#                      that another process could take before the daemon.
#   daemon_start       starts `cksgated -f -c $CONF` on that socket, waits
#                      for /healthz; sets $DAEMON_PID.  Its stderr goes to
#                      $SCRATCH/daemon.log.
#   $WITH_HTTP_SOCKET  a command prefix that runs a program with the socket,
#                      as systemd passes one (for a cksgated started by hand).
#   daemon_stop        SIGTERM by PID, waits (20 s at most), then SIGKILL.
#   api METHOD PATH [JSON] [TOKEN]: curl with $API_TOKEN (alice's token
#                      unless set), or TOKEN, or "none"; body in
#                      $SCRATCH/out, status in $STATUS.
# Every daemon a test starts is stopped at exit by its PID.
CKSGATED="$CKS_SBINDIR/cksgated"
DAEMON_PID=""
SOCKET_HOLDER_PID=""
LISTEN_SOCKET_PY="$CKS_SRCDIR/tests/servers/listen_socket.py"
WITH_HTTP_SOCKET="/usr/bin/python3 $LISTEN_SOCKET_PY exec --unix $SCRATCH/http.sock --"
# A test that starts other servers too sets its own trap, calling daemon_kill.
trap 'daemon_kill; rm -rf "$SCRATCH"' EXIT

# The listening socket for the daemons of this test, held by a process of
# its own; sets $API_PORT.
http_socket_hold() {
	[ -z "$SOCKET_HOLDER_PID" ] || return 0
	/usr/bin/python3 "$LISTEN_SOCKET_PY" hold --port-file "$SCRATCH/http.port" \
		--unix "$SCRATCH/http.sock" &
	SOCKET_HOLDER_PID=$!
	wait_for_file "$SCRATCH/http.port" 100 && [ -S "$SCRATCH/http.sock" ] || return 1
	API_PORT=$(cat "$SCRATCH/http.port")
}

daemon_config() {
	http_socket_hold || { echo "# no listening socket for the daemon"; exit 1; }
	API="http://127.0.0.1:$API_PORT"
	TOKEN_ALICE=alice-0123456789abcdef0123456789
	TOKEN_BOB=bob-fedcba9876543210fedcba98765
	TOKEN_VIEWER=wall-00112233445566778899aabbcc
	TOKEN_ADMIN=root-99887766554433221100ffeedd
	cat > "$SCRATCH/tokens" <<TOKENS
# name token [role]
alice $TOKEN_ALICE
bob $TOKEN_BOB agent
wall $TOKEN_VIEWER viewer
root $TOKEN_ADMIN admin
TOKENS
	chmod 600 "$SCRATCH/tokens"
	cat >> "$CONF" <<CONF
http.port = $API_PORT
http.tokens_file = $SCRATCH/tokens
http.public_url = $API
log.target = stderr
log.level = debug
queue.interval = 200ms
CONF
}

daemon_start() {
	$WITH_HTTP_SOCKET "$CKSGATED" -f -c "$CONF" 2>> "$SCRATCH/daemon.log" &
	DAEMON_PID=$!
	i=0
	while [ $i -lt 100 ]; do
		# Connections wait in the held socket's queue until a daemon
		# takes them: a bounded wait, not a refusal.
		if curl -s -m 2 -o /dev/null "$API/healthz"; then return 0; fi
		if ! kill -0 "$DAEMON_PID" 2>/dev/null; then
			sed 's/^/#   daemon: /' "$SCRATCH/daemon.log" | tail -20
			DAEMON_PID=""
			return 1
		fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# At exit: the daemon (SIGKILL) and the socket's holder.
daemon_kill() {
	if [ -n "$DAEMON_PID" ]; then kill -9 "$DAEMON_PID" 2>/dev/null; fi
	DAEMON_PID=""
	if [ -n "$SOCKET_HOLDER_PID" ]; then kill "$SOCKET_HOLDER_PID" 2>/dev/null; fi
	SOCKET_HOLDER_PID=""
}

daemon_stop() {
	[ -n "$DAEMON_PID" ] || return 0
	kill -TERM "$DAEMON_PID" 2>/dev/null
	i=0
	while kill -0 "$DAEMON_PID" 2>/dev/null && [ $i -lt 200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$DAEMON_PID" 2>/dev/null; then
		kill -9 "$DAEMON_PID"
		DAEMON_PID=""
		return 1
	fi
	wait "$DAEMON_PID" 2>/dev/null
	DAEMON_RC=$?
	DAEMON_PID=""
	return 0
}

api() {
	method=$1 path=$2 body=${3:-} token=${4:-${API_TOKEN:-$TOKEN_ALICE}}
	set -- -s -o "$SCRATCH/out" -w '%{http_code}' -X "$method"
	if [ "$token" != none ]; then set -- "$@" -H "Authorization: Bearer $token"; fi
	if [ -n "$body" ]; then set -- "$@" -H 'Content-Type: application/json' --data-binary "$body"; fi
	STATUS=$(curl "$@" "$API$path")
	: > "$SCRATCH/err"
}

# expect_status CODE DESCRIPTION METHOD PATH [JSON] [TOKEN]
expect_status() {
	want=$1 what=$2
	shift 2
	api "$@"
	[ "$STATUS" = "$want" ]
	ok $? "$what (HTTP $STATUS, want $want)"
}
