/* The size of an SMS text: which alphabet it needs and how many parts it
 * takes (3GPP TS 23.038 and 23.040).  A text that only uses the GSM 7-bit
 * default alphabet and its extension table goes as GSM-7 (160 septets in
 * one part, 153 per part when concatenated: the UDH takes 7); anything
 * else, Thai included, as UCS-2 (70 UTF-16 units, 67 per part).  An
 * extension character (2 septets) and a surrogate pair are never split
 * across parts, as phones do not join them again. */
#ifndef CKS_SMS_TEXT_H
#define CKS_SMS_TEXT_H

#include <stddef.h>

/* Kannel's sendsms "coding" values. */
enum cks_sms_coding {
	CKS_SMS_GSM7 = 0,
	CKS_SMS_UCS2 = 2,
};

struct cks_sms_size {
	enum cks_sms_coding coding;
	size_t units;          /* septets (GSM-7) or UTF-16 code units (UCS-2) */
	int parts;             /* 1 when it fits a single SMS */
};

/* Measures a UTF-8 text; -1 when it is not valid UTF-8 or is empty. */
int cks_sms_measure(const char *utf8, struct cks_sms_size *size);

/* "GSM-7" or "UCS-2". */
const char *cks_sms_coding_name(enum cks_sms_coding coding);

#endif
