#!/usr/bin/env bash
# The cksgate demo: one client served on each channel, every step timed
# against the channel's standard.  It uses the installed cksctl with the
# embedded defaults (SQLite under the local state directory, the installed
# plugins); no mail server is needed.  Where Kannel is installed (Debian
# kannel, kannel-extras: .ci/deps) it also surveys a phone-only caller by
# SMS through a private Kannel it starts on 127.0.0.1 and stops.
set -euo pipefail

CKSCTL=${CKSCTL:-cksctl}
export TZ=${TZ:-Asia/Bangkok}
day=$(date +%Y-%m-%d)

if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold="" plain=""; fi
say() { printf '\n%s== %s%s\n' "$bold" "$*" "$plain"; }

# The id is the second word of the first line ("client 12", "session 7").
new_id() { "$@" | awk 'NR == 1 { print $2 }'; }

say "The channels this gateway knows (loaded from the plugin directory)"
"$CKSCTL" channels

say "The desk's agents (a login, names in Thai and English; Napa and napa are one)"
# Added once: a second run of the demo finds them.
"$CKSCTL" agent show napa > /dev/null 2>&1 ||
	"$CKSCTL" agent add Napa --name-th "นภา ใจดี" --name-en "Napa Jaidee" > /dev/null
"$CKSCTL" agent show anan > /dev/null 2>&1 ||
	"$CKSCTL" agent add anan --name-th "อนันต์ รักงาน" --name-en "Anan Rakngan" > /dev/null
"$CKSCTL" agent list

say "The knowledge-base catalogue (imported from CSV; search finds part of a Thai word)"
if [ "$("$CKSCTL" --json kb list --limit 1 | grep -c '"id"')" -eq 0 ]; then
	kb_csv=${TMPDIR:-/tmp}/cks-demo-kb.csv
	cat > "$kb_csv" <<'CSV'
title_th,title_en,summary,url,tags
ตลาดทุเรียนจีน,The durian market in China,"ขนาดตลาด ผู้นำเข้า และมาตรฐานสุขอนามัย
Market size, importers and sanitary standards",https://www.ditp.go.th/,"ผลไม้, จีน"
การจดทะเบียนผู้ส่งออก,Exporter registration,ขั้นตอนและเอกสาร,https://www.ditp.go.th/,"ทะเบียน, ผู้ส่งออก"
DITP Connect,DITP Connect mobile application,แอปพลิเคชันของกรมฯ,https://www.ditp.go.th/,แอป
หนังสือรับรองถิ่นกำเนิดสินค้า,Certificate of origin,"Form D, Form E",https://www.ditp.go.th/,"หนังสือรับรอง, ส่งออก"
CSV
	"$CKSCTL" kb import "$kb_csv"
fi
"$CKSCTL" kb search "ทะเบียน"

say "A walk-in exporter at the counter"
client=$(new_id "$CKSCTL" client add --name "สมชาย ใจดี" \
	--company "บริษัท สยามผลไม้ส่งออก จำกัด" --email somchai@example.co.th \
	--phone 081-234-5678 --lang th --level new)
"$CKSCTL" client show "$client"

say "The agent corrects the client: a new company name and level (kept in the history)"
"$CKSCTL" client edit "$client" --company "บริษัท สยามผลไม้ส่งออก (2569) จำกัด" \
	--level ready --by "นภา (Napa)"
"$CKSCTL" client history "$client"

counter=$(new_id "$CKSCTL" session open --channel counter --client "$client" \
	--agent Napa --at "${day}T09:00:00")
# step  start  done: realistic times; the greeting runs 5 s over.
while read -r step start done; do
	"$CKSCTL" session step "$counter" "$step" start --at "${day}T$start" >/dev/null
	"$CKSCTL" session step "$counter" "$step" done --at "${day}T$done" >/dev/null
done <<'STEPS'
greet                  09:00:00 09:00:35
preliminary_questions  09:00:40 09:12:10
in_depth_advice        09:12:10 09:58:00
prepare_documents      09:58:00 10:04:30
client_check           10:04:30 10:11:00
print_summary          10:11:00 10:12:00
client_form            10:12:00 10:15:20
thank                  10:15:20 10:15:45
STEPS
"$CKSCTL" session show "$counter"

say "A call on the 1169 hotline (its standard sets no step times)"
caller=$(new_id "$CKSCTL" client add --name "Jane Smith" --company "Bangkok Spices Co." \
	--email jane@example.com --phone "+66 2 123 4567" --lang en)
hotline=$(new_id "$CKSCTL" session open --channel hotline1169 --client "$caller" \
	--agent anan --at "${day}T11:00:00")
minute=0
for step in 1 2 3 4 5 6 7 8; do
	"$CKSCTL" session step "$hotline" "$step" start --at "${day}T11:$(printf %02d $minute):00" >/dev/null
	minute=$((minute + 2))
	"$CKSCTL" session step "$hotline" "$step" done --at "${day}T11:$(printf %02d $minute):00" >/dev/null
done
"$CKSCTL" session close "$hotline" --summary "Rules of origin for spices to the EU" \
	--at "${day}T11:20:00" >/dev/null
"$CKSCTL" session show "$hotline"

say "A live chat, still running (steps 1-3 done, step 4 in progress)"
chat=$(new_id "$CKSCTL" session open --channel chat --client "$client" \
	--agent "Ploy" --at "${day}T13:30:00")
"$CKSCTL" session step "$chat" welcome start --at "${day}T13:30:00" >/dev/null
"$CKSCTL" session step "$chat" welcome done --at "${day}T13:30:20" >/dev/null
"$CKSCTL" session step "$chat" 2 start --at "${day}T13:30:20" >/dev/null
"$CKSCTL" session step "$chat" 2 done --at "${day}T13:32:00" >/dev/null
"$CKSCTL" session step "$chat" 3 start --at "${day}T13:32:00" >/dev/null
"$CKSCTL" session step "$chat" 3 done --at "${day}T13:36:00" >/dev/null
"$CKSCTL" session step "$chat" 4 start --at "${day}T13:36:00" >/dev/null
"$CKSCTL" session show "$chat"

say "The counter's basket: picked, checked by the client, sent"
printf '%%PDF-1.4\n%% DITP demo: durian export guide\n' > "${TMPDIR:-/tmp}/cks-demo-guide.pdf"
"$CKSCTL" basket add "$counter" --title "ตลาดทุเรียนในสาธารณรัฐประชาชนจีน 2569" \
	--title-en "Durian market in China, 2026" \
	--url "https://www.ditp.go.th/" >/dev/null
"$CKSCTL" basket add "$counter" --title "คู่มือการส่งออกผลไม้สด" \
	--file "${TMPDIR:-/tmp}/cks-demo-guide.pdf" >/dev/null
"$CKSCTL" basket confirm "$counter" >/dev/null
"$CKSCTL" basket preview "$counter"
"$CKSCTL" basket send "$counter"
"$CKSCTL" session close "$counter" --summary "ขอข้อมูลตลาดทุเรียนจีน; ส่ง Basket ทางอีเมล" \
	--level "พร้อมส่งออก (ready)" --at "${day}T10:16:00" >/dev/null
token=$("$CKSCTL" survey send "$counter" | awk '{ print $NF }')
"$CKSCTL" survey send "$hotline"

say "Delivering the queue (no relay configured: into the spool directory)"
"$CKSCTL" queue run
"$CKSCTL" queue list --limit 5

say "Answers come back: an email reply (top-posted above the invitation) and an SMS"
reply=${TMPDIR:-/tmp}/cks-demo-reply.eml
{
	printf 'From: Somchai <somchai@example.co.th>\r\nTo: survey+%s@localhost.localdomain\r\n' "$token"
	printf 'Subject: Re: survey\r\nMessage-ID: <demo-%s@example.co.th>\r\n' "$token"
	printf 'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n'
	printf '5 ประทับใจมากครับ เจ้าหน้าที่อธิบายชัดเจน\r\n\r\n'
	printf 'เมื่อ ส. 28 พ.ย. 2569 เวลา 10:20 DITP <cksgate@localhost.localdomain> เขียนว่า:\r\n'
	printf '> โปรดประเมินความพึงพอใจ\r\n>   5  มากที่สุด\r\n>   4  มาก\r\n'
} > "$reply"
"$CKSCTL" inject < "$reply"
"$CKSCTL" sms --from "+66 2 123 4567" --text "กด 1"
"$CKSCTL" session show "$counter" | tail -3

say "Today's sessions"
"$CKSCTL" session list --limit 10

# --- a month of the desk's work, through the daemon --------------------------------
CKSGATED=${CKSGATED:-cksgated}
here=$(cd "$(dirname "$0")" && pwd)
state=$("$CKSGATED" -t | sed -n 's|^store \(.*\)/[^/]*: schema.*|\1|p')
demo_dir=$state/demo
mkdir -p "$demo_dir"
tokens=$state/api-tokens
demo_token=demo-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
if [ ! -e "$tokens" ]; then
	(umask 077; printf '# name token [agent|viewer]\n' > "$tokens")
fi
if ! grep -q '^demo ' "$tokens"; then
	echo "demo $demo_token" >> "$tokens"
else
	demo_token=$(awk '$1 == "demo" { print $2 }' "$tokens")
fi
port=8470
api=http://127.0.0.1:$port
# The desk console's demo agent: napa, with a password made on the first
# run and kept (readable by root only) for the next.
desk_password_file=$demo_dir/desk-password
if [ ! -s "$desk_password_file" ]; then
	(umask 077; od -An -N9 -tx1 /dev/urandom | tr -d ' \n' > "$desk_password_file")
	"$CKSCTL" agent passwd napa --role supervisor < "$desk_password_file" > /dev/null
fi

say "A month of the desk's work, through the daemon's HTTP API (cksgated on $api)"
"$CKSGATED" -f 2> "$demo_dir/cksgated.log" &
daemon=$!
trap 'kill "$daemon" 2>/dev/null' EXIT
for _ in $(seq 1 50); do
	curl -sf -o /dev/null "$api/healthz" 2>/dev/null && break
	kill -0 "$daemon" 2>/dev/null || { cat "$demo_dir/cksgated.log" >&2; exit 1; }
	sleep 0.1
done
rm -rf "$demo_dir/replies"
/usr/bin/python3 "$here/demo_month.py" "$api" "$demo_token" "$demo_dir/replies" 30
# The email answers arrive as an MTA delivers them: through `cksctl inject`.
for reply in "$demo_dir/replies"/*.eml; do
	"$CKSCTL" inject < "$reply" > /dev/null
done
echo "email answers injected: $(ls "$demo_dir/replies" | wc -l)"
# The daemon sends the baskets and invitations as they are queued.
for _ in $(seq 1 100); do
	[ "$("$CKSCTL" --json queue list --state queued --limit 1 | grep -c '"id"')" -eq 0 ] && break
	sleep 0.2
done
curl -s -H "Authorization: Bearer $demo_token" "$api/metrics" | grep -E '^cksgate_(queue_messages|ratings)' | head -12
kill -TERM "$daemon"
wait "$daemon" 2>/dev/null || true
trap - EXIT

# --- an SMS-only caller, surveyed through a private Kannel --------------------------
# Kannel (bearerbox + smsbox, Debian kannel) with its test SMSC fakesmsc
# (kannel-extras) standing for the operator: started here on free ports of
# 127.0.0.1, the same way tests/e2e/test_sms_kannel.sh starts it, and
# stopped by PID.  Without Kannel this part is skipped, never failed.
kannel_lib=$here/../tests/servers/kannel.sh
[ ! -r "$kannel_lib" ] || . "$kannel_lib"
sms_daemon=""
sms_stop() {
	if [ -n "$sms_daemon" ]; then
		kill -TERM "$sms_daemon" 2>/dev/null
		wait "$sms_daemon" 2>/dev/null || true
		sms_daemon=""
	fi
	kannel_stop
}
# sms_rated SESSION: the session has its rating, by SMS.
sms_rated() {
	"$CKSCTL" -c "$sms_conf" --json session show "$1" 2>/dev/null | /usr/bin/python3 -c '
import json, sys
r = json.load(sys.stdin).get("rating") or {}
sys.exit(r.get("medium") != "sms")'
}
# sms_dlr MESSAGE: the message is sent and its delivery report is in.
sms_dlr() {
	"$CKSCTL" -c "$sms_conf" --json queue show "$1" 2>/dev/null | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
sys.exit(d["state"] != "sent" or d.get("dlr") != "delivered")'
}
sms_demo() {
	local dir=$demo_dir/kannel api_port sms_api client_sms session_sms mid minute step
	rm -rf "$dir"
	mkdir -p "$dir"
	api_port=$(kannel_free_ports 1)
	sms_api=http://127.0.0.1:$api_port
	(umask 077; od -An -N12 -tx1 /dev/urandom | tr -d ' \n' > "$dir/sms-password")
	# Kannel posts the phone's replies to POST /v1/sms with the demo's
	# agent token; kannel.conf is mode 0600 since it holds it.
	kannel_setup "$dir" cksgate "$(cat "$dir/sms-password")" \
		"http://kannel:$demo_token@127.0.0.1:$api_port/v1/sms?from=%p"
	sms_conf=$dir/cksgate-sms.conf
	cat > "$sms_conf" <<CONF
# The demo's SMS part: the embedded defaults, the same store, and these.
state_dir = $state
http.port = $api_port
daemon.pid_file = $dir/cksgated.pid
queue.interval = 200ms
sms.sendsms_url = $KANNEL_SENDSMS_URL
sms.username = cksgate
sms.password_file = $dir/sms-password
sms.from = 1169
survey.medium = email-first
survey.medium_by_channel = hotline1169:sms-first
CONF
	echo "configuration ($sms_conf):"
	grep -E '^(sms|survey)\.' "$sms_conf" | sed 's/^/  /'
	kannel_start || { echo "Kannel did not start: see $dir/bearerbox.log"; return 1; }
	echo "Kannel: bearerbox (pid $KANNEL_BB_PID), smsbox (pid $KANNEL_SB_PID, sendsms on" \
		"port $KANNEL_SENDSMS_PORT), fakesmsc as the operator (pid $KANNEL_FAKE_PID)"
	"$CKSGATED" -f -c "$sms_conf" 2> "$dir/cksgated.log" &
	sms_daemon=$!
	kannel_wait 50 curl -sf -o /dev/null "$sms_api/healthz" ||
		{ echo "cksgated did not start: see $dir/cksgated.log"; return 1; }
	echo "cksgated (pid $sms_daemon) on $sms_api"

	client_sms=$(new_id "$CKSCTL" -c "$sms_conf" client add --name "มานี มีนา" \
		--phone 089-765-4321 --lang th)
	"$CKSCTL" -c "$sms_conf" client show "$client_sms"
	session_sms=$(new_id "$CKSCTL" -c "$sms_conf" session open --channel hotline1169 \
		--client "$client_sms" --agent anan --at "${day}T14:00:00")
	minute=0
	for step in 1 2 3 4 5 6 7 8; do
		"$CKSCTL" -c "$sms_conf" session step "$session_sms" "$step" start \
			--at "${day}T14:$(printf %02d $minute):00" >/dev/null
		minute=$((minute + 1))
		"$CKSCTL" -c "$sms_conf" session step "$session_sms" "$step" done \
			--at "${day}T14:$(printf %02d $minute):00" >/dev/null
	done
	"$CKSCTL" -c "$sms_conf" session close "$session_sms" \
		--summary "ขั้นตอนขอหนังสือรับรองถิ่นกำเนิดสินค้า" --at "${day}T14:09:00" >/dev/null
	echo "session $session_sms (hotline1169) closed"
	"$CKSCTL" -c "$sms_conf" survey send "$session_sms"
	mid=$("$CKSCTL" -c "$sms_conf" --json queue list --limit 1 | /usr/bin/python3 -c '
import json, sys
print(json.load(sys.stdin)["messages"][0]["id"])')
	kannel_wait 300 sms_dlr "$mid" ||
		echo "(no delivery report within 30 s: see $dir/bearerbox.log)"
	"$CKSCTL" -c "$sms_conf" queue list --limit 5 | awk -v m="$mid" 'NR == 1 || $1 == m'
	echo "what the phone got (fakesmsc; from, to, parts, then the text):"
	kannel_decode | sed 's/^/  | /'
	echo

	echo "the client answers from the phone: \"กด 1\" (fakesmsc -> Kannel's sms-service -> POST /v1/sms)"
	kannel_reply 0897654321 1169 "กด 1"
	kannel_wait 300 sms_rated "$session_sms" ||
		{ echo "the reply did not arrive within 30 s: see $dir/smsbox.log"; return 1; }
	"$CKSCTL" -c "$sms_conf" session show "$session_sms" | grep "^rating"
	grep -o 'method=POST path=/v1/sms status=[0-9]* agent=[^ ]*' "$dir/cksgated.log" |
		tail -1 | sed 's/^/cksgated log: /'
}

say "A caller with only a phone, surveyed by SMS through Kannel"
if [ ! -r "$kannel_lib" ]; then
	echo "skipped: $kannel_lib is missing (run the demo from the source tree)"
elif missing=$(kannel_missing); then
	echo "skipped: $missing is not installed (bash .ci/deps installs kannel kannel-extras)"
else
	trap 'sms_stop' EXIT
	sms_demo || echo "(the SMS part stopped there; the rest of the demo goes on)"
	sms_stop
	trap - EXIT
	echo "Kannel and its cksgated stopped"
fi

from=$(date -d '31 days ago' +%Y-%m-%d)
to=$(date -d 'tomorrow' +%Y-%m-%d)
say "Satisfaction KPI by channel and month (target 85 %), $from to $(date +%Y-%m-%d)"
"$CKSCTL" report kpi --from "$from" --to "$to" --by month
say "Step times against the standard"
"$CKSCTL" report steps --from "$from" --to "$to"
"$CKSCTL" report kpi --from "$from" --to "$to" --by month --format csv > "$demo_dir/kpi.csv"

last_counter=$("$CKSCTL" --json session list --channel counter --limit 1 |
	/usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["sessions"][0]["id"])')
"$CKSCTL" summary "$last_counter" -o "$demo_dir/summary-$last_counter.html"
"$CKSCTL" report dashboard --from "$from" --to "$to" > "$demo_dir/dashboard.html"
say "Where to look"
cat <<WHERE
  counter summary page (print it, A4):  $demo_dir/summary-$last_counter.html
  dashboard (charts, Thai):             $demo_dir/dashboard.html
  KPI as CSV for a spreadsheet:         $demo_dir/kpi.csv
  mail sent (spool):                    $state/spool/
  the SMS part (config, Kannel's logs): $demo_dir/kannel/
  with the daemon running (cksgated -f), token "demo" in $tokens:
    the desk console:  $api/desk/  sign in as napa, password $(cat "$desk_password_file")
    $api/dashboard?token=$demo_token
    $api/v1/sessions/$last_counter/summary   (Authorization: Bearer \$TOKEN)
WHERE
