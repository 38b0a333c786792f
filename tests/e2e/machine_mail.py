"""Drives test_machine_mail.sh: every file of tests/corpus/machine, pointed
at one of our real invitations in a scratch copy, through `cksctl inject`.

Usage: machine_mail.py CKSCTL CONF CORPUS SCRATCH RESULTS MID...

The committed files stay unchanged.  In each scratch copy, every
"Message-ID: <...>" line after the top header block (the returned
message's, quoted or attached) and every MDN Original-Message-ID gets the
Message-ID of one of our invitations: round robin over the MIDs given but
the last, which is the read receipts' alone (so that one can show that no
read receipt marked its message as bounced),
and the top-level Message-ID is made unique per file, since the corpus
reuses a few and a second one would be a mere "duplicate".

Writes one tab-separated line per file to RESULTS:
  name  kind  message  outcome  reason
where kind is what the file is (from sisimai's naming: arf, rfc3834 =
automatic reply, not = no bounce at all, mdn, else a bounce) and message
is the index of the invitation it was pointed at, or "-" when the file
carries no returned Message-ID to point.
"""
import json
import os
import re
import subprocess
import sys

cksctl, conf, corpus, scratch, results = sys.argv[1:6]
mids = sys.argv[6:]

BODY_ID = re.compile(rb"^([ \t>|]*(?:Original-)?Message-I[dD]:[ \t]*(?:\r?\n[ \t]+)?<)[^>\r\n]*(>)",
                     re.M | re.I)
TOP_ID = re.compile(rb"^(Message-I[dD]:[ \t]*(?:\r?\n[ \t]+)?<)([^>\r\n]*>)", re.M | re.I)


def kind_of(rel):
    name = os.path.basename(rel)
    if rel.startswith("mdn/"):
        return "mdn"
    if rel.startswith("sisimai/not/"):
        return "not"
    if name.startswith("arf-"):
        return "arf"
    if name.startswith("rfc3834-"):
        return "auto"
    return "bounce"


def split_header(raw):
    m = re.search(rb"\r?\n\r?\n", raw)
    return (raw, b"") if m is None else (raw[:m.end()], raw[m.end():])


files = []
for top, _dirs, names in os.walk(corpus):
    for n in names:
        if n.endswith(".eml"):
            files.append(os.path.relpath(os.path.join(top, n), corpus))
files.sort()

with open(results, "w") as out:
    for i, rel in enumerate(files):
        raw = open(os.path.join(corpus, rel), "rb").read()
        k = len(mids) - 1 if kind_of(rel) == "mdn" else i % (len(mids) - 1)
        mid = mids[k].encode()
        head, body = split_header(raw)
        # an mbox "From " line is part of the header block here
        head = TOP_ID.sub(lambda m: m.group(1) + b"f%d." % i + m.group(2), head, count=1)
        body, count = BODY_ID.subn(lambda m: m.group(1) + mid + m.group(2), body)
        copy = os.path.join(scratch, "m%03d.eml" % i)
        open(copy, "wb").write(head + body)
        with open(copy, "rb") as f:
            p = subprocess.run([cksctl, "-c", conf, "--json", "inject"], stdin=f,
                               capture_output=True)
        try:
            d = json.loads(p.stdout)
            outcome, reason = d["outcome"], d["reason"]
        except (ValueError, KeyError):
            outcome, reason = "exit-%d" % p.returncode, p.stderr.decode(errors="replace")
        reason = " ".join(reason.split())
        out.write("%s\t%s\t%s\t%s\t%s\n" % (rel, kind_of(rel),
                  k if count else "-", outcome, reason))
