#!/bin/bash
# run.sh - every benchmark of tests/bench/, one after the other ("make
# bench").  Each prints ovtsh against its peer measured in the same run.
set -u
cd "$(dirname "$0")/../.."
export OVTSH_BUILD=${OVTSH_BUILD:-build}
case $OVTSH_BUILD in /*) ;; *) OVTSH_BUILD="$PWD/$OVTSH_BUILD" ;; esac
export OVTSH="$OVTSH_BUILD/ovtsh" OVTSH_TOP="$PWD"
rc=0
for b in tests/bench/*.sh; do
	[ "$(basename "$b")" = run.sh ] && continue
	[ -x "$b" ] || continue
	echo "=== $b"
	"$b" || rc=1
done
exit $rc
