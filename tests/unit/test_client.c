/* Unit tests for lib/desk/client: adding, reading, finding clients and their
 * JSON form. */
#include "autoconfig.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "testhelp.h"
#include "bounce.h"
#include "client.h"
#include "clock.h"

static int64_t
add_ok(struct cks_store *store, const struct cks_client_input *in)
{
	struct cks_error err;
	int64_t id = 0;

	cks_error_clear(&err);
	if (cks_client_add(store, in, &id, &err) != 0)
		fail_msg("cks_client_add(%s): %s", in->name ? in->name : "NULL",
		    err.message);
	assert_true(id > 0);
	return id;
}

static long long
client_rows(struct cks_store *store)
{
	struct cks_stmt *stmt = NULL;
	long long n;

	stmt = cks_store_prepare(store,
	    "SELECT count(*) FROM clients", NULL);
	assert_non_null(stmt);
	assert_int_equal(cks_stmt_step(stmt), CKS_STMT_ROW);
	n = cks_stmt_column_int64(stmt, 0);
	cks_stmt_finalize(stmt);
	return n;
}

/* Adding in must fail with INVALID, a message starting "field:", the
 * field named in err.field, and no row written. */
static void
add_refused(struct cks_store *store, const struct cks_client_input *in,
	    const char *field)
{
	struct cks_error err;
	char prefix[64];
	int64_t id = -7;
	long long before = client_rows(store);

	cks_error_clear(&err);
	assert_int_equal(cks_client_add(store, in, &id, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	snprintf(prefix, sizeof(prefix), "%s:", field);
	if (strncmp(err.message, prefix, strlen(prefix)) != 0)
		fail_msg("expected '%s' at the start of '%s'", prefix, err.message);
	assert_string_equal(err.field, field);
	assert_int_equal(id, -7);
	assert_int_equal(client_rows(store), before);
}

static void
test_add_get_round_trip(void **state)
{
	struct cks_store *store = test_store_new();
	struct cks_client_input in = {
		.name = "สมชาย ใจดี",
		.company = "บริษัท ส่งออกไทย จำกัด",
		.email = "Somchai@Example.co.th",
		.phone = "081-234-5678",
		.lang = "en",
		.level = "พร้อมส่งออก",
	};
	struct cks_client *c = NULL;
	struct cks_error err;
	int64_t before = cks_now_ms();
	int64_t id = add_ok(store, &in);
	int64_t after = cks_now_ms();

	assert_int_equal(cks_client_get(store, id, &c, &err), 0);
	assert_non_null(c);
	assert_int_equal(c->id, id);
	assert_string_equal(c->name, "สมชาย ใจดี");
	assert_string_equal(c->company, "บริษัท ส่งออกไทย จำกัด");
	/* Kept as written; only the phone gets a normalised twin. */
	assert_string_equal(c->email, "Somchai@Example.co.th");
	assert_string_equal(c->phone, "081-234-5678");
	assert_string_equal(c->phone_e164, "+66812345678");
	assert_string_equal(c->lang, "en");
	assert_string_equal(c->level, "ready" /* the level is stored as its code */);
	assert_true(c->created_ms >= before && c->created_ms <= after);
	assert_int_equal(c->updated_ms, c->created_ms);
	cks_client_free(&c);
	assert_null(c);
	cks_store_close(&store);
}

static void
test_ids_are_distinct(void **state)
{
	struct cks_store *store = test_store_new();
	struct cks_client_input a = { .name = "A" }, b = { .name = "B" };
	struct cks_client *c = NULL;
	struct cks_error err;
	int64_t ida = add_ok(store, &a);
	int64_t idb = add_ok(store, &b);

	assert_int_not_equal(ida, idb);
	assert_int_equal(cks_client_get(store, idb, &c, &err), 0);
	assert_string_equal(c->name, "B");
	cks_client_free(&c);
	assert_int_equal(cks_client_get(store, ida, &c, &err), 0);
	assert_string_equal(c->name, "A");
	cks_client_free(&c);
	cks_store_close(&store);
}

static void
test_optional_fields_null(void **state)
{
	struct cks_store *store = test_store_new();
	struct cks_client_input in = { .name = "Somsri" };
	struct cks_client *c = NULL;
	struct cks_error err;
	int64_t id = add_ok(store, &in);

	assert_int_equal(cks_client_get(store, id, &c, &err), 0);
	assert_string_equal(c->name, "Somsri");
	assert_null(c->company);
	assert_null(c->email);
	assert_null(c->phone);
	assert_null(c->phone_e164);
	assert_null(c->level);
	/* No language given: Thai. */
	assert_string_equal(c->lang, "th");
	cks_client_free(&c);
	cks_store_close(&store);
}

static void
test_refusals_name_the_field(void **state)
{
	struct cks_store *store = test_store_new();
	char *long_level = malloc(5001);
	char *long_name = malloc(20001);

	assert_non_null(long_level);
	assert_non_null(long_name);
	memset(long_level, 'L', 5000);
	long_level[5000] = '\0';
	memset(long_name, 'n', 20000);
	long_name[20000] = '\0';

	add_refused(store, &(struct cks_client_input){ .company = "No name" },
	    "name");
	add_refused(store, &(struct cks_client_input){ .name = "" }, "name");
	add_refused(store, &(struct cks_client_input){ .name = "Som\nchai" },
	    "name");
	add_refused(store, &(struct cks_client_input){ .name = "Somchai\r" },
	    "name");
	add_refused(store, &(struct cks_client_input){ .name = "Som\tchai" },
	    "name");
	add_refused(store, &(struct cks_client_input){ .name = "caf\xe9" },
	    "name");
	add_refused(store, &(struct cks_client_input){ .name = long_name },
	    "name");
	add_refused(store, &(struct cks_client_input){ .name = "Somchai",
	    .company = "Thai Export\r\nBcc: x@example.com" }, "company");
	add_refused(store, &(struct cks_client_input){ .name = "Somchai",
	    .company = "Line\none" }, "company");
	add_refused(store, &(struct cks_client_input){ .name = "Somchai",
	    .company = "" }, "company");
	add_refused(store, &(struct cks_client_input){ .name = "Somchai",
	    .email = "somchai at example.com" }, "email");
	add_refused(store, &(struct cks_client_input){ .name = "Somchai",
	    .email = "" }, "email");
	add_refused(store, &(struct cks_client_input){ .name = "Somchai",
	    .phone = "12ab" }, "phone");
	add_refused(store, &(struct cks_client_input){ .name = "Somchai",
	    .phone = "123" }, "phone");
	add_refused(store, &(struct cks_client_input){ .name = "Somchai",
	    .lang = "fr" }, "lang");
	add_refused(store, &(struct cks_client_input){ .name = "Somchai",
	    .lang = "TH" }, "lang");
	add_refused(store, &(struct cks_client_input){ .name = "Somchai",
	    .level = long_level }, "level");
	add_refused(store, &(struct cks_client_input){ .name = "Somchai",
	    .level = "ready\n" }, "level");
	assert_int_equal(client_rows(store), 0);
	free(long_level);
	free(long_name);
	cks_store_close(&store);
}

static void
test_get_not_found(void **state)
{
	struct cks_store *store = test_store_new();
	struct cks_client *c = (struct cks_client *)1;
	struct cks_error err;

	cks_error_clear(&err);
	assert_int_equal(cks_client_get(store, 4242, &c, &err), -1);
	assert_null(c);
	assert_int_equal(err.kind, CKS_ERROR_NOT_FOUND);
	assert_non_null(strstr(err.message, "4242"));
	cks_store_close(&store);
}

/* Finds text; checks the ids found, newest first. */
static void
find_is(struct cks_store *store, const char *text, size_t limit,
	size_t expected_count, const int64_t *expected_ids)
{
	struct cks_client **list = NULL;
	struct cks_error err;
	size_t count = 99;

	cks_error_clear(&err);
	if (cks_client_find(store, text, limit, &list, &count, &err) != 0)
		fail_msg("find '%s': %s", text, err.message);
	if (count != expected_count)
		fail_msg("find '%s': %zu found, expected %zu", text, count,
		    expected_count);
	for (size_t i = 0; i < count; i++)
		assert_int_equal(list[i]->id, expected_ids[i]);
	cks_client_list_free(&list, count);
	assert_null(list);
}

static void
test_find(void **state)
{
	struct cks_store *store = test_store_new();
	int64_t somchai = add_ok(store, &(struct cks_client_input){
	    .name = "Somchai Jaidee", .company = "Siam Rice Export",
	    .email = "somchai@rice.example.co.th", .phone = "081-234-5678" });
	int64_t somsri = add_ok(store, &(struct cks_client_input){
	    .name = "สมศรี มีสุข", .company = "Chiang Mai Crafts",
	    .email = "Somsri@Crafts.Example.com", .phone = "+66 2 123 4567" });
	int64_t john = add_ok(store, &(struct cks_client_input){
	    .name = "John Smith", .phone = "+1 415 555 0100", .lang = "en" });

	/* Name substring, in any ASCII case. */
	find_is(store, "chai", 10, 1, (int64_t[]){ somchai });
	find_is(store, "SOMCHAI", 10, 1, (int64_t[]){ somchai });
	find_is(store, "มีสุข", 10, 1, (int64_t[]){ somsri });
	/* Company. */
	find_is(store, "crafts", 10, 1, (int64_t[]){ somsri });
	/* Email, case-insensitive both ways. */
	find_is(store, "SOMCHAI@RICE.EXAMPLE.CO.TH", 10, 1, (int64_t[]){ somchai });
	find_is(store, "somsri@crafts.example.com", 10, 1, (int64_t[]){ somsri });
	/* The phone in other forms than it was written. */
	find_is(store, "+66 81 234 5678", 10, 1, (int64_t[]){ somchai });
	find_is(store, "0812345678", 10, 1, (int64_t[]){ somchai });
	find_is(store, "66812345678", 10, 1, (int64_t[]){ somchai });
	find_is(store, "02-123-4567", 10, 1, (int64_t[]){ somsri });
	find_is(store, "+14155550100", 10, 1, (int64_t[]){ john });
	/* A fragment of the phone as written. */
	find_is(store, "234-5678", 10, 1, (int64_t[]){ somchai });
	/* Several matches come newest first; limit cuts the list. */
	find_is(store, "s", 10, 3, (int64_t[]){ john, somsri, somchai });
	find_is(store, "s", 2, 2, (int64_t[]){ john, somsri });
	find_is(store, "nobody", 10, 0, NULL);
	cks_store_close(&store);
}

static void
test_find_refuses_bad_text(void **state)
{
	struct cks_store *store = test_store_new();
	struct cks_client **list = (struct cks_client **)1;
	struct cks_error err;
	size_t count = 5;

	cks_error_clear(&err);
	assert_int_equal(cks_client_find(store, "", 10, &list, &count, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_null(list);
	assert_int_equal(count, 0);
	cks_error_clear(&err);
	assert_int_equal(cks_client_find(store, "a\nb", 10, &list, &count, &err),
	    -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	cks_store_close(&store);
}

static void
test_find_wildcards_are_literal(void **state)
{
	struct cks_store *store = test_store_new();
	int64_t pct = add_ok(store, &(struct cks_client_input){
	    .name = "100% Thai Silk" });

	add_ok(store, &(struct cks_client_input){ .name = "Thai_Silk" });
	find_is(store, "%", 10, 1, (int64_t[]){ pct });
	find_is(store, "0% T", 10, 1, (int64_t[]){ pct });
	cks_store_close(&store);
}

static void
test_to_json(void **state)
{
	struct cks_store *store = test_store_new();
	struct cks_client *c = NULL;
	struct cks_error err;
	char created[64];
	json_t *j;
	int64_t id = add_ok(store, &(struct cks_client_input){
	    .name = "สมชาย", .email = "somchai@example.co.th",
	    .phone = "0812345678", .level = "new" });

	assert_int_equal(cks_client_get(store, id, &c, &err), 0);
	j = cks_client_to_json(c);
	assert_non_null(j);
	assert_true(json_is_object(j));
	assert_int_equal(json_integer_value(json_object_get(j, "id")), id);
	assert_string_equal(json_string_value(json_object_get(j, "name")), "สมชาย");
	assert_true(json_is_null(json_object_get(j, "company")));
	assert_string_equal(json_string_value(json_object_get(j, "email")),
	    "somchai@example.co.th");
	assert_string_equal(json_string_value(json_object_get(j, "phone")),
	    "0812345678");
	assert_string_equal(json_string_value(json_object_get(j, "phone_e164")),
	    "+66812345678");
	assert_string_equal(json_string_value(json_object_get(j, "lang")), "th");
	assert_string_equal(json_string_value(json_object_get(j, "level")),
	    "new");
	cks_time_format_iso(c->created_ms, created, sizeof(created));
	assert_string_equal(json_string_value(json_object_get(j, "created")),
	    created);
	json_decref(j);
	cks_client_free(&c);

	/* Missing optional fields are JSON null, not absent. */
	id = add_ok(store, &(struct cks_client_input){ .name = "Bare" });
	assert_int_equal(cks_client_get(store, id, &c, &err), 0);
	j = cks_client_to_json(c);
	assert_non_null(j);
	assert_true(json_is_null(json_object_get(j, "company")));
	assert_true(json_is_null(json_object_get(j, "email")));
	assert_true(json_is_null(json_object_get(j, "phone")));
	assert_true(json_is_null(json_object_get(j, "phone_e164")));
	assert_true(json_is_null(json_object_get(j, "level")));
	json_decref(j);
	cks_client_free(&c);
	cks_store_close(&store);
}

static void
test_check_line(void **state)
{
	struct cks_error err;

	assert_int_equal(cks_check_line("ok", "agent", 10, &err), 0);
	assert_int_equal(cks_check_line("0123456789", "agent", 10, &err), 0);
	cks_error_clear(&err);
	assert_int_equal(cks_check_line("0123456789a", "agent", 10, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_int_equal(strncmp(err.message, "agent:", 6), 0);
	assert_string_equal(err.field, "agent");
	assert_int_equal(cks_check_line("", "agent", 10, &err), -1);
	assert_int_equal(cks_check_line("a\xc2\x85" "b", "agent", 10, &err), -1);
	assert_int_equal(cks_check_line("\xed\xa0\x80", "agent", 10, &err), -1);
	/* The limit is in bytes: สวัสดี is 18 bytes. */
	assert_int_equal(cks_check_line("สวัสดี", "agent", 18, &err), 0);
	assert_int_equal(cks_check_line("สวัสดี", "agent", 17, &err), -1);
}

/* A field belongs to the error that named it: the next error without one
 * names none, and a field too long for the struct is cut, not overrun. */
static void
test_error_field(void **state)
{
	char long_field[200];
	struct cks_error err;

	assert_int_equal(cks_check_line("", "company", 10, &err), -1);
	assert_string_equal(err.field, "company");
	assert_int_equal(cks_error_set(&err, CKS_ERROR_CONFLICT, "later"), -1);
	assert_string_equal(err.field, "");
	assert_string_equal(err.message, "later");
	memset(long_field, 'f', sizeof(long_field) - 1);
	long_field[sizeof(long_field) - 1] = '\0';
	assert_int_equal(cks_error_set_field(&err, CKS_ERROR_INVALID, long_field,
	    "%s: too long", "x"), -1);
	assert_int_equal(strlen(err.field), sizeof(err.field) - 1);
	assert_string_equal(err.message, "x: too long");
	/* A prefix keeps the field: it adds where, not what. */
	cks_error_prefix(&err, "line 3");
	assert_int_equal(strlen(err.field), sizeof(err.field) - 1);
	cks_error_clear(&err);
	assert_string_equal(err.field, "");
	assert_int_equal(cks_error_set_field(NULL, CKS_ERROR_INVALID, "x", "y"),
	    -1);
}

static void
test_free_null(void **state)
{
	struct cks_client *c = NULL;
	struct cks_client **list = NULL;

	cks_client_free(&c);
	cks_client_list_free(&list, 0);
	assert_null(c);
	assert_null(list);
}

/* --- issue 14: levels, edit and history, merge, duplicates, bounces ------- */

static long long
count_of(struct cks_store *store, const char *sql)
{
	struct cks_stmt *stmt = NULL;
	long long n;

	stmt = cks_store_prepare(store,
	    sql, NULL);
	assert_non_null(stmt);
	assert_int_equal(cks_stmt_step(stmt), CKS_STMT_ROW);
	n = cks_stmt_column_int64(stmt, 0);
	cks_stmt_finalize(stmt);
	return n;
}

static void
test_levels(void **state)
{
	struct cks_store *store = test_store_new();
	struct cks_client_levels levels;
	struct cks_client *c = NULL;
	struct cks_error err;
	json_t *j;
	int64_t id;

	(void)state;
	/* the default list, and a configured one */
	assert_int_equal(cks_client_levels_parse(NULL, &levels, &err), 0);
	assert_int_equal(levels.count, 4);
	assert_non_null(cks_client_level_find(&levels, "SME"));
	assert_string_equal(cks_client_level_find(&levels, "Ready to export")->code,
	    "ready");
	assert_null(cks_client_level_find(&levels, "whatever"));
	cks_client_levels_clear(&levels);
	assert_int_equal(cks_client_levels_parse("gold:ทอง:Gold, tin:ดีบุก:Tin",
	    &levels, &err), 0);
	assert_int_equal(levels.count, 2);
	assert_string_equal(levels.v[1].th, "ดีบุก");
	cks_client_levels_clear(&levels);
	assert_int_equal(cks_client_levels_parse("gold:Gold", &levels, &err), -1);
	assert_string_equal(err.field, "client.levels");
	assert_int_equal(cks_client_levels_parse("a:ก:A, A:ข:B", &levels, &err), -1);
	assert_non_null(strstr(err.message, "twice"));

	/* free text is refused, naming the field and the allowed values */
	add_refused(store, &(struct cks_client_input){ .name = "x",
	    .level = "whatever" }, "level");
	assert_int_equal(cks_client_add(store, &(struct cks_client_input){
	    .name = "x", .level = "whatever" }, &id, &err), -1);
	assert_non_null(strstr(err.message, "ready (Ready to export)"));
	assert_non_null(strstr(err.message, "sme (SME)"));
	/* a configured list replaces the default */
	assert_int_equal(cks_client_add(store, &(struct cks_client_input){
	    .name = "x", .level = "ready", .levels = "gold:ทอง:Gold" }, &id,
	    &err), -1);
	id = add_ok(store, &(struct cks_client_input){ .name = "x",
	    .level = "GOLD", .levels = "gold:ทอง:Gold" });
	assert_int_equal(cks_client_get(store, id, &c, &err), 0);
	assert_string_equal(c->level, "gold");
	cks_client_free(&c);

	/* an old free-text level is kept, and shown as unknown */
	id = add_ok(store, &(struct cks_client_input){ .name = "old" });
	assert_int_equal(cks_store_exec(store, "UPDATE clients SET"
	    " level = 'ผู้ประกอบการใหม่ (new exporter)' WHERE id = (SELECT max(id)"
	    " FROM clients)"), CKS_STMT_OK);
	assert_int_equal(cks_client_get(store, id, &c, &err), 0);
	assert_int_equal(cks_client_describe(store, c, NULL, &j, &err), 0);
	assert_true(json_is_false(json_object_get(j, "level_known")));
	assert_string_equal(json_string_value(json_object_get(j, "level")),
	    "ผู้ประกอบการใหม่ (new exporter)");
	json_decref(j);
	cks_client_free(&c);
	/* an edit of another field leaves it as it is */
	assert_int_equal(cks_client_edit(store, id, &(struct cks_client_input){
	    .company = "Co" }, "napa", NULL, &err), 0);
	assert_int_equal(cks_client_get(store, id, &c, &err), 0);
	assert_string_equal(c->level, "ผู้ประกอบการใหม่ (new exporter)");
	cks_client_free(&c);
	cks_store_close(&store);
}

static void
test_edit_history(void **state)
{
	struct cks_store *store = test_store_new();
	struct cks_client_change *h = NULL;
	struct cks_client *c = NULL;
	struct cks_error err;
	size_t n;
	int changed;
	int64_t id = add_ok(store, &(struct cks_client_input){ .name = "สมชาย",
	    .email = "old@example.co.th", .phone = "0812345678",
	    .level = "new" });

	(void)state;
	assert_int_equal(cks_client_edit(store, id, &(struct cks_client_input){
	    .email = "new@example.co.th", .phone = "02-123-4567", .lang = "en",
	    .level = "exporter", .name = "สมชาย" }, "napa", &changed, &err), 0);
	assert_int_equal(changed, 4);   /* the name did not change */
	assert_int_equal(cks_client_get(store, id, &c, &err), 0);
	assert_string_equal(c->email, "new@example.co.th");
	assert_string_equal(c->phone_e164, "+6621234567");
	assert_string_equal(c->lang, "en");
	assert_string_equal(c->level, "exporter");
	assert_true(c->updated_ms >= c->created_ms);
	cks_client_free(&c);
	assert_int_equal(cks_client_history(store, id, &h, &n, &err), 0);
	assert_int_equal(n, 4);
	assert_string_equal(h[0].field, "email");
	assert_string_equal(h[0].old_value, "old@example.co.th");
	assert_string_equal(h[0].new_value, "new@example.co.th");
	assert_string_equal(h[0].actor, "napa");
	assert_string_equal(h[3].field, "level");
	cks_client_history_free(&h, n);

	/* "" clears an optional field; the name cannot be cleared */
	assert_int_equal(cks_client_edit(store, id, &(struct cks_client_input){
	    .phone = "" }, "napa", &changed, &err), 0);
	assert_int_equal(changed, 1);
	assert_int_equal(cks_client_get(store, id, &c, &err), 0);
	assert_null(c->phone);
	assert_null(c->phone_e164);
	cks_client_free(&c);
	assert_int_equal(cks_client_edit(store, id, &(struct cks_client_input){
	    .name = "" }, "napa", NULL, &err), -1);
	assert_string_equal(err.field, "name");
	/* a refused edit changes nothing and records nothing */
	assert_int_equal(cks_client_edit(store, id, &(struct cks_client_input){
	    .email = "not an address", .lang = "th" }, "napa", NULL, &err), -1);
	assert_string_equal(err.field, "email");
	assert_int_equal(cks_client_edit(store, id, &(struct cks_client_input){
	    .level = "whatever" }, "napa", NULL, &err), -1);
	assert_string_equal(err.field, "level");
	assert_int_equal(count_of(store, "SELECT count(*) FROM client_history"), 5);
	assert_int_equal(cks_client_get(store, id, &c, &err), 0);
	assert_string_equal(c->lang, "en");
	cks_client_free(&c);
	assert_int_equal(cks_client_edit(store, 999, &(struct cks_client_input){
	    .name = "x" }, "napa", NULL, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_NOT_FOUND);
	assert_int_equal(cks_client_history(store, 999, &h, &n, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_NOT_FOUND);
	cks_store_close(&store);
}

static void
test_merge(void **state)
{
	struct cks_store *store = test_store_new();
	struct cks_client_change *h = NULL;
	struct cks_client *c = NULL;
	struct cks_error err;
	const char *field;
	int64_t existing;
	size_t n;
	int moved;
	int64_t keep = add_ok(store, &(struct cks_client_input){ .name = "Somchai",
	    .email = "somchai@example.co.th" });
	int64_t drop = add_ok(store, &(struct cks_client_input){ .name = "สมชาย",
	    .email = "SOMCHAI@example.co.th", .phone = "081-234-5678",
	    .company = "บริษัท ส่งออกไทย จำกัด" });

	(void)state;
	/* the duplicate is found by email (case ignored) and by phone */
	assert_int_equal(cks_client_find_existing(store, "Somchai@Example.co.th",
	    NULL, drop, &existing, &field, &err), 1);
	assert_int_equal(existing, keep);
	assert_string_equal(field, "email");
	assert_int_equal(cks_client_find_existing(store, NULL, "+66812345678",
	    0, &existing, &field, &err), 1);
	assert_int_equal(existing, drop);
	assert_string_equal(field, "phone");
	assert_int_equal(cks_client_find_existing(store, "x@y.th", "021111111",
	    0, &existing, &field, &err), 0);

	assert_int_equal(cks_store_exec(store, "INSERT INTO sessions (channel, client_id, agent, opened_at)"
	    " VALUES ('counter', 2, 'napa', 1), ('chat', 2, 'napa', 2)"), CKS_STMT_OK);
	assert_int_equal(cks_client_edit(store, drop, &(struct cks_client_input){
	    .lang = "en" }, "napa", NULL, &err), 0);
	assert_int_equal(cks_client_merge(store, keep, keep, "napa", NULL, &err),
	    -1);
	assert_int_equal(cks_client_merge(store, keep, 999, "napa", NULL, &err),
	    -1);
	assert_int_equal(err.kind, CKS_ERROR_NOT_FOUND);
	assert_string_equal(err.field, "drop");
	assert_int_equal(cks_client_merge(store, keep, drop, "napa", &moved, &err),
	    0);
	assert_int_equal(moved, 2);
	assert_int_equal(count_of(store, "SELECT count(*) FROM sessions"
	    " WHERE client_id = 1"), 2);
	assert_int_equal(cks_client_get(store, drop, &c, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_NOT_FOUND);
	/* keep's empty fields took drop's values; its email stays */
	assert_int_equal(cks_client_get(store, keep, &c, &err), 0);
	assert_string_equal(c->email, "somchai@example.co.th");
	assert_string_equal(c->phone_e164, "+66812345678");
	assert_string_equal(c->company, "บริษัท ส่งออกไทย จำกัด");
	cks_client_free(&c);
	/* drop's history came with it, and the merge is recorded */
	assert_int_equal(cks_client_history(store, keep, &h, &n, &err), 0);
	assert_int_equal(n, 4);   /* drop's lang, company, phone, merge */
	assert_string_equal(h[0].field, "lang");
	assert_string_equal(h[n - 1].field, "merge");
	assert_non_null(strstr(h[n - 1].old_value, "client 2"));
	assert_non_null(strstr(h[n - 1].old_value, "2 sessions"));
	cks_client_history_free(&h, n);
	cks_store_close(&store);
}

static void
test_bounce_shown(void **state)
{
	struct cks_store *store = test_store_new();
	struct cks_client *c = NULL;
	struct cks_bounce b;
	struct cks_error err;
	json_t *j, *bj;
	int64_t id = add_ok(store, &(struct cks_client_input){ .name = "x",
	    .email = "Gone@Example.co.th" });

	(void)state;
	assert_int_equal(cks_bounce_get(store, "gone@example.co.th", &b, &err), 0);
	assert_int_equal(cks_bounce_check_send(store, "gone@example.co.th", NULL,
	    &err), 0);
	/* soft: shown, does not block */
	assert_int_equal(cks_bounce_record(store, " gone@EXAMPLE.co.th ", "soft", 0,
	    "4.2.2", "mailbox full", 0, &err), 0);
	assert_int_equal(cks_bounce_check_send(store, "Gone@Example.co.th", NULL,
	    &err), 0);
	/* hard: blocks, naming the address, when and the status */
	assert_int_equal(cks_bounce_record(store, "gone@example.co.th",
	    cks_bounce_kind("failed", "5.1.1"), 0, "5.1.1",
	    "smtp; 550 5.1.1 user unknown", 0, &err), 0);
	assert_int_equal(cks_bounce_check_send(store, "Gone@Example.co.th", NULL,
	    &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_CONFLICT);
	assert_string_equal(err.field, "email");
	assert_non_null(strstr(err.message, "gone@example.co.th hard-bounced"));
	assert_non_null(strstr(err.message, "5.1.1"));
	assert_non_null(strstr(err.message, "--force --reason"));
	assert_int_equal(cks_bounce_check_send(store, "gone@example.co.th",
	    "the client confirmed the address by phone", &err), 0);
	assert_int_equal(cks_bounce_check_send(store, "gone@example.co.th", "",
	    &err), -1);
	assert_string_equal(err.field, "reason");
	/* a later soft bounce does not undo the hard one */
	assert_int_equal(cks_bounce_record(store, "gone@example.co.th", "soft", 0,
	    "4.4.1", NULL, 0, &err), 0);
	assert_int_equal(cks_bounce_get(store, "gone@example.co.th", &b, &err), 1);
	assert_string_equal(b.kind, "hard");
	assert_string_equal(b.status, "5.1.1");
	assert_string_equal(cks_bounce_kind("delayed", "4.4.7"), "soft");
	assert_string_equal(cks_bounce_kind(NULL, "5.0.0"), "hard");
	assert_string_equal(cks_bounce_kind(NULL, NULL), "soft");
	/* the client's JSON shows it */
	assert_int_equal(cks_client_get(store, id, &c, &err), 0);
	assert_int_equal(cks_client_describe(store, c, NULL, &j, &err), 0);
	bj = json_object_get(j, "bounce");
	assert_true(json_is_object(bj));
	assert_string_equal(json_string_value(json_object_get(bj, "kind")), "hard");
	assert_string_equal(json_string_value(json_object_get(bj, "status")),
	    "5.1.1");
	json_decref(j);
	cks_client_free(&c);
	cks_store_close(&store);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_get_round_trip),
		cmocka_unit_test(test_ids_are_distinct),
		cmocka_unit_test(test_optional_fields_null),
		cmocka_unit_test(test_refusals_name_the_field),
		cmocka_unit_test(test_get_not_found),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_find_refuses_bad_text),
		cmocka_unit_test(test_find_wildcards_are_literal),
		cmocka_unit_test(test_to_json),
		cmocka_unit_test(test_check_line),
		cmocka_unit_test(test_error_field),
		cmocka_unit_test(test_free_null),
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_edit_history),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_bounce_shown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
