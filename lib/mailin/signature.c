/* The closing and signature block of a reply (see signature.h).
 *
 * Lines are read from the end upwards.  Each is classed as blank, a
 * closing, contact data, a company or position, a short name-like line,
 * or text.  The block is the longest run at the end made only of the
 * first five kinds that holds at least one closing, contact or company
 * line (a bare name line alone is too weak to cut: it may be a comment
 * such as "Good service"), extended upwards past one name line above a
 * contact or company line. */
#include "autoconfig.h"

#include "signature.h"

#include <string.h>

#include "utf8.h"
#include "wordbreak.h"

#define LINES_MAX 64
/* A name, position or company line is short; prose is longer. */
#define SHORT_LINE 60
/* A longer line is text (a signature line is short). */
#define LINE_BYTES 1024

enum line_kind { L_BLANK, L_CLOSING, L_CONTACT, L_COMPANY, L_NAME, L_TEXT };

/* Lines that end a letter, compared at the line's start, case ignored. */
static const char *const closings[] = {
	"ขอแสดงความนับถือ", "ด้วยความเคารพ", "ด้วยความนับถือ", "ขอบคุณครับ",
	"ขอบคุณค่ะ", "ขอบคุณคะ", "ขอบคุณมากครับ", "ขอบคุณมากค่ะ", "ขอบคุณมาก",
	"ขอบพระคุณ", "ขอบคุณ", "best regards", "kind regards", "warm regards",
	"regards", "best wishes", "best,", "thanks", "thank you", "many thanks",
	"cheers", "sincerely", "yours sincerely", "yours faithfully",
	"respectfully", "with thanks", "thx", "rgds", "all the best",
	"yours truly", "sincerely yours", "warmly", "take care", "thanks again",
	"thank you again", "have a nice day", "have a good day", "best wishes",
	"kind regards", "warm wishes", "ขอบคุณล่วงหน้า", "ด้วยความนับถืออย่างสูง",
	"ขอแสดงความนับถืออย่างสูง", "ขอบคุณค่ะ", "ขอบคุณครับ", "ขอบคุณมากค่ะ",
	"จึงเรียนมาเพื่อโปรดทราบ",
	"จึงเรียนมาเพื่อทราบ", "จึงเรียนมาเพื่อโปรดพิจารณา", NULL
};
/* "Sent from my iPhone" and its kin: always the end of what was typed. */
static const char *const device_lines[] = {
	"sent from my", "sent from ", "get outlook for", "ส่งจาก", "ส่งจากไอโฟน",
	"sent via", "sent with", "sent using", "envoyé de", "von meinem",
	"enviado desde", "get the outlook app", "download outlook", NULL
};
static const char *const contact_words[] = {
	"tel", "tel.", "phone", "mobile", "mob", "mob.", "fax", "line id",
	"line:", "line :", "lineid", "line@", "e-mail", "email", "mail:",
	"website", "web:", "www.", "http", "โทร", "มือถือ", "แฟกซ์", "ไลน์",
	"อีเมล", "อีเมล์", "ที่อยู่", "address", "m:", "t:", "p:", "e:", "w:",
	"skype", "wechat", "whatsapp", "facebook", "fb:", "tax id",
	"เลขประจำตัวผู้เสียภาษี", "เลขผู้เสียภาษี", "id line", "line id:", "ไอดีไลน์",
	"direct line", "cell", "tel/fax", "โทร/แฟกซ์", "โทร/ไลน์", "hotline",
	"call center", "call centre", "สายด่วน", "ติดต่อ:", NULL
};
/* How a company's name is written: a Thai legal form opening the name,
 * set off by a blank or a dot ("บริษัท ไทยแพ็ค 2020 จำกัด", "บจก. สยามเฮิร์บ";
 * not "บริษัทเราพอใจมาก", a sentence), or closing it ("... จำกัด (มหาชน)");
 * a Latin one anywhere ("Siam 88 Trading Co., Ltd.").  Such a line may
 * carry a number (a year, a branch); a sentence about a company may not. */
static const char *const company_opens_th[] = {
	"บริษัท ", "บจก.", "บจก ", "บมจ.", "บมจ ", "หจก.", "หจก ", "ห้างหุ้นส่วน",
	"วิสาหกิจ", "สหกรณ์", NULL
};
static const char *const company_closes_th[] = {
	"จำกัด", "จำกัด (มหาชน)", "(มหาชน)", "(สำนักงานใหญ่)", NULL
};
static const char *const company_marks[] = {
	"co.", "co.,", "ltd", "limited", "inc.", "corp.", "llc", "plc", "gmbh",
	"pte", "sdn bhd", "s.a.", "(thailand)", "company limited", NULL
};
/* Words of names and positions: only in a short line of few words. */
static const char *const company_words[] = {
	"company", "inc", "corp", "group", "trading", "export", "import",
	"industry", "international", "ร้าน", "manager", "director", "officer", "ceo", "owner", "sales",
	"ผู้จัดการ", "กรรมการ", "เจ้าของ", "ตำแหน่ง",
	"department", "dept", "วิสาหกิจ", "สหกรณ์", "โรงงาน", "ฟาร์ม",
	"ผู้อำนวยการ", "ประธาน", "enterprise", "cooperative", "co-op", "farm",
	"factory", "president", "founder", "partner", "coordinator",
	"executive", "assistant", "ผู้ช่วย", "ผู้ประสานงาน", "หัวหน้าฝ่าย",
	"หัวหน้าแผนก", "ประธานกรรมการ", "เจ้าของกิจการ", "ผู้จัดการฝ่าย",
	"purchasing", "marketing", "procurement", "logistics", "head of", NULL
};
/* A department opens its line ("ฝ่ายขายต่างประเทศ"); inside one it is
 * part of a sentence ("ขอข้อมูลฝ่าย R&D ..."). */
static const char *const department_starts[] = { "ฝ่าย", "แผนก", NULL };
/* How closings and phones' lines begin, for the ones not listed above. */
static const char *const closing_stems[] = {
	"ขอแสดงความ", "ด้วยความ", "ขอบพระคุณ", "จึงเรียนมา", "regards",
	"best regards", "warmest", "warm regards", "kindest", "yours",
	"cordially", "respectfully yours", "sincerely", "cheers", NULL
};
static const char *const device_stems[] = {
	"sent from", "sent via", "sent with", "sent using", "sent on",
	"ส่งจาก", "ส่งผ่าน", "ส่งด้วย", "ส่งโดย", "get outlook", "get the",
	"download outlook", "envoyé", "enviado", "inviato", "von meinem",
	"gesendet", "รับ outlook", "ดาวน์โหลด outlook", "outlook สำหรับ", NULL
};

/* The words closings are made of.  A short line made only of these, with
 * at least one of the first kind, is a closing, however they are put
 * together ("Thank you and best regards", "Much appreciated", "Warmest
 * wishes", "ขอบคุณล่วงหน้าครับ", "ขอบใจมากครับ", "ด้วยความเคารพอย่างสูง"):
 * a list of whole closings is always one short.  Thai has no spaces, so
 * its words are matched longest first from where the last one ended. */
static const char *const closing_cores[] = {
	"thanks", "thank", "thx", "regards", "rgds", "wishes", "cheers",
	"sincerely", "faithfully", "truly", "cordially", "respectfully",
	"appreciated", "appreciate", "appreciation", "gratitude", "best", "warmly",
	"ขอบพระคุณ", "ขอบคุณ", "ขอบใจ", "นับถือ", "เคารพ", "จึงเรียนมา",
	"ขอแสดงความนับถือ", "ด้วยความเคารพ", "ด้วยความนับถือ", "ไมตรีจิต",
	"โชคดี", "ขอให้มีความสุข", "ปรารถนาดี", "br", "care", NULL
};
static const char *const closing_words[] = {
	"you", "so", "much", "very", "many", "again", "a", "lot", "and",
	"with", "all", "the", "kind", "kindest", "warm", "warmest", "my",
	"yours", "your", "in", "advance", "for", "now", "take", "care", "love",
	"big", "huge", "heartfelt", "sincere", "deep", "best", "great", "it",
	"ton", "tons", "bunch", "really", "truly", "i", "we", "heaps", "kindly",
	"สำหรับ", "การบริการ", "ให้บริการ", "บริการ", "การ", "ที่",
	"ขอแสดงความ", "ด้วยความ", "ขอ", "แสดง", "ความ", "ด้วย", "อย่างสูง", "อย่าง",
	"สูง", "ยิ่ง", "มากๆ", "มาก", "ล่วงหน้า", "อีกครั้ง", "อีก", "ครั้ง", "และ",
	"เพื่อ", "โปรด", "ทราบ", "พิจารณา", "ครับผม", "ครับ", "คับ", "ค่ะ", "คะ", "ค่า",
	"จ้า", "นะ", "ทุกท่าน", "ทุกคน", "เป็นอย่าง", "ขอให้", NULL
};

/* The length of the word of list at s[0..n) (longest first), or 0. */
static size_t
word_at(const char *s, size_t n, const char *const *list)
{
	size_t best = 0;

	for (size_t i = 0; list[i] != NULL; i++) {
		size_t k = strlen(list[i]);

		if (k > best && k <= n && cks_text_starts_ci(s, n, list[i]) &&
		    (k == n || (unsigned char)s[k] >= 0x80 || (unsigned char)s[0] >= 0x80 ||
		     !((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z')))
			best = k;
	}
	return best;
}

/* Whether s[0..n) is made only of closing words, one of them a core. */
static int
closing_words_only(const char *s, size_t n)
{
	int core = 0;

	for (size_t i = 0; i < n;) {
		size_t k;
		unsigned char c = (unsigned char)s[i];

		if (c == ' ' || c == '\t' || c == ',' || c == '.' || c == '!' ||
		    c == '-' || c == '~' || c == '&' || c == '/') {
			i++;
			continue;
		}
		if (c >= 0xf0) {            /* an emoji: 🙏 😊 */
			i += 4;
			continue;
		}
		if ((k = word_at(s + i, n - i, closing_cores)) > 0)
			core = 1;
		else if ((k = word_at(s + i, n - i, closing_words)) == 0)
			return 0;
		i += k;
	}
	return core;
}

/* Words of a postal address; two of them make an address line. */
static const char *const address_words[] = {
	"หมู่", "ถ.", "ถนน", "แขวง", "เขต", "ตำบล", "ต.", "อำเภอ", "อ.",
	"จังหวัด", "จ.", "ซอย", "ซ.", "กรุงเทพ", "road", "rd.", "street",
	"st.", "district", "soi", "bangkok", "thailand", "province", "building",
	"floor", "อาคาร", "ชั้น", NULL
};
static const char *const salutations[] = {
	"เรียน", "dear ", "hi ", "hi,", "hello", "สวัสดี", "ถึง", "to whom", NULL
};
static const char *const name_titles[] = {
	"คุณ", "นาย", "นาง", "นางสาว", "น.ส.", "mr", "mrs", "ms", "miss",
	"dr", NULL
};

/* "88/8 Moo 2, San Sai, Chiang Mai 50290", "99/1 ม.5 ต.บ้านใหม่ 10400": a
 * house number opening the line and a five-digit postcode closing it,
 * whatever the words between (village and district names are endless). */
static int
postal_line(const char *s, size_t n)
{
	size_t i = 0, d = 0;

	if (n < 12 || !(s[0] >= '0' && s[0] <= '9'))
		return 0;
	while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '/' || s[i] == '-'))
		i++;
	if (i == n || (s[i] != ' ' && s[i] != ','))
		return 0;
	while (n > 0 && (s[n - 1] == '.' || s[n - 1] == ' '))
		n--;
	while (d < n && s[n - 1 - d] >= '0' && s[n - 1 - d] <= '9')
		d++;
	return d == 5 && n > d + i && s[n - 1 - d] == ' ';
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

/* Non-zero if w (lower case) appears in s[0..n) (lowered by the caller)
 * where a word starts: not after a letter, a digit or inside an address
 * ("siamfruit.co.th" holds no "co."). */
static int
has_word(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	const char *p = s, *end = s + n;

	/* memchr and a compare: the lines and words are short, too short
	 * for memmem's setup to pay */
	while ((size_t)(end - p) >= k &&
	       (p = memchr(p, w[0], (size_t)(end - p) - k + 1)) != NULL) {
		int c = p > s ? (unsigned char)p[-1] : ' ';

		if (memcmp(p, w, k) == 0 && !((c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || strchr(".@/-_", c) != NULL))
			return 1;
		p++;
	}
	return 0;
}

static int
count_words(const char *s, size_t n, const char *const *list)
{
	int count = 0;

	for (; *list != NULL; list++)
		count += has_word(s, n, *list);
	return count;
}

static int
any_start(const char *s, size_t n, const char *const *list)
{
	for (; *list != NULL; list++)
		if (cks_text_starts_ci(s, n, *list))
			return 1;
	return 0;
}

static int
any_word(const char *s, size_t n, const char *const *list)
{
	for (; *list != NULL; list++)
		if (has_word(s, n, *list))
			return 1;
	return 0;
}

/* A run of at least 9 digits written with blanks, dashes, dots or
 * brackets between them, as phone numbers are ("02-507-7999", "+66 81
 * 234 5678"); a date or a time has '/' or ':' and is not one. */
static int
phone_like(const char *s, size_t n)
{
	size_t digits = 0;

	for (size_t i = 0, k; i < n; i++) {
		if ((k = cks_text_digit_at(s + i, n - i)) != 0) {
			if (++digits >= 9)
				return 1;
			i += k - 1;
		} else if (strchr(" -.()+", s[i]) == NULL || s[i] == '\0') {
			digits = 0;
		}
	}
	return 0;
}

static size_t spaces(const char *s, size_t n);

/* "Office: +66 2 345 6789 ext. 12", "โทรศัพท์ 02-345-6789": a label of a
 * word or two before the number, nothing said around it. */
static int
labelled_phone(const char *s, size_t n)
{
	size_t lead = 0, cps = 0;

	while (lead < n && !(s[lead] >= '0' && s[lead] <= '9') && s[lead] != '+')
		cps += ((unsigned char)s[lead++] & 0xc0) != 0x80;
	/* ("Direct line: 02 123 4567 ext. 105": a label of two words) */
	return cps <= 16 && spaces(s, lead) <= 2 && n - lead <= 32;
}

/* Whether the line is little more than its address or link: "E-mail:
 * a@b.co", "www.x.co.th", not "3 ครับ ส่งไปที่ a@b.co". */
static int
mostly_address(const char *s, size_t n)
{
	size_t longest = 0, run = 0;

	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == ' ' || s[i] == '\t') {
			longest = run > longest ? run : longest;
			run = 0;
		} else {
			run++;
		}
	}
	return n - longest <= 14;
}

static size_t
spaces(const char *s, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += s[i] == ' ';
	return k;
}

/* Non-zero if the line has letters and no Thai digit: a name, not "๓". */
static int
letters(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	int seen = 0;

	for (size_t i = 0; i < n; i++) {
		if (i + 2 < n && ((u[i] == 0xe0 && u[i + 1] == 0xb9) ||
		    (u[i] == 0xef && u[i + 1] == 0xbc)) &&
		    u[i + 2] >= 0x90 && u[i + 2] <= 0x99)
			return 0;       /* a Thai or full-width digit */
		seen |= (u[i] >= 'a' && u[i] <= 'z') || (u[i] >= 'A' &&
		    u[i] <= 'Z') || (i + 2 < n && u[i] == 0xe0 &&
		    u[i + 1] == 0xb8 && u[i + 2] >= 0x81 && u[i + 2] <= 0xae);
	}
	return seen;
}

/* Whether the line is a company's name (see company_opens_th). */
static int
company_name(const char *s, size_t n)
{
	if (memchr(s, '?', n) != NULL)
		return 0;
	if (any_start(s, n, company_opens_th) || any_word(s, n, company_marks))
		return 1;
	for (const char *const *c = company_closes_th; *c != NULL; c++) {
		size_t k = strlen(*c);

		if (n > k && memcmp(s + n - k, *c, k) == 0 && s[n - k - 1] == ' ')
			return 1;
	}
	return 0;
}

/* Words of how the service felt: a line that holds one says how the
 * customer rated it, never who signs ("ขอบคุณ พอใจมาก", "Thanks" /
 * "Very satisfied"). */
static const char *const feelings[] = {
	"พอใจ", "ประทับใจ", "ผิดหวัง", "เยี่ยม", "แย่", "ดีมาก", "ปานกลาง", "ที่สุด",
	"satisf", "dissatisf", "unsatisf", "impress", "excellent", "disappoint",
	NULL
};

static int
holds_feeling(const char *s, size_t n)
{
	/* one pass: most bytes start no stem */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i], before = i ? (unsigned char)s[i - 1] : ' ';

		if (c != 0xe0 && strchr("sdueiSDUEI", c) == NULL)
			continue;
		if (c < 0x80 && ((lower(before) >= 'a' && lower(before) <= 'z') ||
		    (before >= '0' && before <= '9')))
			continue;   /* inside an English word */
		for (const char *const *f = feelings; *f != NULL; f++) {
			size_t k = strlen(*f);

			if (k <= n - i && lower(c) == (unsigned char)(*f)[0] &&
			    (c < 0x80 ? cks_text_starts_ci(s + i, n - i, *f) :
			     memcmp(s + i, *f, k) == 0))
				return 1;
		}
	}
	return 0;
}

static enum line_kind
classify(const char *s, size_t n)
{
	size_t digits = 0, cps = 0, i;
	char low[LINE_BYTES];

	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '>' || *s == '*'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	if (n == 0)
		return L_BLANK;
	if (n >= LINE_BYTES)
		return any_start(s, n, device_lines) ? L_CLOSING : L_TEXT;
	for (i = 0; i < n; i++)
		low[i] = (char)lower((unsigned char)s[i]);
	s = low;
	/* A salutation opens a letter; it never signs one ("เรียน ฝ่ายขาย"). */
	if (any_start(s, n, salutations))
		return L_TEXT;
	if ((n == 2 && memcmp(s, "--", 2) == 0) || (n >= 2 && s[0] == '-' &&
	    s[1] == '-' && n <= 3) || any_start(s, n, device_lines))
		return L_CLOSING;
	for (i = 0; i < n; i++) {
		/* Thai and full-width digits count: "กรุงเทพฯ ๑๐๑๑๐" */
		digits += cks_text_digit_at(s + i, n - i) != 0;
		cps += ((unsigned char)s[i] & 0xc0) != 0x80;
	}	if (cps <= 50 && digits == 0 && closing_words_only(s, n))
		return L_CLOSING;
	if ((unsigned char)s[0] >= 0x80 && any_start(s, n, closings)) {
		/* a Thai closing with a word or two more; in English the
		 * words above decide: "Thanks for the quick help" is a
		 * comment, not a closing */
		const char *const *c;

		for (c = closings; *c != NULL; c++)
			if (cks_text_starts_ci(s, n, *c))
				break;
		/* ... but not a feeling said after the thanks ("ขอบคุณ พอใจ
		 * มาก"): that is the answer */
		if (n - strlen(*c) <= 30 && !holds_feeling(s + strlen(*c), n - strlen(*c)))
			return L_CLOSING;
	}
	/* The first words of a closing formula, whatever follows them
	 * ("ด้วยความเคารพอย่างสูงยิ่ง", "Warmest wishes"), or of a phone's line
	 * ("Sent from Outlook for iOS", "ส่งจากมือถือ", "รับ Outlook สำหรับ
	 * Android"). */
	if ((any_start(s, n, closing_stems) && cps <= 40 && digits == 0) ||
	    (any_start(s, n, device_stems) && cps <= SHORT_LINE))
		return L_CLOSING;
	/* "โทรไป 3 รอบ" is a comment; "โทร 02-507-7999" is a contact. */
	if ((any_start(s, n, contact_words) && (digits >= 6 ||
	     memchr(s, ':', n) != NULL) && cps <= SHORT_LINE) ||
	    ((memchr(s, '@', n) != NULL || has_word(s, n, "www.") ||
	      has_word(s, n, "http")) && cps <= 40 && mostly_address(s, n)) ||
	    (phone_like(s, n) && (cps <= 25 || labelled_phone(s, n))) ||
	    (digits >= 3 && cps <= 2 * SHORT_LINE &&
	     (count_words(s, n, address_words) >= 2 || postal_line(s, n))))
		return L_CONTACT;
	if (cps <= SHORT_LINE && !(s[0] >= '0' && s[0] <= '9') &&
	    ((digits < 9 && company_name(s, n)) ||
	    (spaces(s, n) <= 3 && s[n - 1] != '.' && digits == 0 &&
	     (any_word(s, n, company_words) || any_start(s, n, department_starts)))))
		return L_COMPANY;
	if (cps <= 40 && digits == 0 && letters(s, n) && spaces(s, n) <= 4 &&
	    (spaces(s, n) >= 1 || any_start(s, n, name_titles)) && memchr(s, ',', n) == NULL &&
	    memchr(s, '?', n) == NULL && memchr(s, '!', n) == NULL &&
	    (s[n - 1] != '.' || any_start(s, n, name_titles)) && !holds_feeling(s, n))
		return L_NAME;
	return L_TEXT;
}

/* Whether each blank-separated part of a Thai line is at most two words
 * of libthai's dictionary: names are ("สม|ชาย", "ใจ|ดี"), a remark
 * without blanks seldom is ("แอร์|เย็น|สบาย"). */
static int
name_sized_parts(const char *s, size_t n)
{
	struct cks_words w;
	size_t words = 0;
	int ok = 1;

	if (cks_words_split(s, n, &w) < 0)
		return 0;
	for (size_t i = 0; i < w.count && ok; i++) {
		words = w.word[i].space_before ? 1 : words + 1;
		ok = words <= 2;
	}
	cks_words_clear(&w);
	return ok;
}

/* A lone short line that reads as a person's name: Latin words that all
 * start with a capital ("Nattaya Srisuk"), or Thai words without the
 * everyday words of a comment ("สมชาย", not "บริการดี"). */
static int
reads_as_name(const char *s, size_t n)
{
	static const char *const not_names[] = {
		"ดี", "มาก", "บริการ", "เจ้าหน้าที่", "ขอบคุณ",
		"ช้า", "เร็ว", "รอ", "ไม่", "ได้", "ให้", "ที่", "และ", "แต่", "ส่ง",
		"เอกสาร", "ข้อมูล", "พอใจ", "ประทับใจ",
		/* an answer, never a name: cues, spelled numbers */
		"หมายเลข", "ข้อ", "ตอบ", "เลือก", "คะแนน", "หนึ่ง", "สอง", "สาม",
		"สี่", "ห้า", NULL
	};
	static const char *const particles[] = {
		"ครับ", "ค่ะ", "คะ", "นะ", "จ้า", "ค่า", "คร่า", "ค้า", "คับ", "ฮะ", NULL
	};
	int latin = 0, word_start = 1;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0 || n > 60 || spaces(s, n) > 2 || !letters(s, n))
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c != 0 && strchr(".,!?:;()/", c) != NULL) ||
		    (c >= '0' && c <= '9'))
			return 0;
		if (c < 0x80 && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
			latin = 1;
			if (word_start && !(c >= 'A' && c <= 'Z'))
				return 0;
		}
		word_start = c == ' ';
	}
	if (latin)
		return 1;
	if (!name_sized_parts(s, n))
		return 0;
	/* In a first name and surname, a word of a comment counts where a
	 * name part opens ("บริการ ดี"), not inside one (the surname "ใจดี");
	 * a particle counts anywhere ("สมชาย ครับ"). */
	for (const char *const *w = not_names; *w; w++)
		for (size_t i = 0, k = strlen(*w); i + k <= n; i++)
			if (memcmp(s + i, *w, k) == 0 && (spaces(s, n) == 0 || i == 0 ||
			    s[i - 1] == ' '))
				return 0;
	for (const char *const *w = particles; *w; w++)
		if (cks_text_find_ci(s, s + n, *w) != NULL)
			return 0;
	return 1;
}

/* A line of a few words without digits or sentence marks. */
static int
short_line(const char *s, size_t n)
{
	size_t cps = 0;

	for (size_t i = 0; i < n; i++) {
		if ((s[i] >= '0' && s[i] <= '9') || (s[i] != 0 &&
		    strchr("?!:;", s[i]) != NULL))
			return 0;
		cps += ((unsigned char)s[i] & 0xc0) != 0x80;
	}
	return cps <= 40 && spaces(s, n) <= 4;
}

/* Whether the line s[0..n) holds one of the writer's names as a word of
 * its own ("Somchai", "สมชาย ใจดี", "คุณสมชาย", "(Somchai J.)"). */
static int
holds_writer(const char *s, size_t n, const char *writer)
{
	size_t cps = 0;

	for (size_t i = 0; i < n; i++)
		cps += ((unsigned char)s[i] & 0xc0) != 0x80;
	if (writer == NULL || cps > 50 || memchr(s, '?', n) != NULL)
		return 0;
	for (const char *w = writer; *w != '\0';) {
		size_t len = strcspn(w, " \t\n");

		/* a name of one or two letters ("J", "ก") says nothing */
		if (len >= ((unsigned char)w[0] >= 0x80 ? 6 : 3)) {
			for (const char *at = s; at + len <= s + n; at++) {
				unsigned char before = at > s ? (unsigned char)at[-1] : ' ';
				unsigned char after = at + len < s + n ?
				    (unsigned char)at[len] : ' ';

				if (!cks_text_equal_ci(at, w, len))
					continue;
				if ((before < 0x80 && !((before | 0x20) >= 'a' && (before | 0x20) <= 'z')) ||
				    (at - s >= 9 && memcmp(at - 9, "คุณ", 9) == 0)) {
					if (after >= 0x80 && (unsigned char)at[0] >= 0x80)
						continue;   /* inside a longer Thai word */
					if (after < 0x80 && ((after | 0x20) >= 'a' &&
					    (after | 0x20) <= 'z'))
						continue;
					return 1;
				}
			}
		}
		w += len;
		w += strspn(w, " \t\n");
	}
	return 0;
}

int
cks_signature_is_closing(const char *s, size_t n)
{
	return classify(s, n) == L_CLOSING;
}

size_t
cks_signature_start(const char *text, size_t length, size_t from,
		    size_t *lone_name)
{
	return cks_signature_start_by(text, length, from, lone_name, NULL);
}

/* The writer's name in the lines at the end (below it only signature
 * lines or short ones): where its line starts, taking the short line
 * right above it as the sign-off; or length. */
static size_t
writer_block(const char *text, const size_t *starts, const size_t *ends,
	     const enum line_kind *kinds, size_t count, const char *writer,
	     size_t length)
{
	size_t found = (size_t)-1;

	for (size_t i = 0; i < count; i++) {
		const char *s = text + starts[i];
		size_t n = ends[i] - starts[i];
		int signs = holds_writer(s, n, writer);

		if (kinds[i] == L_TEXT && !short_line(s, n) && !signs)
			break;
		if (signs)
			found = i;
	}
	if (found == (size_t)-1)
		return length;
	if (found + 1 < count && kinds[found + 1] != L_BLANK &&
	    (kinds[found + 1] != L_TEXT ||
	     short_line(text + starts[found + 1], ends[found + 1] - starts[found + 1])) &&
	    letters(text + starts[found + 1], ends[found + 1] - starts[found + 1]))
		found++;
	return starts[found];
}

size_t
cks_signature_start_by(const char *text, size_t length, size_t from,
		       size_t *lone_name, const char *writer)
{
	size_t starts[LINES_MAX], ends[LINES_MAX], count = 0, p = length;
	enum line_kind kinds[LINES_MAX];
	size_t block = length, last = (size_t)-1, result, by_name;
	int strong = 0, names = 0, gap = 0;

	/* The last lines, from the end, up to the first long line of text
	 * (short ones may be a position, "ฝ่ายขายต่างประเทศ", between a
	 * closing and the contact lines). */
	while (p > from && count < LINES_MAX) {
		size_t e = p, s;

		s = e;
		while (s > from && text[s - 1] != '\n')
			s--;
		starts[count] = s;
		ends[count] = e;
		kinds[count] = classify(text + s, e - s);
		count++;
		p = s > from ? s - 1 : from;
		if (s == from || (kinds[count - 1] == L_TEXT && count > 2 &&
		    !short_line(text + s, e - s)))
			break;
	}
	if (lone_name != NULL)
		*lone_name = length;
	by_name = writer_block(text, starts, ends, kinds, count, writer, length);
	/* A closing with only signature lines below it ends the letter:
	 * the topmost such closing starts the block.  Below a closing any
	 * short line is a name ("John") or a position. */
	for (size_t i = 0; i < count && (kinds[i] != L_TEXT ||
	     short_line(text + starts[i], ends[i] - starts[i])); i++)
		if (kinds[i] == L_CLOSING)
			last = i;
	/* (not from a line of how it felt down: "ขอบคุณค่ะ" / "ประทับใจมาก
	 * ค่ะ"; looked for only when there is a closing, most replies have
	 * none) */
	for (size_t i = 0; last != (size_t)-1 && i <= last; i++)
		if (kinds[i] != L_BLANK && holds_feeling(text + starts[i], ends[i] - starts[i])) {
			size_t below = (size_t)-1;

			for (size_t j = 0; j < i; j++)
				if (kinds[j] == L_CLOSING)
					below = j;
			last = below;
			break;
		}
	if (last != (size_t)-1) {
		result = starts[last];
		goto done;
	}
	for (size_t i = 0; i < count; i++) {
		enum line_kind k = kinds[i];

		/* a one-word name or nickname right above the contact
		 * lines ("ต้น", "Nok") */
		if (k == L_TEXT && strong && !gap && names == 0 &&
		    spaces(text + starts[i], ends[i] - starts[i]) == 0 &&
		    reads_as_name(text + starts[i], ends[i] - starts[i]))
			k = L_NAME;
		if (k == L_TEXT)
			break;
		if (k == L_BLANK) {
			gap = strong;
			continue;
		}
		if (k == L_NAME) {
			/* Names sit right above contact lines: one (two
			 * with a position) and no blank between; a longer
			 * run of short lines is a comment. */
			if (++names > 2 || gap)
				break;
		} else {
			strong = 1;
			names = 0;
			gap = 0;
		}
		if (strong)
			block = starts[i];
	}
	if (strong || lone_name == NULL) {
		result = block;
		goto done;
	}
	result = length;
	/* A name alone at the end, set off by a blank line, or a first
	 * and last name right below the text ("สมชาย ใจดี").  Known, the
	 * writer's names alone say that (above): a remark such as
	 * "แอร์เย็นสบาย" reads like a name too, and is not to be lost. */
	for (size_t i = 0; i + 1 < count && (writer == NULL || *writer == '\0'); i++) {
		if (kinds[i] == L_BLANK)
			continue;
		if (reads_as_name(text + starts[i], ends[i] - starts[i]) &&
		    (kinds[i + 1] == L_BLANK ||
		     spaces(text + starts[i], ends[i] - starts[i]) == 1))
			*lone_name = starts[i];
		break;
	}
done:
	return by_name < result ? by_name : result;
}
