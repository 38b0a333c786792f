/* An answer typed into the Subject of a reply whose body holds none
 * ("Re: How satisfied were you? Counter 5" above an empty body, as phone
 * mail apps invite).  Only the words the customer added count: the reply
 * and forward prefixes, the token tag and the subject we sent are taken
 * away; when the subject we sent is not found in it whole, nothing is read
 * (the invitation's own words, "ประเมินความพึงพอใจ", must never answer). */
#ifndef CKS_SUBJECT_ANSWER_H
#define CKS_SUBJECT_ANSWER_H

#include <stddef.h>

/* The words subject adds to one of the n subjects sent (the longest found
 * in it): a new string the caller frees, or NULL when it adds none or
 * holds none of them (or out of memory). */
char *cks_subject_addition(const char *subject, const char *const *sent, size_t n);

#endif
