/* Contact details a client gives: email addresses we can send to, and phone
 * numbers in whatever form Thai people write them. */
#ifndef CKS_CONTACT_H
#define CKS_CONTACT_H

#include <stddef.h>

#include "error.h"

/* Accepts one plain ASCII address (local@domain.tld), the only kind an SMTP
 * relay without SMTPUTF8 can take.  what names the value in errors. */
int cks_email_check(const char *email, const char *what, struct cks_error *err);

/* Normalises a phone number to E.164 ("+66812345678"): 0812345678,
 * 081-234-5678, +66 81 234 5678 and 66812345678 are the same number.
 * Other countries are accepted when written with "+" and a country code. */
int cks_phone_normalize(const char *phone, const char *what, char *e164,
			size_t size, struct cks_error *err);

#endif
