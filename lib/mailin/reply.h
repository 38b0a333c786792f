/* The customer's own words in a reply: quoted history and signatures cut
 * as real mail clients write them (">" quoting; TAB, "|" and ": " quoting
 * as mailx and s-nail write it, when the block is long or sits below an
 * attribution, so one indented line of the customer's stays; an answer
 * above or below any of these is kept; "On ... wrote:" and the
 * Thai "เมื่อ ... เขียนว่า:", Outlook's From:/Sent:/To:/Subject: block in
 * English and Thai, "-----Original Message-----", underscore rules, "-- "
 * signatures, "Sent from my iPhone", "ส่งจาก...").  Text in, text out: MIME
 * and HTML are mailparse.h's business. */
#ifndef CKS_REPLY_H
#define CKS_REPLY_H

#include <stddef.h>

/* Splits text into the reply (returned, malloc'ed) and the quoted rest
 * (*quoted_out, malloc'ed, may be NULL when not wanted).  The signature is
 * cut from the reply; it is not part of either.  NULL on out of memory. */
char *cks_reply_extract(const char *text, char **quoted_out);

/* The customer's lines typed between and below quoted blocks (an answer
 * written inline, under the quoted question), whatever is above the first
 * quote; "" when there are none.  malloc'ed; NULL on out of memory. */
char *cks_reply_inline(const char *text);

#endif
