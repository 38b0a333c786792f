/* HTML mail bodies as plain text for the reply cutter (reply.h), which
 * works on text only: block elements and <br> become line breaks, script,
 * style and head are dropped, and the history a client quotes in HTML is
 * turned into "> " lines so that the cutter drops it like any other quote.
 *
 * Quoted are: blockquote, .gmail_quote, .yahoo_quoted, #OLK_SRC_BODY_SECTION;
 * from div.moz-cite-prefix (Thunderbird) or #divRplyFwdMsg (Outlook) to the
 * end of the document; and from an <hr> followed by a header line (From:,
 * Date:, Sent:...) or a From: line followed by a Sent:/Date: line (Outlook
 * and Windows Mail, in English, Thai and a few other languages) to the end.
 *
 * What the writer marks by its look is kept as plain text marks it: an
 * element that emphasises (bold, underline, highlight, colour) and opens
 * with an option's number on one line becomes "*4 มาก*"; struck-through
 * text (<s>, <del>, line-through) is deleted.  <pre> and white-space:pre
 * styles keep line breaks, and so do the raw line ends of a text whose
 * source lines open with option numbers (a list pasted into one <p>). */
#ifndef CKS_HTML_TEXT_H
#define CKS_HTML_TEXT_H

#include <stddef.h>

#include "error.h"

/* Converts length bytes of UTF-8 HTML (need not be NUL-terminated; any
 * <meta> charset is ignored) to UTF-8 text with LF line ends, quoted lines
 * starting with "> " (">" alone for a blank line inside a quote).
 * *text_out is malloc'ed, "" for a document without text.  Fails only when
 * out of memory. */
int cks_html_to_text(const char *html, size_t length, char **text_out,
		     struct cks_error *err);

#endif
