# The reply corpus (issue 10, "How it is measured"): generates the tune and
# held-out splits into a scratch directory, checks that the generator keeps
# its promises (size, determinism, disjoint phrasing pools), then measures
# the recogniser on the HELD-OUT split and on the public real-client corpora
# against the issue's targets:
#   >= 99.5 % of answers right, 0 wrong ratings, 0 negatives recorded,
#   comment exact >= 95 %, 0 recorded among the public corpora.
# The figures are printed as "# " lines.  TAP, run by build-aux/tap-driver.sh.
set -u

SRCDIR=${CKS_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILDDIR=${CKS_BUILDDIR:-$SRCDIR}
PY=${PYTHON:-python3}
GEN="$SRCDIR/tests/replies/generate.py"
EVAL="$BUILDDIR/tests/replies/eval_replies"
MIN=2000

echo "1..8"
work=$(mktemp -d "${TMPDIR:-/tmp}/cks-reply-corpus-XXXXXX") || { echo "Bail out! mktemp"; exit 1; }
trap 'rm -rf "$work"' EXIT
[ -x "$EVAL" ] || { echo "Bail out! $EVAL is not built (make tests/replies/eval_replies)"; exit 1; }

n=1
ok() { if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; n=$((n + 1)); }

"$PY" "$GEN" --split tune --out "$work/tune" --pools "$work/pools.tune" &&
"$PY" "$GEN" --split heldout --out "$work/heldout" --pools "$work/pools.heldout"
rc=$?
tune=$(wc -l < "$work/tune/labels.jsonl" 2>/dev/null || echo 0)
held=$(wc -l < "$work/heldout/labels.jsonl" 2>/dev/null || echo 0)
files=$(find "$work/heldout" -name '*.eml' | wc -l)
[ "$rc" -eq 0 ] && [ "$tune" -ge $MIN ] && [ "$held" -ge $MIN ] && [ "$files" -eq "$held" ]
ok $? "both splits generated: tune $tune, held-out $held replies (at least $MIN each)"

# The same split and seed give the same bytes: figures can be compared
# from one run to the next.
"$PY" "$GEN" --split heldout --out "$work/again" >/dev/null 2>&1
sum() { (cd "$1" && cat labels.jsonl ./*.eml | cksum); }
[ "$(sum "$work/heldout")" = "$(sum "$work/again")" ]
ok $? "the generator is deterministic"
rm -rf "$work/again"

# No phrasing of the held-out split is in the tune split's pool of the same
# kind: tuning on tune cannot learn the held-out phrasings by heart.
shared=$("$PY" - "$work/pools.tune" "$work/pools.heldout" <<'PY'
import sys
def load(p):
    s = set()
    for line in open(p, encoding="utf-8"):
        split, key, item = line.rstrip("\n").split("\t", 2)
        s.add((key, item))
    return s
both = load(sys.argv[1]) & load(sys.argv[2])
for key, item in sorted(both)[:5]:
    print("#   shared %s: %r" % (key, item), file=sys.stderr)
print(len(both) if load(sys.argv[1]) and load(sys.argv[2]) else -1)
PY
)
[ "$shared" = 0 ]
ok $? "tune and held-out phrasing pools are disjoint ($shared shared)"

# The measurement itself: five test points from the evaluator.
# The accuracy targets of issue 10 are not met yet on the held-out split
# (see README "Reading replies"): those points are TAP TODO until they
# are.  The public corpora's point (nothing recorded) is not excused.
"$EVAL" --tap=4 --todo="issue 10: held-out target not met yet" --by class,channel,lang,quote,format,charset --public "$SRCDIR/tests/corpus" \
	"$work/heldout" > "$work/eval.out" 2> "$work/eval.err"
rc=$?
cat "$work/eval.out"
sed 's/^/# /' "$work/eval.err"
if [ "$rc" -ne 0 ] || [ "$(grep -c '^\(not \)\?ok ' "$work/eval.out")" -ne 5 ]; then
	echo "Bail out! eval_replies failed (status $rc)"
	exit 1
fi
