#include "autoconfig.h"

#include "charset.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buffer.h"
#include "html_meta.h"
#include "utf8.h"

#define MAX_CHARSET_NAME 40

static const char replacement[] = "\xef\xbf\xbd";   /* U+FFFD */

static char *
dup_bytes(const char *s, size_t n)
{
	char *out = malloc(n + 1);

	if (out != NULL) {
		memcpy(out, s, n);
		out[n] = '\0';
	}
	return out;
}

/* --- UTF-8 out ------------------------------------------------------------- */

/* How many bytes one U+FFFD stands for at a sequence that is not UTF-8:
 * the longest start of a well-formed character there, else one byte
 * (Unicode's "maximal subpart", as browsers count): a character cut off
 * at the end of a line is one U+FFFD, not one per byte. */
static size_t
bad_sequence_length(const char *s, const char *end)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t need, i;
	unsigned char lo = 0x80, hi = 0xbf;

	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		need = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		need = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		need = 4;
	else
		return 1;
	if (p[0] == 0xe0)
		lo = 0xa0;
	else if (p[0] == 0xed)
		hi = 0x9f;
	else if (p[0] == 0xf0)
		lo = 0x90;
	else if (p[0] == 0xf4)
		hi = 0x8f;
	for (i = 1; i < need && s + i < end; i++) {
		if (p[i] < lo || p[i] > hi)
			break;
		lo = 0x80;
		hi = 0xbf;
	}
	return i;
}

char *
cks_charset_clean_utf8(const char *s, size_t n, int text)
{
	const char *p = s, *end = s + n;
	struct cks_buffer b = { 0 };

	if (text && n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	if (!text)
		while (p < end && (unsigned char)*p <= ' ')
			p++;
	while (p < end) {
		unsigned char c = (unsigned char)*p;
		const char *q = p;
		size_t run = 0;

		/* a run of plain text goes in at once: most text is */
		for (;;) {
			const char *r = p + run;
			unsigned char d;

			if (r >= end)
				break;
			d = (unsigned char)*r;
			if ((d >= ' ' && d < 0x7f) || (text && (d == '\n' || d == '\t'))) {
				run++;
			} else if (d >= 0x80 && cks_utf8_next(&r, end) >= 0) {
				run = (size_t)(r - p);
			} else {
				break;
			}
		}
		if (run > 0) {
			cks_buffer_add(&b, p, run);
			p += run;
			continue;
		}
		if (c == '\0') {
			cks_buffer_add(&b, replacement, 3);
			p++;
		} else if (text && c == '\r') {
			cks_buffer_add(&b, "\n", 1);
			p += p + 1 < end && p[1] == '\n' ? 2 : 1;
		} else if (!text && (c < ' ' || c == 0x7f)) {
			cks_buffer_add(&b, " ", 1);
			p++;
		} else if (c < 0x80) {
			cks_buffer_add(&b, p, 1);
			p++;
		} else if (cks_utf8_next(&q, end) < 0) {
			cks_buffer_add(&b, replacement, 3);
			p += bad_sequence_length(p, end);
		} else {
			cks_buffer_add(&b, p, (size_t)(q - p));
			p = q;
		}
	}
	if (!text)
		while (b.len > 0 && b.data[b.len - 1] == ' ')
			b.data[--b.len] = '\0';
	return cks_buffer_finish(&b);
}

/* --- charsets -------------------------------------------------------------- */

static int
is_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

/* A name we dare pass to iconv_open: no paths, no "//TRANSLIT". */
static int
charset_name_ok(const char *name)
{
	size_t n = name != NULL ? strlen(name) : 0;

	if (n == 0 || n > MAX_CHARSET_NAME)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && strchr("-_.:", name[i]) == NULL)
			return 0;
	return 1;
}

/* Names mail clients write that glibc does not know. */
static const char *
iconv_name(const char *charset)
{
	static const char *const aliases[][2] = {
		{ "x-windows-874", "WINDOWS-874" },
		{ "ks_c_5601-1987", "CP949" },
		{ "iso-8859-8-i", "ISO-8859-8" },
		/* Mac OS Mail, Eudora and Outlook Express for Mac */
		{ "x-mac-roman", "MACINTOSH" }, { "x-mac-cyrillic", "MAC-CYRILLIC" },
		{ "x-mac-ce", "MAC-CENTRALEUROPE" },
		{ "x-mac-ukrainian", "MACUKRAINIAN" },
		{ "unicode-1-1-utf-7", "UTF-7" },
	};

	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcasecmp(charset, aliases[i][0]) == 0)
			return aliases[i][1];
	return charset;
}

/* Makes room for at least need more bytes after *outp. */
static int
grow(char **data, size_t *cap, char **outp, size_t *out_left, size_t need)
{
	size_t done = (size_t)(*outp - *data);
	char *grown;

	while (*out_left < need) {
		if (*cap > ((size_t)-1) / 2 ||
		    (grown = realloc(*data, *cap * 2)) == NULL)
			return -1;
		*data = grown;
		*cap *= 2;
		*outp = *data + done;
		*out_left = *cap - done - 1;          /* room for the NUL */
	}
	return 0;
}

int
cks_charset_to_utf8(const char *charset, const char *in, size_t n, int strict,
		    char **out, size_t *out_len)
{
	iconv_t cd = iconv_open("UTF-8", iconv_name(charset));
	char *inp = (char *)in, *outp, *data;
	size_t in_left = n, cap = n * 2 + 64, out_left = cap - 1;
	int rc = 1, flushing = 0;

	*out = NULL;
	if (cd == (iconv_t)-1)
		return 0;
	data = malloc(cap);
	if (data == NULL) {
		iconv_close(cd);
		return -1;
	}
	outp = data;
	for (;;) {
		/* The last call, without input, ends a stateful encoding
		 * (ISO-2022-JP) in its initial state. */
		size_t r = flushing ? iconv(cd, NULL, NULL, &outp, &out_left)
				    : iconv(cd, &inp, &in_left, &outp, &out_left);
		int e = errno;

		if (r != (size_t)-1) {
			if (flushing)
				break;
			flushing = 1;
		} else if (e == E2BIG) {
			if (grow(&data, &cap, &outp, &out_left, out_left + 64) < 0) {
				rc = -1;
				break;
			}
		} else if (strict) {
			rc = 0;
			break;
		} else if (flushing) {
			break;
		} else if (grow(&data, &cap, &outp, &out_left, 3) < 0) {
			rc = -1;
			break;
		} else {
			memcpy(outp, replacement, 3);
			outp += 3;
			out_left -= 3;
			if (e == EINVAL || in_left <= 1) {
				in_left = 0;       /* a character cut off at the end */
				flushing = 1;
			} else {
				inp++;
				in_left--;
			}
		}
	}
	iconv_close(cd);
	if (rc != 1) {
		free(data);
		return rc;
	}
	*outp = '\0';
	*out = data;
	*out_len = (size_t)(outp - data);
	return 1;
}

/* C1 control characters (U+0080-U+009F) never occur in text: they are
 * what ISO-8859-1 makes of UTF-8 continuation bytes. */
static int
has_c1(const char *s, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++)
		if ((unsigned char)s[i] == 0xc2 && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9f)
			return 1;
	return 0;
}

/* U+FFFD for every C1 control: a byte the charset maps to one was not
 * text.  0, or -1 out of memory. */
static int
replace_c1(char **s, size_t *n)
{
	struct cks_buffer b = { 0 };
	size_t len;
	char *out;

	for (size_t i = 0; i < *n; i++) {
		if ((unsigned char)(*s)[i] == 0xc2 && i + 1 < *n &&
		    (unsigned char)(*s)[i + 1] >= 0x80 &&
		    (unsigned char)(*s)[i + 1] <= 0x9f) {
			cks_buffer_add(&b, replacement, 3);
			i++;
		} else {
			cks_buffer_add(&b, *s + i, 1);
		}
	}
	len = b.len;
	if ((out = cks_buffer_finish(&b)) == NULL)
		return -1;
	free(*s);
	*n = len;
	*s = out;
	return 0;
}

/* 1 if the bytes are text in charset (converted into *out), 0 if not, -1
 * out of memory.  A single-byte charset decodes any bytes, so UTF-8 bytes
 * labelled as one, or bytes that decode to C1 controls, count as not. */
static int
try_charset(const char *charset, const char *in, size_t n, int utf8_ok,
	    int ascii, char **out, size_t *out_len)
{
	int rc;

	if (strcasecmp(charset, "utf-8") == 0 || strcasecmp(charset, "utf8") == 0) {
		if (!utf8_ok)
			return 0;
	} else if (strcasecmp(charset, "us-ascii") == 0 ||
		   strcasecmp(charset, "ascii") == 0 ||
		   strcasecmp(charset, "ansi_x3.4-1968") == 0) {
		if (!ascii)
			return 0;
	} else {
		if (!ascii && utf8_ok)
			return 0;
		rc = cks_charset_to_utf8(charset, in, n, 1, out, out_len);
		if (rc == 1 && has_c1(*out, *out_len)) {
			free(*out);
			*out = NULL;
			return 0;
		}
		return rc;
	}
	*out = dup_bytes(in, n);
	*out_len = n;
	return *out != NULL ? 1 : -1;
}

static char *
lower_dup(const char *s)
{
	char *out = strdup(s);

	for (char *p = out; p != NULL && *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	return out;
}

static int
is_utf8_name(const char *name)
{
	return name != NULL && (strcasecmp(name, "utf-8") == 0 ||
				strcasecmp(name, "utf8") == 0);
}

/* A label that says nothing about 8-bit bytes: none, or US-ASCII (which
 * libetpan also gives a part without a charset). */
static int
is_ascii_name(const char *name)
{
	return name == NULL || strcasecmp(name, "us-ascii") == 0 ||
	       strcasecmp(name, "ascii") == 0 ||
	       strcasecmp(name, "ansi_x3.4-1968") == 0;
}

static int
is_thai_name(const char *name)
{
	static const char *const names[] = {
		"tis-620", "tis620", "iso-8859-11", "windows-874", "x-windows-874",
		"cp874", NULL
	};

	for (size_t i = 0; name != NULL && names[i] != NULL; i++)
		if (strcasecmp(name, names[i]) == 0)
			return 1;
	return 0;
}

/* Bytes a reading as UTF-8 finds: well-formed multi-byte characters and
 * bytes that are no part of one. */
static void
utf8_census(const char *s, size_t n, size_t *good, size_t *bad)
{
	const char *p = s, *end = s + n;

	*good = *bad = 0;
	while (p < end) {
		const char *q = p;

		if ((unsigned char)*p < 0x80) {
			p++;
		} else if (cks_utf8_next(&q, end) < 0) {
			(*bad)++;
			p++;
		} else {
			(*good)++;
			p = q;
		}
	}
}

/* UTF-8 with a few damaged bytes (a character cut off, a stray byte):
 * many times more good characters than bad bytes.  TIS-620 Thai forms
 * some valid UTF-8 pairs by chance ("\xd2\xa1"), but far more bad bytes. */
static int
mostly_utf8(const char *s, size_t n)
{
	size_t good, bad;

	utf8_census(s, n, &good, &bad);
	return good > 0 && bad * 4 <= good;
}

static int
tis_consonant(unsigned char c)
{
	return c >= 0xa1 && c <= 0xce;
}

/* Following vowels and marks (ะ ั า ำ ิ ... ฺ, ๅ, ็ ่ ้ ๊ ๋ ์ ํ ๎): in Thai
 * they always come after a consonant or another of them. */
static int
tis_dependent(unsigned char c)
{
	return (c >= 0xd0 && c <= 0xda) || c == 0xe5 || (c >= 0xe7 && c <= 0xee);
}

/* Bytes that read as TIS-620 / Windows-874 Thai: nearly all 8-bit bytes
 * are Thai letters, digits and marks (0xA1-0xDA, 0xDF-0xFB) or
 * Windows-874's quotes, dashes and ellipsis; they come in runs (Thai
 * words), not one at a time between ASCII letters as a Latin-1 "café"
 * does; and they follow Thai spelling: a vowel sign or tone mark after a
 * consonant, a leading vowel (เ แ โ ใ ไ) before one.  KOI8-R and
 * Windows-1251 Cyrillic fall in the same byte range but not in that
 * order: read as Thai they would be nonsense, perhaps with a rating word
 * in it, so they are left to U+FFFD. */
static int
looks_thai(const char *s, size_t n)
{
	size_t high = 0, thai = 0, in_runs = 0, checks = 0, broken = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		unsigned char prev = i > 0 ? (unsigned char)s[i - 1] : ' ';
		unsigned char next = i + 1 < n ? (unsigned char)s[i + 1] : ' ';

		if (c < 0x80)
			continue;
		high++;
		thai += (c >= 0xa1 && c <= 0xda) || (c >= 0xdf && c <= 0xfb) ||
			c == 0x85 || (c >= 0x91 && c <= 0x97);
		in_runs += prev >= 0x80 || next >= 0x80;
		if (tis_dependent(c)) {
			checks++;
			broken += !tis_consonant(prev) && !tis_dependent(prev);
		} else if (c >= 0xe0 && c <= 0xe4) {
			checks++;
			broken += !tis_consonant(next);
		}
	}
	return high > 0 && thai * 10 >= high * 9 && in_runs * 2 >= high &&
	       broken * 5 <= checks;
}

/* The charset to decode a label with when its bytes are not all valid
 * in it: what senders really mean by the label (as the WHATWG Encoding
 * standard maps them), a superset with the same characters in the same
 * places. */
static const char *
superset_name(const char *charset)
{
	static const char *const supersets[][2] = {
		{ "iso-8859-1", "WINDOWS-1252" }, { "latin1", "WINDOWS-1252" },
		{ "iso8859-1", "WINDOWS-1252" }, { "iso-8859-9", "WINDOWS-1254" },
		{ "gb2312", "GB18030" }, { "gbk", "GB18030" }, { "x-gbk", "GB18030" },
		{ "euc-cn", "GB18030" }, { "big5", "BIG5-HKSCS" },
		{ "shift_jis", "CP932" }, { "sjis", "CP932" }, { "x-sjis", "CP932" },
		{ "euc-kr", "CP949" },
	};

	for (size_t i = 0; i < sizeof(supersets) / sizeof(supersets[0]); i++)
		if (strcasecmp(charset, supersets[i][0]) == 0)
			return supersets[i][1];
	return charset;
}

/* Decodes bytes that no candidate took whole, one bad byte or sequence at
 * a time becoming U+FFFD: UTF-8 when the bytes mostly are; else the label
 * when iconv knows it (its superset); else TIS-620 Thai when the bytes
 * look like it; else UTF-8.  A generic label (none, US-ASCII, ISO-8859-1)
 * on Thai bytes is read as Thai.  1, or -1 out of memory. */
static int
decode_lossy(const char *in, size_t n, const char *declared, const char *meta,
	     char **out, size_t *out_len, const char **used)
{
	const char *labels[2] = { declared, meta };
	int rc;

	/* UTF-8 is left as it is: cks_charset_clean_utf8 replaces what is
	 * not, per maximal subpart. */
	if (mostly_utf8(in, n)) {
		*used = "utf-8";
		*out_len = n;
		return (*out = dup_bytes(in, n)) != NULL ? 1 : -1;
	}
	for (size_t i = 0; i < 2; i++) {
		const char *label = labels[i];

		if (is_ascii_name(label) || is_utf8_name(label) ||
		    !charset_name_ok(label) || is_thai_name(label))
			continue;
		if (strcmp(superset_name(label), "WINDOWS-1252") == 0 &&
		    looks_thai(in, n))
			continue;
		rc = cks_charset_to_utf8(superset_name(label), in, n, 0, out,
		    out_len);
		if (rc != 0) {
			*used = label;
			return rc;
		}
	}
	if (is_thai_name(declared) || is_thai_name(meta) || looks_thai(in, n)) {
		/* Windows-874 is TIS-620 plus punctuation in 0x80-0xA0 that
		 * TIS-620 leaves unassigned: the same Thai, fewer U+FFFD. */
		*used = "tis-620";
		return cks_charset_to_utf8("WINDOWS-874", in, n, 0, out, out_len);
	}
	*used = "utf-8";
	*out_len = n;
	return (*out = dup_bytes(in, n)) != NULL ? 1 : -1;
}

int
cks_charset_decode(const char *in, size_t n, const char *declared, int html,
		   char **text_out, char **charset_out)
{
	char *meta = html ? cks_html_meta_charset(in, n) : NULL;
	const char *candidates[3];
	const char *used = NULL;
	int utf8_ok = cks_utf8_valid(in, n), ascii = is_ascii(in, n);
	char *out = NULL;
	size_t out_len = 0, count = 0;
	int rc = 0;

	*text_out = *charset_out = NULL;
	candidates[count++] = declared != NULL ? declared : "us-ascii";
	if (meta != NULL && strcasecmp(meta, candidates[0]) != 0)
		candidates[count++] = meta;
	candidates[count++] = "utf-8";
	for (size_t i = 0; i < count && rc == 0; i++) {
		if (!charset_name_ok(candidates[i]))
			continue;
		rc = try_charset(candidates[i], in, n, utf8_ok, ascii, &out,
		    &out_len);
		if (rc == 1)
			used = candidates[i];
	}
	if (rc == 0) {
		rc = decode_lossy(in, n, declared, meta, &out, &out_len, &used);
		if (rc == 1 && has_c1(out, out_len) && replace_c1(&out, &out_len) < 0)
			rc = -1;
	}
	if (rc == 0) {
		/* glibc without UTF-8 or Windows-874: cannot happen, but
		 * clean_utf8 below still makes text of the bytes */
		rc = (out = dup_bytes(in, n)) != NULL ? 1 : -1;
		out_len = n;
	}
	if (rc == 1) {
		*text_out = cks_charset_clean_utf8(out, out_len, 1);
		*charset_out = lower_dup(used);
	}
	free(out);
	free(meta);
	if (rc < 0 || *text_out == NULL || *charset_out == NULL) {
		free(*text_out);
		free(*charset_out);
		*text_out = *charset_out = NULL;
		return -1;
	}
	return 0;
}
