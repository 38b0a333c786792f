#include "autoconfig.h"

#include <stdio.h>
#include <string.h>

#include "calendar.h"

/* Written out rather than taken from strftime("%b") in a th_TH locale:
 * the daemon runs in the C locale, and a locale that is not installed
 * would silently print English. */
static const char *const thai_short[12] = {
	"ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
	"ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
};
static const char *const thai_full[12] = {
	"มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
	"กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
};
static const char *const english_short[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};
static const char *const english_full[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

int
cks_lang_is_thai(const char *lang)
{
	return lang != NULL && strcmp(lang, "th") == 0;
}

const char *
cks_month_name(int month, const char *lang, enum cks_month_style style)
{
	int thai = cks_lang_is_thai(lang);

	if (month < 0 || month > 11)
		return "?";
	if (style == CKS_MONTH_FULL)
		return thai ? thai_full[month] : english_full[month];
	return thai ? thai_short[month] : english_short[month];
}

int
cks_year_ce(int year)
{
	return year > 2400 ? year - CKS_BUDDHIST_ERA_OFFSET : year;
}

int
cks_year_in(int year_ce, const char *lang)
{
	return cks_lang_is_thai(lang) ? year_ce + CKS_BUDDHIST_ERA_OFFSET
				      : year_ce;
}

void
cks_date_format(const struct tm *tm, const char *lang,
		enum cks_month_style style, char *buf, size_t size)
{
	snprintf(buf, size, "%d %s %d", tm->tm_mday,
	    cks_month_name(tm->tm_mon, lang, style),
	    cks_year_in(tm->tm_year + 1900, lang));
}
