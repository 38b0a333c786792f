# Shared by the end-to-end tests: TAP output, a scratch directory, and the
# staged (installed) cksctl with a config of its own.  Source it, then call
# plan N, and use ok / run / expect_* for each check.
set -u

: "${CKS_BINDIR:?run through make check}"
TEST_NAME=$(basename "$0" .sh)
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/cks-$TEST_NAME-XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
TEST_NUMBER=0
TEST_FAILED=0
CKSCTL="$CKS_BINDIR/cksctl"
CONF="$SCRATCH/cksgate.conf"
cat > "$CONF" <<CONF
# written by $TEST_NAME
state_dir = $SCRATCH/state
plugin_dir = $CKS_PLUGINDIR
template_dir = $CKS_TEMPLATEDIR
CONF

plan() { echo "1..$1"; }

# ok CONDITION-EXIT-STATUS DESCRIPTION: report one result.
ok() {
	TEST_NUMBER=$((TEST_NUMBER + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $TEST_NUMBER - $2"
	else
		echo "not ok $TEST_NUMBER - $2"
		TEST_FAILED=1
		if [ -s "$SCRATCH/out" ]; then sed 's/^/#   stdout: /' "$SCRATCH/out" | head -20; fi
		if [ -s "$SCRATCH/err" ]; then sed 's/^/#   stderr: /' "$SCRATCH/err" | head -20; fi
	fi
}

# cks ARGS...: runs the staged cksctl with the test config; stdout in
# $SCRATCH/out, stderr in $SCRATCH/err, exit status in $RC.
cks() {
	"$CKSCTL" -c "$CONF" "$@" > "$SCRATCH/out" 2> "$SCRATCH/err"
	RC=$?
}

# expect_rc N DESCRIPTION ARGS...: cksctl exits with N.
expect_rc() {
	local want=$1 what=$2
	shift 2
	cks "$@"
	[ "$RC" -eq "$want" ]
	ok $? "$what (exit $RC, want $want)"
}

# expect_error N PATTERN DESCRIPTION ARGS...: exits N with one line on
# stderr that matches PATTERN (grep -E).
expect_error() {
	local want=$1 pattern=$2 what=$3
	shift 3
	cks "$@"
	[ "$RC" -eq "$want" ] && [ "$(wc -l < "$SCRATCH/err")" -eq 1 ] &&
		grep -Eq -- "$pattern" "$SCRATCH/err"
	ok $? "$what"
}

# json EXPR: evaluates a jq-like Python expression on the last stdout.
# Usage: json 'd["id"]'  (d is the parsed document)
json() {
	/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' \
		"$SCRATCH/out" "$1"
}

finish() { exit "$TEST_FAILED"; }
