#!/usr/bin/env python3
"""Labelled survey-reply corpus for measuring the answer recogniser (issue 10).

Writes NNNNN.eml files and one labels.jsonl into --out.  Every reply answers
(or fails to answer) a survey invitation rendered from templates/survey.*:
Thai or English, on one of the three channels, quoted the way a real mail
client quotes, in the charsets and MIME shapes Thai mail really arrives in.

The phrasings here were written from how customers answer surveys by email,
not from the recogniser's word lists, on purpose: the corpus measures the
recogniser, so it must not be shaped by it.

Splits: "tune" and "heldout" use different seeds AND disjoint phrasing
pools.  Every pool of phrasings (answers, comments, greetings, signatures,
negatives, ...) is partitioned by a stable hash of each phrasing's text
(see Pools.take): a third goes to heldout, the rest to tune, so a
recogniser tuned on the tune split has never seen a held-out phrasing.
Mail structure (quoting styles, charsets, MIME) is shared: it is not
something one can overfit to a phrasing.

Labels are what a careful person would record.  Where such a person would
hesitate (two numbers, a range, a correction, a number off the scale, a
word the channel has no option for), the label is "not_recorded".

python3 standard library only; deterministic for a given split and seed.
"""
import argparse
import base64
import hashlib
import json
import os
import quopri
import random
import sys

# --- the channels (plugins/*.c) ------------------------------------------------

CHANNELS = {
    "counter": {
        "name": ("เคาน์เตอร์ให้คำปรึกษา", "Counter (walk-in advisory)"),
        # highest first, as the invitation lists them
        "scale": [(5, "มากที่สุด", "Highest"), (4, "มาก", "High"),
                  (3, "ปานกลาง", "Medium"), (2, "น้อย", "Low"),
                  (1, "น้อยที่สุด", "Lowest")],
    },
    "hotline1169": {
        "name": ("สายตรงการค้าระหว่างประเทศ 1169", "International trade hotline 1169"),
        "scale": [(1, "ประทับใจ", "Impressed"), (2, "พึงพอใจ", "Satisfied"),
                  (3, "ไม่พึงพอใจ", "Not satisfied")],
    },
    "chat": {
        "name": ("การพิมพ์สนทนา DITP Touch : Live Chat", "DITP Touch live chat"),
        "scale": [(1, "ประทับใจ", "Impressed"), (2, "พึงพอใจ", "Satisfied")],
    },
}
CHANNEL_WEIGHTS = [("counter", 4), ("hotline1169", 4), ("chat", 2)]

DEPARTMENT = "กรมส่งเสริมการค้าระหว่างประเทศ (DITP)"
DESK_ADDRESS = "cks@ditp.go.th"
REPLY_LOCAL, REPLY_DOMAIN = "survey", "ditp.go.th"
PUBLIC_URL = "https://cks.ditp.go.th"
CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"

THAI_MONTHS = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.",
               "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
THAI_MONTHS_FULL = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม",
                    "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม",
                    "พฤศจิกายน", "ธันวาคม"]
THAI_DAYS_SHORT = ["จ.", "อ.", "พ.", "พฤ.", "ศ.", "ส.", "อา."]
THAI_DAYS = ["วันจันทร์", "วันอังคาร", "วันพุธ", "วันพฤหัสบดี", "วันศุกร์",
             "วันเสาร์", "วันอาทิตย์"]
EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
             "Oct", "Nov", "Dec"]
EN_MONTHS_FULL = ["January", "February", "March", "April", "May", "June", "July",
                  "August", "September", "October", "November", "December"]
EN_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
EN_DAYS_FULL = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                "Saturday", "Sunday"]

# --- phrasing pools --------------------------------------------------------------
# {n}: the answer's number in the reply's digit style; {p}: a Thai polite
# particle (with the everyday slips: คับ, ค่า, คะ for ค่ะ, คร้าบ ...).

PARTICLES_M = ["ครับ", "คับ", "ครับผม", "คร้าบ", "ฮะ", "นะครับ", "ครับ 🙏", "ครับบ"]
PARTICLES_F = ["ค่ะ", "ค่า", "คะ", "นะคะ", "จ้า", "ค่ะ ^^", "ค่าา", "ค่ะ 🙏"]

# Answer shapes.  "all" applies to every channel; "counter" only where the
# scale is a score (stars, points, "out of 5" make no sense on 1169/chat,
# where 1 is the best answer).
ANSWERS = {
    "bare": {
        "all": ["{n}", "{n}.", "{n}!", "({n})", "{n})", "[{n}]", "{n}!!",
                "*{n}*", "{n} .", "{n} ", "  {n}", "{n}\u00a0"],
    },
    "particle": {
        "all": ["{n} {p}", "{n}{p}", "{n} เลย{p}", "{n} นะ{p}", "{n} {p}.",
                "{n}  {p}", "{n} จ้ะ", "{n} จ้า", "{n} ค่ะ", "{n} ครับ",
                "{n} นะคะ", "{n} คับ", "{n} ค่า", "{n}ครับ", "{n}ค่ะ",
                "{n} คร้าบ", "{n} ครับผม", "{n} นะจ๊ะ", "{n} เลยค่ะ",
                "{n} เลยครับ", "{n} ฮะ", "{n} ค่ะ!"],
    },
    "cued_before": {
        "all_th": ["ให้ {n} {p}", "ให้ {n}", "ขอให้ {n} {p}", "ตอบข้อ {n}",
                   "ตอบข้อ {n} {p}", "เลือก {n}", "เลือก {n} {p}", "เลือกข้อ {n}",
                   "เลือกข้อ {n} {p}", "กด {n}", "กด {n} {p}", "กต {n}",
                   "ตอบ {n} {p}", "คำตอบคือ {n}", "คำตอบ: {n}", "ขอตอบ {n} {p}",
                   "ขอตอบข้อ {n}", "ประเมินให้ {n} {p}", "ขอประเมิน {n}",
                   "ข้อ {n} {p}", "ข้อ {n}", "ตอบ ข้อ {n}", "เลือกตอบ {n}",
                   "ความพึงพอใจ: {n}", "ผลการประเมิน {n}", "ตอบแบบสอบถาม: {n}",
                   "ขอเลือก {n} {p}", "ตอบว่า {n} {p}", "พิมพ์ {n} {p}",
                   "ขอกด {n}", "ประเมิน: {n}"],
        "all_en": ["My answer: {n}", "My answer is {n}", "Answer: {n}",
                   "Rating - {n}", "Rating: {n}", "I choose {n}",
                   "I'll choose {n}", "I pick {n}", "Option {n}",
                   "Option {n}, please", "I'd say {n}", "I would say {n}",
                   "Choice: {n}", "Press {n}", "I press {n}", "Reply: {n}",
                   "My vote is {n}", "Answer {n}", "I'll go with {n}",
                   "Going with {n}", "Number {n}", "No. {n}", "my choice is {n}",
                   "Selecting {n}", "I select option {n}", "answer = {n}",
                   "Feedback: {n}", "Survey answer: {n}"],
        "counter_th": ["ให้ {n} คะแนน{p}", "ขอให้ {n} คะแนน", "ให้คะแนน {n} {p}",
                       "ให้ {n} ดาว{p}", "คะแนน {n}", "ให้ระดับ {n}",
                       "ระดับความพึงพอใจ {n}", "ให้คะแนนความพึงพอใจ {n} {p}",
                       "ขอให้คะแนน {n} {p}", "ให้ไป {n} คะแนน", "ระดับ {n} {p}",
                       "ประเมินระดับ {n}"],
        "counter_en": ["I'd rate it {n}", "score {n}/5", "I'd give it a {n}",
                       "I give you {n} points", "I rate your service {n}",
                       "Score: {n}", "I'd rate the service a {n}",
                       "Rating {n} out of 5", "I'd give {n}", "Rate: {n}",
                       "I rate it {n}/5", "My score is {n}"],
    },
    "cued_after": {
        "all_th": ["{n} เป็นคำตอบ{p}", "ข้อ {n} เลย{p}", "{n} คือคำตอบของ{x}",
                   "{n} ตามนี้{p}", "{n} ตามที่เลือก{p}"],
        "all_en": ["{n} is my answer", "{n} is my choice", "{n} for me",
                   "{n} from me", "{n} is my rating", "{n}, that's my answer",
                   "{n} (my answer)"],
        "counter_th": ["{n} คะแนน", "{n} คะแนน{p}", "{n} ดาว", "{n} ดาวเลย{p}",
                       "{n}/5", "{n} / 5", "{n} เต็ม 5", "{n} จาก 5",
                       "{n} จาก 5 คะแนน", "{n} คะแนนเต็ม 5", "{n} ดาว{p}",
                       "{n} คะแนนเลย{p}"],
        "counter_en": ["{n} out of 5", "{n}/5 stars", "{n} stars", "{n} stars!",
                       "{n} points", "{n} out of 5 stars", "{n} of 5",
                       "{n}/5", "{n} / 5", "{n} star rating"],
    },
}

# Label words as the answer, per channel and code: what a person writes
# instead of the number.  Only words a careful reader maps to one option
# without hesitating ("very satisfied" is 5 on the five-level counter scale,
# but on 1169 it sits between Impressed and Satisfied, so it is not used
# there).
WORDS = {
    "counter": {
        5: {"th": ["มากที่สุด{p}", "มากที่สุด", "พึงพอใจมากที่สุด", "พึงพอใจมากที่สุด{p}",
                   "พอใจมากที่สุด{p}", "ดีเยี่ยม{p}", "พึงพอใจมากที่สุดเลย{p}",
                   "ระดับมากที่สุด{p}", "มากที่สุดเลย{p}"],
            "en": ["Highest", "Highest.", "Very satisfied", "Very satisfied!",
                   "Extremely satisfied", "Excellent", "Excellent!", "Highest level",
                   "very satisfied."]},
        4: {"th": ["มาก{p}", "พึงพอใจมาก{p}", "พึงพอใจมาก", "พอใจมาก{p}", "ระดับมาก{p}",
                   "พอใจมาก", "มาก"],
            "en": ["High", "High.", "Satisfied", "Satisfied.", "satisfied", "High!"]},
        3: {"th": ["ปานกลาง{p}", "ปานกลาง", "พอใช้{p}", "เฉยๆ{p}", "พึงพอใจปานกลาง",
                   "ก็ปานกลาง{p}", "ระดับปานกลาง{p}", "เฉย ๆ {p}"],
            "en": ["Medium", "Average", "Neutral", "Fair", "Medium.", "So-so",
                   "average."]},
        2: {"th": ["น้อย{p}", "พึงพอใจน้อย{p}", "ไม่ค่อยพอใจ{p}", "ไม่ค่อยพอใจเท่าไหร่{p}",
                   "พึงพอใจน้อย", "ระดับน้อย{p}"],
            "en": ["Low", "Dissatisfied", "Poor", "Low.", "Rather dissatisfied"]},
        1: {"th": ["น้อยที่สุด{p}", "พึงพอใจน้อยที่สุด", "ไม่พอใจเลย{p}", "แย่มาก{p}",
                   "น้อยที่สุด", "ระดับน้อยที่สุด{p}"],
            "en": ["Lowest", "Very dissatisfied", "Very poor", "Terrible",
                   "Lowest.", "Very dissatisfied."]},
    },
    "hotline1169": {
        1: {"th": ["ประทับใจ{p}", "ประทับใจ", "ประทับใจมาก{p}", "ประทับใจมากๆ{p}",
                   "ประทับใจค่ะ", "ประทับใจครับ", "ประทับใจมาก", "ประทับใจมากค่ะ",
                   "ประทับใจสุดๆ{p}"],
            "en": ["Impressed", "Impressed!", "Very impressed", "I was impressed",
                   "impressed", "Impressed.", "Really impressed"]},
        2: {"th": ["พึงพอใจ{p}", "พึงพอใจ", "พอใจ{p}", "พอใจครับ", "พึงพอใจค่ะ",
                   "พอใจค่ะ", "พึงพอใจดี{p}"],
            "en": ["Satisfied", "Satisfied.", "I'm satisfied", "satisfied",
                   "I am satisfied", "Satisfied!"]},
        3: {"th": ["ไม่พึงพอใจ{p}", "ไม่พอใจ{p}", "ไม่ประทับใจ{p}", "ไม่พึงพอใจ",
                   "ไม่พอใจ", "ไม่พึงพอใจค่ะ"],
            "en": ["Not satisfied", "Dissatisfied", "Unsatisfied", "Not satisfied.",
                   "I'm not satisfied", "not satisfied"]},
    },
    "chat": {
        1: {"th": ["ประทับใจ{p}", "ประทับใจ", "ประทับใจมาก{p}", "ประทับใจมากๆ{p}",
                   "ประทับใจค่ะ", "ประทับใจครับ", "ประทับใจมาก", "ประทับใจสุดๆ{p}"],
            "en": ["Impressed", "Impressed!", "Very impressed", "I was impressed",
                   "impressed", "Impressed."]},
        2: {"th": ["พึงพอใจ{p}", "พึงพอใจ", "พอใจ{p}", "พอใจครับ", "พึงพอใจค่ะ",
                   "พอใจค่ะ"],
            "en": ["Satisfied", "Satisfied.", "I'm satisfied", "satisfied",
                   "I am satisfied"]},
    },
}

# The option copied from the invitation: {n} and the invitation's label {l}.
ECHO = ["{n} - {l}", "{n}  {l}", "{n}. {l}", "{n} {l}", "{n} {l} {p}", "{n} ({l})",
        "{l} ({n})", "ตอบ {n} {l}", "{n} = {l}", "{n}: {l}", "{n} – {l}",
        "ข้อ {n} {l}", "{n} {l}{p}", "Answer: {n} {l}", "{n} -{l}", "({n}) {l}",
        "{l} - {n}", "{n} {l}."]

# Comments.  "plain": no scale-like word; "scaleish": mentions scale-like
# words or numbers in running prose, which a reader never takes for the
# answer.  Some lines carry numbers that are not answers.
COMMENTS = {
    "th": {
        "plain": [
            "บริการรวดเร็ว เจ้าหน้าที่สุภาพ",
            "เจ้าหน้าที่ให้ข้อมูลครบถ้วน",
            "ได้รับเอกสารครบทุกฉบับแล้ว",
            "รอสายนานไปหน่อย",
            "อยากให้มีข้อมูลตลาดจีนเพิ่มเติม",
            "เจ้าหน้าที่อธิบายเรื่องพิธีการศุลกากรได้เข้าใจง่าย",
            "ได้รับเอกสาร 2 ฉบับแล้ว ขาดอีก 1 ฉบับ",
            "รอประมาณ 15 นาทีกว่าจะได้คุยกับเจ้าหน้าที่",
            "โทรเข้า 1169 ตอน 9 โมงเช้า รอสายไม่นาน",
            "ไปที่เคาน์เตอร์วันที่ 28/11/2569 ตอน 10:30 น.",
            "เจ้าหน้าที่แนะนำให้ติดต่อ 02-507-7999 ได้เรื่องเลย",
            "ค่าธรรมเนียม 1,500 บาท แพงไปหน่อย",
            "ที่จอดรถเต็ม ต้องวนหาอยู่ 20 นาที",
            "อยากให้ส่งเอกสารเป็นภาษาอังกฤษด้วย",
            "ข้อมูลเรื่องส่งออกทุเรียนไปจีนมีประโยชน์มาก",
            "เอกสารข้อ 3 เปิดไม่ได้ รบกวนส่งใหม่",
            "ลิงก์ที่ส่งมาเปิดได้ปกติ",
            "เจ้าหน้าที่ชื่อคุณนิดา ช่วยเหลือดีมาก",
            "ถ้ามีสัมมนาออนไลน์เรื่องนี้อีกช่วยแจ้งด้วย",
            "แชทตอบช้า ต้องรอเกือบ 30 นาที",
            "ระบบแชทหลุดไป 2 ครั้ง",
            "ได้ข้อมูลตามที่ต้องการ",
            "อยากให้เปิดบริการวันเสาร์ด้วย",
            "เอกสารที่ได้รับอ่านง่าย มีตัวอย่างชัดเจน",
            "แนะนำแอป DITP Connect ให้ด้วย สะดวกดี",
            "ครั้งหน้าขอข้อมูลตลาดเวียดนามด้วย",
            "เจ้าหน้าที่ตอบคำถามเรื่อง HS code 0810.60 ได้ละเอียด",
            "โทรไป 3 รอบกว่าจะติด",
            "รอคิวที่เคาน์เตอร์ประมาณ 40 นาที",
            "ส่งอีเมลมาถึงเร็ว ภายใน 1 ชั่วโมง",
            "เบอร์ติดต่อกลับของผมคือ 081-234-5678",
            "ได้รับไฟล์ PDF 4 ไฟล์ ครบแล้ว",
            "ข้อมูลอัตราภาษีนำเข้า 5% ที่ได้รับตรงกับที่ต้องการ",
            "อยากให้มีเจ้าหน้าที่พูดภาษาจีนได้",
            "เจ้าหน้าที่ใจเย็น อธิบายซ้ำให้หลายรอบ",
            "ขอเอกสารเพิ่มเรื่องมาตรฐาน GAP",
            "วันที่ ๒๘ พ.ย. ๒๕๖๙ ได้รับคำปรึกษาเรื่องงานแสดงสินค้า",
            "ช่วงเที่ยงไม่มีเจ้าหน้าที่อยู่ที่เคาน์เตอร์",
            "สายหลุดระหว่างโอนสาย ต้องโทรใหม่",
            "ข้อมูลบางส่วนเก่า เป็นของปี 2565",
        ],
        "scaleish": [
            "บริการดีมาก เจ้าหน้าที่สุภาพ",
            "แต่พนักงานยิ้มแย้มดีมาก",
            "ประทับใจในความรู้ของเจ้าหน้าที่",
            "เจ้าหน้าที่บริการดีเยี่ยม แต่ระบบโทรศัพท์มีปัญหา",
            "พอใจกับข้อมูลที่ได้รับ แต่รอนานไปหน่อย",
            "โดยรวมดี แต่ที่จอดรถน้อย",
            "เจ้าหน้าที่ดีมาก แต่เอกสารมาช้า",
            "ไม่ค่อยพอใจเรื่องเวลารอสาย แต่คำแนะนำดี",
            "บริการดี แต่อยากให้เร็วกว่านี้",
            "เจ้าหน้าที่น่ารักมาก ประทับใจการต้อนรับ",
            "ข้อมูลดีมาก ขอให้รักษามาตรฐานนี้ไว้",
            "ดีกว่าครั้งก่อนมาก",
            "เอกสารดีมากแต่ยาวไป อ่านไม่ไหว",
        ],
    },
    "en": {
        "plain": [
            "the agent was great but I waited 40 minutes",
            "Quick and clear answers.",
            "The documents arrived within an hour.",
            "I received 2 documents, the third one is missing.",
            "Please send the English version of the export guide.",
            "The call was transferred twice before I reached someone.",
            "The staff explained the customs procedure clearly.",
            "Waiting time at the counter was about 20 minutes.",
            "I called 1169 at 9am and got through immediately.",
            "The link in item 3 did not open, please resend.",
            "Parking was difficult to find.",
            "Would like more information on the EU market.",
            "Ms. Nida was very helpful and patient.",
            "The chat disconnected once, otherwise fine.",
            "My contact number is 081-234-5678 if you need anything.",
            "The fee of 1,500 baht was explained well.",
            "Please let me know about the next trade fair.",
            "Answered all my questions about HS code 0810.60.",
            "I visited on 28/11/2026 at 10:30.",
            "Helpful advice on shipping durian to China.",
            "It took 3 calls to get through.",
            "Would be nice to have service on Saturdays.",
            "Some figures were from 2022, a bit outdated.",
            "Thanks to Khun Somsak for the follow-up call.",
            "The checklist you sent is exactly what I needed.",
            "Please add me to the DITP Connect newsletter.",
            "Response came within 2 hours.",
            "Tariff info (5% duty) matched what I was looking for.",
        ],
        "scaleish": [
            "excellent service, very knowledgeable staff",
            "good advice but the wait was long",
            "The agent was very good, but the documents came late.",
            "Great help with the export licence.",
            "Overall good, parking was a problem though.",
            "Impressive knowledge of the Japanese market.",
            "Better than my last visit.",
            "Friendly staff, satisfied with the information but it took long.",
            "Very good explanation, a bit slow system.",
        ],
    },
}

GREETINGS = {
    "th": ["สวัสดีครับ", "สวัสดีค่ะ", "เรียน เจ้าหน้าที่", "เรียน เจ้าหน้าที่ที่เกี่ยวข้อง",
           "สวัสดีครับ เจ้าหน้าที่", "เรียน กรมส่งเสริมการค้าระหว่างประเทศ",
           "สวัสดีค่ะ ทีมงาน DITP", "เรียน คุณเจ้าหน้าที่", "สวัสดีคับ",
           "เรียนท่านผู้เกี่ยวข้อง", "สวัสดีค่ะ เจ้าหน้าที่ทุกท่าน", "เรียน ทีมงาน"],
    "en": ["Hi,", "Hello,", "Dear Sir/Madam,", "Dear DITP team,", "Hi team,",
           "Good morning,", "Dear all,", "Hello DITP,", "Hi there,", "Dear Sir,",
           "Good afternoon,", "Dear Customer Service,"],
}
CLOSINGS = {
    "th": ["ขอบคุณครับ", "ขอบคุณค่ะ", "ขอบคุณมากครับ", "ขอบคุณค่ะ 🙏", "ขอบคุณคับ",
           "ขอบพระคุณค่ะ", "ขอบคุณมากค่ะ", "ขอบคุณครับผม", "ขอบคุณค่า"],
    "en": ["Thanks", "Thank you", "Thanks!", "Many thanks", "Thank you very much",
           "Thanks again", "Thank you!"],
}
SIGN_OFFS = {
    "th": ["ขอแสดงความนับถือ", "ด้วยความเคารพ", "ขอแสดงความนับถืออย่างสูง",
           "ด้วยความนับถือ"],
    "en": ["Best regards,", "Regards,", "Kind regards,", "Thanks,", "Cheers,",
           "Sincerely,", "Best,", "Warm regards,", "Thanks and regards,"],
}
DEVICE_SIGS = {
    "th": ["ส่งจาก iPhone ของฉัน", "รับ Outlook สำหรับ Android", "ส่งจาก iPad ของฉัน",
           "ส่งจากอุปกรณ์ Samsung Galaxy ของฉัน"],
    "en": ["Sent from my iPhone", "Get Outlook for Android", "Get Outlook for iOS",
           "Sent from my Samsung Galaxy smartphone.", "Sent from Yahoo Mail on Android",
           "Sent from Mail for Windows", "Sent from my iPad"],
}
NAMES_TH = [("สมชาย ใจดี", "m"), ("สุดารัตน์ แก้วมณี", "f"), ("วิชัย ศรีสุข", "m"),
            ("ปิยะนุช ทองดี", "f"), ("ธนพล วงศ์ใหญ่", "m"), ("กนกวรรณ พูลสวัสดิ์", "f"),
            ("อนุชา บุญมา", "m"), ("พิมพ์ชนก รัตนพันธ์", "f"), ("ประเสริฐ แสงทอง", "m"),
            ("วราภรณ์ จันทร์หอม", "f"), ("ณัฐวุฒิ มีสุข", "m"), ("ศิริพร อินทร์แก้ว", "f"),
            ("กิตติศักดิ์ ชัยมงคล", "m"), ("อรุณี สายบุญ", "f")]
NAMES_EN = [("John Smith", "m"), ("Emily Chen", "f"), ("Rajesh Kumar", "m"),
            ("Anna Müller", "f"), ("Hiroshi Tanaka", "m"), ("Sarah O'Brien", "f"),
            ("Somchai Jaidee", "m"), ("Nattaya Srisuk", "f"), ("David Lee", "m"),
            ("Maria Santos", "f"), ("Pierre Dubois", "m"), ("Linh Nguyen", "f")]
COMPANIES_TH = ["บริษัท สยามฟรุ๊ต เอ็กซ์ปอร์ต จำกัด", "บริษัท ไทยไรซ์ เทรดดิ้ง จำกัด",
                "ห้างหุ้นส่วนจำกัด ทองดีอาหารแปรรูป", "บริษัท เจริญผลไม้ไทย จำกัด (มหาชน)",
                "วิสาหกิจชุมชนผ้าทอบ้านนา", "บริษัท เอเชียแพ็ค 2019 จำกัด"]
COMPANIES_EN = ["Siam Fruit Export Co., Ltd.", "ABC Trading Co., Ltd.",
                "Thai Rice Partners Ltd.", "Golden Orchid Foods (Thailand)",
                "Lotus Crafts Export", "Euro-Asia Logistics GmbH"]
TITLES_TH = ["ผู้จัดการฝ่ายส่งออก", "เจ้าของกิจการ", "ฝ่ายจัดซื้อ", "กรรมการผู้จัดการ"]
TITLES_EN = ["Export Manager", "Managing Director", "Purchasing Officer", "Owner",
             "Sales & Marketing"]
SIG_EXTRA_TH = ["โทร 081-234-5678", "โทร. 02-123-4567 ต่อ 12", "มือถือ 089-765-4321",
                "Line ID: somchai.fruit", "ไลน์: @siamfruit", "แฟกซ์ 02-123-4568",
                "99/1 หมู่ 5 ถ.รัชดาภิเษก แขวงดินแดง เขตดินแดง กรุงเทพฯ 10400",
                "อีเมล: export@siamfruit.co.th", "www.siamfruit.co.th"]
SIG_EXTRA_EN = ["Tel: +66 2 123 4567", "Mobile: +66 81 234 5678", "M: 089-765-4321",
                "Line ID: john_abc", "WhatsApp +66 89 765 4321",
                "123/45 Sukhumvit Soi 21, Bangkok 10110", "www.abctrading.co.th",
                "E: john@abctrading.co.th", "Fax: +66 2 123 4568"]

# --- negatives --------------------------------------------------------------------
# No rating at all: questions, receipts, complaints about something else,
# refusals, deferrals.  Several carry numbers that are not answers or words
# of the scale in another sense.
NO_RATING = {
    "th": [
        "ได้รับเอกสารแล้วครับ ขอบคุณ",
        "ได้รับแล้วค่ะ",
        "รับทราบครับ",
        "ขอสอบถามเพิ่มเติมเรื่องส่งออกทุเรียน โทร 081-234-5678",
        "ยังไม่ได้รับเอกสารข้อ 3 ครับ รบกวนส่งใหม่",
        "ไม่สะดวกตอบครับ",
        "ขอไม่ตอบแบบสอบถามนะคะ",
        "ขอประเมินทีหลังนะครับ ยังไม่ได้อ่านเอกสารเลย",
        "ผมไม่ได้ใช้บริการนี้ครับ น่าจะส่งผิดคน",
        "สัมมนาครั้งหน้าจัดวันไหนคะ",
        "ขอเบอร์โทรของเจ้าหน้าที่ที่ให้คำปรึกษาวันที่ 28/11/2569 ได้ไหมครับ",
        "รบกวนส่งเอกสารอีก 1 ชุดให้ฝ่ายบัญชีด้วยค่ะ",
        "ไฟล์แนบเปิดไม่ได้ครับ",
        "เว็บไซต์ DITP เข้าไม่ได้ตั้งแต่เมื่อวาน",
        "แอป DITP Connect ล็อกอินไม่ได้ค่ะ",
        "อยากทราบค่าธรรมเนียมการออกบูธ 2 บูธ เท่าไหร่ครับ",
        "ขอที่อยู่สำหรับส่งเอกสารตัวจริงด้วยครับ",
        "ช่วยเปลี่ยนอีเมลติดต่อเป็น export@siamfruit.co.th ด้วยค่ะ",
        "ต้องใช้เอกสารกี่ฉบับสำหรับขอใบรับรองแหล่งกำเนิดสินค้าคะ",
        "วันจันทร์ที่ 7 ธ.ค. เปิดทำการไหมครับ",
        "เอกสารหน้า 5 พิมพ์ผิดนะครับ",
        "ขอคุยกับเจ้าหน้าที่คนเดิมได้ไหมคะ โทร 02-507-7999 ไม่ติด",
        "ส่งต่อให้หัวหน้าฝ่ายแล้วครับ",
        "ok ได้รับแล้วค่ะ",
        "ค่ะ",
        "ขอบคุณค่ะ",
        "ยังไม่ได้รับอีเมลที่มีเอกสาร 4 ไฟล์ที่พูดถึงครับ",
        "ขอยกเลิกการรับอีเมลนี้ครับ",
        "ขอคู่มือการส่งออกสินค้ามูลค่าสูงด้วยค่ะ",
        "มีข้อมูลตลาดซาอุดีอาระเบียไหมครับ",
        "สินค้าพิกัด 0810.60 ต้องขอใบอนุญาตไหมครับ",
        "ขอนัดเข้าไปปรึกษาอีกครั้งวันที่ 15 ธ.ค. เวลา 14:00 ได้ไหมคะ",
        "เดี๋ยวให้น้องที่บริษัทตอบแทนนะครับ",
        "ยังไม่ได้ลองใช้ข้อมูลเลยค่ะ ไว้จะแจ้งอีกที",
    ],
    "en": [
        "OK, received",
        "Received, thanks.",
        "Noted.",
        "The link in item 2 is bad, please resend it",
        "the documents look good. When is the next seminar?",
        "Could you send me the guide for high-value exports?",
        "I did not use this service, I think this was sent to the wrong person.",
        "Please remove me from this mailing list.",
        "I'd rather not answer, thanks.",
        "I will rate once I have read the documents.",
        "Can you send 2 more copies to my colleague?",
        "What are the opening hours on 24 December?",
        "The attachment does not open on my phone.",
        "Your website has been down since yesterday.",
        "How much is a booth at the fair? We need 2 booths of 9 sqm.",
        "Please call me back at 081-234-5678.",
        "Forwarding this to my manager.",
        "Which documents do I need for a certificate of origin?",
        "Is there a fee, or is the service free?",
        "I have a question about HS code 0810.60, who should I contact?",
        "Can I book another appointment on 15/12/2026 at 2pm?",
        "The DITP Connect app crashes on Android 14.",
        "Page 5 of the guide has a typo.",
        "Thanks",
        "ok got it, thanks",
        "No comment.",
        "I haven't received the 4 files mentioned in the call.",
        "Please update my email address to export@abctrading.co.th",
    ],
}
# Two different answers, or a correction: a careful reader asks again.
CONFLICTING = {
    "th": ["{a} หรือ {b}", "{a} หรือ {b} ก็ได้{p}", "{a} กับ {b}", "{a} เอ้ย {b}{p}",
           "{a} ไม่สิ {b}", "ให้ {a} หรือ {b} ดี", "ตอนแรกจะให้ {a} แต่ขอเปลี่ยนเป็น {b}",
           "{a} และ {b}", "ไม่แน่ใจ ระหว่าง {a} กับ {b}", "ก้ำกึ่งระหว่าง {a} กับ {b}{p}",
           "เลือก {a} และ {b}"],
    "en": ["{a} or {b}", "{a} ... actually {b}", "{a}, no wait, {b}", "{a} and {b}",
           "Either {a} or {b}", "{a} or maybe {b}", "Not sure, {a} or {b}",
           "{a}? Actually make it {b}", "somewhere between {a} and {b}", "{a}, sorry I mean {b}"],
}
RANGES = {
    "th": ["{a}-{b}", "{a} - {b}", "{a}–{b}", "{a} ถึง {b}", "ประมาณ {a}-{b} {p}",
           "{a}~{b}", "ระหว่าง {a} ถึง {b}"],
    "en": ["{a}-{b}", "{a} - {b}", "{a} to {b}", "{a}–{b}", "around {a}-{b}",
           "{a} to {b} I guess"],
}
OUT_OF_SCALE = {
    "th": ["{n}", "ให้ {n} {p}", "{n} {p}", "เลือก {n}", "ให้ {n} คะแนนเต็ม{p}", "ตอบ {n}"],
    "en": ["{n}", "I'd say {n}", "My answer: {n}", "Option {n}", "{n}!", "Rating: {n}"],
}
OUT_VALUES = {"counter": ["0", "6", "7", "8", "9", "10", "10/10", "100"],
              "hotline1169": ["0", "4", "5", "7", "9", "10"],
              "chat": ["0", "3", "4", "5", "10"]}
# chat has no "not satisfied" option: the word is off its scale.
CHAT_MISSING = {"th": ["ไม่พึงพอใจ{p}", "ไม่พอใจ{p}", "ไม่ประทับใจเลย{p}", "ไม่พึงพอใจ"],
                "en": ["Not satisfied", "Dissatisfied", "Not satisfied at all.",
                       "Unsatisfied"]}
OOO = {
    "th": ["ขณะนี้ดิฉันไม่อยู่ที่สำนักงาน ระหว่างวันที่ 1-5 ธ.ค. 2569 จะกลับมาทำงานวันที่ 8 ธ.ค.\n"
           "หากมีเรื่องด่วนกรุณาติดต่อ 081-234-5678",
           "ผมลาพักร้อนถึงวันที่ 10 ธันวาคม 2569 จะตอบกลับเมื่อกลับมาครับ",
           "ขอบคุณสำหรับอีเมล ขณะนี้อยู่ระหว่างเดินทางไปต่างประเทศ (2-9 ธ.ค.)\n"
           "จะติดต่อกลับโดยเร็วที่สุด",
           "นี่คือข้อความตอบกลับอัตโนมัติ ได้รับอีเมลของท่านแล้ว จะติดต่อกลับภายใน 2 วันทำการ"],
    "en": ["I am out of the office until 8 December with limited access to email.\n"
           "For urgent matters please call +66 2 507 7999.",
           "Thank you for your email. I'm on leave from 1 to 5 December and will reply on my return.",
           "This is an automatic reply. Your message has been received and we will respond "
           "within 2 business days.",
           "I am travelling (Dec 2-9) and will answer your email when I am back."],
}


# --- helpers --------------------------------------------------------------------

def stable_hash(text):
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:12], 16)


class Pools:
    """Phrasing pools cut into disjoint tune / held-out parts.

    A phrasing goes to heldout when its hash is 0 mod 3, so the cut is the
    same in every run and does not move when other phrasings are added.  A
    pool whose cut leaves one side empty gives that side its
    smallest-hash phrasing (and the other side loses it), so both splits
    always have something to draw from.
    """

    def __init__(self, split):
        self.split = split
        self.cache = {}

    def take(self, key, items):
        if key in self.cache:
            return self.cache[key]
        items = list(dict.fromkeys(items))
        held = [x for x in items if stable_hash(x) % 3 == 0]
        tune = [x for x in items if stable_hash(x) % 3 != 0]
        if len(items) >= 2:
            if not held:
                first = min(tune, key=stable_hash)
                tune.remove(first)
                held.append(first)
            elif not tune:
                first = min(held, key=stable_hash)
                held.remove(first)
                tune.append(first)
        part = held if self.split == "heldout" else tune
        if not part:
            part = items
        self.cache[key] = part
        return part


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.uniform(0, total)
    for item, w in pairs:
        x -= w
        if x <= 0:
            return item
    return pairs[-1][0]


def digits(n, style):
    s = str(n)
    if style == "thai":
        return "".join("๐๑๒๓๔๕๖๗๘๙"[int(c)] if c.isdigit() else c for c in s)
    if style == "fullwidth":
        return "".join(chr(0xFF10 + int(c)) if c.isdigit() else c for c in s)
    if style == "keycap":
        return "".join(c + "\ufe0f\u20e3" if c.isdigit() else c for c in s)
    return s


def html_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def encoded_word(text):
    """RFC 2047 B-encoding, split at character boundaries."""
    try:
        text.encode("ascii")
        return text
    except UnicodeEncodeError:
        pass
    words, chunk = [], ""
    for ch in text:
        if len((chunk + ch).encode("utf-8")) > 42:
            words.append(chunk)
            chunk = ""
        chunk += ch
    if chunk:
        words.append(chunk)
    return "\r\n ".join("=?UTF-8?B?%s?=" % base64.b64encode(w.encode("utf-8")).decode()
                        for w in words)


def address(name, addr):
    if not name.isascii():
        shown = encoded_word(name)
    elif any(c in name for c in ",.()'"):
        shown = '"%s"' % name
    else:
        shown = name
    return "%s <%s>" % (shown, addr)


# --- the invitation ----------------------------------------------------------------

class Invitation:
    def __init__(self, rng, channel, lang, client_name, client_email):
        self.channel = channel
        self.lang = lang
        self.token = "".join(rng.choice(CROCKFORD) for _ in range(13))
        self.session = rng.randint(1000, 99999)
        self.message_id = "survey.%s.%d@%s" % (self.token, self.session, REPLY_DOMAIN)
        self.reply_to = "%s+%s@%s" % (REPLY_LOCAL, self.token, REPLY_DOMAIN)
        self.client_name = client_name
        self.client_email = client_email
        self.day = rng.randint(1, 30)         # November 2026
        self.hour = rng.randint(8, 16)
        self.minute = rng.choice([0, 5, 12, 20, 30, 41, 45, 58])
        self.weekday = (self.day - 1 + 6) % 7  # 1 Nov 2026 is a Sunday
        ch = CHANNELS[channel]
        th = lang == "th"
        name = ch["name"][0 if th else 1]
        self.options = [(code, lt if th else le) for code, lt, le in ch["scale"]]
        self.example = ch["scale"][0][0]
        tag = "[CKS-%s]" % self.token.upper()
        self.subject = ("โปรดประเมินความพึงพอใจ: บริการ%s %s" % (name, tag) if th
                        else "How satisfied were you? %s %s" % (name, tag))
        session_date = ("%d %s %d %02d:%02d" % (self.day, THAI_MONTHS[10], 2569, self.hour - 1, self.minute)
                        if th else "%d Nov 2026 %02d:%02d" % (self.day, self.hour - 1, self.minute))
        up = self.token.upper()
        opts = []
        for code, label in self.options:
            opts.append("  %d  %s" % (code, label))
            opts.append("      %s/r/%s/%d" % (PUBLIC_URL, self.token, code))
        if th:
            head = ["เรียน คุณ%s" % client_name, "",
                    "ขอบคุณที่ใช้บริการ%s เมื่อ %s" % (name, session_date),
                    "โปรดประเมินความพึงพอใจต่อการให้บริการ โดยเปิดลิงก์ใต้คำตอบ",
                    "ที่ตรงกับความพึงพอใจของท่าน แล้วกดยืนยันในหน้าที่เปิดขึ้น",
                    "หรือตอบกลับอีเมลนี้ด้วยหมายเลขหรือคำตอบเพียงข้อเดียว:", ""]
            tail = ["", "เช่น พิมพ์ %d แล้วกดส่ง จะเขียนความเห็นเพิ่มเติมต่อท้ายก็ได้" % self.example,
                    "หรือส่ง SMS: R %s %d" % (up, self.example), "",
                    "รหัสอ้างอิง: %s" % up, "", "ขอบคุณที่ช่วยให้เราพัฒนาบริการ", DEPARTMENT]
        else:
            head = ["Dear %s," % client_name, "",
                    "Thank you for using our %s service on %s." % (name, session_date),
                    "Please tell us how satisfied you were: open the link under your",
                    "answer and confirm it on the page that opens, or reply to this email",
                    "with ONE number or word:", ""]
            tail = ["", "For example, type %d and send. You may add a comment after it." % self.example,
                    "Or send an SMS: R %s %d" % (up, self.example), "",
                    "Reference: %s" % up, "", "Thank you for helping us improve,", DEPARTMENT]
        self.text_head = head + opts   # up to the options (inline answers go after)
        self.text_tail = tail
        self.text_lines = head + opts + tail
        # HTML body of the invitation (what a client quotes in HTML)
        li = "".join("<li><strong>%d</strong> %s</li>" % (c, html_escape(l)) for c, l in self.options)
        buttons = "".join('<tr><td style="padding: 0 0 8px 0;"><a href="%s/r/%s/%d" style="display: block;'
                          ' padding: 12px 16px; border: 1px solid #0b4f8a;">%s</a></td></tr>'
                          % (PUBLIC_URL, self.token, c, html_escape(l)) for c, l in self.options)
        if th:
            self.html = ("<p>เรียน คุณ%s</p><p>ขอบคุณที่ใช้บริการ%s เมื่อ %s\nโปรดประเมินความพึงพอใจต่อการให้บริการ "
                         "โดยแตะคำตอบที่ตรงกับความพึงพอใจของท่าน แล้วกดยืนยันในหน้าที่เปิดขึ้น:</p>"
                         '<table role="presentation">%s</table><p>หรือตอบกลับอีเมลนี้ด้วยหมายเลขหรือคำตอบเพียงข้อเดียว:</p>'
                         "<ul>%s</ul><p>เช่น พิมพ์ <strong>%d</strong> แล้วกดส่ง จะเขียนความเห็นเพิ่มเติมต่อท้ายก็ได้<br>"
                         "หรือส่ง SMS: <strong>R %s %d</strong></p><p class=\"small\">รหัสอ้างอิง: %s</p>"
                         "<p>ขอบคุณที่ช่วยให้เราพัฒนาบริการ<br>%s</p>"
                         % (html_escape(client_name), html_escape(name), session_date, buttons, li,
                            self.example, up, self.example, up, html_escape(DEPARTMENT)))
        else:
            self.html = ("<p>Dear %s,</p><p>Thank you for using our %s service on %s.\nPlease tell us how "
                         "satisfied you were: tap your answer and confirm it on the page that opens:</p>"
                         '<table role="presentation">%s</table><p>Or reply to this email with ONE number or word:</p>'
                         "<ul>%s</ul><p>For example, type <strong>%d</strong> and send. You may add a comment "
                         "after it.<br>Or send an SMS: <strong>R %s %d</strong></p><p class=\"small\">"
                         "Reference: %s</p><p>Thank you for helping us improve,<br>%s</p>"
                         % (html_escape(client_name), html_escape(name), session_date, buttons, li,
                            self.example, up, self.example, up, html_escape(DEPARTMENT)))

    def label(self, code):
        for c, l in self.options:
            if c == code:
                return l
        return None


# --- quoting ------------------------------------------------------------------------

def quote_header(style, inv, rng):
    """The attribution line(s) a client writes above the quote."""
    d, h, m, wd = inv.day, inv.hour, inv.minute, inv.weekday
    sender = "%s <%s>" % (DEPARTMENT, DESK_ADDRESS)
    h12 = "%d:%02d %s" % ((h - 1) % 12 + 1, m, "AM" if h < 12 else "PM")
    if style == "gmail_en":
        line = "On %s, %d Nov 2026 at %02d:%02d, %s wrote:" % (EN_DAYS[wd], d, h, m, sender)
        if rng.random() < 0.4:  # Gmail's other locale form, wrapped before the address
            return ["On %s, Nov %d, 2026 at %s %s <" % (EN_DAYS[wd], d, h12, DEPARTMENT),
                    "%s> wrote:" % DESK_ADDRESS]
        return [line]
    if style == "gmail_th":
        year = rng.choice(["2569", "2026"])
        return ["เมื่อ %s %d พ.ย. %s เวลา %02d:%02d %s เขียนว่า:" % (THAI_DAYS_SHORT[wd], d, year, h, m, sender)]
    if style == "apple":
        return ["On %d Nov 2026, at %02d:%02d, %s wrote:" % (d, h, m, sender)]
    if style == "thunderbird":
        return ["On %d/11/2026 %02d:%02d, %s wrote:" % (d, h, m, sender)]
    if style == "mutt":
        return ["On %s, Nov %02d, 2026 at %02d:%02d:00AM +0700, %s wrote:" % (EN_DAYS[wd], d, h, m, sender)]
    if style == "snail":
        return ["%s wrote:" % sender] if rng.random() < 0.5 else []
    return []


def outlook_block(style, inv, rng, html=False):
    d, h, m, wd = inv.day, inv.hour, inv.minute, inv.weekday
    to = "%s <%s>" % (inv.client_name, inv.client_email)
    sender = "%s <%s>" % (DEPARTMENT, DESK_ADDRESS)
    if style == "outlook_th":
        rows = [("จาก", sender),
                ("ส่ง", "%sที่ %d %s %d %02d:%02d" % (THAI_DAYS[wd], d, THAI_MONTHS_FULL[10], 2569, h, m)),
                ("ถึง", to), ("เรื่อง", inv.subject)]
    else:
        rows = [("From", sender),
                ("Sent", "%s, November %d, 2026 %d:%02d %s" % (EN_DAYS_FULL[wd], d, (h - 1) % 12 + 1, m,
                                                             "AM" if h < 12 else "PM")),
                ("To", to), ("Subject", inv.subject)]
    if html:
        return "<br>".join("<b>%s:</b> %s" % (k, html_escape(v)) for k, v in rows)
    lines = []
    if style == "original":
        lines.append("-----Original Message-----")
    elif rng.random() < 0.7:
        lines.append("________________________________")
    lines += ["%s: %s" % (k, v) for k, v in rows]
    return lines


def quoted_plain(style, inv, rng, lines=None):
    """The invitation (or part of it) quoted the way style does."""
    lines = inv.text_lines if lines is None else lines
    if style in ("outlook_en", "outlook_th", "original"):
        return outlook_block(style, inv, rng) + [""] + lines
    if style == "snail":
        return quote_header(style, inv, rng) + [""] + ["\t" + l if l else "" for l in lines]
    if style == "apple_iphone":
        return (["On %d Nov 2026, at %02d:%02d, %s <%s> wrote:" % (inv.day, inv.hour, inv.minute,
                                                                  DEPARTMENT, DESK_ADDRESS), ""]
                + ["> " + l if l else ">" for l in lines])
    prefix = quote_header(style, inv, rng)
    q = [("> " + l) if l else ">" for l in lines]
    return prefix + q


# --- one reply ---------------------------------------------------------------------

class Reply:
    """Builds the customer's own text as a list of lines plus labels."""

    def __init__(self):
        self.before = []    # greeting
        self.body = []      # answer and comment lines
        self.after = []     # closing, signature


def pick_digit_style(rng, lang):
    if lang == "th":
        return weighted(rng, [("ascii", 70), ("thai", 16), ("fullwidth", 7), ("keycap", 7)])
    return weighted(rng, [("ascii", 88), ("fullwidth", 5), ("keycap", 5), ("thai", 2)])


class Generator:
    def __init__(self, split, seed):
        self.split = split
        self.rng = random.Random(seed)
        self.pools = Pools(split)

    def pool(self, key, items):
        return self.pools.take(key, items)

    def choice(self, key, items):
        return self.rng.choice(self.pool(key, items))

    def particle(self, gender):
        return self.choice("particle_" + gender, PARTICLES_M if gender == "m" else PARTICLES_F)

    def fill(self, template, n=None, gender="m", label=None, a=None, b=None):
        out = template
        if "{p}" in out:
            p = self.particle(gender)
            # "{n}{p}" and "{n} {p}" both occur; keep the template's spacing
            out = out.replace("{p}", p)
        out = out.replace("{x}", "ผม" if gender == "m" else "ดิฉัน")
        if n is not None:
            out = out.replace("{n}", n)
        if label is not None:
            out = out.replace("{l}", label)
        if a is not None:
            out = out.replace("{a}", a).replace("{b}", b)
        return out.strip() if not template.startswith(" ") else out.rstrip()

    # -- answers ------------------------------------------------------------
    def answer(self, ch, code, lang, inv, gender):
        """(shape, text, digit style) for a positive answer."""
        rng = self.rng
        shapes = [("bare", 12), ("particle", 12 if lang == "th" else 0), ("cued_before", 22),
                  ("cued_after", 10), ("label_word", 16), ("label_echo", 9)]
        shape = weighted(rng, shapes)
        style = pick_digit_style(rng, lang)
        n = digits(code, style)
        if shape == "bare":
            t = self.choice("bare", ANSWERS["bare"]["all"])
            return shape, self.fill(t, n, gender), style
        if shape == "particle":
            t = self.choice("particle", ANSWERS["particle"]["all"])
            return shape, self.fill(t, n, gender), style
        if shape in ("cued_before", "cued_after"):
            items = list(ANSWERS[shape]["all_" + lang])
            if ch == "counter":
                items += ANSWERS[shape]["counter_" + lang]
            t = self.choice("%s_%s_%s" % (shape, lang, ch == "counter"), items)
            return shape, self.fill(t, n, gender), style
        if shape == "label_word":
            t = self.choice("word_%s_%d_%s" % (ch, code, lang), WORDS[ch][code][lang])
            return shape, self.fill(t, None, gender), "none"
        # label_echo: the option line copied from the invitation
        t = self.choice("echo", ECHO)
        if lang == "en" and "{p}" in t:
            t = t.replace(" {p}", "").replace("{p}", "")
        if t.startswith("ตอบ") or t.startswith("ข้อ"):
            if lang == "en":
                t = t.replace("ตอบ ", "").replace("ข้อ ", "Option ")
        return shape, self.fill(t, n, gender, label=inv.label(code)), style

    def gendered(self, key, items, gender):
        """Greetings and closings agree with the writer's particles."""
        other = ("ค่ะ", "ค่า", "คะ") if gender == "m" else ("ครับ", "คับ")
        return self.choice(key + "_" + gender, [x for x in items if not any(o in x for o in other)])

    def comment(self, lang, allow_scaleish):
        kinds = [("plain", 3)] + ([("scaleish", 1)] if allow_scaleish else [])
        kind = weighted(self.rng, kinds)
        return self.choice("comment_%s_%s" % (lang, kind), COMMENTS[lang][kind])

    # -- signatures ---------------------------------------------------------
    def signature(self, lang, name, kind, gender):
        rng = self.rng
        th = lang == "th"
        lines = []
        if kind == "none":
            return lines
        if kind == "device":
            return [self.choice("device_" + lang, DEVICE_SIGS[lang])]
        if kind == "closing":
            return [self.gendered("closing_" + lang, CLOSINGS[lang], gender)]
        if kind == "name_only":
            return [name.split()[0] if rng.random() < 0.5 else name]
        extra = []
        if rng.random() < 0.5:
            extra.append(self.choice("title_" + lang, TITLES_TH if th else TITLES_EN))
        if rng.random() < 0.6:
            extra.append(self.choice("company_" + lang, COMPANIES_TH if th else COMPANIES_EN))
        for _ in range(rng.randint(0, 3)):
            extra.append(self.choice("sigextra_" + lang, SIG_EXTRA_TH if th else SIG_EXTRA_EN))
        extra = list(dict.fromkeys(extra))
        if kind == "dashdash":
            sep = rng.choice(["-- ", "--", "-- "])
            lines = [sep, name] + extra
            if rng.random() < 0.3:
                lines = [self.gendered("closing_" + lang, CLOSINGS[lang], gender), ""] + lines
            return lines
        if kind == "signoff":
            lines = [self.choice("signoff_" + lang, SIGN_OFFS[lang]), name] + extra
            if rng.random() < 0.3:
                lines = [self.gendered("closing_" + lang, CLOSINGS[lang], gender), ""] + lines
            if rng.random() < 0.2:
                lines += ["", self.choice("device_" + lang, DEVICE_SIGS[lang])]
            return lines
        raise ValueError(kind)

    # -- one reply ----------------------------------------------------------
    def make(self, index):
        rng = self.rng
        ch = weighted(rng, CHANNEL_WEIGHTS)
        inv_lang = weighted(rng, [("th", 65), ("en", 35)])
        lang = inv_lang if rng.random() < 0.9 else ("en" if inv_lang == "th" else "th")
        name, gender = rng.choice(NAMES_TH if lang == "th" else NAMES_EN)
        client_email = rng.choice(["somchai.j", "export", "sales", "info", "purchasing", "nida.k",
                                   "john.smith", "emily", "rk", "admin"]) + "@" + rng.choice(
            ["gmail.com", "hotmail.com", "siamfruit.co.th", "abctrading.co.th", "outlook.com",
             "yahoo.co.th", "icloud.com"])
        inv = Invitation(rng, ch, inv_lang, name, client_email)
        label = {"file": "%05d.eml" % index, "split": self.split, "channel": ch, "lang": lang,
                 "inv_lang": inv_lang, "token": inv.token}
        kind = weighted(rng, [("answer", 70), ("no_rating", 10), ("conflicting", 4.5), ("range", 3),
                              ("out_of_scale", 4), ("empty", 2), ("auto_reply", 3.5), ("bounce", 3)])
        if kind == "bounce":
            return self.bounce(inv, label)
        if kind == "auto_reply":
            return self.auto_reply(inv, lang, name, client_email, label)

        reply = Reply()
        comment = ""
        comment_pos = "none"
        shape = kind
        style = "none"
        if kind == "answer":
            code = rng.choice([c for c, _ in inv.options])
            shape, text, style = self.answer(ch, code, lang, inv, gender)
            label["expect"] = code
            label["class"] = "answer/" + shape
            allow_scaleish = shape not in ("label_word",)
            comment_pos = weighted(rng, [("none", 50), ("same_line", 22), ("next_line", 22), ("before", 6)])
            if comment_pos == "before":
                # a remark before the answer: kept free of scale-like words,
                # so that the line after it is unmistakably the answer
                allow_scaleish = False
            if comment_pos != "none":
                comment = self.comment(lang, allow_scaleish)
            if comment_pos == "same_line":
                sep = rng.choice([" ", " - ", ", ", "  ", " : ", ". "] if not text.endswith(".")
                                 else [" ", "  "])
                if sep == ". " and not text[-1:].isalnum():
                    sep = " "
                # a comment that continues onto a second line
                if rng.random() < 0.25 and " " in comment:
                    words = comment.split(" ")
                    cut = rng.randint(1, len(words) - 1)
                    reply.body = [text + sep + " ".join(words[:cut]), " ".join(words[cut:])]
                else:
                    reply.body = [text + sep + comment]
            elif comment_pos == "next_line":
                gap = rng.choice([[], [""]])
                reply.body = [text] + gap + [comment]
            elif comment_pos == "before":
                # the remark first, the answer on a line of its own after it
                reply.body = [comment, "", text] if rng.random() < 0.5 else [comment, text]
            else:
                reply.body = [text]
            label["answer_text"] = text
        elif kind == "no_rating":
            text = self.choice("norating_" + lang, NO_RATING[lang])
            reply.body = text.split("\n")
            label["expect"] = "not_recorded"
            label["class"] = "neg/no_rating"
            label["answer_text"] = text
        elif kind in ("conflicting", "range"):
            codes = sorted(c for c, _ in inv.options)
            style = pick_digit_style(rng, lang)
            if kind == "range":
                i = rng.randrange(len(codes) - 1)
                a, b = codes[i], codes[i + 1]
                t = self.choice("range_" + lang, RANGES[lang])
                text = self.fill(t, gender=gender, a=digits(a, style), b=digits(b, style))
                reply.body = [text]
            else:
                a, b = rng.sample(codes, 2)
                if rng.random() < 0.25:
                    # a number, and on its own line the label of another option
                    other = inv.label(b) if rng.random() < 0.5 else self.fill(
                        self.choice("word_%s_%d_%s" % (ch, b, lang), WORDS[ch][b][lang]), gender=gender)
                    text = digits(a, style)
                    reply.body = [text, other] if rng.random() < 0.5 else [other, "", text]
                    shape = "number_vs_label"
                else:
                    t = self.choice("conflict_" + lang, CONFLICTING[lang])
                    text = self.fill(t, gender=gender, a=digits(a, style), b=digits(b, style))
                    reply.body = [text]
            label["expect"] = "not_recorded"
            label["class"] = "neg/" + kind
            label["answer_text"] = "\n".join(reply.body)
        elif kind == "out_of_scale":
            if ch == "chat" and rng.random() < 0.35:
                text = self.fill(self.choice("chatmissing_" + lang, CHAT_MISSING[lang]), gender=gender)
                shape = "missing_option_word"
            else:
                style = pick_digit_style(rng, lang)
                t = self.choice("oos_" + lang, OUT_OF_SCALE[lang])
                text = self.fill(t, digits(rng.choice(OUT_VALUES[ch]), style), gender)
            reply.body = [text]
            label["expect"] = "not_recorded"
            label["class"] = "neg/out_of_scale"
            label["answer_text"] = text
        elif kind == "empty":
            reply.body = []
            label["expect"] = "not_recorded"
            label["class"] = "neg/empty"
            label["answer_text"] = ""

        greeting = kind != "empty" and rng.random() < 0.25
        if greeting:
            reply.before = [self.gendered("greeting_" + lang, GREETINGS[lang], gender), ""]
        sig_kind = weighted(rng, [("none", 30), ("closing", 12), ("device", 14), ("signoff", 22),
                                  ("dashdash", 16), ("name_only", 6)])
        if kind == "empty" and sig_kind not in ("none", "device"):
            sig_kind = "none"
        sig = self.signature(lang, name, sig_kind, gender)
        if sig:
            gap = [""] if (sig_kind != "device" or rng.random() < 0.7) else []
            if sig_kind == "name_only":
                gap = [""]
            reply.after = gap + sig

        label.update({"shape": shape, "digits": style, "greeting": greeting,
                      "comment_pos": comment_pos, "signature": sig_kind,
                      "comment": comment})
        if label["expect"] == "not_recorded":
            label["comment"] = ""
        return self.assemble(inv, lang, name, client_email, reply, label)

    # -- the mail -------------------------------------------------------------
    def assemble(self, inv, lang, name, client_email, reply, label):
        rng = self.rng
        quote = weighted(rng, [("gmail_en", 16), ("gmail_th", 10), ("outlook_en", 10), ("outlook_th", 7),
                               ("original", 5), ("apple", 6), ("apple_iphone", 6), ("thunderbird", 6),
                               ("mutt", 4), ("snail", 4), ("bottom", 8), ("inline", 8), ("none", 10)])
        if label["class"] == "neg/empty" and quote == "none":
            quote = "gmail_en"
        # the plain-text clients write no HTML; Outlook rarely writes plain
        if quote in ("mutt", "snail", "inline", "bottom"):
            fmt = "plain"
        elif quote in ("outlook_en", "outlook_th", "original"):
            fmt = weighted(rng, [("plain", 15), ("html", 40), ("alternative", 45)])
        else:
            fmt = weighted(rng, [("plain", 45), ("html", 15), ("alternative", 40)])
        own = reply.before + reply.body + reply.after
        if quote == "none":
            lines = own
        elif quote == "inline":
            # the answer right under the quoted option list, the rest quoted below
            attrib = quote_header(rng.choice(["gmail_en", "thunderbird", "mutt"]), inv, rng)
            head = [("> " + l) if l else ">" for l in inv.text_head]
            tail = [("> " + l) if l else ">" for l in inv.text_tail]
            lines = reply.before + attrib + head + [""] + reply.body + [""]
            if rng.random() < 0.6:
                lines += tail + [""]
            lines += reply.after
        elif quote == "bottom":
            style = rng.choice(["gmail_en", "gmail_th", "thunderbird", "mutt"])
            lines = quote_header(style, inv, rng) + [("> " + l) if l else ">" for l in inv.text_lines] \
                + [""] + own
        else:
            q = quoted_plain(quote, inv, rng)
            gap = [""] if own else []
            lines = own + gap + ([""] if rng.random() < 0.5 else []) + q
        text = "\n".join(lines) + "\n"
        html = self.html_body(quote, inv, own) if fmt != "plain" else None

        charset = "utf-8"
        if lang == "th" or inv.lang == "th":
            charset = weighted(rng, [("utf-8", 70), ("tis-620", 15), ("windows-874", 15)])
        else:
            charset = weighted(rng, [("utf-8", 85), ("us-ascii", 15)])
        codec = {"utf-8": "utf-8", "tis-620": "tis_620", "windows-874": "cp874", "us-ascii": "ascii"}
        try:
            text.encode(codec[charset])
            if html:
                html.encode(codec[charset])
        except UnicodeEncodeError:
            charset = "utf-8"   # the client falls back, as real ones do
        if charset == "us-ascii":
            cte = "7bit"
        elif charset == "utf-8":
            cte = weighted(rng, [("8bit", 30), ("base64", 40), ("quoted-printable", 30)])
        else:
            cte = weighted(rng, [("8bit", 30), ("base64", 35), ("quoted-printable", 35)])
        crlf = rng.random() < 0.8
        label.update({"quote": quote, "format": fmt, "charset": charset, "cte": cte})
        return self.mail(inv, lang, name, client_email, text, html, fmt, charset, codec[charset], cte,
                         crlf, label)

    def html_body(self, quote, inv, own):
        rng = self.rng

        def para(lines):
            out, block = [], []
            for l in lines + [""]:
                if l == "":
                    if block:
                        out.append("<div>%s</div>" % "<br>".join(html_escape(x) for x in block))
                        block = []
                    else:
                        out.append("<div><br></div>")
                else:
                    block.append(l)
            return "".join(out)

        mine = para(own)
        if quote in ("gmail_en", "gmail_th", "none"):
            attr = "".join(quote_header("gmail_en" if quote != "gmail_th" else "gmail_th", inv, rng))
            q = ('<div class="gmail_quote"><div dir="ltr" class="gmail_attr">%s<br></div>'
                 '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid '
                 'rgb(204,204,204);padding-left:1ex">%s</blockquote></div>' % (html_escape(attr), inv.html))
            if quote == "none":
                q = ""
            body = '<div dir="ltr">%s</div><br>%s' % (mine, q)
        elif quote in ("outlook_en", "outlook_th", "original"):
            block = outlook_block("outlook_th" if quote == "outlook_th" else "outlook_en", inv, rng, html=True)
            body = ('<div style="font-family: Calibri, Arial, Helvetica, sans-serif; font-size: 12pt;">%s</div>'
                    '<div id="appendonsend"></div><hr style="display:inline-block;width:98%%" tabindex="-1">'
                    '<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" '
                    'color="#000000">%s</font><div>&nbsp;</div></div><div>%s</div>' % (mine, block, inv.html))
        elif quote in ("apple", "apple_iphone"):
            attr = quote_header("apple", inv, rng)[0]
            body = ('%s<div><br><blockquote type="cite"><div>%s</div><br class="Apple-interchange-newline">'
                    '<div>%s</div></blockquote></div>' % (mine, html_escape(attr), inv.html))
        else:  # thunderbird
            attr = quote_header("thunderbird", inv, rng)[0]
            body = ('<div>%s</div><div class="moz-cite-prefix">%s<br></div><blockquote type="cite" '
                    'cite="mid:%s">%s</blockquote>' % (mine, html_escape(attr), inv.message_id, inv.html))
        return ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=%%CHARSET%%">'
                '</head><body>%s</body></html>' % body)

    def part(self, ctype, body, charset, codec, cte, crlf):
        data = body.replace("%CHARSET%", charset).encode(codec)
        # base64 carries text in its canonical CRLF form; the other
        # encodings get their line ends with the whole message in mail()
        if crlf and cte == "base64":
            data = data.replace(b"\n", b"\r\n")
        if cte == "base64":
            payload = base64.encodebytes(data)
        elif cte == "quoted-printable":
            payload = quopri.encodestring(data)
        else:
            payload = data
        head = "Content-Type: %s; charset=%s\nContent-Transfer-Encoding: %s\n\n" % (
            ctype, charset if charset != "us-ascii" else "us-ascii", cte)
        return head.encode("ascii") + payload

    def headers(self, inv, lang, name, client_email, subject=None, extra=()):
        rng = self.rng
        h = []
        h.append("From: %s" % address(name, client_email))
        to = inv.reply_to
        h.append("To: %s" % (to if rng.random() < 0.5 else address(DEPARTMENT, to)))
        if subject is None:
            prefix = weighted(rng, [("Re: ", 70), ("RE: ", 15), ("ตอบกลับ: ", 5 if lang == "th" else 0),
                                    ("Re:", 5), ("AW: ", 2), ("Re: Re: ", 3)])
            subject = prefix + inv.subject
        h.append("Subject: %s" % encoded_word(subject))
        h.append("Date: %s, %d Nov 2026 %02d:%02d:%02d +0700" % (
            EN_DAYS[(inv.weekday + 1) % 7], min(inv.day + 1, 30), rng.randint(6, 22), rng.randint(0, 59),
            rng.randint(0, 59)))
        h.append("Message-ID: <%s@%s>" % (
            "".join(rng.choice("0123456789abcdef") for _ in range(20)),
            client_email.split("@")[1]))
        refs = weighted(rng, [("both", 70), ("in_reply_to", 10), ("references", 8), ("none", 12)])
        if refs in ("both", "in_reply_to"):
            h.append("In-Reply-To: <%s>" % inv.message_id)
        if refs in ("both", "references"):
            h.append("References: <%s>" % inv.message_id)
        h.extend(extra)
        h.append("MIME-Version: 1.0")
        return h

    def mail(self, inv, lang, name, client_email, text, html, fmt, charset, codec, cte, crlf, label,
             extra=(), subject=None):
        h = self.headers(inv, lang, name, client_email, subject, extra)
        agent = {"gmail_en": "X-Mailer: Gmail", "outlook_en": "X-Mailer: Microsoft Outlook 16.0",
                 "outlook_th": "X-Mailer: Microsoft Outlook 16.0", "mutt": "User-Agent: NeoMutt/20231103",
                 "thunderbird": "User-Agent: Mozilla Thunderbird", "snail": "User-Agent: s-nail v14.9.24",
                 "apple": "X-Mailer: Apple Mail (2.3774)", "apple_iphone": "X-Mailer: iPhone Mail (21F90)"}
        if label.get("quote") in agent:
            h.append(agent[label["quote"]])
        head = ("\n".join(h) + "\n").encode("utf-8")
        if fmt == "plain":
            body = self.part("text/plain", text, charset, codec, cte, crlf)
        elif fmt == "html":
            body = self.part("text/html", html, charset, codec, cte, crlf)
        else:
            b = "000000000000%016x" % self.rng.getrandbits(64)
            body = ('Content-Type: multipart/alternative; boundary="%s"\n\n--%s\n' % (b, b)).encode() \
                + self.part("text/plain", text, charset, codec, cte, crlf) \
                + ("\n--%s\n" % b).encode() + self.part("text/html", html, charset, codec, cte, crlf) \
                + ("\n--%s--\n" % b).encode()
        raw = head + body
        if crlf:
            raw = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        return raw, label

    # -- machine mail -------------------------------------------------------
    def auto_reply(self, inv, lang, name, client_email, label):
        rng = self.rng
        body = self.choice("ooo_" + lang, OOO[lang])
        marks = weighted(rng, [("auto_submitted", 45), ("x_autoreply", 15), ("precedence", 10),
                               ("subject_only", 20), ("exchange", 10)])
        extra = []
        if marks == "auto_submitted":
            extra.append("Auto-Submitted: auto-replied")
        elif marks == "x_autoreply":
            extra += ["X-Autoreply: yes", "X-Autorespond: yes"]
        elif marks == "precedence":
            extra.append("Precedence: auto_reply")
        elif marks == "exchange":
            extra += ["Auto-Submitted: auto-generated", "X-Auto-Response-Suppress: All",
                      "X-MS-Exchange-Inbox-Rules-Loop: %s" % client_email]
        prefix = {"th": ["ตอบกลับอัตโนมัติ: ", "Automatic reply: ", "Out of Office: "],
                  "en": ["Automatic reply: ", "Out of Office: ", "Auto: ", "Autoreply: "]}[lang]
        subject = rng.choice(prefix) + inv.subject
        text = body + "\n"
        if rng.random() < 0.3:
            text += "\n" + "\n".join(quoted_plain("outlook_en", inv, rng)) + "\n"
        charset = "utf-8"
        label.update({"expect": "not_recorded", "class": "neg/auto_reply", "shape": marks,
                      "quote": "none", "format": "plain", "charset": charset, "cte": "8bit",
                      "digits": "none", "greeting": False, "comment_pos": "none", "signature": "none",
                      "comment": "", "answer_text": body})
        return self.mail(inv, lang, name, client_email, text, None, "plain", charset, "utf-8",
                         "8bit", True, label, extra=extra, subject=subject)

    def bounce(self, inv, label):
        rng = self.rng
        mta = rng.choice(["mx1.gmail-smtp-in.l.google.com", "mail.siamfruit.co.th",
                          "mx.hotmail.com", "smtp.abctrading.co.th"])
        original = ("From: %s <%s>\nTo: %s\nSubject: %s\nMessage-ID: <%s>\nAuto-Submitted: auto-generated\n"
                    "Reply-To: %s\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
                    "Content-Transfer-Encoding: 8bit\n\n%s\n"
                    % (encoded_word(DEPARTMENT), DESK_ADDRESS, inv.client_email, encoded_word(inv.subject),
                       inv.message_id, inv.reply_to, "\n".join(inv.text_lines)))
        kind = weighted(rng, [("dsn_failed", 55), ("dsn_delayed", 15), ("dsn_headers", 10),
                              ("qmail_plain", 20)])
        if kind == "qmail_plain":
            # qmail writes no multipart/report: the invitation comes back as plain text
            text = ("Hi. This is the qmail-send program at %s.\nI'm afraid I wasn't able to deliver your "
                    "message to the following addresses.\nThis is a permanent error; I've given up. "
                    "Sorry it didn't work out.\n\n<%s>:\n550 5.1.1 mailbox unavailable\n\n"
                    "--- Below this line is a copy of the message.\n\nReturn-Path: <%s>\n%s"
                    % (mta, inv.client_email, DESK_ADDRESS, original))
            h = ["From: MAILER-DAEMON@%s" % mta, "To: %s" % DESK_ADDRESS,
                 "Subject: failure notice", "Date: Mon, 30 Nov 2026 10:00:05 +0700",
                 "Message-ID: <bounce.%s@%s>" % (inv.token, mta), "MIME-Version: 1.0",
                 "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"]
            raw = ("\n".join(h) + "\n\n").encode() + text.encode("utf-8")
        else:
            action = "delayed" if kind == "dsn_delayed" else "failed"
            status = "4.4.7" if action == "delayed" else rng.choice(["5.1.1", "5.2.2", "5.7.1"])
            b = "bounce%016x" % rng.getrandbits(64)
            human = ("This is the mail system at host %s.\n\nI'm sorry to have to inform you that your message "
                     "could not\nbe delivered to one or more recipients.\n\n<%s>: host %s said: 550 %s "
                     "user unknown\n" % (mta, inv.client_email, mta, status))
            if action == "delayed":
                human = ("Delivery to the following recipient has been delayed:\n\n     %s\n\n"
                         "Message will be retried for 2 more day(s)\n" % inv.client_email)
            dsn = ("Reporting-MTA: dns; %s\nArrival-Date: Mon, 30 Nov 2026 10:00:01 +0700\n\n"
                   "Final-Recipient: rfc822; %s\nOriginal-Recipient: rfc822;%s\nAction: %s\nStatus: %s\n"
                   "Diagnostic-Code: smtp; 550 %s mailbox unavailable\n"
                   % (mta, inv.client_email, inv.client_email, action, status, status))
            if kind == "dsn_headers":
                orig_part = "Content-Type: text/rfc822-headers\n\n%s" % original.split("\n\n")[0] + "\n"
            else:
                orig_part = "Content-Type: message/rfc822\n\n%s" % original
            subj = rng.choice(["Undelivered Mail Returned to Sender", "Delivery Status Notification (Failure)",
                               "Mail delivery failed: returning message to sender",
                               "Delivery Status Notification (Delay)" if action == "delayed"
                               else "Returned mail: see transcript for details"])
            h = ["From: Mail Delivery System <MAILER-DAEMON@%s>" % mta, "To: %s" % DESK_ADDRESS,
                 "Subject: %s" % subj, "Date: Mon, 30 Nov 2026 10:00:05 +0700",
                 "Message-ID: <dsn.%s@%s>" % (inv.token, mta), "Auto-Submitted: auto-replied",
                 "MIME-Version: 1.0",
                 'Content-Type: multipart/report; report-type=delivery-status; boundary="%s"' % b]
            body = ("--%s\nContent-Description: Notification\nContent-Type: text/plain; charset=us-ascii\n\n%s\n"
                    "--%s\nContent-Description: Delivery report\nContent-Type: message/delivery-status\n\n%s\n"
                    "--%s\nContent-Description: Undelivered Message\n%s\n--%s--\n"
                    % (b, human, b, dsn, b, orig_part, b))
            raw = ("\n".join(h) + "\n\n").encode() + body.encode("utf-8")
        raw = raw.replace(b"\n", b"\r\n")
        label.update({"expect": "not_recorded", "class": "neg/bounce", "shape": kind, "quote": "none",
                      "format": "report" if kind != "qmail_plain" else "plain", "charset": "utf-8",
                      "cte": "8bit", "digits": "none", "greeting": False, "comment_pos": "none",
                      "signature": "none", "comment": "", "answer_text": "", "lang": inv.lang})
        return raw, label


SEEDS = {"tune": 1169, "heldout": 2569}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=sorted(SEEDS), required=True)
    ap.add_argument("--out", required=True, help="directory to write NNNNN.eml and labels.jsonl into")
    ap.add_argument("--count", type=int, default=3000)
    ap.add_argument("--seed", type=int, help="default: the split's own seed")
    ap.add_argument("--pools", metavar="FILE",
                    help="also write every phrasing drawn from, as split<TAB>pool<TAB>phrasing")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else SEEDS[args.split]
    gen = Generator(args.split, seed)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "labels.jsonl"), "w", encoding="utf-8") as labels:
        for i in range(1, args.count + 1):
            raw, label = gen.make(i)
            with open(os.path.join(args.out, label["file"]), "wb") as f:
                f.write(raw)
            labels.write(json.dumps(label, ensure_ascii=False, sort_keys=True) + "\n")
    if args.pools:
        with open(args.pools, "w", encoding="utf-8") as f:
            for key in sorted(gen.pools.cache):
                for item in gen.pools.cache[key]:
                    f.write("%s\t%s\t%s\n" % (args.split, key, item.replace("\n", "\\n")))


if __name__ == "__main__":
    sys.exit(main())
