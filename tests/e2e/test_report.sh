#!/bin/sh
# End-to-end: `cksctl report kpi|steps|dashboard` over a store filled with
# the installed cksctl itself: sessions opened at fixed times with --at
# (both eras) on both sides of the fiscal-year boundary, steps, a survey
# invitation delivered into the spool and answered by an email reply,
# one cancelled, ratings by keypad and counter form.  Checks the numbers
# in text, CSV and JSON, the period options, and every usage error.
. "$CKS_SRCDIR/tests/e2e/lib.sh"

plan 60

TEMPLATES=$(dirname "$(find "$CKS_STAGE" -name survey.th.txt | head -1)")
cat >> "$CONF" <<CONF
template_dir = $TEMPLATES
mail.from = desk@ditp.example.invalid
mail.reply_address = survey@reply.example.invalid
CONF
QUOTED='สมศรี "แอน", ทดสอบ'

id_of() { json 'd["id"]'; }

# must ARGS...: a setup command that has to succeed.
must() {
	cks "$@"
	if [ "$RC" -ne 0 ]; then
		echo "# setup failed: cksctl $*"
		sed 's/^/#   /' "$SCRATCH/err"
	fi
}

# session CHANNEL AGENT TIME: opens a session; prints its id.
session() {
	must --json session open --channel "$1" --client "$CLIENT" --agent "$2" \
		--at "$3"
	id_of
}

# step SESSION STEP START DONE
step() {
	must session step "$1" "$2" start --at "$3"
	must session step "$1" "$2" done --at "$4"
}

# json_is DESCRIPTION EXPR WANT: the last JSON output's EXPR prints WANT.
json_is() {
	got=$(json "$2")
	[ "$RC" -eq 0 ] && [ "$got" = "$3" ]
	ok $? "$1 (got '$got', want '$3')"
}

# has DESCRIPTION TEXT: the last output holds TEXT (a fixed string).
has() {
	[ "$RC" -eq 0 ] && grep -qF -- "$2" "$SCRATCH/out"
	ok $? "$1"
}

must --json client add --name 'สมชาย ใจดี' --email somchai@example.invalid
CLIENT=$(id_of)

# FY 2568: the last minute of September 2025.
A=$(session counter 'นก' 2025-09-30T23:59)
step "$A" greet 2025-09-30T23:59:00 2025-09-30T23:59:10
must rating record "$A" 5 --via counter

# FY 2569, its first instant, written in the Buddhist Era: invited and
# answered "5" by email.
B=$(session counter 'นก' 2568-10-01T00:00)
step "$B" greet 2568-10-01T00:00:00 2568-10-01T00:00:20
step "$B" preliminary_questions 2568-10-01T00:01 2568-10-01T00:09
must session close "$B" --summary 'แนะนำตลาดญี่ปุ่น' --at 2568-10-01T00:30
must --json survey send "$B"
TOKEN=$(json 'd["token"]')

# Greet over the standard; invited but the message cancelled; rated 3.
C=$(session counter "$QUOTED" 2025-11-02T09:00)
step "$C" greet 2025-11-02T09:00:00 2025-11-02T09:00:40
must session close "$C" --summary 'ส่งเอกสาร' --at 2025-11-02T10:00
must --json survey send "$C"
must queue cancel "$(id_of)"
must rating record "$C" 3 --via counter

# The last minute of FY 2569, rated 4 at the counter.
D=$(session counter 'นก' 2026-09-30T23:59)
must rating record "$D" 4 --via counter

E=$(session hotline1169 'ต้น' 2026-01-05T10:00)
step "$E" 1 2026-01-05T10:00:00 2026-01-05T10:00:30
must rating record "$E" 3 --via ivr

# FY 2570, its first instant.
F=$(session chat 'ต้น' 2026-10-01T00:00)
must rating record "$F" 1 --via chat

must queue run
{
	printf 'From: Somchai <somchai@example.invalid>\r\n'
	printf 'To: survey+%s@reply.example.invalid\r\n' "$TOKEN"
	printf 'Subject: Re: survey\r\nMessage-ID: <r1@client.example.invalid>\r\n'
	printf 'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n'
	printf '5 ครับ\r\n'
} > "$SCRATCH/reply.eml"
"$CKSCTL" -c "$CONF" inject < "$SCRATCH/reply.eml" > /dev/null 2>&1
cks --json session show "$B"
json_is "setup: the email reply is recorded as session B's rating" \
	"(d['rating']['code'], d['rating']['medium'])" "(5, 'email')"

# --- the KPI, JSON ------------------------------------------------------------
cks --json report kpi --fiscal-year 2569 --channel counter
json_is "kpi: FY 2569 runs from 1 Oct 2025 00:00 to 1 Oct 2026 00:00" \
	"(d['period']['from'], d['period']['to'], d['period']['fiscal_year'])" \
	"('2025-10-01T00:00:00+07:00', '2026-10-01T00:00:00+07:00', 2569)"
json_is "kpi: counter FY 2569 has 3 sessions (30 Sep 23:59 out, 1 Oct 00:00 in)" \
	"d['channels'][0]['total']['sessions']" 3
json_is "kpi: 1 invitation sent (the cancelled one does not count)" \
	"d['channels'][0]['total']['invitations_sent']" 1
json_is "kpi: 3 answers, 2 satisfied, 66.7 %, target 85 % not met" \
	"[d['channels'][0]['total'][k] for k in ('answers', 'satisfied', 'satisfied_percent', 'met')] + [d['channels'][0]['target_percent']]" \
	"[3, 2, 66.7, False, 85]"
json_is "kpi: response rate 100 %, the invitation answered 1 of 1" \
	"(d['channels'][0]['total']['response_rate_percent'], d['channels'][0]['total']['invitation_response_rate_percent'])" \
	"(100.0, 100.0)"
json_is "kpi: answers by medium: email 1, counter 2" \
	"[(m, v['answers']) for m, v in d['channels'][0]['total']['by_medium'].items() if v['answers']]" \
	"[('email', 1), ('counter', 2)]"
grep -q '"satisfied_percent": 66.7,' "$SCRATCH/out"
ok $? "kpi: percentages print as 66.7, not 66.700000000000003"
cp "$SCRATCH/out" "$SCRATCH/fy2569.json"
cks report kpi --fiscal-year 2026 --channel counter --format json
cmp -s "$SCRATCH/out" "$SCRATCH/fy2569.json"
ok $? "kpi: --fiscal-year 2026 (CE) is the same report as 2569 (BE)"
cks report kpi --fiscal-year 2569 --channel counter --format json
cmp -s "$SCRATCH/out" "$SCRATCH/fy2569.json"
ok $? "kpi: --format json prints the same as --json"

cks --json report kpi --fiscal-year 2568
json_is "kpi: FY 2568 holds only the 30 Sep 23:59 session" \
	"[(c['channel'], c['total']['sessions']) for c in d['channels']]" \
	"[('chat', 0), ('counter', 1), ('hotline1169', 0)]"
cks --json report kpi --fiscal-year 2570
json_is "kpi: FY 2570 holds the 1 Oct 2026 00:00 chat session" \
	"[(c['channel'], c['total']['sessions']) for c in d['channels']]" \
	"[('chat', 1), ('counter', 0), ('hotline1169', 0)]"
json_is "kpi: the chat scale is flagged as having no unsatisfied option" \
	"d['channels'][0]['every_option_satisfied']" True
cks --json report kpi --fiscal-year 2569 --channel hotline1169
json_is "kpi: the hotline's one answer (3) is not satisfied: 0.0 %" \
	"(d['channels'][0]['total']['answers'], d['channels'][0]['total']['satisfied_percent'], d['channels'][0]['total']['by_medium']['ivr']['answers'])" \
	"(1, 0.0, 1)"

cks --json report kpi --by month --fiscal-year 2569 --channel counter
json_is "kpi --by month: twelve months, Oct 2025 to Sep 2026" \
	"(len(d['channels'][0]['groups']), d['channels'][0]['groups'][0]['key'], d['channels'][0]['groups'][-1]['key'])" \
	"(12, '2025-10', '2026-09')"
json_is "kpi --by month: Buddhist-Era Thai month labels" \
	"d['channels'][0]['groups'][0]['label']['th']" "ต.ค. 2568"
json_is "kpi --by month: October 100 % met, November 0 % not met, September 1 session" \
	"[(g['key'], g['sessions'], g['satisfied_percent'], g['met']) for g in d['channels'][0]['groups'] if g['sessions']]" \
	"[('2025-10', 1, 100.0, True), ('2025-11', 1, 0.0, False), ('2026-09', 1, 100.0, True)]"
cks --json report kpi --by quarter --fiscal-year 2569 --channel counter
json_is "kpi --by quarter: fiscal quarters, Q1 = Oct-Dec" \
	"[(g['key'], g['sessions']) for g in d['channels'][0]['groups']]" \
	"[('2569-Q1', 2), ('2569-Q2', 0), ('2569-Q3', 0), ('2569-Q4', 1)]"
cks --json report kpi --by agent --fiscal-year 2569 --channel counter
json_is "kpi --by agent: one row per agent" \
	"[(g['key'], g['sessions'], g['satisfied']) for g in d['channels'][0]['groups']]" \
	"[('นก', 2, 2), ('สมศรี \"แอน\", ทดสอบ', 1, 0)]"

cks --json report kpi --from 2025-10-01 --to 2025-11-01 --channel counter
json_is "kpi --from/--to: the end is excluded, October only" \
	"(d['channels'][0]['total']['sessions'], d['period']['fiscal_year'])" "(1, None)"
cks --json report kpi --from 2568-10-01 --to 2568-10-01T00:00:01 --channel counter
json_is "kpi --from/--to in the Buddhist Era, one second wide" \
	"d['channels'][0]['total']['sessions']" 1

Y=$(date +%Y); M=$(date +%m)
CURRENT=$((Y + 543 + (${M#0} >= 10)))
cks --json report kpi
json_is "kpi: without a period, the current fiscal year ($CURRENT)" \
	"d['period']['fiscal_year']" "$CURRENT"

# --- text and CSV -------------------------------------------------------------
cks report kpi --fiscal-year 2569 --channel counter
has "kpi text: the title names the fiscal year and its dates" \
	"Satisfaction KPI: fiscal year 2569 (1 Oct 2025 – 30 Sep 2026)"
grep -Eq '^total +3 +1 +3 +100\.0 % +2 +66\.7 % +no$' "$SCRATCH/out"
ok $? "kpi text: the total row (3 sessions, 1 invited, 3 answers, 66.7 %, no)"
has "kpi text: answers by medium" \
	"answers by medium: email 1, sms 0, ivr 0, chat 0, counter 2, web 0"
cks report kpi --fiscal-year 2569 --channel counter --lang th --by month
has "kpi text --lang th: Thai title and fiscal year" \
	"ตัวชี้วัดความพึงพอใจ: ปีงบประมาณ 2569 (1 ต.ค. 2568 – 30 ก.ย. 2569)"
grep -q '^ต\.ค\. 2568 ' "$SCRATCH/out"
ok $? "kpi text --lang th: Buddhist-Era month rows"

cks report kpi --fiscal-year 2569 --channel counter --by agent --format csv
head -c 3 "$SCRATCH/out" | od -An -tx1 | grep -q 'ef bb bf'
ok $? "kpi csv: starts with the UTF-8 byte-order mark"
[ "$(tr -cd '\n' < "$SCRATCH/out" | wc -c)" -eq 4 ] &&
	[ "$(tr -cd '\r' < "$SCRATCH/out" | wc -c)" -eq 4 ]
ok $? "kpi csv: 4 lines, each ended by CRLF"
has "kpi csv: the agent's name with a comma and quotes is quoted, quotes doubled" \
	',"สมศรี ""แอน"", ทดสอบ",'
/usr/bin/python3 -c '
import csv, io, sys
rows = list(csv.DictReader(io.open(sys.argv[1], encoding="utf-8-sig", newline="")))
total = [r for r in rows if r["group"] == ""][0]
agent = [r for r in rows if r["group"].startswith("สมศรี")][0]
assert agent["group"] == "สมศรี \"แอน\", ทดสอบ", agent["group"]
assert (total["sessions"], total["satisfied_percent"], total["met"],
        total["answers_email"], total["invitation_response_rate_percent"]) == \
       ("3", "66.7", "no", "1", "100.0"), total
assert agent["invitation_response_rate_percent"] == "", agent
' "$SCRATCH/out"
ok $? "kpi csv: Python's csv module reads it back (name, totals, empty for null)"

# --- steps ---------------------------------------------------------------------
cks --json report steps --fiscal-year 2569 --channel counter
json_is "steps: the counter's 8 steps in the procedure's order" \
	"[s['id'] for s in d['channels'][0]['steps']][:2] + [len(d['channels'][0]['steps'])]" \
	"['greet', 'preliminary_questions', 8]"
json_is "steps: greet 20 s and 40 s: median 20 s, p90 40 s, 1 of 2 within" \
	"[d['channels'][0]['steps'][0][k] for k in ('timed', 'median_ms', 'p90_ms', 'within', 'over', 'within_percent')]" \
	"[2, 20000, 40000, 1, 1, 50.0]"
json_is "steps: print_summary is 'not counted' with a null share, not 0 %" \
	"[(s['status'], s['within_percent']) for s in d['channels'][0]['steps'] if s['id'] == 'print_summary']" \
	"[('not counted', None)]"
json_is "steps: overall 2 of 3 counted steps within" \
	"(d['channels'][0]['overall']['within'], d['channels'][0]['overall']['timed'], d['channels'][0]['overall']['within_percent'])" \
	"(2, 3, 66.7)"
cks --json report steps --fiscal-year 2569 --channel hotline1169
json_is "steps: the hotline's welcome is timed but has no standard" \
	"(d['channels'][0]['steps'][0]['status'], d['channels'][0]['steps'][0]['median_ms'], d['channels'][0]['steps'][0]['within_percent'])" \
	"('no standard', 30000, None)"
cks report steps --fiscal-year 2569 --channel counter
grep -Eq '^1 +greet +up to 30 s +2 +2 +20 s +40 s +50\.0 % \(1/2\) +85 %: 50\.0 % not met$' "$SCRATCH/out"
ok $? "steps text: the greet row, against its own target (85 %)"
has "steps text: no-standard steps say so" "not counted"
cks report steps --fiscal-year 2569 --channel counter --format csv
head -c 3 "$SCRATCH/out" | od -An -tx1 | grep -q 'ef bb bf'
ok $? "steps csv: starts with the byte-order mark"
has "steps csv: the greet row" ',0,30,counted,2,2,20000,40000,1,0,1,50.0'

# --- the dashboard ------------------------------------------------------------
cks report dashboard --fiscal-year 2569
has "dashboard: an HTML page in Thai" '<html lang="th">'
[ "$(grep -c '<svg class="chart' "$SCRATCH/out")" -eq 6 ]
ok $? "dashboard: two charts for each of the three channels"
has "dashboard: Buddhist-Era months" 'ต.ค.</tspan>'
cks report dashboard --fiscal-year 2569 --lang en --channel counter
has "dashboard --lang en" '<html lang="en">'
has "dashboard --lang en: English words" 'Satisfied share and response rate by month'
cks --json report dashboard --fiscal-year 2569 --channel counter
json_is "dashboard --json: both reports, the KPI by month" \
	"(d['kpi']['group_by'], d['steps']['report'])" "('month', 'steps')"

# --- refusals ------------------------------------------------------------------
expect_error 2 "report kpi: --fiscal-year: 'abc' is not a fiscal year" \
	"usage: --fiscal-year abc names the option and the value" \
	report kpi --fiscal-year abc
expect_error 2 "--fiscal-year: '1800'" "usage: --fiscal-year 1800 is out of range" \
	report kpi --fiscal-year 1800
expect_error 2 "--by must be month, quarter or agent, not 'week'" \
	"usage: --by week" report kpi --by week
expect_error 2 "--from: '2026-13-01' is not a date" "usage: a bad --from date" \
	report kpi --from 2026-13-01 --to 2026-12-01
expect_error 2 "--from needs --to" "usage: --from without --to" \
	report kpi --from 2026-01-01
expect_error 2 "--to '2026-01-01' is not after --from '2026-02-01'" \
	"usage: --to before --from" report kpi --from 2026-02-01 --to 2026-01-01
expect_error 2 "cannot be combined" "usage: --fiscal-year with --from/--to" \
	report kpi --fiscal-year 2569 --from 2026-01-01 --to 2026-02-01
expect_error 2 "--format must be text, csv or json, not 'xml'" \
	"usage: --format xml" report steps --format xml
expect_error 2 "--by applies to 'report kpi' only" "usage: --by on steps" \
	report steps --by month
expect_error 2 "--lang must be th or en, not 'fr'" "usage: --lang fr" \
	report dashboard --lang fr
expect_error 2 "unknown option '--colour'" "usage: an unknown option is named" \
	report kpi --colour
expect_error 2 "--json and --format csv contradict" "usage: --json with --format csv" \
	--json report kpi --format csv
expect_error 2 "unknown report 'summary'" "usage: an unknown report" report summary
expect_error 1 "'fax'" "an unknown channel is refused (exit 1)" \
	report kpi --channel fax
finish
