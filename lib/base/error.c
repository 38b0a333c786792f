#include "autoconfig.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

int
cks_error_set(struct cks_error *err, enum cks_error_kind kind,
	      const char *format, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	err->kind = kind;
	/* A field from an earlier error must not name this one. */
	err->field[0] = '\0';
	va_start(ap, format);
	vsnprintf(err->message, sizeof(err->message), format, ap);
	va_end(ap);
	return -1;
}

int
cks_error_set_field(struct cks_error *err, enum cks_error_kind kind,
		    const char *field, const char *format, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	err->kind = kind;
	va_start(ap, format);
	vsnprintf(err->message, sizeof(err->message), format, ap);
	va_end(ap);
	return cks_error_name_field(err, field);
}

int
cks_error_name_field(struct cks_error *err, const char *field)
{
	if (err == NULL)
		return -1;
	snprintf(err->field, sizeof(err->field), "%s",
	    field != NULL ? field : "");
	return -1;
}

int
cks_error_prefix(struct cks_error *err, const char *format, ...)
{
	char old[sizeof(err->message)];
	size_t used;
	va_list ap;

	if (err == NULL)
		return -1;
	memcpy(old, err->message, sizeof(old));
	va_start(ap, format);
	vsnprintf(err->message, sizeof(err->message), format, ap);
	va_end(ap);
	used = strlen(err->message);
	if (used + 3 < sizeof(err->message)) {
		memcpy(err->message + used, ": ", 2);
		used += 2;
		/* Longer messages are cut: the start says what and where. */
		size_t n = strnlen(old, sizeof(err->message) - used - 1);

		memcpy(err->message + used, old, n);
		err->message[used + n] = '\0';
	}
	return -1;
}

void
cks_error_clear(struct cks_error *err)
{
	if (err == NULL)
		return;
	err->kind = CKS_ERROR_NONE;
	err->message[0] = '\0';
	err->field[0] = '\0';
}

const char *
cks_error_kind_name(enum cks_error_kind kind)
{
	switch (kind) {
	case CKS_ERROR_NONE: return "none";
	case CKS_ERROR_INVALID: return "invalid";
	case CKS_ERROR_NOT_FOUND: return "not_found";
	case CKS_ERROR_CONFLICT: return "conflict";
	case CKS_ERROR_TEMPORARY: return "temporary";
	case CKS_ERROR_INTERNAL: return "internal";
	case CKS_ERROR_BUSY: return "busy";
	}
	return "unknown";
}
