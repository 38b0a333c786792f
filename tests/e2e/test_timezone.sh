#!/bin/sh
# End-to-end: the desk's time zone (the `timezone` key, Asia/Bangkok by
# default) decides every period and every time shown, whatever the
# process's TZ (issue 14).  Sessions are recorded on both sides of the
# fiscal-year and month boundaries with cksctl running under TZ=UTC; the
# reports are then read under TZ=UTC and TZ=America/New_York and must be
# identical, and right in Bangkok's calendar; an email sent under TZ=UTC
# carries Bangkok's time; `rating history` lists every revision.
. "$CKS_SRCDIR/tests/e2e/lib.sh"

plan 18

TEMPLATES=$(dirname "$(find "$CKS_STAGE" -name survey.th.txt | head -1)")
cat >> "$CONF" <<CONF
template_dir = $TEMPLATES
mail.from = desk@ditp.example.invalid
mail.reply_address = survey@reply.example.invalid
CONF

# under ZONE ARGS...: cksctl with the process in ZONE.
under() {
	zone=$1
	shift
	TZ=$zone "$CKSCTL" -c "$CONF" "$@" > "$SCRATCH/out" 2> "$SCRATCH/err"
	RC=$?
}

must() {
	under UTC "$@"
	if [ "$RC" -ne 0 ]; then
		echo "# setup failed: cksctl $*"
		sed 's/^/#   /' "$SCRATCH/err"
	fi
}

must --json client add --name 'สมชาย ใจดี' --email somchai@example.invalid
CLIENT=$(json 'd["id"]')
# 06:30 in Bangkok on 1 October 2025 is 23:30 UTC on 30 September: the
# first day of FY 2569, whatever TZ says.  --at without a zone is the
# desk's time.
must --json session open --channel counter --client "$CLIENT" --agent Napa \
	--at 2025-10-01T06:30
A=$(json 'd["id"]')
must rating record "$A" 5 --via counter
# 23:59 Bangkok on 30 September 2025 (16:59 UTC): FY 2568.
must --json session open --channel counter --client "$CLIENT" --agent Napa \
	--at 2025-09-30T23:59
B=$(json 'd["id"]')
must rating record "$B" 2 --via counter
# 00:30 Bangkok on 1 December (17:30 UTC on 30 November): December.
must --json session open --channel counter --client "$CLIENT" --agent Napa \
	--at 2025-12-01T00:30
C=$(json 'd["id"]')

under UTC --json session show "$A"
got=$(json 'd["opened"]')
[ "$got" = "2025-10-01T06:30:00+07:00" ]
ok $? "session show under TZ=UTC: Bangkok time (got '$got')"
under America/New_York --json session show "$A"
got=$(json 'd["opened"]')
[ "$got" = "2025-10-01T06:30:00+07:00" ]
ok $? "session show under TZ=America/New_York: Bangkok time (got '$got')"

for how in "--format csv" "--json" "--format text"; do
	# shellcheck disable=SC2086
	under UTC report kpi --fiscal-year 2569 --by month $how
	cp "$SCRATCH/out" "$SCRATCH/utc"
	# shellcheck disable=SC2086
	under America/New_York report kpi --fiscal-year 2569 --by month $how
	[ "$RC" -eq 0 ] && [ -s "$SCRATCH/out" ] && cmp -s "$SCRATCH/utc" "$SCRATCH/out"
	ok $? "report kpi --by month $how: identical under TZ=UTC and TZ=America/New_York"
done

under America/New_York --json report kpi --fiscal-year 2569 --by month \
	--channel counter
got=$(json '[g["sessions"] for g in d["channels"][0]["groups"] if g["key"] in ("2025-10", "2025-11", "2025-12")]')
[ "$got" = "[1, 0, 1]" ]
ok $? "06:30 on 1 Oct and 00:30 on 1 Dec are in October and December (got '$got')"
under UTC --json report kpi --fiscal-year 2568 --channel counter
got=$(json '[d["channels"][0]["total"]["sessions"]]')
[ "$got" = "[1]" ]
ok $? "23:59 on 30 September is in FY 2568 under TZ=UTC (got '$got')"
under America/New_York --json report kpi --fiscal-year 2569 --channel counter
got=$(json '[d["channels"][0]["total"]["sessions"]]')
[ "$got" = "[2]" ]
ok $? "FY 2569 holds the 1 October and 1 December sessions under TZ=America/New_York (got '$got')"

# Another desk zone, chosen in the configuration.
cp "$CONF" "$SCRATCH/ny.conf"
echo "timezone = America/New_York" >> "$SCRATCH/ny.conf"
TZ=Asia/Bangkok "$CKSCTL" -c "$SCRATCH/ny.conf" --json session show "$A" \
	> "$SCRATCH/out" 2> "$SCRATCH/err"
RC=$?
got=$(json 'd["opened"]')
[ "$got" = "2025-09-30T19:30:00-04:00" ]
ok $? "timezone = America/New_York shows New York time (got '$got')"

# An unknown zone is refused at load, naming the key and the value.
cp "$CONF" "$SCRATCH/bad.conf"
echo "timezone = Asia/Atlantis" >> "$SCRATCH/bad.conf"
"$CKSCTL" -c "$SCRATCH/bad.conf" session show "$A" > "$SCRATCH/out" 2> "$SCRATCH/err"
RC=$?
[ "$RC" -eq 1 ] && grep -q "timezone" "$SCRATCH/err" && grep -q "Asia/Atlantis" "$SCRATCH/err"
ok $? "timezone = Asia/Atlantis is refused naming key and value (rc $RC: $(head -1 "$SCRATCH/err"))"
: "$C"

# The survey invitation of a visit at 05:46 Bangkok time (22:46 UTC the
# day before), sent and spooled under TZ=UTC: the email says 05:46 on
# 1 October, and its Date: header carries +0700.
must --json session open --channel counter --client "$CLIENT" --agent Napa \
	--at 2025-10-01T05:46
D=$(json 'd["id"]')
must session close "$D" --summary 'ส่งออกทุเรียน' --at 2025-10-01T06:10
must --json survey send "$D"
MSG=$(json 'd["id"]')
must --json queue run
EML=$SCRATCH/state/spool/$MSG.eml
body=$(/usr/bin/python3 - "$EML" <<'PY'
import sys, email, email.policy
m = email.message_from_bytes(open(sys.argv[1], 'rb').read(),
                             policy=email.policy.default)
print(m.get_body(('plain',)).get_content())
PY
)
echo "$body" | grep -q "1 ต.ค. 2568 05:46"
ok $? "the email says 1 ต.ค. 2568 05:46 under TZ=UTC"
echo "$body" | grep -q "22:46"
[ $? -ne 0 ]
ok $? "and not 22:46"
grep -q '^Date: .* +0700' "$EML"
ok $? "its Date: header is Bangkok time with +0700 ($(grep '^Date:' "$EML" | tr -d '\r'))"

# cksctl rating history: every revision, old -> new, in the desk's time.
must rating record "$B" 4 --via ivr
under America/New_York rating history "$B"
[ "$RC" -eq 0 ] && [ "$(wc -l < "$SCRATCH/out")" -eq 2 ] &&
	grep -q '^1  .*+07:00  counter  - -> 2$' "$SCRATCH/out" &&
	grep -q '^2  .*+07:00  ivr      2 -> 4$' "$SCRATCH/out"
ok $? "rating history: two revisions, counter - -> 2 then ivr 2 -> 4, Bangkok time ($(tr '\n' '|' < "$SCRATCH/out"))"
under UTC --json rating history "$B"
got=$(json '[(r["revision"], r["medium"], r["from"], r["to"]) for r in d["revisions"]]')
[ "$got" = "[(1, 'counter', None, 2), (2, 'ivr', 2, 4)]" ]
ok $? "rating history --json (got '$got')"
under UTC rating history "$C"
[ "$RC" -eq 0 ] && grep -q "session $C: no rating" "$SCRATCH/out"
ok $? "rating history of an unrated session says so"
under UTC rating history 99999
[ "$RC" -eq 1 ] && grep -q 99999 "$SCRATCH/err"
ok $? "rating history of an unknown session: exit 1 naming it (rc $RC)"
under UTC rating history
[ "$RC" -eq 2 ]
ok $? "rating history without SESSION: usage error, exit 2 (rc $RC)"
finish
