/* Words added to a reply's Subject (see subject_answer.h). */
#include "autoconfig.h"

#include "subject_answer.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>


/* Prefixes mail programs put before a subject they answer or forward. */
static const char *const prefixes[] = {
	"re", "fw", "fwd", "aw", "sv", "vs", "antw", "tr", "rif", "wg",
	"ตอบกลับ", "ส่งต่อ", "回复", "转发", NULL
};

/* s with runs of blanks made one space and the ends trimmed, in place. */
static void
squeeze(char *s)
{
	char *out = s;
	int blank = 1;

	for (const char *p = s; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
			if (!blank)
				*out++ = ' ';
			blank = 1;
		} else {
			*out++ = *p;
			blank = 0;
		}
	}
	while (out > s && out[-1] == ' ')
		out--;
	*out = '\0';
}

/* Removes len bytes at p, and the blank before them. */
static void
cut(char *s, char *p, size_t len)
{
	if (p > s && p[-1] == ' ')
		p--, len++;
	memmove(p, p + len, strlen(p + len) + 1);
}

/* The length of a prefix ("Re: ", "RE[2]: ", "ตอบกลับ: ") at p, or 0. */
static size_t
prefix_at(const char *p)
{
	for (size_t i = 0; prefixes[i] != NULL; i++) {
		size_t k = strlen(prefixes[i]), e;

		if (strncasecmp(p, prefixes[i], k) != 0)
			continue;
		e = k;
		if (p[e] == '[') {      /* "RE[2]:" */
			e++;
			while (p[e] >= '0' && p[e] <= '9')
				e++;
			e += p[e] == ']';
		}
		if (p[e] == ' ')
			e++;
		if (p[e] == ':')
			e++;
		else if (strncmp(p + e, "\xef\xbc\x9a", 3) == 0)     /* full-width */
			e += 3;
		else
			continue;
		return e;
	}
	return 0;
}

/* Takes the prefixes out wherever a word starts with one: before the
 * subject, and after words typed in front of it ("5 Re: ..."). */
static void
strip_prefixes(char *s)
{
	for (char *p = s; *p != '\0';) {
		size_t k;

		if ((p == s || p[-1] == ' ') && (k = prefix_at(p)) > 0) {
			memmove(p, p + k, strlen(p + k) + 1);
			continue;
		}
		p++;
	}
}

/* Takes the token tags ("[CKS-ABC…]") out. */
static void
strip_tags(char *s)
{
	char *p;

	while ((p = strstr(s, "[CKS-")) != NULL) {
		char *end = strchr(p, ']');

		if (end == NULL)
			break;
		cut(s, p, (size_t)(end - p) + 1);
	}
}

char *
cks_subject_addition(const char *subject, const char *const *sent, size_t n)
{
	char *s, *best_at = NULL, *mine;
	size_t best = 0;

	if (subject == NULL || (s = strdup(subject)) == NULL)
		return NULL;
	squeeze(s);
	strip_prefixes(s);
	strip_tags(s);
	squeeze(s);
	for (size_t i = 0; i < n; i++) {
		char *want, *at;

		if (sent[i] == NULL || (want = strdup(sent[i])) == NULL)
			continue;
		squeeze(want);
		strip_tags(want);
		squeeze(want);
		if (*want != '\0' && strlen(want) > best && (at = strstr(s, want)) != NULL)
			best = strlen(want), best_at = at;
		free(want);
	}
	if (best_at == NULL) {
		free(s);
		return NULL;
	}
	cut(s, best_at, best);
	/* what joins the words to the subject: "… Counter - 5", "…: 5" */
	mine = s;
	while (*mine == ' ' || *mine == '-' || *mine == ':' || *mine == '|')
		mine++;
	squeeze(mine);
	if (*mine == '\0') {
		free(s);
		return NULL;
	}
	memmove(s, mine, strlen(mine) + 1);
	return s;
}
