/* The basket as an agent uses it: items with a title and a link or a
 * file, each change a new revision, confirmation of exact contents, and
 * refusals (limits, names, links, closed sessions) that say why. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>
#include <cmocka.h>

#include "basket.h"
#include "channels.h"
#include "client.h"
#include "clock.h"
#include "session.h"
#include "store.h"
#include "testhelp.h"

static struct cks_channels *channels;

struct fixture {
	struct cks_store *store;
	int64_t session;
	struct cks_basket_limits limits;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct cks_client_input client = { .name = "สมชาย ใจดี", .lang = "th" };
	struct cks_error err;
	int64_t client_id;

	if (f == NULL)
		return -1;
	test_clock_fake();
	f->store = test_store_new();
	if (cks_client_add(f->store, &client, &client_id, &err) < 0 ||
	    cks_session_open(f->store, channels, "counter", client_id, "Napa", 0,
	    &f->session, &err) < 0)
		fail_msg("%s", err.message);
	f->limits.max_items = 3;
	f->limits.max_file_bytes = 1000;
	f->limits.max_total_bytes = 1500;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	cks_store_close(&f->store);
	free(f);
	test_clock_real();
	return 0;
}

static struct cks_basket *
get(struct fixture *f)
{
	struct cks_basket *b = NULL;
	struct cks_error err;

	if (cks_basket_get(f->store, f->session, &b, &err) < 0)
		fail_msg("cks_basket_get: %s", err.message);
	return b;
}

static int64_t
add_ok(struct fixture *f, const struct cks_basket_item_input *in)
{
	struct cks_error err;
	int64_t id = 0;

	if (cks_basket_add(f->store, f->session, in, &f->limits, &id, &err) < 0)
		fail_msg("cks_basket_add: %s", err.message);
	return id;
}

static void
add_refused(struct fixture *f, const struct cks_basket_item_input *in,
	    const char *why)
{
	struct cks_error err;
	int64_t id = 0;

	memset(&err, 0, sizeof(err));
	assert_int_equal(cks_basket_add(f->store, f->session, in, &f->limits,
	    &id, &err), -1);
	if (strstr(err.message, why) == NULL)
		fail_msg("refused with '%s', want '%s'", err.message, why);
}

static void
test_items_revisions_and_confirmation(void **state)
{
	struct fixture *f = *state;
	struct cks_basket_item_input link = {
		.title_th = "ตลาดทุเรียนจีน", .url = "https://example.invalid/kb/1",
	};
	struct cks_basket_item_input file = {
		.title_en = "Price list", .data = (const unsigned char *)"%PDF-1.4 x",
		.size = 10, .filename = "prices.pdf",
	};
	struct cks_basket *b;
	struct cks_error err;
	int64_t first, second, at;
	unsigned char *data;
	size_t size;

	b = get(f);
	assert_int_equal(b->count, 0);
	assert_int_equal(b->revision, 0);
	cks_basket_free(&b);
	assert_int_equal(cks_basket_confirm(f->store, f->session, 0, &err), -1);
	assert_non_null(strstr(err.message, "is empty: nothing to confirm"));

	at = cks_now_ms();
	first = add_ok(f, &link);
	test_clock_advance(1000);
	second = add_ok(f, &file);
	b = get(f);
	assert_int_equal(b->count, 2);
	assert_int_equal(b->revision, 2);
	assert_string_equal(b->items[0].title_th, "ตลาดทุเรียนจีน");
	assert_string_equal(b->items[0].url, "https://example.invalid/kb/1");
	assert_int_equal(b->items[0].attachment_id, 0);
	assert_int_equal(b->items[0].added_ms, at);
	assert_string_equal(b->items[1].filename, "prices.pdf");
	assert_string_equal(b->items[1].content_type, "application/pdf");
	assert_int_equal(b->items[1].size, 10);
	assert_int_equal(b->attachment_bytes, 10);
	assert_false(cks_basket_is_confirmed(b));
	/* The stored bytes are the file's. */
	assert_int_equal(cks_basket_attachment_data(f->store,
	    b->items[1].attachment_id, &data, &size, &err), 0);
	assert_int_equal(size, 10);
	assert_memory_equal(data, "%PDF-1.4 x", 10);
	free(data);
	cks_basket_free(&b);

	assert_int_equal(cks_basket_confirm(f->store, f->session, 0, &err), 0);
	b = get(f);
	assert_true(cks_basket_is_confirmed(b));
	assert_int_equal(b->confirmed_revision, 2);
	assert_int_equal(b->confirmed_ms, cks_now_ms());
	cks_basket_free(&b);

	/* A change after the confirmation needs a new one. */
	assert_int_equal(cks_basket_remove(f->store, f->session, first, &err), 0);
	b = get(f);
	assert_int_equal(b->count, 1);
	assert_int_equal(b->items[0].id, second);
	assert_int_equal(b->revision, 3);
	assert_false(cks_basket_is_confirmed(b));
	cks_basket_free(&b);
	assert_int_equal(cks_basket_remove(f->store, f->session, first, &err), -1);
	assert_non_null(strstr(err.message, "has no item"));
}

static void
test_refusals_say_why(void **state)
{
	struct fixture *f = *state;
	struct cks_basket_item_input in;
	unsigned char big[1001];

	memset(&in, 0, sizeof(in));
	in.url = "https://example.invalid/";
	add_refused(f, &in, "title");
	in.title_th = "หัวข้อ";
	in.url = "javascript:alert(1)";
	add_refused(f, &in, "is not an http:// or https:// link");
	in.url = "https://example.invalid/a b";
	add_refused(f, &in, "without spaces");

	memset(&in, 0, sizeof(in));
	in.title_en = "file";
	memset(big, 'x', sizeof(big));
	in.data = big;
	in.size = sizeof(big);
	in.filename = "big.txt";
	add_refused(f, &in, "over the limit of 1000 bytes per attachment");
	in.size = 0;
	add_refused(f, &in, "is empty");
	in.size = 10;
	in.filename = "../etc/passwd";
	add_refused(f, &in, "file name");
	in.filename = "invoice\xe2\x80\xaetxt.exe";     /* U+202E */
	add_refused(f, &in, "file name");
	in.filename = NULL;
	add_refused(f, &in, "attachment bytes need a file name");
}

static void
test_limits_on_items_and_total(void **state)
{
	struct fixture *f = *state;
	struct cks_basket_item_input in;
	unsigned char bytes[800];

	memset(bytes, 'x', sizeof(bytes));
	memset(&in, 0, sizeof(in));
	in.title_en = "a";
	in.data = bytes;
	in.size = sizeof(bytes);
	in.filename = "a.txt";
	add_ok(f, &in);
	in.filename = "b.txt";
	add_refused(f, &in, "would total 1600 bytes, over the limit of 1500");
	memset(&in, 0, sizeof(in));
	in.title_en = "link";
	in.url = "https://example.invalid/";
	add_ok(f, &in);
	add_ok(f, &in);
	add_refused(f, &in, "already holds 3 items, the limit");
}

static void
test_closed_session_basket_is_fixed(void **state)
{
	struct fixture *f = *state;
	struct cks_basket_item_input in = {
		.title_en = "link", .url = "https://example.invalid/",
	};
	struct cks_error err;
	int64_t id = add_ok(f, &in);

	if (cks_session_close(f->store, f->session, "done", NULL, 0, &err) < 0)
		fail_msg("cks_session_close: %s", err.message);
	add_refused(f, &in, "is closed: its basket can no longer change");
	assert_int_equal(cks_basket_remove(f->store, f->session, id, &err), -1);
	assert_non_null(strstr(err.message, "is closed"));
}

static void
test_names_and_types(void **state)
{
	struct cks_error err;

	(void)state;
	assert_int_equal(cks_basket_check_name("ราคา 2569.pdf", NULL, &err), 0);
	assert_int_equal(cks_basket_check_name("a/b.pdf", NULL, &err), -1);
	assert_int_equal(cks_basket_check_name("..", NULL, &err), -1);
	assert_int_equal(cks_basket_check_name("x\xe2\x81\xa6y.pdf", NULL, &err), -1);
	assert_string_equal(cks_basket_detect_type("a.bin",
	    (const unsigned char *)"%PDF-1.7", 8), "application/pdf");
	assert_string_equal(cks_basket_detect_type("photo.png",
	    (const unsigned char *)"\x89PNG\r\n\x1a\n", 8), "image/png");
}

static int
setup_group(void **state)
{
	(void)state;
	channels = test_channels_load();
	return 0;
}

static int
teardown_group(void **state)
{
	(void)state;
	cks_channels_free(&channels);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_items_revisions_and_confirmation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals_say_why, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_limits_on_items_and_total,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_closed_session_basket_is_fixed, setup, teardown),
		cmocka_unit_test(test_names_and_types),
	};

	return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
