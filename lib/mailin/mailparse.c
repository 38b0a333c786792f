#include "autoconfig.h"

#include "mailparse.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libetpan/libetpan.h>

#include "buffer.h"
#include "charset.h"
#include "html_text.h"
#include "mailguard.h"
#include "plaintext.h"
#include "utf8.h"

/* libetpan builds a node per address: a longer list (a thousand
 * recipients take 40 KB) is only scanned for words with an @. */
#define MAX_LIST_BYTES (256 * 1024)

#define MAX_DEPTH 32
#define MAX_PARTS 1000
#define MAX_HEADERS 10000
#define MAX_ADDRESSES 1000
#define MAX_REFERENCES 1000
#define MAX_ID_BYTES 998
#define MAX_ADDRESS_BYTES 320
#define MAX_REASON_BYTES 100
#define MAX_DSN_BLOCKS 100
/* A subject or name longer than this is not read further. */
#define MAX_DECODED_HEADER (16 * 1024)
/* An encoded word is at most 75 characters (RFC 2047 2); libetpan joins
 * adjacent ones of a charset, which this bounds too. */
#define WORD_WINDOW 1024

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

static int
is_wsp(char c)
{
	return c == ' ' || c == '\t';
}

/* --- header fields --------------------------------------------------------- */

struct header {
	char *name;
	char *value;               /* unfolded raw bytes, trimmed */
};

struct headers {
	struct header *v;
	size_t count;
	size_t cap;
	int failed;
};

static void
headers_clear(struct headers *h)
{
	for (size_t i = 0; i < h->count; i++) {
		free(h->v[i].name);
		free(h->v[i].value);
	}
	free(h->v);
	memset(h, 0, sizeof(*h));
}

static char *
trimmed_dup(const char *s, size_t n)
{
	while (n > 0 && (is_wsp(*s) || *s == '\r' || *s == '\n')) {
		s++;
		n--;
	}
	while (n > 0 && (is_wsp(s[n - 1]) || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	return dup_bytes(s, n);
}

static void
headers_add(struct headers *h, const char *name, size_t name_len,
	    const char *value, size_t value_len)
{
	struct header hd;

	if (h->failed || h->count >= MAX_HEADERS)
		return;
	if (h->count == h->cap) {
		size_t cap = h->cap != 0 ? h->cap * 2 : 32;
		struct header *v = realloc(h->v, cap * sizeof(*v));

		if (v == NULL) {
			h->failed = 1;
			return;
		}
		h->v = v;
		h->cap = cap;
	}
	hd.name = trimmed_dup(name, name_len);
	hd.value = trimmed_dup(value, value_len);
	if (hd.name == NULL || hd.value == NULL) {
		free(hd.name);
		free(hd.value);
		h->failed = 1;
		return;
	}
	h->v[h->count++] = hd;
}

/* Reads one block of "Name: value" lines from *pos to the next empty line
 * (which it skips) or the end.  Lenient: a line without a colon is
 * skipped.  Folded lines are joined without their line breaks. */
static int
read_headers(const char *s, size_t n, size_t *pos, struct headers *h)
{
	size_t i = *pos;
	struct cks_buffer value = { 0 };
	const char *name = NULL;
	size_t name_len = 0;

	while (i < n) {
		size_t end = i, next;

		while (end < n && s[end] != '\n' && s[end] != '\r')
			end++;
		next = end + (end < n && s[end] == '\r' && end + 1 < n &&
			      s[end + 1] == '\n' ? 2 : end < n ? 1 : 0);
		if (end == i || !is_wsp(s[i])) {
			if (name != NULL)
				headers_add(h, name, name_len, value.data != NULL ?
				    value.data : "", value.len);
			name = NULL;
			value.len = 0;
		}
		if (end == i) {
			i = next;
			break;
		}
		if (is_wsp(s[i])) {
			if (name != NULL)
				cks_buffer_add(&value, s + i, end - i);
		} else {
			const char *colon = memchr(s + i, ':', end - i);

			if (colon != NULL) {
				name = s + i;
				name_len = (size_t)(colon - name);
				cks_buffer_add(&value, colon + 1, (size_t)(s + end - colon - 1));
			}
		}
		i = next;
	}
	if (name != NULL)
		headers_add(h, name, name_len, value.data != NULL ? value.data : "",
		    value.len);
	*pos = i;
	if (value.failed)
		h->failed = 1;
	free(value.data);
	return h->failed ? -1 : 0;
}

static const char *
header_get(const struct headers *h, const char *name)
{
	int first = tolower((unsigned char)name[0]);

	/* Machine mail is told apart by a dozen fields: the first letter
	 * settles most compares cheaply. */
	for (size_t i = 0; i < h->count; i++)
		if (tolower((unsigned char)h->v[i].name[0]) == first &&
		    strcasecmp(h->v[i].name, name) == 0)
			return h->v[i].value;
	return NULL;
}

/* Appends bytes decoded from charset (NULL: raw header bytes, read with
 * the body's charset hint) to out as UTF-8.  -1 out of memory. */
static int
add_decoded(struct cks_buffer *out, const char *bytes, size_t n,
	    const char *charset)
{
	char *text = NULL, *used = NULL;

	if (n == 0)
		return 0;
	if (cks_charset_decode(bytes, n, charset, 0, &text, &used) < 0)
		return -1;
	cks_buffer_add_string(out, text);
	free(text);
	free(used);
	return 0;
}

/* The charset of an encoded word without an RFC 2231 language
 * ("UTF-8*th"). */
static void
word_charset(const char *name, char *out, size_t size)
{
	size_t n = strcspn(name, "*");

	if (n >= size)
		n = 0;          /* no charset name is that long */
	memcpy(out, name, n);
	out[n] = '\0';
}

/* RFC 2047 words decoded, and raw 8-bit text read with the body's
 * charset as a hint (else as UTF-8 or Thai, as the bytes say).
 * libetpan's mailmime_encoded_phrase_parse converts each encoded word on
 * its own, so a character whose bytes straddle two words (s-nail splits
 * them so, and Q and B words of one charset may alternate) comes out as
 * "??".  Here libetpan still reads each word, but the bytes of adjacent
 * words in one charset are joined before they are converted: RFC 2047
 * 6.2 drops the white space between adjacent encoded words.  Encoded
 * words glued to text ("Re:=?UTF-8?...") are decoded too, as mail
 * clients do.  NULL only when out of memory. */
static char *
decode_header(const char *value, const char *hint)
{
	struct cks_buffer out = { 0 }, run = { 0 }, raw = { 0 };
	char run_charset[64] = "", charset[64];
	size_t n = strnlen(value, MAX_DECODED_HEADER), i = 0;
	int failed = 0, after_word = 0;
	char *result = NULL;

	while (i < n && !failed) {
		size_t ws = i, idx = i;
		struct mailmime_encoded_word *word = NULL;
		int fwd = 0, missing_quote = 0;

		while (ws < n && is_wsp(value[ws]))
			ws++;
		/* libetpan looks for the closing "?=" to the end of what it
		 * is given: a window keeps a header of many "=?" linear. */
		if (ws + 1 < n && (value[ws] == '=' || value[ws] == '"') &&
		    (value[ws] == '=' ? value[ws + 1] == '?' :
		     value[ws + 1] == '=') &&
		    mailmime_encoded_word_parse(value,
		    n - ws > WORD_WINDOW ? ws + WORD_WINDOW : n, &idx, &word,
		    &fwd, &missing_quote) == MAILIMF_NO_ERROR && word != NULL) {
			word_charset(word->wd_charset, charset, sizeof(charset));
			if (raw.len > 0) {
				failed |= add_decoded(&out, raw.data, raw.len, hint) < 0;
				raw.len = 0;
			}
			if (run.len > 0 && strcasecmp(run_charset, charset) != 0) {
				failed |= add_decoded(&out, run.data, run.len,
				    run_charset[0] != '\0' ? run_charset : NULL) < 0;
				run.len = 0;
			}
			/* White space between encoded words is dropped. */
			if (!after_word && ws > i)
				cks_buffer_add(&out, value + i, ws - i);
			snprintf(run_charset, sizeof(run_charset), "%s", charset);
			cks_buffer_add_string(&run, word->wd_text);
			mailmime_encoded_word_free(word);
			after_word = 1;
			i = idx > i ? idx : i + 1;
			continue;
		}
		if (word != NULL)
			mailmime_encoded_word_free(word);
		if (run.len > 0) {
			failed |= add_decoded(&out, run.data, run.len,
			    run_charset[0] != '\0' ? run_charset : NULL) < 0;
			run.len = 0;
		}
		/* Raw text up to the next word, or the next "=?" in this one;
		 * at least one byte. */
		idx = ws < n ? ws + 1 : ws;
		while (idx < n && !is_wsp(value[idx]) &&
		       !(value[idx] == '=' && idx + 1 < n && value[idx + 1] == '?'))
			idx++;
		cks_buffer_add(&raw, value + i, idx - i);
		after_word = 0;
		i = idx;
	}
	if (!failed && raw.len > 0)
		failed = add_decoded(&out, raw.data, raw.len, hint) < 0;
	if (!failed && run.len > 0)
		failed = add_decoded(&out, run.data, run.len,
		    run_charset[0] != '\0' ? run_charset : NULL) < 0;
	free(run.data);
	free(raw.data);
	if (failed || out.failed || run.failed || raw.failed) {
		free(out.data);
		return NULL;
	}
	if (out.data == NULL)
		return strdup("");
	result = cks_charset_clean_utf8(out.data, out.len, 0);
	free(out.data);
	return result;
}

/* A Message-ID without its <>, or NULL when it is not one we can keep. */
static char *
msg_id_dup(const char *s, size_t n)
{
	while (n > 0 && is_wsp(*s)) {
		s++;
		n--;
	}
	while (n > 0 && is_wsp(s[n - 1]))
		n--;
	if (n == 0 || n > MAX_ID_BYTES || !cks_utf8_valid(s, n))
		return NULL;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f || s[i] == '<' ||
		    s[i] == '>')
			return NULL;
	return dup_bytes(s, n);
}

/* Every <id> in a Message-ID, In-Reply-To or References value, leniently
 * (phrases and comments between them are skipped); a value without any
 * <> counts as ids separated by white space.  -1 out of memory. */
static int
msg_ids(const char *value, char ***ids, size_t *count, size_t max)
{
	const char *p = value;
	int bracketed = strchr(value, '<') != NULL;

	while (*p != '\0' && *count < max) {
		const char *start, *end;
		char *id, **grown;

		if (bracketed) {
			start = strchr(p, '<');
			end = start != NULL ? strchr(start + 1, '>') : NULL;
			if (end == NULL)
				break;
			start++;
			p = end + 1;
		} else {
			while (*p != '\0' && is_wsp(*p))
				p++;
			start = end = p;
			while (*end != '\0' && !is_wsp(*end))
				end++;
			p = end;
			if (start == end)
				break;
		}
		id = msg_id_dup(start, (size_t)(end - start));
		if (id == NULL)
			continue;
		grown = realloc(*ids, (*count + 1) * sizeof(**ids));
		if (grown == NULL) {
			free(id);
			return -1;
		}
		*ids = grown;
		(*ids)[(*count)++] = id;
	}
	return 0;
}

static int
first_msg_id(const char *value, char **out)
{
	char **ids = NULL;
	size_t count = 0;

	if (value == NULL || *out != NULL)
		return 0;
	if (msg_ids(value, &ids, &count, 1) < 0)
		return -1;
	*out = count > 0 ? ids[0] : NULL;
	free(ids);
	return 0;
}

/* An addr-spec as we keep it: no <>, lower-case domain; NULL if it is not
 * a plain address (or out of memory). */
static char *
address_dup(const char *s, size_t n)
{
	const char *at = NULL;
	char *out;

	while (n > 0 && is_wsp(*s)) {
		s++;
		n--;
	}
	while (n > 0 && is_wsp(s[n - 1]))
		n--;
	if (n >= 2 && s[0] == '<' && s[n - 1] == '>') {
		s++;
		n -= 2;
	}
	if (n == 0 || n > MAX_ADDRESS_BYTES || !cks_utf8_valid(s, n))
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f ||
		    strchr("<>,;\"()[]\\", s[i]) != NULL)
			return NULL;
		if (s[i] == '@')
			at = s + i;
	}
	if (at == NULL || at == s || at == s + n - 1)
		return NULL;
	out = dup_bytes(s, n);
	if (out == NULL)
		return NULL;
	for (char *p = out + (at - s); *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	return out;
}

struct parse {
	struct cks_parsed_mail *mail;
	size_t parts;
	struct mailmime *plain;
	struct mailmime *html;
	const char *unreadable;    /* an encrypted part seen, and why */
	struct mailmime *returned;  /* an attached message, for bounces */
	int failed;
};

/* Returns 0 when s is no plain address (or out of memory). */
static int
add_address(struct parse *p, const char *s, size_t n)
{
	struct cks_parsed_mail *m = p->mail;
	char *addr, **grown;

	if (m->address_count >= MAX_ADDRESSES)
		return 1;
	addr = address_dup(s, n);
	if (addr == NULL)
		return 0;
	for (size_t i = 0; i < m->address_count; i++) {
		if (strcmp(m->addresses[i], addr) == 0) {
			free(addr);
			return 1;
		}
	}
	grown = realloc(m->addresses, (m->address_count + 1) * sizeof(*grown));
	if (grown == NULL) {
		free(addr);
		p->failed = 1;
		return 0;
	}
	m->addresses = grown;
	m->addresses[m->address_count++] = addr;
	return 1;
}

/* Finds the next word with an @ in it from *s on; NULL at the end. */
static const char *
next_at_word(const char **s, size_t *len)
{
	while (**s != '\0') {
		const char *word = *s;
		size_t n = strcspn(word, " \t,;<>\"()[]:");

		*s += n + (word[n] != '\0');
		if (n > 0 && memchr(word, '@', n) != NULL) {
			*len = n;
			return word;
		}
	}
	return NULL;
}

/* Every word with an @ in it, when the header is not a valid list. */
static void
add_addresses_leniently(struct parse *p, const char *value)
{
	const char *word;
	size_t n;

	while ((word = next_at_word(&value, &n)) != NULL)
		add_address(p, word, n);
}

/* libetpan reads "broken <a@b" as the addr-spec "broken<a@b". */
static void
add_mailbox(struct parse *p, const struct mailimf_mailbox *mb)
{
	if (mb != NULL && mb->mb_addr_spec != NULL &&
	    !add_address(p, mb->mb_addr_spec, strlen(mb->mb_addr_spec)))
		add_addresses_leniently(p, mb->mb_addr_spec);
}

/* Returns how many mailboxes the list holds. */
static size_t
add_mailbox_list(struct parse *p, const struct mailimf_mailbox_list *list)
{
	size_t count = 0;

	if (list == NULL || list->mb_list == NULL)
		return 0;
	for (clistiter *c = clist_begin(list->mb_list); c != NULL; c = clist_next(c)) {
		add_mailbox(p, clist_content(c));
		count++;
	}
	return count;
}

/* libetpan skips what it cannot read in a list ("broken <a@b, c@d" gives
 * c@d alone): when it returns fewer addresses than there are @ signs, the
 * words with an @ are taken as well. */
static void
add_address_header(struct parse *p, const char *value)
{
	struct mailimf_address_list *list = NULL;
	size_t idx = 0, n = strlen(value), found = 0, signs = 0;

	for (const char *s = value; (s = strchr(s, '@')) != NULL; s++)
		signs++;
	if (n <= MAX_LIST_BYTES &&
	    mailimf_address_list_parse(value, n, &idx, &list) == MAILIMF_NO_ERROR &&
	    list != NULL) {
		while (idx < n && is_wsp(value[idx]))
			idx++;
		for (clistiter *c = clist_begin(list->ad_list); c != NULL;
		     c = clist_next(c)) {
			const struct mailimf_address *a = clist_content(c);

			if (a == NULL)
				continue;
			if (a->ad_type == MAILIMF_ADDRESS_MAILBOX &&
			    a->ad_data.ad_mailbox != NULL) {
				found++;
				add_mailbox(p, a->ad_data.ad_mailbox);
			} else if (a->ad_type == MAILIMF_ADDRESS_GROUP &&
				   a->ad_data.ad_group != NULL) {
				found += add_mailbox_list(p,
				    a->ad_data.ad_group->grp_mb_list);
			}
		}
		mailimf_address_list_free(list);
		if (idx >= n && found >= signs)
			return;
	}
	add_addresses_leniently(p, value);
}

/* The first mailbox of From:, else its first word with an @. */
static int
read_from(struct cks_parsed_mail *m, const char *value, const char *hint)
{
	struct mailimf_mailbox_list *list = NULL;
	size_t idx = 0, n = strlen(value);
	const char *word;

	if (n <= MAX_LIST_BYTES &&
	    mailimf_mailbox_list_parse(value, n, &idx, &list) ==
	    MAILIMF_NO_ERROR && list != NULL) {
		clistiter *c = clist_begin(list->mb_list);
		const struct mailimf_mailbox *mb = c != NULL ? clist_content(c) : NULL;

		if (mb != NULL && mb->mb_addr_spec != NULL)
			m->from_address = address_dup(mb->mb_addr_spec,
			    strlen(mb->mb_addr_spec));
		if (mb != NULL && mb->mb_display_name != NULL &&
		    (m->from_name = decode_header(mb->mb_display_name,
		    hint)) == NULL) {
			mailimf_mailbox_list_free(list);
			return -1;
		}
		mailimf_mailbox_list_free(list);
	}
	while (m->from_address == NULL &&
	       (word = next_at_word(&value, &n)) != NULL)
		m->from_address = address_dup(word, n);
	if (m->from_name != NULL && m->from_name[0] == '\0') {
		free(m->from_name);
		m->from_name = NULL;
	}
	return 0;
}

/* The first token of a header value, lower case ("no" in "no (manual)"). */
static void
first_token(const char *value, char *out, size_t size)
{
	size_t n = 0;

	while (is_wsp(*value))
		value++;
	while (*value != '\0' && (isalnum((unsigned char)*value) ||
				  *value == '-' || *value == '_') && n + 1 < size)
		out[n++] = (char)tolower((unsigned char)*value++);
	out[n] = '\0';
}

static char *
reason(const char *name, const char *value)
{
	char *clean = cks_charset_clean_utf8(value, strlen(value), 0), *out;
	size_t n, len;

	if (clean == NULL)
		return NULL;
	n = strlen(clean);
	if (n > MAX_REASON_BYTES) {
		n = MAX_REASON_BYTES;
		while (n > 0 && ((unsigned char)clean[n] & 0xc0) == 0x80)
			n--;               /* not inside a character */
	}
	len = strlen(name) + 2 + n + 1;
	out = malloc(len);
	if (out != NULL)
		snprintf(out, len, "%s: %.*s", name, (int)n, clean);
	free(clean);
	return out;
}

static int
subject_is_auto(const char *subject)
{
	static const char *const prefixes[] = {
		"Automatic reply", "Auto:", "Out of Office", "Out of the Office",
		"Autoreply", "Auto reply", "Auto-reply", "Auto Response",
		"Autoresponse", "[Auto-Reply]", "[Auto Reply]", "[Autoreply]", NULL
	};
	/* "I am out of the office", "away from the office" in Thai */
	static const char *const thai[] = {
		"ตอบกลับอัตโนมัติ", "ข้อความตอบกลับอัตโนมัติ", "ไม่อยู่สำนักงาน",
		"ไม่อยู่ที่สำนักงาน", "ไม่อยู่ออฟฟิศ", "ลาพักร้อน", NULL
	};

	while (is_wsp(*subject))
		subject++;
	for (size_t i = 0; prefixes[i] != NULL; i++)
		if (strncasecmp(subject, prefixes[i], strlen(prefixes[i])) == 0)
			return 1;
	for (size_t i = 0; thai[i] != NULL; i++)
		if (strstr(subject, thai[i]) != NULL)
			return 1;
	return 0;
}

/* Why the message is an automatic reply, NULL if it is not.
 * X-Auto-Response-Suppress is no sign on its own: Outlook puts it on
 * every message a person sends, so it only ever comes along with one of
 * the signs below (which then decides). */
static int
detect_auto_reply(struct cks_parsed_mail *m, const struct headers *h)
{
	char token[32];

	for (size_t i = 0; i < h->count && m->auto_reply == NULL; i++) {
		const char *name = h->v[i].name, *value = h->v[i].value;

		first_token(value, token, sizeof(token));
		if ((strcasecmp(name, "Auto-Submitted") == 0 &&
		     strcmp(token, "no") != 0) ||
		    strcasecmp(name, "X-Autoreply") == 0 ||
		    strcasecmp(name, "X-Autorespond") == 0 ||
		    strcasecmp(name, "X-AutoReply-From") == 0 ||
		    strcasecmp(name, "X-Mail-Autoreply") == 0 ||
		    (strcasecmp(name, "X-Autogenerated") == 0 &&
		     strcmp(token, "reply") == 0) ||
		    (strcasecmp(name, "Precedence") == 0 &&
		     (strcmp(token, "auto_reply") == 0 || strcmp(token, "bulk") == 0 ||
		      strcmp(token, "junk") == 0 || strcmp(token, "list") == 0))) {
			if ((m->auto_reply = reason(name, value)) == NULL)
				return -1;
		}
	}
	if (m->auto_reply == NULL && m->subject != NULL &&
	    subject_is_auto(m->subject) &&
	    (m->auto_reply = reason("Subject", m->subject)) == NULL)
		return -1;
	return 0;
}

/* The charset parameter of the message's Content-Type: clients that
 * write 8-bit header text unencoded write it in the body's charset. */
static int
header_charset(const char *value, char *out, size_t size)
{
	struct mailmime_content *content = NULL;
	size_t idx = 0;
	const char *charset;
	int rc;

	out[0] = '\0';
	if (value == NULL)
		return 0;
	rc = mailmime_content_parse(value, strlen(value), &idx, &content);
	if (rc == MAILIMF_ERROR_MEMORY)
		return -1;
	if (rc != MAILIMF_NO_ERROR || content == NULL)
		return 0;
	charset = mailmime_content_param_get(content, "charset");
	if (charset != NULL && strlen(charset) < size)
		snprintf(out, size, "%s", charset);
	mailmime_content_free(content);
	return 0;
}

static int
read_header_fields(struct parse *p, const struct headers *h)
{
	struct cks_parsed_mail *m = p->mail;
	const char *value;
	char hint[64];

	if (header_charset(header_get(h, "Content-Type"), hint,
	    sizeof(hint)) < 0)
		return -1;
	if ((value = header_get(h, "Subject")) != NULL &&
	    (m->subject = decode_header(value, hint[0] != '\0' ? hint : NULL)) == NULL)
		return -1;
	if ((value = header_get(h, "From")) != NULL &&
	    read_from(m, value, hint[0] != '\0' ? hint : NULL) < 0)
		return -1;
	if (first_msg_id(header_get(h, "Message-ID"), &m->message_id) < 0 ||
	    first_msg_id(header_get(h, "In-Reply-To"), &m->in_reply_to) < 0)
		return -1;
	if ((value = header_get(h, "References")) != NULL &&
	    msg_ids(value, &m->references, &m->reference_count,
		    MAX_REFERENCES) < 0)
		return -1;
	for (size_t i = 0; i < h->count; i++) {
		const char *name = h->v[i].name;

		if (strcasecmp(name, "To") == 0 || strcasecmp(name, "Cc") == 0 ||
		    strcasecmp(name, "Delivered-To") == 0 ||
		    strcasecmp(name, "X-Original-To") == 0)
			add_address_header(p, h->v[i].value);
	}
	if (p->failed)
		return -1;
	return detect_auto_reply(m, h);
}

/* --- MIME parts ------------------------------------------------------------ */

static int
is_type(const struct mailmime *mime, const char *type, const char *subtype)
{
	const struct mailmime_content *ct = mime->mm_content_type;
	const char *name = NULL;

	if (ct == NULL || ct->ct_type == NULL || ct->ct_subtype == NULL)
		return 0;
	if (ct->ct_type->tp_type == MAILMIME_TYPE_DISCRETE_TYPE &&
	    ct->ct_type->tp_data.tp_discrete_type != NULL) {
		const struct mailmime_discrete_type *d =
		    ct->ct_type->tp_data.tp_discrete_type;

		name = d->dt_type == MAILMIME_DISCRETE_TYPE_TEXT ? "text" :
		       d->dt_type == MAILMIME_DISCRETE_TYPE_APPLICATION ?
		       "application" :
		       d->dt_type == MAILMIME_DISCRETE_TYPE_EXTENSION ?
		       d->dt_extension : "other";
	} else if (ct->ct_type->tp_type == MAILMIME_TYPE_COMPOSITE_TYPE &&
		   ct->ct_type->tp_data.tp_composite_type != NULL) {
		const struct mailmime_composite_type *c =
		    ct->ct_type->tp_data.tp_composite_type;

		name = c->ct_type == MAILMIME_COMPOSITE_TYPE_MESSAGE ? "message" :
		       c->ct_type == MAILMIME_COMPOSITE_TYPE_MULTIPART ?
		       "multipart" : c->ct_type == MAILMIME_COMPOSITE_TYPE_EXTENSION ?
		       c->ct_token : "other";
	}
	return name != NULL && strcasecmp(name, type) == 0 &&
	       strcasecmp(ct->ct_subtype, subtype) == 0;
}

static int
is_attachment(const struct mailmime *mime)
{
	if (mime->mm_mime_fields == NULL || mime->mm_mime_fields->fld_list == NULL)
		return 0;
	for (clistiter *c = clist_begin(mime->mm_mime_fields->fld_list); c != NULL;
	     c = clist_next(c)) {
		const struct mailmime_field *f = clist_content(c);

		if (f != NULL && f->fld_type == MAILMIME_FIELD_DISPOSITION &&
		    f->fld_data.fld_disposition != NULL &&
		    f->fld_data.fld_disposition->dsp_type != NULL &&
		    f->fld_data.fld_disposition->dsp_type->dsp_type ==
		    MAILMIME_DISPOSITION_TYPE_ATTACHMENT)
			return 1;
	}
	return 0;
}

/* A single part's body with its transfer encoding undone (raw if that
 * fails: better something than nothing).  -1 out of memory. */
static int
part_bytes(const struct mailmime *mime, char **out, size_t *out_len)
{
	const struct mailmime_data *d = mime->mm_data.mm_single;
	char *decoded = NULL;
	size_t idx = 0, len = 0;
	int encoding;

	*out = NULL;
	*out_len = 0;
	if (d == NULL || d->dt_type != MAILMIME_DATA_TEXT ||
	    d->dt_data.dt_text.dt_data == NULL || d->dt_data.dt_text.dt_length == 0)
		return (*out = strdup("")) != NULL ? 0 : -1;
	encoding = d->dt_encoded ? d->dt_encoding : MAILMIME_MECHANISM_8BIT;
	if (encoding != MAILMIME_MECHANISM_7BIT &&
	    encoding != MAILMIME_MECHANISM_BINARY &&
	    encoding != MAILMIME_MECHANISM_QUOTED_PRINTABLE &&
	    encoding != MAILMIME_MECHANISM_BASE64)
		encoding = MAILMIME_MECHANISM_8BIT;
	if (mailmime_part_parse(d->dt_data.dt_text.dt_data,
	    d->dt_data.dt_text.dt_length, &idx, encoding, &decoded, &len) ==
	    MAILIMF_NO_ERROR && decoded != NULL) {
		*out = dup_bytes(decoded, len);
		*out_len = len;
		mmap_string_unref(decoded);
	} else {
		*out = dup_bytes(d->dt_data.dt_text.dt_data,
		    d->dt_data.dt_text.dt_length);
		*out_len = d->dt_data.dt_text.dt_length;
	}
	return *out != NULL ? 0 : -1;
}

/* A multipart Content-Type without its boundary parameter: no part can
 * be found in it, and the reply would otherwise look empty. */
static int
multipart_without_boundary(const struct mailmime *mime)
{
	const struct mailmime_content *ct = mime->mm_content_type;

	return ct != NULL && ct->ct_type != NULL &&
	    ct->ct_type->tp_type == MAILMIME_TYPE_COMPOSITE_TYPE &&
	    ct->ct_type->tp_data.tp_composite_type != NULL &&
	    ct->ct_type->tp_data.tp_composite_type->ct_type ==
	    MAILMIME_COMPOSITE_TYPE_MULTIPART &&
	    mailmime_content_param_get((struct mailmime_content *)ct,
	    "boundary") == NULL;
}

/* Why an encrypted (or opaque-signed) part, or a multipart one without a
 * boundary, cannot be read, or NULL. */
static const char *
unreadable_part(const struct mailmime *mime)
{
	const char *smime_type;

	if (multipart_without_boundary(mime))
		return "multipart message without a boundary parameter in its "
		    "Content-Type: its parts cannot be found";
	if (mime->mm_type == MAILMIME_MULTIPLE)
		return is_type(mime, "multipart", "encrypted") ?
		    "encrypted (PGP/MIME) reply: cannot be read" : NULL;
	if (!is_type(mime, "application", "pkcs7-mime") &&
	    !is_type(mime, "application", "x-pkcs7-mime"))
		return NULL;
	/* S/MIME signed-data wraps the text in the same DER blob as an
	 * encrypted message: reading it would mean parsing PKCS #7. */
	smime_type = mailmime_content_param_get(mime->mm_content_type,
	    "smime-type");
	if (smime_type != NULL && strcasecmp(smime_type, "signed-data") == 0)
		return "opaque-signed (S/MIME) reply: cannot be read";
	return "encrypted (S/MIME) reply: cannot be read";
}

/* Finds the first text/plain and text/html parts that are not attachments.
 * A message/rfc822 part is a forwarded or returned message: not ours.  An
 * encrypted part is noted and not looked into. */
static void
find_body(struct parse *p, struct mailmime *mime, int depth)
{
	const char *unreadable;

	if (mime == NULL || depth > MAX_DEPTH || p->parts++ >= MAX_PARTS)
		return;
	if (mime->mm_type != MAILMIME_MESSAGE &&
	    (unreadable = unreadable_part(mime)) != NULL) {
		if (p->unreadable == NULL)
			p->unreadable = unreadable;
		return;
	}
	if (mime->mm_type == MAILMIME_SINGLE) {
		if (is_attachment(mime))
			return;
		if (p->plain == NULL && is_type(mime, "text", "plain"))
			p->plain = mime;
		else if (p->html == NULL && is_type(mime, "text", "html"))
			p->html = mime;
	} else if (mime->mm_type == MAILMIME_MULTIPLE &&
		   mime->mm_data.mm_multipart.mm_mp_list != NULL) {
		for (clistiter *c = clist_begin(mime->mm_data.mm_multipart.mm_mp_list);
		     c != NULL && p->plain == NULL; c = clist_next(c))
			find_body(p, clist_content(c), depth + 1);
	}
}

/* Bytes that are not UTF-8: header text written unencoded in some other
 * charset. */
static int
raw_8bit(const char *value)
{
	for (const char *p = value; *p != '\0'; p++)
		if ((unsigned char)*p >= 0x80)
			return !cks_utf8_valid(value, strlen(value));
	return 0;
}

/* A multipart message's Content-Type has no charset for unencoded 8-bit
 * Subject and From text (old Foxmail and Outlook Express write them so):
 * they are read again in the charset of the body part found.  -1 out of
 * memory. */
static int
redecode_headers(struct parse *p, const struct headers *h)
{
	struct cks_parsed_mail *m = p->mail;
	struct mailmime *part = p->plain != NULL ? p->plain : p->html;
	const char *charset, *value;
	char top[64];
	char *decoded;

	if (part == NULL || part->mm_content_type == NULL ||
	    (charset = mailmime_content_param_get(part->mm_content_type,
	    "charset")) == NULL)
		return 0;
	if (header_charset(header_get(h, "Content-Type"), top, sizeof(top)) < 0)
		return -1;
	if (top[0] != '\0')
		return 0;
	if ((value = header_get(h, "Subject")) != NULL && raw_8bit(value)) {
		if ((decoded = decode_header(value, charset)) == NULL)
			return -1;
		free(m->subject);
		m->subject = decoded;
	}
	if ((value = header_get(h, "From")) != NULL && raw_8bit(value)) {
		free(m->from_address);
		free(m->from_name);
		m->from_address = m->from_name = NULL;
		if (read_from(m, value, charset) < 0)
			return -1;
	}
	return 0;
}

/* Undoes inline OpenPGP armour, and format=flowed in a text/plain part
 * (plain; NULL for HTML).  -1 out of memory. */
static int
plain_conventions(struct cks_parsed_mail *m, const struct mailmime *plain)
{
	const char *format = NULL, *delsp = NULL;
	int encrypted = 0;
	char *text;

	text = cks_plaintext_strip_pgp(m->text, &encrypted);
	if (text == NULL)
		return -1;
	free(m->text);
	m->text = text;
	if (encrypted && (m->unreadable =
	    strdup("encrypted (PGP) reply: cannot be read")) == NULL)
		return -1;
	if (plain != NULL && plain->mm_content_type != NULL) {
		format = mailmime_content_param_get(plain->mm_content_type,
		    "format");
		delsp = mailmime_content_param_get(plain->mm_content_type,
		    "delsp");
	}
	if (format == NULL || strcasecmp(format, "flowed") != 0)
		return 0;
	text = cks_plaintext_unflow(m->text, delsp != NULL &&
	    strcasecmp(delsp, "yes") == 0);
	if (text == NULL)
		return -1;
	free(m->text);
	m->text = text;
	return 0;
}

static int
read_body(struct parse *p)
{
	struct cks_parsed_mail *m = p->mail;
	struct mailmime *part = p->plain != NULL ? p->plain : p->html;
	char *bytes = NULL, *text = NULL;
	size_t len;
	int rc = -1;

	if (part == NULL) {
		/* Nothing else to read: say why when it is encrypted. */
		if (p->unreadable != NULL &&
		    (m->unreadable = strdup(p->unreadable)) == NULL)
			return -1;
		return (m->text = strdup("")) != NULL ? 0 : -1;
	}
	if (part_bytes(part, &bytes, &len) < 0 ||
	    cks_charset_decode(bytes, len, part->mm_content_type != NULL ?
			mailmime_content_param_get(part->mm_content_type,
			    "charset") : NULL,
			part == p->html, &text, &m->charset) < 0)
		goto out;
	if (part == p->html) {
		char *converted;

		m->text_from_html = 1;
		if (cks_html_to_text(text, strlen(text), &converted, NULL) < 0)
			goto out;
		/* libxml2 turns a character reference such as &#xD800; into
		 * bytes that are not UTF-8 */
		m->text = cks_charset_clean_utf8(converted, strlen(converted), 1);
		free(converted);
		if (m->text == NULL)
			goto out;
	} else {
		m->text = text;
		text = NULL;
	}
	if (plain_conventions(m, part == p->plain ? part : NULL) < 0)
		goto out;
	rc = 0;
out:
	free(bytes);
	free(text);
	return rc;
}

/* The fields of a report's machine-readable part: a DSN's Action, an
 * MDN's disposition type, an ARF report's Feedback-Type (whichever comes
 * first goes to report_action, as a part holds only one kind), the first
 * Final-Recipient (else Original-Recipient) and an MDN's
 * Original-Message-ID. */
static int
read_report_fields(struct cks_parsed_mail *m, const char *s, size_t n)
{
	size_t pos = 0;
	char *original = NULL;
	int failed = 0;

	for (int block = 0; block < MAX_DSN_BLOCKS && pos < n && !failed; block++) {
		struct headers h = { 0 };

		failed = read_headers(s, n, &pos, &h) < 0;
		for (size_t i = 0; i < h.count && !failed; i++) {
			const char *name = h.v[i].name, *value = h.v[i].value;
			const char *semi = strchr(value, ';');
			const char *addr = semi != NULL ? semi + 1 : value;
			char token[33];

			if ((strcasecmp(name, "Action") == 0 ||
			     strcasecmp(name, "Feedback-Type") == 0 ||
			     (strcasecmp(name, "Disposition") == 0 && semi != NULL)) &&
			    m->report_action == NULL) {
				/* "manual-action/MDN-sent-manually; displayed" */
				first_token(strcasecmp(name, "Disposition") == 0 ?
				    semi + 1 : value, token, sizeof(token));
				failed = token[0] != '\0' &&
				    (m->report_action = strdup(token)) == NULL;
			} else if (strcasecmp(name, "Final-Recipient") == 0 &&
				   m->report_recipient == NULL) {
				m->report_recipient = address_dup(addr, strlen(addr));
			} else if (strcasecmp(name, "Original-Recipient") == 0 &&
				   original == NULL) {
				original = address_dup(addr, strlen(addr));
			} else if (strcasecmp(name, "Status") == 0 &&
				   m->report_status == NULL) {
				/* "5.1.1 (user unknown)": the code alone */
				size_t k = 0;
				const char *v = value;

				while (is_wsp(*v))
					v++;
				while ((isdigit((unsigned char)*v) || *v == '.') &&
				       k + 1 < sizeof(token))
					token[k++] = *v++;
				token[k] = '\0';
				failed = token[0] != '\0' &&
				    (m->report_status = strdup(token)) == NULL;
			} else if (strcasecmp(name, "Diagnostic-Code") == 0 &&
				   m->report_diagnostic == NULL) {
				/* "smtp; 550 5.1.1 <x@y>: user unknown" */
				const char *d = semi != NULL ? semi + 1 : value;

				while (*d == ' ' || *d == '\t')
					d++;
				failed = (m->report_diagnostic = strndup(d, 400)) == NULL;
				for (char *q = m->report_diagnostic; !failed && *q; q++)
					if ((unsigned char)*q < 0x20 || *q == 0x7f)
						*q = ' ';
			} else if (strcasecmp(name, "Original-Message-ID") == 0) {
				failed = first_msg_id(value, &m->report_message_id) < 0;
			}
		}
		headers_clear(&h);
	}
	if (m->report_recipient == NULL) {
		m->report_recipient = original;
		original = NULL;
	}
	free(original);
	return failed ? -1 : 0;
}

/* The returned message's Subject, decoded: our invitation's carries the
 * survey tag, which matches a bounce when its Message-ID was cut. */
static int
set_returned_subject(struct cks_parsed_mail *m, const char *value)
{
	if (value == NULL || m->returned_subject != NULL)
		return 0;
	return (m->returned_subject = decode_header(value, NULL)) != NULL ? 0 : -1;
}

/* The Message-ID and Subject among a returned message's header fields. */
static int
returned_fields(struct cks_parsed_mail *m, const struct mailimf_fields *f)
{
	if (f == NULL || f->fld_list == NULL)
		return 0;
	for (clistiter *c = clist_begin(f->fld_list); c != NULL; c = clist_next(c)) {
		const struct mailimf_field *field = clist_content(c);
		const struct mailimf_optional_field *opt;
		int rc = 0;

		if (field == NULL)
			continue;
		opt = field->fld_type == MAILIMF_FIELD_OPTIONAL_FIELD ?
		    field->fld_data.fld_optional_field : NULL;
		if (opt != NULL && (opt->fld_name == NULL || opt->fld_value == NULL))
			opt = NULL;
		if (field->fld_type == MAILIMF_FIELD_MESSAGE_ID &&
		    field->fld_data.fld_message_id != NULL &&
		    field->fld_data.fld_message_id->mid_value != NULL)
			rc = first_msg_id(field->fld_data.fld_message_id->mid_value,
			    &m->report_message_id);
		else if (opt != NULL && strcasecmp(opt->fld_name, "Message-ID") == 0)
			rc = first_msg_id(opt->fld_value, &m->report_message_id);
		else if (field->fld_type == MAILIMF_FIELD_SUBJECT &&
			 field->fld_data.fld_subject != NULL)
			rc = set_returned_subject(m,
			    field->fld_data.fld_subject->sbj_value);
		else if (opt != NULL && strcasecmp(opt->fld_name, "Subject") == 0)
			rc = set_returned_subject(m, opt->fld_value);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* The Message-ID and Subject of the message a report returns, whole or
 * headers only. */
static int
returned_message_id(struct cks_parsed_mail *m, struct mailmime *mime)
{
	struct headers h = { 0 };
	char *bytes;
	size_t len, pos = 0;
	int rc = -1;

	if (mime->mm_type == MAILMIME_MESSAGE)
		return returned_fields(m, mime->mm_data.mm_message.mm_fields);
	if (part_bytes(mime, &bytes, &len) < 0)
		return -1;
	if (read_headers(bytes, len, &pos, &h) == 0 &&
	    first_msg_id(header_get(&h, "Message-ID"), &m->report_message_id) == 0)
		rc = set_returned_subject(m, header_get(&h, "Subject"));
	headers_clear(&h);
	free(bytes);
	return rc;
}

/* --- machine mail ------------------------------------------------------------ */

/* The parts of a report, wherever they sit in the tree: some MTAs wrap
 * their multipart/report in a multipart/mixed. */
struct report_parts {
	struct mailmime *delivery_status;
	struct mailmime *disposition;
	struct mailmime *feedback;
	struct mailmime *returned;   /* the message (or headers) sent back */
	size_t parts;
};

/* An attached message is not descended into: its parts are the returned
 * message's, not the report's. */
static void
find_report_parts(struct report_parts *rp, struct mailmime *mime, int depth)
{
	if (mime == NULL || depth > MAX_DEPTH || rp->parts++ >= MAX_PARTS)
		return;
	if (mime->mm_type == MAILMIME_MESSAGE) {
		if (rp->returned == NULL)
			rp->returned = mime;
	} else if (mime->mm_type == MAILMIME_SINGLE) {
		if (is_type(mime, "message", "delivery-status") ||
		    is_type(mime, "message", "global-delivery-status")) {
			if (rp->delivery_status == NULL)
				rp->delivery_status = mime;
		} else if (is_type(mime, "message", "disposition-notification") ||
			   is_type(mime, "message",
				   "global-disposition-notification")) {
			if (rp->disposition == NULL)
				rp->disposition = mime;
		} else if (is_type(mime, "message", "feedback-report")) {
			if (rp->feedback == NULL)
				rp->feedback = mime;
		} else if (rp->returned == NULL &&
			   (is_type(mime, "text", "rfc822-headers") ||
			    is_type(mime, "message", "rfc822") ||
			    is_type(mime, "message", "global") ||
			    is_type(mime, "message", "global-headers"))) {
			rp->returned = mime;
		}
	} else if (mime->mm_type == MAILMIME_MULTIPLE &&
		   mime->mm_data.mm_multipart.mm_mp_list != NULL) {
		for (clistiter *c = clist_begin(mime->mm_data.mm_multipart.mm_mp_list);
		     c != NULL; c = clist_next(c))
			find_report_parts(rp, clist_content(c), depth + 1);
	}
}

static int
set_machine(struct cks_parsed_mail *m, const char *kind, const char *name,
	    const char *value)
{
	if ((m->machine_kind = strdup(kind)) == NULL ||
	    (m->machine_reason = reason(name, value != NULL ? value : "")) == NULL)
		return -1;
	return 0;
}

static int
read_part_fields(struct cks_parsed_mail *m, const struct mailmime *part)
{
	char *bytes;
	size_t len;
	int rc;

	if (part == NULL)
		return 0;
	if (part_bytes(part, &bytes, &len) < 0)
		return -1;
	rc = read_report_fields(m, bytes, len);
	free(bytes);
	return rc;
}

/* Standard reports by their structure: multipart/report's report-type
 * (else the machine-readable part found) says DSN, MDN or ARF. */
static int
read_report(struct parse *p, struct mailmime *body)
{
	struct cks_parsed_mail *m = p->mail;
	struct report_parts rp = { 0 };
	const char *type = NULL;
	const struct mailmime *fields;

	if (body == NULL)
		return 0;
	if (body->mm_type == MAILMIME_MULTIPLE && is_type(body, "multipart", "report")) {
		m->is_report = 1;
		type = mailmime_content_param_get(body->mm_content_type,
		    "report-type");
	}
	find_report_parts(&rp, body, 1);
	p->returned = rp.returned;
	if (type != NULL ? strcasecmp(type, "disposition-notification") == 0 :
	    rp.disposition != NULL && rp.delivery_status == NULL) {
		if (set_machine(m, "mdn", "report-type", "disposition-notification") < 0)
			return -1;
		fields = rp.disposition;
	} else if (type != NULL ? strcasecmp(type, "feedback-report") == 0 :
		   rp.feedback != NULL && rp.delivery_status == NULL) {
		if (set_machine(m, "arf", "report-type", "feedback-report") < 0)
			return -1;
		fields = rp.feedback;
	} else if (m->is_report || rp.delivery_status != NULL) {
		/* an unknown report-type is a report all the same: a
		 * bounce at worst, never an answer */
		if (set_machine(m, "dsn", "report-type", type != NULL ? type :
		    "(a message/delivery-status part)") < 0)
			return -1;
		fields = rp.delivery_status;
	} else {
		return 0;
	}
	if (read_part_fields(m, fields) < 0)
		return -1;
	if (rp.returned != NULL && m->report_message_id == NULL &&
	    m->returned_subject == NULL && returned_message_id(m, rp.returned) < 0)
		return -1;
	return 0;
}

/* The local part of From: that only mail systems use; a bare
 * "From: mailer-daemon" has no address to look at, only its text. */
static int
from_mail_system(const struct cks_parsed_mail *m, const struct headers *h)
{
	const char *from = header_get(h, "From");

	static const char *const names[] = {
		"mailer-daemon@", "postmaster@", "post_master@", "mail-daemon@",
		"mailerdaemon@", NULL
	};

	for (size_t i = 0; m->from_address != NULL && names[i] != NULL; i++)
		if (strncasecmp(m->from_address, names[i], strlen(names[i])) == 0)
			return 1;
	if (m->from_address == NULL && m->from_name != NULL &&
	    strncasecmp(m->from_name, "MAILER-DAEMON", 13) == 0)
		return 1;
	while (m->from_address == NULL && from != NULL && is_wsp(*from))
		from++;
	if (m->from_address == NULL && from != NULL &&
	    strncasecmp(from, "MAILER-DAEMON", 13) == 0)
		return 1;
	return m->from_name != NULL &&
	       (strcasecmp(m->from_name, "Mail Delivery System") == 0 ||
		strcasecmp(m->from_name, "Mail Delivery Subsystem") == 0 ||
		strcasecmp(m->from_name, "Microsoft Outlook") == 0 ||
		strcasecmp(m->from_name, "Mail Administrator") == 0);
}

static const char *
bounce_subject(const char *subject)
{
	static const char *const prefixes[] = {
		"Undeliverable", "Undelivered Mail", "Undeliverable mail",
		"Returned mail", "Return mail", "Failure Notice",
		"Delivery Status Notification", "Mail delivery failed",
		"Delivery failure", "Delivery failed", "Mail System Error",
		"Nondeliverable", "Non-delivery", "Non delivery",
		"Delivery Notification", "Message not delivered",
		"Mail could not be delivered", "Could not send message",
		"Warning: could not send message", "Mail Delivery Failure",
		"Message delivery failure", "Delivery Status", "Message Delivery",
		"Mail delivery", "DELIVERY FAILURE", "failed delivery",
		"There was an error sending your mail", NULL
	};

	while (subject != NULL && is_wsp(*subject))
		subject++;
	for (size_t i = 0; subject != NULL && prefixes[i] != NULL; i++)
		if (strncasecmp(subject, prefixes[i], strlen(prefixes[i])) == 0)
			return prefixes[i];
	return NULL;
}

/* Words of a mail system's report, never of a customer's reply: taken
 * as a sign only together with a null sender, since a customer may well
 * complain that "the message could not be delivered". */
static const char *
bounce_words(const char *text)
{
	static const char *const phrases[] = {
		"This is the qmail-send program", "This is the mail system at host",
		"could not be delivered to one or more recipients",
		"Delivery has failed to these recipients",
		"I'm afraid I wasn't able to deliver",
		"The following addresses had permanent fatal errors",
		"The original message was received at",
		"Your message wasn't delivered", "Your message could not be delivered",
		"Delivery to the following recipient", "Recipient address rejected",
		"permanent fatal error", "Message could not be delivered",
		"We had trouble delivering your message",
		"message was undeliverable", "Undelivered Mail", "Sorry, we were unable",
		"This message was created automatically by mail delivery software",
		NULL
	};

	for (size_t i = 0; text != NULL && phrases[i] != NULL; i++)
		if (cks_text_find_ci(text, text + strlen(text), phrases[i]))
			return phrases[i];
	return NULL;
}

/* A null reverse path: "Return-Path: <>", as only notifications (bounces
 * and automatic replies, RFC 5321 4.5.5) are sent. */
static int
null_sender(const struct headers *h)
{
	const char *value = header_get(h, "Return-Path");
	size_t n;

	if (value == NULL)
		return 0;
	while (is_wsp(*value))
		value++;
	n = strcspn(value, "(");
	while (n > 0 && is_wsp(value[n - 1]))
		n--;
	return n == 0 || (n == 2 && memcmp(value, "<>", 2) == 0);
}

/* The first "Message-ID: <id>" and "Subject:" lines in the body, as a
 * bounce that is no multipart/report quotes the returned message's header
 * in its text (the qmail, Exim and most webmail formats).  Indented or
 * "> "-quoted lines count too; a folded value is joined with the next
 * line. */
static int
body_returned_fields(struct cks_parsed_mail *m, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (m->report_message_id == NULL ||
			 m->returned_subject == NULL)) {
		size_t end = i, j = i, name;
		int is_id;

		while (end < n && s[end] != '\n')
			end++;
		while (j < end && (is_wsp(s[j]) || s[j] == '>' || s[j] == '|'))
			j++;
		is_id = end - j >= 11 && strncasecmp(s + j, "Message-ID:", 11) == 0;
		name = is_id ? 11 : 8;
		if ((is_id && m->report_message_id == NULL) ||
		    (!is_id && m->returned_subject == NULL && end - j >= 8 &&
		     strncasecmp(s + j, "Subject:", 8) == 0)) {
			size_t stop = end;
			char *value;
			int rc;

			if (end + 1 < n && is_wsp(s[end + 1]) &&
			    (!is_id || memchr(s + j, '<', end - j) == NULL)) {
				stop = end + 1;
				while (stop < n && s[stop] != '\n')
					stop++;
			}
			value = dup_bytes(s + j + name, stop - j - name);
			if (value == NULL)
				return -1;
			for (char *c = value; *c != '\0'; c++)
				if (*c == '\r' || *c == '\n' || *c == '\t')
					*c = ' ';
			if (!is_id)
				rc = set_returned_subject(m, value);
			else
				rc = strchr(value, '<') != NULL ?
				    first_msg_id(value, &m->report_message_id) : 0;
			free(value);
			if (rc < 0)
				return -1;
		}
		i = end + 1;
	}
	return 0;
}

/* Bounces that are not multipart/report, by the mail system's marks;
 * and Hotmail's complaints, which are abuse reports without ARF. */
static int
detect_bounce(struct parse *p, const struct headers *h)
{
	struct cks_parsed_mail *m = p->mail;
	const char *value, *words, *subject = m->subject;

	while (subject != NULL && is_wsp(*subject))
		subject++;
	if (subject != NULL &&
	    strncasecmp(subject, "complaint about message from", 28) == 0)
		return set_machine(m, "arf", "Subject", subject);

	if ((value = header_get(h, "X-Failed-Recipients")) != NULL)
		return set_machine(m, "bounce", "X-Failed-Recipients", value);
	if ((value = header_get(h, "X-MS-Exchange-Message-Is-Ndr")) != NULL)
		return set_machine(m, "bounce", "X-MS-Exchange-Message-Is-Ndr",
		    value);
	if (from_mail_system(m, h))
		return set_machine(m, "bounce", "From", header_get(h, "From"));
	if (m->subject != NULL && bounce_subject(m->subject) != NULL)
		return set_machine(m, "bounce", "Subject", m->subject);
	if (null_sender(h) && (words = bounce_words(m->text)) != NULL)
		return set_machine(m, "bounce", "Return-Path: <>, and the text",
		    words);
	if (null_sender(h) && p->returned != NULL)
		return set_machine(m, "bounce", "Return-Path",
		    "<>, and a message attached");
	return 0;
}

/* Read receipts that are no multipart/report (older Outlook and Exchange
 * send "Read: subject" as plain text, "Your message ... was read on
 * <date>", whose digits must not be taken for an answer). */
static int
detect_legacy_receipt(struct cks_parsed_mail *m)
{
	static const char *const prefixes[] = {
		"Read:", "Not read:", "Read receipt", "Read-Receipt",
		"Return Receipt", "Read report", NULL
	};
	const char *subject = m->subject;

	while (subject != NULL && is_wsp(*subject))
		subject++;
	for (size_t i = 0; subject != NULL && prefixes[i] != NULL; i++)
		if (strncasecmp(subject, prefixes[i], strlen(prefixes[i])) == 0)
			return set_machine(m, "mdn", "Subject", subject);
	return 0;
}

/* Machine mail by its structure first (a report), then by the marks of
 * a non-standard bounce, then as an automatic reply; a null sender that
 * is none of these is still machine mail. */
static int
classify(struct parse *p, struct mailmime *body, const struct headers *h,
	 const char *after_header, size_t rest)
{
	struct cks_parsed_mail *m = p->mail;

	if (read_report(p, body) < 0)
		return -1;
	if (m->machine_kind == NULL && detect_bounce(p, h) < 0)
		return -1;
	if (m->machine_kind == NULL && detect_legacy_receipt(m) < 0)
		return -1;
	if (m->machine_kind != NULL && m->report_message_id == NULL &&
	    m->returned_subject == NULL &&
	    strcmp(m->machine_kind, "mdn") != 0 && p->returned != NULL &&
	    returned_message_id(m, p->returned) < 0)
		return -1;
	if (m->machine_kind != NULL &&
	    (m->report_message_id == NULL || m->returned_subject == NULL) &&
	    (strcmp(m->machine_kind, "dsn") == 0 ||
	     strcmp(m->machine_kind, "bounce") == 0) &&
	    body_returned_fields(m, after_header, rest) < 0)
		return -1;
	if (m->machine_kind == NULL && m->auto_reply != NULL &&
	    ((m->machine_kind = strdup("auto-reply")) == NULL ||
	     (m->machine_reason = strdup(m->auto_reply)) == NULL))
		return -1;
	if (m->machine_kind == NULL && null_sender(h) &&
	    set_machine(m, "auto-reply", "Return-Path", "<> (a null sender)") < 0)
		return -1;
	return 0;
}

/* --- the API --------------------------------------------------------------- */

/* Old Mac mail ends lines with a lone CR, some gateways mix CR into CRLF
 * or LF mail, and some double it ("\r\r\n").  libetpan only knows LF and
 * CRLF: to it a CR-only message is one header line, so its header came
 * out as the body.  In place: a run of CRs before LF goes, a lone CR
 * becomes LF.  Returns the new length. */
static size_t
normalise_line_ends(char *s, size_t n)
{
	size_t out = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\r') {
			s[out++] = s[i];
			continue;
		}
		size_t j = i;

		while (j < n && s[j] == '\r')
			j++;
		if (j < n && s[j] == '\n') {
			s[out++] = '\r';     /* CRLF, however many CRs */
		} else {
			for (; i < j; i++)
				s[out++] = '\n';
		}
		i = j - 1;
	}
	s[out] = '\0';
	return out;
}

int
cks_mail_parse(const char *raw, size_t length,
	       struct cks_parsed_mail **mail_out, struct cks_error *err)
{
	struct parse p = { 0 };
	struct headers h = { 0 };
	struct mailmime *root = NULL, *body = NULL;
	char *copy = NULL;
	size_t pos = 0, idx = 0;
	int rc = -1;

	*mail_out = NULL;
	/* Postfix's "From sender date" line; "From:" is a header field. */
	if (length > 5 && memcmp(raw, "From ", 5) == 0) {
		const char *eol = memchr(raw, '\n', length);

		if (eol != NULL) {
			length -= (size_t)(eol + 1 - raw);
			raw = eol + 1;
		}
	}
	if (length == 0 || length > CKS_MAILGUARD_MAX_BYTES)
		return cks_mailguard_check(raw, length, err);
	/* libetpan's nodes point into the buffer; a NUL after it keeps any
	 * string function it calls inside. */
	copy = malloc(length + 1);
	if (copy == NULL)
		goto oom;
	memcpy(copy, raw, length);
	copy[length] = '\0';
	length = normalise_line_ends(copy, length);
	/* The guard reads what libetpan will read. */
	if (cks_mailguard_check(copy, length, err) < 0)
		goto out;
	p.mail = calloc(1, sizeof(*p.mail));
	if (p.mail == NULL)
		goto oom;
	if (read_headers(copy, length, &pos, &h) < 0)
		goto oom;
	if (h.count == 0) {
		cks_error_set(err, CKS_ERROR_INVALID,
		    "not a mail message: no header fields");
		goto out;
	}
	if (read_header_fields(&p, &h) < 0)
		goto oom;
	if (mailmime_parse(copy, length, &idx, &root) == MAILIMF_NO_ERROR &&
	    root != NULL && root->mm_type == MAILMIME_MESSAGE)
		body = root->mm_data.mm_message.mm_msg_mime;
	find_body(&p, body, 1);
	if (redecode_headers(&p, &h) < 0 || read_body(&p) < 0 || classify(&p, body, &h, copy + pos, length - pos) < 0)
		goto oom;
	*mail_out = p.mail;
	p.mail = NULL;
	rc = 0;
	goto out;
oom:
	cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory parsing a message");
out:
	if (root != NULL)
		mailmime_free(root);
	headers_clear(&h);
	free(copy);
	cks_parsed_mail_free(&p.mail);
	return rc;
}
