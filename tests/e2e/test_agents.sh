#!/bin/sh
# End-to-end: agents as people, through the installed cksctl and the
# running daemon's API.  "Napa" typed at the counter and an API token named
# "Napa" open sessions for the one agent "napa", which `report kpi --by
# agent` and `session list --agent` show as one; names with control
# characters are refused naming the field; adding and disabling is an
# admin's; a disabled agent opens no new session, and its history stays.
. "$CKS_SRCDIR/tests/e2e/lib.sh"
. "$CKS_SRCDIR/tests/e2e/daemon.sh"

plan 33

daemon_config
TOKEN_NAPA=napa-0123456789abcdef0123456789ab
echo "Napa $TOKEN_NAPA agent" >> "$SCRATCH/tokens"

# json_is DESCRIPTION EXPR WANT: the last JSON output's EXPR prints WANT.
json_is() {
	got=$(json "$2" 2>&1)
	[ "$got" = "$3" ]
	ok $? "$1 (got '$got', want '$3')"
}

# --- cksctl agent --------------------------------------------------------
cks --json agent add Napa --name-th 'นภา ใจดี' --name-en 'Napa Jaidee'
[ "$RC" -eq 0 ] && [ ! -s "$SCRATCH/err" ]
ok $? "agent add exits 0, nothing on stderr"
json_is "the login is folded to lower case, the names kept" \
	"'%s|%s|%s|%s' % (d['login'], d['name_th'], d['name_en'], d['active'])" \
	"napa|นภา ใจดี|Napa Jaidee|True"
expect_error 1 "agent 'napa' exists already" \
	"agent add NAPA is refused: the same agent in another case" agent add NAPA
expect_error 1 '^cksctl: name_th: must be one line' \
	"a display name with a line feed is refused naming name_th" \
	agent add somchai --name-th "$(printf 'สมชาย\nX-Bcc: a@b')"
expect_error 1 '^cksctl: login: must be one line' \
	"a login with a carriage return is refused naming login" \
	agent add "$(printf 'ann\rlee')"
cks agent add somchai --name-en 'Somchai'
ok $? "a second agent is added"
cks agent list
[ "$RC" -eq 0 ] && grep -q '^LOGIN' "$SCRATCH/out" &&
	grep -q 'napa .*นภา ใจดี .*Napa Jaidee .*active' "$SCRATCH/out" &&
	grep -q '^somchai ' "$SCRATCH/out"
ok $? "agent list shows both, with their names"
cks agent show NaPa
[ "$RC" -eq 0 ] && grep -q '^agent napa$' "$SCRATCH/out"
ok $? "agent show finds the agent whatever the case"
expect_error 1 "agent 'nobody' not found" "agent show of an unknown login" \
	agent show nobody

# --- sessions from the CLI and the API, one agent ------------------------
cks --json client add --name 'สมชาย ใจดี' --email somchai@example.invalid
CID=$(json "d['id']")
cks --json session open --channel counter --client "$CID" --agent Napa
ok $? "session open --agent Napa"
json_is "the session records the agent's login" "d['agent']" napa

daemon_start
ok $? "cksgated serves HTTP"
[ -n "$DAEMON_PID" ] || { echo "Bail out! the daemon did not start"; exit 1; }
api POST /v1/sessions "{\"channel\": \"counter\", \"client_id\": $CID}" "$TOKEN_NAPA"
[ "$STATUS" = 201 ]
ok $? "POST /v1/sessions with the token named 'Napa' (HTTP $STATUS)"
json_is "the session opened through the API records the same agent" "d['agent']" napa

cks --json session list --agent NAPA
json_is "session list --agent NAPA: both sessions" "len(d['sessions'])" 2
expect_error 1 "agent 'ghost' not found" \
	"session list --agent of an unknown agent is an error" session list --agent ghost
cks --json report kpi --by agent --channel counter --from 2020-01-01 --to 2100-01-01
json_is "report kpi --by agent: Napa and napa are one row" \
	"[(g['key'], g['sessions']) for g in d['channels'][0]['groups']]" "[('napa', 2)]"

# --- the API --------------------------------------------------------------
api GET /v1/agents
json_is "GET /v1/agents (agent token) lists both" \
	"[(a['login'], a['sessions']) for a in d['agents']]" "[('napa', 2), ('somchai', 0)]"
cks agent add 'สมศรี'
api GET "/v1/agents/$(/usr/bin/python3 -c 'import urllib.parse; print(urllib.parse.quote("สมศรี"))')"
json_is "GET /v1/agents/LOGIN with a Thai login, percent-encoded" "d['login']" 'สมศรี'
api GET /v1/whoami "" "$TOKEN_NAPA"
json_is "GET /v1/whoami: the token named Napa resolves to the agent record napa" \
	"(d['agent'], d['agent_record']['login'], d['agent_record']['active'])" "('Napa', 'napa', True)"
api GET /v1/whoami "" "$TOKEN_VIEWER"
json_is "a token with no agent record: agent_record is null" "d['agent_record']" None
api GET /v1/agents/NAPA
json_is "GET /v1/agents/NAPA shows napa" "d['login']" napa
api POST /v1/agents '{"login": "Ann"}'
[ "$STATUS" = 403 ]
ok $? "POST /v1/agents with an agent's token is forbidden (HTTP $STATUS)"
api POST /v1/agents '{"login": "Ann", "name_en": "Ann\r\nLee"}' "$TOKEN_ADMIN"
json_is "a name with CR LF is refused, naming name_en" \
	"(d['error']['status'], d['error']['field'])" "(400, 'name_en')"
api POST /v1/agents '{"login": "Ann", "name_en": "Ann Lee"}' "$TOKEN_ADMIN"
json_is "POST /v1/agents (admin) adds ann" "(d['login'], d['name_en'])" "('ann', 'Ann Lee')"
api POST /v1/agents '{"login": "ANN"}' "$TOKEN_ADMIN"
[ "$STATUS" = 409 ]
ok $? "the same login in another case is a conflict (HTTP $STATUS)"
api POST /v1/agents/napa/disable '' "$TOKEN_ALICE"
[ "$STATUS" = 403 ]
ok $? "disable with an agent's token is forbidden (HTTP $STATUS)"
api POST /v1/agents/Napa/disable '' "$TOKEN_ADMIN"
json_is "POST /v1/agents/Napa/disable (admin)" "(d['login'], d['active'])" "('napa', False)"

# --- disabled: no new session, history kept ------------------------------
api POST /v1/sessions "{\"channel\": \"counter\", \"client_id\": $CID}" "$TOKEN_NAPA"
json_is "the disabled agent's token opens no session (409, naming the agent)" \
	"(d['error']['status'], \"'napa' is disabled\" in d['error']['message'])" "(409, True)"
expect_error 1 "agent: 'napa' is disabled" \
	"session open --agent Napa for the disabled agent is refused" \
	session open --channel counter --client "$CID" --agent Napa
cks --json report kpi --by agent --channel counter --from 2020-01-01 --to 2100-01-01
json_is "the disabled agent's sessions stay in the report" \
	"[(g['key'], g['sessions']) for g in d['channels'][0]['groups']]" "[('napa', 2)]"
cks agent list
! grep -q '^napa ' "$SCRATCH/out"
ok $? "agent list leaves the disabled agent out"
cks agent list --all
grep -q '^napa .*disabled' "$SCRATCH/out"
ok $? "agent list --all shows it disabled"

daemon_stop
finish
