/* Unit tests for lib/desk/client: adding, reading, finding clients and their
 * JSON form. */
#include "autoconfig.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "testhelp.h"
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
	sqlite3_stmt *stmt = NULL;
	long long n;

	assert_int_equal(sqlite3_prepare_v2(cks_store_db(store),
	    "SELECT count(*) FROM clients", -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	n = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
