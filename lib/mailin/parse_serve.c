/* The helper's side of the parser worker: cksgate-parse runs this.  A
 * file of its own so that the programs that only ask (cksctl, cksgated)
 * do not link the MIME and HTML parsers, and load neither libxml2 nor ICU
 * at every start (issue 18: a third of a cksctl call's start-up). */
#include "autoconfig.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "json_text.h"
#include "mailparse.h"
#include "parse_serve.h"
#include "parse_wire.h"

static void
reply(int fd, uint8_t status, const char *text)
{
	uint64_t len = strlen(text);
	struct iovec iov[3] = { { &status, 1 }, { &len, sizeof(len) },
	    { (char *)text, len } };

	if (cks_parse_write_parts(fd, iov, 3) < 0)
		_exit(1);
}

void
cks_parse_worker_serve(int fd)
{
	static struct cks_parse_inbuf in;

	for (;;) {
		struct cks_parsed_mail *mail = NULL;
		struct cks_error err;
		uint64_t len;
		char *raw, *text;
		json_t *json;

		if (cks_parse_read_all(fd, &in, &len, sizeof(len), 0) < 0)
			_exit(0);                  /* the parent is gone */
		raw = malloc(len + 1);
		if (raw == NULL || cks_parse_read_all(fd, &in, raw, len, 0) < 0)
			_exit(1);
		raw[len] = '\0';
		if (cks_mail_parse(raw, len, &mail, &err) < 0) {
			reply(fd, 1, err.message);
		} else {
			json = cks_parsed_mail_to_json(mail);
			text = json ? cks_json_dumps(json, JSON_COMPACT) : NULL;
			if (text == NULL)
				reply(fd, 1, "out of memory in the parser");
			else
				reply(fd, 0, text);
			free(text);
			json_decref(json);
			cks_parsed_mail_free(&mail);
		}
		free(raw);
	}
}
