#include "autoconfig.h"

/* The public route of the signed download links (download_link.h): it
 * serves an attachment from the store.  The links themselves are made and
 * checked below, in lib/mailout, because the composer writes them into
 * mail; only the serving is the web layer's. */

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api.h"
#include "basket.h"
#include "clock.h"
#include "download_link.h"
#include "log.h"

/* The types basket.c detects, served as stored.  A response's type must be
 * a static string, so any other (an agent's --type) goes out as
 * application/octet-stream: with "attachment" the browser saves the file
 * either way. */
static const char *const served_types[] = {
	"application/pdf",
	"application/msword",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"application/vnd.ms-excel",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"application/vnd.ms-powerpoint",
	"application/vnd.openxmlformats-officedocument.presentationml.presentation",
	"image/png",
	"image/jpeg",
	"image/gif",
	"text/plain",
	"text/csv",
	"text/html",
	"application/zip",
};

static const char *
served_type(const char *stored)
{
	for (size_t i = 0; i < sizeof(served_types) / sizeof(served_types[0]); i++)
		if (strcasecmp(stored, served_types[i]) == 0)
			return served_types[i];
	return "application/octet-stream";
}

/* A short page for a person who clicked a link in a mail: Thai first. */
static int
reply_notice(struct cks_api_response *response, int status, const char *text)
{
	return cks_api_reply_text(response, status, "text/plain; charset=utf-8",
	    text, strlen(text));
}

static int
get_download(const struct cks_api_env *env,
	     const struct cks_api_request *request, const char *const *params,
	     struct cks_api_response *response)
{
	enum cks_download_link_state state;
	struct cks_error err;
	struct cks_basket_attachment *attachment = NULL;
	int64_t attachment_id = 0;

	(void)request;
	if (cks_download_link_verify(env->config, params[0], params[1],
	    params[2], cks_now_ms(), &attachment_id, &state, &err) < 0) {
		char value[1100];

		cks_log(CKS_LOG_ERROR, "download.key", "error=%s",
		    cks_log_value(err.message, value, sizeof(value)));
		return reply_notice(response, 500,
		    "ขออภัย ระบบดาวน์โหลดขัดข้องชั่วคราว โปรดลองใหม่ภายหลัง\n"
		    "Sorry, downloads are unavailable right now. Please try "
		    "again later.\n");
	}
	if (state == CKS_DOWNLOAD_LINK_FORGED)
		return reply_notice(response, 403,
		    "ลิงก์ดาวน์โหลดนี้ไม่ถูกต้อง โปรดคัดลอกลิงก์จากอีเมลให้ครบถ้วน\n"
		    "This download link is not valid. Please copy the whole link "
		    "from the email.\n");
	if (state == CKS_DOWNLOAD_LINK_EXPIRED)
		return reply_notice(response, 410,
		    "ลิงก์ดาวน์โหลดนี้หมดอายุแล้ว โปรดติดต่อเจ้าหน้าที่ "
		    "(สายด่วน 1169) เพื่อขอให้ส่งใหม่\n"
		    "This download link has expired. Please contact our officer "
		    "(hotline 1169) to have it sent again.\n");
	if (cks_basket_attachment_get(env->store, attachment_id, &attachment,
	    &err) < 0) {
		if (err.kind != CKS_ERROR_NOT_FOUND)
			return cks_api_reply_failure(response, &err);
		return reply_notice(response, 404,
		    "ไม่พบไฟล์นี้ในระบบแล้ว โปรดติดต่อเจ้าหน้าที่ (สายด่วน 1169)\n"
		    "This file is no longer available. Please contact our "
		    "officer (hotline 1169).\n");
	}
	response->content_disposition = cks_download_link_disposition(
	    attachment->filename);
	if (response->content_disposition == NULL ||
	    cks_api_reply_text(response, 200,
	    served_type(attachment->content_type), (const char *)attachment->data,
	    attachment->size) < 0) {
		cks_basket_attachment_free(&attachment);
		free(response->content_disposition);
		response->content_disposition = NULL;
		return cks_api_reply_error(response, 500, NULL, "out of memory");
	}
	cks_basket_attachment_free(&attachment);
	/* The person's own browser may keep it; no shared cache may. */
	response->cache_control = "private, max-age=3600";
	return 0;
}

const struct cks_api_route cks_api_download_routes[] = {
	{ "GET", "/d/:id/:expires/:signature/*", get_download },
	{ NULL, NULL, NULL },
};
