#!/usr/bin/env bash
# Catalogue benchmark (issue 16): a CSV of N items (Thai and English titles,
# a two-line quoted summary, a link, tags; UTF-8 with a BOM) imported with
# `cksctl kb import` into a fresh store (one transaction), then searches of
# that store: part of a Thai word (the trigram index, ranked) and a
# 2-character text (the LIKE fallback).
#
#   bench/kb_import.sh [N]        (default 5000; CKSCTL=path/to/cksctl,
#                                  e.g. tests/stage/usr/local/bin/cksctl)
set -euo pipefail

N=${1:-5000}
CKSCTL=${CKSCTL:-cksctl}
PY=/usr/bin/python3
work=$(mktemp -d /tmp/cks-kb-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT
printf 'state_dir = %s/state\n' "$work" > "$work/c.conf"
C() { "$CKSCTL" -c "$work/c.conf" "$@"; }

"$PY" - "$N" "$work/kb.csv" <<'PY'
import random, sys
n, path = int(sys.argv[1]), sys.argv[2]
random.seed(16)
words = ['การจดทะเบียน', 'พาณิชย์', 'อิเล็กทรอนิกส์', 'หนังสือรับรอง', 'นิติบุคคล',
         'ภาษีมูลค่าเพิ่ม', 'ใบอนุญาต', 'ส่งออก', 'นำเข้า', 'มาตรฐาน', 'ผู้ประกอบการ',
         'วิสาหกิจ', 'ขนาดกลาง', 'ขนาดย่อม', 'เครื่องหมายการค้า', 'สิทธิบัตร']
en = ['registration', 'commerce', 'certificate', 'licence', 'export', 'import',
      'standard', 'enterprise', 'trademark', 'patent', 'tax', 'guide']
with open(path, 'w', encoding='utf-8-sig', newline='') as f:
    f.write('title_th,title_en,summary,url,tags\r\n')
    for i in range(n):
        th = ''.join(random.sample(words, 3)) + ' %d' % i
        e = ' '.join(random.sample(en, 3)).capitalize() + ' %d' % i
        summary = '"%s, ""%s""\n%s"' % (random.choice(words), random.choice(en),
                                          ''.join(random.sample(words, 4)))
        f.write('%s,%s,%s,https://kb.example.go.th/items/%d,"%s,%s"\r\n' % (
            th, e, summary, i, random.choice(words), random.choice(en)))
PY
C store init > /dev/null
size=$(stat -c %s "$work/kb.csv")
start=$(date +%s.%N)
C kb import "$work/kb.csv"
end=$(date +%s.%N)
"$PY" -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print('import: %d items, %.1f MB, %.2f s, %.0f items/s' % ($N, $size/1e6, s, $N/s))" "$start" "$end"
for q in 'ทะเบียนพาณิ' 'เครื่องหมาย commerce' 'ภา'; do
	start=$(date +%s.%N)
	count=$(C --json kb search "$q" --limit 1000 | "$PY" -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')
	end=$(date +%s.%N)
	"$PY" -c "import sys; print('search %-24s %4s items, %.0f ms (cksctl start included)' % (sys.argv[3], sys.argv[4], (float(sys.argv[2])-float(sys.argv[1]))*1000))" "$start" "$end" "'$q'" "$count"
done
