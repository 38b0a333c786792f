#!/usr/bin/env python3
"""Real mail clients' replies (talon's fixtures, tests/corpus/talon) with
their typed words replaced by survey answers and non-answers: the
structure, quoting, HTML and signatures of Gmail, Outlook 2003-2010, Apple
Mail, Yahoo, AOL, Thunderbird... around our answers.

    real_clients.py tests/corpus/talon OUT_DIR; eval_replies OUT_DIR

Run by test_reply_corpus.sh; deterministic, python3 standard library."""
import json, os, re, sys
src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
ANS = [("counter", "5", 5, ""), ("counter", "ให้ 4 ค่ะ", 4, ""),
       ("counter", "4 ครับ เจ้าหน้าที่ใจดี", 4, "เจ้าหน้าที่ใจดี"),
       ("hotline1169", "Satisfied", 2, ""), ("hotline1169", "ประทับใจค่ะ", 1, ""), ("chat", "2", 2, ""),
       ("counter", "My rating is 3", 3, ""), ("hotline1169", "3 - waited too long", 3, "waited too long"),
       ("counter", "ขอบคุณค่ะ ได้รับแล้ว", "not_recorded", None),
       ("hotline1169", "Thanks, got it", "not_recorded", None)]
labels, n = [], 0
for d in ("standard_replies", "html_replies"):
    for f in sorted(os.listdir(os.path.join(src, d))):
        p = os.path.join(src, d, f)
        if not (f.endswith(".eml") or f.endswith(".html")):
            continue
        raw = open(p, "rb").read()
        # the typed reply: "Hello" in the .eml files, "Hi. I am fine." in
        # the HTML ones (whose "Hello! How are you?" is the quoted mail)
        typed = b"Hi. I am fine." if f.endswith(".html") else b"\nHello"
        if typed not in raw:
            continue
        for ch, text, exp, comment in ANS:
            n += 1
            t = text.encode() if f.endswith(".html") else b"\n" + text.encode()
            body = raw.replace(typed, t, 1)
            if f.endswith(".html"):
                body = (b"From: alex@example.com\r\nTo: survey@ditp.example\r\nSubject: Re: survey\r\n"
                        b"MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n"
                        b"Content-Transfer-Encoding: 8bit\r\n\r\n" + body)
            else:
                # an 8-bit answer in a 7-bit declared part: say UTF-8
                body = re.sub(rb"charset=\"?(us-ascii|iso-8859-1|ISO-8859-1|US-ASCII|windows-1252)\"?", b"charset=utf-8", body)
            name = "%05d.eml" % n
            open(os.path.join(out, name), "wb").write(body)
            labels.append({"file": name, "channel": ch, "expect": exp, "comment": comment,
                           "class": ("answer" if exp != "not_recorded" else "neg") + "/" + f})
# Crisp's fixtures (tests/corpus/crisp_email_reply_parser): reply bodies
# above quote headers in a dozen languages and clients (Outlook, iOS
# Outlook, Gmail, MSN, Zoho; "De :", "Von:", "Från:", "-----Original
# Message-----"); the reply its expected.json names is replaced.
crisp = os.path.join(os.path.dirname(src.rstrip("/")), "crisp_email_reply_parser")
expect = json.load(open(os.path.join(crisp, "expected.json"), encoding="utf-8"))["expectations"]
for f in sorted(expect):
    frag = (expect[f].get("first_fragment") or expect[f].get("first_fragment_trimmed") or "").strip()
    p = os.path.join(crisp, "fixtures", f)
    if not frag or not os.path.exists(p):
        continue
    raw = open(p, "rb").read().decode("utf-8", "replace")
    if not raw.startswith(frag):
        continue
    for ch, text, exp, comment in ANS:
        n += 1
        body = (text + raw[len(frag):]).replace("\r\n", "\n").replace("\n", "\r\n")
        mail = ("From: Customer <customer@example.com>\r\nTo: survey@ditp.example\r\n"
                "Subject: Re: survey\r\nMIME-Version: 1.0\r\n"
                "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body)
        name = "%05d.eml" % n
        open(os.path.join(out, name), "wb").write(mail.encode())
        labels.append({"file": name, "channel": ch, "expect": exp, "comment": comment,
                       "class": ("answer" if exp != "not_recorded" else "neg") + "/crisp/" + f})
with open(os.path.join(out, "labels.jsonl"), "w") as fh:
    for l in labels:
        fh.write(json.dumps(l, ensure_ascii=False) + "\n")
print(n, "replies")
