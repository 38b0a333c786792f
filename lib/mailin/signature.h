/* Where a reply's closing and signature block begin, in Thai and English:
 * a closing ("ขอแสดงความนับถือ", "ด้วยความเคารพ", "Best regards",
 * "Thanks,"), then name, position and company lines ("บริษัท ... จำกัด",
 * "Co., Ltd."), contact lines ("Tel. 02-...", "โทร", "Mobile", "Line ID",
 * "E-mail", addresses and links), "-- ", "Sent from my ...", "ส่งจาก ...",
 * "Get Outlook for ...".  A block counts only when it ends the text and
 * every line in it is of those kinds, so a comment is not cut because it
 * mentions a phone number. */
#ifndef CKS_SIGNATURE_H
#define CKS_SIGNATURE_H

#include <stddef.h>

/* The byte offset in text[0..length) where the signature block starts,
 * or length when there is none.  Lines before from are never taken (the
 * answer's line is not part of a signature).  When there is no block and
 * lone_name is not NULL, *lone_name is where a last line that reads as a
 * name starts ("...\n\nNattaya Srisuk", "...\nสมชาย ใจดี"), or length:
 * the caller decides, since it may be the answer ("High"). */
size_t cks_signature_start(const char *text, size_t length, size_t from,
			   size_t *lone_name);

/* The same, knowing the writer: writer holds the customer's names (first
 * names and surnames, separated by blanks or newlines; NULL or "" when not
 * known), taken from the invitation's salutation and the From header.  A
 * line at the end that holds one of them is the writer signing, and the
 * short line right above it the sign-off ("Warm wishes,", "นับถือ"),
 * whatever words those are. */
size_t cks_signature_start_by(const char *text, size_t length, size_t from,
			      size_t *lone_name, const char *writer);

/* Whether the line s[0..n) is a closing ("ขอบคุณครับ", "โชคดีครับ", "Best
 * regards,") or a phone's line ("Sent from my iPhone"). */
int cks_signature_is_closing(const char *s, size_t n);

#endif
