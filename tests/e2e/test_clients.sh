#!/bin/sh
# End-to-end: client profiles through the installed cksctl.  Adds a Thai
# client, reads it back, finds it by name, company, email and by the phone
# written in other ways, and checks that bad input is refused field by field
# without leaving anything behind.
. "$CKS_SRCDIR/tests/e2e/lib.sh"

plan 48

NAME='สมชาย ใจดี'
COMPANY='บริษัท ส่งออกไทย จำกัด'
EMAIL='Somchai.J@Example.co.th'
PHONE='081-234-5678'

# field_is DESCRIPTION KEY WANT: the last JSON object's KEY is WANT.
field_is() {
	got=$(json "d['$2']")
	[ "$got" = "$3" ]
	ok $? "$1 ($2: '$got', want '$3')"
}

# found_only DESCRIPTION TEXT ID: `client find TEXT` lists exactly client ID.
found_only() {
	cks --json client find "$2"
	[ "$RC" -eq 0 ] && [ "$(json "[c['id'] for c in d['clients']]")" = "[$3]" ]
	ok $? "$1"
}

# client_count TEXT: how many clients `client find TEXT` lists.
client_count() {
	cks --json client find "$1"
	json "len(d['clients'])"
}

# --- add, with --json ---------------------------------------------------------
cks --json client add --name "$NAME" --company "$COMPANY" --email "$EMAIL" \
	--phone "$PHONE" --lang en --level ready
[ "$RC" -eq 0 ] && [ ! -s "$SCRATCH/err" ]
ok $? "client add with a Thai name and company exits 0, nothing on stderr"
ID=$(json "d['id']")
cp "$SCRATCH/out" "$SCRATCH/added.json"
[ "$(json "isinstance(d['id'], int) and d['id'] > 0")" = True ]
ok $? "client add --json gives the new id ($ID)"
field_is "the phone is normalised to E.164" phone_e164 "+66812345678"
field_is "--lang en is kept" lang en
field_is "the Thai name is stored byte for byte" name "$NAME"
field_is "the Thai company is stored byte for byte" company "$COMPANY"
field_is "the email is stored as written" email "$EMAIL"
field_is "the phone is kept as the client wrote it" phone "$PHONE"
field_is "--level is kept" level ready

# --- add, for people ----------------------------------------------------------
cks client add --name 'John Smith' --company 'Acme Export Co., Ltd.' --lang en
[ "$RC" -eq 0 ] && grep -q '^  name      John Smith$' "$SCRATCH/out" &&
	grep -Eq '^client [0-9]+$' "$SCRATCH/out"
ok $? "client add without --json prints the client with its name"
cks client show "$ID"
grep -Fq "$NAME" "$SCRATCH/out" && grep -Fq '081-234-5678 (+66812345678)' "$SCRATCH/out"
ok $? "client show prints the Thai name and both forms of the phone"

# --- show round-trips ---------------------------------------------------------
cks --json client show "$ID"
[ "$RC" -eq 0 ] && cmp -s "$SCRATCH/added.json" "$SCRATCH/out"
ok $? "client show --json gives back exactly what client add printed"

# --- find ---------------------------------------------------------------------
found_only "find by part of the Thai name" 'ใจดี' "$ID"
found_only "find by part of the company" 'ส่งออกไทย' "$ID"
found_only "find by email ignores case" 'somchai.j@EXAMPLE.CO.TH' "$ID"
found_only "find by the phone written +66 81 234 5678" '+66 81 234 5678' "$ID"
found_only "find by the phone written 66812345678" '66812345678' "$ID"
found_only "find by the phone written 0812345678" '0812345678' "$ID"
cks --json client find 'ไม่มีใครชื่อนี้'
[ "$RC" -eq 0 ] && [ "$(json "d == {'clients': []}")" = True ]
ok $? "find with no match prints an empty clients list"
cks client find 'ส่งออกไทย'
[ "$RC" -eq 0 ] && grep -Eq '^ID +NAME +COMPANY +EMAIL +PHONE +LANG$' "$SCRATCH/out" &&
	grep -Fq "$NAME" "$SCRATCH/out"
ok $? "find without --json prints a table with the client"

# --- refused input ------------------------------------------------------------
BEFORE=$(client_count 'ส่งออกไทย')
for bad in 'a@' '@b.co' 'a b@c.co' 'a@b' 'Somchai <s@x.co>'; do
	expect_error 1 '^cksctl: email: ' "email '$bad' is refused, naming the field" \
		client add --name "$NAME" --company "$COMPANY" --email "$bad"
done
for bad in '12ab' '123'; do
	expect_error 1 '^cksctl: phone: ' "phone '$bad' is refused, naming the field" \
		client add --name "$NAME" --company "$COMPANY" --phone "$bad"
done
expect_error 1 "^cksctl: lang: 'fr' " "--lang fr is refused, naming the field" \
	client add --name "$NAME" --company "$COMPANY" --lang fr
expect_error 1 '^cksctl: name: must be one line' \
	"a name with CR/LF (header injection) is refused as not one line" \
	client add --name "$(printf 'A\r\nBcc: x@y.z')" --company "$COMPANY"
LONG=$(printf '%601s' '' | tr ' ' x)
expect_error 1 '^cksctl: name: 601 bytes is longer than the limit' \
	"a 601-byte name (over the 600-byte limit) is refused, naming the field" \
	client add --name "$LONG" --company "$COMPANY"
expect_error 2 '--name is required' "client add without --name is a usage error" \
	client add --company "$COMPANY" --email somchai@example.co.th
expect_error 1 '^cksctl: no client with id 999$' "client show 999 says there is no client" \
	client show 999
expect_error 2 'client ID must be a positive number' "client show abc is a usage error" \
	client show abc
[ "$(client_count 'ส่งออกไทย')" = "$BEFORE" ] && [ "$BEFORE" = 1 ]
ok $? "refused adds wrote no rows (clients of the company: $BEFORE before, still $BEFORE)"
[ "$(client_count 'Bcc')" = 0 ] && [ "$(client_count 'xxxxxxxxxx')" = 0 ]
ok $? "neither the CR/LF name nor the long name was stored"

# --- corrections: levels, edit, history, duplicates, merge (issue 14) --------
expect_error 1 "^cksctl: level: 'whatever' is not one of the desk's levels: new .*ready .*sme" \
	"a free-text level is refused, naming the field and the allowed values" \
	client add --name "$NAME" --level whatever
cks --json client add --name 'Napat' --level 'พร้อมส่งออก'
[ "$RC" -eq 0 ] && [ "$(json 'd["level"], d["level_en"], d["level_known"]')" = "('ready', 'Ready to export', True)" ]
ok $? "a level given by its Thai name is stored as its code, with both names"
cks --json client edit "$ID" --name 'สมชาย ใจดีมาก' --level exporter --lang th --by Napa
[ "$RC" -eq 0 ] && [ "$(json 'd["name"], d["level"], d["lang"]')" = "('สมชาย ใจดีมาก', 'exporter', 'th')" ]
ok $? "client edit changes the name, level and language"
cks client show "$ID"
grep -Fq 'สมชาย ใจดีมาก' "$SCRATCH/out" && grep -Eq '^  level     exporter \(Exporter / ' "$SCRATCH/out"
ok $? "the edit is visible in client show"
cks --json client history "$ID"
[ "$(json '[(c["field"], c["old"], c["new"], c["by"]) for c in d["history"]]')" = "[('name', '$NAME', 'สมชาย ใจดีมาก', 'Napa'), ('lang', 'en', 'th', 'Napa'), ('level', 'ready', 'exporter', 'Napa')]" ]
ok $? "client history lists each change with who, old and new"
cks client history "$ID"
grep -Eq '^WHEN +BY +FIELD +OLD +NEW$' "$SCRATCH/out" && grep -q 'Napa' "$SCRATCH/out"
ok $? "client history without --json prints a table"
expect_error 1 "^cksctl: client $ID: email: " "a bad email in an edit is refused, naming the field" \
	client edit "$ID" --email 'not an address'
expect_error 2 'nothing to change' "client edit without a field is a usage error" client edit "$ID"
# a duplicate: the same email, written otherwise
cks --json client add --name 'Somchai J.' --email 'somchai.j@example.co.th' --phone '+66 81 234 5678'
DUP=$(json 'd["id"]')
[ "$RC" -eq 0 ] && [ "$(json 'd["existing"]["id"], d["existing"]["field"]')" = "($ID, 'email')" ] &&
	grep -q "warning: client $ID has the same email" "$SCRATCH/err"
ok $? "adding an existing email warns naming the existing id, and --json gives it"
cks --json session open --channel counter --client "$DUP" --agent Napa
SESSION=$(json 'd["id"]')
cks --json client merge "$ID" "$DUP" --by Napa
[ "$RC" -eq 0 ] && [ "$(json 'd["id"]')" = "$ID" ]
ok $? "client merge KEEP DROP shows the client kept"
cks --json session show "$SESSION"
[ "$(json 'd["client"] if not isinstance(d["client"], dict) else d["client"]["id"]')" = "$ID" ]
ok $? "the merge moved the dropped client's session to the kept one"
expect_error 1 "^cksctl: no client with id $DUP$" "the dropped client is gone" client show "$DUP"
cks --json client history "$ID"
[ "$(json 'd["history"][-1]["field"]')" = merge ] && json 'd["history"][-1]["old"]' | grep -q "client $DUP .*1 session"
ok $? "the merge is in the kept client's history"

finish
