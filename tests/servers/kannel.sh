# A private Kannel on 127.0.0.1 for the SMS end-to-end test and the demo
# (one copy of the logic; sourced by tests/e2e/test_sms_kannel.sh and
# doc/demo.sh, POSIX sh).  bearerbox and smsbox (Debian kannel) with
# Kannel's own test SMSC, fakesmsc (kannel-extras), connected as an smsc
# of type fake; every process is stopped by its PID.
#
#   kannel_missing        prints the first Kannel program not installed
#                         (nothing, status 1, when all are there)
#   kannel_free_ports N   prints N ports free on 127.0.0.1 now
#   kannel_setup DIR USER PASSWORD POST_URL
#                         writes DIR/kannel.conf (mode 0600: it holds the
#                         sendsms password and the token in POST_URL) with
#                         free ports; sets KANNEL_SENDSMS_URL.  Replies go
#                         to POST_URL (%p is the sender's number).
#   kannel_start          bearerbox, a fakesmsc that receives, smsbox;
#                         waits (10 s at most) until sendsms answers
#   kannel_received N     true when the fakesmsc got N parts or more
#   kannel_decode         prints "FROM TO PARTS" then the text of every
#                         part the receiving fakesmsc got (UCS-2 decoded)
#   kannel_reply FROM TO TEXT
#                         a phone's SMS: a new fakesmsc sends TEXT as
#                         UCS-2 from FROM to TO (the fake SMSC serves one
#                         client at a time, so the previous one is stopped)
#   kannel_stop           stops fakesmsc, smsbox, bearerbox by PID
KANNEL_BEARERBOX=${KANNEL_BEARERBOX:-/usr/sbin/bearerbox}
KANNEL_SMSBOX=${KANNEL_SMSBOX:-/usr/sbin/smsbox}
KANNEL_FAKESMSC=${KANNEL_FAKESMSC:-/usr/lib/kannel/test/fakesmsc}
KANNEL_PY=/usr/bin/python3
KANNEL_BB_PID="" KANNEL_SB_PID="" KANNEL_FAKE_PID="" KANNEL_FAKE_N=0

kannel_missing() {
	for k in "$KANNEL_BEARERBOX" "$KANNEL_SMSBOX" "$KANNEL_FAKESMSC"; do
		if [ ! -x "$k" ]; then
			echo "$k"
			return 0
		fi
	done
	return 1
}

# Bound, read and closed: another process could take one before Kannel
# does, but bearerbox then fails to start and says so in its log.
kannel_free_ports() {
	"$KANNEL_PY" -c '
import socket, sys
s = [socket.socket() for _ in range(int(sys.argv[1]))]
for x in s: x.bind(("127.0.0.1", 0))
print(" ".join(str(x.getsockname()[1]) for x in s))' "$1"
}

# kannel_wait TENTHS COMMAND...: COMMAND every 0.1 s until it succeeds.
kannel_wait() {
	_kw_tenths=$1 _kw_i=0
	shift
	while ! "$@"; do
		[ "$_kw_i" -lt "$_kw_tenths" ] || return 1
		sleep 0.1
		_kw_i=$((_kw_i + 1))
	done
}

kannel_setup() {
	KANNEL_DIR=$1
	mkdir -p "$KANNEL_DIR"
	# shellcheck disable=SC2046
	set -- "$@" $(kannel_free_ports 4)
	KANNEL_ADMIN_PORT=$5 KANNEL_BOX_PORT=$6 KANNEL_SMSC_PORT=$7
	KANNEL_SENDSMS_PORT=$8
	KANNEL_SENDSMS_URL=http://127.0.0.1:$KANNEL_SENDSMS_PORT/cgi-bin/sendsms
	# Kannel's sms-service posts the reply's text as the body (UTF-16BE
	# for a UCS-2 SMS) with the sender in the URL.  max-messages = 0:
	# Kannel sends nothing back to the phone (our JSON answer is not for
	# the client).  An invitation takes several parts: max-messages 10.
	(umask 077; cat > "$KANNEL_DIR/kannel.conf" <<KCONF
group = core
admin-port = $KANNEL_ADMIN_PORT
admin-password = admin-$$
smsbox-port = $KANNEL_BOX_PORT
box-allow-ip = 127.0.0.1
log-file = "$KANNEL_DIR/bearerbox.log"
log-level = 0

group = smsc
smsc = fake
smsc-id = fake
port = $KANNEL_SMSC_PORT
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = $KANNEL_BOX_PORT
sendsms-port = $KANNEL_SENDSMS_PORT
sendsms-interface = 127.0.0.1
log-file = "$KANNEL_DIR/smsbox.log"
log-level = 0

group = sendsms-user
username = $2
password = $3
max-messages = 10
concatenation = true

group = sms-service
keyword = default
catch-all = true
max-messages = 0
post-url = "$4"
KCONF
	)
}

# kannel_fake MESSAGES LINE: a fakesmsc that sends LINE MESSAGES times
# (0: it only receives) and prints what it gets to fakesmscN.out.
kannel_fake() {
	KANNEL_FAKE_N=$((KANNEL_FAKE_N + 1))
	KANNEL_FAKE_OUT=$KANNEL_DIR/fakesmsc$KANNEL_FAKE_N.out
	"$KANNEL_FAKESMSC" -H 127.0.0.1 -r "$KANNEL_SMSC_PORT" -i 0.1 -m "$1" "$2" \
		> "$KANNEL_FAKE_OUT" 2>&1 &
	KANNEL_FAKE_PID=$!
}

# kannel_listening PORT: something listens on 127.0.0.1:PORT (read from
# /proc, not by connecting: the fake SMSC serves one client at a time).
kannel_listening() {
	grep -qi ":$(printf '%04X' "$1") 00000000:0000 0A" /proc/net/tcp
}

kannel_sendsms_up() {
	curl -s -o /dev/null "$KANNEL_SENDSMS_URL"
}

kannel_start_once() {
	"$KANNEL_BEARERBOX" "$KANNEL_DIR/kannel.conf" > "$KANNEL_DIR/bearerbox.out" 2>&1 &
	KANNEL_BB_PID=$!
	kannel_wait 100 grep -q "smsc_fake\|SMSCConn fake\|Adding interface" \
		"$KANNEL_DIR/bearerbox.log" 2>/dev/null
	# fakesmsc gives up at once when nobody listens yet: on a busy machine
	# the fake SMSC's port opens after the log line above.
	kannel_wait 100 kannel_listening "$KANNEL_SMSC_PORT"
	kannel_fake 0 "0 0 text x"
	KANNEL_RECEIVED=$KANNEL_FAKE_OUT
	"$KANNEL_SMSBOX" "$KANNEL_DIR/kannel.conf" > "$KANNEL_DIR/smsbox.out" 2>&1 &
	KANNEL_SB_PID=$!
	kannel_wait 100 kannel_sendsms_up && kill -0 "$KANNEL_BB_PID" 2>/dev/null &&
		kill -0 "$KANNEL_FAKE_PID" 2>/dev/null
}

# A start that fails (seen on a loaded machine with another Kannel
# starting at the same time) is stopped and tried again, up to three
# times, on the same ports, saying why on stderr.
kannel_start() {
	for _ks_try in 1 2 3; do
		kannel_start_once && return 0
		echo "# Kannel did not start (try $_ks_try):" >&2
		tail -5 "$KANNEL_DIR/bearerbox.log" "$KANNEL_DIR/smsbox.log" \
			"$KANNEL_DIR/bearerbox.out" "$KANNEL_DIR/smsbox.out" \
			"$KANNEL_FAKE_OUT" 2>/dev/null | sed 's/^/#   /' >&2
		kannel_stop
		mv "$KANNEL_DIR/bearerbox.log" "$KANNEL_DIR/bearerbox.log.$_ks_try" 2>/dev/null
		sleep 1
	done
	return 1
}

kannel_received() {
	[ "$(grep -c 'Got message' "$KANNEL_RECEIVED" 2>/dev/null)" -ge "$1" ]
}

# fakesmsc prints each part it got: "<from to ucs-2 TEXT>" or, for a part
# of a concatenated SMS, "<from to udh UDH TEXT>", TEXT url-encoded UCS-2.
kannel_decode() {
	"$KANNEL_PY" - "$KANNEL_RECEIVED" <<'PY'
import re, sys, urllib.parse
parts = []
for line in open(sys.argv[1], encoding='utf-8', errors='replace'):
    m = re.search(r'Got message \d+: <(\S+) (\S+) (\S+) (.*)>$', line)
    if not m:
        continue
    sender, to, kind, rest = m.groups()
    data = rest.split(' ')[-1]
    # Kannel's url-encoding writes a space (0x20) as '+'.
    raw = urllib.parse.unquote_to_bytes(data.replace('+', ' '))
    text = raw.decode('utf-16-be') if kind in ('ucs-2', 'udh') else raw.decode()
    parts.append((sender, to, text))
if parts:
    print(parts[0][0], parts[0][1], len(parts))
    print(''.join(p[2] for p in parts), end='')
PY
}

kannel_stop_pid() {
	[ -n "$1" ] || return 0
	kill "$1" 2>/dev/null || return 0
	kannel_wait 100 eval "! kill -0 $1 2>/dev/null" || kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null || true
}

kannel_reply() {
	kannel_stop_pid "$KANNEL_FAKE_PID"
	_kr_text=$("$KANNEL_PY" -c 'import sys, urllib.parse
print(urllib.parse.quote(sys.argv[1].encode("utf-16-be"), safe=""))' "$3")
	kannel_fake 1 "$1 $2 ucs2 $_kr_text"
}

kannel_stop() {
	for _ks_pid in $KANNEL_FAKE_PID $KANNEL_SB_PID $KANNEL_BB_PID; do
		kannel_stop_pid "$_ks_pid"
	done
	KANNEL_FAKE_PID="" KANNEL_SB_PID="" KANNEL_BB_PID=""
}
