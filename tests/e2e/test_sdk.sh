# End-to-end: the plugin SDK from an integrator's side.  Channel plugins are
# built out of tree against the installed (staged) <cksgate/plugin.h>, found
# through pkg-config, and dropped into a plugin directory next to the three
# shipped ones; the loader must keep every good plugin and refuse each bad
# one with a reason that names the file.  A directory of the user's own
# adds to the shipped channels, and a running daemon picks up a plugin
# dropped there on SIGHUP.
. "$CKS_SRCDIR/tests/e2e/lib.sh"
. "$CKS_SRCDIR/tests/e2e/daemon.sh"

plan 52

# Under --enable-sanitizers, ASan would catch the deliberate crash in the
# loader's probe child and exit 1 instead of dying of SIGSEGV; let the
# signal through so the loader sees what a production build sees.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0"
export ASAN_OPTIONS

FIXTURES="$CKS_SRCDIR/tests/plugins"
STRICT="-std=c99 -pedantic -Wall -Wextra -Werror"
HAVE_CXX=no
if command -v g++ > /dev/null 2>&1; then HAVE_CXX=yes; fi

# use_plugin_dir DIR: points $CONF (used by cks) at DIR.
use_plugin_dir() {
	cat > "$CONF" <<EOF
$CKS_DB_LINE
# written by $TEST_NAME
state_dir = $SCRATCH/state
plugin_dir = $1
template_dir = $CKS_TEMPLATEDIR
EOF
}

# build NAME DIR [COMPILER-AND-FLAGS...]: compiles the fixture NAME (the
# one source tests/plugins/fixture.c with -DFIXTURE_<NAME>) into
# DIR/NAME.so against the staged SDK, the way the header says to.
build() {
	name=$1 dir=$2
	shift 2
	if [ $# -eq 0 ]; then set -- $CC $STRICT; fi
	"$@" -shared -fPIC $SDK_CFLAGS "-DFIXTURE_$(echo "$name" | tr a-z A-Z)" \
		"$FIXTURES/fixture.c" -o "$dir/$name.so" >> "$SCRATCH/err" 2>&1 &&
		chmod 644 "$dir/$name.so"
}

# reason FILE: the reason the last channels --json gave for refusing FILE.
reason() {
	json "' | '.join(r['reason'] for r in d['refused'] if r['file'] == '$1')"
}

# expect_refused NAME PATTERN DESCRIPTION: $MIXED/NAME was refused for a
# reason matching PATTERN (grep -E).
expect_refused() {
	got=$(reason "$MIXED/$1")
	printf '%s\n' "$got" | grep -Eq -- "$2"
	rc=$?
	ok $rc "$3"
	if [ "$rc" -ne 0 ]; then echo "#   reason for $1: ${got:-(not refused)}"; fi
}

# --- pkg-config -------------------------------------------------------------

: > "$SCRATCH/err"
# pc ARGS...: pkg-config over the staged tree.
pc() {
	PKG_CONFIG_PATH="$CKS_PKGCONFIGDIR" PKG_CONFIG_SYSROOT_DIR="$CKS_STAGE" \
		pkg-config "$@"
}
SDK_CFLAGS=$(pc --cflags cksgate-plugin-1 2>> "$SCRATCH/err")
rc=$?
found=no
for flag in $SDK_CFLAGS; do
	case $flag in
	-I"$CKS_STAGE"/*) [ -f "${flag#-I}/cksgate/plugin.h" ] && found=yes ;;
	esac
done
[ "$rc" -eq 0 ] && [ "$found" = yes ]
ok $? "pkg-config --cflags cksgate-plugin-1 points into the staged tree at <cksgate/plugin.h> ($SDK_CFLAGS)"

[ "$(pc --modversion cksgate-plugin-1)" = 1.1 ] && pc --atleast-version 1.0 cksgate-plugin-1 &&
	! pc --atleast-version 2.0 cksgate-plugin-1
ok $? "cksgate-plugin-1.pc has Version 1.1, the plugin ABI ($(pc --modversion cksgate-plugin-1))"

[ "$(pc --cflags cksgate-plugin)" = "$SDK_CFLAGS" ]
ok $? "the old name cksgate-plugin still gives the same flags"

PLUGINDIR_VAR=$(PKG_CONFIG_PATH="$CKS_PKGCONFIGDIR" pkg-config --variable=plugindir cksgate-plugin-1)
[ "$PLUGINDIR_VAR" = "${CKS_PLUGINDIR#"$CKS_STAGE"}" ] &&
	case $PLUGINDIR_VAR in */cksgate/plugins) true ;; *) false ;; esac &&
	[ "$(PKG_CONFIG_PATH="$CKS_PKGCONFIGDIR" pkg-config --variable=plugindir cksgate-plugin)" = "$PLUGINDIR_VAR" ]
ok $? "pkg-config --variable=plugindir is where the plugins are installed ($PLUGINDIR_VAR)"

# --- the header on its own --------------------------------------------------

printf '#include <cksgate/plugin.h>\nconst char *entry_name = CKS_PLUGIN_ENTRY_NAME;\nconst char *stamp_name = CKS_PLUGIN_ABI_NAME;\nunsigned long stamp = CKS_PLUGIN_ABI_STAMP;\n' \
	> "$SCRATCH/header_only.c"
: > "$SCRATCH/err"
$CC $STRICT $SDK_CFLAGS -c "$SCRATCH/header_only.c" -o "$SCRATCH/header_only.o" \
	> "$SCRATCH/err" 2>&1
ok $? "the installed header compiles cleanly with $STRICT"

if [ "$HAVE_CXX" = yes ]; then
	g++ -Wall -Wextra -Werror -pedantic $SDK_CFLAGS -x c++ -c "$SCRATCH/header_only.c" \
		-o "$SCRATCH/header_only_cxx.o" > "$SCRATCH/err" 2>&1
	ok $? "the installed header compiles cleanly as C++ (g++ -Wall -Wextra -Werror -pedantic)"
else
	ok 0 "the installed header compiles cleanly as C++ # SKIP no g++"
fi

# --- building the fixtures ----------------------------------------------------

MIXED="$SCRATCH/plugins"
mkdir -p "$MIXED"
cp "$CKS_PLUGINDIR"/*.so "$MIXED"/
chmod 644 "$MIXED"/*.so
BAD="abi_major_2 no_entry zz_duplicate_counter no_steps empty_scale no_satisfied
	min_over_max duplicate_codes crash_in_entry size_too_small null_entry no_stamp"
: > "$SCRATCH/err"
failed=""
for name in good_river $BAD; do
	build "$name" "$MIXED" || failed="$failed $name"
done
[ -z "$failed" ]
ok $? "every fixture plugin builds out of tree with $STRICT${failed:+ (failed:$failed)}"

# Not plugins at all, or not files: refused.  Ignored by name: not *.so.
printf 'This is a text file that happens to be called not_elf.so.\nIt has no ELF header at all, only these words.\n' \
	> "$MIXED/not_elf.so"
mkdir "$MIXED/directory.so"
printf 'junk\n' > "$MIXED/.hidden.so"
printf 'junk\n' > "$MIXED/README"
cp "$MIXED/good_river.so" "$MIXED/river.so.bak"
chmod 644 "$MIXED/not_elf.so" "$MIXED/.hidden.so" "$MIXED/README" "$MIXED/river.so.bak"

# --- cksctl over the mixed directory ---------------------------------------------

use_plugin_dir "$MIXED"
cks channels --json
[ "$RC" -eq 0 ]
ok $? "cksctl channels --json exits 0 although plugins were refused (exit $RC)"
# Kept for the cksctl stderr check below.
cp "$SCRATCH/err" "$SCRATCH/channels.err"

[ "$(json "','.join(c['id'] for c in d['channels'])")" = "chat,counter,river,hotline1169" ]
ok $? "the loaded channels are exactly chat, counter, river, hotline1169, in file-name order"

expect_refused abi_major_2.so 'ABI 2\.0.*ABI 1\.1: abi_major_2\.so was refused before any of its code ran' \
	"a stamp of ABI 2.0 is refused as built for another plugin ABI, naming the file"
expect_refused no_stamp.so 'no ABI stamp cks_plugin_abi' \
	"an object without the cks_plugin_abi stamp is refused"
expect_refused no_entry.so 'no entry point cks_channel_plugin\(\)' \
	"an object without cks_channel_plugin() is refused: no entry point"
expect_refused zz_duplicate_counter.so "duplicate channel id 'counter' \(already loaded from $MIXED/counter\.so\)" \
	"a second channel 'counter' is refused as a duplicate id, naming the file that has it"
expect_refused no_steps.so 'no steps' \
	"a channel with no steps is refused"
expect_refused empty_scale.so 'rating scale is empty' \
	"a channel with an empty rating scale is refused"
expect_refused no_satisfied.so 'no rating option counts as satisfied' \
	"a scale with no satisfied option is refused"
expect_refused min_over_max.so "step 'backwards'.*min 120 s > max 60 s" \
	"a step whose standard min exceeds its max is refused, naming the step"
expect_refused duplicate_codes.so 'duplicate rating code 7' \
	"two rating options with code 7 are refused"
expect_refused crash_in_entry.so 'crashed while loading \(signal 11' \
	"an entry point that segfaults is refused as crashed"
expect_refused not_elf.so "^cannot load: $MIXED/not_elf\.so: " \
	"a text file named not_elf.so is refused: cannot load"
expect_refused size_too_small.so 'descriptor size 16 is smaller than ABI 1\.0' \
	"a descriptor whose size is below ABI 1.0's is refused"
expect_refused null_entry.so 'entry point returned NULL' \
	"an entry point that returns NULL is refused"
expect_refused directory.so 'not a regular file' \
	"a directory named directory.so is refused: not a regular file"

want="abi_major_2.so crash_in_entry.so directory.so duplicate_codes.so empty_scale.so min_over_max.so no_entry.so no_satisfied.so no_stamp.so no_steps.so not_elf.so null_entry.so size_too_small.so zz_duplicate_counter.so"
got=$(json "' '.join(sorted(r['file'][len('$MIXED/'):] for r in d['refused']))")
[ "$got" = "$want" ]
ok $? "exactly the 14 bad files are refused; dot files and names not ending in .so are ignored"

missing=""
for file in $want; do
	[ "$(grep -cF "cksctl: warning: plugin $MIXED/$file refused: " "$SCRATCH/channels.err")" -eq 1 ] ||
		missing="$missing $file"
done
[ -z "$missing" ] && [ "$(wc -l < "$SCRATCH/channels.err")" -eq 14 ]
ok $? "stderr has one 'warning: plugin FILE refused' line per refused file and nothing else${missing:+ (missing:$missing)}"

cks channels
printf '%s\n' "$(grep '^river ' "$SCRATCH/out")" |
	grep -Eq '^river +River pier +ท่าเรือแม่น้ำ +2 +2 +70 %$'
ok $? "the channels table lists river with its names, 2 steps, 2 options and 70 %"

# --- the custom channel as cksctl shows it -------------------------------------

cks channel show river --json
[ "$RC" -eq 0 ] &&
	[ "$(json "(d['id'], d['name']['th'], d['name']['en'], d['target_percent'])")" = \
	  "('river', 'ท่าเรือแม่น้ำ', 'River pier', 70)" ]
ok $? "channel show river --json gives its id, Thai and English names and target"

[ "$(json "[(s['number'], s['id'], s['actor'], s['standard'], s['timed']) for s in d['steps']]")" = \
  "[(1, 'launch_boat', 'agent', {'min_seconds': 60, 'max_seconds': 90}, True), (2, 'client_rows', 'client', None, False)]" ]
ok $? "river's two steps come back with actors, standards and timing as declared"

[ "$(json "[(s['text']['th'], s['text']['en']) for s in d['steps']]")" = \
  "[('ปล่อยเรือลงแม่น้ำ', 'Launch the boat'), ('ผู้ขอรับบริการพายเรือ', 'The client rows')]" ]
ok $? "river's step texts come back in Thai and English, byte for byte"

[ "$(json "[(o['code'], o['label']['th'], o['label']['en'], o['satisfied']) for o in d['scale']]")" = \
  "[(7, 'น้ำนิ่ง', 'Calm water', True), (0, 'น้ำเชี่ยว', 'Rapids', False)]" ]
ok $? "river's scale keeps its order (7, 0), labels, and exactly one satisfied option"

[ "$(json "[(o['words']['th'], o['words']['en']) for o in d['scale']]")" = \
  "[(['สงบ'], ['calm', 'smooth']), ([], [])]" ]
ok $? "river's extra rating words come back, and NULL word lists as empty lists"

# --- C++ linkage of the entry point ------------------------------------------------

if [ "$HAVE_CXX" = yes ]; then
	CXXDIR="$SCRATCH/cxx"
	mkdir -p "$CXXDIR"
	: > "$SCRATCH/err"
	build null_entry "$CXXDIR" g++ -x c++ -Wall -Wextra -Werror -pedantic
	use_plugin_dir "$CXXDIR"
	cks channels --json
	# Found but NULL: had the header not given it C linkage, the symbol
	# would be mangled and the reason would be "no entry point".
	[ "$RC" -eq 0 ] && reason "$CXXDIR/null_entry.so" | grep -q 'entry point returned NULL'
	ok $? "a plugin compiled as C++ exports cks_plugin_abi and cks_channel_plugin with C linkage"
else
	ok 0 "a plugin compiled as C++ exports cks_channel_plugin with C linkage # SKIP no g++"
fi

# --- ABI minor versions --------------------------------------------------------------

COMPAT="$SCRATCH/compat"
mkdir -p "$COMPAT"
: > "$SCRATCH/err"
build abi_minor_newer "$COMPAT"
use_plugin_dir "$COMPAT"
cks channels --json
[ "$RC" -eq 0 ] && [ "$(json "[c['id'] for c in d['channels']]")" = "['newer']" ] &&
	[ "$(json "len(d['refused'])")" -eq 0 ] && [ ! -s "$SCRATCH/err" ]
ok $? "a plugin built for ABI 1.3 with a larger descriptor, steps and options still loads"

cks channel show newer --json
[ "$(json "[(s['id'], s['standard']) for s in d['steps']]")" = \
  "[('launch_boat', {'min_seconds': 60, 'max_seconds': 90}), ('client_rows', None)]" ] &&
	[ "$(json "[(o['code'], o['words']['en']) for o in d['scale']]")" = "[(7, ['calm', 'smooth']), (0, [])]" ]
ok $? "its grown steps and options are read by its own element sizes"

# --- file permissions ------------------------------------------------------------------

PERM="$SCRATCH/perm"
mkdir -p "$PERM"
cp "$MIXED/good_river.so" "$PERM/river.so"
use_plugin_dir "$PERM"

chmod 666 "$PERM/river.so"
cks channels --json
[ "$RC" -eq 0 ] && [ "$(json "len(d['channels'])")" -eq 0 ] &&
	reason "$PERM/river.so" | grep -q 'writable by group or others (mode 666): refusing to load' &&
	grep -qF "cksctl: warning: plugin $PERM/river.so refused: writable by group or others" "$SCRATCH/err"
ok $? "a world-writable plugin (mode 666) is refused and the warning says why"

chmod 664 "$PERM/river.so"
cks channels --json
[ "$(json "len(d['channels'])")" -eq 0 ] &&
	reason "$PERM/river.so" | grep -q 'writable by group or others (mode 664)'
ok $? "a group-writable plugin (mode 664) is refused too"

chmod 644 "$PERM/river.so"
cks channels --json
[ "$RC" -eq 0 ] && [ "$(json "[c['id'] for c in d['channels']]")" = "['river']" ] &&
	[ "$(json "len(d['refused'])")" -eq 0 ]
ok $? "the same file with mode 644 loads"

if [ "$(id -u)" -eq 0 ]; then
	chown 54321 "$PERM/river.so"
	cks channels --json
	[ "$(json "len(d['channels'])")" -eq 0 ] &&
		reason "$PERM/river.so" | grep -q 'owned by uid 54321, neither root nor this user'
	ok $? "a plugin owned by another user is refused"
	chown 0 "$PERM/river.so"
else
	ok 0 "a plugin owned by another user is refused # SKIP needs root to chown"
fi

# --- the plugin directory itself ---------------------------------------------------------

use_plugin_dir "$SCRATCH/no/such/dir"
expect_error 1 "cannot read plugin directory $SCRATCH/no/such/dir" \
	"a missing plugin directory fails with one line naming it" channels

EMPTY="$SCRATCH/empty"
mkdir -p "$EMPTY"
use_plugin_dir "$EMPTY"
cks channels --json
[ "$RC" -eq 0 ] && [ "$(json "(len(d['channels']), len(d['refused']))")" = "(0, 0)" ]
ok $? "an empty plugin directory lists no channels and no refusals"

# --- cksgated -t -------------------------------------------------------------------------

# gated ARGS...: the staged daemon; output as for cks.
gated() {
	"$CKS_SBINDIR/cksgated" "$@" > "$SCRATCH/out" 2> "$SCRATCH/err"
	RC=$?
}

use_plugin_dir "$MIXED"
gated -c "$CONF" -t
[ "$RC" -ne 0 ]
ok $? "cksgated -t exits non-zero when plugins are refused (exit $RC)"

missing=""
for file in $want; do
	grep -qF "cksgated: plugin $MIXED/$file refused: " "$SCRATCH/err" || missing="$missing $file"
done
[ -z "$missing" ] && [ "$(wc -l < "$SCRATCH/err")" -eq 14 ]
ok $? "cksgated -t names every refused plugin on stderr, one line each${missing:+ (missing:$missing)}"

grep -qF "plugin $MIXED/crash_in_entry.so refused: crashed while loading" "$SCRATCH/err" &&
	grep -qF "plugin $MIXED/abi_major_2.so refused: built for plugin ABI 2.0" "$SCRATCH/err"
ok $? "cksgated -t gives the reasons along with the names"

[ "$(grep -c '^channel .*: loaded from ' "$SCRATCH/out")" -eq 4 ] &&
	grep -qxF "channel river: loaded from $MIXED/good_river.so" "$SCRATCH/out"
ok $? "cksgated -t still reports the four good channels as loaded"

GOOD="$SCRATCH/good"
mkdir -p "$GOOD"
cp "$CKS_PLUGINDIR"/*.so "$MIXED/good_river.so" "$GOOD"/
chmod 644 "$GOOD"/*.so
use_plugin_dir "$GOOD"
gated -c "$CONF" -t
[ "$RC" -eq 0 ] && [ ! -s "$SCRATCH/err" ] &&
	grep -qxF "channel river: loaded from $GOOD/good_river.so" "$SCRATCH/out" &&
	[ "$(grep -c '^channel .*: loaded from ' "$SCRATCH/out")" -eq 4 ]
ok $? "cksgated -t with only good plugins exits 0, silent on stderr, river loaded (exit $RC)"

grep -qxF "config $CONF: ok" "$SCRATCH/out" &&
	grep "^store " "$SCRATCH/out" | grep -qF "store ${CKS_DB_URI:-$SCRATCH/state/cksgate.db}: schema version " &&
	grep -Eq "^store .*: schema version [0-9]+$" "$SCRATCH/out"
ok $? "cksgated -t reports the config file and the store it checked"

use_plugin_dir "$EMPTY"
gated -c "$CONF" -t
[ "$RC" -eq 1 ] && grep -qxF "config $CONF: ok" "$SCRATCH/out" &&
	[ "$(grep -c '^channel ' "$SCRATCH/out")" -eq 0 ]
ok $? "cksgated -t fails (exit 1) after its report when there is no channel plugin at all (exit $RC)"

# --- a plugin directory of the user's own ------------------------------------------

USER_DIR="$SCRATCH/user"
mkdir -p "$USER_DIR"
cat > "$CONF" <<CONF
$CKS_DB_LINE
# written by $TEST_NAME
state_dir = $SCRATCH/state
plugin_dir = $CKS_PLUGINDIR
extra_plugin_dir = $USER_DIR
template_dir = $CKS_TEMPLATEDIR
CONF
: > "$SCRATCH/err"
build good_river "$USER_DIR" && build zz_duplicate_counter "$USER_DIR"
cks channels --json
[ "$RC" -eq 0 ] && [ "$(json "','.join(c['id'] for c in d['channels'])")" = "chat,counter,hotline1169,river" ]
ok $? "extra_plugin_dir adds river to the three shipped channels instead of hiding them"

[ "$(reason "$USER_DIR/zz_duplicate_counter.so")" = \
  "duplicate channel id 'counter' (already loaded from $CKS_PLUGINDIR/counter.so)" ] &&
	cks channel show counter --json && [ "$(json "d['name']['en']")" = "Counter (walk-in advisory)" ]
ok $? "a user plugin with a shipped channel's id is refused, naming the shipped file; the shipped counter stays"

rm "$USER_DIR/zz_duplicate_counter.so"
mv "$USER_DIR/good_river.so" "$SCRATCH/good_river.so"

# A running daemon: a plugin dropped into the user directory is picked up
# on SIGHUP.
daemon_config
daemon_start
ok $? "the daemon starts with the shipped channels and an empty user directory"
api GET /v1/channels
[ "$STATUS" = 200 ] && [ "$(json "','.join(c['id'] for c in d['channels'])")" = "chat,counter,hotline1169" ]
ok $? "GET /v1/channels lists the three shipped channels"

mv "$SCRATCH/good_river.so" "$USER_DIR/good_river.so"
kill -HUP "$DAEMON_PID"
got=""
i=0
while [ $i -lt 100 ]; do
	api GET /v1/channels
	got=$(json "','.join(c['id'] for c in d['channels'])" 2>/dev/null)
	[ "$got" = "chat,counter,hotline1169,river" ] && break
	sleep 0.1
	i=$((i + 1))
done
[ "$got" = "chat,counter,hotline1169,river" ] &&
	grep -q "reload.done .*channels=4" "$SCRATCH/daemon.log"
ok $? "after SIGHUP the daemon serves river from the user directory too (${got:-nothing})"
daemon_stop

finish
