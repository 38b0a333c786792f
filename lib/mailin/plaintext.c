/* format=flowed and inline OpenPGP (see plaintext.h).  Hand-written: the
 * libraries at hand (libetpan, GnuPG's) neither unflow text nor take
 * the armour off a signed message without checking its signature, which
 * needs keys we do not have and do not need (the survey reads what the
 * customer wrote, trusted or not). */
#include "autoconfig.h"

#include "plaintext.h"

#include <string.h>

#include "buffer.h"

/* The line starting at s: its length without the LF, and where the next
 * one starts (NULL after the last). */
static const char *
line_at(const char *s, size_t *len)
{
	const char *nl = strchr(s, '\n');

	*len = nl != NULL ? (size_t)(nl - s) : strlen(s);
	return nl != NULL ? nl + 1 : NULL;
}

static int
line_is(const char *s, size_t len, const char *what)
{
	size_t n = strlen(what);

	/* Clients may leave trailing blanks after armour lines. */
	while (len > n && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
			   s[len - 1] == '\r'))
		len--;
	return len == n && memcmp(s, what, n) == 0;
}

/* --- format=flowed ---------------------------------------------------------- */

char *
cks_plaintext_unflow(const char *text, int delsp)
{
	struct cks_buffer out = { 0 };
	const char *p = text;
	size_t open_depth = 0;
	int open = 0;           /* the last line written was a soft break */

	while (p != NULL && *p != '\0') {
		size_t len, depth = 0;
		const char *line = p;
		int soft;

		p = line_at(p, &len);
		while (depth < len && line[depth] == '>')
			depth++;
		line += depth;
		len -= depth;
		/* Space-stuffing (RFC 3676 4.4), also after quote marks. */
		if (len > 0 && line[0] == ' ')
			line++, len--;
		soft = len > 0 && line[len - 1] == ' ' &&
		       !(len == 3 && memcmp(line, "-- ", 3) == 0);
		/* A soft break before a line of another depth is a hard one
		 * (RFC 3676 4.5). */
		if (open && depth != open_depth)
			cks_buffer_add(&out, "\n", 1);
		if (!open || depth != open_depth) {
			for (size_t i = 0; i < depth; i++)
				cks_buffer_add(&out, ">", 1);
			if (depth > 0 && len > 0)
				cks_buffer_add(&out, " ", 1);
		}
		if (soft && delsp)
			len--;
		cks_buffer_add(&out, line, len);
		if (!soft && p != NULL)
			cks_buffer_add(&out, "\n", 1);
		open = soft;
		open_depth = depth;
	}
	if (out.data == NULL && !out.failed)
		cks_buffer_add(&out, "", 0);
	return cks_buffer_finish(&out);
}

/* --- OpenPGP armour ---------------------------------------------------------- */

enum pgp_state {
	PGP_TEXT,        /* outside any armour */
	PGP_HEADERS,     /* "Hash:" lines after BEGIN PGP SIGNED MESSAGE */
	PGP_SIGNED,      /* the signed, dash-escaped text */
	PGP_SIGNATURE,   /* inside BEGIN/END PGP SIGNATURE */
};

char *
cks_plaintext_strip_pgp(const char *text, int *encrypted)
{
	struct cks_buffer out = { 0 };
	enum pgp_state state = PGP_TEXT;
	const char *p = text;

	*encrypted = 0;
	if (strstr(text, "-----BEGIN PGP ") == NULL)
		return strdup(text);
	while (p != NULL && *p != '\0') {
		size_t len;
		const char *line = p;

		p = line_at(p, &len);
		switch (state) {
		case PGP_TEXT:
			if (line_is(line, len, "-----BEGIN PGP SIGNED MESSAGE-----")) {
				state = PGP_HEADERS;
				continue;
			}
			if (line_is(line, len, "-----BEGIN PGP MESSAGE-----"))
				*encrypted = 1;
			break;
		case PGP_HEADERS:
			/* Armour headers end at the first blank line. */
			if (len == 0 || line_is(line, len, ""))
				state = PGP_SIGNED;
			continue;
		case PGP_SIGNED:
			if (line_is(line, len, "-----BEGIN PGP SIGNATURE-----")) {
				state = PGP_SIGNATURE;
				continue;
			}
			if (len >= 2 && line[0] == '-' && line[1] == ' ') {
				line += 2;
				len -= 2;
			}
			break;
		case PGP_SIGNATURE:
			if (line_is(line, len, "-----END PGP SIGNATURE-----"))
				state = PGP_TEXT;
			continue;
		}
		cks_buffer_add(&out, line, len);
		if (p != NULL)
			cks_buffer_add(&out, "\n", 1);
	}
	if (out.data == NULL && !out.failed)
		cks_buffer_add(&out, "", 0);
	return cks_buffer_finish(&out);
}
