/* The customer's own words in a reply (see reply.h).
 *
 * The text is read as lines.  The reply ends at the first line that starts
 * quoted history, whichever client wrote it:
 *   - a ">" line (mailparse.h also marks HTML-quoted blocks this way), or
 *     a block of lines that start with a TAB (mailx and s-nail quote so),
 *     "|", ": " or four spaces, when it is long or right below an
 *     attribution;
 *   - an attribution, "On ... wrote:" and its translations, which Gmail
 *     and Apple Mail wrap over up to three lines;
 *   - an Outlook header block, From: with Sent:/Date:, To: and Subject:
 *     (or their Thai and European translations) right below it;
 *   - a "-----Original Message-----" rule or a line of underscores.
 * A rule or blank lines just above that line go with the quote.  Within
 * the reply, a "-- " line or a phone's "Sent from my iPhone" starts the
 * signature, which is dropped.
 *
 * A customer who answers below the quote (bottom-posting) leaves nothing
 * above it; then the unquoted lines between and after quoted blocks are
 * the reply, as a reader sees them.
 *
 * CRLF reads as LF and trailing blanks are dropped from every line.  All
 * work is a bounded look at a few lines at a time, so a megabyte of ">"
 * takes no longer than a megabyte of anything. */
#include "autoconfig.h"

#include "reply.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

struct line {
	const char *text;
	size_t len;              /* without the LF, any CR and trailing blanks */
	int quoted;              /* ">" quoting, or a block of another mark */
};

/* An attribution is one short header line, even when wrapped; anything
 * longer is prose or data and is not looked at. */
#define ATTRIBUTION_MAX 600
#define ATTRIBUTION_LINES 3
/* How far below From: the rest of an Outlook header block may reach. */
#define HEADER_BLOCK_LINES 8
#define SIGNATURE_LINE_MAX 120
/* Marked lines in a row that make a block of TAB, "|" or ":" lines a
 * quote without an attribution above it: fewer may be the customer's own
 * indented lines or list; an invitation quoted whole is far longer. */
#define MARKED_BLOCK_MIN 5
/* A quote indented by spaces must be longer still: a customer indents a
 * short list of their own, never a whole letter. */
#define SPACE_BLOCK_MIN 8

enum header_kind {
	HEADER_NONE = 0,
	HEADER_FROM = 1,
	HEADER_DATE = 2,
	HEADER_TO = 4,
	HEADER_SUBJECT = 8,
	HEADER_OTHER = 16,
};

/* Header names as Outlook and webmail write them, English, Thai and the
 * European languages in the corpus.  Compared ignoring ASCII case. */
static const struct {
	const char *name;
	enum header_kind kind;
} header_names[] = {
	{ "from", HEADER_FROM }, { "จาก", HEADER_FROM }, { "de", HEADER_FROM },
	{ "von", HEADER_FROM }, { "van", HEADER_FROM }, { "da", HEADER_FROM },
	{ "fra", HEADER_FROM }, { "från", HEADER_FROM }, { "od", HEADER_FROM },
	{ "от", HEADER_FROM }, { "lähettäjä", HEADER_FROM },
	{ "sent", HEADER_DATE }, { "date", HEADER_DATE }, { "ส่ง", HEADER_DATE },
	{ "ส่งเมื่อ", HEADER_DATE }, { "วันที่", HEADER_DATE },
	{ "datum", HEADER_DATE }, { "dato", HEADER_DATE }, { "data", HEADER_DATE },
	{ "envoyé", HEADER_DATE }, { "envoyé le", HEADER_DATE },
	{ "gesendet", HEADER_DATE }, { "verzonden", HEADER_DATE },
	{ "inviato", HEADER_DATE }, { "enviado", HEADER_DATE },
	{ "fecha", HEADER_DATE }, { "wysłano", HEADER_DATE },
	{ "отправлено", HEADER_DATE }, { "дата", HEADER_DATE },
	{ "message du", HEADER_DATE }, { "lähetetty", HEADER_DATE },
	{ "to", HEADER_TO }, { "ถึง", HEADER_TO }, { "à", HEADER_TO },
	{ "À", HEADER_TO }, { "a", HEADER_TO }, { "an", HEADER_TO },
	{ "aan", HEADER_TO }, { "til", HEADER_TO }, { "till", HEADER_TO },
	{ "para", HEADER_TO }, { "do", HEADER_TO }, { "кому", HEADER_TO },
	{ "vastaanottaja", HEADER_TO },
	{ "subject", HEADER_SUBJECT }, { "เรื่อง", HEADER_SUBJECT },
	{ "objet", HEADER_SUBJECT }, { "sujet", HEADER_SUBJECT },
	{ "betreff", HEADER_SUBJECT }, { "onderwerp", HEADER_SUBJECT },
	{ "oggetto", HEADER_SUBJECT }, { "emne", HEADER_SUBJECT },
	{ "asunto", HEADER_SUBJECT }, { "assunto", HEADER_SUBJECT },
	{ "temat", HEADER_SUBJECT }, { "тема", HEADER_SUBJECT },
	{ "aihe", HEADER_SUBJECT }, { "ämne", HEADER_SUBJECT },
	{ "cc", HEADER_OTHER }, { "bcc", HEADER_OTHER }, { "สำเนา", HEADER_OTHER },
	{ "copie à", HEADER_OTHER }, { "kopie", HEADER_OTHER },
	{ "копия", HEADER_OTHER },
};

/* What a "-----Original Message-----" rule says between its dashes. */
static const char *const original_message[] = {
	"original message", "forwarded message", "ข้อความต้นฉบับ",
	"ข้อความที่ส่งต่อ", "ursprüngliche nachricht", "weitergeleitete nachricht",
	"oprindelig besked", "message d'origine", "message transféré",
	"messaggio originale", "mensaje original", "mensagem original",
	"oorspronkelijk bericht", "opprinnelig melding", "ursprungligt meddelande",
	"alkuperäinen viesti", "исходное сообщение", "Исходное сообщение",
	NULL
};

/* The verb an attribution ends with, before its optional colon. */
static const char *const wrote[] = {
	"wrote", "writes", "เขียนว่า", "เขียน", "a écrit", "schrieb", "schreef",
	"ha scritto", "escreveu", "escribió", "napisał", "napisał(a)", "napisała",
	"skrev", "kirjoitti", "írta", "написал", "написала", "написал(а)", NULL
};

/* How an attribution may begin when the client wrapped it. */
static const char *const attribution_leads[] = {
	"on ", "เมื่อ", "le ", "am ", "op ", "il ", "in data ", "em ", "el ",
	"w dniu ", "dnia ", "den ", NULL
};

/* A phone or mail app's line at the foot of the reply ("Sent from my
 * iPhone").  English and European ones must be short and plain: "Sent
 * from my desk, which is easier" is the customer talking. */
static const char *const sent_from[] = {
	"sent from ", "sent via ", "get outlook for ", "gesendet von ",
	"envoyé de mon ", "envoyé à partir de ", "enviado desde ",
	"enviado do meu ", "inviato da ", "verzonden met ", "verstuurd vanaf ",
	NULL
};

static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* Case-insensitive (ASCII) compare of n bytes. */
static int
line_blank(const struct line *l)
{
	return l->len == 0;     /* trailing blanks are already off */
}

/* The line without its indentation. */
static const char *
line_body(const struct line *l, size_t *len)
{
	size_t i = 0;

	while (i < l->len && is_blank(l->text[i]))
		i++;
	*len = l->len - i;
	return l->text + i;
}

static int
is_quoted(const struct line *l)
{
	return l->quoted;
}

static int
starts_with_gt(const struct line *l)
{
	size_t len;
	const char *s = line_body(l, &len);

	return len > 0 && s[0] == '>';
}

/* The mark a quote without ">" puts before each line, 0 if none: a TAB
 * (mailx, and s-nail by default), "|" (s-nail's indentprefix as many set
 * it) or ": ".  A line of a table ("| a | b |") is no quote. */
static char
quote_mark(const struct line *l)
{
	const char *s = l->text;
	size_t len = l->len;

	if (len > 1 && s[0] == '\t')
		return '\t';
	/* some webmail in plain-text mode indents the quote by four to
	 * eight spaces */
	if (len > 4 && memcmp(s, "    ", 4) == 0) {
		size_t k = 4;

		while (k < len && k <= 8 && s[k] == ' ')
			k++;
		if (k <= 8 && k < len)
			return ' ';
	}
	if (len > 1 && s[0] == ' ' && s[1] == '|') {
		s++;
		len--;
	}
	/* A quoted blank line is the mark alone (its space trimmed). */
	if (len == 1 && (s[0] == '|' || s[0] == ':'))
		return s[0];
	if (len > 1 && s[0] == '|' && s[len - 1] != '|')
		return '|';
	if (len > 1 && s[0] == ':' && s[1] == ' ')
		return ':';
	return 0;
}

/* A line of one repeated mark: "----", "____", "====", "****". */
static int
is_rule(const struct line *l, char mark, size_t min)
{
	size_t len, i;
	const char *s = line_body(l, &len);

	if (len < min)
		return 0;
	for (i = 0; i < len; i++)
		if (s[i] != mark)
			return 0;
	return 1;
}

static int
is_any_rule(const struct line *l)
{
	return is_rule(l, '-', 3) || is_rule(l, '_', 3) || is_rule(l, '=', 3) ||
	       is_rule(l, '*', 3);
}

/* "-----Original Message-----", "----- Original Message -----",
 * "-----ข้อความต้นฉบับ-----", "---------- Forwarded message ---------". */
static int
is_original_message(const struct line *l)
{
	size_t len;
	const char *s = line_body(l, &len);

	if (len < 2 || s[0] != '-' || s[1] != '-')
		return 0;
	while (len > 0 && (*s == '-' || is_blank(*s))) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == '-' || is_blank(s[len - 1])))
		len--;
	for (size_t i = 0; original_message[i] != NULL; i++)
		if (strlen(original_message[i]) == len &&
		    cks_text_equal_ci(s, original_message[i], len))
			return 1;
	return 0;
}

/* Non-zero if text[0..len) ends with one of the attribution verbs as a
 * word of its own ("<a@b.c>wrote" counts: Gmail drops the space). */
static int
ends_with_verb(const char *text, size_t len)
{
	for (size_t i = 0; wrote[i] != NULL; i++) {
		size_t n = strlen(wrote[i]);
		char before;

		if (len < n || !cks_text_equal_ci(text + len - n, wrote[i], n))
			continue;
		if (len == n)
			return 1;
		before = text[len - n - 1];
		if (is_blank(before) || before == '>' || before == ')' ||
		    before == '"')
			return 1;
	}
	return 0;
}

static int
has_digit_or_at(const char *s, size_t len, int *at)
{
	int digit = 0;

	*at = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digit = 1;
		else if (s[i] == '@')
			*at = 1;
	}
	return digit || *at;
}

/* An attribution, unwrapped: "On <date>, <name> <addr> wrote:", its
 * translations, Zoho's "---- On ... wrote ----", or a date and an
 * address with a colon ("30.09.2017, 18.30, "Name" <a@b.c>:"), which is
 * how Russian and several webmails write it.  Real ones always hold a
 * date or an address; "Here is what he wrote:" holds neither. */
static int
is_attribution(const char *s, size_t len)
{
	int colon = 0, at;
	const char *lt;

	while (len > 0 && (*s == '-' || *s == '*' || is_blank(*s))) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == '-' || is_blank(s[len - 1])))
		len--;
	if (len > 0 && s[len - 1] == ':') {
		colon = 1;
		len--;
		while (len > 0 && is_blank(s[len - 1]))
			len--;
	}
	if (!has_digit_or_at(s, len, &at))
		return 0;
	if (ends_with_verb(s, len))
		return colon || at;
	/* mutt's "* Name <a@b.c> [2026-11-26 15:12]:" */
	if (colon && len > 0 && s[len - 1] == ']') {
		while (len > 0 && s[len - 1] != '[')
			len--;
		if (len > 0)
			len--;
		while (len > 0 && is_blank(s[len - 1]))
			len--;
	}
	lt = memchr(s, '<', len);
	return colon && at && lt != NULL && len > 0 && s[len - 1] == '>' &&
	       memchr(lt, '@', len - (size_t)(lt - s)) != NULL;
}

static int
starts_like_attribution(const struct line *l)
{
	size_t len;
	const char *s = line_body(l, &len);

	for (size_t i = 0; attribution_leads[i] != NULL; i++)
		if (cks_text_starts_ci(s, len, attribution_leads[i]))
			return 1;
	return 0;
}

/* Whether a line may be the first of a wrapped attribution: it begins
 * like one, or it holds a date (four digits or more) and does not end a
 * sentence.  A customer's "2" right above "On ... wrote:" is neither. */
static int
may_start_attribution(const struct line *l)
{
	size_t len, digits = 0;
	const char *s = line_body(l, &len);
	char last;

	if (starts_like_attribution(l))
		return 1;
	for (size_t i = 0; i < len; i++)
		digits += s[i] >= '0' && s[i] <= '9';
	last = len > 0 ? s[len - 1] : '.';
	return digits >= 4 && last != '.' && last != '!' && last != '?';
}

/* Whether a quoted line follows an unquoted one, or the reverse; Gmail's
 * wrapped ">:" ending an attribution's address does not count. */
static int
quote_edge(const struct line *l, const struct line *first)
{
	return (is_quoted(l) && l->len > 3) != (is_quoted(first) && first->len > 3);
}

/* How many lines (1 to 3) from i form an attribution; 0 if none. */
static size_t
attribution_lines(const struct line *lines, size_t n, size_t i)
{
	char joined[ATTRIBUTION_MAX + ATTRIBUTION_LINES];
	size_t len = 0;

	for (size_t k = 0; k < ATTRIBUTION_LINES && i + k < n; k++) {
		const struct line *l = &lines[i + k];

		if (line_blank(l) || len + 1 + l->len > ATTRIBUTION_MAX)
			return 0;
		/* A wrapped line never begins one: then it starts there.
		 * Nor does a wrap cross a quote's edge: the customer's "...
		 * ปี 2565" above "> On ... wrote:" is the customer's. */
		if (k > 0 && (!may_start_attribution(&lines[i]) ||
			      starts_like_attribution(l) ||
			      quote_edge(l, &lines[i])))
			return 0;
		if (k > 0)
			joined[len++] = ' ';
		memcpy(joined + len, l->text, l->len);
		len += l->len;
		if (is_attribution(joined, len))
			return k + 1;
	}
	return 0;
}

/* The kind of header a line starts with: "From: x", "*From:* x",
 * "De : x", "Objet\u00a0: x", "   จาก: x". */
static enum header_kind
header_kind(const struct line *l)
{
	size_t len, key;
	const char *s = line_body(l, &len);
	const char *colon;

	while (len > 0 && *s == '*') {
		s++;
		len--;
	}
	colon = memchr(s, ':', len < 32 ? len : 32);
	if (colon == NULL)
		return HEADER_NONE;
	key = (size_t)(colon - s);
	/* Blanks, no-break spaces (U+00A0) and bold marks before the colon. */
	for (;;) {
		if (key > 0 && (is_blank(s[key - 1]) || s[key - 1] == '*'))
			key--;
		else if (key > 1 && (unsigned char)s[key - 2] == 0xc2 &&
			 (unsigned char)s[key - 1] == 0xa0)
			key -= 2;
		else
			break;
	}
	for (size_t i = 0; i < sizeof(header_names) / sizeof(header_names[0]);
	     i++)
		if (strlen(header_names[i].name) == key &&
		    cks_text_equal_ci(s, header_names[i].name, key))
			return header_names[i].kind;
	return HEADER_NONE;
}

/* An Outlook header block from i: a From: line and at least two of
 * Sent/Date, To and Subject in the lines right below, before any blank
 * line.  Up to two lines may be a header wrapped onto the next line. */
static int
is_header_block(const struct line *lines, size_t n, size_t i)
{
	unsigned seen = 0, others = 0;
	int wrapped = 0;

	if (header_kind(&lines[i]) == HEADER_NONE)
		return 0;
	for (size_t j = i; j < n && j < i + HEADER_BLOCK_LINES; j++) {
		enum header_kind kind;

		if (line_blank(&lines[j]))
			break;
		kind = header_kind(&lines[j]);
		if (kind != HEADER_NONE)
			seen |= kind;
		else if (++wrapped > 2)
			break;
	}
	if (!(seen & HEADER_FROM))
		return 0;
	others = !!(seen & HEADER_DATE) + !!(seen & HEADER_TO) +
		 !!(seen & HEADER_SUBJECT);
	return others >= 2;
}

/* Whether line i starts quoted history; *attribution gets the number of
 * attribution lines there (0 for the other kinds). */
static int
quote_at(const struct line *lines, size_t n, size_t i, size_t *attribution)
{
	*attribution = 0;
	if (line_blank(&lines[i]))
		return 0;
	if (is_quoted(&lines[i]) || is_rule(&lines[i], '_', 20) ||
	    is_original_message(&lines[i]) || is_header_block(lines, n, i))
		return 1;
	*attribution = attribution_lines(lines, n, i);
	return *attribution > 0;
}

/* Where the signature starts: "-- " (or "--" as clients trim it), or a
 * phone's "Sent from ..." line, Thai "ส่งจาก..." included. */
static int
is_signature(const struct line *l)
{
	size_t len, words = 1;
	const char *s = line_body(l, &len);
	int inside_link = 0;

	if (l->len == 2 && memcmp(l->text, "--", 2) == 0)
		return 1;
	if (len > SIGNATURE_LINE_MAX)
		return 0;
	if (cks_text_starts_ci(s, len, "ส่งจาก"))
		return 1;
	for (size_t i = 0; sent_from[i] != NULL; i++) {
		if (!cks_text_starts_ci(s, len, sent_from[i]))
			continue;
		/* Short and plain, once a trailing <link> is set aside. */
		for (size_t j = 0; j < len; j++) {
			if (s[j] == '<')
				inside_link = 1;
			else if (s[j] == '>')
				inside_link = 0;
			else if (inside_link)
				continue;
			else if (strchr(",.!?;:", s[j]) != NULL)
				return 0;
			else if (s[j] == ' ' && j + 1 < len && s[j + 1] != ' ')
				words++;
		}
		return words <= 8;
	}
	return 0;
}

static size_t attribution_lines(const struct line *lines, size_t n, size_t i);

/* Whether an attribution ends on the last non-blank line before i. */
static int
attribution_before(const struct line *lines, size_t n, size_t i)
{
	size_t last = i;

	while (last > 0 && line_blank(&lines[last - 1]))
		last--;
	if (last == 0)
		return 0;
	last--;
	for (size_t k = 0; k < ATTRIBUTION_LINES && k <= last; k++)
		if (attribution_lines(lines, n, last - k) == k + 1)
			return 1;
	return 0;
}

/* Marks the quoted lines: ">" lines, and blocks of lines with one other
 * mark (blank lines inside a block belong to it) that are long or sit
 * right below an attribution ("Survey <survey@...> wrote:", as s-nail
 * writes above its TAB-indented quote).  One indented line of the
 * customer's stays text. */
static void
mark_quotes(struct line *lines, size_t n)
{
	size_t i = 0;

	while (i < n) {
		char mark = quote_mark(&lines[i]);
		size_t end = i, last = i, marked = 0;

		lines[i].quoted = starts_with_gt(&lines[i]);
		if (mark == 0 || lines[i].quoted) {
			i++;
			continue;
		}
		/* The block: lines with this mark, and blank ones between. */
		while (end < n && (line_blank(&lines[end]) ||
				   (quote_mark(&lines[end]) == mark &&
				    !starts_with_gt(&lines[end])))) {
			if (!line_blank(&lines[end])) {
				marked++;
				last = end;
			}
			end++;
		}
		if (marked >= (mark == ' ' ? SPACE_BLOCK_MIN : MARKED_BLOCK_MIN) ||
		    attribution_before(lines, n, i))
			for (size_t j = i; j <= last; j++)
				lines[j].quoted = !line_blank(&lines[j]);
		i = last + 1;
	}
}

/* Lines of text, split at LF; CR before LF and trailing blanks dropped. */
static struct line *
split_lines(const char *text, size_t *count)
{
	size_t n = 1, i = 0;
	const char *p, *nl;
	struct line *lines;

	for (p = text; (p = strchr(p, '\n')) != NULL; p++)
		n++;
	lines = calloc(n, sizeof(*lines));
	if (lines == NULL)
		return NULL;
	for (p = text; i < n; i++) {
		nl = strchr(p, '\n');
		lines[i].text = p;
		lines[i].len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		while (lines[i].len > 0 && (is_blank(p[lines[i].len - 1]) ||
					    p[lines[i].len - 1] == '\r'))
			lines[i].len--;
		p = nl != NULL ? nl + 1 : p + lines[i].len;
	}
	*count = n;
	return lines;
}

/* The chosen lines joined by LF, without blank lines at either end. */
static char *
join_lines(const struct line *lines, const size_t *pick, size_t count)
{
	size_t first = 0, last = count, size = 1, at = 0;
	char *out;

	while (first < last && line_blank(&lines[pick[first]]))
		first++;
	while (last > first && line_blank(&lines[pick[last - 1]]))
		last--;
	for (size_t i = first; i < last; i++)
		size += lines[pick[i]].len + 1;
	out = malloc(size);
	if (out == NULL)
		return NULL;
	for (size_t i = first; i < last; i++) {
		if (i > first)
			out[at++] = '\n';
		memcpy(out + at, lines[pick[i]].text, lines[pick[i]].len);
		at += lines[pick[i]].len;
	}
	out[at] = '\0';
	return out;
}

/* Bottom-posting: the unquoted lines below a ">" quote that opens the
 * text, up to any quote marked otherwise (an Outlook block quotes all
 * that follows it).  Attributions of the ">" blocks are not reply. */
static size_t
pick_below_quote(const struct line *lines, size_t n, size_t quote,
		 size_t attribution, size_t *pick)
{
	size_t count = 0, i = quote + attribution, skip, j;

	while (i < n && line_blank(&lines[i]))
		i++;
	if (i >= n || !is_quoted(&lines[i]))
		return 0;
	for (; i < n; i++) {
		if (is_quoted(&lines[i]))
			continue;
		if (!quote_at(lines, n, i, &skip)) {
			pick[count++] = i;
			continue;
		}
		/* Another ">" block's attribution, or the end of the reply. */
		for (j = i + skip; j < n && line_blank(&lines[j]); j++)
			;
		if (skip == 0 || j >= n || !is_quoted(&lines[j]))
			break;
		i += skip - 1;
	}
	return count;
}

/* The first line that starts quoted history (n when none), with the
 * number of lines of its attribution. */
static size_t
first_quote(const struct line *lines, size_t n, size_t *attribution)
{
	size_t quote;

	for (quote = 0; quote < n; quote++)
		if (quote_at(lines, n, quote, attribution))
			break;
	return quote;
}

/* How many of the picked lines come before the first signature line. */
static size_t
before_signature(const struct line *lines, const size_t *pick, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (is_signature(&lines[pick[i]]))
			return i;
	return count;
}

char *
cks_reply_extract(const char *text, char **quoted_out)
{
	struct line *lines;
	size_t n, quote, start, attribution, count = 0, *pick;
	char *reply = NULL, *quoted = NULL;

	if (quoted_out != NULL)
		*quoted_out = NULL;
	lines = split_lines(text != NULL ? text : "", &n);
	pick = lines != NULL ? calloc(n, sizeof(*pick)) : NULL;
	if (pick == NULL)
		goto out;
	mark_quotes(lines, n);

	quote = first_quote(lines, n, &attribution);
	/* A rule or blank lines right above the quote belong to it. */
	start = quote;
	while (quote < n && start > 0 && (line_blank(&lines[start - 1]) ||
					  is_any_rule(&lines[start - 1])))
		start--;
	for (size_t i = 0; i < start; i++)
		pick[count++] = i;
	if (start == 0 && quote < n)
		count = pick_below_quote(lines, n, quote, attribution, pick);
	reply = join_lines(lines, pick, before_signature(lines, pick, count));

	if (reply != NULL && quoted_out != NULL) {
		while (start < quote && !is_any_rule(&lines[start]))
			start++;
		count = 0;
		for (size_t i = start; i < n; i++)
			pick[count++] = i;
		quoted = join_lines(lines, pick, count);
		if (quoted == NULL) {
			free(reply);
			reply = NULL;
		}
		*quoted_out = quoted;
	}
out:
	free(pick);
	free(lines);
	return reply;
}

char *
cks_reply_inline(const char *text)
{
	struct line *lines;
	size_t n, quote, attribution, count = 0, *pick;
	char *words = NULL;

	lines = split_lines(text != NULL ? text : "", &n);
	pick = lines != NULL ? calloc(n + 1, sizeof(*pick)) : NULL;
	if (pick == NULL)
		goto out;
	mark_quotes(lines, n);
	quote = first_quote(lines, n, &attribution);
	if (quote < n)
		count = pick_below_quote(lines, n, quote, attribution, pick);
	words = join_lines(lines, pick, before_signature(lines, pick, count));
out:
	free(pick);
	free(lines);
	return words;
}
