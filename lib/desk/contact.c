#include "autoconfig.h"

#include <stdio.h>
#include <string.h>

#include "contact.h"

static int
is_atext(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

static int
label_ok(const char *label, size_t len)
{
	if (len == 0 || len > 63 || label[0] == '-' || label[len - 1] == '-')
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = label[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-'))
			return 0;
	}
	return 1;
}

int
cks_email_check(const char *email, const char *what, struct cks_error *err)
{
	const char *at = strrchr(email, '@');
	const char *p, *label;
	size_t local_len;
	int dots = 0;

	if (at == NULL || strlen(email) > 254)
		goto bad;
	local_len = (size_t)(at - email);
	if (local_len == 0 || local_len > 64 || email[0] == '.' || at[-1] == '.')
		goto bad;
	for (p = email; p < at; p++)
		if (!(is_atext(*p) || (*p == '.' && p[1] != '.')))
			goto bad;
	for (label = p = at + 1;; p++) {
		if (*p == '.' || *p == '\0') {
			if (!label_ok(label, (size_t)(p - label)))
				goto bad;
			if (*p == '\0')
				break;
			dots++;
			label = p + 1;
		}
	}
	if (dots == 0)
		goto bad;
	return 0;
bad:
	return cks_error_set_field(err, CKS_ERROR_INVALID, what,
	    "%s: '%s' is not an email address like somchai@example.co.th "
	    "(one ASCII address, no name or spaces)", what, email);
}

int
cks_phone_normalize(const char *phone, const char *what, char *e164,
		    size_t size, struct cks_error *err)
{
	char digits[32];
	size_t n = 0;
	int plus = 0;

	for (const char *p = phone; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n + 1 >= sizeof(digits))
				goto bad;
			digits[n++] = *p;
		} else if (*p == '+' && n == 0 && !plus) {
			plus = 1;
		} else if (!strchr(" -.()", *p)) {
			goto bad;
		}
	}
	digits[n] = '\0';
	/* Thai national numbers: 0 + 8 digits (landline) or 9 (mobile). */
	if (!plus && digits[0] == '0' && (n == 9 || n == 10)) {
		snprintf(e164, size, "+66%s", digits + 1);
		return 0;
	}
	/* "66 81 234 5678" written without the plus. */
	if (!plus && n >= 10 && n <= 11 && strncmp(digits, "66", 2) == 0) {
		snprintf(e164, size, "+%s", digits);
		return 0;
	}
	/* "+66 (0)81 234 5678": the trunk 0 is often kept after the code. */
	if (plus && strncmp(digits, "660", 3) == 0 && (n == 11 || n == 12)) {
		snprintf(e164, size, "+66%s", digits + 3);
		return 0;
	}
	if (plus && n >= 8 && n <= 15 && digits[0] != '0') {
		snprintf(e164, size, "+%s", digits);
		return 0;
	}
bad:
	return cks_error_set_field(err, CKS_ERROR_INVALID, what,
	    "%s: '%s' is not a phone number like 081-234-5678 or +66 81 234 5678",
	    what, phone);
}
