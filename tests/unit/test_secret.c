/* Secret files: read only when nobody else may read them, whole, and a
 * credentials file as exactly a user line and a password line. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "secret.h"
#include "testhelp.h"

static char *
secret_file(const char *name, const char *text, mode_t mode)
{
	char *path = test_path(name);

	test_write_file(path, text);
	assert_int_equal(chmod(path, mode), 0);
	return path;
}

static void
test_private_file_is_read_whole(void **state)
{
	unsigned char buf[64];
	struct cks_error err;
	size_t len;
	char *path = secret_file("key", "0123456789abcdef\n", 0600);

	(void)state;
	if (cks_secret_read_file(path, buf, sizeof(buf), &len, &err) != 0)
		fail_msg("cks_secret_read_file: %s", err.message);
	assert_int_equal(len, 17);
	assert_memory_equal(buf, "0123456789abcdef\n", 17);
	/* Exactly the size fits. */
	if (cks_secret_read_file(path, buf, 17, &len, &err) != 0)
		fail_msg("cks_secret_read_file: %s", err.message);
	assert_int_equal(len, 17);
	free(path);
}

static void
test_longer_than_the_buffer_is_refused_and_wiped(void **state)
{
	unsigned char buf[8];
	struct cks_error err;
	size_t len = 99;
	char *path = secret_file("long", "0123456789", 0600);

	(void)state;
	assert_int_equal(cks_secret_read_file(path, buf, sizeof(buf), &len,
	    &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, "longer than 8 bytes"));
	assert_int_equal(len, 0);
	for (size_t i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0);
	free(path);
}

static void
test_readable_by_others_is_refused(void **state)
{
	unsigned char buf[64];
	struct cks_error err;
	size_t len;
	char *group = secret_file("group", "x", 0640);
	char *world = secret_file("world", "x", 0604);

	(void)state;
	assert_int_equal(cks_secret_read_file(group, buf, sizeof(buf), &len,
	    &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, "mode 640"));
	assert_non_null(strstr(err.message, "chmod 600"));
	assert_non_null(strstr(err.message, group));
	assert_int_equal(cks_secret_open(world, &err), -1);
	assert_non_null(strstr(err.message, "mode 604"));
	free(group);
	free(world);
}

static void
test_missing_and_not_regular(void **state)
{
	struct cks_error err;
	char *missing = test_path("no-such-secret");

	(void)state;
	assert_int_equal(cks_secret_open(missing, &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_NOT_FOUND);
	assert_non_null(strstr(err.message, missing));
	assert_int_equal(cks_secret_open(test_scratch_dir(), &err), -1);
	assert_int_equal(err.kind, CKS_ERROR_INVALID);
	assert_non_null(strstr(err.message, "not a regular file"));
	free(missing);
}

static void
test_credentials_two_lines(void **state)
{
	char user[32], password[32];
	struct cks_error err;
	char *lf = secret_file("cred-lf", "agent\ns3cret pass\n", 0600);
	char *crlf = secret_file("cred-crlf", "agent\r\ns3cret pass\r\n", 0600);
	char *bare = secret_file("cred-bare", "agent\ns3cret pass", 0600);

	(void)state;
	if (cks_secret_read_credentials(lf, user, sizeof(user), password,
	    sizeof(password), &err) != 0)
		fail_msg("%s", err.message);
	assert_string_equal(user, "agent");
	assert_string_equal(password, "s3cret pass");
	if (cks_secret_read_credentials(crlf, user, sizeof(user), password,
	    sizeof(password), &err) != 0)
		fail_msg("%s", err.message);
	assert_string_equal(user, "agent");
	assert_string_equal(password, "s3cret pass");
	if (cks_secret_read_credentials(bare, user, sizeof(user), password,
	    sizeof(password), &err) != 0)
		fail_msg("%s", err.message);
	assert_string_equal(password, "s3cret pass");
	free(lf);
	free(crlf);
	free(bare);
}

static void
test_credentials_refused_and_wiped(void **state)
{
	char user[8], password[8];
	struct cks_error err;
	char *one = secret_file("cred-one", "agent\n", 0600);
	char *empty_pw = secret_file("cred-empty", "agent\n\n", 0600);
	char *too_long = secret_file("cred-long", "agent\npassword-too-long\n", 0600);
	char *open_mode = secret_file("cred-open", "agent\npw\n", 0644);

	(void)state;
	assert_int_equal(cks_secret_read_credentials(one, user, sizeof(user),
	    password, sizeof(password), &err), -1);
	assert_non_null(strstr(err.message, "password on line 2"));
	assert_int_equal(cks_secret_read_credentials(empty_pw, user,
	    sizeof(user), password, sizeof(password), &err), -1);
	/* A line that does not fit is an error, not a password cut short;
	 * the user name read before it is wiped too. */
	assert_int_equal(cks_secret_read_credentials(too_long, user,
	    sizeof(user), password, sizeof(password), &err), -1);
	assert_non_null(strstr(err.message, "at most 7 bytes"));
	assert_int_equal(user[0], '\0');
	assert_int_equal(password[0], '\0');
	assert_int_equal(cks_secret_read_credentials(open_mode, user,
	    sizeof(user), password, sizeof(password), &err), -1);
	assert_non_null(strstr(err.message, "readable by others"));
	assert_int_equal(cks_secret_read_credentials(NULL, user, sizeof(user),
	    password, sizeof(password), &err), -1);
	free(one);
	free(empty_pw);
	free(too_long);
	free(open_mode);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_private_file_is_read_whole),
		cmocka_unit_test(test_longer_than_the_buffer_is_refused_and_wiped),
		cmocka_unit_test(test_readable_by_others_is_refused),
		cmocka_unit_test(test_missing_and_not_regular),
		cmocka_unit_test(test_credentials_two_lines),
		cmocka_unit_test(test_credentials_refused_and_wiped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
