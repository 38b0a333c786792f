# Plugins that misbehave after the probe looked at them (issue 11, point 6):
# an entry point that calls exit(0) (it passed the probe, then emptied every
# command's output with exit 0), one that hangs (5 s added to every cksctl
# call; now paid once: the verdict is cached by file identity in the state
# directory), and a constructor thread that crashes later (the daemon died
# without a log line; now it logs the fatal signal, then dies by it).
. "$CKS_SRCDIR/tests/e2e/lib.sh"
. "$CKS_SRCDIR/tests/e2e/daemon.sh"

plan 10

# Our handler, not ASan's, must see the daemon's SIGSEGV.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0"
export ASAN_OPTIONS
FIXTURES="$CKS_SRCDIR/tests/plugins"
SDK_CFLAGS=$(PKG_CONFIG_PATH="$CKS_PKGCONFIGDIR" PKG_CONFIG_SYSROOT_DIR="$CKS_STAGE" \
	pkg-config --cflags cksgate-plugin-1)
STATE=$SCRATCH/state
# plugin_dir DIR: the config with DIR as plugin_dir (the daemon settings
# that daemon_config appends are kept after it).
plugin_dir() {
	sed -i "s|^plugin_dir = .*|plugin_dir = $1|" "$CONF"
}
# fixture NAME DIR: the staged plugins plus NAME.so (tests/plugins/fixture.c
# built with -DFIXTURE_<NAME>), in DIR.
fixture() {
	mkdir -p "$2"
	cp "$CKS_PLUGINDIR"/*.so "$2"/
	$CC -std=gnu99 -Wall -Wextra -Werror -shared -fPIC $SDK_CFLAGS \
		"-DFIXTURE_$(echo "$1" | tr a-z A-Z)" "$FIXTURES/fixture.c" \
		-o "$2/$1.so" -lpthread && chmod 644 "$2"/*.so
}
reason() { json "' | '.join(r['reason'] for r in d['refused'] if r['file'].endswith('/$1'))"; }
ms() { date +%s%3N; }

# The verdicts go into an existing state directory (cksctl channels alone
# does not create one).
mkdir -p "$STATE"

# --- exit(0) in the entry point -----------------------------------------------
fixture exit_in_entry "$SCRATCH/exit"
plugin_dir "$SCRATCH/exit"
cks --json channels
[ "$RC" -eq 0 ] && [ "$(json "','.join(c['id'] for c in d['channels'])")" = "chat,counter,hotline1169" ]
ok $? "a plugin that calls exit(0) no longer empties the output: the channels are listed"
reason exit_in_entry.so | grep -q "exited (status 0) while loading, before reporting"
ok $? "it is refused: the probe never reported that it loaded ($(reason exit_in_entry.so))"
grep -q "exit_in_entry.so" "$STATE/plugin-verdicts" 2>/dev/null
ok $? "the verdict is kept in the state directory (plugin-verdicts)"
# Another file under the same name (new inode, size, mtime): judged anew.
cks --json channels
[ "$(json 'len(d["refused"])')" = 1 ]
before=$?
mv "$SCRATCH/exit/exit_in_entry.so" "$SCRATCH/exit.old"
$CC -std=gnu99 -shared -fPIC $SDK_CFLAGS -DFIXTURE_GOOD_RIVER "$FIXTURES/fixture.c" -o "$SCRATCH/exit/exit_in_entry.so" &&
	chmod 644 "$SCRATCH/exit/exit_in_entry.so"
cks --json channels
[ "$before" -eq 0 ] && [ "$(json 'len(d["refused"]), "river" in [c["id"] for c in d["channels"]]')" = "(0, True)" ]
ok $? "a changed file under a cached name is probed again (and now loads)"

# --- a hang, paid once ----------------------------------------------------------
fixture hang_in_entry "$SCRATCH/hang"
plugin_dir "$SCRATCH/hang"
t0=$(ms); cks --json channels; t1=$(ms)
first=$((t1 - t0))
[ "$RC" -eq 0 ] && reason hang_in_entry.so | grep -q "did not finish loading"
ok $? "a hanging entry point is refused after the probe's limit (took $first ms)"
t0=$(ms); cks --json channels; t1=$(ms)
second=$((t1 - t0))
[ "$RC" -eq 0 ] && reason hang_in_entry.so | grep -q "did not finish loading" && [ "$second" -lt 2000 ]
ok $? "the next command does not wait again: the cached verdict refuses it ($second ms)"

# --- a constructor thread that crashes later: the daemon logs it ------------------
fixture crash_later "$SCRATCH/crash"
daemon_config
plugin_dir "$SCRATCH/crash"
CKS_TEST_CRASH_AFTER_MS=1500
export CKS_TEST_CRASH_AFTER_MS
daemon_start
ok $? "the daemon starts with the plugin (it passes the probe)"
pid=$DAEMON_PID
i=0
while kill -0 "$pid" 2>/dev/null && [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
wait "$pid" 2>/dev/null
status=$?
DAEMON_PID=""
[ "$status" -eq $((128 + 11)) ]
ok $? "the plugin's thread takes the daemon down with SIGSEGV (exit status $status)"
grep -q "daemon.fatal_signal signal=SIGSEGV number=11" "$SCRATCH/daemon.log"
ok $? "the daemon logged the fatal signal before dying"
grep "fatal_signal" "$SCRATCH/daemon.log" | sed 's/^/# /'
[ "$(grep -c "fatal_signal" "$SCRATCH/daemon.log")" -eq 1 ]
ok $? "exactly one line, not a loop of handlers"
finish
