#!/bin/sh
# Two daemons on one store polling the same IMAP account, then the same
# POP3 account (issue 15): the account is a lease, so one daemon at a time
# fetches it and every reply is taken once; when that daemon is killed
# (kill -9), the other takes the account over once the lease has passed.
# A real Dovecot on 127.0.0.1 (imaps and pop3s, a throwaway certificate),
# started here and stopped by its PID; skipped without /usr/sbin/dovecot.
. "$CKS_SRCDIR/tests/e2e/lib.sh"
. "$CKS_SRCDIR/tests/e2e/daemon.sh"

DOVECOT=/usr/sbin/dovecot
if [ ! -x "$DOVECOT" ]; then
	echo "1..0 # SKIP no $DOVECOT (Debian: dovecot-imapd)"
	exit 0
fi
plan 14

PY=/usr/bin/python3
DB=$SCRATCH/state/cksgate.db
DV=$SCRATCH/dovecot
PID_A="" PID_B="" DOVECOT_PID=""
N=40

cleanup() {
	for p in $PID_A $PID_B; do kill -9 "$p" 2>/dev/null; done
	if [ -n "$DOVECOT_PID" ]; then kill "$DOVECOT_PID" 2>/dev/null; wait_gone "$DOVECOT_PID" 100; fi
	daemon_kill
	rm -rf "$SCRATCH"
}
trap cleanup EXIT

# --- Dovecot, as tests/unit/test_intake.c runs it -----------------------------------
mkdir -p "$DV/mail/gate/new" "$DV/mail/gate/cur" "$DV/mail/gate/tmp" \
	"$DV/mail/gate2/new" "$DV/mail/gate2/cur" "$DV/mail/gate2/tmp" "$DV/home"
openssl req -x509 -newkey rsa:2048 -nodes -subj '/CN=localhost' \
	-addext subjectAltName=IP:127.0.0.1,DNS:localhost -days 2 \
	-keyout "$DV/key.pem" -out "$DV/cert.pem" 2>/dev/null || { echo "# openssl failed"; exit 1; }
printf 'gate:{PLAIN}s3cret pass\ngate2:{PLAIN}other pass\n' > "$DV/passwd"
printf 'gate\ns3cret pass\n' > "$SCRATCH/imap-auth"
printf 'gate2\nother pass\n' > "$SCRATCH/pop3-auth"
chmod 600 "$SCRATCH/imap-auth" "$SCRATCH/pop3-auth"
if [ "$(id -u)" -eq 0 ]; then
	# Mail processes run as nobody, and reach the maildir through here.
	chmod 0711 "$SCRATCH"
	chown -R nobody:nogroup "$DV/mail" "$DV/home"
	USERS="mail_uid = $(id -u nobody)
mail_gid = $(id -g nobody)
first_valid_uid = 1
service auth {
  user = root
}"
	MAIL_OWNER=nobody:nogroup
else
	USERS="default_login_user = $(id -un)
default_internal_user = $(id -un)
default_internal_group = $(id -gn)
first_valid_uid = $(id -u)
first_valid_gid = $(id -g)
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
service pop3-login {
  chroot =
}"
	MAIL_OWNER=""
fi
start_dovecot() {
	set -- $("$PY" -c '
import socket
a, b = socket.socket(), socket.socket()
a.bind(("127.0.0.1", 0)); b.bind(("127.0.0.1", 0))
print(a.getsockname()[1], b.getsockname()[1])')
	IMAPS_PORT=$1 POP3S_PORT=$2
	cat > "$DV/dovecot.conf" <<DCONF
protocols = imap pop3
listen = 127.0.0.1
base_dir = $DV/run
state_dir = $DV/state
log_path = $DV/dovecot.log
ssl = required
ssl_cert = <$DV/cert.pem
ssl_key = <$DV/key.pem
auth_mechanisms = plain login
mail_location = maildir:$DV/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $DV/passwd
}
userdb {
  driver = static
  args = home=$DV/home/%u
}
$USERS
service imap-login {
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $IMAPS_PORT
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
  inet_listener pop3s {
    address = 127.0.0.1
    port = $POP3S_PORT
    ssl = yes
  }
}
DCONF
	rm -f "$DV/dovecot.log"
	"$DOVECOT" -c "$DV/dovecot.conf" -F > "$DV/stdout.log" 2>&1 &
	DOVECOT_PID=$!
	wait_until 100 grep -q "starting up" "$DV/dovecot.log" 2>/dev/null &&
		"$PY" -c 'import socket, sys; [socket.create_connection(("127.0.0.1", int(p)), 2) for p in sys.argv[1:]]' "$IMAPS_PORT" "$POP3S_PORT" 2>/dev/null
}
# The port is found free and let go before Dovecot binds it (it cannot be
# handed a socket): taken in between, the start is tried again.
tries=0
until start_dovecot; do
	kill "$DOVECOT_PID" 2>/dev/null; wait "$DOVECOT_PID" 2>/dev/null; DOVECOT_PID=""
	tries=$((tries + 1))
	[ $tries -lt 5 ] || { echo "# dovecot did not start"; cat "$DV/stdout.log" "$DV/dovecot.log" 2>/dev/null | sed 's/^/#   /'; exit 1; }
done

# deliver FIRST LAST [USER PREFIX]: replies FIRST..LAST into the account's
# new/ (gate, Message-IDs reply-N by default), as an MDA would (written in
# tmp/, renamed).
deliver() {
	i=$1 box=$DV/mail/${3:-gate} prefix=${4:-reply}
	while [ "$i" -le "$2" ]; do
		f="$(date +%s).M${i}P$$.cks-two-daemons"
		printf 'From: Client %s <client%s@example.net>\nTo: survey@reply.example.invalid\nSubject: Re: survey %s\nMessage-ID: <%s-%s@example.net>\nDate: Mon, 07 Dec 2026 10:00:00 +0700\n\n5\n' \
			"$i" "$i" "$i" "$prefix" "$i" > "$box/tmp/$f"
		[ -z "$MAIL_OWNER" ] || chown "$MAIL_OWNER" "$box/tmp/$f"
		mv "$box/tmp/$f" "$box/new/$f"
		i=$((i + 1))
	done
}

cat >> "$CONF" <<CONF
mail.reply_address = survey@reply.example.invalid
imap.host = 127.0.0.1
imap.port = $IMAPS_PORT
imap.tls = imaps
imap.ca_file = $DV/cert.pem
imap.auth_file = $SCRATCH/imap-auth
intake.interval = 1s
queue.lease = 3s
CONF
daemon_config
{ cat "$CONF"; echo "gateway.name = gw-a"; echo "daemon.pid_file = $SCRATCH/a.pid"; } > "$SCRATCH/a.conf"
{ cat "$CONF"; echo "gateway.name = gw-b"; echo "daemon.pid_file = $SCRATCH/b.pid"; } > "$SCRATCH/b.conf"
start_one() {
	$WITH_HTTP_SOCKET "$CKSGATED" -f -c "$SCRATCH/$1.conf" 2>> "$SCRATCH/$1.log" &
	eval "PID_$(echo "$1" | tr a-z A-Z)=\$!"
	wait_until 100 grep -q "daemon.ready" "$SCRATCH/$1.log"
}
# q SQL: one query (or several) on the shared store, either backend.
q() {
	if [ -n "$CKS_DB_URI" ]; then
		psql -X -q -At "$CKS_DB_URI" -c "$1"
	else
		sqlite3 -cmd '.timeout 5000' "$DB" "$1"
	fi
}
PREFIX=reply
taken() { q "SELECT count(*) FROM inbound_messages WHERE message_id LIKE '$PREFIX-%'"; }
distinct() { q "SELECT count(DISTINCT message_id) FROM inbound_messages WHERE message_id LIKE '$PREFIX-%'"; }
all_taken() { [ "$(taken)" -ge "$1" ]; }

start_one a && start_one b
ok $? "two daemons (gw-a, gw-b) poll the same IMAP account"
deliver 1 $N
wait_until 600 all_taken $N
ok $? "the $N replies are taken"
sleep 2      # let a second copy, were there one, arrive before counting
TAKEN=$(taken)
DISTINCT=$(distinct)
echo "# imap, two daemons: taken $TAKEN, distinct $DISTINCT, duplicates $((TAKEN - DISTINCT)), lost $((N - DISTINCT))"
[ "$TAKEN" -eq $N ] && [ "$DISTINCT" -eq $N ]
ok $? "each reply is taken exactly once ($TAKEN rows, $DISTINCT distinct)"
HOLDER=$(q "SELECT holder FROM leases WHERE name LIKE 'imap:127.0.0.1:$IMAPS_PORT/%'")
case "$HOLDER" in
gw-a:*) HOLD=a OTHER=b ;;
gw-b:*) HOLD=b OTHER=a ;;
*) HOLD="" OTHER="" ;;
esac
[ -n "$HOLD" ]
ok $? "one daemon holds the account's lease ($HOLDER)"
grep -q 'intake.held source=imap' "$SCRATCH/$OTHER.log" &&
	! grep -q 'intake.run source=imap' "$SCRATCH/$OTHER.log"
ok $? "the other skips the account while the lease stands (intake.held, no intake.run)"
cks --json inbox run
[ "$RC" -eq 0 ] && [ "$(json 'd["imap"]["held_elsewhere"], d["imap"]["fetched"]')" = "(True, 0)" ] &&
	grep -q "imap: not polled: another daemon polls this account" "$SCRATCH/err"
ok $? "cksctl inbox run leaves the account to the daemon that holds it, and says so"

# The holder dies: the other takes the account over once the lease passed.
eval "kill -9 \$PID_$(echo $HOLD | tr a-z A-Z)"
eval "wait \$PID_$(echo $HOLD | tr a-z A-Z)" 2>/dev/null
eval "PID_$(echo $HOLD | tr a-z A-Z)=''"
deliver $((N + 1)) $((2 * N))
wait_until 600 all_taken $((2 * N))
ok $? "after kill -9 of gw-$HOLD, gw-$OTHER takes the account over and the next $N replies"
sleep 2
TAKEN=$(taken)
DISTINCT=$(distinct)
echo "# imap, kill -9 of the holder: taken $TAKEN, distinct $DISTINCT, duplicates $((TAKEN - DISTINCT)), lost $((2 * N - DISTINCT))"
[ "$TAKEN" -eq $((2 * N)) ] && [ "$DISTINCT" -eq $((2 * N)) ]
ok $? "still each once ($TAKEN rows, $DISTINCT distinct)"
case "$(q "SELECT holder FROM leases WHERE name LIKE 'imap:%'")" in
gw-$OTHER:*) true ;;
*) false ;;
esac
ok $? "the lease is now gw-$OTHER's"
for p in $PID_A $PID_B; do kill -TERM "$p" 2>/dev/null; wait_gone "$p" 200; done
PID_A="" PID_B=""

# --- the same with a POP3 account -----------------------------------------------------
for d in a b; do
	{ grep -v '^imap\.' "$SCRATCH/$d.conf"
	  printf 'pop3.host = 127.0.0.1\npop3.port = %s\npop3.tls = pop3s\n' "$POP3S_PORT"
	  printf 'pop3.ca_file = %s\npop3.auth_file = %s\n' "$DV/cert.pem" "$SCRATCH/pop3-auth"
	} > "$SCRATCH/$d.conf.new"
	mv "$SCRATCH/$d.conf.new" "$SCRATCH/$d.conf"
	: > "$SCRATCH/$d.log"
done
PREFIX=pop
start_one a && start_one b
deliver 1 $N gate2 pop
wait_until 600 all_taken $N
sleep 2      # let a second copy, were there one, arrive before counting
TAKEN=$(taken) DISTINCT=$(distinct)
echo "# pop3, two daemons: taken $TAKEN, distinct $DISTINCT, duplicates $((TAKEN - DISTINCT)), lost $((N - DISTINCT))"
[ "$TAKEN" -eq $N ] && [ "$DISTINCT" -eq $N ]
ok $? "POP3: two daemons take the $N replies exactly once ($TAKEN rows, $DISTINCT distinct)"
case "$(q "SELECT holder FROM leases WHERE name = 'pop3:127.0.0.1:$POP3S_PORT'")" in
gw-a:*) HOLD=a OTHER=b ;;
gw-b:*) HOLD=b OTHER=a ;;
*) HOLD="" OTHER="" ;;
esac
[ -n "$HOLD" ] && grep -q 'intake.held source=pop3' "$SCRATCH/$OTHER.log" &&
	! grep -q 'intake.run source=pop3' "$SCRATCH/$OTHER.log"
ok $? "POP3: gw-$HOLD holds the account, gw-$OTHER skips it"
eval "kill -9 \$PID_$(echo $HOLD | tr a-z A-Z)"
eval "wait \$PID_$(echo $HOLD | tr a-z A-Z)" 2>/dev/null
eval "PID_$(echo $HOLD | tr a-z A-Z)=''"
deliver $((N + 1)) $((2 * N)) gate2 pop
wait_until 600 all_taken $((2 * N))
ok $? "POP3: after kill -9 of gw-$HOLD, gw-$OTHER takes the account over and the next $N"
sleep 2
TAKEN=$(taken) DISTINCT=$(distinct)
echo "# pop3, kill -9 of the holder: taken $TAKEN, distinct $DISTINCT, duplicates $((TAKEN - DISTINCT)), lost $((2 * N - DISTINCT))"
[ "$TAKEN" -eq $((2 * N)) ] && [ "$DISTINCT" -eq $((2 * N)) ]
ok $? "POP3: still each once ($TAKEN rows, $DISTINCT distinct)"
grep -q 'intake.run source=pop3' "$SCRATCH/$OTHER.log"
ok $? "POP3: gw-$OTHER polled it only once the lease had passed"
for p in $PID_A $PID_B; do kill -TERM "$p" 2>/dev/null; wait_gone "$p" 200; done
PID_A="" PID_B=""
finish
