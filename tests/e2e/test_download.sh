#!/bin/sh
# End-to-end: a basket over basket.attachment_budget goes out with signed
# download links instead of attachments.  cksctl sends it into the spool
# (no smtp.host); the link is read back from the spooled .eml with Python's
# email package (which undoes quoted-printable and base64), fetched from
# the running daemon with curl and compared with the original file; a
# tampered link is refused.
. "$CKS_SRCDIR/tests/e2e/lib.sh"
. "$CKS_SRCDIR/tests/e2e/daemon.sh"

plan 18

PY=/usr/bin/python3
TEMPLATES=$(dirname "$(find "$CKS_STAGE" -name basket.th.txt | head -1)")
STATE=$SCRATCH/state
SPOOL=$STATE/spool
cat >> "$CONF" <<CONF
template_dir = $TEMPLATES
mail.from = desk@ditp.example.invalid
mail.reply_address = survey@reply.example.invalid
basket.attachment_budget = 1K
CONF
daemon_config

# --- a basket of 5 KB under a Thai name, over the budget of 1 KB ------------------
cks --json client add --name 'สมชาย ใจดี' --email somchai@example.co.th --lang th
CLIENT=$(json "d['id']")
cks --json session open --channel counter --client "$CLIENT" --agent Napa
SESSION=$(json "d['id']")
[ "$RC" -eq 0 ] && [ -n "$SESSION" ]
ok $? "a client and a session are made (session $SESSION)"

mkdir -p "$SCRATCH/files"
FILE_NAME='คู่มือส่งออก 2569.pdf'
FILE=$SCRATCH/files/$FILE_NAME
# 5 KB that a text transform would damage: every byte value, CR LF, NUL.
"$PY" -c 'import sys; sys.stdout.buffer.write(b"%PDF-1.4\r\n" + (bytes(range(256)) * 20)[:5110])' > "$FILE"
cp "$FILE" "$SCRATCH/original"
cks --json basket add "$SESSION" --title 'คู่มือการส่งออก' --file "$FILE"
ok $RC "a 5 KB file is added to the basket"
cks basket confirm "$SESSION"
ok $RC "the client confirms the basket"
cks --json basket send "$SESSION"
QUEUED=$(json "d['id']")
ok $RC "the basket is queued (message $QUEUED)"
cks queue run
ok $RC "queue run delivers it into the spool"
EML=$(ls "$SPOOL"/*.eml 2>/dev/null | head -1)
[ -n "$EML" ] && [ -f "$EML" ]
ok $? "the message is in the spool ($EML)"

# mail EXPR: the Python EXPR on the spooled message; text and html are its
# decoded body parts, atts its attachments, links the download links.
mail() {
	"$PY" - "$EML" "$1" <<'PY'
import re, sys, email, email.policy
m = email.message_from_bytes(open(sys.argv[1], 'rb').read(),
                             policy=email.policy.default)
def part(subtype):
    body = m.get_body((subtype,))
    return body.get_content() if body is not None else ''
text, html = part('plain'), part('html')
atts = list(m.iter_attachments())
links = re.findall(r'https?://[^\s"<>]+/d/[^\s"<>]+', text)
# The Buddhist-Era year of the first link's expiry (TZ is Asia/Bangkok).
import time
be_year = (time.localtime(int(links[0].split('/d/')[1].split('/')[1])).tm_year
           + 543) if links else 0
print(eval(sys.argv[2]))
PY
}

[ "$(mail 'len(atts)')" = 0 ]
ok $? "the message has no attachment part"
[ "$(mail 'len(links)')" = 1 ]
ok $? "its text part has one download link"
LINK=$(mail 'links[0]')
case $LINK in "$API"/d/*) true ;; *) false ;; esac
ok $? "the link is under http.public_url ($LINK)"
[ "$(mail 'links[0] in html')" = True ] &&
	[ "$(mail "'$FILE_NAME (5 KB)' in text and str(be_year) in text")" = True ]
ok $? "the HTML part has the same link; the text names the file, its size and the expiry's Buddhist-Era year ($(mail be_year))"
[ "$(stat -c %a "$STATE/link-secret")" = 600 ]
ok $? "the signing key was made on first use, mode 600"

# --- fetching it from the daemon -------------------------------------------------
daemon_start
ok $? "the daemon starts and answers /healthz"

# fetch URL: body in $SCRATCH/got, headers in $SCRATCH/headers, status in $STATUS.
fetch() {
	STATUS=$(curl -s -o "$SCRATCH/got" -D "$SCRATCH/headers" -w '%{http_code}' "$1")
}

fetch "$LINK"
[ "$STATUS" = 200 ] && cmp -s "$SCRATCH/got" "$SCRATCH/original"
ok $? "the link serves the exact bytes of the file, without a token (HTTP $STATUS)"
ENCODED=$("$PY" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$FILE_NAME")
tr -d '\r' < "$SCRATCH/headers" > "$SCRATCH/h"
grep -qix "content-disposition: attachment; filename\*=UTF-8''$ENCODED" "$SCRATCH/h" &&
	grep -qix 'content-type: application/pdf' "$SCRATCH/h" &&
	grep -qi '^cache-control: private' "$SCRATCH/h"
rc=$?
ok $rc "with the Thai file name (RFC 5987), its type and a private cache policy"
if [ $rc -ne 0 ]; then sed 's/^/#   header: /' "$SCRATCH/h"; fi

# One character of the signature changed (the segment after the expiry).
TAMPERED=$(printf '%s\n' "$LINK" | "$PY" -c '
import sys
url = sys.stdin.read().strip()
head, name = url.rsplit("/", 1)
head, signature = head.rsplit("/", 1)
signature = ("B" if signature[0] != "B" else "C") + signature[1:]
print(head + "/" + signature + "/" + name)')
fetch "$TAMPERED"
[ "$STATUS" = 403 ] && ! cmp -s "$SCRATCH/got" "$SCRATCH/original"
ok $? "a link with one character of its signature changed is refused (HTTP $STATUS)"

# Another attachment id under the same signature.
OTHER=$(printf '%s\n' "$LINK" | sed 's|/d/\([0-9]*\)/|/d/1\1/|')
fetch "$OTHER"
[ "$STATUS" = 403 ]
ok $? "the signature does not carry over to another id (HTTP $STATUS)"

# The file name in the link is cosmetic.
fetch "${LINK%/*}/renamed.pdf"
[ "$STATUS" = 200 ] && cmp -s "$SCRATCH/got" "$SCRATCH/original"
ok $? "the file name in the link is cosmetic (HTTP $STATUS)"

daemon_stop
ok $? "the daemon stops on SIGTERM"
finish
