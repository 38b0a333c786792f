/*
 * chat — typed advisory conversation, "DITP Touch : Live Chat".
 *
 * Source of truth: the department's FY 2561 operating standard (the seed),
 * table 3.  The Thai step texts are the seed's own words, byte for byte;
 * the English is a translation for the gateway's reports and is not
 * authoritative.
 *
 * The seed gives chat only two rating buttons, ประทับใจ and พึงพอใจ, both
 * satisfied, and no "not satisfied" one.  The plugin stays faithful to that
 * rather than invent a third option; reports show the response rate beside
 * the satisfied share, so that unhappy clients who simply do not rate are
 * not hidden by a 100 % satisfied figure.
 */
#include <cksgate/plugin.h>

/*
 * The seed sets no standard time for this channel, so no step has bounds.
 * Agent steps stay timed so that their durations are still recorded and
 * can be compared once a standard exists; the client's turns never count.
 */
static const struct cks_step steps[] = {
	{
		.id = "welcome",
		.actor = CKS_ACTOR_AGENT,
		.text = {
			.th = "กล่าวต้อนรับด้วยบทสนทนาที่เตรียมไว้",
			.en = "Welcome with the prepared script",
		},
		.min_seconds = CKS_DURATION_NONE,
		.max_seconds = CKS_DURATION_NONE,
		.timed = 1,
		.target_percent = 85,
	},
	{
		.id = "ask_needs",
		.actor = CKS_ACTOR_AGENT,
		.text = {
			.th = "กล่าวสอบถามความต้องการข้อมูลบริการเชิงลึก โดยดูข้อมูลเบื้องต้นจากหัวข้อที่ผู้รับบริการเลือก",
			.en = "Ask what in-depth information the client needs, looking first at the topic the client chose",
		},
		.min_seconds = CKS_DURATION_NONE,
		.max_seconds = CKS_DURATION_NONE,
		.timed = 1,
		.target_percent = 85,
	},
	{
		.id = "client_asks",
		.actor = CKS_ACTOR_CLIENT,
		.text = {
			.th = "ผู้ขอรับบริการสอบถามข้อมูลด้านการค้าระหว่างประเทศ",
			.en = "The client asks about international trade",
		},
		.min_seconds = CKS_DURATION_NONE,
		.max_seconds = CKS_DURATION_NONE,
		.timed = 0,
		.target_percent = 0,   /* the seed gives none */
	},
	{
		.id = "classify",
		.actor = CKS_ACTOR_AGENT,
		.text = {
			.th = "สอบถามข้อมูลเชิงลึกเพื่อจำแนกระดับผู้ขอรับบริการ และเพื่อคัดกรองข้อมูล/คำปรึกษาก่อนการให้คำปรึกษา",
			.en = "In-depth questions to classify the client's level and to screen information / advice before advising",
		},
		.min_seconds = CKS_DURATION_NONE,
		.max_seconds = CKS_DURATION_NONE,
		.timed = 1,
		.target_percent = 85,
	},
	{
		.id = "advise_now",
		.actor = CKS_ACTOR_AGENT,
		.text = {
			.th = "ให้บริการข้อมูล/คำปรึกษาตามระดับผู้ประกอบการ ในกรณีที่สามารถจัดส่งข้อมูลให้ผู้ขอรับบริการได้ทันที พร้อมทั้งแนะนำบริการ Mobile Application : DITP Connect",
			.en = "Give information / advice by the client's level when it can be sent at once, and recommend DITP Connect",
		},
		.min_seconds = CKS_DURATION_NONE,
		.max_seconds = CKS_DURATION_NONE,
		.timed = 1,
		.target_percent = 85,
	},
	{
		.id = "prepare_documents",
		.actor = CKS_ACTOR_AGENT,
		.text = {
			.th = "จัดเตรียมเอกสาร/ข้อมูลเพิ่มเติมผ่านระบบ Call Center Knowledge Base Management System (CKS) และตรวจสอบความถูกต้องของข้อมูลก่อนจัดส่งถึงผู้ขอรับบริการผ่านทางอีเมล (กรณีไม่สามารถส่งข้อมูลได้ทันที)",
			.en = "Prepare further documents / information through CKS and check them before sending by email (when they cannot be sent at once)",
		},
		.min_seconds = CKS_DURATION_NONE,
		.max_seconds = CKS_DURATION_NONE,
		.timed = 1,
		.target_percent = 85,
	},
	{
		.id = "client_rates",
		.actor = CKS_ACTOR_CLIENT,
		.text = {
			/* "กต" is the seed's slip for "กด" (press); kept as written. */
			.th = "ผู้ขอรับบริการประเมินความพึงพอใจในการขอรับบริการ - ประทับใจ กต 1 - พึงพอใจ กต 2",
			.en = "The client rates the service: impressed press 1 - satisfied press 2",
		},
		.min_seconds = CKS_DURATION_NONE,
		.max_seconds = CKS_DURATION_NONE,
		.timed = 0,
		.target_percent = 0,   /* the seed gives none */
	},
	{
		.id = "thank",
		.actor = CKS_ACTOR_AGENT,
		.text = {
			.th = "กล่าวขอบคุณด้วยบทสนทนาที่เตรียมไว้",
			.en = "Thank with the prepared script",
		},
		.min_seconds = CKS_DURATION_NONE,
		.max_seconds = CKS_DURATION_NONE,
		.timed = 1,
		.target_percent = 0,   /* the seed gives none */
	},
	{
		.id = "record_summary",
		.actor = CKS_ACTOR_AGENT,
		.text = {
			.th = "บันทึกสรุปการให้บริการลงในระบบ CKS",
			.en = "Record the service summary in CKS",
		},
		.min_seconds = CKS_DURATION_NONE,
		.max_seconds = CKS_DURATION_NONE,
		.timed = 1,
		.target_percent = 85,
	},
};

/* Other words a client may type for an option instead of pressing it. */
static const char *const impressed_th[] = { "ประทับใจมาก", "ประทับใจสุดๆ", "ประทับใจที่สุด",
	"ประทับใจมากๆ", "สุดยอด", "ยอดเยี่ยม", "ดีเยี่ยม", "เยี่ยม", "เยี่ยมมาก", NULL };
static const char *const impressed_en[] = { "impressed", "excellent", "outstanding",
	"superb", "amazing", "very impressed", "really impressed", "impressive",
	"impress", "very impress", NULL };
static const char *const satisfied_th[] = { "พอใจ", "โอเค", "พอใช้ได้", NULL };
static const char *const satisfied_en[] = { "satisfied", "good", "ok", "fine",
	"happy", "pleased", "satisfy", NULL };

/* The codes are the button numbers the seed's rating step announces. */
static const struct cks_rating_option scale[] = {
	{
		.code = 1,
		.label = { .th = "ประทับใจ", .en = "Impressed" },
		.satisfied = 1,
		.words_th = impressed_th,
		.words_en = impressed_en,
	},
	{
		.code = 2,
		.label = { .th = "พึงพอใจ", .en = "Satisfied" },
		.satisfied = 1,
		.words_th = satisfied_th,
		.words_en = satisfied_en,
	},
};

static const struct cks_channel_plugin descriptor = {
	CKS_PLUGIN_HEADER,
	.id = "chat",
	.name = {
		/* The seed's own name for the channel (table 3's title). */
		.th = "การพิมพ์สนทนา DITP Touch : Live Chat",
		.en = "DITP Touch live chat",
	},
	.steps = steps,
	.step_count = CKS_COUNT_OF(steps),
	.scale = scale,
	.scale_count = CKS_COUNT_OF(scale),
	/* "ร้อยละ 85 ของผู้รับบริการพึงพอใจต่อการรับบริการผ่าน Live Chat" */
	.target_percent = 85,
};

/* The ABI stamp cksgate reads before it runs any of this file's code. */
CKS_PLUGIN_ABI_DECLARE;

const struct cks_channel_plugin *cks_channel_plugin(void)
{
	return &descriptor;
}
