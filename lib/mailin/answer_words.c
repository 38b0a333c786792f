/* The words the answer model reads (see answer_words.h). */
#include "autoconfig.h"

#include "answer_words.h"

#include <stddef.h>

/* Words that carry no content of their own in a short answer. */
const char *const cks_answer_particles[] = {
	"ครับผม", "ครับกระผม", "คับผม", "คร้าบผม", "ค้าบผม", "ครับ", "คับ", "ครัช", "คร้าบ", "ค้าบ", "คัฟ", "ขอรับ", "ค่ะ",
	"ค่า", "คะ", "ค๊ะ", "ค๊า", "คร่ะ", "จ้า", "จ้ะ", "จ๊ะ", "ฮะ", "ฮ่ะ", "นะ",
	"น่ะ", "เลย", "ด้วย", "เน้อ", "งับ", "ฮับ", "จ้าา", "ค่าา", "ๆ", "จ้ะ",
	"ละกัน", "แล้วกัน", "นะคะ", "นะครับ", "kub", "krub", "ka", "kha", "na",
	"ตามนี้", "เท่านี้", "that's all", "that's it", "that is all",
	/* everyday slips */
	"ครับบ", "คับบ", "ค่ะะ", "คะะ", "ค่าาา", "จ้าาา", "นะคับ", "ครัชช",
	"ค่ะ^^", "^^", "🙏", "😊", "🙂", "👍", "คร่า", "ค่าา", "คร่ะ", "ค้า",
	"คร้าบบ", "ค้าบ", "จ้ะ", "ฮ้ะ", "พี่", "นี่แหละ", "แหละ", "นะจ๊ะ",
	"ค่ะๆ", "ครับๆ", "คับๆ", "จ้าๆ", "ค่าๆ", "นะครับผม", "naka", "na ka", "nakub",
	"na krub",
	/* the North's polite particle, and chat slang for ครับ */
	"เจ้า", "เจ้าค่ะ", "เจ้าคะ", "ฮ้าฟ", "ฮาฟ", "ฮัฟ", NULL
};

const char *const cks_answer_thanks[] = {
	"ขอบคุณมากๆ", "ขอบคุณมาก", "ขอบคุณ", "ขอบพระคุณ", "thank you very much",
	"thank you so much", "thank you", "thanks a lot", "many thanks",
	"thanks", "thx", "ty", "please", "pls", "unfortunately", "sadly",
	"i'm afraid", "i am afraid", "sorry to say", NULL
};

const char *const cks_answer_pronouns[] = {
	"กระผม", "ผม", "ดิฉัน", "ฉัน", "หนู", "เรา", "พวกเรา", "ข้าพเจ้า", "i", "we",
	"i'd", "i'll", "i would", "i will", "i’d", NULL
};

/* Words around a scale word that leave it the answer: "the service was
 * very satisfying", "บริการโดยรวม". */
const char *const cks_answer_frame_words[] = {
	"การบริการ", "ให้บริการ", "บริการ", "โดยรวม", "ภาพรวม", "รู้สึก",
	"overall", "the service", "service", "it", "it was", "it's", "was",
	"is", "am", "i'm", "i am", "we're", "we are", "are", "feel", "all",
	"everything", "สุดๆ", "สุด ๆ", "มากๆ", "มาก ๆ", "ก็", "ระดับ", "just",
	"only", "แค่", "ก็แค่", "กับการบริการ", "ในการบริการ", "กับบริการ", "ในบริการ",
	"กับทุกอย่าง", "with the service", "with your service",
	"with the services", "in the service", "by the service",
	"with everything", "pretty", "fairly", "quite", "ความพึงพอใจ", "พึงพอใจ", "พอใจ", "satisfaction", "level",
	"rather", "somewhat", "ค่อนข้าง", "were", "we were", "i was", "ถือว่า",
	"ก็ถือว่า", "ทุกอย่าง", "ในการให้บริการ", "กับการให้บริการ", "ต่อการให้บริการ",
	"ต่อการบริการ", "ต่อบริการ", "with the agent", "with the staff", "with the officer",
	"with the help", "with the answer", "with the call", "with the advice",
	"with your staff", "with your team", "with the team", "เท่าไหร่", "เท่าไร",
	"สักเท่าไหร่", "enough", "พอสมควร", "อยู่ในระดับ", "ในระดับ", "อยู่ที่ระดับ",
	"อยู่ที่", "of satisfaction", "ยัง", "ก็ยัง", "i guess", "i think", "i suppose",
	/* "พอใจแล้วค่ะ": satisfied already */
	"แล้ว", "ข้าพเจ้า",
	/* the formal "have satisfaction" is "am satisfied" ("ข้าพเจ้ามีความ
	 * พึงพอใจในระดับมาก"); "my feeling is satisfied" */
	"มีความ", "my feeling is", "my feeling", "feeling",
	/* a liking said in other words grades like "พอใจ" ("ถูกใจมาก",
	 * "ชอบมากที่สุด": the degree is the option) */
	"ถูกใจ", "ชอบ", "แฮปปี้", "ปลื้ม",
	/* an opinion: "ผมว่าดีมากครับ", "คิดว่าพอใจค่ะ" */
	"คิดว่า", "ว่า", "เห็นว่า", "รู้สึกว่า", "with it", "with you",
	/* "อยู่ในเกณฑ์ดีมาก", "Generally satisfied" */
	"อยู่ในเกณฑ์", "ในเกณฑ์", "in general", "generally", "all in all",
	"on the whole", "your service", NULL
};

/* Intensifiers: framing words on a scale that has no "very ..." option
 * ("Really impressed" is Impressed); on one that has, they change the
 * option, and a phrase it does not list is not read. */
const char *const cks_answer_grades[] = {
	"very", "really", "so", "truly", "extremely", "absolutely", "highly", "deeply",
	"totally", "completely", "super", "very very", "very much", "so very", NULL
};

const char *const cks_answer_greetings[] = {
	"สวัสดีครับ", "สวัสดีค่ะ", "สวัสดี", "เรียน", "ถึง", "dear", "hi",
	"hello", "hey", "good morning", "good afternoon", "good evening",
	"greetings", "to whom it may concern", "good day", "hi there",
	"hello there", "ถึงเจ้าหน้าที่", "เรียนเจ้าหน้าที่", "เรียนท่าน", "หวัดดี",
	"สวัสดีตอนเช้า", "สวัสดีตอนบ่าย", "morning", "afternoon", "sawasdee",
	"sawadee", "sawatdee", "sawasdee krub", "sawasdee ka", NULL
};

/* Cues before a number: "ให้ 4", "ตอบข้อ 1", "I'd rate it 4". */
const char *const cks_answer_cues_before[] = {
	"ให้คะแนน", "ให้", "ขอให้", "ตอบข้อ", "ตอบ", "คำตอบ", "ขอตอบ",
	"เลือกข้อ", "เลือก", "ขอเลือก", "ตัวเลือก", "ตัวเลือกที่", "กดเลข", "กด",
	"ขอกด", "กต", "ข้อ", "ข้อที่", "คะแนน", "ระดับ", "หมายเลข", "เลข",
	"โหวต", "give", "gave", "giving", "rate", "rated", "rating", "score",
	"scored", "answer", "reply", "choose", "chose", "choice", "select",
	"selected", "pick", "picked", "press", "pressed", "option", "vote",
	"voted", "number", "no.", "no", "nr", "#", "my answer", "my rating",
	"my score", "my choice", "my vote", "เปลี่ยนเป็น", "ขอเปลี่ยนเป็น",
	"แก้เป็น", "make it", "change to", "change it to", "going with",
	"go with", "i'd go with", "i would say", "i'd say", "feedback", "opt for",
	"i opt for",
	"ประเมิน", "ขอประเมิน", "ให้ระดับ", "ให้เลข", "ขอตอบข้อ", "พิมพ์",
	"ขอพิมพ์", "type", "typed", "ตอบกลับ", "actually", "sorry", "correction",
	"record", "please record", "put me down for", "mark", "ลงคะแนน",
	"ขอโทษ", "ขอโทษที", "ขอแก้ไข", "แก้ไข", "for the survey", "response",
	"my response", "definitely", "i'd go for", "go for", "going for",
	"my choice is", "is my choice",
	"choosing", "i'm choosing", "vote for", "คำตอบคือ", "ตอบว่า",
	"i mean", "ขอแก้", "ขอแก้เป็น", "แก้", "เปลี่ยน", "หรือ", "or",
	"มอบ", "มอบให้", "ขอมอบ", "เลือกข้อที่", "ตอบข้อที่", "selecting", "ติ๊ก",
	"ติ๊กข้อ", "ติ๊กช่อง", "ทำเครื่องหมาย", "tick", "ticked",
	"i'm giving", "take", "i'll take", "taking", "เอา", "ขอเอา", "put",
	"please put", "put me down as", "mark me down as", "mark me as",
	"count me in for", "count me as", "my selection", "my selection is",
	"selection", "ans", "answering", "อันที่", "เลือกอันที่", "เบอร์",
	"เลือกเบอร์", "ขอเป็น", "ตอบแบบสำรวจ", "ตอบแบบสอบถาม", "ตอบแบบประเมิน",
	"picking", "i'm picking", "say", "have to say", "i'd have to say",
	"put down", "put it at", "i'd put it at", "place it at", "i'd place it at",
	"opt", "opt.", "for me is", "for me it is", "for me it's", "count it as",
	"count as", "record it as", "log it as", "call it", "i am give", "i am choose",
	"i am select", "satisfaction level", "my level", "ในระดับ",
	/* "กาข้อ 4": mark an X on the form; "จัดให้ 5": give, colloquially */
	"กา", "ขอกา", "วงกลม", "จัดให้", "จัดไป", "จัดเต็ม", "put me at", "put us at",
	"i'd put us at", "register", "please register", "kindly register", "my point",
	"my points",
	/* a correction said before the number: "1... no, 2", "4 ไม่ใช่ 3" */
	"no,", "nope,", "ไม่ใช่", "ไม่ใช่ๆ", "เอ๊ะ", "เอ้ย",
	NULL
};

/* Words that lead into a cue: "ผลการ|ประเมิน", "my|answer". */
const char *const cks_answer_lead_ins[] = {
	"ผลการ", "ผล", "my", "our", "ของผม", "ของฉัน", "คะแนนที่", "ตัวเลือกที่",
	"ข้อที่", "ระดับที่", "overall", "โดยรวม", "ภาพรวม", "so", "well",
	"ขอ", "it's a", "it's", "it is a", "it is", "i give", "ตอบแบบ", "ได้",
	"ตอบแบบสอบถาม",
	"then", "ok so", "งั้น", "ก็", "ความพึงพอใจ", "ความพอใจ", "satisfaction",
	"ส่ง", "would", "i'm", "i am", "let's", "let us", "i'd like to", "i would like to", "i want to",
	"i wish to", "let me", "please", "อยาก", "ขอ", "the", "going to",
	"i'm going to", "gonna", "พึงพอใจ", "พอใจ", NULL
};

/* Cue words that also name things ("เอกสารข้อ 3", "item 2"): cues only
 * at the start of a line or after another cue. */
const char *const cks_answer_line_cues[] = {
	"ข้อ", "ข้อที่", "no.", "no", "nr", "#", "number", "option",
	"ระดับ", "หมายเลข", "เลข", "คะแนน", "อันที่", "เบอร์",
	/* "ขอประเมินในระดับ 3", not "สินค้าในระดับ 3" */
	"ในระดับ", NULL
};

/* What may stand between a cue and its number. */
const char *const cks_answer_cue_gap[] = {
	":", "=", "-", "–", ".", "is", "คือ", "เป็น", "ที่", "ว่า", "it", "you",
	"them", "this", "a", "an", "the", "service", "us", "my", "your",
	"ครับ", "ค่ะ", "นะ", "ได้", "would", "ความพึงพอใจ", "ความพอใจ",
	"การบริการ", "บริการ", "สัก", "ไป", "ไว้", "เต็ม", "เลย", "a solid",
	"overall", "เป็น", "ของผม", "ของดิฉัน", "ของฉัน", "ของหนู", "ของเรา",
	/* (no gap that holds a cue: "อยู่ใน|ระดับ" is a gap and a cue) */
	"อยู่ที่", "ที่", "แบบนี้", "อย่างนี้", "ดังนี้", "อยู่ใน", "an easy",
	"a strong", "a clear", "ตัวเลข", NULL
};

/* A cue word after one of these names a thing ("ลิงก์ในข้อ 2"). */
const char *const cks_answer_prepositions[] = {
	"ใน", "ของ", "จาก", "in", "of", "at", "on", "from", "with", "to",
	"for", "about", NULL
};

const char *const cks_answer_cues_after[] = {
	"คะแนนเต็ม", "คะแนน", "แต้ม", "ดาวเต็ม", "ดาว", "points", "point", "pts",
	"pt", "stars", "star", "marks", "-star", "-stars", "-point", "ดวง", NULL
};

/* Words for the answer itself, anywhere after a number that starts its
 * line: they say the number is the answer. */
const char *const cks_answer_answer_nouns[] = {
	"answer", "rating", "score", "choice", "vote", "pick", "grade",
	"i'd give", "i give", "i would give", "what i'd give", "คำตอบ", "คะแนน",
	"ข้อนี้", "ตัวเลือก", "ให้ไป", "ให้เลย", "ที่เลือก", "ที่ให้", "ที่ประเมิน",
	"ความเห็น", "แบบสอบถาม", "แบบประเมิน", "from us", "from our",
	"without a doubt", "no doubt", "hands down", "all the way", "เต็ม", "เต็มๆ", "ตามนี้", "แล้วกัน", "ละกัน",
	"จากใจ", "ได้เลย", "selection", "response", "survey", "questionnaire",
	"choose", "chose", "record", "เลือก", "ข้อเดียว", "แบบสำรวจ", "ที่ตอบ", "ขอตอบ",
	"ตอบเท่านี้", "ตอบแค่นี้", NULL
};

const char *const cks_answer_interjections[] = {
	"wow", "oh", "ah", "hmm", "hm", "um", "uh", "ว้าว", "อืม", "อืมม", "เอ่อ",
	"โอ้", "โห", "อ้อ", "yes", "yeah", "yep", NULL
};

const char *const cks_answer_meta_words[] = {
	"ตอบ", "ตาม", "นั้น", "นี้", "จริง", "แค่", "เท่า", "เท่านี้", "เท่านั้น",
	"ขอ", "ให้", "คิด", "ไม่ต้อง", "แล้ว", "กัน", "ละ", "เลือก", "ประเมิน",
	"คะแนน", "คือ", "เป็น", "เลย", "ครั้ง", "ที่", "บอก", "แจ้ง", "honestly", "frankly", "truly",
	"no", "question", "doubt", "all", "round", "final", "answer", "that's",
	"it", "that", "is", "simply", "sure", "of", "course", "period", "i",
	"think", "guess", "say", "i'd", "sounds", "right", "would", "be",
	"คิดว่า", "ว่า", "ของ", "หนู", "ผม", "ดิฉัน", "ฉัน", "เรา", "กระผม",
	"ยืนยัน", "แน่นอน", "สุดท้าย", "my", "ไม่เปลี่ยน", "เปลี่ยน", "ไป", "ไว้", "ถาม",
	"reply", "select", "this", "for", "marks", "mark", "service",
	/* "2 จบ", "5 only": that is all */
	"จบ", "only", NULL
};

/* What a lead before the answer on its line may say besides naming the
 * answer: the act of telling ("ขอเรียนว่า", "ขอแจ้ง", "Please note"), the
 * question and the mail being answered ("ตามที่ถาม", "เพิ่งเห็นอีเมล",
 * "In reply to your survey"), the service as a whole ("จากที่ได้รับ
 * บริการ", "After the call yesterday"). */
const char *const cks_answer_lead_words[] = {
	"ขอเรียน", "เรียน", "แจ้ง", "เรียนแจ้ง", "เห็นควร", "โปรด", "ดังนี้",
	"คำถาม", "ถาม", "มา", "อ่าน", "อีเมล", "อีเมล์", "เมล", "เห็น", "เพิ่ง",
	"ได้รับ", "รับ", "จาก", "หลังจาก", "สำหรับ", "บริการ", "การบริการ",
	"การให้บริการ", "ให้บริการ", "ครั้งนี้", "วันนี้", "คำปรึกษา", "ผลการ",
	"ผล", "ท่าน", "ต่อ", "ใน", "ระดับ", "ใด", "ไหน", "ความพึงพอใจ", "ความพอใจ",
	"please", "kindly", "note", "noted", "question", "questions", "your",
	"in", "reply", "to", "with", "reference", "further", "email", "mail",
	"after", "the", "call", "visit", "yesterday", "today", "for", "regarding",
	"re", "ok", "okay", "having", "thought", "about", "it", "how", "were",
	"you", "satisfaction", "level", "of", "and", "so", "well", "sure",
	/* recording or confirming it: "Register my answer 4", "สรุปตอบ 3" */
	"register", "registering", "record", "recording", "log", "submit",
	"submitting", "confirm", "confirming", "สรุป", "บันทึก", "ยืนยัน", NULL
};

const char *const cks_answer_answer_after[] = {
	"that's my answer", "that is my answer", "is my answer", "my answer",
	"that's my rating", "is my rating", "เป็นคำตอบ", "คือคำตอบ",
	"(my answer)", "(my rating)", "for me", "from me", "จากผม", "จากฉัน",
	"จากดิฉัน", "จากหนู", "จากเรา", "(คำตอบ)", "ตอบแล้ว", "(answer)",
	"definitely", "overall", "would be my answer", "is my choice",
	"it is", "it's", "it'll be", "then", "for sure", "please",
	"for the service", "for your service", "for today", "for the staff",
	"for the agent", "for the call", "for the chat", "for the counter",
	"for today's service", "from my side", "in total", "this time",
	"สำหรับบริการ", "สำหรับวันนี้", "สำหรับบริการวันนี้", "สำหรับเจ้าหน้าที่",
	"สำหรับการบริการ", "เต็มที่", "ไปเลย", "ให้เลย", "ครั้งนี้", "โดยรวม",
	"my choice", "star rating", "rating", "นี่แหละ", "on the survey",
	"in the survey", "for the survey", "on the questionnaire",
	"for the questionnaire", "ในแบบสอบถาม", "ในแบบประเมิน",
	"i guess", "i think", "i suppose", "is my reply", "is my response",
	"is my select", "is my choose", "is my selection", "is my final answer",
	"is my answer", "my final answer", "final answer", "as my answer",
	"as my rating", "is my rating", "is final",
	NULL
};

const char *const cks_answer_out_of[] = {
	"out of", "จากคะแนนเต็ม", "จากเต็ม", "จาก", "เต็ม", "จากทั้งหมด", "of", "/", "ใน",
	"outta", "over", NULL
};

/* A number followed by one of these is an amount, a time, a duration, a
 * date or a count of things, not an answer. */
const char *const cks_answer_units[] = {
	"บาท", "นาที", "ชั่วโมง", "ชม.", "ชม", "วัน", "วันที่", "เดือน", "ปี", "ครั้ง",
	"คน", "โมง", "ทุ่ม", "น.", "ฉบับ", "เล่ม", "ชิ้น", "รายการ", "ท่าน", "แห่ง",
	"ไฟล์", "หน้า", "เรื่อง", "อัน", "ตัว", "ใบ", "ชุด", "สัปดาห์", "อาทิตย์", "ข้อ",
	"หลัก", /* digits: "เบอร์ 5 หลัก" */
	"กล่อง", "ตู้", "ตัน", "กิโล", "กก.", "ลิงก์", "ลิงค์", "รอบ", "สาย",
	"ประเทศ", "บริษัท", "ราย", "วินาที", "ล้าน", "พัน", "หมื่น", "แสน", "%",
	"ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.",
	"ต.ค.", "พ.ย.", "ธ.ค.", "มกรา", "กุมภา", "มีนา", "เมษา", "พฤษภา",
	"มิถุนา", "กรกฎา", "สิงหา", "กันยา", "ตุลา", "พฤศจิกา", "ธันวา",
	"baht", "thb", "usd", "minute", "minutes", "min", "mins", "hour", "hours",
	"hr", "hrs", "day", "days", "week", "weeks", "month", "months", "year",
	"years", "time", "times", "people", "person", "persons", "am", "pm",
	"a.m.", "p.m.", "o'clock", "document", "documents", "doc", "docs",
	"file", "files", "item", "items", "page", "pages", "link", "links",
	"copy", "copies", "attachment", "attachments", "email", "emails",
	"mail", "mails", "call", "calls", "seminar", "seminars", "product",
	"products", "container", "containers", "ton", "tons", "kg", "units",
	"pieces", "pcs", "countries", "staff", "agents", "questions",
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept",
	"oct", "nov", "dec", "january", "february", "march", "april", "june",
	"july", "august", "september", "october", "november", "december",
	"st", "nd", "rd", "th", "more", "extra", "others", "boxes", "cartons",
	"pallets", "samples", "booths", "กระสอบ", "ลัง", "พาเลท", "บูธ",
	"ตัวอย่าง", "สินค้า", "ประเภท", "หมวด", "ชนิด", "ตลาด", "ขวด", "คัน",
	"เครื่อง", "sets", "set", "markets", "categories", "kinds", "types", NULL
};

/* Compounds that begin with a unit but are not one ("ตอบข้อ 5 ครั้งหน้า
 * ขอ...": next time). */
const char *const cks_answer_not_units[] = {
	"ครั้งหน้า", "ครั้งต่อไป", "ครั้งนี้", "คราวหน้า", "วันหลัง", "ข้อนี้", "ข้อเดียว",
	"ข้อนั้น", NULL
};

/* "1-3" and "1 ถึง 3" are ranges; "1, 3" and "1 หรือ 3" are two answers. */
const char *const cks_answer_range_words[] = {
 "-", "–", "~", "to", "ถึง", NULL };

const char *const cks_answer_list_words[] = {
 ",", "/", "&", "and", "or", "และ",
	"หรือ", "กับ", NULL };

const char *const cks_answer_negators[] = {
	"ยังไม่ค่อย", "ยังไม่", "ไม่ค่อยจะ", "ไม่ค่อย", "ไม่ได้", "ไม่ใช่", "ไม่", "not", "never",
	"hardly", "no", "isn't", "wasn't", "aren't", "weren't", "don't",
	"didn't", "doesn't", "isn’t", "wasn’t", "didn’t", "don’t", NULL
};

const char *const cks_answer_softeners[] = {
 "very", "really", "so", "too",
	"that", "quite", "fully", "entirely", "ค่อย", "จะ", "at all", NULL };

/* Common words holding a scale word that mean something else. */
const char *const cks_answer_hiders[] = {
	"ขอบคุณมาก", "ขอบพระคุณมาก", "ดีใจ", "ดีกว่า", "ดีขึ้น", "มากกว่า",
	"มากขึ้น", "มากมาย", "ไม่มาก", "น้อยกว่า", "น้อยลง", "อย่างน้อย",
	"เล็กน้อย", "ส่วนมาก", "ส่วนใหญ่", "good morning", "good afternoon",
	"good evening", "good day", "good bye", "goodbye", "ok to", "okay to",
	"good luck", "good news", "as good as", "ดีครับ ขอบคุณ", "all the best",
	"best regards", "best wishes", "best of luck", "have a good day",
	"have a nice day", "have a great day", "ขอให้โชคดี", "happy new year",
	"happy holidays", "happy birthday", NULL
};

/* Everyday words that may name an option but are weak as the answer:
 * they count only on a line of their own or when cued. */
const char *const cks_answer_everyday[] = {
	"ok", "okay", "good", "fine", "great", "nice", "bad", "poor", "fair",
	"average", "ดี", "มาก", "น้อย", "แย่", "พอใช้", "happy", "pleased",
	"mixed", "ธรรมดา", "พอได้", "โอเค", "พอใช้ได้", NULL
};

const char *const cks_answer_intensifiers[] = {
	"มากๆ", "มาก", "สุดๆ", "จริงๆ", "เลย", "ๆ", "ดี", "เป็นอย่างยิ่ง", "อย่างยิ่ง",
	"เป็นอย่างมาก", "อย่างมาก", "จริง", "สักนิด", "แม้แต่นิด", "แม้แต่น้อย", NULL
};

/* Cues that give a scale word as the answer: "ตอบ พึงพอใจ", "my answer:
 * satisfied", "ขอเปลี่ยนเป็น ไม่พึงพอใจ". */
const char *const cks_answer_label_cues[] = {
	"ตอบ", "คำตอบ", "ขอตอบ", "เลือก", "ขอเลือก", "เปลี่ยนเป็น", "ขอเปลี่ยนเป็น",
	"แก้เป็น", "answer", "my answer", "rating", "my rating", "i choose",
	"i chose", "choose", "change to", "change it to", "change my answer to",
	"change my rating to", "i'd say", "i would say", NULL
};

const char *const cks_answer_label_cues_opening[] = {
	"ให้", "ขอให้", "ให้ระดับ", "ขอให้ระดับ", "ให้คะแนน", "ประเมิน", "ขอประเมิน",
	"ประเมินว่า", "i'd rate it", "i rate it", "i'd rate", "i rate", "rate",
	"i'd give it", "i give it", "i give", "give it", "my vote", "vote",
	"i pick", "pick", "selected", NULL
};

const char *const cks_answer_spelled[] = {
	"หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "one", "two", "three", "four", "five",
	NULL
};

const char *const cks_answer_spelled_not[] = {
	"of", "more", "another", "or two", "by one", "thing", "day", "time",
	"ของ", "ใน", "อย่าง", "เรื่อง", "ครั้ง", "คน", "วัน", "ชิ้น", NULL
};

/* Arrows point one way; a ticked box ("[x]", "(x)") is written before an
 * option on a form and after it in a mail, so it is either's until the
 * list's blank boxes tell which. */
const char *const cks_answer_list_lead[] = {
	"->", "-->", "=>", "→", "➡", "➜", "»", NULL
};

const char *const cks_answer_list_trail[] = {
	"<--", "<-", "<==", "←", "⬅", "«", "this one", "this", "mine", "เลือก",
	"อันนี้", "ข้อนี้",
	"(this one)", "my answer", "my choice", "my pick", "picked", "chosen",
	"selected", "คำตอบ", "เลือกข้อนี้", "เลือกอันนี้", "ตอบข้อนี้", "ข้อนี้ค่ะ",
	"ข้อนี้ครับ", "that one", "(ตอบ)", "ตอบ", "<—", "<——", "←—", "<=", NULL
};

const char *const cks_answer_list_either[] = {
	"[x]", "[ x ]", "[✓]", "[✔]", "[*]", "(x)", "(/)", "✓", "✔", "✅", "☑", "☒", "✗", "✘", "x", "*",
	"■", "●", "◉", "▣", "☑️", "✔️", "✅️", "***", "**", NULL
};

const char *const cks_answer_list_blanks[] = {
	"[ ]", "[]", "☐", "( )", "○", "⬜", "□", "◻", "◯", "▢", "⬜️", NULL
};

const char *const cks_answer_sentiment[] = {
	"happy", "pleased", "glad", "good", "ok", "okay", "fine", "great",
	"satisfied", "impressed", "พอใจ", "พึงพอใจ", "ประทับใจ", "ดี", "โอเค",
	"ชอบ", "ถูกใจ", "ปลื้ม", "แฮปปี้", "delighted", "thrilled", NULL
};

/* Words that acknowledge ("OK", "โอเคค่ะ"): a plugin may list them for a
 * satisfied option, but alone they say "noted" as often as "fine", so they
 * answer only when cued ("ตอบ โอเค"). */
const char *const cks_answer_acknowledgements[] = {
	"ok", "okay", "okey", "oke", "okie", "โอเค", "โอเคร", "โอเคค่ะ", "โอเคครับ", NULL
};

/* After a number, these put it inside a thing ("ข้อ 2 ในรายการ", "item 2
 * on the checklist", "page 3 of the PO"): it names that thing. */
const char *const cks_answer_place_words[] = {
	"ใน", "ของ", "in the", "on the", "of the", "at the", "from the",
	"in my", "on my", "of my", "in your", "on your", "of your", "in our",
	"of our", "on our", NULL
};

/* Words that chain numbers into a sequence ("press 1, then 3, then 2",
 * "1 แล้ว 3 แล้ว 2"): a path through a menu, not answers. */
const char *const cks_answer_sequence_words[] = {
	"then", "and then", "after that", "แล้ว", "แล้วก็", "ต่อ", "ต่อด้วย",
	"แล้วกด", "then press", "ก่อน", "ก่อนที่จะ", NULL
};

/* Nouns for numbered things: a number right after one names that thing
 * ("หน้า 4", "ห้อง 305", "คิวที่ 48", "page 2", "room 5", "desk 4"). */
const char *const cks_answer_thing_nouns[] = {
	"หน้า", "ห้อง", "ชั้น", "โต๊ะ", "คิว", "คิวที่", "ช่อง", "ช่องที่", "เคาน์เตอร์",
	"บูธ", "ขั้นตอนที่", "ขั้นตอน", "ไฟล์ที่", "ลิงก์ที่", "เอกสารที่", "ชุดที่",
	"รอบที่", "ครั้งที่", "สาขา", "อาคาร", "ซอย", "หมู่", "ตู้", "page", "pages",
	"room", "floor", "desk", "table", "queue", "counter", "booth", "step",
	"item", "attachment", "file", "link", "order", "ticket", "invoice", "gate",
	"building", "line", "ext", "ext.", "extension", "version",
	"chapter", "section", "slide", "batch", "clause", "article", "paragraph",
	"annex", "appendix", "form", "no.", "มาตรา", "วรรค", "ภาคผนวก", "แบบฟอร์ม",
	"ใบที่", "ฉบับที่", "ประกาศ", "ตู้ที่", "ต่อ", NULL
};

const char *const cks_answer_level_words[] = { "ระดับ", "level", NULL };

/* What may stand before an English scale word that is the answer. */
const char *const cks_answer_english_frames[] = {
	"i'm", "i am", "im", "i", "was", "am", "is", "it's", "it was", "it",
	"its", "really", "truly", "totally", "quite", "so", "we're", "we are",
	"we", "were", "are", "feel", "felt", "overall", "just", "definitely",
	"absolutely", "deeply", "the", "my answer", "answer", "my rating", "rating",
	"very much", "so much", "my feeling is", "my feeling", "i feel",
	"your", "your service", "service", "in general", "generally",
	/* an opinion: "I think satisfied", "I'd say impressed" */
	"i think", "i guess", "i'd say", "i’d say", "i would say", "honestly",
	NULL
};

/* Whom a Thai speaker addresses after a particle. */
const char *const cks_answer_addressed[] = {
	"พี่ๆ", "พี่", "น้องๆ", "น้อง", "คุณ", "ท่าน", "ๆ", "naka", "na ka",
	NULL
};
