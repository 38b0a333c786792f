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

echo "1..17"
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

# No phrasing the held-out split draws is drawn by the tune split, in any
# pool: tuning on tune cannot learn the held-out phrasings by heart.  Only
# the generator's SHARED forms (the bare number, ครับ, ค่ะ) are drawn by both.
shared=$("$PY" - "$work/pools.tune" "$work/pools.heldout" <<'PY'
import sys
def load(p):
    s = set()
    for line in open(p, encoding="utf-8"):
        split, key, item = line.rstrip("\n").split("\t", 2)
        if split != "shared":
            s.add(item)
    return s
both = load(sys.argv[1]) & load(sys.argv[2])
for item in sorted(both)[:5]:
    print("#   drawn by both splits: %r" % item, file=sys.stderr)
print(len(both) if load(sys.argv[1]) and load(sys.argv[2]) else -1)
PY
)
[ "$shared" = 0 ]
ok $? "tune and held-out phrasing pools are disjoint ($shared shared)"

# The labels are well formed, and every class is there in numbers: a code
# is one the labelled channel has, only answer classes carry one, only
# answers carry a comment, an answer written with a number holds that
# number in the labelled digit style, a word answer holds none, and the
# answer and the expected comment are really in the mail's text (decoded
# here with Python's own email package, independently of cksgate).
"$PY" - "$work/heldout/labels.jsonl" "$work/tune/labels.jsonl" <<'PY'
import collections, email, email.policy, encodings.aliases, html, json, os, re, sys
encodings.aliases.aliases["windows_874"] = "cp874"
scales = {"counter": {1, 2, 3, 4, 5}, "hotline1169": {1, 2, 3}, "chat": {1, 2}}
classes = ["answer/bare", "answer/particle", "answer/cued_before", "answer/cued_after",
           "answer/label_word", "answer/label_echo", "answer/number_word", "answer/marked_list",
           "neg/no_rating",
           "neg/conflicting", "neg/range", "neg/out_of_scale", "neg/empty", "neg/auto_reply",
           "neg/bounce"]
def digits(n, style):
    if style == "thai":
        return "๐๑๒๓๔๕๖๗๘๙"[n]
    if style == "fullwidth":
        return chr(0xFF10 + n)
    if style == "keycap":
        return "%d\ufe0f\u20e3" % n
    return str(n)
numbered = {"answer/bare", "answer/particle", "answer/cued_before", "answer/cued_after",
            "answer/label_echo", "answer/marked_list"}
def collapse(t):
    return " ".join(t.split())
def mail_text(path, charset):
    m = email.message_from_bytes(open(path, "rb").read(), policy=email.policy.compat32)
    out = []
    for part in m.walk():
        if part.get_content_maintype() != "text":
            continue
        data = part.get_payload(decode=True) or b""
        cs = charset.replace("undeclared-", "") if charset.startswith("undeclared") \
            else (part.get_content_charset() or "us-ascii")
        t = data.decode(cs, errors="replace")
        if part.get_content_subtype() == "html":
            t = re.sub(r"(?is)<style.*?</style>", " ", t)
            t = re.sub(r"(?i)<br\s*/?>|</div>|</p>", "\n", t)
            t = html.unescape(re.sub(r"<[^>]+>", " ", t))
        out.append(t)
    return collapse(" ".join(out))
bad = 0
for path in sys.argv[1:]:
    count = collections.Counter()
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        l = json.loads(line)
        count[l["class"]] += 1
        e = l["expect"]
        ok = (isinstance(e, int) and l["class"].startswith("answer/") and e in scales[l["channel"]]) or              (e == "not_recorded" and l["class"].startswith("neg/") and l["comment"] == "")
        if ok and l["class"] in numbered:
            ok = digits(e, l["digits"]) in l["answer_text"]
        if ok and l["class"] in ("answer/label_word", "answer/number_word"):
            ok = not re.search(r"[0-9๐-๙０-９]", l["answer_text"])
        if ok and l["class"] not in ("neg/auto_reply", "neg/bounce"):
            text = mail_text(os.path.join(os.path.dirname(path), l["file"]), l["charset"])
            ok = collapse(l["answer_text"]) in text and collapse(l["comment"]) in text
        if not ok:
            bad += 1
            if bad <= 5:
                print("#   %s:%d: %s %s expect=%r" % (path, n, l["channel"], l["class"], e))
    for c in classes:
        if count[c] < 30:
            bad += 1
            print("#   %s: only %d replies of class %s" % (path, count[c], c))
print("#   label problems: %d" % bad)
sys.exit(bad != 0)
PY
ok $? "labels well formed, every class at least 30 replies in each split"

# The measurement itself: nine test points from the evaluator, none of
# them excused: the targets of issue 10 (met on the held-out split since
# round 6, see README "Reading replies"), the floors (the figures the
# reader reaches now, a hair below: 99.67 % right, 0 wrong, 0 negatives,
# 98.01 % comments) and the public corpora's point (nothing recorded).
"$EVAL" --tap=5 \
	--floor=99.6,0,0,97.9 --by class,channel,lang,quote,format,charset,cte,digits,greeting,comment_pos,signature --public "$SRCDIR/tests/corpus" \
	"$work/heldout" > "$work/eval.out" 2> "$work/eval.err"
rc=$?
cat "$work/eval.out"
sed 's/^/# /' "$work/eval.err"
if [ "$rc" -ne 0 ] || [ "$(grep -c '^\(not \)\?ok ' "$work/eval.out")" -ne 9 ]; then
	echo "Bail out! eval_replies failed (status $rc)"
	exit 1
fi

# Real mail clients around our answers: the replies of talon's fixtures
# (tests/corpus/talon: Gmail, Outlook 2003-2010, Apple Mail, Yahoo, AOL,
# Thunderbird, Hotmail...), their typed words replaced by survey answers
# and non-answers (tests/replies/real_clients.py): the quoting, HTML and
# signatures of real clients, with nothing of ours around the answer.
# Four points, never excused.
"$PY" "$SRCDIR/tests/replies/real_clients.py" "$SRCDIR/tests/corpus/talon" "$work/real" > /dev/null &&
	"$EVAL" --tap=14 "$work/real" > "$work/real.out" 2> "$work/real.err"
rc=$?
sed 's/^\(\(not \)\?ok [0-9]* - \)/\1real clients: /' "$work/real.out"
sed 's/^/# /' "$work/real.err" | tail -3
if [ "$(grep -c '^\(not \)\?ok ' "$work/real.out")" -ne 4 ]; then
	echo "Bail out! eval_replies failed on the real clients' replies (status $rc)"
	exit 1
fi
