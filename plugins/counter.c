/*
 * counter — walk-in information and advisory service at the counter.
 *
 * Source of truth: the department's FY 2561 operating standard (the seed),
 * table 1.  The Thai step texts are the seed's own words, byte for byte,
 * with only its HTML paragraph tags removed, so that staff see the wording
 * they were trained on; the English is a translation for the gateway's
 * reports and is not authoritative.
 *
 * The five-level scale below is this project's choice, not the seed's: the
 * seed names "the satisfaction questionnaire at the counter" as the measure
 * but never gives its scale.  We use the usual Thai five-level
 * questionnaire scale and count its top two levels as satisfied.
 */
#include <cksgate/plugin.h>

/*
 * Where the seed gives one time ("30 วินาที", "5 นาที") it is read as a
 * ceiling, so min is 0; a range ("5-20 นาที") is taken as written.
 */
static const struct cks_step steps[] = {
	{
		.id = "greet",
		.actor = CKS_ACTOR_AGENT,
		.text = {
			.th = "กล่าวทักทายตามมาตรฐาน เพื่อสร้างความประทับใจในการให้บริการ (ให้บริการเครื่องดื่ม)",
			.en = "Greet by the standard greeting, to make a good impression (offer a drink)",
		},
		.min_seconds = 0,
		.max_seconds = 30,
		.timed = 1,
		.target_percent = 85,
	},
	{
		.id = "preliminary_questions",
		.actor = CKS_ACTOR_AGENT,
		.text = {
			.th = "การสอบถามข้อมูลเบื้องต้นกับผู้ขอรับบริการเพื่อวิเคราะห์/จำแนก/บ่งชี้ความพร้อม/ระดับและความต้องการของผู้รับบริการ",
			.en = "Preliminary questions to analyse / classify / identify the client's readiness, level and needs",
		},
		.min_seconds = 5 * 60,
		.max_seconds = 20 * 60,
		.timed = 1,
		.target_percent = 85,
	},
	{
		.id = "in_depth_advice",
		.actor = CKS_ACTOR_AGENT,
		.text = {
			/* The seed holds this step as two <p> paragraphs. */
			.th = "สอบถามเชิงลึก พร้อมให้ข้อมูล/คำแนะนำ/คำปรึกษาที่สอดคล้องกับกิจกรรมกรมฯ ความพร้อม/ระดับและความต้องการของผู้ประกอบการ เพื่อให้เกิดผลลัพธ์ในการสร้างโอกาสการส่งออก"
			      " "
			      "คัดสรร/คัดเลือก/กลั่นกรอง ข้อมูลภายในกรมฯ ผ่านระบบ Call Center Knowledge Base Management System (CKS) และข้อมูลที่ได้คัดสรร/คัดเลือกลงในตระกร้าอิเล็กทรอนิกส์ (Basket) เพื่อเตรียมจัดส่งให้ผู้ขอรับบริการ",
			.en = "In-depth questions while giving information / advice / consulting that fits the department's activities and the client's readiness, level and needs, to create export opportunities. "
			      "Select / screen internal information through CKS and put the chosen items into the electronic Basket, ready to send to the client",
		},
		.min_seconds = 10 * 60,
		.max_seconds = 140 * 60,
		.timed = 1,
		.target_percent = 85,
	},
	{
		.id = "prepare_documents",
		.actor = CKS_ACTOR_AGENT,
		.text = {
			.th = "จัดเตรียมเอกสารที่เกี่ยวข้องที่ไม่ได้อยู่ภายใต้ระบบอิเล็กทรอนิกส์ของกรมฯ ให้กับผู้ขอรับบริการ พร้อมทั้งแนะนำบริการ Mobile Application : DITP Connect",
			.en = "Prepare related documents that are not in the department's electronic systems, and recommend the DITP Connect mobile application",
		},
		.min_seconds = 5 * 60,
		.max_seconds = 10 * 60,
		.timed = 1,
		.target_percent = 85,
	},
	{
		.id = "client_check",
		.actor = CKS_ACTOR_CLIENT,
		.text = {
			.th = "ผู้ขอรับบริการตรวจสอบ ความถูกต้องของข้อมูลที่ได้รับบริการอีกครั้งผ่านทางจอคอมพิวเตอร์ก่อนจัดส่งข้อมูลผ่านระบบอิเล็กทรอนิกส์ (Email)",
			.en = "The client checks once more, on the computer screen, that the information is correct before it is sent electronically (email)",
		},
		.min_seconds = 0,
		.max_seconds = 5 * 60,
		/*
		 * The seed keeps the 5-minute guide but says the client's check
		 * may not count toward timing: it is outside the agent's control.
		 */
		.timed = 0,
		.target_percent = 100,
	},
	{
		.id = "print_summary",
		.actor = CKS_ACTOR_AGENT,
		.text = {
			.th = "พิมพ์หน้าสรุปการให้บริการข้อมูล/คำปรึกษา",
			.en = "Print the service summary page",
		},
		/* The seed gives "-" for time, measure and target alike. */
		.min_seconds = CKS_DURATION_NONE,
		.max_seconds = CKS_DURATION_NONE,
		.timed = 0,
		.target_percent = 0,   /* the seed gives none */
	},
	{
		.id = "client_form",
		/*
		 * The client writes, but the seed makes the agent responsible
		 * for getting the form filled, so the agent is timed for it.
		 * The seed's text stops at "/แบบ"; the questionnaire is meant.
		 */
		.actor = CKS_ACTOR_AGENT,
		.text = {
			.th = "ผู้ขอรับบริการกรอกแบบฟอร์มในการขอรับบริการ/แบบ",
			.en = "The client fills in the service request form / questionnaire",
		},
		.min_seconds = 0,
		.max_seconds = 5 * 60,
		.timed = 1,
		.target_percent = 85,
	},
	{
		.id = "thank",
		.actor = CKS_ACTOR_AGENT,
		.text = {
			.th = "กล่าวขอบคุณตามมาตรฐานการกล่าวคำขอบคุณเพื่อสร้างความประทับใจในการให้บริการ",
			.en = "Thank the client by the standard thanking phrase, to make a good impression",
		},
		.min_seconds = 0,
		.max_seconds = 30,
		.timed = 1,
		.target_percent = 85,
	},
};

/* Other words a client may write for a level in a reply, beside its label. */
static const char *const highest_th[] = { "ดีมาก", "พอใจมากที่สุด", "ดีเยี่ยม",
	"พึงพอใจมากที่สุด", "พึงพอใจอย่างมากที่สุด", "ยอดเยี่ยม", "ดีที่สุด", "เยี่ยม",
	"เยี่ยมมาก", "สุดยอด", "ดีสุดๆ", "พอใจที่สุด", "ดีเลิศ", "พึงพอใจอย่างยิ่ง",
	"พอใจอย่างยิ่ง", "ประทับใจที่สุด", "ประทับใจมากที่สุด",
	/* "the top", "excellence", "to the extreme": the highest said otherwise */
	"สูงสุด", "พึงพอใจสูงสุด", "เป็นเลิศ", "เลิศ", "เยี่ยมยอด", "พอใจสุดๆ",
	"พึงพอใจสุดๆ", NULL };
static const char *const highest_en[] = { "excellent", "very satisfied", "very good",
	"extremely satisfied", "outstanding", "extremely happy", "superb", "perfect",
	"fantastic", "amazing", "very happy", "highly satisfied", "totally satisfied",
	"completely satisfied", "wonderful", "the best", "very high", "very satisfy",
	NULL };
static const char *const high_th[] = { "ดี", "พอใจมาก", "พึงพอใจมาก", "พึงพอใจอย่างมาก",
	/* "high", "fairly much", "fairly good" (English: "pretty good") */
	"สูง", "ค่อนข้างมาก", "ค่อนข้างดี", "พอใจค่อนข้างมาก", "พึงพอใจค่อนข้างมาก", NULL };
/* "satisfy", "impress": how many Thai writers spell the English word */
static const char *const high_en[] = { "good", "satisfied", "happy", "pleased",
	"pretty good", "satisfy", NULL };
static const char *const medium_th[] = { "พอใช้", "เฉยๆ", "กลางๆ", "พอใช้ได้", "ธรรมดา",
	"พอได้", "ปานกลางๆ",
	/* "normal", "moderate", "so-so", "the middle level" (English alike) */
	"ปกติ", "พอประมาณ", "งั้นๆ", "ระดับกลาง", "กลาง", NULL };
static const char *const medium_en[] = { "fair", "average", "neutral", "so-so",
	"moderate", "moderately satisfied", "neither satisfied nor dissatisfied", "mixed",
	"somewhat satisfied", "mediocre", "acceptable", "so so", "normal", "middle",
	"in the middle", "middle of the road", "middling", NULL };
/* The Thai five-grade rubric (ดีมาก ดี พอใช้ ควรปรับปรุง ต้องปรับปรุง) reads
 * onto the levels one for one. */
static const char *const low_th[] = { "ไม่ค่อยพอใจ", "ไม่ค่อยพึงพอใจ", "พึงพอใจน้อย",
	"ไม่ค่อยดี", "ควรปรับปรุง",
	/* "low", "fairly little", "fairly bad", "disappointed" (English:
	 * "fairly low", "disappointing"; "ผิดหวังมาก" is the lowest) */
	"ต่ำ", "ค่อนข้างน้อย", "ค่อนข้างแย่", "พอใจน้อย", "ผิดหวัง", NULL };
static const char *const low_en[] = { "poor", "dissatisfied", "not very satisfied",
	"fairly low", "below average", "not great", "disappointing",
	"needs improvement", "unsatisfactory", "not very good", "not so good",
	"not too good", "not very happy", NULL };
static const char *const lowest_th[] = { "แย่", "ไม่พอใจ", "แย่มาก", "ไม่พอใจอย่างมาก",
	"ไม่พึงพอใจอย่างมาก", "พึงพอใจน้อยที่สุด", "แย่ที่สุด", "ห่วย", "ห่วยมาก",
	"พอใจน้อยที่สุด", "ต้องปรับปรุง", "ผิดหวังมาก",
	/* "the lowest", "not good at all", "not satisfied" as "ไม่พอใจ" */
	"ต่ำสุด", "ต่ำที่สุด", "แย่สุดๆ", "ไม่ดีเลย", "ไม่พอใจเลย", "ไม่พึงพอใจ",
	"ไม่พึงพอใจเลย", "ห่วยแตก", NULL };
static const char *const lowest_en[] = { "very poor", "very dissatisfied", "bad",
	"extremely dissatisfied", "terrible", "awful", "very bad", "horrible",
	"very unhappy", "the worst", "worst", "not satisfied at all",
	"not happy at all", "not good at all", "very low", NULL };

/* Highest first, as the questionnaire prints it; only 5 and 4 are satisfied. */
static const struct cks_rating_option scale[] = {
	{
		.code = 5,
		.label = { .th = "มากที่สุด", .en = "Highest" },
		.satisfied = 1,
		.words_th = highest_th,
		.words_en = highest_en,
	},
	{
		.code = 4,
		.label = { .th = "มาก", .en = "High" },
		.satisfied = 1,
		.words_th = high_th,
		.words_en = high_en,
	},
	{
		.code = 3,
		.label = { .th = "ปานกลาง", .en = "Medium" },
		.satisfied = 0,
		.words_th = medium_th,
		.words_en = medium_en,
	},
	{
		.code = 2,
		.label = { .th = "น้อย", .en = "Low" },
		.satisfied = 0,
		.words_th = low_th,
		.words_en = low_en,
	},
	{
		.code = 1,
		.label = { .th = "น้อยที่สุด", .en = "Lowest" },
		.satisfied = 0,
		.words_th = lowest_th,
		.words_en = lowest_en,
	},
};

static const struct cks_channel_plugin descriptor = {
	CKS_PLUGIN_HEADER,
	.id = "counter",
	.name = {
		.th = "เคาน์เตอร์ให้คำปรึกษา",
		.en = "Counter (walk-in advisory)",
	},
	.steps = steps,
	.step_count = CKS_COUNT_OF(steps),
	.scale = scale,
	.scale_count = CKS_COUNT_OF(scale),
	/* "ร้อยละ 85 ของข้อมูลแบบสอบถามความพึงพอใจ ณ เคาน์เตอร์ให้คำปรึกษา" */
	.target_percent = 85,
};

/* The ABI stamp cksgate reads before it runs any of this file's code. */
CKS_PLUGIN_ABI_DECLARE;

const struct cks_channel_plugin *cks_channel_plugin(void)
{
	return &descriptor;
}
