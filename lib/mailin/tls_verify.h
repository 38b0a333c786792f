/* Server certificate checks for libetpan's IMAP and POP3 connections.
 * libetpan as Debian builds it (GnuTLS) completes any handshake without
 * looking at the certificate; these functions make up for it: the name
 * goes out by SNI during the handshake, and the chain the server sent is
 * verified afterwards, before anything secret is sent. */
#ifndef CKS_TLS_VERIFY_H
#define CKS_TLS_VERIFY_H

#include <libetpan/libetpan.h>

#include "error.h"

/* The callback for mailimap_ssl_connect_with_callback(),
 * mailimap_socket_starttls_with_callback() and their POP3 twins; host is
 * the server's name (a char *).  An IP address is not sent: SNI carries
 * only DNS names (RFC 6066, section 3). */
void cks_tls_server_name(struct mailstream_ssl_context *context, void *host);

/* Verifies the chain the server presented on stream: anchored in ca_file
 * (PEM; NULL for the system's CAs), valid now, for TLS server use, and
 * issued to host (a DNS name, or an IP address matched against the IP
 * subjectAltNames).  what names the connection in the message
 * ("imap mail.example.org").  0 when trusted, else -1 with err. */
int cks_tls_verify(mailstream *stream, const char *host, const char *ca_file,
		   const char *what, struct cks_error *err);

#endif
