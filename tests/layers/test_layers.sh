#!/bin/sh
# The layer check, reported: "make check" has already linked
# tests/layers/libcheck_LAYER.so for every layer of lib/ with
# -Wl,--no-undefined (Makefile.am), so a wrong-way call has failed the
# build before this runs.  Here each one is shown to exist and to leave
# no cks_ symbol undefined, one TAP line a layer.
set -u
dir="${CKS_BUILDDIR:-.}/tests/layers/.libs"
layers="base store desk mailout events mailin report web"
echo "1..9"
n=0
for layer in $layers; do
	n=$((n + 1))
	so="$dir/libcheck_$layer.so"
	if [ ! -f "$so" ]; then
		echo "not ok $n - $layer: $so was not built"
		continue
	fi
	undefined=$(nm -D --undefined-only "$so" | awk '$2 ~ /^cks_/ {print $2}')
	if [ -n "$undefined" ]; then
		echo "not ok $n - $layer uses an upper layer: $undefined"
	else
		echo "ok $n - $layer links with only the layers below it"
	fi
done
# Issue 15: only lib/store talks to SQLite and libpq; the layers above it and the
# programs use the store interface (lib/store/stmt.h).  Checked on the
# objects, so a call hidden behind a macro counts too.
b="${CKS_BUILDDIR:-.}"
calls=$(for layer in desk mailout events mailin report web; do
	nm -u "$b/lib/$layer/.libs/libcks_$layer.a" 2>/dev/null
done; nm -u "$b"/src/*.o 2>/dev/null)
sqlite=$(echo "$calls" | awk '$2 ~ /^(sqlite3_|PQ)/ {print $2}' | sort -u | tr '\n' ' ')
if [ ! -f "$b/lib/desk/.libs/libcks_desk.a" ]; then
	echo "not ok 9 - $b/lib/desk/.libs/libcks_desk.a was not built"
elif [ -n "$sqlite" ]; then
	echo "not ok 9 - SQLite or libpq called outside lib/store: $sqlite"
else
	echo "ok 9 - only lib/store calls SQLite and libpq; the rest uses stmt.h"
fi
