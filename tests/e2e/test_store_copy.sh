#!/usr/bin/env bash
# cksctl store copy --to postgresql://... (issue 15): a SQLite store with
# Thai text, steps, a basket with a binary file, a queued message and
# ratings is copied into an empty PostgreSQL store; every listing read
# through the copy is identical, ids go on after the copied ones, the
# exact bytes queued survive, and a second copy or a password in the URI
# is refused.  Needs a server: it runs in the suite on PostgreSQL.
. "$CKS_SRCDIR/tests/e2e/lib.sh"
[ -n "$CKS_DB_URI" ] ||
	skip_all "needs a PostgreSQL server: runs in the suite on PostgreSQL (CKS_TEST_DATABASE, tests/servers/pg.sh)"

plan 11

# The source: a SQLite store of its own; $CONF (cks) is the PostgreSQL one.
SQ=$SCRATCH/sqlite.conf
cat > "$SQ" <<CONF
state_dir = $SCRATCH/sq
plugin_dir = $CKS_PLUGINDIR
template_dir = $CKS_TEMPLATEDIR
CONF
sq() { "$CKSCTL" -c "$SQ" "$@" > "$SCRATCH/out" 2> "$SCRATCH/err"; RC=$?; }
sq_id() { json 'd["id"]'; }

sq --json client add --name "สมชาย ใจดี" --email somchai@example.invalid --phone 0812345678
C1=$(sq_id)
sq --json client add --name "Ann Lee" --company "River Co." --lang en
C2=$(sq_id)
sq client edit "$C2" --level exporter --by napa
sq agent add Napa --name-th "นภา"
sq --json session open --channel counter --client "$C1" --agent Napa
S1=$(sq_id)
sq session step "$S1" greet start
sq session step "$S1" greet done
head -c 20000 /dev/urandom > "$SCRATCH/annex.bin"
sq basket add "$S1" --title "ตลาดข้าวหอมมะลิ" --url https://example.invalid/kb/7 --file "$SCRATCH/annex.bin"
sq basket confirm "$S1"
sq --json basket send "$S1"
Q1=$(sq_id)
sq session close "$S1" --summary "ส่งข้อมูลแล้ว"
sq --json session open --channel counter --client "$C2" --agent napa
S2=$(sq_id)
sq rating record "$S2" 4 --via counter --comment "ดีมาก"
sq rating record "$S2" 5 --via counter
sq queue show "$Q1" --raw
cp "$SCRATCH/out" "$SCRATCH/raw.sqlite"
[ -s "$SCRATCH/raw.sqlite" ] && [ -n "$S2" ]
ok $? "the SQLite store holds clients, an agent, sessions, a basket with a file, a queued message and ratings"

cks --json store status
[ "$RC" -eq 0 ] && [ "$(json 'd["backend"], d["state"], d["schema_version"]')" = "('postgresql', 'absent', 0)" ]
ok $? "store status on the empty PostgreSQL schema: backend postgresql, absent, version 0"
cks store init
init_rc=$RC
cks --json store status
[ "$init_rc" -eq 0 ] && [ "$(json 'd["state"], d["schema_version"] == d["latest"]')" = "('current', True)" ]
ok $? "store init makes it current (cks_schema at the latest version)"

sq store copy --to "$CKS_DB_URI"
[ "$RC" -eq 0 ] && grep -Eq "copied to postgresql://.*: [0-9]+ tables, [0-9]+ rows, counts verified" "$SCRATCH/out"
ok $? "store copy fills the empty PostgreSQL store and verifies the counts (exit $RC)"

# listing ARGS...: the same --json listing from both stores.
same=0
for args in "client show $C1" "client show $C2" "client history $C2" "client find ann" \
	"session show $S1" "session show $S2" "session list" "basket list $S1" \
	"queue list" "queue show $Q1" "agent list --all" "rating history $S2" \
	"report kpi" "quarantine list" "webhook list"; do
	# shellcheck disable=SC2086
	sq --json $args
	cp "$SCRATCH/out" "$SCRATCH/a"
	# shellcheck disable=SC2086
	cks --json $args
	if cmp -s "$SCRATCH/a" "$SCRATCH/out" && [ -s "$SCRATCH/a" ]; then
		same=$((same + 1))
	else
		echo "# differs: $args"
		diff "$SCRATCH/a" "$SCRATCH/out" | head -5 | sed 's/^/#   /'
	fi
done
[ "$same" -eq 15 ]
ok $? "every --json listing reads the same from the copy ($same of 15)"

cks queue show "$Q1" --raw
cmp -s "$SCRATCH/out" "$SCRATCH/raw.sqlite"
ok $? "the queued message's bytes (the 20 KB file in them) are identical"

cks --json client add --name "ลูกค้าใหม่"
[ "$(json 'd["id"]')" -eq $((C2 + 1)) ]
ok $? "new rows on PostgreSQL take the ids after the copied ones"

cks --json session open --channel counter --client "$C1" --agent napa
cks --json agent list
[ "$(json 'len(d["agents"])')" -eq 1 ]
ok $? "the copied agent is the same one on PostgreSQL (logins without case)"

sq store copy --to "$CKS_DB_URI"
[ "$RC" -eq 1 ] && grep -q "the target is not empty" "$SCRATCH/err"
ok $? "a second copy into a store that holds rows is refused"

sq store copy --to "postgresql://cks:s3cret@127.0.0.1:1/none"
[ "$RC" -eq 1 ] && grep -q "PGPASSFILE" "$SCRATCH/err" && ! grep -q s3cret "$SCRATCH/err"
ok $? "a password in --to is refused and not echoed"

sq store copy --to "$SCRATCH/other.db"
[ "$RC" -eq 2 ]
ok $? "--to must be a PostgreSQL URI (usage error, exit $RC)"
