#include "autoconfig.h"

#include "log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "clock.h"

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static enum cks_log_target log_target = CKS_LOG_STDERR;
static enum cks_log_level log_level = CKS_LOG_INFO;
static char log_ident[32] = "cksgate";

static const char *const level_names[] = {
	"error", "warning", "notice", "info", "debug",
};

void
cks_log_open(const char *ident, enum cks_log_target target,
	     enum cks_log_level level)
{
	pthread_mutex_lock(&log_lock);
	if (log_target == CKS_LOG_SYSLOG)
		closelog();
	snprintf(log_ident, sizeof(log_ident), "%s", ident);
	log_target = target == CKS_LOG_AUTO ? CKS_LOG_STDERR : target;
	log_level = level;
	if (log_target == CKS_LOG_SYSLOG)
		openlog(log_ident, LOG_PID | LOG_NDELAY, LOG_MAIL);
	pthread_mutex_unlock(&log_lock);
}

const char *
cks_log_value(const char *value, char *buffer, size_t size)
{
	size_t n = 0;

	if (size == 0)
		return "";
	if (value == NULL)
		value = "";
	if (value[0] != '\0' && strpbrk(value, " \t\r\n\"=\\") == NULL) {
		snprintf(buffer, size, "%s", value);
		return buffer;
	}
	buffer[n++] = '"';
	for (const char *p = value; *p != '\0' && n + 3 < size; p++) {
		char c = *p;

		if (c == '"' || c == '\\' || c == '\n' || c == '\r') {
			buffer[n++] = '\\';
			c = c == '\n' ? 'n' : c == '\r' ? 'r' : c;
		}
		buffer[n++] = c;
	}
	buffer[n++] = '"';
	buffer[n] = '\0';
	return buffer;
}

void
cks_log(enum cks_log_level level, const char *event, const char *format, ...)
{
	char fields[2048];
	va_list ap;

	if (level > log_level)
		return;
	va_start(ap, format);
	vsnprintf(fields, sizeof(fields), format, ap);
	va_end(ap);
	pthread_mutex_lock(&log_lock);
	if (log_target == CKS_LOG_SYSLOG) {
		static const int priorities[] = { LOG_ERR, LOG_WARNING, LOG_NOTICE,
						  LOG_INFO, LOG_DEBUG };

		syslog(priorities[level], "%s %s", event, fields);
	} else {
		char stamp[32];
		struct tm tm;

		cks_time_local(cks_now_ms(), &tm);
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
		snprintf(stamp + strlen(stamp), sizeof(stamp) - strlen(stamp),
		    "%c%02ld%02ld", tm.tm_gmtoff < 0 ? '-' : '+',
		    labs(tm.tm_gmtoff) / 3600, labs(tm.tm_gmtoff) % 3600 / 60);
		fprintf(stderr, "%s %s[%s] %s %s\n", stamp, log_ident,
		    level_names[level], event, fields);
	}
	pthread_mutex_unlock(&log_lock);
}
