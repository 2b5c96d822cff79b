#!/bin/bash
# manpage.sh - ovtsh.1 documents every option "ovtsh --help" shows (the
# commands are checked by unit/test_manpage and the generated COMMAND
# REFERENCE by lint/completions).
set -u
cd "${OVTSH_TOP:-$(dirname "$0")/../..}"
rc=0
opts=$("$OVTSH" --help | grep -oE '(^|[[ ,])--?[a-zA-Z][-a-zA-Z]*' | sed 's/^[[ ,]//' | sort -u)
[ -n "$opts" ] || { echo "no options read from ovtsh --help"; exit 1; }
for o in $opts; do
	esc=${o//-/\\\\-}          # groff writes - as \-
	if ! grep -qE "(\\\\fB|^\.B[IR]? |^\.BR? .*)\"?$esc([^a-zA-Z-]|$)" ovtsh.1; then
		echo "ovtsh.1 does not document option $o"
		rc=1
	fi
done
exit $rc
