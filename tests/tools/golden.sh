#!/bin/bash
# golden.sh FILE.in - replay FILE.in with "ovtsh -x -k" and compare the
# screen (stdout and stderr, interleaved) with FILE.out.
# OVTSH_GOLDEN_UPDATE=1 rewrites FILE.out instead (review the diff!).
set -u
in=$1 exp=${1%.in}.out
dir=$(dirname "$in")
got=$(mktemp)
trap 'rm -f "$got"' EXIT
# Run from the fixture's folder so FILE:LINE: messages name it short.
(cd "$dir" && "$OVTSH" -x -k -f "$(basename "$in")" >"$got" 2>&1)
echo "exit $?" >>"$got"
if [ "${OVTSH_GOLDEN_UPDATE:-0}" = 1 ]; then
	cp "$got" "$exp"
	exit 0
fi
diff -u "$exp" "$got"
