#!/bin/sh
# Fuzzes with libFuzzer, ASan and UBSan, each target for N seconds (default
# 30): tests/fuzz/run.sh [seconds].  The targets: fuzz_mailparse (lib/
# mailin: mailparse, reply and answer; seeds in tests/fuzz/seeds), fuzz_api (the
# HTTP/JSON API's dispatch and handlers against a scratch store; seeds in
# tests/fuzz/seeds_api) and fuzz_answer (the word breaker and the answer
# model alone; seeds in tests/fuzz/seeds_answer).  Builds in a scratch directory (or $CKS_FUZZ_DIR,
# which is kept), never in the source tree; new inputs go to the scratch
# corpora.  Exits non-zero on a crash, leak, timeout or any sanitizer
# report, leaving the failing input (TARGET-crash-...) and the logs in the
# scratch directory.  Needs clang and libclang-rt-14-dev.
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
mkdir -p "$work/corpus" "$work/corpus_api" "$work/corpus_answer" || exit 2

# The library sources include autoconfig.h first; webhook.c takes the
# package's name and version from it.
if [ -n "${CKS_BUILDDIR:-}" ] && [ -f "$CKS_BUILDDIR/autoconfig.h" ]; then
	cp "$CKS_BUILDDIR/autoconfig.h" "$work/autoconfig.h"
else
	printf '#define PACKAGE_NAME "cksgate"\n#define PACKAGE_VERSION "fuzz"\n' \
		> "$work/autoconfig.h"
fi

# Every layer's headers, as the front ends see them (Makefile.am).
inc="-I$top/include"
for layer in base store desk mailout events mailin report web; do
	inc="$inc -I$top/lib/$layer"
done
b="$top/lib/base"
m="$top/lib/mailin"

sanitize="-g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -fno-omit-frame-pointer"

# libetpan's .pc adds a no-PIE specs file to its libs: link plain -letpan.
echo "building $work/fuzz_mailparse"
"$cc" $sanitize -I"$work" $inc \
	$(pkg-config --cflags jansson libetpan libxml-2.0) \
	"$here/fuzz_mailparse.c" "$m/mailparse.c" "$m/parsed_mail.c" \
	"$m/charset.c" "$m/mailguard.c" \
	"$m/html_text.c" "$m/html_meta.c" "$b/utf8.c" "$b/error.c" \
	"$m/reply.c" "$m/answer.c" "$m/answer_words.c" "$m/answer_reader.c" "$m/answer_numbers.c" "$m/answer_context.c" "$m/answer_modality.c" "$m/answer_stars.c" "$m/answer_labels.c" "$b/token.c" \
	"$b/random.c" "$b/buffer.c" "$b/wordbreak.c" "$m/signature.c" \
	"$m/plaintext.c" \
	$(pkg-config --libs jansson libxml-2.0 libthai) -letpan -lunistring -lpthread \
	-o "$work/fuzz_mailparse" || exit 2

# The reply reader's word breaker and answer model on their own.
echo "building $work/fuzz_answer"
"$cc" $sanitize -I"$work" $inc \
	"$here/fuzz_answer.c" "$m/answer.c" "$m/answer_words.c" "$m/answer_reader.c" "$m/answer_numbers.c" "$m/answer_context.c" "$m/answer_modality.c" "$m/answer_stars.c" "$m/answer_labels.c" "$m/subject_answer.c" "$b/wordbreak.c" \
	"$m/signature.c" "$b/token.c" "$b/random.c" "$b/utf8.c" \
	"$b/error.c" \
	$(pkg-config --libs libthai) -lunistring -lpthread \
	-o "$work/fuzz_answer" || exit 2

# The API needs nearly all of lib/ (not the HTTP server, lib/web/httpd.c
# and its connection guard lib/web/http_guard.c, which need libmicrohttpd),
# and channel plugins: each is compiled in with its entry point renamed,
# since every plugin exports cks_channel_plugin() and its ABI stamp.
echo "building $work/fuzz_api"
api_deps="jansson libxml-2.0 sqlite3 libesmtp-1.0 openssl gnutls libcurl libthai libpq"
for plugin in chat counter hotline1169; do
	"$cc" -g -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
		-I"$top/include" -Dcks_channel_plugin=cks_fuzz_plugin_$plugin -Dcks_plugin_abi=cks_fuzz_abi_$plugin \
		-c "$top/plugins/$plugin.c" -o "$work/plugin_$plugin.o" || exit 2
done
"$cc" $sanitize -I"$work" $inc -DCKS_FUZZ_TOP_DIR="\"$top\"" \
	$(pkg-config --cflags $api_deps libetpan) \
	"$here/fuzz_api.c" $(ls "$top"/lib/*/*.c | grep -v -e '/httpd\.c$' -e '/http_guard\.c$') \
	"$work"/plugin_chat.o "$work"/plugin_counter.o \
	"$work"/plugin_hotline1169.o \
	$(pkg-config --libs $api_deps) -letpan -lcsv -lcrypt -lunistring -ldl -lpthread \
	-o "$work/fuzz_api" || exit 2

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
"; format=flowed"
"; delsp=yes"
"multipart/digest"
"multipart/signed"
"multipart/encrypted"
"application/pkcs7-mime"
"application/x-pkcs7-mime"
"; smime-type=signed-data"
"-----BEGIN PGP SIGNED MESSAGE-----\x0aHash: SHA256\x0a\x0a"
"-----BEGIN PGP SIGNATURE-----"
"-----END PGP SIGNATURE-----"
"-----BEGIN PGP MESSAGE-----"
"\x0d\x0d\x0a"
"\x0a\x09"
"\x0a| "
" wrote:\x0a"
"koi8-r"
"gb2312"
"=?UTF-8?Q?=E0"
"?= =?UTF-8?B?"
"boundary=\"\\\"\""
"Content-Transfer-Encoding: base64\x0d\x0aContent-Transfer-Encoding: 7bit"
"&nbsp;"
DICT

# Route words and JSON field names: the fuzzer cannot guess them from
# comparisons jansson and SQLite make uninstrumented.
cat > "$work/api.dict" <<'DICT'
"/v1/"
"/v1/clients"
"/v1/sessions"
"/v1/sessions/1"
"/v1/sessions/2"
"/steps"
"/close"
"/rating"
"/basket"
"/basket/items"
"/basket/items/1"
"/basket/preview"
"/basket/confirm"
"/basket/send"
"/survey"
"/summary"
"/v1/queue"
"/v1/queue/1"
"/retry"
"/cancel"
"/v1/sms"
"/v1/quarantine"
"/v1/inbound/1"
"/raw"
"/replay"
"/resolve"
"/v1/reports/kpi"
"/v1/reports/steps"
"/v1/channels"
"/v1/channels/counter"
"/v1/whoami"
"/dashboard"
"/metrics"
"/healthz"
"/r/cks0seed0000a/"
"/d/1/4102444800/"
"?"
"&"
"="
"%E0%B8"
"lang=en"
"lang=th"
"part=raw"
"part=html"
"part=text"
"format=csv"
"fiscal_year=2569"
"from=2568-10-01"
"to=2569-10-01"
"by=agent"
"by=quarter"
"by=month"
"state=queued"
"limit=1000"
"open=1"
"q="
"channel=hotline1169"
"client=1"
"{"
"}"
"\":"
"\""
"null"
"true"
"false"
"\\u0000"
"\\ud800"
"name"
"company"
"email"
"phone"
"lang"
"level"
"channel"
"client_id"
"at"
"step"
"event"
"start"
"done"
"summary"
"code"
"medium"
"comment"
"counter"
"chat"
"ivr"
"hotline1169"
"from"
"text"
"session_id"
"title_th"
"title_en"
"url"
"attachment"
"filename"
"content_type"
"data_base64"
"revision"
"unconfirmed"
"reason"
"agent"
"2569-11-28 10:05"
"2026-11-28 10:05"
"9223372036854775807"
"-1"
"1e400"
"application/pdf"
DICT

# Cue words and marks of the answer model, Thai (UTF-8 bytes, as libFuzzer
# dictionaries take only ASCII) and English.
cat > "$work/answer.dict" <<'DICT'
"\xe0\xb9\x83\xe0\xb8\xab\xe0\xb9\x89"
"\xe0\xb8\x84\xe0\xb8\xb0\xe0\xb9\x81\xe0\xb8\x99\xe0\xb8\x99"
"\xe0\xb8\x81\xe0\xb8\x94"
"\xe0\xb8\x82\xe0\xb9\x89\xe0\xb8\xad"
"\xe0\xb8\x95\xe0\xb8\xad\xe0\xb8\x9a"
"\xe0\xb9\x84\xe0\xb8\xa1\xe0\xb9\x88"
"\xe0\xb8\x84\xe0\xb8\xa3\xe0\xb8\xb1\xe0\xb8\x9a"
"\xe0\xb8\x84\xe0\xb9\x88\xe0\xb8\xb0"
"\xe0\xb8\x9e\xe0\xb8\xb6\xe0\xb8\x87\xe0\xb8\x9e\xe0\xb8\xad\xe0\xb9\x83\xe0\xb8\x88"
"\xe0\xb8\x9b\xe0\xb8\xa3\xe0\xb8\xb0\xe0\xb8\x97\xe0\xb8\xb1\xe0\xb8\x9a\xe0\xb9\x83\xe0\xb8\x88"
"\xe0\xb8\xa1\xe0\xb8\xb2\xe0\xb8\x81\xe0\xb8\x97\xe0\xb8\xb5\xe0\xb9\x88\xe0\xb8\xaa\xe0\xb8\xb8\xe0\xb8\x94"
"\xe0\xb8\x94\xe0\xb8\xb5\xe0\xb8\xa1\xe0\xb8\xb2\xe0\xb8\x81"
"\xe0\xb8\xaa\xe0\xb8\xa7\xe0\xb8\xb1\xe0\xb8\xaa\xe0\xb8\x94\xe0\xb8\xb5\xe0\xb8\x84\xe0\xb8\xa3\xe0\xb8\xb1\xe0\xb8\x9a"
"\xe0\xb8\x82\xe0\xb8\xad\xe0\xb8\x9a\xe0\xb8\x84\xe0\xb8\xb8\xe0\xb8\x93\xe0\xb8\x84\xe0\xb8\xa3\xe0\xb8\xb1\xe0\xb8\x9a"
"rate"
"give"
"stars"
"out of"
"not very"
"satisfied"
"Best regards"
"Tel. 02-507-7999"
"-- "
"\x0a"
"/5"
"\xe0\xb9\x92"
"\xef\xbc\x92"
"2\xef\xb8\x8f\xe2\x83\xa3"
DICT

# Runs one target: name, seed directory, dictionary, max_len.
failed=0
fuzz() {
	name=$1 seeds=$2 dict=$3 max_len=$4
	corpus=$work/corpus
	[ "$name" = api ] && corpus=$work/corpus_api
	[ "$name" = answer ] && corpus=$work/corpus_answer
	log=$work/fuzz_$name.log
	echo "fuzzing $name for $seconds s (log: $log)"
	TMPDIR=$work \
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0} \
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
	"$work/fuzz_$name" -max_total_time="$seconds" -max_len="$max_len" \
		-timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
		-dict="$dict" -artifact_prefix="$work/$name-" \
		"$corpus" "$seeds" >"$log" 2>&1
	status=$?
	grep -E '^(#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added|stat::peak_rss_mb)' \
		"$log"
	if [ "$status" -ne 0 ] ||
	   grep -Eq 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|SUMMARY: ' \
		"$log"; then
		grep -E -B5 -A30 'ERROR:|runtime error:' "$log" | head -80
		echo "$name FAILED (exit $status); inputs: $(ls "$work" | grep -E "^$name-(crash|leak|timeout|oom)-" | tr '\n' ' ')" >&2
		failed=1
	else
		echo "$name: no crash in $seconds s"
	fi
}

fuzz mailparse "$here/seeds" "$work/mail.dict" 65536
fuzz api "$here/seeds_api" "$work/api.dict" 16384
fuzz answer "$here/seeds_answer" "$work/answer.dict" 4096
[ "$failed" -ne 0 ] && exit 1
[ "$scratch" -eq 1 ] && rm -rf "$work"
exit 0
