/* Conventions of text/plain mail bodies that are not MIME: format=flowed
 * (RFC 3676) and inline OpenPGP armour (RFC 4880 7).  Both work on
 * decoded UTF-8 text with LF line ends, as cks_charset_decode gives it,
 * and keep ">" quoting in the form reply.h reads. */
#ifndef CKS_PLAINTEXT_H
#define CKS_PLAINTEXT_H

/* Joins format=flowed text: a line ending in a space (a soft break) runs
 * on into the next line of the same quote depth, without the space when
 * delsp is set (DelSp=yes).  Space-stuffing is undone, quoted lines come
 * out as ">" marks and one space, and the signature separator "-- " is
 * a hard break.  Malloc'ed; NULL only when out of memory. */
char *cks_plaintext_unflow(const char *text, int delsp);

/* Removes inline OpenPGP armour outside quotes: a "-----BEGIN PGP SIGNED
 * MESSAGE-----" line with its "Hash:" lines, the dash-escaping ("- ") of
 * the signed lines, and the "-----BEGIN PGP SIGNATURE-----" block.  Sets
 * *encrypted when an unquoted "-----BEGIN PGP MESSAGE-----" block holds
 * the text instead (it cannot be read).  Malloc'ed; NULL only when out of
 * memory. */
char *cks_plaintext_strip_pgp(const char *text, int *encrypted);

#endif
