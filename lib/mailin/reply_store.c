#include "autoconfig.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "answer.h"
#include "client.h"
#include "clock.h"
#include "compose.h"
#include "contact.h"
#include "reply_store.h"
#include "subject_answer.h"
#include "consent.h"
#include "unsubscribe_link.h"
#include "bounce.h"
#include "json_text.h"
#include "json_value.h"
#include "mailparse.h"
#include "rating.h"
#include "reply.h"
#include "session.h"
#include "utf8.h"

static const char *const outcome_names[] = {
	"recorded", "duplicate", "ignored", "quarantined", "bounce", "resolved",
};

const char *
cks_reply_store_outcome_name(enum cks_reply_store_outcome outcome)
{
	return outcome_names[outcome];
}

void
cks_reply_store_result_clear(struct cks_reply_store_result *r)
{
	free(r->comment);
	free(r->first_line);
	memset(r, 0, sizeof(*r));
	r->code = -1;
	r->suggestion = -1;
	/* Until a decision is made, nothing may be taken as recorded. */
	r->outcome = CKS_REPLY_STORE_QUARANTINED;
	snprintf(r->reason, sizeof(r->reason), "not processed");
}

/* --- what the person resolving a quarantine reads ---------------------------- */

/* Longest first line kept, in bytes; listings cut it shorter. */
#define FIRST_LINE_MAX 500

/* Masks every survey token written the way we write them ("+token@",
 * "[CKS-token]", "survey.token."): reasons, first lines and candidates
 * are shown in listings, and a token is the key to its survey. */
static void
mask_tokens(char *s)
{
	char token[CKS_TOKEN_SIZE];

	while (cks_token_find(s, token) == 0) {
		char *p = s;

		/* Found in any case; masked where it is written. */
		while (*p != '\0' && strncasecmp(p, token, CKS_TOKEN_LENGTH) != 0)
			p++;
		if (*p == '\0')
			return;
		memset(p, '*', CKS_TOKEN_LENGTH);
	}
}

static int
blank_span(const char *s, size_t length)
{
	for (size_t i = 0; i < length; i++)
		if (!isspace((unsigned char)s[i]))
			return 0;
	return 1;
}

/* The first line of words that is not blank, made printable and cut at a
 * character boundary; malloc'ed, or NULL when there is none (or no
 * memory: the line is only shown, the message is stored without it). */
static char *
first_line_of(const char *words)
{
	const char *p = words, *end;
	size_t length;
	char *line;

	while (p != NULL && *p != '\0') {
		end = p + strcspn(p, "\r\n");
		length = (size_t)(end - p);
		if (length > 0 && !blank_span(p, length)) {
			if (length > FIRST_LINE_MAX) {
				length = FIRST_LINE_MAX;
				/* Not inside a UTF-8 sequence. */
				while (length > 0 && ((unsigned char)p[length] & 0xc0) == 0x80)
					length--;
			}
			line = malloc(length + 1);
			if (line != NULL) {
				memcpy(line, p, length);
				line[length] = '\0';
				cks_text_make_printable(line);
				mask_tokens(line);
			}
			return line;
		}
		p = *end != '\0' ? end + 1 : end;
	}
	return NULL;
}

static void
set_outcome(struct cks_reply_store_result *r, enum cks_reply_store_outcome outcome,
	    const char *format, ...) __attribute__((format(printf, 3, 4)));

static void
set_outcome(struct cks_reply_store_result *r, enum cks_reply_store_outcome outcome,
	    const char *format, ...)
{
	va_list ap;

	r->outcome = outcome;
	va_start(ap, format);
	vsnprintf(r->reason, sizeof(r->reason), format, ap);
	va_end(ap);
	/* a machine's reason may quote a Subject with our tag in it */
	mask_tokens(r->reason);
}

static json_t *
candidates_to_json(const struct cks_reply_store_result *r)
{
	json_t *list = json_array();

	for (size_t i = 0; list != NULL && i < r->candidate_count; i++) {
		const struct cks_answer_candidate *c = &r->candidates[i];

		json_array_append_new(list, json_pack("{si si ss ss ss}",
		    "code", c->code, "weight", c->weight, "source", c->source,
		    "cue", c->cue, "text", c->text));
	}
	return list;
}

json_t *
cks_reply_store_result_to_json(const struct cks_reply_store_result *r)
{
	return json_pack("{so ss ss so so so so so so sb so so}",
	    "id", r->id ? json_integer(r->id) : json_null(),
	    "outcome", cks_reply_store_outcome_name(r->outcome),
	    "reason", r->reason,
	    "session", r->session_id ? json_integer(r->session_id) : json_null(),
	    "token", r->token[0] ? json_string(r->token) : json_null(),
	    "code", r->code >= 0 ? json_integer(r->code) : json_null(),
	    "label", r->label_th ? json_pack("{ss ss}", "th", r->label_th,
		"en", r->label_en) : json_null(),
	    "label_en", cks_json_string_or_null(r->label_en),
	    "comment", cks_json_string_or_null(r->comment),
	    "rating_changed", r->changed != 0,
	    "suggestion", r->suggestion >= 0 ? json_integer(r->suggestion)
		: json_null(),
	    "candidates", candidates_to_json(r));
}

/* --- matching -------------------------------------------------------------- */

static int
find_token(const struct cks_parsed_mail *m, const char *quoted,
	   char token[CKS_TOKEN_SIZE])
{
	for (size_t i = 0; i < m->address_count; i++)
		if (cks_token_find(m->addresses[i], token) == 0)
			return 0;
	if (m->in_reply_to && cks_token_find(m->in_reply_to, token) == 0)
		return 0;
	for (size_t i = 0; i < m->reference_count; i++)
		if (cks_token_find(m->references[i], token) == 0)
			return 0;
	if (m->subject && cks_token_find(m->subject, token) == 0)
		return 0;
	if (quoted && cks_token_find(quoted, token) == 0)
		return 0;
	/* a bounce returns our message: its Message-ID, or its text */
	if (m->report_message_id &&
	    cks_token_find(m->report_message_id, token) == 0)
		return 0;
	if (m->returned_subject &&
	    cks_token_find(m->returned_subject, token) == 0)
		return 0;
	if (m->machine_kind && m->text && cks_token_find(m->text, token) == 0)
		return 0;
	return -1;
}

/* The session a token was sent for, and its channel's plugin. */
static int
session_of_token(const struct cks_reply_store *in, const char *token,
		 int64_t *session_id, const struct cks_channel_plugin **plugin,
		 struct cks_reply_store_result *r, struct cks_error *err)
{
	struct cks_survey_invitation inv;
	int rc = cks_compose_invitation_find(in->store, token, &inv, err);

	if (rc < 0)
		return -1;
	if (rc == 0) {
		/* The token stays out of the reason, which listings print;
		 * `quarantine show` has it in the parsed mail. */
		set_outcome(r, CKS_REPLY_STORE_QUARANTINED,
		    "the reply's survey token matches no survey invitation");
		return 1;
	}
	*session_id = inv.session_id;
	r->session_id = *session_id;
	*plugin = cks_channels_find(in->channels, inv.channel);
	if (*plugin == NULL) {
		set_outcome(r, CKS_REPLY_STORE_QUARANTINED,
		    "session %lld is on channel '%s', whose plugin is not loaded",
		    (long long)*session_id, inv.channel);
		return 1;
	}
	return 0;
}

/* The answer found: its code and labels, and the outcome that records it
 * (how it was found, in how). */
static void
take_code(const struct cks_channel_plugin *plugin, int code, const char *how,
	  struct cks_reply_store_result *r)
{
	const struct cks_rating_option *option = cks_channel_find_option(plugin, code);

	r->code = code;
	r->label_th = option ? option->label.th : NULL;
	r->label_en = option ? option->label.en : NULL;
	set_outcome(r, CKS_REPLY_STORE_RECORDED, "answer %d (%s)%s", code,
	    r->label_en ? r->label_en : "?", how);
}

/* Reads the answer out of the customer's own words. */
static int
read_answer(const struct cks_channel_plugin *plugin, const char *words,
	    const char *writer, struct cks_reply_store_result *r)
{
	struct cks_answer answer;

	if (cks_answer_find_by(plugin, words, writer, &answer) < 0)
		return -1;
	r->suggestion = answer.suggestion;
	r->candidate_count = answer.candidate_count;
	memcpy(r->candidates, answer.candidates, sizeof(r->candidates));
	for (size_t i = 0; i < r->candidate_count; i++)
		mask_tokens(r->candidates[i].text);
	if (answer.kind == CKS_ANSWER_FOUND) {
		take_code(plugin, answer.code, "", r);
		r->comment = answer.comment;
		answer.comment = NULL;
	} else {
		set_outcome(r, CKS_REPLY_STORE_QUARANTINED, "%s: %s",
		    cks_answer_kind_name(answer.kind), answer.reason);
	}
	cks_answer_clear(&answer);
	return 0;
}

static int
blank(const char *s)
{
	for (; s && *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

/* Mail a machine wrote, and what it is: a bounce to apply to its
 * message, or nothing to act on.  Never read for an answer.  An ARF abuse
 * report is ignored, not quarantined: the quarantine is for answers an
 * operator must read, and the complaint is for the mail provider's
 * postmaster, who has it already; the message is kept and listed
 * (inbound list --outcome ignored) for whoever wants to look.  A kind
 * this build does not know is still machine mail. */
static int
is_machine(const struct cks_parsed_mail *m)
{
	return m->is_report || m->machine_kind != NULL || m->auto_reply != NULL;
}

static void
judge_machine(const struct cks_parsed_mail *m, struct cks_reply_store_result *r)
{
	const char *kind = m->machine_kind ? m->machine_kind : m->is_report ?
	    "dsn" : "auto-reply";
	const char *action = m->report_action ? m->report_action : "";
	const char *why = m->machine_reason ? m->machine_reason :
	    m->auto_reply ? m->auto_reply : "";

	if (strcmp(kind, "mdn") == 0 && !m->is_report && *why)
		set_outcome(r, CKS_REPLY_STORE_IGNORED, "read receipt (%s)", why);
	else if (strcmp(kind, "mdn") == 0)
		set_outcome(r, CKS_REPLY_STORE_IGNORED, "read receipt (MDN)%s%s",
		    *action ? ": " : "", action);
	else if (strcmp(kind, "arf") == 0)
		set_outcome(r, CKS_REPLY_STORE_IGNORED, "abuse report (ARF)%s%s",
		    *action ? ": " : "", action);
	else if (strcmp(kind, "auto-reply") == 0)
		set_outcome(r, CKS_REPLY_STORE_IGNORED, "automatic reply (%s)", why);
	else if (strcmp(kind, "dsn") == 0 && (strcmp(action, "delivered") == 0 ||
		 strcmp(action, "relayed") == 0 || strcmp(action, "expanded") == 0))
		/* a success notice: the message did not bounce */
		set_outcome(r, CKS_REPLY_STORE_IGNORED, "delivery report: %s", action);
	else if (strcmp(kind, "dsn") == 0)
		set_outcome(r, CKS_REPLY_STORE_BOUNCE, "delivery report%s%s",
		    *action ? ": " : "", action);
	else if (strcmp(kind, "bounce") == 0)
		set_outcome(r, CKS_REPLY_STORE_BOUNCE, "bounce (%s)", why);
	else
		set_outcome(r, CKS_REPLY_STORE_IGNORED, "machine mail (%s: %s)", kind,
		    why);
}

/* Whether the words are as short as a name or a device line: two
 * lines at most, no digit, a few dozen bytes. */
static int
name_only(const char *words)
{
	size_t bytes = 0, lines = 0;
	int in_line = 0;

	for (const char *p = words; *p != '\0'; p++) {
		if (*p == '\n') {
			in_line = 0;
			continue;
		}
		if (isspace((unsigned char)*p))
			continue;
		/* three bytes at most are looked at; the string ends in NUL */
		if (cks_text_digit_at(p, 3) != 0 || ++bytes > 60)
			return 0;
		if (!in_line && ++lines > 2)
			return 0;
		in_line = 1;
	}
	return 1;
}

/* Words above the quote that name nothing (a name, "Sent from my
 * iPhone"), none between its lines: a pick marked inside the quoted list
 * is the answer, as when nothing is typed at all (read_quote_marks);
 * without one the reading of the words stands. */
static int
read_quote_pick(const struct cks_channel_plugin *plugin,
		const struct cks_parsed_mail *m, struct cks_reply_store_result *r)
{
	struct cks_answer answer;

	if (cks_answer_find_marked(plugin, m->text, &answer) < 0)
		return -1;
	if (answer.kind == CKS_ANSWER_FOUND)
		take_code(plugin, answer.code, ", marked in the quoted list", r);
	cks_answer_clear(&answer);
	return 0;
}

/* An answer typed inline, under the quoted question, below a greeting
 * written on top ("เรียน เจ้าหน้าที่" / "> ... 1 ประทับใจ 2 พึงพอใจ" / "1"):
 * when the words above the quote name nothing, the lines between the
 * quoted ones are read with them. */
static int
read_inline(const struct cks_channel_plugin *plugin,
	    const struct cks_parsed_mail *m, const char *words,
	    struct cks_reply_store_result *r)
{
	char *below, *both;
	int rc;

	if (read_answer(plugin, words, r->writer, r) < 0)
		return -1;
	if (r->outcome == CKS_REPLY_STORE_RECORDED || r->candidate_count > 0)
		return 0;
	if ((below = cks_reply_inline(m->text)) == NULL)
		return -1;
	/* nothing typed above the quote: the words were these lines */
	if (blank(below) || strcmp(words, below) == 0) {
		free(below);
		return name_only(words) ? read_quote_pick(plugin, m, r) : 0;
	}
	both = malloc(strlen(words) + strlen(below) + 2);
	if (both != NULL) {
		sprintf(both, "%s\n%s", words, below);
		free(r->comment);
		r->comment = NULL;
		rc = read_answer(plugin, both, r->writer, r);
	} else {
		rc = -1;
	}
	free(both);
	free(below);
	return rc;
}

/* Nothing typed outside the quote: a pick marked in the quoted option
 * list ("4 มาก <-- เลือกข้อนี้", typed into the quote by an HTML editor)
 * is the answer, for we sent the list unmarked; else the reply only
 * quotes the invitation. */
static int
read_quote_marks(const struct cks_channel_plugin *plugin,
		 const struct cks_parsed_mail *m, struct cks_reply_store_result *r)
{
	struct cks_answer answer;

	if (cks_answer_find_marked(plugin, m->text, &answer) < 0)
		return -1;
	if (answer.kind == CKS_ANSWER_FOUND) {
		take_code(plugin, answer.code, ", marked in the quoted list", r);
	} else if (answer.kind != CKS_ANSWER_NONE) {
		set_outcome(r, CKS_REPLY_STORE_QUARANTINED, "%s in the quoted list: %s",
		    cks_answer_kind_name(answer.kind), answer.reason);
	} else {
		set_outcome(r, CKS_REPLY_STORE_QUARANTINED,
		    "empty reply: it only quotes the invitation");
	}
	cks_answer_clear(&answer);
	return 0;
}

/* What the customer's words say, once machine mail is set aside. */
static int
judge_words(const struct cks_channel_plugin *plugin,
	    const struct cks_parsed_mail *m, const char *words,
	    struct cks_reply_store_result *r)
{
	if (is_machine(m)) {
		judge_machine(m, r);
		return 0;
	}
	if (m->unreadable != NULL) {
		set_outcome(r, CKS_REPLY_STORE_QUARANTINED, "%s", m->unreadable);
		return 0;
	}
	if (plugin == NULL) {
		set_outcome(r, CKS_REPLY_STORE_QUARANTINED, "no survey token in the "
		    "addresses, In-Reply-To, References, Subject or quoted text");
		return 0;
	}
	if (blank(words))
		return read_quote_marks(plugin, m, r);
	return read_inline(plugin, m, words, r);
}

/* Appends the words of a name to out ("คุณสมชาย ใจดี," gives "สมชาย ใจดี"). */
static void
add_names(char *out, size_t size, const char *name, size_t n)
{
	static const char *const titles[] = { "คุณ", "khun ", "mr. ", "mr ",
		"ms. ", "ms ", "mrs. ", "mrs ", "dr. ", NULL };
	size_t used = strlen(out);

	while (n > 0 && strchr(" \t,:;.\"'<>", *name) != NULL)
		name++, n--;
	for (size_t i = 0; titles[i] != NULL; i++)
		if (cks_text_starts_ci(name, n, titles[i])) {
			name += strlen(titles[i]);
			n -= strlen(titles[i]);
			break;
		}
	while (n > 0 && strchr(" \t,:;.\"'<>\r", name[n - 1]) != NULL)
		n--;
	if (n == 0 || memchr(name, '@', n) != NULL || used + n + 2 > size)
		return;
	if (used > 0)
		out[used++] = '\n';
	memcpy(out + used, name, n);
	out[used + n] = '\0';
}

/* The customer's names: the invitation's salutation ("เรียน คุณ...",
 * "Dear ...,") as quoted back, and the From display name. */
static void
writer_of(const struct cks_parsed_mail *m, const char *quoted, char *out,
	  size_t size)
{
	static const char *const salutations[] = { "เรียน", "dear", NULL };

	out[0] = '\0';
	if (m->from_name != NULL)
		add_names(out, size, m->from_name, strlen(m->from_name));
	for (const char *l = quoted; l != NULL && *l != '\0';) {
		const char *end = strchr(l, '\n');
		size_t n = end ? (size_t)(end - l) : strlen(l);

		while (n > 0 && (*l == '>' || *l == ' ' || *l == '\t'))
			l++, n--;
		for (size_t i = 0; salutations[i] != NULL; i++) {
			size_t k = strlen(salutations[i]);

			if (n > k && cks_text_starts_ci(l, n, salutations[i]) &&
			    (l[k] == ' ' || l[k] == '\t')) {
				add_names(out, size, l + k, n - k);
				return;
			}
		}
		l = end ? end + 1 : NULL;
	}
}

/* The customer's words in m (quoted history cut, malloc'ed; NULL when
 * out of memory), the survey token, the writer's names and the first
 * line of the words. */
static char *
words_of(const struct cks_parsed_mail *m, struct cks_reply_store_result *r)
{
	char *quoted = NULL, *words;

	words = cks_reply_extract(m->text ? m->text : "", &quoted);
	if (words == NULL)
		return NULL;
	if (find_token(m, quoted, r->token) < 0)
		r->token[0] = '\0';
	writer_of(m, quoted, r->writer, sizeof(r->writer));
	free(quoted);
	free(r->first_line);
	r->first_line = first_line_of(words);
	return words;
}

int
cks_reply_store_judge(const struct cks_channel_plugin *plugin,
		  const struct cks_parsed_mail *m, struct cks_reply_store_result *r)
{
	char *words = words_of(m, r);
	int rc;

	if (words == NULL)
		return -1;
	rc = judge_words(plugin, m, words, r);
	free(words);
	return rc;
}

/* An opt-out request by mail: the List-Unsubscribe mailto (Subject
 * "unsubscribe TOKEN", TOKEN the signed one of unsubscribe_link.h), or a
 * reply to an invitation whose first line of words is "unsubscribe",
 * "stop", "หยุด" or "ยกเลิก".  1 with r->opt_out_client set, 0 when the
 * mail is no such request, -1 on error. */
static int
opt_out_request(const struct cks_reply_store *in,
		const struct cks_parsed_mail *m, int64_t session_id,
		struct cks_reply_store_result *r, struct cks_error *err)
{
	int64_t client = 0;
	int rc = cks_unsubscribe_subject(in->config, m->subject, &client, err);

	if (rc < 0)
		return -1;
	if (rc == 0 && session_id != 0 && cks_consent_is_stop_word(r->first_line)) {
		struct cks_session *s;

		if (cks_session_get(in->store, session_id, &s, err) < 0)
			return -1;
		client = s->client_id;
		cks_session_free(&s);
	}
	if (client == 0)
		return 0;
	r->opt_out_client = client;
	set_outcome(r, CKS_REPLY_STORE_IGNORED, "opt-out request by mail: "
	    "client %lld gets no more surveys", (long long)client);
	return 1;
}

/* Whether the reply's body gave nothing to weigh: no words at all, or
 * words without a single candidate. */
static int
nothing_typed(const struct cks_reply_store_result *r)
{
	return r->outcome == CKS_REPLY_STORE_QUARANTINED && r->candidate_count == 0 &&
	    (strncmp(r->reason, "empty reply", 11) == 0 ||
	     strcmp(r->reason, "none: no answer found") == 0);
}

/* The words added to the Subject against the survey mail sent for the
 * session (the invitation and its reminders): 0 with *words set (NULL
 * when none), -1 on a store error. */
static int
subject_words(struct cks_store *store, int64_t session_id, const char *subject,
	      char **words, struct cks_error *err)
{
	char *sent[8];
	size_t n = 0;
	struct cks_stmt *stmt;
	int rc;

	*words = NULL;
	if (subject == NULL || session_id == 0)
		return 0;
	stmt = cks_store_prepare(store, "SELECT subject FROM messages"
	    " WHERE session_id = ? AND kind = 'survey' ORDER BY id LIMIT 8", err);
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, session_id);
	while (n < 8 && (rc = cks_stmt_step(stmt)) == CKS_STMT_ROW)
		if ((sent[n] = cks_store_column_strdup(stmt, 0)) != NULL)
			n++;
	if (n == 8)
		rc = CKS_STMT_DONE;
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_ROW && rc != CKS_STMT_DONE) {
		while (n > 0)
			free(sent[--n]);
		return cks_store_fail(store, "read the subjects sent", err);
	}
	*words = cks_subject_addition(subject, (const char *const *)sent, n);
	while (n > 0)
		free(sent[--n]);
	return 0;
}

/* A body that says nothing, under a Subject to which the customer added
 * the answer ("Re: How satisfied were you? Counter 5"): those words are
 * read as the reply's (subject_answer.h). */
static int
read_subject(const struct cks_reply_store *in, const struct cks_parsed_mail *m,
	     int64_t session_id, const struct cks_channel_plugin *plugin,
	     struct cks_reply_store_result *r, struct cks_error *err)
{
	struct cks_reply_store_result said = { .code = -1, .suggestion = -1 };
	char *words;

	if (subject_words(in->store, session_id, m->subject, &words, err) < 0)
		return -1;
	if (words == NULL)
		return 0;
	if (read_answer(plugin, words, r->writer, &said) < 0) {
		free(words);
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	}
	/* the listing's first line: the words were these */
	if (said.candidate_count > 0 && blank(r->first_line ? r->first_line : "")) {
		free(r->first_line);
		r->first_line = words;
		mask_tokens(r->first_line);
		words = NULL;
	}
	free(words);
	if (said.outcome == CKS_REPLY_STORE_RECORDED) {
		take_code(plugin, said.code, ", typed in the Subject", r);
		free(r->comment);
		r->comment = said.comment;
		said.comment = NULL;
	} else if (said.candidate_count > 0) {
		set_outcome(r, CKS_REPLY_STORE_QUARANTINED, "in the Subject: %s",
		    said.reason);
	}
	if (said.candidate_count > 0) {
		r->suggestion = said.suggestion;
		r->candidate_count = said.candidate_count;
		memcpy(r->candidates, said.candidates, sizeof(r->candidates));
	}
	cks_reply_store_result_clear(&said);
	return 0;
}

/* Decides what a parsed message is, without writing anything. */
static int
evaluate(const struct cks_reply_store *in, const struct cks_parsed_mail *m,
	 struct cks_reply_store_result *r, struct cks_error *err)
{
	const struct cks_channel_plugin *plugin = NULL;
	char *words;
	int64_t session_id = 0;
	int rc = 0, matched = 0;

	if ((words = words_of(m, r)) == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	/* Machine mail is judged whatever its token says. */
	if (!is_machine(m) && r->token[0] != '\0') {
		matched = session_of_token(in, r->token, &session_id, &plugin, r,
		    err);
		if (matched < 0) {
			rc = -1;
			goto out;
		}
	}
	/* An opt-out is honoured even when the token's session cannot be
	 * judged (its channel's plugin is not loaded). */
	if (!is_machine(m) && m->unreadable == NULL &&
	    (rc = opt_out_request(in, m, session_id, r, err)) != 0)
		goto out;
	if (matched > 0)
		goto out;          /* session_of_token's reason stands */
	if (judge_words(plugin, m, words, r) < 0)
		rc = cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	else if (plugin != NULL && nothing_typed(r))
		rc = read_subject(in, m, session_id, plugin, r, err);
out:
	free(words);
	return rc < 0 ? -1 : 0;
}

/* --- writing ----------------------------------------------------------------- */

static int
existing_message(struct cks_store *store, const char *message_id, int64_t *id,
		 struct cks_error *err)
{
	struct cks_stmt *stmt;
	int rc;

	if (message_id == NULL)
		return 0;
	stmt = cks_store_prepare(store, "SELECT id FROM inbound_messages"
	    " WHERE message_id = ? ORDER BY id LIMIT 1", err);
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_text(stmt, 1, message_id, -1, CKS_STMT_STATIC);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW)
		*id = cks_stmt_column_int64(stmt, 0);
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_ROW && rc != CKS_STMT_DONE)
		return cks_store_fail(store, "find message", err);
	return rc == CKS_STMT_ROW;
}

/* What the person resolving a quarantine reads, stored beside a message
 * whenever the message is judged (not when it is resolved by hand). */
struct reading {
	const char *sender;        /* From address or SMS number, printable */
	const char *first_line;    /* of the customer's words, tokens masked */
	int suggestion;            /* -1: none */
	const char *candidates;    /* JSON array */
};

static int
save(struct cks_store *store, int64_t update_id, const char *raw, size_t size,
     const char *source, const char *ref, const char *message_id,
     json_t *detail, const char *detail_given, const struct reading *reading,
     struct cks_reply_store_result *r, struct cks_error *err)
{
	char *detail_text = detail ? cks_json_dumps(detail, JSON_COMPACT) : NULL;
	struct cks_stmt *stmt = cks_store_prepare(store, update_id == 0
	    ? "INSERT INTO inbound_messages (outcome, reason, session_id, code,"
	      " comment, detail, received_at, source, source_ref, message_id, raw,"
	      " sender, first_line, suggestion, candidates)"
	      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?13, ?14,"
	      " ?15, ?16)"
	    : reading != NULL
	    ? "UPDATE inbound_messages SET outcome = ?1, reason = ?2,"
	      " session_id = ?3, code = ?4, comment = ?5,"
	      " detail = coalesce(?6, detail), sender = ?13, first_line = ?14,"
	      " suggestion = ?15, candidates = ?16 WHERE id = ?12"
	    : "UPDATE inbound_messages SET outcome = ?1, reason = ?2,"
	      " session_id = ?3, code = ?4, comment = ?5,"
	      " detail = coalesce(?6, detail) WHERE id = ?12", err);
	int rc;

	if (stmt == NULL) {
		free(detail_text);
		return -1;
	}
	cks_stmt_bind_text(stmt, 1, cks_reply_store_outcome_name(r->outcome), -1,
	    CKS_STMT_STATIC);
	cks_stmt_bind_text(stmt, 2, r->reason, -1, CKS_STMT_STATIC);
	if (r->session_id)
		cks_stmt_bind_int64(stmt, 3, r->session_id);
	if (r->code >= 0)
		cks_stmt_bind_int(stmt, 4, r->code);
	cks_stmt_bind_text(stmt, 5, r->comment, -1, CKS_STMT_STATIC);
	cks_stmt_bind_text(stmt, 6, detail_text ? detail_text : detail_given, -1,
	    CKS_STMT_STATIC);
	if (update_id == 0) {
		cks_stmt_bind_int64(stmt, 7, cks_now_ms());
		cks_stmt_bind_text(stmt, 8, source, -1, CKS_STMT_STATIC);
		cks_stmt_bind_text(stmt, 9, ref, -1, CKS_STMT_STATIC);
		cks_stmt_bind_text(stmt, 10, message_id, -1, CKS_STMT_STATIC);
		cks_stmt_bind_blob(stmt, 11, raw, size, CKS_STMT_STATIC);
	} else {
		cks_stmt_bind_int64(stmt, 12, update_id);
	}
	if (reading != NULL) {
		cks_stmt_bind_text(stmt, 13, reading->sender, -1, CKS_STMT_STATIC);
		cks_stmt_bind_text(stmt, 14, reading->first_line, -1, CKS_STMT_STATIC);
		if (reading->suggestion >= 0)
			cks_stmt_bind_int(stmt, 15, reading->suggestion);
		cks_stmt_bind_text(stmt, 16, reading->candidates, -1, CKS_STMT_STATIC);
	}
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	free(detail_text);
	if (rc != CKS_STMT_DONE)
		return cks_store_fail(store, "store inbound message", err);
	r->id = update_id ? update_id : cks_store_last_insert_id(store);
	return 0;
}

/* A delivery report marks the outbound message, and a permanent failure
 * the client's address. */
static int
apply_bounce(struct cks_store *store, const struct cks_parsed_mail *m,
	     struct cks_reply_store_result *r, struct cks_error *err)
{
	char note[512], recipient[320] = "";
	struct cks_stmt *stmt;
	int64_t message = 0;
	int rc;

	snprintf(note, sizeof(note), "%s%s%s", m->report_action ? m->report_action
	    : m->machine_kind ? m->machine_kind : "report",
	    m->report_recipient ? " for " : "",
	    m->report_recipient ? m->report_recipient : "");
	stmt = cks_store_prepare(store, "SELECT id, coalesce(session_id, 0),"
	    " recipient FROM messages WHERE message_id = ?1 OR (?2 IS NOT NULL AND"
	    " session_id = (SELECT session_id FROM survey_invitations"
	    " WHERE token = ?2)) ORDER BY id DESC LIMIT 1", err);
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_text(stmt, 1, m->report_message_id ? m->report_message_id : "",
	    -1, CKS_STMT_STATIC);
	if (r->token[0])
		cks_stmt_bind_text(stmt, 2, r->token, -1, CKS_STMT_STATIC);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW) {
		const unsigned char *to = cks_stmt_column_text(stmt, 2);

		message = cks_stmt_column_int64(stmt, 0);
		r->session_id = cks_stmt_column_int64(stmt, 1);
		snprintf(recipient, sizeof(recipient), "%s", to ? (const char *)to : "");
	}
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_ROW && rc != CKS_STMT_DONE)
		return cks_store_fail(store, "find bounced message", err);
	if (message == 0) {
		/* Not quarantined: resolving it by hand would record a rating
		 * out of a bounce.  It is kept, listed as ignored. */
		set_outcome(r, CKS_REPLY_STORE_IGNORED, "%s for no message we sent "
		    "(neither its returned Message-ID nor a survey token matches)",
		    m->machine_kind && strcmp(m->machine_kind, "bounce") == 0 ?
		    "bounce" : "delivery report");
		return 0;
	}
	/* the message, its client and the address marked together */
	if (cks_store_begin(store, err) < 0)
		return -1;
	stmt = cks_store_prepare(store, "UPDATE messages SET bounce = ? WHERE id = ?",
	    err);
	if (stmt == NULL) {
		cks_store_rollback(store);
		return -1;
	}
	cks_stmt_bind_text(stmt, 1, note, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(stmt, 2, message);
	rc = cks_stmt_step(stmt);
	cks_stmt_finalize(stmt);
	if (rc == CKS_STMT_DONE && m->report_action &&
	    strcmp(m->report_action, "failed") == 0) {
		stmt = cks_store_prepare(store, "UPDATE clients SET undeliverable = ?"
		    " WHERE id = (SELECT client_id FROM sessions WHERE id ="
		    " (SELECT session_id FROM messages WHERE id = ?))", err);
		if (stmt == NULL) {
			cks_store_rollback(store);
			return -1;
		}
		cks_stmt_bind_text(stmt, 1, note, -1, CKS_STMT_STATIC);
		cks_stmt_bind_int64(stmt, 2, message);
		rc = cks_stmt_step(stmt);
		cks_stmt_finalize(stmt);
	}
	if (rc != CKS_STMT_DONE) {
		cks_store_fail(store, "mark bounce", err);
		cks_store_rollback(store);
		return -1;
	}
	/* The address we sent to is marked: hard blocks the next send to it,
	 * soft is only shown (bounce.h).  A delivery report that is not a
	 * failure nor a delay (relayed, delivered) was judged ignored before
	 * this point. */
	if (recipient[0] != '\0' &&
	    cks_bounce_record(store, recipient,
	    cks_bounce_kind(m->report_action, m->report_status), 0,
	    m->report_status, m->report_diagnostic ? m->report_diagnostic : note,
	    message, err) < 0) {
		cks_store_rollback(store);
		return -1;
	}
	if (cks_store_commit(store, err) < 0)
		return -1;
	set_outcome(r, CKS_REPLY_STORE_BOUNCE, "%s (%s) applied to message %lld",
	    m->machine_kind && strcmp(m->machine_kind, "bounce") == 0 ?
	    "bounce" : "delivery report", note, (long long)message);
	return 0;
}

static int
record_rating(const struct cks_reply_store *in, const char *medium,
	      struct cks_reply_store_result *r, struct cks_error *err)
{
	const struct cks_channel_plugin *plugin;
	struct cks_session *s;

	if (cks_session_get(in->store, r->session_id, &s, err) < 0)
		return -1;
	plugin = cks_channels_find(in->channels, s->channel);
	cks_session_free(&s);
	if (plugin == NULL)
		return cks_error_set(err, CKS_ERROR_INVALID, "channel not loaded");
	return cks_rating_record(in->store, plugin, r->session_id, r->code, medium,
	    r->comment, r->id, 0, &r->changed, err);
}

/* Applies an opt-out request (in the caller's transaction). */
static int
apply_opt_out(const struct cks_reply_store *in, struct cks_reply_store_result *r,
	      struct cks_error *err)
{
	int changed = 0, matched = 0;

	if (r->opt_out_client != 0) {
		if (cks_consent_opt_out(in->store, r->opt_out_client, "mail",
		    &changed, err) == 0)
			return 0;
		if (err->kind != CKS_ERROR_NOT_FOUND)
			return -1;
		/* A link in an old mail of a client merged away since: kept
		 * for a person to apply to the client that was kept. */
		set_outcome(r, CKS_REPLY_STORE_QUARANTINED, "opt-out request by "
		    "mail for client %lld, who is no longer in the store (merged "
		    "into another?)", (long long)r->opt_out_client);
		return 0;
	}
	if (r->opt_out_phone[0] == '\0')
		return 0;
	if (cks_consent_opt_out_phone(in->store, r->opt_out_phone, "sms",
	    &changed, &matched, err) < 0)
		return -1;
	set_outcome(r, CKS_REPLY_STORE_IGNORED, "opt-out keyword by SMS: "
	    "%d client%s with this number get%s no more surveys", matched,
	    matched == 1 ? "" : "s", matched == 1 ? "s" : "");
	return 0;
}

/* Stores the message and applies the decision, in one transaction.  With
 * dry_run the same steps run (the Message-ID check, the bounce, the
 * rating the store may refuse) and the transaction is rolled back, so a
 * dry run reports the verdict inject would give, not an earlier guess. */
static int
commit_or_try(const struct cks_reply_store *in, int64_t update_id,
	      const char *raw, size_t size, const char *source, const char *ref,
	      const struct cks_parsed_mail *m, const char *medium, int dry_run,
	      struct cks_reply_store_result *r, struct cks_error *err)
{
	/* The detail: as the parse worker wrote it when it did. */
	json_t *detail = m && m->json_text == NULL ?
	    cks_parsed_mail_to_json(m) : NULL;
	json_t *list = candidates_to_json(r);
	char *sender = NULL, *candidates = list ? cks_json_dumps(list, JSON_COMPACT)
	    : NULL;
	struct reading reading = { NULL, r->first_line, r->suggestion, NULL };
	int64_t first = 0;
	int found, rc = -1;

	json_decref(list);
	/* a mail's From address, an SMS's number */
	if (m != NULL && m->from_address != NULL)
		sender = strdup(m->from_address);
	else if (m == NULL && source != NULL && strncmp(source, "sms:", 4) == 0)
		sender = strdup(source + 4);
	if (sender != NULL)
		cks_text_make_printable(sender);
	reading.sender = sender;
	reading.candidates = candidates;
	if (candidates == NULL) {
		json_decref(detail);
		free(sender);
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	}
	if (cks_store_begin(in->store, err) < 0)
		goto done;
	if (update_id == 0 && m != NULL) {
		found = existing_message(in->store, m->message_id, &first, err);
		if (found < 0)
			goto fail;
		if (found) {
			set_outcome(r, CKS_REPLY_STORE_DUPLICATE, "Message-ID <%s> was "
			    "already received as inbound message %lld: nothing done",
			    m->message_id, (long long)first);
			r->id = first;
			if (dry_run) {
				cks_store_rollback(in->store);
				rc = 0;
			} else {
				rc = cks_store_commit(in->store, err);
			}
			goto done;
		}
	}
	if (r->outcome == CKS_REPLY_STORE_BOUNCE && apply_bounce(in->store, m, r, err) < 0)
		goto fail;
	if (apply_opt_out(in, r, err) < 0)
		goto fail;
	if (save(in->store, update_id, raw, size, source, ref,
		 m ? m->message_id : NULL, detail, m ? m->json_text : NULL,
		 &reading, r, err) < 0)
		goto fail;
	if (r->outcome == CKS_REPLY_STORE_RECORDED && record_rating(in, medium, r, err) < 0) {
		if (CKS_ERROR_IS_TEMPORARY(err->kind) || err->kind == CKS_ERROR_INTERNAL)
			goto fail;
		/* A rating the store refuses is kept for review, not lost. */
		set_outcome(r, CKS_REPLY_STORE_QUARANTINED, "%s", err->message);
		if (save(in->store, r->id, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, r, err) < 0)
			goto fail;
	}
	if (dry_run) {
		cks_store_rollback(in->store);
		r->id = 0;              /* nothing was stored */
		r->changed = 0;
		rc = 0;
		goto done;
	}
	rc = cks_store_commit(in->store, err);
	goto done;
fail:
	cks_store_rollback(in->store);
done:
	json_decref(detail);
	free(sender);
	free(candidates);
	return rc;
}

static int
commit(const struct cks_reply_store *in, int64_t update_id, const char *raw,
       size_t size, const char *source, const char *ref,
       const struct cks_parsed_mail *m, const char *medium,
       struct cks_reply_store_result *r, struct cks_error *err)
{
	return commit_or_try(in, update_id, raw, size, source, ref, m, medium, 0,
	    r, err);
}

static int
parse(const struct cks_reply_store *in, const char *raw, size_t size,
      struct cks_parsed_mail **m, struct cks_reply_store_result *r,
      struct cks_error *err)
{
	char why[400];
	int rc = cks_parse_worker_parse(in->worker, raw, size, m, why,
	    sizeof(why), err);

	if (rc == 1)
		set_outcome(r, CKS_REPLY_STORE_QUARANTINED, "cannot parse: %s", why);
	return rc;
}

int
cks_reply_store_accept_mail(const struct cks_reply_store *in, const char *raw,
			size_t size, const char *source, const char *ref,
			struct cks_reply_store_result *r, struct cks_error *err)
{
	struct cks_parsed_mail *m = NULL;
	int rc;

	cks_reply_store_result_clear(r);
	rc = parse(in, raw, size, &m, r, err);
	if (rc < 0)
		return -1;
	if (rc == 0 && evaluate(in, m, r, err) < 0) {
		cks_parsed_mail_free(&m);
		return -1;
	}
	rc = commit(in, 0, raw, size, source, ref, m, "email", r, err);
	cks_parsed_mail_free(&m);
	return rc;
}

int
cks_reply_store_dry_run(const struct cks_reply_store *in, const char *raw, size_t size,
		    struct cks_reply_store_result *r, struct cks_error *err)
{
	struct cks_parsed_mail *m = NULL;
	int rc;

	cks_reply_store_result_clear(r);
	rc = parse(in, raw, size, &m, r, err);
	if (rc == 0)
		rc = evaluate(in, m, r, err);
	if (rc >= 0)
		rc = commit_or_try(in, 0, raw, size, "dry-run", NULL, m, "email", 1,
		    r, err);
	cks_parsed_mail_free(&m);
	return rc < 0 ? -1 : 0;
}

static int
load_raw(struct cks_store *store, int64_t id, char **raw, size_t *size,
	 char **source, char **outcome, struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store, "SELECT raw, source, outcome"
	    " FROM inbound_messages WHERE id = ?", err);
	int rc;

	*raw = NULL;
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, id);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW) {
		*size = (size_t)cks_stmt_column_bytes(stmt, 0);
		*raw = malloc(*size + 1);
		if (*raw != NULL) {
			if (*size)
				memcpy(*raw, cks_stmt_column_blob(stmt, 0), *size);
			(*raw)[*size] = '\0';
		}
		*source = cks_store_column_strdup(stmt, 1);
		*outcome = cks_store_column_strdup(stmt, 2);
	}
	cks_stmt_finalize(stmt);
	if (rc == CKS_STMT_DONE)
		return cks_error_set(err, CKS_ERROR_NOT_FOUND,
		    "no inbound message %lld", (long long)id);
	if (rc != CKS_STMT_ROW)
		return cks_store_fail(store, "read inbound message", err);
	if (*raw == NULL || *source == NULL || *outcome == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	return 0;
}

static int sms(const struct cks_reply_store *in, int64_t update_id,
	       const char *from, const char *text,
	       struct cks_reply_store_result *r, struct cks_error *err);

int
cks_reply_store_replay(const struct cks_reply_store *in, int64_t id,
		   struct cks_reply_store_result *r, struct cks_error *err)
{
	struct cks_parsed_mail *m = NULL;
	char *raw = NULL, *source = NULL, *outcome = NULL;
	size_t size = 0;
	int rc = -1;

	cks_reply_store_result_clear(r);
	if (load_raw(in->store, id, &raw, &size, &source, &outcome, err) < 0)
		goto out;
	if (strcmp(outcome, "quarantined") != 0 && strcmp(outcome, "ignored") != 0) {
		cks_error_set(err, CKS_ERROR_CONFLICT, "inbound message %lld is %s: "
		    "only quarantined or ignored messages are replayed",
		    (long long)id, outcome);
		goto out;
	}
	if (size == 0) {
		cks_error_set(err, CKS_ERROR_CONFLICT, "inbound message %lld has no "
		    "raw mail any more (retention.raw_mail or an erasure): "
		    "nothing to replay", (long long)id);
		goto out;
	}
	if (strncmp(source, "sms:", 4) == 0) {
		rc = sms(in, id, source + 4, raw, r, err);
		goto out;
	}
	rc = parse(in, raw, size, &m, r, err);
	if (rc == 0)
		rc = evaluate(in, m, r, err);
	if (rc >= 0)
		rc = commit(in, id, raw, size, source, NULL, m, "email", r, err);
out:
	cks_parsed_mail_free(&m);
	free(raw);
	free(source);
	free(outcome);
	return rc < 0 ? -1 : 0;
}

int
cks_reply_store_resolve(const struct cks_reply_store *in, int64_t id,
		    int64_t session_id, int code, struct cks_reply_store_result *r,
		    struct cks_error *err)
{
	char *raw = NULL, *source = NULL, *outcome = NULL;
	const struct cks_rating_option *option;
	const struct cks_channel_plugin *plugin;
	struct cks_session *s = NULL;
	size_t size;
	int rc = -1;

	cks_reply_store_result_clear(r);
	if (load_raw(in->store, id, &raw, &size, &source, &outcome, err) < 0)
		goto out;
	if (strcmp(outcome, "quarantined") != 0) {
		cks_error_set(err, CKS_ERROR_CONFLICT, "inbound message %lld is %s, "
		    "not quarantined", (long long)id, outcome);
		goto out;
	}
	if (cks_session_get(in->store, session_id, &s, err) < 0)
		goto out;
	plugin = cks_channels_find(in->channels, s->channel);
	if (plugin == NULL || (option = cks_channel_find_option(plugin, code)) == NULL) {
		cks_error_set_field(err, CKS_ERROR_INVALID, "code",
		    "code %d is not on session "
		    "%lld's scale", code, (long long)session_id);
		goto out;
	}
	r->session_id = session_id;
	r->code = code;
	r->label_th = option->label.th;
	r->label_en = option->label.en;
	r->id = id;
	set_outcome(r, CKS_REPLY_STORE_RESOLVED, "matched by hand to session %lld, "
	    "answer %d", (long long)session_id, code);
	if (cks_store_begin(in->store, err) < 0)
		goto out;
	if (save(in->store, id, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, r, err) < 0 ||
	    cks_rating_record(in->store, plugin, session_id, code,
		strncmp(source, "sms:", 4) == 0 ? "sms" : "email", NULL, id, 0,
		&r->changed, err) < 0) {
		cks_store_rollback(in->store);
		goto out;
	}
	rc = cks_store_commit(in->store, err);
out:
	cks_session_free(&s);
	free(raw);
	free(source);
	free(outcome);
	return rc;
}

/* The stored suggestion and matched session of message id (0 for none). */
static int
stored_suggestion(struct cks_store *store, int64_t id, int64_t *session_id,
		  int *suggestion, struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store, "SELECT"
	    " coalesce(session_id, 0), coalesce(suggestion, -1)"
	    " FROM inbound_messages WHERE id = ?", err);
	int rc;

	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, id);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW) {
		*session_id = cks_stmt_column_int64(stmt, 0);
		*suggestion = cks_stmt_column_int(stmt, 1);
	}
	cks_stmt_finalize(stmt);
	if (rc == CKS_STMT_DONE)
		return cks_error_set(err, CKS_ERROR_NOT_FOUND,
		    "no inbound message %lld", (long long)id);
	if (rc != CKS_STMT_ROW)
		return cks_store_fail(store, "read inbound message", err);
	return 0;
}

int
cks_reply_store_accept_suggestion(const struct cks_reply_store *in, int64_t id,
			      struct cks_reply_store_result *r,
			      struct cks_error *err)
{
	int64_t session_id = 0;
	int suggestion = -1;

	cks_reply_store_result_clear(r);
	/* One transaction: what is recorded is what was read. */
	if (cks_store_begin(in->store, err) < 0)
		return -1;
	if (stored_suggestion(in->store, id, &session_id, &suggestion, err) < 0)
		goto fail;
	if (suggestion < 0) {
		cks_error_set(err, CKS_ERROR_CONFLICT, "inbound message %lld has no "
		    "suggestion to accept: resolve it with a session and a code",
		    (long long)id);
		goto fail;
	}
	if (session_id == 0) {
		cks_error_set(err, CKS_ERROR_CONFLICT, "inbound message %lld is "
		    "matched to no session: resolve it with a session and a code",
		    (long long)id);
		goto fail;
	}
	if (cks_reply_store_resolve(in, id, session_id, suggestion, r, err) < 0)
		goto fail;
	snprintf(r->reason, sizeof(r->reason), "suggestion accepted: answer %d "
	    "for session %lld", suggestion, (long long)session_id);
	if (save(in->store, id, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, r, err) < 0)
		goto fail;
	return cks_store_commit(in->store, err);
fail:
	cks_store_rollback(in->store);
	return -1;
}

/* --- SMS ----------------------------------------------------------------------- */

/* Takes "R <token>" (or a bare token) out of text; the rest is the answer. */
static void
take_reference(char *text, char token[CKS_TOKEN_SIZE])
{
	token[0] = '\0';
	for (char *p = text; *p; p++) {
		if ((p == text || isspace((unsigned char)p[-1])) &&
		    cks_token_parse(p, strcspn(p, " \t\r\n"), token) == 0) {
			size_t len = strcspn(p, " \t\r\n");
			char *start = p;

			/* "R" or "REF" before the token belongs to it. */
			while (start > text && isspace((unsigned char)start[-1]))
				start--;
			if (start - text >= 1 && (start[-1] == 'R' || start[-1] == 'r') &&
			    (start - 1 == text || isspace((unsigned char)start[-2])))
				start--;
			memset(start, ' ', (size_t)(p + len - start));
			return;
		}
	}
}

static int
latest_waiting_session(const struct cks_reply_store *in, const char *e164,
		       int64_t *session_id, char *channel, size_t channel_size,
		       struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(in->store,
	    /* The window runs from the last time we asked: the close, or the
	     * one reminder, which may come days later (survey.reminder_after);
	     * the latest asked is the one an answer is for. */
	    "SELECT s.id, s.channel FROM sessions s JOIN clients c"
	    " ON c.id = s.client_id"
	    " LEFT JOIN survey_invitations i ON i.session_id = s.id"
	    " WHERE c.phone_e164 = ? AND s.closed_at IS NOT NULL"
	    " AND (s.closed_at >= ? OR i.reminded_at >= ?)"
	    " AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.session_id = s.id)"
	    " ORDER BY CASE WHEN i.reminded_at > s.closed_at THEN i.reminded_at"
	    " ELSE s.closed_at END DESC, s.id DESC LIMIT 1", err);
	int64_t since = cks_now_ms() - in->config->sms_window_ms;
	int rc;

	if (stmt == NULL)
		return -1;
	cks_stmt_bind_text(stmt, 1, e164, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(stmt, 2, since);
	cks_stmt_bind_int64(stmt, 3, since);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW) {
		*session_id = cks_stmt_column_int64(stmt, 0);
		snprintf(channel, channel_size, "%s", cks_stmt_column_text(stmt, 1));
	}
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_ROW && rc != CKS_STMT_DONE)
		return cks_store_fail(in->store, "find session", err);
	return rc == CKS_STMT_ROW;
}

static int
sms(const struct cks_reply_store *in, int64_t update_id, const char *from,
    const char *text, struct cks_reply_store_result *r, struct cks_error *err)
{
	const struct cks_channel_plugin *plugin = NULL;
	char e164[24], source[64], channel[64];
	char *words;
	int64_t session_id = 0;
	int found, rc;

	cks_reply_store_result_clear(r);
	if (cks_phone_normalize(from, "from", e164, sizeof(e164), err) < 0)
		return -1;
	if (cks_check_text(text, "text", 1600, err) < 0)
		return -1;
	snprintf(source, sizeof(source), "sms:%s", e164);
	/* STOP / หยุด: the number's owner opts out of surveys; not an
	 * answer to any of them. */
	if (cks_consent_is_stop_word(text)) {
		snprintf(r->opt_out_phone, sizeof(r->opt_out_phone), "%s", e164);
		r->first_line = first_line_of(text);
		set_outcome(r, CKS_REPLY_STORE_IGNORED, "opt-out keyword by SMS");
		return commit(in, update_id, text, strlen(text), source, NULL,
		    NULL, "sms", r, err);
	}
	words = strdup(text);
	if (words == NULL)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
	take_reference(words, r->token);
	r->first_line = first_line_of(words);
	if (r->token[0] != '\0') {
		rc = session_of_token(in, r->token, &session_id, &plugin, r, err);
		if (rc < 0)
			goto fail;
	} else {
		found = latest_waiting_session(in, e164, &session_id, channel,
		    sizeof(channel), err);
		if (found < 0)
			goto fail;
		if (found) {
			r->session_id = session_id;
			plugin = cks_channels_find(in->channels, channel);
			if (plugin == NULL)
				set_outcome(r, CKS_REPLY_STORE_QUARANTINED, "session %lld is "
				    "on channel '%s', whose plugin is not loaded",
				    (long long)session_id, channel);
		} else {
			set_outcome(r, CKS_REPLY_STORE_QUARANTINED, "no reference in the "
			    "text, and no session of a client with phone %s awaits a "
			    "rating (sms.window)", e164);
		}
	}
	/* plugin is set only when the session was matched and its channel is
	 * loaded; every other path has already set its reason. */
	if (plugin != NULL && read_answer(plugin, words, NULL, r) < 0) {
		cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
		goto fail;
	}
	free(words);
	return commit(in, update_id, text, strlen(text), source, NULL, NULL, "sms",
	    r, err);
fail:
	free(words);
	return -1;
}

int
cks_reply_store_accept_sms(const struct cks_reply_store *in, const char *from,
		       const char *text, struct cks_reply_store_result *r,
		       struct cks_error *err)
{
	return sms(in, 0, from, text, r, err);
}

/* --- listing ------------------------------------------------------------------- */

#define INBOUND_COLUMNS \
	"id, received_at, source, source_ref, message_id, outcome, reason," \
	" coalesce(session_id, 0), code, comment, length(raw), detail," \
	" sender, first_line, suggestion, candidates," \
	" (SELECT channel FROM sessions WHERE sessions.id = session_id)"

/* The labels of the suggestion on the session's channel, or null (no
 * suggestion, or the session or its channel's plugin is not known). */
static json_t *
suggestion_label(const struct cks_channels *channels, struct cks_stmt *stmt)
{
	const char *channel = (const char *)cks_stmt_column_text(stmt, 16);
	const struct cks_channel_plugin *plugin;
	const struct cks_rating_option *option = NULL;

	if (cks_stmt_column_is_null(stmt, 14))
		return json_null();
	plugin = channels != NULL && channel != NULL
	    ? cks_channels_find(channels, channel) : NULL;
	if (plugin != NULL)
		option = cks_channel_find_option(plugin,
		    cks_stmt_column_int(stmt, 14));
	return option == NULL ? json_null() : json_pack("{ss ss}",
	    "th", option->label.th, "en", option->label.en);
}

/* A message as JSON; the parsed mail (which holds the survey token in its
 * addresses) only when with_parsed, i.e. not in listings. */
static json_t *
row_to_json(const struct cks_channels *channels, struct cks_stmt *stmt,
	    int with_parsed)
{
	const char *detail = (const char *)cks_stmt_column_text(stmt, 11);
	const char *candidates = (const char *)cks_stmt_column_text(stmt, 15);
	json_t *parsed = with_parsed && detail ? json_loads(detail, 0, NULL) : NULL;
	json_t *list = candidates ? json_loads(candidates, 0, NULL) : NULL;
	json_t *json = json_pack("{sI so ss so so ss so so so so sI so so so so so so}",
	    "id", (json_int_t)cks_stmt_column_int64(stmt, 0),
	    "received", cks_json_time_or_null(cks_stmt_column_int64(stmt, 1)),
	    "source", (const char *)cks_stmt_column_text(stmt, 2),
	    "ref", cks_json_string_or_null((const char *)cks_stmt_column_text(stmt, 3)),
	    "message_id", cks_json_string_or_null((const char *)cks_stmt_column_text(stmt, 4)),
	    "outcome", (const char *)cks_stmt_column_text(stmt, 5),
	    "reason", cks_json_string_or_null((const char *)cks_stmt_column_text(stmt, 6)),
	    "session", cks_stmt_column_int64(stmt, 7)
		? json_integer(cks_stmt_column_int64(stmt, 7)) : json_null(),
	    "code", cks_stmt_column_is_null(stmt, 8) ? json_null()
		: json_integer(cks_stmt_column_int(stmt, 8)),
	    "comment", cks_json_string_or_null((const char *)cks_stmt_column_text(stmt, 9)),
	    "size", (json_int_t)cks_stmt_column_int64(stmt, 10),
	    "sender", cks_json_string_or_null((const char *)cks_stmt_column_text(stmt, 12)),
	    "first_line", cks_json_string_or_null((const char *)cks_stmt_column_text(stmt, 13)),
	    "channel", cks_json_string_or_null((const char *)cks_stmt_column_text(stmt, 16)),
	    "suggestion", cks_stmt_column_is_null(stmt, 14)
		? json_null() : json_integer(cks_stmt_column_int(stmt, 14)),
	    "suggestion_label", suggestion_label(channels, stmt),
	    "candidates", json_is_array(list) ? json_incref(list) : json_array());

	json_decref(list);
	if (json != NULL && with_parsed)
		json_object_set_new(json, "parsed", parsed ? parsed : json_null());
	else
		json_decref(parsed);
	return json;
}

int
cks_reply_store_list(struct cks_store *store, const struct cks_channels *channels,
		 const char *outcome, size_t limit, json_t **list_out,
		 struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store, "SELECT " INBOUND_COLUMNS
	    " FROM inbound_messages WHERE ?1 IS NULL OR outcome = ?1"
	    " ORDER BY id DESC LIMIT ?2", err);
	json_t *list = json_array();
	int rc;

	*list_out = NULL;
	if (stmt == NULL) {
		json_decref(list);
		return -1;
	}
	if (outcome != NULL)
		cks_stmt_bind_text(stmt, 1, outcome, -1, CKS_STMT_STATIC);
	cks_stmt_bind_int64(stmt, 2, limit ? (int64_t)limit : 100);
	while ((rc = cks_stmt_step(stmt)) == CKS_STMT_ROW)
		json_array_append_new(list, row_to_json(channels, stmt, 0));
	cks_stmt_finalize(stmt);
	if (rc != CKS_STMT_DONE) {
		json_decref(list);
		return cks_store_fail(store, "list inbound messages", err);
	}
	*list_out = list;
	return 0;
}

int
cks_reply_store_raw(struct cks_store *store, int64_t id, char **raw_out,
		size_t *size_out, struct cks_error *err)
{
	char *source = NULL, *outcome = NULL;
	int rc = load_raw(store, id, raw_out, size_out, &source, &outcome, err);

	free(source);
	free(outcome);
	return rc;
}

int
cks_reply_store_show(struct cks_store *store, const struct cks_channels *channels,
		 int64_t id, json_t **json_out, struct cks_error *err)
{
	struct cks_stmt *stmt = cks_store_prepare(store, "SELECT " INBOUND_COLUMNS
	    " FROM inbound_messages WHERE id = ?", err);
	int rc;

	*json_out = NULL;
	if (stmt == NULL)
		return -1;
	cks_stmt_bind_int64(stmt, 1, id);
	rc = cks_stmt_step(stmt);
	if (rc == CKS_STMT_ROW)
		*json_out = row_to_json(channels, stmt, 1);
	cks_stmt_finalize(stmt);
	if (rc == CKS_STMT_DONE)
		return cks_error_set(err, CKS_ERROR_NOT_FOUND,
		    "no inbound message %lld", (long long)id);
	if (rc != CKS_STMT_ROW)
		return cks_store_fail(store, "read inbound message", err);
	return *json_out ? 0 : cks_error_set(err, CKS_ERROR_INTERNAL, "out of memory");
}

int
cks_reply_store_tally_outcomes(struct cks_store *store,
			       struct cks_tally tally[CKS_REPLY_STORE_OUTCOMES],
			       struct cks_error *err)
{
	static const char *const outcomes[CKS_REPLY_STORE_OUTCOMES] = {
		"recorded", "duplicate", "ignored", "quarantined", "bounce",
		"resolved",
	};

	for (size_t i = 0; i < CKS_REPLY_STORE_OUTCOMES; i++)
		tally[i].label = outcomes[i];
	return cks_store_tally(store, "SELECT outcome, count(*)"
	    " FROM inbound_messages GROUP BY outcome", tally,
	    CKS_REPLY_STORE_OUTCOMES, err);
}
