#!/bin/bash
# check-completions.sh - the committed completions/ and the manual's
# command reference match the grammar
# (regenerate with "make completions").
set -u
cd "$OVTSH_TOP"
rc=0
for sh in bash zsh; do
	f=completions/ovtsh.bash
	[ $sh = zsh ] && f=completions/_ovtsh
	if ! "$OVTSH" --completions $sh | diff -u "$f" -; then
		echo "$f is stale: run 'make completions'"
		rc=1
	fi
	[ $sh = bash ] && { bash -n "$f" || rc=1; }
done
# the manual's command reference
if ! awk '/^\.\\" BEGIN COMMAND REFERENCE/ { on = 1; next }
	  /^\.\\" END COMMAND REFERENCE/ { on = 0 } on' ovtsh.1 |
	diff -u - <("$OVTSH" --completions man); then
	echo "ovtsh.1's COMMAND REFERENCE is stale: run 'make completions'"
	rc=1
fi
exit $rc
