#!/bin/sh
# The manual pages (issue 14): each renders through man(1) without a groff
# warning, holds no Thai (groff drops Thai vowel and tone marks, so the
# Thai examples live in doc/examples.th.md and doc/answers.md), cksctl(1)
# documents every command `cksctl --help` lists, and cksgated(8) every
# field a route of the API reads from a JSON body (lib/web/api*.c).
. "$CKS_SRCDIR/tests/e2e/lib.sh"

PAGES="cksctl.1 cksgated.8 cksgate.conf.5 cksgate-plugin.3"
plan 10

# render PAGE: the page as man prints it, wide, on stdout; warnings (man
# passes groff's on) on $SCRATCH/warnings.
render() {
	MANWIDTH=2000 MAN_KEEP_FORMATTING= man --warnings=w -E UTF-8 -l \
	    "$CKS_SRCDIR/doc/$1" 2> "$SCRATCH/warnings" | col -bx
}

for page in $PAGES; do
	render "$page" > "$SCRATCH/$page.txt"
	[ -s "$SCRATCH/$page.txt" ] && [ ! -s "$SCRATCH/warnings" ]
	ok $? "man -l $page renders without a groff warning$(sed -n '1s/^/: /p' "$SCRATCH/warnings")"
done

# Thai in the source, raw or as \[u0E..] escapes, or in what man prints.
thai=$(/usr/bin/python3 - "$CKS_SRCDIR/doc" $PAGES <<'PY'
import re, sys
found = []
for page in sys.argv[2:]:
    for n, line in enumerate(open(sys.argv[1] + '/' + page, encoding='utf-8'), 1):
        if re.search(r'[\u0e00-\u0e7f]|\\\[u0[eE][0-9a-fA-F]{2}\]|\\\(u0[eE]', line):
            found.append('%s:%d' % (page, n))
print(' '.join(found))
PY
)
[ -z "$thai" ]
ok $? "no Thai in the roff sources, raw or escaped${thai:+: $thai}"
cat $(for p in $PAGES; do echo "$SCRATCH/$p.txt"; done) |
	grep -qP '[\x{0E00}-\x{0E7F}]'
[ $? -ne 0 ]
ok $? "and none in what man prints"
[ -f "$CKS_SRCDIR/doc/examples.th.md" ] &&
	grep -q 'สมชาย ใจดี' "$CKS_SRCDIR/doc/examples.th.md" &&
	grep -q 'ให้ 2 นะ แต่พนักงานยิ้มแย้มดีมาก' "$CKS_SRCDIR/doc/answers.md"
ok $? "the Thai examples are in doc/examples.th.md and doc/answers.md, intact"

# --- cksctl(1) documents every command of cksctl --help ------------------------------
"$CKSCTL" --help > "$SCRATCH/help" 2>&1
missing=$(/usr/bin/python3 - "$SCRATCH/help" "$SCRATCH/cksctl.1.txt" <<'PY'
import re, sys
help_text = open(sys.argv[1], encoding='utf-8').read()
man = open(sys.argv[2], encoding='utf-8').read()
def documented(command):
    # an entry of its own: a line of the page that starts with it
    return re.search(r'(?m)^ +' + re.escape(command) + r'( |$)', man)
commands = []
for line in help_text.split('\n\n')[1].splitlines():
    # "  queue retry ID | queue cancel ID", "  webhook run | list ... | retry ID"
    # the command, without the description after a run of spaces
    m = re.match(r'^  ([a-z][a-z-]*)(.*)$', re.split(r'\s{3,}', line.rstrip())[0]
                 if line.startswith('  ') else line)
    if not m:
        continue
    command, rest = m.group(1), m.group(2)
    for i, part in enumerate(rest.split(' | ')):
        words = part.split()
        if i > 0 and words and words[0] == command:
            words = words[1:]
        sub = words[0] if words and re.match(r'^[a-z][a-z|]*$', words[0]) else ''
        for one in sub.split('|') if sub else ['']:
            commands.append((command + ' ' + one).strip())
commands = sorted(set(commands))
print(' '.join('"%s"' % c for c in commands if not documented(c)), end='')
print('\n%d' % len(commands))
PY
)
count=$(echo "$missing" | tail -1)
missing=$(echo "$missing" | head -1)
[ "$count" -ge 40 ] && [ -z "$missing" ]
ok $? "cksctl(1) names each of the $count commands of cksctl --help${missing:+; missing: $missing}"
[ "$(grep -c '^  [a-z]' "$SCRATCH/help")" -ge 30 ]
ok $? "cksctl --help lists the commands (the test reads them from it)"

# --- cksgated(8) documents every field of every JSON request body -------------------
fields=$(/usr/bin/python3 - "$CKS_SRCDIR/lib/web" "$SCRATCH/cksgated.8.txt" <<'PY'
import glob, re, sys
man = open(sys.argv[2], encoding='utf-8').read()
found = set()
for path in sorted(glob.glob(sys.argv[1] + '/api*.c')):
    src = open(path, encoding='utf-8').read()
    # The fields a handler reads from the body: json_object_get(body, "x"),
    # the member lists it checks unknown fields against, and the json_unpack
    # formats of a body.
    for m in re.finditer(r'json_object_get\(\s*(?:body|req|request|in|json|root|item|attachment)\s*,\s*"([a-z_]+)"', src):
        found.add(m.group(1))
    for m in re.finditer(r'(?:allowed|members|fields|known)\w*\[\]\s*=\s*\{([^}]*)\}', src):
        found.update(re.findall(r'"([a-z_]+)"', m.group(1)))
missing = sorted(f for f in found if not re.search(r'(?<![a-z_])' + f + r'(?![a-z_])', man))
print(len(found), ' '.join(missing))
PY
)
count=${fields%% *}
missing=${fields#* }
[ "$count" -ge 10 ] && [ -z "$missing" ]
ok $? "cksgated(8) documents each of the $count request body fields the API reads${missing:+; missing: $missing}"
