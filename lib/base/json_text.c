#include "autoconfig.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "json_text.h"

struct out {
	char *text;
	size_t len, cap;
	int failed;
	size_t flags;
};

static void
put(struct out *o, const char *s, size_t n)
{
	if (o->failed)
		return;
	if (o->len + n + 1 > o->cap) {
		size_t cap = o->cap ? o->cap : 1024;
		char *grown;

		while (o->len + n + 1 > cap)
			cap *= 2;
		if ((grown = realloc(o->text, cap)) == NULL) {
			o->failed = 1;
			return;
		}
		o->text = grown;
		o->cap = cap;
	}
	memcpy(o->text + o->len, s, n);
	o->len += n;
}

/* jansson's line break and indent before an item (nothing when compact
 * or without JSON_INDENT). */
static void
newline(struct out *o, int depth)
{
	static const char spaces[] = "                                ";
	size_t n = (size_t)depth * (o->flags & JSON_MAX_INDENT);

	if ((o->flags & JSON_MAX_INDENT) == 0)
		return;
	put(o, "\n", 1);
	for (; n > 0; n -= n < 32 ? n : 32)
		put(o, spaces, n < 32 ? n : 32);
}

/* Eight bytes at a time (SWAR): does any byte of w need an escape (below
 * 0x20, '"' or '\\'), and is any byte not ASCII?  The bit tricks are the
 * well-known "has a zero byte" and "has a byte less than n" tests. */
#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

static int
word_needs_escape(uint64_t w)
{
	uint64_t quote = w ^ (ONES * '"'), slash = w ^ (ONES * '\\');

	return ((((w - ONES * 0x20) & ~w) | ((quote - ONES) & ~quote) |
	    ((slash - ONES) & ~slash)) & HIGHS) != 0;
}

static void
put_string(struct out *o, const char *s, size_t n)
{
	size_t run = 0, i = 0;
	uint64_t high = 0;

	put(o, "\"", 1);
	while (i < n) {
		unsigned char c;
		char esc[8];

		if (i + 8 <= n) {
			uint64_t w;

			memcpy(&w, s + i, 8);
			high |= w;
			if (!word_needs_escape(w)) {
				i += 8;
				continue;
			}
		}
		c = (unsigned char)s[i];
		high |= c;
		if (c >= 0x20 && c != '"' && c != '\\') {
			i++;
			continue;
		}
		put(o, s + run, i - run);
		run = ++i;
		switch (c) {
		case '"': put(o, "\\\"", 2); break;
		case '\\': put(o, "\\\\", 2); break;
		case '\b': put(o, "\\b", 2); break;
		case '\f': put(o, "\\f", 2); break;
		case '\n': put(o, "\\n", 2); break;
		case '\r': put(o, "\\r", 2); break;
		case '\t': put(o, "\\t", 2); break;
		default:
			snprintf(esc, sizeof(esc), "\\u%04X", c);
			put(o, esc, 6);
		}
	}
	put(o, s + run, n - run);
	put(o, "\"", 1);
	/* Not UTF-8: jansson refuses it too (checked only when a byte is
	 * not ASCII, which Thai text always has). */
	if ((high & HIGHS) != 0 && u8_check((const uint8_t *)s, n) != NULL)
		o->failed = 1;
}

/* A real as jansson writes it (its precision, ".0", short exponents): by
 * jansson itself, as reals are few. */
static void
put_real(struct out *o, const json_t *value)
{
	char *text = json_dumps(value, JSON_ENCODE_ANY |
	    (o->flags & JSON_REAL_PRECISION(31)));

	if (text == NULL) {
		o->failed = 1;
		return;
	}
	put(o, text, strlen(text));
	free(text);
}

static void
dump(struct out *o, const json_t *value, int depth)
{
	const char *item_sep = (o->flags & JSON_COMPACT) ? "," : ", ";
	const char *key_sep = (o->flags & JSON_COMPACT) ? ":" : ": ";
	size_t item_len = strlen(item_sep), key_len = strlen(key_sep);
	char number[32];

	/* with an indent, an item ends its line: no space after the comma */
	if (o->flags & JSON_MAX_INDENT)
		item_len = 1;
	switch (json_typeof(value)) {
	case JSON_OBJECT: {
		void *iter = json_object_iter((json_t *)value);

		put(o, "{", 1);
		if (iter == NULL) {
			put(o, "}", 1);
			break;
		}
		while (iter != NULL) {
			const char *key = json_object_iter_key(iter);

			newline(o, depth + 1);
			put_string(o, key, json_object_iter_key_len(iter));
			put(o, key_sep, key_len);
			dump(o, json_object_iter_value(iter), depth + 1);
			iter = json_object_iter_next((json_t *)value, iter);
			if (iter != NULL)
				put(o, item_sep, item_len);
		}
		newline(o, depth);
		put(o, "}", 1);
		break;
	}
	case JSON_ARRAY: {
		size_t n = json_array_size(value);

		put(o, "[", 1);
		for (size_t i = 0; i < n; i++) {
			newline(o, depth + 1);
			dump(o, json_array_get(value, i), depth + 1);
			if (i + 1 < n)
				put(o, item_sep, item_len);
		}
		if (n > 0)
			newline(o, depth);
		put(o, "]", 1);
		break;
	}
	case JSON_STRING:
		put_string(o, json_string_value(value), json_string_length(value));
		break;
	case JSON_INTEGER:
		snprintf(number, sizeof(number), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(value));
		put(o, number, strlen(number));
		break;
	case JSON_REAL:
		put_real(o, value);
		break;
	case JSON_TRUE:
		put(o, "true", 4);
		break;
	case JSON_FALSE:
		put(o, "false", 5);
		break;
	case JSON_NULL:
		put(o, "null", 4);
		break;
	}
}

char *
cks_json_dumps(const json_t *value, size_t flags)
{
	struct out o = { .flags = flags };

	if (value == NULL)
		return NULL;
	if ((flags & (JSON_SORT_KEYS | JSON_ENSURE_ASCII | JSON_ESCAPE_SLASH |
	    JSON_EMBED)) != 0 ||
	    (!json_is_object(value) && !json_is_array(value)))
		return json_dumps(value, flags);
	dump(&o, value, 0);
	put(&o, "", 0);
	if (o.failed) {
		free(o.text);
		return NULL;
	}
	o.text[o.len] = '\0';
	return o.text;
}
