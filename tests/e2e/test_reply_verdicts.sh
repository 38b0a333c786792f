# Verdicts that tell the truth (issue 11, point 9): `reply parse` (the dry
# run) gives the outcome `inject` would give, through the same steps rolled
# back (it said "recorded" for a message inject then called a duplicate or
# quarantined); and a quarantine reason names the real cause (a multipart
# message without a boundary was "empty reply: it only quotes the
# invitation").
. "$CKS_SRCDIR/tests/e2e/lib.sh"

plan 7

TEMPLATES=$(dirname "$(find "$CKS_STAGE" -name survey.th.txt | head -1)")
cat >> "$CONF" <<CONF
template_dir = $TEMPLATES
mail.from = desk@ditp.example.invalid
mail.reply_address = survey@reply.example.invalid
CONF
id_of() { json 'd["id"]'; }
closed() {
	cks --json session open --channel "$1" --client "$2" --agent Anan
	s=$(id_of)
	cks session close "$s" --summary "demo"
	echo "$s"
}
# reply NAME TOKEN BODY [content-type]: a reply to TOKEN's invitation.
reply() {
	{
		printf 'From: Somchai <somchai@example.invalid>\r\n'
		printf 'To: survey+%s@reply.example.invalid\r\n' "$2"
		printf 'Subject: Re\r\nMessage-ID: <%s@client.example.invalid>\r\n' "$1"
		printf 'Date: Sat, 28 Nov 2026 10:00:00 +0700\r\nMIME-Version: 1.0\r\n'
		printf 'Content-Type: %s\r\n\r\n' "${4:-text/plain; charset=utf-8}"
		printf '%s' "$3" | sed 's/$/\r/'
	} > "$SCRATCH/$1.eml"
}
parse() { cks --json reply parse "$SCRATCH/$1.eml"; json 'd["outcome"]'; }
inject() {
	"$CKSCTL" -c "$CONF" --json inject < "$SCRATCH/$1.eml" > "$SCRATCH/out" 2> "$SCRATCH/err"
	json 'd["outcome"]'
}

cks --json client add --name "Somchai" --email somchai@example.invalid
CLIENT=$(id_of)

# --- a message inject has already taken: a duplicate, not "recorded" -----------
S1=$(closed hotline1169 "$CLIENT"); cks --json survey send "$S1"; T1=$(json 'd["token"]')
reply r1 "$T1" "2"
[ "$(parse r1)" = recorded ] && [ "$(inject r1)" = recorded ]
ok $? "a fresh reply: reply parse and inject both say recorded"
got=$(parse r1)
[ "$got" = duplicate ]
ok $? "the same message again: reply parse says duplicate, as inject would (got $got)"
[ "$(inject r1)" = duplicate ]
ok $? "and inject does say duplicate"

# --- a rating the store refuses: quarantined, not "recorded" ----------------------
S2=$(closed hotline1169 "$CLIENT"); cks --json survey send "$S2"; T2=$(json 'd["token"]')
reply r2 "$T2" "2 $(head -c 9000 /dev/zero | tr '\0' 'a')"
dry=$(parse r2)
real=$(inject r2)
[ "$dry" = "$real" ] && [ "$real" = quarantined ]
ok $? "a comment the store refuses: reply parse says $dry, inject says $real"
cks --json session show "$S2"
[ "$(json 'd["rating"]')" = None ]
ok $? "reply parse wrote nothing (no rating on the session)"

# --- a multipart message without a boundary ----------------------------------------
S3=$(closed hotline1169 "$CLIENT"); cks --json survey send "$S3"; T3=$(json 'd["token"]')
reply r3 "$T3" "2" "multipart/alternative"
cks --json reply parse "$SCRATCH/r3.eml"
why=$(json 'd["reason"]')
echo "# reason: $why"
[ "$(json 'd["outcome"]')" = quarantined ] && ! printf '%s' "$why" | grep -q "only quotes"
ok $? "a multipart message without a boundary is not called an empty reply"
printf '%s' "$why" | grep -q "boundary"
ok $? "its reason names the missing boundary"
finish
