#!/bin/bash
# golden.sh FILE.in - replay FILE.in with "ovtsh -x -k" and compare the
# screen (stdout and stderr, interleaved) with FILE.out.
# OVTSH_GOLDEN_UPDATE=1 rewrites FILE.out instead (review the diff!).
set -u
in=$1 exp=${1%.in}.out
dir=$(dirname "$in")
got=$(mktemp)
# Transcripts create real objects under their own lab; whatever a failing
# transcript leaves behind is cleared.
export OVTSH_LAB=golden$$
trap '"$OVTSH" -c "clear lab" >/dev/null 2>&1; rm -f "$got"' EXIT
# Run from the fixture's folder so FILE:LINE: messages name it short.
# A transcript whose first line is "! golden: -i" shows errors the way the
# REPL does (caret and "% ").
flags=(-x -k)
head -n 1 "$in" | grep -q '^! golden: -i' && flags+=(-i)
(cd "$dir" && "$OVTSH" "${flags[@]}" -f "$(basename "$in")" >"$got" 2>&1)
echo "exit $?" >>"$got"
if [ "${OVTSH_GOLDEN_UPDATE:-0}" = 1 ]; then
	cp "$got" "$exp"
	exit 0
fi
diff -u "$exp" "$got"
