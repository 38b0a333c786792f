/* Checks of the links we put into mail and pages. */
#ifndef CKS_URL_H
#define CKS_URL_H

/* 1 when url is an absolute http:// or https:// URL with a host, as
 * libcurl's URL parser reads it, and holds nothing that would end a
 * quoted HTML attribute or a line of mail (white space, '"', '<', '>');
 * 0 otherwise. */
int cks_url_is_web(const char *url);

#endif
