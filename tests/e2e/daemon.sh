# For end-to-end tests of the running daemon: source it after lib.sh.
#   daemon_config      appends the HTTP settings and two tokens to $CONF:
#                      agent "alice" ($TOKEN_ALICE), agent "bob" ($TOKEN_BOB),
#                      viewer "wall" ($TOKEN_VIEWER), admin "root"
#                      ($TOKEN_ADMIN); sets $API_PORT, $API.
#   daemon_start       starts `cksgated -f -c $CONF`, waits for /healthz;
#                      sets $DAEMON_PID.  Its stderr goes to $SCRATCH/daemon.log.
#   daemon_stop        SIGTERM by PID, waits (20 s at most), then SIGKILL.
#   api METHOD PATH [JSON] [TOKEN]: curl with $API_TOKEN (alice's token
#                      unless set), or TOKEN, or "none"; body in
#                      $SCRATCH/out, status in $STATUS.
# Every daemon a test starts is stopped at exit by its PID.
CKSGATED="$CKS_SBINDIR/cksgated"
DAEMON_PID=""
# A test that starts other servers too sets its own trap, calling daemon_kill.
trap 'daemon_kill; rm -rf "$SCRATCH"' EXIT

free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

daemon_config() {
	API_PORT=$(free_port)
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
	"$CKSGATED" -f -c "$CONF" 2>> "$SCRATCH/daemon.log" &
	DAEMON_PID=$!
	i=0
	while [ $i -lt 100 ]; do
		if curl -s -o /dev/null "$API/healthz"; then return 0; fi
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

daemon_kill() {
	if [ -n "$DAEMON_PID" ]; then kill -9 "$DAEMON_PID" 2>/dev/null; fi
	DAEMON_PID=""
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
