#!/usr/bin/python3
"""A realistic month for the demo, through the daemon's HTTP API.

   demo_month.py URL TOKEN SPOOL_REPLIES_DIR [DAYS]

Creates clients and, for each of the last DAYS days (default 30, weekdays
only), sessions on the three channels with their steps timed near the
standards (some over, some under), closes them; baskets at the counter
(confirmed and sent, to the spool), survey invitations, and answers:
email replies written as .eml files into SPOOL_REPLIES_DIR (the demo
injects them with `cksctl inject`, as an MTA would), SMS codes through
POST /v1/sms, hotline keypad and chat buttons and counter questionnaires
through POST /v1/sessions/ID/rating.  Prints one line of totals.
Deterministic: the same seed gives the same month.
"""
import datetime
import http.client
import json
import os
import random
import sys
import urllib.parse

url, token, replies = sys.argv[1], sys.argv[2], sys.argv[3]
days = int(sys.argv[4]) if len(sys.argv) > 4 else 30
parts = urllib.parse.urlsplit(url)
conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
rand = random.Random(2569)
counts = {"clients": 0, "sessions": 0, "steps": 0, "baskets": 0,
          "invitations": 0, "email": 0, "sms": 0, "ivr": 0, "chat": 0,
          "counter": 0, "web": 0}


def call(method, path, body=None, ok=(200, 201, 202)):
    headers = {"Authorization": "Bearer " + token}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    conn.request(method, path, data, headers)
    r = conn.getresponse()
    text = r.read()
    if r.status not in ok:
        sys.exit("demo_month: %s %s -> %d %s" % (method, path, r.status,
                                                   text.decode()[:300]))
    return json.loads(text) if text else None


def rate_on_page(tok, code):
    """What a customer's browser does: GET the option's link from the
    invitation (which records nothing), then POST the page's form."""
    for method in ("GET", "POST"):
        body = b"confirm=1" if method == "POST" else None
        headers = {"Content-Type": "application/x-www-form-urlencoded"} \
            if body else {}
        conn.request(method, "/r/%s/%d" % (tok, code), body, headers)
        r = conn.getresponse()
        r.read()
        if r.status != 200:
            sys.exit("demo_month: %s /r/... -> %d" % (method, r.status))


def at(day, seconds):
    t = datetime.datetime.combine(day, datetime.time(8, 30)) + \
        datetime.timedelta(seconds=seconds)
    return t.strftime("%Y-%m-%dT%H:%M:%S")


FIRST = ["สมชาย", "สมหญิง", "วิภา", "ประเสริฐ", "กิตติ", "อรุณี", "ธนพล",
         "ศิริพร", "ณัฐวุฒิ", "พิมพ์ชนก", "John", "Mei", "Anan", "Kanya"]
LAST = ["ใจดี", "ศรีสุข", "รุ่งเรือง", "วงศ์ไทย", "ทองคำ", "Smith", "Chen",
        "มั่นคง", "แก้วมณี", "บุญมา"]
COMPANY = ["บริษัท สยามผลไม้ส่งออก จำกัด", "หจก. ข้าวหอมทุ่งกุลา",
           "Bangkok Spices Co., Ltd.", "บริษัท ไทยซีฟู้ด อินเตอร์ จำกัด",
           "บริษัท เครื่องสำอางสมุนไพรไทย จำกัด", "Chiang Mai Crafts Ltd.",
           "บริษัท ยางพาราภาคใต้ จำกัด"]
TOPICS = [("ตลาดทุเรียนจีน", "Durian market in China"),
          ("กฎถิ่นกำเนิดสินค้า (ROO) สหภาพยุโรป", "EU rules of origin"),
          ("มาตรฐาน Halal ตะวันออกกลาง", "Halal standards, Middle East"),
          ("งานแสดงสินค้า THAIFEX", "THAIFEX trade fair"),
          ("สิทธิประโยชน์ FTA อาเซียน-จีน", "ASEAN-China FTA benefits"),
          ("การขึ้นทะเบียน อย. ญี่ปุ่น", "Food registration in Japan")]
LEVELS = ["ผู้ประกอบการใหม่ (new)", "พร้อมส่งออก (ready)", "ส่งออกแล้ว (exporting)"]

# Step durations in seconds (low, high): near each channel's standard, so
# most are within and some are not (plugins/README.md has the standards).
STEPS = {
    "counter": [("greet", 10, 45), ("preliminary_questions", 240, 1300),
                ("in_depth_advice", 500, 3600), ("prepare_documents", 240, 720),
                ("client_check", 60, 360), ("print_summary", 30, 120),
                ("client_form", 60, 330), ("thank", 10, 40)],
    "hotline1169": [(str(n), 20, 240) for n in range(1, 9)],
    "chat": [(str(n), 15, 300) for n in range(1, 10)],
}
# Satisfied share each channel tends to: the counter meets 85 %, the
# hotline falls just short some months.
SATISFIED = {"counter": 0.9, "hotline1169": 0.82, "chat": 1.0}

clients = []
for i in range(40):
    first, last = rand.choice(FIRST), rand.choice(LAST)
    english = first.isascii()
    c = call("POST", "/v1/clients", {
        "name": "%s %s" % (first, last), "company": rand.choice(COMPANY),
        "email": "client%02d@example.co.th" % i,
        "phone": "08%d-%03d-%04d" % (rand.randint(1, 9), rand.randint(0, 999),
                                     rand.randint(0, 9999)),
        "lang": "en" if english else "th"})
    clients.append(c)
    counts["clients"] += 1

today = datetime.date.today()
pending_email = []
for back in range(days, 0, -1):
    day = today - datetime.timedelta(days=back)
    if day.weekday() >= 5:
        continue
    for channel, per_day in (("counter", 2), ("hotline1169", 3), ("chat", 2)):
        for n in range(per_day):
            client = rand.choice(clients)
            t = n * 5400 + rand.randint(0, 1800)
            s = call("POST", "/v1/sessions", {"channel": channel,
                     "client_id": client["id"], "at": at(day, t)})
            sid = s["id"]
            counts["sessions"] += 1
            for step, low, high in STEPS[channel]:
                took = rand.randint(low, high)
                call("POST", "/v1/sessions/%d/steps" % sid,
                     {"step": step, "event": "start", "at": at(day, t)})
                t += took
                call("POST", "/v1/sessions/%d/steps" % sid,
                     {"step": step, "event": "done", "at": at(day, t)})
                counts["steps"] += 1
            topic = rand.choice(TOPICS)
            if channel == "counter":
                revision = None
                for th, en in rand.sample(TOPICS, 2):
                    item = call("POST", "/v1/sessions/%d/basket/items" % sid, {
                        "title_th": th, "title_en": en,
                        "url": "https://www.ditp.go.th/kb/%d" % rand.randint(100, 999)})
                    revision = item["revision"]
                call("POST", "/v1/sessions/%d/basket/confirm" % sid,
                     {"revision": revision})
                call("POST", "/v1/sessions/%d/basket/send" % sid)
                counts["baskets"] += 1
            call("POST", "/v1/sessions/%d/close" % sid,
                 {"summary": "%s / %s" % topic, "level": rand.choice(LEVELS),
                  "at": at(day, t + 30)})
            satisfied = rand.random() < SATISFIED[channel]
            if channel == "chat":
                # The chat window's own rating buttons.
                call("POST", "/v1/sessions/%d/rating" % sid,
                     {"code": 1 if rand.random() < 0.6 else 2, "medium": "chat"})
                counts["chat"] += 1
                continue
            invite = call("POST", "/v1/sessions/%d/survey" % sid)
            counts["invitations"] += 1
            answer = rand.random()
            if channel == "counter":
                code = rand.choice([5, 5, 4]) if satisfied else rand.choice([3, 2])
                if answer < 0.45:
                    pending_email.append((client, invite["token"], code))
                elif answer < 0.7:
                    call("POST", "/v1/sessions/%d/rating" % sid,
                         {"code": code, "medium": "counter"})
                    counts["counter"] += 1
                elif answer < 0.85:
                    rate_on_page(invite["token"], code)
                    counts["web"] += 1
            else:
                code = rand.choice([1, 2]) if satisfied else 3
                if answer < 0.5:
                    call("POST", "/v1/sessions/%d/rating" % sid,
                         {"code": code, "medium": "ivr"})
                    counts["ivr"] += 1
                elif answer < 0.75:
                    # The SMS invitation asks for "R <token>" and the code.
                    call("POST", "/v1/sms", {"from": client["phone"],
                         "text": "R %s กด %d" % (invite["token"], code)})
                    counts["sms"] += 1

# Email answers, as customers write them: the number and a comment above
# the quoted invitation.
os.makedirs(replies, exist_ok=True)
for n, (client, tok, code) in enumerate(pending_email):
    comment = rand.choice(["ขอบคุณมากครับ", "เจ้าหน้าที่อธิบายชัดเจนค่ะ",
                           "ได้ข้อมูลครบ", "รอเอกสารนานไปหน่อย"])
    with open(os.path.join(replies, "%03d.eml" % n), "wb") as f:
        f.write(("From: %s <%s>\r\nTo: survey+%s@localhost.localdomain\r\n"
                 "Subject: Re: แบบประเมินความพึงพอใจ [%s]\r\n"
                 "Message-ID: <demo-%s@example.co.th>\r\nMIME-Version: 1.0\r\n"
                 "Content-Type: text/plain; charset=utf-8\r\n"
                 "Content-Transfer-Encoding: 8bit\r\n\r\n%d %s\r\n\r\n"
                 "> โปรดประเมินความพึงพอใจ\r\n" % (
                     client["email"], client["email"], tok, tok, tok, code,
                     comment)).encode())
    counts["email"] += 1

print("month: " + ", ".join("%s %d" % kv for kv in counts.items()))
