#!/bin/bash
# man-commands.sh MAN GENERATED - replace the command reference of the
# manual MAN (the lines between the BEGIN and END COMMAND REFERENCE
# markers) with GENERATED ("ovtsh --completions man").  "make completions"
# runs it; check-completions.sh checks the manual is current.
set -eu
man=$1 gen=$2
grep -q '^\.\\" BEGIN COMMAND REFERENCE' "$man" ||
	{ echo "$man: no BEGIN COMMAND REFERENCE marker" >&2; exit 1; }
tmp=$(mktemp "$man.XXXXXX")
trap 'rm -f "$tmp"' EXIT
awk -v gen="$gen" '
	/^\.\\" BEGIN COMMAND REFERENCE/ { print; while ((getline l < gen) > 0) print l; skip = 1; next }
	/^\.\\" END COMMAND REFERENCE/ { skip = 0 }
	!skip' "$man" >"$tmp"
chmod --reference="$man" "$tmp"
mv "$tmp" "$man"
trap - EXIT
