#!/bin/bash
# check-completions.sh - the committed completions/ match the grammar
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
exit $rc
