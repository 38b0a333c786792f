# The maildir intake after crashes (issue 11, point 3): a move to cur/ cut
# between its link() and its unlink() must not stall the intake, and
# `inbox run` killed with SIGKILL at random moments, again and again, must
# in the end have taken every message exactly once.
#   CKS_KILL_LOOP_MESSAGES  messages in the loop (default 1000; the issue's
#                           figure is 4000: bench/maildir_kill_loop.sh)
#   CKS_KILL_LOOP_KILLS     kills before the run that may finish (default 40)
. "$CKS_SRCDIR/tests/e2e/lib.sh"

plan 6

N=${CKS_KILL_LOOP_MESSAGES:-1000}
KILLS=${CKS_KILL_LOOP_KILLS:-40}
MD=$SCRATCH/maildir
DB=$SCRATCH/state/cksgate.db
mkdir -p "$MD/new" "$MD/cur" "$MD/tmp"
cat >> "$CONF" <<CONF
maildir = $MD
busy_timeout_ms = 2000
CONF

# mail NAME N: message N (a Message-ID of its own) as new/NAME.
mail() {
	printf 'From: client%s@example.invalid\nTo: survey@example.invalid\nSubject: hello %s\nMessage-ID: <crash-%s@example.invalid>\nDate: Mon, 02 Mar 2026 10:00:00 +0700\n\nno token in here %s\n' \
		"$2" "$2" "$2" "$2" > "$MD/tmp/$1"
	mv "$MD/tmp/$1" "$MD/new/$1"
}
records() { store_sql "SELECT count(*), count(DISTINCT message_id) FROM inbound_messages WHERE message_id LIKE 'crash-%'"; }

# --- the exact state a kill between link() and unlink() leaves ----------------
mail 1000.M1P1.host 1
cks inbox run
mv "$MD/cur/1000.M1P1.host:2,S" "$SCRATCH/done-copy"
ln "$SCRATCH/done-copy" "$MD/new/1000.M1P1.host"
ln "$SCRATCH/done-copy" "$MD/cur/1000.M1P1.host:2,S"
rm "$SCRATCH/done-copy"
mail 1001.M2P1.host 2
cks --json inbox run
[ "$RC" -eq 0 ] && [ "$(json 'd["maildir"]["fetched"], d["maildir"]["done"]')" = "(1, 1)" ]
ok $? "a message in both new/ and cur/ (same inode) does not stop the run: the new one is taken"
[ -z "$(ls "$MD/new")" ] && [ "$(ls "$MD/cur" | wc -l)" -eq 2 ] && [ "$(records)" = "2|2" ]
ok $? "the cut move is finished (new/ empty), and each message is recorded once"
mail 1002.M3P1.host 3
cks --json inbox run
[ "$RC" -eq 0 ] && [ "$(json 'd["maildir"]["done"]')" = 1 ] && [ "$(records)" = "3|3" ]
ok $? "later mail still arrives and is read"

# --- kill -9 at random moments, then a run that may finish --------------------
rm -f "$MD"/cur/*
store_sql "DELETE FROM inbound_messages WHERE message_id LIKE 'crash-%'"
i=0
while [ $i -lt "$N" ]; do
	i=$((i + 1))
	mail "$((1700000000 + i)).M${i}P$$.host" "$i"
done
# Each run is killed at a random moment within about the time a pass over
# what is left takes (~25 us a message here), so kills land in the listing, the
# batches, their commits and the moves; the loop ends early once new/ is
# empty.
killed=$(/usr/bin/python3 - "$CKSCTL" "$CONF" "$MD/new" "$KILLS" "$N" <<'PY'
import os, random, signal, subprocess, sys, time
cksctl, conf, new, kills, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
killed = 0
for _ in range(kills):
    left = len(os.listdir(new))
    if left == 0:
        break
    p = subprocess.Popen([cksctl, "-c", conf, "inbox", "run"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(random.uniform(0.002, 0.002 + left * 25e-6))
    if p.poll() is None:
        p.send_signal(signal.SIGKILL)
        killed += 1
    p.wait()
print(killed)
PY
)
left=$(ls "$MD/new" | wc -l)
cks --json inbox run
echo "# the finishing run completed $(grep -c intake.maildir.recovered "$SCRATCH/err") move(s) cut by a kill"
[ "$RC" -eq 0 ]
ok $? "after $killed kills ($left of $N still in new/), inbox run finishes cleanly"
[ -z "$(ls "$MD/new")" ] && [ "$(ls "$MD/cur" | wc -l)" -eq "$N" ]
ok $? "every message is in cur/ once, none in new/"
got=$(records)
echo "# records after the loop: $got (want $N|$N)"
[ "$got" = "$N|$N" ]
ok $? "every message is recorded exactly once: none lost, none twice"
finish
