#!/bin/bash
# run.sh - the test runner behind "make check".
#
#   tests/run.sh [unit|lint|golden|integration]...   (default: all)
#
# Every test is a program: exit 0 passes, 77 skips (its last output line
# says why), anything else fails.  The last line is the closing line CI
# reads: "N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/.."
export OVTSH_BUILD=${OVTSH_BUILD:-build}
case $OVTSH_BUILD in /*) ;; *) OVTSH_BUILD="$PWD/$OVTSH_BUILD" ;; esac
export OVTSH="$OVTSH_BUILD/ovtsh"
export TZ=UTC        # transcripts print timestamps
export OVTSH_TOP="$PWD"
export OVTSH_HOME_TEST=$(mktemp -d /tmp/ovtsh-home.XXXXXX)
export HOME="$OVTSH_HOME_TEST"     # history files go here, not to ~root
TIMEOUT=${OVTSH_TEST_TIMEOUT:-600}
pass=0 fail=0 skip=0 failed_names=()
log=$(mktemp /tmp/ovtsh-test.XXXXXX)
trap 'rm -rf "$log" "$OVTSH_HOME_TEST"' EXIT

run_one() {            # name, command...
	local name=$1 rc start secs; shift
	start=${EPOCHREALTIME/./}
	timeout -k 10 "$TIMEOUT" "$@" >"$log" 2>&1 </dev/null
	rc=$?
	secs=$(( (${EPOCHREALTIME/./} - start) / 100000 ))   # tenths
	secs="$((secs / 10)).$((secs % 10))"
	case $rc in
	0)  pass=$((pass + 1)); echo "PASS $name (${secs}s)" ;;
	77) skip=$((skip + 1)); echo "SKIP $name: $(tail -n 1 "$log")" ;;
	*)  fail=$((fail + 1)); failed_names+=("$name")
	    echo "FAIL $name (exit $rc, ${secs}s)"
	    sed 's/^/    | /' "$log" | tail -n 60 ;;
	esac
}

want() { [ $# -eq 0 ] || [[ " $* " == *" $suite "* ]]; }
args=("$@")

suite=unit
if want "${args[@]}"; then
	for t in "$OVTSH_BUILD"/tests/test_*; do
		[ -x "$t" ] && run_one "unit/$(basename "$t")" "$t"
	done
fi
suite=lint
if want "${args[@]}"; then
	run_one "lint/grammar" "$OVTSH" --lint-grammar
	run_one "lint/completions" tests/tools/check-completions.sh
	for t in tests/lint/*.sh; do
		[ -x "$t" ] && run_one "lint/$(basename "$t" .sh)" "$t"
	done
fi
suite=golden
if want "${args[@]}"; then
	for t in tests/golden/*.in; do
		[ -e "$t" ] && run_one "golden/$(basename "$t" .in)" \
			tests/tools/golden.sh "$t"
	done
fi
suite=integration
if want "${args[@]}"; then
	for t in tests/integration/*.sh; do
		[ -x "$t" ] && run_one "integration/$(basename "$t" .sh)" "$t"
	done
fi

if [ ${#failed_names[@]} -gt 0 ]; then
	echo "failed: ${failed_names[*]}"
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
