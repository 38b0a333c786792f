#!/bin/sh
# Fuzzes core/mailparse with libFuzzer, ASan and UBSan for N seconds
# (default 30): tests/fuzz/run.sh [seconds].  Builds in a scratch directory
# (or $CKS_FUZZ_DIR, which is kept), never in the source tree; the seeds in
# tests/fuzz/seeds are read, new inputs go to the scratch corpus.  Exits
# non-zero on a crash, leak, timeout or any sanitizer report, leaving the
# failing input and the log in the scratch directory.  Needs clang and
# libclang-rt-14-dev.
set -u

seconds=${1:-30}
case $seconds in
''|*[!0-9]*) echo "usage: $0 [seconds]" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
if [ -n "${CKS_FUZZ_DIR:-}" ]; then
	work=$CKS_FUZZ_DIR
	scratch=0
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/cksgate-fuzz.XXXXXX") || exit 2
	scratch=1
fi
cc=${CLANG:-clang}

if ! "$cc" --version >/dev/null 2>&1; then
	echo "$0: $cc not found (apt-get install clang libclang-rt-14-dev)" >&2
	exit 2
fi
mkdir -p "$work/corpus" || exit 2

# The core sources include autoconfig.h first but need nothing from it.
if [ -n "${CKS_BUILDDIR:-}" ] && [ -f "$CKS_BUILDDIR/autoconfig.h" ]; then
	cp "$CKS_BUILDDIR/autoconfig.h" "$work/autoconfig.h"
else
	: > "$work/autoconfig.h"
fi

# libetpan's .pc adds a no-PIE specs file to its libs: link plain -letpan.
echo "building $work/fuzz_mailparse"
"$cc" -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -fno-omit-frame-pointer \
	-I"$work" -I"$top/core" \
	$(pkg-config --cflags jansson libetpan libxml-2.0) \
	"$here/fuzz_mailparse.c" "$top/core/mailparse.c" \
	"$top/core/charset.c" "$top/core/mailguard.c" \
	"$top/core/html_text.c" "$top/core/utf8.c" "$top/core/error.c" \
	"$top/core/reply.c" "$top/core/answer.c" "$top/core/token.c" \
	"$top/core/buffer.c" \
	$(pkg-config --libs jansson libxml-2.0) -letpan \
	-o "$work/fuzz_mailparse" || exit 2

# libetpan and libxml2 are not instrumented, so coverage cannot lead the
# fuzzer into their grammar: a dictionary of MIME and HTML words does.
cat > "$work/mail.dict" <<'DICT'
"Content-Type: "
"Content-Transfer-Encoding: "
"Content-Disposition: attachment"
"MIME-Version: 1.0"
"multipart/mixed"
"multipart/alternative"
"multipart/report"
"multipart/related"
"message/rfc822"
"message/delivery-status"
"text/rfc822-headers"
"text/plain"
"text/html"
"; boundary="
"; boundary=\"b\""
"; charset="
"\x0d\x0a\x0d\x0a"
"\x0d\x0a--b\x0d\x0a"
"\x0d\x0a--b--\x0d\x0a"
"base64"
"quoted-printable"
"8bit"
"utf-8"
"tis-620"
"windows-874"
"iso-8859-1"
"us-ascii"
"=?utf-8?B?"
"=?tis-620?Q?"
"?="
"From: "
"To: "
"Cc: "
"Subject: "
"Message-ID: <"
"In-Reply-To: <"
"References: <"
"Delivered-To: "
"Auto-Submitted: "
"Precedence: bulk"
"Action: failed"
"Final-Recipient: rfc822; "
"<html>"
"<meta charset="
"<blockquote>"
"<div class=\"gmail_quote\">"
"<div class=\"moz-cite-prefix\">"
"<div id=\"divRplyFwdMsg\">"
"<hr>"
"<br>"
"<p class=MsoNormal>"
"<pre>"
"&nbsp;"
DICT

echo "fuzzing for $seconds s (log: $work/fuzz.log)"
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
"$work/fuzz_mailparse" -max_total_time="$seconds" -max_len=65536 \
	-timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
	-dict="$work/mail.dict" \
	-artifact_prefix="$work/" "$work/corpus" "$here/seeds" \
	>"$work/fuzz.log" 2>&1
status=$?

grep -E '^(#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added|stat::peak_rss_mb)' \
	"$work/fuzz.log"
if [ "$status" -ne 0 ] ||
   grep -Eq 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|SUMMARY: ' \
	"$work/fuzz.log"; then
	grep -E -A30 'ERROR:|runtime error:' "$work/fuzz.log" | head -60
	echo "FAILED (exit $status); inputs: $(ls "$work" | grep -E '^(crash|leak|timeout|oom)-' | tr '\n' ' ')" >&2
	exit 1
fi
echo "no crash in $seconds s"
[ "$scratch" -eq 1 ] && rm -rf "$work"
exit 0
