/*
 * hotline1169 — the international trade direct line, 1169.
 *
 * Source of truth: the department's FY 2561 operating standard (the seed),
 * table 2.  The Thai step texts are the seed's own words, byte for byte,
 * less the " ↓" flow arrows that only link the table's rows; the English is
 * a translation for the gateway's reports and is not authoritative.
 *
 * Two slips in the seed: the rating step writes "กต 1" where "กด 1" (press
 * 1) is meant, kept in the step's text since that is the seed's wording; and
 * one row's target names line 1170, a typo for 1169, which is not carried
 * over since every target here is the one 85 % for line 1169.
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
			.en = "Welcome the caller with the prepared script",
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
		.id = "record_profile",
		.actor = CKS_ACTOR_AGENT,
		.text = {
			.th = "บันทึกข้อมูลผู้ขอรับบริการ (Profile) ลงในระบบ Call Center Knowledge Base Management System (CKS)",
			.en = "Record the client's profile in CKS",
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
			.th = "จัดเตรียมเอกสาร/ข้อมูลเพิ่มเติมผ่านระบบ CKS และตรวจสอบความถูกต้องของข้อมูลก่อนจัดส่งถึงผู้ขอรับบริการผ่านทางอีเมล",
			.en = "Prepare documents / further information through CKS and check them before sending to the client by email",
		},
		.min_seconds = CKS_DURATION_NONE,
		.max_seconds = CKS_DURATION_NONE,
		.timed = 1,
		.target_percent = 85,
	},
	{
		.id = "thank_recommend_app",
		.actor = CKS_ACTOR_AGENT,
		.text = {
			.th = "กล่าวขอบคุณด้วยบทสนทนาที่เตรียมไว้ พร้อมทั้งแนะนำบริการ Mobile Application : DITP Connect",
			.en = "Thank with the prepared script and recommend the DITP Connect mobile application",
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
			.th = "ผู้ขอรับบริการประเมินความพึงพอใจในการขอรับบริการ - ประทับใจ กต 1 - พึงพอใจ กต 2 - ไม่พึงพอใจ กต 3",
			.en = "The client rates the service: impressed press 1 - satisfied press 2 - not satisfied press 3",
		},
		.min_seconds = CKS_DURATION_NONE,
		.max_seconds = CKS_DURATION_NONE,
		.timed = 0,
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

/* Other words a caller may use for an option when not pressing a key. */
static const char *const impressed_th[] = { "ประทับใจมาก", "ประทับใจสุดๆ", "ประทับใจที่สุด",
	"ประทับใจมากๆ", "สุดยอด", "ยอดเยี่ยม", "ดีเยี่ยม", "เยี่ยม", "เยี่ยมมาก", NULL };
static const char *const impressed_en[] = { "impressed", "excellent", "outstanding",
	"superb", "amazing", "very impressed", "really impressed", "impressive",
	"impress", "very impress", NULL };
static const char *const satisfied_th[] = { "พอใจ", "โอเค", "พอใช้ได้", NULL };
static const char *const satisfied_en[] = { "satisfied", "good", "ok", "fine",
	"happy", "pleased", "satisfy", NULL };
static const char *const not_satisfied_th[] = { "ไม่พอใจ", "ไม่ประทับใจ",
	"ไม่ค่อยพึงพอใจ", "ไม่ค่อยพอใจ", "ผิดหวัง", "แย่", "แย่มาก", NULL };
static const char *const not_satisfied_en[] = { "not satisfied", "dissatisfied",
	"unsatisfied", "bad", "not happy", "unhappy", "not very satisfied",
	"disappointed", "poor", "terrible", "awful", "not satisfy", NULL };

/* The codes are the keypad digits the seed's rating step announces. */
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
	{
		.code = 3,
		.label = { .th = "ไม่พึงพอใจ", .en = "Not satisfied" },
		.satisfied = 0,
		.words_th = not_satisfied_th,
		.words_en = not_satisfied_en,
	},
};

static const struct cks_channel_plugin descriptor = {
	CKS_PLUGIN_HEADER,
	.id = "hotline1169",
	.name = {
		.th = "สายตรงการค้าระหว่างประเทศ 1169",
		.en = "International trade hotline 1169",
	},
	.steps = steps,
	.step_count = CKS_COUNT_OF(steps),
	.scale = scale,
	.scale_count = CKS_COUNT_OF(scale),
	/* Every row says 85 %, the one naming 1170 included. */
	.target_percent = 85,
};

/* The ABI stamp cksgate reads before it runs any of this file's code. */
CKS_PLUGIN_ABI_DECLARE;

const struct cks_channel_plugin *cks_channel_plugin(void)
{
	return &descriptor;
}
