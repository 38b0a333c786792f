/* Parsing one inbound message (untrusted bytes) into what matching and
 * answer recognition need: decoded headers, the addresses a token may hide
 * in, auto-reply and delivery-report signs, and the body as UTF-8 text.
 *
 * The body is text/plain when the message has one, else its HTML turned
 * into text with libxml2's HTML parser (quoted blocks such as blockquote,
 * gmail_quote, moz-cite-prefix and Outlook's divRplyFwdMsg are marked as
 * quoted).  Charsets are decoded with iconv; see cks_mail_parse for the
 * order used when the declared charset and the bytes disagree.  In the
 * Subject and From name, adjacent RFC 2047 words of one charset are joined
 * before conversion (a character may straddle two, as s-nail writes them)
 * and raw 8-bit text is read in the body's charset.
 *
 * A text/plain body with format=flowed (RFC 3676, DelSp too) has its soft
 * line breaks joined; inline OpenPGP armour is taken off a signed text
 * (multipart/signed needs nothing: its first part is the text).  A reply
 * that is only an S/MIME (application/pkcs7-mime) or PGP/MIME
 * (multipart/encrypted) part, or inline "BEGIN PGP MESSAGE", cannot be
 * read: unreadable says why, for the caller to quarantine it.
 *
 * Line ends may be CRLF, LF or a lone CR (old Mac mail), mixed: a lone CR
 * is read as LF, a doubled CR before LF as one.
 *
 * libetpan 1.9.4 overflows its heap on a crafted multipart boundary: this
 * module refuses such a header before libetpan sees it, and callers run it
 * in a separate process anyway (see reply_store.h). */
#ifndef CKS_MAILPARSE_H
#define CKS_MAILPARSE_H

#include <stddef.h>

#include "error.h"
#include "parsed_mail.h"

/* Parses raw (length bytes, need not be NUL-terminated).  One leading
 * mbox "From sender date" line, which Postfix's local(8) alias pipes and
 * pipe(8) with flags=F put before the header, is skipped.  Fails only on
 * input that is not a message at all (or refused as dangerous), with the
 * reason; a message without a usable body parses with text "".
 *
 * Charset order for the text: the part's declared charset if the bytes are
 * valid in it; else, for HTML, the <meta> charset; else UTF-8 if the bytes
 * are valid UTF-8; else the bytes are decoded per character, bad ones
 * becoming U+FFFD, in the charset that fits best (see charset.h): UTF-8
 * with a few bad bytes stays UTF-8, a declared KOI8-R, Windows-1251, GBK
 * or Big5 part stays in its charset, and TIS-620 is the fallback only for
 * bytes that look like Thai (unlabelled, or labelled UTF-8, US-ASCII or
 * ISO-8859-1 as Thai clients do). */
int cks_mail_parse(const char *raw, size_t length,
		   struct cks_parsed_mail **mail_out, struct cks_error *err);

#endif
