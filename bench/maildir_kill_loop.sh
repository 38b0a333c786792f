#!/bin/sh
# The maildir kill -9 loop at the issue's size (issue 11, point 3): 4,000
# messages, inbox run killed at random moments, then a finishing run.
# Run from a configured build tree: sh bench/maildir_kill_loop.sh [N] [KILLS]
set -e
cd "$(dirname "$0")/.."
CKS_KILL_LOOP_MESSAGES=${1:-4000} CKS_KILL_LOOP_KILLS=${2:-100} \
	make check TESTS=tests/e2e/test_intake_crash.sh
cat tests/e2e/test_intake_crash.log
