/* The daemon's log: one event a line, "event key=value ...", to syslog or
 * stderr, with a level.  Values with blanks, quotes or '=' are quoted so a
 * line always splits back into its fields. */
#ifndef CKS_LOG_H
#define CKS_LOG_H

#include <stddef.h>

enum cks_log_target { CKS_LOG_AUTO = 0, CKS_LOG_STDERR, CKS_LOG_SYSLOG };

/* The order of config's log.level choices. */
enum cks_log_level {
	CKS_LOG_ERROR = 0,
	CKS_LOG_WARNING,
	CKS_LOG_NOTICE,
	CKS_LOG_INFO,
	CKS_LOG_DEBUG,
};

/* target AUTO means stderr.  May be called again (SIGHUP); thread-safe. */
void cks_log_open(const char *ident, enum cks_log_target target,
		  enum cks_log_level level);

/* event names what happened ("mail.sent"); format gives the key=value
 * fields, built with cks_log_value() for any text that came from outside. */
void cks_log(enum cks_log_level level, const char *event, const char *format,
	     ...) __attribute__((format(printf, 3, 4)));

/* value as one field value: as it is when it is a plain word, else in
 * double quotes with \" \\ \n \r escaped.  Returns buffer. */
const char *cks_log_value(const char *value, char *buffer, size_t size);

#endif
