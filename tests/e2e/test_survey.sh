#!/bin/sh
# End-to-end: survey invitations through the installed cksctl.  Closed
# sessions on each shipped channel get an invitation with a fresh token;
# `queue run` spools them (no smtp.host) and Python's email package reads
# them back: the token in the Subject tag, the Reply-To plus-address and
# the Message-ID, Auto-Submitted, the channel's rating options in the
# client's language, and a client's name that cannot add headers or HTML.
. "$CKS_SRCDIR/tests/e2e/lib.sh"

plan 82

TEMPLATES=$(dirname "$CKS_BINDIR")/share/cksgate/templates
[ -f "$TEMPLATES/survey.th.txt" ] ||
	TEMPLATES=$(dirname "$(find "$CKS_STAGE" -name survey.th.txt | head -1)")
SPOOL=$SCRATCH/state/spool
ID_DOMAIN=mid.example.invalid
cat > "$CONF" <<CONF
$CKS_DB_LINE
# written by $TEST_NAME
state_dir = $SCRATCH/state
plugin_dir = $CKS_PLUGINDIR
template_dir = $TEMPLATES
mail.from = ditp@example.invalid
mail.from_name = กรมส่งเสริมการค้าระหว่างประเทศ (DITP)
mail.reply_address = survey@reply.example.invalid
mail.message_id_domain = $ID_DOMAIN
CONF

# json_is DESCRIPTION EXPR WANT: the last JSON output's EXPR prints WANT.
json_is() {
	got=$(json "$2")
	[ "$RC" -eq 0 ] && [ "$got" = "$3" ]
	ok $? "$1 (got '$got', want '$3')"
}

# mail FILE EXPR: prints the Python EXPR evaluated on the message in FILE:
# raw is its bytes, m the message parsed with policy.default, text and html
# its body parts (LF line ends), options the (code, label) lines of the
# text part, addr(H) the (display name, address) of header H.
mail() {
	/usr/bin/python3 - "$1" "$2" <<'PY'
import re, sys, email, email.header, email.policy, email.utils
raw = open(sys.argv[1], 'rb').read()
m = email.message_from_bytes(raw, policy=email.policy.default)
as_written = email.message_from_bytes(raw)
def addr(name):
    display, address = email.utils.parseaddr(as_written[name])
    return (str(email.header.make_header(email.header.decode_header(display))),
            address)
def part(subtype):
    body = m.get_body((subtype,))
    return body.get_content().replace('\r\n', '\n') if body is not None else None
text, html = part('plain'), part('html')
options = [(int(c), l) for c, l in re.findall(r'(?m)^  (\d+)  (\S.*)$', text)]
print(eval(sys.argv[2]))
PY
}

# mail_is DESCRIPTION FILE EXPR WANT
mail_is() {
	got=$(mail "$2" "$3" 2>&1)
	[ "$got" = "$4" ]
	ok $? "$1 (got '$got', want '$4')"
}

# new_id ARGS...: runs cksctl --json ARGS and prints the "id" it returns.
new_id() {
	"$CKSCTL" -c "$CONF" --json "$@" | /usr/bin/python3 -c \
	    'import json, sys; print(json.load(sys.stdin)["id"])'
}

# closed_session CHANNEL CLIENT: opens and closes a session, prints its id.
closed_session() {
	sid=$(new_id session open --channel "$1" --client "$2" --agent 'นภา' \
	    --at 2026-11-28T10:00)
	"$CKSCTL" -c "$CONF" session close "$sid" --summary 'ให้ข้อมูลแล้ว' \
	    --at 2026-11-28T10:40 > /dev/null && echo "$sid"
}

# --- clients ----------------------------------------------------------------
TH_NAME='สมชาย ใจดี'
CTH=$(new_id client add --name "$TH_NAME" --email somchai@example.co.th --lang th)
CEN=$(new_id client add --name 'John Smith' --email john@example.invalid --lang en)
HTML_NAME='<script>alert("x")</script> & Co'
CHTML=$(new_id client add --name "$HTML_NAME" --email html@example.invalid --lang th)
[ -n "$CTH" ] && [ -n "$CEN" ] && [ -n "$CHTML" ]
ok $? "three clients with email are added ($CTH $CEN $CHTML)"

# A name or company that could end a header line is refused at the door.
LF_NAME=$(printf 'Somchai\nBcc: evil@example.invalid')
CR_NAME=$(printf 'Somchai\rBcc: evil@example.invalid')
CRLF_COMPANY=$(printf 'Thai Co\r\nBcc: evil@example.invalid')
expect_error 1 "name: must be one line" "a client name with LF is refused" \
	client add --name "$LF_NAME" --email lf@example.invalid
expect_error 1 "name: must be one line" "a client name with CR is refused" \
	client add --name "$CR_NAME" --email cr@example.invalid
expect_error 1 "company: must be one line" "a company with CR LF is refused" \
	client add --name Somchai --company "$CRLF_COMPANY" --email crlf@example.invalid
cks --json client find Bcc
json_is "none of them was added" "len(d['clients'])" 0

# --- one invitation per channel -------------------------------------------------
SC=$(closed_session counter "$CTH")
SH=$(closed_session hotline1169 "$CTH")
SCH=$(closed_session chat "$CTH")
SEN=$(closed_session counter "$CEN")
SHTML=$(closed_session chat "$CHTML")
[ -n "$SC" ] && [ -n "$SH" ] && [ -n "$SCH" ] && [ -n "$SEN" ] && [ -n "$SHTML" ]
ok $? "closed sessions on counter, hotline1169 and chat ($SC $SH $SCH $SEN $SHTML)"
SOPEN=$(new_id session open --channel counter --client "$CTH" --agent 'นภา')
expect_error 1 "session $SOPEN is still open: close it" \
	"survey send on an open session is refused" survey send "$SOPEN"

# send SESSION VAR: survey send --json; sets VAR_ID and VAR_TOKEN.
send() {
	cks --json survey send "$1"
	eval "${2}_ID=\$(json \"d['id']\")"
	eval "${2}_TOKEN=\$(json \"d['token']\")"
}
TOKEN_RE="^[0-9abcdefghjkmnpqrstvwxyz]{13}\$"

send "$SC" C
json_is "survey send --json prints the id and a 13-character token (counter)" \
	"isinstance(d['id'], int), bool(__import__('re').match('$TOKEN_RE', d['token'])), d['already_queued']" \
	"(True, True, False)"
send "$SC" C_AGAIN
json_is "sending it again returns the same id and token" \
	"d['id'], d['token'], d['already_queued']" "($C_ID, '$C_TOKEN', True)"
send "$SH" H
json_is "an invitation for the hotline1169 session" \
	"bool(__import__('re').match('$TOKEN_RE', d['token'])), d['session']" \
	"(True, $SH)"
send "$SCH" CH
json_is "an invitation for the chat session" \
	"bool(__import__('re').match('$TOKEN_RE', d['token'])), d['session']" \
	"(True, $SCH)"
send "$SEN" EN
send "$SHTML" HTML
cks --json queue list --state queued
json_is "the queue holds one survey message per invitation" \
	"sorted((x['id'], x['kind'], x['session']) for x in d['messages'])" \
	"[($C_ID, 'survey', $SC), ($H_ID, 'survey', $SH), ($CH_ID, 'survey', $SCH), ($EN_ID, 'survey', $SEN), ($HTML_ID, 'survey', $SHTML)]"

# --- tokens ---------------------------------------------------------------------------
TOKENS=$SCRATCH/tokens
: > "$TOKENS"
for n in 1 2 3 4 5 6 7 8 9 10; do
	sid=$(closed_session counter "$CTH")
	"$CKSCTL" -c "$CONF" --json survey send "$sid" | /usr/bin/python3 -c \
	    'import json, sys; print(json.load(sys.stdin)["token"])' >> "$TOKENS"
done
[ "$(grep -Ec "$TOKEN_RE" "$TOKENS")" -eq 10 ] &&
	[ "$(sort -u "$TOKENS" | wc -l)" -eq 10 ]
ok $? "10 sessions get 10 distinct tokens ($(tr '\n' ' ' < "$TOKENS"))"

# --- delivery ---------------------------------------------------------------------------
cks --json queue run
json_is "queue run spools all 15 invitations" "d['sent'], d['deferred'], d['failed']" \
	"(15, 0, 0)"
cks --json survey send "$SC"
json_is "after delivery a resend still returns the first invitation" \
	"d['id'], d['token'], d['already_queued']" "($C_ID, '$C_TOKEN', True)"
[ "$(ls "$SPOOL" | wc -l)" -eq 15 ]
ok $? "and queues no new message"

HEADERS="['Date', 'From', 'To', 'Reply-To', 'Subject', 'Message-ID', 'Auto-Submitted', 'List-Unsubscribe', 'List-Unsubscribe-Post', 'MIME-Version', 'Content-Type']"

# invitation CHANNEL SESSION ID TOKEN: checks the common parts of a spooled
# invitation (8 tests).
invitation() {
	eml=$SPOOL/$3.eml
	upper=$(echo "$4" | tr a-z A-Z)
	mail_is "$1: the Subject ends with the token tag [CKS-$upper]" "$eml" \
		"m['Subject'].endswith(' [CKS-$upper]')" True
	mail_is "$1: Reply-To is the plus-address with the token" "$eml" \
		"m['Reply-To']" "survey+$4@reply.example.invalid"
	mail_is "$1: the Message-ID carries the token and the session" "$eml" \
		"m['Message-ID']" "<survey.$4.$2@$ID_DOMAIN>"
	mail_is "$1: Auto-Submitted: auto-generated" "$eml" "m['Auto-Submitted']" \
		auto-generated
	mail_is "$1: exactly the expected headers, once each" "$eml" \
		"m.keys()" "$HEADERS"
	mail_is "$1: multipart/alternative, text/plain and text/html" "$eml" \
		"[p.get_content_type() for p in m.walk()]" \
		"['multipart/alternative', 'text/plain', 'text/html']"
	mail_is "$1: every line ends in CRLF" "$eml" \
		"raw.endswith(b'\\r\\n') and raw.count(b'\\n') == raw.count(b'\\r\\n') == raw.count(b'\\r')" \
		True
	mail_is "$1: the text and the HTML give the reference $upper" "$eml" \
		"'$upper' in text and '$upper' in html" True
}

COUNTER_TH="[(5, 'มากที่สุด'), (4, 'มาก'), (3, 'ปานกลาง'), (2, 'น้อย'), (1, 'น้อยที่สุด')]"
C_UP=$(echo "$C_TOKEN" | tr a-z A-Z)
invitation counter "$SC" "$C_ID" "$C_TOKEN"
EML=$SPOOL/$C_ID.eml
mail_is "counter: the Thai subject names the channel" "$EML" "m['Subject']" \
	"โปรดประเมินความพึงพอใจ: บริการเคาน์เตอร์ให้คำปรึกษา [CKS-$C_UP]"
mail_is "counter: To is the client's Thai name" "$EML" "addr('To')" \
	"('$TH_NAME', 'somchai@example.co.th')"
mail_is "counter: the text lists the 5 options with their Thai labels" "$EML" \
	"options" "$COUNTER_TH"
mail_is "counter: the HTML lists the same 5 options" "$EML" \
	"all('<li><strong>%d</strong> %s</li>' % o in html for o in $COUNTER_TH) and html.count('<li>') == 5" \
	True
mail_is "counter: the SMS hint gives the upper-case token and the first code" "$EML" \
	"'หรือส่ง SMS: R $C_UP 5' in text" True
mail_is "counter: the text and the HTML recommend DITP Connect in the standard's words" "$EML" \
	"'แนะนำบริการ Mobile Application : DITP Connect' in text and 'Mobile Application : DITP Connect' in html" True
mail_is "counter: signed with the department's Thai name (mail.from_name)" "$EML" \
	"'\nกรมส่งเสริมการค้าระหว่างประเทศ (DITP)\n\nหากไม่ประสงค์รับแบบสอบถาม' in text" True

H_UP=$(echo "$H_TOKEN" | tr a-z A-Z)
invitation hotline1169 "$SH" "$H_ID" "$H_TOKEN"
EML=$SPOOL/$H_ID.eml
mail_is "hotline1169: the Thai subject names the channel" "$EML" "m['Subject']" \
	"โปรดประเมินความพึงพอใจ: บริการสายตรงการค้าระหว่างประเทศ 1169 [CKS-$H_UP]"
mail_is "hotline1169: the text lists its 3 options" "$EML" "options" \
	"[(1, 'ประทับใจ'), (2, 'พึงพอใจ'), (3, 'ไม่พึงพอใจ')]"
mail_is "hotline1169: the SMS hint" "$EML" "'R $H_UP 1' in text" True

CH_UP=$(echo "$CH_TOKEN" | tr a-z A-Z)
invitation chat "$SCH" "$CH_ID" "$CH_TOKEN"
EML=$SPOOL/$CH_ID.eml
mail_is "chat: the text lists its 2 options" "$EML" "options" \
	"[(1, 'ประทับใจ'), (2, 'พึงพอใจ')]"
mail_is "chat: no 'not satisfied' option anywhere" "$EML" \
	"'ไม่พึงพอใจ' in text or 'ไม่พึงพอใจ' in html" False
mail_is "chat: the SMS hint" "$EML" "'R $CH_UP 1' in text" True

EN_UP=$(echo "$EN_TOKEN" | tr a-z A-Z)
invitation English "$SEN" "$EN_ID" "$EN_TOKEN"
EML=$SPOOL/$EN_ID.eml
mail_is "English: the subject is in English" "$EML" "m['Subject']" \
	"How satisfied were you? Counter (walk-in advisory) [CKS-$EN_UP]"
mail_is "English: the text greets in English, with the English date" "$EML" \
	"text.startswith('Dear John Smith,') and 'on 28 Nov 2026 10:00' in text" True
mail_is "English: the options carry the English labels" "$EML" "options" \
	"[(5, 'Highest'), (4, 'High'), (3, 'Medium'), (2, 'Low'), (1, 'Lowest')]"
mail_is "English: the SMS hint" "$EML" "'Or send an SMS: R $EN_UP 5' in text" True
mail_is "English: no Thai in the text part, nor in the HTML" "$EML" \
	"[l for l in (text + html).splitlines() if any('\\u0e00' <= c <= '\\u0e7f' for c in l)]" \
	"[]"
mail_is "English: the text and the HTML recommend the DITP Connect app" "$EML" \
	"'We recommend the DITP Connect mobile application' in text and '<strong>DITP Connect</strong> mobile application' in html" True
mail_is "English: signed with the department's English name" "$EML" \
	"'\nDepartment of International Trade Promotion\n\nTo receive no more surveys' in text and 'Department of International Trade Promotion</p>' in html" True

invitation "HTML name" "$SHTML" "$HTML_ID" "$HTML_TOKEN"
EML=$SPOOL/$HTML_ID.eml
mail_is "HTML name: To keeps the whole name as one display name" "$EML" \
	"len(m['To'].addresses), addr('To')" \
	"(1, ('$HTML_NAME', 'html@example.invalid'))"
mail_is "HTML name: the HTML part escapes it" "$EML" \
	"'คุณ&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co' in html" True
mail_is "HTML name: no raw <script> in the HTML part" "$EML" \
	"'<script' in html" False
mail_is "HTML name: the text part has it as written" "$EML" \
	"'เรียน คุณ$HTML_NAME' in text" True

# --- a cancelled invitation can be sent again, under the same token --------------------
SCAN=$(closed_session hotline1169 "$CTH")
send "$SCAN" CAN
expect_rc 0 "an operator cancels the queued invitation" queue cancel "$CAN_ID"
send "$SCAN" CAN2
json_is "survey send after a cancel queues a new message with the same token" \
	"d['id'] != $CAN_ID, d['token'], d['already_queued']" "(True, '$CAN_TOKEN', False)"

finish
