# Real machine mail through `cksctl inject`: the bounces, delivery reports,
# abuse reports and automatic replies of tests/corpus/machine (sisimai's
# set-of-emails), and read receipts, each pointed at one of our real
# invitations in a scratch copy.  No machine mail is ever read for a
# rating; every bounce that returns our message is applied to it; a read
# receipt is no bounce.
. "$CKS_SRCDIR/tests/e2e/lib.sh"

PY=/usr/bin/python3
CORPUS=$CKS_SRCDIR/tests/corpus/machine
NFILES=$(find "$CORPUS" -name '*.eml' | wc -l)
INVITES=6   # the last one is for the read receipts alone
plan $((NFILES + 7))

TEMPLATES=$(dirname "$(find "$CKS_STAGE" -name survey.th.txt | head -1)")
cat >> "$CONF" <<CONF
template_dir = $TEMPLATES
mail.from = desk@ditp.example.invalid
mail.reply_address = survey@reply.example.invalid
CONF
SPOOL=$SCRATCH/state/spool
DB=$SCRATCH/state/cksgate.db

# Files that are not what their sisimai name says, or that this build
# cannot take apart: NAME :: allowed outcome (grep -E on "outcome: reason") :: why
EXCEPTIONS=$(cat <<'EOF'
sisimai/bsd/lhost-sendmail-14.eml :: ^quarantined: no survey token :: a person forwarding a bounce ("Fwd: Returned mail"): for a person to read
sisimai/not/rb-issue-368-bug.eml :: ^bounce: .*applied to message :: a real bounce (mailbox full) that sisimai files under not/ (its issue 368)
sisimai/bsd/lhost-fml-02.eml :: ^quarantined: no survey token :: a mailing list manager's "not a member" notice, without any mark of a mail system
sisimai/bsd/lhost-fml-03.eml :: ^quarantined: no survey token :: a mailing list manager's "not a member" notice, without any mark of a mail system
sisimai/bsd/lhost-kddi-01.eml :: ^quarantined: no survey token :: a bounce marked only by its Japanese Subject and a no-reply sender
EOF
)

cks --json client add --name "สมชาย ใจดี" --email somchai@example.invalid
CLIENT=$(json 'd["id"]')
SESSIONS=() QUEUED=() MIDS=()
for i in $(seq 1 $INVITES); do
	cks --json session open --channel hotline1169 --client "$CLIENT" --agent Anan
	s=$(json 'd["id"]')
	cks session close "$s" --summary "demo"
	cks --json survey send "$s"
	SESSIONS+=("$s") QUEUED+=("$(json 'd["id"]')")
done
cks queue run
for q in "${QUEUED[@]}"; do
	MIDS+=("$(sed -n 's/^Message-ID: <\(.*\)>.*/\1/p' "$SPOOL/$q.eml" | head -1)")
done
[ "${#MIDS[@]}" -eq $INVITES ] && [ -n "${MIDS[$((INVITES - 1))]}" ]
ok $? "$INVITES invitations are in the spool with their Message-IDs"

"$PY" "$CKS_SRCDIR/tests/e2e/machine_mail.py" "$CKSCTL" "$CONF" "$CORPUS" "$SCRATCH" \
	"$SCRATCH/results" "${MIDS[@]}"
[ "$(wc -l < "$SCRATCH/results")" -eq "$NFILES" ]
ok $? "all $NFILES files went through cksctl inject"

# One line per file: what it must come out as.
while IFS=$'\t' read -r name kind k how outcome reason; do
	got="$outcome: $reason"
	exception=$(printf '%s\n' "$EXCEPTIONS" | awk -F' :: ' -v n="$name" '$1 == n')
	if [ -n "$exception" ]; then
		want=$(printf '%s\n' "$exception" | awk -F' :: ' '{print $2}')
		why=$(printf '%s\n' "$exception" | awk -F' :: ' '{print $3}')
	else
		case $kind in
		bounce)
			if [ "$k" = - ]; then
				want='^(bounce: .*applied to message|ignored: (bounce|delivery report) for no message we sent)'
				why="a bounce without a returned Message-ID"
			else
				want="^bounce: .*applied to message ${QUEUED[$k]}\$"
				why="a bounce, applied to the message it returns (by its $how)"
			fi ;;
		arf) want='^ignored: (abuse report \(ARF\)|automatic reply)'; why="an abuse report" ;;
		auto) want='^ignored: automatic reply'; why="an automatic reply" ;;
		mdn) want='^ignored: read receipt \((MDN\): (displayed|deleted)|Subject: Read: survey\))$'; why="a read receipt, no bounce" ;;
		not) want='^(quarantined|ignored): '; why="not a bounce, not an answer either" ;;
		esac
	fi
	printf '%s\n' "$got" | grep -Eq -- "$want"
	ok $? "$name: $why ($got)"
done < "$SCRATCH/results"

recorded=$(cut -f5 "$SCRATCH/results" | grep -c '^recorded$')
[ "$recorded" -eq 0 ] && [ "$(store_sql 'SELECT count(*) FROM ratings')" -eq 0 ]
ok $? "no machine mail was recorded as a rating ($recorded recorded)"
n=0
for s in "${SESSIONS[@]}"; do
	cks --json session show "$s"
	[ "$(json 'd["rating"]')" = None ] || n=$((n + 1))
done
[ "$n" -eq 0 ]
ok $? "session show gives no rating on any of the $INVITES sessions"
bounced=0
for q in "${QUEUED[@]:0:$((INVITES - 1))}"; do
	cks --json queue show "$q"
	[ "$(json 'd["bounce"] is not None')" = True ] && bounced=$((bounced + 1))
done
[ "$bounced" -eq $((INVITES - 1)) ]
ok $? "queue show gives each invitation the bounces returned its bounce ($bounced of $((INVITES - 1)))"
cks queue show "${QUEUED[$((INVITES - 1))]}"
! grep -q bounced "$SCRATCH/out" && cks --json queue show "${QUEUED[$((INVITES - 1))]}" &&
	[ "$(json 'd["bounce"]')" = None ]
ok $? "queue show gives the invitation only read receipts refer to no bounce"
[ "$(store_sql "SELECT count(*) FROM inbound_messages WHERE outcome = 'ignored' AND reason LIKE 'read receipt (%'")" -eq "$(find "$CORPUS/mdn" -name '*.eml' | wc -l)" ]
ok $? "every read receipt is stored as ignored, saying it is one"

# The figures, for the record.
echo "# files: $NFILES; outcomes: $(cut -f5 "$SCRATCH/results" | sort | uniq -c | awk '{printf "%s %s, ", $2, $1}')"
count() { grep -c -- "$1" "$SCRATCH/results"; }
echo "# bounces applied: $(count 'applied to message') (matched by the returned Message-ID: $(awk -F'\t' '$4 == "id" && /applied to message/' "$SCRATCH/results" | wc -l), by the survey tag in the returned Subject: $(awk -F'\t' '$4 == "subject" && /applied to message/' "$SCRATCH/results" | wc -l)); bounces for no message we sent: $(count 'for no message we sent'); read receipts: $(count $'\tignored\tread receipt'); abuse reports: $(count $'\tignored\tabuse report'); automatic replies: $(count $'\tignored\tautomatic reply'); refused by the mail guard: $(count 'cannot parse')"
finish
