/* The words the answer model (answer.c) reads, in Thai and English:
 * fillers, cues, units, negations and the everyday phrases that hide a
 * scale word.  Each list is NULL-terminated; a space in a phrase matches
 * any run of blanks, and a phrase matches only on word boundaries (see
 * answer.c).  Kept apart from the model so that the lists can be read,
 * and grown, on their own. */
#ifndef CKS_ANSWER_WORDS_H
#define CKS_ANSWER_WORDS_H

/* Words that carry no content of their own in a short answer. */
extern const char *const cks_answer_particles[];
extern const char *const cks_answer_thanks[];
extern const char *const cks_answer_pronouns[];
/* Words around a scale word that leave it the answer: "the service was
 * very satisfying", "บริการโดยรวม". */
extern const char *const cks_answer_frame_words[];
/* Intensifiers: framing words on a scale that has no "very ..." option
 * ("Really impressed" is Impressed); on one that has, they change the
 * option, and a phrase it does not list is not read. */
extern const char *const cks_answer_grades[];
extern const char *const cks_answer_greetings[];
/* Cues before a number: "ให้ 4", "ตอบข้อ 1", "I'd rate it 4". */
extern const char *const cks_answer_cues_before[];
/* Words that lead into a cue: "ผลการ|ประเมิน", "my|answer". */
extern const char *const cks_answer_lead_ins[];
/* Cue words that also name things ("เอกสารข้อ 3", "item 2"): cues only
 * at the start of a line or after another cue. */
extern const char *const cks_answer_line_cues[];
/* What may stand between a cue and its number. */
extern const char *const cks_answer_cue_gap[];
/* A cue word after one of these names a thing ("ลิงก์ในข้อ 2"). */
extern const char *const cks_answer_prepositions[];
extern const char *const cks_answer_cues_after[];
extern const char *const cks_answer_answer_after[];
extern const char *const cks_answer_answer_nouns[];
/* Words that only speak of the answer itself ("ตอบตามจริง", "honestly",
 * "ขอตอบแค่นี้"): a tail made of these alone goes with the answer. */
extern const char *const cks_answer_meta_words[];
/* Words of a lead before the answer on its line: telling, the question,
 * the mail answered, the service as a whole. */
extern const char *const cks_answer_lead_words[];
/* Interjections that say nothing of the answer ("wow", "อืม"). */
extern const char *const cks_answer_interjections[];
extern const char *const cks_answer_english_frames[];
extern const char *const cks_answer_addressed[];
extern const char *const cks_answer_out_of[];
/* A number followed by one of these is an amount, a time, a duration, a
 * date or a count of things, not an answer. */
extern const char *const cks_answer_units[];
/* Compounds that begin with a unit but are not one ("ตอบข้อ 5 ครั้งหน้า
 * ขอ...": next time). */
extern const char *const cks_answer_not_units[];
/* "1-3" and "1 ถึง 3" are ranges; "1, 3" and "1 หรือ 3" are two answers. */
extern const char *const cks_answer_range_words[];
extern const char *const cks_answer_list_words[];
extern const char *const cks_answer_negators[];
extern const char *const cks_answer_softeners[];
/* Common words holding a scale word that mean something else. */
extern const char *const cks_answer_hiders[];
/* Everyday words that may name an option but are weak as the answer:
 * they count only on a line of their own or when cued. */
extern const char *const cks_answer_everyday[];
extern const char *const cks_answer_intensifiers[];
/* Cues that give a scale word as the answer: "ตอบ พึงพอใจ", "my answer:
 * satisfied", "ขอเปลี่ยนเป็น ไม่พึงพอใจ". */
extern const char *const cks_answer_label_cues[];
/* Cues that give a scale word only when they open its line ("ให้ดีมาก",
 * "I'd rate it excellent"). */
extern const char *const cks_answer_label_cues_opening[];
/* Numbers spelled out, Thai then English: entry i (from 0) is the
 * value i % 5 + 1. */
extern const char *const cks_answer_spelled[];
/* After a spelled number, these make it a count or a pronoun ("one of
 * them", "one more thing"). */
extern const char *const cks_answer_spelled_not[];
/* Marks that pick an option in a pasted list: before it, after it, or
 * either. */
extern const char *const cks_answer_list_lead[];
extern const char *const cks_answer_list_trail[];
extern const char *const cks_answer_list_either[];
/* Marks of an option not picked ("[ ]", "☐"). */
extern const char *const cks_answer_list_blanks[];
/* Words of feeling that are no option but, negated on a line of their
 * own ("Not happy"), say the customer is not satisfied. */
extern const char *const cks_answer_sentiment[];
/* "Level" before an everyday word makes it a level: "ระดับน้อย". */
extern const char *const cks_answer_level_words[];

extern const char *const cks_answer_acknowledgements[];
extern const char *const cks_answer_place_words[];
extern const char *const cks_answer_sequence_words[];

extern const char *const cks_answer_thing_nouns[];

#endif
