# A parser that crashes or hangs on one message in the middle of a maildir
# batch (issue 18): that message alone is quarantined with the reason and
# its raw bytes kept, every other message of the same batch -- before and
# after it -- is parsed and recorded once, and all leave new/.  The parser
# here is a stand-in cksgate-parse that passes every request to the real
# one, except that it dies (SIGSEGV) on a message holding CRASH-ME and
# stops answering on one holding HANG-ME.
. "$CKS_SRCDIR/tests/e2e/lib.sh"

plan 6

N=250                   # three batches of the intake (100 a commit)
MD=$SCRATCH/maildir
mkdir -p "$MD/new" "$MD/cur" "$MD/tmp" "$SCRATCH/libexec"
cat >> "$CONF" <<CONF
maildir = $MD
parse.timeout = 1s
CONF

cat > "$SCRATCH/libexec/cksgate-parse" <<'PY'
#!/usr/bin/python3
# Relays the parse protocol (8-byte length + raw; 1-byte status + 8-byte
# length + text back) to the real helper, but fails on the marked mail.
import os, signal, socket, struct, subprocess, sys, time
real = os.path.join(os.environ["REAL_LIBEXECDIR"], "cksgate-parse")
ours, theirs = socket.socketpair()
helper = subprocess.Popen([real], stdin=theirs, close_fds=True)
theirs.close()
inp = os.fdopen(0, "rb", buffering=0)
out = os.fdopen(0, "wb", buffering=0, closefd=False)
def exactly(read, n):
    data = b""
    while len(data) < n:
        chunk = read(n - len(data))
        if not chunk:
            sys.exit(0)
        data += chunk
    return data
while True:
    (size,) = struct.unpack("=Q", exactly(inp.read, 8))
    raw = exactly(inp.read, size)
    if b"CRASH-ME" in raw:
        os.kill(os.getpid(), signal.SIGSEGV)
    if b"HANG-ME" in raw:
        time.sleep(3600)
    ours.sendall(struct.pack("=Q", size) + raw)
    head = exactly(ours.recv, 9)
    (length,) = struct.unpack("=Q", head[1:])
    out.write(head + exactly(ours.recv, length))
PY
chmod 755 "$SCRATCH/libexec/cksgate-parse"
ln -s "$CKS_LIBEXECDIR/cksgate-probe" "$SCRATCH/libexec/cksgate-probe"
export REAL_LIBEXECDIR="$CKS_LIBEXECDIR"
export CKS_LIBEXECDIR="$SCRATCH/libexec"

i=0
while [ $i -lt $N ]; do
	i=$((i + 1))
	word="plain reply"
	[ $i -eq 57 ] && word="CRASH-ME"
	[ $i -eq 163 ] && word="HANG-ME"
	printf 'From: client%s@example.invalid\nTo: survey@example.invalid\nSubject: hello %s\nMessage-ID: <pc-%s@example.invalid>\nDate: Mon, 02 Mar 2026 10:00:00 +0700\n\n%s %s\n' \
		"$i" "$i" "$i" "$word" "$i" > "$MD/tmp/$i"
	mv "$MD/tmp/$i" "$MD/new/$((1700000000 + i)).M${i}P$$.host"
done
q() { store_sql "$1"; }

cks --json inbox run
[ "$RC" -eq 0 ] && [ "$(json 'd["maildir"]["fetched"], d["maildir"]["done"]')" = "($N, $N)" ]
ok $? "inbox run takes all $N messages and exits 0 despite a crash and a hang"
# The two the parser never finished have no Message-ID: found by their bytes.
crashed="$(sql_blob_text raw) LIKE '%CRASH-ME 57%'"
hung="$(sql_blob_text raw) LIKE '%HANG-ME 163%'"
got=$(q "SELECT count(*), count(DISTINCT message_id), sum(CASE WHEN $crashed THEN 1 ELSE 0 END), sum(CASE WHEN $hung THEN 1 ELSE 0 END) FROM inbound_messages")
echo "# stored: $got (want $N|$((N - 2))|1|1)"
[ "$got" = "$N|$((N - 2))|1|1" ]
ok $? "every message is stored exactly once"
[ "$(q "SELECT outcome FROM inbound_messages WHERE $crashed AND reason LIKE '%crashed%'")" = quarantined ] &&
[ "$(q "SELECT outcome FROM inbound_messages WHERE $hung AND reason LIKE '%longer than%'")" = quarantined ]
ok $? "the message that crashed the parser and the one it hung on are quarantined with the reason"
[ "$(q "SELECT count(*) FROM inbound_messages WHERE reason LIKE 'cannot parse%'")" = 2 ] &&
[ "$(q "SELECT count(*) FROM inbound_messages WHERE message_id IN ('pc-56@example.invalid', 'pc-58@example.invalid', 'pc-162@example.invalid', 'pc-164@example.invalid') AND reason LIKE 'no survey token%'")" = 4 ]
ok $? "no other message is charged: its neighbours in the batch were parsed (read, no token found)"
id=$(q "SELECT id FROM inbound_messages WHERE $crashed")
cks quarantine show "$id" --raw
[ "$RC" -eq 0 ] && grep -q "CRASH-ME 57" "$SCRATCH/out"
ok $? "the crashing message's raw bytes are kept for review"
[ -z "$(ls "$MD/new")" ] && [ "$(ls "$MD/cur" | wc -l)" -eq $N ]
ok $? "all $N left new/ for cur/ once their batch was committed"
finish
