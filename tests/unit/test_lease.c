/* Claimant ids and named leases (issue 15): who holds a claim, when a
 * holder counts as gone, and that a lease is taken over once it has
 * passed and never a millisecond before (the library's clock faked). */
#include "autoconfig.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "clock.h"
#include "lease.h"
#include "store.h"
#include "testhelp.h"

static int
setup(void **state)
{
	test_clock_fake();
	*state = test_store_new();
	return *state != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	struct cks_store *store = *state;

	cks_store_close(&store);
	test_clock_real();
	return 0;
}

/* "name:pid:start", the name set before the first id is made. */
static void
test_claimant_id_names_this_process(void **state)
{
	const char *id;
	char pid[32];

	(void)state;
	cks_claimant_set_name("gw-test");
	id = cks_claimant_id();
	snprintf(pid, sizeof(pid), ":%ld:", (long)getpid());
	assert_true(strncmp(id, "gw-test:", 8) == 0);
	assert_non_null(strstr(id, pid));
	/* The start time is there and not zero (this is Linux, with /proc). */
	assert_true(strtoull(strrchr(id, ':') + 1, NULL, 10) > 0);
	/* A later name (a reload) does not rename our claims. */
	cks_claimant_set_name("other");
	assert_string_equal(cks_claimant_id(), id);
	assert_false(cks_claimant_gone(id));
}

static void
test_gone_only_when_provably_dead(void **state)
{
	char id[CKS_CLAIMANT_MAX], mine[CKS_CLAIMANT_MAX];
	const char *start;
	pid_t dead;

	(void)state;
	cks_claimant_set_name("gw-test");
	snprintf(mine, sizeof(mine), "%s", cks_claimant_id());
	start = strrchr(mine, ':') + 1;
	dead = fork();
	assert_true(dead >= 0);
	if (dead == 0)
		_exit(0);
	assert_int_equal(waitpid(dead, NULL, 0), dead);

	/* Our gateway, a pid that no longer runs: gone. */
	snprintf(id, sizeof(id), "gw-test:%ld:%s", (long)dead, start);
	assert_true(cks_claimant_gone(id));
	/* The same pid under another gateway's name: only its lease tells. */
	snprintf(id, sizeof(id), "gw-elsewhere:%ld:%s", (long)dead, start);
	assert_false(cks_claimant_gone(id));
	/* A live pid (our parent) started at another time: that pid was
	 * reused, the claimant is gone. */
	snprintf(id, sizeof(id), "gw-test:%ld:1", (long)getppid());
	assert_true(cks_claimant_gone(id));
	/* An old "host:pid" claim of a live process: kept. */
	snprintf(id, sizeof(id), "gw-test:%ld", (long)getppid());
	assert_false(cks_claimant_gone(id));
	assert_false(cks_claimant_gone("gw-test"));
	assert_false(cks_claimant_gone(NULL));
}

static void
test_named_lease_taken_over_only_after_expiry(void **state)
{
	struct cks_store *store = *state;
	struct cks_error err;
	int taken;

	assert_int_equal(cks_lease_take(store, "imap:desk@example", "gw-a:1:1",
	    60000, &taken, &err), 0);
	assert_int_equal(taken, 1);
	/* B is refused while A's lease stands, to the last millisecond. */
	assert_int_equal(cks_lease_take(store, "imap:desk@example", "gw-b:2:2",
	    60000, &taken, &err), 0);
	assert_int_equal(taken, 0);
	test_clock_advance(59999);
	assert_int_equal(cks_lease_take(store, "imap:desk@example", "gw-b:2:2",
	    60000, &taken, &err), 0);
	assert_int_equal(taken, 0);
	/* A renews: another minute from now. */
	assert_int_equal(cks_lease_take(store, "imap:desk@example", "gw-a:1:1",
	    60000, &taken, &err), 0);
	assert_int_equal(taken, 1);
	test_clock_advance(59999);
	assert_int_equal(cks_lease_take(store, "imap:desk@example", "gw-b:2:2",
	    60000, &taken, &err), 0);
	assert_int_equal(taken, 0);
	/* A stops renewing (it died): B takes over when the lease passes. */
	test_clock_advance(1);
	assert_int_equal(cks_lease_take(store, "imap:desk@example", "gw-b:2:2",
	    60000, &taken, &err), 0);
	assert_int_equal(taken, 1);
	assert_int_equal(cks_lease_take(store, "imap:desk@example", "gw-a:1:1",
	    60000, &taken, &err), 0);
	assert_int_equal(taken, 0);
	/* Another account is another lease. */
	assert_int_equal(cks_lease_take(store, "pop3:other@example", "gw-a:1:1",
	    60000, &taken, &err), 0);
	assert_int_equal(taken, 1);
	/* Given back, it is free at once; a release by a non-holder is a
	 * no-op. */
	assert_int_equal(cks_lease_release(store, "imap:desk@example",
	    "gw-a:1:1", &err), 0);
	assert_int_equal(cks_lease_take(store, "imap:desk@example", "gw-c:3:3",
	    60000, &taken, &err), 0);
	assert_int_equal(taken, 0);
	assert_int_equal(cks_lease_release(store, "imap:desk@example",
	    "gw-b:2:2", &err), 0);
	assert_int_equal(cks_lease_take(store, "imap:desk@example", "gw-c:3:3",
	    60000, &taken, &err), 0);
	assert_int_equal(taken, 1);
}

/* A lease of a dead daemon of our own gateway need not be waited out. */
static void
test_named_lease_of_gone_holder_taken_at_once(void **state)
{
	struct cks_store *store = *state;
	char id[CKS_CLAIMANT_MAX];
	struct cks_error err;
	pid_t dead;
	int taken;

	cks_claimant_set_name("gw-test");
	dead = fork();
	assert_true(dead >= 0);
	if (dead == 0)
		_exit(0);
	assert_int_equal(waitpid(dead, NULL, 0), dead);
	snprintf(id, sizeof(id), "gw-test:%ld:%s", (long)dead,
	    strrchr(cks_claimant_id(), ':') + 1);
	assert_int_equal(cks_lease_take(store, "imap:x", id, 300000, &taken,
	    &err), 0);
	assert_int_equal(taken, 1);
	assert_int_equal(cks_lease_take(store, "imap:x", cks_claimant_id(),
	    300000, &taken, &err), 0);
	assert_int_equal(taken, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_claimant_id_names_this_process,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_gone_only_when_provably_dead,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_named_lease_taken_over_only_after_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_named_lease_of_gone_holder_taken_at_once, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
