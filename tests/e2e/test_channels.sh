# End-to-end: the three shipped channels as cksctl shows them (cksctl
# channels, cksctl channel show), checked against the seed's operating
# standard, plus the commands' usage errors.
. "$CKS_SRCDIR/tests/e2e/lib.sh"

plan 33

# The seed (the department's operating standard) is the source of truth for
# the Thai step texts; it is not available to the tests, so its words are
# copied here byte for byte.
SEED_COUNTER_STEP_1="กล่าวทักทายตามมาตรฐาน เพื่อสร้างความประทับใจในการให้บริการ (ให้บริการเครื่องดื่ม)"

# --- the table ---------------------------------------------------------------

cks channels
[ "$RC" -eq 0 ] && [ ! -s "$SCRATCH/err" ]
ok $? "cksctl channels exits 0 with nothing on stderr (exit $RC)"

[ "$(sed -n 1p "$SCRATCH/out" | awk '{print $1, $2}')" = "ID NAME" ] &&
	[ "$(sed 1d "$SCRATCH/out" | awk '{print $1}' | tr '\n' ' ')" = "chat counter hotline1169 " ]
ok $? "the table has a header and exactly three rows: chat, counter, hotline1169"

grep -Eq '^counter +Counter \(walk-in advisory\) +เคาน์เตอร์ให้คำปรึกษา +8 +5 +85 %$' "$SCRATCH/out" &&
	grep -Eq '^hotline1169 +International trade hotline 1169 +สายตรงการค้าระหว่างประเทศ 1169 +8 +3 +85 %$' "$SCRATCH/out" &&
	grep -Eq '^chat +DITP Touch live chat +.+ +9 +2 +85 %$' "$SCRATCH/out"
ok $? "each row shows the English and Thai names, step and option counts and target"

[ ! -e "$SCRATCH/state" ]
ok $? "listing channels does not create the state directory or the store"

# --- channels --json -----------------------------------------------------------

cks channels --json
[ "$RC" -eq 0 ] && [ "$(json "[c['id'] for c in d['channels']]")" = "['chat', 'counter', 'hotline1169']" ] &&
	[ "$(json "d['refused']")" = "[]" ]
ok $? "channels --json lists the three channels and no refusals"

[ "$(json "[c['target_percent'] for c in d['channels']]")" = "[85, 85, 85]" ]
ok $? "every shipped channel aims at 85 % satisfied"

# ch ID EXPR: EXPR evaluated with c bound to channel ID of the last output.
ch() {
	json "(lambda c: $2)(next(c for c in (d['channels'] if 'channels' in d else [d]) if c['id'] == '$1'))"
}

[ "$(ch counter "len(c['steps'])")" -eq 8 ] &&
	[ "$(ch counter "[s['number'] for s in c['steps']]")" = "[1, 2, 3, 4, 5, 6, 7, 8]" ]
ok $? "counter has 8 steps numbered 1 to 8"

[ "$(ch counter "[o['code'] for o in c['scale']]")" = "[5, 4, 3, 2, 1]" ]
ok $? "counter's scale has 5 options with codes 5, 4, 3, 2, 1 in that order"

[ "$(ch counter "sorted(o['code'] for o in c['scale'] if o['satisfied'])")" = "[4, 5]" ]
ok $? "counter counts exactly 5 and 4 as satisfied"

[ "$(ch counter "(lambda s: (s['number'], s['timed'], s['actor']))(c['steps'][4])")" = "(5, False, 'client')" ] &&
	[ "$(ch counter "c['steps'][4]['id']")" = "client_check" ]
ok $? "counter step 5 client_check is the client's and not timed"

[ "$(ch counter "c['steps'][1]['standard']")" = "{'min_seconds': 300, 'max_seconds': 1200}" ]
ok $? "counter step 2's standard is 300 to 1200 seconds (5-20 min)"

[ "$(ch counter "c['steps'][0]['standard']")" = "{'min_seconds': 0, 'max_seconds': 30}" ]
ok $? "counter step 1's standard is up to 30 seconds"

[ "$(ch counter "c['steps'][0]['text']['th']")" = "$SEED_COUNTER_STEP_1" ]
ok $? "counter step 1's Thai text is the seed's own words, byte for byte"

[ "$(ch counter "(c['steps'][5]['id'], c['steps'][5]['standard'], c['steps'][5]['timed'])")" = "('print_summary', None, False)" ]
ok $? "counter step 6 print_summary has no standard and is not timed"

[ "$(ch hotline1169 "len(c['steps'])")" -eq 8 ] &&
	[ "$(ch hotline1169 "[(o['code'], o['satisfied']) for o in c['scale']]")" = "[(1, True), (2, True), (3, False)]" ]
ok $? "hotline1169 has 8 steps and options 1, 2, 3 with only 3 not satisfied"

ch hotline1169 "c['steps'][6]['text']['th']" | grep -qF "กต 1"
ok $? "hotline1169 step 7 keeps the seed's wording 'กต 1'"

[ "$(ch chat "len(c['steps'])")" -eq 9 ] &&
	[ "$(ch chat "[(o['code'], o['satisfied']) for o in c['scale']]")" = "[(1, True), (2, True)]" ]
ok $? "chat has 9 steps and options 1 and 2, both satisfied"

[ "$(json "all(s['text']['th'] and s['text']['en'] and s['actor'] in ('agent', 'client') for c in d['channels'] for s in c['steps'])")" = True ] &&
	[ "$(json "all(o['label']['th'] and o['label']['en'] for c in d['channels'] for o in c['scale'])")" = True ]
ok $? "every step has an actor and Thai and English text; every option both labels"

cp "$SCRATCH/out" "$SCRATCH/all.json"

# --- channel show ------------------------------------------------------------------

cks channel show counter --json
[ "$RC" -eq 0 ] && [ ! -s "$SCRATCH/err" ] &&
	/usr/bin/python3 -c 'import json,sys
one = json.load(open(sys.argv[1]))
every = json.load(open(sys.argv[2]))["channels"]
sys.exit(0 if one == next(c for c in every if c["id"] == "counter") else 1)' \
	"$SCRATCH/out" "$SCRATCH/all.json"
ok $? "channel show counter --json is the same object channels --json lists"

cks --json channel show hotline1169
[ "$RC" -eq 0 ] && [ "$(json "(d['id'], len(d['steps']), len(d['scale']))")" = "('hotline1169', 8, 3)" ]
ok $? "--json works before the command too"

cks channel show counter
[ "$RC" -eq 0 ] && grep -Eq '^ +1 +greet +agent +standard up to 30 s +timed +target 85 %$' "$SCRATCH/out"
ok $? "channel show counter shows step 1's standard as 'up to 30 s'"

grep -Eq '^ +5 +client_check +client +standard up to 5 min +not counted +target 100 %$' "$SCRATCH/out"
ok $? "channel show counter marks step 5 as 'not counted', with its own target of 100 %"

grep -Eq '^ +6 +print_summary +agent +standard .* +not counted +no target$' "$SCRATCH/out"
ok $? "channel show counter shows 'no target' where the standard gives none"


grep -Eq '^ +2 +preliminary_questions +agent +standard 5-20 min +timed +target 85 %$' "$SCRATCH/out"
ok $? "channel show counter shows step 2's standard as '5-20 min'"

grep -qxF "     $SEED_COUNTER_STEP_1" "$SCRATCH/out"
ok $? "channel show counter prints step 1's Thai text as the seed has it"

grep -qxF "  5  มากที่สุด / Highest  (satisfied)" "$SCRATCH/out" &&
	grep -qxF "  3  ปานกลาง / Medium" "$SCRATCH/out"
ok $? "channel show counter marks satisfied options and only those"

[ "$(sed -n 1p "$SCRATCH/out")" = "counter — Counter (walk-in advisory) / เคาน์เตอร์ให้คำปรึกษา" ] &&
	grep -qxF "satisfaction target: 85 %" "$SCRATCH/out"
ok $? "channel show counter starts with the names and the target"

cks channel show counter --json
[ "$(json "[s['target_percent'] for s in d['steps']]")" = "[85, 85, 85, 85, 100, None, 85, 85]" ]
ok $? "channel show --json carries each step's target_percent (null: none)"

# --- errors ---------------------------------------------------------------------------

expect_error 1 "^cksctl: no channel 'nosuch' is loaded" \
	"channel show nosuch exits 1 with one line on stderr" channel show nosuch
[ ! -s "$SCRATCH/out" ]
ok $? "channel show nosuch prints nothing on stdout"

expect_error 2 "expected 'channel show ID'" \
	"channel show without an id is a usage error (exit 2)" channel show

expect_error 2 "channels: takes no arguments" \
	"channels with an argument is a usage error (exit 2)" channels extra

expect_error 2 "expected 'channel show ID'" \
	"channel show with two ids is a usage error (exit 2)" channel show counter chat

finish
