#include "autoconfig.h"

#include "smtp_reason.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clock.h"

static const char *const phase_names[] = {
	"connect", "greeting", "EHLO", "STARTTLS", "AUTH", "MAIL", "RCPT",
	"DATA", "RSET", "QUIT",
};

const char *
cks_smtp_phase_name(enum cks_smtp_phase phase)
{
	if ((size_t)phase < sizeof(phase_names) / sizeof(phase_names[0]))
		return phase_names[phase];
	return "?";
}

void
cks_smtp_trace_init(struct cks_smtp_trace *t)
{
	memset(t, 0, sizeof(*t));
	t->size_limit = -1;
	t->last_written = CKS_SMTP_CONNECT;
	t->last_io_ms = cks_monotonic_us() / 1000;
}

static void
push(struct cks_smtp_trace *t, enum cks_smtp_phase phase)
{
	t->last_written = phase;
	if (t->pending_count < CKS_SMTP_TRACE_PENDING)
		t->pending[t->pending_count++] = phase;
}

static enum cks_smtp_phase
pop(struct cks_smtp_trace *t)
{
	enum cks_smtp_phase phase;

	if (t->pending_count == 0)
		return CKS_SMTP_DATA;   /* the reply to a message's final dot */
	phase = t->pending[0];
	memmove(t->pending, t->pending + 1, (t->pending_count - 1) * sizeof(t->pending[0]));
	t->pending_count--;
	return phase;
}

static int
verb_is(const char *line, size_t len, const char *verb)
{
	size_t n = strlen(verb);

	return len >= n && strncasecmp(line, verb, n) == 0 &&
	    (len == n || line[n] == ' ' || line[n] == ':' || line[n] == '\r');
}

static void
command(struct cks_smtp_trace *t, const char *line, size_t len)
{
	if (verb_is(line, len, "EHLO") || verb_is(line, len, "HELO"))
		push(t, CKS_SMTP_EHLO);
	else if (verb_is(line, len, "STARTTLS"))
		push(t, CKS_SMTP_STARTTLS);
	else if (verb_is(line, len, "AUTH")) {
		t->auth_sent = 1;
		push(t, CKS_SMTP_AUTH);
	} else if (verb_is(line, len, "MAIL"))
		push(t, CKS_SMTP_MAIL);
	else if (verb_is(line, len, "RCPT"))
		push(t, CKS_SMTP_RCPT);
	else if (verb_is(line, len, "DATA") || verb_is(line, len, "BDAT"))
		push(t, CKS_SMTP_DATA);
	else if (verb_is(line, len, "RSET"))
		push(t, CKS_SMTP_RSET);
	else if (verb_is(line, len, "QUIT"))
		push(t, CKS_SMTP_QUIT);
	else if (t->auth_sent)
		push(t, CKS_SMTP_AUTH);         /* a SASL response line */
}

void
cks_smtp_trace_written(struct cks_smtp_trace *t, const char *buf, size_t len)
{
	size_t start = 0, i;

	t->last_io_ms = cks_monotonic_us() / 1000;
	for (i = 0; i < len; i++)
		if (buf[i] == '\n') {
			command(t, buf + start, i - start);
			start = i + 1;
		}
}

static void
copy_line(char *dst, size_t size, const char *line)
{
	snprintf(dst, size, "%s", line);
}

/* One whole reply line, CRLF removed. */
static void
reply_line(struct cks_smtp_trace *t, const char *line, size_t len)
{
	int code, final;
	enum cks_smtp_phase phase;

	if (len < 3 || line[0] < '1' || line[0] > '5')
		return;
	code = atoi(line);
	final = len == 3 || line[3] != '-';
	if (!t->greeted) {
		/* The greeting, possibly on several lines: the last one kept. */
		copy_line(t->greeting, sizeof(t->greeting), line);
		if (final) {
			t->greeted = 1;
			t->greeting_code = code;
		}
		return;
	}
	/* Nothing pending: the reply to a message's final dot, or a 421
	 * the relay sends unasked before it hangs up (Postfix does so right
	 * after the refusal that reaches smtpd_hard_error_limit). */
	phase = t->pending_count > 0 ? t->pending[0]
	    : code == 421 ? t->last_answered : CKS_SMTP_DATA;
	if (phase == CKS_SMTP_EHLO && code == 250 && len > 4) {
		const char *kw = line + 4;

		if (strncasecmp(kw, "SIZE", 4) == 0 && (kw[4] == ' ' || kw[4] == '\0'))
			t->size_limit = strtol(kw + 4, NULL, 10);
		else if (strncasecmp(kw, "STARTTLS", 8) == 0)
			t->starttls_offered = 1;
	}
	if (!final)
		return;
	if (code == 421 && t->closing[0] == '\0') {
		copy_line(t->closing, sizeof(t->closing), line);
		t->closing_phase = phase;
		t->closing_unasked = t->pending_count == 0;
	}
	if (t->pending_count > 0 || code != 421)
		pop(t);
	t->last_answered = phase;
	if (phase == CKS_SMTP_EHLO && code == 250 && t->size_limit < 0)
		t->size_limit = 0;              /* EHLO answered, no SIZE: no limit said */
	if (phase == CKS_SMTP_DATA && code == 354)
		push(t, CKS_SMTP_DATA);         /* the message's own reply comes next */
	if (phase == CKS_SMTP_AUTH) {
		if (code == 334)
			return;                 /* a SASL challenge: more to come */
		t->auth_sent = 0;
		if (code == 235) {
			t->authenticated = 1;
		} else {
			t->auth_code = code;
			copy_line(t->auth_reply, sizeof(t->auth_reply), line);
		}
	}
	if (phase == CKS_SMTP_MAIL && code >= 400 && t->mail_refused_code == 0) {
		t->mail_refused_code = code;
		copy_line(t->mail_refused, sizeof(t->mail_refused), line);
	}
	/* After STARTTLS everything learnt from the first EHLO is void. */
	if (phase == CKS_SMTP_STARTTLS && code == 220)
		t->size_limit = -1;
}

void
cks_smtp_trace_read(struct cks_smtp_trace *t, const char *buf, size_t len)
{
	size_t i;

	t->connected = 1;
	t->last_io_ms = cks_monotonic_us() / 1000;
	for (i = 0; i < len; i++) {
		if (buf[i] == '\n') {
			while (t->line_len > 0 && t->line[t->line_len - 1] == '\r')
				t->line_len--;
			t->line[t->line_len] = '\0';
			reply_line(t, t->line, t->line_len);
			t->line_len = 0;
		} else if (t->line_len + 1 < sizeof(t->line)) {
			t->line[t->line_len++] = buf[i];
		}
	}
}

enum cks_smtp_phase
cks_smtp_trace_waiting(const struct cks_smtp_trace *t)
{
	if (!t->connected)
		return CKS_SMTP_CONNECT;
	if (!t->greeted)
		return CKS_SMTP_GREETING;
	if (t->pending_count > 0)
		return t->pending[0];
	return t->last_written;
}

static int
mentions(const char *text, const char *word)
{
	size_t n = strlen(word);

	for (; *text != '\0'; text++)
		if (strncasecmp(text, word, n) == 0)
			return 1;
	return 0;
}

const char *
cks_smtp_config_fault(const struct cks_smtp_trace *t, int starttls_on,
		      int auth_on, const char *relay, char *why, size_t len)
{
	/* 535 and the other 5xx: the credentials; a 4xx is the relay's
	 * passing trouble (454 Temporary authentication failure). */
	if (auth_on && t->auth_code >= 500) {
		snprintf(why, len, "relay %s refused AUTH (%s): check the user and "
		    "password in smtp.auth_file", relay, t->auth_reply);
		return "smtp.auth_file";
	}
	/* 530 before any recipient is the relay's policy for every message:
	 * Postfix's "530 5.7.0 Must issue a STARTTLS command first",
	 * Exchange's "530 5.7.57 Client not authenticated". */
	if (t->mail_refused_code != 530)
		return NULL;
	if (!starttls_on && (mentions(t->mail_refused, "STARTTLS") ||
	    mentions(t->mail_refused, "TLS"))) {
		snprintf(why, len, "relay %s requires STARTTLS (%s): set "
		    "smtp.starttls = required", relay, t->mail_refused);
		return "smtp.starttls";
	}
	snprintf(why, len, "relay %s requires authentication (%s): set "
	    "smtp.auth_file%s", relay, t->mail_refused,
	    starttls_on ? "" : " and smtp.starttls = required");
	return "smtp.auth_file";
}
