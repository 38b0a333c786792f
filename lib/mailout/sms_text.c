/* Hand-written: Debian has no small library that counts GSM 03.38 septets
 * and concatenated parts (Kannel's gwlib is not a shared library); the
 * tables are those of 3GPP TS 23.038 section 6.2.1. */
#include "autoconfig.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sms_text.h"
#include "utf8.h"

#define GSM_SINGLE 160
#define GSM_PART 153
#define UCS2_SINGLE 70
#define UCS2_PART 67

/* The default alphabet beyond printable ASCII, and the ASCII it lacks. */
static const int32_t gsm_extra[] = {
	0x00A3, 0x00A5, 0x00E8, 0x00E9, 0x00F9, 0x00EC, 0x00F2, 0x00C7,
	0x00D8, 0x00F8, 0x00C5, 0x00E5, 0x0394, 0x03A6, 0x0393, 0x039B,
	0x03A9, 0x03A0, 0x03A8, 0x03A3, 0x0398, 0x039E, 0x00C6, 0x00E6,
	0x00DF, 0x00C9, 0x00A4, 0x00A1, 0x00C4, 0x00D6, 0x00D1, 0x00DC,
	0x00A7, 0x00BF, 0x00E4, 0x00F6, 0x00F1, 0x00FC, 0x00E0,
};
static const char gsm_ascii_missing[] = "`[]{}\\^~|$";
/* Two septets each: escape + character.  '$' is in the default table
 * (as 0x02) though not at its ASCII place. */
static const int32_t gsm_escaped[] = {
	0x000C, '^', '{', '}', '\\', '[', '~', ']', '|', 0x20AC,
};

/* Septets of c in GSM-7, or 0 when the alphabet lacks it. */
static int
gsm_septets(int32_t c)
{
	for (size_t i = 0; i < sizeof(gsm_escaped) / sizeof(gsm_escaped[0]); i++)
		if (gsm_escaped[i] == c)
			return 2;
	if (c == '$' || c == '\n' || c == '\r')
		return 1;
	if (c >= 0x20 && c < 0x7F)
		return strchr(gsm_ascii_missing, (int)c) == NULL ? 1 : 0;
	for (size_t i = 0; i < sizeof(gsm_extra) / sizeof(gsm_extra[0]); i++)
		if (gsm_extra[i] == c)
			return 1;
	return 0;
}

/* Parts for a text of units, filled greedily with items that must stay
 * whole; widths[] lists each item's size. */
static int
count_parts(const unsigned char *widths, size_t n, size_t units,
	    size_t single, size_t per_part)
{
	size_t used = 0;
	int parts = 1;

	if (units <= single)
		return 1;
	for (size_t i = 0; i < n; i++) {
		if (used + widths[i] > per_part) {
			parts++;
			used = 0;
		}
		used += widths[i];
	}
	return parts;
}

int
cks_sms_measure(const char *utf8, struct cks_sms_size *size)
{
	size_t len = strlen(utf8), n = 0, septets = 0, units = 0;
	const char *p = utf8, *end = utf8 + len;
	unsigned char *gsm_w, *ucs_w;
	int gsm = 1, rc = 0;

	memset(size, 0, sizeof(*size));
	if (len == 0 || !cks_utf8_valid(utf8, len))
		return -1;
	/* One width per character; a character is at least one byte. */
	gsm_w = malloc(len);
	ucs_w = malloc(len);
	if (gsm_w == NULL || ucs_w == NULL) {
		rc = -1;
		goto out;
	}
	while (p < end) {
		int32_t c = cks_utf8_next(&p, end);
		int s = c < 0 ? 0 : gsm_septets(c);

		if (c < 0) {
			rc = -1;
			goto out;
		}
		if (s == 0)
			gsm = 0;
		gsm_w[n] = (unsigned char)s;
		ucs_w[n] = c > 0xFFFF ? 2 : 1;
		septets += (size_t)s;
		units += ucs_w[n];
		n++;
	}
	if (gsm) {
		size->coding = CKS_SMS_GSM7;
		size->units = septets;
		size->parts = count_parts(gsm_w, n, septets, GSM_SINGLE, GSM_PART);
	} else {
		size->coding = CKS_SMS_UCS2;
		size->units = units;
		size->parts = count_parts(ucs_w, n, units, UCS2_SINGLE, UCS2_PART);
	}
out:
	free(gsm_w);
	free(ucs_w);
	return rc;
}

const char *
cks_sms_coding_name(enum cks_sms_coding coding)
{
	return coding == CKS_SMS_GSM7 ? "GSM-7" : "UCS-2";
}
