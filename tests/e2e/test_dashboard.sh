#!/bin/sh
# Browser test: `cksctl report dashboard` renders a page that headless
# Chromium loads as it is (no script, no external file), whose DOM holds
# the SVG charts and the Thai text, and whose screenshot shows the bars in
# both colours, the response-rate line and the target line.  The
# screenshot is kept in tests/tmp/dashboard.png of the build tree, which
# `make clean` removes (and git ignores).
# Skipped, with a TAP skip, only when Chromium is not installed.
. "$CKS_SRCDIR/tests/e2e/lib.sh"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
	echo "1..0 # SKIP chromium is not installed (Debian package chromium)"
	exit 0
fi

plan 21

OUT=${CKS_BUILDDIR:-.}/tests/tmp
PAGE=$SCRATCH/dashboard.html
PNG=$OUT/dashboard.png
mkdir -p "$OUT"
rm -f "$PNG"

id_of() { json 'd["id"]'; }

# rated AGENT TIME CODE [GREET-DONE]: a counter session opened at TIME,
# greeted from TIME to GREET-DONE, rated CODE at the counter.
rated() {
	cks --json session open --channel counter --client "$CLIENT" \
		--agent "$1" --at "$2"
	s=$(id_of)
	if [ -n "${4:-}" ]; then
		cks session step "$s" greet start --at "$2"
		cks session step "$s" greet done --at "$4"
	fi
	cks rating record "$s" "$3" --via counter
}

# chromium ARGS...: headless Chromium with its state in the scratch
# directory; output in $SCRATCH/chrome.log.
chromium() {
	HOME=$SCRATCH/home XDG_CONFIG_HOME=$SCRATCH/home/.config \
	XDG_CACHE_HOME=$SCRATCH/home/.cache timeout 120 "$CHROMIUM" \
		--headless --no-sandbox --disable-gpu --disable-background-networking \
		--no-first-run --disable-crash-reporter \
		--user-data-dir="$SCRATCH/chrome" "$@" 2> "$SCRATCH/chrome.log"
}

cks --json client add --name 'สมชาย ใจดี' --email somchai@example.invalid
CLIENT=$(id_of)
# October 2025: 2 of 2 satisfied (met); November: 1 of 2 (below);
# December: served, no answer.  Greet within 30 s twice, over once.
rated 'นก' 2025-10-03T09:00 5 2025-10-03T09:00:20
rated 'นก' 2025-10-20T09:00 4 2025-10-20T09:00:25
rated 'ต้น' 2025-11-04T09:00 5 2025-11-04T09:00:50
rated 'ต้น' 2025-11-05T09:00 2
cks session open --channel counter --client "$CLIENT" --agent 'นก' \
	--at 2025-12-01T09:00

cks report dashboard --fiscal-year 2569 --channel counter
cp "$SCRATCH/out" "$PAGE"
[ "$RC" -eq 0 ] && [ -s "$PAGE" ]
ok $? "cksctl report dashboard writes the page"
grep -Eiq '<script|<link|src=|@import|url\(' "$PAGE"
[ $? -ne 0 ]
ok $? "the page is self-contained: no script, no link, no external file"

chromium --dump-dom "file://$PAGE" > "$SCRATCH/dom.html"
[ -s "$SCRATCH/dom.html" ]
ok $? "headless Chromium loads the page (--dump-dom)"
if [ ! -s "$SCRATCH/dom.html" ]; then
	sed 's/^/#   chromium: /' "$SCRATCH/chrome.log" | tail -5
fi

# dom PYTHON-EXPRESSION: evaluated over the DOM Chromium built (d: text).
dom() {
	/usr/bin/python3 -c 'import re, sys; d = open(sys.argv[1], encoding="utf-8").read(); print(eval(sys.argv[2]))' \
		"$SCRATCH/dom.html" "$1"
}
dom_is() {
	got=$(dom "$2" 2>&1)
	[ "$got" = "$3" ]
	ok $? "$1 (got '$got', want '$3')"
}

dom_is "the DOM has the two SVG charts" "len(re.findall(r'<svg class=\"chart', d))" 2
dom_is "the month chart has a bar for each answered month: one met, one below" \
	"(len(re.findall(r'class=\"bar met\"', d)), len(re.findall(r'class=\"bar below\"', d)))" "(1, 1)"
dom_is "the 85 % target line is drawn across the chart" \
	"len(re.findall(r'<line class=\"target\"[^>]*stroke-dasharray', d))" 1
dom_is "the response rate is a line" "len(re.findall(r'<polyline class=\"rate\"', d))" 1
dom_is "months are Thai, in the Buddhist Era" \
	"all(m in d for m in ('ต.ค.</tspan>', '>2568</tspan>', '>2569</tspan>', 'ก.ย.</tspan>'))" True
dom_is "the Thai headings are in the DOM" \
	"all(t in d for t in ('ร้อยละความพึงพอใจ', 'อัตราการตอบแบบสอบถาม', 'ขั้นตอนที่อยู่ในเวลามาตรฐาน'))" True
dom_is "the table says November is below the target" \
	"bool(re.search(r'พ\.ย\. 2568</td><td>2</td><td>0</td><td>2</td><td>100\.0 %</td><td>1</td><td>50\.0 %</td><td class=\"text below\">', d))" True
dom_is "the step chart shows greet within 2 of 3" "'66.7 % (2/3)' in d" True
dom_is "steps outside the standard's timing are named, not drawn as 0 %" \
	"'ไม่นับเวลา' in d" True
dom_is "the page font is Sarabun, then the Thai fonts Debian ships" \
	"'font-family:\"Sarabun\",\"TH Sarabun New\",\"Loma\",\"Garuda\",\"Noto Sans Thai\",sans-serif' in d" True

chromium --screenshot="$PNG" --window-size=1280,2000 "file://$PAGE" > /dev/null
[ -s "$PNG" ]
ok $? "headless Chromium takes a screenshot ($PNG)"
if [ ! -s "$PNG" ]; then
	sed 's/^/#   chromium: /' "$SCRATCH/chrome.log" | tail -5
fi

# The screenshot is a 1280x2000 PNG in which the chart's colours are
# actually painted: decodes the top of the image and counts pixels.
/usr/bin/python3 - "$PNG" > "$SCRATCH/png.txt" 2>&1 <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, header = 8, b"", None
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        header = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    pos += 12 + length
width, height, depth, colour = header[:4]
assert depth == 8 and colour in (2, 6), header
bpp = 3 if colour == 2 else 4
raw = zlib.decompressobj().decompress(idat, 0)
stride = width * bpp
rows = min(height, 1100)
prev = bytearray(stride)
counts, distinct = {}, set()
want = {"met": (0x2e, 0x7d, 0x32), "below": (0xe6, 0x51, 0x00),
        "rate": (0x15, 0x65, 0xc0), "target": (0xb7, 0x1c, 0x1c)}
for y in range(rows):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp):
        px = tuple(line[x:x + 3])
        distinct.add(px)
        for name, rgb in want.items():
            if px == rgb:
                counts[name] = counts.get(name, 0) + 1
    prev = line
print("%dx%d %d" % (width, height, len(data)))
print(" ".join("%s=%d" % (k, counts.get(k, 0)) for k in sorted(want)))
print("colours=%d" % len(distinct))
PY
head -1 "$SCRATCH/png.txt" | grep -Eq '^1280x2000 [0-9]{5,}$'
ok $? "the screenshot is a 1280x2000 PNG of some size ($(head -1 "$SCRATCH/png.txt"))"
/usr/bin/python3 -c '
import sys
line = open(sys.argv[1]).read().split("\n")
counts = dict(kv.split("=") for kv in line[1].split())
colours = int(line[2].split("=")[1])
sys.exit(0 if int(counts["met"]) > 500 and int(counts["below"]) > 500 and
         int(counts["rate"]) > 20 and int(counts["target"]) > 50 and
         colours > 50 else 1)' "$SCRATCH/png.txt" 2>/dev/null
ok $? "the screenshot shows green and orange bars, the blue line, the red target ($(sed -n '2,3p' "$SCRATCH/png.txt" | tr '\n' ' '))"

# --- the same page served by the daemon ----------------------------------------------
. "$CKS_SRCDIR/tests/e2e/daemon.sh"
daemon_config
daemon_start
ok $? "the daemon starts"
QUERY="fiscal_year=2569&channel=counter"
STATUS=$(curl -s -o "$SCRATCH/served.html" -w '%{http_code}' "$API/dashboard?$QUERY")
[ "$STATUS" = 401 ]
ok $? "GET /dashboard without a token is refused (HTTP $STATUS)"
STATUS=$(curl -s -o "$SCRATCH/served.html" -w '%{http_code} %{content_type}' \
	-u "wall:$TOKEN_VIEWER" "$API/dashboard?$QUERY")
# The same page but for the "as of" time, which moves on.
[ "$STATUS" = "200 text/html; charset=utf-8" ] &&
	[ "$(grep -v 'ข้อมูล ณ' "$SCRATCH/served.html" | md5sum)" = \
	  "$(grep -v 'ข้อมูล ณ' "$PAGE" | md5sum)" ]
ok $? "with the viewer's token (Basic, as a browser prompts) it serves the page cksctl renders ($STATUS)"
SERVED_PNG=$OUT/dashboard-served.png
rm -f "$SERVED_PNG"
chromium --dump-dom "$API/dashboard?$QUERY&token=$TOKEN_VIEWER" > "$SCRATCH/served-dom.html"
grep -c '<svg' "$SCRATCH/served-dom.html" | grep -qx 2 &&
	grep -q 'รายงานความพึงพอใจ' "$SCRATCH/served-dom.html"
ok $? "headless Chromium loads /dashboard from the daemon: 2 SVG charts, Thai heading"
chromium --screenshot="$SERVED_PNG" --window-size=1280,2000 \
	"$API/dashboard?$QUERY&token=$TOKEN_VIEWER" > /dev/null
[ -s "$SERVED_PNG" ] && [ "$(head -c 4 "$SERVED_PNG" | od -An -c | tr -d ' ')" = "211PNG" ]
ok $? "and takes its screenshot ($SERVED_PNG)"
daemon_stop
finish
