#!/bin/sh
# End-to-end: the knowledge-base catalogue (issue 16) through the installed
# cksctl and the running daemon's API.  Thai is searched by any part of a
# word (FTS5 trigrams), ranked; a text under 3 characters falls back to a
# substring; a CSV import (BOM, quotes, a line break inside a field) is one
# transaction whose errors name line and column; an edit raises the
# revision and a basket item made from the catalogue records the item and
# the revision it was copied at; writing is an admin's.
. "$CKS_SRCDIR/tests/e2e/lib.sh"
. "$CKS_SRCDIR/tests/e2e/daemon.sh"

plan 33

daemon_config

json_is() {
	got=$(json "$2" 2>&1)
	[ "$got" = "$3" ]
	ok $? "$1 (got '$got', want '$3')"
}

# --- cksctl kb add / show / search ------------------------------------------
cks --json kb add --title 'การจดทะเบียนพาณิชย์อิเล็กทรอนิกส์' \
	--title-en 'E-commerce registration' --url https://example.go.th/ecom \
	--tags 'ทะเบียน , ecommerce,,' --summary "$(printf 'ขั้นตอน\nเอกสารที่ต้องใช้')"
[ "$RC" -eq 0 ] && [ ! -s "$SCRATCH/err" ]
ok $? "kb add exits 0"
ECOM=$(json "d['id']")
json_is "the item: revision 1, active, tags trimmed, summary's line kept" \
	"(d['revision'], d['active'], d['tags'], d['summary'].count(chr(10)))" \
	"(1, True, ['ทะเบียน', 'ecommerce'], 1)"
printf 'hello catalogue\n' > "$SCRATCH/form.txt"
cks --json kb add --title 'แบบฟอร์มคำขอรับรองมาตรฐาน' --title-en 'Standard request form' \
	--file "$SCRATCH/form.txt" --tags 'แบบฟอร์ม'
FORM=$(json "d['id']")
json_is "an item with a file keeps its name and size" \
	"(d['file']['filename'], d['file']['size'])" "('form.txt', 16)"
cks kb add --title 'ทะเบียน' --title-en 'Register'
cks kb add --title 'ข่าวประชาสัมพันธ์' --summary 'การจดทะเบียนนิติบุคคล'
expect_error 1 "url: 'ftp://x' is not an http" "a non-web link is refused naming url" \
	kb add --title 'x' --url ftp://x
expect_error 1 "title_th: must be one line" "a title with a line feed is refused" \
	kb add --title "$(printf 'a\nb')"

cks --json kb search 'ทะเบียนพาณิชย์'
json_is "part of a Thai word finds the item" "[i['id'] for i in d['items']]" "[$ECOM]"
cks --json kb search 'ทะเบียน'
json_is "a shared word finds all three, titles ranked above a summary" \
	"([i['id'] for i in d['items']][-1], len(d['items']))" "(4, 3)"
cks --json kb search 'COMMERCE registr'
json_is "two English words, any case, both required" "[i['id'] for i in d['items']]" "[$ECOM]"
cks --json kb search 'ฟอ'
json_is "a 2-character text falls back to a substring" "[i['id'] for i in d['items']]" "[$FORM]"
cks --json kb search '"ทะเบียน OR'
[ "$RC" -eq 0 ]
ok $? "quotes and operators in the text are searched as text, not FTS syntax"

# --- edit, disable -----------------------------------------------------------
cks --json kb edit "$ECOM" --title-en 'E-commerce registration (DBD)'
json_is "an edit raises the revision" "(d['revision'], d['title_en'])" \
	"(2, 'E-commerce registration (DBD)')"
cks --json kb edit "$ECOM" --title-en 'E-commerce registration (DBD)'
json_is "an edit that changes nothing keeps it" "d['revision']" 2
expect_error 1 "would have no title left" "clearing the only title is refused" \
	kb edit "$FORM" --title '' --title-en ''

# --- basket add --item --------------------------------------------------------
cks --json client add --name 'สมชาย ใจดี' --email somchai@example.invalid
CID=$(json "d['id']")
cks --json session open --channel counter --client "$CID" --agent napa
SID=$(json "d['id']")
cks --json basket add "$SID" --item "$ECOM"
cks --json basket add "$SID" --item "$FORM"
cks --json basket list "$SID"
json_is "the basket records catalogue item and revision" \
	"[(i['kb']['item'], i['kb']['revision'], i['title_en']) for i in d['items']]" \
	"[($ECOM, 2, 'E-commerce registration (DBD)'), ($FORM, 1, 'Standard request form')]"
json_is "the catalogue file is in the basket" "d['items'][1]['attachment']['filename']" form.txt
cks kb edit "$ECOM" --title-en 'Changed later'
cks --json basket list "$SID"
json_is "a later edit leaves the basket's copy and revision" \
	"(d['items'][0]['title_en'], d['items'][0]['kb']['revision'])" \
	"('E-commerce registration (DBD)', 2)"
cks basket remove "$SID" "$(json "d['items'][1]['id']")"
cks --json kb show "$FORM"
json_is "removing the basket item keeps the catalogue's file" "d['file']['size']" 16
cks kb disable "$FORM"
expect_error 1 "is disabled" "a disabled item is not added to a basket" \
	basket add "$SID" --item "$FORM"
cks --json kb search 'แบบฟอร์ม'
json_is "nor found" "len(d['items'])" 0
expect_error 2 "no --title, --url or --file" "--item takes no other field" \
	basket add "$SID" --item "$ECOM" --title x

# --- import --------------------------------------------------------------------
printf '\357\273\277title_th,title_en,url,tags,summary\n"หนังสือรับรอง, ""ฉบับจริง""",Certificate,https://a.go.th/c,"a,b","line 1\nline 2"\nใบอนุญาต,Licence,,,\n' > "$SCRATCH/good.csv"
cks --json kb import "$SCRATCH/good.csv"
json_is "a file with a BOM, quotes and a line break in a field imports" "d['added']" 2
cks --json kb search 'ฉบับจริง'
json_is "the quoted comma and quotes are kept" "d['items'][0]['title_th']" 'หนังสือรับรอง, "ฉบับจริง"'
printf 'title_th,url,summary\n"สอง\nบรรทัด",https://ok.go.th,x\nดี,notaurl,y\nดี,https://a.go.th\nสาม,https://b.go.th,z\n' > "$SCRATCH/bad.csv"
cks kb import "$SCRATCH/bad.csv"
[ "$RC" -eq 1 ] &&
	grep -q '^line 2, column title_th: must be one line' "$SCRATCH/err" &&
	grep -q "^line 4, column url: 'notaurl' is not" "$SCRATCH/err" &&
	grep -q '^line 5: 2 fields, the header has 3' "$SCRATCH/err" &&
	grep -q '3 problems, nothing imported' "$SCRATCH/err"
ok $? "every problem is named by line and column, nothing imported"
cks --json kb search 'สาม'
json_is "not even the good row of a refused file" "len(d['items'])" 0
printf 'title,url\nx,y\n' > "$SCRATCH/header.csv"
expect_rc 1 "an unknown column is refused" kb import "$SCRATCH/header.csv"
grep -q "line 1, column title: not a column" "$SCRATCH/err"
ok $? "naming it"

# --- the API -----------------------------------------------------------------
daemon_start
[ -n "$DAEMON_PID" ] || { echo "Bail out! the daemon did not start"; exit 1; }
Q=$(/usr/bin/python3 -c 'import urllib.parse; print(urllib.parse.quote("ทะเบียนพาณิชย์"))')
api GET "/v1/kb?q=$Q"
json_is "GET /v1/kb?q= searches in Thai" "[i['id'] for i in d['items']]" "[$ECOM]"
expect_status 200 "GET /v1/kb/ID" GET "/v1/kb/$ECOM"
expect_status 403 "an agent token may not add to the catalogue" POST /v1/kb '{"title_th": "x"}'
expect_status 201 "an admin token may" POST /v1/kb \
	'{"title_th": "ภาษี", "summary": "บรรทัด 1\nบรรทัด 2", "tags": "ภาษี"}' "$TOKEN_ADMIN"
NEW=$(json "d['id']")
expect_status 200 "PATCH /v1/kb/ID (admin)" PATCH "/v1/kb/$NEW" '{"title_en": "Tax"}' "$TOKEN_ADMIN"
json_is "and raises the revision" "d['revision']" 2
api POST "/v1/sessions/$SID/basket/items" "{\"kb_item\": $NEW}"
json_is "POST basket/items {kb_item} records item and revision" \
	"(d['kb']['item'], d['kb']['revision'], d['title_en'])" "($NEW, 2, 'Tax')"

daemon_stop
exit $TEST_FAILED
