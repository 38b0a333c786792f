#!/bin/sh
# End-to-end: the basket (add, list, remove, limits, preview, confirm, send)
# through the installed cksctl, delivered by `queue run` into the spool (the
# transport when no smtp.host is set), and the spooled MIME message read
# back with Python's email package.  Also the queue commands on the result
# (show --raw, list, retry, cancel) and `templates check`.
. "$CKS_SRCDIR/tests/e2e/lib.sh"

plan 100

# The staged templates: $prefix/share/cksgate/templates beside $prefix/bin.
TEMPLATES=$(dirname "$CKS_BINDIR")/share/cksgate/templates
[ -f "$TEMPLATES/basket.th.txt" ] ||
	TEMPLATES=$(dirname "$(find "$CKS_STAGE" -name basket.th.txt | head -1)")
STATE=$SCRATCH/state
SPOOL=$STATE/spool
FROM_NAME='ศูนย์บริการข้อมูลการค้า DITP'
ID_DOMAIN=mid.example.invalid

# write_conf FILE TEMPLATE_DIR: the test's configuration, with small basket
# limits (4 items, 4 KiB a file, 6 KiB in all) for the limit checks.
write_conf() {
	cat > "$1" <<CONF
# written by $TEST_NAME
state_dir = $STATE
plugin_dir = $CKS_PLUGINDIR
template_dir = $2
mail.from = ditp@example.invalid
mail.from_name = $FROM_NAME
mail.reply_address = survey@reply.example.invalid
mail.message_id_domain = $ID_DOMAIN
basket.max_items = 4
basket.max_file_bytes = 4K
basket.max_total_bytes = 6K
CONF
}
write_conf "$CONF" "$TEMPLATES"
GOOD_CONF=$CONF

# json_is DESCRIPTION EXPR WANT: the last JSON output's EXPR prints WANT.
json_is() {
	got=$(json "$2")
	[ "$RC" -eq 0 ] && [ "$got" = "$3" ]
	ok $? "$1 (got '$got', want '$3')"
}

# out_has DESCRIPTION TEXT...: the last command succeeded and its stdout
# holds every TEXT (fixed strings).
out_has() {
	what=$1
	shift
	[ "$RC" -eq 0 ]
	rc=$?
	for text in "$@"; do
		grep -Fq -- "$text" "$SCRATCH/out" || {
			rc=1
			echo "#   missing: $text"
		}
	done
	ok $rc "$what"
}

# basket_is DESCRIPTION SESSION EXPR WANT: EXPR on `basket list --json`.
basket_is() {
	cks --json basket list "$2"
	json_is "$1" "$3" "$4"
}

# queue_count: how many messages the queue holds, in any state.
queue_count() {
	"$CKSCTL" -c "$CONF" --json queue list | /usr/bin/python3 -c \
	    'import json, sys; print(len(json.load(sys.stdin)["messages"]))'
}

# mail FILE EXPR: prints the Python EXPR evaluated on the message in FILE:
# raw is its bytes, m the message parsed with policy.default, text and html
# its body parts (LF line ends), atts its attachments as (filename,
# content type, bytes), addr(H) the (display name, address) of header H,
# decoded by RFC 2047.  addr() decodes the name itself: Python before
# gh-128110 keeps the blank between adjacent encoded words of a display
# name, which RFC 2047 6.2 says to drop (a long Thai name needs several).
mail() {
	/usr/bin/python3 - "$1" "$2" <<'PY'
import sys, email, email.header, email.policy, email.utils
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
atts = [(a.get_filename(), a.get_content_type(), a.get_content())
        for a in m.iter_attachments()]
print(eval(sys.argv[2]))
PY
}

# mail_is DESCRIPTION FILE EXPR WANT
mail_is() {
	got=$(mail "$2" "$3" 2>&1)
	[ "$got" = "$4" ]
	ok $? "$1 (got '$got', want '$4')"
}

# --- clients and sessions -------------------------------------------------------
TH_NAME='สมหญิง รักการค้า'
cks --json client add --name "$TH_NAME" --company 'บริษัท ส่งออกไทย จำกัด' \
	--email somying@example.co.th --lang th
CTH=$(json "d['id']")
json_is "a Thai client with an email is added" "d['lang'], d['email']" \
	"('th', 'somying@example.co.th')"
EN_NAME='Alice <b>x</b>'
cks --json client add --name "$EN_NAME" --email alice@example.invalid --lang en
CEN=$(json "d['id']")
json_is "an English client whose name holds HTML is added" "d['lang'], d['name']" \
	"('en', '$EN_NAME')"
cks --json client add --name 'ไม่มีอีเมล' --lang th
CNOMAIL=$(json "d['id']")
json_is "a client without an email is added" "d['email']" None

# open_session CHANNEL CLIENT AGENT: prints the new session's id.
open_session() {
	"$CKSCTL" -c "$CONF" --json session open --channel "$1" --client "$2" \
	    --agent "$3" --at 2026-11-28T10:00 | /usr/bin/python3 -c \
	    'import json, sys; print(json.load(sys.stdin)["id"])'
}
AGENT='นภา ใจดี'
S1=$(open_session counter "$CTH" "$AGENT")
SLIM=$(open_session counter "$CTH" "$AGENT")
SEN=$(open_session hotline1169 "$CEN" Napa)
SNOMAIL=$(open_session counter "$CNOMAIL" "$AGENT")
STPL=$(open_session chat "$CTH" "$AGENT")
SCLOSED=$(open_session chat "$CTH" "$AGENT")
[ -n "$S1" ] && [ -n "$SLIM" ] && [ -n "$SEN" ] && [ -n "$SNOMAIL" ] &&
	[ -n "$STPL" ] && [ -n "$SCLOSED" ]
ok $? "six sessions are open ($S1 $SLIM $SEN $SNOMAIL $STPL $SCLOSED)"

# --- the files to attach --------------------------------------------------------
mkdir -p "$SCRATCH/files" "$SCRATCH/keep"
# PDF-looking bytes under a Thai name without an extension: only the bytes
# tell the type.
PDF_NAME='คู่มือส่งออก'
PDF=$SCRATCH/files/$PDF_NAME
printf '%%PDF-1.4\n%%\342\343\317\323\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%%%EOF\n' > "$PDF"
BIN=$SCRATCH/files/bytes.bin
/usr/bin/python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 2)' > "$BIN"
cp "$PDF" "$SCRATCH/keep/pdf"
cp "$BIN" "$SCRATCH/keep/bin"
PDF_SHA=$(sha256sum "$PDF" | cut -d' ' -f1)
BIN_SHA=$(sha256sum "$BIN" | cut -d' ' -f1)
PDF_SIZE=$(wc -c < "$PDF" | tr -d ' ')
BIN_SIZE=$(wc -c < "$BIN" | tr -d ' ')

# --- add, list, remove --------------------------------------------------------------
T1='ตลาดผลไม้จีน ปี 2569'
T1EN='Chinese fruit market 2026'
URL1='https://www.ditp.go.th/kb/item?id=1&lang=th'
T2='ข้อมูลไบต์ครบทุกค่า'
T3='งานแสดงสินค้า THAIFEX'
URL3='https://thaifex.example.invalid/2027'
REVS=

cks --json basket add "$S1" --title "$T1" --title-en "$T1EN" --url "$URL1" \
	--file "$PDF"
I1=$(json "d['id']")
json_is "basket add --json prints the new item with its id and both titles" \
	"isinstance(d['id'], int), d['title_th'], d['title_en'], d['url']" \
	"(True, '$T1', '$T1EN', '$URL1')"
json_is "a PDF-looking file without an extension is detected as application/pdf" \
	"d['attachment']['content_type'], d['attachment']['filename']" \
	"('application/pdf', '$PDF_NAME')"
REVS="$REVS $("$CKSCTL" -c "$CONF" --json basket list "$S1" | /usr/bin/python3 -c \
	'import json, sys; print(json.load(sys.stdin)["revision"])')"
cks --json basket add "$S1" --title "$T2" --file "$BIN" --type application/x-cks-sample
I2=$(json "d['id']")
json_is "--type is taken as given for a binary file" \
	"d['attachment']['content_type'], d['title_en']" \
	"('application/x-cks-sample', None)"
REVS="$REVS $("$CKSCTL" -c "$CONF" --json basket list "$S1" | /usr/bin/python3 -c \
	'import json, sys; print(json.load(sys.stdin)["revision"])')"
cks --json basket add "$S1" --title "$T3" --url "$URL3"
I3=$(json "d['id']")
json_is "a link-only item has no attachment" "d['attachment'], d['url']" \
	"(None, '$URL3')"
REVS="$REVS $("$CKSCTL" -c "$CONF" --json basket list "$S1" | /usr/bin/python3 -c \
	'import json, sys; print(json.load(sys.stdin)["revision"])')"
[ "$REVS" = " 1 2 3" ]
ok $? "each add bumps the revision (got$REVS, want 1 2 3)"

cks --json basket list "$S1"
json_is "basket list --json shows the three items in order, not confirmed" \
	"[i['id'] for i in d['items']], d['confirmed'], d['sent_message']" \
	"([$I1, $I2, $I3], False, None)"
json_is "the PDF's size and sha256 match wc -c and sha256sum" \
	"d['items'][0]['attachment']['size'], d['items'][0]['attachment']['sha256']" \
	"($PDF_SIZE, '$PDF_SHA')"
json_is "the 512-byte binary's size and sha256 match wc -c and sha256sum" \
	"d['items'][1]['attachment']['size'], d['items'][1]['attachment']['sha256']" \
	"($BIN_SIZE, '$BIN_SHA')"
json_is "attachment_bytes is the sum of both files" "d['attachment_bytes']" \
	"$((PDF_SIZE + BIN_SIZE))"
cks basket list "$S1"
out_has "the table lists the titles and the attachment sizes" "$T1" "$T2" "$T3" \
	"$PDF_NAME ($PDF_SIZE bytes)" "bytes.bin ($BIN_SIZE bytes)" "revision 3"

cks --json basket add "$S1" --title 'ชั่วคราว'
I4=$(json "d['id']")
basket_is "a fourth item makes revision 4" "$S1" "d['revision'], len(d['items'])" \
	"(4, 4)"
expect_rc 0 "basket remove removes an item" basket remove "$S1" "$I4"
basket_is "the removal bumps the revision to 5 and leaves the first three" "$S1" \
	"d['revision'], [i['id'] for i in d['items']]" "(5, [$I1, $I2, $I3])"
expect_error 1 "basket of session $S1 has no item 999" \
	"removing an unknown item is refused" basket remove "$S1" 999
expect_error 1 "url: 'ftp://files.example.invalid/a.pdf' is not an http" \
	"an ftp:// link is refused, naming the url" \
	basket add "$S1" --title x --url ftp://files.example.invalid/a.pdf
expect_error 1 "url: 'http://a b' is not an http" \
	"a link with a space is refused, naming the url" \
	basket add "$S1" --title x --url 'http://a b'
expect_error 1 "file $SCRATCH/files/missing.pdf: No such file" \
	"a missing file is refused, naming the file" \
	basket add "$S1" --title x --file "$SCRATCH/files/missing.pdf"
basket_is "the refused removal and adds changed nothing" "$S1" \
	"d['revision'], len(d['items'])" "(5, 3)"

# --- limits ----------------------------------------------------------------------
head -c 3000 /dev/zero > "$SCRATCH/files/a3000.bin"
head -c 5000 /dev/zero > "$SCRATCH/files/b5000.bin"
head -c 3500 /dev/zero > "$SCRATCH/files/c3500.bin"
expect_rc 0 "a 3000-byte file fits under the 4K file limit" \
	basket add "$SLIM" --title a --file "$SCRATCH/files/a3000.bin"
expect_error 1 "5000 bytes is over the limit of 4096 .*\\(basket\\.max_file_bytes\\)" \
	"a 5000-byte file is refused, naming basket.max_file_bytes" \
	basket add "$SLIM" --title b --file "$SCRATCH/files/b5000.bin"
expect_error 1 "would total 6500 bytes, over the limit of 6144 \\(basket\\.max_total_bytes\\)" \
	"a file taking the basket over 6K is refused, naming basket.max_total_bytes" \
	basket add "$SLIM" --title c --file "$SCRATCH/files/c3500.bin"
for n in 2 3 4; do
	cks basket add "$SLIM" --title "link $n" --url "https://example.invalid/$n"
done
basket_is "links fill the basket to the 4-item limit" "$SLIM" "len(d['items'])" 4
expect_error 1 "already holds 4 items, the limit \\(basket\\.max_items\\)" \
	"a fifth item is refused, naming basket.max_items" \
	basket add "$SLIM" --title e --url https://example.invalid/5
basket_is "the refused adds added nothing" "$SLIM" \
	"len(d['items']), d['revision'], d['attachment_bytes']" "(4, 4, 3000)"

# --- preview ------------------------------------------------------------------------
cks basket preview "$S1"
cp "$SCRATCH/out" "$SCRATCH/preview.txt"
out_has "the preview holds the Thai titles, the links, the DITP Connect advice and the agent" \
	"เรียน คุณ$TH_NAME" "1. $T1" "2. $T2" "3. $T3" "   $URL1" "   $URL3" \
	"ไฟล์แนบ: $PDF_NAME (1 KB)" "DITP Connect" "$AGENT" "$FROM_NAME" \
	"28 พ.ย. 2569 10:00"
PREVIEW_SUBJECT=$(sed -n '1s/^Subject: //p' "$SCRATCH/preview.txt")
[ "$PREVIEW_SUBJECT" = "ข้อมูลการค้าระหว่างประเทศสำหรับคุณ$TH_NAME จาก$FROM_NAME" ]
ok $? "the preview's subject is the Thai one (got '$PREVIEW_SUBJECT')"
cks basket preview "$S1" --html
out_has "the HTML preview escapes & in a link" "href=\"https://www.ditp.go.th/kb/item?id=1&amp;lang=th\""
expect_rc 0 "an item for the English client" \
	basket add "$SEN" --title 'ผลไม้' --title-en 'Fruit exports' --url "$URL3"
cks basket preview "$SEN" --html
out_has "the HTML preview shows the client's name escaped" \
	'Dear Alice &lt;b&gt;x&lt;/b&gt;,'
! grep -Fq '<b>x</b>' "$SCRATCH/out"
ok $? "the HTML preview has no raw <b> from the name"

# --- confirm and send ----------------------------------------------------------------
expect_error 1 "never confirmed .*basket confirm" \
	"basket send before basket confirm is refused, mentioning confirm" \
	basket send "$S1"
expect_error 2 "--unconfirmed or --force, and --reason TEXT, go together" \
	"--unconfirmed without --reason is a usage error" \
	basket send "$S1" --unconfirmed
[ "$(queue_count)" -eq 0 ]
ok $? "the refused sends queued nothing"
expect_rc 0 "basket confirm" basket confirm "$S1"
basket_is "the basket is confirmed at revision 5" "$S1" \
	"d['confirmed'], d['revision'], d['confirmed_at'] is not None" \
	"(True, 5, True)"
# The store has its own copies: the originals go before the send.
rm -f "$PDF" "$BIN"
cks --json basket send "$S1"
M1=$(json "d['id']")
json_is "basket send --json prints the queue id" \
	"isinstance(d['id'], int), d['session'], d['already_queued']" \
	"(True, $S1, False)"
cks --json basket send "$S1"
json_is "sending again returns the same id, already queued" \
	"d['id'], d['already_queued']" "($M1, True)"
cks --json queue list
json_is "the queue holds exactly one basket message, for the session" \
	"[(x['id'], x['kind'], x['session'], x['state']) for x in d['messages']]" \
	"[($M1, 'basket', $S1, 'queued')]"
json_is "it goes to the client from mail.from" \
	"d['messages'][0]['recipient'], d['messages'][0]['sender']" \
	"('somying@example.co.th', 'ditp@example.invalid')"
basket_is "the basket records the message that carried it" "$S1" \
	"d['sent_message']" "$M1"

expect_rc 0 "an item added after the confirmation" \
	basket add "$S1" --title 'เพิ่มภายหลัง' --url https://example.invalid/late
expect_error 1 "changed after the client confirmed it: confirm it again" \
	"the changed basket is refused again, mentioning confirm" basket send "$S1"
[ "$(queue_count)" -eq 1 ]
ok $? "the refused send queued nothing"
cks --json basket send "$S1" --unconfirmed --reason 'client left early'
M2=$(json "d['id']")
json_is "send --unconfirmed --reason queues a second message" \
	"d['id'] != $M1, d['already_queued']" "(True, False)"
cks --json queue show "$M2"
json_is "queue show carries the unconfirmed reason" "d['unconfirmed_reason']" \
	'client left early'
cks --json queue show "$M1"
json_is "the confirmed send has no unconfirmed reason" "d['unconfirmed_reason']" \
	None
cks --json queue cancel "$M2"
json_is "queue cancel on a queued message makes it cancelled" "d['state']" \
	cancelled

expect_rc 0 "the English client's basket is confirmed" basket confirm "$SEN"
cks --json basket send "$SEN"
M3=$(json "d['id']")
cks --json queue show "$M3"
json_is "the English client's message has the English subject" \
	"d['subject'].startswith('Trade information for $EN_NAME')" True

expect_rc 0 "an item for the client without email" \
	basket add "$SNOMAIL" --title 'ข้อมูล'
expect_rc 0 "and it is confirmed" basket confirm "$SNOMAIL"
expect_error 1 "client $CNOMAIL has no email address" \
	"sending to a client without email is refused" basket send "$SNOMAIL"
[ "$(queue_count)" -eq 3 ]
ok $? "the refused send queued nothing"

expect_rc 0 "a session is closed" session close "$SCLOSED" --summary 'ปิดแล้ว'
expect_error 1 "session $SCLOSED is closed" \
	"basket add on a closed session is refused" \
	basket add "$SCLOSED" --title 'สาย'
expect_error 1 "session $SCLOSED is closed" \
	"basket remove on a closed session is refused" \
	basket remove "$SCLOSED" 1

# --- delivery into the spool -------------------------------------------------------------
cks --json queue run
json_is "queue run with no relay delivers the two queued messages" \
	"d['sent'], d['deferred'], d['failed']" "(2, 0, 0)"
[ -f "$SPOOL/$M1.eml" ] && [ -f "$SPOOL/$M3.eml" ]
ok $? "they are spooled as state_dir/spool/ID.eml"
[ ! -e "$SPOOL/$M2.eml" ] && [ "$(ls "$SPOOL" | wc -l)" -eq 2 ]
ok $? "the cancelled message is not spooled, and nothing else is"
cks --json queue list
json_is "queue list --json shows sent, cancelled, sent" \
	"sorted((x['id'], x['state']) for x in d['messages'])" \
	"[($M1, 'sent'), ($M2, 'cancelled'), ($M3, 'sent')]"
cks --json queue show "$M1"
json_is "the attempt is recorded against the spool" \
	"[(h['relay'], h['result']) for h in d['history']], d['sent'] is not None" \
	"([('spool', 'sent')], True)"
MSGID=$(json "d['message_id']")
expect_error 1 "message $M1 is sent: only a deferred or failed message can be retried" \
	"queue retry on a sent message is refused" queue retry "$M1"
expect_error 1 "message $M1 is sent: only a queued or deferred message can be cancelled" \
	"queue cancel on a sent message is refused" queue cancel "$M1"
cks queue run
out_has "a second run finds nothing to send (the cancelled one stays)" \
	"sent 0, deferred 0, failed 0"
cks queue show "$M1" --raw
cmp -s "$SCRATCH/out" "$SPOOL/$M1.eml"
ok $? "queue show --raw is byte-identical to the spooled file"

EML=$SPOOL/$M1.eml
mail_is "every line of the spooled message ends in CRLF" "$EML" \
	"raw.endswith(b'\\r\\n') and raw.count(b'\\n') == raw.count(b'\\r\\n') == raw.count(b'\\r')" \
	True
mail_is "no line is longer than 998 bytes" "$EML" \
	"max(len(l) for l in raw.split(b'\\r\\n'))  <= 998" True
mail_is "the message parses without defects" "$EML" \
	"[p.defects for p in m.walk()] == [[]] * len(list(m.walk()))" True
mail_is "the Subject decodes to the subject the preview printed" "$EML" \
	"m['Subject'] == '''$PREVIEW_SUBJECT'''" True
mail_is "From decodes to mail.from_name and mail.from" "$EML" "addr('From')" \
	"('$FROM_NAME', 'ditp@example.invalid')"
mail_is "To decodes to the client's Thai name and address" "$EML" "addr('To')" \
	"('$TH_NAME', 'somying@example.co.th')"
mail_is "the Message-ID is the queued one, on mail.message_id_domain" "$EML" \
	"m['Message-ID'] == '<$MSGID>' and '$MSGID'.endswith('@$ID_DOMAIN')" True
mail_is "multipart/mixed: multipart/alternative (text/plain, text/html), then the attachments" \
	"$EML" "[p.get_content_type() for p in m.walk()]" \
	"['multipart/mixed', 'multipart/alternative', 'text/plain', 'text/html', 'application/pdf', 'application/x-cks-sample']"
mail_is "the attachments keep their names and types" "$EML" \
	"[(a[0], a[1]) for a in atts]" \
	"[('$PDF_NAME', 'application/pdf'), ('bytes.bin', 'application/x-cks-sample')]"
mail_is "the PDF in the message is byte-identical to the deleted original" "$EML" \
	"atts[0][2] == open('$SCRATCH/keep/pdf', 'rb').read()" True
mail_is "the 256-value binary in the message is byte-identical to the deleted original" \
	"$EML" "atts[1][2] == open('$SCRATCH/keep/bin', 'rb').read()" True
mail_is "the text part is what the preview printed" "$EML" \
	"text == open('$SCRATCH/preview.txt', encoding='utf-8').read().split('\\n\\n', 1)[1]" \
	True
mail_is "the HTML part holds the titles, the escaped link and the agent" "$EML" \
	"all(s in html for s in ['$T1', '$T2', '$T3', 'href=\"https://www.ditp.go.th/kb/item?id=1&amp;lang=th\"', 'DITP Connect', '$AGENT'])" \
	True

EML=$SPOOL/$M3.eml
mail_is "the English message: English subject, decoded, with the department's English name" "$EML" "m['Subject']" \
	"Trade information for $EN_NAME from Department of International Trade Promotion"
mail_is "its To keeps the name with <b> as a display name" "$EML" "addr('To')" \
	"('$EN_NAME', 'alice@example.invalid')"
mail_is "without attachments it is multipart/alternative only" "$EML" \
	"[p.get_content_type() for p in m.walk()]" \
	"['multipart/alternative', 'text/plain', 'text/html']"
mail_is "the English text part greets the client and names the item" "$EML" \
	"'Dear $EN_NAME,' in text and '1. Fruit exports' in text and 'DITP Connect' in text" \
	True
mail_is "the English HTML part escapes the client's name" "$EML" \
	"'Dear Alice &lt;b&gt;x&lt;/b&gt;,' in html and '<b>x</b>' not in html" True
mail_is "and every line ends in CRLF" "$EML" \
	"raw.count(b'\\n') == raw.count(b'\\r\\n') == raw.count(b'\\r')" True

# --- templates -------------------------------------------------------------------------
cks templates check
SHIPPED=$(ls "$TEMPLATES" | grep -c -E '\.(html|txt|subject|sms)$')
out_has "templates check passes with the shipped templates" \
	"$SHIPPED templates in $TEMPLATES: ok"
[ "$RC" -eq 0 ]
ok $? "and exits 0"

BROKEN=$SCRATCH/broken-templates
cp -R "$TEMPLATES" "$BROKEN"
sed 's/{{client\.name}}/{{client.nmae}}/' "$TEMPLATES/basket.th.txt" > "$BROKEN/basket.th.txt"
sed 's/{{department\.name}}/{{departmnet.name}}/' "$TEMPLATES/survey.en.html" \
	> "$BROKEN/survey.en.html"
grep -v '^{{/items}}$' "$TEMPLATES/basket.en.txt" > "$BROKEN/basket.en.txt"
NMAE_LINE=$(grep -n 'client\.nmae' "$BROKEN/basket.th.txt" | head -1 | cut -d: -f1)
DEPT_LINE=$(grep -n 'departmnet\.name' "$BROKEN/survey.en.html" | head -1 | cut -d: -f1)
ITEMS_LINE=$(grep -n '^{{#items}}$' "$BROKEN/basket.en.txt" | cut -d: -f1)
BROKEN_CONF=$SCRATCH/broken.conf
write_conf "$BROKEN_CONF" "$BROKEN"

CONF=$BROKEN_CONF
cks templates check
[ "$RC" -eq 1 ] && grep -Fq "basket.en.txt:$ITEMS_LINE: unclosed section 'items'" "$SCRATCH/err"
ok $? "templates check names the unclosed section with file:line"
grep -Fq "basket.th.txt:$NMAE_LINE: unknown variable 'client.nmae'" "$SCRATCH/err" &&
	grep -Fq "survey.en.html:$DEPT_LINE: unknown variable 'departmnet.name'" "$SCRATCH/err" &&
	grep -Fq "have 3 problems:" "$SCRATCH/err" && [ "$(wc -l < "$SCRATCH/err")" -eq 4 ]
ok $? "and in the same run every other file's problem, one line each (issue 14)"
expect_rc 0 "an item for the broken-template send" basket add "$STPL" --title 'ข้อมูล'
expect_rc 0 "and it is confirmed" basket confirm "$STPL"
expect_error 1 "basket.en.txt:$ITEMS_LINE: unclosed section 'items'" \
	"basket send with an unloadable template_dir fails with the template error" \
	basket send "$STPL"
cp "$TEMPLATES/basket.en.txt" "$BROKEN/basket.en.txt"
cks templates check
[ "$RC" -eq 1 ] &&
	grep -Fq "basket.th.txt:$NMAE_LINE: unknown variable 'client.nmae'" "$SCRATCH/err" &&
	grep -Fq "survey.en.html:$DEPT_LINE: unknown variable 'departmnet.name'" "$SCRATCH/err"
ok $? "with the section closed, templates check names each unknown variable with file:line"
expect_error 1 "basket.th.txt:$NMAE_LINE: unknown variable 'client.nmae'" \
	"basket send with an unknown variable fails with the template error" \
	basket send "$STPL"
CONF=$GOOD_CONF
[ "$(queue_count)" -eq 3 ]
ok $? "the failed sends queued nothing"
basket_is "and left the basket unsent" "$STPL" "d['sent_message']" None
cks --json basket send "$STPL"
json_is "with the shipped templates the same basket is queued afresh" \
	"d['already_queued'], d['id'] > $M3" "(False, True)"

finish
