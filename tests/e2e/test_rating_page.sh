#!/bin/sh
# End-to-end: the one-click rating links of survey invitations, against the
# running daemon.  The links are read from the spooled invitation; curl and
# headless Chromium open them any number of times and nothing is recorded;
# a real tap on the page's confirm button (tests/browser/rating_click.py
# driving Debian's Chromium, JavaScript off) records the answer, which
# `cksctl session show` then shows; posting again is a no-op, another
# answer changes it, and a link that leads nowhere is a 404 page.
. "$CKS_SRCDIR/tests/e2e/lib.sh"
. "$CKS_SRCDIR/tests/e2e/daemon.sh"

plan 48

PAGE_MEDIUM=web
PY=/usr/bin/python3
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
TEMPLATES=$(dirname "$(find "$CKS_STAGE" -name rating_page.th.html | head -1)")
SPOOL=$SCRATCH/state/spool
cat >> "$CONF" <<CONF
template_dir = $TEMPLATES
mail.from = ditp@example.invalid
mail.reply_address = survey@reply.example.invalid
CONF
daemon_config

# new_id ARGS...: runs cksctl --json ARGS and prints the "id" it returns.
new_id() {
	"$CKSCTL" -c "$CONF" --json "$@" | $PY -c \
	    'import json, sys; print(json.load(sys.stdin)["id"])'
}

# closed_session CHANNEL CLIENT: opens and closes a session, prints its id.
closed_session() {
	sid=$(new_id session open --channel "$1" --client "$2" --agent 'นภา' \
	    --at 2026-11-28T10:00)
	"$CKSCTL" -c "$CONF" session close "$sid" --summary 'ให้ข้อมูลแล้ว' \
	    --at 2026-11-28T10:40 > /dev/null && echo "$sid"
}

# rating SESSION: prints "code medium revisions" of its rating, or None.
rating() {
	"$CKSCTL" -c "$CONF" --json session show "$1" | $PY -c '
import json, sys
r = json.load(sys.stdin)["rating"]
print(r and "%d %s %d" % (r["code"], r["medium"], r["revisions"]))'
}

# rating_is DESCRIPTION SESSION WANT
rating_is() {
	got=$(rating "$2" 2>&1)
	[ "$got" = "$3" ]
	ok $? "$1 (got '$got', want '$3')"
}

# fetch METHOD URL [FORM]: curl; body in $SCRATCH/out, headers in
# $SCRATCH/headers, status in $STATUS.
fetch() {
	set -- "$1" "$2" "${3:-}"
	if [ "$1" = HEAD ]; then
		STATUS=$(curl -s -I -o "$SCRATCH/headers" -w '%{http_code}' "$2")
		: > "$SCRATCH/out"
	elif [ -n "$3" ]; then
		STATUS=$(curl -s -D "$SCRATCH/headers" -o "$SCRATCH/out" \
		    -w '%{http_code}' -X "$1" --data "$3" "$2")
	else
		STATUS=$(curl -s -D "$SCRATCH/headers" -o "$SCRATCH/out" \
		    -w '%{http_code}' -X "$1" "$2")
	fi
	: > "$SCRATCH/err"
}

header_is() {
	grep -i "^$1: " "$SCRATCH/headers" | tr -d '\r' | cut -d' ' -f2- |
	    grep -qx -- "$2"
}

# chrome ARGS... URL: headless Chromium with a profile of its own.
chrome() {
	timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
	    --disable-background-networking --no-first-run \
	    --user-data-dir="$SCRATCH/chrome" "$@" 2> "$SCRATCH/chrome.log"
}

# --- an invitation for a Thai and an English client ------------------------------
CTH=$(new_id client add --name 'สมชาย ใจดี' --email somchai@example.co.th --lang th)
CEN=$(new_id client add --name 'John Smith' --email john@example.invalid --lang en)
STH=$(closed_session counter "$CTH")
SEN=$(closed_session chat "$CEN")
cks --json survey send "$STH"
TH_TOKEN=$(json "d['token']")
cks --json survey send "$SEN"
EN_TOKEN=$(json "d['token']")
cks queue run
[ -n "$STH" ] && [ -n "$SEN" ] && [ -n "$TH_TOKEN" ] && [ -n "$EN_TOKEN" ] &&
	[ "$(ls "$SPOOL"/*.eml | wc -l)" -eq 2 ]
ok $? "two invitations are spooled ($TH_TOKEN $EN_TOKEN)"

# links EML: the rating links of the invitation's text part, one a line.
links() {
	$PY - "$1" <<'PY'
import re, sys, email, email.policy
m = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=email.policy.default)
text = m.get_body(('plain',)).get_content().replace('\r\n', '\n')
html = m.get_body(('html',)).get_content()
text_links = re.findall(r'(?m)^      (http\S+)$', text)
html_links = re.findall(r'href="([^"]*/r/[^"]*)"', html)
assert text_links == html_links, (text_links, html_links)
print('\n'.join(text_links))
PY
}
TH_EML=$(grep -l "$TH_TOKEN" "$SPOOL"/*.eml | head -1)
EN_EML=$(grep -l "$EN_TOKEN" "$SPOOL"/*.eml | head -1)
links "$TH_EML" > "$SCRATCH/th-links"
[ "$(cat "$SCRATCH/th-links")" = "$(printf '%s\n' 5 4 3 2 1 | sed "s|^|$API/r/$TH_TOKEN/|")" ]
ok $? "the Thai invitation links the counter's 5 options, in text and HTML alike"
links "$EN_EML" > "$SCRATCH/en-links"
[ "$(cat "$SCRATCH/en-links")" = "$(printf '%s\n' 1 2 | sed "s|^|$API/r/$EN_TOKEN/|")" ]
ok $? "the English invitation links the chat's 2 options"
LINK5=$API/r/$TH_TOKEN/5
LINK3=$API/r/$TH_TOKEN/3

daemon_start
ok $? "the daemon serves $API"

# --- following the links writes nothing ------------------------------------------
all_200=0
for round in 1 2; do
	while read -r link; do
		fetch GET "$link"
		[ "$STATUS" = 200 ] || all_200=1
		fetch HEAD "$link"
		[ "$STATUS" = 200 ] || all_200=1
	done < "$SCRATCH/th-links"
done
[ "$all_200" -eq 0 ]
ok $? "GET and HEAD of every link, twice, answer 200"
fetch GET "$LINK5"
header_is Content-Type 'text/html; charset=utf-8'
ok $? "the page is HTML"
header_is Cache-Control no-store
ok $? "Cache-Control: no-store"
header_is Referrer-Policy no-referrer
ok $? "Referrer-Policy: no-referrer"
grep -q '<h1>ท่านพึงพอใจต่อบริการ เคาน์เตอร์ให้คำปรึกษา มากน้อยเพียงใด</h1>' "$SCRATCH/out" &&
	grep -q '<span class="label">มากที่สุด</span>' "$SCRATCH/out" &&
	grep -q '<span class="other" lang="en">Highest</span>' "$SCRATCH/out"
ok $? "it asks the channel's question and names the answer in Thai and English"
grep -q "<form method=\"post\" action=\"$LINK5\">" "$SCRATCH/out" &&
	! grep -q '<script' "$SCRATCH/out"
ok $? "a form that posts back to the link itself, absolute, and no script"
fetch GET "$LINK5/"
[ "$STATUS" = 200 ] && grep -q "<form method=\"post\" action=\"$LINK5\">" "$SCRATCH/out" &&
	grep -q "<a class=\"switch\" href=\"$LINK5?lang=en\"" "$SCRATCH/out" &&
	grep -q "<a class=\"option\" href=\"$API/r/$TH_TOKEN/4?lang=th\">" "$SCRATCH/out" &&
	! grep -Eq '(href|action)="[^h]' "$SCRATCH/out"
ok $? "the link with a trailing slash is the same page, every link on it absolute (HTTP $STATUS)"
fetch GET "$LINK5?lang=en"
grep -q 'How satisfied were you with our Counter (walk-in advisory) service?' "$SCRATCH/out"
ok $? "?lang=en gives the English page"
fetch GET "$API/r/$EN_TOKEN/2"
grep -q '<html lang="en">' "$SCRATCH/out" && grep -q '<span class="label">Satisfied</span>' "$SCRATCH/out"
ok $? "an English client's link is English"

chrome --dump-dom "$LINK5" > "$SCRATCH/dom.html"
grep -q '<h1>ท่านพึงพอใจต่อบริการ เคาน์เตอร์ให้คำปรึกษา มากน้อยเพียงใด</h1>' "$SCRATCH/dom.html" &&
	grep -q 'ยืนยันคำตอบนี้' "$SCRATCH/dom.html"
ok $? "headless Chromium shows the Thai page (--dump-dom)"
chrome --screenshot="$SCRATCH/phone.png" --window-size=390,844 \
    --hide-scrollbars "$LINK3" > /dev/null
[ "$(head -c 8 "$SCRATCH/phone.png" | od -An -c | tr -d ' \n')" = '211PNG\r\n032\n' ]
ok $? "and takes a phone-sized screenshot of it"

rating_is "after all that, the Thai session has no rating" "$STH" None
rating_is "nor has the English one" "$SEN" None

# --- links that lead nowhere ------------------------------------------------------------
for path in /r/0000000000000/5 /r/short/5 "/r/$TH_TOKEN/9" "/r/$TH_TOKEN/05" \
    "/r/$EN_TOKEN/3"; do
	fetch GET "$API$path"
	[ "$STATUS" = 404 ] && header_is Content-Type 'text/html; charset=utf-8' &&
		grep -q 'ไม่พบแบบประเมินนี้' "$SCRATCH/out" &&
		grep -q 'This survey link was not found' "$SCRATCH/out"
	ok $? "GET $path is a bilingual 404 page (HTTP $STATUS)"
done
fetch POST "$API/r/0000000000000/5" lang=th
[ "$STATUS" = 404 ] && grep -q 'ไม่พบแบบประเมินนี้' "$SCRATCH/out"
ok $? "so is a POST to an unknown token (HTTP $STATUS)"

# --- the POST records -------------------------------------------------------------------
fetch POST "$API/r/$EN_TOKEN/2" lang=en
[ "$STATUS" = 200 ] && grep -q '<h1>Thank you for your answer</h1>' "$SCRATCH/out"
ok $? "curl: POST of the English link thanks in English (HTTP $STATUS)"
rating_is "and records Satisfied" "$SEN" "2 $PAGE_MEDIUM 1"

TAPPED_COMMENT='เจ้าหน้าที่ใจดี ตอบครบทุกข้อ'
# A real tap in a real browser: tests/browser/rating_click.py drives
# Chromium over the DevTools protocol.  Only without Chromium (Debian
# package chromium, .ci/deps) does curl post the form instead.
if [ -x "$CHROMIUM" ]; then
	CHROMIUM=$CHROMIUM timeout 120 $PY \
	    "$CKS_SRCDIR/tests/browser/rating_click.py" "$LINK5" "$SCRATCH" \
	    "$TAPPED_COMMENT" > "$SCRATCH/out" 2> "$SCRATCH/err"
	ok $? "Chromium on a phone, JavaScript off: the page reads well, a comment is typed in its labelled box, and a tap on confirm shows the thank-you page"
	sed 's/^/#   /' "$SCRATCH/out"
	grep -q '^post: 200 lang=th&comment=%E0%B9%80%E0%B8%88%E0%B9%89%E0%B8%B2' "$SCRATCH/out" &&
		grep -qx 'question: ท่านพึงพอใจต่อบริการ เคาน์เตอร์ให้คำปรึกษา มากน้อยเพียงใด' "$SCRATCH/out" &&
		grep -qx "post url: $LINK5" "$SCRATCH/out" &&
		grep -qx 'after: ขอบคุณที่ร่วมประเมิน' "$SCRATCH/out" &&
		grep -qx 'recorded: มากที่สุด' "$SCRATCH/out"
	ok $? "the heading reads “ท่านพึงพอใจต่อบริการ เคาน์เตอร์ให้คำปรึกษา มากน้อยเพียงใด”, the tap posted lang=th with the comment to the link, and the page thanks for “มากที่สุด”"
	for png in confirm thanks; do
		head -c 8 "$SCRATCH/$png.png" 2> /dev/null | od -An -c |
		    tr -d ' \n'
		echo
	done > "$SCRATCH/png-magic"
	[ "$(cat "$SCRATCH/png-magic")" = "$(printf '%s\n' '211PNG\r\n032\n' '211PNG\r\n032\n')" ]
	ok $? "with screenshots of both pages"
	if [ -n "${CKS_KEEP_SCREENSHOTS:-}" ]; then
		cp "$SCRATCH/confirm.png" "$SCRATCH/thanks.png" \
		    "$SCRATCH/phone.png" "$CKS_KEEP_SCREENSHOTS/"
	fi
else
	STATUS=$(curl -s -o "$SCRATCH/out" -w '%{http_code}' --data lang=th \
	    --data-urlencode "comment=$TAPPED_COMMENT" "$LINK5")
	[ "$STATUS" = 200 ] && grep -q 'ขอบคุณที่ร่วมประเมิน' "$SCRATCH/out"
	ok $? "the confirm POSTed by curl, as no browser can tap it here"
	ok 0 "a real tap on confirm # SKIP no $CHROMIUM"
	ok 0 "with screenshots of both pages # SKIP no $CHROMIUM"
fi
rating_is "cksctl session show: the tapped answer is recorded, once" "$STH" "5 $PAGE_MEDIUM 1"

# The same tap on a link opened with a trailing slash (issue 12 point 7):
# a relative action posted to /r/TOKEN/4/4, a JSON 404, nothing recorded.
CSL=$(new_id client add --name 'มาลี ศรีสุข' --email malee@example.co.th --lang th)
SSL=$(closed_session counter "$CSL")
SL_TOKEN=$("$CKSCTL" -c "$CONF" --json survey send "$SSL" | $PY -c \
    'import json, sys; print(json.load(sys.stdin)["token"])')
SL_LINK=$API/r/$SL_TOKEN/4
if [ -x "$CHROMIUM" ]; then
	CHROMIUM=$CHROMIUM timeout 120 $PY \
	    "$CKS_SRCDIR/tests/browser/rating_click.py" "$SL_LINK/" "$SCRATCH" \
	    > "$SCRATCH/out" 2> "$SCRATCH/err"
	ok $? "Chromium: the page of $API/r/TOKEN/4/ (trailing slash) reads well and a tap on confirm shows the thank-you page"
	sed 's/^/#   /' "$SCRATCH/out"
	grep -qx 'question: ท่านพึงพอใจต่อบริการ เคาน์เตอร์ให้คำปรึกษา มากน้อยเพียงใด' "$SCRATCH/out" &&
		grep -qx "post url: $SL_LINK" "$SCRATCH/out" &&
		grep -qx 'post: 200 lang=th&comment=' "$SCRATCH/out" &&
		grep -qx 'recorded: มาก' "$SCRATCH/out"
	ok $? "the heading reads right and the tap posted to the link without the slash, not to .../4/4"
else
	ok 0 "Chromium: a tap on the trailing-slash link # SKIP no $CHROMIUM"
	ok 0 "the tap posted to the link # SKIP no $CHROMIUM"
fi
rating_is "cksctl session show: the answer tapped on the slash link is recorded, once" "$SSL" "4 $PAGE_MEDIUM 1"
# comment_of SESSION: its rating's comment as session show --json has it.
comment_of() {
	"$CKSCTL" -c "$CONF" --json session show "$1" | $PY -c '
import json, sys
print(json.load(sys.stdin)["rating"]["comment"])'
}
[ "$(comment_of "$STH")" = "$TAPPED_COMMENT" ]
ok $? "with the comment typed on the page"

fetch POST "$LINK5" lang=th
[ "$STATUS" = 200 ] && grep -q '<h1>บันทึกคำตอบนี้ไว้แล้ว</h1>' "$SCRATCH/out"
ok $? "posting the same answer again says it is already recorded (HTTP $STATUS)"
rating_is "and changes nothing" "$STH" "5 $PAGE_MEDIUM 1"
fetch GET "$LINK3"
grep -q 'ขณะนี้บันทึกไว้ว่า “มากที่สุด”' "$SCRATCH/out"
ok $? "another answer's page names the one on record"
rating_is "and still records nothing" "$STH" "5 $PAGE_MEDIUM 1"
fetch POST "$LINK3" lang=th
[ "$STATUS" = 200 ] && grep -q '<h1>ขอบคุณที่ร่วมประเมิน</h1>' "$SCRATCH/out"
ok $? "posting another answer thanks again (HTTP $STATUS)"
rating_is "and changes the rating, a second revision" "$STH" "3 $PAGE_MEDIUM 2"

# --- the comment box, by curl ---------------------------------------------------------
grep -q '<label for="comment">ความคิดเห็นเพิ่มเติม (ไม่บังคับ)</label>' "$SCRATCH/out" ||
	{ fetch GET "$LINK3"; grep -q '<label for="comment">ความคิดเห็นเพิ่มเติม (ไม่บังคับ)</label>' "$SCRATCH/out"; } &&
	grep -q '<textarea id="comment" name="comment" rows="4" maxlength="1000"' "$SCRATCH/out"
ok $? "the confirm page has a labelled comment box of at most 1000 characters"
COMMENT=$(printf 'รอสายไม่นาน\r\nแต่ควรมีที่จอดรถเพิ่ม\001')
STATUS=$(curl -s -o "$SCRATCH/out" -w '%{http_code}' --data lang=th \
    --data-urlencode "comment=$COMMENT" "$LINK3")
[ "$STATUS" = 200 ] && grep -q 'ได้รับความคิดเห็นของท่านแล้ว' "$SCRATCH/out"
ok $? "curl: POST of the same answer with a Thai comment thanks for it (HTTP $STATUS)"
[ "$(comment_of "$STH")" = "$(printf 'รอสายไม่นาน\nแต่ควรมีที่จอดรถเพิ่ม')" ]
ok $? "cksctl session show --json has the comment, CR LF a newline, the control character gone"
rating_is "the same answer with a comment is a third revision" "$STH" "3 $PAGE_MEDIUM 3"
LONG=$($PY -c 'print("ดี" * 501, end="")')
STATUS=$(curl -s -o "$SCRATCH/out" -w '%{http_code}' --data lang=th \
    --data-urlencode "comment=$LONG" "$LINK5")
[ "$STATUS" = 400 ] && grep -q 'ความคิดเห็นยาว 1002 ตัวอักษร เกินที่รับได้ 1000 ตัวอักษร' "$SCRATCH/out" &&
	grep -q "$LONG</textarea>" "$SCRATCH/out"
ok $? "a comment of 1002 characters is refused with the page again, the text kept whole (HTTP $STATUS)"
rating_is "and nothing is recorded" "$STH" "3 $PAGE_MEDIUM 3"
STATUS=$(curl -s -o "$SCRATCH/out" -w '%{http_code}' --data 'lang=en&comment=%A1%D2' "$LINK5")
[ "$STATUS" = 400 ] && grep -q 'cannot be read' "$SCRATCH/out"
ok $? "a comment that is not UTF-8 is refused (HTTP $STATUS)"

# A reply by email with a number still works beside the links.
cat > "$SCRATCH/reply.eml" <<EML
From: John Smith <john@example.invalid>
To: survey+$EN_TOKEN@reply.example.invalid
Subject: Re: How satisfied were you? [CKS-$(echo "$EN_TOKEN" | tr a-z A-Z)]
Message-ID: <reply-1@example.invalid>
Content-Type: text/plain; charset=utf-8

1 thank you
EML
"$CKSCTL" -c "$CONF" inject < "$SCRATCH/reply.eml" > /dev/null 2>&1
rating_is "a reply by email with a number changes the English rating" "$SEN" \
	"1 email 2"

daemon_stop
[ $? -eq 0 ] && [ "${DAEMON_RC:-1}" -eq 0 ]
ok $? "the daemon stops cleanly on SIGTERM"

finish
