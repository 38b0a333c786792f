/* Unit tests for lib/desk/kb and kb_import: Thai found by part of a word
 * through the trigram index, ranked by where it matched; the LIKE fallback
 * under 3 characters with its wildcards taken literally; revisions; the
 * import's line numbers across a quoted line break, its BOM, and its
 * all-or-nothing transaction. */
#include "autoconfig.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testhelp.h"
#include "kb.h"
#include "kb_import.h"

static const struct cks_basket_limits limits = { 20, 1 << 20, 4 << 20, NULL };

static int64_t
add(struct cks_store *store, const char *th, const char *en,
    const char *summary)
{
	struct cks_kb_input in = { .title_th = th, .title_en = en,
	    .summary = summary };
	struct cks_error err;
	int64_t id;

	if (cks_kb_add(store, &in, &limits, &id, &err) < 0)
		fail_msg("cks_kb_add: %s", err.message);
	return id;
}

/* The ids found for text, as "1,2,3". */
static void
found(struct cks_store *store, const char *text, char *out, size_t size)
{
	struct cks_kb_item **items;
	struct cks_error err;
	size_t count, used = 0;

	if (cks_kb_search(store, text, 0, 0, &items, &count, &err) < 0)
		fail_msg("cks_kb_search: %s", err.message);
	out[0] = '\0';
	for (size_t i = 0; i < count; i++)
		used += (size_t)snprintf(out + used, size - used, "%s%lld",
		    i ? "," : "", (long long)items[i]->id);
	cks_kb_list_free(&items, count);
}

static void
test_search(void **state)
{
	struct cks_store *store = test_store_new();
	char ids[200];

	(void)state;
	add(store, "ข่าวสาร", NULL, "การจดทะเบียนพาณิชย์");          /* 1 */
	add(store, "การจดทะเบียนพาณิชย์", "Registration", NULL);   /* 2 */
	add(store, "100% ส่วนลด", "a_b", NULL);                    /* 3 */
	found(store, "ทะเบียนพา", ids, sizeof(ids));
	assert_string_equal(ids, "2,1");   /* a title outweighs a summary */
	found(store, "REGISTRATION", ids, sizeof(ids));
	assert_string_equal(ids, "2");
	found(store, "พาณิชย์ xyz", ids, sizeof(ids));
	assert_string_equal(ids, "");      /* every word must match */
	found(store, "%", ids, sizeof(ids));
	assert_string_equal(ids, "3");     /* LIKE, the wildcard literal */
	found(store, "_", ids, sizeof(ids));
	assert_string_equal(ids, "3");
	found(store, "", ids, sizeof(ids));
	assert_string_equal(ids, "3,2,1"); /* everything, newest first */
	add(store, NULL, "axb", NULL);                            /* 4 */
	found(store, "A_B", ids, sizeof(ids));
	assert_string_equal(ids, "3");     /* a word's wildcard is literal */
	cks_store_close(&store);
}

static void
test_revision(void **state)
{
	struct cks_store *store = test_store_new();
	struct cks_kb_input in = { .title_en = "Form" };
	struct cks_kb_item *it;
	struct cks_error err;
	int64_t id = add(store, "แบบฟอร์ม", NULL, NULL);

	(void)state;
	assert_int_equal(cks_kb_edit(store, id, &in, &limits, &err), 0);
	assert_int_equal(cks_kb_edit(store, id, &in, &limits, &err), 0);
	assert_int_equal(cks_kb_set_active(store, id, 0, &err), 0);
	assert_int_equal(cks_kb_get(store, id, &it, &err), 0);
	assert_int_equal(it->revision, 2);  /* the second edit changed nothing */
	assert_int_equal(it->active, 0);
	assert_string_equal(it->title_en, "Form");
	cks_kb_item_free(&it);
	assert_int_equal(cks_kb_set_active(store, 999, 0, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_NOT_FOUND);
	cks_store_close(&store);
}

static void
test_import(void **state)
{
	struct cks_store *store = test_store_new();
	struct cks_kb_import_result r;
	struct cks_error err;
	char *good = test_path("good.csv"), *bad = test_path("bad.csv");
	char ids[200];

	(void)state;
	test_write_file(good, "\xef\xbb\xbftitle_th,summary,tags\r\n"
	    "\"ก, \"\"ข\"\"\",\"บรรทัด 1\r\nบรรทัด 2\",x\r\n"
	    "ค,,\r\n");
	assert_int_equal(cks_kb_import_csv(store, good, &limits, &r, &err), 0);
	assert_int_equal(r.added, 2);
	assert_null(r.errors);
	found(store, "บรรทัด", ids, sizeof(ids));
	assert_string_equal(ids, "1");
	/* Line 2 holds a record spanning lines 2-3; the bad URL is on 4. */
	test_write_file(bad, "title_th,url,summary\n"
	    "ง,https://a.go.th,\"x\ny\"\n"
	    "จ,nope,z\n"
	    "ฉ,https://b.go.th,\"open\n");
	assert_int_equal(cks_kb_import_csv(store, bad, &limits, &r, &err), -1);
	assert_non_null(strstr(err.message, "line 5"));   /* the open quote */
	test_write_file(bad, "title_th,url,summary\n"
	    "ง,https://a.go.th,\"x\ny\"\n"
	    "จ,nope,z\n"
	    ",https://b.go.th,w\n");
	assert_int_equal(cks_kb_import_csv(store, bad, &limits, &r, &err), -1);
	assert_int_equal(r.error_count, 2);
	assert_non_null(strstr(r.errors, "line 4, column url: 'nope'"));
	assert_non_null(strstr(r.errors, "line 5, column title_th: title"));
	free(r.errors);
	found(store, "", ids, sizeof(ids));
	assert_string_equal(ids, "2,1");   /* nothing of the bad file */
	free(good);
	free(bad);
	cks_store_close(&store);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_revision),
		cmocka_unit_test(test_import),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
