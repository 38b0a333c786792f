#include "autoconfig.h"

#include "tls_verify.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

/* More certificates than any real chain has; a longer list is refused
 * rather than parsed. */
#define MAX_CHAIN 16

static int
is_ip_literal(const char *host)
{
	unsigned char buf[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, host, buf) == 1 ||
	       inet_pton(AF_INET6, host, buf) == 1;
}

void
cks_tls_server_name(struct mailstream_ssl_context *context, void *host)
{
	/* Without a name a server hosting several domains shows its default
	 * certificate, and the name check below then fails. */
	if (host != NULL && !is_ip_literal(host))
		mailstream_ssl_set_server_name(context, host);
}

static int
load_anchors(gnutls_x509_trust_list_t list, const char *ca_file,
	     const char *what, struct cks_error *err)
{
	int n;

	if (ca_file != NULL) {
		n = gnutls_x509_trust_list_add_trust_file(list, ca_file, NULL,
		    GNUTLS_X509_FMT_PEM, 0, 0);
		if (n < 0)
			return cks_error_set(err, CKS_ERROR_INVALID,
			    "%s: CA file %s: %s", what, ca_file,
			    gnutls_strerror(n));
		if (n == 0)
			return cks_error_set(err, CKS_ERROR_INVALID,
			    "%s: CA file %s holds no PEM certificate", what,
			    ca_file);
		return 0;
	}
	n = gnutls_x509_trust_list_add_system_trust(list, 0, 0);
	if (n <= 0)
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: the system's CA certificates cannot be loaded (%s); "
		    "set a CA file", what, n < 0 ? gnutls_strerror(n) : "none found");
	return 0;
}

/* The DER certificates libetpan collected, in the server's order (its own
 * first).  Returns how many were imported, or -1 with err. */
static int
import_chain(mailstream *stream, gnutls_x509_crt_t *certs, const char *what,
	     struct cks_error *err)
{
	carray *chain = mailstream_get_certificate_chain(stream);
	unsigned i, n;
	int rc = 0;

	if (chain == NULL || carray_count(chain) == 0) {
		if (chain != NULL)
			mailstream_certificate_chain_free(chain);
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: the server presented no certificate", what);
	}
	n = carray_count(chain);
	if (n > MAX_CHAIN) {
		mailstream_certificate_chain_free(chain);
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: the server presented %u certificates (at most %d are "
		    "accepted)", what, n, MAX_CHAIN);
	}
	for (i = 0; i < n; i++) {
		MMAPString *der = carray_get(chain, i);
		gnutls_datum_t datum = {
			(unsigned char *)der->str, (unsigned)der->len
		};
		int r = gnutls_x509_crt_init(&certs[i]);

		if (r >= 0) {
			r = gnutls_x509_crt_import(certs[i], &datum,
			    GNUTLS_X509_FMT_DER);
			if (r < 0)
				gnutls_x509_crt_deinit(certs[i]);
		}
		if (r < 0) {
			certs[i] = NULL;
			cks_error_set(err, CKS_ERROR_INVALID,
			    "%s: certificate %u of the server cannot be read: %s",
			    what, i + 1, gnutls_strerror(r));
			rc = -1;
			break;
		}
	}
	mailstream_certificate_chain_free(chain);
	if (rc < 0) {
		while (i-- > 0)
			gnutls_x509_crt_deinit(certs[i]);
		return -1;
	}
	return (int)n;
}

int
cks_tls_verify(mailstream *stream, const char *host, const char *ca_file,
	       const char *what, struct cks_error *err)
{
	gnutls_x509_trust_list_t list = NULL;
	gnutls_x509_crt_t certs[MAX_CHAIN] = { NULL };
	gnutls_typed_vdata_st checks[2];
	gnutls_datum_t text = { NULL, 0 };
	unsigned status = 0;
	int n = 0, r, rc = -1;

	if (host == NULL || host[0] == '\0')
		return cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: no host name to check the certificate against", what);
	r = gnutls_x509_trust_list_init(&list, 0);
	if (r < 0)
		return cks_error_set(err, CKS_ERROR_INTERNAL, "%s: %s", what,
		    gnutls_strerror(r));
	if (load_anchors(list, ca_file, what, err) < 0)
		goto out;
	n = import_chain(stream, certs, what, err);
	if (n < 0) {
		n = 0;
		goto out;
	}
	/* A textual IP address in DNS_HOSTNAME is matched against the IP
	 * subjectAltNames (GnuTLS >= 3.6), a name by RFC 6125's rules. */
	checks[0].type = GNUTLS_DT_DNS_HOSTNAME;
	checks[0].data = (unsigned char *)host;
	checks[0].size = 0;
	checks[1].type = GNUTLS_DT_KEY_PURPOSE_OID;
	checks[1].data = (unsigned char *)GNUTLS_KP_TLS_WWW_SERVER;
	checks[1].size = 0;
	r = gnutls_x509_trust_list_verify_crt2(list, certs, (unsigned)n, checks,
	    2, 0, &status, NULL);
	if (r < 0) {
		cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: the server's certificate cannot be verified: %s", what,
		    gnutls_strerror(r));
		goto out;
	}
	if (status != 0) {
		r = gnutls_certificate_verification_status_print(status,
		    GNUTLS_CRT_X509, &text, 0);
		/* GnuTLS ends each sentence with a blank, the last one too. */
		if (r >= 0 && text.data != NULL && text.size > 0 &&
		    text.data[text.size - 1] == ' ')
			text.data[text.size - 1] = '\0';
		cks_error_set(err, CKS_ERROR_INVALID,
		    "%s: the server's certificate is refused for %s (trusting %s): %s",
		    what, host, ca_file != NULL ? ca_file : "the system's CAs",
		    r >= 0 ? (const char *)text.data : "not trusted");
		gnutls_free(text.data);
		goto out;
	}
	rc = 0;
out:
	while (n-- > 0)
		gnutls_x509_crt_deinit(certs[n]);
	gnutls_x509_trust_list_deinit(list, 1);
	return rc;
}
