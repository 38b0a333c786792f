# Files an agent attaches with `basket add --file` (issue 11, point 8): a
# symbolic link is not followed, a FIFO does not hang, only regular files
# are taken, nothing under the state directory, and no name that holds a
# bidirectional control character, a path separator or "..".  Each refusal
# names the file and the reason.
. "$CKS_SRCDIR/tests/e2e/lib.sh"

plan 14

F=$SCRATCH/files
mkdir -p "$F"
cks --json client add --name "Somchai" --email somchai@example.invalid
CLIENT=$(json 'd["id"]')
cks --json session open --channel hotline1169 --client "$CLIENT" --agent Anan
S=$(json 'd["id"]')
printf '%%PDF-1.4 sample\n' > "$F/report.pdf"
# add FILE: basket add with a time limit, so a hang fails instead of waiting.
add() {
	timeout 10 "$CKSCTL" -c "$CONF" basket add "$S" --title x --file "$1" \
		> "$SCRATCH/out" 2> "$SCRATCH/err"
	RC=$?
}
# refused FILE PATTERN DESCRIPTION: exit 1, one line naming FILE and matching PATTERN.
refused() {
	add "$1"
	[ "$RC" -eq 1 ] && [ "$(wc -l < "$SCRATCH/err")" -eq 1 ] &&
		grep -Fq -- "$1" "$SCRATCH/err" && grep -Eq -- "$2" "$SCRATCH/err"
	ok $? "$3 (exit $RC)"
}

add "$F/report.pdf"
ok "$RC" "a regular file is attached"

ln -s "$F/report.pdf" "$F/link.pdf"
refused "$F/link.pdf" "symbolic link" "a symbolic link is refused, not followed"
ln -s /etc/passwd "$F/passwd.pdf"
refused "$F/passwd.pdf" "symbolic link" "a symbolic link to a system file is refused"
mkfifo "$F/pipe.pdf"
refused "$F/pipe.pdf" "a FIFO, only regular files" "a FIFO is refused at once (no hang)"
mkdir "$F/dir.pdf"
refused "$F/dir.pdf" "a directory" "a directory is refused"
# On PostgreSQL the store has no file; any file of the state directory
# (the spool's, the plugin cache's) is refused the same way.
[ -z "$CKS_DB_URI" ] || printf 'state\n' > "$SCRATCH/state/cksgate.db"
refused "$SCRATCH/state/cksgate.db" "in the state directory" "the store itself is refused"
ln -s "$SCRATCH/state" "$F/statelink"
refused "$F/statelink/cksgate.db" "in the state directory" \
	"a file reached through a link to the state directory is refused"
ln "$SCRATCH/state/cksgate.db" "$F/copy.pdf"
refused "$F/copy.pdf" "in the state directory" "a hard link to the store elsewhere is refused"

# bidi NAME CHAR DESCRIPTION: a copy of the PDF under a name holding CHAR.
for cp in 202E 2066 200F 202A; do
	name="invoice$(printf "\\u$cp")fdp.exe"
	cp "$F/report.pdf" "$F/$name"
	refused "$F/$name" "bidirectional control character \\(U\\+$cp\\)" \
		"a name holding U+$cp is refused"
done
cp "$F/report.pdf" "$F/a..pdf"
refused "$F/a..pdf" 'holds ".."' 'a name holding ".." is refused'
cks --json basket list "$S"
[ "$(json 'len(d["items"])')" = 1 ]
ok $? "only the regular file went into the basket"
finish
