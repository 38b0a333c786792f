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

#define LINES_MAX 64
/* A name, position or company line is short; prose is longer. */
#define SHORT_LINE 60

enum line_kind { L_BLANK, L_CLOSING, L_CONTACT, L_COMPANY, L_NAME, L_TEXT };

/* Lines that end a letter, compared at the line's start, case ignored. */
static const char *const closings[] = {
	"ขอแสดงความนับถือ", "ด้วยความเคารพ", "ด้วยความนับถือ", "ขอบคุณครับ",
	"ขอบคุณค่ะ", "ขอบคุณคะ", "ขอบคุณมากครับ", "ขอบคุณมากค่ะ", "ขอบคุณมาก",
	"ขอบพระคุณ", "ขอบคุณ", "best regards", "kind regards", "warm regards",
	"regards", "best wishes", "best,", "thanks", "thank you", "many thanks",
	"cheers", "sincerely", "yours sincerely", "yours faithfully",
	"respectfully", "with thanks", "thx", "rgds", NULL
};
/* "Sent from my iPhone" and its kin: always the end of what was typed. */
static const char *const device_lines[] = {
	"sent from my", "sent from ", "get outlook for", "ส่งจาก", "ส่งจากไอโฟน",
	"sent via", "sent with", NULL
};
static const char *const contact_words[] = {
	"tel", "tel.", "phone", "mobile", "mob", "mob.", "fax", "line id",
	"line:", "line :", "lineid", "line@", "e-mail", "email", "mail:",
	"website", "web:", "www.", "http", "โทร", "มือถือ", "แฟกซ์", "ไลน์",
	"อีเมล", "อีเมล์", "ที่อยู่", "address", "m:", "t:", "p:", "e:", "w:",
	"skype", "wechat", "whatsapp", "facebook", "fb:", NULL
};
static const char *const company_words[] = {
	"co.", "co.,", "ltd", "limited", "company", "inc", "corp", "llc",
	"plc", "group", "trading", "export", "import", "industry",
	"international", "บริษัท", "จำกัด", "หจก", "ห้างหุ้นส่วน", "มหาชน",
	"ร้าน", "manager", "director", "officer", "ceo", "owner", "sales",
	"ผู้จัดการ", "กรรมการ", "เจ้าของ", "ฝ่าย", "แผนก", "ตำแหน่ง",
	"department", "dept", "วิสาหกิจ", "สหกรณ์", "โรงงาน", "ฟาร์ม",
	"ผู้อำนวยการ", "ประธาน", "enterprise", "cooperative", "co-op", "farm",
	"factory", "president", "founder", "partner", "coordinator",
	"executive", "assistant", "ผู้ช่วย", "ผู้ประสานงาน", "หัวหน้าฝ่าย", NULL
};
/* Words of a postal address; two of them make an address line. */
static const char *const address_words[] = {
	"หมู่", "ถ.", "ถนน", "แขวง", "เขต", "ตำบล", "ต.", "อำเภอ", "อ.",
	"จังหวัด", "จ.", "ซอย", "ซ.", "กรุงเทพ", "road", "rd.", "street",
	"st.", "district", "soi", "bangkok", "thailand", "province", "building",
	"floor", "อาคาร", "ชั้น", NULL
};
static const char *const name_titles[] = {
	"คุณ", "นาย", "นาง", "นางสาว", "น.ส.", "mr", "mrs", "ms", "miss",
	"dr", NULL
};

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

static int
starts_with(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);

	if (k > n)
		return 0;
	for (size_t i = 0; i < k; i++)
		if (lower((unsigned char)s[i]) != lower((unsigned char)w[i]))
			return 0;
	return 1;
}

/* Non-zero if w appears in s[0..n) as a word start (case ignored). */
static int
has_word(const char *s, size_t n, const char *w)
{
	for (size_t i = 0; i < n; i++) {
		int c = i > 0 ? lower((unsigned char)s[i - 1]) : ' ';

		if (c >= 'a' && c <= 'z')
			continue;
		if (starts_with(s + i, n - i, w))
			return 1;
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
		if (starts_with(s, n, *list))
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

	for (size_t i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			if (++digits >= 9)
				return 1;
		} else if (strchr(" -.()+", s[i]) == NULL || s[i] == '\0') {
			digits = 0;
		}
	}
	return 0;
}

static enum line_kind
classify(const char *s, size_t n)
{
	size_t digits = 0, cps = 0, i;

	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '>' || *s == '*'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	if (n == 0)
		return L_BLANK;
	if ((n == 2 && memcmp(s, "--", 2) == 0) || (n >= 2 && s[0] == '-' &&
	    s[1] == '-' && n <= 3) || any_start(s, n, device_lines))
		return L_CLOSING;
	for (i = 0; i < n; i++) {
		digits += s[i] >= '0' && s[i] <= '9';
		cps += ((unsigned char)s[i] & 0xc0) != 0x80;
	}
	if (any_start(s, n, closings)) {
		/* "Thanks for the quick help" is a comment, not a closing. */
		const char *const *c;

		for (c = closings; *c != NULL; c++)
			if (starts_with(s, n, *c))
				break;
		if (n - strlen(*c) <= 30)
			return L_CLOSING;
	}
	/* "โทรไป 3 รอบ" is a comment; "โทร 02-507-7999" is a contact. */
	if ((any_start(s, n, contact_words) && (digits >= 6 ||
	     memchr(s, ':', n) != NULL) && cps <= SHORT_LINE) ||
	    ((memchr(s, '@', n) != NULL || phone_like(s, n) ||
	      has_word(s, n, "www.") || has_word(s, n, "http")) && cps <= 40) ||
	    (count_words(s, n, address_words) >= 2 && cps <= 2 * SHORT_LINE))
		return L_CONTACT;
	if (cps <= SHORT_LINE && any_word(s, n, company_words))
		return L_COMPANY;
	if (cps <= 40 && digits == 0 && memchr(s, ',', n) == NULL &&
	    memchr(s, '?', n) == NULL && memchr(s, '!', n) == NULL &&
	    (s[n - 1] != '.' || any_start(s, n, name_titles)))
		return L_NAME;
	return L_TEXT;
}

size_t
cks_signature_start(const char *text, size_t length, size_t from)
{
	size_t starts[LINES_MAX], ends[LINES_MAX], count = 0, p = length;
	size_t block = length;
	int strong = 0, names = 0;

	/* The last lines, from the end; at most LINES_MAX of them. */
	while (p > from && count < LINES_MAX) {
		size_t e = p, s;

		s = e;
		while (s > from && text[s - 1] != '\n')
			s--;
		starts[count] = s;
		ends[count] = e;
		count++;
		p = s > from ? s - 1 : from;
		if (s == from)
			break;
	}
	for (size_t i = 0; i < count; i++) {
		enum line_kind k = classify(text + starts[i], ends[i] - starts[i]);

		if (k == L_TEXT)
			break;
		if (k == L_NAME) {
			/* Names sit next to the closing or contact lines: up
			 * to two below a closing, one above contact lines; a
			 * longer run of short lines is a comment. */
			if (++names > (strong ? 1 : 2))
				break;
		} else if (k != L_BLANK) {
			strong = 1;
			names = 0;
		}
		if (k == L_CLOSING || (strong && k != L_BLANK))
			block = starts[i];
		/* A closing is where the letter ends: nothing above it is
		 * the signature. */
		if (k == L_CLOSING && !starts_with(text + starts[i],
		    ends[i] - starts[i], "--"))
			break;
	}
	if (!strong)
		return length;
	return block;
}
