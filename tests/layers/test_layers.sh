#!/bin/sh
# The layer check, reported: "make check" has already linked
# tests/layers/libcheck_LAYER.so for every layer of lib/ with
# -Wl,--no-undefined (Makefile.am), so a wrong-way call has failed the
# build before this runs.  Here each one is shown to exist and to leave
# no cks_ symbol undefined, one TAP line a layer.
set -u
dir="${CKS_BUILDDIR:-.}/tests/layers/.libs"
layers="base store desk mailout events mailin report web"
echo "1..8"
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
